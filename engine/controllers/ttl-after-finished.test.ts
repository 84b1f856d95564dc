import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, converge, createCluster, DEFAULT_START, dispatch, KObject, timestamp } from '../index';
import { Cluster } from '../cluster';
import { ttlAfterFinishedController as ttl } from './ttl-after-finished';

const T0 = DEFAULT_START;
const S = 1000;

function job(name: string, spec: Record<string, unknown>, conditions: Record<string, unknown>[] = [], metadata: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...metadata },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36' }] } }, ...spec },
    status: { conditions },
  };
}
const complete = (at: number, type = 'Complete', status = 'True') => ({ type, status, lastProbeTime: timestamp(at), lastTransitionTime: timestamp(at) });

/** a cluster holding these Jobs as they are (status included), at `now` */
function holding(now: number, ...jobs: KObject[]): Cluster {
  let c = createCluster({ seed: 1 });
  for (const j of jobs) {
    c = dispatch(c, { type: 'create', object: { ...j, status: undefined } }).cluster;
    const stored = c.store.objects.get(`Job/default/${j.metadata.name}`)!;
    c = dispatch(c, { type: 'updateStatus', object: { ...stored, status: j.status } }).cluster;
  }
  return { ...c, now };
}

test('only a finished Job with ttlSecondsAfterFinished that is not being deleted is queued', () => {
  const c = createCluster({ seed: 1 });
  const key = 'Job/default/a';
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 100 }, [complete(T0)])), [key]);
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 0 }, [complete(T0, 'Failed')])), [key], 'a TTL of 0 counts');
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 100 }, [])), [], 'still running');
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 100 }, [complete(T0, 'SuccessCriteriaMet'), complete(T0, 'FailureTarget')])), [], 'the interim conditions are not the end');
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 100 }, [complete(T0, 'Complete', 'False')])), []);
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', {}, [complete(T0)])), [], 'no TTL, kept forever');
  assert.deepEqual(ttl.enqueue(c, key, null, { ...job('a', { ttlSecondsAfterFinished: 100 }), status: undefined }), [], 'no status yet');
  assert.deepEqual(ttl.enqueue(c, key, null, job('a', { ttlSecondsAfterFinished: 100 }, [complete(T0)], { deletionTimestamp: timestamp(T0) })), [], 'already being deleted');
  assert.deepEqual(ttl.enqueue(c, key, job('a', { ttlSecondsAfterFinished: 100 }, [complete(T0)]), undefined), [], 'deleted');
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: { ttlSecondsAfterFinished: 1 }, status: { conditions: [complete(T0)] } };
  assert.deepEqual(ttl.enqueue(c, 'Pod/default/a', null, pod), [], 'Jobs only');
});

test('a finished Job is deleted in the foreground ttlSecondsAfterFinished after its Complete or Failed condition, not before', () => {
  const finishedAt = T0 + 30 * S;
  const c = holding(finishedAt + 50 * S, job('done', { ttlSecondsAfterFinished: 100 }, [complete(T0, 'SuccessCriteriaMet'), complete(finishedAt)]));
  const key = 'Job/default/done';
  const uid = c.store.objects.get(key)!.metadata.uid;
  assert.deepEqual(ttl.sync(c, key), { actions: [], wakeAt: { at: finishedAt + 100 * S, kind: 'progress' } });
  assert.deepEqual(ttl.sync({ ...c, now: finishedAt + 100 * S - 1 }, key).actions, []);
  const expired = ttl.sync({ ...c, now: finishedAt + 100 * S }, key);
  assert.deepEqual(expired, {
    actions: [{ type: 'delete', actor: 'ttl-after-finished-controller', ref: { kind: 'Job', namespace: 'default', name: 'done' }, propagationPolicy: 'Foreground', preconditions: { uid } }],
  });
  // a Failed Job the same; ttl 0: at once
  const failed = holding(finishedAt, job('failed', { ttlSecondsAfterFinished: 0 }, [complete(T0, 'FailureTarget'), complete(finishedAt, 'Failed')]));
  assert.equal(ttl.sync(failed, 'Job/default/failed').actions[0]?.type, 'delete');
});

test('nothing to do for a Job that is gone, unfinished, without a TTL, or already being deleted', () => {
  const c = holding(T0 + 3600 * S, job('running', { ttlSecondsAfterFinished: 1 }), job('keep', {}, [complete(T0)]), job('old', { ttlSecondsAfterFinished: 1 }, [complete(T0)]));
  assert.deepEqual(ttl.sync(c, 'Job/default/gone'), { actions: [] });
  assert.deepEqual(ttl.sync(c, 'Job/default/running'), { actions: [] });
  assert.deepEqual(ttl.sync(c, 'Job/default/keep'), { actions: [] });
  assert.deepEqual(ttl.resyncKeys(c), ['Job/default/old']);
  const deleting = dispatch(c, { type: 'delete', ref: { kind: 'Job', name: 'old' }, propagationPolicy: 'Orphan' }).cluster;
  assert.ok(deleting.store.objects.get('Job/default/old')!.metadata.deletionTimestamp);
  assert.deepEqual(ttl.sync(deleting, 'Job/default/old'), { actions: [] });
  assert.deepEqual(ttl.resyncKeys(deleting), []);
});

test('a restarted controller lists the finished Jobs with a TTL, sorted', () => {
  const c = holding(T0, job('b', { ttlSecondsAfterFinished: 5 }, [complete(T0, 'Failed')]), job('a', { ttlSecondsAfterFinished: 5 }, [complete(T0)]), job('c', {}, [complete(T0)]), job('d', { ttlSecondsAfterFinished: 5 }));
  assert.deepEqual(ttl.resyncKeys(c), ['Job/default/a', 'Job/default/b']);
});

test('end to end: the Job and its pods are gone ttlSecondsAfterFinished after it completed', () => {
  let c = createCluster({ seed: 3 });
  const manifest: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'short' },
    spec: { ttlSecondsAfterFinished: 100, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] } } },
  };
  c = dispatch(c, { type: 'create', object: manifest }).cluster;
  c = advance(c, 60 * S);
  const j = c.store.objects.get('Job/default/short')!;
  const done = j.status.conditions.find((x: { type: string }) => x.type === 'Complete');
  assert.ok(done, 'completed within a minute');
  const expireAt = Date.parse(done.lastTransitionTime) + 100 * S;
  assert.ok(expireAt > c.now, 'not expired yet');
  c = advance(c, expireAt - c.now - 1);
  assert.ok(c.store.objects.get('Job/default/short'), 'still there just before');
  c = converge(advance(c, 1));
  assert.equal(c.store.objects.get('Job/default/short'), undefined);
  assert.deepEqual([...c.store.objects.values()].filter((o) => o.kind === 'Pod'), []);
});
