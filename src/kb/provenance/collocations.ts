/**
 * Counting the collocations the spin detector checks: bigrams around the words a spinner is known
 * to swap (both the spun and the original side), from clean news text. The shipped table is built
 * by `scripts/build-spin-collocations.ts`; benchmarks build held-out tables with the same function.
 */
import type { CollocationData } from "./lexicon.js";
import { adjacent, tokenize } from "./text.js";

/**
 * Counts, over `texts`, every bigram of adjacent words (only spaces between them) in which one word
 * is in `focus`, and the unigram counts of the focus words.
 * @example countCollocations(["More money."], new Set(["more"])).bigrams // { "more money": 1 }
 */
export function countCollocations(
  texts: Iterable<string>,
  focus: ReadonlySet<string>,
): Pick<CollocationData, "bigrams" | "unigrams" | "tokens"> {
  const bigrams: Record<string, number> = {};
  const unigrams: Record<string, number> = {};
  let tokens = 0;
  for (const text of texts) {
    const toks = tokenize(text);
    tokens += toks.length;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (focus.has(t.norm)) unigrams[t.norm] = (unigrams[t.norm] ?? 0) + 1;
      const n = toks[i + 1];
      if (!n || !adjacent(text, t, n)) continue;
      if (focus.has(t.norm) || focus.has(n.norm)) {
        const key = `${t.norm} ${n.norm}`;
        bigrams[key] = (bigrams[key] ?? 0) + 1;
      }
    }
  }
  return { bigrams, unigrams, tokens };
}
