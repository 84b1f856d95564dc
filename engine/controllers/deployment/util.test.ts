import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from '../../api/types';
import {
  computeHash,
  equalIgnoreHash,
  getProportion,
  maxSurge,
  maxUnavailable,
  MAX_REPLICAS,
  resolveFenceposts,
  REVISION,
  REVISION_HISTORY,
  safeEncode,
  setNewReplicaSetAnnotations,
} from './util';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } };

function deployment(replicas: number, surge: number | string, unavailable: number | string): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', annotations: { 'kubernetes.io/change-cause': 'why', 'kubectl.kubernetes.io/last-applied-configuration': '{}', [REVISION]: '7' } },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, template },
  };
}

test('SafeEncodeString maps digits onto 4-9 and b, c, d, f', () => {
  assert.equal(safeEncode('0123456789'), '456789bcdf');
});

test('the pod-template hash depends on the template and the collision count, and has upstream shape', () => {
  const h = computeHash(template);
  assert.match(h, /^[4-9bcdf]{1,10}$/);
  assert.equal(computeHash(template), h);
  assert.notEqual(computeHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.17' }] } }), h);
  assert.notEqual(computeHash(template, 1), h);
  assert.notEqual(computeHash(template, 1), computeHash(template, 2));
  // a nil collision count hashes nothing extra; 0 hashes eight zero bytes
  assert.notEqual(computeHash(template, 0), h);
});

test('templates are equal ignoring the pod-template-hash label (and an empty label map)', () => {
  const hashed = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': '5d4b' } } };
  assert.ok(equalIgnoreHash(hashed, template));
  assert.ok(equalIgnoreHash({ metadata: { labels: { 'pod-template-hash': 'x' } }, spec: {} }, { spec: {} }));
  assert.ok(!equalIgnoreHash({ ...template, metadata: { labels: { app: 'other' } } }, template));
});

test('fenceposts: surge rounds up, unavailable down, both 0 means one unavailable', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 3), [1, 0]);
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), [3, 2]);
  assert.deepEqual(resolveFenceposts('0%', '0%', 10), [0, 1]);
  assert.deepEqual(resolveFenceposts(2, 0, 10), [2, 0]);
  assert.equal(maxUnavailable(deployment(2, 0, '100%')), 2);
  assert.equal(maxUnavailable(deployment(0, 1, 1)), 0);
  assert.equal(maxSurge({ ...deployment(4, 2, 0), spec: { ...deployment(4, 2, 0).spec, strategy: { type: 'Recreate' } } }), 0);
});

test('proportional scaling: the upstream documentation example (10 -> 15 with 8 old and 5 new)', () => {
  const d = deployment(15, 3, 2);
  const rs = (replicas: number): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x', annotations: { [MAX_REPLICAS]: '13' } }, spec: { replicas } });
  // toAdd = 15 + 3 - 13 = 5, largest first
  const old = getProportion(rs(8), d, 5, 0);
  const added = getProportion(rs(5), d, 5, old);
  assert.deepEqual([old, added], [3, 2]);
});

test('a rollback raises the revision and keeps the old number in revision-history', () => {
  const d = deployment(3, 1, 0);
  const rs: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', annotations: { [REVISION]: '1' } }, spec: { replicas: 0 } };
  assert.ok(setNewReplicaSetAnnotations(d, rs, 3, true));
  assert.equal(rs.metadata.annotations![REVISION], '3');
  assert.equal(rs.metadata.annotations![REVISION_HISTORY], '1');
  assert.equal(rs.metadata.annotations!['kubernetes.io/change-cause'], 'why');
  assert.equal(rs.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  setNewReplicaSetAnnotations(d, rs, 5, true);
  assert.equal(rs.metadata.annotations![REVISION_HISTORY], '1,3');
  // never lowered
  assert.ok(!setNewReplicaSetAnnotations(d, rs, 2, true));
  assert.equal(rs.metadata.annotations![REVISION], '5');
});
