import { DossierError } from "../util/errors.js";
import { openStore } from "../store/open.js";
import { cleanPage } from "../clean/index.js";
import { ingestInputs } from "../ingest/index.js";
import { knowledgeBaseLag } from "../pipeline/catch-up.js";
import { catchUp } from "./catch-up.js";
import type { IngestProgress, IngestSummary } from "../ingest/index.js";
import { ingestWithAnalysis } from "../pipeline/stream.js";
import { createProgressBar } from "../ingest/index.js";
import { displayName } from "../ingest/names.js";
import type { DocumentSignals } from "../kb/doc-signals.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

export { parseByteSize } from "./bytes.js";
import { parseByteSize } from "./bytes.js";

/**
 * Most documents whose merge after an ingest runs on the CLI's own thread (where the store is open
 * and the provenance resources loaded) rather than in a new worker thread: ≈ 3 s of merge on 2 cores.
 */
export const IN_PROCESS_MERGE_MAX = 300;

/** Prints the per-failure lines, then the one-line summary (always last). */
export function printSummary(summary: IngestSummary, io: Io): void {
  // Names are escaped: a newline in a file name must not forge a status or summary line.
  for (const s of summary.skipped ?? []) io.out(`skipped: ${displayName(s.source)}: ${s.reason}`);
  for (const f of summary.files)
    if (f.status === "failed") io.out(`failed: ${displayName(f.source)}: ${displayName(f.reason ?? "unknown reason")}`);
  const skipped = summary.skipped?.length ? `, skipped ${summary.skipped.length}` : "";
  io.out(
    `ingested ${summary.ingested}, duplicate ${summary.duplicate}, failed ${summary.failed}${skipped} (run ${summary.run})`,
  );
}

/** `dossier ingest <inputs…>` */
export async function ingestCommand(
  inputs: string[],
  values: { db?: string; "max-bytes"?: string; queue?: boolean; "no-build"?: boolean },
  io: Io,
): Promise<number> {
  if (!inputs.length)
    throw new DossierError("USAGE", "nothing to ingest: give files, directories, URLs or - for stdin");
  const maxBytes = parseByteSize(values["max-bytes"]);
  if (values.queue) {
    const db = values.db ?? process.env.DOSSIER_DB;
    if (!db || !/^postgres(ql)?:\/\//.test(db))
      throw new DossierError("USAGE", "--queue needs a PostgreSQL database (--db postgres://… or DOSSIER_DB)");
    const { enqueueIngest } = await import("../queue/index.js");
    const r = await enqueueIngest(db, inputs);
    io.out(`queued ${r.jobs} job(s); run \`dossier worker --db …\` to process them`);
    return 0;
  }
  const store = await openStore(values.db);
  try {
    const progress = createProgressBar({ label: "ingest" });
    const ingestOpts = { clean: cleanPage, maxBytes, progress: (p: IngestProgress) => progress.update(p) };
    let summary: IngestSummary;
    let signals: Map<string, DocumentSignals> | undefined;
    if (values["no-build"]) {
      summary = await ingestInputs(store, inputs, ingestOpts);
      progress.done();
    } else {
      // New documents are analysed on worker threads while the rest are read and cleaned.
      const t0 = performance.now();
      const r = await ingestWithAnalysis(store, inputs, ingestOpts);
      progress.done();
      summary = r.summary;
      signals = r.signals;
      if (r.threads)
        io.err(
          `ingested and analysed ${r.analysed} document(s) on ${r.threads} analysis thread(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      for (const f of r.failedAnalyses)
        io.err(
          `could not analyse ${f.doc} (${f.reason}): stored and searchable, left out of the knowledge base (\`dossier build --retry-failed\` tries again)`,
        );
      if (r.failure) io.err(`analysis during the ingest stopped (${r.failure}); the catch-up below analyses the rest`);
    }
    // New documents, or a knowledge base left behind by a crash or an upgrade: bring it up to date.
    if (!values["no-build"]) await catchUp(store, values.db, io, { signals, inProcessUpTo: IN_PROCESS_MERGE_MAX });
    printSummary(summary, io);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/**
 * `dossier build [--full]`: analyses stale documents and merges new ones into the knowledge base;
 * returns at once when nothing is stale. `--full` (alias `--force`) rebuilds it from every stored document.
 */
export async function buildCommand(
  values: { db?: string; full?: boolean; force?: boolean; "retry-failed"?: boolean },
  io: Io,
): Promise<number> {
  const store = await openStore(values.db);
  const full = values.full === true || values.force === true;
  try {
    if (values["retry-failed"]) {
      const n = await store.clearAnalysisFailures();
      io.err(`trying ${n} document(s) whose analysis failed again`);
    }
    const lag = await knowledgeBaseLag(store);
    if (!lag.stale && !full) {
      io.out(`knowledge base is up to date over ${lag.documents} document(s); nothing to do (--full rebuilds anyway)`);
      return 0;
    }
    const last = await catchUp(store, values.db, io, { force: full });
    const failed = last?.failed ? `, ${last.failed} could not be analysed (\`dossier status\` lists them)` : "";
    io.out(
      `knowledge base ${full ? "rebuilt" : "brought up to date"} over ${last?.documents ?? lag.documents} document(s), ${last?.analysed ?? 0} analysed${failed} in ${((last?.ms ?? 0) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
