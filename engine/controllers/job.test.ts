import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, createCluster, DEFAULT_START, dispatch, eventsOf, KObject, runSync, settle, timestamp } from '../index';
import { Cluster } from '../cluster';
import { keyOf } from '../store/store';
import { backoffRemaining, COMPLETION_INDEX, formatIndexes, isJobFinished, JOB_TRACKING_FINALIZER, jobController as jc } from './job';

const T0 = DEFAULT_START;
const KEY = 'Job/default/pi';
const S = 1000;

// ---------------------------------------------------------------------------------------------
// helpers: a cluster where only the Job controller runs, so pods stay where a test puts them

function manifest(spec: Record<string, any> = {}, name = 'pi'): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36', command: ['sleep', '5'] }] } }, ...spec },
  };
}

/** A Job created and synced by the Job controller alone: its first pods exist, Pending and unscheduled. */
function start(spec: Record<string, any> = {}, name = 'pi'): Cluster {
  const c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: manifest(spec, name) }).cluster;
  return settle(c, { controllers: [jc] });
}
const sync = (c: Cluster) => settle(c, { controllers: [jc] });
const job = (c: Cluster, name = 'pi') => c.store.objects.get(`Job/default/${name}`)!;
/** the Job's pods, oldest first */
const podsOf = (c: Cluster, name = 'pi') =>
  [...c.store.objects.values()]
    .filter((p) => p.kind === 'Pod' && p.metadata.labels?.['job-name'] === name)
    .sort((a, b) => a.metadata.creationTimestamp!.localeCompare(b.metadata.creationTimestamp!) || a.metadata.name!.localeCompare(b.metadata.name!));
const live = (c: Cluster, pod: KObject) => c.store.objects.get(keyOf(pod));
const at = (c: Cluster, ms: number): Cluster => ({ ...c, now: ms });

function setStatus(c: Cluster, pod: KObject, status: Record<string, any>): Cluster {
  const cur = live(c, pod)!;
  const r = dispatch(c, { type: 'updateStatus', object: { ...cur, status: { ...cur.status, ...status } } });
  assert.ok(r.outcome.ok, 'status written');
  return r.cluster;
}
const terminated = (when: number, exitCode = 0) => ({ name: 'w', ready: false, restartCount: 0, state: { terminated: { exitCode, finishedAt: timestamp(when) } } });
/** the pod's container ended at `when` (now by default) and the pod with it */
const finish = (c: Cluster, pod: KObject, phase: 'Succeeded' | 'Failed', when = c.now) => setStatus(c, pod, { phase, containerStatuses: [terminated(when, phase === 'Succeeded' ? 0 : 1)] });
const running = (c: Cluster, pod: KObject, extra: Record<string, any> = {}) =>
  setStatus(c, pod, {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(c.now) }],
    containerStatuses: [{ name: 'w', ready: true, restartCount: 0, state: { running: { startedAt: timestamp(c.now) } } }],
    ...extra,
  });
function remove(c: Cluster, pod: KObject): Cluster {
  const r = dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: pod.metadata.name! } });
  assert.ok(r.outcome.ok);
  return r.cluster;
}

/** The API calls of a sync, flattened, in order: what the controller asks of the API server. */
function calls(actions: Action[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (a.type === 'slowStart' || a.type === 'sequence') out.push(...calls(a.actions));
    else if (a.type === 'create') out.push(`create ${a.object.metadata.generateName}`);
    else if (a.type === 'delete') out.push(`delete ${a.ref.name}`);
    else if (a.type === 'patch') out.push(`${JSON.stringify(a.patch).includes('$deleteFromPrimitiveList/finalizers') ? 'unfinalize' : 'patch'} ${a.ref.name}`);
    else if (a.type === 'updateStatus') out.push('status');
    else if (a.type === 'event') out.push(`event ${a.event.type} ${a.event.reason}: ${a.event.message}`);
    else out.push(a.type);
  }
  return out;
}
/** the statuses a sync writes, in order */
function statuses(actions: Action[]): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const a of actions) {
    if (a.type === 'slowStart' || a.type === 'sequence') out.push(...statuses(a.actions));
    else if (a.type === 'updateStatus') out.push(a.object.status);
  }
  return out;
}
const conditions = (j: KObject) => (j.status?.conditions ?? []).map((x: any) => [x.type, x.status, x.reason, x.message]);
const jobEvents = (c: Cluster, name = 'pi') => eventsOf(c, job(c, name)).map((e) => `${e.type} ${e.reason}: ${e.message}`);

// ---------------------------------------------------------------------------------------------
// pure functions

test('formatIndexes writes ascending indexes with runs of three or more as ranges (orderedIntervals.String)', () => {
  assert.equal(formatIndexes([]), '');
  assert.equal(formatIndexes([4]), '4');
  assert.equal(formatIndexes([9, 0, 2, 1, 5, 11, 10, 2]), '0-2,5,9-11');
  assert.equal(formatIndexes(new Set([7, 3, 6, 5])), '3,5-7');
  assert.equal(formatIndexes([12, 3]), '3,12', 'numeric, not lexical, order');
});

test('isJobFinished: a Complete or Failed condition that is True', () => {
  const withConditions = (...cs: [string, string][]) => ({ ...manifest(), status: { conditions: cs.map(([type, status]) => ({ type, status })) } });
  assert.equal(isJobFinished(manifest()), false);
  assert.equal(isJobFinished(withConditions(['Complete', 'True'])), true);
  assert.equal(isJobFinished(withConditions(['Suspended', 'False'], ['Failed', 'True'])), true);
  assert.equal(isJobFinished(withConditions(['Complete', 'False'], ['Failed', 'False'])), false);
  assert.equal(isJobFinished(withConditions(['SuccessCriteriaMet', 'True'], ['FailureTarget', 'True'])), false, 'the interim conditions are not the end');
});

