/**
 * Ingest: files, directories, stdin and URLs → documents in the store, with per-input status.
 * See {@link ingestInputs}.
 */
export {
  ingestInputs,
  ingestFiles,
  buildDocument,
  kindFromName,
  looksLikeHtml,
  DEFAULT_MAX_BYTES,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_FETCH_CONCURRENCY,
  SUPPORTED_EXTENSIONS,
  MAX_LISTED_FAILURES_PER_FILE,
  type IngestOptions,
  type IngestSummary,
  type IngestProgress,
  type InMemoryFile,
} from "./ingest.js";
export {
  articlesFromJson,
  articlesFromJsonl,
  iterateJson,
  iterateJsonl,
  canonicalJson,
  type ArticleItem,
} from "./articles.js";
export {
  fetchCapped,
  gunzipCapped,
  readCapped,
  readFileCapped,
  formatBytes,
  type FetchOptions,
  type FetchedPage,
} from "./read.js";
export {
  createProgressBar,
  renderProgress,
  type ProgressBar,
  type ProgressBarOptions,
  type ProgressStream,
} from "./progress.js";
