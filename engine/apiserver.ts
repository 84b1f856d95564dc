/**
 * The API server: the only place the cluster value changes. `dispatch` takes one action, checks
 * it as kube-apiserver would (decoding, defaulting, validation, preconditions) and either writes
 * the result or answers with a Status, leaving the cluster exactly as it was.
 */
import { admitCreate } from './api/admission';
import { quotaRefusal } from './api/quota';
import { allocateServiceValues } from './network/service-alloc';
import { KObject, Status } from './api/types';
import { Action, EventTemplate, ObjectRef, Outcome, PropagationPolicy } from './actions';
import { Cluster, ClusterEvent, emptyAgent, microTime, NODE_LEASE_NAMESPACE, nodeLease, timestamp } from './cluster';
import { ObjectKey, getObject, keyOf, objectKey, putObject, removeObject } from './store/store';
import { ResourceInfo, resourceFor, resourceForKind } from './api/resources';
import * as status from './api/status';
import { clone, jsonEqual } from './api/json';
import { applyDefaults, DAEMONSET_TEMPLATE_GENERATION } from './api/defaults';
import { validateCreate, validateUpdate, warningsForCreate } from './api/validation';
import { decodeProblems } from './api/schema';
import { prepareJobForCreate } from './api/validation/jobs';
import { applyManifest, annotateLastApplied } from './api/apply';
import { jsonMergePatch, jsonPatch, strategicMergePatch } from './api/patch';
import { generateName, uuid } from './random';
import { isPodTerminal, podQosClass } from './node/pod-status';
import type { PodRuntime } from './node/runtime';
import type { LoopFault, PendingFault } from './faults';

/** Kinds whose metadata.generation counts spec changes (Pods got one only in 1.33). */
const GENERATION_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'IngressClass']);

export const FINALIZER_FOREGROUND = 'foregroundDeletion';
export const FINALIZER_ORPHAN = 'orphan';

export interface Dispatched {
  cluster: Cluster;
  outcome: Outcome;
}

const ok = (object?: KObject, result?: 'created' | 'configured' | 'unchanged' | 'deleted', warnings: string[] = []): Outcome => ({
  ok: true,
  object,
  result,
  warnings,
});
const fail = (s: Status): Outcome => ({ ok: false, status: s });

/** reduce(cluster, action) -> cluster: the pure state transition. */
export function reduce(cluster: Cluster, action: Action): Cluster {
  return dispatch(cluster, action).cluster;
}

export function dispatch(cluster: Cluster, action: Action): Dispatched {
  const r = handle(cluster, action);
  const entry = {
    at: cluster.now,
    actor: action.actor ?? 'user',
    type: action.type,
    key: traceKey(action, r.outcome),
    outcome: r.outcome.ok ? r.outcome.result ?? 'ok' : r.outcome.status.reason,
  };
  // Handlers answer a rejection with the cluster they were given (plus, for a controller, the
  // event that reports the failure), so a rejected request changes no object.
  return { cluster: { ...r.cluster, trace: r.cluster.trace.push(entry) }, outcome: r.outcome };
}

function traceKey(action: Action, outcome: Outcome): string {
  if (outcome.ok && outcome.object) return keyOf(outcome.object);
  switch (action.type) {
    case 'create':
    case 'apply':
    case 'replace':
    case 'updateStatus':
      return `${action.object.kind}/${action.object.metadata?.namespace ?? ''}/${action.object.metadata?.name ?? action.object.metadata?.generateName ?? ''}`;
    case 'patch':
    case 'delete':
    case 'scale':
    case 'bind':
      return `${action.ref.kind}/${action.ref.namespace ?? ''}/${action.ref.name}`;
    case 'runtime':
      return action.pod;
    case 'crash':
    case 'health':
    case 'files':
      return objectKey('Pod', action.pod.namespace ?? 'default', action.pod.name);
    case 'fault':
      return 'loop' in action.fault ? action.fault.loop : '';
    default:
      return '';
  }
}