// backoff_utils.go: the pods a test hands backoffRemaining
let uidN = 0;
function endedPod(phase: string, finishedAt: number | undefined, extra: Record<string, any> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${++uidN}`, uid: `u${uidN}`, creationTimestamp: timestamp(T0 - 3600 * S), ...(extra.metadata ?? {}) },
    status: { phase, ...(finishedAt === undefined ? {} : { containerStatuses: [terminated(finishedAt)] }), ...(extra.status ?? {}) },
  };
}
const failedAt = (ms: number) => endedPod('Failed', ms);
const succeededAt = (ms: number) => endedPod('Succeeded', ms);

test('back-off: 10 s after the last failure, doubling with each failure since the last success', () => {
  const j = manifest();
  assert.equal(backoffRemaining(j, [], T0), 0, 'no failure, no wait');
  assert.equal(backoffRemaining(j, [succeededAt(T0)], T0), 0);
  assert.equal(backoffRemaining(j, [endedPod('Running', undefined), endedPod('Pending', undefined)], T0), 0, 'pods still going are not failures');
  assert.equal(backoffRemaining(j, [failedAt(T0)], T0 + 4 * S), 6 * S);
  assert.equal(backoffRemaining(j, [failedAt(T0 - 5 * S), failedAt(T0)], T0 + 5 * S), 15 * S, 'the second failure waits 20 s from the latest one');
  assert.equal(backoffRemaining(j, [failedAt(T0), failedAt(T0 - 10 * S), failedAt(T0 - 20 * S)], T0), 40 * S, 'in any order');
  // the wait is over once the back-off has elapsed
  assert.equal(backoffRemaining(j, [failedAt(T0)], T0 + 10 * S), 0);
  assert.equal(backoffRemaining(j, [failedAt(T0)], T0 + 11 * S), 0);
});

test('back-off: a success clears the failures before it, not those after it', () => {
  const j = manifest();
  assert.equal(backoffRemaining(j, [failedAt(T0 - 2 * S), failedAt(T0 - S), succeededAt(T0)], T0), 0);
  // listed out of order: the order that counts is when they finished
  assert.equal(backoffRemaining(j, [succeededAt(T0), failedAt(T0 - 2 * S), failedAt(T0 - S)], T0), 0);
  assert.equal(backoffRemaining(j, [failedAt(T0 + 3 * S), failedAt(T0 - 9 * S), succeededAt(T0), failedAt(T0 - 10 * S)], T0 + 3 * S), 10 * S);
  assert.equal(backoffRemaining(j, [failedAt(T0 + S), succeededAt(T0), failedAt(T0 + 2 * S)], T0 + 2 * S), 20 * S);
});

test('back-off: at most ten minutes (MaxJobPodFailureBackOff)', () => {
  const j = manifest();
  const failures = (n: number) => Array.from({ length: n }, (_, i) => failedAt(T0 - i * S));
  assert.equal(backoffRemaining(j, failures(6), T0), 320 * S);
  assert.equal(backoffRemaining(j, failures(7), T0), 600 * S, '640 s is capped');
  assert.equal(backoffRemaining(j, failures(30), T0 + 100 * S), 500 * S);
});

test('back-off: when a pod finished is read from its containers, its Ready condition, its deletion or its creation (getFinishedTime)', () => {
  const j = manifest();
  // all containers terminated: the latest of them
  const two = endedPod('Failed', undefined, { status: { containerStatuses: [terminated(T0 - 8 * S), terminated(T0 - 2 * S)] } });
  assert.equal(backoffRemaining(j, [two], T0), 8 * S);
  // a container that never ran: the moment the pod stopped being ready
  const readyFalse = { type: 'Ready', status: 'False', lastTransitionTime: timestamp(T0 - 3 * S) };
  const half = endedPod('Failed', undefined, {
    status: { conditions: [readyFalse], containerStatuses: [terminated(T0 - 8 * S), { name: 'x', state: { waiting: { reason: 'PodInitializing' } } }] },
  });
  assert.equal(backoffRemaining(j, [half], T0), 7 * S);
  assert.equal(backoffRemaining(j, [endedPod('Failed', undefined, { status: { conditions: [readyFalse] } })], T0), 7 * S, 'no container status at all');
  // a pod deleted before it ended fails (podReplacementPolicy TerminatingOrFailed) when its grace period began
  const deleted = endedPod('Running', undefined, { metadata: { deletionTimestamp: timestamp(T0 + 30 * S), deletionGracePeriodSeconds: 30 } });
  assert.equal(backoffRemaining(j, [deleted], T0 + 4 * S), 6 * S);
  const deletedNoGrace = endedPod('Pending', undefined, { metadata: { deletionTimestamp: timestamp(T0 - 4 * S) } });
  assert.equal(backoffRemaining(j, [deletedNoGrace], T0), 6 * S);
  // with nothing else to go by (a Ready condition without a transition time is no help): its creation
  const bare = endedPod('Failed', undefined, { metadata: { creationTimestamp: timestamp(T0 - 9 * S) } });
  assert.equal(backoffRemaining(j, [bare], T0), S);
  const undated = endedPod('Failed', undefined, { metadata: { creationTimestamp: timestamp(T0 - 9 * S) }, status: { conditions: [{ type: 'Ready', status: 'False' }] } });
  assert.equal(backoffRemaining(j, [undated], T0), S);
});

test('back-off: with podReplacementPolicy Failed a deleted pod is no failure until it fails; a deleted succeeded pod never is', () => {
  const deleted = endedPod('Running', undefined, { metadata: { deletionTimestamp: timestamp(T0), deletionGracePeriodSeconds: 0 } });
  assert.equal(backoffRemaining(manifest({ podReplacementPolicy: 'Failed' }), [deleted], T0), 0);
  assert.equal(backoffRemaining(manifest({ podReplacementPolicy: 'Failed' }), [failedAt(T0)], T0), 10 * S);
  assert.equal(backoffRemaining(manifest({ podReplacementPolicy: 'TerminatingOrFailed' }), [deleted], T0), 10 * S);
  const doneThenDeleted = endedPod('Succeeded', T0 - 20 * S, { metadata: { deletionTimestamp: timestamp(T0) } });
  assert.equal(backoffRemaining(manifest(), [failedAt(T0 - 30 * S), doneThenDeleted], T0), 0, 'a success, not a failure');
});

// ---------------------------------------------------------------------------------------------
// which keys a change wakes; the orphan pods

test('a Job wakes itself; a pod wakes the Job that controls it, and an orphan with the finalizer also wakes its own key', () => {
  const c = start({ parallelism: 2, completions: 2 });
  const j = job(c);
  const [pod] = podsOf(c);
  assert.deepEqual(jc.enqueue(c, KEY, null, j), [KEY]);
  assert.deepEqual(jc.enqueue(c, KEY, j, undefined), [KEY], 'a deleted Job too');
  assert.deepEqual(jc.enqueue(c, 'Service/default/x', null, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }), []);
  // only pods: not even another kind that carries the Job's labels and finalizer
  const lookalike = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { ...pod.metadata.labels }, finalizers: [JOB_TRACKING_FINALIZER] } };
  assert.deepEqual(jc.enqueue(c, 'ConfigMap/default/x', null, lookalike), []);
  assert.deepEqual(jc.enqueue(c, keyOf(pod), null, undefined), []);
  assert.deepEqual(jc.enqueue(c, keyOf(pod), null, pod), [KEY]);
  assert.deepEqual(jc.enqueue(c, keyOf(pod), pod, undefined), [KEY], 'a deleted pod wakes its Job');
  // released by its Job, still carrying the finalizer: its old Job and the orphan queue
  const orphan = { ...pod, metadata: { ...pod.metadata, ownerReferences: [] } };
  assert.deepEqual(jc.enqueue(c, keyOf(pod), pod, orphan), [KEY, keyOf(pod)]);
  // an orphan without the finalizer only interests Jobs whose selector matches it
  const plain = { ...orphan, metadata: { ...orphan.metadata, finalizers: [] } };
  assert.deepEqual(jc.enqueue(c, keyOf(pod), null, plain), [KEY]);
  assert.deepEqual(jc.enqueue(c, keyOf(pod), null, { ...plain, metadata: { ...plain.metadata, labels: { app: 'other' } } }), []);
  // the Job that controls it has finished: nobody will count it, the orphan queue frees it (upstream gets
  // there through updateJob's cleanupPodFinalizers; this level-triggered loop looks at the pod itself)
  const finished = setJobStatus(c, { conditions: [{ type: 'Complete', status: 'True' }] });
  assert.deepEqual(jc.enqueue(finished, keyOf(pod), pod, pod), [KEY, keyOf(pod)]);
  assert.deepEqual(jc.enqueue(finished, keyOf(pod), pod, plainOwned(pod)), [KEY], 'no finalizer, nothing to free');
  // its Job is gone (upstream: deleteJob's cleanupPodFinalizers)
  const gone = dispatch(c, { type: 'delete', ref: { kind: 'Job', name: 'pi' }, propagationPolicy: 'Background' }).cluster;
  assert.equal(gone.store.objects.get(KEY), undefined);
  assert.deepEqual(jc.enqueue(gone, keyOf(pod), pod, pod), [keyOf(pod)]);
});
const plainOwned = (pod: KObject) => ({ ...pod, metadata: { ...pod.metadata, finalizers: [] } });
function setJobStatus(c: Cluster, status: Record<string, any>): Cluster {
  const r = dispatch(c, { type: 'updateStatus', object: { ...job(c), status: { ...job(c).status, ...status } } });
  assert.ok(r.outcome.ok);
  return r.cluster;
}

test('a restarted controller lists every Job and every pod with the finalizer that no unfinished Job tracks', () => {
  let c = start({ parallelism: 2, completions: 2 });
  c = dispatch(c, { type: 'create', object: manifest({}, 'other') }).cluster;
  const [a, b] = podsOf(c);
  assert.deepEqual(jc.resyncKeys(c), ['Job/default/other', KEY]);
  // a stray pod with the finalizer and no owner, and a pod of another kind of owner: both listed (sync tells them apart)
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', finalizers: [JOB_TRACKING_FINALIZER] }, spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] } } }).cluster;
  assert.deepEqual(jc.resyncKeys(c), ['Job/default/other', KEY, 'Pod/default/stray']);
  c = setJobStatus(c, { conditions: [{ type: 'Failed', status: 'True' }] });
  assert.deepEqual(jc.resyncKeys(c), ['Job/default/other', KEY, keyOf(a), keyOf(b), 'Pod/default/stray'].sort());
});

test('the orphan queue removes the finalizer from a pod no unfinished batch/v1 Job controls, and from no other', () => {
  let c = start({ parallelism: 2, completions: 2 });
  const [a] = podsOf(c);
  const unfinalize = (pod: KObject) => [{ type: 'patch', actor: 'job-controller', ignoreNotFound: true, ref: { kind: 'Pod', namespace: 'default', name: pod.metadata.name }, patchType: 'strategic', patch: { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER], uid: pod.metadata.uid } } }];
  assert.deepEqual(jc.sync(c, keyOf(a)), { actions: [] }, 'its Job is running: the Job counts it');
  assert.deepEqual(jc.sync(c, 'Pod/default/nope'), { actions: [] });
  assert.deepEqual(jc.sync(c, 'Job/default/nope'), { actions: [] });
  // owned by something else than a batch/v1 Job: not ours to touch
  for (const owner of [
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true },
    { apiVersion: 'batch/v2', kind: 'Job', name: 'pi', uid: job(c).metadata.uid!, controller: true },
  ]) {
    const other = dispatch(c, { type: 'patch', ref: { kind: 'Pod', name: a.metadata.name! }, patchType: 'merge', patch: { metadata: { ownerReferences: [owner] } } }).cluster;
    assert.deepEqual(jc.sync(other, keyOf(a)), { actions: [] }, `${owner.apiVersion} ${owner.kind}`);
  }
  // an orphan: freed
  const orphaned = dispatch(c, { type: 'patch', ref: { kind: 'Pod', name: a.metadata.name! }, patchType: 'merge', patch: { metadata: { ownerReferences: null } } }).cluster;
  assert.deepEqual(jc.sync(orphaned, keyOf(a)).actions, unfinalize(a));
  // its Job finished: freed
  c = setJobStatus(c, { conditions: [{ type: 'Complete', status: 'True' }] });
  assert.deepEqual(jc.sync(c, keyOf(a)).actions, unfinalize(a));
  const freed = runSync(c, jc, keyOf(a));
  assert.deepEqual(live(freed, a)!.metadata.finalizers ?? [], []);
  assert.deepEqual(jc.sync(freed, keyOf(a)), { actions: [] }, 'nothing left to remove');
  // a finished Job is not synced again
  assert.deepEqual(jc.sync(c, KEY), { actions: [] });
});

// ---------------------------------------------------------------------------------------------
// creating pods, and counting them through uncountedTerminatedPods

test('a new Job gets parallelism pods, each with the tracking finalizer and the Job as its controller', () => {
  const c = start({ completions: 3, parallelism: 2, template: { metadata: { annotations: { note: 'kept' }, labels: { tier: 'batch' } }, spec: manifest().spec.template.spec } });
  const j = job(c);
  const pods = podsOf(c);
  assert.equal(pods.length, 2);
  for (const p of pods) {
    assert.match(p.metadata.name!, /^pi-[a-z0-9]{5}$/);
    assert.deepEqual(p.metadata.finalizers, [JOB_TRACKING_FINALIZER]);
    assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(p.metadata.labels!.tier, 'batch');
    assert.equal(p.metadata.labels!['batch.kubernetes.io/controller-uid'], j.metadata.uid);
    assert.deepEqual(p.metadata.annotations, { note: 'kept' });
    assert.equal(p.spec.restartPolicy, 'Never');
    assert.equal(p.spec.hostname, undefined, 'only Indexed pods get a hostname');
  }
  assert.deepEqual(j.status, { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 2, ready: 0, terminating: 0 });
  assert.deepEqual(jobEvents(c).sort(), pods.map((p) => `Normal SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
  // the creations go out in slow-start batches
  const fresh = dispatch(createCluster({ seed: 1 }), { type: 'create', object: manifest({ completions: 3, parallelism: 2 }) }).cluster;
  assert.deepEqual(jc.sync(fresh, KEY).actions[0].type, 'slowStart');
  // nothing more to do
  assert.deepEqual(jc.sync(c, KEY), { actions: [], wakeAt: undefined });
});

