/**
 * default-scheduler: filters nodes (nodeName, nodeSelector, unschedulable, taints, resource
 * fit), scores the rest (least allocated, balanced allocation, spreading of a controller's pods,
 * PreferNoSchedule taints) and binds to the best; ties are broken by the cluster's seed, as
 * upstream breaks them at random (pkg/scheduler/schedule_one.go selectHost).
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster, timestamp } from '../cluster';
import { objectRef } from '../apiserver';
import { controllerOf, dependentsOf, getObject, listObjects, NodeUsage, ObjectKey, objectKey, parseQuantity, podRequests } from '../store/store';
import { Controller, NOTHING, SyncResult } from '../controllers/controller';
import { isPodActive, isPodTerminal, podCondition } from './pod-status';
import { jsonEqual } from '../api/json';
import { claimsOfPod, isClaimBound, SELECTED_NODE } from '../controllers/persistent-volume-binder';

const NAME = 'default-scheduler';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** component-helpers/scheduling/corev1/helpers.go ToleratesTaint */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function untoleratedTaint(pod: KObject, node: KObject, effects: string[]): Taint | undefined {
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  return ((node.spec?.taints ?? []) as Taint[]).find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

function unscheduled(pod: KObject | undefined | null): boolean {
  return !!pod && pod.kind === 'Pod' && !pod.spec?.nodeName && isPodActive(pod) && (pod.spec?.schedulerName ?? NAME) === NAME;
}

interface Allocatable {
  cpu: number;
  memory: number;
  pods: number;
}

/** Parsed node allocatable, cached per node object (objects are immutable, so identity is a safe key). */
const allocatableCache = new WeakMap<KObject, Allocatable>();
export function allocatableOf(node: KObject): Allocatable {
  let a = allocatableCache.get(node);
  if (!a) {
    const alloc = node.status?.allocatable ?? {};
    a = { cpu: Math.round(parseQuantity(alloc.cpu ?? '0') * 1000), memory: parseQuantity(alloc.memory ?? '0'), pods: parseQuantity(alloc.pods ?? '110') };
    allocatableCache.set(node, a);
  }
  return a;
}

interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

function requirementHolds(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number.parseInt(value ?? '', 10), bound = Number.parseInt(r.values?.[0] ?? '', 10);
      return Number.isFinite(n) && Number.isFinite(bound) && (r.operator === 'Gt' ? n > bound : n < bound);
    }
    default:
      return false;
  }
}

/**
 * The NodeAffinity filter (component-helpers/scheduling/corev1/nodeaffinity): the nodeSelector
 * map, and the required node affinity's terms, ORed, each term's expressions (labels) and fields
 * (only metadata.name) ANDed. The DaemonSet controller places its pods with a metadata.name field.
 */
export function matchesNodeSelectorAndAffinity(spec: any, node: KObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  if (Object.entries((spec?.nodeSelector ?? {}) as Record<string, string>).some(([k, v]) => labels[k] !== v)) return false;
  const terms: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[] | undefined = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => {
    const expressions = t.matchExpressions ?? [], fields = t.matchFields ?? [];
    // an empty term matches nothing
    if (!expressions.length && !fields.length) return false;
    return expressions.every((r) => requirementHolds(r, labels[r.key])) && fields.every((r) => r.key === 'metadata.name' && requirementHolds(r, node.metadata.name));
  });
}

/** Filter plugins in the default profile's order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit); the first that fails gives the node's reason. */
function filterReason(pod: KObject, req: NodeUsage, node: KObject, usage: NodeUsage | undefined): string | undefined {
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata.name) return "node(s) didn't match the requested node name";
  if (node.spec?.unschedulable && !(pod.spec?.tolerations ?? []).some((t: Toleration) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return 'node(s) were unschedulable';
  }
  const taint = untoleratedTaint(pod, node, ['NoSchedule', 'NoExecute']);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!matchesNodeSelectorAndAffinity(pod.spec, node)) return "node(s) didn't match Pod's node affinity/selector";
  const alloc = allocatableOf(node);
  const used = usage ?? { cpu: 0, memory: 0, pods: 0, nonZeroCpu: 0, nonZeroMemory: 0 };
  const reasons: string[] = [];
  if (used.pods + 1 > alloc.pods) reasons.push('Too many pods');
  if (req.cpu > 0 && used.cpu + req.cpu > alloc.cpu) reasons.push('Insufficient cpu');
  if (req.memory > 0 && used.memory + req.memory > alloc.memory) reasons.push('Insufficient memory');
  return reasons.length ? reasons.join('|') : undefined;
}

