import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, converge, createCluster, defaultNodes, dispatch, KObject } from '../index';
import { Cluster } from '../cluster';
import { listAllNamespaces } from '../store/store';
import { isMemberOf, ordinalOf, parentAndOrdinal, POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_HASH_LABEL, REVISION_LABEL, revisionTemplate, statefulSetController as ssc } from './statefulset';

const KEY = 'StatefulSet/default/web';
const web = (spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'nginx',
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.16' }], ...podSpec } },
    ...spec,
  },
});
const claimTemplate = { metadata: { name: 'www', labels: { disk: 'ssd' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
const storageClass: KObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path' };

function send(c: Cluster, ...actions: Action[]): Cluster {
  for (const a of actions) {
    const r = dispatch(c, a);
    assert.ok(r.outcome.ok, `${a.type} failed: ${!r.outcome.ok && r.outcome.status.message}`);
    c = r.cluster;
  }
  return c;
}
const fresh = (...objects: KObject[]) => send(createCluster({ seed: 1, nodes: defaultNodes(3) }), ...objects.map((object) => ({ type: 'create', object }) as Action));
const settled = (...objects: KObject[]) => converge(fresh(...objects));
const setOf = (c: Cluster) => c.store.objects.get(KEY)!;
const pods = (c: Cluster) => listAllNamespaces(c.store, 'Pod').filter((p) => p.metadata.ownerReferences?.[0]?.uid === setOf(c).metadata.uid);
const pod = (c: Cluster, name: string) => c.store.objects.get(`Pod/default/${name}`)!;
const revisions = (c: Cluster) => listAllNamespaces(c.store, 'ControllerRevision').sort((a, b) => Number(a.revision) - Number(b.revision));
/** every call a sync sends, out of its batches and sequences */
const flat = (actions: Action[]): Action[] => actions.flatMap((a) => (a.type === 'slowStart' || a.type === 'sequence' ? flat(a.actions) : [a]));
const created = (actions: Action[], kind = 'Pod') => flat(actions).flatMap((a) => (a.type === 'create' && a.object.kind === kind ? [a.object.metadata.name] : []));
const deleted = (actions: Action[]) => flat(actions).flatMap((a) => (a.type === 'delete' && a.ref.kind === 'Pod' ? [a.ref.name] : []));
const statusOf = (actions: Action[]) => {
  const w = actions.find((a) => a.type === 'updateStatus');
  return w?.type === 'updateStatus' ? w.object.status : undefined;
};
const setImage = (c: Cluster, image: string) => send(c, { type: 'patch', ref: { kind: 'StatefulSet', name: 'web' }, patchType: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } } });

test('getParentNameAndOrdinal: the numeric suffix after the last dash', () => {
  const named = (name: string) => parentAndOrdinal({ apiVersion: 'v1', kind: 'Pod', metadata: { name } });
  assert.deepEqual(named('web-0'), { parent: 'web', ordinal: 0 });
  assert.deepEqual(named('my-web-12'), { parent: 'my-web', ordinal: 12 });
  assert.equal(named('web'), undefined);
  assert.equal(named('web-x'), undefined);
});

test('the first sync records revision 1 and creates only web-0: claims first, then the pod, with its identity', () => {
  const c = fresh(storageClass, web({ volumeClaimTemplates: [claimTemplate] }, { volumes: [{ name: 'www', emptyDir: {} }, { name: 'cache', emptyDir: {} }] }));
  const { actions } = ssc.sync(c, KEY);
  const revision = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'ControllerRevision');
  assert.ok(revision?.type === 'create');
  const rev = revision.object;
  assert.equal(rev.revision, 1);
  assert.equal(rev.metadata.name, `web-${rev.metadata.labels![REVISION_HASH_LABEL]}`);
  assert.equal(rev.metadata.labels!.app, 'nginx');
  assert.equal((rev.data as any).spec.template.$patch, 'replace');
  assert.deepEqual(created(actions, 'PersistentVolumeClaim'), ['www-web-0']);
  assert.deepEqual(created(actions), ['web-0']);
  // the claim comes before the pod, in one sequence: no pod without its disk
  const seq = actions.find((a) => a.type === 'sequence');
  assert.ok(seq?.type === 'sequence');
  assert.deepEqual(seq.actions.map((a) => (a.type === 'create' ? a.object.kind : a.type)), ['PersistentVolumeClaim', 'Pod']);
  const claim = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'PersistentVolumeClaim');
  assert.ok(claim?.type === 'create');
  assert.deepEqual(claim.object.metadata.labels, { disk: 'ssd', app: 'nginx' });
  assert.equal(claim.object.metadata.ownerReferences, undefined, 'Retain/Retain: the claim belongs to nobody');
  const p = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'Pod');
  assert.ok(p?.type === 'create');
  assert.equal(p.object.spec.hostname, 'web-0');
  assert.equal(p.object.spec.subdomain, 'nginx');
  assert.equal(p.object.metadata.labels![POD_NAME_LABEL], 'web-0');
  assert.equal(p.object.metadata.labels![POD_INDEX_LABEL], '0');
  assert.equal(p.object.metadata.labels![REVISION_LABEL], rev.metadata.name);
  // updateStorage: the claim's volume replaces the template volume of its name; the others stay
  assert.deepEqual(p.object.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }, { name: 'cache', emptyDir: {} }]);
});

test('OrderedReady waits for web-0 to be Running and Ready; Parallel creates every ordinal at once', () => {
  let c = fresh(web());
  c = send(c, ...ssc.sync(c, KEY).actions);
  assert.deepEqual(pods(c).map((p) => p.metadata.name), ['web-0']);
  assert.deepEqual(created(ssc.sync(c, KEY).actions), [], 'web-0 is Pending: nothing more');
  const parallel = fresh(web({ podManagementPolicy: 'Parallel' }));
  assert.deepEqual(created(ssc.sync(parallel, KEY).actions), ['web-0', 'web-1', 'web-2']);
});