test('a pod without template annotations gets none', () => {
  const [p] = podsOf(start());
  assert.equal(p.metadata.annotations, undefined);
});

test('a succeeded pod goes into uncountedTerminatedPods, loses its finalizer, then is counted; the pod stays', () => {
  let c = start({ completions: 2, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = at(c, T0 + 6 * S);
  c = finish(c, a, 'Succeeded', T0 + 5 * S);
  const r = jc.sync(c, KEY);
  // the three writes depend on each other: one sequence
  assert.equal(r.actions.length, 1);
  assert.equal(r.actions[0].type, 'sequence');
  assert.deepEqual(calls(r.actions), ['status', `unfinalize ${a.metadata.name}`, 'status']);
  const [first, second] = statuses(r.actions);
  assert.deepEqual(first, { uncountedTerminatedPods: { succeeded: [a.metadata.uid] }, startTime: timestamp(T0), active: 1, ready: 1, terminating: 0 });
  assert.deepEqual(second, { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 1, ready: 1, terminating: 0, succeeded: 1 });
  c = runSync(c, jc, KEY);
  assert.deepEqual(job(c).status, second);
  assert.deepEqual(live(c, a)!.metadata.finalizers ?? [], []);
  assert.equal(live(c, a)!.status.phase, 'Succeeded', 'the finished pod stays');
  assert.equal(podsOf(c).length, 2, 'one completion left, and one pod running for it');
  assert.deepEqual(jc.sync(c, KEY).actions, []);

  // the last completion: SuccessCriteriaMet goes with the uncounted pod, Complete once it is counted
  c = at(c, T0 + 9 * S);
  c = finish(c, b, 'Succeeded');
  const done = jc.sync(c, KEY);
  assert.deepEqual(calls(done.actions), ['status', `unfinalize ${b.metadata.name}`, 'status', 'event Normal Completed: Job completed']);
  const [interim, final] = statuses(done.actions);
  assert.deepEqual(conditions({ status: interim } as KObject), [['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods']]);
  assert.deepEqual(interim.uncountedTerminatedPods, { succeeded: [b.metadata.uid] });
  assert.equal(interim.completionTime, undefined);
  assert.deepEqual(conditions({ status: final } as KObject), [
    ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
  ]);
  assert.equal(final.completionTime, timestamp(T0 + 9 * S));
  assert.equal(final.succeeded, 2);
  assert.equal(final.active, undefined, 'zero counters are left out');
  assert.equal(final.conditions[1].lastTransitionTime, timestamp(T0 + 9 * S));
  c = runSync(c, jc, KEY);
  assert.ok(isJobFinished(job(c)));
  assert.deepEqual(jobEvents(c).slice(-1), ['Normal Completed: Job completed']);
  assert.deepEqual(jc.sync(c, KEY), { actions: [] }, 'a finished Job is left alone');
});

test('a sync after a partial write picks up where it stopped: uncounted pods are freed, then counted, never twice', () => {
  let c = start({ completions: 3, parallelism: 3 });
  const [a, b, d] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = finish(c, b, 'Failed');
  c = finish(c, d, 'Succeeded');
  // the first write landed (a and b uncounted) and a's finalizer went; then the controller stopped
  c = setJobStatus(c, { uncountedTerminatedPods: { succeeded: [a.metadata.uid], failed: [b.metadata.uid] } });
  c = dispatch(c, { type: 'patch', ref: { kind: 'Pod', name: a.metadata.name! }, patchType: 'json', patch: [{ op: 'remove', path: '/metadata/finalizers' }] }).cluster;
  const r = jc.sync(c, KEY);
  // a is counted at once; b still has its finalizer and stays uncounted until it is removed; d is new
  assert.deepEqual(calls(r.actions).filter((x) => x !== 'create pi-'), ['status', `unfinalize ${b.metadata.name}`, `unfinalize ${d.metadata.name}`, 'status']);
  const [first, second] = statuses(r.actions);
  assert.deepEqual([first.succeeded, first.failed, first.uncountedTerminatedPods], [1, undefined, { succeeded: [d.metadata.uid], failed: [b.metadata.uid] }]);
  assert.deepEqual([second.succeeded, second.failed, second.uncountedTerminatedPods], [2, 1, {}]);
  c = runSync(c, jc, KEY);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed], [2, 1]);
  // gone before it was counted: counted all the same
  let g = start({ completions: 2 });
  const [p] = podsOf(g);
  g = finish(g, p, 'Succeeded');
  g = setJobStatus(g, { uncountedTerminatedPods: { succeeded: [p.metadata.uid] } });
  g = dispatch(g, { type: 'patch', ref: { kind: 'Pod', name: p.metadata.name! }, patchType: 'json', patch: [{ op: 'remove', path: '/metadata/finalizers' }] }).cluster;
  g = dispatch(g, { type: 'delete', ref: { kind: 'Pod', name: p.metadata.name! } }).cluster;
  assert.equal(live(g, p), undefined);
  g = runSync(g, jc, KEY);
  assert.deepEqual([job(g).status.succeeded, job(g).status.uncountedTerminatedPods], [1, {}]);
});

// ---------------------------------------------------------------------------------------------
// failures: back-off, backoffLimit, restarts, deleted pods

test('a failed pod is counted and replaced after the back-off, which the controller waits out with a wake-up', () => {
  let c = start({ backoffLimit: 2 });
  const [a] = podsOf(c);
  c = at(c, T0 + 5 * S);
  c = finish(c, a, 'Failed');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', `unfinalize ${a.metadata.name}`, 'status']);
  assert.deepEqual(statuses(r.actions)[0].uncountedTerminatedPods, { failed: [a.metadata.uid] });
  assert.deepEqual(r.wakeAt, { at: T0 + 15 * S, kind: 'progress' });
  c = runSync(c, jc, KEY);
  assert.deepEqual(job(c).status, { uncountedTerminatedPods: {}, startTime: timestamp(T0), ready: 0, terminating: 0, failed: 1 });
  assert.equal(podsOf(c).length, 1, 'the failed pod stays, and no replacement yet');
  // half a second before the back-off ends: the controller still waits, but never less than syncJobBatchPeriod
  assert.deepEqual(jc.sync(at(c, T0 + 14.5 * S), KEY), { actions: [], wakeAt: { at: T0 + 15.5 * S, kind: 'progress' } });
  c = sync(at(c, T0 + 15 * S));
  assert.equal(podsOf(c).length, 2);
  assert.equal(job(c).status.active, 1);
  assert.equal(job(c).status.failed, 1);
});

