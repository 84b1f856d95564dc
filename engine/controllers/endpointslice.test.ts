import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_START, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { endpointSliceController as esc, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, slicesOf } from './endpointslice';
import { holding, pod, service } from './test-support';

const T0 = DEFAULT_START;
const NAME = 'endpointslice-controller';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const KEY = 'Service/default/web';

function slice(name: string, body: Record<string, unknown>, labels: Record<string, string> = { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY }, namespace = 'default'): KObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '3', labels }, addressType: 'IPv4', ...body };
}

const ownerRef = (svc: KObject) => ({ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true });
const labelsFor = (svc = 'web', extra: Record<string, string> = {}) => ({ ...extra, [SERVICE_NAME_LABEL]: svc, [MANAGED_BY_LABEL]: MANAGED_BY });
function endpoint(p: KObject, conditions: { ready: boolean; serving: boolean; terminating: boolean }, extra: Record<string, unknown> = {}) {
  return {
    addresses: [p.status.podIP],
    conditions,
    ...extra,
    ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
  };
}
const READY = { ready: true, serving: true, terminating: false };
const UNREADY = { ready: false, serving: false, terminating: false };
const HTTP = { name: 'http', port: 8080, protocol: 'TCP' };
const created = (svc: KObject, body: Record<string, unknown>, labels = labelsFor(svc.metadata.name)) => ({
  type: 'create',
  actor: NAME,
  object: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels, ownerReferences: [ownerRef(svc)] }, addressType: 'IPv4', ...body },
});
/** the bodies the sync would create, in order */
const createdBodies = (c: Cluster, key = KEY) =>
  esc.sync(c, key).actions.map((a) => {
    assert.equal(a.type, 'create');
    const o = (a as Extract<typeof a, { type: 'create' }>).object;
    return { endpoints: o.endpoints as any[], ports: o.ports as unknown[] };
  });

// ---------------------------------------------------------------------------------------------
// the desired slices

test('a Service with a selector gets a slice owned by it, its endpoints sorted by IP with their conditions', () => {
  const svc = service('web', {}, { labels: { tier: 'front' } });
  const a = pod('a', { ip: '10.0.0.12' });
  const b = pod('b', { ip: '10.0.0.3', ready: false });
  const t = pod('t', { ip: '10.0.0.100', metadata: { deletionTimestamp: timestamp(T0) } });
  const c = holding(svc, a, b, t, pod('no-ip', { ip: null }), pod('other', { labels: { app: 'db' } }), pod('elsewhere', { namespace: 'ns1' }));
  assert.deepEqual(esc.sync(c, KEY), {
    actions: [created(svc, { endpoints: [endpoint(b, UNREADY), endpoint(a, READY), endpoint(t, { ready: false, serving: true, terminating: true })], ports: [HTTP] }, labelsFor('web', { tier: 'front' }))],
  });
});

test('publishNotReadyAddresses makes every endpoint ready, terminating ones too; serving stays the pod readiness (podToEndpoint)', () => {
  const a = pod('a', { ip: '10.0.0.1', metadata: { deletionTimestamp: timestamp(T0) } });
  const b = pod('b', { ip: '10.0.0.2', ready: false });
  const [body] = createdBodies(holding(service('web', { publishNotReadyAddresses: true }), a, b));
  assert.deepEqual(body.endpoints[0], endpoint(a, { ready: true, serving: true, terminating: true }));
  assert.deepEqual(body.endpoints[1], endpoint(b, { ready: true, serving: false, terminating: false }));
});

test('an ExternalName Service gets no slices, selector or not (kubernetes#105986)', () => {
  const svc = service('web', { type: 'ExternalName', externalName: 'example.com' });
  assert.deepEqual(esc.sync(holding(svc, pod('a', { ip: '10.0.0.1' })), KEY), { actions: [] });
});

