/**
 * CPU time of each phase of the language layer (tokenize, NER, times, parse, proper-names pass) on the Zyte gold bodies, with
 * wink-nlp alone measured in the same run; the layer's tokens per CPU-second per run. For profiling
 * (`node --cpu-prof scripts/profile-nlp-phases.mjs 3`); `npm run bench:nlp` is the benchmark of record.
 *
 * Usage: node scripts/profile-nlp-phases.mjs [runs=3]   (env WT = package root, default this checkout)
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = process.env.WT || join(dirname(fileURLToPath(import.meta.url)), "..");
const gtPath = process.env.ZYTE_GT || join(root, "..", "shared", "bench", "extraction-zyte", "ground-truth.json");
const { franc } = await import(join(root, "node_modules/franc-min/index.js"));
const { analyzeText } = await import(join(root, "/dist/src/nlp/index.js"));
const { tokenize, wink } = await import(join(root, "/dist/src/nlp/tokenize.js"));
const { recognizeEntities } = await import(join(root, "/dist/src/nlp/ner.js"));
const { resolveTimes } = await import(join(root, "/dist/src/nlp/time.js"));
const { parseDocumentTokens } = await import(join(root, "/dist/src/nlp/parse/document.js"));
const { recoverProperNames } = await import(join(root, "/dist/src/nlp/proper-names.js"));
const gt = JSON.parse(readFileSync(gtPath, "utf8"));
const docs = Object.keys(gt)
  .sort()
  .map((k) => gt[k].articleBody)
  .filter((t) => t.trim().length > 0)
  .map((text) => {
    const l3 = franc(text.slice(0, 2048));
    return { text, lang: l3 === "eng" ? "en" : l3 };
  });
analyzeText("Sergey Lavrov met Kim Jong Un in Pyongyang on Wednesday.", { lang: "en", published: "2023-10-20" });
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const runs = Number(process.argv[2] || 3);
let peak = 0;
for (let r = 0; r < runs; r++) {
  const t = { wink: 0, tokenize: 0, ner: 0, times: 0, parse: 0, names: 0, total: 0 };
  let tok = 0;
  const nlp = wink();
  const its = nlp.its;
  const c0 = cpu();
  for (const d of docs) {
    const doc = nlp.readDoc(d.text);
    doc.tokens().out(its.value);
    doc.tokens().out(its.pos);
    doc.tokens().out(its.lemma);
    doc.tokens().out(its.precedingSpaces);
    doc.sentences().out(its.span);
  }
  t.wink = cpu() - c0;
  const T0 = cpu();
  for (const d of docs) {
    let a = cpu();
    const { tokens: rich, sentences } = tokenize(d.text);
    const tokens = rich.map((t) => ({ start: t.start, end: t.end, text: t.text, pos: t.pos, lemma: t.lemma }));
    let b = cpu();
    t.tokenize += b - a;
    a = b;
    tok += tokens.length;
    const en = d.lang === "en";
    const ner = recognizeEntities(d.text, rich, sentences, null, en ? { outlet: null } : { gazetteerOnly: true });
    b = cpu();
    t.ner += b - a;
    a = b;
    if (en) {
      resolveTimes(d.text, null);
      b = cpu();
      t.times += b - a;
      a = b;
      const sentenceOf = rich.map((x) => x.sentence);
      parseDocumentTokens(tokens, sentenceOf);
      b = cpu();
      t.parse += b - a;
      a = b;
      recoverProperNames(d.text, tokens, sentenceOf, ner.entities, ner.mentions);
      b = cpu();
      t.names += b - a;
      a = b;
    }
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  t.total = cpu() - T0;
  const f = (x) => x.toFixed(0);
  console.log(
    `run ${r}: ${tok} tok, total ${f(t.total)} ms = ${f((tok / t.total) * 1000)} tok/CPU-s; wink alone ${f(t.wink)}; tokenize ${f(t.tokenize)} ner ${f(t.ner)} times ${f(t.times)} parse ${f(t.parse)} names ${f(t.names)}; other ${f(t.total - t.tokenize - t.ner - t.times - t.parse - t.names)}; ratio ${(t.total / t.wink).toFixed(2)}; nonparse ${f(t.total - t.parse)} peakRSS ${f(peak / 1048576)}MB`,
  );
}
