/**
 * The learned substitution signal of the spin detector. A synonym spinner swaps words for entries of
 * its thesaurus; the tell is a *rare synonym in a frequent collocation*: the written word seldom
 * meets its neighbours in clean news while one of its synonyms meets them often ("faucet into" for
 * "tap into"). This module scores every word of a text that has WordNet synonyms: features from
 * clean-news unigram/bigram counts, weights learned by logistic regression on spins the simulator
 * made of clean dev text (scripts/build-spin-resources.ts). The best-fitting synonym is the proposed
 * original (restoration), with a confidence that says how sure the model is.
 *
 * Resources: data/provenance/spin-resources.json.gz (WordNet 3.1 synonym sets restricted to words
 * of clean news, word and bigram counts of clean news, the learned weights, fixed names from the
 * Phoenix dictionaries). Nothing is downloaded at run time.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { DossierError } from "../../util/errors.js";
import { dataPath } from "../../util/paths.js";
import {
  bestOriginal,
  choiceFeatures,
  choiceScores,
  softmax,
  defaultRestoreRanker,
  logit,
  rankProbabilities,
  type CandidateContext,
  type DocumentCounts,
  type RestoreRanker,
} from "./restore-ranker.js";
import { adjacent, type WordToken } from "./text.js";

/** Word and bigram counts of clean news (or any reference corpus). */
export interface NgramCounts {
  unigram(word: string): number;
  bigram(left: string, right: string): number;
}

/** A spun form the spinner can write for some original: its words and the originals it may stand for. */
export interface SpunForm {
  words: string[];
  originals: string[];
}

/** Logistic-regression weights over {@link FEATURE_NAMES}. */
export interface SubstitutionModel {
  weights: number[];
  bias: number;
  /** Lowest probability for a word to count as a substitution hit. */
  minProbability: number;
  /** Lowest confidence for a proposed original to be applied by restoration. */
  minRestoreConfidence: number;
}

/** Everything the learned signal needs at run time. */
export interface SpinResources {
  counts: NgramCounts;
  /** Original word → spun forms the simulated spinner may write (WordNet synonyms, inflected). */
  synonyms: Map<string, string[]>;
  /** First word of a spun form → spun forms starting with it (longest first). */
  spunByFirstWord: Map<string, SpunForm[]>;
  model: SubstitutionModel;
  /**
   * Forms of a broader thesaurus (WordNet neighbours beyond synonyms: other senses, hypernyms, "also
   * see", verb groups) → the originals they may stand for. Never scored; proposed for restoration in
   * texts already flagged spun, by {@link SpinResources.broadModel}.
   */
  broadSpunByFirstWord: Map<string, SpunForm[]>;
  /** The broader thesaurus itself: original → its broader forms (the inverse of {@link SpinResources.broadSpunByFirstWord}). */
  broadSynonyms: Map<string, string[]>;
  /** Weights and cuts for broad-thesaurus candidates (trained on spins drawing from both thesauri). */
  broadModel: SubstitutionModel;
  /**
   * Optional (not in the shipped file; `SPIN_RESTORE_MODEL=1 npx tsx scripts/build-spin-resources.ts`):
   * the confidence of a synonym-model restoration as the probability that a candidate is a
   * substitution AND its best original is the word replaced, over {@link RESTORE_FEATURE_NAMES}
   * (trained on spins of dev text with leave-document-out counts; calibrated, not class-balanced).
   * Without it the confidence is p × share.
   */
  restoreModel: Pick<SubstitutionModel, "weights" | "bias"> | null;
  /**
   * The learned ranking of a candidate's originals (restore-ranker.ts, shipped on). Null: the fixed
   * scorer of {@link substitutionCandidates} (collocation fit × 2 + log frequency × 0.25) chooses.
   * Detection never reads it: the hit probability uses the fixed scorer's features either way.
   */
  ranker?: RestoreRanker | null;
  /** Lower-cased fixed multi-word names (offices, ministries, organisations) → as written. */
  names: Map<string, string>;
  /** Longest name, in words. */
  maxNameWords: number;
  /** A word that may replace a name's word → the name words it may stand for (WordNet synonyms). */
  nameWords: Map<string, string[]>;
  /** Lower-cased real names that look like a swapped fixed name (attested in clean news or the dictionaries): never flagged. */
  realNames: Set<string>;
}

