/** A cluster value as one canonical string: equal clusters give equal strings, byte for byte. */
import { canonical } from '../engine/api/json';
import type { Cluster } from '../engine';

export function canonicalCluster(c: Cluster): string {
  const objects = c.store.objects.keySeq().toArray().sort().map((k) => c.store.objects.get(k));
  const events = c.events.valueSeq().toArray().sort((a, b) => a.seq - b.seq);
  const runtime = c.runtime.keySeq().toArray().sort().map((k) => [k, c.runtime.get(k)]);
  const timers = c.timers.keySeq().toArray().sort().map((k) => c.timers.get(k));
  return canonical({ now: c.now, rng: c.rng, rv: c.resourceVersion, objects, events, runtime, timers });
}
