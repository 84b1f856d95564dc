import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedSchedulingMessage, tolerates } from './scheduler';

test('tolerations match taints as component-helpers ToleratesTaint does', () => {
  const taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  assert.equal(tolerates({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }, taint), true);
  assert.equal(tolerates({ operator: 'Exists' }, taint), true, 'an empty key with Exists tolerates everything');
  assert.equal(tolerates({ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }, taint), false);
  assert.equal(tolerates({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }), true);
  assert.equal(tolerates({ key: 'dedicated', value: 'cpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }), false);
});

test('FailedScheduling counts reasons, sorts them, and says why preemption cannot help', () => {
  assert.equal(
    failedSchedulingMessage(4, [
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
      'Insufficient cpu',
      'Insufficient cpu',
      'Insufficient cpu|Insufficient memory',
    ]),
    '0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. ' +
      'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
  );
});
