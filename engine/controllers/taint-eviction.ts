/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): a pod on a node
 * with a NoExecute taint it does not tolerate is deleted at once; one that tolerates it for
 * tolerationSeconds (the 300 s every pod gets for not-ready and unreachable) is deleted when that
 * time has passed since the taint was added. The deletion is an ordinary graceful one: on a node
 * whose kubelet is gone the pod stays Terminating, and its controller replaces it elsewhere.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, objectKey, parseKey, podsOnNode } from '../store/store';
import { tolerates } from '../node/scheduler';
import { Controller, NOTHING, SyncResult } from './controller';

const NAME = 'taint-eviction-controller';

interface Taint {
  key: string;
  effect: string;
  value?: string;
  timeAdded?: string;
}

/**
 * When the pod must go (processPodOnNode, getMinTolerationTime): now if a NoExecute taint is not
 * tolerated; else the shortest tolerationSeconds among the tolerations used, counted from when the
 * taint was added; never (undefined) when none of them has seconds.
 */
export function evictionTime(pod: KObject, node: KObject, now: number): number | undefined {
  const taints = ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
  if (!taints.length) return undefined;
  const tolerations = (pod.spec?.tolerations ?? []) as { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
  const used = new Set<(typeof tolerations)[number]>();
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (!matching.length) return now;
    matching.forEach((t) => used.add(t));
  }
  const seconds = [...used].filter((t) => t.tolerationSeconds != null).map((t) => t.tolerationSeconds!);
  if (!seconds.length) return undefined;
  const min = Math.min(...seconds);
  if (min <= 0) return now;
  const added = Math.min(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : now)));
  return added + min * 1000;
}

function syncPod(c: Cluster, pod: KObject): SyncResult {
  if (pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return NOTHING;
  const node = getObject(c.store, objectKey('Node', undefined, pod.spec.nodeName));
  if (!node) return NOTHING;
  const at = evictionTime(pod, node, c.now);
  if (at === undefined) return NOTHING;
  if (at > c.now) return { actions: [], wakeAt: { at, kind: 'progress' } };
  const actions: Action[] = [
    { type: 'event', actor: NAME, event: { involved: objectRef(pod), involvedUid: pod.metadata.uid!, source: NAME, reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}` } },
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
    if (obj.kind === 'Pod') return cur?.spec?.nodeName && prev?.spec?.nodeName !== cur.spec.nodeName ? [key] : [];
    if (obj.kind !== 'Node' || !cur) return [];
    // a NoExecute taint added or removed: every pod there is looked at again
    const noExecute = (n: KObject | null | undefined) => JSON.stringify(((n?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute'));
    if (noExecute(prev) === noExecute(cur)) return [];
    return podsOnNode(c.store, cur.metadata.name!).map(keyOf);
  },

  sync(c, key) {
    if (parseKey(key).kind !== 'Pod') return NOTHING;
    const pod = getObject(c.store, key);
    return pod ? syncPod(c, pod) : NOTHING;
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'Pod').filter((p) => p.spec?.nodeName && !p.metadata.deletionTimestamp).map(keyOf).sort(),
};
