/**
 * ConfigMap and Secret validation (pkg/apis/core/validation/validation.go: ValidateConfigMap,
 * ValidateConfigMapUpdate, ValidateSecret, ValidateSecretUpdate): keys, the 1 MiB total, the
 * type's required keys, and what `immutable: true` freezes.
 */
import { FieldError, KObject } from '../types';
import { forbidden, invalid, required } from '../field';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const MAX_TOTAL = 1024 * 1024;

/** IsConfigMapKey: the problems with one key. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) errs.push(CONFIG_KEY_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const bytesOf = (s: string) => Buffer.byteLength(s, 'utf8');
const decodedBytes = (b64: string) => Buffer.from(b64, 'base64').length;

export function validateConfigMap(cm: KObject): FieldError[] {
  const out: FieldError[] = [];
  const data = (cm.data ?? {}) as Record<string, string>;
  const binary = (cm.binaryData ?? {}) as Record<string, string>;
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const e of configKeyErrors(k)) out.push(invalid(`data[${k}]`, k, e));
    total += bytesOf(String(v ?? ''));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const e of configKeyErrors(k)) out.push(invalid(`binaryData[${k}]`, k, e));
    if (k in data) out.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    total += decodedBytes(String(v ?? ''));
  }
  // upstream reports it at the root path, which prints as an empty field
  if (total > MAX_TOTAL) out.push({ type: 'FieldValueTooLong', field: '', message: `: Too long: must have at most ${MAX_TOTAL} bytes` });
  return out;
}

export function validateConfigMapUpdate(next: KObject, prev: KObject): FieldError[] {
  if (!prev.immutable) return [];
  const out: FieldError[] = [];
  if (!next.immutable) out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(next.data ?? {}) !== JSON.stringify(prev.data ?? {})) out.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(next.binaryData ?? {}) !== JSON.stringify(prev.binaryData ?? {})) out.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  return out;
}

/** The keys a Secret of a built-in type must carry. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

export function validateSecret(secret: KObject): FieldError[] {
  const out: FieldError[] = [];
  const data = (secret.data ?? {}) as Record<string, string>;
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const e of configKeyErrors(k)) out.push(invalid(`data[${k}]`, k, e));
    total += decodedBytes(String(v ?? ''));
  }
  if (total > MAX_TOTAL) out.push({ type: 'FieldValueTooLong', field: 'data', message: `data: Too long: must have at most ${MAX_TOTAL} bytes` });
  for (const key of REQUIRED_KEYS[String(secret.type ?? '')] ?? []) if (!(key in data)) out.push(required(`data[${key}]`));
  if (secret.type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    out.push(required('data[username]'), required('data[password]'));
  }
  return out;
}

export function validateSecretUpdate(next: KObject, prev: KObject): FieldError[] {
  const out: FieldError[] = [];
  if (String(next.type ?? '') !== String(prev.type ?? '')) out.push(invalid('type', String(next.type ?? ''), 'field is immutable'));
  if (prev.immutable) {
    if (!next.immutable) out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (JSON.stringify(next.data ?? {}) !== JSON.stringify(prev.data ?? {})) out.push(forbidden('data', 'field is immutable when `immutable` is set'));
  }
  return out;
}
