/**
 * Trains the averaged-perceptron name tagger (src/nlp/perceptron.ts) on the GMB extract in
 * ../shared/data/ner/ner_dataset.csv.gz and writes pruned weights to data/nlp/ner-perceptron.json.gz.
 *
 * Split (by sentence number, contiguous, as the corpus README suggests): train 1–43,163, test
 * 43,164–47,958 (47,959 is truncated and dropped). Labels: per→person, org→organization,
 * gpe→country (demonyms), geo→place; tim/art/eve/nat → O. Deterministic: seeded shuffle per epoch.
 *
 * Usage: npx tsx scripts/train-ner.ts [--epochs 6] [--prune 0.05] [--data PATH]
 * Prints per-type precision/recall/F1 (exact span match) on the test block.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { FEATURE_SET, LABELS, N_LABELS, decodeWeights, encodeWeights, features, modelPaths, predictLabel, viewOf, type PerceptronMeta, type Weights } from "../src/nlp/perceptron.js";
import { seededRandom as rng } from "../src/util/random.js";

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const EPOCHS = Number(arg("--epochs", "6"));
const PRUNE = Number(arg("--prune", "0.05"));
const DATA = arg("--data", join(packageRoot(), "..", "shared", "data", "ner", "ner_dataset.csv.gz"));
const TEST_FROM = 43164;
const LAST = 47958;

interface Sent {
  words: string[];
  labels: number[];
}

/** Windows-1252 bytes → string (Node's latin1 leaves 0x80–0x9F as C1 controls; fix the seven used). */
function decodeCp1252(buf: Buffer): string {
  const map: Record<string, string> = { "\u0085": "…", "\u0091": "‘", "\u0092": "’", "\u0093": "“", "\u0094": "”", "\u0096": "–", "\u0097": "—" };
  return buf.toString("latin1").replace(/[\u0085\u0091-\u0094\u0096\u0097]/g, (c) => map[c]!);
}

