/**
 * PostgreSQL backend of the {@link Store} interface, for corpora and teams that outgrow one
 * machine: many workers write through it at once (see `src/queue`), the web server reads from it.
 *
 * Same semantics as the SQLite backend (the shared contract suite `../contract.ts` runs against
 * both); PostgreSQL-specific parts: `tsvector` + GIN full-text search (`plainto_tsquery`, so user
 * text is never operator syntax; `ts_headline` snippets with «» markers; `ts_rank_cd` scores),
 * `ON CONFLICT (sha256) DO NOTHING` for race-free idempotent ingest, versioned migrations under an
 * advisory lock, and transparent retry of whole units of work while the server restarts.
 */
export { createPostgresStore, PostgresStore } from "./store.js";
export type { PostgresStoreOptions } from "./store.js";
export { parsePgUrl, redactUrl, isTransientPgError } from "./connection.js";
export { PG_MIGRATIONS } from "./migrations.js";
