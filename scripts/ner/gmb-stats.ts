/**
 * GMB label conventions (how its types read, what a person span holds): counts over the train block.
 * Usage: npx tsx scripts/ner/gmb-stats.ts
 */
import { gazetteer } from "../../src/nlp/gazetteer.js";
import { matchKey } from "../../src/nlp/names.js";
import { canonicalTitle } from "../../src/nlp/roles.js";
import { bioSpans, loadGmb } from "./data.js";

const gaz = gazetteer();
const { train } = loadGmb();
const kinds = new Map<string, Map<string, number>>();
const firstWord = new Map<string, number>();
let personSpans = 0;
let titled = 0;
let titleBefore = 0;
const count = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
for (const s of train) {
  for (const [a, b, t] of bioSpans(s.labels)) {
    const text = s.words.slice(a, b).join(" ");
    const names = gaz.lookup(matchKey(text))?.names ?? [];
    const kind =
      names.length === 0 ? "unlisted" : names.every((n) => n.via === "demonym") ? "demonym" : names[0]!.entity.type;
    const m = kinds.get(t) ?? new Map<string, number>();
    kinds.set(t, m);
    count(m, kind);
    if (t === "person") {
      personSpans++;
      if (canonicalTitle(s.words[a]!) !== null || /^(?:Mr|Mrs|Ms|Dr)\.?$/.test(s.words[a]!)) {
        titled++;
        count(firstWord, s.words[a]!);
      }
      if (a > 0 && (canonicalTitle(s.words[a - 1]!) !== null || /^(?:Mr|Mrs|Ms|Dr)\.?$/.test(s.words[a - 1]!)))
        titleBefore++;
    }
  }
}
for (const [t, m] of kinds)
  console.log(
    t,
    [...m]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", "),
  );
console.log(`person spans ${personSpans}: title inside ${titled}, title right before (outside) ${titleBefore}`);
console.log(
  "title words inside:",
  [...firstWord]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 25)
    .map(([k, n]) => `${k} ${n}`)
    .join(", "),
);
