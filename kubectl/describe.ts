/**
 * `kubectl describe` for pods, ReplicaSets and Deployments, laid out as
 * kubectl/pkg/describe/describe.go lays them out: `key:\tvalue` lines through one tabwriter
 * (minwidth 0, padding 2), labels one per line, the pod template, conditions, and the events
 * table after a flush.
 */
import { downwardValue } from '../engine/node/container-env';
import { Cluster, controllerOf, eventsOf, KObject, listResources } from '../engine';
import { ClusterEvent } from '../engine/cluster';
import { parseQuantity } from '../engine/store/store';
import { findNewReplicaSet, findOldReplicaSets } from '../engine/controllers/deployment/util';
import { humanDuration } from './columns';
import { TabWriter } from './tabwriter';
import { accessModeList, formatLabels, ingressAddress, nodeRoleList, selectorText } from './printers';
import { replicaSetsOf } from './rollout';

const LEVEL = (n: number) => '  '.repeat(n);

/** Where describe writes: kubectl's tabwriter, or a plain buffer (rollout history prints raw tabs). */
interface Writer {
  write(text: string): void;
  flush(): void;
}

class RawWriter implements Writer {
  text = '';
  write(t: string) {
    this.text += t;
  }
  flush() {}
}

/**
 * `kubectl rollout history --revision N`: printTemplate writes DescribePodTemplate through a
 * PrefixWriter on a plain buffer, so its columns are raw tabs, not aligned.
 */
export function podTemplateRaw(template: any): string {
  const w = new RawWriter();
  podTemplate(w, template);
  return w.text;
}

/** time.RFC1123Z: `Wed, 01 Jan 2025 00:00:00 +0000`. */
export function rfc1123z(iso: string | number | undefined): string {
  if (iso === undefined) return '<unknown>';
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultiline: sorted, one per line, continuation lines under the first value. */
function labels(w: Writer, title: string, map: Record<string, string> | undefined, indent = '') {
  const keys = Object.keys(map ?? {}).sort();
  if (!keys.length) return w.write(`${indent}${title}:\t<none>\n`);
  keys.forEach((k, i) => w.write(`${i ? `${indent}\t` : `${indent}${title}:\t`}${k}=${map![k]}\n`));
}

/** printAnnotationsMultiline: like labels, without last-applied-configuration, long values cut at 140. */
function annotations(w: Writer, title: string, map: Record<string, string> | undefined, indent = '') {
  const shown = Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration'));
  const keys = Object.keys(shown).sort();
  if (!keys.length) return w.write(`${indent}${title}:\t<none>\n`);
  keys.forEach((k, i) => {
    const v = shown[k].length > 140 ? `${shown[k].slice(0, 140)}...` : shown[k];
    w.write(`${i ? `${indent}\t` : `${indent}${title}:\t`}${k}: ${v}\n`);
  });
}

/** The opening most describers share: Name, Namespace, Labels, Annotations. */
function nameAndMetadata(w: Writer, o: KObject) {
  w.write(`Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace}\n`);
  labels(w, 'Labels', o.metadata.labels);
  annotations(w, 'Annotations', o.metadata.annotations);
}

function tolerations(w: Writer, title: string, list: any[] | undefined, indent = '') {
  if (!list?.length) return w.write(`${indent}${title}:\t<none>\n`);
  list.forEach((t, i) => {
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += `${t.key || t.effect ? ' ' : ''}op=Exists`;
    if (t.tolerationSeconds !== undefined) text += ` for ${t.tolerationSeconds}s`;
    w.write(`${i ? `${indent}\t` : `${indent}${title}:\t`}${text}\n`);
  });
}

const ports = (cs: any[] | undefined, field: 'containerPort' | 'hostPort') => (cs ?? []).map((p) => `${p[field] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');

function containers(w: Writer, label: string, list: any[], statuses: any[] | undefined, space: string, pod?: KObject) {
  w.write(`${space}${label}:\n`);
  for (const c of list) {
    const st = statuses?.find((s) => s.name === c.name);
    w.write(`${LEVEL(1)}${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(`${LEVEL(2)}Container ID:\t${st.containerID ?? ''}\n`);
    w.write(`${LEVEL(2)}Image:\t${c.image}\n`);
    if (st) w.write(`${LEVEL(2)}Image ID:\t${st.imageID ?? ''}\n`);
    const p = ports(c.ports, 'containerPort'), hp = ports(c.ports, 'hostPort');
    w.write(`${LEVEL(2)}${p.includes(',') ? 'Ports' : 'Port'}:\t${p || '<none>'}\n`);
    w.write(`${LEVEL(2)}${hp.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hp || '<none>'}\n`);
    if (c.command?.length) {
      w.write(`${LEVEL(2)}Command:\n`);
      for (const x of c.command) w.write(`${LEVEL(3)}${x}\n`);
    }
    if (c.args?.length) {
      w.write(`${LEVEL(2)}Args:\n`);
      for (const x of c.args) w.write(`${LEVEL(3)}${x}\n`);
    }
    if (st) {
      state(w, 'State', st.state);
      if (st.lastState?.terminated) state(w, 'Last State', st.lastState);
      w.write(`${LEVEL(2)}Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(`${LEVEL(2)}Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    // describeContainerResource: limits, then requests, by resource name
    for (const [title, list] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]]) {
      const names = Object.keys(list ?? {}).sort();
      if (names.length) w.write(`${LEVEL(2)}${title}:\n`);
      for (const n of names) w.write(`${LEVEL(3)}${n}:\t${list[n]}\n`);
    }
    for (const [title, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]]) {
      if (probe) w.write(`${LEVEL(2)}${title}:\t${describeProbe(probe)}\n`);
    }
    containerEnvironment(w, c, pod);
    w.write(`${LEVEL(2)}Mounts:${(c.volumeMounts ?? []).length ? '' : '\t<none>'}\n`);
    for (const m of c.volumeMounts ?? []) w.write(`${LEVEL(3)}${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
  }
}

/** describeContainerEnvFrom and describeContainerEnvVars: sources by name, references as kubectl spells them. */
function containerEnvironment(w: Writer, c: any, pod: KObject | undefined) {
  const from: any[] = c.envFrom ?? [];
  if (from.length) {
    w.write(`${LEVEL(2)}Environment Variables from:\n`);
    for (const e of from) {
      const [kind, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : ['Secret', e.secretRef ?? {}];
      w.write(`${LEVEL(3)}${ref.name ?? ''}\t${kind}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${!!ref.optional}\n`);
    }
  }
  const env: any[] = c.env ?? [];
  w.write(`${LEVEL(2)}Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    const v = e.valueFrom;
    if (!v) {
      String(e.value ?? '').split('\n').forEach((line, i) => w.write(i ? `${LEVEL(3)}\t${line}\n` : `${LEVEL(3)}${e.name}:\t${line}\n`));
    } else if (v.fieldRef) {
      const value = pod ? downwardValue(pod, v.fieldRef.fieldPath) : '';
      w.write(`${LEVEL(3)}${e.name}:\t${value} (${v.fieldRef.apiVersion ?? 'v1'}:${v.fieldRef.fieldPath})\n`);
    } else if (v.secretKeyRef) {
      w.write(`${LEVEL(3)}${e.name}:\t<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name}'>\tOptional: ${!!v.secretKeyRef.optional}\n`);
    } else if (v.configMapKeyRef) {
      w.write(`${LEVEL(3)}${e.name}:\t<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name}'>\tOptional: ${!!v.configMapKeyRef.optional}\n`);
    }
  }
}

/** describe.go DescribeProbe: the handler as a URL or command, then the timings. */
function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const port = String(p.httpGet.port ?? '');
    const host = p.httpGet.host ?? '';
    return `http-get ${(p.httpGet.scheme ?? '').toLowerCase()}://${port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function state(w: Writer, name: string, s: any) {
  if (s?.running) {
    w.write(`${LEVEL(2)}${name}:\tRunning\n`);
    w.write(`${LEVEL(3)}Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.write(`${LEVEL(2)}${name}:\tTerminated\n`);
    if (t.reason) w.write(`${LEVEL(3)}Reason:\t${t.reason}\n`);
    if (t.message) w.write(`${LEVEL(3)}Message:\t${t.message}\n`);
    w.write(`${LEVEL(3)}Exit Code:\t${t.exitCode}\n`);
    if (t.signal) w.write(`${LEVEL(3)}Signal:\t${t.signal}\n`);
    w.write(`${LEVEL(3)}Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(`${LEVEL(3)}Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(`${LEVEL(2)}${name}:\tWaiting\n`);
    if (s?.waiting?.reason) w.write(`${LEVEL(3)}Reason:\t${s.waiting.reason}\n`);
  }
}

