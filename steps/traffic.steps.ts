/** Requests on the simulated network (engine/network/traffic.ts), counted. */
import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { KubehaveWorld } from './support/world';
import { mustGet } from './support/lookup';
import { spreadOf } from '../engine/network/traffic';
import { parseUrl } from '../engine/network/curl';

/** `Then 30 requests from pod "client" to "http://sample-clusterip:8080" reach 3 different pods` */
Then('{int} requests from pod {string} to {string} reach {int} different pod(s)', function (this: KubehaveWorld, n: number, pod: string, url: string, pods: number) {
  const req = parseUrl(url);
  if (!req) throw new Error(`"${url}" is not a URL curl would take`);
  const send = (c: typeof this.cluster) => spreadOf(c, { pod: mustGet(this, 'Pod', pod) }, req, n);
  const { servedBy, failures, rng } = send(this.cluster);
  // the requests draw kube-proxy's picks from the cluster's generator: a replay draws them again
  this.change({ ...this.cluster, rng }, { replay: (c) => ({ ...c, rng: send(c).rng }) });
  const seen = [...servedBy.entries()].map(([p, k]) => `${p}: ${k}`).join(', ') || 'none';
  expect(failures, `${failures} of ${n} requests failed (served: ${seen})`).to.equal(0);
  expect(servedBy.size, `the pods that answered (${seen})`).to.equal(pods);
});
