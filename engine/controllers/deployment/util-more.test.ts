// More of pkg/controller/deployment/util/deployment_util.go and the ReplicaSet helpers of
// pkg/controller/controller_utils.go, pinned function by function against upstream's behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from '../../api/types';
import {
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  DESIRED_REPLICAS,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  getProportion,
  hasProgressDeadline,
  isActive,
  isSaturated,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  Reason,
  removeCondition,
  replicas,
  replicasAnnotationsNeedUpdate,
  resolveFenceposts,
  REVISION,
  REVISION_HISTORY,
  revisionOf,
  scaledValue,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specTotal,
} from './util';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } };
const template2 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.17' }] } };

interface RSOpts {
  replicas?: number;
  created?: number;
  revision?: string;
  annotations?: Record<string, string>;
  available?: number;
  template?: any;
  uid?: string;
  status?: any;
}

function rs(name: string, o: RSOpts = {}): KObject {
  const annotations = { ...(o.annotations ?? {}) };
  if (o.revision !== undefined) annotations[REVISION] = o.revision;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, uid: o.uid ?? `uid-${name}`, creationTimestamp: at(o.created ?? 0), annotations },
    spec: { replicas: o.replicas ?? 0, template: o.template ?? template },
    ...(o.status !== undefined ? { status: o.status } : o.available !== undefined ? { status: { availableReplicas: o.available } } : {}),
  };
}

function rolling(replicas: number, surge?: number | string, unavailable?: number | string, extra: any = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', ...(extra.metadata ?? {}) },
    spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, template, ...(extra.spec ?? {}) },
    ...(extra.status ? { status: extra.status } : {}),
  };
}

const recreate = (replicas: number): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas, strategy: { type: 'Recreate' }, template } });

const names = (list: KObject[]) => list.map((o) => o.metadata.name);

// ---------------------------------------------------------------------------------------------
// the pod-template hash

test('ComputeHash: a nil collision count hashes nothing extra, and names stay stable from one run to the next', () => {
  // status.collisionCount is a *int32: JSON null is the nil pointer, not 0
  assert.equal(computeHash(template, null as unknown as undefined), computeHash(template));
  assert.notEqual(computeHash(template, 0), computeHash(template));
  // ReplicaSet and pod names are made of this hash, so a run must name them the same way every
  // time (the collision count goes in as 8 little-endian bytes, binary.LittleEndian.PutUint32)
  assert.equal(computeHash(template), '7c558b86d9');
  assert.equal(computeHash(template, 0), '8576b9fc4f');
  assert.equal(computeHash(template, 1), '69b9ffc6cb');
  assert.equal(computeHash(template, 256), '7698b94558');
});

test('EqualIgnoreHash: an empty metadata is no metadata, and other metadata still counts', () => {
  const withAnnotations = { metadata: { annotations: { a: 'b' } }, spec: template.spec };
  assert.ok(equalIgnoreHash(withAnnotations, { ...withAnnotations }));
  assert.ok(equalIgnoreHash({ metadata: { annotations: { a: 'b' }, labels: { 'pod-template-hash': 'x' } }, spec: template.spec }, withAnnotations));
  assert.ok(!equalIgnoreHash(withAnnotations, { spec: template.spec }));
  assert.ok(equalIgnoreHash({ metadata: {}, spec: template.spec }, { spec: template.spec }));
  assert.ok(equalIgnoreHash({ metadata: { labels: {} }, spec: template.spec }, { spec: template.spec }));
  assert.ok(!equalIgnoreHash(template, template2));
});

// ---------------------------------------------------------------------------------------------
// revisions and orderings

test('Revision: absent is 0, digits parse (strconv.ParseInt), anything else does not', () => {
  assert.equal(revisionOf(rs('a')), 0);
  assert.equal(revisionOf(rs('a', { revision: '3' })), 3);
  assert.equal(revisionOf(rs('a', { revision: '42' })), 42);
  assert.equal(revisionOf(rs('a', { revision: '-1' })), -1);
  assert.ok(Number.isNaN(revisionOf(rs('a', { revision: 'x' }))));
  assert.ok(Number.isNaN(revisionOf(rs('a', { revision: '12x' }))));
  assert.ok(Number.isNaN(revisionOf(rs('a', { revision: 'x12' }))));
  assert.ok(Number.isNaN(revisionOf(rs('a', { revision: '' }))));
  // strings JavaScript's Number() would take but ParseInt does not
  for (const junk of [' 12', '12 ', '1.5', '1e3', '0x1F']) assert.ok(Number.isNaN(revisionOf(rs('a', { revision: junk }))), junk);
  // an object without any annotations
  assert.equal(revisionOf({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'bare' } }), 0);
});

