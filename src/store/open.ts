/**
 * Opens the store a command or server should use: a SQLite file by default, PostgreSQL for a
 * `postgres://` / `postgresql://` URL.
 */
import { DossierError, describeError } from "../util/errors.js";
import { createSqliteStore } from "./sqlite/index.js";
import type { Store } from "./store.js";

/** Where the store lives when neither `--db` nor `DOSSIER_DB` says otherwise. */
export const DEFAULT_DB = "./dossier.db";

/** True when `db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/**
 * Opens and initialises (migrates) a store.
 *
 * @param db a SQLite file path (created when missing) or a `postgres://` / `postgresql://` URL;
 *   defaults to `$DOSSIER_DB`, then `./dossier.db`.
 * @returns a ready store; the caller closes it.
 * @throws DossierError `STORE` when the database cannot be opened or migrated, or when the
 *   PostgreSQL backend cannot be loaded.
 * @example
 * const store = await openStore(); // ./dossier.db
 * const pg = await openStore("postgres://dossier@127.0.0.1/dossier");
 */
export async function openStore(db?: string): Promise<Store> {
  const target = db ?? process.env.DOSSIER_DB ?? DEFAULT_DB;
  if (!target.trim()) throw new DossierError("USAGE", "the database path is empty");
  let store: Store;
  if (isPostgresUrl(target)) {
    let mod: { createPostgresStore?: (url: string) => Store };
    try {
      mod = (await import("./postgres/index.js")) as { createPostgresStore?: (url: string) => Store };
    } catch (err) {
      throw new DossierError(
        "STORE",
        `the PostgreSQL backend could not be loaded (${describeError(err)}); use a SQLite path instead`,
        {
          cause: err,
        },
      );
    }
    if (typeof mod.createPostgresStore !== "function") {
      throw new DossierError("STORE", "the PostgreSQL backend does not export createPostgresStore(url)");
    }
    store = mod.createPostgresStore(target);
  } else {
    store = createSqliteStore(target);
  }
  try {
    await store.init();
  } catch (err) {
    await store.close().catch(() => undefined); // the init error is the one worth reporting
    throw err instanceof DossierError
      ? err
      : new DossierError("STORE", `cannot initialise the store: ${describeError(err)}`, { cause: err });
  }
  return store;
}
