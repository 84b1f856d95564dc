import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, converge, createCluster, defaultNodes, dispatch, eventsOf, KObject } from '../index';
import { Cluster } from '../cluster';
import { listAllNamespaces } from '../store/store';
import { BIND_COMPLETED, SELECTED_NODE, STORAGE_PROVISIONER } from './persistent-volume-binder';

function send(c: Cluster, ...actions: Action[]): Cluster {
  for (const a of actions) {
    const r = dispatch(c, a);
    assert.ok(r.outcome.ok, `${a.type} failed: ${!r.outcome.ok && r.outcome.status.message}`);
    c = r.cluster;
  }
  return c;
}
const create = (c: Cluster, ...objects: KObject[]) => send(c, ...objects.map((object) => ({ type: 'create', object }) as Action));
const cluster = () => createCluster({ seed: 1, nodes: defaultNodes(2) });
const claim = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const volume = (name: string, size: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, ...spec },
});
const sc = (name: string, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'example.com/disk', ...extra });
const get = (c: Cluster, kind: string, name: string, ns = 'default') => c.store.objects.get(kind === 'PersistentVolume' || kind === 'StorageClass' ? `${kind}//${name}` : `${kind}/${ns}/${name}`);
const pv = (c: Cluster, name: string) => listAllNamespaces(c.store, 'PersistentVolume').find((v) => v.metadata.name === name)!;
const pvc = (c: Cluster, name: string) => get(c, 'PersistentVolumeClaim', name)!;
const podWith = (claimName: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'user' }, spec: { containers: [{ name: 'app', image: 'nginx:1.16' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });
const messages = (c: Cluster, kind: string, name: string) => eventsOf(c, get(c, kind, name)).map((e) => `${e.reason}: ${e.message}`);

test('a claim binds to the smallest Available volume that fits: both sides written, annotations and phases as upstream', () => {
  let c = create(cluster(), volume('big', '10Gi'), volume('small', '2Gi'), volume('tiny', '500Mi'), volume('rwx', '1Gi', { accessModes: ['ReadWriteMany'] }));
  c = converge(c);
  assert.deepEqual(listAllNamespaces(c.store, 'PersistentVolume').map((v) => `${v.metadata.name} ${v.status.phase}`).sort(), ['big Available', 'rwx Available', 'small Available', 'tiny Available']);
  c = converge(create(c, claim('data')));
  const bound = pvc(c, 'data');
  assert.equal(bound.spec.volumeName, 'small');
  assert.equal(bound.status.phase, 'Bound');
  assert.deepEqual(bound.status.capacity, { storage: '2Gi' });
  assert.deepEqual(bound.status.accessModes, ['ReadWriteOnce']);
  assert.equal(bound.metadata.annotations![BIND_COMPLETED], 'yes');
  const v = pv(c, 'small');
  assert.equal(v.status.phase, 'Bound');
  assert.deepEqual([v.spec.claimRef.namespace, v.spec.claimRef.name, v.spec.claimRef.uid], ['default', 'data', bound.metadata.uid]);
  assert.equal(pv(c, 'big').status.phase, 'Available');
});

test('class, access modes and volume mode must match; a claim with no class and no volume says so', () => {
  let c = create(cluster(), volume('fast-one', '5Gi', { storageClassName: 'fast' }), volume('block', '5Gi', { volumeMode: 'Block' }));
  c = converge(create(c, claim('data', { storageClassName: '' })));
  assert.equal(pvc(c, 'data').status.phase, 'Pending');
  assert.deepEqual(messages(c, 'PersistentVolumeClaim', 'data'), ['FailedBinding: no persistent volumes available for this claim and no storage class is set']);
  c = converge(create(c, claim('fast-data', { storageClassName: 'fast' })));
  assert.equal(pvc(c, 'fast-data').spec.volumeName, 'fast-one');
});

test('a claim of a class that does not exist reports ProvisioningFailed; one of a class gets a provisioned volume pvc-<uid>', () => {
  let c = converge(create(cluster(), claim('data', { storageClassName: 'fast' })));
  assert.deepEqual(messages(c, 'PersistentVolumeClaim', 'data'), ['ProvisioningFailed: storageclass.storage.k8s.io "fast" not found']);
  c = converge(create(c, sc('fast', { reclaimPolicy: 'Retain' })));
  const p = pvc(c, 'data');
  assert.equal(p.status.phase, 'Bound');
  assert.equal(p.spec.volumeName, `pvc-${p.metadata.uid}`);
  assert.equal(p.metadata.annotations![STORAGE_PROVISIONER], 'example.com/disk');
  const v = pv(c, p.spec.volumeName);
  assert.equal(v.spec.persistentVolumeReclaimPolicy, 'Retain', "the class's reclaim policy");
  assert.equal(v.spec.storageClassName, 'fast');
  assert.deepEqual(v.spec.capacity, { storage: '1Gi' });
  assert.ok(messages(c, 'PersistentVolumeClaim', 'data').includes(`ProvisioningSucceeded: Successfully provisioned volume pvc-${p.metadata.uid}`));
});

test('the default StorageClass: admission fills it in at create; a claim made before one existed gets it later', () => {
  let c = converge(create(cluster(), claim('early')));
  assert.equal(pvc(c, 'early').spec.storageClassName, undefined);
  c = converge(create(c, sc('standard', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } })));
  assert.equal(pvc(c, 'early').spec.storageClassName, 'standard');
  assert.equal(pvc(c, 'early').status.phase, 'Bound');
  c = converge(create(c, claim('late'), claim('none', { storageClassName: '' })));
  assert.equal(pvc(c, 'late').spec.storageClassName, 'standard');
  assert.equal(pvc(c, 'none').spec.storageClassName, '', 'an explicit "" asks for no class');
  assert.equal(pvc(c, 'none').status.phase, 'Pending');
});

