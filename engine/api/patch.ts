/**
 * The three PATCH formats the API server accepts for built-in kinds:
 *  - JSON merge patch (RFC 7386), `application/merge-patch+json`;
 *  - JSON patch (RFC 6902), `application/json-patch+json`, applied with fast-json-patch;
 *  - strategic merge patch, `application/strategic-merge-patch+json`, a port of
 *    k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeMap and its helpers), driven by the
 *    `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api, transcribed below per kind.
 * Pure: inputs are never mutated (the port works on private copies, as upstream mutates its maps).
 */
import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import { clone, isObject, jsonEqual } from './json';
import { Json, JsonObject } from './types';

/** A failure carries the HTTP code the API server would answer with. */
export type PatchResult = { ok: true; value: Json } | { ok: false; message: string; code: 400 | 413 | 422 | 500 };

// -------------------------------------------------------------------------------------------
// JSON merge patch

/** RFC 7386: null deletes, objects merge recursively, anything else replaces. */
export function jsonMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = jsonMergePatch(Object.hasOwn(out, key) ? out[key] : null, value);
  }
  return out;
}

// -------------------------------------------------------------------------------------------
// JSON patch

/** What the apiserver answers when json-patch fails to apply (a 422 with no details, patch.go applyJSPatch). */
const REJECTED = 'the server rejected our request due to an error in our request';
const MAX_JSON_PATCH_OPERATIONS = 10000;

/** Go's name for a JSON value's type, as encoding/json words an UnmarshalTypeError. */
function jsonTypeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/**
 * RFC 6902, as apiserver/pkg/endpoints/handlers/patch.go applies it with evanphx/json-patch: a body
 * that does not decode as a list of operations is a 400; any operation that fails (unknown op,
 * missing path, failing `test`) is a 422 whose message hides the cause.
 */
