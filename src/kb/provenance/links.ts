/**
 * Copy and republication links between documents, and reuse families.
 *
 * 1. Features per document: word tokens (for a spun document, of its restored reading, so the
 *    spinner's known swaps are undone), sampled word 5-gram anchors (exact and near-exact copies),
 *    and skeleton 3-gram anchors — the sequence of capitalised words, numbers and years that a
 *    spinner leaves alone (DSpin's "immutables"; words the lexicon knows a spinner changes are left
 *    out), which survive spinning where word shingles do not.
 * 2. Blocking: an inverted index over anchors; posting lists keep at most `maxPosting` documents,
 *    and an anchor in more documents is "frequent": it counts only towards a pair that shares most
 *    of its anchors (a mass-copied story), never for a shared footer. Candidate generation is
 *    near-linear, never all pairs.
 * 3. Confirmation, precision first: a candidate becomes a link only with two independent signals —
 *    shingle or skeleton overlap plus a Smith–Waterman alignment covering most of the shorter text
 *    (or an explicit credit naming the other document's outlet). Two independent reports of one
 *    event share names and numbers, but do not align, so they are not linked.
 * 4. Direction from the strongest evidence: credit > spin (the spun side is the copy) > earlier
 *    credible publish date. When the two strongest kinds of evidence disagree, no direction.
 * 5. Families: single-link clustering (union–find) of confirmed links.
 */
import type { CopyLinkRecord, RepublicationCredit, SpinInfo } from "../../model/records.js";
import { DossierError } from "../../util/errors.js";
import { stableId } from "../../util/ids.js";
import { alignTokens, MAX_ALIGN_CELLS, type AlignScoring } from "./align.js";
import { defaultLexicon, type CompiledLexicon } from "./lexicon.js";
import { defaultSpinResources, type SpinResources } from "./substitution.js";
import { outletKey } from "./outlets.js";
import { matchSentences, sentenceKeys, type SentenceKeys } from "./sentence-match.js";
import { detectSpin, restoreText } from "./spin.js";
import { assertProcessableText, tokenize, type WordToken } from "./text.js";

/** One document as copy linking sees it. */
export interface LinkDoc {
  id: string;
  text: string;
  published: string | null;
  outlet: string | null;
  url: string | null;
  credits: RepublicationCredit[];
  spun: SpinInfo;
  lang: string;
  ingested_at?: string;
}

export interface LinkResult {
  links: CopyLinkRecord[];
  /** Reuse family id of every document: the id of the family's root (a singleton: its own id). */
  family: Map<string, string>;
  /** Copy → the document it was most likely made from, when direction is known. */
  republicationOf: Map<string, string>;
}

/** Thresholds of {@link linkCopies}; defaults tuned for precision (docs/decisions/041). */
export interface LinkOptions {
  /** Fingerprint phrase pairs also counted as synonyms by the alignment; the shipped lexicon by default. */
  lexicon?: CompiledLexicon;
  /** WordNet synonyms (partial matches in alignment) and the words a spinner can change; the shipped resources by default. */
  resources?: SpinResources;
  /**
   * Verify only these pairs (document ids) instead of generating candidates from the built-in
   * anchor index: the hook for an external (e.g. persistent MinHash/LSH) candidate index.
   */
  candidatePairs?: Iterable<readonly [string, string]>;
  /** Anchors shared by more documents than this are ignored (boilerplate). */
  maxPosting?: number;
  /** Keep one in `wordSample` word 5-grams as anchors (by hash), so all copies keep the same ones. */
  wordSample?: number;
  /** Documents with fewer word tokens are not linked (too little evidence). */
  minTokens?: number;
  /** Fraction of the shorter text the alignment must cover for a copy. */
  minCoverage?: number;
  /** Candidates per document verified by alignment, best first (bounds work on hub documents). */
  maxCandidatesPerDoc?: number;
  /** Called for every verified candidate pair, linked or not (diagnostics, tuning, benchmarks). */
  trace?: (candidate: CandidateTrace) => void;
}

/** What the verifier measured for one candidate pair. */
export interface CandidateTrace {
  a: string;
  b: string;
  wordContainment: number;
  skeletonContainment: number;
  coverage: number;
  identity: number;
  /** Share of the better-explained side's content words in sentences matched out of order (sentence-match.ts). */
  sentenceCover: number;
  /** Sentences of that side matched. */
  sentencesMatched: number;
  /** Distinct paragraphs those matches spread over. */
  paragraphsMatched: number;
  /** Content words in those sentences, and the other side's cover. */
  sentenceWords: number;
  sentenceCoverOther: number;
  /** Share of the other text's sentences between its first and last matched one. */
  sentenceSpanOther: number;
  relation: CopyLinkRecord["relation"] | null;
}

/** Default blocking and confirmation parameters of {@link linkCopies}. */
export const LINK_DEFAULTS = {
  maxPosting: 100,
  wordSample: 8,
  minTokens: 25,
  minCoverage: 0.5,
  maxCandidatesPerDoc: 20,
} as const;

const SHINGLE = 5;
/**
 * Share of a text's content words in sentences matched out of order that makes a reworded copy
 * (with a second signal), by the number of paragraphs the matches spread over: matches in few
 * paragraphs may be one statement both texts repeat, so they must explain more of the text.
 */
