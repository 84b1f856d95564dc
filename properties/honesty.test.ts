/**
 * Honesty checks for the invariant library: each invariant is run against an engine with one
 * deliberately broken loop, and the property search must find the bug and shrink it to a short
 * counterexample. An invariant that cannot fail this way would be a check that checks nothing.
 *
 * The broken loops are the real ones reading a distorted view of the cluster (they think a
 * ReplicaSet wants one pod fewer, that nodes have no taints...) or adding one wrong action.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action, Cluster, Controller, CONTROLLERS, createCluster, KObject, listResources } from '../engine';
import { singleController } from '../engine/invariants/ownership';
import { getObject, keyOf, listAllNamespaces } from '../engine/store/store';
import { putObject, removeObject } from '../engine/store/store';
import { checkInvariant, CheckOptions } from './check';

const loop = (name: string) => CONTROLLERS.find((c) => c.name === name)!;

/** The real loop, reading the cluster through `distort`, optionally adding to what it sends. */
function broken(name: string, distort: (c: Cluster, key: string) => Cluster, extra?: (c: Cluster, key: string, actions: Action[]) => Action[]): Controller {
  const real = loop(name);
  return {
    ...real,
    sync(c, key) {
      const result = real.sync(distort(c, key), key);
      return extra ? { ...result, actions: [...result.actions, ...extra(c, key, result.actions)] } : result;
    },
  };
}

/** A cluster value with some objects changed, for a loop's eyes only. */
function viewWith(c: Cluster, kind: string, change: (o: KObject) => KObject): Cluster {
  let store = c.store;
  for (const o of listAllNamespaces(c.store, kind)) store = putObject(store, change(o));
  return { ...c, store };
}

