import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, createCluster, DEFAULT_START, dispatch, KObject, timestamp } from '../index';
import { Cluster } from '../cluster';
import { parseSchedule, Schedule } from '../api/cron';
import { putObject } from '../store/store';
import { cronJobController as cjc, jobNameFor, mostRecentScheduleTime, SCHEDULED_TIMESTAMP } from './cronjob';

const T0 = DEFAULT_START; // 2025-01-01T00:00:00Z
const S = 1000;
const M = 60 * S;
const KEY = 'CronJob/default/hello';
const NAME = 'cronjob-controller';

// ---------------------------------------------------------------------------------------------
// helpers: the CronJob controller's sync called directly, on a cluster holding what a test puts

function manifest(spec: Record<string, any> = {}, name = 'hello'): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels: { app: 'hello' }, annotations: { team: 'a' } },
        spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } },
      },
      ...spec,
    },
  };
}

/** a cluster holding the CronJob, created at T0 (its creationTimestamp) */
function holding(spec: Record<string, any> = {}): Cluster {
  const r = dispatch(createCluster({ seed: 1 }), { type: 'create', object: manifest(spec) });
  assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
  return r.cluster;
}
const cronJob = (c: Cluster) => c.store.objects.get(KEY)!;
const at = (c: Cluster, ms: number): Cluster => ({ ...c, now: ms });
const minute = (m: number) => T0 + m * M;

function setStatus(c: Cluster, key: string, status: Record<string, any>): Cluster {
  const cur = c.store.objects.get(key)!;
  const r = dispatch(c, { type: 'updateStatus', object: { ...cur, status } });
  assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
  return r.cluster;
}

/** a Job the CronJob controls (named after minute `m` unless a name is given), with a status */
function withJob(c: Cluster, m: number, status: Record<string, any> = {}, name?: string): Cluster {
  const cj = cronJob(c);
  const jobName = name ?? jobNameFor(cj, minute(m));
  const r = dispatch(c, {
    type: 'create',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: jobName, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
      spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } },
    },
  });
  assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
  return Object.keys(status).length ? setStatus(r.cluster, `Job/default/${jobName}`, status) : r.cluster;
}
const job = (c: Cluster, name: string) => c.store.objects.get(`Job/default/${name}`)!;
const ref = (j: KObject) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: 'default', resourceVersion: j.metadata.resourceVersion, uid: j.metadata.uid });

const condition = (type: string, when: number) => ({ type, status: 'True', lastProbeTime: timestamp(when), lastTransitionTime: timestamp(when) });
const completed = (startM: number, endM: number) => ({ startTime: timestamp(minute(startM)), completionTime: timestamp(minute(endM)), succeeded: 1, conditions: [condition('Complete', minute(endM))] });
const failed = (startM: number, endM: number) => ({ startTime: timestamp(minute(startM)), failed: 1, conditions: [condition('Failed', minute(endM))] });

const events = (actions: Action[]) => actions.filter((a): a is Extract<Action, { type: 'event' }> => a.type === 'event').map((a) => `${a.event.type} ${a.event.reason} ${a.event.message}`);
const creates = (actions: Action[]) => actions.filter((a) => a.type === 'sequence').flatMap((a) => (a.type === 'sequence' ? a.actions : [])).filter((a): a is Extract<Action, { type: 'create' }> => a.type === 'create');
const statusWrites = (actions: Action[]) =>
  actions
    .flatMap((a) => (a.type === 'sequence' ? a.actions : [a]))
    .filter((a): a is Extract<Action, { type: 'updateStatus' }> => a.type === 'updateStatus')
    .map((a) => a.object.status);
const deletes = (actions: Action[]) => actions.filter((a): a is Extract<Action, { type: 'delete' }> => a.type === 'delete');

function schedule(text: string): Schedule {
  const s = parseSchedule(text);
  assert.ok(s.ok);
  return s.schedule;
}

