import { test } from 'node:test';
import assert from 'node:assert/strict';
import { is } from 'immutable';
import { createCluster, dispatch, KObject, Cluster, Action } from './index';
import { NAME_SUFFIX_ALPHABET } from './random';

const pod = (name: string, extra: Partial<KObject['metadata']> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...extra },
  spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] },
});

const rs = (name: string, replicas = 2): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } } },
});

function send(c: Cluster, a: Action) {
  return dispatch(c, a);
}

test('create sets the metadata the API server owns', () => {
  const c0 = createCluster();
  const { cluster, outcome } = send(c0, { type: 'create', object: rs('web') });
  assert.ok(outcome.ok && outcome.object);
  const m = outcome.object!.metadata;
  assert.match(m.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(m.resourceVersion, String(c0.resourceVersion + 1));
  assert.equal(m.generation, 1);
  assert.equal(m.creationTimestamp, '2025-01-01T00:00:00Z');
  assert.equal(m.namespace, 'default');
  assert.equal(cluster.resourceVersion, c0.resourceVersion + 1);
  const p = send(cluster, { type: 'create', object: pod('p') }).outcome;
  assert.ok(p.ok);
  assert.equal(p.object!.metadata.generation, undefined, 'pods have no generation in 1.32');
  assert.equal(p.object!.status.phase, 'Pending');
});

test('generateName appends five characters from the no-vowel alphabet, the same ones for the same seed', () => {
  const make = (seed: number) => send(createCluster({ seed }), { type: 'create', object: pod('', { name: undefined, generateName: 'web-' }) }).outcome;
  const a = make(3), b = make(3), other = make(4);
  assert.ok(a.ok && b.ok && other.ok);
  const name = a.object!.metadata.name!;
  assert.match(name, new RegExp(`^web-[${NAME_SUFFIX_ALPHABET}]{5}$`));
  assert.equal(name, b.object!.metadata.name);
  assert.notEqual(name, other.object!.metadata.name);
});

test('generation counts spec changes only; a no-op update writes nothing', () => {
  let c = send(createCluster(), { type: 'create', object: rs('web') }).cluster;
  const live = () => c.store.objects.get('ReplicaSet/default/web')!;
  c = send(c, { type: 'patch', ref: { kind: 'ReplicaSet', name: 'web' }, patchType: 'merge', patch: { metadata: { labels: { tier: 'x' } } } }).cluster;
  assert.equal(live().metadata.generation, 1);
  c = send(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'web' }, replicas: 5 }).cluster;
  assert.equal(live().metadata.generation, 2);
  const rv = c.resourceVersion;
  const r = send(c, { type: 'replace', object: live() });
  assert.ok(r.outcome.ok);
  assert.equal(r.outcome.result, 'unchanged');
  assert.equal(r.cluster.resourceVersion, rv);
});

test('a rejected request leaves the cluster value exactly as it was', () => {
  const c0 = send(createCluster(), { type: 'create', object: pod('p') }).cluster;
  const r = send(c0, { type: 'create', object: pod('p') });
  assert.equal(r.outcome.ok, false);
  assert.equal(!r.outcome.ok && r.outcome.status.message, 'pods "p" already exists');
  assert.ok(is(r.cluster.store.objects, c0.store.objects));
  assert.equal(r.cluster.resourceVersion, c0.resourceVersion);
  assert.equal(r.cluster.rng, c0.rng);
});

test('not found, conflict on a stale resourceVersion, negative scale', () => {
  let c = send(createCluster(), { type: 'create', object: rs('web') }).cluster;
  const nf = send(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: 'nope' } }).outcome;
  assert.equal(!nf.ok && nf.status.message, 'replicasets.apps "nope" not found');
  const live = c.store.objects.get('ReplicaSet/default/web')!;
  c = send(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'web' }, replicas: 3 }).cluster;
  const stale = send(c, { type: 'replace', object: live }).outcome;
  assert.equal(
    !stale.ok && stale.status.message,
    'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
  );
  const neg = send(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: 'web' }, replicas: -1 }).outcome;
  assert.equal(!neg.ok && neg.status.message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
});

test('deleting a scheduled pod starts its grace period; an unscheduled one goes at once', () => {
  let c = send(createCluster(), { type: 'create', object: pod('bound') }).cluster;
  c = send(c, { type: 'create', object: pod('floating') }).cluster;
  c = send(c, { type: 'bind', ref: { kind: 'Pod', name: 'bound' }, node: 'w1-k8s' }).cluster;
  c = send(c, { type: 'delete', ref: { kind: 'Pod', name: 'bound' } }).cluster;
  const bound = c.store.objects.get('Pod/default/bound')!;
  assert.equal(bound.metadata.deletionTimestamp, '2025-01-01T00:00:30Z');
  assert.equal(bound.metadata.deletionGracePeriodSeconds, 30);
  c = send(c, { type: 'delete', ref: { kind: 'Pod', name: 'floating' } }).cluster;
  assert.equal(c.store.objects.get('Pod/default/floating'), undefined);
});

test('foreground and orphan deletion hold the owner with a finalizer', () => {
  let c = send(createCluster(), { type: 'create', object: rs('a') }).cluster;
  c = send(c, { type: 'create', object: rs('b') }).cluster;
  c = send(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: 'a' }, propagationPolicy: 'Foreground' }).cluster;
  c = send(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: 'b' }, propagationPolicy: 'Orphan' }).cluster;
  assert.deepEqual(c.store.objects.get('ReplicaSet/default/a')!.metadata.finalizers, ['foregroundDeletion']);
  assert.deepEqual(c.store.objects.get('ReplicaSet/default/b')!.metadata.finalizers, ['orphan']);
  assert.equal(c.store.objects.get('ReplicaSet/default/a')!.metadata.generation, 2, 'markAsDeleting bumps the generation');
});

test('an unknown kind and a missing namespace are refused', () => {
  const c = createCluster();
  const k = send(c, { type: 'create', object: { ...pod('p'), kind: 'pod' } }).outcome;
  assert.equal(!k.ok && k.status.message, 'no matches for kind "pod" in version "v1"');
  const ns = send(c, { type: 'create', object: pod('p', { namespace: 'nowhere' }) }).outcome;
  assert.equal(!ns.ok && ns.status.message, 'namespaces "nowhere" not found');
});
