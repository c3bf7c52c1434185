/**
 * Speed of the dependency parser's parts on UD English dev (gold tokenisation, EWT + permitted GUM),
 * with a hash of every tag, head and label so that a speed change can be checked to leave the parses
 * untouched. Parts: word hashing, tagging, parsing (move classifier + labeler). CPU time, best of
 * `--runs` passes after a warm-up. Dev only: the test split stays for the figures reported once.
 *
 * With `--old DIR` a second model is timed in the same process, passes alternating, and both
 * rates are printed (same machine load for both).
 *
 * Usage: node dist/scripts/bench-parser-speed.js [--runs 3] [--model DIR] [--old DIR]
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { isPermitted, readConllu } from "../src/nlp/parse/conllu.js";
import { defaultModelDir, loadModel, type ParserModel } from "../src/nlp/parse/model.js";
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
const oldDir = opt("--old", "");
const old = oldDir ? loadModel(oldDir) : null;
const sentences = [
  ...readConllu(join(UD, "en_ewt-ud-dev.conllu.gz")),
  ...readConllu(join(UD, "en_gum-ud-dev.conllu.gz")).filter(isPermitted),
];
const words = sentences.reduce((n, s) => n + s.words.length, 0);

function pass(model: ParserModel): { hashMs: number; tagMs: number; parseMs: number; digest: string } {
  const digest = createHash("sha256");
  let c = process.cpuUsage();
  const hashes = sentences.map((s) => hashWords(s.words, model.clusters, model.tagDictionary));
  const hashMs = cpu(c);
  c = process.cpuUsage();
  const tags = hashes.map((h) => tagIds(model.tagger, h));
  const tagMs = cpu(c);
  c = process.cpuUsage();
  const rootLabel = model.meta.labels.length;
  const parses = hashes.map((h, k) =>
    parseIds(
      model.mover,
      model.labeler,
      parserInput(h.word, tags[k]!, model.parserClusters ? h.cluster : null),
      rootLabel,
      model.relabeler,
      model.relabelPriorWeight,
    ),
  );
  const parseMs = cpu(c);
  for (let k = 0; k < parses.length; k++) {
    digest.update(Buffer.from(tags[k]!.buffer));
    digest.update(Buffer.from(parses[k]!.head.buffer));
    digest.update(Buffer.from(parses[k]!.label.buffer));
  }
  return { hashMs, tagMs, parseMs, digest: digest.digest("hex") };
}

type Best = { hashMs: number; tagMs: number; parseMs: number; digest: string };
const none = (): Best => ({ hashMs: Infinity, tagMs: Infinity, parseMs: Infinity, digest: "" });
const keep = (b: Best, p: Best): Best => ({
  hashMs: Math.min(b.hashMs, p.hashMs),
  tagMs: Math.min(b.tagMs, p.tagMs),
  parseMs: Math.min(b.parseMs, p.parseMs),
  digest: p.digest,
});
pass(model);
if (old) pass(old);
let best = none();
let bestOld = none();
for (let r = 0; r < RUNS; r++) {
  best = keep(best, pass(model));
  if (old) bestOld = keep(bestOld, pass(old));
}
const rate = (ms: number): string => Math.round(words / (ms / 1000)).toLocaleString("en");
console.log(`model loaded in ${Math.round(loadMs)} ms; ${sentences.length} dev sentences, ${words} words`);
const report = (name: string, b: Best): void => {
  console.log(`${name}:`);
  console.log(`  hashing: ${rate(b.hashMs)} words/CPU-s (${Math.round(b.hashMs)} ms)`);
  console.log(`  tagging: ${rate(b.tagMs)} words/CPU-s (${Math.round(b.tagMs)} ms)`);
  console.log(`  parsing: ${rate(b.parseMs)} words/CPU-s (${Math.round(b.parseMs)} ms)`);
  const all = b.hashMs + b.tagMs + b.parseMs;
  console.log(`  all    : ${rate(all)} words/CPU-s; output sha256 ${b.digest}`);
};
report(opt("--model", defaultModelDir()), best);
if (old) report(oldDir, bestOld);
