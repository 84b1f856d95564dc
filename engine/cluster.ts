/**
 * The cluster value: everything the simulated control plane knows, in one immutable record.
 * `dispatch` (apiserver.ts) turns one value into the next; nothing else changes it.
 */
import { List as IList, Map as IMap } from 'immutable';
import { KObject } from './api/types';
import { emptyStore, ObjectKey, putObject, Store } from './store/store';
import { DEFAULT_PROFILE, LifecycleProfile } from './node/profile';
import type { PodRuntime } from './node/runtime';
import type { TraceEntry } from './actions';
import type { PendingFault } from './faults';

/** A core/v1 Event as the recorder aggregates it (same object, reason and message: count + 1). */
export interface ClusterEvent {
  seq: number;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `Kind/namespace/name` of the involved object */
  involved: ObjectKey;
  involvedUid: string;
  /** the component that reported it: replicaset-controller, default-scheduler, kubelet */
  source: string;
  host?: string;
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
}

/** A wake-up a component asked for: sync `key` again at virtual time `at`. */
export interface Timer {
  component: string;
  key: ObjectKey;
  at: number;
  /** 'progress' timers finish something in flight (a pull, a grace period); 'periodic' ones repeat forever (crash-loop restarts) */
  kind: 'progress' | 'periodic';
}

/** What a node's agents are doing; the API sees only their effects. */
export interface NodeAgent {
  kubeletRunning: boolean;
  /** images present in the node's container runtime */
  images: IMap<string, number>;
  /** the pod IP allocator: the last host number handed out and the ones in use */
  lastIp: number;
  ipsInUse: IMap<number, ObjectKey>;
  /** the br_netfilter kernel module is loaded (kubeadm's prerequisites load it at boot) */
  brNetfilter: boolean;
  /** the node's network was restarted without br_netfilter: traffic from other hosts to its pods is lost */
  networkBroken: boolean;
  /** when the kubelet last stopped (its heartbeats, node status and Lease renewals, stopped with it) */
  kubeletStoppedAt?: number;
}

export interface Cluster {
  readonly store: Store;
  /** virtual time, Unix milliseconds */
  readonly now: number;
  readonly seed: number;
  /** state of the seeded generator (random.ts) */
  readonly rng: number;
  readonly resourceVersion: number;
  readonly eventSeq: number;
  readonly events: IMap<string, ClusterEvent>;
  /** keys written since the controllers last looked, with the value they had before the first write */
  readonly dirty: IMap<ObjectKey, KObject | null>;
  readonly timers: IMap<string, Timer>;
  /** container runtime state of every pod a kubelet runs, by pod key */
  readonly runtime: IMap<string, PodRuntime>;
  readonly agents: IMap<string, NodeAgent>;
  readonly profile: LifecycleProfile;
  /** the addresses a simulated load-balancer provider hands out (MetalLB-style); none: LoadBalancer Services stay pending */
  readonly loadBalancerPool?: readonly string[];
  readonly trace: IList<TraceEntry>;
  /** faults injected into the control loops, waiting for the loop's next run (faults.ts) */
  readonly faults: IList<PendingFault>;
}

export interface NodeSpecInput {
  name: string;
  role?: 'control-plane' | 'worker';
  /** a /24 or /26 block, e.g. 172.16.103.128/26 */
  podCIDR: string;
  internalIP: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  kubeletVersion?: string;
}

export interface ClusterOptions {
  seed?: number;
  /** the virtual clock's start, Unix ms (default 2025-01-01T00:00:00Z) */
  start?: number;
  nodes?: NodeSpecInput[];
  profile?: LifecycleProfile;
}

export const DEFAULT_START = Date.UTC(2025, 0, 1, 0, 0, 0);
export const DEFAULT_KUBELET_VERSION = 'v1.32.0';

/** The notes' cluster (note 002): m-k8s as the control plane and three workers, Calico-style /26 pod blocks. */
export function defaultNodes(workers = 3): NodeSpecInput[] {
  const nodes: NodeSpecInput[] = [
    {
      name: 'm-k8s',
      role: 'control-plane',
      podCIDR: '172.16.171.64/26',
      internalIP: '192.168.1.10',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    },
  ];
  const blocks = ['172.16.221.128/26', '172.16.103.128/26', '172.16.132.0/26'];
  for (let i = 1; i <= workers; i++) {
    nodes.push({
      name: `w${i}-k8s`,
      role: 'worker',
      podCIDR: blocks[i - 1] ?? `172.16.${(i * 37) % 256}.0/24`,
      internalIP: `192.168.1.${100 + i}`,
    });
  }
  return nodes;
}

