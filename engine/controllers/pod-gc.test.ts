import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, converge, createCluster, dispatch, KObject } from '../index';
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
  // a pod deleted, or an object created and deleted before the loop looked, starts nothing
  assert.deepEqual(gc.enqueue(c, 'Pod/default/a', c.store.objects.get('Pod/default/a')!, undefined), []);
  assert.deepEqual(gc.enqueue(c, 'Pod/default/gone', null, undefined), []);
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

/** Pods bound straight to w9-k8s, a node that never existed (as if it was deleted before they were seen). */
function boundToMissingNode(...pods: KObject[]): Cluster {
  let c = createCluster({ seed: 1 });
  for (const p of pods) {
    const r = dispatch(c, { type: 'create', object: { ...p, spec: { ...p.spec, nodeName: p.spec.nodeName === 'w1-k8s' ? 'w9-k8s' : p.spec.nodeName } } });
    assert.ok(r.outcome.ok);
    c = r.cluster;
  }
  return c;
}
const statusWrites = (actions: Action[]) => actions.flatMap((a) => (a.type === 'updateStatus' ? [a.object] : []));

test('markFailedAndDeletePodWithCondition: a Failed pod gets no status write; DisruptionTarget is added once, replacing an earlier one', () => {
  let c = boundToMissingNode(pod('bare'), pod('failed'), pod('marked'));
  const set = (name: string, status: Record<string, unknown>) => {
    const live = c.store.objects.get(`Pod/default/${name}`)!;
    c = dispatch(c, { type: 'updateStatus', object: { ...live, status: { ...live.status, ...status } } }).cluster;
  };
  set('failed', { phase: 'Failed' });
  set('marked', { conditions: [{ type: 'DisruptionTarget', status: 'False', reason: 'Other', lastTransitionTime: '2025-01-01T00:00:00Z' }, { type: 'PodScheduled', status: 'True' }] });
  assert.equal(c.store.objects.get('Pod/default/bare')!.status.conditions, undefined, 'a bound pod nobody ran has no conditions yet');
  const later = { ...c, now: c.now + POD_GC_QUARANTINE_MS };
  const actions = gc.sync(later, `Node//w9-k8s@${c.now}`).actions;
  assert.deepEqual(actions.map((a) => [a.type, a.type === 'delete' ? a.ref.name : a.type === 'updateStatus' ? a.object.metadata.name : '']), [
    ['updateStatus', 'bare'], ['delete', 'bare'], ['delete', 'failed'], ['updateStatus', 'marked'], ['delete', 'marked'],
  ]);
  const [bare, marked] = statusWrites(actions);
  assert.deepEqual(bare.status.conditions.map((x: { type: string; reason: string }) => [x.type, x.reason]), [['DisruptionTarget', 'DeletionByPodGC']]);
  assert.equal(bare.status.qosClass, 'BestEffort', 'the rest of the status stays');
  const disruption = marked.status.conditions.filter((x: { type: string }) => x.type === 'DisruptionTarget');
  assert.deepEqual(disruption.map((x: { status: string; reason: string }) => [x.status, x.reason]), [['True', 'DeletionByPodGC']]);
  assert.ok(marked.status.conditions.some((x: { type: string }) => x.type === 'PodScheduled'));
  // applied: the pods are gone, whatever their phase
  const after = applyActions(later, actions);
  assert.deepEqual(['bare', 'failed', 'marked'].filter((n) => after.store.objects.has(`Pod/default/${n}`)), []);
});

test('the pods of a lost node go in name order; a lost node whose pods are already gone needs nothing, not even a wake-up', () => {
  const c = boundToMissingNode(pod('zeta'), pod('alpha'));
  const actions = gc.sync({ ...c, now: c.now + POD_GC_QUARANTINE_MS }, `Node//w9-k8s@${c.now}`).actions;
  assert.deepEqual(actions.filter((a) => a.type === 'delete').map((a) => a.type === 'delete' && a.ref.name), ['alpha', 'zeta']);
  // w8-k8s has no pods (it never had any here): nothing to wait for
  assert.deepEqual(gc.sync(c, `Node//w8-k8s@${c.now}`), { actions: [] });
  const emptied = dispatch(dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: 'zeta' }, gracePeriodSeconds: 0 }).cluster, { type: 'delete', ref: { kind: 'Pod', name: 'alpha' }, gracePeriodSeconds: 0 }).cluster;
  assert.deepEqual(gc.sync(emptied, `Node//w9-k8s@${c.now}`), { actions: [] });
});

test('the resync lists each lost node that still has pods, in name order', () => {
  const c = boundToMissingNode(pod('a'), { ...pod('b'), spec: { ...pod('b').spec, nodeName: 'w8-k8s' } }, { ...pod('c'), spec: { ...pod('c').spec, nodeName: 'w2-k8s' } });
  assert.deepEqual(gc.resyncKeys(c), [`Node//w8-k8s@${c.now}`, `Node//w9-k8s@${c.now}`]);
});
