/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go): claims its
 * ReplicaSets, then, in upstream's order of precedence: a deleted Deployment only gets status;
 * a paused one is only scaled; a scaling event scales proportionally; otherwise the strategy
 * (RollingUpdate or Recreate) takes one step.
 */
import { KObject } from '../../api/types';
import { clone } from '../../api/json';
import { fromLabelSelector, matches } from '../../api/labels';
import { byUid, controllerOf, dependentsOf, getObject, keyOf, ObjectKey } from '../../store/store';
import { Controller, NOTHING } from '../controller';
import { claimObjects, ownersToWake } from '../controller-ref-manager';
import { DESIRED_REPLICAS, findNewReplicaSet, findOldReplicaSets, getCondition, hasProgressDeadline, isActive, newCondition, Reason, replicas, setCondition } from './util';
import { cleanupDeployment, COMPONENT, getAllReplicaSetsAndSyncRevision, scale, SyncContext, syncDeploymentStatus } from './sync';
import { rolloutRolling } from './rolling';
import { PodMap, rolloutRecreate } from './recreate';

export const deploymentController: Controller = {
  name: COMPONENT,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'Deployment') return [key];
    if (obj.kind === 'ReplicaSet') return deploymentsOfReplicaSet(c, prev, cur);
    // deletePod: a Recreate rollout waits for the last old pod to be gone
    if (obj.kind === 'Pod' && !cur && prev) {
      const rsRef = controllerOf(prev);
      const rs = rsRef?.kind === 'ReplicaSet' ? byUid(c.store, rsRef.uid) : undefined;
      const dRef = rs && controllerOf(rs);
      const d = dRef?.kind === 'Deployment' ? byUid(c.store, dRef.uid) : undefined;
      if (d && d.spec?.strategy?.type === 'Recreate') return [keyOf(d)];
    }
    return [];
  },

  sync(c, key) {
    const live = getObject(c.store, key);
    if (!live) return NOTHING;
    const d = clone(live);
    d.status ??= {};
    const ctx = new SyncContext(c, d);
    syncDeployment(ctx);
    return { actions: ctx.actions, ...(ctx.wakeAt !== undefined ? { wakeAt: { at: ctx.wakeAt, kind: 'progress' as const } } : {}) };
  },

  resyncKeys(c) {
    return c.store.byKindNamespace
      .filter((_, bucket) => bucket.startsWith('Deployment/'))
      .valueSeq()
      .flatMap((s) => s.toArray())
      .toArray()
      .sort();
  },
};

/** addReplicaSet / updateReplicaSet / deleteReplicaSet: the owner, old and new; for an orphan, every Deployment that selects it. */
function deploymentsOfReplicaSet(c: Parameters<Controller['enqueue']>[0], prev: KObject | null, cur: KObject | undefined): ObjectKey[] {
  return ownersToWake(c, 'Deployment', prev, cur, (d) => fromLabelSelector(d.spec?.selector));
}

function syncDeployment(ctx: SyncContext): void {
  const d = ctx.d;
  const selector = fromLabelSelector(d.spec.selector);
  const { claimed: rsList, actions } = claimObjects(ctx.c, d, 'ReplicaSet', selector, COMPONENT);
  ctx.actions.push(...actions);

  if (d.metadata.deletionTimestamp) {
    const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
    return syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
  }
  checkPausedConditions(ctx);
  if (d.spec.paused) return syncScaleOnly(ctx, rsList);
  if (isScalingEvent(d, rsList)) return syncScaleOnly(ctx, rsList);
  if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(ctx, rsList, podMapOf(ctx, rsList, selector));
  rolloutRolling(ctx, rsList);
}

/** sync(): scale (proportionally), clean up history while paused, report status. No rollout. */
function syncScaleOnly(ctx: SyncContext, rsList: KObject[]): void {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  scale(ctx, newRS, oldRSs);
  if (ctx.d.spec.paused) cleanupDeployment(ctx, oldRSs);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS);
}

/**
 * checkPausedConditions: Progressing becomes Unknown/DeploymentPaused on pause and
 * Unknown/DeploymentResumed on resume, so time spent paused never counts toward the deadline.
 */
function checkPausedConditions(ctx: SyncContext): void {
  const d = ctx.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCondExists = cond?.reason === Reason.Paused;
  if (d.spec.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused', ctx.now));
  } else if (!d.spec.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed', ctx.now));
  } else return;
  ctx.updateStatus();
}

/** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas (its desired-replicas annotation). */
function isScalingEvent(d: KObject, rsList: KObject[]): boolean {
  const newRS = findNewReplicaSet(d, rsList);
  const all = [...findOldReplicaSets(d, rsList, newRS), newRS].filter(isActive);
  return all.some((rs) => {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
    return desired !== undefined && /^\d+$/.test(desired) && Number(desired) !== replicas(d);
  });
}

/** getPodMapForDeployment: the selected pods of each claimed ReplicaSet, by its uid. */
function podMapOf(ctx: SyncContext, rsList: KObject[], selector: ReturnType<typeof fromLabelSelector>): PodMap {
  const map: PodMap = new Map();
  for (const rs of rsList) {
    const uid = rs.metadata.uid!;
    map.set(
      uid,
      dependentsOf(ctx.c.store, uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === uid && matches(selector, p.metadata.labels)),
    );
  }
  return map;
}