export function nodeObject(n: NodeSpecInput): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...(n.labels ?? {}),
  };
  const capacity = { cpu: n.cpu ?? '2', memory: n.memory ?? '4025892Ki', pods: String(n.pods ?? 110), 'ephemeral-storage': '40593612Ki' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], ...(n.taints?.length ? { taints: n.taints } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      addresses: [
        { type: 'InternalIP', address: n.internalIP },
        { type: 'Hostname', address: n.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: n.kubeletVersion ?? DEFAULT_KUBELET_VERSION,
        kubeProxyVersion: n.kubeletVersion ?? DEFAULT_KUBELET_VERSION,
        containerRuntimeVersion: 'containerd://1.7.24',
        osImage: 'Ubuntu 22.04.5 LTS',
        kernelVersion: '5.15.0-126-generic',
      },
      conditions: [],
      images: [],
    },
  };
}

/** The kube-node-lease namespace holds one Lease per node, the kubelet's heartbeat (pkg/kubelet/nodelease). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_LEASE_DURATION_SECONDS = 40;

/** A MicroTime as the API writes it: `2025-01-01T00:00:10.000000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** A node's Lease as its kubelet creates it: held by the node, owned by the Node object. */
export function nodeLease(node: KObject, renewedAt: number): KObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: microTime(renewedAt) },
  };
}

export function emptyAgent(): NodeAgent {
  return { kubeletRunning: true, images: IMap(), lastIp: 0, ipsInUse: IMap(), brNetfilter: true, networkBroken: false };
}

/** A fresh cluster: the default namespaces and the nodes, at the start of virtual time. */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const seed = options.seed ?? 1;
  const now = options.start ?? DEFAULT_START;
  let store = emptyStore;
  let rv = 0;
  let agents = IMap<string, NodeAgent>();
  const created = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let uidN = 0;
  const systemUid = () => `00000000-0000-4000-8000-${(++uidN).toString(16).padStart(12, '0')}`;
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    store = putObject(store, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, uid: systemUid(), resourceVersion: String(++rv), creationTimestamp: created, labels: { 'kubernetes.io/metadata.name': ns } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const n of options.nodes ?? defaultNodes()) {
    const node = nodeObject(n);
    node.metadata = { ...node.metadata, uid: systemUid(), resourceVersion: String(++rv), creationTimestamp: created };
    node.status.conditions = readyConditions(created);
    store = putObject(store, node);
    const lease = nodeLease(node, now);
    store = putObject(store, { ...lease, metadata: { ...lease.metadata, uid: systemUid(), resourceVersion: String(++rv), creationTimestamp: created } });
    agents = agents.set(n.name, emptyAgent());
  }
  // the API server's own Service (pkg/controlplane/controller/kubernetesservice): the first IP of
  // the service range, its endpoints the control plane's address on the secure port
  const apiserverIP = (options.nodes ?? defaultNodes()).find((n) => n.role === 'control-plane')?.internalIP;
  if (apiserverIP) {
    const meta = (name: string, labels: Record<string, string>) => ({ name, namespace: 'default', uid: systemUid(), resourceVersion: String(++rv), creationTimestamp: created, labels });
    store = putObject(store, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kubernetes', { component: 'apiserver', provider: 'kubernetes' }),
      spec: {
        clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
    store = putObject(store, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('kubernetes', { 'endpointslice.kubernetes.io/skip-mirror': 'true' }),
      subsets: [{ addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
    store = putObject(store, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('kubernetes', { 'kubernetes.io/service-name': 'kubernetes' }),
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    });
  }
  return {
    store,
    now,
    seed,
    rng: seed,
    resourceVersion: rv,
    eventSeq: 0,
    events: IMap(),
    dirty: IMap(),
    timers: IMap(),
    runtime: IMap(),
    agents,
    profile: options.profile ?? DEFAULT_PROFILE,
    trace: IList(),
    faults: IList(),
  };
}

export function readyConditions(at: string) {
  const c = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: at, lastTransitionTime: at,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function parseTimestamp(ts: string | undefined): number | undefined {
  return ts ? Date.parse(ts) : undefined;
}
