/**
 * Every way the cluster value can change, as data. Users, controllers, the scheduler and the
 * kubelets all send these to `dispatch`; a trace of them replays a run exactly.
 */
import type { Json, KObject, Status } from './api/types';
import type { PodRuntime } from './node/runtime';
import type { LoopFault } from './faults';

export interface ObjectRef {
  kind: string;
  /** omitted for cluster-scoped kinds; defaults to `default` for namespaced ones */
  namespace?: string;
  name: string;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** An event to record after an action, with `$name` / `$error` filled in from its outcome. */
export interface EventTemplate {
  involved: ObjectRef;
  involvedUid: string;
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  source: string;
  /** several occurrences reported at once (a kubelet that syncs after several failed probe runs): how many, first and last */
  count?: number;
  firstAt?: number;
  lastAt?: number;
}

interface Base {
  /** who sends it: `user`, `replicaset-controller`, `kubelet/w1-k8s`... (for traces and events) */
  actor?: string;
  /** in a sequence: a NotFound answer does not stop the calls that follow (the object is gone, as wanted) */
  ignoreNotFound?: boolean;
}

export type Action =
  | (Base & { type: 'create'; object: KObject; onSuccess?: EventTemplate; onFailure?: EventTemplate })
  /** client-side `kubectl apply`: three-way merge against the last-applied annotation */
  | (Base & { type: 'apply'; object: KObject })
  /** PUT: the whole object; a resourceVersion in it is a precondition */
  | (Base & { type: 'replace'; object: KObject; onSuccess?: EventTemplate })
  | (Base & { type: 'patch'; ref: ObjectRef; patchType: 'merge' | 'json' | 'strategic'; patch: Json; subresource?: 'status' })
  | (Base & {
      type: 'delete';
      ref: ObjectRef;
      gracePeriodSeconds?: number;
      propagationPolicy?: PropagationPolicy;
      preconditions?: { uid?: string; resourceVersion?: string };
      onSuccess?: EventTemplate;
    })
  /** the scale subresource */
  | (Base & { type: 'scale'; ref: ObjectRef; replicas: number })
  /** the status subresource: only .status is taken from the object */
  | (Base & { type: 'updateStatus'; object: KObject })
  /** pods/binding: the scheduler's decision */
  | (Base & { type: 'bind'; ref: ObjectRef; node: string })
  | (Base & { type: 'event'; event: EventTemplate })
  /** a kubelet's private container-runtime state for one pod, by pod key (null forgets it and frees its IP) */
  | (Base & { type: 'runtime'; pod: string; node: string; runtime: PodRuntime | null })
  /** a kubelet pulled an image onto its node */
  | (Base & { type: 'nodeImage'; node: string; image: string; sizeBytes: number })
  | (Base & { type: 'kubelet'; node: string; running: boolean })
  /** `modprobe [-r] br_netfilter` on a node */
  | (Base & { type: 'netfilter'; node: string; loaded: boolean })
  /** `systemctl restart network` on a node: without br_netfilter, its pods stop receiving traffic from other hosts */
  | (Base & { type: 'networkRestart'; node: string })
  /** the node restarts: every container and sandbox on it is lost, and its kubelet starts again */
  | (Base & { type: 'reboot'; node: string })
  /** a fault in the control loops, pending until the loop next runs (faults.ts) */
  | (Base & { type: 'fault'; fault: LoopFault })
  /** one container of a running pod dies (exit code 137 when `oomKilled`, else 1); the kubelet restarts it per restartPolicy */
  | (Base & { type: 'crash'; pod: ObjectRef; container?: string; oomKilled?: boolean })
  /** `kubectl exec ... rm|touch|mkdir`: files created or removed in a running container (seen by exec probes and nginx) */
  | (Base & { type: 'files'; pod: ObjectRef; container: string; changes: { path: string; exists: boolean }[] })
  /** from now on the pod's probes fail (httpGet answers 500, tcpSocket is refused, exec exits 1), or pass again; one container or all */
  | (Base & { type: 'health'; pod: ObjectRef; container?: string; failing: boolean })
  /** a batch a controller sends in upstream's slow-start sizes: 1, 2, 4, ...; a failing batch skips the rest */
  | (Base & { type: 'slowStart'; actions: Action[] })
  /** calls that depend on each other: each is sent only if the one before succeeded */
  | (Base & { type: 'sequence'; actions: Action[] });

export type Outcome =
  | { ok: true; object?: KObject; result?: 'created' | 'configured' | 'unchanged' | 'deleted'; warnings: string[] }
  | { ok: false; status: Status };

export interface TraceEntry {
  at: number;
  actor: string;
  type: Action['type'];
  key: string;
  outcome: string;
}
