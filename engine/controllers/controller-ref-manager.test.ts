import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, createCluster, dispatch, KObject, OwnerReference } from '../index';
import { Cluster } from '../cluster';
import { fromLabelSelector } from '../api/labels';
import { controllerOf } from '../store/store';
import { claimObjects, controllerRefTo, ownersToWake } from './controller-ref-manager';

// ClaimObject, as pkg/controller/controller_ref_manager.go decides it: keep what we own and still
// select, release what we own and no longer select, adopt live orphans we select, leave alone
// whatever another controller owns; while the owner is being deleted, keep but never act.

const rs = (name: string, namespace = 'default'): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
});

function send(c: Cluster, object: KObject): Cluster {
  const r = dispatch(c, { type: 'create', object });
  assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
  return r.cluster;
}
const get = (c: Cluster, key: string) => c.store.objects.get(key)!;
const pod = (name: string, labels: Record<string, string>, ownerReferences: OwnerReference[] = [], extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels, ...(ownerReferences.length ? { ownerReferences } : {}), ...extra },
  spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] },
});

/**
 * ReplicaSets a and b, keeper for a non-controller reference, and pods of every sort around a:
 * ours-match, ours-stray (ours, relabelled), orphan-match, orphan-other (selected by b only),
 * orphan-going (matching but terminating), theirs (b's, with a's labels), weak (a non-controller
 * reference to a only). Nothing runs: the test calls the manager itself.
 */
function world() {
  let c = createCluster({ seed: 1 });
  c = send(c, rs('a'));
  c = send(c, rs('b'));
  c = send(c, rs('keeper'));
  const a = get(c, 'ReplicaSet/default/a'), b = get(c, 'ReplicaSet/default/b');
  const keeperRef = { ...controllerRefTo(get(c, 'ReplicaSet/default/keeper')), controller: false, blockOwnerDeletion: false };
  c = send(c, pod('ours-match', { app: 'a' }, [controllerRefTo(a)]));
  c = send(c, pod('ours-stray', { app: 'elsewhere' }, [keeperRef, controllerRefTo(a)]));
  c = send(c, pod('orphan-match', { app: 'a' }, [keeperRef]));
  c = send(c, pod('orphan-other', { app: 'b' }));
  c = send(c, pod('orphan-going', { app: 'a' }, [], { finalizers: ['example.com/hold'] }));
  c = dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: 'orphan-going' } }).cluster;
  c = send(c, pod('theirs', { app: 'a' }, [controllerRefTo(b)]));
  c = send(c, pod('weak', { app: 'a' }, [{ ...controllerRefTo(a), controller: false }]));
  // not a pod: a ReplicaSet a controls, with a's labels
  c = send(c, { ...rs('nested'), metadata: { name: 'nested', namespace: 'default', labels: { app: 'a' }, ownerReferences: [controllerRefTo(a)] } });
  return { c, a, b, keeperRef };
}

const selectorA = fromLabelSelector({ matchLabels: { app: 'a' } });
const names = (objs: KObject[]) => objs.map((o) => o.metadata.name).sort();
const patched = (actions: Action[]) => actions.map((x) => (x.type === 'patch' ? x.ref.name : x.type)).sort();

test('a claim keeps what the owner controls and selects, adopts the live orphans it selects, and releases the rest', () => {
  const { c, a } = world();
  const { claimed, actions } = claimObjects(c, a, 'Pod', selectorA, 'replicaset-controller');
  // each object once: a pod referring to a without being controlled is an orphan, adopted
  assert.deepEqual(names(claimed), ['orphan-match', 'ours-match', 'weak']);
  assert.deepEqual(patched(actions), ['orphan-match', 'ours-stray', 'weak']);
  assert.ok(actions.every((x) => x.type === 'patch' && x.actor === 'replicaset-controller'));
  // the claimed copies of adopted pods already name a as their controller
  for (const p of claimed) assert.equal(controllerOf(p)?.uid, a.metadata.uid, p.metadata.name);
  // ...and carry the references the pods will have once the patches are through
  const after = applyActions(c, actions);
  const refs = (o: KObject) => [...(o.metadata.ownerReferences ?? [])].sort((x, y) => x.name.localeCompare(y.name));
  const adopted = claimed.find((p) => p.metadata.name === 'orphan-match')!;
  assert.deepEqual(refs(adopted), refs(get(after, 'Pod/default/orphan-match')));
});

