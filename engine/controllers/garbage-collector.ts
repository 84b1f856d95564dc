/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go): deletes objects
 * whose owners are all gone, orphans the dependents of an owner deleted with the `orphan`
 * finalizer, and holds a foreground-deleted owner until its blocking dependents are gone.
 */
import { Action } from '../actions';
import { KObject, OwnerReference } from '../api/types';
import { Cluster } from '../cluster';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN, objectRef } from '../apiserver';
import { byUid, dependentsOf, getObject, keyOf, ObjectKey } from '../store/store';
import { Controller, NOTHING, SyncResult } from './controller';

const NAME = 'garbage-collector';

function isDeletingWith(obj: KObject | undefined | null, finalizer: string): boolean {
  return !!obj?.metadata.deletionTimestamp && !!obj.metadata.finalizers?.includes(finalizer);
}

function refsChanged(prev: KObject | null, cur: KObject): boolean {
  const a = prev?.metadata.ownerReferences ?? [];
  const b = cur.metadata.ownerReferences ?? [];
  return a.length !== b.length || a.some((r, i) => r.uid !== b[i].uid || r.blockOwnerDeletion !== b[i].blockOwnerDeletion);
}

export const garbageCollector: Controller = {
  name: NAME,

  enqueue(c, key, prev, cur) {
    const keys: ObjectKey[] = [];
    if (!cur) {
      // An owner went away: its dependents may have no owner left. A dependent went away: an
      // owner waiting in foreground deletion may now be free to go.
      if (prev?.metadata.uid) for (const d of dependentsOf(c.store, prev.metadata.uid)) keys.push(keyOf(d));
      for (const ref of prev?.metadata.ownerReferences ?? []) {
        const owner = byUid(c.store, ref.uid);
        if (owner && isDeletingWith(owner, FINALIZER_FOREGROUND)) keys.push(keyOf(owner));
      }
      return keys;
    }
    if (cur.metadata.ownerReferences?.length && (!prev || refsChanged(prev, cur))) keys.push(key);
    if (isDeletingWith(cur, FINALIZER_ORPHAN) || isDeletingWith(cur, FINALIZER_FOREGROUND)) keys.push(key);
    return keys;
  },

  sync(c, key) {
    const obj = getObject(c.store, key);
    if (!obj) return NOTHING;
    if (isDeletingWith(obj, FINALIZER_ORPHAN)) return orphanDependents(c, obj);
    if (isDeletingWith(obj, FINALIZER_FOREGROUND)) return deleteDependentsFirst(c, obj);
    if (obj.metadata.ownerReferences?.length && !obj.metadata.deletionTimestamp) return attemptToDelete(c, obj);
    return NOTHING;
  },

  resyncKeys(c) {
    return c.store.objects
      .filter((o) => !!o.metadata.ownerReferences?.length || !!o.metadata.deletionTimestamp)
      .keySeq()
      .toArray()
      .sort();
  },
};

/** Strategic merge patch that drops the owner references with these uids. */
function removeOwnerRefs(obj: KObject, uids: string[]): Action {
  return {
    type: 'patch',
    actor: NAME,
    ref: objectRef(obj),
    patchType: 'strategic',
    patch: { metadata: { ownerReferences: uids.map((uid) => ({ $patch: 'delete', uid })) } } as never,
  };
}

function removeFinalizer(obj: KObject, finalizer: string): Action {
  return {
    type: 'replace',
    actor: NAME,
    object: { ...obj, metadata: { ...obj.metadata, finalizers: (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer) } },
  };
}

/** orphan policy: dependents lose their reference to the owner, then the owner may go. */
function orphanDependents(c: Cluster, owner: KObject): SyncResult {
  const uid = owner.metadata.uid!;
  const actions = dependentsOf(c.store, uid).map((d) => removeOwnerRefs(d, [uid]));
  actions.push(removeFinalizer(owner, FINALIZER_ORPHAN));
  return { actions };
}

/** foreground policy: delete the dependents; the owner waits for those that block it. */
function deleteDependentsFirst(c: Cluster, owner: KObject): SyncResult {
  const uid = owner.metadata.uid!;
  const dependents = dependentsOf(c.store, uid);
  const actions: Action[] = [];
  for (const d of dependents) {
    if (d.metadata.deletionTimestamp) continue;
    // each dependent goes through attemptToDeleteItem (graph_builder.go processTransitions): one
    // with another solid owner only loses its reference to this one; one with dependents of its
    // own is deleted in the foreground too
    actions.push(...attemptToDelete(c, d).actions);
  }
  const blocking = dependents.some((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
  if (!blocking) actions.push(removeFinalizer(owner, FINALIZER_FOREGROUND));
  return { actions };
}

function policyFromFinalizers(obj: KObject): 'Orphan' | 'Foreground' | 'Background' {
  if (obj.metadata.finalizers?.includes(FINALIZER_ORPHAN)) return 'Orphan';
  if (obj.metadata.finalizers?.includes(FINALIZER_FOREGROUND)) return 'Foreground';
  return 'Background';
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

/** An owner is dangling when no object with its uid exists (the GC compares uids, not names). */
function classify(c: Cluster, ref: OwnerReference): OwnerState {
  const owner = byUid(c.store, ref.uid);
  if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return 'dangling';
  if (isDeletingWith(owner, FINALIZER_FOREGROUND)) return 'waiting';
  return 'solid';
}

/** attemptToDeleteItem: a dependent lives while one solid owner remains. */
function attemptToDelete(c: Cluster, obj: KObject): SyncResult {
  const refs = obj.metadata.ownerReferences ?? [];
  const states = refs.map((r) => classify(c, r));
  const solid = states.filter((s) => s === 'solid').length;
  if (solid > 0) {
    const gone = refs.filter((_, i) => states[i] !== 'solid').map((r) => r.uid);
    return gone.length ? { actions: [removeOwnerRefs(obj, gone)] } : NOTHING;
  }
  const waiting = states.includes('waiting');
  const hasDependents = dependentsOf(c.store, obj.metadata.uid!).length > 0;
  return {
    actions: [
      {
        type: 'delete',
        actor: NAME,
        ref: objectRef(obj),
        preconditions: { uid: obj.metadata.uid },
        propagationPolicy: waiting && hasDependents ? 'Foreground' : policyFromFinalizers(obj),
      },
    ],
  };
}
