/**
 * Trains the second-stage arc labeler (src/nlp/parse/relabel.ts) on the gold trees of UD English EWT
 * train + the commercially usable GUM train genres, with jackknifed tags (each fold tagged by a
 * tagger trained on the other folds, as the parser's training data), and picks the epoch by dev LAS
 * of the shipped parser's trees relabelled (EWT dev + GUM dev, same genre filter). Writes
 * `relabeler.bin.gz` beside the shipped parser. Deterministic: fixed seed and order, one thread.
 *
 * Usage: node dist/scripts/train-relabeler.js [--epochs 12] [--patience 3] [--jackknife 4]
 *        [--fold-epochs 4] [--prune 0.5] [--seed 11] [--limit N] [--tags-cache FILE] [--dir DIR] [--dry]
 * `--tags-cache` keeps the jackknifed tags in a file between experiments; `--dry` writes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { packageRoot } from "../src/util/paths.js";
import { seededRandom, shuffled } from "../src/util/random.js";
import { isPermitted, readConllu, type UdSentence } from "../src/nlp/parse/conllu.js";
import { AveragedPerceptron, type Scorer } from "../src/nlp/parse/perceptron.js";
import { hashWords, tagIds, trainTagSentence, type WordHashes } from "../src/nlp/parse/tagger.js";
import { lastArcScores, parseIds, parserInput, type ParserInput } from "../src/nlp/parse/parser.js";
import { relabelTree, trainRelabelSentence } from "../src/nlp/parse/relabel.js";
import { defaultModelDir, loadModel, MODEL_FILES, RELABEL_VERSION } from "../src/nlp/parse/model.js";

const args = process.argv.slice(2);
function opt(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
function str(name: string): string | null {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : null;
}
const EPOCHS = opt("epochs", 12);
const PATIENCE = opt("patience", 3);
const JACKKNIFE = opt("jackknife", 4);
const FOLD_EPOCHS = opt("fold-epochs", 4);
const PRUNE = opt("prune", 0.5);
/** Weights of the first-stage scores tried on dev (0: the second stage alone). */
const WEIGHTS = (str("weights") ?? "0,0.5,1,1.5,2,3").split(",").map(Number);
const PREDICTED_HISTORY = args.includes("--predicted-history");
/** Train on the shipped parser's trees of the training sentences instead of the gold trees. */
const PARSED = args.includes("--parsed-trees");
const SEED = opt("seed", 11);
const LIMIT = opt("limit", 0);
const CACHE = str("tags-cache");
const DIR = str("dir") ?? defaultModelDir();
const DRY = args.includes("--dry");

