/**
 * Runs the control plane on a cluster value: the controllers, the scheduler and the kubelets,
 * each a level-triggered loop (controllers/controller.ts), until nothing is left to do.
 *
 * - settle(): a fixpoint at the current instant; no time passes.
 * - advance(ms): time moves forward timer to timer, settling at each.
 * - converge(): time moves on while work is in flight (pulls, starts, grace periods), stopping
 *   when only periodic work (crash-loop restarts, pull back-offs) remains: "the cluster settles".
 *
 * Changes to objects go through dispatch; the runner keeps only its own queue state in the
 * cluster value (what changed since the loops last looked, and the wake-ups they asked for),
 * as informers and work queues would.
 */
import { daemonSetController } from './controllers/daemonset';
import { statefulSetController } from './controllers/statefulset';
import { endpointsController } from './controllers/endpoints';
import { endpointSliceController } from './controllers/endpointslice';
import { serviceLoadBalancerController } from './controllers/service-lb';
import { ingressNginxStatusController } from './controllers/ingress-nginx-status';
import { resourceQuotaController } from './controllers/resource-quota';
import { nodeLifecycleController } from './controllers/node-lifecycle';
import { taintEvictionController } from './controllers/taint-eviction';
import { persistentVolumeBinder } from './controllers/persistent-volume-binder';
import { volumeProvisioner } from './controllers/volume-provisioner';
import { pvcProtectionController } from './controllers/pvc-protection';
import { pvProtectionController } from './controllers/pv-protection';
import { jobController } from './controllers/job';
import { cronJobController } from './controllers/cronjob';
import { ttlAfterFinishedController } from './controllers/ttl-after-finished';
import { Set as ISet } from 'immutable';
import { Action } from './actions';
import { Cluster } from './cluster';
import { dispatch } from './apiserver';
import { Controller } from './controllers/controller';
import { replicaSetController, replicationControllerController } from './controllers/replicaset';
import { garbageCollector } from './controllers/garbage-collector';
import { podGarbageCollector } from './controllers/pod-gc';
import { deploymentController } from './controllers/deployment/controller';
import { scheduler } from './node/scheduler';
import { kubelet } from './node/kubelet';
import { ObjectKey } from './store/store';
import { PendingFault, shuffled } from './faults';

/**
 * The loops in the order a round runs them: controllers, then the scheduler, then the kubelets.
 * ReplicaSets before Deployments: a ReplicaSet a Deployment scaled down in the last round deletes
 * its pods before the Deployment can scale the new one up, so a rollout never has more than
 * replicas + maxSurge pods that are not terminating. (Upstream runs them concurrently and only
 * bounds the ReplicaSets' sizes; the engine picks the order in which the pod bound holds too.)
 */
export const CONTROLLERS: readonly Controller[] = [replicaSetController, replicationControllerController, deploymentController, daemonSetController, statefulSetController, cronJobController, jobController, ttlAfterFinishedController, endpointsController, endpointSliceController, serviceLoadBalancerController, ingressNginxStatusController, resourceQuotaController, persistentVolumeBinder, volumeProvisioner, pvcProtectionController, pvProtectionController, garbageCollector, podGarbageCollector, nodeLifecycleController, taintEvictionController, scheduler, kubelet];

export const DEFAULT_MAX_ROUNDS = 200;

/** settle() gave up: the named objects kept changing (an oscillation, or a loop that never ends). */
export class SettleError extends Error {
  constructor(
    readonly changing: ObjectKey[],
    why: string,
  ) {
    super(`${why}; these objects kept changing: ${changing.slice(0, 10).join(', ')}${changing.length > 10 ? ` and ${changing.length - 10} more` : ''}`);
  }
}

export interface RunOptions {
  maxRounds?: number;
  controllers?: readonly Controller[];
  /** called with the cluster after every action the loops send: a watch (`kubectl get -w`) */
  observe?: (c: Cluster) => void;
}

