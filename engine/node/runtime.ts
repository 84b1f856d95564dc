/**
 * The container runtime's view of a pod on its node (what containerd knows): kept apart from the
 * API object because the API never stores it; the kubelet reports it through pod status.
 */

export type ContainerPhase =
  /** waiting for the sandbox or for an earlier container */
  | 'waiting'
  | 'pulling'
  /** the pull failed: ErrImagePull now, ImagePullBackOff until `until` */
  | 'pullBackOff'
  /** image present: creating and starting */
  | 'starting'
  /** the container could not be created (CreateContainerConfigError: a missing ConfigMap or Secret); retried at `until` */
  | 'configError'
  | 'running'
  /** the process ended; `exitCode` and `reason` say how */
  | 'exited'
  /** exited and waiting out the restart back-off (CrashLoopBackOff) until `until` */
  | 'crashBackOff'
  /** SIGTERM sent; the process ends at `until` (or at the grace deadline); after a failed
   * liveness probe `exitCode` and `reason` already say how it will end */
  | 'stopping';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  containerId: string;
}

export interface ContainerRuntime {
  name: string;
  image: string;
  phase: ContainerPhase;
  /** when the current phase began */
  since: number;
  /** when the current phase ends by itself (a pull, a start, a back-off); undefined: it does not */
  until?: number;
  restartCount: number;
  containerId?: string;
  startedAt?: number;
  exitCode?: number;
  reason?: string;
  /** the error of the last failed pull or the message of the last exit */
  message?: string;
  finishedAt?: number;
  lastTerminated?: TerminatedState;
  /** the next restart back-off to wait, doubling to the profile's maximum */
  backOffMs: number;
  pullAttempts: number;
  /** a step made the container's health checks fail (or pass again) from `at` on; lasts across restarts */
  healthToggles?: { at: number; failing: boolean }[];
  /** files created or removed in the container by `kubectl exec` (rm, touch, mkdir); a restarted container starts from its image again */
  fileOps?: { at: number; path: string; exists: boolean }[];
  /** failed probe runs up to this time have been reported as Unhealthy events */
  probesReportedUntil?: number;
  /** lines written to its log by what happened to it (nginx's access log), across restarts; `kubectl logs` picks an instance's by time */
  logs?: { at: number; text: string }[];
  /** the environment it was created with (it changes only when the container is created again) */
  env?: [string, string][];
  /** what stopped the container while it was running: a failed liveness or startup probe */
  killedBy?: 'liveness' | 'startup';
}

export interface PodRuntime {
  uid: string;
  node: string;
  /** the sandbox (and the pod IP) exists from this time on */
  sandboxReadyAt: number;
  ip: string;
  ipHost: number;
  /** when the kubelet first took the pod on (status.startTime) */
  startedAt: number;
  containers: ContainerRuntime[];
  /** the node rebooted: the sandbox and its IP are gone, the containers exited with it */
  sandboxLost?: boolean;
  /** the pod's volumes are set up (its ConfigMaps and Secrets were there); until then, the next mount attempt and how many failed */
  volumesMounted?: boolean;
  mountRetryAt?: number;
  mountAttempts?: number;
  /** set when the kubelet has begun stopping the pod for deletion */
  killingSince?: number;
  killDeadline?: number;
}
