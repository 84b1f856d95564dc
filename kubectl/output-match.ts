/**
 * Comparing what kubectl printed in a transcript with what the simulation prints. Words are
 * compared, not columns of spaces, so table widths may differ. Values that differ from run to run
 * match by shape: ages and durations, IPs, uids, timestamps, generated name suffixes and
 * pod-template hashes. A generated suffix or hash seen in the expected text binds to the real one:
 * the same expected value must always meet the same real value, and later commands that use it
 * are rewritten to act on the real object. `...` alone on a line matches any number of lines;
 * `*` inside a word matches anything.
 */

/** expected piece (`-9f9kr`, `-7c67dd9675`) -> the real one */
export type Bindings = Map<string, string>;

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';
const HASH = '[4-9bcdf]{6,10}';

interface Shape {
  /** finds the shape in expected text */
  find: RegExp;
  /** what matches it in real text */
  pattern: string;
  /** the piece binds (generated names) */
  binds?: boolean;
}

const SHAPES: Shape[] = [
  { find: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/, pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' },
  { find: /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b/, pattern: '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ' },
  // an IP (a pod's, a Service's): binds, so that a later `curl 172.16.103.130` reaches the real pod
  { find: /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/, pattern: '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}', binds: true },
  // an allocated node port, as PORT(S) prints it (`8080:30521/TCP`): binds, for a later `curl <node>:30521`
  { find: /(?<=\d:)3[0-2]\d{3}(?=\/)/, pattern: '3[0-2]\\d{3}', binds: true },
  // a pod-template hash: before a pod's suffix, ending a ReplicaSet's name, or as the label's value
  { find: new RegExp(`(?<=-)${HASH}(?=-${SUFFIX}\\b)`), pattern: HASH, binds: true },
  { find: new RegExp(`(?<=pod-template-hash(?:=|":"|: ))${HASH}\\b`), pattern: HASH, binds: true },
  // a generated name's suffix
  { find: new RegExp(`(?<=-)${SUFFIX}\\b`), pattern: SUFFIX, binds: true },
  { find: new RegExp(`(?<=-)${HASH}\\b`), pattern: HASH, binds: true },
  // ages and durations: 45s, 5m10s, 3h, 2d4h, 10y
  { find: /(?<![\w.-])\d+[smhdy](?:\d+[smhdy])?(?![\w.-])/, pattern: '(?:\\d+[smhdy](?:\\d+[smhdy])?|<invalid>)' },
];

/** describe's timestamps (`Wed, 01 Jan 2025 00:00:04 +0000`) differ from run to run too */
const RFC1123Z = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}\b/g;

const IP = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  regex: RegExp;
  /** for each capture group: the expected piece, or undefined when it does not bind */
  pieces: (string | undefined)[];
}

/** An expected word as a regex: literal text, `*` wildcards, and shapes as capture groups. */
function compile(word: string): Compiled {
  let source = '';
  const pieces: (string | undefined)[] = [];
  let rest = word;
  while (rest.length) {
    let best: { index: number; length: number; shape: Shape } | undefined;
    for (const shape of SHAPES) {
      const m = shape.find.exec(rest);
      if (m && (!best || m.index < best.index)) best = { index: m.index, length: m[0].length, shape };
    }
    const literalEnd = best ? best.index : rest.length;
    source += rest.slice(0, literalEnd).split('*').map(escape).join('.*');
    if (!best) break;
    source += `(${best.shape.pattern})`;
    pieces.push(best.shape.binds ? rest.slice(best.index, best.index + best.length) : undefined);
    rest = rest.slice(best.index + best.length);
  }
  return { regex: new RegExp(`^${source}$`), pieces };
}

function wordMatches(expected: string, actual: string, bindings: Bindings, pending: Map<string, string>): boolean {
  if (expected === actual && !SHAPES.some((shape) => shape.binds && shape.find.test(expected))) return true;
  const { regex, pieces } = compile(expected);
  const m = regex.exec(actual);
  if (!m) return false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece === undefined) continue;
    const real = m[i + 1];
    const bound = bindings.get(piece) ?? pending.get(piece);
    if (bound !== undefined && bound !== real) return false;
    pending.set(piece, real);
  }
  return true;
}

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean);

function lineMatches(expected: string, actual: string, bindings: Bindings, pending: Map<string, string>): boolean {
  // kubectl before 1.22 printed RESTARTS without "(5m ago)": an older transcript still matches
  const a0 = /\(\S+ ago\)/.test(expected) ? actual : actual.replace(/(\d) \(\S+ ago\)/g, '$1');
  const e = words(expected.replace(RFC1123Z, '<date>')), a = words(a0.replace(RFC1123Z, '<date>'));
  if (e.length !== a.length) return false;
  const trial = new Map(pending);
  for (let i = 0; i < e.length; i++) if (!wordMatches(e[i], a[i], bindings, trial)) return false;
  for (const [k, v] of trial) pending.set(k, v);
  return true;
}

function toLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Whether `actual` matches `expected`; on success the new bindings are added to `bindings`.
 * On failure, a readable diff (- expected, + actual).
 */
export function matchOutput(expected: string, actual: string, bindings: Bindings): { ok: true } | { ok: false; diff: string } {
  const e = toLines(expected), a = toLines(actual);
  const found = align(e, 0, a, 0, bindings, new Map());
  if (found) {
    for (const [k, v] of found) bindings.set(k, v);
    return { ok: true };
  }
  return { ok: false, diff: diffLines(e, a) };
}

const isHeader = (line: string) => {
  const w = words(line);
  return w.length >= 2 && w.every((x) => /^[A-Z][A-Z0-9-]*(?:\([A-Z]\))?$/.test(x));
};
const isEllipsis = (line: string) => line.trim() === '...';

/** The rows under a table header: up to a blank line or the end. */
function tableEnd(lines: string[], start: number): number {
  let k = start;
  while (k < lines.length && lines[k].trim() !== '') k++;
  return k;
}

/**
 * Line by line, with `...` matching any run of lines, and tables (a header of capitalised words
 * and the rows under it) matched without regard to row order: kubectl sorts rows by name, and
 * real names sort differently from the transcript's.
 */
function align(e: string[], i: number, a: string[], j: number, bindings: Bindings, pending: Map<string, string>): Map<string, string> | undefined {
  if (i === e.length) return j === a.length ? pending : undefined;
  if (isEllipsis(e[i])) {
    for (let k = j; k <= a.length; k++) {
      const r = align(e, i + 1, a, k, bindings, new Map(pending));
      if (r) return r;
    }
    return undefined;
  }
  if (j === a.length) return undefined;
  const next = new Map(pending);
  if (!lineMatches(e[i], a[j], bindings, next)) return undefined;
  if (isHeader(e[i])) {
    const eEnd = tableEnd(e, i + 1), aEnd = tableEnd(a, j + 1);
    const rows = e.slice(i + 1, eEnd);
    const subset = rows.some(isEllipsis);
    const wanted = rows.filter((r) => !isEllipsis(r));
    const matched = matchRows(wanted, a.slice(j + 1, aEnd), subset, bindings, next);
    return matched ? align(e, eEnd, a, aEnd, bindings, matched) : undefined;
  }
  return align(e, i + 1, a, j + 1, bindings, next);
}

/** Pairs each expected row with a distinct actual row (all of them unless `subset`), bindings consistent. */
function matchRows(expected: string[], actual: string[], subset: boolean, bindings: Bindings, pending: Map<string, string>): Map<string, string> | undefined {
  if (!subset && expected.length !== actual.length) return undefined;
  const used = new Array(actual.length).fill(false);
  const place = (k: number, current: Map<string, string>): Map<string, string> | undefined => {
    if (k === expected.length) return current;
    for (let r = 0; r < actual.length; r++) {
      if (used[r]) continue;
      const trial = new Map(current);
      if (!lineMatches(expected[k], actual[r], bindings, trial)) continue;
      used[r] = true;
      const done = place(k + 1, trial);
      if (done) return done;
      used[r] = false;
    }
    return undefined;
  };
  return place(0, pending);
}

function diffLines(e: string[], a: string[]): string {
  const out: string[] = [];
  const n = Math.max(e.length, a.length);
  for (let i = 0; i < n; i++) {
    if (e[i] !== undefined && a[i] !== undefined && lineMatches(e[i], a[i], new Map(), new Map())) out.push(`  ${a[i]}`);
    else {
      if (e[i] !== undefined) out.push(`- ${e[i]}`);
      if (a[i] !== undefined) out.push(`+ ${a[i]}`);
    }
  }
  return out.join('\n');
}

/** Rewrites the words of a command so that names seen in earlier expected output act on the real objects. */
export function applyBindings(word: string, bindings: Bindings): string {
  let out = word;
  for (const [expected, real] of bindings) {
    if (IP.test(expected)) out = out.replace(new RegExp(`(?<![\\d.])${escape(expected)}(?![\\d.])`, 'g'), real);
    else if (/^3[0-2]\d{3}$/.test(expected)) out = out.replace(new RegExp(`(?<=:)${expected}(?!\\d)`, 'g'), real);
    else out = out.replace(new RegExp(`(?<=[-=])${expected}(?![a-z0-9])`, 'g'), real);
  }
  return out;
}
