import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, applyActions, CONTROLLERS, controlledPods, converge, createCluster, DEFAULT_PROFILE, dispatch, getResource, JsonObject, listResources, KObject, OwnerReference, settle } from '../../index';
import { Cluster } from '../../cluster';
import { controllerOf, keyOf } from '../../store/store';
import { deploymentController } from './controller';
import { DESIRED_REPLICAS, REVISION } from './util';

const web: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] } },
  },
};

test('a hash collision with a ReplicaSet the Deployment does not own bumps status.collisionCount and picks another name', () => {
  const first = converge(dispatch(createCluster({}), { type: 'create', object: web }).cluster);
  const taken = listResources(first, 'ReplicaSet')[0].metadata.name!;

  // someone else's ReplicaSet already has that name
  const squatter: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: taken },
    spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'x', image: 'nginx:1.16' }] } } },
  };
  let c = dispatch(createCluster({}), { type: 'create', object: squatter }).cluster;
  c = converge(dispatch(c, { type: 'create', object: web }).cluster);

  const d = getResource(c, 'Deployment', 'web')!;
  assert.equal(d.status.collisionCount, 1);
  const owned = listResources(c, 'ReplicaSet').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
  assert.equal(owned.length, 1);
  assert.notEqual(owned[0].metadata.name, taken);
  assert.equal(owned[0].status.readyReplicas, 2);
  assert.equal(controllerOf(getResource(c, 'ReplicaSet', taken)!), undefined, 'the squatter is left alone');
});

test('deleting a Deployment deletes its ReplicaSets and their pods', () => {
  let c = converge(dispatch(createCluster({}), { type: 'create', object: web }).cluster);
  c = converge(dispatch(c, { type: 'delete', ref: { kind: 'Deployment', name: 'web' }, propagationPolicy: 'Background' }).cluster);
  assert.deepEqual(listResources(c, 'ReplicaSet'), []);
  assert.deepEqual(listResources(c, 'Pod'), []);
});

// ---------------------------------------------------------------------------------------------
// deployment_controller.go: event handlers, the order of precedence in syncDeployment, paused
// conditions, isScalingEvent, getPodMapForDeployment.

const dc = deploymentController;
const at = (c: Cluster, key: string) => c.store.objects.get(key)!;
const withSpec = (spec: Record<string, unknown>, name = 'web'): KObject => ({ ...web, metadata: { name }, spec: { ...web.spec, ...spec } });
const start = (...objects: KObject[]) => {
  let c = createCluster({});
  for (const o of objects) c = dispatch(c, { type: 'create', object: o }).cluster;
  return converge(c);
};
const patchSpec = (c: Cluster, spec: JsonObject, name = 'web') =>
  dispatch(c, { type: 'patch', ref: { kind: 'Deployment', name }, patchType: 'merge', patch: { spec } }).cluster;
const setImage = (c: Cluster, image: string, name = 'web') =>
  patchSpec(c, { template: { spec: { containers: [{ name: 'web', image }] } } }, name);
const ownedSets = (c: Cluster, name = 'web') => {
  const d = getResource(c, 'Deployment', name)!;
  return listResources(c, 'ReplicaSet').filter((rs) => controllerOf(rs)?.uid === d.metadata.uid);
};
const progressing = (d: KObject) => d.status?.conditions?.find((x: { type: string }) => x.type === 'Progressing');
/** the default images, and `nope`, which no registry has (ErrImagePull, then ImagePullBackOff) */
const unpullable = { ...DEFAULT_PROFILE, images: { ...DEFAULT_PROFILE.images, nope: { pullable: false } } };
const statusWrites = (actions: Action[]) => actions.flatMap((a) => (a.type === 'updateStatus' ? [a.object] : []));

test('which changes wake a Deployment: itself; its ReplicaSets, old and new owner; an orphan ReplicaSet it selects', () => {
  const c = start(web, withSpec({ selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: web.spec.template.spec } }, 'api'));
  const d = at(c, 'Deployment/default/web');
  assert.deepEqual(dc.enqueue(c, 'Deployment/default/web', null, d), ['Deployment/default/web']);
  assert.deepEqual(dc.enqueue(c, 'Deployment/default/web', d, undefined), ['Deployment/default/web']);
  assert.deepEqual(dc.enqueue(c, 'Pod/default/x', null, undefined), []);
  const rs = ownedSets(c)[0];
  assert.deepEqual(dc.enqueue(c, keyOf(rs), rs, rs), ['Deployment/default/web']);
  const orphan = { ...rs, metadata: { ...rs.metadata, ownerReferences: [] } };
  assert.deepEqual(dc.enqueue(c, keyOf(rs), rs, orphan), ['Deployment/default/web']);
  assert.deepEqual(dc.enqueue(c, keyOf(rs), null, { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'api' } } }), ['Deployment/default/api']);
  // a pod that changes is the ReplicaSet controller's business, even an orphan the Deployment's selector matches
  const pod = listResources(c, 'Pod', { selector: 'app=web' })[0];
  assert.deepEqual(dc.enqueue(c, keyOf(pod), pod, pod), []);
  assert.deepEqual(dc.enqueue(c, keyOf(pod), null, { ...pod, metadata: { ...pod.metadata, ownerReferences: [] } }), []);
});

