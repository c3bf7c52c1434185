/**
 * Candidate recall of the incremental path (src/kb/near-dup.ts MinHash/LSH bands plus the sketch
 * filter of src/kb/incremental.ts candidatePairs) on aggregator reposts: how many reposts share a
 * band with their source and pass the estimated-containment filter, so that linkCopies verifies them.
 *
 *   npx tsx scripts/lsh-recall-aggregator.ts [seed] [dev|test]
 *
 * Also measures a candidate view the index does not have (a proposal, not shipped): MinHash over
 * order-insensitive pairs of adjacent content words (stemmed, within a sentence), same banding.
 */
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { makeAggregatorCorpus } from "../src/kb/provenance/synthetic-aggregator.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { nearDuplicateSketch, estimatedContainment } from "../src/kb/near-dup.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { stem } from "../src/kb/provenance/sentence-match.js";
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

// Proposed view: sorted pairs of adjacent content words within a sentence (survives clause moves,
// sentence reordering and cuts; a synonym swap breaks two pairs).
const FUNCTION = new Set(
  "a an the of and or but to in on at by for with from as is are was were be been being it its this that these those he she they we you i his her their our your him them us not no so than then there here which who whom whose what when where while also has have had will would can could may might must should shall do does did said says after before into over under about between against during since until up down out off more most such only other some any each all both".split(
    " ",
  ),
);
const mix = (h: number) => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};
const hs = (x: string) => {
  let h = 2166136261;
  for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 16777619) >>> 0;
  return mix(h);
};
const pairView = (text: string) => {
  const out = new Set<number>();
  let prev: string | null = null;
  for (const t of tokenize(text.replace(/“[^”\n]*”|"[^"\n]*"|‘(?:[^’\n]|’(?=\p{L}))*’(?!\p{L})/gu, " . "))) {
    if (t.sentenceStart) prev = null;
    if (t.norm.length < 3 || FUNCTION.has(t.norm)) continue;
    const w = stem(t.norm.replace(/,/g, ""));
    if (prev !== null) out.add(hs(prev < w ? `${prev} ${w}` : `${w} ${prev}`));
    prev = w;
  }
  return out;
};
const SEEDS = Array.from({ length: 72 }, (_, i) => mix(0x9e3779b9 + i * 0x6d2b79f5));
const bandsOf = (set: Set<number>) => {
  if (set.size < 8) return [];
  const mins = SEEDS.map((sd) => {
    let m = 0xffffffff;
    for (const x of set) m = Math.min(m, mix(x ^ sd));
    return m & 0xffff;
  });
  const keys: string[] = [];
  for (let b = 0; b < 36; b++) keys.push(`${b}:${mins[2 * b]}:${mins[2 * b + 1]}`);
  return keys;
};
const pv = new Map(c.map((d) => [d.id, pairView(d.text)]));
const band2 = new Map<string, string[]>();
for (const d of c) for (const k of bandsOf(pv.get(d.id)!)) (band2.get(k) ?? band2.set(k, []).get(k)!).push(d.id);
const pairs2 = new Set<string>();
for (const l of band2.values())
  for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) pairs2.add([l[i], l[j]].sort().join("|"));
const fam = new Map(c.map((d) => [d.id, d.family]));
let viaPairs = 0;
let either = 0;
for (const d of c)
  if (d.kind === "aggregator") {
    const key = [d.id, d.source!].sort().join("|");
    if (pairs2.has(key)) viaPairs++;
    if (pairs2.has(key) || pairs.has(key)) either++;
  }
const noise = (ps: Set<string>) =>
  [...ps].filter((p) => {
    const [x, y] = p.split("|");
    return fam.get(x!) !== fam.get(y!);
  }).length;
console.log(
  `proposed adjacent-content-pair view: ${viaPairs}/${copies} reposts share a band with their source; with the shipped views ${either}/${copies}; ` +
    `pairs of different families colliding: shipped views ${noise(pairs)}, proposed view ${noise(pairs2)} (of ${(c.length * (c.length - 1)) / 2} pairs)`,
);