function sentenceCoverNeeded(paragraphs: number): number {
  return paragraphs >= 4 ? 0.5 : paragraphs === 3 ? 0.65 : paragraphs === 2 ? 0.8 : Number.POSITIVE_INFINITY;
}
/** Aligned words (outside quotations) that make a passage long enough to be a copy on its own. */
const LONG_PASSAGE = 80;
const SKELETON_SHINGLE = 3;
const FUNCTION_WORDS = new Set(
  (
    "a an the of and or but to in on at by for with from as is are was were be been being it its this that these those " +
    "he she they we you i his her their our your him them us not no so than then there here which who whom whose what when " +
    "where while also has have had will would can could may might must should shall do does did said says after before into " +
    "over under about between against during since until up down out off more most such only other some any each all both"
  ).split(" "),
);

interface Features {
  i: number;
  doc: LinkDoc;
  ids: Int32Array;
  /** Sampled word-shingle anchors and their token positions. */
  wordAnchors: Uint32Array;
  wordPos: Int32Array;
  /** Skeleton-shingle anchors (all of them, deduplicated). */
  skelAnchors: Uint32Array;
  /** Number 2-grams (years, counts, dates in digits): they survive translation. */
  numberAnchors: Uint32Array;
  /** Content-word keys per sentence, quotations left out (order-insensitive matching across rewording). */
  sentences: SentenceKeys[];
  spun: boolean;
  spinScore: number;
  outlet: string | null;
  /** Outlets this document credits as its origin/source. */
  creditedOutlets: Set<string>;
  /** The document says it is a republication ("Republished by …"). */
  saysRepublished: boolean;
  publishedDay: string | null;
  lang: string;
}

class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }
  lookup(word: string): number | undefined {
    return this.ids.get(word);
  }
}

function hashIds(ids: ArrayLike<number>, from: number, k: number, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let x = from; x < from + k; x++) {
    h = Math.imul(h ^ ids[x]!, 16777619) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  }
  return (h ^ (h >>> 13)) >>> 0;
}

function dayOf(published: string | null): string | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function langKey(lang: string): string {
  const l = (lang || "und").toLowerCase().split(/[-_]/)[0]!;
  return l === "eng" ? "en" : l === "rus" ? "ru" : l;
}

function isAsciiDigits(s: string): boolean {
  for (let x = 0; x < s.length; x++) {
    const c = s.charCodeAt(x);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Words a synonym spinner may change (either side of a WordNet or lexicon pair): DSpin's "mutables". */
interface SpinVocabulary {
  mutables: Set<string>;
  /** word → words it may be swapped with (both directions). */
  synonyms: Map<string, Set<string>>;
}
const spinVocabularyCache = new WeakMap<SpinResources, WeakMap<CompiledLexicon, SpinVocabulary>>();

function spinVocabulary(res: SpinResources, lex: CompiledLexicon): SpinVocabulary {
  let byLex = spinVocabularyCache.get(res);
  if (!byLex) spinVocabularyCache.set(res, (byLex = new WeakMap()));
  const cached = byLex.get(lex);
  if (cached) return cached;
  const mutables = new Set<string>(lex.mutables);
  const synonyms = new Map<string, Set<string>>();
  const pair = (x: string, y: string) => {
    for (const [p, q] of [
      [x, y],
      [y, x],
    ] as const) {
      const set = synonyms.get(p) ?? new Set<string>();
      set.add(q);
      synonyms.set(p, set);
    }
  };
  for (const [original, spuns] of res.synonyms) {
    mutables.add(original);
    for (const s of spuns) {
      for (const w of s.split(" ")) mutables.add(w);
      if (!s.includes(" ")) pair(original, s);
    }
  }
  for (const p of lex.synonymPairs) {
    const [x, y] = p.split("\u0000") as [string, string];
    pair(x, y);
  }
  const out = { mutables, synonyms };
  byLex.set(lex, out);
  return out;
}

function isSkeletonToken(t: WordToken, spin: SpinVocabulary): boolean {
  const c0 = t.raw.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57 && isAsciiDigits(t.raw)) return t.raw.length >= 2; // years, counts; "2" may be a spun "two"
  return t.capitalised && !t.sentenceStart && !spin.mutables.has(t.norm) && !FUNCTION_WORDS.has(t.norm);
}

/** Fewest words a quotation needs before it is left out of the comparison. */
const MIN_QUOTE_WORDS = 6;

/**
 * Tokens inside a quotation of at least {@link MIN_QUOTE_WORDS} words (“…”, "…", «…», within one
 * paragraph). Two outlets that quote the same speaker share the quotation, not the story: copy
 * evidence comes from the text around quotations.
 */
function quotedTokens(text: string, toks: WordToken[]): Uint8Array {
  const mask = new Uint8Array(toks.length);
  const spans: Array<[number, number]> = [];
  // British single quotes too: a ’ followed by a letter is an apostrophe inside the quotation.
  const re = /“([^”\n]*)”|"([^"\n]*)"|«([^»\n]*)»|‘((?:[^’\n]|’(?=\p{L}))*)’(?!\p{L})/gu;
  for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  if (!spans.length) return mask;
  let k = 0;
  for (const [start, end] of spans) {
    while (k < toks.length && toks[k]!.start < start) k++;
    let j = k;
    while (j < toks.length && toks[j]!.end <= end) j++;
    if (j - k >= MIN_QUOTE_WORDS) for (let x = k; x < j; x++) mask[x] = 1;
  }
  return mask;
}

