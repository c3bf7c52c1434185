/**
 * The one storage interface of Dossier. Backends: `sqlite/` (embedded, default) and `postgres/`.
 * Every backend passes the same contract suite (`./contract.ts`).
 *
 * Writes are transactional per unit of work: one document (raw bytes + record + full-text row) is
 * written in one transaction, and the knowledge base is replaced in one transaction, so a crash at
 * any moment leaves no half-written document and no half-built knowledge base.
 */
import type {
  ClaimRecord,
  CopyLinkRecord,
  DocumentRecord,
  EntityRecord,
  EventRecord,
  ExportRecord,
  MentionRecord,
  ProvisionRecord,
  QuoteRecord,
  RelationRecord,
} from "../model/records.js";
import type { DocFacts, NlpAnalysis } from "../model/pipeline.js";

/** Outcome of one input file (or JSONL line, or URL) in an ingest run. */
export type FileOutcome = "ingested" | "duplicate" | "failed";

export interface FileStatus {
  source: string;
  status: FileOutcome;
  /** Document id when ingested or duplicate. */
  doc?: string | null;
  sha256?: string | null;
  /** Why it failed, or warnings (invalid UTF-8 replaced…). */
  reason?: string | null;
}

export interface IngestRun {
  id: string;
  started_at: string;
  finished_at: string | null;
  ingested: number;
  duplicate: number;
  failed: number;
}

/** Per-document output of the language and extraction layers, kept so the KB can be rebuilt. */
export interface DocAnalysis {
  doc: string;
  /** Version of the pipeline that produced it; a newer pipeline re-analyses. */
  version: string;
  nlp: NlpAnalysis;
  facts: DocFacts;
}

/**
 * A document the pipeline could not analyse (the language layer threw, or its analysis thread
 * crashed or ran out of time on it). The document stays stored and searchable but is left out of
 * the knowledge base, and is not tried again at this `version`: a newer pipeline, or
 * `dossier build --retry-failed`, tries it again.
 */
export interface AnalysisFailure {
  doc: string;
  /** Pipeline version that failed on it. */
  version: string;
  /** Why, as the error said it. */
  reason: string;
  /** ISO 8601 time of the failure. */
  at: string;
}

/** Everything the knowledge-base builder derives across documents; replaced as one unit. */
export interface KnowledgeBase {
  entities: EntityRecord[];
  mentions: MentionRecord[];
  events: EventRecord[];
  quotes: QuoteRecord[];
  claims: ClaimRecord[];
  provisions: ProvisionRecord[];
  relations: RelationRecord[];
  links: CopyLinkRecord[];
  /** Provenance fields written back onto documents. */
  documents: Array<
    Pick<DocumentRecord, "id" | "spun" | "republication_of" | "restored_text" | "restorations" | "family">
  >;
}

/** A knowledge base with no records: what a rebuild starts from, and what tests fill in. */
export function emptyKnowledgeBase(): KnowledgeBase {
  return {
    entities: [],
    mentions: [],
    events: [],
    quotes: [],
    claims: [],
    provisions: [],
    relations: [],
    links: [],
    documents: [],
  };
}

/** One row of the knowledge base's maintenance state: `(space, key, sub) → value`. */
export interface StateRow {
  space: string;
  key: string;
  /** "" for a plain value; a member id for sets and maps. */
  sub: string;
  value: string;
}

/**
 * One incremental update of the knowledge base, applied in one transaction: maintenance-state
 * rows written and deleted, records upserted and removed by id, the mentions of some documents
 * replaced, and documents' provenance fields set.
 */
export interface KnowledgeBaseChange {
  statePut: StateRow[];
  stateDelete: Array<Pick<StateRow, "space" | "key" | "sub">>;
  /**
   * Records written whole (replacing a stored record of the same id). The evidence spans of events,
   * claims, provisions and relations may come as offsets only (`text` absent): stores keep offsets
   * and slice each span's text from its document when the record is read (decision 140), and write
   * only the spans a record gained or lost.
   */
  upsert: Pick<KnowledgeBase, "entities" | "events" | "quotes" | "claims" | "provisions" | "relations" | "links">;
  remove: Record<"entities" | "events" | "quotes" | "claims" | "provisions" | "relations" | "links", string[]>;
  /** Documents whose mentions are replaced by the given list (possibly empty). */
  mentions: Array<{ doc: string; mentions: MentionRecord[] }>;
  documents: KnowledgeBase["documents"];
  /**
   * Documents whose evidence spans are checked against their text before the change is applied
   * (the documents whose facts this change (re)computed; older spans were checked when written).
   */
  checkDocs: string[];
}

