/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), the part that matters when a
 * node is lost: pods bound to a node that no longer exists are marked Failed with a
 * DisruptionTarget condition and force-deleted, once the node has stayed missing for the
 * quarantine (40 s), so that their controllers can replace them elsewhere.
 *
 * Upstream keeps the quarantine in an in-memory queue of node names; here the work-queue key
 * carries it (`Node//w1-k8s@<ms>`: the node, and when it was found missing). A restarted
 * collector starts the quarantine over, as upstream's does.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, ObjectKey, objectKey } from '../store/store';
import { Controller, NOTHING } from './controller';
import { withDisruptionTarget } from '../node/pod-status';

const NAME = 'pod-garbage-collector';
/** gc_controller.go: quarantineTime */
export const POD_GC_QUARANTINE_MS = 40_000;

const nodeExists = (c: Cluster, node: string) => c.store.objects.has(objectKey('Node', undefined, node));
const quarantineKey = (node: string, since: number): ObjectKey => `${objectKey('Node', undefined, node)}@${since}`;

function orphanedNodesOf(c: Cluster): string[] {
  return c.store.podsByNode
    // unscheduled pods are filed under '' and are no orphans (gcOrphaned looks at bound pods only)
    .filter((pods, node) => node !== '' && pods.size > 0 && !nodeExists(c, node))
    .keySeq()
    .toArray()
    .sort();
}

/** markFailedAndDeletePodWithCondition: status first (unless already terminal), then a delete with no grace. */
function markFailedAndDelete(c: Cluster, pod: KObject): Action[] {
  const actions: Action[] = [];
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') {
    const conditions = withDisruptionTarget(pod, 'DeletionByPodGC', 'PodGC: node no longer exists', c.now);
    actions.push({ type: 'updateStatus', actor: NAME, object: { ...pod, status: { ...pod.status, phase: 'Failed', conditions } } });
  }
  actions.push({ type: 'delete', actor: NAME, ref: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! }, gracePeriodSeconds: 0 });
  return actions;
}

export const podGarbageCollector: Controller = {
  name: NAME,

  enqueue(c, _key, prev, cur) {
    if (!cur && prev?.kind === 'Node') return c.store.podsByNode.get(prev.metadata.name!)?.size ? [quarantineKey(prev.metadata.name!, c.now)] : [];
    const node = cur?.kind === 'Pod' ? cur.spec?.nodeName : undefined;
    if (node && !prev?.spec?.nodeName && !nodeExists(c, node)) return [quarantineKey(node, c.now)];
    return [];
  },

  sync(c, key) {
    const at = key.lastIndexOf('@');
    const node = key.slice('Node//'.length, at);
    const since = Number(key.slice(at + 1));
    if (nodeExists(c, node)) return NOTHING;
    const pods = (c.store.podsByNode.get(node)?.toArray() ?? []).sort().map((k) => getObject(c.store, k)!).filter(Boolean);
    if (!pods.length) return NOTHING;
    if (c.now < since + POD_GC_QUARANTINE_MS) return { actions: [], wakeAt: { at: since + POD_GC_QUARANTINE_MS, kind: 'progress' } };
    return { actions: pods.flatMap((pod) => markFailedAndDelete(c, pod)) };
  },

  resyncKeys(c) {
    return orphanedNodesOf(c).map((node) => quarantineKey(node, c.now));
  },
};
