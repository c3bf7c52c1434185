import type PgBoss from "pg-boss";
import { createPostgresStore } from "../store/postgres/index.js";
import { isTransientPgError } from "../store/postgres/connection.js";
import type { FileStatus, Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";
import { INGEST_QUEUE, openBoss, resolveQueueOptions, type QueueOptions, type ResolvedQueueOptions } from "./boss.js";
import { countJobs } from "./status.js";

/** What a worker reports while it runs (for progress lines, logs and tests). */
export type WorkerEvent =
  | { type: "started"; concurrency: number }
  | { type: "job-done"; input: string; attempt: number; status: FileStatus; ms: number }
  /** `process` threw: the job goes back to the queue unless this was its last attempt. */
  | { type: "job-error"; input: string; attempt: number; error: string; final: boolean }
  /** The queue or database could not be reached; the worker keeps trying. */
  | { type: "connection-error"; error: string }
  | { type: "connection-restored" }
  | { type: "stopped"; processed: number };

/** Options of {@link runWorker}. */
export interface WorkerOptions extends QueueOptions {
  /** PostgreSQL URL of the store and queue (`postgres://…`, optional `?schema=`). */
  db: string;
  /** Jobs processed at once in this process. */
  concurrency: number;
  /**
   * Handles one queued input. Return a `FileStatus` for every outcome, including `failed` for bad
   * input (the job is finished, nothing to retry); throw only for trouble worth retrying (the job
   * returns to the queue, up to `maxAttempts`).
   */
  process: (input: string, store: Store) => Promise<FileStatus>;
  /** Stops the worker: no new jobs are taken, jobs in hand finish, then the promise resolves. */
  signal?: AbortSignal;
  /** `drained`: also stop once no job is queued or active anywhere (benchmarks, one-shot runs). Default `stopped`. */
  until?: "stopped" | "drained";
  /** How long an idle worker waits before looking for jobs again. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Progress and trouble reports. Default: connection and job errors as lines on stderr. */
  onEvent?: (event: WorkerEvent) => void;
  /** A store to use instead of opening one on `db` (it is not closed by the worker). */
  store?: Store;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

function defaultOnEvent(e: WorkerEvent): void {
  if (e.type === "connection-error") process.stderr.write(`dossier worker: queue unreachable, retrying: ${e.error}\n`);
  else if (e.type === "connection-restored") process.stderr.write("dossier worker: queue reachable again\n");
  else if (e.type === "job-error") {
    process.stderr.write(
      `dossier worker: ${e.input}: attempt ${e.attempt} failed${e.final ? " (giving up)" : ", will retry"}: ${e.error}\n`,
    );
  }
}

/**
 * Pulls ingest jobs from the queue in `opts.db` and runs `opts.process` on each, `concurrency` at a
 * time, until `signal` aborts (or, with `until: "drained"`, the queue is empty). Any number of
 * workers on any number of machines can share one queue: each job is handed to one worker at a
 * time (`FOR UPDATE SKIP LOCKED`).
 *
 * Reliability: a job whose worker dies is handed out again once its visibility timeout passes; a
 * job that throws is retried with back-off and parked as failed after `maxAttempts`; while
 * PostgreSQL is down the worker keeps polling with back-off and carries on when it returns. Jobs
 * may therefore run more than once, so `process` must be idempotent; storing through the
 * {@link Store} is (the unique sha256 turns a repeat into `duplicate`).
 *
 * @example
 * const ac = new AbortController();
 * process.on("SIGTERM", () => ac.abort());
 * await runWorker({ db: url, concurrency: 4, process: ingestOne, signal: ac.signal });
 */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  if (typeof opts?.process !== "function") throw new DossierError("USAGE", "runWorker needs a process function");
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1 || opts.concurrency > 256) {
    throw new DossierError("USAGE", `concurrency must be a whole number from 1 to 256, got ${opts.concurrency}`);
  }
  if (!/^postgres(?:ql)?:\/\//i.test(opts.db ?? "")) {
    throw new DossierError(
      "USAGE",
      "the worker needs a PostgreSQL database (--db postgres://…): the queue lives there",
    );
  }
  const q = resolveQueueOptions(opts.db, opts);
  const emit = opts.onEvent ?? defaultOnEvent;
  const pollMs = Math.max(50, opts.pollIntervalMs ?? 1000);

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (opts.signal?.aborted) return;
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  let connectionDown = false;
  const connectionError = (err: unknown) => {
    if (!connectionDown) emit({ type: "connection-error", error: describeError(err) });
    connectionDown = true;
  };
  const connectionOk = () => {
    if (connectionDown) emit({ type: "connection-restored" });
    connectionDown = false;
  };

  const ownStore = !opts.store;
  const store = opts.store ?? createPostgresStore(opts.db, { maxConnections: opts.concurrency + 2 });
  let boss: PgBoss | null = null;
  let processed = 0;
  try {
    await store.init();
    boss = await openBoss(opts.db, q, "worker", connectionError, opts.concurrency + 2);
    emit({ type: "started", concurrency: opts.concurrency });
    const b = boss;
    const slot = () =>
      workLoop(b, store, q, opts, pollMs, stop, emit, connectionError, connectionOk, () => processed++);
    await Promise.all(Array.from({ length: opts.concurrency }, slot));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    try {
      if (boss) await boss.stop({ graceful: false, wait: true });
    } finally {
      if (ownStore) await store.close();
    }
    emit({ type: "stopped", processed });
  }
}

