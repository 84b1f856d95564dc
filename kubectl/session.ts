/**
 * A terminal session on the simulated cluster's machines: which host you are on, what files it
 * has, and what a command line does there. kubectl runs on the engine; the host commands of the
 * notes are simulated (`systemctl stop|start|restart kubelet`, `reboot`, `scp` of admin.conf);
 * nothing is ever executed on the real machine. Transcripts (`kubehave verify`) and
 * `kubehave shell` both run their commands through it.
 */
import { Cluster, dispatch, KObject, listResources } from '../engine';
import { shellWords } from './command-line';
import { runKubectl } from './kubectl';
import { applyBindings, Bindings } from './output-match';
import { jsonMergePatch } from '../engine/api/patch';
import { curl } from '../engine/network/curl';

export const CONTROL_PLANE_CONFIG = '/etc/kubernetes/admin.conf';

export { isControlPlane } from './printers';
import { isControlPlane } from './printers';

export interface CommandOutcome {
  /** what the terminal showed */
  output: string;
  exitCode: number;
  /** the command is still waiting (a person would press ^C) */
  hung: boolean;
  /** set when the command is not one kubehave simulates: nothing ran */
  unsupported?: string;
}

export class Session {
  readonly controlPlane: string;
  host: string;
  /** names seen in expected output, standing for the real ones */
  readonly bindings: Bindings = new Map();
  private readonly files = new Map<string, Set<string>>();
  /** the change the "editor" makes for the next `kubectl edit` (a JSON merge patch), then forgotten */
  nextEdit?: unknown;

  constructor(
    public cluster: Cluster,
    private readonly readFile: (path: string) => string | undefined,
  ) {
    this.controlPlane = listResources(cluster, 'Node').find(isControlPlane)?.metadata.name ?? 'm-k8s';
    this.host = this.controlPlane;
  }

  private filesOf(host: string): Set<string> {
    let f = this.files.get(host);
    if (!f) this.files.set(host, (f = new Set(host === this.controlPlane ? [CONTROL_PLANE_CONFIG] : [])));
    return f;
  }

  /** The hosts a session can be on: the cluster's nodes. */
  hosts(): string[] {
    return listResources(this.cluster, 'Node').map((n) => n.metadata.name!);
  }

  /** Runs one command line on the current host; `| head`, `| tail`, `| grep`, `| wc -l` filter its output. */
  run(line: string, host = this.host): CommandOutcome {
    const words = shellWords(line);
    if (!Array.isArray(words)) return { output: '', exitCode: 2, hung: false, unsupported: words.error };
    if (!words.length) return { output: '', exitCode: 0, hung: false };
    const stages: string[][] = [[]];
    for (const w of words) {
      if (w === '|') stages.push([]);
      else stages[stages.length - 1].push(w);
    }
    const first = this.runWords(stages[0].map((w) => applyBindings(w, this.bindings)), host);
    if (first.unsupported || stages.length === 1) return first;
    let output = first.output;
    for (const filter of stages.slice(1)) {
      const filtered = textFilter(filter, output);
      if (filtered === undefined) return { output: '', exitCode: 127, hung: false, unsupported: `"| ${filter.join(' ')}" is not a filter kubehave simulates (head, tail, grep, wc -l)` };
      output = filtered;
    }
    return { ...first, output };
  }