export interface Page {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface DocumentFilter extends Partial<Page> {
  outlet?: string;
  lang?: string;
  /** Inclusive `YYYY-MM-DD` bounds on `published`. */
  from?: string;
  to?: string;
}

export interface TimelineFilter extends Partial<Page> {
  /** Entity id: events where it is actor, target or location. */
  entity?: string;
  type?: string;
  from?: string;
  to?: string;
}

export interface SearchHit {
  doc: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  lang: string;
  /** Snippet with matches wrapped in «» markers (never HTML: surfaces escape and style them). */
  snippet: string;
  score: number;
}

/** A page of search hits. */
export interface SearchPage extends Paged<SearchHit> {
  /**
   * Present when not every match was ranked (more matches than the rank cap, `SEARCH_RANK_CAP`):
   * the hits are the best of this many matches, the most recently stored ones. Absent: every match
   * was ranked. Same in every backend.
   */
  ranked?: number;
  /**
   * Present (true) when more documents match than the count cap (`SEARCH_COUNT_CAP`): `total` is
   * then that cap and at least that many documents match (the exact number is not counted). Same
   * in every backend.
   */
  total_capped?: true;
}

export interface SearchFilter extends Partial<Page> {
  outlet?: string;
  lang?: string;
  from?: string;
  to?: string;
  /** Only documents mentioning this entity id. */
  entity?: string;
  /**
   * False: hits carry an empty snippet (building snippets is most of a search's cost when only the
   * hits' documents are needed, as for facet counts). Default true.
   */
  snippets?: boolean;
}

/** What the search view's facets are counted from, with the page it shows (see `Store.searchFacetBasis`). */
export interface SearchFacetBasis {
  /** The page the filter asked for: exactly `search(q, filter)`. */
  page: SearchPage;
  /** The best hits, without snippets: exactly `search(q, { ...filter, limit: basis, offset: 0, snippets: false }).items`. */
  basis: SearchHit[];
  /** Exactly `countEntityDocuments` over the first `entityDocs` basis documents. */
  entities: Map<string, number>;
}

/** Everything that points into one document: for the reader view. */
export interface DocumentEvidence {
  mentions: MentionRecord[];
  quotes: QuoteRecord[];
  /** Evidence spans of events, claims, provisions and relations in this document. */
  spans: Array<{
    record: string;
    kind: "event" | "claim" | "provision" | "relation";
    start: number;
    end: number;
    text: string;
    stance?: string;
  }>;
}

export interface Store {
  readonly backend: "sqlite" | "postgres";

  /** Applies pending migrations. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Cheap liveness check for /healthz. */
  ping(): Promise<boolean>;

  // ---- ingest ----------------------------------------------------------------------------
  startRun(): Promise<IngestRun>;
  finishRun(runId: string): Promise<IngestRun>;
  /** Records (or updates) the status of one input in a run. */
  recordFile(runId: string, status: FileStatus): Promise<void>;
  listRunFiles(runId: string): Promise<FileStatus[]>;
  /** Document id already stored for these raw bytes, if any. */
  findBySha(sha256: string): Promise<string | null>;
  /**
   * Stores raw bytes, the document and its full-text row in one transaction. When a document with
   * the same sha256 exists (a racing writer, a re-run), stores nothing and returns `duplicate`.
   */
  insertDocument(doc: DocumentRecord, raw: Uint8Array): Promise<{ status: "inserted" | "duplicate"; id: string }>;
  getRaw(sha256: string): Promise<Uint8Array | null>;

  // ---- documents ---------------------------------------------------------------------------
  getDocument(id: string): Promise<DocumentRecord | null>;
  listDocuments(filter?: DocumentFilter): Promise<Paged<DocumentRecord>>;
  /** Every document, in id order, for KB builds and exports. */
  iterateDocuments(): AsyncIterable<DocumentRecord>;
  countDocuments(): Promise<number>;

