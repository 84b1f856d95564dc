import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, KObject, runSync, timestamp } from '../index';
import { Cluster, readyConditions } from '../cluster';
import { putObject, removeObject } from '../store/store';
import { NODE_MONITOR_GRACE_MS, nodeLifecycleController as nlc, UNREACHABLE } from './node-lifecycle';

const T0 = DEFAULT_START;
const S = 1000;
const NAME = 'node-lifecycle-controller';
const KEY = 'Node//w1-k8s';
const LEASE = 'Lease/kube-node-lease/w1-k8s';

type Taint = { key: string; effect: string; value?: string; timeAdded?: string };

const node = (c: Cluster, name = 'w1-k8s') => c.store.objects.get(`Node//${name}`)!;
const put = (c: Cluster, ...objs: KObject[]): Cluster => ({ ...c, store: objs.reduce(putObject, c.store) });
const at = (c: Cluster, now: number): Cluster => ({ ...c, now });
/** w1-k8s's kubelet stopped at `stoppedAt` (its Lease last renewed then), the clock at `now` */
function stopped(c: Cluster, now: number, stoppedAt = T0): Cluster {
  const lease = c.store.objects.get(LEASE)!;
  const renewed = put(c, { ...lease, spec: { ...lease.spec, renewTime: new Date(stoppedAt).toISOString().replace('Z', '000Z') } });
  return { ...renewed, now, agents: renewed.agents.set('w1-k8s', { ...renewed.agents.get('w1-k8s')!, kubeletRunning: false, kubeletStoppedAt: stoppedAt }) };
}
function withNode(c: Cluster, conditions: Record<string, unknown>[] | undefined, taints?: Taint[], name = 'w1-k8s'): Cluster {
  const n = node(c, name);
  return put(c, { ...n, spec: { ...n.spec, ...(taints ? { taints } : {}) }, status: { ...n.status, conditions } });
}
function pod(name: string, conditions: { type: string; status: string; lastTransitionTime?: string }[] | undefined, nodeName = 'w1-k8s'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running', ...(conditions ? { conditions } : {}) },
  };
}
const unknownCondition = (cond: Record<string, unknown>, when: number) => ({ ...cond, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: timestamp(when) });
const taintPatch = (n: KObject, taints: Taint[] | null) => ({ type: 'patch', actor: NAME, ref: { kind: 'Node', namespace: undefined, name: n.metadata.name! }, patchType: 'merge', patch: { spec: { taints } } });
const nodeEvent = (n: KObject, reason: string, message: string, source = 'node-controller') => ({ type: 'event', actor: NAME, event: { involved: { kind: 'Node', namespace: undefined, name: n.metadata.name! }, involvedUid: n.metadata.uid!, source, reason, message } });
const noSchedule: Taint = { key: UNREACHABLE, effect: 'NoSchedule' };
const noExecute = (when: number): Taint => ({ key: UNREACHABLE, effect: 'NoExecute', timeAdded: timestamp(when) });
const other: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

test('every Node change is queued, nothing else', () => {
  const c = createCluster({ seed: 1 });
  assert.deepEqual(nlc.enqueue(c, KEY, null, node(c)), [KEY]);
  assert.deepEqual(nlc.enqueue(c, KEY, node(c), node(c)), [KEY]);
  assert.deepEqual(nlc.enqueue(c, KEY, node(c), undefined), []);
  assert.deepEqual(nlc.enqueue(c, LEASE, null, c.store.objects.get(LEASE)!), [], 'the Lease is read when the node is synced, not watched');
});

test('the grace period runs from the Lease\'s last renewal: a wake-up when it ends, the node marked at that instant', () => {
  const c = stopped(createCluster({ seed: 1 }), T0 + NODE_MONITOR_GRACE_MS - 1, T0);
  assert.equal(NODE_MONITOR_GRACE_MS, 50_000);
  assert.deepEqual(nlc.sync(c, KEY), { actions: [], wakeAt: { at: T0 + 50 * S, kind: 'progress' } });
  assert.equal(nlc.sync(at(c, T0 + 50 * S), KEY).actions.length, 3, 'status, event, taints');
  // the Lease decides, not when the agent says it stopped
  const renewedLater = stopped(createCluster({ seed: 1 }), T0 + 60 * S, T0 + 20 * S);
  const agent = renewedLater.agents.get('w1-k8s')!;
  const c2 = { ...renewedLater, agents: renewedLater.agents.set('w1-k8s', { ...agent, kubeletStoppedAt: T0 }) };
  assert.deepEqual(nlc.sync(c2, KEY), { actions: [], wakeAt: { at: T0 + 70 * S, kind: 'progress' } });
});

