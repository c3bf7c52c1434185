/**
 * Order-insensitive sentence matching by content words: the evidence that joins a heavily reworded
 * copy (an aggregator's repost: paragraphs cut, sentences reordered, merged and split, clauses
 * moved, words swapped for synonyms, numbers written another way) to its source, where in-order
 * alignment and word 5-grams see only a third of the text.
 *
 * Each sentence becomes a set of content-word keys: function words dropped, a light suffix strip
 * ("talks"/"talked" → "talk"), numbers normalised ("1,500" → "1500", "three" → "3"), plus a
 * synonym key (the smallest of the word's WordNet synonyms and itself) so a swapped synonym still
 * meets its original. A sentence of one text matches a sentence of the other when most of its
 * content words are there; the pair's measure is the share of the text's content words that sit in
 * matched sentences, in any order. Two independent reports of one event share names, numbers and
 * quotations (left out before this step), but few of their sentences share most of their words.
 */
import type { WordToken } from "./text.js";

/** One sentence's content-word keys: exact (stemmed) keys and synonym-class keys, each sorted and unique. */
export interface SentenceKeys {
  stems: Int32Array;
  syn: Int32Array;
  /** Paragraph number of the sentence (0-based). */
  para: number;
}

/** Fewest content words a sentence needs to be matched (shorter ones carry too little evidence). */
export const MIN_SENTENCE_WORDS = 4;

const NUMBER_WORDS = new Map(
  "one two three four five six seven eight nine ten".split(" ").map((w, i) => [w, String(i + 1)] as const),
);

