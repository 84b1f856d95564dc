/**
 * How a kubelet reports a pod: status.phase, conditions and container statuses computed from
 * the runtime state (pkg/kubelet/kubelet_pods.go generateAPIPodStatus, getPhase).
 */
import { KObject } from '../api/types';
import { Cluster, timestamp } from '../cluster';
import { ContainerRuntime, PodRuntime } from './runtime';
import { qualifiedImage } from './profile';
import { stableHex } from '../random';
import { podQosClass } from './pod-status';
import { objectKey } from '../store/store';
import { isStarted, readiness } from './prober';

function containerState(ct: ContainerRuntime, now: number): Record<string, unknown> {
  switch (ct.phase) {
    case 'running':
    case 'stopping':
      return { running: { startedAt: timestamp(ct.startedAt ?? now) } };
    case 'exited':
      return {
        terminated: {
          exitCode: ct.exitCode ?? 0,
          reason: ct.reason ?? 'Error',
          startedAt: timestamp(ct.startedAt ?? ct.since),
          finishedAt: timestamp(ct.finishedAt ?? ct.since),
          containerID: `containerd://${ct.containerId ?? ''}`,
        },
      };
    case 'crashBackOff':
      return { waiting: { reason: 'CrashLoopBackOff', message: ct.message } };
    case 'configError':
      return { waiting: { reason: ct.reason, message: ct.message } };
    case 'pullBackOff':
      return { waiting: { reason: ct.reason, message: ct.reason === 'ImagePullBackOff' ? `Back-off pulling image "${ct.image}"` : ct.message } };
    default:
      return { waiting: { reason: 'ContainerCreating' } };
  }
}

function lastState(ct: ContainerRuntime): Record<string, unknown> {
  const t = ct.lastTerminated;
  if (!t) return {};
  return {
    terminated: {
      exitCode: t.exitCode,
      reason: t.reason,
      startedAt: timestamp(t.startedAt),
      finishedAt: timestamp(t.finishedAt),
      containerID: `containerd://${t.containerId}`,
    },
  };
}

/** getPhase: a container that never ran keeps the pod Pending; after that, restartPolicy decides. */
function podPhase(pod: KObject, rt: PodRuntime): string {
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const ct of rt.containers) {
    if (ct.phase === 'running' || ct.phase === 'stopping') running++;
    else if (ct.phase === 'exited') {
      stopped++;
      if (ct.exitCode === 0) succeeded++;
    } else if (ct.lastTerminated) {
      stopped++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (policy === 'Never') return 'Failed';
  return 'Running';
}

export function podStatus(c: Cluster, pod: KObject, rt: PodRuntime, terminating: boolean): Record<string, unknown> {
  const now = c.now;
  const prev = pod.status ?? {};
  const sandbox = now >= rt.sandboxReadyAt;
  // probes look at the runtime as this sync leaves it
  const fresh: Cluster = { ...c, runtime: c.runtime.set(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!), rt) };
  const statuses = (pod.spec.containers as any[]).map((spec, i) => {
    const ct = rt.containers[i];
    // While a crashed container's replacement is being started, the runtime still reports the
    // dead instance: its terminated state, and the restart count before this restart.
    const restarting = (ct.phase === 'waiting' || ct.phase === 'starting') && ct.lastTerminated !== undefined && ct.restartCount > 0;
    const started = ct.phase === 'running' && isStarted(fresh, pod, spec, ct);
    const ready = !terminating && started && readiness(fresh, pod, spec, ct).ready;
    const everPulled = ct.containerId !== undefined || ct.phase === 'starting';
    return {
      containerID: ct.containerId ? `containerd://${ct.containerId}` : undefined,
      image: qualifiedImage(spec.image),
      imageID: everPulled ? `${qualifiedImage(spec.image).replace(/:[^:/]+$/, '')}@sha256:${stableHex(qualifiedImage(spec.image), 64)}` : '',
      lastState: lastState(ct),
      name: spec.name,
      ready,
      restartCount: restarting ? ct.restartCount - 1 : ct.restartCount,
      started: started || ct.phase === 'stopping',
      state: restarting ? { terminated: lastState(ct).terminated } : containerState(ct, now),
    };
  });
  let phase = podPhase(pod, rt);
  if (terminating && rt.containers.every((ct) => ct.phase === 'exited')) {
    // since 1.27 a kubelet gives a deleted pod a terminal phase before it goes
    phase = rt.containers.every((ct) => ct.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  const allReady = statuses.every((s) => s.ready);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  // a finished pod is not ready for a reason of its own, without a message (status/generate.go
  // generateContainersReadyConditionForTerminalPhase); its sandbox is torn down
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const notReadyReason = terminal ? (phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed') : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions = [
    // conditions the kubelet does not own (DisruptionTarget from an eviction) are kept, first
    // (status_manager.go mergePodStatus)
    ...(prev.conditions ?? []).filter((x: { type: string }) => !KUBELET_CONDITIONS.has(x.type)),
    condition(prev, 'PodReadyToStartContainers', sandbox && !terminal ? 'True' : 'False', now),
    condition(prev, 'Initialized', 'True', now),
    condition(prev, 'Ready', allReady ? 'True' : 'False', now, allReady ? undefined : notReadyReason, allReady ? undefined : notReadyMessage),
    condition(prev, 'ContainersReady', allReady ? 'True' : 'False', now, allReady ? undefined : notReadyReason, allReady ? undefined : notReadyMessage),
    condition(prev, 'PodScheduled', 'True', now),
  ];
  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: statuses.map((s) => JSON.parse(JSON.stringify(s))),
    hostIP: nodeIp(c, rt.node),
    hostIPs: [{ ip: nodeIp(c, rt.node) }],
    phase,
    qosClass: podQosClass(pod),
    startTime: timestamp(rt.startedAt),
  };
  if (sandbox && rt.ip) {
    status.podIP = rt.ip;
    status.podIPs = [{ ip: rt.ip }];
  }
  return status;
}

function nodeIp(c: Cluster, node: string): string {
  const n = c.store.objects.get(`Node//${node}`);
  return (n?.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '';
}

/** kubetypes.PodConditionsByKubelet: the pod conditions a kubelet writes itself */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

/** A pod condition whose lastTransitionTime moves only when its status does. */
function condition(prev: Record<string, any>, type: string, status: string, now: number, reason?: string, message?: string) {
  const old = (prev.conditions ?? []).find((x: { type: string }) => x.type === type);
  const lastTransitionTime = old && old.status === status ? old.lastTransitionTime : timestamp(now);
  const out: Record<string, unknown> = { type, status, lastProbeTime: null, lastTransitionTime };
  if (reason) out.reason = reason;
  if (message) out.message = message;
  return out;
}
