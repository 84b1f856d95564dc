import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, converge, createCluster, defaultNodes, dispatch, KObject } from '../index';
import { Cluster } from '../cluster';
import { listAllNamespaces } from '../store/store';
import { parentAndOrdinal, POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_HASH_LABEL, REVISION_LABEL, revisionTemplate, statefulSetController as ssc } from './statefulset';

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
