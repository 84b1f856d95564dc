import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, createCluster, defaultNodes, dispatch, KObject } from '../index';
import { Cluster } from '../cluster';
import { ipToNumber } from './service-alloc';

const cluster = () => createCluster({ seed: 3, nodes: defaultNodes(1) });
const svc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
function send(c: Cluster, a: Action): Cluster {
  const r = dispatch(c, a);
  assert.ok(r.outcome.ok, !r.outcome.ok ? r.outcome.status.message : '');
  return r.cluster;
}
const get = (c: Cluster, name: string) => c.store.objects.get(`Service/default/${name}`)!;

test('a ClusterIP is drawn from 10.96.0.0/12 above the static band, differently per Service, the same per seed', () => {
  let c = cluster();
  for (let i = 0; i < 20; i++) c = send(c, { type: 'create', object: svc(`s${i}`, {}) });
  const ips = Array.from({ length: 20 }, (_, i) => get(c, `s${i}`).spec.clusterIP as string);
  assert.equal(new Set(ips).size, 20);
  for (const ip of ips) {
    const n = ipToNumber(ip);
    assert.ok(n >= ipToNumber('10.96.1.1') && n < ipToNumber('10.111.255.255'), ip);
  }
  let again = cluster();
  for (let i = 0; i < 20; i++) again = send(again, { type: 'create', object: svc(`s${i}`, {}) });
  assert.equal(get(again, 's7').spec.clusterIP, ips[7], 'the same seed, the same IPs');
  assert.deepEqual(get(c, 's0').spec.clusterIPs, [ips[0]]);
  assert.deepEqual([get(c, 's0').spec.ipFamilies, get(c, 's0').spec.ipFamilyPolicy], [['IPv4'], 'SingleStack']);
});

test('node ports: drawn above 30085 unless asked for; an update keeps them; leaving NodePort releases them', () => {
  let c = send(cluster(), { type: 'create', object: svc('np', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30001 }] }) });
  const [a, b] = get(c, 'np').spec.ports;
  assert.ok(a.nodePort >= 30086 && a.nodePort <= 32767, String(a.nodePort));
  assert.equal(b.nodePort, 30001, 'an explicit port may come from the static band');
  // a PUT without the allocated values (what `kubectl replace` of the manifest sends) keeps them
  const live = get(c, 'np');
  const bare = { ...live, spec: { ...live.spec, clusterIP: undefined, clusterIPs: undefined, ports: [{ name: 'a', port: 80, protocol: 'TCP', targetPort: 80 }, { name: 'b', port: 81, protocol: 'TCP', targetPort: 81 }] } };
  c = send(c, { type: 'replace', object: bare });
  assert.deepEqual(get(c, 'np').spec.ports.map((p: { nodePort: number }) => p.nodePort), [a.nodePort, 30001]);
  assert.equal(get(c, 'np').spec.clusterIP, live.spec.clusterIP);
  c = send(c, { type: 'patch', ref: { kind: 'Service', name: 'np' }, patchType: 'merge', patch: { spec: { type: 'ClusterIP' } } });
  assert.deepEqual(get(c, 'np').spec.ports.map((p: { nodePort?: number }) => p.nodePort), [undefined, undefined]);
  // the released port can be asked for again
  c = send(c, { type: 'create', object: svc('again', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }) });
});

test('explicit values are checked: out of range, taken, not an IP; an allocated ClusterIP cannot change', () => {
  let c = send(cluster(), { type: 'create', object: svc('fixed', { clusterIP: '10.96.0.10' }) });
  const fail = (o: KObject) => {
    const r = dispatch(c, { type: 'create', object: o });
    assert.ok(!r.outcome.ok);
    return r.outcome.status.message;
  };
  assert.equal(fail(svc('dup', { clusterIP: '10.96.0.10' })), 'Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
  assert.equal(
    fail(svc('far', { clusterIP: '10.0.0.1' })),
    'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  );
  assert.equal(fail(svc('hi', { type: 'NodePort', ports: [{ port: 80, nodePort: 32768 }] })), 'Service "hi" is invalid: spec.ports[0].nodePort: Invalid value: 32768: provided port is not in the valid range. The range of valid ports is 30000-32767');
  assert.equal(fail(svc('cip', { ports: [{ port: 80, nodePort: 30500 }] })), "Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  assert.equal(fail(svc('hl', { type: 'NodePort', clusterIP: 'None' })), "Service \"hl\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services");
  const r = dispatch(c, { type: 'patch', ref: { kind: 'Service', name: 'fixed' }, patchType: 'merge', patch: { spec: { clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'] } } });
  assert.ok(!r.outcome.ok);
  assert.equal(r.outcome.status.message, 'Service "fixed" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.11": field is immutable');
  c = send(c, { type: 'create', object: svc('headless', { clusterIP: 'None', ports: [] }) });
  assert.deepEqual(get(c, 'headless').spec.clusterIPs, ['None']);
});
