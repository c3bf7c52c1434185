#!/usr/bin/env node
// Scale benchmark: ingest throughput (SQLite vs PostgreSQL, direct vs queue, 1/2/4 worker
// processes), a large PostgreSQL ingest with its cost curve, and query latency (timeline, entity,
// search) on both backends at the large size. Synthetic corpus from src/synth (seeded).
//
//   npm run build
//   URL=$(bash scripts/pg-test-cluster.sh start)
//   node scripts/bench-scale.mjs --pg "$URL" [--docs 10000] [--big 100000] [--workers 1,2,4]
//        [--phases ingest,big,query] [--cleaner real|passthrough] [--work /tmp/dossier-bench]
//        [--concurrency 1 (jobs per queue worker process)] [--big-mode pg-queue|pg-direct]
//        [--big-workers 2] [--big-sqlite-workers 1]
//        [--out bench-results/scale.json]
//
// Every number printed is measured in this run; the JSON written to --out holds them all.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// DOSSIER_BENCH_DIST points at a frozen copy of dist/ (see --snapshot) so that a rebuild in the
// working tree during a long run cannot change the code under measurement half-way.
const distRoot = process.env.DOSSIER_BENCH_DIST ?? join(root, "dist");
const dist = (p) => join(distRoot, "src", p);
const load = async (p) => import(dist(p));

const { values: args } = parseArgs({
  options: {
    pg: { type: "string" },
    docs: { type: "string", default: "10000" },
    big: { type: "string", default: "100000" },
    workers: { type: "string", default: "1,2,4" },
    phases: { type: "string", default: "ingest,big,query" },
    cleaner: { type: "string", default: "real" },
    work: { type: "string", default: "/tmp/dossier-bench" },
    out: { type: "string", default: join(root, "bench-results", "scale.json") },
    "big-workers": { type: "string", default: "2" },
    "big-mode": { type: "string", default: "pg-queue" },
    "big-sqlite-workers": { type: "string", default: "1" },
    concurrency: { type: "string", default: "1" },
    "query-backends": { type: "string", default: "postgres,sqlite" },
    queries: { type: "string", default: "200" },
    // child mode
    child: { type: "string" },
    db: { type: "string" },
    list: { type: "string" },
    shard: { type: "string" },
  },
  strict: true,
});

// ------------------------------------------------------------------------------------------------
// child processes

async function cleaner(kind) {
  if (kind === "passthrough") {
    const { passThroughClean } = await load("ingest/pass-through.js");
    return passThroughClean;
  }
  const { cleanPage } = await load("clean/index.js");
  return (page) => cleanPage(page);
}

async function child() {
  const clean = await cleaner(args.cleaner);
  const { ingestInputs } = await load("ingest/index.js");
  if (args.child === "sqlite-direct" || args.child === "pg-direct") {
    const { openStore } = await load("store/open.js");
    const store = await openStore(args.db);
    const [i, n] = args.shard.split("/").map(Number);
    const files = readFileSync(args.list, "utf8")
      .split("\n")
      .filter(Boolean)
      .filter((_, k) => k % n === i);
    const s = await ingestInputs(store, files, { clean });
    await store.close();
    process.stdout.write(JSON.stringify({ ingested: s.ingested, duplicate: s.duplicate, failed: s.failed }) + "\n");
  } else if (args.child === "pg-queue") {
    const { runWorker } = await load("queue/index.js");
    let done = 0;
    let failed = 0;
    await runWorker({
      db: args.db,
      concurrency: Number(args.concurrency),
      until: "drained",
      pollIntervalMs: 200,
      process: async (input, store) => {
        const s = await ingestInputs(store, [input], { clean });
        return s.files[0] ?? { source: input, status: "failed", reason: "nothing ingested" };
      },
      onEvent: (e) => {
        if (e.type === "job-done") {
          done++;
          if (e.status.status === "failed") failed++;
        } else if (e.type === "connection-error" || e.type === "job-error")
          process.stderr.write(JSON.stringify(e) + "\n");
      },
    });
    process.stdout.write(JSON.stringify({ done, failed }) + "\n");
  } else {
    throw new Error(`unknown child mode ${args.child}`);
  }
}

function runChild(mode, extra) {
  const argv = [fileURLToPath(import.meta.url), "--child", mode, "--cleaner", args.cleaner, ...extra];
  // Children inherit DOSSIER_BENCH_DIST through the environment.
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (b) => (out += b));
    p.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").pop()))
        : reject(new Error(`${mode} child exited ${code}`)),
    );
  });
}

