/**
 * Disturbances: what a property run throws at the cluster, as plain data. User actions run as the
 * kubectl command a person would type (through kubehave's kubectl), faults as engine actions;
 * each, once applied, is written down as the Gherkin step that does exactly the same, so a
 * shrunk counterexample prints as a scenario that replays it.
 */
import yaml from 'js-yaml';
import { Cluster, controllerOf, dispatch, KObject, LoopFault, PropagationPolicy } from '../engine';
import { describeFault } from '../engine/faults';
import { listAllNamespaces } from '../engine/store/store';
import { controllerChain } from '../engine/queries';
import { isPodActive } from '../engine/node/pod-status';
import { runKubectl } from '../kubectl/kubectl';

/** A workload, node-independent: what the manifests name. */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Pods picked at the moment they are needed: the `index`th live pod of a workload (or of the whole cluster). */
export interface PodPick {
  of: WorkloadRef | null;
  index: number;
}

export type Disturbance =
  | { do: 'scale'; target: WorkloadRef; replicas: number }
  | { do: 'deletePod'; pick: PodPick }
  | { do: 'relabelPod'; pick: PodPick; key: string; value: string | null }
  | { do: 'delete'; target: WorkloadRef; policy: PropagationPolicy }
  | { do: 'reapply'; manifest: number }
  | { do: 'setImage'; target: WorkloadRef; container: string; image: string }
  | { do: 'rollback'; target: WorkloadRef; toRevision: number }
  | { do: 'pause' | 'resume'; target: WorkloadRef }
  | { do: 'cordon' | 'uncordon' | 'taint' | 'untaint'; node: string }
  | { do: 'stopKubelet' | 'startKubelet' | 'reboot' | 'loseNode'; node: string }
  | { do: 'crash'; pick: PodPick }
  | { do: 'health'; pick: PodPick; failing: boolean }
  | { do: 'wait'; seconds: number }
  | { do: 'fault'; fault: LoopFault };

/** The taint the `tainting` disturbance puts on and takes off. */
export const DISTURBANCE_TAINT = 'kubehave.io/disturbance';

/** Faults that can leave the cluster short of its desired state until the next resync. */
export function losesWork(d: Disturbance): boolean {
  return d.do === 'fault' && (d.fault.fault === 'dropRun' || d.fault.fault === 'loseEvents' || d.fault.fault === 'staleRead');
}

export const isLoopFault = (d: Disturbance) => d.do === 'fault';

/** Faults of nodes and containers: after them, which node a pod is on, and when it started, matter. */
export const hitsNodes = (d: Disturbance) => ['stopKubelet', 'startKubelet', 'reboot', 'loseNode', 'crash', 'health'].includes(d.do);

/** The live pods a pick chooses from, in a stable order: by controller, then by name. */
export function candidatePods(c: Cluster, of: WorkloadRef | null): KObject[] {
  const pods = listAllNamespaces(c.store, 'Pod').filter(isPodActive);
  const chosen = of ? pods.filter((p) => belongsTo(c, p, of)) : pods;
  const owner = (p: KObject) => controllerOf(p)?.name ?? '';
  return chosen.sort((a, b) => owner(a).localeCompare(owner(b)) || a.metadata.name!.localeCompare(b.metadata.name!));
}

function belongsTo(c: Cluster, obj: KObject, w: WorkloadRef): boolean {
  return controllerChain(c, obj).some((o) => o.kind === w.kind && o.metadata.name === w.name && (o.metadata.namespace ?? '') === w.namespace);
}

function pickPod(c: Cluster, pick: PodPick): KObject | undefined {
  const pods = candidatePods(c, pick.of);
  return pods.length ? pods[pick.index % pods.length] : undefined;
}

const ns = (namespace: string | undefined) => (namespace && namespace !== 'default' ? ` -n ${namespace}` : '');
const resource = (w: WorkloadRef) => `${w.kind.toLowerCase()}/${w.name}`;
const podName = (pod: KObject) => (pod.metadata.namespace === 'default' ? pod.metadata.name! : `${pod.metadata.namespace}/${pod.metadata.name}`);

/** What applying a disturbance did: the new cluster and the Gherkin step that does the same (none if it found nothing to act on). */
export interface Applied {
  cluster: Cluster;
  step?: string;
  /** a doc string under the step (a manifest) */
  doc?: string;
  /** virtual time the runner must let pass (and run the loops through) */
  advanceMs?: number;
}

