/**
 * Cost of the learned restoration ranker: start-up (reading the ranker file) and spin detection +
 * restoration of spun documents with and without it, measured in the same run (ratios, not absolutes).
 *
 *   npx tsx scripts/bench-restore-ranker.ts [docs=200]
 *
 * Data: the first N clean dev documents (≥ 150 tokens), spun by the simulator at rate 0.3 (seed 777).
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
const docs = readCleanCorpus()
  .filter((d) => d.split === "dev" && tokenize(d.text).length >= 150)
  .slice(0, n)
  .map((d) => spinner.spin(d.text, 0.3));
const run = (res: typeof withRanker) => {
  const t = performance.now();
  for (const text of docs) restoreText(text, detectSpin(text, "en", { resources: res }).hits);
  return performance.now() - t;
};
run(withRanker);
run(without); // warm-up
const times = { ranker: 0, fixed: 0 };
for (let r = 0; r < 3; r++) {
  times.fixed += run(without);
  times.ranker += run(withRanker);
}
console.log(
  `ranker file read + compiled in ${loadMs.toFixed(0)} ms; ${docs.length} spun dev documents: ` +
    `detection + restoration with the ranker / fixed scorer = ${(times.ranker / times.fixed).toFixed(2)}× ` +
    `(${(times.ranker / 3 / docs.length).toFixed(2)} vs ${(times.fixed / 3 / docs.length).toFixed(2)} ms per document)`,
);
