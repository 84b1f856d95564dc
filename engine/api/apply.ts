// TEMPORARY: apply replaces the spec until the full module lands.
import { KObject } from './types';
import { jsonEqual } from './json';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export function annotateLastApplied(m: KObject): KObject {
  return { ...m, metadata: { ...m.metadata, annotations: { ...(m.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(m) + '\n' } } };
}
export function applyManifest(live: KObject, manifest: KObject): { object: KObject; changed: boolean } {
  const a = annotateLastApplied(manifest);
  const object = { ...live, metadata: { ...live.metadata, labels: a.metadata.labels, annotations: a.metadata.annotations }, spec: { ...live.spec, ...manifest.spec } };
  return { object, changed: !jsonEqual(object, live) };
}
