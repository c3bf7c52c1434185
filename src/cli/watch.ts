/**
 * `dossier watch DIR`: ingests every file in DIR, then new and changed files as they appear, and
 * merges each batch into the knowledge base; runs until interrupted (Ctrl-C).
 */
import { openStore } from "../store/open.js";
import { ingestAndBuild } from "../pipeline/index.js";
import { watchDirectory } from "../sources/watch.js";
import { parseByteSize } from "./bytes.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** `dossier watch DIR [--db DB] [--settle-ms N] [--max-bytes N]` */
export async function watchCommand(
  dir: string,
  values: { db?: string; "settle-ms"?: string; "max-bytes"?: string },
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const store = await openStore(values.db);
  const ctl = new AbortController();
  const stop = (): void => ctl.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  signal?.addEventListener("abort", stop, { once: true });
  try {
    await watchDirectory(dir, {
      signal: ctl.signal,
      settleMs: values["settle-ms"] ? Number(values["settle-ms"]) : undefined,
      ingest: (paths) => ingestAndBuild(store, paths, { maxBytes: parseByteSize(values["max-bytes"]) }),
      onReady: () => io.err(`watching ${dir} (Ctrl-C to stop)`),
      onBatch: ({ files, result }) => {
        const r = result as Awaited<ReturnType<typeof ingestAndBuild>>;
        io.out(
          `${files.length} file(s): ingested ${r.summary.ingested}, duplicate ${r.summary.duplicate}, failed ${r.summary.failed}` +
            (r.build ? `; knowledge base +${r.build.merged} document(s)` : ""),
        );
        for (const f of r.summary.files)
          if (f.status === "failed") io.out(`failed: ${f.source}: ${f.reason ?? "unknown reason"}`);
      },
    });
    return 0;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await store.close();
  }
}
