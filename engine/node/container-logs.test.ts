import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateText } from './container-logs';
import { piDigits, processOutput } from './process';

test("date prints coreutils' default format in UTC, the day of the month padded with a space", () => {
  assert.equal(dateText(Date.parse('2025-01-01T00:00:07Z')), 'Wed Jan  1 00:00:07 UTC 2025');
  assert.equal(dateText(Date.parse('2025-03-15T13:05:09Z')), 'Sat Mar 15 13:05:09 UTC 2025');
});

test("the docs' pi Job prints 2000 significant digits of pi, rounded", () => {
  const pi = piDigits(2000);
  assert.equal(pi.length, 2001);
  assert.equal(pi.slice(0, 22), '3.14159265358979323846');
  // digits 1992-2000 are 780275900 and the next ones 99465...: the last one rounds up
  assert.equal(pi.slice(-9), '780275901');
  const out = processOutput({ command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
  assert.deepEqual(out, [{ atMs: 10_000, text: `${pi}\n` }]);
});

test('a script prints at the moments its commands end; redirected output goes to the file', () => {
  assert.deepEqual(processOutput({ command: ['sh', '-c', 'echo one; sleep 2; echo -n two; echo three > /tmp/x; printf "%s-%s\\n" a b'] }), [
    { atMs: 0, text: 'one\n' },
    { atMs: 2000, text: 'two' },
    { atMs: 2000, text: 'a-b\n' },
  ]);
  assert.deepEqual(processOutput({ command: ['sh', '-c', 'date'] }), [{ atMs: 0, date: true }]);
  assert.deepEqual(processOutput({}), []);
});
