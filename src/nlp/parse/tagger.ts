/**
 * A greedy averaged-perceptron part-of-speech tagger. It predicts one joint tag "UPOS|XPOS" per word
 * (117 combinations in EWT + GUM), so the parser gets the Penn tag's finer distinctions (VBD/VBN,
 * NN/NNS) while the layer reports the Universal tag.
 */
import { f1, f2, hashRange, hashString } from "./hash.js";
import { argmax, type AveragedPerceptron, type Scorer } from "./perceptron.js";
import type { TagDictionary } from "./tagdict.js";
import { canCacheTags, END, positionFeatures, START, START2, TagScoreCache } from "./tag-cache.js";

/** Most features a word can fire. */
export const MAX_TAG_FEATURES = 40;

/**
 * Normal form of a word for features: lower case, every digit 0 ("1,250" → "0,000"), so numbers
 * share weights.
 */
export function normWord(word: string): string {
  return /\d/.test(word) ? word.toLowerCase().replace(/\d/g, "0") : word.toLowerCase();
}

/** Collapsed shape: "Kim" → "Xx", "U.S." → "X.X.", "2023" → "d", "state-owned" → "x-x". */
export function shape(word: string): string {
  let out = "";
  let last = "";
  for (let i = 0; i < word.length && out.length < 8; i++) {
    const ch = word[i]!;
    const code = word.charCodeAt(i);
    let c: string;
    if (code >= 65 && code <= 90) c = "X";
    else if (code >= 97 && code <= 122) c = "x";
    else if (code >= 48 && code <= 57) c = "d";
    else if (code < 128) c = ch;
    else if (ch.toLowerCase() !== ch) c = "X";
    else if (ch.toUpperCase() !== ch) c = "x";
    else c = ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/**
 * Parses a "word<TAB>hex" cluster file (lower-cased word, two hex digits: 16 top clusters × 16
 * sub-clusters; data/nlp/parser/word-clusters.tsv.gz) into a map of cluster ids 1…256.
 */
export function parseWordClusters(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) out.set(line.slice(0, tab), parseInt(line.slice(tab + 1), 16) + 1);
  }
  return out;
}

/** Per-word hashes computed once per sentence and shared by tagger and parser. */
export interface WordHashes {
  n: number;
  /** Normalised word. */
  word: Int32Array;
  /** Word as written (case kept). */
  cased: Int32Array;
  suf2: Int32Array;
  suf3: Int32Array;
  suf4: Int32Array;
  pre1: Int32Array;
  shape: Int32Array;
  /**
   * Distributional word cluster per word (1…256; 0 unknown word), or null when the model has no
   * cluster features.
   */
  cluster: Int32Array | null;
  /**
   * Joint tag given by the model's tag dictionary per word (-1: the word is scored), or null when no
   * dictionary was given ({@link TagDictionary}).
   */
  fixedTag: Int32Array | null;
}

/** Hashes of one word form, kept across sentences (most words of a text are frequent words). */
interface WordEntry {
  norm: string;
  word: number;
  cased: number;
  suf2: number;
  suf3: number;
  suf4: number;
  pre1: number;
  shape: number;
  /** Cluster map `cluster` was read from (null: not yet). */
  of: WordClusters | null;
  cluster: number;
  /** Tag dictionary `fixedTag` was read from (null: not yet). */
  dictOf: TagDictionary | null;
  /** The dictionary's tag of the word as written, -1 when it has none. */
  fixedTag: number;
}

/** Word forms whose hashes are kept; the cache is emptied when full (a few MB at most). */
const WORD_CACHE_SIZE = 50_000;
const wordCache = new Map<string, WordEntry>();

/** Word → cluster id (1…256), as {@link parseWordClusters} reads it. */
export type WordClusters = ReadonlyMap<string, number>;

/**
 * Hashes the words of one sentence.
 * @param clusters the model's word clusters (null: a model without cluster features)
 * @param dictionary the model's tag dictionary (null: every word is scored)
 */
export function hashWords(
  words: readonly string[],
  clusters: WordClusters | null = null,
  dictionary: TagDictionary | null = null,
): WordHashes {
  const n = words.length;
  const h: WordHashes = {
    n,
    word: new Int32Array(n),
    cased: new Int32Array(n),
    suf2: new Int32Array(n),
    suf3: new Int32Array(n),
    suf4: new Int32Array(n),
    pre1: new Int32Array(n),
    shape: new Int32Array(n),
    cluster: clusters ? new Int32Array(n) : null,
    fixedTag: dictionary ? new Int32Array(n) : null,
  };
  const cl = h.cluster;
  const fixed = h.fixedTag;
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    let e = wordCache.get(w);
    if (e === undefined) {
      const norm = normWord(w);
      e = {
        norm,
        word: hashString(norm),
        cased: hashString(w),
        // as hashString(norm.slice(-2)) and so on, without making the slices
        suf2: hashRange(norm, norm.length - 2, norm.length),
        suf3: hashRange(norm, norm.length - 3, norm.length),
        suf4: hashRange(norm, norm.length - 4, norm.length),
        pre1: hashRange(norm, 0, 1),
        shape: hashString(shape(w)),
        of: null,
        cluster: 0,
        dictOf: null,
        fixedTag: -1,
      };
      if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
      wordCache.set(w, e);
    }
    h.word[i] = e.word;
    h.cased[i] = e.cased;
    h.suf2[i] = e.suf2;
    h.suf3[i] = e.suf3;
    h.suf4[i] = e.suf4;
    h.pre1[i] = e.pre1;
    h.shape[i] = e.shape;
    if (cl) {
      if (e.of !== clusters) {
        e.of = clusters;
        e.cluster = clusters!.get(e.norm) ?? 0;
      }
      cl[i] = e.cluster;
    }
    if (fixed) {
      if (e.dictOf !== dictionary) {
        e.dictOf = dictionary;
        e.fixedTag = dictionary!.get(w) ?? -1;
      }
      fixed[i] = e.fixedTag;
    }
  }
  return h;
}