test('during the back-off the Job reports no active pods, as upstream manageJob returns 0 then', () => {
  // job_controller.go manageJob: `if remainingTime > 0 { ...; return 0, ... }`
  let c = start({ completions: 2, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = finish(c, a, 'Failed');
  c = runSync(c, jc, KEY);
  assert.equal(job(c).status.active, undefined);
  assert.equal(job(c).status.ready, 1, 'ready still counts the running pod');
  assert.equal(live(c, b)!.metadata.deletionTimestamp, undefined, 'nothing is stopped');
});

test('past backoffLimit the Job fails: FailureTarget first, its pods stopped and counted failed, then Failed once none is left', () => {
  let c = start({ completions: 2, parallelism: 2, backoffLimit: 1 });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = finish(c, a, 'Failed');
  c = runSync(c, jc, KEY);
  assert.equal(job(c).status.failed, 1);
  assert.deepEqual(job(c).status.conditions, undefined, 'backoffLimit 1 allows one failure');
  c = at(c, T0 + 20 * S);
  c = sync(c);
  const [, , d] = podsOf(c);
  assert.ok(d, 'replaced after the back-off');
  c = at(c, T0 + 25 * S);
  c = finish(c, d, 'Failed');
  const r = jc.sync(c, KEY);
  const sent = calls(r.actions);
  assert.deepEqual([...sent.slice(0, 2), ...sent.slice(2, 4).sort(), sent[4]], [`delete ${b.metadata.name}`, 'status', ...[`unfinalize ${b.metadata.name}`, `unfinalize ${d.metadata.name}`].sort(), 'status']);
  const [first, second] = statuses(r.actions);
  const target = ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
  assert.deepEqual(conditions({ status: first } as KObject), [target]);
  assert.deepEqual(Object.keys(first.uncountedTerminatedPods), ['failed']);
  assert.deepEqual([...first.uncountedTerminatedPods.failed].sort(), [b.metadata.uid, d.metadata.uid].sort(), 'the running pod counts as failed too');
  assert.deepEqual([first.active, first.ready, first.terminating], [undefined, 0, 1]);
  assert.deepEqual([second.failed, second.uncountedTerminatedPods], [3, {}]);
  assert.deepEqual(conditions({ status: second } as KObject), [target], 'Failed waits for the terminating pod');
  c = runSync(c, jc, KEY);
  assert.equal(live(c, b), undefined, 'the stopped pod is gone once its finalizer is');
  // the next sync finds nothing terminating: Failed, with the interim condition's reason and message
  const end = jc.sync(c, KEY);
  // (two writes, as upstream flushes the changed terminating count before enactJobFinished)
  assert.deepEqual(calls(end.actions), ['status', 'status', 'event Warning BackoffLimitExceeded: Job has reached the specified backoff limit']);
  const last = statuses(end.actions)[1];
  assert.deepEqual(conditions({ status: last } as KObject), [target, ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']]);
  assert.equal(last.completionTime, undefined, 'only a Complete Job has a completionTime');
  assert.equal(last.terminating, 0);
  c = runSync(c, jc, KEY);
  assert.ok(isJobFinished(job(c)));
  assert.equal(job(c).status.failed, 3);
});

test('backoffLimit 0: the first failure fails the Job', () => {
  let c = start({ backoffLimit: 0 });
  const [a] = podsOf(c);
  c = finish(c, a, 'Failed');
  c = sync(c);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['FailureTarget', 'Failed']);
  assert.deepEqual(jobEvents(c).slice(-1), ['Warning BackoffLimitExceeded: Job has reached the specified backoff limit']);
  assert.equal(podsOf(c).length, 1, 'no replacement');
});

test('with restartPolicy OnFailure, container restarts of running and pending pods count against backoffLimit', () => {
  const onFailure = (backoffLimit: number) => start({ backoffLimit, template: { spec: { ...manifest().spec.template.spec, restartPolicy: 'OnFailure' } } });
  const restarted = (c: Cluster, pod: KObject, phase: string, counts: number[], init: number[] = []) =>
    setStatus(c, pod, {
      phase,
      initContainerStatuses: init.map((n, i) => ({ name: `i${i}`, restartCount: n, state: { running: {} } })),
      containerStatuses: counts.map((n, i) => ({ name: `c${i}`, restartCount: n, state: { running: {} } })),
    });
  /** the reasons of the conditions the next sync writes first */
  const failing = (c: Cluster) => (statuses(jc.sync(c, KEY).actions)[0]?.conditions ?? []).map((x: { reason: string }) => x.reason);
  // backoffLimit 3: three restarts in all, across containers and init containers
  let c = onFailure(3);
  let [a] = podsOf(c);
  assert.deepEqual(failing(restarted(c, a, 'Running', [1, 1])), []);
  assert.deepEqual(failing(restarted(c, a, 'Running', [1, 1], [1])), ['BackoffLimitExceeded']);
  assert.deepEqual(failing(restarted(c, a, 'Pending', [3])), ['BackoffLimitExceeded']);
  assert.deepEqual(failing(restarted(c, a, 'Running', [4])), ['BackoffLimitExceeded']);
  // restarts of a pod that has ended do not count (it is counted as failed or succeeded instead)
  assert.deepEqual(failing(restarted(c, a, 'Succeeded', [3])), ['CompletionsReached']);
  // backoffLimit 0: any restart
  c = onFailure(0);
  [a] = podsOf(c);
  assert.deepEqual(failing(restarted(c, a, 'Running', [0])), []);
  assert.deepEqual(failing(restarted(c, a, 'Running', [1])), ['BackoffLimitExceeded']);
  // restartPolicy Never: restarts are not the Job's business (a kubelet would not restart anyway)
  c = start({ backoffLimit: 0 });
  [a] = podsOf(c);
  assert.deepEqual(failing(restarted(c, a, 'Running', [5])), []);
});

test('a pod deleted before it finished counts as failed, from its deletion, and is replaced after the back-off', () => {
  let c = start({ completions: 1 });
  const [a] = podsOf(c);
  c = at(c, T0 + 5 * S);
  c = remove(c, a);
  assert.ok(live(c, a)!.metadata.deletionTimestamp, 'the finalizer holds it');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', `unfinalize ${a.metadata.name}`, 'status']);
  assert.deepEqual(statuses(r.actions)[0].uncountedTerminatedPods, { failed: [a.metadata.uid] });
  assert.deepEqual(r.wakeAt, { at: T0 + 15 * S, kind: 'progress' });
  c = runSync(c, jc, KEY);
  assert.equal(live(c, a), undefined);
  assert.equal(job(c).status.failed, 1);
  assert.equal(job(c).status.terminating, 1, 'it was terminating when the controller looked');
  c = sync(at(c, T0 + 15 * S));
  assert.equal(podsOf(c).length, 1);
  assert.equal(job(c).status.terminating, 0);
});

test('with podReplacementPolicy Failed a terminating pod is neither failed nor replaced until it has failed', () => {
  let c = start({ completions: 4, parallelism: 2, podReplacementPolicy: 'Failed' });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = at(c, T0 + 5 * S);
  c = remove(c, a);
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status'], 'no replacement while it terminates, and its finalizer stays');
  assert.deepEqual(statuses(r.actions)[0], { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 1, ready: 1, terminating: 1 });
  assert.equal(r.wakeAt, undefined);
  // once it has failed it is counted, and replaced after the back-off
  c = finish(c, a, 'Failed');
  const failed = jc.sync(c, KEY);
  assert.deepEqual(calls(failed.actions), ['status', `unfinalize ${a.metadata.name}`, 'status']);
  assert.deepEqual(failed.wakeAt, { at: T0 + 15 * S, kind: 'progress' });
  c = sync(at(runSync(c, jc, KEY), T0 + 15 * S));
  assert.equal(job(c).status.failed, 1);
  assert.equal(job(c).status.active, 2);
});

// ---------------------------------------------------------------------------------------------
// activeDeadlineSeconds, suspend, deletion

test('activeDeadlineSeconds: the controller wakes at the deadline and then fails the Job, stopping its pods', () => {
  let c = start({ activeDeadlineSeconds: 20, completions: 2, parallelism: 2 });
  const [a, b] = podsOf(c);
  assert.deepEqual(jc.sync(c, KEY).wakeAt, { at: T0 + 20 * S, kind: 'progress' });
  assert.deepEqual(jc.sync(at(c, T0 + 20 * S - 1), KEY).actions, []);
  c = running(at(c, T0 + 20 * S), b);
  const r = jc.sync(c, KEY);
  const sent = calls(r.actions);
  assert.deepEqual(sent.slice(0, 3).sort(), [`delete ${a.metadata.name}`, `delete ${b.metadata.name}`, 'status'].sort());
  assert.equal(r.wakeAt, undefined);
  const first = statuses(r.actions)[0];
  assert.deepEqual(conditions({ status: first } as KObject), [['FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']]);
  assert.deepEqual([first.active, first.ready, first.terminating], [undefined, 0, 2]);
  c = sync(c);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['FailureTarget', 'Failed']);
  assert.equal(job(c).status.failed, 2);
  assert.deepEqual(podsOf(c), []);
  assert.deepEqual(jobEvents(c).slice(-1), ['Warning DeadlineExceeded: Job was active longer than specified deadline']);
  assert.deepEqual(jobEvents(c).filter((e) => e.includes('Delete')).sort(), [a, b].map((p) => `Normal SuccessfulDelete: Deleted pod: ${p.metadata.name}`).sort());
});

test('the controller wakes for whichever comes first, the deadline or the end of the back-off', () => {
  const failedAtFive = (deadline: number) => {
    let c = start({ activeDeadlineSeconds: deadline, backoffLimit: 3 });
    c = at(c, T0 + 5 * S);
    return finish(c, podsOf(c)[0], 'Failed');
  };
  assert.deepEqual(jc.sync(failedAtFive(12), KEY).wakeAt, { at: T0 + 12 * S, kind: 'progress' });
  assert.deepEqual(jc.sync(failedAtFive(60), KEY).wakeAt, { at: T0 + 15 * S, kind: 'progress' });
});

test('a Job that already has FailureTarget or SuccessCriteriaMet goes on to Failed or Complete', () => {
  let c = start();
  c = setJobStatus(c, { conditions: [{ type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] });
  c = sync(c);
  assert.deepEqual(conditions(job(c))[1], ['Failed', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
  assert.deepEqual(podsOf(c), [], 'its pod stopped, and counted');
  assert.equal(job(c).status.failed, 1);
  // an interim condition that is not True does not count
  let d = start();
  d = setJobStatus(d, { conditions: [{ type: 'FailureTarget', status: 'False' }, { type: 'SuccessCriteriaMet', status: 'False' }] });
  assert.deepEqual(jc.sync(d, KEY).actions, []);
  // SuccessCriteriaMet: Complete, with its reason, once nothing is left running
  let e = start({ completions: 2 });
  e = finish(e, podsOf(e)[0], 'Succeeded');
  e = setJobStatus(e, { conditions: [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }] });
  e = sync(e);
  assert.deepEqual(conditions(job(e)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'Complete']);
  assert.equal(podsOf(e).length, 1, 'no second pod for the second completion: the Job had already succeeded');
  assert.equal(job(e).status.succeeded, 1);
});

test('suspending a Job deletes its active pods (their finalizers first, so they do not count as failed); resuming starts it again', () => {
  let c = start({ completions: 4, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = running(c, a);
  c = at(c, T0 + 10 * S);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { suspend: true } } }).cluster;
  const r = jc.sync(c, KEY);
  // each pod: its finalizer removed, then deleted, as one sequence
  const perPod = r.actions.filter((x) => x.type === 'sequence' && x.actions.length === 2);
  assert.deepEqual(perPod.map((x) => calls([x])).sort(), [a, b].map((p) => [`unfinalize ${p.metadata.name}`, `delete ${p.metadata.name}`]).sort());
  assert.deepEqual(calls(r.actions).slice(4), ['event Normal Suspended: Job suspended', 'status']);
  const st = statuses(r.actions)[0];
  assert.deepEqual(conditions({ status: st } as KObject), [['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
  assert.deepEqual([st.active, st.ready, st.terminating, st.failed], [undefined, 0, 2, undefined]);
  c = sync(c);
  assert.deepEqual(podsOf(c), []);
  assert.equal(job(c).status.failed, undefined);
  assert.equal(job(c).status.terminating, 0);
  assert.deepEqual(jc.sync(c, KEY).actions, [], 'suspended already: no second event');
  assert.deepEqual(jobEvents(c).filter((e) => e.includes('Suspended')), ['Normal Suspended: Job suspended']);

  // resumed: the condition turns False, an event, a new startTime (the deadline counts from now), and pods
  c = at(c, T0 + 60 * S);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { suspend: false } } }).cluster;
  const resumed = jc.sync(c, KEY);
  assert.deepEqual(calls(resumed.actions), ['create pi-', 'create pi-', 'event Normal Resumed: Job resumed', 'status']);
  const rs = statuses(resumed.actions)[0];
  assert.deepEqual(rs.conditions, [{ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: timestamp(T0 + 60 * S), lastTransitionTime: timestamp(T0 + 60 * S) }]);
  assert.equal(rs.startTime, timestamp(T0 + 60 * S));
  assert.equal(rs.active, 2);
  c = sync(c);
  assert.deepEqual(jc.sync(c, KEY).actions, [], 'resumed already: nothing more');
});

test('a Job created suspended has no startTime and no pods, only the Suspended condition', () => {
  let c = start({ suspend: true, activeDeadlineSeconds: 10 });
  assert.deepEqual(podsOf(c), []);
  assert.equal(job(c).status.startTime, undefined);
  assert.deepEqual(conditions(job(c)), [['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
  assert.deepEqual(jc.sync(at(c, T0 + 3600 * S), KEY), { actions: [], wakeAt: undefined }, 'no deadline runs while suspended');
  // a Job that was never suspended gets no Suspended condition at all (a False one is only ever an update)
  assert.deepEqual(conditions(job(start())), []);
  c = at(c, T0 + 30 * S);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { suspend: false } } }).cluster;
  c = sync(c);
  assert.equal(job(c).status.startTime, timestamp(T0 + 30 * S));
  assert.equal(podsOf(c).length, 1);
  assert.deepEqual(jc.sync(c, KEY).wakeAt, { at: T0 + 40 * S, kind: 'progress' });
});

test('a Job being deleted creates nothing and frees all its pods, counting only those that ended', () => {
  let c = start({ completions: 3, parallelism: 3 });
  const [a, b, d] = podsOf(c);
  c = running(c, b);
  c = finish(c, a, 'Failed');
  c = dispatch(c, { type: 'delete', ref: { kind: 'Job', name: 'pi' }, propagationPolicy: 'Orphan' }).cluster;
  assert.ok(job(c).metadata.deletionTimestamp);
  const r = jc.sync(c, KEY);
  const sent = calls(r.actions);
  assert.deepEqual(sent.filter((x) => x.startsWith('unfinalize')).sort(), [a, b, d].map((p) => `unfinalize ${p.metadata.name}`).sort());
  assert.ok(!sent.some((x) => x.startsWith('create') || x.startsWith('delete')));
  assert.deepEqual(statuses(r.actions)[0].uncountedTerminatedPods, { failed: [a.metadata.uid] });
  c = runSync(c, jc, KEY);
  assert.equal(job(c).status.failed, 1);
  assert.deepEqual(job(c).status.conditions, undefined, 'no Suspended condition is touched either');
  for (const p of [a, b, d]) assert.deepEqual(live(c, p)!.metadata.finalizers ?? [], []);
});

// ---------------------------------------------------------------------------------------------
// parallelism, work queues, adoption

test('a work queue (no completions) runs parallelism pods until one succeeds, then lets the rest finish and creates no more', () => {
  let c = start({ parallelism: 3 });
  assert.equal(job(c).spec.completions, undefined);
  const [a, b, d] = podsOf(c);
  assert.ok(d);
  c = finish(c, a, 'Succeeded');
  c = remove(c, b);
  const r = jc.sync(c, KEY);
  assert.ok(!calls(r.actions).some((x) => x.startsWith('create')), 'the deleted pod is not replaced once one has succeeded');
  c = runSync(c, jc, KEY);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed, job(c).status.active], [1, 1, 1]);
  assert.deepEqual(job(c).status.conditions, undefined, 'not done while a pod is still running');
  c = finish(c, d, 'Failed');
  c = sync(c);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'Complete']);
  assert.equal(job(c).status.failed, 2, 'a later failure is counted, and ignored');
});

