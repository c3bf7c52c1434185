/**
 * A structured averaged-perceptron BIO tagger for names (Collins 2002): first-order label features, decoded by
 * Viterbi over the valid BIO transitions (I-x only after B-x/I-x), with word shape, affix, context, gazetteer,
 * dictionary-word and distributional word-cluster features (`data/nlp/ner-clusters.tsv.gz`, built by
 * `scripts/build-ner-clusters.ts`). Trained on the GMB news corpus and permitted GUM genres by
 * `scripts/train-ner.ts` and shipped as pruned weights in `data/nlp/ner-perceptron.weights.gz`.
 *
 * The tagger proposes typed spans; the entity layer (./ner.ts) combines them with the gazetteer and
 * rules, trims titles, and filters non-names.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dataPath } from "../util/paths.js";
import { DossierError } from "../util/errors.js";
import { inLexicon } from "./tokenize.js";

/** BIO labels over the four entity types the tagger learns. */
export const LABELS = [
  "O",
  "B-person",
  "I-person",
  "B-organization",
  "I-organization",
  "B-country",
  "I-country",
  "B-place",
  "I-place",
] as const;
export type Label = (typeof LABELS)[number];
export const N_LABELS = LABELS.length;

/** Collapsed word shape: "Kim" → "Xx", "U.S." → "X.X.", "2023" → "d", "Son-hui" → "Xx-x". */
export function wordShape(word: string): string {
  let out = "";
  let last = "";
  for (let i = 0; i < word.length && out.length <= 8; i++) {
    const code = word.charCodeAt(i);
    let c: string;
    if (code >= 65 && code <= 90) c = "X";
    else if (code >= 97 && code <= 122) c = "x";
    else if (code >= 48 && code <= 57) c = "d";
    else if (code < 128) c = word[i]!;
    else {
      const ch = String.fromCodePoint(word.codePointAt(i)!);
      if (ch.length === 2) i++;
      c = /\p{Lu}/u.test(ch) ? "X" : /\p{Ll}/u.test(ch) ? "x" : /\p{N}/u.test(ch) ? "d" : ch;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/** Per-sentence word views computed once (lower-case forms and shapes). */
export interface SentenceView {
  words: readonly string[];
  lower: string[];
  shapes: string[];
  /** Gazetteer reading of each word ("B-country", "I-place", "demonym", "title", or ""), from ./ner.ts `gazetteerTags`. */
  gaz: readonly string[];
  /** Per word: "L" when its lower-case form is an English dictionary word, "N" when not, "-" for non-letters. */
  lex: string[];
  /** Per word: its distributional cluster path (two hex digits), "-" when the word is too rare to have one. */
  clusters: string[];
}

let clusterTable: Map<string, string> | undefined;
/**
 * The shipped word clusters (lower-cased word → two-hex-digit path: top cluster, sub-cluster), loaded once;
 * empty when the file is absent.
 */
export function wordClusters(): Map<string, string> {
  if (clusterTable) return clusterTable;
  clusterTable = new Map();
  let raw: Buffer;
  try {
    raw = readFileSync(dataPath("nlp", "ner-clusters.tsv.gz"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return clusterTable;
    throw new DossierError("INTERNAL", `cannot read word clusters: ${(err as Error).message}`, { cause: err });
  }
  for (const line of gunzipSync(raw).toString("utf8").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) clusterTable.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return clusterTable;
}

/** The cluster path of a lower-cased word, "-" when it has none. */
export function clusterOf(lower: string): string {
  return wordClusters().get(lower) ?? "-";
}

const lexCache = new Map<string, string>();
/** "L" when the lower-case form is in wink's English lexicon, "N" when it is not, "-" without letters (cached). */
export function lexiconClass(lower: string): string {
  let c = lexCache.get(lower);
  if (c === undefined) {
    c = !/\p{L}/u.test(lower) ? "-" : inLexicon(lower) ? "L" : "N";
    if (lexCache.size > 200_000) lexCache.clear();
    lexCache.set(lower, c);
  }
  return c;
}

/** What {@link viewOf} reads off one word alone. */
interface WordView {
  lower: string;
  shape: string;
  lex: string;
  cluster: string;
}
const wordViews = new Map<string, WordView>();
/** The word's lower-case form, shape, dictionary class and cluster (cached by word). */
function wordView(w: string): WordView {
  let v = wordViews.get(w);
  if (v === undefined) {
    const lower = w.toLowerCase();
    v = { lower, shape: wordShape(w), lex: lexiconClass(lower), cluster: clusterOf(lower) };
    if (wordViews.size > 200_000) wordViews.clear();
    wordViews.set(w, v);
  }
  return v;
}

/** Precomputes lower-case forms and shapes of a sentence's words. */
export function viewOf(words: readonly string[], gaz?: readonly string[]): SentenceView {
  const n = words.length;
  const lower = new Array<string>(n);
  const shapes = new Array<string>(n);
  const lex = new Array<string>(n);
  const clusters = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = wordView(words[i]!);
    lower[i] = v.lower;
    shapes[i] = v.shape;
    lex[i] = v.lex;
    clusters[i] = v.cluster;
  }
  return { words, lower, shapes, gaz: gaz ?? words.map(() => ""), lex, clusters };
}

/**
 * Features of word i that do not depend on the predicted labels: the word, its shape, affixes, the
 * words and shapes around it, the gazetteer's reading of it and its neighbours, whether its
 * lower-case form is an English dictionary word (sentence-initial "The" vs "Pfizer"). Shared by
 * training and tagging, so any change here needs retraining (the weights file records a
 * feature-set version, {@link FEATURE_SET}).
 */
export function staticFeatures(v: SentenceView, i: number): string[] {
  return [...wordFeatures(v.words[i]!, v.lower[i]!, v.shapes[i]!, v.lex[i]!, i === 0), ...contextFeatures(v, i)];
}

/** The label-independent features that depend on the word alone (cacheable per word and position class). */
export function wordFeatures(w: string, lw: string, sh: string, lex: string, first: boolean): string[] {
  const c = clusterOf(lw);
  const f = [
    "b",
    "w=" + lw,
    "s=" + sh,
    "x3=" + lw.slice(-3),
    "x2=" + lw.slice(-2),
    "x4=" + lw.slice(-4),
    "p2=" + lw.slice(0, 2),
    "p3=" + lw.slice(0, 3),
    "lex=" + lex + "|" + sh,
    "c1=" + c[0] + "|" + sh,
    "c2=" + c + "|" + sh,
  ];
  if (first) f.push("first|" + sh, "firstlex|" + lex + "|" + sh);
  if (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w)) f.push("caps");
  return f;
}

/** The label-independent features that read the words around word i. */
export function contextFeatures(v: SentenceView, i: number): string[] {
  const lw = v.lower[i]!;
  const n = v.words.length;
  const sh = v.shapes[i]!;
  const w1 = i > 0 ? v.lower[i - 1]! : "<s>";
  const n1 = i + 1 < n ? v.lower[i + 1]! : "</s>";
  const s1 = i > 0 ? v.shapes[i - 1]! : "<s>";
  const sn1 = i + 1 < n ? v.shapes[i + 1]! : "</s>";
  const g = v.gaz[i] || "-";
  const g1 = i > 0 ? v.gaz[i - 1] || "-" : "<s>";
  const gn1 = i + 1 < n ? v.gaz[i + 1] || "-" : "</s>";
  const lex = v.lex[i]!;
  const c1 = i > 0 ? v.clusters[i - 1]! : "<s>";
  const cn1 = i + 1 < n ? v.clusters[i + 1]! : "</s>";
  return [
    "c2m1=" + c1,
    "c2n1=" + cn1,
    "c1m1s=" + c1[0] + "|" + sh,
    "c1n1s=" + cn1[0] + "|" + sh,
    "w1=" + w1,
    "w2=" + (i > 1 ? v.lower[i - 2] : "<s>"),
    "n1=" + n1,
    "n2=" + (i + 2 < n ? v.lower[i + 2] : "</s>"),
    "s1=" + s1,
    "sn1=" + sn1,
    "w1w=" + w1 + "|" + lw,
    "wn1=" + lw + "|" + n1,
    "sss=" + s1 + "|" + sh + "|" + sn1,
    "w1s=" + w1 + "|" + sh,
    "sn1w=" + sh + "|" + n1,
    "g=" + g,
    "g1=" + g1,
    "gn1=" + gn1,
    "gs=" + g + "|" + sh,
    "lexn1=" + lex + "|" + sn1,
  ];
}

/** Features of word i that depend on the previous label (first order: Viterbi decodes them exactly). */
export function labelFeatures(v: SentenceView, i: number, prev: string): string[] {
  return [
    "t1=" + prev,
    "t1w=" + prev + "|" + v.lower[i],
    "t1s=" + prev + "|" + v.shapes[i],
    "t1g=" + prev + "|" + (v.gaz[i] || "-"),
  ];
}

/** All features of word i given the previous label. */
export function features(v: SentenceView, i: number, prev: string): string[] {
  return [...staticFeatures(v, i), ...labelFeatures(v, i, prev)];
}

/** Weights: feature → scores per label. */
export type Weights = Map<string, Float32Array>;

/** Read-only access to weights (a {@link Weights} map or the packed shipped form). */
export interface WeightSource {
  get(feature: string): Float32Array | undefined;
  readonly size: number;
}

/**
 * Bits of {@link PackedWeights.valueTemplates}: the word-valued feature templates, and for the pair templates
 * which side the value stands on. A clear bit means the model has no feature of that template with that value
 * in that place, so looking one up can only miss.
 */
export const VALUE_IN = {
  w: 1,
  w1: 2,
  n1: 4,
  w2: 8,
  n2: 16,
  t1w: 32,
  w1wFirst: 64,
  w1wSecond: 128,
  wn1First: 256,
  wn1Second: 512,
  w1sFirst: 1024,
  sn1wSecond: 2048,
} as const;

/** Template prefix (up to "=") → the bit of a single-valued template, or the bits of a pair's two sides. */
const SINGLE_VALUE: ReadonlyMap<string, number> = new Map([
  ["w=", VALUE_IN.w],
  ["w1=", VALUE_IN.w1],
  ["n1=", VALUE_IN.n1],
  ["w2=", VALUE_IN.w2],
  ["n2=", VALUE_IN.n2],
]);
const PAIR_VALUE: ReadonlyMap<string, readonly [number, number]> = new Map([
  ["w1w=", [VALUE_IN.w1wFirst, VALUE_IN.w1wSecond]],
  ["wn1=", [VALUE_IN.wn1First, VALUE_IN.wn1Second]],
  ["w1s=", [VALUE_IN.w1sFirst, 0]],
  ["sn1w=", [0, VALUE_IN.sn1wSecond]],
]);

/**
 * Value → {@link VALUE_IN} bits over the given feature names. A pair's values are joined by "|", which a value
 * may itself contain, so every split of the name is recorded: the bits over-approximate, never miss a feature.
 */
export function valueTemplateIndex(names: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  const mark = (value: string, bit: number): void => {
    if (bit !== 0) out.set(value, (out.get(value) ?? 0) | bit);
  };
  for (const name of names) {
    const eq = name.indexOf("=");
    if (eq < 0) continue;
    const prefix = name.slice(0, eq + 1);
    const rest = name.slice(eq + 1);
    const single = SINGLE_VALUE.get(prefix);
    if (single !== undefined) mark(rest, single);
    else if (prefix === "t1w=") {
      const bar = rest.indexOf("|");
      if (bar >= 0) mark(rest.slice(bar + 1), VALUE_IN.t1w);
    } else {
      const pair = PAIR_VALUE.get(prefix);
      if (!pair) continue;
      for (let bar = rest.indexOf("|"); bar >= 0; bar = rest.indexOf("|", bar + 1)) {
        mark(rest.slice(0, bar), pair[0]);
        mark(rest.slice(bar + 1), pair[1]);
      }
    }
  }
  return out;
}

/**
 * The shipped weights as one Float32Array plus a feature → row index. Rows are viewed on demand
 * (the fast scorer caches the views it uses), so loading creates no per-feature objects besides the
 * names: start-up and garbage collection stay cheap.
 */
export class PackedWeights implements WeightSource {
  constructor(
    private readonly index: Map<string, number>,
    private readonly data: Float32Array,
  ) {}

  get(feature: string): Float32Array | undefined {
    const row = this.index.get(feature);
    return row === undefined ? undefined : this.data.subarray(row * N_LABELS, (row + 1) * N_LABELS);
  }

  get size(): number {
    return this.index.size;
  }

  /** The feature's row number, -1 when the model has no such feature. */
  rowOf(feature: string): number {
    return this.index.get(feature) ?? -1;
  }

  private valueIndex: Map<string, number> | null = null;

  /**
   * {@link VALUE_IN} bits of the word-valued templates that have a feature with `value` in that place (0: none).
   * A new word's lookups of the templates whose bit is clear can be skipped: they would miss. The index is built
   * on first use.
   */
  valueTemplates(value: string): number {
    this.valueIndex ??= valueTemplateIndex(this.index.keys());
    return this.valueIndex.get(value) ?? 0;
  }

  /** Every row, {@link N_LABELS} floats each (row r starts at `r * N_LABELS`). */
  get rows(): Float32Array {
    return this.data;
  }

  /** Adds the feature's row into `out` (as `addInto(out, get(feature))`, without making a view). */
  addTo(out: Float64Array, feature: string): void {
    const row = this.index.get(feature);
    if (row === undefined) return;
    const d = this.data;
    const at = row * N_LABELS;
    for (let k = 0; k < N_LABELS; k++) out[k]! += d[at + k]!;
  }
}

/**
 * The shipped model: `data/nlp/ner-perceptron.json` (metadata, evaluation) and
 * `data/nlp/ner-perceptron.weights.gz`, a gzipped binary: uint32 feature count, uint32 byte length of
 * the newline-joined feature names (UTF-8), the names, zero padding to a multiple of 4, then one
 * little-endian float32 per feature and label. Binary because parsing the same weights as JSON took
 * over a second at start-up; float32 because averaged weights span 0.05 to thousands (int16 fixed
 * point clipped the large ones and broke the tagger).
 */
export interface PerceptronMeta {
  version: 2;
  featureSet: string;
  labels: readonly string[];
  features: number;
  trainedOn: string;
  evaluation?: unknown;
}

/** Serialises weights to the binary format above (not gzipped). */
export function encodeWeights(weights: Weights): Buffer {
  const names = [...weights.keys()];
  const nameBytes = Buffer.from(names.join("\n"), "utf8");
  const pad = (4 - ((8 + nameBytes.length) % 4)) % 4;
  const out = Buffer.alloc(8 + nameBytes.length + pad + names.length * N_LABELS * 4);
  out.writeUInt32LE(names.length, 0);
  out.writeUInt32LE(nameBytes.length, 4);
  nameBytes.copy(out, 8);
  let at = 8 + nameBytes.length + pad;
  for (const n of names) {
    const w = weights.get(n)!;
    for (let k = 0; k < N_LABELS; k++) {
      out.writeFloatLE(w[k]!, at);
      at += 4;
    }
  }
  return out;
}

/** `n` little-endian float32 values of `buf` from byte `at`, copied in one block on little-endian hosts. */
function readFloatsLE(buf: Buffer, at: number, n: number): Float32Array {
  const data = new Float32Array(n);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1)
    new Uint8Array(data.buffer).set(buf.subarray(at, at + n * 4));
  else for (let i = 0; i < n; i++) data[i] = buf.readFloatLE(at + i * 4);
  return data;
}

/** Parses the binary format into packed weights (what the layer uses at run time). */
export function decodePacked(buf: Buffer): PackedWeights {
  const count = buf.readUInt32LE(0);
  const nameLen = buf.readUInt32LE(4);
  const names = buf.toString("utf8", 8, 8 + nameLen).split("\n");
  if (names.length !== count)
    throw new DossierError("INTERNAL", `tagger weights are corrupt: ${names.length} names for ${count} features`);
  const pad = (4 - ((8 + nameLen) % 4)) % 4;
  const at = 8 + nameLen + pad;
  if (buf.length !== at + count * N_LABELS * 4)
    throw new DossierError("INTERNAL", "tagger weights are corrupt: wrong length");
  const data = readFloatsLE(buf, at, count * N_LABELS);
  const index = new Map<string, number>();
  for (let f = 0; f < count; f++) index.set(names[f]!, f);
  return new PackedWeights(index, data);
}

/** Parses the binary format back into weights. */
export function decodeWeights(buf: Buffer): Weights {
  const count = buf.readUInt32LE(0);
  const nameLen = buf.readUInt32LE(4);
  const names = buf.toString("utf8", 8, 8 + nameLen).split("\n");
  if (names.length !== count)
    throw new DossierError("INTERNAL", `tagger weights are corrupt: ${names.length} names for ${count} features`);
  const pad = (4 - ((8 + nameLen) % 4)) % 4;
  let at = 8 + nameLen + pad;
  if (buf.length !== at + count * N_LABELS * 4)
    throw new DossierError("INTERNAL", "tagger weights are corrupt: wrong length");
  const weights: Weights = new Map();
  const all = new Float32Array(count * N_LABELS);
  for (let i = 0; i < count * N_LABELS; i++) {
    all[i] = buf.readFloatLE(at);
    at += 4;
  }
  for (let f = 0; f < count; f++) weights.set(names[f]!, all.subarray(f * N_LABELS, (f + 1) * N_LABELS));
  return weights;
}

/** Feature-set version: bump when {@link features} changes. */
export const FEATURE_SET = "fs4";

/** ALLOWED[prev * N + label] = 1 when `label` may follow `prev` (I-x only after B-x/I-x). */
export const ALLOWED = new Uint8Array(N_LABELS * N_LABELS);
for (let p = 0; p < N_LABELS; p++) {
  for (let l = 0; l < N_LABELS; l++) {
    const lab = LABELS[l]!;
    const prev = LABELS[p]!;
    ALLOWED[p * N_LABELS + l] = !lab.startsWith("I-") || (prev !== "O" && prev.slice(2) === lab.slice(2)) ? 1 : 0;
  }
}

/**
 * Viterbi over BIO labels with only valid transitions, starting after an O.
 * @param n number of words
 * @param emission adds the label-independent scores of word i into `out` (zeroed by the caller)
 * @param transition adds the scores of word i's labels after label `prev` into `out` (holding the emission)
 * @returns the best label sequence (indices into {@link LABELS})
 */
export function viterbi(
  n: number,
  emission: (i: number, out: Float64Array) => void,
  transition: (i: number, prev: number, out: Float64Array) => void,
): number[] {
  const L = N_LABELS;
  if (n === 0) return [];
  const back = new Uint8Array(n * L);
  let delta = new Float64Array(L).fill(-Infinity);
  let next = new Float64Array(L);
  const base = new Float64Array(L);
  const scores = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    base.fill(0);
    emission(i, base);
    next.fill(-Infinity);
    for (let p = 0; p < L; p++) {
      const from = i === 0 ? (p === 0 ? 0 : -Infinity) : delta[p]!;
      if (from === -Infinity) continue;
      scores.set(base);
      transition(i, p, scores);
      const row = p * L;
      for (let k = 0; k < L; k++) {
        if (ALLOWED[row + k] === 0) continue;
        const s = from + scores[k]!;
        if (s > next[k]!) {
          next[k] = s;
          back[i * L + k] = p;
        }
      }
    }
    const t = delta;
    delta = next;
    next = t;
  }
  let best = 0;
  for (let k = 1; k < L; k++) if (delta[k]! > delta[best]!) best = k;
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = best;
    best = back[i * L + best]!;
  }
  return out;
}

