/**
 * Reading a cluster value: get, list with label selectors, events. Selectors in the Redux
 * sense: derived views computed on demand, never stored.
 */
import { KObject } from './api/types';
import { Cluster, ClusterEvent, timestamp } from './cluster';
import { resourceForKind } from './api/resources';
import { isPodActive, isPodAvailable } from './node/pod-status';
import { matches, parseSelector, Selector } from './api/labels';
import { byUid, controllerOf, dependentsOf, getObject, listAllNamespaces, listObjects, objectKey } from './store/store';

export function getResource(c: Cluster, kind: string, name: string, namespace = 'default'): KObject | undefined {
  const r = resourceForKind(kind);
  return getObject(c.store, objectKey(kind, r.namespaced ? namespace : '', name));
}

export interface ListOptions {
  /** a namespace, or '*' for all; defaults to `default` for namespaced kinds */
  namespace?: string;
  /** a kubectl `-l` selector string, or a parsed selector */
  selector?: string | Selector;
}

export class SelectorError extends Error {}

export function listResources(c: Cluster, kind: string, options: ListOptions = {}): KObject[] {
  const r = resourceForKind(kind);
  const ns = r.namespaced ? options.namespace ?? 'default' : '';
  // events live beside the store (aggregated by the recorder); listed as the API serves them, in name order
  const all =
    kind === 'Event'
      ? eventsOf(c).map(eventObject).filter((e) => ns === '*' || e.metadata.namespace === ns).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))
      : ns === '*'
        ? listAllNamespaces(c.store, kind)
        : listObjects(c.store, kind, ns);
  if (options.selector === undefined) return all;
  let selector: Selector;
  if (typeof options.selector === 'string') {
    const parsed = parseSelector(options.selector);
    if ('error' in parsed) throw new SelectorError(parsed.error);
    selector = parsed;
  } else selector = options.selector;
  return all.filter((o) => matches(selector, o.metadata.labels));
}

/** The pods a ReplicaSet (or any owner) controls, by owner reference. */
export function controlledPods(c: Cluster, owner: KObject): KObject[] {
  return dependentsOf(c.store, owner.metadata.uid!).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === owner.metadata.uid);
}

export { selectorOf } from './controllers/replicaset';

/** Events in the order they were last recorded; with an object, only those about it (by uid, as describe selects them). */
export function eventsOf(c: Cluster, involved?: KObject): ClusterEvent[] {
  const all = c.events.valueSeq().toArray();
  return (involved ? all.filter((e) => e.involvedUid === involved.metadata.uid) : all).sort((a, b) => a.seq - b.seq);
}

/**
 * A Deployment's pods as its rollout bounds count them: those that exist and are not terminating,
 * how many of those are available, and how many of its ReplicaSets have any pod at all.
 */
export function deploymentPodCounts(c: Cluster, d: KObject): { pods: number; available: number; replicaSetsWithPods: number } {
  let pods = 0, available = 0, replicaSetsWithPods = 0;
  const minReady = d.spec?.minReadySeconds ?? 0;
  for (const rs of dependentsOf(c.store, d.metadata.uid!)) {
    if (rs.kind !== 'ReplicaSet' || controllerOf(rs)?.uid !== d.metadata.uid) continue;
    const owned = controlledPods(c, rs);
    if (owned.length) replicaSetsWithPods++;
    for (const pod of owned) {
      if (!isPodActive(pod)) continue;
      pods++;
      if (isPodAvailable(pod, minReady, c.now)) available++;
    }
  }
  return { pods, available, replicaSetsWithPods };
}

/** The ReplicaSets a Deployment controls, by name (found through its dependents, not by listing every ReplicaSet). */
export function replicaSetsOf(c: Cluster, d: KObject): KObject[] {
  return dependentsOf(c.store, d.metadata.uid!)
    .filter((rs) => rs.kind === 'ReplicaSet' && controllerOf(rs)?.uid === d.metadata.uid)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/** An object's controllers, nearest first: a pod's ReplicaSet, then that ReplicaSet's Deployment. */
export function controllerChain(c: Cluster, obj: KObject): KObject[] {
  const chain: KObject[] = [];
  for (let ref = controllerOf(obj); ref; ) {
    const owner = byUid(c.store, ref.uid);
    if (!owner || chain.includes(owner)) break;
    chain.push(owner);
    ref = controllerOf(owner);
  }
  return chain;
}

/**
 * An event as the API serves it (core/v1 Event, recorded by client-go's event recorder): named
 * `<object>.<hex of its first time in ns>`, in its object's namespace (`default` for cluster-scoped
 * objects), with the source's component and host.
 */
export function eventObject(e: ClusterEvent): KObject {
  const [kind, namespace, name] = e.involved.split('/');
  const [component, host] = e.source.split('/');
  const r = resourceForKind(kind);
  const nanos = BigInt(e.firstTimestamp) * 1_000_000n + BigInt(e.seq % 1_000_000);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${nanos.toString(16)}`, namespace: namespace || 'default', creationTimestamp: timestamp(e.firstTimestamp), resourceVersion: String(e.seq) },
    involvedObject: { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind, name, uid: e.involvedUid, ...(namespace ? { namespace } : {}) },
    reason: e.reason,
    message: e.message,
    source: { component, ...(host ? { host } : {}) },
    firstTimestamp: timestamp(e.firstTimestamp),
    lastTimestamp: timestamp(e.lastTimestamp),
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  };
}
