// TEMPORARY: no unknown-field detection until the full module lands.
import { KObject } from './types';
export function unknownFields(_obj: KObject): string[] {
  return [];
}