function addInto(scores: Float64Array, x: Float32Array | undefined): void {
  if (x === undefined) return;
  for (let k = 0; k < N_LABELS; k++) scores[k]! += x[k]!;
}

/**
 * Tags a sentence (reference implementation over {@link features}).
 * @returns label indices into {@link LABELS}, one per word
 */
export function tagSentence(weights: WeightSource, words: readonly string[]): number[] {
  return tagWindow(weights, viewOf(words), 0, words.length);
}

/** Number of {@link contextFeatures} templates. */
const N_CONTEXT = 20;
/** {@link FeatureRowTable} value of an empty slot. */
const EMPTY = -2;

/**
 * Open-addressing hash table from integer keys `(k0, a, b)` to a weight row (-1: the model has no such
 * feature). The fast scorer keys each context feature by its template and the interned ids of the values
 * it joins, so it need not build (and hash) the feature's string once the key has been seen.
 */
class FeatureRowTable {
  /** Four int32 per slot: k0, a, b, row ({@link EMPTY} when the slot is free). */
  private slots!: Int32Array;
  private mask = 0;
  private size = 0;
  constructor(
    private readonly initialCapacity: number,
    private readonly maxCapacity: number,
  ) {
    this.allocate(initialCapacity);
  }

  private allocate(capacity: number): void {
    this.slots = new Int32Array(capacity * 4);
    for (let s = 3; s < this.slots.length; s += 4) this.slots[s] = EMPTY;
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** Offset of the slot holding the key, or of the empty slot where it would go. */
  private slot(k0: number, a: number, b: number): number {
    let h = Math.imul(k0 ^ Math.imul(a, 0x9e3779b1), 0x85ebca77) ^ Math.imul(b + 0x165667b1, 0xc2b2ae3d);
    h ^= h >>> 15;
    const t = this.slots;
    let s = (h & this.mask) << 2;
    const wrap = t.length - 1;
    while (t[s + 3] !== EMPTY && (t[s] !== k0 || t[s + 1] !== a || t[s + 2] !== b)) s = (s + 4) & wrap;
    return s;
  }

  /** The row stored for the key, {@link EMPTY} when the key is new. */
  get(k0: number, a: number, b: number): number {
    return this.slots[this.slot(k0, a, b) + 3]!;
  }

  /** Stores a new key's row (the table doubles up to its maximum size, then starts again empty). */
  set(k0: number, a: number, b: number, row: number): void {
    const capacity = this.slots.length >> 2;
    if ((this.size + 1) * 2 > capacity) {
      if (capacity * 2 > this.maxCapacity) this.clear();
      else {
        const old = this.slots;
        this.allocate(capacity * 2);
        for (let s = 0; s < old.length; s += 4)
          if (old[s + 3] !== EMPTY) this.set(old[s]!, old[s + 1]!, old[s + 2]!, old[s + 3]!);
      }
    }
    const s = this.slot(k0, a, b);
    const t = this.slots;
    if (t[s + 3] === EMPTY) this.size++;
    t[s] = k0;
    t[s + 1] = a;
    t[s + 2] = b;
    t[s + 3] = row;
  }

  /** Forgets every key. */
  clear(): void {
    if (this.slots.length >> 2 === this.initialCapacity) {
      for (let s = 3; s < this.slots.length; s += 4) this.slots[s] = EMPTY;
      this.size = 0;
    } else this.allocate(this.initialCapacity);
  }
}

/** Interned values of the words of one tagger window (and two words either side), by position. */
interface WindowIds {
  lower: Int32Array;
  shape: Int32Array;
  cluster: Int32Array;
  /** The cluster path's first character. */
  clusterHead: Int32Array;
  /** The gazetteer reading, "-" when empty. */
  gaz: Int32Array;
  lex: Int32Array;
}

/**
 * Whether every sum the tagger forms is exact in float64, whatever the order of its terms: true when the nonzero
 * weights span at most 2^20 in magnitude (the shipped ones: 0.25 to 50). A word's score sums at most 64 float32
 * weights, each a multiple of 2^(emin-23) and below 2^(emax+1); the sum then needs emax - emin + 30 <= 50 bits of
 * the 53 a float64 holds. Summing pre-added groups then gives the very same scores as summing feature by feature.
 */
export function sumsAreExact(rows: Float32Array): boolean {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < rows.length; i++) {
    const a = Math.abs(rows[i]!);
    if (a === 0) continue;
    if (!Number.isFinite(a)) return false;
    if (a < min) min = a;
    if (a > max) max = a;
  }
  return max === 0 || Math.floor(Math.log2(max)) - Math.floor(Math.log2(min)) <= 20;
}

