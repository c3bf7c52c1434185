/**
 * Test and benchmark support for the queue: a pass-through cleaner and a one-input `process`
 * callback built on the real ingest path (`ingestInputs`), so queue tests exercise storage and
 * de-duplication without depending on the cleaner's heuristics. Not used by the CLI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ingestInputs } from "../ingest/index.js";
import type { FileStatus, Store } from "../store/store.js";
import { packageRoot } from "../util/paths.js";
import { statusFromSummary } from "./process.js";
import { passThroughClean } from "../ingest/pass-through.js";

/**
 * Ingests one queued input through `ingestInputs` with {@link passThroughClean}; the status of
 * its first (for a file: only) item. Optionally waits `delayMs` first, so tests can kill a
 * worker while it holds a job.
 */
export async function ingestOne(input: string, store: Store, delayMs = 0): Promise<FileStatus> {
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  return statusFromSummary(input, await ingestInputs(store, [input], { clean: passThroughClean }));
}

/**
 * Starts `child-worker` in a separate Node process (compiled `.js` under dist, or the `.ts` source
 * through tsx when the tests run from source). Its stdout carries one JSON event per line.
 */
export function spawnChildWorker(args: {
  db: string;
  concurrency: number;
  delayMs: number;
  visibility: number;
  supervise: number;
}): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith(".ts");
  const child = join(dirname(here), fromSource ? "child-worker.ts" : "child-worker.js");
  const argv = [
    ...(fromSource ? ["--import", "tsx"] : []),
    child,
    args.db,
    String(args.concurrency),
    String(args.delayMs),
    String(args.visibility),
    String(args.supervise),
  ];
  return spawn(process.execPath, argv, { cwd: packageRoot(), stdio: ["ignore", "pipe", "pipe"] });
}
