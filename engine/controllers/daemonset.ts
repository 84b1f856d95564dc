/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go, update.go, and
 * util/daemonset_util.go): one pod per node that should run it. A sync claims the pods, works out
 * for every node whether it should run a daemon pod (nodeShouldRunDaemonPod), creates what is
 * missing, deletes what is extra or misplaced, replaces old pods under RollingUpdate, and writes
 * status. Pods are placed by the default scheduler through a node affinity on metadata.name, as
 * upstream has done since 1.12, and tolerate what a daemon must (cordons, node pressure).
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { fromLabelSelector } from '../api/labels';
import { getObject, keyOf, listAllNamespaces } from '../store/store';
import { isPodActive, isPodAvailable, isPodReady, isPodTerminal } from '../node/pod-status';
import { matchesNodeSelectorAndAffinity, untoleratedTaint } from '../node/scheduler';
import { jsonEqual } from '../api/json';
import { DAEMONSET_TEMPLATE_GENERATION } from '../api/defaults';
import { Controller, nextAvailability, SyncResult } from './controller';
import { claimObjects, controllerRefTo, ownersToWake } from './controller-ref-manager';
import { computeHash, scaledValue } from './deployment/util';

const NAME = 'daemonset-controller';
export const DAEMON_HASH_LABEL = 'controller-revision-hash';
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** AddOrUpdateDaemonPodTolerations (util/daemonset_util.go), in upstream's order. */
const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const NETWORK_UNAVAILABLE = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/** The template's pod spec with the daemon tolerations added (an existing toleration of the same key and effect is replaced). */
function daemonPodSpec(ds: KObject): any {
  const spec = JSON.parse(JSON.stringify(ds.spec?.template?.spec ?? {}));
  const added = [...DAEMON_TOLERATIONS, ...(spec.hostNetwork ? [NETWORK_UNAVAILABLE] : [])];
  const own = ((spec.tolerations ?? []) as { key?: string; effect?: string }[]).filter((t) => !added.some((a) => a.key === t.key && a.effect === t.effect));
  spec.tolerations = [...own, ...added];
  return spec;
}

/** The template hash the controller-revision-hash label carries (upstream hashes the ControllerRevision's data). */
export function daemonSetHash(ds: KObject): string {
  return computeHash(ds.spec?.template, ds.status?.collisionCount);
}

/**
 * nodeShouldRunDaemonPod: should a daemon pod be created on the node, and may one already there
 * keep running? Node name and node affinity decide both; a NoSchedule taint the pod does not
 * tolerate stops new pods only, a NoExecute one evicts.
 */
export function nodeShouldRunDaemonPod(node: KObject, ds: KObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = daemonPodSpec(ds);
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const pod = { spec } as KObject;
  if (untoleratedTaint(pod, node, ['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untoleratedTaint(pod, node, ['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** The node a daemon pod belongs to: where it is bound, or the node its affinity names while it is pending. */
function targetNode(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const field = (term.matchFields ?? []).find((f: { key: string; operator: string; values?: string[] }) => f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1);
    if (field) return field.values[0];
  }
  return undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the template's node affinity, with the one term that names the node. */
function newPod(ds: KObject, node: string, hash: string): KObject {
  const meta = ds.spec?.template?.metadata ?? {};
  const spec = daemonPodSpec(ds);
  spec.affinity = {
    ...(spec.affinity ?? {}),
    nodeAffinity: {
      ...(spec.affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] },
    },
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [DAEMON_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: ds.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? '1' },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [controllerRefTo(ds)],
    },
    spec,
  };
}

/** podByCreationTimestampAndPhase: pods bound to a node first, then the oldest, then by name. */
const byAge = (a: KObject, b: KObject) =>
  Number(!!b.spec?.nodeName) - Number(!!a.spec?.nodeName) ||
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export const daemonSetController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'DaemonSet') return [key];
    // a node that comes, goes or changes its labels or taints may change where daemons run
    if (obj.kind === 'Node') return listAllNamespaces(c.store, 'DaemonSet').map(keyOf);
    if (obj.kind !== 'Pod') return [];
    return ownersToWake(c, 'DaemonSet', prev, cur, (ds) => fromLabelSelector(ds.spec?.selector));
  },

  sync(c, key) {
    const ds = getObject(c.store, key);
    if (!ds) return { actions: [] };
    return syncDaemonSet(c, ds);
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'DaemonSet').map(keyOf).sort(),
};

interface NodePlan {
  node: KObject;
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  /** the daemon's live pods for this node, oldest first */
  pods: KObject[];
}

