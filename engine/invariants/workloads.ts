/** Invariants about what controllers own once the cluster has settled. */
import { byUid, controllerOf, dependentsOf, getObject, keyOf, listAllNamespaces } from '../store/store';
import { KObject } from '../api/types';
import { isJobFinished, JOB_TRACKING_FINALIZER } from '../controllers/job';
import { isPodActive, isPodReady } from '../node/pod-status';
import { isMemberOf, ordinalOf, POD_INDEX_LABEL } from '../controllers/statefulset';
import { controlledPods, replicaSetsOf } from '../queries';
import { equalIgnoreHash, findNewReplicaSet, REVISION, replicas, revisionOf } from '../controllers/deployment/util';
import { objectName as name, StateInvariant } from './types';
import { nodeShouldRunDaemonPod } from '../controllers/daemonset';

export const replicaCounts: StateInvariant = {
  name: 'replica counts',
  description:
    'once settled, every ReplicaSet and ReplicationController owns exactly spec.replicas live pods, and every Deployment that is not paused and has not exceeded its progress deadline has exactly one ReplicaSet with replicas, running its template, sized to its spec.replicas',
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const kind of ['ReplicaSet', 'ReplicationController']) {
      for (const owner of listAllNamespaces(c.store, kind)) {
        if (owner.metadata.deletionTimestamp) continue;
        const live = controlledPods(c, owner).filter(isPodActive).length;
        const want = owner.spec?.replicas ?? 1;
        if (live !== want) out.push(`${name(owner)} wants ${want} replicas but owns ${live} live pods`);
      }
    }
    for (const d of listAllNamespaces(c.store, 'Deployment')) {
      if (d.metadata.deletionTimestamp || d.spec?.paused) continue;
      // a rollout that cannot finish (pods that never become ready) is stuck, legitimately, with two ReplicaSets
      const progressing = (d.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') continue;
      const rss = replicaSetsOf(c, d).filter((rs) => !rs.metadata.deletionTimestamp);
      const active = rss.filter((rs) => replicas(rs) > 0);
      if (replicas(d) === 0) {
        if (active.length) out.push(`${name(d)} is scaled to 0 but ${active.map((rs) => rs.metadata.name).join(', ')} still want pods`);
        continue;
      }
      if (active.length !== 1) out.push(`${name(d)} has ${active.length} ReplicaSets with replicas (${active.map((rs) => rs.metadata.name).join(', ') || 'none'}), not one`);
      else if (!equalIgnoreHash(active[0].spec.template, d.spec.template)) out.push(`${name(d)}: its active ReplicaSet ${active[0].metadata.name} does not run the Deployment's template`);
      else if (replicas(active[0]) !== replicas(d)) out.push(`${name(d)} wants ${replicas(d)} replicas but its ReplicaSet ${active[0].metadata.name} wants ${replicas(active[0])}`);
    }
    return out;
  },
};

export const deploymentRevisions: StateInvariant = {
  name: 'deployment revisions',
  description: "a Deployment's ReplicaSets have distinct revisions; the one running its template has the highest, and the Deployment carries it",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const d of listAllNamespaces(c.store, 'Deployment')) {
      if (d.metadata.deletionTimestamp) continue;
      const rss = replicaSetsOf(c, d);
      const revisions = rss.map(revisionOf);
      if (new Set(revisions).size !== revisions.length) out.push(`${name(d)} has ReplicaSets sharing a revision: ${revisions.sort().join(', ')}`);
      const newRS = findNewReplicaSet(d, rss);
      if (!newRS) continue;
      if (revisionOf(newRS) !== Math.max(...revisions)) out.push(`${name(d)}: its current ReplicaSet ${newRS.metadata.name} is revision ${revisionOf(newRS)}, not the highest (${Math.max(...revisions)})`);
      if (d.metadata.annotations?.[REVISION] !== String(revisionOf(newRS))) out.push(`${name(d)} is at revision ${d.metadata.annotations?.[REVISION]} but runs revision ${revisionOf(newRS)}`);
    }
    return out;
  },
};

export const daemonPods: StateInvariant = {
  name: 'daemon pods',
  description: 'once settled, each DaemonSet has exactly one live pod for every node that should run it (or one still terminating there, which its replacement waits for), and none for a node that should not (pods of a node that is gone are the pod garbage collector\'s)',
  when: 'settled',
  check(c) {
    const out: string[] = [];
    const nodes = listAllNamespaces(c.store, 'Node');
    for (const ds of listAllNamespaces(c.store, 'DaemonSet')) {
      if (ds.metadata.deletionTimestamp) continue;
      const owned = controlledPods(c, ds);
      const pods = owned.filter((p) => isPodActive(p) && !p.metadata.deletionTimestamp);
      const onNode = (p: KObject, node: KObject) => p.spec?.nodeName === node.metadata.name || (!p.spec?.nodeName && JSON.stringify(p.spec?.affinity ?? {}).includes(`"${node.metadata.name}"`));
      for (const node of nodes) {
        const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
        const here = pods.filter((p) => onNode(p, node)).length;
        // a pod still terminating holds the node's place: its replacement waits for it to go (podsShouldBeOnNode)
        const going = owned.some((p) => onNode(p, node) && !!p.metadata.deletionTimestamp);
        if (shouldRun && here !== 1 && !(here === 0 && going)) out.push(`${name(ds)} has ${here} pods for node ${node.metadata.name}, which should run one`);
        if (!shouldRun && !shouldContinueRunning && here) out.push(`${name(ds)} has ${here} pods for node ${node.metadata.name}, which should run none`);
        if (!shouldRun && shouldContinueRunning && here > 1) out.push(`${name(ds)} has ${here} pods for node ${node.metadata.name}`);
      }
    }
    return out;
  },
};

