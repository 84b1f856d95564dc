/**
 * What the Endpoints and EndpointSlice controllers' unit tests share: a pod selected by the
 * Service `web` (bound, Running, Ready, with an IP and an `http` port unless told otherwise), a
 * Service, and a cluster holding objects as they are (putObject: no admission, no validation).
 */
import { createCluster, KObject } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';

export interface PodOptions {
  ip?: string | null;
  ready?: boolean;
  labels?: Record<string, string>;
  namespace?: string;
  phase?: string;
  restartPolicy?: string;
  nodeName?: string | null;
  hostname?: string;
  subdomain?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  metadata?: Record<string, unknown>;
}
export function pod(name: string, o: PodOptions = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}`, labels: o.labels ?? { app: 'web' }, ...o.metadata },
    spec: {
      ...(o.nodeName === null ? {} : { nodeName: o.nodeName ?? 'w1-k8s' }),
      ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'c', image: 'nginx', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }] }],
    },
    status: { phase: o.phase ?? 'Running', ...(o.ip === null ? {} : { podIP: o.ip ?? '10.0.0.1' }), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  };
}
export function service(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}, namespace = 'default'): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `uid-svc-${name}`, ...metadata },
    spec: { selector: { app: name }, clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], ...spec },
  };
}
export function holding(...objs: KObject[]): Cluster {
  const c = createCluster({ seed: 1 });
  return { ...c, store: objs.reduce(putObject, c.store) };
}