function handle(c: Cluster, action: Action): Dispatched {
  switch (action.type) {
    case 'create':
      return withEvents(create(c, action.object), action.onSuccess, action.onFailure);
    case 'apply':
      return apply(c, action.object);
    case 'replace':
      return withEvents(update(c, action.object, { preconditionRv: action.object.metadata?.resourceVersion }), action.onSuccess, undefined);
    case 'patch':
      return patch(c, action.ref, action.patchType, action.patch, action.subresource);
    case 'delete':
      return withEvents(deleteObject(c, action.ref, action), action.onSuccess, undefined);
    case 'scale':
      return scale(c, action.ref, action.replicas);
    case 'updateStatus':
      return updateStatus(c, action.object);
    case 'bind':
      return bind(c, action.ref, action.node);
    case 'event':
      return { cluster: recordEvent(c, action.event), outcome: ok() };
    case 'runtime':
      return { cluster: setRuntime(c, action.pod, action.node, action.runtime), outcome: ok() };
    case 'nodeImage': {
      const agent = c.agents.get(action.node);
      if (!agent) return { cluster: c, outcome: ok() };
      return { cluster: { ...c, agents: c.agents.set(action.node, { ...agent, images: agent.images.set(action.image, action.sizeBytes) }) }, outcome: ok() };
    }
    case 'kubelet':
      return setKubelet(c, action.node, action.running);
    case 'reboot':
      return reboot(c, action.node);
    case 'netfilter':
    case 'networkRestart': {
      const agent = c.agents.get(action.node);
      if (!agent) return { cluster: c, outcome: fail(status.notFound(resourceForKind('Node'), action.node)) };
      const next = action.type === 'netfilter' ? { ...agent, brNetfilter: action.loaded } : { ...agent, networkBroken: !agent.brNetfilter };
      return { cluster: { ...c, agents: c.agents.set(action.node, next) }, outcome: ok() };
    }
    case 'fault':
      return injectFault(c, action.fault);
    case 'crash':
      return crash(c, action.pod, action.container, action.oomKilled ?? false);
    case 'health':
      return toggleHealth(c, action.pod, action.container, action.failing);
    case 'files':
      return changeFiles(c, action.pod, action.container, action.changes);
    case 'slowStart':
      return slowStart(c, action.actions);
    case 'sequence':
      return sequence(c, action.actions);
  }
}

/** Stores a pod's runtime state; the node's IP allocator follows it (an IP lives as long as the sandbox). */
function setRuntime(c: Cluster, pod: ObjectKey, node: string, runtime: PodRuntime | null): Cluster {
  const prev = c.runtime.get(pod);
  let agents = c.agents;
  const agent = agents.get(prev?.node ?? node);
  if (agent && prev && (!runtime || runtime.ipHost !== prev.ipHost)) {
    agents = agents.set(prev.node, { ...agent, ipsInUse: agent.ipsInUse.delete(prev.ipHost) });
  }
  const target = agents.get(node);
  if (target && runtime && runtime.ipHost && (!prev || prev.ipHost !== runtime.ipHost)) {
    agents = agents.set(node, { ...target, lastIp: runtime.ipHost, ipsInUse: target.ipsInUse.set(runtime.ipHost, pod) });
  }
  return { ...c, agents, runtime: runtime ? c.runtime.set(pod, runtime) : c.runtime.delete(pod) };
}

/**
 * `systemctl stop|start kubelet` on a node: a stopped kubelet does nothing; one that starts
 * syncs every pod it is responsible for at once, as a restarted kubelet lists its pods.
 */
function setKubelet(c: Cluster, node: string, running: boolean): Dispatched {
  const agent = c.agents.get(node);
  if (!agent) return { cluster: c, outcome: fail(status.notFound(resourceForKind('Node'), node)) };
  let timers = c.timers;
  if (running && !agent.kubeletRunning) {
    const keys = new Set<string>(c.store.podsByNode.get(node)?.toArray() ?? []);
    c.runtime.forEach((rt, key) => {
      if (rt.node === node) keys.add(key);
    });
    for (const key of keys) timers = timers.set(`kubelet|${key}`, { component: 'kubelet', key, at: c.now, kind: 'progress' });
  }
  // the node lifecycle controller notices a silent kubelet only when the grace period has run out: it looks then
  const lifecycle = `node-lifecycle-controller|${objectKey('Node', undefined, node)}`;
  if (!running && agent.kubeletRunning) timers = timers.set(lifecycle, { component: 'node-lifecycle-controller', key: objectKey('Node', undefined, node), at: c.now, kind: 'progress' });
  if (running && !agent.kubeletRunning) timers = timers.set(lifecycle, { component: 'node-lifecycle-controller', key: objectKey('Node', undefined, node), at: c.now, kind: 'progress' });
  const next = { ...agent, kubeletRunning: running, kubeletStoppedAt: running ? undefined : agent.kubeletRunning ? c.now : agent.kubeletStoppedAt };
  const changed = running !== agent.kubeletRunning;
  const c1: Cluster = { ...c, timers, agents: c.agents.set(node, next) };
  return { cluster: changed ? renewLease(c1, node) : c1, outcome: ok() };
}

/**
 * The kubelet renews its node's Lease every 10 s (a quarter of its 40 s duration). Those renewals
 * are written here only when the kubelet stops (its last one) and when it starts again: one write
 * per node every 10 s would cost more than the rest of a long run, and a running kubelet's Lease
 * is fresh by definition. The node lifecycle controller judges a node by this renewTime.
 */