const deployment = (replicas = 3, extra: Record<string, unknown> = {}) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.16${extra.requests ? ', resources: {requests: {cpu: "1500m"}}' : ''}}]}
`;
const replicaSet = (ns = 'default') => `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.16}]}
`;

function mustBreak(options: CheckOptions, invariant: string, maxSteps = 4) {
  const result = checkInvariant({ runs: 300, seed: 42, ...options });
  assert.equal(result.ok, false, `"${invariant}" held against a broken engine:\n${result.report}`);
  const ce = result.counterexample!;
  assert.ok(ce.violations.some((v) => v.startsWith(`${invariant}:`)), `the violations do not name "${invariant}":\n${ce.violations.join('\n')}`);
  // what the scenario shows: the disturbances that acted, up to the one that broke the invariant
  const acted = ce.gherkin.split('\n').filter((l) => /^  And (I run|I apply|the |node |container )/.test(l) && !/the cluster settles/.test(l)).length;
  assert.ok(acted <= maxSteps, `the counterexample did not shrink to ${maxSteps} steps or fewer:\n${result.report}`);
  // the seed and path replay exactly the same counterexample
  const again = checkInvariant({ ...options, runs: 300, seed: result.seed, path: result.path });
  assert.deepEqual(again.counterexample?.steps, ce.steps);
  return result;
}

test('replica counts: a ReplicaSet controller that deletes one pod too many is caught', () => {
  const rs = broken('replicaset-controller', (c) => viewWith(c, 'ReplicaSet', (o) => ({ ...o, spec: { ...o.spec, replicas: Math.max(0, o.spec.replicas - 1) } })));
  // the broken controller already runs one short at the start: any single step shows it
  const r = mustBreak({ manifests: replicaSet(), controllers: [rs], disturbances: ['pod deletions', 'scaling'], invariants: ['replica counts'] }, 'replica counts', 1);
  assert.match(r.counterexample!.gherkin, /^Scenario: counterexample found with seed 42/);
  assert.match(r.counterexample!.gherkin, /Then the invariant "replica counts" holds$/);
});

test('no dangling owners: a garbage collector that never deletes dependents is caught', () => {
  const gc: Controller = { ...loop('garbage-collector'), sync: () => ({ actions: [] }) };
  mustBreak({ manifests: replicaSet(), controllers: [gc], disturbances: ['deletions', 'scaling'], invariants: ['no dangling owners'] }, 'no dangling owners', 1);
});

test('orphan propagation: a garbage collector that deletes the dependents of an owner deleted with Orphan is caught', () => {
  const real = loop('garbage-collector');
  const gc: Controller = {
    ...real,
    sync(c, key) {
      const obj = getObject(c.store, key);
      if (obj?.metadata.deletionTimestamp && obj.metadata.finalizers?.includes('orphan')) {
        // ignores the policy: deletes what the owner owns, then lets the owner go
        const dependents = listResources(c, 'Pod', { namespace: '*' }).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === obj.metadata.uid));
        return {
          actions: [
            ...dependents.map((p): Action => ({ type: 'delete', actor: real.name, ref: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name! } })),
            { type: 'patch', actor: real.name, ref: { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name! }, patchType: 'merge', patch: { metadata: { finalizers: null } } },
          ],
        };
      }
      return real.sync(c, key);
    },
  };
  mustBreak({ manifests: replicaSet(), controllers: [gc], disturbances: ['deletions', 'scaling'], invariants: ['orphans survive'] }, 'orphans survive', 1);
});

test('no adoption across namespaces: a ReplicaSet controller that adopts matching pods in every namespace is caught', () => {
  const rs = broken('replicaset-controller', (c) => c, (c, key) => {
    const owner = getObject(c.store, key);
    if (!owner || owner.kind !== 'ReplicaSet' || owner.metadata.deletionTimestamp) return [];
    return listResources(c, 'Pod', { namespace: '*' })
      .filter((p) => p.metadata.namespace !== owner.metadata.namespace && !p.metadata.ownerReferences?.length && p.metadata.labels?.app === 'web')
      .map((p): Action => ({
        type: 'patch',
        actor: 'replicaset-controller',
        ref: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name! },
        patchType: 'merge',
        patch: { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }] } },
      }));
  });
  mustBreak(
    { manifests: `${replicaSet()}---${replicaSet('kube-public')}`, controllers: [rs], disturbances: ['deletions', 'relabelling', 'pod deletions'], invariants: ['no adoption across namespaces'] },
    'no adoption across namespaces',
  );
});

test('taints respected: a scheduler blind to taints is caught', () => {
  const sched = broken('default-scheduler', (c) => viewWith(c, 'Node', (n) => ({ ...n, spec: { ...n.spec, taints: [] } })));
  mustBreak({ manifests: deployment(2), controllers: [sched], disturbances: ['tainting', 'scaling', 'pod deletions'], invariants: ['taints respected'] }, 'taints respected');
});

test('cordon respected: a scheduler blind to cordons is caught', () => {
  const sched = broken('default-scheduler', (c) => viewWith(c, 'Node', (n) => ({ ...n, spec: { ...n.spec, unschedulable: false } })));
  mustBreak({ manifests: deployment(2), controllers: [sched], disturbances: ['cordoning', 'scaling', 'pod deletions'], invariants: ['cordon respected'] }, 'cordon respected');
});

test('within allocatable: a scheduler that thinks every node has 64 cpus is caught', () => {
  const sched = broken('default-scheduler', (c) => viewWith(c, 'Node', (n) => ({ ...n, status: { ...n.status, allocatable: { ...n.status.allocatable, cpu: '64' } } })));
  mustBreak({ manifests: deployment(2, { requests: true }), controllers: [sched], disturbances: ['scaling'], invariants: ['within allocatable'] }, 'within allocatable', 1);
});

test('rolling update bounds: a Deployment controller that surges one pod further than maxSurge is caught', () => {
  const d = broken('deployment-controller', (c) =>
    viewWith(c, 'Deployment', (o) => ({ ...o, spec: { ...o.spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } } } })),
  );
  mustBreak({ manifests: deployment(4), controllers: [d], disturbances: ['template changes', 'rollbacks'], invariants: ['rolling update bounds'] }, 'rolling update bounds', 2);
});

test('deployment revisions: a Deployment controller that cannot read revisions is caught', () => {
  const d = broken('deployment-controller', (c) => viewWith(c, 'ReplicaSet', (o) => ({ ...o, metadata: { ...o.metadata, annotations: {} } })));
  mustBreak({ manifests: deployment(2), controllers: [d], disturbances: ['template changes', 'scaling'], invariants: ['deployment revisions'] }, 'deployment revisions', 3);
});

/** Edge-triggered: counts the scalings it is told about, rather than reading a state. */
const scaleCounter: Controller = {
  name: 'scale-counter',
  enqueue: (_c, key, prev, cur) => (key.startsWith('Deployment/') && prev && cur && prev.spec?.replicas !== cur.spec?.replicas ? [key] : []),
  sync(c, key) {
    const d = getObject(c.store, key);
    if (!d) return { actions: [] };
    const seen = Number(d.metadata.annotations?.['example.com/scalings'] ?? 0);
    return { actions: [{ type: 'patch', actor: 'scale-counter', ref: { kind: 'Deployment', name: d.metadata.name! }, patchType: 'merge', patch: { metadata: { annotations: { 'example.com/scalings': String(seen + 1) } } } }] };
  },
  resyncKeys: () => [],
};

test('level triggering: an edge-triggered loop that counts scalings settles differently when a run is repeated', () => {
  mustBreak({ manifests: deployment(2), controllers: [scaleCounter], disturbances: ['duplicated runs', 'scaling'], invariants: ['level triggering'] }, 'level triggering', 3);
});

test('fixpoint: a loop that writes whenever it is resynced is caught', () => {
  const always: Controller = {
    name: 'always-writes',
    resyncKeys: (c) => listAllNamespaces(c.store, 'Deployment').map(keyOf),
    sync(c, key) {
      const d = getObject(c.store, key);
      // writes on every resync, but the write itself does not wake it: it looks settled
      return d ? { actions: [{ type: 'patch', actor: 'always-writes', ref: { kind: 'Deployment', name: d.metadata.name! }, patchType: 'merge', patch: { metadata: { annotations: { 'example.com/seen': String(c.resourceVersion) } } } }] } : { actions: [] };
    },
    enqueue: () => [],
  };
  mustBreak({ manifests: deployment(2), controllers: [always], disturbances: ['scaling'], invariants: ['fixpoint'] }, 'fixpoint', 1);
});

test('convergence: a ReplicaSet controller that lists nothing on resync never recovers a dropped run', () => {
  const rs: Controller = { ...loop('replicaset-controller'), resyncKeys: () => [] };
  // two steps break it (a dropped run, then a scaling) plus the resync; since the Job loops joined
  // the engine, seed 42's shrink stops one dropped run short of that
  mustBreak({ manifests: replicaSet(), controllers: [rs], faultLoops: ['replicaset-controller'], disturbances: ['dropped runs', 'scaling'], invariants: ['convergence'] }, 'convergence', 4);
});

test('determinism: a scheduler with hidden state (round robin across calls) is caught', () => {
  let turn = 0;
  const sched = broken('default-scheduler', (c) => {
    turn++;
    return viewWith(c, 'Node', (n) => ({ ...n, spec: { ...n.spec, unschedulable: !n.metadata.name!.endsWith(`w${(turn % 3) + 1}-k8s`) || undefined } }));
  });
  mustBreak({ manifests: deployment(2), controllers: [sched], disturbances: ['scaling', 'pod deletions'], invariants: ['determinism'] }, 'determinism', 2);
});

test('idempotence: a loop that fights kubectl apply over replicas is caught', () => {
  const fighter: Controller = {
    name: 'replica-fighter',
    enqueue: (_c, key) => (key.startsWith('Deployment/') ? [key] : []),
    sync(c, key) {
      const d = getObject(c.store, key);
      return d && d.spec.replicas !== 1 ? { actions: [{ type: 'scale', actor: 'replica-fighter', ref: { kind: 'Deployment', name: d.metadata.name! }, replicas: 1 }] } : { actions: [] };
    },
    resyncKeys: (c) => listAllNamespaces(c.store, 'Deployment').map(keyOf),
  };
  mustBreak({ manifests: deployment(3), controllers: [fighter], disturbances: ['scaling'], invariants: ['idempotence'] }, 'idempotence', 1);
});

const statefulSet = (replicas = 2) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: ${replicas}
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.16}]}
`;