test('finished pods are left out by their restart policy; a pod in no group still gets its slice', () => {
  const c = holding(
    service('web'),
    pod('never-failed', { ip: '10.0.0.1', restartPolicy: 'Never', phase: 'Failed', ready: false }),
    pod('onfailure-ok', { ip: '10.0.0.4', restartPolicy: 'OnFailure', phase: 'Succeeded', ready: false }),
    pod('onfailure-failed', { ip: '10.0.0.3', restartPolicy: 'OnFailure', phase: 'Failed', ready: false }),
  );
  assert.deepEqual(createdBodies(c).map((b) => b.endpoints.map((e: { addresses: string[] }) => e.addresses[0])), [['10.0.0.3']]);
});

test('endpoints are grouped into a slice per set of resolved ports; a pod whose ports resolve to none gets a slice without ports', () => {
  const svc = service('web', {
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { port: 9090, targetPort: 9100, appProtocol: 'http' },
    ],
  });
  const both = pod('both', { ip: '10.0.0.2' });
  const both2 = pod('both2', { ip: '10.0.0.1' });
  const noHttp = pod('no-http', { ip: '10.0.0.3', ports: [] });
  assert.deepEqual(createdBodies(holding(svc, both, both2, noHttp)), [
    { endpoints: [endpoint(both2, READY), endpoint(both, READY)], ports: [HTTP, { name: '', port: 9100, protocol: 'TCP', appProtocol: 'http' }] },
    { endpoints: [endpoint(noHttp, READY)], ports: [{ name: '', port: 9100, protocol: 'TCP', appProtocol: 'http' }] },
  ]);
  const named = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'UDP' }] });
  assert.deepEqual(createdBodies(holding(named, both)), [{ endpoints: [endpoint(both, READY)], ports: [] }], 'a name with another protocol does not resolve');
});

test('a Service without endpoints still has one placeholder slice, without ports', () => {
  const svc = service('web');
  assert.deepEqual(esc.sync(holding(svc), KEY), { actions: [created(svc, { endpoints: [], ports: [] })] });
});

test('an endpoint carries the hostname when the pod\'s subdomain names the Service; headless Services are labelled so', () => {
  const svc = service('web', { clusterIP: 'None', ports: [] });
  const a = pod('a', { ip: '10.0.0.1', hostname: 'a', subdomain: 'web' });
  const b = pod('b', { ip: '10.0.0.2', hostname: 'b', subdomain: 'other', nodeName: null });
  assert.deepEqual(esc.sync(holding(svc, a, b), KEY), {
    actions: [created(svc, { endpoints: [endpoint(a, READY, { hostname: 'a' }), endpoint(b, READY)], ports: [] }, labelsFor('web', { 'service.kubernetes.io/headless': '' }))],
  });
});

// ---------------------------------------------------------------------------------------------
// reconciling with the live slices

test('a live slice that is right is left alone; one that differs is replaced, keeping its metadata', () => {
  const a = pod('a', { ip: '10.0.0.1' });
  const right = slice('web-abcde', { endpoints: [endpoint(a, READY)], ports: [HTTP] });
  assert.deepEqual(esc.sync(holding(service('web'), a, right), KEY), { actions: [] });
  const stale = slice('web-abcde', { endpoints: [], ports: [HTTP] });
  const want = { ...stale, addressType: 'IPv4', endpoints: [endpoint(a, READY)], ports: [HTTP] };
  assert.deepEqual(esc.sync(holding(service('web'), a, stale), KEY), { actions: [{ type: 'replace', actor: NAME, object: want }] });
  // stale ports, or stale labels
  const oldPorts = slice('web-abcde', { endpoints: [endpoint(a, READY)], ports: [{ ...HTTP, port: 80 }] });
  assert.deepEqual(esc.sync(holding(service('web'), a, oldPorts), KEY), { actions: [{ type: 'replace', actor: NAME, object: { ...want, metadata: oldPorts.metadata } }] });
  const relabel = holding(service('web', {}, { labels: { tier: 'front' } }), a, right);
  assert.deepEqual(esc.sync(relabel, KEY), { actions: [{ type: 'replace', actor: NAME, object: { ...right, metadata: { ...right.metadata, labels: labelsFor('web', { tier: 'front' }) } } }] });
  // a slice written without endpoints or ports at all counts as the empty placeholder
  assert.deepEqual(esc.sync(holding(service('web'), slice('web-abcde', {})), KEY), { actions: [] });
});

