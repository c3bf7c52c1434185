/**
 * Quote extraction and attribution.
 *
 * Direct quotes: double marks (straight, curly, guillemets, low-9) paired over the paragraph, a
 * quotation continued into the next paragraph (opening mark, no closing one), a quote left open
 * to the end of its paragraph, and single marks (‘…’ or '…') outside double-quoted text. Titles,
 * names and scare quotes (short noun phrases nobody is reported to say) are not quotes.
 *
 * Attribution follows the reporting frame (GenderGapTracker's patterns): `“Q,” S V`, `“Q,” V S`
 * (inversion), `S V: “Q”`, `S V that … “Q”` (partial quotes take the subject of the reporting verb
 * that governs them), `according to S`, the cue stranded inside the closing mark, and quotes with
 * no frame of their own continue the running speaker (split quotes, continued paragraphs). The
 * speaker is the subject of the reporting verb — from the dependency parse when the language layer
 * provides one (see ./reporting.ts) — and pronouns are resolved by gender, recency and salience.
 *
 * Reported speech: the clausal complement of a reporting verb ("X said the plan would…", with or
 * without "that", past an addressee and adverbials), the clause before "…, X said", and
 * "according to X". Every quote's `text` is exactly `docText.slice(start, end)`.
 */
import type { LocalQuote, Token } from "../model/pipeline.js";
import { isPersonNoun } from "../nlp/person-nouns.js";
import { subjectCandidates, type ActorRef } from "./actors.js";
import {
  endOfSentence,
  isReportingVerb,
  phrasalParticle,
  speakerFromPhrase,
  speakerOfVerb,
  takesAddressee,
  tokenIndex,
  type Span,
  type SpeakerContext,
  type TokenIndex,
} from "./reporting.js";
import {
  LIMITS,
  entityOf,
  lowerBound,
  mentionsIn,
  paragraphIndexAt,
  sentenceAt,
  trimSpan,
  type DocView,
} from "./text.js";

