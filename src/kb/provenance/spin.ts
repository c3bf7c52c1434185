/**
 * Spin detection and restoration. A word-by-word synonym spinner swaps words for thesaurus entries
 * and leaves tell-tale forms behind; we score hits per 1,000 tokens. Five signals:
 *
 * - `substitution` (learned, the main signal): a word that is a WordNet synonym of a frequent word
 *   and fits its neighbours worse than that word does in clean news ("rare synonym in a frequent
 *   collocation"); weights learned on simulated spins (src/kb/provenance/substitution.ts);
 * - `name`: a fixed multi-word name of the Phoenix dictionaries with one word swapped for a WordNet
 *   synonym (an office "Minister of Protection" for "Minister of Defense");
 * - `lexicon`: fingerprint phrases of known spinners (data/provenance/spin-lexicon.json);
 * - `doubled-article`: "a a", "the the" — the spinner's article left before a swapped phrase;
 * - `article-agreement`: "a analysis", "an dialogue" — the spinner swapped the noun but left the
 *   article chosen for the old word (not restorable: the original word is unknown).
 *
 * A flagged text needs its weighted hits to be significantly above the rate of clean text of its
 * length (one-sided Poisson test, {@link SPIN_DEFAULTS}). In a flagged text, forms of a broader
 * thesaurus (WordNet neighbours beyond synonyms) are also proposed for restoration, weight 0.
 *
 * Nothing here was written from the seed corpus or examples/ (they are test fixtures).
 * The spun text stays the cited source: every hit and restoration carries offsets into it.
 */
import type { Restoration } from "../../model/records.js";
import { DossierError } from "../../util/errors.js";
import { defaultLexicon, type CompiledLexicon } from "./lexicon.js";
import { documentCounts, withSpinnerEvidence, type DocumentCounts } from "./restore-ranker.js";
import {
  defaultSpinResources,
  restoreFeatures,
  restorationChoice,
  substitutionCandidates,
  substitutionDensity,
  substitutionProbability,
  type SpinResources,
} from "./substitution.js";
import { adjacent, assertProcessableText, tokenize, type WordToken } from "./text.js";

/** Which signal found a hit. */
export type SpinSignal = "lexicon" | "name" | "doubled-article" | "article-agreement" | "substitution";

/**
 * One spun form found in a text: `text.slice(start, end) === spun`, with its likely original — a
 * {@link Restoration} candidate plus the signal that found it and the weight it adds to the score.
 */
export interface SpinHit extends Restoration {
  signal: SpinSignal;
  /** Evidence weight the hit adds to the score. */
  weight: number;
}

export interface SpinResult {
  /** Weighted hits per 1,000 word tokens. */
  score: number;
  is_spun: boolean;
  hits: SpinHit[];
}

/** Tuning of {@link detectSpin}; defaults were chosen for precision (see docs/decisions/040). */
export interface SpinOptions {
  lexicon?: CompiledLexicon;
  /** Learned resources (WordNet synonyms, clean-news counts, weights, names); the shipped ones by default. */
  resources?: SpinResources;
  /** Score (weighted hits per 1,000 tokens) at or above which a text is flagged. */
  threshold?: number;
  /** Fewest word tokens a text needs before it can be flagged. */
  minTokens?: number;
  /** Fewest distinct fingerprint forms (weight ≥ 1) a flagged text must contain. */
  minDistinctFingerprints?: number;
  /** In a text flagged spun, substitution hits down to this probability are kept (for restoration). */
  spunDocumentMinProbability?: number;
  /** Rate (weighted hits per 1,000 tokens) a clean text may show; the hits must be significantly above it. */
  cleanRate?: number;
  /** Propose restorations from the broader thesaurus in flagged texts (default true). */
  broadThesaurus?: boolean;
  /** Largest chance of the observed hits under {@link SpinOptions.cleanRate} (Poisson) for a text to be flagged. */
  significance?: number;
}

/**
 * Default flagging thresholds: score ≥ 12 per 1,000 tokens (just above the highest score of any clean
 * dev document, 11.2; scripts/eval-spin.ts dev), ≥ 60 tokens, ≥ 3 distinct fingerprint forms, and
 * hits significantly above the clean rate: a short text with three chance hits has a high score
 * but little evidence. The clean rate is the 90th percentile of clean dev documents of ≥ 150
 * tokens (3.96 per 1,000); the test is one-sided Poisson at the conventional 1 % level.
 */
