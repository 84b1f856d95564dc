/**
 * Random user actions and faults as data, and a runner that replays them on the engine. A
 * failing sequence shrinks to a short list that replays exactly (fast-check model-based style).
 */
import fc from 'fast-check';
import { advance, Cluster, converge, createCluster, defaultNodes, dispatch, KObject, listResources, PropagationPolicy } from '../engine';

/** Two namespaces, so that adoption across namespaces would show. */
export const NAMESPACES = ['default', 'team'] as const;
type Namespace = (typeof NAMESPACES)[number];

export type UserAction =
  | { op: 'createReplicaSet'; ns: Namespace; name: string; app: string; replicas: number }
  | { op: 'scale'; ns: Namespace; name: string; replicas: number }
  | { op: 'createPod'; ns: Namespace; name: string; app: string }
  | { op: 'deletePod'; index: number }
  | { op: 'relabelPod'; index: number; app: string | null }
  | { op: 'deleteReplicaSet'; ns: Namespace; name: string; policy: PropagationPolicy }
  | { op: 'advance'; seconds: number };

const names = fc.constantFrom('rs-a', 'rs-b', 'rs-c');
const apps = fc.constantFrom('a', 'b');
const namespaces = fc.constantFrom(...NAMESPACES);

export const userAction: fc.Arbitrary<UserAction> = fc.oneof(
  fc.record({ op: fc.constant('createReplicaSet' as const), ns: namespaces, name: names, app: apps, replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('scale' as const), ns: namespaces, name: names, replicas: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('createPod' as const), ns: namespaces, name: fc.constantFrom('p-1', 'p-2', 'p-3'), app: apps }),
  fc.record({ op: fc.constant('deletePod' as const), index: fc.nat({ max: 20 }) }),
  fc.record({ op: fc.constant('relabelPod' as const), index: fc.nat({ max: 20 }), app: fc.option(apps, { nil: null }) }),
  fc.record({ op: fc.constant('deleteReplicaSet' as const), ns: namespaces, name: names, policy: fc.constantFrom<PropagationPolicy>('Background', 'Foreground', 'Orphan') }),
  fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 90 }) }),
);

export function replicaSet(name: string, app: string, replicas: number, namespace = 'default'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
    },
  };
}

function nthPod(c: Cluster, index: number): KObject | undefined {
  const pods = listResources(c, 'Pod', { namespace: '*' });
  return pods.length ? pods[index % pods.length] : undefined;
}

/** Sends one user action; a rejected request is part of the story, not an error. */
export function applyUserAction(c: Cluster, a: UserAction): Cluster {
  switch (a.op) {
    case 'createReplicaSet':
      return dispatch(c, { type: 'apply', object: replicaSet(a.name, a.app, a.replicas, a.ns) }).cluster;
    case 'scale':
      return dispatch(c, { type: 'scale', ref: { kind: 'ReplicaSet', namespace: a.ns, name: a.name }, replicas: a.replicas }).cluster;
    case 'createPod':
      return dispatch(c, {
        type: 'create',
        object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: a.name, namespace: a.ns, labels: { app: a.app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
      }).cluster;
    case 'deletePod': {
      const pod = nthPod(c, a.index);
      const ref = pod && { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! };
      return ref ? dispatch(c, { type: 'delete', ref, propagationPolicy: 'Background' }).cluster : c;
    }
    case 'relabelPod': {
      const pod = nthPod(c, a.index);
      if (!pod) return c;
      const ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! };
      return dispatch(c, { type: 'patch', ref, patchType: 'merge', patch: { metadata: { labels: { app: a.app } } } }).cluster;
    }
    case 'deleteReplicaSet':
      return dispatch(c, { type: 'delete', ref: { kind: 'ReplicaSet', namespace: a.ns, name: a.name }, propagationPolicy: a.policy }).cluster;
    case 'advance':
      return advance(c, a.seconds * 1000);
  }
}

/** Replays actions on a fresh cluster, letting the control plane settle after each one. */
export function replay(seed: number, actions: UserAction[], workers = 3): Cluster {
  let c = createCluster({ seed, nodes: defaultNodes(workers) });
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } }).cluster;
  for (const a of actions) c = converge(applyUserAction(c, a));
  return c;
}