// ---------------------------------------------------------------------------------------------

test('a Job is named after its scheduled time in whole minutes since the epoch (getJobName)', () => {
  const cj = manifest();
  assert.equal(jobNameFor(cj, T0), 'hello-28928160');
  assert.equal(jobNameFor(cj, T0 + 59 * S), 'hello-28928160', 'seconds are dropped');
  assert.equal(jobNameFor(cj, T0 + M), 'hello-28928161');
});

test('mostRecentScheduleTime counts the times due since the last schedule, or the creation, up to and including now', () => {
  const every5 = schedule('*/5 * * * *');
  const cj: KObject = { ...manifest(), metadata: { name: 'hello', creationTimestamp: timestamp(T0) } };
  assert.deepEqual(mostRecentScheduleTime(cj, every5, minute(5) - 1, true), { earliest: T0, missed: 0 }, 'nothing due yet');
  assert.deepEqual(mostRecentScheduleTime(cj, every5, minute(5), true), { earliest: T0, mostRecent: minute(5), missed: 1 }, 'due at the instant');
  assert.deepEqual(mostRecentScheduleTime(cj, every5, minute(17), true), { earliest: T0, mostRecent: minute(15), missed: 3 });
  const scheduled = { ...cj, status: { lastScheduleTime: timestamp(minute(10)) } };
  assert.deepEqual(mostRecentScheduleTime(scheduled, every5, minute(17), true), { earliest: minute(10), mostRecent: minute(15), missed: 1 }, 'from the last schedule, not the creation');
  const deadline = { ...cj, spec: { ...cj.spec, startingDeadlineSeconds: 200 } };
  assert.deepEqual(mostRecentScheduleTime(deadline, every5, minute(17), true), { earliest: minute(17) - 200 * S, mostRecent: minute(15), missed: 1 }, 'the deadline moves the earliest time up');
  assert.deepEqual(mostRecentScheduleTime(deadline, every5, minute(17), false), { earliest: T0, mostRecent: minute(15), missed: 3 }, 'unless told to ignore it');
  const longDeadline = { ...cj, spec: { ...cj.spec, startingDeadlineSeconds: 3600 } };
  assert.deepEqual(mostRecentScheduleTime(longDeadline, every5, minute(17), true), { earliest: T0, mostRecent: minute(15), missed: 3 }, 'a deadline before the creation changes nothing');
});

test('the controller looks at a CronJob when it changes, and at its owner when a Job it controls changes', () => {
  const c = withJob(holding(), 1);
  const j = job(c, 'hello-28928161');
  assert.deepEqual(cjc.enqueue(c, KEY, null, cronJob(c)), [KEY]);
  assert.deepEqual(cjc.enqueue(c, KEY, cronJob(c), undefined), [KEY], 'a deleted CronJob too');
  assert.deepEqual(cjc.enqueue(c, 'Job/default/hello-28928161', null, j), [KEY]);
  assert.deepEqual(cjc.enqueue(c, 'Job/default/hello-28928161', j, undefined), [KEY], 'a deleted Job: its owner from the old object');
  const orphaned = { ...j, metadata: { ...j.metadata, ownerReferences: [] } };
  assert.deepEqual(cjc.enqueue(c, 'Job/default/hello-28928161', j, orphaned), [KEY], 'released: the old owner looks');
  assert.deepEqual(cjc.enqueue(c, 'Job/default/x', null, orphaned), [], 'a Job nobody controls');
  const notController = { ...j, metadata: { ...j.metadata, ownerReferences: [{ ...j.metadata.ownerReferences![0]!, controller: false }] } };
  assert.deepEqual(cjc.enqueue(c, 'Job/default/x', null, notController), [], 'an owner that is not the controller');
  const ownedByOther = { ...j, metadata: { ...j.metadata, ownerReferences: [{ ...j.metadata.ownerReferences![0]!, kind: 'Deployment' }] } };
  assert.deepEqual(cjc.enqueue(c, 'Job/default/x', null, ownedByOther), [], 'another kind of owner');
  const goneOwner = { ...j, metadata: { ...j.metadata, ownerReferences: [{ ...j.metadata.ownerReferences![0]!, uid: 'gone' }] } };
  assert.deepEqual(cjc.enqueue(c, 'Job/default/x', null, goneOwner), [], 'an owner that no longer exists');
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ownerReferences: j.metadata.ownerReferences } };
  assert.deepEqual(cjc.enqueue(c, 'Pod/default/p', null, pod), [], 'Jobs only');
  assert.deepEqual(cjc.enqueue(c, KEY, null, undefined), []);
  assert.deepEqual(cjc.resyncKeys(c), [KEY]);
  assert.deepEqual(cjc.sync(c, 'CronJob/default/missing'), { actions: [] });
});