test('statefulset ordering: a StatefulSet controller that treats OrderedReady as Parallel is caught', () => {
  const sts = broken('statefulset-controller', (c) => viewWith(c, 'StatefulSet', (o) => ({ ...o, spec: { ...o.spec, podManagementPolicy: 'Parallel' } })));
  mustBreak({ manifests: statefulSet(), controllers: [sts], disturbances: ['scaling', 'pod deletions'], invariants: ['statefulset ordering'] }, 'statefulset ordering', 2);
  // scale-down from the bottom: the lowest pod beyond the replicas goes while higher ones are still there
  const fromTheBottom = broken(
    'statefulset-controller',
    (c) => c,
    (c, key) => {
      const set = getObject(c.store, key);
      if (!set) return [];
      const condemned = listResources(c, 'Pod', { namespace: 'default' })
        .filter((p) => p.metadata.ownerReferences?.[0]?.uid === set.metadata.uid && !p.metadata.deletionTimestamp && Number(p.metadata.name!.split('-').pop()) >= set.spec.replicas)
        .sort((a, b) => Number(a.metadata.name!.split('-').pop()) - Number(b.metadata.name!.split('-').pop()));
      return condemned.length > 1 ? [{ type: 'delete', actor: 'statefulset-controller', ref: { kind: 'Pod', namespace: 'default', name: condemned[0].metadata.name! } } as Action] : [];
    },
  );
  mustBreak({ manifests: statefulSet(3), controllers: [fromTheBottom], disturbances: ['scaling'], invariants: ['statefulset ordering'] }, 'statefulset ordering', 2);
});

