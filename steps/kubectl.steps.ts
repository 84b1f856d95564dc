/** kubectl on the simulated cluster: run a command line, compare what it printed. */
import { DataTable, Then, When } from '@cucumber/cucumber';
import { formatReport, parseTranscript, runTranscript } from '../kubectl/transcript';
import { transcriptFileReader } from '../cli/verify';
import { cellMatches, renderTable } from './support/tables';
import { KubehaveWorld, resolveFixturePath } from './support/world';
import { shellWords } from '../kubectl/command-line';
import { runKubectl } from '../kubectl/kubectl';
import { applyBindings, matchOutput } from '../kubectl/output-match';
import { Cluster, KObject, settle } from '../engine';
import yaml from 'js-yaml';
import { jsonMergePatch } from '../engine/api/patch';
import { Session } from '../kubectl/session';

/**
 * `When I run "kubectl get pods"`: sent as kubectl sends it, once, without letting time pass
 * first (add `the cluster settles` before it for that). Names bound by earlier expected output
 * are rewritten to the real ones.
 */
When('I run {string}', function (this: KubehaveWorld, line: string) {
  runLine(this, line);
});

function runLine(self: KubehaveWorld, line: string, edit?: (o: KObject) => KObject) {
  const words = shellWords(line);
  if (!Array.isArray(words)) throw new Error(`cannot read the command line: ${words.error}`);
  if (words[0] !== 'kubectl') throw new Error(`only kubectl commands run here, not "${words[0]}"`);
  // kubectl settles the cluster at this instant first (controllers react before a person types);
  // a rejection is judged against that
  const run = (cluster: Cluster) => runKubectl({ cluster, readFile: (p) => self.readFixtureIfExists(p), ...(edit ? { edit } : {}) }, args);
  const args = words.slice(1).map((w) => applyBindings(w, self.bindings));
  const before = settle(self.cluster);
  const result = run(before);
  self.change(result.cluster, { replay: (c) => run(settle(c)).cluster });
  self.watch?.observe(result.cluster);
  self.last = {
    description: line,
    ok: result.exitCode === 0,
    error: result.exitCode === 0 ? undefined : result.stderr.trimEnd(),
    output: result.combined,
    warnings: [],
    objects: [],
    before,
  };
  self.lastRun = result;
}

/**
 * A command line on a node's shell, as a transcript's `# kubehave: on <node>` runs it: kubectl,
 * or a simulated host command (curl, systemctl ... kubelet, modprobe [-r] br_netfilter, reboot).
 */
When('I run {string} on node {string}', function (this: KubehaveWorld, line: string, node: string) {
  const run = (cluster: Cluster) => {
    const session = new Session(cluster, (p) => this.readFixtureIfExists(p));
    for (const [k, v] of this.bindings) session.bindings.set(k, v);
    const r = session.run(line, node);
    if (r.unsupported) throw new Error(r.unsupported);
    return { cluster: session.cluster, r };
  };
  const before = settle(this.cluster);
  const { cluster, r } = run(before);
  this.change(cluster, { replay: (c) => run(settle(c)).cluster });
  this.last = { description: `${line} (on ${node})`, ok: r.exitCode === 0, error: r.exitCode === 0 ? undefined : r.output.trimEnd(), output: r.output, warnings: [], objects: [], before };
  this.lastRun = { cluster, stdout: r.exitCode === 0 ? r.output : '', stderr: r.exitCode === 0 ? '' : r.output, combined: r.output, exitCode: r.exitCode, hung: r.hung };
});

/** `kubectl edit`, with the editor's change given as YAML (a JSON merge patch: `null` removes a field). */
When('I run {string} with the editor changing:', function (this: KubehaveWorld, line: string, change: string) {
  const patch = yaml.load(change);
  runLine(this, line, (o) => jsonMergePatch(o as never, patch as never) as unknown as KObject);
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

/** `kubehave verify FILE`: replays a transcript's commands on a fresh cluster; checked with the steps below. */
When('I verify the transcript {string}', function (this: KubehaveWorld, path: string) {
  const text = this.readFixtureIfExists(path);
  if (text === undefined) throw new Error(`the transcript "${path}" does not exist`);
  this.verification = verifyTranscript(text, transcriptFileReader(resolveFixturePath(path)));
});

When('I verify the transcript:', function (this: KubehaveWorld, text: string) {
  this.verification = verifyTranscript(text, (p) => this.readFixtureIfExists(p));
});

function verifyTranscript(text: string, readFile: (p: string) => string | undefined) {
  const parsed = parseTranscript(text);
  return { errors: parsed.errors, results: runTranscript(parsed, { readFile }) };
}

function verification(world: KubehaveWorld) {
  if (!world.verification) throw new Error('no transcript has been verified yet');
  return world.verification;
}

Then('every command of the transcript matches', function (this: KubehaveWorld) {
  const v = verification(this);
  const bad = v.results.filter((r) => r.verdict !== 'ok');
  if (bad.length || v.errors.length) throw new Error([...v.errors, formatReport('transcript', bad, true).text].join('\n'));
});

/** Columns COMMAND and VERDICT (ok, differs, unsupported), one row per command, in order; `*` wildcards. */
Then('the verification reports:', function (this: KubehaveWorld, table: DataTable) {
  const v = verification(this);
  const actual = v.results.map((r) => ({ COMMAND: r.command.command, VERDICT: r.verdict, LINE: String(r.command.line) }));
  const columns = table.raw()[0];
  const expected = table.hashes();
  const same = expected.length === actual.length && expected.every((row, i) => columns.every((c) => cellMatches(row[c], (actual[i] as Record<string, string>)[c] ?? '')));
  if (!same) throw new Error(`the verification differs:\nexpected:\n${renderTable(expected, columns)}actual:\n${renderTable(actual, columns)}\n${formatReport('transcript', v.results, false).text}`);
});

Then('the verification of {string} explains:', function (this: KubehaveWorld, command: string, expected: string) {
  const r = verification(this).results.find((x) => x.command.command === command);
  if (!r) throw new Error(`the transcript has no command "${command}"`);
  const detail = (r.detail ?? '').trim();
  if (detail !== expected.trim()) throw new Error(`the explanation differs:\nexpected:\n${expected}\nactual:\n${detail}`);
});

Then('the transcript has the error {string}', function (this: KubehaveWorld, message: string) {
  const v = verification(this);
  if (!v.errors.includes(message)) throw new Error(`the transcript's errors are: ${v.errors.join('; ') || 'none'}`);
});
