/**
 * Which pods a ReplicaSet deletes first when it scales down: ActivePodsWithRanks.Less in
 * pkg/controller/controller_utils.go, with PodDeletionCost and LogarithmicScaleDown on (both
 * default-on in 1.32), and getPodsRankedByRelatedPodsOnSameNode for the rank.
 */
import { KObject } from '../api/types';
import { isPodReady, podCondition } from '../node/pod-status';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

function readyTime(pod: KObject): number {
  const c = podCondition(pod, 'Ready');
  return c?.status === 'True' && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function maxRestarts(pod: KObject): number {
  return Math.max(0, ...((pod.status?.containerStatuses ?? []) as { restartCount?: number }[]).map((s) => s.restartCount ?? 0));
}

/** log2 of the age in nanoseconds, as upstream buckets it: pods of similar age tie, then UID decides. */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** true when a should be deleted before b (upstream's "afterOrZero" + logarithmic comparisons) */
function timeLess(a: number, b: number, now: number, uidA: string, uidB: string): boolean | undefined {
  if (a === b) return undefined;
  if (a === 0 || b === 0) return a === 0;
  const diff = logRank(a, now) - logRank(b, now);
  if (diff === 0) return uidA < uidB;
  return diff < 0;
}

export function rankPodsForDeletion(pods: KObject[], related: KObject[], now: number): KObject[] {
  const onNode = new Map<string, number>();
  for (const p of related) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const rank = (p: KObject) => onNode.get(p.spec?.nodeName ?? '') ?? 0;
  const less = (a: KObject, b: KObject): boolean => {
    const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
    if (na !== nb && (!na || !nb)) return !na;
    const pa = PHASE_ORDINAL[a.status?.phase] ?? 0, pb = PHASE_ORDINAL[b.status?.phase] ?? 0;
    if (pa !== pb) return pa < pb;
    if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) < deletionCost(b);
    if (rank(a) !== rank(b)) return rank(a) > rank(b);
    if (isPodReady(a) && isPodReady(b)) {
      const r = timeLess(readyTime(a), readyTime(b), now, a.metadata.uid ?? '', b.metadata.uid ?? '');
      if (r !== undefined) return r;
    }
    if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
    const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0, cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
    const r = timeLess(ca, cb, now, a.metadata.uid ?? '', b.metadata.uid ?? '');
    return r ?? false;
  };
  // a stable sort keeps the list order (by name) for pods that compare equal, as sort.Sort would not promise
  return [...pods].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/**
 * controller.ActivePods.Less: the order in which the Job controller removes pods it has too many
 * of: unassigned, then pending, unknown, running; not ready before ready; ready more recently
 * first; more restarts first; newer first.
 */
export function rankActivePods(pods: KObject[]): KObject[] {
  const created = (p: KObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  const less = (a: KObject, b: KObject): boolean => {
    const na = a.spec?.nodeName ?? '', nb = b.spec?.nodeName ?? '';
    if (na !== nb && (!na || !nb)) return !na;
    const pa = PHASE_ORDINAL[a.status?.phase] ?? 0, pb = PHASE_ORDINAL[b.status?.phase] ?? 0;
    if (pa !== pb) return pa < pb;
    if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
    if (isPodReady(a) && isPodReady(b) && readyTime(a) !== readyTime(b)) return readyTime(a) > readyTime(b);
    if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
    if (created(a) !== created(b)) return created(a) > created(b);
    return false;
  };
  return [...pods].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
