/**
 * A greedy averaged-perceptron BIO tagger for names (Collins 2002; the "POS tagger in 200 lines"
 * design), trained on the GMB news corpus by `scripts/train-ner.ts` and shipped as pruned weights in
 * `data/nlp/ner-perceptron.json.gz`.
 *
 * The tagger proposes typed spans; the entity layer (./ner.ts) combines them with the gazetteer and
 * rules, trims titles, and filters non-names.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dataPath } from "../util/paths.js";
import { DossierError } from "../util/errors.js";

/** BIO labels over the four entity types the tagger learns. */
export const LABELS = ["O", "B-person", "I-person", "B-organization", "I-organization", "B-country", "I-country", "B-place", "I-place"] as const;
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
}

/** Precomputes lower-case forms and shapes of a sentence's words. */
export function viewOf(words: readonly string[], gaz?: readonly string[]): SentenceView {
  return { words, lower: words.map((w) => w.toLowerCase()), shapes: words.map(wordShape), gaz: gaz ?? words.map(() => "") };
}

/**
 * Features of word i given the two previous predicted labels. Shared by training and tagging, so
 * any change here needs retraining (the weights file records a feature-set version).
 */
export function features(v: SentenceView, i: number, prev: string, prev2: string): string[] {
  const w = v.words[i]!;
  const lw = v.lower[i]!;
  const n = v.words.length;
  const f: string[] = [
    "b",
    "w=" + lw,
    "s=" + v.shapes[i],
    "x3=" + lw.slice(-3),
    "x2=" + lw.slice(-2),
    "p2=" + lw.slice(0, 2),
    "t1=" + prev,
    "t2=" + prev2 + "|" + prev,
    "w1=" + (i > 0 ? v.lower[i - 1] : "<s>"),
    "w2=" + (i > 1 ? v.lower[i - 2] : "<s>"),
    "n1=" + (i + 1 < n ? v.lower[i + 1] : "</s>"),
    "n2=" + (i + 2 < n ? v.lower[i + 2] : "</s>"),
    "s1=" + (i > 0 ? v.shapes[i - 1] : "<s>"),
    "sn1=" + (i + 1 < n ? v.shapes[i + 1] : "</s>"),
    "t1w=" + prev + "|" + lw,
    "t1s=" + prev + "|" + v.shapes[i],
    "x4=" + lw.slice(-4),
    "w1w=" + (i > 0 ? v.lower[i - 1] : "<s>") + "|" + lw,
    "wn1=" + lw + "|" + (i + 1 < n ? v.lower[i + 1] : "</s>"),
    "sss=" + (i > 0 ? v.shapes[i - 1] : "<s>") + "|" + v.shapes[i] + "|" + (i + 1 < n ? v.shapes[i + 1] : "</s>"),
  ];
  if (i === 0) f.push("first|" + v.shapes[i]);
  if (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w)) f.push("caps");
  return f;
}

/** Weights: feature → scores per label. */
export type Weights = Map<string, Float32Array>;

