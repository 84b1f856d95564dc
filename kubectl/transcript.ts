/**
 * Transcripts: the kubectl sessions of course notes, read and replayed on a simulated cluster.
 *
 * In a code block (or a whole plain-text file), a line starting with `$ ` (optionally after a
 * prompt such as `root@m-k8s:~# `) is a command; the lines after it, up to the next command,
 * comment line (`#`) or the end of the block, are its expected output. `...` matches any lines;
 * `^C` as the last expected line means the command was interrupted while it waited.
 * Directives in comment lines make a note checkable without rewriting it:
 *   # kubehave: on <node>          the following commands run on that host
 *   # kubehave: wait <duration>    let virtual time pass (30s, 2m, 1h)
 *   # kubehave: cluster <k=v ...>  nodes=m-k8s,w1-k8s version=v1.18.4 (before the first command)
 *   # kubehave: no-settle          the next command runs at once, without letting the cluster settle
 *   # kubehave: editor {...}       what the editor changes in the next `kubectl edit` (a JSON merge patch)
 * Host commands are simulated, never run: a transcript is untrusted input.
 */
import { advance, Cluster, ClusterOptions, converge, createCluster, defaultNodes, dispatch, KObject, listResources, NodeSpecInput } from '../engine';
import { computeHash } from '../engine/controllers/deployment/util';
import { matchOutput } from './output-match';
import { isControlPlane, Session } from './session';

export interface TranscriptCommand {
  /** 1-based line of the command in the file */
  line: number;
  command: string;
  expected: string[];
  /** `^C` ended the expected output */
  interrupted: boolean;
  host?: string;
  /** directives that applied just before it */
  waitMs: number;
  noSettle: boolean;
  /** `# kubehave: editor {...}`: what the editor changes for a `kubectl edit` */
  edit?: unknown;
}

export interface ParsedTranscript {
  commands: TranscriptCommand[];
  cluster: Record<string, string>;
  errors: string[];
}

const PROMPT = /^(?:[\w.-]+@[\w.-]+(?::[^\s#$]*)?[#$] |\$ )(.*)$/;
const DIRECTIVE = /^#+\s*kubehave:\s*(\S+)\s*(.*)$/;

export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
}

/** Reads the commands and directives of a Markdown or plain-text transcript. */
export function parseTranscript(text: string): ParsedTranscript {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const fenced = lines.some((l) => /^\s*```/.test(l));
  const commands: TranscriptCommand[] = [];
  const cluster: Record<string, string> = {};
  const errors: string[] = [];
  let inBlock = !fenced;
  let current: TranscriptCommand | undefined;
  let host: string | undefined;
  let waitMs = 0;
  let noSettle = false;
  let editPatch: unknown;
  const close = () => {
    if (current) {
      while (current.expected.length && current.expected[current.expected.length - 1].trim() === '') current.expected.pop();
      if (current.expected[current.expected.length - 1]?.trim() === '^C') {
        current.expected.pop();
        current.interrupted = true;
      }
    }
    current = undefined;
  };
  lines.forEach((raw, i) => {
    if (fenced && /^\s*```/.test(raw)) {
      close();
      inBlock = !inBlock;
      return;
    }
    if (!inBlock) return;
    const line = raw.replace(/\s+$/, '');
    const directive = DIRECTIVE.exec(line.trim());
    if (directive) {
      close();
      const [, name, arg] = directive;
      if (name === 'on') host = arg.trim();
      else if (name === 'wait') {
        const ms = parseDuration(arg);
        if (ms === undefined) errors.push(`line ${i + 1}: "kubehave: wait ${arg}": write the duration as 30s, 2m or 1h`);
        else waitMs += ms;
      } else if (name === 'cluster') {
        for (const kv of arg.split(/\s+/).filter(Boolean)) {
          const [k, v] = kv.split('=');
          cluster[k] = v ?? '';
        }
      } else if (name === 'no-settle') noSettle = true;
      else if (name === 'editor') {
        try {
          editPatch = JSON.parse(arg);
        } catch {
          errors.push(`line ${i + 1}: "kubehave: editor" takes the change as a JSON merge patch, e.g. {"metadata":{"labels":{"app":null}}}`);
        }
      } else errors.push(`line ${i + 1}: unknown directive "kubehave: ${name}" (known: on, wait, cluster, no-settle, editor)`);
      return;
    }
    const prompt = PROMPT.exec(line);
    if (prompt) {
      close();
      current = { line: i + 1, command: prompt[1].trim(), expected: [], interrupted: false, host, waitMs, noSettle, ...(editPatch !== undefined ? { edit: editPatch } : {}) };
      commands.push(current);
      waitMs = 0;
      noSettle = false;
      editPatch = undefined;
      return;
    }
    if (line.trim().startsWith('#')) {
      close();
      return;
    }
    if (current) current.expected.push(line);
  });
  close();
  return { commands, cluster, errors };
}

