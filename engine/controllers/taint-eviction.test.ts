import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { evictionTime, taintEvictionController as tec } from './taint-eviction';

const T0 = DEFAULT_START;
const S = 1000;
const NAME = 'taint-eviction-controller';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

type Toleration = { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };
type Taint = { key: string; effect: string; value?: string; timeAdded?: string };

function pod(name: string, tolerations?: Toleration[], nodeName: string | null = 'w1-k8s', namespace = 'default', metadata: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, ...metadata },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
    status: { phase: 'Running' },
  };
}
const node = (taints?: Taint[], name = 'w1-k8s'): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}` }, spec: taints ? { taints } : {}, status: {} });
const unreachable = (at: number): Taint => ({ key: UNREACHABLE, effect: 'NoExecute', timeAdded: timestamp(at) });
const tolerate = (key: string, tolerationSeconds?: number): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) });
/** a cluster at `now` whose node w1-k8s has these taints, holding these objects */
function holding(now: number, taints: Taint[] | undefined, ...objs: KObject[]): Cluster {
  const c = createCluster({ seed: 1 });
  const w1 = c.store.objects.get('Node//w1-k8s')!;
  const store = [{ ...w1, spec: { ...w1.spec, ...(taints ? { taints } : {}) } }, ...objs].reduce(putObject, c.store);
  return { ...c, store, now };
}
/** the event, the DisruptionTarget condition (addConditionAndDeletePod), then the graceful delete */
const evicted = (p: KObject, now: number) => ({
  actions: [
    { type: 'event', actor: NAME, event: { involved: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name! }, involvedUid: p.metadata.uid!, source: NAME, reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${p.metadata.namespace}/${p.metadata.name}` } },
    {
      type: 'updateStatus',
      actor: NAME,
      object: { ...p, status: { ...p.status, conditions: [...(p.status?.conditions ?? []).filter((x: { type: string }) => x.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(now), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }] } },
    },
    { type: 'delete', actor: NAME, ref: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name! }, preconditions: { uid: p.metadata.uid } },
  ],
});

// ---------------------------------------------------------------------------------------------
// evictionTime: processPodOnNode and getMinTolerationTime

test('a pod on a node without NoExecute taints is never evicted, whatever else the node has', () => {
  assert.equal(evictionTime(pod('p'), node(), T0), undefined);
  assert.equal(evictionTime(pod('p'), node([]), T0), undefined);
  assert.equal(evictionTime(pod('p'), node([{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'PreferNoSchedule' }]), T0), undefined);
});

test('a NoExecute taint the pod does not tolerate evicts it now', () => {
  assert.equal(evictionTime(pod('p'), node([unreachable(T0 - 100 * S)]), T0), T0, 'no tolerations at all');
  assert.equal(evictionTime(pod('p', [tolerate('node.kubernetes.io/not-ready', 300)]), node([unreachable(T0 - 100 * S)]), T0), T0);
  // both taints must be tolerated
  const two = node([unreachable(T0), { key: 'dedicated', value: 'db', effect: 'NoExecute' }]);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE)]), two, T0), T0);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE), { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }]), two, T0), undefined);
});

test('tolerations without seconds tolerate forever', () => {
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE)]), node([unreachable(T0 - 3600 * S)]), T0), undefined);
  assert.equal(evictionTime(pod('p', [{ operator: 'Exists' }]), node([unreachable(T0 - 3600 * S)]), T0), undefined);
});

test('with seconds, the pod goes that long after the taint was added: the shortest of the tolerations used, from the earliest taint', () => {
  const added = T0 - 100 * S;
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, 300)]), node([unreachable(added)]), T0), added + 300 * S);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, 300)]), node([unreachable(added)]), T0 + 3600 * S), added + 300 * S, 'past: the time it was due');
  // two taints, each tolerated by its own toleration; the one not used does not count
  const two = node([unreachable(added + 50 * S), { key: 'maintenance', effect: 'NoExecute', timeAdded: timestamp(added) }]);
  const tolerations = [tolerate('unused', 1), tolerate(UNREACHABLE, 120), tolerate('maintenance', 600)];
  assert.equal(evictionTime(pod('p', tolerations), two, T0), added + 120 * S);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, 600), tolerate('maintenance', 120)]), two, T0), added + 120 * S);
  // a toleration without seconds beside one with: the one with seconds decides
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE), tolerate('maintenance', 120)]), two, T0), added + 120 * S);
});

test('a taint without timeAdded counts from now; zero or negative seconds mean now', () => {
  assert.equal(evictionTime(pod('p', [tolerate('k', 60)]), node([{ key: 'k', effect: 'NoExecute' }]), T0), T0 + 60 * S);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, 0)]), node([unreachable(T0 - 100 * S)]), T0), T0);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, -5)]), node([unreachable(T0 - 100 * S)]), T0), T0);
  assert.equal(evictionTime(pod('p', [tolerate(UNREACHABLE, 1)]), node([unreachable(T0 - 100 * S)]), T0), T0 - 99 * S);
});

// ---------------------------------------------------------------------------------------------
// sync