test('scaling down deletes the highest ordinal first and waits for it to go before the next', () => {
  let c = settled(web());
  c = send(c, { type: 'scale', ref: { kind: 'StatefulSet', name: 'web' }, replicas: 1 });
  const first = ssc.sync(c, KEY).actions;
  assert.deepEqual(deleted(first), ['web-2']);
  c = send(c, ...first);
  assert.ok(pod(c, 'web-2').metadata.deletionTimestamp);
  assert.deepEqual(deleted(ssc.sync(c, KEY).actions), [], 'web-2 is still terminating');
  c = converge(c);
  assert.deepEqual(pods(c).map((p) => p.metadata.name), ['web-0']);
});

test('a failed pod is deleted, and created again once it is gone', () => {
  let c = settled(web());
  const p = pod(c, 'web-1');
  c = send(c, { type: 'updateStatus', object: { ...p, status: { ...p.status, phase: 'Failed' } } });
  const { actions } = ssc.sync(c, KEY);
  assert.deepEqual(deleted(actions), ['web-1']);
  assert.deepEqual(created(actions), []);
  c = converge(c);
  assert.notEqual(pod(c, 'web-1').metadata.uid, p.metadata.uid);
  assert.equal(pod(c, 'web-1').status.phase, 'Running');
});

test('a rolling update replaces the highest ordinal first; once every pod is updated, the update revision becomes current', () => {
  let c = settled(web());
  const r1 = setOf(c).status.currentRevision;
  c = setImage(c, 'nginx:1.17');
  const { actions } = ssc.sync(c, KEY);
  assert.deepEqual(deleted(actions), ['web-2']);
  const status = statusOf(actions);
  assert.equal(status.currentRevision, r1);
  assert.notEqual(status.updateRevision, r1);
  assert.equal(status.currentReplicas, 2, 'the deletion is counted at once (status.CurrentReplicas--)');
  c = converge(c);
  const s = setOf(c).status;
  assert.equal(s.currentRevision, s.updateRevision);
  assert.equal(s.currentReplicas, 3);
  assert.equal(s.updatedReplicas, 3);
  assert.deepEqual(pods(c).map((p) => p.spec.containers[0].image), ['nginx:1.17', 'nginx:1.17', 'nginx:1.17']);
});

test('rolling back to an earlier template gives its ControllerRevision the next revision number instead of a new one', () => {
  let c = settled(web());
  c = converge(setImage(c, 'nginx:1.17'));
  c = converge(setImage(c, 'nginx:1.16'));
  const revs = revisions(c);
  assert.equal(revs.length, 2);
  assert.deepEqual(revs.map((r) => [revisionTemplate(r).spec.containers[0].image, r.revision]), [['nginx:1.17', 2], ['nginx:1.16', 3]]);
  assert.equal(setOf(c).status.currentRevision, revs[1].metadata.name);
});

test('a revision name taken by another template bumps the collision count', () => {
  let c = settled(web());
  const taken = revisions(c)[0];
  // an impostor under the name the next template would get: same name, other data
  c = setImage(c, 'nginx:1.17');
  const name = flat(ssc.sync(c, KEY).actions).flatMap((a) => (a.type === 'create' && a.object.kind === 'ControllerRevision' ? [a.object.metadata.name] : []))[0];
  c = send(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, labels: { other: 'x' } }, data: { spec: { template: {} } }, revision: 9 } });
  const { actions } = ssc.sync(c, KEY);
  const made = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'ControllerRevision');
  assert.ok(made?.type === 'create');
  assert.notEqual(made.object.metadata.name, name);
  assert.notEqual(made.object.metadata.name, taken.metadata.name);
  assert.equal(statusOf(actions).collisionCount, 1);
});

test('history beyond revisionHistoryLimit is deleted, oldest first, never a revision a pod still runs', () => {
  let c = settled(web({ revisionHistoryLimit: 1, replicas: 1 }));
  for (const image of ['nginx:1.17', 'nginx:1.18', 'nginx:1.19']) c = converge(setImage(c, image));
  const revs = revisions(c);
  assert.deepEqual(revs.map((r) => r.revision), [3, 4], 'the live revision and one more');
});

