/**
 * batch/v1 Job validation (pkg/apis/batch/validation/validation.go): ValidateJob on create,
 * ValidateJobUpdate on update, and the selector the registry generates before both
 * (pkg/registry/batch/job/strategy.go generateSelector).
 */
import { FieldError, KObject } from '../types';
import { GoLiteral, invalid, notSupported, required } from '../field';
import { fromLabelSelector, matches } from '../labels';
import { jsonEqual } from '../json';
import { dns1123Label, validateLabels } from './names';
import { validatePodSpec } from './pod';
import { goLabelSelector, goStringMap } from './golang';
import { knownTimeZone, parseSchedule } from '../cron';

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

/**
 * generateSelector: unless the Job asks for a manual selector, its pods carry its name and UID
 * under both the prefixed and the legacy keys (labels the user set are kept, and validation
 * judges them), and the selector selects the prefixed UID. The Job's own labels default to its
 * template's (SetDefaults_Job, applied again when the object is read back).
 */
export function prepareJobForCreate(job: KObject): void {
  const spec = job.spec ?? {};
  if (spec.manualSelector !== true) {
    spec.template ??= {};
    spec.template.metadata ??= {};
    const labels: Record<string, string> = { ...(spec.template.metadata.labels ?? {}) };
    const wanted: Record<string, string> = {
      [LEGACY_JOB_NAME_LABEL]: job.metadata.name!,
      [JOB_NAME_LABEL]: job.metadata.name!,
      [LEGACY_CONTROLLER_UID_LABEL]: job.metadata.uid!,
      [CONTROLLER_UID_LABEL]: job.metadata.uid!,
    };
    for (const [k, v] of Object.entries(wanted)) if (!(k in labels)) labels[k] = v;
    spec.template.metadata.labels = labels;
    spec.selector ??= {};
    spec.selector.matchLabels = { ...(spec.selector.matchLabels ?? {}) };
    if (!(CONTROLLER_UID_LABEL in spec.selector.matchLabels)) spec.selector.matchLabels[CONTROLLER_UID_LABEL] = job.metadata.uid!;
  }
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && !Object.keys(job.metadata.labels ?? {}).length) job.metadata.labels = { ...templateLabels };
  job.spec = spec;
  job.status = {};
}

const nonNegative = (value: unknown, path: string): FieldError[] =>
  typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];

/** ValidateHasLabel */
function hasLabel(labels: Record<string, string>, key: string, expected: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!(key in labels)) return [required(path, expected)];
  return labels[key] === expected ? [] : [invalid(path, new GoLiteral(goStringMap(labels)), `must be '${expected}'`)];
}

