/**
 * What a container's process does once started: how long it runs and how it exits. Nothing is
 * executed; the command line is read for the few things a course's manifests use: `sleep N`,
 * `exit N`, `true` / `false`, output commands that end at once, the Kubernetes docs' `perl` pi
 * job, and `sh -c` scripts made of those. Anything else serves until it is stopped.
 */
import { ImageBehaviour } from './profile';

export interface ProcessBehaviour {
  /** null: the process runs until it is stopped */
  exitsAfterMs: number | null;
  exitCode: number;
  /** files the command creates or removes, by time since the start (what exec probes look at) */
  files?: { atMs: number; path: string; exists: boolean }[];
}

/** A file created or removed at a moment of virtual time. */
export interface FileEvent {
  at: number;
  path: string;
  exists: boolean;
}

const RUNS_FOREVER: ProcessBehaviour = { exitsAfterMs: null, exitCode: 0 };
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
/** commands that print or touch files and end at once */
const INSTANT = new Set(['echo', 'printf', 'date', 'ls', 'cat', 'touch', 'mkdir', 'tar', 'cp', 'mv', 'rm', 'env', 'hostname', 'uname', 'set', 'export', 'wget', 'curl', 'nslookup', 'true', ':']);
/** the docs' pi Job (`perl -Mbignum=bpi -wle 'print bpi(2000)'`) takes about ten seconds */
const PERL_PI_MS = 10_000;

/** One simple command (argv, already split): its duration and exit code, or null when it never ends. */
function simpleCommand(argv: string[]): ProcessBehaviour {
  const prog = (argv[0] ?? '').split('/').pop()!;
  if (prog === 'sleep') {
    const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(argv[1] ?? '');
    if (!m) return RUNS_FOREVER; // `sleep infinity`
    const unit = m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : 1000;
    return { exitsAfterMs: Math.round(Number(m[1]) * unit), exitCode: 0 };
  }
  if (prog === 'false') return { exitsAfterMs: 0, exitCode: 1 };
  if (prog === 'exit') return { exitsAfterMs: 0, exitCode: /^\d+$/.test(argv[1] ?? '') ? Number(argv[1]) % 256 : 0 };
  if (prog === 'perl' && argv.some((a) => a.includes('bpi('))) return { exitsAfterMs: PERL_PI_MS, exitCode: 0 };
  if (INSTANT.has(prog)) return { exitsAfterMs: 0, exitCode: 0 };
  if (SHELLS.has(prog)) {
    const c = argv.indexOf('-c');
    return c >= 0 && argv[c + 1] !== undefined ? script(argv[c + 1]) : { exitsAfterMs: 0, exitCode: 0 };
  }
  return RUNS_FOREVER;
}

