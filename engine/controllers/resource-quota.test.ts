import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, dispatch, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { resourceQuotaController as rqc } from './resource-quota';

const T0 = DEFAULT_START;
const NAME = 'resourcequota-controller';

function quota(name: string, spec: Record<string, unknown>, extra: Partial<KObject> = {}, namespace = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '5' }, spec, ...extra };
}
function pod(name: string, requests: Record<string, string> | undefined, phase = 'Running', namespace = 'default', metadata: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, ...metadata },
    spec: { containers: [{ name: 'c', image: 'nginx', ...(requests ? { resources: { requests, limits: requests } } : {}) }] },
    status: { phase },
  };
}
const configMap = (name: string, namespace = 'default'): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: {} });
const holding = (...objs: KObject[]): Cluster => objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
const statusOf = (r: ReturnType<typeof rqc.sync>) => {
  assert.equal(r.actions.length, 1);
  const a = r.actions[0];
  assert.ok(a.type === 'updateStatus');
  return a.object.status;
};

test('a quota is queued when it is created or changed, not when it is deleted', () => {
  const c = createCluster({ seed: 1 });
  const key = 'ResourceQuota/default/q';
  const q = quota('q', { hard: { pods: '2' } });
  assert.deepEqual(rqc.enqueue(c, key, null, q), [key]);
  assert.deepEqual(rqc.enqueue(c, key, q, { ...q, status: { hard: { pods: '2' }, used: { pods: '0' } } }), [key]);
  assert.deepEqual(rqc.enqueue(c, key, q, undefined), []);
  assert.deepEqual(rqc.enqueue(c, key, null, undefined), []);
});

test('a pod that comes, goes, changes phase or starts terminating queues the quotas of its namespace, sorted; other pod writes do not', () => {
  const c = holding(quota('b', { hard: { pods: '1' } }, {}, 'ns1'), quota('a', { hard: { pods: '1' } }, {}, 'ns1'), quota('q', { hard: { pods: '1' } }));
  const key = 'Pod/ns1/p';
  const both = ['ResourceQuota/ns1/a', 'ResourceQuota/ns1/b'];
  const running = pod('p', undefined, 'Running', 'ns1');
  assert.deepEqual(rqc.enqueue(c, key, null, running), both, 'created');
  assert.deepEqual(rqc.enqueue(c, key, running, undefined), both, 'deleted');
  assert.deepEqual(rqc.enqueue(c, key, running, pod('p', undefined, 'Succeeded', 'ns1')), both, 'finished');
  assert.deepEqual(rqc.enqueue(c, key, running, pod('p', undefined, 'Running', 'ns1', { deletionTimestamp: timestamp(T0) })), both, 'terminating');
  assert.deepEqual(rqc.enqueue(c, key, running, { ...running, metadata: { ...running.metadata, labels: { x: 'y' } }, status: { phase: 'Running', podIP: '10.0.0.1' } }), [], 'same phase, not terminating');
  const terminating = pod('p', undefined, 'Running', 'ns1', { deletionTimestamp: timestamp(T0) });
  assert.deepEqual(rqc.enqueue(c, key, terminating, { ...terminating, status: { phase: 'Running', podIP: '10.0.0.1' } }), []);
  assert.deepEqual(rqc.enqueue(c, 'Pod/ns2/p', null, pod('p', undefined, 'Running', 'ns2')), [], 'no quota there');
});

test('any other namespaced object queues its namespace\'s quotas on every change; a cluster-scoped one queues none', () => {
  const c = holding(quota('q', { hard: { configmaps: '1' } }));
  assert.deepEqual(rqc.enqueue(c, 'ConfigMap/default/cm', configMap('cm'), { ...configMap('cm'), data: { a: 'b' } }), ['ResourceQuota/default/q']);
  assert.deepEqual(rqc.enqueue(c, 'ConfigMap/default/cm', configMap('cm'), undefined), ['ResourceQuota/default/q']);
  const node = c.store.objects.get('Node//w1-k8s')!;
  assert.deepEqual(rqc.enqueue(c, 'Node//w1-k8s', node, { ...node, metadata: { ...node.metadata, labels: {} } }), []);
});