test('a work queue waiting out a back-off, or suspended, with nothing succeeded is not complete', () => {
  let c = start({ parallelism: 1 });
  assert.equal(job(c).spec.completions, undefined);
  c = finish(c, podsOf(c)[0], 'Failed');
  c = sync(c);
  assert.deepEqual([job(c).status.failed, job(c).status.active, job(c).status.conditions], [1, undefined, undefined]);
  const s = start({ parallelism: 2, suspend: true });
  assert.deepEqual(conditions(job(s)).map((x: string[]) => x[0]), ['Suspended']);
});

test('a work queue with nothing succeeded yet replaces what failed', () => {
  let c = start({ parallelism: 2, completions: undefined });
  const [a] = podsOf(c);
  c = finish(c, a, 'Failed', T0 - 20 * S);
  c = sync(c);
  assert.equal(podsOf(c).length, 3);
  assert.equal(job(c).status.active, 2);
});

test('never more active pods than the completions still missing', () => {
  let c = start({ completions: 3, parallelism: 3 });
  const [a, b] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = finish(c, b, 'Succeeded');
  c = sync(c);
  assert.equal(podsOf(c).length, 3, 'one still running for the last completion');
  assert.equal(job(c).status.active, 1);
  // more completions than were asked for, and nothing running: done
  let d = start({ completions: 2, parallelism: 2 });
  for (const p of podsOf(d)) d = finish(d, p, 'Succeeded');
  d = sync(d);
  assert.equal(job(d).status.succeeded, 2);
  assert.ok(isJobFinished(job(d)));
  assert.ok(!jobEvents(d).some((e) => e.includes('TooManySucceededPods')), 'exactly completions is not too many');
});

test('lowering parallelism deletes the surplus, least advanced first, finalizer first', () => {
  let c = start({ completions: 6, parallelism: 3 });
  const [a, b, d] = podsOf(c);
  c = running(c, b);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { parallelism: 1 } } }).cluster;
  const r = jc.sync(c, KEY);
  const perPod = r.actions.filter((x) => x.type === 'sequence' && x.actions.length === 2);
  assert.deepEqual(perPod.map((x) => calls([x])).sort(), [a, d].map((p) => [`unfinalize ${p.metadata.name}`, `delete ${p.metadata.name}`]).sort(), 'the running, ready one stays');
  const st = statuses(r.actions)[0];
  assert.deepEqual([st.active, st.ready, st.terminating], [1, 1, 2]);
  c = sync(c);
  assert.deepEqual(podsOf(c).map((p) => p.metadata.name), [b.metadata.name]);
  assert.equal(job(c).status.failed, undefined, 'removed, not failed');
  // ready pods removed are no longer ready
  let e = start({ completions: 6, parallelism: 2 });
  for (const p of podsOf(e)) e = running(e, p);
  e = dispatch(e, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { parallelism: 0 } } }).cluster;
  const st0 = statuses(jc.sync(e, KEY).actions)[0];
  assert.deepEqual([st0.active, st0.ready, st0.terminating], [undefined, 0, 2]);
});

test('a matching orphan pod is adopted with the tracking finalizer and counted', () => {
  let c = start({ completions: 2, parallelism: 2 });
  const uid = job(c).metadata.uid!;
  const [a, b] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  // a pod that already succeeded, labelled for the Job, owned by nobody
  const stray: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid } }, spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] } };
  c = dispatch(c, { type: 'create', object: stray }).cluster;
  c = finish(c, stray, 'Succeeded');
  c = running(c, b);
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions).slice(0, 1), ['patch stray']);
  const adopt = r.actions[0];
  assert.deepEqual(adopt.type === 'patch' && (adopt.patch as any).metadata.finalizers, [JOB_TRACKING_FINALIZER]);
  assert.deepEqual(statuses(r.actions)[0].uncountedTerminatedPods.succeeded.sort(), [a.metadata.uid, live(c, stray)!.metadata.uid].sort());
  c = sync(c);
  assert.equal(job(c).status.succeeded, 2);
  assert.equal(live(c, stray)!.metadata.ownerReferences![0].uid, uid);
  assert.deepEqual(live(c, stray)!.metadata.finalizers ?? [], [], 'adopted, counted, and freed');
  // the running pod was one too many: deleted, and once it was gone the Job completed
  assert.equal(live(c, b), undefined);
  assert.equal(job(c).status.failed, undefined);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'Complete']);
});

test('more pods succeeded than completions: Complete, with a TooManySucceededPods warning', () => {
  let c = start({ completions: 1 });
  const uid = job(c).metadata.uid!;
  const [a] = podsOf(c);
  const extra: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'extra', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid } }, spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] } };
  c = dispatch(c, { type: 'create', object: extra }).cluster;
  c = finish(c, extra, 'Succeeded');
  c = finish(c, a, 'Succeeded');
  c = sync(c);
  assert.equal(job(c).status.succeeded, 2);
  assert.deepEqual(jobEvents(c).slice(-2), ['Warning TooManySucceededPods: Too many succeeded pods running after completion count reached', 'Normal Completed: Job completed']);
});

// ---------------------------------------------------------------------------------------------
// Indexed Jobs (indexed_job_utils.go)

const indexOf = (p: KObject) => p.metadata.annotations?.[COMPLETION_INDEX];
const indexed = (extra: Record<string, any> = {}) => start({ completionMode: 'Indexed', completions: 4, parallelism: 2, ...extra });

