/**
 * The language layer: sentences, tokens, named entities with in-document coreference, and resolved
 * time expressions for one cleaned document. Pure: a string in, an {@link NlpAnalysis} out.
 *
 * All offsets are UTF-16 indices into the input text, and every span satisfies
 * `text.slice(start, end) === span.text`.
 */
import type { LocalEntity, LocalMention, NlpAnalysis, Sentence, TimeExpression, Token } from "../model/pipeline.js";
import { DossierError } from "../util/errors.js";
import { recognizeEntities } from "./ner.js";
import { resolveTimes } from "./time.js";
import { tokenize } from "./tokenize.js";
import { parseDocumentTokens } from "./parse/document.js";
import { reviewEntities } from "./entity-review.js";
import { recoverProperNames } from "./proper-names.js";

export { resolveTimes } from "./time.js";
export { resolveEntities } from "./resolve.js";
export { canonicalTitle, canonicalOrgName, officeMatches, OFFICES } from "./roles.js";
export { translitKey, matchKey, surnameOf } from "./names.js";

/** Largest text the layer accepts (UTF-16 units): about 40 times a long feature article. */
export const MAX_TEXT_LENGTH = 2_000_000;

/** Options of {@link analyzeText}. */
export interface AnalyzeOptions {
  /** ISO 639-1 code (or 639-3, or `und`); full NER for English, gazetteer names only for other languages. */
  lang: string;
  /** Publish date (`YYYY-MM-DD` or ISO 8601) anchoring relative dates; null when unknown. */
  published: string | null;
  /** The publishing outlet's name, when known: fragments of it in the text ("told the Ledger") are that outlet. */
  outlet?: string | null;
}

/**
 * Analyses one document. English text is also tagged and dependency-parsed (src/nlp/parse/): every
 * token gets `pos`, `head` (index into `tokens`, -1 for a sentence root) and `dep`.
 * @param text cleaned document text
 * @param opts language and publish date
 * @returns sentences (with paragraph index), tokens, entities, mentions, time expressions, notes
 * @throws DossierError BAD_INPUT for text containing NUL bytes (binary), TOO_LARGE above {@link MAX_TEXT_LENGTH}
 * @example
 * const a = analyzeText("Russian Foreign Minister Sergey Lavrov arrived on Wednesday.", { lang: "en", published: "2023-10-20" });
 * a.entities.find((e) => e.type === "person")?.roles // ["Russian Foreign Minister"]
 * a.times[0].value // "2023-10-18"
 */
export function analyzeText(text: string, opts: AnalyzeOptions): NlpAnalysis {
  if (typeof text !== "string") throw new DossierError("BAD_INPUT", "analyzeText expects a string");
  if (text.length > MAX_TEXT_LENGTH) {
    throw new DossierError(
      "TOO_LARGE",
      `text of ${text.length} characters exceeds the language layer's limit of ${MAX_TEXT_LENGTH}`,
    );
  }
  if (text.includes("\u0000")) throw new DossierError("BAD_INPUT", "text contains NUL bytes: binary input, not text");
  const lang = (opts.lang || "und").toLowerCase();
  const notes: string[] = [];
  const { tokens: rich, sentences } = tokenize(text);
  const tokens: Token[] = rich.map((t) => ({ start: t.start, end: t.end, text: t.text, pos: t.pos, lemma: t.lemma }));
  let entities: LocalEntity[] = [];
  let mentions: LocalMention[] = [];
  let times: TimeExpression[] = [];
  const english = lang === "en" || lang === "eng";
  if (english) {
    const ner = recognizeEntities(text, rich, sentences, opts.published, { outlet: opts.outlet ?? null });
    entities = ner.entities;
    mentions = ner.mentions;
    notes.push(...ner.notes);
    times = resolveTimes(text, opts.published);
    // dependency parse (and the trained tagger's UPOS) on the output tokens; NER keeps wink's tags
    const sentenceOf = rich.map((t) => t.sentence);
    notes.push(...parseDocumentTokens(tokens, sentenceOf));
    // names the recogniser missed that the parser reads as proper nouns (src/nlp/proper-names.ts)
    const recovered = recoverProperNames(text, tokens, sentenceOf, entities, mentions);
    if (recovered.mentions.length > 0) {
      entities = [...entities, ...recovered.entities];
      mentions = [...mentions, ...recovered.mentions].sort((a, b) => a.start - b.start || a.end - b.end);
    }
    // one reading per name, and no entity for planets, craft or market indices (src/nlp/entity-review.ts)
    ({ entities, mentions } = reviewEntities(text, tokens, entities, mentions));
  } else {
    // other languages: curated actors, countries and capitals only (no tagger, no capitalisation rules)
    const ner = recognizeEntities(text, rich, sentences, opts.published, { gazetteerOnly: true });
    entities = ner.entities;
    mentions = ner.mentions;
    notes.push(...ner.notes);
    notes.push(`language "${lang}" is not English: named entities from the gazetteer only, no dates`);
  }
  if (opts.published === null && times.some((t) => t.value === null))
    notes.push("publish date unknown: relative dates left unresolved");
  const longest = sentences.reduce((m, s) => Math.max(m, s.end - s.start), 0);
  if (longest > 20_000) notes.push(`a sentence of ${longest} characters (no sentence punctuation): tagged in windows`);
  return { lang, sentences, tokens, entities, mentions, times, notes };
}

