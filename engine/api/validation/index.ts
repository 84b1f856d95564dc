/**
 * What the API server validates on create and on update, per kind, after defaulting. Each error
 * is a FieldError worded as upstream words it; the caller turns them into an Invalid Status.
 */
import { FieldError, KObject } from '../types';
import { resourceFor } from '../resources';
import { dns1123Label, dns1123Subdomain, validateObjectMeta } from './names';
import { podSpecWarnings, validatePodSpec, validatePodUpdate } from './pod';
import { validateCronJob, validateJob, validateJobUpdate } from './jobs';
import { validateDaemonSetSpec, validateDeploymentSpec, validateReplicaSetSpec, validateReplicationControllerSpec, validateSelectorUnchanged, validateStatefulSetSpec, validateStatefulSetUpdate } from './workloads';
import { validateServiceSpec, validateServiceUpdate } from './service';
import { validateResourceQuota } from './quota';
import { validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate } from './config';
import { ingressWarnings, validateIngress, validateIngressClass, validateIngressClassUpdate } from './ingress';
import { validateClaimSpec, validateClaimUpdate, validatePersistentVolume, validateStorageClass, validateStorageClassUpdate } from './storage';

/** Namespaces and a few others must be DNS labels; most names are DNS subdomains. */
function nameCheck(kind: string): (name: string) => string[] {
  // a StatefulSet's name becomes its pods' hostnames (ValidateStatefulSetName)
  return kind === 'Namespace' || kind === 'StatefulSet' ? dns1123Label : dns1123Subdomain;
}

export function validateCreate(obj: KObject): FieldError[] {
  const r = resourceFor(obj.apiVersion, obj.kind);
  const out = validateObjectMeta(obj.metadata ?? {}, nameCheck(obj.kind), r?.namespaced ?? true);
  switch (obj.kind) {
    case 'Pod':
      out.push(...validatePodSpec(obj.spec, 'spec'));
      break;
    case 'ReplicaSet':
      out.push(...validateReplicaSetSpec(obj));
      break;
    case 'ReplicationController':
      out.push(...validateReplicationControllerSpec(obj));
      break;
    case 'Deployment':
      out.push(...validateDeploymentSpec(obj));
      break;
    case 'DaemonSet':
      out.push(...validateDaemonSetSpec(obj));
      break;
    case 'StatefulSet':
      out.push(...validateStatefulSetSpec(obj));
      break;
    case 'Service':
      out.push(...validateServiceSpec(obj));
      break;
    case 'Ingress':
      out.push(...validateIngress(obj));
      break;
    case 'ConfigMap':
      out.push(...validateConfigMap(obj));
      break;
    case 'ResourceQuota':
      out.push(...validateResourceQuota(obj));
      break;
    case 'Secret':
      out.push(...validateSecret(obj));
      break;
    case 'IngressClass':
      out.push(...validateIngressClass(obj));
      break;
    case 'PersistentVolumeClaim':
      out.push(...validateClaimSpec(obj.spec));
      break;
    case 'PersistentVolume':
      out.push(...validatePersistentVolume(obj));
      break;
    case 'StorageClass':
      out.push(...validateStorageClass(obj));
      break;
    case 'Job':
      out.push(...validateJob(obj));
      break;
    case 'CronJob':
      out.push(...validateCronJob(obj, true));
      break;
    default:
      break;
  }
  return out;
}

export function validateUpdate(next: KObject, prev: KObject): FieldError[] {
  const out = validateCreate(next);
  switch (next.kind) {
    case 'Pod':
      out.push(...validatePodUpdate(next, prev));
      break;
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet':
      out.push(...validateSelectorUnchanged(next, prev));
      break;
    case 'StatefulSet':
      out.push(...validateStatefulSetUpdate(next, prev));
      break;
    case 'Service':
      out.push(...validateServiceUpdate(next, prev));
      break;
    case 'IngressClass':
      out.push(...validateIngressClassUpdate(next, prev));
      break;
    case 'ConfigMap':
      out.push(...validateConfigMapUpdate(next, prev));
      break;
    case 'Secret':
      out.push(...validateSecretUpdate(next, prev));
      break;
    case 'PersistentVolumeClaim':
      out.push(...validateClaimUpdate(next, prev));
      break;
    case 'StorageClass':
      out.push(...validateStorageClassUpdate(next, prev));
      break;
    case 'Job':
      out.push(...validateJobUpdate(next, prev));
      break;
    default:
      break;
  }
  return out;
}

export function warningsForCreate(obj: KObject): string[] {
  if (obj.kind === 'Pod') return podSpecWarnings(obj.spec, 'spec');
  if (obj.kind === 'Ingress') return ingressWarnings(obj);
  if (obj.spec?.template?.spec) return podSpecWarnings(obj.spec.template.spec, 'spec.template.spec');
  return [];
}