test('WaitForFirstConsumer: nothing is provisioned until a pod using the claim is scheduled; the volume follows that node', () => {
  let c = converge(create(cluster(), sc('local', { volumeBindingMode: 'WaitForFirstConsumer' }), claim('data', { storageClassName: 'local' })));
  assert.equal(pvc(c, 'data').status.phase, 'Pending');
  assert.deepEqual(messages(c, 'PersistentVolumeClaim', 'data'), ['WaitForFirstConsumer: waiting for first consumer to be created before binding']);
  assert.equal(listAllNamespaces(c.store, 'PersistentVolume').length, 0);
  c = converge(create(c, podWith('data')));
  const user = get(c, 'Pod', 'user')!;
  assert.equal(user.status.phase, 'Running');
  const node = pvc(c, 'data').metadata.annotations![SELECTED_NODE];
  assert.equal(user.spec.nodeName, node);
  const v = pv(c, pvc(c, 'data').spec.volumeName);
  assert.deepEqual(v.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, [node]);
});

test('the scheduler: a missing claim, an unbound Immediate claim and a claim being deleted keep a pod Pending, in upstream words', () => {
  const reason = (c: Cluster) => get(c, 'Pod', 'user')!.status.conditions?.find((x: { type: string }) => x.type === 'PodScheduled')?.message;
  let c = converge(create(cluster(), podWith('data')));
  assert.equal(reason(c), '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  c = converge(create(c, claim('data')));
  assert.equal(reason(c), '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  c = converge(create(c, volume('v', '1Gi')));
  assert.equal(get(c, 'Pod', 'user')!.status.phase, 'Running', 'a volume to bind to: the pod is scheduled');
});

test('protection: a claim in use stays Terminating until its pod goes; its volume is then Released and, under Delete, deleted', () => {
  let c = converge(create(cluster(), sc('fast'), claim('data', { storageClassName: 'fast' }), podWith('data')));
  const volumeName = pvc(c, 'data').spec.volumeName;
  c = converge(send(c, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'data' } }));
  assert.ok(pvc(c, 'data').metadata.deletionTimestamp, 'still there, Terminating');
  assert.deepEqual(pvc(c, 'data').metadata.finalizers, ['kubernetes.io/pvc-protection']);
  c = converge(send(c, { type: 'delete', ref: { kind: 'Pod', name: 'user' } }));
  assert.equal(get(c, 'PersistentVolumeClaim', 'data'), undefined);
  assert.equal(listAllNamespaces(c.store, 'PersistentVolume').find((v) => v.metadata.name === volumeName), undefined, 'reclaim policy Delete');
});

test('a Retain volume whose claim is deleted is Released and not bound again', () => {
  let c = converge(create(cluster(), volume('keep', '1Gi', { persistentVolumeReclaimPolicy: 'Retain' }), claim('data')));
  c = converge(send(c, { type: 'delete', ref: { kind: 'PersistentVolumeClaim', name: 'data' } }));
  assert.equal(pv(c, 'keep').status.phase, 'Released');
  c = converge(create(c, claim('again')));
  assert.equal(pvc(c, 'again').status.phase, 'Pending');
});

test('claims and volumes are validated with the API server words, and a claim spec cannot change', () => {
  const r = dispatch(cluster(), { type: 'create', object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'bad' }, spec: { accessModes: ['ReadWriteSometimes'] } } });
  assert.ok(!r.outcome.ok);
  assert.equal(
    r.outcome.status.message,
    'PersistentVolumeClaim "bad" is invalid: [spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", spec.resources[storage]: Required value]',
  );
  const v = dispatch(cluster(), { type: 'create', object: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } } });
  assert.ok(!v.outcome.ok);
  assert.equal(v.outcome.status.message, 'PersistentVolume "v" is invalid: spec: Required value: must specify a volume type');
  const c = create(cluster(), claim('data'));
  const u = dispatch(c, { type: 'patch', ref: { kind: 'PersistentVolumeClaim', name: 'data' }, patchType: 'merge', patch: { spec: { accessModes: ['ReadWriteMany'] } } });
  assert.ok(!u.outcome.ok);
  assert.equal(u.outcome.status.message, 'PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
});
