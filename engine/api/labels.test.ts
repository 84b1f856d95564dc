import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromLabelSelector, matches, parseSelector, Selector } from './labels';

const parsed = (s: string): Selector => {
  const r = parseSelector(s);
  if ('error' in r) throw new Error(r.error);
  return r;
};

test('equality and set-based kubectl selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  assert.equal(matches(parsed('app=web'), labels), true);
  assert.equal(matches(parsed('app==web,tier!=db'), labels), true);
  assert.equal(matches(parsed('app in (web, api)'), labels), true);
  assert.equal(matches(parsed('app notin (web)'), labels), false);
  assert.equal(matches(parsed('env notin (prod)'), labels), true, 'notin matches a missing key');
  assert.equal(matches(parsed('tier'), labels), true);
  assert.equal(matches(parsed('!tier'), labels), false);
  assert.equal(matches(parsed(''), labels), true, 'the empty selector selects everything');
  assert.ok('error' in parseSelector('app in web'));
});

test('LabelSelector objects: matchLabels and matchExpressions are ANDed; a nil selector selects nothing', () => {
  const sel = fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] });
  assert.equal(matches(sel, { app: 'web', tier: 'back' }), true);
  assert.equal(matches(sel, { app: 'web', tier: 'db' }), false);
  assert.equal(matches(fromLabelSelector(undefined), { app: 'web' }), false);
  assert.equal(matches(fromLabelSelector({}), { app: 'web' }), true);
});
