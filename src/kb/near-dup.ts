/**
 * Persistent near-duplicate index keys: MinHash signatures cut into LSH bands, over four views of a
 * document — its word 5-gram shingles; its spin-tolerant skeleton (capitalised words and
 * multi-digit numbers a spinner leaves alone, 3-gram shingles); its runs of numbers; and its
 * content pairs (unordered pairs of adjacent content words within a sentence, light-stemmed,
 * quotations left out), which survive what an aggregator does to a story it re-posts: sentences
 * reordered, cut, split or merged, clauses moved, function words changed. Two documents become copy
 * candidates when they share one band key; the index is a plain key → documents table kept in the
 * store, so finding the candidates of one new document costs O(bands + candidates), never a pass
 * over the corpus.
 *
 * With `r` rows per band and `b` bands, a pair with Jaccard similarity `s` collides in at least one
 * band with probability `1 − (1 − s^r)^b`; with r = 2, b = 36 that is 0.77 at s = 0.2, 0.97 at
 * s = 0.3, 1.00 at s = 0.5 and 0.014 at s = 0.02 (two unrelated reports of one story; such pairs
 * are dropped by the sketches' estimated containment before any alignment). The earlier 3 × 24
 * found only 0.18 of the pairs at s = 0.2 (`node scripts/lsh-recall.mjs`). The skeleton view
 * catches spun copies whose word shingles the spinner broke; the content-pair view catches reposts
 * whose word 5-grams were broken by rewording (decision 176).
 *
 * Storage: a signature keeps the low 16 bits of each of its 72 minimum hashes (b-bit MinHash:
 * two unrelated slots agree by chance with probability 2^-16, a bias of 0.001 on the estimate),
 * and a band key is one integer below 2^40 (view, band, 32-bit hash of its rows), so the store
 * can keep the band index as integer rows.
 */
import { defaultLexicon } from "./provenance/lexicon.js";
import { tokenize, type WordToken } from "./provenance/text.js";
import { stem } from "./provenance/sentence-match.js";

/** Rows per band and bands per view (see the module comment for the collision curve). */
export const LSH_ROWS = 2;
export const LSH_BANDS = 36;
/** Changes whenever band keys change: a stored index of another version is rebuilt from the stored sketches. */
export const LSH_INDEX_VERSION = "r2b36-16bit-p";
/**
 * The version before the content-pair view: its word, skeleton and number band keys are exactly
 * the current ones, so a store of that version only needs the content-pair keys added.
 */
export const LSH_INDEX_VERSION_BEFORE_PAIRS = "r2b36-16bit";
/** Views, in band-key order. */
const VIEWS = ["w", "s", "n", "p"] as const;
const WORD_SHINGLE = 5;
const SKELETON_SHINGLE = 3;
/** Below this many shingles a view carries too little evidence to index. */
const MIN_SHINGLES = 8;

const FUNCTION_WORDS = new Set(
  "a an the of and or but to in on at by for with from as is are was were be been it its this that he she they we i his her their our not no which who what when where also has have had will would can could may said says".split(
    " ",
  ),
);

/** Words left out of the content-pair view (they are what rewording changes most). */
const PAIR_STOP = new Set(
  "a an the of and or but to in on at by for with from as is are was were be been being it its this that these those he she they we you i his her their our your him them us not no so than then there here which who whom whose what when where while also has have had will would can could may might must should shall do does did said says after before into over under about between against during since until up down out off more most such only other some any each all both".split(
    " ",
  ),
);
/** Quotations (curly, straight, British single; a ’ before a letter is an apostrophe), left out of the content-pair view. */
const QUOTATION = /“[^”\n]*”|"[^"\n]*"|‘(?:[^’\n]|’(?=\p{L}))*’(?!\p{L})/gu;

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

/**
 * Content-pair shingles: for each pair of neighbouring content words (three letters or more, not a
 * function word, light-stemmed) in one sentence outside quotations, the pair in sorted order. Word
 * order inside the pair, sentence order, cut sentences and changed function words do not matter;
 * quotations are left out because two outlets quoting one source share them without copying.
 */
