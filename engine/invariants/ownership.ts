/** Invariants about owner references: who controls what, and across which boundaries. */
import { byUid, controllerOf, keyOf, listAllNamespaces } from '../store/store';
import { matches } from '../api/labels';
import { selectorOf } from '../queries';
import { objectName as name, objectsToCheck, StateInvariant } from './types';

const SELECTOR_OWNERS = ['ReplicaSet', 'ReplicationController', 'Deployment'];

export const singleController: StateInvariant = {
  name: 'single controller',
  description: 'no object names more than one controller in its ownerReferences',
  when: 'always',
  check: (c, prev) =>
    objectsToCheck(c, prev)
      .map((o) => [o, (o.metadata.ownerReferences ?? []).filter((r) => r.controller).length] as const)
      .filter(([, controllers]) => controllers > 1)
      .map(([o, controllers]) => `${name(o)} has ${controllers} controllers`),
};

export const controllersMatchTheirPods: StateInvariant = {
  name: 'controllers match their pods',
  description: "a controller's selector matches the labels of every object it controls, and owner and owned share a namespace",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const kind of ['Pod', 'ReplicaSet']) {
      for (const obj of listAllNamespaces(c.store, kind)) {
        const ref = controllerOf(obj);
        const owner = ref && byUid(c.store, ref.uid);
        if (!owner || owner.metadata.deletionTimestamp || !SELECTOR_OWNERS.includes(owner.kind)) continue;
        if (owner.metadata.namespace !== obj.metadata.namespace) out.push(`${name(obj)} is controlled by ${name(owner)} from another namespace`);
        else if (!matches(selectorOf(owner), obj.metadata.labels)) out.push(`${name(obj)} is controlled by ${name(owner)} whose selector does not match its labels`);
      }
    }
    return out;
  },
};

export const noAdoptionAcrossNamespaces: StateInvariant = {
  name: 'no adoption across namespaces',
  description: 'no owner reference, controller or not, points at an object in another namespace',
  when: 'always',
  check(c, prev) {
    const out: string[] = [];
    for (const o of objectsToCheck(c, prev)) {
      if (!o.metadata.namespace) continue;
      for (const ref of o.metadata.ownerReferences ?? []) {
        const owner = byUid(c.store, ref.uid);
        if (owner?.metadata.namespace && owner.metadata.namespace !== o.metadata.namespace) out.push(`${name(o)} is owned by ${name(owner)} from another namespace`);
      }
    }
    return out;
  },
};

export const noAdoptionByDeletingOwner: StateInvariant = {
  name: 'no adoption by a deleting owner',
  description: 'an object being deleted adopts nothing: no controller reference to it appears after its deletion began',
  when: 'always',
  check(c, prev) {
    if (!prev) return [];
    const out: string[] = [];
    // adoption is a write to the adopted object: look only at the objects written since prev
    for (const obj of objectsToCheck(c, prev)) {
      const ref = controllerOf(obj);
      if (!ref) continue;
      const before = prev.store.objects.get(keyOf(obj));
      if (before && controllerOf(before)?.uid === ref.uid) continue;
      const owner = byUid(prev.store, ref.uid);
      if (owner?.metadata.deletionTimestamp) out.push(`${name(obj)} was adopted by ${name(owner)}, which was being deleted`);
    }
    return out;
  },
};

export const noDanglingOwners: StateInvariant = {
  name: 'no dangling owners',
  description: 'once settled, no owner reference points at an object that no longer exists (objects still terminating, such as pods whose kubelet is down, may)',
  when: 'settled',
  check(c) {
    const out: string[] = [];
    c.store.objects.forEach((o) => {
      if (o.metadata.deletionTimestamp) return;
      for (const ref of o.metadata.ownerReferences ?? []) {
        if (!byUid(c.store, ref.uid)) out.push(`${name(o)} still refers to its deleted owner ${ref.kind} ${ref.name}`);
      }
    });
    return out;
  },
};

export const orphansSurvive: StateInvariant = {
  name: 'orphans survive',
  description: 'the garbage collector deletes nothing whose owner is being deleted with propagationPolicy Orphan: its dependents are released, not removed',
  when: 'always',
  check(c, prev) {
    const last = c.trace.last();
    if (!prev || !last || last.actor !== 'garbage-collector' || last.type !== 'delete' || !last.key) return [];
    const before = prev.store.objects.get(last.key);
    if (!before) return [];
    const orphaning = (before.metadata.ownerReferences ?? [])
      .map((r) => byUid(prev.store, r.uid))
      .find((o) => o?.metadata.deletionTimestamp && o.metadata.finalizers?.includes('orphan'));
    return orphaning ? [`the garbage collector deleted ${name(before)}, whose owner ${name(orphaning)} is being deleted with propagationPolicy Orphan`] : [];
  },
};
