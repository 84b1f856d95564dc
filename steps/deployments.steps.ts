/** Deployments: changing templates, pausing, rolling back, watching a rollout, history and conditions. */
import { DataTable, Then, When } from '@cucumber/cucumber';
import { expect } from 'chai';
import { KubehaveWorld } from './support/world';
import { mustGet, resolveName } from './support/lookup';
import { assertRows, renderTable, Row } from './support/tables';
import { RolloutWatch } from './support/rollout-watch';
import { controlledPods } from '../engine/queries';
import { POD_TEMPLATE_HASH, REVISION, revisionOf } from '../engine/controllers/deployment/util';
import { formatRolloutHistory, planRolloutPause, planRolloutUndo, planSetImage, replicaSetsOf, rolloutHistory, rolloutStatus } from '../kubectl/rollout';
import { deploymentColumns } from '../kubectl/columns';
import { listResources } from '../engine';

function assertTable(expected: DataTable, actual: Row[], what: string) {
  assertRows(expected.hashes(), expected.raw()[0], actual, what);
}

// ---------------------------------------------------------------------------------------------
// requests

When('I set the image of container {string} in deployment {string} to {string}', function (this: KubehaveWorld, container: string, name: string, image: string) {
  this.sendPlanned(planSetImage(this.cluster, { kind: 'Deployment', name }, { [container]: image }), `set image deployment/${name} ${container}=${image}`);
});

/** `--record` writes the command line into kubernetes.io/change-cause, as kubectl words it. */
When('I set the image of container {string} in deployment {string} to {string} with --record', function (this: KubehaveWorld, container: string, name: string, image: string) {
  const cause = `kubectl set image deployment ${name} ${container}=${image} --record=true`;
  this.sendPlanned(planSetImage(this.cluster, { kind: 'Deployment', name }, { [container]: image }, cause), `set image deployment/${name} ${container}=${image} --record`);
});

When('I pause deployment {string}', function (this: KubehaveWorld, name: string) {
  this.sendPlanned(planRolloutPause(this.cluster, name, true), `rollout pause deployment/${name}`);
});

When('I resume deployment {string}', function (this: KubehaveWorld, name: string) {
  this.sendPlanned(planRolloutPause(this.cluster, name, false), `rollout resume deployment/${name}`);
});

/** `kubectl rollout undo`: back to the revision before the newest. */
When('I roll back deployment {string}', function (this: KubehaveWorld, name: string) {
  this.sendPlanned(planRolloutUndo(this.cluster, name), `rollout undo deployment/${name}`);
});

When('I roll back deployment {string} to revision {int}', function (this: KubehaveWorld, name: string, revision: number) {
  this.sendPlanned(planRolloutUndo(this.cluster, name, revision), `rollout undo deployment/${name} --to-revision=${revision}`);
});

/** `kubectl rollout history deployment NAME`: its output is checked with `kubectl prints:`. */
When('I view the rollout history of deployment {string}', function (this: KubehaveWorld, name: string) {
  const history = rolloutHistory(this.cluster, name);
  const description = `rollout history deployment/${name}`;
  if ('error' in history) this.last = { description, ok: false, error: history.error, warnings: [], objects: [], before: this.cluster };
  else this.last = { description, ok: true, output: formatRolloutHistory(name, history), warnings: [], objects: [], before: this.cluster };
});

/** From here on, every change to the Deployment's ReplicaSets and pods is recorded (`kubectl get rs -w`). */
When('I watch the rollout of deployment {string}', function (this: KubehaveWorld, name: string) {
  mustGet(this, 'Deployment', name);
  this.watch = new RolloutWatch(name);
  this.watch.observe(this.cluster);
});

// ---------------------------------------------------------------------------------------------
// assertions

Then('kubectl prints {string}', function (this: KubehaveWorld, text: string) {
  if (!this.last) throw new Error('no command has run yet');
  if (!this.last.ok) throw new Error(`"${this.last.description}" failed: ${this.last.error}`);
  expect(this.last.output?.trimEnd()).to.equal(text);
});

