import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, converge, createCluster, dispatch, settle, SettleError, Controller, CONTROLLERS, KObject } from './index';

const labelled = (name: string, value: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { flip: value } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.16' }] },
});

test('settle reports the objects that never stop changing', () => {
  // a controller that flips a label for ever: the oscillation settle() must name
  const flipper: Controller = {
    name: 'flipper',
    enqueue: (_c, key, _p, cur) => (cur?.metadata.labels?.flip ? [key] : []),
    sync: (c, key) => {
      const pod = c.store.objects.get(key)!;
      const next = pod.metadata.labels!.flip === 'a' ? 'b' : 'a';
      return { actions: [{ type: 'patch', ref: { kind: 'Pod', name: pod.metadata.name! }, patchType: 'merge', patch: { metadata: { labels: { flip: next } } } }] };
    },
    resyncKeys: () => [],
  };
  const c = dispatch(createCluster(), { type: 'create', object: labelled('restless', 'a') }).cluster;
  assert.throws(
    () => settle(c, { controllers: [...CONTROLLERS, flipper], maxRounds: 20 }),
    (e: unknown) => e instanceof SettleError && e.changing.includes('Pod/default/restless') && /did not settle within 20 rounds/.test(e.message),
  );
});

test('advance moves the clock by exactly the duration; converge stops when nothing is in flight', () => {
  let c = dispatch(createCluster(), { type: 'create', object: labelled('p', 'a') }).cluster;
  const start = c.now;
  c = advance(c, 2000);
  assert.equal(c.now, start + 2000);
  const pod = () => c.store.objects.get('Pod/default/p')!;
  assert.equal(pod().status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
  c = converge(c);
  assert.ok(pod().status.containerStatuses[0].state.running, 'the container runs once the pull and start are over');
  assert.equal(c.timers.filter((t) => t.kind === 'progress').size, 0);
});
