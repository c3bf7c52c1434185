#!/usr/bin/env node
// Incremental knowledge-base benchmark: full build time and peak RSS at store sizes N, and the
// marginal cost of merging 10 more documents into a store of N, end to end after analysis.
// Synthetic corpus (src/synth, seeded). Analyses are computed once on worker threads and cached
// under --work, so the store sizes share them and only the knowledge-base work is timed per size.
//
//   npm run build
//   node scripts/bench-incremental.mjs [--sizes 1000,10000] [--add 10] [--reps 3] [--work /tmp/dossier-inc] [--analyses FILE]
//   node scripts/bench-incremental.mjs --store GEN.db [--full [--batch 200] [--snapshot COPY.db]] [--upgrade] [--add 10] [--reps 3]
// The second form works on a store made by scripts/gen-store.mjs: optionally rebuilds its knowledge
// base (`--full`, the same rebuild as `dossier build --full`: time and peak RSS), then merges
// --add documents --reps times from GEN.db.add.jsonl (the documents the generator held back).
// --batch is the rebuild's batch size (the knowledge base does not depend on it); --snapshot
// copies the built store before the merges, so they can be repeated on a copy. --upgrade converts
// a store built before event blocks (kb/event-state.ts) in one pass before the merges. Each merge reports
// its wall time and its CPU time (user + system; the machine is shared, wall time is noisy).
//
// Each size runs in its own child process (peak RSS is per size). The work runs with the heap
// bound of the `dossier` commands (src/util/heap-bound.ts; DOSSIER_MAX_HEAP_MB=off for V8's own).
// Prints one JSON line per size and a summary with the growth exponent of the marginal cost: log(t2/t1) / log(N2/N1).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => join(root, "dist", "src", p);
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    add: { type: "string", default: "10" },
    reps: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    work: { type: "string", default: "/tmp/dossier-inc" },
    child: { type: "string" },
    threads: { type: "string", default: "2" },
    analyses: { type: "string" },
    store: { type: "string" },
    full: { type: "boolean", default: false },
    batch: { type: "string", default: "200" },
    snapshot: { type: "string" },
    upgrade: { type: "boolean", default: false },
  },
});
const sizes = args.sizes.split(",").map(Number);
const add = Number(args.add);
const reps = Number(args.reps);
const seed = Number(args.seed);
mkdirSync(args.work, { recursive: true });

// The knowledge-base work runs with the heap bound the `dossier` commands use (decision 133):
// DOSSIER_MAX_HEAP_MB, or V8's own limit with DOSSIER_MAX_HEAP_MB=off.
const { boundedHeapArgs, followParent, rerunWithBoundedHeap } = await import(dist("util/heap-bound.js"));
if (args.store) {
  followParent();
  const code = await rerunWithBoundedHeap(fileURLToPath(import.meta.url), process.argv.slice(2));
  if (code === null) await benchGeneratedStore(args.store);
  process.exit(code ?? 0);
}

/** --store mode: full rebuild (optional) and +add documents × reps on a generated store. */
async function benchGeneratedStore(path) {
  const { createSqliteStore } = await import(dist("store/sqlite/index.js"));
  const { mergeDocuments, rebuildKnowledgeBase, upgradeEventPartitions } = await import(dist("kb/incremental.js"));
  let store = createSqliteStore(path);
  await store.init();
  const size = await store.countDocuments();
  let full = null;
  if (args.full) {
    const t0 = performance.now();
    await rebuildKnowledgeBase(store, {
      batchSize: Number(args.batch),
      onProgress: (m) => process.stderr.write(`${m} ${Math.round((performance.now() - t0) / 1000)} s\r`),
    });
    full = (performance.now() - t0) / 1000;
  }
  if (args.snapshot) {
    // A copy of the built store, so the +add merges can be repeated (or run by other code) on it.
    await store.close();
    const { copyFileSync } = await import("node:fs");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(path);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    copyFileSync(path, args.snapshot);
    store = createSqliteStore(path);
    await store.init();
  }
  let upgrade = null;
  if (args.upgrade) {
    // A store built before event blocks: convert every event partition first (else the first
    // merges convert the partitions they touch, and time that).
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const partitions = await upgradeEventPartitions(store);
    const used = process.cpuUsage(cpu0);
    upgrade = {
      partitions,
      wall_s: +((performance.now() - t0) / 1000).toFixed(1),
      cpu_s: +((used.user + used.system) / 1e6).toFixed(1),
    };
  }
  const rssAfterBuild = Math.round(process.resourceUsage().maxRSS / 1024);
  const held = readFileSync(path + ".add.jsonl", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const marginal = [];
  const cpuMs = [];
  const detail = [];
  for (let r = 0; r < reps; r++) {
    const batch = held.slice(r * add, (r + 1) * add);
    if (batch.length < add) break;
    for (const it of batch) {
      await store.insertDocument(it.doc, new Uint8Array(Buffer.from(it.raw, "base64")));
      await store.putAnalysis(it.analysis);
    }
    const t = performance.now();
    const cpu = process.cpuUsage();
    detail.push(
      await mergeDocuments(
        store,
        batch.map((it) => it.doc.id),
      ),
    );
    marginal.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  await store.close();
  const sorted = [...marginal].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      store: path,
      size,
      full_build_s: full === null ? null : +full.toFixed(1),
      upgrade,
      peak_rss_mb_after_build: rssAfterBuild,
      marginal_ms: marginal.map((m) => Math.round(m)),
      marginal_ms_median: Math.round(sorted[Math.floor(sorted.length / 2)]),
      marginal_cpu_ms: cpuMs.map((m) => Math.round(m)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      heap_limit_mb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
      touched: detail.map((d) => ({
        ...d,
        ms: Object.fromEntries(Object.entries(d.ms).map(([k, v]) => [k, Math.round(v)])),
      })),
    }),
  );
}

