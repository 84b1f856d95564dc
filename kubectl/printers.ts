/**
 * How kubectl prints objects: tables (pkg/printers/internalversion/printers.go through a
 * tabwriter with minimum width 6 and padding 3), `-o name`, `-o yaml`, `-o json`.
 */
import yaml from 'js-yaml';
import type { KObject } from '../engine/api/types';
import { ResourceInfo } from '../engine/api/resources';
import { age, deploymentColumns, humanDuration, jobColumns, podColumns } from './columns';
import { getTable } from './tabwriter';
import { isDefaultClass } from '../engine/api/admission';

/** printers.GetNewTabWriter: cells padded to the widest in their column plus 3 (at least 6); the last column is not padded. */
export function tabulate(rows: string[][]): string {
  return getTable(rows);
}

/** labels.FormatLabels: `k=v` pairs sorted by key, comma-joined; `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` when empty. */
export function selectorText(sel: any): string {
  if (!sel) return '<none>';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port, comma-joined. */
function servicePorts(o: KObject): string {
  const ports = ((o.spec?.ports ?? []) as { port: number; nodePort?: number; protocol?: string }[]).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return ports.length ? ports.join(',') : '<none>';
}

/** getServiceExternalIP: the external name, the load balancer's addresses (`<pending>` without), the external IPs, or `<none>`. */
/** formatHosts: the first three hosts, `+ N more...`, `*` when no rule names one. */
function ingressHosts(o: KObject): string {
  const rules: { host?: string }[] = o.spec?.rules ?? [];
  const hosts = rules.slice(0, 3).filter((r) => r.host).map((r) => r.host!);
  if (!hosts.length) return '*';
  return rules.length > 3 ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** ingressLoadBalancerStatusStringer: sorted, de-duplicated addresses, clipped to 16 characters unless wide. */
export function ingressAddress(o: KObject, wide: boolean): string {
  const all = [...new Set(((o.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
  const r = all.join(',');
  return !wide && r.length > 16 ? `${r.slice(0, 13)}...` : r;
}

function externalIP(o: KObject): string {
  const spec = o.spec ?? {};
  const external: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    case 'LoadBalancer': {
      const lb = ((o.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map((i) => i.ip || i.hostname || '');
      const all = [...lb, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return external.length ? external.join(',') : '<none>';
  }
}

/** formatEndpoints: the ready addresses with each port (port by port), the first three, then ` + N more...`; `<none>` without subsets. */
function formatEndpoints(o: KObject): string {
  const subsets = (o.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const s of subsets) {
    const addresses = s.addresses ?? [];
    for (const port of s.ports?.length ? s.ports : [undefined]) {
      count += addresses.length;
      for (const a of addresses) if (list.length < 3) list.push(port ? `${a.ip}:${port.port}` : a.ip);
    }
  }
  return list.join(',') + (count > 3 ? ` + ${count - 3} more...` : '');
}

/** helper.GetAccessModesAsString: the abbreviations in a fixed order, whatever order the list has. */
export function accessModeList(modes: string[] | undefined): string {
  const list = modes ?? [];
  return (
    [
      ['ReadWriteOnce', 'RWO'],
      ['ReadOnlyMany', 'ROX'],
      ['ReadWriteMany', 'RWX'],
      ['ReadWriteOncePod', 'RWOP'],
    ] as const
  )
    .filter(([m]) => list.includes(m))
    .map(([, short]) => short)
    .join(',');
}

const containersOf = (template: any) => template?.spec?.containers ?? [];
const names = (cs: any[]) => cs.map((c) => c.name).join(',');
const images = (cs: any[]) => cs.map((c) => c.image).join(',');

interface TableDef {
  headers: string[];
  wide: string[];
  /** the whole header under -o wide, when wide columns go between the others (then `row` gives them all) */
  wideHeaders?: string[];
  /** `wide`: -o wide, for cells that print more there (an Ingress's addresses are not clipped) */
  row(o: KObject, now: number, wide: boolean): string[];
  wideRow(o: KObject, now: number): string[];
}

/** The roles a node's `node-role.kubernetes.io/<role>` labels give it, sorted. */
export function nodeRoleList(n: KObject): string[] {
  return Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .sort();
}

const nodeRoles = (n: KObject): string => nodeRoleList(n).join(',') || '<none>';

/** The control plane: `control-plane` role, or `master` before 1.20. */
export const isControlPlane = (n: KObject): boolean => nodeRoleList(n).some((r) => r === 'control-plane' || r === 'master');

function nodeStatus(n: KObject): string {
  const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (n.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

const TABLES: Record<string, TableDef> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const c = podColumns(o, now);
      return [c.name, c.ready, c.status, c.restarts, c.age];
    },
    wideRow: (o, now) => {
      const c = podColumns(o, now);
      return [c.ip, c.node, '<none>', '<none>'];
    },
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [o.metadata.name!, String(o.spec?.replicas ?? 0), String(o.status?.replicas ?? 0), String(o.status?.readyReplicas ?? 0), age(o, now)],
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template)), selectorText(o.spec?.selector)],
  },
  ReplicationController: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [o.metadata.name!, String(o.spec?.replicas ?? 0), String(o.status?.replicas ?? 0), String(o.status?.readyReplicas ?? 0), age(o, now)],
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template)), selectorText({ matchLabels: o.spec?.selector })],
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const c = deploymentColumns(o);
      return [c.NAME, c.READY, c['UP-TO-DATE'], c.AVAILABLE, age(o, now)];
    },
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template)), selectorText(o.spec?.selector)],
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const s = o.status ?? {};
      const n = (x: unknown) => String(x ?? 0);
      return [o.metadata.name!, n(s.desiredNumberScheduled), n(s.currentNumberScheduled), n(s.numberReady), n(s.updatedNumberScheduled), n(s.numberAvailable), formatLabels(o.spec?.template?.spec?.nodeSelector), age(o, now)];
    },
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template)), selectorText(o.spec?.selector)],
  },
  CronJob: {
    headers: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const last = o.status?.lastScheduleTime;
      const suspend = o.spec?.suspend === undefined ? '<unset>' : o.spec.suspend ? 'True' : 'False';
      return [o.metadata.name!, o.spec?.schedule ?? '', o.spec?.timeZone ?? '<none>', suspend, String((o.status?.active ?? []).length), last ? humanDuration(now - Date.parse(last)) : '<none>', age(o, now)];
    },
    wideRow: (o) => {
      const t = o.spec?.jobTemplate?.spec?.template;
      return [names(containersOf(t)), images(containersOf(t)), selectorText(o.spec?.jobTemplate?.spec?.selector)];
    },
  },
  Job: {
    headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const c = jobColumns(o, now);
      return [o.metadata.name!, c.status, c.completions, c.duration, age(o, now)];
    },
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template)), selectorText(o.spec?.selector)],
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (o, now) => [o.metadata.name!, o.spec?.type ?? '', o.spec?.clusterIP || '<none>', externalIP(o), servicePorts(o), age(o, now)],
    wideRow: (o) => [o.spec?.selector ? formatLabels(o.spec.selector) : '<none>'],
  },
  Endpoints: {
    headers: ['NAME', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name!, formatEndpoints(o), age(o, now)],
    wideRow: () => [],
  },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const ports = ((o.ports ?? []) as { port?: number }[]).map((p) => (p.port == null ? '<unset>' : String(p.port)));
      const addrs = ((o.endpoints ?? []) as { addresses: string[] }[]).flatMap((e) => e.addresses);
      const shown = addrs.slice(0, 3).join(',') + (addrs.length > 3 ? ` + ${addrs.length - 3} more...` : '');
      return [o.metadata.name!, String(o.addressType ?? ''), ports.length ? ports.join(',') : '<unset>', addrs.length ? shown : '<unset>', age(o, now)];
    },
    wideRow: () => [],
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wide: [],
    wideHeaders: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
    row: (event, now, wide) => {
      const o = event as any;
      const since = (t: string) => humanDuration(now - Date.parse(t));
      const target = `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`;
      const message = String(o.message ?? '').trim();
      if (!wide) return [since(o.lastTimestamp), String(o.type), String(o.reason), target, message];
      const source = [o.source?.component, o.source?.host].filter(Boolean).join(', ');
      return [since(o.lastTimestamp), String(o.type), String(o.reason), target, String(o.involvedObject?.fieldPath ?? ''), source, message, since(o.firstTimestamp), String(o.count ?? 1), o.metadata.name!];
    },
    wideRow: () => [],
  },
  ResourceQuota: {
    headers: ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
    wide: [],
    row: (o, now) => {
      // printResourceQuota: each resource `used/hard`, the limits.* ones in LIMIT
      const hard = (o.status?.hard ?? {}) as Record<string, string>;
      const used = (o.status?.used ?? {}) as Record<string, string>;
      const cell = (limits: boolean) =>
        Object.keys(hard)
          .sort()
          .filter((r) => r.startsWith('limits.') === limits)
          .map((r) => `${r}: ${used[r] ?? '0'}/${hard[r]}`)
          .join(', ');
      return [o.metadata.name!, age(o, now), cell(false), cell(true)];
    },
    wideRow: () => [],
  },
  LimitRange: {
    headers: ['NAME', 'CREATED AT'],
    wide: [],
    row: (o) => [o.metadata.name!, o.metadata.creationTimestamp ?? ''],
    wideRow: () => [],
  },
  Lease: {
    headers: ['NAME', 'HOLDER', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name!, o.spec?.holderIdentity ?? '', age(o, now)],
    wideRow: () => [],
  },
  ConfigMap: {
    headers: ['NAME', 'DATA', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name!, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o, now)],
    wideRow: () => [],
  },
  Secret: {
    headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name!, String(o.type ?? ''), String(Object.keys(o.data ?? {}).length), age(o, now)],
    wideRow: () => [],
  },
  Ingress: {
    headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    wide: [],
    row: (o, now, wide) => [o.metadata.name!, o.spec?.ingressClassName ?? '<none>', ingressHosts(o), ingressAddress(o, wide), (o.spec?.tls ?? []).length ? '80, 443' : '80', age(o, now)],
    wideRow: () => [],
  },
  IngressClass: {
    headers: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const p = o.spec?.parameters;
      return [o.metadata.name!, String(o.spec?.controller ?? ''), p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>', age(o, now)];
    },
    wideRow: () => [],
  },
  StatefulSet: {
    headers: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (o, now) => [o.metadata.name!, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o, now)],
    wideRow: (o) => [names(containersOf(o.spec?.template)), images(containersOf(o.spec?.template))],
  },
  ControllerRevision: {
    headers: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    wide: [],
    row: (o, now) => {
      const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
      const group = ref?.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
      return [o.metadata.name!, ref ? `${ref.kind.toLowerCase()}${group}/${ref.name}` : '<none>', String(o.revision ?? 0), age(o, now)];
    },
    wideRow: () => [],
  },
  PersistentVolumeClaim: {
    headers: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, now) => {
      const bound = !!o.spec?.volumeName;
      return [
        o.metadata.name!,
        o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
        o.spec?.volumeName ?? '',
        bound ? String(o.status?.capacity?.storage ?? '0') : '',
        bound ? accessModeList(o.status?.accessModes) : '',
        o.spec?.storageClassName ?? '',
        o.spec?.volumeAttributesClassName ?? '<unset>',
        age(o, now),
      ];
    },
    wideRow: (o) => [o.spec?.volumeMode ?? '<unset>'],
  },
  PersistentVolume: {
    headers: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, now) => {
      const ref = o.spec?.claimRef;
      return [
        o.metadata.name!,
        String(o.spec?.capacity?.storage ?? '0'),
        accessModeList(o.spec?.accessModes),
        o.spec?.persistentVolumeReclaimPolicy ?? '',
        o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        o.spec?.storageClassName ?? '',
        o.spec?.volumeAttributesClassName ?? '<unset>',
        o.status?.reason ?? '',
        age(o, now),
      ];
    },
    wideRow: (o) => [o.spec?.volumeMode ?? '<unset>'],
  },
  StorageClass: {
    headers: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    wide: [],
    row: (o, now) => [
      isDefaultClass(o) ? `${o.metadata.name} (default)` : o.metadata.name!,
      String(o.provisioner ?? ''),
      String(o.reclaimPolicy ?? 'Delete'),
      String(o.volumeBindingMode ?? 'Immediate'),
      String(o.allowVolumeExpansion ?? false),
      age(o, now),
    ],
    wideRow: () => [],
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (o, now) => [o.metadata.name!, nodeStatus(o), nodeRoles(o), age(o, now), o.status?.nodeInfo?.kubeletVersion ?? ''],
    wideRow: (o) => {
      const addr = (t: string) => (o.status?.addresses ?? []).find((a: any) => a.type === t)?.address ?? '<none>';
      const info = o.status?.nodeInfo ?? {};
      return [addr('InternalIP'), addr('ExternalIP'), info.osImage ?? '<unknown>', info.kernelVersion ?? '<unknown>', info.containerRuntimeVersion ?? '<unknown>'];
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name!, o.status?.phase ?? '', age(o, now)],
    wideRow: () => [],
  },
};

