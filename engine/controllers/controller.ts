/**
 * What every control loop in the engine is: level-triggered, stateless between calls.
 * `enqueue` maps a change to the keys the loop must look at (its informer handlers);
 * `sync` reads the cluster value and answers with actions (its reconcile). Nothing is remembered
 * between calls, so a loop can be restarted, skipped or run twice without changing the outcome.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { ObjectKey } from '../store/store';
import { podCondition } from '../node/pod-status';

export interface SyncResult {
  actions: Action[];
  /** sync this key again at this virtual time (a pull finishing, minReadySeconds elapsing) */
  wakeAt?: { at: number; kind: 'progress' | 'periodic' };
}

export interface Controller {
  /** the component name events and traces carry: replicaset-controller, default-scheduler... */
  readonly name: string;
  enqueue(c: Cluster, key: ObjectKey, prev: KObject | null, current: KObject | undefined): ObjectKey[];
  sync(c: Cluster, key: ObjectKey): SyncResult;
  /** every key a full resync would visit (a restarted controller lists everything) */
  resyncKeys(c: Cluster): ObjectKey[];
}

export const NOTHING: SyncResult = { actions: [] };

/**
 * With minReadySeconds, a ready pod becomes available later: the wake-up at the soonest such time
 * still ahead (the ReplicaSet, DaemonSet and StatefulSet controllers' enqueueAfter).
 */
export function nextAvailability(now: number, minReadySeconds: number, pods: KObject[]): SyncResult['wakeAt'] {
  if (!minReadySeconds) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    const ready = podCondition(pod, 'Ready');
    if (ready?.status !== 'True' || !ready.lastTransitionTime) continue;
    const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
    if (at > now && (soonest === undefined || at < soonest)) soonest = at;
  }
  return soonest === undefined ? undefined : { at: soonest, kind: 'progress' };
}
