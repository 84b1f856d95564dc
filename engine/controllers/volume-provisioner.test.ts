import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, dispatch, KObject, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { PROVISIONED_BY, provisionedVolumeName, volumeProvisioner as vp } from './volume-provisioner';

const NAME = 'external-provisioner';
const LOCAL_PATH = 'rancher.io/local-path';
const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

function claim(name: string, spec: Record<string, unknown> = {}, annotations: Record<string, string> | null = { [STORAGE_PROVISIONER]: LOCAL_PATH }, extra: Partial<KObject> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'ns1', uid: `uid-${name}`, resourceVersion: '17', ...(annotations ? { annotations } : {}) },
    spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: { requests: { storage: '2Gi' } }, storageClassName: 'local', ...spec },
    status: { phase: 'Pending' },
    ...extra,
  };
}
const storageClass = (name: string, provisioner: string, extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, ...extra });
const holding = (...objs: KObject[]): Cluster => objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
const source = (pvc: KObject) => ({ involved: { kind: 'PersistentVolumeClaim', namespace: 'ns1', name: pvc.metadata.name! }, involvedUid: pvc.metadata.uid!, source: LOCAL_PATH });

test('a claim handed to a provisioner is queued on every change; one without the annotation, or gone, is not', () => {
  const c = createCluster({ seed: 1 });
  const key = 'PersistentVolumeClaim/ns1/data';
  assert.deepEqual(vp.enqueue(c, key, null, claim('data')), [key]);
  assert.deepEqual(vp.enqueue(c, key, claim('data', {}, null), claim('data')), [key]);
  assert.deepEqual(vp.enqueue(c, key, null, claim('data', {}, null)), []);
  assert.deepEqual(vp.enqueue(c, key, null, claim('data', {}, { other: 'x' })), []);
  assert.deepEqual(vp.enqueue(c, key, claim('data'), undefined), []);
  assert.deepEqual(vp.enqueue(c, key, null, undefined), []);
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'data', namespace: 'ns1', annotations: { [STORAGE_PROVISIONER]: LOCAL_PATH } }, spec: {} };
  assert.deepEqual(vp.enqueue(c, 'Pod/ns1/data', null, pod), [], 'claims only');
});

