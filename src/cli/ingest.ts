import { DossierError } from "../util/errors.js";
import { openStore } from "../store/open.js";
import { buildKnowledgeBase, ingestAndBuild } from "../pipeline/index.js";
import type { IngestSummary } from "../ingest/index.js";
import { createProgressBar } from "../ingest/index.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

export { parseByteSize } from "./bytes.js";
import { parseByteSize } from "./bytes.js";

/** Prints the per-failure lines, then the one-line summary (always last). */
export function printSummary(summary: IngestSummary, io: Io): void {
  for (const f of summary.files) if (f.status === "failed") io.out(`failed: ${f.source}: ${f.reason ?? "unknown reason"}`);
  io.out(`ingested ${summary.ingested}, duplicate ${summary.duplicate}, failed ${summary.failed} (run ${summary.run})`);
}

/** `dossier ingest <inputs…>` */
export async function ingestCommand(inputs: string[], values: { db?: string; "max-bytes"?: string; queue?: boolean; "no-build"?: boolean }, io: Io): Promise<number> {
  if (!inputs.length) throw new DossierError("USAGE", "nothing to ingest: give files, directories, URLs or - for stdin");
  const maxBytes = parseByteSize(values["max-bytes"]);
  if (values.queue) {
    const db = values.db ?? process.env.DOSSIER_DB;
    if (!db || !/^postgres(ql)?:\/\//.test(db)) throw new DossierError("USAGE", "--queue needs a PostgreSQL database (--db postgres://… or DOSSIER_DB)");
    const { enqueueIngest } = await import("../queue/index.js");
    const r = await enqueueIngest(db, inputs);
    io.out(`queued ${r.jobs} job(s); run \`dossier worker --db …\` to process them`);
    return 0;
  }
  const store = await openStore(values.db);
  try {
    const progress = createProgressBar({ label: "ingest" });
    const { summary, build } = await ingestAndBuild(store, inputs, { maxBytes, progress: (p) => progress.update(p), skipBuild: values["no-build"] });
    progress.done();
    if (build) io.err(`knowledge base ${build.full ? "rebuilt" : "updated"}: ${build.merged} document(s) merged, ${build.documents} stored (${build.analysed} analysed) in ${Math.round(Object.values(build.ms).reduce((a, b) => a + b, 0))} ms`);
    printSummary(summary, io);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** `dossier build`: re-analyses stale documents and rebuilds the knowledge base. */
export async function buildCommand(values: { db?: string; full?: boolean }, io: Io): Promise<number> {
  const store = await openStore(values.db);
  try {
    const stats = await buildKnowledgeBase(store, { onProgress: (m) => io.err(m), full: values.full });
    io.out(`knowledge base ${stats.full ? "rebuilt over" : "updated with"} ${stats.full ? stats.documents : stats.merged} document(s), ${stats.analysed} analysed; ms: ${JSON.stringify(Object.fromEntries(Object.entries(stats.ms).map(([k, v]) => [k, Math.round(v)])))}`);
    return 0;
  } finally {
    await store.close();
  }
}
