/**
 * Knowledge extraction for one document: events (PLOVER), quotes, claims with stance, agreement
 * provisions and relations, each pinned to evidence offsets into the document text.
 *
 * Pure function of the document text, its publish date and the language layer's analysis; actors
 * are LocalEntity keys, resolved to global entity ids by the knowledge base (`src/kb/merge.ts`).
 */
import type { DocFacts, LocalEvidence, NlpAnalysis } from "../model/pipeline.js";
import { DossierError } from "../util/errors.js";
import { extractClaims } from "./claims.js";
import { extractEvents } from "./events.js";
import { extractProvisions } from "./provisions.js";
import { extractDirectQuotes, extractIndirectQuotes } from "./quotes.js";
import { extractRelations } from "./relations.js";
import { LIMITS, makeDocView, sentenceAt, trimSpan } from "./text.js";

export interface ExtractInput {
  /** Document id (used in error messages). */
  doc: string;
  /** Cleaned document text; every offset points into it. */
  text: string;
  /** Publish date (`YYYY-MM-DD` or ISO 8601) or null. */
  published: string | null;
  /** The language layer's analysis of `text`. */
  nlp: NlpAnalysis;
}

/** Extraction output plus the non-fatal notes gathered on the way. */
export interface ExtractResult extends DocFacts {
  notes: string[];
}

/**
 * Extract events, quotes, claims, provisions and relations from one document.
 * @param input the document text, publish date and language analysis
 * @returns the document's facts; every evidence satisfies `text.slice(start, end) === evidence.text`
 * @throws DossierError `BAD_INPUT` when the text is not a string or the analysis is malformed,
 *   `TOO_LARGE` beyond {@link LIMITS.maxTextChars}
 * @example
 * const facts = extractFacts({ doc: "d_1", text, published: "2023-10-20", nlp: analyzeText(text, { lang: "en", published: "2023-10-20" }) });
 * facts.events.filter((e) => e.type === "CONSULT");
 */
export function extractFacts(input: ExtractInput): ExtractResult {
  const { doc, text, published, nlp } = input;
  if (typeof text !== "string") throw new DossierError("BAD_INPUT", `extract ${doc}: text is not a string`);
  if (
    !nlp ||
    !Array.isArray(nlp.sentences) ||
    !Array.isArray(nlp.mentions) ||
    !Array.isArray(nlp.entities) ||
    !Array.isArray(nlp.times)
  ) {
    throw new DossierError(
      "BAD_INPUT",
      `extract ${doc}: language analysis is missing sentences, mentions, entities or times`,
    );
  }
  if (text.length > LIMITS.maxTextChars) {
    throw new DossierError(
      "TOO_LARGE",
      `extract ${doc}: text has ${text.length} characters, more than ${LIMITS.maxTextChars}`,
    );
  }
  const view = makeDocView(text, published, nlp);
  const notes = [...view.notes];
  const direct = extractDirectQuotes(view, notes);
  const indirect = extractIndirectQuotes(view, direct);
  const quotes = [...direct, ...indirect].sort((a, b) => a.start - b.start || a.end - b.end);
  const provisions = extractProvisions(view);
  // Quoted speech and treaty text are not narrated events.
  const events = extractEvents(view, [...direct, ...provisions.map((p) => p.evidence)]);
  // Link each quote to the event its speaker is the actor of, in the sentence that holds the quote.
  const bySentence = new Map<number, number[]>();
  events.forEach((e, i) => bySentence.set(e.evidence.start, [...(bySentence.get(e.evidence.start) ?? []), i]));
  for (const q of quotes) {
    if (!q.speaker) continue;
    const sentence = sentenceAt(view, q.start);
    const candidates = sentence ? (bySentence.get(trimSpan(text, sentence.start, sentence.end).start) ?? []) : [];
    const i = candidates.find((k) => events[k]!.evidence.end >= q.start && events[k]!.actors.includes(q.speaker!));
    q.event = i ?? null;
  }
  const claims = extractClaims(view);
  const relations = extractRelations(view);
  const facts: ExtractResult = { events, quotes, claims, provisions, relations, notes };
  assertEvidence(text, facts, doc);
  return facts;
}

/**
 * Check the evidence invariant on every span of a document's facts.
 * @throws DossierError `INTERNAL` naming the first span whose text is not `text.slice(start, end)`
 */
export function assertEvidence(text: string, facts: DocFacts, doc = "document"): void {
  const check = (what: string, e: LocalEvidence): void => {
    if (e.start < 0 || e.end > text.length || e.start > e.end || text.slice(e.start, e.end) !== e.text) {
      throw new DossierError(
        "INTERNAL",
        `extract ${doc}: ${what} evidence [${e.start},${e.end}) does not match the text`,
      );
    }
  };
  facts.events.forEach((e, i) => check(`event ${i}`, e.evidence));
  facts.quotes.forEach((q, i) => check(`quote ${i}`, q));
  facts.claims.forEach((c, i) => check(`claim ${i}`, c.evidence));
  facts.provisions.forEach((p, i) => check(`provision ${i}`, p.evidence));
  facts.relations.forEach((r, i) => check(`relation ${i}`, r.evidence));
}

export type { DocFacts };
