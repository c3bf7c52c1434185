/**
 * Worker-thread entry of {@link analyseInWorkers}: receives documents, posts back their stored
 * analyses. Runs the same pure function as the main thread (`analyseDocument`).
 */
import { parentPort } from "node:worker_threads";
import type { DocumentRecord } from "../model/records.js";
import { analyseDocument, storedAnalysis } from "./index.js";

parentPort?.on("message", (msg: { seq: number; doc: DocumentRecord }) => {
  try {
    parentPort!.postMessage({ seq: msg.seq, analysis: storedAnalysis(analyseDocument(msg.doc)) });
  } catch (err) {
    parentPort!.postMessage({ seq: msg.seq, error: err instanceof Error ? err.message : String(err) });
  }
});
