import { DossierError } from "../util/errors.js";
import { openStore } from "../store/open.js";
import { openExistingStore } from "./store-path.js";
import { catchUp } from "./catch-up.js";
import { knowledgeBaseLag } from "../pipeline/catch-up.js";
import type { FileStatus, Store } from "../store/store.js";
import { ingestInputs } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { analyseDocument, buildKnowledgeBase, mergeIfIdle, storedAnalysis } from "../pipeline/index.js";
import { recordAnalysisFailure } from "../pipeline/window.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

function requirePostgres(db: string | undefined): string {
  const url = db ?? process.env.DOSSIER_DB;
  if (!url || !/^postgres(ql)?:\/\//.test(url))
    throw new DossierError("USAGE", "workers share a PostgreSQL database: give --db postgres://… or DOSSIER_DB");
  return url;
}

/**
 * The work of one queued input: ingest it (clean + store, idempotent by content hash) and analyse
 * the new document(s). The cross-document knowledge base is rebuilt by `dossier build`, or by a
 * worker started with `--drain` once the queue is empty.
 */
export async function processQueuedInput(input: string, store: Store): Promise<FileStatus> {
  const summary = await ingestInputs(store, [input], { clean: cleanPage });
  for (const f of summary.files) {
    if (f.status === "ingested" && f.doc) {
      const doc = await store.getDocument(f.doc);
      if (!doc) continue;
      let analysis: ReturnType<typeof analyseDocument>;
      try {
        analysis = storedAnalysis(analyseDocument(doc));
      } catch (err) {
        // the document's own fault: recorded and left out, not retried by the queue (it would fail again)
        await recordAnalysisFailure(store, doc.id, err);
        continue;
      }
      await store.putAnalysis(analysis);
    }
  }
  // Merge into the knowledge base now unless another worker is merging (it or a later job, or the
  // --drain step, picks this document up): workers analyse in parallel and merge one at a time.
  if (summary.ingested > 0) await mergeIfIdle(store);
  // A bad input is reported as failed at once (no retry would help); a thrown error (store down,
  // crash) is retried by the queue.
  return (
    summary.files.find((f) => f.status === "failed") ??
    summary.files[0] ?? { source: input, status: "failed", reason: "no input processed" }
  );
}

/** `dossier worker --db postgres://… [--concurrency N]` */
export async function workerCommand(
  values: { db?: string; concurrency?: string; drain?: boolean },
  io: Io,
): Promise<number> {
  const db = requirePostgres(values.db);
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new DossierError("USAGE", "--concurrency must be an integer from 1 to 64");
  const { runWorker } = await import("../queue/index.js");
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());
  // A crash (of an earlier worker, a server, a CLI run) may have left the knowledge base behind.
  const startStore = await openStore(db);
  try {
    await catchUp(startStore, db, io, { why: "found at worker start" });
  } finally {
    await startStore.close();
  }
  io.err(`worker: pulling ingest jobs from ${db.replace(/:[^:@/]*@/, ":***@")} with concurrency ${concurrency}`);
  await runWorker({
    db,
    concurrency,
    process: processQueuedInput,
    signal: controller.signal,
    until: values.drain ? "drained" : "stopped",
  });
  if (values.drain && !controller.signal.aborted) {
    // The queue is empty: bring the cross-document knowledge base up to date once.
    const store = await openStore(db);
    try {
      const stats = await buildKnowledgeBase(store);
      io.err(
        `worker: queue drained; knowledge base ${stats.full ? "rebuilt over" : "brought up to date with"} ${stats.full ? stats.documents : stats.merged} more document(s) (${stats.documents} stored)`,
      );
    } finally {
      await store.close();
    }
  }
  return 0;
}

/** `dossier status`: what the store holds, and the queue when the store is PostgreSQL. */
export async function statusCommand(values: { db?: string; json?: boolean }, io: Io): Promise<number> {
  const store = await openExistingStore(values.db);
  try {
    const lag = await knowledgeBaseLag(store);
    const status: Record<string, unknown> = {
      backend: store.backend,
      documents: lag.documents,
      unanalysed: lag.unanalysed,
      // Documents stored since the last knowledge-base build (a crash, or `ingest --no-build`);
      // any other command brings them in.
      outside_kb: lag.outside,
      // Documents the pipeline could not analyse at this version (left out; `build --retry-failed`).
      failed_analyses: lag.failed,
      entities: (await store.listEntities({ limit: 1 })).total,
      events: (await store.timeline({ limit: 1 })).total,
      claims: (await store.listClaims({ limit: 1 })).total,
      quotes: (await store.listQuotes({ limit: 1 })).total,
    };
    if (store.backend === "postgres") {
      const { queueStatus } = await import("../queue/index.js");
      status.queue = await queueStatus(requirePostgres(values.db));
    }
    const failures = lag.failed ? await store.listAnalysisFailures() : [];
    if (values.json) io.out(JSON.stringify({ ...status, analysis_failures: failures }, null, 2));
    else {
      for (const [k, v] of Object.entries(status))
        io.out(`${k.padEnd(16)} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      for (const f of failures.slice(0, 20))
        io.out(`  not analysed: ${f.doc} (pipeline ${f.version}, ${f.at}): ${f.reason}`);
      if (failures.length > 20) io.out(`  … and ${failures.length - 20} more (--json lists them all)`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
