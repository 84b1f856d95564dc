#!/usr/bin/env node
// Runs every *.test.ts under the source folders with node's built-in test runner (node 20 has no
// glob support in `node --test`, so the files are listed here). Transpile-only: `npm run typecheck`
// is the type check.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const roots = ['engine', 'kubectl', 'properties', 'steps', 'cli', 'examples', 'test'];
const files = [];
function walk(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
}
roots.forEach(walk);
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', '--test', ...selected], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
