/**
 * Which original did a spun word replace? The detector (substitution.ts) proposes, at each candidate
 * position, the originals whose WordNet synonyms include the written form; this module ranks them.
 *
 * A noisy-channel reading, with weights learned rather than fixed: the original must fit the words
 * on both sides in clean news (bigram counts, a smoothed bigram language model each side, skip-bigram
 * counts one word further out), be a frequent word, and have written the spun form — a spinner picks
 * one entry of the original's thesaurus list, so an original with a short list writes each of its
 * entries more often. A conditional logit (softmax over one position's originals) turns the features
 * into a probability for each original; the best original's probability is the restoration's share.
 * The document itself is evidence too, read through what it says about its spinner
 * ({@link withSpinnerEvidence}): under a word-by-word spinner an original written elsewhere (where
 * the spinner left it alone) is more likely the word it replaced here; under a consistent spinner
 * (one synonym for every occurrence of a word) it is less likely, and the form's other positions
 * share this one's decision.
 *
 * The weights are learned by scripts/build-restore-ranker.ts on spins of the GMB training block
 * (news text that is in none of the count tables, so training sees held-out text the way the product
 * does; half spun word by word, half consistently) and ship in data/provenance/restore-ranker.json.gz
 * with the skip-bigram counts.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { DossierError } from "../../util/errors.js";
import { dataPath } from "../../util/paths.js";
import type { NgramCounts } from "./substitution.js";
import { adjacent, tokenize } from "./text.js";

/** Words around a candidate position (null where a sentence boundary or punctuation intervenes). */
export interface CandidateContext {
  left: string | null;
  right: string | null;
  /** The word before `left` (only when `left` is set and adjacent). */
  left2: string | null;
  /** The word after `right`. */
  right2: string | null;
  /** The first written word at the position (kept out of the in-document stem count). */
  formFirst?: string;
}

/** Skip-bigram counts: `a _ b` (one word between) in clean news. */
export interface SkipCounts {
  skip(left: string, right: string): number;
}

/** Conditional-logit weights over {@link RANK_FEATURE_NAMES}. */
export interface RankModel {
  weights: number[];
}

/** The features of one (position, original) pair, in the order the weights use them. */
export const RANK_FEATURE_NAMES = [
  "left_fit", // log(1 + count of "left original")
  "right_fit", // log(1 + count of "original right")
  "both_fit", // 1 when the original meets both neighbours in clean news
  "left_unseen", // a left neighbour exists and never precedes the original
  "right_unseen", // a right neighbour exists and never follows the original
  "log_frequency", // log(1 + count of the original)
  "left_lm", // log P(original | left), interpolated with the unigram probability
  "right_lm", // log P(right | original), interpolated likewise
  "thesaurus_size", // −log(number of thesaurus entries of the original): P(spun form | original)
  "left2_fit", // log(1 + count of "left2 _ original")
  "right2_fit", // log(1 + count of "original _ right2")
  "in_document", // log(1 + times the original is written elsewhere in this document)
  "in_document_stem", // log(1 + other words of the document that begin like the original: "negotiators" for "negotiations")
  "in_document_kind", // in_document × the document's consistency (below): written elsewhere means "left alone" there
  "in_document_stem_kind", // in_document_stem × consistency
  "repeats_unwritten", // log(1 + other positions with the same written form) when the original is written nowhere
  "repeats_unwritten_kind", // repeats_unwritten × consistency
  "pooled_lm", // mean left_lm + right_lm of the original at the other positions with the same written form
  "pooled_lm_kind", // pooled_lm × consistency
  "other_forms", // log(1 + candidate positions with another written form that may stand for the original too)
  "other_forms_kind", // other_forms × consistency: a consistent spinner writes one synonym for every occurrence
  "stay", // 1 for the written form itself (no swap here); the remaining features are 0 for an original
  "stay_logit", // the synonym model's log-odds that the written form is a swap (stay option only)
  "stay_density", // log(1 + substitution hits per 1,000 tokens of the document): how heavily it is spun
  "stay_frequency", // log(1 + count of the written form): a spinner's pick is often a rare word
  "stay_phrase", // the written form has several words ("call in")
  "stay_choices", // log(number of originals offered)
  "stay_unseen", // the written form meets none of its neighbours in clean news
  "stay_kind", // the document's consistency: how likely its spinner swapped every occurrence of a word alike
  "stay_repeats", // log(1 + other positions with the same written form)
  "stay_pooled_logit", // mean synonym-model log-odds at the other positions with the same written form
  "stay_pooled_logit_kind", // stay_pooled_logit × consistency: one decision for every occurrence
] as const;