/** The id of `s` in `ids`, giving it the next free one (the map's size) the first time it is seen. */
function internedId(ids: Map<string | undefined, number>, s: string | undefined): number {
  let id = ids.get(s);
  if (id === undefined) {
    id = ids.size;
    ids.set(s, id);
  }
  return id;
}

/** The strings a per-word cache entry was made from, and the id generation it belongs to. */
interface WordStrings {
  lower: string;
  shape: string;
  cluster: string;
  lex: string;
  generation: number;
}

/** Whether the cache entry `e` was made from word i of `v` in this `generation` (so it may be reused). */
function madeFromWord<E extends WordStrings>(e: E | undefined, v: SentenceView, i: number, generation: number): e is E {
  return (
    e !== undefined &&
    e.generation === generation &&
    e.lower === v.lower[i] &&
    e.shape === v.shapes[i] &&
    e.cluster === v.clusters[i] &&
    e.lex === v.lex[i]
  );
}

/** Cached sums of one word's features (valid while its strings are the ones the sums were made from). */
interface WordSums {
  lower: string;
  shape: string;
  cluster: string;
  lex: string;
  generation: number;
  /** Ids of lower form, shape, cluster head and dictionary class (keys of the pair table). */
  lowerId: number;
  shapeId: number;
  headId: number;
  lexId: number;
  /** {@link VALUE_IN} bits of the lower-case form: which word-valued templates the model has for it. */
  valueBits: number;
  /** The word as its neighbour's previous word: c2m1, w1, s1. */
  asPrev: Float64Array;
  /** As the next word: c2n1, n1, sn1. */
  asNext: Float64Array;
  /** Two before: w2. Two after: n2. */
  asPrev2: Float64Array;
  asNext2: Float64Array;
  /** Label-dependent rows summed: t1=p + t1w=p|word + t1s=p|shape, 9 × 9 (previous label × label). */
  trans: Float64Array;
}

