/**
 * Trains the dependency parser (tagger, move classifier, arc labeler) on UD English EWT train and the
 * commercially usable genres of GUM train, with EWT dev + GUM dev (same genres) for early stopping,
 * and writes the int8 weights to data/nlp/parser/. Deterministic: fixed seed, fixed order, no
 * threads, so the same data gives byte-identical weights.
 *
 * The parser is trained on tags predicted by jackknifed taggers (each fold tagged by a tagger that
 * never saw it), so it learns to cope with the tagger's mistakes as at run time.
 *
 * Usage: node dist/scripts/train-parser.js [--tag-epochs 10] [--parse-epochs 15] [--patience 3]
 *        [--jackknife 4] [--fold-epochs 4] [--explore 0.9] [--prune 0.5] [--seed 7] [--limit N] [--out DIR]
 * Ablations: [--drop-move 64,73,75] / [--drop-tag 3,4] leave out feature templates by output position
 * (moveFeatures / tagFeatures order; moveFeatures follows the group order of src/nlp/parse/move-features.ts
 * since decision 175, which lists template number per position); [--dev-limit N] caps dev with --limit; [--tag-only] stops after
 * the tagger (its dev accuracy is the result).
 * Word clusters: [--clusters FILE] gives the tagger cluster features; [--parser-clusters] gives them to the
 * move classifier and labeler too; [--tagger-into DIR] retrains only the tagger of the model in DIR.
 * Tag dictionary (src/nlp/parse/tagdict.ts; words frequent in train with one joint tag get it unscored):
 * built from the training sentences with [--tag-dict-count 5] [--tag-dict-share 0.98] and shipped with
 * the model ([--no-tag-dict] leaves it out); [--tag-dict-only] derives it for the model already in --out
 * (default data/nlp/parser) without retraining, scores dev with and without it and writes it;
 * [--tag-dict-grid] only prints dev scores of that model over a grid of thresholds (to choose them on dev).
 */
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { seededRandom, shuffled } from "../src/util/random.js";
import { isPermitted, readConllu, type UdSentence } from "../src/nlp/parse/conllu.js";
import { AveragedPerceptron, type DenseModel } from "../src/nlp/parse/perceptron.js";
import { copyFileSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  hashWords,
  parseWordClusters,
  setTagFeatureMask,
  type WordClusters,
  tagIds,
  trainTagSentence,
  type WordHashes,
} from "../src/nlp/parse/tagger.js";
import { parserInput, setMoveFeatureMask, trainParseSentence } from "../src/nlp/parse/parser.js";
import { scoreParser, scoringModelsOf } from "../src/nlp/parse/evaluate.js";
import {
  FEATURE_VERSION,
  loadModel,
  saveModel,
  saveTagDictionary,
  defaultModelDir,
  TAG_DICTIONARY_FILE,
  MODEL_FILES,
  type ParserMeta,
} from "../src/nlp/parse/model.js";
import { buildTagDictionary, type TagDictionaryThresholds } from "../src/nlp/parse/tagdict.js";
import { writeFileSync } from "node:fs";
import type { QuantizedModel } from "../src/nlp/parse/perceptron.js";
import { N_MOVES } from "../src/nlp/parse/transition.js";

const args = process.argv.slice(2);
function opt(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const TAG_EPOCHS = opt("tag-epochs", 10);
const PARSE_EPOCHS = opt("parse-epochs", 15);
const PATIENCE = opt("patience", 3);
const JACKKNIFE = opt("jackknife", 4);
/** Epochs of each jackknife tagger (at most the main tagger's best epoch). */
const FOLD_EPOCHS = opt("fold-epochs", 4);
const EXPLORE = opt("explore", 0.9);
const PRUNE = opt("prune", 0.5);
const SEED = opt("seed", 7);
const LIMIT = opt("limit", 0);
/** Comma-separated output positions to leave out (template ablation; see setMoveFeatureMask). */
function list(name: string): number[] {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]!.split(",").filter(Boolean).map(Number) : [];
}
setMoveFeatureMask(list("drop-move"));
setTagFeatureMask(list("drop-tag"));
const DEV_LIMIT = opt("dev-limit", 0);
/** Word-cluster file for the tagger's cluster features (none unless given). */
const clIdx = args.indexOf("--clusters");
const CLUSTERS_FILE = clIdx >= 0 ? args[clIdx + 1]! : null;
const CLUSTERS: WordClusters | null = CLUSTERS_FILE
  ? parseWordClusters(gunzipSync(readFileSync(args[clIdx + 1]!)).toString("utf8"))
  : null;
