/**
 * Document analysis on worker threads: the language layer is CPU-bound and per-document pure, so
 * `n` threads analyse `n` documents at once. Results come back in input order.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { DocumentRecord } from "../model/records.js";
import type { DocAnalysis } from "../store/store.js";
import { DossierError } from "../util/errors.js";

/** Default thread count: every core but none wasted on a one-core machine. */
export function defaultAnalysisThreads(): number {
  const env = Number(process.env.DOSSIER_ANALYSIS_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * A pool of analysis threads. Call {@link AnalysisPool.analyse} as often as needed, then
 * {@link AnalysisPool.close}.
 * @example
 * const pool = new AnalysisPool(2);
 * const analyses = await pool.analyse(docs);
 * await pool.close();
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (a: DocAnalysis) => void; reject: (e: Error) => void }>();
  private readonly queue: Array<{ seq: number; doc: DocumentRecord }> = [];
  private seq = 0;

  constructor(threads = defaultAnalysisThreads()) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(new URL("./analyse-worker.js", import.meta.url));
      w.on("message", (msg: { seq: number; analysis?: DocAnalysis; error?: string }) => {
        const p = this.pending.get(msg.seq);
        this.pending.delete(msg.seq);
        if (p) {
          if (msg.analysis) p.resolve(msg.analysis);
          else p.reject(new DossierError("INTERNAL", `analysis thread failed: ${msg.error}`));
        }
        this.next(w);
      });
      w.on("error", (err) => {
        for (const p of this.pending.values())
          p.reject(new DossierError("INTERNAL", `analysis thread crashed: ${err.message}`, { cause: err }));
        this.pending.clear();
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private next(w: Worker): void {
    const job = this.queue.shift();
    if (job) w.postMessage(job);
    else this.idle.push(w);
  }

  /** Stored analyses of these documents, in input order. */
  analyse(docs: DocumentRecord[]): Promise<DocAnalysis[]> {
    return Promise.all(
      docs.map(
        (doc) =>
          new Promise<DocAnalysis>((resolve, reject) => {
            const seq = this.seq++;
            this.pending.set(seq, { resolve, reject });
            const w = this.idle.pop();
            if (w) w.postMessage({ seq, doc });
            else this.queue.push({ seq, doc });
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
