// Behaviours upstream has and the engine once lacked (pkg/controller/daemon/daemon_controller.go podsShouldBeOnNode, syncDaemonSet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, converge, createCluster, dispatch, eventsOf, KObject } from '../index';
import { Cluster } from '../cluster';
import { daemonSetController as dsc } from './daemonset';

const KEY = 'DaemonSet/default/node-monitor';
const monitor = (): KObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-monitor' }, spec: { selector: { matchLabels: { app: 'node-monitor' } }, template: { metadata: { labels: { app: 'node-monitor' } }, spec: { containers: [{ name: 'monitor', image: 'nginx:1.16' }] } } } });
const send = (c: Cluster, a: Action) => dispatch(c, a).cluster;
const created = (actions: Action[]) => actions.flatMap((a) => (a.type === 'slowStart' ? a.actions : [a])).filter((a) => a.type === 'create');
const podOn = (c: Cluster, node: string) => [...c.store.objects.values()].find((p) => p.kind === 'Pod' && p.spec.nodeName === node)!;

// daemon_controller.go podsShouldBeOnNode: `exists` counts terminating pods, so with maxSurge 0 the
// replacement waits until the old pod is gone (kubernetes#50477, fixed by #51279)
test('no replacement is created while the node\'s daemon pod is still terminating', () => {
  const c = converge(send(createCluster({ seed: 1 }), { type: 'create', object: monitor() }));
  const terminating = send(c, { type: 'delete', ref: { kind: 'Pod', name: podOn(c, 'w1-k8s').metadata.name! } });
  assert.deepEqual(created(dsc.sync(terminating, KEY).actions), []);
});

// podsShouldBeOnNode: a Failed pod is deleted with a FailedDaemonPod warning; the node gets its new pod on a later sync
test('a failed daemon pod is reported as FailedDaemonPod and replaced only once it is gone', () => {
  const c = converge(send(createCluster({ seed: 1 }), { type: 'create', object: monitor() }));
  const pod = podOn(c, 'w1-k8s');
  const failed = send(c, { type: 'updateStatus', object: { ...pod, status: { ...pod.status, phase: 'Failed' } } });
  const r = dsc.sync(failed, KEY);
  assert.deepEqual(created(r.actions), []);
  const after = applyActions(failed, r.actions);
  assert.ok(eventsOf(after).some((e) => e.type === 'Warning' && e.reason === 'FailedDaemonPod' && e.message === `Found failed daemon pod default/${pod.metadata.name} on node w1-k8s, will try to kill it`));
});

// syncDaemonSet: `if ds.DeletionTimestamp != nil { return nil }` before any status update
test('a DaemonSet being deleted gets no status writes', () => {
  const c = converge(send(createCluster({ seed: 1 }), { type: 'create', object: monitor() }));
  const deleting = send(c, { type: 'delete', ref: { kind: 'DaemonSet', name: 'node-monitor' }, propagationPolicy: 'Foreground' });
  const gone = send(deleting, { type: 'delete', ref: { kind: 'Pod', name: podOn(c, 'w1-k8s').metadata.name! }, gracePeriodSeconds: 0 });
  assert.deepEqual(dsc.sync(gone, KEY).actions, []);
});

// getNodesToDaemonPods skips a pod GetTargetNodeName cannot place; getUnscheduledPodsWithoutNode never sees it
test('an adopted pending pod with no node affinity is not deleted', () => {
  const c = converge(send(createCluster({ seed: 1 }), { type: 'create', object: monitor() }));
  const stray = send(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'node-monitor' } }, spec: { schedulerName: 'none', containers: [{ name: 'm', image: 'nginx:1.16' }] } } });
  assert.ok(!dsc.sync(stray, KEY).actions.some((a) => a.type === 'delete' && a.ref.name === 'stray'));
});

// updateDaemonSetStatus: `scheduled := len(nodeToDaemonPods[node.Name]) > 0` counts a node whose pod is terminating
