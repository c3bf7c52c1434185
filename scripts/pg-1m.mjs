#!/usr/bin/env node
// Query latency of the PostgreSQL store at a simulated 1M documents: generated rows (not analysed
// documents), written straight into the store's own tables by SQL, then timeline, entity and search
// queries through the Store API (p50/p95 over --queries runs each, after 5 warm-ups).
// Generated: N documents (60–140 words each from a 3,000-word vocabulary with a skewed (Zipf-like)
// frequency, so common words hit many documents and rare ones few), N events over 2019–2025 with
// 2–3 entities each, N/5 entities with skewed popularity, 3 mentions per document; one event in ten spans a month and one in
// a hundred a year (the rest are single days).
//
//   npm run build && URL=$(bash scripts/pg-test-cluster.sh start | tail -1)
//   node scripts/pg-1m.mjs --pg "$URL" [--docs 1000000] [--queries 50] [--keep] [--cases REGEXP]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { loadavg } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    docs: { type: "string", default: "1000000" },
    queries: { type: "string", default: "50" },
    schema: { type: "string", default: "scale_1m" },
    keep: { type: "boolean", default: false },
    cases: { type: "string", default: "" },
  },
});
if (!args.pg) {
  console.error("usage: node scripts/pg-1m.mjs --pg postgres://… [--docs 1000000]");
  process.exit(2);
}
const N = Number(args.docs);
const url = new URL(args.pg);
url.searchParams.set("schema", args.schema);
const { openStore } = await import(join(root, "dist/src/store/open.js"));
const pg = (await import("pg")).default;
const log = (m) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

const client = new pg.Client({ connectionString: args.pg });
await client.connect();
const q = (sql, params) => client.query(sql, params);
const S = args.schema;
const exists =
  (
    await q(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'documents'",
      [S],
    )
  ).rows[0].n > 0;