/** How many active pods of the pod's controller each node runs (for spreading), from the owner's dependents. */
function siblingsByNode(c: Cluster, pod: KObject): Map<string, number> {
  const counts = new Map<string, number>();
  const owner = controllerOf(pod);
  if (!owner) return counts;
  for (const p of dependentsOf(c.store, owner.uid)) {
    const node = p.spec?.nodeName;
    if (p.kind === 'Pod' && node && isPodActive(p) && controllerOf(p)?.uid === owner.uid) counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

/** Higher is better. Roughly the default plugin weights of kube-scheduler's default profile. */
function score(pod: KObject, req: NodeUsage, node: KObject, usage: NodeUsage | undefined, siblings: number): number {
  const alloc = allocatableOf(node);
  const cpuCap = alloc.cpu || 1;
  const memCap = alloc.memory || 1;
  const cpuFrac = Math.min(1, ((usage?.nonZeroCpu ?? 0) + req.nonZeroCpu) / cpuCap);
  const memFrac = Math.min(1, ((usage?.nonZeroMemory ?? 0) + req.nonZeroMemory) / memCap);
  const leastAllocated = ((1 - cpuFrac) + (1 - memFrac)) * 50; // NodeResourcesFit LeastAllocated, 0..100
  const balanced = (1 - Math.abs(cpuFrac - memFrac)) * 100; // NodeResourcesBalancedAllocation
  // PodTopologySpread's default constraints: fewer pods of the same controller on the node is better
  const spread = 100 / (1 + siblings);
  const preferNo = untoleratedTaint(pod, node, ['PreferNoSchedule']) ? 0 : 100; // TaintToleration
  return leastAllocated + balanced + 2 * spread + preferNo;
}

/** A deterministic pick among equals: a hash of the seed and the pod's uid. */
function tieBreak(seed: number, uid: string, n: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < uid.length; i++) h = Math.imul(h ^ uid.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

/** `0/4 nodes are available: 1 node(s) had untolerated taint {...}, 3 Insufficient cpu. preemption: ...` */
export function failedSchedulingMessage(total: number, reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) for (const part of r.split('|')) counts.set(part, (counts.get(part) ?? 0) + 1);
  const parts = [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort();
  // With every pod at priority 0 there is nothing to preempt: resource shortages find no victims,
  // other reasons cannot be fixed by preemption (pkg/scheduler/framework/preemption).
  let notHelpful = 0, noVictims = 0;
  for (const r of reasons) {
    if (r.split('|').every((p) => p.startsWith('Insufficient') || p === 'Too many pods')) noVictims++;
    else notHelpful++;
  }
  const pre = [notHelpful ? `${notHelpful} Preemption is not helpful for scheduling` : '', noVictims ? `${noVictims} No preemption victims found for incoming pod` : '']
    .filter(Boolean)
    .join(', ');
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre}.`;
}

interface VolumeCheck {
  /** PreFilter's verdict for the whole pod (UnschedulableAndUnresolvable on every node) */
  rejected?: string;
  /** claims bound to volumes, whose node affinity a node must satisfy */
  volumes: KObject[];
  /** unbound claims of a WaitForFirstConsumer class: the chosen node is written on them before the pod is bound */
  delayed: KObject[];
}

/** The VolumeBinding plugin's PreFilter (pkg/scheduler/framework/plugins/volumebinding): every claim must exist; Immediate ones must be bound. */
function checkVolumes(c: Cluster, pod: KObject): VolumeCheck {
  const out: VolumeCheck = { volumes: [], delayed: [] };
  let unboundImmediate = false;
  for (const name of claimsOfPod(pod)) {
    const pvc = getObject(c.store, objectKey('PersistentVolumeClaim', pod.metadata.namespace, name));
    if (!pvc) return { ...out, rejected: `persistentvolumeclaim "${name}" not found` };
    if (pvc.metadata.deletionTimestamp) return { ...out, rejected: `persistentvolumeclaim "${name}" is being deleted` };
    if (isClaimBound(pvc)) {
      const pv = getObject(c.store, objectKey('PersistentVolume', undefined, pvc.spec.volumeName));
      if (pv) out.volumes.push(pv);
      continue;
    }
    const sc = pvc.spec?.storageClassName ? getObject(c.store, objectKey('StorageClass', undefined, pvc.spec.storageClassName)) : undefined;
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') out.delayed.push(pvc);
    else unboundImmediate = true;
  }
  if (unboundImmediate) out.rejected = 'pod has unbound immediate PersistentVolumeClaims';
  return out;
}

/** The VolumeBinding Filter: a bound volume's node affinity, and a delayed claim's node once one was chosen. */
function volumeReason(check: VolumeCheck, node: KObject): string | undefined {
  for (const pv of check.volumes) {
    const required = pv.spec?.nodeAffinity?.required;
    if (required && !matchesNodeSelectorAndAffinity({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } }, node)) return 'node(s) had volume node affinity conflict';
  }
  for (const pvc of check.delayed) {
    const selected = pvc.metadata.annotations?.[SELECTED_NODE];
    if (selected && selected !== node.metadata.name) return "node(s) didn't find available persistent volumes to bind";
  }
  return undefined;
}

function schedule(c: Cluster, pod: KObject): SyncResult {
  const nodes = listObjects(c.store, 'Node', '');
  const req = podRequests(pod);
  const feasible: KObject[] = [];
  const reasons: string[] = [];
  const volumes = checkVolumes(c, pod);
  for (const node of nodes) {
    if (volumes.rejected) break;
    const why = filterReason(pod, req, node, c.store.nodeUsage.get(node.metadata.name!)) ?? volumeReason(volumes, node);
    if (why) reasons.push(why);
    else feasible.push(node);
  }
  const involved = { involved: objectRef(pod), involvedUid: pod.metadata.uid!, source: NAME };
  if (!feasible.length) {
    const message = !nodes.length
      ? 'no nodes available to schedule pods'
      : volumes.rejected
        ? `0/${nodes.length} nodes are available: ${volumes.rejected}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`
        : failedSchedulingMessage(nodes.length, reasons);
    const condition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: timestamp(c.now), reason: 'Unschedulable', message };
    const prev = podCondition(pod, 'PodScheduled') as Record<string, unknown> | undefined;
    const actions: Action[] = [];
    if (!prev || prev.status !== 'False' || prev.message !== message) {
      const conditions = [...(pod.status?.conditions ?? []).filter((x: { type: string }) => x.type !== 'PodScheduled'), condition];
      actions.push({ type: 'updateStatus', actor: NAME, object: { ...pod, status: { ...pod.status, conditions } } });
      actions.push({ type: 'event', actor: NAME, event: { ...involved, type: 'Warning', reason: 'FailedScheduling', message } });
    }
    return { actions };
  }
  const siblings = siblingsByNode(c, pod);
  const scored = feasible.map((n) => ({ node: n, score: score(pod, req, n, c.store.nodeUsage.get(n.metadata.name!), siblings.get(n.metadata.name!) ?? 0) }));
  const best = Math.max(...scored.map((s) => s.score));
  const ties = scored.filter((s) => s.score === best);
  const chosen = ties[tieBreak(c.seed, pod.metadata.uid ?? '', ties.length)].node.metadata.name!;
  // PreBind: delayed claims learn the node and are provisioned there; the pod is bound once they are
  if (volumes.delayed.length) {
    return {
      actions: volumes.delayed
        .filter((pvc) => pvc.metadata.annotations?.[SELECTED_NODE] !== chosen)
        .map((pvc) => ({ type: 'patch' as const, actor: NAME, ref: objectRef(pvc), patchType: 'merge' as const, patch: { metadata: { annotations: { [SELECTED_NODE]: chosen } } } })),
    };
  }
  return {
    actions: [
      { type: 'bind', actor: NAME, ref: objectRef(pod), node: chosen },
      {
        type: 'event',
        actor: NAME,
        event: { ...involved, reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${chosen}` },
      },
    ],
  };
}

