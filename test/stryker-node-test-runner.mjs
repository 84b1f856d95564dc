// A StrykerJS test runner for the unit tests (node:test `test()` calls in *.test.ts), run in the
// worker's own process. Stryker's tap runner starts a process per test file per mutant, so one
// mutant costs a second or more of start-ups; here the files are loaded once and each mutant runs
// only the tests that cover it, switched on through the instrumented code's global, as the
// cucumber and mocha runners do. Options (stryker.unit.config.json): `nodeTest.files`, files or
// folders (every *.test.ts below) relative to the project.
import Module, { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { determineHitLimitReached, DryRunStatus, TestStatus, toMutantRunResult } from '@stryker-mutator/api/test-runner';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';

function testFilesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      return statSync(child).isDirectory() ? testFilesUnder(child) : name.endsWith('.test.ts') ? [child] : [];
    });
}

export class NodeTestRunner {
  static inject = tokens(commonTokens.logger, commonTokens.options);

  constructor(logger, options) {
    this.logger = logger;
    this.files = options.nodeTest?.files ?? [];
    this.context = global[INSTRUMENTER_CONSTANTS.NAMESPACE] ?? (global[INSTRUMENTER_CONSTANTS.NAMESPACE] = {});
    this.tests = [];
  }

  capabilities() {
    return { reloadEnvironment: false };
  }

  /** Loads every test file once, collecting its test() calls instead of running them. */
  async init() {
    const cwd = process.cwd();
    const require = createRequire(join(cwd, 'package.json'));
    require('ts-node/register/transpile-only');
    const collected = [];
    let file = '';
    const collector = {
      test(name, options, fn) {
        const body = typeof options === 'function' ? options : fn;
        collected.push({ file, name, fn: body });
      },
    };
    const load = Module._load;
    Module._load = function (request, ...rest) {
      return request === 'node:test' ? collector : load.call(this, request, ...rest);
    };
    try {
      for (const path of this.files.flatMap((f) => testFilesUnder(resolve(cwd, f)))) {
        file = relative(cwd, path);
        require(path);
      }
    } finally {
      Module._load = load;
    }
    const seen = new Map();
    this.tests = collected.map((t) => {
      const base = `${t.file}: ${t.name}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { ...t, id: n === 1 ? base : `${base} (${n})` };
    });
    this.logger.debug(`node-test runner: ${this.tests.length} tests in ${this.files.length} locations`);
  }

  async dryRun(options) {
    const result = await this.run(this.tests, options.disableBail);
    if (result.status === DryRunStatus.Complete && options.coverageAnalysis !== 'off') result.mutantCoverage = this.context.mutantCoverage;
    return result;
  }

  async mutantRun(options) {
    this.context.activeMutant = options.activeMutant.id;
    this.context.hitLimit = options.hitLimit;
    this.context.hitCount = options.hitLimit ? 0 : undefined;
    const wanted = options.testFilter ? new Set(options.testFilter) : undefined;
    const tests = wanted ? this.tests.filter((t) => wanted.has(t.id)) : this.tests;
    try {
      return toMutantRunResult(await this.run(tests, options.disableBail));
    } finally {
      this.context.activeMutant = undefined;
    }
  }

  async run(tests, disableBail) {
    const results = [];
    for (const t of tests) {
      this.context.currentTestId = t.id;
      const start = performance.now();
      try {
        await t.fn();
        results.push({ id: t.id, name: t.id, fileName: t.file, status: TestStatus.Success, timeSpentMs: performance.now() - start });
      } catch (err) {
        results.push({ id: t.id, name: t.id, fileName: t.file, status: TestStatus.Failed, failureMessage: String(err?.message ?? err).slice(0, 500), timeSpentMs: performance.now() - start });
        if (!disableBail) break;
      } finally {
        this.context.currentTestId = undefined;
      }
      const timeout = determineHitLimitReached(this.context.hitCount, this.context.hitLimit);
      if (timeout) return timeout;
    }
    return { status: DryRunStatus.Complete, tests: results };
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'node-test', NodeTestRunner)];

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  title: 'NodeTestRunnerOptions',
  type: 'object',
  properties: {
    nodeTest: {
      description: 'Configuration for test/stryker-node-test-runner.mjs',
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        files: { description: 'Test files, or folders whose *.test.ts files are loaded, relative to the project', type: 'array', items: { type: 'string' } },
      },
    },
  },
};