test('a deleted pod wakes its Deployment only under the Recreate strategy (deletePod)', () => {
  let c = start(withSpec({ strategy: { type: 'Recreate' }, replicas: 1 }, 'rec'), withSpec({ replicas: 1 }));
  const recPod = controlledPods(c, ownedSets(c, 'rec')[0])[0];
  const webPod = controlledPods(c, ownedSets(c, 'web')[0])[0];
  // each Deployment's only pod is gone (upstream wakes a Recreate Deployment once it has no pods left)
  for (const p of [recPod, webPod]) c = dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: p.metadata.name! }, gracePeriodSeconds: 0 }).cluster;
  assert.deepEqual(listResources(c, 'Pod'), []);
  assert.deepEqual(dc.enqueue(c, keyOf(recPod), recPod, undefined), ['Deployment/default/rec']);
  assert.deepEqual(dc.enqueue(c, keyOf(webPod), webPod, undefined), []);
  // added or updated, it wakes nobody
  assert.deepEqual(dc.enqueue(c, keyOf(recPod), null, recPod), []);
  assert.deepEqual(dc.enqueue(c, keyOf(recPod), recPod, recPod), []);
  // a pod of a ReplicaSet no Deployment controls, or whose controller is not a ReplicaSet
  let solo = dispatch(c, { type: 'create', object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'solo' }, spec: { replicas: 1, selector: { matchLabels: { app: 'solo' } }, template: { metadata: { labels: { app: 'solo' } }, spec: web.spec.template.spec } } } }).cluster;
  solo = converge(solo);
  const soloPod = controlledPods(solo, getResource(solo, 'ReplicaSet', 'solo')!)[0];
  assert.deepEqual(dc.enqueue(solo, keyOf(soloPod), soloPod, undefined), []);
  const rsOfRec = ownedSets(c, 'rec')[0];
  const notAnRs = { ...recPod, metadata: { ...recPod.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: rsOfRec.metadata.name!, uid: rsOfRec.metadata.uid!, controller: true }] } };
  assert.deepEqual(dc.enqueue(c, keyOf(recPod), notAnRs, undefined), []);
});

test('a settled Deployment syncs to nothing; one mid-rollout asks to be looked at after its progress deadline', () => {
  const c = start(web);
  assert.deepEqual(dc.sync(c, 'Deployment/default/web'), { actions: [] });
  assert.deepEqual(dc.sync(c, 'Deployment/default/gone'), { actions: [] });
  // a new image that never pulls: the rollout stalls with its Progressing condition last updated now
  let stuck = createCluster({ profile: unpullable });
  stuck = converge(dispatch(stuck, { type: 'create', object: withSpec({ progressDeadlineSeconds: 60 }) }).cluster);
  stuck = settle(setImage(stuck, 'nope:1'));
  const result = dc.sync(stuck, 'Deployment/default/web');
  const cond = progressing(at(stuck, 'Deployment/default/web'));
  assert.equal(cond.reason, 'ReplicaSetUpdated');
  assert.deepEqual(result.wakeAt, { at: Date.parse(cond.lastUpdateTime) + 60_000 + 1000, kind: 'progress' });
});

test('a resync lists every Deployment of every namespace, sorted by key', () => {
  let c = createCluster({});
  for (const o of [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'zeta' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } },
    { ...withSpec({}, 'b'), metadata: { name: 'b', namespace: 'zeta' } },
    withSpec({}, 'c'),
    { ...withSpec({}, 'a'), metadata: { name: 'a', namespace: 'alpha' } },
    withSpec({}, 'a'),
  ] as KObject[]) {
    c = dispatch(c, { type: 'create', object: o }).cluster;
  }
  assert.deepEqual(dc.resyncKeys(c), ['Deployment/alpha/a', 'Deployment/default/a', 'Deployment/default/c', 'Deployment/zeta/b']);
});