const OPENERS_STRONG = new Set(["«", "„"]);
const CLOSERS_STRONG = new Set(["»"]);
const DOUBLE_MARKS = /["“”«»„]/g;

type MarkRole = "open" | "close";

interface Mark {
  at: number;
  role: MarkRole;
  /** The mark could open or close (a straight mark between two spaces or two letters). */
  either: boolean;
  paragraph: number;
  /** First non-space character of its paragraph. */
  paragraphStart: boolean;
}

/** A paired quote before attribution: content span between the marks. */
interface RawQuote {
  open: number | null;
  close: number;
  contentStart: number;
  contentEnd: number;
  /** Left open at the end of its paragraph. */
  unclosed?: boolean;
}

function classify(text: string, at: number): MarkRole | "either" {
  const ch = text[at]!;
  if (OPENERS_STRONG.has(ch)) return "open";
  if (CLOSERS_STRONG.has(ch)) return "close";
  const prev = at > 0 ? text[at - 1]! : "\n";
  const next = at + 1 < text.length ? text[at + 1]! : "\n";
  if (/[,.;:!?)\]]/.test(next)) return "close";
  const prevSpace = /[\s([{\u2014\u2013/-]/u.test(prev);
  const nextSpace = /\s/u.test(next);
  if (prevSpace && !nextSpace) return "open";
  if (!prevSpace && nextSpace) return "close";
  if (ch === "“") return "open";
  if (ch === "”") return "close";
  return "either";
}

function collectMarks(view: DocView, notes: string[]): Mark[] {
  const { text } = view;
  const marks: Mark[] = [];
  DOUBLE_MARKS.lastIndex = 0;
  for (let m = DOUBLE_MARKS.exec(text); m; m = DOUBLE_MARKS.exec(text)) {
    if (marks.length >= LIMITS.maxQuoteMarks) {
      notes.push(`more than ${LIMITS.maxQuoteMarks} quote marks: the rest are ignored`);
      break;
    }
    const paragraph = paragraphIndexAt(view, m.index);
    const p = view.paragraphs[paragraph];
    const role = classify(text, m.index);
    marks.push({
      at: m.index,
      role: role === "either" ? "open" : role,
      either: role === "either",
      paragraph,
      paragraphStart: p ? m.index === p.start : false,
    });
  }
  return marks;
}

/**
 * Pair quote marks into quote spans over each paragraph. A quote still open at the end of its
 * paragraph continues when the next paragraph opens with a mark (continued quotation); otherwise
 * it runs to the end of its paragraph when it holds at least a few words, else it is dropped.
 */
function pairMarks(view: DocView, marks: Mark[], notes: string[]): RawQuote[] {
  const out: RawQuote[] = [];
  let depth = 0;
  let openAt = -1;
  let openParagraph = -1;
  let lastCloseInParagraph = -1;
  let currentParagraph = -1;
  let unclosed = 0;
  let dropped = 0;
  const closeAtParagraphEnd = (): void => {
    const p = view.paragraphs[openParagraph];
    if (p && wordCount(view.text.slice(openAt + 1, p.end)) >= 4) {
      out.push({ open: openAt, close: p.end, contentStart: openAt + 1, contentEnd: p.end, unclosed: true });
      unclosed++;
    } else dropped++;
  };
  for (const mark of marks) {
    if (mark.paragraph !== currentParagraph) {
      if (depth > 0) {
        const continues = mark.paragraphStart && mark.role === "open" && mark.paragraph === openParagraph + 1;
        if (continues) {
          openParagraph = mark.paragraph;
          currentParagraph = mark.paragraph;
          lastCloseInParagraph = -1;
          continue;
        }
        closeAtParagraphEnd();
        depth = 0;
      }
      currentParagraph = mark.paragraph;
      lastCloseInParagraph = -1;
    }
    const role: MarkRole = mark.either ? (depth > 0 ? "close" : "open") : mark.role;
    if (role === "open") {
      if (depth === 0) {
        openAt = mark.at;
        openParagraph = mark.paragraph;
      }
      depth++;
      continue;
    }
    if (depth > 1) {
      depth--;
      continue;
    }
    if (depth === 1) {
      out.push({ open: openAt, close: mark.at, contentStart: openAt + 1, contentEnd: mark.at });
      depth = 0;
      lastCloseInParagraph = mark.at;
      continue;
    }
    // Orphan closer: the opening mark is missing. Accept it only when an attribution follows
    // (“…want ”, he added), from after the previous quote or the paragraph start.
    if (
      /^\s*,?\s*(?:[\p{L}.'’-]+\s+){0,4}?[\p{Ll}]+(?:ed|s)\b|^\s*,?\s*(?:he|she|they)\s+\p{Ll}/u.test(
        view.text.slice(mark.at + 1, mark.at + 80),
      )
    ) {
      const p = view.paragraphs[mark.paragraph]!;
      const from = Math.max(p.start, lastCloseInParagraph + 1);
      out.push({ open: null, close: mark.at, contentStart: from, contentEnd: mark.at });
      lastCloseInParagraph = mark.at;
    }
  }
  if (depth > 0) closeAtParagraphEnd();
  if (unclosed > 0) notes.push(`${unclosed} quote(s) left open: each taken to the end of its paragraph`);
  if (dropped > 0) notes.push(`${dropped} quote mark(s) left open around too few words: dropped`);
  return out;
}

/**
 * Single-mark quotes (‘…’ or '…', the British style) in text outside double-quoted spans: an
 * opening mark after a space or the paragraph start and before a letter, a closing one after a
 * letter or punctuation and before a space, punctuation or the end; apostrophes inside words
 * (it's, dockers' union) never pair because an opener must precede them in the same paragraph
 * and the content must hold at least two words.
 */
function pairSingleMarks(view: DocView, doubles: RawQuote[]): RawQuote[] {
  const { text } = view;
  const out: RawQuote[] = [];
  const inDouble = (at: number): boolean => doubles.some((q) => at >= (q.open ?? q.contentStart) && at <= q.close);
  for (const p of view.paragraphs) {
    const para = text.slice(p.start, p.end);
    if (!/['‘’]/u.test(para)) continue;
    let openAt = -1;
    for (let i = 0; i < para.length; i++) {
      const ch = para[i]!;
      if (ch !== "'" && ch !== "‘" && ch !== "’") continue;
      const at = p.start + i;
      if (inDouble(at)) continue;
      const prev = i > 0 ? para[i - 1]! : " ";
      const next = i + 1 < para.length ? para[i + 1]! : " ";
      const canOpen = (ch === "'" || ch === "‘") && /[\s([{\u2014\u2013-]/u.test(prev) && /[\p{L}\p{N}]/u.test(next);
      const canClose =
        (ch === "'" || ch === "’") && /[\p{L}\p{N}.,!?]/u.test(prev) && /[\s.,;:!?)\]\u2014\u2013-]/u.test(next);
      if (openAt < 0) {
        if (canOpen) openAt = at;
        continue;
      }
      if (
        canClose &&
        !(
          prev === "s" &&
          /\s/u.test(next) &&
          /^\s+[\p{Ll}]/u.test(para.slice(i + 1)) &&
          wordCount(text.slice(openAt + 1, at)) < 2
        )
      ) {
        if (wordCount(text.slice(openAt + 1, at)) >= 2)
          out.push({ open: openAt, close: at, contentStart: openAt + 1, contentEnd: at });
        openAt = -1;
      }
    }
  }
  return out;
}

function wordCount(s: string): number {
  return (s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

// ---------------------------------------------------------------------------------------------
// names, titles and scare quotes

/** Words right before an opening mark that make the quoted words a name or a term, not speech. */
const NAMING_BEFORE =
  /\b(?:titled|entitled|named|dubbed|nicknamed|headlined|branded|so-called|known\s+as|called|term|terms|slogan|motto|hashtag|word|words|phrase|label|banner|reading|marked)\s*$/iu;
const SMALL_WORDS = /^(?:of|the|and|for|in|on|a|an|to|at|by|with|de|la|le|du|von|van|&)$/iu;
const DETERMINER_BEFORE = /\b(?:the|a|an|its|their|his|her|our|your|this|these|those|that)\s*$/iu;

/** True when every word of the quoted text is capitalised (small words aside): a title or a name. */
function titleCase(content: string): boolean {
  const words = content.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? [];
  if (words.length === 0 || words.length > 8) return false;
  return words.every((w) => SMALL_WORDS.test(w) || /^[\p{Lu}\p{N}]/u.test(w)) && /^[\p{Lu}\p{N}]/u.test(words[0]!);
}

// ---------------------------------------------------------------------------------------------
// attribution of direct quotes

interface Attribution {
  speaker: ActorRef | null;
  /** The cue as written (said, told, according to…), or null. */
  cue: string | null;
  addressee: string | null;
  /** Content end after removing a cue stranded inside the closing mark. */
  contentEnd?: number;
  /** Where the attribution frame ends (a later quote's lead-in starts after it). */
  frameEnd: number;
  frame: "inner" | "after" | "before" | "colon" | "partial" | "floating" | "none";
}

const NONE: Attribution = { speaker: null, cue: null, addressee: null, frameEnd: -1, frame: "none" };

/** Tokens whose start lies in `[start, end)`, as indices. */
function tokenRange(idx: TokenIndex, start: number, end: number): [number, number] {
  return [idx.at(start), idx.at(end)];
}

/** The person or outlet addressed after a cue ("told Reuters", "said in an interview with the BBC"). */
function addresseeAfter(view: DocView, cueEnd: number, cue: string): string | null {
  const window = view.text.slice(cueEnd, cueEnd + 60);
  const told = /^(?:told|tells|tell|informed|informs|inform)$/iu.test(cue);
  const m = told
    ? /^\s*((?:[\p{Lu}][\p{L}\p{M}'’.-]*\s?){1,4})/u.exec(window)
    : /^\s*(?:\w+\s+){0,4}?(?:to|for|with)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}\p{M}'’.-]*\s?){1,4})/u.exec(window);
  if (!m) return null;
  const name = m[1]!.trim();
  if (/^(?:That|The|He|She|They|It|I|We)$/u.test(name)) return null;
  const at = cueEnd + window.indexOf(m[1]!);
  const org = mentionsIn(view, at, at + name.length + 1).find((x) => entityOf(view, x)?.type === "organization");
  return org ? org.text : name;
}

/** End of the attribution phrase after a verb: its inverted subject, addressee and a trailing ", according to X". */
function frameEndAfter(view: DocView, verbEnd: number, speaker: ActorRef | null, limit: number): number {
  let end = Math.max(verbEnd, speaker && speaker.start >= verbEnd ? speaker.end : verbEnd);
  const rest = view.text.slice(end, limit);
  const tail = /^[^.!?“”"]*?(?:,\s*according\s+to\s+[^.!?,“”"]+)?(?=[.!?,]|$)/u.exec(rest);
  if (tail) end += tail[0].length;
  return end;
}

/** A reporting verb token in `[from, to)` that is not inside another quote; the first or the last one. */
function findCue(
  _view: DocView,
  idx: TokenIndex,
  from: number,
  to: number,
  quoted: readonly Span[],
  last: boolean,
): number {
  const [a, b] = tokenRange(idx, from, to);
  const inQuote = (t: Token): boolean => quoted.some((q) => t.start >= q.start && t.end <= q.end);
  if (last) {
    for (let i = b - 1; i >= a; i--) if (isReportingVerb(idx.tokens, i) && !inQuote(idx.tokens[i]!)) return i;
  } else {
    for (let i = a; i < b; i++) if (isReportingVerb(idx.tokens, i) && !inQuote(idx.tokens[i]!)) return i;
  }
  return -1;
}

/** The nearest main verb before `to` (not inside a quote) whose subject is an actor: the verb governing a partial quote. */
function governingVerb(
  view: DocView,
  idx: TokenIndex,
  from: number,
  to: number,
  ctx: SpeakerContext,
): { verb: number; speaker: ActorRef } | null {
  const [a, b] = tokenRange(idx, from, to);
  for (let i = b - 1; i >= a; i--) {
    const t = idx.tokens[i]!;
    if (t.pos !== "VERB" || !/^[\p{Ll}]/u.test(t.text)) continue;
    const speaker = speakerOfVerb(view, i, from, to, ctx);
    if (speaker?.key) return { verb: i, speaker };
  }
  return null;
}

/** In the parse, the nearest reporting-verb ancestor of the quote's first token. */
function parsedGoverningCue(idx: TokenIndex, first: number, quote: Span): number {
  let cur = idx.tokens[first]?.head;
  for (let hops = 0; typeof cur === "number" && cur >= 0 && hops < 12; hops++) {
    const t = idx.tokens[cur]!;
    if ((t.start < quote.start || t.start >= quote.end) && isReportingVerb(idx.tokens, cur)) return cur;
    cur = t.head;
  }
  return -1;
}

/** Where the sentence holding `offset` starts. */
function sentenceStartAt(view: DocView, offset: number): number {
  return sentenceAt(view, offset)?.start ?? 0;
}

/** Phase 1: a cue stranded inside the closing mark: “…, the minister recalled.” */
function innerFrame(
  view: DocView,
  idx: TokenIndex,
  q: RawQuote,
  content: string,
  quoteCtx: SpeakerContext,
): Attribution | null {
  const { text } = view;
  const innerComma = content.lastIndexOf(",");
  if (innerComma > 0 && q.open !== null) {
    const tailStart = q.contentStart + innerComma;
    const tail = text.slice(tailStart, q.contentEnd);
    if (wordCount(tail) <= 8 && /[.!]?\s*$/u.test(tail)) {
      const cue = findCue(view, idx, tailStart, q.contentEnd, [], true);
      if (cue >= 0) {
        const after = text.slice(idx.tokens[cue]!.end, q.contentEnd);
        const before = text.slice(tailStart + 1, idx.tokens[cue]!.start);
        const cueAtEnd = /^\s*[.!]?\s*$/u.test(after) && wordCount(before) >= 1;
        const inverted = /^\s*$/u.test(before.replace(/^\s*,?\s*/u, "")) && /^\s+[\p{Lu}]/u.test(after);
        if (cueAtEnd || inverted) {
          const speaker = speakerOfVerb(view, cue, tailStart + 1, q.contentEnd, quoteCtx);
          if (speaker && (speaker.key || /^(?:the|a|an)\s/iu.test(speaker.text))) {
            return {
              speaker,
              cue: idx.tokens[cue]!.text,
              addressee: null,
              contentEnd: tailStart,
              frameEnd: q.close + 1,
              frame: "inner",
            };
          }
        }
      }
    }
  }
  return null;
}

/** Phase 2: the frame after the closing mark: “…,” S V / “…,” V S. */
function afterFrame(
  view: DocView,
  idx: TokenIndex,
  q: RawQuote,
  content: string,
  quoteCtx: SpeakerContext,
): Attribution | null {
  const { text } = view;
  const afterStart = q.close + 1;
  const nextBreak = afterStart + frameWindow(text.slice(afterStart, afterStart + 300));
  const endsSentence = /[.!?]\s*$/u.test(content);
  const after = text.slice(afterStart, nextBreak);
  const newSentenceAfter = endsSentence && /^\s*[\p{Lu}]/u.test(after);
  const cueAfter = q.unclosed ? -1 : findCue(view, idx, afterStart, nextBreak, [], false);
  if (cueAfter >= 0) {
    const verb = idx.tokens[cueAfter]!;
    const gap = text.slice(afterStart, verb.start);
    const sentenceEnd = endOfSentence(text, verb.end, nextBreak);
    const shortFrame =
      wordCount(text.slice(verb.end, sentenceEnd)) <= 10 &&
      !/^\s+(?:that|how|why|whether)\b/iu.test(text.slice(verb.end, sentenceEnd));
    const near = wordCount(gap) <= 10 && endOfSentence(text, afterStart, verb.start) === verb.start && !/;/u.test(gap);
    const named = near ? null : namedBeforeApposition(view, idx, afterStart, verb.start);
    // "“…,” adding “…”" / "“…,” noting that …": the participle introduces what follows, not this quote
    const participleOnward = /ing$/iu.test(verb.text) && /^[\s,]*$/u.test(gap);
    if ((near || named) && !participleOnward && (!newSentenceAfter || shortFrame || /^\s*,/u.test(after))) {
      // a misparsed apposition ("NAME, a chemist in Town, Region, said") still has its name first
      const speaker =
        named ??
        speakerOfVerb(view, cueAfter, afterStart, sentenceEnd, quoteCtx) ??
        namedBeforeApposition(view, idx, afterStart, verb.start) ??
        (near ? describedBetween(view, afterStart, verb.start, quoteCtx) : null);
      if (speaker) {
        return {
          speaker,
          cue: verb.text,
          addressee: addresseeAfter(view, verb.end, verb.text),
          frameEnd: frameEndAfter(view, verb.end, speaker, nextBreak),
          frame: "after",
        };
      }
    }
  }
  return null;
}

/** A short title in quotation marks before a lower-case noun: “the “Harbor Nights” actress said”. */
const TITLE_IN_FRAME = /^[“"]\p{Lu}[^“”"\n]{0,40}[”"](?=\s+\p{Ll})/u;

/**
 * Length of the attribution frame at the start of `rest`: up to the next quotation mark or line
 * break, passing over quoted titles of at most five words that premodify a noun.
 */
function frameWindow(rest: string): number {
  let from = 0;
  for (;;) {
    const stop = rest.slice(from).search(/[“"«„]|\n/u);
    if (stop < 0) return rest.length;
    const at = from + stop;
    const title = TITLE_IN_FRAME.exec(rest.slice(at));
    if (!title || wordCount(title[0]) > 5) return at;
    from = at + title[0].length;
  }
}

/**
 * “…,” the “Harbor Nights” actress said: when the parse gives the verb no subject, a short noun
 * phrase with an article or possessive between the closing mark and the verb is the speaker.
 */
function describedBetween(view: DocView, from: number, verbStart: number, ctx: SpeakerContext): ActorRef | null {
  const gap = view.text.slice(from, verbStart);
  const lead = /^[\s,]*/u.exec(gap)![0].length;
  const phrase = gap.slice(lead).trimEnd();
  if (!/^(?:the|a|an|his|her|their|its)\s/iu.test(phrase) || wordCount(phrase) > 6 || /[,;:]/u.test(phrase))
    return null;
  return speakerFromPhrase(view, from + lead, from + lead + phrase.length, ctx);
}

/**
 * “…,” NAME, a long apposition, said: the person named right after the closing mark, set off by
 * a comma, when the apposition up to the reporting verb is one sentence of at most 35 words
 * ("“…,” Dana Ruiz, a fellow at the Alder Institute in Lund, Sweden, and co-author of the study,
 * said"; "…, who chairs the panel, said"). Before the name only a title may stand, in capitals
 * ("Interior Minister Dana Ruiz, who …") or as a few nouns and adjectives ("senior study author").
 */
function namedBeforeApposition(view: DocView, idx: TokenIndex, from: number, verbStart: number): ActorRef | null {
  const { text } = view;
  const gap = text.slice(from, verbStart);
  if (wordCount(gap) > 35 || /[.;:!?]\s|[“”"]/u.test(gap) || !/,\s*$/u.test(gap)) return null;
  const first = mentionsIn(view, from, verbStart)[0];
  if (!first || entityOf(view, first)?.type !== "person") return null;
  if (!titleOnlyBetween(view, idx, from, first.start) || !/^\s*,/u.test(text.slice(first.end, verbStart))) return null;
  const e = entityOf(view, first)!;
  return { key: e.key, text: first.text, start: first.start, end: first.end };
}

/** Nothing in `[from, to)` but a comma and at most four title words (capitalised, or nouns and adjectives). */
function titleOnlyBetween(view: DocView, idx: TokenIndex, from: number, to: number): boolean {
  const lead = view.text.slice(from, to);
  if (/^[\s,]*(?:[\p{Lu}][\p{L}.'’-]*\s+){0,4}$/u.test(lead)) return true;
  const [a, b] = tokenRange(idx, from, to);
  const words = idx.tokens.slice(a, b).filter((t) => t.text !== ",");
  return (
    words.length <= 4 &&
    /^[\s,]*[\p{L}]/u.test(lead) &&
    words.every((t) => t.pos === "NOUN" || t.pos === "ADJ" || t.pos === "PROPN" || /^[\p{Lu}]/u.test(t.text))
  );
}

/** Phase 3a: a passive or "according to" attribution at the end of the lead before the opening mark. */
function leadPhraseFrame(
  view: DocView,
  q: RawQuote,
  lead: string,
  leadStart: number,
  quoteCtx: SpeakerContext,
): Attribution | null {
  // "as put by a neighbour, “…”": a passive attribution.
  const passive =
    /\b(described|put|said|told|noted|written|stated|quoted)\s+by\s+((?:an?|the|one)\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+|(?:[\p{Lu}][\p{L}\p{M}.'’-]*\s?){1,4})\s*[,:]?\s*$/u.exec(
      lead,
    );
  if (passive) {
    const at = leadStart + passive.index + passive[0].indexOf(passive[2]!, passive[1]!.length);
    const speaker = speakerFromPhrase(view, at, at + passive[2]!.trim().length, quoteCtx);
    if (speaker) return { speaker, cue: passive[1]!, addressee: null, frameEnd: q.close + 1, frame: "before" };
  }
  const according = /\baccording\s+to\s+((?:[\p{L}\p{M}'’.-]+\s*){1,6}?)\s*[,:]\s*$/u.exec(lead);
  if (according) {
    const at = leadStart + according.index + according[0].indexOf(according[1]!, 9);
    const speaker = speakerFromPhrase(view, at, at + according[1]!.trim().length, quoteCtx);
    if (speaker) return { speaker, cue: "according to", addressee: null, frameEnd: q.close + 1, frame: "before" };
  }
  return null;
}

/** Phase 3c: after a colon with no listed cue verb, the person subject or a described subject of the lead. */
function colonFrame(
  view: DocView,
  idx: TokenIndex,
  q: RawQuote,
  open: number,
  leadStart: number,
  quoteCtx: SpeakerContext,
): Attribution | null {
  const { text } = view;
  // `X, a fellow at Y, raises a point for Z: “Q”` — no listed cue verb: the first person subject.
  const person = subjectCandidates(view, leadStart, open).find(
    (m) => m.via !== "pronoun" && entityOf(view, m)?.type === "person",
  );
  if (person) {
    const verb = /^(?:\s*,[^,]{0,160},)?\s*(?:\w+ly\s+)?([\p{Ll}]+)/u.exec(text.slice(person.end, open));
    const verbAt = verb ? person.end + verb.index + verb[0].length : person.end;
    return {
      speaker: { key: person.entity, text: person.text, start: person.start, end: person.end },
      cue: verb?.[1] ?? null,
      addressee: verb ? addresseeAfter(view, verbAt, verb[1]!) : null,
      frameEnd: q.close + 1,
      frame: "colon",
    };
  }
  // "Now that may change, the analyst believes: “Q”": a pronoun or description as the subject of the verb before the colon.
  const [a, b] = tokenRange(idx, leadStart, open);
  for (let i = b - 1; i >= a; i--) {
    if (idx.tokens[i]!.pos !== "VERB") continue;
    const speaker = speakerOfVerb(view, i, leadStart, open, quoteCtx);
    if (speaker && /^(?:the|a|an|he|she|they)\b/iu.test(speaker.text))
      return {
        speaker,
        cue: idx.tokens[i]!.text,
        addressee: addresseeAfter(view, idx.tokens[i]!.end, idx.tokens[i]!.text),
        frameEnd: q.close + 1,
        frame: "colon",
      };
    break;
  }
  return null;
}

/** The speaker, cue and frame of quote `q`: inside the closing mark, after it, then before the opening mark. */
function attribute(view: DocView, q: RawQuote, floor: number, ctx: SpeakerContext): Attribution {
  const { text } = view;
  const idx = tokenIndex(view);
  const contentSpan: Span = { start: q.contentStart, end: q.contentEnd };
  const content = text.slice(q.contentStart, q.contentEnd);
  const quoteCtx: SpeakerContext = { ...ctx, antecedentsBefore: q.open ?? q.contentStart };

  const inner = innerFrame(view, idx, q, content, quoteCtx);
  if (inner) return inner;
  const afterQuote = afterFrame(view, idx, q, content, quoteCtx);
  if (afterQuote) return afterQuote;

  if (q.open === null) return NONE;
  // 3. The frame before the opening mark, inside its sentence: S V (to X) (that)(:) “Q”, or a
  // partial quote governed by a reporting verb earlier in the sentence.
  const para = view.paragraphs[paragraphIndexAt(view, q.open)];
  const leadStart = Math.max(floor, para?.start ?? 0, sentenceStartAt(view, q.open), q.open - 500);
  const lead = text.slice(leadStart, q.open);
  const colon = /:\s*$/u.test(lead);
  const partial = /[\p{L}\p{N}]/u.test(lead) && !colon;
  if (NAMING_BEFORE.test(lead) && (titleCase(content) || wordCount(content) <= 3)) return NONE;
  const phrased = leadPhraseFrame(view, q, lead, leadStart, quoteCtx);
  if (phrased) return phrased;
  let cue = findCue(view, idx, leadStart, q.open, ctx.quoted, true);
  if (cue < 0 && idx.parsed && partial) {
    const first = idx.at(q.contentStart);
    if (first < idx.tokens.length && idx.tokens[first]!.start < q.contentEnd)
      cue = parsedGoverningCue(idx, first, contentSpan);
  }
  if (cue >= 0 && idx.tokens[cue]!.start < q.open) {
    const verb = idx.tokens[cue]!;
    const gap = text.slice(verb.end, q.open);
    if (wordCount(gap) <= 25 || colon) {
      // a cue before the window (the parse found it past an earlier quote of the sentence): its
      // subject is read from the sentence's start, as for that earlier quote
      const from = verb.start < leadStart ? Math.min(leadStart, sentenceStartAt(view, verb.start)) : leadStart;
      const speaker = speakerOfVerb(view, cue, from, q.open, quoteCtx);
      if (speaker)
        return {
          speaker,
          cue: verb.text,
          addressee: addresseeAfter(view, verb.end, verb.text),
          frameEnd: q.close + 1,
          frame: partial ? "partial" : "before",
        };
    }
  }
  if (partial) {
    // "… called the findings “genuinely exciting”": the subject of the verb that governs the words.
    const gov = governingVerb(view, idx, leadStart, q.open, quoteCtx);
    if (gov)
      return {
        speaker: gov.speaker,
        cue: idx.tokens[gov.verb]!.text,
        addressee: null,
        frameEnd: q.close + 1,
        frame: "partial",
      };
  }
  if (colon) {
    const viaColon = colonFrame(view, idx, q, q.open, leadStart, quoteCtx);
    if (viaColon) return viaColon;
  }
  return NONE;
}

interface Running {
  close: number;
  frameEnd: number;
  paragraph: number;
  sentence: number;
  speaker: ActorRef | null;
  cue: string | null;
}

/** True when the word right after the closing mark at `close` is a lower-case noun: the quoted words modify it. */
function premodifiesNoun(view: DocView, close: number): boolean {
  if (!/^\s+[\p{Ll}]/u.test(view.text.slice(close + 1, close + 3))) return false;
  const idx = tokenIndex(view);
  const next = idx.tokens[idx.at(close + 1)];
  return next !== undefined && next.pos === "NOUN";
}

/**
 * Extract direct quotes from a document.
 * @param view the indexed document
 * @param notes receives non-fatal notes (quotes left open, limits hit)
 * @returns quotes in text order; `text.slice(start, end) === quote.text` for each
 */
export function extractDirectQuotes(view: DocView, notes: string[]): LocalQuote[] {
  const { text } = view;
  const doubles = pairMarks(view, collectMarks(view, notes), notes);
  const raws = [...doubles, ...pairSingleMarks(view, doubles)].sort((a, b) => a.contentStart - b.contentStart);
  const quoted: Span[] = raws.map((r) => ({ start: r.contentStart, end: r.contentEnd }));
  const quotes: LocalQuote[] = [];
  let prev = null as Running | null;
  for (const raw of raws) {
    const sentence = sentenceAt(view, raw.open ?? raw.contentStart);
    const sentenceIndex = sentence ? lowerBound(view.sentences, sentence.start) : -1;
    const paragraph = paragraphIndexAt(view, raw.contentStart);
    const recent: Running | null = prev !== null && prev.paragraph >= paragraph - 1 ? prev : null;
    const ctx: SpeakerContext = { running: recent?.speaker?.key ?? null, quoted };
    const floor = recent ? Math.max(recent.close + 1, recent.frameEnd) : -1;
    const att = attribute(view, raw, floor, ctx);
    let span = trimSpan(text, raw.contentStart, att.contentEnd ?? raw.contentEnd);
    while (span.end > span.start && /[,;:\s]/u.test(text[span.end - 1]!))
      span = trimSpan(text, span.start, span.end - 1);
    const content = text.slice(span.start, span.end);
    const words = wordCount(content);
    if (words === 0) continue;
    const leadText = text.slice(Math.max(0, (raw.open ?? raw.contentStart) - 160), raw.open ?? raw.contentStart);
    if (/\bArticle\s+\d+[\p{L}]?\b[^.“”"]*$/u.test(leadText)) continue; // "Article 4 … states that “…”" is a provision
    if (
      att.speaker &&
      !att.speaker.key &&
      /\b(?:article|treaty|agreement|resolution|declaration|charter|clause|section)\b/iu.test(att.speaker.text)
    )
      continue;
    if (headingQuote(view, raw, content, paragraph)) continue;
    const sentenceLike = /[.!?]["'”’]?$/u.test(content) || words >= 8;
    // Titles and names: Title Case words with no sentence punctuation ("Crunch Club", "Black Lantern").
    if (titleCase(content) && !/[.!?]$/u.test(content) && words <= 6) continue;
    let { speaker, cue, frame } = att;
    const { addressee } = att;
    if (
      cue &&
      /ing$/iu.test(cue) &&
      frame !== "after" &&
      recent?.speaker?.key &&
      recent.sentence === sentenceIndex &&
      speaker?.key !== recent.speaker.key
    ) {
      // "… tweeted that X “…,” adding “…”": the participle shares the subject that spoke the quote before
      speaker = recent.speaker;
    }
    if (
      speaker &&
      !speaker.key &&
      /^the\s/iu.test(speaker.text) &&
      recent?.speaker?.key &&
      view.entities.get(recent.speaker.key)?.type === "person"
    ) {
      // "the analyst believes": a definite description with no role on record is the running speaker.
      speaker = { ...speaker, key: recent.speaker.key };
    }
    if (frame === "none") {
      // Floating or continued quote: the running speaker of this or the previous paragraph.
      // (a quote standing as its own sentence, not one closing a sentence of the narrative: "… said on “Dawn.”")
      const standsAlone = /^\s*$/u.test(text.slice(sentence?.start ?? 0, raw.open ?? raw.contentStart));
      if (recent?.speaker && sentenceIndex - recent.sentence <= 3 && (words >= 3 || (sentenceLike && standsAlone))) {
        speaker = recent.speaker;
        cue = recent.cue;
        frame = "floating";
      } else if (!(sentenceLike && words >= 8 && /^[\p{Lu}\p{N}]/u.test(content))) continue;
    }
    // A quoted word or two before a noun is a scare quote ("the “interim” government", "a “skinny” deal");
    // a title closed by the sentence's period is a title ("… including “Mary Poppins” and “Bambi.”").
    if (words <= 2 && frame !== "after" && frame !== "inner" && premodifiesNoun(view, raw.close)) continue;
    if (
      words <= 3 &&
      (frame === "partial" || frame === "none") &&
      /[.!?]$/u.test(content) &&
      titleCase(content.slice(0, -1))
    )
      continue;
    // Short quoted noun phrases with nobody reported as saying them are scare quotes.
    if (words < 4 && !speaker?.key && frame !== "floating") continue;
    if (words < 3 && frame === "none") continue;
    if (
      words <= 3 &&
      DETERMINER_BEFORE.test(leadText) &&
      frame !== "partial" &&
      frame !== "after" &&
      !/[.!?]$/u.test(content)
    )
      continue;
    quotes.push({
      start: span.start,
      end: span.end,
      text: content,
      direct: true,
      speaker: speaker?.key ?? null,
      speaker_text: speaker?.text ?? null,
      cue: cue ? cue.toLowerCase() : null,
      addressee,
      event: null,
    });
    prev = { close: raw.close, frameEnd: att.frameEnd, paragraph, sentence: sentenceIndex, speaker, cue };
  }
  return quotes;
}

// ---------------------------------------------------------------------------------------------
// reported speech

/** True when `span` holds fewer than two words of its own outside the direct quotes (sorted by start). */
function overlapsDirect(text: string, direct: LocalQuote[], span: Span): boolean {
  let own = "";
  let at = span.start;
  for (let i = Math.max(0, lowerBound(direct, span.start) - 4); i < direct.length; i++) {
    const q = direct[i]!;
    if (q.start >= span.end) break;
    if (q.end <= at) continue;
    own += " " + text.slice(at, Math.max(at, q.start));
    at = Math.max(at, q.end);
  }
  own += " " + text.slice(at, span.end);
  return wordCount(own) < 2;
}

/** Where a reported clause stops: another attribution or an unrelated clause joined to it. */
const CLAUSE_STOP =
  /(?<=,[”"])\s+(?:adding|noting|saying|citing)\b|,\s+(?:according\s+to|adding|noting|saying|citing|while|whereas|but\s+(?:(?:he|she|they|it)\s+)?(?:also\s+)?(?:added|said|warned|cautioned|noted|stressed|insisted|did)|though|as\s+(?:he|she|they))\b|;\s|\s[—–]\s|[“"«„]\s*$/iu;

type ClauseSpan = Span;

const WH_WORDS = /^(?:what|how|why|whether|who|whom|when|where|if|which)$/iu;
const NOMINAL = /^(?:DET|ADJ|NOUN|PROPN|NUM)$/;

/** Skip a noun phrase starting at token `i` (determiner, adjectives, nouns, numbers, possessives, "of" + NP); returns the next index. */
function skipNounPhrase(idx: TokenIndex, i: number, end: number): number {
  let k = i;
  let nouns = 0;
  while (k < end) {
    const t = idx.tokens[k]!;
    if (t.pos === "DET" && nouns > 0) break; // a new noun phrase starts: "on Monday the company…"
    if (
      NOMINAL.test(t.pos) ||
      /^['’]s?$/u.test(t.text) ||
      (t.pos === "PRON" && /^(?:his|her|its|their|our|my|your)$/iu.test(t.text) && nouns === 0)
    ) {
      if (t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "NUM") nouns++;
      k++;
      continue;
    }
    if (t.pos === "ADP" && /^of$/iu.test(t.text) && nouns > 0) {
      k++;
      continue;
    }
    break;
  }
  return k;
}

/** True when verb `v` follows a form of "be" (adverbs between): a passive. */
function passiveAt(idx: TokenIndex, v: number): boolean {
  let j = v - 1;
  while (j >= 0 && idx.tokens[j]!.pos === "ADV") j--;
  return j >= 0 && /^(?:be|been|being|is|was|were|are|am)$/iu.test(idx.tokens[j]!.text);
}

/**
 * Past a relative clause on the addressee ("told a crowd of nurses who had gathered outside that …"):
 * the index of the "that" closing it, when one follows within 20 words with no reporting verb or
 * clause-ending punctuation in between; else `k` unchanged.
 */
function pastAddresseeRelative(idx: TokenIndex, k: number, end: number): number {
  if (k >= end || !/^(?:who|which)$/iu.test(idx.tokens[k]!.text)) return k;
  for (let i = k + 1; i < end && i < k + 20; i++) {
    const t = idx.tokens[i]!;
    if (isReportingVerb(idx.tokens, i) || /^[.;:!?“”"]$/u.test(t.text)) return k;
    if (/^that$/iu.test(t.text) && /^(?:DET|PRON|PROPN|NOUN|ADJ|NUM)$/.test(idx.tokens[i + 1]?.pos ?? "")) return i;
  }
  return k;
}

/**
 * Where a reported clause stops (`CLAUSE_STOP`), passing over a parenthesis set off by a pair of
 * dashes ("the carrier — already the largest in the region — will resume …").
 */
function clauseStop(clause: string): number {
  let from = 0;
  for (let guard = 0; guard < 4; guard++) {
    const rest = clause.slice(from);
    const stop = rest.search(CLAUSE_STOP);
    if (stop < 0) return -1;
    const dash = /^\s[—–]\s/u.exec(rest.slice(stop));
    if (!dash) return from + stop;
    const close = rest.slice(stop + dash[0].length).search(/\s[—–]\s/u);
    // a lone dash, or a pair closing at the end: the clause stops at the first dash
    if (close < 0 || wordCount(rest.slice(stop + dash[0].length + close)) < 2) return from + stop;
    from += stop + dash[0].length + close + 2;
  }
  return -1;
}

/**
 * The reported clause after verb token `v`: past an addressee ("told reporters"), prepositional
 * and adverbial phrases ("on Monday", "at a news conference in Lusaka", "in a statement") and
 * "that"; without "that", the clause must open with a subject and hold a finite verb, and may not
 * follow a comma ("said on Wednesday, the sixth rise in a row").
 */
function complementAfter(view: DocView, idx: TokenIndex, v: number, sentenceEnd: number): ClauseSpan | null {
  const { text } = view;
  const verb = idx.tokens[v]!;
  const end = idx.at(sentenceEnd);
  let k = v + 1;
  if (phrasalParticle(idx.tokens, v)) k++; // "pointed out (that) …"
  const lemma = verb.lemma.toLowerCase();
  if (takesAddressee(lemma) || /^told$/iu.test(verb.text)) {
    const t = idx.tokens[k];
    if (!t || WH_WORDS.test(t.text)) return null;
    if (t.pos === "PRON" && /^(?:him|her|them|us|me|you|reporters)$/iu.test(t.text)) k++;
    else {
      const next = skipNounPhrase(idx, k, end);
      if (next === k) return null;
      k = next;
    }
    k = pastAddresseeRelative(idx, k, end);
  }
  let comma = false;
  let lastPreposition = "";
  for (let guard = 0; guard < 6 && k < end; guard++) {
    const t = idx.tokens[k]!;
    // prepositional phrases before the clause; "to" + noun phrase only after a medium: "in an email to the Courier that …"
    const toNounPhrase =
      /^to$/iu.test(t.text) &&
      lastPreposition === "in" &&
      /^(?:DET|PROPN|NOUN|PRON|ADJ|NUM)$/.test(idx.tokens[k + 1]?.pos ?? "");
    if (t.pos === "ADP" && (!/^(?:that|to)$/iu.test(t.text) || toNounPhrase)) {
      lastPreposition = t.text.toLowerCase();
      const next = skipNounPhrase(idx, k + 1, end);
      if (next === k + 1) break;
      // "noted as she made her decision", "said while he waited": an adverbial clause, not what was said
      if (SUBORDINATORS.test(t.text) && /^(?:VERB|AUX)$/.test(idx.tokens[next]?.pos ?? "")) return null;
      k = next;
      continue;
    }
    if (t.pos === "ADV" && !WH_WORDS.test(t.text)) {
      k++;
      continue;
    }
    if (t.text === "," && k + 1 < end && idx.tokens[k + 1]!.pos === "ADP") {
      k++;
      continue;
    }
    break;
  }
  if (k < end && idx.tokens[k]!.text === ",") {
    comma = true;
    k++;
  }
  let that = false;
  if (k < end && /^that$/iu.test(idx.tokens[k]!.text)) {
    that = true;
    k++;
  }
  if (k >= end || (comma && !that)) return null;
  const first = idx.tokens[k]!;
  // a passive reporting verb ("will be announced later this week", "enough to be noted …") reports
  // no clause of its own unless "that" opens one ("it was announced that …")
  if (!that && passiveAt(idx, v)) return null;
  if (!that) {
    if (
      WH_WORDS.test(first.text) ||
      /^(?:ADP|PART|SCONJ|PUNCT|CCONJ|AUX)$/.test(first.pos) ||
      /^to$/iu.test(first.text)
    )
      return null;
    if (first.pos === "VERB" && !/ing$/iu.test(first.text)) return null;
    if (first.pos === "PRON" && /^(?:him|her|them|us|me|you|it's)$/iu.test(first.text)) return null;
    let finite = false;
    for (let i = k + 1; i < end && i < k + 14; i++) {
      const t = idx.tokens[i]!;
      // "accused the police of bias and warned …": a verb right after "and" joins the reporting verb
      if ((t.pos === "AUX" || t.pos === "VERB") && idx.tokens[i - 1]!.pos === "CCONJ") break;
      if (
        (t.pos === "AUX" || t.pos === "VERB") &&
        !/ing$/iu.test(t.text) &&
        idx.tokens[i - 1]!.text.toLowerCase() !== "to"
      ) {
        finite = true;
        break;
      }
      if (
        t.pos === "SCONJ" ||
        /^(?:that|which|who|whose)$/iu.test(t.text) ||
        (t.pos === "PUNCT" && /^[.;:!?()]$/u.test(t.text)) ||
        // "announce the fares later, but passengers have been told …": the verb is in the next clause
        (t.text === "," && /^(?:CCONJ|SCONJ)$/.test(idx.tokens[i + 1]?.pos ?? ""))
      )
        break;
    }
    if (!finite) return null;
  }
  const start = first.start;
  const clause = text.slice(start, sentenceEnd);
  const stop = clauseStop(clause);
  const trimmed = trimSpan(text, start, start + (stop > 0 ? stop : clause.length));
  let stopAt = trimmed.end;
  while (stopAt > trimmed.start && /[.;:,\s]/u.test(text[stopAt - 1]!)) stopAt--;
  return stopAt > trimmed.start ? { start: trimmed.start, end: stopAt } : null;
}

/**
 * The reported clause in the parse: the `ccomp` subtree of verb `v`, without its "that" — only a
 * clause with its own subject, starting within a few words after the verb, not an indirect question.
 */
function parsedComplement(_view: DocView, idx: TokenIndex, v: number): ClauseSpan | null {
  const comp = idx.children(v).find((c) => idx.tokens[c]!.dep === "ccomp");
  if (comp === undefined || comp < v) return null;
  if (!idx.children(comp).some((c) => /^(?:nsubj|expl)/.test(idx.tokens[c]!.dep ?? ""))) return null;
  let lo = comp;
  let hi = comp;
  const stack = [comp];
  while (stack.length) {
    const j = stack.pop()!;
    lo = Math.min(lo, j);
    hi = Math.max(hi, j);
    for (const c of idx.children(j)) stack.push(c);
  }
  while (lo < hi && (idx.tokens[lo]!.dep === "mark" || idx.tokens[lo]!.pos === "PUNCT")) {
    if (WH_WORDS.test(idx.tokens[lo]!.text)) return null; // "whether …", "if …": an indirect question
    if (SUBORDINATORS.test(idx.tokens[lo]!.text)) return null; // "noted as she …": an adverbial clause
    lo++;
  }
  if (lo - v > 10 || WH_WORDS.test(idx.tokens[lo]!.text)) return null;
  // The clause opens with its subject ("the plan … would"), as reported statements do.
  const subject = idx.children(comp).find((c) => /^(?:nsubj|expl)/.test(idx.tokens[c]!.dep ?? ""))!;
  let subjectStart = subject;
  const stack2 = [subject];
  while (stack2.length) {
    const j = stack2.pop()!;
    subjectStart = Math.min(subjectStart, j);
    for (const c of idx.children(j)) stack2.push(c);
  }
  if (subjectStart > lo) return null;
  while (hi > lo && idx.tokens[hi]!.pos === "PUNCT") hi--;
  if (hi - lo < 2) return null;
  return { start: idx.tokens[lo]!.start, end: idx.tokens[hi]!.end };
}

/**
 * Extract reported speech: the clause a reporting verb governs ("Pike said the team would…"),
 * the clause before "…, the company said", and "according to X". Direct quotes own their words.
 * @param view the indexed document
 * @param direct the document's direct quotes, sorted by start
 */
export function extractIndirectQuotes(view: DocView, direct: LocalQuote[]): LocalQuote[] {
  const { text } = view;
  const idx = tokenIndex(view);
  const out: LocalQuote[] = [];
  const quoted: Span[] = direct.map((q) => ({ start: q.start, end: q.end }));
  const taken: Span[] = [];
  const push = (span: Span, speaker: ActorRef | null, cue: string, addressee: string | null, minWords = 4): void => {
    if (wordCount(text.slice(span.start, span.end)) < minWords) return;
    if (overlapsDirect(text, direct, span)) return;
    if (taken.some((t) => span.start < t.end && span.end > t.start)) return;
    if (
      !speaker ||
      (!speaker.key && (wordCount(speaker.text) > 6 || /^(?:it|this|that|there|which|who)$/iu.test(speaker.text)))
    )
      return;
    taken.push(span);
    out.push({
      start: span.start,
      end: span.end,
      text: text.slice(span.start, span.end),
      direct: false,
      speaker: speaker.key,
      speaker_text: speaker.text,
      cue: cue.toLowerCase(),
      addressee,
      event: null,
    });
  };
  let running: string | null = null;
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const [a, b] = tokenRange(idx, sentence.start, sEnd);
    const ctx: SpeakerContext = { running, quoted };
    let sentenceSpeaker: ActorRef | null = null;
    for (let i = a; i < b; i++) {
      const t = idx.tokens[i]!;
      if (!isReportingVerb(idx.tokens, i)) continue;
      if (quoted.some((q) => t.start >= q.start && t.end <= q.end)) continue;
      const before = text.slice(sentence.start, t.start);
      let speaker = speakerOfVerb(view, i, sentence.start, sEnd, ctx);
      // "…,” she said, adding that …": a participle shares the subject of the sentence's reporting verb.
      if (!speaker?.key && /ing$/iu.test(t.text) && sentenceSpeaker) speaker = sentenceSpeaker;
      if (speaker?.key) sentenceSpeaker = speaker;
      // a) the complement after the verb
      const comp =
        complementAfter(view, idx, i, sEnd) ??
        (idx.parsed && !passiveAt(idx, i) ? parsedComplement(view, idx, i) : null);
      // the inverted subject is no complement: "…, said the bank's chief economist Dana Ruiz in a note"
      const speakerInside =
        speaker !== null && comp !== null && speaker.start >= comp.start && speaker.start < comp.end;
      if (comp && comp.start >= t.end && !speakerInside) {
        // A clause with its own subject and verb ("investment could fall") may be short.
        push(comp, speaker, t.text, addresseeAfter(view, t.end, t.text), 3);
        if (speaker?.key) running = speaker.key;
        continue;
      }
      // b) "C, S V." / "C, S V, and …": the clause before a short attribution.
      const m = /^(.*\S)\s*,\s*((?:[^,]{1,60}?)|(?:[^,]{1,40},[^,]{1,60},\s*[^,]{0,30}?))\s*$/u.exec(before);
      const afterVerb = text.slice(t.end, sEnd);
      if (
        m &&
        (ATTRIBUTION_TAIL.test(afterVerb) || (takesAddressee(t.lemma ?? "") && ADDRESSEE_TAIL.test(afterVerb))) &&
        speaker &&
        wordCount(m[1]!) >= 4
      ) {
        const clauseStart = sentence.start;
        let end = sentence.start + m[1]!.length;
        const span = trimSpan(text, clauseStart, end);
        end = span.end;
        // a clause that opens with a direct quote is that quote's attribution ("“…,” Ruiz, a fellow at …, Sweden, said")
        if (quoted.some((q) => q.start <= span.start + 1 && q.end > span.start)) continue;
        // the attribution's own subject, read after the comma ("…, Lena Park and her colleagues wrote")
        let sayer = speaker;
        if (!m[2]!.includes(",")) {
          const tail = speakerOfVerb(view, i, sentence.start + before.lastIndexOf(",") + 1, sEnd, ctx);
          if (tail?.key || (tail && !speaker.key)) sayer = tail;
        }
        push({ start: span.start, end }, sayer, t.text, null);
        if (sayer?.key) running = sayer.key;
        continue;
      }
      // b2) "C, said S …": the attribution inverted after the clause, its subject after the verb
      // ("…, said Dana Ruiz, the bank's chief economist, in a note to clients.").
      const inverted = /^(.*\S)\s*,\s*$/u.exec(before);
      if (inverted && speaker && wordCount(inverted[1]!) >= 4 && speaker.start >= t.end) {
        const span = trimSpan(text, sentence.start, sentence.start + inverted[1]!.length);
        if (quoted.some((q) => q.start <= span.start + 1 && q.end > span.start)) continue;
        push(span, speaker, t.text, null);
        if (speaker.key) running = speaker.key;
        continue;
      }
      // c) "Mining companies, he said, had made record profits": an attribution interrupting the clause.
      const interrupted =
        /,\s*$/u.test(before) === false &&
        /^\s*,\s*\S/u.test(afterVerb) &&
        /,\s*(?:[\p{L}'’.-]+\s+){0,4}[\p{L}'’.-]+\s*$/u.test(before);
      if (interrupted && speaker && wordCount(before) >= 2) {
        const span = trimSpan(text, sentence.start, sEnd);
        let end = span.end;
        while (end > span.start && /[.;:,\s]/u.test(text[end - 1]!)) end--;
        push({ start: span.start, end }, speaker, t.text, null);
        if (speaker.key) running = speaker.key;
      }
    }
    accordingToQuotes(view, sentence.start, sEnd, { running, quoted }, push);
  }
  return out.sort((x, y) => x.start - y.start);
}

/**
 * What may follow the verb of a short attribution after its clause ("…, Ruiz said."): the sentence's
 * end, a comma, or an adverbial of time, place or circumstance ("said on Tuesday", "said while
 * visiting …", "said during a call").
 */
const ATTRIBUTION_TAIL =
  /^\s*(?:[.!?]|,|$|(?:on|in|at|late|last|this|while|during|after|before|when|as|via|from|earlier|later|today|yesterday|tonight|\p{Lu}\p{Ll}+day)\b)/u;
/** "…, Ruiz told Lena Park." / "…, Ruiz told reporters on Monday.": an addressee, then the attribution's end or an adverbial. */
const ADDRESSEE_TAIL =
  /^\s+(?:(?:the|a|an)\s+)?(?:[\p{L}'’.-]+\s*){1,4}?(?:[.!?,]|$|\s(?:on|in|at|during|after|before|while|this|last)\b)/u;

/**
 * A section heading that repeats a quote ("6. “The harbour problem”" alone on its line): a paragraph
 * that is nothing but an optional list number and a short quotation without a sentence's final mark.
 */
function headingQuote(view: DocView, raw: RawQuote, content: string, paragraph: number): boolean {
  const para = view.paragraphs[paragraph];
  if (!para || raw.open === null || /[.!?]$/u.test(content) || wordCount(content) > 10) return false;
  const before = view.text.slice(para.start, raw.open);
  const after = view.text.slice(raw.close + 1, para.end);
  return /^\s*(?:(?:\d{1,2}|[IVX]{1,4}|[a-z])[.)]\s*)?$/u.test(before) && /^\s*$/u.test(after);
}

/** Conjunctions opening an adverbial clause (often tagged as prepositions): "as", "while", "because"… */
const SUBORDINATORS = /^(?:as|while|when|whilst|because|since|although|though|until|unless|once|after|before)$/iu;

/** Unnamed sources counted rather than named: "two people familiar with the matter", "several officials". */
const UNNAMED_SOURCES =
  /^(?:two|three|four|five|six|several|some|many|multiple|\d+)\s+(?:[\p{L}-]+\s+)?(?:people|persons|sources|officials|witnesses|residents|analysts|economists|experts|traders|executives|diplomats)\b/iu;

/** Nouns after "according to" that name a norm or a plan followed, not a source ("according to the rules"). */
const NORM_NOUNS =
  /^(?:rules?|regulations?|guidelines?|instructions?|procedures?|standards?|terms|plans?|schedules?|traditions?|customs?|principles?|laws?|needs|expectations?|circumstances|protocols?|script|design)$/iu;

/** "the rules", "new guidelines": a phrase ending in a norm noun. */
function namesNorm(phrase: string): boolean {
  return NORM_NOUNS.test(phrase.trim().split(/\s+/u).at(-1) ?? "");
}

/**
 * A source named by a bare noun phrase ending in a plural noun or a noun for a person: "according to teachers
 * unions", "according to police", "according to court documents", "according to local media".
 */
function bareSource(phrase: string): boolean {
  const words = phrase.trim().split(/\s+/u);
  if (words.length > 4 || !/^\p{Ll}/u.test(phrase)) return false;
  const last = words[words.length - 1]!.toLowerCase();
  if (namesNorm(last)) return false;
  return isPersonNoun(last) || last === "police" || last === "media" || (/[^s]s$/u.test(last) && last.length > 3);
}

/** A reported-speech candidate: its span, speaker, cue and addressee (see extractIndirectQuotes). */
type PushReported = (span: Span, speaker: ActorRef | null, cue: string, addressee: string | null) => void;

/** d) "according to S, C" / "C, according to S" in the sentence `[sentenceStart, sEnd)`. */
function accordingToQuotes(
  view: DocView,
  sentenceStart: number,
  sEnd: number,
  { running, quoted }: SpeakerContext,
  push: PushReported,
): void {
  const { text } = view;
  const sentence = { start: sentenceStart };
  const s = text.slice(sentence.start, sEnd);
  const ACCORDING = /\b[Aa]ccording\s+to\s+((?:[\p{L}\p{M}'’-]+(?:\.(?=\S))?\s*){1,9}?)\s*(?=[,.;]|$)/gu;
  for (let m = ACCORDING.exec(s); m; m = ACCORDING.exec(s)) {
    const at = sentence.start + m.index + m[0].indexOf(m[1]!);
    let speaker = speakerFromPhrase(view, at, at + m[1]!.trim().length, { running, quoted });
    // "according to its chief executive, Samuel Boateng, …": the name set off after the role.
    const appos = /^,\s*([\p{Lu}][\p{L}\p{M}'’.-]*(?:\s+[\p{Lu}][\p{L}\p{M}'’.-]*){1,3})\s*,/u.exec(
      s.slice(m.index + m[0].length),
    );
    let consumed = 0;
    // "according to the study, published in the Lancet, …": a participle set off after the source describes it
    const described =
      /^,\s*(?:published|released|issued|conducted|carried\s+out|compiled|written|led|commissioned|seen|obtained|reviewed)\b[^,]{0,80},/iu.exec(
        s.slice(m.index + m[0].length),
      );
    if (described) consumed = described[0].length;
    if (!speaker?.key && appos && !described) {
      const nameAt = sentence.start + m.index + m[0].length + appos[0].indexOf(appos[1]!);
      const named = speakerFromPhrase(view, nameAt, nameAt + appos[1]!.length, { running, quoted });
      if (named) {
        speaker = named;
        consumed = appos[0].length;
      }
    }
    if (
      !speaker ||
      (!speaker.key &&
        (namesNorm(speaker.text) ||
          (!/^(?:an?|the)\s/iu.test(speaker.text) &&
            !/^[\p{Lu}]/u.test(speaker.text) &&
            !UNNAMED_SOURCES.test(speaker.text) &&
            !bareSource(speaker.text))))
    )
      continue;
    const head = s.slice(0, m.index);
    const cut = Math.max(
      head.lastIndexOf(" – "),
      head.lastIndexOf(" — "),
      head.lastIndexOf("; "),
      head.lastIndexOf(": "),
    );
    const beforeSpan = trimSpan(text, sentence.start + (cut >= 0 ? cut + 2 : 0), sentence.start + m.index);
    const afterSpan = trimSpan(text, sentence.start + m.index + m[0].length + consumed, sEnd);
    // "… which, according to S, showed …": the phrase interrupts a relative clause; the sentence is what S says.
    const interrupted = /\b(?:which|that|who|whom|whose)\s*,?\s*$/iu.test(text.slice(beforeSpan.start, beforeSpan.end));
    let span = interrupted
      ? trimSpan(text, sentence.start, sEnd)
      : wordCount(text.slice(beforeSpan.start, beforeSpan.end)) >= 4
        ? beforeSpan
        : afterSpan;
    while (span.end > span.start && /[.;:,\s–—-]/u.test(text[span.end - 1]!))
      span = trimSpan(text, span.start, span.end - 1);
    while (span.end > span.start && /[,;:\s–—-]/u.test(text[span.start]!))
      span = trimSpan(text, span.start + 1, span.end);
    push(span, speaker, "according to", null);
  }
}

/** Text words count (exported for the claim extractor's thresholds). */
export { wordCount };
