/** ResourceQuota validation (ValidateResourceQuotaSpec): no hard limit below zero (the decoder has checked they are quantities). */
import { FieldError, KObject } from '../types';
import { invalid } from '../field';

export function validateResourceQuota(q: KObject): FieldError[] {
  const out: FieldError[] = [];
  for (const [name, value] of Object.entries((q.spec?.hard ?? {}) as Record<string, unknown>)) {
    if (String(value).startsWith('-')) out.push(invalid(`spec.hard[${name}]`, String(value), 'must be greater than or equal to 0'));
  }
  return out;
}
