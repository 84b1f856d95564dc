import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from './defaults';

test('a pod gets the defaults and admission a real API server gives it', () => {
  const pod = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx:1.16', ports: [{ containerPort: 80 }] }] } });
  assert.equal(pod.spec.restartPolicy, 'Always');
  assert.equal(pod.spec.terminationGracePeriodSeconds, 30);
  assert.equal(pod.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(pod.spec.schedulerName, 'default-scheduler');
  assert.equal(pod.spec.serviceAccountName, 'default');
  assert.deepEqual(pod.spec.containers.map((c: any) => c.imagePullPolicy), ['Always', 'IfNotPresent']);
  assert.equal(pod.spec.containers[1].ports[0].protocol, 'TCP');
  assert.deepEqual(
    pod.spec.tolerations.map((t: any) => `${t.key}:${t.effect}:${t.tolerationSeconds}`),
    ['node.kubernetes.io/not-ready:NoExecute:300', 'node.kubernetes.io/unreachable:NoExecute:300'],
  );
});

test('requests default to limits; a template gets pod-spec defaults but no admission', () => {
  const rs = applyDefaults({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'r' },
    spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:1.16', resources: { limits: { cpu: '500m' } } }] } } },
  });
  assert.equal(rs.spec.replicas, 1);
  assert.deepEqual(rs.spec.template.spec.containers[0].resources.requests, { cpu: '500m' });
  assert.equal(rs.spec.template.spec.tolerations, undefined);
});

test('a ReplicationController takes its selector and labels from its template; a Deployment its strategy', () => {
  const rc = applyDefaults({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } } });
  assert.deepEqual(rc.spec.selector, { app: 'x' });
  assert.deepEqual(rc.metadata.labels, { app: 'x' });
  const d = applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} });
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
});