/** One concurrency slot: fetch a job, run it, settle it, repeat. */
async function workLoop(
  boss: PgBoss,
  store: Store,
  q: ResolvedQueueOptions,
  opts: WorkerOptions,
  pollMs: number,
  stop: AbortController,
  emit: (e: WorkerEvent) => void,
  connectionError: (err: unknown) => void,
  connectionOk: () => void,
  countProcessed: () => void,
): Promise<void> {
  let backoff = pollMs;
  while (!stop.signal.aborted) {
    // pg-boss's fetch answers [] when the database is unreachable, so an empty answer is checked.
    const jobs = await boss.fetch<{ input: string }>(INGEST_QUEUE, { batchSize: 1, includeMetadata: true });
    const job = jobs[0];
    if (!job) {
      let counts: { queued: number; active: number } | null = null;
      try {
        counts = await countJobs(boss.getDb(), q);
        connectionOk();
        backoff = pollMs;
      } catch (err) {
        connectionError(err);
        backoff = Math.min(backoff * 2, 10_000);
      }
      if (opts.until === "drained" && counts && counts.queued === 0 && counts.active === 0) {
        stop.abort();
        break;
      }
      await sleep(backoff, stop.signal);
      continue;
    }
    connectionOk();
    const input = typeof job.data?.input === "string" ? job.data.input : null;
    const attempt = job.retryCount + 1;
    const started = Date.now();
    if (input === null) {
      await settle(
        () => boss.complete(INGEST_QUEUE, job.id, { status: "failed", reason: "job has no input" }),
        connectionError,
      );
      continue;
    }
    let status: FileStatus;
    try {
      status = await opts.process(input, store);
    } catch (err) {
      const error = describeError(err);
      const final = attempt >= job.retryLimit + 1;
      emit({ type: "job-error", input, attempt, error, final });
      if (isTransientPgError(err) || (err instanceof DossierError && isTransientPgError(err.cause)))
        connectionError(err);
      await settle(() => boss.fail(INGEST_QUEUE, job.id, { message: error }), connectionError);
      continue;
    }
    await settle(
      () =>
        boss.complete(INGEST_QUEUE, job.id, {
          status: status.status,
          doc: status.doc ?? null,
          reason: status.reason ?? null,
        }),
      connectionError,
    );
    countProcessed();
    emit({ type: "job-done", input, attempt, status, ms: Date.now() - started });
  }
}

/**
 * Records a job's outcome, retrying briefly through a connection blip. If the database stays away
 * the outcome is lost: the job stays active, its visibility timeout hands it out again, and the
 * repeat is harmless (idempotent store).
 */
async function settle(op: () => Promise<unknown>, connectionError: (err: unknown) => void): Promise<void> {
  let delay = 200;
  for (let i = 0; ; i++) {
    try {
      await op();
      return;
    } catch (err) {
      if (!isTransientPgError(err) || i >= 6) {
        connectionError(err);
        return;
      }
      await sleep(delay);
      delay *= 2;
    }
  }
}
