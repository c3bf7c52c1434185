/**
 * Tokens and sentences for the language layer, built on wink-nlp (wink-eng-lite-web-model).
 *
 * wink gives tokens, POS tags, lemmas and a sentence boundary detector; this module adds what news
 * text needs on top: exact UTF-16 offsets, re-gluing words wink splits at letters outside Latin-1
 * ("Kłyszcz", "Erdoğan") and at hyphens ("Son-hui", "Jong-un"), sentence breaks at line ends
 * (headlines, bullet lists, menu lines without full stops) and no break inside an open quotation.
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Sentence, Token } from "../model/pipeline.js";

/** The one wink-nlp instance of the process (loading the model costs ~100 ms). */
let winkInstance: ReturnType<typeof winkNLP> | null = null;

/** The shared wink-nlp instance (lazily created). */
export function wink(): ReturnType<typeof winkNLP> {
  if (!winkInstance) {
    // only sentence breaking and part-of-speech (lemmas come with the model): wink's own NER, negation and
    // sentiment passes cost a fifth of the layer's time and nothing reads them
    winkInstance = winkNLP(model, ["sbd", "pos"]);
    // the first out-of-vocabulary word read gets the first id past the lexicon
    const ids = winkInstance.readDoc("zqxjvkqbwzx").tokens().out(winkInstance.its.uniqueId) as unknown as number[];
    lexiconSize = ids[0] ?? 0;
  }
  return winkInstance;
}
let lexiconSize = 0;

/** Whether a (lower-case) word is in wink's English lexicon: "commerce" is, "okafor" is not. */
export function inLexicon(word: string): boolean {
  const nlp = wink();
  if (PLAIN_LOWER.test(word)) {
    // a word of ASCII lower-case letters is one wink token (or a contraction such as "cannot", which
    // expands to several): look it up in wink's lexeme table instead of reading a document for it
    lexiconProbe ??= nlp.readDoc("");
    const ids = lexiconProbe.isLexeme(word) as unknown as number[] | null;
    return ids !== null && ids.length === 1 && ids[0]! < lexiconSize;
  }
  return readsAsLexiconWord(word);
}

/**
 * {@link inLexicon} by reading the word as a wink document: one token whose id is a lexicon id. The
 * reference reading (slower: a document per word, and wink remembers each new word it reads).
 */
export function readsAsLexiconWord(word: string): boolean {
  const nlp = wink();
  const ids = nlp.readDoc(word).tokens().out(nlp.its.uniqueId) as unknown as number[];
  return ids.length === 1 && ids[0]! < lexiconSize;
}
const PLAIN_LOWER = /^[a-z]+$/;
/** An empty wink document kept for its lexeme look-up (`isLexeme`), which reads the shared lexicon. */
let lexiconProbe: ReturnType<ReturnType<typeof winkNLP>["readDoc"]> | null = null;

/** A token plus the facts the entity recogniser needs about it. */
export interface RichToken extends Token {
  /** Index of the sentence holding the token. */
  sentence: number;
  /** Whitespace before the token (in the original text) contains a line break. */
  lineStart: boolean;
  /** Whitespace precedes the token. */
  spaceBefore: boolean;
  /** wink token type: word, number, punctuation, url, email, … */
  kind: string;
}

/** The output of {@link tokenize}. */
export interface Tokenized {
  tokens: RichToken[];
  sentences: Sentence[];
}

const LETTER = /\p{L}/u;
const LETTER_END = /\p{L}$/u;
const LETTER_START = /^\p{L}/u;
const OPEN_QUOTES = new Set(["“", "«", "„"]);
const CLOSE_QUOTES = new Set(["”", "»"]);
/** Abbreviated titles written before a name: no sentence ends after them. */
const TITLE_ABBREVIATION =
  /^(?:Sens?|Reps?|Govs?|Lt|Gens?|Col|Capt|Sgt|Maj|Adm|Brig|Cmdr|Supt|Insp|Det|Rev|Mr|Mrs|Ms|Dr|Prof|Gov|Atty|Amb|Cpl|Pvt|Pres|Sec|Supt)\.$/;

