/**
 * Candidate recall of the incremental path (src/kb/near-dup.ts MinHash/LSH bands plus the sketch
 * filter of src/kb/incremental.ts candidatePairs) on aggregator reposts: how many reposts share a
 * band with their source and pass the estimated-containment filter, so that linkCopies verifies them.
 *
 *   npx tsx scripts/lsh-recall-aggregator.ts [seed] [dev|test]
 */
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { makeAggregatorCorpus } from "../src/kb/provenance/synthetic-aggregator.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { nearDuplicateSketch, estimatedContainment } from "../src/kb/near-dup.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { seededRandom } from "../src/util/random.js";
const seed = Number(process.argv[2] ?? 1),
  split = process.argv[3] ?? "dev";
const rng = seededRandom(seed);
const bases = readCleanCorpus()
  .filter((d) => d.split === split)
  .map((d) => d.text)
  .filter((t) => {
    const n = tokenize(t).length;
    return n >= 150 && n <= 3000;
  });
for (let i = bases.length - 1; i > 0; i--) {
  const j = Math.floor(rng() * (i + 1));
  [bases[i], bases[j]] = [bases[j]!, bases[i]!];
}
const c = makeAggregatorCorpus(bases, 1000, seed);
const sk = new Map(c.map((d) => [d.id, nearDuplicateSketch(d.text)]));
const spun = new Map(c.map((d) => [d.id, detectSpin(d.text, "en").is_spun]));
const band = new Map<string, string[]>();
for (const d of c) for (const k of sk.get(d.id)!.keys) (band.get(k) ?? band.set(k, []).get(k)!).push(d.id);
const pairs = new Set<string>();
for (const l of band.values())
  for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) pairs.add([l[i], l[j]].sort().join("|"));
let copyBand = 0,
  copyPass = 0,
  copies = 0;
for (const d of c)
  if (d.kind === "aggregator") {
    copies++;
    const key = [d.id, d.source!].sort().join("|");
    if (!pairs.has(key)) continue;
    copyBand++;
    const e = estimatedContainment(sk.get(d.id)!, sk.get(d.source!)!);
    const s = spun.get(d.id) || spun.get(d.source!);
    if (e.word >= 0.15 || e.skeleton >= 0.42 || (s && e.skeleton >= 0.24)) copyPass++;
  }
console.log(
  `aggregator copies: ${copies}; share an LSH band with the source ${copyBand}; pass the sketch filter ${copyPass}`,
);