export const SPIN_DEFAULTS = {
  threshold: 12,
  minTokens: 60,
  minDistinctFingerprints: 3,
  spunDocumentMinProbability: 0.6,
  cleanRate: 4,
  significance: 0.01,
} as const;

/** P(X ≥ k) for X ~ Poisson(mean). */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  // Terms in log space: exp(-mean) underflows to 0 past a mean of ~745 (a very long document).
  let logTerm = -mean;
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += Math.exp(logTerm);
    logTerm += Math.log(mean / (i + 1));
  }
  return Math.min(1, Math.max(0, 1 - below));
}

/**
 * Restoration below this confidence is recorded as a hit but not applied. A substitution hit's
 * confidence is the learned ranker's probability that the word is a swap AND the proposed original
 * the word replaced (restore-ranker.ts); the cut is the lowest at which restorations of simulated
 * spins of dev text stay at least as precise as before the ranker (71.2 %; decision 109), on spins
 * made word by word and on spins that swap every occurrence of a word alike (decision 121). Every
 * other signal's confidence sits at or above 0.6 (lexicon, names, doubled articles, alignment with
 * the source, learned pairs: LEARNED_MIN_CONFIDENCE).
 */
export const RESTORE_MIN_CONFIDENCE = 0.4;

/**
 * The cut of the fixed scorer (p × share, used when the ranker is switched off): its confidences are
 * not probabilities, and below this it restored nothing before the ranker either.
 */
const FIXED_SCORER_MIN_CONFIDENCE = 0.6;

const ENGLISH_FUNCTION_WORDS = new Set(
  "the of and to a in is that for on with as was by at it from are be this have has an not but or which his her their they he she we were had been will would said".split(
    " ",
  ),
);
const ARTICLES = new Set(["a", "an", "the"]);
const NAME_CONNECTORS = new Set(["of", "for", "and", "the", "on", "in"]);

function isEnglishCode(lang: string): boolean {
  const l = lang.trim().toLowerCase();
  return l === "en" || l === "eng" || l.startsWith("en-") || l.startsWith("en_") || l === "und" || l === "";
}

const isUpper = (c: string) => c !== "" && c === c.toUpperCase() && c !== c.toLowerCase();
const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Gives `replacement` the capitalisation of `template`: Title Case for a title-cased span of several words, else a capital first letter if the template has one. */
function matchCase(template: string, replacement: string): string {
  const words = template.split(/\s+/).filter(Boolean);
  if (words.length > 1 && words.every((w) => isUpper(w.charAt(0))))
    return replacement.split(" ").map(capitalise).join(" ");
  return isUpper(template.charAt(0)) ? capitalise(replacement) : replacement;
}

function lexiconHits(text: string, toks: WordToken[], lex: CompiledLexicon): SpinHit[] {
  const hits: SpinHit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const candidates = lex.byFirstWord.get(toks[i]!.norm);
    if (!candidates) continue;
    for (const entry of candidates) {
      const n = entry.words.length;
      if (i + n > toks.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const t = toks[i + k]!;
        if (t.norm !== entry.words[k]) ok = false;
        else if (
          (entry.case === "exact" || entry.case === "exact-mid") &&
          t.raw.replace(/’/g, "'") !== entry.rawWords[k]
        )
          ok = false;
        else if (k > 0) {
          const sep = entry.separators[k];
          const prev = toks[i + k - 1]!;
          if (sep === null ? !adjacent(text, prev, t) : text.slice(prev.end, t.start).replace(/’/g, "'") !== sep)
            ok = false;
        }
      }
      if (!ok) continue;
      if ((entry.case === "mid" || entry.case === "exact-mid") && toks[i]!.sentenceStart) continue;
      const start = toks[i]!.start;
      const end = toks[i + n - 1]!.end;
      const spun = text.slice(start, end);
      hits.push({
        start,
        end,
        spun,
        original:
          entry.case === "exact" || entry.case === "exact-mid" ? entry.original : matchCase(spun, entry.original),
        confidence: entry.confidence,
        reason: `lexicon: "${entry.spun}" is a synonym spinner's rewrite of "${entry.original}"`,
        signal: "lexicon",
        weight: entry.weight,
      });
      break; // longest entry at this position wins
    }
  }
  return hits;
}

