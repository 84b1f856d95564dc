/**
 * PersistentVolumeClaims, PersistentVolumes and StorageClasses (pkg/apis/core/validation
 * ValidatePersistentVolumeClaimSpec / ValidatePersistentVolumeSpec, pkg/apis/storage/validation).
 */
import { FieldError, KObject } from '../types';
import { forbidden, invalid, notSupported, required } from '../field';
import { parseQuantity } from '../../store/store';
import { jsonEqual } from '../json';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

function accessModes(modes: unknown, path: string): FieldError[] {
  const list = Array.isArray(modes) ? (modes as string[]) : [];
  if (!list.length) return [required(path, 'at least 1 access mode is required')];
  const out = list.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) out.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return out;
}

function volumeMode(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'string' && !VOLUME_MODES.includes(mode) ? [notSupported(path, mode, VOLUME_MODES)] : [];
}

export function validateClaimSpec(spec: any, path = 'spec'): FieldError[] {
  const out = accessModes(spec?.accessModes, `${path}.accessModes`);
  const storage = spec?.resources?.requests?.storage;
  if (storage === undefined) out.push(required(`${path}.resources[storage]`));
  else if (!(parseQuantity(storage) > 0)) out.push(invalid(`${path}.resources[storage]`, String(storage), 'must be greater than zero'));
  out.push(...volumeMode(spec?.volumeMode, `${path}.volumeMode`));
  return out;
}

/**
 * ValidatePersistentVolumeClaimUpdate: after creation only the requested size (of a bound claim)
 * and the volume attributes class may change; the binder may fill in an empty volumeName. Upstream
 * appends a diff of the two specs to the message; that is left out here.
 */
export function validateClaimUpdate(next: KObject, prev: KObject): FieldError[] {
  if (next.spec?.storageClassName === undefined && prev.spec?.storageClassName !== undefined) return [forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
  const comparable = (spec: any, fillVolumeName: boolean) => {
    const s = { ...(spec ?? {}), resources: { ...(spec?.resources ?? {}) } };
    delete s.resources.requests;
    delete s.volumeAttributesClassName;
    if (fillVolumeName) delete s.volumeName;
    // a claim with no class may be given one once (the retroactive default StorageClass)
    if (prev.spec?.storageClassName === undefined) delete s.storageClassName;
    return s;
  };
  const fill = !prev.spec?.volumeName;
  if (jsonEqual(comparable(next.spec, fill), comparable(prev.spec, fill))) {
    const grew = !jsonEqual(next.spec?.resources?.requests, prev.spec?.resources?.requests);
    if (!grew || prev.status?.phase === 'Bound') return [];
  }
  return [forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
}

const VOLUME_SOURCES = ['hostPath', 'nfs', 'local', 'csi', 'iscsi', 'fc', 'rbd', 'cephfs', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'vsphereVolume', 'portworxVolume', 'glusterfs', 'flexVolume', 'cinder', 'quobyte', 'scaleIO', 'storageos', 'photonPersistentDisk', 'flocker'];

export function validatePersistentVolume(pv: KObject): FieldError[] {
  const spec = pv.spec ?? {};
  const out = accessModes(spec.accessModes, 'spec.accessModes');
  if (spec.capacity?.storage === undefined) out.push(required('spec.capacity'));
  const sources = VOLUME_SOURCES.filter((s) => spec[s] !== undefined);
  if (!sources.length) out.push(required('spec', 'must specify a volume type'));
  else if (sources.length > 1) out.push(forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !['Delete', 'Recycle', 'Retain'].includes(policy)) out.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  out.push(...volumeMode(spec.volumeMode, 'spec.volumeMode'));
  return out;
}

export function validateStorageClass(sc: KObject): FieldError[] {
  const out: FieldError[] = [];
  const { reclaimPolicy, volumeBindingMode } = sc as { reclaimPolicy?: string; volumeBindingMode?: string };
  if (!sc.provisioner) out.push(required('provisioner'));
  if (!['Delete', 'Retain'].includes(reclaimPolicy ?? '')) out.push(notSupported('reclaimPolicy', reclaimPolicy ?? '', ['Delete', 'Retain']));
  if (!['Immediate', 'WaitForFirstConsumer'].includes(volumeBindingMode ?? '')) out.push(notSupported('volumeBindingMode', volumeBindingMode ?? '', ['Immediate', 'WaitForFirstConsumer']));
  return out;
}

/** ValidateStorageClassUpdate */
export function validateStorageClassUpdate(next: KObject, prev: KObject): FieldError[] {
  const out: FieldError[] = [];
  if (!jsonEqual(next.parameters, prev.parameters)) out.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (next.provisioner !== prev.provisioner) out.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (next.reclaimPolicy !== prev.reclaimPolicy) out.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (next.volumeBindingMode !== prev.volumeBindingMode) out.push(forbidden('volumeBindingMode', 'field is immutable'));
  return out;
}
