/**
 * Watches a run one cluster value at a time and keeps what the `always` invariants found, so a
 * scenario can ask at its end whether one held throughout (a pod bound to a cordoned node, an
 * adoption by a deleting owner).
 */
import { Cluster } from '../cluster';
import { INVARIANTS } from './index';
import { StateInvariant } from './types';

export class InvariantMonitor {
  private prev?: Cluster;
  /** violations by invariant name, in the order they happened */
  readonly violations = new Map<string, string[]>();

  reset(c?: Cluster) {
    this.prev = c;
    this.violations.clear();
  }

  observe(c: Cluster) {
    const prev = this.prev;
    if (c === prev) return;
    this.prev = c;
    if (!prev) return;
    for (const inv of INVARIANTS.values()) {
      if (inv.when !== 'always') continue;
      for (const v of (inv as StateInvariant).check(c, prev)) {
        const found = this.violations.get(inv.name) ?? [];
        if (!found.includes(v)) this.violations.set(inv.name, [...found, v]);
      }
    }
  }

  /** What the named invariant (all of them by default) found so far, prefixed with its name. */
  found(names?: string[]): string[] {
    return [...this.violations.entries()].filter(([n]) => !names || names.includes(n)).flatMap(([n, vs]) => vs.map((v) => `${n}: ${v}`));
  }
}
