#!/usr/bin/env node
// Generates a large SQLite store for the scale benchmarks without running the analysis pipeline
// on every document: M template articles (synthetic corpus, src/synth, seeded) are analysed once
// by the real pipeline (worker threads), then cloned into N documents. A clone is a new document
// (new bytes, new id), not a copy of its template:
//   - its text replaces every lowercase word of 4+ letters by another word of the same length
//     drawn from the templates' vocabulary, half the proper nouns likewise, and every digit (one
//     random substitution per clone and template family), so documents share almost no word
//     5-grams or skeleton 3-grams unless one is a copy of the other (the synthetic templates
//     repeat whole sentence frames across unrelated articles, which real news does not; a copy
//     and its source keep one substitution and stay copies);
//   - its publication date and event dates move by whole months (clone index mod 24);
//   - its analysis is the template's with the same changes: document id, every {start, end, text}
//     span re-sliced from the new text (evidence stays exact), entity keys, names and aliases
//     through the same proper-noun choices (so about half of a clone's entities are shared with
//     other clones: hub entities grow with N, as in a topical corpus), quote/claim/provision
//     wording and summaries through the same substitution.
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
    kind: "document",
    schema: 1,
    id,
    sha256: sha,
    source: a.name,
    title: a.text.split("\n", 1)[0] ?? null,
    outlet: a.outlet,
    url: a.url,
    authors: [],
    published: a.published,
    lang: "en",
    text: a.text,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
    family: a.copy_of ?? a.name,
  });
}
const cacheFile = args.cache ?? join(dirname(args.out), `templates-s${seed}-m${M}.analyses.jsonl`);
let analyses;
if (existsSync(cacheFile)) {
  analyses = new Map(
    readFileSync(cacheFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const a = JSON.parse(l);
        return [a.doc, a];
      }),
  );
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
const PROPER = /\b[A-Z][a-z]{3,}\b/g;
const byLength = (words) => {
  const m = new Map();
  for (const w of [...new Set(words)].sort()) {
    const list = m.get(w.length) ?? [];
    list.push(w);
    m.set(w.length, list);
  }
  return m;
};
const lowerWords = new Set(templates.flatMap((t) => t.text.match(WORD) ?? []));
const lowerByLength = byLength(lowerWords);
// Proper nouns: capitalised words never seen in lower case (names, places, organisations).
const properByLength = byLength(
  templates.flatMap((t) => t.text.match(PROPER) ?? []).filter((w) => !lowerWords.has(w.toLowerCase())),
);

/**
 * One substitution per clone c and template family (a copy or spun copy uses its source's, so
 * copies stay copies; unrelated articles share no boilerplate sentences): every lowercase word of 4+ letters becomes another
 * of the same length; half the proper nouns (chosen per clone) likewise, so some entities recur
 * across clones and others are new; every digit moves by c (mod 10); dates in the analysis move
 * by c mod 24 months. All changes keep lengths, so every span keeps its offsets.
 */
function transformOf(c, family) {
  let h = seed * 1_000_003 + c;
  for (let i = 0; i < family.length; i++) h = (Math.imul(h, 31) + family.charCodeAt(i)) | 0;
  const rand = seededRandom(h);
  const lower = new Map();
  const proper = new Map();
  const pick = (list, w) => (list ? list[Math.floor(rand() * list.length)] : w);
  const subLower = (w) => {
    if (!lower.has(w)) lower.set(w, pick(lowerByLength.get(w.length), w));
    return lower.get(w);
  };
  const subProper = (w) => {
    if (!proper.has(w)) proper.set(w, rand() < 0.5 ? pick(properByLength.get(w.length), w) : w);
    return proper.get(w);
  };
  const digits = (s) => s.replace(/\d/g, (d) => String((Number(d) + c) % 10));
  const words = (s) =>
    s == null
      ? s
      : s
          .replace(WORD, subLower)
          .replace(PROPER, (w) => (properByLength.get(w.length)?.includes(w) ? subProper(w) : w));
  // Entity keys ("person:michael zhang") follow the proper-noun choices, in lower case.
  const key = (k) => {
    if (k == null) return k;
    const i = k.indexOf(":");
    const rest = k.slice(i + 1).replace(/\b[a-z]{4,}\b/g, (w) => {
      const cap = w[0].toUpperCase() + w.slice(1);
      return properByLength.get(cap.length)?.includes(cap) ? subProper(cap).toLowerCase() : w;
    });
    return k.slice(0, i + 1) + rest;
  };
  const shift = c % 24;
  const date = (s) =>
    s == null
      ? s
      : s.replace(/\b(\d{4})-(\d{2})(?=\b|-)/g, (_, y, m) => {
          const k = Number(y) * 12 + Number(m) - 1 + shift;
          return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
        });
  return { text: (s) => digits(words(s)), words, key, date };
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
  const keys = (list) => list.map(tf.key);
  for (const e of out.nlp.entities) {
    e.key = tf.key(e.key);
    if (!e.gazetteer_id) {
      e.name = tf.words(e.name);
      e.aliases = e.aliases.map(tf.words);
    }
    e.roles = e.roles.map(tf.words);
  }
  for (const m of out.nlp.mentions) m.entity = tf.key(m.entity);
  for (const e of out.facts.events) {
    e.summary = tf.words(e.summary);
    e.date = tf.date(e.date);
    e.actors = keys(e.actors);
    e.targets = keys(e.targets);
    e.location = tf.key(e.location);
  }
  for (const q of out.facts.quotes) {
    q.speaker = tf.key(q.speaker);
    q.addressee = tf.key(q.addressee);
    q.speaker_text = tf.words(q.speaker_text);
  }
  for (const c of out.facts.claims) {
    c.key = tf.words(c.key);
    c.actor = tf.key(c.actor);
    if (typeof c.text === "string" && typeof c.start !== "number") c.text = tf.words(c.text);
  }
  for (const p of out.facts.provisions) p.content = tf.words(p.content);
  for (const r of out.facts.relations) {
    r.source = tf.key(r.source);
    r.target = tf.key(r.target);
  }
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
  const tf = transformOf(c, t.family);
  const text = tf.text(t.text);
  const raw = new TextEncoder().encode(text);
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  const { family: _family, ...fields } = t;
  const doc = {
    ...fields,
    id,
    sha256: sha,
    source: `clone-${c}/${t.source}`,
    title: text.split("\n", 1)[0] ?? null,
    text,
    published: tf.date(t.published),
    url: t.url ? `${t.url}?c=${c}` : t.url,
  };
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
console.log(
  JSON.stringify({
    store: args.out,
    documents: stored,
    held: hold,
    templates: templates.length,
    words,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  }),
);
