import pg from "pg";
import { parsePgUrl } from "../store/postgres/connection.js";
import { DossierError, describeError } from "../util/errors.js";
import { INGEST_QUEUE, queueTable, resolveQueueOptions, type QueueOptions, type ResolvedQueueOptions } from "./boss.js";

/** One input the queue gave up on, or that its worker reported as failed. */
export interface FailedJob {
  input: string;
  error: string;
  attempts: number;
}

/** State of the ingest queue, for `dossier status`, the API and the UI. */
export interface QueueStatus {
  /** Waiting for a worker, including jobs waiting to be retried. */
  queued: number;
  /** Held by a worker right now (or by a dead one, until its visibility timeout). */
  active: number;
  /** Finished: ingested or duplicate. */
  done: number;
  /** Failed inputs, newest first: jobs parked after their last attempt and inputs a worker reported as failed (capped by `failedLimit`). */
  failed: FailedJob[];
  /** How many failed inputs there are in all (the list may be shorter). */
  failedTotal: number;
}

/** Options of {@link queueStatus}. */
export interface QueueStatusOptions extends QueueOptions {
  /** Longest failed list returned. Default 100. */
  failedLimit?: number;
}

interface SqlRunner {
  executeSql(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Counts of queued (created + retry) and active jobs; used by draining workers. */
export async function countJobs(db: SqlRunner, q: ResolvedQueueOptions): Promise<{ queued: number; active: number }> {
  const res = await db.executeSql(
    `SELECT count(*) FILTER (WHERE state IN ('created', 'retry')) AS queued, count(*) FILTER (WHERE state = 'active') AS active
     FROM ${queueTable(q, "job")} WHERE name = $1`,
    [INGEST_QUEUE],
  );
  if (!res?.rows?.[0]) throw new DossierError("STORE", "queue count returned nothing (database unreachable?)");
  return { queued: Number(res.rows[0].queued), active: Number(res.rows[0].active) };
}

/**
 * Reads the ingest queue's state. Read-only: a database where nothing was ever queued answers
 * zeros without creating anything.
 * @example const s = await queueStatus(url); console.log(`${s.queued} queued, ${s.failed.length} failed`);
 */
export async function queueStatus(dbUrl: string, opts: QueueStatusOptions = {}): Promise<QueueStatus> {
  const q = resolveQueueOptions(dbUrl, opts);
  const limit = Math.max(0, Math.min(10_000, Math.floor(opts.failedLimit ?? 100)));
  const client = new pg.Client({
    connectionString: parsePgUrl(dbUrl).connectionString,
    application_name: "dossier-status",
  });
  try {
    await client.connect();
  } catch (err) {
    throw new DossierError("STORE", `cannot reach the queue database: ${describeError(err)}`, { cause: err });
  }
  client.on("error", () => undefined); // a connection lost after the queries is of no consequence: end() follows
  try {
    const exists = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'job'", [
      q.queueSchema,
    ]);
    if (!exists.rows.length) return { queued: 0, active: 0, done: 0, failed: [], failedTotal: 0 };
    const job = queueTable(q, "job");
    const archive = queueTable(q, "archive");
    // A job is a failed input when pg-boss parked it (state failed) or when its worker finished it
    // with a failed FileStatus (bad input: not worth retrying).
    const failedWhere = `name = $1 AND (state = 'failed' OR (state = 'completed' AND output->>'status' = 'failed'))`;
    const counts = await client.query(
      `SELECT
         count(*) FILTER (WHERE state IN ('created', 'retry')) AS queued,
         count(*) FILTER (WHERE state = 'active') AS active,
         count(*) FILTER (WHERE state = 'completed' AND coalesce(output->>'status', '') <> 'failed') AS done,
         count(*) FILTER (WHERE state = 'failed' OR (state = 'completed' AND output->>'status' = 'failed')) AS failed
       FROM (SELECT state, output FROM ${job} WHERE name = $1 UNION ALL SELECT state, output FROM ${archive} WHERE name = $1) j`,
      [INGEST_QUEUE],
    );
    const failed = await client.query(
      `SELECT data->>'input' AS input, output, state, retry_count, completed_on FROM (
         SELECT data, output, state, retry_count, completed_on FROM ${job} WHERE ${failedWhere}
         UNION ALL
         SELECT data, output, state, retry_count, completed_on FROM ${archive} WHERE ${failedWhere}
       ) f ORDER BY completed_on DESC NULLS LAST LIMIT $2`,
      [INGEST_QUEUE, limit],
    );
    const c = counts.rows[0] ?? {};
    return {
      queued: Number(c.queued ?? 0),
      active: Number(c.active ?? 0),
      done: Number(c.done ?? 0),
      failedTotal: Number(c.failed ?? 0),
      failed: failed.rows.map((r) => ({
        input: String(r.input ?? ""),
        error: failureMessage(r.output),
        attempts: Number(r.retry_count ?? 0) + 1,
      })),
    };
  } catch (err) {
    throw new DossierError("STORE", `reading the queue status failed: ${describeError(err)}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined); // closing a dead connection has nothing to report
  }
}

/** The message in a job's output: `{message}` from a thrown error or `{reason}` from a failed FileStatus. */
function failureMessage(output: unknown): string {
  if (output && typeof output === "object") {
    const o = output as Record<string, unknown>;
    if (typeof o.reason === "string" && o.reason) return o.reason;
    if (typeof o.message === "string" && o.message) return o.message;
    const v = o.value as Record<string, unknown> | undefined;
    if (v && typeof v.message === "string") return v.message;
  }
  return "unknown error";
}
