import { test } from 'node:test';
import assert from 'node:assert/strict';
import { converge, createCluster, dispatch, KObject, advance } from '../index';

const pod = (name: string, node: string, containers: object[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName: node, containers },
});

test('pod IPs come from the node block, the next one each time, as Calico hands them out', () => {
  let c = createCluster();
  c = dispatch(c, { type: 'create', object: pod('a', 'w2-k8s', [{ name: 'web', image: 'nginx:1.16' }]) }).cluster;
  c = dispatch(c, { type: 'create', object: pod('b', 'w2-k8s', [{ name: 'web', image: 'nginx:1.16' }]) }).cluster;
  c = converge(c);
  const ip = (n: string) => c.store.objects.get(`Pod/default/${n}`)?.status.podIP;
  assert.deepEqual([ip('a'), ip('b')], ['172.16.103.129', '172.16.103.130']);
  c = converge(dispatch(c, { type: 'delete', ref: { kind: 'Pod', name: 'a' } }).cluster);
  c = converge(dispatch(c, { type: 'create', object: pod('a', 'w2-k8s', [{ name: 'web', image: 'nginx:1.16' }]) }).cluster);
  assert.equal(ip('a'), '172.16.103.131', 'a freed address is not handed out again at once');
});

test('a shell image without a command exits at once and crash-loops; with `sleep 5` it completes later', () => {
  let c = createCluster();
  c = dispatch(c, { type: 'create', object: pod('shell', 'w1-k8s', [{ name: 'sh', image: 'busybox:1.36' }]) }).cluster;
  c = dispatch(c, {
    type: 'create',
    object: { ...pod('sleeper', 'w1-k8s', [{ name: 'sh', image: 'busybox:1.36', command: ['sleep', '5'] }]), spec: { nodeName: 'w1-k8s', restartPolicy: 'Never', containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sleep', '5'] }] } },
  }).cluster;
  c = advance(c, 60_000);
  const status = (n: string) => c.store.objects.get(`Pod/default/${n}`)!.status;
  assert.equal(status('shell').containerStatuses[0].lastState.terminated.reason, 'Completed');
  assert.ok(status('shell').containerStatuses[0].restartCount >= 3);
  assert.equal(status('sleeper').phase, 'Succeeded');
  assert.equal(status('sleeper').containerStatuses[0].state.terminated.exitCode, 0);
});

test('an image that cannot be pulled waits in ErrImagePull, then ImagePullBackOff', () => {
  let c = createCluster();
  c = { ...c, profile: { ...c.profile, images: { ...c.profile.images, 'nginx:1.99-typo': { pullable: false } } } };
  c = dispatch(c, { type: 'create', object: pod('typo', 'w1-k8s', [{ name: 'web', image: 'nginx:1.99-typo' }]) }).cluster;
  c = converge(c);
  const waiting = () => c.store.objects.get('Pod/default/typo')!.status.containerStatuses[0].state.waiting.reason;
  assert.equal(waiting(), 'ErrImagePull');
  c = advance(c, 5000);
  assert.equal(waiting(), 'ImagePullBackOff');
});
