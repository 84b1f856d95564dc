/** Setting up the cluster and letting time pass. */
import { Cluster } from '../engine';
import { DataTable, Given, When } from '@cucumber/cucumber';
import { KubehaveWorld } from './support/world';
import { defaultNodes, nodeObject, NodeSpecInput, SettleError, timestamp } from '../engine';
import { readyConditions } from '../engine/cluster';

Given('a cluster with {int} worker node(s)', function (this: KubehaveWorld, workers: number) {
  this.withWorkers(workers);
});

/** | name | role | cpu | memory | pods | taints | labels |  (taints: `key=value:Effect`, labels: `k=v,k2=v2`) */
Given('a cluster with these nodes:', function (this: KubehaveWorld, table: DataTable) {
  const nodes: NodeSpecInput[] = table.hashes().map((row, i) => ({
    name: row.name,
    role: row.role === 'control-plane' ? 'control-plane' : 'worker',
    podCIDR: `172.16.${10 + i}.0/24`,
    internalIP: `192.168.1.${10 + i}`,
    cpu: row.cpu || undefined,
    memory: row.memory || undefined,
    pods: row.pods ? Number(row.pods) : undefined,
    labels: row.labels ? Object.fromEntries(row.labels.split(',').map((kv) => kv.trim().split('='))) : undefined,
    taints: row.taints
      ? row.taints.split(',').map((t) => {
          const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t.trim());
          if (!m) throw new Error(`taint "${t}" is not written as key=value:Effect`);
          return { key: m[1], ...(m[2] ? { value: m[2] } : {}), effect: m[3] };
        })
      : row.role === 'control-plane'
        ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
        : undefined,
  }));
  this.startCluster({ nodes });
});

Given('the random seed is {int}', function (this: KubehaveWorld, seed: number) {
  this.startCluster({ seed });
});

Given('the image {string} cannot be pulled', function (this: KubehaveWorld, image: string) {
  this.setProfile({ ...this.profile, images: { ...this.profile.images, [image]: { ...(this.profile.images[image] ?? {}), pullable: false } } });
});

function explainSettle(e: unknown): never {
  if (e instanceof SettleError) throw new Error(e.message);
  throw e;
}

When('the cluster settles', function (this: KubehaveWorld) {
  try {
    this.converge();
  } catch (e) {
    explainSettle(e);
  }
});

/** The control loops act on what changed, without any time passing (pulls, starts and schedules wait). */
When('the control loops catch up', function (this: KubehaveWorld) {
  try {
    this.settleNow();
  } catch (e) {
    explainSettle(e);
  }
});

When('{duration} pass(es)', function (this: KubehaveWorld, ms: number) {
  try {
    this.advance(ms);
  } catch (e) {
    explainSettle(e);
  }
});

/** note 002: `systemctl stop kubelet` on a worker; its pods keep their last reported state. */
/** A MetalLB-style provider for LoadBalancer Services: `192.168.1.240-192.168.1.250`, or addresses separated by commas. */
Given('a load-balancer provider hands out {string}', function (this: KubehaveWorld, range: string) {
  const m = /^(\d+\.\d+\.\d+\.)(\d+)-(?:\d+\.\d+\.\d+\.)?(\d+)$/.exec(range.trim());
  const pool = m ? Array.from({ length: Number(m[3]) - Number(m[2]) + 1 }, (_, i) => `${m[1]}${Number(m[2]) + i}`) : range.split(',').map((a) => a.trim());
  const set = (c: Cluster): Cluster => ({ ...c, loadBalancerPool: pool });
  this.change(set(this.cluster), { replay: set });
});

When('the kubelet on node {string} stops', function (this: KubehaveWorld, node: string) {
  this.send({ type: 'kubelet', node, running: false }, `systemctl stop kubelet (on ${node})`);
});

When('the kubelet on node {string} starts', function (this: KubehaveWorld, node: string) {
  this.send({ type: 'kubelet', node, running: true }, `systemctl start kubelet (on ${node})`);
});

/** A worker machine joins: its kubelet registers a Node (as kubeadm join does), Ready at once. */
When('a worker node {string} joins the cluster', function (this: KubehaveWorld, name: string) {
  if (this.cluster.store.objects.has(`Node//${name}`)) throw new Error(`node "${name}" is already in the cluster`);
  // the address block and IP the next worker of the default layout would get
  const index = this.cluster.store.byKindNamespace.get('Node/')?.size ?? 0;
  const { podCIDR, internalIP } = defaultNodes(index + 1)[index + 1];
  const node = nodeObject({ name, role: 'worker', podCIDR, internalIP });
  node.status.conditions = readyConditions(timestamp(this.cluster.now));
  const outcome = this.send({ type: 'create', actor: `kubelet/${name}`, object: node }, `kubeadm join (on ${name})`);
  if (!outcome.ok) throw new Error(outcome.status.message);
});

/** note 002: `reboot` on a node: its containers and pod sandboxes are lost; the kubelet starts again. */
When('node {string} reboots', function (this: KubehaveWorld, node: string) {
  this.send({ type: 'reboot', node }, `reboot (on ${node})`);
});