test('MaxRevision: the largest parsable revision, unparsable ones skipped', () => {
  assert.equal(maxRevision([]), 0);
  assert.equal(maxRevision([rs('a', { revision: '2' }), rs('b', { revision: 'x' }), rs('c', { revision: '5' }), rs('d', { revision: '1' })]), 5);
  assert.equal(maxRevision([rs('a', { revision: 'x' }), rs('b', { revision: '3' })]), 3);
  assert.equal(maxRevision([rs('a'), rs('b', { revision: 'x' })]), 0);
});

test('ReplicaSetsByCreationTimestamp: oldest first, ties broken by name', () => {
  const list = [rs('c', { created: 5 }), rs('b', { created: 1 }), rs('a', { created: 1 }), rs('d', { created: 3 })];
  assert.deepEqual(names([...list].sort(byCreation)), ['a', 'b', 'd', 'c']);
  assert.ok(byCreation(rs('a', { created: 1 }), rs('b', { created: 1 })) < 0);
  assert.ok(byCreation(rs('b', { created: 1 }), rs('a', { created: 1 })) > 0);
  assert.equal(byCreation(rs('a', { created: 1 }), rs('a', { created: 1 })), 0);
  assert.ok(byCreation(rs('z', { created: 0 }), rs('a', { created: 1 })) < 0);
  // Go compares names as strings: the empty name sorts first
  const nameless = (o: KObject): KObject => ({ ...o, metadata: { ...o.metadata, name: undefined } });
  assert.ok(byCreation(nameless(rs('x', { created: 1 })), rs('0', { created: 1 })) < 0);
  assert.ok(byCreation(rs('0', { created: 1 }), nameless(rs('x', { created: 1 }))) > 0);
});

test('ReplicaSetsByRevision: lowest revision first; equal or unparsable revisions by creation', () => {
  const r1 = rs('r1', { revision: '1', created: 20 });
  const r2 = rs('r2', { revision: '2', created: 10 });
  const r10 = rs('r10', { revision: '10', created: 5 });
  assert.deepEqual(names([r10, r2, r1].sort(byRevision)), ['r1', 'r2', 'r10']);
  assert.ok(byRevision(r2, r1) > 0);
  assert.ok(byRevision(r1, r2) < 0);
  // equal revisions: the older first
  const older = rs('b', { revision: '3', created: 1 });
  const newer = rs('a', { revision: '3', created: 2 });
  assert.ok(byRevision(older, newer) < 0);
  assert.ok(byRevision(newer, older) > 0);
  // an unparsable revision on either side falls back to creation
  const broken = rs('broken', { revision: 'x', created: 0 });
  assert.ok(byRevision(broken, r1) < 0);
  assert.ok(byRevision(r1, broken) > 0);
  assert.deepEqual(names([r1, broken].sort(byRevision)), ['broken', 'r1']);
});

test('ReplicaSetsBySizeNewer and BySizeOlder: the largest first; equal sizes newer or older first', () => {
  const big = rs('big', { replicas: 5, created: 1 });
  const small = rs('small', { replicas: 2, created: 0 });
  for (const cmp of [bySizeNewer, bySizeOlder]) {
    assert.ok(cmp(big, small) < 0);
    assert.ok(cmp(small, big) > 0);
  }
  const old = rs('old', { replicas: 3, created: 1 });
  const young = rs('young', { replicas: 3, created: 2 });
  assert.ok(bySizeNewer(young, old) < 0);
  assert.ok(bySizeNewer(old, young) > 0);
  assert.ok(bySizeOlder(old, young) < 0);
  assert.ok(bySizeOlder(young, old) > 0);
  assert.deepEqual(names([old, small, young, big].sort(bySizeNewer)), ['big', 'young', 'old', 'small']);
  assert.deepEqual(names([young, small, old, big].sort(bySizeOlder)), ['big', 'old', 'young', 'small']);
});