/** Read-only access to weights (a {@link Weights} map or the packed shipped form). */
export interface WeightSource {
  get(feature: string): Float32Array | undefined;
  readonly size: number;
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

/** Parses the binary format into packed weights (what the layer uses at run time). */
export function decodePacked(buf: Buffer): PackedWeights {
  const count = buf.readUInt32LE(0);
  const nameLen = buf.readUInt32LE(4);
  const names = buf.toString("utf8", 8, 8 + nameLen).split("\n");
  if (names.length !== count) throw new DossierError("INTERNAL", `tagger weights are corrupt: ${names.length} names for ${count} features`);
  const pad = (4 - ((8 + nameLen) % 4)) % 4;
  const at = 8 + nameLen + pad;
  if (buf.length !== at + count * N_LABELS * 4) throw new DossierError("INTERNAL", "tagger weights are corrupt: wrong length");
  const data = new Float32Array(count * N_LABELS);
  for (let i = 0; i < count * N_LABELS; i++) data[i] = buf.readFloatLE(at + i * 4);
  const index = new Map<string, number>();
  for (let f = 0; f < count; f++) index.set(names[f]!, f);
  return new PackedWeights(index, data);
}

/** Parses the binary format back into weights. */
export function decodeWeights(buf: Buffer): Weights {
  const count = buf.readUInt32LE(0);
  const nameLen = buf.readUInt32LE(4);
  const names = buf.toString("utf8", 8, 8 + nameLen).split("\n");
  if (names.length !== count) throw new DossierError("INTERNAL", `tagger weights are corrupt: ${names.length} names for ${count} features`);
  const pad = (4 - ((8 + nameLen) % 4)) % 4;
  let at = 8 + nameLen + pad;
  if (buf.length !== at + count * N_LABELS * 4) throw new DossierError("INTERNAL", "tagger weights are corrupt: wrong length");
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
export const FEATURE_SET = "fs2";

/** ALLOWED[prev * N + label] = 1 when `label` may follow `prev` (I-x only after B-x/I-x). */
const ALLOWED = new Uint8Array(N_LABELS * N_LABELS);
for (let p = 0; p < N_LABELS; p++) {
  for (let l = 0; l < N_LABELS; l++) {
    const lab = LABELS[l]!;
    const prev = LABELS[p]!;
    ALLOWED[p * N_LABELS + l] = !lab.startsWith("I-") || (prev !== "O" && prev.slice(2) === lab.slice(2)) ? 1 : 0;
  }
}

/** Scores the features and returns the best allowed label index. */
export function predictLabel(weights: WeightSource, feats: readonly string[], prevLabel: number, scores: Float64Array): number {
  scores.fill(0);
  for (const f of feats) {
    const w = weights.get(f);
    if (!w) continue;
    for (let k = 0; k < N_LABELS; k++) scores[k] += w[k]!;
  }
  let best = 0;
  let bestScore = -Infinity;
  const row = prevLabel * N_LABELS;
  for (let k = 0; k < N_LABELS; k++) {
    if (ALLOWED[row + k] === 0) continue;
    if (scores[k]! > bestScore) {
      bestScore = scores[k]!;
      best = k;
    }
  }
  return best;
}

/**
 * Tags a sentence greedily left to right.
 * @returns label indices into {@link LABELS}, one per word
 */
export function tagSentence(weights: WeightSource, words: readonly string[]): number[] {
  const v = viewOf(words);
  const out: number[] = [];
  const scores = new Float64Array(N_LABELS);
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < words.length; i++) {
    const feats = features(v, i, LABELS[prev]!, LABELS[prev2]!);
    const label = predictLabel(weights, feats, prev, scores);
    out.push(label);
    prev2 = prev;
    prev = label;
  }
  return out;
}

function addInto(scores: Float64Array, x: Float32Array | undefined): void {
  if (x === undefined) return;
  for (let k = 0; k < N_LABELS; k++) scores[k]! += x[k]!;
}

/** Weight vectors a word contributes in each position, and with each previous label. */
interface WordInfo {
  /** Features of the word itself (w=, s=, affixes, caps, bias). */
  self: Float32Array;
  asPrev: Float32Array | undefined; // w1=
  asPrev2: Float32Array | undefined; // w2=
  asNext: Float32Array | undefined; // n1=
  asNext2: Float32Array | undefined; // n2=
  /** t1w= per previous label, filled on first use (null = no such feature). */
  afterLabel: Array<Float32Array | null | undefined>;
}
interface ShapeInfo {
  asPrev: Float32Array | undefined; // s1=
  asNext: Float32Array | undefined; // sn1=
  afterLabel: Array<Float32Array | undefined>; // t1s=
  first: Float32Array | undefined; // first|
}

/**
 * A scorer for fast tagging: the same features and weights as {@link features}/{@link predictLabel},
 * regrouped so that everything depending on one word or one shape is looked up once per distinct
 * word/shape (cached across documents); only the three pair features (w1w=, wn1=, sss=) are built
 * per token. Labels are identical to the reference {@link tagWindow}.
 */
export class FastScorer {
  private readonly words = new Map<string, WordInfo>();
  private readonly shapes = new Map<string, ShapeInfo>();
  private readonly t1: Array<Float32Array | undefined>;
  private readonly t2: Array<Float32Array | undefined>;
  private readonly scores = new Float64Array(N_LABELS);
  private readonly base = new Float64Array(N_LABELS);
  /** Pair features cached as nested maps keyed by existing strings (no concatenation per token). */
  private readonly w1wCache = new Map<string, Map<string, Float32Array | null>>();
  private readonly wn1Cache = new Map<string, Map<string, Float32Array | null>>();
  private readonly sssCache = new Map<string, Map<string, Float32Array | null>>();
  private pairEntries = 0;

