import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, converge, createCluster, defaultNodes, dispatch, eventsOf, KObject, nodeObject } from '../index';
import { Cluster } from '../cluster';
import { keyOf, putObject } from '../store/store';
import { daemonSetController as dsc, daemonSetHash, DAEMON_HASH_LABEL, nodeShouldRunDaemonPod, TEMPLATE_GENERATION_LABEL } from './daemonset';

const KEY = 'DaemonSet/default/node-monitor';
const monitor = (spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-monitor' },
  spec: {
    selector: { matchLabels: { app: 'node-monitor' } },
    template: { metadata: { labels: { app: 'node-monitor' } }, spec: { containers: [{ name: 'monitor', image: 'nginx:1.16' }], ...podSpec } },
    ...spec,
  },
});

function send(c: Cluster, ...actions: Action[]): Cluster {
  for (const a of actions) {
    const r = dispatch(c, a);
    assert.ok(r.outcome.ok, `${a.type} failed: ${!r.outcome.ok && r.outcome.status.message}`);
    c = r.cluster;
  }
  return c;
}
function cluster(ds: KObject, workers = 3): Cluster {
  return converge(send(createCluster({ seed: 1, nodes: defaultNodes(workers) }), { type: 'create', object: ds }));
}
const dsOf = (c: Cluster) => c.store.objects.get(KEY)!;
const podsOf = (c: Cluster) => [...c.store.objects.values()].filter((p) => p.kind === 'Pod' && p.metadata.ownerReferences?.[0]?.uid === dsOf(c).metadata.uid);
const podOn = (c: Cluster, node: string) => podsOf(c).find((p) => p.spec.nodeName === node)!;
/** the pods a sync creates (flattened out of its slow-start batch) */
const created = (actions: Action[]): KObject[] => actions.flatMap((a) => (a.type === 'slowStart' ? a.actions : [a])).flatMap((a) => (a.type === 'create' ? [a.object] : []));
const targetOf = (pod: KObject): string => pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
const deleted = (actions: Action[]): string[] => actions.flatMap((a) => (a.type === 'delete' ? [a.ref.name] : []));
const statusOf = (actions: Action[]) => {
  const w = actions.find((a) => a.type === 'updateStatus');
  return w?.type === 'updateStatus' ? w.object.status : undefined;
};
const setImage = (c: Cluster, image: string) =>
  send(c, { type: 'patch', ref: { kind: 'DaemonSet', name: 'node-monitor' }, patchType: 'merge', patch: { spec: { template: { spec: { containers: [{ name: 'monitor', image }] } } } } });
const setStatus = (c: Cluster, pod: KObject, status: Record<string, unknown>) => send(c, { type: 'updateStatus', object: { ...pod, status: { ...pod.status, ...status } } });
const forceDelete = (c: Cluster, name: string) => send(c, { type: 'delete', ref: { kind: 'Pod', name }, gracePeriodSeconds: 0 });
const orphan = (name: string, spec: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'node-monitor' } },
  spec: { containers: [{ name: 'monitor', image: 'nginx:1.16' }], ...spec },
});
const addNode = (c: Cluster, name: string) => send(c, { type: 'create', object: nodeObject({ name, role: 'worker', podCIDR: '172.16.50.0/24', internalIP: '192.168.1.150' }) });
const readyAt = (pod: KObject) => Date.parse(pod.status.conditions.find((x: { type: string }) => x.type === 'Ready').lastTransitionTime);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const worker = (taints: { key: string; value?: string; effect: string }[] = [], labels: Record<string, string> = {}, name = 'w1-k8s') =>
  nodeObject({ name, role: 'worker', podCIDR: '172.16.221.128/26', internalIP: '192.168.1.101', taints, labels });

test('nodeShouldRunDaemonPod: node name, selector and affinity decide both answers; NoSchedule stops new pods, NoExecute evicts', () => {
  const ds = monitor();
  assert.deepEqual(nodeShouldRunDaemonPod(worker(), ds), { shouldRun: true, shouldContinueRunning: true });
  // the control plane's NoSchedule taint: no new pod, but one already there may stay
  const cp = nodeObject({ name: 'm-k8s', role: 'control-plane', podCIDR: '172.16.171.64/26', internalIP: '192.168.1.10', taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
  assert.deepEqual(nodeShouldRunDaemonPod(cp, ds), { shouldRun: false, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), ds), { shouldRun: false, shouldContinueRunning: false });
  const tolerant = monitor({}, { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), tolerant), { shouldRun: true, shouldContinueRunning: true });
  // the daemon tolerations: a cordoned or pressured node still runs it
  const cordoned = worker([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }]);
  cordoned.spec.unschedulable = true;
  assert.deepEqual(nodeShouldRunDaemonPod(cordoned, ds), { shouldRun: true, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), ds), { shouldRun: true, shouldContinueRunning: true });
  // network-unavailable is tolerated only by a hostNetwork daemon (AddOrUpdateDaemonPodTolerations)
  const noNetwork = worker([{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]);
  assert.deepEqual(nodeShouldRunDaemonPod(noNetwork, ds), { shouldRun: false, shouldContinueRunning: true });
  assert.deepEqual(nodeShouldRunDaemonPod(noNetwork, monitor({}, { hostNetwork: true })), { shouldRun: true, shouldContinueRunning: true });
  // a template nodeName keeps the daemon to that node
  const pinned = monitor({}, { nodeName: 'w2-k8s' });
  assert.deepEqual(nodeShouldRunDaemonPod(worker(), pinned), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([], {}, 'w2-k8s'), pinned), { shouldRun: true, shouldContinueRunning: true });
  // a nodeSelector that does not match wins over everything, even on a tainted node
  const ssd = monitor({}, { nodeSelector: { disktype: 'ssd' } });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([{ key: 'dedicated', effect: 'NoSchedule' }]), ssd), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(nodeShouldRunDaemonPod(worker([], { disktype: 'ssd' }), ssd), { shouldRun: true, shouldContinueRunning: true });
});

