/**
 * kubectl on the engine: argv in, API requests to the simulated cluster, what kubectl 1.32 prints
 * out, and its exit code. Client-side checks (flags, manifests, rollback history) happen here,
 * as they do in kubectl; everything else is the API server's answer, worded by kubectl's
 * error handler (cmdutil.CheckErr).
 */
import yaml from 'js-yaml';
import { Action, Cluster, converge, settle, dispatch, KObject, listResources, getResource, parseManifests, unknownKindError, resourceFor, Status } from '../engine';
import { allResources, ResourceInfo } from '../engine/api/resources';
import { canonical } from '../engine/api/json';
import { selectorOf, SelectorError } from '../engine/queries';
import { fromLabelSelector, matches } from '../engine/api/labels';
import { CommandLineError, FlagSpec, GLOBAL_FLAGS, parseFlags, ParsedFlags, unknownCommand } from './command-line';
import { asList, hasTable, isControlPlane, printJson, printTable, printYaml, resourceName, tabulate } from './printers';
import { badRequest as badRequestStatus, notFound } from '../engine/api/status';
import { formatRolloutHistory, planRolloutPause, planRolloutUndo, planSetImage, planStatefulSetRolloutUndo, rolloutHistory, rolloutStatus, statefulSetRolloutHistory, statefulSetRolloutStatus, daemonSetRolloutStatus } from './rollout';
import { CHANGE_CAUSE } from '../engine/controllers/deployment/util';
import { canDescribe, describe, podTemplateRaw } from './describe';
import { curl, ProgramResult } from '../engine/network/curl';
import { containerLogs } from '../engine/node/container-logs';
import { rfc3339Nano } from '../engine/time-format';
import { CONTAINER_PROGRAMS } from '../engine/node/container-exec';
import { configKeyErrors } from '../engine/api/validation/config';
import { customColumns, JsonPathError, renderJsonPath } from './jsonpath';

export interface KubectlSession {
  cluster: Cluster;
  /** the kubeconfig context's namespace */
  namespace?: string;
  /** reads a `-f` path; undefined when it does not exist (the caller decides where paths may point) */
  readFile(path: string): string | undefined;
  /** `kubectl edit`'s editor, non-interactive: the object as saved (unchanged: edit cancelled) */
  edit?: (obj: KObject) => KObject;
}

export interface KubectlResult {
  cluster: Cluster;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they were written, as a terminal shows them */
  combined: string;
  exitCode: number;
  /** kubectl would still be waiting (a deletion that cannot finish): a person would press ^C */
  hung?: boolean;
}

class Output {
  stdout = '';
  stderr = '';
  combined = '';
  exitCode = 0;
  hung = false;
  out(text: string) {
    const t = text.endsWith('\n') ? text : `${text}\n`;
    this.stdout += t;
    this.combined += t;
  }
  raw(text: string) {
    this.stdout += text;
    this.combined += text;
  }
  err(text: string) {
    const t = text.endsWith('\n') ? text : `${text}\n`;
    this.stderr += t;
    this.combined += t;
  }
  fail(line: string) {
    this.err(line);
    this.exitCode = 1;
  }
}

