/**
 * The StatefulSet controller (pkg/controller/statefulset: stateful_set.go, stateful_set_control.go,
 * stateful_pod_control.go, stateful_set_utils.go). Pods have stable names `<set>-<ordinal>`, a
 * hostname and subdomain, and one PersistentVolumeClaim per claim template that outlives them.
 * Under OrderedReady ("monotonic") a sync walks the ordinals upwards and stops at the first pod it
 * had to create, or that is not yet Running, Ready and available; it removes pods beyond the
 * replica count from the highest ordinal down, one at a time. Parallel creates and deletes them all
 * at once. Template history is kept in ControllerRevisions; RollingUpdate replaces pods at or
 * above the partition from the highest ordinal down, OnDelete only when a user deletes one.
 * Not simulated: the MaxUnavailableStatefulSet alpha gate (maxUnavailable is ignored, as upstream
 * does with the gate off).
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { fromLabelSelector, matches, Selector } from '../api/labels';
import { controllerOf, dependentsOf, getObject, keyOf, listAllNamespaces, objectKey, orphansOf } from '../store/store';
import { isPodAvailable, isPodReady } from '../node/pod-status';
import { clone, jsonEqual } from '../api/json';
import { Controller, nextAvailability, SyncResult } from './controller';
import { claimObjects, controllerRefTo, ownersToWake } from './controller-ref-manager';
import { computeHash } from './deployment/util';

const NAME = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
/** history.ControllerRevisionHashLabel */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

// ---------------------------------------------------------------------------------------------
// identity (stateful_set_utils.go)

const ORDINAL = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-2` is ordinal 2 of `web`; a name without a numeric suffix has none. */
export function parentAndOrdinal(pod: KObject): { parent: string; ordinal: number } | undefined {
  const m = ORDINAL.exec(pod.metadata.name ?? '');
  if (!m) return undefined;
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal) && ordinal <= 2147483647 ? { parent: m[1], ordinal } : undefined;
}

export function ordinalOf(pod: KObject): number {
  return parentAndOrdinal(pod)?.ordinal ?? -1;
}

export function isMemberOf(set: KObject, pod: KObject): boolean {
  return parentAndOrdinal(pod)?.parent === set.metadata.name;
}

const startOrdinal = (set: KObject): number => set.spec?.ordinals?.start ?? 0;
const replicaCount = (set: KObject): number => set.spec?.replicas ?? 1;

export const podName = (set: KObject, ordinal: number) => `${set.metadata.name}-${ordinal}`;
export const claimName = (set: KObject, template: KObject, ordinal: number) => `${template.metadata?.name}-${set.metadata.name}-${ordinal}`;

/** identityMatches: the pod carries the name, namespace and pod-name label its ordinal gives it. */
function identityMatches(set: KObject, pod: KObject): boolean {
  const p = parentAndOrdinal(pod);
  return !!p && p.parent === set.metadata.name && pod.metadata.namespace === set.metadata.namespace && pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name;
}

const claimTemplates = (set: KObject): KObject[] => set.spec?.volumeClaimTemplates ?? [];

/** getPersistentVolumeClaims: a claim per template, labelled with the template's labels and the selector's matchLabels. */
function claimsFor(set: KObject, ordinal: number): KObject[] {
  return claimTemplates(set).map((t) => {
    const claim = clone(t);
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...(claim.metadata ?? {}),
        name: claimName(set, t, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
      },
      spec: claim.spec ?? {},
    };
  });
}

/**
 * newStatefulSetPod: GetPodFromTemplate, then initIdentity (name, labels, hostname, subdomain) and
 * updateStorage (each claim template becomes a persistentVolumeClaim volume, replacing a template
 * volume of that name).
 */
function newStatefulSetPod(set: KObject, template: KObject, ordinal: number, revision: string): KObject {
  const meta = template.metadata ?? {};
  const name = podName(set, ordinal);
  const spec = clone(template.spec ?? {});
  const claims = claimTemplates(set);
  const claimVolumes = claims.map((t) => ({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claimName(set, t, ordinal) } }));
  const kept = ((spec.volumes ?? []) as { name: string }[]).filter((v) => !claims.some((t) => t.metadata?.name === v.name));
  if (claimVolumes.length || kept.length) spec.volumes = [...claimVolumes, ...kept];
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRefTo(set)],
    },
    spec,
  };
}

// ---------------------------------------------------------------------------------------------
// pod health (stateful_set_utils.go)

const isCreated = (pod: KObject) => !!pod.status?.phase;
const isTerminating = (pod: KObject) => !!pod.metadata.deletionTimestamp;
const isFinished = (pod: KObject) => pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
const isRunningAndReady = (pod: KObject) => pod.status?.phase === 'Running' && isPodReady(pod);
const isRunningAndAvailable = (pod: KObject, minReady: number, now: number) => pod.status?.phase === 'Running' && isPodAvailable(pod, minReady, now);
const isHealthy = (pod: KObject) => isRunningAndReady(pod) && !isTerminating(pod);
const isUnavailable = (pod: KObject, minReady: number, now: number) => !isHealthy(pod) || !isPodAvailable(pod, minReady, now);
export const podRevision = (pod: KObject): string => pod.metadata.labels?.[REVISION_LABEL] ?? '';

// ---------------------------------------------------------------------------------------------
// revisions (stateful_set_utils.go getPatch / newRevision / ApplyRevision, controller/history)

/** getPatch: the template, marked to replace the set's whole template when applied. */
function revisionData(set: KObject): Record<string, unknown> {
  return { spec: { template: { ...clone(set.spec?.template ?? {}), $patch: 'replace' } } };
}

/** ApplyRevision: the template a revision records. */
export function revisionTemplate(revision: KObject): KObject {
  const t = { ...(((revision.data as any)?.spec?.template ?? {}) as Record<string, unknown>) };
  delete t.$patch;
  return t as unknown as KObject;
}

function newRevision(set: KObject, revision: number, collisionCount: number): KObject {
  const data = revisionData(set);
  const hash = computeHash(data, collisionCount || undefined);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name}-${hash}`,
      namespace: set.metadata.namespace,
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(set.metadata.annotations ? { annotations: { ...set.metadata.annotations } } : {}),
      ownerReferences: [controllerRefTo(set)],
    },
    data,
    revision,
  };
}

