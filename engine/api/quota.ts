/**
 * ResourceQuota: what objects cost in a namespace and the admission check
 * (k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go, pkg/quota/v1/evaluator/core).
 * A pod costs `pods` 1 and its containers' requests and limits (`cpu` and `memory` mean the
 * requests); a finished pod, or one past its deletion grace period, costs nothing. Other kinds
 * cost 1 of their count (`services`, `configmaps`, `count/deployments.apps`, ...), and Services
 * their node ports and load balancers. A create that would take a quota past its hard limit is
 * refused with the API server's words, as is a pod that leaves out a request or limit a quota
 * constrains.
 */
import { KObject } from './types';
import { listObjects, parseQuantity, Store } from '../store/store';
import { resourceForKind } from './resources';
import { isPodTerminal, podQosClass } from '../node/pod-status';

type Usage = Map<string, number>;

/** The count names a kind answers to: `services` and `count/services`, `count/deployments.apps`. */
function countNames(kind: string): string[] {
  const r = resourceForKind(kind);
  const qualified = r.group ? `${r.plural}.${r.group}` : r.plural;
  const legacy = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'];
  return [`count/${qualified}`, ...(legacy.includes(r.plural) && !r.group ? [r.plural] : [])];
}

/** QuotaV1Pod: whether a pod still counts against quota at `now`. */
function podCharged(pod: KObject, now: number): boolean {
  if (isPodTerminal(pod)) return false;
  const meta = pod.metadata;
  if (meta.deletionTimestamp && meta.deletionGracePeriodSeconds !== undefined) return now < Date.parse(meta.deletionTimestamp);
  return true;
}

function sumContainers(pod: KObject, field: 'requests' | 'limits', resource: 'cpu' | 'memory'): number {
  let total = 0;
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    const v = c.resources?.[field]?.[resource];
    if (v !== undefined) total += resource === 'cpu' ? Math.round(parseQuantity(v) * 1000) : parseQuantity(v);
  }
  // init containers run one at a time: the largest counts when it is more than the rest
  for (const c of (pod.spec?.initContainers ?? []) as any[]) {
    const v = c.resources?.[field]?.[resource];
    if (v !== undefined) total = Math.max(total, resource === 'cpu' ? Math.round(parseQuantity(v) * 1000) : parseQuantity(v));
  }
  return total;
}

/** What one object costs (cpu in millicores, memory in bytes, counts as numbers). */
export function usageOf(obj: KObject, now: number): Usage {
  const u: Usage = new Map();
  if (obj.kind === 'Pod' && !podCharged(obj, now)) return u;
  for (const name of countNames(obj.kind)) u.set(name, 1);
  if (obj.kind === 'Pod') {
    const cpuReq = sumContainers(obj, 'requests', 'cpu'), memReq = sumContainers(obj, 'requests', 'memory');
    u.set('requests.cpu', cpuReq).set('cpu', cpuReq).set('requests.memory', memReq).set('memory', memReq);
    u.set('limits.cpu', sumContainers(obj, 'limits', 'cpu')).set('limits.memory', sumContainers(obj, 'limits', 'memory'));
  }
  if (obj.kind === 'Service') {
    const ports = (obj.spec?.ports ?? []).length;
    u.set('services.nodeports', obj.spec?.type === 'NodePort' || obj.spec?.type === 'LoadBalancer' ? ports : 0);
    u.set('services.loadbalancers', obj.spec?.type === 'LoadBalancer' ? 1 : 0);
  }
  if (obj.kind === 'PersistentVolumeClaim') u.set('requests.storage', parseQuantity(obj.spec?.resources?.requests?.storage));
  return u;
}

/** The kinds whose objects a quota's resource names count. */
const COUNTED_KINDS = ['Pod', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ReplicationController', 'ResourceQuota', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Ingress'];

/** A namespace's usage of the resources a quota lists (of the objects in its scopes). */
export function namespaceUsage(store: Store, namespace: string, resources: string[], now: number, quota?: KObject): Usage {
  const used: Usage = new Map(resources.map((r) => [r, 0]));
  for (const kind of COUNTED_KINDS) {
    for (const obj of listObjects(store, kind, namespace)) {
      if (quota && !inScope(quota, obj)) continue;
      for (const [k, v] of usageOf(obj, now)) if (used.has(k)) used.set(k, used.get(k)! + v);
    }
  }
  return used;
}

