import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KObject } from '../api/types';
import { hostMatches, pathMatches, routeRequest } from './ingress';

// the examples table of the Ingress concept page (kubernetes/website, concepts/services-networking/ingress.md)
test('path types match as the Ingress documentation tabulates them', () => {
  const cases: [string, string, string, boolean][] = [
    ['Prefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    // ingress-nginx: a plain nginx string prefix
    ['ImplementationSpecific', '/foo', '/foobar', true],
    ['ImplementationSpecific', '/foo', '/fo', false],
  ];
  for (const [type, path, request, expected] of cases) assert.equal(pathMatches(type, path, request), expected, `${type} ${path} vs ${request}`);
});

test('a wildcard host covers exactly one label; hosts compare without case', () => {
  assert.equal(hostMatches('*.foo.com', 'bar.foo.com'), true);
  assert.equal(hostMatches('*.foo.com', 'baz.bar.foo.com'), false);
  assert.equal(hostMatches('*.foo.com', 'foo.com'), false);
  assert.equal(hostMatches('foo.bar.com', 'FOO.bar.com'), true);
  assert.equal(hostMatches('foo.bar.com', 'bar.com'), false);
});

const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
const ingress = (name: string, spec: Record<string, unknown>, created = '2025-01-01T00:00:00Z'): KObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec,
});
const routed = (r: ReturnType<typeof routeRequest>) => (r.to === 'service' ? r.backend.service : '404');

test('of several matching paths the longest wins, and Exact wins a tie with Prefix', () => {
  const ing = ingress('a', {
    rules: [{ http: { paths: [
      { path: '/', pathType: 'Prefix', backend: backend('root') },
      { path: '/aaa', pathType: 'Prefix', backend: backend('aaa') },
      { path: '/aaa/bbb', pathType: 'Prefix', backend: backend('bbb') },
      { path: '/foo', pathType: 'Prefix', backend: backend('foo-prefix') },
      { path: '/foo', pathType: 'Exact', backend: backend('foo-exact') },
    ] } }],
  });
  assert.equal(routed(routeRequest([ing], 'x', '/aaa/ccc')), 'aaa');
  assert.equal(routed(routeRequest([ing], 'x', '/aaa/bbb')), 'bbb');
  assert.equal(routed(routeRequest([ing], 'x', '/ccc')), 'root');
  assert.equal(routed(routeRequest([ing], 'x', '/foo')), 'foo-exact');
  assert.equal(routed(routeRequest([ing], 'x', '/foo/x')), 'foo-prefix');
});

test('rules of several Ingresses for one host share a server; a host without a matching path gets the default backend', () => {
  const a = ingress('a', { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Prefix', backend: backend('cart') }] } }] });
  const b = ingress('b', { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/pay', pathType: 'Prefix', backend: backend('pay') }] } }, { http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('catch-all') }] } }] }, '2025-01-01T00:01:00Z');
  assert.equal(routed(routeRequest([a, b], 'shop.example.com', '/pay/now')), 'pay');
  assert.equal(routed(routeRequest([a, b], 'shop.example.com', '/cart')), 'cart');
  assert.equal(routed(routeRequest([a, b], 'shop.example.com', '/other')), '404');
  assert.equal(routed(routeRequest([a, b], 'unknown.example.com', '/other')), 'catch-all');
  const withDefault = ingress('c', { defaultBackend: backend('fallback'), rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Prefix', backend: backend('cart') }] } }] });
  assert.equal(routed(routeRequest([withDefault], 'shop.example.com', '/other')), 'fallback');
  assert.equal(routed(routeRequest([withDefault], 'elsewhere', '/')), 'fallback');
});
