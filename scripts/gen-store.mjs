#!/usr/bin/env node
// Generates a large SQLite store for the scale benchmarks without running the analysis pipeline
// on every document: M template articles (synthetic corpus, src/synth, seeded) are analysed once
// by the real pipeline (worker threads), then cloned into N documents. A clone is a new document
// (new bytes, new id), not a copy of its template:
//   - its text replaces every lowercase word of 4+ letters by another word of the same length
//     drawn from the templates' vocabulary (one random substitution per clone), so clones share
//     almost no word 5-grams and are not near-duplicates of one another (copies and spun copies
//     inside one clone stay copies of each other);
//   - its publication date and event dates move by whole months (clone index mod 24);
//   - its analysis is the template's with the same changes: document id, every {start, end, text}
//     span re-sliced from the new text (evidence stays exact), quote/claim/provision wording and
//     summaries through the same substitution; entity keys and names are kept, so entities
//     recur across the corpus as they do in a real topical corpus (hub entities grow with N).
// No knowledge base is written: `dossier build --full --db OUT` (or the bench) builds it through
// the real merge. The last --hold documents are not stored but written to OUT.add.jsonl for
// the marginal-cost benchmark (`bench-incremental.mjs --store OUT`).
//
//   npm run build && node scripts/gen-store.mjs --docs 100000 --out /tmp/gen-100k.db [--templates 300] [--hold 30] [--seed 1]
import { createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => join(root, "dist", "src", p);
const { values: args } = parseArgs({
  options: {
    docs: { type: "string", default: "1000" },
    out: { type: "string" },
    templates: { type: "string", default: "300" },
    hold: { type: "string", default: "30" },
    seed: { type: "string", default: "1" },
    threads: { type: "string", default: "2" },
    cache: { type: "string" },
  },
});
if (!args.out) {
  console.error("usage: node scripts/gen-store.mjs --docs N --out STORE.db [--templates M] [--hold 30] [--seed 1]");
  process.exit(2);
}
const N = Number(args.docs);
const M = Number(args.templates);
const hold = Number(args.hold);
const seed = Number(args.seed);
const { generateCorpus } = await import(dist("synth/generate.js"));
const { sha256Hex, documentId } = await import(dist("util/ids.js"));
const { seededRandom } = await import(dist("util/random.js"));
const { createSqliteStore } = await import(dist("store/sqlite/index.js"));

// ---- templates, analysed once by the real pipeline (cached beside the store) ---------------
const templates = [];
const seen = new Set();
for (const a of generateCorpus({ count: M * 2, seed })) {
  if (templates.length >= M) break;
  const raw = new TextEncoder().encode(a.text);
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  if (seen.has(id)) continue;
  seen.add(id);
  templates.push({
    kind: "document", schema: 1, id, sha256: sha, source: a.name, title: a.text.split("\n", 1)[0] ?? null, outlet: a.outlet, url: a.url,
    authors: [], published: a.published, lang: "en", text: a.text, spun: { score: 0, is_spun: false }, republication_of: null, restored_text: null,
  });
}
const cacheFile = args.cache ?? join(dirname(args.out), `templates-s${seed}-m${M}.analyses.jsonl`);
let analyses;
if (existsSync(cacheFile)) {
  analyses = new Map(readFileSync(cacheFile, "utf8").split("\n").filter(Boolean).map((l) => { const a = JSON.parse(l); return [a.doc, a]; }));
} else {
  const { AnalysisPool } = await import(dist("pipeline/parallel.js"));
  const pool = new AnalysisPool(Number(args.threads));
  const t0 = performance.now();
  const list = await pool.analyse(templates);
  await pool.close();
  analyses = new Map(list.map((a) => [a.doc, a]));
  writeFileSync(cacheFile, list.map((a) => JSON.stringify(a)).join("\n") + "\n");
  console.error(`analysed ${templates.length} templates in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// ---- clone transforms ------------------------------------------------------------------------
const WORD = /\b[a-z]{4,}\b/g;
const byLength = new Map();
for (const t of templates) for (const w of new Set(t.text.match(WORD) ?? [])) {
  const list = byLength.get(w.length) ?? [];
  list.push(w);
  byLength.set(w.length, list);
}
for (const list of byLength.values()) list.sort();
/** Clone 0 is the template itself; clone c > 0 substitutes words and moves dates. */
function transformOf(c) {
  if (c === 0) return { words: (s) => s, date: (s) => s };
  const rand = seededRandom(seed * 1_000_003 + c);
  const map = new Map();
  const sub = (w) => {
    let v = map.get(w);
    if (!v) {
      const list = byLength.get(w.length);
      v = list ? list[Math.floor(rand() * list.length)] : w;
      map.set(w, v);
    }
    return v;
  };
  const shift = c % 24;
  const date = (s) =>
    s == null
      ? s
      : s.replace(/\b(\d{4})-(\d{2})(?=\b|-)/g, (_, y, m) => {
          const k = Number(y) * 12 + Number(m) - 1 + shift;
          return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
        });
  return { words: (s) => (s == null ? s : s.replace(WORD, sub)), date };
}

function cloneAnalysis(a, id, text, tf) {
  const out = JSON.parse(JSON.stringify(a));
  out.doc = id;
  const spans = (o) => {
    if (Array.isArray(o)) return o.forEach(spans);
    if (!o || typeof o !== "object") return;
    if (typeof o.start === "number" && typeof o.end === "number" && typeof o.text === "string") {
      o.text = text.slice(o.start, o.end);
      if ("doc" in o) o.doc = id;
    }
    for (const v of Object.values(o)) spans(v);
  };
  spans(out);
  for (const e of out.facts.events) {
    e.summary = tf.words(e.summary);
    e.date = tf.date(e.date);
  }
  for (const c of out.facts.claims) {
    c.key = tf.words(c.key);
    if (typeof c.text === "string" && !(typeof c.start === "number")) c.text = tf.words(c.text);
  }
  for (const p of out.facts.provisions) p.content = tf.words(p.content);
  return out;
}

// ---- write -----------------------------------------------------------------------------------
for (const f of [args.out, args.out + "-wal", args.out + "-shm", args.out + ".add.jsonl"]) rmSync(f, { force: true });
const store = createSqliteStore(args.out);
await store.init();
const held = createWriteStream(args.out + ".add.jsonl");
const t0 = performance.now();
let stored = 0;
let words = 0;
for (let i = 0; i < N + hold; i++) {
  const c = Math.floor(i / templates.length);
  const t = templates[i % templates.length];
  const tf = transformOf(c);
  const text = tf.words(t.text);
  const raw = new TextEncoder().encode(text);
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  const doc = { ...t, id, sha256: sha, source: `clone-${c}/${t.source}`, title: text.split("\n", 1)[0] ?? null, text, published: tf.date(t.published), url: t.url ? `${t.url}?c=${c}` : t.url };
  const analysis = cloneAnalysis(analyses.get(t.id), id, text, tf);
  if (i >= N) {
    held.write(JSON.stringify({ doc, raw: Buffer.from(raw).toString("base64"), analysis }) + "\n");
    continue;
  }
  const r = await store.insertDocument(doc, raw);
  if (r.status !== "inserted") continue;
  await store.putAnalysis(analysis);
  stored++;
  words += text.split(/\s+/).length;
  if (stored % 10000 === 0) console.error(`stored ${stored}/${N}`);
}
await new Promise((r) => held.end(r));
await store.close();
console.log(JSON.stringify({ store: args.out, documents: stored, held: hold, templates: templates.length, words, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