/** Cached sums of one gazetteer reading ("-" when none): g, g1, gn1 and t1g rows (9 × 9). */
interface GazSums {
  id: number;
  own: Float64Array;
  asPrev: Float64Array;
  asNext: Float64Array;
  trans: Float64Array;
}

/** Zero scores, shared (never written) by the cache entries of words without a feature of some template. */
const NO_SCORES = new Float64Array(N_LABELS);

/** Pair templates looked up in the row table (numbers as in {@link contextFeatures}' order). */
const T_C1M1S = 2;
const T_C1N1S = 3;
const T_W1W = 10;
const T_WN1 = 11;
const T_SSS = 12;
const T_W1S = 13;
const T_SN1W = 14;
const T_GS = 18;
const T_LEXN1 = 19;

/**
 * The fast scorer's path for weights whose sums are exact ({@link sumsAreExact}): a word's context features that
 * read one neighbour alone are pre-summed per neighbour word, its label features per word and reading, and only
 * the nine features that join two or three values are looked up per position. Scores, and so labels, equal the
 * reference tagger's.
 */
class ExactScorer {
  private readonly ids = new Map<string | undefined, number>();
  private generation = 0;
  private readonly byWord = new Map<string, WordSums>();
  private readonly byGaz = new Map<string, GazSums>();
  private readonly table = new FeatureRowTable(1 << 16, 1 << 21);
  private readonly bosPrev: Float64Array;
  private readonly bosPrev2: Float64Array;
  private readonly eosNext: Float64Array;
  private readonly eosNext2: Float64Array;
  private readonly bosGaz: Float64Array;
  private readonly eosGaz: Float64Array;
  private sums: WordSums[] = [];
  private gazs: GazSums[] = [];
  private base = new Float64Array(N_LABELS);
  private delta = new Float64Array(N_LABELS);
  private next = new Float64Array(N_LABELS);
  private back = new Uint8Array(64 * N_LABELS);