/** What kubectl's CheckErr prints for an API server's Status. */
export function serverErrorText(s: Status, source?: { verb: string; file: string }): string {
  if (s.reason === 'Invalid' && s.details?.causes?.length) {
    const prefix = `The ${s.details.kind} "${s.details.name}" is invalid: `;
    const causes = s.details.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    return causes.length === 1 ? `${prefix}${causes[0]}` : `${prefix}\n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  const message = source ? `error when ${source.verb} "${source.file}": ${s.message}` : s.message;
  return `Error from server (${s.reason}): ${message}`;
}

// ---------------------------------------------------------------------------------------------
// resources

/** A resource as kubectl names it: `pods`, `pod`, `po`, `Pod`, `deployments.apps`, `deploy`. */
export function resolveResource(word: string): ResourceInfo | undefined {
  const w = word.toLowerCase();
  const [name, group] = w.includes('.') ? [w.slice(0, w.indexOf('.')), w.slice(w.indexOf('.') + 1)] : [w, undefined];
  return allResources().find(
    (r) => (group === undefined || r.group === group) && (r.plural === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)),
  );
}

const noResourceType = (word: string) => `the server doesn't have a resource type "${word}"`;

interface Target {
  r: ResourceInfo;
  name?: string;
}

/** `TYPE NAME...` or `TYPE/NAME...`, as resource.Builder reads arguments. */
function targets(args: string[]): Target[] | string {
  if (!args.length) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: Target[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      if (i < 0) return `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`;
      const r = resolveResource(a.slice(0, i));
      if (!r) return noResourceType(a.slice(0, i));
      out.push({ r, name: a.slice(i + 1) });
    }
    return out;
  }
  const types = args[0].split(',');
  const rs: ResourceInfo[] = [];
  for (const t of types) {
    if (t === 'all') {
      // the "all" category, in kubectl's order, of the kinds the engine serves
      rs.push(...['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'cronjobs', 'jobs'].map((k) => resolveResource(k)!));
      continue;
    }
    const r = resolveResource(t);
    if (!r) return noResourceType(t);
    rs.push(r);
  }
  if (args.length === 1) return rs.map((r) => ({ r }));
  return rs.flatMap((r) => args.slice(1).map((name) => ({ r, name })));
}

// ---------------------------------------------------------------------------------------------
// commands

interface Context {
  session: KubectlSession;
  cluster: Cluster;
  namespace: string;
  flags: ParsedFlags;
  o: Output;
}

const flag = (ctx: Context, name: string): string | undefined => ctx.flags.values.get(name)?.slice(-1)[0];
const flagList = (ctx: Context, name: string): string[] => ctx.flags.values.get(name) ?? [];
const boolFlag = (ctx: Context, name: string): boolean => {
  const v = flag(ctx, name);
  return v !== undefined && v !== 'false';
};

interface Command {
  flags: FlagSpec[];
  run(ctx: Context): void;
}

const FILENAME: FlagSpec = { name: 'filename', short: 'f', repeated: true };
const RECORD: FlagSpec = { name: 'record', bool: true, deprecated: '--record will be removed in the future' };
const SELECTOR: FlagSpec = { name: 'selector', short: 'l' };
const OUTPUT: FlagSpec = { name: 'output', short: 'o' };

/** `-f` manifests, parsed with kubectl's client-side checks; false when it already failed. */
function readManifests(ctx: Context): { objects: KObject[]; file: string }[] | false {
  const files = flagList(ctx, 'filename');
  const out: { objects: KObject[]; file: string }[] = [];
  for (const file of files) {
    const text = ctx.session.readFile(file);
    if (text === undefined) {
      ctx.o.fail(`error: the path "${file}" does not exist`);
      return false;
    }
    const parsed = parseManifests(text, file);
    if (!parsed.ok) {
      ctx.o.fail(`error: ${parsed.error}`);
      return false;
    }
    for (const obj of parsed.objects) {
      if (!resourceFor(obj.apiVersion, obj.kind)) {
        ctx.o.fail(`error: ${unknownKindError(obj, file)}`);
        return false;
      }
    }
    out.push({ objects: parsed.objects, file });
  }
  return out;
}

/** The change-cause `--record` writes: the command line with its flags normalised (`--record=true`). */
function changeCause(ctx: Context, commandPath: string): string {
  const flags = [...ctx.flags.values].flatMap(([name, values]) => values.map((v) => ` --${name}=${v}`)).join('');
  const args = ctx.flags.args.length ? ` ${ctx.flags.args.join(' ')}` : '';
  return `kubectl ${commandPath}${args}${flags}`;
}

function send(ctx: Context, action: Action) {
  const { cluster, outcome } = dispatch(ctx.cluster, { actor: 'kubectl', ...action });
  ctx.cluster = cluster;
  return outcome;
}

function writeManifests(ctx: Context, verb: 'apply' | 'create' | 'replace') {
  if (!flagList(ctx, 'filename').length) {
    ctx.o.fail(verb === 'apply' ? 'error: must specify one of -f and -k' : `error: must specify one of -f and -k`);
    return;
  }
  const sets = readManifests(ctx);
  if (!sets) return;
  const cause = boolFlag(ctx, 'record') ? changeCause(ctx, verb) : undefined;
  for (const { objects, file } of sets) {
    for (const original of objects) {
      const object = cause ? { ...original, metadata: { ...original.metadata, annotations: { ...(original.metadata?.annotations ?? {}), [CHANGE_CAUSE]: cause } } } : original;
      if (!object.metadata?.namespace && ctx.namespace !== 'default') object.metadata = { ...object.metadata, namespace: ctx.namespace };
      const outcome = send(ctx, { type: verb, object });
      const r = resourceFor(object.apiVersion, object.kind)!;
      if (!outcome.ok) {
        const exists = !!getResource(ctx.cluster, r.kind, object.metadata?.name ?? '', object.metadata?.namespace ?? ctx.namespace);
        ctx.o.fail(serverErrorText(outcome.status, { verb: verb === 'replace' ? 'replacing' : exists && verb === 'apply' ? 'patching' : 'creating', file }));
        continue;
      }
      for (const w of outcome.warnings) ctx.o.err(`Warning: ${w}`);
      const result = verb === 'replace' ? 'replaced' : outcome.result === 'unchanged' ? 'unchanged' : outcome.result === 'created' ? 'created' : 'configured';
      ctx.o.out(`${resourceName(r, outcome.object?.metadata.name ?? '')} ${result}`);
    }
  }
}

function listTargets(ctx: Context, t: Target, allNamespaces: boolean): KObject[] | Status {
  const ns = allNamespaces ? '*' : ctx.namespace;
  if (t.name) {
    const obj = getResource(ctx.cluster, t.r.kind, t.name, ctx.namespace);
    if (!obj) return notFound(t.r, t.name);
    return [obj];
  }
  const selector = flag(ctx, 'selector');
  const listed = listResources(ctx.cluster, t.r.kind, { namespace: ns, ...(selector !== undefined ? { selector } : {}) });
  const fieldSelector = flag(ctx, 'field-selector');
  if (fieldSelector === undefined) return listed;
  const filter = parseFieldSelector(t.r, fieldSelector);
  if (typeof filter === 'string') return badRequestStatus(`Unable to find "${t.r.group}/${t.r.version}, Resource=${t.r.plural}" that match label selector "${selector ?? ''}", field selector "${fieldSelector}": ${filter}`);
  return listed.filter(filter);
}

/** A field's value by its dotted path, as the field selector compares it (a missing one is empty, or its default). */
const fieldAt = (path: string, missing = '') => (o: KObject) => String(path.split('.').reduce<any>((v, k) => v?.[k], o) ?? missing);

/** The fields each kind can be selected by besides metadata.name and metadata.namespace (its registry's field label conversion). */
const SELECTABLE_FIELDS: Record<string, Record<string, (o: KObject) => string>> = {
  Pod: {
    ...Object.fromEntries(['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'].map((f) => [f, fieldAt(f)])),
    'spec.hostNetwork': fieldAt('spec.hostNetwork', 'false'),
  },
  Node: { 'spec.unschedulable': fieldAt('spec.unschedulable', 'false') },
  Namespace: { 'status.phase': fieldAt('status.phase') },
  Secret: { type: fieldAt('type') },
  ReplicaSet: { 'status.replicas': fieldAt('status.replicas', '0') },
  ReplicationController: { 'status.replicas': fieldAt('status.replicas', '0') },
  Job: { 'status.successful': fieldAt('status.succeeded', '0') },
  // pkg/apis/core/v1/conversion.go: the event field labels
  Event: Object.fromEntries(
    ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'reason', 'type', 'reportingComponent'].map((f) => [f, fieldAt(f)]).concat([['source', fieldAt('source.component')]]),
  ),
};

/**
 * `--field-selector a=b,c!=d` (fields.ParseSelector): a filter, or the API server's reason for
 * refusing it: kinds with their own field labels say `field label not supported`, the others
 * that only the metadata fields are known.
 */
function parseFieldSelector(r: ResourceInfo, text: string): ((o: KObject) => boolean) | string {
  const own = SELECTABLE_FIELDS[r.kind];
  const fields: Record<string, (o: KObject) => string> = { 'metadata.name': fieldAt('metadata.name'), 'metadata.namespace': fieldAt('metadata.namespace'), ...(own ?? {}) };
  const terms: { get: (o: KObject) => string; value: string; not: boolean }[] = [];
  for (const part of text.split(',').filter(Boolean)) {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(part.trim());
    if (!m) return `invalid selector: '${text}'; can't understand '${part}'`;
    const get = fields[m[1]];
    if (!get) return own ? `field label not supported: ${m[1]}` : `"${m[1]}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
    terms.push({ get, value: m[3], not: m[2] === '!=' });
  }
  return (o) => terms.every((t) => (t.get(o) === t.value) !== t.not);
}


function sortKeysDeep(v: unknown): unknown {
  return JSON.parse(canonical(v));
}

const get: Command = {
  flags: [OUTPUT, SELECTOR, { name: 'field-selector' }, { name: 'all-namespaces', short: 'A', bool: true }, { name: 'show-labels', bool: true }, { name: 'label-columns', short: 'L' }, { name: 'no-headers', bool: true }, { name: 'watch', short: 'w', bool: true }],
  run(ctx) {
    if (!ctx.flags.args.length) {
      ctx.o.fail(
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
      );
      return;
    }
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    const output = flag(ctx, 'output') ?? '';
    const jsonpath = /^jsonpath=(.*)$/s.exec(output)?.[1];
    const custom = /^custom-columns=(.*)$/s.exec(output)?.[1];
    if (!['', 'wide', 'name', 'yaml', 'json'].includes(output) && jsonpath === undefined && custom === undefined) {
      return ctx.o.fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
    }
    const all = boolFlag(ctx, 'all-namespaces');
    const found: KObject[] = [];
    const tables: string[] = [];
    let errors = 0;
    const byKind = new Map<string, KObject[]>();
    for (const t of ts) {
      let objs: KObject[] | Status;
      try {
        objs = listTargets(ctx, t, all);
      } catch (e) {
        if (e instanceof SelectorError) return ctx.o.fail(`error: ${e.message}`);
        throw e;
      }
      if (!Array.isArray(objs)) {
        ctx.o.fail(serverErrorText(objs));
        errors++;
        continue;
      }
      found.push(...objs);
      byKind.set(t.r.kind, [...(byKind.get(t.r.kind) ?? []), ...objs]);
    }
    if (custom !== undefined) {
      const rows = customColumns(custom, found.map((o) => JSON.parse(canonical(o))));
      if ('error' in rows) return ctx.o.fail(`error: ${rows.error}`);
      if (found.length) ctx.o.out(tabulate(rows));
      else if (!errors) ctx.o.err(`No resources found in ${ctx.namespace} namespace.`);
      return;
    }
    if (jsonpath !== undefined) {
      if (!found.length && errors) return;
      const single = found.length === 1 && ts.length === 1 && ts[0].name;
      try {
        // kubectl prints a template's text as it is: no newline is added
        ctx.o.raw(renderJsonPath(jsonpath, JSON.parse(canonical(single ? found[0] : asList(found)))));
      } catch (e) {
        if (!(e instanceof JsonPathError)) throw e;
        ctx.o.fail(`error: error parsing jsonpath ${jsonpath}, ${e.message}`);
      }
      return;
    }
    if (output === 'yaml' || output === 'json') {
      if (!found.length && errors) return;
      const single = found.length === 1 && ts.length === 1 && ts[0].name;
      const value = sortKeysDeep(single ? found[0] : asList(found));
      ctx.o.out(output === 'yaml' ? printYaml(value) : printJson(value));
      return;
    }
    if (output === 'name') {
      for (const obj of found) ctx.o.out(resourceName(resourceFor(obj.apiVersion, obj.kind)!, obj.metadata.name!));
      return;
    }
    // multipleGVKsRequested: kinds are named in the rows when the objects found are of several kinds
    const several = [...byKind.values()].filter((objs) => objs.length).length > 1;
    for (const [kind, objs] of byKind) {
      if (!objs.length || !hasTable(kind)) continue;
      const r = resolveResource(kind)!;
      tables.push(
        printTable(kind, objs, ctx.cluster.now, {
          wide: output === 'wide',
          showLabels: boolFlag(ctx, 'show-labels'),
          withNamespace: all && r.namespaced,
          noHeaders: boolFlag(ctx, 'no-headers'),
          labelColumns: flagList(ctx, 'label-columns').flatMap((v) => v.split(',')).filter(Boolean),
          ...(several ? { kindPrefix: `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}` } : {}),
        }),
      );
    }
    if (tables.length) ctx.o.out(tables.join('\n'));
    else if (!errors) ctx.o.err(all || !ts[0].r.namespaced ? 'No resources found' : `No resources found in ${ctx.namespace} namespace.`);
    if (boolFlag(ctx, 'watch')) watchRows(ctx, ts, all, output === 'wide');
  },
};

/**
 * `get -w`: after the table, a row for every change of a watched object (its state then, the
 * last one for a deletion), for as long as the cluster keeps changing; then kubectl waits for
 * more, until ^C.
 */
function watchRows(ctx: Context, ts: Target[], all: boolean, wide: boolean) {
  if (ts.length !== 1) return ctx.o.fail('error: you may only specify a single resource type');
  const t = ts[0];
  const selector = flag(ctx, 'selector');
  const visible = (c: Cluster) =>
    new Map(
      (t.name ? [getResource(c, t.r.kind, t.name, ctx.namespace)].filter((o): o is KObject => !!o) : listResources(c, t.r.kind, { namespace: all ? '*' : ctx.namespace, ...(selector !== undefined ? { selector } : {}) })).map(
        (o) => [`${o.metadata.namespace}/${o.metadata.name}`, o] as const,
      ),
    );
  let seen = visible(ctx.cluster);
  const look = (c: Cluster) => {
    const now = visible(c);
    const changed: KObject[] = [];
    for (const [k, o] of now) if (seen.get(k)?.metadata.resourceVersion !== o.metadata.resourceVersion) changed.push(o);
    for (const [k, o] of seen) if (!now.has(k)) changed.push(o);
    seen = now;
    if (!changed.length) return;
    // each event is printed and flushed on its own, so its columns have their own widths
    const table = printTable(t.r.kind, changed, c.now, { wide, showLabels: boolFlag(ctx, 'show-labels'), withNamespace: all && t.r.namespaced, noHeaders: false });
    ctx.o.raw(table.split('\n').slice(1).join('\n'));
  };
  ctx.cluster = converge(ctx.cluster, { observe: look });
  ctx.o.hung = true;
}

const apply: Command = { flags: [FILENAME, RECORD], run: (ctx) => writeManifests(ctx, 'apply') };
const create: Command = { flags: [FILENAME, RECORD, { name: 'save-config', bool: true }], run: (ctx) => writeManifests(ctx, 'create') };
const replace: Command = { flags: [FILENAME, RECORD], run: (ctx) => writeManifests(ctx, 'replace') };

/** The virtual time kubectl delete waits for objects to go before a person would give up. */
const DELETE_WAIT_MS = 10 * 60 * 1000;

const del: Command = {
  flags: [FILENAME, SELECTOR, { name: 'all', bool: true }, { name: 'grace-period' }, { name: 'force', bool: true }, { name: 'now', bool: true }, { name: 'cascade', noOptDefault: 'background' }, { name: 'wait', bool: true }],
  run(ctx) {
    const refs: { r: ResourceInfo; name: string; namespace: string }[] = [];
    if (flagList(ctx, 'filename').length) {
      const sets = readManifests(ctx);
      if (!sets) return;
      for (const { objects } of sets) for (const obj of objects) refs.push({ r: resourceFor(obj.apiVersion, obj.kind)!, name: obj.metadata.name!, namespace: obj.metadata.namespace ?? ctx.namespace });
    } else {
      const ts = targets(ctx.flags.args);
      if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
      if (!ts.length) return ctx.o.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
      for (const t of ts) {
        if (t.name) refs.push({ r: t.r, name: t.name, namespace: ctx.namespace });
        else if (flag(ctx, 'selector') !== undefined || boolFlag(ctx, 'all')) {
          for (const obj of listResources(ctx.cluster, t.r.kind, { namespace: ctx.namespace, ...(flag(ctx, 'selector') !== undefined ? { selector: flag(ctx, 'selector') } : {}) })) {
            refs.push({ r: t.r, name: obj.metadata.name!, namespace: ctx.namespace });
          }
        } else return ctx.o.fail('error: resource(s) were provided, but no name was specified');
      }
      if (!refs.length) return ctx.o.err(`No resources found`);
    }
    const cascade = flag(ctx, 'cascade') ?? 'background';
    const policy = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
    const force = boolFlag(ctx, 'force');
    const graceFlag = flag(ctx, 'grace-period');
    const grace = boolFlag(ctx, 'now') ? 1 : graceFlag !== undefined ? Number(graceFlag) : force ? 0 : undefined;
    if (force && grace === 0) ctx.o.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
    const deleted: typeof refs = [];
    for (const ref of refs) {
      const outcome = send(ctx, { type: 'delete', ref: { kind: ref.r.kind, namespace: ref.namespace, name: ref.name }, propagationPolicy: policy, ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}) });
      if (!outcome.ok) {
        ctx.o.fail(serverErrorText(outcome.status));
        continue;
      }
      ctx.o.out(`${ref.r.kind.toLowerCase()}${ref.r.group ? `.${ref.r.group}` : ''} "${ref.name}" ${force && grace === 0 ? 'force deleted' : 'deleted'}`);
      deleted.push(ref);
    }
    // --wait (the default): until every deleted object is gone
    if (flag(ctx, 'wait') === 'false' || !deleted.length) return;
    const gone = (c: Cluster) => deleted.every((ref) => !getResource(c, ref.r.kind, ref.name, ref.namespace));
    let c = ctx.cluster;
    const limit = c.now + DELETE_WAIT_MS;
    c = converge(c);
    if (!gone(c) && c.now < limit) ctx.o.hung = true;
    ctx.cluster = c;
  },
};

const scale: Command = {
  flags: [{ name: 'replicas', int: true }, FILENAME],
  run(ctx) {
    const replicas = flag(ctx, 'replicas');
    if (replicas === undefined) return ctx.o.fail('error: required flag(s) "replicas" not set');
    if (Number(replicas) < 0) return ctx.o.fail('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    if (!ts.length) return ctx.o.fail('error: required resource not specified');
    for (const t of ts) {
      if (!t.name) return ctx.o.fail('error: resource(s) were provided, but no name was specified');
      const outcome = send(ctx, { type: 'scale', ref: { kind: t.r.kind, namespace: ctx.namespace, name: t.name }, replicas: Number(replicas) });
      if (!outcome.ok) ctx.o.fail(serverErrorText(outcome.status));
      else ctx.o.out(`${resourceName(t.r, t.name)} scaled`);
    }
  },
};

/** label and annotate: `key=value` sets, `key-` removes; an existing value needs --overwrite. */
function metadataCommand(field: 'labels' | 'annotations', verb: string): Command {
  return {
    flags: [{ name: 'overwrite', bool: true }, SELECTOR, { name: 'all', bool: true }],
    run(ctx) {
      const args = ctx.flags.args;
      const firstChange = args.findIndex((a) => a.includes('=') || a.endsWith('-'));
      const resArgs = firstChange < 0 ? args : args.slice(0, firstChange);
      const changes = firstChange < 0 ? [] : args.slice(firstChange);
      if (!changes.length) return ctx.o.fail(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
      const ts = targets(resArgs);
      if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
      const patchValue: Record<string, string | null> = {};
      for (const ch of changes) {
        if (ch.endsWith('-') && !ch.includes('=')) patchValue[ch.slice(0, -1)] = null;
        else patchValue[ch.slice(0, ch.indexOf('='))] = ch.slice(ch.indexOf('=') + 1);
      }
      for (const t of ts) {
        const objs = t.name ? [getResource(ctx.cluster, t.r.kind, t.name, ctx.namespace)] : listResources(ctx.cluster, t.r.kind, { namespace: ctx.namespace, ...(flag(ctx, 'selector') ? { selector: flag(ctx, 'selector') } : {}) });
        for (const [i, obj] of objs.entries()) {
          if (!obj) {
            ctx.o.fail(serverErrorText(notFound(t.r, t.name ?? String(i))));
            continue;
          }
          const current = obj.metadata[field] ?? {};
          const clash = Object.entries(patchValue).find(([k, v]) => v !== null && k in current && current[k] !== v);
          if (clash && !boolFlag(ctx, 'overwrite')) {
            ctx.o.fail(`error: '${clash[0]}' already has a value (${current[clash[0]]}), and --overwrite is false`);
            continue;
          }
          const outcome = send(ctx, { type: 'patch', ref: { kind: t.r.kind, namespace: obj.metadata.namespace, name: obj.metadata.name! }, patchType: 'merge', patch: { metadata: { [field]: patchValue } } });
          if (!outcome.ok) ctx.o.fail(serverErrorText(outcome.status));
          else {
            // updateDataChangeMsg: a change that only removed (without --overwrite) is "unlabeled"
            const removedOnly = Object.values(patchValue).every((v) => v === null) && !boolFlag(ctx, 'overwrite');
            const message = outcome.result === 'unchanged' ? `not ${verb}` : removedOnly && field === 'labels' ? 'unlabeled' : verb;
            ctx.o.out(`${resourceName(t.r, obj.metadata.name!)} ${message}`);
          }
        }
      }
    },
  };
}

function deploymentTarget(ctx: Context, usage: string, kinds: string[] = ['Deployment']): string | undefined {
  return workloadTarget(ctx, usage, kinds)?.name;
}

/** The one workload a command names (`deployment/x`, `ds x`), of one of the kinds it handles. */
function workloadTarget(ctx: Context, usage: string, kinds: string[]): { kind: string; name: string } | undefined {
  const ts = targets(ctx.flags.args.slice(0, ctx.flags.args[0]?.includes('/') ? 1 : 2));
  if (typeof ts === 'string') {
    ctx.o.fail(`error: ${ts}`);
    return undefined;
  }
  if (!ts.length) {
    ctx.o.fail(`error: ${usage}`);
    return undefined;
  }
  const t = ts[0];
  if (!kinds.includes(t.r.kind)) {
    ctx.o.fail(`error: no ${usage.includes('rollout') ? 'rollbacker' : 'handler'} has been implemented for "${t.r.kind}"`);
    return undefined;
  }
  if (!t.name) {
    ctx.o.fail('error: resource(s) were provided, but no name was specified');
    return undefined;
  }
  return { kind: t.r.kind, name: t.name };
}

function runPlan(ctx: Context, plan: ReturnType<typeof planRolloutUndo>) {
  if (!plan.ok) return ctx.o.fail(`error: ${plan.error}`);
  if (plan.action) {
    const outcome = send(ctx, plan.action);
    if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
  }
  ctx.o.out(plan.output);
}

const setImage: Command = {
  flags: [RECORD, { name: 'all', bool: true }, SELECTOR],
  run(ctx) {
    const args = ctx.flags.args;
    const split = args.findIndex((a) => a.includes('='));
    if (split < 0) return ctx.o.fail('error: at least one image update is required');
    const target = workloadTarget({ ...ctx, flags: { ...ctx.flags, args: args.slice(0, split) } } as Context, 'required resource not specified', ['Deployment', 'DaemonSet', 'StatefulSet']);
    if (target === undefined) return;
    const images = Object.fromEntries(args.slice(split).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
    runPlan(ctx, planSetImage(ctx.cluster, target, images, boolFlag(ctx, 'record') ? changeCause(ctx, 'set image') : undefined, ctx.namespace));
  },
};

const rolloutUndo: Command = {
  flags: [{ name: 'to-revision', int: true }],
  run(ctx) {
    const target = workloadTarget(ctx, 'required resource not specified', ['Deployment', 'StatefulSet']);
    if (target === undefined) return;
    const to = Number(flag(ctx, 'to-revision') ?? 0);
    const plan = target.kind === 'StatefulSet' ? planStatefulSetRolloutUndo(ctx.cluster, target.name, to, ctx.namespace) : planRolloutUndo(ctx.cluster, target.name, to, ctx.namespace);
    runPlan(ctx, plan);
  },
};

const rolloutPause = (paused: boolean): Command => ({
  flags: [],
  run(ctx) {
    const name = deploymentTarget(ctx, 'required resource not specified');
    if (name === undefined) return;
    const plan = planRolloutPause(ctx.cluster, name, paused, ctx.namespace);
    if (!plan.ok) return ctx.o.fail(`error: ${plan.error}`);
    runPlan(ctx, plan);
  },
});

const rolloutHistoryCommand: Command = {
  flags: [{ name: 'revision', int: true }],
  run(ctx) {
    const target = workloadTarget(ctx, 'required resource not specified', ['Deployment', 'StatefulSet']);
    if (target === undefined) return;
    const name = target.name;
    const kindName = target.kind === 'StatefulSet' ? 'statefulset.apps' : 'deployment.apps';
    const history = target.kind === 'StatefulSet' ? statefulSetRolloutHistory(ctx.cluster, name, ctx.namespace) : rolloutHistory(ctx.cluster, name, ctx.namespace);
    if ('error' in history) return ctx.o.fail(`Error from server (NotFound): ${history.error}`);
    const revision = Number(flag(ctx, 'revision') ?? 0);
    if (revision > 0) {
      const entry = history.find((h) => h.revision === revision);
      if (!entry) return ctx.o.fail('error: unable to find the specified revision');
      // ViewHistory puts the change cause among the template's annotations before printing it
      const template = JSON.parse(JSON.stringify(entry.template ?? {}));
      if (entry.changeCause) template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: entry.changeCause } };
      ctx.o.out(`${kindName}/${name} with revision #${revision}\n${podTemplateRaw(template)}`);
      return;
    }
    ctx.o.out(formatRolloutHistory(name, history, kindName));
  },
};