test('a partition keeps ordinals below it at the current revision, even when one is deleted and recreated', () => {
  let c = settled(web({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
  c = converge(setImage(c, 'nginx:1.17'));
  assert.deepEqual(pods(c).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!)).map((p) => p.spec.containers[0].image), ['nginx:1.16', 'nginx:1.16', 'nginx:1.17']);
  c = converge(send(c, { type: 'delete', ref: { kind: 'Pod', name: 'web-0' } }));
  assert.equal(pod(c, 'web-0').spec.containers[0].image, 'nginx:1.16');
  assert.notEqual(setOf(c).status.currentRevision, setOf(c).status.updateRevision, 'the update is not complete');
});

test('OnDelete replaces nothing on its own', () => {
  let c = settled(web({ updateStrategy: { type: 'OnDelete' } }));
  c = converge(setImage(c, 'nginx:1.17'));
  assert.deepEqual(pods(c).map((p) => p.spec.containers[0].image), ['nginx:1.16', 'nginx:1.16', 'nginx:1.16']);
  assert.equal(setOf(c).status.updatedReplicas, undefined);
});

test('a pod that lost its pod-name label gets it back, with a SuccessfulUpdate event', () => {
  let c = settled(web());
  const p = pod(c, 'web-1');
  const labels = { ...p.metadata.labels };
  delete labels[POD_NAME_LABEL];
  c = send(c, { type: 'replace', object: { ...p, metadata: { ...p.metadata, labels } } });
  const { actions } = ssc.sync(c, KEY);
  const events = flat(actions).flatMap((a) => (a.type === 'event' ? [a.event.message] : []));
  assert.deepEqual(events, ['update Pod web-1 in StatefulSet web successful']);
  c = converge(c);
  assert.equal(pod(c, 'web-1').metadata.labels![POD_NAME_LABEL], 'web-1');
});

test('a claim being deleted stops its pod from being created: FailedCreate with upstream words', () => {
  let c = settled(storageClass, web({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
  // the claim is in use, so the pvc-protection finalizer holds it while the pod goes
  c = send(c, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-0' } }, { type: 'delete', ref: { kind: 'Pod', name: 'web-0' }, gracePeriodSeconds: 0 });
  const { actions } = ssc.sync(c, KEY);
  assert.deepEqual(created(actions), []);
  const events = flat(actions).flatMap((a) => (a.type === 'event' ? [`${a.event.reason}: ${a.event.message}`] : []));
  assert.deepEqual(events, ['FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted']);
  // once the claim is gone, a new one and the pod are created
  c = converge(c);
  assert.equal(pod(c, 'web-0').status.phase, 'Running');
  assert.equal(c.store.objects.get('PersistentVolumeClaim/default/www-web-0')?.status.phase, 'Bound');
});

test('retention policy Delete: the set owns its claims on delete, and a condemned pod owns its claims on scale-down', () => {
  let c = settled(storageClass, web({ volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
  const claim = (n: number) => c.store.objects.get(`PersistentVolumeClaim/default/www-web-${n}`);
  assert.deepEqual(claim(0)!.metadata.ownerReferences!.map((r) => r.kind), ['StatefulSet']);
  c = converge(send(c, { type: 'scale', ref: { kind: 'StatefulSet', name: 'web' }, replicas: 1 }));
  assert.equal(claim(2), undefined, "web-2's claim went with it");
  assert.equal(claim(1), undefined);
  assert.ok(claim(0));
  c = converge(send(c, { type: 'delete', ref: { kind: 'StatefulSet', name: 'web' } }));
  assert.equal(claim(0), undefined, 'deleting the set deletes its claims');
  assert.equal(listAllNamespaces(c.store, 'PersistentVolume').length, 0, 'and the class reclaims their volumes (Delete)');
});

test('default retention (Retain): claims outlive scale-down and the set itself', () => {
  let c = settled(storageClass, web({ volumeClaimTemplates: [claimTemplate] }));
  c = converge(send(c, { type: 'delete', ref: { kind: 'StatefulSet', name: 'web' } }));
  assert.equal(pods(c).length, 0);
  assert.deepEqual(listAllNamespaces(c.store, 'PersistentVolumeClaim').map((p) => `${p.metadata.name} ${p.status.phase}`).sort(), ['www-web-0 Bound', 'www-web-1 Bound', 'www-web-2 Bound']);
});

test('whenScaled Delete: a claim owned by a pod that came back in range (scale down then up before it went) is given back to the set', () => {
  let c = settled(storageClass, web({ volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
  // web-2's claim owned by web-2 as if scale-down had begun, then the set wants 3 again
  const claim = c.store.objects.get('PersistentVolumeClaim/default/www-web-2')!;
  const p = pod(c, 'web-2');
  c = send(c, { type: 'patch', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-2' }, patchType: 'merge', patch: { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: p.metadata.uid! }] } } as never });
  // the controller does not watch claims: its next sync of the set (a resync) puts this right
  c = converge(send(c, ...ssc.sync(c, KEY).actions));
  assert.equal(c.store.objects.get('PersistentVolumeClaim/default/www-web-2')!.metadata.ownerReferences, undefined);
  assert.equal(c.store.objects.get('PersistentVolumeClaim/default/www-web-2')!.metadata.uid, claim.metadata.uid);
});

// ---------------------------------------------------------------------------------------------
// exact outputs, one rule at a time

const NAME = 'statefulset-controller';
const uidOf = (c: Cluster) => setOf(c).metadata.uid!;
const setRef = (c: Cluster) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: uidOf(c), controller: true, blockOwnerDeletion: true });
const involved = (c: Cluster) => ({ involved: { kind: 'StatefulSet', namespace: 'default', name: 'web' }, involvedUid: uidOf(c), source: NAME });
/** the pod's status with its Ready condition replaced (and its phase, when given) */
function withReady(c: Cluster, name: string, ready: 'True' | 'False', at = '2025-01-01T00:00:04Z', phase?: string): Cluster {
  const p = pod(c, name);
  const conditions = p.status.conditions.map((cond: any) => (cond.type === 'Ready' ? { ...cond, status: ready, lastTransitionTime: at } : cond));
  return send(c, { type: 'updateStatus', object: { ...p, status: { ...p.status, conditions, ...(phase ? { phase } : {}) } } });
}
const scale = (c: Cluster, replicas: number) => send(c, { type: 'scale', ref: { kind: 'StatefulSet', name: 'web' }, replicas });
const patchSet = (c: Cluster, spec: Record<string, unknown>) => send(c, { type: 'patch', ref: { kind: 'StatefulSet', name: 'web' }, patchType: 'merge', patch: { spec } as never });
const gone = (c: Cluster, name: string) => send(c, { type: 'delete', ref: { kind: 'Pod', name }, gracePeriodSeconds: 0 });
const deletePodAction = (c: Cluster, name: string) => ({
  type: 'delete',
  actor: NAME,
  ref: { kind: 'Pod', namespace: 'default', name },
  preconditions: { uid: pod(c, name).metadata.uid },
  onSuccess: { ...involved(c), reason: 'SuccessfulDelete', message: `delete Pod ${name} in StatefulSet web successful` },
});
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('getParentNameAndOrdinal: the ordinal must fit an int32; ordinalOf and isMemberOf follow it', () => {
  const named = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } });
  assert.deepEqual(parentAndOrdinal(named('web-2147483647')), { parent: 'web', ordinal: 2147483647 });
  assert.equal(parentAndOrdinal(named('web-2147483648')), undefined, 'strconv.ParseInt(_, 10, 32) fails');
  assert.equal(ordinalOf(named('web-3')), 3);
  assert.equal(ordinalOf(named('web')), -1);
  const set = web();
  assert.equal(isMemberOf(set, named('web-1')), true);
  assert.equal(isMemberOf(set, named('web')), false);
  assert.equal(isMemberOf(set, named('db-1')), false);
});

test('the first sync, exactly: revision 1, web-0 from the template (no volumes), and a status without zero counts', () => {
  const c = fresh(web());
  const set = setOf(c);
  const { actions, wakeAt } = ssc.sync(c, KEY);
  assert.equal(wakeAt, undefined);
  assert.equal(actions.length, 3);
  const [rev, create, status] = actions;
  assert.ok(rev.type === 'create');
  const hash = rev.object.metadata.labels![REVISION_HASH_LABEL];
  const revName = `web-${hash}`;
  assert.deepEqual(rev, {
    type: 'create',
    actor: NAME,
    object: {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: revName, namespace: 'default', labels: { app: 'nginx', [REVISION_HASH_LABEL]: hash }, ownerReferences: [setRef(c)] },
      data: { spec: { template: { ...set.spec.template, $patch: 'replace' } } },
      revision: 1,
    },
  });
  assert.deepEqual(create, {
    type: 'create',
    actor: NAME,
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-0',
        namespace: 'default',
        labels: { app: 'nginx', [POD_NAME_LABEL]: 'web-0', [POD_INDEX_LABEL]: '0', [REVISION_LABEL]: revName },
        ownerReferences: [setRef(c)],
      },
      spec: { ...set.spec.template.spec, hostname: 'web-0', subdomain: 'nginx' },
    },
    onSuccess: { ...involved(c), reason: 'SuccessfulCreate', message: 'create Pod web-0 in StatefulSet web successful' },
    onFailure: { ...involved(c), type: 'Warning', reason: 'FailedCreate', message: 'create Pod web-0 in StatefulSet web failed error: $error' },
  });
  assert.ok(status.type === 'updateStatus');
  // readyReplicas, currentReplicas and updatedReplicas are omitempty; replicas and availableReplicas are not
  assert.deepEqual(status.object.status, { observedGeneration: 1, replicas: 0, currentRevision: revName, updateRevision: revName, collisionCount: 0, availableReplicas: 0 });
});

test('newStatefulSetPod: template annotations and finalizers are copied, no subdomain without a serviceName; revisions copy the set annotations', () => {
  const set = web({ replicas: 1 });
  delete set.spec.serviceName;
  set.metadata.annotations = { team: 'db' };
  set.spec.template.metadata = { labels: { app: 'nginx' }, annotations: { scrape: 'true' }, finalizers: ['example.com/hold'] };
  const c = fresh(set);
  const { actions } = ssc.sync(c, KEY);
  const p = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'Pod');
  assert.ok(p?.type === 'create');
  assert.deepEqual(p.object.metadata.annotations, { scrape: 'true' });
  assert.deepEqual(p.object.metadata.finalizers, ['example.com/hold']);
  assert.equal(p.object.spec.hostname, 'web-0');
  assert.equal('subdomain' in p.object.spec, false);
  const rev = flat(actions).find((a) => a.type === 'create' && a.object.kind === 'ControllerRevision');
  assert.ok(rev?.type === 'create');
  assert.deepEqual(rev.object.metadata.annotations, { team: 'db' });
});

test('a settled set syncs to nothing, whatever its claims retention policy', () => {
  assert.deepEqual(ssc.sync(settled(web()), KEY), { actions: [], wakeAt: undefined });
  for (const [whenDeleted, whenScaled] of [['Retain', 'Retain'], ['Delete', 'Retain'], ['Retain', 'Delete'], ['Delete', 'Delete']]) {
    const c = settled(storageClass, web({ volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } }));
    assert.deepEqual(ssc.sync(c, KEY).actions, [], `${whenDeleted}/${whenScaled}`);
  }
});

test('Parallel: every missing ordinal in one slow-start batch, a call per pod', () => {
  const c = fresh(web({ podManagementPolicy: 'Parallel' }));
  const { actions } = ssc.sync(c, KEY);
  assert.deepEqual(actions.map((a) => a.type), ['create', 'slowStart', 'updateStatus']);
  const batch = actions[1];
  assert.ok(batch.type === 'slowStart');
  assert.deepEqual(batch.actions.map((a) => (a.type === 'create' ? `create ${a.object.metadata.name}` : a.type)), ['create web-0', 'create web-1', 'create web-2']);
  // a settled Parallel set sends no empty batch
  assert.deepEqual(ssc.sync(settled(web({ podManagementPolicy: 'Parallel' })), KEY).actions, []);
});

test('a Pending pod gets its missing claims back (createMissingPersistentVolumeClaims); a Running one does not', () => {
  const data = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
  let c = fresh(storageClass, web({ replicas: 1, podManagementPolicy: 'Parallel', volumeClaimTemplates: [claimTemplate, data] }, { volumes: [{ name: 'www', emptyDir: {} }, { name: 'data', emptyDir: {} }, { name: 'cache', emptyDir: {} }] }));
  const first = ssc.sync(c, KEY).actions;
  const podCreate = flat(first).find((a) => a.type === 'create' && a.object.kind === 'Pod');
  assert.ok(podCreate?.type === 'create');
  // each claim template replaces the template volume of its name
  assert.deepEqual(podCreate.object.spec.volumes, [
    { name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } },
    { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
    { name: 'cache', emptyDir: {} },
  ]);
  // only the revision and the pod are sent: the pod is Pending without its claims
  c = send(c, ...first.filter((a) => a.type === 'create'), podCreate);
  assert.equal(pod(c, 'web-0').status.phase, 'Pending');
  const { actions } = ssc.sync(c, KEY);
  const batch = actions.find((a) => a.type === 'slowStart');
  assert.ok(batch?.type === 'slowStart');
  assert.equal(batch.actions.length, 1);
  const seq = batch.actions[0];
  assert.ok(seq.type === 'sequence', 'two calls for one pod go in a sequence');
  assert.deepEqual(seq.actions.map((a) => (a.type === 'create' ? a.object.metadata.name : a.type)), ['www-web-0', 'data-web-0']);

  // Running, with its claim gone for good: nothing to create, nothing to fix
  let s = settled(storageClass, web({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
  s = send(s, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-0' } }, { type: 'patch', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-0' }, patchType: 'merge', patch: { metadata: { finalizers: null } } as never });
  assert.equal(s.store.objects.get('PersistentVolumeClaim/default/www-web-0'), undefined);
  assert.equal(pod(s, 'web-0').status.phase, 'Running');
  assert.deepEqual(ssc.sync(s, KEY).actions, []);
});

test('claims are made from their template: its metadata kept, the set owning them under whenDeleted Delete, with upstream event words', () => {
  const template = { metadata: { name: 'www', labels: { disk: 'ssd' }, annotations: { backup: 'daily' } }, spec: claimTemplate.spec };
  const c = fresh(storageClass, web({ replicas: 1, volumeClaimTemplates: [template], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } }));
  const seq = ssc.sync(c, KEY).actions.find((a) => a.type === 'sequence');
  assert.ok(seq?.type === 'sequence');
  const claim = seq.actions[0];
  assert.ok(claim.type === 'create');
  const { ownerReferences, ...meta } = claim.object.metadata;
  assert.deepEqual(meta, { name: 'www-web-0', namespace: 'default', labels: { disk: 'ssd', app: 'nginx' }, annotations: { backup: 'daily' } });
  assert.deepEqual(ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: uidOf(c) }], 'not a controller reference');
  assert.deepEqual(claim.onSuccess, { ...involved(c), reason: 'SuccessfulCreate', message: 'create Claim www-web-0 Pod web-0 in StatefulSet web success' });
  assert.deepEqual(claim.onFailure, { ...involved(c), type: 'Warning', reason: 'FailedCreate', message: 'create Claim www-web-0 for Pod web-0 in StatefulSet web failed error: $error' });
});

test('minReadySeconds: a pod Ready too recently is not available, holds back the next ordinal, and the sync asks to be woken when it will be', () => {
  let c = settled(web({ replicas: 2 }));
  c = { ...c, now: c.now + 60_000 };
  c = patchSet(c, { minReadySeconds: 30, replicas: 3 });
  c = withReady(c, 'web-1', 'True', iso(c.now));
  const { actions, wakeAt } = ssc.sync(c, KEY);
  assert.deepEqual(created(actions), [], 'web-1 is not available yet');
  const status = statusOf(actions);
  assert.equal(status.readyReplicas, 2);
  assert.equal(status.availableReplicas, 1);
  assert.deepEqual(wakeAt, { at: Date.parse(iso(c.now)) + 30_000, kind: 'progress' });
  // once the time has passed, web-2 is created
  assert.deepEqual(created(ssc.sync({ ...c, now: c.now + 30_000 }, KEY).actions), ['web-2']);
});

test('OrderedReady scale-up waits for each predecessor: not Ready, or terminating, stops it', () => {
  const base = settled(web({ replicas: 2 }));
  assert.deepEqual(created(ssc.sync(scale(base, 3), KEY).actions), ['web-2']);
  assert.deepEqual(ssc.sync(scale(withReady(base, 'web-1', 'False'), 3), KEY).actions.filter((a) => a.type !== 'updateStatus'), []);
  const terminating = send(base, { type: 'delete', ref: { kind: 'Pod', name: 'web-1' } });
  assert.ok(pod(terminating, 'web-1').metadata.deletionTimestamp);
  assert.deepEqual(ssc.sync(scale(terminating, 3), KEY).actions.filter((a) => a.type !== 'updateStatus'), []);
});

test('a rolling update does not start while a lower ordinal is not Ready (OrderedReady stops at it first)', () => {
  let c = settled(web());
  c = withReady(setImage(c, 'nginx:1.17'), 'web-0', 'False');
  assert.deepEqual(deleted(ssc.sync(c, KEY).actions), []);
});

test('Parallel rolling update: the next pod goes only once the updated one is healthy and available', () => {
  let c = settled(web({ podManagementPolicy: 'Parallel' }));
  c = gone(setImage(c, 'nginx:1.17'), 'web-2');
  c = send(c, ...ssc.sync(c, KEY).actions);
  const updated = pod(c, 'web-2');
  assert.equal(updated.spec.containers[0].image, 'nginx:1.17');
  assert.deepEqual(deleted(ssc.sync(c, KEY).actions), [], 'web-2 is Pending');
  // web-2 Running and Ready on web-1's node
  c = send(c, { type: 'bind', ref: { kind: 'Pod', name: 'web-2' }, node: pod(c, 'web-1').spec.nodeName });
  c = send(c, { type: 'updateStatus', object: { ...pod(c, 'web-2'), status: pod(c, 'web-1').status } });
  assert.deepEqual(ssc.sync(c, KEY).actions.find((a) => a.type === 'delete'), deletePodAction(c, 'web-1'));
  assert.deepEqual(deleted(ssc.sync(withReady(c, 'web-2', 'False'), KEY).actions), [], 'not Ready');
  const recent = withReady(patchSet({ ...c, now: c.now + 60_000 }, { minReadySeconds: 30 }), 'web-2', 'True', iso(c.now + 60_000));
  assert.deepEqual(deleted(ssc.sync(recent, KEY).actions), [], 'Ready, not yet available');
  const terminating = send(c, { type: 'delete', ref: { kind: 'Pod', name: 'web-2' } });
  assert.ok(pod(terminating, 'web-2').metadata.deletionTimestamp);
  assert.deepEqual(deleted(ssc.sync(terminating, KEY).actions), [], 'Ready, but terminating');
});

test('rolling update of one replica: the status counts the deletion at once, and completes only when the new pod is Ready', () => {
  let c = settled(web({ replicas: 1 }));
  const r1 = setOf(c).status.currentRevision;
  c = setImage(c, 'nginx:1.17');
  const first = ssc.sync(c, KEY).actions;
  assert.deepEqual(first.find((a) => a.type === 'delete'), deletePodAction(c, 'web-0'));
  const r2 = statusOf(first).updateRevision;
  assert.notEqual(r2, r1);
  assert.deepEqual(statusOf(first), { observedGeneration: 2, replicas: 1, readyReplicas: 1, currentRevision: r1, updateRevision: r2, collisionCount: 0, availableReplicas: 1 });
  c = gone(c, 'web-0');
  // the pod is created at the update revision; the status of that sync is not written
  c = send(c, ...ssc.sync(c, KEY).actions.filter((a) => a.type === 'create'));
  assert.equal(pod(c, 'web-0').metadata.labels![REVISION_LABEL], r2);
  // updated, not Ready: the update revision is not current yet
  assert.deepEqual(statusOf(ssc.sync(c, KEY).actions), { observedGeneration: 2, replicas: 1, updatedReplicas: 1, currentRevision: r1, updateRevision: r2, collisionCount: 0, availableReplicas: 0 });
});

test('RollingUpdate: a pod deleted by hand mid-update comes back at the update revision (partition 0)', () => {
  let c = settled(web());
  c = gone(setImage(c, 'nginx:1.17'), 'web-0');
  const p = flat(ssc.sync(c, KEY).actions).find((a) => a.type === 'create' && a.object.kind === 'Pod');
  assert.ok(p?.type === 'create');
  assert.equal(p.object.metadata.name, 'web-0');
  assert.equal(p.object.spec.containers[0].image, 'nginx:1.17');
});

test('OnDelete: a deleted pod comes back at the update revision, and the current revision never moves', () => {
  let c = settled(web({ replicas: 1, updateStrategy: { type: 'OnDelete' } }));
  const r1 = setOf(c).status.currentRevision;
  c = gone(setImage(c, 'nginx:1.17'), 'web-0');
  const p = flat(ssc.sync(c, KEY).actions).find((a) => a.type === 'create' && a.object.kind === 'Pod');
  assert.ok(p?.type === 'create');
  assert.equal(p.object.spec.containers[0].image, 'nginx:1.17');
  c = converge(c);
  const s = setOf(c).status;
  assert.equal(pod(c, 'web-0').spec.containers[0].image, 'nginx:1.17');
  assert.deepEqual(s, { observedGeneration: 2, replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: r1, updateRevision: s.updateRevision, collisionCount: 0, availableReplicas: 1 });
  assert.notEqual(s.updateRevision, r1, 'completeRollingUpdate is for RollingUpdate only');
});

test('scale-down waits for unhealthy condemned pods unless the highest is the first unhealthy one; Parallel does not wait', () => {
  const base = scale(settled(web({ replicas: 5 })), 3);
  assert.deepEqual(deleted(ssc.sync(base, KEY).actions), ['web-4']);
  // web-4 unhealthy is the first unhealthy pod: it goes
  assert.deepEqual(ssc.sync(withReady(base, 'web-4', 'False'), KEY).actions.find((a) => a.type === 'delete'), deletePodAction(base, 'web-4'));
  // web-3 is unhealthy too, and comes first: web-4 waits
  assert.deepEqual(deleted(ssc.sync(withReady(withReady(base, 'web-4', 'False'), 'web-3', 'False'), KEY).actions), []);
  // Ready but not yet available counts as unhealthy too
  let recent = patchSet({ ...base, now: base.now + 60_000 }, { minReadySeconds: 30 });
  recent = withReady(withReady(recent, 'web-4', 'True', iso(recent.now)), 'web-3', 'False');
  assert.deepEqual(deleted(ssc.sync(recent, KEY).actions), []);
  const parallel = scale(settled(web({ replicas: 5, podManagementPolicy: 'Parallel' })), 3);
  assert.deepEqual(deleted(ssc.sync(withReady(withReady(parallel, 'web-4', 'False'), 'web-3', 'False'), KEY).actions), ['web-4', 'web-3']);
});

test('scale-down status: a terminating pod is still counted as a replica and Ready, not as current or updated', () => {
  let c = scale(settled(web()), 2);
  c = send(c, ...ssc.sync(c, KEY).actions);
  const s = statusOf(ssc.sync(c, KEY).actions);
  assert.deepEqual(s, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 2, currentRevision: s.currentRevision, updateRevision: s.currentRevision, collisionCount: 0, availableReplicas: 3 });
});

