import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DossierError } from "../util/errors.js";
import { openStore } from "../store/open.js";
import type { Store, FileStatus } from "../store/store.js";
import { ingestAndBuild } from "../pipeline/index.js";
import { startServer } from "../server/index.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/**
 * Ingest for uploads: each file is written under a fresh temp dir with a sanitised name (no path
 * from the client is ever used), run through the pipeline, then removed.
 */
export function uploadIngester(store: Store) {
  return async (files: Array<{ name: string; bytes: Uint8Array }>): Promise<{ files: FileStatus[] }> => {
    const dir = await mkdtemp(join(tmpdir(), "dossier-upload-"));
    try {
      const paths: string[] = [];
      const names = new Map<string, string>();
      files.forEach((f, i) => {
        const safe = `${i}-${basename(f.name).replace(/[^\w.\-]+/g, "_").slice(-120) || "upload"}`;
        const p = join(dir, safe);
        paths.push(p);
        names.set(p, f.name);
      });
      await Promise.all(files.map((f, i) => writeFile(paths[i], f.bytes)));
      const { summary } = await ingestAndBuild(store, paths);
      return {
        files: summary.files.map((s) => {
          const base = [...names.keys()].find((p) => s.source === p || s.source.startsWith(p + "#"));
          return { ...s, source: base ? names.get(base)! + s.source.slice(base.length) : s.source };
        }),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** `dossier serve [--db DB] [--port 8080] [--host 127.0.0.1]` */
export async function serveCommand(values: { db?: string; port?: string; host?: string }, io: Io): Promise<number> {
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DossierError("USAGE", `--port: not a port number: ${values.port}`);
  const host = values.host ?? "127.0.0.1";
  const store = await openStore(values.db);
  const server = await startServer({ store, port, host, token: process.env.DOSSIER_TOKEN ?? null, ingest: uploadIngester(store) });
  io.out(`Dossier is serving ${values.db ?? process.env.DOSSIER_DB ?? "./dossier.db"} at ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  await store.close();
  return 0;
}