function renewLease(c: Cluster, node: string): Cluster {
  const key = objectKey('Lease', NODE_LEASE_NAMESPACE, node);
  const live = getObject(c.store, key);
  if (live) return write(c, { ...live, spec: { ...live.spec, renewTime: microTime(c.now) } }, live)[0];
  const nodeObj = getObject(c.store, objectKey('Node', undefined, node));
  if (!nodeObj) return c;
  const [uid, rng] = uuid(c.rng);
  const lease = nodeLease(nodeObj, c.now);
  return write({ ...c, rng }, { ...lease, metadata: { ...lease.metadata, uid, creationTimestamp: timestamp(c.now) } }, undefined)[0];
}

/**
 * A node reboot: the runtime keeps its records of the containers, now exited (exit code 255,
 * reason Unknown, as containerd reports them after a restart), but the sandboxes and their IPs
 * are gone; the kubelet then starts and syncs every pod, re-creating each sandbox.
 */
function reboot(c: Cluster, node: string): Dispatched {
  const agent = c.agents.get(node);
  if (!agent) return { cluster: c, outcome: fail(status.notFound(resourceForKind('Node'), node)) };
  let runtime = c.runtime;
  let ipsInUse = agent.ipsInUse;
  c.runtime.forEach((rt, key) => {
    if (rt.node !== node) return;
    ipsInUse = ipsInUse.delete(rt.ipHost);
    const containers = rt.containers.map((ct) =>
      ct.phase === 'running' || ct.phase === 'starting' || ct.phase === 'stopping'
        ? { ...ct, phase: 'exited' as const, since: c.now, until: undefined, finishedAt: c.now, exitCode: 255, reason: 'Unknown' }
        : ct,
    );
    runtime = runtime.set(key, { ...rt, sandboxLost: true, containers });
  });
  // kubeadm's prerequisites load br_netfilter at boot (/etc/modules-load.d), so the network comes up whole
  const stopped = setKubelet({ ...c, runtime, agents: c.agents.set(node, { ...agent, ipsInUse, kubeletRunning: false, brNetfilter: true, networkBroken: false }) }, node, false).cluster;
  return setKubelet(stopped, node, true);
}

/** A fault for the control loops, pending until the loop next runs; a stale read keeps today's cluster as the cache it will read. */
function injectFault(c: Cluster, fault: LoopFault): Dispatched {
  const pending: PendingFault = fault.fault === 'staleRead' ? { ...fault, view: c } : fault;
  return { cluster: { ...c, faults: c.faults.push(pending) }, outcome: ok() };
}

/**
 * A change to the containers of a pod already on a node (a crash, a health toggle, exec'd file
 * changes): `change` gets the pod and its runtime and returns the new containers or a rejection;
 * the kubelet is woken at once to see it.
 */
function changeContainers(
  c: Cluster,
  ref: ObjectRef,
  change: (pod: KObject, rt: PodRuntime) => PodRuntime['containers'] | string,
): Dispatched {
  const key = objectKey('Pod', ref.namespace ?? 'default', ref.name);
  const pod = getObject(c.store, key);
  if (!pod) return { cluster: c, outcome: fail(status.notFound(resourceForKind('Pod'), ref.name)) };
  const rt = c.runtime.get(key);
  if (!rt) return { cluster: c, outcome: fail(status.badRequest(`pod "${ref.name}" has not started on a node`)) };
  const containers = change(pod, rt);
  if (typeof containers === 'string') return { cluster: c, outcome: fail(status.badRequest(containers)) };
  const timers = c.timers.set(`kubelet|${key}`, { component: 'kubelet', key, at: c.now, kind: 'progress' });
  return { cluster: { ...c, timers, runtime: c.runtime.set(key, { ...rt, containers }) }, outcome: ok(pod) };
}

/**
 * A container's process dies on its own (a crash, or the OOM killer's SIGKILL): the runtime
 * records the exit and the kubelet, woken at once, restarts it as the pod's restartPolicy says.
 */
function crash(c: Cluster, ref: ObjectRef, container: string | undefined, oomKilled: boolean): Dispatched {
  return changeContainers(c, ref, (pod, rt) => {
    const index = rt.containers.findIndex((ct) => ct.phase === 'running' && (container === undefined || ct.name === container));
    if (index < 0 || pod.metadata.deletionTimestamp) return `pod "${ref.name}" has ${container === undefined ? 'no running container' : `no running container "${container}"`}`;
    return rt.containers.map((ct, i) =>
      i === index
        ? { ...ct, phase: 'exited' as const, since: c.now, until: undefined, finishedAt: c.now, exitCode: oomKilled ? 137 : 1, reason: oomKilled ? 'OOMKilled' : 'Error' }
        : ct,
    );
  });
}

/** A step's stand-in for an application whose health checks start or stop failing: the kubelet's prober sees it from now on. */
function toggleHealth(c: Cluster, ref: ObjectRef, container: string | undefined, failing: boolean): Dispatched {
  return changeContainers(c, ref, (_pod, rt) => {
    if (container !== undefined && !rt.containers.some((ct) => ct.name === container)) return `container ${container} is not valid for pod ${ref.name}`;
    return rt.containers.map((ct) =>
      container === undefined || ct.name === container ? { ...ct, healthToggles: [...(ct.healthToggles ?? []), { at: c.now, failing }] } : ct,
    );
  });
}

