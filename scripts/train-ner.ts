/**
 * Trains the averaged-perceptron name tagger (src/nlp/perceptron.ts) and writes pruned weights to
 * data/nlp/ner-perceptron.weights.gz (+ .json metadata).
 *
 * Data (scripts/ner/data.ts): the GMB extract, train block 1–43,163 (held-out test 43,164–47,958), plus the
 * GUM train documents of the permitted genres (the NC genres essay/fiction/letter/podcast/whow are never
 * read). GMB labels: per→person, org→organization, gpe→country (mostly demonyms), geo→place. GUM labels follow
 * GMB's convention: its named places, countries included, are places; demonyms the country table knows are
 * marked country as GMB does. Gazetteer features come from the open gazetteer only (the curated actor list
 * is switched off while training, so the weights never lean on it).
 * Deterministic: fixed seed, fixed order, seeded shuffle per epoch.
 *
 * Usage: npx tsx scripts/train-ner.ts [--epochs 6] [--prune 0.5] [--no-gum]
 * Prints per-type precision/recall/F1 (exact span match) on the GMB held-out block and GUM dev.
 */
process.env.DOSSIER_ACTORS_FILE = "none";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { FEATURE_SET, LABELS, N_LABELS, decodeWeights, encodeWeights, features, modelPaths, predictLabel, staticFeatures, viewOf, type PerceptronMeta, type Weights } from "../src/nlp/perceptron.js";
import { seededRandom as rng } from "../src/util/random.js";
import { gazetteerTags } from "../src/nlp/ner.js";
import { gazetteer } from "../src/nlp/gazetteer.js";
import { matchKey } from "../src/nlp/names.js";
import { bioSpans, formatScores, GMB_LAST, GMB_TEST_FROM, gumSentences, loadGmb, loadGum, SpanScore, type LabelledSentence } from "./ner/data.js";

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const EPOCHS = Number(arg("--epochs", "6"));
const PRUNE = Number(arg("--prune", "0.5"));
const WITH_GUM = !args.includes("--no-gum");

interface Sent extends LabelledSentence {
  gaz: string[];
}

/**
 * Averaged-perceptron training over integer feature rows (the same features and decoding as
 * {@link features}/{@link predictLabel}, interned once so each epoch is arithmetic on typed arrays):
 * label-independent features are row ids fixed per token; the label-dependent ones (t1, t2, t1w, t1s,
 * t1g) are rows in tables indexed by the previous label(s) and the token's word, shape and gazetteer ids.
 */