test('before the first scheduled time nothing is created and the controller wakes at that time', () => {
  const c = holding({ schedule: '*/5 * * * *' });
  assert.deepEqual(cjc.sync(at(c, minute(3)), KEY), { actions: [], wakeAt: { at: minute(5), kind: 'periodic' } });
});

test('at a scheduled time the Job is made from the template, named after the time, and lastScheduleTime is written with it', () => {
  const c = at(holding({ schedule: '*/5 * * * *' }), minute(7));
  const r = cjc.sync(c, KEY);
  assert.deepEqual(r.wakeAt, { at: minute(10), kind: 'periodic' });
  assert.equal(r.actions.length, 1, 'one create-then-status sequence, no separate status write');
  const [create] = creates(r.actions);
  const cj = cronJob(c);
  assert.deepEqual(create!.object, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'hello-28928165',
      namespace: 'default',
      labels: { app: 'hello' },
      annotations: { team: 'a', [SCHEDULED_TIMESTAMP]: '2025-01-01T00:05:00Z' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: cj.spec!.jobTemplate.spec,
  });
  assert.equal(create!.actor, NAME);
  assert.deepEqual(create!.onSuccess, { involved: { kind: 'CronJob', namespace: 'default', name: 'hello' }, involvedUid: cj.metadata.uid, source: NAME, reason: 'SuccessfulCreate', message: 'Created job $name' });
  assert.deepEqual(create!.onFailure, { involved: { kind: 'CronJob', namespace: 'default', name: 'hello' }, involvedUid: cj.metadata.uid, source: NAME, type: 'Warning', reason: 'FailedCreate', message: 'Error creating job: $error' });
  assert.deepEqual(statusWrites(r.actions), [{ lastScheduleTime: '2025-01-01T00:05:00Z' }], 'an empty active list is not written');
  // the Job it made changes nothing more once it is there and active
  const after = withJob(setStatus(c, KEY, { lastScheduleTime: '2025-01-01T00:05:00Z' }), 5);
  const j = job(after, 'hello-28928165');
  const second = cjc.sync(after, KEY);
  assert.deepEqual(second.actions.map((a) => a.type), ['updateStatus'], 'the next sync adds the new Job to active');
  assert.deepEqual(statusWrites(second.actions), [{ lastScheduleTime: '2025-01-01T00:05:00Z', active: [ref(j)] }]);
  const settled = setStatus(after, KEY, { lastScheduleTime: '2025-01-01T00:05:00Z', active: [ref(j)] });
  assert.deepEqual(cjc.sync(settled, KEY), { actions: [], wakeAt: { at: minute(10), kind: 'periodic' } });
});