test('a daemon pod: template labels and annotations, the revision labels, a controller ref, one per eligible node by node-name affinity', () => {
  const ds = monitor({}, {
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' },
    ],
    affinity: {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'other' } }, topologyKey: 'kubernetes.io/hostname' }] },
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }],
      },
    },
  });
  ds.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true' };
  const c = send(createCluster({ seed: 1 }), { type: 'create', object: ds });
  const stored = dsOf(c);
  const { actions } = dsc.sync(c, KEY);
  const pods = created(actions);
  assert.equal(actions.filter((a) => a.type === 'slowStart').length, 1, 'the creates go out in one slow-start batch');
  // one per worker, in node order; the tainted control-plane node gets none
  assert.deepEqual(pods.map(targetOf), ['w1-k8s', 'w2-k8s', 'w3-k8s']);
  const pod = pods[0];
  assert.equal(pod.metadata.generateName, 'node-monitor-');
  assert.deepEqual(pod.metadata.labels, { app: 'node-monitor', [DAEMON_HASH_LABEL]: daemonSetHash(stored), [TEMPLATE_GENERATION_LABEL]: '1' });
  assert.deepEqual(pod.metadata.annotations, { 'prometheus.io/scrape': 'true' });
  assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-monitor', uid: stored.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  // ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become the one naming the node; the rest of the affinity stays
  assert.deepEqual(pod.spec.affinity, {
    podAntiAffinity: ds.spec.template.spec.affinity.podAntiAffinity,
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1-k8s'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: ds.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution,
    },
  });
  // AddOrUpdateTolerationInPodSpec: a toleration matching a daemon one is replaced by it (no tolerationSeconds: never evicted
  // from a not-ready node); others are kept, even of the same key with another effect
  const tolerations: { key?: string; effect?: string }[] = pod.spec.tolerations;
  const byEffect = (a: { effect?: string }, b: { effect?: string }) => (a.effect ?? '').localeCompare(b.effect ?? '');
  assert.deepEqual(tolerations.filter((t) => t.key === 'node.kubernetes.io/not-ready').sort(byEffect), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
  ]);
  assert.ok(tolerations.some((t) => t.key === 'dedicated'));
  assert.deepEqual(tolerations.map((t) => `${t.key}:${t.effect}`).filter((k) => k.startsWith('node.kubernetes.io/')).sort(), [
    'node.kubernetes.io/disk-pressure:NoSchedule',
    'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/not-ready:NoExecute',
    'node.kubernetes.io/not-ready:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule',
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  // a hostNetwork daemon tolerates network-unavailable as well
  const host = send(createCluster({ seed: 1 }), { type: 'create', object: monitor({}, { hostNetwork: true }) });
  const hostPod = created(dsc.sync(host, KEY).actions)[0];
  assert.ok(hostPod.spec.tolerations.some((t: { key: string; effect: string; operator: string }) => t.key === 'node.kubernetes.io/network-unavailable' && t.effect === 'NoSchedule' && t.operator === 'Exists'));
  assert.ok(!pod.spec.tolerations.some((t: { key: string }) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('creates and deletes are reported as events on the DaemonSet; a rejected create as a FailedCreate warning, once per slow-start batch', () => {
  const c = cluster(monitor());
  const events = eventsOf(c, dsOf(c)).filter((e) => e.source === 'daemonset-controller');
  assert.deepEqual(events.map((e) => [e.type, e.reason, e.message]).sort(), podsOf(c).map((p) => ['Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`]).sort());
  // w2-k8s stops matching the selector: its pod is deleted, and the deletion reported
  const ssd = cluster(monitor({}, { nodeSelector: { disktype: 'ssd' } }));
  let labelled = send(ssd, { type: 'patch', ref: { kind: 'Node', name: 'w2-k8s' }, patchType: 'merge', patch: { metadata: { labels: { disktype: 'ssd' } } } });
  labelled = converge(labelled);
  const pod = podOn(labelled, 'w2-k8s');
  const unlabelled = converge(send(labelled, { type: 'patch', ref: { kind: 'Node', name: 'w2-k8s' }, patchType: 'merge', patch: { metadata: { labels: { disktype: null } } } }));
  assert.equal(podsOf(unlabelled).length, 0);
  const last = eventsOf(unlabelled, dsOf(unlabelled)).at(-1)!;
  assert.deepEqual([last.type, last.reason, last.message, last.source], ['Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'daemonset-controller']);
  // the namespace is gone: the first create fails, and the slow start sends no more (RealPodControl: "Error creating: %v")
  let team = send(createCluster({ seed: 1 }), { type: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
  team = send(team, { type: 'create', object: { ...monitor(), metadata: { name: 'node-monitor', namespace: 'team' } } });
  team = send(team, { type: 'delete', ref: { kind: 'Namespace', name: 'team' } });
  const ds = team.store.objects.get('DaemonSet/team/node-monitor')!;
  const failed = applyActions(team, dsc.sync(team, keyOf(ds)).actions);
  const warnings = eventsOf(failed, ds).filter((e) => e.type === 'Warning');
  assert.deepEqual(warnings.map((e) => [e.reason, e.count, e.source]), [['FailedCreate', 1, 'daemonset-controller']]);
  assert.match(warnings[0].message, /^Error creating: .*team/);
});

test('status: counted over the nodes that should run the daemon, zero counts left out as omitempty does', () => {
  // just created, the pods not yet scheduled: they count for the node their affinity names
  const fresh = send(createCluster({ seed: 1 }), { type: 'create', object: monitor() });
  const pending = applyActions(fresh, dsc.sync(fresh, KEY).actions);
  const { actions, wakeAt } = dsc.sync(pending, KEY);
  assert.deepEqual(created(actions), [], 'a pending pod is the node\'s pod');
  assert.deepEqual(statusOf(actions), { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 3, numberUnavailable: 3 });
  assert.equal(wakeAt, undefined);
  // settled: every pod ready and available, nothing unavailable; a sync then has nothing to do
  const c = cluster(monitor());
  assert.deepEqual(dsOf(c).status, { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });
  const steady = dsc.sync(c, KEY);
  assert.deepEqual(steady.actions, []);
  assert.equal(steady.wakeAt, undefined);
  // a NoSchedule taint: the pod stays but is misscheduled; the node is no longer desired
  const tainted = converge(send(c, { type: 'patch', ref: { kind: 'Node', name: 'w1-k8s' }, patchType: 'merge', patch: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } } }));
  assert.ok(podOn(tainted, 'w1-k8s'));
  assert.deepEqual(dsOf(tainted).status, { currentNumberScheduled: 2, numberMisscheduled: 1, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 });
  // a NoExecute one evicts it
  const evicted = converge(send(tainted, { type: 'patch', ref: { kind: 'Node', name: 'w1-k8s' }, patchType: 'merge', patch: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } } }));
  assert.equal(podOn(evicted, 'w1-k8s'), undefined);
  assert.equal(dsOf(evicted).status.numberMisscheduled, 0);
  // a collision count is kept, and changes the revision hash
  const collided = send(c, { type: 'updateStatus', object: { ...dsOf(c), status: { ...dsOf(c).status, collisionCount: 1 } } });
  assert.notEqual(daemonSetHash(dsOf(collided)), daemonSetHash(dsOf(c)));
  assert.equal(daemonSetHash(dsOf(c)), podOn(c, 'w1-k8s').metadata.labels?.[DAEMON_HASH_LABEL]);
  const after = converge(collided);
  assert.equal(dsOf(after).status.collisionCount, 1);
  assert.deepEqual(new Set(podsOf(after).map((p) => p.metadata.labels?.[DAEMON_HASH_LABEL])), new Set([daemonSetHash(dsOf(after))]));
});

test('with minReadySeconds a ready pod is available only later, and the controller asks to look again then', () => {
  const c = cluster(monitor({ minReadySeconds: 30 }), 5);
  const pods = podsOf(c);
  assert.equal(pods.length, 5);
  assert.equal(dsOf(c).status.numberAvailable, 5, 'converge waited the 30 s out');
  assert.equal(dsc.sync(c, KEY).wakeAt, undefined, 'nothing left to wait for');
  // ten seconds after they became ready: ready, not available, and a wake-up at the first moment one becomes available
  const t = Math.max(...pods.map(readyAt));
  const early = { ...c, now: t + 10_000 };
  const r = dsc.sync(early, KEY);
  assert.deepEqual(statusOf(r.actions), { currentNumberScheduled: 5, numberMisscheduled: 0, desiredNumberScheduled: 5, numberReady: 5, observedGeneration: 1, updatedNumberScheduled: 5, numberUnavailable: 5 });
  assert.deepEqual(r.wakeAt, { at: Math.min(...pods.map(readyAt)) + 30_000, kind: 'progress' });
  // pods ready at different moments: the earliest that is still to come; one available right now, one not ready, and one
  // with no Ready condition at all do not count
  const now = t + 60_000;
  const ready = (since: number) => ({ conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(since) }] });
  let mixed = { ...c, now };
  mixed = setStatus(mixed, pods[0], ready(now - 5_000));
  mixed = setStatus(mixed, pods[1], ready(now - 2_000));
  mixed = setStatus(mixed, pods[2], { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: iso(now - 9_000) }] });
  mixed = setStatus(mixed, pods[3], ready(now - 30_000));
  mixed = setStatus(mixed, pods[4], { conditions: [] });
  const m = dsc.sync(mixed, KEY);
  assert.deepEqual(m.wakeAt, { at: now + 25_000, kind: 'progress' });
  assert.deepEqual(statusOf(m.actions), { currentNumberScheduled: 5, numberMisscheduled: 0, desiredNumberScheduled: 5, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 5, numberAvailable: 1, numberUnavailable: 4 });
  // without minReadySeconds there is never anything to wait for
  assert.equal(dsc.sync({ ...cluster(monitor()), now: t + 1 }, KEY).wakeAt, undefined);
});

test('RollingUpdate, maxUnavailable 1: one old pod at a time, the next only once the new one is available', () => {
  const c = cluster(monitor());
  const old = podsOf(c);
  const updated = setImage(c, 'nginx:1.17');
  // first sync: the first node's old pod goes; no create in the same sync
  const first = dsc.sync(updated, KEY);
  assert.deepEqual(deleted(first.actions), [podOn(c, 'w1-k8s').metadata.name]);
  assert.deepEqual(created(first.actions), []);
  assert.deepEqual(statusOf(first.actions), { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 2, numberAvailable: 3 });
  // the old pod gone: the next sync creates its replacement with the new revision
  const emptied = forceDelete(applyActions(updated, first.actions), podOn(c, 'w1-k8s').metadata.name!);
  const second = dsc.sync(emptied, KEY);
  const [fresh] = created(second.actions);
  assert.equal(targetOf(fresh), 'w1-k8s');
  assert.equal(fresh.metadata.labels?.[DAEMON_HASH_LABEL], daemonSetHash(dsOf(updated)));
  assert.equal(fresh.metadata.labels?.[TEMPLATE_GENERATION_LABEL], '2');
  assert.deepEqual(deleted(second.actions), []);
  // the new pod is not available yet: it uses up maxUnavailable, so no other old pod goes
  const replacing = applyActions(emptied, second.actions);
  const third = dsc.sync(replacing, KEY);
  assert.deepEqual(third.actions.filter((a) => a.type !== 'updateStatus'), []);
  assert.deepEqual(statusOf(third.actions), { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberUnavailable: 1 });
  // to the end: every pod replaced, all of the new revision
  const done = converge(updated);
  assert.equal(podsOf(done).filter((p) => old.some((o) => o.metadata.uid === p.metadata.uid)).length, 0);
  assert.deepEqual(podsOf(done).map((p) => p.metadata.labels?.[TEMPLATE_GENERATION_LABEL]), ['2', '2', '2']);
  assert.equal(dsOf(done).status.updatedNumberScheduled, 3);
});

test('RollingUpdate: maxUnavailable as a percentage of the desired nodes, rounded up; old pods not yet available go at once', () => {
  // 60% of 3 desired nodes (the control plane is not one) is 1.8: 2 at a time
  const pct = setImage(cluster(monitor({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '60%' } } })), 'nginx:1.17');
  assert.equal(deleted(dsc.sync(pct, KEY).actions).length, 2);
  // minReadySeconds 30 and the template changed 10 s after the pods became ready: none is available, so all are replaced
  const slow = cluster(monitor({ minReadySeconds: 30 }));
  const early = { ...setImage(slow, 'nginx:1.17'), now: Math.max(...podsOf(slow).map(readyAt)) + 10_000 };
  assert.deepEqual(deleted(dsc.sync(early, KEY).actions).sort(), podsOf(slow).map((p) => p.metadata.name).sort());
  // once they are available, one at a time again
  const later = { ...early, now: early.now + 20_000 };
  assert.equal(deleted(dsc.sync(later, KEY).actions).length, 1);
});

test('the rolling update waits while the sync has pods to create or delete; OnDelete replaces only pods deleted by hand', () => {
  // a node joins as the template changes: the sync creates there and deletes nothing
  const c = cluster(monitor());
  const both = addNode(setImage(c, 'nginx:1.17'), 'w4-k8s');
  const r = dsc.sync(both, KEY);
  assert.deepEqual(created(r.actions).map(targetOf), ['w4-k8s']);
  assert.deepEqual(deleted(r.actions), []);
  // OnDelete: the new template is used only for a pod that is gone
  const onDelete = cluster(monitor({ updateStrategy: { type: 'OnDelete' } }));
  const changed = setImage(onDelete, 'nginx:1.17');
  const s = dsc.sync(changed, KEY);
  assert.deepEqual(s.actions.filter((a) => a.type !== 'updateStatus'), []);
  assert.deepEqual(statusOf(s.actions), { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 2, numberAvailable: 3 });
  const after = converge(forceDelete(converge(changed), podOn(onDelete, 'w2-k8s').metadata.name!));
  assert.equal(podOn(after, 'w2-k8s').metadata.labels?.[DAEMON_HASH_LABEL], daemonSetHash(dsOf(after)));
  assert.equal(podOn(after, 'w1-k8s').metadata.uid, podOn(onDelete, 'w1-k8s').metadata.uid);
  assert.equal(dsOf(after).status.updatedNumberScheduled, 1);
});

test('one pod per node: a failed pod is deleted, of two running ones the older stays, a terminating one is not deleted again', () => {
  const c = cluster(monitor());
  const w1 = podOn(c, 'w1-k8s');
  // the pod on w1-k8s failed, and a matching pod was bound there since: the failed one goes, the other is adopted and kept
  let s = setStatus(c, w1, { phase: 'Failed' });
  s = send({ ...s, now: s.now + 1000 }, { type: 'create', object: orphan('node-monitor-extra', { nodeName: 'w1-k8s' }) });
  const r = dsc.sync(s, KEY);
  assert.deepEqual(deleted(r.actions), [w1.metadata.name]);
  assert.deepEqual(created(r.actions), []);
  assert.ok(r.actions.some((a) => a.type === 'patch' && a.ref.name === 'node-monitor-extra'), 'the orphan is adopted');
  // two running pods of its own on a node (a create sent twice): the older stays (podByCreationTimestampAndPhase), whatever the names
  const ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-monitor', uid: dsOf(c).metadata.uid!, controller: true, blockOwnerDeletion: true };
  const owned = (name: string, spec: Record<string, unknown>): KObject => ({ ...orphan(name, spec), metadata: { ...orphan(name, spec).metadata, ownerReferences: [ref] } });
  const newer = send({ ...c, now: c.now + 1000 }, { type: 'create', object: owned('node-monitor-00000', { nodeName: 'w1-k8s' }) });
  assert.deepEqual(deleted(dsc.sync(newer, KEY).actions), ['node-monitor-00000']);
  // created in the same second: the name decides
  let twins = addNode(c, 'w4-k8s');
  twins = send(twins, { type: 'create', object: owned('node-monitor-b', { nodeName: 'w4-k8s' }) }, { type: 'create', object: owned('node-monitor-a', { nodeName: 'w4-k8s' }) });
  const t = dsc.sync(twins, KEY);
  assert.deepEqual(deleted(t.actions), ['node-monitor-b']);
  assert.deepEqual(created(t.actions), []);
  // a pod already terminating is left to finish (upstream skips pods with a deletionTimestamp)
  const terminating = send(c, { type: 'delete', ref: { kind: 'Pod', name: w1.metadata.name! } });
  assert.ok(terminating.store.objects.get(keyOf(w1))!.metadata.deletionTimestamp);
  assert.deepEqual(deleted(dsc.sync(terminating, KEY).actions), []);
});

test('a pod\'s node is where it is bound, or the one node its metadata.name affinity names; a pending pod for a vanished node is deleted', () => {
  const c = cluster(monitor());
  // an orphan bound to a new node is adopted and is that node's daemon pod
  let bound = addNode(c, 'w4-k8s');
  bound = send(bound, { type: 'create', object: orphan('node-monitor-bound', { nodeName: 'w4-k8s' }) });
  const b = dsc.sync(bound, KEY);
  assert.deepEqual(created(b.actions), []);
  assert.ok(b.actions.some((a) => a.type === 'patch' && a.ref.name === 'node-monitor-bound'));
  // (it carries no revision hash, so it is an old pod, not available yet: the rolling update replaces it at once)
  assert.deepEqual(deleted(b.actions), ['node-monitor-bound']);
  // pending orphans whose affinity does not name exactly one node with In belong to no node (GetTargetNodeName):
  // w4-k8s still gets its own pod
  const names = (operator: string, values: string[]) => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }, { matchFields: [{ key: 'metadata.name', operator, values }] }] } } },
  });
  for (const spec of [names('NotIn', ['w4-k8s']), names('In', ['w4-k8s', 'w1-k8s']), {}]) {
    const p = send(addNode(c, 'w4-k8s'), { type: 'create', object: orphan('node-monitor-loose', spec) });
    const r = dsc.sync(p, KEY);
    assert.ok(r.actions.some((a) => a.type === 'patch' && a.ref.name === 'node-monitor-loose'), 'adopted');
    assert.deepEqual(created(r.actions).map(targetOf), ['w4-k8s'], JSON.stringify(spec));
  }
  // one that names w4-k8s is its pod
  const named = send(addNode(c, 'w4-k8s'), { type: 'create', object: orphan('node-monitor-named', names('In', ['w4-k8s'])) });
  assert.deepEqual(created(dsc.sync(named, KEY).actions), []);
  // the DaemonSet's own pending pod for w4-k8s, then the node is deleted before it is scheduled: the pod is deleted
  const joined = addNode(c, 'w4-k8s');
  const placed = applyActions(joined, dsc.sync(joined, KEY).actions);
  const pending = podsOf(placed).find((p) => !p.spec.nodeName)!;
  assert.equal(targetOf(pending), 'w4-k8s');
  const gone = send(placed, { type: 'delete', ref: { kind: 'Node', name: 'w4-k8s' } });
  assert.deepEqual(deleted(dsc.sync(gone, KEY).actions), [pending.metadata.name]);
  // a pod bound to a lost node is the pod GC's to delete, not the DaemonSet's
  const lost = send(c, { type: 'kubelet', node: 'w1-k8s', running: false }, { type: 'delete', ref: { kind: 'Node', name: 'w1-k8s' } });
  const l = dsc.sync(lost, KEY);
  assert.deepEqual(deleted(l.actions), []);
  assert.equal(statusOf(l.actions).desiredNumberScheduled, 2);
});

