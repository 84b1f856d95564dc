/**
 * `kubehave properties`: the long searches. Runs the scenarios that hold a property step
 * ("for N random sequences of ... the invariant ... holds") with a run count, seed and path of
 * the user's choosing, shows each search's progress, and prints what each search drew.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runFeatures } from './run';

export const PROPERTIES_USAGE = `Usage: kubehave properties [--runs N] [--seed S] [--path P] [paths...]

Runs every scenario with a property step ("for N random sequences of ... the invariant ...
holds") in the feature files (default: every feature under features/), with N random sequences
each instead of the count the scenario gives, and reports progress, the disturbances drawn, and
any counterexample as a scenario with the seed and path that replay it.

  --runs N    random sequences per property (default 1000)
  --seed S    fast-check's seed (default: a fresh one each search, printed)
  --path P    with --seed, replay one counterexample (the path a failure printed)
`;

/** A step line that asks for a search (the two forms of the property step). */
const PROPERTY_STEP = /^\s*(Then|And|But|\*)\s+for \d+ random sequences of /;
const SCENARIO = /^\s*(Scenario|Example|Scenario Outline|Scenario Template):/;

function featureFiles(path: string): string[] {
  if (!existsSync(path)) throw new Error(`no such file or directory: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => featureFiles(join(path, entry)))
    .filter((f) => f.endsWith('.feature'));
}

/** `file:line` of each scenario with a property step: what cucumber is asked to run. */
export function propertyScenarios(paths: string[]): string[] {
  const found: string[] = [];
  for (const file of paths.flatMap(featureFiles)) {
    let scenarioLine = 0;
    let taken = false;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (SCENARIO.test(line)) {
          scenarioLine = i + 1;
          taken = false;
        } else if (scenarioLine && !taken && PROPERTY_STEP.test(line)) {
          found.push(`${relative(process.cwd(), file)}:${scenarioLine}`);
          taken = true;
        }
      });
  }
  return found;
}

interface Flags {
  runs: number;
  seed?: number;
  path?: string;
  paths: string[];
}

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { runs: 1000, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg];
    const value = () => inline ?? args[++i];
    if (name === '--runs' || name === '--seed') {
      const text = value();
      const n = Number(text);
      if (text === undefined || !Number.isInteger(n) || (name === '--runs' && n < 1)) return `${name} needs ${name === '--runs' ? 'a positive whole number' : 'a whole number'}, got ${text === undefined ? 'nothing' : `"${text}"`}`;
      if (name === '--runs') flags.runs = n;
      else flags.seed = n;
    } else if (name === '--path') {
      const text = value();
      if (!text) return '--path needs a path (the one a failure printed)';
      flags.path = text;
    } else if (name.startsWith('-')) {
      return `unknown flag ${name}`;
    } else {
      flags.paths.push(arg);
    }
  }
  if (flags.path !== undefined && flags.seed === undefined) return '--path replays a counterexample only with the --seed it was found with';
  return flags;
}

export async function properties(args: string[]): Promise<number> {
  const flags = parseFlags(args);
  if (typeof flags === 'string') {
    process.stderr.write(`kubehave properties: ${flags}\n\n${PROPERTIES_USAGE}`);
    return 2;
  }
  const roots = flags.paths.length ? flags.paths : [existsSync('features') ? 'features' : resolve(__dirname, '..', 'features')];
  let scenarios: string[];
  try {
    scenarios = propertyScenarios(roots);
  } catch (e) {
    process.stderr.write(`kubehave properties: ${(e as Error).message}\n`);
    return 2;
  }
  if (!scenarios.length) {
    process.stderr.write(`kubehave properties: no scenario in ${roots.join(', ')} has a property step ("for N random sequences of ... the invariant ... holds")\n`);
    return 1;
  }
  // the property step reads these (steps/properties.steps.ts)
  process.env.KUBEHAVE_RUNS = String(flags.runs);
  process.env.KUBEHAVE_PROGRESS = '1';
  if (flags.seed !== undefined) process.env.KUBEHAVE_SEED = String(flags.seed);
  if (flags.path !== undefined) process.env.KUBEHAVE_PATH = flags.path;
  process.stdout.write(`${scenarios.length} propert${scenarios.length === 1 ? 'y' : 'ies'}, ${flags.runs} random sequences each${flags.seed !== undefined ? `, seed ${flags.seed}` : ''}\n`);
  return (await runFeatures(scenarios, process.stdout, { showNotes: true })) ? 0 : 1;
}
