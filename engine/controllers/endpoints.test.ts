import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { removeObject } from '../store/store';
import { endpointsController as epc, endpointSubsets, servicesForPod } from './endpoints';
import { holding, pod, service } from './test-support';

const T0 = DEFAULT_START;
const NAME = 'endpoint-controller';
const KEY = 'Service/default/web';

const subsets = (c: Cluster, key = KEY) => endpointSubsets(c, c.store.objects.get(key)!);
const address = (p: KObject, extra: Record<string, unknown> = {}) => ({
  ip: p.status.podIP,
  ...extra,
  ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
  targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
});
const HTTP = { name: 'http', port: 8080, protocol: 'TCP' };

// ---------------------------------------------------------------------------------------------
// endpointSubsets

test('the selected pods with an IP: ready ones under addresses, the others under notReadyAddresses, sorted by IP as numbers', () => {
  const a = pod('a', { ip: '10.0.0.12' });
  const b = pod('b', { ip: '10.0.0.3', ready: false });
  const c3 = pod('c', { ip: '10.0.0.9' });
  const d = pod('d', { ip: '10.0.0.100', ready: false });
  const c = holding(service('web'), a, b, c3, d, pod('no-ip', { ip: null }), pod('other', { labels: { app: 'db' } }), pod('elsewhere', { namespace: 'ns1' }));
  assert.deepEqual(subsets(c), [{ addresses: [address(c3), address(a)], notReadyAddresses: [address(b), address(d)], ports: [HTTP] }]);
});

test('equal IPs are ordered by pod uid', () => {
  // names (the listing order) opposite to the uids
  const uid = (u: string) => ({ metadata: { uid: u } });
  const c = holding(service('web'), pod('a', { ip: '10.0.0.5', ...uid('u4') }), pod('b', { ip: '10.0.0.5', ...uid('u3') }), pod('c', { ip: '10.0.0.5', ready: false, ...uid('u2') }), pod('d', { ip: '10.0.0.5', ready: false, ...uid('u1') }));
  const s = subsets(c)[0] as { addresses: { targetRef: { uid: string } }[]; notReadyAddresses: { targetRef: { uid: string } }[] };
  assert.deepEqual(s.addresses.map((a) => a.targetRef.uid), ['u3', 'u4']);
  assert.deepEqual(s.notReadyAddresses.map((a) => a.targetRef.uid), ['u1', 'u2']);
});

test('a terminating pod is left out, unless the Service publishes not-ready addresses; then every pod is ready', () => {
  const going = pod('going', { ip: '10.0.0.7', metadata: { deletionTimestamp: timestamp(T0) } });
  const unready = pod('unready', { ip: '10.0.0.8', ready: false });
  assert.deepEqual(subsets(holding(service('web'), going, unready)), [{ notReadyAddresses: [address(unready)], ports: [HTTP] }]);
  assert.deepEqual(subsets(holding(service('web', { publishNotReadyAddresses: true }), going, unready)), [{ addresses: [address(going), address(unready)], ports: [HTTP] }]);
});

test('a finished pod is left out by its restart policy: Never after either end, OnFailure after success, Always never', () => {
  const c = holding(
    service('web'),
    pod('never-failed', { ip: '10.0.0.1', restartPolicy: 'Never', phase: 'Failed', ready: false }),
    pod('never-ok', { ip: '10.0.0.2', restartPolicy: 'Never', phase: 'Succeeded', ready: false }),
    pod('onfailure-failed', { ip: '10.0.0.3', restartPolicy: 'OnFailure', phase: 'Failed', ready: false }),
    pod('onfailure-ok', { ip: '10.0.0.4', restartPolicy: 'OnFailure', phase: 'Succeeded', ready: false }),
    pod('always-failed', { ip: '10.0.0.5', restartPolicy: 'Always', phase: 'Failed', ready: false }),
  );
  const s = subsets(c)[0] as { notReadyAddresses: { ip: string }[] };
  assert.deepEqual(s.notReadyAddresses.map((a) => a.ip), ['10.0.0.3', '10.0.0.5']);
});

test('each Service port resolves per pod: a number is itself, a name the container port of that name and protocol; the name is left out when empty', () => {
  const svc = service('web', {
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 9100, appProtocol: 'http' },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
    ],
  });
  const a = pod('a', { ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }] });
  const b = pod('b', { ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }] });
  assert.deepEqual(subsets(holding(svc, a, b)), [
    { addresses: [address(a), address(b)], ports: [HTTP, { name: 'metrics', port: 9100, protocol: 'TCP', appProtocol: 'http' }, { name: 'dns', port: 5353, protocol: 'UDP' }] },
  ]);
  const unnamed = service('web', { ports: [{ port: 80, targetPort: 8080 }] });
  assert.deepEqual(subsets(holding(unnamed, a)), [{ addresses: [address(a)], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  // a named port the pod does not have, or has with another protocol: the pod is not listed for it
  const udp = service('web', { ports: [{ name: 'http', port: 80, protocol: 'UDP', targetPort: 'http' }] });
  assert.deepEqual(subsets(holding(udp, a)), []);
});

test('pods offering different ports get a subset per set of ports', () => {
  const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 'https' }] });
  const plain = pod('plain', { ip: '10.0.0.2', ports: [{ name: 'http', containerPort: 8080 }] });
  const tls = pod('tls', { ip: '10.0.0.1', ready: false, ports: [{ name: 'https', containerPort: 8443 }] });
  assert.deepEqual(subsets(holding(svc, plain, tls)), [
    { addresses: [address(plain)], ports: [HTTP] },
    { notReadyAddresses: [address(tls)], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] },
  ]);
});

