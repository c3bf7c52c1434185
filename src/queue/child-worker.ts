/**
 * Child process for the queue reliability tests (`reliability.test.ts`): a worker that ingests
 * with a pass-through cleaner and a delay per job, printing each event as one JSON line, so the
 * test can SIGKILL it mid-job. Not part of the CLI.
 *
 * Usage: node child-worker.js DB_URL CONCURRENCY DELAY_MS VISIBILITY_S SUPERVISE_S
 */
import { runWorker } from "./worker.js";
import { ingestOne } from "./testing.js";

async function main(): Promise<void> {
  const [db, concurrency, delayMs, visibility, supervise] = process.argv.slice(2);
  if (!db || !concurrency || !delayMs || !visibility || !supervise) {
    throw new Error("usage: child-worker DB_URL CONCURRENCY DELAY_MS VISIBILITY_S SUPERVISE_S");
  }
  const ac = new AbortController();
  process.on("SIGTERM", () => ac.abort());
  await runWorker({
    db,
    concurrency: Number(concurrency),
    process: (input, store) => ingestOne(input, store, Number(delayMs)),
    signal: ac.signal,
    pollIntervalMs: 200,
    visibilityTimeoutSeconds: Number(visibility),
    superviseIntervalSeconds: Number(supervise),
    onEvent: (e) => process.stdout.write(JSON.stringify(e) + "\n"),
  });
}

main().catch((err) => {
  process.stderr.write(`child-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
