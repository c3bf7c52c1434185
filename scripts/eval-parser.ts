/**
 * Scores the shipped dependency parser on UD English: UAS, LAS, UPOS and XPOS accuracy with gold
 * tokenisation; the same from raw `# text` through the project tokenizer (words aligned to gold by
 * character span, CoNLL 2018 style); wink-nlp's UPOS accuracy on the same gold words; and
 * throughput (words per second of CPU time on one core: Node runs this on one thread).
 *
 * Usage: node dist/scripts/eval-parser.js [--split test|dev] [--model DIR] [--json]
 *   (npm run bench:parser). Tune on dev; the test split is for the figures reported once.
 */
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { isPermitted, readConllu, type UdSentence } from "../src/nlp/parse/conllu.js";
import { scoreParser, scoringModelsOf, type ParseScores } from "../src/nlp/parse/evaluate.js";
import { loadModel, defaultModelDir, type ParserModel } from "../src/nlp/parse/model.js";
import { parseWordsOfTokens } from "../src/nlp/parse/index.js";
import { tokenize, wink } from "../src/nlp/tokenize.js";

const args = process.argv.slice(2);
const splitIdx = args.indexOf("--split");
const SPLIT = splitIdx >= 0 ? args[splitIdx + 1]! : "test";
const modelIdx = args.indexOf("--model");
const MODEL = modelIdx >= 0 ? args[modelIdx + 1]! : defaultModelDir();
const asJson = args.includes("--json");
const UD = join(packageRoot(), "..", "shared", "data", "ud-english");

const t0 = performance.now();
const model: ParserModel = loadModel(MODEL);
const loadMs = performance.now() - t0;

function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

/** Gold tokenisation. */
function gold(
  sentences: UdSentence[],
): ParseScores & { cpuMs: number; wordsPerCpuSecond: number; sentencesPerCpuSecond: number } {
  scoreParser(scoringModelsOf(model), sentences.slice(0, 200)); // warm-up
  const c = process.cpuUsage();
  const s = scoreParser(scoringModelsOf(model), sentences);
  const cpu = cpuMs(c);
  return {
    ...s,
    cpuMs: cpu,
    wordsPerCpuSecond: Math.round(s.words / (cpu / 1000)),
    sentencesPerCpuSecond: Math.round(s.sentences / (cpu / 1000)),
  };
}

/** Character spans of gold words in `# text` (found left to right); null where a word is not a substring. */
function goldSpans(s: UdSentence): Array<[number, number] | null> {
  let at = 0;
  return s.words.map((w) => {
    const found = s.text.indexOf(w, at);
    if (found < 0 || found - at > 20) return null;
    at = found + w.length;
    return [found, at];
  });
}

/** Raw text through the project tokenizer; a gold word counts when a system word has its exact span. */
function raw(sentences: UdSentence[]): { words: number; aligned: number; uas: number; las: number; upos: number } {
  let words = 0;
  let aligned = 0;
  let uas = 0;
  let las = 0;
  let upos = 0;
  for (const s of sentences) {
    const spans = goldSpans(s);
    const tok = tokenize(s.text);
    // system words with spans, over all project sentences of this text
    const sysSpan: Array<[number, number]> = [];
    const sysHead: number[] = [];
    const sysRel: string[] = [];
    const sysPos: string[] = [];
    let from = 0;
    while (from < tok.tokens.length) {
      let to = from + 1;
      while (to < tok.tokens.length && tok.tokens[to]!.sentence === tok.tokens[from]!.sentence) to++;
      const toks = tok.tokens.slice(from, to);
      const r = parseWordsOfTokens(
        toks.map((t) => t.text),
        model,
      );
      const base = sysSpan.length;
      let k = 0;
      r.words.forEach((w, i) => {
        const t = toks[r.tokenOf[i]!]!;
        if (r.firstWord[r.tokenOf[i]!] === i) k = t.start;
        sysSpan.push([k, k + w.length]);
        k += w.length;
        const h = r.parse.head[i]!;
        sysHead.push(h === -1 ? -1 : base + h);
        sysRel.push(r.parse.deprel[i]!);
        sysPos.push(r.parse.upos[i]!);
      });
      from = to;
    }
    const bySpan = new Map(sysSpan.map((sp, i) => [`${sp[0]}:${sp[1]}`, i]));
    for (let i = 0; i < s.words.length; i++) {
      words++;
      const sp = spans[i];
      if (!sp) continue;
      const j = bySpan.get(`${sp[0]}:${sp[1]}`);
      if (j === undefined) continue;
      aligned++;
      if (sysPos[j] === s.upos[i]) upos++;
      const gh = s.head[i]!;
      const sh = sysHead[j]!;
      const headOk =
        gh === -1
          ? sh === -1
          : sh >= 0 && spans[gh] !== null && sysSpan[sh]![0] === spans[gh]![0] && sysSpan[sh]![1] === spans[gh]![1];
      if (headOk) {
        uas++;
        if (sysRel[j] === s.deprel[i]) las++;
      }
    }
  }
  return { words, aligned: aligned / words, uas: uas / words, las: las / words, upos: upos / words };
}