export interface TableOptions {
  wide: boolean;
  showLabels: boolean;
  /** -A: a NAMESPACE column first */
  withNamespace: boolean;
  noHeaders: boolean;
  /** several kinds in one `get`: names are written `pod/x`, `deployment.apps/y` */
  kindPrefix?: string;
  /** -L / --label-columns: a column per label key, before LABELS */
  labelColumns?: string[];
}

/** formatLabelHeaders: the key's last path segment, upper-cased. */
const labelHeader = (key: string) => (key.split('/').pop() ?? key).toUpperCase();

/** The table `kubectl get` prints for objects of one kind. */
export function printTable(kind: string, objects: KObject[], now: number, o: TableOptions): string {
  const def = TABLES[kind];
  const rows: string[][] = [];
  const labelColumns = o.labelColumns ?? [];
  const columns = o.wide && def.wideHeaders ? def.wideHeaders : [...def.headers, ...(o.wide ? def.wide : [])];
  const header = [...(o.withNamespace ? ['NAMESPACE'] : []), ...columns, ...labelColumns.map(labelHeader), ...(o.showLabels ? ['LABELS'] : [])];
  if (!o.noHeaders) rows.push(header);
  for (const obj of objects) {
    const cells = def.row(obj, now, !!o.wide);
    if (o.kindPrefix) cells[0] = `${o.kindPrefix}/${cells[0]}`;
    rows.push([
      ...(o.withNamespace ? [obj.metadata.namespace ?? ''] : []),
      ...cells,
      ...(o.wide ? def.wideRow(obj, now) : []),
      ...labelColumns.map((k) => obj.metadata.labels?.[k] ?? ''),
      ...(o.showLabels ? [formatLabels(obj.metadata.labels)] : []),
    ]);
  }
  return tabulate(rows);
}

export function hasTable(kind: string): boolean {
  return kind in TABLES;
}

/** `pod/x`, `deployment.apps/x`: kind in lower case, qualified by its group. */
export function resourceName(r: ResourceInfo, name: string): string {
  return `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${name}`;
}

/** -o yaml: keys sorted, as sigs.k8s.io/yaml prints them (go-yaml: lists not indented under their key). */
export function printYaml(obj: unknown): string {
  return yaml.dump(obj, { sortKeys: true, noArrayIndent: true, lineWidth: -1, quotingType: '"', noRefs: true });
}

/** -o json: four-space indent, as kubectl's JSON printer. */
export function printJson(obj: unknown): string {
  return JSON.stringify(obj, null, 4) + '\n';
}

/** A list for -o yaml|json of several objects. */
export function asList(items: KObject[]): object {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
