/**
 * What the Service registry allocates (pkg/registry/core/service/storage/alloc.go, ipallocator,
 * portallocator): a ClusterIP from the service CIDR and a node port from 30000-32767 for each
 * port of a NodePort or LoadBalancer Service. Dynamic picks are random (seeded here) above the
 * static band upstream keeps for explicit requests (KEP-3070 / KEP-3668); explicit values are
 * checked for range and for being taken, in the registry's words. On update the allocated values
 * carry over when the client left them out (patchAllocatedValues), and node ports go when a
 * Service stops being a NodePort.
 */
import { FieldError, KObject } from '../api/types';
import { invalid, GoLiteral } from '../api/field';
import { listAllNamespaces, Store } from '../store/store';
import { nextRandom } from '../random';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE = { base: 30000, size: 2768 };

function parseCIDR(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const base = ipToNumber(ip);
  return { base, size: 2 ** (32 - Number(bits)) };
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);

/** calculateRangeOffset: the low band kept for static allocation. */
function staticBand(size: number, min: number, max: number, step: number): number {
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

export const isHeadless = (svc: KObject) => svc.spec?.clusterIP === 'None';
const needsNodePorts = (svc: KObject) => svc.spec?.type === 'NodePort' || (svc.spec?.type === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);

interface Used {
  ips: Set<number>;
  ports: Set<number>;
}

function usedBy(store: Store, except?: KObject): Used {
  const ips = new Set<number>();
  const ports = new Set<number>();
  for (const s of listAllNamespaces(store, 'Service')) {
    if (except && s.metadata.uid === except.metadata.uid) continue;
    for (const ip of (s.spec?.clusterIPs ?? []) as string[]) if (isIPv4(ip)) ips.add(ipToNumber(ip));
    for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

/** Random first, then the next free value upwards (wrapping within the dynamic band, then the static one). */
function pick(rng: number, lo: number, hi: number, taken: (n: number) => boolean, fallbackLo: number): [number | undefined, number] {
  const [r, next] = nextRandom(rng);
  const span = hi - lo;
  const start = Math.floor(r * span);
  for (let i = 0; i < span; i++) {
    const n = lo + ((start + i) % span);
    if (!taken(n)) return [n, next];
  }
  for (let n = fallbackLo; n < lo; n++) if (!taken(n)) return [n, next];
  return [undefined, next];
}

export interface Allocated {
  service: KObject;
  rng: number;
  errors: FieldError[];
}

/**
 * Fills in clusterIP(s), ipFamilies, ipFamilyPolicy and node ports for a Service being created
 * (`old` undefined) or updated, against what the other Services hold.
 */
export function allocateServiceValues(store: Store, svc: KObject, rng: number, old?: KObject): Allocated {
  const spec = { ...(svc.spec ?? {}) };
  const out: KObject = { ...svc, spec };
  const errors: FieldError[] = [];
  const used = usedBy(store, old);
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    return { service: out, rng, errors };
  }
  // patchAllocatedValues: an update that leaves the IP out keeps the old one
  if (old && !spec.clusterIP && old.spec?.clusterIP) {
    spec.clusterIP = old.spec.clusterIP;
    spec.clusterIPs = old.spec.clusterIPs;
  }
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  const range = parseCIDR(SERVICE_CIDR);
  if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
  if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  } else if (!spec.clusterIP) {
    // the network address and the broadcast address are never handed out
    const band = staticBand(range.size - 2, 16, 256, 16);
    const [n, next] = pick(rng, range.base + 1 + band, range.base + range.size - 1, (x) => used.ips.has(x), range.base + 1);
    rng = next;
    if (n === undefined) errors.push(invalid('spec.clusterIPs', new GoLiteral('[]string(nil)'), 'failed to allocate IP: range is full'));
    else {
      spec.clusterIP = numberToIp(n);
      spec.clusterIPs = [spec.clusterIP];
    }
  } else if (!old || old.spec?.clusterIP !== spec.clusterIP) {
    const ip = String(spec.clusterIP);
    spec.clusterIPs = [ip];
    const literal = new GoLiteral(`[]string{${JSON.stringify(ip)}}`);
    if (!isIPv4(ip)) errors.push(invalid('spec.clusterIPs[0]', ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    else if (ipToNumber(ip) <= range.base || ipToNumber(ip) >= range.base + range.size - 1) {
      errors.push(invalid('spec.clusterIPs', literal, `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`));
    } else if (used.ips.has(ipToNumber(ip))) errors.push(invalid('spec.clusterIPs', literal, `failed to allocate IP ${ip}: provided IP is already allocated`));
  }
  const ports = ((spec.ports ?? []) as Record<string, any>[]).map((p) => ({ ...p }));
  if (needsNodePorts(out)) {
    const band = staticBand(NODE_PORT_RANGE.size, 16, 128, 32);
    const mine = new Set<number>();
    ports.forEach((p, i) => {
      const before = old?.spec?.ports?.find((q: any) => q.port === p.port && q.protocol === p.protocol && q.nodePort);
      if (!p.nodePort && before) p.nodePort = before.nodePort;
      if (p.nodePort) {
        const path = `spec.ports[${i}].nodePort`;
        if (p.nodePort < NODE_PORT_RANGE.base || p.nodePort >= NODE_PORT_RANGE.base + NODE_PORT_RANGE.size) {
          errors.push(invalid(path, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.base}-${NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1}`));
        } else if (used.ports.has(p.nodePort) || (mine.has(p.nodePort) && !ports.slice(0, i).some((q) => q.nodePort === p.nodePort && q.port === p.port))) {
          errors.push(invalid(path, p.nodePort, 'provided port is already allocated'));
        }
        mine.add(p.nodePort);
        return;
      }
      const lo = NODE_PORT_RANGE.base + band, hi = NODE_PORT_RANGE.base + NODE_PORT_RANGE.size;
      const [n, next] = pick(rng, lo, hi, (x) => used.ports.has(x) || mine.has(x), NODE_PORT_RANGE.base);
      rng = next;
      if (n === undefined) errors.push(invalid(`spec.ports[${i}].nodePort`, 0, 'failed to allocate a nodePort: range is full'));
      else {
        p.nodePort = n;
        mine.add(n);
      }
    });
  } else {
    for (const p of ports) delete p.nodePort;
  }
  if (spec.ports) spec.ports = ports;
  return { service: out, rng, errors };
}
