/**
 * Upstream behaviours the engine once lacked: pkg/controller/deployment/rolling.go
 * (reconcileOldReplicaSets goes on after refusing to scale down upwards) and sync.go
 * (getNewReplicaSet reports a rejected ReplicaSet as Progressing=False ReplicaSetCreateError).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, createCluster, dispatch, getResource, KObject, runSync } from '../../index';
import { Cluster } from '../../cluster';
import { controllerRefTo } from '../controller-ref-manager';
import { deploymentController as dc } from './controller';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './util';

const KEY = 'Deployment/default/web';
const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'web', image }] },
});
const web = (spec: Record<string, unknown> = {}, name = 'web'): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.16'), ...spec },
});

const create = (c: Cluster, object: KObject): Cluster => dispatch(c, { type: 'create', object }).cluster;
const setStatus = (c: Cluster, kind: string, name: string, status: object): Cluster =>
  dispatch(c, { type: 'updateStatus', object: { ...getResource(c, kind, name)!, status } }).cluster;
const writes = (actions: Action[]) =>
  actions.flatMap((a) => (a.type === 'create' || a.type === 'replace' ? [`${a.type} ${a.object.metadata.name} ${a.object.spec.replicas}`] : a.type === 'delete' ? [`delete ${a.ref.name}`] : []));

interface RS {
  name: string;
  image: string;
  replicas: number;
  revision: number;
  available?: number;
  /** the desired-replicas annotation, when not the Deployment's spec.replicas */
  desired?: number;
  status?: Record<string, unknown>;
  generation?: number;
  finalizers?: string[];
}

/**
 * The Deployment `web` (template nginx:new, revision annotation and a Progressing condition as
 * the controller left them) and its ReplicaSets in the given state, each created a second after
 * the one before. Nothing has run.
 */
function world(spec: Record<string, unknown>, rss: RS[], dStatus: Record<string, unknown> = {}): Cluster {
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
const strategy = (maxSurge: number, maxUnavailable: number) => ({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } });

// BUG 1 (rolling.ts): upstream rolling.go reconcileOldReplicaSets answers an error from
// cleanupUnhealthyReplicas with (false, nil): rolloutRolling goes on to cleanupDeployment (when
// complete) and syncRolloutStatus. The engine aborts the whole sync instead, so no status is written.
test('a sync that refuses to "scale down" an old ReplicaSet upwards still syncs the status', () => {
  const c = world({ replicas: 4, ...strategy(1, 1) }, [
    { name: 'web-zold', image: 'nginx:1', replicas: 1, revision: 1, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } },
    { name: 'web-new', image: 'nginx:new', replicas: 4, revision: 2, available: 3 },
  ]);
  const { actions } = dc.sync(c, KEY);
  assert.deepEqual(writes(actions), [], 'no ReplicaSet is scaled');
  const status = actions.find((a) => a.type === 'updateStatus');
  assert.ok(status && status.type === 'updateStatus');
  assert.equal(status.object.status.replicas, 6);
});

// BUG 2 (sync.ts getNewReplicaSet): upstream sync.go, on a create error other than AlreadyExists,
// sets Progressing=False reason ReplicaSetCreateError (when there is a deadline), records the
// Warning event and returns the error. The engine records the event but reports
// Progressing=True NewReplicaSetCreated "Created new replica set ..." for a ReplicaSet that does
// not exist, and re-creates (and re-reports) it every progress deadline.
test('a rejected ReplicaSet is reported as Progressing=False ReplicaSetCreateError, never as created', () => {
  const name = 'w'.repeat(250);
  const c = runSync(create(createCluster({ seed: 1 }), web({}, name)), dc, `Deployment/default/${name}`);
  const p = getResource(c, 'Deployment', name)!.status.conditions?.find((x: { type: string }) => x.type === 'Progressing');
  assert.deepEqual([p?.status, p?.reason], ['False', 'ReplicaSetCreateError']);
  assert.match(p.message, new RegExp(`^Failed to create new replica set "${name}-[4-9bcdf]+": `));
});