test('each desired slice takes the live one with its ports, else any left; slices left over are deleted', () => {
  const svc = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 'https' }] });
  const plain = pod('plain', { ip: '10.0.0.2' });
  const tls = pod('tls', { ip: '10.0.0.1', ports: [{ name: 'https', containerPort: 8443 }] });
  const HTTPS = { name: 'https', port: 8443, protocol: 'TCP' };
  // live: one for https (right), one for an old port set
  const live1 = slice('web-old', { endpoints: [], ports: [{ name: 'old', port: 1, protocol: 'TCP' }] });
  const live2 = slice('web-tls', { endpoints: [endpoint(tls, READY)], ports: [HTTPS] });
  const c = holding(svc, plain, tls, live1, live2);
  assert.deepEqual(esc.sync(c, KEY), { actions: [{ type: 'replace', actor: NAME, object: { ...live1, endpoints: [endpoint(plain, READY)], ports: [HTTP] } }] });
  // one desired slice, three live ones: the matching one is kept, the others go
  const extra = slice('web-zzz', { endpoints: [], ports: [] });
  const one = holding(service('web'), plain, extra, slice('web-http', { endpoints: [endpoint(plain, READY)], ports: [HTTP] }), live1);
  assert.deepEqual(esc.sync(one, KEY), {
    actions: [
      { type: 'delete', actor: NAME, ref: { kind: 'EndpointSlice', namespace: 'default', name: 'web-old' }, preconditions: { uid: 'uid-web-old' } },
      { type: 'delete', actor: NAME, ref: { kind: 'EndpointSlice', namespace: 'default', name: 'web-zzz' }, preconditions: { uid: 'uid-web-zzz' } },
    ],
  });
  // each keeps the live slice with its ports, wherever it is in the list
  const swapped = holding(svc, plain, tls, slice('web-a', { endpoints: [endpoint(tls, READY)], ports: [HTTPS] }), slice('web-b', { endpoints: [endpoint(plain, READY)], ports: [HTTP] }));
  assert.deepEqual(esc.sync(swapped, KEY), { actions: [] });
  // a live slice written without ports is the one for the endpoints without ports
  const portless = pod('a-portless', { ip: '10.0.0.3', ports: [] });
  const withPortless = holding(service('web'), plain, portless, slice('web-1', { endpoints: [endpoint(plain, READY)], ports: [HTTP] }), slice('web-2', { endpoints: [endpoint(portless, READY)] }));
  assert.deepEqual(esc.sync(withPortless, KEY), { actions: [] });
  // more desired than live: the extra ones are created
  const liveHttp = slice('web-http', { endpoints: [endpoint(plain, READY)], ports: [HTTP] });
  assert.deepEqual(esc.sync(holding(svc, plain, tls, liveHttp), KEY), { actions: [created(svc, { endpoints: [endpoint(tls, READY)], ports: [HTTPS] })] });
});