let readingResources: SpinResources | undefined;
/** The shipped spin resources without the learned restoration ranker (one shared copy). */
function linkReadingResources(): SpinResources {
  readingResources ??= { ...defaultSpinResources(), ranker: null };
  return readingResources;
}

function extractFeatures(
  doc: LinkDoc,
  i: number,
  vocab: Vocabulary,
  spin: SpinVocabulary,
  wordSample: number,
  keys: Vocabulary,
): Features {
  assertProcessableText(doc.text, `document ${doc.id}`);
  let reading = doc.text;
  let spinScore = doc.spun?.score ?? 0;
  const spun = Boolean(doc.spun?.is_spun);
  if (spun) {
    // Align the restored reading: the spinner's known swaps undone, so more tokens match exactly.
    // The fixed scorer's reading (no learned ranker): the linking cuts were set on it, and the
    // ranker's extra, less certain restorations break word runs the alignment needs.
    const detected = detectSpin(doc.text, doc.lang, { resources: linkReadingResources() });
    spinScore = Math.max(spinScore, detected.score);
    reading = restoreText(doc.text, detected.hits).restored_text;
  }
  const allToks = tokenize(reading);
  const quoted = quotedTokens(reading, allToks);
  const toks = allToks.filter((_, x) => !quoted[x]);
  const ids = new Int32Array(toks.length);
  for (let x = 0; x < toks.length; x++) ids[x] = vocab.id(toks[x]!.norm);

  const wordAnchors: number[] = [];
  const wordPos: number[] = [];
  const seenWord = new Set<number>();
  for (let x = 0; x + SHINGLE <= ids.length; x++) {
    const h = hashIds(ids, x, SHINGLE, 0x51);
    if (h % wordSample !== 0 || seenWord.has(h)) continue;
    seenWord.add(h);
    wordAnchors.push(h);
    wordPos.push(x);
  }
  const skel: number[] = [];
  for (const t of toks) if (isSkeletonToken(t, spin)) skel.push(vocab.id(t.norm));
  const numbers: number[] = [];
  for (const t of toks) {
    const c0 = t.raw.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && isAsciiDigits(t.raw)) numbers.push(vocab.id(t.norm));
  }
  const numberSet = new Set<number>();
  for (let x = 0; x + 2 <= numbers.length; x++) numberSet.add(hashIds(numbers, x, 2, 0x6e));
  const skelSet = new Set<number>();
  for (let x = 0; x + SKELETON_SHINGLE <= skel.length; x++) skelSet.add(hashIds(skel, x, SKELETON_SHINGLE, 0x5e));

  const credited = new Set<string>();
  let saysRepublished = false;
  for (const c of doc.credits ?? []) {
    if (c.kind === "republished") {
      saysRepublished = true;
      continue;
    }
    const key = outletKey(c.name, null);
    if (key) credited.add(key);
  }
  return {
    i,
    doc,
    ids,
    wordAnchors: Uint32Array.from(wordAnchors),
    wordPos: Int32Array.from(wordPos),
    skelAnchors: Uint32Array.from(skelSet),
    numberAnchors: Uint32Array.from(numberSet),
    sentences: sentenceKeys(
      reading,
      toks,
      (k) => keys.id(k),
      spin.synonyms,
      (w) => FUNCTION_WORDS.has(w),
    ),
    spun,
    spinScore,
    outlet: outletKey(doc.outlet, doc.url),
    creditedOutlets: credited,
    saysRepublished,
    publishedDay: dayOf(doc.published),
    lang: langKey(doc.lang),
  };
}

function containment(
  a: Uint32Array | Set<number>,
  b: Uint32Array | Set<number>,
): { shared: number; containment: number; jaccard: number } {
  const sa = a instanceof Set ? a : new Set(a);
  const sb = b instanceof Set ? b : new Set(b);
  let shared = 0;
  const [small, big] = sa.size <= sb.size ? [sa, sb] : [sb, sa];
  for (const x of small) if (big.has(x)) shared++;
  const min = Math.min(sa.size, sb.size);
  const union = sa.size + sb.size - shared;
  return { shared, containment: min ? shared / min : 0, jaccard: union ? shared / union : 0 };
}

function sameTokens(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let x = 0; x < a.length; x++) if (a[x] !== b[x]) return false;
  return true;
}

function allShingles(ids: Int32Array): Set<number> {
  const s = new Set<number>();
  for (let x = 0; x + SHINGLE <= ids.length; x++) s.add(hashIds(ids, x, SHINGLE, 0x51));
  return s;
}

interface Direction {
  /** Which side is the copy, or null when unknown. */
  copy: "a" | "b" | null;
  via: "credit" | "spin" | "date" | null;
  note: string;
}

