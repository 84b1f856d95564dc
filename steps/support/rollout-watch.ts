/**
 * Watching a Deployment roll out, as `kubectl get rs -w` would: after every request and every
 * action the control plane sends, the sizes (spec.replicas) of the Deployment's ReplicaSets are
 * noted whenever they change, along with the fewest available and the most existing pods seen.
 */
import { Cluster, getResource, KObject } from '../../engine';
import { deploymentPodCounts } from '../../engine/queries';
import { revisionOf } from '../../engine/controllers/deployment/util';
import { replicaSetsOf } from '../../kubectl/rollout';

export class RolloutWatch {
  /** each row: ReplicaSet uid -> spec.replicas, for the ReplicaSets that existed then */
  readonly rows: Map<string, number>[] = [];
  /** the revision each ReplicaSet had when last seen */
  readonly revisions = new Map<string, number>();
  /** the fewest available and the most non-terminating pods seen at any moment */
  minAvailable = Infinity;
  maxPods = 0;
  /** when each extreme was seen, to explain a failure */
  minAvailableAt = '';
  maxPodsAt = '';
  /** the most ReplicaSets that had pods (terminating ones included) at the same moment */
  maxRevisionsWithPods = 0;
  maxRevisionsWithPodsAt = '';

  constructor(
    readonly deployment: string,
    readonly namespace = 'default',
  ) {}

  observe(c: Cluster): void {
    const d = getResource(c, 'Deployment', this.deployment, this.namespace);
    if (!d) return;
    const sizes = new Map<string, number>();
    for (const rs of replicaSetsOf(c, d)) {
      sizes.set(rs.metadata.uid!, rs.spec?.replicas ?? 0);
      this.revisions.set(rs.metadata.uid!, revisionOf(rs));
    }
    const { pods, available, replicaSetsWithPods: withPods } = deploymentPodCounts(c, d);
    const last = this.rows[this.rows.length - 1];
    if (!last || !sameSizes(last, sizes)) this.rows.push(sizes);
    if (available < this.minAvailable) {
      this.minAvailable = available;
      this.minAvailableAt = describe(c, d, sizes, this);
    }
    if (withPods > this.maxRevisionsWithPods) {
      this.maxRevisionsWithPods = withPods;
      this.maxRevisionsWithPodsAt = describe(c, d, sizes, this);
    }
    if (pods > this.maxPods) {
      this.maxPods = pods;
      this.maxPodsAt = describe(c, d, sizes, this);
    }
  }

  /** The rows with one column per revision (as last seen), `-` where that ReplicaSet did not exist. */
  table(revisionColumns: number[]): string[][] {
    const uidOf = new Map<number, string>();
    for (const [uid, rev] of this.revisions) uidOf.set(rev, uid);
    return this.rows.map((row) => revisionColumns.map((rev) => {
      const uid = uidOf.get(rev);
      const size = uid === undefined ? undefined : row.get(uid);
      return size === undefined ? '-' : String(size);
    }));
  }
}

function sameSizes(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function describe(c: Cluster, d: KObject, sizes: Map<string, number>, w: RolloutWatch): string {
  const parts = [...sizes].map(([uid, n]) => `revision ${w.revisions.get(uid)}: ${n}`);
  return `at ${new Date(c.now).toISOString()} (${parts.join(', ') || 'no ReplicaSets'}; deployment ${d.metadata.name} wants ${d.spec?.replicas})`;
}
