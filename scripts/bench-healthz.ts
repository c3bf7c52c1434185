/**
 * /healthz latency while an upload is analysed and merged into the knowledge base: the same
 * upload with the knowledge-base work (a) in-process on the server's event loop (as before issue
 * 14) and (b) in a worker thread (src/pipeline/background.ts). A client polls /healthz every 20 ms
 * from the upload until GET /api/jobs is idle; p50/p99/max of those answers are reported.
 *
 * Usage: npx tsc -p tsconfig.json && node dist/scripts/bench-healthz.js [--base 200] [--upload 60]
 */
import { parseArgs } from "node:util";
import { request as httpRequest } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import { ingestFiles } from "../src/ingest/index.js";
import { cleanPage } from "../src/clean/index.js";
import { KnowledgeBaseJobs } from "../src/pipeline/background.js";
import { bringUpToDate } from "../src/pipeline/catch-up.js";
import { uploadIngester } from "../src/cli/serve.js";
import { startServer } from "../src/server/index.js";
import { generatedArticle } from "../test/fixtures/articles.js";

const { values } = parseArgs({
  options: { base: { type: "string", default: "200" }, upload: { type: "string", default: "60" } },
});
const BASE = Number(values.base);
const UPLOAD = Number(values.upload);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** POSTs a form on a connection of its own (no keep-alive reuse a blocked server could reset). */
async function postFresh(url: string, form: FormData): Promise<number> {
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent: false,
        headers: { "content-type": encoded.headers.get("content-type")!, "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(mode: "event loop" | "worker thread"): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "dossier-healthz-"));
  const db = join(dir, "h.db");
  const store = createSqliteStore(db);
  await store.init();
  await ingestFiles(
    store,
    Array.from({ length: BASE }, (_, i) => ({ name: `base-${i}.html`, bytes: Buffer.from(generatedArticle(i)) })),
    { clean: cleanPage },
  );
  await bringUpToDate(store);
  const jobs = new KnowledgeBaseJobs({ store, db: mode === "worker thread" ? db : null });
  const server = await startServer({ store, port: 0, host: "127.0.0.1", ingest: uploadIngester(store, jobs), jobs });
  const form = new FormData();
  for (let i = BASE; i < BASE + UPLOAD; i++) form.append("files", new Blob([generatedArticle(i)]), `up-${i}.html`);
  // /healthz is polled from the moment the upload is sent until the background work is done.
  const lat: number[] = [];
  let errors = 0;
  let uploadDone = false;
  const poller = (async () => {
    for (;;) {
      const t = performance.now();
      try {
        const h = await fetch(`${server.url}/healthz`);
        await h.arrayBuffer();
      } catch {
        // A keep-alive socket the blocked server let time out: counted, and its wait is kept.
        errors++;
      }
      lat.push(performance.now() - t);
      const j = jobs.status();
      if (uploadDone && j.state === "idle" && !j.pending) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const status = await postFresh(`${server.url}/api/ingest`, form);
  const uploadMs = performance.now() - t0;
  if (status !== 200) throw new Error(`upload failed: ${status}`);
  uploadDone = true;
  await poller;
  const totalMs = performance.now() - t0;
  console.log(
    `${mode.padEnd(13)}: upload answered in ${uploadMs.toFixed(0)} ms; KB work done after ${(totalMs / 1000).toFixed(1)} s; /healthz n=${lat.length} p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms, ${errors} connection error(s)`,
  );
  await jobs.close();
  await server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

console.log(`store of ${BASE} generated articles, upload of ${UPLOAD} more`);
await run("event loop");
await run("worker thread");