function decideDirection(a: Features, b: Features): Direction {
  const evidence: Array<{ copy: "a" | "b"; via: "credit" | "spin" | "date"; note: string }> = [];
  const aCreditsB = b.outlet !== null && a.creditedOutlets.has(b.outlet) && a.outlet !== b.outlet;
  const bCreditsA = a.outlet !== null && b.creditedOutlets.has(a.outlet) && a.outlet !== b.outlet;
  if (aCreditsB !== bCreditsA) {
    const copy = aCreditsB ? "a" : "b";
    const src = copy === "a" ? b : a;
    evidence.push({ copy, via: "credit", note: `the copy credits ${src.outlet}` });
  }
  if (a.spun !== b.spun) {
    evidence.push({
      copy: a.spun ? "a" : "b",
      via: "spin",
      note: `the copy is machine-spun (score ${(a.spun ? a : b).spinScore})`,
    });
  }
  if (a.publishedDay && b.publishedDay && a.publishedDay !== b.publishedDay) {
    const copy = a.publishedDay > b.publishedDay ? "a" : "b";
    evidence.push({
      copy,
      via: "date",
      note: `published ${copy === "a" ? a.publishedDay : b.publishedDay}, after ${copy === "a" ? b.publishedDay : a.publishedDay}`,
    });
  }
  const first = evidence[0];
  if (!first)
    return { copy: null, via: null, note: "no direction: no credit, no spin difference, no distinct publish dates" };
  const second = evidence[1];
  if (second && second.copy !== first.copy) {
    return {
      copy: null,
      via: null,
      note: `no direction: ${first.via} evidence (${first.note}) conflicts with ${second.via} evidence (${second.note})`,
    };
  }
  return { copy: first.copy, via: first.via, note: evidence.map((e) => `${e.via}: ${e.note}`).join("; ") };
}

/** Union–find over document indices. */
class DisjointSets {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) {
      const next = this.parent[x]!;
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function makeScoring(vocab: Vocabulary, spin: SpinVocabulary): AlignScoring {
  const synonyms = new Map<number, Set<number>>();
  for (let id = 0; id < vocab.words.length; id++) {
    const syn = spin.synonyms.get(vocab.words[id]!);
    if (!syn) continue;
    const set = new Set<number>();
    for (const w of syn) {
      const other = vocab.lookup(w);
      if (other !== undefined) set.add(other);
    }
    if (set.size) synonyms.set(id, set);
  }
  const weights = new Float64Array(vocab.words.length);
  for (let id = 0; id < vocab.words.length; id++) weights[id] = FUNCTION_WORDS.has(vocab.words[id]!) ? 1 : 3;
  return {
    matchWeight: (id) => weights[id] ?? 3,
    isSynonym: (x, y) => synonyms.get(x)?.has(y) ?? false,
    synonym: 1,
    mismatch: -2,
    gap: 2,
  };
}

/** Picks aligned windows of two long texts around their first shared anchor, within the cell budget. */
function windows(a: Features, b: Features): { a: Int32Array; b: Int32Array } {
  if (a.ids.length * b.ids.length <= MAX_ALIGN_CELLS) return { a: a.ids, b: b.ids };
  const side = Math.floor(Math.sqrt(MAX_ALIGN_CELLS));
  const posInB = new Map<number, number>();
  for (let x = 0; x < b.wordAnchors.length; x++) posInB.set(b.wordAnchors[x]!, b.wordPos[x]!);
  let pa = 0;
  let pb = 0;
  for (let x = 0; x < a.wordAnchors.length; x++) {
    const p = posInB.get(a.wordAnchors[x]!);
    if (p !== undefined) {
      pa = a.wordPos[x]!;
      pb = p;
      break;
    }
  }
  const cut = (ids: Int32Array, at: number) => {
    const start = Math.max(0, Math.min(at - 100, ids.length - side));
    return ids.subarray(start, start + side);
  };
  return { a: cut(a.ids, pa), b: cut(b.ids, pb) };
}

/** A confirmed pair; `aligned` = aligned tokens (how much of the copy the source explains). */
interface FoundLink {
  a: Features;
  b: Features;
  relation: CopyLinkRecord["relation"];
  dir: Direction;
  score: number;
  reason: string;
  aligned: number;
}

/** What every phase of {@link linkCopies} shares: features, settings, the scoring and a shingle cache. */
interface LinkState {
  feats: Features[];
  scoring: AlignScoring;
  minTokens: number;
  minCoverage: number;
  maxCandidates: number;
  maxPosting: number;
  trace: LinkOptions["trace"];
  shinglesOf: (f: Features) => Set<number>;
}

/** Inverted index: anchor → documents (skeleton and number anchors kept apart from word anchors). */
interface AnchorIndex {
  word: Map<number, number[]>;
  skel: Map<number, number[]>;
  number: Map<number, number[]>;
  /** Anchors (xor their tag) in more than `maxPosting` documents. */
  frequent: Set<number>;
}

const WORD_TAG = 0;
const SKEL_TAG = 0x2f6b1c3d;
const NUMBER_TAG = 0x51c7e9a1;

/**
 * Finds copies among documents: exact and near-exact copies, republications (with or without a
 * credit), spun copies, and credited translations; gives each a direction where the evidence
 * allows, and groups documents into reuse families.
 *
 * @param docs every document to consider (any order; ids must be unique)
 * @returns links (score 0..1 and a reason on each), `family` for every document, and
 *   `republicationOf` (copy → source) for directed links, never forming a cycle
 * @throws DossierError BAD_INPUT on duplicate ids or binary text
 * @example
 * const { links, family } = linkCopies([original, spunCopy]);
 * links[0].relation // "spun-copy"; family.get(spunCopy.id) === original.id
 */
export function linkCopies(docs: LinkDoc[], options: LinkOptions = {}): LinkResult {
  const state = prepareLinking(docs, options);
  const external = options.candidatePairs ? externalCandidates(state.feats, options.candidatePairs) : null;
  const index = external ? null : buildAnchorIndex(state);
  const found: FoundLink[] = [];
  for (const a of state.feats) {
    if (a.ids.length < state.minTokens) continue;
    const ranked = external
      ? [...(external.get(a.i) ?? [])]
          .filter((j) => state.feats[j]!.ids.length >= state.minTokens)
          .sort((x, y) => x - y)
      : indexCandidates(a, index!, state);
    for (const j of ranked) {
      const link = verifyPair(a, state.feats[j]!, state);
      if (link) found.push(link);
    }
  }
  const { links, explained } = linkRecords(found);
  const republicationOf = chooseRepublicationOf(links, explained, state.feats);
  return { links, family: assignFamilies(state.feats, found, republicationOf), republicationOf };
}

/** Phase 1: settings, the duplicate-id check, per-document features and the alignment scoring. */
function prepareLinking(docs: LinkDoc[], options: LinkOptions): LinkState {
  const spin = spinVocabulary(options.resources ?? defaultSpinResources(), options.lexicon ?? defaultLexicon());
  const wordSample = options.wordSample ?? LINK_DEFAULTS.wordSample;
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) throw new DossierError("BAD_INPUT", `duplicate document id ${d.id}`);
    seen.add(d.id);
  }
  const vocab = new Vocabulary();
  const keys = new Vocabulary();
  const feats = docs.map((d, i) => extractFeatures(d, i, vocab, spin, wordSample, keys));
  const shingleCache = new Map<number, Set<number>>();
  return {
    feats,
    scoring: makeScoring(vocab, spin),
    minTokens: options.minTokens ?? LINK_DEFAULTS.minTokens,
    minCoverage: options.minCoverage ?? LINK_DEFAULTS.minCoverage,
    maxCandidates: options.maxCandidatesPerDoc ?? LINK_DEFAULTS.maxCandidatesPerDoc,
    maxPosting: options.maxPosting ?? LINK_DEFAULTS.maxPosting,
    trace: options.trace,
    shinglesOf: (f: Features) => {
      let s = shingleCache.get(f.i);
      if (!s) {
        s = allShingles(f.ids);
        if (shingleCache.size > 2000) shingleCache.clear();
        shingleCache.set(f.i, s);
      }
      return s;
    },
  };
}

