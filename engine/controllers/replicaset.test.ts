import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, KObject } from '../index';
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