/** Title-case runs ("Ministry of Protection") whose spinner-reversed form is a known fixed name. */
function nameHits(
  text: string,
  toks: WordToken[],
  lex: Pick<SpinResources, "names" | "nameWords" | "maxNameWords" | "realNames">,
): SpinHit[] {
  const hits: SpinHit[] = [];
  let i = 0;
  while (i < toks.length) {
    if (!toks[i]!.capitalised) {
      i++;
      continue;
    }
    // Extend a run of capitalised words joined by connectors, all adjacent.
    let j = i;
    while (j + 1 < toks.length && adjacent(text, toks[j]!, toks[j + 1]!)) {
      const next = toks[j + 1]!;
      if (next.capitalised && !next.sentenceStart) j++;
      else if (
        NAME_CONNECTORS.has(next.raw) &&
        j + 2 < toks.length &&
        toks[j + 2]!.capitalised &&
        adjacent(text, next, toks[j + 2]!)
      )
        j += 2;
      else break;
    }
    let consumedTo = i;
    for (let a = i; a <= j; a++) {
      if (!toks[a]!.capitalised) continue;
      for (let b = Math.min(j, a + lex.maxNameWords - 1); b > a; b--) {
        if (!toks[b]!.capitalised) continue;
        const words = toks.slice(a, b + 1).map((t) => t.norm);
        const surface = words.join(" ");
        if (lex.names.has(surface) || lex.realNames.has(surface)) break; // a correct or attested name
        if (toks.slice(a, b + 1).some((t) => t.raw.length > 1 && t.raw === t.raw.toUpperCase())) continue; // acronyms, shouting
        const found = swappedNameOriginal(words, lex);
        if (!found) continue;
        const start = toks[a]!.start;
        const end = toks[b]!.end;
        hits.push({
          start,
          end,
          spun: text.slice(start, end),
          original: found,
          confidence: 0.85,
          reason: `name: "${text.slice(start, end)}" is the fixed name "${found}" (Phoenix dictionaries) with a word swapped for a WordNet synonym`,
          signal: "name",
          weight: 1,
        });
        consumedTo = b;
        break;
      }
      if (consumedTo > a) a = consumedTo;
    }
    i = j + 1;
  }
  return hits;
}

/**
 * The known fixed name that `words` (lower-cased) become when ONE word is swapped back for a name
 * word it is a WordNet neighbour of, or null. ("ministry of protection" → "Ministry of Defense".)
 */
export function swappedNameOriginal(words: string[], lex: Pick<SpinResources, "names" | "nameWords">): string | null {
  for (let k = 0; k < words.length; k++) {
    const alts = lex.nameWords.get(words[k]!);
    if (!alts) continue;
    for (const alt of alts) {
      const name = lex.names.get([...words.slice(0, k), alt, ...words.slice(k + 1)].join(" "));
      if (name) return name;
    }
  }
  return null;
}

function doubledArticleHits(text: string, toks: WordToken[]): SpinHit[] {
  const hits: SpinHit[] = [];
  for (let i = 0; i + 2 < toks.length; i++) {
    const a = toks[i]!;
    const b = toks[i + 1]!;
    if (!ARTICLES.has(a.norm) || !ARTICLES.has(b.norm) || b.capitalised || !adjacent(text, a, b)) continue;
    // "A a" at a heading or a list of letters ("a, a, b") is not prose: require a following word.
    const c = toks[i + 2]!;
    if (!adjacent(text, b, c) || ARTICLES.has(c.norm)) continue;
    hits.push({
      start: a.start,
      end: b.end,
      spun: text.slice(a.start, b.end),
      original: a.raw,
      confidence: 0.7,
      reason: `doubled-article: "${text.slice(a.start, b.end)}" (an article left behind before a swapped word)`,
      signal: "doubled-article",
      weight: 0.5,
    });
  }
  return hits;
}

// Vowel letters that do not take "an" ("a union", "a one-off", "a euro") are left out.
const A_BEFORE_VOWEL = /^(?:a|e(?!u)|i|o(?!ne|nce))[a-z]/;
const AN_BEFORE_CONSONANT = /^[bcdfgjklmnpqrstvwxz][a-z]/;