  constructor(
    private readonly packed: PackedWeights,
    private readonly own: (w: string, lw: string, sh: string, lex: string, first: boolean) => Float64Array,
  ) {
    this.bosPrev = this.sum(["c2m1=<s>", "w1=<s>", "s1=<s>"]);
    this.bosPrev2 = this.sum(["w2=<s>"]);
    this.eosNext = this.sum(["c2n1=</s>", "n1=</s>", "sn1=</s>"]);
    this.eosNext2 = this.sum(["n2=</s>"]);
    this.bosGaz = this.sum(["g1=<s>"]);
    this.eosGaz = this.sum(["gn1=</s>"]);
    this.bosBits = packed.valueTemplates("<s>");
    this.eosBits = packed.valueTemplates("</s>");
  }

  /** {@link VALUE_IN} bits of the sentence-boundary values "<s>" and "</s>". */
  private readonly bosBits: number;
  private readonly eosBits: number;

  private readonly sum = (features: string[]): Float64Array => {
    const out = new Float64Array(N_LABELS);
    for (const f of features) this.packed.addTo(out, f);
    return out;
  };

  /** 9 × 9 sums of `prefix + LABEL + "|" + value` rows (plus "t1=LABEL" when `withPrev`), previous label major. */
  private labelSums(out: Float64Array, prefix: string, value: string, withPrev: boolean): Float64Array {
    for (let p = 0; p < N_LABELS; p++) {
      const row = out.subarray(p * N_LABELS, (p + 1) * N_LABELS);
      if (withPrev) this.packed.addTo(row, "t1=" + LABELS[p]);
      this.packed.addTo(row, prefix + LABELS[p] + "|" + value);
    }
    return out;
  }

  /** "t1=LABEL" rows by previous label (9 × 9), summed once. */
  private prevBase: Float64Array | null = null;
  /** t1 + t1s sums (9 × 9) by shape, shared by the words that have no t1w rows. */
  private readonly shapeOnlyTrans = new Map<string, Float64Array>();
  /** "t1s=LABEL|shape" rows (9 × 9) by shape: few shapes, many words. */
  private readonly shapeTrans = new Map<string, Float64Array>();

  /**
   * A word's label-dependent sums: per previous label, t1 + t1w (the word) + t1s (its shape), added in that
   * order; the t1 and t1s parts are each looked up once (per model, per shape), not once per new word.
   */
  private wordTrans(lower: string, shape: string, hasWordRows: boolean): Float64Array {
    const L = N_LABELS;
    this.prevBase ??= this.labelRowsOnly("t1=", null);
    let byShape = this.shapeTrans.get(shape);
    if (!byShape) {
      byShape = this.labelRowsOnly("t1s=", shape);
      if (this.shapeTrans.size > 50_000) this.shapeTrans.clear();
      this.shapeTrans.set(shape, byShape);
    }
    if (!hasWordRows) {
      // t1 + t1s alone: the same for every such word of this shape, so made once per shape and shared (read only)
      let shared = this.shapeOnlyTrans.get(shape);
      if (!shared) {
        shared = this.prevBase.slice();
        for (let x = 0; x < L * L; x++) shared[x]! += byShape[x]!;
        if (this.shapeOnlyTrans.size > 50_000) this.shapeOnlyTrans.clear();
        this.shapeOnlyTrans.set(shape, shared);
      }
      return shared;
    }
    const out = this.prevBase.slice();
    for (let p = 0; p < L; p++) this.packed.addTo(out.subarray(p * L, (p + 1) * L), "t1w=" + LABELS[p] + "|" + lower);
    for (let x = 0; x < L * L; x++) out[x]! += byShape[x]!;
    return out;
  }

  /** 9 × 9 rows of `prefix + LABEL` (value null) or `prefix + LABEL + "|" + value`, previous label major. */
  private labelRowsOnly(prefix: string, value: string | null): Float64Array {
    const out = new Float64Array(N_LABELS * N_LABELS);
    for (let p = 0; p < N_LABELS; p++) {
      const f = value === null ? prefix + LABELS[p] : prefix + LABELS[p] + "|" + value;
      this.packed.addTo(out.subarray(p * N_LABELS, (p + 1) * N_LABELS), f);
    }
    return out;
  }

  private idOf(s: string | undefined): number {
    return internedId(this.ids, s);
  }

  private wordSums(v: SentenceView, i: number): WordSums {
    const lower = v.lower[i]!;
    const shape = v.shapes[i]!;
    const cluster = v.clusters[i]!;
    const lex = v.lex[i]!;
    let e = this.byWord.get(v.words[i]!);
    if (!madeFromWord(e, v, i, this.generation)) {
      // a word the model has no word feature for (most new words) costs no lookups of word features
      const bits = this.packed.valueTemplates(lower);
      const sums = this.sum;
      e = {
        lower,
        shape,
        cluster,
        lex,
        generation: this.generation,
        lowerId: this.idOf(lower),
        shapeId: this.idOf(shape),
        headId: this.idOf(cluster[0]),
        lexId: this.idOf(lex),
        valueBits: bits,
        asPrev:
          bits & VALUE_IN.w1
            ? sums(["c2m1=" + cluster, "w1=" + lower, "s1=" + shape])
            : sums(["c2m1=" + cluster, "s1=" + shape]),
        asNext:
          bits & VALUE_IN.n1
            ? sums(["c2n1=" + cluster, "n1=" + lower, "sn1=" + shape])
            : sums(["c2n1=" + cluster, "sn1=" + shape]),
        asPrev2: bits & VALUE_IN.w2 ? sums(["w2=" + lower]) : NO_SCORES,
        asNext2: bits & VALUE_IN.n2 ? sums(["n2=" + lower]) : NO_SCORES,
        trans: this.wordTrans(lower, shape, (bits & VALUE_IN.t1w) !== 0),
      };
      if (this.byWord.size > 20_000) this.byWord.clear();
      this.byWord.set(v.words[i]!, e);
    }
    return e;
  }