/** rollout status: watches the Deployment, printing each new line, until it is rolled out or fails. */
const rolloutStatusCommand: Command = {
  flags: [{ name: 'watch', short: 'w', bool: true }, { name: 'timeout' }, { name: 'revision' }],
  run(ctx) {
    const target = workloadTarget(ctx, 'required resource not specified', ['Deployment', 'StatefulSet', 'DaemonSet']);
    if (target === undefined) return;
    const name = target.name;
    const viewers = { StatefulSet: statefulSetRolloutStatus, DaemonSet: daemonSetRolloutStatus, Deployment: rolloutStatus } as const;
    const statusOf = (c: Cluster) => viewers[target.kind as keyof typeof viewers](c, name, ctx.namespace);
    const first = statusOf(ctx.cluster);
    if ('error' in first) return ctx.o.fail(first.error.includes('not found') ? `Error from server (NotFound): ${first.error}` : `error: ${first.error}`);
    // kubectl prints a line for every event of the watch (each write of the Deployment), repeats included
    let seen = '';
    let finished = false;
    let failed = '';
    const look = (c: Cluster) => {
      if (finished || failed) return;
      const d = getResource(c, target.kind, name, ctx.namespace);
      if (!d || d.metadata.resourceVersion === seen) return;
      seen = d.metadata.resourceVersion!;
      const s = statusOf(c);
      if ('error' in s) {
        failed = s.error;
        return;
      }
      ctx.o.out(s.line);
      if (s.done) finished = true;
    };
    look(ctx.cluster);
    if (!finished && !failed && flag(ctx, 'watch') !== 'false') ctx.cluster = converge(ctx.cluster, { observe: look });
    if (failed) ctx.o.fail(`error: ${failed}`);
    else if (!finished && flag(ctx, 'watch') !== 'false') ctx.o.hung = true;
  },
};

