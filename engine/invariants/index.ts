/**
 * The invariant library: named, documented predicates over a cluster value, over each step of a
 * run, or over a whole run (types.ts says which is which). Gherkin steps, property tests, the
 * `kubehave properties` command and users' own tests all draw on the same ones, by name.
 */
import { Cluster } from '../cluster';
import { Invariant, RunInvariant, StateInvariant } from './types';
import { cronJobConcurrency, daemonPods, deploymentRevisions, jobBounds, jobTracking, replicaCounts, statefulSetIdentity, statefulSetOrdering, statefulSetReplicas } from './workloads';
import { controllersMatchTheirPods, noAdoptionAcrossNamespaces, noAdoptionByDeletingOwner, noDanglingOwners, orphansSurvive, singleController } from './ownership';
import { cordonRespected, evictionsOnTime, taintsRespected, withinAllocatable } from './scheduling';
import { rollingUpdateBounds } from './rollout';
import { serviceEndpoints, trafficToReadyPods } from './services';
import { convergence, determinism, fixpoint, idempotence, levelTriggered } from './runs';

export * from './types';
export { heal, runContext, settledShape, shapeDifferences } from './runs';
export type { ReplayChoice } from './runs';

const LIBRARY: Invariant[] = [
  replicaCounts,
  deploymentRevisions,
  daemonPods,
  jobBounds,
  jobTracking,
  cronJobConcurrency,
  statefulSetIdentity,
  statefulSetOrdering,
  statefulSetReplicas,
  serviceEndpoints,
  trafficToReadyPods,
  singleController,
  controllersMatchTheirPods,
  noAdoptionAcrossNamespaces,
  noAdoptionByDeletingOwner,
  noDanglingOwners,
  orphansSurvive,
  taintsRespected,
  evictionsOnTime,
  cordonRespected,
  withinAllocatable,
  rollingUpdateBounds,
  fixpoint,
  convergence,
  levelTriggered,
  idempotence,
  determinism,
];

/** Every invariant by name: the library's, and any a user defined with `defineInvariant`. */
export const INVARIANTS = new Map<string, Invariant>(LIBRARY.map((i) => [i.name, i]));

/** Adds a user's invariant to the library, so that steps and `kubehave properties` can name it. */
export function defineInvariant<T extends Invariant>(invariant: T): T {
  INVARIANTS.set(invariant.name, invariant);
  return invariant;
}

export function invariantNamed(name: string): Invariant {
  const inv = INVARIANTS.get(name);
  if (!inv) throw new Error(`unknown invariant "${name}"; the invariants are: ${[...INVARIANTS.keys()].map((n) => `"${n}"`).join(', ')}`);
  return inv;
}

export const isStateInvariant = (i: Invariant): i is StateInvariant => i.when !== 'run';
export const isRunInvariant = (i: Invariant): i is RunInvariant => i.when === 'run';

/** The state invariants that hold of any settled cluster the engine reaches on its own. */
export function settledInvariants(): StateInvariant[] {
  return [...INVARIANTS.values()].filter(isStateInvariant);
}

/**
 * Checks state invariants of one settled cluster (all of them by default), each violation
 * prefixed with the invariant's name. The temporal part of an `always` invariant needs the
 * previous value and is skipped here; run invariants need a run and are refused.
 */
export function checkInvariants(c: Cluster, names?: string[]): string[] {
  const chosen = names ? names.map(invariantNamed) : settledInvariants();
  return chosen.flatMap((inv) => {
    if (!isStateInvariant(inv)) throw new Error(`the invariant "${inv.name}" is about whole runs: check it with a property ("for N random sequences of ... the invariant "${inv.name}" holds")`);
    return inv.check(c).map((v) => `${inv.name}: ${v}`);
  });
}
