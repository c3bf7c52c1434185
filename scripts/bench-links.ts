/**
 * Provenance benchmarks.
 *
 *   (spin detection: scripts/eval-spin.ts)
 *   npx tsx scripts/bench-links.ts quality         linking precision/recall on synthetic corpora
 *   npx tsx scripts/bench-links.ts scale [N...]    linking time for N synthetic documents
 *                                                  (default 10000 100000) and the growth ratio
 *
 * Seed and benchmark texts are read from ../shared at run time; nothing of them is written out.
 */
import { linkCopies, type LinkDoc } from "../src/kb/provenance/links.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { makeSpinner, randomName, randomNewsText, randomSwap } from "../src/kb/provenance/synthetic.js";
import { seededRandom } from "../src/util/random.js";

const mode = process.argv[2] ?? "all";

function benchSpin(): void {
  console.log(
    "spin detection is measured by scripts/eval-spin.ts (seeds leave-one-out, clean false positives, restoration)",
  );
}

interface Truth {
  /** copy id → source id */
  pairs: Map<string, string>;
}

function toDoc(id: string, text: string, published: string | null, spunFlag?: boolean): LinkDoc {
  const s = detectSpin(text, "en");
  return {
    id,
    text,
    published,
    outlet: `outlet-${id}`,
    url: null,
    credits: [],
    spun: { score: s.score, is_spun: spunFlag ?? s.is_spun },
    lang: "en",
  };
}

/**
 * A synthetic corpus of `n` documents: `copyShare` of them exact copies, `spunShare` lexicon-spun
 * copies, `unknownShare` copies with 25 % random word swaps (flagged as spun), the rest originals.
 * `allCopies`: every document is a copy of one other (n/2 originals, n/2 copies).
 */
function corpus(
  n: number,
  seed: number,
  shares: { copy: number; spun: number; unknown: number },
  allCopies = false,
): { docs: LinkDoc[]; truth: Truth } {
  const rng = seededRandom(seed);
  const spinner = makeSpinner(seed + 1);
  const docs: LinkDoc[] = [];
  const truth: Truth = { pairs: new Map() };
  const originals = allCopies ? Math.floor(n / 2) : Math.round(n * (1 - shares.copy - shares.spun - shares.unknown));
  for (let i = 0; i < originals; i++)
    docs.push(toDoc(`o${i}`, randomNewsText(rng, 120 + Math.floor(rng() * 120)), "2024-01-01"));
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
      evaluate(
        set,
        t,
        `unknown spinner, ${Math.round(rate * 100)} % of words swapped, copy ${flagged ? "flagged" : "not flagged"} as spun, + same-names independent reports`,
      );
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
      console.log(
        `growth ${k}: ×${ratio.toFixed(1)} wall time, ×${cpuRatio.toFixed(1)} CPU time for ×${sizes[sizes.length - 1]! / sizes[0]!} documents`,
      );
    }
  }
}

if (mode === "spin" || mode === "all") benchSpin();
if (mode === "quality" || mode === "all") benchQuality();
if (mode === "scale" || mode === "all") {
  const sizes = process.argv
    .slice(3)
    .map(Number)
    .filter((x) => x > 0);
  benchScale(sizes.length ? sizes : [10_000, 100_000]);
}