// ------------------------------------------------------------------------------------------------
// helpers

const log = (...a) => process.stderr.write(a.join(" ") + "\n");
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function corpus(count) {
  const dir = join(args.work, `corpus-${count}`);
  const list = join(args.work, `corpus-${count}.list`);
  if (!existsSync(list)) {
    const { writeCorpus } = await load("synth/write.js");
    const { expandQueueInputs } = await load("queue/index.js");
    rmSync(dir, { recursive: true, force: true });
    const t = performance.now();
    // Seeded: 10% exact copies (duplicates by bytes), 5% spun copies (new documents).
    await writeCorpus({ count, seed: 2024, out: dir, copyRate: 0.1, spinRate: 0.05, manifest: false });
    const files = await expandQueueInputs([dir]);
    writeFileSync(list, files.join("\n") + "\n");
    log(`corpus: ${count} files in ${round((performance.now() - t) / 1000)} s → ${dir}`);
  }
  const files = readFileSync(list, "utf8").split("\n").filter(Boolean);
  const unique = new Set(files.map((f) => readFileSync(f, "utf8"))).size;
  return { dir, list, files: files.length, unique };
}

async function freshPg(label) {
  const { withSchema, freshSchemaName } = await load("store/postgres/testing.js");
  return withSchema(args.pg, freshSchemaName(`bench_${label}`));
}

async function countDocs(db) {
  const { openStore } = await load("store/open.js");
  const s = await openStore(db);
  try {
    return await s.countDocuments();
  } finally {
    await s.close();
  }
}

/** Ingests a corpus with `workers` processes; returns docs/s (files per second, all files). */
async function ingest(mode, c, workers, db) {
  const t = performance.now();
  let enqueueMs = 0;
  let results;
  if (mode === "pg-queue") {
    const { enqueueIngest } = await load("queue/index.js");
    const te = performance.now();
    await enqueueIngest(db, [c.dir]);
    enqueueMs = performance.now() - te;
    results = await Promise.all(
      Array.from({ length: workers }, () => runChild(mode, ["--db", db, "--concurrency", args.concurrency])),
    );
  } else {
    results = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        runChild(mode, ["--db", db, "--list", c.list, "--shard", `${i}/${workers}`]),
      ),
    );
  }
  const seconds = (performance.now() - t) / 1000;
  const stored = await countDocs(db);
  const failed = results.reduce((a, r) => a + (r.failed ?? 0), 0);
  return {
    mode,
    workers,
    concurrency: mode === "pg-queue" ? Number(args.concurrency) : 1,
    files: c.files,
    stored,
    expected: c.unique,
    failed,
    seconds: round(seconds, 2),
    files_per_s: round(c.files / seconds),
    enqueue_s: round(enqueueMs / 1000, 2),
  };
}

// ------------------------------------------------------------------------------------------------
// phases

async function phaseIngest(results) {
  const c = await corpus(Number(args.docs));
  log(`ingest: ${c.files} files (${c.unique} distinct texts), cleaner=${args.cleaner}`);
  results.ingest = results.ingest ?? [];
  for (const w of args.workers.split(",").map(Number)) {
    for (const mode of ["sqlite-direct", "pg-direct", "pg-queue"]) {
      let db;
      if (mode === "sqlite-direct") {
        db = join(args.work, `ingest-${w}.db`);
        for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
      } else db = await freshPg(`${mode.replace("-", "_")}_${w}`);
      const r = await ingest(mode, c, w, db);
      results.ingest.push(r);
      save(results);
      log(
        `  ${mode.padEnd(14)} workers=${w}  ${r.files_per_s} files/s  (${r.seconds} s, stored ${r.stored}/${r.expected}, failed ${r.failed})`,
      );
    }
  }
}