/** Externally supplied candidates: document index → earlier-indexed partners to verify. */
function externalCandidates(feats: Features[], pairs: Iterable<readonly [string, string]>): Map<number, Set<number>> {
  const indexOf = new Map(feats.map((f) => [f.doc.id, f.i]));
  const external = new Map<number, Set<number>>();
  for (const [x, y] of pairs) {
    const ix = indexOf.get(x);
    const iy = indexOf.get(y);
    if (ix === undefined || iy === undefined)
      throw new DossierError("BAD_INPUT", `candidate pair (${x}, ${y}) names a document not given`);
    if (ix === iy) continue;
    const [hi, lo] = ix > iy ? [ix, iy] : [iy, ix];
    const set = external.get(hi) ?? new Set<number>();
    set.add(lo);
    external.set(hi, set);
  }
  return external;
}

/**
 * Phase 2a: the anchor index. Posting lists keep their first `maxPosting` documents; an anchor in
 * more documents is marked frequent (boilerplate, or a story copied very many times).
 */
function buildAnchorIndex(state: LinkState): AnchorIndex {
  const index: AnchorIndex = { word: new Map(), skel: new Map(), number: new Map(), frequent: new Set() };
  const add = (postings: Map<number, number[]>, key: number, i: number, tag: number) => {
    const list = postings.get(key);
    if (!list) postings.set(key, [i]);
    else if (list.length < state.maxPosting) list.push(i);
    else index.frequent.add(key ^ tag);
  };
  for (const f of state.feats) {
    if (f.ids.length < state.minTokens) continue;
    for (const h of f.wordAnchors) add(index.word, h, f.i, WORD_TAG);
    for (const h of f.skelAnchors) add(index.skel, h, f.i, SKEL_TAG);
    for (const h of f.numberAnchors) add(index.number, h, f.i, NUMBER_TAG);
  }
  return index;
}

