/**
 * Upstream behaviours the engine once lacked: pkg/controller/deployment/rolling.go
 * (reconcileOldReplicaSets goes on after refusing to scale down upwards) and sync.go
 * (getNewReplicaSet reports a rejected ReplicaSet as Progressing=False ReplicaSetCreateError).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, getResource, runSync } from '../../index';
import { deploymentController as dc } from './controller';
import { create, KEY, strategy, web, world, writes } from './test-support';

// BUG 1 (rolling.ts): upstream rolling.go reconcileOldReplicaSets answers an error from
// cleanupUnhealthyReplicas with (false, nil): rolloutRolling goes on to cleanupDeployment (when
// complete) and syncRolloutStatus. The engine aborts the whole sync instead, so no status is written.
test('a sync that refuses to "scale down" an old ReplicaSet upwards still syncs the status', () => {
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-zold', image: 'nginx:1', replicas: 1, revision: 1, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } },
    { name: 'web-new', image: 'nginx:new', replicas: 4, revision: 2, available: 3 },
  ]);
  const { actions } = dc.sync(c, KEY);
  assert.deepEqual(writes(actions), [], 'no ReplicaSet is scaled');
  const status = actions.find((a) => a.type === 'updateStatus');
  assert.ok(status && status.type === 'updateStatus');
  assert.equal(status.object.status.replicas, 6);
});

// BUG 2 (sync.ts getNewReplicaSet): upstream sync.go, on a create error other than AlreadyExists,
// sets Progressing=False reason ReplicaSetCreateError (when there is a deadline), records the
// Warning event and returns the error. The engine records the event but reports
// Progressing=True NewReplicaSetCreated "Created new replica set ..." for a ReplicaSet that does
// not exist, and re-creates (and re-reports) it every progress deadline.
test('a rejected ReplicaSet is reported as Progressing=False ReplicaSetCreateError, never as created', () => {
  const name = 'w'.repeat(250);
  const c = runSync(create(createCluster({ seed: 1 }), web({}, name)), dc, `Deployment/default/${name}`);
  const p = getResource(c, 'Deployment', name)!.status.conditions?.find((x: { type: string }) => x.type === 'Progressing');
  assert.deepEqual([p?.status, p?.reason], ['False', 'ReplicaSetCreateError']);
  assert.match(p.message, new RegExp(`^Failed to create new replica set "${name}-[4-9bcdf]+": `));
});