  private gazSums(reading: string): GazSums {
    let g = this.byGaz.get(reading);
    if (g === undefined || g.id !== this.idOf(reading)) {
      g = {
        id: this.idOf(reading),
        own: this.sum(["g=" + reading]),
        asPrev: this.sum(["g1=" + reading]),
        asNext: this.sum(["gn1=" + reading]),
        trans: this.labelSums(new Float64Array(N_LABELS * N_LABELS), "t1g=", reading, false),
      };
      this.byGaz.set(reading, g);
    }
    return g;
  }

  /** Context feature names of position `namesAt` of `namesView` (built on a pair's first sight). */
  private names: string[] = [];
  private namesAt = -1;
  private namesView: SentenceView | null = null;

  /** Adds the row of pair template t over (a, b, c), the feature named `names()[t]` on a first sight. */
  private addPair(out: Float64Array, t: number, a: number, b: number, c: number, v: SentenceView, i: number): void {
    const k0 = t | (c << 5);
    let row = this.table.get(k0, a, b);
    if (row === EMPTY) {
      // the position's feature names, built once for all its first-sight pairs
      if (this.namesAt !== i || this.namesView !== v) {
        this.names = contextFeatures(v, i);
        this.namesAt = i;
        this.namesView = v;
      }
      row = this.packed.rowOf(this.names[t]!);
      this.table.set(k0, a, b, row);
    }
    if (row < 0) return;
    const data = this.packed.rows;
    const at = row * N_LABELS;
    for (let l = 0; l < N_LABELS; l++) out[l] += data[at + l]!;
  }

  /** Label-independent score of word i (window position x). */
  private emission(v: SentenceView, i: number, x: number, out: Float64Array): void {
    this.namesAt = -1;
    const n = v.words.length;
    const s = this.sums;
    const gz = this.gazs;
    const me = s[x]!;
    const prev = i > 0 ? s[x - 1]! : null;
    const next = i + 1 < n ? s[x + 1]! : null;
    const own = this.own(v.words[i]!, me.lower, me.shape, me.lex, i === 0);
    const prevVec = prev ? prev.asPrev : this.bosPrev;
    const nextVec = next ? next.asNext : this.eosNext;
    const prev2 = i > 1 ? s[x - 2]!.asPrev2 : this.bosPrev2;
    const next2 = i + 2 < n ? s[x + 2]!.asNext2 : this.eosNext2;
    const g = gz[x]!;
    const gPrev = i > 0 ? gz[x - 1]!.asPrev : this.bosGaz;
    const gNext = i + 1 < n ? gz[x + 1]!.asNext : this.eosGaz;
    for (let l = 0; l < N_LABELS; l++)
      out[l] = own[l]! + prevVec[l]! + nextVec[l]! + prev2[l]! + next2[l]! + g.own[l]! + gPrev[l]! + gNext[l]!;
    const bos = this.idOf("<s>");
    const eos = this.idOf("</s>");
    const angle = this.idOf("<");
    const sh = me.shapeId;
    const lw = me.lowerId;
    const w1 = prev ? prev.lowerId : bos;
    const n1 = next ? next.lowerId : eos;
    const s1 = prev ? prev.shapeId : bos;
    const sn1 = next ? next.shapeId : eos;
    this.addPair(out, T_C1M1S, prev ? prev.headId : angle, sh, 0, v, i);
    this.addPair(out, T_C1N1S, next ? next.headId : angle, sh, 0, v, i);
    // word pairs the model cannot have (a side never seen in that place) are not looked up
    const bits = me.valueBits;
    const prevBits = prev ? prev.valueBits : this.bosBits;
    const nextBits = next ? next.valueBits : this.eosBits;
    if (prevBits & VALUE_IN.w1wFirst && bits & VALUE_IN.w1wSecond) this.addPair(out, T_W1W, w1, lw, 0, v, i);
    if (bits & VALUE_IN.wn1First && nextBits & VALUE_IN.wn1Second) this.addPair(out, T_WN1, lw, n1, 0, v, i);
    this.addPair(out, T_SSS, s1, sh, sn1, v, i);
    if (prevBits & VALUE_IN.w1sFirst) this.addPair(out, T_W1S, w1, sh, 0, v, i);
    if (nextBits & VALUE_IN.sn1wSecond) this.addPair(out, T_SN1W, sh, n1, 0, v, i);
    this.addPair(out, T_GS, g.id, sh, 0, v, i);
    this.addPair(out, T_LEXN1, me.lexId, sn1, 0, v, i);
  }

  /** As {@link FastScorer.tagWindow}. */
  tagWindow(v: SentenceView, from: number, to: number): number[] {
    const L = N_LABELS;
    const n = to - from;
    if (n <= 0) return [];
    if (this.ids.size > 1 << 20) {
      this.ids.clear();
      this.table.clear();
      this.byGaz.clear();
      this.generation++;
    }
    const lo = Math.max(0, from - 2);
    const hi = Math.min(v.words.length, to + 2);
    this.sums.length = hi - lo;
    this.gazs.length = hi - lo;
    for (let i = lo; i < hi; i++) {
      this.sums[i - lo] = this.wordSums(v, i);
      this.gazs[i - lo] = this.gazSums(v.gaz[i] || "-");
    }
    if (this.back.length < n * L) this.back = new Uint8Array(2 * n * L);
    const back = this.back;
    let delta = this.delta;
    let next = this.next;
    const base = this.base;
    for (let j = 0; j < n; j++) {
      const i = from + j;
      const x = i - lo;
      this.emission(v, i, x, base);
      const wt = this.sums[x]!.trans;
      const gt = this.gazs[x]!.trans;
      next.fill(-Infinity);
      for (let p = 0; p < L; p++) {
        const fromScore = j === 0 ? (p === 0 ? 0 : -Infinity) : delta[p]!;
        if (fromScore === -Infinity) continue;
        const row = p * L;
        for (let k = 0; k < L; k++) {
          if (ALLOWED[row + k] === 0) continue;
          const sc = fromScore + (base[k]! + wt[row + k]! + gt[row + k]!);
          if (sc > next[k]!) {
            next[k] = sc;
            back[j * L + k] = p;
          }
        }
      }
      const t = delta;
      delta = next;
      next = t;
    }
    this.delta = delta;
    this.next = next;
    let best = 0;
    for (let k = 1; k < L; k++) if (delta[k]! > delta[best]!) best = k;
    const out = new Array<number>(n);
    for (let j = n - 1; j >= 0; j--) {
      out[j] = best;
      best = back[j * L + best]!;
    }
    return out;
  }
}