  /**
   * Weights of feature `prefix + a + "|" + b`, cached under (outerKey ?? "") + a, then b.
   * `outerKey` distinguishes prefixes that embed a third part (the sss= shape triple).
   */
  private pair(cache: Map<string, Map<string, Float32Array | null>>, prefix: string, a: string, b: string, outerKey?: string): Float32Array | undefined {
    const k1 = outerKey === undefined ? a : outerKey + "\u0000" + a;
    let inner = cache.get(k1);
    if (!inner) {
      inner = new Map();
      cache.set(k1, inner);
    }
    let hit = inner.get(b);
    if (hit === undefined) {
      hit = this.weights.get(prefix + a + "|" + b) ?? null;
      inner.set(b, hit);
      if (++this.pairEntries > 500_000) {
        this.w1wCache.clear();
        this.wn1Cache.clear();
        this.sssCache.clear();
        this.pairEntries = 0;
      }
    }
    return hit ?? undefined;
  }

  constructor(private readonly weights: WeightSource) {
    this.t1 = LABELS.map((l) => weights.get("t1=" + l));
    this.t2 = [];
    for (const p2 of LABELS) for (const p1 of LABELS) this.t2.push(weights.get("t2=" + p2 + "|" + p1));
  }

  /** Per-word vectors; `lw` is the lower-cased form (the context features use it). */
  private word(w: string, lw: string, shape: string): WordInfo {
    const cached = this.words.get(w);
    if (cached) return cached;
    const wm = this.weights;
    const acc = new Float64Array(N_LABELS);
    addInto(acc, wm.get("b"));
    addInto(acc, wm.get("w=" + lw));
    addInto(acc, wm.get("s=" + shape));
    addInto(acc, wm.get("x3=" + lw.slice(-3)));
    addInto(acc, wm.get("x2=" + lw.slice(-2)));
    addInto(acc, wm.get("p2=" + lw.slice(0, 2)));
    addInto(acc, wm.get("x4=" + lw.slice(-4)));
    if (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w)) addInto(acc, wm.get("caps"));
    const info: WordInfo = {
      self: Float32Array.from(acc),
      asPrev: wm.get("w1=" + lw),
      asPrev2: wm.get("w2=" + lw),
      asNext: wm.get("n1=" + lw),
      asNext2: wm.get("n2=" + lw),
      afterLabel: new Array<Float32Array | null | undefined>(N_LABELS),
    };
    if (this.words.size > 200_000) this.words.clear();
    this.words.set(w, info);
    return info;
  }

  private shape(shape: string): ShapeInfo {
    let info = this.shapes.get(shape);
    if (!info) {
      const wm = this.weights;
      info = {
        asPrev: wm.get("s1=" + shape),
        asNext: wm.get("sn1=" + shape),
        afterLabel: LABELS.map((l) => wm.get("t1s=" + l + "|" + shape)),
        first: wm.get("first|" + shape),
      };
      if (this.shapes.size > 50_000) this.shapes.clear();
      this.shapes.set(shape, info);
    }
    return info;
  }

