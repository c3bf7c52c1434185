#!/usr/bin/env node
// Search and entity-lookup latency of two or more Dossier builds on one generated PostgreSQL store, interleaved
// query by query (the order rotates), so a machine whose load moves from minute to minute treats
// every build alike. Each build is a directory with a compiled `dist/` (e.g. a copy of `main`'s);
// the store is one `scripts/pg-1m.mjs --keep` left (same words and cases as there). A build older
// than the store's schema refuses to open it: compare builds that share the schema version.
//
//   node scripts/pg-search-ab.mjs --pg URL --schema s1m [--queries 50] [--cases REGEXP] DIR_A DIR_B …
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: args, positionals: builds } = parseArgs({
  allowPositionals: true,
  options: {
    pg: { type: "string" },
    schema: { type: "string", default: "scale_1m" },
    queries: { type: "string", default: "50" },
    cases: { type: "string", default: "" },
  },
});
if (!args.pg || builds.length === 0) {
  console.error("usage: node scripts/pg-search-ab.mjs --pg postgres://… --schema S DIR_A [DIR_B …]");
  process.exit(2);
}
const url = new URL(args.pg);
url.searchParams.set("schema", args.schema);
const stores = [];
for (const dir of builds) {
  const { openStore } = await import(join(resolve(dir), "dist/src/store/open.js"));
  const { searchWithFacets } = await import(join(resolve(dir), "dist/src/store/queries.js"));
  const store = await openStore(url.toString());
  // each build's own search view (src/store/queries.ts) over its own store
  store.facets = (q, f) => searchWithFacets(store, q, f);
  stores.push(store);
}
const pg = (await import("pg")).default;
const client = new pg.Client({ connectionString: args.pg });
await client.connect();
const vocabWords = async (from, to) =>
  (
    await client.query("SELECT substr(md5(i::text), 1, 4 + i % 6) AS w FROM generate_series($1::int, $2::int) i", [
      from,
      to,
    ])
  ).rows.map((r) => r.w);
const words = await vocabWords(0, 2);
const frequent = await vocabWords(100, 102);
const rare = await vocabWords(2990, 2992);
const cases = {
  "search (word in ~all)": (s, i) => s.search(words[i % words.length], { limit: 20 }),
  "search (word in ~1%)": (s, i) => s.search(rare[i % rare.length], { limit: 20 }),
  "search (word in ~10%)": (s, i) => s.search(frequent[i % frequent.length], { limit: 20 }),
  "search (word in ~10%, one year)": (s, i) =>
    s.search(frequent[i % frequent.length], { from: String(2019 + (i % 6)), to: String(2019 + (i % 6)), limit: 20 }),
  "search (word in ~1%, one year)": (s, i) =>
    s.search(rare[i % rare.length], { from: String(2019 + (i % 6)), to: String(2019 + (i % 6)), limit: 20 }),
  "search (miss)": (s, i) => s.search(`zq${i % 7}xvocab`, { limit: 20 }),
  "search (two words)": (s, i) =>
    s.search(`${frequent[i % frequent.length]} ${rare[(i + 1) % rare.length]}`, { limit: 20 }),
  "search page + facets (word in ~10%)": (s, i) => s.facets(frequent[i % frequent.length], { limit: 20, offset: 0 }),
  "search page + facets (word in ~1%)": (s, i) => s.facets(rare[i % rare.length], { limit: 20, offset: 0 }),
  "entity (find by name)": (s, i) => s.findEntities(`family${(i * 37) % 997}`, 10),
  "entity (substring only)": (s, i) => s.findEntities(`amily${(i * 37) % 997}`, 10),
  "entity (substring, frequent)": (s, i) => s.findEntities(`amily${1 + (i % 9)}`, 10),
};
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const out = {};
for (const [label, run] of Object.entries(cases)) {
  if (args.cases && !new RegExp(args.cases).test(label)) continue;
  const times = stores.map(() => []);
  for (let i = 0; i < 3; i++) for (const s of stores) await run(s, i);
  for (let i = 0; i < Number(args.queries); i++) {
    for (let k = 0; k < stores.length; k++) {
      const j = (i + k) % stores.length;
      const t = performance.now();
      await run(stores[j], i);
      times[j].push(performance.now() - t);
    }
  }
  out[label] = times.map((ts) => {
    ts.sort((a, b) => a - b);
    return { p50_ms: +pct(ts, 50).toFixed(1), p95_ms: +pct(ts, 95).toFixed(1) };
  });
  const cells = out[label].map((r) => `${r.p50_ms}/${r.p95_ms}`).join("   ");
  console.error(`${label.padEnd(34)} ${cells}  (load ${loadavg()[0].toFixed(1)})`);
}
console.log(JSON.stringify({ builds, queries: out }));
for (const s of stores) await s.close();
await client.end();