test('FindNewReplicaSet picks the oldest ReplicaSet with the template (ignoring the hash); FindOldReplicaSets the rest', () => {
  const d = rolling(3, 1, 0);
  const hashed = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
  const newer = rs('newer', { created: 9, template: hashed });
  const oldest = rs('oldest', { created: 2, template: hashed });
  const other = rs('other', { created: 1, template: template2 });
  const list = [newer, other, oldest];
  assert.equal(findNewReplicaSet(d, list)?.metadata.name, 'oldest');
  assert.deepEqual(names(list), ['newer', 'other', 'oldest'], 'the caller\'s list is not reordered');
  assert.deepEqual(names(findOldReplicaSets(d, list)), ['newer', 'other']);
  assert.equal(findNewReplicaSet(d, [other]), undefined);
  assert.deepEqual(names(findOldReplicaSets(d, [other])), ['other']);
});

// ---------------------------------------------------------------------------------------------
// sizes

test('replicas, isActive and GetReplicaCountForReplicaSets (nil ReplicaSets count nothing)', () => {
  assert.equal(replicas(undefined), 0);
  assert.equal(replicas({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' } }), 0);
  assert.equal(replicas(rs('a', { replicas: 4 })), 4);
  assert.equal(isActive(undefined), false);
  assert.equal(isActive(rs('a', { replicas: 0 })), false);
  assert.equal(isActive(rs('a', { replicas: 1 })), true);
  assert.equal(specTotal([rs('a', { replicas: 2 }), undefined, rs('b', { replicas: 3 })]), 5);
});

test('GetScaledValueFromIntOrPercent: ints as they are, percentages of the total rounded as asked', () => {
  assert.equal(scaledValue(undefined, 10, true), 0);
  assert.equal(scaledValue(null as unknown as undefined, 10, true), 0);
  assert.equal(scaledValue(3, 10, false), 3);
  assert.equal(scaledValue('100%', 7, false), 7);
  assert.equal(scaledValue('150%', 4, true), 6);
  assert.equal(scaledValue('33%', 10, true), 4);
  assert.equal(scaledValue('33%', 10, false), 3);
});

test('ResolveFenceposts: only when both come to 0 does unavailable become 1', () => {
  assert.deepEqual(resolveFenceposts(0, 2, 10), [0, 2]);
  assert.deepEqual(resolveFenceposts(1, 0, 10), [1, 0]);
  assert.deepEqual(resolveFenceposts(0, 0, 10), [0, 1]);
  assert.deepEqual(resolveFenceposts(undefined, undefined, 10), [0, 1]);
});

test('MaxSurge and MaxUnavailable: 0 for Recreate, and for a RollingUpdate without parameters', () => {
  assert.equal(maxSurge(rolling(4, 2, 0)), 2);
  assert.equal(maxSurge(rolling(4, '50%', 0)), 2);
  assert.equal(maxSurge(recreate(4)), 0);
  assert.equal(maxSurge({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3 } }), 0);
  assert.equal(maxUnavailable(rolling(4, 0, 2)), 2);
  assert.equal(maxUnavailable(recreate(4)), 0);
  const bare: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, strategy: { type: 'RollingUpdate' } } };
  assert.equal(maxSurge(bare), 0);
  assert.equal(maxUnavailable(bare), 1);
});

test('NewRSNewReplicas: Recreate takes the whole size; RollingUpdate grows within maxSurge and never past the desired count', () => {
  const newRS = rs('new', { replicas: 1 });
  assert.equal(newRSNewReplicas(recreate(5), [rs('old', { replicas: 5 }), newRS], newRS), 5);
  // 3 + 2 surge = 5 allowed, 1 running: room for 4, but only 2 more are wanted
  assert.equal(newRSNewReplicas(rolling(3, 2, 0), [newRS], newRS), 3);
  // 3 + 1 surge = 4 allowed, 3 old + 1 new: no room
  assert.equal(newRSNewReplicas(rolling(3, 1, 0), [rs('old', { replicas: 3 }), newRS], newRS), 1);
  // 4 allowed, 2 old + 1 new: one more
  assert.equal(newRSNewReplicas(rolling(3, 1, 0), [rs('old', { replicas: 2 }), newRS], newRS), 2);
  // at the limit the new ReplicaSet keeps its size, even when it is above the desired count
  const big = rs('big', { replicas: 4 });
  assert.equal(newRSNewReplicas(rolling(3, 1, 0), [big], big), 4);
  // percentages round up
  assert.equal(newRSNewReplicas(rolling(10, '25%', 0), [rs('old', { replicas: 10 }), newRS], newRS), 3);
  // no maxSurge given: no surge
  const bare: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, strategy: { type: 'RollingUpdate' } } };
  assert.equal(newRSNewReplicas(bare, [rs('old', { replicas: 2 }), newRS], newRS), 1);
});

