import { randomUUID } from "node:crypto";
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
import { DossierError } from "../../util/errors.js";
import { clampPage, compareVersions, dateRange, escapeLike, filterBound, normalizeName, searchPhrases } from "../sqlite/semantics.js";
import type {
  DocAnalysis,
  DocumentEvidence,
  DocumentFilter,
  FileStatus,
  IngestRun,
  KnowledgeBase,
  Page,
  Paged,
  SearchFilter,
  SearchHit,
  Store,
  TimelineFilter,
} from "../store.js";
import { createPool, parsePgUrl, quoteIdent, redactUrl, withReconnect, type PgConnectionOptions, type PgTarget } from "./connection.js";
import { PG_MIGRATIONS } from "./migrations.js";

/** Options of {@link createPostgresStore}. */
export type PostgresStoreOptions = PgConnectionOptions;

/** Rows per multi-row INSERT when replacing the knowledge base. */
const KB_CHUNK = 2_000;
/** Rows per round trip when iterating documents or analyses. */
const ITERATE_BATCH = 500;
/** Arbitrary but fixed advisory-lock key that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 0x0d05_51e4;

type Queryable = pg.Pool | pg.PoolClient;
type Row = Record<string, unknown>;

/** The provenance fields the knowledge base writes back onto documents. */
const PROVENANCE_KEYS = ["spun", "republication_of", "restored_text", "restorations", "family"] as const;

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
  private closed = false;

  constructor(
    private readonly target: PgTarget,
    opts: PostgresStoreOptions = {},
  ) {
    this.pool = createPool(target, opts);
    this.retryForMs = opts.retryForMs ?? 60_000;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private ensureOpen(): void {
    if (this.closed) throw new DossierError("STORE", "store is closed");
  }

  /** One statement, retried while the server is unreachable (every read here is idempotent). */
  private async q<R extends Row = Row>(text: string, values: unknown[] = [], on: Queryable = this.pool): Promise<R[]> {
    this.ensureOpen();
    const res = await withReconnect(this.retryForMs, "query", () => on.query<R>(text, values));
    return res.rows;
  }

  /**
   * Runs `work` in one transaction on one connection; on a transient failure the whole transaction
   * is retried, so `work` must only touch the database (or be otherwise repeatable).
   */
  private async tx<T>(what: string, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    this.ensureOpen();
    return withReconnect(this.retryForMs, what, async () => {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const out = await work(client);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackErr) {
          // The connection is gone (that is usually why we are here): do not return it to the pool.
          broken = true;
          if (!(err instanceof Error)) throw rollbackErr;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    });
  }

  private async paged<T>(sql: string, countSql: string, values: unknown[], page: Page, map: (r: Row) => T): Promise<Paged<T>> {
    const n = values.length;
    const [rows, count] = await Promise.all([
      this.q(`${sql} LIMIT $${n + 1} OFFSET $${n + 2}`, [...values, page.limit, page.offset]),
      this.q<{ n: string }>(countSql, values),
    ]);
    return { items: rows.map(map), total: Number(count[0]?.n ?? 0), limit: page.limit, offset: page.offset };
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  async init(): Promise<void> {
    await this.tx("migrate", async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.target.schema)}`);
      await c.query(`SET LOCAL search_path TO ${quoteIdent(this.target.schema)}, public`);
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const applied = new Set((await c.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
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
        await c.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", [m.version, m.name]);
      }
    }).catch((err: unknown) => {
      if (err instanceof DossierError) throw err;
      throw new DossierError("STORE", `cannot initialise PostgreSQL store at ${redactUrl(this.target.connectionString)}: ${(err as Error).message}`, {
        cause: err,
      });
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
    const run: IngestRun = {
      id: `run_${new Date().toISOString().replace(/[-:.TZ]/g, "").slice(0, 14)}_${randomUUID().slice(0, 8)}`,
      started_at: new Date().toISOString(),
      finished_at: null,
      ingested: 0,
      duplicate: 0,
      failed: 0,
    };
    await this.q("INSERT INTO runs(id, started_at) VALUES ($1, $2)", [run.id, run.started_at]);
    return run;
  }

  async finishRun(runId: string): Promise<IngestRun> {
    const rows = await this.q(
      `UPDATE runs r SET finished_at = $2,
         ingested = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'ingested'),
         duplicate = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'duplicate'),
         failed = (SELECT count(*) FROM run_files f WHERE f.run = r.id AND f.status = 'failed')
       WHERE id = $1 RETURNING *`,
      [runId, new Date().toISOString()],
    );
    if (!rows[0]) throw new DossierError("NOT_FOUND", `no ingest run ${runId}`);
    return runFromRow(rows[0]);
  }

  async recordFile(runId: string, status: FileStatus): Promise<void> {
    try {
      await this.q(
        `INSERT INTO run_files(run, source, status, doc, sha256, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (run, source) DO UPDATE SET status = excluded.status, doc = excluded.doc, sha256 = excluded.sha256,
           reason = excluded.reason, updated_at = excluded.updated_at`,
        [runId, status.source, status.status, status.doc ?? null, status.sha256 ?? null, status.reason ?? null, new Date().toISOString()],
      );
    } catch (err) {
      if ((err as { code?: string }).code === "23503") throw new DossierError("NOT_FOUND", `no ingest run ${runId}`, { cause: err });
      if ((err as { code?: string }).code === "23514") throw new DossierError("BAD_INPUT", `invalid file status "${status.status}"`, { cause: err });
      throw err;
    }
  }

  async listRunFiles(runId: string): Promise<FileStatus[]> {
    const rows = await this.q("SELECT source, status, doc, sha256, reason FROM run_files WHERE run = $1 ORDER BY seq", [runId]);
    return rows.map((r) => ({
      source: r.source as string,
      status: r.status as FileStatus["status"],
      doc: (r.doc as string | null) ?? null,
      sha256: (r.sha256 as string | null) ?? null,
      reason: (r.reason as string | null) ?? null,
    }));
  }

  async findBySha(sha256: string): Promise<string | null> {
    const rows = await this.q<{ id: string }>("SELECT id FROM documents WHERE sha256 = $1", [sha256]);
    return rows[0]?.id ?? null;
  }

  async insertDocument(doc: DocumentRecord, raw: Uint8Array): Promise<{ status: "inserted" | "duplicate"; id: string }> {
    validateDocument(doc);
    const base = { ...doc, text: "" };
    const published = dateRange(doc.published);
    const ingestedAt = doc.ingested_at ?? new Date().toISOString();
    return this.tx("insertDocument", async (c) => {
      await c.query(
        "INSERT INTO raw(sha256, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
        [doc.sha256, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), raw.byteLength],
      );
      const ins = await c.query(
        `INSERT INTO documents(id, sha256, source, title, outlet, url, published, published_day, lang, text, json, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          doc.id,
          doc.sha256,
          doc.source,
          doc.title,
          doc.outlet,
          doc.url,
          doc.published,
          published?.start ?? null,
          doc.lang,
          doc.text,
          JSON.stringify(base),
          ingestedAt,
        ],
      );
      if (ins.rowCount === 1) return { status: "inserted" as const, id: doc.id };
      // Nothing inserted: the same bytes are stored already (a re-run, or a racing worker that
      // committed first; the unique sha256 decides). Otherwise the id collides with other bytes:
      // refuse, which rolls back the raw row added above.
      const existing = await c.query<{ id: string }>("SELECT id FROM documents WHERE sha256 = $1", [doc.sha256]);
      if (existing.rows[0]) return { status: "duplicate" as const, id: existing.rows[0].id };
      throw new DossierError("STORE", `document id ${doc.id} is already used by other bytes (sha256 prefix collision)`);
    });
  }

  async getRaw(sha256: string): Promise<Uint8Array | null> {
    const rows = await this.q<{ bytes: Buffer }>("SELECT bytes FROM raw WHERE sha256 = $1", [sha256]);
    const b = rows[0]?.bytes;
    return b ? new Uint8Array(b) : null;
  }

  // ---- documents -----------------------------------------------------------------------------

  async getDocument(id: string): Promise<DocumentRecord | null> {
    const rows = await this.q("SELECT text, json, provenance FROM documents WHERE id = $1", [id]);
    return rows[0] ? documentFromRow(rows[0]) : null;
  }

  async listDocuments(filter: DocumentFilter = {}): Promise<Paged<DocumentRecord>> {
    const page = clampPage(filter);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (cond: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(cond(`$${values.length}`));
    };
    if (filter.outlet !== undefined) add((p) => `outlet = ${p}`, filter.outlet);
    if (filter.lang !== undefined) add((p) => `lang = ${p}`, filter.lang);
    const from = filterBound(filter.from, "from");
    const to = filterBound(filter.to, "to");
    if (from) add((p) => `published_day >= ${p}`, from);
    if (to) add((p) => `published_day <= ${p}`, to);
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.paged(
      `SELECT text, json, provenance FROM documents ${w} ORDER BY published_day DESC NULLS LAST, id`,
      `SELECT count(*) AS n FROM documents ${w}`,
      values,
      page,
      documentFromRow,
    );
  }

  async *iterateDocuments(): AsyncIterable<DocumentRecord> {
    let after = "";
    for (;;) {
      const rows = await this.q("SELECT id, text, json, provenance FROM documents WHERE id > $1 ORDER BY id LIMIT $2", [after, ITERATE_BATCH]);
      for (const r of rows) yield documentFromRow(r);
      if (rows.length < ITERATE_BATCH) return;
      after = rows[rows.length - 1]!.id as string;
    }
  }

  async countDocuments(): Promise<number> {
    const rows = await this.q<{ n: string }>("SELECT count(*) AS n FROM documents");
    return Number(rows[0]?.n ?? 0);
  }

  // ---- analysis ------------------------------------------------------------------------------

  async putAnalysis(analysis: DocAnalysis): Promise<void> {
    try {
      await this.q(
        `INSERT INTO analyses(doc, version, json, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc) DO UPDATE SET version = excluded.version, json = excluded.json, updated_at = excluded.updated_at`,
        [analysis.doc, analysis.version, JSON.stringify(analysis), new Date().toISOString()],
      );
    } catch (err) {
      if ((err as { code?: string }).code === "23503") throw new DossierError("NOT_FOUND", `no document ${analysis.doc}`, { cause: err });
      throw err;
    }
  }

  async getAnalysis(doc: string): Promise<DocAnalysis | null> {
    const rows = await this.q<{ json: DocAnalysis }>("SELECT json FROM analyses WHERE doc = $1", [doc]);
    return rows[0]?.json ?? null;
  }

  async listUnanalysed(version: string): Promise<string[]> {
    const rows = await this.q<{ id: string; version: string | null }>(
      "SELECT d.id, a.version FROM documents d LEFT JOIN analyses a ON a.doc = d.id ORDER BY d.id",
    );
    return rows.filter((r) => r.version === null || compareVersions(r.version, version) < 0).map((r) => r.id);
  }

  async *iterateAnalyses(): AsyncIterable<DocAnalysis> {
    let after = "";
    for (;;) {
      const rows = await this.q<{ doc: string; json: DocAnalysis }>(
        "SELECT doc, json FROM analyses WHERE doc > $1 ORDER BY doc LIMIT $2",
        [after, ITERATE_BATCH],
      );
      for (const r of rows) yield r.json;
      if (rows.length < ITERATE_BATCH) return;
      after = rows[rows.length - 1]!.doc;
    }
  }

  // ---- knowledge base ------------------------------------------------------------------------

  async replaceKnowledgeBase(kb: KnowledgeBase): Promise<void> {
    const rows = kbRows(kb);
    await this.tx("replaceKnowledgeBase", async (c) => {
      for (const t of ["entities", "entity_names", "mentions", "events", "event_entities", "quotes", "claims", "claim_entities", "provisions", "relations", "links", "evidence_spans"]) {
        await c.query(`DELETE FROM ${t}`);
      }
      await c.query("UPDATE documents SET provenance = NULL WHERE provenance IS NOT NULL");
      for (const table of rows) {
        for (let i = 0; i < table.rows.length; i += KB_CHUNK) {
          const chunk = table.rows.slice(i, i + KB_CHUNK);
          const columns = table.columns.map((_, col) => chunk.map((r) => r[col]));
          const unnest = table.types.map((t, k) => `$${k + 1}::${t}[]`).join(", ");
          await c.query(`INSERT INTO ${table.table}(${table.columns.join(", ")}) SELECT * FROM unnest(${unnest})`, columns);
        }
      }
      if (kb.documents.length) {
        const ids = kb.documents.map((d) => d.id);
        const provs = kb.documents.map((d) => JSON.stringify(provenanceOf(d)));
        for (let i = 0; i < ids.length; i += KB_CHUNK) {
          const res = await c.query(
            `UPDATE documents d SET provenance = v.p FROM unnest($1::text[], $2::json[]) AS v(id, p) WHERE d.id = v.id`,
            [ids.slice(i, i + KB_CHUNK), provs.slice(i, i + KB_CHUNK)],
          );
          if ((res.rowCount ?? 0) < Math.min(KB_CHUNK, ids.length - i)) {
            const known = await c.query<{ id: string }>("SELECT id FROM documents WHERE id = ANY($1::text[])", [ids.slice(i, i + KB_CHUNK)]);
            const have = new Set(known.rows.map((r) => r.id));
            const missing = ids.slice(i, i + KB_CHUNK).filter((id) => !have.has(id));
            throw new DossierError("BAD_INPUT", `knowledge base names unknown document(s): ${missing.slice(0, 5).join(", ")}`);
          }
        }
      }
    });
  }

  async getEntity(id: string): Promise<EntityRecord | null> {
    const rows = await this.q<{ json: EntityRecord }>("SELECT json FROM entities WHERE id = $1", [id]);
    return rows[0]?.json ?? null;
  }

  async listEntities(filter: Partial<Page> & { type?: string; q?: string } = {}): Promise<Paged<EntityRecord>> {
    const page = clampPage(filter);
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.type !== undefined) {
      values.push(filter.type);
      where.push(`e.type = $${values.length}`);
    }
    if (filter.q !== undefined && filter.q.trim() !== "") {
      const norm = normalizeName(filter.q);
      values.push(`%${escapeLike(norm)}%`);
      where.push(`EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = e.id AND n.name_norm LIKE $${values.length} ESCAPE '\\')`);
    }
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.paged(
      `SELECT e.json FROM entities e ${w} ORDER BY e.docs DESC, e.mentions DESC, e.ord`,
      `SELECT count(*) AS n FROM entities e ${w}`,
      values,
      page,
      (r) => r.json as EntityRecord,
    );
  }

  async findEntities(name: string, limit = 10): Promise<EntityRecord[]> {
    const norm = normalizeName(name);
    if (!norm) return [];
    const lim = clampPage({ limit }).limit;
    const rows = await this.q<{ json: EntityRecord }>(
      `SELECT e.json FROM (
         SELECT n.entity, min(CASE WHEN n.name_norm = $1 AND n.is_primary THEN 0
                                   WHEN n.name_norm = $1 THEN 1
                                   WHEN n.name_norm LIKE $2 ESCAPE '\\' THEN 2
                                   WHEN n.name_norm LIKE $3 ESCAPE '\\' THEN 3
                                   ELSE 4 END) AS rank
         FROM entity_names n WHERE n.name_norm LIKE $4 ESCAPE '\\' GROUP BY n.entity
       ) m JOIN entities e ON e.id = m.entity
       ORDER BY m.rank, e.docs DESC, e.mentions DESC, e.ord LIMIT $5`,
      [norm, `${escapeLike(norm)} %`, `${escapeLike(norm)}%`, `%${escapeLike(norm)}%`, lim],
    );
    return rows.map((r) => r.json);
  }

  async timeline(filter: TimelineFilter = {}): Promise<Paged<EventRecord>> {
    const page = clampPage(filter);
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (cond: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(cond(`$${values.length}`));
    };
    if (filter.entity !== undefined) add((p) => `EXISTS (SELECT 1 FROM event_entities x WHERE x.event = v.id AND x.entity = ${p})`, filter.entity);
    if (filter.type !== undefined) add((p) => `v.type = ${p}`, filter.type);
    const from = filterBound(filter.from, "from");
    const to = filterBound(filter.to, "to");
    if (from || to) where.push("(v.date_start IS NOT NULL OR v.date_end IS NOT NULL)");
    if (from) add((p) => `(v.date_end IS NULL OR v.date_end >= ${p})`, from);
    if (to) add((p) => `(v.date_start IS NULL OR v.date_start <= ${p})`, to);
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.paged(
      `SELECT v.json FROM events v ${w} ORDER BY v.date_start NULLS LAST, v.date_end NULLS LAST, v.ord`,
      `SELECT count(*) AS n FROM events v ${w}`,
      values,
      page,
      (r) => r.json as EventRecord,
    );
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const rows = await this.q<{ json: EventRecord }>("SELECT json FROM events WHERE id = $1", [id]);
    return rows[0]?.json ?? null;
  }

  async listQuotes(filter: Partial<Page> & { speaker?: string; doc?: string } = {}): Promise<Paged<QuoteRecord>> {
    const page = clampPage(filter);
    const { w, values } = simpleWhere([
      ["speaker", filter.speaker],
      ["doc", filter.doc],
    ]);
    return this.paged(`SELECT json FROM quotes ${w} ORDER BY ord`, `SELECT count(*) AS n FROM quotes ${w}`, values, page, (r) => r.json as QuoteRecord);
  }

  async listClaims(filter: Partial<Page> & { entity?: string; contested?: boolean } = {}): Promise<Paged<ClaimRecord>> {
    const page = clampPage(filter);
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.entity !== undefined) {
      values.push(filter.entity);
      where.push(`EXISTS (SELECT 1 FROM claim_entities x WHERE x.claim = c.id AND x.entity = $${values.length})`);
    }
    if (filter.contested !== undefined) {
      values.push(filter.contested);
      where.push(`c.contested = $${values.length}`);
    }
    const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.paged(`SELECT c.json FROM claims c ${w} ORDER BY c.ord`, `SELECT count(*) AS n FROM claims c ${w}`, values, page, (r) => r.json as ClaimRecord);
  }

  async listProvisions(filter: Partial<Page> = {}): Promise<Paged<ProvisionRecord>> {
    const page = clampPage(filter);
    return this.paged("SELECT json FROM provisions ORDER BY ord", "SELECT count(*) AS n FROM provisions", [], page, (r) => r.json as ProvisionRecord);
  }

  async listRelations(filter: Partial<Page> & { entity?: string } = {}): Promise<Paged<RelationRecord>> {
    const page = clampPage(filter);
    const values: unknown[] = [];
    let w = "";
    if (filter.entity !== undefined) {
      values.push(filter.entity);
      w = "WHERE source = $1 OR target = $1";
    }
    return this.paged(`SELECT json FROM relations ${w} ORDER BY ord`, `SELECT count(*) AS n FROM relations ${w}`, values, page, (r) => r.json as RelationRecord);
  }

  async listLinks(filter: Partial<Page> & { doc?: string } = {}): Promise<Paged<CopyLinkRecord>> {
    const page = clampPage(filter);
    const values: unknown[] = [];
    let w = "";
    if (filter.doc !== undefined) {
      values.push(filter.doc);
      w = "WHERE doc = $1 OR source = $1";
    }
    return this.paged(`SELECT json FROM links ${w} ORDER BY ord`, `SELECT count(*) AS n FROM links ${w}`, values, page, (r) => r.json as CopyLinkRecord);
  }

  async listMentions(filter: Partial<Page> & { doc?: string; entity?: string }): Promise<Paged<MentionRecord>> {
    const page = clampPage(filter);
    const { w, values } = simpleWhere([
      ["doc", filter.doc],
      ["entity", filter.entity],
    ]);
    return this.paged(
      `SELECT json FROM mentions ${w} ORDER BY doc, start, ord`,
      `SELECT count(*) AS n FROM mentions ${w}`,
      values,
      page,
      (r) => r.json as MentionRecord,
    );
  }

  async documentEvidence(doc: string): Promise<DocumentEvidence> {
    const [mentions, quotes, spans] = await Promise.all([
      this.q<{ json: MentionRecord }>("SELECT json FROM mentions WHERE doc = $1 ORDER BY start, ord", [doc]),
      this.q<{ json: QuoteRecord }>("SELECT json FROM quotes WHERE doc = $1 ORDER BY start, ord", [doc]),
      this.q(`SELECT record, kind, start, "end", text, stance FROM evidence_spans WHERE doc = $1 ORDER BY start, "end", kind, record`, [doc]),
    ]);
    return {
      mentions: mentions.map((r) => r.json),
      quotes: quotes.map((r) => r.json),
      spans: spans.map((r) => {
        const s: DocumentEvidence["spans"][number] = {
          record: r.record as string,
          kind: r.kind as DocumentEvidence["spans"][number]["kind"],
          start: r.start as number,
          end: r.end as number,
          text: r.text as string,
        };
        if (r.stance != null) s.stance = r.stance as string;
        return s;
      }),
    };
  }

  // ---- search --------------------------------------------------------------------------------

  async search(q: string, filter: SearchFilter = {}): Promise<Paged<SearchHit>> {
    const page = clampPage(filter);
    const phrases = searchPhrases(q);
    if (!phrases.length) return { items: [], total: 0, limit: page.limit, offset: page.offset };
    // plainto_tsquery reads its input as plain words (no operators); only letters and digits from
    // searchPhrases reach it, so quotes, colons and dashes in the box cannot change its meaning.
    const words = phrases.map((p) => p.join(" ")).join(" ");
    const where = ["d.tsv @@ query"];
    const values: unknown[] = [words];
    const add = (cond: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(cond(`$${values.length}`));
    };
    if (filter.outlet !== undefined) add((p) => `d.outlet = ${p}`, filter.outlet);
    if (filter.lang !== undefined) add((p) => `d.lang = ${p}`, filter.lang);
    const from = filterBound(filter.from, "from");
    const to = filterBound(filter.to, "to");
    if (from) add((p) => `d.published_day >= ${p}`, from);
    if (to) add((p) => `d.published_day <= ${p}`, to);
    if (filter.entity !== undefined) add((p) => `EXISTS (SELECT 1 FROM mentions m WHERE m.doc = d.id AND m.entity = ${p})`, filter.entity);
    const base = `FROM documents d, plainto_tsquery('english', $1) AS query WHERE numnode(query) > 0 AND ${where.join(" AND ")}`;
    const n = values.length;
    const [rows, count] = await Promise.all([
      this.q(
        `SELECT hit.id, hit.title, hit.outlet, hit.published, hit.lang, hit.score,
                ts_headline('english', left(hit.text, ${200_000}), plainto_tsquery('english', $1),
                  'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
         FROM (SELECT d.id, d.title, d.outlet, d.published, d.lang, d.text, ts_rank_cd(d.tsv, query) AS score
               ${base} ORDER BY score DESC, d.id LIMIT $${n + 1} OFFSET $${n + 2}) hit
         ORDER BY hit.score DESC, hit.id`,
        [...values, page.limit, page.offset],
      ),
      this.q<{ n: string }>(`SELECT count(*) AS n ${base}`, values),
    ]);
    return {
      items: rows.map((r) => ({
        doc: r.id as string,
        title: (r.title as string | null) ?? null,
        outlet: (r.outlet as string | null) ?? null,
        published: (r.published as string | null) ?? null,
        lang: r.lang as string,
        snippet: r.snippet as string,
        score: Number(r.score),
      })),
      total: Number(count[0]?.n ?? 0),
      limit: page.limit,
      offset: page.offset,
    };
  }

  async *exportRecords(): AsyncIterable<ExportRecord> {
    for await (const d of this.iterateDocuments()) yield d;
    for (const table of ["entities", "mentions", "events", "quotes", "claims", "provisions", "relations", "links"]) {
      let after = -1;
      for (;;) {
        const rows = await this.q<{ ord: number; json: ExportRecord }>(
          `SELECT ord, json FROM ${table} WHERE ord > $1 ORDER BY ord LIMIT $2`,
          [after, ITERATE_BATCH * 4],
        );
        for (const r of rows) yield r.json;
        if (rows.length < ITERATE_BATCH * 4) break;
        after = rows[rows.length - 1]!.ord;
      }
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
  // The stored json keeps "text" as an empty placeholder, so spreading keeps the key order.
  const doc = { ...(r.json as DocumentRecord), text: r.text as string };
  const prov = r.provenance as Partial<DocumentRecord> | null;
  if (prov) Object.assign(doc, prov);
  return doc;
}

function provenanceOf(d: KnowledgeBase["documents"][number]): Partial<DocumentRecord> {
  const out: Record<string, unknown> = {};
  for (const k of PROVENANCE_KEYS) if (d[k] !== undefined) out[k] = d[k];
  return out as Partial<DocumentRecord>;
}

function validateDocument(doc: DocumentRecord): void {
  if (!doc || typeof doc !== "object") throw new DossierError("BAD_INPUT", "document record missing");
  for (const k of ["id", "sha256", "source", "lang", "text"] as const) {
    if (typeof doc[k] !== "string") throw new DossierError("BAD_INPUT", `document record: "${k}" must be a string`);
  }
  if (!/^[0-9a-f]{64}$/.test(doc.sha256)) throw new DossierError("BAD_INPUT", `document record: invalid sha256 "${doc.sha256}"`);
  if (doc.text.includes("\u0000")) throw new DossierError("BAD_INPUT", `document ${doc.id}: text contains NUL characters`);
}

function simpleWhere(conds: Array<[column: string, value: string | undefined]>): { w: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  for (const [col, v] of conds) {
    if (v === undefined) continue;
    values.push(v);
    where.push(`${col} = $${values.length}`);
  }
  return { w: where.length ? `WHERE ${where.join(" AND ")}` : "", values };
}

interface KbTable {
  table: string;
  columns: string[];
  types: string[];
  rows: unknown[][];
}

/** Flattens a knowledge base into column-typed rows for `INSERT … SELECT * FROM unnest(…)`. */
function kbRows(kb: KnowledgeBase): KbTable[] {
  const t = (table: string, spec: Array<[string, string]>): KbTable => ({ table, columns: spec.map((s) => s[0]), types: spec.map((s) => s[1]), rows: [] });
  const entities = t("entities", [["id", "text"], ["ord", "int"], ["type", "text"], ["name", "text"], ["docs", "int"], ["mentions", "int"], ["json", "json"]]);
  const names = t("entity_names", [["entity", "text"], ["name_norm", "text"], ["is_primary", "boolean"]]);
  const mentions = t("mentions", [["ord", "int"], ["doc", "text"], ["entity", "text"], ["start", "int"], ['"end"', "int"], ["json", "json"]]);
  const events = t("events", [["id", "text"], ["ord", "int"], ["type", "text"], ["date", "text"], ["date_start", "text"], ["date_end", "text"], ["json", "json"]]);
  const eventEntities = t("event_entities", [["event", "text"], ["entity", "text"], ["role", "text"]]);
  const quotes = t("quotes", [["id", "text"], ["ord", "int"], ["doc", "text"], ["start", "int"], ["speaker", "text"], ["json", "json"]]);
  const claims = t("claims", [["id", "text"], ["ord", "int"], ["contested", "boolean"], ["independent_outlets", "int"], ["json", "json"]]);
  const claimEntities = t("claim_entities", [["claim", "text"], ["entity", "text"]]);
  const provisions = t("provisions", [["id", "text"], ["ord", "int"], ["agreement", "text"], ["json", "json"]]);
  const relations = t("relations", [["id", "text"], ["ord", "int"], ["source", "text"], ["target", "text"], ["type", "text"], ["json", "json"]]);
  const links = t("links", [["id", "text"], ["ord", "int"], ["doc", "text"], ["source", "text"], ["relation", "text"], ["json", "json"]]);
  const spans = t("evidence_spans", [["doc", "text"], ["start", "int"], ['"end"', "int"], ["record", "text"], ["kind", "text"], ["text", "text"], ["stance", "text"]]);

  kb.entities.forEach((e, i) => {
    entities.rows.push([e.id, i, e.type, e.name, e.docs, e.mentions, JSON.stringify(e)]);
    const seen = new Map<string, boolean>();
    const primary = normalizeName(e.name);
    if (primary) seen.set(primary, true);
    for (const a of e.aliases) {
      const n = normalizeName(a);
      if (n && !seen.has(n)) seen.set(n, false);
    }
    for (const [n, isPrimary] of seen) names.rows.push([e.id, n, isPrimary]);
  });
  kb.mentions.forEach((m, i) => mentions.rows.push([i, m.doc, m.entity, m.start, m.end, JSON.stringify(m)]));
  kb.events.forEach((v, i) => {
    const r = dateRange(v.date);
    events.rows.push([v.id, i, v.type, v.date, r?.start ?? null, r?.end ?? null, JSON.stringify(v)]);
    const roles = new Set<string>();
    const role = (entity: string | null, kind: string) => {
      if (!entity || roles.has(entity + "\u0000" + kind)) return;
      roles.add(entity + "\u0000" + kind);
      eventEntities.rows.push([v.id, entity, kind]);
    };
    v.actors.forEach((a) => role(a, "actor"));
    v.targets.forEach((a) => role(a, "target"));
    role(v.location, "location");
    for (const ev of v.evidence) spans.rows.push([ev.doc, ev.start, ev.end, v.id, "event", ev.text, null]);
  });
  kb.quotes.forEach((q, i) => quotes.rows.push([q.id, i, q.doc, q.start, q.speaker, JSON.stringify(q)]));
  kb.claims.forEach((c, i) => {
    const contested = c.asserted_by.length > 0 && c.denied_by.length > 0;
    claims.rows.push([c.id, i, contested, c.independent_outlets, JSON.stringify(c)]);
    const ents = new Set<string>([...c.asserted_by, ...c.denied_by, ...(c.reported_by ?? [])]);
    for (const ev of c.evidence) if (ev.actor) ents.add(ev.actor);
    for (const e of ents) claimEntities.rows.push([c.id, e]);
    for (const ev of c.evidence) spans.rows.push([ev.doc, ev.start, ev.end, c.id, "claim", ev.text, ev.stance]);
  });
  kb.provisions.forEach((p, i) => {
    provisions.rows.push([p.id, i, p.agreement, JSON.stringify(p)]);
    for (const ev of p.evidence) spans.rows.push([ev.doc, ev.start, ev.end, p.id, "provision", ev.text, null]);
  });
  kb.relations.forEach((r, i) => {
    relations.rows.push([r.id, i, r.source, r.target, r.type, JSON.stringify(r)]);
    for (const ev of r.evidence) spans.rows.push([ev.doc, ev.start, ev.end, r.id, "relation", ev.text, null]);
  });
  kb.links.forEach((l, i) => links.rows.push([l.id, i, l.doc, l.source, l.relation, JSON.stringify(l)]));
  return [entities, names, mentions, events, eventEntities, quotes, claims, claimEntities, provisions, relations, links, spans];
}
