/**
 * ReplicaSet, ReplicationController and Deployment specs (pkg/apis/apps/validation and
 * pkg/apis/core/validation ValidateReplicationControllerSpec).
 */
import { FieldError, KObject, LabelSelector } from '../types';
import { forbidden, GoLiteral, invalid, notSupported, required } from '../field';
import { fromLabelSelector, matches } from '../labels';
import { validateLabels } from './names';
import { validatePodSpec } from './pod';
import { goIntOrString, goLabelSelector, goStringMap } from './golang';
import { jsonEqual } from '../json';

function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** ValidatePodTemplateSpecForReplicaSet: labels that the selector selects, and a pod that always restarts. */
function validateTemplate(template: any, selects: (labels: Record<string, string>) => boolean): FieldError[] {
  if (!template) return [required('spec.template')];
  const out: FieldError[] = [];
  const labels: Record<string, string> = template.metadata?.labels ?? {};
  if (!selects(labels)) out.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  out.push(...validateLabels(template.metadata?.labels, 'spec.template.metadata.labels'));
  out.push(...validatePodSpec(template.spec, 'spec.template.spec'));
  const policy = template.spec?.restartPolicy;
  if (policy && policy !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', policy, ['Always']));
  return out;
}

/** apps/v1 ReplicaSet, Deployment and DaemonSet: a LabelSelector, required and not empty (upstream's ReplicaSet message says "deployment" too). */
function validateSelectorAndTemplate(spec: any, emptyFor: 'deployment' | 'daemonset' = 'deployment'): FieldError[] {
  const out: FieldError[] = [];
  const sel: LabelSelector | undefined = spec?.selector;
  if (!sel) {
    out.push(required('spec.selector'));
    return [...out, ...validateTemplate(spec?.template, () => true)];
  }
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    out.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${emptyFor}`));
  }
  out.push(...validateLabels(sel.matchLabels, 'spec.selector.matchLabels'));
  const selector = fromLabelSelector(sel);
  out.push(...validateTemplate(spec.template, (labels) => matches(selector, labels)));
  return out;
}

export function validateReplicaSetSpec(obj: KObject): FieldError[] {
  return [...nonNegative(obj.spec?.replicas, 'spec.replicas'), ...nonNegative(obj.spec?.minReadySeconds, 'spec.minReadySeconds'), ...validateSelectorAndTemplate(obj.spec)];
}

/** ValidateDaemonSetSpec: the selector and template as for a ReplicaSet, and a known update strategy. */
export function validateDaemonSetSpec(obj: KObject): FieldError[] {
  const spec = obj.spec ?? {};
  const out = [...validateSelectorAndTemplate(spec, 'daemonset'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'), ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit')];
  const type = spec.updateStrategy?.type;
  if (type !== 'RollingUpdate' && type !== 'OnDelete') out.push(notSupported('spec.updateStrategy.type', type, ['OnDelete', 'RollingUpdate']));
  if (type === 'RollingUpdate' && spec.updateStrategy.rollingUpdate) out.push(...validateRollingUpdateDaemonSet(spec.updateStrategy.rollingUpdate));
  return out;
}

/** ValidateRollingUpdateDaemonSet: both budgets non-negative and at most 100%, exactly one of them non-zero. */
function validateRollingUpdateDaemonSet(ru: any): FieldError[] {
  const path = 'spec.updateStrategy.rollingUpdate';
  const out: FieldError[] = [];
  const mu = ru.maxUnavailable ?? 0, ms = ru.maxSurge ?? 0;
  out.push(...positiveIntOrPercent(mu, `${path}.maxUnavailable`), ...positiveIntOrPercent(ms, `${path}.maxSurge`));
  for (const [v, f] of [[mu, 'maxUnavailable'], [ms, 'maxSurge']] as const) {
    if (typeof v === 'string' && PERCENT.test(v) && intOrPercentValue(v) > 100) out.push(invalid(`${path}.${f}`, goIntOrString(v), 'must not be greater than 100%'));
  }
  const hasUnavailable = intOrPercentValue(mu) !== 0, hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) out.push(invalid(`${path}.maxSurge`, goIntOrString(ms), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) out.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return out;
}

export function validateDeploymentSpec(obj: KObject): FieldError[] {
  const spec = obj.spec ?? {};
  const out = [
    ...nonNegative(spec.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(spec),
    ...validateDeploymentStrategy(spec.strategy ?? {}),
    ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    out.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      out.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return out;
}

/** ValidateDeploymentStrategy (pkg/apis/apps/validation/validation.go). */
function validateDeploymentStrategy(strategy: any): FieldError[] {
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate ? [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      if (!strategy.rollingUpdate) return [required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
      return validateRollingUpdate(strategy.rollingUpdate);
    default: {
      // %#v of the struct; a set rollingUpdate would print as a pointer address, which no client can predict
      const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDeployment)(0xc000000000)' : '(*apps.RollingUpdateDeployment)(nil)';
      return [notSupported('spec.strategy', new GoLiteral(`apps.DeploymentStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${ru}}`), ['Recreate', 'RollingUpdate'])];
    }
  }
}

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent */
function positiveIntOrPercent(v: number | string, path: string): FieldError[] {
  if (typeof v === 'string') return PERCENT.test(v) ? [] : [invalid(path, goIntOrString(v), PERCENT_MESSAGE)];
  return v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/** getIntOrPercentValue: `0%` counts as 0. */
function intOrPercentValue(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Number(m[1]);
  // IntValue() of a string that is not a percentage: strconv.Atoi, 0 when it fails
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}

/** ValidateRollingUpdateDeployment: both fenceposts 0 would never make progress; unavailable is at most 100%. */
function validateRollingUpdate(ru: any): FieldError[] {
  const out: FieldError[] = [];
  const mu = ru.maxUnavailable ?? 0, ms = ru.maxSurge ?? 0;
  out.push(...positiveIntOrPercent(mu, 'spec.strategy.rollingUpdate.maxUnavailable'));
  out.push(...positiveIntOrPercent(ms, 'spec.strategy.rollingUpdate.maxSurge'));
  if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
    out.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', goIntOrString(mu), 'may not be 0 when `maxSurge` is 0'));
  }
  if (typeof mu === 'string' && PERCENT.test(mu) && intOrPercentValue(mu) > 100) {
    out.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', goIntOrString(mu), 'must not be greater than 100%'));
  }
  return out;
}

/** A ReplicationController selects with a plain map, defaulted from the template's labels. */
export function validateReplicationControllerSpec(obj: KObject): FieldError[] {
  const out = nonNegative(obj.spec?.replicas, 'spec.replicas');
  const sel: Record<string, string> = obj.spec?.selector ?? {};
  if (!Object.keys(sel).length) out.push(required('spec.selector'));
  out.push(...validateLabels(sel, 'spec.selector'));
  out.push(...validateTemplate(obj.spec?.template, (labels) => Object.entries(sel).every(([k, v]) => labels[k] === v)));
  return out;
}

/** apps/v1 made a ReplicaSet's and a Deployment's selector immutable (ValidateImmutableField). */
export function validateSelectorUnchanged(next: KObject, prev: KObject): FieldError[] {
  if (jsonEqual(next.spec?.selector, prev.spec?.selector)) return [];
  return [invalid('spec.selector', next.spec?.selector ? goLabelSelector(next.spec.selector) : null, 'field is immutable')];
}

/**
 * ValidateStatefulSetSpec (pkg/apis/apps/validation/validation.go): the pod management policy and
 * update strategy by name, the selector and template as for a ReplicaSet, a pod that always
 * restarts and has no deadline. The claim templates are checked as claims (storage.ts).
 */
export function validateStatefulSetSpec(obj: KObject): FieldError[] {
  const spec = obj.spec ?? {};
  const out: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) out.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') out.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = spec.updateStrategy ?? {};
  if (!strategy.type) out.push(required('spec.updateStrategy'));
  else if (strategy.type === 'OnDelete') {
    if (strategy.rollingUpdate) out.push(invalid('spec.updateStrategy.rollingUpdate', new GoLiteral(goRollingUpdateStatefulSet(strategy.rollingUpdate)), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (strategy.type === 'RollingUpdate') {
    if (strategy.rollingUpdate) out.push(...nonNegative(strategy.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else {
    const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)';
    out.push(invalid('spec.updateStrategy', new GoLiteral(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(strategy.type)}, RollingUpdate:${ru}}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy ?? {};
  for (const when of ['whenDeleted', 'whenScaled'] as const) {
    const v = retention[when];
    if (v !== 'Retain' && v !== 'Delete') out.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${when}`, v ?? '', ['Retain', 'Delete']));
  }
  out.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.ordinals) out.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  const sel: LabelSelector | undefined = spec.selector;
  if (!sel) out.push(required('spec.selector'));
  else {
    out.push(...validateLabels(sel.matchLabels, 'spec.selector.matchLabels'));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) out.push(invalid('spec.selector', goLabelSelector(sel), 'empty selector is invalid for statefulset'));
  }
  // ValidatePodTemplateSpecForStatefulSet: the labels are checked, the restart policy separately below
  const template = spec.template;
  const labels: Record<string, string> = template?.metadata?.labels ?? {};
  if (sel && !matches(fromLabelSelector(sel), labels)) out.push(invalid('spec.template.metadata.labels', new GoLiteral(goStringMap(labels)), '`selector` does not match template `labels`'));
  out.push(...validateLabels(template?.metadata?.labels, 'spec.template.metadata.labels'));
  out.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
  const restart = template?.spec?.restartPolicy;
  if (restart !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', restart ?? '', ['Always']));
  if (template?.spec?.activeDeadlineSeconds != null) out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return out;
}

/** %#v of the dereferenced struct; its pointer fields print as addresses no client can predict (as for spec.strategy above). */
function goRollingUpdateStatefulSet(ru: Record<string, unknown> | undefined): string {
  const ptr = (v: unknown, type: string) => (v == null ? `(*${type})(nil)` : `(*${type})(0xc000000000)`);
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${ptr(ru?.partition, 'int32')}, MaxUnavailable:${ptr(ru?.maxUnavailable, 'intstr.IntOrString')}}`;
}

/** ValidateStatefulSetUpdate: only these fields of the spec may change. */
export function validateStatefulSetUpdate(next: KObject, prev: KObject): FieldError[] {
  const mutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  const rest = (o: KObject) => Object.fromEntries(Object.entries(o.spec ?? {}).filter(([k]) => !mutable.includes(k)));
  if (jsonEqual(rest(next), rest(prev))) return [];
  return [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}