/** The features, in the order the weights use them. */
export const FEATURE_NAMES = [
  "observed_fit", // log counts of the written word with its neighbours
  "best_synonym_fit", // the same for the best-fitting synonym
  "fit_gain", // best_synonym_fit − observed_fit
  "word_frequency", // log count of the written word
  "synonym_frequency_gain", // log count of the best synonym − log count of the written word
  "phrase", // the spun form has several words ("call in")
  "context_sides", // neighbours present (0–2)
  "unseen_context", // the written word meets neither neighbour in clean news
  "unseen_word", // the written word never occurs in clean news
] as const;

const lg = (x: number) => Math.log1p(Math.max(0, x));

/** The restoration model's features, in the order its weights use them. */
export const RESTORE_FEATURE_NAMES = [
  ...FEATURE_NAMES,
  "share", // the best original's share of the evidence among the alternatives
  "log_share",
  "substitution_logit", // the synonym model's log-odds that the word is a substitution
  "document_density", // log(1 + substitution hits per 1,000 tokens of the document): how heavily it is spun
] as const;

/** Features of a candidate for the restoration model. */
export function restoreFeatures(
  c: Pick<SubstitutionCandidate, "features" | "share">,
  p: number,
  density: number,
): number[] {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return [...c.features, c.share, Math.log(Math.max(1e-6, c.share)), Math.log(q / (1 - q)), density];
}

/** log(1 + hits per 1,000 tokens): the share of candidates the synonym model calls substitutions. */
export function substitutionDensity(probabilities: number[], tokens: number, minProbability: number): number {
  let hits = 0;
  for (const p of probabilities) if (p >= minProbability) hits++;
  return lg((hits * 1000) / Math.max(1, tokens));
}

/** One scored candidate position. */
export interface SubstitutionCandidate {
  /** Token index of the first word and number of words. */
  index: number;
  length: number;
  features: number[];
  /** Best-fitting original and the share of evidence it has among the alternatives (0..1). */
  original: string;
  share: number;
  /** The written form (lower-case words joined by one space). */
  form: string;
  /** Every original the written form may stand for (sorted), for re-ranking by restore-ranker.ts. */
  originals: readonly string[];
  /** The neighbouring words the fit is measured against. */
  context: CandidateContext;
}

/**
 * Candidate substitutions in a token list: every position where a spun form of the resources
 * starts (longest form wins), with its features and best original.
 */