/**
 * The tagger at run time: per word, the label-independent features are summed once (the word's own ones
 * cached across documents), then the four label-dependent ones per previous label. With packed weights the
 * context features are found by integer keys ({@link FeatureRowTable}) and summed in {@link contextFeatures}'
 * order, so the sums, and the labels, are identical to the reference {@link tagWindow}.
 */
export class FastScorer {
  /** Summed word-only feature weights per word (and sentence-initial flag), cached across documents. */
  private readonly words = new Map<string, Float64Array>();
  /** Adds one feature's weights into a score vector. */
  private readonly add: (out: Float64Array, feature: string) => void;
  private readonly packed: PackedWeights | null;
  /** Strings (words, shapes, clusters, readings) → ids, the keys of {@link table}. */
  private readonly ids = new Map<string | undefined, number>();
  /** Bumped whenever {@link ids} starts again. */
  private generation = 0;
  /** Per word: the strings its ids were made from, and the ids (lower, shape, cluster, cluster head, class). */
  private readonly idsByWord = new Map<
    string,
    { lower: string; shape: string; cluster: string; lex: string; generation: number; ids: Int32Array }
  >();
  /** (template, value ids) → row, for the context features. */
  private readonly table = new FeatureRowTable(1 << 16, 1 << 21);
  private windowIds: WindowIds = FastScorer.idArrays(64);
  /** Per context template: k0, a, b of the current word's key. */
  private readonly keyOf = new Int32Array(N_CONTEXT * 3);
  constructor(private readonly weights: WeightSource) {
    const packed = weights instanceof PackedWeights ? weights : null;
    this.packed = packed;
    this.add = packed ? (out, f) => packed.addTo(out, f) : (out, f) => addInto(out, weights.get(f));
    this.prevRows = LABELS.map((l) => weights.get("t1=" + l));
    this.exact =
      packed && sumsAreExact(packed.rows)
        ? new ExactScorer(packed, (w, lw, sh, lex, first) => this.wordVector(w, lw, sh, lex, first))
        : null;
  }

  /** The pre-summing path, when the weights allow it ({@link sumsAreExact}). */
  private readonly exact: ExactScorer | null;

  private static idArrays(n: number): WindowIds {
    return {
      lower: new Int32Array(n),
      shape: new Int32Array(n),
      cluster: new Int32Array(n),
      clusterHead: new Int32Array(n),
      gaz: new Int32Array(n),
      lex: new Int32Array(n),
    };
  }

  private idOf(s: string | undefined): number {
    return internedId(this.ids, s);
  }

  /** Interns the values of words `[lo, hi)` of the view. */
  private internWindow(v: SentenceView, lo: number, hi: number): WindowIds {
    if (this.ids.size > 1 << 20) {
      // ids must stay below 2^26 (they share k0 with the template); the table's keys name old ids
      this.ids.clear();
      this.table.clear();
      this.generation++;
    }
    if (this.windowIds.lower.length < hi - lo) this.windowIds = FastScorer.idArrays(2 * (hi - lo));
    const w = this.windowIds;
    for (let i = lo; i < hi; i++) {
      const x = i - lo;
      const word = this.wordIds(v, i);
      w.lower[x] = word[0]!;
      w.shape[x] = word[1]!;
      w.cluster[x] = word[2]!;
      w.clusterHead[x] = word[3]!;
      w.lex[x] = word[4]!;
      w.gaz[x] = this.idOf(v.gaz[i] || "-");
    }
    return w;
  }

  /** Ids of word i's lower-case form, shape, cluster, cluster head and dictionary class (cached by word). */
  private wordIds(v: SentenceView, i: number): Int32Array {
    const lower = v.lower[i]!;
    const shape = v.shapes[i]!;
    const cluster = v.clusters[i]!;
    const lex = v.lex[i]!;
    let e = this.idsByWord.get(v.words[i]!);
    // valid for this generation of ids and the same strings (views built by hand may differ from viewOf's)
    if (!madeFromWord(e, v, i, this.generation)) {
      const ids = Int32Array.of(
        this.idOf(lower),
        this.idOf(shape),
        this.idOf(cluster),
        this.idOf(cluster[0]),
        this.idOf(lex),
      );
      e = { lower, shape, cluster, lex, generation: this.generation, ids };
      if (this.idsByWord.size > 200_000) this.idsByWord.clear();
      this.idsByWord.set(v.words[i]!, e);
    }
    return e.ids;
  }

  /** Adds the context features of word i (at x in the interned window) into `out`, in {@link contextFeatures}' order. */
  private addContext(v: SentenceView, i: number, w: WindowIds, x: number, out: Float64Array): void {
    const packed = this.packed!;
    const n = v.words.length;
    const bos = this.idOf("<s>");
    const eos = this.idOf("</s>");
    const angle = this.idOf("<");
    const hasPrev = i > 0;
    const hasNext = i + 1 < n;
    const lw = w.lower[x]!;
    const sh = w.shape[x]!;
    const w1 = hasPrev ? w.lower[x - 1]! : bos;
    const n1 = hasNext ? w.lower[x + 1]! : eos;
    const s1 = hasPrev ? w.shape[x - 1]! : bos;
    const sn1 = hasNext ? w.shape[x + 1]! : eos;
    const c1 = hasPrev ? w.cluster[x - 1]! : bos;
    const cn1 = hasNext ? w.cluster[x + 1]! : eos;
    const g = w.gaz[x]!;
    const k = this.keyOf;
    const put = this.putKey;
    put(0, c1, 0, 0);
    put(1, cn1, 0, 0);
    put(2, hasPrev ? w.clusterHead[x - 1]! : angle, sh, 0);
    put(3, hasNext ? w.clusterHead[x + 1]! : angle, sh, 0);
    put(4, w1, 0, 0);
    put(5, i > 1 ? w.lower[x - 2]! : bos, 0, 0);
    put(6, n1, 0, 0);
    put(7, i + 2 < n ? w.lower[x + 2]! : eos, 0, 0);
    put(8, s1, 0, 0);
    put(9, sn1, 0, 0);
    put(10, w1, lw, 0);
    put(11, lw, n1, 0);
    put(12, s1, sh, sn1);
    put(13, w1, sh, 0);
    put(14, sh, n1, 0);
    put(15, g, 0, 0);
    put(16, hasPrev ? w.gaz[x - 1]! : bos, 0, 0);
    put(17, hasNext ? w.gaz[x + 1]! : eos, 0, 0);
    put(18, g, sh, 0);
    put(19, w.lex[x]!, sn1, 0);
    const data = packed.rows;
    let names: string[] | null = null;
    for (let t = 0; t < N_CONTEXT; t++) {
      const k0 = k[t * 3]!;
      const a = k[t * 3 + 1]!;
      const b = k[t * 3 + 2]!;
      let row = this.table.get(k0, a, b);
      if (row === EMPTY) {
        names ??= contextFeatures(v, i);
        row = packed.rowOf(names[t]!);
        this.table.set(k0, a, b, row);
      }
      if (row < 0) continue;
      const at = row * N_LABELS;
      for (let l = 0; l < N_LABELS; l++) out[l] += data[at + l]!;
    }
  }