const jobCount = (job: KObject | undefined, field: 'succeeded' | 'failed'): number => job?.status?.[field] ?? 0;

export const jobBounds: StateInvariant = {
  name: 'job bounds',
  description:
    'at every moment, no Job gains an active pod beyond its parallelism, its succeeded count never exceeds its completions, and its succeeded and failed counts never go down',
  when: 'always',
  check(c, prev) {
    const out: string[] = [];
    for (const job of listAllNamespaces(c.store, 'Job')) {
      const before = prev && getObject(prev.store, keyOf(job));
      const same = before?.metadata.uid === job.metadata.uid ? before : undefined;
      const active = controlledPods(c, job).filter(isPodActive).length;
      const activeBefore = same && prev ? controlledPods(prev, same).filter(isPodActive).length : 0;
      const parallelism = job.spec?.parallelism ?? 1;
      if (active > parallelism && active > activeBefore) out.push(`${name(job)} has ${active} active pods, more than its parallelism of ${parallelism}`);
      const completions = job.spec?.completions;
      if (completions != null && jobCount(job, 'succeeded') > completions) out.push(`${name(job)} counts ${jobCount(job, 'succeeded')} succeeded pods, more than its ${completions} completions`);
      for (const field of ['succeeded', 'failed'] as const) {
        if (same && jobCount(job, field) < jobCount(same, field)) out.push(`${name(job)}'s ${field} count went down from ${jobCount(same, field)} to ${jobCount(job, field)}`);
      }
    }
    return out;
  },
};

export const jobTracking: StateInvariant = {
  name: 'job tracking',
  description:
    'once settled, every finished or deleted pod a Job ran has been counted (it no longer carries the job-tracking finalizer), no Job has uncounted pods left, and a finished Job has no active pods',
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const pod of listAllNamespaces(c.store, 'Pod')) {
      if (!pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) continue;
      const owner = controllerOf(pod);
      if (owner && owner.kind !== 'Job') continue;
      const done = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || !!pod.metadata.deletionTimestamp;
      if (done) out.push(`pod ${name(pod)} has finished but still carries the ${JOB_TRACKING_FINALIZER} finalizer`);
      else if (!owner || !byUid(c.store, owner.uid)) out.push(`pod ${name(pod)} carries the ${JOB_TRACKING_FINALIZER} finalizer but no Job tracks it`);
    }
    for (const job of listAllNamespaces(c.store, 'Job')) {
      const u = job.status?.uncountedTerminatedPods ?? {};
      const left = [...(u.succeeded ?? []), ...(u.failed ?? [])];
      if (left.length) out.push(`${name(job)} still has ${left.length} uncounted pods`);
      if (isJobFinished(job)) {
        const active = controlledPods(c, job).filter(isPodActive);
        if (active.length) out.push(`${name(job)} has finished but ${active.map((p) => p.metadata.name).join(', ')} still run`);
      }
    }
    return out;
  },
};

export const cronJobConcurrency: StateInvariant = {
  name: 'cronjob concurrency',
  description: 'at every moment, a CronJob whose concurrencyPolicy is Forbid or Replace has at most one unfinished Job that is not being deleted',
  when: 'always',
  check(c) {
    const out: string[] = [];
    for (const cj of listAllNamespaces(c.store, 'CronJob')) {
      if (cj.spec?.concurrencyPolicy !== 'Forbid' && cj.spec?.concurrencyPolicy !== 'Replace') continue;
      const running = dependentsOf(c.store, cj.metadata.uid!).filter((j) => j.kind === 'Job' && controllerOf(j)?.uid === cj.metadata.uid && !j.metadata.deletionTimestamp && !isJobFinished(j));
      if (running.length > 1) out.push(`${name(cj)} (${cj.spec.concurrencyPolicy}) runs ${running.length} Jobs at once: ${running.map((j) => j.metadata.name).join(', ')}`);
    }
    return out;
  },
};

const stsOrdinal = (p: KObject) => ordinalOf(p);
const stsLivePods = (c: Parameters<StateInvariant['check']>[0], set: KObject) => controlledPods(c, set).filter((p) => !p.metadata.deletionTimestamp);

