#!/usr/bin/env node
// End-to-end throughput (ingest → analysis → knowledge base) through the real CLI: one-process
// SQLite (`dossier ingest`) against PostgreSQL with 1, 2 and 4 `dossier worker --drain`
// processes on the same synthetic corpus, in the same run. Reports documents/s and the ratio to
// SQLite (the machine's load changes absolute figures; the ratios are what to compare).
//
//   npm run build && URL=$(bash scripts/pg-test-cluster.sh start)
//   node scripts/bench-workers.mjs --pg "$URL" [--docs 120] [--workers 1,2,4]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "dossier.mjs");
const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    docs: { type: "string", default: "120" },
    workers: { type: "string", default: "1,2,4" },
    work: { type: "string", default: "/tmp/dossier-bench-workers" },
    seed: { type: "string", default: "5" },
  },
});
if (!args.pg) throw new Error("--pg postgres://… is required (bash scripts/pg-test-cluster.sh start)");
const { generateCorpus } = await import(join(root, "dist", "src", "synth", "generate.js"));
const { withSchema, freshSchemaName, dropSchema } = await import(
  join(root, "dist", "src", "store", "postgres", "testing.js")
);

rmSync(args.work, { recursive: true, force: true });
const inputs = join(args.work, "inputs");
mkdirSync(inputs, { recursive: true });
const texts = new Set();
for (const a of generateCorpus({ count: Number(args.docs), seed: Number(args.seed) })) {
  writeFileSync(join(inputs, a.name), a.text);
  texts.add(a.text);
}
const run = (argv) => spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8", maxBuffer: 1 << 26 });
const worker = (db) =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, "worker", "--db", db, "--drain"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, err }));
  });

const results = [];
{
  const db = join(args.work, "one.db");
  const t = performance.now();
  const r = run(["ingest", "--db", db, inputs]);
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  results.push({
    backend: "sqlite",
    processes: 1,
    docs: texts.size,
    seconds: +s.toFixed(1),
    docs_per_s: +(texts.size / s).toFixed(2),
  });
  console.log(JSON.stringify(results.at(-1)));
}
for (const w of args.workers.split(",").map(Number)) {
  const schema = freshSchemaName(`bench_w${w}`);
  const db = withSchema(args.pg, schema);
  const q = run(["ingest", "--queue", "--db", db, inputs]);
  if (q.status !== 0) throw new Error(q.stderr);
  const t = performance.now();
  const rs = await Promise.all(Array.from({ length: w }, () => worker(db)));
  const s = (performance.now() - t) / 1000;
  const failed = rs.filter((r) => r.code !== 0);
  const status = JSON.parse(run(["status", "--db", db, "--json"]).stdout);
  results.push({
    backend: "postgres",
    processes: w,
    docs: status.documents,
    seconds: +s.toFixed(1),
    docs_per_s: +(status.documents / s).toFixed(2),
    workers_failed: failed.length,
    ratio_to_sqlite: +(status.documents / s / results[0].docs_per_s).toFixed(2),
  });
  console.log(JSON.stringify(results.at(-1)));
  if (failed.length) console.error(failed.map((f) => f.err).join("\n"));
  await dropSchema(args.pg, schema);
}
