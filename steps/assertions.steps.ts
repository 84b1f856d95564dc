/** What a person can observe: objects, owners, pod states, events, rejections. */
import { DataTable, Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { is } from 'immutable';
import { KubehaveWorld } from './support/world';
import { mustGet, podsOfOwner, resolveName, valueAt } from './support/lookup';
import { assertRows, Row, cellMatches } from './support/tables';
import { controllerOf, eventsOf, getResource, KObject, listResources, objectKey, resourceForKind } from '../engine';
import { podColumns } from '../kubectl/columns';
import { checkInvariants, invariantNamed, isRunInvariant, runContext, settledInvariants } from '../engine/invariants';

function lastRequest(world: KubehaveWorld) {
  if (!world.last) throw new Error('no request has been sent yet');
  return world.last;
}

function lastRejection(world: KubehaveWorld): string {
  const last = lastRequest(world);
  if (last.ok) throw new Error(`"${last.description}" was accepted, but a rejection was expected`);
  return last.error ?? '';
}

Then('the request is rejected with {string}', function (this: KubehaveWorld, message: string) {
  expect(lastRejection(this)).to.equal(message);
});

Then('the request is rejected with:', function (this: KubehaveWorld, message: string) {
  expect(lastRejection(this)).to.equal(message);
});

Then('the request is accepted', function (this: KubehaveWorld) {
  const last = lastRequest(this);
  if (!last.ok) throw new Error(`"${last.description}" was rejected: ${last.error}`);
});

Then('the API server warns {string}', function (this: KubehaveWorld, warning: string) {
  expect(lastRequest(this).warnings).to.include(warning);
});

/** A rejected request leaves every object exactly as it was (same values, same resourceVersions). */
Then('the cluster is unchanged', function (this: KubehaveWorld) {
  const before = lastRequest(this).before;
  expect(this.cluster.resourceVersion, 'resourceVersion moved').to.equal(before.resourceVersion);
  expect(is(this.cluster.store.objects, before.store.objects), 'the stored objects differ').to.equal(true);
});

function activePods(world: KubehaveWorld, selector: string, running: boolean): KObject[] {
  return listResources(world.cluster, 'Pod', { selector }).filter(
    (p) => !p.metadata.deletionTimestamp && (!running || (p.status?.phase === 'Running' && podColumns(p, world.cluster.now).status === 'Running')),
  );
}

Then('there is/are {int} running pod(s) labelled {string}', function (this: KubehaveWorld, n: number, selector: string) {
  const pods = activePods(this, selector, true);
  expect(pods.map((p) => p.metadata.name), `running pods labelled ${selector}`).to.have.length(n);
});

Then('there is/are {int} pod(s) labelled {string}', function (this: KubehaveWorld, n: number, selector: string) {
  const pods = listResources(this.cluster, 'Pod', { selector });
  expect(pods.map((p) => p.metadata.name), `pods labelled ${selector}`).to.have.length(n);
});

Then('{kind} {string} controls {int} live pod(s)', function (this: KubehaveWorld, kind: string, owner: string, n: number) {
  const pods = podsOfOwner(this, kind, owner).filter((p) => !p.metadata.deletionTimestamp);
  expect(pods.map((p) => p.metadata.name), `live pods of ${kind} ${owner}`).to.have.length(n);
});

Then('pod {string} has no controller', function (this: KubehaveWorld, name: string) {
  const pod = mustGet(this, 'Pod', name);
  expect(controllerOf(pod), `pod ${pod.metadata.name} is controlled`).to.equal(undefined);
});

Then('pod {string} is controlled by {kind} {string}', function (this: KubehaveWorld, name: string, kind: string, owner: string) {
  const pod = mustGet(this, 'Pod', name);
  const ref = controllerOf(pod);
  expect(ref, `pod ${pod.metadata.name} has no controller`).to.not.equal(undefined);
  const ownerObj = mustGet(this, kind, owner);
  expect(`${ref!.kind}/${ref!.name}/${ref!.uid}`).to.equal(`${kind}/${ownerObj.metadata.name}/${ownerObj.metadata.uid}`);
});

Then('{kind} {string} does not exist', function (this: KubehaveWorld, kind: string, name: string) {
  const obj = getResource(this.cluster, kind, resolveName(this, name));
  expect(obj, `${kind} ${resolveName(this, name)} still exists`).to.equal(undefined);
});

Then('{kind} {string} exists', function (this: KubehaveWorld, kind: string, name: string) {
  mustGet(this, kind, name);
});

/** READY, STATUS and RESTARTS as `kubectl get pods` prints them. */
Then('pod {string} is {string}', function (this: KubehaveWorld, name: string, status: string) {
  const pod = mustGet(this, 'Pod', name);
  expect(podColumns(pod, this.cluster.now).status, `STATUS of pod ${pod.metadata.name}`).to.equal(status);
});

/** The pod's Ready condition: what decides whether its Services send it traffic. */
Then(/^pod "([^"]*)" is (not )?ready$/, function (this: KubehaveWorld, name: string, not: string | undefined) {
  const pod = mustGet(this, 'Pod', name);
  const ready = (pod.status?.conditions ?? []).find((x: { type: string }) => x.type === 'Ready')?.status === 'True';
  expect(ready, `pod ${pod.metadata.name} Ready`).to.equal(!not);
});