const describeCommand: Command = {
  flags: [SELECTOR, { name: 'all-namespaces', short: 'A', bool: true }, { name: 'show-events', bool: true }],
  run(ctx) {
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    if (!ts.length) return ctx.o.fail('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.');
    const texts: string[] = [];
    for (const t of ts) {
      if (!canDescribe(t.r.kind)) return ctx.o.fail(`kubehave: "kubectl describe ${t.r.plural}" is not simulated yet`);
      const objs = listTargets(ctx, t, boolFlag(ctx, 'all-namespaces'));
      if (!Array.isArray(objs)) {
        ctx.o.fail(serverErrorText(objs));
        continue;
      }
      for (const obj of objs) texts.push(describe(ctx.cluster, obj));
    }
    if (texts.length) ctx.o.out(texts.join('\n\n'));
    else if (ctx.o.exitCode === 0) ctx.o.err(`No resources found in ${ctx.namespace} namespace.`);
  },
};

/** The container name kubectl derives from an image: its last path segment, without tag or digest. */
function containerNameOf(image: string): string {
  return image.split('/').pop()!.split('@')[0].split(':')[0];
}

function createObject(ctx: Context, object: KObject) {
  const outcome = send(ctx, { type: 'create', object: { ...object, metadata: { ...object.metadata, ...(resourceFor(object.apiVersion, object.kind)!.namespaced ? { namespace: ctx.namespace } : {}) } } });
  if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
  ctx.o.out(`${resourceName(resourceFor(object.apiVersion, object.kind)!, object.metadata.name!)} created`);
}

/** `kubectl run NAME --image=IMAGE`: a pod labelled run=NAME (the generator of kubectl 1.18+). */
const run: Command = {
  flags: [{ name: 'image' }, { name: 'restart' }, { name: 'port' }, { name: 'labels', short: 'l' }, { name: 'command', bool: true }, { name: 'env', repeated: true }, { name: 'rm', bool: true }, { name: 'stdin', short: 'i', bool: true }, { name: 'tty', short: 't', bool: true }],
  run(ctx) {
    const [name, ...rest] = ctx.flags.args;
    if (!name) return ctx.o.fail('error: NAME is required for run');
    const image = flag(ctx, 'image');
    if (!image) return ctx.o.fail('error: required flag(s) "image" not set');
    const attach = boolFlag(ctx, 'stdin') || boolFlag(ctx, 'tty');
    if (boolFlag(ctx, 'rm') && !attach) return ctx.o.fail('error: --rm should only be used for attached containers');
    if (attach && !(boolFlag(ctx, 'command') && rest[0] === 'curl')) return ctx.o.fail('kubehave: "kubectl run -i" attaches only to a `--command -- curl ...` here (the simulated containers run curl and nothing else interactively)');
    const restart = flag(ctx, 'restart') ?? 'Always';
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) return ctx.o.fail(`error: invalid restart policy: ${restart}`);
    const labels = flag(ctx, 'labels') ? Object.fromEntries(flag(ctx, 'labels')!.split(',').map((kv) => kv.split('='))) : { run: name };
    const container: Record<string, unknown> = { name, image };
    if (rest.length) container[boolFlag(ctx, 'command') ? 'command' : 'args'] = rest;
    if (flag(ctx, 'port')) container.ports = [{ containerPort: Number(flag(ctx, 'port')) }];
    const env = flagList(ctx, 'env').map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: kv.slice(kv.indexOf('=') + 1) }));
    if (env.length) container.env = env;
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, namespace: ctx.namespace }, spec: { containers: [container], restartPolicy: restart } };
    if (!attach) return createObject(ctx, pod);
    // attached: the pod is created, started, its command's output streamed; --rm deletes it after
    const outcome = send(ctx, { type: 'create', object: pod });
    if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
    ctx.cluster = converge(ctx.cluster);
    const r = curlFromPod(ctx, getResource(ctx.cluster, 'Pod', name, ctx.namespace)!, rest.slice(1));
    if (!r) return;
    if (boolFlag(ctx, 'rm')) {
      send(ctx, { type: 'delete', ref: { kind: 'Pod', namespace: ctx.namespace, name } });
      ctx.cluster = converge(ctx.cluster);
      ctx.o.out(`pod "${name}" deleted`);
    }
    if (r.exitCode) ctx.o.fail(`pod ${ctx.namespace}/${name} terminated (Error)`);
  },
};

