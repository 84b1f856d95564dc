/**
 * The kubelets: for every pod bound to a node, drive its containers through sandbox creation,
 * image pulls, starts, crashes and restarts with back-off, and graceful termination; report it
 * all through pod status and the events a real kubelet records (pkg/kubelet/kuberuntime).
 * Timings and image behaviours come from the cluster's lifecycle profile.
 */
import { boundPorts } from './profile';
import { nextFailedProbe, probeFailures, probeKill, readiness, unhealthyMessage } from './prober';
import { Action, EventTemplate } from '../actions';
import { KObject } from '../api/types';
import { Cluster, NodeAgent } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, objectKey, ObjectKey } from '../store/store';
import { Controller, NOTHING, SyncResult } from '../controllers/controller';
import { ContainerRuntime, PodRuntime } from './runtime';
import { imageBehaviour, qualifiedImage } from './profile';
import { podStatus } from './kubelet-status';
import { processBehaviour } from './process';
import { jsonEqual } from '../api/json';
import { stableHex } from '../random';
import { containerEnv } from './container-env';
import { mountFailure, MOUNT_RETRY_INITIAL_MS, MOUNT_RETRY_MAX_MS } from './config-volumes';

/** pod_workers.go backOffPeriod: how soon a pod whose sync failed is synced again */
const CONFIG_RETRY_MS = 10_000;

const NAME = 'kubelet';

interface Step {
  rt: PodRuntime;
  actions: Action[];
  events: EventTemplate[];
}

function event(pod: KObject, node: string, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): EventTemplate {
  return { involved: objectRef(pod), involvedUid: pod.metadata.uid!, reason, message, type, source: `${NAME}/${node}` };
}

/** The pod's IP: the next free host number in the node's pod CIDR after the last one given out (Calico-like). */
function allocateIp(cidr: string, agent: NodeAgent): { ip: string; host: number } {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  const octets = base.split('.').map(Number);
  const network = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  for (let i = 1; i < size - 1; i++) {
    const host = ((agent.lastIp + i - 1) % (size - 2)) + 1;
    if (!agent.ipsInUse.has(host)) {
      const n = network + host;
      return { ip: [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), host };
    }
  }
  return { ip: '', host: 0 };
}

function needsPull(container: any, agent: NodeAgent): boolean {
  return container.imagePullPolicy === 'Always' || !agent.images.has(container.image);
}

