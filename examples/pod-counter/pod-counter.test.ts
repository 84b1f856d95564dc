/**
 * The property at work on a user's controller: the edge-triggered pod counter is caught and the
 * counterexample shrunk to one step; the level-triggered one holds under the same disturbances,
 * lost and repeated events included.
 *   npm run unit -- examples        (or: node -r ts-node/register/transpile-only --test examples/pod-counter/pod-counter.test.ts)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInvariant } from '../../index';
import { edgeTriggeredPodCounter, podCounter } from './pod-counter';

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.16}]}
`;

const disturbances = ['scaling', 'pod deletions', 'relabelling', 'duplicated runs', 'lost events', 'controller restarts'];
// the faults in the control loops strike the counter, not the engine's loops
const faultLoops = ['pod-counter'];

test('the edge-triggered counter is caught, shrunk to a single step', () => {
  const result = checkInvariant({ manifests, controllers: [edgeTriggeredPodCounter], faultLoops, disturbances, invariants: ['pod count annotated'], runs: 200, seed: 7 });
  assert.equal(result.ok, false, result.report);
  // the starting cluster is fine (one pod, counted once); one disturbance breaks the count
  assert.equal(result.counterexample!.steps.length, 1, result.report);
  assert.match(result.counterexample!.violations.join('\n'), /^pod count annotated: Deployment default\/web says \d+ pods but has \d+ live pods/);
  assert.match(result.counterexample!.gherkin, /Then the invariant "pod count annotated" holds$/);
  console.log(result.report);
});

test('the level-triggered counter holds under the same disturbances', () => {
  const result = checkInvariant({ manifests, controllers: [podCounter], faultLoops, disturbances, invariants: ['pod count annotated', 'replica counts'], runs: 100, seed: 7 });
  assert.equal(result.ok, true, result.report);
});
