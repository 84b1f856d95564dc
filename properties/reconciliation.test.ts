/**
 * Properties of reconciliation over random sequences of user actions (create, scale, delete pod,
 * relabel, delete with each policy, let time pass). On failure fast-check prints the seed and the
 * shrunk action list; `FC_SEED=<seed> npm run unit` replays it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalCluster } from './snapshot';
import { replay, userAction } from './model';
import { checkInvariants } from '../engine/invariants';

const runs = Number(process.env.FC_RUNS ?? 100);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const params = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };
const sequences = fc.array(userAction, { minLength: 1, maxLength: 12 });

test('once settled, every invariant holds (replica counts, one controller, matching selectors, no dangling owners, taints, fixpoint)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), sequences, (clusterSeed, actions) => {
      const c = replay(clusterSeed, actions);
      assert.deepEqual(checkInvariants(c), []);
    }),
    params,
  );
});

test('determinism: the same seed and actions give the same cluster and the same trace', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), sequences, (clusterSeed, actions) => {
      const a = replay(clusterSeed, actions);
      const b = replay(clusterSeed, actions);
      assert.equal(canonicalCluster(a), canonicalCluster(b));
      assert.deepEqual(a.trace.toJS(), b.trace.toJS());
    }),
    { ...params, numRuns: Math.max(10, Math.floor(runs / 3)) },
  );
});