function podRow(world: KubehaveWorld, pod: KObject): Row {
  const cols = podColumns(pod, world.cluster.now);
  const ref = controllerOf(pod);
  return {
    NAME: cols.name,
    READY: cols.ready,
    STATUS: cols.status,
    RESTARTS: cols.restarts,
    AGE: cols.age,
    IP: cols.ip,
    NODE: cols.node,
    CONTROLLER: ref ? `${ref.kind}/${ref.name}` : '<none>',
    IMAGES: (pod.spec?.containers ?? []).map((c: { image: string }) => c.image).join(','),
    LABELS: Object.entries(pod.metadata.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(','),
  };
}

function assertTable(expected: DataTable, actualRows: Row[], what: string) {
  assertRows(expected.hashes(), expected.raw()[0], actualRows, what);
}

/** Columns: any of NAME READY STATUS RESTARTS AGE IP NODE CONTROLLER IMAGES LABELS; `*` is a wildcard. */
Then('the pods are:', function (this: KubehaveWorld, table: DataTable) {
  assertTable(table, listResources(this.cluster, 'Pod').map((p) => podRow(this, p)), 'the pods');
});

Then('the pods labelled {string} are:', function (this: KubehaveWorld, selector: string, table: DataTable) {
  assertTable(table, listResources(this.cluster, 'Pod', { selector }).map((p) => podRow(this, p)), `the pods labelled ${selector}`);
});

/** Columns: NAME DESIRED CURRENT READY, as `kubectl get rs` prints them. */
Then('the replicasets are:', function (this: KubehaveWorld, table: DataTable) {
  const rows = listResources(this.cluster, 'ReplicaSet').map((rs) => ({
    NAME: rs.metadata.name!,
    DESIRED: String(rs.spec?.replicas ?? 0),
    CURRENT: String(rs.status?.replicas ?? 0),
    READY: String(rs.status?.readyReplicas ?? 0),
  }));
  assertTable(table, rows, 'the replicasets');
});

/** Each row (TYPE, REASON, MESSAGE; `*` wildcards) must match at least one event of the object. */
Then('the events of {kind} {string} include:', function (this: KubehaveWorld, kind: string, name: string, table: DataTable) {
  const events = eventsAbout(this, kind, name).map((e) => ({
    TYPE: e.type,
    REASON: e.reason,
    MESSAGE: e.message,
    COUNT: String(e.count),
    FROM: e.source,
  }));
  const columns = table.raw()[0];
  for (const row of table.hashes()) {
    const found = events.some((e) => columns.every((c) => cellMatches(row[c], (e as Row)[c] ?? '')));
    if (!found) {
      throw new Error(
        `no event of ${kind} ${resolveName(this, name)} matches ${columns.map((c) => `${c}=${row[c]}`).join(' ')}; its events:\n` +
          events.map((e) => `  ${e.TYPE} ${e.REASON} ${e.MESSAGE} (x${e.COUNT})`).join('\n'),
      );
    }
  }
});

Then('the events of {kind} {string} do not include reason {string}', function (this: KubehaveWorld, kind: string, name: string, reason: string) {
  const reasons = eventsAbout(this, kind, name).map((e) => e.reason);
  expect(reasons).to.not.include(reason);
});

/** The events of an object: by uid while it exists (as describe shows them), by name once it is gone. */
function eventsAbout(world: KubehaveWorld, kind: string, name: string) {
  const resolved = resolveName(world, name);
  const obj = getResource(world.cluster, kind, resolved);
  if (obj) return eventsOf(world.cluster, obj);
  const key = objectKey(kind, resourceForKind(kind).namespaced ? 'default' : '', resolved);
  return eventsOf(world.cluster).filter((e) => e.involved === key);
}

function containerStatus(world: KubehaveWorld, container: string, podName: string) {
  const pod = mustGet(world, 'Pod', podName);
  const cs = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === container);
  if (!cs) throw new Error(`pod ${pod.metadata.name} has no status for container "${container}"`);
  return cs;
}

Then('container {string} of pod {string} has restarted {int} time(s)', function (this: KubehaveWorld, container: string, pod: string, n: number) {
  expect(containerStatus(this, container, pod).restartCount).to.equal(n);
});

Then('container {string} of pod {string} is running', function (this: KubehaveWorld, container: string, pod: string) {
  const cs = containerStatus(this, container, pod);
  expect(cs.state, `state of container ${container}`).to.have.property('running');
});

Then('container {string} of pod {string} is waiting with reason {string}', function (this: KubehaveWorld, container: string, pod: string, reason: string) {
  const cs = containerStatus(this, container, pod);
  expect(cs.state?.waiting?.reason, `state of container ${container}: ${JSON.stringify(cs.state)}`).to.equal(reason);
});

