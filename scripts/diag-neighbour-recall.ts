/**
 * Measures whether distributional neighbours learned from our clean news could serve as candidate
 * originals beyond WordNet when restoring spun text (decision 148: they could not; nothing ships).
 *
 *   npx tsx scripts/diag-neighbour-recall.ts      (NEIGHBOURS_K, NEIGHBOURS_MIN_COSINE)
 *
 * 1. Context vectors of every word seen ≥ MIN_COUNT times in the clean DEV documents (the text the
 *    shipped counts come from; test documents are never read): the adjacent word on the left and on
 *    the right in the sentence, weighted by positive PMI (context counts smoothed by ^0.75).
 * 2. For each such word, the TOP_K originals of the shipped synonym table (frequent clean-news words
 *    with WordNet synonyms: what a spinner rewrites) with the highest cosine ≥ MIN_COSINE, of the same
 *    most frequent UD tag where both words have one (EWT and GUM's commercial-use genres), not one
 *    inflection or spelling of the other, and not already a synonym or broader-thesaurus pair.
 * 3. Recall: of the spun spans of dev documents spun by the partly-WordNet spinner
 *    (scripts/spin-thesauri.ts, seed 4242, rate 0.3) whose original the synonym table does not
 *    offer, the share whose original is among the spun word's neighbours.
 * Dev (400 k tokens): 47 of 16,614 such spans (0.3 %) at K 20, cosine ≥ 0.05 — the spinner's own
 * entries are mostly rare words with too few contexts, and 400 k tokens give noisy neighbours.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { readCleanCorpus, readUdAnalyses, sharedDir } from "../src/kb/provenance/clean-corpus.js";
import { compileResources, type SpinResources } from "../src/kb/provenance/substitution.js";
import { adjacent, tokenize } from "../src/kb/provenance/text.js";
import { dataPath } from "../src/util/paths.js";

const MIN_COUNT = 3;
const TOP_K = Number(process.env.NEIGHBOURS_K ?? 8);
const MIN_COSINE = Number(process.env.NEIGHBOURS_MIN_COSINE ?? 0.12);

const shared = sharedDir();
if (!shared) throw new Error("../shared (clean documents, UD) is needed to build the neighbour table");
const base: SpinResources = compileResources(
  JSON.parse(gunzipSync(readFileSync(dataPath("provenance", "spin-resources.json.gz"))).toString("utf8")),
);
const dev = readCleanCorpus(shared).filter((d) => d.split === "dev");

// ---------------------------------------------------------------- counts and contexts
const uni = new Map<string, number>();
const bi = new Map<string, number>();
const contexts = new Map<string, Map<string, number>>();
const addContext = (w: string, f: string) => {
  let m = contexts.get(w);
  if (!m) contexts.set(w, (m = new Map()));
  m.set(f, (m.get(f) ?? 0) + 1);
};
for (const d of dev) {
  const toks = tokenize(d.text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    uni.set(t.norm, (uni.get(t.norm) ?? 0) + 1);
    const n = toks[i + 1];
    if (n && !n.sentenceStart && adjacent(d.text, t, n)) {
      bi.set(`${t.norm} ${n.norm}`, (bi.get(`${t.norm} ${n.norm}`) ?? 0) + 1);
      addContext(t.norm, `R ${n.norm}`);
      addContext(n.norm, `L ${t.norm}`);
    }
  }
}
console.log(`dev documents ${dev.length}, types ${uni.size}, bigram types ${bi.size}`);

// ---------------------------------------------------------------- tags from UD
const tagCounts = new Map<string, Map<string, number>>();
for (const a of readUdAnalyses(shared)) {
  const form = a.form.toLowerCase();
  const m = tagCounts.get(form) ?? new Map<string, number>();
  m.set(a.xpos, (m.get(a.xpos) ?? 0) + 1);
  tagCounts.set(form, m);
}
const tagOf = (w: string): string | null => {
  const m = tagCounts.get(w);
  if (!m) return null;
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
};

// ---------------------------------------------------------------- PPMI vectors
const words = [...uni]
  .filter(([w, c]) => c >= MIN_COUNT && w.length >= 3 && /^[a-z]+$/.test(w))
  .map(([w]) => w)
  .sort();
const featureTotals = new Map<string, number>();
let pairs = 0;
for (const w of words)
  for (const [f, c] of contexts.get(w) ?? []) {
    featureTotals.set(f, (featureTotals.get(f) ?? 0) + c);
    pairs += c;
  }
let smoothedTotal = 0;
for (const c of featureTotals.values()) smoothedTotal += c ** 0.75;
const vectors = new Map<string, Map<string, number>>();
for (const w of words) {
  const ctx = contexts.get(w) ?? new Map<string, number>();
  let wTotal = 0;
  for (const c of ctx.values()) wTotal += c;
  const v = new Map<string, number>();
  let norm = 0;
  for (const [f, c] of [...ctx].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const pmi = Math.log(c / pairs / ((wTotal / pairs) * (featureTotals.get(f)! ** 0.75 / smoothedTotal)));
    if (pmi <= 0) continue;
    v.set(f, pmi);
    norm += pmi * pmi;
  }
  norm = Math.sqrt(norm);
  if (norm === 0) continue;
  for (const [f, x] of v) v.set(f, x / norm);
  vectors.set(w, v);
}

// ---------------------------------------------------------------- nearest originals
const originals = [...base.synonyms.keys()].filter((o) => !o.includes(" ") && vectors.has(o)).sort();
const originalIndex = new Map(originals.map((o, k) => [o, k]));
const inverted = new Map<string, Array<[number, number]>>();
for (const o of originals)
  for (const [f, x] of vectors.get(o)!) {
    const list = inverted.get(f) ?? [];
    list.push([originalIndex.get(o)!, x]);
    inverted.set(f, list);
  }
const known = new Set<string>();
for (const [o, forms] of base.synonyms) for (const s of forms) known.add(`${s}\u0000${o}`);
for (const list of base.broadSpunByFirstWord.values())
  for (const f of list) for (const orig of f.originals) known.add(`${f.words.join(" ")}\u0000${orig}`);
const sameWord = (a: string, b: string) => {
  const n = Math.min(a.length, b.length, 5);
  return a.slice(0, n) === b.slice(0, n) && Math.abs(a.length - b.length) <= 3;
};
const neighbours = new Map<string, Array<[string, number]>>();
const acc = new Float64Array(originals.length);
for (const w of words) {
  const v = vectors.get(w);
  if (!v) continue;
  acc.fill(0);
  for (const [f, x] of v) for (const [k, y] of inverted.get(f) ?? []) acc[k] += x * y;
  const tag = tagOf(w);
  const found: Array<[string, number]> = [];
  for (let k = 0; k < acc.length; k++) {
    if (acc[k]! < MIN_COSINE) continue;
    const o = originals[k]!;
    if (o === w || sameWord(o, w) || known.has(`${w}\u0000${o}`)) continue;
    const ot = tagOf(o);
    if (tag && ot && tag !== ot) continue;
    found.push([o, Math.round(acc[k]! * 1000) / 1000]);
  }
  found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (found.length) neighbours.set(w, found.slice(0, TOP_K));
}
console.log(
  `words with vectors ${vectors.size}, originals ${originals.length}, written forms with neighbours ${neighbours.size}, pairs ${[...neighbours.values()].reduce((s, l) => s + l.length, 0)}`,
);

// How often the true original of a dev spin by the partly-WordNet spinner
// (scripts/spin-thesauri.ts) is among the written word's neighbours, for spans the synonym table misses.
{
  const { mixedThesaurus } = await import("./spin-thesauri.js");
  const { makeSpinner } = await import("../src/kb/provenance/synthetic.js");
  const sp = makeSpinner(4242, { synonyms: mixedThesaurus(base.synonyms) });
  const r = {
    spans: 0,
    missed: 0,
    broad: 0,
    inNeighbours: 0,
    rank: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  };
  for (const d of dev) {
    if (tokenize(d.text).length < 150) continue;
    for (const s of sp.spinTraced(d.text, 0.3).substitutions) {
      r.spans++;
      const spun = s.spun.toLowerCase();
      const orig = s.original.toLowerCase();
      const inTable = (t: Map<string, Array<{ words: string[]; originals: string[] }>>) =>
        (t.get(spun.split(" ")[0]!) ?? []).some((f) => f.words.join(" ") === spun && f.originals.includes(orig));
      if (inTable(base.spunByFirstWord)) continue;
      r.missed++;
      if (inTable(base.broadSpunByFirstWord)) r.broad++;
      const k = (neighbours.get(spun) ?? []).findIndex(([o]) => o === orig);
      if (k >= 0) {
        r.inNeighbours++;
        r.rank[k]!++;
      }
    }
  }
  console.log(JSON.stringify(r));
}
