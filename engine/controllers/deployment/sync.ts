/**
 * pkg/controller/deployment/sync.go: finding (or creating) the new ReplicaSet and keeping its
 * revision, scaling ReplicaSets with events, proportional scaling, history clean-up, status.
 *
 * Upstream's sync writes through the API as it goes and reads its own results back. Here a sync
 * works on local copies and records each write as an action, in upstream's order; the runner
 * sends them when the sync returns. Writes that upstream makes with a stale copy (and that then
 * fail with a conflict and requeue) simply succeed here: the next sync sees the same state.
 */
import { Action } from '../../actions';
import { KObject } from '../../api/types';
import { clone, jsonEqual } from '../../api/json';
import { Cluster, timestamp } from '../../cluster';
import { dispatch, objectRef } from '../../apiserver';
import { getObject, objectKey, controllerOf } from '../../store/store';
import { controllerRefTo } from '../controller-ref-manager';
import {
  actualTotal,
  availableTotal,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  computeHash,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getCondition,
  getProportion,
  hasProgressDeadline,
  isActive,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  readyTotal,
  Reason,
  replicas,
  replicasAnnotationsNeedUpdate,
  REVISION,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specTotal,
} from './util';

export const COMPONENT = 'deployment-controller';

/** One sync of one Deployment: the working copy, what it has written, and when to look again. */
export class SyncContext {
  readonly actions: Action[] = [];
  wakeAt?: number;
  /** set when a write upstream would have returned an error for: the sync stops there */
  aborted = false;

  constructor(
    readonly c: Cluster,
    /** a private copy: upstream mutates the Deployment it syncs, and so does this */
    readonly d: KObject,
  ) {}

  get now(): string {
    return timestamp(this.c.now);
  }

  involved() {
    return { involved: objectRef(this.d), involvedUid: this.d.metadata.uid!, source: COMPONENT };
  }

  /** UpdateStatus: status and annotations travel (deploymentStatusStrategy keeps only spec and labels). */
  updateStatus() {
    this.actions.push({ type: 'updateStatus', actor: COMPONENT, object: clone(this.d) });
  }

  /** Update of a ReplicaSet, with an event when it succeeds. */
  updateReplicaSet(rs: KObject, event?: { reason: string; message: string }): KObject {
    const object = clone(rs);
    delete object.metadata.resourceVersion;
    this.actions.push({ type: 'replace', actor: COMPONENT, object, ...(event ? { onSuccess: { ...this.involved(), ...event } } : {}) });
    return rs;
  }

