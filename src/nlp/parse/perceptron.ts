/**
 * Multi-class averaged perceptron over hashed features (Collins 2002; Daumé's averaging trick:
 * average = w − u/t, where u accumulates t·Δ at each update). Rows are allocated only for features
 * that take part in an update, so memory follows the number of mistakes, not the number of features.
 *
 * Three model forms share the {@link Scorer} interface: the live training model, a frozen float
 * snapshot (dev evaluation), and the shipped int8 model (one scale per row, rare rows pruned).
 */
import { DossierError } from "../../util/errors.js";
import { FeatureIndex } from "./hash.js";

/** Anything that scores feature keys against every class. */
export interface Scorer {
  readonly nClasses: number;
  /** Adds each feature's class weights into `out` (which the caller zeroes). */
  score(feats: Uint32Array, n: number, out: Float64Array): void;
}

/** The live model during training. */
export class AveragedPerceptron implements Scorer {
  readonly index = new FeatureIndex(1 << 16);
  private w: Float32Array;
  private u: Float32Array;
  /** Instance counter (advance with {@link tick} once per training decision). */
  t = 1;

  constructor(readonly nClasses: number) {
    this.w = new Float32Array((1 << 14) * nClasses);
    this.u = new Float32Array((1 << 14) * nClasses);
  }

  score(feats: Uint32Array, n: number, out: Float64Array): void {
    const C = this.nClasses;
    const w = this.w;
    for (let i = 0; i < n; i++) {
      const row = this.index.get(feats[i]!);
      if (row < 0) continue;
      const off = row * C;
      for (let c = 0; c < C; c++) out[c]! += w[off + c]!;
    }
  }

  /** Moves weight from `guess` to `truth` on every feature. */
  update(feats: Uint32Array, n: number, truth: number, guess: number): void {
    if (truth === guess) return;
    const C = this.nClasses;
    for (let i = 0; i < n; i++) {
      const row = this.index.getOrAdd(feats[i]!);
      if ((row + 1) * C > this.w.length) this.grow();
      const off = row * C;
      this.w[off + truth]! += 1;
      this.u[off + truth]! += this.t;
      this.w[off + guess]! -= 1;
      this.u[off + guess]! -= this.t;
    }
  }

  tick(): void {
    this.t++;
  }

  private grow(): void {
    const w = new Float32Array(this.w.length * 2);
    w.set(this.w);
    const u = new Float32Array(this.u.length * 2);
    u.set(this.u);
    this.w = w;
    this.u = u;
  }

  /** A frozen copy of the averaged weights. */
  averaged(): DenseModel {
    const C = this.nClasses;
    const rows = this.index.count;
    const avg = new Float32Array(rows * C);
    const t = this.t;
    for (let i = 0; i < rows * C; i++) avg[i] = this.w[i]! - this.u[i]! / t;
    const index = new FeatureIndex(rows);
    const keys = this.index.keysByRow();
    for (let r = 0; r < rows; r++) index.insert(keys[r]!, r);
    index.count = rows;
    return new DenseModel(C, index, avg, keys);
  }
}

/** Float weights, one row per feature. */
export class DenseModel implements Scorer {
  constructor(
    readonly nClasses: number,
    readonly index: FeatureIndex,
    readonly weights: Float32Array,
    readonly keys: Uint32Array,
  ) {}

  score(feats: Uint32Array, n: number, out: Float64Array): void {
    const C = this.nClasses;
    const w = this.weights;
    for (let i = 0; i < n; i++) {
      const row = this.index.get(feats[i]!);
      if (row < 0) continue;
      const off = row * C;
      for (let c = 0; c < C; c++) out[c]! += w[off + c]!;
    }
  }