test('a DaemonSet being deleted creates nothing', () => {
  const c = cluster(monitor());
  const deleting = send(c, { type: 'delete', ref: { kind: 'DaemonSet', name: 'node-monitor' }, propagationPolicy: 'Foreground' });
  assert.ok(dsOf(deleting).metadata.deletionTimestamp);
  const r = dsc.sync(addNode(deleting, 'w4-k8s'), KEY);
  assert.deepEqual(created(r.actions), []);
  assert.deepEqual(deleted(r.actions), []);
});

test('which changes wake which DaemonSet: its own, any Node, its pods and the orphans it selects', () => {
  let c = cluster(monitor());
  c = send(c, { type: 'create', object: { ...monitor(), metadata: { name: 'agent', namespace: 'kube-system' } } });
  const ds = dsOf(c);
  const all = ['DaemonSet/default/node-monitor', 'DaemonSet/kube-system/agent'];
  assert.deepEqual(dsc.enqueue(c, KEY, null, ds), [KEY]);
  assert.deepEqual(dsc.enqueue(c, KEY, ds, undefined), [KEY]);
  assert.deepEqual(dsc.enqueue(c, KEY, null, undefined), []);
  // a node that joins, changes or goes may change where daemons run
  const node = c.store.objects.get('Node//w1-k8s')!;
  assert.deepEqual(dsc.enqueue(c, 'Node//w4-k8s', null, { ...node, metadata: { ...node.metadata, name: 'w4-k8s' } }).sort(), all);
  assert.deepEqual(dsc.enqueue(c, 'Node//w1-k8s', node, { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, disktype: 'ssd' } } }).sort(), all);
  assert.deepEqual(dsc.enqueue(c, 'Node//w1-k8s', node, undefined).sort(), all);
  // its pod; an orphan it selects (the kube-system one selects in its own namespace only); anything else
  const pod = podOn(c, 'w1-k8s');
  assert.deepEqual(dsc.enqueue(c, keyOf(pod), pod, { ...pod, status: { ...pod.status, phase: 'Failed' } }), [KEY]);
  assert.deepEqual(dsc.enqueue(c, keyOf(pod), pod, undefined), [KEY]);
  const stray = { ...orphan('stray', {}), metadata: { name: 'stray', namespace: 'default', labels: { app: 'node-monitor' } } };
  assert.deepEqual(dsc.enqueue(c, 'Pod/default/stray', null, stray), [KEY]);
  assert.deepEqual(dsc.enqueue(c, 'Pod/default/stray', null, { ...stray, metadata: { ...stray.metadata, labels: { app: 'web' } } }), []);
  assert.deepEqual(dsc.enqueue(c, 'Service/default/monitor', null, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'monitor', namespace: 'default', labels: { app: 'node-monitor' } } }), []);
  assert.deepEqual(dsc.resyncKeys(c), all);
  assert.deepEqual(dsc.sync(c, 'DaemonSet/default/gone'), { actions: [] });
});

