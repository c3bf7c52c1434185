/**
 * Throughput of knowledge extraction (src/extract) and the cross-document merge (src/kb/merge.ts)
 * on the seed articles and the Zyte benchmark's gold article bodies, one core.
 *
 * The language layer runs first and is timed separately: the figures reported for extraction and
 * merge exclude it.
 *
 *   npx tsx scripts/bench-extract.ts [--repeat N] [--kit]
 *
 * `--kit` uses the extraction test kit's hand-built analysis instead of the real language layer.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { analyzeText } from "../src/nlp/index.js";
import { extractFacts } from "../src/extract/index.js";
import { analysisFor, CASE_ENTITIES } from "../src/extract/testkit.js";
import { mergeFacts, type MergeDoc } from "../src/kb/merge.js";
import type { NlpAnalysis } from "../src/model/pipeline.js";

interface Input {
  id: string;
  text: string;
}

function arg(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

const shared = join(packageRoot(), "..", "shared");
const repeat = Number(arg("--repeat") ?? "3");
const useKit = process.argv.includes("--kit");

function loadSeeds(): Input[] {
  const dir = join(shared, "corpus", "seeds");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({ id: `seed-${f.slice(0, 3)}`, text: readFileSync(join(dir, f), "utf8") }));
}

function loadZyte(): Input[] {
  const file = join(shared, "bench", "extraction-zyte", "ground-truth.json");
  if (!existsSync(file)) return [];
  const gold = JSON.parse(readFileSync(file, "utf8")) as Record<string, { articleBody: string }>;
  return Object.entries(gold)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, v]) => ({ id: `zyte-${id.slice(0, 12)}`, text: v.articleBody }));
}

function bench(label: string, inputs: Input[]): void {
  if (inputs.length === 0) {
    console.log(`${label}: no input found`);
    return;
  }
  const t0 = performance.now();
  const analyses: NlpAnalysis[] = inputs.map((d) =>
    useKit ? analysisFor(d.text, CASE_ENTITIES, null) : analyzeText(d.text, { lang: "en", published: null }),
  );
  const nlpMs = performance.now() - t0;
  const tokens = analyses.reduce((n, a) => n + a.tokens.length, 0);
  const chars = inputs.reduce((n, d) => n + d.text.length, 0);
  let extractMs = Infinity;
  let mergeMs = Infinity;
  let counts = { events: 0, quotes: 0, claims: 0, provisions: 0, relations: 0 };
  for (let r = 0; r < repeat; r++) {
    const t1 = performance.now();
    const docs: MergeDoc[] = inputs.map((d, i) => ({
      id: d.id,
      text: d.text,
      outlet: null,
      published: null,
      family: d.id,
      spun: false,
      facts: extractFacts({ doc: d.id, text: d.text, published: null, nlp: analyses[i]! }),
    }));
    const t2 = performance.now();
    const keyToId = new Map<string, string>();
    analyses.forEach((a, i) => {
      for (const e of a.entities)
        keyToId.set(`${inputs[i]!.id}#${e.key}`, `e_${e.gazetteer_id ?? e.name.toLowerCase()}`);
    });
    const kb = mergeFacts({ docs, entityIdOf: (doc, key) => keyToId.get(`${doc}#${key}`) ?? null });
    const t3 = performance.now();
    extractMs = Math.min(extractMs, t2 - t1);
    mergeMs = Math.min(mergeMs, t3 - t2);
    counts = {
      events: kb.events.length,
      quotes: kb.quotes.length,
      claims: kb.claims.length,
      provisions: kb.provisions.length,
      relations: kb.relations.length,
    };
  }
  const totalMs = extractMs + mergeMs;
  const perSec = (n: number, ms: number): string => ((n / ms) * 1000).toFixed(0);
  console.log(
    `${label}: ${inputs.length} docs, ${tokens} tokens, ${chars} chars | language layer ${nlpMs.toFixed(0)} ms (${useKit ? "test kit" : "analyzeText"}) | ` +
      `extract ${extractMs.toFixed(1)} ms + merge ${mergeMs.toFixed(1)} ms (best of ${repeat}) = ${perSec(inputs.length, totalMs)} docs/s, ${perSec(tokens, totalMs)} tokens/s | ` +
      `records: ${JSON.stringify(counts)}`,
  );
}

bench("seeds", loadSeeds());
bench("zyte gold bodies", loadZyte());