export function substitutionCandidates(
  text: string,
  toks: WordToken[],
  res: Pick<SpinResources, "counts" | "spunByFirstWord">,
): SubstitutionCandidate[] {
  const out: SubstitutionCandidate[] = [];
  const { counts } = res;
  for (let i = 0; i < toks.length; i++) {
    const forms = res.spunByFirstWord.get(toks[i]!.norm);
    if (!forms) continue;
    let form: SpunForm | null = null;
    for (const f of forms) {
      const n = f.words.length;
      if (i + n > toks.length) continue;
      let ok = true;
      for (let k = 1; k < n && ok; k++)
        if (toks[i + k]!.norm !== f.words[k] || !adjacent(text, toks[i + k - 1]!, toks[i + k]!)) ok = false;
      if (ok) {
        form = f;
        break;
      }
    }
    if (!form) continue;
    const n = form.words.length;
    // A phrase clean news uses often ("as well", "go on") is no spinner's tell.
    if (n > 1 && counts.bigram(form.words[0]!, form.words[1]!) >= 2) {
      i += n - 1;
      continue;
    }
    const first = toks[i]!;
    const last = toks[i + n - 1]!;
    const left = i > 0 && !first.sentenceStart && adjacent(text, toks[i - 1]!, first) ? toks[i - 1]!.norm : null;
    const right =
      i + n < toks.length && !toks[i + n]!.sentenceStart && adjacent(text, last, toks[i + n]!)
        ? toks[i + n]!.norm
        : null;
    const obs =
      (left ? lg(counts.bigram(left, form.words[0]!)) : 0) + (right ? lg(counts.bigram(form.words[n - 1]!, right)) : 0);
    let best = "";
    let bestFit = -1;
    let bestScore = -Infinity;
    let total = 0;
    const scored: Array<[string, number, number]> = [];
    for (const o of form.originals) {
      const ow = o.split(" ");
      const fit =
        (left ? lg(counts.bigram(left, ow[0]!)) : 0) + (right ? lg(counts.bigram(ow[ow.length - 1]!, right)) : 0);
      // Rank by collocation fit first, then by frequency (a spinner picks rare words).
      const score = fit * 2 + lg(counts.unigram(o)) * 0.25;
      scored.push([o, fit, score]);
      if (score > bestScore) {
        bestScore = score;
        bestFit = fit;
        best = o;
      }
    }
    for (const [, , s] of scored) total += Math.exp(s - bestScore);
    const wordCount = n === 1 ? counts.unigram(form.words[0]!) : 0;
    const features = [
      obs,
      bestFit,
      bestFit - obs,
      lg(wordCount),
      lg(counts.unigram(best)) - lg(wordCount),
      n > 1 ? 1 : 0,
      (left ? 1 : 0) + (right ? 1 : 0),
      obs === 0 && (left || right) ? 1 : 0,
      wordCount === 0 && n === 1 ? 1 : 0,
    ];
    const left2 =
      left && i > 1 && !toks[i - 1]!.sentenceStart && adjacent(text, toks[i - 2]!, toks[i - 1]!)
        ? toks[i - 2]!.norm
        : null;
    const right2 =
      right &&
      i + n + 1 < toks.length &&
      !toks[i + n + 1]!.sentenceStart &&
      adjacent(text, toks[i + n]!, toks[i + n + 1]!)
        ? toks[i + n + 1]!.norm
        : null;
    out.push({
      index: i,
      length: n,
      features,
      original: best,
      share: 1 / total,
      form: form.words.join(" "),
      originals: form.originals,
      context: { left, right, left2, right2, formFirst: form.words[0]! },
    });
    i += n - 1;
  }
  return out;
}

/**
 * The original to restore at a candidate and its share of the evidence. With the learned ranker
 * (restore-ranker.ts) the share is the probability that this position is a swap AND this original
 * the word replaced (the written form competes as the "stay" choice; `p` is the synonym model's
 * probability, `density` the document's {@link substitutionDensity}, `document` its own word counts
 * and, with withSpinnerEvidence (restore-ranker.ts), its reading of the spinner: in a document that reads as
 * consistently spun the scores at the form's other positions are averaged in, weighted by that
 * reading); without it, the fixed scorer's choice and its share among the originals.
 */