test('IsSaturated: the new ReplicaSet has, wants and has available all of the Deployment\'s replicas', () => {
  const d = rolling(3, 1, 0);
  const sat = (o: RSOpts) => isSaturated(d, rs('new', o));
  assert.equal(isSaturated(d, undefined), false);
  assert.equal(sat({ replicas: 3, available: 3, annotations: { [DESIRED_REPLICAS]: '3' } }), true);
  assert.equal(sat({ replicas: 3, available: 3 }), false, 'no desired-replicas annotation');
  const bare = rs('new', { replicas: 3, available: 3 });
  delete bare.metadata.annotations;
  assert.equal(isSaturated(d, bare), false, 'no annotations at all');
  assert.equal(sat({ replicas: 3, available: 3, annotations: { [DESIRED_REPLICAS]: 'x' } }), false);
  assert.equal(sat({ replicas: 3, available: 3, annotations: { [DESIRED_REPLICAS]: '2' } }), false);
  assert.equal(sat({ replicas: 2, available: 3, annotations: { [DESIRED_REPLICAS]: '3' } }), false);
  assert.equal(sat({ replicas: 3, available: 2, annotations: { [DESIRED_REPLICAS]: '3' } }), false);
  // scaled to 0: a ReplicaSet without status yet has 0 available
  assert.equal(isSaturated(rolling(0, 1, 0), rs('new', { replicas: 0, annotations: { [DESIRED_REPLICAS]: '0' } })), true);
  assert.equal(isSaturated(d, rs('new', { replicas: 3, annotations: { [DESIRED_REPLICAS]: '3' } })), false);
});

test('FindActiveOrLatest: the only active ReplicaSet; with none active the new one, else the newest old one; several active: none', () => {
  const newRS = rs('new', { created: 5, replicas: 0 });
  const a = rs('a', { created: 1, replicas: 0 });
  const b = rs('b', { created: 3, replicas: 0 });
  assert.equal(findActiveOrLatest(undefined, []), undefined);
  assert.equal(findActiveOrLatest(newRS, [])?.metadata.name, 'new');
  assert.equal(findActiveOrLatest(newRS, [a, b])?.metadata.name, 'new');
  assert.equal(findActiveOrLatest(undefined, [a, b])?.metadata.name, 'b');
  assert.equal(findActiveOrLatest(undefined, [b, a])?.metadata.name, 'b');
  const activeOld = rs('active', { created: 0, replicas: 2 });
  assert.equal(findActiveOrLatest(newRS, [a, activeOld, b])?.metadata.name, 'active');
  const activeNew = rs('new', { created: 5, replicas: 1 });
  assert.equal(findActiveOrLatest(activeNew, [])?.metadata.name, 'new');
  assert.equal(findActiveOrLatest(activeNew, [a, b])?.metadata.name, 'new');
  assert.equal(findActiveOrLatest(activeNew, [activeOld]), undefined);
});

// ---------------------------------------------------------------------------------------------
// proportional scaling (GetReplicaSetProportion, getReplicaSetFraction)

test('GetReplicaSetProportion is 0 for an empty ReplicaSet and once everything has been handed out', () => {
  const d = rolling(15, 0, 1);
  const withMax = (replicas: number, max: string) => rs('x', { replicas, annotations: { [MAX_REPLICAS]: max } });
  assert.equal(getProportion(withMax(0, '10'), d, 5, 0), 0);
  assert.equal(getProportion(withMax(0, '10'), rolling(0, 0, 1), -4, 0), 0);
  // an out-of-date annotation that would shrink it on a scale-up: nothing left to give is nothing
  assert.equal(getProportion(withMax(4, '30'), d, 2, 2), 0);
  assert.equal(getProportion(withMax(4, '30'), d, 2, 0), -2);
});