  /**
   * Quantises to int8 with one scale per row, dropping rows whose largest weight is below
   * `minWeight` (absolute, in averaged-perceptron units).
   */
  quantize(minWeight: number): QuantizedModel {
    const C = this.nClasses;
    const rows = this.keys.length;
    const keep: number[] = [];
    for (let r = 0; r < rows; r++) {
      let max = 0;
      for (let c = 0; c < C; c++) max = Math.max(max, Math.abs(this.weights[r * C + c]!));
      if (max >= minWeight && max > 0) keep.push(r);
    }
    const keys = new Uint32Array(keep.length);
    const scales = new Float32Array(keep.length);
    const q = new Int8Array(keep.length * C);
    keep.forEach((r, k) => {
      let max = 0;
      for (let c = 0; c < C; c++) max = Math.max(max, Math.abs(this.weights[r * C + c]!));
      const scale = max / 127;
      keys[k] = this.keys[r]!;
      scales[k] = scale;
      for (let c = 0; c < C; c++) q[k * C + c] = Math.round(this.weights[r * C + c]! / scale);
    });
    return new QuantizedModel(C, keys, scales, q);
  }
}

/**
 * The shipped form: int8 weights with one float scale per row. At load the rows are laid out inside
 * an open-addressing table so that scoring a feature touches one slot:
 * - few classes (the move classifier): `[key u32][scale f32][C × int8, padded]`, dense;
 * - many classes (tagger, labeler), where a row holds ~3–4 non-zero weights out of 50–109:
 *   `[key u32][scale f32][first u32][count u32]`, pointing at packed `(class << 8 | int8)` entries,
 *   so a feature costs a few multiply-adds instead of one per class.
 */
export class QuantizedModel implements Scorer {
  /** Slot size in 32-bit words. */
  private readonly words: number;
  private readonly mask: number;
  private readonly slotKeys: Uint32Array;
  private readonly slotScales: Float32Array;
  private readonly slotWeights: Int8Array;
  private readonly sparse: boolean;
  private readonly entries: Int32Array;
  /** Index in {@link entries} of each sparse row's first entry (rows + 1 values; empty for dense models). */
  private readonly rowStart: Int32Array;
  /**
   * Slot of each row, in row order. The row arrays given to the constructor are not kept (the
   * tagger's alone are 33 MB): {@link keys}, {@link scales} and {@link weights} rebuild them from the
   * table when a script asks (pruning, saving).
   */
  private readonly rowSlot: Int32Array;

  /**
   * Builds the table from rows, or adopts a table already built ({@link QuantizedModel.tables}: by another
   * thread, shared through `SharedArrayBuffer`s), which costs nothing but a few checks.
   * @param keys feature key per row, or the built tables
   * @param scales weight scale per row (rows only)
   * @param weights int8 weights, rows × classes, or (models of more than 8 classes) the rows' non-zero
   *   weights already packed as {@link PackedRows} (rows only)
   * @throws DossierError INTERNAL when rows or tables are inconsistent
   */
  constructor(nClasses: number, keys: Uint32Array, scales: Float32Array, weights: Int8Array | PackedRows);
  constructor(nClasses: number, tables: QuantizedTables);
  constructor(
    readonly nClasses: number,
    keys: Uint32Array | QuantizedTables,
    scales?: Float32Array,
    weights?: Int8Array | PackedRows,
  ) {
    const t =
      keys instanceof Uint32Array ? buildTables(nClasses, keys, scales!, weights!) : checkTables(nClasses, keys);
    this.sparse = nClasses > 8;
    this.fourInOneWord = nClasses <= 4 && new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    this.words = slotWords(nClasses);
    this.mask = t.slots.byteLength / (this.words * 4) - 1;
    this.slotKeys = new Uint32Array(t.slots);
    this.slotScales = new Float32Array(t.slots);
    this.slotWeights = new Int8Array(t.slots);
    this.entries = t.entries;
    this.rowStart = t.rowStart;
    this.rowSlot = t.rowSlot;
    this.filter = t.filter;
    this.filterShift = t.filterShift;
  }

