/**
 * The kubelet's prober (pkg/kubelet/prober): startup, liveness and readiness probes on the
 * virtual clock. Nothing is stored per probe run: a probe's health is a piecewise-constant
 * function of time from the container's start on (what the image serves, the files its command
 * creates and removes, the health toggles a step sets), and its result at any moment follows from
 * walking the probe times over that function with the thresholds. So a kubelet that syncs late
 * reaches the same result as one that probed every period.
 *
 * Probe times: the container's start plus initialDelaySeconds, then every periodSeconds (the
 * kubelet's random initial jitter within one period is left out). Liveness and readiness probes
 * count only once the startup probe has succeeded (worker.go doProbe).
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { ContainerRuntime } from './runtime';
import { boundPorts, imageBehaviour, imageRepository } from './profile';
import { serve } from '../network/traffic';
import { fileExists, fileTimeline, FileEvent } from './process';
import { getObject, objectKey } from '../store/store';

export type ProbeKind = 'startup' | 'liveness' | 'readiness';

const KIND_TITLE: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

interface Health {
  ok: boolean;
  /** the prober's output for a failure, as the Unhealthy event quotes it */
  detail: string;
}

interface Segment extends Health {
  from: number;
}

interface Grid {
  /** the first probe's time */
  first: number;
  period: number;
}

/** A walk's outcome: when the result flipped, and the result at the end. */
interface Flip {
  at: number;
  result: boolean;
}

function grid(probe: any, startedAt: number): Grid {
  return { first: startedAt + (probe.initialDelaySeconds ?? 0) * 1000, period: Math.max(1, probe.periodSeconds ?? 10) * 1000 };
}

/** The index of the first probe at or after `t`. */
function firstIndexFrom(g: Grid, t: number): number {
  return Math.max(0, Math.ceil((t - g.first) / g.period));
}

/** The exec command's view of the container's files: busybox's and coreutils' `cat` word it differently. */
function execHealth(command: string[], image: string, files: FileEvent[], t: number): Health {
  const prog = (command[0] ?? '').split('/').pop()!;
  if (prog === 'false') return { ok: false, detail: '' };
  const target = command.slice(1).filter((a) => !a.startsWith('-') && a !== '[' && a !== ']').pop();
  if (!['cat', 'ls', 'test', '[', 'stat', 'head'].includes(prog) || target === undefined) return { ok: true, detail: '' };
  if (fileExists(files, target, t)) return { ok: true, detail: '' };
  const busybox = ['busybox', 'alpine'].includes(imageRepository(image));
  if (prog === 'cat') return { ok: false, detail: busybox ? `cat: can't open '${target}': No such file or directory` : `cat: ${target}: No such file or directory` };
  if (prog === 'ls') return { ok: false, detail: busybox ? `ls: ${target}: No such file or directory` : `ls: cannot access '${target}': No such file or directory` };
  return { ok: false, detail: '' };
}

/** The health of one probe as a function of time from the container's start, with the times it may change. */
function healthOf(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime, probe: any): { changes: number[]; at: (t: number) => Health } {
  const started = ct.startedAt ?? c.now;
  const toggles = ct.healthToggles ?? [];
  // a toggle changes the probe runs after it: a run at the same moment was already made
  const failingAt = (t: number) => {
    let failing = false;
    for (const x of toggles) if (x.at < t) failing = x.failing;
    return failing;
  };
  const changes = toggles.map((x) => x.at + 1);
  const ip = pod.status?.podIP ?? '';
  const portOf = (p: number | string) => (typeof p === 'number' ? p : (spec.ports ?? []).find((x: { name?: string }) => x.name === p)?.containerPort);
  if (probe.httpGet) {
    const port = portOf(probe.httpGet.port);
    const path = probe.httpGet.path ?? '/';
    const url = `http://${ip}:${port}${path}`;
    // agnhost liveness (the Kubernetes docs' example) turns unhealthy 10 s after it starts
    if (imageRepository(spec.image) === 'e2e-test-images/agnhost') changes.push(started + 10_000);
    // what the server answers may change with its files (nginx without its index page)
    changes.push(...fileTimeline(spec, imageBehaviour(c.profile, spec.image), ct, c.now).map((f) => f.at));
    return {
      changes,
      at: (t) => {
        if (failingAt(t)) return { ok: false, detail: 'HTTP probe failed with statuscode: 500' };
        const a = port === undefined ? undefined : serve(c, pod, port, path, { hostHeader: `${ip}:${port}`, clientIP: pod.status?.hostIP ?? '', at: t });
        if (!a || !a.ok) return { ok: false, detail: `Get "${url}": dial tcp ${ip}:${port}: connect: connection refused` };
        if (a.status < 200 || a.status >= 400) return { ok: false, detail: `HTTP probe failed with statuscode: ${a.status}` };
        return { ok: true, detail: '' };
      },
    };
  }
  if (probe.tcpSocket) {
    const port = portOf(probe.tcpSocket.port);
    const rt = c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!));
    const bound =
      port !== undefined &&
      (pod.spec?.containers ?? []).some((x: any) => rt?.containers.find((r) => r.name === x.name)?.phase === 'running' && boundPorts(x, imageBehaviour(c.profile, x.image)).includes(port));
    const refused = { ok: false, detail: `dial tcp ${ip}:${port}: connect: connection refused` };
    return { changes, at: (t) => (failingAt(t) || !bound ? refused : { ok: true, detail: '' }) };
  }
  if (probe.exec) {
    const files = fileTimeline(spec, imageBehaviour(c.profile, spec.image), ct, c.now);
    changes.push(...files.map((f) => f.at));
    const command: string[] = probe.exec.command ?? [];
    return { changes, at: (t) => (failingAt(t) ? { ok: false, detail: '' } : execHealth(command, spec.image, files, t)) };
  }
  return { changes, at: () => ({ ok: true, detail: '' }) };
}

