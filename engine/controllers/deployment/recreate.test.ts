/**
 * pkg/controller/deployment/recreate.go: scale every old ReplicaSet to 0, wait until none of their
 * pods is left (oldPodsRunning), then create (or scale up) the new ReplicaSet; clean up history
 * once the rollout is complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, getResource, KObject, listResources, runSync } from '../../index';
import { Cluster } from '../../cluster';
import { controllerOf } from '../../store/store';
import { controllerRefTo } from '../controller-ref-manager';
import { deploymentController as dc } from './controller';
import { create, KEY, setImage, setStatus, template, web as rollingWeb, writes } from './test-support';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './util';

const web = (spec: Record<string, unknown> = {}) => rollingWeb({ strategy: { type: 'Recreate' }, ...spec });

/** A ReplicaSet of the Deployment `web`, as the Deployment controller would have made it. */
function replicaSet(d: KObject, name: string, image: string, replicas: number, revision: number): KObject {
  const hash = name.slice('web-'.length);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { [REVISION]: String(revision), [DESIRED_REPLICAS]: String(d.spec.replicas), [MAX_REPLICAS]: String(d.spec.replicas) },
      ownerReferences: [controllerRefTo(d)],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template(image, hash) },
  };
}
function pod(rs: KObject, name: string, phase: string): (c: Cluster) => Cluster {
  return (c) => {
    c = create(c, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: rs.metadata.labels, ownerReferences: [controllerRefTo(getResource(c, 'ReplicaSet', rs.metadata.name!)!)] }, spec: rs.spec.template.spec });
    return setStatus(c, 'Pod', name, { phase });
  };
}

/** The Deployment (at nginx:1.17) and one old ReplicaSet `web-old` (nginx:1.16) in the given state; nothing has run yet. */
function oldWorld(oldReplicas: number, oldStatus: object, ...extra: ((c: Cluster, rs: KObject) => Cluster)[]): Cluster {
  let c = create(createCluster({ seed: 1 }), web({ template: template('nginx:1.17') }));
  const d = getResource(c, 'Deployment', 'web')!;
  const rs = replicaSet(d, 'web-old', 'nginx:1.16', oldReplicas, 1);
  c = setStatus(create(c, rs), 'ReplicaSet', 'web-old', { observedGeneration: 1, ...oldStatus });
  for (const f of extra) c = f(c, rs);
  return c;
}

test('Recreate: old ReplicaSets go to 0, and the status still counts their pods until they are gone', () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  c = runSync(setImage(c, 'nginx:1.17'), dc, KEY);
  const [old] = listResources(c, 'ReplicaSet');
  assert.equal(old.spec.replicas, 0);
  assert.equal(listResources(c, 'ReplicaSet').length, 1, 'no new ReplicaSet before the old pods are gone');
  const status = getResource(c, 'Deployment', 'web')!.status;
  assert.deepEqual([status.replicas, status.updatedReplicas, status.availableReplicas], [3, undefined, 3]);
  assert.equal(status.conditions.find((x: { type: string }) => x.type === 'Available').status, 'True');
});

test('Recreate never runs old and new pods together, terminating old pods included; a rollback reuses the old ReplicaSet', () => {
  let c = converge(create(createCluster({ seed: 1 }), web()));
  const d = getResource(c, 'Deployment', 'web')!;
  const liveOf = (cl: Cluster, image: string) =>
    listResources(cl, 'Pod').filter((p) => p.spec.containers[0].image === image && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
  const overlaps: string[] = [];
  const observe = (cl: Cluster) => {
    const a = liveOf(cl, 'nginx:1.16').length, b = liveOf(cl, 'nginx:1.17').length;
    if (a && b) overlaps.push(`${a} old and ${b} new at ${cl.now}`);
  };
  c = converge(setImage(c, 'nginx:1.17'), { observe });
  c = converge(setImage(c, 'nginx:1.16'), { observe });
  assert.deepEqual(overlaps, []);
  const owned = listResources(c, 'ReplicaSet').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
  assert.equal(owned.length, 2);
  assert.deepEqual(owned.map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas, rs.metadata.annotations![REVISION]]).sort(), [
    ['nginx:1.16', 3, '3'],
    ['nginx:1.17', 0, '2'],
  ]);
  assert.equal(liveOf(c, 'nginx:1.16').length, 3);
});

test('a sync that scales an old ReplicaSet down waits for the next one to create the new ReplicaSet', () => {
  // the old ReplicaSet wants 2 pods it has not made yet: no pod runs, yet the sync stops after scaling it down
  const c = oldWorld(2, { replicas: 0 });
  const { actions } = dc.sync(c, KEY);
  assert.deepEqual(writes(actions), ['replace web-old 0']);
});

test('old pods are running while an old ReplicaSet reports replicas, or has a pod that is neither Succeeded nor Failed', () => {
  // the ReplicaSet still counts a pod the Deployment controller does not see any more
  assert.deepEqual(writes(dc.sync(oldWorld(0, { replicas: 1 }), KEY).actions), []);
  // a pod still Pending, Running or Unknown keeps the new ReplicaSet waiting
  for (const phase of ['Pending', 'Running', 'Unknown']) {
    const c = oldWorld(0, { replicas: 0 }, (cl, rs) => pod(rs, 'web-old-p', phase)(cl));
    assert.deepEqual(writes(dc.sync(c, KEY).actions), [], phase);
  }
  // finished pods do not count
  const done = oldWorld(0, { replicas: 0 }, (cl, rs) => pod(rs, 'web-old-a', 'Succeeded')(cl), (cl, rs) => pod(rs, 'web-old-b', 'Failed')(cl));
  const created = writes(dc.sync(done, KEY).actions);
  assert.equal(created.length, 1);
  assert.match(created[0], /^create web-[4-9bcdf]+ 3$/);
});

test('Recreate cleans up history only once the rollout is complete', () => {
  let c = converge(create(createCluster({ seed: 1 }), web({ revisionHistoryLimit: 0 })));
  const old = listResources(c, 'ReplicaSet')[0].metadata.name!;
  // when the old ReplicaSet goes, every new pod is available already
  let availableWhenDeleted: number | undefined;
  const observe = (cl: Cluster) => {
    if (availableWhenDeleted === undefined && !getResource(cl, 'ReplicaSet', old)) availableWhenDeleted = listResources(cl, 'ReplicaSet')[0].status.availableReplicas ?? 0;
  };
  c = converge(setImage(c, 'nginx:1.17'), { observe });
  assert.equal(availableWhenDeleted, 3);
  assert.equal(getResource(c, 'ReplicaSet', old), undefined);
  assert.equal(listResources(c, 'ReplicaSet').length, 1);
});

test('a hash collision in a Recreate rollout bumps collisionCount and retries with another name', () => {
  const first = converge(create(createCluster({ seed: 1 }), web()));
  const taken = listResources(first, 'ReplicaSet')[0].metadata.name!;
  const squatter: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: taken },
    spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'x', image: 'nginx:1.16' }] } } },
  };
  let c = create(createCluster({ seed: 1 }), squatter);
  c = runSync(create(c, web()), dc, KEY);
  assert.equal(getResource(c, 'Deployment', 'web')!.status.collisionCount, 1);
  assert.equal(listResources(c, 'ReplicaSet').length, 1, 'nothing created in the sync that found the collision');
  c = converge(c);
  assert.equal(getResource(c, 'Deployment', 'web')!.status.availableReplicas, 3);
});
