/**
 * API latency under concurrency over a real port: C clients (1, 50, 200) each send requests back
 * to back over a mix of routes (overview, timeline, entities, an entity profile, search, documents,
 * claims, /healthz) until N requests are answered; p50/p99 per level, and per route at C = 1.
 *
 * Usage: npx tsc -p tsconfig.json && node dist/scripts/bench-concurrency.js [--docs 300] [--requests 2000]
 */
import { parseArgs } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import { ingestFiles } from "../src/ingest/index.js";
import { cleanPage } from "../src/clean/index.js";
import { bringUpToDate } from "../src/pipeline/catch-up.js";
import { startServer } from "../src/server/index.js";
import { generatedArticle } from "../test/fixtures/articles.js";

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "300" },
    requests: { type: "string", default: "2000" },
    db: { type: "string" },
  },
});
const DOCS = Number(values.docs);
const REQUESTS = Number(values.requests);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const dir = await mkdtemp(join(tmpdir(), "dossier-conc-"));
const dbPath = values.db ?? join(dir, "c.db");
const store = createSqliteStore(dbPath);
await store.init();
if (!values.db) {
  await ingestFiles(
    store,
    Array.from({ length: DOCS }, (_, i) => ({ name: `a-${i}.html`, bytes: Buffer.from(generatedArticle(i)) })),
    { clean: cleanPage },
  );
  await bringUpToDate(store);
}
// Both servers on the same store in the same run: without the answer cache (as before) and with it.
const servers = {
  "no cache": await startServer({ store, port: 0, host: "127.0.0.1", cache: null }),
  "answer cache": await startServer({ store, port: 0, host: "127.0.0.1" }),
};
let server = servers["no cache"];
const entityIds = (await store.listEntities({ limit: 20 })).items.map((e) => e.id);
const WORDS = [
  "talks",
  "grain",
  "rail",
  "minister",
  "border",
  "visas",
  "quotas",
  "delegation",
  "meeting",
  "reporters",
  "power",
  "exports",
  "round",
  "ministry",
  "weeks",
  "president",
  "month",
  "agreed",
  "supplies",
  "crossings",
];
let resets = 0;
// A mix of shared questions (overview, first pages) and distinct ones (20 search words, 5 timeline
// pages, 20 entity profiles), as many users of one UI would send.
const ROUTE_KINDS = 8;
const routeFor = (i: number): string => {
  const k = i % ROUTE_KINDS;
  const v = Math.floor(i / ROUTE_KINDS);
  switch (k) {
    case 0:
      return "/api/overview";
    case 1:
      return `/api/timeline?limit=50&offset=${(v % 5) * 50}`;
    case 2:
      return "/api/entities?limit=50";
    case 3:
      return `/api/entities/${encodeURIComponent(entityIds[v % Math.max(1, entityIds.length)] ?? "none")}`;
    case 4:
      return `/api/search?q=${WORDS[v % WORDS.length]}`;
    case 5:
      return "/api/documents?limit=50";
    case 6:
      return "/api/claims?limit=50";
    default:
      return "/healthz";
  }
};
const kindName = [
  "overview",
  "timeline (5 pages)",
  "entities",
  "entity profile (20)",
  "search (20 words)",
  "documents",
  "claims",
  "healthz",
];

async function level(clients: number): Promise<{ all: number[]; byRoute: Map<string, number[]> }> {
  const all: number[] = [];
  const byRoute = new Map<string, number[]>(kindName.map((r) => [r, []]));
  let next = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= REQUESTS) return;
      const route = routeFor(i);
      const t = performance.now();
      let res: Response;
      try {
        res = await fetch(server.url + route);
      } catch {
        // A keep-alive socket closed by the server as it was reused: retried once, counted.
        resets++;
        res = await fetch(server.url + route);
      }
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${route} → ${res.status}`);
      const ms = performance.now() - t;
      all.push(ms);
      byRoute.get(kindName[i % ROUTE_KINDS])!.push(ms);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { all, byRoute };
}

console.log(
  `store: ${values.db ?? `${DOCS} generated articles`}; ${REQUESTS} requests per level over ${ROUTE_KINDS} kinds of route`,
);
for (const [name, srv] of Object.entries(servers)) {
  server = srv;
  console.log(`-- ${name}`);
  await level(8); // warm-up
  for (const c of [1, 50, 200]) {
    const t0 = performance.now();
    const { all, byRoute } = await level(c);
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `clients ${String(c).padStart(3)}: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms, ${(all.length / secs).toFixed(0)} req/s, ${resets} connection reset(s) retried`,
    );
    resets = 0;
    if (c === 1)
      for (const [r, xs] of byRoute)
        console.log(`   ${r.padEnd(40)} p50 ${pct(xs, 50).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms`);
  }
  await srv.close();
}
await store.close();
await rm(dir, { recursive: true, force: true });