test('a template without labels gives a Job without labels; the scheduled time is written in the CronJob time zone', () => {
  const c = at(holding({ timeZone: 'Asia/Seoul', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox:1.36' }] } } } } }), minute(1));
  const [create] = creates(cjc.sync(c, KEY).actions);
  assert.equal(create!.object.metadata.labels, undefined);
  assert.deepEqual(create!.object.metadata.annotations, { [SCHEDULED_TIMESTAMP]: '2025-01-01T09:01:00+09:00' });
});

test('a time already scheduled is not run twice: by lastScheduleTime, or by an active Job of that name', () => {
  const c = at(holding(), minute(1) + 30 * S);
  const byStatus = setStatus(c, KEY, { lastScheduleTime: timestamp(minute(1)) });
  assert.deepEqual(cjc.sync(byStatus, KEY), { actions: [], wakeAt: { at: minute(2), kind: 'periodic' } });
  // the Job exists and is listed active, but lastScheduleTime was lost: still no second Job
  const withActive = withJob(c, 1);
  const j = job(withActive, 'hello-28928161');
  const lost = setStatus(withActive, KEY, { active: [ref(j)] });
  assert.deepEqual(creates(cjc.sync(lost, KEY).actions), []);
});

test('a suspended CronJob, or one being deleted, starts nothing and sets no wake-up', () => {
  assert.deepEqual(cjc.sync(at(holding({ suspend: true }), minute(3)), KEY), { actions: [], wakeAt: undefined });
  const c = at(holding(), minute(3));
  const r = dispatch(c, { type: 'replace', object: { ...cronJob(c), metadata: { ...cronJob(c).metadata, finalizers: ['example.com/hold'] } } });
  assert.ok(r.outcome.ok);
  const deleting = dispatch(r.cluster, { type: 'delete', ref: { kind: 'CronJob', namespace: 'default', name: 'hello' } });
  assert.ok(cronJob(deleting.cluster).metadata.deletionTimestamp);
  assert.deepEqual(cjc.sync(deleting.cluster, KEY), { actions: [], wakeAt: undefined });
});

test('an unknown time zone in the stored object is reported and nothing is scheduled', () => {
  // validation refuses such a zone; the controller still guards against one (the zone database
  // of the controller manager may lack a zone the API server knew)
  const c = at(holding(), minute(3));
  const cj = cronJob(c);
  const stored = { ...c, store: putObject(c.store, { ...cj, spec: { ...cj.spec, timeZone: 'Mars/Olympus' } }) };
  assert.deepEqual(cjc.sync(stored, KEY), {
    actions: [{ type: 'event', actor: NAME, event: { involved: { kind: 'CronJob', namespace: 'default', name: 'hello' }, involvedUid: cj.metadata.uid, source: NAME, reason: 'UnknownTimeZone', message: 'invalid timeZone: "Mars/Olympus": unknown time zone Mars/Olympus', type: 'Warning' } }],
    wakeAt: undefined,
  });
});

test('more than 100 missed start times are reported, and the most recent still runs', () => {
  const hundred = cjc.sync(at(holding(), minute(100)), KEY);
  assert.deepEqual(events(hundred.actions), []);
  assert.equal(creates(hundred.actions)[0]!.object.metadata.name, 'hello-28928260');
  const hundredOne = cjc.sync(at(holding(), minute(101)), KEY);
  assert.deepEqual(events(hundredOne.actions), ['Warning TooManyMissedTimes too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew']);
  assert.equal(creates(hundredOne.actions)[0]!.object.metadata.name, 'hello-28928261');
  const withDeadline = cjc.sync(at(holding({ startingDeadlineSeconds: 300 }), minute(101)), KEY);
  assert.deepEqual(events(withDeadline.actions), [], 'the deadline bounds the count');
});

test('concurrency policy: Allow starts beside an active Job, Forbid does not, Replace deletes the active one first', () => {
  const base = withJob(at(holding(), minute(2)), 1);
  const j = job(base, 'hello-28928161');
  const statusWith = { lastScheduleTime: timestamp(minute(1)), active: [ref(j)] };
  const allow = cjc.sync(setStatus(base, KEY, statusWith), KEY);
  assert.deepEqual(creates(allow.actions).map((a) => a.object.metadata.name), ['hello-28928162']);
  assert.deepEqual(statusWrites(allow.actions), [{ lastScheduleTime: timestamp(minute(2)), active: [ref(j)] }]);

  const forbidden = setStatus(base, KEY, statusWith);
  const fc = { ...forbidden, store: putObject(forbidden.store, { ...cronJob(forbidden), spec: { ...cronJob(forbidden).spec, concurrencyPolicy: 'Forbid' } }) };
  const forbid = cjc.sync(fc, KEY);
  assert.deepEqual(creates(forbid.actions), []);
  assert.deepEqual(events(forbid.actions), ['Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid']);
  assert.deepEqual(forbid.wakeAt, { at: minute(3), kind: 'periodic' }, 'it looks again at the next time');
  // Forbid with nothing active starts as usual
  const idle = { ...fc, store: putObject(fc.store, { ...cronJob(fc), status: { lastScheduleTime: timestamp(minute(1)) } }) };
  const idleRun = cjc.sync(withoutJob(idle, j), KEY);
  assert.deepEqual(creates(idleRun.actions).map((a) => a.object.metadata.name), ['hello-28928162']);

  const rc = { ...forbidden, store: putObject(forbidden.store, { ...cronJob(forbidden), spec: { ...cronJob(forbidden).spec, concurrencyPolicy: 'Replace' } }) };
  const replace = cjc.sync(rc, KEY);
  assert.deepEqual(replace.actions.map((a) => a.type), ['delete', 'sequence']);
  assert.deepEqual(deletes(replace.actions), [
    {
      type: 'delete',
      actor: NAME,
      ref: { kind: 'Job', namespace: 'default', name: 'hello-28928161' },
      propagationPolicy: 'Background',
      preconditions: { uid: j.metadata.uid },
      onSuccess: { involved: { kind: 'CronJob', namespace: 'default', name: 'hello' }, involvedUid: cronJob(rc).metadata.uid, source: NAME, reason: 'SuccessfulDelete', message: 'Deleted job hello-28928161' },
    },
  ]);
  assert.deepEqual(statusWrites(replace.actions), [{ lastScheduleTime: timestamp(minute(2)) }], 'the replaced Job leaves the active list');
});

/** the cluster without this Job (as if it were deleted) */
function withoutJob(c: Cluster, j: KObject): Cluster {
  const r = dispatch(c, { type: 'delete', ref: { kind: 'Job', namespace: 'default', name: j.metadata.name! }, propagationPolicy: 'Background' });
  assert.ok(r.outcome.ok);
  return r.cluster;
}

test('an active Job that finished leaves the active list with SawCompletedJob; the next sync records lastSuccessfulTime', () => {
  const base = withJob(at(holding({ schedule: '0 * * * *' }), minute(10)), 0, completed(0, 3), 'hello-28928160');
  const j = job(base, 'hello-28928160');
  const c = setStatus(base, KEY, { lastScheduleTime: timestamp(T0), active: [ref(j)] });
  const r = cjc.sync(c, KEY);
  assert.deepEqual(events(r.actions), ['Normal SawCompletedJob Saw completed job: hello-28928160, condition: Complete']);
  assert.deepEqual(statusWrites(r.actions), [{ lastScheduleTime: timestamp(T0) }]);
  const next = setStatus(c, KEY, { lastScheduleTime: timestamp(T0) });
  const r2 = cjc.sync(next, KEY);
  assert.deepEqual(events(r2.actions), []);
  assert.deepEqual(statusWrites(r2.actions), [{ lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(3)) }]);
  const recorded = setStatus(next, KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(3)) });
  assert.deepEqual(cjc.sync(recorded, KEY).actions, [], 'settled');
  // a Failed Job has no completion time: it is let go, and lastSuccessfulTime stays unset
  const f = withJob(at(holding({ schedule: '0 * * * *' }), minute(10)), 0, failed(0, 3), 'hello-28928160');
  const fj = job(f, 'hello-28928160');
  const fr = cjc.sync(setStatus(f, KEY, { lastScheduleTime: timestamp(T0), active: [ref(fj)] }), KEY);
  assert.deepEqual(events(fr.actions), ['Normal SawCompletedJob Saw completed job: hello-28928160, condition: Failed']);
  assert.deepEqual(cjc.sync(setStatus(f, KEY, { lastScheduleTime: timestamp(T0) }), KEY).actions, []);
});

