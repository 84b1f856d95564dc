/**
 * What `kubectl logs` reads: one instance of a container's output (the kubelet's
 * GetContainerLogs). An instance logs what its command prints (echo, printf, date, the pi Job's
 * digits, process.ts) at the moments it prints them, and what its server logged (nginx's access
 * log lines, recorded by the requests that reached it, and its probes' requests); the current
 * instance up to now, or with
 * `previous` the one that ended last. The errors are the kubelet's and the API server's words.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectKey } from '../store/store';
import { processOutput } from './process';
import { probeAccessLog } from './prober';
import { dateText } from '../time-format';

export { dateText };

export type LogResult = { lines: { at: number; text: string }[] } | { error: string };

export function containerLogs(c: Cluster, pod: KObject, containerName: string, previous: boolean): LogResult {
  const podName = pod.metadata.name!;
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x: { name: string }) => x.name === containerName);
  if (!spec) return { error: `container ${containerName} is not valid for pod ${podName}` };
  if (!pod.spec?.nodeName) return { error: `pod ${podName} does not have a host assigned` };
  const ct = c.runtime.get(objectKey('Pod', pod.metadata.namespace, podName))?.containers.find((x) => x.name === containerName);
  let window: { from: number; to: number } | undefined;
  if (previous) {
    if (ct?.lastTerminated) window = { from: ct.lastTerminated.startedAt, to: ct.lastTerminated.finishedAt };
    else return { error: `previous terminated container "${containerName}" in pod "${podName}" not found` };
  } else if (ct?.phase === 'crashBackOff' && ct.lastTerminated) {
    // between restarts the latest container is the one that died: its logs are the current ones
    window = { from: ct.lastTerminated.startedAt, to: ct.lastTerminated.finishedAt };
  } else if (ct?.startedAt !== undefined && ['running', 'stopping', 'exited'].includes(ct.phase)) {
    window = { from: ct.startedAt, to: ct.phase === 'running' || ct.phase === 'stopping' ? c.now : (ct.finishedAt ?? c.now) };
  } else {
    const waiting = ct?.phase === 'pullBackOff' ? 'trying and failing to pull image' : ct?.phase === 'configError' ? ct.reason : 'ContainerCreating';
    return { error: `container "${containerName}" in pod "${podName}" is waiting to start: ${waiting}` };
  }
  const w = window;
  const own = processOutput(spec)
    .map((o) => ({ at: w.from + o.atMs, text: 'date' in o ? `${dateText(w.from + o.atMs)}\n` : o.text }))
    .filter((o) => o.at <= w.to);
  const served = (ct?.logs ?? []).filter((l) => l.at >= w.from && l.at <= w.to).map((l) => ({ at: l.at, text: `${l.text}\n` }));
  // the probes' requests, for the instance that is running (a previous one's probe history is not kept)
  const probed = ct && !previous && ct.startedAt === w.from ? probeAccessLog(c, pod, spec, ct, w.from, w.to).map((l) => ({ at: l.at, text: `${l.text}\n` })) : [];
  return { lines: [...own, ...served, ...probed].sort((a, b) => a.at - b.at) };
}
