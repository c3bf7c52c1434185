#!/usr/bin/env node
// Runs every compiled test file (dist/**/*.test.js) with node's test runner.
// Node 20's `node --test` takes no globs, so the files are listed here.
// Usage: node scripts/run-tests.mjs [substring-filter...]
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.js") && (!filters.length || filters.some((f) => p.includes(f)))) files.push(p);
  }
})("dist");
files.sort();
if (!files.length) {
  console.error("run-tests: no test files found under dist/ (did tsc run?)");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