test('adopting and releasing are strategic-merge patches on ownerReferences: other references stay', () => {
  const { c, a, keeperRef } = world();
  const after = applyActions(c, claimObjects(c, a, 'Pod', selectorA, 'replicaset-controller').actions);
  assert.deepEqual(get(after, 'Pod/default/ours-stray').metadata.ownerReferences, [keeperRef]);
  const byName = (refs: { name: string }[]) => [...refs].sort((x, y) => x.name.localeCompare(y.name));
  const aRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: a.metadata.uid, controller: true, blockOwnerDeletion: true };
  assert.deepEqual(byName(get(after, 'Pod/default/orphan-match').metadata.ownerReferences!), [aRef, keeperRef]);
  assert.deepEqual(get(after, 'Pod/default/weak').metadata.ownerReferences, [aRef]);
  // untouched: another controller's pod, a terminating orphan, an orphan a does not select, a ReplicaSet a controls
  for (const key of ['Pod/default/theirs', 'Pod/default/orphan-going', 'Pod/default/orphan-other', 'Pod/default/ours-match', 'ReplicaSet/default/nested']) {
    assert.equal(get(after, key).metadata.resourceVersion, get(c, key).metadata.resourceVersion, key);
  }
  // a second claim finds nothing left to do
  assert.deepEqual(claimObjects(after, a, 'Pod', selectorA, 'replicaset-controller').actions, []);
});

test("the patches carry the pod's UID: a stale claim leaves alone a pod re-created under the same name", () => {
  const { c, a } = world();
  const { actions } = claimObjects(c, a, 'Pod', selectorA, 'replicaset-controller');
  // both the stray pod and the orphan are deleted and created again, as new objects
  let c2 = c;
  for (const [name, labels] of [['ours-stray', { app: 'elsewhere' }], ['orphan-match', { app: 'a' }]] as const) {
    c2 = dispatch(c2, { type: 'delete', ref: { kind: 'Pod', name }, gracePeriodSeconds: 0 }).cluster;
    c2 = send(c2, pod(name, labels, name === 'ours-stray' ? [controllerRefTo(a)] : []));
  }
  const fresh = ['ours-stray', 'orphan-match'].map((n) => get(c2, `Pod/default/${n}`));
  const after = applyActions(c2, actions);
  for (const p of fresh) assert.equal(get(after, `Pod/default/${p.metadata.name}`).metadata.resourceVersion, p.metadata.resourceVersion, p.metadata.name);
});

test('an owner being deleted keeps what it controls and selects, but neither releases nor adopts', () => {
  const { c, a } = world();
  const deleting = { ...a, metadata: { ...a.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } };
  const { claimed, actions } = claimObjects(c, deleting, 'Pod', selectorA, 'replicaset-controller');
  assert.deepEqual(names(claimed), ['ours-match']);
  assert.deepEqual(actions, []);
});

