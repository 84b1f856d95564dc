import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProblems } from './schema';

test('unknown fields are listed depth-first in sorted key order, as the decoder meets them in kubectl JSON', () => {
  const found = decodeProblems({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', labelz: {} },
    spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ prot: 80 }] }], image: 'nginx' },
  } as never);
  assert.deepEqual(found.unknown, ['metadata.labelz', 'spec.containers[0].ports[0].prot', 'spec.image']);
  assert.equal(found.typeError, undefined);
});

test('a value of the wrong JSON type is reported as Go decoding reports it', () => {
  const pod = (spec: object) => decodeProblems({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec } as never).typeError;
  assert.equal(pod({ containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] }), 'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  assert.equal(pod({ containers: [{ name: 'a', ports: [{ containerPort: 80.5 }] }] }), 'json: cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  assert.equal(pod({ containers: {} }), 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container');
  assert.equal(
    decodeProblems({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels: { version: 2 } } } as never).typeError,
    'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
  );
});