/** Phase 2b: candidates of `a` among earlier documents, from the anchor index, best first. */
function indexCandidates(a: Features, index: AnchorIndex, state: LinkState): number[] {
  // Rare anchors (in ≤ maxPosting documents) are evidence on their own; frequent ones count only
  // when a document shares most of its anchors with another (a mass-copied story), never for a
  // shared footer.
  const wordShared = new Map<number, number>();
  const wordFrequentShared = new Map<number, number>();
  const skelShared = new Map<number, number>();
  const count = (m: Map<number, number>, list: number[]) => {
    for (const j of list) if (j < a.i) m.set(j, (m.get(j) ?? 0) + 1);
  };
  for (const h of a.wordAnchors) {
    const list = index.word.get(h);
    if (list) count(index.frequent.has(h ^ WORD_TAG) ? wordFrequentShared : wordShared, list);
  }
  for (const h of a.skelAnchors) {
    const list = index.skel.get(h);
    if (list && !index.frequent.has(h ^ SKEL_TAG)) count(skelShared, list);
  }
  // Number runs only propose cross-language pairs (translation candidates).
  const numberShared = new Map<number, number>();
  for (const h of a.numberAnchors) {
    const list = index.number.get(h);
    if (list && !index.frequent.has(h ^ NUMBER_TAG)) count(numberShared, list);
  }
  const mostAnchors = Math.max(2, Math.ceil(0.5 * a.wordAnchors.length));
  const candidates = new Set<number>();
  for (const [j, n] of wordShared) if (n >= 2 || n + (wordFrequentShared.get(j) ?? 0) >= mostAnchors) candidates.add(j);
  for (const [j, n] of wordFrequentShared) if (n + (wordShared.get(j) ?? 0) >= mostAnchors) candidates.add(j);
  for (const [j, n] of skelShared) if (n >= 3) candidates.add(j);
  for (const [j, n] of numberShared) if (n >= 3 && state.feats[j]!.lang !== a.lang) candidates.add(j);
  return [...candidates]
    .map((j) => ({
      j,
      weight: (wordShared.get(j) ?? 0) * 2 + (wordFrequentShared.get(j) ?? 0) + (skelShared.get(j) ?? 0),
    }))
    .sort((x, y) => y.weight - x.weight || x.j - y.j)
    .slice(0, state.maxCandidates)
    .map((c) => c.j);
}

/** Phase 3a: translations cannot be aligned word by word — a credit plus shared names or numbers. */
function verifyTranslation(a: Features, b: Features, skel: { containment: number }, dir: Direction): FoundLink | null {
  // Require a credit naming the other outlet plus shared names or, across scripts, the same run of
  // numbers (dates, counts, years).
  const nums = containment(a.numberAnchors, b.numberAnchors);
  const enoughNumbers = Math.min(a.numberAnchors.length, b.numberAnchors.length) >= 3 && nums.containment >= 0.5;
  if (dir.via !== "credit" || !(skel.containment >= 0.2 || enoughNumbers)) return null;
  const support = Math.max(skel.containment, enoughNumbers ? nums.containment : 0);
  return {
    a,
    b,
    relation: "translation",
    dir,
    score: round(0.5 + support / 2),
    reason: `translation (${a.lang}/${b.lang}): skeleton containment ${fmt(skel.containment)}, number-sequence containment ${fmt(nums.containment)}; ${dir.note}`,
    aligned: 0,
  };
}

/** What the alignment of a same-language pair measured. */
interface PairMeasures {
  word: number;
  skel: number;
  coverage: number;
  identity: number;
  synonymsAligned: number;
  alignedTokens: number;
  /** Order-insensitive sentence matching (cover of the better-explained side, sentences matched). */
  sentenceCover: number;
  sentencesMatched: number;
  /** Distinct paragraphs the sentence matches spread over (the fewer of the two sides). */
  paragraphsMatched: number;
  /** Content words in matched sentences (better-explained side) and the other side's cover. */
  sentenceWords: number;
  sentenceCoverOther: number;
  sentenceSpanOther: number;
}

/** Phase 3b: 5-gram containment and a Smith–Waterman alignment of the pair's windows. */
function measurePair(a: Features, b: Features, skel: number, state: LinkState): PairMeasures {
  // Identical word sequences: the full comparison is itself the second signal.
  if (sameTokens(a.ids, b.ids))
    return {
      word: 1,
      skel,
      coverage: 1,
      identity: 1,
      synonymsAligned: 0,
      alignedTokens: a.ids.length,
      sentenceCover: 1,
      sentencesMatched: a.sentences.length,
      paragraphsMatched: new Set(a.sentences.map((x) => x.para)).size,
      sentenceWords: a.sentences.reduce((n, x) => n + x.stems.length, 0),
      sentenceCoverOther: 1,
      sentenceSpanOther: 1,
    };
  const word = containment(state.shinglesOf(a), state.shinglesOf(b)).containment;
  const w = windows(a, b);
  const al = alignTokens(w.a, w.b, state.scoring);
  const shorter = Math.min(w.a.length, w.b.length);
  const sm = matchSentences(a.sentences, b.sentences);
  return {
    word,
    skel,
    coverage: shorter ? (al.matches + al.synonyms) / shorter : 0,
    identity:
      al.aEnd - al.aStart > 0 ? (al.matches + al.synonyms) / Math.max(al.aEnd - al.aStart, al.bEnd - al.bStart) : 0,
    synonymsAligned: al.synonyms,
    alignedTokens: al.matches + al.synonyms,
    sentenceCover: sm.cover,
    sentencesMatched: sm.matched,
    paragraphsMatched: sm.paragraphs,
    sentenceWords: sm.words,
    sentenceCoverOther: sm.otherCover,
    sentenceSpanOther: sm.otherSpan,
  };
}