/** Advances one pod's containers to `now`, in spec order, as far as their timings allow. */
function advance(c: Cluster, pod: KObject, s: Step, agent: NodeAgent): void {
  const node = s.rt.node;
  const specs: any[] = pod.spec.containers;
  const now = c.now;
  if (now < s.rt.sandboxReadyAt) return;
  if (!s.rt.volumesMounted && !pod.metadata.deletionTimestamp) {
    // volumemanager WaitForAttachAndMount: no container starts before every volume is set up
    const failure = mountFailure(c, pod);
    if (failure) {
      if (s.rt.mountRetryAt === undefined || s.rt.mountRetryAt <= now) {
        s.events.push(event(pod, node, 'FailedMount', failure, 'Warning'));
        const attempts = (s.rt.mountAttempts ?? 0) + 1;
        s.rt = { ...s.rt, mountAttempts: attempts, mountRetryAt: now + Math.min(MOUNT_RETRY_INITIAL_MS * 2 ** (attempts - 1), MOUNT_RETRY_MAX_MS) };
      }
      return;
    }
    s.rt = { ...s.rt, volumesMounted: true, mountRetryAt: undefined, mountAttempts: undefined };
  }
  let images = agent.images;
  const key = objectKey('Pod', pod.metadata.namespace, pod.metadata.name!);
  // probes look at the pod's runtime as this sync has left it so far
  const view = (): Cluster => ({ ...c, runtime: c.runtime.set(key, s.rt) });
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const image = imageBehaviour(c.profile, spec.image);
    let ct = s.rt.containers[i];
    const set = (next: Partial<ContainerRuntime>) => {
      ct = { ...ct, ...next };
      s.rt = { ...s.rt, containers: s.rt.containers.map((x, j) => (j === i ? ct : x)) };
    };
    // Containers start one after another: wait while an earlier one is still being pulled or started.
    const earlierBusy = s.rt.containers.slice(0, i).some((x) => x.phase === 'waiting' || x.phase === 'pulling' || x.phase === 'starting');
    for (let guard = 0; guard < 8; guard++) {
      const phase = ct.phase;
      if (phase === 'waiting') {
        if (earlierBusy) break;
        if (spec.imagePullPolicy === 'Never' && !images.has(spec.image)) {
          s.events.push(event(pod, node, 'ErrImageNeverPull', `Container image "${spec.image}" is not present with pull policy of Never`, 'Warning'));
          set({ phase: 'pullBackOff', since: now, until: undefined, reason: 'ErrImageNeverPull', message: `Container image "${spec.image}" is not present with pull policy of Never` });
          break;
        }
        if (needsPull(spec, { ...agent, images })) {
          s.events.push(event(pod, node, 'Pulling', `Pulling image "${spec.image}"`));
          set({ phase: 'pulling', since: now, until: now + image.pullMs, pullAttempts: ct.pullAttempts + 1 });
        } else {
          s.events.push(event(pod, node, 'Pulled', `Container image "${spec.image}" already present on machine`));
          set({ phase: 'starting', since: now, until: now + c.profile.containerStartMs });
        }
        continue;
      }
      if (phase === 'pulling' && ct.until! <= now) {
        const at = ct.until!;
        if (!image.pullable) {
          const ref = qualifiedImage(spec.image);
          const msg = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
          s.events.push(event(pod, node, 'Failed', `Failed to pull image "${spec.image}": rpc error: code = NotFound desc = ${msg}`, 'Warning'));
          s.events.push(event(pod, node, 'Failed', 'Error: ErrImagePull', 'Warning'));
          const wait = Math.min(c.profile.imagePullBackOffInitialMs * 2 ** (ct.pullAttempts - 1), c.profile.restartBackOffMaxMs);
          set({ phase: 'pullBackOff', since: at, until: at + wait, reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${msg}` });
          break;
        }
        const secs = (image.pullMs / 1000).toFixed(3).replace(/\.?0+$/, '');
        s.events.push(event(pod, node, 'Pulled', `Successfully pulled image "${spec.image}" in ${secs}s (${secs}s including waiting). Image size: ${image.sizeBytes} bytes.`));
        s.actions.push({ type: 'nodeImage', actor: `${NAME}/${node}`, node, image: spec.image, sizeBytes: image.sizeBytes });
        images = images.set(spec.image, image.sizeBytes);
        set({ phase: 'starting', since: at, until: at + c.profile.containerStartMs });
        continue;
      }
      if (phase === 'configError') {
        if (ct.until! > now) break;
        // the retry goes through the image check again, as the kubelet's next sync does
        set({ phase: 'waiting', since: ct.until!, until: undefined });
        continue;
      }
      if (phase === 'pullBackOff') {
        if (ct.reason === 'ErrImagePull' && now > ct.since) {
          s.events.push(event(pod, node, 'BackOff', `Back-off pulling image "${spec.image}"`));
          s.events.push(event(pod, node, 'Failed', 'Error: ImagePullBackOff', 'Warning'));
          set({ reason: 'ImagePullBackOff' });
        }
        if (ct.until !== undefined && ct.until <= now) {
          s.events.push(event(pod, node, 'Pulling', `Pulling image "${spec.image}"`));
          set({ phase: 'pulling', since: ct.until, until: ct.until + image.pullMs, pullAttempts: ct.pullAttempts + 1 });
          continue;
        }
        break;
      }
      if (phase === 'starting' && ct.until! <= now) {
        const at = ct.until!;
        const env = containerEnv(c, pod, spec);
        if ('error' in env) {
          // kuberuntime startContainer: the container is not created; the pod worker retries after its 10 s back-off
          s.events.push(event(pod, node, 'Failed', `Error: ${env.error}`, 'Warning'));
          set({ phase: 'configError', since: at, until: at + CONFIG_RETRY_MS, reason: 'CreateContainerConfigError', message: env.error });
          break;
        }
        const containerId = stableHex(`${pod.metadata.uid}/${spec.name}/${ct.restartCount}`, 64);
        s.events.push(event(pod, node, 'Created', `Created container ${spec.name}`));
        s.events.push(event(pod, node, 'Started', `Started container ${spec.name}`));
        const proc = processBehaviour(spec, image);
        // Containers share the pod's network namespace: a port another running container holds cannot be bound.
        const ports = boundPorts(spec, image);
        const clash = ports.find((p) =>
          s.rt.containers.some((o, j) => j !== i && o.phase === 'running' && boundPorts(specs[j], imageBehaviour(c.profile, specs[j].image)).includes(p)),
        );
        let until: number | undefined;
        let exitCode = proc.exitCode;
        let message: string | undefined;
        if (clash !== undefined) {
          until = at + 100;
          exitCode = 1;
          message = `bind() to 0.0.0.0:${clash} failed (98: Address already in use)`;
        } else if (proc.exitsAfterMs !== null) {
          until = at + proc.exitsAfterMs;
        }
        set({ phase: 'running', since: at, until, startedAt: at, containerId, exitCode, message, reason: undefined, env: env.env });
        continue;
      }
      if ((phase === 'running' || phase === 'starting') && ct.image !== spec.image) {
        // the image is the one mutable part of a container: the kubelet replaces the container
        // (kuberuntime_manager.go computePodActions: "definition changed, will be restarted")
        s.events.push(event(pod, node, 'Killing', `Container ${spec.name} definition changed, will be restarted`));
        const last = { exitCode: 0, reason: 'Completed', startedAt: ct.startedAt ?? now, finishedAt: now, containerId: ct.containerId ?? '' };
        set({ phase: 'waiting', image: spec.image, since: now, until: undefined, lastTerminated: last, restartCount: ct.restartCount + 1 });
        continue;
      }
      if (phase === 'running' && (spec.livenessProbe || spec.startupProbe)) {
        const kill = probeKill(view(), pod, spec, ct);
        if (kill && kill.at <= now && (ct.until === undefined || kill.at < ct.until)) {
          // kuberuntime_manager.go computePodActions: a failed liveness (or startup) probe kills the
          // container with the probe's grace period (or the pod's) and restarts it unless the policy is Never
          reportProbeFailures(view(), pod, spec, ct, kill.at, s, set);
          s.events.push(event(pod, node, 'Killing', `Container ${spec.name} failed ${kill.kind} probe, will be restarted`));
          const probe = kill.kind === 'liveness' ? spec.livenessProbe : spec.startupProbe;
          const graceMs = (probe.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
          const forced = image.stopMs === null || image.stopMs >= graceMs;
          const ends = kill.at + (forced ? graceMs : image.stopMs!);
          set({ phase: 'stopping', since: kill.at, until: ends, exitCode: forced ? 137 : 0, reason: forced ? 'Error' : 'Completed', killedBy: kill.kind });
          continue;
        }
      }
      if (phase === 'stopping' && ct.until! <= now) {
        set({ phase: 'exited', since: ct.until!, until: undefined, finishedAt: ct.until! });
        continue;
      }
      if (phase === 'running' && ct.until !== undefined && ct.until <= now) {
        const at = ct.until;
        const code = ct.exitCode ?? 0;
        set({ phase: 'exited', since: at, until: undefined, finishedAt: at, reason: code === 0 ? 'Completed' : 'Error' });
        continue;
      }
      if (phase === 'exited') {
        const policy = pod.spec.restartPolicy ?? 'Always';
        const restart = policy === 'Always' || (policy === 'OnFailure' && (ct.exitCode !== 0 || ct.killedBy !== undefined));
        if (!restart) break;
        const last = {
          exitCode: ct.exitCode ?? 0,
          reason: ct.reason ?? 'Error',
          startedAt: ct.startedAt ?? ct.since,
          finishedAt: ct.finishedAt ?? ct.since,
          containerId: ct.containerId ?? '',
        };
        // A container that ran long enough (2 x the maximum back-off) starts over without back-off.
        const ranFor = last.finishedAt - last.startedAt;
        const backOff = ranFor > 2 * c.profile.restartBackOffMaxMs ? 0 : ct.backOffMs;
        if (backOff === 0) {
          // the first crash restarts at once; the next ones wait 10s, 20s, 40s ... up to 5 minutes
          set({ phase: 'waiting', lastTerminated: last, restartCount: ct.restartCount + 1, backOffMs: c.profile.restartBackOffInitialMs, since: ct.since, killedBy: undefined });
          continue;
        }
        s.events.push(event(pod, node, 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, 'Warning'));
        set({ phase: 'crashBackOff', lastTerminated: last, until: ct.since + backOff, killedBy: undefined, message: `back-off ${formatBackOff(backOff)} restarting failed container=${spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` });
        continue;
      }
      if (phase === 'crashBackOff' && ct.until! <= now) {
        const wait = Math.min(ct.backOffMs * 2, c.profile.restartBackOffMaxMs);
        set({ phase: 'waiting', since: ct.until!, until: undefined, restartCount: ct.restartCount + 1, backOffMs: wait });
        continue;
      }
      break;
    }
    if (ct.phase === 'running') reportProbeFailures(view(), pod, spec, ct, now, s, set);
  }
}

/** Warning Unhealthy events for the failed probe runs since the last report, up to `until`. */
function reportProbeFailures(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime, until: number, s: Step, set: (next: Partial<ContainerRuntime>) => void): void {
  if (!spec.livenessProbe && !spec.readinessProbe && !spec.startupProbe) return;
  const after = Math.max(ct.probesReportedUntil ?? -Infinity, (ct.startedAt ?? until) - 1);
  if (after >= until) return;
  for (const f of probeFailures(c, pod, spec, ct, after, until)) {
    s.events.push({ ...event(pod, s.rt.node, 'Unhealthy', unhealthyMessage(f), 'Warning'), count: f.count, firstAt: f.first, lastAt: f.last });
  }
  set({ probesReportedUntil: until });
}

function formatBackOff(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

/** Graceful termination: SIGTERM every running container, SIGKILL what is left at the deadline. */
function terminate(c: Cluster, pod: KObject, s: Step): boolean {
  const now = c.now;
  const node = s.rt.node;
  const deadline = Date.parse(pod.metadata.deletionTimestamp!);
  if (s.rt.killingSince === undefined) {
    s.rt = { ...s.rt, killingSince: now, killDeadline: deadline };
    s.rt = {
      ...s.rt,
      containers: s.rt.containers.map((ct, i) => {
        if (ct.phase !== 'running' && ct.phase !== 'starting') return { ...ct, phase: 'exited', since: now, finishedAt: ct.finishedAt ?? now };
        s.events.push(event(pod, node, 'Killing', `Stopping container ${pod.spec.containers[i].name}`));
        const stopMs = imageBehaviour(c.profile, pod.spec.containers[i].image).stopMs;
        const until = Math.min(stopMs === null ? deadline : now + stopMs, deadline);
        return { ...ct, phase: 'stopping', since: now, until };
      }),
    };
  }
  s.rt = {
    ...s.rt,
    containers: s.rt.containers.map((ct) => {
      if (ct.phase !== 'stopping' || ct.until! > now) return ct;
      const killed = ct.until! >= deadline && ct.until! > ct.since;
      return { ...ct, phase: 'exited', since: ct.until!, finishedAt: ct.until!, exitCode: killed ? 137 : 0, reason: killed ? 'Error' : 'Completed', until: undefined };
    }),
  };
  return s.rt.containers.every((ct) => ct.phase === 'exited');
}

function newRuntime(c: Cluster, pod: KObject, agent: NodeAgent, node: KObject): PodRuntime {
  const { ip, host } = allocateIp(node.spec?.podCIDR ?? '10.244.0.0/24', agent);
  return {
    uid: pod.metadata.uid!,
    node: node.metadata.name!,
    sandboxReadyAt: c.now + c.profile.sandboxMs,
    ip,
    ipHost: host,
    startedAt: c.now,
    containers: (pod.spec.containers as any[]).map((ct) => ({
      name: ct.name,
      image: ct.image,
      phase: 'waiting',
      since: c.now,
      restartCount: 0,
      backOffMs: 0,
      pullAttempts: 0,
    })),
  };
}

function nextWake(c: Cluster, rt: PodRuntime, pod: KObject): SyncResult['wakeAt'] {
  const now = c.now;
  const view: Cluster = { ...c, runtime: c.runtime.set(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!), rt) };
  let at: number | undefined;
  let kind: 'progress' | 'periodic' = 'progress';
  const consider = (t: number | undefined, k: 'progress' | 'periodic') => {
    if (t === undefined || t <= now) return;
    if (at === undefined || t < at || (t === at && k === 'progress')) {
      at = t;
      kind = k;
    }
  };
  consider(rt.sandboxReadyAt, 'progress');
  if (!rt.volumesMounted) consider(rt.mountRetryAt, 'periodic');
  for (const ct of rt.containers) {
    // restarts and retries repeat for as long as the fault lasts: they are periodic, not progress
    // (a restart after a node reboot, whose containers ended with reason Unknown, is progress)
    const rebooted = ct.lastTerminated?.reason === 'Unknown' || ct.reason === 'Unknown';
    const periodic = ct.phase === 'crashBackOff' || ct.phase === 'pullBackOff' || ct.phase === 'configError' || (ct.phase !== 'stopping' && !rebooted && (ct.restartCount > 0 || ct.pullAttempts > 1));
    consider(ct.until, periodic ? 'periodic' : 'progress');
    if (ct.phase === 'pullBackOff' && ct.reason === 'ErrImagePull') consider(ct.since + 1000, 'periodic');
    const spec = (pod.spec?.containers ?? []).find((x: { name: string }) => x.name === ct.name);
    if (spec && ct.phase === 'running' && (spec.livenessProbe || spec.readinessProbe || spec.startupProbe)) {
      // the kubelet looks again when a probe's result changes: readiness flips, a liveness kill
      // (repeating, like a crash loop, once the container has restarted), and each failed run it reports
      consider(readiness(view, pod, spec, ct).next, 'progress');
      consider(probeKill(view, pod, spec, ct)?.at, ct.restartCount > 0 ? 'periodic' : 'progress');
      consider(nextFailedProbe(view, pod, spec, ct), 'periodic');
    }
  }
  return at === undefined ? undefined : { at, kind };
}

function syncPod(c: Cluster, key: ObjectKey, pod: KObject): SyncResult {
  const nodeName: string = pod.spec.nodeName;
  const agent = c.agents.get(nodeName);
  const node = getObject(c.store, `Node//${nodeName}`);
  if (!agent || !node || !agent.kubeletRunning) return NOTHING;
  let rt = c.runtime.get(key);
  if (rt && rt.uid !== pod.metadata.uid) rt = undefined; // a new pod that reuses an old name
  const actions: Action[] = [];
  if (pod.metadata.deletionTimestamp) {
    // a pod that never got a sandbox has nothing to stop
    if (!rt) return { actions: [finalDelete(pod)] };
    const s: Step = { rt, actions, events: [] };
    const stopped = terminate(c, pod, s);
    actions.push(...s.events.map((e) => ({ type: 'event' as const, actor: `${NAME}/${nodeName}`, event: e })));
    const status = podStatus(c, pod, s.rt, true);
    if (!jsonEqual(status, pod.status)) actions.push({ type: 'updateStatus', actor: `${NAME}/${nodeName}`, object: { ...pod, status } });
    if (stopped) {
      actions.push({ type: 'runtime', actor: `${NAME}/${nodeName}`, pod: key, node: nodeName, runtime: null });
      actions.push(finalDelete(pod));
      return { actions };
    }
    actions.push({ type: 'runtime', actor: `${NAME}/${nodeName}`, pod: key, node: nodeName, runtime: s.rt });
    return { actions, wakeAt: nextWake(c, s.rt, pod) };
  }
  const sandboxChanged = !!rt?.sandboxLost;
  if (rt?.sandboxLost) {
    // the node rebooted: a new sandbox with a new IP; the exited containers restart in it
    const { ip, host } = allocateIp(node.spec?.podCIDR ?? '10.244.0.0/24', agent);
    rt = { ...rt, sandboxLost: false, ip, ipHost: host, sandboxReadyAt: c.now + c.profile.sandboxMs };
  }
  const s: Step = { rt: rt ?? newRuntime(c, pod, agent, node), actions, events: [] };
  if (sandboxChanged) s.events.push(event(pod, nodeName, 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.'));
  advance(c, pod, s, agent);
  actions.push(...s.events.map((e) => ({ type: 'event' as const, actor: `${NAME}/${nodeName}`, event: e })));
  if (!rt || sandboxChanged || !jsonEqual(rt, s.rt)) actions.push({ type: 'runtime', actor: `${NAME}/${nodeName}`, pod: key, node: nodeName, runtime: s.rt });
  const status = podStatus(c, pod, s.rt, false);
  if (!jsonEqual(status, pod.status)) actions.push({ type: 'updateStatus', actor: `${NAME}/${nodeName}`, object: { ...pod, status } });
  return { actions, wakeAt: nextWake(c, s.rt, pod) };
}

/** The kubelet's last word on a terminated pod: delete with grace 0 (status_manager.go canBeDeleted). */
function finalDelete(pod: KObject): Action {
  return { type: 'delete', actor: `${NAME}/${pod.spec.nodeName}`, ref: objectRef(pod), gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } };
}

export const kubelet: Controller = {
  name: NAME,

  enqueue(_c, key, prev, cur) {
    const obj = cur ?? prev;
    if (obj?.kind !== 'Pod') return [];
    return cur?.spec?.nodeName || prev?.spec?.nodeName ? [key] : [];
  },

  sync(c, key) {
    const pod = getObject(c.store, key);
    if (!pod) {
      const rt = c.runtime.get(key);
      // the pod was removed from the API (force delete): the runtime tears its sandbox down
      return rt ? { actions: [{ type: 'runtime', actor: `${NAME}/${rt.node}`, pod: key, node: rt.node, runtime: null }] } : NOTHING;
    }
    if (!pod.spec?.nodeName) return NOTHING;
    return syncPod(c, key, pod);
  },

  resyncKeys(c) {
    const keys = new Set<ObjectKey>(c.runtime.keySeq().toArray());
    c.store.podsByNode.forEach((set, node) => {
      if (node) set.forEach((k) => keys.add(k));
    });
    return [...keys].sort();
  },
};