function segmentsOf(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime, probe: any): Segment[] {
  const started = ct.startedAt ?? c.now;
  const h = healthOf(c, pod, spec, ct, probe);
  const points = [started, ...h.changes.filter((t) => t > started)].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (const from of points) {
    if (out.length && out[out.length - 1].from === from) continue;
    const health = h.at(from);
    const last = out[out.length - 1];
    if (last && last.ok === health.ok && last.detail === health.detail) continue;
    out.push({ from, ...health });
  }
  return out;
}

/**
 * Walks the probe times from `activeFrom` on over the health segments: the result starts at
 * `initial` and flips after `successThreshold` consecutive successes or `failureThreshold`
 * consecutive failures. Stops at the first flip when `firstOnly`.
 */
function walk(g: Grid, segs: Segment[], activeFrom: number, initial: boolean, successThreshold: number, failureThreshold: number, firstOnly: boolean): Flip[] {
  const flips: Flip[] = [];
  let result = initial;
  let runHealth: boolean | undefined;
  let run = 0;
  for (let i = 0; i < segs.length; i++) {
    const start = Math.max(segs[i].from, activeFrom);
    const end = i + 1 < segs.length ? segs[i + 1].from : Infinity;
    if (start >= end) continue;
    const k0 = firstIndexFrom(g, start);
    const n = end === Infinity ? Infinity : Math.max(0, firstIndexFrom(g, end) - k0);
    if (n === 0) continue;
    const ok = segs[i].ok;
    if (ok !== runHealth) {
      runHealth = ok;
      run = 0;
    }
    if (result !== ok) {
      const needed = (ok ? successThreshold : failureThreshold) - run;
      if (n >= needed) {
        result = ok;
        flips.push({ at: g.first + (k0 + needed - 1) * g.period, result });
        if (firstOnly) return flips;
      }
    }
    run += n;
  }
  return flips;
}

/** When the startup probe first succeeds (the container counts as started); Infinity: not yet foreseeable. */
function startedTime(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime): { at: number; failedAt?: number } {
  const started = ct.startedAt ?? c.now;
  const probe = spec.startupProbe;
  if (!probe) return { at: started };
  const segs = segmentsOf(c, pod, spec, ct, probe);
  const g = grid(probe, started);
  // the result is unknown at first: one success starts the container, failureThreshold failures kill it
  const success = walk(g, segs, started, false, 1, Infinity, true)[0]?.at ?? Infinity;
  const failure = walk(g, segs, started, true, 1, probe.failureThreshold ?? 3, true)[0]?.at;
  if (failure !== undefined && failure < success) return { at: Infinity, failedAt: failure };
  return { at: success };
}

export interface ProbeKill {
  at: number;
  kind: 'startup' | 'liveness';
}

/** When the kubelet kills a running container for a failed startup or liveness probe, if it will. */
export function probeKill(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime): ProbeKill | undefined {
  if (!spec.startupProbe && !spec.livenessProbe) return undefined;
  const started = startedTime(c, pod, spec, ct);
  if (started.failedAt !== undefined) return { at: started.failedAt, kind: 'startup' };
  const probe = spec.livenessProbe;
  if (!probe || started.at === Infinity) return undefined;
  const g = grid(probe, ct.startedAt ?? c.now);
  const flip = walk(g, segmentsOf(c, pod, spec, ct, probe), started.at, true, 1, probe.failureThreshold ?? 3, true)[0];
  return flip ? { at: flip.at, kind: 'liveness' } : undefined;
}

/** Whether the container counts as started at `now` (status.containerStatuses[].started). */
export function isStarted(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime): boolean {
  return startedTime(c, pod, spec, ct).at <= c.now;
}

/** The readiness result at `now` and when it next changes; no probe: ready once started. */
export function readiness(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime): { ready: boolean; next?: number } {
  const started = startedTime(c, pod, spec, ct).at;
  const probe = spec.readinessProbe;
  if (!probe) return started <= c.now ? { ready: true } : { ready: false, next: started === Infinity ? undefined : started };
  if (started === Infinity) return { ready: false };
  const g = grid(probe, ct.startedAt ?? c.now);
  // the readiness result starts as Failure (worker.go: initialValue for readiness)
  const flips = walk(g, segmentsOf(c, pod, spec, ct, probe), started, false, probe.successThreshold ?? 1, probe.failureThreshold ?? 3, false);
  let ready = false;
  let next: number | undefined;
  for (const f of flips) {
    if (f.at <= c.now) ready = f.result;
    else if (next === undefined) next = f.at;
  }
  return { ready, next };
}

