import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, shellWords, suggestionsFor, CommandLineError } from './command-line';
import { printTable, tabulate } from './printers';
import { matchOutput } from './output-match';
import { converge, createCluster } from '../engine';
import { runKubectl } from './kubectl';

test('tables are padded as kubectl pads them: widest cell + 3, at least 6, the last column bare', () => {
  assert.equal(
    tabulate([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['sample-rs-9f9kr', '1/1', 'Running', '0', '5s'],
    ]),
    'NAME              READY   STATUS    RESTARTS   AGE\nsample-rs-9f9kr   1/1     Running   0          5s\n',
  );
  assert.equal(tabulate([['NAME', 'STATUS', 'AGE'], ['ns', 'Active', '1d']]), 'NAME   STATUS   AGE\nns     Active   1d\n');
});

test('command lines are split as a shell splits them', () => {
  assert.deepEqual(shellWords(`kubectl "set image" deploy/x a='b c' d\\ e`), ['kubectl', 'set image', 'deploy/x', 'a=b c', 'd e']);
  assert.deepEqual(shellWords(`echo "unterminated`), { error: 'unterminated double quote' });
});

test('flags in every spelling pflag accepts, and its errors', () => {
  const specs = [{ name: 'namespace', short: 'n' }, { name: 'all', bool: true }, { name: 'output', short: 'o' }];
  const p = parseFlags(['get', '-nkube-system', '--all', 'pods', '-o=wide'], specs, 'get');
  assert.deepEqual([p.values.get('namespace'), p.values.get('all'), p.values.get('output'), p.args], [['kube-system'], ['true'], ['wide'], ['get', 'pods']]);
  assert.throws(() => parseFlags(['-x'], specs, 'get'), (e: CommandLineError) => e.text() === "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n");
  assert.throws(() => parseFlags(['--namespace'], specs, 'get'), (e: CommandLineError) => e.message === 'flag needs an argument: --namespace');
});

test("cobra's suggestions for a mistyped command, in kubectl's order", () => {
  assert.deepEqual(suggestionsFor('de'), ['set', 'get', 'delete', 'describe', 'cp', 'debug']);
  assert.deepEqual(suggestionsFor('foo'), ['top']);
  assert.deepEqual(suggestionsFor('aply'), ['apply']);
});

test('transcript matching: words not widths, shapes for run-dependent values, names bind', () => {
  const bindings = new Map<string, string>();
  const expected = 'NAME              READY   AGE\nsample-rs-9f9kr   1/1     5s\n';
  assert.deepEqual(matchOutput(expected, 'NAME READY AGE\nsample-rs-x7k2p 1/1 2m10s\n', bindings), { ok: true });
  assert.equal(bindings.get('9f9kr'), 'x7k2p');
  // the same expected name must meet the same real one
  assert.equal(matchOutput('pod "sample-rs-9f9kr" deleted', 'pod "sample-rs-zzzzz" deleted', bindings).ok, false);
  assert.equal(matchOutput('pod "sample-rs-9f9kr" deleted', 'pod "sample-rs-x7k2p" deleted', bindings).ok, true);
  // literal words must be equal; `...` takes any lines
  assert.equal(matchOutput('a\n...\nz', 'a\nb\nc\nz', new Map()).ok, true);
  assert.equal(matchOutput('Running', 'Pending', new Map()).ok, false);
  assert.equal(matchOutput('IP 10.0.0.1', 'IP 172.16.0.9', new Map()).ok, true);
});

test('kubectl on an empty cluster: exit codes and the terminal text', () => {
  const c = createCluster({});
  const r = runKubectl({ cluster: c, readFile: () => undefined }, ['apply', '-f', 'missing.yaml']);
  assert.deepEqual([r.exitCode, r.combined], [1, 'error: the path "missing.yaml" does not exist\n']);
  const ok = runKubectl({ cluster: c, readFile: () => undefined }, ['get', 'nodes']);
  assert.equal(ok.exitCode, 0);
  assert.match(ok.stdout, /^NAME {5}STATUS {3}ROLES {11}AGE {3}VERSION\nm-k8s {4}Ready {4}control-plane/);
});

