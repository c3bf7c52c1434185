/**
 * Document analysis on worker threads: the language layer is CPU-bound and per-document pure, so
 * `n` threads analyse `n` documents at once. Each thread loads the language models as soon as it
 * starts (while the caller is still reading and cleaning pages), not on its first document. The first
 * thread builds the expensive tables (parser weights, gazetteer) and the pool hands them to the others,
 * which adopt them instead of building their own (src/pipeline/model-tables.ts, decision 174).
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

/**
 * One document's analysis failed: the layer threw on it, or its thread crashed or ran out of time
 * while analysing it. The document is at fault, not the pool (which goes on with the others).
 */
export class DocumentAnalysisError extends DossierError {
  constructor(
    readonly doc: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("INTERNAL", message, options);
    this.name = "DocumentAnalysisError";
  }
}

/**
 * Messages an analysis thread posts back: the built model tables (the `build` thread only, null when it
 * could not share them), a note, `ready` once its models are loaded, then one per document.
 */
type Reply =
  | { ready: true }
  | { tables: unknown }
  | { note: string }
  | { seq: number; analysis?: DocAnalysis; error?: string };

/** How a thread gets its models (analyse-worker.ts): builds and shares them, waits for them, or builds its own. */
type Role = "build" | "wait" | "own";

interface Job {
  seq: number;
  doc: DocumentRecord;
  resolve: (a: DocAnalysis) => void;
  reject: (e: Error) => void;
}

/** Seconds one document may take on a thread before the thread is stopped and the document failed. */
export function defaultAnalysisTimeoutSeconds(): number {
  const env = Number(process.env.DOSSIER_ANALYSIS_TIMEOUT_S);
  return Number.isFinite(env) && env > 0 ? env : 300;
}

/** Options of {@link AnalysisPool}. */
export interface AnalysisPoolOptions {
  /** The thread's entry module (default: analyse-worker.js; tests give one that crashes). */
  workerUrl?: URL;
  /** Longest time one document may take (default {@link defaultAnalysisTimeoutSeconds}). */
  timeoutMs?: number;
  /**
   * Threads started in place of crashed ones, in a row without a document analysed in between
   * (default: the thread count). A thread that cannot even load its models would otherwise be
   * replaced forever.
   */
  maxRestarts?: number;
  /**
   * Whether the threads share the models' built tables (default: true with the default entry module): the
   * first thread builds them and the others adopt them. False: every thread builds its own (as before
   * decision 174).
   */
  shareModels?: boolean;
}

