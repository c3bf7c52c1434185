/**
 * Worker-thread entry of {@link AnalysisPool}: loads the language models at once (while the caller
 * is still reading and cleaning pages), then receives documents and posts back their stored
 * analyses. Runs the same pure function as the main thread (`analyseDocument`).
 *
 * Roles (`workerData.role`, see src/pipeline/parallel.ts): `build` loads the models from their files
 * and posts their built tables (`{ tables }`, or `{ tables: null }` when they cannot be shared) for the
 * other threads; `wait` loads nothing until the pool posts `{ tables }` and adopts them (null, or tables
 * that do not fit: it loads from the files as `own` does); `own` (the default) loads from the files.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { DocumentRecord } from "../model/records.js";
import { analyseDocument, storedAnalysis, warmUpAnalysis } from "./analyse.js";
import { adoptModelTables, type ModelTables, shareModelTables } from "./model-tables.js";

type Message = { seq: number; doc: DocumentRecord } | { tables: ModelTables | null };

const role = (workerData as { role?: string } | null)?.role ?? "own";
/** Documents that arrived before a `wait` thread had its tables. */
const early: Array<{ seq: number; doc: DocumentRecord }> = [];
let loaded = false;

function analyse(msg: { seq: number; doc: DocumentRecord }): void {
  try {
    parentPort!.postMessage({ seq: msg.seq, analysis: storedAnalysis(analyseDocument(msg.doc)) });
  } catch (err) {
    parentPort!.postMessage({ seq: msg.seq, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Loads every model (adopting `tables` when given and they fit), then tells the pool. Messages that
 * arrive meanwhile wait in the port's queue; a model that cannot load fails here as it would on the
 * first document (the pool then fails the documents this thread was given).
 */
function load(tables: ModelTables | null): void {
  if (tables) {
    try {
      adoptModelTables(tables);
    } catch (err) {
      // tables that do not fit are not fatal: this thread builds its own (the models say what is wrong, if anything)
      parentPort?.postMessage({ note: `shared model tables not used: ${(err as Error).message}` });
    }
  }
  if (role === "build") {
    let shared: ModelTables | null = null;
    try {
      shared = shareModelTables();
    } finally {
      // the waiting threads must hear either way (null: they load their own, and fail as this one does)
      parentPort?.postMessage({ tables: shared });
    }
  }
  warmUpAnalysis();
  loaded = true;
  // The pool blames a document for a crash only after this: a thread that dies loading its models
  // leaves its document to another thread.
  parentPort?.postMessage({ ready: true });
  for (const msg of early.splice(0)) analyse(msg);
}

parentPort?.on("message", (msg: Message) => {
  if ("tables" in msg) {
    if (!loaded) load(msg.tables);
  } else if (loaded) analyse(msg);
  else early.push(msg);
});

if (role !== "wait") load(null);