test('lastSuccessfulTime follows the latest completion, never an earlier one', () => {
  let c = at(holding({ schedule: '0 * * * *', successfulJobsHistoryLimit: 5 }), minute(50));
  c = withJob(c, 0, completed(1, 20), 'hello-1');
  c = withJob(c, 0, completed(2, 10), 'hello-2');
  const first = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(T0) }), KEY);
  assert.deepEqual(statusWrites(first.actions), [{ lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(20)) }]);
  const later = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(15)) }), KEY);
  assert.deepEqual(statusWrites(later.actions), [{ lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(20)) }]);
  const newer = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(30)) }), KEY);
  assert.deepEqual(newer.actions, [], 'a recorded later time stays');
});

test('an active Job that is gone is reported missing; a running Job not named by the schedule is reported unexpected', () => {
  const c = at(holding({ schedule: '0 * * * *' }), minute(10));
  const gone = { apiVersion: 'batch/v1', kind: 'Job', name: 'hello-28928160', namespace: 'default', uid: 'gone-uid' };
  const r = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(T0), active: [gone] }), KEY);
  assert.deepEqual(events(r.actions), ['Normal MissingJob Active job went missing: hello-28928160']);
  assert.deepEqual(statusWrites(r.actions), [{ lastScheduleTime: timestamp(T0) }]);

  const other = setStatus(withJob(c, 0, {}, 'manual-run'), KEY, { lastScheduleTime: timestamp(T0) });
  const u = cjc.sync(other, KEY);
  assert.deepEqual(events(u.actions), ['Warning UnexpectedJob Saw a job that the controller did not create or forgot: manual-run']);
  assert.deepEqual(statusWrites(u.actions), [], 'not taken into active');
  // a name that only looks like ours (another CronJob's prefix, or not minutes) is not ours either
  for (const name of ['hello-x-28928160', 'hellox28928160', 'hello-28928160x']) {
    const o = setStatus(withJob(c, 0, {}, name), KEY, { lastScheduleTime: timestamp(T0) });
    assert.deepEqual(events(cjc.sync(o, KEY).actions), [`Warning UnexpectedJob Saw a job that the controller did not create or forgot: ${name}`], name);
  }
});

