import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, applyActions, CONTROLLERS, converge, createCluster, dispatch, eventsOf, KObject, listResources } from '../index';
import { Cluster } from '../cluster';
import { keyOf } from '../store/store';
import { replicaSetController as rsc, replicationControllerController as rcc, selectorOf } from './replicaset';

const rs = (name: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } }, ...extra },
});
const rc = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name },
  spec: { replicas: 1, selector: { app: name }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
});

function cluster(...objects: KObject[]): Cluster {
  let c = createCluster({ seed: 1 });
  for (const o of objects) c = dispatch(c, { type: 'create', object: o }).cluster;
  return converge(c);
}
const podsOf = (c: Cluster, uid: string) => [...c.store.objects.values()].filter((p) => p.kind === 'Pod' && p.metadata.ownerReferences?.[0]?.uid === uid);

test('a ReplicationController selects with a plain map, a ReplicaSet with a LabelSelector', () => {
  assert.deepEqual(selectorOf(rc('x')), selectorOf(rs('x', { selector: { matchLabels: { app: 'x' } } })));
  assert.notDeepEqual(selectorOf(rc('x')), selectorOf(rc('y')));
  const c = cluster(rc('legacy'));
  assert.equal(podsOf(c, c.store.objects.get('ReplicationController/default/legacy')!.metadata.uid!).length, 1);
});

test('which changes wake which owner: its own, a pod it owned or owns, an orphan its selector matches', () => {
  const c = cluster(rs('a'), rs('b'), rc('a'));
  const a = c.store.objects.get('ReplicaSet/default/a')!;
  const pod = podsOf(c, a.metadata.uid!)[0];
  assert.deepEqual(rsc.enqueue(c, keyOf(a), null, a), ['ReplicaSet/default/a']);
  assert.deepEqual(rsc.enqueue(c, keyOf(a), a, undefined), ['ReplicaSet/default/a']);
  assert.deepEqual(rsc.enqueue(c, 'Service/default/a', null, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }), []);
  assert.deepEqual(rsc.enqueue(c, keyOf(pod), pod, pod), ['ReplicaSet/default/a']);
  // released: the old owner looks; the orphan is matched by ReplicaSet a's selector only (the RC is another loop's)
  const orphan = { ...pod, metadata: { ...pod.metadata, ownerReferences: [] } };
  assert.deepEqual(rsc.enqueue(c, keyOf(pod), pod, orphan), ['ReplicaSet/default/a']);
  assert.deepEqual(rcc.enqueue(c, keyOf(pod), pod, orphan), ['ReplicationController/default/a']);
  const relabelled = { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'b' } } };
  assert.deepEqual(rsc.enqueue(c, keyOf(pod), null, relabelled), ['ReplicaSet/default/b']);
  // a terminating orphan is nobody's to adopt
  assert.deepEqual(rsc.enqueue(c, keyOf(pod), null, { ...relabelled, metadata: { ...relabelled.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' } }), []);
  assert.deepEqual(rsc.enqueue(c, keyOf(pod), null, undefined), []);
  assert.deepEqual(rsc.resyncKeys(c), ['ReplicaSet/default/a', 'ReplicaSet/default/b']);
  assert.deepEqual(rcc.resyncKeys(c), ['ReplicationController/default/a']);
  assert.deepEqual(rsc.sync(c, 'ReplicaSet/default/gone'), { actions: [] });
});

test('status counts fully labelled, ready and available pods, and leaves zero counts out', () => {
  const c = cluster(rs('a', { minReadySeconds: 30 }));
  const a = c.store.objects.get('ReplicaSet/default/a')!;
  assert.deepEqual(a.status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  assert.equal(rsc.sync(c, keyOf(a)).wakeAt, undefined, 'nothing left to wait for');
  // ten seconds after the pods became ready: not yet available, and the controller asks to look again then
  const readyAt = podsOf(c, a.metadata.uid!).map((p) => Date.parse(p.status.conditions.find((x: { type: string }) => x.type === 'Ready').lastTransitionTime));
  const early = { ...c, now: Math.min(...readyAt) + 10_000 };
  const result = rsc.sync(early, keyOf(a));
  assert.deepEqual(result.wakeAt, { at: Math.min(...readyAt) + 30_000, kind: 'progress' });
  const write = result.actions.find((x) => x.type === 'updateStatus');
  assert.deepEqual(write?.type === 'updateStatus' && write.object.status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
  const later = c;
  // a pod missing a template label (not the selector's) is owned but not fully labelled
  const pod = podsOf(later, a.metadata.uid!)[0];
  const unlabelled = dispatch(later, { type: 'patch', ref: { kind: 'Pod', name: pod.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { tier: null } } } }).cluster;
  assert.equal(converge(unlabelled).store.objects.get('ReplicaSet/default/a')!.status.fullyLabeledReplicas, 1);
  // scaled to zero: no pod, and no zero counts written
  const none = converge(dispatch(later, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'a' }, replicas: 0 }).cluster);
  assert.deepEqual(none.store.objects.get('ReplicaSet/default/a')!.status, { replicas: 0, observedGeneration: 2 });
});

// ---------------------------------------------------------------------------------------------

const ns = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const at = (c: Cluster, key: string) => c.store.objects.get(key)!;

test('only pods wake a ReplicaSet: another kind of object with matching labels does not', () => {
  const c = cluster(rs('a'));
  const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'a', namespace: 'default', labels: { app: 'a' } } };
  assert.deepEqual(rsc.enqueue(c, 'Job/default/a', null, job), []);
});

