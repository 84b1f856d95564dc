/**
 * Pod spec validation (pkg/apis/core/validation/validation.go ValidatePodSpec and
 * ValidatePodUpdate), the subset the engine's kinds rely on.
 */
import { FieldError, KObject } from '../types';
import { duplicate, forbidden, invalid, notSupported, required } from '../field';
import { dns1123Label, portName } from './names';
import { jsonEqual } from '../json';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validateContainers(containers: any[] | undefined, path: string, names: Set<string>): FieldError[] {
  const out: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) out.push(required(`${p}.name`));
    else {
      for (const e of dns1123Label(c.name)) out.push(invalid(`${p}.name`, c.name, e));
      if (names.has(c.name)) out.push(duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) out.push(required(`${p}.image`));
    if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) out.push(notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((port: any, j: number) => {
      const pp = `${p}.ports[${j}]`;
      if (port.name) {
        if (portNames.has(port.name)) out.push(duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
      if (port.containerPort === undefined || port.containerPort === 0) out.push(required(`${pp}.containerPort`));
      else if (!(port.containerPort >= 1 && port.containerPort <= 65535)) out.push(invalid(`${pp}.containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
      if (port.hostPort !== undefined && port.hostPort !== 0 && !(port.hostPort >= 1 && port.hostPort <= 65535)) {
        out.push(invalid(`${pp}.hostPort`, port.hostPort, 'must be between 1 and 65535, inclusive'));
      }
      if (port.protocol === undefined) out.push(required(`${pp}.protocol`));
      else if (!PROTOCOLS.includes(port.protocol)) out.push(notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    });
    for (const kind of ['liveness', 'readiness', 'startup'] as const) {
      if (c[`${kind}Probe`]) out.push(...validateProbe(c[`${kind}Probe`], `${p}.${kind}Probe`, kind));
    }
  });
  return out;
}

/** validateProbe and its liveness / readiness / startup variants (validation.go). */
function validateProbe(probe: any, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const out: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (!handlers.length) out.push(required(path, 'must specify a handler type'));
  handlers.slice(1).forEach((h) => out.push(forbidden(`${path}.${h}`, 'may not specify more than 1 handler type')));
  const first = handlers[0];
  if (first === 'exec' && !(probe.exec.command ?? []).length) out.push(required(`${path}.exec.command`));
  if (first === 'httpGet' || first === 'tcpSocket') out.push(...validatePortNumOrName(probe[first].port, `${path}.${first}.port`));
  if (first === 'httpGet' && !['HTTP', 'HTTPS'].includes(probe.httpGet.scheme)) out.push(notSupported(`${path}.httpGet.scheme`, probe.httpGet.scheme, ['HTTP', 'HTTPS']));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof probe[f] === 'number' && probe[f] < 0) out.push(invalid(`${path}.${f}`, probe[f], 'must be greater than or equal to 0'));
  }
  if (probe.terminationGracePeriodSeconds !== undefined) {
    if (kind === 'readiness') out.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    else if (probe.terminationGracePeriodSeconds <= 0) out.push(invalid(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && probe.successThreshold !== 1) out.push(invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  return out;
}

/** ValidatePortNumOrName: a number in 1-65535 or an IANA_SVC_NAME. */
function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return port >= 1 && port <= 65535 ? [] : [invalid(path, port, 'must be between 1 and 65535, inclusive')];
  if (typeof port !== 'string' || port === '') return [required(path)];
  return portName(port).map((e) => invalid(path, port, e));
}

/** ValidatePodSpec at `path` (spec, or spec.template.spec), on a defaulted spec. */
export function validatePodSpec(spec: any, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (!spec) return [required(path)];
  const names = new Set<string>();
  out.push(...validateContainers(spec.initContainers, `${path}.initContainers`, names));
  if (!spec.containers?.length) out.push(required(`${path}.containers`));
  else out.push(...validateContainers(spec.containers, `${path}.containers`, names));
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) out.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0 && spec.terminationGracePeriodSeconds !== -1) {
    out.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  return out;
}

/**
 * ValidatePodUpdate: only the images, activeDeadlineSeconds, added tolerations and
 * terminationGracePeriodSeconds may change. Upstream appends a Go diff of the two specs to the
 * message; the engine stops after the list of mutable fields.
 */
export function validatePodUpdate(next: KObject, prev: KObject): FieldError[] {
  const a = structuredClone(next.spec ?? {});
  const b = structuredClone(prev.spec ?? {});
  for (const spec of [a, b]) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) delete c.image;
    delete spec.activeDeadlineSeconds;
    delete spec.terminationGracePeriodSeconds;
  }
  // tolerations may only grow: compare the old ones against the start of the new list
  const newTol = a.tolerations ?? [];
  const oldTol = b.tolerations ?? [];
  const tolerationsOk = oldTol.every((t: unknown) => newTol.some((n: unknown) => jsonEqual(n, t)));
  delete a.tolerations;
  delete b.tolerations;
  if (jsonEqual(a, b) && tolerationsOk) return [];
  return [
    forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  ];
}

/** pkg/api/pod/warnings.go: the same port declared by two containers. */
export function podSpecWarnings(spec: any, path: string): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  (spec?.containers ?? []).forEach((c: any, i: number) => {
    (c.ports ?? []).forEach((p: any, j: number) => {
      const key = `${p.containerPort}/${p.protocol ?? 'TCP'}/${p.hostIP ?? ''}/${p.hostPort ?? 0}`;
      const here = `${path}.containers[${i}].ports[${j}]`;
      const first = seen.get(key);
      if (first) out.push(`${here}: duplicate port definition with ${first}`);
      else seen.set(key, here);
    });
  });
  return out;
}
