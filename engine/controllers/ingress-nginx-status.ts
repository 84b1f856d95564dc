/**
 * What a running ingress-nginx controller writes to the API: the address of each Ingress it serves
 * (internal/ingress/status/status.go runningAddresses). With --publish-service, that Service's
 * address (its load balancer's, its externalIPs, or its ClusterIP, by type); without it (the
 * bare-metal manifest), the IPs of the nodes running a Running and Ready controller pod: a node's
 * first ExternalIP, else its first InternalIP (GetNodeIPOrName). Sorted by hostname, then IP, as
 * bytes (lessLoadBalancerIngress), duplicates dropped. Upstream re-syncs every 60 s from
 * the elected leader; here the status follows at once, as the other controllers do.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, keyOf, listAllNamespaces, objectKey } from '../store/store';
import { isPodReady } from '../node/pod-status';
import { controllerConfig, IngressControllerConfig, ingressControllerContainer, servesIngress } from '../network/ingress';
import { Controller, NOTHING } from './controller';

const NAME = 'nginx-ingress-controller';

interface RunningController {
  pod: KObject;
  config: IngressControllerConfig;
}

function runningControllers(c: Cluster): RunningController[] {
  const out: RunningController[] = [];
  for (const pod of listAllNamespaces(c.store, 'Pod')) {
    const container = ingressControllerContainer(pod);
    if (!container || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || !isPodReady(pod)) continue;
    out.push({ pod, config: controllerConfig(container, pod.metadata.namespace ?? 'default') });
  }
  return out;
}

function nodeIPs(c: Cluster, nodeName: string | undefined): string[] {
  if (!nodeName) return [];
  const addresses: { type: string; address: string }[] = getObject(c.store, objectKey('Node', undefined, nodeName))?.status?.addresses ?? [];
  const address = (addresses.find((a) => a.type === 'ExternalIP') ?? addresses.find((a) => a.type === 'InternalIP'))?.address;
  return address ? [address] : [];
}

/** strings.Compare: byte order, not the locale's */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function publishedAddresses(c: Cluster, ref: { namespace: string; name: string }): { ip?: string; hostname?: string }[] {
  const svc = getObject(c.store, objectKey('Service', ref.namespace, ref.name));
  if (!svc) return [];
  const externalIPs = ((svc.spec?.externalIPs ?? []) as string[]).map((ip) => ({ ip }));
  switch (svc.spec?.type) {
    case 'ExternalName':
      return [{ hostname: svc.spec.externalName }];
    case 'LoadBalancer':
      return [...((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => (i.ip ? { ip: i.ip } : { hostname: i.hostname })), ...externalIPs];
    case 'NodePort':
      return externalIPs.length ? externalIPs : [{ ip: svc.spec.clusterIP }];
    default:
      return [{ ip: svc.spec?.clusterIP }];
  }
}

/** The status.loadBalancer.ingress the controllers serving `ing` would write. */
export function ingressAddresses(c: Cluster, ing: KObject): { ip?: string; hostname?: string }[] {
  const found = new Map<string, { ip?: string; hostname?: string }>();
  for (const { pod, config } of runningControllers(c)) {
    if (!servesIngress(c, config, ing)) continue;
    const addresses: { ip?: string; hostname?: string }[] = config.publishService ? publishedAddresses(c, config.publishService) : nodeIPs(c, pod.spec?.nodeName).map((ip) => ({ ip }));
    for (const a of addresses) found.set(a.ip ?? a.hostname ?? '', a);
  }
  return [...found.entries()]
    .filter(([k]) => k)
    .map(([, v]) => v)
    .sort((a, b) => compare(a.hostname ?? '', b.hostname ?? '') || compare(a.ip ?? '', b.ip ?? ''));
}

export const ingressNginxStatusController: Controller = {
  name: NAME,
  enqueue(c, key, prev, cur) {
    if (cur?.kind === 'Ingress') return [key];
    // a controller pod coming or going, a class, a published Service or a node's address changing:
    // every Ingress may be affected (none to look at on a cluster without Ingresses, the usual case)
    const obj = cur ?? prev;
    if (!obj || !['Pod', 'IngressClass', 'Service', 'Node'].includes(obj.kind)) return [];
    if (obj.kind === 'Pod' && !ingressControllerContainer(obj)) return [];
    const ingresses = listAllNamespaces(c.store, 'Ingress');
    return ingresses.length ? ingresses.map(keyOf) : [];
  },
  sync(c, key) {
    const ing = getObject(c.store, key);
    if (!ing || ing.kind !== 'Ingress' || ing.metadata.deletionTimestamp) return NOTHING;
    const want = ingressAddresses(c, ing);
    const have = (ing.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[];
    if (JSON.stringify(want) === JSON.stringify(have)) return NOTHING;
    const loadBalancer = want.length ? { ingress: want } : {};
    return { actions: [{ type: 'updateStatus', actor: NAME, object: { ...ing, status: { ...ing.status, loadBalancer } } }] };
  },
  resyncKeys: (c) => listAllNamespaces(c.store, 'Ingress').map(keyOf).sort(),
};
