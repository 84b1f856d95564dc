// Upstream behaviours the engine once lacked (pkg/controller/replicaset/replica_set.go: getReplicaSetsWithSameController, syncReplicaSet filtering inactive pods before claimPods).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, CONTROLLERS, converge, createCluster, dispatch, KObject } from '../index';
import { Cluster } from '../cluster';
import { replicaSetController as rsc } from './replicaset';

const at = (c: Cluster, key: string) => c.store.objects.get(key)!;
const rs = (name: string, replicas: number, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, ...extra },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
});

// replica_set.go getReplicaSetsWithSameController: a ReplicaSet without a controller has no
// related ReplicaSets, so getIndirectlyRelatedPods is empty and every pod's rank is 0. The engine
// (relatedPods: `parent ? ... : [owner]`) ranks a standalone ReplicaSet's pods by its own pods.
test('a standalone ReplicaSet does not rank its pods by co-location (no controller, no related pods)', () => {
  const kubelets = { controllers: CONTROLLERS.filter((l) => l.name === 'kubelet') };
  let c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: rs('a', 3) }).cluster;
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: at(c, 'ReplicaSet/default/a').metadata.uid!, controller: true, blockOwnerDeletion: true };
  const pod = (name: string, node: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'a' }, ownerReferences: [ref] }, spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx:1.16' }] } });
  c = dispatch(c, { type: 'create', object: pod('w2-a', 'w2-k8s') }).cluster;
  c = dispatch(c, { type: 'create', object: pod('w2-b', 'w2-k8s') }).cluster;
  c = advance(converge(c, kubelets), 60_000, kubelets);
  c = converge(dispatch(c, { type: 'create', object: pod('w1', 'w1-k8s') }).cluster, kubelets);
  c = dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'a' }, replicas: 2 }).cluster;
  // ranks all 0: w1 became ready most recently, so upstream deletes it
  const deleted = rsc.sync(c, 'ReplicaSet/default/a').actions.flatMap((a) => (a.type === 'delete' ? [a.ref.name] : []));
  assert.deepEqual(deleted, ['w1']);
});

// replica_set.go syncReplicaSet: `filteredPods := controller.FilterActivePods(allPods)` comes
// before claimPods, so a ReplicaSet never adopts (or releases) a finished or terminating pod.
// The engine's claimObjects sees every pod and adopts a Succeeded orphan, which the garbage
// collector then deletes along with the ReplicaSet.
test('a ReplicaSet does not adopt a finished orphan pod its selector matches', () => {
  let c = createCluster({ seed: 1 });
  c = converge(dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'done', labels: { app: 'a' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } }).cluster);
  assert.equal(at(c, 'Pod/default/done').status.phase, 'Succeeded');
  c = converge(dispatch(c, { type: 'create', object: rs('a', 1) }).cluster);
  assert.equal(at(c, 'Pod/default/done').metadata.ownerReferences, undefined);
});
