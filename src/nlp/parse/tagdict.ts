/**
 * The tagger's tag dictionary (Honnibal's greedy-tagger trick, as in spaCy v1 and textblob-aptagger):
 * words that are frequent in the training treebank and carry one joint tag almost every time get that
 * tag without scoring. About half the words of news text ("the", ",", "of", "said") are such words,
 * so the tagger scores half as many words; the tags it would have given them are nearly always the same.
 *
 * The dictionary is derived from the training sentences by `scripts/train-parser.ts` (deterministic:
 * counts, fixed thresholds, sorted output) and ships beside the weights
 * (`data/nlp/parser/tag-dictionary.tsv.gz`, named in the model's meta).
 */
import type { UdSentence } from "./conllu.js";

/** Word as written (case kept) → joint tag id. */
export type TagDictionary = ReadonlyMap<string, number>;

/** Thresholds of a tag dictionary. */
export interface TagDictionaryThresholds {
  /** Fewest occurrences in the training data for a word to be considered. */
  minCount: number;
  /** Smallest share of its occurrences the word's most frequent joint tag must have (0…1). */
  minShare: number;
}

/**
 * Builds a tag dictionary from training sentences: every word form (case kept) seen at least
 * `minCount` times whose most frequent joint tag "UPOS|XPOS" has at least `minShare` of its
 * occurrences. Ties between tags go to the lower tag id, so the result depends only on the data.
 * @param tagId joint tag name → tagger class id (words whose tag has no id are skipped)
 */
export function buildTagDictionary(
  sentences: readonly Pick<UdSentence, "words" | "upos" | "xpos">[],
  tagId: ReadonlyMap<string, number>,
  t: TagDictionaryThresholds,
): Map<string, number> {
  const counts = new Map<string, Map<number, number>>();
  for (const s of sentences) {
    for (let i = 0; i < s.words.length; i++) {
      const id = tagId.get(`${s.upos[i]}|${s.xpos[i]}`);
      if (id === undefined) continue;
      const w = s.words[i]!;
      let byTag = counts.get(w);
      if (!byTag) counts.set(w, (byTag = new Map()));
      byTag.set(id, (byTag.get(id) ?? 0) + 1);
    }
  }
  const out = new Map<string, number>();
  for (const w of [...counts.keys()].sort()) {
    const byTag = counts.get(w)!;
    let total = 0;
    let best = -1;
    let bestCount = 0;
    for (const [id, c] of byTag) {
      total += c;
      if (c > bestCount || (c === bestCount && id < best)) {
        best = id;
        bestCount = c;
      }
    }
    if (total >= t.minCount && bestCount >= t.minShare * total) out.set(w, best);
  }
  return out;
}

/** Text form: one "word<TAB>UPOS|XPOS" line per word, sorted by word (UTF-16 order). */
export function formatTagDictionary(dict: TagDictionary, tags: readonly string[]): string {
  const lines: string[] = [];
  for (const w of [...dict.keys()].sort()) lines.push(`${w}\t${tags[dict.get(w)!]}`);
  return lines.join("\n") + "\n";
}

/**
 * Reads the text form written by {@link formatTagDictionary}.
 * @param tags the model's joint tags (tag names are mapped to their class ids)
 * @returns the dictionary, and the lines whose tag the model does not know (none for a matching model)
 */
export function parseTagDictionary(
  text: string,
  tags: readonly string[],
): { dictionary: Map<string, number>; unknownTags: number } {
  const id = new Map(tags.map((t, i) => [t, i]));
  const dictionary = new Map<string, number>();
  let unknownTags = 0;
  for (const line of text.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab <= 0) continue;
    const t = id.get(line.slice(tab + 1));
    if (t === undefined) unknownTags++;
    else dictionary.set(line.slice(0, tab), t);
  }
  return { dictionary, unknownTags };
}