  private runWords(argv: string[], host: string): CommandOutcome {
    if (argv[0] === 'kubectl') {
      const rest = argv.slice(1);
      const kubeconfig = kubeconfigOf(rest);
      const files = this.filesOf(host);
      if (host !== this.controlPlane && !(kubeconfig && (files.has(kubeconfig) || files.has(`./${kubeconfig}`)))) {
        return { output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n', exitCode: 1, hung: false };
      }
      const edit = this.nextEdit;
      this.nextEdit = undefined;
      const r = runKubectl({ cluster: this.cluster, readFile: this.readFile, ...(edit !== undefined ? { edit: (o: KObject) => jsonMergePatch(o as never, edit as never) as unknown as KObject } : {}) }, rest);
      this.cluster = r.cluster;
      return { output: r.combined, exitCode: r.exitCode, hung: !!r.hung };
    }
    return this.hostCommand(argv, host);
  }

  private hostCommand(argv: string[], host: string): CommandOutcome {
    const line = argv.join(' ');
    const done = (output = ''): CommandOutcome => ({ output, exitCode: 0, hung: false });
    if (argv[0] === 'systemctl' && argv[2] === 'kubelet' && ['stop', 'start', 'restart'].includes(argv[1])) {
      if (argv[1] !== 'start') this.cluster = dispatch(this.cluster, { type: 'kubelet', actor: `systemctl/${host}`, node: host, running: false }).cluster;
      if (argv[1] !== 'stop') this.cluster = dispatch(this.cluster, { type: 'kubelet', actor: `systemctl/${host}`, node: host, running: true }).cluster;
      return done();
    }
    if (argv[0] === 'curl') {
      // from the node's host network: cluster DNS names do not resolve there
      const r = curl(this.cluster, { node: host }, argv.slice(1));
      this.cluster = r.cluster;
      return { output: r.stdout + r.stderr, exitCode: r.exitCode, hung: !!r.hung };
    }
    if (argv[0] === 'modprobe' && argv[argv.length - 1] === 'br_netfilter' && (argv.length === 2 || (argv.length === 3 && argv[1] === '-r'))) {
      this.cluster = dispatch(this.cluster, { type: 'netfilter', actor: `modprobe/${host}`, node: host, loaded: argv.length === 2 }).cluster;
      return done();
    }
    if (line === 'systemctl restart network') {
      this.cluster = dispatch(this.cluster, { type: 'networkRestart', actor: `systemctl/${host}`, node: host }).cluster;
      return done();
    }
    if (line === 'reboot') {
      this.cluster = dispatch(this.cluster, { type: 'reboot', actor: `reboot/${host}`, node: host }).cluster;
      return done();
    }
    // scp of the control plane's admin.conf: the file the notes copy to use kubectl on a worker
    if (argv[0] === 'scp' && argv.length === 3 && argv[1].endsWith(`:${CONTROL_PLANE_CONFIG}`)) {
      this.filesOf(host).add(argv[2] === '.' ? 'admin.conf' : argv[2]);
      return done('admin.conf                                                            100% 5448     3.6MB/s   00:00\n');
    }
    return {
      output: '',
      exitCode: 127,
      hung: false,
      unsupported: `"${line}" is not a host command kubehave simulates (kubectl, curl, systemctl start|stop|restart kubelet, systemctl restart network, modprobe [-r] br_netfilter, reboot, scp of admin.conf)`,
    };
  }
}

function kubeconfigOf(args: string[]): string | undefined {
  const i = args.findIndex((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

/** The text filters transcripts pipe kubectl into, applied to the text (nothing is executed). */
export function textFilter(argv: string[], text: string): string | undefined {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const join = (ls: string[]) => (ls.length ? `${ls.join('\n')}\n` : '');
  const count = (args: string[]): number | undefined => {
    if (!args.length) return 10;
    const m = /^-n?(\d+)$/.exec(args[0]) ?? (args[0] === '-n' && args[1] !== undefined ? /^(\d+)$/.exec(args[1]) : null);
    return m ? Number(m[1]) : undefined;
  };
  switch (argv[0]) {
    case 'head': {
      const n = count(argv.slice(1));
      return n === undefined ? undefined : join(lines.slice(0, n));
    }
    case 'tail': {
      const n = count(argv.slice(1));
      return n === undefined ? undefined : join(n ? lines.slice(-n) : []);
    }
    case 'grep': {
      const flags = argv.slice(1).filter((a) => a.startsWith('-'));
      const pattern = argv.slice(1).find((a) => !a.startsWith('-'));
      if (pattern === undefined || flags.some((f) => !['-v', '-i', '-E'].includes(f))) return undefined;
      let re: RegExp;
      try {
        re = new RegExp(pattern, flags.includes('-i') ? 'i' : '');
      } catch {
        return undefined;
      }
      return join(lines.filter((l) => re.test(l) !== flags.includes('-v')));
    }
    case 'wc':
      return argv[1] === '-l' && argv.length === 2 ? `${lines.length}\n` : undefined;
    default:
      return undefined;
  }
}
