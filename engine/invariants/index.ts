/**
 * Named invariants over a cluster value: each returns the violations it finds, in words a person
 * can act on (an empty list means it holds). Gherkin steps and property tests use the same ones.
 */
import { Cluster } from '../cluster';
import { KObject } from '../api/types';
import { byUid, controllerOf, listAllNamespaces } from '../store/store';
import { matches } from '../api/labels';
import { isPodActive } from '../node/pod-status';
import { selectorOf, controlledPods } from '../queries';
import { resync } from '../control-plane';
import { untoleratedTaint } from '../node/scheduler';
import { findNewReplicaSet, REVISION, revisionOf } from '../controllers/deployment/util';

export type Invariant = (c: Cluster) => string[];

const name = (o: KObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** Once settled, every ReplicaSet and ReplicationController owns exactly spec.replicas live pods. */
export const replicaCounts: Invariant = (c) => {
  const out: string[] = [];
  for (const kind of ['ReplicaSet', 'ReplicationController']) {
    for (const owner of listAllNamespaces(c.store, kind)) {
      if (owner.metadata.deletionTimestamp) continue;
      const live = controlledPods(c, owner).filter(isPodActive).length;
      const want = owner.spec?.replicas ?? 1;
      if (live !== want) out.push(`${name(owner)} wants ${want} replicas but owns ${live} live pods`);
    }
  }
  return out;
};

/** No object names more than one controller in its ownerReferences. */
export const singleController: Invariant = (c) =>
  c.store.objects
    .valueSeq()
    .filter((o) => (o.metadata.ownerReferences ?? []).filter((r) => r.controller).length > 1)
    .map((o) => `${name(o)} has ${(o.metadata.ownerReferences ?? []).filter((r) => r.controller).length} controllers`)
    .toArray();

/** A controller's selector matches the labels of every pod it controls, in its own namespace. */
export const controllersMatchTheirPods: Invariant = (c) => {
  const out: string[] = [];
  for (const pod of listAllNamespaces(c.store, 'Pod')) {
    const ref = controllerOf(pod);
    if (!ref) continue;
    const owner = byUid(c.store, ref.uid);
    if (!owner || owner.metadata.deletionTimestamp || !['ReplicaSet', 'ReplicationController'].includes(owner.kind)) continue;
    if (owner.metadata.namespace !== pod.metadata.namespace) out.push(`${name(pod)} is controlled by ${name(owner)} from another namespace`);
    else if (!matches(selectorOf(owner), pod.metadata.labels)) out.push(`${name(pod)} is controlled by ${name(owner)} whose selector does not match its labels`);
  }
  return out;
};

/** Once settled, no owner reference points at an object that no longer exists. */
export const noDanglingOwners: Invariant = (c) => {
  const out: string[] = [];
  c.store.objects.forEach((o) => {
    for (const ref of o.metadata.ownerReferences ?? []) {
      if (!byUid(c.store, ref.uid)) out.push(`${name(o)} still refers to its deleted owner ${ref.kind} ${ref.name}`);
    }
  });
  return out;
};

/** No pod runs on a node whose NoSchedule / NoExecute taints it does not tolerate. */
export const taintsRespected: Invariant = (c) => {
  const out: string[] = [];
  for (const pod of listAllNamespaces(c.store, 'Pod')) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) continue;
    const node = c.store.objects.get(`Node//${nodeName}`);
    const taint = node && untoleratedTaint(pod, node, ['NoSchedule', 'NoExecute']);
    if (taint) out.push(`${name(pod)} runs on ${nodeName} despite the taint ${taint.key}:${taint.effect}`);
  }
  return out;
};

/** A full resync of every loop changes nothing: none would act on the current state. */
export const fixpoint: Invariant = (c) => {
  const after = resync(c);
  return after.resourceVersion === c.resourceVersion ? [] : [`a full resync wrote ${after.resourceVersion - c.resourceVersion} more changes`];
};

/** A Deployment's ReplicaSets have distinct revisions; the one running its template has the highest, and the Deployment carries it. */
export const deploymentRevisions: Invariant = (c) => {
  const out: string[] = [];
  for (const d of listAllNamespaces(c.store, 'Deployment')) {
    if (d.metadata.deletionTimestamp) continue;
    const rss = listAllNamespaces(c.store, 'ReplicaSet').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
    const revisions = rss.map(revisionOf);
    if (new Set(revisions).size !== revisions.length) out.push(`${name(d)} has ReplicaSets sharing a revision: ${revisions.sort().join(', ')}`);
    const newRS = findNewReplicaSet(d, rss);
    if (!newRS) continue;
    if (revisionOf(newRS) !== Math.max(...revisions)) out.push(`${name(d)}: its current ReplicaSet ${newRS.metadata.name} is revision ${revisionOf(newRS)}, not the highest (${Math.max(...revisions)})`);
    if (d.metadata.annotations?.[REVISION] !== String(revisionOf(newRS))) out.push(`${name(d)} is at revision ${d.metadata.annotations?.[REVISION]} but runs revision ${revisionOf(newRS)}`);
  }
  return out;
};

export const INVARIANTS: Record<string, Invariant> = {
  'replica counts': replicaCounts,
  'single controller': singleController,
  'controllers match their pods': controllersMatchTheirPods,
  'no dangling owners': noDanglingOwners,
  'taints respected': taintsRespected,
  'deployment revisions': deploymentRevisions,
  fixpoint,
};

export function checkInvariants(c: Cluster, names: string[] = Object.keys(INVARIANTS)): string[] {
  return names.flatMap((n) => {
    const inv = INVARIANTS[n];
    if (!inv) throw new Error(`unknown invariant "${n}"; known: ${Object.keys(INVARIANTS).join(', ')}`);
    return inv(c).map((v) => `${n}: ${v}`);
  });
}
