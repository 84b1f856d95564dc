import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCluster, DEFAULT_START, KObject, runSync, timestamp } from '../index';
import { Cluster } from '../cluster';
import { putObject } from '../store/store';
import { ingressAddresses, ingressNginxStatusController as insc } from './ingress-nginx-status';

const T0 = DEFAULT_START;
const NAME = 'nginx-ingress-controller';
const IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.12.0';
const KEY = 'Ingress/default/web';

// w1-k8s is 192.168.1.101, w2-k8s 192.168.1.102, w3-k8s 192.168.1.103 (InternalIP)

function controller(name: string, nodeName: string | null, args: string[] = [], options: { namespace?: string; phase?: string; ready?: boolean; metadata?: Record<string, unknown>; image?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'ingress-nginx', uid: `uid-${name}`, ...options.metadata },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'controller', image: options.image ?? IMAGE, args: ['/nginx-ingress-controller', ...args] }] },
    status: { phase: options.phase ?? 'Running', conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}
function ingress(name: string, spec: Record<string, unknown> = { ingressClassName: 'nginx' }, status?: Record<string, unknown>, metadata: Record<string, unknown> = {}, namespace = 'default'): KObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace, uid: `uid-${name}`, ...metadata }, spec, ...(status ? { status } : {}) };
}
const ingressClass = (name: string, ctl = 'k8s.io/ingress-nginx'): KObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller: ctl } });
function service(name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}, namespace = 'ingress-nginx'): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: `uid-${name}` }, spec, status };
}
function holding(...objs: KObject[]): Cluster {
  const c = createCluster({ seed: 1 });
  const w2 = c.store.objects.get('Node//w2-k8s')!;
  // w2-k8s also has two external addresses: the first is the one published (GetNodeIPOrName)
  const w2ext = { ...w2, status: { ...w2.status, addresses: [...w2.status.addresses, { type: 'ExternalIP', address: '203.0.113.2' }, { type: 'ExternalIP', address: '198.51.100.2' }] } };
  return { ...c, store: [ingressClass('nginx'), w2ext, ...objs].reduce(putObject, c.store) };
}
const addresses = (c: Cluster, ing: KObject | string = KEY) => ingressAddresses(c, typeof ing === 'string' ? c.store.objects.get(ing)! : ing);
const ips = (...list: string[]) => list.map((ip) => ({ ip }));

// ---------------------------------------------------------------------------------------------
// ingressAddresses: runningAddresses

test('without --publish-service: the nodes of the Running and Ready controller pods, ExternalIP before InternalIP, sorted, once each', () => {
  const c = holding(
    controller('c3', 'w3-k8s'),
    controller('c1', 'w1-k8s'),
    controller('c1b', 'w1-k8s'),
    controller('c2', 'w2-k8s'),
    controller('pending', 'm-k8s', [], { phase: 'Pending' }),
    controller('unready', 'm-k8s', [], { ready: false }),
    controller('going', 'm-k8s', [], { metadata: { deletionTimestamp: timestamp(T0) } }),
    controller('unbound', null),
    controller('lost', 'no-such-node'),
    controller('nginx', 'm-k8s', [], { image: 'nginx:1.27' }),
    ingress('web'),
  );
  assert.deepEqual(addresses(c), ips('192.168.1.101', '192.168.1.103', '203.0.113.2'));
});

test('only the controllers that serve the Ingress count: class annotation, ingressClassName and its IngressClass, or no class with --watch-ingress-without-class', () => {
  const c = holding(
    controller('default', 'w1-k8s'),
    controller('internal', 'w3-k8s', ['--ingress-class=internal', '--controller-class=example.com/internal']),
    controller('any', 'm-k8s', ['--ingress-class=other', '--controller-class=example.com/other', '--watch-ingress-without-class=true']),
    ingressClass('internal', 'example.com/internal'),
  );
  assert.deepEqual(addresses(c, ingress('a')), ips('192.168.1.101'));
  assert.deepEqual(addresses(c, ingress('a', { ingressClassName: 'internal' })), ips('192.168.1.103'));
  assert.deepEqual(addresses(c, ingress('a', { ingressClassName: 'missing' })), []);
  assert.deepEqual(addresses(c, ingress('a', {}, undefined, { annotations: { 'kubernetes.io/ingress.class': 'internal' } })), ips('192.168.1.103'));
  assert.deepEqual(addresses(c, ingress('a', {})), ips('192.168.1.10'), 'no class');
});