test('surging: maxSurge new pods start beside available old ones; an old pod goes once its replacement is available', () => {
  const surge = monitor({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } });
  let c = setImage(cluster(surge), 'nginx:1.17');
  const first = dsc.sync(c, KEY).actions;
  assert.equal(created(first).length, 2, 'two nodes at once, no more');
  assert.deepEqual(deleted(first), [], 'nothing goes before its replacement is available');
  c = send(c, ...first);
  // the new pods are not available yet: no more surge, no deletion
  const second = dsc.sync(c, KEY).actions;
  assert.deepEqual([created(second).length, deleted(second).length], [0, 0]);
  c = converge(c);
  assert.deepEqual(podsOf(c).map((p) => p.spec.containers[0].image), ['nginx:1.17', 'nginx:1.17', 'nginx:1.17']);
  assert.equal(dsOf(c).status.numberAvailable, 3);
});

// --- pods of the DaemonSet made by hand, to put a node in a given state ---
const dsRef = (c: Cluster) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-monitor', uid: dsOf(c).metadata.uid!, controller: true, blockOwnerDeletion: true });
/** a pod of the DaemonSet's of the given revision, bound to the node (Pending: not ready) */
const daemonPod = (c: Cluster, name: string, node: string, hash: string): Cluster =>
  send(c, { type: 'create', object: { ...orphan(name, { nodeName: node }), metadata: { name, labels: { app: 'node-monitor', [DAEMON_HASH_LABEL]: hash }, ownerReferences: [dsRef(c)] } } });
