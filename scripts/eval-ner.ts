/**
 * Measures named-entity recognition by type (person, organization, place, country), exact span match:
 * 1. the tagger alone on the GMB held-out block (sentences 43,164–47,958; or the dev block 38,164–43,163 with
 *    --gmb dev; GMB tokens, GMB labels), in GMB's types and in the layer's (country names as countries);
 * 2. the tagger alone on GUM (dev or test; permitted genres only), GUM tokens, labels from GUM's entity layer;
 * 3. the whole language layer (`analyzeText`) on GUM documents rebuilt as text: its name mentions
 *    (demonyms, role nouns and pronouns left out, as GUM does not mark them as names) against GUM's names.
 *
 * Usage: npx tsx scripts/eval-ner.ts [--gmb test|dev] [--gum test|dev] [--json out.json] [--errors]    (npm run bench:ner)
 * --errors prints where the GMB errors are: boundary vs type vs missed vs spurious, with the commonest examples.
 * Set DOSSIER_ACTORS_FILE=/dev/null-like empty JSON to run without the curated actor list.
 */
import { writeFileSync } from "node:fs";
import { analyzeText } from "../src/nlp/index.js";
import { LABELS, shippedScorer, viewOf } from "../src/nlp/perceptron.js";
import { gazetteer } from "../src/nlp/gazetteer.js";
import { HONORIFICS, matchKey } from "../src/nlp/names.js";
import { canonicalTitle, PERSON_TITLE_WORDS } from "../src/nlp/roles.js";
import {
  bioSpans,
  ErrorBreakdown,
  formatScores,
  gumSentences,
  loadGmbBlocks,
  loadGum,
  SpanScore,
  type LabelledSentence,
} from "./ner/data.js";
import { gazetteerTags } from "../src/nlp/ner.js";

const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const gumSplit = arg("--gum", "test") as "test" | "dev";
const jsonOut = arg("--json", "");
const showErrors = args.includes("--errors");
const gmbSplit = arg("--gmb", "test") as "test" | "dev";

const gaz = gazetteer();
const isCountry = (name: string): boolean =>
  gaz
    .lookup(matchKey(name.replace(/^the\s+/i, "")))
    ?.names.some((n) => n.entity.type === "country" && n.via !== "demonym") === true;

/**
 * Tags every sentence and scores exact spans.
 * - "gmb": GMB's own types (per→person, org→organization, gpe→country: mostly demonyms, geo→place: countries included);
 * - "ours": the layer's types, applied alike to gold and guesses: a span whose words name a country (gazetteer,
 *   not a demonym) is a country whether GMB said geo or gpe;
 * - "gum": GUM does not tell countries from other places, nor name demonyms: countries are scored as places and
 *   demonym guesses skipped.
 */
function tagAll(sents: LabelledSentence[], mode: "gmb" | "ours" | "gum", errors?: ErrorBreakdown): SpanScore {
  const scorer = shippedScorer();
  if (!scorer) throw new Error("no tagger weights");
  const score = new SpanScore();
  for (const s of sents) {
    const view = viewOf(s.words, gazetteerTags(s.words));
    const pred = scorer.tagWindow(view, 0, s.words.length);
    let gold = bioSpans(s.labels);
    let guess = bioSpans(pred);
    if (mode === "ours") {
      const retype = (x: Array<[number, number, string]>): Array<[number, number, string]> =>
        x.map(([a, b, t]) => [a, b, t === "place" && isCountry(s.words.slice(a, b).join(" ")) ? "country" : t]);
      gold = retype(gold);
      guess = retype(guess);
    }
    if (mode === "gum") {
      gold = gold.map(([a, b, t]) => [a, b, t === "country" ? "place" : t]);
      guess = guess.filter(([a, b, t]) => t !== "country" && !s.ignore?.slice(a, b).every(Boolean));
    }
    score.add(gold, guess);
    errors?.add(s.words, gold, guess);
  }
  return score;
}

const out: Record<string, unknown> = {};
const t0 = Date.now();
const gmbBlocks = loadGmbBlocks();
const test = gmbSplit === "dev" ? gmbBlocks.dev : gmbBlocks.test;
const block = gmbSplit === "dev" ? "dev block (sentences 38,164–43,163)" : "held-out block (sentences 43,164–47,958)";
const gmbErrors = showErrors ? new ErrorBreakdown() : undefined;
const gmb = tagAll(test, "gmb", gmbErrors).result();
out.gmbTagger = gmb;
console.log(
  formatScores(
    `GMB ${block}, ${test.length} sentences, tagger alone, exact span, GMB's types (gpe→country: mostly demonyms; geo→place: countries included):`,
    gmb,
  ),
);
if (gmbErrors) console.log(gmbErrors.format());
const gmbOurs = tagAll(test, "ours").result();
out.gmbTaggerOurTypes = gmbOurs;
console.log(
  formatScores(
    `GMB ${block}, tagger alone, exact span, the layer's types (any span naming a country is a country, in gold and guesses alike):`,
    gmbOurs,
  ),
);

const isTitleWord = (w: string): boolean =>
  canonicalTitle(w) !== null ||
  HONORIFICS.has(w.toLowerCase().replace(/\.$/, "")) ||
  PERSON_TITLE_WORDS.has(w.toLowerCase());
const isDemonym = (name: string): boolean =>
  gaz.lookup(matchKey(name))?.names.every((n) => n.via === "demonym") === true;
const docs = loadGum(gumSplit, isCountry, isTitleWord);
// GUM types nationalities ("Texans", "Republican") as person/place mentions; as names they are demonyms, which this layer marks apart
for (const d of docs)
  d.names = d.names.filter(
    (n) => !isDemonym(n.text) && !n.text.split(" ").every(isTitleWord) && !/^(?:Republicans?|Democrats?)$/.test(n.text),
  );
const gumTagger = tagAll(gumSentences(docs), "gum").result();
out.gumTagger = gumTagger;
console.log(
  formatScores(
    `GUM ${gumSplit} (${docs.length} documents, permitted genres: ${[...new Set(docs.map((d) => d.genre))].join(", ")}), tagger alone, exact span (countries scored as places, demonym guesses and guesses inside other-typed names skipped):`,
    gumTagger,
  ),
);

const layer = new SpanScore();
const NAME_VIAS = new Set(["name", "alias", "abbreviation", "surname", "ambiguous", "metonym"]);
for (const d of docs) {
  const a = analyzeText(d.text, { lang: "en", published: null });
  const typeOf = new Map(a.entities.map((e) => [e.key, e.type]));
  const guess: Array<[number, number, string]> = [];
  for (const m of a.mentions) {
    if (!NAME_VIAS.has(m.via)) continue;
    let type = typeOf.get(m.entity);
    if (!type || type === "other") continue;
    if (m.via === "metonym") type = "place"; // a capital read as its government: GUM marks the city
    if (
      d.otherNames.some((o) => o.start <= m.start && m.end <= o.end) &&
      !d.names.some((n) => n.start === m.start && n.end === m.end)
    )
      continue;
    guess.push([m.start, m.end, type]);
  }
  layer.add(
    d.names.map((n) => [n.start, n.end, n.type] as [number, number, string]),
    guess,
  );
}
const gumLayer = layer.result();
out.gumLayer = gumLayer;
console.log(
  formatScores(
    `GUM ${gumSplit}, whole language layer (analyzeText) on the rebuilt text, exact span (guesses inside other-typed names skipped):`,
    gumLayer,
  ),
);
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s; labels ${LABELS.length})`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 2) + "\n");