test('an Indexed Job gives each pod the lowest free index: in its name, annotation, label, hostname and environment', () => {
  const withEnv = {
    template: {
      spec: {
        restartPolicy: 'Never',
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'w', image: 'busybox:1.36', env: [{ name: 'A', value: '1' }] },
          { name: 'mine', image: 'busybox:1.36', env: [{ name: 'JOB_COMPLETION_INDEX', value: 'set by me' }] },
        ],
      },
    },
  };
  const c = indexed(withEnv);
  const pods = podsOf(c).sort((x, y) => indexOf(x)!.localeCompare(indexOf(y)!));
  assert.deepEqual(pods.map(indexOf), ['0', '1']);
  for (const [i, p] of pods.entries()) {
    assert.match(p.metadata.name!, new RegExp(`^pi-${i}-[a-z0-9]{5}$`));
    assert.equal(p.metadata.labels![COMPLETION_INDEX], String(i));
    assert.equal(p.spec.hostname, `pi-${i}`);
    const env = (ct: any) => (ct.env ?? []).filter((e: { name: string }) => e.name === 'JOB_COMPLETION_INDEX');
    const [w, mine] = p.spec.containers;
    assert.equal(env(w).length, 1, 'added to each container');
    assert.ok(env(w)[0].valueFrom.fieldRef.fieldPath.endsWith(`['${COMPLETION_INDEX}']`));
    assert.deepEqual(w.env[0], { name: 'A', value: '1' }, 'after what was there');
    assert.equal(env(p.spec.initContainers[0]).length, 1, 'and init container');
    assert.deepEqual(env(mine), [{ name: 'JOB_COMPLETION_INDEX', value: 'set by me' }], 'one the container sets itself is left alone');
  }
  assert.equal(job(c).status.completedIndexes, undefined);
});

test('succeeded indexes are recorded in completedIndexes, and the free ones are handed out lowest first', () => {
  let c = indexed();
  const [p0, p1] = podsOf(c).sort((x, y) => indexOf(x)!.localeCompare(indexOf(y)!));
  c = finish(c, p1, 'Succeeded');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['create pi-2-', 'status', `unfinalize ${p1.metadata.name}`]);
  assert.deepEqual(statuses(r.actions)[0], { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 2, ready: 0, terminating: 0, succeeded: 1, completedIndexes: '1' });
  c = runSync(c, jc, KEY);
  assert.deepEqual(jc.sync(c, KEY).actions, [], 'an index counted once is not counted again');
  const p2 = podsOf(c).find((p) => indexOf(p) === '2')!;
  c = finish(c, p0, 'Succeeded');
  c = finish(c, p2, 'Succeeded');
  c = sync(c);
  assert.equal(job(c).status.completedIndexes, '0-2');
  assert.equal(job(c).status.succeeded, 3);
  const p3 = podsOf(c).find((p) => indexOf(p) === '3')!;
  assert.ok(p3);
  // the last index
  c = finish(c, p3, 'Succeeded');
  c = sync(c);
  assert.equal(job(c).status.completedIndexes, '0-3');
  assert.equal(job(c).status.succeeded, 4);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'Complete']);
});

test('an Indexed Job removes pods with a repeated, missing or out-of-range index, and counts none of them', () => {
  let c = indexed({ completions: 3, parallelism: 3 });
  const uid = job(c).metadata.uid!;
  const mk = (name: string, index?: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid }, ...(index === undefined ? {} : { annotations: { [COMPLETION_INDEX]: index } }) },
    spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] },
  });
  c = at(c, T0 + 5 * S);
  const odd = [mk('none'), mk('big', '7'), mk('edge', '3'), mk('junk', 'x1'), mk('empty', ''), mk('neg', '-1'), mk('exp', '1e0')];
  for (const p of [mk('dup', '1'), ...odd]) c = dispatch(c, { type: 'create', object: p }).cluster;
  c = sync(c);
  assert.deepEqual(podsOf(c).map(indexOf).sort(), ['0', '1', '2']);
  for (const p of odd) assert.equal(live(c, p), undefined, `${p.metadata.name} removed`);
  assert.equal(live(c, mk('dup')), undefined, 'the newer pod of index 1 went');
  assert.equal(job(c).status.failed, undefined, 'removed, not failed');
  // such pods that end are not counted either
  let d = indexed({ completions: 3, parallelism: 3, backoffLimit: 0 });
  d = at(d, T0 + 5 * S);
  for (const p of [mk('big', '7'), mk('none')]) {
    d = dispatch(d, { type: 'create', object: p }).cluster;
    d = finish(d, p, 'Succeeded');
  }
  d = dispatch(d, { type: 'create', object: mk('bad', '9') }).cluster;
  d = finish(d, mk('bad'), 'Failed');
  d = sync(d);
  assert.deepEqual([job(d).status.succeeded, job(d).status.failed, job(d).status.completedIndexes], [undefined, undefined, undefined]);
  assert.deepEqual(job(d).status.conditions, undefined, 'with backoffLimit 0, a failure that does not count does not fail the Job');
  for (const name of ['big', 'none', 'bad']) assert.deepEqual(d.store.objects.get(`Pod/default/${name}`)?.metadata.finalizers ?? [], [], `${name} freed`);
});

test('a failed index is retried with the same index after the back-off; the Job counts the failure', () => {
  let c = indexed({ completions: 2, parallelism: 2, backoffLimit: 5 });
  const [p0] = podsOf(c).filter((p) => indexOf(p) === '0');
  c = at(c, T0 + 5 * S);
  c = finish(c, p0, 'Failed');
  c = runSync(c, jc, KEY);
  assert.equal(job(c).status.failed, 1);
  assert.equal(job(c).status.completedIndexes, undefined);
  c = sync(at(c, T0 + 15 * S));
  assert.deepEqual(podsOf(c).map(indexOf).sort(), ['0', '0', '1']);
});

test('completedIndexes already recorded are kept (within completions) and count; the pods go to the indexes left', () => {
  let c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: manifest({ completionMode: 'Indexed', completions: 8, parallelism: 5 }) }).cluster;
  // a corrupt interval is skipped, and what lies past completions dropped (parseIndexesFromString)
  c = setJobStatus(c, { completedIndexes: ',x,1-3,5,7-9' });
  c = sync(c);
  assert.equal(job(c).status.succeeded, 5);
  assert.equal(job(c).status.completedIndexes, '1-3,5,7');
  assert.deepEqual(podsOf(c).map(indexOf).sort(), ['0', '4', '6'], 'three completions left: three pods, whatever the parallelism');
});

// ---------------------------------------------------------------------------------------------
// corners of the counting

test('a pod deleted after it succeeded is a success: not failed, not terminating', () => {
  let c = start({ completions: 2, backoffLimit: 0 });
  const [a] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = remove(c, a);
  assert.ok(live(c, a)!.metadata.deletionTimestamp);
  const st = statuses(jc.sync(c, KEY).actions)[0];
  assert.deepEqual([st.uncountedTerminatedPods, st.terminating], [{ succeeded: [a.metadata.uid] }, 0]);
  c = sync(c);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed, job(c).status.conditions], [1, undefined, undefined]);
  const left = podsOf(c);
  assert.equal(left.length, 1, 'it is gone once its finalizer is');
  assert.notEqual(left[0].metadata.uid, a.metadata.uid, 'and its replacement came at once: no back-off after a success');
});

test('a pod already listed in uncountedTerminatedPods is counted once, even while it keeps its finalizer', () => {
  let c = start({ completions: 2, parallelism: 2, backoffLimit: 1 });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = finish(c, a, 'Succeeded');
  c = setJobStatus(c, { uncountedTerminatedPods: { succeeded: [a.metadata.uid] } });
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', `unfinalize ${a.metadata.name}`, 'status'], 'b is left running: one completion is still missing');
  const [first, second] = statuses(r.actions);
  assert.deepEqual([first.uncountedTerminatedPods, first.ready], [{ succeeded: [a.metadata.uid] }, 1]);
  assert.deepEqual([second.uncountedTerminatedPods, second.succeeded], [{}, 1]);
  // a failure listed already is one failure, within backoffLimit 1
  let f = start({ completions: 2, parallelism: 2, backoffLimit: 1 });
  const [x] = podsOf(f);
  f = finish(f, x, 'Failed');
  f = setJobStatus(f, { uncountedTerminatedPods: { failed: [x.metadata.uid] } });
  f = runSync(f, jc, KEY);
  assert.deepEqual([job(f).status.failed, job(f).status.conditions], [1, undefined]);
});

test('a pod already listed as failed when the Job failed stays a failure if it then succeeds', () => {
  let c = start({ completions: 2, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = setJobStatus(c, {
    uncountedTerminatedPods: { failed: [b.metadata.uid] },
    conditions: [{ type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }],
  });
  c = finish(c, b, 'Succeeded');
  c = sync(c);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed], [1, 1]);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['FailureTarget', 'Failed']);
});

test('once SuccessCriteriaMet, pods still running are stopped and not counted as failed', () => {
  let c = start({ completions: 3, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = running(c, b);
  c = setJobStatus(c, { conditions: [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }] });
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions)[0], `delete ${b.metadata.name}`);
  assert.deepEqual(statuses(r.actions)[0].uncountedTerminatedPods, { succeeded: [a.metadata.uid] });
  c = sync(c);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed], [1, undefined]);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'Complete']);
});

test('a Suspended condition with another reason or message is brought in line, with the event', () => {
  for (const [reason, message] of [['Other', 'Job suspended'], ['JobSuspended', 'by hand']]) {
    let c = start({ suspend: true });
    c = setJobStatus(c, { conditions: [{ type: 'Suspended', status: 'True', reason, message, lastProbeTime: timestamp(T0), lastTransitionTime: timestamp(T0) }] });
    c = at(c, T0 + 5 * S);
    const r = jc.sync(c, KEY);
    assert.deepEqual(calls(r.actions), ['event Normal Suspended: Job suspended', 'status'], `${reason}/${message}`);
    assert.deepEqual(statuses(r.actions)[0].conditions, [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: timestamp(T0 + 5 * S), lastTransitionTime: timestamp(T0 + 5 * S) }]);
  }
});

test('a pod the API server refuses is a FailedCreate event, and slow start sends no more of the batch', () => {
  let c = createCluster({ seed: 1 });
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } }).cluster;
  c = dispatch(c, { type: 'create', object: { ...manifest({ completions: 3, parallelism: 3 }), metadata: { name: 'pi', namespace: 'team' } } }).cluster;
  c = dispatch(c, { type: 'delete', ref: { kind: 'Namespace', name: 'team' } }).cluster;
  c = runSync(c, jc, 'Job/team/pi');
  assert.deepEqual(eventsOf(c).map((e) => `${e.type} ${e.reason}: ${e.message}`), ['Warning FailedCreate: Error creating: namespaces "team" not found']);
});