test('a Succeeded pod is deleted like a Failed one; one already terminating is not deleted again; either stops an OrderedReady sync', () => {
  const base = settled(web({ replicas: 2 }));
  const finished = (c: Cluster, name: string, phase: string) => send(c, { type: 'updateStatus', object: { ...pod(c, name), status: { ...pod(c, name).status, phase } } });
  const succeeded = finished(base, 'web-1', 'Succeeded');
  assert.deepEqual(ssc.sync(succeeded, KEY).actions.find((a) => a.type === 'delete'), deletePodAction(base, 'web-1'));
  // scaled up meanwhile: web-2 waits for web-1 to be recreated
  assert.deepEqual(created(ssc.sync(scale(finished(base, 'web-1', 'Failed'), 3), KEY).actions), []);
  const terminating = finished(send(base, { type: 'delete', ref: { kind: 'Pod', name: 'web-1' } }), 'web-1', 'Failed');
  assert.ok(pod(terminating, 'web-1').metadata.deletionTimestamp);
  assert.deepEqual(deleted(ssc.sync(terminating, KEY).actions), []);
});

test('updateIdentity, exactly: a strategic patch of the pod-name and pod-index labels, and a Normal SuccessfulUpdate event', () => {
  let c = settled(web());
  const p = pod(c, 'web-1');
  c = send(c, { type: 'patch', ref: { kind: 'Pod', name: 'web-1' }, patchType: 'merge', patch: { metadata: { labels: { [POD_NAME_LABEL]: 'web-7' } } } });
  assert.deepEqual(ssc.sync(c, KEY).actions, [
    {
      type: 'sequence',
      actor: NAME,
      actions: [
        { type: 'patch', actor: NAME, ref: { kind: 'Pod', namespace: 'default', name: 'web-1' }, patchType: 'strategic', patch: { metadata: { labels: { [POD_NAME_LABEL]: 'web-1', [POD_INDEX_LABEL]: '1' } } } },
        { type: 'event', actor: NAME, event: { ...involved(c), type: 'Normal', reason: 'SuccessfulUpdate', message: 'update Pod web-1 in StatefulSet web successful' } },
      ],
    },
  ]);
  assert.equal(p.metadata.labels![POD_NAME_LABEL], 'web-1');
});

