/**
 * Service validation (pkg/apis/core/validation/validation.go ValidateService and
 * ValidateServiceUpdate), the part the notes' Services touch: type, ports, names, the ClusterIP
 * of a headless Service, ExternalName, node ports by type.
 */
import { FieldError, KObject } from '../types';
import { duplicate, forbidden, invalid, notSupported, required } from '../field';
import { dns1123Label } from './names';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function validPortNumber(v: unknown): boolean {
  return typeof v === 'number' && v >= 1 && v <= 65535;
}

export function validateServiceSpec(svc: KObject): FieldError[] {
  const spec = svc.spec ?? {};
  const out: FieldError[] = [];
  const type = spec.type;
  const headless = spec.clusterIP === 'None';
  const ports: any[] = spec.ports ?? [];
  if (!TYPES.includes(type)) out.push(notSupported('spec.type', type ?? '', TYPES));
  if (type === 'ExternalName') {
    if (!spec.externalName) out.push(required('spec.externalName'));
    else for (const e of dns1123Label(String(spec.externalName).split('.')[0])) out.push(invalid('spec.externalName', spec.externalName, e));
  } else if (!ports.length && !headless) {
    out.push(required('spec.ports'));
  }
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) out.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(required(`${path}.name`));
    if (p.name) {
      for (const e of dns1123Label(p.name)) out.push(invalid(`${path}.name`, p.name, e));
      if (names.has(p.name)) out.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    if (!validPortNumber(p.port)) out.push(invalid(`${path}.port`, p.port ?? 0, 'must be between 1 and 65535, inclusive'));
    if (!PROTOCOLS.includes(p.protocol)) out.push(notSupported(`${path}.protocol`, p.protocol ?? '', PROTOCOLS));
    const t = p.targetPort;
    if (typeof t === 'number' && !validPortNumber(t)) out.push(invalid(`${path}.targetPort`, t, 'must be between 1 and 65535, inclusive'));
    if (typeof t === 'string' && (!IANA_SVC_NAME.test(t) || t.length > 15 || !/[a-z]/.test(t) || t.includes('--'))) {
      out.push(invalid(`${path}.targetPort`, t, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
    }
    if (p.nodePort && type === 'ClusterIP') out.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    if (p.nodePort && type === 'ExternalName') out.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ExternalName'"));
  });
  if (!AFFINITIES.includes(spec.sessionAffinity)) out.push(notSupported('spec.sessionAffinity', spec.sessionAffinity ?? '', AFFINITIES));
  return out;
}

/** ValidateServiceUpdate: an allocated ClusterIP stays (a Service cannot become headless, or stop being). */
export function validateServiceUpdate(next: KObject, prev: KObject): FieldError[] {
  const was = prev.spec?.clusterIPs?.[0], now = next.spec?.clusterIPs?.[0];
  if (was && now && was !== now && prev.spec?.type !== 'ExternalName' && next.spec?.type !== 'ExternalName') return [invalid('spec.clusterIPs[0]', now, 'field is immutable')];
  return [];
}