  /**
   * Tags words `[from, to)` of a sentence view greedily, starting from an O history; context
   * features still read the words around the window.
   * @returns label indices, one per word of the window
   */
  tagWindow(v: SentenceView, from: number, to: number): number[] {
    const out: number[] = [];
    const scores = this.scores;
    const base = this.base;
    const n = v.words.length;
    const wm = this.weights;
    let prev = 0;
    let prev2 = 0;
    for (let i = from; i < to; i++) {
      const lw = v.lower[i]!;
      const shape = v.shapes[i]!;
      const me = this.word(v.words[i]!, lw, shape);
      const myShape = this.shape(shape);
      for (let k = 0; k < N_LABELS; k++) base[k] = me.self[k]!;
      const w1 = i > 0 ? v.lower[i - 1]! : "<s>";
      const n1 = i + 1 < n ? v.lower[i + 1]! : "</s>";
      const s1 = i > 0 ? v.shapes[i - 1]! : "<s>";
      const sn1 = i + 1 < n ? v.shapes[i + 1]! : "</s>";
      if (i > 0) addInto(base, this.word(v.words[i - 1]!, w1, s1).asPrev);
      else addInto(base, wm.get("w1=<s>"));
      if (i > 1) addInto(base, this.word(v.words[i - 2]!, v.lower[i - 2]!, v.shapes[i - 2]!).asPrev2);
      else addInto(base, wm.get("w2=<s>"));
      if (i + 1 < n) addInto(base, this.word(v.words[i + 1]!, n1, sn1).asNext);
      else addInto(base, wm.get("n1=</s>"));
      if (i + 2 < n) addInto(base, this.word(v.words[i + 2]!, v.lower[i + 2]!, v.shapes[i + 2]!).asNext2);
      else addInto(base, wm.get("n2=</s>"));
      addInto(base, i > 0 ? this.shape(s1).asPrev : wm.get("s1=<s>"));
      addInto(base, i + 1 < n ? this.shape(sn1).asNext : wm.get("sn1=</s>"));
      addInto(base, this.pair(this.w1wCache, "w1w=", w1, lw));
      addInto(base, this.pair(this.wn1Cache, "wn1=", lw, n1));
      addInto(base, this.pair(this.sssCache, "sss=" + s1 + "|", shape, sn1, s1));
      if (i === 0) addInto(base, myShape.first);
      for (let k = 0; k < N_LABELS; k++) scores[k] = base[k]!;
      addInto(scores, this.t1[prev]);
      addInto(scores, this.t2[prev2 * N_LABELS + prev]);
      let afterLabel = me.afterLabel[prev];
      if (afterLabel === undefined) afterLabel = me.afterLabel[prev] = wm.get("t1w=" + LABELS[prev] + "|" + lw) ?? null;
      if (afterLabel !== null) addInto(scores, afterLabel);
      addInto(scores, myShape.afterLabel[prev]);
      let best = 0;
      let bestScore = -Infinity;
      const row = prev * N_LABELS;
      for (let k = 0; k < N_LABELS; k++) {
        if (ALLOWED[row + k] === 0) continue;
        if (scores[k]! > bestScore) {
          bestScore = scores[k]!;
          best = k;
        }
      }
      out.push(best);
      prev2 = prev;
      prev = best;
    }
    return out;
  }
}

/**
 * Tags words `[from, to)` of a sentence view greedily (reference implementation over
 * {@link features}; {@link FastScorer} gives the same labels faster).
 * @returns label indices, one per word of the window
 */
export function tagWindow(weights: WeightSource, v: SentenceView, from: number, to: number): number[] {
  const out: number[] = [];
  const scores = new Float64Array(N_LABELS);
  let prev = 0;
  let prev2 = 0;
  for (let i = from; i < to; i++) {
    const label = predictLabel(weights, features(v, i, LABELS[prev]!, LABELS[prev2]!), prev, scores);
    out.push(label);
    prev2 = prev;
    prev = label;
  }
  return out;
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
    throw new DossierError("INTERNAL", `tagger weights were trained with feature set ${meta.featureSet}, code expects ${FEATURE_SET}: rerun scripts/train-ner.ts`);
  }
  shipped = decodePacked(gunzipSync(raw));
  return shipped;
}