test('finished Jobs beyond the history limits are deleted, oldest start first, each limit for its own kind', () => {
  let c = at(holding({ schedule: '0 * * * *', successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }), minute(50));
  c = withJob(c, 0, completed(3, 4), 'hello-c');
  c = withJob(c, 0, completed(1, 9), 'hello-a');
  c = withJob(c, 0, completed(2, 5), 'hello-b');
  c = withJob(c, 0, failed(5, 6), 'hello-f2');
  c = withJob(c, 0, failed(4, 6), 'hello-f1');
  c = withJob(c, 0, {}, 'hello-28928160'); // still running: never a candidate
  const j = job(c, 'hello-28928160');
  c = setStatus(c, KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(9)), active: [ref(j)] });
  const r = cjc.sync(c, KEY);
  assert.deepEqual(deletes(r.actions).map((d) => d.ref.name), ['hello-a', 'hello-f1']);
  assert.ok(deletes(r.actions).every((d) => d.propagationPolicy === 'Background'));
  // a limit of 0 keeps none; no limit keeps all; a Job already being deleted is not deleted again
  const none = { ...c, store: putObject(c.store, { ...cronJob(c), spec: { ...cronJob(c).spec, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: null } }) };
  assert.deepEqual(deletes(cjc.sync(none, KEY).actions).map((d) => d.ref.name), ['hello-a', 'hello-b', 'hello-c']);
  const going = job(none, 'hello-a');
  const marked = { ...none, store: putObject(none.store, { ...going, metadata: { ...going.metadata, deletionTimestamp: timestamp(minute(49)) } }) };
  assert.deepEqual(deletes(cjc.sync(marked, KEY).actions).map((d) => d.ref.name), ['hello-b', 'hello-c']);
});

