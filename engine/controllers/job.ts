/**
 * The Job controller (pkg/controller/job/job_controller.go, backoff_utils.go,
 * indexed_job_utils.go), as 1.32 runs it with its default feature gates: pods are created with the
 * `batch.kubernetes.io/job-tracking` finalizer, and a finished pod is counted by moving its UID
 * through status.uncountedTerminatedPods and removing the finalizer, so no pod is counted twice
 * or lost. Failures are retried with an exponential back-off until backoffLimit; the terminal
 * condition (Complete or Failed) waits behind an interim one (SuccessCriteriaMet, FailureTarget)
 * until no pod of the Job is still terminating.
 *
 * Not simulated: podFailurePolicy, successPolicy, backoffLimitPerIndex, managedBy, and elastic
 * Indexed Jobs. The back-off is worked out from the Job's pods that still exist (upstream keeps
 * a record in memory, which also remembers pods deleted since).
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster, timestamp } from '../cluster';
import { objectRef } from '../apiserver';
import { fromLabelSelector } from '../api/labels';
import { jsonEqual } from '../api/json';
import { byUid, controllerOf, getObject, keyOf, listAllNamespaces } from '../store/store';
import { isPodActive, isPodReady, isPodTerminal, podCondition } from '../node/pod-status';
import { Controller, NOTHING, SyncResult } from './controller';
import { claimObjects, controllerRefTo, ownersToWake } from './controller-ref-manager';
import { rankActivePods } from './pod-ranking';

const NAME = 'job-controller';
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff */
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 600_000;
/** syncJobBatchPeriod: a delayed sync is never sooner than this */
const BATCH_PERIOD_MS = 1000;

interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

const hasFinalizer = (pod: KObject) => !!pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER);
const suspended = (job: KObject) => job.spec?.suspend === true;
const isIndexed = (job: KObject) => job.spec?.completionMode === 'Indexed';

function condition(job: KObject, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c: JobCondition) => c.type === type);
}

/** util.IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: KObject): boolean {
  return ['Complete', 'Failed'].some((t) => condition(job, t)?.status === 'True');
}

/** isPodFailed with podReplacementPolicy TerminatingOrFailed: a pod being deleted before it succeeded failed too. */
function isPodFailed(pod: KObject, job: KObject): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (job.spec?.podReplacementPolicy === 'Failed') return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

function newCondition(type: string, reason: string | undefined, message: string | undefined, now: number, status = 'True'): JobCondition {
  const t = timestamp(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/** ensureJobConditionStatus: a condition is added only when not False; an existing one changes only when something in it does. */
function ensureCondition(list: JobCondition[], type: string, status: string, reason: string, message: string, now: number): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return [list, false];
    return [list.map((x, j) => (j === i ? newCondition(type, reason, message, now, status) : x)), true];
  }
  if (status === 'False') return [list, false];
  return [[...list, newCondition(type, reason, message, now, status)], true];
}

/** getFinishedTime: when the pod's containers ended, when it stopped being ready, or when it was deleted. */
function finishedTime(pod: KObject): number {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  if (statuses.length && statuses.every((s) => s.state?.terminated)) return Math.max(...statuses.map((s) => Date.parse(s.state.terminated.finishedAt)));
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/**
 * The back-off before the next pod (backoffRecord.getRemainingTime): 10s after the last failure,
 * doubling with each failure since the last success, at most 10 minutes.
 */
export function backoffRemaining(job: KObject, pods: KObject[], now: number): number {
  const finished = pods
    .filter((p) => p.status?.phase === 'Succeeded' || isPodFailed(p, job))
    .map((p) => ({ failed: p.status?.phase !== 'Succeeded', at: finishedTime(p) }))
    // a failure in the same instant as a success does not count after it (newBackoffRecord: strictly after)
    .sort((a, b) => a.at - b.at || Number(b.failed) - Number(a.failed));
  let failures = 0;
  let last = 0;
  for (const f of finished) {
    if (f.failed) {
      failures++;
      last = f.at;
    } else {
      failures = 0;
    }
  }
  if (!failures) return 0;
  let backoff = BACKOFF_INITIAL_MS;
  for (let i = 1; i < failures && backoff < BACKOFF_MAX_MS; i++) backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
  const elapsed = now - last;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure the kubelet retries, and its restarts count against the limit. */
function pastBackoffLimitOnFailure(job: KObject, pods: KObject[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

// ---------------------------------------------------------------------------------------------
// Indexed Jobs

function completionIndex(pod: KObject, completions: number): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const i = Number(v);
  return i < completions ? i : undefined;
}

/** parseIndexesFromString: `0-2,5` */
function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a) && i < completions; i++) out.add(i);
  }
  return out;
}

