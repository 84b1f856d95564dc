/**
 * checkInvariant: the property-testing engine behind the Gherkin step, `kubehave properties`
 * and users' own tests. fast-check draws sequences of disturbances; each is replayed on the
 * cluster a run starts from, the loops settling after every step, and the invariants judged:
 * `always` ones after every single action, `settled` ones after every step (deferred to the end
 * of the run, after a resync, once a fault has lost work), `run` ones by replaying the run.
 * A failure shrinks to a minimal sequence and prints as a Gherkin scenario that replays it.
 */
import fc from 'fast-check';
import yaml from 'js-yaml';
import { advance, Cluster, converge, settle, CONTROLLERS, Controller, createCluster, KObject, NodeSpecInput, parseManifests, RunOptions, SettleError, dispatch, defaultNodes } from '../engine';
import { heal, Invariant, invariantNamed, isRunInvariant, isStateInvariant, runContext, RunInvariant, settledInvariants, StateInvariant } from '../engine/invariants';
import { applyDisturbance, Disturbance, disturbanceLabel, hitsNodes, isLoopFault, losesWork } from './disturbances';
import { disturbancesFor, PropertyScope, scopeOf } from './arbitraries';

export interface CheckOptions {
  /** the cluster a run starts from; by default a fresh one with `nodes` and `clusterSeed`, with the manifests applied */
  start?: Cluster;
  /** the manifests (objects, or YAML text): the workloads disturbances act on, and what `reapply` / idempotence apply */
  manifests?: KObject[] | string;
  nodes?: NodeSpecInput[];
  clusterSeed?: number;
  /** kinds of disturbance by name (see DISTURBANCE_KINDS), e.g. ["pod deletions", "dropped runs"] */
  disturbances: string[];
  /** invariants by name, or invariant objects of your own */
  invariants: (string | Invariant)[];
  /** control loops of your own, run after the engine's; one named like an engine loop replaces it */
  controllers?: Controller[];
  /** the loops faults in the control loops strike, by name (default: every loop) */
  faultLoops?: string[];
  /** how many sequences to try (default 100) */
  runs?: number;
  /** the shortest and the longest sequence (default 1 and 12 steps) */
  minSteps?: number;
  maxSteps?: number;
  /** fast-check's seed and path, to replay one counterexample */
  seed?: number;
  path?: string;
  /** Gherkin steps that build the starting cluster, for the printed counterexample */
  setupSteps?: (string | PrintedStep)[];
  /** called after each run: for progress */
  onRun?: (done: number) => void;
  /**
   * How time passes between steps: 'settles' (the default) lets the work in flight finish after
   * each step, as `the cluster settles` does; 'drawn' moves the clock only when a time
   * disturbance is drawn, for workloads that always have work ahead (CronJobs, long Jobs).
   */
  clock?: 'settles' | 'drawn';
}

export interface Counterexample {
  steps: Disturbance[];
  violations: string[];
  /** the scenario that replays it, ready to paste into a feature file */
  gherkin: string;
}

export interface CheckResult {
  ok: boolean;
  runs: number;
  seed: number;
  path?: string;
  shrinks?: number;
  counterexample?: Counterexample;
  /** how often each kind of disturbance was drawn */
  coverage: Map<string, number>;
  /** a report for a person: what held, or the counterexample with its seed */
  report: string;
}

interface RunSetup {
  start: Cluster;
  /** time passes only when a time disturbance is drawn */
  drawnClock: boolean;
  manifests: KObject[];
  loops: readonly Controller[];
  state: StateInvariant[];
  run: RunInvariant[];
}

export interface PrintedStep {
  step: string;
  doc?: string;
  table?: string[][];
}

interface Outcome {
  violations: string[];
  steps: PrintedStep[];
  final: Cluster;
  /** how many of the disturbances ran before a violation stopped the run */
  ran: number;
}

class Violation extends Error {
  constructor(readonly violations: string[]) {
    super(violations.join('; '));
  }
}

function parseManifestOption(m: CheckOptions['manifests']): KObject[] {
  if (!m) return [];
  if (typeof m !== 'string') return m;
  const parsed = parseManifests(m, 'manifests');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.objects;
}

function setupOf(options: CheckOptions): RunSetup {
  const manifests = parseManifestOption(options.manifests);
  const own = options.controllers ?? [];
  const loops = own.length ? [...CONTROLLERS.map((c) => own.find((o) => o.name === c.name) ?? c), ...own.filter((o) => !CONTROLLERS.some((c) => c.name === o.name))] : CONTROLLERS;
  let start = options.start;
  if (!start) {
    start = createCluster({ seed: options.clusterSeed ?? 1, nodes: options.nodes ?? defaultNodes(3) });
    for (const m of manifests) {
      const r = dispatch(start, { type: 'apply', actor: 'user', object: m });
      if (!r.outcome.ok) throw new Error(`the manifest ${m.kind} ${m.metadata?.name} is rejected: ${r.outcome.status.message}`);
      start = r.cluster;
    }
  }
  const chosen = options.invariants.map((i) => (typeof i === 'string' ? invariantNamed(i) : i));
  const drawnClock = options.clock === 'drawn';
  start = drawnClock ? settle(start, { controllers: loops }) : converge(start, { controllers: loops });
  return { start, drawnClock, manifests, loops, state: chosen.filter(isStateInvariant), run: chosen.filter(isRunInvariant) };
}

