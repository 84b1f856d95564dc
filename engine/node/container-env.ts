/**
 * A container's environment as the kubelet builds it when it creates the container
 * (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): the Service links of the pod's
 * namespace (enableServiceLinks, the default), then envFrom in order, then env, each later one
 * overriding; `$(VAR)` references expand to variables defined before. A ConfigMap or Secret that
 * is missing (or a key it lacks) stops the container from being created: CreateContainerConfigError
 * with the kubelet's message, unless the reference is optional.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, listObjects, objectKey } from '../store/store';

export type EnvResult = { env: [string, string][] } | { error: string };

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The value of a ConfigMap's or a Secret's key, or why it cannot be had. */
function keyOf(c: Cluster, ns: string, kind: 'ConfigMap' | 'Secret', ref: { name?: string; key?: string; optional?: boolean }): { value?: string; error?: string } {
  const obj = getObject(c.store, objectKey(kind, ns, ref.name ?? ''));
  if (!obj) return ref.optional ? {} : { error: `${kind.toLowerCase()} "${ref.name}" not found` };
  const data = (obj.data ?? {}) as Record<string, string>;
  if (!(ref.key! in data)) return ref.optional ? {} : { error: `couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}` };
  return { value: kind === 'Secret' ? Buffer.from(data[ref.key!], 'base64').toString('utf8') : data[ref.key!] };
}

/** A Service's docker-link style variables (pkg/kubelet/envvars): `<NAME>_SERVICE_HOST`, `_PORT`, ... */
function serviceLinks(svc: KObject): [string, string][] {
  const name = svc.metadata.name!.toUpperCase().replace(/-/g, '_');
  const ports: { name?: string; port: number; protocol?: string }[] = svc.spec?.ports ?? [];
  if (!ports.length) return [];
  const ip = svc.spec.clusterIP;
  const out: [string, string][] = [[`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(ports[0].port)]];
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  const first = ports[0];
  out.push([`${name}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    const prefix = `${name}_PORT_${p.port}_${proto}`;
    out.push([prefix, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${prefix}_PROTO`, proto.toLowerCase()], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/** The downward API's value of a pod field (fieldRef.fieldPath). */
export function downwardValue(pod: KObject, path: string): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    default: {
      const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
      return label ? (pod.metadata.labels?.[label[1]] ?? '') : '';
    }
  }
}

/** expansion.Expand: `$(VAR)` from the variables so far, `$$` an escaped `$`, unknown references kept. */
function expand(value: string, vars: { has(k: string): boolean; get(k: string): string | undefined }): string {
  return value.replace(/\$\$|\$\(([^)]*)\)/g, (m, name) => (m === '$$' ? '$' : vars.has(name) ? vars.get(name)! : m));
}

/**
 * The environment in the order the kubelet hands it to the runtime: the declared variables
 * (envFrom, then env), then the Service variables not declared.
 */
export function containerEnv(c: Cluster, pod: KObject, container: any): EnvResult {
  const ns = pod.metadata.namespace ?? 'default';
  const services = new Map<string, string>();
  if (pod.spec?.enableServiceLinks !== false) {
    for (const svc of listObjects(c.store, 'Service', ns)) {
      if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') for (const [k, v] of serviceLinks(svc)) services.set(k, v);
    }
  }
  // the master Service's variables, in every namespace
  const kubernetes = getObject(c.store, objectKey('Service', 'default', 'kubernetes'));
  if (kubernetes) for (const [k, v] of serviceLinks(kubernetes)) services.set(k, v);
  const declared = new Map<string, string>();
  const vars = { has: (k: string) => declared.has(k) || services.has(k), get: (k: string) => (declared.has(k) ? declared.get(k) : services.get(k)), set: (k: string, v: string) => declared.set(k, v) };
  for (const from of (container.envFrom ?? []) as any[]) {
    const prefix = from.prefix ?? '';
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref) continue;
    const obj = getObject(c.store, objectKey(kind, ns, ref.name ?? ''));
    if (!obj) {
      if (ref.optional) continue;
      return { error: `${kind.toLowerCase()} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) {
      // keys that are not valid variable names are skipped (the kubelet's InvalidEnvironmentVariableNames event)
      if (!ENV_NAME.test(prefix + k)) continue;
      vars.set(prefix + k, kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v);
    }
  }
  for (const e of (container.env ?? []) as any[]) {
    if (e.valueFrom) {
      const from = e.valueFrom;
      let r: { value?: string; error?: string } = {};
      if (from.configMapKeyRef) r = keyOf(c, ns, 'ConfigMap', from.configMapKeyRef);
      else if (from.secretKeyRef) r = keyOf(c, ns, 'Secret', from.secretKeyRef);
      else if (from.fieldRef) r = { value: downwardValue(pod, from.fieldRef.fieldPath) };
      if (r.error) return { error: r.error };
      if (r.value !== undefined) vars.set(e.name, r.value);
      continue;
    }
    vars.set(e.name, expand(String(e.value ?? ''), vars));
  }
  return { env: [...declared.entries(), ...[...services.entries()].filter(([k]) => !declared.has(k))] };
}