/** curl run in a pod, its output written as the terminal shows it; undefined while it still waits (a person would press ^C). */
function curlFromPod(ctx: Context, pod: KObject, args: string[]): ProgramResult | undefined {
  const r = curl(ctx.cluster, { pod }, args);
  ctx.cluster = r.cluster;
  if (r.hung) {
    ctx.o.hung = true;
    return undefined;
  }
  if (r.stdout) ctx.o.raw(r.stdout);
  if (r.stderr) ctx.o.err(r.stderr);
  return r;
}

/** `kubectl exec POD [-c CONTAINER] -- COMMAND...`: the simulated containers run `curl`, `nslookup`, `env`, `printenv`, `hostname`, and `rm`, `touch`, `mkdir` on their files. */
/**
 * `kubectl logs POD|TYPE/NAME [-c C] [-p] [--tail=N] [--timestamps] [-f]` (logs.go): one container's
 * log (the first, with kubectl's notice, when the pod has several and none is named); with -f,
 * a running container's log stays open until interrupted.
 */
const logs: Command = {
  flags: [{ name: 'container', short: 'c' }, { name: 'previous', short: 'p', bool: true }, { name: 'tail', int: true }, { name: 'follow', short: 'f', bool: true }, { name: 'timestamps', bool: true }],
  run(ctx) {
    const [target] = ctx.flags.args;
    if (!target) return ctx.o.fail("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    const found = attachablePod(ctx, target);
    if (typeof found === 'string') return ctx.o.fail(found);
    const { pod } = found;
    if (found.among > 1) ctx.o.err(`Found ${found.among} pods, using pod/${pod.metadata.name}`);
    const containers: { name: string }[] = pod.spec?.containers ?? [];
    let name = flag(ctx, 'container');
    if (name === undefined) {
      name = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0]?.name;
      if (containers.length > 1) ctx.o.err(`Defaulted container "${name}" out of: ${containers.map((x) => x.name).join(', ')}`);
    }
    const result = containerLogs(ctx.cluster, pod, name!, boolFlag(ctx, 'previous'));
    if ('error' in result) return ctx.o.fail(`Error from server (BadRequest): ${result.error}`);
    let lines = result.lines.flatMap((l) => l.text.replace(/\n$/, '').split('\n').map((text) => ({ at: l.at, text })));
    const tail = flag(ctx, 'tail');
    if (tail !== undefined && Number(tail) >= 0) lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
    for (const l of lines) ctx.o.out(boolFlag(ctx, 'timestamps') ? `${rfc3339Nano(l.at)} ${l.text}` : l.text);
    const running = (pod.status?.containerStatuses ?? []).some((st: any) => st.name === name && st.state?.running);
    if (boolFlag(ctx, 'follow') && running && !boolFlag(ctx, 'previous')) ctx.o.hung = true;
  },
};

const exec: Command = {
  flags: [{ name: 'container', short: 'c' }, { name: 'stdin', short: 'i', bool: true }, { name: 'tty', short: 't', bool: true }],
  run(ctx) {
    const [target, ...command] = ctx.flags.args;
    if (!target) return ctx.o.fail('error: pod, type/name or --filename must be specified');
    if (!command.length) return ctx.o.fail('error: you must specify at least one command for the container');
    const found = attachablePod(ctx, target);
    if (typeof found === 'string') return ctx.o.fail(found);
    const { pod } = found;
    const name = pod.metadata.name!;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return ctx.o.fail(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
    const containers: { name: string }[] = pod.spec?.containers ?? [];
    const chosen = flag(ctx, 'container') ?? containers[0]?.name;
    if (!flag(ctx, 'container') && containers.length > 1) ctx.o.err(`Defaulted container "${chosen}" out of: ${containers.map((c) => c.name).join(', ')}`);
    const status = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === chosen);
    if (!containers.some((c) => c.name === chosen)) return ctx.o.fail(`error: unable to upgrade connection: container ${chosen} not found in pod ${name}`);
    if (!status?.state?.running) return ctx.o.fail(`error: unable to upgrade connection: container not found ("${chosen}")`);
    const program = command[0].split('/').pop()!;
    let r: ProgramResult | undefined;
    if (program === 'curl') r = curlFromPod(ctx, pod, command.slice(1));
    else {
      const run = CONTAINER_PROGRAMS[program];
      if (!run) return ctx.o.fail(`kubehave: "${command.join(' ')}" is not a command the simulated containers run (curl, ${Object.keys(CONTAINER_PROGRAMS).join(', ')})`);
      const answer = run(ctx.cluster, pod, chosen, command);
      if (typeof answer === 'string') return ctx.o.fail(`kubehave: ${answer}`);
      r = answer;
      ctx.cluster = r.cluster;
      if (r.stdout) ctx.o.raw(r.stdout);
      if (r.stderr) ctx.o.err(r.stderr);
    }
    if (!r) return;
    if (r.exitCode) {
      ctx.o.fail(`command terminated with exit code ${r.exitCode}`);
      ctx.o.exitCode = r.exitCode;
    }
  },
};

/**
 * The data of `create configmap|secret` from its sources, in kubectl's order (files, literals, env
 * files) and words; undefined once it failed. Keys must be config keys and appear once.
 */
function dataSources(ctx: Context, name: string, kind: 'ConfigMap' | 'Secret'): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  const add = (key: string, value: string): boolean => {
    const errs = configKeyErrors(key);
    if (errs.length) {
      ctx.o.fail(`error: "${key}" is not a valid key name for a ${kind}: ${errs.join(';')}`);
      return false;
    }
    if (key in data) {
      ctx.o.fail(`error: cannot add key "${key}", another key by that name already exists in Data for ${kind} "${name}"`);
      return false;
    }
    data[key] = value;
    return true;
  };
  for (const source of flagList(ctx, 'from-file')) {
    const eq = source.indexOf('=');
    const [key, path] = eq > 0 ? [source.slice(0, eq), source.slice(eq + 1)] : [source.split('/').pop()!, source];
    const text = ctx.session.readFile(path);
    if (text === undefined) {
      ctx.o.fail(`error: error reading ${path}: no such file or directory`);
      return undefined;
    }
    if (!add(key, text)) return undefined;
  }
  for (const literal of flagList(ctx, 'from-literal')) {
    const eq = literal.indexOf('=');
    if (eq <= 0) {
      ctx.o.fail(`error: invalid literal source ${literal}, expected key=value`);
      return undefined;
    }
    if (!add(literal.slice(0, eq), literal.slice(eq + 1))) return undefined;
  }
  for (const path of flagList(ctx, 'from-env-file')) {
    const text = ctx.session.readFile(path);
    if (text === undefined) {
      ctx.o.fail(`error: error reading ${path}: no such file or directory`);
      return undefined;
    }
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) continue;
      const eq = trimmed.indexOf('=');
      if (!add(eq < 0 ? trimmed : trimmed.slice(0, eq), eq < 0 ? '' : trimmed.slice(eq + 1))) return undefined;
    }
  }
  return data;
}

/**
 * The pod `exec` attaches to: a pod by name, or for `TYPE/NAME` of a workload or Service one of
 * the pods its selector matches (polymorphichelpers.AttachablePodForObject: the best by
 * podutils.ByLogging, here a running and ready one first, then the oldest); an error text otherwise.
 */
