import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createCluster } from '../engine';
import { Session } from '../kubectl/session';
import { prompt, shellLine } from './shell';
import { transcriptFileReader } from './verify';

const root = resolve(__dirname, '..');

function session() {
  return new Session(createCluster({}), transcriptFileReader(join(root, 'README.md')));
}

test('the shell runs kubectl on a settled cluster, switches hosts and lets time pass', () => {
  const s = session();
  const history: string[] = [];
  assert.equal(shellLine(s, history, 'kubectl apply -f fixtures/replicasets/sample-rs.yaml'), 'replicaset.apps/sample-rs created\n');
  assert.match(shellLine(s, history, 'kubectl get rs')!, /^NAME {8}DESIRED {3}CURRENT {3}READY {3}AGE\nsample-rs {3}3 {9}3 {9}3 {7}\d+s\n$/);
  assert.equal(shellLine(s, history, 'on w2-k8s'), '');
  assert.equal(prompt(s), 'root@w2-k8s:~# ');
  assert.equal(shellLine(s, history, 'kubectl get pods'), 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
  assert.equal(shellLine(s, history, 'on w9-k8s'), 'kubehave: no node "w9-k8s"; the nodes are m-k8s, w1-k8s, w2-k8s, w3-k8s\n');
  const before = s.cluster.now;
  assert.equal(shellLine(s, history, 'wait 2m'), '');
  assert.equal(s.cluster.now - before, 120_000);
  assert.match(shellLine(s, history, 'rm -rf /')!, /^kubehave: "rm -rf \/" is not a host command kubehave simulates .*; type "help"/);
  assert.equal(shellLine(s, history, 'history'), '    1  kubectl apply -f fixtures/replicasets/sample-rs.yaml\n    2  kubectl get rs\n    3  on w2-k8s\n    4  kubectl get pods\n    5  on w9-k8s\n    6  wait 2m\n    7  rm -rf /\n    8  history\n');
  assert.equal(shellLine(s, history, 'exit'), null);
});

test('kubehave shell reads commands from standard input and echoes them after the prompt', () => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'kubehave.js'), 'shell'], { input: 'kubectl get ns\nexit\n', encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^root@m-k8s:~# kubectl get ns\nNAME {14}STATUS {3}AGE\ndefault {11}Active {3}\d+s\n/);
});