  /**
   * The built table, as typed arrays a {@link QuantizedModel} can be made from again at no cost. Without
   * `shared`, the model's own arrays (read-only by contract: the model keeps using them); with `shared`,
   * copies in `SharedArrayBuffer`s: posted to worker threads they are shared, not copied, so each thread
   * adopts the table instead of building it from the rows (src/pipeline/parallel.ts, decision 174).
   */
  tables(shared = false): QuantizedTables {
    const copy = <T extends Int32Array>(a: T): T => {
      if (!shared) return a;
      const out = new Int32Array(new SharedArrayBuffer(a.byteLength));
      out.set(a);
      return out as T;
    };
    let slots: ArrayBufferLike = this.slotKeys.buffer;
    if (shared) {
      slots = new SharedArrayBuffer(this.slotKeys.byteLength);
      new Uint32Array(slots).set(this.slotKeys);
    }
    return {
      nClasses: this.nClasses,
      slots,
      entries: copy(this.entries),
      rowStart: copy(this.rowStart),
      rowSlot: copy(this.rowSlot),
      filter: copy(this.filter),
      filterShift: this.filterShift,
    };
  }

  /**
   * Presence filter (a one-hash Bloom filter): bit `key >>> filterShift` is set for every key in the table, so
   * a clear bit proves a feature absent without touching the table. Sized to stay in the CPU's cache.
   */
  private readonly filter: Int32Array;
  private readonly filterShift: number;

  private exactUpTo = -1;

  /**
   * Whether any sum of at most `maxFeatures` rows' weighted classes is exact in float64, whatever the
   * order of the additions: every product scale × int8 is a multiple of the smallest scale's last bit
   * and the largest possible sum stays within 53 bits of it. When true, partial sums of a feature set
   * may be cached and added later (src/nlp/parse/move-cache.ts) with results equal to the last bit.
   */
  sumsExact(maxFeatures: number): boolean {
    if (this.exactUpTo < 0) {
      const f = new Float32Array(1);
      const bits = new Uint32Array(f.buffer);
      let lowest = Infinity;
      let maxScale = 0;
      for (let r = 0; r < this.rowSlot.length; r++) {
        const s = this.slotScales[this.rowSlot[r]! * this.words + 1]!;
        if (!(s > 0) || !Number.isFinite(s)) return false;
        f[0] = s;
        const b = bits[0]!;
        const exp = (b >>> 23) & 255;
        if (exp === 0) return false; // subnormal scale: give up on exactness
        const mant = (b & 0x7fffff) | 0x800000;
        const low = exp - 127 - 23 + (31 - Math.clz32(mant & -mant));
        if (low < lowest) lowest = low;
        if (s > maxScale) maxScale = s;
      }
      if (lowest === Infinity) return false;
      // largest |sum| of n rows ≤ n × 127 × maxScale; exact when that spans < 2^52 units of 2^lowest
      const span = (n: number): number => Math.ceil(Math.log2(Math.max(1, n * 127 * maxScale))) - lowest;
      let n = 1;
      while (n < 1 << 20 && span(n * 2) <= 52) n *= 2;
      this.exactUpTo = span(n) <= 52 ? n : 0;
    }
    return maxFeatures <= this.exactUpTo;
  }

  /** Number of rows (features with weights). */
  get rows(): number {
    return this.rowSlot.length;
  }

  /** Feature key of each row, in row order (rebuilt on each call). */
  get keys(): Uint32Array {
    const out = new Uint32Array(this.rows);
    for (let r = 0; r < out.length; r++) out[r] = this.slotKeys[this.rowSlot[r]! * this.words]!;
    return out;
  }

  /** Scale of each row, in row order (rebuilt on each call). */
  get scales(): Float32Array {
    const out = new Float32Array(this.rows);
    for (let r = 0; r < out.length; r++) out[r] = this.slotScales[this.rowSlot[r]! * this.words + 1]!;
    return out;
  }