/** Sends a controller's actions in order; a rejected one is dropped, as a failed API call would be. */
export function applyActions(c: Cluster, actions: Action[], observe?: (c: Cluster) => void): Cluster {
  let cluster = c;
  for (const a of actions) {
    cluster = dispatch(cluster, a).cluster;
    observe?.(cluster);
  }
  return cluster;
}

/** Work due now: what changed since the loops last looked, and the timers that have come due. */
function collectWork(c: Cluster, controllers: readonly Controller[]): { cluster: Cluster; queues: Map<string, ISet<ObjectKey>> } {
  const queues = new Map<string, ISet<ObjectKey>>(controllers.map((ctl) => [ctl.name, ISet<ObjectKey>()]));
  let cluster = c;
  const due = c.timers.filter((t) => t.at <= c.now);
  if (due.size) {
    due.forEach((t) => {
      const q = queues.get(t.component);
      if (q) queues.set(t.component, q.add(t.key));
    });
    cluster = { ...cluster, timers: cluster.timers.filter((t) => t.at > c.now) };
  }
  if (c.dirty.size) {
    const dirty = c.dirty;
    cluster = { ...cluster, dirty: dirty.clear() };
    // a loop whose watch breaks now misses this batch of changes
    const deaf = new Set<string>();
    for (const ctl of controllers) {
      let lost: PendingFault | undefined;
      [lost, cluster] = takeFirst(cluster, (f) => f.fault === 'loseEvents' && f.loop === ctl.name);
      if (lost) deaf.add(ctl.name);
    }
    dirty.forEach((prev, key) => {
      const cur = cluster.store.objects.get(key);
      for (const ctl of controllers) {
        if (deaf.has(ctl.name)) continue;
        const keys = ctl.enqueue(cluster, key, prev, cur);
        if (keys.length) queues.set(ctl.name, queues.get(ctl.name)!.union(keys));
      }
    });
  }
  // a restarted loop has lost its queue and lists everything again
  for (const ctl of controllers) {
    let restart: PendingFault | undefined;
    [restart, cluster] = takeFirst(cluster, (f) => f.fault === 'restart' && f.loop === ctl.name);
    if (restart) queues.set(ctl.name, ISet(ctl.resyncKeys(cluster)));
  }
  return { cluster, queues };
}

/** The first pending fault `match` accepts, taken out of the cluster (the cluster unchanged when there is none). */
function takeFirst(c: Cluster, match: (f: PendingFault) => boolean): [PendingFault | undefined, Cluster] {
  if (!c.faults.size) return [undefined, c];
  const i = c.faults.findIndex(match);
  return i < 0 ? [undefined, c] : [c.faults.get(i), { ...c, faults: c.faults.delete(i) }];
}

/** Runs every loop until none has anything to do at the current instant. */
export function settle(c: Cluster, options: RunOptions = {}): Cluster {
  const controllers = options.controllers ?? CONTROLLERS;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  let cluster = c;
  for (let round = 0; ; round++) {
    const work = collectWork(cluster, controllers);
    cluster = work.cluster;
    const empty = [...work.queues.values()].every((q) => q.size === 0);
    if (empty) return cluster;
    if (round >= maxRounds) {
      const changing = new Set<ObjectKey>();
      work.queues.forEach((q) => q.forEach((k) => changing.add(k)));
      throw new SettleError([...changing].sort(), `the cluster did not settle within ${maxRounds} rounds`);
    }
    let reorder: PendingFault | undefined;
    [reorder, cluster] = takeFirst(cluster, (f) => f.fault === 'reorder');
    const order = reorder?.fault === 'reorder' ? shuffled(controllers, reorder.seed) : controllers;
    for (const ctl of order) {
      const keys = work.queues.get(ctl.name)!.toArray().sort();
      if (!keys.length) continue;
      // a lagging cache: this round, the loop reads the cluster as it was when the fault struck
      let stale: PendingFault | undefined;
      [stale, cluster] = takeFirst(cluster, (f) => f.fault === 'staleRead' && f.loop === ctl.name);
      for (const key of keys) {
        let fault: PendingFault | undefined;
        [fault, cluster] = takeFirst(cluster, (f) => (f.fault === 'dropRun' || f.fault === 'duplicateRun') && f.loop === ctl.name);
        if (fault?.fault === 'dropRun') continue;
        const runs = fault?.fault === 'duplicateRun' ? 2 : 1;
        for (let i = 0; i < runs; i++) cluster = runSync(cluster, ctl, key, options.observe, stale?.view);
      }
    }
  }
}

