/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): a pod on a node
 * with a NoExecute taint it does not tolerate is deleted at once; one that tolerates it for
 * tolerationSeconds (the 300 s every pod gets for not-ready and unreachable) is deleted when that
 * time has passed since the taint was added. Before the delete the pod gets the DisruptionTarget
 * condition (addConditionAndDeletePod). The deletion is an ordinary graceful one: on a node
 * whose kubelet is gone the pod stays Terminating, and its controller replaces it elsewhere.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, ObjectKey, objectKey, parseKey, podsOnNode } from '../store/store';
import { tolerates } from '../node/scheduler';
import { withDisruptionTarget } from '../node/pod-status';
import { Controller, NOTHING, SyncResult } from './controller';

const NAME = 'taint-eviction-controller';

interface Taint {
  key: string;
  effect: string;
  value?: string;
  timeAdded?: string;
}

/**
 * How long the pod may stay (getMatchingTolerations, getMinTolerationTime), in ms: 0 if a
 * NoExecute taint is not tolerated (the first toleration that tolerates each taint is the one
 * used) or a used toleration has tolerationSeconds <= 0; else the shortest tolerationSeconds
 * among those used; forever (undefined) when there is no NoExecute taint or none has seconds.
 */
export function tolerationWindow(pod: KObject, node: KObject): number | undefined {
  const taints = noExecuteTaints(node);
  if (!taints.length) return undefined;
  const tolerations = (pod.spec?.tolerations ?? []) as { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
  const used = new Set<(typeof tolerations)[number]>();
  for (const taint of taints) {
    const first = tolerations.find((t) => tolerates(t, taint));
    if (!first) return 0;
    used.add(first);
  }
  const seconds = [...used].filter((t) => t.tolerationSeconds != null).map((t) => t.tolerationSeconds!);
  if (!seconds.length) return undefined;
  return Math.max(0, Math.min(...seconds)) * 1000;
}

const noExecuteTaints = (node: KObject) => ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');

/**
 * When the pod must go (processPodOnNode): now, never (undefined), or its toleration window after
 * the taints were added. `since` stands for a taint with no timeAdded (`kubectl taint` sets
 * none): upstream counts from when it first saw the taint.
 */
export function evictionTime(pod: KObject, node: KObject, now: number, since = now): number | undefined {
  const window = tolerationWindow(pod, node);
  if (window === undefined) return undefined;
  if (window === 0) return now;
  const added = Math.min(...noExecuteTaints(node).map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : since)));
  return added + window;
}

/**
 * Upstream keeps the evictions it scheduled in memory (taintEvictionQueue), each with the time it
 * was first scheduled; a restarted controller has lost them and counts from its own start. Here
 * the key carries that time, `Pod/<ns>/<name>@<ms>`, as the pod GC's quarantine keys do: the change
 * that made the controller look stamps it, and a wake-up keeps it.
 */
const sightingKey = (pod: ObjectKey, since: number): ObjectKey => `${pod}@${since}`;

function syncPod(c: Cluster, pod: KObject, since: number): SyncResult {
  if (pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return NOTHING;
  const node = getObject(c.store, objectKey('Node', undefined, pod.spec.nodeName));
  if (!node) return NOTHING;
  const at = evictionTime(pod, node, c.now, since);
  if (at === undefined) return NOTHING;
  if (at > c.now) return { actions: [], wakeAt: { at, kind: 'progress' } };
  const conditions = withDisruptionTarget(pod, 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint', c.now);
  const actions: Action[] = [
    { type: 'event', actor: NAME, event: { involved: objectRef(pod), involvedUid: pod.metadata.uid!, source: NAME, reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}` } },
    { type: 'updateStatus', actor: NAME, object: { ...pod, status: { ...pod.status, conditions } } },
    { type: 'delete', actor: NAME, ref: objectRef(pod), preconditions: { uid: pod.metadata.uid } },
  ];
  return { actions };
}

export const taintEvictionController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    // a pod matters when it lands on a node (status writes change nothing about its tolerations)
    if (obj.kind === 'Pod') return cur?.spec?.nodeName && prev?.spec?.nodeName !== cur.spec.nodeName ? [sightingKey(key, c.now)] : [];
    if (obj.kind !== 'Node' || !cur) return [];
    // a NoExecute taint added or removed: every pod there is looked at again
    const noExecute = (n: KObject | null | undefined) => JSON.stringify(n ? noExecuteTaints(n) : []);
    if (noExecute(prev) === noExecute(cur)) return [];
    return podsOnNode(c.store, cur.metadata.name!).map((p) => sightingKey(keyOf(p), c.now));
  },

  sync(c, key) {
    const at = key.lastIndexOf('@');
    const podKey = at < 0 ? key : key.slice(0, at);
    if (parseKey(podKey).kind !== 'Pod') return NOTHING;
    const pod = getObject(c.store, podKey);
    return pod ? syncPod(c, pod, at < 0 ? c.now : Number(key.slice(at + 1))) : NOTHING;
  },

  resyncKeys: (c) =>
    listAllNamespaces(c.store, 'Pod')
      .filter((p) => p.spec?.nodeName && !p.metadata.deletionTimestamp)
      .map(keyOf)
      .sort()
      .map((k) => sightingKey(k, c.now)),
};