function train(sents: Sent[]): Weights {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const intern = (f: string): number => {
    let id = ids.get(f);
    if (id === undefined) {
      id = names.length;
      names.push(f);
      ids.set(f, id);
    }
    return id;
  };
  const words = new Map<string, number>();
  const shapes = new Map<string, number>();
  const gazes = new Map<string, number>();
  const small = (m: Map<string, number>, k: string): number => {
    let id = m.get(k);
    if (id === undefined) m.set(k, (id = m.size));
    return id;
  };
  // per token: offset into staticIds, count; plus word/shape/gaz ids
  const offsets: number[] = [];
  const staticIds: number[] = [];
  const wordId: number[] = [];
  const shapeId: number[] = [];
  const gazId: number[] = [];
  const sentStart: number[] = [];
  const gold: number[] = [];
  for (const s of sents) {
    const v = viewOf(s.words, s.gaz);
    sentStart.push(offsets.length);
    for (let i = 0; i < s.words.length; i++) {
      offsets.push(staticIds.length);
      for (const f of staticFeatures(v, i)) staticIds.push(intern(f));
      wordId.push(small(words, v.lower[i]!));
      shapeId.push(small(shapes, v.shapes[i]!));
      gazId.push(small(gazes, v.gaz[i] || "-"));
      gold.push(s.labels[i]!);
    }
  }
  sentStart.push(offsets.length);
  offsets.push(staticIds.length);
  const nStatic = names.length;
  const L = N_LABELS;
  const T1 = nStatic;
  const T2 = T1 + L;
  const T1W = T2 + L * L;
  const T1S = T1W + L * words.size;
  const T1G = T1S + L * shapes.size;
  const rows = T1G + L * gazes.size;
  console.error(`${nStatic} static features, ${words.size} words, ${shapes.size} shapes, ${gazes.size} gazetteer tags: ${rows} rows`);
  const w = new Float32Array(rows * L);
  const tot = new Float64Array(rows * L);
  const stamp = new Int32Array(rows * L);
  let clock = 0;
  const scores = new Float64Array(L);
  const allowed = new Uint8Array(L * L);
  for (let p = 0; p < L; p++) for (let l = 0; l < L; l++) allowed[p * L + l] = !LABELS[l]!.startsWith("I-") || (LABELS[p] !== "O" && LABELS[p]!.slice(2) === LABELS[l]!.slice(2)) ? 1 : 0;
  const active: number[] = [];
  const bump = (row: number, label: number, delta: number): void => {
    const k = row * L + label;
    tot[k] += (clock - stamp[k]!) * w[k]!;
    stamp[k] = clock;
    w[k] += delta;
  };
  const random = rng(20240619);
  const order = sents.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let correct = 0;
    let total = 0;
    for (const si of order) {
      let prev = 0;
      let prev2 = 0;
      for (let t = sentStart[si]!; t < sentStart[si + 1]!; t++) {
        clock++;
        active.length = 0;
        for (let k = offsets[t]!; k < offsets[t + 1]!; k++) active.push(staticIds[k]!);
        active.push(T1 + prev, T2 + prev2 * L + prev, T1W + prev * words.size + wordId[t]!, T1S + prev * shapes.size + shapeId[t]!, T1G + prev * gazes.size + gazId[t]!);
        scores.fill(0);
        for (const r of active) {
          const base = r * L;
          for (let k = 0; k < L; k++) scores[k] += w[base + k]!;
        }
        let guess = 0;
        let best = -Infinity;
        for (let k = 0; k < L; k++) {
          if (allowed[prev * L + k] === 0) continue;
          if (scores[k]! > best) {
            best = scores[k]!;
            guess = k;
          }
        }
        const truth = gold[t]!;
        if (guess !== truth) {
          for (const r of active) {
            bump(r, truth, 1);
            bump(r, guess, -1);
          }
        } else correct++;
        total++;
        prev2 = prev;
        prev = guess;
      }
    }
    console.error(`epoch ${epoch + 1}/${EPOCHS}: train token accuracy ${((correct / total) * 100).toFixed(2)}% (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // average, and name the rows that carry weight
  const wordNames = [...words.keys()];
  const shapeNames = [...shapes.keys()];
  const gazNames = [...gazes.keys()];
  const rowName = (r: number): string => {
    if (r < T1) return names[r]!;
    if (r < T2) return "t1=" + LABELS[r - T1];
    if (r < T1W) return "t2=" + LABELS[Math.floor((r - T2) / L)] + "|" + LABELS[(r - T2) % L];
    if (r < T1S) return "t1w=" + LABELS[Math.floor((r - T1W) / words.size)] + "|" + wordNames[(r - T1W) % words.size];
    if (r < T1G) return "t1s=" + LABELS[Math.floor((r - T1S) / shapes.size)] + "|" + shapeNames[(r - T1S) % shapes.size];
    return "t1g=" + LABELS[Math.floor((r - T1G) / gazes.size)] + "|" + gazNames[(r - T1G) % gazes.size];
  };
  const weights: Weights = new Map();
  for (let r = 0; r < rows; r++) {
    let any = false;
    const out = new Float32Array(L);
    for (let k = 0; k < L; k++) {
      const i = r * L + k;
      const avg = (tot[i]! + (clock - stamp[i]!) * w[i]!) / clock;
      out[k] = avg;
      if (avg !== 0) any = true;
    }
    if (any) weights.set(rowName(r), out);
  }
  return weights;
}

function evaluate(weights: Weights, sents: Sent[]): ReturnType<SpanScore["result"]> {
  const score = new SpanScore();
  const scores = new Float64Array(N_LABELS);
  for (const s of sents) {
    const v = viewOf(s.words, s.gaz);
    const pred: number[] = [];
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < s.words.length; i++) {
      const l = predictLabel(weights, features(v, i, LABELS[prev]!, LABELS[prev2]!), prev, scores);
      pred.push(l);
      prev2 = prev;
      prev = l;
    }
    score.add(bioSpans(s.labels), bioSpans(pred));
  }
  return score.result();
}

const t0 = Date.now();
const gaz = gazetteer();
const withGaz = (x: LabelledSentence): Sent => ({ ...x, gaz: gazetteerTags(x.words) });
const { train: gmbTrain, test: gmbTest } = loadGmb();
const isCountry = (name: string): boolean => gaz.lookup(matchKey(name.replace(/^the\s+/i, "")))?.names.some((n) => n.entity.type === "country" && n.via !== "demonym") === true;
const isTitle = (): boolean => false;
const B_PLACE = LABELS.indexOf("B-place");
const I_PLACE = LABELS.indexOf("I-place");
const B_COUNTRY = LABELS.indexOf("B-country");
const I_COUNTRY = LABELS.indexOf("I-country");
/** GUM sentences in GMB's convention: countries are places, known demonyms are "country". */
const gmbStyle = (x: Sent): Sent => {
  const labels = x.labels.map((l) => (l === B_COUNTRY ? B_PLACE : l === I_COUNTRY ? I_PLACE : l));
  x.gaz.forEach((g, i) => {
    if (g === "demonym" && labels[i] === 0) labels[i] = B_COUNTRY;
  });
  return { ...x, labels };
};
const gumTrain = WITH_GUM ? gumSentences(loadGum("train", isCountry, isTitle)).map(withGaz).map(gmbStyle) : [];
const gumDev = gumSentences(loadGum("dev", isCountry, isTitle)).map(withGaz).map(gmbStyle);
const trainSents = [...gmbTrain.map(withGaz), ...gumTrain];
const test = gmbTest.map(withGaz);
console.error(`loaded ${gmbTrain.length} GMB + ${gumTrain.length} GUM train / ${test.length} GMB test / ${gumDev.length} GUM dev sentences in ${Date.now() - t0} ms`);
const weights = train(trainSents);
console.error(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(formatScores("held-out GMB test block (sentences 43,164–47,958), exact span match:", evaluate(weights, test)));
console.log(formatScores("GUM dev (permitted genres; GMB convention: countries as places), exact span match:", evaluate(weights, gumDev)));

// prune, quantise, and evaluate what is actually shipped
const kept: Weights = new Map();
for (const [f, w] of weights) {
  let max = 0;
  for (let k = 0; k < N_LABELS; k++) max = Math.max(max, Math.abs(w[k]!));
  if (max >= PRUNE) kept.set(f, Float32Array.from(w, (x) => (Math.abs(x) < PRUNE / 2 ? 0 : Math.round(x * 100) / 100)));
}
const binary = encodeWeights(kept);
const shippedWeights = decodeWeights(binary);
const prunedEval = evaluate(shippedWeights, test);
const prunedGum = evaluate(shippedWeights, gumDev);
console.log(`after pruning |w| < ${PRUNE} and rounding to 0.01: ${kept.size} of ${weights.size} features; ALL F1 ${prunedEval.ALL?.f1}`);
const meta: PerceptronMeta = {
  version: 2,
  featureSet: FEATURE_SET,
  labels: LABELS,
  features: kept.size,
  trainedOn: `GMB extract (Kaggle "Annotated Corpus for Named Entity Recognition"), sentences 1-${GMB_TEST_FROM - 1}${WITH_GUM ? ", plus GUM train (UD 2.16) permitted genres (no essay/fiction/letter/podcast/whow)" : ""}, ${EPOCHS} epochs, seed 20240619, pruned at ${PRUNE}`,
  evaluation: { split: `GMB test = sentences ${GMB_TEST_FROM}-${GMB_LAST}, exact span match`, gmb: prunedEval, gumDev: prunedGum },
};
const paths = modelPaths();
const gz = gzipSync(binary, { level: 9 });
writeFileSync(paths.weights, gz);
writeFileSync(paths.meta, JSON.stringify(meta, null, 2) + "\n");
console.log(`wrote ${paths.weights} (${(gz.length / 1024 / 1024).toFixed(2)} MB) and ${paths.meta}`);
