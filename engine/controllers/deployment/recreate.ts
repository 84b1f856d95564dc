/**
 * pkg/controller/deployment/recreate.go: scale every old ReplicaSet to 0, wait until none of
 * their pods is left (terminating ones included), then create the new ReplicaSet at full size.
 */
import { KObject } from '../../api/types';
import { deploymentComplete, isActive, replicas, actualTotal } from './util';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, SyncContext } from './sync';
import { syncRolloutStatus } from './progress';

/** podMap: the pods of each of the Deployment's ReplicaSets, by ReplicaSet uid. */
export type PodMap = Map<string, KObject[]>;

export function rolloutRecreate(ctx: SyncContext, rsList: KObject[], podMap: PodMap): void {
  let [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(ctx, rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of oldRSs.filter(isActive)) {
    if (scaleReplicaSetAndRecordEvent(ctx, rs, 0)[0]) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS);
  if (!newRS) {
    [newRS, oldRSs] = getAllReplicaSetsAndSyncRevision(ctx, rsList, true);
    if (ctx.aborted || !newRS) return;
    allRSs = [...oldRSs, newRS];
  }
  scaleReplicaSetAndRecordEvent(ctx, newRS, replicas(ctx.d));
  if (deploymentComplete(ctx.d, ctx.d.status ?? {})) cleanupDeployment(ctx, oldRSs);
  syncRolloutStatus(ctx, allRSs, newRS);
}

/** oldPodsRunning: an old ReplicaSet still reports pods, or one of its pods has not finished. */
function oldPodsRunning(newRS: KObject | undefined, oldRSs: KObject[], podMap: PodMap): boolean {
  if (actualTotal(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // Failed and Succeeded pods are done; anything else (Unknown included) may still be running
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
