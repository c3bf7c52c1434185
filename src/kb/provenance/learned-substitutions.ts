/**
 * Substitution pairs learned at run time from the corpus itself. When a spun copy and its source
 * are both in the corpus, aligning them (restoreFromSource) shows exactly which words this spinner
 * writes for which originals — its own thesaurus, which need not be WordNet ("go to" for "visit").
 * Those pairs are then applied, with a confidence, to spun documents whose source is not in the
 * corpus. A pair is trusted only when it is consistent: the spun form stood for the same original
 * in several aligned documents and was seldom left unchanged where the source had that very form.
 */
import type { Restoration } from "../../model/records.js";
import { restoreText } from "./spin.js";
import { assertProcessableText, tokenize, type WordToken } from "./text.js";

/**
 * Lowest confidence at which a learned pair is applied (dev calibration: right 72 % at 0.6–0.7;
 * decision 040). Kept apart from RESTORE_MIN_CONFIDENCE, which is calibrated for the detector's hits.
 */
export const LEARNED_MIN_CONFIDENCE = 0.6;

/** Longest spun form / original (in words) that is learned. */
const MAX_PAIR_WORDS = 3;

/** One spun form as seen in aligned copies. */
export interface FormStats {
  /** Original (lower case) → number of aligned documents that restored the form to it. */
  originals: Map<string, number>;
  /** Documents in which the form was restored (to anything). */
  changedDocs: number;
  /** Occurrences of the form the alignment left unchanged (the source has the same words there). */
  kept: number;
  /** Occurrences restored (all documents). */
  changed: number;
}

/** The spinner's substitutions read off aligned spun/source pairs of a corpus. */
export interface LearnedSubstitutions {
  /** Spun form (lower-case words joined by one space) → statistics. */
  forms: Map<string, FormStats>;
  /** Number of aligned documents learned from. */
  documents: number;
}

/** An aligned spun copy: its text and the source restorations that alignment found in it. */
export interface AlignedCopy {
  text: string;
  restorations: ReadonlyArray<Pick<Restoration, "start" | "end" | "spun" | "original">>;
}

const norm = (s: string) =>
  tokenize(s)
    .map((t) => t.norm)
    .join(" ");

/** What one aligned copy tells about the spinner: its swaps and the word sequences it left alone. */
export interface AlignedContribution {
  /** Spun form → the originals it stood for in this copy and how often it was restored. */
  swaps: Map<string, { originals: Set<string>; changed: number }>;
  /** Every letters-only sequence of 1–3 words outside the restored spans → occurrences. */
  kept: Map<string, number>;
}

/**
 * The evidence one aligned copy adds to the pair table. Only word-for-word stretches are swaps
 * (1–3 words each side, letters only, not a spelling variant): a number, a name spelled otherwise
 * or a rewritten clause is an edit, not a thesaurus entry. Tables are sums of these, so a table
 * does not depend on the order its copies arrived in.
 */
export function alignedContribution(copy: AlignedCopy): AlignedContribution {
  assertProcessableText(copy.text);
  const swaps = new Map<string, { originals: Set<string>; changed: number }>();
  const changedSpans: Array<[number, number]> = [];
  for (const r of copy.restorations) {
    changedSpans.push([r.start, r.end]);
    const spun = norm(r.spun);
    const original = norm(r.original);
    if (!isThesaurusPair(spun, original)) continue;
    let s = swaps.get(spun);
    if (!s) swaps.set(spun, (s = { originals: new Set(), changed: 0 }));
    s.changed++;
    s.originals.add(original);
  }
  const kept = new Map<string, number>();
  forEachWordSequence(tokenize(copy.text), (seq, start, end) => {
    if (!changedSpans.some(([s, e]) => start < e && s < end)) kept.set(seq, (kept.get(seq) ?? 0) + 1);
  });
  return { swaps, kept };
}

