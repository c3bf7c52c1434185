/**
 * 32-bit hashing for the parser's features: words are hashed once per token (FNV-1a), and a feature
 * is the MurmurHash3-style mix of a template id and a few integer values. No strings are built per
 * feature, so feature extraction costs a handful of multiplications.
 *
 * Every hash is returned as a signed 32-bit integer (`| 0`), not as its unsigned reading (`>>> 0`): V8 keeps
 * signed int32 values unboxed (small integers), while an unsigned value of 2^31 or more returned from a
 * function that is not inlined is a heap-allocated number. Keys are stored in `Uint32Array`s, which keep the
 * same 32 bits either way.
 */

/** FNV-1a hash of a string's UTF-16 units, as a signed 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * {@link hashString} of `s.slice(from, to)` without making the slice (word suffixes and prefixes); `from` and
 * `to` are clamped to the string as `slice` does for non-negative indices.
 */
export function hashRange(s: string, from: number, to: number): number {
  const end = Math.min(to, s.length);
  let h = 0x811c9dc5;
  for (let i = Math.max(0, from); i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** One MurmurHash3 mixing round of value `v` into running hash `h`. */
export function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Final avalanche, as a signed 32-bit integer; never returns 0 (0 marks an empty slot in {@link FeatureIndex}). */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h |= 0;
  return h === 0 ? 1 : h;
}

/** Feature key of template `t` over one value. */
export function f1(t: number, a: number): number {
  return finish(mix(mix(0x2545f491, t), a));
}
/** Feature key of template `t` over two values. */
export function f2(t: number, a: number, b: number): number {
  return finish(mix(mix(mix(0x2545f491, t), a), b));
}
/** Feature key of template `t` over three values. */
export function f3(t: number, a: number, b: number, c: number): number {
  return finish(mix(mix(mix(mix(0x2545f491, t), a), b), c));
}
/** Feature key of template `t` over four values. */
export function f4(t: number, a: number, b: number, c: number, d: number): number {
  return finish(mix(mix(mix(mix(mix(0x2545f491, t), a), b), c), d));
}

/**
 * Open-addressing map from non-zero 32-bit feature keys to dense row numbers (0, 1, 2… in order of
 * insertion). Grows by doubling at half load.
 */
export class FeatureIndex {
  keys: Uint32Array;
  rows: Int32Array;
  private mask: number;
  /** Number of keys stored (= next row number). */
  count = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Row of `key` (its signed or unsigned 32-bit reading), or -1. */
  get(key: number): number {
    key >>>= 0;
    const keys = this.keys;
    const mask = this.mask;
    let i = (key ^ (key >>> 15)) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.rows[i]!;
      if (k === 0) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Row of `key`, adding it (with the next row number) when absent. */
  getOrAdd(key: number): number {
    const found = this.get(key);
    if (found >= 0) return found;
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.insert(key, this.count);
    return this.count++;
  }

  /** Inserts `key` with an explicit row (used when loading a model). */
  insert(key: number, row: number): void {
    key >>>= 0;
    const keys = this.keys;
    const mask = this.mask;
    let i = (key ^ (key >>> 15)) & mask;
    while (keys[i] !== 0 && keys[i] !== key) i = (i + 1) & mask;
    keys[i] = key;
    this.rows[i] = row;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== 0) this.insert(oldKeys[i]!, oldRows[i]!);
  }

  /** All keys in row order. */
  keysByRow(): Uint32Array {
    const out = new Uint32Array(this.count);
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== 0) out[this.rows[i]!] = this.keys[i]!;
    return out;
  }
}
