import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, createCluster, dispatch, KObject, OwnerReference } from '../index';
import { Cluster } from '../cluster';
import { garbageCollector as gc } from './garbage-collector';

// The collector is driven by hand here: clusters are built with dispatch only (no controller runs),
// then gc.enqueue / gc.sync are called and their actions checked, or applied with applyActions.
// Upstream: pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem,
// processDeletingDependentsItem, orphanDependents) and graph_builder.go (which changes wake what).

const DEAD = '00000000-0000-4000-8000-00000000dead';

const rs = (name: string, meta: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, ...meta },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
});
const pod = (name: string, ownerReferences?: OwnerReference[], meta: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(ownerReferences ? { ownerReferences } : {}), ...meta },
  spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] },
});
/** An owner reference to a stored object, blocking its owner's foreground deletion unless told otherwise. */
const ref = (o: KObject, blockOwnerDeletion = true): OwnerReference => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid!, blockOwnerDeletion });
const deadRef = (blockOwnerDeletion = true): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: DEAD, blockOwnerDeletion });

function create(c: Cluster, ...objects: KObject[]): Cluster {
  for (const o of objects) {
    const r = dispatch(c, { type: 'create', object: o });
    assert.ok(r.outcome.ok, `create ${o.kind} ${o.metadata.name}`);
    c = r.cluster;
  }
  return c;
}
const del = (c: Cluster, kind: string, name: string, propagationPolicy?: 'Orphan' | 'Foreground' | 'Background'): Cluster =>
  dispatch(c, { type: 'delete', ref: { kind, name }, ...(propagationPolicy ? { propagationPolicy } : {}) }).cluster;
const get = (c: Cluster, key: string): KObject => c.store.objects.get(key)!;
const deleteOf = (o: KObject, propagationPolicy: string): Action =>
  ({ type: 'delete', actor: 'garbage-collector', ref: { kind: o.kind, namespace: 'default', name: o.metadata.name! }, preconditions: { uid: o.metadata.uid }, propagationPolicy }) as Action;
const dropRefs = (o: KObject, ...uids: string[]): Action =>
  ({ type: 'patch', actor: 'garbage-collector', ref: { kind: o.kind, namespace: 'default', name: o.metadata.name! }, patchType: 'strategic', patch: { metadata: { ownerReferences: uids.map((uid) => ({ $patch: 'delete', uid })) } } }) as Action;

/** ReplicaSets web and keep; pod a owned by web. */
function owners(): { c: Cluster; web: KObject; keep: KObject; a: KObject } {
  let c = create(createCluster({ seed: 1 }), rs('web'), rs('keep'));
  const web = get(c, 'ReplicaSet/default/web');
  c = create(c, pod('a', [ref(web)]));
  return { c, web, keep: get(c, 'ReplicaSet/default/keep'), a: get(c, 'Pod/default/a') };
}
const withRefs = (o: KObject, ownerReferences?: OwnerReference[]): KObject => ({ ...o, metadata: { ...o.metadata, ownerReferences } });

test('an object is looked at when it appears with owners or its owner references change, not on other updates', () => {
  const { c, web, keep, a } = owners();
  const key = 'Pod/default/a';
  assert.deepEqual(gc.enqueue(c, key, null, a), [key]);
  assert.deepEqual(gc.enqueue(c, key, a, { ...a, metadata: { ...a.metadata, labels: { tier: 'web' } } }), [], 'a label change is not news');
  assert.deepEqual(gc.enqueue(c, 'ReplicaSet/default/web', null, web), [], 'no owners, not being deleted');
  assert.deepEqual(gc.enqueue(c, 'ReplicaSet/default/web', web, web), []);
  // references gained, lost, pointed at another uid, made (non-)blocking
  assert.deepEqual(gc.enqueue(c, key, withRefs(a), a), [key], 'an owner reference added to an object that had none');
  assert.deepEqual(gc.enqueue(c, key, a, withRefs(a, [])), [], 'no owners left: nothing for the collector to do');
  assert.deepEqual(gc.enqueue(c, key, a, withRefs(a, [ref(keep)])), [key], 'owner replaced');
  assert.deepEqual(gc.enqueue(c, key, a, withRefs(a, [ref(web, false)])), [key], 'blockOwnerDeletion changed');
  assert.deepEqual(gc.enqueue(c, key, a, withRefs(a, [ref(web), ref(keep)])), [key], 'a second owner added');
  assert.deepEqual(gc.enqueue(c, key, withRefs(a, [ref(web), ref(keep)]), withRefs(a, [ref(web), { ...ref(keep), uid: DEAD }])), [key], 'the second owner replaced');
  assert.deepEqual(gc.enqueue(c, key, withRefs(a, [ref(web), ref(keep)]), withRefs(a, [ref(web), ref(keep)])), []);
  assert.deepEqual(gc.enqueue(c, key, null, undefined), []);
});

