#!/usr/bin/env node
// Cost of finding the copy candidates of one new document in a band index of N documents (the
// lookup the incremental merge does per new document: its band keys → indexed documents → their
// stored sketches → estimated containment), on SQLite, at N = 1k (baseline) and N = 100k, same run.
// Generated: the index rows and sketches of N documents (random MinHash signatures: 4 views ×
// 36 bands × 2 rows, stored exactly as the merge stores them; code before decision 176 files
// only the first 3 views), each new document a noisy copy
// of one indexed document (half its word-view slots kept) so every lookup finds a real candidate.
//   npm run build && node scripts/bench-lsh-index.mjs [--sizes 1000,100000] [--lookups 200]
// Each lookup is timed twice, alternating, on the same index: with every band key of the new
// document (4 views) and with the keys of the first 3 views only (the lookup before decision 176).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: { sizes: { type: "string", default: "1000,100000" }, lookups: { type: "string", default: "200" } },
});
const { createSqliteStore, registerTextFunction } = await import(join(root, "dist/src/store/sqlite/index.js"));
const { bandKeysOfSketch, estimatedContainment } = await import(join(root, "dist/src/kb/near-dup.js"));
const { seededRandom } = await import(join(root, "dist/src/util/random.js"));
const Database = (await import("better-sqlite3")).default;
const rand = seededRandom(11);
const sig = () =>
  Buffer.from(Uint16Array.from({ length: 72 }, () => Math.floor(rand() * 65536)).buffer).toString("base64");
const noisy = (b64) => {
  const b = Buffer.from(b64, "base64");
  const a = new Uint16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  for (let i = 0; i < a.length; i++) if (rand() < 0.5) a[i] = Math.floor(rand() * 65536);
  return Buffer.from(a.buffer).toString("base64");
};
const dir = mkdtempSync(join(tmpdir(), "dossier-lsh-"));
const results = [];
try {
  for (const n of args.sizes.split(",").map(Number)) {
    const path = join(dir, `lsh-${n}.db`);
    const store = createSqliteStore(path);
    await store.init();
    await store.close();
    const db = new Database(path);
    registerTextFunction(db); // the documents triggers call it (decision 161)
    const t0 = performance.now();
    const sketches = [];
    let bandRows = 0;
    db.transaction(() => {
      const raw = db.prepare("INSERT INTO raw (sha256, bytes, size) VALUES (?, x'00', 1)");
      const doc = db.prepare(
        "INSERT INTO documents (id, sha256, source, lang, text, json, ingested_at) VALUES (?, ?, 'gen', 'en', 'x', '{}', 'now')",
      );
      const state = db.prepare("INSERT INTO kb_state (space, key, sub, value) VALUES ('doc', ?, '', ?)");
      const band = db.prepare("INSERT OR IGNORE INTO kb_lsh (band, doc) VALUES (?, ?)");
      for (let i = 1; i <= n; i++) {
        const id = `d_${i.toString(16).padStart(16, "0")}`;
        raw.run(`s${i}`);
        doc.run(id, `s${i}`);
        const nd = { w: sig(), ws: 300, s: sig(), ss: 30, n: sig(), ns: 10, p: sig(), ps: 250 };
        sketches.push(nd);
        state.run(id, JSON.stringify({ spun: { score: 0, is_spun: false }, lang: "en", credits: false, nd }));
        for (const k of bandKeysOfSketch(nd)) {
          band.run(Number(k), i);
          bandRows++;
        }
      }
    })();
    db.close();
    const buildS = (performance.now() - t0) / 1000;
    const s = createSqliteStore(path);
    await s.init();
    const times = [];
    const times3 = [];
    let found = 0;
    const lookup = async (nd, keys) => {
      const t = performance.now();
      const bands = await s.readState("lsh", keys);
      const others = new Set();
      for (const m of bands.values()) for (const d of m.keys()) others.add(d);
      const states = await s.readState("doc", [...others]);
      let hits = 0;
      for (const [, m] of states) if (estimatedContainment(nd, JSON.parse(m.get("")).nd).word >= 0.15) hits++;
      return { ms: performance.now() - t, hits };
    };
    for (let l = 0; l < Number(args.lookups); l++) {
      const target = Math.floor(rand() * n);
      const nd = { w: noisy(sketches[target].w), ws: 300, s: sig(), ss: 30, n: sig(), ns: 10, p: sig(), ps: 250 };
      const all = bandKeysOfSketch(nd);
      const three = bandKeysOfSketch({ ...nd, p: "" });
      const order = l % 2 ? [false, true] : [true, false];
      for (const four of order) {
        const r = await lookup(nd, four ? all : three);
        (four ? times : times3).push(r.ms);
        if (four) found += r.hits;
      }
    }
    times3.sort((a, b) => a - b);
    await s.close();
    times.sort((a, b) => a - b);
    const r = {
      documents: n,
      band_rows: bandRows,
      index_build_s: +buildS.toFixed(1),
      lookup_ms_median: +times[times.length >> 1].toFixed(3),
      lookup_ms_p95: +times[Math.floor(times.length * 0.95)].toFixed(3),
      lookup_3_views_ms_median: +times3[times3.length >> 1].toFixed(3),
      lookup_3_views_ms_p95: +times3[Math.floor(times3.length * 0.95)].toFixed(3),
      candidates_found: found,
      lookups: times.length,
    };
    results.push(r);
    console.log(JSON.stringify(r));
  }
  const [a, b] = [results[0], results[results.length - 1]];
  console.log(
    JSON.stringify({
      summary: `${a.documents}→${b.documents}`,
      lookup_ratio: +(b.lookup_ms_median / a.lookup_ms_median).toFixed(2),
      growth_exponent: +(
        Math.log(b.lookup_ms_median / a.lookup_ms_median) / Math.log(b.documents / a.documents)
      ).toFixed(3),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
