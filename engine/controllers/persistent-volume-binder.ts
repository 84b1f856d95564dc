/**
 * The PersistentVolume controller's binder (pkg/controller/volume/persistentvolume/pv_controller.go):
 * a Pending claim is bound to the smallest Available volume that satisfies it (class, access
 * modes, volume mode, size, selector), or handed to its StorageClass's provisioner; a volume whose
 * claim is gone is Released and, under reclaim policy Delete, deleted. Binding writes both sides,
 * volume first, as upstream does: claimRef and phase on the volume, volumeName, annotations and
 * phase on the claim. Claims of a WaitForFirstConsumer class wait for the scheduler to pick a node.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { fromLabelSelector, matches } from '../api/labels';
import { getObject, keyOf, listAllNamespaces, listObjects, objectKey, parseKey, parseQuantity } from '../store/store';
import { Controller, NOTHING, SyncResult } from './controller';
import { defaultStorageClass } from '../api/admission';

const NAME = 'persistentvolume-controller';
export const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

const storageOf = (q: unknown) => parseQuantity(q ?? '0');

/** The class a claim asks for: '' is "no class" (a nil class the default-class admission did not fill is the same). */
export const claimClass = (pvc: KObject): string => pvc.spec?.storageClassName ?? '';
const volumeClass = (pv: KObject): string => pv.spec?.storageClassName ?? '';

export function isClaimBound(pvc: KObject): boolean {
  return pvc.status?.phase === 'Bound' && !!pvc.spec?.volumeName;
}

