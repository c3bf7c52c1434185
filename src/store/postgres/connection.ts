/**
 * Connection handling for the PostgreSQL store: URL parsing (with Dossier's own `schema` query
 * parameter), the pool, and retrying work when the server is briefly unreachable (a restart, a
 * fail-over), so that a worker rides out an outage instead of burning its job's attempts.
 */
import pg from "pg";
import { DossierError } from "../../util/errors.js";

/** Options of {@link createPool} and of the store built on it. */
export interface PgConnectionOptions {
  /**
   * Schema holding Dossier's tables (created when missing). Default: the URL's `schema` query
   * parameter, else `public`.
   */
  schema?: string;
  /** Largest number of pooled connections. Default 10. */
  maxConnections?: number;
  /**
   * How long one operation keeps retrying while the server is unreachable before it fails with
   * a `STORE` error. Default 60 000 ms; 0 disables retrying.
   */
  retryForMs?: number;
  /** Called when an idle pooled connection dies (the pool replaces it). Default: a process warning. */
  onIdleError?: (err: Error) => void;
}

/** A parsed connection target: the URL pg should see, and the schema Dossier works in. */
export interface PgTarget {
  connectionString: string;
  schema: string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Splits Dossier's `schema` query parameter off a `postgres://` URL and validates both.
 * @example parsePgUrl("postgres://u@h/db?schema=news").schema // "news"
 */
export function parsePgUrl(url: string, schemaOverride?: string): PgTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new DossierError("USAGE", `not a valid PostgreSQL URL: ${redactUrl(url)}`, { cause: err });
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new DossierError("USAGE", `not a PostgreSQL URL (expected postgres://…): ${redactUrl(url)}`);
  }
  const fromUrl = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  const schema = schemaOverride ?? fromUrl ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new DossierError(
      "USAGE",
      `invalid schema name "${schema}": letters, digits and _ only, not starting with a digit`,
    );
  }
  return { connectionString: parsed.toString(), schema };
}

/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** Double-quoted SQL identifier (the name is validated by {@link parsePgUrl}; quotes doubled anyway). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/**
 * A pool whose every connection works in `target.schema` (set as a startup parameter, so it holds
 * even for connections opened after a server restart).
 */
export function createPool(target: PgTarget, opts: PgConnectionOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: opts.maxConnections ?? 10,
    options: `-c search_path=${quoteIdent(target.schema)},public`,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  const onIdleError =
    opts.onIdleError ??
    ((err: Error) =>
      process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, { code: "DOSSIER_PG_IDLE" }));
  // An idle client's socket dying (server restart) is emitted here; without a listener it would
  // crash the process. The pool drops the client and the next query opens a new one.
  pool.on("error", onIdleError);
  return pool;
}

const TRANSIENT_CODES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);
const TRANSIENT_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENOENT",
]);

/**
 * Whether an error means "the server is (briefly) not there" or "try the transaction again", as
 * opposed to a fault in the statement. Class 08 (connection exception) and the codes above count,
 * and so do the socket errors and pg's own "Connection terminated…" messages.
 */
export function isTransientPgError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  // 08P01 (protocol violation) is class 08 but a statement's own error (e.g. a bind with the wrong
  // number of parameters): retrying it only delays the error by the whole retry window.
  if (code === "08P01") return false;
  if (code.startsWith("08") || TRANSIENT_CODES.has(code) || TRANSIENT_ERRNO.has(code)) return true;
  const msg = typeof e.message === "string" ? e.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error|server closed the connection|the database system is (starting up|shutting down)/i.test(
    msg,
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` and, while it fails with a transient error, runs it again with capped exponential
 * back-off until `retryForMs` has passed. `work` must be safe to repeat (a whole transaction, an
 * idempotent statement). Non-transient errors pass through at once.
 */
export async function withReconnect<T>(retryForMs: number, what: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + retryForMs;
  let delay = 100;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (!isTransientPgError(err)) throw err;
      if (Date.now() + delay > deadline) {
        throw new DossierError(
          "STORE",
          `PostgreSQL unreachable during ${what} (gave up after ${retryForMs} ms): ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
