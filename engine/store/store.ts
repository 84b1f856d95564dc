/**
 * The object store: a persistent map of API objects plus the indexes the controllers query.
 * Every update returns a new Store that shares structure with the old one (immutable.js), so a
 * write costs O(log n) and keeping old cluster values (history, traces, shrinking) is cheap.
 */
import { Map as IMap, Set as ISet } from 'immutable';
import { KObject, OwnerReference } from '../api/types';

/** `Pod/default/web-1`, `Node//w1-k8s`: the one key format used everywhere in the engine. */
export type ObjectKey = string;

export function objectKey(kind: string, namespace: string | undefined, name: string): ObjectKey {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function keyOf(obj: KObject): ObjectKey {
  return objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '');
}

export function parseKey(key: ObjectKey): { kind: string; namespace: string; name: string } {
  const [kind, namespace, ...rest] = key.split('/');
  return { kind, namespace, name: rest.join('/') };
}

/** Requests (cpu in millicores, memory in bytes) of the pods bound to a node, kept as pods come and go. */
export interface NodeUsage {
  cpu: number;
  memory: number;
  /** the scheduler's scoring uses non-zero defaults (100m, 200MB) for containers without requests */
  nonZeroCpu: number;
  nonZeroMemory: number;
  pods: number;
}

export interface Store {
  readonly objects: IMap<ObjectKey, KObject>;
  /** `Kind/namespace` -> keys: list by kind within a namespace without scanning the cluster */
  readonly byKindNamespace: IMap<string, ISet<ObjectKey>>;
  readonly byUid: IMap<string, ObjectKey>;
  /** owner uid -> keys of the objects that name it in ownerReferences */
  readonly dependents: IMap<string, ISet<ObjectKey>>;
  /** `Kind/namespace` -> keys of objects without a controller reference (adoption candidates) */
  readonly orphans: IMap<string, ISet<ObjectKey>>;
  /** node name -> keys of the pods bound to it; '' holds the pods not yet scheduled */
  readonly podsByNode: IMap<string, ISet<ObjectKey>>;
  readonly nodeUsage: IMap<string, NodeUsage>;
}

export const emptyStore: Store = {
  objects: IMap(),
  byKindNamespace: IMap(),
  byUid: IMap(),
  dependents: IMap(),
  orphans: IMap(),
  podsByNode: IMap(),
  nodeUsage: IMap(),
};

const EMPTY_SET: ISet<ObjectKey> = ISet();

function addTo(index: IMap<string, ISet<ObjectKey>>, bucket: string, key: ObjectKey) {
  return index.update(bucket, EMPTY_SET, (s) => s.add(key));
}

function removeFrom(index: IMap<string, ISet<ObjectKey>>, bucket: string, key: ObjectKey) {
  const s = index.get(bucket);
  if (!s) return index;
  const next = s.delete(key);
  return next.size ? index.set(bucket, next) : index.delete(bucket);
}

export function controllerOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** Parses a Kubernetes quantity (`100m`, `1.5`, `128Mi`, `1G`) into a number of base units. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return 0;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return 0;
  const n = parseFloat(m[1]);
  const factor: Record<string, number> = {
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
  };
  return n * (m[2] ? factor[m[2]] : 1);
}

/** Sum of container requests (init containers: the max, as the scheduler computes it). */
export function podRequests(pod: KObject): NodeUsage {
  let cpu = 0, memory = 0, nonZeroCpu = 0, nonZeroMemory = 0;
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    const req = c.resources?.requests ?? {};
    const rc = req.cpu !== undefined ? Math.round(parseQuantity(req.cpu) * 1000) : 0;
    const rm = req.memory !== undefined ? parseQuantity(req.memory) : 0;
    cpu += rc;
    memory += rm;
    // pkg/scheduler/util/pod_resources.go: DefaultMilliCPURequest 100, DefaultMemoryRequest 200MB
    nonZeroCpu += req.cpu !== undefined ? rc : 100;
    nonZeroMemory += req.memory !== undefined ? rm : 200 * 1024 * 1024;
  }
  for (const c of (pod.spec?.initContainers ?? []) as any[]) {
    const req = c.resources?.requests ?? {};
    cpu = Math.max(cpu, req.cpu !== undefined ? Math.round(parseQuantity(req.cpu) * 1000) : 0);
    memory = Math.max(memory, req.memory !== undefined ? parseQuantity(req.memory) : 0);
  }
  return { cpu, memory, nonZeroCpu, nonZeroMemory, pods: 1 };
}

/** A pod that still holds node resources: bound and not finished. */
function holdsNodeResources(obj: KObject): boolean {
  return obj.kind === 'Pod' && !!obj.spec?.nodeName && obj.status?.phase !== 'Succeeded' && obj.status?.phase !== 'Failed';
}

function addUsage(usage: IMap<string, NodeUsage>, node: string, pod: KObject, sign: 1 | -1) {
  const r = podRequests(pod);
  return usage.update(node, { cpu: 0, memory: 0, nonZeroCpu: 0, nonZeroMemory: 0, pods: 0 }, (u) => ({
    cpu: u.cpu + sign * r.cpu,
    memory: u.memory + sign * r.memory,
    nonZeroCpu: u.nonZeroCpu + sign * r.nonZeroCpu,
    nonZeroMemory: u.nonZeroMemory + sign * r.nonZeroMemory,
    pods: u.pods + sign,
  }));
}