export function jsonPatch(target: Json, ops: unknown): PatchResult {
  if (ops === null) return { ok: true, value: clone(target) }; // decodes as an empty patch
  if (!Array.isArray(ops)) {
    return { ok: false, code: 400, message: `json: cannot unmarshal ${jsonTypeName(ops)} into Go value of type jsonpatch.Patch` };
  }
  const notObject = ops.find((op) => op !== null && (typeof op !== 'object' || Array.isArray(op)));
  if (notObject !== undefined) {
    return { ok: false, code: 400, message: `json: cannot unmarshal ${jsonTypeName(notObject)} into Go value of type jsonpatch.Operation` };
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    return {
      ok: false,
      code: 413,
      message: `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    };
  }
  try {
    const result = applyPatch(clone(target), clone(ops) as Operation[], true, true);
    return { ok: true, value: result.newDocument as Json };
  } catch (e) {
    if (e instanceof JsonPatchError || e instanceof TypeError) return { ok: false, code: 422, message: REJECTED };
    throw e;
  }
}

// -------------------------------------------------------------------------------------------
// Patch metadata: the struct tags of k8s.io/api

/** One field's struct tags. `fields` describes the field's value, or each element of a list. */
export interface FieldMeta {
  strategy?: 'merge' | 'replace';
  mergeKey?: string;
  retainKeys?: boolean;
  fields?: PatchSchema;
}
export type PatchSchema = { readonly [field: string]: FieldMeta };

const NO_META: FieldMeta = {};
export function lookupMeta(schema: PatchSchema | undefined, field: string): FieldMeta {
  return schema && Object.hasOwn(schema, field) ? schema[field] : NO_META;
}

const byKey = (mergeKey: string, fields?: PatchSchema): FieldMeta => ({ strategy: 'merge', mergeKey, fields });
const conditions: PatchSchema = { conditions: byKey('type') };

// k8s.io/apimachinery/pkg/apis/meta/v1/types.go ObjectMeta
const objectMeta: PatchSchema = { ownerReferences: byKey('uid'), finalizers: { strategy: 'merge' } };
// k8s.io/api/core/v1/types.go Container (EphemeralContainerCommon carries the same tags)
const container: PatchSchema = {
  ports: byKey('containerPort'),
  env: byKey('name'),
  volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'),
};
// core/v1 PodSpec
const podSpec: PatchSchema = {
  volumes: { ...byKey('name'), retainKeys: true },
  initContainers: byKey('name', container),
  containers: byKey('name', container),
  ephemeralContainers: byKey('name', container),
  imagePullSecrets: byKey('name'),
  hostAliases: byKey('ip'),
  topologySpreadConstraints: byKey('topologyKey'),
  schedulingGates: byKey('name'),
  resourceClaims: { ...byKey('name'), retainKeys: true },
};
const podTemplate: PatchSchema = { metadata: { fields: objectMeta }, spec: { fields: podSpec } };
// core/v1 PodStatus
const podStatus: PatchSchema = {
  conditions: byKey('type'),
  hostIPs: byKey('ip'),
  podIPs: byKey('ip'),
  resourceClaimStatuses: { ...byKey('name'), retainKeys: true },
};

function kindSchema(spec?: PatchSchema, status?: PatchSchema, extra: PatchSchema = {}): PatchSchema {
  return { metadata: { fields: objectMeta }, ...(spec && { spec: { fields: spec } }), ...(status && { status: { fields: status } }), ...extra };
}

const KINDS: { [kind: string]: PatchSchema } = {
  Pod: kindSchema(podSpec, podStatus),
  ReplicationController: kindSchema({ template: { fields: podTemplate } }, conditions),
  ReplicaSet: kindSchema({ template: { fields: podTemplate } }, conditions),
  // apps/v1 DeploymentSpec.Strategy is `patchStrategy:"retainKeys"`
  Deployment: kindSchema({ template: { fields: podTemplate }, strategy: { retainKeys: true } }, conditions),
  DaemonSet: kindSchema({ template: { fields: podTemplate } }, conditions),
  StatefulSet: kindSchema({ template: { fields: podTemplate } }, conditions),
  Job: kindSchema({ template: { fields: podTemplate } }, conditions),
  CronJob: kindSchema({ jobTemplate: { fields: { metadata: { fields: objectMeta }, spec: { fields: { template: { fields: podTemplate } } } } } }),
  Service: kindSchema({ ports: byKey('port') }, conditions),
  // NodeSpec.taints has no patchStrategy: a patch replaces the whole list
  Node: kindSchema({ podCIDRs: { strategy: 'merge' } }, { conditions: byKey('type'), addresses: byKey('type') }),
  Namespace: kindSchema(undefined, conditions),
  PersistentVolumeClaim: kindSchema(undefined, conditions),
  ServiceAccount: kindSchema(undefined, undefined, { secrets: byKey('name') }),
};
const DEFAULT_KIND = kindSchema(); // ConfigMap, Secret, Event...: only ObjectMeta has merge lists

export function schemaForKind(kind: string): PatchSchema {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : DEFAULT_KIND;
}

function metaAt(kind: string, path: string[]): FieldMeta {
  let meta: FieldMeta = { fields: schemaForKind(kind) };
  for (const segment of path) meta = lookupMeta(meta.fields, segment);
  return meta;
}

/** The merge key of the list at `path` (JSON field names from the object root, list indices left out). */
export function mergeKeyFor(kind: string, path: string[]): string | undefined {
  const meta = metaAt(kind, path);
  return meta.strategy === 'merge' ? meta.mergeKey : undefined;
}

/** True for a list of primitives merged as a set (metadata.finalizers, Node spec.podCIDRs). */
export function isMergedPrimitiveList(kind: string, path: string[]): boolean {
  const meta = metaAt(kind, path);
  return meta.strategy === 'merge' && !meta.mergeKey;
}

// -------------------------------------------------------------------------------------------
// Strategic merge patch

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

/** A failure of the strategic merge code, with the code interpretStrategicMergePatchError gives it. */
export class StrategicPatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 422 | 500 = 500,
  ) {
    super(message);
  }
}
// k8s.io/apimachinery/pkg/util/mergepatch/errors.go
const badPrimitiveList = () => new StrategicPatchError('invalid patch format of primitive list', 400);
const badRetainKeys = () => new StrategicPatchError('invalid patch format of retainKeys', 400);
const badSetElementOrder = () => new StrategicPatchError('invalid patch format of setElementOrder list', 400);
const noMergeKey = (m: Json, key: string) => new StrategicPatchError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
const badArgType = (expected: string, actual: Json | undefined) =>
  new StrategicPatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);

/** Go's %v of a decoded JSON value, for error messages. */
export function goFormat(v: Json | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  return String(v);
}

/** reflect.TypeOf of a decoded JSON value: integers decode as int64, other numbers as float64. */
function goTypeName(v: Json | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

const has = (m: JsonObject, key: string) => Object.hasOwn(m, key);

export interface MergeOptions {
  /** process $deleteFromPrimitiveList lists (server side) rather than keep them (merging two patches) */
  mergeParallelList: boolean;
  /** drop nulls that match nothing (server side) rather than keep them as deletions (merging two patches) */
  ignoreUnmatchedNulls: boolean;
}
/** StrategicMergeMapPatchUsingLookupPatchMeta: how the API server applies a patch. */
export const APPLY_OPTIONS: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };

/**
 * Applies a strategic merge patch to an object of `kind`, as the API server does for
 * `kubectl patch --type strategic` and for the patch `kubectl apply` computes.
 */
export function strategicMergePatch(target: JsonObject, patch: JsonObject, kind: string): PatchResult {
  if (patch === null) return { ok: true, value: clone(target) }; // `null` decodes as an empty patch
  if (!isObject(patch)) {
    return { ok: false, code: 400, message: `json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}` };
  }
  try {
    const merged = mergeStrategic(clone(target), clone(patch), schemaForKind(kind), APPLY_OPTIONS);
    // decoding into the typed object drops the directive keys a few paths leave behind
    return { ok: true, value: dropDirectiveKeys(merged) };
  } catch (e) {
    if (!(e instanceof StrategicPatchError)) throw e;
    return { ok: false, code: e.code, message: e.code === 422 ? REJECTED : e.message };
  }
}

function dropDirectiveKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(dropDirectiveKeys);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)) continue;
    out[k] = dropDirectiveKeys(x);
  }
  return out;
}

/**
 * patch.go mergeMap: merges `patch` into `original`. Like upstream it MUTATES both arguments;
 * callers pass copies. Throws StrategicPatchError.
 */
export function mergeStrategic(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined, o: MergeOptions): JsonObject {
  if (has(patch, DIRECTIVE)) return mapDirective(patch);
  applyRetainKeys(original, patch, o);
  // lists named by $setElementOrder are merged and ordered first, and removed from `patch`
  mergeOrderedLists(original, patch, schema, o);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!o.mergeParallelList) {
        original[patchKey] = patchV;
        continue;
      }
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      if (o.ignoreUnmatchedNulls) continue;
    }
    if (!has(original, key) || goTypeName(original[key]) !== goTypeName(patchV)) {
      // new (or retyped) value: take the patch's, without its directives
      if (!isDeleteList) {
        if (o.ignoreUnmatchedNulls) discardNulls(patchV);
        setWithoutDirectives(original, key, patchV);
      }
      continue;
    }
    const current = original[key];
    const meta = lookupMeta(schema, key);
    if (isObject(current)) {
      original[key] = meta.strategy === 'replace' ? patchV : mergeStrategic(current, patchV as JsonObject, meta.fields, o);
    } else if (Array.isArray(current)) {
      original[key] = mergeList(current, patchV as Json[], meta, isDeleteList, o);
    } else {
      setWithoutDirectives(original, key, patchV);
    }
  }
  return original;
}

/** handleDirectiveInMergeMap: `$patch: replace` takes the patch as is, `$patch: delete` empties the map. */
function mapDirective(patch: JsonObject): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw new StrategicPatchError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

/** `$deleteFromPrimitiveList/finalizers` -> `finalizers` */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw prefix === DELETE_FROM_PRIMITIVE_LIST ? badPrimitiveList() : badSetElementOrder();
  return key.slice(slash + 1);
}

/** `$retainKeys`: on the server, clears every field of `original` the list does not name. */
function applyRetainKeys(original: JsonObject, patch: JsonObject, o: MergeOptions): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!o.mergeParallelList) {
    // merging two patches: both must carry the same list
    if (!has(original, RETAIN_KEYS)) original[RETAIN_KEYS] = retain;
    else if (!jsonEqual(original[RETAIN_KEYS], retain)) {
      throw new StrategicPatchError(
        `${goFormat(original[RETAIN_KEYS])} and ${goFormat(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`,
      );
    }
    return;
  }
  if (!Array.isArray(retain)) throw badRetainKeys();
  const keep = new Set<Json>(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * mergePatchIntoOriginal: each `$setElementOrder/<list>` merges <list> and orders the result:
 * the directive's order first, then the patch's, then the live list's.
 */
function mergeOrderedLists(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined, o: MergeOptions): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[directiveKey];
    if (!o.mergeParallelList) {
      // merging two patches: keep the directive, which both must agree on
      if (!has(original, directiveKey)) original[directiveKey] = order;
      else if (!jsonEqual(original[directiveKey], order)) throw badSetElementOrder();
    }
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER);
    const foundOriginal = has(original, key);
    const foundPatch = has(patch, key);
    const originalList = foundOriginal ? original[key] : [];
    const patchList = foundPatch ? patch[key] : [];
    if (!Array.isArray(originalList)) throw badArgType('[]interface {}', originalList);
    if (!Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
    const meta = lookupMeta(schema, key);
    const mergeKey = meta.mergeKey ?? '';
    validateOrder(patchList, order, mergeKey);

    let merged: Json[];
    let serverOrder = originalList;
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList)[0] as Json[];
    else if (foundOriginal && foundPatch) ({ merged, view: serverOrder } = mergeListWithView(originalList, patchList, meta, false, o));
    else continue;

    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    const kind = elementKind(originalList, patchList);
    original[key] = normalizeElementOrder(inOrder, serverOnly, order, serverOrder, mergeKey, kind);
    delete patch[key];
  }
}

/** validatePatchWithSetOrderList: the patch list must follow the directive's relative order. */
function validateOrder(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletes(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isObject(items[p]) && has(items[p] as JsonObject, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw new StrategicPatchError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isObject(left)) throw badArgType('map[string]interface {}', left);
  if (!isObject(right)) throw badArgType('map[string]interface {}', right);
  if (!has(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** mergeSliceHandler: lists with patchStrategy merge merge; all others are replaced by the patch. */
function mergeList(original: Json[], patch: Json[], meta: FieldMeta, isDeleteList: boolean, o: MergeOptions): Json[] {
  return mergeListWithView(original, patch, meta, isDeleteList, o).merged;
}

/**
 * mergeSlice. Also returns `view`: what the caller's slice over `original` holds afterwards. Go
 * deletes entries in place (append(s[:i], s[i+1:]...)) and appends new entries into the freed
 * tail, and mergePatchIntoOriginal then orders the result by that view: the upstream tests
 * ("add map and delete map from merging list") pin the resulting order.
 */
function mergeListWithView(original: Json[], patch: Json[], meta: FieldMeta, isDeleteList: boolean, o: MergeOptions): { merged: Json[]; view: Json[] } {
  if (meta.strategy !== 'merge' && !isDeleteList) return { merged: patch, view: original };
  if (original.length === 0 && patch.length === 0) return { merged: original, view: original };
  const mergeKey = meta.mergeKey ?? '';
  const kind = elementKind(original, patch);
  if (kind !== 'map') {
    if (o.mergeParallelList && isDeleteList) {
      const doomed = new Set(patch);
      return { merged: original.filter((v) => !doomed.has(v)), view: original };
    }
    const merged = deduplicateScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partition(merged, patch, mergeKey);
    return { merged: normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind), view: original };
  }
  if (!mergeKey) throw new StrategicPatchError('cannot merge lists without merge key');

  // mergeSliceWithSpecialElements: `{$patch: delete, <key>: v}` deletes the entries with that key,
  // `{$patch: replace}` makes the rest of the patch list replace the list
  const backing = [...original];
  let length = backing.length;
  const items: JsonObject[] = [];
  let replace = false;
  for (const item of patch as JsonObject[]) {
    if (!has(item, DIRECTIVE)) {
      items.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!has(item, mergeKey)) throw noMergeKey(item, mergeKey);
      for (let i = findByKey(backing.slice(0, length), mergeKey, item[mergeKey]); i >= 0; i = findByKey(backing.slice(0, length), mergeKey, item[mergeKey])) {
        backing.copyWithin(i, i + 1, length);
        length--;
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new StrategicPatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicPatchError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
    }
  }
  const serverOrder = replace ? items : backing.slice(0, length);
  const patchItems: Json[] = replace ? [] : items;

  // mergeSliceWithoutSpecialElements: merge entries with the same key, append the others
  const merged = [...serverOrder];
  for (const item of patchItems as JsonObject[]) {
    if (!has(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const i = findByKey(merged, mergeKey, item[mergeKey]);
    if (i >= 0) {
      merged[i] = mergeStrategic(merged[i] as JsonObject, item, meta.fields, o);
    } else {
      merged.push(item);
      if (!replace && merged.length <= backing.length) backing[merged.length - 1] = item;
    }
  }
  const [inPatch, serverOnly] = partition(merged, patchItems, mergeKey);
  return { merged: normalizeElementOrder(inPatch, serverOnly, patchItems, serverOrder, mergeKey, kind), view: backing };
}

function findByKey(list: Json[], mergeKey: string, value: Json): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) throw new StrategicPatchError(`value for key ${i} is not a map`);
    if (has(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}

type ElementKind = 'map' | 'scalar';

/** sliceElementType: every element of the lists must have the same Go type; lists of lists are refused. */
export function elementKind(...lists: Json[][]): ElementKind {
  let first: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (first === undefined) {
        if (Array.isArray(v)) throw new StrategicPatchError('lists of lists are not supported', 422);
        first = t;
      } else if (t !== first) {
        throw new StrategicPatchError(`list element types are not identical: [${lists.map(goFormat).join(' ')}]`);
      }
    }
  }
  if (first === undefined) throw new StrategicPatchError('no elements in any of the given slices');
  return first === 'map[string]interface {}' ? 'map' : 'scalar';
}

/** Splits `list` into the items present in `by` (by merge key for maps) and the others. */
function partition(list: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inBy: Json[] = [];
  const others: Json[] = [];
  for (const v of list) {
    let found: boolean;
    if (!mergeKey) {
      found = by.includes(v);
    } else {
      if (!isObject(v)) throw badArgType('map[string]interface {}', v);
      if (!has(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    }
    (found ? inBy : others).push(v);
  }
  return [inBy, others];
}

/** Position of `v` in `list`, comparing merge-key values for maps (patch.go index). */
function indexIn(list: Json[], v: Json, mergeKey: string, kind: ElementKind): number {
  const keyOf = (x: Json): Json | undefined => (kind === 'map' ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const wanted = keyOf(v);
  return list.findIndex((x) => keyOf(x) === wanted);
}

/** normalizeSliceOrder: sorts `items` by their position in `order`; `$patch: delete` items go last. */
export function normalizeSliceOrder(items: Json[], order: Json[], mergeKey: string, kind: ElementKind): Json[] {
  let deletes: Json[] = [];
  if (kind === 'map') {
    for (const v of [...items, ...order]) {
      if (!isObject(v)) throw badArgType('map[string]interface {}', v);
      if (!has(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    [items, deletes] = splitDeletes(items);
  }
  const sorted = [...items].sort((a, b) => {
    const i = indexIn(order, a, mergeKey, kind);
    const j = indexIn(order, b, mergeKey, kind);
    return i >= 0 && j >= 0 ? i - j : 0;
  });
  return [...sorted, ...deletes];
}

function splitDeletes(list: Json[]): [Json[], Json[]] {
  const keep: Json[] = [];
  const deletes: Json[] = [];
  for (const v of list) {
    if (!isObject(v)) throw badArgType('map[string]interface {}', v);
    (v[DIRECTIVE] === 'delete' ? deletes : keep).push(v);
  }
  return [keep, deletes];
}

/**
 * normalizeElementOrder + mergeSortedSlice: patch items in the patch's order, server-only items in
 * the live order, interleaved where the live order relates them (patch items win ties).
 */
function normalizeElementOrder(patchItems: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: ElementKind): Json[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** patch.go deduplicateScalars, order quirks included: a duplicate is replaced by the last element. */
export function deduplicateScalars(s: Json[]): Json[] {
  s = [...s];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s = s.slice(0, length);
        length--;
        j--;
      }
    }
  }
  return s;
}

/** removeDirectives: drops maps (and list items) that carry `$patch`; returns [value, keep]. */
function removeDirectives(v: Json): [Json, boolean] {
  if (Array.isArray(v)) {
    const out: Json[] = [];
    for (const x of v) {
      const [y, keep] = removeDirectives(x);
      if (keep) out.push(y);
    }
    return [out, true];
  }
  if (!isObject(v)) return [v, true];
  if (has(v, DIRECTIVE)) return [null, false];
  for (const k of Object.keys(v)) {
    const [y, keep] = removeDirectives(v[k]);
    if (keep) v[k] = y;
    else delete v[k];
  }
  return [v, true];
}

function setWithoutDirectives(target: JsonObject, key: string, value: Json): void {
  const [v, keep] = removeDirectives(value);
  if (keep) target[key] = v;
  else delete target[key];
}

/** discardNullValuesFromPatch: a null with nothing under it to delete is dropped. */
function discardNulls(v: Json): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  }
}