test('a headless Service without ports lists its pods in one subset without ports; a headless one with ports as usual', () => {
  const a = pod('a', { ip: '10.0.0.1', hostname: 'a', subdomain: 'web' });
  const b = pod('b', { ip: '10.0.0.2', ready: false, hostname: 'b', subdomain: 'other' });
  assert.deepEqual(subsets(holding(service('web', { clusterIP: 'None', ports: [] }), a, b)), [{ addresses: [address(a, { hostname: 'a' })], notReadyAddresses: [address(b)] }]);
  assert.deepEqual(subsets(holding(service('web', { clusterIP: 'None', ports: undefined }), a)), [{ addresses: [address(a, { hostname: 'a' })] }]);
  assert.deepEqual(subsets(holding(service('web', { clusterIP: 'None' }), a)), [{ addresses: [address(a, { hostname: 'a' })], ports: [HTTP] }]);
  assert.deepEqual(subsets(holding(service('web', { clusterIP: 'None', ports: [{ name: 'grpc', port: 81, targetPort: 'grpc' }] }), a)), [], 'with ports none of which the pod has: not listed');
  assert.deepEqual(subsets(holding(service('web', { ports: [] }), a)), [], 'a Service with a cluster IP and no ports has no endpoints');
});

test('an address carries the hostname only when the pod\'s subdomain names the Service, and the node only when it has one', () => {
  const unbound = pod('unbound', { ip: '10.0.0.3', nodeName: null, hostname: 'u' });
  const c = holding(service('web'), unbound);
  assert.deepEqual(subsets(c), [{ addresses: [{ ip: '10.0.0.3', targetRef: { kind: 'Pod', name: 'unbound', namespace: 'default', uid: 'uid-unbound' } }], ports: [HTTP] }]);
});

// ---------------------------------------------------------------------------------------------
// sync

test('a Service with a selector gets an Endpoints object of its name, with its labels and the headless marker', () => {
  const a = pod('a', { ip: '10.0.0.1' });
  const c = holding(service('web', { clusterIP: 'None' }, { labels: { tier: 'front' } }), a);
  assert.deepEqual(epc.sync(c, KEY), {
    actions: [
      {
        type: 'create',
        actor: NAME,
        object: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', labels: { tier: 'front', 'service.kubernetes.io/headless': '' } }, subsets: [{ addresses: [address(a)], ports: [HTTP] }] },
      },
    ],
  });
  // no pods, no labels: an empty Endpoints without labels or subsets
  assert.deepEqual(epc.sync(holding(service('web')), KEY), { actions: [{ type: 'create', actor: NAME, object: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' } } }] });
});

test('an Endpoints object that differs is replaced, keeping its metadata; labels the Service no longer has are dropped', () => {
  const a = pod('a', { ip: '10.0.0.1' });
  const live: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'uid-ep', resourceVersion: '9', labels: { old: 'x' } }, subsets: [{ addresses: [{ ip: '10.9.9.9' }], ports: [HTTP] }] };
  const c = holding(service('web'), a, live);
  assert.deepEqual(epc.sync(c, KEY), {
    actions: [{ type: 'replace', actor: NAME, object: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'uid-ep', resourceVersion: '9' }, subsets: [{ addresses: [address(a)], ports: [HTTP] }] } }],
  });
  // same subsets, new labels
  const relabelled = holding(service('web', {}, { labels: { tier: 'front' } }), a, { ...live, subsets: [{ addresses: [address(a)], ports: [HTTP] }] });
  assert.deepEqual(epc.sync(relabelled, KEY), {
    actions: [{ type: 'replace', actor: NAME, object: { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...live.metadata, labels: { tier: 'front' } }, subsets: [{ addresses: [address(a)], ports: [HTTP] }] } }],
  });
  // the last pod gone: the subsets go
  const emptied = holding(service('web'), { ...live, metadata: { name: 'web', namespace: 'default', uid: 'uid-ep' } });
  assert.deepEqual(epc.sync(emptied, KEY), { actions: [{ type: 'replace', actor: NAME, object: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', uid: 'uid-ep' } } }] });
});

test('nothing to do when the Endpoints are right, for a Service without a selector, or for an ExternalName one (kubernetes#105986)', () => {
  const a = pod('a', { ip: '10.0.0.1' });
  const right: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } }, subsets: [{ addresses: [address(a)], ports: [HTTP] }] };
  assert.deepEqual(epc.sync(holding(service('web', {}, { labels: { tier: 'front' } }), a, right), KEY), { actions: [] });
  const empty: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' } };
  assert.deepEqual(epc.sync(holding(service('web'), empty), KEY), { actions: [] }, 'no subsets, no labels');
  const manual: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }] }] };
  assert.deepEqual(epc.sync(holding(service('web', { selector: undefined }), a, manual), KEY), { actions: [] });
  assert.deepEqual(epc.sync(holding(service('web', { type: 'ExternalName', externalName: 'example.com' }), a), KEY), { actions: [] }, 'a selector, but ExternalName');
});