/**
 * A pool of analysis threads. Call {@link AnalysisPool.analyse} or {@link AnalysisPool.analyseOne}
 * as often as needed, then {@link AnalysisPool.close}. A thread that crashes, or takes longer than
 * the time limit on one document, fails that document and is replaced by a new thread, so one bad
 * document costs only itself; after `maxRestarts` crashes in a row with no document analysed in
 * between, crashed threads are no longer replaced, and when every thread is gone every waiting
 * document fails. Closing the pool fails the documents not yet answered.
 * @example
 * const pool = new AnalysisPool(2);
 * const analyses = await pool.analyse(docs);
 * await pool.close();
 */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly timers = new Map<Worker, NodeJS.Timeout>();
  /** Threads that have loaded their models (a crash before that is not the document's fault). */
  private readonly ready = new Set<Worker>();
  private readonly queue: Job[] = [];
  private readonly workerUrl: URL;
  private readonly timeoutMs: number;
  private readonly maxRestarts: number;
  private seq = 0;
  private crashesInARow = 0;
  private closed = false;
  /** Threads started in place of crashed ones. */
  restarts = 0;
  /** The thread building the shared tables, while it has not posted them. */
  private builder: Worker | null = null;
  /** Threads waiting for the builder's tables. */
  private readonly waiting = new Set<Worker>();
  /** The shared tables once posted (null: none; every new thread builds its own). */
  private tables: unknown = null;
  /** Notes the threads posted (tables they could not use). */
  readonly notes: string[] = [];

  /**
   * @param threads worker threads to start
   * @param options entry module, time limit, restart budget (a URL alone: the entry module)
   */
  constructor(
    readonly threads = defaultAnalysisThreads(),
    options: AnalysisPoolOptions | URL = {},
  ) {
    const opts = options instanceof URL ? { workerUrl: options } : options;
    this.workerUrl = opts.workerUrl ?? ANALYSE_WORKER;
    this.timeoutMs = opts.timeoutMs ?? defaultAnalysisTimeoutSeconds() * 1000;
    this.maxRestarts = opts.maxRestarts ?? threads;
    // another entry module (tests) need not speak the roles' protocol: it shares only when asked to
    const share = threads > 1 && (opts.shareModels ?? this.workerUrl.href === ANALYSE_WORKER.href);
    for (let i = 0; i < threads; i++) this.idle.push(this.start(share ? (i === 0 ? "build" : "wait") : "own"));
  }

  /** The role of a thread started now: waits for tables when they exist or are being built. */
  private roleNow(): Role {
    return this.tables !== null || this.builder !== null ? "wait" : "own";
  }

  /** Hands the builder's tables (or null: build your own) to every waiting thread. */
  private release(tables: unknown): void {
    this.builder = null;
    this.tables = tables;
    for (const w of this.waiting) w.postMessage({ tables });
    this.waiting.clear();
  }

  private start(role: Role = this.roleNow()): Worker {
    const w = new Worker(this.workerUrl, { workerData: { role } });
    if (role === "build") this.builder = w;
    else if (role === "wait") {
      if (this.builder) this.waiting.add(w);
      else w.postMessage({ tables: this.tables });
    }
    w.on("message", (msg: Reply) => {
      if ("tables" in msg) {
        if (w === this.builder) this.release(msg.tables);
        return;
      }
      if ("note" in msg) {
        this.notes.push(msg.note);
        return;
      }
      if ("ready" in msg) {
        this.ready.add(w);
        if (this.running.has(w)) this.startClock(w);
        return;
      }
      const job = this.running.get(w);
      if (!job || job.seq !== msg.seq) return;
      this.settle(w);
      if (msg.analysis) {
        this.crashesInARow = 0;
        job.resolve(msg.analysis);
      } else job.reject(new DocumentAnalysisError(job.doc.id, `analysis failed: ${msg.error}`));
      this.next(w);
    });
    w.on("error", (err) => this.lost(w, `analysis thread crashed: ${err.message}`, err));
    w.on("exit", (code) => this.lost(w, `analysis thread exited with code ${code}`));
    this.workers.push(w);
    return w;
  }

  /** Documents posted and not yet answered (running or waiting for a thread). */
  get pending(): number {
    return this.running.size + this.queue.length;
  }

  /** Threads alive. */
  get alive(): number {
    return this.workers.length;
  }

  private settle(w: Worker): void {
    this.running.delete(w);
    clearTimeout(this.timers.get(w));
    this.timers.delete(w);
  }

  private next(w: Worker): void {
    const job = this.queue.shift();
    if (!job) {
      this.idle.push(w);
      return;
    }
    this.running.set(w, job);
    if (this.ready.has(w)) this.startClock(w);
    w.postMessage({ seq: job.seq, doc: job.doc });
  }

  /** Times the document `w` is analysing (from when `w` has its models loaded, not from its start). */
  private startClock(w: Worker): void {
    this.timers.set(
      w,
      setTimeout(() => {
        const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
        this.lost(w, `analysis took longer than ${limit}`);
        void w.terminate();
      }, this.timeoutMs).unref(),
    );
  }

  /**
   * A thread is gone (crashed, exited or out of time). The document it was analysing fails, unless
   * the thread had not loaded its models yet (then the document waits for another thread). Another
   * thread starts while the restart budget lasts; when no thread is left, every waiting document
   * fails with a plain `INTERNAL` error (the pool's failure, not theirs).
   */
  private lost(w: Worker, message: string, cause?: Error): void {
    if (!this.workers.includes(w)) return;
    this.workers.splice(this.workers.indexOf(w), 1);
    const at = this.idle.indexOf(w);
    if (at >= 0) this.idle.splice(at, 1);
    const job = this.running.get(w);
    const wasReady = this.ready.delete(w);
    this.settle(w);
    this.waiting.delete(w);
    // the builder died before sharing: the waiting threads build their own
    if (w === this.builder && !this.closed) this.release(null);
    if (this.closed) return;
    const options = cause ? { cause } : undefined;
    if (job && wasReady) job.reject(new DocumentAnalysisError(job.doc.id, message, options));
    else if (job) this.queue.unshift(job);
    if (this.crashesInARow++ < this.maxRestarts) {
      this.restarts++;
      this.next(this.start());
    } else if (this.workers.length === 0) {
      for (const j of this.queue.splice(0)) j.reject(new DossierError("INTERNAL", message, options));
    } else {
      // no replacement: a document put back in the queue goes to a thread that is already idle
      // (idle threads take work only when it is posted, so it would otherwise wait forever)
      const idle = this.idle.pop();
      if (idle) this.next(idle);
    }
  }

  /** The stored analysis of one document. */
  analyseOne(doc: DocumentRecord): Promise<DocAnalysis> {
    return new Promise<DocAnalysis>((resolve, reject) => {
      if (this.workers.length === 0 || this.closed)
        return reject(new DossierError("INTERNAL", "no analysis thread is running"));
      this.queue.push({ seq: this.seq++, doc, resolve, reject });
      const w = this.idle.pop();
      if (w) this.next(w);
    });
  }

  /** Stored analyses of these documents, in input order. */
  analyse(docs: DocumentRecord[]): Promise<DocAnalysis[]> {
    return Promise.all(docs.map((doc) => this.analyseOne(doc)));
  }

  /** Stops every thread; documents not yet answered fail with an `INTERNAL` error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const unanswered = [...this.running.values(), ...this.queue.splice(0)];
    for (const w of this.workers) this.settle(w);
    for (const j of unanswered)
      j.reject(new DossierError("INTERNAL", "the analysis pool was closed before this document was analysed"));
    await Promise.all(this.workers.slice().map((w) => w.terminate()));
  }
}
