import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotateLastApplied, applyManifest, LAST_APPLIED, lastAppliedOf, threeWayPatch } from './apply';
import { clone } from './json';
import { strategicMergePatch } from './patch';
import { JsonObject, KObject } from './types';

const deployment = (over: { replicas?: number; labels?: Record<string, string>; containers?: object[] } = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: over.labels ?? { app: 'web', tier: 'front' } },
  spec: {
    replicas: over.replicas ?? 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: over.containers ?? [
          { name: 'nginx', image: 'nginx:1.16' },
          { name: 'sidecar', image: 'busybox:1.36' },
        ],
      },
    },
  },
});

/** What the API server stores for a created object: the sent object plus server-owned and defaulted fields. */
function stored(sent: KObject): KObject {
  const o = clone(sent);
  o.metadata = { ...o.metadata, uid: 'uid-1', resourceVersion: '1', generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' };
  const podSpec = o.kind === 'Pod' ? o.spec : o.spec.template.spec;
  podSpec.restartPolicy = 'Always';
  for (const c of podSpec.containers) c.imagePullPolicy = 'IfNotPresent';
  o.status = o.kind === 'Pod' ? { phase: 'Running' } : { replicas: o.spec.replicas, readyReplicas: o.spec.replicas };
  return o;
}

function create(manifest: KObject): KObject {
  const r = applyManifest(undefined, manifest);
  assert.equal(r.changed, true);
  return stored(r.object);
}

function apply(live: KObject, manifest: KObject): { object: KObject; changed: boolean } {
  const r = applyManifest(live, manifest);
  assert.equal(r.error, undefined);
  return r;
}

/** Leaf paths whose values differ between two JSON values. */
function changedPaths(a: unknown, b: unknown, path = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedPaths((a as any)[k], (b as any)[k], `${path}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

test('the last-applied annotation is the manifest as Go encodes it: sorted keys, empty annotations, HTML escaped, newline', () => {
  const cm: KObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', namespace: 'default' }, data: { b: '<&>', a: '1' } };
  const annotated = annotateLastApplied(cm);
  assert.equal(
    annotated.metadata.annotations![LAST_APPLIED],
    '{"apiVersion":"v1","data":{"a":"1","b":"\\u003c\\u0026\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n',
  );
  // re-annotating does not nest the annotation inside itself
  assert.deepEqual(annotateLastApplied(annotated), annotated);
  assert.deepEqual(lastAppliedOf(annotated), { ...cm, metadata: { ...cm.metadata, annotations: {} } });
  assert.equal(lastAppliedOf(cm as KObject), undefined);
});

test('apply with nothing live is a create of the annotated manifest', () => {
  const r = applyManifest(undefined, deployment());
  assert.equal(r.changed, true);
  assert.deepEqual(r.object, annotateLastApplied(deployment()));
});

test('re-applying the same manifest is unchanged: the patch is empty', () => {
  const live = create(deployment());
  const r = apply(live, deployment());
  assert.equal(r.changed, false);
  assert.deepEqual(r.object, live);
  assert.deepEqual(threeWayPatch(lastAppliedOf(live), annotateLastApplied(deployment()) as never, live as never, 'Deployment'), {});
});

test('changing replicas 3 -> 4 changes only spec.replicas (and the annotation)', () => {
  const live = create(deployment({ replicas: 3 }));
  const r = apply(live, deployment({ replicas: 4 }));
  assert.equal(r.changed, true);
  assert.deepEqual(changedPaths(live, r.object).sort(), ['.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration', '.spec.replicas']);
  assert.equal(r.object.spec.replicas, 4);
  assert.equal((lastAppliedOf(r.object) as any).spec.replicas, 4);
});

test('a label removed from the manifest is removed from the live object; one added by someone else survives', () => {
  const live0 = create(deployment({ labels: { app: 'web', tier: 'front' } }));
  const live = { ...live0, metadata: { ...live0.metadata, labels: { ...live0.metadata.labels, team: 'ops' } } }; // kubectl label
  const r = apply(live, deployment({ labels: { app: 'web' } }));
  assert.deepEqual(r.object.metadata.labels, { app: 'web', team: 'ops' });
});

test('a container removed from the manifest is deleted by merge key, the kept one keeps its defaulted fields', () => {
  const live = create(deployment());
  const manifest = deployment({ containers: [{ name: 'nginx', image: 'nginx:1.16' }] });
  const patch = threeWayPatch(lastAppliedOf(live), annotateLastApplied(manifest) as never, live as never, 'Deployment') as any;
  assert.deepEqual(patch.spec, {
    template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'sidecar', $patch: 'delete' }] } },
  });
  const r = apply(live, manifest);
  assert.deepEqual(r.object.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.16', imagePullPolicy: 'IfNotPresent' }]);
});

test('fields set by the server survive re-apply: status, spec.nodeName, a defaulted restartPolicy', () => {
  const manifest: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.16' }] } };
  const live0 = create(manifest);
  const live = { ...live0, spec: { ...live0.spec, nodeName: 'node-1' } }; // bound by the scheduler
  const edited = { ...manifest, spec: { containers: [{ name: 'c', image: 'nginx:1.17' }] } };
  const r = apply(live, edited);
  assert.equal(r.changed, true);
  assert.equal(r.object.spec.containers[0].image, 'nginx:1.17');
  assert.equal(r.object.spec.nodeName, 'node-1');
  assert.equal(r.object.spec.restartPolicy, 'Always');
  assert.equal(r.object.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  assert.deepEqual(r.object.status, { phase: 'Running' });
  assert.equal(r.object.metadata.uid, 'uid-1');
});

test('a field the manifest sets wins over another writer (kubectl scale, then re-apply)', () => {
  const live0 = create(deployment({ replicas: 3 }));
  const scaled = { ...live0, spec: { ...live0.spec, replicas: 10 } };
  const r = apply(scaled, deployment({ replicas: 3 }));
  assert.equal(r.changed, true);
  assert.equal(r.object.spec.replicas, 3);
});

test('a finalizer removed from the manifest goes out as $deleteFromPrimitiveList; others stay', () => {
  const withFinalizers = (f: string[]): KObject => ({ ...deployment(), metadata: { ...deployment().metadata, finalizers: f } });
  const live0 = create(withFinalizers(['a.example.com/x', 'b.example.com/y']));
  const live = { ...live0, metadata: { ...live0.metadata, finalizers: [...live0.metadata.finalizers!, 'c.example.com/z'] } };
  const patch = threeWayPatch(lastAppliedOf(live), annotateLastApplied(withFinalizers(['a.example.com/x'])) as never, live as never, 'Deployment') as any;
  assert.deepEqual(patch.metadata['$deleteFromPrimitiveList/finalizers'], ['b.example.com/y']);
  const r = apply(live, withFinalizers(['a.example.com/x']));
  assert.deepEqual(r.object.metadata.finalizers, ['a.example.com/x', 'c.example.com/z']);
});

test('without a last-applied annotation nothing is deleted, and the annotation gets added', () => {
  const live = stored(deployment()); // created with `kubectl create`, no annotation
  const r = apply(live, deployment({ labels: { app: 'web' } }));
  assert.equal(r.changed, true);
  assert.deepEqual(r.object.metadata.labels, { app: 'web', tier: 'front' });
  assert.ok(lastAppliedOf(r.object));
});

test('a merge-list element without its merge key makes kubectl fail, as upstream does', () => {
  const live = create(deployment());
  const r = applyManifest(live, deployment({ containers: [{ image: 'nginx:1.17' }] }));
  assert.equal(r.changed, false);
  assert.equal(r.error, 'map: map[image:nginx:1.17] does not contain declared merge key: name');
});

test('the computed patch, applied with strategicMergePatch, yields what applyManifest returns', () => {
  const live = create(deployment());
  const manifest = deployment({ replicas: 5, containers: [{ name: 'nginx', image: 'nginx:1.17' }] });
  const patch = threeWayPatch(lastAppliedOf(live), annotateLastApplied(manifest) as never, live as never, 'Deployment');
  const patched = strategicMergePatch(live as unknown as JsonObject, patch, 'Deployment');
  assert.ok(patched.ok);
  assert.deepEqual(patched.value, apply(live, manifest).object);
});
