/**
 * The fields each type has, for the API server's strict field validation (kubectl 1.32 sends
 * fieldValidation=Strict): a field the type does not have is an error, reported by its path in
 * the order the decoder meets it (kubectl sends JSON with sorted keys, so depth-first, sorted).
 * Types are named; `*` marks an opaque value whose inside is not checked (status, volume sources).
 */
import { KObject } from './types';

/**
 * A type name from SCHEMA, `[]Type` for a list of it, a Go scalar (`string`, `int32`, `int64`,
 * `bool`, `map[string]string`) whose JSON type is checked, or '*' for anything.
 */
type FieldType = string;

const SCHEMA: Record<string, Record<string, FieldType>> = {
  ObjectMeta: {
    name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string', resourceVersion: 'string',
    generation: 'int64', creationTimestamp: '*', deletionTimestamp: '*', deletionGracePeriodSeconds: 'int64',
    labels: 'map[string]string', annotations: 'map[string]string', ownerReferences: '[]OwnerReference', finalizers: '*', managedFields: '*',
  },
  OwnerReference: { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' },
  PodSpec: {
    volumes: '[]Volume', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '*', restartPolicy: 'string',
    terminationGracePeriodSeconds: 'int64', activeDeadlineSeconds: 'int64', dnsPolicy: 'string', nodeSelector: 'map[string]string', serviceAccountName: 'string',
    serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string', hostNetwork: '*', hostPID: '*', hostIPC: '*',
    shareProcessNamespace: '*', securityContext: '*', imagePullSecrets: '*', hostname: '*', subdomain: '*', affinity: '*',
    schedulerName: '*', tolerations: '*', hostAliases: '*', priorityClassName: '*', priority: '*', dnsConfig: '*',
    readinessGates: '*', runtimeClassName: '*', enableServiceLinks: '*', preemptionPolicy: '*', overhead: '*',
    topologySpreadConstraints: '*', setHostnameAsFQDN: '*', os: '*', hostUsers: '*', schedulingGates: '*', resourceClaims: '*', resources: '*',
  },
  Container: {
    name: 'string', image: 'string', command: '*', args: '*', workingDir: 'string', ports: '[]ContainerPort', envFrom: '*', env: '[]EnvVar',
    resources: 'ResourceRequirements', resizePolicy: '*', restartPolicy: '*', volumeMounts: '[]VolumeMount', volumeDevices: '*',
    livenessProbe: 'Probe', readinessProbe: 'Probe', startupProbe: 'Probe', lifecycle: '*', terminationMessagePath: '*',
    terminationMessagePolicy: 'string', imagePullPolicy: 'string', securityContext: '*', stdin: '*', stdinOnce: '*', tty: '*',
  },
  ContainerPort: { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' },
  EnvVar: { name: 'string', value: 'string', valueFrom: '*' },
  VolumeMount: { name: '*', readOnly: '*', recursiveReadOnly: '*', mountPath: '*', subPath: '*', mountPropagation: '*', subPathExpr: '*' },
  ResourceRequirements: { limits: '*', requests: '*', claims: '*' },
  Probe: {
    exec: '*', httpGet: '*', tcpSocket: '*', grpc: '*', initialDelaySeconds: '*', timeoutSeconds: '*', periodSeconds: '*',
    successThreshold: '*', failureThreshold: '*', terminationGracePeriodSeconds: '*',
  },
  // a volume is its name plus one volume source; the sources are not checked field by field
  Volume: Object.fromEntries(
    ['name', 'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
      'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
      'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
      'ephemeral', 'image'].map((f) => [f, '*']),
  ),
  PodTemplateSpec: { metadata: 'ObjectMeta', spec: 'PodSpec' },
  ReplicaSetSpec: { replicas: 'int32', minReadySeconds: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec' },
  ReplicationControllerSpec: { replicas: 'int32', minReadySeconds: 'int32', selector: 'map[string]string', template: 'PodTemplateSpec' },
  DeploymentSpec: {
    replicas: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec', strategy: 'DeploymentStrategy', minReadySeconds: 'int32',
    revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
  },
  DeploymentStrategy: { type: '*', rollingUpdate: 'RollingUpdateDeployment' },
  RollingUpdateDeployment: { maxUnavailable: '*', maxSurge: '*' },
  JobSpec: {
    parallelism: 'int32', completions: 'int32', activeDeadlineSeconds: 'int64', podFailurePolicy: '*', successPolicy: '*', backoffLimit: 'int32',
    backoffLimitPerIndex: 'int32', maxFailedIndexes: 'int32', selector: 'LabelSelector', manualSelector: 'bool', template: 'PodTemplateSpec',
    ttlSecondsAfterFinished: 'int32', completionMode: 'string', suspend: 'bool', podReplacementPolicy: 'string', managedBy: 'string',
  },
  CronJobSpec: {
    schedule: 'string', timeZone: 'string', startingDeadlineSeconds: 'int64', concurrencyPolicy: 'string', suspend: 'bool',
    jobTemplate: 'JobTemplateSpec', successfulJobsHistoryLimit: 'int32', failedJobsHistoryLimit: 'int32',
  },
  JobTemplateSpec: { metadata: 'ObjectMeta', spec: 'JobSpec' },
  LabelSelector: { matchLabels: 'map[string]string', matchExpressions: '[]LabelSelectorRequirement' },
  LabelSelectorRequirement: { key: 'string', operator: 'string', values: '*' },
  NodeSpec: { podCIDR: '*', podCIDRs: '*', providerID: '*', unschedulable: '*', taints: '[]Taint', configSource: '*', externalID: '*' },
  Taint: { key: '*', value: '*', effect: '*', timeAdded: '*' },
  NamespaceSpec: { finalizers: '*' },
  ServiceSpec: {
    ports: '[]ServicePort', selector: 'map[string]string', clusterIP: 'string', clusterIPs: '*', type: 'string', externalIPs: '*',
    sessionAffinity: 'string', loadBalancerIP: 'string', loadBalancerSourceRanges: '*', externalName: 'string', externalTrafficPolicy: 'string',
    healthCheckNodePort: 'int32', publishNotReadyAddresses: 'bool', sessionAffinityConfig: '*', ipFamilies: '*', ipFamilyPolicy: 'string',
    allocateLoadBalancerNodePorts: 'bool', loadBalancerClass: 'string', internalTrafficPolicy: 'string', trafficDistribution: 'string',
  },
  ServicePort: { name: 'string', protocol: 'string', appProtocol: 'string', port: 'int32', targetPort: '*', nodePort: 'int32' },
  IngressSpec: { ingressClassName: 'string', defaultBackend: 'IngressBackend', tls: '[]IngressTLS', rules: '[]IngressRule' },
  IngressBackend: { service: 'IngressServiceBackend', resource: '*' },
  IngressServiceBackend: { name: 'string', port: 'ServiceBackendPort' },
  ServiceBackendPort: { name: 'string', number: 'int32' },
  IngressTLS: { hosts: '*', secretName: 'string' },
  IngressRule: { host: 'string', http: 'HTTPIngressRuleValue' },
  HTTPIngressRuleValue: { paths: '[]HTTPIngressPath' },
  HTTPIngressPath: { path: 'string', pathType: 'string', backend: 'IngressBackend' },
  IngressClassSpec: { controller: 'string', parameters: '*' },
  ResourceQuotaSpec: { hard: 'map[string]Quantity', scopes: '*', scopeSelector: '*' },
  LimitRangeSpec: { limits: '[]LimitRangeItem' },
  LimitRangeItem: { type: 'string', max: 'map[string]Quantity', min: 'map[string]Quantity', default: 'map[string]Quantity', defaultRequest: 'map[string]Quantity', maxLimitRequestRatio: 'map[string]Quantity' },
  StatefulSetSpec: {
    replicas: 'int32', selector: 'LabelSelector', template: 'PodTemplateSpec', volumeClaimTemplates: '*', serviceName: 'string',
    podManagementPolicy: 'string', updateStrategy: '*', revisionHistoryLimit: 'int32', minReadySeconds: 'int32',
    persistentVolumeClaimRetentionPolicy: '*', ordinals: '*',
  },
};

const TOP: Record<string, string> = {
  Pod: 'PodSpec',
  ReplicaSet: 'ReplicaSetSpec',
  ReplicationController: 'ReplicationControllerSpec',
  Deployment: 'DeploymentSpec',
  Job: 'JobSpec',
  CronJob: 'CronJobSpec',
  Node: 'NodeSpec',
  Namespace: 'NamespaceSpec',
  Service: 'ServiceSpec',
  StatefulSet: 'StatefulSetSpec',
  Ingress: 'IngressSpec',
  IngressClass: 'IngressClassSpec',
  ResourceQuota: 'ResourceQuotaSpec',
  LimitRange: 'LimitRangeSpec',
};

/** Kinds whose content sits at the top level, beside metadata, rather than under spec. */
const TOP_LEVEL: Record<string, Record<string, FieldType>> = {
  ConfigMap: { data: 'map[string]string', binaryData: 'map[string][]byte', immutable: 'bool' },
  Secret: { data: 'map[string][]byte', stringData: 'map[string]string', type: 'string', immutable: 'bool' },
};

const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'map[string]string', 'map[string][]byte', 'map[string]Quantity']);
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** The JSON type name Go's decoder reports: string, number, bool, array, object. */
function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

function scalarMismatch(value: unknown, type: string): string | undefined {
  if (value === null) return undefined; // null leaves a Go field at its zero value
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : jsonTypeName(value);
    case 'bool':
      return typeof value === 'boolean' ? undefined : jsonTypeName(value);
    case 'int32':
    case 'int64':
      return typeof value === 'number' ? (Number.isInteger(value) ? undefined : 'number ' + String(value)) : jsonTypeName(value);
    default:
      return undefined;
  }
}

