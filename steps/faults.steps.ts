/** Faults, one at a time: in the control loops, on nodes, in containers (what property runs draw). */
import { When } from '@cucumber/cucumber';
import { KubehaveWorld } from './support/world';
import { CONTROLLERS, LoopFault } from '../engine';
import { heal } from '../engine/invariants';
import { loseNode } from '../properties/disturbances';
import { podsOfOwner, resolveName } from './support/lookup';

function loop(name: string): string {
  const names = CONTROLLERS.map((c) => c.name);
  if (!names.includes(name)) throw new Error(`there is no control loop "${name}"; the loops are: ${names.map((n) => `"${n}"`).join(', ')}`);
  return name;
}

function inject(world: KubehaveWorld, fault: LoopFault, description: string) {
  world.send({ type: 'fault', fault }, description);
}

When('the {string} drops its next run', function (this: KubehaveWorld, name: string) {
  inject(this, { fault: 'dropRun', loop: loop(name) }, `${name} drops its next run`);
});

When('the {string} runs its next sync twice', function (this: KubehaveWorld, name: string) {
  inject(this, { fault: 'duplicateRun', loop: loop(name) }, `${name} runs its next sync twice`);
});

When('the {string} misses the next changes', function (this: KubehaveWorld, name: string) {
  inject(this, { fault: 'loseEvents', loop: loop(name) }, `${name} misses the next changes`);
});

When('the {string} restarts', function (this: KubehaveWorld, name: string) {
  inject(this, { fault: 'restart', loop: loop(name) }, `${name} restarts`);
});

When('the {string} reads a stale cache', function (this: KubehaveWorld, name: string) {
  inject(this, { fault: 'staleRead', loop: loop(name) }, `${name} reads a stale cache`);
});

When('the control loops run in a shuffled order with seed {int}', function (this: KubehaveWorld, seed: number) {
  inject(this, { fault: 'reorder', seed }, `the loops run shuffled (seed ${seed})`);
});

/** The informers' periodic resync: every loop looks at everything it owns again. */
When('the control loops resync', function (this: KubehaveWorld) {
  this.change(heal(this.cluster), { replay: (c, o) => heal(c, o) });
});

/** The same resync, with no time passing (for clusters whose CronJobs always have work ahead). */
When('the control loops resync at this instant', function (this: KubehaveWorld) {
  this.change(heal(this.cluster, {}, false, true), { replay: (c, o) => heal(c, o, false, true) });
});

/** The machine is gone for good: its kubelet stops and the Node object is deleted (as a cloud provider does). */
When('node {string} is lost', function (this: KubehaveWorld, node: string) {
  if (!this.cluster.store.objects.has(`Node//${node}`)) throw new Error(`there is no node "${node}"`);
  this.change(loseNode(this.cluster, node), { replay: (c) => loseNode(c, node), nodeFault: true });
});

/** A container's process dies (exit code 1); `namespace/name` for a pod outside default. */
When('container {string} of pod {string} crashes', function (this: KubehaveWorld, container: string, pod: string) {
  const [namespace, name] = pod.includes('/') ? pod.split('/') : ['default', resolveName(this, pod)];
  const outcome = this.send({ type: 'crash', pod: { kind: 'Pod', namespace, name }, container }, `crash ${container} in ${pod}`);
  if (!outcome.ok) throw new Error(outcome.status.message);
});

/**
 * The application's health checks start (or stop) failing: from now on every probe of the pod's
 * containers, or of the one named, fails (httpGet answers 500, tcpSocket is refused, exec exits 1).
 */
When(/^the health endpoint of (?:container "([^"]*)" in )?pod "([^"]*)" (starts|stops) failing$/, function (this: KubehaveWorld, container: string | undefined, pod: string, change: string) {
  const [namespace, name] = pod.includes('/') ? pod.split('/') : ['default', resolveName(this, pod)];
  const failing = change === 'starts';
  const outcome = this.send({ type: 'health', pod: { kind: 'Pod', namespace, name }, container: container ?? undefined, failing }, `health of ${pod} ${change} failing`);
  if (!outcome.ok) throw new Error(outcome.status.message);
});

/** Remembers the first pod (by name) of an owner as <name>, for the steps that follow. */
When('I remember one pod of {kind} {string} as {string}', function (this: KubehaveWorld, kind: string, owner: string, as: string) {
  const pod = podsOfOwner(this, kind, owner)[0];
  if (!pod) throw new Error(`${kind} "${owner}" has no pods`);
  this.remembered.set(as, pod.metadata.name!);
});
