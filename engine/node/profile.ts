/**
 * Lifecycle timings and image behaviours as data (the kwok idea): how long a pull or a start
 * takes, which ports an image's process binds, how it reacts to SIGTERM. One profile per
 * cluster; a scenario can override it. Every duration is in milliseconds of virtual time.
 */

export interface ImageBehaviour {
  /** how long pulling the image takes when the node does not have it */
  pullMs: number;
  /** image size reported in the Pulled event and node.status.images */
  sizeBytes: number;
  /** ports the image's process binds, whatever the manifest's containerPort says */
  binds: number[];
  /** an environment variable that, when set, replaces the bound port (amsy810/echo-nginx reads NGINX_PORT) */
  portFromEnv?: string;
  /** how the default entrypoint ends: 'runs' serves until stopped; 'exits' ends at once with exitCode */
  entrypoint: 'runs' | 'exits';
  exitCode: number;
  /** how long the process takes to exit after SIGTERM; null: it ignores SIGTERM until SIGKILL */
  stopMs: number | null;
  /** false: the registry does not have it (ErrImagePull, then ImagePullBackOff) */
  pullable: boolean;
}

export interface LifecycleProfile {
  /** creating the pod sandbox (network namespace, IP) */
  sandboxMs: number;
  /** creating and starting one container once its image is present */
  containerStartMs: number;
  /** kubelet restart back-off (pkg/kubelet/kubelet.go: backOffPeriod 10s, MaxContainerBackOff 300s) */
  restartBackOffInitialMs: number;
  restartBackOffMaxMs: number;
  /** image pull back-off after ErrImagePull (same 10s doubling to 300s) */
  imagePullBackOffInitialMs: number;
  /** images by repository (no tag, no registry): the first matching entry wins */
  images: Record<string, Partial<ImageBehaviour>>;
  defaultImage: ImageBehaviour;
}

export const DEFAULT_PROFILE: LifecycleProfile = {
  sandboxMs: 1000,
  containerStartMs: 500,
  restartBackOffInitialMs: 10_000,
  restartBackOffMaxMs: 300_000,
  imagePullBackOffInitialMs: 10_000,
  images: {
    nginx: { binds: [80], pullMs: 3000, sizeBytes: 57_000_000, stopMs: 100 },
    'amsy810/echo-nginx': { binds: [80], portFromEnv: 'NGINX_PORT', pullMs: 4000, sizeBytes: 51_000_000, stopMs: 100 },
    redis: { binds: [6379], pullMs: 2500, sizeBytes: 40_000_000, stopMs: 100 },
    // the Kubernetes docs' probe examples run `agnhost liveness`, which serves /healthz on 8080
    'e2e-test-images/agnhost': { binds: [8080], pullMs: 3000, sizeBytes: 51_000_000, stopMs: 100 },
    httpd: { binds: [80], pullMs: 2500, sizeBytes: 58_000_000, stopMs: 100 },
    // ingress-nginx's controller: HTTP and HTTPS, its admission webhook, /healthz and metrics on 10254
    'ingress-nginx/controller': { binds: [80, 443, 8443, 10254], pullMs: 6000, sizeBytes: 105_000_000, stopMs: 1000 },
    // a shell image's default command (bash, sh) exits at once without a terminal
    ubuntu: { entrypoint: 'exits', exitCode: 0, pullMs: 3000, sizeBytes: 29_000_000, stopMs: null },
    busybox: { entrypoint: 'exits', exitCode: 0, pullMs: 1000, sizeBytes: 2_200_000, stopMs: null },
    alpine: { entrypoint: 'exits', exitCode: 0, pullMs: 1000, sizeBytes: 3_600_000, stopMs: null },
    'amsy810/tools': { entrypoint: 'exits', exitCode: 0, pullMs: 5000, sizeBytes: 120_000_000, stopMs: null },
  },
  defaultImage: {
    pullMs: 2000,
    sizeBytes: 10_000_000,
    binds: [],
    entrypoint: 'runs',
    exitCode: 0,
    stopMs: 100,
    pullable: true,
  },
};

/** `docker.io/library/nginx:1.16` -> `nginx`; `amsy810/echo-nginx:v2.0` -> `amsy810/echo-nginx`. */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0];
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  return parts.join('/');
}

export function imageBehaviour(profile: LifecycleProfile, image: string): ImageBehaviour {
  const known = profile.images[image] ?? profile.images[imageRepository(image)];
  return { ...profile.defaultImage, ...(known ?? {}) };
}

/** The fully qualified name a container runtime reports: `docker.io/library/nginx:1.16`. */
export function qualifiedImage(image: string): string {
  const hasTag = image.includes('@') || image.lastIndexOf(':') > image.lastIndexOf('/');
  const withTag = hasTag ? image : `${image}:latest`;
  const first = withTag.split('/')[0];
  if (withTag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return withTag;
  return withTag.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`;
}

/** The ports a container's process binds in the pod's network namespace. */
export function boundPorts(container: any, image: ImageBehaviour): number[] {
  if (image.portFromEnv) {
    const env = (container.env ?? []).find((e: { name: string }) => e.name === image.portFromEnv);
    if (env?.value && /^\d+$/.test(env.value)) return [Number(env.value)];
  }
  return image.binds;
}
