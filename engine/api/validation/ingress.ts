/**
 * Ingress and IngressClass validation (pkg/apis/networking/validation/validation.go:
 * ValidateIngressCreate, ValidateIngressSpec, validateHTTPIngressPath, validateIngressBackend,
 * validateIngressTLS, ValidateIngressClass), in upstream's order and words.
 */
import { FieldError, KObject } from '../types';
import { GoLiteral, invalid, notSupported, required, tooLong } from '../field';
import { dns1035Label, dns1123Subdomain, portName, wildcardDns1123Subdomain } from './names';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const isIP = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');

export function validateIngress(ing: KObject): FieldError[] {
  const out = validateIngressSpec(ing.spec ?? {});
  const annotation = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  const className = ing.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    out.push(invalid(`annotations.${LEGACY_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
  }
  return out;
}

/** WarningsOnCreate (pkg/registry/networking/ingress/strategy.go). */
export function ingressWarnings(ing: KObject): string[] {
  if (ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION] !== undefined && ing.spec?.ingressClassName === undefined) {
    return [`annotation "${LEGACY_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`];
  }
  return [];
}

function validateIngressSpec(spec: any): FieldError[] {
  const out: FieldError[] = [];
  const rules: any[] = spec.rules ?? [];
  if (!rules.length && !spec.defaultBackend) out.push(invalid('spec', new GoLiteral('[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) out.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    const host: string = rule.host ?? '';
    if (host) {
      if (isIP(host)) out.push(invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'));
      const check = host.includes('*') ? wildcardDns1123Subdomain : dns1123Subdomain;
      for (const e of check(host)) out.push(invalid(`${path}.host`, host, e));
    }
    if (rule.http) out.push(...validateHttpRule(rule.http, `${path}.http`));
  });
  ((spec.tls ?? []) as any[]).forEach((tls, k) => {
    ((tls.hosts ?? []) as string[]).forEach((host, i) => {
      const check = host.includes('*') ? wildcardDns1123Subdomain : dns1123Subdomain;
      for (const e of check(host)) out.push(invalid(`spec.tls[${k}].hosts[${i}]`, host, e));
    });
    if (tls.secretName) for (const e of dns1123Subdomain(tls.secretName)) out.push(invalid(`spec.tls[${k}].secretName`, tls.secretName, e));
  });
  if (spec.ingressClassName !== undefined) for (const e of dns1123Subdomain(String(spec.ingressClassName))) out.push(invalid('spec.ingressClassName', spec.ingressClassName, e));
  return out;
}

function validateHttpRule(http: any, path: string): FieldError[] {
  const paths: any[] = http.paths ?? [];
  if (!paths.length) return [required(`${path}.paths`)];
  return paths.flatMap((p, j) => validateHttpPath(p, `${path}.paths[${j}]`));
}

function validateHttpPath(p: any, path: string): FieldError[] {
  // a missing pathType ends the checks of this path: its backend is not looked at
  if (p.pathType === undefined || p.pathType === null) return [required(`${path}.pathType`, 'pathType must be specified')];
  const out: FieldError[] = [];
  const value: string = p.path ?? '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) out.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    if (value) {
      for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (value.includes(seq)) out.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suffix of ['/..', '/.']) if (value.endsWith(suffix)) out.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) out.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  } else {
    out.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  out.push(...validateBackend(p.backend ?? {}, `${path}.backend`));
  return out;
}

function validateBackend(b: any, path: string): FieldError[] {
  if (b.resource && b.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const out: FieldError[] = [];
    if (!b.resource.kind) out.push(required(`${path}.resource.kind`, 'kind is required'));
    if (!b.resource.name) out.push(required(`${path}.resource.name`, 'name is required'));
    return out;
  }
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const out: FieldError[] = [];
  const name: string = b.service.name ?? '';
  if (!name) out.push(required(`${path}.service.name`));
  else for (const e of dns1035Label(name)) out.push(invalid(`${path}.service.name`, name, e));
  const port = b.service.port ?? {};
  const hasName = !!port.name, hasNumber = !!port.number;
  if (hasName && hasNumber) out.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (hasName) for (const e of portName(port.name)) out.push(invalid(`${path}.service.port.name`, port.name, e));
  else if (hasNumber) {
    if (port.number < 1 || port.number > 65535) out.push(invalid(`${path}.service.port.number`, port.number, 'must be between 1 and 65535, inclusive'));
  } else out.push(required(path, 'port name or number is required'));
  return out;
}

/** validateIngressClassSpec: spec.controller is a domain-prefixed path of at most 250 characters. */
export function validateIngressClass(cls: KObject): FieldError[] {
  const controller: string = cls.spec?.controller ?? '';
  const path = 'spec.controller';
  if (controller.length > 250) return [tooLong(path, 250)];
  if (!controller) return [required(path)];
  const slash = controller.indexOf('/');
  if (slash <= 0 || slash === controller.length - 1) return [invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = controller.slice(0, slash);
  const rest = controller.slice(slash + 1);
  const out = dns1123Subdomain(host).map((e) => invalid(path, host, e));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) out.push(invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"));
  return out;
}

export function validateIngressClassUpdate(next: KObject, prev: KObject): FieldError[] {
  if (next.spec?.controller !== prev.spec?.controller) return [invalid('spec.controller', next.spec?.controller ?? '', 'field is immutable')];
  return [];
}
