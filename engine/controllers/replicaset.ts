/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go), also run for
 * ReplicationControllers as upstream does (pkg/controller/replication wraps the same code).
 * A sync lists the pods, claims them, creates or deletes the difference, and reports status.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { fromLabelSelector, Selector } from '../api/labels';
import { controllerOf, dependentsOf, getObject } from '../store/store';
import { isPodActive, isPodAvailable, isPodReady } from '../node/pod-status';
import { jsonEqual } from '../api/json';
import { Controller, nextAvailability, SyncResult } from './controller';
import { claimObjects, controllerRefTo, ownersToWake } from './controller-ref-manager';
import { rankPodsForDeletion } from './pod-ranking';

/** replica_set.go: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

export interface ReplicaKind {
  kind: 'ReplicaSet' | 'ReplicationController';
  apiVersion: string;
  component: string;
}

const RS: ReplicaKind = { kind: 'ReplicaSet', apiVersion: 'apps/v1', component: 'replicaset-controller' };
const RC: ReplicaKind = { kind: 'ReplicationController', apiVersion: 'v1', component: 'replication-controller' };

/** RCs select with a plain map; ReplicaSets with a LabelSelector. */
export function selectorOf(owner: KObject): Selector {
  if (owner.kind === 'ReplicationController') return fromLabelSelector({ matchLabels: owner.spec?.selector ?? {} });
  return fromLabelSelector(owner.spec?.selector);
}

export function replicaController(k: ReplicaKind): Controller {
  return {
    name: k.component,

    enqueue(c, key, prev, cur) {
      const obj = cur ?? prev;
      if (!obj) return [];
      if (obj.kind === k.kind) return [key];
      if (obj.kind !== 'Pod') return [];
      return ownersToWake(c, k.kind, prev, cur, selectorOf);
    },

    sync(c, key) {
      const owner = getObject(c.store, key);
      if (!owner) return { actions: [] };
      return syncReplicas(c, k, owner);
    },

    resyncKeys(c) {
      return c.store.byKindNamespace
        .filter((_, bucket) => bucket.startsWith(`${k.kind}/`))
        .valueSeq()
        .flatMap((s) => s.toArray())
        .toArray()
        .sort();
    },
  };
}

export const replicaSetController = replicaController(RS);
export const replicationControllerController = replicaController(RC);

function syncReplicas(c: Cluster, k: ReplicaKind, owner: KObject): SyncResult {
  const selector = selectorOf(owner);
  // syncReplicaSet filters out inactive pods before claiming: a finished or terminating pod is neither adopted nor released
  const { claimed, actions } = claimObjects(c, owner, 'Pod', selector, k.component, [], isPodActive);
  const active = claimed;
  if (!owner.metadata.deletionTimestamp) actions.push(...manageReplicas(c, k, owner, active));
  const status = calculateStatus(c, owner, active);
  if (!jsonEqual(status, owner.status)) {
    actions.push({ type: 'updateStatus', actor: k.component, object: { ...owner, status } });
  }
  return { actions, wakeAt: nextAvailability(c.now, owner.spec?.minReadySeconds ?? 0, active) };
}

/** manageReplicas: create or delete the difference, at most BURST_REPLICAS at a time. */
function manageReplicas(c: Cluster, k: ReplicaKind, owner: KObject, active: KObject[]): Action[] {
  const want = owner.spec?.replicas ?? 1;
  const diff = active.length - want;
  const involved = { involved: objectRef(owner), involvedUid: owner.metadata.uid!, source: k.component };
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    const creates: Action[] = [];
    for (let i = 0; i < count; i++) {
      creates.push({
        type: 'create',
        actor: k.component,
        object: podFromTemplate(owner),
        onSuccess: { ...involved, reason: 'SuccessfulCreate', message: 'Created pod: $name' },
        onFailure: { ...involved, type: 'Warning', reason: 'FailedCreate', message: 'Error creating: $error' },
      });
    }
    return [{ type: 'slowStart', actor: k.component, actions: creates }];
  }
  if (diff > 0) {
    const count = Math.min(diff, BURST_REPLICAS);
    const related = relatedPods(c, owner);
    return rankPodsForDeletion(active, related, c.now)
      .slice(0, count)
      .map((pod) => ({
        type: 'delete' as const,
        actor: k.component,
        ref: objectRef(pod),
        preconditions: { uid: pod.metadata.uid },
        onSuccess: { ...involved, reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
      }));
  }
  return [];
}

/** Pods of every ReplicaSet that shares this one's controller (a Deployment's ReplicaSets), for ranking. */
function relatedPods(c: Cluster, owner: KObject): KObject[] {
  const parent = controllerOf(owner);
  // getReplicaSetsWithSameController: a ReplicaSet nobody controls has no related pods, so every rank is 0
  const siblings = parent ? dependentsOf(c.store, parent.uid).filter((o) => o.kind === owner.kind) : [];
  return siblings.flatMap((s) => dependentsOf(c.store, s.metadata.uid!).filter((p) => p.kind === 'Pod' && isPodActive(p)));
}

/** controller.GetPodFromTemplate: labels, annotations and spec from the template; named `<owner>-xxxxx`. */
export function podFromTemplate(owner: KObject): KObject {
  const template = owner.spec?.template ?? {};
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})),
  };
}

/** calculateStatus (replica_set_utils.go), from the pods this sync saw. */
function calculateStatus(c: Cluster, owner: KObject, active: KObject[]): Record<string, unknown> {
  const templateLabels: Record<string, string> = owner.spec?.template?.metadata?.labels ?? {};
  const minReady = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0, ready = 0, available = 0;
  for (const pod of active) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, c.now)) available++;
    }
  }
  const status: Record<string, unknown> = { replicas: active.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  status.observedGeneration = owner.metadata.generation;
  const conditions = owner.status?.conditions;
  if (conditions?.length) status.conditions = conditions;
  return status;
}