  createReplicaSet(rs: KObject, count: number) {
    this.actions.push({
      type: 'create',
      actor: COMPONENT,
      object: clone(rs),
      ...(count > 0 ? { onSuccess: { ...this.involved(), reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs.metadata.name} to ${count}` } } : {}),
      onFailure: { ...this.involved(), type: 'Warning', reason: Reason.FailedReplicaSetCreate, message: `Failed to create new replica set "${rs.metadata.name}": $error` },
    });
  }

  deleteReplicaSet(rs: KObject) {
    this.actions.push({ type: 'delete', actor: COMPONENT, ref: objectRef(rs), preconditions: { uid: rs.metadata.uid } });
  }
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with its
 * revision brought up to date, and all the others.
 */
export function getAllReplicaSetsAndSyncRevision(ctx: SyncContext, rsList: KObject[], create: boolean): [KObject | undefined, KObject[]] {
  const existing = findNewReplicaSet(ctx.d, rsList);
  const oldRSs = findOldReplicaSets(ctx.d, rsList, existing);
  return [getNewReplicaSet(ctx, existing, oldRSs, create), oldRSs];
}

function getNewReplicaSet(ctx: SyncContext, existing: KObject | undefined, oldRSs: KObject[], create: boolean): KObject | undefined {
  const d = ctx.d;
  const newRevision = maxRevision(oldRSs) + 1;

  if (existing) {
    const rs = clone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rs, newRevision, true);
    const minReady = d.spec.minReadySeconds ?? 0;
    if (annotationsUpdated || (rs.spec.minReadySeconds ?? 0) !== minReady) {
      if (minReady) rs.spec.minReadySeconds = minReady;
      else delete rs.spec.minReadySeconds;
      return ctx.updateReplicaSet(rs);
    }
    let needsUpdate = setDeploymentRevision(d, rs.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      setCondition(d.status, newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, `Found new replica set "${rs.metadata.name}"`, ctx.now));
      needsUpdate = true;
    }
    if (needsUpdate) ctx.updateStatus();
    return rs;
  }
  if (!create) return undefined;

  const template = clone(d.spec.template);
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const selector = clone(d.spec.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const newRS: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      ownerReferences: [controllerRefTo(d)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);

  // The name is the hash: one already taken is either ours (a slow cache upstream) or a collision.
  let created: KObject = { ...newRS, metadata: { ...newRS.metadata, creationTimestamp: ctx.now } };
  let alreadyExists = false;
  const taken = getObject(ctx.c.store, objectKey('ReplicaSet', d.metadata.namespace, name));
  if (taken) {
    if (controllerOf(taken)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, taken.spec?.template)) {
      created = taken;
      alreadyExists = true;
    } else {
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      ctx.updateStatus();
      ctx.aborted = true;
      return undefined;
    }
  } else {
    // The API call answers at once upstream, and a rejection (an invalid name, a terminating
    // namespace) is reported instead of the new ReplicaSet: the engine asks the same API server.
    const trial = dispatch(ctx.c, { type: 'create', actor: COMPONENT, object: clone(newRS) });
    if (!trial.outcome.ok) {
      const msg = `Failed to create new replica set "${name}": ${trial.outcome.status.message}`;
      if (hasProgressDeadline(d)) {
        setCondition(d.status, newCondition('Progressing', 'False', Reason.FailedReplicaSetCreate, msg, ctx.now));
        ctx.updateStatus();
      }
      ctx.actions.push({ type: 'event', actor: COMPONENT, event: { ...ctx.involved(), type: 'Warning', reason: Reason.FailedReplicaSetCreate, message: msg } });
      ctx.aborted = true;
      return undefined;
    }
    ctx.createReplicaSet(newRS, count);
  }

  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition(d.status, newCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${name}"`, ctx.now));
    needsUpdate = true;
  }
  if (needsUpdate) ctx.updateStatus();
  return created;
}

// ---------------------------------------------------------------------------------------------
// scaling

/** scaleReplicaSetAndRecordEvent: scale when the size differs; "up" or "down" by direction. */
export function scaleReplicaSetAndRecordEvent(ctx: SyncContext, rs: KObject, newScale: number): [boolean, KObject] {
  if (replicas(rs) === newScale) return [false, rs];
  return scaleReplicaSet(ctx, rs, newScale, replicas(rs) < newScale ? 'up' : 'down');
}

/** scaleReplicaSet: write the size and the replica annotations; a ScalingReplicaSet event when the size moved. */
export function scaleReplicaSet(ctx: SyncContext, rs: KObject, newScale: number, operation: string): [boolean, KObject] {
  const d = ctx.d;
  const sizeNeedsUpdate = replicas(rs) !== newScale;
  const max = replicas(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicas(d), max)) return [false, rs];
  const oldScale = replicas(rs);
  const copy = clone(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, replicas(d), max);
  const event = sizeNeedsUpdate ? { reason: 'ScalingReplicaSet', message: `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}` } : undefined;
  ctx.updateReplicaSet(copy, event);
  return [sizeNeedsUpdate, copy];
}

/**
 * scale: on a scaling event or while paused. One active ReplicaSet takes the whole size; a
 * saturated new one sends the old ones to 0; otherwise the difference is shared out in
 * proportion to each ReplicaSet's size, the leftover to the largest.
 */
export function scale(ctx: SyncContext, newRS: KObject | undefined, oldRSs: KObject[]): void {
  const d = ctx.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicas(activeOrLatest) === replicas(d)) return;
    scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of oldRSs.filter(isActive)) scaleReplicaSetAndRecordEvent(ctx, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = [...oldRSs, newRS].filter(isActive);
  const allowed = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - specTotal(all);
  let operation = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const size = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      size.set(rs.metadata.name!, replicas(rs) + p);
      added += p;
    } else size.set(rs.metadata.name!, replicas(rs));
  }
  all.forEach((rs, i) => {
    if (i === 0 && toAdd !== 0) size.set(rs.metadata.name!, Math.max(0, size.get(rs.metadata.name!)! + toAdd - added));
    scaleReplicaSet(ctx, rs, size.get(rs.metadata.name!)!, operation);
  });
}

/**
 * cleanupDeployment: beyond revisionHistoryLimit, delete the oldest revisions that are scaled to
 * 0, have no pods left and whose controller has seen their latest spec.
 */
export function cleanupDeployment(ctx: SyncContext, oldRSs: KObject[]): void {
  const limit = ctx.d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    ctx.deleteReplicaSet(rs);
  }
}

// ---------------------------------------------------------------------------------------------
// status

/** calculateStatus: sums over the ReplicaSets, and the Available condition. Zeros are omitted, as in JSON. */
export function calculateStatus(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject | undefined): any {
  const d = ctx.d;
  const available = availableTotal(allRSs);
  const unavailable = Math.max(0, specTotal(allRSs) - available);
  const status: any = {};
  const put = (k: string, v: number | undefined) => {
    if (v) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation);
  put('replicas', actualTotal(allRSs));
  put('updatedReplicas', actualTotal([newRS]));
  put('readyReplicas', readyTotal(allRSs));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c: object) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', ctx.now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', ctx.now));
  }
  return status;
}

/** syncDeploymentStatus: write the calculated status when it differs. */
export function syncDeploymentStatus(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
  const status = calculateStatus(ctx, allRSs, newRS);
  if (jsonEqual(ctx.d.status ?? {}, status)) return;
  ctx.d.status = status;
  ctx.updateStatus();
}
