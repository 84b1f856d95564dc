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

export const CONTROL_PLANE_CONFIG = '/etc/kubernetes/admin.conf';

export const isControlPlane = (n: KObject): boolean =>
  n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined || n.metadata.labels?.['node-role.kubernetes.io/master'] !== undefined;

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

  /** Runs one command line on the current host. */
  run(line: string, host = this.host): CommandOutcome {
    const words = shellWords(line);
    if (!Array.isArray(words)) return { output: '', exitCode: 2, hung: false, unsupported: words.error };
    if (!words.length) return { output: '', exitCode: 0, hung: false };
    const argv = words.map((w) => applyBindings(w, this.bindings));
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
      unsupported: `"${line}" is not a host command kubehave simulates (kubectl, systemctl start|stop|restart kubelet, reboot, scp of admin.conf)`,
    };
  }
}

function kubeconfigOf(args: string[]): string | undefined {
  const i = args.findIndex((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}
