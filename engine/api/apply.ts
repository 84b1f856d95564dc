/**
 * Client-side `kubectl apply` (kubectl 1.32 without --server-side), for one object:
 *  - on create, the manifest is sent with the last-applied-configuration annotation;
 *  - otherwise kubectl computes a three-way strategic merge patch from the last-applied
 *    configuration (original), the manifest (modified) and the live object (current), and sends
 *    it unless it is `{}` (then it prints `unchanged`).
 * The patch computation ports k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (CreateThreeWayMergePatch, diffMaps and its helpers); kubectl/pkg/cmd/apply/patcher.go drives it.
 */
import { canonical, clone, isObject } from './json';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  FieldMeta,
  PatchSchema,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  StrategicPatchError,
  deduplicateScalars,
  elementKind,
  goFormat,
  lookupMeta,
  mergeStrategic,
  normalizeSliceOrder,
  schemaForKind,
  strategicMergePatch,
} from './patch';
import { Json, JsonObject, KObject } from './types';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The last-applied configuration recorded on a live object, or undefined when there is none (or it is not JSON). */
export function lastAppliedOf(live: KObject): JsonObject | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Json;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Go's encoding/json, as kubectl encodes an unstructured object: compact, map keys sorted,
 * `<`, `>`, `&`, U+2028 and U+2029 escaped, and (json.Encoder.Encode) a trailing newline.
 */
