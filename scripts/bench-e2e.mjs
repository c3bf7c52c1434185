#!/usr/bin/env node
/**
 * End-to-end speed of the real CLI: `dossier ingest DIR --db NEW.db` over the 181 Zyte benchmark
 * pages (ingest → clean → language layer → extraction → knowledge base, into a fresh SQLite
 * store), in its own process, as a user runs it. Reports words of cleaned body (whitespace-separated,
 * counted from the store's documents) per second of wall time and per CPU-second (user + system of
 * the whole process, every thread), the analysis thread count, and the phases the CLI reports.
 *
 * Baseline measured in the same run, interleaved with the CLI rounds: wink-nlp (tokens, sentences,
 * POS and entities of its lite English model) reading the same cleaned bodies in one process, per
 * CPU-second of its reading alone (model load excluded). Speeds on this shared 2-core machine move
 * with the load, so compare ratios and CPU-seconds, not single wall times.
 *
 * Usage: npm run bench:e2e [-- options]          (builds first)
 *        node scripts/bench-e2e.mjs [options]    (uses dist/ as built)
 *   --rounds N        rounds of each system (default 2)
 *   --compare DIR     also time another built checkout (e.g. old main), interleaved, same pages
 *   --pages DIR       pages to ingest (default ../shared/bench/extraction-zyte/html)
 *   --threads N       DOSSIER_ANALYSIS_THREADS for the children (default: the CLI's own choice)
 *   --cpu-prof        profile one extra run of each system (every thread) and print where the time
 *                     goes: each thread's span and share, self time by area (src/nlp, src/kb,
 *                     sqlite, GC…) and the top functions
 *   --keep DIR        keep the stores and profiles in DIR instead of a temporary directory
 *   --write           rewrite the end-to-end section of docs/benchmarks.md with this run's figures
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { inflateRawSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const ROUNDS = Math.max(0, Number(opt("--rounds", 2)) || 0);
const compare = opt("--compare", null);
const pages = resolve(opt("--pages", join(root, "../shared/bench/extraction-zyte/html")));
const threads = opt("--threads", null);
const profile = args.includes("--cpu-prof");
const write = args.includes("--write");
const work = opt("--keep", null) ?? mkdtempSync(join(tmpdir(), "dossier-e2e-"));
mkdirSync(work, { recursive: true });

for (const dir of [root, compare].filter(Boolean))
  if (!existsSync(join(dir, "dist/src/cli/main.js"))) throw new Error(`${dir}: not built (npm run build)`);
if (!existsSync(pages)) throw new Error(`no pages at ${pages}`);

/** CPU seconds (user + system) of this process's waited-for children so far, from /proc (Linux). */
function childCpu() {
  const f = readFileSync("/proc/self/stat", "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return (Number(rest[13]) + Number(rest[14])) / 100; // cutime, cstime, in ticks of 1/100 s
}

/** Runs `node argv` to completion; wall ms, CPU s, stderr. Throws on a non-zero exit. */
function timed(argv, env = {}) {
  const c0 = childCpu();
  const t0 = performance.now();
  const res = spawnSync(process.execPath, argv, {
    cwd: work,
    env: { ...process.env, DOSSIER_DB: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 28,
  });
  const wall = performance.now() - t0;
  const cpu = childCpu() - c0;
  if (res.status !== 0) throw new Error(`node ${argv.join(" ")} exited ${res.status}:\n${res.stderr}`);
  return { wall, cpu, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** Cleaned bodies of a store's documents. */
function bodies(db) {
  const Database = require(join(root, "node_modules/better-sqlite3"));
  const d = new Database(db, { readonly: true });
  try {
    return (
      d
        .prepare("SELECT text FROM documents ORDER BY id")
        .all()
        // stores since migration 9 keep long texts raw-deflated (BLOB)
        .map((r) => (typeof r.text === "string" ? r.text : inflateRawSync(r.text).toString("utf8")))
    );
  } finally {
    d.close();
  }
}

const countWords = (texts) => texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);

let runNo = 0;
/** One `dossier ingest` of the pages into a new store by the checkout at `dir`. */
function ingestRun(dir, extraNodeArgs = []) {
  const db = join(work, `run-${++runNo}.db`);
  const env = threads ? { DOSSIER_ANALYSIS_THREADS: threads } : {};
  const r = timed([...extraNodeArgs, join(dir, "bin/dossier.mjs"), "ingest", pages, "--db", db], env);
  const summary = r.stdout.trim().split("\n").pop();
  if (!/^ingested \d+, duplicate 0, failed 0/.test(summary)) throw new Error(`unexpected summary: ${summary}`);
  // "knowledge base up to date: 181 document(s), 181 analysed, 9.1 s (analysis 6.2 s on 2 analysis thread(s), merge 2.9 s)"
  const kb = r.stderr.match(/^knowledge base up to date: .*?, ([\d.]+) s(?: \((.*)\))?$/m);
  const phases = kb ? `knowledge base ${kb[1]} s${kb[2] ? ` (${kb[2]})` : ""}` : null;
  const threadsUsed = r.stderr.match(/on (\d+) analysis thread/)?.[1] ?? null;
  return { ...r, db, phases, threadsUsed };
}

/** wink-nlp reading the bodies (tokens, sentences, POS, entities), CPU s of the reading alone. */
function winkRun(bodiesFile) {
  const code = `
    const winkNLP = require(${JSON.stringify(require.resolve("wink-nlp"))}); const model = require(${JSON.stringify(require.resolve("wink-eng-lite-web-model"))});
    const nlp = winkNLP(model); const its = nlp.its;
    const texts = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(bodiesFile)}, "utf8"));
    const c0 = process.cpuUsage(); let tokens = 0;
    for (const t of texts) { const d = nlp.readDoc(t); tokens += d.tokens().length(); d.entities().out(its.detail); d.tokens().out(its.pos); }
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ cpu: (c.user + c.system) / 1e6, tokens }));`;
  const r = timed(["-e", code]);
  return JSON.parse(r.stdout);
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const k = (x) => `${(x / 1000).toFixed(1)}k`;

console.log(`pages: ${pages}`);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);

const systems = [{ name: "this checkout", dir: root, runs: [] }];
if (compare) systems.push({ name: `compare (${compare})`, dir: resolve(compare), runs: [] });
const wink = [];
let words = 0;
let bodiesFile = null;
for (let r = 0; r < ROUNDS; r++) {
  for (const s of systems) {
    const run = ingestRun(s.dir);
    s.runs.push(run);
    if (!bodiesFile) {
      const texts = bodies(run.db);
      words = countWords(texts);
      bodiesFile = join(work, "bodies.json");
      writeFileSync(bodiesFile, JSON.stringify(texts));
      console.log(`documents: ${texts.length}, words of cleaned body: ${words}`);
    }
    rmSync(run.db, { force: true });
    console.log(
      `  round ${r + 1} ${s.name}: wall ${(run.wall / 1000).toFixed(1)} s, CPU ${run.cpu.toFixed(1)} s` +
        (run.phases ? `, ${run.phases}` : ""),
    );
  }
  const w = winkRun(bodiesFile);
  wink.push(w);
  console.log(`  round ${r + 1} wink-nlp: CPU ${w.cpu.toFixed(2)} s (${w.tokens} tokens)`);
}

const winkPerCpu = ROUNDS ? words / median(wink.map((w) => w.cpu)) : NaN;
const rows = !ROUNDS
  ? []
  : systems.map((s) => {
      const wall = median(s.runs.map((x) => x.wall)) / 1000;
      const cpu = median(s.runs.map((x) => x.cpu));
      return {
        name: s.name,
        wall,
        cpu,
        perWall: words / wall,
        perCpu: words / cpu,
        parallelism: cpu / wall,
        threads: s.runs[0].threadsUsed,
        phases: s.runs.map((x) => x.phases).filter(Boolean),
      };
    });
if (ROUNDS) console.log(`\nmedian of ${ROUNDS} round(s), ${words} words:`);
for (const x of rows)
  console.log(
    `  ${x.name}: ${k(x.perWall)} words/s wall, ${k(x.perCpu)} words/CPU-s, CPU/wall ${x.parallelism.toFixed(2)}` +
      (x.threads ? `, ${x.threads} analysis threads` : "") +
      `; wink-nlp reads ${(winkPerCpu / x.perCpu).toFixed(1)}× as many words per CPU-second`,
  );
if (ROUNDS) console.log(`  wink-nlp baseline: ${k(winkPerCpu)} words/CPU-s (same bodies, same run)`);
if (rows.length > 1)
  console.log(
    `  this checkout vs compare: ${(rows[1].cpu / rows[0].cpu).toFixed(2)}× less CPU, ${(rows[1].wall / rows[0].wall).toFixed(2)}× less wall`,
  );

if (profile) {
  for (const s of systems) {
    const profDir = join(work, `profile-${systems.indexOf(s)}`);
    rmSync(profDir, { recursive: true, force: true });
    const run = ingestRun(s.dir, ["--cpu-prof", `--cpu-prof-dir=${profDir}`]);
    words ||= countWords(bodies(run.db));
    rmSync(run.db, { force: true });
    console.log(
      `\nprofile of ${s.name} (${profDir}): wall ${(run.wall / 1000).toFixed(1)} s, CPU ${run.cpu.toFixed(1)} s` +
        ` (${k(words / run.cpu)} words/CPU-s under the profiler)${run.phases ? `, ${run.phases}` : ""}`,
    );
    summariseProfiles(profDir, run.cpu);
  }
}

if (write && ROUNDS) writeSection(rows, winkPerCpu);
if (!opt("--keep", null)) rmSync(work, { recursive: true, force: true });

/** Area of a profile frame: a source directory, a package, sqlite, GC, Node internals. */
function area(url, fn) {
  if (!url) return fn.startsWith("(") ? fn : `native ${fn || "(anonymous)"}`;
  const src = url.match(/\/dist\/src\/([^/]+)\/(?:([^/]+)\/)?/);
  if (src)
    return src[1] === "nlp" || src[1] === "kb"
      ? `src/${src[1]}/${src[2]?.replace(/\.js$/, "") ?? ""}`
      : `src/${src[1]}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node internals";
  return basename(url);
}

/**
 * Self time by area and by function over every thread's profile in `dir`, and each thread's span.
 * The profiler samples wall time, so on a loaded machine a thread's "busy" time includes time it
 * waited for a core; `cpu` (the process's measured CPU seconds) scales busy time to CPU estimates.
 */
function summariseProfiles(dir, cpu) {
  const byArea = new Map();
  const byFn = new Map();
  const threadRows = [];
  let total = 0;
  let t0 = Infinity;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort()) {
    const p = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map();
    p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
    let threadTotal = 0;
    const threadArea = new Map();
    for (const [id, us] of self) {
      const { functionName, url, lineNumber } = nodes.get(id).callFrame;
      if (functionName === "(idle)") continue;
      threadTotal += us;
      const a = area(url, functionName);
      byArea.set(a, (byArea.get(a) ?? 0) + us);
      threadArea.set(a, (threadArea.get(a) ?? 0) + us);
      const f = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*\/(dist|node_modules)\//, "$1/")}:${lineNumber + 1}` : ""}`;
      byFn.set(f, (byFn.get(f) ?? 0) + us);
    }
    total += threadTotal;
    t0 = Math.min(t0, p.startTime);
    const main = [...threadArea]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([a]) => a)
      .join(", ");
    threadRows.push({ file, start: p.startTime, end: p.endTime, busy: threadTotal, main });
  }
  const scale = cpu / (total / 1e6);
  console.log(`  threads (time from the first thread's start; CPU estimated as busy × ${scale.toFixed(2)}):`);
  for (const t of threadRows)
    console.log(
      `    ${t.file.replace(/^CPU\.\d+\.\d+\./, "").padEnd(24)} ${((t.start - t0) / 1e6).toFixed(1).padStart(6)}–${((t.end - t0) / 1e6).toFixed(1).padEnd(6)} s, busy ${(t.busy / 1e6).toFixed(1).padStart(5)} s ≈ CPU ${((t.busy / 1e6) * scale).toFixed(1).padStart(5)} s: ${t.main}`,
    );
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, us]) =>
          `    ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(6)} s  ${name}`,
      )
      .join("\n");
  console.log(`  self time by area (all threads, ${(total / 1e6).toFixed(1)} s busy):\n${top(byArea, 20)}`);
  console.log(`  top functions by self time:\n${top(byFn, 20)}`);
}