const podNamed = (c: Cluster, name: string) => c.store.objects.get(`Pod/default/${name}`)!;
const running = (ready: boolean, since: number) => ({ phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(since) }] });
const relabel = (c: Cluster, pod: KObject, hash: string) =>
  send(c, { type: 'patch', ref: { kind: 'Pod', name: pod.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { [DAEMON_HASH_LABEL]: hash } } } });
const cordonNoSchedule = (c: Cluster, node: string) =>
  send(c, { type: 'patch', ref: { kind: 'Node', name: node }, patchType: 'merge', patch: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } } });
/** what a sync does besides writing status, in order: deletes by pod name, slow-start batches by target node */
const work = (actions: Action[]): string[] =>
  actions.filter((a) => a.type !== 'updateStatus').map((a) => (a.type === 'delete' ? `delete ${a.ref.name}` : a.type === 'slowStart' ? `create ${created(a.actions).map(targetOf).join(' ')}` : a.type));
const surging = (maxSurge: number | string, extra: Record<string, unknown> = {}) => monitor({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } }, ...extra });

test('a delete names the pod, is guarded by its uid, and is reported on the DaemonSet', () => {
  const c = cluster(monitor());
  const pod = podOn(c, 'w1-k8s');
  const tainted = send(c, { type: 'patch', ref: { kind: 'Node', name: 'w1-k8s' }, patchType: 'merge', patch: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } } });
  const ds = dsOf(c);
  const { actions } = dsc.sync(tainted, KEY);
  assert.deepEqual(actions.filter((a) => a.type === 'delete'), [{
    type: 'delete',
    actor: 'daemonset-controller',
    ref: { kind: 'Pod', namespace: 'default', name: pod.metadata.name },
    preconditions: { uid: pod.metadata.uid },
    onSuccess: { involved: { kind: 'DaemonSet', namespace: 'default', name: 'node-monitor' }, involvedUid: ds.metadata.uid, source: 'daemonset-controller', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
  }]);
});

