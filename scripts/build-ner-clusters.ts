/**
 * Builds distributional word clusters for the name tagger (src/nlp/perceptron.ts reads them as features):
 * data/nlp/ner-clusters.tsv.gz, one "word<TAB>path" line per lower-cased word, path = two hex digits
 * (16 top clusters × 16 sub-clusters, a two-level hierarchy in the spirit of Brown clusters' bit paths).
 *
 * Text (all permitted to ship models from): the GMB extract's train block (sentences before the NER dev and
 * held-out blocks), UD English EWT train, GUM train of the permitted genres (never essay/fiction/letter/podcast/
 * whow), and the Zyte benchmark's gold article bodies (../shared/bench/extraction-zyte/ground-truth.json).
 * Method: words seen at least MIN_COUNT times; each described by PPMI-weighted counts of its left and right
 * neighbours among the 1,000 commonest words, randomly projected (seeded) to 96 dimensions and normalised;
 * k-means (k-means++ seeding, fixed seed) at two levels. Deterministic: same inputs, same file.
 *
 * Usage: npx tsx scripts/build-ner-clusters.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { join } from "node:path";
import { seededRandom } from "../src/util/random.js";
import { dataPath } from "../src/util/paths.js";
import { tokenize } from "../src/nlp/tokenize.js";
import { GMB_DEV_FROM, GUM_NC_GENRES, loadGmbBlocks, SHARED } from "./ner/data.js";

const MIN_COUNT = 3;
const CONTEXTS = 1000;
const DIMS = 96;
const TOP = 16;
const SUB = 16;

/** Sentences of lower-cased words from every source. */
function corpus(): string[][] {
  const out: string[][] = [];
  const { train } = loadGmbBlocks();
  for (const s of train) out.push(s.words.map((w) => w.toLowerCase()));
  console.error(`GMB train block (< sentence ${GMB_DEV_FROM}): ${out.length} sentences`);
  for (const file of ["en_ewt-ud-train.conllu.gz", "en_gum-ud-train.conllu.gz"]) {
    const raw = gunzipSync(readFileSync(join(SHARED, "data", "ud-english", file))).toString("utf8");
    let skip = false;
    let sent: string[] = [];
    for (const line of raw.split("\n")) {
      if (line.startsWith("# newdoc id = "))
        skip = file.includes("gum") && GUM_NC_GENRES.has(line.slice(14).trim().split("_")[1] ?? "");
      if (skip || line.startsWith("#")) continue;
      if (line.trim() === "") {
        if (sent.length) out.push(sent);
        sent = [];
        continue;
      }
      const cols = line.split("\t");
      if (/^\d+$/.test(cols[0]!)) sent.push(cols[1]!.toLowerCase());
    }
  }
  console.error(`+ EWT train, GUM train (permitted genres): ${out.length} sentences`);
  const gold = JSON.parse(
    readFileSync(join(SHARED, "bench", "extraction-zyte", "ground-truth.json"), "utf8"),
  ) as Record<string, { articleBody?: string }>;
  for (const key of Object.keys(gold).sort()) {
    const body = gold[key]!.articleBody;
    if (!body) continue;
    const { tokens, sentences } = tokenize(body);
    for (let s = 0; s < sentences.length; s++)
      out.push(tokens.filter((t) => t.sentence === s).map((t) => t.text.toLowerCase()));
  }
  console.error(`+ Zyte gold bodies: ${out.length} sentences`);
  return out;
}

/** k-means over rows of `x` (n × DIMS, unit rows), cosine via dot product; deterministic k-means++ seeding. */
function kmeans(x: Float32Array, rows: number[], k: number, random: () => number, iterations = 20): Int32Array {
  const n = rows.length;
  const assign = new Int32Array(n);
  if (n <= k) {
    for (let i = 0; i < n; i++) assign[i] = i;
    return assign;
  }
  const centres = new Float32Array(k * DIMS);
  const dist = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centres.set(x.subarray(rows[pick]! * DIMS, rows[pick]! * DIMS + DIMS), c * DIMS);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      const r = rows[i]! * DIMS;
      for (let d = 0; d < DIMS; d++) dot += x[r + d]! * centres[c * DIMS + d]!;
      const dd = Math.max(0, 2 - 2 * dot);
      if (dd < dist[i]!) dist[i] = dd;
      total += dist[i]!;
    }
    let t = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      t -= dist[i]!;
      if (t <= 0) {
        pick = i;
        break;
      }
    }
  }
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i]! * DIMS;
      let best = 0;
      let bestDot = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let d = 0; d < DIMS; d++) dot += x[r + d]! * centres[c * DIMS + d]!;
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      if (assign[i] !== best) moved++;
      assign[i] = best;
    }
    centres.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rows[i]! * DIMS;
      const c = assign[i]! * DIMS;
      for (let d = 0; d < DIMS; d++) centres[c + d] += x[r + d]!;
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < DIMS; d++) norm += centres[c * DIMS + d]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < DIMS; d++) centres[c * DIMS + d]! /= norm;
    }
    if (moved === 0) break;
  }
  return assign;
}

