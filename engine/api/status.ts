/**
 * Constructors for the API server's failure answers (k8s.io/apimachinery/pkg/api/errors).
 * Each message is worded exactly as the API server words it.
 */
import { FieldError, Status } from './types';
import { ResourceInfo, qualifiedKind, qualifiedResource } from './resources';

function status(code: number, reason: Status['reason'], message: string, details?: Status['details']): Status {
  return details
    ? { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details }
    : { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && (x as Status).kind === 'Status' && (x as Status).status === 'Failure';
}

export function notFound(r: ResourceInfo, name: string): Status {
  return status(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, { name, group: r.group, kind: r.plural });
}

export function alreadyExists(r: ResourceInfo, name: string): Status {
  return status(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, { name, group: r.group, kind: r.plural });
}

export function conflict(r: ResourceInfo, name: string, why: string): Status {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`, {
    name,
    group: r.group,
    kind: r.plural,
  });
}

export const STALE_RESOURCE_VERSION =
  'the object has been modified; please apply your changes to the latest version and try again';

/** field.ErrorList.ToAggregate().Error(): one message alone, several in brackets, duplicates dropped. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

export function invalid(r: ResourceInfo, name: string, errors: FieldError[]): Status {
  return status(422, 'Invalid', `${qualifiedKind(r)} "${name}" is invalid: ${aggregate(errors.map((e) => e.message))}`, {
    name,
    group: r.group,
    kind: r.kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.message.slice(e.field.length + 2), field: e.field })),
  });
}

/** An admission plugin's refusal (admission.NewForbidden): `<resource> "<name>" is forbidden: <why>`. */
export function forbidden(r: ResourceInfo, name: string, why: string): Status {
  return status(403, 'Forbidden', `${qualifiedResource(r)} "${name}" is forbidden: ${why}`, { name, group: r.group, kind: r.plural });
}

export function badRequest(message: string): Status {
  return status(400, 'BadRequest', message);
}

/** The REST mapper's answer for a kind the server does not serve (meta.NoKindMatchError). */
export function notFoundKind(apiVersion: string, kind: string): Status {
  return status(404, 'NotFound', `no matches for kind "${kind}" in version "${apiVersion}"`);
}

/** The scale subresource validates an autoscaling/v1 Scale. */
export function invalidScale(name: string, fieldMessage: string): Status {
  const field = fieldMessage.slice(0, fieldMessage.indexOf(':'));
  return status(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: ${fieldMessage}`, {
    name,
    group: 'autoscaling',
    kind: 'Scale',
    causes: [{ reason: 'FieldValueInvalid', message: fieldMessage.slice(field.length + 2), field }],
  });
}

/** A patch the server could not apply: 400 malformed, 413 too many operations, 422 a failing operation, 500 a bad strategic patch. */
export function patchFailure(code: 400 | 413 | 422 | 500, message: string): Status {
  const reason: Status['reason'] = code === 400 ? 'BadRequest' : code === 413 ? 'RequestEntityTooLarge' : code === 422 ? 'Invalid' : 'InternalError';
  return status(code, reason, message);
}
