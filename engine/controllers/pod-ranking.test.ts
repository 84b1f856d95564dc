import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from '../api/types';
import { rankActivePods, rankPodsForDeletion } from './pod-ranking';

const NOW = Date.UTC(2025, 0, 1, 1, 0, 0);
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOptions {
  node?: string;
  phase?: string;
  readyAgo?: number;
  /** ready, but the condition carries no lastTransitionTime (a zero time upstream) */
  readyNoTime?: boolean;
  createdAgo?: number;
  /** no creationTimestamp at all (a zero time upstream) */
  noCreation?: boolean;
  restarts?: number | number[];
  noContainerStatuses?: boolean;
  cost?: string;
  uid?: string;
}

function pod(name: string, o: PodOptions = {}): KObject {
  const restarts = Array.isArray(o.restarts) ? o.restarts : [o.restarts ?? 0];
  const ready = o.readyNoTime ? [{ type: 'Ready', status: 'True' }] : o.readyAgo !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readyAgo) }] : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: o.uid ?? `uid-${name}`,
      ...(o.noCreation ? {} : { creationTimestamp: iso(o.createdAgo ?? 3_600_000) }),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: ready,
      ...(o.noContainerStatuses ? {} : { containerStatuses: restarts.map((n, i) => ({ name: `c${i}`, restartCount: n })) }),
    },
  };
}

const order = (pods: KObject[], related = pods) => rankPodsForDeletion(pods, related, NOW).map((p) => p.metadata.name);
const names = (pods: KObject[]) => pods.map((p) => p.metadata.name);

/** `first` goes before `second` whichever order they come in (so a tie kept in list order cannot pass for it). */
function deletedFirst(first: KObject, second: KObject, related?: KObject[]) {
  assert.deepEqual(order([first, second], related ?? [first, second]), [first.metadata.name, second.metadata.name]);
  assert.deepEqual(order([second, first], related ?? [first, second]), [first.metadata.name, second.metadata.name]);
}

test('unscheduled before scheduled, Pending before Running, not ready before ready', () => {
  assert.deepEqual(order([pod('ready', { node: 'a', readyAgo: 60_000 }), pod('unscheduled', { phase: 'Pending' })]), ['unscheduled', 'ready']);
  assert.deepEqual(order([pod('running', { node: 'a', readyAgo: 1000 }), pod('pending', { node: 'a', phase: 'Pending' })]), ['pending', 'running']);
  assert.deepEqual(order([pod('ready', { node: 'a', readyAgo: 1000 }), pod('unready', { node: 'a' })]), ['unready', 'ready']);
});

test('lower pod-deletion-cost first, then pods doubled up on a node', () => {
  assert.deepEqual(order([pod('cheap', { node: 'a', readyAgo: 5000, cost: '-10' }), pod('dear', { node: 'b', readyAgo: 5000, cost: '10' })]).slice(0, 1), ['cheap']);
  const crowded = [pod('alone', { node: 'a', readyAgo: 5000 }), pod('twin-1', { node: 'b', readyAgo: 5000 }), pod('twin-2', { node: 'b', readyAgo: 5000 })];
  assert.equal(order(crowded)[2], 'alone');
});

test('more recently ready first (log scale), then more restarts, then newer', () => {
  assert.deepEqual(order([pod('old', { node: 'a', readyAgo: 3_000_000 }), pod('fresh', { node: 'b', readyAgo: 2000 })]), ['fresh', 'old']);
  assert.deepEqual(order([pod('calm', { node: 'a', readyAgo: 5000 }), pod('crashy', { node: 'b', readyAgo: 5000, restarts: 3 })]), ['crashy', 'calm']);
  assert.deepEqual(order([pod('older', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }), pod('newer', { node: 'b', phase: 'Pending', createdAgo: 1000 })]), ['newer', 'older']);
});

// ActivePodsWithRanks.Less, rule by rule (pkg/controller/controller_utils.go); each pair is ranked
// in both input orders, and each pair differs in the rule under test while a later rule would
// decide the other way.

test('rule 1: an unassigned pod goes first even when every later rule prefers the other', () => {
  const unassigned = pod('unassigned', { phase: 'Pending', createdAgo: 3_000_000, cost: '10' });
  const assigned = pod('assigned', { node: 'a', phase: 'Pending', createdAgo: 1000, cost: '-10', restarts: 5 });
  deletedFirst(unassigned, assigned);
  // two unassigned pods, or two pods on different nodes, are not told apart by rule 1
  deletedFirst(pod('pending-new', { phase: 'Pending', createdAgo: 1000, uid: 'z' }), pod('pending-old', { phase: 'Pending', createdAgo: 3_000_000, uid: 'a' }));
  deletedFirst(pod('on-b-new', { node: 'b', phase: 'Pending', createdAgo: 1000, uid: 'z' }), pod('on-a-old', { node: 'a', phase: 'Pending', createdAgo: 3_000_000, uid: 'a' }));
});

