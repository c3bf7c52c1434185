/**
 * Same-process A/B of the dependency parser (tagging + parsing) on the English Zyte gold bodies: two builds
 * of Dossier (package roots holding dist/, data/ and node_modules/) parse the same tokens in alternating
 * rounds, so both see the same machine load. Prints each side's CPU ms per round, the median ratio, and a
 * checksum of every tag, head and label (equal checksums: the two builds parse alike).
 *
 * Tokens are made once, by side A: wink-nlp's tokenizer learns words as it reads, so tokenising twice in
 * one process need not give the same tokens.
 *
 * Usage: node scripts/bench-parse-ab.mjs ROOT_A ROOT_B [rounds=6]
 * (e.g. a copy of an older build with `data` and `node_modules` symlinked, against this worktree)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [rootA, rootB] = [process.argv[2], process.argv[3]];
if (!rootA || !rootB) {
  console.error("usage: node scripts/bench-parse-ab.mjs ROOT_A ROOT_B [rounds]");
  process.exit(2);
}
const rounds = Number(process.argv[4] || 6);
const gtPath = process.env.ZYTE_GT || "/work/shared/bench/extraction-zyte/ground-truth.json";
const { franc } = await import(join(rootA, "node_modules/franc-min/index.js"));
const { tokenize } = await import(join(rootA, "dist/src/nlp/tokenize.js"));
const gt = JSON.parse(readFileSync(gtPath, "utf8"));
const texts = Object.keys(gt)
  .sort()
  .map((k) => gt[k].articleBody)
  .filter((t) => t.trim().length > 0 && franc(t.slice(0, 2048)) === "eng");
const once = texts.map((text) => {
  const { tokens } = tokenize(text);
  return {
    tokens: tokens.map((t) => ({ start: t.start, end: t.end, text: t.text, pos: t.pos, lemma: t.lemma })),
    sentenceOf: tokens.map((t) => t.sentence),
  };
});
const copyDocs = () => once.map((d) => ({ tokens: d.tokens.map((t) => ({ ...t })), sentenceOf: d.sentenceOf }));
const sides = [];
for (const root of [rootA, rootB]) {
  const { parseDocumentTokens } = await import(join(root, "dist/src/nlp/parse/document.js"));
  sides.push({ root, parse: parseDocumentTokens, docs: copyDocs(), ms: [] });
}
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const checksum = (docs) => {
  let h = 0;
  const add = (s) => {
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  };
  for (const d of docs)
    for (const t of d.tokens) {
      h = (Math.imul(h, 31) + t.head) | 0;
      add(t.dep);
      add(t.pos);
    }
  return h >>> 0;
};
const tokens = once.reduce((n, d) => n + d.tokens.length, 0);
for (let r = 0; r < rounds; r++)
  for (const s of r % 2 ? [...sides].reverse() : sides) {
    const c0 = cpuMs();
    for (const d of s.docs) s.parse(d.tokens, d.sentenceOf);
    s.ms.push(cpuMs() - c0);
  }
/** Median of the rounds after the first (JIT warm-up, model load). */
const median = (a) => {
  const b = a.slice(1).sort((x, y) => x - y);
  return b[Math.floor(b.length / 2)];
};
for (const s of sides)
  console.log(
    `${s.root}: checksum ${checksum(s.docs)}; CPU ms per round ${s.ms.map((x) => x.toFixed(0)).join(" ")};` +
      ` median ${median(s.ms).toFixed(0)} = ${Math.round((tokens / median(s.ms)) * 1000)} tokens/CPU-s`,
  );
console.log(
  `${tokens} tokens, ${once.length} English documents; CPU A / CPU B (medians) = ${(median(sides[0].ms) / median(sides[1].ms)).toFixed(3)}`,
);
