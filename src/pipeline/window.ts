/**
 * Documents streaming through analysis: a bounded window of documents in flight on the analysis
 * threads, each analysis stored as soon as it is back. Kept apart from ./index.ts so the thread
 * that only reads, cleans and stores pages (`dossier ingest` with analysis threads) never loads the
 * language layer: ./analyse.js is imported only when a document is analysed without a pool.
 */
import type { DocumentRecord } from "../model/records.js";
import type { DocAnalysis, Store } from "../store/store.js";
import { describeError } from "../util/errors.js";
import { type AnalysisPool, DocumentAnalysisError } from "./parallel.js";
import { ANALYSIS_VERSION } from "./version.js";

/** The language layer on this thread, loaded on the first document analysed without a pool. */
let onThisThread: Promise<(doc: DocumentRecord) => DocAnalysis> | null = null;
function analyseHere(): Promise<(doc: DocumentRecord) => DocAnalysis> {
  onThisThread ??= import("./analyse.js").then(
    (m) => (doc: DocumentRecord) => m.storedAnalysis(m.analyseDocument(doc)),
  );
  return onThisThread;
}

/** Fewest stale documents worth starting analysis threads for (each loads the models, ~1 s). */
export const MIN_DOCS_FOR_THREADS = 16;
/** Documents in flight per analysis thread: enough that a thread never waits for the next one. */
export const WINDOW_PER_THREAD = 4;

/**
 * What to do with a document whose analysis failed (the layer threw, its thread crashed or ran out
 * of time): typically record the failure in the store. The window goes on with the next documents.
 */
export type OnAnalysisFailed = (doc: DocumentRecord, error: unknown) => Promise<void> | void;

/**
 * Documents being analysed and stored: at most `limit` at once on the pool's threads (or one at a
 * time on this thread without a pool), each analysis stored as soon as it is back. A failed
 * analysis goes to `onFailed` when one is given; otherwise, like any failure to store, it is thrown
 * by the next {@link AnalysisWindow.add} or by {@link AnalysisWindow.drain}.
 */
export class AnalysisWindow {
  private readonly inflight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly pool: AnalysisPool | null,
    private readonly store: Store,
    private readonly limit: number,
    private readonly onStored: (analysis: DocAnalysis) => void = () => undefined,
    private readonly onFailed: OnAnalysisFailed | null = null,
  ) {}

  /** Documents posted and not yet stored. */
  get size(): number {
    return this.inflight.size;
  }

  /** Starts one document (waiting first while the window is full). */
  async add(doc: DocumentRecord): Promise<void> {
    this.rethrow();
    if (!this.pool) {
      const analyse = await analyseHere();
      let a: DocAnalysis;
      try {
        a = analyse(doc);
      } catch (error) {
        if (!this.onFailed) throw error;
        return this.onFailed(doc, error);
      }
      await this.store.putAnalysis(a);
      this.onStored(a);
      return;
    }
    while (this.inflight.size >= Math.max(1, this.limit)) await Promise.race(this.inflight);
    this.rethrow();
    const p: Promise<void> = this.pool
      .analyseOne(doc)
      .then(
        async (a) => {
          await this.store.putAnalysis(a);
          this.onStored(a);
        },
        async (error: unknown) => {
          // a pool with no thread left is not this document's fault: that stops the window
          if (!this.onFailed || !(error instanceof DocumentAnalysisError)) throw error;
          await this.onFailed(doc, error);
        },
      )
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Waits for every document in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.race(this.inflight);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Records that analysing `doc` failed at this pipeline version, so builds leave it out until a
 * newer version or `dossier build --retry-failed`.
 * @returns the reason recorded
 */
export async function recordAnalysisFailure(store: Store, doc: string, error: unknown): Promise<string> {
  const reason = describeError(error);
  await store.putAnalysisFailure({ doc, version: ANALYSIS_VERSION, reason, at: new Date().toISOString() });
  return reason;
}
