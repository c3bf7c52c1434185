/**
 * Text helpers shared by the extractors: sentence and paragraph lookup, evidence spans that always
 * satisfy `text.slice(start, end) === evidence.text`, and mention lookup by offset.
 *
 * Every extractor works on a {@link DocView}: the document text plus the language layer's output,
 * indexed once so that lookups by offset stay cheap on long documents.
 */
import type {
  LocalEntity,
  LocalEvidence,
  LocalMention,
  NlpAnalysis,
  Sentence,
  TextSpan,
  TimeExpression,
} from "../model/pipeline.js";

/** Hard bounds that keep extraction linear on pathological input. */
export const LIMITS = {
  /** Longest text extracted from; the rest is ignored with a note. */
  maxTextChars: 2_000_000,
  /** Longest sentence analysed for events and claims (longer ones are cut, not skipped). */
  maxSentenceChars: 2_000,
  /** Most quote marks looked at in one document. */
  maxQuoteMarks: 20_000,
  /** Most entities considered as actors of one event. */
  maxActorsPerEvent: 6,
  /** Most sentences analysed in one document. */
  maxSentences: 50_000,
  /** How far back (characters) pronoun and role resolution look for an antecedent. */
  maxLookback: 3_000,
  /** Most relations emitted from one sentence. */
  maxRelationsPerSentence: 12,
} as const;

/** A document with its analysis, indexed for offset lookups. */
export interface DocView {
  text: string;
  published: string | null;
  nlp: NlpAnalysis;
  sentences: Sentence[];
  /** Paragraph spans (blank-line or newline separated blocks). */
  paragraphs: TextSpan[];
  /** Mentions sorted by start. */
  mentions: LocalMention[];
  entities: Map<string, LocalEntity>;
  times: TimeExpression[];
  notes: string[];
}

const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n?/g;

/** Split a text into paragraph spans on line breaks (trimmed, empty blocks dropped). */
export function paragraphSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = 0;
  PARAGRAPH_BREAK.lastIndex = 0;
  for (let m = PARAGRAPH_BREAK.exec(text); m; m = PARAGRAPH_BREAK.exec(text)) {
    pushTrimmed(text, start, m.index, spans);
    start = m.index + m[0].length;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, out: TextSpan[]): void {
  const span = trimSpan(text, start, end);
  if (span.end > span.start) out.push(span);
}

