/**
 * The World: one simulated cluster per scenario, and what the last request answered. Steps read
 * and change the cluster only through the methods here, so that each step stays one sentence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { IWorldOptions, setWorldConstructor, World } from '@cucumber/cucumber';
import { RolloutWatch } from './rollout-watch';
import { InvariantMonitor } from '../../engine/invariants/monitor';
import { heal, ReplayChoice } from '../../engine/invariants';
import type { KubectlResult } from '../../kubectl/kubectl';
import type { Bindings } from '../../kubectl/output-match';
import type { CommandResult } from '../../kubectl/transcript';
import {
  Action,
  Cluster,
  ClusterOptions,
  converge,
  settle,
  advance,
  RunOptions,
  createCluster,
  defaultNodes,
  dispatch,
  KObject,
  Outcome,
  parseManifests,
  resourceFor,
  unknownKindError,
  DEFAULT_PROFILE,
  LifecycleProfile,
} from '../../engine';

/**
 * One change a scenario made to its cluster, replayable on another cluster value: what the
 * run-level invariants (determinism, level triggering) replay the scenario with.
 */
export interface JournalEntry {
  replay(c: Cluster, options: RunOptions): Cluster;
  /** a fault in the control loops: the run level triggering compares against leaves it out */
  loopFault?: boolean;
  /** a fault of a node or a container: left out of both runs level triggering compares */
  nodeFault?: boolean;
}

/** What a property step needs of a pickle step (cucumber's messages.PickleStep). */
export interface PickleStepLike {
  id: string;
  text: string;
  type?: string;
  argument?: { docString?: { content: string }; dataTable?: { rows: readonly { cells: readonly { value: string }[] }[] } };
}

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** What a request answered, in the words a person would see. */
export interface RequestRecord {
  description: string;
  ok: boolean;
  /** the API server's (or kubectl's client-side) message when it failed */
  error?: string;
  warnings: string[];
  objects: KObject[];
  /** the cluster before the request, to check that a rejection changed nothing */
  before: Cluster;
  /** what kubectl printed, for the commands whose output the engine words (rollout, set image) */
  output?: string;
}

export class KubehaveWorld extends World {
  private clusterValue?: Cluster;
  options: ClusterOptions = {};
  profile: LifecycleProfile = DEFAULT_PROFILE;
  last?: RequestRecord;
  /** names remembered by earlier steps: "the deleted pod", "the orphaned pod" */
  remembered = new Map<string, string>();
  /** a rollout being watched: every change the control plane makes is shown to it */
  watch?: RolloutWatch;
  /** the last kubectl command line run, and the generated names its expected output bound */
  lastRun?: KubectlResult;
  bindings: Bindings = new Map();
  /** the manifests applied or created so far, the latest version of each: what property runs re-apply */
  applied = new Map<string, KObject>();
  /** the scenario and the step running now: a property step prints the steps before it */
  pickle?: { name: string; steps: readonly PickleStepLike[] };
  currentStepId?: string;
  /** the last transcript verified: its directive errors and a verdict per command */
  verification?: { errors: string[]; results: CommandResult[] };

  constructor(options: IWorldOptions) {
    super(options);
  }

  get cluster(): Cluster {
    if (!this.clusterValue) {
      this.clusterValue = createCluster({ ...this.options, profile: this.profile });
      this.journalStart = this.clusterValue;
    }
    return this.clusterValue;
  }

  /** the cluster the scenario started from, and every change since, in order */
  private journalStart?: Cluster;
  readonly journal: JournalEntry[] = [];

  /** The one way steps change the cluster: the new value, and how to make the same change again. */
  change(next: Cluster, entry: JournalEntry) {
    if (!this.clusterValue) this.journalStart = this.cluster;
    this.clusterValue = next;
    this.journal.push(entry);
    this.monitor.observe(next);
  }

  /** The scenario's changes replayed from its first cluster: what the run-level invariants judge. */
  replayJournal(choice: ReplayChoice): Cluster {
    const options: RunOptions = {};
    let c = this.journalStart ?? this.cluster;
    for (const entry of this.journal) {
      if ((entry.loopFault && !choice.loopFaults) || (entry.nodeFault && !choice.nodeFaults)) continue;
      c = entry.replay(c, options);
      // a resync between steps; faults injected for later steps stay pending
      if (choice.healEachStep) c = heal(c, options, true);
    }
    return c;
  }

  /** The `always` invariants, checked after every action the scenario's cluster goes through. */
  readonly monitor = new InvariantMonitor();

  /** Starts the scenario's cluster afresh with these options (a Background's `Given a cluster ...`). */
  startCluster(options: ClusterOptions) {
    this.options = { ...this.options, ...options };
    this.clusterValue = createCluster({ ...this.options, profile: this.profile });
    this.journalStart = this.clusterValue;
    this.journal.length = 0;
    this.monitor.reset(this.clusterValue);
  }

  withWorkers(workers: number) {
    this.startCluster({ nodes: defaultNodes(workers) });
  }

