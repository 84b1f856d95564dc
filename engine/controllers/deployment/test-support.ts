/**
 * What the Deployment controller's unit tests share: the Deployment `web`, requests against it,
 * a reading of a sync's writes, and `world`, which lays out a Deployment with ReplicaSets in a
 * given state without running any loop. Used by the *.test.ts files beside it only.
 */
import { Action, createCluster, DEFAULT_PROFILE, dispatch, getResource, KObject } from '../../index';
import { Cluster } from '../../cluster';
import { controllerRefTo } from '../controller-ref-manager';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './util';

export const KEY = 'Deployment/default/web';
/** progressDeadlineSeconds at MaxInt32: no deadline (util.go's special value) */
export const NO_DEADLINE = 2147483647;

export const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'web', image }] },
});

export const web = (spec: Record<string, unknown> = {}, name = 'web'): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.16'), ...spec },
});

/** `broken` cannot be pulled: its pods never become ready, so a rollout to it is stuck. */
export const profile = { ...DEFAULT_PROFILE, images: { ...DEFAULT_PROFILE.images, broken: { pullable: false } } };

export const create = (c: Cluster, object: KObject): Cluster => dispatch(c, { type: 'create', object }).cluster;
export const setStatus = (c: Cluster, kind: string, name: string, status: object): Cluster =>
  dispatch(c, { type: 'updateStatus', object: { ...getResource(c, kind, name)!, status } }).cluster;
export const patchSpec = (c: Cluster, spec: Record<string, unknown>): Cluster =>
  dispatch(c, { type: 'patch', ref: { kind: 'Deployment', name: 'web' }, patchType: 'merge', patch: { spec } as never }).cluster;
export const setImage = (c: Cluster, image: string): Cluster =>
  dispatch(c, { type: 'patch', ref: { kind: 'Deployment', name: 'web' }, patchType: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } } }).cluster;
export const strategy = (maxSurge: number, maxUnavailable: number) => ({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } });

/** What a sync writes, one line a write: `create web-x 3`, `replace web-y 1`, `delete web-z`. */
export const writes = (actions: Action[]) =>
  actions.flatMap((a) => (a.type === 'create' || a.type === 'replace' ? [`${a.type} ${a.object.metadata.name} ${a.object.spec.replicas}`] : a.type === 'delete' ? [`delete ${a.ref.name}`] : []));

export interface RS {
  name: string;
  image: string;
  replicas: number;
  revision: number;
  available?: number;
  /** the desired-replicas annotation, when not the Deployment's spec.replicas */
  desired?: number;
  /** the whole status, when not `replicas` pods of which `available` are ready and available */
  status?: Record<string, unknown>;
  generation?: number;
  finalizers?: string[];
}

/**
 * The Deployment `web` (template nginx:new, revision annotation and a Progressing condition as
 * the controller left them) and its ReplicaSets in the given state, each created a second after
 * the one before. Nothing has run.
 */
export function world(spec: Record<string, unknown>, rss: RS[], dStatus: Record<string, unknown> = {}): Cluster {
  const revision = Math.max(0, ...rss.filter((r) => r.image === 'nginx:new').map((r) => r.revision));
  const d0 = web({ template: template('nginx:new'), ...spec });
  d0.metadata.annotations = { [REVISION]: String(revision) };
  let c = create(createCluster({ seed: 1 }), d0);
  const d = getResource(c, 'Deployment', 'web')!;
  const surge = d.spec.strategy.rollingUpdate?.maxSurge;
  for (const r of rss) {
    c = { ...c, now: c.now + 1000 };
    const hash = r.name.slice('web-'.length);
    const desired = r.desired ?? d.spec.replicas;
    c = create(c, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: r.name,
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: { [REVISION]: String(r.revision), [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(desired + (typeof surge === 'number' ? surge : 1)) },
        ownerReferences: [controllerRefTo(d)],
        ...(r.finalizers ? { finalizers: r.finalizers } : {}),
      },
      spec: { replicas: r.replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template(r.image, hash) },
    });
    for (let g = 1; g < (r.generation ?? 1); g++) {
      const live = getResource(c, 'ReplicaSet', r.name)!;
      c = dispatch(c, { type: 'replace', object: { ...live, spec: { ...live.spec, minReadySeconds: g } } }).cluster;
    }
    const available = r.available ?? r.replicas;
    c = setStatus(c, 'ReplicaSet', r.name, r.status ?? { replicas: r.replicas, readyReplicas: available, availableReplicas: available, observedGeneration: r.generation ?? 1 });
  }
  const progressingCond = { type: 'Progressing', status: 'True', lastUpdateTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-new" is progressing.' };
  return setStatus(c, 'Deployment', 'web', { conditions: [progressingCond], ...dStatus });
}