test('a set being deleted only gets its status: no pod is created, no orphan revision adopted', () => {
  let c = settled(web());
  c = send(c, { type: 'patch', ref: { kind: 'StatefulSet', name: 'web' }, patchType: 'merge', patch: { metadata: { finalizers: ['example.com/hold'] } } as never });
  c = send(c, { type: 'delete', ref: { kind: 'StatefulSet', name: 'web' }, propagationPolicy: 'Orphan' });
  assert.ok(setOf(c).metadata.deletionTimestamp);
  c = gone(c, 'web-2');
  c = send(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-orphan', labels: { app: 'nginx' } }, data: { spec: { template: {} } }, revision: 7 } });
  const { actions } = ssc.sync(c, KEY);
  assert.deepEqual(actions.map((a) => a.type), ['updateStatus']);
  assert.equal(statusOf(actions).replicas, 2);
});

test('AdoptOrphanRevisions: a matching orphan is adopted (and counted, so the live template is rolled forward past it); others are left alone', () => {
  let c = settled(web());
  const r1 = revisions(c)[0];
  c = send(
    c,
    { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-orphan', labels: { app: 'nginx' } }, data: { spec: { template: {} } }, revision: 5 } },
    { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'db-orphan', labels: { app: 'db' } }, data: { spec: { template: {} } }, revision: 9 } },
  );
  const orphan = c.store.objects.get('ControllerRevision/default/web-orphan')!;
  assert.deepEqual(ssc.sync(c, KEY).actions, [
    { type: 'patch', actor: NAME, ref: { kind: 'ControllerRevision', namespace: 'default', name: 'web-orphan' }, patchType: 'strategic', patch: { metadata: { ownerReferences: [setRef(c)], uid: orphan.metadata.uid } } },
    { type: 'patch', actor: NAME, ref: { kind: 'ControllerRevision', namespace: 'default', name: r1.metadata.name }, patchType: 'merge', patch: { revision: 6 } },
  ]);
});

