/**
 * Admission plugins that read the cluster, run on create after defaulting (the ones that need
 * nothing but the object live in defaults.ts): DefaultStorageClass
 * (plugin/pkg/admission/storage/storageclass/setdefault) and StorageObjectInUseProtection
 * (plugin/pkg/admission/storage/storageobjectinuseprotection).
 */
import { KObject } from './types';
import { Store, listObjects } from '../store/store';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
export const IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_IS_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';

/** storageutil.IsDefaultAnnotation */
export function isDefaultClass(sc: KObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[IS_DEFAULT_CLASS] === 'true' || a[BETA_IS_DEFAULT_CLASS] === 'true';
}

/** GetDefaultClass: of several default classes the newest wins (by creation time, then name). */
export function defaultStorageClass(store: Store): KObject | undefined {
  const defaults = listObjects(store, 'StorageClass', '').filter(isDefaultClass);
  defaults.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return defaults[0];
}

function addFinalizer(obj: KObject, finalizer: string) {
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

/** Mutates the object being created, as the admission chain does. */
export function admitCreate(store: Store, obj: KObject): void {
  if (obj.kind === 'PersistentVolumeClaim') {
    // only a claim that names no class at all gets the default; `storageClassName: ""` asks for none
    if (obj.spec && obj.spec.storageClassName === undefined) {
      const sc = defaultStorageClass(store);
      if (sc) obj.spec.storageClassName = sc.metadata.name;
    }
    addFinalizer(obj, PVC_PROTECTION_FINALIZER);
  }
  if (obj.kind === 'PersistentVolume') addFinalizer(obj, PV_PROTECTION_FINALIZER);
}
