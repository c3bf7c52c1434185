/**
 * Restoration of a spun copy from its source: align the two texts word by word and read each
 * stretch the spinner changed back from the source ("best and citable", provenance note step 1).
 */
import type { Restoration } from "../../model/records.js";
import { alignPath, type AlignScoring } from "./align.js";
import { defaultLexicon, type CompiledLexicon } from "./lexicon.js";
import { defaultSpinResources, type SpinResources } from "./substitution.js";
import { assertProcessableText, tokenize } from "./text.js";

/** Longest changed stretch (in words, either side) read back from the source. */
const MAX_RUN = 8;

const FUNCTION_WORDS = new Set(
  "a an the of and or but to in on at by for with from as is are was were be been it its this that he she they we his her their not which who said".split(
    " ",
  ),
);

/** How every restoration read from a source begins its reason. */
const SOURCE_REASON = "aligned with source ";

/** Whether a restoration was read from the copy's source by alignment (restoreFromSource). */
export function isSourceRestoration(r: Pick<Restoration, "reason">): boolean {
  return r.reason.startsWith(SOURCE_REASON);
}

/**
 * Restorations of `text` (a spun copy) read from `sourceText` (the document it copies), with
 * offsets into `text`. Empty when the texts do not align (or are too long to trace back).
 * @example restoreFromSource("The International Minister arrived", "The Foreign Minister arrived", "d_src")
 *   // [{ start: 4, end: 17, spun: "International", original: "Foreign", confidence: 0.9, … }]
 */
export function restoreFromSource(
  text: string,
  sourceText: string,
  sourceId: string,
  lexicon: CompiledLexicon = defaultLexicon(),
  resources: Pick<SpinResources, "synonyms"> = defaultSpinResources(),
): Restoration[] {
  assertProcessableText(text);
  assertProcessableText(sourceText, `source ${sourceId}`);
  const ta = tokenize(text);
  const tb = tokenize(sourceText);
  const vocab = new Map<string, number>();
  const idOf = (w: string) => {
    let id = vocab.get(w);
    if (id === undefined) vocab.set(w, (id = vocab.size));
    return id;
  };
  const a = Int32Array.from(ta, (t) => idOf(t.norm));
  const b = Int32Array.from(tb, (t) => idOf(t.norm));
  const words = [...vocab.keys()];
  const synonyms = new Set<number>();
  // WordNet pairs (original → spun form) between words of the two texts count as partial matches.
  for (const [w, ix] of vocab) {
    for (const spun of resources.synonyms.get(w) ?? []) {
      const iy = vocab.get(spun);
      if (iy !== undefined) synonyms.add(ix * 1_000_003 + iy).add(iy * 1_000_003 + ix);
    }
  }
  for (const pair of lexicon.synonymPairs) {
    const [x, y] = pair.split("\u0000") as [string, string];
    const ix = vocab.get(x);
    const iy = vocab.get(y);
    if (ix !== undefined && iy !== undefined) synonyms.add(ix * 1_000_003 + iy).add(iy * 1_000_003 + ix);
  }
  const scoring: AlignScoring = {
    matchWeight: (id) => (FUNCTION_WORDS.has(words[id]!) ? 1 : 3),
    isSynonym: (x, y) => synonyms.has(x * 1_000_003 + y),
    synonym: 1,
    mismatch: -2,
    gap: 2,
  };
  const path = alignPath(a, b, scoring);
  if (!path) return [];
  const out: Restoration[] = [];
  let runA: number[] = [];
  let runB: number[] = [];
  const flush = () => {
    if (runA.length && !runB.length && runA.length <= 2) {
      // Words only the spun copy has (an article left over before a swapped phrase): drop them with the
      // space that follows.
      const start = ta[runA[0]!]!.start;
      const lastTok = ta[runA[runA.length - 1]!]!;
      const next = ta[runA[runA.length - 1]! + 1];
      const end = next && /^\s+$/.test(text.slice(lastTok.end, next.start)) ? next.start : lastTok.end;
      out.push({
        start,
        end,
        spun: text.slice(start, end),
        original: "",
        confidence: 0.8,
        reason: `${SOURCE_REASON}${sourceId}: the source has no counterpart for these words`,
      });
    } else if (runA.length && runB.length && runA.length <= MAX_RUN && runB.length <= MAX_RUN) {
      const start = ta[runA[0]!]!.start;
      const end = ta[runA[runA.length - 1]!]!.end;
      const bStart = tb[runB[0]!]!.start;
      const bEnd = tb[runB[runB.length - 1]!]!.end;
      const spun = text.slice(start, end);
      const original = sourceText.slice(bStart, bEnd);
      if (spun.replace(/’/g, "'").toLowerCase() !== original.replace(/’/g, "'").toLowerCase()) {
        out.push({
          start,
          end,
          spun,
          original,
          confidence: 0.9,
          reason: `${SOURCE_REASON}${sourceId}: the source reads "${original}" at [${bStart}, ${bEnd})`,
        });
      }
    }
    runA = [];
    runB = [];
  };
  // A local alignment stops at its last exact match: a short changed stretch at the very start
  // or end of both texts is read back too.
  const first = path.find((p) => p.a >= 0 && p.b >= 0);
  const last = [...path].reverse().find((p) => p.a >= 0 && p.b >= 0);
  if (first && first.a > 0 && first.b > 0 && first.a <= MAX_RUN && first.b <= MAX_RUN) {
    for (let x = 0; x < first.a; x++) runA.push(x);
    for (let x = 0; x < first.b; x++) runB.push(x);
  }
  for (const step of path) {
    if (step.a >= 0 && step.b >= 0 && ta[step.a]!.raw.replace(/’/g, "'") === tb[step.b]!.raw.replace(/’/g, "'")) {
      flush();
      continue;
    }
    if (step.a >= 0) runA.push(step.a);
    if (step.b >= 0) runB.push(step.b);
  }
  if (last && a.length - 1 - last.a <= MAX_RUN && b.length - 1 - last.b <= MAX_RUN) {
    for (let x = last.a + 1; x < a.length; x++) runA.push(x);
    for (let x = last.b + 1; x < b.length; x++) runB.push(x);
  }
  flush();
  return out;
}
