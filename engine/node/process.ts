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
  if (/\b(while|until|for)\b/.test(text)) return RUNS_FOREVER;
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
    const argv = words(cmd);
    const r = simpleCommand(argv);
    if (r.exitsAfterMs === null) return RUNS_FOREVER;
    elapsed += r.exitsAfterMs;
    code = r.exitCode;
    if (argv[0] === 'exit') return { exitsAfterMs: elapsed, exitCode: code };
  }
  return { exitsAfterMs: elapsed, exitCode: code };
}

/** The image's entrypoint, unless the manifest names a command (args alone replace the image's arguments). */
export function processBehaviour(container: { command?: string[]; args?: string[] }, image: ImageBehaviour): ProcessBehaviour {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  if (!argv.length) return image.entrypoint === 'exits' ? { exitsAfterMs: 0, exitCode: image.exitCode } : RUNS_FOREVER;
  return simpleCommand(argv);
}