function syncDaemonSet(c: Cluster, ds: KObject): SyncResult {
  // a DaemonSet being deleted is left to the garbage collector (syncDaemonSet returns early)
  if (ds.metadata.deletionTimestamp) return { actions: [] };
  const { claimed, actions } = claimObjects(c, ds, 'Pod', fromLabelSelector(ds.spec?.selector), NAME);
  const hash = daemonSetHash(ds);
  const nodes = listAllNamespaces(c.store, 'Node').sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const byNode = new Map<string, KObject[]>();
  const active = claimed.filter((p) => !p.metadata.deletionTimestamp);
  // getNodesToDaemonPods: terminating pods stay in the per-node lists (a node whose pod is still
  // going gets no new one yet), finished pods being deleted do not
  for (const pod of claimed) {
    if (pod.metadata.deletionTimestamp && isPodTerminal(pod)) continue;
    const node = targetNode(pod) ?? '';
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  const plans: NodePlan[] = nodes.map((node) => ({ node, ...nodeShouldRunDaemonPod(node, ds), pods: (byNode.get(node.metadata.name!) ?? []).sort(byAge) }));
  actions.push(...manage(c, ds, plans, active, hash));
  const status = calculateStatus(c, ds, plans, hash);
  if (!jsonEqual(status, ds.status)) actions.push({ type: 'updateStatus', actor: NAME, object: { ...ds, status } });
  return { actions, wakeAt: nextAvailability(c.now, ds.spec?.minReadySeconds ?? 0, active) };
}


function involved(ds: KObject) {
  return { involved: objectRef(ds), involvedUid: ds.metadata.uid!, source: NAME };
}

function createOn(ds: KObject, node: string, hash: string): Action {
  return {
    type: 'create',
    actor: NAME,
    object: newPod(ds, node, hash),
    onSuccess: { ...involved(ds), reason: 'SuccessfulCreate', message: 'Created pod: $name' },
    onFailure: { ...involved(ds), type: 'Warning', reason: 'FailedCreate', message: 'Error creating: $error' },
  };
}

function deletePod(ds: KObject, pod: KObject): Action {
  return {
    type: 'delete',
    actor: NAME,
    ref: objectRef(pod),
    preconditions: { uid: pod.metadata.uid },
    onSuccess: { ...involved(ds), reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
  };
}

/** manage + podsShouldBeOnNode, then rollingUpdate: what to create and delete in this sync. */
function manage(c: Cluster, ds: KObject, plans: NodePlan[], active: KObject[], hash: string): Action[] {
  const creates: Action[] = [];
  const deletes: KObject[] = [];
  const events: Action[] = [];
  for (const p of plans) {
    const live = p.pods.filter((pod) => !pod.metadata.deletionTimestamp);
    const running = live.filter(isPodActive);
    // podsShouldBeOnNode: a new pod only where the node has none
    if (p.shouldRun && !p.pods.length) creates.push(createOn(ds, p.node.metadata.name!, hash));
    else if (p.shouldContinueRunning) {
      // a finished daemon pod is deleted, and replaced once it is gone
      const where = (pod: KObject) => `${pod.metadata.namespace}/${pod.metadata.name} on node ${p.node.metadata.name}`;
      for (const pod of live.filter((x) => !isPodActive(x))) {
        if (pod.status?.phase === 'Failed') events.push({ type: 'event', actor: NAME, event: { ...involved(ds), type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${where(pod)}, will try to kill it` } });
        else events.push({ type: 'event', actor: NAME, event: { ...involved(ds), type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${where(pod)}, will try to delete it` } });
        deletes.push(pod);
      }
      if (running.length > 1) deletes.push(...(allowsSurge(ds) ? excessWhenSurging(c, ds, running, hash) : running.slice(1)));
      // surging, a node needs at least one pod that is not on its way out
      else if (!running.length && p.shouldRun && allowsSurge(ds)) creates.push(createOn(ds, p.node.metadata.name!, hash));
    } else {
      deletes.push(...live);
    }
  }
  // pending pods whose node is gone (getUnscheduledPodsWithoutNode; a pod naming no node is not in its map)
  const known = new Set(plans.map((p) => p.node.metadata.name));
  deletes.push(...active.filter((pod) => !pod.spec?.nodeName && targetNode(pod) !== undefined && !known.has(targetNode(pod))));
  const actions: Action[] = [...events];
  if (creates.length) actions.push({ type: 'slowStart', actor: NAME, actions: creates });
  actions.push(...deletes.map((pod) => deletePod(ds, pod)));
  if (!creates.length && !deletes.length && ds.spec?.updateStrategy?.type === 'RollingUpdate') actions.push(...rollingUpdate(c, ds, plans, hash));
  return actions;
}

/** util.AllowsSurge: a RollingUpdate whose maxSurge scales to more than 0. */
function allowsSurge(ds: KObject): boolean {
  const ru = ds.spec?.updateStrategy?.type === 'RollingUpdate' ? ds.spec.updateStrategy.rollingUpdate : undefined;
  return ru?.maxSurge != null && scaledValue(ru.maxSurge, 1, true) > 0;
}

/**
 * podsShouldBeOnNode when surging: keep the oldest pod of the current hash and the oldest of an
 * older one; the old one goes once it is not ready or the new one is available, every other pod goes.
 */
function excessWhenSurging(c: Cluster, ds: KObject, running: KObject[], hash: string): KObject[] {
  let oldestNew: KObject | undefined, oldestOld: KObject | undefined;
  const out: KObject[] = [];
  for (const pod of running) {
    if (pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash) {
      if (!oldestNew) oldestNew = pod;
      else out.push(pod);
    } else if (!oldestOld) oldestOld = pod;
    else out.push(pod);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, c.now))) out.push(oldestOld);
  return out;
}