/** One sync of one key: its actions (read from `view`, a stale cache, when given), and the wake-up it asks for. */
export function runSync(c: Cluster, ctl: Controller, key: ObjectKey, observe?: (c: Cluster) => void, view: Cluster = c): Cluster {
  const result = ctl.sync(view === c ? c : { ...view, now: c.now }, key);
  let cluster = applyActions(c, result.actions, observe);
  const id = `${ctl.name}|${key}`;
  if (result.wakeAt) {
    cluster = { ...cluster, timers: cluster.timers.set(id, { component: ctl.name, key, at: result.wakeAt.at, kind: result.wakeAt.kind }) };
  } else if (cluster.timers.has(id)) {
    cluster = { ...cluster, timers: cluster.timers.delete(id) };
  }
  return cluster;
}

function nextTimer(c: Cluster, kinds: ('progress' | 'periodic')[]): number | undefined {
  let at: number | undefined;
  c.timers.forEach((t) => {
    if (kinds.includes(t.kind) && (at === undefined || t.at < at)) at = t.at;
  });
  return at;
}

/** Moves virtual time forward by `ms`, stopping at every timer on the way. */
export function advance(c: Cluster, ms: number, options: RunOptions = {}): Cluster {
  const target = c.now + ms;
  let cluster = settle(c, options);
  for (;;) {
    const next = nextTimer(cluster, ['progress', 'periodic']);
    if (next === undefined || next > target) break;
    cluster = settle({ ...cluster, now: Math.max(cluster.now, next) }, options);
  }
  return settle({ ...cluster, now: target }, options);
}

/** How far converge() lets virtual time run before it calls the cluster stuck. */
export const CONVERGE_LIMIT_MS = 30 * 60 * 1000;

/** Settles, then lets time pass while anything is in flight; ends when only periodic work remains. */
export function converge(c: Cluster, options: RunOptions = {}): Cluster {
  const limit = c.now + CONVERGE_LIMIT_MS;
  let cluster = settle(c, options);
  for (;;) {
    const next = nextTimer(cluster, ['progress']);
    if (next === undefined) return cluster;
    if (next > limit) {
      const pending = cluster.timers.filter((t) => t.kind === 'progress').map((t) => t.key).valueSeq().toArray().sort();
      throw new SettleError(pending, `the cluster was still busy after ${CONVERGE_LIMIT_MS / 60_000} minutes of virtual time`);
    }
    // periodic timers due before the next progress timer still fire on the way
    for (;;) {
      const p = nextTimer(cluster, ['periodic']);
      if (p === undefined || p >= next) break;
      cluster = settle({ ...cluster, now: Math.max(cluster.now, p) }, options);
    }
    cluster = settle({ ...cluster, now: Math.max(cluster.now, next) }, options);
  }
}

/** Every loop looks at everything it owns once, as after a restart (a full resync of its informers). */
export function resync(c: Cluster, options: RunOptions = {}): Cluster {
  let cluster = c;
  for (const ctl of options.controllers ?? CONTROLLERS) {
    for (const key of ctl.resyncKeys(cluster)) cluster = runSync(cluster, ctl, key);
  }
  return cluster;
}
