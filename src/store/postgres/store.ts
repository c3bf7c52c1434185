import type pg from "pg";
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
import {
  clampPage,
  needsAnalysis,
  dateRange,
  escapeLike,
  filterBound,
  normalizeName,
  resolveSearchCaps,
  resolveKeepRaw,
  type RawArchiveOption,
  searchPhrases,
  searchTotals,
  type SearchCaps,
} from "../semantics.js";
import { PROVENANCE_FIELDS, newIngestRun, provenanceOf } from "../semantics.js";
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
  SearchFacetBasis,
  SearchFilter,
  SearchHit,
  SearchPage,
  Store,
  TimelineFilter,
} from "../store.js";
import {
  createPool,
  parsePgUrl,
  quoteIdent,
  redactUrl,
  withReconnect,
  type PgConnectionOptions,
  type PgTarget,
} from "./connection.js";
import { PG_MIGRATIONS, TSV_MAX_CHARS } from "./migrations.js";
import {
  collectSpans,
  KB_RECORD_KINDS,
  ORD_GAP,
  SPAN_KINDS,
  verifySpans,
  type SpanTable,
  type StoredSpan,
} from "../evidence.js";
import { attachEvidence, replaceSpans, storedForm } from "./evidence-rows.js";

/** Options of {@link createPostgresStore}: connection, and the search caps shared with SQLite. */
export interface PostgresStoreOptions extends PgConnectionOptions, SearchCaps, RawArchiveOption {
  /**
   * Most entities `findEntities` walks, in rank order, looking for names that hold the text before
   * it reads every such name instead (default {@link FIND_WALK_ROWS}); the answer is the same
   * either way. Tests set it low to take the other path.
   */
  findWalkRows?: number;
}

/** Default of {@link PostgresStoreOptions.findWalkRows}. */
const FIND_WALK_ROWS = 300;

/** Rows per multi-row INSERT when replacing the knowledge base. */
const KB_CHUNK = 2_000;
/** Rows per round trip when iterating documents or analyses. */
const ITERATE_BATCH = 500;
/** Arbitrary but fixed advisory-lock key that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 0x0d05_51e4;

type Queryable = pg.Pool | pg.PoolClient;
type Row = Record<string, unknown>;

/** Longest search text looked at; the rest of a pasted essay is ignored (as in the SQLite backend). */
const MAX_QUERY_CHARS = 2000;
/**
 * A search whose planner estimate is at most this many times the matches it wants reads them in one
 * go (every match, newest kept); a commoner one walks seq windows, the first sized to hold this many
 * times the matches wanted at the estimated rate, each further one {@link SEARCH_WINDOW_GROWTH}
 * times wider, the last reaching the oldest row.
 */
const SEARCH_WINDOW_SLACK = 1.25;
/** How long a store trusts the seq bounds it last read (they only size search windows). */
const SEARCH_BOUNDS_TTL_MS = 5000;
const SEARCH_WINDOW_GROWTH = 2;
/**
 * A search filtered by dates alone walks the newest rows one by one when the planner expects the
 * cap to be reached within this many rows (see searchWalk); a sparser one takes windows.
 */
const SEARCH_DATED_WALK_ROWS = 60_000;
/**
 * A dated search also walks when it is expected to read at most {@link SEARCH_DATED_WALK_INDEX_ROWS}
 * index entries and at most this many rows inside the dates (the walk tests the dates in the index,
 * so only those rows are read from the heap): a word in a few percent of the documents within
 * months or a year, where the windows would read the word's whole GIN bitmap and test the dates on
 * every match in the window (decision 173).
 */
const SEARCH_DATED_WALK_HEAP_ROWS = 15_000;
/** Most index entries of doc_search_seq_day a dated walk is expected to read (see above). */
const SEARCH_DATED_WALK_INDEX_ROWS = 500_000;
/** Most rows of a date range a search lets the planner read from the day index as a bitmap. */
const SEARCH_DAY_BITMAP_ROWS = 20_000;
/** Memory for a search's bitmap of matches: exact (not lossy) for a word in ~every document of a 1M store. */
const SEARCH_WORK_MEM = "64MB";
/** Day bounds stored for open-ended intervals, so "undated" stays distinguishable (NULL). */
const OPEN_START = "0000-01-01";
const OPEN_END = "9999-12-31";
/** Characters of a hit's text that ts_headline reads to build the snippet. */
const SNIPPET_SOURCE_CHARS = 200_000;

/** Private-use characters ts_headline wraps matches in, turned into «» by {@link markSnippet}. */
const MATCH_OPEN = "\uE000";
const MATCH_CLOSE = "\uE001";

/** The provenance fields the knowledge base writes back onto documents. */

/**
 * Opens a PostgreSQL-backed {@link Store}. Nothing connects until the first call; run
 * {@link Store.init} once to apply migrations (safe to call from many processes at once).
 *
 * @param url `postgres://user:pass@host:port/db`, optionally with `?schema=name` to keep Dossier's
 *   tables in their own schema (created when missing).
 * @param opts schema, pool size, how long to ride out a server restart.
 * @example
 * const store = createPostgresStore("postgres://dossier@127.0.0.1:5432/news?schema=dossier");
 * await store.init();
 */
export function createPostgresStore(url: string, opts: PostgresStoreOptions = {}): Store {
  return new PostgresStore(parsePgUrl(url, opts.schema), opts);
}

/** The PostgreSQL store. Prefer {@link createPostgresStore}; the class is exported for `instanceof`. */
export class PostgresStore implements Store {
  readonly backend = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly retryForMs: number;
  private readonly searchCaps: { count: number; rank: number };
  private readonly findWalkRows: number;
  /** Whether inputs' raw bytes are kept ({@link RawArchiveOption}); else `raw.bytes` is NULL (migration 14). */
  private readonly keepRaw: boolean;
  /** doc_search's seq bounds as last read (see searchBounds). */
  private seqBounds: { lo: number; hi: number; at: number } | null = null;
  private closed = false;

