// Upstream behaviours the engine once lacked: pkg/controller/garbagecollector attemptToDeleteItem for the dependents of a foreground deletion, pkg/controller/podgc gcOrphaned (bound pods only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, KObject } from '../index';
import { advance, resync } from '../control-plane';
import { podGarbageCollector } from '../controllers/pod-gc';

const rs = (name: string): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } } });

// garbagecollector.go attemptToDeleteItem: a dependent with a solid owner left is not deleted when
// another owner is deleted in the foreground; only its reference to the waiting owner is patched out
// (graph_builder.go processTransitions enqueues the dependents into attemptToDelete).
test('foreground deletion of one owner leaves a dependent that has another live owner, only dropping the reference (attemptToDeleteItem)', () => {
  let c = createCluster({ seed: 1 });
  c = dispatch(c, { type: 'create', object: rs('a') }).cluster;
  c = dispatch(c, { type: 'create', object: rs('b') }).cluster;
  const ref = (o: KObject) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.metadata.name!, uid: o.metadata.uid!, blockOwnerDeletion: true });
  const b = c.store.objects.get('ReplicaSet/default/b')!;
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shared', ownerReferences: [ref(c.store.objects.get('ReplicaSet/default/a')!), ref(b)] }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } }).cluster;
  c = converge(c);
  c = converge(dispatch(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: 'a' }, propagationPolicy: 'Foreground' }).cluster);
  assert.equal(c.store.objects.has('ReplicaSet/default/a'), false);
  assert.deepEqual(c.store.objects.get('Pod/default/shared')?.metadata.ownerReferences, [ref(b)]);
});

// gc_controller.go gcOrphaned: only pods with a non-empty spec.nodeName whose node is missing are
// quarantined; the store indexes unscheduled pods under node '', which the resync treats as a lost node.
test('after a resync (loop restart) an unschedulable Pending pod is left alone: gcOrphaned looks at bound pods only', () => {
  let c = createCluster({ seed: 1 });
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'web', image: 'nginx:1.16', resources: { requests: { cpu: '500' } } }] } } }).cluster;
  c = converge(c);
  assert.deepEqual(podGarbageCollector.resyncKeys(c), []);
  c = advance(resync(c), 60_000);
  assert.equal(c.store.objects.get('Pod/default/big')?.status.phase, 'Pending');
});
