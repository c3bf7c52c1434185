/**
 * Provenance benchmarks.
 *
 *   npx tsx scripts/bench-links.ts spin            spin scores of the seeds; false positives on the
 *                                                  181 clean Zyte gold bodies (shipped table and a
 *                                                  2-fold held-out collocation table)
 *   npx tsx scripts/bench-links.ts quality         linking precision/recall on synthetic corpora
 *   npx tsx scripts/bench-links.ts scale [N...]    linking time for N synthetic documents
 *                                                  (default 10000 100000) and the growth ratio
 *
 * Seed and benchmark texts are read from ../shared at run time; nothing of them is written out.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { countCollocations } from "../src/kb/provenance/collocations.js";
import { collocationsFrom, compileLexicon, defaultLexicon, parseLexicon } from "../src/kb/provenance/lexicon.js";
import { dataPath } from "../src/util/paths.js";
import { linkCopies, type LinkDoc } from "../src/kb/provenance/links.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { makeSpinner, randomName, randomNewsText, randomSwap } from "../src/kb/provenance/synthetic.js";
import { seededRandom } from "../src/util/random.js";
import { readSeeds } from "../src/kb/provenance/testing.js";
import { packageRoot } from "../src/util/paths.js";

const mode = process.argv[2] ?? "all";

function benchSpin(): void {
  console.log("## Spin detection\n");
  const seeds = readSeeds();
  for (const [n, text] of seeds) {
    const r = detectSpin(text, "en");
    const signals: Record<string, number> = {};
    for (const h of r.hits) signals[h.signal] = (signals[h.signal] ?? 0) + 1;
    console.log(`seed ${n}: score ${r.score}  is_spun ${r.is_spun}  hits ${r.hits.length} ${JSON.stringify(signals)}`);
  }
  // Cross-seed generalisation: score each spun seed with a lexicon that lacks every phrase found in
  // that seed but not in the other spun seed (as if the lexicon had been collected from the other).
  const raw = parseLexicon(JSON.parse(readFileSync(dataPath("provenance", "spin-lexicon.json"), "utf8")));
  const s000 = seeds.get("000");
  const s001 = seeds.get("001");
  if (s000 && s001) {
    const has = (text: string, phrase: string) => detectSpin(text, "en", { lexicon: compileLexicon({ ...raw, phrases: raw.phrases.filter((p) => p.spun === phrase), names: [], nameWords: {}, contextual: [] }) }).hits.some((h) => h.signal === "lexicon");
    for (const [n, text, other] of [["000", s000, s001], ["001", s001, s000]] as const) {
      const kept = raw.phrases.filter((p) => !has(text, p.spun) || has(other, p.spun));
      const r = detectSpin(text, "en", { lexicon: compileLexicon({ ...raw, phrases: kept }) });
      console.log(`seed ${n} with a lexicon lacking the ${raw.phrases.length - kept.length} phrases only it contains: score ${r.score}  is_spun ${r.is_spun}  hits ${r.hits.length}`);
    }
  }
  const gtPath = join(packageRoot(), "..", "shared", "bench", "extraction-zyte", "ground-truth.json");
  if (!existsSync(gtPath)) {
    console.log("Zyte ground truth not found; skipping the false-positive measurement");
    return;
  }
  const gold = Object.entries(JSON.parse(readFileSync(gtPath, "utf8")) as Record<string, { articleBody: string }>).sort(([a], [b]) => (a < b ? -1 : 1));
  const lex = defaultLexicon();
  const focus = new Set<string>();
  for (const [s, o] of lex.contextual) focus.add(s).add(o);
  // Held-out: each half is scored with a collocation table built from the other half only.
  const halves = [gold.filter((_, i) => i % 2 === 0), gold.filter((_, i) => i % 2 === 1)];
  const tables = halves.map((h) => collocationsFrom(countCollocations(h.map(([, g]) => g.articleBody), focus)));
  for (const [label, pick] of [
    ["shipped table (built from all 181 bodies)", () => undefined],
    ["2-fold held-out table", (i: number) => tables[1 - (i % 2)]],
  ] as const) {
    let flagged = 0;
    let hits = 0;
    let tokens = 0;
    let maxScore = 0;
    const bySignal: Record<string, number> = {};
    const examples: string[] = [];
    gold.forEach(([id, g], i) => {
      const r = detectSpin(g.articleBody, "en", { collocations: pick(i) });
      tokens += (g.articleBody.match(/[\p{L}\p{N}]+/gu) ?? []).length;
      hits += r.hits.length;
      maxScore = Math.max(maxScore, r.score);
      for (const h of r.hits) {
        bySignal[h.signal] = (bySignal[h.signal] ?? 0) + 1;
        if (examples.length < 25) examples.push(`${h.signal}:${h.spun}`);
      }
      if (r.is_spun) {
        flagged++;
        console.log(`  FLAGGED ${id.slice(0, 12)} score ${r.score}`);
      }
    });
    console.log(
      `Zyte gold, ${label}: ${flagged}/${gold.length} flagged (false-positive rate ${((flagged / gold.length) * 100).toFixed(1)} %); ` +
        `${hits} hits in ${tokens} tokens (${((hits / tokens) * 1000).toFixed(2)} per 1,000), max score ${maxScore}; by signal ${JSON.stringify(bySignal)}`,
    );
    console.log(`  hit examples: ${examples.join(" | ")}`);
  }
}

interface Truth {
  /** copy id → source id */
  pairs: Map<string, string>;
}