function articleAgreementHits(text: string, toks: WordToken[]): SpinHit[] {
  const hits: SpinHit[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const a = toks[i]!;
    const b = toks[i + 1]!;
    if ((a.norm !== "a" && a.norm !== "an") || b.capitalised || b.raw.length < 3 || !adjacent(text, a, b)) continue;
    if (!/^[a-z]+$/.test(b.raw) || ENGLISH_FUNCTION_WORDS.has(b.norm)) continue; // "Group A and B", abbreviations, numbers
    const wrong = a.norm === "a" ? A_BEFORE_VOWEL.test(b.raw) : AN_BEFORE_CONSONANT.test(b.raw);
    if (!wrong) continue;
    const spun = text.slice(a.start, b.end);
    hits.push({
      start: a.start,
      end: b.end,
      spun,
      original: spun,
      confidence: 0,
      reason: `article-agreement: "${spun}" — an article chosen for a different next word, left behind when the word was swapped`,
      signal: "article-agreement",
      weight: 0.5,
    });
  }
  return hits;
}

/**
 * Substitution hits with probability ≥ `minProbability`. Hits below the model's own cut carry weight
 * 0: they never raise the score, and are kept only when the document as a whole is flagged spun
 * (in a spun text a borderline word is far more likely to be a substitution: a higher prior).
 * With the learned ranker or a restoration model (SpinResources.restoreModel), `restoreOnly` collects
 * the candidates below `minProbability`, to be scored only once the text is flagged (clean texts pay
 * nothing for them) and proposed, where no other hit sits, when their calibrated confidence clears
 * the restoration cut.
 */
function substitutionHits(
  text: string,
  toks: WordToken[],
  res: SpinResources,
  minProbability: number,
  restoreOnly: Array<() => SpinHit | null> = [],
  documentEvidence: DocumentEvidence = {},
): SpinHit[] {
  const hits: SpinHit[] = [];
  const candidates = substitutionCandidates(text, toks, res);
  const ps = candidates.map((c) => substitutionProbability(c.features, res.model));
  const density = substitutionDensity(ps, toks.length, res.model.minProbability);
  // The learned ranker (restore-ranker.ts) chooses the original and gives a calibrated confidence;
  // the opt-in restoration model (restoreModel) replaces only the confidence.
  const ranker = res.restoreModel ? null : (res.ranker ?? null);
  const restoreCut = ranker?.minConfidence ?? RESTORE_MIN_CONFIDENCE;
  let document: DocumentCounts | undefined;
  documentEvidence.synonymHits = ps.filter((p) => p >= res.model.minProbability).length;
  documentEvidence.document = () =>
    (document ??= withSpinnerEvidence(documentCounts(toks), candidates, ps, res.model.minProbability));
  const hitAt = (k: number, below: boolean): SpinHit | null => {
    const c = candidates[k]!;
    const p = ps[k]!;
    const choice = ranker
      ? restorationChoice(
          c,
          res,
          p,
          density,
          (document ??= withSpinnerEvidence(documentCounts(toks), candidates, ps, res.model.minProbability)),
        )
      : c;
    const confidence = res.restoreModel
      ? // How likely this word is a swap AND its best original the word replaced (calibrated on dev spins).
        Math.round(substitutionProbability(restoreFeatures(c, p, density), res.restoreModel) * 1000) / 1000
      : ranker
        ? Math.round(choice.share * 1000) / 1000
        : restorationConfidence(p * c.share, Math.max(FIXED_SCORER_MIN_CONFIDENCE, res.model.minRestoreConfidence));
    if (below && confidence < restoreCut) return null;
    const first = toks[c.index]!;
    const last = toks[c.index + c.length - 1]!;
    const spun = text.slice(first.start, last.end);
    return {
      start: first.start,
      end: last.end,
      spun,
      original: matchCase(spun, choice.original),
      confidence,
      reason: `substitution: "${spun}" is a WordNet synonym of "${choice.original}", which fits this context better in clean news (p=${p.toFixed(3)}, ${ranker ? "restoration probability" : "share"} ${choice.share.toFixed(2)}${below ? ", in a heavily spun text" : ""})`,
      signal: "substitution",
      weight: p >= res.model.minProbability ? 1 : 0,
    };
  };
  for (const k of candidates.keys()) {
    const below = ps[k]! < Math.min(minProbability, res.model.minProbability);
    if (!below) hits.push(hitAt(k, false)!);
    // Proposed only once the text is flagged: ranked then, not in every clean text.
    else if (res.restoreModel || ranker) restoreOnly.push(() => hitAt(k, true));
  }
  return hits;
}

