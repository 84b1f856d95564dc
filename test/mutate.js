#!/usr/bin/env node
// `npm run mutate [-- <file>...] [--force]`: StrykerJS over engine/controllers/ in two runs, then
// one score.
//   1. the controllers' unit tests (stryker.unit.config.json, test/stryker-node-test-runner.mjs:
//      in-process, a few minutes for every mutant) against every mutant;
//   2. the book suite (cucumber runner, stryker.config.json; the slow one) against the mutants the
//      unit tests left alive, each named to Stryker by its exact source range;
//   3. test/mutation-score.js merges the two reports (a mutant is killed when either run kills it).
// Both runs are incremental: a second run re-tests only mutants whose code or covering tests
// changed (--force re-tests everything). Naming files mutates only those, with incremental files
// of their own, so a partial run leaves the full run's results alone.
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const reports = join(root, 'reports', 'mutation');
const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
const stryker = join(root, 'node_modules', '.bin', 'stryker');

function run(argv, name) {
  console.log(`\n== ${name}: stryker ${argv.join(' ').slice(0, 300)}`);
  // a fixed seed, so the property scenarios draw the same sequences for every mutant
  const result = spawnSync(stryker, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, KUBEHAVE_SEED: '1' } });
  if (result.status !== 0) {
    console.error(`mutate: the ${name} run failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/**
 * Stryker's mutate ranges (`file:line:column-line:column`, lines from 1, columns from 0) of the
 * mutants a report left alive; the report's columns count from 1.
 */
function survivorRanges(report) {
  const out = [];
  for (const [file, result] of Object.entries(report.files)) {
    for (const m of result.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { start, end } = m.location;
      out.push(`${file}:${start.line}:${Math.max(0, start.column - 1)}-${end.line}:${end.column - 1}`);
    }
  }
  return [...new Set(out)];
}

const unit = ['run', 'stryker.unit.config.json'];
if (files.length) unit.push('--mutate', files.join(','), '--incrementalFile', 'reports/mutation/unit.partial.incremental.json');
if (force) unit.push('--force');
run(unit, 'unit tests');

const alive = survivorRanges(JSON.parse(readFileSync(join(reports, 'unit.json'), 'utf8')));
if (alive.length) {
  // a config of its own: thousands of ranges are too long for a command line
  const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
  config.mutate = alive;
  if (files.length) config.incrementalFile = 'reports/mutation/features.partial.incremental.json';
  const path = join(reports, 'stryker.features.survivors.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  console.log(`\n${alive.length} mutants survived the unit tests; the book suite gets them next`);
  run(['run', path, ...(force ? ['--force'] : [])], 'book suite');
} else {
  writeFileSync(join(reports, 'features.json'), JSON.stringify({ schemaVersion: '1', thresholds: {}, files: {} }));
}
const score = spawnSync(process.execPath, [join(__dirname, 'mutation-score.js')], { cwd: root, stdio: 'inherit' });
process.exit(score.status ?? 1);
