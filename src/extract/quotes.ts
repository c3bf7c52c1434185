/**
 * Quote extraction: direct quotes (straight, curly, guillemet and low-9 marks, paired over the
 * paragraph, multi-paragraph, interrupted, partial, and with the cue stranded inside the closing
 * mark as machine-spun text leaves it) and indirect speech ("Lavrov said that…", "according to…").
 *
 * Each quote is attributed with the frames GenderGapTracker names (`“Q,” S V`, `“Q,” V S`,
 * `S V: “Q”`, `S V that … “Q”`), floating quotes inherit the previous speaker of the paragraph,
 * and the speaker is resolved to a LocalEntity key through mentions, pronouns and roles.
 */
import type { LocalMention, LocalQuote } from "../model/pipeline.js";
import { resolvePhrase, subjectBefore, subjectCandidates, type ActorRef } from "./actors.js";
import { CUE_VERBS } from "./lexicon.js";
import { LIMITS, entityOf, lowerBound, mentionsIn, paragraphIndexAt, sentenceAt, trimSpan, type DocView } from "./text.js";

const OPENERS_STRONG = new Set(["«", "„"]);
const CLOSERS_STRONG = new Set(["»"]);
const DOUBLE_MARKS = /["“”«»„]/g;

type MarkRole = "open" | "close";

interface Mark {
  at: number;
  role: MarkRole;
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
}

const CUE_ALTERNATION = [...new Set(CUE_VERBS)].sort((a, b) => b.length - a.length).join("|");
const CUE_WORD = new RegExp(`\\b(?:${CUE_ALTERNATION})\\b|\\baccording\\s+to\\b|\\bin\\s+a\\s+statement\\b`, "giu");
const SPEAKER_WORDS = "(?:[\\p{L}\\p{M}'’.-]+\\s+){0,6}?[\\p{L}\\p{M}'’.-]+";
/** `, the Russian minister recalled.` stranded inside the closing mark. */
const INNER_TAIL = new RegExp(`,\\s*(${SPEAKER_WORDS})\\s+(${CUE_ALTERNATION})\\s*[.!]?\\s*$`, "iu");
const INNER_TAIL_INVERTED = new RegExp(`,\\s*(${CUE_ALTERNATION})\\s+(${SPEAKER_WORDS})\\s*[.!]?\\s*$`, "iu");
/** After the closing mark: `, he added` / `the Russian minister said` / `said Lavrov` / `writes Bloomberg`. */
const AFTER_REGULAR = new RegExp(`^\\s*,?\\s*(${SPEAKER_WORDS})\\s+(?:(?:also|then|later|further|again|once|recently)\\s+)?(${CUE_ALTERNATION})\\b`, "iu");
/** Honorific abbreviations whose full stop ends no name: "said Dr. Mara Velsen". */
const HONORIFIC = "(?:Dr|Prof|Mr|Mrs|Ms|Mx|Gen|Col|Lt|Maj|Capt|Cpt|Sgt|Adm|Cmdr|Sen|Rep|Gov|Amb|Rev|Hon|Pres|Insp|Supt|Fr)";
const AFTER_INVERTED = new RegExp(`^\\s*,?\\s*(${CUE_ALTERNATION})\\s+(?:(?:for\\s+(?:instance|example)|also|then|further)\\s+)?(${SPEAKER_WORDS})(?<!\\b${HONORIFIC})(?=\\s*(?:[,.;:!?]|$)|\\s+(?:of|from|at)\\s+(?:the\\s+)?[\\p{Lu}])`, "iu");
/** Any verb after a comma-ended quote: `“Q,” the Russian minister defined.` (spun cue verbs). */
const AFTER_GENERIC = /^\s*,?\s*((?:the\s+)?(?:[\p{L}\p{M}'’.-]+\s+){0,4}?[\p{L}\p{M}'’.-]+)\s+([\p{Ll}]{3,}(?:ed|s))\s*[.!?]/u;
/** A generic nominal for the quoted expert ("the expert", "the analyst"; spun "the skilled"). */
const GENERIC_EXPERT = /^the\s+(?:[\p{L}-]+\s+)?(?:expert|analyst|specialist|skilled|researcher|scholar|professor|economist|scientist)$/iu;
const NAMING_BEFORE = /\b(?:titled|entitled|named|dubbed|headlined|so-called|known\s+as|term|slogan|motto|hashtag|word|words|phrase|label)\s*$/iu;
const DOCUMENT_SPEAKER = /\b(?:article|treaty|agreement|resolution|document|declaration|charter|law|clause|paragraph|section|text)\b/iu;

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
    const paragraphStart = p ? m.index === p.start : false;
    const role = classify(text, m.index);
    marks.push({ at: m.index, role: role === "either" ? "open" : role, paragraph, paragraphStart });
    if (role === "either") (marks[marks.length - 1] as Mark & { either?: boolean }).either = true;
  }
  return marks;
}