export type Verdict = 'ok' | 'differs' | 'unsupported';

export interface CommandResult {
  command: TranscriptCommand;
  verdict: Verdict;
  /** what the simulation printed */
  actual: string;
  /** why it differs or is unsupported */
  detail?: string;
}

export interface TranscriptOptions {
  /** reads a `-f` path: the transcript's folder first, then fixtures/ */
  readFile(path: string): string | undefined;
}

/** The notes' cluster by default: m-k8s and three workers; `cluster` directives change it. */
function clusterFrom(directives: Record<string, string>): Cluster {
  const options: ClusterOptions = {};
  let nodes: NodeSpecInput[] = defaultNodes(3);
  if (directives.nodes) {
    const names = directives.nodes.split(',');
    nodes = names.map((name, i) => ({ ...(defaultNodes(names.length - 1)[i] ?? defaultNodes(3)[Math.min(i, 3)]), name }));
  }
  if (directives.version) {
    nodes = nodes.map((n) => ({ ...n, kubeletVersion: directives.version }));
    // before 1.20 the control plane's role label and taint were `master`
    const minor = Number(/^v?1\.(\d+)/.exec(directives.version)?.[1] ?? 99);
    if (minor < 20) {
      nodes = nodes.map((n) =>
        n.role === 'control-plane'
          ? { ...n, role: 'worker', labels: { ...(n.labels ?? {}), 'node-role.kubernetes.io/master': '' }, taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] }
          : n,
      );
    }
  }
  if (directives.seed) options.seed = Number(directives.seed);
  let cluster = createCluster({ ...options, nodes });
  if (directives['system-pods']) cluster = converge(addSystemPods(cluster, directives['system-pods'], directives.version ?? 'v1.32.0'));
  return cluster;
}

/**
 * `system-pods=calico`: the kube-system pods of a kubeadm cluster with Calico, placed on their
 * nodes as the static pods and DaemonSets of a real cluster are (no controllers run them here).
 */
function addSystemPods(c0: Cluster, cni: string, version: string): Cluster {
  let c = c0;
  const nodes = listResources(c, 'Node');
  const cp = nodes.find(isControlPlane) ?? nodes[0];
  const pod = (name: string, node: string, image: string, generate = false): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(generate ? { generateName: name } : { name }), namespace: 'kube-system', labels: { tier: 'system' } },
    spec: {
      nodeName: node,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: name.replace(/-$/, '').replace(/-[^-]*$/, '') || name, image }],
    },
  });
  const pods: KObject[] = [];
  for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    pods.push(pod(`${component}-${cp.metadata.name}`, cp.metadata.name!, component === 'etcd' ? 'k8s.gcr.io/etcd:3.4.3-0' : `k8s.gcr.io/${component}:${version}`));
  }
  pods.push(pod(`coredns-${computeHash('coredns')}-`, cp.metadata.name!, 'k8s.gcr.io/coredns:1.6.7', true));
  pods.push(pod(`coredns-${computeHash('coredns')}-`, cp.metadata.name!, 'k8s.gcr.io/coredns:1.6.7', true));
  for (const n of nodes) pods.push(pod('kube-proxy-', n.metadata.name!, `k8s.gcr.io/kube-proxy:${version}`, true));
  if (cni === 'calico') {
    pods.push(pod(`calico-kube-controllers-${computeHash('calico-kube-controllers')}-`, cp.metadata.name!, 'calico/kube-controllers:v3.13.3', true));
    for (const n of nodes) pods.push(pod('calico-node-', n.metadata.name!, 'calico/node:v3.13.3', true));
  }
  for (const p of pods) c = dispatch(c, { type: 'create', actor: 'kubeadm', object: p }).cluster;
  return c;
}