test('the Endpoints of a Service that is gone are deleted, unless marked skip-mirror (the API server\'s own)', () => {
  const ep: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'ns1' } };
  assert.deepEqual(epc.sync(holding(ep), 'Service/ns1/web'), { actions: [{ type: 'delete', actor: NAME, ref: { kind: 'Endpoints', namespace: 'ns1', name: 'web' }, ignoreNotFound: true }] });
  assert.deepEqual(epc.sync(holding(), 'Service/ns1/web'), { actions: [] });
  const c = createCluster({ seed: 1 });
  assert.ok(c.store.objects.get('Endpoints/default/kubernetes')!.metadata.labels!['endpointslice.kubernetes.io/skip-mirror']);
  assert.deepEqual(epc.sync({ ...c, store: removeObject(c.store, 'Service/default/kubernetes') }, 'Service/default/kubernetes'), { actions: [] });
});

// ---------------------------------------------------------------------------------------------
// enqueue and resync

test('the Services whose selector matches a pod before or after a change, once each, in its namespace', () => {
  const c = holding(service('web'), service('all', { selector: { tier: 'front' } }), service('db'), service('plain', { selector: undefined }), service('web', {}, {}, 'ns1'));
  const before = pod('p', { labels: { app: 'web' } });
  const after = pod('p', { labels: { app: 'db', tier: 'front' } });
  assert.deepEqual(servicesForPod(c, before, after), ['Service/default/web', 'Service/default/all', 'Service/default/db']);
  assert.deepEqual(servicesForPod(c, null, before), ['Service/default/web']);
  assert.deepEqual(servicesForPod(c, before, undefined), ['Service/default/web']);
  assert.deepEqual(servicesForPod(c, before, before), ['Service/default/web']);
  assert.deepEqual(servicesForPod(c, null, pod('p', { labels: { app: 'web' }, namespace: 'ns1' })), ['Service/ns1/web']);
  assert.deepEqual(servicesForPod(c, null, pod('p', { labels: {} })), []);
});

test('a Service change queues it, a deleted Endpoints queues its Service, a pod queues the Services selecting it', () => {
  const c = holding(service('web'));
  const ep: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'ns1' } };
  assert.deepEqual(epc.enqueue(c, KEY, null, service('web')), [KEY]);
  assert.deepEqual(epc.enqueue(c, KEY, service('web'), undefined), [KEY], 'deleted: its Endpoints go');
  assert.deepEqual(epc.enqueue(c, 'Endpoints/ns1/web', ep, undefined), ['Service/ns1/web']);
  assert.deepEqual(epc.enqueue(c, 'Endpoints/ns1/web', null, ep), [], 'written: by this controller, most likely');
  assert.deepEqual(epc.enqueue(c, 'Pod/default/p', null, pod('p')), [KEY]);
  assert.deepEqual(epc.enqueue(c, 'Pod/default/p', null, pod('p', { labels: { app: 'db' } })), []);
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } } };
  assert.deepEqual(epc.enqueue(c, 'ConfigMap/default/p', null, cm), [], 'pods only');
  assert.deepEqual(epc.enqueue(c, 'Pod/default/p', null, undefined), []);
});

test('a restarted controller lists every Service, sorted by key', () => {
  const c = holding(service('x', {}, {}, 'a'), service('y', {}, {}, 'a-b'), service('w', {}, {}, 'a'));
  assert.deepEqual(epc.resyncKeys(c), ['Service/a-b/y', 'Service/a/w', 'Service/a/x', 'Service/default/kubernetes']);
});

test('end to end: the Endpoints are created and the sync is then idle', () => {
  const c = runSync(holding(service('web'), pod('a', { ip: '10.0.0.1' })), epc, KEY);
  assert.deepEqual(c.store.objects.get('Endpoints/default/web')!.subsets, [{ addresses: [address(pod('a', { ip: '10.0.0.1' }))], ports: [HTTP] }]);
  assert.deepEqual(epc.sync(c, KEY), { actions: [] });
});