test('an index at or past completions is out of range: that pod goes, even when it is the most advanced', () => {
  let c = indexed({ completions: 2, parallelism: 2 });
  const uid = job(c).metadata.uid!;
  const edge: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'edge', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid }, annotations: { [COMPLETION_INDEX]: '2' } },
    spec: { nodeName: 'w1-k8s', containers: [{ name: 'w', image: 'busybox:1.36' }] },
  };
  c = dispatch(c, { type: 'create', object: edge }).cluster;
  c = running(c, edge);
  const sent = calls(jc.sync(c, KEY).actions);
  assert.deepEqual(sent.filter((x) => x.startsWith('delete')), ['delete edge']);
});

test('a repeated index is removed even when the Job is short of pods, and nothing is created in that sync', () => {
  // manageJob: deletions take precedence over creations in one sync
  let c = indexed({ completions: 4, parallelism: 2 });
  const uid = job(c).metadata.uid!;
  c = at(c, T0 + 5 * S);
  const dup: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dup', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid }, annotations: { [COMPLETION_INDEX]: '1' } },
    spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] },
  };
  c = dispatch(c, { type: 'create', object: dup }).cluster;
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { parallelism: 4 } } }).cluster;
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions).filter((x) => x !== 'status'), ['patch dup', 'unfinalize dup', 'delete dup']);
  c = sync(c);
  assert.deepEqual(podsOf(c).map(indexOf).sort(), ['0', '1', '2', '3']);
});

test('two pods of one index that both succeed count as one completion', () => {
  let c = indexed({ completions: 2, parallelism: 2 });
  const uid = job(c).metadata.uid!;
  const [p0, p1] = podsOf(c).sort((x, y) => indexOf(x)!.localeCompare(indexOf(y)!));
  const twin: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'twin', namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': uid }, annotations: { [COMPLETION_INDEX]: '0' } },
    spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] },
  };
  c = dispatch(c, { type: 'create', object: twin }).cluster;
  c = finish(c, twin, 'Succeeded');
  c = finish(c, p0, 'Succeeded');
  c = sync(c);
  assert.deepEqual([job(c).status.succeeded, job(c).status.completedIndexes, job(c).status.active], [1, '0', 1]);
  assert.equal(live(c, p1)!.metadata.deletionTimestamp, undefined, 'index 1 keeps running');
  assert.deepEqual(job(c).status.conditions, undefined);
});

// ---------------------------------------------------------------------------------------------
// more corners: the exact calls of a sync, and what upstream does at the edges

/** a pod the test puts in place, controlled by the Job and carrying its finalizer, as if the Job had made it */
function ownedPod(c: Cluster, name: string, index?: string, extra: Record<string, any> = {}): KObject {
  const j = job(c);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid!, 'job-name': 'pi' },
      ...(index === undefined ? {} : { annotations: { [COMPLETION_INDEX]: index } }),
      finalizers: [JOB_TRACKING_FINALIZER],
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      ...extra,
    },
    spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] },
  };
}
const put = (c: Cluster, pod: KObject) => dispatch(c, { type: 'create', object: pod }).cluster;

test('formatIndexes lists two neighbours with a comma, not as a range', () => {
  assert.equal(formatIndexes([0, 1]), '0,1');
  assert.equal(formatIndexes([8, 3, 4]), '3,4,8');
  assert.equal(formatIndexes([5, 6, 9, 10, 11]), '5,6,9-11');
});

test('back-off: a failure at the same instant as a success does not count after it, in either order', () => {
  const j = manifest();
  assert.equal(backoffRemaining(j, [failedAt(T0), succeededAt(T0)], T0), 0);
  assert.equal(backoffRemaining(j, [succeededAt(T0), failedAt(T0)], T0), 0);
  assert.equal(backoffRemaining(j, [succeededAt(T0), failedAt(T0), failedAt(T0 + S)], T0 + S), 10 * S, 'only the later failure counts');
});