/** updatedDesiredNodeCounts: both budgets rounded up; an impossible 0/0 behaves as maxUnavailable 1. */
function updateBudgets(ds: KObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const maxSurge = ru.maxSurge == null ? 0 : scaledValue(ru.maxSurge, desired, true);
  let maxUnavailable = ru.maxUnavailable == null ? 0 : scaledValue(ru.maxUnavailable, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/**
 * rollingUpdate (update.go), for maxSurge 0: old pods that are not available go first and cost
 * nothing; then available old pods, while fewer than maxUnavailable daemon pods are unavailable.
 * The next sync creates the new pod on each emptied node.
 */
function rollingUpdate(c: Cluster, ds: KObject, plans: NodePlan[], hash: string): Action[] {
  const desired = plans.filter((p) => p.shouldRun).length;
  const { maxSurge, maxUnavailable } = updateBudgets(ds, desired);
  if (maxSurge > 0) return surgingUpdate(c, ds, plans, hash, maxSurge, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  let unavailable = 0;
  const oldAvailable: KObject[] = [];
  const deletes: KObject[] = [];
  for (const p of plans.filter((x) => x.shouldRun)) {
    const pod = p.pods.filter((x) => !x.metadata.deletionTimestamp)[0];
    const available = !!pod && isPodAvailable(pod, minReady, c.now);
    if (!available) unavailable++;
    if (!pod || pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash) continue;
    if (available) oldAvailable.push(pod);
    else deletes.push(pod);
  }
  for (const pod of oldAvailable) {
    if (unavailable >= maxUnavailable) break;
    deletes.push(pod);
    unavailable++;
  }
  return deletes.map((pod) => deletePod(ds, pod));
}

/**
 * rollingUpdate when surging (update.go): a node whose old pod is unavailable gets its new pod at
 * once; up to maxSurge nodes with an available old pod get one beside it; an old pod goes once the
 * new one beside it is available. Pods on nodes that should no longer run one go only while
 * enough pods elsewhere are available.
 */
function surgingUpdate(c: Cluster, ds: KObject, plans: NodePlan[], hash: string, maxSurge: number, desired: number): Action[] {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (pod: KObject) => isPodAvailable(pod, minReady, c.now);
  const oldToDelete: KObject[] = [];
  const shouldNotRun: KObject[] = [];
  const allowedNew: string[] = [];
  const candidates: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const p of plans) {
    // findUpdatedPodsOnNode: at most one new and one old live pod, or the manage loop is still at work here
    const live = p.pods.filter((pod) => !pod.metadata.deletionTimestamp);
    if (!live.length) continue;
    const fresh = live.filter((pod) => pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash);
    const stale = live.filter((pod) => pod.metadata.labels?.[DAEMON_HASH_LABEL] !== hash);
    if (fresh.length > 1 || stale.length > 1) {
      numSurge++;
      continue;
    }
    const [newPod, oldPod] = [fresh[0], stale[0]];
    if (oldPod ? available(oldPod) : newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!p.shouldRun) oldToDelete.push(oldPod);
        else allowedNew.push(p.node.metadata.name!);
      } else if (!p.shouldRun) shouldNotRun.push(oldPod);
      else if (numSurge < maxSurge) candidates.push(p.node.metadata.name!);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else oldToDelete.push(oldPod);
  }
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  oldToDelete.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidates.length);
  const creates = [...allowedNew, ...candidates.slice(0, remaining)].map((node) => createOn(ds, node, hash));
  const actions: Action[] = oldToDelete.map((pod) => deletePod(ds, pod));
  if (creates.length) actions.push({ type: 'slowStart', actor: NAME, actions: creates });
  return actions;
}

/** updateDaemonSetStatus: counted over the nodes, the first daemon pod of each (a terminating or failed one too). */
function calculateStatus(c: Cluster, ds: KObject, plans: NodePlan[], hash: string): Record<string, unknown> {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  for (const p of plans) {
    const pod = p.pods[0];
    if (p.shouldRun) desired++;
    if (!pod) continue;
    if (!p.shouldRun) {
      misscheduled++;
      continue;
    }
    current++;
    if (pod.metadata.labels?.[DAEMON_HASH_LABEL] === hash) updated++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, c.now)) available++;
    }
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
  };
  // omitempty in DaemonSetStatus
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available > 0) status.numberUnavailable = desired - available;
  if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
  return status;
}