test('two running pods on a node: without surge the newer goes whatever its revision; OnDelete never surges', () => {
  // an old ready pod on w1-k8s, and a pod of the new revision bound there a second later, not ready yet
  const pair = (ds: KObject) => {
    const c = setImage(cluster(ds), 'nginx:1.17');
    return daemonPod({ ...c, now: c.now + 1000 }, 'node-monitor-new', 'w1-k8s', daemonSetHash(dsOf(c)));
  };
  // RollingUpdate with the default maxSurge 0 (podsShouldBeOnNode: !AllowsSurge keeps the oldest)
  assert.deepEqual(work(dsc.sync(pair(monitor()), KEY).actions), ['delete node-monitor-new']);
  // OnDelete: a rollingUpdate block is ignored, its maxSurge too (SurgeCount is 0 for any other strategy)
  assert.deepEqual(work(dsc.sync(pair(monitor({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxSurge: 1 } } })), KEY).actions), ['delete node-monitor-new']);
  assert.deepEqual(work(dsc.sync(pair(monitor({ updateStrategy: { type: 'OnDelete' } })), KEY).actions), ['delete node-monitor-new']);
  // maxSurge 10% of one node rounds up to 1: the old pod waits beside the new one; the surge budget (10% of 3, 1) is
  // used up by it, so no other node gets a new pod yet
  const s = dsc.sync(pair(surging('10%')), KEY);
  assert.deepEqual(work(s.actions), []);
});