test('back-off: a pod with no status yet is no failure, unless it is being deleted; a container without a state has not ended', () => {
  const j = manifest();
  const bare = (metadata: Record<string, any> = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${++uidN}`, uid: `u${uidN}`, ...metadata } });
  assert.equal(backoffRemaining(j, [bare()], T0), 0);
  assert.equal(backoffRemaining(j, [bare({ deletionTimestamp: timestamp(T0 - 3 * S) })], T0), 7 * S);
  // one container terminated, one with no state at all: the Ready condition says when it ended
  const readyFalse = { type: 'Ready', status: 'False', lastTransitionTime: timestamp(T0 - 4 * S) };
  const stateless = endedPod('Failed', undefined, { status: { conditions: [readyFalse], containerStatuses: [terminated(T0 - 9 * S), { name: 'x' }] } });
  assert.equal(backoffRemaining(j, [stateless], T0), 6 * S);
});

test('a completion index is a plain decimal number below completions: 10 counts, -1, 1e0 and empty do not', () => {
  let c = indexed({ completions: 12, parallelism: 1 });
  const pods = [ownedPod(c, 'ten', '10'), ownedPod(c, 'neg', '-1'), ownedPod(c, 'exp', '1e0'), ownedPod(c, 'empty', '')];
  for (const p of pods) c = finish(put(c, p), p, 'Succeeded');
  const r = jc.sync(c, KEY);
  // all four are freed, and only index 10 is counted (getCompletionIndex: strconv.Atoi, not negative)
  assert.deepEqual(calls(r.actions), ['status', ...['empty', 'exp', 'neg', 'ten'].map((n) => `unfinalize ${n}`)]);
  assert.deepEqual(statuses(r.actions), [{ uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 1, ready: 0, terminating: 0, succeeded: 1, completedIndexes: '10' }]);
});

test('a succeeded pod without a valid index is freed but counts towards no completion: the Job keeps its pods', () => {
  let c = indexed({ completions: 2, parallelism: 2 });
  const none = ownedPod(c, 'none');
  c = finish(put(c, none), none, 'Succeeded');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['unfinalize none'], 'no status change, nothing deleted');
});

test('an Indexed Job frees its finished pods in index order (upstream sorts them byCompletionIndex)', () => {
  let c = indexed({ completions: 3, parallelism: 0 });
  assert.deepEqual(podsOf(c), []);
  // named against their indexes
  const pods = [ownedPod(c, 'a', '1'), ownedPod(c, 'b', '2'), ownedPod(c, 'c', '0')];
  for (const p of pods) c = finish(put(c, p), p, 'Succeeded');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', 'unfinalize c', 'unfinalize a', 'unfinalize b', 'status', 'event Normal Completed: Job completed']);
  assert.deepEqual(statuses(r.actions).map((s) => [s.succeeded, s.completedIndexes]), [[3, '0-2'], [3, '0-2']]);
});

test('lowering an Indexed Job\'s parallelism removes a repeated index and then the least advanced, no more than the surplus', () => {
  let c = indexed({ completions: 4, parallelism: 3 });
  const [p0, p1, p2] = podsOf(c).sort((x, y) => indexOf(x)!.localeCompare(indexOf(y)!));
  assert.deepEqual([p0, p1, p2].map(indexOf), ['0', '1', '2']);
  c = running(c, p1);
  c = at(c, T0 + 5 * S);
  const dup = ownedPod(c, 'dup', '2');
  c = put(c, dup);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { parallelism: 1 } } }).cluster;
  const r = jc.sync(c, KEY);
  const perPod = r.actions.filter((x) => x.type === 'sequence' && x.actions.length === 2);
  // four active, one wanted: the newer pod of index 2, then the two pending ones; the running index 1 stays
  assert.deepEqual(perPod.map((x) => calls([x])).sort(), ['dup', p0.metadata.name, p2.metadata.name].map((n) => [`unfinalize ${n}`, `delete ${n}`]).sort());
  const st = statuses(r.actions)[0];
  assert.deepEqual([st.active, st.ready, st.terminating], [1, 1, 3]);
  // each is the finalizer's removal, then a delete of that very pod (its UID as precondition)
  const live0 = live(c, p0)!;
  assert.deepEqual(
    perPod.find((x) => calls([x])[0] === `unfinalize ${p0.metadata.name}`),
    {
      type: 'sequence',
      actor: 'job-controller',
      actions: [
        { type: 'patch', actor: 'job-controller', ignoreNotFound: true, ref: { kind: 'Pod', namespace: 'default', name: p0.metadata.name }, patchType: 'strategic', patch: { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER], uid: live0.metadata.uid } } },
        {
          type: 'delete',
          actor: 'job-controller',
          ref: { kind: 'Pod', namespace: 'default', name: p0.metadata.name },
          preconditions: { uid: live0.metadata.uid },
          onSuccess: { involved: { kind: 'Job', namespace: 'default', name: 'pi' }, involvedUid: job(c).metadata.uid, source: 'job-controller', reason: 'SuccessfulDelete', message: `Deleted pod: ${p0.metadata.name}` },
        },
      ],
    },
  );
  c = sync(c);
  assert.deepEqual(podsOf(c).map((p) => p.metadata.name), [p1.metadata.name]);
});

test('a Job being deleted creates no pods, and a suspended one gets no Suspended condition (manageJob is not called)', () => {
  for (const suspend of [false, true]) {
    let c = dispatch(createCluster({ seed: 1 }), { type: 'create', object: manifest({ completions: 2, parallelism: 2, suspend }) }).cluster;
    c = dispatch(c, { type: 'delete', ref: { kind: 'Job', name: 'pi' }, propagationPolicy: 'Orphan' }).cluster;
    assert.ok(job(c).metadata.deletionTimestamp);
    const r = jc.sync(c, KEY);
    assert.deepEqual(calls(r.actions), ['status'], `suspend ${suspend}`);
    assert.deepEqual(statuses(r.actions)[0], { uncountedTerminatedPods: {}, ...(suspend ? {} : { startTime: timestamp(T0) }), ready: 0, terminating: 0 });
  }
});

test('a Job being deleted is not complete while a pod still runs, even with enough successes', () => {
  let c = start({ completions: 1 });
  const [a] = podsOf(c);
  c = running(c, a);
  const extra = ownedPod(c, 'extra');
  c = finish(put(c, extra), extra, 'Succeeded');
  c = dispatch(c, { type: 'delete', ref: { kind: 'Job', name: 'pi' }, propagationPolicy: 'Orphan' }).cluster;
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', 'unfinalize extra', `unfinalize ${a.metadata.name}`, 'status']);
  const [first, second] = statuses(r.actions);
  assert.deepEqual(first, { uncountedTerminatedPods: { succeeded: [live(c, extra)!.metadata.uid] }, startTime: timestamp(T0), active: 1, ready: 1, terminating: 0 });
  assert.deepEqual(second, { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 1, ready: 1, terminating: 0, succeeded: 1 });
});

test('a pod a batch/v1 CronJob controls keeps the tracking finalizer: the orphan queue looks at it and leaves it', () => {
  let c = start();
  const cron = dispatch(c, {
    type: 'create',
    object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: manifest().spec.template } } } },
  });
  assert.ok(cron.outcome.ok);
  c = cron.cluster;
  const cj = c.store.objects.get('CronJob/default/cj')!;
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'cron-pod', namespace: 'default', finalizers: [JOB_TRACKING_FINALIZER], ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: cj.metadata.uid!, controller: true }] },
    spec: { containers: [{ name: 'w', image: 'busybox:1.36' }] },
  };
  c = put(c, pod);
  const key = 'Pod/default/cron-pod';
  // no Job tracks it (upstream deletePod: resolveControllerRef finds no Job, so the orphan queue gets it)
  assert.deepEqual(jc.enqueue(c, key, null, live(c, pod)), [key]);
  assert.deepEqual(jc.resyncKeys(c), [KEY, key]);
  assert.deepEqual(jc.sync(c, key), { actions: [] }, 'not a Job: its finalizer is not ours to remove');
});

test('a restarted controller lists its keys in key order, across namespaces', () => {
  let c = createCluster({ seed: 1 });
  for (const ns of ['a', 'a-b']) {
    c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } }).cluster;
    c = dispatch(c, { type: 'create', object: { ...manifest(), metadata: { name: 'x', namespace: ns } } }).cluster;
  }
  assert.deepEqual(jc.resyncKeys(c), ['Job/a-b/x', 'Job/a/x']);
});

test('the template\'s own finalizers stay on the pod, with the tracking finalizer once (appendJobCompletionFinalizerIfNotFound)', () => {
  const spec = manifest().spec.template.spec;
  const c = start({ template: { metadata: { finalizers: ['example.com/keep', JOB_TRACKING_FINALIZER] }, spec } });
  const [p] = podsOf(c);
  assert.deepEqual(p.metadata.finalizers, ['example.com/keep', JOB_TRACKING_FINALIZER]);
});

test('bringing the Suspended condition in line leaves the other conditions as they are', () => {
  let c = start({ suspend: true });
  const other = { type: 'Example', status: 'True', reason: 'Set', message: 'by someone else', lastProbeTime: timestamp(T0 - S), lastTransitionTime: timestamp(T0 - S) };
  c = setJobStatus(c, { conditions: [other, ...job(c).status.conditions] });
  c = at(c, T0 + 5 * S);
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { suspend: false } } }).cluster;
  const st = statuses(jc.sync(c, KEY).actions)[0];
  assert.deepEqual(st.conditions, [other, { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: timestamp(T0 + 5 * S), lastTransitionTime: timestamp(T0 + 5 * S) }]);
});

test('a Job with both SuccessCriteriaMet and FailureTarget completes: the success was decided first', () => {
  let c = start({ completions: 1 });
  c = finish(c, podsOf(c)[0], 'Succeeded');
  c = setJobStatus(c, {
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
    ],
  });
  c = sync(c);
  assert.deepEqual(conditions(job(c)).map((x: string[]) => x[0]), ['SuccessCriteriaMet', 'FailureTarget', 'Complete']);
  assert.deepEqual([job(c).status.succeeded, job(c).status.failed], [1, undefined]);
  assert.deepEqual(jobEvents(c).slice(-1), ['Normal Completed: Job completed']);
});

test('the failures that count against backoffLimit include this sync\'s failed indexes and those already listed as uncounted', () => {
  const target = [['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']];
  // an Indexed Job: the failed index fails it in the same sync
  let c = indexed({ completions: 2, parallelism: 2, backoffLimit: 0 });
  const [p0] = podsOf(c).filter((p) => indexOf(p) === '0');
  c = finish(c, p0, 'Failed');
  assert.deepEqual(conditions({ status: statuses(jc.sync(c, KEY).actions)[0] } as KObject), target);
  // a failure written to uncountedTerminatedPods by an earlier sync that stopped there
  let d = start({ completions: 2, parallelism: 2, backoffLimit: 0 });
  const [x] = podsOf(d);
  d = finish(d, x, 'Failed');
  d = setJobStatus(d, { uncountedTerminatedPods: { failed: [x.metadata.uid] } });
  const first = statuses(jc.sync(d, KEY).actions)[0];
  assert.deepEqual(conditions({ status: first } as KObject), target);
  assert.deepEqual(first.uncountedTerminatedPods.failed.length, 2, 'the running pod counts as failed with it');
});

test('with as many pods as wanted during a back-off, the Job reports them active and waits for nothing', () => {
  // manageJob only looks at the back-off when it would create pods (diff > 0)
  let c = start({ completions: 4, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = running(c, b);
  c = at(c, T0 + 5 * S);
  c = finish(c, a, 'Failed');
  c = runSync(c, jc, KEY);
  assert.equal(job(c).status.active, undefined, 'short of a pod: the back-off');
  c = dispatch(c, { type: 'patch', ref: { kind: 'Job', name: 'pi' }, patchType: 'merge', patch: { spec: { parallelism: 1 } } }).cluster;
  const r = jc.sync(at(c, T0 + 6 * S), KEY);
  assert.deepEqual(calls(r.actions), ['status']);
  assert.deepEqual(statuses(r.actions)[0], { uncountedTerminatedPods: {}, startTime: timestamp(T0), active: 1, ready: 1, terminating: 0, failed: 1 });
  assert.equal(r.wakeAt, undefined);
});

test('of the uncounted pods listed, only those freed are counted: one of two', () => {
  let c = start({ completions: 3, parallelism: 3 });
  const [a, b] = podsOf(c);
  c = finish(c, a, 'Succeeded');
  c = finish(c, b, 'Succeeded');
  c = setJobStatus(c, { uncountedTerminatedPods: { succeeded: [a.metadata.uid, b.metadata.uid] } });
  c = dispatch(c, { type: 'patch', ref: { kind: 'Pod', name: a.metadata.name! }, patchType: 'json', patch: [{ op: 'remove', path: '/metadata/finalizers' }] }).cluster;
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', `unfinalize ${b.metadata.name}`, 'status']);
  const [first, second] = statuses(r.actions);
  assert.deepEqual([first.succeeded, first.uncountedTerminatedPods], [1, { succeeded: [b.metadata.uid] }]);
  assert.deepEqual([second.succeeded, second.uncountedTerminatedPods], [2, {}]);
});

test('a FailureTarget without reason or message gives a Failed condition without them, and a warning with empty ones', () => {
  let c = start();
  const [a] = podsOf(c);
  c = finish(c, a, 'Failed');
  c = runSync(c, jc, KEY);
  c = setJobStatus(c, { conditions: [{ type: 'FailureTarget', status: 'True', lastProbeTime: timestamp(T0), lastTransitionTime: timestamp(T0) }] });
  c = at(c, T0 + 5 * S);
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', 'event Warning : ']);
  assert.deepEqual(statuses(r.actions)[0].conditions, [
    { type: 'FailureTarget', status: 'True', lastProbeTime: timestamp(T0), lastTransitionTime: timestamp(T0) },
    { type: 'Failed', status: 'True', lastProbeTime: timestamp(T0 + 5 * S), lastTransitionTime: timestamp(T0 + 5 * S) },
  ]);
});

test('a Job with completions is not complete while a back-off holds off its pods, even with some succeeded', () => {
  let c = start({ completions: 3, parallelism: 2 });
  const [a, b] = podsOf(c);
  c = at(c, T0 + 5 * S);
  c = finish(c, a, 'Succeeded', T0 + 4 * S);
  c = finish(c, b, 'Failed');
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions), ['status', ...[a, b].map((p) => `unfinalize ${p.metadata.name}`).sort(), 'status']);
  const [, second] = statuses(r.actions);
  assert.deepEqual(second, { uncountedTerminatedPods: {}, startTime: timestamp(T0), ready: 0, terminating: 0, succeeded: 1, failed: 1 });
  assert.deepEqual(r.wakeAt, { at: T0 + 15 * S, kind: 'progress' });
});

test('a Complete condition that is False is made True when the Job completes (ensureJobConditionStatus)', () => {
  let c = start({ completions: 1 });
  c = finish(c, podsOf(c)[0], 'Succeeded');
  c = setJobStatus(c, { conditions: [{ type: 'Complete', status: 'False', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }] });
  c = at(c, T0 + 5 * S);
  const r = jc.sync(c, KEY);
  assert.deepEqual(calls(r.actions).slice(-1), ['event Normal Completed: Job completed']);
  const last = statuses(r.actions).slice(-1)[0];
  assert.deepEqual(conditions({ status: last } as KObject), [
    ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
  ]);
  assert.equal(last.conditions[0].lastTransitionTime, timestamp(T0 + 5 * S));
  assert.ok(isJobFinished({ status: last } as KObject));
});
