/**
 * A simulated external provisioner (what sig-storage-lib-external-provisioner does for a CSI
 * driver or rancher.io/local-path): it answers every StorageClass's provisioner name. A claim the
 * binder handed to it (the storage-provisioner annotation) gets a volume `pvc-<claim uid>` sized
 * and moded as asked, pre-bound to the claim through claimRef, with the class's reclaim policy;
 * the binder then completes the binding. The volume's source is a `csi` entry naming the
 * provisioner: no storage exists behind it.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, objectKey } from '../store/store';
import { Controller, NOTHING, SyncResult } from './controller';
import { claimClass, SELECTED_NODE, STORAGE_PROVISIONER } from './persistent-volume-binder';

const NAME = 'external-provisioner';
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

export const provisionedVolumeName = (pvc: KObject) => `pvc-${pvc.metadata.uid}`;

function provision(c: Cluster, pvc: KObject): SyncResult {
  if (pvc.metadata.deletionTimestamp || pvc.spec?.volumeName || pvc.status?.phase !== 'Pending') return NOTHING;
  const provisioner = pvc.metadata.annotations?.[STORAGE_PROVISIONER];
  const sc = getObject(c.store, objectKey('StorageClass', undefined, claimClass(pvc)));
  if (!provisioner || !sc || sc.provisioner !== provisioner) return NOTHING;
  const name = provisionedVolumeName(pvc);
  if (getObject(c.store, objectKey('PersistentVolume', undefined, name))) return NOTHING;
  const source = { involved: objectRef(pvc), involvedUid: pvc.metadata.uid!, source: provisioner };
  const node = pvc.metadata.annotations?.[SELECTED_NODE];
  const pv: KObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PROVISIONED_BY]: provisioner } },
    spec: {
      accessModes: [...(pvc.spec?.accessModes ?? [])],
      capacity: { storage: pvc.spec?.resources?.requests?.storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
      csi: { driver: provisioner, volumeHandle: name },
      // a volume provisioned for a chosen node is reachable from that node only
      ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : {}),
      persistentVolumeReclaimPolicy: String(sc.reclaimPolicy ?? 'Delete'),
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
    },
  };
  const actions: Action[] = [
    { type: 'event', actor: NAME, event: { ...source, reason: 'Provisioning', message: `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"` } },
    {
      type: 'create',
      actor: NAME,
      object: pv,
      onSuccess: { ...source, reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${name}` },
      onFailure: { ...source, type: 'Warning', reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "' + sc.metadata.name + '": $error' },
    },
  ];
  return { actions };
}

export const volumeProvisioner: Controller = {
  name: NAME,

  enqueue(_c, key, prev, cur) {
    if ((cur ?? prev)?.kind !== 'PersistentVolumeClaim' || !cur) return [];
    return cur.metadata.annotations?.[STORAGE_PROVISIONER] ? [key] : [];
  },

  sync(c, key) {
    const pvc = getObject(c.store, key);
    return pvc ? provision(c, pvc) : NOTHING;
  },

  resyncKeys: (c) =>
    listAllNamespaces(c.store, 'PersistentVolumeClaim')
      .filter((p) => p.metadata.annotations?.[STORAGE_PROVISIONER])
      .map(keyOf)
      .sort(),
};