  /** Int8 weights, rows × classes, in row order (rebuilt on each call). */
  get weights(): Int8Array {
    const C = this.nClasses;
    const out = new Int8Array(this.rows * C);
    for (let r = 0; r < this.rows; r++) {
      const base = this.rowSlot[r]! * this.words;
      if (this.sparse) {
        const end = this.rowStart[r + 1]!;
        for (let j = this.rowStart[r]!; j < end; j++) {
          const x = this.entries[j]!;
          out[r * C + (x >> 8)] = (x << 24) >> 24;
        }
      } else out.set(this.slotWeights.subarray(base * 4 + 8, base * 4 + 8 + C), r * C);
    }
    return out;
  }

  /** Slot found for each feature of the current call (-1: absent); reused across calls. */
  private found = new Int32Array(256);

  score(feats: Uint32Array, n: number, out: Float64Array): void {
    const keys = this.slotKeys;
    const words = this.words;
    const mask = this.mask;
    if (this.found.length < n) this.found = new Int32Array(n * 2);
    const found = this.found;
    // Phase 1: the first slot of every feature. These loads do not depend on each other, so the CPU
    // overlaps their cache misses instead of waiting for them one after the other (the tables are
    // megabytes: most lookups miss the cache).
    // A feature the presence filter rules out is not looked up: it is absent (a fifth of the move
    // classifier's features, a third of the labeler's), and its slot would be a cache miss for nothing.
    let touch = 0;
    const filter = this.filter;
    const shift = this.filterShift;
    for (let f = 0; f < n; f++) {
      const key = feats[f]!;
      const bit = key >>> shift;
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) {
        found[f] = -1;
        continue;
      }
      const i = (key ^ (key >>> 15)) & mask;
      found[f] = i;
      touch ^= keys[i * words]!;
    }
    this.touched = touch;
    // Phase 2: finish each probe (now mostly in cache).
    for (let f = 0; f < n; f++) {
      const key = feats[f]!;
      let i = found[f]!;
      if (i < 0) continue;
      for (;;) {
        const k = keys[i * words]!;
        if (k === key) break;
        if (k === 0) {
          i = -1;
          break;
        }
        i = (i + 1) & mask;
      }
      found[f] = i;
    }
    if (this.sparse) this.addSparse(found, n, out);
    else if (this.fourInOneWord) this.addDense4(found, n, out);
    else this.addDense(found, n, out);
  }

  /**
   * Whether a dense row's weights (at most four classes) can be read as one 32-bit word, byte c holding
   * class c: true on little-endian machines (all Node targets in practice).
   */
  private readonly fourInOneWord: boolean;

  /**
   * {@link addDense} for at most four classes: one load per row, four running sums in locals. Each class
   * sums the same terms in the same order, so the scores are the same to the last bit.
   */
  private addDense4(found: Int32Array, n: number, out: Float64Array): void {
    const C = this.nClasses;
    const scales = this.slotScales;
    const packed = this.slotKeys;
    const words = this.words;
    let o0 = out[0]!;
    let o1 = C > 1 ? out[1]! : 0;
    let o2 = C > 2 ? out[2]! : 0;
    let o3 = C > 3 ? out[3]! : 0;
    for (let f = 0; f < n; f++) {
      const i = found[f]!;
      if (i < 0) continue;
      const base = i * words;
      const s = scales[base + 1]!;
      const x = packed[base + 2]! | 0;
      o0 += s * ((x << 24) >> 24);
      o1 += s * ((x << 16) >> 24);
      o2 += s * ((x << 8) >> 24);
      o3 += s * (x >> 24);
    }
    out[0] = o0;
    if (C > 1) out[1] = o1;
    if (C > 2) out[2] = o2;
    if (C > 3) out[3] = o3;
  }

  /** Sink of phase 1's loads (kept so the compiler cannot drop them). */
  private touched = 0;

  private addDense(found: Int32Array, n: number, out: Float64Array): void {
    const C = this.nClasses;
    const scales = this.slotScales;
    const w = this.slotWeights;
    const words = this.words;
    for (let f = 0; f < n; f++) {
      const i = found[f]!;
      if (i < 0) continue;
      const base = i * words;
      const s = scales[base + 1]!;
      const off = base * 4 + 8;
      for (let c = 0; c < C; c++) out[c]! += s * w[off + c]!;
    }
  }

  private addSparse(found: Int32Array, n: number, out: Float64Array): void {
    const keys = this.slotKeys;
    const scales = this.slotScales;
    const e = this.entries;
    const words = this.words;
    // touch each outside row's first entry first, for the same reason as phase 1
    let touch = 0;
    for (let f = 0; f < n; f++) {
      const i = found[f]!;
      if (i >= 0 && (keys[i * words + 3]! & INLINE_FLAG) === 0) touch ^= e[keys[i * words + 2]!] ?? 0;
    }
    this.touched ^= touch;
    for (let f = 0; f < n; f++) {
      const i = found[f]!;
      if (i < 0) continue;
      const base = i * words;
      const s = scales[base + 1]!;
      const w3 = keys[base + 3]!;
      if ((w3 & INLINE_FLAG) !== 0) {
        // up to three entries in the slot, in class order as in `entries`
        const w2 = keys[base + 2]!;
        const count = (w3 >>> 16) & 0xff;
        if (count > 0) out[(w2 & 0xffff) >> 8]! += s * ((w2 << 24) >> 24);
        if (count > 1) out[w2 >>> 24]! += s * ((w2 << 8) >> 24);
        if (count > 2) out[(w3 & 0xffff) >> 8]! += s * ((w3 << 24) >> 24);
        continue;
      }
      const end = keys[base + 2]! + w3;
      for (let j = keys[base + 2]!; j < end; j++) {
        const x = e[j]!;
        out[x >> 8]! += s * ((x << 24) >> 24);
      }
    }
  }

  /** A copy without the rows whose largest weight (scale × 127) is below `minWeight`. */
  prune(minWeight: number): QuantizedModel {
    const C = this.nClasses;
    const allKeys = this.keys;
    const allScales = this.scales;
    const allWeights = this.weights;
    const keep: number[] = [];
    for (let r = 0; r < allKeys.length; r++) if (allScales[r]! * 127 >= minWeight) keep.push(r);
    const keys = new Uint32Array(keep.length);
    const scales = new Float32Array(keep.length);
    const weights = new Int8Array(keep.length * C);
    keep.forEach((r, k) => {
      keys[k] = allKeys[r]!;
      scales[k] = allScales[r]!;
      weights.set(allWeights.subarray(r * C, r * C + C), k * C);
    });
    return new QuantizedModel(C, keys, scales, weights);
  }

  /**
   * Byte layout. Models of at most 8 classes (dense): u32 rows, u32 classes, keys (u32 × rows), scales
   * (f32 × rows), weights (i8 × rows × classes). Larger models (sparse, {@link SPARSE_MAGIC}): u32 magic,
   * u32 rows, u32 classes, u32 non-zero weights, keys (u32 × rows), scales (f32 × rows), non-zero weights
   * per row (u8 × rows), then the non-zero weights in row order as their classes (u8 × nnz) and values
   * (i8 × nnz). The sparse form is about a thirtieth of the dense one for the tagger (3–4 non-zero weights
   * out of 109 per row), so loading skips gunzipping and scanning 31 MB of zeros.
   */
  encode(): Buffer {
    const rows = this.rows;
    const C = this.nClasses;
    const keys = this.keys;
    const scales = this.scales;
    if (this.sparse && C <= 255) {
      const nnz = this.entries.length;
      const buf = Buffer.alloc(16 + rows * 9 + nnz * 2);
      buf.writeUInt32LE(SPARSE_MAGIC, 0);
      buf.writeUInt32LE(rows, 4);
      buf.writeUInt32LE(C, 8);
      buf.writeUInt32LE(nnz, 12);
      Buffer.from(keys.buffer, keys.byteOffset, rows * 4).copy(buf, 16);
      Buffer.from(scales.buffer, scales.byteOffset, rows * 4).copy(buf, 16 + rows * 4);
      const countAt = 16 + rows * 8;
      const classAt = countAt + rows;
      const valueAt = classAt + nnz;
      let j = 0;
      for (let r = 0; r < rows; r++) {
        const first = this.rowStart[r]!;
        const count = this.rowStart[r + 1]! - first;
        buf[countAt + r] = count;
        for (let e = first; e < first + count; e++, j++) {
          const x = this.entries[e]!;
          buf[classAt + j] = x >> 8;
          buf[valueAt + j] = x & 0xff;
        }
      }
      return buf;
    }
    const weights = this.weights;
    const buf = Buffer.alloc(8 + rows * 8 + rows * C);
    buf.writeUInt32LE(rows, 0);
    buf.writeUInt32LE(C, 4);
    Buffer.from(keys.buffer, keys.byteOffset, rows * 4).copy(buf, 8);
    Buffer.from(scales.buffer, scales.byteOffset, rows * 4).copy(buf, 8 + rows * 4);
    Buffer.from(weights.buffer, weights.byteOffset, rows * C).copy(buf, 8 + rows * 8);
    return buf;
  }

  /** Reads a model written by {@link encode} starting at `offset`; returns it and the offset after it. */
  static decode(buf: Buffer, offset: number): { model: QuantizedModel; next: number } {
    if (offset + 8 > buf.length) throw new DossierError("INTERNAL", "parser weights truncated (header)");
    if (buf.readUInt32LE(offset) === SPARSE_MAGIC) return decodeSparse(buf, offset);
    const rows = buf.readUInt32LE(offset);
    const C = buf.readUInt32LE(offset + 4);
    const end = offset + 8 + rows * 8 + rows * C;
    if (end > buf.length)
      throw new DossierError("INTERNAL", `parser weights truncated: need ${end} bytes, have ${buf.length}`);
    // copy into aligned typed arrays
    const keys = new Uint32Array(rows);
    const scales = new Float32Array(rows);
    const weights = new Int8Array(rows * C);
    const base = offset + 8;
    Buffer.from(keys.buffer).set(buf.subarray(base, base + rows * 4));
    Buffer.from(scales.buffer).set(buf.subarray(base + rows * 4, base + rows * 8));
    Buffer.from(weights.buffer).set(buf.subarray(base + rows * 8, end));
    return { model: new QuantizedModel(C, keys, scales, weights), next: end };
  }
}