test('an owner marked for orphan or foreground deletion is looked at; so are its dependents when it goes, and it when a dependent goes', () => {
  const { c, web, a } = owners();
  const orphaning = del(c, 'ReplicaSet', 'web', 'Orphan');
  assert.deepEqual(gc.enqueue(orphaning, 'ReplicaSet/default/web', web, get(orphaning, 'ReplicaSet/default/web')), ['ReplicaSet/default/web']);
  const foreground = del(c, 'ReplicaSet', 'web', 'Foreground');
  assert.deepEqual(gc.enqueue(foreground, 'ReplicaSet/default/web', web, get(foreground, 'ReplicaSet/default/web')), ['ReplicaSet/default/web']);
  // the owner went away: each dependent may now have no owner left
  const b = create(c, pod('b', [ref(web)]));
  assert.deepEqual(gc.enqueue(b, 'ReplicaSet/default/web', web, undefined), ['Pod/default/a', 'Pod/default/b']);
  // a dependent went away: only an owner waiting for its dependents cares
  assert.deepEqual(gc.enqueue(c, 'Pod/default/a', a, undefined), []);
  assert.deepEqual(gc.enqueue(foreground, 'Pod/default/a', a, undefined), ['ReplicaSet/default/web']);
  assert.deepEqual(gc.enqueue(orphaning, 'Pod/default/a', a, undefined), [], 'an orphaning owner does not wait for its dependents');
  assert.deepEqual(gc.enqueue(c, 'Pod/default/x', withRefs(a, [deadRef()]), undefined), [], 'an owner that no longer exists');
});

test('a dependent lives while one owner stands; references to owners that are gone or deleting their dependents are dropped', () => {
  const { c: c0, web, keep } = owners();
  let c = del(c0, 'ReplicaSet', 'keep', 'Foreground'); // keep waits for its dependents
  const waiting = get(c, 'ReplicaSet/default/keep');
  assert.deepEqual(gc.sync(c, 'Pod/default/a'), { actions: [] }, 'its only owner stands');
  c = create(c, pod('b', [deadRef(), ref(web), ref(keep)]), pod('d', [ref(web), ref(keep)]));
  const b = get(c, 'Pod/default/b');
  // attemptToDeleteItem: solid owners remain, so patch out the dangling and waiting references only
  assert.deepEqual(gc.sync(c, 'Pod/default/b').actions, [dropRefs(b, DEAD, waiting.metadata.uid!)]);
  assert.deepEqual(gc.sync(c, 'Pod/default/d').actions, [dropRefs(get(c, 'Pod/default/d'), waiting.metadata.uid!)]);
  const after = applyActions(c, gc.sync(c, 'Pod/default/b').actions);
  assert.deepEqual(get(after, 'Pod/default/b').metadata.ownerReferences, [ref(web)]);
  assert.deepEqual(gc.sync(after, 'Pod/default/b'), { actions: [] });
});

test('a dependent whose owners are all gone is deleted, guarded by its uid; an owner is matched by uid, kind and name', () => {
  const { c: c0, web } = owners();
  const c = create(
    c0,
    pod('dangling', [deadRef()]),
    // upstream looks the owner up by its coordinates and compares uids (isDangling): a reference whose
    // uid exists under another kind or name points at nothing
    pod('wrong-kind', [{ ...ref(web), apiVersion: 'apps/v1', kind: 'Deployment' }]),
    pod('wrong-name', [{ ...ref(web), name: 'web-old' }]),
  );
  for (const name of ['dangling', 'wrong-kind', 'wrong-name']) {
    const p = get(c, `Pod/default/${name}`);
    assert.deepEqual(gc.sync(c, `Pod/default/${name}`).actions, [deleteOf(p, 'Background')], name);
  }
  // the uid precondition: a pod recreated under the same name is not deleted by a stale decision
  const stale = gc.sync(c, 'Pod/default/dangling').actions;
  const recreated = create(del(c, 'Pod', 'dangling'), pod('dangling'));
  assert.ok(get(applyActions(recreated, stale), 'Pod/default/dangling'), 'the new pod survives');
  assert.equal(applyActions(c, stale).store.objects.has('Pod/default/dangling'), false);
});