test('a pod due for eviction gets the TaintManagerEviction event and a graceful delete with its uid as precondition', () => {
  const p = pod('web', [tolerate(UNREACHABLE, 300)], 'w1-k8s', 'ns1');
  const c = holding(T0 + 300 * S, [unreachable(T0)], p);
  assert.deepEqual(tec.sync(c, 'Pod/ns1/web'), evicted(p, T0 + 300 * S), 'due exactly now');
  const untolerated = pod('bare');
  assert.deepEqual(tec.sync(holding(T0, [unreachable(T0)], untolerated), 'Pod/default/bare'), evicted(untolerated, T0));
  // conditions the pod has are kept, a DisruptionTarget it had is replaced
  const ready = { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(T0) };
  const old = { type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: timestamp(T0) };
  const conditioned = { ...pod('cond'), status: { phase: 'Running', conditions: [ready, old] } };
  const r = tec.sync(holding(T0 + 10 * S, [unreachable(T0)], conditioned), 'Pod/default/cond');
  assert.deepEqual(r, evicted(conditioned, T0 + 10 * S));
  assert.deepEqual((r.actions[1] as { object: KObject }).object.status!.conditions.map((x: { type: string }) => x.type), ['Ready', 'DisruptionTarget']);
});

test('only the first toleration that tolerates a taint counts (getMatchingTolerations): one without seconds listed first tolerates forever', () => {
  const taints = [{ key: 'k', effect: 'NoExecute', timeAdded: timestamp(T0) }];
  assert.equal(evictionTime(pod('p', [tolerate('k'), tolerate('k', 60)]), node(taints), T0), undefined);
  assert.equal(evictionTime(pod('p', [tolerate('k', 60), tolerate('k')]), node(taints), T0), T0 + 60 * S);
  assert.equal(evictionTime(pod('p', [tolerate('k', 600), tolerate('k', 60)]), node(taints), T0), T0 + 600 * S);
});

test('a taint without timeAdded (kubectl taint sets none) counts from when the controller first saw it, which the key carries', () => {
  const taints = [{ key: 'k', effect: 'NoExecute' }];
  const p = pod('web', [tolerate('k', 60)]);
  const c = holding(T0 + 30 * S, taints, p);
  const seen = `Pod/default/web@${T0}`;
  assert.deepEqual(tec.sync(c, seen), { actions: [], wakeAt: { at: T0 + 60 * S, kind: 'progress' } }, 'a sync in between keeps the start');
  assert.deepEqual(tec.sync({ ...c, now: T0 + 60 * S - 1 }, seen).actions, []);
  assert.deepEqual(tec.sync({ ...c, now: T0 + 60 * S }, seen), evicted(p, T0 + 60 * S));
  assert.deepEqual(tec.sync(c, 'Pod/default/web'), { actions: [], wakeAt: { at: T0 + 90 * S, kind: 'progress' } }, 'a plain key: from now');
  // a taint with timeAdded counts from then, whatever the key says
  const stamped = holding(T0 + 30 * S, [{ key: 'k', effect: 'NoExecute', timeAdded: timestamp(T0 + 10 * S) }], p);
  assert.deepEqual(tec.sync(stamped, seen).wakeAt, { at: T0 + 70 * S, kind: 'progress' });
  assert.deepEqual(tec.sync(c, 'Node//w1-k8s@5'), { actions: [] }, 'pods only');
});

test('end to end: kubectl taint then a minute; the taint is stamped by the change that made the controller look', () => {
  const taints = [{ key: 'k', effect: 'NoExecute' }];
  let c = holding(T0, undefined, pod('web', [tolerate('k', 60)]));
  const w1 = c.store.objects.get('Node//w1-k8s')!;
  const tainted = { ...w1, spec: { ...w1.spec, taints } };
  const keys = tec.enqueue({ ...c, now: T0 + 5 * S }, 'Node//w1-k8s', w1, tainted);
  assert.deepEqual(keys, [`Pod/default/web@${T0 + 5 * S}`]);
  c = { ...c, now: T0 + 5 * S, store: putObject(c.store, tainted) };
  c = runSync(c, tec, keys[0]!);
  assert.deepEqual(c.timers.get(`${NAME}|${keys[0]}`)?.at, T0 + 65 * S);
  c = runSync({ ...c, now: T0 + 65 * S }, tec, keys[0]!);
  assert.ok(c.store.objects.get('Pod/default/web')!.metadata.deletionTimestamp, 'Terminating after the minute');
});

test('a pod not yet due asks to be woken when it is', () => {
  const c = holding(T0 + 300 * S - 1, [unreachable(T0)], pod('web', [tolerate(UNREACHABLE, 300)]));
  assert.deepEqual(tec.sync(c, 'Pod/default/web'), { actions: [], wakeAt: { at: T0 + 300 * S, kind: 'progress' } });
});

test('nothing to do for a pod tolerating forever, not bound, already being deleted, on a node that is gone, or gone itself', () => {
  const c = holding(
    T0 + 3600 * S,
    [unreachable(T0)],
    pod('forever', [tolerate(UNREACHABLE)]),
    pod('pending', [], null),
    pod('going', [], 'w1-k8s', 'default', { deletionTimestamp: timestamp(T0) }),
    pod('lost', [], 'no-such-node'),
    pod('clean', [], 'w2-k8s'),
  );
  for (const name of ['forever', 'pending', 'going', 'lost', 'clean', 'gone']) assert.deepEqual(tec.sync(c, `Pod/default/${name}`), { actions: [] }, name);
});