test('GetReplicaSetProportion: the fraction, bounded by what is left to add or remove', () => {
  // 10 -> 15 (no surge): a 4 of 10 grows to 6
  const d = rolling(15, 0, 1);
  const four = rs('x', { replicas: 4, annotations: { [MAX_REPLICAS]: '10' } });
  assert.equal(getProportion(four, d, 5, 0), 2);
  assert.equal(getProportion(four, d, 5, 4), 1, 'only one left to add');
  // 15 -> 10 (no surge): a 6 of 15 shrinks to 4
  const down = rolling(10, 0, 1);
  const six = rs('y', { replicas: 6, annotations: { [MAX_REPLICAS]: '15' } });
  assert.equal(getProportion(six, down, -5, 0), -2);
  assert.equal(getProportion(six, down, -5, -4), -1, 'only one left to remove');
  // halves round away from zero (integer.RoundToInt32): 1 * 3 / 2 = 1.5 -> 2
  assert.equal(getProportion(rs('z', { replicas: 1, annotations: { [MAX_REPLICAS]: '2' } }), rolling(3, 0, 1), 1, 0), 1);
});

test('getReplicaSetFraction: scaling to 0 removes all; without a usable max-replicas annotation the Deployment\'s current size is the base', () => {
  const four = (annotations: Record<string, string> = {}) => rs('x', { replicas: 4, annotations });
  // scaling to zero: the whole ReplicaSet goes
  assert.equal(getProportion(four({ [MAX_REPLICAS]: '10' }), rolling(0, 5, 0), -4, 0), -4);
  // no annotation, 0 and junk all fall back to status.replicas: 4 of 10 -> 15 is 6
  for (const annotations of [{}, { [MAX_REPLICAS]: '0' }, { [MAX_REPLICAS]: 'x' }] as Record<string, string>[]) {
    assert.equal(getProportion(four(annotations), rolling(15, 0, 1, { status: { replicas: 10 } }), 5, 0), 2);
  }
  const bare = four();
  delete bare.metadata.annotations;
  assert.equal(getProportion(bare, rolling(15, 0, 1, { status: { replicas: 10 } }), 5, 0), 2);
  // and when the Deployment has no replicas in its status either, no share at all
  assert.equal(getProportion(four(), rolling(15, 0, 1, { status: { replicas: 0 } }), 5, 0), 0);
  assert.equal(getProportion(four(), rolling(15, 0, 1), 5, 0), 0);
  assert.equal(getProportion(four({ [MAX_REPLICAS]: '0' }), rolling(15, 0, 1), 5, 0), 0);
  // the maximum after scaling counts the surge: 4 of 10 -> 15 + 5 surge = 20 is 8
  assert.equal(getProportion(four({ [MAX_REPLICAS]: '10' }), rolling(15, 5, 0), 10, 0), 4);
});

// ---------------------------------------------------------------------------------------------
// annotations

test('SetReplicasAnnotations and ReplicasAnnotationsNeedUpdate: desired-replicas and max-replicas, each on its own', () => {
  const r = rs('x');
  delete r.metadata.annotations;
  assert.equal(replicasAnnotationsNeedUpdate(r, 3, 4), true);
  assert.equal(setReplicasAnnotations(r, 3, 4), true);
  assert.deepEqual(r.metadata.annotations, { [DESIRED_REPLICAS]: '3', [MAX_REPLICAS]: '4' });
  assert.equal(replicasAnnotationsNeedUpdate(r, 3, 4), false);
  assert.equal(setReplicasAnnotations(r, 3, 4), false);

  assert.equal(replicasAnnotationsNeedUpdate(r, 2, 4), true);
  assert.equal(replicasAnnotationsNeedUpdate(r, 3, 5), true);
  assert.equal(setReplicasAnnotations(r, 2, 4), true);
  assert.deepEqual(r.metadata.annotations, { [DESIRED_REPLICAS]: '2', [MAX_REPLICAS]: '4' });
  assert.equal(setReplicasAnnotations(r, 2, 6), true);
  assert.deepEqual(r.metadata.annotations, { [DESIRED_REPLICAS]: '2', [MAX_REPLICAS]: '6' });
  assert.equal(replicasAnnotationsNeedUpdate(r, 2, 6), false);
});