/** Minimal RFC 4180 line parser (fields may be quoted; "" is a quote). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let val = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            val += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        val += line[i++];
      }
      out.push(val);
      i++; // comma
    } else {
      const j = line.indexOf(",", i);
      if (j < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, j));
      i = j + 1;
    }
  }
  return out;
}

const TYPE_MAP: Record<string, string> = { per: "person", org: "organization", gpe: "country", geo: "place" };

function load(): { train: Sent[]; test: Sent[] } {
  const text = decodeCp1252(gunzipSync(readFileSync(DATA)));
  const lines = text.split(/\r?\n/);
  const train: Sent[] = [];
  const test: Sent[] = [];
  let cur: Sent | null = null;
  let num = 0;
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.length === 0) continue;
    const [sent, word, , tag] = parseCsvLine(line);
    if (sent && sent.startsWith("Sentence:")) {
      if (cur && num <= LAST) (num >= TEST_FROM ? test : train).push(cur);
      num = Number(sent.slice(9).trim());
      cur = { words: [], labels: [] };
    }
    if (!cur || word === undefined || tag === undefined) continue;
    let label = "O";
    if (tag !== "O") {
      const [bio, type] = tag.split("-");
      const mapped = TYPE_MAP[type!];
      if (mapped) label = `${bio}-${mapped}`;
    }
    // an I- whose B- was dropped becomes B-
    let idx = LABELS.indexOf(label as (typeof LABELS)[number]);
    if (label.startsWith("I-")) {
      const prev = cur.labels[cur.labels.length - 1];
      if (prev === undefined || LABELS[prev]!.slice(2) !== label.slice(2)) idx = LABELS.indexOf(("B-" + label.slice(2)) as (typeof LABELS)[number]);
    }
    cur.words.push(word);
    cur.labels.push(idx);
  }
  if (cur && num <= LAST) (num >= TEST_FROM ? test : train).push(cur);
  return { train, test };
}

function train(sents: Sent[]): Weights {
  const weights: Weights = new Map();
  const totals = new Map<string, Float64Array>();
  const stamps = new Map<string, Float64Array>();
  let clock = 0;
  const scores = new Float64Array(N_LABELS);
  const update = (f: string, label: number, delta: number): void => {
    let w = weights.get(f);
    if (!w) {
      w = new Float32Array(N_LABELS);
      weights.set(f, w);
      totals.set(f, new Float64Array(N_LABELS));
      stamps.set(f, new Float64Array(N_LABELS));
    }
    const tot = totals.get(f)!;
    const st = stamps.get(f)!;
    tot[label]! += (clock - st[label]!) * w[label]!;
    st[label] = clock;
    w[label]! += delta;
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
      const s = sents[si]!;
      const v = viewOf(s.words);
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < s.words.length; i++) {
        clock++;
        const feats = features(v, i, LABELS[prev]!, LABELS[prev2]!);
        const guess = predictLabel(weights, feats, prev, scores);
        const truth = s.labels[i]!;
        if (guess !== truth) {
          for (const f of feats) {
            update(f, truth, 1);
            update(f, guess, -1);
          }
        } else correct++;
        total++;
        // train on the predicted history (greedy decoding sees its own mistakes)
        prev2 = prev;
        prev = guess;
      }
    }
    console.error(`epoch ${epoch + 1}/${EPOCHS}: train token accuracy ${(correct / total * 100).toFixed(2)}%, ${weights.size} features`);
  }
  // average
  for (const [f, w] of weights) {
    const tot = totals.get(f)!;
    const st = stamps.get(f)!;
    for (let k = 0; k < N_LABELS; k++) {
      const sum = tot[k]! + (clock - st[k]!) * w[k]!;
      w[k] = sum / clock;
    }
  }
  return weights;
}

function spans(labels: number[]): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  let start = -1;
  let type = "";
  for (let i = 0; i <= labels.length; i++) {
    const l = i < labels.length ? LABELS[labels[i]!]! : "O";
    if (start >= 0 && !(l.startsWith("I-") && l.slice(2) === type)) {
      out.push([start, i, type]);
      start = -1;
    }
    if (l.startsWith("B-") || (l.startsWith("I-") && start < 0)) {
      start = i;
      type = l.slice(2);
    }
  }
  return out;
}

function evaluate(weights: Weights, sents: Sent[]): Record<string, { p: number; r: number; f1: number; gold: number; overlapRecall: number }> {
  const stats = new Map<string, { tp: number; fp: number; fn: number; gold: number; overlap: number }>();
  const get = (t: string) => stats.get(t) ?? (stats.set(t, { tp: 0, fp: 0, fn: 0, gold: 0, overlap: 0 }), stats.get(t)!);
  const scores = new Float64Array(N_LABELS);
  for (const s of sents) {
    const v = viewOf(s.words);
    const pred: number[] = [];
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < s.words.length; i++) {
      const l = predictLabel(weights, features(v, i, LABELS[prev]!, LABELS[prev2]!), prev, scores);
      pred.push(l);
      prev2 = prev;
      prev = l;
    }
    const gold = spans(s.labels);
    const guess = spans(pred);
    const goldKeys = new Set(gold.map((g) => g.join()));
    const guessKeys = new Set(guess.map((g) => g.join()));
    for (const g of guess) {
      for (const t of [g[2], "ALL"]) {
        if (goldKeys.has(g.join())) get(t).tp++;
        else get(t).fp++;
      }
    }
    for (const g of gold) {
      for (const t of [g[2], "ALL"]) {
        get(t).gold++;
        if (!guessKeys.has(g.join())) get(t).fn++;
        if (guess.some((p) => p[0] < g[1] && g[0] < p[1])) get(t).overlap++;
      }
    }
  }
  const out: Record<string, { p: number; r: number; f1: number; gold: number; overlapRecall: number }> = {};
  for (const [t, s] of [...stats].sort()) {
    const p = s.tp / Math.max(1, s.tp + s.fp);
    const r = s.tp / Math.max(1, s.tp + s.fn);
    const round = (x: number) => Math.round(x * 1000) / 10;
    out[t] = { p: round(p), r: round(r), f1: round((2 * p * r) / Math.max(1e-9, p + r)), gold: s.gold, overlapRecall: round(s.overlap / Math.max(1, s.gold)) };
  }
  return out;
}

const t0 = Date.now();
const { train: trainSents, test } = load();
console.error(`loaded ${trainSents.length} train / ${test.length} test sentences in ${Date.now() - t0} ms`);
const weights = train(trainSents);
console.error(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const evaluation = evaluate(weights, test);
console.log("held-out GMB test block (sentences 43,164–47,958), exact span match:");
for (const [t, e] of Object.entries(evaluation)) console.log(`  ${t.padEnd(13)} P ${e.p.toFixed(1)}  R ${e.r.toFixed(1)}  F1 ${e.f1.toFixed(1)}  (gold ${e.gold}, overlap recall ${e.overlapRecall.toFixed(1)})`);

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
console.log(`after pruning |w| < ${PRUNE} and rounding to 0.01: ${kept.size} of ${weights.size} features; ALL F1 ${prunedEval.ALL?.f1}`);
const meta: PerceptronMeta = {
  version: 2,
  featureSet: FEATURE_SET,
  labels: LABELS,
  features: kept.size,
  trainedOn: `GMB extract (Kaggle "Annotated Corpus for Named Entity Recognition"), sentences 1-${TEST_FROM - 1}, ${EPOCHS} epochs, seed 20240619, pruned at ${PRUNE}`,
  evaluation: { split: `test = sentences ${TEST_FROM}-${LAST}, exact span match`, ...prunedEval },
};
const paths = modelPaths();
const gz = gzipSync(binary, { level: 9 });
writeFileSync(paths.weights, gz);
writeFileSync(paths.meta, JSON.stringify(meta, null, 2) + "\n");
console.log(`wrote ${paths.weights} (${(gz.length / 1024 / 1024).toFixed(2)} MB) and ${paths.meta}`);