  /** Changes the lifecycle profile; allowed before anything runs on the cluster. */
  setProfile(profile: LifecycleProfile) {
    this.profile = profile;
    if (this.clusterValue) this.clusterValue = { ...this.clusterValue, profile };
    if (this.journalStart) this.journalStart = { ...this.journalStart, profile };
  }

  /** Sends one action as a user would, and remembers its answer. */
  send(action: Action, description: string): Outcome {
    const before = this.cluster;
    const sent: Action = { actor: 'user', ...action };
    const { cluster, outcome } = dispatch(before, sent);
    this.change(cluster, { replay: (c) => dispatch(c, sent).cluster, loopFault: action.type === 'fault', nodeFault: action.type === 'crash' || action.type === 'health' });
    this.watch?.observe(cluster);
    this.last = {
      description,
      ok: outcome.ok,
      error: outcome.ok ? undefined : outcome.status.message,
      warnings: outcome.ok ? outcome.warnings : [],
      objects: outcome.ok && outcome.object ? [outcome.object] : [],
      before,
    };
    return outcome;
  }

  /** A manifest's text, or undefined when no such file exists where fixtures are looked for. */
  readFixtureIfExists(path: string): string | undefined {
    const found = resolveFixturePath(path);
    return existsSync(found) ? readFileSync(found, 'utf8') : undefined;
  }

  /** A manifest path, relative to the working directory or else to kubehave's own folder (its fixtures/). */
  readFixture(path: string): string {
    const candidates = isAbsolute(path) ? [path] : [resolve(process.cwd(), path), resolve(PROJECT_ROOT, path)];
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new Error(`the manifest "${path}" does not exist (looked in ${candidates.join(' and ')})`);
    return readFileSync(found, 'utf8');
  }

  /**
   * `kubectl apply|create|replace -f`: parse the manifests as kubectl does (its client-side errors
   * stop everything), then send each object; the first rejection is the request's answer.
   */
  submitManifests(verb: 'apply' | 'create' | 'replace', text: string, source: string, changeCause?: string) {
    const before = this.cluster;
    const record: RequestRecord = { description: `${verb} ${source}`, ok: true, warnings: [], objects: [], before };
    this.last = record;
    const parsed = parseManifests(text, source);
    if (!parsed.ok) {
      record.ok = false;
      record.error = parsed.error;
      return;
    }
    let cluster = before;
    const sent: Action[] = [];
    for (const parsedObject of parsed.objects) {
      const object = changeCause === undefined ? parsedObject : withChangeCause(parsedObject, changeCause);
      if (!resourceFor(object.apiVersion, object.kind)) {
        record.ok = false;
        record.error = record.error ?? unknownKindError(object, source);
        continue;
      }
      const action: Action = { type: verb, actor: 'user', object };
      sent.push(action);
      const { cluster: next, outcome } = dispatch(cluster, action);
      cluster = next;
      if (outcome.ok && verb !== 'replace') this.applied.set(`${object.kind}/${object.metadata?.namespace ?? 'default'}/${object.metadata?.name}`, object);
      if (outcome.ok) {
        record.warnings.push(...outcome.warnings);
        if (outcome.object) record.objects.push(outcome.object);
      } else {
        record.ok = false;
        record.error = record.error ?? outcome.status.message;
      }
    }
    this.change(cluster, { replay: (c) => sent.reduce((x, a) => dispatch(x, a).cluster, c) });
    this.watch?.observe(cluster);
  }

  /** A request kubectl worked out on the client side: its error, or the request it sends. */
  sendPlanned(plan: { ok: true; action?: Action; output: string } | { ok: false; error: string }, description: string) {
    if (plan.ok && plan.action) {
      const outcome = this.send(plan.action, description);
      if (outcome.ok) this.last!.output = plan.output;
      return;
    }
    this.last = { description, ok: plan.ok, error: plan.ok ? undefined : plan.error, output: plan.ok ? plan.output : undefined, warnings: [], objects: [], before: this.cluster };
  }

  private runOptions() {
    const watch = this.watch;
    const monitor = this.monitor;
    return { observe: (c: Cluster) => (watch?.observe(c), monitor.observe(c)) };
  }

  converge() {
    this.change(converge(this.cluster, this.runOptions()), { replay: (c, o) => converge(c, o) });
  }

  advance(ms: number) {
    this.change(advance(this.cluster, ms, this.runOptions()), { replay: (c, o) => advance(c, ms, o) });
  }

  /** The loops act on what changed, at this instant: no time passes. */
  settleNow() {
    this.change(settle(this.cluster, this.runOptions()), { replay: (c, o) => settle(c, o) });
  }
}

/** kubectl's --record: the annotation rides along in the object it sends. */
function withChangeCause(object: KObject, cause: string): KObject {
  return { ...object, metadata: { ...object.metadata, annotations: { ...(object.metadata?.annotations ?? {}), 'kubernetes.io/change-cause': cause } } };
}

/** A path as steps read it: relative to the working directory, or else to kubehave's own folder. */
export function resolveFixturePath(path: string): string {
  const candidates = isAbsolute(path) ? [path] : [resolve(process.cwd(), path), resolve(PROJECT_ROOT, path)];
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1];
}

setWorldConstructor(KubehaveWorld);