  // ---- analysis (per document) -----------------------------------------------------------
  putAnalysis(analysis: DocAnalysis): Promise<void>;
  getAnalysis(doc: string): Promise<DocAnalysis | null>;
  /**
   * Ids of documents with no analysis or one older than `version`, leaving out those whose analysis
   * failed at `version` or later ({@link AnalysisFailure}).
   */
  listUnanalysed(version: string): Promise<string[]>;
  /** Records a failed analysis (replacing an earlier failure of the same document). */
  putAnalysisFailure(failure: AnalysisFailure): Promise<void>;
  /** Recorded analysis failures, in document id order. `putAnalysis` of a document clears its failure. */
  listAnalysisFailures(): Promise<AnalysisFailure[]>;
  /** Forgets every recorded failure, so the next build tries those documents again; returns how many. */
  clearAnalysisFailures(): Promise<number>;
  iterateAnalyses(): AsyncIterable<DocAnalysis>;

  // ---- knowledge base ----------------------------------------------------------------------
  /**
   * Replaces the whole knowledge base (and documents' provenance fields) in one transaction, and
   * clears the incremental maintenance state (the next incremental build starts from nothing).
   */
  replaceKnowledgeBase(kb: KnowledgeBase): Promise<void>;
  /** Rows of the maintenance state for these keys of one space: key → (sub → value). */
  readState(space: string, keys: string[]): Promise<Map<string, Map<string, string>>>;
  /** Applies one incremental update in one transaction (see {@link KnowledgeBaseChange}). */
  applyKnowledgeBaseChange(change: KnowledgeBaseChange): Promise<void>;
  /** Analysed documents not yet merged into the knowledge base (no `doc` state row), in id order. */
  listUnmerged(): Promise<string[]>;
  /**
   * Runs `fn` while holding the named lock, exclusive among every process using this store
   * (PostgreSQL: a session advisory lock; SQLite: within this process — SQLite's single writer
   * serialises the rest). With `wait: false`, returns `{ ran: false }` at once when another holder
   * has it.
   */
  exclusive<T>(
    name: string,
    fn: () => Promise<T>,
    opts?: { wait?: boolean },
  ): Promise<{ ran: true; value: T } | { ran: false }>;
  getEntity(id: string): Promise<EntityRecord | null>;
  listEntities(filter?: Partial<Page> & { type?: string; q?: string }): Promise<Paged<EntityRecord>>;
  /** Entities whose name or alias matches (case- and accent-insensitive), best first. */
  findEntities(name: string, limit?: number): Promise<EntityRecord[]>;
  timeline(filter?: TimelineFilter): Promise<Paged<EventRecord>>;
  getEvent(id: string): Promise<EventRecord | null>;
  listQuotes(filter?: Partial<Page> & { speaker?: string; doc?: string }): Promise<Paged<QuoteRecord>>;
  listClaims(filter?: Partial<Page> & { entity?: string; contested?: boolean }): Promise<Paged<ClaimRecord>>;
  listProvisions(filter?: Partial<Page>): Promise<Paged<ProvisionRecord>>;
  listRelations(filter?: Partial<Page> & { entity?: string }): Promise<Paged<RelationRecord>>;
  listLinks(filter?: Partial<Page> & { doc?: string }): Promise<Paged<CopyLinkRecord>>;
  /**
   * For every entity mentioned in any of `docs`, how many of those documents mention it (one query,
   * for facet counts over a page of hits).
   */
  countEntityDocuments(docs: string[]): Promise<Map<string, number>>;
  /**
   * Optional: the names of these entities in one read (a backend without it is asked `getEntity`
   * for each); unknown ids are left out.
   */
  entityNames?(ids: string[]): Promise<Map<string, string>>;
  listMentions(filter: Partial<Page> & { doc?: string; entity?: string }): Promise<Paged<MentionRecord>>;
  documentEvidence(doc: string): Promise<DocumentEvidence>;

  // ---- search ------------------------------------------------------------------------------
  /** Full-text search; the query is always taken as plain words, never as operator syntax. */
  search(q: string, filter?: SearchFilter): Promise<SearchPage>;
  /**
   * Optional: the search page and the facet basis from one ranking, in one round of work (a backend
   * without it is asked for `search` twice and `countEntityDocuments`). Same answer either way;
   * the contract checks it where a backend has it.
   */
  searchFacetBasis?(
    q: string,
    filter: SearchFilter | undefined,
    want: { basis: number; entityDocs: number },
  ): Promise<SearchFacetBasis>;

  /**
   * Every record in export order: documents, entities, mentions, events, quotes, claims, provisions,
   * relations. Copy links are not a record kind of schema 1: a document's links travel on it as the
   * optional `copy_links` field (and `republication_of`).
   */
  exportRecords(): AsyncIterable<ExportRecord>;
}