test('finished Jobs without a start time sort last (byJobStartTime), and ties go by name', () => {
  let c = at(holding({ schedule: '0 * * * *', successfulJobsHistoryLimit: 1 }), minute(50));
  c = withJob(c, 0, completed(3, 4), 'hello-late');
  c = withJob(c, 0, { ...completed(1, 4), startTime: undefined }, 'hello-nostart');
  c = withJob(c, 0, completed(2, 4), 'hello-tie-b');
  c = withJob(c, 0, completed(2, 4), 'hello-tie-a');
  c = setStatus(c, KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(4)) });
  assert.deepEqual(deletes(cjc.sync(c, KEY).actions).map((d) => d.ref.name), ['hello-tie-a', 'hello-tie-b', 'hello-late']);
});

test('Jobs of another CronJob are not this one\'s', () => {
  let c = at(holding({ schedule: '0 * * * *', successfulJobsHistoryLimit: 0 }), minute(50));
  c = withJob(c, 0, completed(1, 2), 'hello-mine');
  const other = dispatch(c, { type: 'create', object: manifest({ schedule: '0 * * * *' }, 'other') });
  assert.ok(other.outcome.ok);
  c = other.cluster;
  const otherUid = c.store.objects.get('CronJob/default/other')!.metadata.uid;
  const r = dispatch(c, {
    type: 'create',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'other-1', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'other', uid: otherUid!, controller: true }] },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox:1.36' }] } } },
    },
  });
  assert.ok(r.outcome.ok);
  c = setStatus(setStatus(r.cluster, 'Job/default/other-1', completed(1, 2)), KEY, { lastScheduleTime: timestamp(T0), lastSuccessfulTime: timestamp(minute(2)) });
  assert.deepEqual(deletes(cjc.sync(c, KEY).actions).map((d) => d.ref.name), ['hello-mine']);
});

test('a finished Job is named by its True condition: Complete False and Failed True is Failed', () => {
  const base = withJob(at(holding({ schedule: '0 * * * *' }), minute(10)), 0, { startTime: timestamp(T0), failed: 1, conditions: [{ ...condition('Complete', minute(3)), status: 'False' }, condition('Failed', minute(3))] }, 'hello-28928160');
  const j = job(base, 'hello-28928160');
  const r = cjc.sync(setStatus(base, KEY, { lastScheduleTime: timestamp(T0), active: [ref(j)] }), KEY);
  assert.deepEqual(events(r.actions), ['Normal SawCompletedJob Saw completed job: hello-28928160, condition: Failed']);
});

test('only Jobs this CronJob controls count: not one it owns without being the controller, nor another kind it controls', () => {
  let c = at(holding({ schedule: '0 * * * *' }), minute(10));
  c = setStatus(c, KEY, { lastScheduleTime: timestamp(T0) });
  const uid = cronJob(c).metadata.uid!;
  const owned = dispatch(c, {
    type: 'create',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'hello-28928160', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid, controller: false }] },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'busybox:1.36' }] } } },
    },
  });
  assert.ok(owned.outcome.ok);
  const cm = dispatch(owned.cluster, { type: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello-28928100', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid, controller: true }] }, data: {} } });
  assert.ok(cm.outcome.ok);
  assert.deepEqual(cjc.sync(cm.cluster, KEY).actions, [], 'neither is taken into active nor reported');
});

