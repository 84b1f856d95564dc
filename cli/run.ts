/**
 * `kubehave run`: runs the feature files on the embedded engine and reports, scenario by
 * scenario, what passed and what failed, then a summary a person can read at a glance.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';

interface ScenarioResult {
  name: string;
  uri: string;
  status: string;
  message?: string;
  failedStep?: string;
  /** what the scenario logged (the seed that replays it) */
  notes: string[];
}

const WORST = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

const PACKAGE_ROOT = resolve(__dirname, '..');

/** The features, steps and TypeScript loader, without the formatters of cucumber.js (we report ourselves). */
export async function cucumberConfiguration(paths: string[]) {
  const { runConfiguration } = await loadConfiguration({
    file: false,
    provided: {
      // a project's own features when it has them, else kubehave's book suite
      paths: paths.length ? paths : [existsSync('features') ? 'features/**/*.feature' : join(PACKAGE_ROOT, 'features/**/*.feature')],
      // TypeScript is already registered by bin/kubehave.js with kubehave's own tsconfig
      require: [join(PACKAGE_ROOT, 'steps/**/*.ts')],
      // cucumber prints progress when given no formatter for stdout: give it one that prints nothing
      format: [resolve(__dirname, 'silent-formatter.js')],
      strict: true,
    },
  });
  return runConfiguration;
}

export interface RunReport {
  /** print every scenario as it ends, with what it logged (a property's coverage), not a dot */
  showNotes?: boolean;
}

export async function runFeatures(paths: string[], out: NodeJS.WriteStream = process.stdout, report: RunReport = {}): Promise<boolean> {
  const started = performance.now();
  const runConfiguration = await cucumberConfiguration(paths);
  const pickles = new Map<string, { name: string; uri: string; steps: Map<string, string> }>();
  const testCases = new Map<string, { pickleId: string; steps: Map<string, string> }>();
  const attempts = new Map<string, ScenarioResult & { testCaseId: string }>();
  const results: ScenarioResult[] = [];
  const { success } = await runCucumber(runConfiguration, undefined, (envelope) => {
    if (envelope.pickle) {
      pickles.set(envelope.pickle.id, {
        name: envelope.pickle.name,
        uri: envelope.pickle.uri,
        steps: new Map(envelope.pickle.steps.map((s) => [s.id, s.text])),
      });
    } else if (envelope.testCase) {
      testCases.set(envelope.testCase.id, {
        pickleId: envelope.testCase.pickleId,
        steps: new Map(envelope.testCase.testSteps.filter((s) => s.pickleStepId).map((s) => [s.id, s.pickleStepId!])),
      });
    } else if (envelope.testCaseStarted) {
      const tc = testCases.get(envelope.testCaseStarted.testCaseId)!;
      const p = pickles.get(tc.pickleId)!;
      attempts.set(envelope.testCaseStarted.id, { name: p.name, uri: p.uri, status: 'PASSED', testCaseId: envelope.testCaseStarted.testCaseId, notes: [] });
    } else if (envelope.attachment?.testCaseStartedId && envelope.attachment.mediaType === 'text/x.cucumber.log+plain') {
      attempts.get(envelope.attachment.testCaseStartedId)?.notes.push(envelope.attachment.body);
    } else if (envelope.testStepFinished) {
      const a = attempts.get(envelope.testStepFinished.testCaseStartedId)!;
      const status = envelope.testStepFinished.testStepResult.status;
      if (WORST.indexOf(status) > WORST.indexOf(a.status)) {
        a.status = status;
        a.message = envelope.testStepFinished.testStepResult.message;
        const tc = testCases.get(a.testCaseId)!;
        const pickleStep = tc.steps.get(envelope.testStepFinished.testStepId);
        const p = pickles.get(tc.pickleId)!;
        a.failedStep = pickleStep ? p.steps.get(pickleStep) : undefined;
      }
    } else if (envelope.testCaseFinished) {
      const a = attempts.get(envelope.testCaseFinished.testCaseStartedId)!;
      results.push(a);
      if (!report.showNotes) out.write(a.status === 'PASSED' ? '.' : 'F');
      else if (a.status === 'PASSED') out.write(`✓ ${a.name}  (${a.uri})\n${a.notes.map((n) => `    ${n.replace(/\n/g, '\n    ')}\n`).join('')}`);
      else out.write(`✗ ${a.name}  (${a.uri}): see below\n`);
    }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  out.write('\n\n');
  const failed = results.filter((r) => r.status !== 'PASSED');
  for (const f of failed) {
    out.write(`✗ ${f.name}  (${f.uri})\n`);
    if (f.failedStep) out.write(`    at step: ${f.failedStep}\n`);
    // the message, without the stack frames a person does not need
    const lines = (f.message ?? '').split('\n').filter((l) => !/^\s+at /.test(l));
    if (lines.length) out.write(lines.slice(0, 40).map((l) => `    ${l}`).join('\n') + '\n');
    for (const note of f.notes) out.write(`    ${note}\n`);
    out.write('\n');
  }
  const features = new Set(results.map((r) => r.uri)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  out.write(`${plural(results.length, 'scenario')} in ${plural(features, 'feature')}: ${results.length - failed.length} passed, ${failed.length} failed (${seconds} s)\n`);
  return success && failed.length === 0;
}