function attachablePod(ctx: Context, target: string): { pod: KObject; among: number } | string {
  const slash = target.indexOf('/');
  const r = slash < 0 ? resolveResource('pods')! : resolveResource(target.slice(0, slash));
  const name = slash < 0 ? target : target.slice(slash + 1);
  if (!r) return `error: the server doesn't have a resource type "${target.slice(0, slash)}"`;
  const obj = getResource(ctx.cluster, r.kind, name, ctx.namespace);
  if (!obj) return `Error from server (NotFound): ${r.group ? `${r.plural}.${r.group}` : r.plural} "${name}" not found`;
  if (r.kind === 'Pod') return { pod: obj, among: 1 };
  // a Service's selector is a plain map; the workloads' is the one their controllers use
  const selector = r.kind === 'Service' ? fromLabelSelector({ matchLabels: obj.spec?.selector ?? {} }) : selectorOf(obj);
  if (!obj.spec?.selector) return `error: cannot attach to ${r.kind.toLowerCase()}/${name}: it has no selector`;
  const ready = (p: KObject) => (p.status?.phase === 'Running' ? 2 : 0) + ((p.status?.conditions ?? []).some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True') ? 1 : 0);
  const pods = listResources(ctx.cluster, 'Pod', { namespace: ctx.namespace })
    .filter((p) => !p.metadata.deletionTimestamp && matches(selector, p.metadata.labels))
    .sort((a, b) => ready(b) - ready(a) || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!));
  return pods.length ? { pod: pods[0], among: pods.length } : `error: no pods found for ${r.kind.toLowerCase()}/${name}`;
}

/** `kubectl create deployment|namespace NAME`: the generators. */
const createGenerators: Record<string, Command> = {
  deployment: {
    flags: [{ name: 'image', repeated: true }, { name: 'replicas', short: 'r', int: true }, { name: 'port', int: true }],
    run(ctx) {
      const name = ctx.flags.args[0];
      // cobra checks the required flag before the command looks at its arguments
      const images = flagList(ctx, 'image');
      if (!images.length) return ctx.o.fail('error: required flag(s) "image" not set');
      if (!name) return ctx.o.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples");
      const containers = images.map((image) => ({ name: containerNameOf(image), image, ...(flag(ctx, 'port') ? { ports: [{ containerPort: Number(flag(ctx, 'port')) }] } : {}) }));
      createObject(ctx, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels: { app: name } },
        spec: { replicas: Number(flag(ctx, 'replicas') ?? 1), selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
      });
    },
  },
  namespace: {
    flags: [],
    run(ctx) {
      const name = ctx.flags.args[0];
      if (!name) return ctx.o.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples");
      createObject(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
  },
  /** `kubectl create configmap NAME --from-literal=k=v --from-file=[key=]path --from-env-file=path` (create_configmap.go) */
  configmap: {
    flags: [{ name: 'from-literal', repeated: true }, { name: 'from-file', repeated: true }, { name: 'from-env-file', repeated: true }],
    run(ctx) {
      const name = ctx.flags.args[0];
      if (!name) return ctx.o.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples");
      const data = dataSources(ctx, name, 'ConfigMap');
      if (!data) return;
      createObject(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...(Object.keys(data).length ? { data } : {}) });
    },
  },
  /** `kubectl create secret generic NAME [--type=T] --from-literal=k=v --from-file=...` (create_secret.go); values base64 in data */
  secret: {
    flags: [{ name: 'from-literal', repeated: true }, { name: 'from-file', repeated: true }, { name: 'from-env-file', repeated: true }, { name: 'type' }],
    run(ctx) {
      const [sub, name] = ctx.flags.args;
      if (!sub) return ctx.o.fail('error: Required resource not specified.');
      if (sub !== 'generic') return ctx.o.fail(['tls', 'docker-registry'].includes(sub) ? `kubehave: "kubectl create secret ${sub}" is not simulated (generic is)` : `error: unknown command "${ctx.flags.args.join(' ')}"\nSee 'kubectl create secret -h' for help and examples`);
      if (!name) return ctx.o.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples");
      const data = dataSources(ctx, name, 'Secret');
      if (!data) return;
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
      createObject(ctx, { apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...(flag(ctx, 'type') ? { type: flag(ctx, 'type') } : {}), ...(Object.keys(encoded).length ? { data: encoded } : {}) });
    },
  },
  /** `kubectl create quota NAME --hard=pods=2,requests.cpu=1` (create_quota.go) */
  quota: {
    flags: [{ name: 'hard' }, { name: 'scopes' }],
    run(ctx) {
      const name = ctx.flags.args[0];
      if (!name) return ctx.o.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create quota -h' for help and examples");
      const hard: Record<string, string> = {};
      for (const pair of (flag(ctx, 'hard') ?? '').split(',').filter(Boolean)) {
        const eq = pair.indexOf('=');
        if (eq <= 0) return ctx.o.fail(`error: Invalid argument syntax ${pair}, expected <resource>=<value>`);
        hard[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const scopes = (flag(ctx, 'scopes') ?? '').split(',').filter(Boolean);
      createObject(ctx, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard, ...(scopes.length ? { scopes } : {}) } });
    },
  },
  /** `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]` (create_service.go) */
  service: {
    flags: [{ name: 'tcp', repeated: true }, { name: 'node-port', int: true }, { name: 'clusterip' }, { name: 'external-name' }],
    run(ctx) {
      const [kind, name] = ctx.flags.args;
      const types: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' };
      if (!kind || !types[kind]) return ctx.o.fail(kind ? `error: unknown command "${kind}" for "kubectl create service"` : 'error: Required resource not specified.');
      if (!name) return ctx.o.fail(`error: exactly one NAME is required, got 0\nSee 'kubectl create service ${kind} -h' for help and examples`);
      const type = types[kind];
      const tcp = flagList(ctx, 'tcp').flatMap((v) => v.split(','));
      if (type === 'ExternalName') {
        const external = flag(ctx, 'external-name');
        if (!external) return ctx.o.fail('error: required flag(s) "external-name" not set');
        return createObject(ctx, { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { type, externalName: external, selector: { app: name } } });
      }
      const clusterIP = flag(ctx, 'clusterip');
      if (!tcp.length && clusterIP !== 'None') return ctx.o.fail('error: at least one tcp port specifier must be provided');
      const ports = [];
      for (const spec of tcp) {
        const [port, target] = spec.split(':');
        if (!/^\d+$/.test(port) || (target !== undefined && !/^\d+$/.test(target) && !/^[a-z0-9-]+$/.test(target))) return ctx.o.fail(`error: invalid tcp port specifier: ${spec}`);
        const targetPort = target === undefined ? Number(port) : /^\d+$/.test(target) ? Number(target) : target;
        ports.push({ name: `${port}-${target ?? port}`, protocol: 'TCP', port: Number(port), targetPort, ...(flag(ctx, 'node-port') ? { nodePort: Number(flag(ctx, 'node-port')) } : {}) });
      }
      createObject(ctx, { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { type, ports, selector: { app: name }, ...(clusterIP ? { clusterIP } : {}) } });
    },
  },
};

/**
 * `kubectl expose TYPE NAME --port=P [--target-port=T] [--type=T] [--name=N]` (expose.go and the
 * service generator): the selector is the workload's matchLabels (a pod's labels), the labels are
 * the object's own, the port comes from the flag or the first container port.
 */