const TAG_ONLY = args.includes("--tag-only");
/** The move classifier and labeler read the clusters too (needs --clusters). */
const PARSER_CLUSTERS = args.includes("--parser-clusters");
if (PARSER_CLUSTERS && !CLUSTERS) {
  console.error("train-parser: --parser-clusters needs --clusters FILE");
  process.exit(2);
}
/** Model folder whose tagger is replaced by the one trained here (its parser kept); then stop. */
const TAGGER_INTO = (() => {
  const i = args.indexOf("--tagger-into");
  return i >= 0 ? args[i + 1]! : null;
})();
const outIdx = args.indexOf("--out");
const OUT = outIdx >= 0 ? args[outIdx + 1]! : defaultModelDir();
// An ablation model computes fewer features than the shipped parser reads: it must never replace it.
if (outIdx < 0 && (list("drop-move").length > 0 || list("drop-tag").length > 0)) {
  console.error(
    "train-parser: --drop-move/--drop-tag need --out DIR (an ablation must not overwrite the shipped model)",
  );
  process.exit(2);
}

const UD = join(packageRoot(), "..", "shared", "data", "ud-english");
const t0 = performance.now();
function log(msg: string): void {
  console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)}s] ${msg}`);
}

function load(file: string): UdSentence[] {
  const all = readConllu(join(UD, file));
  const kept = all.filter(isPermitted);
  log(`${file}: ${all.length} sentences, ${kept.length} kept (GUM non-commercial genres left out)`);
  return kept;
}

let train = [...load("en_ewt-ud-train.conllu.gz"), ...load("en_gum-ud-train.conllu.gz")];
let dev = [...load("en_ewt-ud-dev.conllu.gz"), ...load("en_gum-ud-dev.conllu.gz")];
if (LIMIT > 0) {
  train = train.slice(0, LIMIT);
  dev = dev.slice(0, DEV_LIMIT > 0 ? DEV_LIMIT : Math.max(200, LIMIT >> 3));
}
log(
  `train ${train.length} sentences, ${train.reduce((a, s) => a + s.words.length, 0)} words; dev ${dev.length} sentences`,
);

/** Names sorted by frequency (ties by name): a stable class numbering. */
function inventory(values: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}
const tags = inventory(train.flatMap((s) => s.words.map((_, i) => `${s.upos[i]}|${s.xpos[i]}`)));
const labels = inventory(train.flatMap((s) => s.deprel.filter((d) => d !== "root")));
const tagId = new Map(tags.map((t, i) => [t, i]));
const labelId = new Map(labels.map((l, i) => [l, i]));
const ROOT_LABEL = labels.length;
log(`${tags.length} joint tags, ${labels.length} arc labels`);

const TAG_DICT: TagDictionaryThresholds | null = args.includes("--no-tag-dict")
  ? null
  : { minCount: opt("tag-dict-count", 5), minShare: opt("tag-dict-share", 0.98) };
if (args.includes("--tag-dict-grid")) tagDictionaryGrid();
if (args.includes("--tag-dict-only")) tagDictionaryOnly();

interface Prepared {
  s: UdSentence;
  h: WordHashes;
  goldTags: Int32Array;
  gold: Int32Array;
  goldLabel: Int32Array;
  predTags: Int32Array;
}
function prepare(s: UdSentence): Prepared {
  const n = s.words.length;
  const goldTags = Int32Array.from(s.words, (_, i) => tagId.get(`${s.upos[i]}|${s.xpos[i]}`) ?? 0);
  const gold = Int32Array.from(s.head, (h) => (h === -1 ? n : h));
  const goldLabel = Int32Array.from(s.deprel, (d) =>
    d === "root" ? ROOT_LABEL : (labelId.get(d) ?? labelId.get("dep") ?? 0),
  );
  return { s, h: hashWords(s.words, CLUSTERS), goldTags, gold, goldLabel, predTags: goldTags };
}
const trainP = train.map(prepare);
const devP = dev.map(prepare);

function tagAccuracy(model: DenseModel, items: readonly Prepared[]): number {
  let ok = 0;
  let all = 0;
  for (const p of items) {
    const t = tagIds(model, p.h);
    for (let i = 0; i < t.length; i++, all++) if (t[i] === p.goldTags[i]) ok++;
  }
  return ok / all;
}

/** Trains a tagger for `epochs` epochs (or with early stopping on `devItems`); returns the best snapshot. */
function trainTagger(
  items: readonly Prepared[],
  epochs: number,
  devItems: readonly Prepared[] | null,
  seed: number,
): { model: DenseModel; epoch: number; acc: number } {
  const model = new AveragedPerceptron(tags.length);
  const rand = seededRandom(seed);
  let best: { model: DenseModel; epoch: number; acc: number } | null = null;
  let since = 0;
  for (let e = 1; e <= epochs; e++) {
    let ok = 0;
    let all = 0;
    for (const p of shuffled(items, rand)) {
      ok += trainTagSentence(model, p.h, p.goldTags);
      all += p.h.n;
    }
    if (!devItems) {
      if (e === epochs) best = { model: model.averaged(), epoch: e, acc: NaN };
      continue;
    }
    const snap = model.averaged();
    const acc = tagAccuracy(snap, devItems);
    log(`  tagger epoch ${e}: train ${(ok / all).toFixed(4)}, dev ${acc.toFixed(4)}, ${model.index.count} rows`);
    if (!best || acc > best.acc) {
      best = { model: snap, epoch: e, acc };
      since = 0;
    } else if (++since >= PATIENCE) break;
  }
  return best!;
}

// 1. tagger on all training data, early-stopped on dev
log("tagger: training");
const tagger = trainTagger(trainP, TAG_EPOCHS, devP, SEED);
log(`tagger: best epoch ${tagger.epoch}, dev joint-tag accuracy ${tagger.acc.toFixed(4)}`);
if (TAG_ONLY) process.exit(0);
if (TAGGER_INTO) replaceTagger(TAGGER_INTO);

// 2. jackknifed tags for the parser's training data
if (JACKKNIFE > 1) {
  for (let k = 0; k < JACKKNIFE; k++) {
    const rest = trainP.filter((_, i) => i % JACKKNIFE !== k);
    const fold = trainP.filter((_, i) => i % JACKKNIFE === k);
    const m = trainTagger(rest, Math.min(tagger.epoch, FOLD_EPOCHS), null, SEED + k + 1).model;
    for (const p of fold) p.predTags = tagIds(m, p.h);
    log(`jackknife fold ${k + 1}/${JACKKNIFE}: fold tag accuracy ${tagAccuracy(m, fold).toFixed(4)}`);
  }
} else {
  for (const p of trainP) p.predTags = tagIds(tagger.model, p.h);
}
for (const p of devP) p.predTags = tagIds(tagger.model, p.h);

// 3. parser
const mover = new AveragedPerceptron(N_MOVES);
const labeler = new AveragedPerceptron(labels.length);
const rand = seededRandom(SEED * 31 + 1);
let best: { mover: DenseModel; labeler: DenseModel; epoch: number; las: number; uas: number } | null = null;
let since = 0;
for (let e = 1; e <= PARSE_EPOCHS; e++) {
  const explore = e >= 2 ? EXPLORE : 0;
  let moves = 0;
  let moveErrors = 0;
  let arcs = 0;
  let labelErrors = 0;
  for (const p of shuffled(trainP, rand)) {
    const c = trainParseSentence(
      mover,
      labeler,
      parserInput(p.h.word, p.predTags, PARSER_CLUSTERS ? p.h.cluster : null),
      p.gold,
      p.goldLabel,
      ROOT_LABEL,
      explore,
      rand,
    );
    moves += c.moves;
    moveErrors += c.moveErrors;
    arcs += c.arcs;
    labelErrors += c.labelErrors;
  }
  const m = mover.averaged();
  const l = labeler.averaged();
  const sc = scoreParser(
    { tagger: tagger.model, mover: m, labeler: l, clusters: CLUSTERS, parserClusters: PARSER_CLUSTERS, tags, labels },
    dev,
  );
  log(
    `parser epoch ${e}: move errors ${(moveErrors / moves).toFixed(4)}, label errors ${(labelErrors / Math.max(1, arcs)).toFixed(4)}; ` +
      `dev UAS ${sc.uas.toFixed(4)} LAS ${sc.las.toFixed(4)} (${mover.index.count} + ${labeler.index.count} rows)`,
  );
  if (!best || sc.las > best.las) {
    best = { mover: m, labeler: l, epoch: e, las: sc.las, uas: sc.uas };
    since = 0;
    ship(best); // a usable model on disk after every improvement (long runs can be stopped any time)
  } else if (++since >= PATIENCE) break;
}
log(`parser: best epoch ${best!.epoch}, dev UAS ${best!.uas.toFixed(4)} LAS ${best!.las.toFixed(4)}`);

// 4. quantise, prune, score what ships, write
function ship(best: { mover: DenseModel; labeler: DenseModel; epoch: number }): void {
  const qTagger = tagger.model.quantize(PRUNE);
  const qMover = best.mover.quantize(PRUNE);
  const qLabeler = best.labeler.quantize(PRUNE);
  const dict = TAG_DICT ? { dictionary: buildTagDictionary(train, tagId, TAG_DICT), meta: {} as never } : null;
  const shippedScore = scoreParser(
    {
      tagger: qTagger,
      mover: qMover,
      labeler: qLabeler,
      clusters: CLUSTERS,
      parserClusters: PARSER_CLUSTERS,
      tagDictionary: dict?.dictionary ?? null,
      tags,
      labels,
    },
    dev,
  );
  if (dict && TAG_DICT) {
    dict.meta = {
      file: TAG_DICTIONARY_FILE,
      ...TAG_DICT,
      words: dict.dictionary.size,
      devWordsCovered: +coverage(dict.dictionary, dev).toFixed(4),
    } as never;
  }
  log(
    `shipped (int8, rows with max |w| < ${PRUNE} pruned: tagger ${qTagger.rows}, mover ${qMover.rows}, labeler ${qLabeler.rows} rows): ` +
      `dev UAS ${shippedScore.uas.toFixed(4)} LAS ${shippedScore.las.toFixed(4)} UPOS ${shippedScore.upos.toFixed(4)} XPOS ${shippedScore.xpos.toFixed(4)}`,
  );
  const meta: ParserMeta = {
    featureVersion: FEATURE_VERSION,
    taggerClusters: CLUSTERS_FILE ? "word-clusters.tsv.gz" : undefined,
    parserClusters: PARSER_CLUSTERS || undefined,
    tags,
    labels,
    training: {
      data: "UD English EWT train + GUM train without essay/fiction/letter/podcast/whow (UD 2.16)",
      trainSentences: train.length,
      devSentences: dev.length,
      seed: SEED,
      tagEpochs: tagger.epoch,
      jackknife: JACKKNIFE,
      parseEpochs: best.epoch,
      explore: EXPLORE,
      prune: PRUNE,
      dev: {
        uas: +shippedScore.uas.toFixed(4),
        las: +shippedScore.las.toFixed(4),
        upos: +shippedScore.upos.toFixed(4),
        xpos: +shippedScore.xpos.toFixed(4),
      },
    },
  };
  if (dict) meta.tagDictionary = dict.meta;
  const sizes = saveModel(OUT, meta, qTagger, qMover, qLabeler);
  if (dict) sizes[TAG_DICTIONARY_FILE] = saveTagDictionary(OUT, dict.dictionary, tags);
  if (CLUSTERS_FILE) copyFileSync(CLUSTERS_FILE, join(OUT, "word-clusters.tsv.gz"));
  log(`wrote ${OUT}: ${JSON.stringify(sizes)}`);
}

/**
 * Writes the tagger trained here into an existing model folder, keeping its move classifier, labeler
 * (and second stage): the tagger's features are its own, so a parser trained on another tagger's
 * (jackknifed) tags reads the new tags unchanged. The cluster file is copied beside it.
 */
function replaceTagger(dir: string): never {
  const old = loadModel(dir);
  if (old.parserClusters && !CLUSTERS) throw new Error(`the parser of ${dir} reads word clusters: give --clusters`);
  if (old.meta.tags.join("\n") !== tags.join("\n")) throw new Error(`tag inventory of ${dir} differs`);
  const qTagger = tagger.model.quantize(PRUNE);
  let clusters: string | undefined;
  if (CLUSTERS_FILE) {
    clusters = "word-clusters.tsv.gz";
    copyFileSync(CLUSTERS_FILE, join(dir, clusters));
  }
  const meta: ParserMeta = {
    ...old.meta,
    taggerClusters: clusters,
    training: {
      ...old.meta.training,
      tagger: {
        tagEpochs: tagger.epoch,
        devJointTagAccuracy: +tagger.acc.toFixed(4),
        clusters: clusters ?? null,
        prune: PRUNE,
      },
    },
  };
  const sc = scoreParser(
    {
      tagger: qTagger,
      mover: old.mover,
      labeler: old.labeler,
      clusters: CLUSTERS,
      parserClusters: old.parserClusters && CLUSTERS !== null,
      relabeler: old.relabeler,
      relabelPriorWeight: old.relabelPriorWeight,
      tags,
      labels,
    },
    dev,
  );
  log(
    `new tagger with the parser of ${dir}: dev UAS ${sc.uas.toFixed(4)} LAS ${sc.las.toFixed(4)} UPOS ${sc.upos.toFixed(4)}`,
  );
  const sizes = saveModel(dir, meta, qTagger, old.mover as QuantizedModel, old.labeler as QuantizedModel);
  log(`wrote ${dir}: ${JSON.stringify(sizes)}`);
  process.exit(0);
}

/** Share of the words of `sentences` that the dictionary tags without scoring. */
function coverage(dictionary: ReadonlyMap<string, number>, sentences: readonly UdSentence[]): number {
  let all = 0;
  let hit = 0;
  for (const s of sentences) for (const w of s.words) all++, dictionary.has(w) && hit++;
  return hit / Math.max(1, all);
}

/** Dev scores of the model in OUT with a tag dictionary of the given thresholds (null: none). */
function scoreWithDictionary(
  model: ReturnType<typeof loadModel>,
  t: TagDictionaryThresholds | null,
): { line: string; dictionary: Map<string, number> | null; scores: ReturnType<typeof scoreParser> } {
  const dictionary = t ? buildTagDictionary(train, tagId, t) : null;
  const sc = scoreParser(scoringModelsOf(model, dictionary), dev);
  const what = t
    ? `count >= ${t.minCount}, share >= ${t.minShare}: ${dictionary!.size} words, dev coverage ${coverage(dictionary!, dev).toFixed(4)}`
    : "no dictionary";
  return {
    line: `${what}; dev UAS ${sc.uas.toFixed(4)} LAS ${sc.las.toFixed(4)} UPOS ${sc.upos.toFixed(4)} XPOS ${sc.xpos.toFixed(4)}`,
    dictionary,
    scores: sc,
  };
}

/** The model already in OUT, scored on dev over a grid of dictionary thresholds; then stop. */
function tagDictionaryGrid(): never {
  const model = loadModel(OUT);
  if (model.meta.tags.join("\n") !== tags.join("\n")) throw new Error(`tag inventory of ${OUT} differs`);
  log(scoreWithDictionary(model, null).line);
  for (const minCount of [5, 10, 20])
    for (const minShare of [0.97, 0.98, 0.99, 0.995]) log(scoreWithDictionary(model, { minCount, minShare }).line);
  process.exit(0);
}

/**
 * Derives the tag dictionary for the model already in OUT (its weights unchanged), scores dev without and
 * with it, and writes it beside the weights; then stop.
 */
function tagDictionaryOnly(): never {
  if (!TAG_DICT) throw new Error("--tag-dict-only with --no-tag-dict: nothing to do");
  const model = loadModel(OUT);
  if (model.meta.tags.join("\n") !== tags.join("\n")) throw new Error(`tag inventory of ${OUT} differs`);
  const before = scoreWithDictionary(model, null);
  const after = scoreWithDictionary(model, TAG_DICT);
  log(`without: ${before.line}`);
  log(`with: ${after.line}`);
  const meta: ParserMeta = {
    ...model.meta,
    tagDictionary: {
      file: TAG_DICTIONARY_FILE,
      ...TAG_DICT,
      words: after.dictionary!.size,
      devWordsCovered: +coverage(after.dictionary!, dev).toFixed(4),
      devWithout: {
        uas: +before.scores.uas.toFixed(4),
        las: +before.scores.las.toFixed(4),
        upos: +before.scores.upos.toFixed(4),
      },
      devWith: {
        uas: +after.scores.uas.toFixed(4),
        las: +after.scores.las.toFixed(4),
        upos: +after.scores.upos.toFixed(4),
      },
    },
  };
  const bytes = saveTagDictionary(OUT, after.dictionary!, tags);
  writeFileSync(join(OUT, MODEL_FILES.meta), JSON.stringify(meta, null, 1) + "\n");
  log(`wrote ${join(OUT, TAG_DICTIONARY_FILE)} (${bytes} bytes) and the meta's tagDictionary entry`);
  process.exit(0);
}
