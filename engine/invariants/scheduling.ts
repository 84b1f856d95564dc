/** Invariants about where pods run. */
import { listAllNamespaces, podRequests } from '../store/store';
import { isPodActive } from '../node/pod-status';
import { allocatableOf, untoleratedTaint } from '../node/scheduler';
import { objectName as name, objectsToCheck, StateInvariant } from './types';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';

/**
 * Each pod bound since `prev` and the node it went to, as that node was just before: what the
 * scheduler decided on. Every pod bound since then is judged by `fault` (a reason, or none).
 */
function atBinding(c: Cluster, prev: Cluster | undefined, fault: (pod: KObject, node: KObject) => string | undefined): string[] {
  if (!prev) return [];
  const out: string[] = [];
  c.trace.slice(prev.trace.size).forEach((t) => {
    if (t.type !== 'bind' || !t.key) return;
    const pod = c.store.objects.get(t.key);
    const node = pod?.spec?.nodeName && prev.store.objects.get(`Node//${pod.spec.nodeName}`);
    const why = pod && node ? fault(pod, node) : undefined;
    if (why) out.push(`${name(pod!)} was bound to ${node!.metadata.name}${why}`);
  });
  return out;
}

export const taintsRespected: StateInvariant = {
  name: 'taints respected',
  description: "no pod is bound to a node with a NoSchedule or NoExecute taint it does not tolerate (a NoExecute taint added later evicts: see 'evictions on time')",
  when: 'always',
  check: (c, prev) =>
    atBinding(c, prev, (pod, node) => {
      const taint = untoleratedTaint(pod, node, ['NoSchedule', 'NoExecute']);
      return taint && ` despite the taint ${taint.key}:${taint.effect}`;
    }),
};

/**
 * The taint manager's promise, the part of "a lost node's pods are replaced" that is about time:
 * a pod on a node with NoExecute taints (a node gone NotReady or unreachable gets them) is marked
 * for deletion no later than the taint's timeAdded plus its tolerationSeconds (300 s by default),
 * and none is left there past it. With 'replica counts', its controller has replaced it by then.
 */
/** When the pod's tolerations of the node's NoExecute taints run out (stated here apart from the taint manager's code, which it judges). */
function tolerationEnds(pod: KObject, node: KObject): number | undefined {
  let due: number | undefined;
  for (const taint of (node.spec?.taints ?? []) as { key: string; value?: string; effect: string; timeAdded?: string }[]) {
    if (taint.effect !== 'NoExecute' || !taint.timeAdded) continue;
    const added = Date.parse(taint.timeAdded);
    const tolerations = ((pod.spec?.tolerations ?? []) as { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[]).filter(
      (t) => (!t.effect || t.effect === 'NoExecute') && (t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key && (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? ''))),
    );
    // not tolerated: due at once; tolerated for ever by any one without seconds... unless another says otherwise: the shortest wins
    const ends = tolerations.length ? tolerations.map((t) => (t.tolerationSeconds == null ? Infinity : added + Math.max(0, t.tolerationSeconds) * 1000)) : [added];
    const end = tolerations.some((t) => t.tolerationSeconds == null) && tolerations.every((t) => t.tolerationSeconds == null) ? Infinity : Math.min(...ends);
    if (end !== Infinity) due = due === undefined ? end : Math.min(due, end);
  }
  return due;
}

export const evictionsOnTime: StateInvariant = {
  name: 'evictions on time',
  description:
    "once settled, no pod is still running on a node past the tolerationSeconds of the node's NoExecute taints, and each evicted one was marked for deletion no later than the taint's timeAdded plus its tolerationSeconds",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const pod of listAllNamespaces(c.store, 'Pod')) {
      const node = pod.spec?.nodeName && c.store.objects.get(`Node//${pod.spec.nodeName}`);
      if (!node) continue;
      const meta = pod.metadata;
      // when it was marked: deletionTimestamp is that moment plus the grace period
      const markedAt = meta.deletionTimestamp ? Date.parse(meta.deletionTimestamp) - (meta.deletionGracePeriodSeconds ?? 0) * 1000 : c.now;
      const due = tolerationEnds(pod, node);
      if (due === undefined || due >= markedAt) continue;
      const seconds = ((markedAt - due) / 1000).toFixed(0);
      out.push(meta.deletionTimestamp ? `${name(pod)} was marked for deletion ${seconds}s after its toleration of ${node.metadata.name}'s taints ran out` : `${name(pod)} is still on ${node.metadata.name} ${seconds}s after its toleration of the node's taints ran out`);
    }
    return out;
  },
};

export const cordonRespected: StateInvariant = {
  name: 'cordon respected',
  description: 'no pod is bound to a node after it was cordoned (unless it tolerates node.kubernetes.io/unschedulable)',
  when: 'always',
  check: (c, prev) =>
    atBinding(c, prev, (pod, node) => {
      if (!node.spec?.unschedulable) return undefined;
      const tolerated = (pod.spec?.tolerations ?? []).some((t: { key?: string; operator?: string }) => t.operator === 'Exists' && (!t.key || t.key === 'node.kubernetes.io/unschedulable'));
      return tolerated ? undefined : ', which is cordoned';
    }),
};

export const withinAllocatable: StateInvariant = {
  name: 'within allocatable',
  description: "the requests of the live pods on a node never exceed the node's allocatable cpu, memory and pod count",
  when: 'always',
  check(c, prev) {
    const out: string[] = [];
    // with prev: only the nodes whose pods (or whose own allocatable) changed since
    const nodes = prev
      ? [...new Set(objectsToCheck(c, prev, ['Pod', 'Node']).map((o) => (o.kind === 'Node' ? o.metadata.name! : o.spec?.nodeName)).filter(Boolean))]
          .map((n) => c.store.objects.get(`Node//${n}`))
          .filter((n): n is KObject => !!n)
      : listAllNamespaces(c.store, 'Node');
    for (const node of nodes) {
      const alloc = allocatableOf(node);
      let cpu = 0, memory = 0, pods = 0;
      for (const key of c.store.podsByNode.get(node.metadata.name!)?.toArray() ?? []) {
        const pod = c.store.objects.get(key);
        if (!pod || !isPodActive(pod)) continue;
        const req = podRequests(pod);
        cpu += req.cpu;
        memory += req.memory;
        pods++;
      }
      if (pods > alloc.pods) out.push(`${pods} pods run on ${node.metadata.name}, which allows ${alloc.pods}`);
      if (cpu > alloc.cpu) out.push(`pods on ${node.metadata.name} request ${cpu}m cpu of ${alloc.cpu}m allocatable`);
      if (memory > alloc.memory) out.push(`pods on ${node.metadata.name} request ${memory} bytes of memory of ${alloc.memory} allocatable`);
    }
    return out;
  },
};

