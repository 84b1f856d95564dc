/**
 * The file commands `kubectl exec` can run in a simulated container: `rm`, `touch` and `mkdir`
 * change which files exist (what exec probes such as `cat /tmp/healthy` and nginx's index page
 * depend on); nothing is executed. Messages are busybox's in busybox and alpine images, GNU
 * coreutils' elsewhere.
 */
import { KObject } from '../api/types';
import { Cluster } from '../cluster';
import { dispatch } from '../apiserver';
import { objectKey } from '../store/store';
import { ProgramResult } from '../network/curl';
import { imageBehaviour, imageRepository } from './profile';
import { fileExists, fileTimeline } from './process';
import { nslookup } from '../network/dns';
import { configMountPaths, mountedFiles } from './config-volumes';

export const FILE_COMMANDS = ['rm', 'touch', 'mkdir'];

export function fileCommand(c: Cluster, pod: KObject, containerName: string, argv: string[]): ProgramResult {
  const prog = argv[0].split('/').pop()!;
  const spec = (pod.spec?.containers ?? []).find((x: { name: string }) => x.name === containerName);
  const state = c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!))?.containers.find((x) => x.name === containerName);
  const busybox = ['busybox', 'alpine'].includes(imageRepository(spec?.image ?? ''));
  const flags = argv.slice(1).filter((a) => a.startsWith('-') && a !== '-');
  const paths = argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
  const result = (stderr: string, exitCode: number, cluster = c): ProgramResult => ({ stdout: '', stderr, exitCode, cluster });
  if (!paths.length) return result(busybox ? `BusyBox v1.36.1 multi-call binary.\n\nUsage: ${prog} FILE...\n` : `${prog}: missing operand\nTry '${prog} --help' for more information.\n`, 1);
  const force = prog === 'rm' && flags.some((f) => /^-[a-zA-Z]*f/.test(f) || f === '--force');
  const files = spec && state ? fileTimeline(spec, imageBehaviour(c.profile, spec.image), state, c.now) : [];
  let stderr = '';
  const changes: { path: string; exists: boolean }[] = [];
  for (const path of paths) {
    // what earlier execs at this same instant did counts (they take effect just after it)
    const exists = fileExists(files, path, c.now + 1);
    if (prog === 'rm') {
      if (!exists && !force) stderr += busybox ? `rm: can't remove '${path}': No such file or directory\n` : `rm: cannot remove '${path}': No such file or directory\n`;
      else changes.push({ path, exists: false });
    } else if (prog === 'mkdir' && exists && !flags.includes('-p')) {
      stderr += busybox ? `mkdir: can't create directory '${path}': File exists\n` : `mkdir: cannot create directory '${path}': File exists\n`;
    } else changes.push({ path, exists: true });
  }
  let cluster = c;
  if (changes.length) {
    const r = dispatch(c, { type: 'files', actor: 'user', pod: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! }, container: containerName, changes });
    if (!r.outcome.ok) return result(`${r.outcome.status.message}\n`, 1);
    cluster = r.cluster;
  }
  return result(stderr, stderr ? 1 : 0, cluster);
}

/** Images that ship bind9's nslookup (dnsutils). */
const DNSUTILS_IMAGES = ['amsy810/tools', 'e2e-test-images/jessie-dnsutils'];

/**
 * `nslookup NAME` in a container: cluster DNS's answer (dns.ts) in dnsutils' format. Other images
 * either lack the program or (busybox) print another format: a message says so.
 */