/** checkVolumeSatisfyClaim + the access-mode and selector checks of findMatchingVolume. */
function satisfies(pv: KObject, pvc: KObject): boolean {
  if (volumeClass(pv) !== claimClass(pvc)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  const modes: string[] = pv.spec?.accessModes ?? [];
  if (!((pvc.spec?.accessModes ?? []) as string[]).every((m) => modes.includes(m))) return false;
  if (storageOf(pv.spec?.capacity?.storage) < storageOf(pvc.spec?.resources?.requests?.storage)) return false;
  if (pvc.spec?.selector && !matches(fromLabelSelector(pvc.spec.selector), pv.metadata.labels)) return false;
  return true;
}

/** IsVolumeBoundToClaim: the volume's claimRef names this claim, with its uid or with none yet (pre-bound by hand). */
function isVolumeBoundToClaim(pv: KObject, pvc: KObject): boolean {
  const ref = pv.spec?.claimRef;
  return !!ref && ref.name === pvc.metadata.name && (ref.namespace ?? 'default') === pvc.metadata.namespace && (!ref.uid || ref.uid === pvc.metadata.uid);
}

/** findBestMatchForClaim: a volume pre-bound to this claim wins; otherwise the smallest free one that fits. */
function bestVolumeFor(c: Cluster, pvc: KObject): KObject | undefined {
  let best: KObject | undefined;
  for (const pv of listObjects(c.store, 'PersistentVolume', '')) {
    if (pv.metadata.deletionTimestamp) continue;
    const ref = pv.spec?.claimRef;
    if (ref) {
      if (isVolumeBoundToClaim(pv, pvc) && satisfies(pv, pvc)) return pv;
      continue;
    }
    if (pv.status?.phase !== 'Available' || !satisfies(pv, pvc)) continue;
    if (!best || storageOf(pv.spec?.capacity?.storage) < storageOf(best.spec?.capacity?.storage)) best = pv;
  }
  return best;
}

function claimEvent(pvc: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action {
  return { type: 'event', actor: NAME, event: { involved: objectRef(pvc), involvedUid: pvc.metadata.uid!, source: NAME, type, reason, message } };
}

/** bind: the volume's claimRef and phase, then the claim's volumeName, annotations and phase. */
function bind(pv: KObject, pvc: KObject): Action {
  const claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid };
  // getBindVolumeToClaim: bound-by-controller only when the volume was not already bound to the claim
  const pvAnnotations: Record<string, string> = isVolumeBoundToClaim(pv, pvc) ? {} : { [BOUND_BY_CONTROLLER]: 'yes' };
  const pvcAnnotations: Record<string, string> = { [BIND_COMPLETED]: 'yes', ...(pvc.spec?.volumeName ? {} : { [BOUND_BY_CONTROLLER]: 'yes' }) };
  return {
    type: 'sequence',
    actor: NAME,
    actions: [
      { type: 'patch', actor: NAME, ref: objectRef(pv), patchType: 'merge', patch: { metadata: Object.keys(pvAnnotations).length ? { annotations: pvAnnotations } : {}, spec: { claimRef } } as never },
      { type: 'patch', actor: NAME, ref: objectRef(pv), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Bound' } } },
      { type: 'patch', actor: NAME, ref: objectRef(pvc), patchType: 'merge', patch: { metadata: { annotations: pvcAnnotations }, spec: { volumeName: pv.metadata.name } } as never },
      {
        type: 'patch',
        actor: NAME,
        ref: objectRef(pvc),
        patchType: 'merge',
        subresource: 'status',
        patch: { status: { phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity } },
      },
    ],
  };
}

/** The claims a pod's volumes name. */
export function claimsOfPod(pod: KObject): string[] {
  return ((pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[]).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

/** syncUnboundClaim */
function syncClaim(c: Cluster, pvc: KObject): SyncResult {
  if (pvc.metadata.deletionTimestamp) return NOTHING;
  if (pvc.spec?.volumeName) {
    const pv = getObject(c.store, objectKey('PersistentVolume', undefined, pvc.spec.volumeName));
    if (!pv) {
      if (pvc.status?.phase === 'Bound' || pvc.metadata.annotations?.[BIND_COMPLETED]) {
        if (pvc.status?.phase === 'Lost') return NOTHING;
        return {
          actions: [
            { type: 'patch', actor: NAME, ref: objectRef(pvc), patchType: 'merge', subresource: 'status', patch: { status: { phase: 'Lost' } } },
            claimEvent(pvc, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', 'Warning'),
          ],
        };
      }
      return NOTHING; // pre-bound to a volume that does not exist yet: wait for it
    }
    // the volume is bound (or pre-bound by hand) to this claim: finish the binding
    if (isVolumeBoundToClaim(pv, pvc)) return pvc.status?.phase === 'Bound' && pv.spec.claimRef.uid ? NOTHING : { actions: [bind(pv, pvc)] };
    if (!pv.spec?.claimRef && satisfies(pv, pvc)) return { actions: [bind(pv, pvc)] };
    return NOTHING;
  }
  const pv = bestVolumeFor(c, pvc);
  if (pv) return { actions: [bind(pv, pvc)] };
  // retroactive default class (GA in 1.28): a claim created with no class at all gets the default once there is one
  if (pvc.spec?.storageClassName === undefined) {
    const sc = defaultStorageClass(c.store);
    if (sc) return { actions: [{ type: 'patch', actor: NAME, ref: objectRef(pvc), patchType: 'merge', patch: { spec: { storageClassName: sc.metadata.name! } } }] };
  }
  const className = claimClass(pvc);
  if (!className) return { actions: [claimEvent(pvc, 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set')] };
  const sc = getObject(c.store, objectKey('StorageClass', undefined, className));
  if (!sc) return { actions: [claimEvent(pvc, 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, 'Warning')] };
  // the scheduler's volume binding names the node (a pod bound by spec.nodeName, bypassing it, leaves the claim waiting)
  if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !pvc.metadata.annotations?.[SELECTED_NODE]) {
    return { actions: [claimEvent(pvc, 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding')] };
  }
  const provisioner = String(sc.provisioner);
  const actions: Action[] = [];
  if (pvc.metadata.annotations?.[STORAGE_PROVISIONER] !== provisioner) {
    actions.push({ type: 'patch', actor: NAME, ref: objectRef(pvc), patchType: 'merge', patch: { metadata: { annotations: { [BETA_STORAGE_PROVISIONER]: provisioner, [STORAGE_PROVISIONER]: provisioner } } } });
  }
  actions.push(
    claimEvent(
      pvc,
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    ),
  );
  return { actions };
}

/** syncVolume: a new volume becomes Available; one whose claim is gone is Released, and deleted under Delete. */
function syncVolume(c: Cluster, pv: KObject): SyncResult {
  // a volume being deleted is still released when its claim goes (pv-protection then lets it go)
  const ref = pv.spec?.claimRef;
  const setPhase = (phase: string): Action => ({ type: 'patch', actor: NAME, ref: objectRef(pv), patchType: 'merge', subresource: 'status', patch: { status: { phase } } });
  if (!ref) return pv.status?.phase === 'Available' ? NOTHING : { actions: [setPhase('Available')] };
  const pvc = getObject(c.store, objectKey('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name));
  if (!ref.uid) return NOTHING; // pre-bound by an administrator: the claim's sync binds it
  if (pvc && pvc.metadata.uid === ref.uid) {
    // the claim's side of a binding in progress is written by its sync
    return NOTHING;
  }
  // the claim is gone (or was replaced by another of that name): the volume is released
  const actions: Action[] = [];
  if (pv.status?.phase !== 'Released') actions.push(setPhase('Released'));
  // reclaimVolume: Retain keeps it for the administrator; Delete removes it (an external provisioner's volume is deleted by it)
  if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete' && !pv.metadata.deletionTimestamp) actions.push({ type: 'delete', actor: NAME, ref: objectRef(pv), preconditions: { uid: pv.metadata.uid } });
  return { actions };
}

export const persistentVolumeBinder: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    switch (obj.kind) {
      case 'PersistentVolumeClaim': {
        const keys = [key];
        // a claim that is gone releases its volume
        const volume = obj.spec?.volumeName;
        if (!cur && volume) keys.push(objectKey('PersistentVolume', undefined, volume));
        if (!cur) for (const pv of listObjects(c.store, 'PersistentVolume', '')) if (pv.spec?.claimRef?.uid === obj.metadata.uid) keys.push(keyOf(pv));
        return keys;
      }
      case 'PersistentVolume': {
        const keys = [key];
        const ref = cur?.spec?.claimRef;
        if (ref) keys.push(objectKey('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name));
        else if (cur?.status?.phase === 'Available') keys.push(...pendingClaims(c));
        return keys;
      }
      case 'StorageClass':
        return pendingClaims(c);
      default:
        return [];
    }
  },

  sync(c, key) {
    const obj = getObject(c.store, key);
    if (!obj) return NOTHING;
    if (parseKey(key).kind === 'PersistentVolume') return syncVolume(c, obj);
    return syncClaim(c, obj);
  },

  resyncKeys: (c) => [...listAllNamespaces(c.store, 'PersistentVolumeClaim'), ...listAllNamespaces(c.store, 'PersistentVolume')].map(keyOf).sort(),
};

function pendingClaims(c: Cluster): string[] {
  return listAllNamespaces(c.store, 'PersistentVolumeClaim')
    .filter((p) => p.status?.phase === 'Pending' && !p.metadata.deletionTimestamp)
    .map(keyOf)
    .sort();
}
