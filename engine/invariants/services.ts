/** Invariants about Services and the endpoints that back them. */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { listAllNamespaces, objectKey } from '../store/store';
import { isPodReady } from '../node/pod-status';
import { findPort, podsForService, shouldPodBeInEndpoints } from '../network/endpoints-util';
import { slicesOf } from '../controllers/endpointslice';
import { objectName as name, StateInvariant } from './types';
import { spreadOf } from '../network/traffic';

const sorted = (xs: string[]) => [...xs].sort().join(', ') || 'none';

function expected(c: Cluster, svc: KObject): { ready: string[]; notReady: string[] } {
  const tolerate = !!svc.spec?.publishNotReadyAddresses;
  const ready: string[] = [], notReady: string[] = [];
  const ports: { port: number; targetPort?: number | string; protocol?: string }[] = svc.spec?.ports ?? [];
  for (const pod of podsForService(c, svc)) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    // a pod none of whose ports resolve (a named port it lacks) is listed nowhere
    if (ports.length && !ports.some((p) => findPort(pod, p) !== undefined)) continue;
    (tolerate || isPodReady(pod) ? ready : notReady).push(pod.status.podIP);
  }
  return { ready, notReady };
}

export const serviceEndpoints: StateInvariant = {
  name: 'service endpoints',
  description:
    "once settled, every Service with a selector has Endpoints whose ready addresses are exactly the IPs of the ready pods it selects (the others listed as not ready), and EndpointSlices whose ready endpoints are the same",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    for (const svc of listAllNamespaces(c.store, 'Service')) {
      if (!svc.spec?.selector || svc.metadata.deletionTimestamp) continue;
      const want = expected(c, svc);
      const ep = c.store.objects.get(objectKey('Endpoints', svc.metadata.namespace, svc.metadata.name!));
      if (!ep) {
        out.push(`${name(svc)} has no Endpoints`);
        continue;
      }
      const subsets = (ep.subsets ?? []) as { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
      const ready = [...new Set(subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))];
      const notReady = [...new Set(subsets.flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)))];
      if (sorted(ready) !== sorted(want.ready)) out.push(`${name(svc)}'s Endpoints list ${sorted(ready)} as ready, its ready pods are ${sorted(want.ready)}`);
      if (sorted(notReady) !== sorted(want.notReady)) out.push(`${name(svc)}'s Endpoints list ${sorted(notReady)} as not ready, its pods that are not ready are ${sorted(want.notReady)}`);
      const sliceReady = slicesOf(c, svc.metadata.namespace ?? 'default', svc.metadata.name!).flatMap((s) => ((s.endpoints ?? []) as { addresses: string[]; conditions?: { ready?: boolean } }[]).filter((e) => e.conditions?.ready).flatMap((e) => e.addresses));
      if (sorted(sliceReady) !== sorted(ready)) out.push(`${name(svc)}'s EndpointSlices have ${sorted(sliceReady)} ready, its Endpoints ${sorted(ready)}`);
    }
    return out;
  },
};

/**
 * kube-proxy's side of readiness: a request to a Service lands only on a ready pod. Sent from the
 * first node's host network to each port of every ClusterIP Service (a dozen requests per port,
 * seeded), each answer's pod must be Ready and not terminating.
 */
export const trafficToReadyPods: StateInvariant = {
  name: 'traffic to ready pods',
  description:
    "once settled, requests to a Service's ClusterIP are answered only by pods that are Ready and not terminating (unless the Service publishes not-ready addresses)",
  when: 'settled',
  check(c) {
    const out: string[] = [];
    const nodes = listAllNamespaces(c.store, 'Node');
    const from = nodes[0]?.metadata.name;
    if (!from) return out;
    for (const svc of listAllNamespaces(c.store, 'Service')) {
      const spec = svc.spec ?? {};
      if (!spec.selector || !spec.clusterIP || spec.clusterIP === 'None' || spec.type === 'ExternalName' || spec.publishNotReadyAddresses) continue;
      for (const port of (spec.ports ?? []) as { port: number; protocol?: string }[]) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        const { servedBy } = spreadOf(c, { node: from }, { host: spec.clusterIP, port: port.port, path: '/' }, 12);
        for (const podName of servedBy.keys()) {
          const pod = c.store.objects.get(objectKey('Pod', svc.metadata.namespace, podName));
          if (!pod) out.push(`a request to ${name(svc)} port ${port.port} was answered by pod ${podName}, which does not exist`);
          else if (pod.metadata.deletionTimestamp) out.push(`a request to ${name(svc)} port ${port.port} was answered by ${name(pod)}, which is terminating`);
          else if (!isPodReady(pod)) out.push(`a request to ${name(svc)} port ${port.port} was answered by ${name(pod)}, which is not ready`);
        }
      }
    }
    return out;
  },
};
