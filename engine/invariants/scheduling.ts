/** Invariants about where pods run. */
import { listAllNamespaces, podRequests } from '../store/store';
import { isPodActive } from '../node/pod-status';
import { allocatableOf, untoleratedTaint } from '../node/scheduler';
import { objectName as name, objectsToCheck, StateInvariant } from './types';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';

/**
 * Each pod bound since `prev` and the node it went to, as that node was just before: what the
 * scheduler decided on. Every pod bound since then is judged by `fault` (a reason, or none).
 */
function atBinding(c: Cluster, prev: Cluster | undefined, fault: (pod: KObject, node: KObject) => string | undefined): string[] {
  if (!prev) return [];
  const out: string[] = [];
  c.trace.slice(prev.trace.size).forEach((t) => {
    if (t.type !== 'bind' || !t.key) return;
    const pod = c.store.objects.get(t.key);
    const node = pod?.spec?.nodeName && prev.store.objects.get(`Node//${pod.spec.nodeName}`);
    const why = pod && node ? fault(pod, node) : undefined;
    if (why) out.push(`${name(pod!)} was bound to ${node!.metadata.name}${why}`);
  });
  return out;
}

export const taintsRespected: StateInvariant = {
  name: 'taints respected',
  description: 'no pod is bound to a node with a NoSchedule or NoExecute taint it does not tolerate (taints added later do not evict: that is the taint manager, not simulated)',
  when: 'always',
  check: (c, prev) =>
    atBinding(c, prev, (pod, node) => {
      const taint = untoleratedTaint(pod, node, ['NoSchedule', 'NoExecute']);
      return taint && ` despite the taint ${taint.key}:${taint.effect}`;
    }),
};

export const cordonRespected: StateInvariant = {
  name: 'cordon respected',
  description: 'no pod is bound to a node after it was cordoned (unless it tolerates node.kubernetes.io/unschedulable)',
  when: 'always',
  check: (c, prev) =>
    atBinding(c, prev, (pod, node) => {
      if (!node.spec?.unschedulable) return undefined;
      const tolerated = (pod.spec?.tolerations ?? []).some((t: { key?: string; operator?: string }) => t.operator === 'Exists' && (!t.key || t.key === 'node.kubernetes.io/unschedulable'));
      return tolerated ? undefined : ', which is cordoned';
    }),
};

export const withinAllocatable: StateInvariant = {
  name: 'within allocatable',
  description: "the requests of the live pods on a node never exceed the node's allocatable cpu, memory and pod count",
  when: 'always',
  check(c, prev) {
    const out: string[] = [];
    // with prev: only the nodes whose pods (or whose own allocatable) changed since
    const nodes = prev
      ? [...new Set(objectsToCheck(c, prev, ['Pod', 'Node']).map((o) => (o.kind === 'Node' ? o.metadata.name! : o.spec?.nodeName)).filter(Boolean))]
          .map((n) => c.store.objects.get(`Node//${n}`))
          .filter((n): n is KObject => !!n)
      : listAllNamespaces(c.store, 'Node');
    for (const node of nodes) {
      const alloc = allocatableOf(node);
      let cpu = 0, memory = 0, pods = 0;
      for (const key of c.store.podsByNode.get(node.metadata.name!)?.toArray() ?? []) {
        const pod = c.store.objects.get(key);
        if (!pod || !isPodActive(pod)) continue;
        const req = podRequests(pod);
        cpu += req.cpu;
        memory += req.memory;
        pods++;
      }
      if (pods > alloc.pods) out.push(`${pods} pods run on ${node.metadata.name}, which allows ${alloc.pods}`);
      if (cpu > alloc.cpu) out.push(`pods on ${node.metadata.name} request ${cpu}m cpu of ${alloc.cpu}m allocatable`);
      if (memory > alloc.memory) out.push(`pods on ${node.metadata.name} request ${memory} bytes of memory of ${alloc.memory} allocatable`);
    }
    return out;
  },
};