/** history.SortControllerRevisions: by revision number, then age, then name. */
function byRevision(a: KObject, b: KObject): number {
  return Number(a.revision ?? 0) - Number(b.revision ?? 0) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

interface Revisions {
  current: KObject;
  update: KObject;
  collisionCount: number;
  /** creating the update revision, or bumping an earlier equal one (a rollback) */
  actions: Action[];
}

/**
 * getStatefulSetRevisions: the update revision is the set's template as a revision; an equal
 * revision that is the latest is reused, an equal older one gets the next revision number (a
 * rollback), otherwise a new one is created (with the collision count bumped past a name taken
 * by a different template). The current revision is the one status names, or the update revision.
 */
function statefulSetRevisions(c: Cluster, set: KObject, revisions: KObject[]): Revisions {
  let collisionCount = set.status?.collisionCount ?? 0;
  const next = revisions.length ? Number(revisions[revisions.length - 1].revision ?? 0) + 1 : 1;
  let update = newRevision(set, next, collisionCount);
  const equal = revisions.filter((r) => jsonEqual(r.data, update.data));
  const actions: Action[] = [];
  if (equal.length && revisions[revisions.length - 1] === equal[equal.length - 1]) {
    update = equal[equal.length - 1];
  } else if (equal.length) {
    const prior = equal[equal.length - 1];
    actions.push({ type: 'patch', actor: NAME, ref: objectRef(prior), patchType: 'merge', patch: { revision: next } });
    update = { ...prior, revision: next };
  } else {
    // CreateControllerRevision: a name held by another template means a hash collision
    for (;;) {
      const taken = getObject(c.store, keyOf(update));
      if (!taken || jsonEqual(taken.data, update.data)) break;
      collisionCount++;
      update = newRevision(set, next, collisionCount);
    }
    if (!getObject(c.store, keyOf(update))) actions.push({ type: 'create', actor: NAME, object: update });
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount, actions };
}

/** ListRevisions + AdoptOrphanRevisions: the set's ControllerRevisions, orphans that match its selector adopted. */
function ownRevisions(c: Cluster, set: KObject, selector: Selector): { revisions: KObject[]; actions: Action[] } {
  const uid = set.metadata.uid!;
  const revisions = dependentsOf(c.store, uid).filter((r) => r.kind === 'ControllerRevision' && controllerOf(r)?.uid === uid && matches(selector, r.metadata.labels));
  const actions: Action[] = [];
  if (!set.metadata.deletionTimestamp) {
    for (const r of orphansOf(c.store, 'ControllerRevision', set.metadata.namespace ?? '')) {
      if (r.metadata.deletionTimestamp || !matches(selector, r.metadata.labels)) continue;
      actions.push({ type: 'patch', actor: NAME, ref: objectRef(r), patchType: 'strategic', patch: { metadata: { ownerReferences: [controllerRefTo(set)], uid: r.metadata.uid } } as never });
      revisions.push(r);
    }
  }
  return { revisions: revisions.sort(byRevision), actions };
}

/** truncateHistory: delete revisions no pod and neither status revision uses, oldest first, beyond revisionHistoryLimit. */
function truncateHistory(set: KObject, pods: KObject[], revisions: KObject[], current: KObject, update: KObject, pending: Set<string>): Action[] {
  const live = new Set([current.metadata.name, update.metadata.name, ...pods.map(podRevision), ...pending]);
  const history = revisions.filter((r) => !live.has(r.metadata.name));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit).map((r) => ({ type: 'delete' as const, actor: NAME, ref: objectRef(r), preconditions: { uid: r.metadata.uid } }));
}