/** validateGeneratedSelector: a generated selector and the labels it relies on are as generated. */
function validateGeneratedSelector(job: KObject): FieldError[] {
  const spec = job.spec ?? {};
  if (spec.manualSelector === true || !spec.selector) return [];
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  const out = [
    ...hasLabel(labels, LEGACY_CONTROLLER_UID_LABEL, uid),
    ...hasLabel(labels, LEGACY_JOB_NAME_LABEL, name),
    ...hasLabel(labels, CONTROLLER_UID_LABEL, uid),
    ...hasLabel(labels, JOB_NAME_LABEL, name),
  ];
  const expected = { [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, [LEGACY_CONTROLLER_UID_LABEL]: uid, [LEGACY_JOB_NAME_LABEL]: name };
  if (!matches(fromLabelSelector(spec.selector), expected)) out.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return out;
}

/**
 * validateJobSpec at `path` (spec, or spec.jobTemplate.spec): counts, completion mode, the pod
 * template and its restart policy. ValidateJobSpec adds the selector (a Job's own, not a template's).
 */
function validateJobSpec(spec: any, path: string): FieldError[] {
  const out = [
    ...nonNegative(spec.parallelism, `${path}.parallelism`),
    ...nonNegative(spec.completions, `${path}.completions`),
    ...nonNegative(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`),
    ...nonNegative(spec.backoffLimit, `${path}.backoffLimit`),
    ...nonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
  ];
  const mode = spec.completionMode;
  if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') out.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && spec.completions == null) out.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  const template = spec.template ?? {};
  out.push(...validateLabels(template.metadata?.labels, `${path}.template.metadata.labels`));
  out.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const policy = template.spec?.restartPolicy;
  // the pod defaulting has already turned a missing policy into Always: both are "required"
  if (policy === 'Always' || !policy) out.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  else if (policy !== 'OnFailure' && policy !== 'Never') out.push(notSupported(`${path}.template.spec.restartPolicy`, policy, ['OnFailure', 'Never']));
  return out;
}

function validateJobSelector(spec: any): FieldError[] {
  if (!spec.selector) return [required('spec.selector')];
  const out = validateLabels(spec.selector.matchLabels, 'spec.selector.matchLabels');
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  if (!matches(fromLabelSelector(spec.selector), labels)) {
    out.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(spec.template?.metadata?.labels)), '`selector` does not match template `labels`'));
  }
  return out;
}

export function validateJob(job: KObject): FieldError[] {
  const spec = job.spec ?? {};
  const out = [...validateGeneratedSelector(job), ...validateJobSpec(spec, 'spec'), ...validateJobSelector(spec)];
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    // pods of an Indexed Job are named `<job>-<index>` in their hostname
    const hostname = `${job.metadata.name}-${spec.completions - 1}`;
    if (dns1123Label(hostname).length) out.push(invalid('metadata.name', job.metadata.name ?? '', `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return out;
}

/** Scheduling directives a suspended Job that never started may change (JobMutableNodeSchedulingDirectives). */
const MUTABLE_WHILE_SUSPENDED = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'];

function withoutSchedulingDirectives(template: any): any {
  const t = structuredClone(template ?? {});
  if (t.metadata) {
    delete t.metadata.labels;
    delete t.metadata.annotations;
  }
  for (const f of MUTABLE_WHILE_SUSPENDED) if (t.spec) delete t.spec[f];
  return t;
}

/**
 * ValidateJobSpecUpdate: the selector, completions, completion mode and pod template are fixed
 * once the Job exists, except the scheduling directives of a suspended Job that has not started.
 * (Upstream prints the whole core.PodTemplateSpec with %#v; the engine elides it.)
 */
export function validateJobUpdate(next: KObject, prev: KObject): FieldError[] {
  const a = next.spec ?? {};
  const b = prev.spec ?? {};
  const out: FieldError[] = [];
  if (!jsonEqual(a.selector, b.selector)) out.push(invalid('spec.selector', a.selector ? goLabelSelector(a.selector) : null, 'field is immutable'));
  const suspendedNeverStarted = b.suspend === true && !prev.status?.startTime;
  const templateChanged = suspendedNeverStarted
    ? !jsonEqual(withoutSchedulingDirectives(a.template), withoutSchedulingDirectives(b.template))
    : !jsonEqual(a.template, b.template);
  if (templateChanged) out.push(invalid('spec.template', new GoLiteral('core.PodTemplateSpec{...}'), 'field is immutable'));
  if (!jsonEqual(a.completions, b.completions)) out.push(invalid('spec.completions', a.completions ?? null, 'field is immutable'));
  if (!jsonEqual(a.completionMode, b.completionMode)) out.push(invalid('spec.completionMode', a.completionMode ?? null, 'field is immutable'));
  return out;
}

// ---------------------------------------------------------------------------------------------
// CronJob

/** validTimeZoneCharacters in pkg/apis/batch/validation */
const TZ_PART = /^[A-Za-z\.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown): FieldError[] {
  if (tz == null) return [];
  const text = String(tz);
  if (!text) return [invalid('spec.timeZone', text, 'timeZone must be nil or non-empty string')];
  for (const part of text.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TZ_PART.test(part)) return [invalid('spec.timeZone', text, `unknown time zone ${text}`)];
  }
  if (text.toLowerCase() === 'local') return [invalid('spec.timeZone', text, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return knownTimeZone(text) ? [] : [invalid('spec.timeZone', text, `unknown time zone ${text}`)];
}

/** ValidateCronJobCreate / ValidateCronJobSpec: the schedule as robfig/cron parses it, the policy, the time zone, the Job template. */
export function validateCronJob(cj: KObject, creating: boolean): FieldError[] {
  const spec = cj.spec ?? {};
  const out: FieldError[] = [];
  // a Job's name adds `-<minutes since the epoch>` (11 characters) to its CronJob's
  if (creating && (cj.metadata.name ?? '').length > 52) out.push(invalid('metadata.name', cj.metadata.name!, 'must be no more than 52 characters'));
  if (!spec.schedule) {
    out.push(required('spec.schedule'));
  } else {
    const parsed = parseSchedule(spec.schedule);
    if (!parsed.ok) out.push(invalid('spec.schedule', spec.schedule, parsed.error));
    if (String(spec.schedule).includes('TZ')) out.push(invalid('spec.schedule', spec.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  out.push(...validateTimeZone(spec.timeZone));
  out.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  const policies = ['Allow', 'Forbid', 'Replace'];
  if (!spec.concurrencyPolicy) out.push(required('spec.concurrencyPolicy'));
  else if (!policies.includes(spec.concurrencyPolicy)) out.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, policies));
  out.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  out.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  const jobSpec = spec.jobTemplate?.spec ?? {};
  out.push(...validateLabels(spec.jobTemplate?.metadata?.labels, 'spec.jobTemplate.metadata.labels'));
  out.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  // the Jobs' selectors are generated when they are created
  if (jobSpec.selector) out.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) out.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  return out;
}