test('SetNewReplicaSetAnnotations on creation: the revision, the copied annotations and the replica annotations', () => {
  const d = rolling(3, 1, 0, { metadata: { annotations: { note: 'hi', [REVISION]: '9', [DESIRED_REPLICAS]: '99', [MAX_REPLICAS]: '99', [REVISION_HISTORY]: '1', 'deprecated.deployment.rollback.to': '2' } } });
  const r = rs('new');
  delete r.metadata.annotations;
  assert.equal(setNewReplicaSetAnnotations(d, r, 4, false), true);
  assert.deepEqual(r.metadata.annotations, { note: 'hi', [REVISION]: '4', [DESIRED_REPLICAS]: '3', [MAX_REPLICAS]: '4' });
  // nothing left to change
  assert.equal(setNewReplicaSetAnnotations(d, r, 4, true), false);
  assert.equal(setNewReplicaSetAnnotations(d, r, 3, true), false);
});

test('SetNewReplicaSetAnnotations: an existing ReplicaSet keeps its replica annotations; a changed Deployment annotation is copied', () => {
  const d = rolling(3, 1, 0, { metadata: { annotations: { note: 'v2' } } });
  const r = rs('new', { revision: '2', annotations: { note: 'v1' } });
  assert.equal(setNewReplicaSetAnnotations(d, r, 2, true), true);
  assert.deepEqual(r.metadata.annotations, { note: 'v2', [REVISION]: '2' });
  // on creation the replica annotations alone are a change
  const fresh = rs('fresh', { revision: '5' });
  assert.equal(setNewReplicaSetAnnotations(rolling(3, 1, 0), fresh, 3, false), true);
  assert.deepEqual(fresh.metadata.annotations, { [REVISION]: '5', [DESIRED_REPLICAS]: '3', [MAX_REPLICAS]: '4' });
});

test('SetNewReplicaSetAnnotations gives up on a ReplicaSet whose revision is not a number', () => {
  for (const junk of ['abc', ' 12', '12 ', '1.5']) {
    const r = rs('new', { revision: junk });
    assert.equal(setNewReplicaSetAnnotations(rolling(3, 1, 0), r, 4, false), false, junk);
    assert.deepEqual(r.metadata.annotations, { [REVISION]: junk });
  }
  // strconv.ParseInt takes a sign
  const negative = rs('new', { revision: '-1' });
  assert.equal(setNewReplicaSetAnnotations(rolling(3, 1, 0), negative, 4, true), true);
  assert.deepEqual(negative.metadata.annotations, { [REVISION]: '4', [REVISION_HISTORY]: '-1' });
});

test('SetNewReplicaSetAnnotations: revision-history stays within 2000 characters, dropping the oldest entries', () => {
  const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));
  const roll = (history: string, old: string, next: number) => {
    const r = rs('new', { revision: old, annotations: { [REVISION_HISTORY]: history } });
    assert.equal(setNewReplicaSetAnnotations(rolling(3, 1, 0), r, next, true), true);
    assert.equal(r.metadata.annotations![REVISION], String(next));
    return r.metadata.annotations![REVISION_HISTORY];
  };
  // 399 four-digit entries: 1994 characters, plus ",5000" is 1999
  assert.equal(roll(entries(1000, 399).join(','), '5000', 6000), [...entries(1000, 399), '5000'].join(','));
  // 1995 characters (one entry of five digits) plus ",5000" is exactly 2000: still fits
  const exact = [...entries(1000, 398), '10000'].join(',');
  assert.equal(exact.length, 1995);
  assert.equal(roll(exact, '5000', 6000), `${exact},5000`);
  // 400 entries: 1999 + 5 = 2004, so the oldest goes
  const full = entries(1000, 400).join(',');
  const next = roll(full, '5000', 6000)!;
  assert.equal(next, [...entries(1001, 399), '5000'].join(','));
  assert.ok(next.length <= 2000);
  // two-digit entries: 666 of them (1997 characters) plus ",100" is 2001, so one short entry goes
  const short = Array.from({ length: 666 }, (_, i) => String(10 + (i % 90))).join(',');
  assert.equal(short.length, 1997);
  assert.equal(roll(short, '100', 101), `${short.slice(3)},100`);
});