/** Runs a transcript's commands in order on a fresh simulated cluster and judges each. */
export function runTranscript(parsed: ParsedTranscript, options: TranscriptOptions): CommandResult[] {
  const session = new Session(clusterFrom(parsed.cluster), options.readFile);
  const bindings = session.bindings;
  const results: CommandResult[] = [];

  for (let index = 0; index < parsed.commands.length; index++) {
    const cmd = parsed.commands[index];
    if (cmd.waitMs) session.cluster = advance(session.cluster, cmd.waitMs);
    if (beforeAndAfter(cmd.expected)) {
      // The notes' convention: rows marked (before) and (after), the same commands looked at twice.
      // A run of such commands is looked at once at once, then again once the cluster settled.
      const group: TranscriptCommand[] = [];
      while (index < parsed.commands.length && beforeAndAfter(parsed.commands[index].expected)) group.push(parsed.commands[index++]);
      index--;
      if (group.some((g) => !/^kubectl get\b/.test(g.command))) {
        for (const g of group) results.push({ command: g, verdict: 'unsupported', actual: '', detail: '(before) / (after) rows are understood for `kubectl get` only' });
        continue;
      }
      const looks = (phase: 'before' | 'after') =>
        group.map((g) => {
          const r = session.run(g.command, g.host ?? session.controlPlane);
          return { output: r.output, m: matchOutput(beforeAndAfter(g.expected)![phase].join('\n'), r.output, bindings) };
        });
      const before = looks('before');
      session.cluster = converge(session.cluster);
      const after = looks('after');
      group.forEach((g, k) => {
        const b = before[k], a = after[k];
        const actual = `${b.output}(once the cluster settled:)\n${a.output}`;
        if (b.m.ok && a.m.ok) results.push({ command: g, verdict: 'ok', actual });
        else results.push({ command: g, verdict: 'differs', actual, detail: !b.m.ok ? `(before)\n${b.m.diff}` : `(after)\n${(a.m as { diff: string }).diff}` });
      });
      continue;
    }
    if (!cmd.noSettle) session.cluster = converge(session.cluster);
    session.nextEdit = cmd.edit;
    const r = session.run(cmd.command, cmd.host ?? session.controlPlane);
    if (r.unsupported) {
      results.push({ command: cmd, verdict: 'unsupported', actual: '', detail: r.unsupported });
      continue;
    }
    const m = matchOutput(cmd.expected.join('\n'), r.output, bindings);
    if (!m.ok) results.push({ command: cmd, verdict: 'differs', actual: r.output, detail: m.diff });
    else if (cmd.interrupted !== r.hung) {
      results.push({
        command: cmd,
        verdict: 'differs',
        actual: r.output,
        detail: r.hung ? 'the command is still waiting here, but the transcript does not interrupt it (^C)' : 'the transcript interrupts the command (^C), but here it returned',
      });
    } else results.push({ command: cmd, verdict: 'ok', actual: r.output });
  }
  return results;
}

const PHASE = /\s+\((before|after)\)\s*$/;

/** Splits expected output whose rows are marked `(before)` / `(after)` into the two looks. */
function beforeAndAfter(expected: string[]): { before: string[]; after: string[] } | undefined {
  if (!expected.some((l) => PHASE.test(l))) return undefined;
  const pick = (phase: string) => expected.filter((l) => !PHASE.test(l) || PHASE.exec(l)![1] === phase).map((l) => l.replace(PHASE, ''));
  return { before: pick('before'), after: pick('after') };
}

/** The report `kubehave verify` prints: a line per command, the differences, a summary. */
export function formatReport(file: string, results: CommandResult[], strict: boolean): { text: string; failed: boolean } {
  const out: string[] = [];
  let differs = 0, unsupported = 0;
  for (const r of results) {
    const mark = r.verdict === 'ok' ? 'ok         ' : r.verdict === 'differs' ? 'differs    ' : 'unsupported';
    out.push(`${mark} ${file}:${r.command.line}  $ ${r.command.command}`);
    if (r.verdict === 'differs') {
      differs++;
      out.push(...(r.detail ?? '').split('\n').map((l) => `      ${l}`));
    } else if (r.verdict === 'unsupported') {
      unsupported++;
      out.push(`      ${r.detail}`);
    }
  }
  const ok = results.length - differs - unsupported;
  out.push('', `${results.length} commands: ${ok} ok, ${differs} differ, ${unsupported} unsupported`);
  return { text: out.join('\n') + '\n', failed: differs > 0 || (strict && unsupported > 0) };
}

/**
 * `kubehave verify --update`: the transcript with each differing command's expected output
 * replaced by what the simulation printed (tables and `(before)` / `(after)` looks are left as
 * they are when they matched; unsupported commands are untouched).
 */
export function updateTranscript(text: string, results: CommandResult[]): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const changes = results
    .filter((r) => r.verdict === 'differs' && !r.actual.includes('(once the cluster settled:)'))
    .sort((a, b) => b.command.line - a.command.line);
  for (const r of changes) {
    const start = r.command.line; // the line after the command (0-based index = 1-based line)
    const count = r.command.expected.length;
    const replacement = r.actual.replace(/\n$/, '').split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
    lines.splice(start, count, ...(r.actual ? replacement : []));
  }
  return lines.join('\n');
}
