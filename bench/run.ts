/**
 * `npm run bench`: performance figures, printed, never asserted.
 *  1. the book suite: engine time per scenario (median, max)
 *  2. settling 1,000 ReplicaSets x 10 replicas on 100 nodes
 *  3. the cost of deleting one pod (and the control plane replacing it) in a 1k-pod and a
 *     100k-pod cluster on 100 nodes each, and their ratio (the target is <= 2: cost follows the change, not the cluster)
 *  4. a rolling update of 1,000 Deployments x 10 replicas on 100 nodes, settled
 *  5. the rolling update of one Deployment in a cluster of 10 Deployments and in one of 1,000,
 *     and their ratio (again the target is <= 2)
 *  6. property runs a minute: "replica counts" over sequences of exactly 50 user actions and loop
 *     faults on a ReplicaSet and a Deployment (the target is >= 1,000 a minute on one core)
 *  7. a CronJob every minute over 30 simulated days (43,200 Jobs, three kept)
 *  8. a DaemonSet on 1,000 nodes: settling it, and a node joining
 */
import { performance } from 'node:perf_hooks';
import { runCucumber } from '@cucumber/cucumber/api';
import { cucumberConfiguration } from '../cli/run';
import { advance, Cluster, converge, createCluster, defaultNodes, dispatch, listResources, nodeObject, timestamp } from '../engine';
import { readyConditions } from '../engine/cluster';
import { replicaSet } from '../properties/model';
import { planSetImage } from '../kubectl/rollout';
import { checkInvariant } from '../properties/check';

function deployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
    },
  };
}

/** `count` Deployments x `replicas`, settled, on `nodes` workers. */
function buildDeployments(nodes: number, count: number, replicas: number): Cluster {
  // room for every rollout's surge at once: with the kubelet's 110 pods per node, a fleet-wide
  // rollout would (faithfully) leave surge pods Pending and the bench would time the back-off
  let c = createCluster({ seed: 42, nodes: defaultNodes(nodes).map((n) => ({ ...n, pods: Math.max(110, 2 * Math.ceil((count * replicas) / nodes)) })) });
  for (let i = 0; i < count; i++) c = dispatch(c, { type: 'create', object: deployment(`web-${i}`, replicas) }).cluster;
  return converge(c);
}

/** Sets a new image on the named Deployments and lets every rollout finish; returns the time it took. */
function rollOut(c0: Cluster, names: string[], image: string): { cluster: Cluster; ms: number } {
  const t0 = performance.now();
  let c = c0;
  for (const name of names) {
    const plan = planSetImage(c, { kind: 'Deployment', name }, { web: image });
    if (plan.ok && plan.action) c = dispatch(c, plan.action).cluster;
  }
  c = converge(c);
  return { cluster: c, ms: performance.now() - t0 };
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function bookSuite(): Promise<void> {
  const runConfiguration = await cucumberConfiguration([]);
  const started = new Map<string, number>();
  const durations: number[] = [];
  const toMs = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  const { success } = await runCucumber(runConfiguration, undefined, (e) => {
    if (e.testCaseStarted) started.set(e.testCaseStarted.id, toMs(e.testCaseStarted.timestamp));
    if (e.testCaseFinished) durations.push(toMs(e.testCaseFinished.timestamp) - started.get(e.testCaseFinished.testCaseStartedId)!);
  });
  console.log(`book suite: ${durations.length} scenarios${success ? '' : ' (some FAILED)'}, per scenario median ${ms(median(durations))}, max ${ms(Math.max(...durations))}`);
}

/** A cluster of `replicaSets` x `replicas` running pods spread over `nodes` workers. */
function buildCluster(nodes: number, replicaSets: number, replicas: number): { cluster: Cluster; settleMs: number } {
  let c = createCluster({ seed: 42, nodes: defaultNodes(nodes).map((n) => ({ ...n, pods: Math.max(110, Math.ceil((replicaSets * replicas) / nodes) + 10) })) });
  const t0 = performance.now();
  for (let i = 0; i < replicaSets; i++) c = dispatch(c, { type: 'create', object: replicaSet(`rs-${i}`, `app-${i}`, replicas) }).cluster;
  c = converge(c);
  return { cluster: c, settleMs: performance.now() - t0 };
}

/** Median cost of: delete one pod, then let the control plane settle (graceful stop, replacement, scheduling, start). */
function deleteOnePodCost(c0: Cluster, samples: number): number {
  const pods = listResources(c0, 'Pod');
  const costs: number[] = [];
  let c = c0;
  for (let i = 0; i < samples; i++) {
    const pod = pods[(i * 7919) % pods.length];
    const t0 = performance.now();
    c = dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: pod.metadata.name! }, propagationPolicy: 'Background' }).cluster;
    c = converge(c);
    costs.push(performance.now() - t0);
  }
  return median(costs);
}

