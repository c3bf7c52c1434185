/**
 * The tagger's scores with fewer lookups: of the 26 features of a word ({@link tagFeatures}, models without
 * cluster features), 8 read the word alone (bias, normalised and cased forms, suffixes of 2–4 letters, first
 * letter, shape). Their weights are summed once per word form and kept; the other 18 (neighbours, previous tags,
 * pairs) are looked up per word as before. A word's score then costs 18 lookups instead of 26 when its form is
 * in the cache (83% of the scored words of the Zyte bodies on a second reading, 78% on a first).
 *
 * Adding a cached partial sum gives the same scores to the last bit only when every sum of weights is exact in
 * float64 ({@link QuantizedModel.sumsExact}); {@link canCacheTags} checks that, and tagging scores every feature
 * otherwise. The cache is direct-mapped (a new form takes the place of the one it hashes onto) and keyed by the
 * seven hashes the cached features are made of, all compared on a hit: two forms with the same seven hashes fire
 * the same features, so a hit is always exact. Its size is fixed: {@link TAG_CACHE_SLOTS} forms, about 7 MB for
 * the shipped tagger's 109 tags. Measured in docs/decisions/168-layer-memory-and-speed.md.
 */
import { f1, f2, f3 } from "./hash.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";
import type { WordHashes } from "./tagger.js";

/** Word forms the cache holds (a power of two). */
export const TAG_CACHE_SLOTS = 8192;

/** Stand-in values of positions before and after the sentence (as in tagger.ts). */
/** Hashes standing for the positions before the sentence's first word and after its last (shared with the tagger). */
export const START = -1;
export const START2 = -2;
export const END = -3;
export const END2 = -4;

/** Whether cached partial sums give exactly the scores of scoring every feature (see the header). */
export function canCacheTags(tagger: Scorer, maxFeatures: number): boolean {
  return tagger instanceof QuantizedModel && tagger.sumsExact(maxFeatures);
}

/** Cached partial scores (the word-only features) of word forms, for one tagger model. */
export class TagScoreCache {
  private readonly C: number;
  /** Per slot: the seven hashes (word, cased, suf2, suf3, suf4, pre1, shape) and 1 when the slot is filled. */
  private readonly keys = new Int32Array(TAG_CACHE_SLOTS * 8);
  private readonly sums: Float64Array;
  private readonly feats = new Uint32Array(8);

  constructor(readonly model: Scorer) {
    this.C = model.nClasses;
    this.sums = new Float64Array(TAG_CACHE_SLOTS * this.C);
  }

  /**
   * Sets `scores` (its first nClasses values) to the summed weights of word i's word-only features; the caller
   * adds the others ({@link positionFeatures}).
   */
  wordPart(h: WordHashes, i: number, scores: Float64Array): void {
    const C = this.C;
    const w = h.word[i]!;
    const cased = h.cased[i]!;
    let x = Math.imul(cased ^ (w >>> 7), 0x9e3779b1);
    x ^= x >>> 16;
    const s = x & (TAG_CACHE_SLOTS - 1);
    const k = this.keys;
    const b = s * 8;
    const at = s * C;
    if (
      k[b + 7] !== 1 ||
      k[b] !== w ||
      k[b + 1] !== cased ||
      k[b + 2] !== h.suf2[i] ||
      k[b + 3] !== h.suf3[i] ||
      k[b + 4] !== h.suf4[i] ||
      k[b + 5] !== h.pre1[i] ||
      k[b + 6] !== h.shape[i]
    ) {
      const f = this.feats;
      f[0] = f1(1, 0);
      f[1] = f1(2, w);
      f[2] = f1(3, h.suf3[i]!);
      f[3] = f1(4, h.pre1[i]!);
      f[4] = f1(5, h.shape[i]!);
      f[5] = f1(19, h.suf2[i]!);
      f[6] = f1(22, cased);
      f[7] = f1(23, h.suf4[i]!);
      scores.fill(0, 0, C);
      this.model.score(f, 8, scores);
      this.sums.set(scores.subarray(0, C), at);
      k[b] = w;
      k[b + 1] = cased;
      k[b + 2] = h.suf2[i]!;
      k[b + 3] = h.suf3[i]!;
      k[b + 4] = h.suf4[i]!;
      k[b + 5] = h.pre1[i]!;
      k[b + 6] = h.shape[i]!;
      k[b + 7] = 1;
      return;
    }
    const S = this.sums;
    for (let c = 0; c < C; c++) scores[c] = S[at + c]!;
  }
}

/**
 * The features of word i that {@link TagScoreCache} does not cache: tagFeatures' templates 6–18, 20, 21 and
 * 24–26 (models without cluster features), written from `out[at]` on; returns how many were written.
 */
export function positionFeatures(h: WordHashes, i: number, t1: number, t2: number, out: Uint32Array, at = 0): number {
  const n = h.n;
  const w = h.word[i]!;
  const s3 = h.suf3[i]!;
  const sh = h.shape[i]!;
  const wm1 = i > 0 ? h.word[i - 1]! : START;
  const wp1 = i + 1 < n ? h.word[i + 1]! : END;
  let k = at;
  out[k++] = f1(6, wm1);
  out[k++] = f1(7, wp1);
  out[k++] = f1(8, i > 1 ? h.word[i - 2]! : START2);
  out[k++] = f1(9, i + 2 < n ? h.word[i + 2]! : END2);
  out[k++] = f1(10, i > 0 ? h.suf3[i - 1]! : START);
  out[k++] = f1(11, i + 1 < n ? h.suf3[i + 1]! : END);
  out[k++] = f1(12, t1);
  out[k++] = f2(13, t1, t2);
  out[k++] = f2(14, t1, w);
  out[k++] = f2(15, wm1, w);
  out[k++] = f2(16, w, wp1);
  out[k++] = f2(17, sh, t1);
  out[k++] = f2(18, t1, s3);
  out[k++] = f3(20, i > 0 ? h.shape[i - 1]! : START, sh, i + 1 < n ? h.shape[i + 1]! : END);
  out[k++] = f2(21, i === 0 ? 1 : 0, sh);
  out[k++] = f2(24, s3, wp1);
  out[k++] = f2(25, t1, wp1);
  out[k++] = f2(26, i + 1 < n ? h.shape[i + 1]! : END, w);
  return k - at;
}
