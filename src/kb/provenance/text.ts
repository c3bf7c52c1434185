/**
 * Word tokens with exact offsets, the common ground of spin detection, restoration and copy
 * linking. Offsets are UTF-16 indices into the text, so `text.slice(t.start, t.end) === t.raw`.
 */
import { DossierError } from "../../util/errors.js";

/** A word of the text, with its offsets and a normalised form for matching. */
export interface WordToken {
  start: number;
  end: number;
  /** The word as written. */
  raw: string;
  /** Lower-cased, curly apostrophes straightened (`’` → `'`). */
  norm: string;
  /** First letter is upper case. */
  capitalised: boolean;
  /** First word of a sentence, a paragraph, a line or a quotation. */
  sentenceStart: boolean;
}

/** Largest text the provenance functions accept (UTF-16 code units): a long book, not a page. */
export const MAX_TEXT_LENGTH = 20_000_000;

// Letters/digits, with inner apostrophes ("People's", "don’t") and inner hyphens kept apart:
// "Kim Jong-un" gives "Kim", "Jong", "un" so hyphenation differences between copies do not matter.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * Rejects input no text function should process: binary content (NUL or many control characters)
 * and texts beyond {@link MAX_TEXT_LENGTH}.
 * @throws DossierError BAD_INPUT or TOO_LARGE
 */
export function assertProcessableText(text: string, what = "text"): void {
  if (typeof text !== "string") throw new DossierError("BAD_INPUT", `${what} is not a string`);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new DossierError("TOO_LARGE", `${what} has ${text.length} characters; the limit is ${MAX_TEXT_LENGTH}`);
  }
  if (text.indexOf("\u0000") !== -1)
    throw new DossierError("BAD_INPUT", `${what} contains NUL characters (binary data?)`);
  let control = 0;
  const probe = Math.min(text.length, 100_000);
  for (let i = 0; i < probe; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  if (probe > 0 && control / probe > 0.01) {
    throw new DossierError(
      "BAD_INPUT",
      `${what} has ${control} control characters in its first ${probe}: binary data?`,
    );
  }
}

/** Straightens curly apostrophes and lower-cases, the normal form used by every lookup. */
export function normaliseWord(word: string): string {
  return word.replace(/’/g, "'").toLowerCase();
}

const OPENERS = new Set([".", "!", "?", ":", ";", "\n", "“", '"', "«", "(", "["]);
const CLOSERS = new Set(['"', "”", "’", "»", ")", "]"]);
const ENDERS = new Set([".", "!", "?"]);

/** True when the gap `text[from, to)` before a word ends a sentence (or holds a line break). */
function startsSentence(text: string, from: number, to: number): boolean {
  let k = to - 1;
  while (k >= from) {
    const ch = text[k]!;
    if (ch === "\n") return true;
    if (ch !== " " && ch !== "\t" && ch !== "\r" && ch !== "\u00a0") break;
    k--;
  }
  if (k < from) return false;
  const ch = text[k]!;
  if (OPENERS.has(ch)) return true;
  if (CLOSERS.has(ch) && k - 1 >= from && ENDERS.has(text[k - 1]!)) return true;
  for (let x = from; x < k; x++) if (text[x] === "\n") return true;
  return false;
}

/**
 * Splits text into word tokens with offsets; marks sentence starts (after `.!?:;`, a line break,
 * an opening quote or bracket, or at the beginning).
 * @example tokenize("He said. Then") // [{raw:"He",sentenceStart:true,…},{raw:"said",…},{raw:"Then",sentenceStart:true,…}]
 */
export function tokenize(text: string): WordToken[] {
  const out: WordToken[] = [];
  let lastEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const raw = m[0];
    const sentenceStart = out.length === 0 || startsSentence(text, lastEnd, start);
    const first = raw.charAt(0);
    out.push({
      start,
      end: start + raw.length,
      raw,
      norm: normaliseWord(raw),
      capitalised: first !== first.toLowerCase() && first === first.toUpperCase(),
      sentenceStart,
    });
    lastEnd = start + raw.length;
  }
  return out;
}

/** True when only spaces or tabs (no punctuation, no line break) separate tokens `a` and `b`. */
export function adjacent(text: string, a: WordToken, b: WordToken): boolean {
  if (b.start < a.end) return false;
  for (let i = a.end; i < b.start; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  return true;
}