const expose: Command = {
  flags: [{ name: 'port' }, { name: 'target-port' }, { name: 'type' }, { name: 'name' }, { name: 'protocol' }, { name: 'selector' }, { name: 'labels', short: 'l' }, { name: 'cluster-ip' }, { name: 'session-affinity' }],
  run(ctx) {
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    if (!ts.length || !ts[0].name) return ctx.o.fail('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const t = ts[0];
    if (!['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'].includes(t.r.kind)) return ctx.o.fail(`error: cannot expose a ${t.r.kind}.${t.r.group ? `${t.r.group}` : ''}`.replace(/\.$/, ''));
    const obj = getResource(ctx.cluster, t.r.kind, t.name!, ctx.namespace);
    if (!obj) return ctx.o.fail(`Error from server (NotFound): ${t.r.group ? `${t.r.plural}.${t.r.group}` : t.r.plural} "${t.name}" not found`);
    let selector: Record<string, string> | undefined;
    if (flag(ctx, 'selector')) selector = Object.fromEntries(flag(ctx, 'selector')!.split(',').map((kv) => kv.split('=')));
    else if (t.r.kind === 'Pod') selector = obj.metadata.labels;
    // a Service's and an RC's selector is a plain map already
    else if (t.r.kind === 'Service' || t.r.kind === 'ReplicationController') selector = obj.spec?.selector;
    else {
      const sel = obj.spec?.selector;
      if (sel?.matchExpressions?.length) return ctx.o.fail(`error: couldn't retrieve selectors via --selector flag or introspection: the ${t.r.kind} has a selector with matchExpressions, which cannot be converted`);
      selector = sel?.matchLabels;
    }
    if (!selector || !Object.keys(selector).length) return ctx.o.fail(`error: couldn't retrieve selectors via --selector flag or introspection: the ${t.r.kind} has no selector`);
    const containers: { ports?: { containerPort: number; protocol?: string; name?: string }[] }[] = (t.r.kind === 'Pod' ? obj.spec?.containers : obj.spec?.template?.spec?.containers) ?? [];
    const known = containers.flatMap((c) => c.ports ?? []);
    const port = flag(ctx, 'port') ?? (t.r.kind === 'Service' ? String(obj.spec?.ports?.[0]?.port ?? '') : known[0] ? String(known[0].containerPort) : '');
    if (!port) return ctx.o.fail('error: couldn\'t find port via --port flag or introspection');
    const ports = port.split(',').map((p, i, all) => {
      const target = flag(ctx, 'target-port');
      return {
        ...(all.length > 1 ? { name: `port-${i + 1}` } : {}),
        port: Number(p),
        protocol: flag(ctx, 'protocol') ?? 'TCP',
        targetPort: target === undefined ? Number(p) : /^\d+$/.test(target) ? Number(target) : target,
      };
    });
    const name = flag(ctx, 'name') ?? t.name!;
    const labels = flag(ctx, 'labels') ? Object.fromEntries(flag(ctx, 'labels')!.split(',').map((kv) => kv.split('='))) : obj.metadata.labels;
    const spec: Record<string, unknown> = { ports, selector, ...(flag(ctx, 'type') ? { type: flag(ctx, 'type') } : {}) };
    if (flag(ctx, 'cluster-ip')) spec.clusterIP = flag(ctx, 'cluster-ip');
    if (flag(ctx, 'session-affinity')) spec.sessionAffinity = flag(ctx, 'session-affinity');
    const outcome = send(ctx, { type: 'create', object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ctx.namespace, ...(labels ? { labels } : {}) }, spec } });
    if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
    ctx.o.out(`service/${name} exposed`);
  },
};

/** cordon / uncordon: spec.unschedulable, with kubectl's "already" messages. */
const cordon = (unschedulable: boolean): Command => ({
  flags: [SELECTOR],
  run(ctx) {
    const verb = unschedulable ? 'cordoned' : 'uncordoned';
    for (const name of ctx.flags.args) {
      const node = getResource(ctx.cluster, 'Node', name);
      if (!node) {
        ctx.o.fail(serverErrorText(notFound(resolveResource('nodes')!, name)));
        continue;
      }
      if (!!node.spec?.unschedulable === unschedulable) {
        ctx.o.out(`node/${name} already ${verb}`);
        continue;
      }
      const outcome = send(ctx, { type: 'patch', ref: { kind: 'Node', name }, patchType: 'strategic', patch: { spec: { unschedulable: unschedulable ? true : null } } });
      if (!outcome.ok) ctx.o.fail(serverErrorText(outcome.status));
      else ctx.o.out(`node/${name} ${verb}`);
    }
  },
});

/**
 * `kubectl drain NODE` (kubectl/pkg/drain): cordon, then evict every pod there, except what the
 * filters refuse: DaemonSet pods (unless --ignore-daemonsets), pods no controller would replace
 * (unless --force), pods with emptyDir data (unless --delete-emptydir-data). Waits for the evicted
 * pods to be gone.
 */
const drain: Command = {
  flags: [{ name: 'ignore-daemonsets', bool: true }, { name: 'force', bool: true }, { name: 'delete-emptydir-data', bool: true }, { name: 'grace-period', int: true }, { name: 'timeout' }, SELECTOR],
  run(ctx) {
    const name = ctx.flags.args[0];
    if (!name) return ctx.o.fail('error: USAGE: drain NODE [flags]\nSee \'kubectl drain -h\' for help and examples');
    const node = getResource(ctx.cluster, 'Node', name);
    if (!node) return ctx.o.fail(serverErrorText(notFound(resolveResource('nodes')!, name)));
    if (node.spec?.unschedulable) ctx.o.out(`node/${name} already cordoned`);
    else {
      const outcome = send(ctx, { type: 'patch', ref: { kind: 'Node', name }, patchType: 'strategic', patch: { spec: { unschedulable: true } } });
      if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
      ctx.o.out(`node/${name} cordoned`);
    }
    const pods = listResources(ctx.cluster, 'Pod').filter((p) => p.spec?.nodeName === name && !p.metadata.deletionTimestamp).sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    const ref = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;
    const daemon: string[] = [], unmanaged: string[] = [], local: string[] = [];
    const evict: KObject[] = [];
    for (const pod of pods) {
      const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
      if (!finished && owner?.kind === 'DaemonSet') {
        daemon.push(ref(pod));
        continue;
      }
      if (!finished && !owner) unmanaged.push(ref(pod));
      if (!finished && (pod.spec?.volumes ?? []).some((v: { emptyDir?: unknown }) => v.emptyDir)) local.push(ref(pod));
      evict.push(pod);
    }
    const errors: string[] = [];
    if (daemon.length && !boolFlag(ctx, 'ignore-daemonsets')) errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemon.join(', ')}`);
    if (unmanaged.length && !boolFlag(ctx, 'force')) errors.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`);
    if (local.length && !boolFlag(ctx, 'delete-emptydir-data')) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(', ')}`);
    if (errors.length) {
      const joined = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
      return ctx.o.fail(`error: unable to drain node "${name}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errors.join('\n')}`);
    }
    const warnings: string[] = [];
    if (daemon.length) warnings.push(`ignoring DaemonSet-managed Pods: ${daemon.join(', ')}`);
    if (unmanaged.length) warnings.push(`deleting Pods that declare no controller: ${unmanaged.join(', ')}`);
    if (local.length) warnings.push(`deleting Pods with local storage: ${local.join(', ')}`);
    if (warnings.length) ctx.o.err(`Warning: ${warnings.join('; ')}`);
    for (const pod of evict) {
      ctx.o.out(`evicting pod ${ref(pod)}`);
      const grace = flag(ctx, 'grace-period');
      send(ctx, { type: 'delete', ref: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name! }, ...(grace !== undefined && Number(grace) >= 0 ? { gracePeriodSeconds: Number(grace) } : {}) });
    }
    // drain waits for every evicted pod to be gone (the same uid): one on a node whose kubelet is stopped never goes
    const gone = (c: Cluster, pod: KObject) => getResource(c, 'Pod', pod.metadata.name!, pod.metadata.namespace)?.metadata.uid !== pod.metadata.uid;
    ctx.cluster = converge(ctx.cluster);
    for (const pod of evict) {
      if (!gone(ctx.cluster, pod)) {
        ctx.o.hung = true;
        return;
      }
      ctx.o.out(`pod/${pod.metadata.name} evicted`);
    }
    ctx.o.out(`node/${name} drained`);
  },
};