test('SetDeploymentRevision: true only when the revision changes', () => {
  const d = rolling(3, 1, 0);
  assert.equal(setDeploymentRevision(d, undefined), false);
  assert.equal(d.metadata.annotations?.[REVISION], undefined);
  assert.equal(setDeploymentRevision(d, '2'), true);
  assert.equal(d.metadata.annotations![REVISION], '2');
  assert.equal(setDeploymentRevision(d, '2'), false);
  assert.equal(setDeploymentRevision(d, '3'), true);
  assert.equal(d.metadata.annotations![REVISION], '3');
});

// ---------------------------------------------------------------------------------------------
// conditions

test('GetDeploymentCondition finds a condition by type, in a status that may have none', () => {
  assert.equal(getCondition(undefined, 'Available'), undefined);
  assert.equal(getCondition({}, 'Available'), undefined);
  const avail = newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'ok', at(0));
  assert.equal(getCondition({ conditions: [newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, 'm', at(0)), avail] }, 'Available'), avail);
});

test('SetDeploymentCondition: same status and reason is a no-op; a new reason keeps the transition time; the condition moves last', () => {
  const status: any = {};
  setCondition(status, newCondition('Progressing', 'True', Reason.NewReplicaSet, 'created', at(0)));
  setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'no', at(0)));
  // same status and reason: nothing changes, not even the message or update time
  setCondition(status, newCondition('Progressing', 'True', Reason.NewReplicaSet, 'other', at(5)));
  assert.deepEqual(status.conditions.map((c: any) => [c.type, c.message, c.lastUpdateTime]), [
    ['Progressing', 'created', at(0)],
    ['Available', 'no', at(0)],
  ]);
  // a new reason, same status: updated, transition time kept, moved to the end
  setCondition(status, newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, 'progressing', at(10)));
  assert.deepEqual(status.conditions.map((c: any) => c.type), ['Available', 'Progressing']);
  assert.deepEqual(getCondition(status, 'Progressing'), {
    type: 'Progressing',
    status: 'True',
    reason: Reason.ReplicaSetUpdated,
    message: 'progressing',
    lastUpdateTime: at(10),
    lastTransitionTime: at(0),
  });
  // a new status: a new transition time
  setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, 'late', at(20)));
  assert.equal(getCondition(status, 'Progressing')!.lastTransitionTime, at(20));
  // a new status with the same reason is a change too
  setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasUnavailable, 'yes', at(25)));
  assert.deepEqual(getCondition(status, 'Available'), newCondition('Available', 'True', Reason.MinimumReplicasUnavailable, 'yes', at(25)));
  // a different type with the same status does not lend its transition time
  setCondition(status, newCondition('ReplicaFailure', 'False', 'X', 'y', at(30)));
  assert.equal(getCondition(status, 'ReplicaFailure')!.lastTransitionTime, at(30));
  assert.equal(status.conditions.length, 3);
});

test('RemoveDeploymentCondition removes just that type, and an empty list goes away', () => {
  const empty: any = {};
  removeCondition(empty, 'Progressing');
  assert.deepEqual(empty, {});
  const status: any = { conditions: [newCondition('Available', 'True', 'A', 'a', at(0)), newCondition('Progressing', 'True', 'P', 'p', at(0))] };
  removeCondition(status, 'Progressing');
  assert.deepEqual(status.conditions.map((c: any) => c.type), ['Available']);
  removeCondition(status, 'ReplicaFailure');
  assert.deepEqual(status.conditions.map((c: any) => c.type), ['Available']);
  removeCondition(status, 'Available');
  assert.equal('conditions' in status, false);
});

test('HasProgressDeadline: set and not MaxInt32', () => {
  assert.equal(hasProgressDeadline(rolling(1, 1, 0)), false);
  assert.equal(hasProgressDeadline(rolling(1, 1, 0, { spec: { progressDeadlineSeconds: 600 } })), true);
  assert.equal(hasProgressDeadline(rolling(1, 1, 0, { spec: { progressDeadlineSeconds: 2147483647 } })), false);
  assert.equal(hasProgressDeadline({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }), false);
});

