/**
 * Dependency parsing for English: a greedy arc-eager parser with averaged-perceptron tagger and
 * labeler, trained here on UD English EWT and the commercially usable GUM genres
 * (`scripts/train-parser.ts`; see docs/decisions/021-dependency-parser.md).
 *
 * @example
 * const p = parseSentence(["The", "court", "rejected", "the", "appeal", "."]);
 * p.head   // [1, 2, -1, 4, 2, 2]
 * p.deprel // ["det", "nsubj", "root", "det", "obj", "punct"]
 */
import { shippedModel, type ParserModel } from "./model.js";
import { parseIds, parserInput } from "./parser.js";
import { hashWords, tagIds } from "./tagger.js";

export { loadModel, shippedModel, type ParserModel } from "./model.js";

/** A parsed sentence: one entry per input word. */
export interface SentenceParse {
  /** Universal POS tag. */
  upos: string[];
  /** Penn Treebank tag. */
  xpos: string[];
  /** Head word index, -1 for the root (exactly one per sentence). */
  head: number[];
  /** Universal Dependencies relation (`nsubj`, `obj`, `nmod:poss`…; `root` for the root). */
  deprel: string[];
}

/**
 * Longest stretch parsed as one unit. Longer "sentences" (lists, tables, text without punctuation)
 * are parsed in windows of this many words, each window's root attached to the first window's root
 * as `parataxis`.
 */
export const MAX_PARSE_WORDS = 200;

/** Tags a sentence: Universal and Penn tags per word. */
export function tagSentence(
  words: readonly string[],
  model: ParserModel = shippedModel(),
): { upos: string[]; xpos: string[] } {
  const ids = tagIds(model.tagger, hashWords(words, model.clusters, model.tagDictionary));
  return { upos: Array.from(ids, (t) => model.upos[t]!), xpos: Array.from(ids, (t) => model.xpos[t]!) };
}

/**
 * Tags and parses one sentence of already tokenised words (UD tokenisation: "do" "n't", "John" "'s").
 * Deterministic: the same words always give the same parse.
 * @param words the sentence's words (may be empty)
 * @param model a model (default: the shipped one, loaded on first use)
 */
export function parseSentence(words: readonly string[], model: ParserModel = shippedModel()): SentenceParse {
  const p = parseWordIds(words, model);
  const out: SentenceParse = { upos: [], xpos: [], head: [], deprel: [] };
  for (let i = 0; i < words.length; i++) {
    out.upos.push(model.upos[p.tags[i]!]!);
    out.xpos.push(model.xpos[p.tags[i]!]!);
    out.head.push(p.head[i]!);
    out.deprel.push(relationOf(model, p.label[i]!));
  }
  return out;
}

/** Codes of {@link WordIds.label} besides the labeler's classes. */
const ROOT_CODE = -100;
const PARATAXIS_CODE = -101;

/** A sentence's parse as ids: joint tag, head (-1 for the root) and relation code per word. */
interface WordIds {
  tags: Int32Array;
  head: Int32Array;
  /** Labeler class, or {@link ROOT_CODE} / {@link PARATAXIS_CODE}. */
  label: Int32Array;
}

/** The relation name of a {@link WordIds.label} code. */
function relationOf(model: ParserModel, code: number): string {
  return code === ROOT_CODE ? "root" : code === PARATAXIS_CODE ? "parataxis" : (model.meta.labels[code] ?? "dep");
}

/** {@link parseSentence} as ids (no strings made per word). */
function parseWordIds(words: readonly string[], model: ParserModel): WordIds {
  const n = words.length;
  const head = new Int32Array(n);
  const label = new Int32Array(n);
  if (n === 0) return { tags: new Int32Array(0), head, label };
  const hashes = hashWords(words, model.clusters, model.tagDictionary);
  const tags = tagIds(model.tagger, hashes);
  const rootLabel = model.meta.labels.length;
  let firstRoot = -1;
  for (let from = 0; from < n; from += MAX_PARSE_WORDS) {
    const to = Math.min(n, from + MAX_PARSE_WORDS);
    const x = parserInput(
      hashes.word.subarray(from, to),
      tags.subarray(from, to),
      model.parserClusters && hashes.cluster ? hashes.cluster.subarray(from, to) : null,
    );
    const p = parseIds(model.mover, model.labeler, x, rootLabel, model.relabeler, model.relabelPriorWeight);
    for (let k = 0; k < to - from; k++) {
      const h = p.head[k]!;
      if (h === -1) {
        if (firstRoot < 0) {
          firstRoot = from + k;
          head[from + k] = -1;
          label[from + k] = ROOT_CODE;
        } else {
          head[from + k] = firstRoot;
          label[from + k] = PARATAXIS_CODE;
        }
      } else {
        head[from + k] = from + h;
        label[from + k] = p.label[k]!;
      }
    }
  }
  return { tags, head, label };
}

