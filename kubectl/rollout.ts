/**
 * The client half of `kubectl rollout` and `kubectl set image`: what kubectl reads from the
 * cluster, the request it then sends, and the line it prints. Rollback is client side in
 * apps/v1: kubectl finds the ReplicaSet of the revision and patches its template back into the
 * Deployment (kubectl/pkg/polymorphichelpers/rollback.go, history.go, objectpauser.go,
 * objectresumer.go; kubectl/pkg/cmd/set/set_image.go).
 */
import { Action, Cluster, getResource, KObject, listResources, resourceForKind } from '../engine';
import { qualifiedResource } from '../engine/api/resources';
import { ANNOTATIONS_TO_SKIP, CHANGE_CAUSE, equalIgnoreHash, POD_TEMPLATE_HASH, revisionOf } from '../engine/controllers/deployment/util';
import { clone, jsonEqual } from '../engine/api/json';
import { fromLabelSelector, matches } from '../engine/api/labels';
import { revisionTemplate } from '../engine/controllers/statefulset';
import { TabWriter } from './tabwriter';

/** What a kubectl command decided: a request to send and what it prints, or its error (without kubectl's `error: ` prefix). */
export type ClientPlan = { ok: true; action?: Action; output: string } | { ok: false; error: string };

const fail = (error: string): ClientPlan => ({ ok: false, error });

function getDeployment(c: Cluster, name: string, namespace: string): KObject | string {
  return getResource(c, 'Deployment', name, namespace) ?? `deployments.apps "${name}" not found`;
}

/** deploymentutil.GetAllReplicaSets as kubectl runs it: the ReplicaSets the Deployment controls. */
export { replicaSetsOf } from '../engine/queries';
import { replicaSetsOf } from '../engine/queries';

export interface HistoryEntry {
  revision: number;
  changeCause: string;
  template: unknown;
}

/** ViewHistory: one entry per revision, ascending; the change cause from the ReplicaSet's annotation. */
export function rolloutHistory(c: Cluster, name: string, namespace = 'default'): HistoryEntry[] | { error: string } {
  const d = getDeployment(c, name, namespace);
  if (typeof d === 'string') return { error: d };
  const byRevision = new Map<number, HistoryEntry>();
  for (const rs of replicaSetsOf(c, d)) {
    const revision = revisionOf(rs);
    if (Number.isNaN(revision)) continue;
    byRevision.set(revision, { revision, changeCause: rs.metadata.annotations?.[CHANGE_CAUSE] ?? '', template: rs.spec?.template });
  }
  return [...byRevision.values()].sort((a, b) => a.revision - b.revision);
}

/** `kubectl rollout history deployment NAME` as printed (tabwriter: minimum width 0, padding 2). */
export function formatRolloutHistory(name: string, entries: HistoryEntry[], kind = 'deployment.apps'): string {
  if (!entries.length) return `${kind}/${name} \nNo rollout history found.\n`;
  const w = new TabWriter(0, 2);
  w.write('REVISION\tCHANGE-CAUSE\n');
  for (const e of entries) w.write(`${e.revision}\t${e.changeCause || '<none>'}\n`);
  return `${kind}/${name} \n${w.toString()}\n`;
}

/**
 * `kubectl rollout undo deployment NAME [--to-revision N]`: revision 0 means the one before the
 * newest. The template comes back without its pod-template-hash label, together with the
 * ReplicaSet's annotations (change-cause included); the controller then gives that ReplicaSet
 * the next revision number.
 */
