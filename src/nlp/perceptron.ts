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
  for (const ch of word) {
    let c: string;
    if (/\p{Lu}/u.test(ch)) c = "X";
    else if (/\p{Ll}/u.test(ch)) c = "x";
    else if (/\p{N}/u.test(ch)) c = "d";
    else c = ch;
    if (c !== last) out += c;
    last = c;
    if (out.length > 8) break;
  }
  return out;
}

/** Per-sentence word views computed once (lower-case forms and shapes). */
export interface SentenceView {
  words: readonly string[];
  lower: string[];
  shapes: string[];
}

/** Precomputes lower-case forms and shapes of a sentence's words. */
export function viewOf(words: readonly string[]): SentenceView {
  return { words, lower: words.map((w) => w.toLowerCase()), shapes: words.map(wordShape) };
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

/** Index of a label allowed after `prev` (I-x only after B-x/I-x). */
function allowed(label: number, prevLabel: number): boolean {
  const l = LABELS[label]!;
  if (!l.startsWith("I-")) return true;
  const p = LABELS[prevLabel]!;
  return p !== "O" && p.slice(2) === l.slice(2);
}

/** Scores the features and returns the best allowed label index. */
export function predictLabel(weights: Weights, feats: readonly string[], prevLabel: number, scores: Float64Array): number {
  scores.fill(0);
  for (const f of feats) {
    const w = weights.get(f);
    if (!w) continue;
    for (let k = 0; k < N_LABELS; k++) scores[k] += w[k]!;
  }
  let best = 0;
  let bestScore = -Infinity;
  for (let k = 0; k < N_LABELS; k++) {
    if (!allowed(k, prevLabel)) continue;
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
export function tagSentence(weights: Weights, words: readonly string[]): number[] {
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

let shipped: Weights | null | undefined;

/** Paths of the shipped model files. */
export function modelPaths(): { meta: string; weights: string } {
  return { meta: dataPath("nlp", "ner-perceptron.json"), weights: dataPath("nlp", "ner-perceptron.weights.gz") };
}

/**
 * The shipped tagger weights, loaded once. Null when the files are absent (the layer then runs on
 * gazetteer and rules alone and says so in its notes).
 */
export function shippedWeights(): Weights | null {
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
  shipped = decodeWeights(gunzipSync(raw));
  return shipped;
}
