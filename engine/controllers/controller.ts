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
