/**
 * Memory of the language layer over a long run: `analyzeText` reads the Zyte gold bodies PASSES times in one
 * process and prints, per pass, the peak RSS (sampled after every document), the CPU time and the V8 heap in
 * use. V8 lets the old generation grow to a multiple of the heap that survived the last full collection before
 * collecting it again, so the peak RSS of a long ingest is higher than that of the two passes bench-nlp.js makes
 * (docs/decisions/168-layer-memory-and-speed.md). Pass V8 flags to node to compare heap settings, e.g.
 * `node --max-old-space-size=400 scripts/mem-nlp-passes.mjs 8`.
 *
 * Usage: node scripts/mem-nlp-passes.mjs [passes=8]   (env WT = package root, default this checkout)
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = process.env.WT || join(dirname(fileURLToPath(import.meta.url)), "..");
const gtPath = process.env.ZYTE_GT || join(root, "..", "shared", "bench", "extraction-zyte", "ground-truth.json");
const { franc } = await import(join(root, "node_modules/franc-min/index.js"));
const { analyzeText } = await import(join(root, "dist/src/nlp/index.js"));
const gt = JSON.parse(readFileSync(gtPath, "utf8"));
const docs = Object.keys(gt)
  .sort()
  .map((k) => gt[k].articleBody)
  .filter((t) => t.trim().length > 0)
  .map((text) => {
    const l3 = franc(text.slice(0, 2048));
    return { text, lang: l3 === "eng" ? "en" : l3 };
  });
const MB = (b) => (b / 1048576).toFixed(0);
analyzeText("Sergey Lavrov met Kim Jong Un in Pyongyang on Wednesday.", { lang: "en", published: "2023-10-20" });
console.log(`models loaded: RSS ${MB(process.memoryUsage.rss())} MB`);
const passes = Number(process.argv[2] || 8);
let overall = 0;
for (let p = 0; p < passes; p++) {
  let peak = 0;
  let tokens = 0;
  const c0 = process.cpuUsage();
  for (const d of docs) {
    tokens += analyzeText(d.text, { lang: d.lang, published: null }).tokens.length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  overall = Math.max(overall, peak);
  const u = process.memoryUsage();
  console.log(
    `pass ${p + 1}: peak RSS ${MB(peak)} MB, ${Math.round(tokens / (ms / 1000))} tok/CPU-s (${ms.toFixed(0)} ms CPU); heap used ${MB(u.heapUsed)} of ${MB(u.heapTotal)} MB, array buffers ${MB(u.arrayBuffers)} MB`,
  );
}
console.log(`peak RSS over ${passes} passes: ${MB(overall)} MB`);