test('a resync lists every ReplicaSet of every namespace, sorted by key', () => {
  let c = createCluster({ seed: 1 });
  for (const o of [ns('zeta'), ns('alpha'), { ...rs('b'), metadata: { name: 'b', namespace: 'zeta' } }, rs('c'), { ...rs('a'), metadata: { name: 'a', namespace: 'alpha' } }, rs('a'), rc('b')]) {
    c = dispatch(c, { type: 'create', object: o }).cluster;
  }
  assert.deepEqual(rsc.resyncKeys(c), ['ReplicaSet/alpha/a', 'ReplicaSet/default/a', 'ReplicaSet/default/c', 'ReplicaSet/zeta/b']);
  assert.deepEqual(rcc.resyncKeys(c), ['ReplicationController/default/b']);
});

test('a ReplicaSet with the pods it wants and an unchanged status makes no calls', () => {
  const c = cluster(rs('a'));
  assert.deepEqual(rsc.sync(c, 'ReplicaSet/default/a').actions, []);
});

test('pods are created from the template, already owned: labels, annotations, finalizers, spec, controller reference', () => {
  const withMeta = rs('a', {
    replicas: 1,
    template: {
      metadata: { labels: { app: 'a' }, annotations: { 'example.com/team': 'web' }, finalizers: ['example.com/hold'] },
      spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] },
    },
  });
  const c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: withMeta }).cluster;
  const owner = at(c, 'ReplicaSet/default/a');
  const after = applyActions(c, rsc.sync(c, 'ReplicaSet/default/a').actions);
  const pods = listResources(after, 'Pod');
  assert.equal(pods.length, 1);
  const pod = pods[0];
  assert.match(pod.metadata.name!, /^a-[a-z0-9]{5}$/);
  assert.deepEqual(pod.metadata.labels, { app: 'a' });
  assert.deepEqual(pod.metadata.annotations, { 'example.com/team': 'web' });
  assert.deepEqual(pod.metadata.finalizers, ['example.com/hold']);
  assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.equal(pod.spec.containers[0].image, 'nginx:1.16');
  assert.deepEqual(eventsOf(after, owner).map((e) => [e.type, e.reason, e.message]), [['Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`]]);
});

test('a create the API server rejects is reported as a FailedCreate warning, and no pod appears', () => {
  // the namespace goes away under a ReplicaSet that has not created its pods yet
  let c = createCluster({ seed: 1 });
  c = dispatch(c, { type: 'create', object: ns('shop') }).cluster;
  c = dispatch(c, { type: 'create', object: { ...rs('a', { replicas: 3 }), metadata: { name: 'a', namespace: 'shop' } } }).cluster;
  const owner = at(c, 'ReplicaSet/shop/a');
  c = dispatch(c, { type: 'delete', ref: { kind: 'Namespace', name: 'shop' } }).cluster;
  c = applyActions(c, rsc.sync(c, 'ReplicaSet/shop/a').actions);
  assert.deepEqual(listResources(c, 'Pod'), []);
  // slow start: the first batch (one create) failed, so the other two were never sent
  assert.deepEqual(
    eventsOf(c, owner).map((e) => [e.type, e.reason, e.message, e.source, e.count]),
    [['Warning', 'FailedCreate', 'Error creating: namespaces "shop" not found', 'replicaset-controller', 1]],
  );
});

test('conditions already in the status are kept when the controller writes it', () => {
  let c = cluster(rs('a'));
  const a = at(c, 'ReplicaSet/default/a');
  const cond = { type: 'Example', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'Testing', message: 'set by hand' };
  c = dispatch(c, { type: 'updateStatus', object: { ...a, status: { ...a.status, conditions: [cond] } } }).cluster;
  c = converge(dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'a' }, replicas: 3 }).cluster);
  assert.deepEqual(at(c, 'ReplicaSet/default/a').status, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 2, conditions: [cond] });
});

test('with minReadySeconds, the controller wakes when the first of its ready pods becomes available', () => {
  let c = advance(dispatch(createCluster({ seed: 1 }), { type: 'create', object: rs('a', { replicas: 1, minReadySeconds: 60 }) }).cluster, 15_000);
  c = advance(dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'a' }, replicas: 2 }).cluster, 10_000);
  const a = at(c, 'ReplicaSet/default/a');
  const readyAt = podsOf(c, a.metadata.uid!)
    .map((p) => Date.parse(p.status.conditions.find((x: { type: string }) => x.type === 'Ready').lastTransitionTime))
    .sort((x, y) => x - y);
  assert.equal(readyAt.length, 2);
  assert.ok(readyAt[1] > readyAt[0], 'the second pod became ready later');
  const result = rsc.sync(c, keyOf(a));
  assert.ok(c.now < readyAt[0] + 60_000, 'neither is available yet');
  assert.deepEqual(result.wakeAt, { at: readyAt[0] + 60_000, kind: 'progress' });
});