/** Files changed inside a running container; probes that run after this instant see them. */
function changeFiles(c: Cluster, ref: ObjectRef, container: string, changes: { path: string; exists: boolean }[]): Dispatched {
  return changeContainers(c, ref, (_pod, rt) => {
    if (!rt.containers.some((ct) => ct.name === container && ct.phase === 'running')) return `pod "${ref.name}" has no running container "${container}"`;
    const at = c.now + 1;
    return rt.containers.map((ct) =>
      ct.name === container ? { ...ct, fileOps: [...(ct.fileOps ?? []).filter((f) => f.at >= (ct.startedAt ?? 0)), ...changes.map((x) => ({ at, ...x }))] } : ct,
    );
  });
}

/**
 * Upstream's slowStartBatch (pkg/controller/replicaset/replica_set.go): send 1, then 2, 4, ...
 * actions; after a batch with a failure, skip the rest, so a quota error costs one call, not 500.
 */
function slowStart(c: Cluster, actions: Action[]): Dispatched {
  let cluster = c;
  let done = 0;
  let failed: Outcome | undefined;
  for (let batch = 1; done < actions.length && !failed; batch *= 2) {
    for (const a of actions.slice(done, done + batch)) {
      const r = dispatch(cluster, a);
      cluster = r.cluster;
      if (!r.outcome.ok && !failed) failed = r.outcome;
    }
    done += batch;
  }
  return { cluster, outcome: failed ?? ok() };
}

/** Calls that depend on each other: each is sent only if the one before succeeded (a controller returns on its first error). */
function sequence(c: Cluster, actions: Action[]): Dispatched {
  let cluster = c;
  for (const a of actions) {
    const r = dispatch(cluster, a);
    cluster = r.cluster;
    if (!r.outcome.ok && !(a.ignoreNotFound && r.outcome.status.code === 404)) return { cluster, outcome: r.outcome };
  }
  return { cluster, outcome: ok() };
}

