/**
 * What the Deployment controller and `kubectl rollout` share: revisions and their annotations,
 * the pod-template hash, maxSurge / maxUnavailable fenceposts, proportions and conditions.
 * A port of pkg/controller/deployment/util/deployment_util.go and the ReplicaSet helpers of
 * pkg/controller/controller_utils.go; the functions keep upstream's names.
 */
import { KObject } from '../../api/types';
import { canonical, jsonEqual } from '../../api/json';
import { LAST_APPLIED } from '../../api/apply';
import { NAME_SUFFIX_ALPHABET } from '../../random';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** extensions/v1beta1's rollback request, still skipped when annotations are copied */
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** what `kubectl ... --record` wrote, and what `rollout history` shows as CHANGE-CAUSE */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** apps.DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations a ReplicaSet does not copy from its Deployment, and a rollback does not copy back. */
export const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

/** The Progressing and Available conditions' reasons (deployment_util.go constants). */
export const Reason = {
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  FailedReplicaSetCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

// ---------------------------------------------------------------------------------------------
// the pod-template hash

/** FNV-1a, 32 bits (hash/fnv), over bytes. */
function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * controller.ComputeHash: FNV-32a of the template (plus the collision count as 8 little-endian
 * bytes when set), its decimal digits mapped through rand.SafeEncodeString. Upstream hashes Go's
 * spew dump of the struct, which a simulator cannot reproduce byte for byte: the engine hashes
 * the template's canonical JSON, so names have upstream's shape (`7c67dd9675`) but not its values.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonical(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return safeEncode(String(h));
}

/** rand.SafeEncodeString: each byte to `alphanums[b % 27]`, so digits become 4-9 and b, c, d, f. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_SUFFIX_ALPHABET[s.charCodeAt(i) % NAME_SUFFIX_ALPHABET.length];
  return out;
}

/** EqualIgnoreHash: two pod templates are the same once the pod-template-hash label is dropped. */
export function equalIgnoreHash(a: any, b: any): boolean {
  return jsonEqual(withoutHash(a), withoutHash(b));
}

/** The template without the hash label: shallow copies of the two levels that change, nothing cloned. */
export function withoutHash(template: any): any {
  const t = { ...(template ?? {}) };
  if (t.metadata) {
    const metadata = { ...t.metadata };
    if (metadata.labels) {
      const { [POD_TEMPLATE_HASH]: _hash, ...labels } = metadata.labels;
      // apimachinery's semantic equality treats an empty map as nil
      if (Object.keys(labels).length) metadata.labels = labels;
      else delete metadata.labels;
    }
    if (Object.keys(metadata).length) t.metadata = metadata;
    else delete t.metadata;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// revisions

/** Revision(): the annotation as a number; 0 when absent, NaN when it is not a number. */
export function revisionOf(obj: KObject): number {
  const v = obj.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v) ? Number(v) : NaN;
}

export function maxRevision(rss: KObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

function creationMs(o: KObject): number {
  return o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : Number.MAX_SAFE_INTEGER;
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: KObject, b: KObject): number {
  const d = creationMs(a) - creationMs(b);
  return d !== 0 ? d : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** ReplicaSetsByRevision: lowest revision first; ties and unparsable ones by creation. */
export function byRevision(a: KObject, b: KObject): number {
  const ra = revisionOf(a), rb = revisionOf(b);
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return byCreation(a, b);
  return ra - rb;
}

/** ReplicaSetsBySizeNewer: largest first; equal sizes, newer first (scaling up). */
export function bySizeNewer(a: KObject, b: KObject): number {
  return replicas(a) === replicas(b) ? byCreation(b, a) : replicas(b) - replicas(a);
}

/** ReplicaSetsBySizeOlder: largest first; equal sizes, older first (scaling down). */
export function bySizeOlder(a: KObject, b: KObject): number {
  return replicas(a) === replicas(b) ? byCreation(a, b) : replicas(b) - replicas(a);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: KObject, rsList: KObject[]): KObject | undefined {
  const wanted = withoutHash(d.spec?.template);
  return [...rsList].sort(byCreation).find((rs) => jsonEqual(withoutHash(rs.spec?.template), wanted));
}

/** FindOldReplicaSets (the "all" half): every ReplicaSet but the new one (found here unless given). */
export function findOldReplicaSets(d: KObject, rsList: KObject[], newRS = findNewReplicaSet(d, rsList)): KObject[] {
  return rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
}

// ---------------------------------------------------------------------------------------------
// sizes

export const replicas = (rs: KObject | undefined): number => rs?.spec?.replicas ?? 0;
export const isActive = (rs: KObject | undefined): rs is KObject => !!rs && replicas(rs) > 0;

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export const specTotal = (rss: (KObject | undefined)[]): number => rss.reduce((n, rs) => n + replicas(rs), 0);
/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export const actualTotal = (rss: (KObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyTotal = (rss: (KObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableTotal = (rss: (KObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

export type IntOrString = number | string;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as it is, `25%` of total rounded up or down.
 * Validation lets only ints and `N%` strings through.
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, and when both come to 0 one pod
 * may be unavailable ("surge might not work due to quota").
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export const isRollingUpdate = (d: KObject): boolean => d.spec?.strategy?.type === 'RollingUpdate';

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas(d))[0];
}

export function maxUnavailable(d: KObject): number {
  const want = replicas(d);
  if (!isRollingUpdate(d) || want === 0) return 0;
  const ru = d.spec.strategy.rollingUpdate ?? {};
  return Math.min(resolveFenceposts(ru.maxSurge, ru.maxUnavailable, want)[1], want);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KObject, allRSs: (KObject | undefined)[], newRS: KObject): number {
  if (d.spec?.strategy?.type === 'Recreate') return replicas(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas(d), true);
  const current = specTotal(allRSs);
  const maxTotal = replicas(d) + surge;
  if (current >= maxTotal) return replicas(newRS);
  const up = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
  return replicas(newRS) + up;
}

/** IsSaturated: the new ReplicaSet has all the Deployment's replicas, and all are available. */
export function isSaturated(d: KObject, rs: KObject | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.[DESIRED_REPLICAS]);
  if (!Number.isInteger(desired)) return false;
  return replicas(rs) === replicas(d) && desired === replicas(d) && (rs.status?.availableReplicas ?? 0) === replicas(d);
}

/** FindActiveOrLatest: the one active ReplicaSet, the newest when none is active, none when several are. */
export function findActiveOrLatest(newRS: KObject | undefined, oldRSs: KObject[]): KObject | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const sorted = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = [...sorted, newRS].filter(isActive);
  if (active.length === 0) return newRS ?? sorted[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** GetProportion: this ReplicaSet's share of a proportional scale, bounded by what is left to give. */
export function getProportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
  if (replicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Go's math.Round: halves away from zero. */
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

function replicaSetFraction(rs: KObject, d: KObject): number {
  if (replicas(d) === 0) return -replicas(rs);
  const maxNow = replicas(d) + maxSurge(d);
  let before = Number(rs.metadata.annotations?.[MAX_REPLICAS]);
  if (!Number.isInteger(before) || before === 0) {
    // no annotation (an RS edited by hand, or from before the annotation existed): the Deployment's current size
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAway((replicas(rs) * maxNow) / before) - replicas(rs);
}

// ---------------------------------------------------------------------------------------------
// annotations

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when something changed. */
export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** revision-history may not grow past this many characters (sync.go maxRevHistoryLengthInChars). */
const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations (but the skipped ones), raise
 * the revision to `newRevision` when it is lower (a rollback: the number it had goes to
 * revision-history), and on creation set the replica annotations. True when something changed.
 */
export function setNewReplicaSetAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  let changed = false;
  const a = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const had = REVISION in a;
  const oldRevision = had ? a[REVISION] : '';
  const old = had ? (/^-?\d+$/.test(oldRevision) ? Number(oldRevision) : NaN) : 0;
  if (Number.isNaN(old)) return false;
  if (old < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (had) {
      const history = a[REVISION_HISTORY] ?? '';
      let parts = history === '' ? [] : history.split(',');
      let total = history.length + oldRevision.length + 1;
      while (parts.length && total > MAX_REVISION_HISTORY_CHARS) {
        total -= parts[0].length + 1;
        parts = parts.slice(1);
      }
      if (total <= MAX_REVISION_HISTORY_CHARS) a[REVISION_HISTORY] = [...parts, oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: true when the Deployment's revision annotation changed. */
export function setDeploymentRevision(d: KObject, revision: string | undefined): boolean {
  if (revision === undefined) return false;
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

// ---------------------------------------------------------------------------------------------
// conditions

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export function getCondition(status: any, type: string): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c: DeploymentCondition) => c.type === type);
}

export function newCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * SetDeploymentCondition: nothing when status and reason are unchanged; the transition time is
 * kept when only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(status: any, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = { ...cond };
  if (current && current.status === cond.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c: DeploymentCondition) => c.type !== cond.type), next];
}

export function removeCondition(status: any, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c: DeploymentCondition) => c.type !== type);
  if (!status.conditions.length) delete status.conditions;
}

/** HasProgressDeadline: set, and not MaxInt32 (which means "no deadline"). */
export const hasProgressDeadline = (d: KObject): boolean => d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;

/** DeploymentComplete: every replica updated, present and available, and the spec observed. */
export function deploymentComplete(d: KObject, status: any): boolean {
  const want = replicas(d);
  return (
    (status.updatedReplicas ?? 0) === want &&
    (status.replicas ?? 0) === want &&
    (status.availableReplicas ?? 0) === want &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than last time. */
export function deploymentProgressing(d: KObject, status: any): boolean {
  const old = d.status ?? {};
  const n = (x: number | undefined) => x ?? 0;
  const oldOld = n(old.replicas) - n(old.updatedReplicas);
  const newOld = n(status.replicas) - n(status.updatedReplicas);
  return (
    n(status.updatedReplicas) > n(old.updatedReplicas) ||
    newOld < oldOld ||
    n(status.readyReplicas) > n(old.readyReplicas) ||
    n(status.availableReplicas) > n(old.availableReplicas)
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago. */
export function deploymentTimedOut(d: KObject, status: any, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(status, 'Progressing');
  if (!cond) return false;
  if (cond.reason === Reason.NewReplicaSetAvailable) return false;
  if (cond.reason === Reason.TimedOut) return true;
  return Date.parse(cond.lastUpdateTime) + d.spec.progressDeadlineSeconds * 1000 < now;
}
