/**
 * pkg/controller/deployment/rolling.go: one step of a RollingUpdate. Scale the new ReplicaSet up
 * within maxSurge, else scale old ones down within maxUnavailable (unavailable old replicas
 * first, oldest ReplicaSet first), and clean up history once the rollout is complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, eventsOf, getResource, listResources, runSync, settle } from '../../index';
import { Cluster } from '../../cluster';
import { controllerOf } from '../../store/store';
import { controllerRefTo } from '../controller-ref-manager';
import { deploymentController as dc } from './controller';
import { create, KEY, profile, setImage, setStatus, strategy, template, web, writes } from './test-support';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './util';

interface RS {
  name: string;
  image: string;
  replicas: number;
  revision: number;
  available: number;
  /** status.replicas, when it differs from spec.replicas */
  actual?: number;
}

/**
 * A Deployment `web` at `d.spec` (template nginx:new) and its ReplicaSets in the given state, each
 * created a second after the one before and sized for the Deployment (desired-replicas); the
 * Deployment's status is `dStatus`. No loop has run.
 */
function world(spec: Record<string, unknown>, rss: RS[], dStatus: object = {}): Cluster {
  let c = create(createCluster({ seed: 1 }), web({ template: template('nginx:new'), ...spec }));
  const d = getResource(c, 'Deployment', 'web')!;
  for (const r of rss) {
    c = { ...c, now: c.now + 1000 };
    const hash = r.name.slice('web-'.length);
    c = create(c, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: r.name,
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: { [REVISION]: String(r.revision), [DESIRED_REPLICAS]: String(d.spec.replicas), [MAX_REPLICAS]: String(d.spec.replicas + 1) },
        ownerReferences: [controllerRefTo(d)],
      },
      spec: { replicas: r.replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template(r.image, hash) },
    });
    const actual = r.actual ?? r.replicas;
    c = setStatus(c, 'ReplicaSet', r.name, { replicas: actual, readyReplicas: r.available, availableReplicas: r.available, observedGeneration: 1 });
  }
  return setStatus(c, 'Deployment', 'web', dStatus);
}

test('unavailable old replicas go first, oldest ReplicaSet first, as far as maxScaledDown allows', () => {
  // 4 wanted, maxUnavailable 1: minAvailable 3. Old pods: 2 available of 6; the new pod is not available yet.
  // maxScaledDown = 7 - 3 - 1 = 3: the older ReplicaSet loses its 2 unavailable pods, the newer one 1.
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-zold', image: 'nginx:1', replicas: 3, revision: 1, available: 1 },
    { name: 'web-aold', image: 'nginx:2', replicas: 3, revision: 2, available: 1 },
    { name: 'web-new', image: 'nginx:new', replicas: 1, revision: 3, available: 0 },
  ]);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['replace web-zold 1', 'replace web-aold 2']);
  const after = runSync(c, dc, KEY);
  assert.deepEqual(
    eventsOf(after, getResource(after, 'Deployment', 'web')).map((e) => e.message),
    ['Scaled down replica set web-zold to 1 from 3', 'Scaled down replica set web-aold to 2 from 3'],
  );
});

test('available old replicas are scaled down only as far as availability above minAvailable allows, oldest first', () => {
  // available 5, minAvailable 3: two may go, one from the older ReplicaSet, then one from the newer
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-zold', image: 'nginx:1', replicas: 1, revision: 1, available: 1 },
    { name: 'web-aold', image: 'nginx:2', replicas: 2, revision: 2, available: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 2, revision: 3, available: 2 },
  ]);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['replace web-zold 0', 'replace web-aold 1']);
});

test('an old ReplicaSet whose status still counts more available pods than it wants is not scaled at all', () => {
  // rolling.go cleanupUnhealthyReplicas refuses to "scale down" 1 -> 2, and reconcileOldReplicaSets stops there
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-zold', image: 'nginx:1', replicas: 1, revision: 1, available: 2, actual: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 4, revision: 2, available: 3 },
  ]);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), []);
});

test('one step at a time: a sync that scales the new ReplicaSet up leaves the old ones for the next', () => {
  const c = world(strategy(1, 1), [
    { name: 'web-old', image: 'nginx:1', replicas: 2, revision: 1, available: 2 },
    { name: 'web-new', image: 'nginx:new', replicas: 1, revision: 2, available: 1 },
  ]);
  // 3 wanted, 4 allowed: the new ReplicaSet grows by one, and that is the whole step
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['replace web-new 2']);
});

test('a sync that scales old ReplicaSets down does not also clean up history', () => {
  // someone scaled revision 2 back up by hand; revision 1 is history beyond revisionHistoryLimit 0
  const complete = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
  const c = world({ ...strategy(1, 0), revisionHistoryLimit: 0 }, [
    { name: 'web-one', image: 'nginx:1', replicas: 0, revision: 1, available: 0 },
    { name: 'web-two', image: 'nginx:2', replicas: 1, revision: 2, available: 1 },
    { name: 'web-new', image: 'nginx:new', replicas: 3, revision: 3, available: 3 },
  ], complete);
  assert.deepEqual(writes(dc.sync(c, KEY).actions), ['replace web-two 0']);
  // once nothing is left to scale, the next sync deletes what is beyond the limit
  const settled = setStatus(runSync(c, dc, KEY), 'ReplicaSet', 'web-two', { replicas: 0, observedGeneration: 2 });
  assert.deepEqual(writes(dc.sync(settled, KEY).actions), ['delete web-one', 'delete web-two']);
});

test('a new ReplicaSet scaled by hand is put back to the size of the Deployment', () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  const rs = listResources(c, 'ReplicaSet')[0];
  c = converge(dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: rs.metadata.name! }, replicas: 5 }).cluster);
  assert.equal(getResource(c, 'ReplicaSet', rs.metadata.name!)!.spec.replicas, 3);
  assert.equal(listResources(c, 'Pod').filter((p) => !p.metadata.deletionTimestamp).length, 3);
  assert.ok(eventsOf(c, getResource(c, 'Deployment', 'web')).some((e) => e.message === `Scaled down replica set ${rs.metadata.name} to 3 from 5`));
});

test('history is cleaned up only once a rollout is complete', () => {
  let c = converge(create(createCluster({ seed: 1, profile }), web({ revisionHistoryLimit: 1 })));
  const d = getResource(c, 'Deployment', 'web')!;
  const owned = (cl: Cluster) =>
    listResources(cl, 'ReplicaSet')
      .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
      .map((rs) => rs.spec.template.spec.containers[0].image)
      .sort();
  c = converge(setImage(c, 'nginx:1.17'));
  assert.deepEqual(owned(c), ['nginx:1.16', 'nginx:1.17']);
  // stuck on an image that cannot be pulled: two old revisions, one too many, but nothing is deleted yet
  c = settle(setImage(c, 'broken:1'));
  assert.deepEqual(owned(c), ['broken:1', 'nginx:1.16', 'nginx:1.17']);
  c = converge(setImage(c, 'nginx:1.18'));
  assert.equal(getResource(c, 'Deployment', 'web')!.status.conditions.find((x: { type: string }) => x.type === 'Progressing').reason, 'NewReplicaSetAvailable');
  assert.deepEqual(owned(c), ['broken:1', 'nginx:1.18'], 'revision 1 and 2 are gone; the most recent old one stays');
});
