/**
 * Property steps: a random search for a sequence of disturbances that breaks an invariant,
 * starting from the scenario's cluster. A failure prints the shrunk counterexample as a scenario.
 * KUBEHAVE_SEED and KUBEHAVE_PATH (printed with a failure) replay one search exactly;
 * KUBEHAVE_RUNS replaces the scenario's run count, and KUBEHAVE_PROGRESS shows the search's
 * progress on standard error (`kubehave properties` sets both).
 */
import { DataTable, Then } from '@cucumber/cucumber';
import { KubehaveWorld } from './support/world';
import { checkInvariant, PrintedStep } from '../properties/check';

const KEYWORDS: Record<string, string> = { Context: 'Given', Action: 'When', Outcome: 'Then' };

/** The scenario's steps before this one, as Gherkin: the set-up a counterexample starts from. */
function stepsSoFar(world: KubehaveWorld): PrintedStep[] {
  const steps = world.pickle?.steps ?? [];
  const until = steps.findIndex((s) => s.id === world.currentStepId);
  return steps.slice(0, until < 0 ? steps.length : until).map((s) => ({
    step: `${KEYWORDS[s.type ?? ''] ?? 'And'} ${s.text}`,
    doc: s.argument?.docString?.content,
    table: s.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)),
  }));
}

const list = (text: string) => text.split(/,|\band\b/).map((s) => s.trim()).filter(Boolean);

/** Progress for a person: a line rewritten in place on a terminal, else a line at each tenth. */
function progressPrinter(total: number, label: string): (done: number) => void {
  const out = process.stderr;
  let shown = 0;
  return (done) => {
    if (out.isTTY) {
      out.write(`\r  ${label}: ${done}/${total} sequences${done === total ? '\n' : ''}`);
    } else if (Math.floor((10 * done) / total) > shown || done === total) {
      shown = Math.floor((10 * done) / total);
      out.write(`  ${label}: ${done}/${total} sequences\n`);
    }
  };
}

function search(world: KubehaveWorld, scenarioRuns: number, disturbances: string[], invariants: string[], clock: 'settles' | 'drawn' = 'settles') {
  const runs = process.env.KUBEHAVE_RUNS ? Number(process.env.KUBEHAVE_RUNS) : scenarioRuns;
  const result = checkInvariant({
    start: world.cluster,
    manifests: [...world.applied.values()],
    disturbances,
    invariants,
    runs,
    ...(process.env.KUBEHAVE_SEED ? { seed: Number(process.env.KUBEHAVE_SEED) } : {}),
    ...(process.env.KUBEHAVE_PATH ? { path: process.env.KUBEHAVE_PATH } : {}),
    setupSteps: [...stepsSoFar(world), { step: clock === 'drawn' ? 'And the control loops catch up' : 'And the cluster settles' }],
    clock,
    ...(process.env.KUBEHAVE_PROGRESS ? { onRun: progressPrinter(runs, world.pickle?.name ?? 'property') } : {}),
  });
  if (!result.ok) throw new Error(`${result.report}\n(KUBEHAVE_SEED=${result.seed} KUBEHAVE_PATH=${result.path} replays this search)`);
  world.log(result.report);
}

Then('for {int} random sequences of {string} the invariant(s) {string} hold(s)', function (this: KubehaveWorld, runs: number, disturbances: string, invariants: string) {
  search(this, runs, list(disturbances), list(invariants));
});

/** Time moves only when a time disturbance is drawn: for CronJobs and long Jobs, which always have work ahead. */
Then('for {int} random sequences of {string} with time passing only when drawn, the invariant(s) {string} hold(s)', function (this: KubehaveWorld, runs: number, disturbances: string, invariants: string) {
  search(this, runs, list(disturbances), list(invariants), 'drawn');
});

/** The disturbances in a table, one per row (a first cell per row; a header row `disturbance` is skipped). */
Then('for {int} random sequences of these disturbances the invariant(s) {string} hold(s):', function (this: KubehaveWorld, runs: number, invariants: string, table: DataTable) {
  const names = table.raw().map((r) => r[0]).filter((n) => n !== 'disturbance');
  search(this, runs, names, list(invariants));
});