async function phaseBig(results) {
  const c = await corpus(Number(args.big));
  const workers = Number(args["big-workers"]);
  const mode = args["big-mode"];
  log(`big: ${c.files} files (${c.unique} distinct texts), ${mode}, ${workers} worker processes`);
  const pgDb = await freshPg("big");
  writeFileSync(join(args.work, "big-pg.url"), pgDb);
  // Sample the stored count while the queue drains, to see how cost grows with size.
  const { openStore } = await load("store/open.js");
  const probe = await openStore(pgDb);
  const samples = [];
  const t0 = performance.now();
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      samples.push({ s: (performance.now() - t0) / 1000, docs: await probe.countDocuments() });
      await new Promise((r) => setTimeout(r, 5000));
    }
  })();
  const r = await ingest(mode, c, workers, pgDb);
  stop = true;
  await sampler;
  await probe.close();
  // Seconds per 10k stored documents, slice by slice.
  const slices = [];
  for (let k = 10_000; k <= c.unique; k += 10_000) {
    const i = samples.findIndex((x) => x.docs >= k);
    const j = samples.findIndex((x) => x.docs >= k - 10_000);
    if (i > 0 && j >= 0)
      slices.push({
        upto: k,
        seconds: round(samples[i].s - samples[j].s, 1),
        docs_per_s: round((samples[i].docs - samples[j].docs) / (samples[i].s - samples[j].s)),
      });
  }
  results.big = { postgres: r, slices };
  log(
    `  ${mode} ${r.files} files in ${r.seconds} s = ${r.files_per_s} files/s; per 10k: ${slices.map((s) => s.docs_per_s).join(", ")} docs/s`,
  );
  const sqliteDb = join(args.work, "big.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteDb + suffix, { force: true });
  const rs = await ingest("sqlite-direct", c, Number(args["big-sqlite-workers"]), sqliteDb);
  results.big.sqlite_direct = rs;
  log(`  sqlite-direct ${rs.files} files in ${rs.seconds} s = ${rs.files_per_s} files/s`);
}

/** A synthetic knowledge base over the stored documents: entities from the synth cast found in the text. */
async function syntheticKb(store) {
  const { KNOWN_ACTORS, COUNTRIES, CITIES } = await load("synth/pools.js");
  const { stableId } = await load("util/ids.js");
  const names = [
    ...KNOWN_ACTORS.map((a) => ({ name: a.name, type: "person" })),
    ...COUNTRIES.map((c) => ({ name: c, type: "country" })),
    ...CITIES.map((c) => ({ name: c.city, type: "place" })),
  ];
  const ents = new Map(
    names.map((n) => [
      n.name,
      {
        kind: "entity",
        id: stableId("e", n.type, n.name),
        type: n.type,
        name: n.name,
        aliases: [],
        roles: [],
        docs: 0,
        mentions: 0,
      },
    ]),
  );
  const kb = {
    entities: [],
    mentions: [],
    events: [],
    quotes: [],
    claims: [],
    provisions: [],
    relations: [],
    links: [],
    documents: [],
  };
  const types = ["CONSULT", "AGREE", "COOPERATE", "SANCTION", "REJECT", "MOBILIZE"];
  let k = 0;
  for await (const d of store.iterateDocuments()) {
    const found = [];
    for (const [name, e] of ents) {
      let at = d.text.indexOf(name);
      let seen = false;
      while (at >= 0) {
        kb.mentions.push({ kind: "mention", doc: d.id, entity: e.id, start: at, end: at + name.length, text: name });
        e.mentions++;
        seen = true;
        at = d.text.indexOf(name, at + name.length);
      }
      if (seen) {
        e.docs++;
        found.push(e.id);
      }
    }
    const p = d.text.indexOf("\n\n");
    const s = p + 2;
    const e = d.text.indexOf(". ", s);
    if (p > 0 && e > s) {
      const text = d.text.slice(s, e + 1);
      const date = d.published ?? (d.text.match(/\b20\d\d\b/) ?? [null])[0];
      kb.events.push({
        kind: "event",
        id: stableId("v", d.id),
        type: types[k % types.length],
        summary: text.slice(0, 80),
        date,
        actors: found.slice(0, 2),
        targets: found.slice(2, 3),
        location: null,
        evidence: [{ doc: d.id, start: s, end: e + 1, text }],
      });
    }
    const q = d.text.indexOf('"');
    const q2 = q >= 0 ? d.text.indexOf('"', q + 1) : -1;
    if (q >= 0 && q2 > q)
      kb.quotes.push({
        kind: "quote",
        id: stableId("q", d.id, q),
        doc: d.id,
        start: q + 1,
        end: q2,
        text: d.text.slice(q + 1, q2),
        direct: true,
        speaker: found[0] ?? null,
        speaker_text: null,
        cue: "said",
        event: null,
      });
    k++;
  }
  kb.entities = [...ents.values()].filter((e) => e.docs > 0);
  return kb;
}