/**
 * The sentence holding a character offset, or null when the offset falls between sentences.
 * @example sentenceAt(analysis, quote.start)?.paragraph
 */
export function sentenceAt(analysis: Pick<NlpAnalysis, "sentences">, offset: number): Sentence | null {
  const s = analysis.sentences;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = s[mid]!;
    if (offset < x.start) hi = mid - 1;
    else if (offset >= x.end) lo = mid + 1;
    else return x;
  }
  return null;
}

/** Index of the sentence holding an offset, or -1. */
export function sentenceIndexAt(analysis: Pick<NlpAnalysis, "sentences">, offset: number): number {
  const s = sentenceAt(analysis, offset);
  return s ? analysis.sentences.indexOf(s) : -1;
}

/**
 * The entity mentioned at `[start, end)`: the mention that overlaps the range most (ties: the earliest).
 * @returns the mention and its entity, or null
 */
export function entityAt(
  analysis: Pick<NlpAnalysis, "entities" | "mentions">,
  start: number,
  end: number,
): { entity: LocalEntity; mention: LocalMention } | null {
  let best: LocalMention | null = null;
  let bestOverlap = 0;
  for (const m of analysis.mentions) {
    const overlap = Math.min(end, m.end) - Math.max(start, m.start);
    if (
      overlap > bestOverlap ||
      (overlap === 0 && bestOverlap === 0 && start === end && m.start <= start && start < m.end)
    ) {
      best = m;
      bestOverlap = Math.max(overlap, 0);
      if (overlap === 0) bestOverlap = 0.5;
    }
  }
  if (!best) return null;
  const entity = analysis.entities.find((e) => e.key === best!.entity);
  return entity ? { entity, mention: best } : null;
}

/** All mentions inside `[start, end)` (e.g. of one sentence), in text order. */
export function mentionsIn(analysis: Pick<NlpAnalysis, "mentions">, start: number, end: number): LocalMention[] {
  return analysis.mentions.filter((m) => m.start >= start && m.end <= end);
}

/** Tokens inside `[start, end)`, in text order. */
export function tokensIn(analysis: Pick<NlpAnalysis, "tokens">, start: number, end: number): Token[] {
  return analysis.tokens.filter((t) => t.start >= start && t.end <= end);
}

/** Time expressions inside `[start, end)`. */
export function timesIn(analysis: Pick<NlpAnalysis, "times">, start: number, end: number): TimeExpression[] {
  return analysis.times.filter((t) => t.start >= start && t.end <= end);
}
