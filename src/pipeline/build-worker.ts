/**
 * Worker-thread entry of {@link KnowledgeBaseJobs}: opens its own connection to the store named
 * in `workerData.db`, brings the knowledge base up to date, and posts progress and the result to
 * the parent. Analysis and the rebuild are CPU-bound for seconds to minutes; here they never block
 * the server's (or the CLI's) event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openStore } from "../store/open.js";
import { describeError } from "../util/errors.js";
import { bringUpToDate } from "./catch-up.js";
import type { WorkerMessage } from "./background.js";
import type { DocumentSignals } from "../kb/doc-signals.js";

async function main(): Promise<void> {
  const { db, force, signals } = workerData as {
    db: string;
    force?: boolean;
    signals?: Map<string, DocumentSignals>;
  };
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  const store = await openStore(db);
  try {
    const stats = await bringUpToDate(store, {
      force,
      signals,
      onProgress: (p) => post({ type: "progress", progress: p }),
    });
    post({ type: "done", stats });
  } finally {
    await store.close();
  }
}

if (parentPort) {
  main().catch((err) =>
    parentPort!.postMessage({ type: "error", message: describeError(err) } satisfies WorkerMessage),
  );
}