test('ListRevisions: a revision controlled by another owner is not the set\'s, even with an owner reference to it', () => {
  let c = settled(web({ revisionHistoryLimit: 0 }));
  c = send(c, {
    type: 'create',
    object: {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'web-foreign', labels: { app: 'nginx' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: uidOf(c) }, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'other', uid: 'other-uid', controller: true }] },
      data: { spec: { template: {} } },
      revision: 7,
    },
  });
  assert.deepEqual(ssc.sync(c, KEY).actions, []);
});

test('CreateControllerRevision: a revision of that name with equal data is used as it is, not created again', () => {
  let c = settled(web());
  const r1 = revisions(c)[0];
  // no longer matched by the selector, so not listed as the set's
  c = send(c, { type: 'patch', ref: { kind: 'ControllerRevision', name: r1.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { app: 'other' } } } as never });
  assert.deepEqual(ssc.sync(c, KEY).actions, []);
});

test('truncateHistory: non-live revisions beyond revisionHistoryLimit go, lowest revision first', () => {
  const withHistory = (limit: number) => {
    let c = settled(web({ replicas: 1, revisionHistoryLimit: limit }));
    const live = revisions(c)[0].metadata.name!;
    c = send(c, { type: 'patch', ref: { kind: 'ControllerRevision', name: live }, patchType: 'merge', patch: { revision: 10 } });
    for (const [name, revision] of [['web-h1', 1], ['web-h2', 2], ['web-h3', 3]] as const) {
      c = send(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, labels: { app: 'nginx' }, ownerReferences: [setRef(c)] }, data: { spec: { template: { metadata: { labels: { v: name } } } } }, revision } });
    }
    return c;
  };
  const truncated = (limit: number) => ssc.sync(withHistory(limit), KEY).actions.map((a) => (a.type === 'delete' ? `delete ${a.ref.name}` : a.type));
  assert.deepEqual(truncated(0), ['delete web-h1', 'delete web-h2', 'delete web-h3']);
  assert.deepEqual(truncated(1), ['delete web-h1', 'delete web-h2']);
  assert.deepEqual(truncated(2), ['delete web-h1']);
  assert.deepEqual(truncated(3), []);
  assert.deepEqual(truncated(4), []);
  const c = withHistory(2);
  const h1 = c.store.objects.get('ControllerRevision/default/web-h1')!;
  assert.deepEqual(ssc.sync(c, KEY).actions, [{ type: 'delete', actor: NAME, ref: { kind: 'ControllerRevision', namespace: 'default', name: 'web-h1' }, preconditions: { uid: h1.metadata.uid } }]);
});

