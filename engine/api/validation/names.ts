/**
 * Names, labels and annotations, worded as k8s.io/apimachinery/pkg/util/validation words them.
 */
import { FieldError } from '../types';
import { invalid, required } from '../field';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The shape of apimachinery's Is* checks: a maximum length, then a pattern; the problems as strings. */
function lengthAndPattern(value: string, max: number, pattern: RegExp, message: string): string[] {
  const errs: string[] = [];
  if (value.length > max) errs.push(`must be no more than ${max} characters`);
  if (!pattern.test(value)) errs.push(message);
  return errs;
}

/** IsDNS1123Label: the problems, as strings (empty when valid). */
export const dns1123Label = (value: string): string[] => lengthAndPattern(value, 63, DNS1123_LABEL, DNS1123_LABEL_MSG);

export const dns1123Subdomain = (value: string): string[] => lengthAndPattern(value, 253, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MSG);

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const WILDCARD_DNS1123_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WILDCARD_DNS1123_SUBDOMAIN_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** IsDNS1035Label: Service names. */
export const dns1035Label = (value: string): string[] => lengthAndPattern(value, 63, DNS1035_LABEL, DNS1035_LABEL_MSG);

/** IsWildcardDNS1123Subdomain: `*.example.com`. */
export const wildcardDns1123Subdomain = (value: string): string[] => lengthAndPattern(value, 253, WILDCARD_DNS1123_SUBDOMAIN, WILDCARD_DNS1123_SUBDOMAIN_MSG);

/** IsValidPortName: an IANA_SVC_NAME, at most 15 characters with a letter and no hyphen at either end or twice in a row. */
export function portName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsQualifiedName: `prefix/name` label keys. */
export function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (!prefix) errs.push('prefix part must be non-empty');
    else for (const e of dns1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name && !QUALIFIED_NAME.test(name)) errs.push(QUALIFIED_NAME_MSG);
  return errs;
}

export const labelValue = (value: string): string[] => lengthAndPattern(value, 63, LABEL_VALUE, LABEL_VALUE_MSG);

/** ValidateLabels: keys and values, each error at the `labels` path with the offending string. */
export function validateLabels(labels: Record<string, unknown> | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const e of qualifiedName(k)) out.push(invalid(path, k, e));
    if (typeof v === 'string') for (const e of labelValue(v)) out.push(invalid(path, v, e));
  }
  return out;
}

/** ValidateAnnotations: keys are qualified names; the total size is at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, unknown> | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const e of qualifiedName(k.toLowerCase())) out.push(invalid(path, k, e));
    size += k.length + String(v).length;
  }
  if (size > 262144) out.push({ type: 'FieldValueTooLong', field: path, message: `${path}: Too long: must have at most 262144 bytes` });
  return out;
}

/** ValidateObjectMeta: name or generateName, the name's format for the kind, labels, annotations. */
export function validateObjectMeta(meta: Record<string, any>, nameCheck: (name: string) => string[], namespaced: boolean): FieldError[] {
  const out: FieldError[] = [];
  if (!meta.name) {
    if (!meta.generateName) out.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const e of nameCheck(meta.name)) out.push(invalid('metadata.name', meta.name, e));
  }
  if (meta.generateName) for (const e of nameCheck(`${meta.generateName}a`)) out.push(invalid('metadata.generateName', meta.generateName, e));
  if (!namespaced && meta.namespace) out.push({ type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'metadata.namespace: Forbidden: not allowed on this type' });
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  return out;
}
