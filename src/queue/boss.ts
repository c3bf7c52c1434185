/**
 * The one place that knows Dossier's queue sits on pg-boss (see docs/decisions/060-job-queue-pg-boss.md):
 * queue name, schema naming, per-job retry and visibility settings, and how to open a boss.
 */
import PgBoss from "pg-boss";
import { DossierError } from "../util/errors.js";
import { parsePgUrl, quoteIdent, redactUrl } from "../store/postgres/connection.js";

/** Name of the ingest queue (one job per input file or URL). */
export const INGEST_QUEUE = "dossier-ingest";

/** Settings shared by producers and workers. Defaults suit real corpora; tests shorten the times. */
export interface QueueOptions {
  /**
   * Schema of the queue's tables. Default: `dossier_queue`, or `<schema>_queue` when the URL names
   * a `?schema=` for the store, so each store gets its own queue.
   */
  queueSchema?: string;
  /** Attempts before a job is parked as failed (first try included). Default 3. */
  maxAttempts?: number;
  /**
   * Visibility timeout: a job still active this long after it started is taken to belong to a dead
   * worker and handed out again (counting as a failed attempt). Must exceed the slowest job.
   * Default 300 s.
   */
  visibilityTimeoutSeconds?: number;
  /** Delay before a failed job is retried (doubling per attempt). Default 2 s; 0 retries at once. */
  retryDelaySeconds?: number;
  /** How often workers look for expired jobs. Default 15 s (lower in tests). */
  superviseIntervalSeconds?: number;
}

/** The resolved settings, every field set. */
export type ResolvedQueueOptions = Required<QueueOptions>;

const POSITIVE_INT = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1;

/** Fills defaults and validates; `USAGE` errors name the bad option. */
export function resolveQueueOptions(dbUrl: string, opts: QueueOptions = {}): ResolvedQueueOptions {
  const target = parsePgUrl(dbUrl);
  const queueSchema = opts.queueSchema ?? (target.schema === "public" ? "dossier_queue" : `${target.schema}_queue`);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,49}$/.test(queueSchema)) {
    throw new DossierError(
      "USAGE",
      `invalid queue schema name "${queueSchema}" (letters, digits, _; at most 50 characters)`,
    );
  }
  const r: ResolvedQueueOptions = {
    queueSchema,
    maxAttempts: opts.maxAttempts ?? 3,
    visibilityTimeoutSeconds: opts.visibilityTimeoutSeconds ?? 300,
    retryDelaySeconds: opts.retryDelaySeconds ?? 2,
    superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 15,
  };
  if (!POSITIVE_INT(r.maxAttempts))
    throw new DossierError("USAGE", `maxAttempts must be a whole number ≥ 1, got ${r.maxAttempts}`);
  if (!POSITIVE_INT(r.visibilityTimeoutSeconds) || r.visibilityTimeoutSeconds >= 24 * 3600) {
    throw new DossierError(
      "USAGE",
      `visibilityTimeoutSeconds must be a whole number of seconds in [1, 86399], got ${r.visibilityTimeoutSeconds}`,
    );
  }
  if (!(Number.isInteger(r.retryDelaySeconds) && r.retryDelaySeconds >= 0)) {
    throw new DossierError("USAGE", `retryDelaySeconds must be a whole number ≥ 0, got ${r.retryDelaySeconds}`);
  }
  if (!POSITIVE_INT(r.superviseIntervalSeconds)) {
    throw new DossierError(
      "USAGE",
      `superviseIntervalSeconds must be a whole number ≥ 1, got ${r.superviseIntervalSeconds}`,
    );
  }
  return r;
}

/** Whether `schema` exists (the queue has been used at least once). */
export async function queueSchemaExists(boss: PgBoss, schema: string): Promise<boolean> {
  const db = boss.getDb();
  const res = await db.executeSql("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  return res.rows.length > 0;
}

/**
 * Opens and starts a pg-boss on `dbUrl` (creating or migrating its schema, idempotent across
 * processes) and makes sure the ingest queue exists.
 *
 * @param role `producer` and `reader` run no background maintenance; `worker` supervises expired
 *   jobs (the visibility timeout) every `superviseIntervalSeconds`.
 * @param onError receives pg-boss's background errors (lost connections during an outage…).
 */
export async function openBoss(
  dbUrl: string,
  opts: ResolvedQueueOptions,
  role: "producer" | "worker" | "reader",
  onError: (err: Error) => void,
  maxConnections = 4,
): Promise<PgBoss> {
  const target = parsePgUrl(dbUrl);
  const boss = new PgBoss({
    connectionString: target.connectionString,
    schema: opts.queueSchema,
    max: maxConnections,
    application_name: `dossier-${role}`,
    supervise: role === "worker",
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: opts.superviseIntervalSeconds,
    // Finished jobs stay in the job table a week so `dossier status` can report them, then move
    // to the archive (still counted), which is pruned after 30 days.
    archiveCompletedAfterSeconds: 7 * 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 30,
    retentionDays: 30,
  });
  boss.on("error", onError);
  try {
    await boss.start();
    await boss.createQueue(INGEST_QUEUE, {
      name: INGEST_QUEUE,
      retryLimit: opts.maxAttempts - 1,
      retryDelay: opts.retryDelaySeconds,
      retryBackoff: opts.retryDelaySeconds > 0,
      expireInSeconds: opts.visibilityTimeoutSeconds,
    });
    if (role !== "reader") await ensureFetchIndex(boss, opts.queueSchema);
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined); // the start error is the one to report
    throw new DossierError("STORE", `cannot open the job queue at ${redactUrl(dbUrl)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return boss;
}

/** Advisory-lock key serialising the creation of {@link ensureFetchIndex}'s index across processes. */
const FETCH_INDEX_LOCK_KEY = 0x0d05_51e5;

/**
 * pg-boss 10 fetches the next job with `ORDER BY priority DESC, created_on, id LIMIT n FOR UPDATE
 * SKIP LOCKED`, but its index is on `(name, start_after)`: every fetch sorts the whole backlog (a
 * full external sort, since the row lock sits between LIMIT and the sort). With 100,000 queued
 * files that is ~1 s per fetch. This partial index matches the ORDER BY, so a fetch reads one
 * index entry (0.1 ms measured at 100k queued). Created once, on the partitioned job table, so
 * every queue partition gets it.
 */
async function ensureFetchIndex(boss: PgBoss, schema: string): Promise<void> {
  const job = `${quoteIdent(schema)}.job`;
  await boss.getDb().executeSql(
    `DO $$ BEGIN
       PERFORM pg_advisory_xact_lock(${FETCH_INDEX_LOCK_KEY});
       CREATE INDEX IF NOT EXISTS dossier_job_fetch_order ON ${job} (name, priority DESC, created_on, id) WHERE state < 'active';
     END $$`,
    [],
  );
}

/** `schema.table` for raw SQL against pg-boss's tables (status queries only). */
export function queueTable(opts: ResolvedQueueOptions, table: "job" | "archive"): string {
  return `${quoteIdent(opts.queueSchema)}.${table}`;
}