interface Found {
  unknown: string[];
  /** the first value of the wrong JSON type, as Go's decoder words it */
  typeError?: string;
}

/** `spec.containers[0].ports[0].containerPort` -> `spec.containers.ports.containerPort` (Go reports no indices). */
const goFieldPath = (path: string) => path.replace(/\[\d+\]/g, '');

function walk(value: unknown, type: FieldType, path: string, owner: string, found: Found) {
  if (type === '*' || value === null || value === undefined) return;
  if (SCALARS.has(type)) {
    if (type === 'map[string][]byte' && typeof value === 'object' && !Array.isArray(value)) {
      // []byte travels as base64 (encoding/json); the first bad value fails the decode
      for (const v of Object.values(value as Record<string, unknown>)) {
        if (typeof v !== 'string') found.typeError ??= `json: cannot unmarshal ${jsonTypeName(v)} into Go struct field ${owner}.${goFieldPath(path)} of type []uint8`;
        else {
          const at = base64Error(v);
          if (at !== undefined) found.typeError ??= `illegal base64 data at input byte ${at}`;
        }
      }
      return;
    }
    if (type === 'map[string]Quantity' && typeof value === 'object' && !Array.isArray(value)) {
      // resource.Quantity's UnmarshalJSON: a number or a string in its grammar
      for (const v of Object.values(value as Record<string, unknown>)) {
        if (typeof v !== 'number' && (typeof v !== 'string' || !QUANTITY.test(v))) found.typeError ??= "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
      }
      return;
    }
    if (type === 'map[string]string') {
      if (typeof value !== 'object' || Array.isArray(value)) {
        found.typeError ??= `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${owner}.${goFieldPath(path)} of type map[string]string`;
        return;
      }
      for (const v of Object.values(value as Record<string, unknown>)) {
        const bad = v === null ? undefined : scalarMismatch(v, 'string');
        if (bad) found.typeError ??= `json: cannot unmarshal ${bad} into Go struct field ${owner}.${goFieldPath(path)} of type string`;
      }
      return;
    }
    const bad = scalarMismatch(value, type);
    if (bad) found.typeError ??= `json: cannot unmarshal ${bad} into Go struct field ${owner}.${goFieldPath(path)} of type ${type}`;
    return;
  }
  if (type.startsWith('[]')) {
    if (!Array.isArray(value)) {
      found.typeError ??= `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${owner}.${goFieldPath(path)} of type []${goTypeName(type.slice(2))}`;
      return;
    }
    value.forEach((v, i) => walk(v, type.slice(2), `${path}[${i}]`, owner, found));
    return;
  }
  const fields = SCHEMA[type];
  if (!fields) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    found.typeError ??= `json: cannot unmarshal ${jsonTypeName(value)} into Go struct field ${owner}.${goFieldPath(path)} of type ${goTypeName(type)}`;
    return;
  }
  for (const key of Object.keys(value).sort()) {
    const p = path ? `${path}.${key}` : key;
    if (!(key in fields)) found.unknown.push(p);
    else walk((value as Record<string, unknown>)[key], fields[key], p, type, found);
  }
}