export function planRolloutUndo(c: Cluster, name: string, toRevision = 0, namespace = 'default'): ClientPlan {
  const d = getDeployment(c, name, namespace);
  if (typeof d === 'string') return fail(d);
  if (toRevision < 0) return fail(`unable to find specified revision ${toRevision} in history`);
  let target: KObject | undefined;
  let latest: KObject | undefined, latestRev = -1, previous: KObject | undefined, previousRev = -1;
  for (const rs of replicaSetsOf(c, d)) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        [previous, previousRev] = [latest, latestRev];
        [latest, latestRev] = [rs, v];
      } else if (previousRev < v) {
        [previous, previousRev] = [rs, v];
      }
    } else if (v === toRevision) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) return fail(`unable to find specified revision ${toRevision} in history`);
  if (toRevision === 0) {
    if (!previous) return fail(`no rollout history found for deployment "${name}"`);
    target = previous;
  }
  if (d.spec?.paused) return fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  const rs = target!;
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
    return { ok: true, output: `deployment.apps/${name} skipped rollback (current template already matches revision ${toRevision})` };
  }
  const template = clone(rs.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return {
    ok: true,
    output: `deployment.apps/${name} rolled back`,
    action: {
      type: 'patch',
      ref: { kind: 'Deployment', namespace, name },
      patchType: 'json',
      patch: [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
    },
  };
}

/** `kubectl rollout pause|resume deployment NAME`: a strategic merge patch of spec.paused. */
export function planRolloutPause(c: Cluster, name: string, paused: boolean, namespace = 'default'): ClientPlan {
  const d = getDeployment(c, name, namespace);
  if (typeof d === 'string') return fail(d);
  if (!!d.spec?.paused === paused) return fail(`deployments.apps "${name}" ${paused ? 'is already paused' : 'is not paused'}`);
  return {
    ok: true,
    output: `deployment.apps/${name} ${paused ? 'paused' : 'resumed'}`,
    action: { type: 'patch', ref: { kind: 'Deployment', namespace, name }, patchType: 'strategic', patch: { spec: { paused: paused ? true : null } } },
  };
}

/**
 * `kubectl set image deployment/NAME CONTAINER=IMAGE [--record]`: a strategic merge patch of the
 * named containers; `--record` adds the change-cause annotation in the same request.
 */
export function planSetImage(c: Cluster, target: { kind: string; name: string }, images: Record<string, string>, changeCause?: string, namespace = 'default'): ClientPlan {
  const { kind, name } = target;
  const r = resourceForKind(kind);
  const d = getResource(c, kind, name, namespace);
  if (!d) return fail(`${qualifiedResource(r)} "${name}" not found`);
  const spec = d.spec?.template?.spec ?? {};
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((x: { name: string }) => x.name);
  const containers: object[] = [];
  const initContainers: object[] = [];
  for (const [container, image] of Object.entries(images)) {
    if (container !== '*' && !all.includes(container)) return fail(`unable to find container named "${container}"`);
    for (const x of spec.containers ?? []) if (container === '*' || x.name === container) containers.push({ name: x.name, image });
    for (const x of spec.initContainers ?? []) if (container === '*' || x.name === container) initContainers.push({ name: x.name, image });
  }
  const templateSpec: Record<string, object[]> = {};
  if (containers.length) templateSpec.containers = containers;
  if (initContainers.length) templateSpec.initContainers = initContainers;
  const patch: Record<string, unknown> = { spec: { template: { spec: templateSpec } } };
  if (changeCause !== undefined) patch.metadata = { annotations: { [CHANGE_CAUSE]: changeCause } };
  return {
    ok: true,
    output: `${kind.toLowerCase()}.${r.group}/${name} image updated`,
    action: { type: 'patch', ref: { kind, namespace, name }, patchType: 'strategic', patch: patch as never },
  };
}

/**
 * One look of `kubectl rollout status deployment NAME` (DeploymentStatusViewer.Status): the line
 * it prints now, whether the rollout is done, or the error it exits with.
 */
export function rolloutStatus(c: Cluster, name: string, namespace = 'default'): { line: string; done: boolean } | { error: string } {
  const d = getDeployment(c, name, namespace);
  if (typeof d === 'string') return { error: d };
  const s = d.status ?? {};
  const n = (x: number | undefined) => x ?? 0;
  if ((d.metadata.generation ?? 0) > n(s.observedGeneration)) return { line: 'Waiting for deployment spec update to be observed...', done: false };
  const progressing = (s.conditions ?? []).find((x: { type: string }) => x.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { error: `deployment "${name}" exceeded its progress deadline` };
  const want = d.spec?.replicas ?? 1;
  const wait = (what: string) => ({ line: `Waiting for deployment "${name}" rollout to finish: ${what}...`, done: false });
  if (n(s.updatedReplicas) < want) return wait(`${n(s.updatedReplicas)} out of ${want} new replicas have been updated`);
  if (n(s.replicas) > n(s.updatedReplicas)) return wait(`${n(s.replicas) - n(s.updatedReplicas)} old replicas are pending termination`);
  if (n(s.availableReplicas) < n(s.updatedReplicas)) return wait(`${n(s.availableReplicas)} of ${n(s.updatedReplicas)} updated replicas are available`);
  return { line: `deployment "${name}" successfully rolled out`, done: true };
}

// ---------------------------------------------------------------------------------------------
// StatefulSets: history lives in ControllerRevisions (polymorphichelpers/history.go statefulSetHistory)

function getStatefulSet(c: Cluster, name: string, namespace: string): KObject | string {
  return getResource(c, 'StatefulSet', name, namespace) ?? `statefulsets.apps "${name}" not found`;
}

/** controlledHistories: the set's ControllerRevisions (its selector matches them, it controls them), by revision. */
function statefulSetHistory(c: Cluster, sts: KObject): KObject[] {
  const selector = fromLabelSelector(sts.spec?.selector);
  return listResources(c, 'ControllerRevision', { namespace: sts.metadata.namespace })
    .filter((r) => matches(selector, r.metadata.labels) && (r.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === sts.metadata.uid))
    .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
}

export function statefulSetRolloutHistory(c: Cluster, name: string, namespace = 'default'): HistoryEntry[] | { error: string } {
  const sts = getStatefulSet(c, name, namespace);
  if (typeof sts === 'string') return { error: sts };
  return statefulSetHistory(c, sts).map((r) => ({ revision: Number(r.revision ?? 0), changeCause: r.metadata.annotations?.[CHANGE_CAUSE] ?? '', template: revisionTemplate(r) }));
}

/**
 * `kubectl rollout undo statefulset NAME`: the revision's data is a strategic merge patch that
 * replaces the template; kubectl sends it as it is (StatefulSetRollbacker).
 */
export function planStatefulSetRolloutUndo(c: Cluster, name: string, toRevision = 0, namespace = 'default'): ClientPlan {
  const sts = getStatefulSet(c, name, namespace);
  if (typeof sts === 'string') return fail(sts);
  if (toRevision < 0) return fail(`unable to find specified revision ${toRevision} in history`);
  const history = statefulSetHistory(c, sts);
  if (toRevision === 0 && history.length <= 1) return fail('no last revision to roll back to');
  const target = toRevision === 0 ? history[history.length - 2] : history.find((r) => Number(r.revision) === toRevision);
  if (!target) return fail(`unable to find specified revision ${toRevision} in history`);
  if (jsonEqual(revisionTemplate(target), sts.spec?.template)) {
    return { ok: true, output: `statefulset.apps/${name} skipped rollback (current template already matches revision ${toRevision})` };
  }
  return { ok: true, output: `statefulset.apps/${name} rolled back`, action: { type: 'patch', ref: { kind: 'StatefulSet', namespace, name }, patchType: 'strategic', patch: clone(target.data) as never } };
}

/** StatefulSetStatusViewer.Status: a defaulted RollingUpdate always has a partition, so it reports "partitioned roll out". */
export function statefulSetRolloutStatus(c: Cluster, name: string, namespace = 'default'): { line: string; done: boolean } | { error: string } {
  const sts = getStatefulSet(c, name, namespace);
  if (typeof sts === 'string') return { error: sts };
  const strategy = sts.spec?.updateStrategy ?? {};
  if (strategy.type !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
  const s = sts.status ?? {};
  const n = (x: number | undefined) => x ?? 0;
  if (!n(s.observedGeneration) || (sts.metadata.generation ?? 0) > n(s.observedGeneration)) return { line: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = sts.spec?.replicas ?? 1;
  if (n(s.readyReplicas) < replicas) return { line: `Waiting for ${replicas - n(s.readyReplicas)} pods to be ready...`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (partition != null && n(s.updatedReplicas) < replicas - partition) {
      return { line: `Waiting for partitioned roll out to finish: ${n(s.updatedReplicas)} out of ${replicas - partition} new pods have been updated...`, done: false };
    }
    return { line: `partitioned roll out complete: ${n(s.updatedReplicas)} new pods have been updated...`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) return { line: `waiting for statefulset rolling update to complete ${n(s.updatedReplicas)} pods at revision ${s.updateRevision}...`, done: false };
  return { line: `statefulset rolling update complete ${n(s.currentReplicas)} pods at revision ${s.currentRevision}...`, done: true };
}

/** DaemonSetStatusViewer.Status */
export function daemonSetRolloutStatus(c: Cluster, name: string, namespace = 'default'): { line: string; done: boolean } | { error: string } {
  const ds = getResource(c, 'DaemonSet', name, namespace);
  if (!ds) return { error: `daemonsets.apps "${name}" not found` };
  // upstream names the StatefulSet constant here; both spell RollingUpdate
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
  const s = ds.status ?? {};
  const n = (x: number | undefined) => x ?? 0;
  if ((ds.metadata.generation ?? 0) > n(s.observedGeneration)) return { line: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = n(s.desiredNumberScheduled);
  if (n(s.updatedNumberScheduled) < desired) return { line: `Waiting for daemon set "${name}" rollout to finish: ${n(s.updatedNumberScheduled)} out of ${desired} new pods have been updated...`, done: false };
  if (n(s.numberAvailable) < desired) return { line: `Waiting for daemon set "${name}" rollout to finish: ${n(s.numberAvailable)} of ${desired} updated pods are available...`, done: false };
  return { line: `daemon set "${name}" successfully rolled out`, done: true };
}