test('rule 2: Pending before Unknown before Running, whatever the later rules say', () => {
  const later = { node: 'a', createdAgo: 1000, cost: '-10', restarts: 5 } as const;
  deletedFirst(pod('pending', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }), pod('unknown', { ...later, phase: 'Unknown' }));
  deletedFirst(pod('unknown', { node: 'a', phase: 'Unknown', createdAgo: 3_000_000 }), pod('running', { ...later, phase: 'Running' }));
  deletedFirst(pod('pending', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }), pod('running', { ...later, phase: 'Running' }));
});

test('rule 3: not ready before ready', () => {
  deletedFirst(pod('unready', { node: 'a', createdAgo: 3_000_000, cost: '10' }), pod('ready', { node: 'a', readyAgo: 1000, createdAgo: 1000, cost: '-10' }));
});

test('rule 4: the lower pod-deletion-cost first, before the rank; an absent cost is 0', () => {
  const crowded = [pod('x', { node: 'b' }), pod('y', { node: 'b' })];
  const cheap = pod('cheap', { node: 'a', readyAgo: 3_000_000, cost: '-1' });
  const dear = pod('dear', { node: 'b', readyAgo: 2000, restarts: 9, cost: '5' });
  deletedFirst(cheap, dear, [cheap, dear, ...crowded]);
  deletedFirst(pod('negative', { node: 'a', readyAgo: 3_000_000, cost: '-3' }), pod('unset', { node: 'b', readyAgo: 2000, restarts: 9 }));
  deletedFirst(pod('unset', { node: 'a', readyAgo: 3_000_000 }), pod('positive', { node: 'b', readyAgo: 2000, restarts: 9, cost: '3' }));
});

test('rule 5: more related pods on the same node first; the rank counts the related pods, not the ranked ones', () => {
  const lonely = pod('lonely', { node: 'a', readyAgo: 2000, restarts: 9, createdAgo: 1000 });
  const doubled = pod('doubled', { node: 'b', readyAgo: 3_000_000, createdAgo: 3_000_000 });
  // the related pods (every pod of the Deployment's ReplicaSets) put two on node b, one on node a
  const neighbour = pod('neighbour', { node: 'b' });
  deletedFirst(doubled, lonely, [lonely, doubled, neighbour]);
  // the rank comes from the related pods, not from the pods being ranked
  deletedFirst(lonely, doubled, [lonely, doubled, pod('n1', { node: 'a' }), pod('n2', { node: 'a' })]);
  // no related pods: no rank, and the later rules decide
  deletedFirst(lonely, doubled, []);
});

test('rule 6: both ready, the more recently ready first, on a log2 scale of nanoseconds', () => {
  deletedFirst(pod('fresh', { node: 'a', readyAgo: 2000, uid: 'z' }), pod('stale', { node: 'b', readyAgo: 3_000_000, restarts: 9, uid: 'a' }));
  // 3 s and 4 s ago fall into the same bucket (2^31 ns): the lower UID goes first, not the fresher pod
  deletedFirst(pod('four', { node: 'a', readyAgo: 4000, uid: 'a' }), pod('three', { node: 'b', readyAgo: 3000, uid: 'b' }));
  deletedFirst(pod('three', { node: 'a', readyAgo: 3000, uid: 'a' }), pod('four', { node: 'b', readyAgo: 4000, uid: 'b' }));
  // 4 s and 5 s ago do not (2^31 and 2^32 ns): the fresher goes first
  deletedFirst(pod('four', { node: 'a', readyAgo: 4000, uid: 'z' }), pod('five', { node: 'b', readyAgo: 5000, uid: 'a' }));
  // ready at the same instant: no UID tie-break here, rule 7 decides
  deletedFirst(pod('crashy', { node: 'a', readyAgo: 5000, restarts: 1, uid: 'z' }), pod('calm', { node: 'b', readyAgo: 5000, uid: 'a' }));
  // ready with no transition time: a zero time, which afterOrZero puts first
  deletedFirst(pod('zero', { node: 'a', readyNoTime: true, uid: 'z' }), pod('timed', { node: 'b', readyAgo: 2000, restarts: 9, uid: 'a' }));
  // two zero times are equal: rule 7 decides, not the UID
  deletedFirst(pod('zero-crashy', { node: 'a', readyNoTime: true, restarts: 1, uid: 'z' }), pod('zero-calm', { node: 'b', readyNoTime: true, uid: 'a' }));
});

