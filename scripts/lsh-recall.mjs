#!/usr/bin/env node
// Candidate recall of the near-duplicate band index (kb/near-dup.ts) per banding, on generated
// text pairs of known word 5-gram Jaccard similarity, and the band rows each banding stores.
// Text: random lowercase "words" (a 20,000-word made-up vocabulary, so only the word view is
// populated); pair (A, B) of equal length shares one run of words sized to give the target
// overlap: the share of one text's word 5-grams found in the other (containment c; Jaccard
// J = c / (2 − c)). Recall = share of pairs with at least one band key in common.
//   npm run build && node scripts/lsh-recall.mjs [--pairs 400] [--words 500]
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { nearDuplicateSketch, bandKeysOfSketch } = await import(join(root, "dist/src/kb/near-dup.js"));
const { seededRandom } = await import(join(root, "dist/src/util/random.js"));
const { values: args } = parseArgs({
  options: { pairs: { type: "string", default: "400" }, words: { type: "string", default: "500" } },
});
const pairs = Number(args.pairs);
const L = Number(args.words);
const rand = seededRandom(7);
const letters = "abcdefghijklmnopqrstuvwxyz";
const vocab = Array.from({ length: 20000 }, () =>
  Array.from({ length: 4 + Math.floor(rand() * 6) }, () => letters[Math.floor(rand() * 26)]).join(""),
);
const words = (n) => Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]);
const text = (ws) => ws.map((w, i) => (i % 12 === 11 ? `${w}.` : w)).join(" ");

/** Two texts of L words sharing a share c of their 5-grams (one shared run of words). */
function pair(c) {
  const shingles = L - 4;
  const sharedShingles = Math.round(shingles * c);
  const run = words(sharedShingles + 4);
  const restA = words(L - run.length);
  const restB = words(L - run.length);
  const cutA = Math.floor(rand() * restA.length);
  const cutB = Math.floor(rand() * restB.length);
  return [
    text([...restA.slice(0, cutA), ...run, ...restA.slice(cutA)]),
    text([...restB.slice(0, cutB), ...run, ...restB.slice(cutB)]),
  ];
}

const bandings = [
  { rows: 3, bands: 24 },
  { rows: 2, bands: 36 },
  { rows: 4, bands: 18 },
  { rows: 1, bands: 72 },
];
const overlaps = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8];
const jaccard = (c) => c / (2 - c);
const hits = new Map(bandings.map((b) => [`${b.rows}x${b.bands}`, overlaps.map(() => 0)]));
for (const [oi, j] of overlaps.entries()) {
  for (let p = 0; p < pairs; p++) {
    const [a, b] = pair(j).map(nearDuplicateSketch);
    for (const bd of bandings) {
      const ka = new Set(bandKeysOfSketch(a, bd.rows, bd.bands));
      if (bandKeysOfSketch(b, bd.rows, bd.bands).some((k) => ka.has(k))) hits.get(`${bd.rows}x${bd.bands}`)[oi]++;
    }
  }
}
console.log(`pairs per overlap: ${pairs}, words per text: ${L}; overlap c = shared word 5-grams / 5-grams of one text`);
console.log(`overlap c               ${overlaps.map((o) => `c=${o}`.padStart(7)).join(" ")}`);
console.log(`Jaccard J               ${overlaps.map((o) => jaccard(o).toFixed(3).padStart(7)).join(" ")}`);
console.log(
  `banding  rows/doc/view  recall                                                    theory at c=0.2/0.3/0.5`,
);
for (const bd of bandings) {
  const k = `${bd.rows}x${bd.bands}`;
  const th = (c) => (1 - (1 - jaccard(c) ** bd.rows) ** bd.bands).toFixed(2);
  console.log(
    `${`${bd.bands}×${bd.rows}`.padEnd(8)} ${String(bd.bands).padStart(13)}  ${hits
      .get(k)
      .map((h) => (h / pairs).toFixed(2).padStart(7))
      .join(" ")}   ${th(0.2)}/${th(0.3)}/${th(0.5)}`,
  );
}