/**
 * Replays one sequence from the start. With `judge`, checks the state invariants as it goes and
 * stops at the first violation; with `healEachStep`, resyncs after every step (run invariants).
 */
function replaySequence(setup: RunSetup, seq: Disturbance[], judge: boolean, healEachStep = false): Outcome {
  const steps: PrintedStep[] = [];
  const always = judge ? setup.state.filter((i) => i.when === 'always') : [];
  const settled = judge ? setup.state.filter((i) => i.when === 'settled') : [];
  let prev = setup.start;
  const look = (c: Cluster) => {
    const v = always.flatMap((inv) => inv.check(c, prev, setup.loops).map((x) => `${inv.name}: ${x}`));
    prev = c;
    if (v.length) throw new Violation(v);
  };
  const options: RunOptions = { controllers: setup.loops, ...(always.length ? { observe: look } : {}) };
  let c = setup.start;
  let lostWork = false;
  // the starting cluster as a whole; from then on, what each action changes
  const atStart = always.flatMap((inv) => inv.check(c, undefined, setup.loops).map((x) => `${inv.name}: ${x} (before any disturbance)`));
  if (atStart.length) return { violations: atStart, steps, final: c, ran: 0 };
  let ran = 0;
  const checkSettled = (cl: Cluster, when: string) => {
    const v = settled.flatMap((inv) => inv.check(cl, undefined, setup.loops).map((x) => `${inv.name}: ${x}`));
    if (v.length) throw new Violation(v.map((x) => `${x} (${when})`));
  };
  try {
    checkSettled(c, 'before any disturbance');
    for (const d of seq) {
      ran++;
      lostWork ||= losesWork(d);
      const before = c;
      const applied = applyDisturbance(c, d, setup.manifests);
      if (applied.step) steps.push({ step: applied.step, doc: applied.doc });
      c = applied.cluster;
      if (applied.step && !applied.advanceMs) steps.push({ step: setup.drawnClock ? 'And the control loops catch up' : 'And the cluster settles' });
      if (c !== before && always.length) look(c);
      c = applied.advanceMs ? advance(c, applied.advanceMs, options) : setup.drawnClock ? settle(c, options) : converge(c, options);
      // a resync between steps; faults injected for later steps stay pending
      if (healEachStep) c = heal(c, options, true, setup.drawnClock);
      if (!lostWork) checkSettled(c, `after step ${steps.filter((s) => !s.step.startsWith('And ')).length}`);
    }
    if (lostWork) {
      c = heal(c, options, false, setup.drawnClock);
      steps.push(...(setup.drawnClock ? [{ step: 'When the control loops resync at this instant' }] : [{ step: 'When the control loops resync' }, { step: 'And the cluster settles' }]));
      checkSettled(c, 'after the loops resynced');
    }
    return { violations: [], steps, final: c, ran };
  } catch (e) {
    if (e instanceof Violation) return { violations: e.violations, steps, final: c, ran };
    if (e instanceof SettleError) return { violations: [`the cluster never settled: ${e.message}`], steps, final: c, ran };
    throw e;
  }
}

function judgeRun(setup: RunSetup, seq: Disturbance[]): Outcome {
  const outcome = replaySequence(setup, seq, true);
  if (outcome.violations.length || !setup.run.length) return outcome;
  const context = runContext({
    final: outcome.final,
    manifests: setup.manifests,
    options: { controllers: setup.loops },
    settledInvariants: settledInvariants(),
    atInstant: setup.drawnClock,
    replay: (choice) => {
      const kept = seq.filter((d) => (choice.loopFaults || !isLoopFault(d)) && (choice.nodeFaults || !hitsNodes(d)));
      return replaySequence(setup, kept, false, choice.healEachStep).final;
    },
  });
  try {
    const violations = setup.run.filter(isRunInvariant).flatMap((inv) => inv.check(context).map((v) => `${inv.name}: ${v}`));
    return { ...outcome, violations };
  } catch (e) {
    if (e instanceof SettleError) return { ...outcome, violations: [`the cluster never settled: ${e.message}`] };
    throw e;
  }
}

