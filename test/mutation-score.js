#!/usr/bin/env node
// Merges the two StrykerJS runs of `npm run mutate` (the controllers' unit tests over every mutant,
// then the book suite through the cucumber runner over the ones they left alive) into one score:
// a mutant counts as killed when either kills it. Writes reports/mutation/mutation.json (the schema Stryker's own report
// uses) and prints a score per file; `--survivors [file-part]` lists the mutants nothing killed.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', 'reports', 'mutation');
const reports = ['unit.json', 'features.json'].map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
// the best verdict any run gave a mutant, best first
const RANK = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'RuntimeError', 'CompileError', 'Ignored'];
const keyOf = (m) => `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ${m.mutatorName} ${m.replacement ?? ''}`;

const merged = JSON.parse(JSON.stringify(reports[0]));
for (const [file, result] of Object.entries(merged.files)) {
  const others = reports.slice(1).map((r) => new Map((r.files[file]?.mutants ?? []).map((m) => [keyOf(m), m])));
  for (const m of result.mutants) {
    for (const other of others) {
      const o = other.get(keyOf(m));
      if (o && RANK.indexOf(o.status) < RANK.indexOf(m.status)) {
        m.status = o.status;
        m.killedBy = o.killedBy;
      }
    }
  }
}
writeFileSync(join(dir, 'mutation.json'), JSON.stringify(merged));

const rows = [];
let total = { killed: 0, survived: 0 };
for (const [file, result] of Object.entries(merged.files).sort()) {
  const count = (...s) => result.mutants.filter((m) => s.includes(m.status)).length;
  const killed = count('Killed', 'Timeout');
  const survived = count('Survived', 'NoCoverage');
  total = { killed: total.killed + killed, survived: total.survived + survived };
  rows.push([file, killed, survived, killed + survived ? ((100 * killed) / (killed + survived)).toFixed(1) : 'n/a']);
}
rows.push(['all files', total.killed, total.survived, ((100 * total.killed) / (total.killed + total.survived)).toFixed(1)]);
const header = ['file', 'killed', 'survived', 'score %'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  '));

const at = process.argv.indexOf('--survivors');
if (at >= 0) {
  const part = process.argv[at + 1] ?? '';
  for (const [file, result] of Object.entries(merged.files)) {
    if (!file.includes(part)) continue;
    for (const m of result.mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.log(`${file}:${m.location.start.line}:${m.location.start.column}  ${m.status}  ${m.mutatorName}  ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
    }
  }
}