// ---------------------------------------------------------------------------------------------
// the controller

export const statefulSetController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'StatefulSet') return [key];
    if (obj.kind === 'ControllerRevision') {
      const ref = controllerOf(obj);
      return ref?.kind === 'StatefulSet' ? [objectKey('StatefulSet', obj.metadata.namespace, ref.name)] : [];
    }
    if (obj.kind !== 'Pod') return [];
    return ownersToWake(c, 'StatefulSet', prev, cur, (set) => fromLabelSelector(set.spec?.selector));
  },

  sync(c, key) {
    const set = getObject(c.store, key);
    if (!set) return { actions: [] };
    return syncStatefulSet(c, set);
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'StatefulSet').map(keyOf).sort(),
};

function involved(set: KObject) {
  return { involved: objectRef(set), involvedUid: set.metadata.uid!, source: NAME };
}

function event(set: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action {
  return { type: 'event', actor: NAME, event: { ...involved(set), type, reason, message } };
}

interface Plan {
  c: Cluster;
  set: KObject;
  monotonic: boolean;
  minReady: number;
  actions: Action[];
  /** revisions named by pods this sync creates (kept by truncateHistory) */
  pending: Set<string>;
}

function syncStatefulSet(c: Cluster, set: KObject): SyncResult {
  const selector = fromLabelSelector(set.spec?.selector);
  // getPodsForStatefulSet: only pods named after the set are claimed
  const { claimed: pods, actions: claimActions } = claimObjects(c, set, 'Pod', selector, NAME, [], (p) => isMemberOf(set, p));
  const own = ownRevisions(c, set, selector);
  const revs = statefulSetRevisions(c, set, own.revisions);
  const plan: Plan = { c, set, monotonic: set.spec?.podManagementPolicy !== 'Parallel', minReady: set.spec?.minReadySeconds ?? 0, actions: [], pending: new Set() };
  const status = updateStatefulSet(plan, revs, pods);
  completeRollingUpdate(set, status);
  const actions = [...claimActions, ...own.actions, ...revs.actions, ...plan.actions];
  if (!jsonEqual(status, set.status)) actions.push({ type: 'updateStatus', actor: NAME, object: { ...set, status } });
  actions.push(...truncateHistory(set, pods, own.revisions, revs.current, revs.update, plan.pending));
  return { actions, wakeAt: nextAvailability(c.now, set.spec?.minReadySeconds ?? 0, pods) };
}

/** computeReplicaStatus over every pod the set has (upstream sums its replica and condemned lists). */
function replicaStatus(plan: Plan, pods: KObject[], current: KObject, update: KObject) {
  let replicas = 0, ready = 0, available = 0, currentReplicas = 0, updated = 0;
  for (const pod of pods) {
    if (isCreated(pod)) replicas++;
    if (isRunningAndReady(pod)) {
      ready++;
      if (isRunningAndAvailable(pod, plan.minReady, plan.c.now)) available++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === current.metadata.name) currentReplicas++;
      if (podRevision(pod) === update.metadata.name) updated++;
    }
  }
  return { replicas, ready, available, currentReplicas, updated };
}

