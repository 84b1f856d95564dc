/**
 * Go's %#v renderings of the values the API server puts in its messages (1.32 and older print
 * Go syntax; 1.34 switched to JSON).
 */
import { GoLiteral } from '../field';
import { LabelSelector } from '../types';

const q = (s: string) => JSON.stringify(s);

/** map[string]string{"app":"x", "tier":"y"} (Go sorts map keys when printing). */
export function goStringMap(m: Record<string, string> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  const entries = Object.keys(m).sort().map((k) => `${q(k)}:${q(m[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function goStrings(xs: string[] | undefined): string {
  return xs ? `[]string{${xs.map(q).join(', ')}}` : '[]string(nil)';
}

export function goLabelSelector(ls: LabelSelector): GoLiteral {
  const exprs = ls.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${ls.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${q(e.key)}, Operator:${q(e.operator)}, Values:${goStrings(e.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goStringMap(ls.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}: IntOrString's String() has a pointer receiver, so %#v prints the struct. */
export function goIntOrString(v: number | string): GoLiteral {
  return new GoLiteral(typeof v === 'number' ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${q(v)}}`);
}