test('surging, two running pods on a node: the old one goes once it is not ready or the new one is available; extra pods of either revision go', () => {
  const base = setImage(cluster(surging(1, { minReadySeconds: 30 })), 'nginx:1.17');
  const hash = daemonSetHash(dsOf(base));
  const old = podOn(base, 'w1-k8s');
  const later = { ...base, now: base.now + 60_000 };
  const make = (oldReady: boolean, newReady: boolean, newSince: number) => {
    let c = daemonPod(later, 'node-monitor-new', 'w1-k8s', hash);
    c = setStatus(c, podNamed(c, 'node-monitor-new'), running(newReady, newSince));
    if (!oldReady) c = setStatus(c, podNamed(c, old.metadata.name!), running(false, c.now - 1000));
    return c;
  };
  // the new pod ready for 10 s of the 30: not available, the ready old pod stays; the surge budget is spent
  assert.deepEqual(work(dsc.sync(make(true, true, later.now - 10_000), KEY).actions), []);
  // available (ready for 30 s): the old pod goes
  assert.deepEqual(work(dsc.sync(make(true, true, later.now - 30_000), KEY).actions), [`delete ${old.metadata.name}`]);
  // the old pod is not ready: it goes, even though the new one is not available either
  assert.deepEqual(work(dsc.sync(make(false, false, later.now - 10_000), KEY).actions), [`delete ${old.metadata.name}`]);
  // two pods of the old revision: the newer goes; two of the new one: the newer goes
  const twoOld = daemonPod(later, 'node-monitor-old2', 'w1-k8s', podOn(base, 'w2-k8s').metadata.labels![DAEMON_HASH_LABEL]);
  assert.deepEqual(work(dsc.sync(twoOld, KEY).actions), ['delete node-monitor-old2']);
  let twoNew = daemonPod(later, 'node-monitor-new', 'w1-k8s', hash);
  twoNew = daemonPod({ ...twoNew, now: twoNew.now + 1000 }, 'node-monitor-new2', 'w1-k8s', hash);
  assert.deepEqual(work(dsc.sync(twoNew, KEY).actions), ['delete node-monitor-new2']);
});

test('surging rolling update: unavailable old pods are replaced at once, available ones within maxSurge; pods on nodes that no longer want one go only as others are available', () => {
  let c = cluster(surging(1), 7);
  // w1-k8s..w4-k8s get a NoSchedule taint: the pods there may stay, but those nodes are no longer desired
  for (const n of ['w1-k8s', 'w2-k8s', 'w3-k8s', 'w4-k8s']) c = cordonNoSchedule(c, n);
  c = setImage(c, 'nginx:1.17');
  const hash = daemonSetHash(dsOf(c));
  const name = (node: string) => podOn(c, node).metadata.name!;
  // w4-k8s and w7-k8s already run the new revision
  c = relabel(c, podOn(c, 'w4-k8s'), hash);
  c = relabel(c, podOn(c, 'w7-k8s'), hash);
  // not ready: w3-k8s (old, undesired), w4-k8s (new, undesired), w5-k8s (old)
  for (const n of ['w3-k8s', 'w4-k8s', 'w5-k8s']) c = setStatus(c, podOn(c, n), running(false, c.now));
  const { actions } = dsc.sync(c, KEY);
  // w3-k8s: an unavailable old pod on a node that should not run one goes at once;
  // w1-k8s, w2-k8s: available, 4 available pods (w1, w2, w6, w7) for 3 desired nodes, so one of them may go;
  // w5-k8s: its old pod is unavailable, its new pod comes at once; w6-k8s: a surge candidate, maxSurge 1
  assert.deepEqual(work(actions), [`delete ${name('w3-k8s')}`, `delete ${name('w1-k8s')}`, 'create w5-k8s w6-k8s']);
  assert.deepEqual(statusOf(actions), { currentNumberScheduled: 3, numberMisscheduled: 4, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberUnavailable: 1 });
});

test('surging rolling update: the surge budget counts nodes already surging and nodes with excess pods; a terminating pod is no node\'s old pod', () => {
  const c = setImage(cluster(surging(1)), 'nginx:1.17');
  const hash = daemonSetHash(dsOf(c));
  // w2-k8s is surging (its new pod not available): w1-k8s, a candidate seen before it, gets nothing either
  const busy = daemonPod(c, 'node-monitor-new', 'w2-k8s', hash);
  assert.deepEqual(dsc.sync(busy, KEY).actions.filter((a) => a.type !== 'updateStatus'), []);
  // w1-k8s's old pod is terminating and a new pod is there, not available: w1-k8s is not surging, so w2-k8s may
  const going = daemonPod(send(c, { type: 'delete', ref: { kind: 'Pod', name: podOn(c, 'w1-k8s').metadata.name! } }), 'node-monitor-new', 'w1-k8s', hash);
  assert.deepEqual(work(dsc.sync(going, KEY).actions), ['create w2-k8s']);
});

test('RollingUpdate: a node whose old pod is still terminating counts as unavailable, so no other old pod goes meanwhile', () => {
  const updated = setImage(cluster(monitor()), 'nginx:1.17');
  const first = dsc.sync(updated, KEY);
  assert.deepEqual(work(first.actions), [`delete ${podOn(updated, 'w1-k8s').metadata.name}`]);
  // the graceful delete leaves the pod terminating on w1-k8s: no new pod there yet, and maxUnavailable 1 is used up
  const terminating = applyActions(updated, first.actions);
  assert.ok(podOn(terminating, 'w1-k8s').metadata.deletionTimestamp);
  assert.deepEqual(work(dsc.sync(terminating, KEY).actions), []);
});

test('a succeeded daemon pod is deleted with a Normal SucceededDaemonPod event, no warning', () => {
  const c = cluster(monitor());
  const w1 = podOn(c, 'w1-k8s');
  const r = dsc.sync(setStatus(c, w1, { phase: 'Succeeded' }), KEY);
  assert.deepEqual(work(r.actions.filter((a) => a.type !== 'event')), [`delete ${w1.metadata.name}`]);
  assert.deepEqual(
    r.actions.flatMap((a) => (a.type === 'event' ? [`${a.event.type} ${a.event.reason} ${a.event.message}`] : [])),
    [`Normal SucceededDaemonPod Found succeeded daemon pod default/${w1.metadata.name} on node w1-k8s, will try to delete it`],
  );
});

