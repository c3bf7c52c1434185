import { DossierError } from "../util/errors.js";
import { openExistingStore, resolveDb } from "./store-path.js";
import type { Store, FileStatus } from "../store/store.js";
import { KnowledgeBaseJobs } from "../pipeline/background.js";
import { knowledgeBaseLag } from "../pipeline/catch-up.js";
import { ingestFiles } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { startServer } from "../server/index.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/**
 * Ingest for uploads: the files go through the same ingest rules as files on disk (nothing is
 * written to a temp path; each document's source is the client's file name). The knowledge base
 * is then brought up to date in the background (`jobs`): the upload answers as soon as the files
 * are stored, and `GET /api/jobs` shows the analysis and rebuild. Without `jobs`, a scheduler
 * running in this process is made for the store.
 */
export function uploadIngester(store: Store, jobs: KnowledgeBaseJobs = new KnowledgeBaseJobs({ store })) {
  return async (
    files: Array<{ name: string; bytes: Uint8Array }>,
  ): Promise<{ files: FileStatus[]; build: "queued" | "none" }> => {
    const summary = await ingestFiles(store, files, { clean: cleanPage });
    if (summary.ingested === 0) return { files: summary.files, build: "none" };
    jobs.request("upload");
    return { files: summary.files, build: "queued" };
  };
}

/** `dossier serve [--db DB] [--port 8080] [--host 127.0.0.1]` */
export async function serveCommand(values: { db?: string; port?: string; host?: string }, io: Io): Promise<number> {
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new DossierError("USAGE", `--port: not a port number: ${values.port}`);
  const host = values.host ?? "127.0.0.1";
  const store = await openExistingStore(values.db);
  const db = resolveDb(values.db);
  // Analysis and rebuilds run in a worker thread with its own connection: the API keeps answering.
  const jobs = new KnowledgeBaseJobs({ store, db });
  const server = await startServer({
    store,
    port,
    host,
    token: process.env.DOSSIER_TOKEN ?? null,
    ingest: uploadIngester(store, jobs),
    jobs,
  });
  io.out(`Dossier is serving ${db} at ${server.url} (Ctrl-C to stop)`);
  // Whatever a crash left behind (documents stored, analysis or rebuild not done) is caught up now.
  const lag = await knowledgeBaseLag(store);
  if (lag.stale) {
    io.err(
      `knowledge base is behind the documents (${lag.unanalysed} not analysed, ${lag.outside} not in it): updating in the background (GET /api/jobs)`,
    );
    jobs.request("startup");
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await jobs.close();
  await server.close();
  await store.close();
  return 0;
}
