/**
 * Ingest: files, directories, stdin and URLs → cleaned documents in the store.
 *
 * Every input ends as exactly one of ingested / duplicate / failed-with-reason, recorded in the
 * run (`store.recordFile`) as soon as it is decided, so a killed run can simply be re-run: what
 * went in comes back as `duplicate`. One document is one store transaction. A bad input never
 * stops the others, and every read is size-capped while streaming.
 */
import type { Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import type { Readable } from "node:stream";
import { decodeBytes, looksBinary } from "../clean/decode.js";
import type { CleanedPage, PageInput } from "../model/pipeline.js";
import { SCHEMA_VERSION, type DocumentRecord } from "../model/records.js";
import type { FileStatus, Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";
import { documentId, sha256Hex } from "../util/ids.js";
import { iterateJson, iterateJsonl } from "./articles.js";
import { DEFAULT_MAX_BYTES, kindFromName, looksLikeHtml, type Kind } from "./kinds.js";
import { describeMissing, displayBytes, pathFromBytes } from "./names.js";
import {
  fetchCapped,
  formatBytes,
  gunzipCapped,
  isGzip,
  readCapped,
  readFileCapped,
  type FetchedPage,
} from "./read.js";

/** Progress of a run: `done` of `total` top-level inputs (files, URLs, stdin) handled. */
export interface IngestProgress {
  done: number;
  total: number | null;
  current: string;
}

/** Options for {@link ingestInputs}. */
export interface IngestOptions {
  /** The cleaner (`cleanPage` from src/clean): page → article body and metadata. */
  clean: (page: PageInput) => CleanedPage;
  /** Called after each newly stored document (not for duplicates). A throw is recorded on the file, not fatal. */
  onDocument?: (doc: DocumentRecord) => Promise<void> | void;
  /** Largest input read, in bytes (a file, a response body, stdin, a .gz file). Default 50 MB. */
  maxBytes?: number;
  /** Largest decompressed size of a `.gz` input. Default: `maxBytes`. */
  maxDecompressedBytes?: number;
  /** Whole-request timeout for URLs (headers and body), in ms. Default 30 000. */
  fetchTimeoutMs?: number;
  /** Redirects followed per URL. Default 5. */
  maxRedirects?: number;
  /** URLs fetched at once (ahead of the one being stored; results stay in input order). Default 4. */
  fetchConcurrency?: number;
  progress?: (p: IngestProgress) => void;
  /** Stops the run between inputs (and aborts a fetch in flight); the rest are recorded as failed "aborted". */
  signal?: AbortSignal;
  /** Stream read for the input `-`. Default `process.stdin`. */
  stdin?: Readable;
}

/** Result of {@link ingestInputs}. `files` lists every input in the order handled. */
export interface IngestSummary {
  run: string;
  ingested: number;
  duplicate: number;
  failed: number;
  files: FileStatus[];
  /** Files found in directories and not read: not articles (README.md, images) or the store's own files. */
  skipped: Array<{ source: string; reason: string }>;
  /** True when the signal stopped the run early. */
  aborted?: boolean;
}

export { DEFAULT_MAX_BYTES, kindFromName, looksLikeHtml } from "./kinds.js";

/** Default whole-request timeout for a URL input (headers and body): 30 s. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** Default number of redirects followed per URL. */
export const DEFAULT_MAX_REDIRECTS = 5;
/** Default number of URLs fetched at once. */
export const DEFAULT_FETCH_CONCURRENCY = 4;

/** Malformed JSON/JSONL entries listed one by one per file; the rest are summed into one record. */
export const MAX_LISTED_FAILURES_PER_FILE = 1000;

/** File extensions ingest reads (each also as `NAME.EXT.gz`). */
export const SUPPORTED_EXTENSIONS = [".txt", ".html", ".htm", ".json", ".jsonl"] as const;

/** One top-level input after expanding directories. */
type Unit =
  | { type: "file"; source: string; path: string | Buffer }
  | { type: "skipped"; source: string; reason: string }
  | { type: "stdin"; source: "-" }
  | { type: "url"; source: string }
  | { type: "bytes"; source: string; bytes: Uint8Array }
  | { type: "unreadable"; source: string; reason: string };

/** Kind of a page that came without a file name (stdin, URL): from its content type and content. */
function sniffKind(text: string, contentType: string | null): Kind {
  const ct = (contentType ?? "").toLowerCase();
  if (/json/.test(ct)) return /ndjson|jsonl|json-seq/.test(ct) ? "jsonl" : "json";
  if (/html|xml/.test(ct)) return "html";
  const head = text.trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return "json";
  if (looksLikeHtml(text)) return "html";
  return "text";
}

const NON_TEXT_CONTENT_TYPE =
  /^(?:image|audio|video|font)\/|^application\/(?:pdf|zip|octet-stream|x-tar|vnd\.|msword)/i;

/** Database files a SQLite store keeps beside itself (`dossier.db`, `-wal`, `-shm`, `-journal`). */
const STORE_FILE = /\.(?:db|sqlite3?)(?:-wal|-shm|-journal)?$/i;

/** Why a file found in a directory is skipped rather than read, or null to read it. */
function skipReason(name: string): string | null {
  if (kindFromName(name)) return null;
  if (STORE_FILE.test(name)) return "a database file, not an article";
  const ext = extname(name);
  return `not an article (${ext ? `${ext} file` : "no extension"})`;
}

/**
 * Expands inputs into units: directories walked recursively in sorted order, hidden entries
 * skipped, files of unsupported types found inside a directory listed as skipped (a README or the
 * store's own database is not a failure of the run). Directory entries are read as raw bytes, so a
 * name that is not valid UTF-8 is still read (and shown with `\xNN` escapes).
 */
async function expandInputs(inputs: string[]): Promise<Unit[]> {
  const units: Unit[] = [];
  const visitedDirs = new Set<string>();

  const walk = async (dir: string | Buffer, shown: string): Promise<void> => {
    const real = await realpath(dir);
    if (visitedDirs.has(real)) return; // a symlink loop or a directory given twice
    visitedDirs.add(real);
    let entries: Buffer[];
    try {
      entries = (await readdir(dir, { encoding: "buffer" })).filter((n) => n[0] !== 0x2e).sort(Buffer.compare);
    } catch (err) {
      units.push({ type: "unreadable", source: shown, reason: `cannot read directory: ${describeError(err)}` });
      return;
    }
    const dirBytes = typeof dir === "string" ? Buffer.from(dir, "utf8") : dir;
    for (const name of entries) {
      const bytes = Buffer.concat([dirBytes, Buffer.from(dirBytes[dirBytes.length - 1] === 0x2f ? "" : "/"), name]);
      const path = pathFromBytes(bytes);
      const source = join(shown, typeof path === "string" ? name.toString("utf8") : displayBytes(name));
      if (seen.has(source)) continue;
      seen.add(source);
      let st: Stats;
      try {
        st = await stat(path);
      } catch (err) {
        units.push({ type: "unreadable", source, reason: `cannot read: ${describeError(err)}` });
        continue;
      }
      if (st.isDirectory()) await walk(path, source);
      else if (st.isFile()) {
        const skip = skipReason(source);
        units.push(skip ? { type: "skipped", source, reason: skip } : { type: "file", source, path });
      } else units.push({ type: "unreadable", source, reason: "not a regular file (device, socket or pipe)" });
    }
  };

  const seen = new Set<string>();
  for (const input of inputs) {
    // The same input named twice is one input (a run records one status per source).
    if (seen.has(input)) continue;
    seen.add(input);
    if (input === "-") {
      units.push({ type: "stdin", source: "-" });
      continue;
    }
    if (/^https?:\/\//i.test(input)) {
      units.push({ type: "url", source: input });
      continue;
    }
    let st: Stats;
    try {
      st = await stat(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      units.push({
        type: "unreadable",
        source: input,
        reason: code === "ENOENT" ? describeMissing(input) : `cannot read: ${describeError(err)}`,
      });
      continue;
    }
    if (st.isDirectory()) {
      try {
        await walk(input, input);
      } catch (err) {
        units.push({ type: "unreadable", source: input, reason: `cannot read directory: ${describeError(err)}` });
      }
    } else if (st.isFile()) {
      units.push({ type: "file", source: input, path: input });
    } else {
      // Opening a FIFO would block until a writer appears; devices like /dev/zero never end.
      units.push({ type: "unreadable", source: input, reason: "not a regular file (device, socket or pipe)" });
    }
  }
  return units;
}

/** The document record for a cleaned page. Provenance fields start empty; the knowledge base fills them. */
export function buildDocument(
  source: string,
  sha256: string,
  cleaned: CleanedPage,
  warnings: string[],
  ingestedAt: string,
): DocumentRecord {
  const doc: DocumentRecord = {
    kind: "document",
    schema: SCHEMA_VERSION,
    id: documentId(sha256),
    sha256,
    source,
    title: cleaned.title,
    outlet: cleaned.outlet,
    url: cleaned.url,
    authors: cleaned.authors,
    published: cleaned.published,
    lang: cleaned.lang,
    text: cleaned.text,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
    modified: cleaned.modified,
    published_source: cleaned.published_source,
    translators: cleaned.translators,
    credits: cleaned.credits,
    ingested_at: ingestedAt,
  };
  if (warnings.length) doc.warnings = warnings;
  return doc;
}

/**
 * Ingests files, directories (recursively), `-` (stdin) and http(s) URLs into the store.
 *
 * Supported files: `.txt .html .htm .json .jsonl`, each optionally gzipped (`.gz`); other
 * extensions are recorded as failed "unsupported file type" (never silently skipped); hidden files
 * inside directories are skipped. JSON/JSONL inputs hold one article per object, each its own input
 * (`file.jsonl#N`) whose dedup bytes are the object's canonical JSON. Dedup is by SHA-256 of the
 * raw (decompressed) bytes; the document id is `documentId(sha)`.
 *
 * @returns the run id, counts and one status per input, in order.
 * @throws DossierError only when the store itself fails (a run that cannot be recorded cannot
 *   be trusted); every input problem becomes a failed status instead.
 * @example
 * const summary = await ingestInputs(store, ["corpus/", "https://example.org/a.html"], { clean: cleanPage });
 * console.log(summary.ingested, summary.failed);
 */
export async function ingestInputs(store: Store, inputs: string[], opts: IngestOptions): Promise<IngestSummary> {
  if (typeof opts?.clean !== "function") throw new DossierError("USAGE", "ingestInputs needs a clean function");
  if (!Array.isArray(inputs)) throw new DossierError("USAGE", "ingestInputs needs a list of inputs");
  return runIngest(store, () => expandInputs(inputs), opts);
}

/** One file received in memory (an HTTP upload): its name decides how it is read, as for a file. */
export interface InMemoryFile {
  /** Name as the client gave it, e.g. `article.html.gz`; becomes the document's `source`. */
  name: string;
  bytes: Uint8Array;
}

/**
 * Ingests files already in memory (HTTP uploads) exactly as {@link ingestInputs} ingests files on
 * disk: the name's extension decides the format (`.gz` decompressed with the same cap), JSON/JSONL
 * objects become `name#N` inputs, and the same caps, dedup and per-file statuses apply. Nothing is
 * written to disk, and each document's `source` is the client's name, not a temporary path.
 * @example
 * const summary = await ingestFiles(store, [{ name: "a.html", bytes }], { clean: cleanPage });
 */
export async function ingestFiles(store: Store, files: InMemoryFile[], opts: IngestOptions): Promise<IngestSummary> {
  if (typeof opts?.clean !== "function") throw new DossierError("USAGE", "ingestFiles needs a clean function");
  if (!Array.isArray(files)) throw new DossierError("USAGE", "ingestFiles needs a list of files");
  return runIngest(
    store,
    async () =>
      files.map((f, i): Unit => {
        const source = typeof f?.name === "string" && f.name.trim() ? f.name : `upload-${i}`;
        return f?.bytes instanceof Uint8Array
          ? { type: "bytes", source, bytes: f.bytes }
          : { type: "unreadable", source, reason: "no file content received" };
      }),
    opts,
  );
}

/**
 * What the phases of one ingest run share: the store and options, the caps, the statuses recorded
 * so far, progress counters and the URL prefetches in flight.
 */
interface RunState {
  store: Store;
  opts: IngestOptions;
  /** Id of the run in the store. */
  runId: string;
  maxBytes: number;
  maxDecompressed: number;
  /** Every input's status, in the order recorded. */
  files: FileStatus[];
  skipped: Array<{ source: string; reason: string }>;
  /** Top-level inputs handled. */
  done: number;
  /** Top-level inputs in the run, once listed. */
  total: number | null;
  /** Every unit of the run, in order (URL prefetching looks ahead in it). */
  units: Unit[];
  fetchConcurrency: number;
  fetchOptions: Parameters<typeof fetchCapped>[1];
  /** Fetches started ahead of their turn, by URL. */
  prefetched: Map<string, Promise<FetchedPage>>;
}

/** The shared run: records every unit's outcome, in order, in one ingest run. */
async function runIngest(store: Store, listUnits: () => Promise<Unit[]>, opts: IngestOptions): Promise<IngestSummary> {
  const state = await startRunState(store, opts);
  state.units = await listUnits();
  state.total = state.units.length;
  let aborted = false;
  for (let i = 0; i < state.units.length; i++) {
    const unit = state.units[i];
    if (!aborted) opts.progress?.({ done: state.done, total: state.total, current: unit.source });
    if (opts.signal?.aborted) {
      aborted = true;
      await recordStatus(state, { source: unit.source, status: "failed", reason: "aborted" });
      continue;
    }
    startPrefetches(state, i);
    await ingestUnit(state, unit);
    state.done++;
  }
  opts.progress?.({ done: state.done, total: state.total, current: "" });
  const finished = await store.finishRun(state.runId);
  return {
    run: state.runId,
    ingested: finished.ingested,
    duplicate: finished.duplicate,
    failed: finished.failed,
    files: state.files,
    skipped: state.skipped,
    ...(aborted || opts.signal?.aborted ? { aborted: true } : {}),
  };
}

/** Checks the caps in the options (a bad one is a usage error), then opens the run in the store. */
async function startRunState(store: Store, opts: IngestOptions): Promise<RunState> {
  const maxBytes = positive(opts.maxBytes, DEFAULT_MAX_BYTES, "maxBytes");
  const maxDecompressed = positive(opts.maxDecompressedBytes, maxBytes, "maxDecompressedBytes");
  const fetchTimeoutMs = positive(opts.fetchTimeoutMs, DEFAULT_FETCH_TIMEOUT_MS, "fetchTimeoutMs");
  const maxRedirects = Math.max(0, Math.floor(opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS));
  const run = await store.startRun();
  return {
    store,
    opts,
    runId: run.id,
    maxBytes,
    maxDecompressed,
    files: [],
    skipped: [],
    done: 0,
    total: null,
    units: [],
    fetchConcurrency: Math.max(1, Math.floor(opts.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY)),
    fetchOptions: { maxBytes, timeoutMs: fetchTimeoutMs, maxRedirects, signal: opts.signal },
    prefetched: new Map(),
  };
}

/** Records one input's status in the store and in the summary. */
async function recordStatus(state: RunState, status: FileStatus): Promise<void> {
  await state.store.recordFile(state.runId, status);
  state.files.push(status);
}

/**
 * URLs are fetched up to `fetchConcurrency` ahead of the one being stored, so a list of slow
 * servers costs about one timeout per window, while results are still recorded in input order.
 */
function startPrefetches(state: RunState, from: number): void {
  const { units, prefetched } = state;
  for (let j = from, started = 0; j < units.length && started < state.fetchConcurrency; j++) {
    const u = units[j];
    if (u.type !== "url") continue;
    started++;
    if (prefetched.has(u.source)) continue;
    const p = fetchCapped(u.source, state.fetchOptions);
    p.catch(() => undefined); // observed when its turn comes; this only marks the rejection as handled meanwhile
    prefetched.set(u.source, p);
  }
}

/** The page of a URL: its prefetch when one was started, else a fetch now. */
function fetchUrl(state: RunState, url: string): Promise<FetchedPage> {
  const p = state.prefetched.get(url) ?? fetchCapped(url, state.fetchOptions);
  state.prefetched.delete(url);
  return p;
}

/** Why a file name is refused: its extension is not one ingest reads. */
function unsupportedTypeReason(source: string): string {
  const ext = extname(source);
  return `unsupported file type${ext ? ` (${ext})` : " (no extension)"}; expected ${SUPPORTED_EXTENSIONS.join(" ")} or .gz`;
}

/** Reads one unit's bytes (capped) and ingests them; every problem becomes a failed status. */
async function ingestUnit(state: RunState, unit: Unit): Promise<void> {
  const { opts, maxBytes, maxDecompressed } = state;
  const fail = (reason: string) => recordStatus(state, { source: unit.source, status: "failed", reason });
  try {
    switch (unit.type) {
      case "unreadable":
        return await fail(unit.reason);
      case "skipped":
        state.skipped.push({ source: unit.source, reason: unit.reason });
        return;
      case "file": {
        const how = kindFromName(basename(unit.source));
        if (!how) return await fail(unsupportedTypeReason(unit.source));
        let bytes = await readFileCapped(unit.path, maxBytes);
        if (how.gzip) bytes = await gunzipCapped(bytes, maxDecompressed);
        return await ingestBytes(state, unit.source, bytes, how.kind, null, null);
      }
      case "bytes": {
        const how = kindFromName(basename(unit.source));
        if (!how) return await fail(unsupportedTypeReason(unit.source));
        if (unit.bytes.byteLength > maxBytes)
          return await fail(`file is ${formatBytes(unit.bytes.byteLength)}; the limit is ${formatBytes(maxBytes)}`);
        let bytes = Buffer.from(unit.bytes.buffer, unit.bytes.byteOffset, unit.bytes.byteLength);
        if (how.gzip) bytes = await gunzipCapped(bytes, maxDecompressed);
        return await ingestBytes(state, unit.source, bytes, how.kind, null, null);
      }
      case "stdin": {
        const stream = opts.stdin ?? process.stdin;
        let bytes = await readCapped(stream, maxBytes, "standard input");
        if (isGzip(bytes)) bytes = await gunzipCapped(bytes, maxDecompressed);
        return await ingestBytes(state, unit.source, bytes, null, null, null);
      }
      case "url": {
        const page = await fetchUrl(state, unit.source);
        if (page.contentType && NON_TEXT_CONTENT_TYPE.test(page.contentType) && !isGzip(page.bytes)) {
          return await fail(`unsupported content type ${page.contentType.split(";")[0]}`);
        }
        let bytes = page.bytes;
        if (isGzip(bytes)) bytes = await gunzipCapped(bytes, maxDecompressed);
        const named = kindFromName(new URL(page.finalUrl).pathname);
        const kind = named && (named.kind === "json" || named.kind === "jsonl") ? named.kind : null;
        return await ingestBytes(state, unit.source, bytes, kind, page.contentType, page.finalUrl);
      }
    }
  } catch (err) {
    if (err instanceof DossierError && err.code === "STORE") throw err;
    return await fail(describeError(err));
  }
}

/** Decodes bytes and ingests them as one page or as JSON articles. */
async function ingestBytes(
  state: RunState,
  source: string,
  bytes: Buffer,
  kind: Kind | null,
  contentType: string | null,
  url: string | null,
): Promise<void> {
  const record = (status: FileStatus) => recordStatus(state, status);
  if (bytes.length === 0) return record({ source, status: "failed", reason: "empty file" });
  if (looksBinary(bytes)) return record({ source, status: "failed", reason: "binary content, not text or HTML" });
  const decoded = decodeBytes(bytes, { contentType });
  if (!decoded.text.trim()) return record({ source, status: "failed", reason: "empty file (only whitespace)" });
  const k = kind ?? sniffKind(decoded.text, contentType);
  if (k === "json" || k === "jsonl") return ingestJsonArticles(state, source, decoded, k);
  // A .txt that is really markup is read as HTML; a .html without a single tag is read as text.
  const format: "html" | "text" =
    (k === "html" && /<[a-zA-Z!/?]/.test(decoded.text.slice(0, 65_536))) || looksLikeHtml(decoded.text)
      ? "html"
      : "text";
  await record(
    await guardItem(source, () =>
      ingestPage(state, source, bytes, () => ({ source, content: decoded.text, format, url }), decoded.warnings),
    ),
  );
}

/** Ingests every article object of a JSON or JSON Lines file as its own `source#N` input. */
async function ingestJsonArticles(
  state: RunState,
  source: string,
  decoded: { text: string; warnings: string[] },
  kind: "json" | "jsonl",
): Promise<void> {
  const { opts } = state;
  const record = (status: FileStatus) => recordStatus(state, status);
  let any = false;
  let articles = 0;
  let listedFailures = 0;
  const unlisted = { count: 0, first: "", last: "" };
  for (const item of kind === "json" ? iterateJson(decoded.text, source) : iterateJsonl(decoded.text, source)) {
    any = true;
    // Long JSONL files report each line, so the bar keeps moving inside one input.
    opts.progress?.({ done: state.done, total: state.total, current: item.source });
    if (opts.signal?.aborted) {
      await record({
        source: `${item.source}…`,
        status: "failed",
        reason: "aborted: this and the following lines were not read",
      });
      break;
    }
    if (!item.ok) {
      // A file of millions of junk lines must not become millions of run rows: past a limit
      // the rest are counted into one record that names their range. A file whose first
      // entries are all junk is not JSON Lines at all: the rest is not read.
      if (listedFailures >= MAX_LISTED_FAILURES_PER_FILE && articles === 0) {
        await record({
          source: `${item.source}…`,
          status: "failed",
          reason: `not read: the first ${MAX_LISTED_FAILURES_PER_FILE} entries of this file were all malformed, so the rest was skipped`,
        });
        break;
      }
      if (listedFailures < MAX_LISTED_FAILURES_PER_FILE) {
        listedFailures++;
        await record({ source: item.source, status: "failed", reason: item.reason });
      } else {
        unlisted.count++;
        unlisted.first ||= item.source;
        unlisted.last = item.source;
      }
      continue;
    }
    articles++;
    await record(
      await guardItem(item.source, () => ingestPage(state, item.source, item.raw, () => item.page, decoded.warnings)),
    );
  }
  if (unlisted.count) {
    const range = `${unlisted.first.slice(unlisted.first.lastIndexOf("#"))}…${unlisted.last.slice(unlisted.last.lastIndexOf("#") + 1)}`;
    await record({
      source: `${source}${range}`,
      status: "failed",
      reason: `${unlisted.count} more malformed entries (${range}), not listed one by one`,
    });
  }
  if (!any) await record({ source, status: "failed", reason: "no JSON objects found" });
}

/** Stores one page item (deduplicated by the raw bytes' hash, cleaned, then handed to `onDocument`); returns its final status. */
async function ingestPage(
  state: RunState,
  source: string,
  raw: Uint8Array,
  page: () => PageInput,
  decodeWarnings: string[],
): Promise<FileStatus> {
  const { store, opts } = state;
  const sha = sha256Hex(raw);
  const existing = await store.findBySha(sha);
  if (existing) return { source, status: "duplicate", doc: existing, sha256: sha };
  let cleaned: CleanedPage;
  try {
    cleaned = opts.clean(page());
  } catch (err) {
    return { source, status: "failed", sha256: sha, reason: `cleaning failed: ${describeError(err)}` };
  }
  if (!cleaned || typeof cleaned.text !== "string" || !cleaned.text.trim()) {
    return { source, status: "failed", sha256: sha, reason: "no article text found" };
  }
  const warnings = [...decodeWarnings, ...(cleaned.warnings ?? [])];
  const doc = buildDocument(source, sha, cleaned, warnings, new Date().toISOString());
  const res = await store.insertDocument(doc, raw);
  if (res.status === "duplicate") return { source, status: "duplicate", doc: res.id, sha256: sha };
  let reason = warnings.length ? warnings.join("; ") : null;
  if (opts.onDocument) {
    try {
      await opts.onDocument(doc);
    } catch (err) {
      reason = [reason, `stored, but onDocument failed: ${describeError(err)}`].filter(Boolean).join("; ");
    }
  }
  return { source, status: "ingested", doc: doc.id, sha256: sha, reason };
}

/** Runs a per-item step; input errors become a failed status, store errors propagate. */
async function guardItem(source: string, fn: () => Promise<FileStatus>): Promise<FileStatus> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DossierError && err.code === "STORE") throw err;
    return { source, status: "failed", reason: describeError(err) };
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new DossierError("USAGE", `${name} must be a positive number, got ${value}`);
  return Math.floor(value);
}