const t0 = Date.now();
const sents = corpus();
const freq = new Map<string, number>();
for (const s of sents) for (const w of s) freq.set(w, (freq.get(w) ?? 0) + 1);
const byFreq = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const vocab = byFreq.filter(([, n]) => n >= MIN_COUNT).map(([w]) => w);
const vid = new Map(vocab.map((w, i) => [w, i]));
const ctx = new Map(byFreq.slice(0, CONTEXTS).map(([w], i) => [w, i]));
// left contexts 0..C-1, right contexts C..2C-1, sentence edges as their own contexts
const C2 = 2 * CONTEXTS + 2;
const counts: Array<Map<number, number>> = vocab.map(() => new Map());
const colTotals = new Float64Array(C2);
let grand = 0;
for (const s of sents) {
  for (let i = 0; i < s.length; i++) {
    const v = vid.get(s[i]!);
    if (v === undefined) continue;
    const left = i === 0 ? 2 * CONTEXTS : ctx.get(s[i - 1]!);
    const right = i + 1 === s.length ? 2 * CONTEXTS + 1 : ctx.get(s[i + 1]!);
    for (const c of [left, right === undefined || right >= 2 * CONTEXTS ? right : right + CONTEXTS]) {
      if (c === undefined) continue;
      counts[v]!.set(c, (counts[v]!.get(c) ?? 0) + 1);
      colTotals[c]! += 1;
      grand++;
    }
  }
}
// PPMI, random ±1 projection (seeded), unit rows
const random = seededRandom(20261207);
const proj = new Float32Array(C2 * DIMS);
for (let i = 0; i < proj.length; i++) proj[i] = random() < 0.5 ? -1 : 1;
const x = new Float32Array(vocab.length * DIMS);
for (let v = 0; v < vocab.length; v++) {
  let rowTotal = 0;
  for (const n of counts[v]!.values()) rowTotal += n;
  const r = v * DIMS;
  for (const [c, n] of counts[v]!) {
    const pmi = Math.log((n * grand) / (rowTotal * colTotals[c]!));
    if (pmi <= 0) continue;
    for (let d = 0; d < DIMS; d++) x[r + d] += pmi * proj[c * DIMS + d]!;
  }
  let norm = 0;
  for (let d = 0; d < DIMS; d++) norm += x[r + d]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIMS; d++) x[r + d]! /= norm;
}
console.error(`${vocab.length} words (count ≥ ${MIN_COUNT}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; clustering`);
const all = vocab.map((_, i) => i);
const top = kmeans(x, all, TOP, random);
const path = new Array<string>(vocab.length);
for (let c = 0; c < TOP; c++) {
  const members = all.filter((i) => top[i] === c);
  const sub = kmeans(x, members, SUB, random);
  members.forEach((v, j) => (path[v] = c.toString(16) + sub[j]!.toString(16)));
}
const lines = vocab
  .map((w, i) => [w, path[i]!] as const)
  .filter(([w]) => !/[\t\n]/.test(w))
  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const gz = gzipSync(lines.map(([w, p]) => `${w}\t${p}`).join("\n") + "\n", { level: 9 });
writeFileSync(dataPath("nlp", "ner-clusters.tsv.gz"), gz);
console.error(
  `wrote data/nlp/ner-clusters.tsv.gz: ${lines.length} words, ${(gz.length / 1024).toFixed(0)} KB, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
for (const probe of ["moscow", "paris", "john", "smith", "ministry", "reuters", "said", "monday", "bank", "president"])
  console.error(
    `  ${probe}: ${path[vid.get(probe) ?? -1] ?? "-"} ${vocab
      .filter((_, i) => path[i] === path[vid.get(probe) ?? -1])
      .slice(0, 12)
      .join(" ")}`,
  );
