/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go): at each
 * time the schedule names, in the CronJob's time zone, it creates a Job named after that time
 * (`<cronjob>-<minutes since the epoch>`, so the same time cannot run twice), following the
 * concurrency policy and the starting deadline; it keeps status.active, lastScheduleTime and
 * lastSuccessfulTime, and deletes finished Jobs beyond the history limits. It looks again at each
 * scheduled time (upstream adds nextScheduleDelta, 100 ms, against clock skew; the virtual clock
 * is exact, and a resync at that instant then finds nothing left to do).
 *
 * The engine's one difference in shape: upstream adds the Job it created to status.active in the
 * same sync, with the UID the API server answered; here the next sync (which the new Job wakes)
 * adds it, in the same instant.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster, timestamp } from '../cluster';
import { objectRef } from '../apiserver';
import { jsonEqual } from '../api/json';
import { byUid, controllerOf, dependentsOf, getObject, keyOf, listAllNamespaces } from '../store/store';
import { knownTimeZone, nextTime, parseSchedule, rfc3339In, Schedule } from '../api/cron';
import { Controller, NOTHING, SyncResult } from './controller';
import { controllerRefTo } from './controller-ref-manager';
import { isJobFinished } from './job';

const NAME = 'cronjob-controller';
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

interface JobRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  resourceVersion?: string;
  uid: string;
}

/** getJobName: the scheduled time in minutes since the epoch. */
export function jobNameFor(cj: KObject, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

const ownJobName = (cj: KObject, job: KObject) => new RegExp(`^${cj.metadata.name!.replace(/[.]/g, '\\.')}-\\d+$`).test(job.metadata.name!);

function finishedType(job: KObject): 'Complete' | 'Failed' | undefined {
  const c = (job.status?.conditions ?? []).find((x: { type: string; status: string }) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type;
}

function jobRef(job: KObject): JobRef {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name!, namespace: job.metadata.namespace!, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid! };
}

/**
 * mostRecentScheduleTime: the latest scheduled time not yet acted on that is due by `now`
 * (counting from the last schedule, or the creation), and how many were missed.
 */
export function mostRecentScheduleTime(cj: KObject, schedule: Schedule, now: number, withStartingDeadline: boolean): { earliest: number; mostRecent?: number; missed: number } {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp!);
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (withStartingDeadline && deadline != null) earliest = Math.max(earliest, now - deadline * 1000);
  const tz = cj.spec?.timeZone ?? '';
  let t = nextTime(schedule, earliest, tz);
  if (t > now) return { earliest, missed: 0 };
  let missed = 0;
  let mostRecent = t;
  while (t <= now) {
    mostRecent = t;
    missed++;
    t = nextTime(schedule, t, tz);
  }
  return { earliest, mostRecent, missed };
}

export const cronJobController: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'CronJob') return [key];
    if (obj.kind !== 'Job') return [];
    const keys = new Set<string>();
    for (const o of [prev, cur]) {
      const ref = o && controllerOf(o);
      if (ref?.kind !== 'CronJob') continue;
      const owner = byUid(c.store, ref.uid);
      if (owner) keys.add(keyOf(owner));
    }
    return [...keys];
  },

  sync(c, key) {
    const cj = getObject(c.store, key);
    return cj ? syncCronJob(c, cj) : NOTHING;
  },

  resyncKeys: (c) => listAllNamespaces(c.store, 'CronJob').map(keyOf).sort(),
};

function involved(cj: KObject) {
  return { involved: objectRef(cj), involvedUid: cj.metadata.uid!, source: NAME };
}

function event(cj: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action {
  return { type: 'event', actor: NAME, event: { ...involved(cj), reason, message, type } };
}

function deleteJob(cj: KObject, job: KObject): Action {
  return {
    type: 'delete',
    actor: NAME,
    ref: objectRef(job),
    propagationPolicy: 'Background',
    preconditions: { uid: job.metadata.uid },
    onSuccess: { ...involved(cj), reason: 'SuccessfulDelete', message: `Deleted job ${job.metadata.name}` },
  };
}

/** getJobFromTemplate2: the template's labels, annotations and spec, the scheduled time, the controller reference. */
function newJob(cj: KObject, scheduled: number): KObject {
  const template = JSON.parse(JSON.stringify(cj.spec?.jobTemplate ?? {}));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduled),
      namespace: cj.metadata.namespace,
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, cj.spec?.timeZone ?? '') },
      ownerReferences: [controllerRefTo(cj)],
    },
    spec: template.spec ?? {},
  };
}

