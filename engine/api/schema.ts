/**
 * The fields each type has, for the API server's strict field validation (kubectl 1.32 sends
 * fieldValidation=Strict): a field the type does not have is an error, reported by its path in
 * the order the decoder meets it (kubectl sends JSON with sorted keys, so depth-first, sorted).
 * Types are named; `*` marks an opaque value whose inside is not checked (status, volume sources).
 */
import { KObject } from './types';

type FieldType = string; // a type name from SCHEMA, `[]Type` for a list of it, or '*'

const SCHEMA: Record<string, Record<string, FieldType>> = {
  ObjectMeta: Object.fromEntries(
    ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
      'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'].map((f) => [f, f === 'ownerReferences' ? '[]OwnerReference' : '*']),
  ),
  OwnerReference: { apiVersion: '*', kind: '*', name: '*', uid: '*', controller: '*', blockOwnerDeletion: '*' },
  PodSpec: {
    volumes: '[]Volume', initContainers: '[]Container', containers: '[]Container', ephemeralContainers: '*', restartPolicy: '*',
    terminationGracePeriodSeconds: '*', activeDeadlineSeconds: '*', dnsPolicy: '*', nodeSelector: '*', serviceAccountName: '*',
    serviceAccount: '*', automountServiceAccountToken: '*', nodeName: '*', hostNetwork: '*', hostPID: '*', hostIPC: '*',
    shareProcessNamespace: '*', securityContext: '*', imagePullSecrets: '*', hostname: '*', subdomain: '*', affinity: '*',
    schedulerName: '*', tolerations: '*', hostAliases: '*', priorityClassName: '*', priority: '*', dnsConfig: '*',
    readinessGates: '*', runtimeClassName: '*', enableServiceLinks: '*', preemptionPolicy: '*', overhead: '*',
    topologySpreadConstraints: '*', setHostnameAsFQDN: '*', os: '*', hostUsers: '*', schedulingGates: '*', resourceClaims: '*', resources: '*',
  },
  Container: {
    name: '*', image: '*', command: '*', args: '*', workingDir: '*', ports: '[]ContainerPort', envFrom: '*', env: '[]EnvVar',
    resources: 'ResourceRequirements', resizePolicy: '*', restartPolicy: '*', volumeMounts: '[]VolumeMount', volumeDevices: '*',
    livenessProbe: 'Probe', readinessProbe: 'Probe', startupProbe: 'Probe', lifecycle: '*', terminationMessagePath: '*',
    terminationMessagePolicy: '*', imagePullPolicy: '*', securityContext: '*', stdin: '*', stdinOnce: '*', tty: '*',
  },
  ContainerPort: { name: '*', hostPort: '*', containerPort: '*', protocol: '*', hostIP: '*' },
  EnvVar: { name: '*', value: '*', valueFrom: '*' },
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
  ReplicaSetSpec: { replicas: '*', minReadySeconds: '*', selector: 'LabelSelector', template: 'PodTemplateSpec' },
  ReplicationControllerSpec: { replicas: '*', minReadySeconds: '*', selector: '*', template: 'PodTemplateSpec' },
  DeploymentSpec: {
    replicas: '*', selector: 'LabelSelector', template: 'PodTemplateSpec', strategy: 'DeploymentStrategy', minReadySeconds: '*',
    revisionHistoryLimit: '*', paused: '*', progressDeadlineSeconds: '*',
  },
  DeploymentStrategy: { type: '*', rollingUpdate: 'RollingUpdateDeployment' },
  RollingUpdateDeployment: { maxUnavailable: '*', maxSurge: '*' },
  LabelSelector: { matchLabels: '*', matchExpressions: '[]LabelSelectorRequirement' },
  LabelSelectorRequirement: { key: '*', operator: '*', values: '*' },
  NodeSpec: { podCIDR: '*', podCIDRs: '*', providerID: '*', unschedulable: '*', taints: '[]Taint', configSource: '*', externalID: '*' },
  Taint: { key: '*', value: '*', effect: '*', timeAdded: '*' },
  NamespaceSpec: { finalizers: '*' },
};

const TOP: Record<string, string> = {
  Pod: 'PodSpec',
  ReplicaSet: 'ReplicaSetSpec',
  ReplicationController: 'ReplicationControllerSpec',
  Deployment: 'DeploymentSpec',
  Node: 'NodeSpec',
  Namespace: 'NamespaceSpec',
};

function walk(value: unknown, type: FieldType, path: string, out: string[]) {
  if (type === '*' || value === null || typeof value !== 'object') return;
  if (type.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, type.slice(2), `${path}[${i}]`, out));
    return;
  }
  const fields = SCHEMA[type];
  if (!fields || Array.isArray(value)) return;
  for (const key of Object.keys(value).sort()) {
    const p = path ? `${path}.${key}` : key;
    if (!(key in fields)) out.push(p);
    else walk((value as Record<string, unknown>)[key], fields[key], p, out);
  }
}

/** Paths of the fields `obj` has that its kind does not: `spec.containers[0].prot`. */
export function unknownFields(obj: KObject): string[] {
  const spec = TOP[obj.kind];
  if (!spec) return [];
  const top: Record<string, FieldType> = { apiVersion: '*', kind: '*', metadata: 'ObjectMeta', spec, status: '*' };
  const out: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (!(key in top)) out.push(key);
    else walk((obj as Record<string, unknown>)[key], top[key], key, out);
  }
  return out;
}
