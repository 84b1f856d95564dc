import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, converge, createCluster, defaultNodes, dispatch, eventsOf, KObject, settle } from '../index';
import { Cluster } from '../cluster';
import { listAllNamespaces, putObject } from '../store/store';
import { SyncResult } from './controller';
import {
  BETA_STORAGE_PROVISIONER,
  BIND_COMPLETED,
  BOUND_BY_CONTROLLER,
  isClaimBound,
  persistentVolumeBinder as pvb,
  SELECTED_NODE,
  STORAGE_PROVISIONER,
} from './persistent-volume-binder';

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

test('WaitForFirstConsumer: a pod bound by spec.nodeName, past the scheduler, selects no node, so the claim keeps waiting', () => {
  let c = converge(create(cluster(), sc('local', { volumeBindingMode: 'WaitForFirstConsumer' }), claim('data', { storageClassName: 'local' })));
  const bypass = podWith('data');
  c = settle(create(c, { ...bypass, spec: { ...bypass.spec, nodeName: 'w1-k8s' } }));
  assert.equal(pvc(c, 'data').status.phase, 'Pending');
  assert.equal(pvc(c, 'data').metadata.annotations?.[SELECTED_NODE], undefined);
  assert.equal(listAllNamespaces(c.store, 'PersistentVolume').length, 0);
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

// ---- the controller's sync and enqueue, called directly on a cluster holding the objects as they are

const NAME = 'persistentvolume-controller';
/** a cluster holding these objects as they are (validation, defaulting and admission skipped) */
const holding = (...objs: KObject[]): Cluster => objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
const stored = (o: KObject, metadata: Record<string, unknown> = {}, status?: Record<string, unknown>): KObject => ({
  ...o,
  metadata: { namespace: o.kind === 'PersistentVolumeClaim' ? 'default' : undefined, uid: `uid-${o.metadata.name}`, resourceVersion: '7', ...o.metadata, ...metadata },
  ...(status ? { status } : {}),
});
const pending = (o: KObject, metadata: Record<string, unknown> = {}) => stored(o, metadata, { phase: 'Pending' });
const available = (o: KObject, metadata: Record<string, unknown> = {}) => stored(o, metadata, { phase: 'Available' });
const claimKey = (name: string, ns = 'default') => `PersistentVolumeClaim/${ns}/${name}`;
const volumeKey = (name: string) => `PersistentVolume//${name}`;
const claimRefTo = (name: string, uid?: string, namespace = 'default') => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace, resourceVersion: '7', ...(uid ? { uid } : {}) });
const ev = (name: string, reason: string, message: string, type = 'Normal') => ({
  type: 'event',
  actor: NAME,
  event: { involved: { kind: 'PersistentVolumeClaim', namespace: 'default', name }, involvedUid: `uid-${name}`, source: NAME, type, reason, message },
});
const pvRef = (name: string) => ({ kind: 'PersistentVolume', namespace: undefined, name });
const pvcRef = (name: string) => ({ kind: 'PersistentVolumeClaim', namespace: 'default', name });
/** the four writes of bind(), volume first, as pv_controller.go's bind does them */
function bindOf(v: KObject, claimName: string, opts: { volumeBoundByController: boolean; claimBoundByController: boolean }) {
  return {
    type: 'sequence',
    actor: NAME,
    actions: [
      {
        type: 'patch',
        actor: NAME,
        ref: pvRef(v.metadata.name!),
        patchType: 'merge',
        patch: { metadata: opts.volumeBoundByController ? { annotations: { [BOUND_BY_CONTROLLER]: 'yes' } } : {}, spec: { claimRef: claimRefTo(claimName, `uid-${claimName}`) } },
      },
      { type: 'patch', actor: NAME, ref: pvRef(v.metadata.name!), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Bound' } } },
      {
        type: 'patch',
        actor: NAME,
        ref: pvcRef(claimName),
        patchType: 'merge',
        patch: { metadata: { annotations: { [BIND_COMPLETED]: 'yes', ...(opts.claimBoundByController ? { [BOUND_BY_CONTROLLER]: 'yes' } : {}) } }, spec: { volumeName: v.metadata.name } },
      },
      { type: 'patch', actor: NAME, ref: pvcRef(claimName), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Bound', accessModes: v.spec.accessModes, capacity: v.spec.capacity } } },
    ],
  };
}
const writes = (r: SyncResult) => r.actions.filter((a) => a.type !== 'event');
const NOTHING = { actions: [] };

test('bind writes the volume (claimRef, bound-by-controller), its phase, then the claim (volumeName, bind-completed, bound-by-controller) and its phase', () => {
  const v = available(volume('v', '2Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }));
  const c = holding(v, pending(claim('data')));
  assert.deepEqual(pvb.sync(c, claimKey('data')), { actions: [bindOf(v, 'data', { volumeBoundByController: true, claimBoundByController: true })] });
});

test('the claim asks for every one of its access modes; a volume with only some of them does not match', () => {
  const both = claim('data', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] });
  const rwo = available(volume('a-rwo', '1Gi'));
  assert.deepEqual(writes(pvb.sync(holding(rwo, pending(both)), claimKey('data'))), [], 'ReadOnlyMany missing');
  const full = available(volume('b-full', '1Gi', { accessModes: ['ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteMany'] }));
  assert.deepEqual(pvb.sync(holding(rwo, full, pending(both)), claimKey('data')), { actions: [bindOf(full, 'data', { volumeBoundByController: true, claimBoundByController: true })] });
});

test('a claim selector filters the volumes by label; a volume being deleted or not yet Available is skipped; ties go to the first listed', () => {
  const plain = available(volume('a-plain', '1Gi'));
  const gold = available(volume('b-gold', '5Gi'), { labels: { tier: 'gold' } });
  const choose = (c: Cluster) => (pvb.sync(c, claimKey('data')).actions[0] as { actions: { ref: { name: string } }[] } | undefined)?.actions[0].ref.name;
  assert.equal(choose(holding(plain, gold, pending(claim('data', { selector: { matchLabels: { tier: 'gold' } } })))), 'b-gold');
  assert.equal(choose(holding(plain, gold, pending(claim('data')))), 'a-plain', 'without a selector the smallest');
  assert.equal(choose(holding(available(volume('a-small', '2Gi')), available(volume('b-large', '5Gi')), pending(claim('data')))), 'a-small', 'the smallest even when listed first');
  assert.equal(choose(holding(available(volume('a', '1Gi')), available(volume('b', '1Gi')), pending(claim('data')))), 'a', 'of two equal, the first');
  const deleting = available(volume('a-deleting', '1Gi'), { deletionTimestamp: '2024-01-01T00:00:00Z' });
  assert.equal(choose(holding(deleting, available(volume('b-big', '3Gi')), pending(claim('data')))), 'b-big');
  assert.equal(choose(holding(pending(volume('a-new', '1Gi')), available(volume('b-big', '3Gi')), pending(claim('data')))), 'b-big', 'a volume not yet Available');
  assert.deepEqual(writes(pvb.sync(holding(deleting, pending(volume('a-new', '1Gi')), pending(claim('data', { storageClassName: '' }))), claimKey('data'))), []);
});

test('a volume pre-bound through claimRef is used only for that claim (name, namespace, and uid when set), and only if it fits', () => {
  const choose = (c: Cluster) => (pvb.sync(c, claimKey('data')).actions[0] as { actions: { ref: { name: string } }[] } | undefined)?.actions[0].ref.name;
  const free = available(volume('z-free', '5Gi'));
  const prebound = (ref: Record<string, unknown>, size = '1Gi') => stored(volume('a-reserved', size, { claimRef: ref }), {}, { phase: 'Available' });
  const data = pending(claim('data'));
  assert.equal(choose(holding(prebound(claimRefTo('data', 'uid-data')), free, data)), 'a-reserved', 'pre-bound with the uid: wins over a free volume');
  assert.equal(choose(holding(prebound(claimRefTo('data')), free, data)), 'a-reserved', 'pre-bound by name only');
  assert.equal(choose(holding(prebound(claimRefTo('other')), free, data)), 'z-free', 'another claim');
  assert.equal(choose(holding(prebound(claimRefTo('data', undefined, 'elsewhere')), free, data)), 'z-free', 'another namespace');
  assert.equal(choose(holding(prebound(claimRefTo('data', 'uid-old')), free, data)), 'z-free', 'an earlier claim of that name');
  assert.equal(choose(holding(prebound(claimRefTo('data', 'uid-data'), '500Mi'), free, data)), 'z-free', 'reserved but too small');
});

test('a claim naming its volume: bound to it if it is free and fits, its binding finished if the volume points back at it', () => {
  const v = available(volume('v', '1Gi'));
  const named = (phase = 'Pending', spec: Record<string, unknown> = {}) => stored(claim('data', { volumeName: 'v', ...spec }), {}, { phase });
  assert.deepEqual(pvb.sync(holding(v, named()), claimKey('data')), { actions: [bindOf(v, 'data', { volumeBoundByController: true, claimBoundByController: false })] });
  assert.deepEqual(writes(pvb.sync(holding(v, named('Pending', { resources: { requests: { storage: '2Gi' } } })), claimKey('data'))), [], 'too small: not bound');
  const back = stored(volume('v', '1Gi', { claimRef: claimRefTo('data', 'uid-data') }), {}, { phase: 'Bound' });
  assert.deepEqual(pvb.sync(holding(back, named()), claimKey('data')), { actions: [bindOf(back, 'data', { volumeBoundByController: false, claimBoundByController: false })] });
  assert.deepEqual(pvb.sync(holding(back, named('Bound')), claimKey('data')), NOTHING, 'both sides done');
  const taken = stored(volume('v', '1Gi', { claimRef: claimRefTo('other', 'uid-other') }), {}, { phase: 'Bound' });
  assert.deepEqual(writes(pvb.sync(holding(taken, named()), claimKey('data'))), [], 'bound to another claim');
  // an administrator's pair: the volume reserved for the claim by name (no uid yet), the claim
  // naming the volume: the binding is finished, and neither side was bound by the controller
  const reserved = available(volume('v', '1Gi', { claimRef: claimRefTo('data') }));
  assert.deepEqual(pvb.sync(holding(reserved, named()), claimKey('data')), { actions: [bindOf(reserved, 'data', { volumeBoundByController: false, claimBoundByController: false })] });
  const elsewhere = available(volume('v', '1Gi', { claimRef: claimRefTo('data', undefined, 'other') }));
  assert.deepEqual(writes(pvb.sync(holding(elsewhere, named()), claimKey('data'))), [], 'reserved for a claim of that name in another namespace');
});

test('a volume deleted while bound is Released once its claim goes, and not deleted a second time', () => {
  const bound = stored(volume('v', '1Gi', { claimRef: claimRefTo('gone', 'uid-gone'), persistentVolumeReclaimPolicy: 'Delete' }), { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['kubernetes.io/pv-protection'] }, { phase: 'Bound' });
  assert.deepEqual(pvb.sync(holding(bound), volumeKey('v')), {
    actions: [{ type: 'patch', actor: NAME, ref: pvRef('v'), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Released' } } }],
  });
});

test('a claim whose volume is gone: Lost with a warning once it was bound, left waiting while it was only pre-bound', () => {
  const lost = { actions: [
    { type: 'patch', actor: NAME, ref: pvcRef('data'), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Lost' } } },
    ev('data', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', 'Warning'),
  ] };
  const named = (phase: string, annotations?: Record<string, string>) => stored(claim('data', { volumeName: 'v' }), annotations ? { annotations } : {}, { phase });
  assert.deepEqual(pvb.sync(holding(named('Bound', { [BIND_COMPLETED]: 'yes' })), claimKey('data')), lost);
  assert.deepEqual(pvb.sync(holding(named('Pending', { [BIND_COMPLETED]: 'yes' })), claimKey('data')), lost, 'bind-completed is what says it was bound');
  assert.deepEqual(pvb.sync(holding(named('Lost', { [BIND_COMPLETED]: 'yes' })), claimKey('data')), NOTHING, 'already Lost');
  assert.deepEqual(pvb.sync(holding(named('Pending')), claimKey('data')), NOTHING, 'pre-bound to a volume not created yet');
  assert.deepEqual(pvb.sync(holding(stored(claim('data'), { deletionTimestamp: '2024-01-01T00:00:00Z' }, { phase: 'Pending' })), claimKey('data')), NOTHING, 'being deleted');
  assert.deepEqual(pvb.sync(holding(), claimKey('data')), NOTHING, 'gone');
});

test('no volume: the default class is assigned, else provisioning is handed to the class provisioner once, with the upstream events', () => {
  const standard = stored(sc('standard', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }));
  assert.deepEqual(pvb.sync(holding(standard, pending(claim('data'))), claimKey('data')), {
    actions: [{ type: 'patch', actor: NAME, ref: pvcRef('data'), patchType: 'merge', patch: { spec: { storageClassName: 'standard' } } }],
  });
  assert.deepEqual(pvb.sync(holding(pending(claim('data', { storageClassName: 'fast' }))), claimKey('data')), {
    actions: [ev('data', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found', 'Warning')],
  });
  const waiting = ev(
    'data',
    'ExternalProvisioning',
    "Waiting for a volume to be created either by the external provisioner 'example.com/disk' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
  );
  const fast = stored(sc('fast'));
  assert.deepEqual(pvb.sync(holding(fast, pending(claim('data', { storageClassName: 'fast' }))), claimKey('data')), {
    actions: [
      { type: 'patch', actor: NAME, ref: pvcRef('data'), patchType: 'merge', patch: { metadata: { annotations: { [BETA_STORAGE_PROVISIONER]: 'example.com/disk', [STORAGE_PROVISIONER]: 'example.com/disk' } } } },
      waiting,
    ],
  });
  const annotated = pending(claim('data', { storageClassName: 'fast' }), { annotations: { [STORAGE_PROVISIONER]: 'example.com/disk' } });
  assert.deepEqual(pvb.sync(holding(fast, annotated), claimKey('data')), { actions: [waiting] }, 'already handed over: the event only');
  const local = stored(sc('local', { volumeBindingMode: 'WaitForFirstConsumer' }));
  const selected = pending(claim('data', { storageClassName: 'local' }), { annotations: { [SELECTED_NODE]: 'node-1', [STORAGE_PROVISIONER]: 'example.com/disk' } });
  assert.deepEqual(pvb.sync(holding(local, selected), claimKey('data')), { actions: [waiting] }, 'WaitForFirstConsumer with a node selected: provisioned');
});

test('syncVolume: a free volume becomes Available; one whose claim is gone or replaced is Released, and deleted under Delete with its uid as precondition', () => {
  const phase = (name: string, p: string) => ({ type: 'patch', actor: NAME, ref: pvRef(name), patchType: 'merge', subresource: 'status', patch: { status: { phase: p } } });
  const del = (name: string) => ({ type: 'delete', actor: NAME, ref: pvRef(name), preconditions: { uid: `uid-${name}` } });
  assert.deepEqual(pvb.sync(holding(pending(volume('v', '1Gi'))), volumeKey('v')), { actions: [phase('v', 'Available')] });
  assert.deepEqual(pvb.sync(holding(stored(volume('v', '1Gi'))), volumeKey('v')), { actions: [phase('v', 'Available')] }, 'no status yet');
  assert.deepEqual(pvb.sync(holding(available(volume('v', '1Gi'))), volumeKey('v')), NOTHING);
  const boundTo = (uid: string, policy: string, p = 'Bound') => stored(volume('v', '1Gi', { claimRef: claimRefTo('data', uid), persistentVolumeReclaimPolicy: policy }), {}, { phase: p });
  assert.deepEqual(pvb.sync(holding(boundTo('uid-data', 'Delete'), stored(claim('data'), {}, { phase: 'Bound' })), volumeKey('v')), NOTHING, 'its claim is there');
  assert.deepEqual(pvb.sync(holding(boundTo('uid-data', 'Retain')), volumeKey('v')), { actions: [phase('v', 'Released')] }, 'claim gone, Retain');
  assert.deepEqual(pvb.sync(holding(boundTo('uid-data', 'Delete')), volumeKey('v')), { actions: [phase('v', 'Released'), del('v')] }, 'claim gone, Delete');
  assert.deepEqual(pvb.sync(holding(boundTo('uid-old', 'Retain'), stored(claim('data'), {}, { phase: 'Pending' })), volumeKey('v')), { actions: [phase('v', 'Released')] }, 'a new claim of that name is not its claim');
  assert.deepEqual(pvb.sync(holding(boundTo('uid-data', 'Retain', 'Released')), volumeKey('v')), NOTHING, 'already Released');
  assert.deepEqual(pvb.sync(holding(boundTo('uid-data', 'Delete', 'Released')), volumeKey('v')), { actions: [del('v')] }, 'already Released, Delete');
  const reserved = stored(volume('v', '1Gi', { claimRef: claimRefTo('data'), persistentVolumeReclaimPolicy: 'Delete' }), {}, { phase: 'Available' });
  assert.deepEqual(writes(pvb.sync(holding(reserved), volumeKey('v'))).filter((a) => a.type === 'delete' || JSON.stringify(a).includes('Released')), [], 'pre-bound by name to a claim not made yet: not released');
  assert.deepEqual(pvb.sync(holding(), volumeKey('v')), NOTHING, 'gone');
});

test('enqueue: a claim queues itself and, once deleted, the volumes bound to it; a volume its claim, or when newly free every Pending claim, sorted', () => {
  const c = holding(
    stored(claim('b'), {}, { phase: 'Pending' }),
    stored(claim('a'), {}, { phase: 'Bound' }),
    stored({ ...claim('x'), metadata: { name: 'x', namespace: 'a-b' } }, {}, { phase: 'Pending' }),
    stored({ ...claim('y'), metadata: { name: 'y', namespace: 'a' } }, {}, { phase: 'Pending' }),
    stored(claim('gone'), { deletionTimestamp: '2024-01-01T00:00:00Z' }, { phase: 'Pending' }),
    stored(volume('w', '1Gi', { claimRef: claimRefTo('data', 'uid-data') })),
    stored(volume('u', '1Gi', { claimRef: claimRefTo('other', 'uid-other') })),
  );
  const pendingKeys = ['PersistentVolumeClaim/a-b/x', 'PersistentVolumeClaim/a/y', claimKey('b')];
  const data = stored(claim('data', { volumeName: 'v' }), {}, { phase: 'Bound' });
  assert.deepEqual(pvb.enqueue(c, claimKey('data'), null, data), [claimKey('data')]);
  assert.deepEqual(pvb.enqueue(c, claimKey('data'), data, data), [claimKey('data')]);
  assert.deepEqual(pvb.enqueue(c, claimKey('data'), data, undefined), [claimKey('data'), volumeKey('v'), volumeKey('w')], 'deleted: its volumeName, and the volume whose claimRef has its uid');
  assert.deepEqual(pvb.enqueue(c, claimKey('data'), stored(claim('data')), undefined), [claimKey('data'), volumeKey('w')], 'deleted before it was bound');
  assert.deepEqual(pvb.enqueue(c, volumeKey('w'), null, c.store.objects.get(volumeKey('w'))!), [volumeKey('w'), claimKey('data')]);
  const ns = stored(volume('n', '1Gi', { claimRef: { name: 'data' } }));
  assert.deepEqual(pvb.enqueue(c, volumeKey('n'), null, ns), [volumeKey('n'), claimKey('data')], 'a claimRef without a namespace: default');
  assert.deepEqual(pvb.enqueue(c, volumeKey('f'), null, available(volume('f', '1Gi'))), [volumeKey('f'), ...pendingKeys]);
  assert.deepEqual(pvb.enqueue(c, volumeKey('f'), null, pending(volume('f', '1Gi'))), [volumeKey('f')], 'not Available yet');
  assert.deepEqual(pvb.enqueue(c, volumeKey('f'), available(volume('f', '1Gi')), undefined), [volumeKey('f')], 'deleted');
  assert.deepEqual(pvb.enqueue(c, 'StorageClass//fast', null, stored(sc('fast'))), pendingKeys);
  assert.deepEqual(pvb.enqueue(c, 'Node//n1', null, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }), []);
  assert.deepEqual(pvb.enqueue(c, 'Node//n1', null, undefined), []);
  assert.deepEqual(pvb.resyncKeys(c), [
    'PersistentVolume//u', 'PersistentVolume//w',
    'PersistentVolumeClaim/a-b/x', 'PersistentVolumeClaim/a/y', claimKey('a'), claimKey('b'), claimKey('gone'),
  ]);
});

test('isClaimBound: phase Bound and a volumeName, both', () => {
  assert.equal(isClaimBound(stored(claim('data', { volumeName: 'v' }), {}, { phase: 'Bound' })), true);
  assert.equal(isClaimBound(stored(claim('data'), {}, { phase: 'Bound' })), false);
  assert.equal(isClaimBound(stored(claim('data', { volumeName: 'v' }), {}, { phase: 'Pending' })), false);
  assert.equal(isClaimBound({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } }), false, 'no spec, no status');
  assert.equal(isClaimBound({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, status: { phase: 'Bound' } }), false);
});