test('describe lays a ReplicaSet out as kubectl does, column blocks and all', () => {
  let c = createCluster({});
  const read = (p: string) => (p === 'rs.yaml' ? 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.16\n        ports:\n        - containerPort: 80\n' : undefined);
  c = runKubectl({ cluster: c, readFile: read }, ['apply', '-f', 'rs.yaml']).cluster;
  const r = runKubectl({ cluster: converge(c), readFile: read }, ['describe', 'rs', 'web']);
  assert.equal(
    r.stdout.replace(/Created pod: web-\w+/, 'Created pod: web-x'),
    [
      'Name:         web',
      'Namespace:    default',
      'Selector:     app=web',
      'Labels:       <none>',
      'Annotations:  <none>',
      'Replicas:     1 current / 1 desired',
      'Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=web',
      '  Containers:',
      '   nginx:',
      '    Image:         nginx:1.16',
      '    Port:          80/TCP',
      '    Host Port:     0/TCP',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Events:',
      '  Type    Reason            Age   From                   Message',
      '  ----    ------            ----  ----                   -------',
      '  Normal  SuccessfulCreate  4s    replicaset-controller  Created pod: web-x',
      '',
    ].join('\n'),
  );
});

test('rollout history --revision prints the pod template with raw tabs, as printTemplate does', () => {
  const c = createCluster({});
  const read = () => 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.16\n';
  const applied = runKubectl({ cluster: c, readFile: read }, ['apply', '-f', 'd.yaml']).cluster;
  const r = runKubectl({ cluster: converge(applied), readFile: read }, ['rollout', 'history', 'deployment/web', '--revision=1']);
  assert.match(r.stdout, /^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=[4-9bcdf]+\n {2}Containers:\n {3}nginx:\n {4}Image:\tnginx:1\.16\n/);
});

test("get events: LAST SEEN is the event's last time, and -o wide shows its first time and count", () => {
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.1816687ec0570001', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1' },
    reason: 'BackOff',
    message: 'Back-off pulling image "x"  ',
    source: { component: 'kubelet', host: 'w1-k8s' },
    firstTimestamp: '2025-01-01T00:00:00Z',
    lastTimestamp: '2025-01-01T00:01:30Z',
    count: 4,
    type: 'Normal',
  };
  const now = Date.parse('2025-01-01T00:02:00Z');
  const plain = { wide: false, showLabels: false, withNamespace: false, noHeaders: false };
  assert.equal(printTable('Event', [event], now, plain), 'LAST SEEN   TYPE     REASON    OBJECT      MESSAGE\n30s         Normal   BackOff   pod/web-1   Back-off pulling image "x"\n');
  assert.equal(
    printTable('Event', [event], now, { ...plain, wide: true }),
    'LAST SEEN   TYPE     REASON    OBJECT      SUBOBJECT   SOURCE            MESSAGE                      FIRST SEEN   COUNT   NAME\n' +
      '30s         Normal   BackOff   pod/web-1               kubelet, w1-k8s   Back-off pulling image "x"   2m           4       web-1.1816687ec0570001\n',
  );
});

test('api-resources lists by API group, the core group first, then by name', () => {
  const r = runKubectl({ cluster: createCluster(), readFile: () => undefined }, ['api-resources']);
  const rows = r.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
  // the APIVERSION column, whether or not SHORTNAMES is empty: the cell with a version in it
  const groups = rows.map((cells) => cells.find((x) => /^(v1|[a-z0-9.]+\/v1)$/.test(x))!.replace(/\/?v1$/, ''));
  assert.deepEqual(groups, [...groups].sort());
  assert.equal(rows[0][0], 'configmaps');
  const apps = rows.filter((cells) => cells.includes('apps/v1')).map((cells) => cells[0]);
  assert.deepEqual(apps, ['controllerrevisions', 'daemonsets', 'deployments', 'replicasets', 'statefulsets']);
});