/** A possessive 's (straight or curly apostrophe) glued to the end of a word wink returned as one token. */
const POSSESSIVE_CLITIC = /(?<=\p{L})['’][sS]$/u;

/** Longest stretch (UTF-16 units) a quotation may hold sentences together before we stop waiting for it to close. */
const MAX_QUOTE_SPAN = 3000;
/** Tokens longer than this in a single wink token are kept as they are (never re-glued further). */
const MAX_GLUE_LENGTH = 200;
/**
 * wink's tokeniser is quadratic in the length of a single run of non-space characters (a 20k-char
 * run takes seconds, 200k minutes); runs longer than this bypass wink and become one token each.
 */
const MAX_RUN = 256;
/** Text is handed to wink in pieces of at most this many characters, cut at line breaks or spaces. */
const MAX_PIECE = 50_000;

/**
 * wink tokens of the whole text with absolute offsets. Long texts are read in pieces and giant
 * non-space runs bypass wink, keeping time and memory linear in the input.
 */
function winkTokens(text: string): RawToken[] {
  const out: RawToken[] = [];
  let sentenceBase = 0;
  const giant = new RegExp(`\\S{${MAX_RUN + 1},}`, "g");
  let pos = 0;
  const flushNormal = (from: number, to: number): void => {
    let start = from;
    while (start < to) {
      let end = Math.min(to, start + MAX_PIECE);
      if (end < to) {
        const nl = text.lastIndexOf("\n", end);
        const sp = text.lastIndexOf(" ", end);
        if (nl > start + MAX_PIECE / 2) end = nl + 1;
        else if (sp > start) end = sp + 1;
      }
      sentenceBase = readPiece(text, start, end, sentenceBase, out);
      start = end;
    }
  };
  let m: RegExpExecArray | null;
  while ((m = giant.exec(text))) {
    flushNormal(pos, m.index);
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      pos: "X",
      lemma: m[0].length > 1000 ? "" : m[0].toLowerCase(),
      kind: "unk",
      spaces: "",
      winkSentence: sentenceBase++,
    });
    pos = m.index + m[0].length;
  }
  flushNormal(pos, text.length);
  return out;
}

/** Runs wink on `text[from, to)` and appends its non-space tokens; returns the next sentence id. */
function readPiece(text: string, from: number, to: number, sentenceBase: number, out: RawToken[]): number {
  const piece = text.slice(from, to);
  if (piece.trim().length === 0) return sentenceBase;
  const nlp = wink();
  const its = nlp.its;
  const doc = nlp.readDoc(piece);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  // wink leaves the lemma undefined for some words ("cannot" before a full stop)
  const lemmas = doc.tokens().out(its.lemma as never) as Array<string | undefined>;
  const types = doc.tokens().out(its.type) as string[];
  const sentenceOf = new Int32Array(values.length).fill(0);
  const spans = doc.sentences().out(its.span) as unknown as Array<[number, number]>;
  spans.forEach(([a, b], i) => {
    for (let k = a; k <= b && k < values.length; k++) sentenceOf[k] = i;
  });
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let start = at + spaces[i]!.length;
    if (!piece.startsWith(value, start)) {
      // wink reproduces the text exactly (value + preceding spaces); if not, look a little ahead
      const found = piece.slice(at, at + spaces[i]!.length + value.length + 64).indexOf(value);
      if (found < 0) continue; // normalised away: nothing to point at
      start = at + found;
    }
    const end = start + value.length;
    at = end;
    if (value.trim() === "") continue; // wink emits line breaks as tokens
    const sentence = sentenceBase + sentenceOf[i]!;
    const clitic = types[i] === "word" ? POSSESSIVE_CLITIC.exec(value) : null;
    if (clitic) {
      // wink splits "Taylor's" on first sight but learns the glued form once it has seen it (e.g. inside
      // quotes), so the same text would tokenise differently depending on what the process read before
      const cut = from + end - clitic[0].length;
      out.push({
        start: from + start,
        end: cut,
        pos: pos[i]!,
        lemma: value.slice(0, cut - from - start).toLowerCase(),
        kind: "word",
        spaces: "",
        winkSentence: sentence,
      });
      out.push({
        start: cut,
        end: from + end,
        pos: "PART",
        lemma: "'s",
        kind: "word",
        spaces: "",
        winkSentence: sentence,
      });
      continue;
    }
    out.push({
      start: from + start,
      end: from + end,
      pos: pos[i]!,
      lemma: lemmas[i] ?? value.toLowerCase(),
      kind: types[i]!,
      spaces: "",
      winkSentence: sentence,
    });
  }
  return sentenceBase + Math.max(1, spans.length);
}