function unindex(store: Store, key: ObjectKey, obj: KObject): Store {
  const bucket = `${obj.kind}/${obj.metadata.namespace ?? ''}`;
  let { byKindNamespace, byUid, dependents, orphans, podsByNode, nodeUsage } = store;
  byKindNamespace = removeFrom(byKindNamespace, bucket, key);
  if (obj.metadata.uid) byUid = byUid.delete(obj.metadata.uid);
  for (const ref of obj.metadata.ownerReferences ?? []) dependents = removeFrom(dependents, ref.uid, key);
  if (!controllerOf(obj)) orphans = removeFrom(orphans, bucket, key);
  if (obj.kind === 'Pod') {
    podsByNode = removeFrom(podsByNode, obj.spec?.nodeName ?? '', key);
    if (holdsNodeResources(obj)) nodeUsage = addUsage(nodeUsage, obj.spec.nodeName, obj, -1);
  }
  return { objects: store.objects, byKindNamespace, byUid, dependents, orphans, podsByNode, nodeUsage };
}

function index(store: Store, key: ObjectKey, obj: KObject): Store {
  const bucket = `${obj.kind}/${obj.metadata.namespace ?? ''}`;
  let { byKindNamespace, byUid, dependents, orphans, podsByNode, nodeUsage } = store;
  byKindNamespace = addTo(byKindNamespace, bucket, key);
  if (obj.metadata.uid) byUid = byUid.set(obj.metadata.uid, key);
  for (const ref of obj.metadata.ownerReferences ?? []) dependents = addTo(dependents, ref.uid, key);
  if (!controllerOf(obj)) orphans = addTo(orphans, bucket, key);
  if (obj.kind === 'Pod') {
    podsByNode = addTo(podsByNode, obj.spec?.nodeName ?? '', key);
    if (holdsNodeResources(obj)) nodeUsage = addUsage(nodeUsage, obj.spec.nodeName, obj, 1);
  }
  return { objects: store.objects, byKindNamespace, byUid, dependents, orphans, podsByNode, nodeUsage };
}

/**
 * True when nothing an index looks at differs: the common case of a status or label write,
 * which then costs one map update instead of a round of index changes.
 */
function sameIndexEntries(prev: KObject, obj: KObject): boolean {
  if (prev.metadata.uid !== obj.metadata.uid) return false;
  const a = prev.metadata.ownerReferences ?? [];
  const b = obj.metadata.ownerReferences ?? [];
  if (a !== b && (a.length !== b.length || a.some((r, i) => r.uid !== b[i].uid || r.controller !== b[i].controller))) return false;
  if (prev.kind !== 'Pod') return true;
  return prev.spec === obj.spec && holdsNodeResources(prev) === holdsNodeResources(obj);
}

/** Inserts or replaces an object, keeping every index in step. */
export function putObject(store: Store, obj: KObject): Store {
  const key = keyOf(obj);
  const prev = store.objects.get(key);
  if (prev && sameIndexEntries(prev, obj)) return { ...store, objects: store.objects.set(key, obj) };
  const base = prev ? unindex(store, key, prev) : store;
  const indexed = index(base, key, obj);
  return { ...indexed, objects: store.objects.set(key, obj) };
}

export function removeObject(store: Store, key: ObjectKey): Store {
  const prev = store.objects.get(key);
  if (!prev) return store;
  const base = unindex(store, key, prev);
  return { ...base, objects: store.objects.delete(key) };
}

export function getObject(store: Store, key: ObjectKey): KObject | undefined {
  return store.objects.get(key);
}

/** Objects of a kind in a namespace ('' for cluster-scoped kinds), sorted by name as etcd returns them. */
export function listObjects(store: Store, kind: string, namespace: string): KObject[] {
  const keys = store.byKindNamespace.get(`${kind}/${namespace}`);
  if (!keys) return [];
  return keys
    .toArray()
    .sort()
    .map((k) => store.objects.get(k)!)
    .filter(Boolean);
}

/** Objects of a kind in every namespace, sorted by namespace then name. */
export function listAllNamespaces(store: Store, kind: string): KObject[] {
  const out: KObject[] = [];
  const buckets = store.byKindNamespace.keySeq().filter((b) => b.startsWith(`${kind}/`)).toArray().sort();
  for (const b of buckets) out.push(...listObjects(store, kind, b.slice(kind.length + 1)));
  return out;
}

export function dependentsOf(store: Store, uid: string): KObject[] {
  const keys = store.dependents.get(uid);
  if (!keys) return [];
  return keys.toArray().sort().map((k) => store.objects.get(k)!).filter(Boolean);
}

export function orphansOf(store: Store, kind: string, namespace: string): KObject[] {
  const keys = store.orphans.get(`${kind}/${namespace}`);
  if (!keys) return [];
  return keys.toArray().sort().map((k) => store.objects.get(k)!).filter(Boolean);
}

export function podsOnNode(store: Store, node: string): KObject[] {
  const keys = store.podsByNode.get(node);
  if (!keys) return [];
  return keys.toArray().sort().map((k) => store.objects.get(k)!).filter(Boolean);
}

export function byUid(store: Store, uid: string): KObject | undefined {
  const key = store.byUid.get(uid);
  return key ? store.objects.get(key) : undefined;
}
