/**
 * Facts derived from a pod object alone (selectors in the Redux sense): QoS class, readiness,
 * whether it is active. Never stored twice.
 */
import { KObject } from '../api/types';

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

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable). */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
  return since + minReadySeconds * 1000 <= now;
}