test('a Pending claim of a class the provisioner serves gets a volume pvc-<uid> pre-bound to it, with the Provisioning event and the outcome events', () => {
  const pvc = claim('data');
  const c = holding(storageClass('local', LOCAL_PATH), pvc);
  const name = 'pvc-uid-data';
  assert.equal(provisionedVolumeName(pvc), name);
  assert.deepEqual(vp.sync(c, 'PersistentVolumeClaim/ns1/data'), {
    actions: [
      { type: 'event', actor: NAME, event: { ...source(pvc), reason: 'Provisioning', message: 'External provisioner is provisioning volume for claim "ns1/data"' } },
      {
        type: 'create',
        actor: NAME,
        object: {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name, annotations: { [PROVISIONED_BY]: LOCAL_PATH } },
          spec: {
            accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
            capacity: { storage: '2Gi' },
            claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: 'ns1', resourceVersion: '17', uid: 'uid-data' },
            csi: { driver: LOCAL_PATH, volumeHandle: name },
            persistentVolumeReclaimPolicy: 'Delete',
            storageClassName: 'local',
            volumeMode: 'Filesystem',
          },
        },
        onSuccess: { ...source(pvc), reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${name}` },
        onFailure: { ...source(pvc), type: 'Warning', reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "local": $error' },
      },
    ],
  });
});

test('the class\'s reclaim policy, the claim\'s volume mode and a selected node shape the volume', () => {
  const pvc = claim('data', { volumeMode: 'Block', accessModes: undefined }, { [STORAGE_PROVISIONER]: LOCAL_PATH, [SELECTED_NODE]: 'w2-k8s' });
  const r = vp.sync(holding(storageClass('local', LOCAL_PATH, { reclaimPolicy: 'Retain' }), pvc), 'PersistentVolumeClaim/ns1/data');
  const create = r.actions[1];
  assert.ok(create?.type === 'create');
  assert.deepEqual(create.object.spec, {
    accessModes: [],
    capacity: { storage: '2Gi' },
    claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: 'ns1', resourceVersion: '17', uid: 'uid-data' },
    csi: { driver: LOCAL_PATH, volumeHandle: 'pvc-uid-data' },
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w2-k8s'] }] }] } },
    persistentVolumeReclaimPolicy: 'Retain',
    storageClassName: 'local',
    volumeMode: 'Block',
  });
});

test('a claim of no class is provisioned only by the class named ""', () => {
  const pvc = claim('data', { storageClassName: undefined });
  assert.deepEqual(vp.sync(holding(storageClass('local', LOCAL_PATH), pvc), 'PersistentVolumeClaim/ns1/data'), { actions: [] });
  const r = vp.sync(holding(storageClass('', LOCAL_PATH), pvc), 'PersistentVolumeClaim/ns1/data');
  assert.equal(r.actions.length, 2);
});

test('nothing to do for a claim that is not Pending, already names a volume, is being deleted, is not handed over, or is gone', () => {
  const sc = storageClass('local', LOCAL_PATH);
  const cases: [string, KObject][] = [
    ['bound', claim('data', {}, undefined, { status: { phase: 'Bound' } })],
    ['no status', claim('data', {}, undefined, { status: undefined })],
    ['volume named', claim('data', { volumeName: 'pv-1' })],
    ['deleting', claim('data', {}, undefined, { metadata: { name: 'data', namespace: 'ns1', uid: 'uid-data', deletionTimestamp: timestamp(DEFAULT_START), annotations: { [STORAGE_PROVISIONER]: LOCAL_PATH } } })],
    ['no annotation', claim('data', {}, null)],
    ['another annotation', claim('data', {}, { other: 'x' })],
  ];
  for (const [why, pvc] of cases) assert.deepEqual(vp.sync(holding(sc, pvc), 'PersistentVolumeClaim/ns1/data'), { actions: [] }, why);
  assert.deepEqual(vp.sync(holding(sc), 'PersistentVolumeClaim/ns1/gone'), { actions: [] });
});

test('nothing to do when the class is missing or names another provisioner, or the volume already exists', () => {
  const pvc = claim('data');
  assert.deepEqual(vp.sync(holding(pvc), 'PersistentVolumeClaim/ns1/data'), { actions: [] }, 'no class');
  assert.deepEqual(vp.sync(holding(storageClass('local', 'ebs.csi.aws.com'), pvc), 'PersistentVolumeClaim/ns1/data'), { actions: [] }, 'another provisioner');
  const pv: KObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-uid-data' }, spec: {} };
  assert.deepEqual(vp.sync(holding(storageClass('local', LOCAL_PATH), pvc, pv), 'PersistentVolumeClaim/ns1/data'), { actions: [] }, 'already provisioned');
});

test('a restarted controller lists the claims handed to a provisioner, sorted by key', () => {
  const at = (name: string, namespace: string, annotated = true) => {
    const pvc = claim(name, {}, annotated ? undefined : null);
    return { ...pvc, metadata: { ...pvc.metadata, namespace } };
  };
  const c = holding(at('x', 'a'), at('y', 'a-b'), at('z', 'a', false), at('w', 'a'));
  assert.deepEqual(vp.resyncKeys(c), ['PersistentVolumeClaim/a-b/y', 'PersistentVolumeClaim/a/w', 'PersistentVolumeClaim/a/x']);
});

test('end to end: the volume is created and the ProvisioningSucceeded event recorded', () => {
  let c = holding(storageClass('local', LOCAL_PATH), claim('data'));
  for (const a of vp.sync(c, 'PersistentVolumeClaim/ns1/data').actions) c = dispatch(c, a).cluster;
  assert.equal(c.store.objects.get('PersistentVolume//pvc-uid-data')!.spec.claimRef.name, 'data');
  assert.deepEqual([...c.events.values()].map((e) => `${e.type} ${e.reason} ${e.source}`), ['Normal Provisioning rancher.io/local-path', 'Normal ProvisioningSucceeded rancher.io/local-path']);
});
