/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go): a node
 * whose kubelet has been silent for the grace period gets its conditions set to Unknown ("Kubelet
 * stopped posting node status."), the `node.kubernetes.io/unreachable` taints (NoSchedule, and
 * NoExecute with the time it was added, which starts the pods' toleration clocks) and its pods
 * marked not ready. When the kubelet is back it posts Ready again (written here on its behalf,
 * as `kubelet/<node>`) and the taints come off.
 *
 * The kubelet's heartbeat is its node's Lease in kube-node-lease: the grace period runs from its
 * last renewTime (written when the kubelet stops, apiserver.ts renewLease). 1.32's
 * --node-monitor-grace-period is 50s. Node status heartbeats (every 5 min with Leases) are not written.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster, NODE_LEASE_NAMESPACE, readyConditions, timestamp } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, objectKey, parseKey, podsOnNode } from '../store/store';
import { Controller, NOTHING, SyncResult } from './controller';

const NAME = 'node-lifecycle-controller';
/** the component its events name (the controller's event recorder is "node-controller") */
const SOURCE = 'node-controller';
export const NODE_MONITOR_GRACE_MS = 50_000;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Taint {
  key: string;
  effect: string;
  value?: string;
  timeAdded?: string;
}

const readyOf = (node: KObject) => (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');

function nodeEvent(node: KObject, reason: string, message: string, source = SOURCE): Action {
  return { type: 'event', actor: NAME, event: { involved: objectRef(node), involvedUid: node.metadata.uid!, source, reason, message } };
}

/** tryUpdateNodeHealth for a silent kubelet: every condition Unknown, heartbeat times kept. */
function markUnknown(c: Cluster, node: KObject): KObject {
  const now = timestamp(c.now);
  const conditions = (node.status?.conditions ?? []).map((cond: Record<string, unknown>) =>
    cond.status === 'Unknown' ? cond : { ...cond, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now },
  );
  return { ...node, status: { ...node.status, conditions } };
}

function withTaints(node: KObject, taints: Taint[]): Action {
  return { type: 'patch', actor: NAME, ref: objectRef(node), patchType: 'merge', patch: { spec: { taints: taints.length ? taints : null } } as never };
}

function syncNode(c: Cluster, node: KObject): SyncResult {
  const name = node.metadata.name!;
  const agent = c.agents.get(name);
  if (!agent) return NOTHING;
  const taints: Taint[] = node.spec?.taints ?? [];
  const unreachable = taints.filter((t) => t.key === UNREACHABLE);
  const ready = readyOf(node);
  if (agent.kubeletRunning) {
    const actions: Action[] = [];
    // the kubelet, back, posts its status: Ready again
    if (ready && ready.status !== 'True') {
      actions.push({ type: 'updateStatus', actor: `kubelet/${name}`, object: { ...node, status: { ...node.status, conditions: readyConditions(timestamp(c.now)) } } });
      actions.push(nodeEvent(node, 'NodeReady', `Node ${name} status is now: NodeReady`, `kubelet/${name}`));
    }
    if (unreachable.length) actions.push(withTaints(node, taints.filter((t) => t.key !== UNREACHABLE)));
    return { actions };
  }
  // the kubelet's last heartbeat: its Lease's renewTime (tryUpdateNodeHealth reads the lease)
  const lease = getObject(c.store, objectKey('Lease', NODE_LEASE_NAMESPACE, name));
  const since = (lease?.spec?.renewTime ? Date.parse(lease.spec.renewTime) : undefined) ?? agent.kubeletStoppedAt ?? c.now;
  const due = since + NODE_MONITOR_GRACE_MS;
  if (c.now < due) return { actions: [], wakeAt: { at: due, kind: 'progress' } };
  const actions: Action[] = [];
  if (ready?.status !== 'Unknown') {
    actions.push({ type: 'updateStatus', actor: NAME, object: markUnknown(c, node) });
    actions.push(nodeEvent(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`));
    // MarkPodsNotReady: the pods lose their Ready condition; their phase stays what the kubelet last said
    for (const pod of podsOnNode(c.store, name)) {
      const conditions = (pod.status?.conditions ?? []) as { type: string; status: string }[];
      if (!conditions.some((x) => x.type === 'Ready' && x.status === 'True')) continue;
      const next = conditions.map((x) => (x.type === 'Ready' ? { ...x, status: 'False', lastTransitionTime: timestamp(c.now) } : x));
      actions.push({ type: 'updateStatus', actor: NAME, object: { ...pod, status: { ...pod.status, conditions: next } } });
      actions.push({ type: 'event', actor: NAME, event: { involved: objectRef(pod), involvedUid: pod.metadata.uid!, source: SOURCE, type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready' } });
    }
  }
  const want: Taint[] = [
    { key: UNREACHABLE, effect: 'NoSchedule' },
    { key: UNREACHABLE, effect: 'NoExecute', timeAdded: unreachable.find((t) => t.effect === 'NoExecute')?.timeAdded ?? timestamp(c.now) },
  ];
  const missing = want.filter((w) => !unreachable.some((t) => t.effect === w.effect));
  if (missing.length) actions.push(withTaints(node, [...taints.filter((t) => t.key !== UNREACHABLE), ...want]));
  return { actions };
}

export const nodeLifecycleController: Controller = {
  name: NAME,

  enqueue(_c, key, _prev, cur) {
    return cur?.kind === 'Node' ? [key] : [];
  },

  sync(c, key) {
    if (parseKey(key).kind !== 'Node') return NOTHING;
    const node = getObject(c.store, key);
    return node ? syncNode(c, node) : NOTHING;
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'Node').map(keyOf).sort(),
};