test('only pods are evicted: another object naming the node in spec.nodeName is left alone', () => {
  const attachment: KObject = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: { name: 'va', uid: 'uid-va' }, spec: { nodeName: 'w1-k8s', attacher: 'csi.example.com', source: {} } };
  assert.deepEqual(tec.sync(holding(T0, [unreachable(T0)], attachment), 'VolumeAttachment//va'), { actions: [] });
});

// ---------------------------------------------------------------------------------------------
// enqueue and resync

test('a pod is queued when it lands on a node, stamped with the time it was seen; not on later writes, nor when unbound or deleted', () => {
  const c = { ...createCluster({ seed: 1 }), now: T0 + 7 * S };
  const key = 'Pod/default/p';
  const seen = `${key}@${T0 + 7 * S}`;
  assert.deepEqual(tec.enqueue(c, key, pod('p', [], null), pod('p', [])), [seen], 'bound');
  assert.deepEqual(tec.enqueue(c, key, null, pod('p', [])), [seen], 'created bound');
  assert.deepEqual(tec.enqueue(c, key, pod('p', [], 'w2-k8s'), pod('p', [])), [seen], 'another node');
  assert.deepEqual(tec.enqueue(c, key, pod('p', []), { ...pod('p', []), status: { phase: 'Running', podIP: '10.0.0.1' } }), [], 'status write');
  assert.deepEqual(tec.enqueue(c, key, null, pod('p', [], null)), [], 'not bound');
  assert.deepEqual(tec.enqueue(c, key, pod('p', []), undefined), [], 'deleted');
  assert.deepEqual(tec.enqueue(c, key, null, undefined), []);
});

test('a NoExecute taint added or removed queues every pod on the node, sorted; other node changes queue nothing', () => {
  const c = holding(T0 + 3 * S, undefined, pod('b', []), pod('a', [], 'w1-k8s', 'ns1'), pod('elsewhere', [], 'w2-k8s'));
  const key = 'Node//w1-k8s';
  const pods = [`Pod/default/b@${T0 + 3 * S}`, `Pod/ns1/a@${T0 + 3 * S}`];
  const n = (taints?: Taint[]) => node(taints);
  assert.deepEqual(tec.enqueue(c, key, n(), n([unreachable(T0)])), pods, 'added');
  assert.deepEqual(tec.enqueue(c, key, n([unreachable(T0)]), n([])), pods, 'removed');
  assert.deepEqual(tec.enqueue(c, key, n([unreachable(T0)]), n([unreachable(T0 + S)])), pods, 'its time changed');
  assert.deepEqual(tec.enqueue(c, key, null, n([unreachable(T0)])), pods, 'a node created tainted');
  assert.deepEqual(tec.enqueue(c, key, n([unreachable(T0)]), n([unreachable(T0), { key: 'k', effect: 'NoSchedule' }])), [], 'a NoSchedule taint');
  assert.deepEqual(tec.enqueue(c, key, null, n()), [], 'a node created clean');
  assert.deepEqual(tec.enqueue(c, key, n([unreachable(T0)]), undefined), [], 'deleted');
  assert.deepEqual(tec.enqueue(c, 'Node//w3-k8s', node(undefined, 'w3-k8s'), node([unreachable(T0)], 'w3-k8s')), [], 'no pods there');
  const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'w1-k8s', namespace: 'default' }, spec: { taints: [unreachable(T0)] } };
  assert.deepEqual(tec.enqueue(c, 'Service/default/w1-k8s', null, svc), []);
});

test('a restarted controller lists the bound pods not being deleted, sorted by key', () => {
  const c = holding(T0, undefined, pod('x', [], 'w1-k8s', 'a'), pod('y', [], 'w2-k8s', 'a-b'), pod('z', [], null, 'a'), pod('d', [], 'w1-k8s', 'a', { deletionTimestamp: timestamp(T0) }), pod('w', [], 'w1-k8s', 'a'));
  // having lost its memory, it counts from now (a taint without timeAdded restarts its wait)
  assert.deepEqual(tec.resyncKeys(c), [`Pod/a-b/y@${T0}`, `Pod/a/w@${T0}`, `Pod/a/x@${T0}`]);
});

test('end to end: the evicted pod is Terminating and the event recorded', () => {
  let c = holding(T0, [unreachable(T0)], pod('web', []));
  c = runSync(c, tec, 'Pod/default/web');
  assert.ok(c.store.objects.get('Pod/default/web')!.metadata.deletionTimestamp);
  assert.deepEqual([...c.events.values()].map((e) => `${e.type} ${e.reason} ${e.source} ${e.message}`), ['Normal TaintManagerEviction taint-eviction-controller Marking for deletion Pod default/web']);
  // once it is Terminating, nothing more
  assert.deepEqual(tec.sync(c, 'Pod/default/web'), { actions: [] });
});
