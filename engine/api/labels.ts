/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): the kubectl `-l` syntax and LabelSelector
 * objects, as one list of requirements.
 */
import { LabelSelector } from './types';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Selector = Requirement[];

export function fromLabelSelector(ls: LabelSelector | undefined): Selector {
  if (!ls) return [{ key: '', operator: 'in', values: [] }]; // nil selector matches nothing
  const out: Selector = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) out.push({ key: k, operator: '=', values: [v] });
  for (const e of ls.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    out.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case '=':
      case '==':
        return has && l[r.key] === r.values[0];
      case '!=':
        return !has || l[r.key] !== r.values[0];
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

export function isEmptySelector(sel: Selector): boolean {
  return sel.length === 0;
}

/** kubectl `-l`: `app=x,tier!=db,env in (a,b),env notin (c),gpu,!legacy` */
export function parseSelector(text: string): Selector | { error: string } {
  const out: Selector = [];
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() || parts.length) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([A-Za-z0-9_./-]+)$/.exec(p))) out.push({ key: m[1], operator: '!', values: [] });
    else if ((m = /^([A-Za-z0-9_./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p)))
      out.push({ key: m[1], operator: m[2] as Operator, values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') });
    else if ((m = /^([A-Za-z0-9_./-]+)\s*(==|!=|=)\s*([A-Za-z0-9_.-]*)$/.exec(p))) out.push({ key: m[1], operator: m[2] as Operator, values: [m[3]] });
    else if ((m = /^([A-Za-z0-9_./-]+)$/.exec(p))) out.push({ key: m[1], operator: 'exists', values: [] });
    else return { error: `unable to parse requirement: found '${p}', expected: in, notin, =, ==, !=, gt, lt` };
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
