/**
 * The columns kubectl prints for an object, computed as kubectl's printers compute them
 * (pkg/printers/internalversion/printers.go). Derived views of a cluster value, never stored.
 */
import type { KObject } from '../engine/api/types';

/** apimachinery/pkg/util/duration HumanDuration: `45s`, `2m10s`, `15m`, `3h20m`, `2d4h`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

export function age(obj: KObject, now: number): string {
  const created = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : now;
  return humanDuration(now - created);
}

export interface PodColumns {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
  ip: string;
  node: string;
}

/** printPod: READY, STATUS (the reason a person sees) and RESTARTS as `kubectl get pods` shows them. */
export function podColumns(pod: KObject, now: number): PodColumns {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const total = (pod.spec?.containers ?? []).length;
  let reason: string = pod.status?.reason || pod.status?.phase || 'Pending';
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    restarts += cs.restartCount ?? 0;
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished && Date.parse(finished) > lastRestart) lastRestart = Date.parse(finished);
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) reason = cs.state.terminated.signal ? `Signal:${cs.state.terminated.signal}` : `ExitCode:${cs.state.terminated.exitCode}`;
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    reason = (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  const phase = pod.status?.phase;
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  return {
    name: pod.metadata.name ?? '',
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restarts && lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts),
    age: age(pod, now),
    ip: pod.status?.podIP ?? '<none>',
    node: pod.spec?.nodeName ?? '<none>',
  };
}

export interface DeploymentColumns {
  NAME: string;
  READY: string;
  'UP-TO-DATE': string;
  AVAILABLE: string;
}

/** `kubectl get deployments`: READY is ready/desired (printDeployment). */
export function deploymentColumns(d: KObject): DeploymentColumns {
  const s = d.status ?? {};
  return {
    NAME: d.metadata.name ?? '',
    READY: `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    'UP-TO-DATE': String(s.updatedReplicas ?? 0),
    AVAILABLE: String(s.availableReplicas ?? 0),
  };
}

/** printJob: STATUS from the conditions (Complete > Failed > Terminating > Suspended > FailureTarget > SuccessCriteriaMet > Running), COMPLETIONS, DURATION. */
export function jobColumns(job: KObject, now: number): { status: string; completions: string; duration: string } {
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  const succeeded = st.succeeded ?? 0;
  let completions: string;
  if (spec.completions != null) completions = `${succeeded}/${spec.completions}`;
  else completions = (spec.parallelism ?? 0) > 1 ? `${succeeded}/1 of ${spec.parallelism}` : `${succeeded}/1`;
  let duration = '';
  if (st.startTime) duration = humanDuration((st.completionTime ? Date.parse(st.completionTime) : now) - Date.parse(st.startTime));
  const has = (type: string) => (st.conditions ?? []).some((c: { type: string; status: string }) => c.type === type && c.status === 'True');
  let status = 'Running';
  if (has('Complete')) status = 'Complete';
  else if (has('Failed')) status = 'Failed';
  else if (job.metadata.deletionTimestamp) status = 'Terminating';
  else if (has('Suspended')) status = 'Suspended';
  else if (has('FailureTarget')) status = 'FailureTarget';
  else if (has('SuccessCriteriaMet')) status = 'SuccessCriteriaMet';
  return { status, completions, duration };
}