/** Pair quote marks into quote spans. Unclosed quotes are dropped (with a note), never guessed. */
function pairMarks(view: DocView, marks: Mark[], notes: string[]): RawQuote[] {
  const out: RawQuote[] = [];
  let depth = 0;
  let openAt = -1;
  let openParagraph = -1;
  let lastCloseInParagraph = -1;
  let currentParagraph = -1;
  let dropped = 0;
  for (const mark of marks) {
    if (mark.paragraph !== currentParagraph) {
      if (depth > 0) {
        const continues = mark.paragraphStart && mark.role === "open" && mark.paragraph === openParagraph + 1;
        if (continues) {
          // Multi-paragraph quote: the next paragraph re-opens; keep the quote open.
          openParagraph = mark.paragraph;
          currentParagraph = mark.paragraph;
          lastCloseInParagraph = -1;
          continue;
        }
        dropped++;
        depth = 0;
      }
      currentParagraph = mark.paragraph;
      lastCloseInParagraph = -1;
    }
    const either = (mark as Mark & { either?: boolean }).either === true;
    const role: MarkRole = either ? (depth > 0 ? "close" : "open") : mark.role;
    if (role === "open") {
      if (depth === 0) {
        openAt = mark.at;
        openParagraph = mark.paragraph;
      }
      depth++;
      continue;
    }
    // closing mark
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
    // Orphan closer: the opening mark is missing (spun text moves marks). Accept only when a cue
    // follows (“…want “, he added”), starting after the previous quote or the paragraph start.
    const after = view.text.slice(mark.at + 1, mark.at + 120);
    if (AFTER_REGULAR.test(after) || AFTER_INVERTED.test(after)) {
      const p = view.paragraphs[mark.paragraph]!;
      const from = Math.max(p.start, lastCloseInParagraph + 1);
      out.push({ open: null, close: mark.at, contentStart: from, contentEnd: mark.at });
      lastCloseInParagraph = mark.at;
    }
  }
  if (depth > 0) dropped++;
  if (dropped > 0) notes.push(`${dropped} quote mark(s) left open: those quotes were dropped`);
  return out;
}

