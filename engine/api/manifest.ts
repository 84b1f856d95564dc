/**
 * Reading manifests as kubectl does before it sends anything: split a YAML stream into
 * documents, skip empty ones, and refuse what kubectl refuses on the client side, worded as
 * kubectl 1.32 words it. Pure: the caller reads the file.
 */
import yaml from 'js-yaml';
import { KObject } from './types';

export type ManifestResult = { ok: true; objects: KObject[] } | { ok: false; error: string };

const VALIDATE_HINT = 'if you choose to ignore these errors, turn validation off with --validate=false';

/** js-yaml's reasons, reworded where go-yaml (which kubectl uses) says it differently. */
function yamlReason(e: yaml.YAMLException): string {
  const reason = e.reason ?? e.message;
  if (/tab characters? must not be used in indentation/.test(reason)) return 'found a tab character that violates indentation';
  if (/unexpected end of the stream within a (double|single) quoted scalar/.test(reason)) return 'found unexpected end of stream';
  if (/bad indentation of a mapping entry/.test(reason)) return 'did not find expected key';
  return reason;
}

/** Splits a YAML stream into documents, keeping each document's starting line for error messages. */
function splitDocuments(text: string): { body: string; firstLine: number }[] {
  const lines = text.split(/\r?\n/);
  const docs: { body: string; firstLine: number }[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---(\s|$)/.test(lines[i])) {
      docs.push({ body: lines.slice(start, i).join('\n'), firstLine: start + 1 });
      start = i + 1;
    }
  }
  return docs;
}

/**
 * Parses `text` (from `source`, a file name used in messages) into API objects.
 * Errors: `error parsing <source>: error converting YAML to JSON: yaml: line N: <reason>` and
 * `error validating "<source>": error validating data: apiVersion not set; ...`.
 */
export function parseManifests(text: string, source: string): ManifestResult {
  const objects: KObject[] = [];
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = yaml.load(doc.body, { schema: yaml.DEFAULT_SCHEMA, json: false });
    } catch (e) {
      if (e instanceof yaml.YAMLException) {
        // go-yaml counts lines within the document, as kubectl decodes one document at a time
        const line = (e.mark?.line ?? 0) + 1;
        return { ok: false, error: `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${yamlReason(e)}` };
      }
      throw e;
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: `error validating "${source}": error validating data: invalid object to validate; ${VALIDATE_HINT}` };
    }
    const obj = value as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      objects.push(...(obj.items as KObject[]));
      continue;
    }
    const missing = [!obj.apiVersion ? 'apiVersion not set' : '', !obj.kind ? 'kind not set' : ''].filter(Boolean);
    if (missing.length) {
      const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
      return { ok: false, error: `error validating "${source}": error validating data: ${what}; ${VALIDATE_HINT}` };
    }
    objects.push(obj as KObject);
  }
  return { ok: true, objects };
}

/** kubectl's mapping error for a kind the server does not serve. */
export function unknownKindError(obj: KObject, source: string): string {
  const ns = obj.metadata?.namespace ?? '';
  return `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${ns}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`;
}
