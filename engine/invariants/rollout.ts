/**
 * The rolling-update bounds, at every action: the controllers never push a Deployment past
 * replicas + maxSurge pods, nor take its available pods below replicas - maxUnavailable.
 * Only the controllers' own actions are judged: a user deleting pods, a crash or a lost node can
 * take availability below the floor, and the controllers are not to blame for it.
 */
import { controllerChain, deploymentPodCounts, replicaSetsOf } from '../queries';
import { maxSurge, maxUnavailable, replicas, specTotal } from '../controllers/deployment/util';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectName as name, StateInvariant } from './types';

const CONTROLLERS = new Set(['deployment-controller', 'replicaset-controller']);

/** The Deployment the object the last action touched belongs to (the object, its ReplicaSet, or its pod's ReplicaSet). */
function deploymentTouched(c: Cluster, key: string): KObject | undefined {
  const obj = c.store.objects.get(key);
  return obj && [obj, ...controllerChain(c, obj)].find((o) => o.kind === 'Deployment');
}

const rollingUpdate = (d: KObject) => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && !d.spec?.paused && !d.metadata.deletionTimestamp;

export const rollingUpdateBounds: StateInvariant = {
  name: 'rolling update bounds',
  description:
    'no action of the Deployment or ReplicaSet controller takes a RollingUpdate Deployment over replicas + maxSurge pods (or ReplicaSet replicas), or its available pods below replicas - maxUnavailable',
  when: 'always',
  check(c, prev) {
    const last = c.trace.last();
    if (!prev || !last || !CONTROLLERS.has(last.actor) || !last.key) return [];
    const d = deploymentTouched(c, last.key) ?? deploymentTouched(prev, last.key);
    if (!d || !rollingUpdate(d)) return [];
    const before = prev.store.objects.get(`Deployment/${d.metadata.namespace}/${d.metadata.name}`);
    if (!before || before.spec?.replicas !== d.spec?.replicas) return [];
    const out: string[] = [];
    const limit = replicas(d) + maxSurge(d);
    const floor = replicas(d) - maxUnavailable(d);
    const now = deploymentPodCounts(c, d);
    const then = deploymentPodCounts(prev, before);
    if (now.pods > then.pods && now.pods > limit) out.push(`${name(d)} has ${now.pods} pods after ${last.actor}'s ${last.type} of ${last.key}, over replicas ${replicas(d)} + maxSurge ${maxSurge(d)}`);
    // only a deletion is the controllers taking a pod away; a release (relabelled pod) is the user's doing
    if (last.type === 'delete' && now.available < then.available && now.available < floor) {
      out.push(`${name(d)} has ${now.available} available pods after ${last.actor}'s ${last.type} of ${last.key}, under replicas ${replicas(d)} - maxUnavailable ${maxUnavailable(d)}`);
    }
    const total = specTotal(replicaSetsOf(c, d));
    if (total > specTotal(replicaSetsOf(prev, before)) && total > limit) out.push(`${name(d)}'s ReplicaSets want ${total} pods in all after ${last.actor}'s ${last.type} of ${last.key}, over ${limit}`);
    return out;
  },
};
