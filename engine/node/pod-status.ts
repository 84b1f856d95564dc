/**
 * Facts derived from a pod object alone (selectors in the Redux sense): QoS class, readiness,
 * whether it is active. Never stored twice.
 */
import { KObject } from '../api/types';
import { timestamp } from '../cluster';

/** pkg/apis/core/helper/qos/qos.go GetPodQOS */
export function podQosClass(pod: KObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as any[];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const res of ['cpu', 'memory']) {
      if (req[res] !== undefined || lim[res] !== undefined) any = true;
      if (lim[res] === undefined) guaranteed = false;
      else if (req[res] !== undefined && String(req[res]) !== String(lim[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function podCondition(pod: KObject, type: string): { status: string; lastTransitionTime?: string } | undefined {
  return (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
}

export function isPodReady(pod: KObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** podutil.IsPodTerminal: the pod has Succeeded or Failed. */
export function isPodTerminal(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * The pod's conditions with DisruptionTarget (True, for this reason) in place of any it had: what
 * a controller about to delete the pod writes first (the pod GC, the taint eviction controller).
 */
export function withDisruptionTarget(pod: KObject, reason: string, message: string, now: number): Record<string, unknown>[] {
  const condition = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(now), reason, message };
  return [...(pod.status?.conditions ?? []).filter((x: { type: string }) => x.type !== 'DisruptionTarget'), condition];
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
  return since + minReadySeconds * 1000 <= now;
}
