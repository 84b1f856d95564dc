/**
 * `-o jsonpath=TEMPLATE` (k8s.io/client-go/util/jsonpath), the common subset: text with `{...}`
 * expressions of fields (`.metadata.name`, `.metadata.annotations.kubernetes\.io/change-cause`), indexes (`[0]`), wildcards (`[*]`, `.*`), `..` is
 * not supported. A scalar prints as is, several results are joined by a space, a map or list
 * prints as JSON (Go's encoding: keys sorted, no spaces).
 */
import { canonical } from '../engine/api/json';

export class JsonPathError extends Error {}

type Step = { field: string } | { index: number } | { all: true };

function parseExpression(expr: string): Step[] {
  const steps: Step[] = [];
  let rest = expr.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  while (rest.length) {
    let m: RegExpExecArray | null;
    // a field runs to the next terminator; `\.` keeps a dot in a key (parser.go parseField)
    if ((m = /^\.((?:\\.|[^\s.,[\]$@{}\\*])(?:\\.|[^\s.,[\]$@{}\\])*)/.exec(rest))) steps.push({ field: m[1].replace(/\\(.)/g, '$1') });
    else if ((m = /^\.\*/.exec(rest))) steps.push({ all: true });
    else if ((m = /^\[\*\]/.exec(rest))) steps.push({ all: true });
    else if ((m = /^\[(-?\d+)\]/.exec(rest))) steps.push({ index: Number(m[1]) });
    else if ((m = /^\['([^']*)'\]/.exec(rest))) steps.push({ field: m[1] });
    else if (rest === '.') break;
    else throw new JsonPathError(`unrecognized character in action: U+${rest.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${rest[0]}'`);
    rest = rest.slice(m ? m[0].length : rest.length);
  }
  return steps;
}

function evaluate(root: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('field' in step) {
        if (v && typeof v === 'object' && !Array.isArray(v) && step.field in (v as object)) next.push((v as Record<string, unknown>)[step.field]);
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i >= 0 && i < v.length) next.push(v[i]);
          else throw new JsonPathError(`array index out of bounds: index ${step.index}, length ${v.length}`);
        }
      } else if (Array.isArray(v)) next.push(...v);
      else if (v && typeof v === 'object') next.push(...Object.keys(v as object).sort().map((k) => (v as Record<string, unknown>)[k]));
    }
    current = next;
  }
  return current;
}

const show = (v: unknown): string => (v !== null && typeof v === 'object' ? canonical(v) : String(v));

/** Renders a template against an object; expressions that find nothing print nothing. */
export function renderJsonPath(template: string, obj: unknown): string {
  let out = '';
  let rest = template;
  while (rest.length) {
    const open = rest.indexOf('{');
    if (open < 0) {
      out += rest;
      break;
    }
    out += rest.slice(0, open);
    const close = rest.indexOf('}', open);
    if (close < 0) throw new JsonPathError('unclosed action');
    out += evaluate(obj, parseExpression(rest.slice(open + 1, close))).map(show).join(' ');
    rest = rest.slice(close + 1);
  }
  return out;
}

/**
 * `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image`: a header of the
 * names, a row per object; several values join with commas, none prints `<none>`.
 */
export function customColumns(spec: string, objects: unknown[]): string[][] | { error: string } {
  const columns = spec.split(',').map((part) => {
    const i = part.indexOf(':');
    return i < 0 ? undefined : { name: part.slice(0, i), path: part.slice(i + 1) };
  });
  if (columns.some((c) => !c)) return { error: 'custom-columns format specified, but no custom columns given' };
  const steps = columns.map((c) => {
    const expr = c!.path.replace(/^\{|\}$/g, '');
    return parseExpression(expr.startsWith('.') || expr.startsWith('[') ? expr : `.${expr}`);
  });
  return [
    columns.map((c) => c!.name),
    ...objects.map((o) =>
      steps.map((st) => {
        const values = evaluate(o, st).filter((v) => v !== undefined && v !== null);
        return values.length ? values.map(show).join(',') : '<none>';
      }),
    ),
  ];
}
