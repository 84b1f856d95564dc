/**
 * Where a simulated HTTP request goes and what answers it. A name is resolved as cluster DNS
 * resolves it for the client (dns.ts). A ClusterIP, an external IP, or a node's IP and node port
 * go through kube-proxy's rules to a ready endpoint (picked at random, seeded; with ClientIP
 * affinity, by the client's address); a pod IP reaches that pod, where a running container must
 * have bound the port; an ingress controller's pod routes by its Ingresses (ingress.ts). What
 * answers is the image's simulated server: nginx's welcome page, amsy810/echo-nginx's echo line,
 * httpd's; the nginx images log each request.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, listAllNamespaces, listObjects, objectKey } from '../store/store';
import { boundPorts, imageBehaviour, imageRepository } from '../node/profile';
import { nextRandom } from '../random';
import { ipToNumber } from './service-alloc';
import { fileExists, fileTimeline } from '../node/process';
import { resolveHost } from './dns';
import { readyAddresses } from './endpoints-util';
import { nginxLogTime } from '../time-format';
import { controllerConfig, ingressControllerContainer, routeRequest, servedIngresses } from './ingress';

export interface Client {
  /** the pod the request leaves from (its namespace for short names, its IP as the source) */
  pod?: KObject;
  /** the node whose host network it leaves from */
  node?: string;
}

/** A line the serving container writes to its log (nginx's access log), for the caller to record. */
export interface AccessLog {
  pod: string;
  container: string;
  text: string;
}

export type Answer =
  | { ok: true; status: number; body: string; servedBy: string; log?: AccessLog }
  /** curl's exit code and its message (without the `curl: (N) ` prefix); `hangs`: nothing answers, not even a reset */
  | { ok: false; exit: number; message: string; hangs?: boolean };

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_INDEX = '/usr/share/nginx/html/index.html';

