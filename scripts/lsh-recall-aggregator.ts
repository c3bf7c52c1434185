/**
 * Candidate recall and false candidates of the incremental path (src/kb/near-dup.ts MinHash/LSH
 * bands plus the sketch filter `worthAligning` of src/kb/band-index.ts) on the synthetic copy
 * corpora: how many copies share a band with their source and pass the filter (so that linkCopies
 * verifies them), how many pairs of different families do, and how many candidates one document
 * gets. Each figure twice: with the views and filter before decision 176 (word, skeleton and number
 * views; no content-pair condition) and with the shipped ones (content-pair view added).
 *
 *   npx tsx scripts/lsh-recall-aggregator.ts [seed] [dev|test] [--classic | --clean]
 *
 * Default corpus: makeAggregatorCorpus (aggregator reposts and same-source hard negatives);
 * --classic: makeFamilyCorpus (mirrors, reworded, spun and partial copies; same-topic and
 * shared-quote distractors); --clean: the clean corpus itself (every document its own family: every
 * pair that passes the filter is a false candidate, unless it is a real cross-post).
 */
import { readCleanCorpus, syntheticBases } from "../src/kb/provenance/clean-corpus.js";
import { makeAggregatorCorpus } from "../src/kb/provenance/synthetic-aggregator.js";
import { makeFamilyCorpus, type FamilyDoc } from "../src/kb/provenance/synthetic.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { nearDuplicateSketch, type NearDuplicateSketch } from "../src/kb/near-dup.js";
import { worthAligning, type StoredDocState } from "../src/kb/band-index.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const classic = process.argv.includes("--classic");
const clean = process.argv.includes("--clean");
const seed = Number(args[0] ?? 1);
const split = args[1] ?? "dev";
const bases = syntheticBases(seed, split);
const c: FamilyDoc[] = clean
  ? readCleanCorpus().map((d) => ({
      id: d.id,
      text: d.text,
      outlet: d.id,
      published: "2026-01-01",
      credits: [],
      family: d.id,
      source: null,
      kind: "original" as const,
    }))
  : classic
    ? makeFamilyCorpus(bases, 1000, seed)
    : makeAggregatorCorpus(bases, 1000, seed);
const byId = new Map(c.map((d) => [d.id, d]));
const t0 = performance.now();
const sk = new Map<string, NearDuplicateSketch>(c.map((d) => [d.id, nearDuplicateSketch(d.text)]));
const sketchMs = performance.now() - t0;
const state = new Map<string, StoredDocState>(
  c.map((d) => {
    const s = detectSpin(d.text, "en");
    const { keys: _k, ...nd } = sk.get(d.id)!;
    return [d.id, { spun: { score: s.score, is_spun: s.is_spun }, lang: "en", credits: d.credits.length > 0, nd }];
  }),
);
/** The stored state as the code before decision 176 stored it (no content-pair view). */
const before = (s: StoredDocState): StoredDocState => {
  const { p: _p, ps: _ps, ...nd } = s.nd!;
  return { ...s, nd };
};
const PAIR_VIEW_FROM = 3 * 64 * 2 ** 32;

function collisions(useKey: (k: string) => boolean): Set<string> {
  const band = new Map<string, string[]>();
  for (const d of c)
    for (const k of sk.get(d.id)!.keys) if (useKey(k)) (band.get(k) ?? band.set(k, []).get(k)!).push(d.id);
  const pairs = new Set<string>();
  for (const l of band.values())
    for (let i = 0; i < l.length; i++)
      for (let j = i + 1; j < l.length; j++) pairs.add(l[i]! < l[j]! ? `${l[i]}|${l[j]}` : `${l[j]}|${l[i]}`);
  return pairs;
}

function report(name: string, pairs: Set<string>, pass: (a: string, b: string) => boolean): void {
  const passed = [...pairs].filter((p) => {
    const [a, b] = p.split("|") as [string, string];
    return pass(a, b);
  });
  const passSet = new Set(passed);
  const copies: Record<string, [number, number, number]> = {};
  for (const d of c)
    if (d.source) {
      const key = d.id < d.source ? `${d.id}|${d.source}` : `${d.source}|${d.id}`;
      const r = (copies[d.kind] ??= [0, 0, 0]);
      r[0]++;
      if (pairs.has(key)) r[1]++;
      if (passSet.has(key)) r[2]++;
    }
  const foreign = (ps: Iterable<string>) => {
    const byKind: Record<string, number> = {};
    let n = 0;
    for (const p of ps) {
      const [a, b] = p.split("|") as [string, string];
      const da = byId.get(a)!;
      const db = byId.get(b)!;
      if (da.family === db.family) continue;
      n++;
      const k = [da.kind, db.kind].sort().join("+");
      byKind[k] = (byKind[k] ?? 0) + 1;
    }
    return { n, byKind };
  };
  const per = (ps: Iterable<string>) => {
    const count = new Map<string, number>();
    for (const p of ps) for (const x of p.split("|")) count.set(x, (count.get(x) ?? 0) + 1);
    const v = c.map((d) => count.get(d.id) ?? 0).sort((x, y) => x - y);
    return {
      mean: +(v.reduce((s, x) => s + x, 0) / v.length).toFixed(2),
      p95: v[Math.floor(v.length * 0.95)],
      max: v[v.length - 1],
    };
  };
  const f1 = foreign(pairs);
  const f2 = foreign(passed);
  console.log(
    JSON.stringify({
      views: name,
      copies_by_kind_total_band_filter: copies,
      colliding_pairs: pairs.size,
      passing_filter: passed.length,
      different_family_colliding: f1.n,
      different_family_passing: f2.n,
      different_family_passing_by_kinds: f2.byKind,
      candidates_per_document_colliding: per(pairs),
      candidates_per_document_passing: per(passed),
    }),
  );
}

console.log(
  `${clean ? "clean (all splits)" : classic ? "classic" : "aggregator"} corpus, split ${split}, seed ${seed}: ${c.length} documents; sketches ${(sketchMs / c.length).toFixed(2)} ms/doc`,
);
report(
  "before 176 (w,s,n; no content-pair filter)",
  collisions((k) => Number(k) < PAIR_VIEW_FROM),
  (a, b) => worthAligning(before(state.get(a)!), before(state.get(b)!)),
);
report(
  "shipped (w,s,n,p)",
  collisions(() => true),
  (a, b) => worthAligning(state.get(a), state.get(b)),
);
