/**
 * Worker-thread entry of {@link AnalysisPool}: loads the language models at once (while the caller
 * is still reading and cleaning pages), then receives documents and posts back their stored
 * analyses. Runs the same pure function as the main thread (`analyseDocument`).
 */
import { parentPort } from "node:worker_threads";
import type { DocumentRecord } from "../model/records.js";
import { analyseDocument, storedAnalysis, warmUpAnalysis } from "./analyse.js";

parentPort?.on("message", (msg: { seq: number; doc: DocumentRecord }) => {
  try {
    parentPort!.postMessage({ seq: msg.seq, analysis: storedAnalysis(analyseDocument(msg.doc)) });
  } catch (err) {
    parentPort!.postMessage({ seq: msg.seq, error: err instanceof Error ? err.message : String(err) });
  }
});

// Messages that arrive meanwhile wait in the port's queue; a model that cannot load fails here as
// it would on the first document (the pool then fails the documents this thread was given).
warmUpAnalysis();
// The pool blames a document for a crash only after this: a thread that dies loading its models
// leaves its document to another thread.
parentPort?.postMessage({ ready: true });
