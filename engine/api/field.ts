/**
 * Field errors worded as k8s.io/apimachinery/pkg/util/validation/field/errors.go words them:
 * `<path>: <Type>[: <value>][: <detail>]`.
 */
import { FieldError } from './types';

/** A value already rendered the way Go's %#v would print it (a map or struct literal). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

export type BadValue = string | number | boolean | null | GoLiteral;

function renderValue(value: BadValue): string {
  if (value === null) return 'null';
  if (value instanceof GoLiteral) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function withDetail(body: string, detail?: string): string {
  return detail ? `${body}: ${detail}` : body;
}

export function invalid(field: string, value: BadValue, detail?: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: `${field}: ${withDetail(`Invalid value: ${renderValue(value)}`, detail)}` };
}

export function required(field: string, detail?: string): FieldError {
  return { type: 'FieldValueRequired', field, message: `${field}: ${withDetail('Required value', detail)}` };
}

export function duplicate(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueDuplicate', field, message: `${field}: Duplicate value: ${renderValue(value)}` };
}

export function notSupported(field: string, value: BadValue, supported: string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return {
    type: 'FieldValueNotSupported',
    field,
    message: `${field}: Unsupported value: ${renderValue(value)}${supported.length ? `: supported values: ${list}` : ''}`,
  };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: `${field}: ${withDetail('Forbidden', detail)}` };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, message: `${field}: Too long: may not be more than ${maxLength} bytes` };
}
