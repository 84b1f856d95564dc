/**
 * The API resources the engine serves: how a kind maps to its group, version, plural name and
 * scope. The equivalent of the API server's discovery document (`kubectl api-resources`).
 */

export interface ResourceInfo {
  kind: string;
  /** '' for the core group */
  group: string;
  version: string;
  /** the lower-case plural used in URLs and messages: pods, replicasets */
  plural: string;
  namespaced: boolean;
  shortNames: string[];
  /** true when status is a subresource: spec writes ignore status and status writes ignore spec */
  hasStatus: boolean;
  /** true when metadata.generation is bumped on spec change (every kind with a spec, except Pod? no: Pod too) */
  hasScale: boolean;
}

const RESOURCES: ResourceInfo[] = [
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true, shortNames: ['po'], hasStatus: true, hasScale: false },
  { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false, shortNames: ['no'], hasStatus: true, hasScale: false },
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false, shortNames: ['ns'], hasStatus: true, hasScale: false },
  { kind: 'ReplicationController', group: '', version: 'v1', plural: 'replicationcontrollers', namespaced: true, shortNames: ['rc'], hasStatus: true, hasScale: true },
  { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, shortNames: ['ev'], hasStatus: false, hasScale: false },
  { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', namespaced: true, shortNames: ['cm'], hasStatus: false, hasScale: false },
  { kind: 'Secret', group: '', version: 'v1', plural: 'secrets', namespaced: true, shortNames: [], hasStatus: false, hasScale: false },
  { kind: 'ResourceQuota', group: '', version: 'v1', plural: 'resourcequotas', namespaced: true, shortNames: ['quota'], hasStatus: true, hasScale: false },
  { kind: 'LimitRange', group: '', version: 'v1', plural: 'limitranges', namespaced: true, shortNames: ['limits'], hasStatus: false, hasScale: false },
  { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true, shortNames: ['svc'], hasStatus: true, hasScale: false },
  { kind: 'Endpoints', group: '', version: 'v1', plural: 'endpoints', namespaced: true, shortNames: ['ep'], hasStatus: false, hasScale: false },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true, shortNames: [], hasStatus: false, hasScale: false },
  { kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', namespaced: true, shortNames: ['ing'], hasStatus: true, hasScale: false },
  { kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', namespaced: false, shortNames: [], hasStatus: false, hasScale: false },
  { kind: 'Lease', group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespaced: true, shortNames: [], hasStatus: false, hasScale: false },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true, shortNames: ['rs'], hasStatus: true, hasScale: true },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true, shortNames: ['deploy'], hasStatus: true, hasScale: true },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], hasStatus: true, hasScale: false },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], hasStatus: true, hasScale: true },
  { kind: 'ControllerRevision', group: 'apps', version: 'v1', plural: 'controllerrevisions', namespaced: true, shortNames: [], hasStatus: false, hasScale: false },
  { kind: 'PersistentVolumeClaim', group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], hasStatus: true, hasScale: false },
  { kind: 'PersistentVolume', group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], hasStatus: true, hasScale: false },
  { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false, shortNames: ['sc'], hasStatus: false, hasScale: false },
  { kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], hasStatus: true, hasScale: false },
  { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs', namespaced: true, shortNames: [], hasStatus: true, hasScale: false },
];

const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

export function allResources(): readonly ResourceInfo[] {
  return RESOURCES;
}

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The resource for a kind, or undefined when the kind is not served in that apiVersion. */
export function resourceFor(apiVersion: string, kind: string): ResourceInfo | undefined {
  const r = byKind.get(kind);
  return r && apiVersionOf(r) === apiVersion ? r : undefined;
}

export function resourceForKind(kind: string): ResourceInfo {
  const r = byKind.get(kind);
  if (!r) throw new Error(`engine bug: kind ${kind} is not registered`);
  return r;
}

/** `pods`, `replicasets.apps`: how the API server names a resource in NotFound / AlreadyExists. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** `Pod`, `ReplicaSet.apps`: how the API server names a kind in Invalid messages. */
export function qualifiedKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}