/** Rows of at most this many non-zero weights keep them inside their slot ({@link QuantizedModel}). */
const INLINE_ENTRIES = 3;
/** Flag in a sparse slot's last word: the row's entries are inline. */
const INLINE_FLAG = 0x80000000;

/** First word of a sparse-encoded model ({@link QuantizedModel.encode}); a dense one starts with its row count. */
export const SPARSE_MAGIC = 0x32565351;

/** Non-zero weights of a many-class model, row after row: `(class << 8) | (int8 & 0xff)` entries, and the count per row. */
export interface PackedRows {
  count: Uint8Array;
  entries: Int32Array;
}

/**
 * A {@link QuantizedModel}'s built table ({@link QuantizedModel.tables}): the open-addressing slots (key, scale
 * and inline weights or the place of the row's entries), the packed entries of rows stored outside their slot,
 * each row's first entry and slot, and the presence filter.
 */
export interface QuantizedTables {
  nClasses: number;
  /** Slots, {@link slotWords} 32-bit words each; their count is a power of two. */
  slots: ArrayBufferLike;
  entries: Int32Array;
  rowStart: Int32Array;
  rowSlot: Int32Array;
  filter: Int32Array;
  filterShift: number;
}

/** Slot size in 32-bit words of a table of `nClasses` classes. */
function slotWords(nClasses: number): number {
  return nClasses > 8 ? 4 : 2 + Math.ceil(nClasses / 4);
}