test('a Deployment being deleted only reports status: no new ReplicaSet for a changed template', () => {
  let c = start(web);
  c = setImage(c, 'nginx:1.17');
  // foreground deletion: the Deployment stays, with a deletionTimestamp, until the garbage collector is done
  c = dispatch(c, { type: 'delete', ref: { kind: 'Deployment', name: 'web' }, propagationPolicy: 'Foreground' }).cluster;
  assert.ok(at(c, 'Deployment/default/web').metadata.deletionTimestamp);
  const { actions } = dc.sync(c, 'Deployment/default/web');
  assert.deepEqual(actions.map((a) => a.type), ['updateStatus']);
  const status = statusWrites(actions)[0].status;
  assert.equal(status.observedGeneration, at(c, 'Deployment/default/web').metadata.generation);
  assert.deepEqual([status.replicas, status.updatedReplicas ?? 0, status.readyReplicas, status.availableReplicas], [2, 0, 2, 2]);
});

test('a paused Deployment gets Progressing Unknown/DeploymentPaused once, and DeploymentResumed when resumed', () => {
  let c = start(web);
  c = converge(patchSpec(c, { paused: true }));
  const paused = progressing(at(c, 'Deployment/default/web'));
  assert.deepEqual([paused.status, paused.reason, paused.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  // paused and already saying so: nothing to write
  assert.deepEqual(dc.sync(c, 'Deployment/default/web'), { actions: [] });
  // resumed: the first status write says so, before the rollout status takes over
  c = patchSpec(c, { paused: false });
  const writes = statusWrites(dc.sync(c, 'Deployment/default/web').actions);
  const resumed = progressing(writes[0]);
  assert.deepEqual([resumed.status, resumed.reason, resumed.message], ['Unknown', 'DeploymentResumed', 'Deployment is resumed']);
  c = converge(c);
  assert.equal(progressing(at(c, 'Deployment/default/web')).reason, 'NewReplicaSetAvailable');
});

test('without a progress deadline, pausing adds no Progressing condition', () => {
  let c = start(withSpec({ progressDeadlineSeconds: 2147483647 }));
  assert.equal(progressing(at(c, 'Deployment/default/web')), undefined);
  c = converge(patchSpec(c, { paused: true }));
  assert.equal(progressing(at(c, 'Deployment/default/web')), undefined);
});

test('a rollout that timed out keeps ProgressDeadlineExceeded when paused', () => {
  let c = createCluster({ profile: unpullable });
  c = converge(dispatch(c, { type: 'create', object: withSpec({ progressDeadlineSeconds: 30 }) }).cluster);
  c = converge(setImage(c, 'nope:1'));
  assert.equal(progressing(at(c, 'Deployment/default/web')).reason, 'ProgressDeadlineExceeded');
  c = converge(patchSpec(c, { paused: true }));
  const cond = progressing(at(c, 'Deployment/default/web'));
  assert.deepEqual([cond.status, cond.reason], ['False', 'ProgressDeadlineExceeded']);
});

test('while paused, old ReplicaSets beyond revisionHistoryLimit are cleaned up', () => {
  let c = start(web);
  for (const image of ['nginx:1.17', 'nginx:1.18']) c = converge(setImage(c, image));
  assert.equal(ownedSets(c).length, 3);
  c = converge(patchSpec(c, { paused: true, revisionHistoryLimit: 0 }));
  assert.deepEqual(ownedSets(c).map((rs) => rs.spec.template.spec.containers[0].image), ['nginx:1.18']);
  // and the status still follows the spec it has seen
  const d = at(c, 'Deployment/default/web');
  assert.equal(d.status.observedGeneration, d.metadata.generation);
});

test('a scaling event only scales: no rollout and no history clean-up in that sync', () => {
  let c = start(web);
  c = converge(setImage(c, 'nginx:1.17'));
  const newRS = ownedSets(c).find((rs) => rs.metadata.annotations?.[REVISION] === '2')!;
  // the template changes too, but the size change is handled first (sync, not rolloutRolling)
  c = patchSpec(c, { replicas: 3, revisionHistoryLimit: 0, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.18' }] } } });
  const { actions } = dc.sync(c, 'Deployment/default/web');
  assert.deepEqual(actions.filter((a) => a.type !== 'updateStatus').map((a) => [a.type, a.type === 'replace' ? a.object.metadata.name : '', a.type === 'replace' ? a.object.spec.replicas : '']), [['replace', newRS.metadata.name, 3]]);
});

test('a malformed or missing desired-replicas annotation is no scaling event (GetDesiredReplicasAnnotation)', () => {
  for (const desired of ['2x', 'x2', undefined]) {
    let c = start(web);
    const rs = ownedSets(c)[0];
    const annotations = { ...rs.metadata.annotations };
    if (desired === undefined) delete annotations[DESIRED_REPLICAS];
    else annotations[DESIRED_REPLICAS] = desired;
    c = dispatch(c, { type: 'replace', object: { ...rs, metadata: { ...rs.metadata, annotations } } }).cluster;
    c = setImage(c, 'nginx:1.17');
    // not a scaling event: this sync starts the rollout with a new ReplicaSet
    const created = dc.sync(c, 'Deployment/default/web').actions.filter((a) => a.type === 'create');
    assert.equal(created.length, 1, String(desired));
  }
});

test('a Deployment adopts a bare ReplicaSet it selects and rolls it over like its own', () => {
  let c = createCluster({});
  const bare: KObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'bare', labels: { app: 'web' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.15' }] } } } };
  c = converge(dispatch(c, { type: 'create', object: bare }).cluster);
  c = dispatch(c, { type: 'create', object: web }).cluster;
  // the first sync adopts it (no annotations: no scaling event) and starts the rollout
  const actions = dc.sync(c, 'Deployment/default/web').actions;
  assert.deepEqual(actions.filter((a) => a.type === 'patch' || a.type === 'create').map((a) => [a.type, a.type === 'patch' ? a.ref.name : a.type === 'create' ? a.object.kind : '']), [['patch', 'bare'], ['create', 'ReplicaSet']]);
  c = converge(c);
  const sets = ownedSets(c);
  assert.equal(sets.length, 2);
  assert.deepEqual(sets.map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]).sort(), [['nginx:1.15', 0], ['nginx:1.16', 2]]);
});

test('Recreate waits only for pods its old ReplicaSets control and its selector matches', () => {
  let c = start(withSpec({ strategy: { type: 'Recreate' } }));
  const oldRS = ownedSets(c)[0];
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: oldRS.metadata.name!, uid: oldRS.metadata.uid!, controller: true, blockOwnerDeletion: true };
  // the Deployment scales the old ReplicaSet to 0; its pods go; then only the kubelets run
  c = setImage(c, 'nginx:1.17');
  c = applyActions(c, dc.sync(c, 'Deployment/default/web').actions);
  assert.equal(at(c, keyOf(oldRS)).spec.replicas, 0);
  c = converge(c, { controllers: CONTROLLERS.filter((l) => l.name !== 'deployment-controller') });
  assert.equal(controlledPods(c, oldRS).length, 0);
  // three new dependents of the old ReplicaSet, none of which counts
  const running = (name: string, labels: Record<string, string>, refs: OwnerReference[]): KObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ownerReferences: refs }, spec: { nodeName: 'w1-k8s', containers: [{ name: 'web', image: 'nginx:1.16' }] },
  });
  for (const o of [
    running('relabelled', { app: 'other' }, [ref]),
    running('weakly-owned', { app: 'web' }, [{ ...ref, controller: false }]),
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'not-a-pod', labels: { app: 'web' }, ownerReferences: [ref] }, spec: { replicas: 0, selector: { matchLabels: { app: 'nested' } }, template: { metadata: { labels: { app: 'nested' } }, spec: web.spec.template.spec } } },
  ] as KObject[]) {
    c = dispatch(c, { type: 'create', object: o }).cluster;
  }
  c = converge(c, { controllers: CONTROLLERS.filter((l) => l.name === 'kubelet') });
  assert.equal(at(c, 'Pod/default/relabelled').status.phase, 'Running');
  // nothing of the old version runs: the new ReplicaSet is created at full size
  const created = dc.sync(c, 'Deployment/default/web').actions.filter((a) => a.type === 'create');
  assert.deepEqual(created.map((a) => a.type === 'create' && [a.object.kind, a.object.spec.replicas, a.object.spec.template.spec.containers[0].image]), [['ReplicaSet', 2, 'nginx:1.17']]);
  // while a pod of the old ReplicaSet that the selector matches still runs, it waits
  c = dispatch(c, { type: 'create', object: running('straggler', { app: 'web' }, [ref]) }).cluster;
  assert.deepEqual(dc.sync(c, 'Deployment/default/web').actions.filter((a) => a.type === 'create'), []);
});
