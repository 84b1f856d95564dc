/**
 * Reading a kubectl command line as kubectl 1.32 does (cobra + pflag): shell words, the command
 * path, flags in all their spellings, and the client-side errors with kubectl's exact wording:
 * unknown commands (with cobra's "Did you mean this?" suggestions), unknown flags, flags
 * missing their argument, each followed by `See 'kubectl <command> --help' for usage.`
 */

/** Splits a command line into words as a POSIX shell would: quotes, backslashes, no expansion. */
export function shellWords(line: string): string[] | { error: string } {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) return { error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) words.push(cur);
  return words;
}

export interface FlagSpec {
  name: string;
  short?: string;
  /** a flag that takes no value (`--all`, `--show-labels`); `--flag=false` still works */
  bool?: boolean;
  /** may be given more than once (`-f a.yaml -f b.yaml`) */
  repeated?: boolean;
  /** printed on stderr when used, as pflag prints deprecations */
  deprecated?: string;
  /** the value a bool flag takes when named without one, or a flag's NoOptDefVal (`--cascade`) */
  noOptDefault?: string;
  /** an int flag: a value that is not a number is refused as pflag refuses it */
  int?: boolean;
}

/** Flags every command accepts (kubectl's global flags that matter here). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n' },
  { name: 'kubeconfig' },
  { name: 'context' },
  { name: 'cluster' },
  { name: 'server', short: 's' },
  { name: 'request-timeout' },
  { name: 'v', short: 'v' },
];

export interface ParsedFlags {
  values: Map<string, string[]>;
  args: string[];
  warnings: string[];
}

export class CommandLineError extends Error {
  constructor(
    message: string,
    /** the command path for the usage hint, e.g. `get`, `rollout undo`; none for unknown commands */
    readonly usageOf?: string,
  ) {
    super(message);
  }

  /** What kubectl prints on stderr. */
  text(): string {
    return `error: ${this.message}\n${this.usageOf ? `See 'kubectl ${this.usageOf} --help' for usage.\n` : ''}`;
  }
}

/** pflag's parsing: `--a=b`, `--a b`, `-a b`, `-ab` (a bool) , `-a=b`, `-abc` (value `bc`), and `--` ending flags. */
export function parseFlags(words: string[], specs: FlagSpec[], usageOf: string): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, string[]>();
  const args: string[] = [];
  const warnings: string[] = [];
  const set = (spec: FlagSpec, value: string) => {
    if (spec.int && !/^[+-]?\d+$/.test(value)) {
      const shown = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
      throw new CommandLineError(`invalid argument "${value}" for "${shown}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`, usageOf);
    }
    if (spec.deprecated && !values.has(spec.name)) warnings.push(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`);
    values.set(spec.name, spec.repeated ? [...(values.get(spec.name) ?? []), value] : [value]);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new CommandLineError(`unknown flag: --${name}`, usageOf);
      if (eq >= 0) set(spec, w.slice(eq + 1));
      else if (spec.bool || spec.noOptDefault !== undefined) set(spec, spec.noOptDefault ?? 'true');
      else if (i + 1 < words.length) set(spec, words[++i]);
      else throw new CommandLineError(`flag needs an argument: --${name}`, usageOf);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j];
        const spec = byShort.get(c);
        if (!spec) throw new CommandLineError(`unknown shorthand flag: '${c}' in ${w}`, usageOf);
        const rest = w.slice(j + 1);
        if (rest.startsWith('=')) {
          set(spec, rest.slice(1));
          break;
        }
        if (spec.bool || spec.noOptDefault !== undefined) {
          set(spec, spec.noOptDefault ?? 'true');
          continue;
        }
        if (rest) set(spec, rest);
        else if (i + 1 < words.length) set(spec, words[++i]);
        else throw new CommandLineError(`flag needs an argument: '${c}' in -${c}`, usageOf);
        break;
      }
      continue;
    }
    args.push(w);
  }
  return { values, args, warnings };
}

/** kubectl's top-level commands in the order it registers them (it turns cobra's sorting off). */
export const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward',
  'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate',
  'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

/** cobra's case-insensitive Levenshtein distance. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** cobra's SuggestionsFor: within distance 2, or starting with what was typed. */
export function suggestionsFor(typed: string, commands: string[] = KUBECTL_COMMANDS): string[] {
  return commands.filter((c) => distance(typed, c) <= 2 || c.toLowerCase().startsWith(typed.toLowerCase()));
}

export function unknownCommand(typed: string, parent = 'kubectl', commands: string[] = KUBECTL_COMMANDS): CommandLineError {
  const suggestions = suggestionsFor(typed, commands);
  const tail = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : '';
  return new CommandLineError(`unknown command "${typed}" for "${parent}"${tail}`);
}