const NEGATION_CLITIC = /^(.+?)(n['’]t)$/i;
/** A Map, not an object literal: "constructor" or "__proto__" must not find Object.prototype's members. */
const SPLIT_WORDS = new Map<string, [string, string]>([
  ["cannot", ["can", "not"]],
  ["gonna", ["gon", "na"]],
  ["wanna", ["wan", "na"]],
  ["gotta", ["got", "ta"]],
]);
const HYPHENATED = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u;

/**
 * UD English words of one surface token: "don't" → "do" "n't", "can't" → "ca" "n't", "cannot" →
 * "can" "not", "state-owned" → "state" "-" "owned" (EWT and GUM split hyphenated compounds).
 * Other tokens are one word.
 */
export function udWords(token: string): string[] {
  const n = token.length;
  if (n > 60) return [token];
  // cheap character tests first: most tokens are none of the cases below
  if (n === 5 || n === 6) {
    const fixed = SPLIT_WORDS.get(token.toLowerCase());
    if (fixed) return [token.slice(0, fixed[0].length), token.slice(fixed[0].length)];
  }
  const last = token.charCodeAt(n - 1);
  const quote = n > 3 ? token.charCodeAt(n - 2) : 0;
  if ((last === 116 || last === 84) && (quote === 39 || quote === 0x2019)) {
    const neg = NEGATION_CLITIC.exec(token);
    if (neg) return [neg[1]!, neg[2]!];
  }
  if (token.includes("-") && HYPHENATED.test(token)) {
    const out: string[] = [];
    for (const part of token.split("-")) {
      if (out.length > 0) out.push("-");
      out.push(part);
    }
    return out;
  }
  return [token];
}

/** Parse of surface tokens: heads index the tokens, -1 for the root. */
export interface TokenParse {
  upos: string[];
  head: number[];
  deprel: string[];
}

/** Word-level parse of surface tokens: the UD words, the token each came from, and the parse. */
export interface WordsOfTokens {
  words: string[];
  /** Token index of each word. */
  tokenOf: number[];
  /** Index of each token's first word. */
  firstWord: number[];
  parse: SentenceParse;
}

/** Splits surface tokens into UD words ({@link udWords}) and parses them. */
export function parseWordsOfTokens(tokens: readonly string[], model: ParserModel = shippedModel()): WordsOfTokens {
  const words: string[] = [];
  const tokenOf: number[] = [];
  const firstWord: number[] = [];
  tokens.forEach((t, k) => {
    firstWord.push(words.length);
    for (const w of udWords(t)) {
      words.push(w);
      tokenOf.push(k);
    }
  });
  return { words, tokenOf, firstWord, parse: parseSentence(words, model) };
}

/**
 * Parses a sentence given as surface tokens (the project tokenizer's), splitting each into UD words
 * ({@link udWords}) and mapping the parse back: a token takes the tag, head and relation of its
 * word nearest the root (the first such), and arcs inside a token are dropped. The result is
 * still a tree with one root.
 */
export function parseTokens(tokens: readonly string[], model: ParserModel = shippedModel()): TokenParse {
  const words: string[] = [];
  const tokenOf: number[] = [];
  const firstWord: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    firstWord.push(words.length);
    const t = tokens[k]!;
    const split = udWords(t);
    for (const w of split) {
      words.push(w);
      tokenOf.push(k);
    }
  }
  const p = parseWordIds(words, model);
  // depth of each word in the tree: a token is represented by its highest word, which keeps the
  // token graph a tree (the head of that word lies in a token whose highest word is higher still)
  const depth = new Int32Array(words.length).fill(-1);
  const depthOf = (w: number): number => {
    if (depth[w]! >= 0) return depth[w]!;
    let d = 0;
    let x = w;
    while (p.head[x]! !== -1 && d <= words.length) {
      x = p.head[x]!;
      d++;
    }
    return (depth[w] = d);
  };
  const out: TokenParse = { upos: [], head: [], deprel: [] };
  for (let k = 0; k < tokens.length; k++) {
    const from = firstWord[k]!;
    const to = k + 1 < tokens.length ? firstWord[k + 1]! : words.length;
    let main = from;
    for (let w = from + 1; w < to; w++) if (depthOf(w) < depthOf(main)) main = w;
    const h = p.head[main]!;
    out.upos.push(model.upos[p.tags[main]!]!);
    out.head.push(h === -1 ? -1 : tokenOf[h]!);
    out.deprel.push(relationOf(model, p.label[main]!));
  }
  return out;
}