/** Rewrites the end-to-end block of docs/benchmarks.md (between its markers). */
function writeSection(rows, winkPerCpu) {
  const file = join(root, "docs/benchmarks.md");
  const start = "<!-- bench-e2e:start -->";
  const end = "<!-- bench-e2e:end -->";
  const md = readFileSync(file, "utf8");
  const block = `${start}
## End to end: \`dossier ingest\` of the 181 Zyte pages into a new SQLite store (\`npm run bench:e2e\`)

Real CLI in its own process: ingest → clean → language layer → extraction → knowledge base. Words are
whitespace-separated words of the cleaned bodies (${words}); CPU is user + system of the whole process,
every thread. Baseline in the same run: wink-nlp's lite English model reading the same bodies (tokens,
sentences, POS, entities), model load excluded. Median of ${ROUNDS} round(s); load average at the end
${loadavg()[0].toFixed(1)} on ${cpus().length} cores.

| system | words/s (wall) | words per CPU-second | CPU/wall | wink-nlp per CPU-second ÷ this |
|---|---|---|---|---|
${rows.map((x) => `| ${x.name.startsWith("compare") ? "compare checkout" : "this checkout"} | ${k(x.perWall)} | ${k(x.perCpu)} | ${x.parallelism.toFixed(2)} | ${(winkPerCpu / x.perCpu).toFixed(1)}× |`).join("\n")}
| wink-nlp alone | — | ${k(winkPerCpu)} | 1 | 1× |
${end}`;
  const out = md.includes(start)
    ? md.slice(0, md.indexOf(start)) + block + md.slice(md.indexOf(end) + end.length)
    : `${md.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, out);
  console.log("wrote the end-to-end section of docs/benchmarks.md");
}
