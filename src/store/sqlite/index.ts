/**
 * The embedded SQLite backend (default). `createSqliteStore(path)` returns a {@link Store}; call
 * `init()` before use, or open it through `openStore()` in `../open.ts`.
 */
export { createSqliteStore, SqliteStore, type SqliteStoreOptions } from "./store.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
export { readDocumentText, registerTextFunction, TEXT_FUNCTION } from "./text-column.js";
export {
  clampPage,
  compareVersions,
  dateRange,
  filterBound,
  fts5PlainQuery,
  markSnippet,
  MATCH_OPEN,
  MATCH_CLOSE,
  normalizeName,
  searchPhrases,
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  type DayRange,
} from "../semantics.js";
