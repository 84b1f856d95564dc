/** Invariants about where pods run. */
import { listAllNamespaces, podRequests } from '../store/store';
import { isPodActive } from '../node/pod-status';
import { allocatableOf, untoleratedTaint } from '../node/scheduler';
import { objectName as name, StateInvariant } from './types';

/** The pod the last action bound to a node, with the node as it was just before. */
function justBound(c: Parameters<StateInvariant['check']>[0], prev: Parameters<StateInvariant['check']>[1]) {
  const last = c.trace.last();
  if (!prev || last?.type !== 'bind' || !last.key) return undefined;
  const pod = c.store.objects.get(last.key);
  const nodeName = pod?.spec?.nodeName;
  const node = nodeName && prev.store.objects.get(`Node//${nodeName}`);
  return pod && node ? { pod, node } : undefined;
}

export const taintsRespected: StateInvariant = {
  name: 'taints respected',
  description: 'no pod is bound to a node with a NoSchedule or NoExecute taint it does not tolerate (taints added later do not evict: that is the taint manager, not simulated)',
  when: 'always',
  check(c, prev) {
    const bound = justBound(c, prev);
    const taint = bound && untoleratedTaint(bound.pod, bound.node, ['NoSchedule', 'NoExecute']);
    return taint ? [`${name(bound!.pod)} was bound to ${bound!.node.metadata.name} despite the taint ${taint.key}:${taint.effect}`] : [];
  },
};

export const cordonRespected: StateInvariant = {
  name: 'cordon respected',
  description: 'no pod is bound to a node after it was cordoned (unless it tolerates node.kubernetes.io/unschedulable)',
  when: 'always',
  check(c, prev) {
    const bound = justBound(c, prev);
    if (!bound?.node.spec?.unschedulable) return [];
    const tolerated = (bound.pod.spec?.tolerations ?? []).some((t: { key?: string; operator?: string }) => t.operator === 'Exists' && (!t.key || t.key === 'node.kubernetes.io/unschedulable'));
    return tolerated ? [] : [`${name(bound.pod)} was bound to ${bound.node.metadata.name}, which is cordoned`];
  },
};

export const withinAllocatable: StateInvariant = {
  name: 'within allocatable',
  description: "the requests of the live pods on a node never exceed the node's allocatable cpu, memory and pod count",
  when: 'always',
  check(c) {
    const out: string[] = [];
    for (const node of listAllNamespaces(c.store, 'Node')) {
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

