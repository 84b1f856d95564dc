import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, dispatch, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { pvProtectionController as pvp } from './pv-protection';

const T0 = DEFAULT_START;
const FINALIZER = 'kubernetes.io/pv-protection';
const NAME = 'pv-protection-controller';

function pv(name: string, metadata: Record<string, unknown> = {}, phase?: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '42', ...metadata },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` } },
    ...(phase ? { status: { phase } } : {}),
  };
}
const deleting = { deletionTimestamp: timestamp(T0) };
/** a cluster holding these objects as they are (validation and admission skipped) */
const holding = (...objs: KObject[]): Cluster => objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
const patch = (name: string, finalizers: string[] | null, resourceVersion = '42') => ({
  actions: [{ type: 'patch', actor: NAME, ref: { kind: 'PersistentVolume', namespace: undefined, name }, patchType: 'merge', patch: { metadata: { finalizers, resourceVersion } } }],
});

test('only a PersistentVolume being deleted is queued', () => {
  const c = createCluster({ seed: 1 });
  const key = 'PersistentVolume//v';
  assert.deepEqual(pvp.enqueue(c, key, null, pv('v', { ...deleting, finalizers: [FINALIZER] })), [key]);
  assert.deepEqual(pvp.enqueue(c, key, pv('v'), pv('v', deleting)), [key]);
  assert.deepEqual(pvp.enqueue(c, key, null, pv('v', { finalizers: [FINALIZER] })), [], 'not being deleted');
  assert.deepEqual(pvp.enqueue(c, key, pv('v', deleting), undefined), [], 'gone');
  const claim: KObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'v', namespace: 'default', ...deleting, finalizers: [FINALIZER] }, spec: {} };
  assert.deepEqual(pvp.enqueue(c, 'PersistentVolumeClaim/default/v', null, claim), [], 'volumes only');
});

test('a volume being deleted that is not Bound loses the finalizer, null when it was the only one, with its resourceVersion as precondition', () => {
  for (const phase of [undefined, 'Available', 'Released', 'Failed', 'Pending']) {
    const c = holding(pv('v', { ...deleting, finalizers: [FINALIZER] }, phase));
    assert.deepEqual(pvp.sync(c, 'PersistentVolume//v'), patch('v', null), String(phase));
  }
  const others = holding(pv('w', { ...deleting, resourceVersion: '9', finalizers: ['a.example/keep', FINALIZER, 'b.example/keep'] }, 'Released'));
  assert.deepEqual(pvp.sync(others, 'PersistentVolume//w'), patch('w', ['a.example/keep', 'b.example/keep'], '9'), 'the other finalizers stay, in order');
});

test('nothing to do for a volume that is Bound, not being deleted, without the finalizer, or gone', () => {
  const c = holding(
    pv('bound', { ...deleting, finalizers: [FINALIZER] }, 'Bound'),
    pv('alive', { finalizers: [FINALIZER] }, 'Available'),
    pv('other', { ...deleting, finalizers: ['a.example/keep'] }, 'Released'),
    pv('bare', deleting, 'Released'),
  );
  for (const name of ['bound', 'alive', 'other', 'bare', 'gone']) assert.deepEqual(pvp.sync(c, `PersistentVolume//${name}`), { actions: [] }, name);
});

test('a restarted controller lists the volumes being deleted, sorted', () => {
  const c = holding(pv('c', deleting), pv('a', { finalizers: [FINALIZER] }), pv('b', deleting, 'Bound'), pv('d'));
  assert.deepEqual(pvp.resyncKeys(c), ['PersistentVolume//b', 'PersistentVolume//c']);
  assert.deepEqual(pvp.resyncKeys(createCluster({ seed: 1 })), []);
});

test('end to end: a deleted Available volume goes once the controller has run; a Bound one stays Terminating', () => {
  let c = createCluster({ seed: 1 });
  const manifest: KObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/v' } } };
  c = dispatch(c, { type: 'create', object: manifest }).cluster;
  assert.deepEqual(c.store.objects.get('PersistentVolume//v')!.metadata.finalizers, [FINALIZER], 'admission adds the finalizer');
  const stored = c.store.objects.get('PersistentVolume//v')!;
  const bound = dispatch(c, { type: 'updateStatus', object: { ...stored, status: { phase: 'Bound' } } }).cluster;
  c = dispatch(c, { type: 'delete', ref: { kind: 'PersistentVolume', name: 'v' } }).cluster;
  assert.ok(c.store.objects.get('PersistentVolume//v')!.metadata.deletionTimestamp, 'Terminating');
  c = runSync(c, pvp, 'PersistentVolume//v');
  assert.equal(c.store.objects.get('PersistentVolume//v'), undefined);

  const held = runSync(dispatch(bound, { type: 'delete', ref: { kind: 'PersistentVolume', name: 'v' } }).cluster, pvp, 'PersistentVolume//v');
  assert.deepEqual(held.store.objects.get('PersistentVolume//v')!.metadata.finalizers, [FINALIZER]);
});