test('with --publish-service: that Service\'s address by type, the namespace defaulting to the pod\'s', () => {
  const ctl = (flag: string) => controller('c', 'w1-k8s', [flag]);
  const lb = service('lb', { type: 'LoadBalancer', clusterIP: '10.96.0.20', externalIPs: ['198.51.100.7'] }, { loadBalancer: { ingress: [{ ip: '192.168.1.240' }, { hostname: 'lb.example.com' }] } });
  const c = holding(
    ingress('web'),
    lb,
    service('np', { type: 'NodePort', clusterIP: '10.96.0.21', externalIPs: ['198.51.100.9', '198.51.100.8'] }),
    service('np-plain', { type: 'NodePort', clusterIP: '10.96.0.22' }),
    service('cip', { type: 'ClusterIP', clusterIP: '10.96.0.23' }),
    service('untyped', { clusterIP: '10.96.0.24' }),
    service('ext', { type: 'ExternalName', externalName: 'edge.example.com' }),
    service('elsewhere', { type: 'ClusterIP', clusterIP: '10.96.0.25' }, {}, 'ns1'),
  );
  const with_ = (flag: string) => addresses({ ...c, store: putObject(c.store, ctl(flag)) });
  assert.deepEqual(with_('--publish-service=ingress-nginx/lb'), [{ ip: '192.168.1.240' }, { ip: '198.51.100.7' }, { hostname: 'lb.example.com' }]);
  assert.deepEqual(with_('--publish-service=lb'), [{ ip: '192.168.1.240' }, { ip: '198.51.100.7' }, { hostname: 'lb.example.com' }], 'in the pod\'s namespace');
  assert.deepEqual(with_('--publish-service=$(POD_NAMESPACE)/np'), ips('198.51.100.8', '198.51.100.9'));
  assert.deepEqual(with_('--publish-service=np-plain'), ips('10.96.0.22'));
  assert.deepEqual(with_('--publish-service=cip'), ips('10.96.0.23'));
  assert.deepEqual(with_('--publish-service=untyped'), ips('10.96.0.24'));
  assert.deepEqual(with_('--publish-service=ext'), [{ hostname: 'edge.example.com' }]);
  assert.deepEqual(with_('--publish-service=ns1/elsewhere'), ips('10.96.0.25'));
  assert.deepEqual(with_('--publish-service=elsewhere'), [], 'not in the pod\'s namespace');
  assert.deepEqual(with_('--publish-service=ingress-nginx/missing'), []);
  // a LoadBalancer without an address yet publishes nothing
  const pending = { ...c, store: [ctl('--publish-service=lb'), { ...lb, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20' }, status: {} }].reduce(putObject, c.store) };
  assert.deepEqual(addresses(pending), []);
});

test('addresses two controllers publish are merged, and a blank one dropped', () => {
  const c = holding(
    ingress('web'),
    controller('a', 'w1-k8s', ['--publish-service=lb']),
    controller('b', 'w3-k8s', ['--publish-service=lb2']),
    controller('nodes', 'w1-k8s'),
    service('lb', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '192.168.1.240' }, {}] } }),
    service('lb2', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '192.168.1.240' }, { ip: '10.0.0.1' }] } }),
  );
  assert.deepEqual(addresses(c), ips('10.0.0.1', '192.168.1.101', '192.168.1.240'));
});

test('addresses sort by hostname, then IP, as bytes (lessLoadBalancerIngress): IPs without a hostname first', () => {
  const c = holding(
    ingress('web'),
    controller('a', 'w1-k8s', ['--publish-service=lb']),
    controller('b', 'w3-k8s', ['--publish-service=lb2']),
    service('lb', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ hostname: 'b.example.com' }, { hostname: 'B.example.com' }, { ip: '10.0.0.9' }] } }),
    service('lb2', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ hostname: 'a.example.com' }, { ip: '10.0.0.10' }] } }),
  );
  assert.deepEqual(addresses(c), [{ ip: '10.0.0.10' }, { ip: '10.0.0.9' }, { hostname: 'B.example.com' }, { hostname: 'a.example.com' }, { hostname: 'b.example.com' }]);
});

// ---------------------------------------------------------------------------------------------
// sync

test('the Ingress status is written when it differs, the rest of the status kept', () => {
  const c = holding(controller('c', 'w1-k8s'), ingress('web', { ingressClassName: 'nginx' }, { other: 'kept', loadBalancer: { ingress: [{ ip: '10.9.9.9' }] } }));
  const ing = c.store.objects.get(KEY)!;
  assert.deepEqual(insc.sync(c, KEY), { actions: [{ type: 'updateStatus', actor: NAME, object: { ...ing, status: { other: 'kept', loadBalancer: { ingress: [{ ip: '192.168.1.101' }] } } } }] });
  const fresh = holding(controller('c', 'w1-k8s'), ingress('web'));
  assert.deepEqual(insc.sync(fresh, KEY), { actions: [{ type: 'updateStatus', actor: NAME, object: { ...fresh.store.objects.get(KEY)!, status: { loadBalancer: { ingress: [{ ip: '192.168.1.101' }] } } } }] });
});

