#!/usr/bin/env node
'use strict';
// The kubehave command: TypeScript sources run through ts-node (transpile-only; `npm run
// typecheck` is the type check).
const path = require('node:path');
const root = path.resolve(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
require('../cli/kubehave.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    process.stderr.write(`kubehave: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  });