test('the delete honours a finalizer the dependent already has; under an owner waiting in the foreground a dependent with dependents goes in the foreground', () => {
  let c = create(createCluster({ seed: 1 }), rs('old'));
  const old = get(c, 'ReplicaSet/default/old');
  // "if an existing orphan / foreground finalizer is already on the object, honor it"
  c = create(c, pod('keeps-orphans', [deadRef()], { finalizers: ['orphan'] }), pod('keeps-fg', [deadRef()], { finalizers: ['foregroundDeletion'] }));
  assert.deepEqual(gc.sync(c, 'Pod/default/keeps-orphans').actions, [deleteOf(get(c, 'Pod/default/keeps-orphans'), 'Orphan')]);
  assert.deepEqual(gc.sync(c, 'Pod/default/keeps-fg').actions, [deleteOf(get(c, 'Pod/default/keeps-fg'), 'Foreground')]);
  // mid is owned by old (deleting in the foreground); mid owns a pod
  c = create(c, rs('mid', { ownerReferences: [ref(old)] }), rs('lone', { ownerReferences: [ref(old)] }));
  const mid = get(c, 'ReplicaSet/default/mid');
  c = create(c, pod('leaf', [ref(mid)]), rs('orphan-mid', { ownerReferences: [deadRef()] }));
  c = create(c, pod('orphan-leaf', [ref(get(c, 'ReplicaSet/default/orphan-mid'))]));
  const waiting = del(c, 'ReplicaSet', 'old', 'Foreground');
  assert.deepEqual(gc.sync(waiting, 'ReplicaSet/default/mid').actions, [deleteOf(mid, 'Foreground')]);
  assert.deepEqual(gc.sync(waiting, 'ReplicaSet/default/lone').actions, [deleteOf(get(c, 'ReplicaSet/default/lone'), 'Background')], 'no dependents of its own');
  // an owner that is merely gone (not waiting) does not make the dependent go in the foreground
  assert.deepEqual(gc.sync(waiting, 'ReplicaSet/default/orphan-mid').actions, [deleteOf(get(c, 'ReplicaSet/default/orphan-mid'), 'Background')]);
  // old, deleted in the background instead, is simply gone
  const gone = del(c, 'ReplicaSet', 'old', 'Background');
  assert.deepEqual(gc.sync(gone, 'ReplicaSet/default/mid').actions, [deleteOf(mid, 'Background')]);
});

test('orphan: each dependent loses its reference to the owner (and only that one), then the orphan finalizer goes', () => {
  let c = create(createCluster({ seed: 1 }), rs('web', { finalizers: ['example.com/hold'] }), rs('keep'));
  const web = get(c, 'ReplicaSet/default/web');
  const keep = get(c, 'ReplicaSet/default/keep');
  c = create(c, pod('a', [ref(web)]), pod('b', [ref(keep), ref(web)]));
  c = del(c, 'ReplicaSet', 'web', 'Orphan');
  const terminating = get(c, 'ReplicaSet/default/web');
  assert.deepEqual(terminating.metadata.finalizers, ['example.com/hold', 'orphan']);
  const { actions } = gc.sync(c, 'ReplicaSet/default/web');
  assert.deepEqual(actions.slice(0, 2), [dropRefs(get(c, 'Pod/default/a'), web.metadata.uid!), dropRefs(get(c, 'Pod/default/b'), web.metadata.uid!)]);
  assert.equal(actions.length, 3);
  assert.equal(actions[2].type === 'replace' && actions[2].actor, 'garbage-collector');
  assert.deepEqual(actions[2].type === 'replace' && actions[2].object.metadata.finalizers, ['example.com/hold'], 'the other finalizer stays');
  const after = applyActions(c, actions);
  assert.deepEqual(get(after, 'Pod/default/a').metadata.ownerReferences ?? [], []);
  assert.deepEqual(get(after, 'Pod/default/b').metadata.ownerReferences, [ref(keep)]);
  assert.ok(get(after, 'ReplicaSet/default/web').metadata.deletionTimestamp, 'still held by its own finalizer');
  // without another finalizer the owner goes once the orphan finalizer is removed
  const orphaning = del(create(createCluster({ seed: 1 }), rs('solo')), 'ReplicaSet', 'solo', 'Orphan');
  assert.equal(applyActions(orphaning, gc.sync(orphaning, 'ReplicaSet/default/solo').actions).store.objects.has('ReplicaSet/default/solo'), false);
});

test('foreground: the collector deletes the dependents, and frees the owner only when no dependent blocks it', () => {
  let c = create(createCluster({ seed: 1 }), rs('web'));
  const web = get(c, 'ReplicaSet/default/web');
  c = create(
    c,
    pod('a', [ref(web)]),
    pod('b', [ref(web, false)]),
    pod('c', [ref(web)], { finalizers: ['example.com/hold'] }),
    pod('o', [ref(web, false)], { finalizers: ['orphan'] }),
    rs('mid', { ownerReferences: [ref(web)] }),
  );
  c = create(c, pod('leaf', [ref(get(c, 'ReplicaSet/default/mid'))]));
  c = del(c, 'Pod', 'c'); // c is already terminating (held by its finalizer)
  assert.ok(get(c, 'Pod/default/c').metadata.deletionTimestamp);
  c = del(c, 'ReplicaSet', 'web', 'Foreground');
  // processDeletingDependentsItem / attemptToDeleteItem on each dependent: a, b, o and mid go
  // (mid in the foreground, since it has a dependent); c is already on its way; a blocks, so web waits
  assert.deepEqual(gc.sync(c, 'ReplicaSet/default/web').actions, [
    deleteOf(get(c, 'Pod/default/a'), 'Background'),
    deleteOf(get(c, 'Pod/default/b'), 'Background'),
    deleteOf(get(c, 'Pod/default/o'), 'Orphan'),
    deleteOf(get(c, 'ReplicaSet/default/mid'), 'Foreground'),
  ]);
  const after = applyActions(c, gc.sync(c, 'ReplicaSet/default/web').actions);
  assert.ok(get(after, 'ReplicaSet/default/web'), 'the owner waits');
  assert.deepEqual(get(after, 'ReplicaSet/default/mid').metadata.finalizers, ['foregroundDeletion']);
});