export function restorationChoice(
  c: Pick<SubstitutionCandidate, "original" | "share" | "originals" | "context"> & { form: string },
  res: Pick<SpinResources, "counts" | "synonyms" | "ranker">,
  p: number,
  density: number,
  document: DocumentCounts | null,
): { original: string; share: number } {
  const ranker = res.ranker;
  if (!ranker || c.originals.length === 0) return { original: c.original, share: c.share };
  const evidence = {
    counts: res.counts,
    skips: ranker.skips,
    thesaurusSize: (o: string) => res.synonyms.get(o)?.length ?? 1,
    document,
    substitutionLogit: logit(p),
    density,
  };
  const features = choiceFeatures(c.form, c.originals, c.context, evidence);
  // A consistent spinner makes one decision for every occurrence of a word: the choice's scores at
  // the form's other positions are averaged in, as far as the document reads as consistently spun.
  const spinner = document?.spinner;
  const others = spinner ? spinner.othersOf(c.context) : [];
  if (!spinner || others.length === 0) return bestOriginal(c.originals, rankProbabilities(features, ranker.model));
  const scoresHere = choiceScores(features, ranker.model);
  const mean = scoresHere.map((x) => x / (others.length + 1));
  for (const ctx of others) {
    const s = choiceScores(
      choiceFeatures(c.form, c.originals, ctx, { ...evidence, substitutionLogit: spinner.logitAt(ctx) }),
      ranker.model,
    );
    s.forEach((x, k) => (mean[k]! += x / (others.length + 1)));
  }
  const w = spinner.consistency;
  return bestOriginal(c.originals, softmax(scoresHere.map((x, k) => (1 - w) * x + w * mean[k]!)));
}

/** Probability that a candidate is a spinner's substitution, from the learned weights. */
export function substitutionProbability(
  features: number[],
  model: Pick<SubstitutionModel, "weights" | "bias">,
): number {
  let z = model.bias;
  for (let k = 0; k < features.length; k++) z += (model.weights[k] ?? 0) * features[k]!;
  return 1 / (1 + Math.exp(-z));
}

/** Counts held in maps, for building and for evaluation. */
export function countsFromMaps(unigrams: Map<string, number>, bigrams: Map<string, number>): NgramCounts {
  return {
    unigram: (w) => unigrams.get(w) ?? 0,
    bigram: (l, r) => bigrams.get(`${l} ${r}`) ?? 0,
  };
}

/** Inverts original → spun forms into the lookup the detector uses. */
export function indexSpunForms(synonyms: Map<string, string[]>): Map<string, SpunForm[]> {
  // Plain arrays, not a Set per form: this runs at every process start (≈ 120k forms).
  const byForm = new Map<string, string[]>();
  for (const [original, spuns] of synonyms) {
    for (const s of spuns) {
      const list = byForm.get(s);
      if (!list) byForm.set(s, [original]);
      else if (!list.includes(original)) list.push(original);
    }
  }
  const out = new Map<string, SpunForm[]>();
  for (const [form, originals] of byForm) {
    const words = form.split(" ");
    const list = out.get(words[0]!);
    const entry = { words, originals: originals.sort() };
    if (list) list.push(entry);
    else out.set(words[0]!, [entry]);
  }
  for (const list of out.values()) if (list.length > 1) list.sort((a, b) => b.words.length - a.words.length);
  return out;
}