export const scheduler: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    if ((cur ?? prev)?.kind === 'Node') {
      // a node appeared or changed: every waiting pod gets another chance
      if (cur && prev && jsonEqual(cur.spec, prev.spec) && jsonEqual(cur.metadata.labels, prev.metadata.labels) && jsonEqual(cur.status?.allocatable, prev.status?.allocatable)) return [];
      return pendingPodKeys(c);
    }
    if ((cur ?? prev)?.kind === 'PersistentVolumeClaim') {
      // a claim created, bound or deleted: the pods waiting for it try again
      const { name, namespace } = (cur ?? prev)!.metadata;
      return pendingPodKeys(c).filter((k) => {
        const pod = getObject(c.store, k)!;
        return pod.metadata.namespace === namespace && claimsOfPod(pod).includes(name!);
      });
    }
    if ((cur ?? prev)?.kind !== 'Pod') return [];
    if (unscheduled(cur)) return [key];
    // a bound pod that is gone or finished no longer holds resources: a waiting pod may fit now
    const freed = prev?.spec?.nodeName && !isPodTerminal(prev) && (!cur || isPodTerminal(cur));
    return freed ? pendingPodKeys(c) : [];
  },

  sync(c, key) {
    const pod = getObject(c.store, key);
    return unscheduled(pod) ? schedule(c, pod!) : NOTHING;
  },

  resyncKeys: pendingPodKeys,
};

function pendingPodKeys(c: Cluster): ObjectKey[] {
  const keys = c.store.podsByNode.get('');
  if (!keys) return [];
  return keys
    .toArray()
    .sort()
    .filter((k) => unscheduled(getObject(c.store, k)));
}

