/** kubectl on the simulated cluster: run a command line, compare what it printed. */
import { Then, When } from '@cucumber/cucumber';
import { KubehaveWorld } from './support/world';
import { shellWords } from '../kubectl/command-line';
import { runKubectl } from '../kubectl/kubectl';
import { applyBindings, matchOutput } from '../kubectl/output-match';
import { settle } from '../engine';

/**
 * `When I run "kubectl get pods"`: sent as kubectl sends it, once, without letting time pass
 * first (add `the cluster settles` before it for that). Names bound by earlier expected output
 * are rewritten to the real ones.
 */
When('I run {string}', function (this: KubehaveWorld, line: string) {
  const words = shellWords(line);
  if (!Array.isArray(words)) throw new Error(`cannot read the command line: ${words.error}`);
  if (words[0] !== 'kubectl') throw new Error(`only kubectl commands run here, not "${words[0]}"`);
  // kubectl settles the cluster at this instant first (controllers react before a person types);
  // a rejection is judged against that
  const before = settle(this.cluster);
  const result = runKubectl({ cluster: before, readFile: (p) => this.readFixtureIfExists(p) }, words.slice(1).map((w) => applyBindings(w, this.bindings)));
  this.cluster = result.cluster;
  this.watch?.observe(result.cluster);
  this.last = {
    description: line,
    ok: result.exitCode === 0,
    error: result.exitCode === 0 ? undefined : result.stderr.trimEnd(),
    output: result.combined,
    warnings: [],
    objects: [],
    before,
  };
  this.lastRun = result;
});

function lastRun(world: KubehaveWorld) {
  if (!world.lastRun) throw new Error('no kubectl command has run yet: add `When I run "kubectl ..."`');
  return world.lastRun;
}

/**
 * What the terminal showed (stdout and stderr in order), matched as a transcript is: words, not
 * column widths; ages, IPs, uids, generated suffixes and hashes by shape; `...` for any lines.
 */
Then('the output is:', function (this: KubehaveWorld, expected: string) {
  const run = lastRun(this);
  const m = matchOutput(expected, run.combined, this.bindings);
  if (!m.ok) throw new Error(`the output differs (- expected, + actual):\n${m.diff}`);
});

Then('the command fails with:', function (this: KubehaveWorld, expected: string) {
  const run = lastRun(this);
  if (run.exitCode === 0) throw new Error(`the command succeeded; it printed:\n${run.combined}`);
  const m = matchOutput(expected, run.stderr, this.bindings);
  if (!m.ok) throw new Error(`the error differs (- expected, + actual):\n${m.diff}`);
});

Then('the command succeeds', function (this: KubehaveWorld) {
  const run = lastRun(this);
  if (run.exitCode !== 0) throw new Error(`the command failed with exit code ${run.exitCode}:\n${run.combined}`);
});

Then('the command is still waiting', function (this: KubehaveWorld) {
  if (!lastRun(this).hung) throw new Error('the command returned; it was expected to be still waiting (a person would press ^C)');
});