test('the status holds the hard limits and what the namespace uses of them, in the units quantities print in, names sorted', () => {
  const c = holding(
    quota('q', { hard: { 'requests.memory': '1Gi', pods: '10', 'requests.cpu': '2', configmaps: '5', 'limits.cpu': '4' } }, {}, 'ns1'),
    pod('a', { cpu: '250m', memory: '128Mi' }, 'Running', 'ns1'),
    pod('b', { cpu: '250m', memory: '128Mi' }, 'Pending', 'ns1'),
    pod('done', { cpu: '1', memory: '1Gi' }, 'Succeeded', 'ns1'),
    pod('other-namespace', { cpu: '1', memory: '1Gi' }, 'Running', 'default'),
    configMap('cm', 'ns1'),
  );
  const r = rqc.sync(c, 'ResourceQuota/ns1/q');
  const q = c.store.objects.get('ResourceQuota/ns1/q')!;
  const status = {
    hard: { 'requests.memory': '1Gi', pods: '10', 'requests.cpu': '2', configmaps: '5', 'limits.cpu': '4' },
    used: { configmaps: '1', 'limits.cpu': '500m', pods: '2', 'requests.cpu': '500m', 'requests.memory': '256Mi' },
  };
  assert.deepEqual(r, { actions: [{ type: 'updateStatus', actor: NAME, object: { ...q, status } }] });
  assert.deepEqual(Object.keys(statusOf(r).used), ['configmaps', 'limits.cpu', 'pods', 'requests.cpu', 'requests.memory']);
  // written: nothing more to do
  const written = dispatch(c, r.actions[0]).cluster;
  assert.deepEqual(rqc.sync(written, 'ResourceQuota/ns1/q'), { actions: [] });
});

test('a quota without hard limits gets an empty status; nothing counts as used for a resource nothing uses', () => {
  assert.deepEqual(statusOf(rqc.sync(holding(quota('q', {})), 'ResourceQuota/default/q')), { hard: {}, used: {} });
  assert.deepEqual(statusOf(rqc.sync(holding(quota('q', { hard: { 'requests.storage': '10Gi', secrets: '3' } })), 'ResourceQuota/default/q')), {
    hard: { 'requests.storage': '10Gi', secrets: '3' },
    used: { 'requests.storage': '0', secrets: '0' },
  });
});

test('a scoped quota counts only the pods in its scope', () => {
  const c = holding(quota('be', { hard: { pods: '5' }, scopes: ['BestEffort'] }), pod('besteffort', undefined), pod('burstable', { cpu: '100m', memory: '64Mi' }));
  assert.deepEqual(statusOf(rqc.sync(c, 'ResourceQuota/default/be')), { hard: { pods: '5' }, used: { pods: '1' } });
});

test('nothing to do for a status already right, a quota being deleted or gone, or a key of another kind', () => {
  const right = quota('q', { hard: { pods: '2' } }, { status: { hard: { pods: '2' }, used: { pods: '1' } } });
  const c = holding(right, pod('a', undefined), quota('going', { hard: { pods: '2' } }, { metadata: { name: 'going', namespace: 'default', deletionTimestamp: timestamp(T0) } }));
  assert.deepEqual(rqc.sync(c, 'ResourceQuota/default/q'), { actions: [] });
  assert.deepEqual(rqc.sync(c, 'ResourceQuota/default/going'), { actions: [] });
  assert.deepEqual(rqc.sync(c, 'ResourceQuota/default/gone'), { actions: [] });
  assert.deepEqual(rqc.sync(c, 'Pod/default/a'), { actions: [] }, 'a pod key names no quota');
  // a stale status is rewritten
  const stale = holding(quota('q', { hard: { pods: '2' } }, { status: { hard: { pods: '2' }, used: { pods: '0' } } }), pod('a', undefined));
  assert.deepEqual(statusOf(rqc.sync(stale, 'ResourceQuota/default/q')), { hard: { pods: '2' }, used: { pods: '1' } });
});

test('a restarted controller lists every quota, sorted by key', () => {
  const c = holding(quota('x', {}, {}, 'a'), quota('y', {}, {}, 'a-b'), quota('w', {}, {}, 'a'));
  assert.deepEqual(rqc.resyncKeys(c), ['ResourceQuota/a-b/y', 'ResourceQuota/a/w', 'ResourceQuota/a/x']);
});

test('end to end: a created quota gets its status at once', () => {
  let c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { services: '4' } } } }).cluster;
  c = runSync(c, rqc, 'ResourceQuota/default/q');
  assert.deepEqual(c.store.objects.get('ResourceQuota/default/q')!.status, { hard: { services: '4' }, used: { services: '1' } }, 'the kubernetes Service counts');
});
