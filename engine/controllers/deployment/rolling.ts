/**
 * pkg/controller/deployment/rolling.go: one step of a RollingUpdate. Scale the new ReplicaSet up
 * as far as maxSurge allows; if nothing grew, scale old ones down as far as maxUnavailable
 * allows (unhealthy ones first); when the rollout is complete, clean up history. Decisions read
 * ReplicaSets' spec.replicas and status.availableReplicas, never live pod counts.
 */
import { KObject } from '../../api/types';
import { availableTotal, byCreation, deploymentComplete, isActive, maxUnavailable, newRSNewReplicas, replicas, specTotal } from './util';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, SyncContext } from './sync';
import { syncRolloutStatus } from './progress';

export function rolloutRolling(ctx: SyncContext, rsList: KObject[]): void {
  const [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
  if (ctx.aborted || !newRS) return;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(ctx, allRSs, newRS)) return syncRolloutStatus(ctx, allRSs, newRS);
  const scaledDown = reconcileOldReplicaSets(ctx, allRSs, oldRSs.filter(isActive), newRS);
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS);
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}

function reconcileNewReplicaSet(ctx: SyncContext, allRSs: KObject[], newRS: KObject): boolean {
  const want = replicas(ctx.d);
  if (replicas(newRS) === want) return false;
  if (replicas(newRS) > want) return scaleReplicaSetAndRecordEvent(ctx, newRS, want)[0];
  return scaleReplicaSetAndRecordEvent(ctx, newRS, newRSNewReplicas(ctx.d, allRSs, newRS))[0];
}

function reconcileOldReplicaSets(ctx: SyncContext, allRSs: KObject[], oldRSs: KObject[], newRS: KObject): boolean {
  if (specTotal(oldRSs) === 0) return false;
  const minAvailable = replicas(ctx.d) - maxUnavailable(ctx.d);
  const newRSUnavailable = replicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specTotal(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  // Old pods that are not available go first: scaling them down costs no availability.
  const cleanup = cleanupUnhealthyReplicas(ctx, oldRSs, maxScaledDown);
  // upstream logs the refusal and goes on without scaling down (reconcileOldReplicaSets returns false, nil)
  if (!cleanup) return false;
  const [cleaned, cleanupCount] = cleanup;
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned, newRS], cleaned);
  return cleanupCount + scaledDown > 0;
}

/** undefined: a ReplicaSet would be "scaled down" upwards, which upstream refuses. */
function cleanupUnhealthyReplicas(ctx: SyncContext, oldRSs: KObject[], maxCleanup: number): [KObject[], number] | undefined {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rs = sorted[i];
    if (total >= maxCleanup) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas(rs) === 0 || replicas(rs) === available) continue;
    const count = Math.min(maxCleanup - total, replicas(rs) - available);
    if (count < 0) {
      // A status that still counts pods the spec no longer wants (the ReplicaSet controller has
      // not caught up): upstream refuses to "scale down" upwards; the status is still synced.
      return undefined;
    }
    sorted[i] = scaleReplicaSetAndRecordEvent(ctx, rs, replicas(rs) - count)[1];
    total += count;
  }
  return [sorted, total];
}

function scaleDownOldReplicaSetsForRollingUpdate(ctx: SyncContext, allRSs: KObject[], oldRSs: KObject[]): number {
  const minAvailable = replicas(ctx.d) - maxUnavailable(ctx.d);
  const available = availableTotal(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (replicas(rs) === 0) continue;
    const count = Math.min(replicas(rs), target - total);
    scaleReplicaSetAndRecordEvent(ctx, rs, replicas(rs) - count);
    total += count;
  }
  return total;
}
