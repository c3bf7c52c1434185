/**
 * Substitution pairs learned at run time from the corpus itself. When a spun copy and its source
 * are both in the corpus, aligning them (restoreFromSource) shows exactly which words this spinner
 * writes for which originals — its own thesaurus, which need not be WordNet ("go to" for "visit").
 * Those pairs are then applied, with a confidence, to spun documents whose source is not in the
 * corpus. A pair is trusted only when it is consistent: the spun form stood for the same original
 * in several aligned documents and was seldom left unchanged where the source had that very form.
 */
import type { Restoration } from "../../model/records.js";
import { assertProcessableText, tokenize, type WordToken } from "./text.js";

/** Longest spun form / original (in words) that is learned. */
const MAX_PAIR_WORDS = 3;

/** One spun form as seen in aligned copies. */
interface FormStats {
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

/**
 * Learns spun form → original pairs from copies aligned to their sources. Only word-for-word
 * stretches are kept (1–3 words each side, letters only, not a spelling variant): a number, a name
 * spelled otherwise or a rewritten clause is an edit, not a thesaurus entry.
 * @example learnSubstitutions([{ text: copy, restorations: restoreFromSource(copy, source, "s") }])
 */
export function learnSubstitutions(copies: ReadonlyArray<AlignedCopy>): LearnedSubstitutions {
  const forms = new Map<string, FormStats>();
  const stats = (key: string) => {
    let s = forms.get(key);
    if (!s) forms.set(key, (s = { originals: new Map(), changedDocs: 0, kept: 0, changed: 0 }));
    return s;
  };
  const perDoc: Array<{ toks: WordToken[]; changedSpans: Array<[number, number]> }> = [];
  for (const copy of copies) {
    assertProcessableText(copy.text);
    const seenHere = new Map<string, Set<string>>();
    const changedSpans: Array<[number, number]> = [];
    for (const r of copy.restorations) {
      changedSpans.push([r.start, r.end]);
      const spun = norm(r.spun);
      const original = norm(r.original);
      if (!isThesaurusPair(spun, original)) continue;
      const s = stats(spun);
      s.changed++;
      const set = seenHere.get(spun) ?? new Set<string>();
      set.add(original);
      seenHere.set(spun, set);
    }
    for (const [spun, originals] of seenHere) {
      const s = stats(spun);
      s.changedDocs++;
      for (const o of originals) s.originals.set(o, (s.originals.get(o) ?? 0) + 1);
    }
    perDoc.push({ toks: tokenize(copy.text), changedSpans });
  }
  // Occurrences of each learned form the alignment left alone: the spinner did not write them.
  const byFirst = indexByFirstWord(forms.keys());
  for (const { toks, changedSpans } of perDoc) {
    forEachFormOccurrence(toks, byFirst, (form, start, end) => {
      if (!changedSpans.some(([s, e]) => start < e && s < end)) forms.get(form)!.kept++;
    });
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
 * confidence; callers apply only those at or above their threshold (restoreText does).
 * @example learnedRestorations("They will go to Paris", learned) // [{ spun: "go to", original: "visit", confidence: 0.8, … }]
 */
export function learnedRestorations(text: string, learned: LearnedSubstitutions): Restoration[] {
  assertProcessableText(text);
  if (learned.forms.size === 0) return [];
  const byFirst = indexByFirstWord([...learned.forms.keys()].filter((f) => learned.forms.get(f)!.changedDocs > 0));
  const out: Restoration[] = [];
  forEachFormOccurrence(tokenize(text), byFirst, (form, start, end) => {
    const found = learnedOriginal(learned, form);
    if (!found) return;
    const spun = text.slice(start, end);
    const original = isUpper(spun.charAt(0))
      ? found.original.charAt(0).toUpperCase() + found.original.slice(1)
      : found.original;
    out.push({
      start,
      end,
      spun,
      original,
      confidence: found.confidence,
      reason: `learned from this corpus: in ${found.support} aligned spun cop${found.support === 1 ? "y" : "ies"} "${form}" stands for "${found.original}"`,
    });
  });
  return out;
}
