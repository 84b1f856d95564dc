import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, converge, createCluster, dispatch, KObject } from '../index';
import { Cluster } from '../cluster';
import { POD_GC_QUARANTINE_MS, podGarbageCollector as gc } from './pod-gc';

const pod = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'w1-k8s', containers: [{ name: 'web', image: 'nginx:1.16' }] } });

/** Two running pods on w1-k8s and one on w2-k8s, then w1-k8s's Node deleted (its kubelet stopped first). */
function lostNode(): { before: Cluster; c: Cluster; node: KObject } {
  let c = createCluster({ seed: 1 });
  for (const p of [pod('a'), pod('b'), { ...pod('c'), spec: { ...pod('c').spec, nodeName: 'w2-k8s' } }]) c = dispatch(c, { type: 'create', object: p }).cluster;
  c = converge(c);
  c = dispatch(c, { type: 'kubelet', node: 'w1-k8s', running: false }).cluster;
  const node = c.store.objects.get('Node//w1-k8s')!;
  const before = c;
  c = dispatch(c, { type: 'delete', ref: { kind: 'Node', name: 'w1-k8s' } }).cluster;
  return { before, c, node };
}

test('a deleted node with pods starts a 40 s quarantine, keyed by when it was found missing', () => {
  const { c, node } = lostNode();
  assert.deepEqual(gc.enqueue(c, 'Node//w1-k8s', node, undefined), [`Node//w1-k8s@${c.now}`]);
  // a deleted node with no pods, and a node that changed but exists, start nothing
  assert.deepEqual(gc.enqueue(c, 'Node//w9-k8s', { ...node, metadata: { ...node.metadata, name: 'w9-k8s' } }, undefined), []);
  assert.deepEqual(gc.enqueue(c, 'Node//w2-k8s', node, node), []);
  // a pod bound to a node that no longer exists starts one too; one bound to a live node does not
  const bound = { ...pod('late'), spec: { ...pod('late').spec, nodeName: 'w1-k8s' } };
  assert.deepEqual(gc.enqueue(c, 'Pod/default/late', { ...bound, spec: { ...bound.spec, nodeName: undefined } }, bound), [`Node//w1-k8s@${c.now}`]);
  assert.deepEqual(gc.enqueue(c, 'Pod/default/late', bound, bound), [], 'an update to a pod already bound there is not news');
  assert.deepEqual(gc.enqueue(c, 'Pod/default/c', null, { ...bound, spec: { ...bound.spec, nodeName: 'w2-k8s' } }), []);
  assert.deepEqual(gc.resyncKeys(c), [`Node//w1-k8s@${c.now}`]);
});

test('the collector waits out the quarantine, then fails and force-deletes each pod of the lost node', () => {
  const { c } = lostNode();
  const key = `Node//w1-k8s@${c.now}`;
  assert.deepEqual(gc.sync(c, key), { actions: [], wakeAt: { at: c.now + POD_GC_QUARANTINE_MS, kind: 'progress' } });
  assert.deepEqual(gc.sync({ ...c, now: c.now + POD_GC_QUARANTINE_MS - 1 }, key).actions, []);
  const later = { ...c, now: c.now + POD_GC_QUARANTINE_MS };
  const actions = gc.sync(later, key).actions;
  assert.deepEqual(
    actions.map((a: Action) => [a.type, a.type === 'delete' ? a.ref.name : a.type === 'updateStatus' ? a.object.metadata.name : '']),
    [['updateStatus', 'a'], ['delete', 'a'], ['updateStatus', 'b'], ['delete', 'b']],
  );
  const status = actions[0].type === 'updateStatus' ? actions[0].object.status : undefined;
  assert.equal(status.phase, 'Failed');
  assert.deepEqual(status.conditions.filter((x: { type: string }) => x.type === 'DisruptionTarget'), [
    { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: new Date(later.now).toISOString().replace(/\.\d{3}Z$/, 'Z'), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' },
  ]);
  // the pod's other conditions stay
  assert.ok(status.conditions.some((x: { type: string }) => x.type === 'Ready'));
  assert.deepEqual(actions[1].type === 'delete' && [actions[1].ref, actions[1].gracePeriodSeconds, actions[1].actor], [{ kind: 'Pod', namespace: 'default', name: 'a' }, 0, 'pod-garbage-collector']);
});

test('a pod already Succeeded or Failed is deleted without a status write; a node that came back is left alone', () => {
  const { before, c } = lostNode();
  const done = dispatch(c, { type: 'updateStatus', object: { ...c.store.objects.get('Pod/default/a')!, status: { ...c.store.objects.get('Pod/default/a')!.status, phase: 'Succeeded' } } }).cluster;
  const later = { ...done, now: done.now + POD_GC_QUARANTINE_MS };
  const actions = gc.sync(later, `Node//w1-k8s@${c.now}`).actions;
  assert.deepEqual(actions.map((a) => a.type), ['delete', 'updateStatus', 'delete']);
  // the Node is back (created again) before the quarantine ran out: nothing to collect
  const back = dispatch({ ...c, now: c.now + 1000 }, { type: 'create', object: { ...before.store.objects.get('Node//w1-k8s')!, metadata: { name: 'w1-k8s', labels: before.store.objects.get('Node//w1-k8s')!.metadata.labels } } }).cluster;
  assert.deepEqual(gc.sync({ ...back, now: back.now + POD_GC_QUARANTINE_MS }, `Node//w1-k8s@${c.now}`), { actions: [] });
  assert.deepEqual(gc.resyncKeys(back), []);
});