test('without a Lease renewal the time the kubelet stopped counts, and without that, now', () => {
  const base = stopped(createCluster({ seed: 1 }), T0 + 30 * S, T0 + 10 * S);
  const noLease = { ...base, store: removeObject(base.store, LEASE) };
  assert.deepEqual(nlc.sync(noLease, KEY), { actions: [], wakeAt: { at: T0 + 60 * S, kind: 'progress' } });
  const lease = base.store.objects.get(LEASE)!;
  const noRenewTime = put(base, { ...lease, spec: { holderIdentity: 'w1-k8s' } });
  assert.deepEqual(nlc.sync(noRenewTime, KEY), { actions: [], wakeAt: { at: T0 + 60 * S, kind: 'progress' } });
  const agent = noLease.agents.get('w1-k8s')!;
  const nothingKnown = { ...noLease, agents: noLease.agents.set('w1-k8s', { ...agent, kubeletStoppedAt: undefined }) };
  assert.deepEqual(nlc.sync(nothingKnown, KEY), { actions: [], wakeAt: { at: T0 + 80 * S, kind: 'progress' } });
});

test('a silent node: conditions Unknown, NodeNotReady, its ready pods not ready with a Warning each, and the unreachable taints', () => {
  const now = T0 + 120 * S;
  let c = createCluster({ seed: 1 });
  const conds = readyConditions(timestamp(T0));
  // one condition already Unknown is kept as it is
  const already = { ...conds[0], status: 'Unknown', reason: 'Earlier', message: 'before', lastTransitionTime: timestamp(T0 + S) };
  c = withNode(c, [already, ...conds.slice(1)], [other]);
  const readyPod = pod('web', [
    { type: 'PodScheduled', status: 'True', lastTransitionTime: timestamp(T0) },
    { type: 'Ready', status: 'True', lastTransitionTime: timestamp(T0) },
  ]);
  c = put(c, readyPod, pod('not-ready', [{ type: 'Ready', status: 'False' }]), pod('fresh', undefined), pod('elsewhere', [{ type: 'Ready', status: 'True' }], 'w2-k8s'));
  c = stopped(c, now);
  const n = node(c);
  assert.deepEqual(nlc.sync(c, KEY), {
    actions: [
      { type: 'updateStatus', actor: NAME, object: { ...n, status: { ...n.status, conditions: [already, ...conds.slice(1).map((x) => unknownCondition(x, now))] } } },
      nodeEvent(n, 'NodeNotReady', 'Node w1-k8s status is now: NodeNotReady'),
      {
        type: 'updateStatus',
        actor: NAME,
        object: { ...readyPod, status: { ...readyPod.status, conditions: [readyPod.status.conditions[0], { type: 'Ready', status: 'False', lastTransitionTime: timestamp(now) }] } },
      },
      { type: 'event', actor: NAME, event: { involved: { kind: 'Pod', namespace: 'default', name: 'web' }, involvedUid: 'uid-web', source: 'node-controller', type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' } },
      taintPatch(n, [other, noSchedule, noExecute(now)]),
    ],
  });
});

test('a node already Unknown only gets the taints it lacks, keeping the NoExecute taint\'s timeAdded', () => {
  const now = T0 + 600 * S;
  const unknown = readyConditions(timestamp(T0)).map((x) => unknownCondition(x, T0 + 60 * S));
  const base = stopped(withNode(createCluster({ seed: 1 }), unknown), now);
  const put2 = (taints: Taint[]) => stopped(withNode(createCluster({ seed: 1 }), unknown, taints), now);
  assert.deepEqual(nlc.sync(base, KEY), { actions: [taintPatch(node(base), [noSchedule, noExecute(now)])] }, 'none yet');
  const onlyNoExecute = put2([noExecute(T0 + 60 * S), other]);
  assert.deepEqual(nlc.sync(onlyNoExecute, KEY), { actions: [taintPatch(node(onlyNoExecute), [other, noSchedule, noExecute(T0 + 60 * S)])] });
  const onlyNoSchedule = put2([noSchedule]);
  assert.deepEqual(nlc.sync(onlyNoSchedule, KEY), { actions: [taintPatch(node(onlyNoSchedule), [noSchedule, noExecute(now)])] });
  assert.deepEqual(nlc.sync(put2([other, noSchedule, noExecute(T0 + 60 * S)]), KEY), { actions: [] }, 'both there');
});

test('a node without conditions is marked Unknown all the same (an empty list), with its event', () => {
  const c = stopped(withNode(createCluster({ seed: 1 }), undefined), T0 + 60 * S);
  const n = node(c);
  assert.deepEqual(nlc.sync(c, KEY).actions.slice(0, 2), [
    { type: 'updateStatus', actor: NAME, object: { ...n, status: { ...n.status, conditions: [] } } },
    nodeEvent(n, 'NodeNotReady', 'Node w1-k8s status is now: NodeNotReady'),
  ]);
});

test('a kubelet that is back posts Ready (as kubelet/<node>) and the unreachable taints come off, the others kept', () => {
  const now = T0 + 900 * S;
  const unknown = readyConditions(timestamp(T0)).map((x) => unknownCondition(x, T0 + 60 * S));
  const c = at(withNode(createCluster({ seed: 1 }), unknown, [noSchedule, other, noExecute(T0 + 60 * S)]), now);
  const n = node(c);
  assert.deepEqual(nlc.sync(c, KEY), {
    actions: [
      { type: 'updateStatus', actor: 'kubelet/w1-k8s', object: { ...n, status: { ...n.status, conditions: readyConditions(timestamp(now)) } } },
      nodeEvent(n, 'NodeReady', 'Node w1-k8s status is now: NodeReady', 'kubelet/w1-k8s'),
      taintPatch(n, [other]),
    ],
  });
  // Ready False too is set right
  const notReady = at(withNode(createCluster({ seed: 1 }), [{ type: 'Ready', status: 'False' }]), now);
  assert.deepEqual(nlc.sync(notReady, KEY).actions.map((a) => a.type), ['updateStatus', 'event']);
});

test('a running kubelet whose node is Ready: only leftover unreachable taints are removed, null when none remain', () => {
  const c = createCluster({ seed: 1 });
  assert.deepEqual(nlc.sync(c, KEY), { actions: [] });
  const tainted = withNode(c, node(c).status.conditions, [noSchedule, noExecute(T0)]);
  assert.deepEqual(nlc.sync(tainted, KEY), { actions: [taintPatch(node(tainted), null)] });
  assert.deepEqual(nlc.sync(withNode(c, node(c).status.conditions, [other]), KEY), { actions: [] }, 'others are not touched');
  assert.deepEqual(nlc.sync(withNode(c, [], [other]), KEY), { actions: [] }, 'no Ready condition: nothing to post');
});

test('nothing to do for a node without an agent, one gone, or a key of another kind', () => {
  let c = createCluster({ seed: 1 });
  const w1 = node(c);
  c = put(c, { ...w1, metadata: { ...w1.metadata, name: 'virtual', uid: 'uid-virtual' } });
  assert.deepEqual(nlc.sync(at(c, T0 + 3600 * S), 'Node//virtual'), { actions: [] });
  assert.deepEqual(nlc.sync(c, 'Node//gone'), { actions: [] });
  // the Lease is named after its node: its key must not be taken for the node's
  assert.deepEqual(nlc.sync(stopped(c, T0 + 3600 * S), LEASE), { actions: [] });
});

test('a restarted controller lists every node, sorted', () => {
  assert.deepEqual(nlc.resyncKeys(createCluster({ seed: 1 })), ['Node//m-k8s', 'Node//w1-k8s', 'Node//w2-k8s', 'Node//w3-k8s']);
});

test('end to end: the node goes NotReady and tainted, then Ready and clean when its kubelet is back', () => {
  let c = runSync(stopped(createCluster({ seed: 1 }), T0 + 50 * S), nlc, KEY);
  const ready = () => node(c).status.conditions.find((x: { type: string }) => x.type === 'Ready');
  assert.equal(ready().status, 'Unknown');
  assert.deepEqual(node(c).spec.taints, [noSchedule, noExecute(T0 + 50 * S)]);
  assert.deepEqual(nlc.sync(c, KEY), { actions: [] }, 'settled');
  c = { ...c, now: T0 + 100 * S, agents: c.agents.set('w1-k8s', { ...c.agents.get('w1-k8s')!, kubeletRunning: true }) };
  c = runSync(c, nlc, KEY);
  assert.equal(ready().status, 'True');
  assert.equal(node(c).spec.taints, undefined);
  assert.deepEqual(nlc.sync(c, KEY), { actions: [] });
});
