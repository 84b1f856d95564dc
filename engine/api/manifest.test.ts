import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifests } from './manifest';

const error = (text: string) => {
  const r = parseManifests(text, 'm.yaml');
  return r.ok ? undefined : r.error;
};

test('several documents, empty ones skipped, a List unpacked', () => {
  const r = parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: b}}\n', 'm.yaml');
  assert.ok(r.ok);
  assert.deepEqual(r.objects.map((o) => o.metadata.name), ['a', 'b']);
});

test("kubectl's client-side refusals, word for word (kubectl 1.32)", () => {
  const hint = 'if you choose to ignore these errors, turn validation off with --validate=false';
  assert.equal(error('apiversion: v1\nkind: pod\n'), `error validating "m.yaml": error validating data: apiVersion not set; ${hint}`);
  assert.equal(error('apiVersion: v1\nmetadata: {}\n'), `error validating "m.yaml": error validating data: kind not set; ${hint}`);
  assert.equal(error('metadata:\n  name: x\n'), `error validating "m.yaml": error validating data: [apiVersion not set, kind not set]; ${hint}`);
  assert.equal(error('- a\n- b\n'), `error validating "m.yaml": error validating data: invalid object to validate; ${hint}`);
});

test('YAML syntax errors name the line within the document', () => {
  assert.equal(error('a: b\n\tc: d\n'), 'error parsing m.yaml: error converting YAML to JSON: yaml: line 2: found a tab character that violates indentation');
  assert.match(error('apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n')!, /^error parsing m\.yaml: error converting YAML to JSON: yaml: line \d: /);
});
