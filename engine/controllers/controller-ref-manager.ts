/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go): which objects of a kind an
 * owner controls. Keep ours that still match, release ours that stopped matching, adopt matching
 * orphans. Objects owned by another controller are never touched; nothing is adopted while the
 * owner or the object is being deleted. The ReplicaSet controller claims pods with it, the
 * Deployment controller claims ReplicaSets.
 */
import { Action } from '../actions';
import { KObject, OwnerReference } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { matches, Selector } from '../api/labels';
import { byUid, controllerOf, dependentsOf, keyOf, listObjects, ObjectKey, orphansOf } from '../store/store';

export function controllerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface Claimed {
  /** the objects the owner controls after the claim, adopted ones with their new owner reference */
  claimed: KObject[];
  /** the patches that release and adopt */
  actions: Action[];
}

/**
 * `adoptFinalizers`: finalizers an adopted object gets in the same patch (the Job controller's
 * tracking finalizer). `considered`: the objects the controller lists at all (the ReplicaSet
 * controller claims active pods only).
 */
export function claimObjects(c: Cluster, owner: KObject, kind: string, selector: Selector, actor: string, adoptFinalizers: string[] = [], considered: (o: KObject) => boolean = () => true): Claimed {
  const uid = owner.metadata.uid!;
  const ns = owner.metadata.namespace ?? '';
  const deleting = !!owner.metadata.deletionTimestamp;
  const claimed: KObject[] = [];
  const actions: Action[] = [];
  for (const obj of dependentsOf(c.store, uid)) {
    if (obj.kind !== kind || controllerOf(obj)?.uid !== uid || !considered(obj)) continue;
    if (matches(selector, obj.metadata.labels)) {
      claimed.push(obj);
    } else if (!deleting) {
      actions.push({
        type: 'patch',
        actor,
        ref: objectRef(obj),
        patchType: 'strategic',
        patch: { metadata: { ownerReferences: [{ $patch: 'delete', uid }], uid: obj.metadata.uid } } as never,
      });
    }
  }
  if (deleting) return { claimed, actions };
  for (const obj of orphansOf(c.store, kind, ns)) {
    if (obj.metadata.deletionTimestamp || !considered(obj) || !matches(selector, obj.metadata.labels)) continue;
    const ref = controllerRefTo(owner);
    actions.push({
      type: 'patch',
      actor,
      ref: objectRef(obj),
      patchType: 'strategic',
      patch: { metadata: { ownerReferences: [ref], ...(adoptFinalizers.length ? { finalizers: adoptFinalizers } : {}), uid: obj.metadata.uid } } as never,
    });
    const finalizers = [...(obj.metadata.finalizers ?? []), ...adoptFinalizers.filter((f) => !obj.metadata.finalizers?.includes(f))];
    claimed.push({ ...obj, metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), ref], ...(finalizers.length ? { finalizers } : {}) } });
  }
  return { claimed, actions };
}

/**
 * The owners a change to an owned object wakes (the informers' add/update/delete handlers of
 * the ReplicaSet, Deployment and DaemonSet controllers): its controller before and after the
 * change (a release or an adoption), and, for a live orphan, every owner whose selector matches it.
 */
export function ownersToWake(c: Cluster, ownerKind: string, prev: KObject | null, cur: KObject | undefined, selectorOf: (owner: KObject) => Selector): ObjectKey[] {
  const keys = new Set<ObjectKey>();
  for (const obj of [prev, cur]) {
    const ref = obj && controllerOf(obj);
    if (ref?.kind !== ownerKind) continue;
    const owner = byUid(c.store, ref.uid);
    if (owner) keys.add(keyOf(owner));
  }
  if (cur && !controllerOf(cur) && !cur.metadata.deletionTimestamp) {
    for (const owner of listObjects(c.store, ownerKind, cur.metadata.namespace ?? '')) {
      if (matches(selectorOf(owner), cur.metadata.labels)) keys.add(keyOf(owner));
    }
  }
  return [...keys];
}