test('SortControllerRevisions: equal revision numbers are ordered by age, then by name', () => {
  let c = settled(web({ replicas: 1, revisionHistoryLimit: 1 }));
  const live = revisions(c)[0].metadata.name!;
  c = send(c, { type: 'patch', ref: { kind: 'ControllerRevision', name: live }, patchType: 'merge', patch: { revision: 10 } });
  const hist = (c: Cluster, name: string) => send(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, labels: { app: 'nginx' }, ownerReferences: [setRef(c)] }, data: { spec: { template: { metadata: { labels: { v: name } } } } }, revision: 1 } });
  const doomed = (c: Cluster) => flat(ssc.sync(c, KEY).actions).flatMap((a) => (a.type === 'delete' ? [a.ref.name] : []));
  // same age: by name
  assert.deepEqual(doomed(hist(hist(c, 'web-b'), 'web-a')), ['web-a']);
  // web-b older: it goes first
  const older = hist(c, 'web-b');
  assert.deepEqual(doomed(hist({ ...older, now: older.now + 5_000 }, 'web-a')), ['web-b']);
});

test('PodClaimIsStale: under whenScaled Delete a claim still owned by an earlier pod of that name holds the pod back; under Retain it is reused', () => {
  const data = { metadata: { name: 'data' }, spec: claimTemplate.spec };
  const build = (whenScaled: string, templates: unknown[], replicas = 1, earlier = 'web-0') => {
    let c = fresh(storageClass, web({ replicas, volumeClaimTemplates: templates, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled } }));
    const owners = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: uidOf(c) }, { apiVersion: 'v1', kind: 'Pod', name: earlier, uid: 'an-earlier-pod' }];
    c = send(c, { type: 'create', object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', labels: { app: 'nginx' }, ownerReferences: owners }, spec: claimTemplate.spec } });
    return ssc.sync(c, KEY).actions;
  };
  assert.deepEqual(build('Delete', [claimTemplate]).map((a) => a.type), ['create', 'updateStatus'], 'the revision and the status, no pod');
  assert.deepEqual(created(build('Delete', [claimTemplate, data])), [], 'one stale claim is enough');
  assert.deepEqual(created(build('Delete', [claimTemplate], 2)), [], 'OrderedReady: web-1 waits for web-0');
  assert.deepEqual(created(build('Delete', [claimTemplate], 1, 'web-9')), ['web-0'], 'owned by the set and by another pod: not stale');
  assert.deepEqual(created(build('Delete', [claimTemplate, data]), 'PersistentVolumeClaim'), []);
  assert.deepEqual(created(build('Retain', [claimTemplate])), ['web-0']);
  assert.deepEqual(created(build('Retain', [claimTemplate, data]), 'PersistentVolumeClaim'), ['data-web-0']);
});

