/**
 * pkg/controller/deployment/progress.go: the Progressing condition during a rollout (created,
 * progressing, complete, timed out), ReplicaSet failures, and the wake-up at the deadline.
 */
import { KObject } from '../../api/types';
import { jsonEqual } from '../../api/json';
import {
  DeploymentCondition,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  Reason,
  removeCondition,
  setCondition,
} from './util';
import { calculateStatus, SyncContext } from './sync';

export function syncRolloutStatus(ctx: SyncContext, allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
  const d = ctx.d;
  const status = calculateStatus(ctx, allRSs, newRS);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, `${subject} has successfully progressed.`, ctx.now));
    } else if (deploymentProgressing(d, status)) {
      // progress moves lastUpdateTime even when the reason stays ReplicaSetUpdated
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, ctx.now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, ctx.c.now)) {
      setCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, `${subject} has timed out progressing.`, ctx.now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');

  if (jsonEqual(d.status ?? {}, status)) {
    requeueStuckDeployment(ctx, status);
    return;
  }
  d.status = status;
  ctx.updateStatus();
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition, else the first old one's. */
function replicaFailure(allRSs: (KObject | undefined)[], newRS: KObject | undefined): DeploymentCondition | undefined {
  const failureOf = (rs: KObject | undefined) => (rs?.status?.conditions ?? []).find((c: { type: string }) => c.type === 'ReplicaFailure');
  const c = failureOf(newRS) ?? allRSs.map(failureOf).find(Boolean);
  if (!c) return undefined;
  return { type: 'ReplicaFailure', status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

/**
 * requeueStuckDeployment: a rollout that is neither complete nor timed out is looked at again
 * one second after its deadline (lastUpdateTime + progressDeadlineSeconds), so the timeout is
 * reported without waiting for a resync. (Upstream requeues at once, rate limited, when less
 * than a second is left; the engine waits the second.)
 */
function requeueStuckDeployment(ctx: SyncContext, status: any): void {
  const d = ctx.d;
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === Reason.TimedOut) return;
  const deadline = Date.parse(current.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000;
  // Past the deadline with nothing to report (the condition says NewReplicaSetAvailable, so no
  // timeout is estimated), upstream requeues with rate-limited back-off forever; those syncs
  // change nothing until something else does, and that something wakes the controller anyway.
  if (deadline + 1000 <= ctx.c.now) return;
  ctx.wakeAt = deadline + 1000;
}