Then('kubectl prints:', function (this: KubehaveWorld, text: string) {
  if (!this.last) throw new Error('no command has run yet');
  if (!this.last.ok) throw new Error(`"${this.last.description}" failed: ${this.last.error}`);
  // Gherkin doc strings lose trailing spaces; compare line by line without them
  const norm = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n').trim();
  expect(norm(this.last.output ?? '')).to.equal(norm(text));
});

/** What `kubectl rollout status` prints at this moment (its error, when the deadline was exceeded). */
Then('the rollout status of deployment {string} is {string}', function (this: KubehaveWorld, name: string, expected: string) {
  const status = rolloutStatus(this.cluster, name);
  expect('error' in status ? `error: ${status.error}` : status.line).to.equal(expected);
});

Then('deployment {string} is at revision {int}', function (this: KubehaveWorld, name: string, revision: number) {
  expect(mustGet(this, 'Deployment', name).metadata.annotations?.[REVISION], `the ${REVISION} annotation of deployment ${name}`).to.equal(String(revision));
});

Then('deployment {string} has {int} ReplicaSet(s)', function (this: KubehaveWorld, name: string, n: number) {
  const rss = replicaSetsOf(this.cluster, mustGet(this, 'Deployment', name));
  expect(rss.map((rs) => rs.metadata.name), `ReplicaSets of deployment ${name}`).to.have.length(n);
});

/** Columns REVISION and CHANGE-CAUSE, as `kubectl rollout history` lists them (`<none>` when empty). */
Then('the rollout history of deployment {string} is:', function (this: KubehaveWorld, name: string, table: DataTable) {
  const history = rolloutHistory(this.cluster, name);
  if ('error' in history) throw new Error(history.error);
  const actual = history.map((e) => ({ REVISION: String(e.revision), 'CHANGE-CAUSE': e.changeCause || '<none>' }));
  const columns = table.raw()[0];
  const expected = table.hashes();
  const render = (rows: Row[]) => renderTable(rows, columns);
  if (render(expected) !== render(actual)) throw new Error(`the rollout history differs:\nexpected:\n${render(expected)}actual:\n${render(actual)}`);
});

/** Columns TYPE STATUS REASON and optionally MESSAGE, in any order; `*` is a wildcard. */
/** Columns TYPE STATUS REASON MESSAGE, in the order the conditions are listed (any kind with status.conditions). */
Then('the conditions of {kind} {string} are:', function (this: KubehaveWorld, kind: string, name: string, table: DataTable) {
  const conditions = (mustGet(this, kind, name).status?.conditions ?? []) as { type: string; status: string; reason: string; message: string }[];
  assertTable(table, conditions.map((c) => ({ TYPE: c.type, STATUS: c.status, REASON: c.reason ?? '', MESSAGE: c.message ?? '' })), `the conditions of ${kind} ${name}`);
});

/** Remembers a ReplicaSet by its current revision, to follow it through a rollback: `<name>` in later steps. */
When('I remember the ReplicaSet of revision {int} of deployment {string} as {string}', function (this: KubehaveWorld, revision: number, name: string, as: string) {
  const rs = replicaSetsOf(this.cluster, mustGet(this, 'Deployment', name)).find((r) => revisionOf(r) === revision);
  if (!rs) throw new Error(`deployment ${name} has no ReplicaSet at revision ${revision}`);
  this.remembered.set(as.replace(/^<|>$/g, ''), rs.metadata.name!);
});

/** Columns: any of NAME REVISION DESIRED CURRENT READY AVAILABLE IMAGES; a NAME may be a remembered `<name>`. */
Then('the replicasets of deployment {string} are:', function (this: KubehaveWorld, name: string, table: DataTable) {
  const rows = replicaSetsOf(this.cluster, mustGet(this, 'Deployment', name)).map((rs) => ({
    NAME: rs.metadata.name!,
    REVISION: String(revisionOf(rs)),
    DESIRED: String(rs.spec?.replicas ?? 0),
    CURRENT: String(rs.status?.replicas ?? 0),
    READY: String(rs.status?.readyReplicas ?? 0),
    AVAILABLE: String(rs.status?.availableReplicas ?? 0),
    IMAGES: (rs.spec?.template?.spec?.containers ?? []).map((c: { image: string }) => c.image).join(','),
  }));
  const expected = table.hashes().map((r) => (r.NAME && /^<.+>$/.test(r.NAME) ? { ...r, NAME: resolveName(this, r.NAME) } : r));
  assertRows(expected, table.raw()[0], rows, `the replicasets of deployment ${name}`);
});

