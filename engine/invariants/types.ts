/**
 * What an invariant is. Three kinds, by what they need to see:
 * - `settled`: a predicate over a settled cluster value (replica counts, fixpoint);
 * - `always`: a predicate over every cluster value a run passes through, one action at a time,
 *   given the value before that action too (temporal ones: a pod bound to a cordoned node);
 * - `run`: a property of a whole run, checked by replaying it (determinism, level-triggering).
 * Each answers with its violations in words a person can act on; none means it holds.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import type { Controller } from '../controllers/controller';

export interface StateInvariant {
  name: string;
  /** one sentence: what holds */
  description: string;
  when: 'settled' | 'always';
  /** `prev`: the value before the last action (for `always` ones); `loops`: the control loops in use, when not the engine's own */
  check(c: Cluster, prev?: Cluster, loops?: readonly Controller[]): string[];
}

/** What a run-level invariant can ask of the run it judges. */
export interface RunContext {
  /** the cluster after the last disturbance, settled */
  final: Cluster;
  /** the manifests the run started from */
  manifests: KObject[];
  /** the run again, from the start: the same seed and the same disturbances */
  replay(): Cluster;
  /** the run without its faults in the control loops, and the run with them, each healed (resync and settle) after every step */
  replayWithAndWithoutLoopFaults(): { without: Cluster; withFaults: Cluster };
  /** the settled invariants the run is held to once it has healed */
  settledInvariants: StateInvariant[];
  /** what the informers' periodic resync and a settle do: every loop looks at everything again */
  heal(c: Cluster): Cluster;
  /** the run's loops (the engine's and any of the user's) settling a cluster */
  converge(c: Cluster): Cluster;
}

export interface RunInvariant {
  name: string;
  description: string;
  when: 'run';
  check(run: RunContext): string[];
}

export type Invariant = StateInvariant | RunInvariant;

export const objectName = (o: KObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/**
 * What an `always` invariant needs to look at: with `prev`, only the objects the actions since
 * then wrote (their cost follows the change, not the cluster); without, every object of `kinds`.
 */
export function objectsToCheck(c: Cluster, prev: Cluster | undefined, kinds?: string[]): KObject[] {
  if (!prev) return c.store.objects.valueSeq().filter((o) => !kinds || kinds.includes(o.kind)).toArray();
  const keys = new Set<string>();
  c.trace.slice(prev.trace.size).forEach((t) => t.key && keys.add(t.key));
  const out: KObject[] = [];
  for (const key of keys) {
    const o = c.store.objects.get(key);
    if (o && (!kinds || kinds.includes(o.kind))) out.push(o);
  }
  return out;
}