test('whenScaled Delete: a condemned pod is added to its claim\'s owners, the claim\'s other owners kept', () => {
  let c = settled(storageClass, web({ volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
  const other = { apiVersion: 'v1', kind: 'Pod', name: 'other', uid: 'other-uid' };
  const namesake = { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-2', uid: 'cm-uid' };
  c = send(c, { type: 'patch', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-2' }, patchType: 'merge', patch: { metadata: { ownerReferences: [other, namesake] } } as never });
  c = scale(c, 2);
  const web2 = pod(c, 'web-2');
  assert.deepEqual(ssc.sync(c, KEY).actions.filter((a) => a.type !== 'updateStatus'), [
    { type: 'patch', actor: NAME, ref: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'www-web-2' }, patchType: 'merge', patch: { metadata: { ownerReferences: [other, namesake, { apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: web2.metadata.uid }] } } },
    deletePodAction(c, 'web-2'),
  ]);
});

test('enqueue: the set itself, the set controlling a pod, the sets whose selector matches an orphan pod; nothing else', () => {
  const c = settled(web({ replicas: 1 }));
  const p = pod(c, 'web-0');
  assert.deepEqual(ssc.enqueue(c, KEY, null, undefined), []);
  assert.deepEqual(ssc.enqueue(c, KEY, null, setOf(c)), [KEY]);
  assert.deepEqual(ssc.enqueue(c, 'Pod/default/web-0', null, p), [KEY]);
  assert.deepEqual(ssc.enqueue(c, 'Pod/default/web-0', p, undefined), [KEY], 'deleted');
  const orphan = { ...p, metadata: { ...p.metadata, ownerReferences: undefined } };
  assert.deepEqual(ssc.enqueue(c, 'Pod/default/web-0', null, orphan), [KEY]);
  assert.deepEqual(ssc.enqueue(c, 'Pod/default/web-0', null, { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'db' } } }), []);
  assert.deepEqual(ssc.enqueue(c, 'ConfigMap/default/web', null, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'default', ownerReferences: [setRef(c)] } }), []);
});

test('resyncKeys: every StatefulSet, sorted', () => {
  const db = web();
  db.metadata = { name: 'db' };
  const c = fresh(web(), db);
  assert.deepEqual(ssc.resyncKeys(c), ['StatefulSet/default/db', KEY]);
});

test('ordinals.start: the replicas are the ordinals from start; one below it is condemned', () => {
  let c = settled(web({ replicas: 2 }));
  c = patchSet(c, { ordinals: { start: 1 } });
  assert.deepEqual(created(ssc.sync(c, KEY).actions), ['web-2']);
  c = converge(c);
  assert.deepEqual(pods(c).map((p) => p.metadata.name).sort(), ['web-1', 'web-2']);
  assert.equal(setOf(c).status.replicas, 2);
});

test('FailedCreate for a pod is a Warning event', () => {
  let c = settled(storageClass, web({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
  c = send(c, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'www-web-0' } }, { type: 'delete', ref: { kind: 'Pod', name: 'web-0' }, gracePeriodSeconds: 0 });
  const events = ssc.sync(c, KEY).actions.filter((a) => a.type === 'event');
  assert.deepEqual(events, [{ type: 'event', actor: NAME, event: { ...involved(c), type: 'Warning', reason: 'FailedCreate', message: 'create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted' } }]);
});

test('updateStorage: claim volumes alone, or the template volumes alone', () => {
  const volumesOf = (set: KObject, ...objects: KObject[]) => {
    const p = flat(ssc.sync(fresh(...objects, set), KEY).actions).find((a) => a.type === 'create' && a.object.kind === 'Pod');
    assert.ok(p?.type === 'create');
    return p.object.spec.volumes;
  };
  assert.deepEqual(volumesOf(web({ volumeClaimTemplates: [claimTemplate] }), storageClass), [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }]);
  assert.deepEqual(volumesOf(web({}, { volumes: [{ name: 'cache', emptyDir: {} }] })), [{ name: 'cache', emptyDir: {} }]);
});

test('an orphan revision with a mere owner reference to the set is adopted too', () => {
  let c = settled(web());
  c = send(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-referenced', labels: { app: 'nginx' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: uidOf(c) }] }, data: { spec: { template: {} } }, revision: 0 } });
  const r = c.store.objects.get('ControllerRevision/default/web-referenced')!;
  assert.deepEqual(ssc.sync(c, KEY).actions, [
    { type: 'patch', actor: NAME, ref: { kind: 'ControllerRevision', namespace: 'default', name: 'web-referenced' }, patchType: 'strategic', patch: { metadata: { ownerReferences: [setRef(c)], uid: r.metadata.uid } } },
  ]);
});

test('an orphan pod with a member name and matching labels is adopted, with no finalizer added', () => {
  let c = settled(web({ replicas: 1 }));
  c = send(c, { type: 'patch', ref: { kind: 'Pod', name: 'web-0' }, patchType: 'merge', patch: { metadata: { ownerReferences: null } } as never });
  const p = pod(c, 'web-0');
  assert.equal(p.metadata.ownerReferences, undefined);
  assert.deepEqual(ssc.sync(c, KEY).actions, [
    { type: 'patch', actor: NAME, ref: { kind: 'Pod', namespace: 'default', name: 'web-0' }, patchType: 'strategic', patch: { metadata: { ownerReferences: [setRef(c)], uid: p.metadata.uid } } },
  ]);
});

test('whenScaled Retain, whenDeleted Delete: a condemned pod\'s claim stays the set\'s', () => {
  const c = scale(settled(storageClass, web({ volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } })), 2);
  assert.deepEqual(ssc.sync(c, KEY).actions.filter((a) => a.type !== 'updateStatus'), [deletePodAction(c, 'web-2')]);
});

test('ordinals.start under whenScaled Delete: a pod below the start is condemned and owns its claims', () => {
  let c = settled(storageClass, web({ replicas: 2, podManagementPolicy: 'Parallel', volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } }));
  c = patchSet(c, { ordinals: { start: 1 } });
  const patches = flat(ssc.sync(c, KEY).actions).flatMap((a) => (a.type === 'patch' ? [[a.ref.name, a.patch]] : []));
  assert.deepEqual(patches, [['www-web-0', { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: pod(c, 'web-0').metadata.uid }] } }]]);
});