/** Columns NAME READY UP-TO-DATE AVAILABLE, as `kubectl get deployments` prints them. */
Then('the deployments are:', function (this: KubehaveWorld, table: DataTable) {
  assertTable(table, listResources(this.cluster, 'Deployment').map((d) => deploymentColumns(d) as unknown as Row), 'the deployments');
});

/** The ReplicaSet is `<deployment>-<hash>`, and the hash is on its labels, its selector, its template and its pods. */
Then('every pod of deployment {string} carries its ReplicaSet\'s pod-template-hash', function (this: KubehaveWorld, name: string) {
  const d = mustGet(this, 'Deployment', name);
  const rss = replicaSetsOf(this.cluster, d);
  expect(rss, `deployment ${name} has no ReplicaSets`).to.not.be.empty;
  for (const rs of rss) {
    const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH];
    expect(hash, `ReplicaSet ${rs.metadata.name} has no ${POD_TEMPLATE_HASH} label`).to.match(/^[4-9bcdf]{1,10}$/);
    expect(rs.metadata.name).to.equal(`${name}-${hash}`);
    expect(rs.spec.selector.matchLabels?.[POD_TEMPLATE_HASH], `selector of ${rs.metadata.name}`).to.equal(hash);
    expect(rs.spec.template.metadata.labels?.[POD_TEMPLATE_HASH], `template of ${rs.metadata.name}`).to.equal(hash);
    for (const pod of controlledPods(this.cluster, rs)) {
      expect(pod.metadata.labels?.[POD_TEMPLATE_HASH], `pod ${pod.metadata.name}`).to.equal(hash);
      expect(pod.metadata.name!.startsWith(`${rs.metadata.name}-`), `pod ${pod.metadata.name} is named after ${rs.metadata.name}`).to.equal(true);
    }
  }
});

function watching(world: KubehaveWorld): RolloutWatch {
  if (!world.watch) throw new Error('no rollout is being watched: add "When I watch the rollout of deployment ..." before the change');
  return world.watch;
}

/**
 * The sizes (spec.replicas) the Deployment's ReplicaSets went through, one row per change, in
 * order. Each column header is `revision N` (the revision the ReplicaSet has now); `-` where
 * that ReplicaSet did not exist yet (or any more).
 */
Then('the ReplicaSet sizes during the rollout were:', function (this: KubehaveWorld, table: DataTable) {
  const watch = watching(this);
  const header = table.raw()[0];
  const revisions = header.map((h) => {
    const m = /^revision (\d+)$/.exec(h.trim());
    if (!m) throw new Error(`column "${h}" should be written "revision N"`);
    return Number(m[1]);
  });
  const expected = table.raw().slice(1);
  const actual = watch.table(revisions);
  const render = (rows: string[][]) => renderTable(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), header);
  if (render(expected) !== render(actual)) throw new Error(`the ReplicaSet sizes went another way:\nexpected:\n${render(expected)}actual:\n${render(actual)}`);
});

/** Available: Ready for minReadySeconds, and not terminating. */
Then('during the rollout at least {int} pods were available at every moment', function (this: KubehaveWorld, n: number) {
  const watch = watching(this);
  if (watch.minAvailable < n) throw new Error(`only ${watch.minAvailable} pods were available ${watch.minAvailableAt}`);
});

/** Pods that exist and are not terminating (as the RollingUpdate bound counts them). */
Then('during the rollout at most {int} pods existed at every moment', function (this: KubehaveWorld, n: number) {
  const watch = watching(this);
  if (watch.maxPods > n) throw new Error(`${watch.maxPods} pods existed ${watch.maxPodsAt}`);
});

/** Recreate: no pod of the new revision before every old pod, terminating ones included, is gone. */
Then('during the rollout pods of two revisions never existed at the same time', function (this: KubehaveWorld) {
  const watch = watching(this);
  if (watch.maxRevisionsWithPods > 1) throw new Error(`pods of ${watch.maxRevisionsWithPods} ReplicaSets existed together ${watch.maxRevisionsWithPodsAt}`);
});