test('with two active Jobs, the one that finished or went is dropped and the other kept', () => {
  // the running one comes first, so it is seen in the list before the finished one leaves it
  let c = at(holding({ schedule: '0 * * * *' }), minute(70));
  c = withJob(c, 0, {}, 'hello-28928160');
  c = withJob(c, 60, completed(60, 63), 'hello-28928220');
  const running = job(c, 'hello-28928160');
  const done = job(c, 'hello-28928220');
  const r = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(minute(60)), active: [ref(done), ref(running)] }), KEY);
  assert.deepEqual(statusWrites(r.actions), [{ lastScheduleTime: timestamp(minute(60)), active: [ref(running)] }]);
  const gone = { apiVersion: 'batch/v1', kind: 'Job', name: 'hello-28928100', namespace: 'default', uid: 'gone-uid' };
  // (the finished one, not active, gives its completion time)
  const m = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(minute(60)), active: [gone, ref(running)] }), KEY);
  assert.deepEqual(statusWrites(m.actions), [{ lastScheduleTime: timestamp(minute(60)), lastSuccessfulTime: timestamp(minute(63)), active: [ref(running)] }]);
});

test('missed times are counted from the last schedule, not the creation', () => {
  const c = setStatus(at(holding(), minute(201)), KEY, { lastScheduleTime: timestamp(minute(200)) });
  const r = cjc.sync(c, KEY);
  assert.deepEqual(events(r.actions), []);
  assert.equal(creates(r.actions)[0]!.object.metadata.name, 'hello-28928361');
});

test('Replace deletes every active Job, each once', () => {
  let c = at(holding({ schedule: '0 * * * *', concurrencyPolicy: 'Replace' }), minute(120));
  c = withJob(c, 0, {}, 'hello-28928160');
  c = withJob(c, 60, {}, 'hello-28928220');
  const a = job(c, 'hello-28928160');
  const b = job(c, 'hello-28928220');
  const r = cjc.sync(setStatus(c, KEY, { lastScheduleTime: timestamp(minute(60)), active: [ref(a), ref(b)] }), KEY);
  assert.deepEqual(deletes(r.actions).map((d) => [d.ref.name, d.preconditions?.uid]), [
    ['hello-28928160', a.metadata.uid],
    ['hello-28928220', b.metadata.uid],
  ]);
});

test('a status change is written even when the sync also reports why it starts nothing', () => {
  let c = at(holding({ schedule: '0 * * * *', concurrencyPolicy: 'Forbid' }), minute(70));
  c = withJob(c, 0, completed(0, 3), 'hello-28928160');
  c = withJob(c, 60, {}, 'hello-28928220');
  const done = job(c, 'hello-28928160');
  const running = job(c, 'hello-28928220');
  // 02:00 has not come; at 02:00 the running one still blocks
  const r = cjc.sync({ ...setStatus(c, KEY, { lastScheduleTime: timestamp(minute(60)), active: [ref(done), ref(running)] }), now: minute(120) }, KEY);
  assert.deepEqual(events(r.actions), ['Normal SawCompletedJob Saw completed job: hello-28928160, condition: Complete', 'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid']);
  assert.deepEqual(statusWrites(r.actions), [{ lastScheduleTime: timestamp(minute(60)), active: [ref(running)] }]);
});

test('a restarted controller lists every CronJob, sorted by key', () => {
  let c = createCluster({ seed: 1 });
  for (const ns of ['a', 'a-b']) {
    const r = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    assert.ok(r.outcome.ok);
    c = r.cluster;
  }
  for (const [ns, name] of [['a', 'y'], ['a-b', 'x'], ['a', 'b']]) {
    const r = dispatch(c, { type: 'create', object: { ...manifest({}, name!), metadata: { name, namespace: ns } } });
    assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
    c = r.cluster;
  }
  assert.deepEqual(cjc.resyncKeys(c), ['CronJob/a-b/x', 'CronJob/a/b', 'CronJob/a/y']);
});
