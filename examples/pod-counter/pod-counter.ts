/**
 * A user's own controller, written twice: it keeps an annotation on each Deployment saying how
 * many live pods the Deployment has (`example.com/pods`), the kind of summary a dashboard reads.
 *
 * - `podCounter` is level-triggered: whatever happened, it recounts the pods and writes the count.
 * - `edgeTriggeredPodCounter` counts events instead: +1 when a pod of the Deployment is created,
 *   -1 when one is deleted. It looks right in a demo and is wrong in three ways a property finds:
 *   two pods created in one round are one queued key (a work queue folds duplicates), a pod that
 *   leaves the Deployment by a label change is never subtracted, and a lost or repeated event
 *   is never corrected, since there is nothing to resync.
 */
import { Action, Cluster, Controller, controllerChain, defineInvariant, KObject, objectKey, ObjectKey, parseKey, replicaSetsOf, controlledPods, getResource, listResources, StateInvariant } from '../../index';

export const ANNOTATION = 'example.com/pods';

/** The Deployment a pod belongs to (pod → ReplicaSet → Deployment), if any. */
function deploymentOf(c: Cluster, pod: KObject): KObject | undefined {
  return controllerChain(c, pod).find((o) => o.kind === 'Deployment');
}

function livePods(c: Cluster, d: KObject): number {
  return replicaSetsOf(c, d)
    .flatMap((rs) => controlledPods(c, rs))
    .filter((p) => !p.metadata.deletionTimestamp).length;
}

function annotate(d: KObject, count: number, actor: string): Action {
  return {
    type: 'patch',
    actor,
    ref: { kind: 'Deployment', namespace: d.metadata.namespace, name: d.metadata.name! },
    patchType: 'merge',
    patch: { metadata: { annotations: { [ANNOTATION]: String(count) } } },
  };
}

const deploymentKey = (d: KObject) => objectKey('Deployment', d.metadata.namespace, d.metadata.name!);

/** Level-triggered: any change to a Deployment or to one of its pods queues the Deployment; a sync recounts. */
export const podCounter: Controller = {
  name: 'pod-counter',
  enqueue(c, _key, prev, current) {
    const obj = current ?? prev;
    if (obj?.kind === 'Deployment') return [deploymentKey(obj)];
    if (obj?.kind !== 'Pod') return [];
    // the Deployment the pod belonged to before the change, and the one it belongs to now
    const owners = [prev && deploymentOf(c, prev), current && deploymentOf(c, current)].filter((d): d is KObject => !!d);
    return [...new Set(owners.map(deploymentKey))];
  },
  sync(c, key) {
    const { namespace, name } = parseKey(key);
    const d = getResource(c, 'Deployment', name, namespace);
    if (!d || d.metadata.deletionTimestamp) return { actions: [] };
    const count = livePods(c, d);
    return { actions: d.metadata.annotations?.[ANNOTATION] === String(count) ? [] : [annotate(d, count, 'pod-counter')] };
  },
  resyncKeys: (c) => listResources(c, 'Deployment', { namespace: '*' }).map(deploymentKey),
};

/** Edge-triggered: the change itself is the key, "+1" or "-1" for a Deployment. The bug this example is about. */
export const edgeTriggeredPodCounter: Controller = {
  name: 'pod-counter',
  enqueue(c, _key, prev, current): ObjectKey[] {
    if (!prev && current?.kind === 'Pod') {
      const d = deploymentOf(c, current);
      return d ? [`+1/${deploymentKey(d)}`] : [];
    }
    if (prev?.kind === 'Pod' && !current) {
      const d = deploymentOf(c, prev);
      return d ? [`-1/${deploymentKey(d)}`] : [];
    }
    return [];
  },
  sync(c, key) {
    const [delta, ...rest] = key.split('/');
    const { namespace, name } = parseKey(rest.join('/'));
    const d = getResource(c, 'Deployment', name, namespace);
    if (!d) return { actions: [] };
    const count = Number(d.metadata.annotations?.[ANNOTATION] ?? 0) + Number(delta);
    return { actions: [annotate(d, count, 'pod-counter')] };
  },
  // nothing to resync: the events were the state
  resyncKeys: () => [],
};

/** What both controllers promise, as an invariant the property checks once the cluster settles. */
export const podCountAnnotated: StateInvariant = defineInvariant({
  name: 'pod count annotated',
  description: `every Deployment's ${ANNOTATION} annotation is its number of live pods`,
  when: 'settled',
  check(c) {
    return listResources(c, 'Deployment', { namespace: '*' })
      .filter((d) => !d.metadata.deletionTimestamp)
      .flatMap((d) => {
        const said = d.metadata.annotations?.[ANNOTATION];
        const live = livePods(c, d);
        return said === String(live) ? [] : [`Deployment ${d.metadata.namespace}/${d.metadata.name} says ${said ?? 'nothing'} pods but has ${live} live pods`];
      });
  },
});