function toDoc(id: string, text: string, published: string | null, spunFlag?: boolean): LinkDoc {
  const s = detectSpin(text, "en");
  return { id, text, published, outlet: `outlet-${id}`, url: null, credits: [], spun: { score: s.score, is_spun: spunFlag ?? s.is_spun }, lang: "en" };
}

/**
 * A synthetic corpus of `n` documents: `copyShare` of them exact copies, `spunShare` lexicon-spun
 * copies, `unknownShare` copies with 25 % random word swaps (flagged as spun), the rest originals.
 * `allCopies`: every document is a copy of one other (n/2 originals, n/2 copies).
 */
function corpus(n: number, seed: number, shares: { copy: number; spun: number; unknown: number }, allCopies = false): { docs: LinkDoc[]; truth: Truth } {
  const rng = seededRandom(seed);
  const spinner = makeSpinner(seed + 1);
  const docs: LinkDoc[] = [];
  const truth: Truth = { pairs: new Map() };
  const originals = allCopies ? Math.floor(n / 2) : Math.round(n * (1 - shares.copy - shares.spun - shares.unknown));
  for (let i = 0; i < originals; i++) docs.push(toDoc(`o${i}`, randomNewsText(rng, 120 + Math.floor(rng() * 120)), "2024-01-01"));
  let c = 0;
  while (docs.length < n) {
    const src = docs[Math.floor(rng() * originals)]!;
    const r = rng() * (allCopies ? 1 : shares.copy + shares.spun + shares.unknown);
    let text: string;
    let spunFlag: boolean | undefined;
    if (allCopies || r < shares.copy) text = src.text;
    else if (r < shares.copy + shares.spun) text = spinner.spin(src.text, 0.9);
    else {
      text = randomSwap(src.text, 0.25, rng);
      spunFlag = true;
    }
    const id = `c${c++}`;
    docs.push(toDoc(id, text, "2024-01-02", spunFlag));
    truth.pairs.set(id, src.id);
  }
  return { docs, truth };
}

