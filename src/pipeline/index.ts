/**
 * The pipeline glue: runs the stages in order over a store.
 *
 *   ingest (src/ingest) → clean (src/clean) → analyse each document (src/nlp + src/extract)
 *   → build the knowledge base across documents (src/kb: provenance, entity resolution, merge)
 *
 * Stages are pure functions; this module does the I/O through the {@link Store}.
 */
import { SCHEMA_VERSION, type DocumentRecord } from "../model/records.js";
import { DossierError } from "../util/errors.js";
import type { DocAnalysis, Store } from "../store/store.js";
import { analyzeText } from "../nlp/index.js";
import { extractFacts } from "../extract/index.js";
import { AnalysisPool, defaultAnalysisThreads } from "./parallel.js";
import { cleanPage } from "../clean/index.js";
import { ingestInputs, type IngestSummary } from "../ingest/index.js";
import { ANALYSIS_VERSION } from "./version.js";
import { AnalysisWindow, MIN_DOCS_FOR_THREADS, WINDOW_PER_THREAD } from "./window.js";

export { ANALYSIS_VERSION } from "./version.js";
export { AnalysisWindow, MIN_DOCS_FOR_THREADS } from "./window.js";


/**
 * Runs the language layer and extraction on one document. Pure: no I/O. A document the layers
 * refuse (too large, binary) gets an empty analysis whose note says why, so one bad document never
 * stops the knowledge base from being built over the others.
 */
export function analyseDocument(doc: DocumentRecord): DocAnalysis {
  try {
    const nlp = analyzeText(doc.text, { lang: doc.lang, published: doc.published, outlet: doc.outlet });
    const facts = extractFacts({ doc: doc.id, text: doc.text, published: doc.published, nlp });
    return { doc: doc.id, version: ANALYSIS_VERSION, nlp, facts };
  } catch (err) {
    if (!(err instanceof DossierError)) throw err;
    return {
      doc: doc.id,
      version: ANALYSIS_VERSION,
      nlp: {
        lang: doc.lang,
        sentences: [],
        tokens: [],
        entities: [],
        mentions: [],
        times: [],
        notes: [`analysis skipped: ${err.message}`],
      },
      facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
    };
  }
}

/**
 * Loads every model the analysis uses (tokenizer, tagger, parser, entity recogniser, gazetteer,
 * time expressions, event coder) by analysing a short made-up text, so that a worker thread pays
 * the load while its caller is still reading pages rather than on its first document.
 */
export function warmUpAnalysis(): void {
  analyseDocument({
    kind: "document",
    schema: SCHEMA_VERSION,
    id: "doc_warmup",
    sha256: "",
    source: "warm-up",
    title: null,
    outlet: null,
    url: null,
    authors: [],
    published: "2020-01-06",
    lang: "en",
    text: WARM_UP_TEXT,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
  });
}

/** A made-up paragraph that reaches every stage: a person with a role, places, a date, a quote, an event. */
const WARM_UP_TEXT =
  'The mayor of Springfield, Jane Doe, met union leaders in Boston on Tuesday. "We agreed to keep talking," she said. ' +
  "Police arrested two protesters outside the hall, according to a statement from the city.";

/** Options of {@link buildKnowledgeBase}. */
export interface BuildOptions {
  /** A line of progress for a log (`analysed 25/200`). */
  onProgress?: (msg: string) => void;
  /** Documents analysed so far, of those stale at the start. */
  onAnalysed?: (done: number, total: number) => void;
  /** Called once when analysis is over and the cross-document merge begins. */
  onMergeStart?: () => void;
  /** Rebuild from every stored document instead of merging only the new ones. */
  full?: boolean;
  batchSize?: number;
  /** Upper bound on analysis worker threads. */
  threads?: number;
}

export interface BuildStats {
  documents: number;
  analysed: number;
  /** Documents merged into the knowledge base by this build. */
  merged: number;
  /** True when the knowledge base was rebuilt from nothing (`--full`, or a newer analysis version). */
  full: boolean;
  ms: { analyse: number; merge: number };
  /** Analysis threads used (1: analysed on the calling thread). */
  threads: number;
}

/**
 * What the knowledge base keeps of an analysis: entities, mentions, notes and facts. Tokens,
 * sentences and time expressions are inputs of extraction only; no surface reads them back, and
 * they were most of the store (see docs/decisions on storage per document).
 */
