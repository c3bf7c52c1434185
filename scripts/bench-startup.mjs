#!/usr/bin/env node
/**
 * Start-up cost of `dossier extract one.html` against two baselines measured in the same run,
 * interleaved: an empty Node process (`node -e ""`) and a process that only imports the clean module.
 * Reports the median wall time and the mean CPU time (user + system of the child, from
 * /proc/self/stat on Linux) of each, and the ratios. Needs `npm run build` first.
 *
 * Usage: node scripts/bench-startup.mjs [--runs 15] [--compare DIR] [page.html]
 *   --compare DIR   also time `dossier extract` of another built checkout (e.g. old main), interleaved
 *   (default page: the first Zyte benchmark page, ../shared/bench/extraction-zyte/html/)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
const compareAt = args.indexOf("--compare");
const compare = compareAt >= 0 ? args[compareAt + 1] : null;
let page = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs" && args[i - 1] !== "--compare");
if (!page) {
  const dir = join(root, "..", "shared", "bench", "extraction-zyte", "html");
  const first = readdirSync(dir).sort()[0];
  page = join(mkdtempSync(join(tmpdir(), "dossier-startup-")), "page.html");
  writeFileSync(page, gunzipSync(readFileSync(join(dir, first))));
}
if (!existsSync(join(root, "dist", "src", "cli", "main.js"))) throw new Error("run `npm run build` first");

/** Children's CPU seconds so far (user + system), or NaN off Linux. */
function childCpu() {
  try {
    const f = readFileSync("/proc/self/stat", "utf8");
    const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[13]) + Number(rest[14])) / 100; // cutime, cstime (fields 16, 17) in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

const cleanUrl = new URL("../dist/src/clean/index.js", import.meta.url).href;
const cases = [
  ['node -e ""', ["-e", ""]],
  ["import the clean module", ["--input-type=module", "-e", `await import(${JSON.stringify(cleanUrl)})`]],
  ["dossier extract one.html", [join(root, "bin", "dossier.mjs"), "extract", page]],
];
if (compare) cases.push(["compare: extract one.html", [join(compare, "bin", "dossier.mjs"), "extract", page]]);
const wall = cases.map(() => []);
const cpu = cases.map(() => 0);
for (let r = 0; r < RUNS; r++) {
  cases.forEach(([, argv], k) => {
    const c0 = childCpu();
    const t0 = performance.now();
    const res = spawnSync(process.execPath, argv, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    wall[k].push(performance.now() - t0);
    cpu[k] += childCpu() - c0;
    if (res.status !== 0) throw new Error(`${cases[k][0]} failed: ${res.stderr}`);
  });
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const base = median(wall[0]);
const baseCpu = cpu[0] / RUNS;
console.log(`${RUNS} interleaved runs each; page ${page}`);
cases.forEach(([name], k) => {
  const w = median(wall[k]);
  const c = cpu[k] / RUNS;
  console.log(
    `  ${name.padEnd(26)} wall ${w.toFixed(0).padStart(5)} ms (${(w / base).toFixed(2)}× node -e), CPU ${(c * 1000).toFixed(0).padStart(5)} ms (${(c / baseCpu).toFixed(2)}×)`,
  );
});