test('DeploymentComplete: updated, total and available all at the desired count, and the generation observed', () => {
  const d = rolling(3, 1, 0, { metadata: { generation: 4 } });
  const done = { updatedReplicas: 3, replicas: 3, availableReplicas: 3, observedGeneration: 4 };
  assert.equal(deploymentComplete(d, done), true);
  assert.equal(deploymentComplete(d, { ...done, observedGeneration: 5 }), true);
  assert.equal(deploymentComplete(d, { ...done, observedGeneration: 3 }), false);
  assert.equal(deploymentComplete(d, { ...done, updatedReplicas: 2 }), false);
  assert.equal(deploymentComplete(d, { ...done, replicas: 4 }), false, 'an old pod is still there');
  assert.equal(deploymentComplete(d, { ...done, availableReplicas: 2 }), false);
  // a Deployment scaled to 0 with an empty status is complete
  assert.equal(deploymentComplete(rolling(0, 1, 0), {}), true);
  assert.equal(deploymentComplete(rolling(0, 1, 0, { metadata: { generation: 1 } }), {}), false);
});

test('DeploymentProgressing: more updated, fewer old, more ready or more available than the last status', () => {
  const before = { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 };
  const d = rolling(3, 1, 0, { status: before });
  assert.equal(deploymentProgressing(d, { ...before }), false);
  assert.equal(deploymentProgressing(d, { ...before, updatedReplicas: 2, replicas: 5 }), true);
  assert.equal(deploymentProgressing(d, { ...before, replicas: 3 }), true, 'one old replica fewer');
  assert.equal(deploymentProgressing(d, { ...before, replicas: 5 }), false, 'one old replica more');
  assert.equal(deploymentProgressing(d, { ...before, readyReplicas: 3 }), true);
  assert.equal(deploymentProgressing(d, { ...before, availableReplicas: 3 }), true);
  assert.equal(deploymentProgressing(d, { ...before, readyReplicas: 1, availableReplicas: 1 }), false);
  // a Deployment without status yet
  assert.equal(deploymentProgressing(rolling(3, 1, 0), { replicas: 1, updatedReplicas: 1 }), true);
  assert.equal(deploymentProgressing(rolling(3, 1, 0), {}), false);
});

test('DeploymentTimedOut: only with a deadline and a Progressing condition; after a completed rollout never; strictly past the deadline', () => {
  const d = rolling(3, 1, 0, { spec: { progressDeadlineSeconds: 60 } });
  const progressing = (reason: string, updated: number) => ({ conditions: [newCondition('Progressing', 'True', reason, 'm', at(updated))] });
  const now = (s: number) => T0 + s * 1000;
  assert.equal(deploymentTimedOut(d, {}, now(1000)), false);
  assert.equal(deploymentTimedOut(d, { conditions: [newCondition('Available', 'False', 'x', 'm', at(0))] }, now(1000)), false);
  assert.equal(deploymentTimedOut(d, progressing(Reason.ReplicaSetUpdated, 0), now(60)), false, 'exactly at the deadline');
  assert.equal(deploymentTimedOut(d, progressing(Reason.ReplicaSetUpdated, 0), now(61)), true);
  assert.equal(deploymentTimedOut(d, progressing(Reason.ReplicaSetUpdated, 0), now(59)), false);
  assert.equal(deploymentTimedOut(d, progressing(Reason.ReplicaSetUpdated, 100), now(150)), false);
  assert.equal(deploymentTimedOut(d, progressing(Reason.NewReplicaSetAvailable, 0), now(1000)), false);
  assert.equal(deploymentTimedOut(d, progressing(Reason.TimedOut, 100), now(100)), true);
  const noDeadline = rolling(3, 1, 0, { spec: { progressDeadlineSeconds: 2147483647 } });
  assert.equal(deploymentTimedOut(noDeadline, progressing(Reason.TimedOut, 0), now(1000)), false);
  assert.equal(deploymentTimedOut(rolling(3, 1, 0), progressing(Reason.ReplicaSetUpdated, 0), now(1000)), false);
});
