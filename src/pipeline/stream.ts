/**
 * Ingest with analysis alongside: while this thread reads, cleans and stores pages, the analysis
 * threads (which load their models at once) analyse the documents already stored, and each
 * analysis is written as soon as it is back. Before this, `dossier ingest DIR` cleaned every page
 * on one core first and only then started the threads: reading and cleaning, model loading and
 * analysis ran one after another.
 */
import { ingestInputs, type IngestOptions, type IngestSummary } from "../ingest/index.js";
import type { DocumentRecord } from "../model/records.js";
import type { Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";
import { AnalysisWindow, MIN_DOCS_FOR_THREADS, recordAnalysisFailure } from "./window.js";
import { AnalysisPool, defaultAnalysisThreads } from "./parallel.js";
import type { DocumentSignals } from "../kb/doc-signals.js";

/** Result of {@link ingestWithAnalysis}. */
export interface IngestAnalysisResult {
  summary: IngestSummary;
  /** Documents analysed and stored during the ingest (the rest are left to the catch-up). */
  analysed: number;
  /** Analysis threads used; 0 when the ingest was too small to start them. */
  threads: number;
  /** Why analysis stopped during the ingest (the documents left are analysed by the catch-up). */
  failure: string | null;
  /**
   * Documents whose own analysis failed (the layer threw, or its thread crashed or ran out of time
   * on it): recorded in the store with the reason, left out of the knowledge base.
   */
  failedAnalyses: Array<{ doc: string; reason: string }>;
  /**
   * Spin and near-duplicate sketch of the new documents (up to `MAX_HANDED_SIGNALS`), computed on
   * this thread while the analysis threads worked: give them to the merge that follows
   * (`catchUp`'s `signals`), which would otherwise compute them alone at the end. Empty when no
   * analysis threads were started.
   */
  signals: Map<string, DocumentSignals>;
}

/** Options of {@link ingestWithAnalysis}: those of `ingestInputs`, and the thread count. */
export interface IngestAnalysisOptions extends Omit<IngestOptions, "onDocument"> {
  /** Analysis threads (default {@link defaultAnalysisThreads}); below 2 nothing is analysed during the ingest. */
  threads?: number;
  /** Entry module of the analysis threads (default: the pool's own; tests give one that crashes). */
  workerUrl?: URL;
  /** Longest time one document may take on a thread (default: the pool's). */
  timeoutMs?: number;
}

/**
 * Ingests `inputs` like `ingestInputs` and analyses the new documents on worker threads meanwhile.
 * The threads start as soon as the run has {@link MIN_DOCS_FOR_THREADS} inputs (a directory of
 * pages) or that many new documents (a JSON Lines file); a smaller ingest is left to the catch-up,
 * which analyses on one thread. Analyses are stored as `buildKnowledgeBase` stores them, so the
 * knowledge base that follows is the same; a failed analysis only leaves its document stale.
 */
export async function ingestWithAnalysis(
  store: Store,
  inputs: string[],
  opts: IngestAnalysisOptions,
): Promise<IngestAnalysisResult> {
  const threads = opts.threads ?? defaultAnalysisThreads();
  let pool: AnalysisPool | null = null;
  let window: AnalysisWindow | null = null;
  let analysed = 0;
  /** New documents seen before the threads started. */
  const early: DocumentRecord[] = [];
  const start = () => {
    if (pool || threads < 2) return;
    pool = new AnalysisPool(threads, { workerUrl: opts.workerUrl, timeoutMs: opts.timeoutMs });
    window = new AnalysisWindow(
      pool,
      store,
      threads * 4,
      () => analysed++,
      async (doc, error) => {
        failedAnalyses.push({ doc: doc.id, reason: await recordAnalysisFailure(store, doc.id, error) });
      },
    );
  };
  let failure: string | null = null;
  const failedAnalyses: IngestAnalysisResult["failedAnalyses"] = [];
  const signals = new Map<string, DocumentSignals>();
  let signalsOf: typeof import("../kb/doc-signals.js") | null = null;
  const add = async (doc: DocumentRecord) => {
    if (!window || failure) return;
    try {
      await window.add(doc);
    } catch (err) {
      failure = describeError(err);
      return;
    }
    // While the threads analyse: this document's inputs of the merge (a third of its CPU).
    signalsOf ??= await import("../kb/doc-signals.js");
    if (signals.size < signalsOf.MAX_HANDED_SIGNALS) {
      try {
        signals.set(doc.id, signalsOf.documentSignals(doc.text, doc.lang));
      } catch (err) {
        // a text the provenance code refuses: left to the merge, which meets and reports it as before
        if (!(err instanceof DossierError)) throw err;
      }
    }
  };
  try {
    const summary = await ingestInputs(store, inputs, {
      ...opts,
      progress: (p) => {
        if (p.total !== null && p.total >= MIN_DOCS_FOR_THREADS) start();
        opts.progress?.(p);
      },
      onDocument: async (doc) => {
        if (!window && threads >= 2) {
          early.push(doc);
          if (early.length < MIN_DOCS_FOR_THREADS) return;
          start();
        }
        for (const d of early.splice(0)) await add(d);
        await add(doc);
      },
    });
    // Even after a failure: analyses in flight are stored (or fail) before the pool closes and
    // the caller's catch-up starts, so no write races the catch-up or the store's close.
    if (window) {
      try {
        await (window as AnalysisWindow).drain();
      } catch (err) {
        failure ??= describeError(err);
      }
    }
    return { summary, analysed, threads: pool ? threads : 0, failure, failedAnalyses, signals };
  } finally {
    await (pool as AnalysisPool | null)?.close();
  }
}