/**
 * Broader-thesaurus candidates ranked by the broad ranker (decision 148): the lowest broad-model
 * probability a position needs, and the lowest restoration probability at which its best original
 * is proposed (chosen on dev spins; RestoreRanker.broadMinProbability / broadMinConfidence override).
 */
export const BROAD_MIN_PROBABILITY = 0.3;
export const BROAD_RESTORE_MIN_CONFIDENCE = 0.9;

/**
 * The share of broader-thesaurus hits among a document's substitution hits, (B + 1) / (B + S + 2):
 * B broader-thesaurus candidates at p ≥ `broadMinProbability`, S synonym hits. On dev spins (rate 0.3)
 * its median is 0.22 for a spinner drawing from WordNet synonyms alone and 0.43 for one whose thesaurus
 * only partly agrees with them (90th / 10th percentiles 0.36 / 0.31).
 */
export function beyondSynonymsShare(
  broadProbabilities: readonly number[],
  broadMinProbability: number,
  synonymHits: number,
): number {
  let b = 0;
  for (const p of broadProbabilities) if (p >= broadMinProbability) b++;
  return (b + 1) / (b + synonymHits + 2);
}

/** Lowest {@link beyondSynonymsShare} at which the broad ranker proposes restorations (dev-tuned; decision 148). */
export const BROAD_MIN_SHARE = 0.33;

/** The document-level evidence the substitution signal computed, for later signals to reuse. */
interface DocumentEvidence {
  /** Candidates the synonym model calls substitutions (p ≥ its hit cut). */
  synonymHits?: number;
  /** Its word counts and spinner reading (computed on first call). */
  document?: () => DocumentCounts;
}

/** p × share rounded, or 0 below the fixed scorer's restoration cut. */
function restorationConfidence(confidence: number, minRestoreConfidence: number): number {
  const rounded = Math.round(confidence * 1000) / 1000;
  return rounded >= minRestoreConfidence ? rounded : 0;
}

/**
 * In a text already flagged spun: restorations proposed from the broader thesaurus (WordNet
 * neighbours beyond synonyms: "observe" for "track"), where no other hit sits. Weight 0 — they never
 * raise the score — and only those whose confidence clears the broad model's learned cut.
 */
function broadHits(
  text: string,
  toks: WordToken[],
  res: SpinResources,
  taken: SpinHit[],
  evidence: DocumentEvidence,
): SpinHit[] {
  const hits: SpinHit[] = [];
  const ranker = res.restoreModel ? null : (res.ranker ?? null);
  const candidates = substitutionCandidates(text, toks, {
    counts: res.counts,
    spunByFirstWord: res.broadSpunByFirstWord,
  });
  const ps = candidates.map((c) => substitutionProbability(c.features, res.broadModel));
  // How far the document's spinner went beyond WordNet's synsets: the share of broader-thesaurus hits
  // among all hits. Below the gate the fixed scorer and its strict cut choose, as before decision 148.
  const broadShare = beyondSynonymsShare(ps, res.broadModel.minProbability, evidence.synonymHits ?? 0);
  const gate = ranker?.broadMinShare ?? BROAD_MIN_SHARE;
  const broadRanker =
    ranker?.broad && evidence.document && broadShare >= gate ? { ...ranker, model: ranker.broad } : null;
  const minProbability = broadRanker
    ? (ranker!.broadMinProbability ?? BROAD_MIN_PROBABILITY)
    : res.broadModel.minProbability;
  const minConfidence = broadRanker
    ? (ranker!.broadMinConfidence ?? BROAD_RESTORE_MIN_CONFIDENCE)
    : res.broadModel.minRestoreConfidence;
  const broadRes = broadRanker ? { counts: res.counts, synonyms: res.broadSynonyms, ranker: broadRanker } : null;
  // The broad ranker's stay row reads the density of broader-thesaurus hits: how far this document's
  // spinner went beyond WordNet's synsets.
  const broadDensity = substitutionDensity(ps, toks.length, res.broadModel.minProbability);
  for (const [k, c] of candidates.entries()) {
    const p = ps[k]!;
    if (p < minProbability) continue;
    const first = toks[c.index]!;
    const last = toks[c.index + c.length - 1]!;
    if (taken.some((h) => h.start < last.end && first.start < h.end)) continue;
    const choice = broadRes
      ? restorationChoice(c, broadRes, p, broadDensity, evidence.document!())
      : { original: c.original, share: c.share };
    const confidence = Math.round((broadRes ? choice.share : p * c.share) * 1000) / 1000;
    if (confidence < minConfidence) continue;
    const spun = text.slice(first.start, last.end);
    hits.push({
      start: first.start,
      end: last.end,
      spun,
      original: matchCase(spun, choice.original),
      confidence,
      reason: `substitution (broader thesaurus): "${spun}" is a WordNet neighbour of "${choice.original}", which fits this context better in clean news (p=${p.toFixed(3)}, share ${choice.share.toFixed(2)})`,
      signal: "substitution",
      weight: 0,
    });
  }
  return hits;
}

