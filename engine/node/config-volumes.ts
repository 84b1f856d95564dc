/**
 * ConfigMap and Secret volumes (pkg/volume/configmap, pkg/volume/secret): each key becomes a file
 * under the mount path (or only the `items` listed, at their paths). The kubelet mounts them before
 * it starts any container: a missing ConfigMap or Secret (not optional) leaves the pod in
 * ContainerCreating with FailedMount events, retried with the volume manager's back-off (500 ms
 * doubling to 2m2s). A mounted volume shows the object's current data (upstream refreshes it
 * within the kubelet's sync period plus its cache TTL, about a minute; here at once), and unlike
 * the environment it follows a change without a restart.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { getObject, objectKey } from '../store/store';

export const MOUNT_RETRY_INITIAL_MS = 500;
export const MOUNT_RETRY_MAX_MS = 122_000;

type Source = { kind: 'ConfigMap' | 'Secret'; name: string; optional: boolean; items?: { key: string; path: string }[] };

function sourceOf(volume: any): Source | undefined {
  if (volume.configMap) return { kind: 'ConfigMap', name: volume.configMap.name ?? '', optional: !!volume.configMap.optional, items: volume.configMap.items };
  if (volume.secret) return { kind: 'Secret', name: volume.secret.secretName ?? '', optional: !!volume.secret.optional, items: volume.secret.items };
  return undefined;
}

/** Why the pod's volumes cannot be set up yet (the first failing one), or undefined. */
export function mountFailure(c: Cluster, pod: KObject): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const volume of (pod.spec?.volumes ?? []) as any[]) {
    const src = sourceOf(volume);
    if (!src || src.optional) continue;
    const obj = getObject(c.store, objectKey(src.kind, ns, src.name));
    if (!obj) return `MountVolume.SetUp failed for volume "${volume.name}" : ${src.kind.toLowerCase()} "${src.name}" not found`;
    const data = (obj.data ?? {}) as Record<string, string>;
    const binary = (obj.binaryData ?? {}) as Record<string, string>;
    const missing = (src.items ?? []).find((i) => !(i.key in data) && !(i.key in binary));
    if (missing) return `MountVolume.SetUp failed for volume "${volume.name}" : ${src.kind === 'Secret' ? 'secret references non-existent secret key' : 'configmap references non-existent config key'}: ${missing.key}`;
  }
  return undefined;
}

/** The files a container sees through its ConfigMap and Secret mounts: absolute path to content. */
export function mountedFiles(c: Cluster, pod: KObject, container: any): Map<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const files = new Map<string, string>();
  const volumes = new Map<string, any>(((pod.spec?.volumes ?? []) as any[]).map((v) => [v.name, v]));
  for (const mount of (container?.volumeMounts ?? []) as { name: string; mountPath: string; subPath?: string }[]) {
    const volume = volumes.get(mount.name);
    const src: Source | undefined = volume ? sourceOf(volume) : undefined;
    if (!src) continue;
    const obj = getObject(c.store, objectKey(src.kind, ns, src.name));
    if (!obj) continue;
    const data = (obj.data ?? {}) as Record<string, string>;
    const text = (k: string) => (src.kind === 'Secret' ? Buffer.from(data[k], 'base64').toString('utf8') : data[k]);
    const entries = src.items ? src.items.filter((i) => i.key in data).map((i) => [i.path, text(i.key)] as const) : Object.keys(data).map((k) => [k, text(k)] as const);
    const base = mount.mountPath.replace(/\/+$/, '');
    for (const [path, content] of entries) {
      if (mount.subPath) {
        if (path === mount.subPath) files.set(base, content);
      } else files.set(`${base}/${path}`, content);
    }
  }
  return files;
}

/** The mount paths of a container's ConfigMap and Secret volumes: nothing else exists below them. */
export function configMountPaths(pod: KObject, container: any): string[] {
  const volumes = new Map<string, any>(((pod.spec?.volumes ?? []) as any[]).map((v) => [v.name, v]));
  return ((container?.volumeMounts ?? []) as { name: string; mountPath: string; subPath?: string }[])
    .filter((m) => !m.subPath && volumes.has(m.name) && sourceOf(volumes.get(m.name)))
    .map((m) => m.mountPath.replace(/\/+$/, ''));
}
