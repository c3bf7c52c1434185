/**
 * Persistent near-duplicate index keys: MinHash signatures cut into LSH bands, over two views of a
 * document — its word 5-gram shingles, and its spin-tolerant skeleton (capitalised words and
 * multi-digit numbers a spinner leaves alone, 3-gram shingles). Two documents become copy
 * candidates when they share one band key; the index is a plain key → documents table kept in the
 * store, so finding the candidates of one new document costs O(bands + candidates), never a pass
 * over the corpus.
 *
 * With `r` rows per band and `b` bands, a pair with Jaccard similarity `s` collides in at least one
 * band with probability `1 − (1 − s^r)^b`; with r = 2, b = 36 that is 0.77 at s = 0.2, 0.97 at
 * s = 0.3, 1.00 at s = 0.5 and 0.014 at s = 0.02 (two unrelated reports of one story; such pairs
 * are dropped by the sketches' estimated containment before any alignment). The earlier 3 × 24
 * found only 0.18 of the pairs at s = 0.2 (`node scripts/lsh-recall.mjs`). The skeleton view
 * catches spun copies whose word shingles the spinner broke.
 *
 * Storage: a signature keeps the low 16 bits of each of its 72 minimum hashes (b-bit MinHash:
 * two unrelated slots agree by chance with probability 2^-16, a bias of 0.001 on the estimate),
 * and a band key is one integer below 2^40 (view, band, 32-bit hash of its rows), so the store
 * can keep the band index as integer rows.
 */
import { defaultLexicon } from "./provenance/lexicon.js";
import { tokenize, type WordToken } from "./provenance/text.js";

/** Rows per band and bands per view (see the module comment for the collision curve). */
export const LSH_ROWS = 2;
export const LSH_BANDS = 36;
/** Changes whenever band keys change: a stored index of another version is rebuilt from the stored sketches. */
export const LSH_INDEX_VERSION = "r2b36-16bit";
/** Views, in band-key order. */
const VIEWS = ["w", "s", "n"] as const;
const WORD_SHINGLE = 5;
const SKELETON_SHINGLE = 3;
/** Below this many shingles a view carries too little evidence to index. */
const MIN_SHINGLES = 8;

const FUNCTION_WORDS = new Set(
  "a an the of and or but to in on at by for with from as is are was were be been it its this that he she they we i his her their our not no which who what when where also has have had will would can could may said says".split(
    " ",
  ),
);

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function hashString(s: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return mix(h);
}

function shingles(words: string[], k: number, seed: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + k <= words.length; i++) out.add(hashString(words.slice(i, i + k).join(" "), seed));
  return out;
}

const SEEDS: number[] = (() => {
  const seeds: number[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < LSH_ROWS * LSH_BANDS; i++) {
    x = mix(x + 0x6d2b79f5);
    seeds.push(x);
  }
  return seeds;
})();

/** MinHash signature of one shingle set (low 16 bits of each minimum), or null when too few shingles to index. */
function minhash(set: Set<number>): Uint16Array | null {
  if (set.size < MIN_SHINGLES) return null;
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const s of set) {
    for (let i = 0; i < SEEDS.length; i++) {
      const h = mix(s ^ SEEDS[i]!);
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return Uint16Array.from(mins, (m) => m & 0xffff);
}

/**
 * LSH band keys of one view's signature, with `rows` rows per band: integers (as decimal strings)
 * `(view · 64 + band) · 2^32 + hash`, below 2^40.
 */
function bandKeys(view: number, mins: Uint16Array | null, rows = LSH_ROWS, bands = LSH_BANDS): string[] {
  if (!mins) return [];
  const keys: string[] = [];
  for (let b = 0; b < bands && (b + 1) * rows <= mins.length; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) h = mix(h ^ mins[b * rows + r]!);
    keys.push(String((view * 64 + b) * 2 ** 32 + h));
  }
  return keys;
}

function isSkeleton(t: WordToken, mutables: Set<string>): boolean {
  if (/^\d{2,}$/.test(t.raw)) return true;
  return t.capitalised && !t.sentenceStart && !mutables.has(t.norm) && !FUNCTION_WORDS.has(t.norm);
}