function volumes(w: Writer, list: any[] | undefined, space: string) {
  if (!list?.length) return w.write(`${space}Volumes:\t<none>\n`);
  w.write(`${space}Volumes:\n`);
  for (const v of list) {
    w.write(`${space}${LEVEL(1)}${v.name}:\n`);
    if (v.emptyDir) w.write(`${space}${LEVEL(2)}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n${space}${LEVEL(2)}Medium:\t${v.emptyDir.medium ?? ''}\n${space}${LEVEL(2)}SizeLimit:\t<unset>\n`);
    else if (v.persistentVolumeClaim) w.write(`${space}${LEVEL(2)}Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n${space}${LEVEL(2)}ClaimName:\t${v.persistentVolumeClaim.claimName}\n${space}${LEVEL(2)}ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`);
    else if (v.hostPath) w.write(`${space}${LEVEL(2)}Type:\tHostPath (bare host directory volume)\n${space}${LEVEL(2)}Path:\t${v.hostPath.path}\n${space}${LEVEL(2)}HostPathType:\t${v.hostPath.type ?? ''}\n`);
    else w.write(`${space}${LEVEL(2)}Type:\t${Object.keys(v).filter((k) => k !== 'name')[0] ?? '<unknown>'}\n`);
  }
}

function podTemplate(w: Writer, t: any) {
  w.write('Pod Template:\n');
  labels(w, '  Labels', t?.metadata?.labels);
  if (Object.keys(t?.metadata?.annotations ?? {}).length) annotations(w, '  Annotations', t.metadata.annotations);
  if (t?.spec?.serviceAccountName) w.write(`${LEVEL(1)}Service Account:\t${t.spec.serviceAccountName}\n`);
  if (t?.spec?.initContainers?.length) containers(w, 'Init Containers', t.spec.initContainers, undefined, '  ');
  containers(w, 'Containers', t?.spec?.containers ?? [], undefined, '  ');
  volumes(w, t?.spec?.volumes, '  ');
  if (t?.spec?.priorityClassName) w.write(`${LEVEL(1)}Priority Class Name:\t${t.spec.priorityClassName}\n`);
  labels(w, '  Node-Selectors', t?.spec?.nodeSelector);
  tolerations(w, '  Tolerations', t?.spec?.tolerations);
}