  constructor(
    private readonly target: PgTarget,
    opts: PostgresStoreOptions = {},
  ) {
    this.pool = createPool(target, opts);
    this.retryForMs = opts.retryForMs ?? 60_000;
    this.searchCaps = resolveSearchCaps(opts);
    this.findWalkRows = Math.max(0, Math.floor(opts.findWalkRows ?? FIND_WALK_ROWS));
    this.keepRaw = resolveKeepRaw(opts);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private ensureOpen(): void {
    if (this.closed) throw new DossierError("STORE", "store is closed");
  }

  /**
   * One statement, retried while the server is unreachable (every statement sent this way is
   * idempotent). Driver errors become `STORE` errors naming `what`.
   */
  private async q<R extends Row = Row>(
    what: string,
    text: string,
    values: unknown[] = [],
    on: Queryable = this.pool,
  ): Promise<R[]> {
    this.ensureOpen();
    try {
      // Retrying only makes sense on the pool (a new connection); a dedicated client that broke stays broken.
      const res = await withReconnect(on === this.pool ? this.retryForMs : 0, what, () => on.query<R>(text, values));
      return res.rows;
    } catch (err) {
      throw asStoreError(what, err);
    }
  }

  /**
   * Runs `work` in one transaction on one connection; on a transient failure the whole transaction
   * is retried, so `work` must only touch the database (or be otherwise repeatable).
   */
  private async tx<T>(what: string, work: (c: pg.PoolClient) => Promise<T>, setup = ""): Promise<T> {
    this.ensureOpen();
    return withReconnect(this.retryForMs, what, async () => {
      const client = await this.pool.connect();
      let broken = false;
      try {
        // Parameterless settings (SET LOCAL …) ride along with BEGIN: one round trip.
        await client.query(setup ? `BEGIN; ${setup}` : "BEGIN");
        const out = await work(client);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        try {
          await client.query("ROLLBACK");
        } catch {
          // The connection is gone (usually why we are here); the original error is the one to
          // report, and the dead connection must not go back to the pool.
          broken = true;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    }).catch((err: unknown) => {
      throw asStoreError(what, err);
    });
  }

  private async paged<T>(
    what: string,
    sql: string,
    countSql: string,
    values: unknown[],
    page: Page,
    map: (r: Row) => T,
  ): Promise<Paged<T>> {
    const n = values.length;
    const [rows, count] = await Promise.all([
      this.q(what, `${sql} LIMIT $${n + 1} OFFSET $${n + 2}`, [...values, page.limit, page.offset]),
      this.q<{ n: string }>(what, countSql, values),
    ]);
    return { items: rows.map(map), total: Number(count[0]?.n ?? 0), limit: page.limit, offset: page.offset };
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  async init(): Promise<void> {
    await this.tx(`initialising the PostgreSQL store at ${redactUrl(this.target.connectionString)}`, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.target.schema)}`);
      await c.query(`SET LOCAL search_path TO ${quoteIdent(this.target.schema)}, public`);
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const applied = new Set(
        (await c.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version),
      );
      const known = Math.max(0, ...PG_MIGRATIONS.map((m) => m.version));
      const newest = Math.max(0, ...applied);
      if (newest > known) {
        throw new DossierError(
          "STORE",
          `database schema ${this.target.schema} is at version ${newest}, newer than this Dossier knows (${known}): upgrade Dossier`,
        );
      }
      for (const m of PG_MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await c.query(m.sql);
        if (m.run) await m.run(c);
        if (m.after) await c.query(m.after);
        await c.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", [m.version, m.name]);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const res = await this.pool.query("SELECT 1 AS ok");
      return res.rows[0]?.ok === 1;
    } catch {
      // ping answers a yes/no question; the failure itself is the answer.
      return false;
    }
  }

  // ---- ingest --------------------------------------------------------------------------------

  async startRun(): Promise<IngestRun> {
    const run = newIngestRun();
    await this.q(
      "starting ingest run",
      "INSERT INTO runs(id, started_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
      [run.id, run.started_at],
    );
    return run;
  }

  async finishRun(runId: string): Promise<IngestRun> {
    const rows = await this.q(
      "finishing ingest run",
      `UPDATE runs r SET finished_at = $2,
         ingested = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'ingested'),
         duplicate = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'duplicate'),
         failed = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'failed')
       WHERE id = $1 RETURNING *`,
      [runId, new Date().toISOString()],
    );
    if (!rows[0]) throw new DossierError("NOT_FOUND", `no ingest run "${runId}"`);
    return runFromRow(rows[0]);
  }

  async recordFile(runId: string, status: FileStatus): Promise<void> {
    if (!status || typeof status.source !== "string" || !["ingested", "duplicate", "failed"].includes(status.status)) {
      throw new DossierError("BAD_INPUT", "recordFile needs a source and a status of ingested, duplicate or failed");
    }
    try {
      await this.q(
        "recording file status",
        `INSERT INTO run_files(run, source, status, doc, sha256, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run, source) DO UPDATE SET status = excluded.status, doc = excluded.doc, sha256 = excluded.sha256,
           reason = excluded.reason, updated_at = excluded.updated_at`,
        [
          runId,
          status.source,
          status.status,
          status.doc ?? null,
          status.sha256 ?? null,
          status.reason ?? null,
          new Date().toISOString(),
        ],
      );
    } catch (err) {
      if (pgCode(err) === "23503") throw new DossierError("NOT_FOUND", `no ingest run "${runId}"`, { cause: err });
      throw err;
    }
  }

  async listRunFiles(runId: string): Promise<FileStatus[]> {
    const rows = await this.q(
      "listing run files",
      "SELECT source, status, doc, sha256, reason FROM run_files WHERE run = $1 ORDER BY seq",
      [runId],
    );
    return rows.map((r) => ({
      source: r.source as string,
      status: r.status as FileStatus["status"],
      doc: (r.doc as string | null) ?? null,
      sha256: (r.sha256 as string | null) ?? null,
      reason: (r.reason as string | null) ?? null,
    }));
  }

  async findBySha(sha256: string): Promise<string | null> {
    const rows = await this.q<{ id: string }>("looking up sha256", "SELECT id FROM documents WHERE sha256 = $1", [
      sha256,
    ]);
    return rows[0]?.id ?? null;
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
    if (doc.text.includes("\u0000") || (doc.title ?? "").includes("\u0000")) {
      // PostgreSQL text cannot hold NUL; the cleaner should never produce it.
      throw new DossierError("BAD_INPUT", `insertDocument: document ${doc.id} contains NUL characters`);
    }
    const published = doc.published ?? null;
    const json = JSON.stringify({ ...doc, text: "" });
    const { title: tsTitle, text: tsText } = searchVectorInput(doc.title ?? null, doc.text);
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const what = `inserting document ${doc.id}`;
    // One statement, so one round trip and one implicit transaction: raw bytes, document row and
    // its search row (tsvector, migration 9) commit together or not at all. Both inserts skip on conflict: a racing writer
    // with the same bytes blocks on the unique index until it commits, then ours inserts nothing
    // and we report a duplicate. Retrying the statement after a lost connection is safe for the
    // same reason.
    const rows = await this.q<{ inserted: string | null; raw_new: number }>(
      what,
      `WITH r AS (
         INSERT INTO raw(sha256, bytes, size) VALUES ($2, $15, $16) ON CONFLICT (sha256) DO NOTHING RETURNING 1
       ), d AS (
         INSERT INTO documents(id, sha256, source, title, outlet, url, published, published_day, lang, text, json, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT DO NOTHING RETURNING seq, id, published_day
       ), s AS (
         INSERT INTO doc_search(seq, id, published_day, tsv)
         SELECT seq, id, published_day, setweight(to_tsvector('simple', $13), 'A') || setweight(to_tsvector('simple', $14), 'B')
         FROM d
       )
       SELECT (SELECT id FROM d) AS inserted, (SELECT count(*) FROM r)::int AS raw_new`,
      [
        doc.id,
        sha,
        doc.source,
        doc.title ?? null,
        doc.outlet ?? null,
        doc.url ?? null,
        published,
        dateRange(published)?.start ?? null,
        doc.lang,
        doc.text,
        json,
        doc.ingested_at ?? new Date().toISOString(),
        tsTitle,
        tsText,
        this.keepRaw ? bytes : null,
        raw.byteLength,
      ],
    );
    if (rows[0]?.inserted) return { status: "inserted" as const, id: doc.id };
    const existing = await this.findBySha(sha);
    if (existing) return { status: "duplicate" as const, id: existing };
    // Not these bytes, so the id is taken by other bytes: remove the raw row we just added (no
    // document can point at it) and refuse.
    return this.tx(what, async (c) => {
      await c.query(
        "DELETE FROM raw r WHERE r.sha256 = $1 AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = r.sha256)",
        [sha],
      );
      const clash = await c.query<{ sha256: string }>("SELECT sha256 FROM documents WHERE id = $1", [doc.id]);
      throw new DossierError(
        "STORE",
        `document id ${doc.id} already belongs to different bytes (sha256 ${clash.rows[0]?.sha256 ?? "?"})`,
      );
    });
  }

  async getRaw(sha256: string): Promise<Uint8Array | null> {
    const rows = await this.q<{ bytes: Buffer }>("reading raw bytes", "SELECT bytes FROM raw WHERE sha256 = $1", [
      sha256,
    ]);
    const b = rows[0]?.bytes;
    return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : null;
  }

  // ---- documents -----------------------------------------------------------------------------

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const rows = await this.q("reading document", "SELECT text, json, provenance FROM documents WHERE id = $1", [id]);
    return rows[0] ? documentFromRow(rows[0]) : null;
  }

  async listDocuments(filter?: DocumentFilter): Promise<Paged<DocumentRecord>> {
    const page = clampPage(filter);
    const { where, values } = documentConditions(filter, []);
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.paged(
      "listing documents",
      `SELECT d.text, d.json, d.provenance FROM documents d ${w} ORDER BY d.published_day COLLATE "C" DESC NULLS LAST, d.id COLLATE "C"`,
      `SELECT count(*) AS n FROM documents d ${w}`,
      values,
      page,
      documentFromRow,
    );
  }

  async *iterateDocuments(): AsyncIterable<DocumentRecord> {
    let after = "";
    for (;;) {
      const rows = await this.q(
        "iterating documents",
        "SELECT id, text, json, provenance FROM documents WHERE id > $1 ORDER BY id LIMIT $2",
        [after, ITERATE_BATCH],
      );
      if (!rows.length) return;
      for (const r of rows) yield documentFromRow(r);
      after = rows[rows.length - 1]!.id as string;
    }
  }

  async countDocuments(): Promise<number> {
    const rows = await this.q<{ n: string }>("counting documents", "SELECT count(*) AS n FROM documents");
    return Number(rows[0]?.n ?? 0);
  }

  // ---- analysis ------------------------------------------------------------------------------

  async putAnalysis(analysis: DocAnalysis): Promise<void> {
    if (!analysis || typeof analysis.doc !== "string" || typeof analysis.version !== "string") {
      throw new DossierError("BAD_INPUT", "putAnalysis needs a doc id and a version");
    }
    try {
      await this.q(
        `storing analysis of ${analysis.doc}`,
        `WITH cleared AS (DELETE FROM analysis_failures WHERE doc = $1)
         INSERT INTO analyses(doc, version, json, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc) DO UPDATE SET version = excluded.version, json = excluded.json, updated_at = excluded.updated_at`,
        [analysis.doc, analysis.version, JSON.stringify(analysis), new Date().toISOString()],
      );
    } catch (err) {
      if (pgCode(err) === "23503") {
        throw new DossierError("NOT_FOUND", `cannot store an analysis of unknown document "${analysis.doc}"`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  async getAnalysis(doc: string): Promise<DocAnalysis | null> {
    const rows = await this.q<{ json: DocAnalysis }>("reading analysis", "SELECT json FROM analyses WHERE doc = $1", [
      doc,
    ]);
    return rows[0]?.json ?? null;
  }

  async listUnanalysed(version: string): Promise<string[]> {
    const rows = await this.q<{ id: string; version: string | null; failed: string | null }>(
      "listing unanalysed documents",
      `SELECT d.id, a.version, f.version AS failed FROM documents d
         LEFT JOIN analyses a ON a.doc = d.id LEFT JOIN analysis_failures f ON f.doc = d.id ORDER BY d.id`,
    );
    return rows.filter((r) => needsAnalysis(r.version, r.failed, version)).map((r) => r.id);
  }

  async putAnalysisFailure(failure: AnalysisFailure): Promise<void> {
    try {
      await this.q(
        `recording the failed analysis of ${failure.doc}`,
        `INSERT INTO analysis_failures(doc, version, reason, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc) DO UPDATE SET version = excluded.version, reason = excluded.reason, at = excluded.at`,
        [failure.doc, failure.version, failure.reason, failure.at],
      );
    } catch (err) {
      if (pgCode(err) === "23503") {
        throw new DossierError("NOT_FOUND", `cannot record a failed analysis of unknown document "${failure.doc}"`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  async listAnalysisFailures(): Promise<AnalysisFailure[]> {
    const rows = await this.q<{ doc: string; version: string; reason: string; at: string }>(
      "listing failed analyses",
      `SELECT doc, version, reason, at FROM analysis_failures ORDER BY doc COLLATE "C"`,
    );
    return rows.map((r) => ({ doc: r.doc, version: r.version, reason: r.reason, at: r.at }));
  }

  async clearAnalysisFailures(): Promise<number> {
    const rows = await this.q<{ n: string }>(
      "forgetting failed analyses",
      "WITH gone AS (DELETE FROM analysis_failures RETURNING 1) SELECT count(*) AS n FROM gone",
    );
    return Number(rows[0]?.n ?? 0);
  }

  async *iterateAnalyses(): AsyncIterable<DocAnalysis> {
    let after = "";
    for (;;) {
      const rows = await this.q<{ doc: string; json: DocAnalysis }>(
        "iterating analyses",
        "SELECT doc, json FROM analyses WHERE doc > $1 ORDER BY doc LIMIT $2",
        [after, ITERATE_BATCH],
      );
      if (!rows.length) return;
      for (const r of rows) yield r.json;
      after = rows[rows.length - 1]!.doc;
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
    const tables = kbRows(kb);
    const spans = collectSpans(kb);
    await this.tx("replacing the knowledge base", async (c) => {
      await lockKnowledgeBaseWrites(c);
      await verifySpans(spans, (ids) => textsOf(c, ids));
      for (const t of KB_TABLES) await c.query(`DELETE FROM ${t}`);
      // Continuous-source state (feeds and their items, spaces "src:…") outlives a rebuild.
      await c.query("DELETE FROM kb_state WHERE space NOT LIKE 'src:%'");
      await c.query("UPDATE documents SET provenance = NULL WHERE provenance IS NOT NULL");
      for (const table of tables) {
        const unnest = table.types.map((t, k) => `$${k + 1}::${t}[]`).join(", ");
        for (let i = 0; i < table.rows.length; i += KB_CHUNK) {
          const chunk = table.rows.slice(i, i + KB_CHUNK);
          const columns = table.columns.map((_, col) => chunk.map((r) => r[col]));
          await c.query(
            `INSERT INTO ${table.table}(${table.columns.join(", ")}) SELECT * FROM unnest(${unnest})${table.onConflict ?? ""}`,
            columns,
          );
        }
      }
      for (let i = 0; i < kb.documents.length; i += KB_CHUNK) {
        const chunk = kb.documents.slice(i, i + KB_CHUNK);
        const ids = chunk.map((d) => d.id);
        const res = await c.query<{ id: string }>(
          "UPDATE documents d SET provenance = v.p FROM unnest($1::text[], $2::json[]) AS v(id, p) WHERE d.id = v.id RETURNING d.id",
          [ids, chunk.map((d) => JSON.stringify(provenanceOf(d)))],
        );
        if (res.rows.length !== new Set(ids).size) {
          const have = new Set(res.rows.map((r) => r.id));
          const missing = ids.find((id) => !have.has(id));
          throw new DossierError("BAD_INPUT", `knowledge base refused: provenance for unknown document ${missing}`);
        }
      }
    });
    // Fresh statistics for the rewritten tables: without them the planner guesses row counts of a
    // million-row table it has never sampled, and the first queries after a rebuild crawl until
    // autovacuum catches up. Sample-based, a few seconds even at 1M mentions.
    await this.q("analysing the knowledge base", `ANALYZE ${KB_TABLES.join(", ")}, documents`);
  }

  async exclusive<T>(
    name: string,
    fn: () => Promise<T>,
    opts: { wait?: boolean } = {},
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    this.ensureOpen();
    // A session advisory lock on a connection of its own, held while fn runs on the pool.
    const client = await withReconnect(this.retryForMs, `taking lock ${name}`, () => this.pool.connect());
    let locked = false;
    let broken = false;
    try {
      if (opts.wait === false) {
        const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [
          `dossier:${name}`,
        ]);
        if (!r.rows[0]?.ok) return { ran: false };
      } else {
        await client.query("SELECT pg_advisory_lock(hashtext($1))", [`dossier:${name}`]);
      }
      locked = true;
      return { ran: true, value: await fn() };
    } catch (err) {
      if (!locked) broken = true;
      throw err;
    } finally {
      if (locked) {
        try {
          await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`dossier:${name}`]);
        } catch {
          broken = true; // a connection that cannot unlock is dropped, which releases the lock
        }
      }
      client.release(broken);
    }
  }

  async readState(space: string, keys: string[]): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    for (let i = 0; i < keys.length; i += KB_CHUNK) {
      const rows = await this.q<{ key: string; sub: string; value: string }>(
        "reading knowledge-base state",
        "SELECT key, sub, value FROM kb_state WHERE space = $1 AND key = ANY($2::text[])",
        [space, keys.slice(i, i + KB_CHUNK)],
      );
      for (const r of rows) {
        let m = out.get(r.key);
        if (!m) out.set(r.key, (m = new Map()));
        m.set(r.sub, r.value);
      }
    }
    return out;
  }

  async listUnmerged(): Promise<string[]> {
    const rows = await this.q<{ doc: string }>(
      "listing unmerged documents",
      `SELECT a.doc FROM analyses a WHERE NOT EXISTS (SELECT 1 FROM kb_state s WHERE s.space = 'doc' AND s.key = a.doc AND s.sub = '') ORDER BY a.doc COLLATE "C"`,
    );
    return rows.map((r) => r.doc);
  }

  async applyKnowledgeBaseChange(change: KnowledgeBaseChange): Promise<void> {
    const mentions = change.mentions.flatMap((m) => m.mentions);
    const spans = collectSpans({ ...change.upsert, mentions }, new Set(change.checkDocs));
    const tables = kbRows({ ...change.upsert, mentions: [], documents: [] });
    await this.tx("applying a knowledge-base change", async (c) => {
      await lockKnowledgeBaseWrites(c);
      await verifySpans(spans, (ids) => textsOf(c, ids));
      for (let i = 0; i < change.stateDelete.length; i += KB_CHUNK) {
        const chunk = change.stateDelete.slice(i, i + KB_CHUNK);
        await c.query(
          "DELETE FROM kb_state s USING unnest($1::text[], $2::text[], $3::text[]) AS v(space, key, sub) WHERE s.space = v.space AND s.key = v.key AND s.sub = v.sub",
          [chunk.map((r) => r.space), chunk.map((r) => r.key), chunk.map((r) => r.sub)],
        );
      }
      for (let i = 0; i < change.statePut.length; i += KB_CHUNK) {
        const chunk = change.statePut.slice(i, i + KB_CHUNK);
        await c.query(
          `INSERT INTO kb_state(space, key, sub, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           ON CONFLICT (space, key, sub) DO UPDATE SET value = excluded.value`,
          [chunk.map((r) => r.space), chunk.map((r) => r.key), chunk.map((r) => r.sub), chunk.map((r) => r.value)],
        );
      }
      const side: Record<string, string[]> = {
        entities: ["entity_names WHERE entity"],
        events: ["event_entities WHERE event"],
        quotes: [],
        claims: ["claim_entities WHERE claim"],
        provisions: [],
        relations: [],
        links: [],
      };
      for (const kind of KB_RECORD_KINDS) {
        const ids = [...change.remove[kind], ...(change.upsert[kind] as Array<{ id: string }>).map((r) => r.id)];
        for (let i = 0; i < ids.length; i += KB_CHUNK) {
          const chunk = ids.slice(i, i + KB_CHUNK);
          await c.query(`DELETE FROM ${kind} WHERE id = ANY($1::text[])`, [chunk]);
          for (const s of side[kind]!) await c.query(`DELETE FROM ${s} = ANY($1::text[])`, [chunk]);
        }
        // Spans of removed records go; those of rewritten records are replaced by delta below.
        for (let i = 0; i < change.remove[kind].length; i += KB_CHUNK)
          if (kind in SPAN_KINDS)
            await c.query("DELETE FROM evidence_spans WHERE record = ANY($1::text[])", [
              change.remove[kind].slice(i, i + KB_CHUNK),
            ]);
      }
      await replaceSpans(c, tables.spanRecords);
      const docs = change.mentions.map((m) => m.doc);
      for (let i = 0; i < docs.length; i += KB_CHUNK)
        await c.query("DELETE FROM mentions WHERE doc = ANY($1::text[])", [docs.slice(i, i + KB_CHUNK)]);
      await c.query("SELECT setval('mentions_ord_seq', (SELECT coalesce(max(ord), 0) + 1 FROM mentions), false)");
      for (let i = 0; i < mentions.length; i += KB_CHUNK) {
        const chunk = mentions.slice(i, i + KB_CHUNK);
        await c.query(
          `INSERT INTO mentions(doc, entity, start, "end", json) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::json[])`,
          [
            chunk.map((m) => m.doc),
            chunk.map((m) => m.entity),
            chunk.map((m) => m.start),
            chunk.map((m) => m.end),
            chunk.map((m) => JSON.stringify(m)),
          ],
        );
      }
      for (const table of tables) {
        if (table.table === "mentions" || table.table === "evidence_spans" || !table.rows.length) continue;
        const unnest = table.types.map((t, k) => `$${k + 1}::${t}[]`).join(", ");
        for (let i = 0; i < table.rows.length; i += KB_CHUNK) {
          const chunk = table.rows.slice(i, i + KB_CHUNK);
          const columns = table.columns.map((_, col) => chunk.map((r) => r[col]));
          await c.query(
            `INSERT INTO ${table.table}(${table.columns.join(", ")}) SELECT * FROM unnest(${unnest})${table.onConflict ?? ""}`,
            columns,
          );
        }
      }
      for (let i = 0; i < change.documents.length; i += KB_CHUNK) {
        const chunk = change.documents.slice(i, i + KB_CHUNK);
        const ids = chunk.map((d) => d.id);
        const res = await c.query<{ id: string }>(
          "UPDATE documents d SET provenance = v.p FROM unnest($1::text[], $2::json[]) AS v(id, p) WHERE d.id = v.id RETURNING d.id",
          [ids, chunk.map((d) => JSON.stringify(provenanceOf(d)))],
        );
        if (res.rows.length !== new Set(ids).size)
          throw new DossierError("BAD_INPUT", "knowledge base refused: provenance for an unknown document");
      }
    });
  }

  async getEntity(id: string): Promise<EntityRecord | null> {
    const rows = await this.q<{ json: EntityRecord }>("reading entities", "SELECT json FROM entities WHERE id = $1", [
      id,
    ]);
    return rows[0]?.json ?? null;
  }

  async listEntities(filter?: Partial<Page> & { type?: string; q?: string }): Promise<Paged<EntityRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.type) {
      values.push(filter.type);
      where.push(`t.type = $${values.length}`);
    }
    const q = filter?.q ? normalizeName(filter.q) : "";
    if (q) {
      values.push(`%${escapeLike(q)}%`);
      where.push(
        `EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = t.id AND n.name_norm LIKE $${values.length} ESCAPE '\\')`,
      );
    }
    return this.pagedJson(
      "listing entities",
      "entities t",
      where,
      values,
      `t.mentions DESC, t.docs DESC, t.name COLLATE "C", t.id COLLATE "C"`,
      filter,
    );
  }

  async findEntities(name: string, limit = 10): Promise<EntityRecord[]> {
    const q = normalizeName(String(name ?? ""));
    if (!q) return [];
    const n = clampPage({ limit }).limit;
    const like = escapeLike(q);
    // Names rank: primary name equal (0), another name equal (1), name starts with the text (2), a
    // word of the name starts with it (3), the text anywhere (4); an entity takes its best name.
    // Narrower conditions are tried first (btree: equal, then prefix), each stopping when it finds
    // `n` entities: an entity outside a narrower set ranks after every entity in it, so its best `n`
    // are the answer. Then word prefix and substring: see the walk below.
    const values: unknown[] = [q, `${like}%`, `% ${like}%`, n];
    const ranked = (names: string, extra: unknown[] = []) =>
      this.q<{ json: EntityRecord; id: string; found: string }>(
        "finding entities",
        `SELECT e.json, e.id, count(*) OVER () AS found FROM (
           SELECT n.entity, min(CASE WHEN n.name_norm = $1 AND n.is_primary THEN 0
                                     WHEN n.name_norm = $1 THEN 1
                                     WHEN n.name_norm LIKE $2 ESCAPE '\\' THEN 2
                                     WHEN n.name_norm LIKE $3 ESCAPE '\\' THEN 3
                                     ELSE 4 END) AS rank
           FROM ${names} GROUP BY n.entity
         ) m JOIN entities e ON e.id = m.entity
         ORDER BY m.rank, e.mentions DESC, e.docs DESC, e.name COLLATE "C", e.id COLLATE "C" LIMIT $4`,
        [...values, ...extra],
      );
    for (const where of [`n.name_norm = $1`, `n.name_norm LIKE $2 ESCAPE '\\'`]) {
      const rows = await ranked(`entity_names n WHERE ${where}`);
      if (Number(rows[0]?.found ?? 0) >= n) return rows.map((r) => r.json);
    }
    // Word prefix and substring, in one statement. Every entity ranked 0–3 (a name starting with
    // the text or holding it after a space: trigram and btree indexes) is read; every other match
    // ranks 4, so among those the order is the entities' own (mentions, docs, name, id). When the
    // text is in many names, walking the entities in that order (entities_rank) and testing each
    // one's names finds the first `n` of them after a few rows, where reading every name that holds
    // the text (trigram index) reads thousands (a frequent text's trigrams are in most names). With
    // `n` entities found among those read, the best `n` are the answer; the walk is bounded
    // (`findWalkRows` entities) and when it finds too few, the last branch (run only then) reads
    // every name holding the text. Either way the answer is exact.
    const early = `n.name_norm LIKE $2 ESCAPE '\\' OR n.name_norm LIKE $3 ESCAPE '\\'`;
    // (The candidates travel as one array: a row estimate taken from the branch that rarely runs
    // would have the planner hash every name and entity.)
    const rows = await ranked(
      `entity_names n WHERE n.entity = ANY(ARRAY(WITH early AS MATERIALIZED (SELECT DISTINCT n.entity AS id FROM entity_names n WHERE ${early}),
       walk AS MATERIALIZED (
         SELECT w.id FROM (SELECT id FROM entities
                           ORDER BY mentions DESC, docs DESC, name COLLATE "C", id COLLATE "C" LIMIT $6) w
         WHERE EXISTS (SELECT 1 FROM entity_names x WHERE x.entity = w.id AND x.name_norm LIKE $5 ESCAPE '\\')
           AND NOT EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = w.id AND (${early}))
         LIMIT $4)
       SELECT id FROM (
         SELECT id FROM early
         UNION ALL SELECT id FROM walk
         UNION ALL SELECT x.entity FROM entity_names x
           WHERE x.name_norm LIKE $5 ESCAPE '\\' AND (SELECT count(*) FROM early) + (SELECT count(*) FROM walk) < $4
       ) c))`,
      [`%${like}%`, this.findWalkRows],
    );
    return rows.map((r) => r.json);
  }

  async timeline(filter?: TimelineFilter): Promise<Paged<EventRecord>> {
    const page = clampPage(filter);
    const from = filterBound(filter?.from, "from");
    const to = filterBound(filter?.to, "to");
    const type = filter?.type ? filter.type.toUpperCase() : null;
    const entity = filter?.entity || null;
    const what = "reading the timeline";
    // An event matches a date window when the days it covers overlap the window; undated events
    // (NULL bounds) cannot be placed in any window and drop out when one is given. Undated events
    // sort last (ASC puts NULLs last), matching the events_page index. Every bound compares in
    // "C", the collation of the indexes, so each one is a range scan (migration 6).
    const parts = timelineParts({ entity, type, from, to });
    const k = page.offset + page.limit;
    const branches = parts.map((p) => `(${p.select ? p.select(k) : eventsBranch(p.where, k)})`);
    // Each part is read in index order up to offset + limit rows; the parts' pages are merged.
    const pageSql =
      parts.length === 1 && !parts[0]!.select
        ? `SELECT t.json FROM events t WHERE ${parts[0]!.where} ORDER BY ${TIMELINE_ORDER} LIMIT ${page.limit} OFFSET ${page.offset}`
        : `SELECT t.json FROM (${branches.join(" UNION ALL ")}) t ORDER BY ${TIMELINE_ORDER} LIMIT ${page.limit} OFFSET ${page.offset}`;
    const pageValues = parts[parts.length - 1]!.values;
    const [rows, ...counts] = await Promise.all([
      this.q<{ json: EventRecord }>(what, pageSql, pageValues),
      ...parts.map((p) => this.q<{ n: string }>(what, p.countSql, p.countValues)),
    ]);
    const total = counts.reduce((sum, c) => sum + Number(c[0]?.n ?? 0), 0);
    const items = await this.withEvidence(
      what,
      rows.map((r) => r.json),
    );
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const rows = await this.q<{ json: EventRecord }>("reading events", "SELECT json FROM events WHERE id = $1", [id]);
    return (
      (
        await this.withEvidence(
          "reading events",
          rows.map((r) => r.json),
        )
      )[0] ?? null
    );
  }

  async listQuotes(filter?: Partial<Page> & { speaker?: string; doc?: string }): Promise<Paged<QuoteRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.speaker) {
      values.push(filter.speaker);
      where.push(`t.speaker = $${values.length}`);
    }
    if (filter?.doc) {
      values.push(filter.doc);
      where.push(`t.doc = $${values.length}`);
    }
    return this.pagedJson(
      "listing quotes",
      "quotes t",
      where,
      values,
      `t.doc COLLATE "C", t.start, t.id COLLATE "C"`,
      filter,
    );
  }

  async listClaims(filter?: Partial<Page> & { entity?: string; contested?: boolean }): Promise<Paged<ClaimRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.entity) {
      values.push(filter.entity);
      where.push(`EXISTS (SELECT 1 FROM claim_entities x WHERE x.claim = t.id AND x.entity = $${values.length})`);
    }
    if (typeof filter?.contested === "boolean") {
      values.push(filter.contested);
      where.push(`t.contested = $${values.length}`);
    }
    return this.pagedJson(
      "listing claims",
      "claims t",
      where,
      values,
      `t.contested DESC, t.independent_outlets DESC, t.id COLLATE "C"`,
      filter,
    );
  }

  async listProvisions(filter?: Partial<Page>): Promise<Paged<ProvisionRecord>> {
    return this.pagedJson(
      "listing provisions",
      "provisions t",
      [],
      [],
      `t.agreement COLLATE "C", t.id COLLATE "C"`,
      filter,
    );
  }

  async listRelations(filter?: Partial<Page> & { entity?: string }): Promise<Paged<RelationRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.entity) {
      values.push(filter.entity);
      where.push(`(t.source = $1 OR t.target = $1)`);
    }
    return this.pagedJson("listing relations", "relations t", where, values, `t.id COLLATE "C"`, filter);
  }

  async listLinks(filter?: Partial<Page> & { doc?: string }): Promise<Paged<CopyLinkRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.doc) {
      values.push(filter.doc);
      where.push(`(t.doc = $1 OR t.source = $1)`);
    }
    return this.pagedJson(
      "listing copy links",
      "links t",
      where,
      values,
      `t.doc COLLATE "C", t.source COLLATE "C", t.id COLLATE "C"`,
      filter,
    );
  }

  async countEntityDocuments(docs: string[]): Promise<Map<string, number>> {
    if (!docs.length) return new Map();
    const rows = await this.q<{ entity: string; n: number }>(
      "counting entities over documents",
      "SELECT entity, count(DISTINCT doc)::int AS n FROM mentions WHERE doc = ANY($1::text[]) GROUP BY entity",
      [docs],
    );
    return new Map(rows.map((r) => [r.entity, Number(r.n)]));
  }

  async entityNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.q<{ id: string; name: string }>(
      "reading entity names",
      "SELECT id, json->>'name' AS name FROM entities WHERE id = ANY($1::text[])",
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async listMentions(filter: Partial<Page> & { doc?: string; entity?: string }): Promise<Paged<MentionRecord>> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.doc) {
      values.push(filter.doc);
      where.push(`t.doc = $${values.length}`);
    }
    if (filter?.entity) {
      values.push(filter.entity);
      where.push(`t.entity = $${values.length}`);
    }
    return this.pagedJson(
      "listing mentions",
      "mentions t",
      where,
      values, // Document ids are "d_" + lower-case hex: every collation orders them alike, so the plain
      // column order (and its indexes) gives SQLite's binary order.
      "t.doc, t.start, t.ord",
      filter,
    );
  }

  /**
   * Records with their evidence put back where it is kept as spans (decision 140): their spans and
   * the texts of the documents those point into, read on `client` (the pool by default).
   */
  private async withEvidence<T>(what: string, records: T[], client?: pg.PoolClient): Promise<T[]> {
    try {
      return await attachEvidence(client ?? this.pool, records);
    } catch (err) {
      throw asStoreError(what, err);
    }
  }

  /** Count and page over one KB table's `json` column. */
  private async pagedJson<T>(
    what: string,
    from: string,
    where: string[],
    values: unknown[],
    orderBy: string,
    filter: Partial<Page> | undefined,
  ): Promise<Paged<T>> {
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const page = await this.paged(
      what,
      `SELECT t.json FROM ${from} ${w} ORDER BY ${orderBy}`,
      `SELECT count(*) AS n FROM ${from} ${w}`,
      values,
      clampPage(filter),
      (r) => r.json as T,
    );
    return { ...page, items: await this.withEvidence(what, page.items) };
  }

  async documentEvidence(doc: string): Promise<DocumentEvidence> {
    const what = "reading document evidence";
    const [mentions, quotes, spans, docs] = await Promise.all([
      this.q<{ json: MentionRecord }>(what, "SELECT json FROM mentions WHERE doc = $1 ORDER BY start, ord", [doc]),
      this.q<{ json: QuoteRecord }>(what, "SELECT json FROM quotes WHERE doc = $1 ORDER BY start, id", [doc]),
      this.q(
        what,
        `SELECT record, kind, start, "end", stance FROM evidence_spans WHERE doc = $1 ORDER BY start, "end", kind COLLATE "C", record COLLATE "C"`,
        [doc],
      ),
      this.q<{ text: string }>(what, "SELECT text FROM documents WHERE id = $1", [doc]),
    ]);
    // Span texts are sliced from the document text (migration 13 dropped the copies).
    const text = docs[0]?.text;
    if (spans.length && text === undefined)
      throw new DossierError("STORE", `evidence spans point into unknown document ${doc}`);
    return {
      mentions: mentions.map((r) => r.json),
      quotes: quotes.map((r) => r.json),
      spans: spans.map((r) => {
        const s: DocumentEvidence["spans"][number] = {
          record: r.record as string,
          kind: r.kind as DocumentEvidence["spans"][number]["kind"],
          start: r.start as number,
          end: r.end as number,
          text: text!.slice(r.start as number, r.end as number),
        };
        if (r.stance) s.stance = r.stance as string;
        return s;
      }),
    };
  }

  // ---- search --------------------------------------------------------------------------------

  async search(q: string, filter?: SearchFilter): Promise<SearchPage> {
    const page = clampPage(filter);
    const ranked = await this.rankedSearch(q, filter, {
      offset: page.offset,
      limit: page.limit,
      basis: 0,
      entityDocs: 0,
    });
    if (!ranked) return { items: [], total: 0, ...page };
    return { items: ranked.page, ...searchTotals(ranked.found, this.searchCaps), ...page };
  }

  /**
   * The search page and the facet basis from one ranking (one walk of the matches, one statement):
   * the page `filter` asks for, the best `basis` hits without snippets, and for every entity
   * mentioned in the best `entityDocs` of those, how many of them mention it and its name. The
   * same answer as {@link search} twice (the basis as `limit: basis, snippets: false`) and
   * {@link countEntityDocuments} over the basis's first `entityDocs` documents.
   */
  async searchFacetBasis(
    q: string,
    filter: SearchFilter | undefined,
    want: { basis: number; entityDocs: number },
  ): Promise<SearchFacetBasis> {
    const page = clampPage(filter);
    const basis = clampPage({ limit: want.basis }).limit;
    const entityDocs = Math.max(0, Math.min(basis, Math.floor(want.entityDocs)));
    const ranked = await this.rankedSearch(q, filter, { offset: page.offset, limit: page.limit, basis, entityDocs });
    if (!ranked) return { page: { items: [], total: 0, ...page }, basis: [], entities: new Map() };
    return {
      page: { items: ranked.page, ...searchTotals(ranked.found, this.searchCaps), ...page },
      basis: ranked.basis,
      entities: ranked.entities,
    };
  }

  /**
   * The search itself. Null when the query has no words or the store no documents. The ranking is
   * cut at max(offset + limit, basis) hits: the page's rows carry snippets, the first `basis` rows
   * are the basis (snippets empty), and the entity counts are over the first `entityDocs` of them.
   */
  private async rankedSearch(
    q: string,
    filter: SearchFilter | undefined,
    want: { offset: number; limit: number; basis: number; entityDocs: number },
  ): Promise<{ found: number; page: SearchHit[]; basis: SearchHit[]; entities: Map<string, number> } | null> {
    // Each whitespace-separated chunk is a phrase of plain words (searchPhrases drops every
    // operator character); phraseto_tsquery keeps the words adjacent, && joins the phrases.
    const phrases = searchPhrases(String(q ?? "").slice(0, MAX_QUERY_CHARS))
      .map((words) => normalizeName(words.join(" ")))
      .filter(Boolean);
    if (!phrases.length) return null;
    const values: unknown[] = [...phrases];
    const tsquery = phrases.map((_, i) => `phraseto_tsquery('simple', $${i + 1})`).join(" && ");
    const match = searchConditions(filter, values, tsquery);
    const caps = this.searchCaps;
    return this.tx(
      "searching",
      async (c) => {
        const bounds = await this.searchBounds(c);
        if (!bounds) return null;
        const found = await this.searchWalk(c, bounds, match, values);
        const params = [...values];
        const param = (v: number) => `$${params.push(v)}::int`;
        const cut = param(Math.max(want.offset + want.limit, want.basis));
        const offset = param(want.offset);
        const inPage = `hit.r > ${offset} AND hit.r <= ${offset} + ${param(want.limit)}`;
        const inBasis = `hit.r <= ${param(want.basis)}`;
        // without snippets the hits' texts are not read at all
        const snippet =
          filter?.snippets === false
            ? "''"
            : `CASE WHEN ${inPage} THEN ts_headline('simple', left(d.text, ${SNIPPET_SOURCE_CHARS}), ${tsquery},
                    'StartSel=${MATCH_OPEN}, StopSel=${MATCH_CLOSE}, MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') ELSE '' END`;
        // The walk carries only seq (a window's matches are sorted, and a search vector is ≈ 1.4 KB);
        // the ranked matches' vectors are read again by seq. Snippets (ts_headline) only for the
        // page's rows, joined to documents by seq; ties in score go by document id, as in the SQLite
        // backend. The entity counts (facets) read the mentions of the best `entityDocs` hits.
        // The entity facet's counts: the mentions of the best `entityDocs` hits, sent on the first
        // row only (a few hundred pairs; on every row they were most of the statement's cost).
        const entities =
          want.entityDocs > 0
            ? `(SELECT json_agg(json_build_array(x.entity, x.n)) FROM (
                 SELECT m.entity, count(DISTINCT m.doc)::int AS n FROM mentions m
                 WHERE m.doc IN (SELECT id FROM hit WHERE r <= ${param(want.entityDocs)}) GROUP BY m.entity) x)`
            : "NULL";
        const rows = (
          await c.query(
            `WITH found AS MATERIALIZED (
             SELECT seq, row_number() OVER (ORDER BY seq DESC) AS newest
             FROM (${found}) m
           ), hit AS MATERIALIZED (
             SELECT seq, id, score, row_number() OVER (ORDER BY score DESC, id COLLATE "C") AS r FROM (
               SELECT s.seq, s.id, ts_rank_cd(s.tsv, ${tsquery}) AS score
               FROM found f JOIN doc_search s ON s.seq = f.seq
               WHERE f.newest <= ${caps.rank}
               ORDER BY score DESC, s.id COLLATE "C" LIMIT ${cut}) h
           )
           SELECT (SELECT count(*) FROM found) AS found, CASE WHEN coalesce(hit.r, 1) = 1 THEN ${entities} END AS entities,
                  d.id, d.title, d.outlet, d.published, d.lang, hit.score, hit.r, ${snippet} AS snippet
           FROM (SELECT 1) one
           LEFT JOIN (hit JOIN documents d ON d.seq = hit.seq) ON (${inPage} OR ${inBasis})
           ORDER BY hit.r`,
            params,
          )
        ).rows;
        const hit = (r: Row): SearchHit => ({
          doc: r.id as string,
          title: (r.title as string | null) ?? null,
          outlet: (r.outlet as string | null) ?? null,
          published: (r.published as string | null) ?? null,
          lang: r.lang as string,
          snippet: markSnippet((r.snippet as string | null) ?? ""),
          score: Number(r.score),
        });
        const listed = rows.filter((r) => r.id != null);
        const counted = (rows[0]?.entities as Array<[string, number]> | null) ?? [];
        return {
          found: Number(rows[0]?.found ?? 0),
          page: listed.filter((r) => Number(r.r) > want.offset && Number(r.r) <= want.offset + want.limit).map(hit),
          basis: listed.filter((r) => Number(r.r) <= want.basis).map((r) => ({ ...hit(r), snippet: "" })),
          entities: new Map(counted.map(([id, n]) => [id, Number(n)])),
        };
      },
      // No incremental sort: the dated walk's second sort key would otherwise be met by the primary
      // key plus an incremental sort, which reads every row from the heap (decision 173).
      `SET LOCAL work_mem = '${SEARCH_WORK_MEM}'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL enable_incremental_sort = off`,
    );
  }

  /**
   * The statement listing the newest matches, up to one past the count cap: their number is the
   * total (exact below the cap, "at least" at it) and the newest rank-cap of them are ranked. A
   * query the planner expects to match few documents reads its matches in one go. A commoner one
   * walks doc_search (stored in seq order) from its newest row in widening seq windows sized from
   * the estimate, one UNION ALL branch each: the Append runs its branches in order and the LIMIT
   * stops it as soon as enough matches are found, so a word in most documents reads about cap + 1
   * rows (the planner walks the seq index back) and a rarer word the matches of the few windows it
   * needs (GIN bitmap ANDed with the window). Work is bounded by the cap, not by the store. The
   * bitmap of matches stays exact (work_mem); a parallel Append would run its branches out of order.
   */
  private async searchWalk(
    c: pg.PoolClient,
    bounds: { lo: number; hi: number },
    { match, unindexedDays, scan, datesOnly }: SearchMatch,
    values: unknown[],
  ): Promise<string> {
    const wanted = this.searchCaps.count + 1;
    const rows = bounds.hi - bounds.lo + 1;
    const planned =
      rows > wanted * SEARCH_WINDOW_SLACK
        ? await estimatedRows(c, `SELECT 1 FROM doc_search s WHERE ${match}`, values)
        : { rows: 0, dayRows: 0, wordRows: 0 };
    const estimate = planned.rows;
    // A date-filtered search whose matches are dense enough (datedWalkPays) reads the newest rows one by one
    // (doc_search_seq_day, newest first: the dates tested in the index, the vector of a row in the
    // range tested on the row) and stops at `wanted`: where a window's bitmap would visit every row
    // holding the word, in or out of the dates, the walk visits only rows in the dates. The match is
    // written as a function call so that no plan can take the word's GIN bitmap instead.
    if (datesOnly && estimate > 0 && datedWalkPays(wanted, rows, planned)) {
      // The second sort key changes no order (seq is unique) but only doc_search_seq_day provides
      // it (incremental sort is off for the search): the planner otherwise walks the primary key
      // back and reads every row from the heap to test its day (EXPLAIN at 1M: 34,000 heap rows,
      // 45–66 ms, against 4,900 and 8 ms).
      return `SELECT s.seq FROM doc_search s WHERE ${scan} ORDER BY s.seq DESC, s.published_day COLLATE "C" DESC LIMIT ${wanted}`;
    }
    // A wide date range (a year of a large store) is never a bitmap of its own: building it reads
    // every row of the range from the day index, where testing the day on the few rows the word
    // and the window leave costs less.
    const conds = planned.dayRows > SEARCH_DAY_BITMAP_ROWS ? unindexedDays : match;
    const windows = searchWindows(bounds.lo, bounds.hi, wanted, estimate);
    const branch = (i: number) => {
      const range = [
        i < windows.length ? `s.seq > ${windows[i]}` : "",
        i > 0 ? `s.seq <= ${windows[i - 1]}` : "",
      ].filter(Boolean);
      return `(SELECT s.seq FROM doc_search s WHERE ${[conds, ...range].join(" AND ")} ORDER BY s.seq DESC)`;
    };
    const branches = Array.from({ length: windows.length + 1 }, (_, i) => branch(i));
    return `SELECT * FROM (${branches.join(" UNION ALL ")}) u LIMIT ${wanted}`;
  }

  /**
   * Lowest and highest seq of doc_search, remembered for {@link SEARCH_BOUNDS_TTL_MS}: they only
   * size a search's windows (the windows always cover every seq, so stale bounds cost speed,
   * never a match). Null when there are no documents.
   */
  private async searchBounds(c: pg.PoolClient): Promise<{ lo: number; hi: number } | null> {
    const now = Date.now();
    if (this.seqBounds && now - this.seqBounds.at < SEARCH_BOUNDS_TTL_MS) return this.seqBounds;
    const row = (
      await c.query<{ hi: string | null; lo: string | null }>("SELECT max(seq) AS hi, min(seq) AS lo FROM doc_search")
    ).rows[0];
    if (row?.hi == null || row.lo == null) return null;
    this.seqBounds = { lo: Number(row.lo), hi: Number(row.hi), at: now };
    return this.seqBounds;
  }

  // ---- export --------------------------------------------------------------------------------

  /**
   * Every record in export order, read from one snapshot (a REPEATABLE READ, READ ONLY transaction
   * on a dedicated connection), so a knowledge-base rebuild committing meanwhile cannot mix two
   * versions into one export.
   */
  async *exportRecords(): AsyncIterable<ExportRecord> {
    this.ensureOpen();
    let client: pg.PoolClient;
    try {
      client = await withReconnect(this.retryForMs, "exporting", () => this.pool.connect());
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    } catch (err) {
      throw asStoreError("starting the export", err);
    }
    let broken = false;
    try {
      let after = "";
      for (;;) {
        const rows = await this.q(
          "exporting documents",
          "SELECT id, text, json, provenance FROM documents WHERE id > $1 ORDER BY id LIMIT $2",
          [after, ITERATE_BATCH],
          client,
        );
        if (!rows.length) break;
        for (const r of rows) yield documentFromRow(r);
        after = rows[rows.length - 1]!.id as string;
      }
      for (const [table, order] of EXPORT_ORDER) {
        // A cursor on the snapshot's own connection: canonical order without holding a table in memory.
        const cursor = `export_${table}`;
        await this.q(
          `exporting ${table}`,
          `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT json FROM ${table} ORDER BY ${order}`,
          [],
          client,
        );
        for (;;) {
          const rows = await this.q<{ json: ExportRecord }>(
            `exporting ${table}`,
            `FETCH ${ITERATE_BATCH} FROM ${cursor}`,
            [],
            client,
          );
          if (!rows.length) break;
          const records = await this.withEvidence(
            `exporting ${table}`,
            rows.map((r) => r.json),
            client,
          );
          for (const r of records) yield r;
        }
        await this.q(`exporting ${table}`, `CLOSE ${cursor}`, [], client);
      }
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      try {
        await client.query(broken ? "ROLLBACK" : "COMMIT");
      } catch {
        broken = true; // the connection is unusable; it is dropped below rather than pooled
      }
      client.release(broken);
    }
  }
}

// ---- row mapping -------------------------------------------------------------------------------

function runFromRow(r: Row): IngestRun {
  return {
    id: r.id as string,
    started_at: r.started_at as string,
    finished_at: (r.finished_at as string | null) ?? null,
    ingested: Number(r.ingested),
    duplicate: Number(r.duplicate),
    failed: Number(r.failed),
  };
}

function documentFromRow(r: Row): DocumentRecord {
  // The stored json keeps "text" as an empty placeholder, so assigning keeps the key order.
  const doc: Record<string, unknown> = { ...(r.json as DocumentRecord), text: r.text as string };
  const prov = r.provenance as Record<string, unknown> | null;
  if (prov) for (const key of PROVENANCE_FIELDS) if (key in prov) doc[key] = prov[key];
  return doc as unknown as DocumentRecord;
}

/**
 * Turns ts_headline's private-use match markers into «», after replacing guillemets the text itself
 * holds (Russian and French quotation marks) with single ones ‹›, so that every « » in a snippet
 * marks a match (same rule as the SQLite backend).
 */
function markSnippet(raw: string): string {
  return raw.replace(/«/g, "‹").replace(/»/g, "›").split(MATCH_OPEN).join("«").split(MATCH_CLOSE).join("»");
}

/** SQLSTATE of a driver error (or of the driver error a `STORE` error wraps), if any. */
function pgCode(err: unknown): string | undefined {
  const inner = err instanceof DossierError ? err.cause : err;
  const code = (inner as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Driver errors become `STORE` errors naming the operation; Dossier's own errors pass through. */
function asStoreError(what: string, err: unknown): DossierError {
  if (err instanceof DossierError) return err;
  return new DossierError("STORE", `${what} failed: ${describeError(err)}`, { cause: err });
}

/** Sort order of timeline pages, in the collation and column order of the events_page index. */
const TIMELINE_ORDER = `t.date_start COLLATE "C", t.date_end COLLATE "C", t.id COLLATE "C"`;

/** One disjoint part of a timeline answer: its WHERE clause (over `events t`) and how to count it. */
interface TimelinePart {
  where: string;
  /**
   * The part's first `k` rows (json, date_start, date_end, id) in TIMELINE_ORDER, when they are not
   * read from `events t WHERE where` (entity parts read event_entities_page, migration 8).
   */
  select?: (k: number) => string;
  /** Parameters of `where`; every part shares the same numbering, so one list serves the page. */
  values: unknown[];
  countSql: string;
  countValues: unknown[];
}

/**
 * The timeline filter as disjoint parts whose rows, each part in TIMELINE_ORDER, concatenate to the
 * whole answer in order. With a window [from, to] the answer is the events that started before
 * "from" and still run at "from" (only multi-day events: the events_running_keys GiST index), then the
 * events starting inside the window (a range scan of events_page); a part's total comes from
 * event_day_counts (kept exact by triggers) instead of counting events. An entity's timeline
 * reads the same parts from event_entities instead (entityPart, migration 8).
 */
function timelineParts(f: {
  entity: string | null;
  type: string | null;
  from: string | null;
  to: string | null;
}): TimelinePart[] {
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  // An entity's timeline reads event_entities_page / event_entities_running (migration 8).
  if (f.entity) return f.from ? [entityPart(f, "running"), entityPart(f, "starting")] : [entityPart(f, "all")];
  const common: string[] = [];
  const type = f.type ? param(f.type) : null;
  if (type) common.push(`t.type = ${type}`);
  const from = f.from ? param(f.from) : null;
  const to = f.to ? param(f.to) : null;
  if (to) common.push(`t.date_start COLLATE "C" <= ${to}`);
  const and = (conds: string[]) => (conds.length ? conds.join(" AND ") : "TRUE");
  // Totals from event_day_counts: its own parameter list ($1 type, then the bounds).
  const dayCount = (where: string): TimelinePart => {
    const cv: unknown[] = [];
    const conds: string[] = [];
    if (f.type) conds.push(`type = $${cv.push(f.type)}`);
    if (f.from) conds.push(`day >= $${cv.push(f.from)}`);
    if (f.to) conds.push(`day <> '' AND day <= $${cv.push(f.to)}`);
    return {
      where,
      values,
      countSql: `SELECT coalesce(sum(n), 0) AS n FROM event_day_counts${conds.length ? " WHERE " + conds.join(" AND ") : ""}`,
      countValues: cv,
    };
  };
  if (!from) return [dayCount(and(common))];
  // Running at "from": start < from <= end, i.e. the half-open range (start, end] holds "from"
  // (events_running_keys, migration 10). The index carries the sort keys and the type, so the
  // count and the page's keys are index-only; only the page's `k` events are then read, by id.
  const running = and([
    ...common,
    `t.date_start COLLATE "C" < t.date_end`,
    `dossier_day_range(t.date_start, t.date_end, '(]') @> ${from}::text`,
  ]);
  const runningPart: TimelinePart = {
    where: running,
    values,
    select: (k) =>
      `SELECT e.json, r.date_start, r.date_end, r.id FROM (
         SELECT t.date_start, t.date_end, t.id FROM events t WHERE ${running} ORDER BY ${TIMELINE_ORDER} LIMIT ${k}
       ) r JOIN events e ON e.id = r.id`,
    countSql: `SELECT count(*) AS n FROM events t WHERE ${running}`,
    countValues: values,
  };
  // dateRange never yields start > end, so a row starting in the window also ends after "from";
  // the date_end bound stays in the query all the same (it reads the index, not the table).
  const starting = and([...common, `t.date_start COLLATE "C" >= ${from}`, `t.date_end COLLATE "C" >= ${from}`]);
  return [runningPart, dayCount(starting)];
}

/** An events-table part's first `k` rows in TIMELINE_ORDER. */
function eventsBranch(where: string, k: number): string {
  return `SELECT t.json, t.date_start, t.date_end, t.id FROM events t WHERE ${where} ORDER BY ${TIMELINE_ORDER} LIMIT ${k}`;
}

/**
 * An entity's events (all of them, or a window's running or starting part; up to "to"), in TIMELINE_ORDER
 * from event_entities_page (migration 8): a range scan over the entity's index entries, one per
 * role, made distinct in index order, that stops after `k` events. Parameters: $1 entity, then
 * type, from, to as numbered by timelineParts (the same list serves the other part).
 */
function entityPart(
  f: { entity: string | null; type: string | null; from: string | null; to: string | null },
  part: "all" | "running" | "starting",
): TimelinePart {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const conds = [`x.entity = ${param(f.entity)}`];
  const type = f.type ? param(f.type) : null;
  const from = f.from ? param(f.from) : null;
  const to = f.to ? param(f.to) : null;
  if (type) conds.push(`EXISTS (SELECT 1 FROM events y WHERE y.id = x.event AND y.type = ${type})`);
  if (to) conds.push(`x.date_start COLLATE "C" <= ${to}`);
  if (part === "starting" && from)
    conds.push(`x.date_start COLLATE "C" >= ${from}`, `x.date_end COLLATE "C" >= ${from}`);
  // Multi-day events still running at "from": the event_entities_running partial index.
  if (part === "running" && from)
    conds.push(
      `x.date_start COLLATE "C" < ${from}`,
      `x.date_start COLLATE "C" < x.date_end COLLATE "C"`,
      `x.date_end COLLATE "C" >= ${from}`,
    );
  const keys = `SELECT DISTINCT x.date_start COLLATE "C" AS s, x.date_end COLLATE "C" AS e, x.event COLLATE "C" AS id
    FROM event_entities x WHERE ${conds.join(" AND ")}`;
  const entityOnly = !type && !to && part === "all";
  return {
    where: "",
    values,
    select: (k) =>
      `SELECT t.json, p.s AS date_start, p.e AS date_end, p.id FROM (${keys} ORDER BY s, e, id LIMIT ${k}) p
       JOIN events t ON t.id = p.id COLLATE "default"`,
    // Entity alone: its number of distinct events, kept by triggers (migration 7).
    countSql: entityOnly
      ? "SELECT coalesce((SELECT n FROM entity_event_counts WHERE entity = $1), 0) AS n"
      : `SELECT count(*) AS n FROM (${keys}) p`,
    countValues: entityOnly ? [f.entity] : values,
  };
}

/**
 * What goes into a document's tsvector: title and (a bounded prefix of) text folded the way entity
 * names are (accents, case and punctuation dropped: "Jong-un" → "jong un"), so that matches do not
 * depend on diacritics or hyphenation, exactly like the SQLite index (unicode61, remove_diacritics).
 */
export function searchVectorInput(title: string | null, text: string): { title: string; text: string } {
  return {
    title: normalizeName(title ?? ""),
    text: normalizeName(text.length > TSV_MAX_CHARS ? text.slice(0, TSV_MAX_CHARS) : text),
  };
}

/** WHERE conditions shared by listDocuments and search; parameters are appended to `values`. */
function documentConditions(
  filter: DocumentFilter | SearchFilter | undefined,
  values: unknown[],
): { where: string[]; values: unknown[] } {
  const where: string[] = [];
  const add = (cond: (p: string) => string, v: unknown) => {
    values.push(v);
    where.push(cond(`$${values.length}`));
  };
  if (filter?.outlet) add((p) => `d.outlet = ${p}`, filter.outlet);
  if (filter?.lang) add((p) => `d.lang = ${p}`, filter.lang);
  const from = filterBound(filter?.from, "from");
  const to = filterBound(filter?.to, "to");
  if (from) add((p) => `d.published_day >= ${p}`, from);
  if (to) add((p) => `d.published_day <= ${p}`, to);
  const entity = (filter as SearchFilter | undefined)?.entity;
  if (entity) add((p) => `EXISTS (SELECT 1 FROM mentions m WHERE m.doc = d.id AND m.entity = ${p})`, entity);
  return { where, values };
}

/**
 * WHERE conditions of a search over `doc_search s`: the full-text match and the date bounds on the
 * narrow row; outlet, language and entity through the document (parameters appended to `values`).
 */
/**
 * Lower seq bounds (exclusive), newest first, of the windows a search walks for `wanted` matches
 * among the rows `lo`…`hi` when the planner expects `estimate` matches: none (one read of every
 * match) when the estimate is within {@link SEARCH_WINDOW_SLACK} times `wanted`; else a first
 * window expected to hold that many times `wanted`, each next one {@link SEARCH_WINDOW_GROWTH}
 * times wider. A last, unbounded window (not listed) takes the rest, so a low estimate costs
 * windows, never matches.
 */
function searchWindows(lo: number, hi: number, wanted: number, estimate: number): number[] {
  const bounds: number[] = [];
  if (estimate <= wanted * SEARCH_WINDOW_SLACK) return bounds;
  const first = Math.ceil((wanted * SEARCH_WINDOW_SLACK * (hi - lo + 1)) / estimate);
  for (let span = first; hi - span >= lo; span *= SEARCH_WINDOW_GROWTH) bounds.push(hi - span);
  return bounds;
}

/** The planner's row estimate for a query (EXPLAIN, nothing run). */
async function estimatedRows(
  c: pg.PoolClient,
  sql: string,
  values: unknown[],
): Promise<{ rows: number; dayRows: number; wordRows: number }> {
  const res = await c.query<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  const plan = res.rows[0]?.["QUERY PLAN"][0]?.Plan;
  let dayRows = 0;
  let wordRows = 0;
  const visit = (node: PlanNode) => {
    const planRows = Number(node["Plan Rows"] ?? 0);
    if (node["Index Name"] === "doc_search_day") dayRows = Math.max(dayRows, planRows);
    if (node["Index Name"] === "doc_search_tsv") wordRows = Math.max(wordRows, planRows);
    for (const child of node.Plans ?? []) visit(child);
  };
  if (plan) visit(plan);
  return { rows: Number(plan?.["Plan Rows"] ?? 0), dayRows, wordRows };
}

/**
 * Whether a search filtered by dates alone should walk doc_search_seq_day newest first rather than
 * take seq windows. The walk reads `wanted * rows / estimate` index entries and, of those, the rows
 * inside the dates from the heap: `wanted * rows / wordRows`, since the walk stops after `wanted`
 * matches. The word's rows come from the plan's GIN node, or from the estimate and the date range's
 * rows when the plan has no GIN node. Walks when the cap is expected within
 * {@link SEARCH_DATED_WALK_ROWS} rows, or within {@link SEARCH_DATED_WALK_INDEX_ROWS} index entries
 * and {@link SEARCH_DATED_WALK_HEAP_ROWS} rows inside the dates.
 */
function datedWalkPays(
  wanted: number,
  rows: number,
  planned: { rows: number; dayRows: number; wordRows: number },
): boolean {
  const walked = (wanted * rows) / planned.rows;
  if (walked <= SEARCH_DATED_WALK_ROWS) return true;
  const wordRows = planned.wordRows || (planned.dayRows > 0 ? (planned.rows * rows) / planned.dayRows : 0);
  if (wordRows <= 0) return false;
  return walked <= SEARCH_DATED_WALK_INDEX_ROWS && (wanted * rows) / wordRows <= SEARCH_DATED_WALK_HEAP_ROWS;
}

/** The part of an EXPLAIN (FORMAT JSON) node that {@link estimatedRows} reads. */
interface PlanNode {
  "Plan Rows"?: number;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function searchConditions(filter: SearchFilter | undefined, values: unknown[], tsquery: string): SearchMatch {
  const days: Array<[string, string]> = [];
  const from = filterBound(filter?.from, "from");
  const to = filterBound(filter?.to, "to");
  if (from) {
    values.push(from);
    days.push([">=", `$${values.length}`]);
  }
  if (to) {
    values.push(to);
    days.push(["<=", `$${values.length}`]);
  }
  const { where } = documentConditions({ ...filter, from: undefined, to: undefined }, values);
  const docs = where.length
    ? [`EXISTS (SELECT 1 FROM documents d WHERE d.seq = s.seq AND ${where.join(" AND ")})`]
    : [];
  const dated = (column: string) => days.map(([op, p]) => `${column} COLLATE "C" ${op} ${p}`);
  return {
    match: [`s.tsv @@ (${tsquery})`, ...dated("s.published_day"), ...docs].join(" AND "),
    unindexedDays: [`s.tsv @@ (${tsquery})`, ...dated("(s.published_day || '')"), ...docs].join(" AND "),
    // the dates first: at equal cost the planner keeps this order, and a row's day is cheaper to
    // test than its vector
    scan: [...dated("s.published_day"), `ts_match_vq(s.tsv, ${tsquery})`, ...docs].join(" AND "),
    datesOnly: days.length > 0 && !docs.length,
  };
}

/** The conditions of a search over `doc_search s` (see {@link searchConditions}). */
interface SearchMatch {
  /** Full-text match and filters: the GIN index answers the match. */
  match: string;
  /** The same, the dates written so that no index answers them (tested on the row). */
  unindexedDays: string;
  /** The same conditions with the match as a function call, which no index answers: tested row by row. */
  scan: string;
  /** True when the only filters are dates (on doc_search itself). */
  datesOnly: boolean;
}

/** Texts of these documents, for the shared evidence check. */
async function textsOf(c: pg.PoolClient, ids: string[]): Promise<Map<string, string>> {
  const res = await c.query<{ id: string; text: string }>("SELECT id, text FROM documents WHERE id = ANY($1::text[])", [
    ids,
  ]);
  return new Map(res.rows.map((r) => [r.id, r.text]));
}

/**
 * Export order of the knowledge-base tables: a function of the records alone (byte order, as in
 * SQLite), so a full build and any sequence of incremental merges export alike.
 */
const EXPORT_ORDER: ReadonlyArray<readonly [string, string]> = [
  ["entities", `mentions DESC, name COLLATE "C", id COLLATE "C"`],
  ["mentions", `doc COLLATE "C", start, "end", entity COLLATE "C", ord`],
  ["events", `coalesce(date, '9999') COLLATE "C", id COLLATE "C"`],
  ["quotes", `doc COLLATE "C", start, id COLLATE "C"`],
  ["claims", `id COLLATE "C"`],
  ["provisions", `agreement COLLATE "C", id COLLATE "C"`],
  ["relations", `id COLLATE "C"`],
  ["links", `doc COLLATE "C", source COLLATE "C", id COLLATE "C"`],
];

/** KB tables, emptied before a replace. */
const KB_TABLES = [
  "entities",
  "entity_names",
  "mentions",
  "events",
  "event_entities",
  "quotes",
  "claims",
  "claim_entities",
  "provisions",
  "relations",
  "links",
  "evidence_spans",
] as const;

interface KbTable {
  table: string;
  columns: string[];
  types: string[];
  rows: unknown[][];
  onConflict?: string;
}

/** An empty KB table with its column names and PostgreSQL types. */
function kbTable(table: string, spec: Array<[string, string]>): KbTable {
  return {
    table,
    columns: spec.map((s) => s[0]),
    types: spec.map((s) => s[1]),
    rows: [],
  };
}

/** The KB tables as `kbRows` fills them, one per table name. */
interface KbTables {
  /** The records whose evidence `spans` holds, with their spans (for a write by delta). */
  spanRecords: Array<{ table: SpanTable; id: string; spans: StoredSpan[] }>;
  entities: KbTable;
  names: KbTable;
  mentions: KbTable;
  events: KbTable;
  eventEntities: KbTable;
  quotes: KbTable;
  claims: KbTable;
  claimEntities: KbTable;
  provisions: KbTable;
  relations: KbTable;
  links: KbTable;
  spans: KbTable;
}

/** The empty KB tables with their column specs. */
function emptyKbTables(): KbTables {
  return {
    spanRecords: [],
    entities: kbTable("entities", [
      ["id", "text"],
      ["ord", "int"],
      ["type", "text"],
      ["name", "text"],
      ["docs", "int"],
      ["mentions", "int"],
      ["json", "json"],
    ]),
    names: kbTable("entity_names", [
      ["entity", "text"],
      ["name_norm", "text"],
      ["is_primary", "boolean"],
    ]),
    mentions: kbTable("mentions", [
      ["ord", "int"],
      ["doc", "text"],
      ["entity", "text"],
      ["start", "int"],
      ['"end"', "int"],
      ["json", "json"],
    ]),
    events: kbTable("events", [
      ["id", "text"],
      ["ord", "int"],
      ["type", "text"],
      ["date", "text"],
      ["date_start", "text"],
      ["date_end", "text"],
      ["json", "json"],
    ]),
    eventEntities: kbTable("event_entities", [
      ["event", "text"],
      ["entity", "text"],
      ["role", "text"],
    ]),
    quotes: kbTable("quotes", [
      ["id", "text"],
      ["ord", "int"],
      ["doc", "text"],
      ["start", "int"],
      ["speaker", "text"],
      ["json", "json"],
    ]),
    claims: kbTable("claims", [
      ["id", "text"],
      ["ord", "int"],
      ["contested", "boolean"],
      ["independent_outlets", "int"],
      ["json", "json"],
    ]),
    claimEntities: kbTable("claim_entities", [
      ["claim", "text"],
      ["entity", "text"],
    ]),
    provisions: kbTable("provisions", [
      ["id", "text"],
      ["ord", "int"],
      ["agreement", "text"],
      ["json", "json"],
    ]),
    relations: kbTable("relations", [
      ["id", "text"],
      ["ord", "int"],
      ["source", "text"],
      ["target", "text"],
      ["type", "text"],
      ["json", "json"],
    ]),
    links: kbTable("links", [
      ["id", "text"],
      ["ord", "int"],
      ["doc", "text"],
      ["source", "text"],
      ["relation", "text"],
      ["json", "json"],
    ]),
    spans: kbTable("evidence_spans", [
      ["doc", "text"],
      ["start", "int"],
      ['"end"', "int"],
      ["record", "text"],
      ["kind", "text"],
      ["stance", "text"],
      ["actor", "text"],
      ["ord", "bigint"],
    ]),
  };
}

/** Entity rows and their normalised names (the primary name first, then aliases not seen yet). */
function addEntityRows(kb: KnowledgeBase, { entities, names }: KbTables): void {
  kb.entities.forEach((e, i) => {
    entities.rows.push([e.id, i, e.type, e.name, e.docs ?? 0, e.mentions ?? 0, JSON.stringify(e)]);
    const seen = new Map<string, boolean>();
    const primary = normalizeName(e.name);
    if (primary) seen.set(primary, true);
    for (const a of e.aliases ?? []) {
      const n = normalizeName(a);
      if (n && !seen.has(n)) seen.set(n, false);
    }
    for (const [n, isPrimary] of seen) names.rows.push([e.id, n, isPrimary]);
  });
}

/** A span-table record's stored JSON; its spans go to the `evidence_spans` rows (ord = i · ORD_GAP). */
function spannedJson(table: SpanTable, record: { id: string }, t: KbTables): string {
  const { json, spans } = storedForm(table, record);
  t.spanRecords.push({ table, id: record.id, spans });
  spans.forEach((s, i) =>
    t.spans.rows.push([s.doc, s.start, s.end, record.id, SPAN_KINDS[table], s.stance, s.actor, i * ORD_GAP]),
  );
  return json;
}

/** Event rows, their entities by role (actor, target, location; each once) and their evidence spans. */
function addEventRows(kb: KnowledgeBase, t: KbTables): void {
  const { events, eventEntities } = t;
  kb.events.forEach((v, i) => {
    const r = dateRange(v.date);
    events.rows.push([
      v.id,
      i,
      v.type,
      v.date ?? null,
      r ? (r.start ?? OPEN_START) : null,
      r ? (r.end ?? OPEN_END) : null,
      spannedJson("events", v, t),
    ]);
    const roles = new Set<string>();
    const role = (entity: string | null, kind: string) => {
      if (!entity || roles.has(entity + "\u0000" + kind)) return;
      roles.add(entity + "\u0000" + kind);
      eventEntities.rows.push([v.id, entity, kind]);
    };
    (v.actors ?? []).forEach((a) => role(a, "actor"));
    (v.targets ?? []).forEach((a) => role(a, "target"));
    role(v.location, "location");
  });
}

/** Claim rows (contested when both asserted and denied), their entities and their evidence spans. */
function addClaimRows(kb: KnowledgeBase, t: KbTables): void {
  const { claims, claimEntities } = t;
  kb.claims.forEach((c, i) => {
    const contested = (c.asserted_by?.length ?? 0) > 0 && (c.denied_by?.length ?? 0) > 0;
    claims.rows.push([c.id, i, contested, c.independent_outlets ?? 0, spannedJson("claims", c, t)]);
    const ents = new Set<string>([...(c.asserted_by ?? []), ...(c.denied_by ?? []), ...(c.reported_by ?? [])]);
    for (const ev of c.evidence) if (ev.actor) ents.add(ev.actor);
    for (const e of ents) claimEntities.rows.push([c.id, e]);
  });
}

/** Provision, relation and link rows, with the evidence spans of provisions and relations. */
function addProvisionRelationLinkRows(kb: KnowledgeBase, t: KbTables): void {
  const { provisions, relations, links } = t;
  kb.provisions.forEach((p, i) => provisions.rows.push([p.id, i, p.agreement, spannedJson("provisions", p, t)]));
  kb.relations.forEach((r, i) =>
    relations.rows.push([r.id, i, r.source, r.target, r.type, spannedJson("relations", r, t)]),
  );
  kb.links.forEach((l, i) => links.rows.push([l.id, i, l.doc, l.source, l.relation, JSON.stringify(l)]));
}

/**
 * Flattens a knowledge base into column-typed rows for `INSERT … SELECT * FROM unnest(…)`, and
 * lists the records whose evidence the `evidence_spans` rows hold.
 */
function kbRows(kb: KnowledgeBase): KbTable[] & { spanRecords: KbTables["spanRecords"] } {
  const t = emptyKbTables();
  addEntityRows(kb, t);
  kb.mentions.forEach((m, i) => t.mentions.rows.push([i, m.doc, m.entity, m.start, m.end, JSON.stringify(m)]));
  addEventRows(kb, t);
  kb.quotes.forEach((q, i) => t.quotes.rows.push([q.id, i, q.doc, q.start, q.speaker ?? null, JSON.stringify(q)]));
  addClaimRows(kb, t);
  addProvisionRelationLinkRows(kb, t);
  const tables = [
    t.entities,
    t.names,
    t.mentions,
    t.events,
    t.eventEntities,
    t.quotes,
    t.claims,
    t.claimEntities,
    t.provisions,
    t.relations,
    t.links,
    t.spans,
  ];
  return Object.assign(tables, { spanRecords: t.spanRecords });
}

/**
 * Serialises knowledge-base writes across processes for the rest of the transaction. The count
 * triggers of migration 7 decide "a pair is new / gone" by counting the other rows, which is exact
 * only with one writer at a time; callers usually hold MERGE_LOCK already, this makes it hold for all.
 */
async function lockKnowledgeBaseWrites(c: pg.PoolClient): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('dossier:kb-write'))");
}
