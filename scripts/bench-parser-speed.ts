/**
 * Speed of the dependency parser's parts on UD English dev (gold tokenisation, EWT + permitted GUM),
 * with a hash of every tag, head and label so that a speed change can be checked to leave the parses
 * untouched. Parts: word hashing, tagging, parsing (move classifier + labeler). CPU time, best of
 * `--runs` passes after a warm-up. Dev only: the test split stays for the figures reported once.
 *
 * Usage: node dist/scripts/bench-parser-speed.js [--runs 3] [--model DIR]
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { isPermitted, readConllu } from "../src/nlp/parse/conllu.js";
import { defaultModelDir, loadModel } from "../src/nlp/parse/model.js";
import { parseIds, parserInput } from "../src/nlp/parse/parser.js";
import { hashWords, tagIds } from "../src/nlp/parse/tagger.js";
import { packageRoot } from "../src/util/paths.js";

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : def;
};
const RUNS = Number(opt("--runs", "3"));
const UD = join(packageRoot(), "..", "shared", "data", "ud-english");

const cpu = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

const t0 = performance.now();
const model = loadModel(opt("--model", defaultModelDir()));
const loadMs = performance.now() - t0;
const sentences = [
  ...readConllu(join(UD, "en_ewt-ud-dev.conllu.gz")),
  ...readConllu(join(UD, "en_gum-ud-dev.conllu.gz")).filter(isPermitted),
];
const words = sentences.reduce((n, s) => n + s.words.length, 0);
const rootLabel = model.meta.labels.length;

function pass(): { hashMs: number; tagMs: number; parseMs: number; digest: string } {
  const digest = createHash("sha256");
  let c = process.cpuUsage();
  const hashes = sentences.map((s) => hashWords(s.words));
  const hashMs = cpu(c);
  c = process.cpuUsage();
  const tags = hashes.map((h) => tagIds(model.tagger, h));
  const tagMs = cpu(c);
  c = process.cpuUsage();
  const parses = hashes.map((h, k) => parseIds(model.mover, model.labeler, parserInput(h.word, tags[k]!), rootLabel));
  const parseMs = cpu(c);
  for (let k = 0; k < parses.length; k++) {
    digest.update(Buffer.from(tags[k]!.buffer));
    digest.update(Buffer.from(parses[k]!.head.buffer));
    digest.update(Buffer.from(parses[k]!.label.buffer));
  }
  return { hashMs, tagMs, parseMs, digest: digest.digest("hex") };
}

pass();
let best = { hashMs: Infinity, tagMs: Infinity, parseMs: Infinity, digest: "" };
for (let r = 0; r < RUNS; r++) {
  const p = pass();
  best = {
    hashMs: Math.min(best.hashMs, p.hashMs),
    tagMs: Math.min(best.tagMs, p.tagMs),
    parseMs: Math.min(best.parseMs, p.parseMs),
    digest: p.digest,
  };
}
const rate = (ms: number): string => Math.round(words / (ms / 1000)).toLocaleString("en");
console.log(`model loaded in ${Math.round(loadMs)} ms; ${sentences.length} dev sentences, ${words} words`);
console.log(`  hashing: ${rate(best.hashMs)} words/CPU-s (${Math.round(best.hashMs)} ms)`);
console.log(`  tagging: ${rate(best.tagMs)} words/CPU-s (${Math.round(best.tagMs)} ms)`);
console.log(`  parsing: ${rate(best.parseMs)} words/CPU-s (${Math.round(best.parseMs)} ms)`);
const all = best.hashMs + best.tagMs + best.parseMs;
console.log(`  all    : ${rate(all)} words/CPU-s; output sha256 ${best.digest}`);