/** A document's near-duplicate sketch: MinHash signatures and set sizes of both views. */
export interface NearDuplicateSketch {
  /** LSH band keys (word, skeleton and number views; see {@link bandKeys}). */
  keys: string[];
  /** Signatures as base64 strings (empty when the view has too few shingles) and shingle-set sizes. */
  w: string;
  ws: number;
  s: string;
  ss: number;
  /** Number-run view (years, counts, dates in digits): survives translation. */
  n: string;
  ns: number;
}

const toBase64 = (m: Uint16Array | null): string =>
  m ? Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString("base64") : "";
/** A stored signature; sketches written before the 16-bit format (4 bytes a hash) keep their low 16 bits. */
const fromBase64 = (h: string): Uint16Array | null => {
  if (!h) return null;
  const b = Buffer.from(h, "base64");
  const copy = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  if (b.byteLength === SEEDS.length * 4) return Uint16Array.from(new Uint32Array(copy), (m) => m & 0xffff);
  return new Uint16Array(copy);
};

/**
 * The near-duplicate sketch of a text: word 5-gram and skeleton 3-gram MinHash signatures, their
 * LSH band keys and the shingle-set sizes. Deterministic: the same text always gives the same sketch.
 * @example nearDuplicateSketch(doc.text).keys.length // 108 for a normal article (36 per view), fewer for a short one
 */
export function nearDuplicateSketch(text: string): NearDuplicateSketch {
  const toks = tokenize(text);
  const words = toks.map((t) => t.norm);
  const mutables = defaultLexicon().mutables;
  const skeleton = toks.filter((t) => isSkeleton(t, mutables)).map((t) => t.norm);
  const ws = shingles(words, WORD_SHINGLE, 0x51);
  const ss = shingles(skeleton, SKELETON_SHINGLE, 0x5e);
  const ns = shingles(
    toks.filter((t) => /^\d+$/.test(t.raw)).map((t) => t.norm),
    2,
    0x6e,
  );
  const w = minhash(ws);
  const s = minhash(ss);
  const n = minhash(ns);
  return {
    keys: [...bandKeys(0, w), ...bandKeys(1, s), ...bandKeys(2, n)],
    w: toBase64(w),
    ws: ws.size,
    s: toBase64(s),
    ss: ss.size,
    n: toBase64(n),
    ns: ns.size,
  };
}

/**
 * The band keys of a stored sketch (its signatures without the keys), for rebuilding the band
 * index when the banding changes; `rows`/`bands` other than the defaults are for measurements.
 */
export function bandKeysOfSketch(
  sketch: Pick<NearDuplicateSketch, "w" | "s" | "n">,
  rows = LSH_ROWS,
  bands = LSH_BANDS,
): string[] {
  return VIEWS.flatMap((v, i) => bandKeys(i, fromBase64(sketch[v]), rows, bands));
}

/** The LSH band keys of a text (see {@link nearDuplicateSketch}). */
export function nearDuplicateKeys(text: string): string[] {
  return nearDuplicateSketch(text).keys;
}

function containmentOf(a: string, an: number, b: string, bn: number): number {
  const ma = fromBase64(a);
  const mb = fromBase64(b);
  if (!ma || !mb) return 0;
  let same = 0;
  for (let i = 0; i < ma.length; i++) if (ma[i] === mb[i]) same++;
  const j = same / ma.length;
  // |A ∩ B| = J (|A| + |B|) / (1 + J); containment in the smaller set.
  return Math.min(1, (j * (an + bn)) / ((1 + j) * Math.min(an, bn)));
}

/**
 * Estimated containment (shared shingles over the smaller set) of two sketches, per view. A pair
 * worth aligning shares a good part of its word shingles or of its skeleton.
 */
export function estimatedContainment(
  a: NearDuplicateSketch,
  b: NearDuplicateSketch,
): { word: number; skeleton: number; numbers: number } {
  return {
    word: containmentOf(a.w, a.ws, b.w, b.ws),
    skeleton: containmentOf(a.s, a.ss, b.s, b.ss),
    numbers: containmentOf(a.n, a.ns, b.n, b.ns),
  };
}
