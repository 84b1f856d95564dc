// TEMPORARY: no validation until the full module lands.
import { FieldError, KObject } from '../types';
export function validateCreate(_obj: KObject): FieldError[] {
  return [];
}
export function validateUpdate(_next: KObject, _prev: KObject): FieldError[] {
  return [];
}
export function warningsForCreate(_obj: KObject): string[] {
  return [];
}