/** nginx's built-in error page (the version after `nginx` on its last line left out). */
const nginxError = (code: number, text: string) =>
  `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** The Service whose ClusterIP, or whose node port on a node's address, this is. */
function serviceAt(c: Cluster, ip: string, port: number): { svc: KObject; svcPort: any } | undefined {
  const node = listAllNamespaces(c.store, 'Node').some((n) => (n.status?.addresses ?? []).some((a: { address: string }) => a.address === ip));
  for (const svc of listAllNamespaces(c.store, 'Service')) {
    for (const p of svc.spec?.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue;
      if (svc.spec?.clusterIP === ip && p.port === port) return { svc, svcPort: p };
      // the load balancer's address forwards the Service's port (the provider's rules, then kube-proxy's)
      if (p.port === port && ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string }[]).some((i) => i.ip === ip)) return { svc, svcPort: p };
      if (node && p.nodePort === port) return { svc, svcPort: p };
      // kube-proxy also captures the Service's port on each of its externalIPs
      if (p.port === port && ((svc.spec?.externalIPs ?? []) as string[]).includes(ip)) return { svc, svcPort: p };
    }
  }
  return undefined;
}

/** The pod that holds an IP, through the node whose pod CIDR contains it. */
export function podAt(c: Cluster, ip: string): KObject | undefined {
  const n = ipToNumber(ip);
  for (const node of listObjects(c.store, 'Node', '')) {
    const cidr = node.spec?.podCIDR;
    if (!cidr) continue;
    const [base, bits] = cidr.split('/');
    const size = 2 ** (32 - Number(bits));
    const start = ipToNumber(base);
    if (n < start || n >= start + size) continue;
    const key = c.agents.get(node.metadata.name!)?.ipsInUse.get(n - start);
    return key ? getObject(c.store, key) : undefined;
  }
  return undefined;
}

/** How a request reached the server, beyond its port and path. */
export interface Arrival {
  hostHeader: string;
  clientIP: string;
  /** when it is answered (servers whose answer changes with time); now by default */
  at?: number;
  /** X-Forwarded-For, set by a proxy in front (the ingress controller) */
  forwardedFor?: string;
  method?: 'GET' | 'HEAD';
  /** the client's User-Agent (the nodes' curl 7.81, the kubelet's `kube-probe/1.32`) */
  userAgent?: string;
}

/** What the pod's running containers answer on a port: the container that bound it. */
export function serve(c: Cluster, pod: KObject, port: number, path: string, arrival: Arrival): Answer {
  const { hostHeader, clientIP, at = c.now, forwardedFor = '', method = 'GET', userAgent = 'curl/7.81.0' } = arrival;
  const answer = answerOf(c, pod, port, path, hostHeader, clientIP, at, forwardedFor);
  if (!answer.ok) return answer;
  // the nginx images log each request in their `main` format (the image's nginx.conf)
  const container = (pod.spec?.containers ?? []).find((ct: any) => ct.name === answer.container);
  const repo = imageRepository(container?.image ?? '');
  const { container: _name, ...rest } = answer;
  if (repo !== 'nginx' && repo !== 'amsy810/echo-nginx') return rest;
  const bytes = method === 'HEAD' ? 0 : new TextEncoder().encode(answer.body).length;
  const text = `${clientIP} - - [${nginxLogTime(at)}] "${method} ${path} HTTP/1.1" ${answer.status} ${bytes} "-" "${userAgent}" "${forwardedFor || '-'}"`;
  return { ...rest, log: { pod: objectKey('Pod', pod.metadata.namespace, pod.metadata.name!), container: answer.container, text } };
}

type Served = { ok: true; status: number; body: string; servedBy: string; container: string } | { ok: false; exit: number; message: string };

/** The answer and the container that gave it. */
function answerOf(c: Cluster, pod: KObject, port: number, path: string, hostHeader: string, clientIP: string, at: number, forwardedFor: string): Served {
  const rt = c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!));
  for (const container of pod.spec?.containers ?? []) {
    const state = rt?.containers.find((x) => x.name === container.name);
    if (state?.phase !== 'running') continue;
    if (!boundPorts(container, imageBehaviour(c.profile, container.image)).includes(port)) continue;
    const repo = imageRepository(container.image);
    const servedBy = pod.metadata.name!;
    const by = { servedBy, container: container.name };
    if (repo === 'amsy810/echo-nginx') return { ok: true, status: 200, body: `Host=${hostHeader}  Path=${path}  From=${pod.spec?.hostname ?? pod.metadata.name}  ClientIP=${clientIP}  XFF=${forwardedFor}\n`, ...by };
    // agnhost's `liveness` server (the Kubernetes docs' probe example): /healthz is 200 for its first 10 s, then 500
    if (repo === 'e2e-test-images/agnhost' && path === '/healthz') {
      const age = at - (state.startedAt ?? at);
      return age < 10_000 ? { ok: true, status: 200, body: 'ok', ...by } : { ok: true, status: 500, body: `error: ${(age / 1000).toFixed(6)}s`, ...by };
    }
    // ingress-nginx answers its health checks on 10254 (its HTTP port is routed before serve(): traffic's proxyThroughIngress)
    if (repo === 'ingress-nginx/controller') return port === 10254 && path === '/healthz' ? { ok: true, status: 200, body: 'ok', ...by } : { ok: true, status: 404, body: nginxError(404, 'Not Found'), ...by };
    if (repo === 'httpd') return { ok: true, status: 200, body: '<html><body><h1>It works!</h1></body></html>\n', ...by };
    if (path === '/' || path === '/index.html') {
      // without its index.html nginx forbids the directory (autoindex is off) and 404s the file
      const files = fileTimeline(container, imageBehaviour(c.profile, container.image), state, c.now);
      if (fileExists(files, NGINX_INDEX, at)) return { ok: true, status: 200, body: NGINX_WELCOME, ...by };
      if (path === '/') return { ok: true, status: 403, body: nginxError(403, 'Forbidden'), ...by };
    }
    return { ok: true, status: 404, body: nginxError(404, 'Not Found'), ...by };
  }
  return { ok: false, exit: 7, message: '' };
}

export interface Request {
  host: string;
  port: number;
  path: string;
  /** a Host header the client sets (`curl -H 'Host: foo.example.com'`), else the URL's host and port */
  hostHeader?: string;
  /** GET unless curl -I sends HEAD */
  method?: 'GET' | 'HEAD';
}

/**
 * One HTTP GET from `client`; `rng` draws kube-proxy's choice of endpoint. Returns the answer and
 * the generator's next state.
 */
export function httpGet(c: Cluster, client: Client, req: Request, rng: number): { answer: Answer; rng: number } {
  const ip = resolveHost(c, client, req.host);
  if (!ip) return { answer: { ok: false, exit: 6, message: `Could not resolve host: ${req.host}` }, rng };
  // curl 7.81's wording (the nodes' Ubuntu 22.04)
  const refused: Answer = { ok: false, exit: 7, message: `Failed to connect to ${req.host} port ${req.port} after 0 ms: Connection refused` };
  const clientIP = client.pod?.status?.podIP ?? nodeAddress(c, client.node) ?? '';
  const hostHeader = req.hostHeader ?? (req.port === 80 ? req.host : `${req.host}:${req.port}`);
  let target = { ip, port: req.port };
  const service = serviceAt(c, ip, req.port);
  if (service) {
    // kube-proxy: a Service with no ready endpoint rejects the connection
    const endpoints = readyAddresses(c, service.svc.metadata.namespace ?? 'default', service.svc.metadata.name!, service.svcPort.name ?? '');
    if (!endpoints.length) return { answer: refused, rng };
    let index: number;
    if (service.svc.spec?.sessionAffinity === 'ClientIP') index = ipToNumber(clientIP || '0.0.0.0') % endpoints.length;
    else {
      const [r, next] = nextRandom(rng);
      rng = next;
      index = Math.floor(r * endpoints.length);
    }
    target = { ip: endpoints[index].ip, port: endpoints[index].port ?? req.port };
  }
  const pod = podAt(c, target.ip);
  if (!pod) return { answer: refused, rng };
  const fromNode = client.node ?? client.pod?.spec?.nodeName;
  if (unreachable(c, fromNode, pod)) return { answer: timedOut(req), rng };
  const controller = ingressControllerContainer(pod);
  if (controller && target.port === 80 && runningContainer(c, pod, controller.name)) {
    return proxyThroughIngress(c, pod, controller, { path: req.path, hostHeader, clientIP, method: req.method }, rng);
  }
  const answer = serve(c, pod, target.port, req.path, { hostHeader, clientIP, method: req.method });
  return { answer: answer.ok ? answer : refused, rng };
}

/** A node whose network came back without br_netfilter drops what other hosts send its pods. */
function unreachable(c: Cluster, fromNode: string | undefined, pod: KObject): boolean {
  const podNode = pod.spec?.nodeName;
  return !!podNode && podNode !== fromNode && !!c.agents.get(podNode)?.networkBroken;
}

const timedOut = (req: Request): Answer => ({ ok: false, exit: 28, message: `Failed to connect to ${req.host} port ${req.port} after 130000 ms: Connection timed out`, hangs: true });

function runningContainer(c: Cluster, pod: KObject, name: string): boolean {
  return c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!))?.containers.some((x) => x.name === name && x.phase === 'running') ?? false;
}

/**
 * ingress-nginx answering on its HTTP port: the route its Ingresses give the request (ingress.ts),
 * then a proxied request straight to one of the Service's ready endpoints (as the controller's
 * Lua balancer does, not through the ClusterIP), with the original Host header and the client's
 * address in X-Forwarded-For. No rule: its default backend's 404; a Service without a ready
 * endpoint: 503.
 */
function proxyThroughIngress(c: Cluster, controllerPod: KObject, controller: any, request: { path: string; hostHeader: string; clientIP: string; method?: 'GET' | 'HEAD' }, rng: number): { answer: Answer; rng: number } {
  const servedBy = controllerPod.metadata.name!;
  const config = controllerConfig(controller, controllerPod.metadata.namespace ?? 'default');
  const route = routeRequest(servedIngresses(c, config), request.hostHeader.replace(/:\d+$/, ''), request.path);
  if (route.to === 'default-backend') return { answer: { ok: true, status: 404, body: nginxError(404, 'Not Found'), servedBy }, rng };
  const unavailable: Answer = { ok: true, status: 503, body: nginxError(503, 'Service Temporarily Unavailable'), servedBy };
  const svc = getObject(c.store, objectKey('Service', route.backend.namespace, route.backend.service));
  const svcPort = ((svc?.spec?.ports ?? []) as { name?: string; port: number }[]).find((p) => (typeof route.backend.port === 'number' ? p.port === route.backend.port : p.name === route.backend.port));
  if (!svc || !svcPort) return { answer: unavailable, rng };
  const endpoints = readyAddresses(c, svc.metadata.namespace ?? 'default', svc.metadata.name!, svcPort.name ?? '');
  if (!endpoints.length) return { answer: unavailable, rng };
  const [r, next] = nextRandom(rng);
  const endpoint = endpoints[Math.floor(r * endpoints.length)];
  const pod = podAt(c, endpoint.ip);
  if (!pod) return { answer: unavailable, rng: next };
  // the proxied connection leaves from the controller's pod
  if (unreachable(c, controllerPod.spec?.nodeName, pod)) return { answer: { ok: true, status: 504, body: nginxError(504, 'Gateway Time-out'), servedBy }, rng: next };
  const answer = serve(c, pod, endpoint.port ?? svcPort.port, request.path, { hostHeader: request.hostHeader, clientIP: controllerPod.status?.podIP ?? '', forwardedFor: request.clientIP, method: request.method });
  // nginx answers 502 when the upstream refuses the connection
  return { answer: answer.ok ? answer : { ok: true, status: 502, body: nginxError(502, 'Bad Gateway'), servedBy }, rng: next };
}

function nodeAddress(c: Cluster, node: string | undefined): string | undefined {
  if (!node) return undefined;
  return (getObject(c.store, objectKey('Node', undefined, node))?.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address;
}

/** `n` requests from `client` to `url`'s host and port, and how many each pod served (kube-proxy's spread). */
export function spreadOf(c: Cluster, client: Client, req: Request, n: number): { servedBy: Map<string, number>; failures: number; rng: number } {
  const servedBy = new Map<string, number>();
  let rng = c.rng, failures = 0;
  for (let i = 0; i < n; i++) {
    const r = httpGet(c, client, req, rng);
    rng = r.rng;
    if (r.answer.ok) servedBy.set(r.answer.servedBy, (servedBy.get(r.answer.servedBy) ?? 0) + 1);
    else failures++;
  }
  return { servedBy, failures, rng };
}