/** An array of numbers, checked with one loop (a per-element schema costs ~100 ms at start-up here). */
const numbers = z.custom<number[]>(
  (v) => Array.isArray(v) && v.every((x) => typeof x === "number"),
  "expected an array of numbers",
);
/** An array of strings, checked likewise. */
const strings = z.custom<string[]>(
  (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
  "expected an array of strings",
);
/** [index, [indices]] pairs, checked likewise. */
const indexLists = z.custom<Array<[number, number[]]>>(
  (v) =>
    Array.isArray(v) &&
    v.every(
      (x) =>
        Array.isArray(x) &&
        x.length === 2 &&
        typeof x[0] === "number" &&
        Array.isArray(x[1]) &&
        (x[1] as unknown[]).every((y) => typeof y === "number"),
    ),
  "expected [index, [indices]] pairs",
);

const ModelSchema = z.object({
  features: z.array(z.string()),
  weights: z.array(z.number()),
  bias: z.number(),
  minProbability: z.number(),
  minRestoreConfidence: z.number(),
});

const ResourceSchema = z.object({
  about: z.string(),
  sources: z.array(z.string()),
  vocab: strings,
  /** Count of vocab[k] in clean news (0 for words only known as synonyms). */
  unigrams: numbers,
  /** Flat [left, right, count, …] vocab indices. */
  bigrams: numbers,
  /** [original, [spun forms]] as vocab indices. */
  synonyms: indexLists,
  /** [original, [broader-thesaurus forms]] as vocab indices. */
  broadSynonyms: indexLists,
  names: strings,
  nameWords: z.record(z.string(), strings),
  realNames: strings,
  model: ModelSchema,
  broadModel: ModelSchema,
  restoreModel: z.object({ features: z.array(z.string()), weights: z.array(z.number()), bias: z.number() }).optional(),
});

/** The shipped resource file, as validated JSON. */
export type SpinResourceData = z.infer<typeof ResourceSchema>;

/** Compiles validated resource data. @throws DossierError BAD_INPUT when it does not fit the schema */
export function compileResources(raw: unknown): SpinResources {
  const parsed = ResourceSchema.safeParse(raw);
  if (!parsed.success) throw new DossierError("BAD_INPUT", `spin resources are invalid: ${parsed.error.message}`);
  const d = parsed.data;
  if (d.model.features.join() !== FEATURE_NAMES.join() || d.broadModel.features.join() !== FEATURE_NAMES.join())
    throw new DossierError("BAD_INPUT", "spin resources were built for other features; rebuild them");
  if (d.restoreModel && d.restoreModel.features.join() !== RESTORE_FEATURE_NAMES.join())
    throw new DossierError("BAD_INPUT", "spin resources were built for other restoration features; rebuild them");
  const unigrams = new Map<string, number>();
  d.vocab.forEach((w, k) => {
    if (d.unigrams[k]) unigrams.set(w, d.unigrams[k]!);
  });
  const bigrams = new Map<string, number>();
  for (let k = 0; k + 2 < d.bigrams.length; k += 3)
    bigrams.set(`${d.vocab[d.bigrams[k]!]} ${d.vocab[d.bigrams[k + 1]!]}`, d.bigrams[k + 2]!);
  const synonyms = new Map<string, string[]>();
  for (const [o, spuns] of d.synonyms)
    synonyms.set(
      d.vocab[o]!,
      spuns.map((s) => d.vocab[s]!),
    );
  const broad = new Map<string, string[]>();
  for (const [o, spuns] of d.broadSynonyms)
    broad.set(
      d.vocab[o]!,
      spuns.map((s) => d.vocab[s]!),
    );
  const names = new Map<string, string>();
  let maxNameWords = 0;
  for (const n of d.names) {
    names.set(n.toLowerCase(), n);
    maxNameWords = Math.max(maxNameWords, n.split(" ").length);
  }
  // The broader thesaurus is read only in texts flagged spun: indexed on first use, not at start-up.
  let broadIndex: Map<string, SpunForm[]> | null = null;
  return {
    counts: countsFromMaps(unigrams, bigrams),
    synonyms,
    spunByFirstWord: indexSpunForms(synonyms),
    model: d.model,
    get broadSpunByFirstWord() {
      broadIndex ??= indexSpunForms(broad);
      return broadIndex;
    },
    broadSynonyms: broad,
    broadModel: d.broadModel,
    restoreModel: d.restoreModel ?? null,
    names,
    maxNameWords,
    nameWords: new Map(Object.entries(d.nameWords)),
    realNames: new Set(d.realNames.map((n) => n.toLowerCase())),
  };
}

let cache: SpinResources | null = null;

/** The shipped resources, compiled once. @throws DossierError INTERNAL when the file is missing or unreadable */
export function defaultSpinResources(): SpinResources {
  if (!cache) {
    const path = dataPath("provenance", "spin-resources.json.gz");
    let raw: unknown;
    try {
      raw = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
    } catch (err) {
      throw new DossierError("INTERNAL", `cannot read spin resources at ${path}`, { cause: err });
    }
    const compiled = compileResources(raw);
    compiled.ranker = defaultRestoreRanker();
    cache = compiled;
  }
  return cache;
}
