/**
 * pkg/controller/deployment/progress.go: syncRolloutStatus (the Progressing condition during a
 * rollout, ReplicaFailure copied from the ReplicaSets) and requeueStuckDeployment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, converge, createCluster, dispatch, getResource, KObject, listResources, runSync, settle } from '../../index';
import { Cluster } from '../../cluster';
import { controllerOf } from '../../store/store';
import { deploymentController as dc } from './controller';
import { KEY, NO_DEADLINE, patchSpec, profile, setImage, web } from './test-support';
import { DeploymentCondition } from './util';

/** `broken` cannot be pulled: its pods never become ready, so a rollout to it is stuck. */

function start(d: KObject, observe?: (c: Cluster) => void): Cluster {
  return converge(dispatch(createCluster({ seed: 1, profile }), { type: 'create', object: d }).cluster, { observe });
}
const cond = (c: Cluster, type: string): DeploymentCondition | undefined => getResource(c, 'Deployment', 'web')!.status.conditions?.find((x: DeploymentCondition) => x.type === type);
const progressing = (c: Cluster) => cond(c, 'Progressing');
const newRSName = (c: Cluster): string => {
  const d = getResource(c, 'Deployment', 'web')!;
  return listResources(c, 'ReplicaSet').find((rs) => controllerOf(rs)?.uid === d.metadata.uid && rs.spec.template.spec.containers[0].image === d.spec.template.spec.containers[0].image)!.metadata.name!;
};

/** Every distinct Progressing condition the Deployment shows while the loops run. */
function recorder() {
  const seen: (DeploymentCondition | undefined)[] = [];
  const observe = (c: Cluster) => {
    const p = getResource(c, 'Deployment', 'web') && progressing(c);
    if (JSON.stringify(seen[seen.length - 1]) !== JSON.stringify(p)) seen.push(p && { ...p });
  };
  return { seen, observe };
}

