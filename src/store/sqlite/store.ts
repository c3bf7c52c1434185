/**
 * The embedded SQLite backend of {@link Store} (better-sqlite3, WAL).
 *
 * Concurrency model: every write is one `BEGIN IMMEDIATE` transaction, so writers from several
 * handles or processes queue on SQLite's write lock (bounded by `busy_timeout`) instead of failing,
 * and a document, its raw bytes and its full-text row commit together or not at all. Readers never
 * block in WAL mode. better-sqlite3 is synchronous; the async methods only adapt it to the
 * interface, so a call's work is never interleaved with another call on the same handle.
 */
import Database from "better-sqlite3";
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
} from "../../model/records.js";
import { DossierError, describeError } from "../../util/errors.js";
import { sha256Hex } from "../../util/ids.js";
import type {
  AnalysisFailure,
  DocAnalysis,
  DocumentEvidence,
  DocumentFilter,
  FileStatus,
  IngestRun,
  KnowledgeBase,
  KnowledgeBaseChange,
  Page,
  Paged,
  SearchFilter,
  SearchHit,
  SearchPage,
  Store,
  TimelineFilter,
} from "../store.js";
import { MIGRATIONS } from "./migrations.js";
import { unpackBytes } from "./compact.js";
import { packRaw, RAW_AGAINST_TEXT, RAW_BROTLI, RAW_NOT_KEPT, unpackRawAgainst, unpackRawBrotli } from "./codec.js";
import {
  DocTexts,
  documentColumns,
  packAnalysis,
  packDocumentJson,
  packProvenance,
  packRecord,
  packState,
  readAnalysis,
  readDocumentJson,
  readProvenance,
  readRecord,
  readState,
  recordColumns,
  type RecordTable,
  stateKey,
} from "./records.js";
import {
  collectSpans,
  evidenceInSpans,
  isSpanTable,
  KB_RECORD_KINDS,
  splitEvidence,
  verifySpans,
  type SpanTable,
} from "../evidence.js";
import { SpanRows } from "./spans.js";
import { packDocumentText, readDocumentText, registerTextFunction } from "./text-column.js";
import {
  clampPage,
  needsAnalysis,
  dateRange,
  escapeLike,
  filterBound,
  fts5PlainQuery,
  markSnippet,
  normalizeName,
  resolveSearchCaps,
  resolveKeepRaw,
  type RawArchiveOption,
  searchTotals,
  type SearchCaps,
} from "../semantics.js";
import { PROVENANCE_FIELDS, newIngestRun, provenanceOf } from "../semantics.js";

/**
 * The near-duplicate band index (state space `lsh`: band key → documents, empty values) lives in
 * its own integer table `kb_lsh` (band, document seq) instead of `kb_state`.
 */
const LSH_SPACE = "lsh";

/** The integer of a band key (a decimal string below 2^53, see kb/near-dup.ts). */
function bandOf(key: string): number {
  const band = Number(key);
  if (!Number.isSafeInteger(band) || String(band) !== key)
    throw new DossierError("BAD_INPUT", `knowledge base refused: band key ${JSON.stringify(key)} is not an integer`);
  return band;
}

/** Options for {@link SqliteStore}. */
export interface SqliteStoreOptions extends SearchCaps, RawArchiveOption {
  /**
   * How long a writer waits for another writer's lock before failing, in ms. Default 60000: a large
   * knowledge-base rebuild in another process may hold the lock for seconds.
   */
  busyTimeoutMs?: number;
}

/** Longest search text looked at; the rest of a pasted essay is ignored. */
const MAX_QUERY_CHARS = 2000;
/** Rows fetched per step by the async iterators (keeps no statement open across awaits). */
const ITERATE_BATCH = 200;
/** Day bounds stored for open-ended intervals, so "undated" stays distinguishable (NULL). */
const OPEN_START = "0000-01-01";
const OPEN_END = "9999-12-31";

type Row = Record<string, unknown>;

/**
 * Export order of the knowledge-base tables: a function of the records alone (never of the order
 * they were written in), so a full build and any sequence of incremental merges export alike.
 */
const EXPORT_ORDER: ReadonlyArray<readonly [RecordTable, string]> = [
  ["entities", "mentions DESC, name, id"],
  ["mentions", 'doc, start, "end", entity, ord'],
  ["events", "coalesce(date, '9999'), id"],
  ["quotes", "doc, start, id"],
  ["claims", "id"],
  ["provisions", "agreement, id"],
  ["relations", "id"],
  ["links", "doc, source, id"],
];

/** SQLite implementation of {@link Store}. Create with {@link createSqliteStore}; call `init()` before use. */
export class SqliteStore implements Store {
  readonly backend = "sqlite" as const;
  readonly path: string;
  private readonly db: Database.Database;
  /** Document texts for slicing span texts back into records (see records.ts). */
  private readonly texts: DocTexts;
  /** Whether inputs' raw bytes are kept ({@link RawArchiveOption}); else `raw.codec` = {@link RAW_NOT_KEPT}. */
  private readonly keepRaw: boolean;
  /** Bounds on one search's work (count and rank caps, as in the PostgreSQL backend). */
  private readonly searchCaps: { count: number; rank: number };