const isCpu = (r: string) => r === 'cpu' || r.endsWith('.cpu');
const isBytes = (r: string) => r === 'memory' || r.endsWith('.memory') || r.endsWith('.storage') || r.endsWith('ephemeral-storage');

/** A quantity as resource.Quantity prints it: `500m`, `1`, `256Mi`, `1G`. */
export function formatQuantity(resource: string, n: number): string {
  if (isCpu(resource)) return n % 1000 === 0 ? String(n / 1000) : `${n}m`;
  if (!isBytes(resource) || n === 0) return String(n);
  for (const [suffix, f] of [['Ei', 1024 ** 6], ['Pi', 1024 ** 5], ['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (n % f === 0) return `${n / f}${suffix}`;
  for (const [suffix, f] of [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) if (n % f === 0) return `${n / f}${suffix}`;
  return String(n);
}

/** A quota's hard limit in the units usageOf counts. */
function hardValue(resource: string, text: unknown): number {
  const n = parseQuantity(text);
  return isCpu(resource) ? Math.round(n * 1000) : n;
}

/** The resources a pod's containers must state when a quota constrains them (podComputeUsageHelper's required set). */
const REQUIRED: Record<string, ['requests' | 'limits', 'cpu' | 'memory']> = {
  cpu: ['requests', 'cpu'],
  'requests.cpu': ['requests', 'cpu'],
  memory: ['requests', 'memory'],
  'requests.memory': ['requests', 'memory'],
  'limits.cpu': ['limits', 'cpu'],
  'limits.memory': ['limits', 'memory'],
};

/**
 * Whether a quota's scopes take in this object (podMatchesScopeFunc): scopes are about pods only,
 * and a pod must match every one. Terminating: it has an activeDeadlineSeconds; BestEffort: no
 * container states a request or limit.
 */
export function inScope(q: KObject, obj: KObject): boolean {
  const scopes: string[] = q.spec?.scopes ?? [];
  if (!scopes.length) return true;
  if (obj.kind !== 'Pod') return false;
  const terminating = obj.spec?.activeDeadlineSeconds != null && obj.spec.activeDeadlineSeconds >= 0;
  const bestEffort = podQosClass(obj) === 'BestEffort';
  return scopes.every((s) => (s === 'Terminating' ? terminating : s === 'NotTerminating' ? !terminating : s === 'BestEffort' ? bestEffort : s === 'NotBestEffort' ? !bestEffort : false));
}

/**
 * The admission check for an object being created: undefined when every quota of its namespace
 * has room, else the reason (`exceeded quota: ...` or `failed quota: ...: must specify ...`).
 */
export function quotaRefusal(store: Store, obj: KObject, now: number): string | undefined {
  const ns = obj.metadata.namespace ?? 'default';
  const quotas = listObjects(store, 'ResourceQuota', ns).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  if (!quotas.length) return undefined;
  const requested = usageOf(obj, now);
  for (const q of quotas) {
    if (!inScope(q, obj)) continue;
    const hard = (q.spec?.hard ?? {}) as Record<string, unknown>;
    const names = Object.keys(hard).sort();
    if (obj.kind === 'Pod') {
      const missing = new Map<string, string[]>();
      for (const r of names) {
        const need = REQUIRED[r];
        if (!need) continue;
        const lacking = ((obj.spec?.containers ?? []) as any[]).filter((c) => c.resources?.[need[0]]?.[need[1]] === undefined).map((c) => c.name);
        if (lacking.length) missing.set(`${need[0]}.${need[1]}`, lacking);
      }
      if (missing.size) return `failed quota: ${q.metadata.name}: must specify ${[...missing.keys()].sort().map((k) => `${k} for: ${missing.get(k)!.join(',')}`).join('; ')}`;
    }
    const relevant = names.filter((r) => (requested.get(r) ?? 0) > 0);
    if (!relevant.length) continue;
    const used = namespaceUsage(store, ns, relevant, now, q);
    const failed = relevant.filter((r) => used.get(r)! + requested.get(r)! > hardValue(r, hard[r]));
    if (failed.length) {
      const show = (f: (r: string) => string) => failed.map((r) => `${r}=${f(r)}`).join(',');
      return `exceeded quota: ${q.metadata.name}, requested: ${show((r) => formatQuantity(r, requested.get(r)!))}, used: ${show((r) => formatQuantity(r, used.get(r)!))}, limited: ${show((r) => String(hard[r]))}`;
    }
  }
  return undefined;
}