test('only this controller\'s slices for this Service count', () => {
  const a = pod('a', { ip: '10.0.0.1' });
  const right = slice('web-abcde', { endpoints: [endpoint(a, READY)], ports: [HTTP] });
  const mirrored = slice('web-mirror', { endpoints: [], ports: [] }, { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: 'endpointslicemirroring-controller.k8s.io' });
  const otherService = slice('db-abcde', { endpoints: [], ports: [] }, labelsFor('db'));
  const unlabelled = slice('loose', { endpoints: [], ports: [] }, { [MANAGED_BY_LABEL]: MANAGED_BY });
  const elsewhere = slice('web-ns1', { endpoints: [], ports: [] }, labelsFor('web'), 'ns1');
  const c = holding(service('web'), a, right, mirrored, otherService, unlabelled, elsewhere);
  assert.deepEqual(esc.sync(c, KEY), { actions: [] });
  assert.deepEqual(slicesOf(c, 'default', 'web').map((s) => s.metadata.name), ['web-abcde']);
  assert.deepEqual(slicesOf(c, 'ns1', 'web').map((s) => s.metadata.name), ['web-ns1']);
});

test('nothing to do for a Service that is gone (the garbage collector takes its slices) or has no selector', () => {
  const s = slice('web-abcde', { endpoints: [{ addresses: ['192.0.2.1'], conditions: { ready: true } }], ports: [HTTP] });
  assert.deepEqual(esc.sync(holding(s), KEY), { actions: [] });
  assert.deepEqual(esc.sync(holding(service('web', { selector: undefined }), s), KEY), { actions: [] });
});

// ---------------------------------------------------------------------------------------------
// enqueue and resync

test('a Service change queues it; a managed slice its Service; a pod the Services selecting it, before or after', () => {
  const c = holding(service('web'), service('db'));
  assert.deepEqual(esc.enqueue(c, KEY, null, service('web')), [KEY]);
  assert.deepEqual(esc.enqueue(c, KEY, service('web'), undefined), [KEY]);
  const s = slice('web-abcde', {}, labelsFor('web'), 'ns1');
  assert.deepEqual(esc.enqueue(c, 'EndpointSlice/ns1/web-abcde', null, s), ['Service/ns1/web']);
  assert.deepEqual(esc.enqueue(c, 'EndpointSlice/ns1/web-abcde', s, undefined), ['Service/ns1/web'], 'deleted: made again');
  assert.deepEqual(esc.enqueue(c, 'EndpointSlice/default/m', null, slice('m', {}, { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: 'someone-else' })), []);
  assert.deepEqual(esc.enqueue(c, 'EndpointSlice/default/m', null, slice('m', {}, { [MANAGED_BY_LABEL]: MANAGED_BY })), []);
  assert.deepEqual(esc.enqueue(c, 'EndpointSlice/default/m', null, { ...slice('m', {}), metadata: { name: 'm', namespace: 'default' } }), []);
  assert.deepEqual(esc.enqueue(c, 'Pod/default/p', pod('p', { labels: { app: 'db' } }), pod('p')), ['Service/default/db', KEY]);
  assert.deepEqual(esc.enqueue(c, 'Pod/default/p', null, pod('p', { labels: { app: 'cache' } })), []);
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p', namespace: 'default', labels: { app: 'web', [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY } } };
  assert.deepEqual(esc.enqueue(c, 'ConfigMap/default/p', null, cm), []);
  assert.deepEqual(esc.enqueue(c, 'Pod/default/p', null, undefined), []);
});

test('a restarted controller lists every Service, sorted by key', () => {
  const c = holding(service('x', {}, {}, 'a'), service('y', {}, {}, 'a-b'), service('w', {}, {}, 'a'));
  assert.deepEqual(esc.resyncKeys(c), ['Service/a-b/y', 'Service/a/w', 'Service/a/x', 'Service/default/kubernetes']);
});

test('end to end: the slice is created with a generated name and the sync is then idle', () => {
  const c = runSync(holding(service('web'), pod('a', { ip: '10.0.0.1' })), esc, KEY);
  const slices = slicesOf(c, 'default', 'web');
  assert.equal(slices.length, 1);
  assert.match(slices[0].metadata.name!, /^web-[a-z0-9]{5}$/);
  assert.deepEqual(esc.sync(c, KEY), { actions: [] });
});