test('rule 7: the pod whose most-restarted container restarted more goes first; no statuses count as none', () => {
  deletedFirst(pod('max-3', { node: 'a', readyAgo: 5000, restarts: [0, 3], createdAgo: 3_000_000 }), pod('max-2', { node: 'b', readyAgo: 5000, restarts: [2, 2], createdAgo: 1000 }));
  deletedFirst(pod('one', { node: 'a', phase: 'Pending', restarts: 1, createdAgo: 3_000_000 }), pod('none', { node: 'b', phase: 'Pending', noContainerStatuses: true, createdAgo: 1000 }));
});

test('rule 8: the newer pod first (log scale, UID within a bucket), a pod with no creation time before both', () => {
  const pending = { phase: 'Pending' } as const;
  deletedFirst(pod('newer', { ...pending, node: 'a', createdAgo: 2000, uid: 'z' }), pod('older', { ...pending, node: 'b', createdAgo: 3_000_000, uid: 'a' }));
  deletedFirst(pod('four', { ...pending, node: 'a', createdAgo: 4000, uid: 'a' }), pod('three', { ...pending, node: 'b', createdAgo: 3000, uid: 'b' }));
  deletedFirst(pod('three', { ...pending, node: 'a', createdAgo: 3000, uid: 'a' }), pod('four', { ...pending, node: 'b', createdAgo: 4000, uid: 'b' }));
  deletedFirst(pod('undated', { ...pending, node: 'a', noCreation: true, uid: 'z' }), pod('dated', { ...pending, node: 'b', createdAgo: 1000, uid: 'a' }));
});

test('pods no rule tells apart keep their list order', () => {
  const a = pod('a', { node: 'a', readyAgo: 5000, createdAgo: 60_000 });
  const b = pod('b', { node: 'b', readyAgo: 5000, createdAgo: 60_000 });
  assert.deepEqual(order([a, b]), ['a', 'b']);
  assert.deepEqual(order([b, a]), ['b', 'a']);
});

// ActivePods.Less (controller_utils.go), the Job controller's order: no deletion cost, no rank,
// and plain time comparisons (no log scale, no UID).
const activeFirst = (first: KObject, second: KObject) => {
  assert.deepEqual(names(rankActivePods([first, second])), [first.metadata.name, second.metadata.name]);
  assert.deepEqual(names(rankActivePods([second, first])), [first.metadata.name, second.metadata.name]);
};

test('ActivePods: unassigned, then Pending < Unknown < Running, then not ready before ready', () => {
  activeFirst(pod('unassigned', { phase: 'Pending', createdAgo: 3_000_000 }), pod('assigned', { node: 'a', phase: 'Pending', createdAgo: 1000, restarts: 5 }));
  activeFirst(pod('pending', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }), pod('unknown', { node: 'a', phase: 'Unknown', createdAgo: 1000, restarts: 5 }));
  activeFirst(pod('unknown', { node: 'a', phase: 'Unknown', createdAgo: 3_000_000 }), pod('running', { node: 'b', createdAgo: 1000, restarts: 5 }));
  activeFirst(pod('unready', { node: 'a', createdAgo: 3_000_000 }), pod('ready', { node: 'a', readyAgo: 1000, createdAgo: 1000, restarts: 5 }));
  // two pods on different nodes are not told apart by rule 1
  activeFirst(pod('on-b', { node: 'b', phase: 'Pending', createdAgo: 1000 }), pod('on-a', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }));
});

test('ActivePods: ready more recently first (exact times), then more restarts, then newer', () => {
  // 3 s and 4 s ago: the deletion ranking would call these equal; ActivePods does not
  activeFirst(pod('three', { node: 'a', readyAgo: 3000, uid: 'z' }), pod('four', { node: 'b', readyAgo: 4000, uid: 'a', restarts: 5 }));
  activeFirst(pod('crashy', { node: 'a', readyAgo: 5000, restarts: [0, 2], createdAgo: 3_000_000 }), pod('calm', { node: 'b', readyAgo: 5000, restarts: 1, createdAgo: 1000 }));
  activeFirst(pod('newer', { node: 'a', phase: 'Pending', createdAgo: 3000, uid: 'z' }), pod('older', { node: 'b', phase: 'Pending', createdAgo: 4000, uid: 'a' }));
  // nothing tells them apart: list order stays
  const a = pod('a', { node: 'a', readyAgo: 5000 }), b = pod('b', { node: 'b', readyAgo: 5000 });
  assert.deepEqual(names(rankActivePods([a, b])), ['a', 'b']);
  assert.deepEqual(names(rankActivePods([b, a])), ['b', 'a']);
});
