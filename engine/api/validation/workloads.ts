/**
 * ReplicaSet, ReplicationController and Deployment specs (pkg/apis/apps/validation and
 * pkg/apis/core/validation ValidateReplicationControllerSpec).
 */
import { FieldError, KObject, LabelSelector } from '../types';
import { GoLiteral, invalid, notSupported, required } from '../field';
import { fromLabelSelector, matches } from '../labels';
import { validateLabels } from './names';
import { validatePodSpec } from './pod';
import { goLabelSelector, goStringMap } from './golang';
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

/** apps/v1 ReplicaSet and Deployment: a LabelSelector, required and not empty. */
function validateSelectorAndTemplate(spec: any): FieldError[] {
  const out: FieldError[] = [];
  const sel: LabelSelector | undefined = spec?.selector;
  if (!sel) {
    out.push(required('spec.selector'));
    return [...out, ...validateTemplate(spec?.template, () => true)];
  }
  if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    out.push(invalid('spec.selector', goLabelSelector(sel), 'empty selector is invalid for deployment'));
  }
  out.push(...validateLabels(sel.matchLabels, 'spec.selector.matchLabels'));
  const selector = fromLabelSelector(sel);
  out.push(...validateTemplate(spec.template, (labels) => matches(selector, labels)));
  return out;
}

export function validateReplicaSetSpec(obj: KObject): FieldError[] {
  return [...nonNegative(obj.spec?.replicas, 'spec.replicas'), ...nonNegative(obj.spec?.minReadySeconds, 'spec.minReadySeconds'), ...validateSelectorAndTemplate(obj.spec)];
}

export function validateDeploymentSpec(obj: KObject): FieldError[] {
  return [
    ...nonNegative(obj.spec?.replicas, 'spec.replicas'),
    ...validateSelectorAndTemplate(obj.spec),
    ...nonNegative(obj.spec?.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(obj.spec?.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
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