/** Features only the stay row carries (zero for an original). */
const STAY_FEATURES = RANK_FEATURE_NAMES.length - RANK_FEATURE_NAMES.indexOf("stay");
/** Index of pooled_lm (the stay row carries the written form's own). */
const POOLED = RANK_FEATURE_NAMES.indexOf("pooled_lm");

const lg = (x: number) => Math.log1p(Math.max(0, x));
/** Total tokens behind the unigram probabilities (order of magnitude of the count corpus). */
const CORPUS_TOKENS = 400_000;
/** Pseudo-count of the unigram back-off in the bigram language model. */
const BACKOFF = 3;

/**
 * What a document's candidate positions say about the spinner that made it. Article spinners
 * usually make one choice per word (every "said" becomes "stated"); a word-by-word spinner decides
 * each occurrence on its own. The two read the document's own words in opposite ways: with a
 * consistent spinner an original still written elsewhere was left alone, so it is evidence against
 * a swap to it here; with a word-by-word spinner it is evidence for one.
 */
export interface SpinnerEvidence {
  /**
   * How likely the document's spinner is a consistent one (0..1), from the share of its evidence
   * (R + 1) / (R + W + 2): R hits whose written form is a hit more than once, W hits whose best
   * original is written in the document (the share is 0.5 when there are no hits), read through a
   * logistic (CONSISTENCY_MIDPOINT, CONSISTENCY_SLOPE).
   */
  consistency: number;
  /** Contexts of the other candidate positions with the same written form as the one at `ctx`. */
  othersOf(ctx: CandidateContext): readonly CandidateContext[];
  /** The synonym model's log-odds at a candidate position of the document (0 for an unknown context). */
  logitAt(ctx: CandidateContext): number;
  /** Mean synonym-model log-odds at the positions {@link SpinnerEvidence.othersOf} lists (0 for none). */
  othersLogit(ctx: CandidateContext): number;
  /** Hits (candidates at ≥ the hit cut) with another written form than at `ctx` that list `original` too. */
  otherForms(ctx: CandidateContext, original: string): number;
}

/** Word counts of one document (its own words, as written). */
export interface DocumentCounts {
  /** Occurrences of a word or phrase (lower-case words joined by one space). */
  count(phrase: string): number;
  /**
   * Words of the document that begin like `word` (its first {@link STEM_LETTERS} letters; words at least
   * that long), not counting one occurrence of `written` (the word at the position itself) when it does.
   */
  sameStem(word: string, written: string): number;
  /** The document's reading of its spinner (absent: the features that read it are 0). */
  spinner?: SpinnerEvidence;
}

/**
 * The consistency ratio (R + 1) / (R + W + 2) is pushed through a logistic with this midpoint and
 * slope: on simulated spins of dev text (rate 0.3) its median is 0.24 for word-by-word spins and 0.74
 * for consistent ones, the 90th and 10th percentiles 0.35 and 0.50; the steeper reading gained 0.4
 * points of exact restorations on independent spins over the plain ratio (decision 121).
 */
const CONSISTENCY_MIDPOINT = 0.45;
const CONSISTENCY_SLOPE = 10;

/** Other positions a pooled feature reads (the rest add little and cost time). */
const MAX_POOLED = 10;

/**
 * Adds {@link SpinnerEvidence} to a document's counts, from its candidate positions (`probabilities`:
 * the synonym model's, a hit at ≥ `minProbability`). Candidates are matched to later lookups by their
 * `context` object.
 */
