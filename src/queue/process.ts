import { ingestInputs, type IngestOptions, type IngestSummary } from "../ingest/index.js";
import type { FileStatus, Store } from "../store/store.js";

/**
 * One status for one queued input, from the summary of ingesting it. A plain file gives one item;
 * a JSON/JSONL file gives one per article, folded here: `ingested` when any article went in,
 * `duplicate` when all were known already, `failed` when none could be stored (the job is then
 * finished as failed, not retried: the same bytes would fail the same way). Per-article detail
 * stays in the store's ingest run (`listRunFiles(summary.run)`).
 */
export function statusFromSummary(
  input: string,
  summary: Pick<IngestSummary, "ingested" | "duplicate" | "failed" | "files">,
): FileStatus {
  const files = summary.files;
  if (files.length === 1) return { ...files[0]!, source: input };
  if (files.length === 0) return { source: input, status: "failed", reason: "ingest reported nothing for this input" };
  const firstDoc = files.find((f) => f.doc)?.doc ?? null;
  const failures = files.filter((f) => f.status === "failed");
  const failedNote = failures.length
    ? `${failures.length} of ${files.length} items failed (first: ${failures[0]!.source}: ${failures[0]!.reason ?? "unknown"})`
    : null;
  if (summary.ingested > 0) {
    return {
      source: input,
      status: "ingested",
      doc: firstDoc,
      reason: [`${summary.ingested} ingested, ${summary.duplicate} duplicate`, failedNote].filter(Boolean).join("; "),
    };
  }
  if (summary.duplicate > 0) return { source: input, status: "duplicate", doc: firstDoc, reason: failedNote };
  return { source: input, status: "failed", reason: failedNote };
}

/**
 * A `process` callback for {@link runWorker} that runs the real ingest path on each queued input:
 * `ingestInputs(store, [input], opts)` (read, size caps, decode, clean, store, `onDocument`),
 * folded into one status by {@link statusFromSummary}. Errors that `ingestInputs` throws (the
 * store unreachable…) propagate, so the job is retried.
 *
 * @example
 * await runWorker({ db, concurrency: 4, process: createIngestProcessor({ clean: cleanPage }) });
 */
export function createIngestProcessor(opts: IngestOptions): (input: string, store: Store) => Promise<FileStatus> {
  return async (input, store) => statusFromSummary(input, await ingestInputs(store, [input], opts));
}