/**
 * Checks the sizes of tables built elsewhere against each other (not their contents: they come from
 * {@link QuantizedModel.tables} of the same code).
 * @throws DossierError INTERNAL when they cannot be one model's
 */
function checkTables(nClasses: number, t: QuantizedTables): QuantizedTables {
  const slotBytes = slotWords(nClasses) * 4;
  const slots = t.slots.byteLength / slotBytes;
  const rows = t.rowSlot.length;
  const sparse = nClasses > 8;
  const ok =
    t.nClasses === nClasses &&
    Number.isInteger(slots) &&
    slots >= 16 &&
    (slots & (slots - 1)) === 0 &&
    slots >= rows * 2 &&
    t.rowStart.length === (sparse ? rows + 1 : 0) &&
    (!sparse || t.rowStart[rows] === t.entries.length) &&
    t.filterShift >= 8 &&
    t.filterShift <= 22 &&
    t.filter.length === 1 << (32 - t.filterShift - 5);
  if (!ok)
    throw new DossierError("INTERNAL", `prebuilt weight tables of ${rows} rows do not fit a ${nClasses}-class model`);
  return t;
}

/** Lays rows out in the open-addressing table of {@link QuantizedModel} and builds its presence filter. */
function buildTables(
  C: number,
  keys: Uint32Array,
  scales: Float32Array,
  weights: Int8Array | PackedRows,
): QuantizedTables {
  const sparse = C > 8;
  const words = slotWords(C);
  let slots = 16;
  while (slots < keys.length * 2) slots <<= 1;
  const mask = slots - 1;
  const buf = new ArrayBuffer(slots * words * 4);
  const slotKeys = new Uint32Array(buf);
  const slotScales = new Float32Array(buf);
  const slotWeights = new Int8Array(buf);
  const rowSlot = new Int32Array(keys.length);
  const dense = weights instanceof Int8Array ? weights : null;
  const packed = dense ? null : (weights as PackedRows);
  if (packed && !sparse) throw new DossierError("INTERNAL", `packed rows given for a ${C}-class model`);
  if (dense && dense.length !== keys.length * C)
    throw new DossierError("INTERNAL", `weights hold ${dense.length} values, expected ${keys.length} × ${C}`);
  const entries = sparse ? (packed ? packed.entries : packRows(dense!, keys.length, C)) : new Int32Array(0);
  const rowStart = new Int32Array(sparse ? keys.length + 1 : 0);
  let next = 0;
  for (let r = 0; r < keys.length; r++) {
    const key = keys[r]!;
    let i = (key ^ (key >>> 15)) & mask;
    while (slotKeys[i * words] !== 0 && slotKeys[i * words] !== key) i = (i + 1) & mask;
    if (slotKeys[i * words] === key) throw new DossierError("INTERNAL", `duplicate feature key ${key} in weights`);
    rowSlot[r] = i;
    const base = i * words;
    slotKeys[base] = key;
    slotScales[base + 1] = scales[r]!;
    if (sparse) {
      const count = packed ? packed.count[r]! : countNonZero(dense!, r * C, C);
      rowStart[r] = next;
      if (count <= INLINE_ENTRIES && next + count <= entries.length) {
        // small row: its entries (16 bits each) live in the slot itself, so scoring reads no second array
        slotKeys[base + 2] = (count > 0 ? entries[next]! : 0) | ((count > 1 ? entries[next + 1]! : 0) << 16);
        slotKeys[base + 3] = ((count > 2 ? entries[next + 2]! : 0) | (count << 16) | INLINE_FLAG) >>> 0;
      } else {
        slotKeys[base + 2] = next;
        slotKeys[base + 3] = count;
      }
      next += count;
    } else {
      const at = base * 4 + 8;
      for (let c = 0, from = r * C; c < C; c++) slotWeights[at + c] = dense![from + c]!;
    }
  }
  if (sparse && next !== entries.length)
    throw new DossierError("INTERNAL", `row counts add up to ${next} weights, the rows hold ${entries.length}`);
  if (sparse) rowStart[keys.length] = next;
  // presence filter: one bit per (high bits of a) key, about 8 bits per row (a few hundred kB)
  let filterBits = 10;
  while (filterBits < 24 && 1 << filterBits < keys.length * 8) filterBits++;
  const filterShift = 32 - filterBits;
  const filter = new Int32Array(1 << (filterBits - 5));
  for (let r = 0; r < keys.length; r++) {
    const bit = keys[r]! >>> filterShift;
    filter[bit >>> 5]! |= 1 << (bit & 31);
  }
  return { nClasses: C, slots: buf, entries, rowStart, rowSlot, filter, filterShift };
}

