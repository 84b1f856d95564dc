/**
 * Matching a Gherkin table against rows the cluster produced: without regard to order, with `*`
 * as a wildcard inside a cell, and a readable diff when they differ.
 */
import { createTwoFilesPatch } from 'diff';

export type Row = Record<string, string>;

/** `sample-rs-*` matches `sample-rs-x7k2p`; `*` alone matches anything. */
export function cellMatches(expected: string, actual: string): boolean {
  if (!expected.includes('*')) return expected === actual;
  const pattern = expected.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(actual);
}

function rowMatches(expected: Row, actual: Row, columns: string[]): boolean {
  return columns.every((c) => cellMatches(expected[c] ?? '', actual[c] ?? ''));
}

/** Finds a one-to-one pairing of expected and actual rows (backtracking; tables are small). */
export function matchRowsUnordered(expected: Row[], actual: Row[], columns: string[]): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array(actual.length).fill(false);
  const place = (i: number): boolean => {
    if (i === expected.length) return true;
    for (let j = 0; j < actual.length; j++) {
      if (used[j] || !rowMatches(expected[i], actual[j], columns)) continue;
      used[j] = true;
      if (place(i + 1)) return true;
      used[j] = false;
    }
    return false;
  };
  return place(0);
}

/** Renders rows as an aligned text table, the way a person reads `kubectl get`. */
export function renderTable(rows: Row[], columns: string[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i])).join('   ').trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c] ?? '')))].join('\n') + '\n';
}

export function tableDiff(expected: Row[], actual: Row[], columns: string[]): string {
  const sort = (rows: Row[]) => [...rows].sort((a, b) => columns.map((c) => a[c] ?? '').join('\u0000').localeCompare(columns.map((c) => b[c] ?? '').join('\u0000')));
  const patch = createTwoFilesPatch('expected', 'actual', renderTable(sort(expected), columns), renderTable(sort(actual), columns), '', '', { context: 100 });
  return patch.split('\n').slice(4).join('\n');
}

/** Expected rows (from a Gherkin table's header and rows) against actual ones, in any order; throws with a diff. */
export function assertRows(expected: Row[], columns: string[], actual: Row[], what: string): void {
  if (!matchRowsUnordered(expected, actual, columns)) throw new Error(`${what} differ (- expected, + actual):\n${tableDiff(expected, actual, columns)}`);
}
