#!/usr/bin/env node
/**
 * CPU of each stage of `dossier ingest` on one thread, over the 181 Zyte benchmark pages (or
 * `--pages DIR` of .html/.html.gz files): read + gunzip, decode, clean (and language detection
 * alone, again), insertDocument, loading the analysis code and models (`warmUpAnalysis`), analysis,
 * posting a document and its analysis between threads (a structured clone), putAnalysis, and the
 * knowledge-base merge, without and with the per-document signals handed over (decision 169).
 * Process CPU (`process.cpuUsage`), so it holds on a loaded machine better than wall time; run it
 * twice to see the noise. Uses dist/ as built. The second merge (given the signals) runs after the
 * first in the same process, with the provenance resources loaded and its code compiled: compare
 * it with "merge" less that warm-up, or time the two in separate processes.
 *
 * Usage: node scripts/bench-stages.mjs [--pages DIR] [--limit N]
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { deserialize, serialize } from "node:v8";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const pages = resolve(opt("--pages", join(root, "../shared/bench/extraction-zyte/html")));
const limit = Number(opt("--limit", Infinity));
const imp = (p) => import(join(root, "dist/src", p));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const T = new Map();
const add = (k, s) => T.set(k, (T.get(k) ?? 0) + s);
const t = (k, f) => {
  const c0 = cpu();
  const r = f();
  add(k, cpu() - c0);
  return r;
};
const ta = async (k, f) => {
  const c0 = cpu();
  const r = await f();
  add(k, cpu() - c0);
  return r;
};

const { cleanPage } = await ta("import clean", () => imp("clean/index.js"));
const { decodeBytes } = await imp("clean/decode.js");
const { detectLanguage } = await imp("clean/lang.js");
const { buildDocument } = await imp("ingest/ingest.js");
const { sha256Hex } = await imp("util/ids.js");
const { openStore } = await ta("import store", () => imp("store/open.js"));
const work = mkdtempSync(join(tmpdir(), "dossier-stages-"));
const stores = [await openStore(join(work, "a.db")), await openStore(join(work, "b.db"))];
const files = readdirSync(pages)
  .filter((f) => /\.html?(\.gz)?$/.test(f))
  .sort()
  .slice(0, limit);
const docs = [];
for (const f of files) {
  const bytes = t("read + gunzip", () => {
    const b = readFileSync(join(pages, f));
    return f.endsWith(".gz") ? gunzipSync(b) : b;
  });
  const dec = t("decode", () => decodeBytes(bytes, { contentType: null }));
  const sha = sha256Hex(bytes);
  const cleaned = t("clean", () => cleanPage({ source: f, content: dec.text, format: "html", url: null }));
  t("  (language detection alone)", () => detectLanguage(cleaned.text, null));
  if (!cleaned.text.trim()) continue;
  const doc = buildDocument(f, sha, cleaned, [], new Date().toISOString());
  await ta("insertDocument", () => stores[0].insertDocument(doc, bytes));
  await stores[1].insertDocument(doc, bytes);
  docs.push(doc);
}
const an = await ta("import analysis code", () => imp("pipeline/analyse.js"));
t("load models (warmUpAnalysis)", () => an.warmUpAnalysis());
for (const d of docs) {
  t("post document (clone)", () => deserialize(serialize(d)));
  const a = t("analyse", () => an.storedAnalysis(an.analyseDocument(d)));
  const back = t("post analysis (clone)", () => deserialize(serialize(a)));
  await ta("putAnalysis", () => stores[0].putAnalysis(back));
  await stores[1].putAnalysis(back);
}
const { mergePending } = await ta("import merge", () => imp("kb/incremental.js"));
const { documentSignals } = await imp("kb/doc-signals.js");
await ta("merge", () => mergePending(stores[0]));
const signals = new Map();
t("signals (spin + sketch)", () => {
  for (const d of docs) signals.set(d.id, documentSignals(d.text, d.lang));
});
await ta("merge given the signals", () => mergePending(stores[1], { signals: (id) => signals.get(id) }));
for (const s of stores) await s.close();
rmSync(work, { recursive: true, force: true });
console.log(`${docs.length} documents from ${pages}; CPU seconds:`);
for (const [k, v] of T) console.log(`  ${k.padEnd(30)} ${v.toFixed(3).padStart(7)}`);
