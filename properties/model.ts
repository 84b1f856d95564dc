/**
 * Random user actions and faults as data, and a runner that replays them on the engine. A
 * failing sequence shrinks to a short list that replays exactly (fast-check model-based style).
 */
import fc from 'fast-check';
import { advance, Cluster, converge, createCluster, defaultNodes, dispatch, KObject, listResources, PropagationPolicy } from '../engine';

export type UserAction =
  | { op: 'createReplicaSet'; name: string; app: string; replicas: number }
  | { op: 'scale'; name: string; replicas: number }
  | { op: 'createPod'; name: string; app: string }
  | { op: 'deletePod'; index: number }
  | { op: 'relabelPod'; index: number; app: string | null }
  | { op: 'deleteReplicaSet'; name: string; policy: PropagationPolicy }
  | { op: 'advance'; seconds: number };

const names = fc.constantFrom('rs-a', 'rs-b', 'rs-c');
const apps = fc.constantFrom('a', 'b');

export const userAction: fc.Arbitrary<UserAction> = fc.oneof(
  fc.record({ op: fc.constant('createReplicaSet' as const), name: names, app: apps, replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('scale' as const), name: names, replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('createPod' as const), name: fc.constantFrom('p-1', 'p-2', 'p-3'), app: apps }),
  fc.record({ op: fc.constant('deletePod' as const), index: fc.nat({ max: 20 }) }),
  fc.record({ op: fc.constant('relabelPod' as const), index: fc.nat({ max: 20 }), app: fc.option(apps, { nil: null }) }),
  fc.record({ op: fc.constant('deleteReplicaSet' as const), name: names, policy: fc.constantFrom<PropagationPolicy>('Background', 'Foreground', 'Orphan') }),
  fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 90 }) }),
);

export function replicaSet(name: string, app: string, replicas: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
    },
  };
}

function nthPod(c: Cluster, index: number): KObject | undefined {
  const pods = listResources(c, 'Pod');
  return pods.length ? pods[index % pods.length] : undefined;
}

/** Sends one user action; a rejected request is part of the story, not an error. */
export function applyUserAction(c: Cluster, a: UserAction): Cluster {
  switch (a.op) {
    case 'createReplicaSet':
      return dispatch(c, { type: 'apply', object: replicaSet(a.name, a.app, a.replicas) }).cluster;
    case 'scale':
      return dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', name: a.name }, replicas: a.replicas }).cluster;
    case 'createPod':
      return dispatch(c, {
        type: 'create',
        object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: a.name, labels: { app: a.app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
      }).cluster;
    case 'deletePod': {
      const pod = nthPod(c, a.index);
      return pod ? dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: pod.metadata.name! }, propagationPolicy: 'Background' }).cluster : c;
    }
    case 'relabelPod': {
      const pod = nthPod(c, a.index);
      if (!pod) return c;
      return dispatch(c, { type: 'patch', ref: { kind: 'Pod', name: pod.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { app: a.app } } } }).cluster;
    }
    case 'deleteReplicaSet':
      return dispatch(c, { type: 'delete', ref: { kind: 'ReplicaSet', name: a.name }, propagationPolicy: a.policy }).cluster;
    case 'advance':
      return advance(c, a.seconds * 1000);
  }
}

/** Replays actions on a fresh cluster, letting the control plane settle after each one. */
export function replay(seed: number, actions: UserAction[], workers = 3): Cluster {
  let c = createCluster({ seed, nodes: defaultNodes(workers) });
  for (const a of actions) c = converge(applyUserAction(c, a));
  return c;
}
