/**
 * Random Deployment histories: a Deployment with random fenceposts, then template changes,
 * scalings, pauses, resumes, rollbacks, pod deletions and time, replayed on the engine while a
 * watcher looks at the cluster after every single action the control plane sends.
 */
import fc from 'fast-check';
import { Cluster, converge, advance, createCluster, defaultNodes, dispatch, getResource, KObject, listResources, RunOptions } from '../engine';
import { deploymentPodCounts } from '../engine/queries';
import { isPodActive } from '../engine/node/pod-status';
import { maxSurge, maxUnavailable, replicas, specTotal } from '../engine/controllers/deployment/util';
import { planRolloutPause, planRolloutUndo, planSetImage, replicaSetsOf } from '../kubectl/rollout';

export const NAME = 'web';

export interface DeploymentShape {
  replicas: number;
  maxSurge: number | string;
  maxUnavailable: number | string;
  minReadySeconds: number;
  revisionHistoryLimit: number;
  recreate: boolean;
}

const fencepost = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '25%', '50%', '100%'));
const isZero = (v: number | string) => v === 0 || v === '0%';

export const deploymentShape: fc.Arbitrary<DeploymentShape> = fc
  .record({
    replicas: fc.integer({ min: 1, max: 6 }),
    maxSurge: fencepost,
    maxUnavailable: fencepost,
    minReadySeconds: fc.constantFrom(0, 0, 5),
    revisionHistoryLimit: fc.integer({ min: 0, max: 3 }),
    recreate: fc.boolean(),
  })
  .filter((s) => !(isZero(s.maxSurge) && isZero(s.maxUnavailable)));

export type DeploymentAction =
  | { op: 'setImage'; image: string }
  | { op: 'scale'; replicas: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'rollback'; toRevision: number }
  | { op: 'deletePod'; index: number }
  | { op: 'advance'; seconds: number };

/** Images that pull; `nginx:typo` never does, so a rollout to it stays stuck. */
export const GOOD_IMAGES = ['nginx:1.16', 'nginx:1.17', 'nginx:1.18'];
export const BAD_IMAGE = 'nginx:typo';

export function deploymentActions(options: { images: string[]; scaling: boolean; podDeletions: boolean }): fc.Arbitrary<DeploymentAction> {
  const arbs: fc.Arbitrary<DeploymentAction>[] = [
    fc.record({ op: fc.constant('setImage' as const), image: fc.constantFrom(...options.images) }),
    fc.constant({ op: 'pause' as const }),
    fc.constant({ op: 'resume' as const }),
    fc.record({ op: fc.constant('rollback' as const), toRevision: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 20 }) }),
  ];
  if (options.scaling) arbs.push(fc.record({ op: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 7 }) }));
  if (options.podDeletions) arbs.push(fc.record({ op: fc.constant('deletePod' as const), index: fc.nat({ max: 10 }) }));
  return fc.oneof(...arbs);
}

export function deploymentManifest(shape: DeploymentShape): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, namespace: 'default' },
    spec: {
      replicas: shape.replicas,
      minReadySeconds: shape.minReadySeconds,
      revisionHistoryLimit: shape.revisionHistoryLimit,
      strategy: shape.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: shape.maxSurge, maxUnavailable: shape.maxUnavailable } },
      selector: { matchLabels: { app: NAME } },
      template: { metadata: { labels: { app: NAME } }, spec: { containers: [{ name: 'web', image: GOOD_IMAGES[0] }] } },
    },
  };
}

function send(c: Cluster, plan: ReturnType<typeof planSetImage>): Cluster {
  return plan.ok && plan.action ? dispatch(c, { actor: 'user', ...plan.action }).cluster : c;
}

export function applyDeploymentAction(c: Cluster, a: DeploymentAction, options: RunOptions): Cluster {
  switch (a.op) {
    case 'setImage':
      return send(c, planSetImage(c, { kind: 'Deployment', name: NAME }, { web: a.image }));
    case 'scale':
      return dispatch(c, { type: 'scale', ref: { kind: 'Deployment', name: NAME }, replicas: a.replicas }).cluster;
    case 'pause':
      return send(c, planRolloutPause(c, NAME, true));
    case 'resume':
      return send(c, planRolloutPause(c, NAME, false));
    case 'rollback':
      return send(c, planRolloutUndo(c, NAME, a.toRevision));
    case 'deletePod': {
      const pods = listResources(c, 'Pod').filter(isPodActive);
      const pod = pods.length ? pods[a.index % pods.length] : undefined;
      return pod ? dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: pod.metadata.name! }, propagationPolicy: 'Background' }).cluster : c;
    }
    case 'advance':
      return advance(c, a.seconds * 1000, options);
  }
}

export function deploymentOf(c: Cluster): KObject {
  const d = getResource(c, 'Deployment', NAME);
  if (!d) throw new Error('the Deployment is gone');
  return d;
}

/** Pods of the Deployment that exist and are not terminating, and how many of those are available. */
export const podCounts = (c: Cluster, d: KObject) => deploymentPodCounts(c, d);

export const surgeLimit = (d: KObject) => replicas(d) + maxSurge(d);
export const availabilityFloor = (d: KObject) => replicas(d) - maxUnavailable(d);
export const replicaSetTotal = (c: Cluster, d: KObject) => specTotal(replicaSetsOf(c, d));

/**
 * Creates the Deployment and lets it settle, then replays the actions, letting the control plane
 * settle after each; `watch` sees the cluster after every action anyone sends.
 */
export function replayDeployment(seed: number, shape: DeploymentShape, actions: DeploymentAction[], watch: (c: Cluster) => void, badImage = false): Cluster {
  const profile = badImage ? { images: { [BAD_IMAGE]: { pullable: false } } } : {};
  let c = createCluster({ seed, nodes: defaultNodes(3) });
  if (badImage) c = { ...c, profile: { ...c.profile, images: { ...c.profile.images, ...profile.images } } };
  c = converge(dispatch(c, { type: 'create', actor: 'user', object: deploymentManifest(shape) }).cluster);
  const options: RunOptions = { observe: watch };
  for (const a of actions) {
    c = applyDeploymentAction(c, a, options);
    watch(c);
    c = converge(c, options);
  }
  return c;
}