function withEvents(r: Dispatched, onSuccess?: EventTemplate, onFailure?: EventTemplate): Dispatched {
  if (r.outcome.ok && onSuccess) {
    const name = r.outcome.object?.metadata.name ?? '';
    return { cluster: recordEvent(r.cluster, { ...onSuccess, message: onSuccess.message.replace('$name', name) }), outcome: r.outcome };
  }
  if (!r.outcome.ok && onFailure) {
    // the failed request changed nothing, but the controller reports it
    return { cluster: recordEvent(r.cluster, { ...onFailure, message: onFailure.message.replace('$error', r.outcome.status.message) }), outcome: r.outcome };
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// decoding

interface Decoded {
  r: ResourceInfo;
  obj: KObject;
}

/** What the API server's decoder and routing check before anything else. */
function decode(c: Cluster, input: KObject): Decoded | Status {
  if (!input || typeof input !== 'object') return status.badRequest('the body of the request was in an unknown format');
  if (!input.kind) return status.badRequest(`Object 'Kind' is missing in '${JSON.stringify(input)}'`);
  if (!input.apiVersion) return status.badRequest(`'apiVersion' is missing in '${JSON.stringify(input)}'`);
  const r = resourceFor(input.apiVersion, input.kind);
  if (!r) return status.notFoundKind(input.apiVersion, input.kind);
  // the decoder fails on a value of the wrong type first; strict field validation then lists unknown fields
  const problems = decodeProblems(input);
  const cannot = `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}`;
  if (problems.typeError) return status.badRequest(`${cannot}: ${problems.typeError}`);
  if (problems.unknown.length) {
    return status.badRequest(`${cannot}: strict decoding error: ${problems.unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  const obj = clone(input);
  obj.metadata = { ...(obj.metadata ?? {}) };
  if (r.namespaced) {
    obj.metadata.namespace = obj.metadata.namespace || 'default';
    const ns = getObject(c.store, objectKey('Namespace', '', obj.metadata.namespace));
    if (!ns) return status.notFound(resourceForKind('Namespace'), obj.metadata.namespace);
  } else {
    delete obj.metadata.namespace;
  }
  return { r, obj };
}

function namespaceOf(r: ResourceInfo, ref: ObjectRef): string {
  return r.namespaced ? ref.namespace || 'default' : '';
}

// ---------------------------------------------------------------------------------------------
// writes

function nextRv(c: Cluster): [Cluster, string] {
  const rv = c.resourceVersion + 1;
  return [{ ...c, resourceVersion: rv }, String(rv)];
}

function markDirty(c: Cluster, key: ObjectKey, prev: KObject | undefined): Cluster {
  return c.dirty.has(key) ? c : { ...c, dirty: c.dirty.set(key, prev ?? null) };
}

function write(c0: Cluster, obj: KObject, prev: KObject | undefined): [Cluster, KObject] {
  const [c1, rv] = nextRv(c0);
  const stored: KObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: rv } };
  const key = keyOf(stored);
  const c2 = markDirty(c1, key, prev);
  return [{ ...c2, store: putObject(c2.store, stored) }, stored];
}

function erase(c0: Cluster, obj: KObject): Cluster {
  const key = keyOf(obj);
  const [c1] = nextRv(c0);
  const c2 = markDirty(c1, key, obj);
  return { ...c2, store: removeObject(c2.store, key) };
}

/** The name the event recorder aggregates by (client-go tools/record/events_cache.go). */
export function recordEvent(c: Cluster, e: EventTemplate): Cluster {
  const type = e.type ?? 'Normal';
  const aggKey = `${e.source}|${e.involved.kind}/${e.involved.namespace ?? ''}/${e.involved.name}|${e.involvedUid}|${type}|${e.reason}|${e.message}`;
  const prev = c.events.get(aggKey);
  const event: ClusterEvent = prev
    ? { ...prev, count: prev.count + (e.count ?? 1), lastTimestamp: e.lastAt ?? c.now, seq: c.eventSeq + 1 }
    : {
        seq: c.eventSeq + 1,
        type,
        reason: e.reason,
        message: e.message,
        involved: objectKey(e.involved.kind, e.involved.namespace, e.involved.name),
        involvedUid: e.involvedUid,
        source: e.source,
        count: e.count ?? 1,
        firstTimestamp: e.firstAt ?? c.now,
        lastTimestamp: e.lastAt ?? c.now,
      };
  return { ...c, eventSeq: c.eventSeq + 1, events: c.events.set(aggKey, event) };
}

// ---------------------------------------------------------------------------------------------
// create

function create(c0: Cluster, input: KObject): Dispatched {
  const d = decode(c0, input);
  if ('code' in d) return { cluster: c0, outcome: fail(d) };
  const { r, obj } = d;
  let c = c0;
  if (obj.metadata.resourceVersion) {
    return { cluster: c0, outcome: fail(status.badRequest('resourceVersion should not be set on objects to be created')) };
  }
  if (!obj.metadata.name && obj.metadata.generateName) {
    const [name, rng] = generateName(obj.metadata.generateName, c.rng);
    c = { ...c, rng };
    obj.metadata.name = name;
  }
  const defaulted = applyDefaults(obj);
  // the system fields come first (rest.FillObjectMetaSystemFields): a Job's generated selector names its UID
  const [uid, rng] = uuid(c.rng);
  c = { ...c, rng };
  const meta = { ...defaulted.metadata };
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  meta.uid = uid;
  meta.creationTimestamp = timestamp(c.now);
  if (GENERATION_KINDS.has(r.kind)) meta.generation = 1;
  else delete meta.generation;
  const created: KObject = { ...defaulted, metadata: meta };
  const refused = admitCreate(c.store, created);
  if (refused) return { cluster: c0, outcome: fail(refused) };
  prepareForCreate(created);
  const errors = validateCreate(created);
  if (errors.length) return { cluster: c0, outcome: fail(status.invalid(r, defaulted.metadata.name ?? '', errors)) };
  // the ResourceQuota admission plugin validates after the object's own validation
  const overQuota = r.namespaced ? quotaRefusal(c.store, created, c.now) : undefined;
  if (overQuota) return { cluster: c0, outcome: fail(status.forbidden(r, defaulted.metadata.name ?? '', overQuota)) };
  let created2 = created;
  if (r.kind === 'Service') {
    // the registry allocates the ClusterIP and node ports once the Service is valid
    const alloc = allocateServiceValues(c.store, created, c.rng);
    if (alloc.errors.length) return { cluster: c0, outcome: fail(status.invalid(r, defaulted.metadata.name ?? '', alloc.errors)) };
    created2 = alloc.service;
    c = { ...c, rng: alloc.rng };
  }
  const key = keyOf(created2);
  if (getObject(c.store, key)) {
    // a generated name that collides is retried by the API server (names.SimpleNameGenerator); once is enough here
    return { cluster: c0, outcome: fail(status.alreadyExists(r, defaulted.metadata.name!)) };
  }
  let [c2, stored] = write(c, created2, undefined);
  // a Node registered through the API is a machine whose kubelet registered it: that kubelet runs
  if (r.kind === 'Node' && !c2.agents.has(stored.metadata.name!)) c2 = renewLease({ ...c2, agents: c2.agents.set(stored.metadata.name!, emptyAgent()) }, stored.metadata.name!);
  return { cluster: c2, outcome: ok(stored, 'created', warningsForCreate(stored)) };
}

/** Each kind's PrepareForCreate: status is the system's to fill, not the client's. */
function prepareForCreate(obj: KObject) {
  switch (obj.kind) {
    case 'Job':
      prepareJobForCreate(obj);
      break;
    case 'CronJob':
      obj.status = {};
      break;
    case 'Pod':
      obj.status = { phase: 'Pending', qosClass: podQosClass(obj) };
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Deployment':
      obj.status = { replicas: 0 };
      if (obj.kind === 'Deployment') obj.status = {};
      break;
    case 'Namespace':
      obj.status = { phase: 'Active' };
      break;
    case 'Service':
    case 'Ingress':
      obj.status = { loadBalancer: {} };
      break;
    case 'ResourceQuota':
      obj.status = {};
      break;
    case 'StatefulSet':
      // StatefulSetStatus: replicas and availableReplicas have no omitempty
      obj.status = { replicas: 0, availableReplicas: 0 };
      break;
    case 'PersistentVolumeClaim':
    case 'PersistentVolume':
      obj.status = { phase: 'Pending' };
      break;
    case 'DaemonSet':
      // DaemonSetStatus{}: these four have no omitempty
      obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      setTemplateGeneration(obj, 1);
      break;
    default:
      break;
  }
}

/**
 * A DaemonSet's spec.templateGeneration, which apps/v1 keeps in an annotation (the conversion in
 * pkg/apis/apps/v1/conversion.go): 1 on create, one more on each template change
 * (registry/apps/daemonset/strategy.go PrepareForUpdate), whatever the client sent.
 */
function setTemplateGeneration(ds: KObject, generation: number) {
  ds.metadata = { ...ds.metadata, annotations: { ...(ds.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(generation) } };
}

// ---------------------------------------------------------------------------------------------
// update

interface UpdateOptions {
  preconditionRv?: string;
  result?: 'configured';
}

function update(c0: Cluster, input: KObject, opts: UpdateOptions): Dispatched {
  const d = decode(c0, input);
  if ('code' in d) return { cluster: c0, outcome: fail(d) };
  const { r, obj } = d;
  const name = obj.metadata.name ?? '';
  if (!name) return { cluster: c0, outcome: fail(status.badRequest('name is required for update')) };
  const key = keyOf(obj);
  const live = getObject(c0.store, key);
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, name)) };
  if (opts.preconditionRv && opts.preconditionRv !== live.metadata.resourceVersion) {
    return { cluster: c0, outcome: fail(status.conflict(r, name, status.STALE_RESOURCE_VERSION)) };
  }
  if (obj.metadata.uid && obj.metadata.uid !== live.metadata.uid) {
    return { cluster: c0, outcome: fail(status.conflict(r, name, `Precondition failed: UID in precondition: ${obj.metadata.uid}, UID in object meta: ${live.metadata.uid}`)) };
  }
  const next = applyDefaults(obj);
  // System-owned metadata survives whatever the client sent (ObjectMetaUpdateValidation + rest.BeforeUpdate).
  next.metadata = {
    ...next.metadata,
    uid: live.metadata.uid,
    creationTimestamp: live.metadata.creationTimestamp,
    resourceVersion: live.metadata.resourceVersion,
  };
  for (const f of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    if (live.metadata[f] !== undefined) next.metadata[f] = live.metadata[f] as never;
    else delete next.metadata[f];
  }
  if (r.hasStatus) next.status = live.status;
  if (GENERATION_KINDS.has(r.kind)) {
    const specChanged = !jsonEqual(next.spec, live.spec);
    next.metadata.generation = (live.metadata.generation ?? 1) + (specChanged ? 1 : 0);
  } else {
    delete next.metadata.generation;
  }
  if (r.kind === 'DaemonSet') {
    const old = Number(live.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? 1);
    setTemplateGeneration(next, jsonEqual(next.spec?.template, live.spec?.template) ? old : old + 1);
  }
  let c1 = c0;
  let updated = next;
  if (r.kind === 'Service') {
    const alloc = allocateServiceValues(c0.store, next, c0.rng, live);
    if (alloc.errors.length) return { cluster: c0, outcome: fail(status.invalid(r, name, alloc.errors)) };
    updated = alloc.service;
    c1 = { ...c0, rng: alloc.rng };
  }
  const errors = validateUpdate(updated, live);
  if (errors.length) return { cluster: c0, outcome: fail(status.invalid(r, name, errors)) };
  return commitUpdate(c1, updated, live, opts.result ?? 'configured');
}

/** Writes an accepted update: nothing when nothing changed; the object goes once its last finalizer does. */
function commitUpdate(c0: Cluster, next: KObject, live: KObject, result: 'configured'): Dispatched {
  if (jsonEqual(next, live)) return { cluster: c0, outcome: ok(live, 'unchanged') };
  if (readyToVanish(next)) return { cluster: erase(c0, live), outcome: ok(next, 'deleted') };
  const [c1, stored] = write(c0, next, live);
  return { cluster: c1, outcome: ok(stored, result) };
}

/** A deleted object is removed once no finalizer holds it and no grace period is running. */
function readyToVanish(obj: KObject): boolean {
  return (
    !!obj.metadata.deletionTimestamp &&
    !(obj.metadata.finalizers?.length) &&
    !(obj.metadata.deletionGracePeriodSeconds && obj.metadata.deletionGracePeriodSeconds > 0)
  );
}

function updateStatus(c0: Cluster, input: KObject): Dispatched {
  const r = resourceFor(input.apiVersion, input.kind);
  if (!r) return { cluster: c0, outcome: fail(status.notFoundKind(input.apiVersion, input.kind)) };
  const key = keyOf({ ...input, metadata: { ...input.metadata, namespace: r.namespaced ? input.metadata.namespace || 'default' : undefined } });
  const live = getObject(c0.store, key);
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, input.metadata.name ?? '')) };
  if (input.metadata.resourceVersion && input.metadata.resourceVersion !== live.metadata.resourceVersion) {
    return { cluster: c0, outcome: fail(status.conflict(r, live.metadata.name!, status.STALE_RESOURCE_VERSION)) };
  }
  // deploymentStatusStrategy resets only spec and labels: the controller records the revision
  // annotation through the status subresource (pkg/registry/apps/deployment/strategy.go)
  const annotations = r.kind === 'Deployment' && !jsonEqual(input.metadata.annotations, live.metadata.annotations);
  if (!annotations && jsonEqual(input.status, live.status)) return { cluster: c0, outcome: ok(live, 'unchanged') };
  const next: KObject = { ...live, status: input.status };
  if (annotations) next.metadata = { ...live.metadata, annotations: input.metadata.annotations };
  // values in actions are taken as they are, not copied: senders never change them afterwards
  const [c1, stored] = write(c0, next, live);
  return { cluster: c1, outcome: ok(stored, 'configured') };
}

// ---------------------------------------------------------------------------------------------
// apply and patch

function apply(c0: Cluster, manifest: KObject): Dispatched {
  const d = decode(c0, manifest);
  if ('code' in d) return { cluster: c0, outcome: fail(d) };
  const { obj } = d;
  if (!obj.metadata.name) {
    return { cluster: c0, outcome: fail(status.badRequest('error when retrieving current configuration: resource name may not be empty')) };
  }
  const live = getObject(c0.store, keyOf(obj));
  if (!live) return create(c0, annotateLastApplied(obj));
  const { object, changed, error } = applyManifest(live, obj);
  if (error) return { cluster: c0, outcome: fail(status.badRequest(error)) };
  if (!changed) return { cluster: c0, outcome: ok(live, 'unchanged') };
  return update(c0, { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion } }, {});
}

function patch(c0: Cluster, ref: ObjectRef, type: 'merge' | 'json' | 'strategic', body: unknown, subresource?: 'status'): Dispatched {
  const r = resourceForKind(ref.kind);
  const live = getObject(c0.store, objectKey(r.kind, namespaceOf(r, ref), ref.name));
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };
  const result =
    type === 'json'
      ? jsonPatch(live as never, body)
      : type === 'merge'
        ? { ok: true as const, value: jsonMergePatch(live as never, body as never) }
        : strategicMergePatch(live as never, body as never, live.kind);
  if (!result.ok) return { cluster: c0, outcome: fail(status.patchFailure(result.code, result.message)) };
  const patched = result.value as unknown as KObject;
  if (subresource === 'status') return updateStatus(c0, patched);
  const rv = (patched.metadata?.resourceVersion as string | undefined) ?? live.metadata.resourceVersion;
  // a patch that carries a resourceVersion is an optimistic-concurrency precondition
  return update(c0, patched, { preconditionRv: rv });
}

function scale(c0: Cluster, ref: ObjectRef, replicas: number): Dispatched {
  const r = resourceForKind(ref.kind);
  if (!r.hasScale) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };
  const live = getObject(c0.store, objectKey(r.kind, namespaceOf(r, ref), ref.name));
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };
  if (!Number.isInteger(replicas) || replicas < 0) {
    return {
      cluster: c0,
      outcome: fail(status.invalidScale(ref.name, `spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`)),
    };
  }
  return update(c0, { ...live, spec: { ...live.spec, replicas } }, {});
}

function bind(c0: Cluster, ref: ObjectRef, node: string): Dispatched {
  const r = resourceForKind('Pod');
  const live = getObject(c0.store, objectKey('Pod', ref.namespace || 'default', ref.name));
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };
  // pkg/registry/core/pod/storage/storage.go: assignPod
  if (live.metadata.deletionTimestamp) {
    return { cluster: c0, outcome: fail(status.conflict(r, ref.name, `pod ${ref.name} is being deleted, cannot be assigned to a host`)) };
  }
  if (live.spec.nodeName) {
    return { cluster: c0, outcome: fail(status.conflict(r, ref.name, `pod ${ref.name} is already assigned to node "${live.spec.nodeName}"`)) };
  }
  const conditions = [...(live.status?.conditions ?? []).filter((x: { type: string }) => x.type !== 'PodScheduled')];
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(c0.now) });
  const bound: KObject = { ...live, spec: { ...live.spec, nodeName: node }, status: { ...live.status, conditions } };
  const [c1, stored] = write(c0, bound, live);
  return { cluster: c1, outcome: ok(stored, 'configured') };
}

// ---------------------------------------------------------------------------------------------
// delete

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The default when the request names no policy: dependents are deleted in the background,
 * except for the legacy kinds that orphaned by default (pkg/registry/.../strategy.go
 * DefaultGarbageCollectionPolicy): batch/v1 Jobs.
 */
function defaultPolicy(kind: string): PropagationPolicy {
  return kind === 'Job' ? 'Orphan' : 'Background';
}

function deleteObject(c0: Cluster, ref: ObjectRef, opts: DeleteOptions): Dispatched {
  const r = resourceForKind(ref.kind);
  const key = objectKey(r.kind, namespaceOf(r, ref), ref.name);
  const live = getObject(c0.store, key);
  if (!live) return { cluster: c0, outcome: fail(status.notFound(r, ref.name)) };
  if (opts.preconditions?.uid && opts.preconditions.uid !== live.metadata.uid) {
    return {
      cluster: c0,
      outcome: fail(status.conflict(r, ref.name, `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${live.metadata.uid}`)),
    };
  }
  if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== live.metadata.resourceVersion) {
    return {
      cluster: c0,
      outcome: fail(
        status.conflict(r, ref.name, `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`),
      ),
    };
  }
  const policy = opts.propagationPolicy ?? defaultPolicy(r.kind);
  const grace = gracePeriodFor(live, opts.gracePeriodSeconds);
  const finalizers = [...(live.metadata.finalizers ?? [])];
  if (policy === 'Foreground' && !finalizers.includes(FINALIZER_FOREGROUND)) finalizers.push(FINALIZER_FOREGROUND);
  if (policy === 'Orphan' && !finalizers.includes(FINALIZER_ORPHAN)) finalizers.push(FINALIZER_ORPHAN);
  if (policy === 'Background') {
    // an explicit Background request replaces a pending orphan / foreground choice (rest.deletionFinalizersForGarbageCollection)
    for (const f of [FINALIZER_ORPHAN, FINALIZER_FOREGROUND]) {
      const i = finalizers.indexOf(f);
      if (i >= 0 && opts.propagationPolicy === 'Background') finalizers.splice(i, 1);
    }
  }

  if (live.metadata.deletionTimestamp) {
    // Already being deleted: only a shorter grace period changes anything (pkg/api/rest/delete.go).
    const current = live.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace < current) {
      const next = withDeletion(c0, live, grace, finalizers);
      if (readyToVanish(next)) return { cluster: erase(c0, live), outcome: ok(live, 'deleted') };
      const [c1, stored] = write(c0, next, live);
      return { cluster: c1, outcome: ok(stored, 'deleted') };
    }
    if (!jsonEqual(finalizers, live.metadata.finalizers ?? [])) {
      const [c1, stored] = write(c0, { ...live, metadata: { ...live.metadata, finalizers } }, live);
      return { cluster: c1, outcome: ok(stored, 'deleted') };
    }
    return { cluster: c0, outcome: ok(live, 'deleted') };
  }

  if (grace === 0 && finalizers.length === 0) return { cluster: erase(c0, live), outcome: ok(live, 'deleted') };
  const next = withDeletion(c0, live, grace, finalizers);
  const [c1, stored] = write(c0, next, live);
  return { cluster: c1, outcome: ok(stored, 'deleted') };
}

function withDeletion(c: Cluster, live: KObject, grace: number, finalizers: string[]): KObject {
  const meta = { ...live.metadata, deletionTimestamp: timestamp(c.now + grace * 1000), deletionGracePeriodSeconds: grace };
  // markAsDeleting: kinds with a generation count the deletion as a change (registry/generic/registry/store.go)
  if (!live.metadata.deletionTimestamp && (live.metadata.generation ?? 0) > 0) meta.generation = (live.metadata.generation ?? 0) + 1;
  if (finalizers.length) meta.finalizers = finalizers;
  else delete meta.finalizers;
  return { ...live, metadata: meta };
}

/**
 * Only pods delete gracefully. A pod that never reached a node, or has finished, goes at once
 * (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
 */
function gracePeriodFor(live: KObject, requested: number | undefined): number {
  if (live.kind !== 'Pod') return 0;
  if (!live.spec?.nodeName) return 0;
  if (isPodTerminal(live)) return 0;
  const g = requested ?? live.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, g);
}

export function objectRef(obj: KObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

