/**
 * The LimitRanger admission plugin for containers (plugin/pkg/admission/limitranger/admission.go):
 * a container that states no request or limit of a resource gets the LimitRange's defaultRequest
 * and default (the pod is annotated with what was set), then every container is held to min, max
 * and maxLimitRequestRatio. Pod and PersistentVolumeClaim limits are not simulated.
 */
import { KObject } from './types';
import { listObjects, parseQuantity, Store } from '../store/store';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

const amount = (resource: string, q: unknown) => (resource === 'cpu' ? Math.round(parseQuantity(q) * 1000) : parseQuantity(q));

/** SetDefaults_LimitRangeItem for Container items: default from max, defaultRequest from default, then from min. */
export function defaultLimitRangeItem(item: any): void {
  if (item.type !== 'Container') return;
  item.default ??= {};
  item.defaultRequest ??= {};
  for (const [k, v] of Object.entries(item.max ?? {})) item.default[k] ??= v;
  for (const [k, v] of Object.entries(item.default)) item.defaultRequest[k] ??= v;
  for (const [k, v] of Object.entries(item.min ?? {})) item.defaultRequest[k] ??= v;
}

/** Defaults the pod's containers (mutating it) and returns the first limit broken, as the plugin words it. */
export function admitLimitRanges(store: Store, pod: KObject): string | undefined {
  const ranges = listObjects(store, 'LimitRange', pod.metadata.namespace ?? 'default');
  if (!ranges.length) return undefined;
  const errors: string[] = [];
  const set: string[] = [];
  for (const lr of ranges) {
    for (const item of (lr.spec?.limits ?? []) as any[]) {
      if (item.type !== 'Container') continue;
      for (const c of (pod.spec?.containers ?? []) as any[]) {
        c.resources ??= {};
        const requested: string[] = [], limited: string[] = [];
        for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
          if (c.resources.requests?.[k] === undefined) {
            c.resources.requests = { ...(c.resources.requests ?? {}), [k]: v };
            requested.push(k);
          }
        }
        for (const [k, v] of Object.entries(item.default ?? {})) {
          if (c.resources.limits?.[k] === undefined) {
            c.resources.limits = { ...(c.resources.limits ?? {}), [k]: v };
            limited.push(k);
          }
        }
        if (requested.length) set.push(`${requested.sort().join(', ')} request for container ${c.name}`);
        if (limited.length) set.push(`${limited.sort().join(', ')} limit for container ${c.name}`);
      }
    }
  }
  if (set.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${set.join('; ')}` };
  for (const lr of ranges) {
    for (const item of (lr.spec?.limits ?? []) as any[]) {
      if (item.type !== 'Container') continue;
      for (const c of (pod.spec?.containers ?? []) as any[]) {
        const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
        for (const [k, v] of Object.entries(item.min ?? {})) {
          if (req[k] === undefined) errors.push(`minimum ${k} usage per Container is ${v}.  No request is specified`);
          else if (amount(k, req[k]) < amount(k, v)) errors.push(`minimum ${k} usage per Container is ${v}, but request is ${req[k]}`);
        }
        for (const [k, v] of Object.entries(item.max ?? {})) {
          if (lim[k] === undefined) errors.push(`maximum ${k} usage per Container is ${v}.  No limit is specified`);
          else if (amount(k, lim[k]) > amount(k, v)) errors.push(`maximum ${k} usage per Container is ${v}, but limit is ${lim[k]}`);
        }
        for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) {
          if (req[k] === undefined || lim[k] === undefined) continue;
          const ratio = amount(k, lim[k]) / amount(k, req[k]);
          if (ratio > parseQuantity(v)) errors.push(`${k} max limit to request ratio per Container is ${v}, but provided ratio is ${ratio.toFixed(6)}`);
        }
      }
    }
  }
  if (!errors.length) return undefined;
  return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
}
