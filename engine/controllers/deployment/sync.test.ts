/**
 * pkg/controller/deployment/sync.go: the new ReplicaSet (created, or found and kept up to date),
 * scaling with events, proportional scaling, history clean-up, and the status sums.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, eventsOf, getResource, listResources, runSync } from '../../index';
import { Cluster } from '../../cluster';
import { deploymentController as dc } from './controller';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './util';
import { create, KEY, NO_DEADLINE, patchSpec, profile, RS, setImage, setStatus, strategy, web, world, writes } from './test-support';

const scaleTo = (c: Cluster, replicas: number): Cluster => dispatch(c, { type: 'scale', ref: { kind: 'Deployment', name: 'web' }, replicas }).cluster;
const deploymentEvents = (c: Cluster) => eventsOf(c, getResource(c, 'Deployment', 'web')).map((e) => `${e.type} ${e.reason} ${e.message}`);
const progressing = (c: Cluster) => getResource(c, 'Deployment', 'web')!.status.conditions?.find((x: { type: string }) => x.type === 'Progressing');

// ---------------------------------------------------------------------------------------------
// the new ReplicaSet

test('the first sync creates the new ReplicaSet: owned, hashed, annotated, sized; the Deployment records revision 1 and NewReplicaSetCreated', () => {
  const c = runSync(create(createCluster({ seed: 1 }), web({ minReadySeconds: 5 })), dc, KEY);
  const d = getResource(c, 'Deployment', 'web')!;
  const [rs] = listResources(c, 'ReplicaSet');
  const hash = rs.metadata.labels!['pod-template-hash'];
  assert.equal(rs.metadata.name, `web-${hash}`);
  assert.deepEqual(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  // a new ReplicaSet is created with its replica annotations: 3 wanted, 3 + 25% surge (rounded up) at most
  assert.deepEqual(rs.metadata.annotations, { [REVISION]: '1', [DESIRED_REPLICAS]: '3', [MAX_REPLICAS]: '4' });
  assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  assert.deepEqual(rs.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  assert.equal(rs.spec.replicas, 3);
  assert.equal(rs.spec.minReadySeconds, 5);

  assert.equal(d.metadata.annotations![REVISION], '1');
  const p = progressing(c)!;
  assert.deepEqual([p.status, p.reason, p.message], ['True', 'NewReplicaSetCreated', `Created new replica set "${rs.metadata.name}"`]);
  assert.deepEqual(deploymentEvents(c), [`Normal ScalingReplicaSet Scaled up replica set ${rs.metadata.name} to 3`]);
});

test('a Deployment of 0 replicas creates its ReplicaSet without a scaling event', () => {
  const c = converge(create(createCluster({ seed: 1 }), web({ replicas: 0 })));
  assert.equal(listResources(c, 'ReplicaSet')[0].spec.replicas, 0);
  assert.deepEqual(deploymentEvents(c), []);
});

test('a ReplicaSet the API server rejects is reported in a Warning event', () => {
  // 250 characters: fine for the Deployment, too long once the hash is appended
  const name = 'w'.repeat(250);
  const c = runSync(create(createCluster({ seed: 1 }), web({}, name)), dc, `Deployment/default/${name}`);
  assert.deepEqual(listResources(c, 'ReplicaSet'), []);
  const events = eventsOf(c, getResource(c, 'Deployment', name)).map((e) => [e.type, e.reason, e.message]);
  assert.equal(events.length, 1);
  const [type, reason, message] = events[0];
  assert.deepEqual([type, reason], ['Warning', 'ReplicaSetCreateError']);
  assert.match(message, new RegExp(`^Failed to create new replica set "${name}-[4-9bcdf]+": .*must be no more than 253 characters`));
});

test("a change of minReadySeconds is written to the existing new ReplicaSet, not rolled out", () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  const name = listResources(c, 'ReplicaSet')[0].metadata.name!;
  c = converge(patchSpec(c, { minReadySeconds: 10 }));
  assert.deepEqual(listResources(c, 'ReplicaSet').map((rs) => [rs.metadata.name, rs.spec.minReadySeconds]), [[name, 10]]);
  c = converge(patchSpec(c, { minReadySeconds: 0 }));
  const rs = getResource(c, 'ReplicaSet', name)!;
  assert.ok(!('minReadySeconds' in rs.spec), 'minReadySeconds 0 is the default and omitted');
});

test('a Deployment that starts to care about a deadline notes the ReplicaSet it found (FoundNewReplicaSet)', () => {
  let c = converge(create(createCluster({ seed: 1 }), web({ progressDeadlineSeconds: NO_DEADLINE })));
  const name = listResources(c, 'ReplicaSet')[0].metadata.name!;
  assert.equal(progressing(c), undefined);
  c = runSync(patchSpec({ ...c, now: c.now + 60_000 }, { progressDeadlineSeconds: 600 }), dc, KEY);
  const found = progressing(c)!;
  assert.deepEqual([found.status, found.reason, found.message], ['True', 'FoundNewReplicaSet', `Found new replica set "${name}"`]);
  c = converge(c);
  const done = progressing(c)!;
  assert.equal(done.reason, 'NewReplicaSetAvailable');
  assert.equal(done.lastTransitionTime, found.lastTransitionTime);
});

test('a settled Deployment, paused or not: a resync writes nothing', () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  assert.deepEqual(dc.sync(c, KEY), { actions: [] });
  c = converge(patchSpec(c, { paused: true }));
  assert.deepEqual(dc.sync(c, KEY), { actions: [] });
});

// ---------------------------------------------------------------------------------------------
// scaling

test('a paused Deployment is still scaled, and its status follows', () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  const name = listResources(c, 'ReplicaSet')[0].metadata.name!;
  c = converge(scaleTo(patchSpec(c, { paused: true }), 5));
  assert.equal(getResource(c, 'ReplicaSet', name)!.spec.replicas, 5);
  const status = getResource(c, 'Deployment', 'web')!.status;
  assert.deepEqual([status.replicas, status.updatedReplicas, status.readyReplicas, status.availableReplicas], [5, 5, 5, 5]);
  assert.ok(deploymentEvents(c).includes(`Normal ScalingReplicaSet Scaled up replica set ${name} to 5 from 3`));
});

test('proportional scaling: the upstream example (10 -> 15 with 8 old and 5 new) and back down', () => {
  let c = createCluster({ seed: 1, profile });
  c = converge(create(c, web({ replicas: 10, ...strategy(3, 2) })));
  c = converge(setImage(c, 'nginx:1.17'));
  const v2 = listResources(c, 'ReplicaSet').find((rs) => rs.spec.replicas === 10)!.metadata.name!;
  c = converge(setImage(c, 'broken:1'));
  const v3 = listResources(c, 'ReplicaSet').find((rs) => rs.spec.template.spec.containers[0].image === 'broken:1')!.metadata.name!;
  const sizes = (cl: Cluster) => Object.fromEntries(listResources(cl, 'ReplicaSet').map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]));
  assert.deepEqual(sizes(c), { 'nginx:1.16': 0, 'nginx:1.17': 8, 'broken:1': 5 });
  const v1 = listResources(c, 'ReplicaSet').find((rs) => rs.spec.replicas === 0)!;

  c = converge(scaleTo(c, 15));
  assert.deepEqual(sizes(c), { 'nginx:1.16': 0, 'nginx:1.17': 11, 'broken:1': 7 });
  assert.deepEqual(deploymentEvents(c).slice(-2), [`Normal ScalingReplicaSet Scaled up replica set ${v2} to 11 from 8`, `Normal ScalingReplicaSet Scaled up replica set ${v3} to 7 from 5`]);
  // only active ReplicaSets take part: revision 1 keeps the annotations it had
  assert.deepEqual(getResource(c, 'ReplicaSet', v1.metadata.name!)!.metadata.annotations, v1.metadata.annotations);
  for (const name of [v2, v3]) {
    const a = getResource(c, 'ReplicaSet', name)!.metadata.annotations!;
    assert.deepEqual([a[DESIRED_REPLICAS], a[MAX_REPLICAS]], ['15', '18']);
  }

  // 15 -> 16: one more, all of it for the larger ReplicaSet; the other only has its annotations updated
  const before = deploymentEvents(c).length;
  c = converge(scaleTo(c, 16));
  assert.deepEqual(sizes(c), { 'nginx:1.16': 0, 'nginx:1.17': 12, 'broken:1': 7 });
  assert.deepEqual(deploymentEvents(c).slice(before), [`Normal ScalingReplicaSet Scaled up replica set ${v2} to 12 from 11`]);
  assert.equal(getResource(c, 'ReplicaSet', v3)!.metadata.annotations![DESIRED_REPLICAS], '16');
});

test('proportional scaling mid-rollout: the largest ReplicaSet first, and it takes what rounding leaves over', () => {
  // 3 wanted, maxSurge 1: one old pod and three new ones, the last new one not ready yet
  const rss: RS[] = [
    { name: 'web-old', image: 'nginx:1', replicas: 1, revision: 1, desired: 3 },
    { name: 'web-new', image: 'nginx:new', replicas: 3, revision: 2, available: 2, desired: 3 },
  ];
  // 3 -> 5: 6 allowed, 2 to add; the new ReplicaSet's share (3 * 6/4 = 4.5, rounded to 5) takes both
  assert.deepEqual(writes(dc.sync(world({ ...strategy(1, 0), replicas: 5 }, rss), KEY).actions), ['replace web-new 5', 'replace web-old 1']);
  // 3 -> 1: 2 allowed, 2 to remove; the new ReplicaSet gives 1 (3 * 2/4 = 1.5, rounded to 2), the
  // old one nothing (1 * 2/4 = 0.5, rounded to 1), and the one left over comes off the largest
  const down = world({ ...strategy(1, 0), replicas: 1 }, rss);
  assert.deepEqual(writes(dc.sync(down, KEY).actions), ['replace web-new 1', 'replace web-old 1']);
  assert.deepEqual(deploymentEvents(runSync(down, dc, KEY)), ['Normal ScalingReplicaSet Scaled down replica set web-new to 1 from 3']);
});

test('scaling to zero mid-rollout empties every ReplicaSet, whatever maxSurge says', () => {
  let c = createCluster({ seed: 1, profile });
  c = converge(create(c, web(strategy(1, 1))));
  c = converge(setImage(c, 'broken:1'));
  assert.deepEqual(listResources(c, 'ReplicaSet').map((rs) => rs.spec.replicas).sort(), [2, 2]);
  // one sync scales both to 0 (scale(): nothing is allowed for 0 replicas, surge or not)
  c = runSync(scaleTo(c, 0), dc, KEY);
  assert.deepEqual(listResources(c, 'ReplicaSet').map((rs) => rs.spec.replicas), [0, 0]);
  c = converge(c);
  assert.deepEqual(listResources(c, 'Pod'), []);
});

test('on a scaling event, a saturated new ReplicaSet sends the old ones to 0', () => {
  // the old ReplicaSet was sized for 2 replicas (its desired-replicas annotation): a scaling event
  const c = world(strategy(1, 0), [
    { name: 'web-old', image: 'nginx:1', replicas: 1, revision: 1, desired: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 3, revision: 2 },
  ]);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['replace web-old 0']);
});

test('a Recreate Deployment is not scaled proportionally', () => {
  // two active ReplicaSets sized for 2 replicas, the Deployment now at 4: upstream scale() only shares out for RollingUpdate
  const c = world({ replicas: 4, strategy: { type: 'Recreate' } }, [
    { name: 'web-old', image: 'nginx:1', replicas: 1, revision: 1, desired: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 1, revision: 2, desired: 2 },
  ]);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), []);
});

// ---------------------------------------------------------------------------------------------
// history

test('history: only old ReplicaSets beyond the limit that are scaled to 0, have no pods and are observed are deleted', () => {
  // paused: sync() cleans up even mid-rollout. 3 wanted with maxSurge 1: 2 old and 2 new pods, nothing to scale.
  const c = world({ ...strategy(1, 0), paused: true, revisionHistoryLimit: 0 }, [
    { name: 'web-active', image: 'nginx:1', replicas: 2, revision: 1, status: { replicas: 0, observedGeneration: 1 } },
    { name: 'web-pods', image: 'nginx:2', replicas: 0, revision: 2, status: { replicas: 1, observedGeneration: 1 } },
    { name: 'web-unseen', image: 'nginx:3', replicas: 0, revision: 3, generation: 2, status: { replicas: 0, observedGeneration: 1 } },
    { name: 'web-done', image: 'nginx:4', replicas: 0, revision: 4 },
    { name: 'web-new', image: 'nginx:new', replicas: 2, revision: 5 },
  ]);
  const actions = dc.sync(c, KEY).actions;
  assert.deepEqual(writes(actions), ['delete web-done']);
  const done = getResource(c, 'ReplicaSet', 'web-done')!;
  assert.deepEqual(
    actions.find((a) => a.type === 'delete'),
    { type: 'delete', actor: 'deployment-controller', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web-done' }, preconditions: { uid: done.metadata.uid } },
    'guarded by its uid',
  );
});

test('history: the limit counts old ReplicaSets that are not being deleted, oldest revision first', () => {
  const complete = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
  const rss: RS[] = [
    { name: 'web-one', image: 'nginx:1', replicas: 0, revision: 1 },
    { name: 'web-two', image: 'nginx:2', replicas: 0, revision: 3 },
    { name: 'web-three', image: 'nginx:3', replicas: 0, revision: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 3, revision: 4 },
  ];
  // three old revisions, four allowed
  assert.deepEqual(writes(dc.sync(world({ revisionHistoryLimit: 4 }, rss, complete), KEY).actions), []);
  assert.deepEqual(writes(dc.sync(world({ revisionHistoryLimit: 3 }, rss, complete), KEY).actions), []);
  assert.deepEqual(writes(dc.sync(world({ revisionHistoryLimit: 1 }, rss, complete), KEY).actions), ['delete web-one', 'delete web-three']);

  // revision 2 is on its way out (a finalizer holds it): of the two others, one is within the limit
  let c = world({ revisionHistoryLimit: 1 }, rss.map((r) => (r.revision === 2 ? { ...r, finalizers: ['example.com/hold'] } : r)), complete);
  c = dispatch(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: 'web-three' } }).cluster;
  const three = getResource(c, 'ReplicaSet', 'web-three')!;
  assert.ok(three.metadata.deletionTimestamp);
  c = setStatus(c, 'ReplicaSet', 'web-three', { replicas: 0, observedGeneration: three.metadata.generation });
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['delete web-one']);
});

// ---------------------------------------------------------------------------------------------
// status

test('status sums the ReplicaSets, leaves zeros out, and is Available while at most maxUnavailable are not', () => {
  // 4 wanted, maxSurge 1, maxUnavailable 1: 2 old pods available, 3 new ones, 1 of them ready and none available yet
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-old', image: 'nginx:1', replicas: 2, revision: 1 },
    { name: 'web-new', image: 'nginx:new', replicas: 3, revision: 2, status: { replicas: 3, readyReplicas: 1, observedGeneration: 1 } },
  ]);
  const after = runSync(c, dc, KEY);
  const { conditions, ...counts } = getResource(after, 'Deployment', 'web')!.status;
  assert.deepEqual(counts, { observedGeneration: 1, replicas: 5, updatedReplicas: 3, readyReplicas: 3, unavailableReplicas: 3, availableReplicas: 2 });
  const available = conditions.find((x: { type: string }) => x.type === 'Available');
  assert.deepEqual([available.status, available.reason, available.message], ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']);

  // one more available: 3 of 4 is enough with maxUnavailable 1
  const better = setStatus(c, 'ReplicaSet', 'web-new', { replicas: 3, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  const ok = getResource(runSync(better, dc, KEY), 'Deployment', 'web')!.status;
  assert.equal(ok.unavailableReplicas, 2);
  const cond = ok.conditions.find((x: { type: string }) => x.type === 'Available');
  assert.deepEqual([cond.status, cond.reason, cond.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
});

test('a Deployment scaled to 0 reports no zero counts', () => {
  const c = converge(scaleTo(converge(create(createCluster({ seed: 1 }), web())), 0));
  const { conditions, ...counts } = getResource(c, 'Deployment', 'web')!.status;
  assert.deepEqual(counts, { observedGeneration: 2 });
  assert.ok(conditions.length);
});

test('a ReplicaSet already holding the new name: ours with the same template is taken as the new one, ours with another template is a collision', () => {
  // the Deployment's own ReplicaSet, whose labels no longer match its selector: the controller
  // lets it go, and the name it would create is taken (upstream: a slow cache or a collision)
  const settled = converge(create(createCluster({ seed: 1 }), web()));
  const [rs] = listResources(settled, 'ReplicaSet');
  const relabel = (c: Cluster, image?: string) => {
    const cur = getResource(c, 'ReplicaSet', rs!.metadata.name!)!;
    const spec = image ? { ...cur.spec, template: { ...cur.spec.template, spec: { ...cur.spec.template.spec, containers: [{ ...cur.spec.template.spec.containers[0], image }] } } } : cur.spec;
    const r = dispatch(c, { type: 'replace', object: { ...cur, metadata: { ...cur.metadata, labels: { app: 'elsewhere' } }, spec } });
    assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
    return r.cluster;
  };
  const collisions = (c: Cluster) =>
    dc
      .sync(c, KEY)
      .actions.filter((a) => a.type === 'updateStatus')
      .map((a) => (a as { object: { status: { collisionCount?: number } } }).object.status.collisionCount);
  assert.deepEqual(collisions(relabel(settled)), [], 'same template: taken as ours, no collision');
  assert.deepEqual(collisions(relabel(settled, 'nginx:other')), [1], 'another template under that name: a collision');
  // the same template under that name, in a ReplicaSet nobody controls (and that the Deployment
  // does not select, so it is not adopted): still a collision, it is not ours
  const cur = getResource(settled, 'ReplicaSet', rs!.metadata.name!)!;
  const stranger = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: cur.metadata.name, labels: { app: 'elsewhere' } }, spec: { replicas: 0, selector: cur.spec.selector, template: cur.spec.template } };
  const fresh = dispatch(createCluster({ seed: 1 }), { type: 'create', object: stranger });
  assert.ok(fresh.outcome.ok, JSON.stringify(fresh.outcome));
  assert.deepEqual(collisions(create(fresh.cluster, web())), [1]);
});
