import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, createCluster, DEFAULT_START, dispatch, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { serviceLoadBalancerController as slb } from './service-lb';

const NAME = 'service-controller';
const POOL = ['192.168.1.240', '192.168.1.241'];

function service(name: string, type: string, ips: (string | { hostname: string })[] = [], namespace = 'default', metadata: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `uid-${name}`, ...metadata },
    spec: { type, selector: { app: name }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] },
    status: { conditions: [{ type: 'Seen', status: 'True' }], loadBalancer: ips.length ? { ingress: ips.map((ip) => (typeof ip === 'string' ? { ip, ipMode: 'VIP' } : ip)) } : {} },
  };
}
const holding = (pool: string[] | undefined, ...objs: KObject[]): Cluster => {
  const c = objs.reduce((c, o) => ({ ...c, store: putObject(c.store, o) }), createCluster({ seed: 1 }));
  return pool ? { ...c, loadBalancerPool: pool } : c;
};
const event = (svc: KObject, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): Action => ({
  type: 'event',
  actor: NAME,
  event: { involved: { kind: 'Service', namespace: svc.metadata.namespace, name: svc.metadata.name! }, involvedUid: svc.metadata.uid!, source: NAME, reason, message, type },
});
const ensured = (svc: KObject, ip: string) => ({
  actions: [
    event(svc, 'EnsuringLoadBalancer', 'Ensuring load balancer'),
    { type: 'updateStatus', actor: NAME, object: { ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } } },
    event(svc, 'EnsuredLoadBalancer', 'Ensured load balancer'),
  ],
});
const deleted = (svc: KObject) => ({
  actions: [
    event(svc, 'DeletingLoadBalancer', 'Deleting load balancer'),
    { type: 'updateStatus', actor: NAME, object: { ...svc, status: { ...svc.status, loadBalancer: {} } } },
    event(svc, 'DeletedLoadBalancer', 'Deleted load balancer'),
  ],
});

test('every Service change is queued, nothing else', () => {
  const c = createCluster({ seed: 1 });
  assert.deepEqual(slb.enqueue(c, 'Service/default/web', null, service('web', 'ClusterIP')), ['Service/default/web']);
  assert.deepEqual(slb.enqueue(c, 'Service/default/web', service('web', 'ClusterIP'), service('web', 'LoadBalancer')), ['Service/default/web']);
  assert.deepEqual(slb.enqueue(c, 'Service/default/web', service('web', 'LoadBalancer'), undefined), [], 'gone');
  const ep: KObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' } };
  assert.deepEqual(slb.enqueue(c, 'Endpoints/default/web', null, ep), []);
});

test('a LoadBalancer Service gets the first address of the pool, with the Ensuring and Ensured events, its other status kept', () => {
  const svc = service('web', 'LoadBalancer');
  assert.deepEqual(slb.sync(holding(POOL, svc), 'Service/default/web'), ensured(svc, '192.168.1.240'));
});

test('an address another Service holds, in any namespace, is skipped; one held only as a hostname is not', () => {
  const svc = service('web', 'LoadBalancer');
  const c = holding(POOL, svc, service('other', 'LoadBalancer', ['192.168.1.240'], 'ns1'), service('named', 'LoadBalancer', [{ hostname: '192.168.1.241' }]));
  assert.deepEqual(slb.sync(c, 'Service/default/web'), ensured(svc, '192.168.1.241'));
});

test('when the pool is used up the sync fails with SyncLoadBalancerFailed and the Service stays pending', () => {
  const svc = service('web', 'LoadBalancer');
  const c = holding(POOL, svc, service('a', 'LoadBalancer', ['192.168.1.240']), service('b', 'LoadBalancer', ['192.168.1.241', '10.0.0.9']));
  const r = slb.sync(c, 'Service/default/web');
  // a Warning, as the service controller records it
  assert.deepEqual(r, { actions: [event(svc, 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: no available IPs', 'Warning')] });
});

test('without a pool (or an empty one) a LoadBalancer Service stays pending, silently', () => {
  assert.deepEqual(slb.sync(holding(undefined, service('web', 'LoadBalancer')), 'Service/default/web'), { actions: [] });
  assert.deepEqual(slb.sync(holding([], service('web', 'LoadBalancer')), 'Service/default/web'), { actions: [] });
});

test('a LoadBalancer Service that has an address keeps it', () => {
  assert.deepEqual(slb.sync(holding(POOL, service('web', 'LoadBalancer', ['192.168.1.241'])), 'Service/default/web'), { actions: [] });
  assert.deepEqual(slb.sync(holding(POOL, service('web', 'LoadBalancer', ['10.1.1.1'])), 'Service/default/web'), { actions: [] }, 'even one outside the pool');
});

test('a Service that stops being a LoadBalancer, or is being deleted, gives its address back with the Deleting and Deleted events', () => {
  const was = service('web', 'NodePort', ['192.168.1.240']);
  assert.deepEqual(slb.sync(holding(POOL, was), 'Service/default/web'), deleted(was));
  const going = service('lb', 'LoadBalancer', ['192.168.1.241'], 'default', { deletionTimestamp: timestamp(DEFAULT_START) });
  assert.deepEqual(slb.sync(holding(POOL, going), 'Service/default/lb'), deleted(going));
  // without a pool too: the address goes back all the same
  assert.deepEqual(slb.sync(holding(undefined, was), 'Service/default/web'), deleted(was));
});

test('nothing to do for a Service without an address that is not a LoadBalancer, one gone, or a key of another kind', () => {
  const ing: KObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default', uid: 'uid-ing' }, spec: {}, status: { loadBalancer: { ingress: [{ ip: '192.168.1.240' }] } } };
  const c = holding(POOL, service('plain', 'ClusterIP'), service('named', 'ClusterIP', [{ hostname: 'lb.example.com' }]), service('going', 'LoadBalancer', [], 'default', { deletionTimestamp: timestamp(DEFAULT_START) }), ing);
  for (const key of ['Service/default/plain', 'Service/default/named', 'Service/default/going', 'Service/default/gone', 'Ingress/default/web']) assert.deepEqual(slb.sync(c, key), { actions: [] }, key);
});

test('a restarted controller lists every Service, sorted by key', () => {
  const c = holding(POOL, service('x', 'ClusterIP', [], 'a'), service('y', 'ClusterIP', [], 'a-b'));
  assert.deepEqual(slb.resyncKeys(c), ['Service/a-b/y', 'Service/a/x', 'Service/default/kubernetes']);
});

test('end to end: a created LoadBalancer Service shows its address and the events', () => {
  let c: Cluster = { ...createCluster({ seed: 1 }), loadBalancerPool: POOL };
  c = dispatch(c, { type: 'create', object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } } }).cluster;
  c = runSync(c, slb, 'Service/default/web');
  assert.deepEqual(c.store.objects.get('Service/default/web')!.status.loadBalancer, { ingress: [{ ip: '192.168.1.240', ipMode: 'VIP' }] });
  assert.deepEqual([...c.events.values()].map((e) => `${e.type} ${e.reason} ${e.involved}`), ['Normal EnsuringLoadBalancer Service/default/web', 'Normal EnsuredLoadBalancer Service/default/web']);
});