test('foreground: only a reference to this owner with blockOwnerDeletion holds it', () => {
  const start = (...deps: ((web: KObject) => KObject)[]): Cluster => {
    const c = create(createCluster({ seed: 1 }), rs('web'));
    const web = get(c, 'ReplicaSet/default/web');
    return del(create(c, ...deps.map((d) => d(web))), 'ReplicaSet', 'web', 'Foreground');
  };
  const frees = (c: Cluster) => gc.sync(c, 'ReplicaSet/default/web').actions.some((x) => x.type === 'replace' && !x.object.metadata.finalizers?.includes('foregroundDeletion'));
  assert.equal(frees(start((web) => pod('a', [ref(web)]))), false);
  assert.equal(frees(start((web) => pod('a', [ref(web, false)]))), true);
  assert.equal(frees(start((web) => pod('a', [ref(web), deadRef(false)]))), false, 'blocking, whatever its other references');
  assert.equal(frees(start((web) => pod('a', [deadRef(true), ref(web, false)]))), true, "another owner's blocking reference does not hold this one");
  assert.equal(frees(start()), true, 'no dependents at all');
  // freed: the owner goes; its non-blocking dependent is deleted in the same pass
  const c = start((web) => pod('b', [ref(web, false)]));
  const { actions } = gc.sync(c, 'ReplicaSet/default/web');
  assert.deepEqual(actions.map((x) => x.type), ['delete', 'replace']);
  const after = applyActions(c, actions);
  assert.equal(after.store.objects.has('ReplicaSet/default/web'), false);
  assert.equal(after.store.objects.has('Pod/default/b'), false);
});

test('nothing to do for an object that is gone, has no owners, or is already on its way out', () => {
  const { c: c0 } = owners();
  assert.deepEqual(gc.sync(c0, 'Pod/default/nope'), { actions: [] });
  assert.deepEqual(gc.sync(c0, 'ReplicaSet/default/keep'), { actions: [] }, 'no owner references');
  // a terminating dependent of a gone owner, without the collector's finalizers: upstream's
  // attemptToDeleteItem returns early for an item being deleted that is not deleting its dependents
  let c = create(c0, pod('t', [deadRef()], { finalizers: ['example.com/hold'] }));
  c = del(c, 'Pod', 't');
  assert.deepEqual(gc.sync(c, 'Pod/default/t'), { actions: [] });
  // the same for a pod in its graceful termination (bound to a node, no finalizers at all)
  const bound = create(c0, { ...pod('g', [deadRef()]), spec: { nodeName: 'w1-k8s', containers: [{ name: 'web', image: 'nginx:1.16' }] } });
  const terminating = del(bound, 'Pod', 'g');
  const g = get(terminating, 'Pod/default/g');
  assert.equal(g.metadata.deletionGracePeriodSeconds, 30);
  assert.deepEqual(gc.sync(terminating, 'Pod/default/g'), { actions: [] });
  assert.deepEqual(gc.enqueue(terminating, 'Pod/default/g', get(bound, 'Pod/default/g'), g), [], 'the start of a graceful deletion is not news');
});

test('the periodic resync covers every object with owners or a deletion pending, in key order', () => {
  let c = create(createCluster({ seed: 1 }), rs('zeta'), rs('alpha', { finalizers: ['example.com/hold'] }));
  const zeta = get(c, 'ReplicaSet/default/zeta');
  c = create(c, pod('y', [ref(zeta)]), pod('b', [ref(zeta)]), pod('plain'));
  c = del(c, 'ReplicaSet', 'alpha');
  // the nodes' Leases are owned by their Nodes too
  const leases = ['m-k8s', 'w1-k8s', 'w2-k8s', 'w3-k8s'].map((n) => `Lease/kube-node-lease/${n}`);
  assert.deepEqual(gc.resyncKeys(c), [...leases, 'Pod/default/b', 'Pod/default/y', 'ReplicaSet/default/alpha']);
});
