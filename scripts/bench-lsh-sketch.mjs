#!/usr/bin/env node
// CPU of the near-duplicate sketch (kb/near-dup.ts nearDuplicateSketch) over the clean corpus, this
// tree against another built tree (e.g. a clone of main), alternated in one process (the machine is noisy).
//   npm run build && node scripts/bench-lsh-sketch.mjs /tmp/base-clone [rounds]
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const base = resolve(process.argv[2] ?? here);
const rounds = Number(process.argv[3] ?? 4);
const { readCleanCorpus } = await import(join(here, "dist/src/kb/provenance/clean-corpus.js"));
const texts = readCleanCorpus().map((d) => d.text);
const mods = {
  base: await import(join(base, "dist/src/kb/near-dup.js")),
  this: await import(join(here, "dist/src/kb/near-dup.js")),
};
for (const m of Object.values(mods)) m.nearDuplicateSketch(texts[0]);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const total = { base: 0, this: 0 };
for (let r = 0; r < rounds; r++)
  for (const k of r % 2 ? ["this", "base"] : ["base", "this"]) {
    const t = cpu();
    for (const x of texts) mods[k].nearDuplicateSketch(x);
    total[k] += cpu() - t;
  }
console.log(
  JSON.stringify({
    documents: texts.length,
    base_cpu_ms_per_doc: +(total.base / rounds / texts.length).toFixed(3),
    this_cpu_ms_per_doc: +(total.this / rounds / texts.length).toFixed(3),
    ratio: +(total.this / total.base).toFixed(3),
  }),
);
