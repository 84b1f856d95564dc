/**
 * The service controller of a cloud provider (k8s.io/cloud-provider/controllers/service), with a
 * simulated provider that hands out addresses from a pool, as MetalLB does on bare metal: a
 * LoadBalancer Service gets the first free address in status.loadBalancer.ingress, with the
 * EnsuringLoadBalancer / EnsuredLoadBalancer events; one that stops being a LoadBalancer gives its
 * address back. Without a pool (a kubeadm cluster, as in the notes) EXTERNAL-IP stays <pending>.
 */
import { Action } from '../actions';
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { objectRef } from '../apiserver';
import { getObject, keyOf, listAllNamespaces } from '../store/store';
import { Controller, NOTHING } from './controller';

const NAME = 'service-controller';

const ingressIPs = (svc: KObject): string[] => ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string }[]).flatMap((i) => (i.ip ? [i.ip] : []));

function event(svc: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action {
  return { type: 'event', actor: NAME, event: { involved: objectRef(svc), involvedUid: svc.metadata.uid!, source: NAME, reason, message, type } };
}

function sync(c: Cluster, svc: KObject): Action[] {
  const has = ingressIPs(svc);
  const isLB = svc.spec?.type === 'LoadBalancer' && !svc.metadata.deletionTimestamp;
  if (!isLB) {
    if (!has.length) return [];
    return [
      event(svc, 'DeletingLoadBalancer', 'Deleting load balancer'),
      { type: 'updateStatus', actor: NAME, object: { ...svc, status: { ...svc.status, loadBalancer: {} } } },
      event(svc, 'DeletedLoadBalancer', 'Deleted load balancer'),
    ];
  }
  const pool = c.loadBalancerPool ?? [];
  if (has.length || !pool.length) return [];
  const taken = new Set(listAllNamespaces(c.store, 'Service').flatMap(ingressIPs));
  const ip = pool.find((a) => !taken.has(a));
  if (!ip) return [event(svc, 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: no available IPs', 'Warning')];
  return [
    event(svc, 'EnsuringLoadBalancer', 'Ensuring load balancer'),
    { type: 'updateStatus', actor: NAME, object: { ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } } },
    event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer'),
  ];
}

export const serviceLoadBalancerController: Controller = {
  name: NAME,
  enqueue: (_c, key, _prev, cur) => (cur?.kind === 'Service' ? [key] : []),
  sync(c, key) {
    const svc = getObject(c.store, key);
    if (!svc || svc.kind !== 'Service') return NOTHING;
    const actions = sync(c, svc);
    return actions.length ? { actions } : NOTHING;
  },
  resyncKeys: (c) => listAllNamespaces(c.store, 'Service').map(keyOf).sort(),
};