/** Applies one disturbance. `manifests` are the run's starting manifests (for `reapply`). */
export function applyDisturbance(c: Cluster, d: Disturbance, manifests: KObject[]): Applied {
  const kubectl = (line: string): Applied => {
    const result = runKubectl({ cluster: c, readFile: () => undefined }, line.split(' ').slice(1));
    return { cluster: result.cluster, step: `When I run "${line}"` };
  };
  const send = (cluster: Cluster, action: Parameters<typeof dispatch>[1]) => dispatch(cluster, { actor: 'user', ...action }).cluster;
  switch (d.do) {
    case 'scale':
      return kubectl(`kubectl scale ${resource(d.target)} --replicas=${d.replicas}${ns(d.target.namespace)}`);
    case 'deletePod': {
      const pod = pickPod(c, d.pick);
      return pod ? kubectl(`kubectl delete pod ${pod.metadata.name}${ns(pod.metadata.namespace)} --wait=false`) : { cluster: c };
    }
    case 'relabelPod': {
      const pod = pickPod(c, d.pick);
      const label = d.value === null ? `${d.key}-` : `${d.key}=${d.value} --overwrite`;
      return pod ? kubectl(`kubectl label pod ${pod.metadata.name} ${label}${ns(pod.metadata.namespace)}`) : { cluster: c };
    }
    case 'delete':
      return kubectl(`kubectl delete ${resource(d.target)} --cascade=${d.policy.toLowerCase()}${ns(d.target.namespace)} --wait=false`);
    case 'reapply': {
      const m = manifests[d.manifest % manifests.length];
      if (!m) return { cluster: c };
      return { cluster: send(c, { type: 'apply', object: m }), step: 'When I apply:', doc: yaml.dump(m, { lineWidth: -1 }).trimEnd() };
    }
    case 'setImage':
      return kubectl(`kubectl set image ${resource(d.target)} ${d.container}=${d.image}${ns(d.target.namespace)}`);
    case 'rollback':
      return kubectl(`kubectl rollout undo ${resource(d.target)}${d.toRevision ? ` --to-revision=${d.toRevision}` : ''}${ns(d.target.namespace)}`);
    case 'pause':
    case 'resume':
      return kubectl(`kubectl rollout ${d.do} ${resource(d.target)}${ns(d.target.namespace)}`);
    case 'cordon':
    case 'uncordon':
      return kubectl(`kubectl ${d.do} ${d.node}`);
    case 'taint':
      return kubectl(`kubectl taint node ${d.node} ${DISTURBANCE_TAINT}=true:NoSchedule --overwrite`);
    case 'untaint': {
      const tainted = (c.store.objects.get(`Node//${d.node}`)?.spec?.taints ?? []).some((t: { key: string }) => t.key === DISTURBANCE_TAINT);
      return tainted ? kubectl(`kubectl taint node ${d.node} ${DISTURBANCE_TAINT}-`) : { cluster: c };
    }
    case 'stopKubelet':
      return { cluster: send(c, { type: 'kubelet', node: d.node, running: false }), step: `When the kubelet on node "${d.node}" stops` };
    case 'startKubelet':
      return { cluster: send(c, { type: 'kubelet', node: d.node, running: true }), step: `When the kubelet on node "${d.node}" starts` };
    case 'reboot':
      return { cluster: send(c, { type: 'reboot', node: d.node }), step: `When node "${d.node}" reboots` };
    case 'loseNode':
      return c.store.objects.has(`Node//${d.node}`) ? { cluster: loseNode(c, d.node), step: `When node "${d.node}" is lost` } : { cluster: c };
    case 'crash': {
      const pod = pickPod(c, d.pick);
      const rt = pod && c.runtime.get(`Pod/${pod.metadata.namespace}/${pod.metadata.name}`);
      const container = rt?.containers.find((ct) => ct.phase === 'running');
      if (!pod || !container) return { cluster: c };
      const ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! };
      return { cluster: send(c, { type: 'crash', pod: ref, container: container.name }), step: `When container "${container.name}" of pod "${podName(pod)}" crashes` };
    }
    case 'health': {
      const pod = pickPod(c, d.pick);
      if (!pod || !c.runtime.get(`Pod/${pod.metadata.namespace}/${pod.metadata.name}`)) return { cluster: c };
      const ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! };
      return { cluster: send(c, { type: 'health', pod: ref, failing: d.failing }), step: `When the health endpoint of pod "${podName(pod)}" ${d.failing ? 'starts' : 'stops'} failing` };
    }
    case 'wait':
      return { cluster: c, advanceMs: d.seconds * 1000, step: `When ${d.seconds} second${d.seconds === 1 ? '' : 's'} pass${d.seconds === 1 ? 'es' : ''}` };
    case 'fault':
      return { cluster: send(c, { type: 'fault', fault: d.fault }), step: faultStep(d.fault) };
  }
}

/** A node is lost for good: its machine is gone (the kubelet with it) and the cloud provider deletes the Node object. */
export function loseNode(c: Cluster, node: string): Cluster {
  const stopped = dispatch(c, { type: 'kubelet', actor: 'user', node, running: false }).cluster;
  return dispatch(stopped, { type: 'delete', actor: 'cloud-node-lifecycle-controller', ref: { kind: 'Node', name: node } }).cluster;
}

/** The Gherkin step for a loop fault (steps/faults.steps.ts reads these back). */
export function faultStep(f: LoopFault): string {
  switch (f.fault) {
    case 'dropRun':
      return `When the "${f.loop}" drops its next run`;
    case 'duplicateRun':
      return `When the "${f.loop}" runs its next sync twice`;
    case 'loseEvents':
      return `When the "${f.loop}" misses the next changes`;
    case 'restart':
      return `When the "${f.loop}" restarts`;
    case 'staleRead':
      return `When the "${f.loop}" reads a stale cache`;
    case 'reorder':
      return `When the control loops run in a shuffled order with seed ${f.seed}`;
  }
}

/** A disturbance in a few words, for coverage summaries. */
/** What a disturbance did, in a few words, for the coverage summary. */
const LABELS: Record<Exclude<Disturbance['do'], 'fault'>, string> = {
  scale: 'scale',
  deletePod: 'delete a pod',
  relabelPod: 'relabel a pod',
  delete: 'delete',
  reapply: 're-apply',
  setImage: 'set an image',
  rollback: 'roll back',
  pause: 'pause',
  resume: 'resume',
  cordon: 'cordon',
  uncordon: 'uncordon',
  taint: 'taint',
  untaint: 'untaint',
  stopKubelet: 'stop a kubelet',
  startKubelet: 'start a kubelet',
  reboot: 'reboot a node',
  loseNode: 'lose a node',
  crash: 'crash a container',
  health: 'fail or heal health checks',
  wait: 'wait',
};

export function disturbanceLabel(d: Disturbance): string {
  if (d.do === 'fault') return describeFault(d.fault).replace(/^the \S+ /, '').replace(/ \(seed \d+\)$/, '');
  if (d.do === 'delete') return `delete (${d.policy})`;
  return LABELS[d.do];
}