/** DescribeEvents: oldest first; `Age` is since the first time, with `(xN over ...)` for repeats. */
function events(w: Writer, list: ClusterEvent[], now: number) {
  if (!list.length) return w.write('Events:\t<none>\n');
  w.flush();
  w.write('Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(`${LEVEL(1)}----\t------\t----\t----\t-------\n`);
  for (const e of [...list].sort((a, b) => a.lastTimestamp - b.lastTimestamp || a.seq - b.seq)) {
    const first = humanDuration(now - e.firstTimestamp);
    const interval = e.count > 1 ? `${humanDuration(now - e.lastTimestamp)} (x${e.count} over ${first})` : first;
    w.write(`${LEVEL(1)}${e.type}\t${e.reason}\t${interval}\t${e.source.split('/')[0]}\t${e.message.trim()}\n`);
  }
}


const controlledBy = (o: KObject) => {
  const ref = controllerOf(o);
  return ref ? `${ref.kind}/${ref.name}` : '';
};

function describePod(c: Cluster, pod: KObject, w: Writer) {
  const s = pod.status ?? {};
  w.write(`Name:\t${pod.metadata.name}\nNamespace:\t${pod.metadata.namespace}\n`);
  if (pod.spec?.priority !== undefined) w.write(`Priority:\t${pod.spec.priority}\n`);
  if (pod.spec?.priorityClassName) w.write(`Priority Class Name:\t${pod.spec.priorityClassName}\n`);
  if (pod.spec?.serviceAccountName) w.write(`Service Account:\t${pod.spec.serviceAccountName}\n`);
  w.write(`Node:\t${pod.spec?.nodeName ? `${pod.spec.nodeName}/${s.hostIP ?? ''}` : '<none>'}\n`);
  if (s.startTime) w.write(`Start Time:\t${rfc1123z(s.startTime)}\n`);
  labels(w, 'Labels', pod.metadata.labels);
  annotations(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && s.phase !== 'Failed' && s.phase !== 'Succeeded') {
    w.write(`Status:\tTerminating (lasts ${humanDuration(c.now - Date.parse(pod.metadata.deletionTimestamp))})\n`);
    w.write(`Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(`Status:\t${s.phase ?? ''}\n`);
  if (s.reason) w.write(`Reason:\t${s.reason}\n`);
  if (s.message) w.write(`Message:\t${s.message}\n`);
  w.write(`IP:\t${s.podIP ?? ''}\n`);
  if (s.podIPs?.length) {
    w.write('IPs:\n');
    for (const ip of s.podIPs) w.write(`  IP:\t${ip.ip}\n`);
  } else w.write('IPs:\t<none>\n');
  if (controlledBy(pod)) w.write(`Controlled By:\t${controlledBy(pod)}\n`);
  if (pod.spec?.initContainers?.length) containers(w, 'Init Containers', pod.spec.initContainers, s.initContainerStatuses, '', pod);
  containers(w, 'Containers', pod.spec?.containers ?? [], s.containerStatuses, '', pod);
  if (s.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\n');
    for (const cond of s.conditions) w.write(`${LEVEL(1)}${cond.type} \t${cond.status} \n`);
  }
  volumes(w, pod.spec?.volumes, '');
  w.write(`QoS Class:\t${s.qosClass ?? ''}\n`);
  labels(w, 'Node-Selectors', pod.spec?.nodeSelector);
  tolerations(w, 'Tolerations', pod.spec?.tolerations);
  events(w, eventsOf(c, pod), c.now);
}

function describeReplicaSet(c: Cluster, rs: KObject, w: Writer) {
  w.write(`Name:\t${rs.metadata.name}\nNamespace:\t${rs.metadata.namespace}\n`);
  w.write(`Selector:\t${selectorText(rs.kind === 'ReplicationController' ? { matchLabels: rs.spec?.selector } : rs.spec?.selector)}\n`);
  labels(w, 'Labels', rs.metadata.labels);
  annotations(w, 'Annotations', rs.metadata.annotations);
  if (controlledBy(rs)) w.write(`Controlled By:\t${controlledBy(rs)}\n`);
  w.write(`Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
  podsStatus(c, rs, w);
  podTemplate(w, rs.spec?.template);
  if (rs.status?.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\tReason\n');
    w.write(`${LEVEL(1)}----\t------\t------\n`);
    for (const cond of rs.status.conditions) w.write(`${LEVEL(1)}${cond.type} \t${cond.status}\t${cond.reason}\n`);
  }
  events(w, eventsOf(c, rs), c.now);
}

/** The Pods Status line of a controller (getPodStatusForController): its pods by phase. */
function podsStatus(c: Cluster, owner: KObject, w: Writer) {
  const pods = listResources(c, 'Pod', { namespace: owner.metadata.namespace }).filter((p) => controllerOf(p)?.uid === owner.metadata.uid);
  const count = (phase: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  w.write(`Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
}

/** describeDaemonSet (kubectl/pkg/describe/describe.go): the counts are printed without tabs, as upstream writes them. */
function describeDaemonSet(c: Cluster, ds: KObject, w: Writer) {
  const s = ds.status ?? {};
  w.write(`Name:\t${ds.metadata.name}\nNamespace:\t${ds.metadata.namespace}\n`);
  w.write(`Selector:\t${selectorText(ds.spec?.selector)}\n`);
  w.write(`Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
  labels(w, 'Labels', ds.metadata.labels);
  annotations(w, 'Annotations', ds.metadata.annotations);
  w.write(`Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}\n`);
  w.write(`Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}\n`);
  w.write(`Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}\n`);
  w.write(`Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}\n`);
  w.write(`Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}\n`);
  podsStatus(c, ds, w);
  podTemplate(w, ds.spec?.template);
  events(w, eventsOf(c, ds), c.now);
}

/** describeJob (kubectl/pkg/describe/describe.go): optional spec fields only when set, as upstream prints them. */
function describeJob(c: Cluster, job: KObject, w: Writer) {
  const spec = job.spec ?? {};
  const s = job.status ?? {};
  w.write(`Name:\t${job.metadata.name}\nNamespace:\t${job.metadata.namespace}\n`);
  w.write(`Selector:\t${selectorText(spec.selector)}\n`);
  labels(w, 'Labels', job.metadata.labels);
  annotations(w, 'Annotations', job.metadata.annotations);
  if (controlledBy(job)) w.write(`Controlled By:\t${controlledBy(job)}\n`);
  if (spec.parallelism !== undefined) w.write(`Parallelism:\t${spec.parallelism}\n`);
  w.write(`Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.completionMode !== undefined) w.write(`Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(`Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined) w.write(`Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) w.write(`TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (s.startTime) w.write(`Start Time:\t${rfc1123z(s.startTime)}\n`);
  if (s.completionTime) w.write(`Completed At:\t${rfc1123z(s.completionTime)}\n`);
  if (s.startTime && s.completionTime) w.write(`Duration:\t${humanDuration(Date.parse(s.completionTime) - Date.parse(s.startTime))}\n`);
  if (spec.activeDeadlineSeconds !== undefined) w.write(`Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const [active, succeeded, failed] = [s.active ?? 0, s.succeeded ?? 0, s.failed ?? 0];
  w.write(s.ready === undefined ? `Pods Statuses:\t${active} Active / ${succeeded} Succeeded / ${failed} Failed\n` : `Pods Statuses:\t${active} Active (${s.ready} Ready) / ${succeeded} Succeeded / ${failed} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(`Completed Indexes:\t${capIndexes(s.completedIndexes ?? '', 50)}\n`);
  podTemplate(w, spec.template);
  events(w, eventsOf(c, job), c.now);
}

/** describeCronJob, then describeJobTemplate: unset pointers print `<unset>` (the Job template's spec is not defaulted). */
function describeCronJob(c: Cluster, cj: KObject, w: Writer) {
  const spec = cj.spec ?? {};
  const set = (v: unknown, f: (x: any) => string = String) => (v === undefined || v === null ? '<unset>' : f(v));
  w.write(`Name:\t${cj.metadata.name}\nNamespace:\t${cj.metadata.namespace}\n`);
  labels(w, 'Labels', cj.metadata.labels);
  annotations(w, 'Annotations', cj.metadata.annotations);
  w.write(`Schedule:\t${spec.schedule ?? ''}\nConcurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(`Suspend:\t${set(spec.suspend, (b) => (b ? 'True' : 'False'))}\n`);
  w.write(`Successful Job History Limit:\t${set(spec.successfulJobsHistoryLimit)}\nFailed Job History Limit:\t${set(spec.failedJobsHistoryLimit)}\n`);
  w.write(`Starting Deadline Seconds:\t${set(spec.startingDeadlineSeconds, (n) => `${n}s`)}\n`);
  const job = spec.jobTemplate?.spec ?? {};
  w.write(`Selector:\t${job.selector ? selectorText(job.selector) : '<unset>'}\n`);
  w.write(`Parallelism:\t${set(job.parallelism)}\nCompletions:\t${set(job.completions)}\n`);
  if (job.activeDeadlineSeconds != null) w.write(`Active Deadline Seconds:\t${job.activeDeadlineSeconds}s\n`);
  podTemplate(w, job.template);
  w.write(`Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`);
  const active: { name: string }[] = cj.status?.active ?? [];
  w.write(`Active Jobs:\t${active.length ? active.map((j) => j.name).join(', ') : '<none>'}\n`);
  events(w, eventsOf(c, cj), c.now);
}

/** capIndexesListOrNone: the list up to the first comma after the soft limit, then `...`. */
function capIndexes(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma < 0 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

function describeDeployment(c: Cluster, d: KObject, w: Writer) {
  const s = d.status ?? {};
  w.write(`Name:\t${d.metadata.name}\nNamespace:\t${d.metadata.namespace}\nCreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  labels(w, 'Labels', d.metadata.labels);
  annotations(w, 'Annotations', d.metadata.annotations);
  w.write(`Selector:\t${selectorText(d.spec?.selector)}\n`);
  w.write(`Replicas:\t${d.spec?.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  w.write(`StrategyType:\t${d.spec?.strategy?.type ?? ''}\nMinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.write(`RollingUpdateStrategy:\t${ru.maxUnavailable} max unavailable, ${ru.maxSurge} max surge\n`);
  podTemplate(w, d.spec?.template);
  if (s.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\tReason\n');
    w.write(`${LEVEL(1)}----\t------\t------\n`);
    for (const cond of s.conditions) w.write(`${LEVEL(1)}${cond.type} \t${cond.status}\t${cond.reason}\n`);
  }
  const rss = replicaSetsOf(c, d);
  const newRS = findNewReplicaSet(d, rss);
  const old = findOldReplicaSets(d, rss).filter((rs) => (rs.spec?.replicas ?? 0) !== 0);
  const list = (xs: KObject[]) => xs.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
  w.write(`OldReplicaSets:\t${list(old)}\nNewReplicaSet:\t${list(newRS ? [newRS] : [])}\n`);
  events(w, eventsOf(c, d), c.now);
}

/** A CPU quantity in millicores as Quantity.String() prints it: `0`, `250m`, `2`. */
const cpuText = (milli: number) => (milli === 0 ? '0' : milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`);

/** A memory quantity in bytes, in the largest binary unit that divides it. */
function memoryText(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [unit, f] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (bytes % f === 0) return `${bytes / f}${unit}`;
  return String(bytes);
}

function podTotals(pod: KObject): { cpuReq: number; cpuLim: number; memReq: number; memLim: number } {
  const sum = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const ct of pod.spec?.containers ?? []) {
    const r = ct.resources ?? {};
    sum.cpuReq += Math.round(parseQuantity(r.requests?.cpu) * 1000);
    sum.cpuLim += Math.round(parseQuantity(r.limits?.cpu) * 1000);
    sum.memReq += parseQuantity(r.requests?.memory);
    sum.memLim += parseQuantity(r.limits?.memory);
  }
  return sum;
}

/** describeNode, with describeNodeResource's pod and allocation tables. */
function describeNode(c: Cluster, node: KObject, w: Writer) {
  const s = node.status ?? {};
  w.write(`Name:\t${node.metadata.name}\nRoles:\t${nodeRoleList(node).join(',') || '<none>'}\n`);
  labels(w, 'Labels', node.metadata.labels);
  annotations(w, 'Annotations', node.metadata.annotations);
  w.write(`CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  const taints: any[] = node.spec?.taints ?? [];
  if (!taints.length) w.write('Taints:\t<none>\n');
  taints.forEach((t, i) => w.write(`${i ? '\t' : 'Taints:\t'}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(`Unschedulable:\t${!!node.spec?.unschedulable}\n`);
  // describeNodeLease; a running kubelet renewed its Lease within the last 10 s (renewals are written only when it stops and starts)
  const lease = listResources(c, 'Lease', { namespace: 'kube-node-lease' }).find((l) => l.metadata.name === node.metadata.name);
  if (!lease) w.write(`Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found\n`);
  else {
    const renewed = c.agents.get(node.metadata.name!)?.kubeletRunning ? c.now : Date.parse(lease.spec?.renewTime ?? '');
    w.write(`Lease:\n  HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n  AcquireTime:\t<unset>\n  RenewTime:\t${Number.isNaN(renewed) ? '<unset>' : rfc1123z(renewed)}\n`);
  }
  if (s.conditions?.length) {
    w.write('Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(`${LEVEL(1)}----\t------\t-----------------\t------------------\t------\t-------\n`);
    for (const cond of s.conditions) {
      w.write(`${LEVEL(1)}${cond.type} \t${cond.status} \t${rfc1123z(cond.lastHeartbeatTime)} \t${rfc1123z(cond.lastTransitionTime)} \t${cond.reason} \t${cond.message}\n`);
    }
  }
  w.write('Addresses:\n');
  for (const a of s.addresses ?? []) w.write(`${LEVEL(1)}${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', s.capacity], ['Allocatable', s.allocatable]] as const) {
    if (!list) continue;
    w.write(`${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(`  ${k}:\t${list[k]}\n`);
  }
  const info = s.nodeInfo ?? {};
  w.write('System Info:\n');
  for (const [label, key] of [
    ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion'],
  ]) w.write(`  ${label}:\t${info[key] ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(`PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(`PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  const pods = listResources(c, 'Pod', { namespace: '*' }).filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const alloc = s.allocatable ?? s.capacity ?? {};
  const cpuAlloc = Math.round(parseQuantity(alloc.cpu) * 1000) || 1, memAlloc = parseQuantity(alloc.memory) || 1;
  const pct = (x: number, of: number) => Math.trunc((x / of) * 100);
  w.write(`Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(`${LEVEL(1)}Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n`);
  w.write(`${LEVEL(1)}---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n`);
  const total = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const p of pods) {
    const t = podTotals(p);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += t[k];
    const created = p.metadata.creationTimestamp ? humanDuration(c.now - Date.parse(p.metadata.creationTimestamp)) : '<unknown>';
    w.write(
      `${LEVEL(1)}${p.metadata.namespace}\t${p.metadata.name}\t\t${cpuText(t.cpuReq)} (${pct(t.cpuReq, cpuAlloc)}%)\t${cpuText(t.cpuLim)} (${pct(t.cpuLim, cpuAlloc)}%)\t${memoryText(t.memReq)} (${pct(t.memReq, memAlloc)}%)\t${memoryText(t.memLim)} (${pct(t.memLim, memAlloc)}%)\t${created}\n`,
    );
  }
  w.write('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(`${LEVEL(1)}Resource\tRequests\tLimits\n${LEVEL(1)}--------\t--------\t------\n`);
  w.write(`${LEVEL(1)}cpu\t${cpuText(total.cpuReq)} (${pct(total.cpuReq, cpuAlloc)}%)\t${cpuText(total.cpuLim)} (${pct(total.cpuLim, cpuAlloc)}%)\n`);
  w.write(`${LEVEL(1)}memory\t${memoryText(total.memReq)} (${pct(total.memReq, memAlloc)}%)\t${memoryText(total.memLim)} (${pct(total.memLim, memAlloc)}%)\n`);
  w.write(`${LEVEL(1)}ephemeral-storage\t0 (0%)\t0 (0%)\n`);
  events(w, eventsOf(c, node), c.now);
}

/** describeStatefulSet (kubectl/pkg/describe/describe.go), then describeVolumeClaimTemplates. */
function describeStatefulSet(c: Cluster, sts: KObject, w: Writer) {
  const spec = sts.spec ?? {};
  w.write(`Name:\t${sts.metadata.name}\nNamespace:\t${sts.metadata.namespace}\nCreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
  w.write(`Selector:\t${selectorText(spec.selector)}\n`);
  labels(w, 'Labels', sts.metadata.labels);
  annotations(w, 'Annotations', sts.metadata.annotations);
  w.write(`Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  w.write(`Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru?.partition != null) {
    w.write(`${LEVEL(1)}Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable != null) w.write(`${LEVEL(1)}MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  podsStatus(c, sts, w);
  podTemplate(w, spec.template);
  const claims: KObject[] = spec.volumeClaimTemplates ?? [];
  if (!claims.length) w.write('Volume Claims:\t<none>\n');
  else {
    w.write('Volume Claims:\n');
    for (const t of claims) {
      w.write(`${LEVEL(1)}Name:\t${t.metadata?.name}\n${LEVEL(1)}StorageClass:\t${t.spec?.storageClassName ?? ''}\n`);
      labels(w, 'Labels', t.metadata?.labels, '  ');
      labels(w, 'Annotations', t.metadata?.annotations, '  ');
      w.write(`${LEVEL(1)}Capacity:\t${t.spec?.resources?.requests?.storage ?? '<default>'}\n`);
      // %s of a []PersistentVolumeAccessMode
      w.write(`${LEVEL(1)}Access Modes:\t[${(t.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  events(w, eventsOf(c, sts), c.now);
}

/** describePersistentVolumeClaim: printPersistentVolumeClaim, the pods using it, conditions, events. */
function describePersistentVolumeClaim(c: Cluster, pvc: KObject, w: Writer) {
  w.write(`Name:\t${pvc.metadata.name}\nNamespace:\t${pvc.metadata.namespace}\nStorageClass:\t${pvc.spec?.storageClassName ?? ''}\n`);
  if (pvc.metadata.deletionTimestamp) w.write(`Status:\tTerminating (lasts ${humanDuration(c.now - Date.parse(pvc.metadata.deletionTimestamp))})\n`);
  else w.write(`Status:\t${pvc.status?.phase ?? ''}\n`);
  w.write(`Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  labels(w, 'Labels', pvc.metadata.labels);
  annotations(w, 'Annotations', pvc.metadata.annotations);
  w.write(`Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
  const bound = !!pvc.spec?.volumeName;
  w.write(`Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? '0') : ''}\n`);
  w.write(`Access Modes:\t${bound ? accessModeList(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec?.volumeMode) w.write(`VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const users = listResources(c, 'Pod', { namespace: pvc.metadata.namespace })
    .filter((p) => (p.spec?.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName?: string } }) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
    .map((p) => p.metadata.name!)
    .sort();
  if (!users.length) w.write('Used By:\t<none>\n');
  else users.forEach((name, i) => w.write(`${i ? '\t' : 'Used By:\t'}${name}\n`));
  events(w, eventsOf(c, pvc), c.now);
}

/** describeService: one Port / TargetPort / Endpoints group per port, its endpoints from the Endpoints object. */
function describeService(c: Cluster, svc: KObject, w: Writer) {
  const spec = svc.spec ?? {};
  w.write(`Name:\t${svc.metadata.name}\nNamespace:\t${svc.metadata.namespace}\n`);
  labels(w, 'Labels', svc.metadata.labels);
  annotations(w, 'Annotations', svc.metadata.annotations);
  w.write(`Selector:\t${formatLabels(spec.selector)}\nType:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(`IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(`IP Families:\t${(spec.ipFamilies ?? []).length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(`IP:\t${spec.clusterIP ?? ''}\nIPs:\t${(spec.clusterIPs ?? []).length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if ((spec.externalIPs ?? []).length) w.write(`External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.externalName) w.write(`External Name:\t${spec.externalName}\n`);
  const ingress = (svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[];
  if (ingress.length) w.write(`LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`);
  const ep = listResources(c, 'Endpoints', { namespace: svc.metadata.namespace }).find((e) => e.metadata.name === svc.metadata.name);
  for (const p of (spec.ports ?? []) as { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }[]) {
    const name = p.name || '<unset>';
    w.write(`Port:\t${name}\t${p.port}/${p.protocol}\nTargetPort:\t${p.targetPort}/${p.protocol}\n`);
    if (p.nodePort) w.write(`NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(`Endpoints:\t${serviceEndpoints(ep, p.name ?? '')}\n`);
  }
  w.write(`Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(`External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(`Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  events(w, eventsOf(c, svc), c.now);
}

/** formatEndpoints restricted to one port name: ready addresses with that port, three at most, then ` + N more...`. */
function serviceEndpoints(ep: KObject | undefined, port: string): string {
  const subsets = (ep?.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const s of subsets) {
    for (const p of (s.ports ?? []).filter((x) => (x.name ?? '') === port)) {
      count += (s.addresses ?? []).length;
      for (const a of s.addresses ?? []) if (list.length < 3) list.push(`${a.ip}:${p.port}`);
    }
  }
  return list.join(',') + (count > 3 ? ` + ${count - 3} more...` : '');
}

/**
 * describeIngressV1 (kubectl 1.32): its address, class, default backend, TLS, then the rules
 * table with each backend's ready endpoints, read from the Service's EndpointSlices.
 */
function describeIngress(c: Cluster, ing: KObject, w: Writer) {
  const spec = ing.spec ?? {};
  const ns = ing.metadata.namespace ?? 'default';
  w.write(`Name:\t${ing.metadata.name}\n`);
  labels(w, 'Labels', ing.metadata.labels);
  w.write(`Namespace:\t${ns}\nAddress:\t${ingressAddress(ing, true)}\nIngress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  const defaultBackend = spec.defaultBackend ? ingressBackend(c, ns, spec.defaultBackend) : '<default>';
  w.write(`Default backend:\t${defaultBackend}\n`);
  const tls = (spec.tls ?? []) as { hosts?: string[]; secretName?: string }[];
  if (tls.length) {
    w.write('TLS:\n');
    for (const t of tls) w.write(t.secretName ? `${LEVEL(1)}${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `${LEVEL(1)}SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  w.write('Rules:\n  Host\tPath\tBackends\n');
  w.write(`${LEVEL(1)}----\t----\t--------\n`);
  let withHttp = 0;
  for (const rule of (spec.rules ?? []) as any[]) {
    if (!rule.http) continue;
    withHttp++;
    w.write(`${LEVEL(1)}${rule.host || '*'}\t\n`);
    for (const p of (rule.http.paths ?? []) as any[]) w.write(`${LEVEL(2)}\t${p.path ?? ''} \t${ingressBackend(c, ns, p.backend ?? {})}\n`);
  }
  if (!withHttp) w.write(`${LEVEL(1)}*\t*\t${defaultBackend}\n`);
  annotations(w, 'Annotations', ing.metadata.annotations);
  events(w, eventsOf(c, ing), c.now);
}

/** describeBackendV1: `svc:port (endpoints)`, the endpoints of the Service port the backend names. */
function ingressBackend(c: Cluster, ns: string, backend: any): string {
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  const sb = backend.service;
  if (!sb) return '';
  const label = `${sb.name}:${sb.port?.number ? sb.port.number : (sb.port?.name ?? '')}`;
  const svc = listResources(c, 'Service', { namespace: ns }).find((s) => s.metadata.name === sb.name);
  if (!svc) return `${label} (<error: services "${sb.name}" not found>)`;
  let portName = '';
  for (const sp of (svc.spec?.ports ?? []) as { name?: string; port: number }[]) {
    if (sb.port?.number && sb.port.number === sp.port) portName = sp.name ?? '';
    else if (sb.port?.name && sb.port.name === sp.name) portName = sp.name ?? '';
  }
  const slices = listResources(c, 'EndpointSlice', { namespace: ns })
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === sb.name)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return `${label} (${formatEndpointSlices(slices, portName)})`;
}

/** formatEndpointSlices for one port name: ready `ip:port`s, three at most, then ` + N more...` (its count quirks kept). */
function formatEndpointSlices(slices: KObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let more = false, count = 0;
  for (const slice of slices) {
    const endpoints = (slice.endpoints ?? []) as { addresses: string[]; conditions?: { ready?: boolean } }[];
    const ports = (slice.ports ?? []) as { name?: string; port?: number }[];
    const entries = ports.length ? ports.filter((p) => (p.name ?? '') === portName).flatMap((p) => endpoints.map((e) => ({ e, port: p.port }))) : endpoints.map((e) => ({ e, port: undefined }));
    for (const { e, port } of entries) {
      if (list.length === 3) more = true;
      if (e.conditions?.ready === false) continue;
      if (!more) list.push(port === undefined ? e.addresses[0] : `${e.addresses[0]}:${port}`);
      count++;
    }
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** describeIngressClassV1. */
function describeIngressClass(c: Cluster, cls: KObject, w: Writer) {
  w.write(`Name:\t${cls.metadata.name}\n`);
  labels(w, 'Labels', cls.metadata.labels);
  annotations(w, 'Annotations', cls.metadata.annotations);
  w.write(`Controller:\t${cls.spec?.controller ?? ''}\n`);
  const p = cls.spec?.parameters;
  if (p) {
    w.write('Parameters:\n');
    if (p.apiGroup) w.write(`${LEVEL(1)}APIGroup:\t${p.apiGroup}\n`);
    w.write(`${LEVEL(1)}Kind:\t${p.kind}\n${LEVEL(1)}Name:\t${p.name}\n`);
  }
  events(w, eventsOf(c, cls), c.now);
}

/** describeEndpoints: each subset's ready and not-ready addresses and its ports, a blank line after each. */
function describeEndpoints(c: Cluster, ep: KObject, w: Writer) {
  nameAndMetadata(w, ep);
  w.write('Subsets:\n');
  for (const subset of (ep.subsets ?? []) as { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol?: string }[] }[]) {
    w.write(`${LEVEL(1)}Addresses:\t${(subset.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(`${LEVEL(1)}NotReadyAddresses:\t${(subset.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if ((subset.ports ?? []).length) {
      w.write(`${LEVEL(1)}Ports:\n${LEVEL(2)}Name\tPort\tProtocol\n${LEVEL(2)}----\t----\t--------\n`);
      for (const p of subset.ports!) w.write(`${LEVEL(2)}${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write('\n');
  }
  events(w, eventsOf(c, ep), c.now);
}

/** describeConfigMap: each key, a `----` rule and its value; binary keys by size (keys sorted here: Go's map order is random). */
function describeConfigMap(c: Cluster, cm: KObject, w: Writer) {
  nameAndMetadata(w, cm);
  w.write('\nData\n====\n');
  const data = (cm.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) w.write(`${k}:\n----\n${data[k]}\n\n`);
  w.write('\nBinaryData\n====\n');
  const binary = (cm.binaryData ?? {}) as Record<string, string>;
  for (const k of Object.keys(binary).sort()) w.write(`${k}: ${Buffer.from(binary[k], 'base64').length} bytes\n`);
  w.write('\n');
  events(w, eventsOf(c, cm), c.now);
}

/** describeSecret: the type and each key's size, never its value. */
function describeSecret(_c: Cluster, secret: KObject, w: Writer) {
  nameAndMetadata(w, secret);
  w.write(`\nType:\t${secret.type ?? ''}\n\nData\n====\n`);
  const data = (secret.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) w.write(`${k}:\t${Buffer.from(data[k], 'base64').length} bytes\n`);
}

/** describeEndpointSliceV1: ports, then each endpoint with its Ready condition, hostname, target, node and zone. */
function describeEndpointSlice(c: Cluster, eps: KObject, w: Writer) {
  nameAndMetadata(w, eps);
  w.write(`AddressType:\t${eps.addressType ?? ''}\n`);
  const ports = (eps.ports ?? []) as { name?: string; port?: number; protocol?: string }[];
  if (!ports.length) w.write('Ports: <unset>\n');
  else {
    w.write(`Ports:\n${LEVEL(1)}Name\tPort\tProtocol\n${LEVEL(1)}----\t----\t--------\n`);
    for (const p of ports) w.write(`${LEVEL(1)}${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  const endpoints = (eps.endpoints ?? []) as { addresses?: string[]; conditions?: { ready?: boolean }; hostname?: string; targetRef?: { kind: string; name: string }; nodeName?: string; zone?: string }[];
  if (!endpoints.length) w.write('Endpoints: <none>\n');
  else {
    w.write('Endpoints:\n');
    for (const e of endpoints) {
      w.write(`${LEVEL(1)}- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(`${LEVEL(2)}Conditions:\n${LEVEL(3)}Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(`${LEVEL(2)}Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(`${LEVEL(2)}TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      w.write(`${LEVEL(2)}NodeName:\t${e.nodeName ?? '<unset>'}\n${LEVEL(2)}Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  events(w, eventsOf(c, eps), c.now);
}

/** describeNamespace with DescribeResourceQuotas and DescribeLimitRanges. */
function describeNamespace(c: Cluster, ns: KObject, w: Writer) {
  w.write(`Name:\t${ns.metadata.name}\n`);
  labels(w, 'Labels', ns.metadata.labels);
  annotations(w, 'Annotations', ns.metadata.annotations);
  w.write(`Status:\t${ns.status?.phase ?? ''}\n\n`);
  const quotas = listResources(c, 'ResourceQuota', { namespace: ns.metadata.name }).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  if (!quotas.length) w.write('No resource quota.\n');
  else {
    w.write('Resource Quotas\n');
    for (const q of quotas) {
      w.write(`${LEVEL(1)}Name:\t${q.metadata.name}\n${LEVEL(1)}Resource\tUsed\tHard\n${LEVEL(1)}--------\t---\t---\n`);
      quotaRows(w, q, LEVEL(1));
    }
  }
  const ranges = listResources(c, 'LimitRange', { namespace: ns.metadata.name }).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  if (!ranges.length) return w.write('\nNo LimitRange resource.\n');
  w.write('\nResource Limits\n');
  for (const lr of ranges) {
    w.write(` Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n`);
    limitRows(w, lr, ' ');
  }
}

/** describeLimitRangeSpec: a row per item and resource, `-` where the item sets nothing. */
function limitRows(w: Writer, lr: KObject, indent: string) {
  for (const item of (lr.spec?.limits ?? []) as any[]) {
    const resources = [...new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'].flatMap((f) => Object.keys(item[f] ?? {})))].sort();
    const v = (f: string, r: string) => item[f]?.[r] ?? '-';
    for (const r of resources) w.write(`${indent}${item.type}\t${r}\t${v('min', r)}\t${v('max', r)}\t${v('defaultRequest', r)}\t${v('default', r)}\t${v('maxLimitRequestRatio', r)}\n`);
  }
}

/** describeLimitRange. */
function describeLimitRange(_c: Cluster, lr: KObject, w: Writer) {
  w.write(`Name:\t${lr.metadata.name}\nNamespace:\t${lr.metadata.namespace}\n`);
  w.write('Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  limitRows(w, lr, '');
}

/** Each resource of a quota's status: used, hard. */
function quotaRows(w: Writer, q: KObject, indent: string) {
  const hard = (q.status?.hard ?? {}) as Record<string, string>;
  const used = (q.status?.used ?? {}) as Record<string, string>;
  for (const r of Object.keys(hard).sort()) w.write(`${indent}${r}\t${used[r] ?? '0'}\t${hard[r]}\n`);
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** describeQuota: its scopes with helpTextForResourceQuotaScope, then each resource. */
function describeResourceQuota(_c: Cluster, q: KObject, w: Writer) {
  w.write(`Name:\t${q.metadata.name}\nNamespace:\t${q.metadata.namespace}\n`);
  const scopes = [...((q.spec?.scopes ?? []) as string[])].sort();
  if (scopes.length) {
    w.write(`Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) if (SCOPE_HELP[s]) w.write(` * ${SCOPE_HELP[s]}\n`);
  }
  w.write('Resource\tUsed\tHard\n--------\t----\t----\n');
  quotaRows(w, q, '');
}

const DESCRIBERS: Record<string, (c: Cluster, o: KObject, w: TabWriter) => void> = {
  Node: describeNode,
  Namespace: describeNamespace,
  Pod: describePod,
  ReplicaSet: describeReplicaSet,
  ReplicationController: describeReplicaSet,
  Deployment: describeDeployment,
  DaemonSet: describeDaemonSet,
  StatefulSet: describeStatefulSet,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  Job: describeJob,
  CronJob: describeCronJob,
  Service: describeService,
  Endpoints: describeEndpoints,
  ResourceQuota: describeResourceQuota,
  LimitRange: describeLimitRange,
  EndpointSlice: describeEndpointSlice,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Ingress: describeIngress,
  IngressClass: describeIngressClass,
};

export function canDescribe(kind: string): boolean {
  return kind in DESCRIBERS;
}

/** The describe text of one object (kubectl separates several with a blank line). */
export function describe(c: Cluster, obj: KObject): string {
  const w = new TabWriter(0, 2);
  DESCRIBERS[obj.kind](c, obj, w);
  return w.toString();
}
