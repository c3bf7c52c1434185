#!/usr/bin/env node
// Runs the compiled test files (dist/**/*.test.js) with node's test runner, in two lanes:
//   unit — pure functions and in-process stores/servers (fast; `npm run test:unit`)
//   e2e  — anything that drives the real CLI, a server over a port, a browser, PostgreSQL, a queue,
//          or kills processes (`npm run test:e2e`)
// `npm test` runs both. Node 20's `node --test` takes no globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [--lane unit|e2e|all] [substring-filter...]
import { readdirSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
let lane = "all";
const laneAt = args.indexOf("--lane");
if (laneAt >= 0) {
  lane = args[laneAt + 1] ?? "";
  args.splice(laneAt, 2);
}
if (!["unit", "e2e", "all"].includes(lane)) {
  console.error(`run-tests: --lane must be unit, e2e or all (got "${lane}")`);
  process.exit(2);
}
const filters = args;

/** A test file belongs to the end-to-end lane when its path says it drives processes, ports, browsers or PostgreSQL. */
const E2E_PATTERNS = [
  `${sep}test${sep}`, // test/ holds the CLI, server, browser and demo end-to-end suites
  ".e2e.test.js",
  "crash",
  `${sep}queue${sep}`,
  `${sep}postgres${sep}`,
  `${sep}fuzz${sep}`,
];
const isE2e = (p) => E2E_PATTERNS.some((pattern) => p.includes(pattern));

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.js") && (!filters.length || filters.some((f) => p.includes(f)))) files.push(p);
  }
})("dist");
const selected = files.filter((p) => lane === "all" || (lane === "e2e") === isE2e(p)).sort();
if (!selected.length) {
  console.error(`run-tests: no ${lane === "all" ? "" : `${lane} `}test files found under dist/ (did tsc run?)`);
  process.exit(1);
}
console.error(`run-tests: ${selected.length} ${lane} test files`);
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...selected], { stdio: "inherit" });
process.exit(r.status ?? 1);
