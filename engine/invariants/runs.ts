/** Invariants about settling itself, and the run-level ones that replay a run to judge it. */
import { canonical } from '../api/json';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { dispatch } from '../apiserver';
import { advance, converge, resync, RunOptions, settle } from '../control-plane';
import { RunContext, RunInvariant, StateInvariant } from './types';

export const fixpoint: StateInvariant = {
  name: 'fixpoint',
  description: 'once settled, no controller, scheduler or kubelet would act: a full resync of every loop writes nothing',
  when: 'settled',
  check(c, _prev, loops) {
    const after = resync(c, loops ? { controllers: loops } : {});
    if (after.resourceVersion === c.resourceVersion) return [];
    const writes = after.trace.slice(c.trace.size).filter((t) => t.outcome !== 'unchanged' && t.type !== 'event');
    return [`a full resync wrote ${after.resourceVersion - c.resourceVersion} more changes: ${writes.map((t) => `${t.actor} ${t.type} ${t.key}`).take(3).join('; ')}`];
  },
};

/** How many periodic resyncs heal() allows before it gives up waiting for a resync that writes nothing. */
const HEAL_RESYNCS = 10;

/**
 * The disturbances stop (faults still pending are dropped) and the informers' periodic resyncs
 * come round until one finds nothing to do: what brings a cluster that lost events back to the
 * state its controllers want. One resync can wake a loop whose own run was lost, so it repeats.
 */
export function heal(c: Cluster, options: RunOptions = {}, keepPendingFaults = false, atInstant = false): Cluster {
  // at this instant: no time passes (a CronJob would always have more work in flight)
  const rest = atInstant ? settle : converge;
  let cluster = rest(keepPendingFaults ? c : { ...c, faults: c.faults.clear() }, options);
  for (let i = 0; i < HEAL_RESYNCS; i++) {
    const next = rest(resync(cluster, options), options);
    if (next.resourceVersion === cluster.resourceVersion) return next;
    cluster = next;
  }
  return cluster;
}

/** Which of a run's steps a replay keeps, and whether it heals after each one. */
export interface ReplayChoice {
  loopFaults: boolean;
  nodeFaults: boolean;
  healEachStep: boolean;
}

/**
 * What a run invariant may ask of a run, given a way to replay it (a property's disturbances, a
 * scenario's steps). The level-triggering comparison lives here, so both judge it alike: node and
 * container faults make it matter which node a pod landed on and when it started, which loop
 * faults legitimately change, so both runs leave them out; crashes reached at different moments
 * leave different restart back-offs, so the longest runs out before the two are compared.
 */
export function runContext(run: { final: Cluster; manifests: KObject[]; options: RunOptions; settledInvariants: StateInvariant[]; replay(choice: ReplayChoice): Cluster; atInstant?: boolean }): RunContext {
  const { options } = run;
  const atInstant = run.atInstant ?? false;
  const atRest = (c: Cluster) => heal(advance(c, c.profile.restartBackOffMaxMs + 10_000, options), options, false, atInstant);
  return {
    final: run.final,
    manifests: run.manifests,
    replay: () => run.replay({ loopFaults: true, nodeFaults: true, healEachStep: false }),
    replayWithAndWithoutLoopFaults: () => ({
      without: atRest(run.replay({ loopFaults: false, nodeFaults: false, healEachStep: true })),
      withFaults: atRest(run.replay({ loopFaults: true, nodeFaults: false, healEachStep: true })),
    }),
    settledInvariants: run.settledInvariants,
    heal: (c) => heal(c, options, false, atInstant),
    converge: (c) => (atInstant ? settle(c, options) : converge(c, options)),
  };
}

export const convergence: RunInvariant = {
  name: 'convergence',
  description: 'after any disturbance stops, a resync and a settle reach a state where every settled invariant holds',
  when: 'run',
  check(run) {
    const healed = run.heal(run.final);
    return run.settledInvariants.flatMap((inv) => inv.check(healed).map((v) => `after healing, ${inv.name}: ${v}`));
  },
};

export const levelTriggered: RunInvariant = {
  name: 'level triggering',
  description: 'dropping, repeating or reordering control-loop runs, lost events, stale reads or restarts do not change the settled state, once resynced (node and container faults are left out of both runs compared)',
  when: 'run',
  check(run) {
    const { without, withFaults } = run.replayWithAndWithoutLoopFaults();
    return shapeDifferences(settledShape(without), settledShape(withFaults));
  },
};