  /** Sets context template t's key: k0 = t and c, then a and b. */
  private readonly putKey = (t: number, a: number, b: number, c: number): void => {
    const k = this.keyOf;
    k[t * 3] = t | (c << 5);
    k[t * 3 + 1] = a;
    k[t * 3 + 2] = b;
  };

  private wordVector(w: string, lw: string, sh: string, lex: string, first: boolean): Float64Array {
    const key = first ? "\u0001" + w : w;
    let vec = this.words.get(key);
    if (!vec) {
      vec = new Float64Array(N_LABELS);
      const feats = wordFeatures(w, lw, sh, lex, first);
      // feats[1] is "w=" + lw: not looked up when the model has no such feature
      const skip = this.packed !== null && (this.packed.valueTemplates(lw) & VALUE_IN.w) === 0 ? 1 : -1;
      for (let k = 0; k < feats.length; k++) if (k !== skip) this.add(vec, feats[k]!);
      if (this.words.size > 200_000) this.words.clear();
      this.words.set(key, vec);
    }
    return vec;
  }

  /**
   * Tags words `[from, to)` of a sentence view by Viterbi, starting after an O; context features still read
   * the words around the window.
   * @returns label indices, one per word of the window
   */
  tagWindow(v: SentenceView, from: number, to: number): number[] {
    if (this.exact) return this.exact.tagWindow(v, from, to);
    return this.orderedTagWindow(v, from, to);
  }

  /** {@link tagWindow} summing every feature in the reference order (weights whose sums may round). */
  orderedTagWindow(v: SentenceView, from: number, to: number): number[] {
    const add = this.add;
    let lastJ = -1;
    let byWord: Array<Float32Array | undefined> = [];
    let byShape: Array<Float32Array | undefined> = [];
    let byGaz: Array<Float32Array | undefined> = [];
    const lo = Math.max(0, from - 2);
    const ids = this.packed && to > from ? this.internWindow(v, lo, Math.min(v.words.length, to + 2)) : null;
    return viterbi(
      to - from,
      (j, out) => {
        const i = from + j;
        const own = this.wordVector(v.words[i]!, v.lower[i]!, v.shapes[i]!, v.lex[i]!, i === 0);
        for (let k = 0; k < N_LABELS; k++) out[k] += own[k]!;
        if (ids) this.addContext(v, i, ids, i - lo, out);
        else for (const f of contextFeatures(v, i)) add(out, f);
      },
      (j, prev, out) => {
        // the same four features as labelFeatures, in its order. Viterbi asks for every previous label
        // of word j in a row, so the word's rows for all labels are looked up once (and cached across
        // documents by word, shape and gazetteer reading): no string is built per (word, label)
        if (j !== lastJ) {
          lastJ = j;
          const i = from + j;
          byWord = this.labelRows("t1w=", v.lower[i]!, this.wordLabelRows);
          byShape = this.labelRows("t1s=", v.shapes[i]!, this.shapeLabelRows);
          byGaz = this.labelRows("t1g=", v.gaz[i] || "-", this.gazLabelRows);
        }
        addInto(out, this.prevRows[prev]);
        addInto(out, byWord[prev]);
        addInto(out, byShape[prev]);
        addInto(out, byGaz[prev]);
      },
    );
  }

  /** Rows of "t1=LABEL" by label. */
  private readonly prevRows: Array<Float32Array | undefined>;
  /** Rows of "t1w=LABEL|word" by word, then label. */
  private readonly wordLabelRows = new Map<string, Array<Float32Array | undefined>>();
  /** Rows of "t1s=LABEL|shape" by shape, then label. */
  private readonly shapeLabelRows = new Map<string, Array<Float32Array | undefined>>();
  /** Rows of "t1g=LABEL|reading" by gazetteer reading, then label. */
  private readonly gazLabelRows = new Map<string, Array<Float32Array | undefined>>();

  /** The rows of `prefix + LABEL + "|" + value` for every label, cached by value in `cache` (one cache per prefix). */
  private labelRows(
    prefix: string,
    value: string,
    cache: Map<string, Array<Float32Array | undefined>>,
  ): Array<Float32Array | undefined> {
    let rows = cache.get(value);
    if (!rows) {
      rows = LABELS.map((l) => this.weights.get(prefix + l + "|" + value));
      if (cache.size > 100_000) cache.clear();
      cache.set(value, rows);
    }
    return rows;
  }
}

/**
 * Tags words `[from, to)` of a sentence view by Viterbi (reference implementation over {@link features};
 * {@link FastScorer} gives the same labels faster).
 * @returns label indices, one per word of the window
 */
export function tagWindow(weights: WeightSource, v: SentenceView, from: number, to: number): number[] {
  return viterbi(
    to - from,
    (j, out) => {
      for (const f of staticFeatures(v, from + j)) addInto(out, weights.get(f));
    },
    (j, prev, out) => {
      for (const f of labelFeatures(v, from + j, LABELS[prev]!)) addInto(out, weights.get(f));
    },
  );
}

let scorer: FastScorer | null = null;
/** The fast scorer over the shipped weights (null when there are none). */
export function shippedScorer(): FastScorer | null {
  if (scorer) return scorer;
  const w = shippedWeights();
  if (!w) return null;
  scorer = new FastScorer(w);
  return scorer;
}

let shipped: PackedWeights | null | undefined;

/** Paths of the shipped model files. */
export function modelPaths(): { meta: string; weights: string } {
  return { meta: dataPath("nlp", "ner-perceptron.json"), weights: dataPath("nlp", "ner-perceptron.weights.gz") };
}

/**
 * The shipped tagger weights, loaded once. Null when the files are absent (the layer then runs on
 * gazetteer and rules alone and says so in its notes).
 */
export function shippedWeights(): PackedWeights | null {
  if (shipped !== undefined) return shipped;
  const paths = modelPaths();
  let metaText: string;
  let raw: Buffer;
  try {
    metaText = readFileSync(paths.meta, "utf8");
    raw = readFileSync(paths.weights);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      shipped = null;
      return null;
    }
    throw new DossierError("INTERNAL", `cannot read tagger weights: ${(err as Error).message}`, { cause: err });
  }
  const meta = JSON.parse(metaText) as PerceptronMeta;
  if (meta.featureSet !== FEATURE_SET || meta.labels.join() !== LABELS.join()) {
    throw new DossierError(
      "INTERNAL",
      `tagger weights were trained with feature set ${meta.featureSet}, code expects ${FEATURE_SET}: rerun scripts/train-ner.ts`,
    );
  }
  shipped = decodePacked(gunzipSync(raw));
  return shipped;
}