export function withSpinnerEvidence(
  document: DocumentCounts,
  candidates: ReadonlyArray<{
    form: string;
    original: string;
    originals: readonly string[];
    context: CandidateContext;
  }>,
  probabilities: readonly number[],
  minProbability: number,
): DocumentCounts {
  const byForm = new Map<string, CandidateContext[]>();
  // Hits per original, per written form.
  const formsOfOriginal = new Map<string, Map<string, number>>();
  const hitForms = new Map<string, number>();
  candidates.forEach((c, k) => {
    let list = byForm.get(c.form);
    if (!list) byForm.set(c.form, (list = []));
    list.push(c.context);
    if (probabilities[k]! < minProbability) return;
    hitForms.set(c.form, (hitForms.get(c.form) ?? 0) + 1);
    for (const o of c.originals) {
      let forms = formsOfOriginal.get(o);
      if (!forms) formsOfOriginal.set(o, (forms = new Map()));
      forms.set(c.form, (forms.get(c.form) ?? 0) + 1);
    }
  });
  let repeated = 0;
  let written = 0;
  candidates.forEach((c, k) => {
    if (probabilities[k]! < minProbability) return;
    if (hitForms.get(c.form)! > 1) repeated++;
    if (c.original && document.count(c.original) > 0) written++;
  });
  const formOf = new Map(candidates.map((c) => [c.context, c.form]));
  const logitOf = new Map(candidates.map((c, k) => [c.context, logit(probabilities[k]!)]));
  const none: CandidateContext[] = [];
  const othersOf = (ctx: CandidateContext) => {
    const form = formOf.get(ctx);
    if (form === undefined) return none;
    const out: CandidateContext[] = [];
    for (const x of byForm.get(form)!) if (x !== ctx && out.length < MAX_POOLED) out.push(x);
    return out;
  };
  const ratio = (repeated + 1) / (repeated + written + 2);
  return {
    ...document,
    spinner: {
      consistency: 1 / (1 + Math.exp(-CONSISTENCY_SLOPE * (ratio - CONSISTENCY_MIDPOINT))),
      othersOf,
      logitAt: (ctx) => logitOf.get(ctx) ?? 0,
      otherForms(ctx, original) {
        const forms = formsOfOriginal.get(original);
        if (!forms) return 0;
        const own = formOf.get(ctx);
        let n = 0;
        for (const [form, count] of forms) if (form !== own) n += count;
        return n;
      },
      othersLogit(ctx) {
        const others = othersOf(ctx);
        let sum = 0;
        for (const x of others) sum += logitOf.get(x)!;
        return others.length ? sum / others.length : 0;
      },
    },
  };
}

/** Bigram language-model fit of `o` at a context: log P(o | left) + log P(right | o), each against the unigram. */
function lmFit(counts: NgramCounts, o: string, ctx: CandidateContext): [number, number] {
  const { left, right } = ctx;
  const words = o.split(" ");
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const pu = (counts.unigram(o) + 0.5) / CORPUS_TOKENS;
  const rightP = right ? (counts.unigram(right) + 0.5) / CORPUS_TOKENS : 0;
  return [
    left ? Math.log((counts.bigram(left, first) + BACKOFF * pu) / (counts.unigram(left) + BACKOFF)) - Math.log(pu) : 0,
    right
      ? Math.log((counts.bigram(last, right) + BACKOFF * rightP) / (counts.unigram(last) + BACKOFF)) - Math.log(rightP)
      : 0,
  ];
}

/** Mean of {@link lmFit} (both sides) of `o` over contexts (0 for none). */
function pooledFit(counts: NgramCounts, o: string, contexts: readonly CandidateContext[]): number {
  if (contexts.length === 0) return 0;
  let sum = 0;
  for (const x of contexts) {
    const [l, r] = lmFit(counts, o, x);
    sum += l + r;
  }
  return sum / contexts.length;
}

/** Letters two words must share at the start to count as one stem. */
export const STEM_LETTERS = 5;
const stemOf = (w: string) => (w.length >= STEM_LETTERS ? w.slice(0, STEM_LETTERS) : null);