export function storedAnalysis(a: DocAnalysis): DocAnalysis {
  return { ...a, nlp: { ...a.nlp, sentences: [], tokens: [], times: [] } };
}

/**
 * Brings every document's analysis up to date, then merges the documents not yet in the knowledge
 * base into it incrementally (src/kb/incremental.ts): the cost follows the new documents and the
 * records they touch, not the corpus. With `full`, or when documents already merged were analysed
 * again by a newer pipeline, the knowledge base is rebuilt from nothing (same result as merging
 * every document incrementally, in any order).
 */
export async function buildKnowledgeBase(store: Store, opts: BuildOptions = {}): Promise<BuildStats> {
  const t0 = performance.now();
  const stale = await store.listUnanalysed(ANALYSIS_VERSION);
  const unmergedBefore = new Set(await store.listUnmerged());
  let reanalysedMerged = false;
  let done = 0;
  // Worker threads once there is enough work to pay for starting them. Documents stream through a
  // window a few per thread deep (no barrier between batches: a long document does not leave the
  // other threads idle), so memory holds the window, never the corpus.
  const threads = stale.length >= MIN_DOCS_FOR_THREADS ? Math.min(defaultAnalysisThreads(), opts.threads ?? Infinity) : 1;
  const pool = threads > 1 ? new AnalysisPool(threads) : null;
  const analysed = () => {
    done++;
    opts.onAnalysed?.(done, stale.length);
    if (opts.onProgress && (done % 25 === 0 || done === stale.length)) opts.onProgress(`analysed ${done}/${stale.length}`);
  };
  const window = new AnalysisWindow(pool, store, threads * WINDOW_PER_THREAD, analysed);
  try {
    for (const id of stale) {
      const doc = await store.getDocument(id);
      if (!doc) continue;
      if (!unmergedBefore.has(id) && (await store.getAnalysis(id)) !== null) reanalysedMerged = true;
      await window.add(doc);
    }
    await window.drain();
  } finally {
    await pool?.close();
  }
  const t1 = performance.now();
  opts.onMergeStart?.();
  const full = opts.full === true || reanalysedMerged;
  // One merger at a time across processes (queue workers, a server, the CLI): merges read and
  // write shared partitions.
  const { mergePending, rebuildKnowledgeBase } = await import("../kb/incremental.js");
  const locked = await store.exclusive(MERGE_LOCK, () =>
    full ? rebuildKnowledgeBase(store, opts) : mergePending(store, opts),
  );
  if (!locked.ran) throw new DossierError("INTERNAL", "the knowledge-base merge lock was not taken");
  const stats = locked.value;
  const t2 = performance.now();
  return {
    documents: await store.countDocuments(),
    analysed: done,
    merged: stats.documents,
    full,
    ms: { analyse: t1 - t0, merge: t2 - t1 },
    threads,
  };
}

/** Name of the lock every knowledge-base merge holds. */
export const MERGE_LOCK = "kb-merge";

/**
 * Merges whatever is analysed and not yet merged, unless another process is merging right now
 * (then returns null at once: that merger, or the next call, picks these documents up). For queue
 * workers after each job, so merging keeps pace with ingest without workers waiting on each other.
 */
export async function mergeIfIdle(store: Store): Promise<number | null> {
  const { mergePending } = await import("../kb/incremental.js");
  const r = await store.exclusive(MERGE_LOCK, () => mergePending(store), { wait: false });
  return r.ran ? r.value.documents : null;
}

export interface RunOptions {
  maxBytes?: number;
  progress?: (p: { done: number; total: number | null; current: string }) => void;
  /** Skip the knowledge-base rebuild (e.g. when a worker will do it later). */
  skipBuild?: boolean;
}

/** Ingests inputs into the store, then merges what is new into the knowledge base. */
export async function ingestAndBuild(
  store: Store,
  inputs: string[],
  opts: RunOptions = {},
): Promise<{ summary: IngestSummary; build: BuildStats | null }> {
  const summary = await ingestInputs(store, inputs, {
    clean: cleanPage,
    maxBytes: opts.maxBytes,
    progress: opts.progress,
  });
  const needBuild =
    !opts.skipBuild &&
    (summary.ingested > 0 ||
      (await store.listUnanalysed(ANALYSIS_VERSION)).length > 0 ||
      (await store.listUnmerged()).length > 0);
  const build = needBuild ? await buildKnowledgeBase(store) : null;
  return { summary, build };
}