test('statefulset identity: a StatefulSet controller that starts a second pod with an ordinal already taken is caught', () => {
  const sts = broken(
    'statefulset-controller',
    (c) => c,
    (_c, _key, actions) =>
      actions.flatMap((a) => {
        if (a.type !== 'create' || a.object.kind !== 'Pod') return [];
        const index = a.object.metadata.labels!['apps.kubernetes.io/pod-index'];
        return [{ ...a, object: { ...a.object, metadata: { ...a.object.metadata, name: `web-${Number(index) + 100}` } } }];
      }),
  );
  mustBreak({ manifests: statefulSet(1), controllers: [sts], disturbances: ['scaling', 'pod deletions'], invariants: ['statefulset identity'] }, 'statefulset identity', 1);
});

test('statefulset replicas: a StatefulSet controller that runs one ordinal short is caught', () => {
  const sts = broken('statefulset-controller', (c) => viewWith(c, 'StatefulSet', (o) => ({ ...o, spec: { ...o.spec, replicas: Math.max(0, o.spec.replicas - 1) } })));
  mustBreak({ manifests: statefulSet(), controllers: [sts], disturbances: ['scaling', 'pod deletions'], invariants: ['statefulset replicas'] }, 'statefulset replicas', 1);
});

const withService = `${deployment(3)}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

test('service endpoints: an Endpoints controller that misses the newest pod is caught', () => {
  const ep = broken('endpoint-controller', (c) => {
    // the controller's view lacks the pod created last
    const pods = listAllNamespaces(c.store, 'Pod').sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || b.metadata.name!.localeCompare(a.metadata.name!));
    if (!pods.length) return c;
    return { ...c, store: removeObject(c.store, keyOf(pods[0])) };
  });
  mustBreak({ manifests: withService, controllers: [ep], disturbances: ['scaling', 'pod deletions'], invariants: ['service endpoints'] }, 'service endpoints', 1);
});

test('single controller: a pod naming two controllers is reported (the API server refuses to store one)', () => {
  const c = createCluster();
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u', ownerReferences: [1, 2].map((i) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs${i}`, uid: `rs${i}`, controller: true })) },
    spec: {},
  };
  assert.deepEqual(singleController.check({ ...c, store: putObject(c.store, pod) }), ['Pod default/p has 2 controllers']);
});

test('the property step refuses unknown disturbances and invariants, naming the known ones', () => {
  assert.throws(() => checkInvariant({ manifests: deployment(), disturbances: ['earthquakes'], invariants: ['replica counts'] }), /unknown disturbance "earthquakes"; the disturbances are: "scaling", "pod deletions"/);
  assert.throws(() => checkInvariant({ manifests: deployment(), disturbances: ['scaling'], invariants: ['replica count'] }), /unknown invariant "replica count"; the invariants are: "replica counts"/);
});