export function nslookupCommand(c: Cluster, pod: KObject, containerName: string, argv: string[]): ProgramResult | string {
  const spec = (pod.spec?.containers ?? []).find((x: { name: string }) => x.name === containerName);
  const repo = imageRepository(spec?.image ?? '');
  if (!DNSUTILS_IMAGES.includes(repo)) return `nslookup is simulated only in images with dnsutils (${DNSUTILS_IMAGES.join(', ')}), not in ${spec?.image}`;
  const r = nslookup(c, { pod }, argv.slice(1));
  return { stdout: r.stdout, stderr: '', exitCode: r.exitCode, cluster: c };
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * `env` and `printenv [NAME...]` in a container: the environment it was created with (a ConfigMap
 * changed since shows only after a restart). Of the image's own variables only PATH is known here.
 */
export function envCommand(c: Cluster, pod: KObject, containerName: string, argv: string[]): ProgramResult {
  const state = c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!))?.containers.find((x) => x.name === containerName);
  const vars: [string, string][] = [['PATH', DEFAULT_PATH], ['HOSTNAME', pod.spec?.hostname ?? pod.metadata.name!], ...(state?.env ?? []), ['HOME', '/root']];
  const names = argv[0].split('/').pop() === 'env' ? [] : argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!names.length) return { stdout: vars.map(([k, v]) => `${k}=${v}\n`).join(''), stderr: '', exitCode: 0, cluster: c };
  const found = new Map(vars);
  const shown = names.filter((n) => found.has(n)).map((n) => `${found.get(n)}\n`).join('');
  // printenv exits 1 when a variable it was asked for is not set
  return { stdout: shown, stderr: '', exitCode: names.every((n) => found.has(n)) ? 0 : 1, cluster: c };
}

/**
 * `cat FILE...` and `ls DIR` in a container, for the files kubehave knows the contents of: those of
 * its ConfigMap and Secret volumes. Any other file that exists has contents the simulation does not
 * know: a message says so.
 */
export function readCommand(c: Cluster, pod: KObject, containerName: string, argv: string[]): ProgramResult | string {
  const prog = argv[0].split('/').pop()!;
  const spec = (pod.spec?.containers ?? []).find((x: { name: string }) => x.name === containerName);
  const state = c.runtime.get(objectKey('Pod', pod.metadata.namespace, pod.metadata.name!))?.containers.find((x) => x.name === containerName);
  const busybox = ['busybox', 'alpine'].includes(imageRepository(spec?.image ?? ''));
  const mounted = mountedFiles(c, pod, spec);
  const timeline = spec && state ? fileTimeline(spec, imageBehaviour(c.profile, spec.image), state, c.now) : [];
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  let stdout = '', stderr = '';
  let failed = false;
  if (prog === 'ls') {
    for (const dir of paths.length ? paths : ['.']) {
      const prefix = `${dir.replace(/\/+$/, '')}/`;
      const names = [...new Set([...mounted.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]))].sort();
      if (!names.length) return `ls is simulated only for the directories of ConfigMap and Secret volumes, not ${dir}`;
      stdout += names.map((n) => `${n}\n`).join('');
    }
    return { stdout, stderr, exitCode: 0, cluster: c };
  }
  for (const path of paths) {
    const content = mounted.get(path);
    if (content !== undefined) stdout += content;
    else if (configMountPaths(pod, spec).some((dir) => path.startsWith(`${dir}/`)) || !fileExists(timeline, path, c.now)) {
      stderr += busybox ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
      failed = true;
    } else return `the contents of ${path} are not simulated (only those of ConfigMap and Secret volumes are)`;
  }
  return { stdout, stderr, exitCode: failed ? 1 : 0, cluster: c };
}

type Program = (c: Cluster, pod: KObject, container: string, argv: string[]) => ProgramResult | string;

/**
 * What `kubectl exec` can run in a simulated container besides curl (which needs the network):
 * each answers with what the terminal shows, or with a sentence saying what is not simulated.
 */
export const CONTAINER_PROGRAMS: Record<string, Program> = {
  ...Object.fromEntries(FILE_COMMANDS.map((p) => [p, fileCommand])),
  cat: readCommand,
  ls: readCommand,
  env: envCommand,
  printenv: envCommand,
  nslookup: nslookupCommand,
  hostname: (c, pod) => ({ stdout: `${pod.spec?.hostname ?? pod.metadata.name}\n`, stderr: '', exitCode: 0, cluster: c }),
};
