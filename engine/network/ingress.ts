/**
 * A simulated ingress-nginx (kubernetes/ingress-nginx): which Ingresses a controller pod serves,
 * and where it sends a request. The controller is an ordinary pod in the cluster (its image is
 * `ingress-nginx/controller`, configured by its container's flags); what it does with a request
 * is decided here, and traffic.ts proxies it to a ready endpoint of the chosen Service.
 *
 * Routing is nginx's, as the controller writes nginx.conf (internal/ingress/controller/controller.go
 * createServers / createUpstreams): one server per host named in a rule (exact hosts before
 * wildcards), a catch-all server `_` for rules without a host; a host's server never falls
 * through to the catch-all. Within a server the path that matches longest wins, Exact before
 * Prefix at equal length (the Ingress API's precedence, networking/v1 HTTPIngressPath); Prefix
 * matches whole path elements (`/foo` matches `/foo` and `/foo/bar`, not `/foobar`), while
 * ImplementationSpecific is a string prefix (internal/ingress/controller/location.go). A request no
 * path matches goes to the Ingress's defaultBackend if it names one, else to the controller's
 * default backend, which answers 404.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { listAllNamespaces } from '../store/store';
import { imageRepository } from '../node/profile';

export const INGRESS_NGINX_REPOSITORY = 'ingress-nginx/controller';
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The controller's command-line configuration (cmd/nginx/flags.go), as far as routing needs it. */
export interface IngressControllerConfig {
  /** --controller-class: the spec.controller of the IngressClasses it serves */
  controllerClass: string;
  /** --ingress-class: the class name it also answers to (the legacy annotation, ingressClassName) */
  ingressClass: string;
  /** --watch-ingress-without-class: also serve Ingresses that name no class */
  watchWithoutClass: boolean;
  /** --publish-service: the Service whose addresses the Ingresses' status shows */
  publishService?: { namespace: string; name: string };
}

export interface ServiceBackend {
  namespace: string;
  service: string;
  /** the Service port, by number or by name */
  port: number | string;
}

export type IngressRoute = { to: 'service'; backend: ServiceBackend; ingress: KObject } | { to: 'default-backend' };

/** The container of a pod that runs ingress-nginx's controller, if any. */
export function ingressControllerContainer(pod: KObject): any | undefined {
  return (pod.spec?.containers ?? []).find((ct: { image?: string }) => imageRepository(ct.image ?? '') === INGRESS_NGINX_REPOSITORY);
}

/** The controller's flags from its container's command and args (`--name=value` or `--name value`). */
export function controllerConfig(container: any, podNamespace: string): IngressControllerConfig {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  const flag = (name: string): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === `--${name}`) return argv[i + 1] ?? '';
      if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
    }
    return undefined;
  };
  // $(POD_NAMESPACE) is the downward-API variable the upstream manifests pass
  const expand = (v: string) => v.replace(/\$\(POD_NAMESPACE\)/g, podNamespace);
  const publish = flag('publish-service');
  const [pubNs, pubName] = publish ? expand(publish).split('/') : [];
  const without = flag('watch-ingress-without-class');
  return {
    controllerClass: flag('controller-class') ?? 'k8s.io/ingress-nginx',
    ingressClass: flag('ingress-class') ?? 'nginx',
    watchWithoutClass: without !== undefined && without !== 'false',
    publishService: publish ? { namespace: pubName ? pubNs : podNamespace, name: pubName ?? pubNs } : undefined,
  };
}

/**
 * Whether a controller so configured serves this Ingress (internal/ingress/controller/store
 * checks): the legacy annotation must name its --ingress-class; spec.ingressClassName must name an
 * IngressClass whose spec.controller is its --controller-class; no class at all only with
 * --watch-ingress-without-class.
 */
export function servesIngress(c: Cluster, config: IngressControllerConfig, ing: KObject): boolean {
  const annotation = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (annotation !== undefined) return annotation === config.ingressClass;
  const className = ing.spec?.ingressClassName;
  if (className === undefined) return config.watchWithoutClass;
  const cls = listAllNamespaces(c.store, 'IngressClass').find((x) => x.metadata.name === className);
  return cls?.spec?.controller === config.controllerClass;
}

/** The Ingresses a controller serves, oldest first (the order nginx.conf is built in). */
export function servedIngresses(c: Cluster, config: IngressControllerConfig): KObject[] {
  return listAllNamespaces(c.store, 'Ingress')
    .filter((ing) => !ing.metadata.deletionTimestamp && servesIngress(c, config, ing))
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
}

/** A wildcard host `*.foo.com` covers exactly one more label: `bar.foo.com`, not `foo.com` nor `baz.bar.foo.com`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return pattern.toLowerCase() === host.toLowerCase();
  const suffix = pattern.slice(1).toLowerCase();
  const h = host.toLowerCase();
  return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes('.') && h.length > suffix.length;
}

/**
 * Prefix matching by path element: `/foo/` and `/foo` both match `/foo/bar`; `/foo` does not match
 * `/foobar`. ImplementationSpecific is, for ingress-nginx, nginx's plain string prefix (`location /foo`).
 */
export function pathMatches(pathType: string, path: string, request: string): boolean {
  if (pathType === 'Exact') return path === request;
  if (pathType === 'ImplementationSpecific') return request.startsWith(path || '/');
  const prefix = path.replace(/\/+$/, '');
  if (prefix === '') return true;
  return request === prefix || request.startsWith(`${prefix}/`);
}

function backendOf(ing: KObject, b: any): ServiceBackend | undefined {
  const svc = b?.service;
  if (!svc?.name) return undefined;
  return { namespace: ing.metadata.namespace ?? 'default', service: svc.name, port: svc.port?.number ?? svc.port?.name ?? 80 };
}

/** Where a controller sends a request for `host` (the Host header, without its port) and `path`. */
export function routeRequest(ingresses: KObject[], host: string, path: string): IngressRoute {
  const rulesFor = (matches: (ruleHost: string | undefined) => boolean) =>
    ingresses.flatMap((ing) => ((ing.spec?.rules ?? []) as any[]).filter((r) => matches(r.host)).map((rule) => ({ ing, rule })));
  // nginx picks the server by name: exact, then wildcard, then the catch-all
  let server = rulesFor((h) => !!h && !h.startsWith('*.') && hostMatches(h, host));
  if (!server.length) server = rulesFor((h) => !!h && h.startsWith('*.') && hostMatches(h, host));
  const catchAll = !server.length;
  if (catchAll) server = rulesFor((h) => !h);
  let best: { len: number; exact: boolean; ing: KObject; backend: any } | undefined;
  for (const { ing, rule } of server) {
    for (const p of (rule.http?.paths ?? []) as any[]) {
      const pathType = p.pathType ?? 'Prefix';
      const rulePath = p.path ?? '/';
      if (!pathMatches(pathType, rulePath, path)) continue;
      const len = rulePath.replace(/\/+$/, '').length;
      const exact = pathType === 'Exact';
      if (!best || len > best.len || (len === best.len && exact && !best.exact)) best = { len, exact, ing, backend: p.backend };
    }
  }
  if (best) {
    const backend = backendOf(best.ing, best.backend);
    return backend ? { to: 'service', backend, ingress: best.ing } : { to: 'default-backend' };
  }
  // no path: the defaultBackend of an Ingress behind this server (the catch-all: of any Ingress)
  const owners = catchAll ? ingresses : [...new Set(server.map((s) => s.ing))];
  for (const ing of owners) {
    const backend = backendOf(ing, ing.spec?.defaultBackend);
    if (backend) return { to: 'service', backend, ingress: ing };
  }
  return { to: 'default-backend' };
}
