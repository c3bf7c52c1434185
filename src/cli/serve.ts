import { DossierError } from "../util/errors.js";
import { openExistingStore } from "./store-path.js";
import type { Store, FileStatus } from "../store/store.js";
import { buildKnowledgeBase } from "../pipeline/index.js";
import { ingestFiles } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { startServer } from "../server/index.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/**
 * Ingest for uploads: the files go through the same ingest rules as files on disk (nothing is
 * written to a temp path; each document's source is the client's file name), then the knowledge
 * base is rebuilt when anything new went in.
 */
export function uploadIngester(store: Store) {
  return async (files: Array<{ name: string; bytes: Uint8Array }>): Promise<{ files: FileStatus[] }> => {
    const summary = await ingestFiles(store, files, { clean: cleanPage });
    if (summary.ingested > 0) await buildKnowledgeBase(store);
    return { files: summary.files };
  };
}

/** `dossier serve [--db DB] [--port 8080] [--host 127.0.0.1]` */
export async function serveCommand(values: { db?: string; port?: string; host?: string }, io: Io): Promise<number> {
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DossierError("USAGE", `--port: not a port number: ${values.port}`);
  const host = values.host ?? "127.0.0.1";
  const store = await openExistingStore(values.db);
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