function evaluate(docs: LinkDoc[], truth: Truth, label: string): { ms: number; cpuMs: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = linkCopies(docs);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // A found link is correct when both ends are in the same true family (copies of one original are
  // siblings: linking them is right too).
  const trueFamily = (id: string) => truth.pairs.get(id) ?? id;
  let correct = 0;
  for (const l of r.links) if (trueFamily(l.doc) === trueFamily(l.source)) correct++;
  let recalled = 0;
  for (const [copy, src] of truth.pairs) if (r.family.get(copy) === r.family.get(src)) recalled++;
  const directedRight = [...truth.pairs].filter(([copy, src]) => r.republicationOf.get(copy) === src).length;
  const precision = r.links.length ? correct / r.links.length : 1;
  const recall = truth.pairs.size ? recalled / truth.pairs.size : 1;
  console.log(
    `${label}: ${docs.length} docs, ${r.links.length} links, precision ${precision.toFixed(4)}, family recall ${recall.toFixed(4)}, ` +
      `republication_of exact ${directedRight}/${truth.pairs.size}, link time ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  );
  return { ms, cpuMs };
}

function benchQuality(): void {
  console.log("\n## Linking quality on synthetic corpora\n");
  const { docs, truth } = corpus(3000, 17, { copy: 0.05, spun: 0.05, unknown: 0.05 });
  evaluate(docs, truth, "mixed (5 % exact, 5 % lexicon-spun, 5 % unknown-spun copies)");
  // Hard negatives and unknown spinners: 500 originals, each with an independent report about the
  // same three people (same names, different words), and one copy whose words were swapped at a
  // given rate by a spinner the lexicon does not know, flagged as spun or not.
  for (const flagged of [true, false]) {
    for (const rate of [0.1, 0.2, 0.3, 0.4]) {
      const rng = seededRandom(Math.round(rate * 100) + (flagged ? 1 : 0));
      const set: LinkDoc[] = [];
      const t: Truth = { pairs: new Map() };
      for (let i = 0; i < 500; i++) {
        const names = [randomName(rng), randomName(rng), randomName(rng)];
        const original = randomNewsText(rng, 180, names);
        set.push(toDoc(`o${i}`, original, "2024-01-01"));
        set.push(toDoc(`i${i}`, randomNewsText(rng, 180, names), "2024-01-01"));
        set.push(toDoc(`c${i}`, randomSwap(original, rate, rng), "2024-01-02", flagged));
        t.pairs.set(`c${i}`, `o${i}`);
      }
      evaluate(set, t, `unknown spinner, ${Math.round(rate * 100)} % of words swapped, copy ${flagged ? "flagged" : "not flagged"} as spun, + same-names independent reports`);
    }
  }
}

function benchScale(sizes: number[]): void {
  console.log("\n## Linking time\n");
  const times: Record<string, number[]> = { mixed: [], "all-copies": [] };
  const cpu: Record<string, number[]> = { mixed: [], "all-copies": [] };
  for (const n of sizes) {
    const mixed = corpus(n, 100 + n, { copy: 0.05, spun: 0.05, unknown: 0.05 });
    const m = evaluate(mixed.docs, mixed.truth, `mixed n=${n}`);
    times.mixed!.push(m.ms);
    cpu.mixed!.push(m.cpuMs);
    const all = corpus(n, 200 + n, { copy: 0, spun: 0, unknown: 0 }, true);
    const c = evaluate(all.docs, all.truth, `every doc a copy of one other n=${n}`);
    times["all-copies"]!.push(c.ms);
    cpu["all-copies"]!.push(c.cpuMs);
  }
  if (sizes.length >= 2) {
    for (const [k, t] of Object.entries(times)) {
      const ratio = t[t.length - 1]! / t[0]!;
      const c = cpu[k]!;
      const cpuRatio = c[c.length - 1]! / c[0]!;
      console.log(`growth ${k}: ×${ratio.toFixed(1)} wall time, ×${cpuRatio.toFixed(1)} CPU time for ×${sizes[sizes.length - 1]! / sizes[0]!} documents`);
    }
  }
}

if (mode === "spin" || mode === "all") benchSpin();
if (mode === "quality" || mode === "all") benchQuality();
if (mode === "scale" || mode === "all") {
  const sizes = process.argv.slice(3).map(Number).filter((x) => x > 0);
  benchScale(sizes.length ? sizes : [10_000, 100_000]);
}