/**
 * Features of word `i` given the two previous predicted tags; returns how many were written: the
 * word's own (templates 1–5, 19, 22, 23), those of its position and context ({@link positionFeatures},
 * shared with the tag-score cache), then the cluster features of models that have them.
 */
export function tagFeatures(h: WordHashes, i: number, t1: number, t2: number, out: Uint32Array): number {
  const n = h.n;
  let k = 0;
  out[k++] = f1(1, 0);
  out[k++] = f1(2, h.word[i]!);
  out[k++] = f1(3, h.suf3[i]!);
  out[k++] = f1(4, h.pre1[i]!);
  out[k++] = f1(5, h.shape[i]!);
  k += positionFeatures(h, i, t1, t2, out, k);
  out[k++] = f1(19, h.suf2[i]!);
  out[k++] = f1(22, h.cased[i]!);
  out[k++] = f1(23, h.suf4[i]!);
  const c = h.cluster;
  if (c) {
    const c0 = c[i]!;
    const cm1 = i > 0 ? c[i - 1]! : START;
    const cp1 = i + 1 < n ? c[i + 1]! : END;
    out[k++] = f1(27, c0);
    out[k++] = f2(28, c0 === 0 ? -1 : (c0 - 1) >> 4, t1);
    out[k++] = f2(29, cm1, c0);
    out[k++] = f2(30, c0, cp1);
    out[k++] = f1(31, cp1);
    out[k++] = f2(32, c0, h.suf3[i]!);
  }
  if (tagMask) {
    let j = 0;
    for (let q = 0; q < k; q++) if (!tagMask[q]) out[j++] = out[q]!;
    return j;
  }
  return k;
}

/** Output positions of {@link tagFeatures} left out (template ablation in training experiments; null in normal use). */
let tagMask: Uint8Array | null = null;

/** Leaves out the tagger features at the given output positions (null: keep all). For ablations. */
export function setTagFeatureMask(drop: readonly number[] | null): void {
  if (!drop || drop.length === 0) {
    tagMask = null;
    return;
  }
  tagMask = new Uint8Array(MAX_TAG_FEATURES);
  for (const d of drop) tagMask[d] = 1;
}

/** Cached partial scores of the last model tagged with (null: none yet, or one whose sums are not exact). */
let tagCache: TagScoreCache | null = null;
let tagCacheModel: Scorer | null = null;

/** The tag-score cache of `model`, or null when its sums are not exact ({@link canCacheTags}). */
function tagCacheFor(model: Scorer): TagScoreCache | null {
  if (tagCacheModel !== model) {
    tagCacheModel = model;
    tagCache = canCacheTags(model, MAX_TAG_FEATURES) ? new TagScoreCache(model) : null;
  }
  return tagCache;
}

/** Buffers reused across sentences (tagging is synchronous). */
const tagScratch = { feats: new Uint32Array(MAX_TAG_FEATURES), scores: new Float64Array(128) };

/**
 * Tags a sentence greedily; returns joint tag ids. A word with a dictionary tag ({@link WordHashes.fixedTag})
 * takes it without scoring; it still counts as the previous tag of the words after it.
 */
export function tagIds(model: Scorer, h: WordHashes): Int32Array {
  const tags = new Int32Array(h.n);
  const feats = tagScratch.feats;
  if (tagScratch.scores.length < model.nClasses) tagScratch.scores = new Float64Array(model.nClasses);
  const scores = tagScratch.scores;
  const fixed = h.fixedTag;
  // per-word partial sums, when they are exact (src/nlp/parse/tag-cache.ts); ablations and clusters score all
  const cache = tagMask === null && h.cluster === null ? tagCacheFor(model) : null;
  let t1 = START;
  let t2 = START2;
  for (let i = 0; i < h.n; i++) {
    if (fixed && fixed[i]! >= 0) {
      const t = fixed[i]!;
      tags[i] = t;
      t2 = t1;
      t1 = t;
      continue;
    }
    if (cache) {
      cache.wordPart(h, i, scores);
      model.score(feats, positionFeatures(h, i, t1, t2, feats), scores);
    } else {
      const nf = tagFeatures(h, i, t1, t2, feats);
      scores.fill(0);
      model.score(feats, nf, scores);
    }
    let t = 0;
    for (let c = 1; c < model.nClasses; c++) if (scores[c]! > scores[t]!) t = c;
    tags[i] = t;
    t2 = t1;
    t1 = t;
  }
  return tags;
}

/**
 * One training pass over one sentence (predicted previous tags, as at run time).
 * @returns number of words tagged correctly
 */
export function trainTagSentence(model: AveragedPerceptron, h: WordHashes, gold: ArrayLike<number>): number {
  const feats = new Uint32Array(MAX_TAG_FEATURES);
  const scores = new Float64Array(model.nClasses);
  let t1 = START;
  let t2 = START2;
  let correct = 0;
  for (let i = 0; i < h.n; i++) {
    const nf = tagFeatures(h, i, t1, t2, feats);
    scores.fill(0);
    model.score(feats, nf, scores);
    const guess = argmax(scores, model.nClasses);
    const truth = gold[i]!;
    if (guess === truth) correct++;
    else model.update(feats, nf, truth, guess);
    model.tick();
    t2 = t1;
    t1 = guess;
  }
  return correct;
}
