import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from './types';
import { formatQuantity, usageOf } from './quota';

const pod = (status: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'dev', ...meta },
  spec: { containers: [{ name: 'a', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } } }, { name: 'b', resources: { requests: { cpu: '250m' } } }] },
  status,
});

test('a pod costs one pod and the sum of its containers; a finished one, or one past its grace period, costs nothing', () => {
  const u = usageOf(pod({ phase: 'Running' }), 0);
  assert.deepEqual([u.get('pods'), u.get('count/pods'), u.get('requests.cpu'), u.get('cpu'), u.get('requests.memory'), u.get('limits.cpu'), u.get('limits.memory')], [1, 1, 500, 500, 64 * 1024 ** 2, 1000, 128 * 1024 ** 2]);
  assert.equal(usageOf(pod({ phase: 'Succeeded' }), 0).size, 0);
  assert.equal(usageOf(pod({ phase: 'Failed' }), 0).size, 0);
  const terminating = pod({ phase: 'Running' }, { deletionTimestamp: '2025-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
  assert.equal(usageOf(terminating, Date.parse('2025-01-01T00:00:10Z')).get('pods'), 1);
  assert.equal(usageOf(terminating, Date.parse('2025-01-01T00:00:31Z')).size, 0);
});

test('other kinds cost their count; quantities print as resource.Quantity does', () => {
  const svc: KObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } };
  const u = usageOf(svc, 0);
  assert.deepEqual([u.get('services'), u.get('count/services'), u.get('services.nodeports'), u.get('services.loadbalancers')], [1, 1, 2, 0]);
  const d: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} };
  assert.equal(usageOf(d, 0).get('count/deployments.apps'), 1);
  assert.deepEqual([formatQuantity('requests.cpu', 1500), formatQuantity('cpu', 2000), formatQuantity('limits.memory', 512 * 1024 ** 2), formatQuantity('requests.memory', 1e9), formatQuantity('pods', 3)], ['1500m', '2', '512Mi', '1G', '3']);
});
