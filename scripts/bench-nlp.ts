/**
 * Throughput and memory of the language layer, with wink-nlp alone measured in the same run.
 *
 * Corpora: (a) the five seed articles replicated to about 2 MB; (b) the article bodies of the Zyte
 * extraction benchmark (../shared/bench/extraction-zyte/ground-truth.json), English and otherwise,
 * each analysed with the language franc-min detects. The dependency parser (tagging + parsing of the
 * English documents' tokens, src/nlp/parse/) is also timed alone. Model loading is timed separately and
 * excluded from throughput. Node runs JavaScript on one core; CPU time is reported beside wall time.
 *
 * Peak RSS is sampled after every document of both layer passes over a corpus. Before each corpus the heap
 * is collected (a forced full GC): until session 9 the Zyte figure (567 MB) also held the garbage the
 * seeds corpus and the parser-alone runs had left in V8's old space, not collected yet when the Zyte
 * passes began; the layer reading the Zyte bodies from a collected heap peaked near 400 MB
 * (docs/decisions/168-layer-memory-and-speed.md).
 *
 * Usage: npx tsx scripts/bench-nlp.ts [--mb 2] [--json]   (or `npm run bench:nlp` after `npx tsc`)
 *
 * Recorded figures, old code against new in one session: docs/figures.md ("Dependency parser" section).
 * Session 5 (`node dist/scripts/bench-nlp.js --mb 0.5`, Zyte bodies, steady pass): 38.9k–41.2k tokens per
 * CPU-second, main 29.5k–30.1k in the same session. To compare two builds of the parser alone on the same
 * tokens: scripts/bench-parse-ab.mjs; CPU per layer phase: scripts/profile-nlp-phases.mjs.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { franc } from "franc-min";
import { packageRoot } from "../src/util/paths.js";
import { analyzeText } from "../src/nlp/index.js";
import { wink } from "../src/nlp/tokenize.js";
import { gazetteer } from "../src/nlp/gazetteer.js";
import { shippedWeights } from "../src/nlp/perceptron.js";
import { tokenize } from "../src/nlp/tokenize.js";
import { parseDocumentTokens } from "../src/nlp/parse/document.js";
import { shippedModel } from "../src/nlp/parse/model.js";
import type { Token } from "../src/model/pipeline.js";

const args = process.argv.slice(2);
const mbIdx = args.indexOf("--mb");
const TARGET_MB = mbIdx >= 0 ? Number(args[mbIdx + 1]) : 2;
const asJson = args.includes("--json");

interface Doc {
  text: string;
  lang: string;
  published: string | null;
}

const shared = join(packageRoot(), "..", "shared");
const seedDir = join(shared, "corpus", "seeds");
const zyte = join(shared, "bench", "extraction-zyte", "ground-truth.json");

function seedsReplicated(): Doc[] {
  const seeds = readdirSync(seedDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(join(seedDir, f), "utf8"));
  const docs: Doc[] = [];
  let size = 0;
  while (size < TARGET_MB * 1024 * 1024) {
    for (const text of seeds) {
      docs.push({ text, lang: "en", published: "2024-06-21" });
      size += text.length;
    }
  }
  return docs;
}

const ISO3_TO_1: Record<string, string> = {
  eng: "en",
  rus: "ru",
  por: "pt",
  kor: "ko",
  ita: "it",
  spa: "es",
  fra: "fr",
  deu: "de",
};
function zyteBodies(): Doc[] {
  if (!existsSync(zyte)) return [];
  const gt = JSON.parse(readFileSync(zyte, "utf8")) as Record<string, { articleBody: string }>;
  return Object.keys(gt)
    .sort()
    .map((k) => gt[k]!.articleBody)
    .filter((t) => t.trim().length > 0)
    .map((text) => {
      const l3 = franc(text.slice(0, 2048));
      return { text, lang: ISO3_TO_1[l3] ?? l3, published: null };
    });
}

/**
 * A full garbage collection (V8's `gc`, exposed at run time), so that a corpus's peak memory does not count
 * what the runs before it left behind.
 */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** wink alone: read, tokens with value/pos/lemma, sentence spans (what the layer asks of it). */