function wordCount(s: string): number {
  return (s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

interface Attribution {
  speaker: ActorRef | null;
  cue: string | null;
  addressee: string | null;
  /** Content end after removing a cue stranded inside the closing mark. */
  contentEnd?: number;
  frame: "inner" | "after" | "before" | "colon" | "floating" | "none";
}

function addresseeAfter(view: DocView, cueEnd: number, cue: string): string | null {
  const window = view.text.slice(cueEnd, cueEnd + 60);
  const lower = cue.toLowerCase();
  const told = /^(?:told|tells|tell|informed|informs|inform)$/.test(lower);
  const m = told ? /^\s*((?:[\p{Lu}][\p{L}\p{M}'’.-]*\s?){1,4})/u.exec(window) : /^\s*(?:\w+\s+){0,4}?(?:to|for)\s+((?:[\p{Lu}][\p{L}\p{M}'’.-]*\s?){1,4})/u.exec(window);
  if (!m) return null;
  const name = m[1]!.trim();
  if (/^(?:That|The|He|She|They|It|I|We)$/u.test(name)) return null;
  // Prefer a recognised organisation mention when one starts there.
  const at = cueEnd + window.indexOf(m[1]!);
  const ments = mentionsIn(view, at, at + name.length + 1);
  const org = ments.find((x) => entityOf(view, x)?.type === "organization");
  return org ? org.text : name;
}

/** Speaker from words like "the Russian minister", "he", "Lavrov", "Konstantin Asmolov, a researcher…". */
function speakerFromWords(view: DocView, start: number, words: string): ActorRef | null {
  // Cut appositives: "Konstantin Asmolov, a leading researcher at …" → "Konstantin Asmolov".
  const head = words.split(/\s*[,(]\s*/u)[0]!;
  if (!head.trim()) return null;
  const ref = resolvePhrase(view, start, start + head.length);
  if (!ref) return null;
  if (ref.key && view.entities.get(ref.key)?.type !== "person") {
    // "National Security Council spokesman John Kirby": the person named, not the body he speaks for.
    const person = mentionsIn(view, start, start + head.length).filter((x) => entityOf(view, x)?.type === "person").pop();
    if (person) return { key: person.entity, text: ref.text, start: ref.start, end: ref.end };
  }
  if (ref.key === null) {
    // A name inside the words (e.g. "for instance Konstantin Asmolov").
    // …but not an outlet or place inside a prepositional phrase ("a spokesperson when contacted by Reuters").
    const m = mentionsIn(view, start, start + head.length).find((x) => {
      const e = entityOf(view, x);
      if (!e || !(e.type === "person" || e.type === "organization" || e.type === "country")) return false;
      return !/\b(?:by|to|for|of|from|with|at|in|on|when|via)\s+(?:the\s+)?$/iu.test(view.text.slice(Math.max(start, x.start - 20), x.start));
    });
    if (m) return { key: m.entity, text: ref.text, start: ref.start, end: ref.end };
    if (!/^(?:the|this|that|our|a|an|he|she|they|we|it)\b/iu.test(ref.text) && !/^[\p{Lu}]/u.test(ref.text)) return null;
  }
  return ref;
}

function attribute(view: DocView, q: RawQuote, prevClose: number, sentenceStart: number): Attribution {
  const { text } = view;
  // 1. Cue stranded inside the closing mark.
  const content = text.slice(q.contentStart, q.contentEnd);
  const inner = INNER_TAIL.exec(content) ?? null;
  if (inner && wordCount(inner[1]!) <= 6) {
    const tailStart = q.contentStart + inner.index;
    const wordsAt = q.contentStart + content.indexOf(inner[1]!, inner.index);
    const speaker = speakerFromWords(view, wordsAt, inner[1]!);
    if (speaker) return { speaker, cue: inner[2]!, addressee: null, contentEnd: tailStart, frame: "inner" };
  }
  const innerInv = INNER_TAIL_INVERTED.exec(content);
  if (innerInv && /^[\p{Lu}]/u.test(innerInv[2]!)) {
    const tailStart = q.contentStart + innerInv.index;
    const wordsAt = q.contentStart + content.indexOf(innerInv[2]!, innerInv.index + innerInv[1]!.length);
    const speaker = speakerFromWords(view, wordsAt, innerInv[2]!);
    if (speaker) return { speaker, cue: innerInv[1]!, addressee: null, contentEnd: tailStart, frame: "inner" };
  }
  // 2. Frame after the closing mark, unless the quote ended a sentence and a new one starts.
  const afterStart = q.close + 1;
  const after = text.slice(afterStart, Math.min(text.length, afterStart + 200));
  const endsSentence = /[.!?]\s*$/u.test(content) && /^\s*[\p{Lu}]/u.test(after) && !/^\s*,/u.test(after);
  const regular = AFTER_REGULAR.exec(after);
  if (regular && (!endsSentence || /^\s*(?:he|she|they)\b/iu.test(after) || /[,!?]\s*$/u.test(content))) {
    const words = regular[1]!;
    const wordsAt = afterStart + after.indexOf(words);
    const speaker = speakerFromWords(view, wordsAt, words);
    if (speaker && !/^(?:that|which|who|and|but|it)$/iu.test(words.trim())) {
      const cueEnd = afterStart + regular.index + regular[0].length;
      return { speaker, cue: regular[2]!, addressee: addresseeAfter(view, cueEnd, regular[2]!), frame: "after" };
    }
  }
  const inverted = AFTER_INVERTED.exec(after);
  if (inverted && (!endsSentence || /^\s*,/u.test(after) || /[,!?]\s*$/u.test(content))) {
    const words = inverted[2]!;
    const wordsAt = afterStart + after.indexOf(words, inverted.index + inverted[1]!.length);
    const speaker = speakerFromWords(view, wordsAt, words);
    if (speaker) return { speaker, cue: inverted[1]!, addressee: null, frame: "after" };
  }
  if (/[,!?]\s*$/u.test(content)) {
    const generic = AFTER_GENERIC.exec(after);
    if (generic) {
      const words = generic[1]!;
      const wordsAt = afterStart + after.indexOf(words);
      const speaker = speakerFromWords(view, wordsAt, words);
      if (speaker) return { speaker, cue: generic[2]!, addressee: null, frame: "after" };
    }
  }
  // 3. Frame before the opening mark: `S V (to X) (that)(:) “Q”`, within the sentence or the colon-ended lead-in.
  if (q.open !== null) {
    const floor = Math.max(prevClose + 1, view.paragraphs[paragraphIndexAt(view, q.open)]?.start ?? 0, q.open - 400);
    const lead = text.slice(floor, q.open);
    if (NAMING_BEFORE.test(lead)) return { speaker: null, cue: null, addressee: null, frame: "none" };
    // "as described by an acquaintance, “…”", "as put by Lavrov: “…”": a passive attribution.
    const passive = /\b(described|put|said|told|noted|written|stated|quoted)\s+by\s+((?:an?|the|one)\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+|(?:[\p{Lu}][\p{L}\p{M}.'’-]*\s?){1,4})\s*[,:]?\s*$/u.exec(lead);
    if (passive) {
      const at = floor + passive.index + passive[0].indexOf(passive[2]!, passive[1]!.length);
      const speaker = speakerFromWords(view, at, passive[2]!.trim());
      if (speaker) return { speaker, cue: passive[1]!, addressee: null, frame: "before" };
    }
    let cueMatch: RegExpExecArray | null = null;
    CUE_WORD.lastIndex = 0;
    for (let m = CUE_WORD.exec(lead); m; m = CUE_WORD.exec(lead)) cueMatch = m;
    const colon = /:\s*$/u.test(lead);
    if (cueMatch) {
      const cueAt = floor + cueMatch.index;
      const gap = q.open - (cueAt + cueMatch[0].length);
      if (gap <= 90 || (colon && gap <= 200)) {
        const windowStart = Math.max(floor, Math.min(sentenceStart, cueAt));
        const cue = cueMatch[0];
        if (/^according\s+to$/iu.test(cue)) {
          const m = /^\s*((?:[\p{L}\p{M}'’.-]+\s*){1,6}?)(?=[,:]|$)/u.exec(text.slice(cueAt + cue.length, q.open));
          if (m) {
            const at = cueAt + cue.length + text.slice(cueAt + cue.length).indexOf(m[1]!);
            const speaker = speakerFromWords(view, at, m[1]!);
            if (speaker) return { speaker, cue: "according to", addressee: null, frame: "before" };
          }
        }
        const subjects = subjectBefore(view, windowStart, cueAt, true);
        if (subjects.length > 0) {
          const s = subjects[subjects.length - 1]!;
          const cueEnd = cueAt + cue.length;
          return {
            speaker: { key: s.entity, text: s.text, start: s.start, end: s.end },
            cue,
            addressee: addresseeAfter(view, cueEnd, cue),
            frame: "before",
          };
        }
        // A pronoun or nominal right before the cue: "he said", "the Russian top diplomat characterized".
        const before = text.slice(windowStart, cueAt);
        const np = /((?:the|this|that|our)\s+(?:[\p{L}-]+\s+){0,4}[\p{L}-]+|\b(?:he|she|they|we))\s+(?:(?:also|then|later|further|himself|herself)\s+)?$/iu.exec(before);
        if (np) {
          const at = windowStart + np.index;
          const speaker = resolvePhrase(view, at, at + np[1]!.length);
          if (speaker) return { speaker, cue, addressee: addresseeAfter(view, cueAt + cue.length, cue), frame: "before" };
        }
      }
    }
    if (colon) {
      // `X, a fellow at Y, raises a sobering point for Euronews: “Q”` — no listed cue verb.
      const windowStart = Math.max(floor, sentenceStart);
      const subjects = subjectCandidates(view, windowStart, q.open).filter((m) => entityOf(view, m)?.type === "person");
      const s = subjects[0] ?? null;
      if (s) {
        const verb = /^(?:\s*,[^,]{0,160},)?\s*(?:\w+ly\s+)?([\p{Ll}]+)/u.exec(text.slice(s.end, q.open));
        const verbAt = verb ? s.end + verb.index + verb[0].length : s.end;
        return { speaker: { key: s.entity, text: s.text, start: s.start, end: s.end }, cue: verb?.[1] ?? null, addressee: verb ? addresseeAfter(view, verbAt, verb[1]!) : null, frame: "colon" };
      }
    }
  }
  return { speaker: null, cue: null, addressee: null, frame: "none" };
}

/**
 * Extract direct quotes from a document.
 * @param view the indexed document
 * @param notes receives non-fatal notes (dropped unbalanced quotes, limits hit)
 * @returns quotes in text order; `text.slice(start, end) === quote.text` for each
 */
export function extractDirectQuotes(view: DocView, notes: string[]): LocalQuote[] {
  const { text } = view;
  const raws = pairMarks(view, collectMarks(view, notes), notes);
  const quotes: LocalQuote[] = [];
  let prev: { close: number; paragraph: number; speaker: ActorRef | null; cue: string | null; sentence: number } | null = null;
  const quotedSpeakers = new Set<string>();
  for (const raw of raws) {
    const sentence = sentenceAt(view, raw.open ?? raw.contentStart);
    const sentenceStart = sentence?.start ?? 0;
    const paragraph = paragraphIndexAt(view, raw.contentStart);
    const att = attribute(view, raw, prev && prev.paragraph >= paragraph - 1 ? prev.close : -1, sentenceStart);
    let contentEnd = att.contentEnd ?? raw.contentEnd;
    // Trim white space and the comma that ends a quote before its attribution.
    let span = trimSpan(text, raw.contentStart, contentEnd);
    while (span.end > span.start && /[,;:\s]/u.test(text[span.end - 1]!)) span = trimSpan(text, span.start, span.end - 1);
    contentEnd = span.end;
    const content = text.slice(span.start, span.end);
    const words = wordCount(content);
    if (words < 4) continue; // scare quotes, names, titles
    if (att.speaker && DOCUMENT_SPEAKER.test(att.speaker.text) && !att.speaker.key) continue; // treaty text: a provision
    const lead = text.slice(Math.max(0, (raw.open ?? raw.contentStart) - 160), raw.open ?? raw.contentStart);
    if (/\bArticle\s+\d+[\p{L}]?\b[^.“”"]*$/u.test(lead)) continue; // "Article 4 … states that “…”" is a provision
    const sentenceIndex = sentence ? lowerBound(view.sentences, sentence.start) : -1;
    let { speaker, cue, addressee } = att;
    let frame = att.frame;
    const pronoun = speaker !== null && /^(?:he|she)$/iu.test(speaker.text);
    if (speaker && pronoun && raw.open !== null) {
      // "Ekdahl expects … “Q,” he said": the pronoun names someone in the lead-in, never a person
      // named inside the quote itself; a person already quoted in the document is the likeliest.
      const para = view.paragraphs[paragraph];
      const from: number = para ? Math.max(para.start, prev !== null && prev.paragraph === paragraph ? prev.close + 1 : para.start) : raw.open;
      const lead: LocalMention[] = mentionsIn(view, from, raw.open).filter((x) => entityOf(view, x)?.type === "person");
      const pick: LocalMention | undefined = [...lead].reverse().find((x) => quotedSpeakers.has(x.entity)) ?? lead[lead.length - 1];
      if (pick && pick.entity !== speaker.key) speaker = { ...speaker, key: pick.entity };
    }
    const prevPerson = prev?.speaker?.key ? view.entities.get(prev.speaker.key)?.type === "person" : false;
    if (speaker && prev?.speaker?.key && prev.paragraph >= paragraph - 1 && ((speaker.key === null && (pronoun || GENERIC_EXPERT.test(speaker.text))) || (pronoun && prevPerson && speaker.key !== prev.speaker.key))) {
      // "…,” he added / "the expert believes": continues the previous quote's speaker, who is a
      // likelier antecedent than a person merely mentioned in between (the quoted analyst, not the leader discussed).
      speaker = { ...speaker, key: prev.speaker.key };
    }
    if (frame === "none") {
      // Floating or interrupted quote: inherit the previous speaker of this or the previous paragraph.
      if (prev && prev.speaker && (prev.paragraph === paragraph || prev.paragraph === paragraph - 1) && sentenceIndex - prev.sentence <= 2) {
        speaker = prev.speaker;
        cue = prev.cue;
        frame = "floating";
      } else {
        const sentenceLike = /^[\p{Lu}\d]/u.test(content) && words >= 8;
        if (!sentenceLike) continue;
      }
    }
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
    prev = { close: raw.close, paragraph, speaker, cue, sentence: sentenceIndex };
    if (speaker?.key) quotedSpeakers.add(speaker.key);
  }
  return quotes;
}

const INDIRECT_CUES = "said|says|told|tells|stated|claimed|claims|insisted|insists|warned|warns|noted|notes|argued|argues|acknowledged|believes|believed|thinks|denied|denies|announced|confirmed|stressed|added|explained|explains|wrote|writes|reported|suggested|predicted|recalled|emphasized|emphasised|declared|admitted";
const INDIRECT = new RegExp(`\\b(${INDIRECT_CUES})\\b(?:\\s+(?:to|for)?\\s*(?:[\\p{Lu}][\\p{L}'’.-]*\\s?){1,3})?(?:\\s+(?:on|in)\\s+\\w+)?\\s*(?:,\\s*)?(that\\b|:)`, "gu");
const ACCORDING_TO = /\baccording\s+to\s+((?:[\p{L}\p{M}'’-]+(?:\.(?=\S))?\s*){1,6}?)\s*(?=[,.;]|$)/gu;

/** True when more than half of `span` lies inside direct quotes (sorted by start). */
function overlapsDirect(direct: LocalQuote[], span: { start: number; end: number }): boolean {
  let covered = 0;
  for (let i = Math.max(0, lowerBound(direct, span.start) - 4); i < direct.length; i++) {
    const q = direct[i]!;
    if (q.start >= span.end) break;
    covered += Math.max(0, Math.min(q.end, span.end) - Math.max(q.start, span.start));
  }
  return covered * 2 > span.end - span.start;
}

/**
 * Extract indirect speech ("Lavrov said that …", "according to Brooks, …"). Only clauses of at
 * least four words with a resolvable speaker are kept; `direct` is false and `text` is the clause.
 */
export function extractIndirectQuotes(view: DocView, direct: LocalQuote[]): LocalQuote[] {
  const { text } = view;
  const out: LocalQuote[] = [];
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const s = text.slice(sentence.start, sEnd);
    INDIRECT.lastIndex = 0;
    for (let m = INDIRECT.exec(s); m; m = INDIRECT.exec(s)) {
      const cueAt = sentence.start + m.index;
      const contentFrom = sentence.start + m.index + m[0].length;
      // The clause runs to the sentence end, or to ", and <New subject>" where another clause begins.
      const rest = text.slice(contentFrom, sEnd);
      const nextClause = rest.search(/,\s+(?:and|but|while|whereas)\s+(?:the\s+)?[\p{Lu}]|;\s/u);
      let span = trimSpan(text, contentFrom, nextClause > 0 ? contentFrom + nextClause : sEnd);
      while (span.end > span.start && /[.;:,\s]/u.test(text[span.end - 1]!)) span = trimSpan(text, span.start, span.end - 1);
      if (wordCount(text.slice(span.start, span.end)) < 4) continue;
      if (overlapsDirect(direct, span)) continue; // the direct pass owns quoted words
      const subjects = subjectBefore(view, sentence.start, cueAt, true);
      let speaker: ActorRef | null = null;
      if (subjects.length > 0) {
        const sub = subjects[subjects.length - 1]!;
        speaker = { key: sub.entity, text: sub.text, start: sub.start, end: sub.end };
      } else {
        const before = text.slice(sentence.start, cueAt);
        const np = /((?:the|this|that)\s+(?:[\p{L}-]+\s+){0,4}[\p{L}-]+|\b(?:he|she|they))\s+(?:(?:also|then|later|further|has|have|had)\s+)?$/iu.exec(before);
        if (np) {
          const at = sentence.start + np.index;
          speaker = resolvePhrase(view, at, at + np[1]!.length);
        }
      }
      if (!speaker || !speaker.key) continue;
      const cueWord = m[1]!;
      out.push({
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        direct: false,
        speaker: speaker.key,
        speaker_text: speaker.text,
        cue: cueWord.toLowerCase(),
        addressee: addresseeAfter(view, cueAt + cueWord.length, cueWord),
        event: null,
      });
    }
    ACCORDING_TO.lastIndex = 0;
    for (let m = ACCORDING_TO.exec(s); m; m = ACCORDING_TO.exec(s)) {
      const at = sentence.start + m.index + m[0].indexOf(m[1]!);
      const speaker = speakerFromWords(view, at, m[1]!);
      if (!speaker || !speaker.key) continue;
      // "C, according to S." → C is before (back to the last clause break); "According to S, C." → C is after.
      const head = s.slice(0, m.index);
      const cut = Math.max(head.lastIndexOf(" – "), head.lastIndexOf(" — "), head.lastIndexOf("; "), head.lastIndexOf(": "));
      const beforeSpan = trimSpan(text, sentence.start + (cut >= 0 ? cut + 2 : 0), sentence.start + m.index);
      const afterSpan = trimSpan(text, sentence.start + m.index + m[0].length, sEnd);
      // "Images which, according to S, showed …": the phrase interrupts a relative clause, so the
      // words before it are no statement of their own; the sentence carries what S says.
      const interrupted = /\b(?:which|that|who|whom|whose)\s*,?\s*$/iu.test(text.slice(beforeSpan.start, beforeSpan.end));
      let span = interrupted ? trimSpan(text, sentence.start, sEnd) : wordCount(text.slice(beforeSpan.start, beforeSpan.end)) >= 4 ? beforeSpan : afterSpan;
      while (span.end > span.start && /[.;:,\s–—-]/u.test(text[span.end - 1]!)) span = trimSpan(text, span.start, span.end - 1);
      while (span.end > span.start && /[,;:\s–—-]/u.test(text[span.start]!)) span = trimSpan(text, span.start + 1, span.end);
      if (wordCount(text.slice(span.start, span.end)) < 4) continue;
      if (overlapsDirect(direct, span)) continue;
      out.push({
        start: span.start,
        end: span.end,
        text: text.slice(span.start, span.end),
        direct: false,
        speaker: speaker.key,
        speaker_text: speaker.text,
        cue: "according to",
        addressee: null,
        event: null,
      });
    }
  }
  return out;
}

/** Text words count (exported for the claim extractor's thresholds). */
export { wordCount };
