#!/usr/bin/env node
// What takes the space in a SQLite store: bytes per component, table and index (dbstat: the pages
// of live B-trees, free pages excluded), per document, and the ratio to the cleaned text (UTF-8
// bytes of documents.text) — the target is ≤ 3×.
//   node scripts/store-space.mjs path/to/dossier.db [--json]
import { inflateRawSync } from "node:zlib";
import Database from "better-sqlite3";
const path = process.argv[2];
if (!path) {
  console.error("usage: node scripts/store-space.mjs DB [--json]");
  process.exit(2);
}
const db = new Database(path, { readonly: true });
// Texts are stored raw-deflated (BLOB) since migration 9: the ratio is to the cleaned text's UTF-8 bytes.
const docs = { n: 0, bytes: 0, stored: 0 };
for (const r of db.prepare("SELECT text FROM documents").iterate()) {
  docs.n++;
  docs.stored += typeof r.text === "string" ? Buffer.byteLength(r.text, "utf8") : r.text.byteLength;
  docs.bytes += typeof r.text === "string" ? Buffer.byteLength(r.text, "utf8") : inflateRawSync(r.text).byteLength;
}
const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC").all();
const tableOf = new Map(
  db
    .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
    .all()
    .map((r) => [r.name, r.tbl_name]),
);
/** Which surface or job a table serves. */
const COMPONENT = {
  documents: "documents (text + metadata)",
  raw: "raw input (provenance archive)",
  analyses: "analyses (input of every merge)",
  kb_state: "merge state (kb_state)",
  kb_lsh: "near-duplicate band index (kb_lsh)",
  mentions: "KB: mentions",
  entity_docs: "KB: mentions",
  quotes: "KB: quotes",
  events: "KB: events",
  event_entities: "KB: events",
  entities: "KB: entities",
  entity_names: "KB: entities",
  claims: "KB: claims",
  claim_entities: "KB: claims",
  provisions: "KB: provisions, relations, links",
  relations: "KB: provisions, relations, links",
  links: "KB: provisions, relations, links",
  evidence_spans: "KB: evidence spans (reader view)",
};
const componentOf = (name) => {
  if (name.startsWith("documents_fts")) return "full-text index (FTS5)";
  return COMPONENT[tableOf.get(name) ?? name] ?? "other (runs, schema)";
};
const total = rows.reduce((a, r) => a + r.bytes, 0);
const components = new Map();
for (const r of rows) components.set(componentOf(r.name), (components.get(componentOf(r.name)) ?? 0) + r.bytes);
const kb = (b) => +(b / docs.n / 1024).toFixed(2);
const summary = {
  documents: docs.n,
  text_bytes: docs.bytes,
  text_per_doc_kb: kb(docs.bytes),
  text_stored_per_doc_kb: kb(docs.stored),
  store_bytes: total,
  per_doc_kb: kb(total),
  ratio_to_text: +(total / docs.bytes).toFixed(2),
  components: Object.fromEntries([...components].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, kb(v)])),
  tables: Object.fromEntries(rows.map((r) => [r.name, kb(r.bytes)])),
};
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(summary));
  process.exit(0);
}
const { components: _c, tables: _t, ...head } = summary;
console.log(JSON.stringify(head));
console.log("by component (KB/doc, × text):");
for (const [k, v] of Object.entries(summary.components))
  console.log(`  ${k.padEnd(40)} ${v.toFixed(2).padStart(7)}  ${(v / summary.text_per_doc_kb).toFixed(2)}×`);
console.log("by table and index:");
for (const r of rows.slice(0, 30))
  console.log(
    `  ${r.name.padEnd(34)} ${(r.bytes / 1e6).toFixed(2).padStart(7)} MB ${((100 * r.bytes) / total).toFixed(1).padStart(5)}%  ${(r.bytes / docs.n / 1024).toFixed(2)} KB/doc`,
  );
const state = db
  .prepare(
    "SELECT space, count(*) AS n, sum(length(key) + length(sub) + length(value)) AS bytes FROM kb_state GROUP BY space ORDER BY bytes DESC",
  )
  .all();
console.log("kb_state by space (stored key + sub + value bytes):");
for (const s of state)
  console.log(
    `  ${s.space.padEnd(10)} ${String(s.n).padStart(8)} rows ${(s.bytes / 1e6).toFixed(2).padStart(8)} MB  ${(s.bytes / docs.n / 1024).toFixed(2)} KB/doc`,
  );
