import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from '../api/types';
import { rankPodsForDeletion } from './pod-ranking';

const NOW = Date.UTC(2025, 0, 1, 1, 0, 0);
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(name: string, o: { node?: string; phase?: string; readyAgo?: number; createdAgo?: number; restarts?: number; cost?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: iso(o.createdAgo ?? 3_600_000),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.readyAgo !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readyAgo) }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

const order = (pods: KObject[], related = pods) => rankPodsForDeletion(pods, related, NOW).map((p) => p.metadata.name);

test('unscheduled before scheduled, Pending before Running, not ready before ready', () => {
  assert.deepEqual(order([pod('ready', { node: 'a', readyAgo: 60_000 }), pod('unscheduled', { phase: 'Pending' })]), ['unscheduled', 'ready']);
  assert.deepEqual(order([pod('running', { node: 'a', readyAgo: 1000 }), pod('pending', { node: 'a', phase: 'Pending' })]), ['pending', 'running']);
  assert.deepEqual(order([pod('ready', { node: 'a', readyAgo: 1000 }), pod('unready', { node: 'a' })]), ['unready', 'ready']);
});

test('lower pod-deletion-cost first, then pods doubled up on a node', () => {
  assert.deepEqual(order([pod('cheap', { node: 'a', readyAgo: 5000, cost: '-10' }), pod('dear', { node: 'b', readyAgo: 5000, cost: '10' })]).slice(0, 1), ['cheap']);
  const crowded = [pod('alone', { node: 'a', readyAgo: 5000 }), pod('twin-1', { node: 'b', readyAgo: 5000 }), pod('twin-2', { node: 'b', readyAgo: 5000 })];
  assert.equal(order(crowded)[2], 'alone');
});

test('more recently ready first (log scale), then more restarts, then newer', () => {
  assert.deepEqual(order([pod('old', { node: 'a', readyAgo: 3_000_000 }), pod('fresh', { node: 'b', readyAgo: 2000 })]), ['fresh', 'old']);
  assert.deepEqual(order([pod('calm', { node: 'a', readyAgo: 5000 }), pod('crashy', { node: 'b', readyAgo: 5000, restarts: 3 })]), ['crashy', 'calm']);
  assert.deepEqual(order([pod('older', { node: 'a', phase: 'Pending', createdAgo: 3_000_000 }), pod('newer', { node: 'b', phase: 'Pending', createdAgo: 1000 })]), ['newer', 'older']);
});
