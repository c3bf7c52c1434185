/**
 * Builds data/provenance/restore-ranker.json.gz: the learned ranking of a spun word's possible
 * originals (src/kb/provenance/restore-ranker.ts) and the skip-bigram counts it reads.
 *
 * 1. Skip-bigram counts ("a _ b", one word between, no punctuation or sentence break) of the clean
 *    DEV documents (the same text the shipped bigram counts come from), kept when seen ≥ 2 times and
 *    one side is an original of the shipped thesaurus.
 * 2. Training text: the GMB training block (../shared/data/ner, sentences 1–38,163; public-domain
 *    news) — in none of the count tables, so every training position is held-out text, as in use.
 *    Never the clean dev or test documents (dev is what restoration is tuned on, test reported once).
 *    Spun by the simulator (the shipped WordNet thesaurus) at several rates, every other run of four
 *    documents consistently (one synonym for every occurrence of a word, as article spinners do) and
 *    the rest word by word (decision 121); every candidate position is one training group: leave as
 *    written (not a swap, or the true original not offered) or restore to the true original.
 * 3. A conditional logit (softmax over the stay choice and a position's originals), full-batch
 *    gradient descent on standardised features with a small L2 penalty; the GMB dev block
 *    (38,164–43,163) reports precision and recall of restorations at several cuts.
 *
 * Deterministic: same inputs, same file (rebuilt byte-identical, ~7 min on one core). Nothing from the
 * seeds or examples/ is read.
 * Build (exactly how the shipped file was made, from the worktree root, ../shared present):
 *   npx tsx scripts/build-restore-ranker.ts
 * RANKER_KIND=broad builds data/provenance/restore-ranker-broad.json.gz instead (decision 148): the
 * same features and training, weights only, for candidates of the BROADER thesaurus (WordNet
 * neighbours beyond synonyms), on GMB text spun by a spinner drawing from synonyms and broader
 * neighbours alike (a thesaurus that only partly agrees with WordNet's synsets); the stay row reads
 * the broad model's log-odds. Skip-bigram counts are read from the main file at run time.
 *   npx tsx scripts/build-restore-ranker.ts && RANKER_KIND=broad npx tsx scripts/build-restore-ranker.ts
 * Env: RANKER_OUT=<path> writes elsewhere (to compare a rebuild: cmp it with the shipped file);
 * RANKER_EPOCHS (default 200); RANKER_SPINS=independent spins every training document word by word
 * (decision 109's training) — not the shipped file. Reads data/provenance/spin-resources.json.gz (the thesaurus, counts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { readCleanCorpus, sharedDir } from "../src/kb/provenance/clean-corpus.js";
import {
  RANK_FEATURE_NAMES,
  choiceFeatures,
  documentCounts,
  logit,
  withSpinnerEvidence,
  rankProbabilities,
  skipBigrams,
  skipsFromMap,
  type SkipCounts,
} from "../src/kb/provenance/restore-ranker.js";
import {
  compileResources,
  substitutionCandidates,
  substitutionDensity,
  substitutionProbability,
  type SpinResources,
} from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { dataPath } from "../src/util/paths.js";
import { loadGmbBlocks } from "./ner/data.js";

const shared = sharedDir();
if (!shared) throw new Error("../shared (clean documents, GMB) is needed to build the restoration ranker");
const base: SpinResources = compileResources(
  JSON.parse(gunzipSync(readFileSync(dataPath("provenance", "spin-resources.json.gz"))).toString("utf8")),
);
const originals = new Set(base.synonyms.keys());

// ---------------------------------------------------------------- 1. skip-bigram counts of clean dev text
const dev = readCleanCorpus(shared).filter((d) => d.split === "dev");
const allSkips = new Map<string, number>();
for (const d of dev) skipBigrams(d.text, allSkips);
const MIN_SKIP = 2;
const kept = new Map<string, number>();
for (const [k, c] of allSkips) {
  if (c < MIN_SKIP) continue;
  const [l, r] = k.split(" ") as [string, string];
  if (originals.has(l) || originals.has(r)) kept.set(k, c);
}
console.log(`skip-bigrams: ${allSkips.size} types in ${dev.length} dev documents, ${kept.size} kept`);
const skips: SkipCounts = skipsFromMap(kept);

// ---------------------------------------------------------------- 2. training groups from spun GMB text
/** GMB sentences rejoined as running text, 20 to a pseudo-document. */
function gmbDocuments(sentences: Array<{ words: string[] }>): string[] {
  const text = sentences.map((s) =>
    s.words
      .join(" ")
      .replace(/ ([.,;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)(?= |$)/g, "$1")
      .replace(/([([{$]) /g, "$1"),
  );
  const out: string[] = [];
  for (let k = 0; k < text.length; k += 20) out.push(text.slice(k, k + 20).join(" "));
  return out;
}
interface Group {
  /** Rows of {@link choiceFeatures}: the stay option, then each original. */
  x: number[][];
  /** Index of the right choice: 0 (leave as written) or 1 + the true original's index. */
  y: number;
}
/** main: candidates of the synonym table; broad: candidates of the broader thesaurus (decision 148). */
const BROAD = process.env.RANKER_KIND === "broad";
const thesaurus = BROAD ? base.broadSynonyms : base.synonyms;
const thesaurusSize = (o: string) => thesaurus.get(o)?.length ?? 1;
/** The broad kind's spinner draws from synonyms and broader neighbours alike. */
const spinnerThesaurus = BROAD
  ? new Map([...base.synonyms].map(([o, l]) => [o, [...l, ...(base.broadSynonyms.get(o) ?? [])]]))
  : base.synonyms;
for (const [o, l] of base.broadSynonyms) if (BROAD && !spinnerThesaurus.has(o)) spinnerThesaurus.set(o, [...l]);
const RATES = [0.15, 0.3, 0.45, 0.6];
/**
 * Default (the shipped file): half the training documents spun consistently (decision 121).
 * RANKER_SPINS=independent: every document spun occurrence by occurrence (decision 109).
 */
const CONSISTENT_MIX = process.env.RANKER_SPINS !== "independent";
/** Every candidate position of each spun document is a group; its label says whether and to what to restore. */
function groups(docs: string[], seed: number): Group[] {
  const spinner = makeSpinner(seed, { synonyms: spinnerThesaurus });
  // The broad kind: every other run of eight documents is spun from the synonyms alone, so the
  // broader-thesaurus candidates of a document whose spinner never left WordNet's synsets are
  // learned as "leave as written" (its own random stream, so the main kind's spins are unchanged).
  const synonymSpinner = BROAD ? makeSpinner(seed + 1, base) : spinner;
  const out: Group[] = [];
  docs.forEach((doc, n) => {
    // Every other run of four documents is spun consistently (a word chosen for spinning gets the same
    // synonym at every occurrence, as article spinners do), the rest occurrence by occurrence.
    const consistent = CONSISTENT_MIX && Math.floor(n / RATES.length) % 2 === 1;
    const kindOfSpinner = BROAD && Math.floor(n / (2 * RATES.length)) % 2 === 1 ? synonymSpinner : spinner;
    const { text, substitutions } = kindOfSpinner.spinTraced(doc, RATES[n % RATES.length]!, { consistent });
    const toks = tokenize(text);
    const cands = substitutionCandidates(text, toks, base);
    const ps = cands.map((c) => substitutionProbability(c.features, base.model));
    const density = substitutionDensity(ps, toks.length, base.model.minProbability);
    const document = withSpinnerEvidence(documentCounts(toks), cands, ps, base.model.minProbability);
    const subAt = new Map(substitutions.map((s) => [`${s.start}:${s.end}`, s]));
    const scored = BROAD
      ? substitutionCandidates(text, toks, { counts: base.counts, spunByFirstWord: base.broadSpunByFirstWord })
      : cands;
    const logits = BROAD ? scored.map((c) => substitutionProbability(c.features, base.broadModel)) : ps;
    // The broad kind's stay row reads how many broader-thesaurus candidates look swapped (their own density).
    const scoredDensity = BROAD ? substitutionDensity(logits, toks.length, base.broadModel.minProbability) : density;
    // At run time a broader-thesaurus candidate is proposed only where no other hit sits: positions
    // a synonym candidate at p ≥ 0.6 covers (spin.ts spunDocumentMinProbability) are not trained on.
    const covered = new Set<number>();
    if (BROAD)
      cands.forEach((c, k) => {
        if (ps[k]! >= 0.6) for (let j = c.index; j < c.index + c.length; j++) covered.add(j);
      });
    scored.forEach((c, k) => {
      if (c.originals.length === 0) return;
      if (BROAD && Array.from({ length: c.length }, (_, j) => c.index + j).some((j) => covered.has(j))) return;
      const sub = subAt.get(`${toks[c.index]!.start}:${toks[c.index + c.length - 1]!.end}`);
      // A swap whose true original is not offered is best left as written too.
      const y = sub ? c.originals.indexOf(sub.original.toLowerCase()) + 1 : 0;
      const x = choiceFeatures(c.form, c.originals, c.context, {
        counts: base.counts,
        skips,
        thesaurusSize,
        document,
        substitutionLogit: logit(logits[k]!),
        density: scoredDensity,
      });
      out.push({ x, y });
    });
  });
  return out;
}
const gmb = loadGmbBlocks(join(shared, "data", "ner", "ner_dataset.csv.gz"));
// The broad kind has many more candidate positions per document (common words have broader forms):
// every other training document is enough.
const train = groups(
  gmbDocuments(gmb.train).filter((_, k) => !BROAD || k % 2 === 0),
  20261207,
);
const held = groups(gmbDocuments(gmb.dev), 777);
console.log(`training groups ${train.length} (GMB train block), check groups ${held.length} (GMB dev block)`);

// ---------------------------------------------------------------- 3. conditional logit
const dim = RANK_FEATURE_NAMES.length;
const rows = train.flatMap((g) => g.x);
const mean = new Array<number>(dim).fill(0);
const sd = new Array<number>(dim).fill(0);
for (const r of rows) for (let k = 0; k < dim; k++) mean[k]! += r[k]! / rows.length;
for (const r of rows) for (let k = 0; k < dim; k++) sd[k]! += (r[k]! - mean[k]!) ** 2 / rows.length;
for (let k = 0; k < dim; k++) sd[k] = Math.sqrt(sd[k]!) || 1;
// Flat standardised rows, groups as [offset, count, label]: no allocation inside the epochs.
const flatX = new Float64Array(rows.length * dim);
const groupAt: Array<[number, number, number]> = [];
{
  let r = 0;
  for (const g of train) {
    groupAt.push([r, g.x.length, g.y]);
    for (const row of g.x) {
      for (let k = 0; k < dim; k++) flatX[r * dim + k] = (row[k]! - mean[k]!) / sd[k]!;
      r++;
    }
  }
}
const w = new Array<number>(dim).fill(0);
const L2 = 1e-4;
const EPOCHS = Number(process.env.RANKER_EPOCHS ?? 200);
const scores = new Float64Array(train.reduce((m, g) => Math.max(m, g.x.length), 64));
const m1 = new Float64Array(dim);
const m2 = new Float64Array(dim);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const grad = new Float64Array(dim);
  let loss = 0;
  for (const [r0, n, y] of groupAt) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      let sc = 0;
      for (let k = 0; k < dim; k++) sc += w[k]! * flatX[(r0 + j) * dim + k]!;
      scores[j] = sc;
      if (sc > max) max = sc;
    }
    let total = 0;
    for (let j = 0; j < n; j++) total += scores[j] = Math.exp(scores[j]! - max);
    loss -= Math.log(Math.max(1e-12, scores[y]! / total));
    for (let j = 0; j < n; j++) {
      const d = scores[j]! / total - (j === y ? 1 : 0);
      for (let k = 0; k < dim; k++) grad[k]! += d * flatX[(r0 + j) * dim + k]!;
    }
  }
  // Adam steps (full batch): plain steps oscillate on the correlated stay features.
  for (let k = 0; k < dim; k++) {
    const g = grad[k]! / groupAt.length + L2 * w[k]!;
    m1[k] = 0.9 * m1[k]! + 0.1 * g;
    m2[k] = 0.999 * m2[k]! + 0.001 * g * g;
    const mh = m1[k]! / (1 - 0.9 ** (epoch + 1));
    const vh = m2[k]! / (1 - 0.999 ** (epoch + 1));
    w[k] = w[k]! - (0.05 * mh) / (Math.sqrt(vh) + 1e-8);
  }
  if (epoch % 25 === 0 || epoch === EPOCHS - 1)
    console.log(`epoch ${epoch}: mean loss ${(loss / groupAt.length).toFixed(4)}`);
}
const round = (x: number) => Math.round(x * 1e5) / 1e5;
// Softmax is blind to a constant shared by a group's originals: the means drop out.
const weights = w.map((v, k) => round(v / sd[k]!));
console.log("weights:", RANK_FEATURE_NAMES.map((f, k) => `${f}=${weights[k]}`).join(" "));
/** Restorations at each cut (best original's probability ≥ cut): precision and recall of right originals. */
function sweep(label: string, set: Group[], ws: number[]) {
  const swaps = set.filter((g) => g.y > 0).length;
  const scored = set.map((g) => {
    const p = rankProbabilities(g.x, { weights: ws });
    let best = 1;
    for (let k = 2; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    return { share: p[best] ?? 0, right: best === g.y };
  });
  const line = [0.3, 0.4, 0.5, 0.6, 0.7].map((cut) => {
    const kept = scored.filter((s) => s.share >= cut);
    const ok = kept.filter((s) => s.right).length;
    return `cut ${cut}: P ${(ok / Math.max(1, kept.length)).toFixed(3)} R ${(ok / swaps).toFixed(3)}`;
  });
  console.log(`${label} (${set.length} positions, ${swaps} swaps with the true original offered): ${line.join(" | ")}`);
}
sweep("GMB train", train, weights);
sweep("GMB dev (check)", held, weights);

// ---------------------------------------------------------------- write
const vocabIndex = new Map<string, number>();
const vocab: string[] = [];
const idOf = (word: string) => {
  let k = vocabIndex.get(word);
  if (k === undefined) {
    k = vocab.length;
    vocabIndex.set(word, k);
    vocab.push(word);
  }
  return k;
};
const flat: number[] = [];
for (const [k, c] of [...kept].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const [l, r] = k.split(" ") as [string, string];
  flat.push(idOf(l), idOf(r), c);
}
const out = {
  about:
    "Learned ranking of a spun word's possible originals (conditional logit over src/kb/provenance/restore-ranker.ts features), " +
    "built by scripts/build-restore-ranker.ts: weights trained on simulated spins of the GMB training block; skip-bigram counts of the clean dev documents.",
  sources: [
    "Groningen Meaning Bank news text (public domain; University of Groningen) as extracted in the Kaggle 'Annotated Corpus for Named Entity Recognition' by Abhinav Walia (ODbL 1.0 / DbCL 1.0): training spins only, no text ships",
    "scrapinghub/article-extraction-benchmark gold article bodies (MIT), UD English EWT 2.16 (CC BY-SA 4.0), UD English GUM 2.16 commercial-use genres: skip-bigram counts of the dev documents",
    "WordNet 3.1 (via data/provenance/spin-resources.json.gz): the thesaurus",
  ],
  features: [...RANK_FEATURE_NAMES],
  weights,
  vocab,
  skips: flat,
};
const json = JSON.stringify(
  BROAD
    ? {
        about:
          "Learned ranking of a spun word's possible originals among the BROADER thesaurus (WordNet neighbours beyond synonyms), " +
          "built by RANKER_KIND=broad scripts/build-restore-ranker.ts: weights trained on simulated spins (synonyms and broader neighbours) of the GMB training block; " +
          "the skip-bigram counts are those of restore-ranker.json.gz.",
        sources: out.sources,
        features: out.features,
        weights,
      }
    : out,
);
const gz = gzipSync(json, { level: 9 });
const file = BROAD ? "restore-ranker-broad.json.gz" : "restore-ranker.json.gz";
writeFileSync(process.env.RANKER_OUT ?? dataPath("provenance", file), gz);
console.log(`wrote ${file}: ${gz.length} bytes (${json.length} uncompressed), skip-bigrams ${kept.size}`);