export const statefulSetIdentity: StateInvariant = {
  name: 'statefulset identity',
  description:
    "at every moment, each StatefulSet's pods are named <set>-<ordinal>, carry that ordinal in apps.kubernetes.io/pod-index and their name in statefulset.kubernetes.io/pod-name, and no two of its live pods share an ordinal",
  when: 'always',
  check(c) {
    const out: string[] = [];
    for (const set of listAllNamespaces(c.store, 'StatefulSet')) {
      const seen = new Map<string, string>();
      for (const pod of stsLivePods(c, set)) {
        const ord = stsOrdinal(pod);
        const index = pod.metadata.labels?.[POD_INDEX_LABEL];
        if (!isMemberOf(set, pod)) out.push(`${name(set)} controls pod ${pod.metadata.name}, which is not named after it`);
        else if (index !== undefined && index !== String(ord)) out.push(`pod ${name(pod)} of ${name(set)} has ordinal ${ord} but pod-index ${index}`);
        const key = index ?? String(ord);
        if (seen.has(key)) out.push(`${name(set)} has two live pods with ordinal ${key}: ${seen.get(key)} and ${pod.metadata.name}`);
        seen.set(key, pod.metadata.name!);
      }
    }
    return out;
  },
};

export const statefulSetOrdering: StateInvariant = {
  name: 'statefulset ordering',
  description:
    "at every step, the StatefulSet controller creates a pod of an OrderedReady set only when every lower ordinal in range was Running and Ready just before, and deletes one beyond the replicas only when no higher ordinal was left (a user's deletions are not its doing)",
  when: 'always',
  check(c, prev) {
    if (!prev) return [];
    const out: string[] = [];
    for (const t of c.trace.slice(prev.trace.size)) {
      if (t.actor !== 'statefulset-controller' || !t.key.startsWith('Pod/') || (t.type !== 'create' && t.type !== 'delete') || (t.outcome !== 'created' && t.outcome !== 'deleted' && t.outcome !== 'ok')) continue;
      const pod = c.store.objects.get(t.key) ?? prev.store.objects.get(t.key);
      const ref = pod && controllerOf(pod);
      const set = ref && (byUid(c.store, ref.uid) ?? byUid(prev.store, ref.uid));
      if (!pod || !set || set.spec?.podManagementPolicy === 'Parallel') continue;
      const before = new Map(controlledPods(prev, set).map((p) => [p.metadata.name!, p]));
      const ord = stsOrdinal(pod);
      const start = set.spec?.ordinals?.start ?? 0;
      if (t.type === 'create') {
        for (let lower = start; lower < ord; lower++) {
          const p = before.get(`${set.metadata.name}-${lower}`);
          if (!p || p.metadata.deletionTimestamp || p.status?.phase !== 'Running' || !isPodReady(p)) out.push(`${name(set)} created ${pod.metadata.name} while ${set.metadata.name}-${lower} was not Running and Ready`);
        }
      } else if (ord >= start + (set.spec?.replicas ?? 1)) {
        const higher = [...before.values()].filter((p) => stsOrdinal(p) > ord);
        if (higher.length) out.push(`${name(set)} deleted ${pod.metadata.name} while ${higher.map((p) => p.metadata.name).join(', ')} still existed`);
      }
    }
    return out;
  },
};

export const statefulSetReplicas: StateInvariant = {
  name: 'statefulset replicas',
  description:
    "once settled, every StatefulSet that is not being deleted has exactly one live pod for each ordinal in [start, start + replicas) and none beyond (unless it is OrderedReady and one of its pods is unhealthy: then it waits), and each pod it runs has its PersistentVolumeClaims",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const set of listAllNamespaces(c.store, 'StatefulSet')) {
      if (set.metadata.deletionTimestamp) continue;
      const start = set.spec?.ordinals?.start ?? 0;
      const want = set.spec?.replicas ?? 1;
      const ords = stsLivePods(c, set).filter(isPodActive).map(stsOrdinal).sort((a, b) => a - b);
      const expected = Array.from({ length: want }, (_, i) => start + i);
      // OrderedReady waits, legitimately, while any of its pods is unhealthy: one that cannot be placed
      // (a claim that never binds), one on a node whose kubelet is gone, one that cannot finish terminating
      if (JSON.stringify(ords) !== JSON.stringify(expected)) {
        const healthy = (p: KObject) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && isPodReady(p);
        const waiting = set.spec?.podManagementPolicy !== 'Parallel' && controlledPods(c, set).some((p) => !healthy(p));
        if (!waiting) out.push(`${name(set)} wants ordinals ${expected.join(', ') || 'none'} but has ${ords.join(', ') || 'none'}`);
      }
      for (const ord of expected) {
        for (const t of set.spec?.volumeClaimTemplates ?? []) {
          const claim = `${t.metadata?.name}-${set.metadata.name}-${ord}`;
          if (ords.includes(ord) && !getObject(c.store, `PersistentVolumeClaim/${set.metadata.namespace}/${claim}`)) out.push(`${name(set)} runs ordinal ${ord} without its claim ${claim}`);
        }
      }
    }
    return out;
  },
};
