import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPathError, renderJsonPath } from './jsonpath';

const deployment = {
  metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'kubectl set image', 'deployment.kubernetes.io/revision': '2' } },
  spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:1.16' }, { name: 'b', image: 'busybox' }] } } },
};

test('a key with dots is reached with escaped dots, and a slash is part of a field name', () => {
  assert.equal(renderJsonPath('{.metadata.annotations.kubernetes\\.io/change-cause}', deployment), 'kubectl set image');
  assert.equal(renderJsonPath("{.metadata.annotations['deployment.kubernetes.io/revision']}", deployment), '2');
  // unescaped, the dots split the key: nothing is found and nothing is printed
  assert.equal(renderJsonPath('{.metadata.annotations.kubernetes.io/change-cause}', deployment), '');
});

test('fields, indexes and wildcards, with text around them', () => {
  assert.equal(renderJsonPath('{.metadata.name}: {.spec.template.spec.containers[*].image}', deployment), 'web: nginx:1.16 busybox');
  assert.equal(renderJsonPath('{.spec.template.spec.containers[-1].name}', deployment), 'b');
  assert.throws(() => renderJsonPath('{.spec.template.spec.containers[2].name}', deployment), /array index out of bounds: index 2, length 2/);
  assert.throws(() => renderJsonPath('{.metadata.name', deployment), JsonPathError);
});
