/**
 * Seeded randomness. The generator's state is a plain number kept in the cluster value, so a
 * cluster with the same seed and the same actions draws the same numbers: nothing here reads
 * Math.random or the host clock.
 */

/** mulberry32: a small, well-distributed 32-bit generator. Returns [value in [0,1), next state]. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** Draws `count` integers in [0, bound) and returns them with the next state. */
export function drawInts(state: number, count: number, bound: number): [number[], number] {
  const out: number[] = [];
  let s = state;
  for (let i = 0; i < count; i++) {
    const [r, n] = nextRandom(s);
    out.push(Math.floor(r * bound));
    s = n;
  }
  return [out, s];
}

/** The alphabet of generated name suffixes (apimachinery/pkg/util/rand/rand.go): no vowels, no 0/1/3. */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName: base truncated to 58 characters plus a 5-character suffix (apiserver/pkg/storage/names). */
export function generateName(base: string, state: number): [string, number] {
  const [ints, next] = drawInts(state, 5, NAME_SUFFIX_ALPHABET.length);
  const trimmed = base.length > 58 ? base.slice(0, 58) : base;
  return [trimmed + ints.map((i) => NAME_SUFFIX_ALPHABET[i]).join(''), next];
}

/** A version-4 style UUID drawn from the seeded generator. */
export function uuid(state: number): [string, number] {
  const [ints, next] = drawInts(state, 32, 16);
  const hex = ints.map((i) => i.toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return [`${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`, next];
}

/**
 * A hex string that depends only on `seed` (FNV-1a rounds): ids the container runtime invents,
 * such as container ids and image digests, without drawing from the cluster's generator.
 */
export function stableHex(seed: string, length: number): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ round, 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

