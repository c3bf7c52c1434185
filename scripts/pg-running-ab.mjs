#!/usr/bin/env node
// Server-side A/B of a timeline window's first part (events still running at "from") on a kept
// pg-1m store: the pre-migration-10 queries (events_running GiST index, heap rows) against the
// current ones (events_running_keys, index-only keys, then the page's events by id). Alternates the
// two over N month windows of 2023 and prints the median and p95 execution time and the buffers
// per query from EXPLAIN (ANALYZE, BUFFERS, TIMING OFF): no client round trips in the figures.
// The old index must exist beside the new one for the old queries:
//   psql URL -c "CREATE INDEX events_running ON S.events USING gist (S.dossier_day_range(date_start, date_end, '[]')) WHERE date_start COLLATE \"C\" < date_end"
//   psql URL -c "VACUUM ANALYZE S.events"
//   node scripts/pg-running-ab.mjs URL S [N]      (then DROP INDEX S.events_running)
import pg from "pg";
const [url, schema, n = "30"] = process.argv.slice(2);
const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema},public` });
await c.connect();
const O = `t.date_start COLLATE "C", t.date_end COLLATE "C", t.id COLLATE "C"`;
const oldRun = `t.date_start COLLATE "C" <= $2 AND t.date_start COLLATE "C" < $1 AND t.date_start COLLATE "C" < t.date_end AND dossier_day_range(t.date_start, t.date_end, '[]') @> $1::text`;
const newRun = `t.date_start COLLATE "C" <= $2 AND t.date_start COLLATE "C" < t.date_end AND dossier_day_range(t.date_start, t.date_end, '(]') @> $1::text`;
const start = `SELECT t.json, t.date_start, t.date_end, t.id FROM events t WHERE t.date_start COLLATE "C" <= $2 AND t.date_start COLLATE "C" >= $1 AND t.date_end COLLATE "C" >= $1 ORDER BY ${O} LIMIT 50`;
const q = {
  "old count": `SELECT count(*) FROM events t WHERE ${oldRun}`,
  "new count": `SELECT count(*) FROM events t WHERE ${newRun}`,
  "old page": `SELECT t.json FROM ((SELECT t.json, t.date_start, t.date_end, t.id FROM events t WHERE ${oldRun} ORDER BY ${O} LIMIT 50) UNION ALL (${start})) t ORDER BY ${O} LIMIT 50`,
  "new page": `SELECT t.json FROM ((SELECT e.json, r.date_start, r.date_end, r.id FROM (SELECT t.date_start, t.date_end, t.id FROM events t WHERE ${newRun} ORDER BY ${O} LIMIT 50) r JOIN events e ON e.id = r.id) UNION ALL (${start})) t ORDER BY ${O} LIMIT 50`,
};
const res = Object.fromEntries(Object.keys(q).map((k) => [k, { ms: [], buf: 0, rows: 0 }]));
for (let i = 0; i < Number(n); i++) {
  const m = String((i % 12) + 1).padStart(2, "0");
  for (const [k, sql] of Object.entries(q)) {
    const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ${sql}`, [
      `2023-${m}-01`,
      `2023-${m}-31`,
    ]);
    const p = r.rows[0]["QUERY PLAN"][0];
    res[k].ms.push(p["Execution Time"]);
    res[k].buf += p.Plan["Shared Hit Blocks"] + p.Plan["Shared Read Blocks"];
    res[k].rows += p.Plan["Actual Rows"];
  }
}
for (const [k, v] of Object.entries(res)) {
  v.ms.sort((a, b) => a - b);
  console.log(
    `${k.padEnd(10)} median ${v.ms[Math.floor(v.ms.length / 2)].toFixed(2)} ms  p95 ${v.ms[Math.floor(v.ms.length * 0.95)].toFixed(2)} ms  buffers/query ${(v.buf / n).toFixed(0)}`,
  );
}
await c.end();