/** `kubectl taint nodes NODE key=value:Effect` adds (or with --overwrite replaces); `key:Effect-` or `key-` removes. */
const taint: Command = {
  flags: [{ name: 'overwrite', bool: true }, SELECTOR, { name: 'all', bool: true }],
  run(ctx) {
    const [type, name, ...specs] = ctx.flags.args;
    const r = type ? resolveResource(type) : undefined;
    if (!r || r.kind !== 'Node') return ctx.o.fail(`error: invalid resource type ${type ?? ''}, only node types are supported`);
    const node = getResource(ctx.cluster, 'Node', name ?? '');
    if (!node) return ctx.o.fail(serverErrorText(notFound(r, name ?? '')));
    let taints: any[] = [...(node.spec?.taints ?? [])];
    let removed = false, added = false;
    for (const spec of specs) {
      const remove = spec.endsWith('-');
      const m = /^([^=:]+)(?:=([^:]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?$/.exec(remove ? spec.slice(0, -1) : spec);
      if (!m || (!remove && !m[3])) return ctx.o.fail(`error: invalid taint spec: ${spec}, unknown taint spec format`);
      if (remove) {
        const before = taints.length;
        taints = taints.filter((t) => !(t.key === m[1] && (!m[3] || t.effect === m[3])));
        if (taints.length === before) return ctx.o.fail(`error: taint "${spec.slice(0, -1)}" not found`);
        removed = true;
      } else {
        const existing = taints.find((t) => t.key === m[1] && t.effect === m[3]);
        if (existing && !boolFlag(ctx, 'overwrite')) return ctx.o.fail(`error: node ${name} already has ${m[1]} taint(s) with same effect(s) and --overwrite is false`);
        taints = [...taints.filter((t) => t !== existing), { key: m[1], ...(m[2] ? { value: m[2] } : {}), effect: m[3] }];
        added = true;
      }
    }
    const outcome = send(ctx, { type: 'patch', ref: { kind: 'Node', name }, patchType: 'merge', patch: { spec: { taints: taints.length ? taints : null } } });
    if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
    ctx.o.out(`node/${name} ${added && removed ? 'modified' : removed ? 'untainted' : 'tainted'}`);
  },
};

/** `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the patch may be JSON or YAML. */
const patchCommand: Command = {
  flags: [{ name: 'patch', short: 'p' }, { name: 'type' }, FILENAME],
  run(ctx) {
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    const body = flag(ctx, 'patch');
    if (body === undefined) return ctx.o.fail('error: must specify --patch or --patch-file containing the contents of the patch');
    const type = flag(ctx, 'type') ?? 'strategic';
    if (!['strategic', 'merge', 'json'].includes(type)) return ctx.o.fail(`error: --type must be one of [json merge strategic], not "${type}"`);
    let parsed: unknown;
    try {
      parsed = yaml.load(body);
    } catch {
      return ctx.o.fail(`error: unable to parse "${body}": yaml: did not find expected node content`);
    }
    for (const t of ts) {
      if (!t.name) return ctx.o.fail('error: resource(s) were provided, but no name was specified');
      const before = getResource(ctx.cluster, t.r.kind, t.name, ctx.namespace);
      const outcome = send(ctx, { type: 'patch', ref: { kind: t.r.kind, namespace: ctx.namespace, name: t.name }, patchType: type as 'strategic' | 'merge' | 'json', patch: parsed as never });
      if (!outcome.ok) {
        ctx.o.fail(serverErrorText(outcome.status));
        continue;
      }
      const changed = before?.metadata.resourceVersion !== getResource(ctx.cluster, t.r.kind, t.name, ctx.namespace)?.metadata.resourceVersion;
      ctx.o.out(`${resourceName(t.r, t.name)} patched${changed ? '' : ' (no change)'}`);
    }
  },
};

/** `kubectl edit TYPE NAME`: the editor's result is sent back (an update with the fetched resourceVersion). */
const editCommand: Command = {
  flags: [OUTPUT, { name: 'record', bool: true, deprecated: '--record will be removed in the future' }],
  run(ctx) {
    const ts = targets(ctx.flags.args);
    if (typeof ts === 'string') return ctx.o.fail(`error: ${ts}`);
    if (!ts.length || !ts[0].name) return ctx.o.fail('error: resource(s) were provided, but no name was specified');
    if (!ctx.session.edit) return ctx.o.fail('kubehave: "kubectl edit" needs the edited object (a step\'s doc string, or a `# kubehave: editor` directive)');
    for (const t of ts) {
      const live = getResource(ctx.cluster, t.r.kind, t.name!, ctx.namespace);
      if (!live) {
        ctx.o.fail(serverErrorText(notFound(t.r, t.name!)));
        continue;
      }
      const edited = ctx.session.edit(JSON.parse(JSON.stringify(live)));
      if (canonical(edited) === canonical(live)) {
        ctx.o.out('Edit cancelled, no changes made.');
        continue;
      }
      const outcome = send(ctx, { type: 'replace', object: { ...edited, metadata: { ...edited.metadata, resourceVersion: live.metadata.resourceVersion } } });
      if (!outcome.ok) ctx.o.fail(serverErrorText(outcome.status));
      else ctx.o.out(`${resourceName(t.r, t.name!)} edited`);
    }
  },
};

/** `kubectl rollout restart`: a new template annotation, so the template changes and rolls out. */
const rolloutRestart: Command = {
  flags: [],
  run(ctx) {
    const name = deploymentTarget(ctx, 'required resource not specified');
    if (name === undefined) return;
    const at = new Date(ctx.cluster.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const outcome = send(ctx, { type: 'patch', ref: { kind: 'Deployment', namespace: ctx.namespace, name }, patchType: 'strategic', patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } } });
    if (!outcome.ok) return ctx.o.fail(serverErrorText(outcome.status));
    ctx.o.out(`deployment.apps/${name} restarted`);
  },
};

/** `kubectl api-resources`: the kinds the engine serves. */
const apiResources: Command = {
  flags: [{ name: 'namespaced' }, OUTPUT],
  run(ctx) {
    const namespaced = flag(ctx, 'namespaced');
    const rows = allResources()
      .filter((r) => namespaced === undefined || String(r.namespaced) === namespaced)
      // api-resources.go sortableResource: by API group (the core group first), then by name
      .sort((a, b) => a.group.localeCompare(b.group) || a.plural.localeCompare(b.plural))
      .map((r) => [r.plural, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind]);
    ctx.o.out(tabulate([['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]));
  },
};

const version: Command = {
  flags: [{ name: 'client', bool: true }, OUTPUT],
  run(ctx) {
    ctx.o.out('Client Version: v1.32.5\nKustomize Version: v5.5.0');
    if (!boolFlag(ctx, 'client')) {
      const node = listResources(ctx.cluster, 'Node').find(isControlPlane);
      ctx.o.out(`Server Version: ${node?.status?.nodeInfo?.kubeletVersion ?? 'v1.32.5'}`);
    }
  },
};

/** Commands with subcommands: their names, and kubectl's message when none is given. */
const GROUPS: Record<string, { subcommands: Record<string, Command>; default?: Command }> = {
  create: { subcommands: { ...createGenerators, cm: createGenerators.configmap, ns: createGenerators.namespace, deploy: createGenerators.deployment, svc: createGenerators.service, resourcequota: createGenerators.quota }, default: create },
  rollout: { subcommands: { undo: rolloutUndo, pause: rolloutPause(true), resume: rolloutPause(false), history: rolloutHistoryCommand, status: rolloutStatusCommand, restart: rolloutRestart } },
  set: { subcommands: { image: setImage } },
};

const COMMANDS: Record<string, Command> = {
  get,
  apply,
  replace,
  delete: del,
  scale,
  label: metadataCommand('labels', 'labeled'),
  annotate: metadataCommand('annotations', 'annotated'),
  describe: describeCommand,
  run,
  exec,
  logs,
  expose,
  cordon: cordon(true),
  uncordon: cordon(false),
  drain,
  taint,
  'api-resources': apiResources,
  patch: patchCommand,
  edit: editCommand,
  version,
};

/** Runs one kubectl command line (without the leading `kubectl`). */
export function runKubectl(session: KubectlSession, argv: string[]): KubectlResult {
  const o = new Output();
  // The controllers react within milliseconds, before a person has typed the next command: the
  // cluster settles at this instant first (no virtual time passes).
  let cluster = settle(session.cluster);
  try {
    // the command is the first word that is not a flag (kubectl allows global flags before it)
    const index = argv.findIndex((w) => !w.startsWith('-'));
    const word = argv[index];
    if (word === undefined) throw new CommandLineError('kubectl controls the Kubernetes cluster manager.');
    let path = word;
    let command = COMMANDS[word];
    let rest = [...argv.slice(0, index), ...argv.slice(index + 1)];
    const group = GROUPS[word];
    if (group) {
      // the subcommand is the first word that is neither a flag nor a flag's value
      const subIndex = rest.findIndex((w, i) => !w.startsWith('-') && !(i > 0 && /^-[a-zA-Z]$|^--(filename|namespace)$/.test(rest[i - 1])));
      const sub = rest[subIndex];
      if (sub !== undefined && group.subcommands[sub]) {
        command = group.subcommands[sub];
        path = `${word} ${sub}`;
        rest = [...rest.slice(0, subIndex), ...rest.slice(subIndex + 1)];
      } else if (group.default) {
        command = group.default;
      } else {
        if (sub !== undefined) throw unknownCommand(sub, `kubectl ${word}`, Object.keys(group.subcommands));
        throw new CommandLineError(`unknown command for "kubectl ${word}"`);
      }
    }
    if (!command) {
      if (KNOWN_BUT_UNSUPPORTED.has(word)) {
        o.fail(`kubehave: "kubectl ${word}" is not simulated yet`);
        return { cluster, stdout: o.stdout, stderr: o.stderr, combined: o.combined, exitCode: o.exitCode };
      }
      throw unknownCommand(word);
    }
    const flags = parseFlags(rest, [...GLOBAL_FLAGS, ...command.flags], path);
    for (const w of flags.warnings) o.err(w);
    const ctx: Context = { session, cluster, namespace: flags.values.get('namespace')?.slice(-1)[0] ?? session.namespace ?? 'default', flags, o };
    command.run(ctx);
    cluster = ctx.cluster;
  } catch (e) {
    if (!(e instanceof CommandLineError)) throw e;
    o.fail(e.text());
  }
  return { cluster, stdout: o.stdout, stderr: o.stderr, combined: o.combined, exitCode: o.exitCode, ...(o.hung ? { hung: true } : {}) };
}

/** Real kubectl commands kubehave does not simulate yet: reported as such, not as unknown. */
const KNOWN_BUT_UNSUPPORTED = new Set(['explain', 'autoscale', 'certificate', 'cluster-info', 'top', 'attach', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'wait', 'kustomize', 'completion', 'api-versions', 'config', 'plugin']);
