/**
 * The PV protection controller (pkg/controller/volume/pvprotection): a volume being deleted keeps
 * its kubernetes.io/pv-protection finalizer while it is Bound to a claim.
 */
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces } from '../store/store';
import { PV_PROTECTION_FINALIZER } from '../api/admission';
import { Controller, NOTHING } from './controller';

const NAME = 'pv-protection-controller';

export const pvProtectionController: Controller = {
  name: NAME,

  enqueue(_c, key, _prev, cur) {
    return cur?.kind === 'PersistentVolume' && cur.metadata.deletionTimestamp ? [key] : [];
  },

  sync(c, key) {
    const pv = getObject(c.store, key);
    if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER)) return NOTHING;
    if (pv.status?.phase === 'Bound') return NOTHING;
    const finalizers = pv.metadata.finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER);
    return { actions: [{ type: 'patch', actor: NAME, ref: objectRef(pv), patchType: 'merge', patch: { metadata: { finalizers: finalizers.length ? finalizers : null, resourceVersion: pv.metadata.resourceVersion } } as never }] };
  },

  resyncKeys: (c) =>
    listAllNamespaces(c.store, 'PersistentVolume')
      .filter((p) => p.metadata.deletionTimestamp)
      .map(keyOf)
      .sort(),
};
