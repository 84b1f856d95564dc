/**
 * Admission plugins that read the cluster, run on create after defaulting (the ones that need
 * nothing but the object live in defaults.ts): DefaultStorageClass
 * (plugin/pkg/admission/storage/storageclass/setdefault), DefaultIngressClass
 * (plugin/pkg/admission/network/defaultingressclass), LimitRanger (limit-range.ts) and
 * StorageObjectInUseProtection
 * (plugin/pkg/admission/storage/storageobjectinuseprotection).
 */
import { KObject, Status } from './types';
import { Store, listObjects } from '../store/store';
import { forbidden } from './status';
import { resourceForKind } from './resources';
import { admitLimitRanges } from './limit-range';

export const IS_DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';

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

/**
 * DefaultIngressClass: an Ingress that names no class (neither spec.ingressClassName nor the
 * legacy annotation) gets the one IngressClass marked default; with several, it is refused.
 */
function admitIngress(store: Store, ing: KObject): Status | undefined {
  if (ing.spec?.ingressClassName !== undefined || ing.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return undefined;
  const defaults = listObjects(store, 'IngressClass', '').filter((x) => x.metadata.annotations?.[IS_DEFAULT_INGRESS_CLASS] === 'true');
  if (defaults.length > 1) return forbidden(resourceForKind('Ingress'), ing.metadata.name ?? '', `Internal error occurred: ${defaults.length} default IngressClasses were found, only 1 allowed`);
  if (defaults.length === 1) ing.spec = { ...ing.spec, ingressClassName: defaults[0].metadata.name };
  return undefined;
}

/** Mutates the object being created, as the admission chain does; a refusal comes back as its Status. */
export function admitCreate(store: Store, obj: KObject): Status | undefined {
  if (obj.kind === 'Ingress') return admitIngress(store, obj);
  if (obj.kind === 'Pod') {
    const broken = admitLimitRanges(store, obj);
    if (broken) return forbidden(resourceForKind('Pod'), obj.metadata.name ?? '', broken);
  }
  if (obj.kind === 'PersistentVolumeClaim') {
    // only a claim that names no class at all gets the default; `storageClassName: ""` asks for none
    if (obj.spec && obj.spec.storageClassName === undefined) {
      const sc = defaultStorageClass(store);
      if (sc) obj.spec.storageClassName = sc.metadata.name;
    }
    addFinalizer(obj, PVC_PROTECTION_FINALIZER);
  }
  if (obj.kind === 'PersistentVolume') addFinalizer(obj, PV_PROTECTION_FINALIZER);
  return undefined;
}
