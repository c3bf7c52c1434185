/**
 * Same-process A/B of the whole language layer (`analyzeText`) on the Zyte gold bodies: two builds analyse
 * each document in turn (which goes first alternates by document), so both see the same machine load at the
 * same moment — on a loaded shared machine separate runs of `bench-nlp.js` differ by ±10% between runs of one
 * build. Pass 1 reads documents neither side has seen (both first warm up on the seeds three times), pass 2
 * reads them again. wink-nlp alone is timed in the same process for the ratio the issue asks for.
 *
 * Each build must resolve its own copy of wink-nlp and wink-eng-lite-web-model: wink's model object learns
 * the words it reads, so a shared copy would let one side's reading speed up the other's (checked below).
 * Peak memory is not separable here (both builds share the process): take it from `bench-nlp.js`.
 *
 * Usage: node scripts/bench-nlp-ab.mjs ROOT_A ROOT_B [passes=2]
 */
import { readFileSync, readdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [rootA, rootB] = [process.argv[2], process.argv[3]];
if (!rootA || !rootB) {
  console.error("usage: node scripts/bench-nlp-ab.mjs ROOT_A ROOT_B [passes]");
  process.exit(2);
}
const passes = Number(process.argv[4] || 2);
const gtPath = process.env.ZYTE_GT || "/work/shared/bench/extraction-zyte/ground-truth.json";
const seedDir = process.env.SEEDS || "/work/shared/corpus/seeds";
const winkOf = (root) => realpathSync(createRequire(join(root, "package.json")).resolve("wink-nlp"));
if (winkOf(rootA) === winkOf(rootB)) {
  console.error(`both builds resolve wink-nlp to ${winkOf(rootA)}: give one of them its own copy (see header)`);
  process.exit(2);
}
const { franc } = await import(join(rootA, "node_modules/franc-min/index.js"));
const ISO3 = { eng: "en", rus: "ru", por: "pt", kor: "ko", ita: "it", spa: "es", fra: "fr", deu: "de" };
const gt = JSON.parse(readFileSync(gtPath, "utf8"));
const docs = Object.keys(gt)
  .sort()
  .map((k) => gt[k].articleBody)
  .filter((t) => t.trim().length > 0)
  .map((text) => {
    const l3 = franc(text.slice(0, 2048));
    return { text, lang: ISO3[l3] ?? l3 };
  });
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => readFileSync(join(seedDir, f), "utf8"));
const sides = [];
for (const root of [rootA, rootB]) {
  const { analyzeText } = await import(join(root, "dist/src/nlp/index.js"));
  const { wink } = await import(join(root, "dist/src/nlp/tokenize.js"));
  sides.push({ root, analyzeText, wink, ms: [], tokens: [] });
}
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
for (let r = 0; r < 3; r++)
  for (const s of seeds) for (const side of sides) side.analyzeText(s, { lang: "en", published: "2024-06-21" });
// wink alone, as bench-nlp.js measures it (side A's copy, warm)
const winkAlone = () => {
  const nlp = sides[0].wink();
  const its = nlp.its;
  let tokens = 0;
  const c0 = cpuMs();
  for (const d of docs) {
    const doc = nlp.readDoc(d.text);
    const values = doc.tokens().out(its.value);
    doc.tokens().out(its.pos);
    doc.tokens().out(its.lemma);
    doc.tokens().out(its.precedingSpaces);
    doc.sentences().out(its.span);
    for (const v of values) if (v.trim() !== "") tokens++;
  }
  return { tokens, ms: cpuMs() - c0 };
};
const entities = [0, 0];
for (let p = 0; p < passes; p++) {
  const ms = [0, 0];
  const tokens = [0, 0];
  docs.forEach((d, i) => {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const c0 = cpuMs();
      const a = sides[k].analyzeText(d.text, { lang: d.lang, published: null });
      ms[k] += cpuMs() - c0;
      tokens[k] += a.tokens.length;
      if (p === 0) entities[k] += a.entities.length;
    }
  });
  winkAlone();
  const w = winkAlone();
  const perTokWink = w.ms / w.tokens;
  for (const k of [0, 1]) {
    const rate = Math.round(tokens[k] / (ms[k] / 1000));
    const over = (ms[k] / tokens[k] / perTokWink).toFixed(2);
    console.log(
      `pass ${p + 1} ${sides[k].root}: ${tokens[k]} tokens, ${ms[k].toFixed(0)} ms CPU = ${rate} tok/CPU-s (${over}× wink alone's CPU per token)`,
    );
  }
  console.log(
    `pass ${p + 1}: CPU A / CPU B = ${(ms[0] / ms[1]).toFixed(3)}; wink alone ${Math.round(w.tokens / (w.ms / 1000))} tok/CPU-s`,
  );
}
console.log(`entities (pass 1): A ${entities[0]}, B ${entities[1]}`);