/** Searches for a sequence of disturbances that breaks one of the invariants. */
export function checkInvariant(options: CheckOptions): CheckResult {
  const setup = setupOf(options);
  let scope: PropertyScope = scopeOf(setup.start, setup.manifests, setup.loops);
  if (options.faultLoops) {
    const unknown = options.faultLoops.filter((n) => !scope.loops.includes(n));
    if (unknown.length) throw new Error(`faultLoops names no loop: ${unknown.map((n) => `"${n}"`).join(', ')}; the loops are: ${scope.loops.map((n) => `"${n}"`).join(', ')}`);
    scope = { ...scope, loops: options.faultLoops };
  }
  const arbitrary = fc.array(disturbancesFor(options.disturbances, scope), { minLength: options.minSteps ?? 1, maxLength: options.maxSteps ?? 12 });
  const coverage = new Map<string, number>();
  let counting = true;
  let done = 0;
  const property = fc.property(arbitrary, (seq) => {
    if (counting) for (const d of seq) coverage.set(disturbanceLabel(d), (coverage.get(disturbanceLabel(d)) ?? 0) + 1);
    const ok = judgeRun(setup, seq).violations.length === 0;
    if (!ok) counting = false;
    if (counting) options.onRun?.(++done);
    return ok;
  });
  const details = fc.check(property, { numRuns: options.runs ?? 100, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.path ? { path: options.path } : {}) });
  const names = [...setup.state, ...setup.run].map((i) => `"${i.name}"`).join(', ');
  if (details.errorInstance && !details.counterexample) throw details.errorInstance;
  if (!details.failed || !details.counterexample) {
    return { ok: true, runs: details.numRuns, seed: details.seed, coverage, report: `${names} held for ${details.numRuns} random sequences (seed ${details.seed})\n${coverageReport(coverage)}` };
  }
  // what never ran (the run stopped at a violation) is not part of the counterexample
  let steps = details.counterexample[0];
  let outcome = judgeRun(setup, steps);
  if (outcome.ran < steps.length) {
    const ranOnly = judgeRun(setup, steps.slice(0, outcome.ran));
    if (ranOnly.violations.length) [steps, outcome] = [steps.slice(0, outcome.ran), ranOnly];
  }
  const gherkin = scenarioText(options, setup, outcome, details.seed, steps.length);
  const counterexample: Counterexample = { steps, violations: outcome.violations, gherkin };
  const report = [
    `${names} broke after ${details.numRuns} random sequence${details.numRuns === 1 ? '' : 's'}; shrunk to ${steps.length} step${steps.length === 1 ? '' : 's'} (${details.numShrinks} shrinks).`,
    '',
    ...outcome.violations.map((v) => `  ${v}`),
    '',
    'The counterexample as a scenario:',
    '',
    gherkin,
    '',
    `Replay it with seed ${details.seed} and path "${details.counterexamplePath}".`,
  ].join('\n');
  return { ok: false, runs: details.numRuns, seed: details.seed, path: details.counterexamplePath ?? undefined, shrinks: details.numShrinks, counterexample, coverage, report };
}

export function coverageReport(coverage: Map<string, number>): string {
  const total = [...coverage.values()].reduce((a, b) => a + b, 0);
  if (!total) return 'no disturbance was drawn';
  const rows = [...coverage.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n} (${Math.round((100 * n) / total)}%)`);
  return `disturbances drawn: ${rows.join(', ')}`;
}

function scenarioText(options: CheckOptions, setup: RunSetup, outcome: Outcome, seed: number, drawn: number): string {
  const lines: string[] = [`Scenario: counterexample found with seed ${seed} (${drawn} disturbance${drawn === 1 ? '' : 's'})`];
  const setupSteps = options.setupSteps ? options.setupSteps.map((s) => (typeof s === 'string' ? { step: s } : s)) : defaultSetupSteps(options, setup);
  const body: PrintedStep[] = [...setupSteps, ...outcome.steps];
  let first = { Given: true, When: true, Then: true };
  for (const { step, doc, table } of body) {
    const [word, ...rest] = step.split(' ');
    let keyword = word;
    if (word === 'Given' || word === 'When' || word === 'Then') {
      if (!first[word]) keyword = 'And';
      first = { ...first, [word]: false };
    }
    lines.push(`  ${keyword} ${rest.join(' ')}`);
    if (doc) lines.push('    """', ...doc.split('\n').map((l) => `    ${l}`), '    """');
    if (table) {
      const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
      for (const r of table) lines.push(`    | ${r.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`);
    }
  }
  const inv = [...setup.state, ...setup.run];
  inv.forEach((i, n) => lines.push(`  ${n === 0 ? 'Then' : 'And'} the invariant "${i.name}" holds`));
  return lines.join('\n');
}

function defaultSetupSteps(options: CheckOptions, setup: RunSetup): PrintedStep[] {
  const out: PrintedStep[] = [];
  if (options.nodes) {
    const rows = options.nodes.map((n) => [n.name, n.role ?? 'worker', n.cpu ?? '', n.memory ?? '', n.pods === undefined ? '' : String(n.pods)]);
    out.push({ step: 'Given a cluster with these nodes:', table: [['name', 'role', 'cpu', 'memory', 'pods'], ...rows] });
  }
  out.push({ step: `Given the random seed is ${options.clusterSeed ?? 1}` });
  if (setup.manifests.length) {
    out.push({ step: 'When I apply:', doc: setup.manifests.map((m) => yaml.dump(m, { lineWidth: -1 }).trimEnd()).join('\n---\n') });
    out.push({ step: 'And the cluster settles' });
  }
  return out;
}
