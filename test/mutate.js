#!/usr/bin/env node
// `npm run mutate [-- <file or glob>...]`: StrykerJS over engine/controllers/ twice, once against
// the book suite (cucumber runner, stryker.config.json) and once against the controllers' unit
// tests (tap runner, stryker.unit.config.json), then test/mutation-score.js merges the two into
// one score. Both runs are incremental: a second run re-tests only the mutants whose code or
// covering tests changed (`--force` re-tests everything). Naming files mutates only those, with
// incremental files of their own, so a partial run leaves the full run's results alone.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
const stryker = join(root, 'node_modules', '.bin', 'stryker');

function run(config, name) {
  const argv = ['run', config];
  if (files.length) argv.push('--mutate', files.join(','), '--incrementalFile', `reports/mutation/${name}.partial.incremental.json`);
  if (force) argv.push('--force');
  console.log(`\n== ${name}: stryker ${argv.join(' ')}`);
  // a fixed seed, so the property scenarios draw the same sequences for every mutant
  const result = spawnSync(stryker, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, KUBEHAVE_SEED: '1' } });
  if (result.status !== 0) {
    console.error(`mutate: the ${name} run failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

run('stryker.config.json', 'features');
run('stryker.unit.config.json', 'unit');
const score = spawnSync(process.execPath, [join(__dirname, 'mutation-score.js')], { cwd: root, stdio: 'inherit' });
process.exit(score.status ?? 1);
