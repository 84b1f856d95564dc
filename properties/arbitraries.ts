/**
 * fast-check arbitraries for disturbances, by kind, drawn over what the starting cluster holds:
 * its workloads (from the manifests), its worker nodes, its control loops. Users name the kinds
 * ("pod deletions", "dropped runs") in steps and in `checkInvariant`; groups name several.
 */
import fc from 'fast-check';
import { Cluster, Controller, KObject, LoopFault, PropagationPolicy } from '../engine';
import { isControlPlane } from '../kubectl/printers';
import { listAllNamespaces } from '../engine/store/store';
import { Disturbance, PodPick, WorkloadRef } from './disturbances';

export interface PropertyScope {
  workloads: WorkloadRef[];
  /** Deployments among the workloads, with their containers */
  deployments: { ref: WorkloadRef; containers: string[] }[];
  workers: string[];
  loops: string[];
  manifests: number;
  images: string[];
}

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

export function scopeOf(start: Cluster, manifests: KObject[], loops: readonly Controller[]): PropertyScope {
  const fromManifests = manifests.filter((m) => WORKLOAD_KINDS.includes(m.kind));
  // without manifests, whatever top-level workloads the cluster holds
  const objects = fromManifests.length
    ? fromManifests
    : WORKLOAD_KINDS.flatMap((k) => listAllNamespaces(start.store, k)).filter((o) => !o.metadata.ownerReferences?.length);
  const workloads = objects.map((o) => ({ kind: o.kind, namespace: o.metadata?.namespace ?? 'default', name: o.metadata!.name! }));
  const deployments = objects
    .filter((o) => o.kind === 'Deployment')
    .map((o) => ({ ref: { kind: 'Deployment', namespace: o.metadata?.namespace ?? 'default', name: o.metadata!.name! }, containers: (o.spec?.template?.spec?.containers ?? []).map((c: { name: string }) => c.name) }));
  const images = new Set<string>(['nginx:1.16', 'nginx:1.17', 'nginx:1.18']);
  for (const o of objects) for (const c of o.spec?.template?.spec?.containers ?? []) images.add(c.image);
  const workers = listAllNamespaces(start.store, 'Node').filter((n) => !isControlPlane(n)).map((n) => n.metadata.name!);
  return { workloads, deployments, workers, loops: loops.map((l) => l.name), manifests: manifests.length, images: [...images].sort() };
}

type Maker = (s: PropertyScope) => fc.Arbitrary<Disturbance> | undefined;

const picks = (s: PropertyScope): fc.Arbitrary<PodPick> =>
  fc.record({ of: s.workloads.length ? fc.option(fc.constantFrom(...s.workloads), { nil: null, freq: 4 }) : fc.constant(null), index: fc.nat({ max: 9 }) });
const workload = (s: PropertyScope) => (s.workloads.length ? fc.constantFrom(...s.workloads) : undefined);
const worker = (s: PropertyScope) => (s.workers.length ? fc.constantFrom(...s.workers) : undefined);
const loopFault = (kind: 'dropRun' | 'duplicateRun' | 'loseEvents' | 'restart' | 'staleRead'): Maker => (s) =>
  fc.constantFrom(...s.loops).map((loop) => ({ do: 'fault', fault: { fault: kind, loop } as LoopFault }));
const onNode = (what: 'cordon' | 'uncordon' | 'taint' | 'untaint' | 'stopKubelet' | 'startKubelet' | 'reboot' | 'loseNode'): Maker => (s) =>
  worker(s)?.map((node) => ({ do: what, node }) as Disturbance);
const both = (...makers: Maker[]): Maker => (s) => {
  const arbs = makers.map((m) => m(s)).filter((a): a is fc.Arbitrary<Disturbance> => !!a);
  return arbs.length ? fc.oneof(...arbs) : undefined;
};

