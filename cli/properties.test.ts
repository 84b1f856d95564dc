import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { propertyScenarios } from './properties';

const root = resolve(__dirname, '..');
const kubehave = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/kubehave.js'), ...args], { cwd: root, encoding: 'utf8' });

test('kubehave properties picks the scenarios with a property step, by file and line', () => {
  assert.deepEqual(propertyScenarios([join(root, 'fixtures/features')]), ['fixtures/features/one-property.feature:7']);
  const book = propertyScenarios([join(root, 'features')]);
  assert.ok(book.length >= 5 && book.every((s) => /^features\/.+\.feature:\d+$/.test(s)), book.join('\n'));
});

test('kubehave properties runs each property N times with the seed given, and says what it drew', () => {
  const r = kubehave('properties', '--runs', '12', '--seed', '3', 'fixtures/features');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^1 property, 12 random sequences each, seed 3\n/);
  assert.match(r.stdout, /✓ replica counts survive scaling and pod deletions {2}\(fixtures\/features\/one-property.feature\)\n {4}"replica counts" held for 12 random sequences \(seed 3\)\n {4}disturbances drawn: (scale|delete a pod) \d+ \(\d+%\), (scale|delete a pod) \d+ \(\d+%\)\n/);
  assert.match(r.stdout, /1 scenario in 1 feature: 1 passed, 0 failed/);
  // progress on standard error: a line at each tenth when it is not a terminal
  assert.match(r.stderr, /replica counts survive scaling and pod deletions: 12\/12 sequences\n$/);
});

test('kubehave properties refuses bad flags with its usage, and says when there is nothing to run', () => {
  for (const [args, message] of [
    [['--runs', 'many'], '--runs needs a positive whole number, got "many"'],
    [['--runs=0'], '--runs needs a positive whole number, got "0"'],
    [['--path', '0:1'], '--path replays a counterexample only with the --seed it was found with'],
    [['--workers', '3'], 'unknown flag --workers'],
  ] as const) {
    const r = kubehave('properties', ...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.split('\n')[0], `kubehave properties: ${message}`);
    assert.match(r.stderr, /Usage: kubehave properties \[--runs N\]/);
  }
  const none = kubehave('properties', 'fixtures/features/../../features/replicasets');
  assert.equal(none.status, 1);
  assert.match(none.stderr, /^kubehave properties: no scenario in .* has a property step/);
  const missing = kubehave('properties', 'no/such/dir');
  assert.equal(missing.stderr, 'kubehave properties: no such file or directory: no/such/dir\n');
});