test('when no controller serves it any more, the addresses are cleared to an empty loadBalancer', () => {
  const c = holding(ingress('web', { ingressClassName: 'nginx' }, { loadBalancer: { ingress: [{ ip: '192.168.1.101' }] } }));
  const ing = c.store.objects.get(KEY)!;
  assert.deepEqual(insc.sync(c, KEY), { actions: [{ type: 'updateStatus', actor: NAME, object: { ...ing, status: { loadBalancer: {} } } }] });
});

test('nothing to do when the status is right, for an Ingress being deleted or gone, or a key of another kind', () => {
  const c = holding(
    controller('c', 'w1-k8s', ['--watch-ingress-without-class']),
    ingress('web', { ingressClassName: 'nginx' }, { loadBalancer: { ingress: [{ ip: '192.168.1.101' }] } }),
    ingress('none', { ingressClassName: 'missing' }),
    ingress('empty', { ingressClassName: 'missing' }, { loadBalancer: {} }),
    ingress('going', { ingressClassName: 'nginx' }, undefined, { deletionTimestamp: timestamp(T0) }),
    service('svc', { type: 'ClusterIP' }, { loadBalancer: { ingress: [{ ip: '10.1.1.1' }] } }, 'default'),
  );
  for (const key of [KEY, 'Ingress/default/none', 'Ingress/default/empty', 'Ingress/default/going', 'Ingress/default/gone', 'Service/default/svc']) assert.deepEqual(insc.sync(c, key), { actions: [] }, key);
});

// ---------------------------------------------------------------------------------------------
// enqueue and resync

test('an Ingress change queues that Ingress; a controller pod, a class, a Service or a node change queues every Ingress', () => {
  const c = holding(ingress('b', {}, undefined, {}, 'ns1'), ingress('a'));
  const all = ['Ingress/default/a', 'Ingress/ns1/b'];
  const ing = ingress('web');
  assert.deepEqual(insc.enqueue(c, KEY, null, ing), [KEY]);
  assert.deepEqual(insc.enqueue(c, KEY, ing, undefined), [], 'a deleted Ingress has no status to write');
  assert.deepEqual(insc.enqueue(c, 'Pod/ingress-nginx/c', null, controller('c', 'w1-k8s')), all);
  assert.deepEqual(insc.enqueue(c, 'Pod/ingress-nginx/c', controller('c', 'w1-k8s'), undefined), all, 'a controller pod gone');
  const app = { ...controller('app', 'w1-k8s', [], { image: 'nginx:1.27', namespace: 'default' }) };
  assert.deepEqual(insc.enqueue(c, 'Pod/default/app', null, app), [], 'not a controller');
  assert.deepEqual(insc.enqueue(c, 'IngressClass//nginx', null, ingressClass('nginx')), all);
  assert.deepEqual(insc.enqueue(c, 'IngressClass//nginx', ingressClass('nginx'), undefined), all);
  assert.deepEqual(insc.enqueue(c, 'Service/default/s', null, service('s', {}, {}, 'default')), all);
  assert.deepEqual(insc.enqueue(c, 'Node//w1-k8s', null, c.store.objects.get('Node//w1-k8s')!), all);
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' }, data: {} };
  assert.deepEqual(insc.enqueue(c, 'ConfigMap/ingress-nginx/ingress-nginx-controller', null, cm), []);
  assert.deepEqual(insc.enqueue(c, 'ConfigMap/x/y', null, undefined), []);
  assert.deepEqual(insc.enqueue(createCluster({ seed: 1 }), 'Node//w1-k8s', null, c.store.objects.get('Node//w1-k8s')!), [], 'no Ingresses');
});

test('a restarted controller lists every Ingress, sorted by key', () => {
  const c = holding(ingress('x', {}, undefined, {}, 'a'), ingress('y', {}, undefined, {}, 'a-b'), ingress('w', {}, undefined, {}, 'a'));
  assert.deepEqual(insc.resyncKeys(c), ['Ingress/a-b/y', 'Ingress/a/w', 'Ingress/a/x']);
});

test('end to end: the Ingress shows its controller node\'s address, and the sync is then idle', () => {
  let c = runSync(holding(controller('c', 'w2-k8s'), ingress('web')), insc, KEY);
  assert.deepEqual(c.store.objects.get(KEY)!.status, { loadBalancer: { ingress: [{ ip: '203.0.113.2' }] } });
  assert.deepEqual(insc.sync(c, KEY), { actions: [] });
});