function contentPairShingles(text: string, toks: WordToken[]): Set<number> {
  const quoted: Array<[number, number]> = [];
  for (const m of text.matchAll(QUOTATION)) quoted.push([m.index, m.index + m[0].length]);
  const out = new Set<number>();
  let q = 0;
  let prev: string | null = null;
  for (const t of toks) {
    while (q < quoted.length && quoted[q]![1] <= t.start) {
      q++;
      prev = null; // a quotation ends a run, as a sentence does
    }
    if (q < quoted.length && quoted[q]![0] <= t.start) continue;
    if (t.sentenceStart) prev = null;
    if (t.norm.length < 3 || PAIR_STOP.has(t.norm)) continue;
    const w = stem(t.norm);
    if (prev !== null) out.add(hashString(prev < w ? `${prev} ${w}` : `${w} ${prev}`, 0x70));
    prev = w;
  }
  return out;
}

/** A document's near-duplicate sketch: MinHash signatures and set sizes of its views. */
export interface NearDuplicateSketch {
  /** LSH band keys (word, skeleton, number and content-pair views; see {@link bandKeys}). */
  keys: string[];
  /** Signatures as base64 strings (empty when the view has too few shingles) and shingle-set sizes. */
  w: string;
  ws: number;
  s: string;
  ss: number;
  /** Number-run view (years, counts, dates in digits): survives translation. */
  n: string;
  ns: number;
  /** Content-pair view (absent in sketches stored before it existed: see {@link hasContentPairView}). */
  p?: string;
  ps?: number;
}

/** Whether a stored sketch has the content-pair view (sketches stored before decision 176 do not). */
export function hasContentPairView(sketch: Omit<NearDuplicateSketch, "keys">): boolean {
  return typeof sketch.p === "string";
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
 * The near-duplicate sketch of a text: word 5-gram, skeleton 3-gram, number-run and content-pair
 * MinHash signatures, their LSH band keys and the shingle-set sizes. Deterministic: the same text always gives the same sketch.
 * @example nearDuplicateSketch(doc.text).keys.length // 144 for a normal article (36 per view), fewer for a short one
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
  const ps = contentPairShingles(text, toks);
  const w = minhash(ws);
  const s = minhash(ss);
  const n = minhash(ns);
  const p = minhash(ps);
  return {
    keys: [...bandKeys(0, w), ...bandKeys(1, s), ...bandKeys(2, n), ...bandKeys(3, p)],
    w: toBase64(w),
    ws: ws.size,
    s: toBase64(s),
    ss: ss.size,
    n: toBase64(n),
    ns: ns.size,
    p: toBase64(p),
    ps: ps.size,
  };
}

/**
 * The content-pair view alone of a text: its signature, set size and band keys (what a store
 * written before the view needs added per document, see band-index.ts).
 */
export function contentPairSketch(text: string): { p: string; ps: number; keys: string[] } {
  const ps = contentPairShingles(text, tokenize(text));
  const p = minhash(ps);
  return { p: toBase64(p), ps: ps.size, keys: bandKeys(3, p) };
}

/**
 * The band keys of a stored sketch (its signatures without the keys), for rebuilding the band
 * index when the banding changes; `rows`/`bands` other than the defaults are for measurements.
 */
export function bandKeysOfSketch(
  sketch: Pick<NearDuplicateSketch, "w" | "s" | "n" | "p">,
  rows = LSH_ROWS,
  bands = LSH_BANDS,
): string[] {
  return VIEWS.flatMap((v, i) => bandKeys(i, fromBase64(sketch[v] ?? ""), rows, bands));
}

/** The LSH band keys of a text (see {@link nearDuplicateSketch}). */
export function nearDuplicateKeys(text: string): string[] {
  return nearDuplicateSketch(text).keys;
}

function containmentOf(
  a: string | undefined,
  an: number | undefined,
  b: string | undefined,
  bn: number | undefined,
): number {
  if (!a || !b || !an || !bn) return 0;
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
 * worth aligning shares a good part of its word shingles, its skeleton or its content pairs (0 for
 * a view either sketch lacks).
 */
export function estimatedContainment(
  a: Omit<NearDuplicateSketch, "keys">,
  b: Omit<NearDuplicateSketch, "keys">,
): { word: number; skeleton: number; numbers: number; pairs: number } {
  return {
    word: containmentOf(a.w, a.ws, b.w, b.ws),
    skeleton: containmentOf(a.s, a.ss, b.s, b.ss),
    numbers: containmentOf(a.n, a.ns, b.n, b.ns),
    pairs: containmentOf(a.p, a.ps, b.p, b.ps),
  };
}
