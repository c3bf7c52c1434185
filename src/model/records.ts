/**
 * The one typed record model of Dossier, shared by the store, the pipeline, the API, the exports and
 * the UI. Field names follow the export contract (`../shared/spec/cli-and-export.md`, schema 1):
 * records here serialise to the JSONL export as they are. Extensions beyond the contract are
 * optional fields, never renamed contract fields.
 *
 * Offsets are UTF-16 code-unit indices `[start, end)` into the `text` of the document they name, so
 * `doc.text.slice(start, end) === text` always holds (the evidence invariant).
 */

/** Current export schema version. */
export const SCHEMA_VERSION = 1 as const;

/** A span of a document's cleaned text that backs a fact. `text === doc.text.slice(start, end)`. */
export interface Evidence {
  doc: string;
  start: number;
  end: number;
  text: string;
}

/** Stance of one piece of evidence towards a claim. */
export type Stance = "assert" | "deny" | "report";

export interface ClaimEvidence extends Evidence {
  stance: Stance;
  /** Entity id of who takes this stance, when known (extension). */
  actor?: string | null;
}

/** One republication credit found in a page ("first published by…", "translated by…", "source:…"). */
export interface RepublicationCredit {
  kind: "original" | "republished" | "translated" | "source" | "via";
  /** The outlet or person credited, as written. */
  name: string;
  /** Evidence offsets into the raw cleaned input before body trimming are not kept; the line as written. */
  line: string;
}

/** Where a metadata value came from, most trusted first. */
export type DateSource = "jsonld" | "meta" | "url" | "time-element" | "text" | "input" | "none";

export interface SpinInfo {
  score: number;
  is_spun: boolean;
}

/** One change made by spin restoration: `text.slice(start, end)` was likely `original`. */
export interface Restoration {
  start: number;
  end: number;
  spun: string;
  original: string;
  /** 0..1 */
  confidence: number;
  reason: string;
}

export interface DocumentRecord {
  kind: "document";
  schema: typeof SCHEMA_VERSION;
  id: string;
  sha256: string;
  source: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  authors: string[];
  published: string | null;
  lang: string;
  text: string;
  spun: SpinInfo;
  republication_of: string | null;
  restored_text: string | null;
  // ---- extensions (not in schema 1, additive) ----
  modified?: string | null;
  /** Which signal the publish date came from. */
  published_source?: DateSource;
  translators?: string[];
  credits?: RepublicationCredit[];
  /** Changes made in restored_text, offsets into `text`. */
  restorations?: Restoration[];
  /** Copy/republication links that name this document as the copy (schema 1 has no `link` kind). */
  copy_links?: Array<Pick<CopyLinkRecord, "source" | "relation" | "directed" | "score" | "reason">>;
  /** Reuse family id (documents that are copies of one another share it). */
  family?: string | null;
  ingested_at?: string;
  warnings?: string[];
}

export type EntityType = "person" | "organization" | "country" | "place" | "other";

export interface EntityRecord {
  kind: "entity";
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  roles: string[];
  docs: number;
  mentions: number;
  /** Surface forms that could mean more than one entity (recorded, not guessed away). Extension. */
  ambiguous?: string[];
}

export interface MentionRecord {
  kind: "mention";
  doc: string;
  entity: string;
  start: number;
  end: number;
  text: string;
  // extensions
  /** How the mention was linked: name, alias, surname, role, pronoun, gazetteer… */
  via?: string;
}

/** PLOVER event types (openeventdata/PLOVER). */
export const PLOVER_TYPES = [
  "AGREE",
  "CONSULT",
  "SUPPORT",
  "CONCEDE",
  "COOPERATE",
  "AID",
  "RETREAT",
  "REQUEST",
  "ACCUSE",
  "REJECT",
  "THREATEN",
  "PROTEST",
  "SANCTION",
  "MOBILIZE",
  "COERCE",
  "ASSAULT",
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

/** PLOVER auxiliary modes Dossier fills in. */
export type EventMode = "negated" | "hypothetical" | "future" | "historical";

export interface EventRecord {
  kind: "event";
  id: string;
  type: PloverType;
  summary: string;
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `start/end`, or null. */
  date: string | null;
  actors: string[];
  targets: string[];
  location: string | null;
  evidence: Evidence[];
  // extensions
  /** PLOVER mode, e.g. CONSULT: visit/phone/multilateral. */
  mode?: string | null;
  modes?: EventMode[];
  /** Distinct independent outlets (copy families counted once). */
  independent_outlets?: number;
  /** Trigger word as written. */
  trigger?: string;
  /** Typed agents for actors the text does not name ("Nigeria police (COP)"), from the event coder. */
  actor_agents?: string[];
  /** Typed agents for unnamed targets. */
  target_agents?: string[];
}

export interface QuoteRecord {
  kind: "quote";
  id: string;
  doc: string;
  start: number;
  end: number;
  text: string;
  direct: boolean;
  speaker: string | null;
  speaker_text: string | null;
  cue: string | null;
  event: string | null;
  // extensions
  /** Outlet the speaker addressed ("told Euronews"). */
  addressee?: string | null;
  /** True when the quote sits in machine-spun text: not the speaker's exact words. */
  spun_wording?: boolean;
  independent_outlets?: number;
}

export interface ClaimRecord {
  kind: "claim";
  id: string;
  text: string;
  asserted_by: string[];
  denied_by: string[];
  evidence: ClaimEvidence[];
  independent_outlets: number;
  // extensions
  reported_by?: string[];
}

export interface ProvisionRecord {
  kind: "provision";
  id: string;
  agreement: string;
  article: string;
  content: string;
  evidence: Evidence[];
}

export type RelationType =
  | "military"
  | "military-technical"
  | "economic"
  | "energy"
  | "labour"
  | "education"
  | "transport"
  | "political"
  | "space"
  | "science"
  | "health"
  | "culture"
  | "conflict"
  | "other";

export interface RelationRecord {
  kind: "relation";
  id: string;
  source: string;
  target: string;
  type: RelationType;
  evidence: Evidence[];
  // extensions
  polarity?: "cooperation" | "conflict";
}

/** Link between a copy and its source (provenance). Stored and served by the API; exported on documents as `copy_links`. */
export interface CopyLinkRecord {
  kind: "link";
  id: string;
  /** The copy. */
  doc: string;
  /** The document it copies (the likely source), or the peer when direction is unknown. */
  source: string;
  relation: "republication" | "spun-copy" | "translation" | "near-duplicate" | "same-text";
  directed: boolean;
  score: number;
  reason: string;
}

export type KbRecord =
  | EntityRecord
  | MentionRecord
  | EventRecord
  | QuoteRecord
  | ClaimRecord
  | ProvisionRecord
  | RelationRecord;

export type ExportRecord = DocumentRecord | KbRecord | CopyLinkRecord;