/** orderedIntervals.String: ascending indexes as `0-2,5` (`0,1` for two). */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    // orderedIntervals.String: two neighbours are listed, three or more make a range
    parts.push(i === j ? `${sorted[i]}` : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

// ---------------------------------------------------------------------------------------------
// the controller

export const jobController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'Job') return [key];
    if (obj.kind !== 'Pod') return [];
    const keys = ownersToWake(c, 'Job', prev, cur, (job) => fromLabelSelector(job.spec?.selector));
    // a pod that still carries the tracking finalizer but no live Job counts it: the orphan queue frees it
    if (cur && hasFinalizer(cur) && !trackingJob(c, cur)) keys.push(key);
    return keys;
  },

  sync(c, key) {
    const obj = getObject(c.store, key);
    if (!obj) return NOTHING;
    if (obj.kind === 'Pod') return syncOrphanPod(c, obj);
    return syncJob(c, obj);
  },

  resyncKeys(c) {
    const jobs = listAllNamespaces(c.store, 'Job').map(keyOf);
    const orphans = listAllNamespaces(c.store, 'Pod').filter((p) => hasFinalizer(p) && !trackingJob(c, p)).map(keyOf);
    return [...jobs, ...orphans].sort();
  },
};

/** The unfinished Job that controls the pod, if any. */
function trackingJob(c: Cluster, pod: KObject): KObject | undefined {
  const ref = controllerOf(pod);
  if (!ref || ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return undefined;
  const job = byUid(c.store, ref.uid);
  return job && !isJobFinished(job) ? job : undefined;
}

/** syncOrphanPod: a pod no unfinished Job tracks loses the tracking finalizer (a pod another kind controls keeps it). */
function syncOrphanPod(c: Cluster, pod: KObject): SyncResult {
  if (!hasFinalizer(pod)) return NOTHING;
  const ref = controllerOf(pod);
  if (ref && (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1')) return NOTHING;
  if (trackingJob(c, pod)) return NOTHING;
  return { actions: [removeFinalizer(pod)] };
}

/** A pod already gone counts as freed (removeTrackingFinalizerFromPods treats NotFound as success). */
function removeFinalizer(pod: KObject): Action {
  return {
    type: 'patch',
    actor: NAME,
    ignoreNotFound: true,
    ref: objectRef(pod),
    patchType: 'strategic',
    patch: { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER], uid: pod.metadata.uid } } as never,
  };
}

function involved(job: KObject) {
  return { involved: objectRef(job), involvedUid: job.metadata.uid!, source: NAME };
}

function event(job: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action {
  return { type: 'event', actor: NAME, event: { ...involved(job), reason, message, type } };
}

function deletePod(job: KObject, pod: KObject): Action {
  return {
    type: 'delete',
    actor: NAME,
    ref: objectRef(pod),
    preconditions: { uid: pod.metadata.uid },
    onSuccess: { ...involved(job), reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` },
  };
}

/** The pod the Job creates: its template, the tracking finalizer, the controller reference, and for an Indexed Job its index. */
function newPod(job: KObject, index: number | undefined): KObject {
  const template = JSON.parse(JSON.stringify(job.spec?.template ?? {}));
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  let generateName = `${job.metadata.name}-`;
  const annotations = { ...(meta.annotations ?? {}) };
  const labels = { ...(meta.labels ?? {}) };
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    labels[COMPLETION_INDEX] = String(index);
    spec.hostname = `${job.metadata.name}-${index}`;
    generateName = `${job.metadata.name}-${index}-`;
    // addCompletionIndexEnvVariables
    for (const ct of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if ((ct.env ?? []).some((e: { name: string }) => e.name === 'JOB_COMPLETION_INDEX')) continue;
      // with PodIndexLabel (GA in 1.32) the variable reads the label
      ct.env = [...(ct.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } }];
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: job.metadata.namespace,
      labels,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      // appendJobCompletionFinalizerIfNotFound: the template's own finalizers stay
      finalizers: [...(meta.finalizers ?? []).filter((f: string) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER],
      ownerReferences: [controllerRefTo(job)],
    },
    spec,
  };
}

function createPod(job: KObject, index: number | undefined): Action {
  return {
    type: 'create',
    actor: NAME,
    object: newPod(job, index),
    onSuccess: { ...involved(job), reason: 'SuccessfulCreate', message: 'Created pod: $name' },
    onFailure: { ...involved(job), type: 'Warning', reason: 'FailedCreate', message: 'Error creating: $error' },
  };
}

interface SyncContext {
  job: KObject;
  /** the status as stored before this sync */
  stored: Record<string, any> | undefined;
  pods: KObject[];
  active: KObject[];
  ready: number;
  terminating: number;
  succeeded: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  /** Indexed Jobs: the indexes already counted and those counted with this sync's pods */
  prevSucceededIndexes?: Set<number>;
  succeededIndexes?: Set<number>;
  actions: Action[];
  wakeAt?: number;
}

function wake(ctx: SyncContext, at: number) {
  if (ctx.wakeAt === undefined || at < ctx.wakeAt) ctx.wakeAt = at;
}

function syncJob(c: Cluster, job0: KObject): SyncResult {
  if (isJobFinished(job0)) return NOTHING;
  const now = c.now;
  const selector = fromLabelSelector(job0.spec?.selector);
  const { claimed, actions } = claimObjects(c, job0, 'Pod', selector, NAME, [JOB_TRACKING_FINALIZER]);
  const status: Record<string, any> = { ...(job0.status ?? {}) };
  status.uncountedTerminatedPods ??= {};
  const job: KObject = { ...job0, status };
  const spec = job.spec ?? {};
  const pods = claimed;
  const active = pods.filter(isPodActive);
  const uncounted = { succeeded: new Set<string>(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set<string>(status.uncountedTerminatedPods.failed ?? []) };
  const ctx: SyncContext = {
    job,
    stored: job0.status,
    pods,
    active,
    ready: active.filter(isPodReady).length,
    terminating: pods.filter((p) => !isPodTerminal(p) && !!p.metadata.deletionTimestamp).length,
    succeeded: 0,
    uncounted,
    actions,
  };
  // pods not yet counted: they still carry the finalizer and are not in the uncounted lists
  const fresh = (p: KObject, list: Set<string>) => hasFinalizer(p) && !list.has(p.metadata.uid!) && (!isIndexed(job) || completionIndex(p, spec.completions) !== undefined);
  const newSucceeded = pods.filter((p) => fresh(p, uncounted.succeeded) && p.status?.phase === 'Succeeded');
  const newFailed = pods.filter((p) => fresh(p, uncounted.failed) && isPodFailed(p, job));
  ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size;
  const failed = (status.failed ?? 0) + newFailed.length + uncounted.failed.size;

  if (!status.startTime && !suspended(job)) status.startTime = timestamp(now);

  let finished: JobCondition | undefined = condition(job, 'SuccessCriteriaMet')?.status === 'True' ? condition(job, 'SuccessCriteriaMet') : undefined;
  if (!finished) {
    const target = condition(job, 'FailureTarget');
    if (target?.status === 'True') finished = newCondition('Failed', target.reason, target.message, now);
  }
  if (!finished) {
    if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      finished = newCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (spec.activeDeadlineSeconds != null && status.startTime && !suspended(job)) {
      const deadline = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000;
      if (now >= deadline) finished = newCondition('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
      else wake(ctx, deadline);
    }
  }
  if (isIndexed(job)) {
    ctx.prevSucceededIndexes = parseIndexes(status.completedIndexes, spec.completions);
    ctx.succeededIndexes = new Set([...ctx.prevSucceededIndexes, ...pods.filter((p) => hasFinalizer(p) && p.status?.phase === 'Succeeded').map((p) => completionIndex(p, spec.completions)!).filter((i) => i !== undefined)]);
    ctx.succeeded = ctx.succeededIndexes.size;
  }

  let activeCount = active.length;
  if (finished) {
    // a failing Job stops its active pods (their finalizers stay until they are counted)
    for (const pod of active) ctx.actions.push(deletePod(job, pod));
    ctx.terminating += active.length;
    ctx.ready -= active.filter(isPodReady).length;
    activeCount = 0;
  } else {
    let manageCalled = false;
    if (!job.metadata.deletionTimestamp) {
      activeCount = manageJob(c, ctx);
      manageCalled = true;
    }
    const complete = spec.completions == null ? ctx.succeeded > 0 && activeCount === 0 : ctx.succeeded >= spec.completions && activeCount === 0;
    if (complete) {
      finished = newCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
    } else if (manageCalled) {
      const [want, reason, message, eventReason] = suspended(job)
        ? ['True', 'JobSuspended', 'Job suspended', 'Suspended']
        : ['False', 'JobResumed', 'Job resumed', 'Resumed'];
      const [conditions, changed] = ensureCondition(status.conditions ?? [], 'Suspended', want, reason, message, now);
      if (changed) {
        status.conditions = conditions;
        ctx.actions.push(event(job, eventReason, message));
        // a resumed Job's activeDeadlineSeconds counts from now
        if (!suspended(job)) status.startTime = timestamp(now);
      }
    }
  }
  status.active = activeCount;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  trackStatusAndRemoveFinalizers(c, ctx, finished);
  return { actions: ctx.actions, wakeAt: ctx.wakeAt === undefined ? undefined : { at: ctx.wakeAt, kind: 'progress' } };
}

/** manageJob: create or delete pods towards the wanted number of active ones; returns the active count. */
function manageJob(c: Cluster, ctx: SyncContext): number {
  const { job } = ctx;
  const spec = job.spec ?? {};
  let active = ctx.active.length;
  if (suspended(job)) {
    // a suspended Job's pods are deleted, not failed: their finalizers go first
    for (const pod of ctx.active) ctx.actions.push({ type: 'sequence', actor: NAME, actions: [removeFinalizer(pod), deletePod(job, pod)] });
    ctx.terminating += active;
    ctx.ready -= ctx.active.filter(isPodReady).length;
    return 0;
  }
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions == null) wantActive = ctx.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(spec.completions - ctx.succeeded, parallelism));

  const toDelete = activePodsForRemoval(job, ctx.active, Math.max(0, active - wantActive));
  if (toDelete.length) {
    for (const pod of toDelete) ctx.actions.push({ type: 'sequence', actor: NAME, actions: [removeFinalizer(pod), deletePod(job, pod)] });
    ctx.terminating += toDelete.length;
    ctx.ready -= toDelete.filter(isPodReady).length;
    return active - toDelete.length;
  }
  const terminating = spec.podReplacementPolicy === 'Failed' ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return active;
  const remaining = backoffRemaining(job, ctx.pods, c.now);
  if (remaining > 0) {
    wake(ctx, c.now + Math.max(remaining, BATCH_PERIOD_MS));
    // upstream answers 0 active here whatever is running (manageJob's early return)
    return 0;
  }
  let indexes: (number | undefined)[] = [];
  if (isIndexed(job)) {
    indexes = firstPendingIndexes(ctx, diff, spec.completions);
    diff = indexes.length;
  } else {
    indexes = Array.from({ length: diff }, () => undefined);
  }
  if (diff > 0) ctx.actions.push({ type: 'slowStart', actor: NAME, actions: indexes.map((i) => createPod(job, i)) });
  return active + diff;
}

/** activePodsForRemoval: an Indexed Job's duplicate and out-of-range indexes first, then in ActivePods order. */
function activePodsForRemoval(job: KObject, pods: KObject[], atLeast: number): KObject[] {
  const rm: KObject[] = [];
  let left = pods;
  if (isIndexed(job)) {
    // appendDuplicatedIndexPodsForRemoval: of the pods sharing an index the most advanced stays
    // (the last in ActivePods order); pods without a valid index go
    const seen = new Set<number>();
    left = [];
    for (const p of rankActivePods(pods).reverse()) {
      const i = completionIndex(p, job.spec.completions);
      if (i === undefined || seen.has(i)) rm.push(p);
      else {
        seen.add(i);
        left.push(p);
      }
    }
  }
  if (rm.length < atLeast) rm.push(...rankActivePods(left).slice(0, atLeast - rm.length));
  return rm;
}

/** firstPendingIndexes: the lowest indexes neither succeeded nor held by an active pod. */
function firstPendingIndexes(ctx: SyncContext, count: number, completions: number): number[] {
  const taken = new Set<number>(ctx.succeededIndexes);
  for (const p of ctx.active) {
    const i = completionIndex(p, completions);
    if (i !== undefined) taken.add(i);
  }
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}

/** cleanUncountedPodsWithoutFinalizers: UIDs whose pods lost the finalizer (or are gone) move to the counters. */
function countUncounted(status: Record<string, any>, withFinalizer: Set<string>): boolean {
  const u = status.uncountedTerminatedPods;
  let changed = false;
  for (const field of ['succeeded', 'failed'] as const) {
    const list: string[] = u[field] ?? [];
    const keep = list.filter((uid) => withFinalizer.has(uid));
    if (keep.length !== list.length) {
      changed = true;
      status[field] = (status[field] ?? 0) + (list.length - keep.length);
      u[field] = keep;
    }
  }
  return changed;
}

/** omitempty: zero counters and empty lists are not written. */
function tidy(status: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...status, uncountedTerminatedPods: { ...status.uncountedTerminatedPods } };
  for (const f of ['active', 'succeeded', 'failed'] as const) if (!out[f]) delete out[f];
  for (const f of ['succeeded', 'failed'] as const) if (!out.uncountedTerminatedPods[f]?.length) delete out.uncountedTerminatedPods[f];
  if (!out.completedIndexes) delete out.completedIndexes;
  if (!out.conditions?.length) delete out.conditions;
  return out;
}

/**
 * trackJobStatusAndRemoveFinalizers: finished pods go into the uncounted lists (written first),
 * their finalizers are removed, then the counters take them; the terminal condition is written
 * once nothing is left uncounted or terminating. The three writes depend on each other, so they
 * are sent as a sequence that stops at the first failure, as upstream returns on an error.
 */
function trackStatusAndRemoveFinalizers(c: Cluster, ctx: SyncContext, finished0: JobCondition | undefined) {
  const { job } = ctx;
  const spec = job.spec ?? {};
  const now = c.now;
  let finished = finished0;
  const status = JSON.parse(JSON.stringify(job.status)) as Record<string, any>;
  const u = status.uncountedTerminatedPods;
  u.succeeded = [...(u.succeeded ?? [])];
  u.failed = [...(u.failed ?? [])];
  const withFinalizer = new Set(ctx.pods.filter(hasFinalizer).map((p) => p.metadata.uid!));
  countUncounted(status, withFinalizer);
  const toRemove: KObject[] = [];
  const newIndexes: number[] = [];
  const indexed = isIndexed(job);
  for (const pod of indexed ? [...ctx.pods].sort((a, b) => (completionIndex(a, spec.completions) ?? 0) - (completionIndex(b, spec.completions) ?? 0)) : ctx.pods) {
    if (!hasFinalizer(pod)) continue;
    const failedPod = isPodFailed(pod, job);
    if (!(job.metadata.deletionTimestamp || finished || pod.status?.phase === 'Succeeded' || failedPod)) continue;
    toRemove.push(pod);
    const uid = pod.metadata.uid!;
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        const i = completionIndex(pod, spec.completions);
        if (i !== undefined && !ctx.prevSucceededIndexes!.has(i)) newIndexes.push(i);
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        u.succeeded.push(uid);
      }
    } else if (failedPod || (finished && finished.type !== 'SuccessCriteriaMet' && finished.type !== 'Complete')) {
      // once the Job has failed, every pod not yet counted counts as failed
      const inRange = !indexed || completionIndex(pod, spec.completions) !== undefined;
      if (!ctx.uncounted.failed.has(uid) && inRange) u.failed.push(uid);
    }
  }
  if (indexed) {
    const all = new Set([...ctx.prevSucceededIndexes!, ...newIndexes]);
    status.succeeded = all.size;
    status.completedIndexes = formatIndexes(all);
  }
  if (finished?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), finished];
    finished = newCondition('Failed', finished.reason, finished.message, now);
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (!condition(job, 'SuccessCriteriaMet')) status.conditions = [...(status.conditions ?? []), finished];
    finished = newCondition('Complete', finished.reason, finished.message, now);
  }
  const first = tidy(status);
  const steps: Action[] = [];
  if (!jsonEqual(first, ctx.stored)) {
    steps.push({ type: 'updateStatus', actor: NAME, object: { ...job, metadata: { ...job.metadata }, status: first } });
  }
  steps.push(...toRemove.map(removeFinalizer));
  // after the removals: the counters take what lost its finalizer
  const removed = new Set(toRemove.map((p) => p.metadata.uid!));
  const second: Record<string, any> = JSON.parse(JSON.stringify(status));
  countUncounted(second, new Set([...withFinalizer].filter((uid) => !removed.has(uid))));
  const followUps: Action[] = [];
  const left = (second.uncountedTerminatedPods.succeeded?.length ?? 0) + (second.uncountedTerminatedPods.failed?.length ?? 0);
  if (finished && left === 0 && ctx.terminating === 0) {
    // enactJobFinished
    [second.conditions] = ensureCondition(second.conditions ?? [], finished.type, 'True', finished.reason ?? '', finished.message ?? '', now);
    if (finished.type === 'Complete') {
      second.completionTime = timestamp(now);
      if (spec.completions != null && second.succeeded > spec.completions) {
        followUps.push(event(job, 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', 'Warning'));
      }
      followUps.push(event(job, 'Completed', 'Job completed'));
    } else {
      followUps.push(event(job, finished.reason ?? '', finished.message ?? '', 'Warning'));
    }
  }
  const last = tidy(second);
  if (!jsonEqual(last, first)) steps.push({ type: 'updateStatus', actor: NAME, object: { ...job, metadata: { ...job.metadata, resourceVersion: undefined }, status: last } });
  steps.push(...followUps);
  if (steps.length) ctx.actions.push({ type: 'sequence', actor: NAME, actions: steps });
}