function syncCronJob(c: Cluster, cj: KObject): SyncResult {
  const now = c.now;
  const uid = cj.metadata.uid!;
  const jobs = dependentsOf(c.store, uid).filter((j) => j.kind === 'Job' && controllerOf(j)?.uid === uid);
  const status: Record<string, any> = JSON.parse(JSON.stringify(cj.status ?? {}));
  let active: JobRef[] = status.active ?? [];
  const actions: Action[] = [];
  const children = new Set(jobs.map((j) => j.metadata.uid!));

  for (const job of jobs) {
    const found = active.some((a) => a.uid === job.metadata.uid);
    const done = isJobFinished(job);
    if (!found && !done) {
      // one the last sync created (named after its scheduled time), or one someone else made
      if (ownJobName(cj, job)) active = [...active, jobRef(job)];
      else actions.push(event(cj, 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`, 'Warning'));
    } else if (found && done) {
      active = active.filter((a) => a.uid !== job.metadata.uid);
      actions.push(event(cj, 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finishedType(job)}`));
    } else if (done) {
      const completed = job.status?.completionTime;
      if (completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) status.lastSuccessfulTime = completed;
    }
  }
  for (const ref of active) {
    if (children.has(ref.uid)) continue;
    actions.push(event(cj, 'MissingJob', `Active job went missing: ${ref.name}`));
    active = active.filter((a) => a.uid !== ref.uid);
  }

  let wakeAt: number | undefined;
  const schedule = parseSchedule(cj.spec?.schedule ?? '');
  const tz = cj.spec?.timeZone ?? '';
  const plan = (): Action[] => {
    if (cj.metadata.deletionTimestamp || !schedule.ok) return [];
    if (tz && !knownTimeZone(tz)) return [event(cj, 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`, 'Warning')];
    if (cj.spec?.suspend) return [];
    const view = { ...cj, status: { ...status, active } };
    const { mostRecent: scheduled, missed } = mostRecentScheduleTime(view, schedule.schedule, now, true);
    const out: Action[] = [];
    if (missed > 100) out.push(event(cj, 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', 'Warning'));
    const next = (after: number) => nextTime(schedule.schedule, after, tz);
    if (scheduled === undefined) {
      wakeAt = next(now);
      return out;
    }
    wakeAt = next(Math.max(now, scheduled));
    // upstream then checks tooLate (scheduled + startingDeadlineSeconds before now, a MissSchedule
    // warning); it cannot hold here, since the deadline already moved the earliest time up
    const name = jobNameFor(cj, scheduled);
    if (active.some((a) => a.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) return out;
    if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length) {
      return [...out, event(cj, 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid')];
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of active) {
        const job = jobs.find((j) => j.metadata.uid === ref.uid);
        if (job) out.push(deleteJob(cj, job));
      }
      active = [];
    }
    status.lastScheduleTime = timestamp(scheduled);
    out.push({
      type: 'sequence',
      actor: NAME,
      actions: [
        {
          type: 'create',
          actor: NAME,
          object: newJob(cj, scheduled),
          onSuccess: { ...involved(cj), reason: 'SuccessfulCreate', message: 'Created job $name' },
          onFailure: { ...involved(cj), type: 'Warning', reason: 'FailedCreate', message: 'Error creating job: $error' },
        },
        statusUpdate(cj, { ...status, active }),
      ],
    });
    return out;
  };
  const planned = plan();
  const withActive = { ...status, active };
  const creates = planned.some((a) => a.type === 'sequence');
  if (!creates && !jsonEqual(tidy(withActive), tidy(cj.status ?? {}))) actions.push(statusUpdate(cj, withActive));
  actions.push(...planned);
  actions.push(...cleanupFinishedJobs(cj, jobs));
  return { actions, wakeAt: wakeAt === undefined ? undefined : { at: wakeAt, kind: 'periodic' } };
}

/** omitempty: an empty active list is not written. */
function tidy(status: Record<string, any>): Record<string, any> {
  const out = { ...status };
  if (!out.active?.length) delete out.active;
  return out;
}

function statusUpdate(cj: KObject, status: Record<string, any>): Action {
  return { type: 'updateStatus', actor: NAME, object: { ...cj, status: tidy(status) } };
}

/** cleanupFinishedJobs: the oldest finished Jobs (by start time) beyond each history limit go. */
function cleanupFinishedJobs(cj: KObject, jobs: KObject[]): Action[] {
  const byStart = (a: KObject, b: KObject) => {
    const sa = a.status?.startTime, sb = b.status?.startTime;
    if (!sa !== !sb) return sa ? -1 : 1;
    if (sa === sb) return a.metadata.name!.localeCompare(b.metadata.name!);
    return Date.parse(sa) - Date.parse(sb);
  };
  const out: Action[] = [];
  for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]] as const) {
    if (limit == null) continue;
    const finished = jobs.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp).sort(byStart);
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) out.push(deleteJob(cj, job));
  }
  return out;
}