/** A light English suffix strip: plural, past, gerund and adverb endings; leaves short words alone. */
export function stem(word: string): string {
  let w = word.replace(/'s$/, "");
  if (w.length <= 4) return w;
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("ing") && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("es") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  return w.endsWith("e") && w.length > 4 ? w.slice(0, -1) : w;
}

/** Per synonym table: word → its (stem, synonym-class) keys, computed once per word. */
const wordKeyCache = new WeakMap<ReadonlyMap<string, ReadonlySet<string>>, Map<string, [string, string]>>();

function wordKeys(w: string, synonyms: ReadonlyMap<string, ReadonlySet<string>>): [string, string] {
  let cache = wordKeyCache.get(synonyms);
  if (!cache) wordKeyCache.set(synonyms, (cache = new Map()));
  let k = cache.get(w);
  if (!k) {
    const s = stem(w);
    let cls = s;
    for (const o of synonyms.get(w) ?? []) {
      const so = stem(o);
      if (so < cls) cls = so;
    }
    k = [s, `~${cls}`];
    if (cache.size < 500_000) cache.set(w, k);
  }
  return k;
}

function isDigits(s: string): boolean {
  for (let x = 0; x < s.length; x++) {
    const c = s.charCodeAt(x);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/**
 * Content-word keys of every sentence of `toks` (tokens of `text`, quotations already left out).
 * @param key maps a key string to a small integer (the caller's vocabulary)
 * @param synonyms word → its synonyms (WordNet and lexicon pairs, both directions)
 * @param isFunctionWord words that carry no content
 */
export function sentenceKeys(
  text: string,
  toks: readonly WordToken[],
  key: (s: string) => number,
  synonyms: ReadonlyMap<string, ReadonlySet<string>>,
  isFunctionWord: (w: string) => boolean,
): SentenceKeys[] {
  const out: SentenceKeys[] = [];
  let stems = new Set<number>();
  let syn = new Set<number>();
  let para = 0;
  let sentencePara = 0;
  const flush = () => {
    if (stems.size >= MIN_SENTENCE_WORDS)
      out.push({
        stems: Int32Array.from(stems).sort(),
        syn: Int32Array.from(syn).sort(),
        para: sentencePara,
      });
    stems = new Set();
    syn = new Set();
  };
  for (let x = 0; x < toks.length; x++) {
    const t = toks[x]!;
    if (x > 0 && text.slice(toks[x - 1]!.end, t.start).includes("\n")) para++;
    if (t.sentenceStart && x > 0) flush();
    if (t.sentenceStart || x === 0) sentencePara = para;
    let w = t.norm;
    if (isDigits(w)) {
      // "1,500" is two tokens: join a thousands group written with a comma.
      while (
        x + 1 < toks.length &&
        text.slice(toks[x]!.end, toks[x + 1]!.start) === "," &&
        /^\d{3}$/.test(toks[x + 1]!.raw)
      ) {
        w += toks[x + 1]!.raw;
        x++;
      }
      stems.add(key(`#${w}`));
      syn.add(key(`#${w}`));
      continue;
    }
    const n = NUMBER_WORDS.get(w);
    if (n) {
      stems.add(key(`#${n}`));
      syn.add(key(`#${n}`));
      continue;
    }
    if (w.length < 3 || isFunctionWord(w)) continue;
    const [s, cls] = wordKeys(w, synonyms);
    stems.add(key(s));
    syn.add(key(cls));
  }
  flush();
  return out;
}

function sharedCount(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return n;
}

/** Words of `s` found in `t`: exactly (by stem) or through a synonym class, whichever finds more. */
function overlap(s: SentenceKeys, t: SentenceKeys): number {
  return Math.max(sharedCount(s.stems, t.stems), sharedCount(s.syn, t.syn));
}

/** What {@link matchSentences} measured, for the side of the pair whose sentences are better explained. */
export interface SentenceMatch {
  /** Share of that side's content words in sentences matched to the other text. */
  cover: number;
  /** Sentences of that side matched. */
  matched: number;
  /** Sentences of that side. */
  sentences: number;
  /** Distinct paragraphs the matches spread over, the fewer of the two sides. */
  paragraphs: number;
  /** Content words of that side in matched sentences. */
  words: number;
  /** The other side's cover (the source's, when one text is a cut-down rewrite of the other). */
  otherCover: number;
  /**
   * Share of the other text's sentences between its first and last matched sentence: a shared
   * footer or boilerplate block spans a few sentences at one end; a rewrite spans most of its source.
   */
  otherSpan: number;
}

function coverOf(a: readonly SentenceKeys[], b: readonly SentenceKeys[], minShare: number): SentenceMatch {
  // Inverted index of b's sentences by exact key and by synonym class: only sentences sharing a word are compared.
  const byKey = new Map<number, number[]>();
  b.forEach((t, j) => {
    for (const k of t.stems) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(j);
  });
  let words = 0;
  let covered = 0;
  let matched = 0;
  const ownParas = new Set<number>();
  const otherParas = new Set<number>();
  let first = b.length;
  let last = -1;
  const seen = new Int32Array(b.length).fill(-1);
  a.forEach((s, i) => {
    words += s.stems.length;
    let best = 0;
    let bestJ = -1;
    for (const k of s.stems) {
      for (const j of byKey.get(k) ?? []) {
        if (seen[j] === i) continue;
        seen[j] = i;
        const o = overlap(s, b[j]!);
        if (o > best) {
          best = o;
          bestJ = j;
        }
      }
    }
    if (best >= 3 && best >= minShare * s.stems.length) {
      matched++;
      covered += s.stems.length;
      ownParas.add(s.para);
      otherParas.add(b[bestJ]!.para);
      first = Math.min(first, bestJ);
      last = Math.max(last, bestJ);
    }
  });
  return {
    cover: words ? covered / words : 0,
    matched,
    sentences: a.length,
    paragraphs: Math.min(ownParas.size, otherParas.size),
    words: covered,
    otherCover: 0,
    otherSpan: last >= first && b.length ? (last - first + 1) / b.length : 0,
  };
}

/**
 * Order-insensitive sentence matching of two texts: a sentence is matched when at least `minShare`
 * of its content words (and three or more) occur in one sentence of the other text. Returns the
 * measure of the side with the higher cover (the copy, when one text is a cut-down rewrite).
 * Cost: the sentences sharing a content word with each sentence, never all pairs.
 */
export function matchSentences(a: readonly SentenceKeys[], b: readonly SentenceKeys[], minShare = 0.5): SentenceMatch {
  const x = coverOf(a, b, minShare);
  const y = coverOf(b, a, minShare);
  return x.cover >= y.cover ? { ...x, otherCover: y.cover } : { ...y, otherCover: x.cover };
}