/** wink-nlp's UPOS on the gold words (joined by spaces); words wink splits differently count as wrong. */
function winkUpos(sentences: UdSentence[]): { accuracy: number; aligned: number } {
  const nlp = wink();
  let words = 0;
  let ok = 0;
  let aligned = 0;
  for (const s of sentences) {
    const text = s.words.join(" ");
    const doc = nlp.readDoc(text);
    const values = doc.tokens().out(nlp.its.value) as string[];
    const spaces = doc.tokens().out(nlp.its.precedingSpaces) as string[];
    const pos = doc.tokens().out(nlp.its.pos) as string[];
    const byStart = new Map<number, { len: number; pos: string }>();
    let at = 0;
    values.forEach((v, i) => {
      at += spaces[i]!.length;
      byStart.set(at, { len: v.length, pos: pos[i]! });
      at += v.length;
    });
    let start = 0;
    for (let i = 0; i < s.words.length; i++) {
      words++;
      const w = byStart.get(start);
      if (w && w.len === s.words[i]!.length) {
        aligned++;
        if (w.pos === s.upos[i]) ok++;
      }
      start += s.words[i]!.length + 1;
    }
  }
  return { accuracy: ok / words, aligned: aligned / words };
}

const sets: Array<[string, string]> = [
  ["EWT", `en_ewt-ud-${SPLIT}.conllu.gz`],
  ["GUM (permitted genres)", `en_gum-ud-${SPLIT}.conllu.gz`],
];
const results: Record<string, unknown> = { split: SPLIT, model: MODEL, loadMs: Math.round(loadMs) };
for (const [name, file] of sets) {
  const sentences = readConllu(join(UD, file)).filter(isPermitted);
  const g = gold(sentences);
  const r = raw(sentences);
  const w = winkUpos(sentences);
  results[name] = { gold: g, raw: r, winkUpos: w };
  if (!asJson) {
    console.log(`${name} ${SPLIT}: ${g.sentences} sentences, ${g.words} words`);
    console.log(
      `  gold tokens: UAS ${g.uas.toFixed(4)}  LAS ${g.las.toFixed(4)}  UPOS ${g.upos.toFixed(4)}  XPOS ${g.xpos.toFixed(4)}`,
    );
    console.log(
      `  speed: ${g.wordsPerCpuSecond} words/s, ${g.sentencesPerCpuSecond} sentences/s per core (CPU ${g.cpuMs.toFixed(0)} ms; tagging + parsing)`,
    );
    console.log(
      `  raw # text via project tokenizer: words aligned ${r.aligned.toFixed(4)}  UAS ${r.uas.toFixed(4)}  LAS ${r.las.toFixed(4)}  UPOS ${r.upos.toFixed(4)}`,
    );
    console.log(`  wink-nlp UPOS on gold words: ${w.accuracy.toFixed(4)} (words aligned ${w.aligned.toFixed(4)})`);
  }
}
if (asJson) console.log(JSON.stringify(results, null, 1));
else console.log(`model load ${loadMs.toFixed(0)} ms`);