async function phaseQuery(results) {
  const { openStore } = await load("store/open.js");
  const pgUrlFile = join(args.work, "big-pg.url");
  if (!existsSync(pgUrlFile)) throw new Error("query phase needs the big phase first (big-pg.url missing)");
  const targets = [
    ["postgres", readFileSync(pgUrlFile, "utf8").trim()],
    ["sqlite", join(args.work, "big.db")],
  ];
  results.query = results.query ?? {};
  let kb = null;
  const n = Number(args.queries);
  for (const [name, db] of targets.filter(([n]) => args["query-backends"].split(",").includes(n))) {
    const store = await openStore(db);
    try {
      if (!kb) {
        const t = performance.now();
        kb = await syntheticKb(store);
        log(
          `query: synthetic KB: ${kb.entities.length} entities, ${kb.mentions.length} mentions, ${kb.events.length} events, ${kb.quotes.length} quotes (${round((performance.now() - t) / 1000)} s)`,
        );
      }
      const tr = performance.now();
      await store.replaceKnowledgeBase(kb);
      const replaceS = (performance.now() - tr) / 1000;
      const docs = await store.countDocuments();
      const entityIds = kb.entities.map((e) => e.id);
      const entityNames = kb.entities.map((e) => e.name.split(" ").slice(-1)[0].toLowerCase());
      const words = [
        "Lavrov",
        "sanctions",
        "satellite imagery",
        "Pyongyang talks",
        "ammunition supplies",
        "rail link",
        "Shoigu",
        "grain",
        "Vladivostok",
        "strategic partnership",
        "customs figures",
        "emergency meeting",
      ];
      const cases = {
        "timeline (first page)": (i) => store.timeline({ limit: 50, offset: (i % 5) * 50 }),
        "timeline (entity)": (i) => store.timeline({ entity: entityIds[i % entityIds.length], limit: 50 }),
        "timeline (month window)": (i) =>
          store.timeline({
            from: `2023-${String((i % 12) + 1).padStart(2, "0")}`,
            to: `2023-${String((i % 12) + 1).padStart(2, "0")}`,
            limit: 50,
          }),
        "entity (find by name)": (i) => store.findEntities(entityNames[i % entityNames.length], 10),
        "entity (mentions page)": (i) => store.listMentions({ entity: entityIds[i % entityIds.length], limit: 50 }),
        search: (i) => store.search(words[i % words.length], { limit: 20 }),
      };
      const out = { docs, replace_kb_s: round(replaceS, 1), queries: {} };
      for (const [label, fn] of Object.entries(cases)) {
        for (let i = 0; i < 5; i++) await fn(i); // warm-up
        const times = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await fn(i);
          times.push(performance.now() - t);
        }
        out.queries[label] = { p50_ms: round(pct(times, 50), 2), p95_ms: round(pct(times, 95), 2) };
      }
      results.query[name] = out;
      log(`  ${name}: ${docs} docs, KB replace ${out.replace_kb_s} s`);
      for (const [label, v] of Object.entries(out.queries))
        log(`    ${label.padEnd(26)} p50 ${v.p50_ms} ms  p95 ${v.p95_ms} ms`);
    } finally {
      await store.close();
    }
  }
}

function save(results) {
  writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
}

async function main() {
  if (args.child) return child();
  if (!args.pg) throw new Error("--pg postgres://… is required (bash scripts/pg-test-cluster.sh start)");
  if (!existsSync(dist("queue/index.js"))) throw new Error("dist/ is missing: run npm run build first");
  mkdirSync(args.work, { recursive: true });
  mkdirSync(dirname(args.out), { recursive: true });
  const os = await import("node:os");
  const results = existsSync(args.out) ? JSON.parse(readFileSync(args.out, "utf8")) : {};
  results.machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    mem_gb: round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  // Other work on the machine skews every figure; the load average says how much.
  results.loadavg = results.loadavg ?? {};
  const load = (label) => (results.loadavg[label] = os.loadavg().map((x) => round(x, 1)));
  results.cleaner = args.cleaner;
  const phases = args.phases.split(",");
  load("start");
  if (phases.includes("ingest")) {
    await phaseIngest(results);
    load("after_ingest");
  }
  writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
  if (phases.includes("big")) {
    await phaseBig(results);
    load("after_big");
  }
  writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
  if (phases.includes("query")) {
    await phaseQuery(results);
    load("after_query");
  }
  writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
  log(`results → ${args.out}`);
}

main().catch((err) => {
  process.stderr.write(`bench-scale: ${err?.stack ?? err}\n`);
  process.exit(1);
});