/** Calls `visit` for every letters-only run of 1–{@link MAX_PAIR_WORDS} consecutive words (a form candidate). */
export function forEachWordSequence(
  toks: ReadonlyArray<Pick<WordToken, "norm" | "start" | "end">>,
  visit: (seq: string, start: number, end: number) => void,
): void {
  for (let i = 0; i < toks.length; i++) {
    let seq = "";
    for (let k = 0; k < MAX_PAIR_WORDS && i + k < toks.length; k++) {
      const w = toks[i + k]!.norm;
      if (!LETTERS_ONLY.test(w)) break;
      seq = k === 0 ? w : `${seq} ${w}`;
      visit(seq, toks[i]!.start, toks[i + k]!.end);
    }
  }
}

const LETTERS_ONLY = /^[a-z']+$/;

/** Adds (sign 1) or removes (sign -1) one copy's contribution to the statistics of `form`. */
export function addContribution(
  stats: FormStats | undefined,
  form: string,
  c: AlignedContribution,
  sign: 1 | -1,
): FormStats | undefined {
  const swap = c.swaps.get(form);
  const kept = c.kept.get(form) ?? 0;
  if (!swap && !kept) return stats;
  const s: FormStats = stats
    ? { originals: new Map(stats.originals), changedDocs: stats.changedDocs, kept: stats.kept, changed: stats.changed }
    : { originals: new Map(), changedDocs: 0, kept: 0, changed: 0 };
  s.kept += sign * kept;
  if (swap) {
    s.changed += sign * swap.changed;
    s.changedDocs += sign;
    for (const o of swap.originals) {
      const n = (s.originals.get(o) ?? 0) + sign;
      if (n > 0) s.originals.set(o, n);
      else s.originals.delete(o);
    }
  }
  return s.changed === 0 && s.kept === 0 && s.changedDocs === 0 ? undefined : s;
}

/**
 * Learns spun form → original pairs from copies aligned to their sources (the sum of their
 * {@link alignedContribution}s; only forms some copy swapped are kept).
 * @example learnSubstitutions([{ text: copy, restorations: restoreFromSource(copy, source, "s") }])
 */
export function learnSubstitutions(copies: ReadonlyArray<AlignedCopy>): LearnedSubstitutions {
  const contributions = copies.map(alignedContribution);
  const forms = new Map<string, FormStats>();
  for (const c of contributions)
    for (const [form, swap] of c.swaps) {
      let s = forms.get(form);
      if (!s) forms.set(form, (s = { originals: new Map(), changedDocs: 0, kept: 0, changed: 0 }));
      s.changed += swap.changed;
      s.changedDocs++;
      for (const o of swap.originals) s.originals.set(o, (s.originals.get(o) ?? 0) + 1);
    }
  for (const c of contributions)
    for (const [form, s] of forms) {
      const kept = c.kept.get(form);
      if (kept) s.kept += kept;
    }
  return { forms, documents: copies.length };
}

function isThesaurusPair(spun: string, original: string): boolean {
  if (!spun || !original || spun === original) return false;
  const sw = spun.split(" ");
  const ow = original.split(" ");
  if (sw.length > MAX_PAIR_WORDS || ow.length > MAX_PAIR_WORDS) return false;
  if (!/^[a-z' ]+$/.test(spun) || !/^[a-z' ]+$/.test(original)) return false;
  // Spelling variants ("Kyiv"/"Kiev", "organise"/"organize") are house style, not a thesaurus swap.
  return sw.length > 1 || ow.length > 1 || editDistance(spun, original) > 2;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

function indexByFirstWord(forms: Iterable<string>): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const f of forms) {
    const words = f.split(" ");
    const list = byFirst.get(words[0]!) ?? [];
    list.push(words);
    byFirst.set(words[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return byFirst;
}

/** Calls `visit` for each occurrence (longest form first, no overlaps) of an indexed form in `toks`. */
function forEachFormOccurrence(
  toks: WordToken[],
  byFirst: Map<string, string[][]>,
  visit: (form: string, start: number, end: number, first: number, last: number) => void,
): void {
  for (let i = 0; i < toks.length; i++) {
    const cands = byFirst.get(toks[i]!.norm);
    if (!cands) continue;
    for (const words of cands) {
      if (i + words.length > toks.length) continue;
      let ok = true;
      for (let k = 1; k < words.length && ok; k++) if (toks[i + k]!.norm !== words[k]) ok = false;
      if (!ok) continue;
      const last = i + words.length - 1;
      visit(words.join(" "), toks[i]!.start, toks[last]!.end, i, last);
      i = last;
      break;
    }
  }
}

/** The original a learned form stands for, with its confidence, or null when the evidence is weak. */
export function learnedOriginal(
  learned: LearnedSubstitutions,
  form: string,
): { original: string; confidence: number; support: number } | null {
  const s = learned.forms.get(form);
  if (!s || s.changedDocs === 0) return null;
  let best = "";
  let bestDocs = 0;
  for (const [o, n] of s.originals) {
    if (n > bestDocs || (n === bestDocs && o < best)) {
      best = o;
      bestDocs = n;
    }
  }
  // Share of the form's occurrences that were this substitution, shrunk by how many documents
  // attest it (one document: at most 0.5; two: 0.67; four: 0.8).
  const share = (s.changed * (bestDocs / s.changedDocs)) / (s.changed + s.kept);
  const confidence = Math.round(share * (bestDocs / (bestDocs + 1)) * 1000) / 1000;
  return { original: best, confidence, support: bestDocs };
}

const isUpper = (c: string) => c !== "" && c === c.toUpperCase() && c !== c.toLowerCase();

/**
 * Restorations proposed by learned pairs in `text` (offsets into it), every one with its
 * confidence. Only forms whose confidence reaches `minConfidence` are looked for (longest first),
 * so a weak longer form never hides a trusted shorter one.
 * @example learnedRestorations("They will go to Paris", learned) // [{ spun: "go to", original: "visit", confidence: 0.8, … }]
 */
export function learnedRestorations(text: string, learned: LearnedSubstitutions, minConfidence = 0): Restoration[] {
  assertProcessableText(text);
  if (learned.forms.size === 0) return [];
  const found = new Map<string, NonNullable<ReturnType<typeof learnedOriginal>>>();
  for (const form of learned.forms.keys()) {
    const f = learnedOriginal(learned, form);
    if (f && f.confidence >= minConfidence) found.set(form, f);
  }
  const byFirst = indexByFirstWord(found.keys());
  const out: Restoration[] = [];
  forEachFormOccurrence(tokenize(text), byFirst, (form, start, end) => {
    const f = found.get(form)!;
    const spun = text.slice(start, end);
    const original = isUpper(spun.charAt(0)) ? f.original.charAt(0).toUpperCase() + f.original.slice(1) : f.original;
    out.push({
      start,
      end,
      spun,
      original,
      confidence: f.confidence,
      reason: `learned from this corpus: in ${f.support} aligned spun cop${f.support === 1 ? "y" : "ies"} "${form}" stands for "${f.original}"`,
    });
  });
  return out;
}

const overlaps = (x: { start: number; end: number }, y: { start: number; end: number }) =>
  x.start < y.end && y.start < x.end;

/**
 * The restoration of a spun copy whose source is not aligned to it: the detector's restorations
 * plus the learned pairs at or above {@link LEARNED_MIN_CONFIDENCE}; where both restore the same
 * words the more confident reading wins. Null when the learned pairs change nothing.
 */
export function withLearnedRestorations(
  text: string,
  detector: ReadonlyArray<Restoration>,
  learned: LearnedSubstitutions,
): ReturnType<typeof restoreText> | null {
  const fromCorpus = learnedRestorations(text, learned, LEARNED_MIN_CONFIDENCE).filter(
    (r) => r.original !== r.spun && !detector.some((h) => overlaps(h, r) && h.confidence > r.confidence),
  );
  if (!fromCorpus.length) return null;
  const fromDetector = detector.filter((r) => !fromCorpus.some((f) => overlaps(r, f)));
  return restoreText(text, [...fromCorpus, ...fromDetector]);
}