export const determinism: RunInvariant = {
  name: 'determinism',
  description: 'the same seed and the same actions give the same cluster and the same trace',
  when: 'run',
  check(run) {
    const again = run.replay();
    const out: string[] = [];
    const a = run.final.trace.toArray(), b = again.trace.toArray();
    const i = a.findIndex((t, k) => canonical(t) !== canonical(b[k]));
    if (i >= 0 || a.length !== b.length) {
      const at = i >= 0 ? i : Math.min(a.length, b.length);
      out.push(`the traces part at action ${at + 1}: ${describe(a[at])} the first time, ${describe(b[at])} the second`);
    }
    if (canonical(run.final.store.objects.toJS()) !== canonical(again.store.objects.toJS())) out.push('the same run left different objects');
    return out;
  },
};

const describe = (t: { actor: string; type: string; key: string; outcome: string } | undefined) => (t ? `${t.actor} ${t.type} ${t.key} (${t.outcome})` : 'nothing');

export const idempotence: RunInvariant = {
  name: 'idempotence',
  description: 'once the manifests have been applied and the cluster has settled, applying them again changes nothing, not even a resourceVersion',
  when: 'run',
  check(run) {
    // the disturbances may have changed what the manifests say (a scale): apply once to restore them
    let c = run.converge(run.manifests.reduce((x, m) => dispatch(x, { type: 'apply', actor: 'user', object: m }).cluster, run.final));
    const settled = c;
    const out: string[] = [];
    for (const m of run.manifests) {
      const r = dispatch(c, { type: 'apply', actor: 'user', object: m });
      c = r.cluster;
      if (r.outcome.ok && r.outcome.result !== 'unchanged') out.push(`applying ${m.kind} ${m.metadata?.name} again was answered "${r.outcome.result}", not "unchanged"`);
      if (!r.outcome.ok) out.push(`applying ${m.kind} ${m.metadata?.name} again was rejected: ${r.outcome.status.message}`);
    }
    c = run.converge(c);
    if (c.resourceVersion !== settled.resourceVersion) out.push(`applying the manifests again wrote ${c.resourceVersion - settled.resourceVersion} changes`);
    return out;
  },
};

/**
 * A settled cluster with what legitimately differs between two runs taken out: uids,
 * resourceVersions, timestamps, generations, generated name suffixes, the node a pod landed on,
 * pod IPs and container state. What is left (which objects exist, their specs, owners, labels,
 * replica counts, phases) is what a level-triggered control plane must agree on.
 */
export function settledShape(c: Cluster): string[] {
  const generated = new Map<string, string>();
  c.store.objects.forEach((o) => {
    if (o.metadata.generateName) generated.set(o.metadata.name!, `${o.metadata.generateName}*`);
  });
  const rename = (n: string) => generated.get(n) ?? n;
  return c.store.objects
    .valueSeq()
    .map((o) => canonical(shapeOf(o, rename)))
    .toArray()
    .sort();
}

function shapeOf(o: KObject, rename: (n: string) => string): unknown {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, managedFields: _m, deletionTimestamp: _d, ...meta } = o.metadata;
  const metadata = {
    ...meta,
    name: rename(o.metadata.name!),
    ownerReferences: o.metadata.ownerReferences?.map((r) => ({ kind: r.kind, name: rename(r.name), controller: !!r.controller })),
    deleting: !!o.metadata.deletionTimestamp,
  };
  if (o.kind === 'Pod') {
    const { nodeName: _n, ...spec } = o.spec ?? {};
    return { kind: o.kind, metadata, spec, phase: o.status?.phase };
  }
  if (o.kind === 'Node') return { kind: o.kind, metadata, spec: o.spec };
  return { kind: o.kind, metadata, spec: o.spec, status: withoutTimes(o.status) };
}

function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (/Time$|Timestamp$|^observedGeneration$/.test(k)) continue;
    // conditions keep the order they were last set in, which depends on history: compare them as a set
    out[k] = k === 'conditions' && Array.isArray(x) ? withoutTimes([...x].sort((a, b) => String(a.type).localeCompare(String(b.type)))) : withoutTimes(x);
  }
  return out;
}

/** The objects in one shape and not the other, a few of each, in words. */
export function shapeDifferences(expected: string[], actual: string[]): string[] {
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(expected), b = count(actual);
  const out: string[] = [];
  for (const [x, n] of a) if ((b.get(x) ?? 0) < n) out.push(`without the faults there is ${summary(x)}, with them there is not`);
  for (const [x, n] of b) if ((a.get(x) ?? 0) < n) out.push(`with the faults there is ${summary(x)}, without them there is not`);
  return out.slice(0, 6);
}

function summary(shape: string): string {
  const o = JSON.parse(shape);
  const status = o.status ? ` (status ${canonical(o.status)})` : o.phase ? ` (${o.phase})` : '';
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}${status}`;
}
