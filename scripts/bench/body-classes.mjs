#!/usr/bin/env node
// Failure classes of the body benchmarks, page counts before → after, from two `--dump` files of
// scripts/bench/body.mjs (or `npm run bench -- --body-dump FILE`):
//   node scripts/bench/body-classes.mjs before.json after.json
import { readFileSync } from "node:fs";
const b = JSON.parse(readFileSync(process.argv[2], "utf8")),
  a = JSON.parse(readFileSync(process.argv[3], "utf8"));
const f1 = (s) =>
  s.precision === null ? 0 : s.precision + s.recall ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0;
const classes = {
  "empty output": (r) => r.ours.precision === null,
  "empty where Readability finds text": (r) => r.ours.precision === null && r.readability.precision !== null,
  "wrong block (P or R = 0, with output)": (r) =>
    r.ours.precision !== null && (r.ours.precision === 0 || r.ours.recall === 0),
  "kept large non-article blocks (P < 0.5)": (r) => r.ours.precision !== null && r.ours.precision < 0.5,
  "lost most of the body (R < 0.5)": (r) => r.ours.recall < 0.5,
  "page F1 < 0.8": (r) => f1(r.ours) < 0.8,
};
for (const set of Object.keys(a)) {
  console.log(`## ${set}`);
  for (const [name, fn] of Object.entries(classes)) {
    const bi = b[set].filter(fn).map((r) => r.id),
      ai = a[set].filter(fn).map((r) => r.id);
    console.log(
      `${name}: ${bi.length} -> ${ai.length}   fixed: ${bi
        .filter((x) => !ai.includes(x))
        .map((x) => x.slice(0, 12))
        .join(",")}  new: ${ai
        .filter((x) => !bi.includes(x))
        .map((x) => x.slice(0, 12))
        .join(",")}`,
    );
  }
  const rd = (arr) => arr.filter((r) => f1(r.readability) < 0.8).length;
  console.log(`(Readability page F1 < 0.8: ${rd(a[set])})`);
}