/**
 * A Deployment's old ReplicaSet with pods on w1-k8s and w2-k8s, its new one with a pod on w2-k8s.
 * The old pod on w1-k8s became ready last (it would go first by readiness), but w2-k8s holds
 * two of the Deployment's pods. Only the kubelets run while this is set up.
 */
function twoReplicaSets(extraNewPods: KObject[] = []): Cluster {
  const loops = CONTROLLERS.filter((l) => l.name === 'kubelet');
  let c = createCluster({ seed: 1 });
  const d: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } } };
  c = dispatch(c, { type: 'create', object: d }).cluster;
  const dRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: at(c, 'Deployment/default/web').metadata.uid!, controller: true, blockOwnerDeletion: true };
  const set = (name: string, replicas: number): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, ownerReferences: [dRef] },
    spec: { replicas, selector: { matchLabels: { app: 'web', rev: name } }, template: { metadata: { labels: { app: 'web', rev: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
  });
  c = dispatch(c, { type: 'create', object: set('old', 2) }).cluster;
  c = dispatch(c, { type: 'create', object: set('new', 1 + extraNewPods.length) }).cluster;
  const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: at(c, `ReplicaSet/default/${name}`).metadata.uid!, controller: true, blockOwnerDeletion: true });
  const pod = (name: string, rev: string, node: string, extra: Record<string, unknown> = {}): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web', rev }, ownerReferences: [ref(rev)], ...extra },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx:1.16' }] },
  });
  for (const p of [pod('old-w2', 'old', 'w2-k8s'), pod('new-w2', 'new', 'w2-k8s'), ...extraNewPods.map((p) => pod(p.metadata.name!, 'new', p.spec.nodeName, p.metadata))]) {
    c = dispatch(c, { type: 'create', object: p }).cluster;
  }
  c = converge(c, { controllers: loops });
  c = advance(c, 60_000, { controllers: loops });
  c = converge(dispatch(c, { type: 'create', object: pod('old-w1', 'old', 'w1-k8s') }).cluster, { controllers: loops });
  return dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'old' }, replicas: 1 }).cluster;
}

const deletedBy = (c: Cluster, key: string) =>
  rsc.sync(c, key).actions.flatMap((a) => (a.type === 'delete' ? [a.ref.name] : []));

test("scaling down, a ReplicaSet deletes first the pod on the node most crowded with its Deployment's pods", () => {
  const c = twoReplicaSets();
  assert.deepEqual(listResources(c, 'Pod').map((p) => [p.metadata.name, p.spec.nodeName, p.status.phase]), [['new-w2', 'w2-k8s', 'Running'], ['old-w1', 'w1-k8s', 'Running'], ['old-w2', 'w2-k8s', 'Running']]);
  assert.deepEqual(deletedBy(c, 'ReplicaSet/default/old'), ['old-w2']);
  const after = applyActions(c, rsc.sync(c, 'ReplicaSet/default/old').actions);
  assert.ok(at(after, 'Pod/default/old-w2').metadata.deletionTimestamp);
  assert.equal(at(after, 'Pod/default/old-w1').metadata.deletionTimestamp, undefined);
  const events = eventsOf(after, at(c, 'ReplicaSet/default/old')).filter((e) => e.reason === 'SuccessfulDelete');
  assert.deepEqual(events.map((e) => [e.type, e.message, e.source]), [['Normal', 'Deleted pod: old-w2', 'replicaset-controller']]);
});

test('a terminating pod of a sibling ReplicaSet does not make its node crowded', () => {
  // new-w1 is on its way out (a finalizer holds it): w1-k8s has one live pod of the Deployment, w2-k8s two
  let c = twoReplicaSets([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new-w1', finalizers: ['example.com/hold'] }, spec: { nodeName: 'w1-k8s' } }]);
  c = dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: 'new-w1' } }).cluster;
  assert.ok(at(c, 'Pod/default/new-w1').metadata.deletionTimestamp);
  assert.deepEqual(deletedBy(c, 'ReplicaSet/default/old'), ['old-w2']);
});

test('one sync creates at most 500 pods (BurstReplicas), sent in slow-start batches', () => {
  const c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: rs('big', { replicas: 501 }) }).cluster;
  const batches = rsc.sync(c, 'ReplicaSet/default/big').actions.filter((a) => a.type === 'slowStart');
  assert.equal(batches.length, 1);
  assert.equal(batches[0].type === 'slowStart' && batches[0].actions.filter((a) => a.type === 'create').length, 500);
});