/** A fixed seed, so that the figure compares across machines and commits. */
function propertyRunsPerMinute(runs: number): number {
  const manifests = [replicaSet('rs-a', 'a', 3), deployment('web', 3)];
  const started = performance.now();
  const result = checkInvariant({ manifests, disturbances: ['scaling', 'pod deletions', 'relabelling', 'template changes', 'time', 'loop faults'], invariants: ['replica counts'], runs, seed: 1, minSteps: 50, maxSteps: 50 });
  if (!result.ok) console.log(result.report);
  return (runs * 60_000) / (performance.now() - started);
}

/** A CronJob firing every minute for 30 virtual days: each run a Job and a pod that end, the history trimmed to 3. */
function cronJobMonth(): void {
  let c = createCluster({ seed: 42, nodes: defaultNodes(3) });
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'every-minute', namespace: 'default' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo tick'] }] } } } } },
  };
  c = dispatch(c, { type: 'create', object: cronJob }).cluster;
  const t0 = performance.now();
  const days = 30;
  for (let d = 0; d < days; d++) c = advance(c, 24 * 3_600_000);
  const elapsed = performance.now() - t0;
  const runs = [...c.events.values()].find((e) => e.reason === 'SuccessfulCreate' && e.source === 'cronjob-controller');
  const jobs = listResources(c, 'Job').length;
  console.log(`a CronJob every minute for ${days} simulated days: ${(elapsed / 1000).toFixed(1)} s (${jobs} Jobs kept; last created ${runs?.message.split(' ').pop()}), ${((elapsed / (days * 1440)) * 1000).toFixed(0)} µs a run`);
}

/** A DaemonSet on 1,000 nodes: the time to settle it, and the cost of one node joining afterwards. */
function daemonSetFleet(): void {
  let c = createCluster({ seed: 42, nodes: defaultNodes(1000) });
  const ds = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-monitor', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'node-monitor' } }, template: { metadata: { labels: { app: 'node-monitor' } }, spec: { containers: [{ name: 'm', image: 'nginx:1.16' }] } } },
  };
  const t0 = performance.now();
  c = converge(dispatch(c, { type: 'create', object: ds }).cluster);
  const settleMs = performance.now() - t0;
  const pods = listResources(c, 'Pod').filter((p) => p.metadata.labels?.app === 'node-monitor').length;
  const node = nodeObject(defaultNodes(1001)[1001]);
  node.status.conditions = readyConditions(timestamp(c.now));
  const t1 = performance.now();
  c = converge(dispatch(c, { type: 'create', object: node }).cluster);
  const joinMs = performance.now() - t1;
  console.log(`a DaemonSet on 1,000 nodes: settled in ${(settleMs / 1000).toFixed(2)} s (${pods} pods); one more node joining: ${ms(joinMs)}`);
}

async function main() {
  await bookSuite();

  cronJobMonth();
  daemonSetFleet();

  console.log(`property runs, "replica counts" over 50-action sequences: ${Math.round(propertyRunsPerMinute(200)).toLocaleString('en')} a minute (target >= 1,000)`);

  const fleet = buildDeployments(100, 1000, 10);
  const names = listResources(fleet, 'Deployment').map((d) => d.metadata.name!);
  const fleetRollout = rollOut(fleet, names, 'nginx:1.17');
  const updated = listResources(fleetRollout.cluster, 'Pod').filter((p) => p.spec.containers[0].image === 'nginx:1.17').length;
  console.log(`rolling update of 1,000 Deployments x 10 replicas on 100 nodes, settled: ${(fleetRollout.ms / 1000).toFixed(2)} s (${updated} pods on the new image)`);

  const few = buildDeployments(100, 10, 10);
  const oneOfFew = median([1, 2, 3, 4, 5].map((i) => rollOut(few, ['web-0'], `nginx:1.${17 + i}`).ms));
  const oneOfMany = median([1, 2, 3, 4, 5].map((i) => rollOut(fleet, ['web-0'], `nginx:1.${17 + i}`).ms));
  console.log(`roll out one Deployment (10 replicas): among 10 Deployments ${ms(oneOfFew)}, among 1,000 ${ms(oneOfMany)}, ratio ${(oneOfMany / oneOfFew).toFixed(2)} (target <= 2)`);

  const big = buildCluster(100, 1000, 10);
  console.log(`settle 1,000 ReplicaSets x 10 replicas on 100 nodes: ${(big.settleMs / 1000).toFixed(2)} s (${listResources(big.cluster, 'Pod').length} running pods)`);

  // Both clusters have the same 100 nodes (scheduling one pod is a pass over the nodes, upstream
  // too), so the ratio shows what the number of objects costs.
  const small = buildCluster(100, 100, 10);
  const smallCost = deleteOnePodCost(small.cluster, 41);
  const hugeBuild = buildCluster(100, 10_000, 10);
  console.log(`(built a ${listResources(hugeBuild.cluster, 'Pod').length}-pod cluster in ${(hugeBuild.settleMs / 1000).toFixed(1)} s)`);
  const hugeCost = deleteOnePodCost(hugeBuild.cluster, 41);
  console.log(`delete one pod and settle (100 nodes): 1k-pod cluster ${ms(smallCost)}, 100k-pod cluster ${ms(hugeCost)}, ratio ${(hugeCost / smallCost).toFixed(2)} (target <= 2)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