function runWink(docs: Doc[]): { tokens: number; ms: number; cpuMs: number } {
  const nlp = wink();
  const its = nlp.its;
  let tokens = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const d of docs) {
    const doc = nlp.readDoc(d.text);
    const values = doc.tokens().out(its.value) as string[];
    doc.tokens().out(its.pos);
    doc.tokens().out(its.lemma as never);
    doc.tokens().out(its.precedingSpaces);
    doc.sentences().out(its.span);
    for (const v of values) if (v.trim() !== "") tokens++;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { tokens, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function runLayer(docs: Doc[]): {
  tokens: number;
  ms: number;
  cpuMs: number;
  entities: number;
  mentions: number;
  times: number;
  peakRss: number;
} {
  let tokens = 0;
  let entities = 0;
  let mentions = 0;
  let times = 0;
  let peakRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    const a = analyzeText(d.text, { lang: d.lang, published: d.published });
    tokens += a.tokens.length;
    entities += a.entities.length;
    mentions += a.mentions.length;
    times += a.times.length;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { tokens, ms, cpuMs: (cpu.user + cpu.system) / 1000, entities, mentions, times, peakRss };
}

/** The parser alone (tagger + parser over the tokens of the English documents; tokenising untimed). */
function runParser(docs: Doc[]): { tokens: number; cpuMs: number } {
  const prepared = docs
    .filter((d) => d.lang === "en")
    .map((d) => {
      const t = tokenize(d.text);
      return {
        tokens: t.tokens.map((x): Token => ({ start: x.start, end: x.end, text: x.text, pos: x.pos, lemma: x.lemma })),
        sentenceOf: t.tokens.map((x) => x.sentence),
      };
    });
  let tokens = 0;
  const cpu0 = process.cpuUsage();
  for (const p of prepared) {
    parseDocumentTokens(p.tokens, p.sentenceOf);
    tokens += p.tokens.length;
  }
  const cpu = process.cpuUsage(cpu0);
  return { tokens, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const rssStart = process.memoryUsage().rss;
const tLoad = performance.now();
wink().readDoc("Warm up.");
gazetteer();
const tagger = shippedWeights();
const parserModel = shippedModel();
analyzeText("Sergey Lavrov met Kim Jong Un in Pyongyang on Wednesday.", { lang: "en", published: "2023-10-20" });
const loadMs = performance.now() - tLoad;
const rssLoaded = process.memoryUsage().rss;

const corpora: Array<[string, Doc[]]> = [
  ["seeds x" + Math.round((TARGET_MB * 1024 * 1024) / 41237), seedsReplicated()],
  ["zyte article bodies", zyteBodies()],
];
const results: Record<string, unknown> = {
  node: process.version,
  loadMs: Math.round(loadMs),
  tagger: tagger ? `${tagger.size} features` : "absent",
  parser: `${parserModel.meta.tags.length} tags, ${parserModel.meta.labels.length} labels`,
  rssBeforeLoadMB: Number(mb(rssStart)),
  rssAfterLoadMB: Number(mb(rssLoaded)),
};
for (const [name, docs] of corpora) {
  if (docs.length === 0) continue;
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  collectGarbage();
  // run each twice and keep the second (JIT warm), wink first so the layer cannot warm its caches for it
  runWink(docs);
  const w = runWink(docs);
  // first pass: the corpus is new to the layer's caches (and V8 has not compiled its paths for
  // these texts); second pass: steady state, as in a long ingest
  const cold = runLayer(docs);
  const l = runLayer(docs);
  runParser(docs);
  const p = runParser(docs);
  const english = docs.filter((d) => d.lang === "en").length;
  results[name] = {
    docs: docs.length,
    englishDocs: english,
    chars,
    tokens: l.tokens,
    winkAlone: {
      tokPerSec: Math.round(w.tokens / (w.ms / 1000)),
      tokPerCpuSec: Math.round(w.tokens / (w.cpuMs / 1000)),
      wallMs: Math.round(w.ms),
      cpuMs: Math.round(w.cpuMs),
    },
    parserAlone: {
      tokens: p.tokens,
      tokPerCpuSec: Math.round(p.tokens / (p.cpuMs / 1000)),
      cpuMs: Math.round(p.cpuMs),
    },
    layerCostOverWink: Number((l.cpuMs / l.tokens / (w.cpuMs / w.tokens)).toFixed(2)),
    fullLayerFirstPass: {
      tokPerCpuSec: Math.round(cold.tokens / (cold.cpuMs / 1000)),
      cpuMs: Math.round(cold.cpuMs),
      peakRssMB: Number(mb(cold.peakRss)),
    },
    fullLayer: {
      tokPerSec: Math.round(l.tokens / (l.ms / 1000)),
      tokPerCpuSec: Math.round(l.tokens / (l.cpuMs / 1000)),
      wallMs: Math.round(l.ms),
      cpuMs: Math.round(l.cpuMs),
      peakRssMB: Number(mb(l.peakRss)),
      entities: l.entities,
      mentions: l.mentions,
      times: l.times,
    },
  };
}
if (asJson) console.log(JSON.stringify(results, null, 2));
else {
  console.log(
    `node ${results.node}; models loaded in ${results.loadMs} ms (tagger: ${results.tagger}); RSS ${results.rssBeforeLoadMB} MB → ${results.rssAfterLoadMB} MB after load`,
  );
  for (const [name] of corpora) {
    const r = results[name] as
      | {
          docs: number;
          englishDocs: number;
          chars: number;
          tokens: number;
          winkAlone: { tokPerSec: number; tokPerCpuSec: number; wallMs: number; cpuMs: number };
          parserAlone: { tokens: number; tokPerCpuSec: number; cpuMs: number };
          layerCostOverWink: number;
          fullLayerFirstPass: { tokPerCpuSec: number; cpuMs: number; peakRssMB: number };
          fullLayer: {
            tokPerSec: number;
            tokPerCpuSec: number;
            wallMs: number;
            cpuMs: number;
            peakRssMB: number;
            entities: number;
            mentions: number;
            times: number;
          };
        }
      | undefined;
    if (!r) continue;
    console.log(
      `${name}: ${r.docs} docs (${r.englishDocs} English), ${(r.chars / 1e6).toFixed(2)} M chars, ${r.tokens} tokens`,
    );
    console.log(
      `  wink-nlp alone : ${r.winkAlone.tokPerSec.toLocaleString("en")} tok/s wall, ${r.winkAlone.tokPerCpuSec.toLocaleString("en")} tok/CPU-s (${r.winkAlone.wallMs} ms wall, ${r.winkAlone.cpuMs} ms CPU)`,
    );
    console.log(
      `  parser alone (tag + parse, English docs): ${r.parserAlone.tokPerCpuSec.toLocaleString("en")} tok/CPU-s (${r.parserAlone.tokens} tokens, ${r.parserAlone.cpuMs} ms CPU)`,
    );
    console.log(`  full layer CPU per token = ${r.layerCostOverWink} × wink-nlp alone`);
    console.log(
      `  full layer, first pass over the corpus: ${r.fullLayerFirstPass.tokPerCpuSec.toLocaleString("en")} tok/CPU-s (${r.fullLayerFirstPass.cpuMs} ms CPU), peak RSS ${r.fullLayerFirstPass.peakRssMB} MB`,
    );
    console.log(
      `  full layer     : ${r.fullLayer.tokPerSec.toLocaleString("en")} tok/s wall, ${r.fullLayer.tokPerCpuSec.toLocaleString("en")} tok/CPU-s (${r.fullLayer.wallMs} ms wall, ${r.fullLayer.cpuMs} ms CPU), peak RSS ${r.fullLayer.peakRssMB} MB; ${r.fullLayer.entities} entities, ${r.fullLayer.mentions} mentions, ${r.fullLayer.times} times`,
    );
  }
}
