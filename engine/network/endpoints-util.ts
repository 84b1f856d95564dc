/**
 * What the Endpoints and EndpointSlice controllers share (pkg/controller/util/endpoint,
 * staging/src/k8s.io/endpointslice/util, pkg/api/v1/pod FindPort): which pods back a Service,
 * which of their ports a Service port means, and how they are ordered.
 */
import { KObject } from '../api/types';
import { fromLabelSelector, matches } from '../api/labels';
import { Cluster } from '../cluster';
import { getObject, listObjects, objectKey } from '../store/store';

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** The pods a Service with a selector selects, in its namespace (a Service without one is left alone). */
export function podsForService(c: Cluster, svc: KObject): KObject[] {
  const selector = svc.spec?.selector;
  if (!selector) return [];
  const sel = fromLabelSelector({ matchLabels: selector });
  return listObjects(c.store, 'Pod', svc.metadata.namespace ?? 'default').filter((p) => matches(sel, p.metadata.labels));
}

/** ShouldPodBeInEndpoints: a pod with an IP that has not finished for good; a terminating one only when asked. */
export function shouldPodBeInEndpoints(pod: KObject, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  switch (pod.spec?.restartPolicy) {
    case 'Never':
      return phase !== 'Failed' && phase !== 'Succeeded';
    case 'OnFailure':
      return phase !== 'Succeeded';
    default:
      return true;
  }
}

/** podutil.FindPort: a number is itself; a name is the container port of that name and protocol. */
export function findPort(pod: KObject, svcPort: { targetPort?: number | string; port: number; protocol?: string }): number | undefined {
  const t = svcPort.targetPort ?? svcPort.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === t && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

/** podToEndpointAddressForService's hostname: a pod's hostname counts when its subdomain names this Service. */
export function endpointHostname(pod: KObject, svc: KObject): string | undefined {
  return pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace ? pod.spec.hostname : undefined;
}

/** The labels both controllers copy from the Service, with the headless marker. */
export function endpointLabels(svc: KObject): Record<string, string> {
  return { ...(svc.metadata.labels ?? {}), ...(svc.spec?.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}) };
}

/** Addresses in IP order (compared as numbers), then by pod uid. */
export function byIP(a: string, b: string): number {
  const n = (ip: string) => ip.split('.').reduce((x, p) => x * 256 + Number(p), 0);
  return n(a) - n(b);
}

/**
 * The ready addresses of a Service's Endpoints, with their hostnames; with `portName`, only the
 * subsets that carry that port, each address with its port number (what kube-proxy routes to).
 */
export function readyAddresses(c: Cluster, namespace: string, service: string, portName?: string): { ip: string; hostname?: string; port?: number }[] {
  const ep = getObject(c.store, objectKey('Endpoints', namespace, service));
  const out: { ip: string; hostname?: string; port?: number }[] = [];
  for (const s of (ep?.subsets ?? []) as { addresses?: { ip: string; hostname?: string }[]; ports?: { name?: string; port: number }[] }[]) {
    const port = portName === undefined ? undefined : (s.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (portName !== undefined && !port) continue;
    for (const a of s.addresses ?? []) out.push({ ip: a.ip, ...(a.hostname ? { hostname: a.hostname } : {}), port: port?.port });
  }
  return out;
}