test('a rolling update: Progressing goes Created, then ReplicaSetUpdated (refreshed at every step, same transition), then NewReplicaSetAvailable', () => {
  let c = start(web({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  const before = progressing(c)!;
  const rec = recorder();
  c = converge(setImage(c, 'nginx:1.17'), { observe: rec.observe });
  const name = newRSName(c);

  const reasons = rec.seen.map((p) => p?.reason).filter((r, i, all) => r !== all[i - 1]);
  assert.deepEqual(reasons, ['NewReplicaSetAvailable', 'NewReplicaSetCreated', 'ReplicaSetUpdated', 'NewReplicaSetAvailable']);
  const updates = rec.seen.filter((p) => p?.reason === 'ReplicaSetUpdated') as DeploymentCondition[];
  for (const p of updates) assert.equal(p.message, `ReplicaSet "${name}" is progressing.`);
  // progress.go: "update everything but lastTransitionTime" when progress is seen with the same reason
  assert.ok(new Set(updates.map((p) => p.lastUpdateTime)).size >= 3, 'each step of the rollout refreshes lastUpdateTime');
  assert.deepEqual([...new Set(rec.seen.map((p) => p?.lastTransitionTime))], [before.lastTransitionTime], 'Progressing stays True throughout');
  const done = progressing(c)!;
  assert.equal(done.status, 'True');
  assert.equal(done.message, `ReplicaSet "${name}" has successfully progressed.`);
  assert.equal(done.lastUpdateTime, updates[updates.length - 1].lastUpdateTime);
});

test('scaling a complete Deployment is not a rollout: its Progressing condition is left as it was', () => {
  let c = start(web());
  const before = progressing(c);
  c = advance(c, 60_000);
  c = converge(dispatch(c, { type: 'scale', ref: { kind: 'Deployment', name: 'web' }, replicas: 5 }).cluster);
  assert.equal(getResource(c, 'Deployment', 'web')!.status.availableReplicas, 5);
  assert.deepEqual(progressing(c), before);
  c = converge(dispatch(c, { type: 'scale', ref: { kind: 'Deployment', name: 'web' }, replicas: 2 }).cluster);
  assert.deepEqual(progressing(c), before);
});

test('without a progress deadline no Progressing condition is ever written, and an existing one is removed', () => {
  const rec = recorder();
  let c = start(web({ progressDeadlineSeconds: NO_DEADLINE }), rec.observe);
  c = converge(setImage(c, 'nginx:1.17'), { observe: rec.observe });
  assert.deepEqual(rec.seen.filter(Boolean), []);
  // a stuck rollout without a deadline: nothing to time out, nothing to wake up for
  c = settle(setImage(c, 'broken:1'));
  c = advance(c, 30_000);
  assert.equal(progressing(c), undefined);
  assert.equal(dc.sync(c, KEY).wakeAt, undefined);
  assert.deepEqual(getResource(c, 'Deployment', 'web')!.status.conditions.map((x: DeploymentCondition) => x.type), ['Available']);

  // a deadline given, then taken away again
  let d = start(web());
  assert.equal(progressing(d)!.reason, 'NewReplicaSetAvailable');
  d = converge(patchSpec(d, { progressDeadlineSeconds: NO_DEADLINE }));
  assert.deepEqual(getResource(d, 'Deployment', 'web')!.status.conditions.map((x: DeploymentCondition) => x.type), ['Available']);
});

test('a deadline added together with a new template (Recreate) is tracked from then on', () => {
  let c = start(web({ progressDeadlineSeconds: NO_DEADLINE, strategy: { type: 'Recreate' } }));
  c = patchSpec(c, { progressDeadlineSeconds: 600, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.17' }] } } });
  const rec = recorder();
  c = converge(c, { observe: rec.observe });
  const p = progressing(c)!;
  assert.equal(p.reason, 'NewReplicaSetAvailable');
  assert.equal(p.message, `ReplicaSet "${newRSName(c)}" has successfully progressed.`);
  assert.ok(rec.seen.some((x) => x?.reason === 'NewReplicaSetCreated'));
});

test('paused mid-rollout and resumed: progress afterwards is a new transition to True', () => {
  let c = start(web({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
  c = settle(setImage(c, 'nginx:1.17'));
  c = converge(patchSpec(c, { paused: true }));
  const paused = progressing(c)!;
  assert.deepEqual([paused.status, paused.reason, paused.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  c = advance(c, 60_000);
  c = runSync(patchSpec(c, { paused: false }), dc, KEY);
  const resumed = progressing(c)!;
  assert.deepEqual([resumed.status, resumed.reason, resumed.message], ['Unknown', 'DeploymentResumed', 'Deployment is resumed']);
  assert.equal(resumed.lastTransitionTime, paused.lastTransitionTime, 'Unknown to Unknown is no transition');

  const rec = recorder();
  c = converge(c, { observe: rec.observe });
  const first = rec.seen.find((x) => x?.status === 'True')!;
  assert.equal(first.reason, 'ReplicaSetUpdated');
  // progress.go: the transition time is kept only when the current condition is already True
  assert.equal(first.lastTransitionTime, first.lastUpdateTime);
  assert.notEqual(first.lastTransitionTime, paused.lastTransitionTime);
  assert.equal(progressing(c)!.reason, 'NewReplicaSetAvailable');
});

test('a ReplicaFailure of the new ReplicaSet, else of an old one, is copied to the Deployment, and dropped when it clears', () => {
  let c = start(web());
  c = converge(setImage(c, 'nginx:1.17'));
  const d = getResource(c, 'Deployment', 'web')!;
  const [oldRS, newRS] = listResources(c, 'ReplicaSet')
    .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
    .sort((a, b) => (a.spec.replicas ?? 0) - (b.spec.replicas ?? 0));
  const failure = (reason: string, message: string, at: string) => ({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: at, reason, message });
  const withConditions = (cl: Cluster, rs: KObject, conditions: object[]) =>
    dispatch(cl, { type: 'updateStatus', object: { ...getResource(cl, 'ReplicaSet', rs.metadata.name!)!, status: { ...getResource(cl, 'ReplicaSet', rs.metadata.name!)!.status, conditions } } }).cluster;
  const sync = (cl: Cluster) => runSync(cl, dc, KEY);

  c = sync(withConditions(c, oldRS, [failure('FailedCreate', 'pods "old" is forbidden: exceeded quota', '2025-01-01T00:00:30Z')]));
  // ReplicaSetToDeploymentCondition: both times are the ReplicaSet condition's transition time
  assert.deepEqual(cond(c, 'ReplicaFailure'), {
    type: 'ReplicaFailure',
    status: 'True',
    lastUpdateTime: '2025-01-01T00:00:30Z',
    lastTransitionTime: '2025-01-01T00:00:30Z',
    reason: 'FailedCreate',
    message: 'pods "old" is forbidden: exceeded quota',
  });
  c = sync(withConditions(c, newRS, [failure('FailedDelete', 'pods "new-1" is forbidden: no way', '2025-01-01T00:00:40Z')]));
  assert.equal(cond(c, 'ReplicaFailure')!.message, 'pods "new-1" is forbidden: no way', "the new ReplicaSet's failure wins");
  c = sync(withConditions(withConditions(c, newRS, []), oldRS, []));
  assert.equal(cond(c, 'ReplicaFailure'), undefined);
  assert.deepEqual(getResource(c, 'Deployment', 'web')!.status.conditions.map((x: DeploymentCondition) => x.type), ['Available', 'Progressing']);
});

test('a Recreate rollout with no new ReplicaSet yet reports progress in the name of the Deployment', () => {
  let c = start(web({ strategy: { type: 'Recreate' } }));
  c = setImage(c, 'nginx:1.17');
  // the old pods go one at a time: the Deployment last saw 3 old replicas, the ReplicaSet now reports 2
  c = runSync(c, dc, KEY);
  const oldRS = listResources(c, 'ReplicaSet')[0];
  assert.equal(oldRS.spec.replicas, 0);
  c = dispatch(c, { type: 'updateStatus', object: { ...oldRS, status: { ...oldRS.status, replicas: 2, readyReplicas: 2, availableReplicas: 2 } } }).cluster;
  c = runSync(c, dc, KEY);
  const p = progressing(c)!;
  assert.deepEqual([p.status, p.reason, p.message], ['True', 'ReplicaSetUpdated', 'Deployment "web" is progressing.']);
});

test('a stuck rollout is looked at again one second after its deadline, and times out then', () => {
  let c = start(web());
  c = settle(setImage(c, 'broken:1'));
  const p = progressing(c)!;
  const deadline = Date.parse(p.lastUpdateTime) + 600_000;
  // nothing changes while the new pods fail to pull: the sync only asks to be woken after the deadline
  const early = { ...c, now: deadline - 500 };
  assert.deepEqual(dc.sync(early, KEY), { actions: [], wakeAt: { at: deadline + 1000, kind: 'progress' } });

  c = advance(c, deadline + 999 - c.now);
  assert.equal(progressing(c)!.reason, 'ReplicaSetUpdated');
  c = advance(c, 1);
  const timedOut = progressing(c)!;
  assert.deepEqual([timedOut.status, timedOut.reason, timedOut.message], ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRSName(c)}" has timed out progressing.`]);
  assert.equal(Date.parse(timedOut.lastUpdateTime), deadline + 1000);
  // timed out: nothing left to wait for
  assert.deepEqual(dc.sync({ ...c, now: c.now + 1000 }, KEY), { actions: [] });
});

test('a complete Deployment that loses a pod after its deadline has passed asks for no wake-up', () => {
  let c = start(web());
  const deadline = Date.parse(progressing(c)!.lastUpdateTime) + 600_000;
  c = advance(c, deadline + 1000 - c.now);
  const pod = listResources(c, 'Pod')[0].metadata.name!;
  c = settle(dispatch(c, { type: 'crash', pod: { kind: 'Pod', name: pod } }).cluster);
  const d = getResource(c, 'Deployment', 'web')!;
  assert.equal(d.status.availableReplicas, 2);
  // Progressing still says NewReplicaSetAvailable: there is no timeout to estimate, nothing to wake up for
  assert.equal(progressing(c)!.reason, 'NewReplicaSetAvailable');
  assert.deepEqual(dc.sync(c, KEY), { actions: [] });
  // the kubelet restarts the container after its back-off, and the Deployment is whole again
  c = advance(c, 30_000);
  assert.equal(getResource(c, 'Deployment', 'web')!.status.availableReplicas, 3);
});

test('a settled Deployment: a resync writes nothing and asks for no wake-up', () => {
  const c = start(web());
  assert.deepEqual(dc.sync(c, KEY), { actions: [] });
  assert.deepEqual(dc.sync({ ...c, now: c.now + 5_000 }, KEY), { actions: [] });
});