/** Narrow `[start, end)` so it neither starts nor ends with white space. */
export function trimSpan(text: string, start: number, end: number): TextSpan {
  let s = Math.max(0, start);
  let e = Math.min(text.length, end);
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/** An evidence span over `text`, trimmed of white space; the invariant holds by construction. */
export function evidenceOf(text: string, start: number, end: number): LocalEvidence {
  const span = trimSpan(text, start, end);
  return { start: span.start, end: span.end, text: text.slice(span.start, span.end) };
}

/**
 * Fallback sentence splitter used when the language layer gave no sentences (e.g. a language it
 * does not analyse): splits after `.!?` (plus closing quotes) followed by space or an opening quote
 * and a capital, and at paragraph ends.
 */
export function fallbackSentences(text: string, paragraphs: TextSpan[]): Sentence[] {
  const out: Sentence[] = [];
  const boundary = /[.!?…]+["'”’»)]*(?=\s+["“«'‘(]?[\p{Lu}\d]|["“«][\p{Lu}])/gu;
  paragraphs.forEach((p, paragraph) => {
    const block = text.slice(p.start, p.end);
    let start = 0;
    boundary.lastIndex = 0;
    for (let m = boundary.exec(block); m; m = boundary.exec(block)) {
      const end = m.index + m[0].length;
      const span = trimSpan(text, p.start + start, p.start + end);
      if (span.end > span.start) out.push({ ...span, paragraph });
      start = end;
    }
    const span = trimSpan(text, p.start + start, p.end);
    if (span.end > span.start) out.push({ ...span, paragraph });
  });
  return out;
}

/** Build the indexed view of a document. */
export function makeDocView(text: string, published: string | null, nlp: NlpAnalysis): DocView {
  const notes: string[] = [];
  const paragraphs = paragraphSpans(text);
  let sentences = nlp.sentences.filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start);
  if (sentences.length === 0 && text.trim().length > 0) {
    sentences = fallbackSentences(text, paragraphs);
    notes.push("language layer gave no sentences: used the fallback splitter");
  }
  // Paragraph indices are ours (line-break blocks), whatever the language layer counted; run-on
  // "sentences" (tables, lists, missing punctuation) are cut into pieces of bounded length.
  const bounded: Sentence[] = [];
  for (const st of [...sentences].sort((a, b) => a.start - b.start)) {
    const paragraph = Math.max(0, lowerBound(paragraphs, st.start + 1) - 1);
    let start = st.start;
    while (st.end - start > LIMITS.maxSentenceChars) {
      const window = text.slice(start, start + LIMITS.maxSentenceChars);
      const cut = Math.max(window.lastIndexOf(", "), window.lastIndexOf("; "), window.lastIndexOf(" "));
      const end = cut > LIMITS.maxSentenceChars / 2 ? start + cut + 1 : start + LIMITS.maxSentenceChars;
      bounded.push({ start, end, paragraph });
      start = end;
    }
    bounded.push({ start, end: st.end, paragraph });
    if (bounded.length === LIMITS.maxSentences) {
      notes.push(`more than ${LIMITS.maxSentences} sentences: the rest are ignored`);
      break;
    }
  }
  if (sentences.some((st) => st.end - st.start > LIMITS.maxSentenceChars))
    notes.push("run-on sentences were cut into bounded pieces");
  sentences = bounded;
  const mentions = nlp.mentions
    .filter((m) => m.start >= 0 && m.end <= text.length && m.end > m.start && text.slice(m.start, m.end) === m.text)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  if (mentions.length < nlp.mentions.length)
    notes.push(`${nlp.mentions.length - mentions.length} mention(s) did not match the text and were ignored`);
  const entities = new Map(nlp.entities.map((e) => [e.key, e] as const));
  const times = nlp.times.filter((t) => t.start >= 0 && t.end <= text.length).sort((a, b) => a.start - b.start);
  return { text, published, nlp, sentences, paragraphs, mentions, entities, times, notes };
}

/** Index of the first element whose `start` is >= `offset` (spans sorted by start). */
export function lowerBound(spans: readonly TextSpan[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Mentions lying wholly inside `[start, end)`, in text order, longest first at equal starts, without nested duplicates. */
export function mentionsIn(view: DocView, start: number, end: number): LocalMention[] {
  const out: LocalMention[] = [];
  let lastEnd = -1;
  for (let i = lowerBound(view.mentions, start); i < view.mentions.length; i++) {
    const m = view.mentions[i]!;
    if (m.start >= end) break;
    if (m.end > end) continue;
    if (m.start < lastEnd) continue; // nested inside a longer mention already taken
    out.push(m);
    lastEnd = m.end;
  }
  return out;
}

/** The mention covering `offset`, if any. */
export function mentionAt(view: DocView, start: number, end: number): LocalMention | null {
  let best: LocalMention | null = null;
  const from = Math.max(0, lowerBound(view.mentions, start) - 8);
  for (let i = from; i < view.mentions.length; i++) {
    const m = view.mentions[i]!;
    if (m.start >= end) break;
    if (m.end <= start) continue;
    if (!best || m.end - m.start > best.end - best.start) best = m;
  }
  return best;
}

/** The sentence holding `offset` (or the nearest one before it). */
export function sentenceAt(view: DocView, offset: number): Sentence | null {
  const i = lowerBound(view.sentences, offset + 1) - 1;
  if (i < 0) return view.sentences[0] ?? null;
  return view.sentences[i]!;
}

/** Index of the paragraph holding `offset`. */
export function paragraphIndexAt(view: DocView, offset: number): number {
  const i = lowerBound(view.paragraphs, offset + 1) - 1;
  return Math.max(0, i);
}

/** Entity type of a mention's entity, or null when the entity is unknown. */
export function entityOf(view: DocView, mention: LocalMention): LocalEntity | null {
  return view.entities.get(mention.entity) ?? null;
}

/** Entities that can act: people, organisations and countries (not bare places, unless capitals stand for states). */
export function isActorMention(view: DocView, mention: LocalMention): boolean {
  const e = entityOf(view, mention);
  if (!e) return false;
  return (
    e.type === "person" ||
    e.type === "organization" ||
    e.type === "country" ||
    (e.type === "place" && mention.via !== "pronoun")
  );
}

/** Collapse runs of white space into one space. */
export function squash(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Lower-case, strip diacritics and punctuation: a key for comparing wordings. */
export function normaliseWording(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A stable key naming an entity across documents: gazetteer id when known, else its normalised name. */
export function entityKeyword(view: DocView, key: string): string {
  const e = view.entities.get(key);
  if (!e) return normaliseWording(key);
  return e.gazetteer_id ?? normaliseWording(e.name);
}

/** Display name of a local entity key. */
export function entityName(view: DocView, key: string): string {
  return view.entities.get(key)?.name ?? key;
}