let have = 0;
if (exists) have = (await q(`SELECT count(*)::int AS n FROM ${S}.documents`)).rows[0].n;
if (have !== N) {
  await q(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  const store = await openStore(url.toString());
  await store.close();
  await q(`SET search_path TO ${S}`);
  const t0 = performance.now();
  // Vocabulary: 3,000 made-up words (word i = a prefix of md5(i)), word i drawn as
  // floor(2999 · random()^3): the first words are in nearly every document, word ~100 in about
  // one in ten, the last ones in about one in a hundred.
  log("documents…");
  // Bulk load first, full-text index after (one GIN build instead of 1M incremental inserts). The
  // search vectors live in doc_search (migration 9), written after the documents.
  await q("DROP INDEX doc_search_tsv");
  await q(`INSERT INTO raw (sha256, bytes, size) SELECT 's' || g, '\\x00'::bytea, 1 FROM generate_series(1, $1) g`, [
    N,
  ]);
  await q(
    `INSERT INTO documents (id, sha256, source, title, outlet, url, published, published_day, lang, text, json, ingested_at)
     SELECT id, sha, src, title, outlet, NULL, day, day, 'en', body, json_build_object('kind', 'document', 'id', id, 'source', src, 'lang', 'en', 'text', ''), '2026-01-01T00:00:00Z'
     FROM (
       SELECT 'd_' || lpad(to_hex(g), 16, '0') AS id, 's' || g AS sha, 'gen/' || g AS src, 'Report ' || g AS title, 'outlet' || (g % 200) AS outlet,
              to_char(date '2019-01-01' + (g % 2500), 'YYYY-MM-DD') AS day,
              (SELECT string_agg(substr(md5(w.i::text), 1, 4 + w.i % 6), ' ') FROM (SELECT floor(2999 * power(random(), 3))::int AS i FROM generate_series(1, 60 + (g % 80)) k WHERE g > 0) w) AS body
       FROM generate_series(1, $1) g
     ) x`,
    [N],
  );
  await q(
    `INSERT INTO doc_search (seq, id, published_day, tsv)
     SELECT seq, id, published_day, setweight(to_tsvector('simple', lower(title)), 'A') || setweight(to_tsvector('simple', text), 'B')
     FROM documents ORDER BY seq`,
  );
  await q("CREATE INDEX doc_search_tsv ON doc_search USING gin(tsv)");
  log(`documents: ${Math.round((performance.now() - t0) / 1000)} s; entities…`);
  const E = Math.max(100, Math.floor(N / 5));
  await q(
    `INSERT INTO entities (id, ord, type, name, docs, mentions, json)
     SELECT 'e_' || lpad(to_hex(g), 12, '0'), g, CASE WHEN g % 3 = 0 THEN 'person' WHEN g % 3 = 1 THEN 'org' ELSE 'place' END,
            'Name' || g || ' Family' || (g % 997), 1 + ($1 / g), 3 + ($1 / g),
            json_build_object('kind', 'entity', 'id', 'e_' || lpad(to_hex(g), 12, '0'), 'type', 'person', 'name', 'Name' || g || ' Family' || (g % 997), 'aliases', '[]'::json, 'roles', '[]'::json, 'docs', 1, 'mentions', 3)
     FROM generate_series(1, $2) g`,
    [N, E],
  );
  await q(`INSERT INTO entity_names (entity, name_norm, is_primary) SELECT id, lower(name), true FROM entities`);
  await q(
    `INSERT INTO entity_names (entity, name_norm, is_primary) SELECT id, lower(split_part(name, ' ', 2)), false FROM entities ON CONFLICT DO NOTHING`,
  );
  log(`entities: ${Math.round((performance.now() - t0) / 1000)} s; events…`);
  // Entity popularity: entity k with probability ∝ 1/k (power of random()).
  const pick = `1 + floor(${E - 1} * power(random(), 4))::int`;
  await q(
    `INSERT INTO events (id, ord, type, date, date_start, date_end, json)
     SELECT 'v_' || lpad(to_hex(g), 12, '0'), g, (ARRAY['CONSULT','SUPPORT','ACCUSE','DEMAND','COERCE','ASSAULT','COOPERATE','PROTEST'])[1 + g % 8],
            d, d, d,
            json_build_object('kind', 'event', 'id', 'v_' || lpad(to_hex(g), 12, '0'), 'type', 'CONSULT', 'summary', 'generated event ' || g, 'date', d,
              'actors', '[]'::json, 'targets', '[]'::json, 'location', NULL, 'evidence', json_build_array(json_build_object('doc', 'd_' || lpad(to_hex(1 + g % $1), 16, '0'), 'start', 0, 'end', 10, 'text', 'generated')),
              'mode', NULL, 'modes', '[]'::json, 'independent_outlets', 1, 'trigger', 'met')
     FROM (SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE to_char(date '2019-01-01' + (g % 2500), 'YYYY-MM-DD') END AS d FROM generate_series(1, $1) g) x`,
    [N],
  );
  await q(
    `INSERT INTO event_entities (event, entity, role)
     SELECT DISTINCT 'v_' || lpad(to_hex(g), 12, '0'), 'e_' || lpad(to_hex(${pick}), 12, '0'), (ARRAY['actor','target','actor'])[k]
     FROM generate_series(1, $1) g, generate_series(1, 2 + (g % 2)) k ON CONFLICT DO NOTHING`,
    [N],
  );
  log(`events: ${Math.round((performance.now() - t0) / 1000)} s; mentions…`);
  await q(
    `INSERT INTO mentions (ord, doc, entity, start, "end", json)
     SELECT (g - 1) * 3 + k, 'd_' || lpad(to_hex(g), 16, '0'), e, k * 10, k * 10 + 5,
            json_build_object('kind', 'mention', 'doc', 'd_' || lpad(to_hex(g), 16, '0'), 'entity', e, 'start', k * 10, 'end', k * 10 + 5, 'text', 'xxxxx', 'via', 'name')
     FROM (SELECT g, k, 'e_' || lpad(to_hex(${pick}), 12, '0') AS e FROM generate_series(1, $1) g, generate_series(1, 3) k) x`,
    [N],
  );
  log(`generated in ${Math.round((performance.now() - t0) / 1000)} s`);
}
// Multi-day events, as real timelines have them: every tenth event has a month's precision
// ("2023-05" = 2023-05-01…2023-05-31) and every hundredth a year's. Applied to a kept store too.
const spanning = (await q(`SELECT count(*)::int AS n FROM ${S}.events WHERE date_start <> date_end`)).rows[0].n;
if (spanning === 0) {
  log("multi-day events…");
  const store = await openStore(url.toString()); // migrations first (a kept store may predate some)
  await store.close();
  await q(
    `UPDATE ${S}.events SET date = left(date, 7), date_start = left(date, 7) || '-01', date_end = left(date, 7) || '-31'
     WHERE ord % 10 = 3 AND date IS NOT NULL`,
  );
  await q(
    `UPDATE ${S}.events SET date = left(date, 4), date_start = left(date, 4) || '-01-01', date_end = left(date, 4) || '-12-31'
     WHERE ord % 100 = 7 AND date IS NOT NULL`,
  );
}
// A kept store written by an older Dossier migrates here, timed (backfills included).
{
  const t = performance.now();
  const opened = await openStore(url.toString());
  await opened.close();
  log(`store opened, pending migrations applied: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
// What autovacuum would have done by now on a live store: statistics, and the visibility map that
// lets counts run index-only.
log("vacuum analyze…");
await q(
  `VACUUM ANALYZE ${S}.events, ${S}.event_entities, ${S}.entities, ${S}.entity_names, ${S}.mentions, ${S}.documents, ${S}.doc_search`,
);
const sizes = (
  await q(
    `SELECT (SELECT count(*) FROM ${S}.documents) AS docs, (SELECT count(*) FROM ${S}.events) AS events, (SELECT count(*) FROM ${S}.event_entities) AS event_entities, (SELECT count(*) FROM ${S}.entities) AS entities, (SELECT count(*) FROM ${S}.mentions) AS mentions, pg_size_pretty(pg_database_size(current_database())) AS db`,
  )
).rows[0];
log(`rows: ${JSON.stringify(sizes)}`);

const store = await openStore(url.toString());
const top = (await q(`SELECT entity, count(*) AS n FROM ${S}.event_entities GROUP BY entity ORDER BY n DESC LIMIT 3`))
  .rows;
const mid = (await q(`SELECT id FROM ${S}.entities ORDER BY ord LIMIT 20 OFFSET 200`)).rows.map((r) => r.id);
const vocabWords = async (from, to) =>
  (
    await q(`SELECT substr(md5(i::text), 1, 4 + i % 6) AS w FROM generate_series($1::int, $2::int) i`, [from, to])
  ).rows.map((r) => r.w);
const words = await vocabWords(0, 2);
const frequent = await vocabWords(100, 102);
const rare = await vocabWords(2990, 2992);
const cases = {
  "timeline (first pages)": (i) => store.timeline({ limit: 50, offset: (i % 5) * 50 }),
  "timeline (top entity)": (i) => store.timeline({ entity: top[i % top.length].entity, limit: 50 }),
  "timeline (mid entity)": (i) => store.timeline({ entity: mid[i % mid.length], limit: 50 }),
  "timeline (month window)": (i) =>
    store.timeline({
      from: `2023-${String((i % 12) + 1).padStart(2, "0")}`,
      to: `2023-${String((i % 12) + 1).padStart(2, "0")}`,
      limit: 50,
    }),
  "timeline (entity + year)": (i) =>
    store.timeline({ entity: mid[i % mid.length], from: "2022", to: "2022", limit: 50 }),
  "entity (find by name)": (i) => store.findEntities(`family${(i * 37) % 997}`, 10),
  "entity (substring only)": (i) => store.findEntities(`amily${(i * 37) % 997}`, 10),
  "entity (get)": (i) => store.getEntity(mid[i % mid.length]),
  "entity (mentions page)": (i) => store.listMentions({ entity: mid[i % mid.length], limit: 50 }),
  "search (word in ~all)": (i) => store.search(words[i % words.length], { limit: 20 }),
  "search (word in ~1%)": (i) => store.search(rare[i % rare.length], { limit: 20 }),
  "search (word in ~10%)": (i) => store.search(frequent[i % frequent.length], { limit: 20 }),
  "search (word in ~10%, one year)": (i) =>
    store.search(frequent[i % frequent.length], {
      from: String(2019 + (i % 6)),
      to: String(2019 + (i % 6)),
      limit: 20,
    }),
  // A word in no document (the answer a user gets for a typo or an absent name).
  "search (miss)": (i) => store.search(`zq${i % 7}xvocab`, { limit: 20 }),
  "search (two words)": (i) =>
    store.search(`${frequent[i % frequent.length]} ${rare[(i + 1) % rare.length]}`, { limit: 20 }),
};
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const out = {};
for (const [label, fn] of Object.entries(cases)) {
  if (args.cases && !new RegExp(args.cases).test(label)) continue;
  for (let i = 0; i < 5; i++) await fn(i);
  const times = [];
  for (let i = 0; i < Number(args.queries); i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const load = +loadavg()[0].toFixed(1);
  out[label] = { p50_ms: +pct(times, 50).toFixed(1), p95_ms: +pct(times, 95).toFixed(1), load };
  log(`${label.padEnd(26)} p50 ${out[label].p50_ms} ms  p95 ${out[label].p95_ms} ms  (load ${load})`);
}
console.log(JSON.stringify({ rows: sizes, queries: out }));
await store.close();
if (!args.keep) await q(`DROP SCHEMA ${S} CASCADE`);
await client.end();
