/**
 * The step vocabulary: every Given/When/Then phrase the step definitions accept, read from the
 * step files themselves so that the README's list cannot drift (a unit test compares them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Phrase {
  keyword: 'Given' | 'When' | 'Then';
  text: string;
  file: string;
}

const STEP = /\b(Given|When|Then)\(\s*(?:'([^']*)'|`([^`]*)`)/g;

/** Template-literal steps (`I ${verb} {string}`) are expanded over the verbs their loop names. */
function expand(text: string, source: string): string[] {
  const m = /\$\{(\w+)\}/.exec(text);
  if (!m) return [text];
  const loop = new RegExp(`for \\(const ${m[1]} of \\[([^\\]]*)\\]`).exec(source);
  if (!loop) return [text];
  const values = [...loop[1].matchAll(/'([^']*)'/g)].map((v) => v[1]);
  return values.map((v) => text.replace(m[0], v));
}

export function stepVocabulary(stepsDir: string): Phrase[] {
  const phrases: Phrase[] = [];
  for (const file of readdirSync(stepsDir).filter((f) => f.endsWith('.steps.ts')).sort()) {
    const source = readFileSync(join(stepsDir, file), 'utf8');
    for (const m of source.matchAll(STEP)) {
      for (const text of expand(m[2] ?? m[3], source)) phrases.push({ keyword: m[1] as Phrase['keyword'], text, file });
    }
  }
  return phrases;
}

/** The Markdown block the README carries between its vocabulary markers. */
export function vocabularyMarkdown(phrases: Phrase[]): string {
  const order = { Given: 0, When: 1, Then: 2 };
  const sorted = [...phrases].sort((a, b) => order[a.keyword] - order[b.keyword]);
  return sorted.map((p) => `- \`${p.keyword} ${p.text}\``).join('\n');
}