  constructor(path: string, opts: SqliteStoreOptions = {}) {
    this.path = path;
    this.searchCaps = resolveSearchCaps(opts);
    this.keepRaw = resolveKeepRaw(opts);
    try {
      this.db = new Database(path);
      // busy_timeout first: switching to WAL needs a lock another process may briefly hold.
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 60000))}`);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      // A knowledge-base rebuild can grow the WAL a lot; truncate it back after checkpoints.
      this.db.pragma("journal_size_limit = 67108864");
      this.db.pragma("foreign_keys = ON");
      registerTextFunction(this.db);
    } catch (err) {
      throw new DossierError("STORE", `cannot open SQLite database "${path}": ${describeError(err)}`, { cause: err });
    }
    this.texts = new DocTexts(this.db);
  }

  /** Prepared statements of this handle, by SQL text (preparing costs more than running). */
  private readonly statements = new Map<string, Database.Statement>();

  /** The cached prepared statement for `sql` on this handle. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs synchronous database work, turning driver errors into `STORE` errors that name the operation. */
  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof DossierError) throw err;
      throw new DossierError("STORE", `${what} failed: ${describeError(err)}`, { cause: err });
    }
  }

  private immediate<T>(what: string, fn: () => T): T {
    return this.guard(what, () => this.db.transaction(fn).immediate());
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async init(): Promise<void> {
    this.guard("schema migration", () => {
      this.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
      );
      this.db
        .transaction(() => {
          const row = this.stmt("SELECT max(version) AS v FROM schema_migrations").get() as { v: number | null };
          const current = row.v ?? 0;
          const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
          if (current > latest) {
            throw new DossierError(
              "STORE",
              `database "${this.path}" has schema version ${current}, newer than this Dossier knows (${latest}); upgrade Dossier`,
            );
          }
          for (const m of MIGRATIONS) {
            if (m.version <= current) continue;
            if (m.sql) this.db.exec(m.sql);
            m.run?.(this.db);
            this.stmt("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
              m.version,
              m.name,
              new Date().toISOString(),
            );
          }
        })
        .immediate();
    });
  }

  /** Schema version currently applied (0 before `init()`). */
  schemaVersion(): number {
    return this.guard("reading schema version", () => {
      const exists = this.stmt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
      if (!exists) return 0;
      return (this.stmt("SELECT max(version) AS v FROM schema_migrations").get() as { v: number | null }).v ?? 0;
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Refreshes query-planner statistics where SQLite thinks it helps (cheap; recommended on close).
    try {
      this.guard("optimising before close", () => this.db.pragma("optimize"));
    } finally {
      this.db.close();
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (this.stmt("SELECT 1 AS ok").get() as { ok: number }).ok === 1;
    } catch {
      // ping reports reachability; the caller (/healthz) turns false into 503.
      return false;
    }
  }

  // ---- ingest ------------------------------------------------------------------------------

  async startRun(): Promise<IngestRun> {
    const run = newIngestRun();
    this.guard("starting ingest run", () =>
      this.stmt("INSERT INTO runs (id, started_at) VALUES (?, ?)").run(run.id, run.started_at),
    );
    return run;
  }

  async finishRun(runId: string): Promise<IngestRun> {
    return this.immediate("finishing ingest run", () => {
      const counts = this.stmt(
        `SELECT sum(status = 'ingested') AS ingested, sum(status = 'duplicate') AS duplicate, sum(status = 'failed') AS failed
           FROM run_files WHERE run = ?`,
      ).get(runId) as { ingested: number | null; duplicate: number | null; failed: number | null };
      const res = this.stmt(
        "UPDATE runs SET finished_at = ?, ingested = ?, duplicate = ?, failed = ? WHERE id = ?",
      ).run(new Date().toISOString(), counts.ingested ?? 0, counts.duplicate ?? 0, counts.failed ?? 0, runId);
      if (res.changes === 0) throw new DossierError("NOT_FOUND", `no ingest run "${runId}"`);
      return this.stmt("SELECT * FROM runs WHERE id = ?").get(runId) as IngestRun;
    });
  }

  async recordFile(runId: string, status: FileStatus): Promise<void> {
    if (!status || typeof status.source !== "string" || !["ingested", "duplicate", "failed"].includes(status.status)) {
      throw new DossierError("BAD_INPUT", "recordFile needs a source and a status of ingested, duplicate or failed");
    }
    // One statement, so it commits atomically without an explicit transaction (seq is computed inside it).
    this.guard("recording file status", () => {
      if (!this.stmt("SELECT 1 FROM runs WHERE id = ?").get(runId)) {
        throw new DossierError("NOT_FOUND", `no ingest run "${runId}"`);
      }
      this.stmt(
        `INSERT INTO run_files (run, source, seq, status, doc, sha256, reason, updated_at)
           VALUES (@run, @source, (SELECT coalesce(max(seq), 0) + 1 FROM run_files WHERE run = @run), @status, @doc, @sha256, @reason, @now)
           ON CONFLICT (run, source) DO UPDATE SET status = excluded.status, doc = excluded.doc, sha256 = excluded.sha256,
             reason = excluded.reason, updated_at = excluded.updated_at`,
      ).run({
        run: runId,
        source: status.source,
        status: status.status,
        doc: status.doc ?? null,
        sha256: status.sha256 ?? null,
        reason: status.reason ?? null,
        now: new Date().toISOString(),
      });
    });
  }

  async listRunFiles(runId: string): Promise<FileStatus[]> {
    return this.guard("listing run files", () =>
      (
        this.stmt("SELECT source, status, doc, sha256, reason FROM run_files WHERE run = ? ORDER BY seq").all(
          runId,
        ) as Array<FileStatus & Row>
      ).map((r) => ({
        source: r.source,
        status: r.status,
        doc: r.doc ?? null,
        sha256: r.sha256 ?? null,
        reason: r.reason ?? null,
      })),
    );
  }

  async findBySha(sha256: string): Promise<string | null> {
    return this.guard("looking up sha256", () => {
      const row = this.stmt("SELECT id FROM documents WHERE sha256 = ?").get(sha256) as { id: string } | undefined;
      return row?.id ?? null;
    });
  }

  async insertDocument(
    doc: DocumentRecord,
    raw: Uint8Array,
  ): Promise<{ status: "inserted" | "duplicate"; id: string }> {
    if (!(raw instanceof Uint8Array))
      throw new DossierError("BAD_INPUT", "insertDocument: raw bytes must be a Uint8Array");
    if (!doc || typeof doc.id !== "string" || typeof doc.text !== "string") {
      throw new DossierError("BAD_INPUT", "insertDocument: not a document record");
    }
    const sha = sha256Hex(raw);
    if (doc.sha256 !== sha) {
      throw new DossierError(
        "BAD_INPUT",
        `insertDocument: document ${doc.id} says sha256 ${doc.sha256} but its raw bytes hash to ${sha}`,
      );
    }
    const published = doc.published ?? null;
    const publishedDay = dateRange(published)?.start ?? null;
    const ingestedAt = doc.ingested_at ?? new Date().toISOString();
    const columns = {
      id: doc.id,
      sha256: sha,
      source: doc.source,
      title: doc.title ?? null,
      outlet: doc.outlet ?? null,
      url: doc.url ?? null,
      published,
      lang: doc.lang,
      ingested_at: ingestedAt,
    };
    const json = packDocumentJson({ ...doc, text: "" }, columns);
    const packedRaw = this.keepRaw ? packRaw(raw, doc.text) : { bytes: Buffer.alloc(0), codec: RAW_NOT_KEPT };
    const rawStored = packedRaw.bytes;
    const rawCodec = packedRaw.codec;
    const packedText = packDocumentText(doc.text);
    return this.immediate(`inserting document ${doc.id}`, () => {
      const existing = this.stmt("SELECT id FROM documents WHERE sha256 = ?").get(sha) as { id: string } | undefined;
      if (existing) return { status: "duplicate" as const, id: existing.id };
      const clash = this.stmt("SELECT sha256 FROM documents WHERE id = ?").get(doc.id) as
        | { sha256: string }
        | undefined;
      if (clash) {
        throw new DossierError(
          "BAD_INPUT",
          `document id ${doc.id} already belongs to different bytes (sha256 ${clash.sha256})`,
        );
      }
      this.stmt("INSERT INTO raw (sha256, bytes, size, codec) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING").run(
        sha,
        rawStored,
        raw.byteLength,
        rawCodec,
      );
      this.stmt(
        `INSERT INTO documents (id, sha256, source, title, outlet, url, published, published_day, lang, text, json, ingested_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        doc.id,
        sha,
        doc.source,
        doc.title ?? null,
        doc.outlet ?? null,
        doc.url ?? null,
        published,
        publishedDay,
        doc.lang,
        packedText,
        json,
        ingestedAt,
      );
      return { status: "inserted" as const, id: doc.id };
    });
  }

  async getRaw(sha256: string): Promise<Uint8Array | null> {
    return this.guard("reading raw bytes", () => {
      const row = this.stmt(
        "SELECT r.bytes, r.size, r.codec, d.text FROM raw r LEFT JOIN documents d ON d.sha256 = r.sha256 WHERE r.sha256 = ?",
      ).get(sha256) as { bytes: Buffer; size: number; codec: number | null; text: string | Buffer | null } | undefined;
      if (!row) return null;
      if (row.codec === null) return unpackBytes(row.bytes, row.size);
      if (row.codec === RAW_NOT_KEPT) return null;
      if (row.codec === RAW_BROTLI) return unpackRawBrotli(row.bytes);
      if (row.codec !== RAW_AGAINST_TEXT || row.text === null)
        throw new DossierError("STORE", `raw bytes ${sha256} are stored in a form this Dossier cannot read`);
      return unpackRawAgainst(row.bytes, readDocumentText(row.text));
    });
  }

  // ---- documents ---------------------------------------------------------------------------

  /** The record of a documents row selected with `documentColumns()`. */
  private static toDocument(row: Row): DocumentRecord {
    const doc = readDocumentJson<DocumentRecord & Record<string, unknown>>(row);
    doc.text = readDocumentText(row.text as string | Buffer);
    if (row.provenance) {
      const prov = readProvenance(row.id as string, row.provenance as string | Buffer);
      for (const key of PROVENANCE_FIELDS) if (key in prov) (doc as Record<string, unknown>)[key] = prov[key];
    }
    return doc;
  }

  async getDocument(id: string): Promise<DocumentRecord | null> {
    return this.guard("reading document", () => {
      const row = this.stmt(`SELECT ${documentColumns()} FROM documents d WHERE d.id = ?`).get(id) as Row | undefined;
      return row ? SqliteStore.toDocument(row) : null;
    });
  }

  /** WHERE clauses and parameters for the document filters shared by listDocuments and search. */
  private static documentConditions(filter: DocumentFilter | SearchFilter | undefined): {
    where: string[];
    params: unknown[];
  } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.outlet) {
      where.push("d.outlet = ?");
      params.push(filter.outlet);
    }
    if (filter?.lang) {
      where.push("d.lang = ?");
      params.push(filter.lang);
    }
    const from = filterBound(filter?.from, "from");
    const to = filterBound(filter?.to, "to");
    if (from) {
      where.push("d.published_day >= ?");
      params.push(from);
    }
    if (to) {
      where.push("d.published_day <= ?");
      params.push(to);
    }
    const entity = (filter as SearchFilter | undefined)?.entity;
    if (entity) {
      where.push("EXISTS (SELECT 1 FROM entity_docs m WHERE m.entity = ? AND m.doc = d.id)");
      params.push(entity);
    }
    return { where, params };
  }

  async listDocuments(filter?: DocumentFilter): Promise<Paged<DocumentRecord>> {
    const page = clampPage(filter);
    const { where, params } = SqliteStore.documentConditions(filter);
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.guard("listing documents", () => {
      const total = (this.stmt(`SELECT count(*) AS n FROM documents d ${clause}`).get(...params) as { n: number }).n;
      const rows = this.stmt(
        `SELECT ${documentColumns()} FROM documents d ${clause}
           ORDER BY (d.published_day IS NULL), d.published_day DESC, d.id LIMIT ? OFFSET ?`,
      ).all(...params, page.limit, page.offset) as Row[];
      return { items: rows.map(SqliteStore.toDocument), total, ...page };
    });
  }

  async *iterateDocuments(): AsyncIterable<DocumentRecord> {
    yield* this.documentsFrom(this.db);
  }

  /** Documents in id order from `db`, fetched in keyset batches (no statement stays open across yields). */
  private *documentsFrom(db: Database.Database): Generator<DocumentRecord> {
    let after = "";
    for (;;) {
      const rows = this.guard(
        "iterating documents",
        () =>
          db
            .prepare(`SELECT ${documentColumns()} FROM documents d WHERE d.id > ? ORDER BY d.id LIMIT ?`)
            .all(after, ITERATE_BATCH) as Row[],
      );
      if (!rows.length) return;
      for (const row of rows) yield this.guard("reading a stored document", () => SqliteStore.toDocument(row));
      after = rows[rows.length - 1]!.id as string;
    }
  }

  async countDocuments(): Promise<number> {
    return this.guard(
      "counting documents",
      () => (this.stmt("SELECT count(*) AS n FROM documents").get() as { n: number }).n,
    );
  }

  // ---- analyses ------------------------------------------------------------------------------

  async putAnalysis(analysis: DocAnalysis): Promise<void> {
    if (!analysis || typeof analysis.doc !== "string" || typeof analysis.version !== "string") {
      throw new DossierError("BAD_INPUT", "putAnalysis needs a doc id and a version");
    }
    this.immediate(`storing analysis of ${analysis.doc}`, () => {
      if (!this.stmt("SELECT 1 FROM documents WHERE id = ?").get(analysis.doc)) {
        throw new DossierError("NOT_FOUND", `cannot store an analysis of unknown document "${analysis.doc}"`);
      }
      const json = packAnalysis(analysis.doc, JSON.stringify(analysis), this.texts.textOf);
      this.stmt(
        `INSERT INTO analyses (doc, version, json, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (doc) DO UPDATE SET version = excluded.version, json = excluded.json, updated_at = excluded.updated_at`,
      ).run(analysis.doc, analysis.version, json, new Date().toISOString());
      this.stmt("DELETE FROM analysis_failures WHERE doc = ?").run(analysis.doc);
    });
  }

  async getAnalysis(doc: string): Promise<DocAnalysis | null> {
    return this.guard("reading analysis", () => {
      const row = this.stmt("SELECT json FROM analyses WHERE doc = ?").get(doc) as
        | { json: string | Buffer }
        | undefined;
      return row ? (JSON.parse(readAnalysis(doc, row.json, this.texts.textOf)) as DocAnalysis) : null;
    });
  }

  async listUnanalysed(version: string): Promise<string[]> {
    return this.guard("listing unanalysed documents", () => {
      const rows = this.stmt(
        `SELECT d.id, a.version, f.version AS failed FROM documents d
           LEFT JOIN analyses a ON a.doc = d.id LEFT JOIN analysis_failures f ON f.doc = d.id ORDER BY d.id`,
      ).all() as Array<{ id: string; version: string | null; failed: string | null }>;
      return rows.filter((r) => needsAnalysis(r.version, r.failed, version)).map((r) => r.id);
    });
  }

  async putAnalysisFailure(failure: AnalysisFailure): Promise<void> {
    this.immediate(`recording the failed analysis of ${failure.doc}`, () => {
      if (!this.stmt("SELECT 1 FROM documents WHERE id = ?").get(failure.doc)) {
        throw new DossierError("NOT_FOUND", `cannot record a failed analysis of unknown document "${failure.doc}"`);
      }
      this.stmt(
        `INSERT INTO analysis_failures (doc, version, reason, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (doc) DO UPDATE SET version = excluded.version, reason = excluded.reason, at = excluded.at`,
      ).run(failure.doc, failure.version, failure.reason, failure.at);
    });
  }

  async listAnalysisFailures(): Promise<AnalysisFailure[]> {
    return this.guard(
      "listing failed analyses",
      () => this.stmt("SELECT doc, version, reason, at FROM analysis_failures ORDER BY doc").all() as AnalysisFailure[],
    );
  }

  async clearAnalysisFailures(): Promise<number> {
    return this.immediate("forgetting failed analyses", () => this.stmt("DELETE FROM analysis_failures").run().changes);
  }

  async *iterateAnalyses(): AsyncIterable<DocAnalysis> {
    let after = "";
    for (;;) {
      const rows = this.guard(
        "iterating analyses",
        () =>
          this.stmt("SELECT doc, json FROM analyses WHERE doc > ? ORDER BY doc LIMIT ?").all(
            after,
            ITERATE_BATCH,
          ) as Array<{
            doc: string;
            json: string | Buffer;
          }>,
      );
      if (!rows.length) return;
      for (const row of rows)
        yield this.guard(
          `reading the analysis of ${row.doc}`,
          () => JSON.parse(readAnalysis(row.doc, row.json, this.texts.textOf)) as DocAnalysis,
        );
      after = rows[rows.length - 1].doc;
    }
  }

  // ---- knowledge base ------------------------------------------------------------------------

  async replaceKnowledgeBase(kb: KnowledgeBase): Promise<void> {
    const parts = [
      "entities",
      "mentions",
      "events",
      "quotes",
      "claims",
      "provisions",
      "relations",
      "links",
      "documents",
    ] as const;
    for (const p of parts) {
      if (!Array.isArray(kb?.[p])) throw new DossierError("BAD_INPUT", `replaceKnowledgeBase: "${p}" must be an array`);
    }
    // Checked before taking the write lock: document texts never change once stored, and other
    // writers should not wait while thousands of spans are compared.
    await verifySpans(collectSpans(kb), async (docs) =>
      this.guard("checking knowledge-base evidence", () => this.textsOf(docs)),
    );
    this.immediate("replacing the knowledge base", () => {
      const db = this.db;
      for (const t of [
        "entities",
        "entity_names",
        "mentions",
        "entity_docs",
        "events",
        "event_entities",
        "quotes",
        "claims",
        "claim_entities",
        "provisions",
        "relations",
        "links",
        "evidence_spans",
      ]) {
        db.exec(`DELETE FROM ${t}`);
      }
      // Continuous-source state (feeds and their items, spaces "src:…") outlives a rebuild.
      db.exec("DELETE FROM kb_state WHERE space NOT LIKE 'src:%'");
      db.exec("DELETE FROM kb_lsh");
      db.exec("UPDATE documents SET provenance = NULL WHERE provenance IS NOT NULL");

      this.insertRecords(kb, "fresh");
      const setProvenance = db.prepare("UPDATE documents SET provenance = ? WHERE id = ?");
      for (const d of kb.documents) {
        if (setProvenance.run(packProvenance(d.id, provenanceOf(d)), d.id).changes !== 1) {
          throw new DossierError("BAD_INPUT", `knowledge base refused: provenance for unknown document ${d.id}`);
        }
      }
    });
  }

  /** Prepared span statements of the store's connection (after migrations: they name migration 8's columns). */
  private spanRowsOfDb: SpanRows | null = null;
  private get spanRows(): SpanRows {
    return (this.spanRowsOfDb ??= new SpanRows(this.db));
  }

  /**
   * A record of a span table as stored: its packed JSON (evidence replaced by a placeholder when
   * it lives in `evidence_spans`), and its spans written — all of them (`fresh`: the record has
   * none stored) or only those that changed (`delta`: an upsert over a stored record).
   */
  private packSpanned(table: SpanTable, id: string, record: object, mode: "fresh" | "delta"): Buffer {
    const { stored, spans } = splitEvidence(table, record);
    if (mode === "fresh") this.spanRows.insertAll(table, id, spans);
    else this.spanRows.replace(table, id, spans);
    return packRecord(table, stored, this.texts.textOf);
  }

  /**
   * Inserts knowledge-base records and their side rows (names, roles, evidence spans); in a
   * transaction. `spans` says whether the records' evidence spans are all new (`fresh`) or
   * replace stored ones by delta (`delta`, see {@link SpanRows.replace}).
   */
  private insertRecords(
    kb: Pick<
      KnowledgeBase,
      "entities" | "mentions" | "events" | "quotes" | "claims" | "provisions" | "relations" | "links"
    >,
    spans: "fresh" | "delta",
  ): void {
    const textOf = this.texts.textOf;
    const insEntity = this.stmt(
      "INSERT INTO entities (id, ord, type, name, docs, mentions, json) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const insName = this.stmt(
      `INSERT INTO entity_names (entity, name_norm, is_primary) VALUES (?, ?, ?)
         ON CONFLICT (entity, name_norm) DO UPDATE SET is_primary = max(is_primary, excluded.is_primary)`,
    );
    kb.entities.forEach((e: EntityRecord, i) => {
      insEntity.run(e.id, i, e.type, e.name, e.docs ?? 0, e.mentions ?? 0, packRecord("entities", e, textOf));
      const primary = normalizeName(e.name);
      if (primary) insName.run(e.id, primary, 1);
      for (const alias of e.aliases ?? []) {
        const n = normalizeName(alias);
        if (n) insName.run(e.id, n, 0);
      }
    });

    // ord: position in the list written, which keeps the order of a document's mentions as given
    // (a document's mentions are always written together: a change deletes them all first).
    const insMention = this.stmt(
      `INSERT INTO mentions (doc, entity, start, "end", ord, json) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // entity_docs: the (entity, document) pairs of the mentions (migration 11), read by entity.
    const insEntityDoc = this.stmt("INSERT OR IGNORE INTO entity_docs (entity, doc) VALUES (?, ?)");
    (kb.mentions as MentionRecord[]).forEach((m, i) => {
      insMention.run(m.doc, m.entity, m.start, m.end, i, packRecord("mentions", m, textOf));
      insEntityDoc.run(m.entity, m.doc);
    });

    const insEvent = this.stmt(
      "INSERT INTO events (id, ord, type, date, date_start, date_end, json) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const insEventEntity = this.stmt("INSERT OR IGNORE INTO event_entities (event, entity, role) VALUES (?, ?, ?)");
    kb.events.forEach((e: EventRecord, i) => {
      const r = dateRange(e.date);
      insEvent.run(
        e.id,
        i,
        e.type,
        e.date ?? null,
        r ? (r.start ?? OPEN_START) : null,
        r ? (r.end ?? OPEN_END) : null,
        this.packSpanned("events", e.id, e, spans),
      );
      for (const a of e.actors ?? []) insEventEntity.run(e.id, a, "actor");
      for (const t of e.targets ?? []) insEventEntity.run(e.id, t, "target");
      if (e.location) insEventEntity.run(e.id, e.location, "location");
    });

    const insQuote = this.stmt("INSERT INTO quotes (id, ord, doc, start, speaker, json) VALUES (?, ?, ?, ?, ?, ?)");
    kb.quotes.forEach((q: QuoteRecord, i) =>
      insQuote.run(q.id, i, q.doc, q.start, q.speaker ?? null, packRecord("quotes", q, textOf)),
    );

    const insClaim = this.stmt(
      "INSERT INTO claims (id, ord, contested, independent_outlets, json) VALUES (?, ?, ?, ?, ?)",
    );
    const insClaimEntity = this.stmt("INSERT OR IGNORE INTO claim_entities (claim, entity) VALUES (?, ?)");
    kb.claims.forEach((c: ClaimRecord, i) => {
      const contested = (c.asserted_by?.length ?? 0) > 0 && (c.denied_by?.length ?? 0) > 0;
      insClaim.run(c.id, i, contested ? 1 : 0, c.independent_outlets ?? 0, this.packSpanned("claims", c.id, c, spans));
      const who = [...(c.asserted_by ?? []), ...(c.denied_by ?? []), ...(c.reported_by ?? [])];
      for (const ev of c.evidence) if (ev.actor) who.push(ev.actor);
      for (const e of who) insClaimEntity.run(c.id, e);
    });

    const insProvision = this.stmt("INSERT INTO provisions (id, ord, agreement, json) VALUES (?, ?, ?, ?)");
    kb.provisions.forEach((p: ProvisionRecord, i) =>
      insProvision.run(p.id, i, p.agreement, this.packSpanned("provisions", p.id, p, spans)),
    );

    const insRelation = this.stmt(
      "INSERT INTO relations (id, ord, source, target, type, json) VALUES (?, ?, ?, ?, ?, ?)",
    );
    kb.relations.forEach((r: RelationRecord, i) =>
      insRelation.run(r.id, i, r.source, r.target, r.type, this.packSpanned("relations", r.id, r, spans)),
    );

    const insLink = this.stmt("INSERT INTO links (id, ord, doc, source, relation, json) VALUES (?, ?, ?, ?, ?, ?)");
    kb.links.forEach((l: CopyLinkRecord, i) =>
      insLink.run(l.id, i, l.doc, l.source, l.relation, packRecord("links", l, textOf)),
    );
  }

  /**
   * Deletes records of one kind by id, with their side rows; in a transaction. `keepSpans`: the
   * records are about to be written again, and their evidence spans are replaced by delta then.
   */
  private deleteRecords(kind: (typeof KB_RECORD_KINDS)[number], ids: string[], keepSpans = false): void {
    const side: Record<string, string[]> = {
      entities: ["DELETE FROM entity_names WHERE entity = ?"],
      events: ["DELETE FROM event_entities WHERE event = ?"],
      quotes: [],
      claims: ["DELETE FROM claim_entities WHERE claim = ?"],
      provisions: [],
      relations: [],
      links: [],
    };
    const del = this.stmt(`DELETE FROM ${kind} WHERE id = ?`);
    const extra = side[kind]!.map((sql) => this.stmt(sql));
    const spans = isSpanTable(kind) && !keepSpans;
    for (const id of ids) {
      del.run(id);
      for (const st of extra) st.run(id);
      if (spans) this.spanRows.remove(id);
    }
  }

  /** Named locks held in this process (see Store.exclusive). */
  private readonly locks = new Map<string, Promise<void>>();

  async exclusive<T>(
    name: string,
    fn: () => Promise<T>,
    opts: { wait?: boolean } = {},
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    const held = this.locks.get(name);
    if (held && opts.wait === false) return { ran: false };
    let release: () => void = () => undefined;
    const mine = new Promise<void>((r) => (release = r));
    const previous = held ?? Promise.resolve();
    const chained = previous.then(() => mine);
    this.locks.set(name, chained);
    await previous;
    try {
      return { ran: true, value: await fn() };
    } finally {
      release();
      if (this.locks.get(name) === chained) this.locks.delete(name);
    }
  }

  async readState(space: string, keys: string[]): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    if (!keys.length) return out;
    return this.guard("reading knowledge-base state", () => {
      if (space === LSH_SPACE) {
        const st = this.stmt("SELECT d.id FROM kb_lsh l JOIN documents d ON d.seq = l.doc WHERE l.band = ?");
        for (const key of keys) {
          const rows = st.all(bandOf(key)) as Array<{ id: string }>;
          if (rows.length) out.set(key, new Map(rows.map((r) => [r.id, ""])));
        }
        return out;
      }
      const st = this.stmt("SELECT sub, value FROM kb_state WHERE space = ? AND key = ?");
      for (const key of keys) {
        const rows = st.all(space, stateKey(space, key)) as Array<{ sub: string; value: string | Buffer }>;
        if (rows.length)
          out.set(key, new Map(rows.map((r) => [r.sub, readState(key, r.sub, r.value, this.texts.textOf)])));
      }
      return out;
    });
  }

  async listUnmerged(): Promise<string[]> {
    return this.guard("listing unmerged documents", () =>
      (
        this.stmt(
          "SELECT a.doc FROM analyses a WHERE NOT EXISTS (SELECT 1 FROM kb_state s WHERE s.space = 'doc' AND s.key = a.doc AND s.sub = '') ORDER BY a.doc",
        ).all() as Array<{ doc: string }>
      ).map((r) => r.doc),
    );
  }

  async applyKnowledgeBaseChange(change: KnowledgeBaseChange): Promise<void> {
    const records = { ...change.upsert, mentions: change.mentions.flatMap((m) => m.mentions) };
    const spans = collectSpans(records, new Set(change.checkDocs));
    await verifySpans(spans, async (docs) => this.textsOf(docs));
    this.immediate("applying a knowledge-base change", () => {
      const put = this.stmt(
        "INSERT INTO kb_state (space, key, sub, value) VALUES (?, ?, ?, ?) ON CONFLICT (space, key, sub) DO UPDATE SET value = excluded.value",
      );
      const del = this.stmt("DELETE FROM kb_state WHERE space = ? AND key = ? AND sub = ?");
      const putBand = this.stmt("INSERT OR IGNORE INTO kb_lsh (band, doc) SELECT ?, seq FROM documents WHERE id = ?");
      const delBand = this.stmt("DELETE FROM kb_lsh WHERE band = ? AND doc = (SELECT seq FROM documents WHERE id = ?)");
      for (const r of change.stateDelete) {
        if (r.space === LSH_SPACE) delBand.run(bandOf(r.key), r.sub);
        else del.run(r.space, stateKey(r.space, r.key), r.sub);
      }
      for (const r of change.statePut) {
        if (r.space !== LSH_SPACE)
          put.run(
            r.space,
            stateKey(r.space, r.key),
            r.sub,
            packState(r.key, r.sub, r.value, this.texts.textOf, r.space),
          );
        else if (
          r.value !== "" ||
          (putBand.run(bandOf(r.key), r.sub).changes !== 1 &&
            !this.stmt("SELECT 1 FROM documents WHERE id = ?").get(r.sub))
        ) {
          throw new DossierError(
            "BAD_INPUT",
            `knowledge base refused: band row ${r.key} for unknown document ${r.sub} (or with a value)`,
          );
        }
      }
      for (const kind of KB_RECORD_KINDS) {
        this.deleteRecords(kind, change.remove[kind]);
        this.deleteRecords(
          kind,
          (change.upsert[kind] as Array<{ id: string }>).map((r) => r.id),
          true,
        );
      }
      // A document's mentions are deleted whole, so its entity_docs pairs are those of its mentions.
      const delEntityDocs = this.stmt(
        "DELETE FROM entity_docs WHERE doc = ? AND entity IN (SELECT entity FROM mentions WHERE doc = ?)",
      );
      const delMentions = this.stmt("DELETE FROM mentions WHERE doc = ?");
      for (const m of change.mentions) {
        delEntityDocs.run(m.doc, m.doc);
        delMentions.run(m.doc);
      }
      this.insertRecords({ ...change.upsert, mentions: change.mentions.flatMap((m) => m.mentions) }, "delta");
      const setProvenance = this.stmt("UPDATE documents SET provenance = ? WHERE id = ?");
      for (const d of change.documents) {
        if (setProvenance.run(packProvenance(d.id, provenanceOf(d)), d.id).changes !== 1) {
          throw new DossierError("BAD_INPUT", `knowledge base refused: provenance for unknown document ${d.id}`);
        }
      }
    });
  }

  /** Texts of these documents (unknown ones absent). */
  private textsOf(docs: string[]): Map<string, string> {
    const st = this.stmt("SELECT text FROM documents WHERE id = ?");
    const out = new Map<string, string>();
    for (const d of docs) {
      const row = st.get(d) as { text: string | Buffer } | undefined;
      if (row) out.set(d, readDocumentText(row.text));
    }
    return out;
  }

  async getEntity(id: string): Promise<EntityRecord | null> {
    return this.getJson<EntityRecord>("entities", id);
  }

  private getJson<T>(table: "entities" | "events", id: string): T | null {
    return this.guard(`reading ${table}`, () => {
      const row = this.stmt(`SELECT ${recordColumns(table)} FROM ${table} t WHERE t.id = ?`).get(id) as Row | undefined;
      return row ? this.readKbRecord<T>(table, row) : null;
    });
  }

  /**
   * The record of a row selected with `recordColumns`, its evidence put back from its spans (texts
   * sliced from the documents) when it lives in `evidence_spans`.
   */
  private readKbRecord<T>(table: RecordTable, row: Row, spans: SpanRows = this.spanRows): T {
    const record = readRecord<T & object>(table, row, this.texts.textOf);
    if (isSpanTable(table) && evidenceInSpans(record)) spans.attach(table, row.id as string, record, this.texts.textOf);
    return record;
  }

  /** Runs a count and a page query over one KB table and parses the JSON column. */
  private pagedJson<T>(
    what: string,
    table: RecordTable,
    from: string,
    where: string[],
    params: unknown[],
    orderBy: string,
    page: Page,
  ): Paged<T> {
    const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.guard(what, () => {
      const total = (this.stmt(`SELECT count(*) AS n FROM ${from} ${clause}`).get(...params) as { n: number }).n;
      const rows = this.stmt(
        `SELECT ${recordColumns(table)} FROM ${from} ${clause} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      ).all(...params, page.limit, page.offset) as Row[];
      return { items: rows.map((r) => this.readKbRecord<T>(table, r)), total, ...page };
    });
  }

  async listEntities(filter?: Partial<Page> & { type?: string; q?: string }): Promise<Paged<EntityRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.type) {
      where.push("t.type = ?");
      params.push(filter.type);
    }
    const q = filter?.q ? normalizeName(filter.q) : "";
    if (q) {
      where.push("EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = t.id AND n.name_norm LIKE ? ESCAPE '\\')");
      params.push(`%${escapeLike(q)}%`);
    }
    return this.pagedJson<EntityRecord>(
      "listing entities",
      "entities",
      "entities t",
      where,
      params,
      "t.mentions DESC, t.docs DESC, t.name, t.id",
      clampPage(filter),
    );
  }

  async findEntities(name: string, limit = 10): Promise<EntityRecord[]> {
    const q = normalizeName(String(name ?? ""));
    if (!q) return [];
    const n = clampPage({ limit }).limit;
    const like = escapeLike(q);
    return this.guard("finding entities", () => {
      const rows = this.stmt(
        `SELECT ${recordColumns("entities", "e")}, min(CASE
               WHEN n.name_norm = @q AND n.is_primary = 1 THEN 0
               WHEN n.name_norm = @q THEN 1
               WHEN n.name_norm LIKE @prefix ESCAPE '\\' THEN 2
               WHEN n.name_norm LIKE @word ESCAPE '\\' THEN 3
               ELSE 4 END) AS rank
           FROM entity_names n JOIN entities e ON e.id = n.entity
           WHERE n.name_norm LIKE @contains ESCAPE '\\'
           GROUP BY e.id
           ORDER BY rank, e.mentions DESC, e.docs DESC, e.name, e.id
           LIMIT @limit`,
      ).all({ q, prefix: `${like}%`, word: `% ${like}%`, contains: `%${like}%`, limit: n }) as Row[];
      return rows.map((r) => readRecord<EntityRecord>("entities", r, this.texts.textOf));
    });
  }

  async timeline(filter?: TimelineFilter): Promise<Paged<EventRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.entity) {
      where.push("t.id IN (SELECT x.event FROM event_entities x WHERE x.entity = ?)");
      params.push(filter.entity);
    }
    if (filter?.type) {
      where.push("t.type = ?");
      params.push(filter.type.toUpperCase());
    }
    // An event matches a date window when the days it covers overlap the window; undated events
    // cannot be placed in any window and are left out when one is given.
    const from = filterBound(filter?.from, "from");
    const to = filterBound(filter?.to, "to");
    if (from) {
      where.push("t.date_end >= ?");
      params.push(from);
    }
    if (to) {
      where.push("t.date_start <= ?");
      params.push(to);
    }
    return this.pagedJson<EventRecord>(
      "reading the timeline",
      "events",
      "events t",
      where,
      params,
      "(t.date_start IS NULL), t.date_start, t.date_end, t.id",
      clampPage(filter),
    );
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    return this.getJson<EventRecord>("events", id);
  }

  async listQuotes(filter?: Partial<Page> & { speaker?: string; doc?: string }): Promise<Paged<QuoteRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.speaker) {
      where.push("t.speaker = ?");
      params.push(filter.speaker);
    }
    if (filter?.doc) {
      where.push("t.doc = ?");
      params.push(filter.doc);
    }
    return this.pagedJson<QuoteRecord>(
      "listing quotes",
      "quotes",
      "quotes t",
      where,
      params,
      "t.doc, t.start, t.id",
      clampPage(filter),
    );
  }

  async listClaims(filter?: Partial<Page> & { entity?: string; contested?: boolean }): Promise<Paged<ClaimRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.entity) {
      where.push("t.id IN (SELECT x.claim FROM claim_entities x WHERE x.entity = ?)");
      params.push(filter.entity);
    }
    if (typeof filter?.contested === "boolean") {
      where.push("t.contested = ?");
      params.push(filter.contested ? 1 : 0);
    }
    return this.pagedJson<ClaimRecord>(
      "listing claims",
      "claims",
      "claims t",
      where,
      params,
      "t.contested DESC, t.independent_outlets DESC, t.id",
      clampPage(filter),
    );
  }

  async listProvisions(filter?: Partial<Page>): Promise<Paged<ProvisionRecord>> {
    return this.pagedJson<ProvisionRecord>(
      "listing provisions",
      "provisions",
      "provisions t",
      [],
      [],
      "t.agreement, t.id",
      clampPage(filter),
    );
  }

  async listRelations(filter?: Partial<Page> & { entity?: string }): Promise<Paged<RelationRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.entity) {
      where.push("(t.source = ? OR t.target = ?)");
      params.push(filter.entity, filter.entity);
    }
    return this.pagedJson<RelationRecord>(
      "listing relations",
      "relations",
      "relations t",
      where,
      params,
      "t.id",
      clampPage(filter),
    );
  }

  async listLinks(filter?: Partial<Page> & { doc?: string }): Promise<Paged<CopyLinkRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.doc) {
      where.push("(t.doc = ? OR t.source = ?)");
      params.push(filter.doc, filter.doc);
    }
    return this.pagedJson<CopyLinkRecord>(
      "listing copy links",
      "links",
      "links t",
      where,
      params,
      "t.doc, t.source, t.id",
      clampPage(filter),
    );
  }

  async countEntityDocuments(docs: string[]): Promise<Map<string, number>> {
    if (!docs.length) return new Map();
    return this.guard("counting entities over documents", () => {
      const rows = this.stmt(
        "SELECT entity, count(DISTINCT doc) AS n FROM mentions WHERE doc IN (SELECT value FROM json_each(?)) GROUP BY entity",
      ).all(JSON.stringify(docs)) as Array<{ entity: string; n: number }>;
      return new Map(rows.map((r) => [r.entity, r.n]));
    });
  }

  async listMentions(filter: Partial<Page> & { doc?: string; entity?: string }): Promise<Paged<MentionRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter?.doc) {
      where.push("t.doc = ?");
      params.push(filter.doc);
    }
    if (filter?.entity) {
      // The documents mentioning the entity (entity_docs), then each one's rows by primary key.
      where.push("t.doc IN (SELECT e.doc FROM entity_docs e WHERE e.entity = ?)", "t.entity = ?");
      params.push(filter.entity, filter.entity);
    }
    return this.pagedJson<MentionRecord>(
      "listing mentions",
      "mentions",
      "mentions t",
      where,
      params,
      "t.doc, t.start, t.ord",
      clampPage(filter),
    );
  }

  async documentEvidence(doc: string): Promise<DocumentEvidence> {
    return this.guard("reading document evidence", () => {
      const textOf = this.texts.textOf;
      const mentions = (
        this.stmt(`SELECT ${recordColumns("mentions")} FROM mentions t WHERE t.doc = ? ORDER BY t.start, t.ord`).all(
          doc,
        ) as Row[]
      ).map((r) => readRecord<MentionRecord>("mentions", r, textOf));
      const quotes = (
        this.stmt(`SELECT ${recordColumns("quotes")} FROM quotes t WHERE t.doc = ? ORDER BY t.start, t.id`).all(
          doc,
        ) as Row[]
      ).map((r) => readRecord<QuoteRecord>("quotes", r, textOf));
      const rows = this.stmt(
        `SELECT record, kind, start, "end", stance FROM evidence_spans WHERE doc = ? ORDER BY start, "end", kind, record`,
      ).all(doc) as Array<{
        record: string;
        kind: "event" | "claim" | "provision" | "relation";
        start: number;
        end: number;
        stance: string | null;
      }>;
      // Span texts are sliced from the document text (stores before migration 5 kept a copy).
      const text = rows.length ? textOf(doc) : "";
      if (text === undefined) throw new DossierError("STORE", `evidence spans point into unknown document ${doc}`);
      const spans = rows.map((r) => {
        const s: DocumentEvidence["spans"][number] = {
          record: r.record,
          kind: r.kind,
          start: r.start,
          end: r.end,
          text: text.slice(r.start, r.end),
        };
        if (r.stance) s.stance = r.stance;
        return s;
      });
      return { mentions, quotes, spans };
    });
  }

  // ---- search --------------------------------------------------------------------------------

  async search(q: string, filter?: SearchFilter): Promise<SearchPage> {
    const page = clampPage(filter);
    const match = fts5PlainQuery(String(q ?? "").slice(0, MAX_QUERY_CHARS));
    const { where, params } = SqliteStore.documentConditions(filter);
    if (!match) return { items: [], total: 0, ...page };
    const clause = ["documents_fts MATCH ?", ...where].join(" AND ");
    const caps = this.searchCaps;
    return this.guard("searching", () => {
      // As in the PostgreSQL backend: the newest matches up to one past the count cap give the
      // total (exact below the cap, "at least" at it); the newest rank-cap of them are ranked.
      const newest = this.stmt(
        `SELECT documents_fts.rowid AS seq FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
         WHERE ${clause} ORDER BY documents_fts.rowid DESC LIMIT ?`,
      ).all(match, ...params, caps.count + 1) as Array<{ seq: number }>;
      const totals = searchTotals(newest.length, caps);
      if (!newest.length) return { items: [], ...totals, ...page };
      const oldestRanked = newest[Math.min(newest.length, caps.rank) - 1]!.seq;
      const snippet =
        filter?.snippets === false ? "''" : "snippet(documents_fts, -1, char(57344), char(57345), '…', 32)"; // MATCH_OPEN, MATCH_CLOSE
      const rows = this.stmt(
        `SELECT d.id, d.title, d.outlet, d.published, d.lang,
                  ${snippet} AS snippet,
                  bm25(documents_fts, 2.0, 1.0) AS rank
           FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
           WHERE ${clause} AND documents_fts.rowid >= ?
           ORDER BY rank, d.id LIMIT ? OFFSET ?`,
      ).all(match, ...params, oldestRanked, page.limit, page.offset) as Array<{
        id: string;
        title: string | null;
        outlet: string | null;
        published: string | null;
        lang: string;
        snippet: string;
        rank: number;
      }>;
      const items: SearchHit[] = rows.map((r) => ({
        doc: r.id,
        title: r.title,
        outlet: r.outlet,
        published: r.published,
        lang: r.lang,
        snippet: markSnippet(r.snippet),
        score: -r.rank,
      }));
      return { items, ...totals, ...page };
    });
  }

  // ---- export --------------------------------------------------------------------------------

  /**
   * A read-only second connection holding one read transaction, so an export sees a single
   * snapshot even while another handle replaces the knowledge base. Null for in-memory databases.
   */
  private openSnapshot(): Database.Database | null {
    if (this.path === ":memory:" || this.path === "") return null;
    return this.guard("opening a read snapshot", () => {
      const snap = new Database(this.path, { readonly: true, fileMustExist: true });
      registerTextFunction(snap);
      snap.pragma("busy_timeout = 15000");
      snap.exec("BEGIN");
      return snap;
    });
  }

  async *exportRecords(): AsyncIterable<ExportRecord> {
    const snap = this.openSnapshot();
    const db = snap ?? this.db;
    try {
      yield* this.documentsFrom(db);
      for (const [table, order] of EXPORT_ORDER) {
        const sql = `SELECT ${recordColumns(table)} FROM ${table} t ORDER BY ${order}`;
        // A snapshot connection is ours alone, so its cursor may stay open across yields.
        const rows = snap
          ? (db.prepare(sql).iterate() as IterableIterator<Row>)
          : (this.guard(`exporting ${table}`, () => db.prepare(sql).all()) as Row[]);
        const spans = snap ? new SpanRows(snap) : this.spanRows;
        for (const r of rows)
          yield this.guard(`reading ${table}`, () => this.readKbRecord<ExportRecord>(table, r, spans));
      }
    } finally {
      if (snap?.open) {
        if (snap.inTransaction) snap.exec("COMMIT");
        snap.close();
      }
    }
  }
}

/**
 * Opens (creating if needed) a SQLite store at `path`. Call `init()` before use (or use
 * `openStore()` from `src/store/open.ts`, which does).
 * @example const store = createSqliteStore("./dossier.db"); await store.init();
 */
export function createSqliteStore(path: string, opts?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(path, opts);
}