test('finalizers to adopt with (the Job tracking finalizer) ride on the adoption patch, once', () => {
  const { c, a } = world();
  const hold = 'example.com/hold', track = 'batch.kubernetes.io/job-tracking';
  let c2 = send(c, pod('orphan-held', { app: 'a' }, [], { finalizers: [hold, track] }));
  c2 = send(c2, pod('orphan-hold-only', { app: 'a' }, [], { finalizers: [hold] }));
  const { claimed, actions } = claimObjects(c2, a, 'Pod', selectorA, 'job-controller', [track]);
  // (finalizers are a set: compared sorted)
  const fin = (o: KObject | undefined) => o?.metadata.finalizers && [...o.metadata.finalizers].sort();
  const byName = new Map(claimed.map((p) => [p.metadata.name, p]));
  assert.deepEqual(fin(byName.get('orphan-match')), [track]);
  assert.deepEqual(fin(byName.get('orphan-held')), [track, hold]);
  assert.deepEqual(fin(byName.get('orphan-hold-only')), [track, hold]);
  assert.deepEqual(byName.get('orphan-hold-only')!.metadata.ownerReferences, [controllerRefTo(a)]);
  assert.equal(fin(byName.get('ours-match')), undefined, 'pods it already owns are not touched');
  c2 = applyActions(c2, actions);
  assert.deepEqual(fin(get(c2, 'Pod/default/orphan-match')), [track]);
  assert.deepEqual(fin(get(c2, 'Pod/default/orphan-held')), [track, hold]);
  assert.deepEqual(fin(get(c2, 'Pod/default/orphan-hold-only')), [track, hold]);
  // without finalizers to add, an adopted pod gets none
  const plain = claimObjects(c, a, 'Pod', selectorA, 'replicaset-controller');
  assert.equal(plain.claimed.find((p) => p.metadata.name === 'orphan-match')!.metadata.finalizers, undefined);
  assert.equal(get(applyActions(c, plain.actions), 'Pod/default/orphan-match').metadata.finalizers, undefined);
});

test("orphans are adopted only from the owner's namespace", () => {
  let c = createCluster({ seed: 1 });
  c = send(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  c = send(c, rs('a'));
  c = send(c, { ...pod('far', { app: 'a' }), metadata: { ...pod('far', { app: 'a' }).metadata, namespace: 'other' } });
  c = send(c, pod('near', { app: 'a' }));
  const { claimed } = claimObjects(c, get(c, 'ReplicaSet/default/a'), 'Pod', selectorA, 'replicaset-controller');
  assert.deepEqual(names(claimed), ['near']);
});

test('which owners a change wakes: the controller before and after, and for a live orphan every owner that selects it', () => {
  const { c, a, b } = world();
  const sel = (o: KObject) => fromLabelSelector(o.spec?.selector);
  const wake = (prev: KObject | null, cur: KObject | undefined) => ownersToWake(c, 'ReplicaSet', prev, cur, sel).sort();
  const p = get(c, 'Pod/default/ours-match');
  // moved from a to b: both look
  const toB = { ...p, metadata: { ...p.metadata, ownerReferences: [controllerRefTo(b)] } };
  assert.deepEqual(wake(p, toB), ['ReplicaSet/default/a', 'ReplicaSet/default/b']);
  assert.deepEqual(wake(p, undefined), ['ReplicaSet/default/a']);
  // a controller of another kind, or one that no longer exists, wakes nobody
  const jobRef = { apiVersion: 'batch/v1', kind: 'Job', name: 'a', uid: a.metadata.uid!, controller: true };
  assert.deepEqual(wake(null, { ...p, metadata: { ...p.metadata, ownerReferences: [jobRef] } }), []);
  const goneRef = { ...controllerRefTo(a), uid: 'no-such-uid' };
  assert.deepEqual(wake(null, { ...p, metadata: { ...p.metadata, ownerReferences: [goneRef] } }), []);
  // a live orphan: every ReplicaSet of its namespace whose selector matches it
  const orphan = get(c, 'Pod/default/orphan-match');
  assert.deepEqual(wake(null, orphan), ['ReplicaSet/default/a']);
  assert.deepEqual(wake(null, { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'b' } } }), ['ReplicaSet/default/b']);
  assert.deepEqual(wake(null, { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'none' } } }), []);
  assert.deepEqual(wake(null, { ...orphan, metadata: { ...orphan.metadata, namespace: 'kube-system' } }), []);
  // a terminating orphan, or a deleted one, wakes nobody
  assert.deepEqual(wake(null, get(c, 'Pod/default/orphan-going')), []);
  assert.deepEqual(wake(orphan, undefined), []);
});
