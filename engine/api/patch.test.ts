import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMergedPrimitiveList, jsonMergePatch, jsonPatch, mergeKeyFor, PatchResult, strategicMergePatch } from './patch';
import { Json, JsonObject } from './types';

const pod = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a.example.com/x', 'b.example.com/y'] },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.16',
        args: ['-g', 'daemon off;'],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [
          { containerPort: 80, protocol: 'TCP' },
          { containerPort: 443, protocol: 'TCP' },
        ],
      },
      { name: 'sidecar', image: 'busybox:1.36' },
    ],
    restartPolicy: 'Always',
  },
});

function ok(r: PatchResult): any {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}
const smp = (target: JsonObject, patch: Json, kind = 'Pod') => ok(strategicMergePatch(target, patch as JsonObject, kind));

// ---------------------------------------------------------------------------------------------
// JSON merge patch

test('merge patch: null deletes a key, objects merge, lists are replaced', () => {
  const target = pod();
  const out = jsonMergePatch(target, { metadata: { labels: { tier: null, env: 'prod' } }, spec: { containers: [{ name: 'only' }] } }) as any;
  assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
  assert.deepEqual(out.metadata.finalizers, ['a.example.com/x', 'b.example.com/y']);
  assert.deepEqual(out.spec.containers, [{ name: 'only' }]);
  assert.deepEqual(target, pod(), 'the target is not mutated');
});

test('merge patch: a null inside a new object is dropped, a non-object patch replaces the target', () => {
  assert.deepEqual(jsonMergePatch({ a: 1 }, { b: { c: null, d: 2 } }), { a: 1, b: { d: 2 } });
  assert.deepEqual(jsonMergePatch({ a: 1 }, ['x']), ['x']);
});

// ---------------------------------------------------------------------------------------------
// JSON patch

test('json patch: add, remove and replace apply in order without mutating the target', () => {
  const target = pod();
  const out = ok(
    jsonPatch(target, [
      { op: 'add', path: '/metadata/labels/env', value: 'prod' },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.17' },
    ]),
  );
  assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
  assert.equal(out.spec.containers[0].image, 'nginx:1.17');
  assert.deepEqual(target, pod());
});

test('json patch: a failing test op and a missing path are 422s that hide the cause, as the apiserver does', () => {
  const failedTest = jsonPatch(pod(), [
    { op: 'test', path: '/spec/restartPolicy', value: 'Never' },
    { op: 'replace', path: '/spec/restartPolicy', value: 'OnFailure' },
  ]);
  assert.deepEqual(failedTest, { ok: false, code: 422, message: 'the server rejected our request due to an error in our request' });
  const missing = jsonPatch(pod(), [{ op: 'remove', path: '/metadata/annotations/nope' }]);
  assert.equal(missing.ok, false);
  assert.equal(!missing.ok && missing.code, 422);
  const passingTest = jsonPatch(pod(), [{ op: 'test', path: '/spec/restartPolicy', value: 'Always' }]);
  assert.equal(passingTest.ok, true);
});

test('json patch: a body that is not a list of operations is a 400 worded as Go decodes it', () => {
  assert.deepEqual(jsonPatch(pod(), { op: 'add' }), {
    ok: false,
    code: 400,
    message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  });
});

// ---------------------------------------------------------------------------------------------
// strategic merge patch

test('strategic: patching one container by name keeps the other container and its fields', () => {
  const out = smp(pod(), { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37' }] } });
  assert.deepEqual(
    out.spec.containers.map((c: any) => [c.name, c.image]),
    [
      ['nginx', 'nginx:1.16'],
      ['sidecar', 'busybox:1.37'],
    ],
  );
  assert.deepEqual(out.spec.containers[0], (pod() as any).spec.containers[0]);
});

test('strategic: env merges by name', () => {
  const out = smp(pod(), { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } });
  const env = out.spec.containers[0].env;
  assert.deepEqual(env.find((e: any) => e.name === 'A'), { name: 'A', value: '1' });
  assert.deepEqual(env.find((e: any) => e.name === 'B'), { name: 'B', value: 'two' });
  assert.deepEqual(env.find((e: any) => e.name === 'C'), { name: 'C', value: '3' });
  assert.equal(env.length, 3);
});

test('strategic: ports merge by containerPort', () => {
  const out = smp(pod(), { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443, name: 'https' }, { containerPort: 8080 }] }] } });
  const ports = out.spec.containers[0].ports;
  assert.deepEqual(
    [...ports].sort((a: any, b: any) => a.containerPort - b.containerPort),
    [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP', name: 'https' }, { containerPort: 8080 }],
  );
});

