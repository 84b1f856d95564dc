/**
 * Faults in the control loops, as data. A `fault` action leaves one of these pending in the
 * cluster value; the runner (control-plane.ts) consumes it the next time the loop has work, so a
 * list of actions with faults in it replays exactly, and a property test can shrink it.
 *
 * Every fault here is one that real controllers survive because they are level-triggered: the
 * state they reconcile is read again on the next event or on the informers' periodic resync.
 * Some (a dropped run, a lost event, a stale read) leave the cluster short of its desired state
 * until that resync; `resync()` is what brings it back.
 */
import type { Cluster } from './cluster';
import { nextRandom } from './random';

export type LoopFault =
  /** the next key the loop takes from its work queue is lost (a sync that never happened) */
  | { fault: 'dropRun'; loop: string }
  /** the next sync of the loop runs twice in a row (a key queued twice, a retry after success) */
  | { fault: 'duplicateRun'; loop: string }
  /** the loop's watch misses the next batch of changes (a broken watch re-established without a relist) */
  | { fault: 'loseEvents'; loop: string }
  /** the loop restarts: its queue is lost and it lists everything again */
  | { fault: 'restart'; loop: string }
  /** the loop's next round reads its informer cache as it was when the fault struck (a lagging cache) */
  | { fault: 'staleRead'; loop: string }
  /** the next round runs the loops in a shuffled order (upstream runs them concurrently) */
  | { fault: 'reorder'; seed: number };

/** A fault waiting for its moment; a stale read keeps the cluster as it was when it struck. */
export type PendingFault = LoopFault & { view?: Cluster };

export const LOOP_FAULTS: readonly LoopFault['fault'][] = ['dropRun', 'duplicateRun', 'loseEvents', 'restart', 'staleRead', 'reorder'];

/** The fault in words, for traces and counterexamples. */
export function describeFault(f: LoopFault): string {
  switch (f.fault) {
    case 'dropRun':
      return `the ${f.loop} drops its next run`;
    case 'duplicateRun':
      return `the ${f.loop} runs its next sync twice`;
    case 'loseEvents':
      return `the ${f.loop} misses the next changes`;
    case 'restart':
      return `the ${f.loop} restarts`;
    case 'staleRead':
      return `the ${f.loop} reads a stale cache`;
    case 'reorder':
      return `the loops run in a shuffled order (seed ${f.seed})`;
  }
}

/** Fisher-Yates with the fault's own seed: the same fault shuffles the same way. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    const [r, next] = nextRandom(state);
    state = next;
    const j = Math.floor(r * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
