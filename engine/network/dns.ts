/**
 * Cluster DNS as CoreDNS's kubernetes plugin answers it (coredns/plugin/kubernetes, and the
 * Kubernetes DNS spec, github.com/kubernetes/dns docs/specification.md):
 * - `<svc>.<ns>.svc.cluster.local`: the ClusterIP; for a headless Service the A records of its
 *   ready endpoints (and of the not-ready ones when it publishes them: they are in the Endpoints'
 *   addresses then); for an ExternalName Service a CNAME to its externalName;
 * - `<hostname>.<svc>.<ns>.svc.cluster.local`: the endpoint with that hostname (a StatefulSet's
 *   pod behind its headless governing Service).
 * A pod's resolv.conf (dnsPolicy ClusterFirst) searches `<ns>.svc.cluster.local svc.cluster.local
 * cluster.local` with ndots:5. The simulated world has no hosts outside the cluster, so a name
 * outside cluster.local (an ExternalName's target such as example.com included) does not resolve.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, listAllNamespaces, objectKey } from '../store/store';
import { readyAddresses } from './endpoints-util';

/** kube-dns's ClusterIP: kubeadm's default, the tenth address of the service CIDR 10.96.0.0/12. */
export const CLUSTER_DNS_IP = '10.96.0.10';
const ZONE = 'cluster.local';

export interface DnsClient {
  pod?: KObject;
}

export type DnsAnswer =
  /** `name` resolved: the CNAMEs followed on the way (`from` is canonical name `to`), then the addresses */
  | { found: true; name: string; cnames: { from: string; to: string }[]; addresses: string[] }
  /** NXDOMAIN; `cnames` already followed, `name` the one that failed */
  | { found: false; name: string; cnames: { from: string; to: string }[] };

const isIP = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/** Whether the client asks cluster DNS at all: a pod with dnsPolicy ClusterFirst (a node's resolver knows nothing of the cluster). */
export function usesClusterDns(client: DnsClient): boolean {
  return !!client.pod && (client.pod.spec?.dnsPolicy ?? 'ClusterFirst') === 'ClusterFirst';
}

/** The names the resolver tries for `host`, in order (resolv.conf's search list with ndots:5). */
export function searchList(client: DnsClient, host: string): string[] {
  const ns = client.pod?.metadata.namespace ?? 'default';
  const name = host.replace(/\.$/, '');
  if (host.endsWith('.') || name.split('.').length - 1 >= 5) return [name];
  return [`${name}.${ns}.svc.${ZONE}`, `${name}.svc.${ZONE}`, `${name}.${ZONE}`, name];
}

/** What the resolver answers for `host` asked from `client`: the first search-list name that exists. */
export function query(c: Cluster, client: DnsClient, host: string): DnsAnswer {
  if (isIP(host)) return { found: true, name: host, cnames: [], addresses: [host] };
  if (!usesClusterDns(client)) return { found: false, name: host.replace(/\.$/, ''), cnames: [] };
  for (const fqdn of searchList(client, host)) {
    const answer = resolveFqdn(c, fqdn);
    if (answer.found || answer.cnames.length) return answer;
  }
  return { found: false, name: host.replace(/\.$/, ''), cnames: [] };
}

/** The first address of `host`, as curl connects to it; undefined when it does not resolve. */
export function resolveHost(c: Cluster, client: DnsClient, host: string): string | undefined {
  const answer = query(c, client, host);
  return answer.found ? answer.addresses[0] : undefined;
}

/** One fully qualified name, CNAMEs followed (CoreDNS follows in-zone targets itself). */
function resolveFqdn(c: Cluster, fqdn: string): DnsAnswer {
  const cnames: { from: string; to: string }[] = [];
  let name = fqdn;
  for (let hops = 0; hops < 8; hops++) {
    const r = records(c, name);
    if (!r) return { found: false, name, cnames };
    if ('cname' in r) {
      cnames.push({ from: name, to: r.cname });
      name = r.cname;
      continue;
    }
    return r.a.length ? { found: true, name, cnames, addresses: r.a } : { found: false, name, cnames };
  }
  return { found: false, name, cnames };
}

function records(c: Cluster, fqdn: string): { a: string[] } | { cname: string } | undefined {
  const suffix = `.svc.${ZONE}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  if (parts.length === 2) {
    const [svcName, ns] = parts;
    const svc = getObject(c.store, objectKey('Service', ns, svcName));
    if (!svc) return undefined;
    if (svc.spec?.type === 'ExternalName') return { cname: String(svc.spec.externalName ?? '').replace(/\.$/, '') };
    if (svc.spec?.clusterIP !== 'None') return svc.spec?.clusterIP ? { a: [svc.spec.clusterIP] } : undefined;
    return { a: endpointAddresses(c, ns, svcName).map((a) => a.ip) };
  }
  if (parts.length === 3) {
    const [hostname, svcName, ns] = parts;
    const a = endpointAddresses(c, ns, svcName).find((x) => x.hostname === hostname);
    return a ? { a: [a.ip] } : undefined;
  }
  return undefined;
}

/** A headless Service's A records: its ready addresses, each IP once (a pod is in every port's subset). */
function endpointAddresses(c: Cluster, ns: string, svc: string): { ip: string; hostname?: string }[] {
  const out = new Map<string, { ip: string; hostname?: string }>();
  for (const a of readyAddresses(c, ns, svc)) if (!out.has(a.ip)) out.set(a.ip, a);
  return [...out.values()];
}

/**
 * `nslookup NAME` as bind9's dnsutils prints it in a pod (amsy810/tools, ubuntu with dnsutils):
 * the server, then each CNAME and each address; NXDOMAIN with exit code 1.
 */
export function nslookup(c: Cluster, client: DnsClient, args: string[]): { stdout: string; exitCode: number } {
  const host = args.find((a) => !a.startsWith('-'));
  if (!host) return { stdout: '', exitCode: 1 };
  const answer = query(c, client, host);
  let out = `Server:\t\t${CLUSTER_DNS_IP}\nAddress:\t${CLUSTER_DNS_IP}#53\n\n`;
  if (isIP(host)) {
    const owner = reverse(c, host);
    if (!owner) return { stdout: `${out}** server can't find ${host.split('.').reverse().join('.')}.in-addr.arpa: NXDOMAIN\n\n`, exitCode: 1 };
    return { stdout: `${out}${host.split('.').reverse().join('.')}.in-addr.arpa\tname = ${owner}.\n\n`, exitCode: 0 };
  }
  for (const cn of answer.cnames) out += `${cn.from}\tcanonical name = ${cn.to}.\n`;
  if (!answer.found) return { stdout: `${out}** server can't find ${answer.cnames.length ? answer.name : host.replace(/\.$/, '')}: NXDOMAIN\n\n`, exitCode: 1 };
  if (!answer.cnames.length) out += 'Name:\t' + answer.name + '\n' + answer.addresses.map((a, i) => (i ? `Name:\t${answer.name}\n` : '') + `Address: ${a}\n`).join('');
  else out += answer.addresses.map((a) => `Name:\t${answer.name}\nAddress: ${a}\n`).join('');
  return { stdout: out + '\n', exitCode: 0 };
}

/** The PTR record of a ClusterIP: `<svc>.<ns>.svc.cluster.local`. */
function reverse(c: Cluster, ip: string): string | undefined {
  for (const svc of listAllNamespaces(c.store, 'Service')) {
    if (svc.spec?.clusterIP === ip) return `${svc.metadata.name}.${svc.metadata.namespace}.svc.${ZONE}`;
  }
  return undefined;
}