interface RawToken {
  start: number;
  end: number;
  pos: string;
  lemma: string;
  kind: string;
  spaces: string;
  winkSentence: number;
}

/**
 * Tokenises and sentence-splits `text`. Offsets are UTF-16 indices into `text`;
 * `text.slice(t.start, t.end) === t.text` for every token.
 * @param text cleaned document text
 * @returns tokens (whitespace dropped) and sentences with paragraph indices
 * @example tokenize("Kim Jong-un met Putin.").tokens.map((t) => t.text) // ["Kim", "Jong-un", "met", "Putin", "."]
 */
export function tokenize(text: string): Tokenized {
  if (text.length === 0) return { tokens: [], sentences: [] };
  const raw = winkTokens(text);
  // spacing before each token is read from the text itself (exact, whatever wink normalised)
  let prevEnd = 0;
  for (const r of raw) {
    r.spaces = text.slice(prevEnd, r.start);
    prevEnd = r.end;
  }

  // 2. Re-glue words split at non-Latin-1 letters and hyphens (in place: a token absorbs the ones after it,
  // which are then skipped, so no token is read after it changed)
  const glued: RawToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const cur = raw[i]!;
    while (i + 1 < raw.length) {
      const next = raw[i + 1]!;
      if (next.spaces.length > 0 || next.start !== cur.end || cur.end - cur.start > MAX_GLUE_LENGTH) break;
      const curText = text.slice(cur.start, cur.end);
      const nextText = text.slice(next.start, next.end);
      if (cur.kind === "url" || cur.kind === "email" || next.kind === "url" || next.kind === "email") break;
      let take = 0;
      if (
        LETTER_END.test(curText) &&
        LETTER_START.test(nextText) &&
        (next.kind === "unk" || cur.kind === "unk" || !isAsciiWord(curText) || !isAsciiWord(nextText))
      ) {
        take = 1; // Kł + yszcz, Erdo + ğ + an
      } else if (LETTER_END.test(curText) && nextText === "-" && i + 2 < raw.length) {
        const after = raw[i + 2]!;
        const afterText = text.slice(after.start, after.end);
        if (
          after.spaces.length === 0 &&
          after.start === next.end &&
          LETTER_START.test(afterText) &&
          glueAcrossHyphen(curText, afterText)
        )
          take = 2;
      }
      // a title abbreviation wink splits from its dot ("Sens" + ".") is one token, like "Gov." ("Sens. Ann Lee")
      if (take === 0 && nextText === "." && TITLE_ABBREVIATION.test(curText + ".")) take = 1;
      if (take === 0) break;
      const last = raw[i + take]!;
      const joined = text.slice(cur.start, last.end);
      cur.end = last.end;
      cur.kind = "word";
      cur.lemma = joined.toLowerCase();
      if (cur.pos !== "PROPN") cur.pos = /^\p{Lu}/u.test(joined) ? "PROPN" : cur.pos === "X" ? "NOUN" : cur.pos;
      i += take;
    }
    glued.push(cur);
  }

  // 3. Sentences: start from wink's boundaries, break at line ends, hold open quotations together.
  const sentenceStarts: number[] = [];
  const texts = new Array<string>(glued.length);
  let quoteOpenAt = -1;
  for (let i = 0; i < glued.length; i++) {
    const tok = glued[i]!;
    const tokText = text.slice(tok.start, tok.end);
    texts[i] = tokText;
    const prev = i > 0 ? glued[i - 1]! : null;
    let boundary = i === 0;
    if (!boundary && prev) {
      const lineBreak = tok.spaces.includes("\n") || tok.spaces.includes("\r");
      if (lineBreak) boundary = true;
      else if (tok.winkSentence !== prev.winkSentence) {
        boundary = quoteOpenAt < 0 || tok.start - quoteOpenAt > MAX_QUOTE_SPAN;
        // no break after a title abbreviation before a name ("Sens. Mark Ellery", "Lt. Gen. Omar Saidi")
        const prevText = texts[i - 1]!;
        if (boundary && /^\p{Lu}/u.test(tokText) && TITLE_ABBREVIATION.test(prevText)) boundary = false;
        // wink breaks after a closing quote followed by a lower-case reporting clause ("…” he added.")
        if (boundary && /^\p{Ll}/u.test(tokText) && !/[.!?]$/.test(prevText)) boundary = false;
        if (boundary && /^\p{Ll}/u.test(tokText) && CLOSE_QUOTES.has(prevText)) boundary = false;
        // a point glued to the number after it is a decimal or calibre, not a sentence's end (".45-caliber", ".5%")
        if (boundary && prevText === "." && tok.spaces.length === 0 && /^\p{N}/u.test(tokText)) boundary = false;
      }
      if (boundary && tok.spaces.includes("\n")) quoteOpenAt = -1;
    }
    if (boundary) {
      sentenceStarts.push(i);
      if (quoteOpenAt >= 0 && tok.start - quoteOpenAt > MAX_QUOTE_SPAN) quoteOpenAt = -1;
    }
    if (OPEN_QUOTES.has(tokText)) quoteOpenAt = tok.start;
    else if (CLOSE_QUOTES.has(tokText)) quoteOpenAt = -1;
    else if (tokText === '"') {
      // straight quotes: opening when followed by no space, closing otherwise
      const next = glued[i + 1];
      if (quoteOpenAt >= 0) quoteOpenAt = -1;
      else if (next && next.spaces.length === 0) quoteOpenAt = tok.start;
    }
  }

  const sentences: Sentence[] = [];
  const tokens: RichToken[] = [];
  let paragraph = 0;
  for (let s = 0; s < sentenceStarts.length; s++) {
    const first = sentenceStarts[s]!;
    const lastExclusive = s + 1 < sentenceStarts.length ? sentenceStarts[s + 1]! : glued.length;
    const firstTok = glued[first]!;
    if (s > 0 && /\n[ \t\u00a0]*\r?\n|\r\r/.test(firstTok.spaces)) paragraph++;
    sentences.push({ start: firstTok.start, end: glued[lastExclusive - 1]!.end, paragraph });
    for (let k = first; k < lastExclusive; k++) {
      const t = glued[k]!;
      tokens.push({
        start: t.start,
        end: t.end,
        text: texts[k]!,
        pos: t.pos,
        lemma: t.lemma.toLowerCase(),
        sentence: s,
        lineStart: k === 0 || t.spaces.includes("\n") || t.spaces.includes("\r"),
        spaceBefore: t.spaces.length > 0,
        kind: t.kind,
      });
    }
  }
  return { tokens, sentences };
}

function isAsciiWord(s: string): boolean {
  return /^[A-Za-z\u00c0-\u00ff]+$/.test(s) || !LETTER.test(s);
}

/**
 * Whether "left-right" is one word: lower-case continuations ("Son-hui", "Jong-un", "military-technical")
 * and short capitalised syllables ("Jong-Un"), but not compounds of names ("Russia-North Korea",
 * "US-Japan", "Putin-Kim"), whose parts are entities of their own.
 */
function glueAcrossHyphen(left: string, right: string): boolean {
  if (/^\p{Ll}/u.test(right)) return true;
  const leftLetters = left.replace(/^.*-/, "");
  return (
    leftLetters.length <= 4 && right.length <= 4 && !/^\p{Lu}{2,}$/u.test(leftLetters) && !/^\p{Lu}{2,}$/u.test(right)
  );
}
