/**
 * Which database a command uses, and the rule that only `ingest`, `demo` and `build` may create
 * one: a mistyped `--db` on `query`, `export`, `status` or `serve` must say so, not answer from a
 * fresh empty store.
 */
import { statSync, type Stats } from "node:fs";
import { DEFAULT_DB, isPostgresUrl, openStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";

/** The database a command means: `--db`, else `$DOSSIER_DB`, else `./dossier.db`. */
export function resolveDb(db: string | undefined): string {
  return db ?? process.env.DOSSIER_DB ?? DEFAULT_DB;
}

/**
 * Opens a store that must already exist (SQLite: the file is there and is a file; PostgreSQL: the
 * server answers, the schema is created by the store as before).
 * @throws DossierError `NOT_FOUND` "no database at PATH" when the SQLite file is missing, `USAGE`
 *   when the path is a directory.
 */
export async function openExistingStore(db: string | undefined): Promise<Store> {
  const target = resolveDb(db);
  if (!isPostgresUrl(target)) {
    let st: Stats;
    try {
      st = statSync(target);
    } catch {
      throw new DossierError(
        "NOT_FOUND",
        `no database at ${target} (create one with \`dossier ingest FILES --db ${target}\` or \`dossier demo\`; --db or DOSSIER_DB choose another)`,
      );
    }
    if (!st.isFile()) throw new DossierError("USAGE", `--db ${target} is a directory, not a database file`);
  }
  return openStore(target);
}
