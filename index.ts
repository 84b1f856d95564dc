/**
 * kubehave's TypeScript API, for people testing their own controllers and invariants:
 * the engine (a cluster value, actions, control loops), the invariant library, and the property
 * search with its disturbances. examples/ shows them at work.
 */
export * from './engine';
export { replicaSetsOf, controllerChain } from './engine/queries';
export { defineInvariant, invariantNamed, INVARIANTS, checkInvariants, heal } from './engine/invariants';
export type { Invariant, StateInvariant, RunInvariant, RunContext } from './engine/invariants';
export { checkInvariant, coverageReport } from './properties/check';
export type { CheckOptions, CheckResult, Counterexample, PrintedStep } from './properties/check';
export { DISTURBANCE_KINDS, DISTURBANCE_GROUPS } from './properties/arbitraries';
export type { Disturbance } from './properties/disturbances';