Then('container {string} of pod {string} last terminated with exit code {int} and reason {string}', function (this: KubehaveWorld, container: string, pod: string, code: number, reason: string) {
  const t = containerStatus(this, container, pod).lastState?.terminated;
  expect(t, `container ${container} has not terminated before`).to.not.equal(undefined);
  expect([t.exitCode, t.reason]).to.deep.equal([code, reason]);
});

Then('{int} pod(s) is/are bound to node {string}', function (this: KubehaveWorld, count: number, node: string) {
  const pods = listResources(this.cluster, 'Pod', { namespace: '*' }).filter((p) => p.spec?.nodeName === node);
  expect(pods.map((p) => p.metadata.name), `pods bound to ${node}`).to.have.length(count);
});

Then('no pod runs on node {string}', function (this: KubehaveWorld, node: string) {
  const pods = listResources(this.cluster, 'Pod', { namespace: '*' }).filter((p) => p.spec?.nodeName === node);
  expect(pods.map((p) => p.metadata.name), `pods still bound to ${node}`).to.deep.equal([]);
});

/**
 * A state invariant now, and (for an `always` one) at every action the scenario went through; a
 * run-level one (determinism, level triggering...) by replaying the scenario's changes.
 */
Then('the invariant {string} holds', function (this: KubehaveWorld, name: string) {
  const invariant = invariantNamed(name);
  if (isRunInvariant(invariant)) {
    const context = runContext({ final: this.cluster, manifests: [...this.applied.values()], options: {}, settledInvariants: settledInvariants(), replay: (choice) => this.replayJournal(choice) });
    expect(invariant.check(context).map((v) => `${name}: ${v}`)).to.deep.equal([]);
    return;
  }
  expect([...this.monitor.found([name]), ...checkInvariants(this.cluster, [name])]).to.deep.equal([]);
});

Then('every invariant holds', function (this: KubehaveWorld) {
  expect([...this.monitor.found(), ...checkInvariants(this.cluster)]).to.deep.equal([]);
});

Then('the request is rejected with a message starting:', function (this: KubehaveWorld, prefix: string) {
  const message = lastRejection(this);
  if (!message.startsWith(prefix)) throw new Error(`the rejection does not start as expected:\n  expected: ${prefix}\n  actual:   ${message}`);
});

Then('{kind} {string} has the label {string}', function (this: KubehaveWorld, kind: string, name: string, label: string) {
  const [key, value] = label.split('=');
  const labels = mustGet(this, kind, name).metadata.labels ?? {};
  expect(labels, `labels of ${kind} ${name}`).to.have.property(key, value ?? '');
});

Then('{kind} {string} has no label {string}', function (this: KubehaveWorld, kind: string, name: string, key: string) {
  const labels = mustGet(this, kind, name).metadata.labels ?? {};
  expect(labels, `labels of ${kind} ${name}`).to.not.have.property(key);
});

/** `spec.template.spec.containers[0].image`-style paths into the stored object. */
Then('{kind} {string} has {string} set to {string}', function (this: KubehaveWorld, kind: string, name: string, path: string, value: string) {
  const obj = mustGet(this, kind, name) as unknown as Record<string, unknown>;
  const actual = valueAt(obj, path);
  expect(String(actual), `${path} of ${kind} ${name}`).to.equal(value);
});

Then('{kind} {string} has no {string}', function (this: KubehaveWorld, kind: string, name: string, path: string) {
  const obj = mustGet(this, kind, name) as unknown as Record<string, unknown>;
  const actual = valueAt(obj, path);
  expect(actual, `${path} of ${kind} ${name}`).to.equal(undefined);
});

/** status.replicas, readyReplicas, availableReplicas... of a ReplicaSet, as its controller reports them. */
Then('{kind} {string} reports {int} {word} replicas', function (this: KubehaveWorld, kind: string, name: string, n: number, which: string) {
  const field = which === 'current' ? 'replicas' : `${which}Replicas`;
  const status = mustGet(this, kind, name).status ?? {};
  expect(status[field] ?? 0, `status.${field} of ${kind} ${name}`).to.equal(n);
});

/**
 * When an owner created its pods, in seconds after the owner itself was created, earliest first:
 * `"0s, 14s, 37s, 80s"` (a Job's back-off between retries, a StatefulSet's ordered start).
 */
Then('{kind} {string} created its pods at {string}', function (this: KubehaveWorld, kind: string, owner: string, expected: string) {
  const created = Date.parse(mustGet(this, kind, owner).metadata.creationTimestamp!);
  const offsets = podsOfOwner(this, kind, owner)
    .map((p) => Date.parse(p.metadata.creationTimestamp!) - created)
    .sort((a, b) => a - b)
    .map((ms) => `${Math.floor(ms / 1000)}s`);
  expect(offsets.join(', '), `when ${kind} ${owner} created its pods`).to.equal(expected);
});
