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
  ];
  if (i === 0) f.push("first|" + v.shapes[i]);
  if (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w)) f.push("caps");
  return f;
}

/** Weights: feature → scores per label. */
export type Weights = Map<string, Float32Array>;

/** The shipped model file format. */
export interface PerceptronFile {
  version: 1;
  featureSet: string;
  labels: readonly string[];
  /** feature → scores per label (rounded), zeros included. */
  weights: Record<string, number[]>;
  trainedOn: string;
  evaluation?: unknown;
}

/** Feature-set version: bump when {@link features} changes. */
export const FEATURE_SET = "fs1";

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

/** Path of the shipped weights. */
export function modelPath(): string {
  return dataPath("nlp", "ner-perceptron.json.gz");
}

/**
 * The shipped tagger weights, loaded once. Null when the file is absent (the layer then runs on
 * gazetteer and rules alone and says so in its notes).
 */
export function shippedWeights(): Weights | null {
  if (shipped !== undefined) return shipped;
  let raw: Buffer;
  try {
    raw = readFileSync(modelPath());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      shipped = null;
      return null;
    }
    throw new DossierError("INTERNAL", `cannot read tagger weights: ${(err as Error).message}`, { cause: err });
  }
  const file = JSON.parse(gunzipSync(raw).toString("utf8")) as PerceptronFile;
  if (file.featureSet !== FEATURE_SET || file.labels.join() !== LABELS.join()) {
    throw new DossierError("INTERNAL", `tagger weights were trained with feature set ${file.featureSet}, code expects ${FEATURE_SET}: rerun scripts/train-ner.ts`);
  }
  const weights: Weights = new Map();
  for (const [f, w] of Object.entries(file.weights)) weights.set(f, Float32Array.from(w));
  shipped = weights;
  return weights;
}
