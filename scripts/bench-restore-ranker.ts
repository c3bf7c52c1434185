/**
 * Cost of the learned restoration ranker: start-up (reading the ranker file) and spin detection +
 * restoration of spun documents with and without it, measured in the same run (ratios, not absolutes).
 *
 *   npx tsx scripts/bench-restore-ranker.ts [docs=200]
 *
 * Data: the first N clean dev documents (≥ 150 tokens), as they are and spun by the simulator at rate
 * 0.3 (seed 777).
 */
import { performance } from "node:perf_hooks";
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { compileRanker } from "../src/kb/provenance/restore-ranker.js";
import { detectSpin, restoreText } from "../src/kb/provenance/spin.js";
import { defaultSpinResources } from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dataPath } from "../src/util/paths.js";

const n = Number(process.argv[2] ?? 200);
const t0 = performance.now();
const raw = JSON.parse(gunzipSync(readFileSync(dataPath("provenance", "restore-ranker.json.gz"))).toString("utf8"));
compileRanker(raw);
const loadMs = performance.now() - t0;
const withRanker = defaultSpinResources();
const without = { ...withRanker, ranker: null };
const spinner = makeSpinner(777);
const clean = readCleanCorpus()
  .filter((d) => d.split === "dev" && tokenize(d.text).length >= 150)
  .slice(0, n)
  .map((d) => d.text);
const spun = clean.map((text) => spinner.spin(text, 0.3));
const run = (docs: string[], res: typeof withRanker) => {
  const t = performance.now();
  for (const text of docs) restoreText(text, detectSpin(text, "en", { resources: res }).hits);
  return performance.now() - t;
};
console.log(`ranker file read + compiled in ${loadMs.toFixed(0)} ms`);
for (const [label, docs] of [
  ["spun (rate 0.3)", spun],
  ["clean", clean],
] as const) {
  run(docs, withRanker);
  run(docs, without); // warm-up
  const times = { ranker: 0, fixed: 0 };
  for (let r = 0; r < 3; r++) {
    times.fixed += run(docs, without);
    times.ranker += run(docs, withRanker);
  }
  console.log(
    `${docs.length} ${label} dev documents: detection + restoration with the ranker / fixed scorer = ` +
      `${(times.ranker / times.fixed).toFixed(2)}× (${(times.ranker / 3 / docs.length).toFixed(2)} vs ` +
      `${(times.fixed / 3 / docs.length).toFixed(2)} ms per document)`,
  );
}