/** Spans of the text covered by a lexicon exception (a real name that looks spun). */
function exceptionSpans(toks: WordToken[], lex: CompiledLexicon): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < toks.length; i++) {
    for (const ex of lex.exceptions) {
      if (i + ex.length > toks.length) continue;
      let ok = true;
      for (let k = 0; k < ex.length && ok; k++) if (toks[i + k]!.norm !== ex[k]) ok = false;
      if (ok) spans.push([toks[i]!.start, toks[i + ex.length - 1]!.end]);
    }
  }
  return spans;
}

/** Drops hits overlapping an earlier-kept hit; longer spans and higher weights are kept first. */
function resolveOverlaps(hits: SpinHit[]): SpinHit[] {
  const ordered = [...hits].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.weight - a.weight || a.start - b.start,
  );
  const kept: SpinHit[] = [];
  for (const h of ordered) {
    if (kept.some((k) => h.start < k.end && k.start < h.end)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Scores how strongly a text looks machine-spun and lists the spun forms found, each with exact
 * offsets and a likely original. Only English text is scored (the lexicon is English); other
 * languages give score 0.
 *
 * @param text the document's cleaned text (offsets in hits point into it)
 * @param lang ISO 639-1/3 code; `und` is treated as possibly English
 * @returns score = weighted hits per 1,000 word tokens; `is_spun` only when the score, the length
 *   and the number of distinct fingerprint forms all clear precision-tuned thresholds, and the hits are
 *   significantly more than a clean text of that length shows (one-sided Poisson test)
 * @throws DossierError BAD_INPUT for binary text, TOO_LARGE beyond 20 M characters
 * @example detectSpin(articleText, "en") // { score: 31.4, is_spun: true, hits: [{ spun: "negotiations", original: "talks", signal: "substitution", … }] }
 */
export function detectSpin(text: string, lang: string, options: SpinOptions = {}): SpinResult {
  assertProcessableText(text);
  if (!isEnglishCode(lang ?? "")) return { score: 0, is_spun: false, hits: [] };
  const toks = tokenize(text);
  if (toks.length === 0) return { score: 0, is_spun: false, hits: [] };
  const lex = options.lexicon ?? defaultLexicon();
  const res = options.resources ?? defaultSpinResources();
  const restoreOnly: Array<() => SpinHit | null> = [];
  const evidence: DocumentEvidence = {};
  const raw = [
    ...lexiconHits(text, toks, lex),
    ...nameHits(text, toks, res),
    ...doubledArticleHits(text, toks),
    ...articleAgreementHits(text, toks),
    ...substitutionHits(
      text,
      toks,
      res,
      options.spunDocumentMinProbability ?? SPIN_DEFAULTS.spunDocumentMinProbability,
      restoreOnly,
      evidence,
    ),
  ];
  const excepted = exceptionSpans(toks, lex);
  const hits = resolveOverlaps(raw.filter((h) => !excepted.some(([s, e]) => h.start < e && s < h.end)));
  // Each distinct form counts once: a real name or a house phrase repeated through one article is
  // one piece of evidence, not ten.
  const weightOfForm = new Map<string, number>();
  for (const h of hits) {
    const key = `${h.signal}\u0000${h.spun.toLowerCase()}`;
    weightOfForm.set(key, Math.max(weightOfForm.get(key) ?? 0, h.weight));
  }
  let weight = 0;
  for (const w of weightOfForm.values()) weight += w;
  const score = Math.round((weight / toks.length) * 1000 * 100) / 100;

  const threshold = options.threshold ?? SPIN_DEFAULTS.threshold;
  const minTokens = options.minTokens ?? SPIN_DEFAULTS.minTokens;
  const minDistinct = options.minDistinctFingerprints ?? SPIN_DEFAULTS.minDistinctFingerprints;
  const fingerprints = new Set(hits.filter((h) => h.weight >= 1).map((h) => h.spun.toLowerCase()));
  let functionWords = 0;
  for (const t of toks) if (ENGLISH_FUNCTION_WORDS.has(t.norm)) functionWords++;
  // Prose in English has ≥ 20 % function words; lists of names, tables and other languages do not.
  const looksLikeEnglishProse = functionWords / toks.length >= 0.2;
  // The hits must be more than a clean text of this length shows by chance.
  const expected = ((options.cleanRate ?? SPIN_DEFAULTS.cleanRate) * toks.length) / 1000;
  const significant =
    poissonTail(Math.floor(weight + 1e-9), expected) < (options.significance ?? SPIN_DEFAULTS.significance);
  const is_spun =
    looksLikeEnglishProse &&
    toks.length >= minTokens &&
    fingerprints.size >= minDistinct &&
    score >= threshold &&
    significant;
  if (!is_spun) return { score, is_spun, hits: hits.filter((h) => h.weight > 0 || h.signal !== "substitution") };
  const clear = (r: SpinHit, taken: SpinHit[]) =>
    !taken.some((h) => r.start < h.end && h.start < r.end) && !excepted.some(([s, e]) => r.start < e && s < r.end);
  const proposed: SpinHit[] = [];
  for (const propose of restoreOnly) {
    const r = propose();
    if (r && clear(r, hits)) proposed.push(r);
  }
  const restore = [...hits, ...proposed].sort((a, b) => a.start - b.start);
  if (options.broadThesaurus === false) return { score, is_spun, hits: restore };
  const withBroad = [...restore, ...broadHits(text, toks, res, restore, evidence)].sort((a, b) => a.start - b.start);
  return { score, is_spun, hits: withBroad };
}

/**
 * Undoes confident substitutions. Hits below {@link RESTORE_MIN_CONFIDENCE} are left as written.
 * Overlapping hits are resolved (longest first). Offsets of each restoration point into `text`.
 *
 * @returns `restored_text` for reading (never for citing) and the changes made
 * @throws DossierError BAD_INPUT when a hit's offsets do not match `text`
 * @example restoreText("the orbiter pictures", hits).restored_text // "the satellite pictures"
 */
export function restoreText(
  text: string,
  hits: ReadonlyArray<Pick<SpinHit, "start" | "end" | "spun" | "original" | "confidence" | "reason">>,
): {
  restored_text: string;
  restorations: Restoration[];
} {
  assertProcessableText(text);
  for (const h of hits) {
    if (!(h.start >= 0 && h.end <= text.length && h.start < h.end) || text.slice(h.start, h.end) !== h.spun) {
      throw new DossierError("BAD_INPUT", `spin hit [${h.start}, ${h.end}) "${h.spun}" does not match the text`);
    }
  }
  const usable = hits
    .filter((h) => h.confidence >= RESTORE_MIN_CONFIDENCE && h.original !== h.spun)
    .map((h) => ({ ...h, weight: 0, signal: "lexicon" as const }));
  const chosen = resolveOverlaps(usable);
  const restorations: Restoration[] = [];
  let out = "";
  let pos = 0;
  for (const h of chosen) {
    out += text.slice(pos, h.start) + h.original;
    pos = h.end;
    restorations.push({
      start: h.start,
      end: h.end,
      spun: h.spun,
      original: h.original,
      confidence: h.confidence,
      reason: h.reason,
    });
  }
  out += text.slice(pos);
  return { restored_text: out, restorations };
}