/** Counts of every word and adjacent word pair of a tokenised text; longer phrases: their rarest pair. */
export function documentCounts(toks: ReadonlyArray<{ norm: string }>): DocumentCounts {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  const stems = new Map<string, number>();
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.norm;
    words.set(w, (words.get(w) ?? 0) + 1);
    const stem = stemOf(w);
    if (stem) stems.set(stem, (stems.get(stem) ?? 0) + 1);
    if (i + 1 < toks.length) {
      const k = `${w} ${toks[i + 1]!.norm}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
  }
  return {
    count(phrase) {
      const ws = phrase.split(" ");
      if (ws.length === 1) return words.get(phrase) ?? 0;
      let least = Infinity;
      for (let k = 0; k + 1 < ws.length; k++) least = Math.min(least, pairs.get(`${ws[k]} ${ws[k + 1]}`) ?? 0);
      return least;
    },
    sameStem(word, written) {
      const stem = stemOf(word);
      if (!stem) return 0;
      return Math.max(0, (stems.get(stem) ?? 0) - (stemOf(written) === stem ? 1 : 0));
    },
  };
}

/** What the features of one position are measured against. */
export interface ChoiceEvidence {
  /** Word and bigram counts of clean news. */
  counts: NgramCounts;
  /** Skip-bigram counts of clean news (null: those features are 0). */
  skips: SkipCounts | null;
  /** Number of thesaurus entries of an original. */
  thesaurusSize: (original: string) => number;
  /** Counts of the document the position is in (null: the in-document feature is 0). */
  document: DocumentCounts | null;
  /** The synonym model's log-odds that the written form is a swap. */
  substitutionLogit: number;
  /** {@link substitutionDensity} of the document, log(1 + hits per 1,000 tokens). */
  density: number;
}

/** Features of each original at one position. */
export function rankFeatures(
  originals: readonly string[],
  ctx: CandidateContext,
  evidence: Pick<ChoiceEvidence, "counts" | "skips" | "thesaurusSize" | "document">,
): number[][] {
  const { counts, skips, thesaurusSize, document } = evidence;
  const { left, right, left2, right2 } = ctx;
  const kind = document?.spinner?.consistency ?? 0;
  const others = document?.spinner?.othersOf(ctx) ?? [];
  return originals.map((o) => {
    const words = o.split(" ");
    const first = words[0]!;
    const last = words[words.length - 1]!;
    const uo = counts.unigram(o);
    const lb = left ? counts.bigram(left, first) : 0;
    const rb = right ? counts.bigram(last, right) : 0;
    const [leftLm, rightLm] = lmFit(counts, o, ctx);
    const inDocument = document ? lg(document.count(o)) : 0;
    const inStem = document ? lg(document.sameStem(first, ctx.formFirst ?? "") - document.count(first)) : 0;
    const repeats = document && document.count(o) === 0 ? lg(others.length) : 0;
    const pooled = pooledFit(counts, o, others);
    const otherForms = lg(document?.spinner?.otherForms(ctx, o) ?? 0);
    return [
      lg(lb),
      lg(rb),
      left && right && lb > 0 && rb > 0 ? 1 : 0,
      left && lb === 0 ? 1 : 0,
      right && rb === 0 ? 1 : 0,
      lg(uo),
      leftLm,
      rightLm,
      -Math.log(Math.max(1, thesaurusSize(o))),
      skips && left2 ? lg(skips.skip(left2, first)) : 0,
      skips && right2 ? lg(skips.skip(last, right2)) : 0,
      inDocument,
      inStem,
      inDocument * kind,
      inStem * kind,
      repeats,
      repeats * kind,
      pooled,
      pooled * kind,
      otherForms,
      otherForms * kind,
      ...new Array<number>(STAY_FEATURES).fill(0),
    ];
  });
}

/**
 * Features of every choice at one candidate position: first the written form itself ("stay": no
 * swap here, or none of the offered originals), then each original. The stay row measures the
 * written form's own fit with the same features, plus the synonym model's log-odds and the
 * document's spin density, so the softmax weighs "restore to o" against "leave as written".
 */
export function choiceFeatures(
  form: string,
  originals: readonly string[],
  ctx: CandidateContext,
  evidence: ChoiceEvidence,
): number[][] {
  const { counts, substitutionLogit, density, document } = evidence;
  // The written form's own fit; its "elsewhere in the document" count is not a fit (it is here).
  const stay = rankFeatures([form], ctx, { ...evidence, thesaurusSize: () => 1, document: null })[0]!;
  const kind = document?.spinner?.consistency ?? 0;
  const others = document?.spinner?.othersOf(ctx) ?? [];
  // The written form's own fit at the other positions it is written at, against the originals'.
  const pooled = pooledFit(counts, form, others);
  stay[POOLED] = pooled;
  stay[POOLED + 1] = pooled * kind;
  const at = stay.length - STAY_FEATURES;
  const words = form.split(" ");
  // left_fit and right_fit of the written form are log(1 + its bigram counts): > 0 exactly when seen.
  const leftSeen = stay[0]! > 0;
  const rightSeen = stay[1]! > 0;
  stay[at] = 1;
  stay[at + 1] = substitutionLogit;
  stay[at + 2] = density;
  stay[at + 3] = lg(counts.unigram(form));
  stay[at + 4] = words.length > 1 ? 1 : 0;
  stay[at + 5] = Math.log(Math.max(1, originals.length));
  stay[at + 6] = (ctx.left || ctx.right) && !leftSeen && !rightSeen ? 1 : 0;
  stay[at + 7] = kind;
  stay[at + 8] = lg(others.length);
  const pooledLogit = document?.spinner?.othersLogit(ctx) ?? 0;
  stay[at + 9] = pooledLogit;
  stay[at + 10] = pooledLogit * kind;
  return [stay, ...rankFeatures(originals, ctx, evidence)];
}

/** Log-odds of a probability, clipped away from 0 and 1. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** Linear scores of each choice's features under the model. */
export function choiceScores(features: number[][], model: RankModel): number[] {
  return features.map((f) => {
    let s = 0;
    for (let k = 0; k < f.length; k++) s += (model.weights[k] ?? 0) * f[k]!;
    return s;
  });
}

/** Softmax probabilities of the originals under the model. */
export function rankProbabilities(features: number[][], model: RankModel): number[] {
  return softmax(choiceScores(features, model));
}

/** Softmax of scores. */
export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/**
 * The best original and its probability, from the probabilities of {@link choiceFeatures}' rows
 * (index 0 is the stay option; ties: the alphabetically first original, as originals are sorted).
 */
export function bestOriginal(
  originals: readonly string[],
  probabilities: number[],
): { original: string; share: number } {
  let best = 1;
  for (let k = 2; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
  return { original: originals[best - 1]!, share: probabilities[best]! };
}

/** The ranker and the skip-bigram counts it reads. */
export interface RestoreRanker {
  model: RankModel;
  skips: SkipCounts;
  /**
   * Lowest confidence at which a candidate below the synonym model's hit cut is proposed for
   * restoration in a flagged text (default: RESTORE_MIN_CONFIDENCE, the cut every restoration obeys).
   */
  minConfidence?: number;
  /**
   * Weights of the same features for candidates of the BROADER thesaurus (WordNet neighbours beyond
   * synonyms; data/provenance/restore-ranker-broad.json.gz, decision 148), trained on spins drawing
   * from synonyms and broader neighbours alike; the stay row reads the broad model's log-odds.
   * Absent: broader-thesaurus candidates are chosen by the fixed scorer.
   */
  broad?: RankModel;
  /** Overrides the broad candidates' probability gate (spin.ts BROAD_MIN_PROBABILITY), for dev sweeps. */
  broadMinProbability?: number;
  /** Overrides the document gate of the broad ranker (spin.ts BROAD_MIN_SHARE), for dev sweeps. */
  broadMinShare?: number;
  /** Overrides the broad candidates' restoration cut (spin.ts BROAD_RESTORE_MIN_CONFIDENCE), for dev sweeps. */
  broadMinConfidence?: number;
}

const BroadRankerSchema = z.object({
  about: z.string(),
  sources: z.array(z.string()),
  features: z.array(z.string()),
  weights: z.array(z.number()),
});

/** Compiles validated broad-ranker data. @throws DossierError BAD_INPUT when it does not fit the schema */
export function compileBroadRanker(raw: unknown): RankModel {
  const parsed = BroadRankerSchema.safeParse(raw);
  if (!parsed.success)
    throw new DossierError("BAD_INPUT", `broad restoration ranker is invalid: ${parsed.error.message}`);
  if (parsed.data.features.join() !== RANK_FEATURE_NAMES.join())
    throw new DossierError("BAD_INPUT", "broad restoration ranker was built for other features; rebuild it");
  return { weights: parsed.data.weights };
}

const RankerSchema = z.object({
  about: z.string(),
  sources: z.array(z.string()),
  features: z.array(z.string()),
  weights: z.array(z.number()),
  minConfidence: z.number().optional(),
  /** Words of the skip-bigram table. */
  vocab: z.array(z.string()),
  /** Flat [left, right, count, …] vocab indices. */
  skips: z.array(z.number()),
});

/** The ranker file, as validated JSON. */
export type RestoreRankerData = z.infer<typeof RankerSchema>;

/** Skip-bigrams of one text: "a _ b" where a, x, b are adjacent words of one sentence. */
export function skipBigrams(text: string, into = new Map<string, number>()): Map<string, number> {
  const toks = tokenize(text);
  for (let i = 0; i + 2 < toks.length; i++) {
    const a = toks[i]!;
    const x = toks[i + 1]!;
    const b = toks[i + 2]!;
    if (x.sentenceStart || b.sentenceStart || !adjacent(text, a, x) || !adjacent(text, x, b)) continue;
    const k = `${a.norm} ${b.norm}`;
    into.set(k, (into.get(k) ?? 0) + 1);
  }
  return into;
}

/** Skip-bigram counts held in a map. */
export function skipsFromMap(map: Map<string, number>): SkipCounts {
  return { skip: (l, r) => map.get(`${l} ${r}`) ?? 0 };
}

/** Compiles validated ranker data. @throws DossierError BAD_INPUT when it does not fit the schema */
export function compileRanker(raw: unknown): RestoreRanker {
  const parsed = RankerSchema.safeParse(raw);
  if (!parsed.success) throw new DossierError("BAD_INPUT", `restoration ranker is invalid: ${parsed.error.message}`);
  const d = parsed.data;
  if (d.features.join() !== RANK_FEATURE_NAMES.join())
    throw new DossierError("BAD_INPUT", "restoration ranker was built for other features; rebuild it");
  const map = new Map<string, number>();
  for (let k = 0; k + 2 < d.skips.length; k += 3)
    map.set(`${d.vocab[d.skips[k]!]} ${d.vocab[d.skips[k + 1]!]}`, d.skips[k + 2]!);
  return {
    model: { weights: d.weights },
    skips: skipsFromMap(map),
    ...(d.minConfidence === undefined ? {} : { minConfidence: d.minConfidence }),
  };
}

let cache: RestoreRanker | null | undefined;

/**
 * The shipped ranker, compiled once, with its broader-thesaurus weights (`DOSSIER_BROAD_RANKER=0`:
 * without them); null when `DOSSIER_RESTORE_RANKER=0` (the earlier fixed scorer:
 * collocation fit × 2 + log frequency × 0.25).
 * @throws DossierError INTERNAL when the file is missing or unreadable
 */
export function defaultRestoreRanker(): RestoreRanker | null {
  if (cache === undefined) {
    if (process.env.DOSSIER_RESTORE_RANKER === "0") return (cache = null);
    const path = dataPath("provenance", "restore-ranker.json.gz");
    let raw: unknown;
    try {
      raw = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
    } catch (err) {
      throw new DossierError("INTERNAL", `cannot read the restoration ranker at ${path}`, { cause: err });
    }
    cache = compileRanker(raw);
    if (process.env.DOSSIER_BROAD_RANKER !== "0") {
      const broadPath = dataPath("provenance", "restore-ranker-broad.json.gz");
      let broadRaw: unknown;
      try {
        broadRaw = JSON.parse(gunzipSync(readFileSync(broadPath)).toString("utf8"));
      } catch (err) {
        throw new DossierError("INTERNAL", `cannot read the broad restoration ranker at ${broadPath}`, { cause: err });
      }
      cache.broad = compileBroadRanker(broadRaw);
    }
  }
  return cache;
}
