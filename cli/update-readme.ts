/** Rewrites the README's step vocabulary from the step files: `npm run readme`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stepVocabulary, vocabularyMarkdown } from './vocabulary';

const root = resolve(__dirname, '..');
const path = resolve(root, 'README.md');
const readme = readFileSync(path, 'utf8');
const block = vocabularyMarkdown(stepVocabulary(resolve(root, 'steps')));
writeFileSync(path, readme.replace(/<!-- vocabulary:start -->[\s\S]*?<!-- vocabulary:end -->/, `<!-- vocabulary:start -->\n${block}\n<!-- vocabulary:end -->`));