/** The Go type a schema name stands for, as the decoder prints it: `v1.Container`. */
function goTypeName(type: string): string {
  return `v1.${type}`;
}

/**
 * What the API server's decoder says about `obj`: the first value of the wrong type (which fails
 * the request on its own) and the paths of fields its kind does not have (`spec.containers[0].prot`).
 */
export function decodeProblems(obj: KObject): Found {
  const found: Found = { unknown: [] };
  const spec = TOP[obj.kind];
  const fields = TOP_LEVEL[obj.kind];
  if (!spec && !fields) return found;
  const top: Record<string, FieldType> = spec ? { apiVersion: '*', kind: '*', metadata: 'ObjectMeta', spec, status: '*' } : { apiVersion: '*', kind: '*', metadata: 'ObjectMeta', ...fields };
  for (const key of Object.keys(obj).sort()) {
    if (!(key in top)) found.unknown.push(key);
    else walk((obj as Record<string, unknown>)[key], top[key], key, obj.kind, found);
  }
  return found;
}

export function unknownFields(obj: KObject): string[] {
  return decodeProblems(obj).unknown;
}

/**
 * Where Go's base64.StdEncoding stops on `s` (CorruptInputError's offset), or undefined when it
 * decodes: an illegal character, padding in the wrong place, or a quantum left incomplete.
 */
export function base64Error(s: string): number | undefined {
  const alphabet = /[A-Za-z0-9+/]/;
  for (let q = 0; q < s.length; q += 4) {
    for (let j = 0; j < 4; j++) {
      const i = q + j;
      if (i >= s.length) return j === 0 ? undefined : q;
      const ch = s[i];
      if (ch === '=') {
        // padding: only in the last two places of the last quantum, and then nothing after it
        if (j < 2) return i;
        if (j === 2 && s[i + 1] !== '=') return i + 1 >= s.length ? s.length : i;
        return i + (j === 2 ? 2 : 1) < s.length ? i + (j === 2 ? 2 : 1) : undefined;
      }
      if (!alphabet.test(ch)) return i;
    }
  }
  return undefined;
}
