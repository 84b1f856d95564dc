import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transcriptFileReader } from './verify';
import { parseTranscript, runTranscript, updateTranscript } from '../kubectl/transcript';

test('-f paths are read from the transcript folder or fixtures/, never from anywhere else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubehave-'));
  writeFileSync(join(dir, 'pod.yaml'), 'kind: Pod\n');
  const read = transcriptFileReader(join(dir, 'notes.md'));
  assert.equal(read('pod.yaml'), 'kind: Pod\n');
  assert.equal(read('~/_Book/ch3/pod.yaml'), 'kind: Pod\n', 'by file name, for the paths of the notes');
  assert.match(read('fixtures/replicasets/sample-rs.yaml') ?? '', /kind: ReplicaSet/);
  assert.equal(read('../../../../../../etc/passwd'), undefined);
  assert.equal(read('/etc/passwd'), undefined);
});

test('--update writes what the simulation printed in place of output that differs', () => {
  const text = '```\n$ kubectl get rs\nsomething else\n\n$ kubectl get pods\nNo resources found in default namespace.\n```\n';
  const results = runTranscript(parseTranscript(text), { readFile: () => undefined });
  assert.deepEqual(results.map((r) => r.verdict), ['differs', 'ok']);
  assert.equal(updateTranscript(text, results), '```\n$ kubectl get rs\nNo resources found in default namespace.\n\n$ kubectl get pods\nNo resources found in default namespace.\n```\n');
});
