/**
 * Properties of the Deployment controller over random histories: template changes, scalings,
 * pauses, resumes, rollbacks (to real and missing revisions), pod deletions and time. On failure
 * fast-check prints the seed and the shrunk history; `FC_SEED=<seed> npm run unit deployments`
 * replays it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkInvariants } from '../engine/invariants';
import { equalIgnoreHash, replicas, REVISION } from '../engine/controllers/deployment/util';
import { replicaSetsOf } from '../kubectl/rollout';
import {
  availabilityFloor,
  BAD_IMAGE,
  deploymentActions,
  deploymentOf,
  deploymentShape,
  GOOD_IMAGES,
  podCounts,
  replayDeployment,
  replicaSetTotal,
  surgeLimit,
} from './deployment-model';
import { Cluster } from '../engine';

const runs = Number(process.env.FC_RUNS ?? 100);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const params = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };
const clusterSeeds = fc.integer({ min: 1, max: 1000 });

test('a RollingUpdate never has more than replicas + maxSurge pods nor fewer than replicas - maxUnavailable available, at any moment', () => {
  const histories = fc.array(deploymentActions({ images: [...GOOD_IMAGES, BAD_IMAGE], scaling: false, podDeletions: false }), { minLength: 1, maxLength: 10 });
  fc.assert(
    fc.property(clusterSeeds, deploymentShape.filter((s) => !s.recreate), histories, (clusterSeed, shape, actions) => {
      replayDeployment(
        clusterSeed,
        shape,
        actions,
        (c) => {
          const d = deploymentOf(c);
          const { pods, available } = podCounts(c, d);
          assert.ok(pods <= surgeLimit(d), `${pods} pods exist at ${new Date(c.now).toISOString()}, more than ${replicas(d)} + maxSurge ${surgeLimit(d) - replicas(d)}`);
          assert.ok(available >= availabilityFloor(d), `${available} pods are available at ${new Date(c.now).toISOString()}, fewer than ${replicas(d)} - maxUnavailable ${replicas(d) - availabilityFloor(d)}`);
        },
        true,
      );
    }),
    params,
  );
});

test('whatever happens, the Deployment controller never grows its ReplicaSets past replicas + maxSurge', () => {
  const histories = fc.array(deploymentActions({ images: [...GOOD_IMAGES, BAD_IMAGE], scaling: true, podDeletions: true }), { minLength: 1, maxLength: 10 });
  fc.assert(
    fc.property(clusterSeeds, deploymentShape, histories, (clusterSeed, shape, actions) => {
      let before = -1;
      replayDeployment(
        clusterSeed,
        shape,
        actions,
        (c: Cluster) => {
          const d = deploymentOf(c);
          const total = replicaSetTotal(c, d);
          const last = c.trace.last();
          if (last?.actor === 'deployment-controller' && total > before) {
            assert.ok(total <= surgeLimit(d), `the controller grew its ReplicaSets to ${total} in all, over ${replicas(d)} + maxSurge ${surgeLimit(d) - replicas(d)} (${last.type} ${last.key})`);
          }
          before = total;
        },
        true,
      );
    }),
    params,
  );
});

test('settled and resumed: one active ReplicaSet running the template, revisions unique and rising, history within revisionHistoryLimit + 1', () => {
  const histories = fc.array(deploymentActions({ images: GOOD_IMAGES, scaling: true, podDeletions: true }), { minLength: 1, maxLength: 10 });
  fc.assert(
    fc.property(clusterSeeds, deploymentShape, histories, (clusterSeed, shape, actions) => {
      let revision = 0;
      const c = replayDeployment(clusterSeed, shape, [...actions, { op: 'resume' }], (c: Cluster) => {
        const now = Number(deploymentOf(c).metadata.annotations?.[REVISION] ?? 0);
        // With revisionHistoryLimit 0 upstream can move it back: once the other ReplicaSets are
        // cleaned up, the one left keeps its old number and the Deployment copies it (sync.go).
        if (shape.revisionHistoryLimit > 0) assert.ok(now >= revision, `the Deployment's revision went back from ${revision} to ${now}`);
        revision = now;
      });
      const d = deploymentOf(c);
      const rss = replicaSetsOf(c, d);
      const active = rss.filter((rs) => replicas(rs) > 0);
      if (replicas(d) > 0) {
        assert.equal(active.length, 1, `${active.length} ReplicaSets still have replicas: ${active.map((rs) => rs.metadata.name).join(', ')}`);
        assert.ok(equalIgnoreHash(active[0].spec.template, d.spec.template), `the active ReplicaSet ${active[0].metadata.name} does not run the Deployment's template`);
        assert.equal(replicas(active[0]), replicas(d));
      } else {
        assert.equal(active.length, 0);
      }
      assert.ok(rss.length <= shape.revisionHistoryLimit + 1, `${rss.length} ReplicaSets kept with revisionHistoryLimit ${shape.revisionHistoryLimit}`);
      assert.deepEqual(checkInvariants(c), []);
    }),
    params,
  );
});