/** StatefulSetStatus as JSON writes it: replicas and availableReplicas always, the other counts when non-zero. */
function statusOf(set: KObject, counts: ReturnType<typeof replicaStatus>, revs: Revisions): Record<string, any> {
  const status: Record<string, any> = { observedGeneration: set.metadata.generation, replicas: counts.replicas };
  if (counts.ready) status.readyReplicas = counts.ready;
  if (counts.currentReplicas) status.currentReplicas = counts.currentReplicas;
  if (counts.updated) status.updatedReplicas = counts.updated;
  status.currentRevision = revs.current.metadata.name;
  status.updateRevision = revs.update.metadata.name;
  status.collisionCount = revs.collisionCount;
  status.availableReplicas = counts.available;
  if (set.status?.conditions?.length) status.conditions = set.status.conditions;
  return status;
}

/** completeRollingUpdate: once every pod is updated and ready, the update revision becomes current. */
function completeRollingUpdate(set: KObject, status: Record<string, any>) {
  if (set.spec?.updateStrategy?.type !== 'RollingUpdate') return;
  const updated = status.updatedReplicas ?? 0, ready = status.readyReplicas ?? 0;
  if (updated === status.replicas && ready === status.replicas) {
    status.currentReplicas = updated;
    if (!status.currentReplicas) delete status.currentReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** updateStatefulSet: the replicas in ordinal range, created at the right revision; the condemned beyond it, deleted. */
function updateStatefulSet(plan: Plan, revs: Revisions, pods: KObject[]): Record<string, any> {
  const { set } = plan;
  const status = statusOf(set, replicaStatus(plan, pods, revs.current, revs.update), revs);
  const start = startOrdinal(set), count = replicaCount(set);
  const replicas: (KObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: KObject[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(pod);
    if (ord >= start && ord < start + count) replicas[ord - start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  const currentTemplate = revisionTemplate(revs.current), updateTemplate = revisionTemplate(revs.update);
  const strategy = set.spec?.updateStrategy ?? {};
  const slots: KObject[] = replicas.map((pod, i) => {
    if (pod) return pod;
    const ord = start + i;
    // newVersionedStatefulSetPod, Go precedence kept: (RollingUpdate && nil rollingUpdate && ord < currentReplicas) || (rollingUpdate && ord < start+partition)
    const useCurrent = (strategy.type === 'RollingUpdate' && !strategy.rollingUpdate && ord < (set.status?.currentReplicas ?? 0)) || (!!strategy.rollingUpdate && ord < start + (strategy.rollingUpdate.partition ?? 0));
    return useCurrent ? newStatefulSetPod(set, currentTemplate, ord, revs.current.metadata.name!) : newStatefulSetPod(set, updateTemplate, ord, revs.update.metadata.name!);
  });
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  let firstUnavailable: KObject | undefined;
  for (const pod of [...slots, ...[...condemned].reverse()]) {
    if (isUnavailable(pod, plan.minReady, plan.c.now)) {
      firstUnavailable = pod;
      break;
    }
  }
  // a set being deleted gets its status, nothing else (the garbage collector removes its pods)
  if (set.metadata.deletionTimestamp) return status;

  if (runForAll(plan, slots, (i, out) => processReplica(plan, slots[i], out))) return status;
  if (runForAll(plan, condemned, (i, out) => fixClaimsForRetention(plan, condemned[i], out))) return status;
  if (runForAll(plan, condemned, (i, out) => processCondemned(plan, condemned[i], firstUnavailable, out))) return status;
  if (strategy.type === 'OnDelete') return status;

  // RollingUpdate: replace the highest ordinal not at the update revision, waiting for each to be available
  const updateMin = strategy.rollingUpdate?.partition ?? 0;
  for (let target = slots.length - 1; target >= updateMin; target--) {
    const pod = slots[target];
    if (podRevision(pod) !== revs.update.metadata.name && !isTerminating(pod)) {
      plan.actions.push(deletePod(set, pod));
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      if (!status.currentReplicas) delete status.currentReplicas;
      return status;
    }
    if (isUnavailable(pod, plan.minReady, plan.c.now)) return status;
  }
  return status;
}

/**
 * runForAll: monotonic sets stop at the first pod that says so; Parallel ones process every pod
 * and send the calls in slow-start batches (a failing batch ends the sync upstream too).
 */
function runForAll(plan: Plan, pods: KObject[], fn: (i: number, out: Action[]) => boolean): boolean {
  if (plan.monotonic) {
    for (let i = 0; i < pods.length; i++) {
      const out: Action[] = [];
      const exit = fn(i, out);
      plan.actions.push(...out);
      if (exit) return true;
    }
    return false;
  }
  const calls: Action[] = [];
  for (let i = 0; i < pods.length; i++) {
    const out: Action[] = [];
    fn(i, out);
    if (out.length) calls.push(out.length === 1 ? out[0] : { type: 'sequence', actor: NAME, actions: out });
  }
  if (calls.length) plan.actions.push({ type: 'slowStart', actor: NAME, actions: calls });
  // upstream leaves the sync only when a batch failed; the calls are sent after the sync here, so the next one sees that
  return false;
}

/** processReplica: true when a monotonic sync must stop here. */
function processReplica(plan: Plan, pod: KObject, out: Action[]): boolean {
  const { set, monotonic } = plan;
  // a failed or succeeded pod is deleted; the next sync, once it is gone, creates it again
  if (isFinished(pod)) {
    if (!isTerminating(pod)) out.push(deletePod(set, pod));
    return true;
  }
  if (!isCreated(pod)) {
    if (claimIsStale(plan, pod)) return true;
    out.push(...createStatefulPod(plan, pod));
    plan.pending.add(podRevision(pod));
    if (monotonic) return true;
    return false;
  }
  // a pending pod whose claim has gone gets it back (createMissingPersistentVolumeClaims)
  if (pod.status?.phase === 'Pending') out.push(...createClaims(plan, pod, ordinalOf(pod)).actions);
  if (isTerminating(pod) && monotonic) return true;
  if (!isRunningAndReady(pod) && monotonic) return true;
  if (!isRunningAndAvailable(pod, plan.minReady, plan.c.now) && monotonic) return true;
  if (!identityMatches(set, pod)) out.push(updateIdentity(set, pod));
  // ClaimsMatchRetentionPolicy: a pod back in range (scaled up again) no longer owns its claims
  fixClaimsForRetention(plan, pod, out);
  return false;
}

/** processCondemned: a pod beyond the replica count goes, the highest ordinal first, once its predecessors are healthy. */
function processCondemned(plan: Plan, pod: KObject, firstUnavailable: KObject | undefined, out: Action[]): boolean {
  if (isTerminating(pod)) return plan.monotonic;
  if (plan.monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, plan.minReady, plan.c.now))) return true;
  out.push(deletePod(plan.set, pod));
  return true;
}

/** updateIdentity: the labels a pod's name gives it (a user removed or changed one). */
function updateIdentity(set: KObject, pod: KObject): Action {
  const labels = { [POD_NAME_LABEL]: pod.metadata.name!, [POD_INDEX_LABEL]: String(ordinalOf(pod)) };
  return {
    type: 'sequence',
    actor: NAME,
    actions: [
      { type: 'patch', actor: NAME, ref: objectRef(pod), patchType: 'strategic', patch: { metadata: { labels } } },
      event(set, 'SuccessfulUpdate', `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`),
    ],
  };
}

function deletePod(set: KObject, pod: KObject): Action {
  return {
    type: 'delete',
    actor: NAME,
    ref: objectRef(pod),
    preconditions: { uid: pod.metadata.uid },
    onSuccess: { ...involved(set), reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` },
  };
}

// ---------------------------------------------------------------------------------------------
// claims and their retention policy (stateful_pod_control.go)

const retention = (set: KObject) => set.spec?.persistentVolumeClaimRetentionPolicy ?? {};

/** The owner references a claim should have under the retention policy (updateClaimOwnerRefForSetAndPod). */
function wantedClaimOwners(set: KObject, pod: KObject | undefined, claim: KObject): KObject['metadata']['ownerReferences'] {
  const policy = retention(set);
  const setRef = { apiVersion: set.apiVersion, kind: set.kind, name: set.metadata.name!, uid: set.metadata.uid! };
  const refs = (claim.metadata.ownerReferences ?? []).filter((r) => r.uid !== set.metadata.uid && !(r.kind === 'Pod' && r.name === pod?.metadata.name));
  // a pod beyond the replica count owns its claims when scale-down deletes them, and the set no longer does
  const condemned = !!pod && (ordinalOf(pod) < startOrdinal(set) || ordinalOf(pod) >= startOrdinal(set) + replicaCount(set));
  if (condemned && policy.whenScaled === 'Delete') return pod.metadata.uid ? [...refs, { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid }] : refs;
  return policy.whenDeleted === 'Delete' ? [...refs, setRef] : refs;
}

/** createPersistentVolumeClaims: the pod's missing claims, created first; a claim being deleted stops the pod. */
function createClaims(plan: Plan, pod: KObject, ordinal: number): { actions: Action[]; error?: string } {
  const { set, c } = plan;
  const actions: Action[] = [];
  for (const claim of claimsFor(set, ordinal)) {
    const live = getObject(c.store, keyOf(claim));
    if (live?.metadata.deletionTimestamp) return { actions, error: `pvc ${claim.metadata.name} is being deleted` };
    if (live) continue;
    const owners = wantedClaimOwners(set, undefined, claim);
    actions.push({
      type: 'create',
      actor: NAME,
      object: { ...claim, metadata: { ...claim.metadata, ...(owners?.length ? { ownerReferences: owners } : {}) } },
      onSuccess: { ...involved(set), reason: 'SuccessfulCreate', message: `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success` },
      onFailure: { ...involved(set), type: 'Warning', reason: 'FailedCreate', message: `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: $error` },
    });
  }
  return { actions };
}

/** CreateStatefulPod: claims, then the pod, each only if what came before succeeded. */
function createStatefulPod(plan: Plan, pod: KObject): Action[] {
  const { set } = plan;
  const claims = createClaims(plan, pod, ordinalOf(pod));
  if (claims.error) return [event(set, 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${claims.error}`, 'Warning')];
  const create: Action = {
    type: 'create',
    actor: NAME,
    object: pod,
    onSuccess: { ...involved(set), reason: 'SuccessfulCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful` },
    onFailure: { ...involved(set), type: 'Warning', reason: 'FailedCreate', message: `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: $error` },
  };
  return claims.actions.length ? [{ type: 'sequence', actor: NAME, actions: [...claims.actions, create] }] : [create];
}

/** PodClaimIsStale: under whenScaled Delete, a claim still owned by an earlier pod of that name must go first. */
function claimIsStale(plan: Plan, pod: KObject): boolean {
  if (retention(plan.set).whenScaled !== 'Delete') return false;
  return claimsFor(plan.set, ordinalOf(pod)).some((claim) => {
    const live = getObject(plan.c.store, keyOf(claim));
    return !!live && (live.metadata.ownerReferences ?? []).some((r) => r.kind === 'Pod' && r.name === pod.metadata.name && r.uid !== pod.metadata.uid);
  });
}

/** ClaimsMatchRetentionPolicy / UpdatePodClaimForRetentionPolicy for a condemned pod. */
function fixClaimsForRetention(plan: Plan, pod: KObject, out: Action[]): boolean {
  for (const claim of claimsFor(plan.set, ordinalOf(pod))) {
    const live = getObject(plan.c.store, keyOf(claim));
    if (!live) continue;
    const wanted = wantedClaimOwners(plan.set, pod, live);
    if (jsonEqual(wanted ?? [], live.metadata.ownerReferences ?? [])) continue;
    out.push({ type: 'patch', actor: NAME, ref: objectRef(live), patchType: 'merge', patch: { metadata: { ownerReferences: wanted?.length ? wanted : null } } as never });
  }
  return false;
}