function goJsonEncode(value: unknown): string {
  const escaped = canonical(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${escaped}\n`;
}

/**
 * The manifest with the last-applied-configuration annotation, as kubectl/pkg/util/apply.go
 * GetModifiedConfiguration writes it: the manifest is serialised with its own annotation removed
 * and with `metadata.annotations` present (an empty map when the manifest has none, which is why
 * the annotation of a manifest without annotations reads `"annotations":{}`).
 */
export function annotateLastApplied(manifest: KObject): KObject {
  const annotations: Record<string, string> = { ...(manifest.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const text = goJsonEncode({ ...manifest, metadata: { ...manifest.metadata, annotations } });
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...annotations, [LAST_APPLIED]: text } } };
}

/**
 * The patch `kubectl apply` sends (strategicpatch.CreateThreeWayMergePatch with overwrite=true):
 * the changes and additions from `current` to `modified`, plus the deletions from `original` to
 * `modified`. Fields only `current` has (status, defaults, other writers' fields) are left alone.
 * Throws StrategicPatchError (e.g. a list element without its merge key).
 */
export function threeWayPatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject, kind: string): JsonObject {
  return createThreeWayMergePatch(original, modified, current, schemaForKind(kind));
}

export function createThreeWayMergePatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject, schema: PatchSchema): JsonObject {
  // diffing sorts lists of scalars in place, as upstream does: work on copies
  const delta = diffMaps(clone(current), clone(modified), schema, { ...NO_OPTIONS, ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(clone(original ?? {}), clone(modified), schema, { ...NO_OPTIONS, ignoreChangesAndAdditions: true, setElementOrder: true });
  return mergeStrategic(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

/** strategicpatch.CreateTwoWayMergePatch: the patch that turns `original` into `modified`. */
export function createTwoWayMergePatch(original: JsonObject, modified: JsonObject, schema: PatchSchema): JsonObject {
  return diffMaps(clone(original), clone(modified), schema, { ...NO_OPTIONS, setElementOrder: true });
}

export interface ApplyResult {
  object: KObject;
  /** false when kubectl would print `unchanged` (the patch is `{}`), or on error */
  changed: boolean;
  /** set when kubectl fails to compute or apply the patch; `object` is then the live object */
  error?: string;
}

/** One object of `kubectl apply -f`: a create when nothing is live, otherwise the three-way patch. */
export function applyManifest(live: KObject | undefined, manifest: KObject): ApplyResult {
  const modified = annotateLastApplied(manifest);
  if (!live) return { object: modified, changed: true };
  const text = live.metadata.annotations?.[LAST_APPLIED];
  const original = lastAppliedOf(live);
  if (text && !original) return { object: live, changed: false, error: 'invalid JSON document' }; // mergepatch.ErrBadJSONDoc
  let patch: JsonObject;
  try {
    patch = threeWayPatch(original, modified as unknown as JsonObject, live as unknown as JsonObject, manifest.kind);
  } catch (e) {
    if (e instanceof StrategicPatchError) return { object: live, changed: false, error: e.message };
    throw e;
  }
  if (Object.keys(patch).length === 0) return { object: live, changed: false };
  const result = strategicMergePatch(live as unknown as JsonObject, patch, manifest.kind);
  if (!result.ok) return { object: live, changed: false, error: result.message };
  return { object: result.value as unknown as KObject, changed: true };
}

// -------------------------------------------------------------------------------------------
// diffMaps and friends (patch.go)

interface DiffOptions {
  /** emit $setElementOrder lists */
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  /** emit a $retainKeys list (the field has patchStrategy retainKeys) */
  buildRetainKeys: boolean;
}
const NO_OPTIONS: DiffOptions = { setElementOrder: false, ignoreChangesAndAdditions: false, ignoreDeletions: false, buildRetainKeys: false };

const has = (m: JsonObject, key: string) => Object.hasOwn(m, key);

/** Go's reflect.TypeOf for decoded JSON: integers are int64, other numbers float64. */
function goType(v: Json): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

/** fmt.Sprintf("%v") of a scalar or merge-key value: how upstream sorts and compares them. */
const str = (v: Json | undefined) => goFormat(v);
const byString = (a: Json, b: Json) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0);

function diffMaps(original: JsonObject, modified: JsonObject, schema: PatchSchema | undefined, o: DiffOptions): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedV] of Object.entries(modified)) {
    if (o.buildRetainKeys && modifiedV !== null) retainKeys.push(key);
    if (!has(original, key)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedV;
      continue;
    }
    const originalV = original[key];
    if (key === DIRECTIVE) {
      if (typeof originalV !== 'string' || typeof modifiedV !== 'string') throw new StrategicPatchError(`invalid value for special key: ${DIRECTIVE}`);
      if (originalV !== modifiedV) patch[key] = modifiedV;
      continue;
    }
    if (goType(originalV) !== goType(modifiedV)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedV;
      continue;
    }
    const meta = lookupMeta(schema, key);
    if (isObject(originalV)) diffMapField(key, originalV, modifiedV as JsonObject, patch, meta, o);
    else if (Array.isArray(originalV)) diffListField(key, originalV, modifiedV as Json[], patch, meta, o);
    else replaceIfNotEqual(key, originalV, modifiedV, patch, o);
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!has(modified, key)) patch[key] = null;
  }
  // $retainKeys goes out when something changed, or when the server has fields to clear
  const hasExtraField = Object.entries(original).some(([k, v]) => v !== null && !has(modified, k));
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasExtraField)) patch[RETAIN_KEYS] = [...retainKeys].sort(byString);
  return patch;
}

function replaceIfNotEqual(key: string, original: Json, modified: Json, patch: JsonObject, o: DiffOptions): void {
  if (!o.ignoreChangesAndAdditions && canonical(original) !== canonical(modified)) patch[key] = modified;
}

/** handleMapDiff */
function diffMapField(key: string, original: JsonObject, modified: JsonObject, patch: JsonObject, meta: FieldMeta, o: DiffOptions): void {
  if (meta.strategy === 'replace') {
    if (!o.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const sub = diffMaps(original, modified, meta.fields, { ...o, buildRetainKeys: !!meta.retainKeys });
  if (Object.keys(sub).length > 0) patch[key] = sub;
}

/** handleSliceDiff: merge lists diff element by element, other lists are replaced when they differ. */
function diffListField(key: string, original: Json[], modified: Json[], patch: JsonObject, meta: FieldMeta, o: DiffOptions): void {
  if (meta.strategy !== 'merge') {
    replaceIfNotEqual(key, original, modified, patch, o);
    return;
  }
  const [add, del, order] = diffLists(original, modified, meta, { ...o, buildRetainKeys: !!meta.retainKeys });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

/** diffLists: [patch list, deletions from a primitive list, $setElementOrder list] */
function diffLists(original: Json[], modified: Json[], meta: FieldMeta, o: DiffOptions): [Json[], Json[], Json[]] {
  if (original.length === 0) {
    return modified.length === 0 || o.ignoreChangesAndAdditions ? [[], [], []] : [modified, [], []];
  }
  const mergeKey = meta.mergeKey ?? '';
  const kind = elementKind(original, modified);
  if (kind === 'map') {
    const [changed, deleted] = diffListsOfMaps(original, modified, meta.fields, mergeKey, o);
    const patchList = [...normalizeSliceOrder(changed, modified, mergeKey, kind), ...deleted];
    const orderSame = isOrderSame(original, modified, mergeKey);
    const wantOrder =
      o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0));
    const order = wantOrder ? modified.map((v) => ({ [mergeKey]: (v as JsonObject)[mergeKey] })) : [];
    return [patchList, [], order];
  }
  // Upstream sorts `original` in place before comparing it with `modified` below, so an unsorted
  // but unchanged list still gets a $setElementOrder (patch.go diffListsOfScalars / diffLists).
  const [added, deleted] = diffListsOfScalars(original, modified, o);
  const patchList = normalizeSliceOrder(added, modified, mergeKey, kind);
  const wantOrder =
    o.setElementOrder && ((!o.ignoreDeletions && deleted.length > 0) || (!o.ignoreChangesAndAdditions && canonical(original) !== canonical(modified)));
  return [patchList, deleted, wantOrder ? modified : []];
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => {
    const a = original[i] as JsonObject;
    const b = m as JsonObject;
    if (!has(a, mergeKey)) throw new StrategicPatchError(`map: ${goFormat(a)} does not contain declared merge key: ${mergeKey}`);
    if (!has(b, mergeKey)) throw new StrategicPatchError(`map: ${goFormat(b)} does not contain declared merge key: ${mergeKey}`);
    return a[mergeKey] === b[mergeKey];
  });
}

/** diffListsOfScalars: walks both lists sorted by their string form. Sorts `original` in place. */
function diffListsOfScalars(original: Json[], modified: Json[], o: DiffOptions): [Json[], Json[]] {
  original.sort(byString);
  const sortedModified = [...modified].sort(byString);
  const added: Json[] = [];
  const deleted: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < original.length || j < sortedModified.length) {
    const a = i < original.length ? str(original[i]) : undefined;
    const b = j < sortedModified.length ? str(sortedModified[j]) : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      i++;
      j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) added.push(sortedModified[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deleted.push(original[i]);
      i++;
    }
  }
  return [added, deduplicateScalars(deleted)];
}

/**
 * diffListsOfMaps: walks both lists sorted by merge key. Elements in both are diffed recursively,
 * new ones are added whole, missing ones get `{<mergeKey>: v, $patch: delete}`.
 */
function diffListsOfMaps(original: Json[], modified: Json[], schema: PatchSchema | undefined, mergeKey: string, o: DiffOptions): [Json[], Json[]] {
  const keyOf = (m: JsonObject) => {
    if (!has(m, mergeKey)) throw new StrategicPatchError(`map: ${goFormat(m)} does not contain declared merge key: ${mergeKey}`);
    return m[mergeKey];
  };
  const sortByKey = (list: Json[]) => [...(list as JsonObject[])].sort((a, b) => byString(a[mergeKey], b[mergeKey]));
  const originalSorted = sortByKey(original);
  const modifiedSorted = sortByKey(modified);
  const changed: Json[] = [];
  const deleted: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < originalSorted.length || j < modifiedSorted.length) {
    const a = i < originalSorted.length ? str(keyOf(originalSorted[i])) : undefined;
    const b = j < modifiedSorted.length ? str(keyOf(modifiedSorted[j])) : undefined;
    if (a !== undefined && b !== undefined && a === b) {
      const sub = diffMaps(originalSorted[i], modifiedSorted[j], schema, o);
      if (Object.keys(sub).length > 0) changed.push({ ...sub, [mergeKey]: modifiedSorted[j][mergeKey] });
      i++;
      j++;
    } else if (a === undefined || (b !== undefined && a > b)) {
      if (!o.ignoreChangesAndAdditions) changed.push(modifiedSorted[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deleted.push({ [mergeKey]: originalSorted[i][mergeKey], [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return [changed, deleted];
}
