/**
 * Nouns for people ("analyst", "teacher", "spokeswoman"): English common nouns whose most frequent
 * WordNet sense is a person (data/nlp/person-nouns.json, built by scripts/build-person-nouns.ts).
 */
import { readFileSync } from "node:fs";
import { dataPath } from "../util/paths.js";
import { canonicalTitle } from "./roles.js";

interface PersonNounFile {
  nouns: string[];
}

let nouns: ReadonlySet<string> | null = null;

/** Whether `lemma` (lower case, singular) is a noun for a person. */
export function isPersonNoun(lemma: string): boolean {
  if (!nouns) {
    const file = JSON.parse(readFileSync(dataPath("nlp", "person-nouns.json"), "utf8")) as PersonNounFile;
    nouns = new Set(file.nouns);
  }
  return nouns.has(lemma);
}

/** The text and lemma of a token, all {@link followsWorkerAt} reads. */
interface WordLike {
  text: string;
  lemma: string;
}

/**
 * Whether the name starting at token `first` follows "at" after a noun for a person or a title: "an analyst at
 * X", "Head of Research at the X", "a professor at X". X is then the person's employer, a body, not a place.
 */
export function followsWorkerAt(tokens: readonly WordLike[], first: number): boolean {
  let at = first - 1;
  if (/^(?:the|a|an)$/iu.test(tokens[at]?.text ?? "")) at--;
  if (at < 1 || tokens[at]!.text.toLowerCase() !== "at") return false;
  const k = at - 1;
  if (isPersonNoun(tokens[k]!.lemma) || canonicalTitle(tokens[k]!.text) !== null) return true;
  // a capitalised office ending in its field: "Head of Fundamental Research at", "Director of Sales at"
  for (let j = k; j >= 2 && k - j < 4 && /^\p{Lu}/u.test(tokens[j]!.text); j--)
    if (tokens[j - 1]!.text.toLowerCase() === "of" && canonicalTitle(tokens[j - 2]!.text) !== null) return true;
  return false;
}