/** Every kind of disturbance, by the name users write. */
export const DISTURBANCE_KINDS: Record<string, { description: string; make: Maker }> = {
  scaling: { description: 'scale a workload to 0-6 replicas', make: (s) => workload(s)?.chain((target) => fc.integer({ min: 0, max: 6 }).map((replicas) => ({ do: 'scale', target, replicas }) as Disturbance)) },
  'pod deletions': { description: "delete one of a workload's pods (or any pod)", make: (s) => picks(s).map((pick) => ({ do: 'deletePod', pick }) as Disturbance) },
  relabelling: {
    description: "change or remove a label of one of a workload's pods (or any pod)",
    make: (s) => fc.record({ pick: picks(s), value: fc.option(fc.constantFrom('a', 'b', 'other'), { nil: null }) }).map(({ pick, value }) => ({ do: 'relabelPod', pick, key: 'app', value }) as Disturbance),
  },
  deletions: {
    description: 'delete a workload with propagation policy Background, Foreground or Orphan',
    make: (s) => workload(s)?.chain((target) => fc.constantFrom<PropagationPolicy>('Background', 'Foreground', 'Orphan').map((policy) => ({ do: 'delete', target, policy }) as Disturbance)),
  },
  're-applying': { description: 'apply one of the manifests again', make: (s) => (s.manifests ? fc.nat({ max: s.manifests - 1 }).map((manifest) => ({ do: 'reapply', manifest }) as Disturbance) : undefined) },
  'template changes': {
    description: "set a Deployment container's image",
    make: (s) =>
      s.deployments.length
        ? fc.constantFrom(...s.deployments).chain((d) => fc.record({ container: fc.constantFrom(...(d.containers.length ? d.containers : ['app'])), image: fc.constantFrom(...s.images) }).map(({ container, image }) => ({ do: 'setImage', target: d.ref, container, image }) as Disturbance))
        : undefined,
  },
  rollbacks: { description: 'roll a Deployment back (to the previous revision, or to revision 1-3)', make: (s) => (s.deployments.length ? fc.record({ d: fc.constantFrom(...s.deployments), toRevision: fc.integer({ min: 0, max: 3 }) }).map(({ d, toRevision }) => ({ do: 'rollback', target: d.ref, toRevision }) as Disturbance) : undefined) },
  pauses: { description: 'pause or resume a Deployment', make: (s) => (s.deployments.length ? fc.record({ d: fc.constantFrom(...s.deployments), pause: fc.boolean() }).map(({ d, pause }) => ({ do: pause ? 'pause' : 'resume', target: d.ref }) as Disturbance) : undefined) },
  cordoning: { description: 'cordon or uncordon a worker', make: both(onNode('cordon'), onNode('uncordon')) },
  tainting: { description: 'put a NoSchedule taint on a worker or take it off', make: both(onNode('taint'), onNode('untaint')) },
  'kubelet restarts': { description: "stop or start a worker's kubelet", make: both(onNode('stopKubelet'), onNode('startKubelet')) },
  'node reboots': { description: 'reboot a worker', make: onNode('reboot') },
  'node losses': { description: 'lose a worker for good (its Node is deleted)', make: onNode('loseNode') },
  'container crashes': { description: "crash a container of one of a workload's pods", make: (s) => picks(s).map((pick) => ({ do: 'crash', pick }) as Disturbance) },
  'health failures': {
    description: "make the health checks of one of a workload's pods (or any pod) start or stop failing",
    make: (s) => fc.record({ pick: picks(s), failing: fc.boolean() }).map(({ pick, failing }) => ({ do: 'health', pick, failing }) as Disturbance),
  },
  time: { description: 'let 1-90 seconds pass', make: () => fc.integer({ min: 1, max: 90 }).map((seconds) => ({ do: 'wait', seconds }) as Disturbance) },
  'time jumps': { description: 'let 10 minutes to 2 hours pass at once', make: () => fc.integer({ min: 10, max: 120 }).map((m) => ({ do: 'wait', seconds: m * 60 }) as Disturbance) },
  'dropped runs': { description: "a control loop loses the next key in its queue", make: loopFault('dropRun') },
  'duplicated runs': { description: 'a control loop runs its next sync twice', make: loopFault('duplicateRun') },
  'lost events': { description: "a control loop's watch misses the next changes", make: loopFault('loseEvents') },
  'controller restarts': { description: 'a control loop restarts: its queue lost, everything listed again', make: loopFault('restart') },
  'stale reads': { description: 'a control loop reads a stale cache for one round', make: loopFault('staleRead') },
  'reordered runs': { description: 'the loops run in a shuffled order for one round', make: () => fc.nat().map((seed) => ({ do: 'fault', fault: { fault: 'reorder', seed } }) as Disturbance) },
};

/** Names that stand for several kinds. */
export const DISTURBANCE_GROUPS: Record<string, string[]> = {
  'user actions': ['scaling', 'pod deletions', 'relabelling', 'deletions', 're-applying', 'template changes', 'rollbacks', 'pauses', 'cordoning', 'tainting', 'time'],
  'loop faults': ['dropped runs', 'duplicated runs', 'lost events', 'controller restarts', 'stale reads', 'reordered runs'],
  'node faults': ['kubelet restarts', 'node reboots', 'node losses', 'container crashes', 'time jumps'],
};
DISTURBANCE_GROUPS.everything = [...DISTURBANCE_GROUPS['user actions'], ...DISTURBANCE_GROUPS['loop faults'], ...DISTURBANCE_GROUPS['node faults']];

/** The kinds a list of names means (groups expanded), or an error naming the ones not known. */
export function disturbanceKinds(names: string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    const kinds = DISTURBANCE_GROUPS[name] ?? (DISTURBANCE_KINDS[name] ? [name] : undefined);
    if (!kinds) {
      const known = [...Object.keys(DISTURBANCE_KINDS), ...Object.keys(DISTURBANCE_GROUPS)].map((k) => `"${k}"`).join(', ');
      throw new Error(`unknown disturbance "${raw.trim()}"; the disturbances are: ${known}`);
    }
    for (const k of kinds) if (!out.includes(k)) out.push(k);
  }
  return out;
}

export function disturbancesFor(names: string[], scope: PropertyScope): fc.Arbitrary<Disturbance> {
  const kinds = disturbanceKinds(names);
  const arbs = kinds.map((k) => DISTURBANCE_KINDS[k].make(scope)).filter((a): a is fc.Arbitrary<Disturbance> => !!a);
  if (!arbs.length) throw new Error(`none of ${kinds.map((k) => `"${k}"`).join(', ')} has anything to act on in this cluster (no workloads or workers)`);
  return fc.oneof(...arbs);
}
