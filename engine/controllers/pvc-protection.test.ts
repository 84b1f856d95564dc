import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, dispatch, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject, removeObject } from '../store/store';
import { podsUsingClaim, pvcProtectionController as pvcp } from './pvc-protection';

const T0 = DEFAULT_START;
const FINALIZER = 'kubernetes.io/pvc-protection';
const NAME = 'pvc-protection-controller';

function claim(name: string, metadata: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '42', ...metadata },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}
/** a pod mounting these claims (and an emptyDir), bound to w1-k8s, in `phase` */
function pod(name: string, claims: string[], phase = 'Running', namespace = 'default'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}` },
    spec: {
      nodeName: 'w1-k8s',
      containers: [{ name: 'c', image: 'nginx' }],
      volumes: [{ name: 'scratch', emptyDir: {} }, ...claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } }))],
    },
    status: { phase },
  };
}
const deleting = { deletionTimestamp: timestamp(T0) };
const holding = (...objs: KObject[]): Cluster => objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
const patch = (name: string, finalizers: string[] | null, namespace = 'default', resourceVersion = '42') => ({
  actions: [{ type: 'patch', actor: NAME, ref: { kind: 'PersistentVolumeClaim', namespace, name }, patchType: 'merge', patch: { metadata: { finalizers, resourceVersion } } }],
});

test('a claim is queued while it is being deleted, not otherwise and not once gone', () => {
  const c = createCluster({ seed: 1 });
  const key = 'PersistentVolumeClaim/default/data';
  assert.deepEqual(pvcp.enqueue(c, key, null, claim('data', { ...deleting, finalizers: [FINALIZER] })), [key]);
  assert.deepEqual(pvcp.enqueue(c, key, claim('data'), claim('data', deleting)), [key]);
  assert.deepEqual(pvcp.enqueue(c, key, null, claim('data', { finalizers: [FINALIZER] })), []);
  assert.deepEqual(pvcp.enqueue(c, key, claim('data', deleting), undefined), []);
  assert.deepEqual(pvcp.enqueue(c, key, null, undefined), []);
});

test('a pod that went queues each claim it mounts, in its namespace; a pod that is there queues nothing, finished or not', () => {
  const c = createCluster({ seed: 1 });
  const key = 'Pod/ns1/p';
  const keys = ['PersistentVolumeClaim/ns1/data', 'PersistentVolumeClaim/ns1/logs'];
  assert.deepEqual(pvcp.enqueue(c, key, pod('p', ['data', 'logs'], 'Running', 'ns1'), undefined), keys, 'deleted: its last state names the claims');
  assert.deepEqual(pvcp.enqueue(c, key, pod('p', ['data', 'logs'], 'Running', 'ns1'), pod('p', ['data', 'logs'], 'Succeeded', 'ns1')), [], 'a finished pod still uses its claims');
  assert.deepEqual(pvcp.enqueue(c, key, null, pod('p', ['data', 'logs'], 'Failed', 'ns1')), []);
  assert.deepEqual(pvcp.enqueue(c, key, null, pod('p', ['data'], 'Running', 'ns1')), []);
  assert.deepEqual(pvcp.enqueue(c, key, null, pod('p', ['data'], 'Pending', 'ns1')), []);
  assert.deepEqual(pvcp.enqueue(c, key, pod('p', [], 'Running', 'ns1'), undefined), [], 'no claims');
  const template: KObject = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'p', namespace: 'ns1' }, spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] } };
  assert.deepEqual(pvcp.enqueue(c, 'PodTemplate/ns1/p', template, undefined), [], 'pods only');
});

test('podUsesPVC: a scheduled pod uses its claims whatever its phase; an unscheduled one does not', () => {
  const data = claim('data', { ...deleting, finalizers: [FINALIZER] });
  for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed']) {
    assert.deepEqual(pvcp.sync(holding(data, pod('web', ['data'], phase)), 'PersistentVolumeClaim/default/data'), { actions: [] }, phase);
  }
  const unscheduled = pod('web', ['data'], 'Pending');
  delete unscheduled.spec!.nodeName;
  assert.deepEqual(pvcp.sync(holding(data, unscheduled), 'PersistentVolumeClaim/default/data'), patch('data', null));
});

test('a claim being deleted that no running pod mounts loses the finalizer: null when it was the only one, the others kept in order', () => {
  const c = holding(
    claim('data', { ...deleting, finalizers: [FINALIZER] }),
    claim('logs', { ...deleting, resourceVersion: '7', finalizers: ['a.example/keep', FINALIZER, 'b.example/keep'] }),
    pod('other-claim', ['cache']),
    pod('elsewhere', ['data'], 'Running', 'ns1'),
  );
  assert.deepEqual(pvcp.sync(c, 'PersistentVolumeClaim/default/data'), patch('data', null));
  assert.deepEqual(pvcp.sync(c, 'PersistentVolumeClaim/default/logs'), patch('logs', ['a.example/keep', 'b.example/keep'], 'default', '7'));
});

test('a running pod that mounts the claim, among other volumes, keeps it Terminating', () => {
  const c = holding(claim('data', { ...deleting, finalizers: [FINALIZER] }), pod('web', ['cache', 'data']));
  assert.deepEqual(pvcp.sync(c, 'PersistentVolumeClaim/default/data'), { actions: [] });
  assert.deepEqual(podsUsingClaim(c, c.store.objects.get('PersistentVolumeClaim/default/data')!).map((p) => p.metadata.name), ['web']);
  // the claim's own namespace is the one searched
  const ns1 = holding(claim('data', { namespace: 'ns1', ...deleting, finalizers: [FINALIZER] }), pod('web', ['data'], 'Running', 'ns1'));
  assert.deepEqual(pvcp.sync(ns1, 'PersistentVolumeClaim/ns1/data'), { actions: [] });
  assert.deepEqual(pvcp.sync({ ...ns1, store: removeObject(ns1.store, 'Pod/ns1/web') }, 'PersistentVolumeClaim/ns1/data'), patch('data', null, 'ns1'));
});

test('nothing to do for a claim not being deleted, without the finalizer, or gone', () => {
  const c = holding(claim('alive', { finalizers: [FINALIZER] }), claim('other', { ...deleting, finalizers: ['a.example/keep'] }), claim('bare', deleting));
  for (const name of ['alive', 'other', 'bare', 'gone']) assert.deepEqual(pvcp.sync(c, `PersistentVolumeClaim/default/${name}`), { actions: [] }, name);
});

test('a restarted controller lists the claims being deleted, sorted by key', () => {
  // namespace `a-b` sorts before `a` in a key (`-` < `/`), after it as a namespace
  const c = holding(claim('x', { namespace: 'a', ...deleting }), claim('y', { namespace: 'a-b', ...deleting }), claim('z', { namespace: 'a' }), claim('w', { namespace: 'a', ...deleting }));
  assert.deepEqual(pvcp.resyncKeys(c), ['PersistentVolumeClaim/a-b/y', 'PersistentVolumeClaim/a/w', 'PersistentVolumeClaim/a/x']);
});

test('end to end: a deleted claim stays Terminating while its pod runs and goes after the pod', () => {
  let c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } }).cluster;
  assert.deepEqual(c.store.objects.get('PersistentVolumeClaim/default/data')!.metadata.finalizers, [FINALIZER], 'admission adds the finalizer');
  c = { ...c, store: putObject(c.store, pod('web', ['data'])) };
  c = dispatch(c, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'data' } }).cluster;
  c = runSync(c, pvcp, 'PersistentVolumeClaim/default/data');
  assert.ok(c.store.objects.get('PersistentVolumeClaim/default/data')!.metadata.deletionTimestamp, 'Terminating');
  c = runSync({ ...c, store: removeObject(c.store, 'Pod/default/web') }, pvcp, 'PersistentVolumeClaim/default/data');
  assert.equal(c.store.objects.get('PersistentVolumeClaim/default/data'), undefined);
});
