/**
 * The resource quota controller (pkg/controller/resourcequota): each ResourceQuota's status holds
 * its hard limits and what its namespace uses of them, recalculated when the quota or anything
 * it counts changes. Admission (api/quota.ts) judges creates against live usage, so a status that
 * lags never lets a create through.
 */
import { Cluster } from '../cluster';
import { getObject, keyOf, listAllNamespaces, listObjects, parseKey } from '../store/store';
import { formatQuantity, namespaceUsage } from '../api/quota';
import { jsonEqual } from '../api/json';
import { Controller, NOTHING } from './controller';

const NAME = 'resourcequota-controller';

export const resourceQuotaController: Controller = {
  name: NAME,
  enqueue(c, key, prev, cur) {
    const obj = cur ?? prev;
    if (!obj) return [];
    if (obj.kind === 'ResourceQuota') return cur ? [key] : [];
    // a pod's cost changes only when it comes, goes, finishes or starts terminating (not on every status write)
    if (obj.kind === 'Pod' && prev && cur && prev.status?.phase === cur.status?.phase && prev.metadata.deletionTimestamp === cur.metadata.deletionTimestamp) return [];
    const ns = obj.metadata.namespace;
    return ns ? listObjects(c.store, 'ResourceQuota', ns).map(keyOf) : [];
  },
  sync(c: Cluster, key) {
    if (parseKey(key).kind !== 'ResourceQuota') return NOTHING;
    const q = getObject(c.store, key);
    if (!q || q.metadata.deletionTimestamp) return NOTHING;
    const hard = (q.spec?.hard ?? {}) as Record<string, string>;
    const names = Object.keys(hard).sort();
    const used = namespaceUsage(c.store, q.metadata.namespace ?? 'default', names, c.now, q);
    const status = { hard: { ...hard }, used: Object.fromEntries(names.map((r) => [r, formatQuantity(r, used.get(r) ?? 0)])) };
    if (jsonEqual(q.status ?? {}, status)) return NOTHING;
    return { actions: [{ type: 'updateStatus', actor: NAME, object: { ...q, status } }] };
  },
  resyncKeys: (c) => listAllNamespaces(c.store, 'ResourceQuota').map(keyOf).sort(),
};