const UD = join(packageRoot(), "..", "shared", "data", "ud-english");
const t0 = performance.now();
function log(msg: string): void {
  console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)}s] ${msg}`);
}
const load = (file: string): UdSentence[] => readConllu(join(UD, file)).filter(isPermitted);

let train = [...load("en_ewt-ud-train.conllu.gz"), ...load("en_gum-ud-train.conllu.gz")];
const dev = [...load("en_ewt-ud-dev.conllu.gz"), ...load("en_gum-ud-dev.conllu.gz")];
if (LIMIT > 0) train = train.slice(0, LIMIT);
log(`train ${train.length} sentences; dev ${dev.length} sentences (GUM non-commercial genres left out)`);

const model = loadModel(DIR);
if (model.clusters) {
  // this script hashes words without clusters: it would train on other tags and trees than the model's
  console.error(`train-relabeler: ${DIR} uses word clusters, which this script does not read yet`);
  process.exit(2);
}
const { tags, labels } = model.meta;
const tagId = new Map(tags.map((t, i) => [t, i]));
const labelId = new Map(labels.map((l, i) => [l, i]));
const ROOT = labels.length;

interface Item {
  h: WordHashes;
  goldTags: Int32Array;
  gold: Int32Array;
  goldLabel: Int32Array;
  x?: ParserInput;
  tree?: Int32Array;
}
function prepare(s: UdSentence): Item {
  const n = s.words.length;
  return {
    h: hashWords(s.words),
    goldTags: Int32Array.from(s.words, (_, i) => tagId.get(`${s.upos[i]}|${s.xpos[i]}`) ?? 0),
    gold: Int32Array.from(s.head, (h) => (h === -1 ? n : h)),
    goldLabel: Int32Array.from(s.deprel, (d) => (d === "root" ? ROOT : (labelId.get(d) ?? labelId.get("dep") ?? 0))),
  };
}
const trainP = train.map(prepare);

// 1. jackknifed tags for the training trees
const cacheKey = `${train.length}:${JACKKNIFE}:${FOLD_EPOCHS}:${SEED}:${tags.length}`;
let cached: { key: string; tags: number[][] } | null = null;
if (CACHE && existsSync(CACHE)) cached = JSON.parse(readFileSync(CACHE, "utf8")) as { key: string; tags: number[][] };
if (cached && cached.key === cacheKey) {
  trainP.forEach((p, i) => (p.x = parserInput(p.h.word, cached!.tags[i]!)));
  log("jackknifed tags read from the cache");
} else {
  for (let k = 0; k < JACKKNIFE; k++) {
    const rest = trainP.filter((_, i) => i % JACKKNIFE !== k);
    const m = new AveragedPerceptron(tags.length);
    const rand = seededRandom(SEED + k + 1);
    for (let e = 0; e < FOLD_EPOCHS; e++) for (const p of shuffled(rest, rand)) trainTagSentence(m, p.h, p.goldTags);
    const snap = m.averaged();
    let ok = 0;
    let all = 0;
    trainP.forEach((p, i) => {
      if (i % JACKKNIFE !== k) return;
      const t = tagIds(snap, p.h);
      for (let j = 0; j < t.length; j++, all++) if (t[j] === p.goldTags[j]) ok++;
      p.x = parserInput(p.h.word, t);
    });
    log(`jackknife fold ${k + 1}/${JACKKNIFE}: tag accuracy ${(ok / all).toFixed(4)}`);
  }
  if (CACHE)
    writeFileSync(
      CACHE,
      JSON.stringify({ key: cacheKey, tags: trainP.map((p) => Array.from(p.x!.tag.subarray(0, p.h.n))) }),
    );
}

/** A second stage that adds nothing: the parse keeps the first-stage labels and leaves their scores. */
const silent: Scorer = { nClasses: labels.length, score: () => undefined };

// 2. the shipped parser's trees on dev (tagged by the shipped tagger), relabelled each epoch
const devItems = dev.map((s) => {
  const h = hashWords(s.words);
  const x = parserInput(h.word, tagIds(model.tagger, h));
  const p = parseIds(model.mover, model.labeler, x, ROOT, silent, 1);
  const n = s.words.length;
  const head = Int32Array.from(p.head, (v) => (v === -1 ? n : v));
  return { s, x, head, first: p.label, prior: lastArcScores(n, labels.length) };
});
function devLas(relabeler: Scorer | null, weight = 1): { uas: number; las: number } {
  let words = 0;
  let uas = 0;
  let las = 0;
  const label = new Int32Array(512);
  for (const it of devItems) {
    const n = it.s.words.length;
    const lab = label.length >= n ? label.subarray(0, n) : new Int32Array(n);
    if (relabeler) relabelTree(relabeler, it.x, it.head, ROOT, lab, weight > 0 ? it.prior : null, weight);
    else lab.set(it.first);
    for (let i = 0; i < n; i++) {
      words++;
      const h = it.head[i] === n ? -1 : it.head[i];
      if (h !== it.s.head[i]) continue;
      uas++;
      if ((lab[i] === ROOT ? "root" : labels[lab[i]!]) === it.s.deprel[i]) las++;
    }
  }
  return { uas: uas / words, las: las / words };
}
const base = devLas(null);
log(`dev, shipped parser with its first-stage labels: UAS ${base.uas.toFixed(4)} LAS ${base.las.toFixed(4)}`);

if (PARSED) {
  for (const p of trainP) {
    const r = parseIds(model.mover, model.labeler, p.x!, ROOT);
    p.tree = Int32Array.from(r.head, (v) => (v === -1 ? p.h.n : v));
  }
  log("training sentences parsed by the shipped parser (jackknifed tags)");
}

// 3. the relabeler
const relabeler = new AveragedPerceptron(labels.length);
const rand = seededRandom(SEED * 31 + 1);
let best: { model: ReturnType<AveragedPerceptron["averaged"]>; epoch: number; las: number; weight: number } | null =
  null;
let since = 0;
for (let e = 1; e <= EPOCHS; e++) {
  let ok = 0;
  let all = 0;
  for (const p of shuffled(trainP, rand)) {
    ok += trainRelabelSentence(relabeler, p.x!, p.gold, p.goldLabel, ROOT, PREDICTED_HISTORY, p.tree ?? p.gold);
    all += p.h.n;
  }
  const snap = relabeler.averaged();
  const tried = WEIGHTS.map((w) => ({ w, las: devLas(snap, w).las }));
  const top = tried.reduce((a, b) => (b.las > a.las ? b : a));
  log(
    `epoch ${e}: train ${(ok / all).toFixed(4)}, dev LAS by first-stage weight ${tried.map((t) => `${t.w}:${t.las.toFixed(4)}`).join(" ")} (${relabeler.index.count} rows)`,
  );
  if (!best || top.las > best.las) {
    best = { model: snap, epoch: e, las: top.las, weight: top.w };
    since = 0;
  } else if (++since >= PATIENCE) break;
}
const q = best!.model.quantize(PRUNE);
const shipped = devLas(q, best!.weight);
const gz = gzipSync(q.encode(), { level: 9 });
log(
  `best epoch ${best!.epoch}, first-stage weight ${best!.weight}; int8, rows below ${PRUNE} pruned (${q.rows} rows, ${gz.length} bytes gzip): dev LAS ${shipped.las.toFixed(4)} (was ${base.las.toFixed(4)})`,
);
if (!DRY) {
  writeFileSync(join(DIR, MODEL_FILES.relabeler), gz);
  const metaFile = join(DIR, MODEL_FILES.meta);
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as Record<string, unknown>;
  meta.relabeler = {
    version: RELABEL_VERSION,
    data: "gold trees of UD English EWT train + GUM train without essay/fiction/letter/podcast/whow (UD 2.16), jackknifed tags",
    seed: SEED,
    jackknife: JACKKNIFE,
    foldEpochs: FOLD_EPOCHS,
    epochs: best!.epoch,
    priorWeight: best!.weight,
    predictedHistory: PREDICTED_HISTORY,
    trees: PARSED ? "the shipped parser's trees of the training sentences" : "gold",
    prune: PRUNE,
    dev: { lasBefore: +base.las.toFixed(4), lasAfter: +shipped.las.toFixed(4) },
  };
  writeFileSync(metaFile, JSON.stringify(meta, null, 1) + "\n");
  log(`wrote ${join(DIR, MODEL_FILES.relabeler)}`);
}