test('a finished pod being deleted (a finalizer holds it) no longer counts: the node gets its replacement at once', () => {
  let c = cluster(monitor());
  const w1 = podOn(c, 'w1-k8s');
  c = send(c, { type: 'replace', object: { ...c.store.objects.get(keyOf(w1))!, metadata: { ...c.store.objects.get(keyOf(w1))!.metadata, finalizers: ['example.com/hold'] } } });
  c = setStatus(c, podOn(c, 'w1-k8s'), { phase: 'Failed' });
  c = send(c, { type: 'delete', ref: { kind: 'Pod', namespace: 'default', name: w1.metadata.name! } });
  assert.ok(c.store.objects.get(keyOf(w1))!.metadata.deletionTimestamp, 'held by its finalizer');
  assert.deepEqual(work(dsc.sync(c, KEY).actions), ['create w1-k8s']);
});

test('surging, a node whose only pod is on its way out gets a new one beside it', () => {
  let c = cluster(monitor({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  const w1 = podOn(c, 'w1-k8s');
  c = send(c, { type: 'replace', object: { ...c.store.objects.get(keyOf(w1))!, metadata: { ...c.store.objects.get(keyOf(w1))!.metadata, finalizers: ['example.com/hold'] } } });
  c = send(c, { type: 'delete', ref: { kind: 'Pod', namespace: 'default', name: w1.metadata.name! } });
  assert.deepEqual(work(dsc.sync(c, KEY).actions), ['create w1-k8s'], 'surging: created beside the terminating one');
});

test('pending pods whose affinity requires no node by name belong to no node, whatever else their affinity says', () => {
  const c = addNode(cluster(monitor()), 'w4-k8s');
  const affinities = [
    { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'other' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w4-k8s'] }] } }] } },
  ];
  for (const affinity of affinities) {
    const r = dsc.sync(send(c, { type: 'create', object: orphan('node-monitor-loose', { affinity }) }), KEY);
    assert.ok(r.actions.some((a) => a.type === 'patch' && a.ref.name === 'node-monitor-loose'), 'adopted');
    assert.deepEqual(work(r.actions.filter((a) => a.type !== 'patch')), ['create w4-k8s'], JSON.stringify(affinity));
  }
});

test('two running pods created in the same second, one of them an orphan being adopted: the name decides which stays', () => {
  let c = addNode(cluster(monitor()), 'w4-k8s');
  const ref = dsRef(c);
  c = send(c, { type: 'create', object: { ...orphan('node-monitor-b', { nodeName: 'w4-k8s' }), metadata: { name: 'node-monitor-b', labels: { app: 'node-monitor' }, ownerReferences: [ref] } } });
  c = send(c, { type: 'create', object: orphan('node-monitor-a', { nodeName: 'w4-k8s' }) });
  const r = dsc.sync(c, KEY);
  assert.deepEqual(work(r.actions.filter((a) => a.type !== 'patch')), ['delete node-monitor-b']);
});

test('status: a failed pod being deleted is no node\'s pod (getNodesToDaemonPods leaves out deleted terminal pods)', () => {
  let c = cluster(monitor());
  const w1 = podOn(c, 'w1-k8s');
  // a finalizer holds the failed pod after its (immediate: it is terminal) deletion
  c = send(c, { type: 'patch', ref: { kind: 'Pod', name: w1.metadata.name! }, patchType: 'merge', patch: { metadata: { finalizers: ['example.com/hold'] } } });
  c = setStatus(c, podNamed(c, w1.metadata.name!), { phase: 'Failed' });
  c = send(c, { type: 'delete', ref: { kind: 'Pod', name: w1.metadata.name! } });
  assert.ok(podNamed(c, w1.metadata.name!).metadata.deletionTimestamp);
  const { actions } = dsc.sync(c, KEY);
  assert.deepEqual(deleted(actions), []);
  assert.deepEqual(statusOf(actions), { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2, numberUnavailable: 1 });
});

test('status: a node whose pod is terminating still counts it (current, ready); a finished pod being deleted does not', () => {
  let c = cluster(monitor());
  const w1 = podOn(c, 'w1-k8s');
  c = send(c, { type: 'replace', object: { ...c.store.objects.get(keyOf(w1))!, metadata: { ...c.store.objects.get(keyOf(w1))!.metadata, finalizers: ['example.com/hold'] } } });
  c = send(c, { type: 'delete', ref: { kind: 'Pod', namespace: 'default', name: w1.metadata.name! } });
  const terminating = dsc.sync(c, KEY);
  assert.deepEqual(created(terminating.actions), [], 'no replacement while it terminates');
  // nothing to write: the terminating pod is still the node's pod, ready and available
  assert.deepEqual(statusOf(terminating.actions), undefined);
  c = setStatus(c, c.store.objects.get(keyOf(w1))!, { phase: 'Failed', conditions: [] });
  const finished = dsc.sync(c, KEY);
  assert.deepEqual(statusOf(finished.actions), { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2, numberUnavailable: 1 });
});

test('of two pods for a node, the one bound to it comes first even when a pending one is older (podByCreationTimestampAndPhase)', () => {
  let c = cluster(monitor());
  const bound = podOn(c, 'w1-k8s');
  // an older pending pod for w1-k8s: created before the bound one, never scheduled
  const older = { ...bound, metadata: { name: 'node-monitor-aaaaa', namespace: 'default', labels: bound.metadata.labels, ownerReferences: bound.metadata.ownerReferences, creationTimestamp: '2024-12-31T00:00:00Z', uid: 'uid-older' }, spec: { ...bound.spec, nodeName: undefined }, status: { phase: 'Pending' } };
  c = { ...c, store: putObject(c.store, older) };
  assert.deepEqual(work(dsc.sync(c, KEY).actions.filter((a) => a.type !== 'event')), ['delete node-monitor-aaaaa']);
});
