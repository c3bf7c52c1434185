/**
 * The knowledge-base build: brings stale analyses up to date (on analysis threads, or on this
 * thread for a few documents) and merges new documents into the knowledge base. The language
 * layer is loaded only when a document is analysed on this thread, the merge code when it runs:
 * a catch-up with nothing left to analyse (after `dossier ingest` analysed on its threads) loads
 * neither the tagger, parser nor recogniser models' code.
 */
import type { DocAnalysis, Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { AnalysisPool, defaultAnalysisThreads } from "./parallel.js";
import { ANALYSIS_VERSION } from "./version.js";
import type { DocumentSignals } from "../kb/doc-signals.js";
import { AnalysisWindow, MIN_DOCS_FOR_THREADS, recordAnalysisFailure, WINDOW_PER_THREAD } from "./window.js";

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
  /** Module the analysis threads run (default: the pipeline's own worker); for tests. */
  workerUrl?: URL;
  /** Spin and sketches computed beforehand, by document id (see `bringUpToDate`); used by an incremental merge. */
  signals?: Map<string, DocumentSignals>;
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
  /**
   * Documents whose analysis failed in this build (recorded with `putAnalysisFailure`: left out of
   * the knowledge base, not tried again at this version).
   */
  failed: number;
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
  const threads =
    stale.length >= MIN_DOCS_FOR_THREADS ? Math.min(defaultAnalysisThreads(), opts.threads ?? Infinity) : 1;
  const pool = threads > 1 ? new AnalysisPool(threads, { workerUrl: opts.workerUrl }) : null;
  // Documents already in the knowledge base whose analysis is being replaced: a new analysis of
  // one of them means a full rebuild. One whose new analysis fails keeps its merged older one.
  const remerged = new Set<string>();
  const analysed = (analysis: DocAnalysis) => {
    if (remerged.has(analysis.doc)) reanalysedMerged = true;
    done++;
    opts.onAnalysed?.(done, stale.length);
    if (opts.onProgress && (done % 25 === 0 || done === stale.length))
      opts.onProgress(`analysed ${done}/${stale.length}`);
  };
  let failed = 0;
  const window = new AnalysisWindow(pool, store, threads * WINDOW_PER_THREAD, analysed, async (doc, error) => {
    failed++;
    const reason = await recordAnalysisFailure(store, doc.id, error);
    const kept = remerged.has(doc.id) ? (await store.getAnalysis(doc.id))?.version : undefined;
    opts.onProgress?.(
      kept === undefined
        ? `analysis of ${doc.id} failed (${reason}): left out of the knowledge base`
        : `analysis of ${doc.id} failed (${reason}): the knowledge base keeps its analysis of version ${kept}`,
    );
  });
  try {
    for (const id of stale) {
      const doc = await store.getDocument(id);
      if (!doc) continue;
      const previous = await store.getAnalysis(id);
      // analysed since the list was read (another process): nothing to do, and no reason for a full rebuild
      if (previous?.version === ANALYSIS_VERSION) continue;
      if (previous !== null && !unmergedBefore.has(id)) remerged.add(id);
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
    full
      ? rebuildKnowledgeBase(store, opts)
      : mergePending(store, { ...opts, signals: opts.signals ? (id) => opts.signals!.get(id) : undefined }),
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
    failed,
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
