/**
 * Builds data/provenance/collocations.json: bigram counts around the spin lexicon's contextual words,
 * from the clean gold bodies of the Zyte article-extraction benchmark
 * (scrapinghub/article-extraction-benchmark, MIT, "Copyright (c) 2020 Scrapinghub").
 * Only counts are shipped, never text.
 *
 * Usage: npx tsx scripts/build-spin-collocations.ts [path/to/ground-truth.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countCollocations } from "../src/kb/provenance/collocations.js";
import { defaultLexicon } from "../src/kb/provenance/lexicon.js";
import { dataPath, packageRoot } from "../src/util/paths.js";

const gtPath = process.argv[2] ?? join(packageRoot(), "..", "shared", "bench", "extraction-zyte", "ground-truth.json");
const gold = JSON.parse(readFileSync(gtPath, "utf8")) as Record<string, { articleBody: string }>;
const lex = defaultLexicon();
const focus = new Set<string>();
for (const [spun, original] of lex.contextual) {
  focus.add(spun);
  focus.add(original);
}
const counts = countCollocations(
  Object.values(gold).map((g) => g.articleBody),
  focus,
);
const out = {
  about:
    "Bigram counts around the spin lexicon's contextual words (spun and original side), for odd-collocation checks. Built by scripts/build-spin-collocations.ts.",
  source: "gold article bodies of scrapinghub/article-extraction-benchmark (181 news pages), commit 4a3bc979",
  licence: 'MIT, "Copyright (c) 2020 Scrapinghub" (counts derived from the benchmark data)',
  ...counts,
};
writeFileSync(dataPath("provenance", "collocations.json"), JSON.stringify(out) + "\n");
console.log(`bigrams: ${Object.keys(counts.bigrams).length}, focus words: ${focus.size}, tokens: ${counts.tokens}`);