export interface ProbeFailures {
  kind: ProbeKind;
  detail: string;
  count: number;
  first: number;
  last: number;
}

/**
 * The failed probe runs of a container in (`after`, `until`]: what the kubelet reports as Warning
 * Unhealthy events (`Liveness probe failed: ...`), grouped by message.
 */
export function probeFailures(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime, after: number, until: number): ProbeFailures[] {
  const out: ProbeFailures[] = [];
  const startedAt = ct.startedAt ?? c.now;
  const started = startedTime(c, pod, spec, ct).at;
  for (const kind of ['startup', 'liveness', 'readiness'] as ProbeKind[]) {
    const probe = spec[`${kind}Probe`];
    if (!probe) continue;
    const g = grid(probe, startedAt);
    const segs = segmentsOf(c, pod, spec, ct, probe);
    // startup probes run until the container has started; the others from then on
    const lo = kind === 'startup' ? after : Math.max(after, started - 1);
    const hi = kind === 'startup' ? Math.min(until, started - 1) : until;
    for (let i = 0; i < segs.length; i++) {
      if (segs[i].ok) continue;
      const a = Math.max(segs[i].from, lo + 1);
      const b = Math.min(i + 1 < segs.length ? segs[i + 1].from - 1 : Infinity, hi);
      if (a > b) continue;
      const k0 = firstIndexFrom(g, a);
      const k1 = Math.floor((b - g.first) / g.period);
      if (k1 < k0) continue;
      const first = g.first + k0 * g.period;
      const last = g.first + k1 * g.period;
      const same = out.find((x) => x.kind === kind && x.detail === segs[i].detail);
      if (same) {
        same.count += k1 - k0 + 1;
        same.last = last;
      } else out.push({ kind, detail: segs[i].detail, count: k1 - k0 + 1, first, last });
    }
  }
  return out;
}

/** `Liveness probe failed: ...`, the Unhealthy event's message. */
export function unhealthyMessage(f: ProbeFailures): string {
  return `${KIND_TITLE[f.kind]} probe failed: ${f.detail}`;
}

/** The next failed probe run after `now` while a probe keeps failing (the kubelet reports each one). */
export function nextFailedProbe(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime): number | undefined {
  let next: number | undefined;
  for (const kind of ['startup', 'liveness', 'readiness'] as ProbeKind[]) {
    const probe = spec[`${kind}Probe`];
    if (!probe) continue;
    const g = grid(probe, ct.startedAt ?? c.now);
    const t = g.first + firstIndexFrom(g, c.now + 1) * g.period;
    const f = probeFailures(c, pod, spec, ct, c.now, t).find((x) => x.kind === kind);
    if (f && (next === undefined || f.first < next)) next = f.first;
  }
  return next;
}

/**
 * The requests httpGet probes sent the container in [`from`, `to`], as its server logged them
 * (nginx's access log shows the kubelet's `kube-probe/<version>` every period): the startup
 * probe's until it succeeded, then the liveness and readiness probes'.
 */
export function probeAccessLog(c: Cluster, pod: KObject, spec: any, ct: ContainerRuntime, from: number, to: number): { at: number; text: string }[] {
  if (ct.startedAt === undefined) return [];
  const node = getObject(c.store, objectKey('Node', undefined, pod.spec?.nodeName ?? ''));
  const version = /^v?(\d+\.\d+)/.exec(node?.status?.nodeInfo?.kubeletVersion ?? '')?.[1] ?? '1.32';
  const started = startedTime(c, pod, spec, ct).at;
  const ip = pod.status?.podIP ?? '';
  const out: { at: number; text: string }[] = [];
  const runs: [any, number, number][] = [
    [spec.startupProbe, ct.startedAt, Math.min(started, to)],
    [spec.livenessProbe, started, to],
    [spec.readinessProbe, started, to],
  ];
  for (const [probe, active, until] of runs) {
    if (!probe?.httpGet || active === Infinity) continue;
    const port = typeof probe.httpGet.port === 'number' ? probe.httpGet.port : (spec.ports ?? []).find((x: { name?: string }) => x.name === probe.httpGet.port)?.containerPort;
    if (port === undefined) continue;
    const g = grid(probe, ct.startedAt);
    const path = probe.httpGet.path ?? '/';
    // at most the last thousand runs: a long-lived pod's log is read with --tail
    const last = Math.floor((Math.min(until, to) - g.first) / g.period);
    for (let i = Math.max(firstIndexFrom(g, Math.max(from, active)), last - 999); i <= last; i++) {
      const t = g.first + i * g.period;
      const a = serve(c, pod, port, path, { hostHeader: `${ip}:${port}`, clientIP: pod.status?.hostIP ?? '', at: t, userAgent: `kube-probe/${version}` });
      const log = a.ok ? a.log : undefined;
      if (log && log.container === spec.name) out.push({ at: t, text: log.text });
    }
  }
  return out;
}