const { generateCorpus } = await import(dist("synth/generate.js"));
const { sha256Hex, documentId } = await import(dist("util/ids.js"));

/** The corpus as stored documents, in generation order, byte-identical copies dropped. */
function corpus(count) {
  const seen = new Set();
  const out = [];
  for (const a of generateCorpus({ count, seed })) {
    const raw = new TextEncoder().encode(a.text);
    const sha = sha256Hex(raw);
    const id = documentId(sha);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      raw,
      doc: {
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
      },
    });
  }
  return out;
}

const total = Math.max(...sizes) + add * reps;
// --analyses reuses a cache made for a larger corpus of the same seed (its first documents are these).
const cacheFile = args.analyses ?? join(args.work, `analyses-s${seed}-n${total}.jsonl`);

if (!args.child) {
  // Parent: analyses once (cached), then one child per size.
  if (!existsSync(cacheFile)) {
    const { AnalysisPool } = await import(dist("pipeline/parallel.js"));
    const docs = corpus(total).map((x) => x.doc);
    const pool = new AnalysisPool(Number(args.threads));
    const out = createWriteStream(cacheFile + ".tmp");
    const t0 = performance.now();
    let words = 0;
    for (let i = 0; i < docs.length; i += 256) {
      const part = docs.slice(i, i + 256);
      const analyses = await pool.analyse(part);
      for (const a of analyses) out.write(JSON.stringify(a) + "\n");
      for (const d of part) words += d.text.split(/\s+/).length;
      process.stderr.write(`analysed ${Math.min(i + 256, docs.length)}/${docs.length}\r`);
    }
    await new Promise((r) => out.end(r));
    await pool.close();
    const s = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        phase: "analysis",
        docs: docs.length,
        words,
        seconds: +s.toFixed(1),
        words_per_s: Math.round(words / s),
        threads: Number(args.threads),
      }),
    );
    writeFileSync(cacheFile, readFileSync(cacheFile + ".tmp"));
    rmSync(cacheFile + ".tmp");
  }
  const results = [];
  for (const n of sizes) {
    const r = spawnSync(
      process.execPath,
      [...boundedHeapArgs(), fileURLToPath(import.meta.url), ...process.argv.slice(2), "--child", String(n)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 },
    );
    const line = r.stdout.trim().split("\n").pop();
    console.log(line);
    results.push(JSON.parse(line));
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const exp = Math.log(b.marginal_ms_median / a.marginal_ms_median) / Math.log(b.size / a.size);
    console.log(
      JSON.stringify({
        summary: `${a.size}→${b.size}`,
        marginal_ratio: +(b.marginal_ms_median / a.marginal_ms_median).toFixed(2),
        growth_exponent: +exp.toFixed(2),
        full_build_ratio: +(b.full_build_s / a.full_build_s).toFixed(2),
      }),
    );
  }
} else {
  const requested = Number(args.child);
  const { createSqliteStore } = await import(dist("store/sqlite/index.js"));
  const { mergeDocuments, mergePending } = await import(dist("kb/incremental.js"));
  const items = corpus(total);
  // Byte-identical synthetic copies are one document: the store size is what is left after them.
  const n = Math.min(requested, items.length - add * reps);
  const analyses = new Map();
  for (const line of readFileSync(cacheFile, "utf8").split("\n"))
    if (line) {
      const a = JSON.parse(line);
      analyses.set(a.doc, a);
    }
  const path = join(args.work, `store-${n}.db`);
  for (const f of [path, path + "-wal", path + "-shm"]) rmSync(f, { force: true });
  const store = createSqliteStore(path);
  await store.init();
  for (const it of items.slice(0, n)) {
    await store.insertDocument(it.doc, it.raw);
    await store.putAnalysis(analyses.get(it.doc.id));
  }
  const t0 = performance.now();
  await mergePending(store, { batchSize: 500 });
  const full = (performance.now() - t0) / 1000;
  const marginal = [];
  const detail = [];
  for (let r = 0; r < reps; r++) {
    const batch = items.slice(n + r * add, n + (r + 1) * add);
    for (const it of batch) {
      await store.insertDocument(it.doc, it.raw);
      await store.putAnalysis(analyses.get(it.doc.id));
    }
    const t = performance.now();
    const stats = await mergeDocuments(
      store,
      batch.map((it) => it.doc.id),
    );
    marginal.push(performance.now() - t);
    detail.push(stats);
  }
  await store.close();
  const sorted = [...marginal].sort((a, b) => a - b);
  const { statSync } = await import("node:fs");
  console.log(
    JSON.stringify({
      size: n,
      full_build_s: +full.toFixed(1),
      full_docs_per_s: Math.round(n / full),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      heap_limit_mb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
      store_mb: +(statSync(path).size / 1e6).toFixed(1),
      marginal_ms: marginal.map((m) => Math.round(m)),
      marginal_ms_median: Math.round(sorted[Math.floor(sorted.length / 2)]),
      touched: detail,
    }),
  );
}
