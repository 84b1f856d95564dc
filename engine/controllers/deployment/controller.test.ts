import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, getResource, listResources, KObject } from '../../index';
import { controllerOf } from '../../store/store';

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
