/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * ttlSecondsAfterFinished is deleted, in the foreground, that many seconds after its Complete or
 * Failed condition was set.
 */
import { KObject } from '../api/types';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces } from '../store/store';
import { Controller, NOTHING } from './controller';

const NAME = 'ttl-after-finished-controller';

/** jobFinishTime: when the Complete or Failed condition became True. */
function finishTime(job: KObject): number | undefined {
  const c = (job.status?.conditions ?? []).find((x: { type: string; status: string }) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

const needsCleanup = (job: KObject) => job.spec?.ttlSecondsAfterFinished != null && !job.metadata.deletionTimestamp && finishTime(job) !== undefined;

export const ttlAfterFinishedController: Controller = {
  name: NAME,

  enqueue(_c, key, _prev, cur) {
    return cur?.kind === 'Job' && needsCleanup(cur) ? [key] : [];
  },

  sync(c, key) {
    const job = getObject(c.store, key);
    if (!job || !needsCleanup(job)) return NOTHING;
    const expireAt = finishTime(job)! + job.spec.ttlSecondsAfterFinished * 1000;
    if (c.now < expireAt) return { actions: [], wakeAt: { at: expireAt, kind: 'progress' } };
    return {
      actions: [{ type: 'delete', actor: NAME, ref: objectRef(job), propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } }],
    };
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'Job').filter(needsCleanup).map(keyOf).sort(),
};
