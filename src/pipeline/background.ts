/**
 * When and where knowledge-base work runs: off the request path, one job at a time, in a worker
 * thread when the store can be opened by name (a SQLite path or a PostgreSQL URL), otherwise in
 * the same process after the caller has returned. Requests made while a job runs are coalesced
 * into one more run, so a burst of uploads costs one or two rebuilds, not one each.
 */
import { Worker } from "node:worker_threads";
import type { Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";
import { bringUpToDate, type CatchUpProgress } from "./catch-up.js";
import type { BuildStats } from "./build.js";
import type { DocumentSignals } from "../kb/doc-signals.js";

/** Messages from the build worker thread. */
export type WorkerMessage =
  | { type: "progress"; progress: CatchUpProgress }
  | { type: "done"; stats: BuildStats | null }
  | { type: "error"; message: string };

/** What `GET /api/jobs` shows about knowledge-base work. */
export interface JobsStatus {
  state: "idle" | "running";
  /** Why the current (or last) job was started: "startup", "upload", … */
  reason: string | null;
  phase: CatchUpProgress["phase"] | null;
  done: number;
  total: number | null;
  started_at: string | null;
  /** Another run is queued behind the current one (requests came in meanwhile). */
  pending: boolean;
  /** Jobs finished since the server started. */
  completed: number;
  last: {
    finished_at: string;
    documents: number;
    analysed: number;
    /** Documents whose analysis failed in this job (recorded, left out of the knowledge base). */
    failed: number;
    ms: number;
    up_to_date: boolean;
    /** Milliseconds of per-document analysis and of the cross-document merge, and the analysis threads. */
    phases?: { analyse_ms: number; merge_ms: number; threads: number };
  } | null;
  last_error: { at: string; message: string } | null;
}

/** Options of {@link KnowledgeBaseJobs}. */
export interface JobsOptions {
  /** Store the in-process fallback uses. */
  store: Store;
  /** Database name for the worker thread; without it jobs run in-process. */
  db?: string | null;
  /** Called on every progress step and state change. */
  onProgress?: (status: JobsStatus) => void;
}

/** Single-flight scheduler of knowledge-base catch-ups. */
export class KnowledgeBaseJobs {
  private current: Promise<void> | null = null;
  private again = false;
  private force = false;
  /** Signals computed by an ingest for the next run's merge (used once, then dropped). */
  private signals: Map<string, DocumentSignals> | null = null;
  private worker: Worker | null = null;
  private readonly listeners: Array<() => void> = [];
  private closed = false;
  private readonly state: JobsStatus = {
    state: "idle",
    reason: null,
    phase: null,
    done: 0,
    total: null,
    started_at: null,
    pending: false,
    completed: 0,
    last: null,
    last_error: null,
  };

  constructor(private readonly opts: JobsOptions) {}

  /** Calls `listener` whenever a job finishes (the knowledge base may have changed). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** A snapshot of the state, for the API and the UI. */
  status(): JobsStatus {
    return { ...this.state, pending: this.again };
  }

  /**
   * Asks for the knowledge base to be brought up to date. Returns at once; the job runs in the
   * background (or after the current one, once, however many requests came in meanwhile).
   */
  request(reason: string, opts: { force?: boolean; signals?: Map<string, DocumentSignals> } = {}): void {
    if (this.closed) return;
    if (opts.force) this.force = true;
    if (opts.signals?.size) this.signals = opts.signals;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.loop(reason).finally(() => {
      this.current = null;
    });
  }

  /** Resolves when no job is running or queued (tests, CLI commands, shutdown). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Stops a running worker (its transaction is rolled back; the next start catches up) and refuses new jobs. */
  async close(): Promise<void> {
    this.closed = true;
    this.again = false;
    await this.worker?.terminate();
    await this.current?.catch(() => undefined);
  }

  private async loop(reason: string): Promise<void> {
    let why = reason;
    for (;;) {
      this.again = false;
      const force = this.force;
      this.force = false;
      const signals = this.signals ?? undefined;
      this.signals = null;
      await this.runOne(why, force, signals);
      if (!this.again || this.closed) return;
      why = "requests during the last run";
    }
  }

  private async runOne(reason: string, force: boolean, signals?: Map<string, DocumentSignals>): Promise<void> {
    const t0 = performance.now();
    Object.assign(this.state, {
      state: "running",
      reason,
      phase: null,
      done: 0,
      total: null,
      started_at: new Date().toISOString(),
    });
    this.notify();
    const onProgress = (p: CatchUpProgress) => {
      Object.assign(this.state, { phase: p.phase, done: p.done, total: p.total });
      this.notify();
    };
    try {
      const stats = this.opts.db
        ? await this.inWorker(this.opts.db, force, onProgress, signals)
        : await bringUpToDate(this.opts.store, { force, onProgress, signals });
      this.state.last = {
        finished_at: new Date().toISOString(),
        documents: stats?.documents ?? 0,
        analysed: stats?.analysed ?? 0,
        failed: stats?.failed ?? 0,
        ms: Math.round(performance.now() - t0),
        up_to_date: stats === null,
        ...(stats
          ? {
              phases: {
                analyse_ms: Math.round(stats.ms.analyse),
                merge_ms: Math.round(stats.ms.merge),
                threads: stats.threads,
              },
            }
          : {}),
      };
      this.state.completed++;
    } catch (err) {
      this.state.last_error = { at: new Date().toISOString(), message: describeError(err) };
    } finally {
      Object.assign(this.state, { state: "idle", phase: null });
      for (const l of this.listeners) l();
      this.notify();
    }
  }

  private inWorker(
    db: string,
    force: boolean,
    onProgress: (p: CatchUpProgress) => void,
    signals?: Map<string, DocumentSignals>,
  ): Promise<BuildStats | null> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL("./build-worker.js", import.meta.url), {
        workerData: { db, force, signals },
      });
      this.worker = worker;
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.worker = null;
        fn();
      };
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "progress") onProgress(m.progress);
        else if (m.type === "done") finish(() => resolve(m.stats));
        else finish(() => reject(new DossierError("INTERNAL", `knowledge-base build failed: ${m.message}`)));
      });
      worker.on("error", (err) => finish(() => reject(err)));
      worker.on("exit", (code) =>
        finish(() =>
          this.closed
            ? resolve(null)
            : reject(new DossierError("INTERNAL", `knowledge-base worker exited with code ${code} before finishing`)),
        ),
      );
    });
  }

  private notify(): void {
    this.opts.onProgress?.(this.status());
  }
}
