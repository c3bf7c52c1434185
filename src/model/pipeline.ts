/**
 * The records that flow between pipeline stages, before the knowledge base merges them across
 * documents. Each stage is a pure function from these records to these records; I/O stays at the
 * edges (ingest, store, CLI, server).
 *
 *   ingest (bytes) → clean: {@link CleanedPage} → nlp: {@link NlpAnalysis} → extract: {@link DocFacts}
 *   → kb (across documents): EntityRecord, EventRecord, … (see ./records.ts)
 *
 * All offsets are UTF-16 indices into the cleaned document text.
 */
import type {
  DateSource,
  EntityType,
  PloverType,
  EventMode,
  RelationType,
  RepublicationCredit,
  Stance,
} from "./records.js";

// ---------------------------------------------------------------------------------------------
// clean

/** What ingest hands to the cleaner: one page. */
export interface PageInput {
  /** File path, URL, `-`, or `file.jsonl#3` for the 4th line of a JSONL file. */
  source: string;
  /** Decoded text of the page (HTML or plain text). */
  content: string;
  /** `html` or `text`; ingest decides from the extension and a sniff of the content. */
  format: "html" | "text";
  /** Address the page was fetched from or declares, when known. */
  url?: string | null;
  /** Metadata supplied next to the page (JSONL objects carry title, published…): trusted over guesses. */
  given?: {
    title?: string | null;
    published?: string | null;
    outlet?: string | null;
    authors?: string[];
    lang?: string | null;
  };
}

/** The cleaner's output: article body and metadata. Matches `dossier extract`'s JSON plus extras. */
export interface CleanedPage {
  title: string | null;
  /** Byline as written, e.g. "By Ilya Tsukanov". */
  byline: string | null;
  authors: string[];
  translators: string[];
  outlet: string | null;
  url: string | null;
  /** `YYYY-MM-DD` or full ISO 8601 as written (no time-zone conversion), or null. */
  published: string | null;
  published_source: DateSource;
  modified: string | null;
  /** ISO 639-1 code when known (`en`, `ru`…), else ISO 639-3, else `und`. */
  lang: string;
  /** Cleaned article body, paragraphs separated by blank lines ("\n\n"). */
  text: string;
  credits: RepublicationCredit[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// nlp

export interface TextSpan {
  start: number;
  end: number;
}

export interface Sentence extends TextSpan {
  /** Index of the paragraph (blank-line separated block) holding the sentence. */
  paragraph: number;
}

export interface Token extends TextSpan {
  text: string;
  /** Universal POS tag (PROPN, VERB, …): from the trained tagger/parser for English, wink-nlp otherwise. */
  pos: string;
  /** Lemma / normal form, lower-cased. */
  lemma: string;
  /**
   * Dependency head: index into the same document's `NlpAnalysis.tokens` array; -1 for the sentence
   * root. Absent when the text was not parsed (non-English text, analyses made before the parser).
   */
  head?: number;
  /** Universal Dependencies relation to the head (`nsubj`, `obj`, `ccomp`, `nmod:poss`…); `root` for the root. */
  dep?: string;
}

/** An entity as one document knows it. `key` is local to the document. */
export interface LocalEntity {
  key: string;
  type: EntityType;
  /** Best full name in the document, canonicalised where a gazetteer knows it. */
  name: string;
  /** Every surface form seen in this document. */
  aliases: string[];
  /** Roles the text states, e.g. "Russian Foreign Minister". */
  roles: string[];
  /** Gazetteer id when the entity is a known actor (stable across documents), else null. */
  gazetteer_id: string | null;
  /** Country the actor belongs to, when stated or known (ISO alpha-3 or name). */
  affiliation?: string | null;
}

export interface LocalMention extends TextSpan {
  text: string;
  entity: string; // LocalEntity.key
  /** name | alias | surname | role | pronoun | demonym | gazetteer … */
  via: string;
}

export type Granularity = "day" | "month" | "year" | "decade" | "interval";

/** A date or time expression resolved against the publish date. */
export interface TimeExpression extends TextSpan {
  text: string;
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYYs` or `start/end`; null when it cannot be resolved. */
  value: string | null;
  granularity: Granularity;
  /** True when the year lies well before the publish date (back-story, not the current story). */
  historical: boolean;
  /** Why value is null (e.g. "publish date unknown"), or how it was resolved. */
  note?: string;
}

export interface NlpAnalysis {
  lang: string;
  sentences: Sentence[];
  tokens: Token[];
  entities: LocalEntity[];
  mentions: LocalMention[];
  times: TimeExpression[];
  /** Non-fatal notes: skipped NER for a non-English text, truncated work on a giant sentence… */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// extract (per document; actors are LocalEntity keys, resolved to global ids by the kb)

export interface LocalEvidence extends TextSpan {
  text: string;
}

export interface LocalEvent {
  type: PloverType;
  mode: string | null;
  modes: EventMode[];
  trigger: string;
  summary: string;
  date: string | null;
  actors: string[];
  targets: string[];
  location: string | null;
  evidence: LocalEvidence;
  /** CAMEO event code the dictionary coder assigned (absent for lexicon events). */
  cameo?: string;
  /** Typed agents standing for actors the text does not name ("Nigeria police (COP)"). */
  actor_agents?: string[];
  /** Typed agents standing for unnamed targets. */
  target_agents?: string[];
}

export interface LocalQuote extends TextSpan {
  text: string;
  direct: boolean;
  speaker: string | null; // LocalEntity key
  speaker_text: string | null;
  cue: string | null;
  addressee: string | null;
  /** Index into DocFacts.events of the event the quote belongs to, if any. */
  event: number | null;
}

export interface LocalClaim {
  /** Normalised proposition, stable enough to merge across documents. */
  text: string;
  /** Template key used to merge: e.g. "AID|prk|rus|ammunition". */
  key: string;
  stance: Stance;
  /** Who asserts/denies/reports it (LocalEntity key), if known. */
  actor: string | null;
  evidence: LocalEvidence;
}

export interface LocalProvision {
  agreement: string;
  article: string;
  content: string;
  evidence: LocalEvidence;
}

export interface LocalRelation {
  source: string; // LocalEntity key
  target: string;
  type: RelationType;
  polarity: "cooperation" | "conflict";
  evidence: LocalEvidence;
}

export interface DocFacts {
  events: LocalEvent[];
  quotes: LocalQuote[];
  claims: LocalClaim[];
  provisions: LocalProvision[];
  relations: LocalRelation[];
}
