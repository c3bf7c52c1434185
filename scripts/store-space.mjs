#!/usr/bin/env node
// What takes the space in a SQLite store: bytes per table and index (dbstat), per document, and
// the ratio to the cleaned text (UTF-8 bytes of documents.text) — the target is ≤ 3×.
//   node scripts/store-space.mjs path/to/dossier.db
import Database from "better-sqlite3";
const path = process.argv[2];
if (!path) {
  console.error("usage: node scripts/store-space.mjs DB");
  process.exit(2);
}
const db = new Database(path, { readonly: true });
const docs = db.prepare("SELECT count(*) AS n, sum(length(CAST(text AS BLOB))) AS bytes FROM documents").get();
const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC").all();
const total = rows.reduce((a, r) => a + r.bytes, 0);
const state = db
  .prepare(
    "SELECT space, count(*) AS n, sum(length(key) + length(sub) + length(value)) AS bytes FROM kb_state GROUP BY space ORDER BY bytes DESC",
  )
  .all();
console.log(
  JSON.stringify({
    documents: docs.n,
    text_bytes: docs.bytes,
    store_bytes: total,
    ratio_to_text: +(total / docs.bytes).toFixed(2),
    per_doc_kb: +(total / docs.n / 1024).toFixed(1),
  }),
);
for (const r of rows.slice(0, 20))
  console.log(
    `${r.name.padEnd(32)} ${(r.bytes / 1e6).toFixed(2).padStart(8)} MB ${((100 * r.bytes) / total).toFixed(1).padStart(5)}%  ${(r.bytes / docs.n / 1024).toFixed(2)} KB/doc`,
  );
console.log("kb_state by space (payload bytes):");
for (const s of state)
  console.log(
    `  ${s.space.padEnd(10)} ${String(s.n).padStart(8)} rows ${(s.bytes / 1e6).toFixed(2).padStart(8)} MB  ${(s.bytes / docs.n / 1024).toFixed(2)} KB/doc`,
  );
