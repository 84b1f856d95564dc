/**
 * `kubehave shell`: a prompt on a fresh simulated cluster. kubectl commands, the notes' host
 * commands on a chosen node, `wait 30s`, `history`; a one-line hint for anything else. Every
 * command runs once the cluster has settled, as in a transcript.
 */
import { createInterface } from 'node:readline';
import { advance, converge, createCluster } from '../engine';
import { Session } from '../kubectl/session';
import { parseDuration } from '../kubectl/transcript';
import { transcriptFileReader } from './verify';

const HELP = `kubehave shell: kubectl on a simulated cluster (m-k8s, w1-k8s..w3-k8s)
  kubectl ...            as kubectl 1.32 (get, apply, create, delete, scale, label, annotate,
                         set image, rollout ...); -f paths from this folder or kubehave's fixtures/
  on <node>              run the following commands on that node (e.g. on w2-k8s)
  systemctl stop|start|restart kubelet, reboot, scp root@<ip>:/etc/kubernetes/admin.conf .
  wait <30s|2m|1h>       let virtual time pass
  history                the commands so far
  help, exit
`;

/** Runs one line of the shell; returns what to print, or null to end the session. */
export function shellLine(session: Session, history: string[], line: string): string | null {
  const input = line.trim();
  if (!input) return '';
  if (input === 'exit' || input === 'quit') return null;
  history.push(input);
  if (input === 'help') return HELP;
  if (input === 'history') return history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join('');
  const on = /^on\s+(\S+)$/.exec(input);
  if (on) {
    if (!session.hosts().includes(on[1])) return `kubehave: no node "${on[1]}"; the nodes are ${session.hosts().join(', ')}\n`;
    session.host = on[1];
    return '';
  }
  const wait = /^wait\s+(\S+)$/.exec(input);
  if (wait) {
    const ms = parseDuration(wait[1]);
    if (ms === undefined) return `kubehave: write the time to wait as 30s, 2m or 1h\n`;
    session.cluster = advance(session.cluster, ms);
    return '';
  }
  session.cluster = converge(session.cluster);
  const r = session.run(input.replace(/^\$\s+/, ''));
  if (r.unsupported) return `kubehave: ${r.unsupported}; type "help" for what the shell understands\n`;
  return r.output + (r.hung ? '(still waiting; the simulated kubectl gives up here, as ^C would)\n' : '');
}

export function prompt(session: Session): string {
  return `root@${session.host}:~# `;
}

export async function shell(): Promise<number> {
  const session = new Session(createCluster({}), transcriptFileReader(`${process.cwd()}/.`));
  const history: string[] = [];
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const interactive = !!process.stdin.isTTY;
  if (interactive) process.stdout.write('kubehave shell: kubectl on a simulated cluster; "help" for commands, "exit" to leave\n');
  rl.setPrompt(prompt(session));
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (!interactive) process.stdout.write(`${prompt(session)}${line}\n`);
    const out = shellLine(session, history, line);
    if (out === null) break;
    process.stdout.write(out);
    rl.setPrompt(prompt(session));
    if (interactive) rl.prompt();
  }
  rl.close();
  return 0;
}
