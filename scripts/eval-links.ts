/**
 * Copy-linking quality on a synthetic corpus of 1,000 documents with known families, built from
 * real clean texts (src/kb/provenance/synthetic.ts makeFamilyCorpus): mirrors, reposts with a new
 * headline and dateline, paragraph edits, aggregator rewrites (~30 % of 5-word shingles kept),
 * spun copies, partial copies; distractors: unrelated same-topic pieces and independent texts that
 * quote the same third source.
 *
 *   npx tsx scripts/eval-links.ts [size] [seed] [dump.json] [--aggregator=N]
 *
 * With --aggregator, the corpus comes from makeAggregatorCorpus (synthetic-aggregator.ts) instead:
 * agency stories quoting a third source, their aggregator reposts (new headline and dateline, cuts,
 * reordered and reworded sentences, about 30 % of 5-word shingles shared) and hard negatives
 * (other outlets' own reports with the same names, numbers and quotations). --split=dev|test
 * takes the base texts from one split of the clean corpus only (tune on dev, report test once).
 *
 * With a third argument, the links, families and republication_of are also written to that file
 * (to check that a refactoring leaves linking unchanged: diff two dumps).
 *
 * Reports pairwise family precision/recall, recall per kind of copy, false joins per kind of
 * distractor, and precision/recall of `republication_of` (direction).
 */
import { writeFileSync } from "node:fs";
import { syntheticBases } from "../src/kb/provenance/clean-corpus.js";
import { linkCopies, type CandidateTrace, type LinkDoc } from "../src/kb/provenance/links.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { makeFamilyCorpus, type FamilyDoc } from "../src/kb/provenance/synthetic.js";
import { makeAggregatorCorpus, shingleShare } from "../src/kb/provenance/synthetic-aggregator.js";

const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const aggregator = flags.includes("--aggregator");
const split = flags.find((f) => f.startsWith("--split="))?.split("=")[1];
const size = Number(args[0] ?? 1000);
const seed = Number(args[1] ?? 1);
const dumpPath = args[2];
const bases = syntheticBases(seed, split);
const corpus = aggregator ? makeAggregatorCorpus(bases, size, seed) : makeFamilyCorpus(bases, size, seed);
if (aggregator) {
  const shares: Record<string, number[]> = {};
  const byIdEarly = new Map(corpus.map((d) => [d.id, d]));
  for (const d of corpus) {
    if (d.kind === "aggregator") (shares.aggregator ??= []).push(shingleShare(d.text, byIdEarly.get(d.source!)!.text));
    if (d.kind === "same-source") {
      const o = byIdEarly.get(d.id.replace(/_s$/, "_o"))!;
      (shares["same-source"] ??= []).push(Math.max(shingleShare(d.text, o.text), shingleShare(o.text, d.text)));
    }
  }
  for (const [k, v] of Object.entries(shares)) {
    const sorted = [...v].sort((x, y) => x - y);
    const at = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!.toFixed(2);
    console.log(
      `${k}: 5-word shingles shared with the original (all words) p10/p25/p50/p75/p90 ${at(0.1)}/${at(0.25)}/${at(0.5)}/${at(0.75)}/${at(0.9)}`,
    );
  }
}
const byId = new Map(corpus.map((d) => [d.id, d]));
const docs: LinkDoc[] = corpus.map((d) => {
  const s = detectSpin(d.text, "en");
  return {
    id: d.id,
    text: d.text,
    published: d.published,
    outlet: d.outlet,
    url: null,
    credits: d.credits.map((name) => ({ kind: "source" as const, name, line: `Source: ${name}` })),
    // NO_SPIN=1: every document read as not spun (linking without the restored reading).
    spun: process.env.NO_SPIN ? { score: 0, is_spun: false } : { score: s.score, is_spun: s.is_spun },
    lang: "en",
  };
});
const flaggedByKind: Record<string, number> = {};
docs.forEach((d, i) => {
  if (d.spun.is_spun) flaggedByKind[corpus[i]!.kind] = (flaggedByKind[corpus[i]!.kind] ?? 0) + 1;
});
const kinds: Record<string, number> = {};
for (const d of corpus) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
console.log(`${corpus.length} documents from ${bases.length} clean base texts: ${JSON.stringify(kinds)}`);
console.log(`flagged is_spun by kind: ${JSON.stringify(flaggedByKind)}`);
console.log(
  `spun copies flagged is_spun: ${docs.filter((d, i) => corpus[i]!.kind === "spun" && d.spun.is_spun).length}/${kinds.spun ?? 0}; other documents flagged: ${docs.filter((d, i) => corpus[i]!.kind !== "spun" && d.spun.is_spun).length}`,
);

const traces: CandidateTrace[] = [];
const t0 = performance.now();
const result = linkCopies(docs, { trace: (t) => traces.push(t) });
const ms = performance.now() - t0;
if (process.env.TRACE_DUMP)
  writeFileSync(
    process.env.TRACE_DUMP,
    JSON.stringify(
      traces.map((t) => ({
        ...t,
        ka: byId.get(t.a)!.kind,
        kb: byId.get(t.b)!.kind,
        fam: byId.get(t.a)!.family === byId.get(t.b)!.family,
      })),
    ),
  );
if (dumpPath) {
  const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  writeFileSync(
    dumpPath,
    JSON.stringify(
      { links: result.links, family: sorted(result.family), republicationOf: sorted(result.republicationOf) },
      null,
      1,
    ),
  );
}