/** Splits a word list the way a shell would for the simple cases: quotes group, nothing expands. */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** A command list split at `;`, newlines, `&&` and `||` outside quotes: command, separator, command, ... */
function splitList(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if ((ch === '&' || ch === '|') && text[i + 1] === ch) {
      out.push(cur, ch + ch);
      cur = '';
      i++;
    } else if (ch === ';' || ch === '\n') {
      out.push(cur, ch);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/**
 * A `sh -c` script: commands joined by `;`, newlines, `&&` and `||`, run in order. `exit` ends it;
 * a failing command before `&&` skips the rest of that list. Loops (`while`, `for`, `until`) are
 * taken to run forever, as the usual `while true; do ...; done` does.
 */
function script(text: string): ProcessBehaviour {
  return runScript(text).behaviour;
}

/** What a command prints to standard output, by time since the start; `date` is filled in when read. */
export type OutputLine = { atMs: number; text: string } | { atMs: number; date: true };

function runScript(text: string): { behaviour: ProcessBehaviour; output: OutputLine[] } {
  const output: OutputLine[] = [];
  if (/\b(while|until|for)\b/.test(text)) return { behaviour: RUNS_FOREVER, output };
  const done = (b: ProcessBehaviour) => ({ behaviour: withFiles(b, files), output });
  const files: NonNullable<ProcessBehaviour['files']> = [];
  let elapsed = 0;
  let code = 0;
  let skip = false;
  const tokens = splitList(text);
  for (let i = 0; i < tokens.length; i += 2) {
    const cmd = tokens[i].trim();
    const joiner = tokens[i - 1];
    if (joiner === '&&' && code !== 0) skip = true;
    else if (joiner === '||' && code === 0) skip = true;
    else if (joiner === ';' || joiner === '\n' || joiner === undefined) skip = false;
    if (skip || !cmd || cmd.startsWith('#')) continue;
    const { argv, redirect } = redirection(words(cmd));
    for (const f of fileEffects(argv, redirect)) files.push({ atMs: elapsed, ...f });
    const r = simpleCommand(argv);
    if (!redirect) output.push(...commandOutput(argv, elapsed + (r.exitsAfterMs ?? 0)));
    if (r.exitsAfterMs === null) return done(RUNS_FOREVER);
    elapsed += r.exitsAfterMs;
    code = r.exitCode;
    if (argv[0] === 'exit') return done({ exitsAfterMs: elapsed, exitCode: code });
  }
  return done({ exitsAfterMs: elapsed, exitCode: code });
}

/** echo's, printf's and date's output, and the docs' pi Job's 2000 digits, at the moment the command ends. */
function commandOutput(argv: string[], atMs: number): OutputLine[] {
  const prog = (argv[0] ?? '').split('/').pop()!;
  if (prog === 'echo') {
    let args = argv.slice(1);
    let newline = true;
    while (args[0] === '-n' || args[0] === '-e') {
      if (args[0] === '-n') newline = false;
      args = args.slice(1);
    }
    return [{ atMs, text: args.join(' ') + (newline ? '\n' : '') }];
  }
  if (prog === 'printf' && argv[1] !== undefined) {
    let i = 2;
    const text = argv[1].replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/%[sd]/g, () => argv[i++] ?? '');
    return [{ atMs, text }];
  }
  if (prog === 'date' && argv.length === 1) return [{ atMs, date: true }];
  if (prog === 'perl' && argv.some((a) => a.includes('bpi(2000)'))) return [{ atMs, text: `${piDigits(2000)}\n` }];
  return [];
}

/** π to `digits` significant digits, rounded, as Math::BigFloat's bpi prints it (Machin's formula in BigInt). */
export function piDigits(digits: number): string {
  const guard = 10n;
  const scale = 10n ** BigInt(digits + 10);
  const arctanInv = (x: bigint): bigint => {
    let sum = 0n, term = scale / x, n = 1n, sign = 1n;
    const x2 = x * x;
    while (term !== 0n) {
      sum += sign * (term / n);
      term /= x2;
      n += 2n;
      sign = -sign;
    }
    return sum;
  };
  const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
  // keep `digits` significant digits (one before the point), rounding the rest
  const shift = 10n ** (guard + 1n);
  const rounded = (pi + shift / 2n) / shift;
  const text = rounded.toString();
  return `${text[0]}.${text.slice(1, digits)}`;
}

/** What the container's command prints, by time since its start (nothing for an image's own entrypoint). */
export function processOutput(container: { command?: string[]; args?: string[] }): OutputLine[] {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  if (!argv.length) return [];
  const prog = (argv[0] ?? '').split('/').pop()!;
  if (SHELLS.has(prog)) {
    const c = argv.indexOf('-c');
    return c >= 0 && argv[c + 1] !== undefined ? runScript(argv[c + 1]).output : [];
  }
  const r = simpleCommand(argv);
  return commandOutput(argv, r.exitsAfterMs ?? 0);
}

const withFiles = (b: ProcessBehaviour, files: NonNullable<ProcessBehaviour['files']>): ProcessBehaviour => (files.length ? { ...b, files } : b);

/** `echo ok > /tmp/ready` and `echo ok >/tmp/ready`: the command's words and the file it writes. */
function redirection(argv: string[]): { argv: string[]; redirect?: string } {
  for (let i = 0; i < argv.length; i++) {
    const m = /^(\d?>>?)(.*)$/.exec(argv[i]);
    if (!m) continue;
    const target = m[2] || argv[i + 1];
    return { argv: [...argv.slice(0, i), ...argv.slice(i + (m[2] ? 1 : 2))], redirect: target };
  }
  return { argv };
}

/** What `touch`, `mkdir`, `rm` and a redirection do to the container's files. */
function fileEffects(argv: string[], redirect: string | undefined): { path: string; exists: boolean }[] {
  const prog = (argv[0] ?? '').split('/').pop()!;
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  const out: { path: string; exists: boolean }[] = [];
  if (prog === 'touch' || prog === 'mkdir') out.push(...paths.map((path) => ({ path, exists: true })));
  if (prog === 'rm' || prog === 'rmdir') out.push(...paths.map((path) => ({ path, exists: false })));
  if (redirect && redirect !== '/dev/null' && !redirect.startsWith('&')) out.push({ path: redirect, exists: true });
  return out;
}

/** The image's entrypoint, unless the manifest names a command (args alone replace the image's arguments). */
export function processBehaviour(container: { command?: string[]; args?: string[] }, image: ImageBehaviour): ProcessBehaviour {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  if (!argv.length) return image.entrypoint === 'exits' ? { exitsAfterMs: 0, exitCode: image.exitCode } : RUNS_FOREVER;
  if (SHELLS.has((argv[0] ?? '').split('/').pop()!)) return simpleCommand(argv);
  const files = fileEffects(argv, undefined).map((f) => ({ atMs: 0, ...f }));
  return withFiles(simpleCommand(argv), files);
}

/**
 * The files the running container's command creates and removes, and those `kubectl exec`
 * changed since it started, at their moments of virtual time.
 */
export function fileTimeline(container: { command?: string[]; args?: string[] }, image: ImageBehaviour, state: { startedAt?: number; fileOps?: FileEvent[] }, now: number): FileEvent[] {
  const startedAt = state.startedAt ?? now;
  const own = (processBehaviour(container, image).files ?? []).map((f) => ({ at: startedAt + f.atMs, path: f.path, exists: f.exists }));
  const execs = (state.fileOps ?? []).filter((f) => f.at >= startedAt);
  return execs.length ? [...own, ...execs].sort((a, b) => a.at - b.at) : own;
}

/**
 * Whether a path exists at `t`: the last create or remove before then decides; a path nothing
 * touched exists unless it is under /tmp (the image's own files are there, a scratch file is not).
 */
export function fileExists(files: FileEvent[], path: string, t: number): boolean {
  let exists = !path.startsWith('/tmp/');
  for (const f of files) if (f.path === path && f.at <= t) exists = f.exists;
  return exists;
}