test('strategic: $patch: delete removes one container', () => {
  const out = smp(pod(), { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } });
  assert.deepEqual(
    out.spec.containers.map((c: any) => c.name),
    ['nginx'],
  );
});

test('strategic: $patch: replace on a map replaces it; on a list element replaces the list', () => {
  const labels = smp(pod(), { metadata: { labels: { $patch: 'replace', only: 'this' } } });
  assert.deepEqual(labels.metadata.labels, { only: 'this' });
  const list = smp(pod(), { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 'x' }] } });
  assert.deepEqual(list.spec.containers, [{ name: 'solo', image: 'x' }]);
});

test('strategic: $setElementOrder orders the merged list and is not stored', () => {
  const out = smp(pod(), { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } });
  assert.deepEqual(
    out.spec.containers.map((c: any) => c.name),
    ['sidecar', 'nginx'],
  );
  assert.equal(Object.keys(out.spec).some((k) => k.startsWith('$')), false);
});

test('strategic: finalizers merge as a set of primitives, $deleteFromPrimitiveList removes some', () => {
  const added = smp(pod(), { metadata: { finalizers: ['b.example.com/y', 'c.example.com/z'] } });
  assert.deepEqual([...added.metadata.finalizers].sort(), ['a.example.com/x', 'b.example.com/y', 'c.example.com/z']);
  const removed = smp(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'] } });
  assert.deepEqual(removed.metadata.finalizers, ['b.example.com/y']);
});

test('strategic: a list without a merge strategy is replaced wholesale (container args, node taints)', () => {
  const out = smp(pod(), { spec: { containers: [{ name: 'nginx', args: ['-v'] }] } });
  assert.deepEqual(out.spec.containers[0].args, ['-v']);
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
  const tainted = smp(node, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } }, 'Node');
  assert.deepEqual(tainted.spec.taints, [{ key: 'b', effect: 'NoExecute' }]);
});

test('strategic: null deletes a map key, absent keys are untouched', () => {
  const out = smp(pod(), { metadata: { labels: { tier: null } }, spec: { restartPolicy: null } });
  assert.deepEqual(out.metadata.labels, { app: 'web' });
  assert.equal('restartPolicy' in out.spec, false);
  assert.equal(out.spec.containers.length, 2);
});

test('strategic: ownerReferences merge by uid (how a controller releases a pod)', () => {
  const owned = { ...pod(), metadata: { name: 'p', ownerReferences: [{ uid: 'u1', name: 'rs1' }, { uid: 'u2', name: 'rs2' }] } };
  const out = smp(owned, { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'u1' }] } });
  assert.deepEqual(out.metadata.ownerReferences, [{ uid: 'u2', name: 'rs2' }]);
});

test('strategic: the pod template of a Deployment merges containers by name', () => {
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } },
  };
  const out = smp(deploy, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } } } }, 'Deployment');
  assert.deepEqual(out.spec.template.spec.containers, [
    { name: 'a', image: 'a:1' },
    { name: 'b', image: 'b:2' },
  ]);
});

test('strategic: $retainKeys clears the fields it does not name (Deployment spec.strategy)', () => {
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
  };
  const out = smp(deploy, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, 'Deployment');
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
});

test('strategic: a merge-list element without its merge key is refused with the upstream message', () => {
  const r = strategicMergePatch(pod(), { spec: { containers: [{ image: 'x' }] } }, 'Pod');
  assert.deepEqual(r, { ok: false, code: 500, message: 'map: map[image:x] does not contain declared merge key: name' });
});

test('strategic: the target and the patch are not mutated', () => {
  const target = pod();
  const patch = { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } };
  smp(target, patch);
  assert.deepEqual(target, pod());
  assert.deepEqual(patch, { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } });
});

test('merge keys follow the struct tags of k8s.io/api', () => {
  assert.equal(mergeKeyFor('Pod', ['spec', 'containers']), 'name');
  assert.equal(mergeKeyFor('Deployment', ['spec', 'template', 'spec', 'containers', 'ports']), 'containerPort');
  assert.equal(mergeKeyFor('CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'volumes']), 'name');
  assert.equal(mergeKeyFor('Service', ['spec', 'ports']), 'port');
  assert.equal(mergeKeyFor('Node', ['status', 'conditions']), 'type');
  assert.equal(mergeKeyFor('ConfigMap', ['metadata', 'ownerReferences']), 'uid');
  assert.equal(mergeKeyFor('Node', ['spec', 'taints']), undefined);
  assert.equal(mergeKeyFor('Pod', ['spec', 'containers', 'args']), undefined);
  assert.equal(isMergedPrimitiveList('Pod', ['metadata', 'finalizers']), true);
  assert.equal(isMergedPrimitiveList('Namespace', ['spec', 'finalizers']), false);
});