/** Phase 3c: the text relation two independent signals support, with its basis, or null. */
function classifyPair(
  m: PairMeasures,
  eitherSpun: boolean,
  creditLink: boolean,
  minCoverage: number,
): { relation: CopyLinkRecord["relation"]; basis: string } | null {
  const { word, skel, coverage, identity } = m;
  if (word >= 0.95 && coverage >= 0.95) return { relation: "same-text", basis: "word 5-grams and alignment" };
  if (word >= 0.5 && coverage >= Math.max(minCoverage, 0.6))
    return { relation: "near-duplicate", basis: "word 5-grams and alignment" };
  if (eitherSpun && skel >= 0.3 && coverage >= minCoverage && identity >= 0.5)
    return { relation: "near-duplicate", basis: "skeleton and alignment" };
  if (skel >= 0.5 && coverage >= 0.7 && identity >= 0.6)
    return { relation: "near-duplicate", basis: "skeleton and alignment" };
  // Reworded copy (an aggregator's rewrite): a fifth of the 5-grams kept, but most of the shorter
  // text still aligns in order. Independent reports align over a few per cent.
  if (word >= 0.2 && coverage >= 0.6 && identity >= 0.65)
    return { relation: "near-duplicate", basis: "shingles and alignment across rewording" };
  // Heavily reworded repost (an aggregator's: cuts, sentences reordered, merged and split, words
  // swapped): most of one text's content words sit in sentences that match the other's, in any
  // order, and some 5-grams or the names survive. Independent reports of one event match a few
  // per cent of their sentences (quotations are left out before matching); a statement both repeat
  // in reported speech sits in one or two paragraphs, so matches in few paragraphs need more cover.
  // The copy must also carry a quarter of its source: a shared footer or boilerplate block can
  // explain most of a short text, never a quarter of both.
  if (
    m.sentencesMatched >= 3 &&
    m.sentenceCover >= sentenceCoverNeeded(m.paragraphsMatched) &&
    m.sentenceCoverOther >= 0.25 &&
    (word >= 0.1 || skel >= 0.3)
  )
    return { relation: "near-duplicate", basis: "sentences matched out of order across rewording" };
  // A long stretch copied nearly word for word into a longer article (partial copy, excerpt).
  if (m.alignedTokens >= LONG_PASSAGE && identity >= 0.8 && word >= 0.25)
    return { relation: "near-duplicate", basis: "long aligned passage" };
  if (creditLink && (coverage >= 0.4 || word >= 0.3))
    return { relation: "republication", basis: "credit and text overlap" };
  return null;
}

/** Phase 3: verifies one candidate pair; a link when two independent signals agree, else null. */
function verifyPair(a: Features, b: Features, state: LinkState): FoundLink | null {
  const skel = containment(a.skelAnchors, b.skelAnchors);
  const dir = decideDirection(a, b);
  if (a.lang !== b.lang) return verifyTranslation(a, b, skel, dir);
  const m = measurePair(a, b, skel.containment, state);
  const classified = classifyPair(m, a.spun || b.spun, dir.via === "credit", state.minCoverage);
  state.trace?.({
    a: a.doc.id,
    b: b.doc.id,
    wordContainment: m.word,
    skeletonContainment: m.skel,
    coverage: m.coverage,
    identity: m.identity,
    sentenceCover: m.sentenceCover,
    sentencesMatched: m.sentencesMatched,
    paragraphsMatched: m.paragraphsMatched,
    sentenceWords: m.sentenceWords,
    sentenceCoverOther: m.sentenceCoverOther,
    sentenceSpanOther: m.sentenceSpanOther,
    relation: classified?.relation ?? null,
  });
  if (!classified) return null;
  let relation = classified.relation;
  if (dir.copy && a.spun !== b.spun && dir.copy === (a.spun ? "a" : "b")) relation = "spun-copy";
  else if (dir.via === "credit") relation = "republication";
  // A directed copy in another outlet is a republication (credited or not); copies inside one
  // outlet (the same story at two addresses) keep their text relation.
  else if (dir.copy && a.outlet !== b.outlet) relation = "republication";
  const score = round(Math.min(1, 0.6 * m.coverage + 0.4 * Math.max(m.word, m.skel)));
  const reason =
    `${classified.basis}: alignment covers ${fmt(m.coverage)} of the shorter text (identity ${fmt(m.identity)}, ${m.synonymsAligned} spinner synonyms), ` +
    `word 5-gram containment ${fmt(m.word)}, skeleton containment ${fmt(m.skel)}, ` +
    `${m.sentencesMatched} sentences matched out of order (cover ${fmt(m.sentenceCover)} over ${m.paragraphsMatched} paragraphs, other side ${fmt(m.sentenceCoverOther)}); ${dir.note}`;
  return { a, b, relation, dir, score, reason, aligned: m.alignedTokens };
}

