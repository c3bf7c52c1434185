/**
 * Document analysis on worker threads: the language layer is CPU-bound and per-document pure, so
 * `n` threads analyse `n` documents at once. Each thread loads the language models as soon as it
 * starts (while the caller is still reading and cleaning pages), not on its first document.
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

/** Entry module of an analysis thread. */
const ANALYSE_WORKER = new URL("./analyse-worker.js", import.meta.url);

/** Messages an analysis thread posts back. */
type Reply = { seq: number; analysis?: DocAnalysis; error?: string };

interface Job {
  seq: number;
  doc: DocumentRecord;
  resolve: (a: DocAnalysis) => void;
  reject: (e: Error) => void;
}

/**
 * A pool of analysis threads. Call {@link AnalysisPool.analyse} or {@link AnalysisPool.analyseOne}
 * as often as needed, then {@link AnalysisPool.close}. A thread that crashes fails the document it
 * held (and is not given another); when every thread is gone, every waiting document fails.
 * @example
 * const pool = new AnalysisPool(2);
 * const analyses = await pool.analyse(docs);
 * await pool.close();
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private seq = 0;
  private alive = 0;
  private closed = false;

  /**
   * @param threads worker threads to start
   * @param workerUrl the thread's entry module (default: analyse-worker.js; tests give one that crashes)
   */
  constructor(
    readonly threads = defaultAnalysisThreads(),
    workerUrl: URL = ANALYSE_WORKER,
  ) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(workerUrl);
      this.alive++;
      w.on("message", (msg: Reply) => {
        const job = this.running.get(w);
        this.running.delete(w);
        if (job && job.seq === msg.seq) {
          if (msg.analysis) job.resolve(msg.analysis);
          else job.reject(new DossierError("INTERNAL", `analysis thread failed: ${msg.error}`));
        }
        this.next(w);
      });
      w.on("error", (err) => this.lost(w, `analysis thread crashed: ${err.message}`, err));
      w.on("exit", (code) => this.lost(w, `analysis thread exited with code ${code}`));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Documents posted and not yet answered (running or waiting for a thread). */
  get pending(): number {
    return this.running.size + this.queue.length;
  }

  private next(w: Worker): void {
    const job = this.queue.shift();
    if (!job) {
      this.idle.push(w);
      return;
    }
    this.running.set(w, job);
    w.postMessage({ seq: job.seq, doc: job.doc });
  }

  /** A thread is gone: fail its document, and every waiting one when no thread is left. */
  private lost(w: Worker, message: string, cause?: Error): void {
    if (!this.workers.includes(w)) return;
    this.workers.splice(this.workers.indexOf(w), 1);
    const at = this.idle.indexOf(w);
    if (at >= 0) this.idle.splice(at, 1);
    this.alive--;
    const job = this.running.get(w);
    this.running.delete(w);
    if (this.closed) return;
    const error = () => new DossierError("INTERNAL", message, cause ? { cause } : undefined);
    job?.reject(error());
    if (this.alive === 0) for (const j of this.queue.splice(0)) j.reject(error());
  }

  /** The stored analysis of one document. */
  analyseOne(doc: DocumentRecord): Promise<DocAnalysis> {
    return new Promise<DocAnalysis>((resolve, reject) => {
      if (this.alive === 0 || this.closed) return reject(new DossierError("INTERNAL", "no analysis thread is running"));
      this.queue.push({ seq: this.seq++, doc, resolve, reject });
      const w = this.idle.pop();
      if (w) this.next(w);
    });
  }

  /** Stored analyses of these documents, in input order. */
  analyse(docs: DocumentRecord[]): Promise<DocAnalysis[]> {
    return Promise.all(docs.map((doc) => this.analyseOne(doc)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.slice().map((w) => w.terminate()));
  }
}
