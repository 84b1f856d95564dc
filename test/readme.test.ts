/** The README's step vocabulary is the one the step files define: regenerate with `npx kubehave steps`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stepVocabulary, vocabularyMarkdown } from '../cli/vocabulary';

const root = resolve(__dirname, '..');

test('README lists exactly the step vocabulary the steps define', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const m = /<!-- vocabulary:start -->\n([\s\S]*?)\n?<!-- vocabulary:end -->/.exec(readme);
  assert.ok(m, 'README.md has no vocabulary markers');
  const expected = vocabularyMarkdown(stepVocabulary(resolve(root, 'steps')));
  assert.equal(m[1].trim(), expected.trim(), 'README step vocabulary is stale: paste the output of `npx kubehave steps` between the markers');
});

test('every phrase in the vocabulary is distinct', () => {
  const phrases = stepVocabulary(resolve(root, 'steps')).map((p) => `${p.keyword} ${p.text}`);
  assert.equal(new Set(phrases).size, phrases.length);
});