/** Phase 4: link records (sorted) and, per link id, the share of the copy's words the source explains. */
function linkRecords(found: FoundLink[]): { links: CopyLinkRecord[]; explained: Map<string, number> } {
  const links: CopyLinkRecord[] = [];
  const explained = new Map<string, number>();
  for (const l of found) {
    // Undirected links name the pair in id order, so their ids do not depend on input order.
    const [copy, source] =
      l.dir.copy === "a"
        ? [l.a, l.b]
        : l.dir.copy === "b"
          ? [l.b, l.a]
          : l.a.doc.id < l.b.doc.id
            ? [l.a, l.b]
            : [l.b, l.a];
    const id = stableId("l", copy.doc.id, source.doc.id, l.relation);
    explained.set(id, copy.ids.length ? Math.min(1, l.aligned / copy.ids.length) : 0);
    links.push({
      kind: "link",
      id,
      doc: copy.doc.id,
      source: source.doc.id,
      relation: l.relation,
      directed: l.dir.copy !== null,
      score: l.score,
      reason: l.reason,
    });
  }
  links.sort((x, y) =>
    x.doc < y.doc ? -1 : x.doc > y.doc ? 1 : x.source < y.source ? -1 : x.source > y.source ? 1 : 0,
  );
  return { links, explained };
}

/**
 * Phase 5: republication_of. Per copy, among sources scoring within 0.05 of its best, the one that
 * explains clearly more of the copy's words, else a source that is not itself a copy, then the
 * earliest: siblings copied from one original point to the original, not to each other. A copy
 * whose only close sources are copies (original → republication → spun copy) points to the closest
 * one, so chains still come out. Never forms a cycle.
 */
function chooseRepublicationOf(
  links: CopyLinkRecord[],
  explained: Map<string, number>,
  feats: Features[],
): Map<string, string> {
  const byId = new Map(feats.map((f) => [f.doc.id, f]));
  const sourcesOf = new Map<string, CopyLinkRecord[]>();
  for (const l of links) {
    if (!l.directed) continue;
    const list = sourcesOf.get(l.doc) ?? [];
    list.push(l);
    sourcesOf.set(l.doc, list);
  }
  const republicationOf = new Map<string, string>();
  for (const copy of [...sourcesOf.keys()].sort()) {
    const list = sourcesOf.get(copy)!;
    const best = Math.max(...list.map((l) => l.score));
    const ordered = list
      .filter((l) => l.score >= best - 0.05)
      .sort((x, y) => {
        // A source that explains clearly more of the copy (the copy carries its additions) wins.
        const ex = explained.get(x.id) ?? 0;
        const ey = explained.get(y.id) ?? 0;
        if (Math.abs(ex - ey) > 0.02) return ey - ex;
        const cx = sourcesOf.has(x.source) ? 1 : 0;
        const cy = sourcesOf.has(y.source) ? 1 : 0;
        if (cx !== cy) return cx - cy;
        const dx = byId.get(x.source)?.publishedDay ?? "9999";
        const dy = byId.get(y.source)?.publishedDay ?? "9999";
        return dx !== dy ? (dx < dy ? -1 : 1) : y.score - x.score || (x.source < y.source ? -1 : 1);
      });
    for (const l of ordered) {
      if (!reaches(republicationOf, l.source, copy, feats.length)) {
        republicationOf.set(copy, l.source);
        break;
      }
    }
  }
  return republicationOf;
}

/** Whether following republication_of from `from` reaches `target` (adding target → from would close a cycle). */
function reaches(republicationOf: Map<string, string>, from: string, target: string, maxSteps: number): boolean {
  let cursor: string | undefined = from;
  for (let steps = 0; cursor !== undefined && steps <= maxSteps; steps++) {
    if (cursor === target) return true;
    cursor = republicationOf.get(cursor);
  }
  return false;
}

/** Phase 6: families by single-link clustering; family id = the member that copies nobody, earliest published, then smallest id. */
function assignFamilies(
  feats: Features[],
  found: FoundLink[],
  republicationOf: Map<string, string>,
): Map<string, string> {
  const sets = new DisjointSets(feats.length);
  for (const l of found) sets.union(l.a.i, l.b.i);
  const rootOf = new Map<number, Features>();
  for (const f of feats) {
    const r = sets.find(f.i);
    const cur = rootOf.get(r);
    if (!cur || better(f, cur, republicationOf)) rootOf.set(r, f);
  }
  const family = new Map<string, string>();
  for (const f of feats) family.set(f.doc.id, rootOf.get(sets.find(f.i))!.doc.id);
  return family;
}

function better(f: Features, cur: Features, republicationOf: Map<string, string>): boolean {
  const fc = republicationOf.has(f.doc.id) ? 1 : 0;
  const cc = republicationOf.has(cur.doc.id) ? 1 : 0;
  if (fc !== cc) return fc < cc;
  const fd = f.publishedDay ?? "9999";
  const cd = cur.publishedDay ?? "9999";
  if (fd !== cd) return fd < cd;
  return f.doc.id < cur.doc.id;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fmt(x: number): string {
  return x.toFixed(2);
}
