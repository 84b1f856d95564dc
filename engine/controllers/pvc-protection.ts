/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection): a claim being deleted keeps
 * its kubernetes.io/pvc-protection finalizer, and so stays Terminating, while a scheduled pod names
 * it (podUsesPVC: whatever the pod's phase, a finished pod still counts until it is deleted; an
 * unscheduled one does not, since the kubelet will not start it with a claim being deleted); when
 * the last such pod goes, the finalizer is removed and the claim with it.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces, listObjects, objectKey } from '../store/store';
import { PVC_PROTECTION_FINALIZER } from '../api/admission';
import { Controller, NOTHING } from './controller';
import { claimsOfPod } from './persistent-volume-binder';

const NAME = 'pvc-protection-controller';

/** isPodUsingPVC over the claim's namespace (upstream asks its pod index; a scan here is bounded by one namespace). */
export function podsUsingClaim(c: Cluster, pvc: KObject): KObject[] {
  return listObjects(c.store, 'Pod', pvc.metadata.namespace ?? 'default').filter((p) => p.spec?.nodeName && claimsOfPod(p).includes(pvc.metadata.name!));
}

export const pvcProtectionController: Controller = {
  name: NAME,

  enqueue(_c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'PersistentVolumeClaim') return cur?.metadata.deletionTimestamp ? [key] : [];
    if (obj.kind !== 'Pod') return [];
    // a pod that is gone may have been a claim's last user
    if (cur) return [];
    return claimsOfPod(obj).map((name) => objectKey('PersistentVolumeClaim', obj.metadata.namespace, name));
  },

  sync(c, key) {
    const pvc = getObject(c.store, key);
    if (!pvc?.metadata.deletionTimestamp || !pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) return NOTHING;
    if (podsUsingClaim(c, pvc).length) return NOTHING;
    const finalizers = pvc.metadata.finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER);
    return { actions: [{ type: 'patch', actor: NAME, ref: objectRef(pvc), patchType: 'merge', patch: { metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: pvc.metadata.resourceVersion } } as never }] };
  },

  resyncKeys: (c) =>
    listAllNamespaces(c.store, 'PersistentVolumeClaim')
      .filter((p) => p.metadata.deletionTimestamp)
      .map(keyOf)
      .sort(),
};