// Pairwise family precision/recall.
const truthFamily = (d: FamilyDoc) => d.family;
let tp = 0;
let fp = 0;
let fn = 0;
for (let i = 0; i < corpus.length; i++) {
  for (let j = i + 1; j < corpus.length; j++) {
    const a = corpus[i]!;
    const b = corpus[j]!;
    const same = truthFamily(a) === truthFamily(b);
    const pred = result.family.get(a.id) === result.family.get(b.id);
    if (same && pred) tp++;
    else if (pred) fp++;
    else if (same) fn++;
  }
}
console.log(
  `\nfamily pairs: precision ${(tp / (tp + fp)).toFixed(3)} (${tp}/${tp + fp}), recall ${(tp / (tp + fn)).toFixed(3)} (${tp}/${tp + fn})`,
);

// Recall per kind: is the copy in its source's predicted family?
const perKind: Record<string, [number, number]> = {};
const containmentByKind: Record<string, number[]> = {};
for (const t of traces) {
  const a = byId.get(t.a)!;
  const b = byId.get(t.b)!;
  const copy = a.source === b.id ? a : b.source === a.id ? b : null;
  if (copy) (containmentByKind[copy.kind] ??= []).push(t.wordContainment);
}
for (const d of corpus) {
  if (!d.source) continue;
  const e = (perKind[d.kind] ??= [0, 0]);
  e[1]++;
  if (result.family.get(d.id) === result.family.get(d.source)) e[0]++;
}
console.log("recall by kind of copy (joined to its source's family):");
for (const [k, [ok, n]] of Object.entries(perKind).sort()) {
  const c = containmentByKind[k] ?? [];
  const median = c.length ? [...c].sort((x, y) => x - y)[Math.floor(c.length / 2)]! : NaN;
  console.log(
    `  ${k}: ${ok}/${n} (${((ok / n) * 100).toFixed(1)} %), median 5-gram containment with source among verified pairs ${median.toFixed(2)}`,
  );
}
// What the verifier measured, by kind of pair (tuning aid: copies vs distractors).
const statsByPair: Record<string, CandidateTrace[]> = {};
for (const t of traces) {
  const a = byId.get(t.a)!;
  const b = byId.get(t.b)!;
  let key = "unrelated";
  if (a.source === b.id) key = `copy:${a.kind}`;
  else if (b.source === a.id) key = `copy:${b.kind}`;
  else if (a.family === b.family) key = "copy:siblings";
  else if (a.id.slice(0, 5) === b.id.slice(0, 5)) key = `distractor:${a.kind === "original" ? b.kind : a.kind}`;
  (statsByPair[key] ??= []).push(t);
}
const q = (xs: number[], f: number) =>
  xs.length ? [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * f))]! : NaN;
for (const [k, ts] of Object.entries(statsByPair).sort()) {
  const fmt3 = (sel: (t: CandidateTrace) => number) =>
    `${q(ts.map(sel), 0.1).toFixed(2)}/${q(ts.map(sel), 0.5).toFixed(2)}/${q(ts.map(sel), 0.9).toFixed(2)}`;
  const linked = ts.filter((t) => t.relation).length;
  console.log(
    `  pairs ${k}: ${ts.length} verified, ${linked} linked; p10/p50/p90 word ${fmt3((t) => t.wordContainment)} skel ${fmt3((t) => t.skeletonContainment)} cover ${fmt3((t) => t.coverage)} ident ${fmt3((t) => t.identity)} sent ${fmt3((t) => t.sentenceCover)}`,
  );
}
for (const l of result.links) {
  const a = byId.get(l.doc)!;
  const b = byId.get(l.source)!;
  if (a.family !== b.family)
    console.log(`  FALSE LINK ${a.id} (${a.kind}) ~ ${b.id} (${b.kind}) ${l.relation}: ${l.reason}`);
}
// False joins of distractors: same-topic piece / shared-quote text joined to the original.
for (const kind of ["same-topic", "shared-quote", "same-source"] as const) {
  const ds = corpus.filter((d) => d.kind === kind);
  let joined = 0;
  for (const d of ds) {
    const famRoot = d.id.replace(/_[tqs]$/, "_o");
    if (result.family.get(d.id) === result.family.get(famRoot)) {
      joined++;
      if (joined <= 2)
        console.log(
          `  joined ${d.id}: ${result.links
            .filter((l) => l.doc === d.id || l.source === d.id)
            .map((l) => `${l.doc}~${l.source} ${l.relation}: ${l.reason}`)
            .join(" | ")}`,
        );
    }
  }
  console.log(`distractor ${kind}: ${joined}/${ds.length} wrongly joined to the original's family`);
}

// Direction: republication_of.
let dirCorrect = 0;
let dirWrong = 0;
let dirExpected = 0;
for (const d of corpus) {
  const pred = result.republicationOf.get(d.id);
  if (d.source) {
    const src = byId.get(d.source)!;
    if (d.published !== src.published || d.credits.length) dirExpected++;
  }
  if (!pred) continue;
  if (d.source === pred) dirCorrect++;
  else {
    dirWrong++;
    if (dirWrong <= 5)
      console.log(
        `  wrong direction: ${d.id} (${d.kind}, ${d.published}) → ${pred} (${byId.get(pred)?.kind}, ${byId.get(pred)?.published})`,
      );
  }
}
console.log(
  `republication_of: ${dirCorrect + dirWrong} set, precision ${(dirCorrect / Math.max(1, dirCorrect + dirWrong)).toFixed(3)}, ` +
    `recall ${(dirCorrect / Math.max(1, dirExpected)).toFixed(3)} (${dirCorrect}/${dirExpected} copies ordered by date or credit)`,
);
console.log(
  `links: ${result.links.length}; verified candidate pairs: ${traces.length}; linking took ${(ms / 1000).toFixed(1)} s`,
);