function countNonZero(w: Int8Array, from: number, n: number): number {
  let k = 0;
  for (let c = 0; c < n; c++) if (w[from + c] !== 0) k++;
  return k;
}

/** Packs the non-zero weights of dense rows (rows × C) into `(class << 8) | (int8 & 0xff)` entries, in row order. */
function packRows(w: Int8Array, rows: number, C: number): Int32Array {
  let nnz = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) nnz++;
  const entries = new Int32Array(nnz);
  let next = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < C; c++) {
      const v = w[r * C + c]!;
      if (v !== 0) entries[next++] = (c << 8) | (v & 0xff);
    }
  return entries;
}

/** Reads the sparse layout of {@link QuantizedModel.encode} at `offset`. */
function decodeSparse(buf: Buffer, offset: number): { model: QuantizedModel; next: number } {
  if (offset + 16 > buf.length) throw new DossierError("INTERNAL", "parser weights truncated (sparse header)");
  const rows = buf.readUInt32LE(offset + 4);
  const C = buf.readUInt32LE(offset + 8);
  const nnz = buf.readUInt32LE(offset + 12);
  const base = offset + 16;
  const countAt = base + rows * 8;
  const classAt = countAt + rows;
  const valueAt = classAt + nnz;
  const end = valueAt + nnz;
  if (end > buf.length)
    throw new DossierError("INTERNAL", `parser weights truncated: need ${end} bytes, have ${buf.length}`);
  if (C <= 8 || C > 255) throw new DossierError("INTERNAL", `sparse parser weights with ${C} classes`);
  const keys = new Uint32Array(rows);
  const scales = new Float32Array(rows);
  Buffer.from(keys.buffer).set(buf.subarray(base, base + rows * 4));
  Buffer.from(scales.buffer).set(buf.subarray(base + rows * 4, countAt));
  const count = new Uint8Array(rows);
  count.set(buf.subarray(countAt, classAt));
  const entries = new Int32Array(nnz);
  for (let j = 0; j < nnz; j++) {
    const c = buf[classAt + j]!;
    const v = buf[valueAt + j]!;
    if (c >= C || v === 0) throw new DossierError("INTERNAL", `corrupt sparse parser weights (entry ${j})`);
    entries[j] = (c << 8) | v;
  }
  return { model: new QuantizedModel(C, keys, scales, { count, entries }), next: end };
}

/** Index of the highest score among classes allowed by `allowed` (all when null); ties → lowest index. */
export function argmax(scores: Float64Array, n: number, allowed: ((c: number) => boolean) | null = null): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let c = 0; c < n; c++) {
    if (allowed && !allowed(c)) continue;
    if (scores[c]! > bestScore) {
      bestScore = scores[c]!;
      best = c;
    }
  }
  return best;
}
