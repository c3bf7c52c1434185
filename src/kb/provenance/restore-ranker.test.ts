import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bestOriginal,
  choiceFeatures,
  compileBroadRanker,
  compileRanker,
  defaultRestoreRanker,
  documentCounts,
  RANK_FEATURE_NAMES,
  rankProbabilities,
  skipBigrams,
  skipsFromMap,
  withSpinnerEvidence,
  type CandidateContext,
} from "./restore-ranker.js";
import { countsFromMaps, defaultSpinResources, restorationChoice } from "./substitution.js";
import { detectSpin, restoreText, RESTORE_MIN_CONFIDENCE } from "./spin.js";
import { makeSpinner } from "./synthetic.js";
import { tokenize } from "./text.js";
import { DossierError } from "../../util/errors.js";

const counts = countsFromMaps(
  new Map([
    ["talks", 50],
    ["negotiations", 5],
    ["discussion", 20],
    ["peace", 30],
    ["began", 10],
  ]),
  new Map([
    ["peace talks", 12],
    ["talks began", 6],
    ["peace discussion", 1],
  ]),
);

test("skip-bigrams skip one word and stop at a sentence break or punctuation", () => {
  const m = skipBigrams("The peace talks began. Then more talks, began again");
  assert.equal(m.get("the talks"), 1);
  assert.equal(m.get("peace began"), 1);
  assert.equal(m.get("talks then"), undefined); // across the full stop
  assert.equal(m.get("more began"), undefined); // across the comma
  assert.equal(m.get("then talks"), 1);
});

test("the stay row comes first and only it carries the stay features", () => {
  const rows = choiceFeatures(
    "negotiations",
    ["discussion", "talks"],
    { left: "peace", right: "began", left2: null, right2: null },
    {
      counts,
      skips: skipsFromMap(new Map()),
      thesaurusSize: (o) => (o === "talks" ? 2 : 8),
      document: documentCounts(tokenize("The talks resumed. Both sides said the talks went well.")),
      substitutionLogit: 1.5,
      density: 3,
    },
  );
  const n = RANK_FEATURE_NAMES.length;
  assert.equal(rows.length, 3);
  for (const r of rows) assert.equal(r.length, n);
  const stay = RANK_FEATURE_NAMES.indexOf("stay");
  assert.deepEqual(rows[0]!.slice(stay, stay + 3), [1, 1.5, 3]);
  for (const r of rows.slice(1)) assert.deepEqual(r.slice(stay), new Array(n - stay).fill(0));
  const size = RANK_FEATURE_NAMES.indexOf("thesaurus_size");
  assert.ok(
    rows[2]![size]! > rows[1]![size]!,
    "an original with a shorter thesaurus list writes each entry more often",
  );
  const both = RANK_FEATURE_NAMES.indexOf("both_fit");
  assert.equal(rows[2]![both], 1); // "peace talks" and "talks began" are both attested
  assert.equal(rows[1]![both], 0);
  const inDoc = RANK_FEATURE_NAMES.indexOf("in_document");
  assert.equal(rows[2]![inDoc], Math.log1p(2)); // "talks" is written twice elsewhere in the document
  assert.equal(rows[1]![inDoc], 0);
  assert.equal(rows[0]![inDoc], 0); // the written form is never credited for being where it is
});

test("document counts: words, and phrases by their rarest adjacent pair", () => {
  const d = documentCounts(tokenize("Talks went on. The talks went well, and talks resumed"));
  assert.equal(d.count("talks"), 3);
  assert.equal(d.count("talks went"), 2);
  assert.equal(d.count("the talks went"), 1);
  assert.equal(d.count("ceasefire"), 0);
  const n = documentCounts(tokenize("Negotiators met again; the negotiations resumed"));
  assert.equal(n.sameStem("negotiate", "talks"), 2);
  assert.equal(n.sameStem("negotiate", "negotiations"), 1); // the written word itself is not evidence
  assert.equal(n.sameStem("met", "talks"), 0); // too short to have a stem
});

test("spinner evidence: repeated spun forms read as a consistent spinner, written originals as a word-by-word one", () => {
  const ctx = (left: string): CandidateContext => ({ left, right: null, left2: null, right2: null });
  // Written for this test. Consistent: "stated" twice, "said" written nowhere.
  const consistent = documentCounts(tokenize("The mayor stated it. The council stated it too, and the bridge closed."));
  const a = ctx("mayor");
  const b = ctx("council");
  const c = ctx("bridge");
  const cands = [
    { form: "stated", original: "said", originals: ["said"], context: a },
    { form: "stated", original: "said", originals: ["said"], context: b },
    { form: "shut", original: "closed", originals: ["closed"], context: c },
  ];
  const one = withSpinnerEvidence(consistent, cands, [0.9, 0.9, 0.2], 0.5);
  // Two repeated hits, no written original: a share of 3/4, read through the logistic (0.45, slope 10).
  assert.ok(Math.abs(one.spinner!.consistency - 1 / (1 + Math.exp(-10 * (3 / 4 - 0.45)))) < 1e-12);
  assert.deepEqual(one.spinner!.othersOf(a), [b]);
  assert.deepEqual(one.spinner!.othersOf(c), []);
  assert.deepEqual(one.spinner!.othersOf(ctx("mayor")), []); // matched by the candidate's own context
  assert.equal(one.count("stated"), 2); // the counts are kept
  assert.ok(one.spinner!.logitAt(a) > 2 && one.spinner!.logitAt(c) < 0);
  assert.equal(one.spinner!.othersLogit(a), one.spinner!.logitAt(b));
  assert.equal(one.spinner!.otherForms(a, "said"), 0); // only "stated" stands for "said"
  // Word by word: the originals are still written elsewhere, each spun form once.
  const independent = documentCounts(
    tokenize("The mayor said it. The council stated it, and talks began. Negotiations went well."),
  );
  const two = withSpinnerEvidence(
    independent,
    [
      { form: "stated", original: "said", originals: ["said"], context: a },
      { form: "negotiations", original: "talks", originals: ["talks"], context: b },
    ],
    [0.9, 0.9],
    0.5,
  );
  // A word-by-word spinner writes one original several ways: "declared" and "stated" both for "said".
  const three = withSpinnerEvidence(
    independent,
    [
      { form: "stated", original: "said", originals: ["said"], context: a },
      { form: "declared", original: "said", originals: ["announced", "said"], context: b },
    ],
    [0.9, 0.9],
    0.5,
  );
  assert.equal(three.spinner!.otherForms(a, "said"), 1);
  assert.equal(three.spinner!.otherForms(b, "announced"), 0);
  assert.ok(two.spinner!.consistency < 0.5 && one.spinner!.consistency > 0.5);
  // No evidence either way: the ratio is 0.5, read just above the logistic's midpoint.
  const none = withSpinnerEvidence(independent, [], [], 0.5).spinner!.consistency;
  assert.ok(none > 0.5 && none < 0.65, String(none));
});

test("the consistency reading turns the in-document features and pools the other positions of a form", () => {
  const document = documentCounts(tokenize("Peace negotiations began. The talks resumed. Negotiations stalled."));
  const here: CandidateContext = { left: "peace", right: "began", left2: null, right2: null };
  const there: CandidateContext = { left: null, right: "stalled", left2: null, right2: null };
  const cands = [
    { form: "negotiations", original: "talks", originals: ["discussion", "talks"], context: here },
    { form: "negotiations", original: "talks", originals: ["discussion", "talks"], context: there },
  ];
  const evidence = (kind: number) => {
    const d = withSpinnerEvidence(document, cands, [0.9, 0.9], 0.5);
    return { ...d, spinner: { ...d.spinner!, consistency: kind } };
  };
  const rows = (kind: number) =>
    choiceFeatures("negotiations", ["discussion", "talks"], here, {
      counts,
      skips: null,
      thesaurusSize: () => 2,
      document: evidence(kind),
      substitutionLogit: 1,
      density: 2,
    });
  const f = (name: (typeof RANK_FEATURE_NAMES)[number]) => RANK_FEATURE_NAMES.indexOf(name);
  const r = rows(0.8);
  assert.equal(r[2]![f("in_document")], Math.log1p(1)); // "talks" written once
  assert.ok(Math.abs(r[2]![f("in_document_kind")]! - 0.8 * Math.log1p(1)) < 1e-12);
  assert.equal(r[2]![f("repeats_unwritten")], 0); // "talks" is written, so no repeat evidence
  assert.equal(r[1]![f("repeats_unwritten")], Math.log1p(1)); // "discussion" is written nowhere; one other position
  assert.ok(Math.abs(r[1]![f("repeats_unwritten_kind")]! - 0.8 * Math.log1p(1)) < 1e-12);
  assert.equal(r[0]![f("stay_kind")], 0.8);
  assert.equal(r[0]![f("stay_repeats")], Math.log1p(1));
  // Pooled: the fit at the other position ("_ stalled"), not at this one; the stay row pools the written form.
  assert.notEqual(r[2]![f("pooled_lm")], 0);
  assert.notEqual(r[0]![f("pooled_lm")], 0);
  assert.equal(rows(0)[2]![f("in_document_kind")], 0);
  // Without spinner evidence every feature that reads it is 0.
  const plain = choiceFeatures("negotiations", ["talks"], here, {
    counts,
    skips: null,
    thesaurusSize: () => 2,
    document,
    substitutionLogit: 1,
    density: 2,
  });
  for (const name of ["in_document_kind", "repeats_unwritten", "pooled_lm", "stay_kind", "stay_repeats"] as const)
    for (const row of plain) assert.equal(row[f(name)], 0, name);
});

test("in a consistently spun document one form's choice pools the evidence of its other positions", () => {
  // A toy ranker that reads only the left bigram fit: "peace talks" is attested, "peace discussion" once.
  const weights = RANK_FEATURE_NAMES.map((f) => (f === "left_fit" ? 1 : 0));
  const res = {
    counts,
    synonyms: new Map<string, string[]>(),
    ranker: { model: { weights }, skips: skipsFromMap(new Map()) },
  };
  const here: CandidateContext = { left: null, right: null, left2: null, right2: null };
  const there: CandidateContext = { left: "peace", right: null, left2: null, right2: null };
  const cands = [here, there].map((context) => ({
    form: "negotiations",
    original: "talks",
    share: 0.5,
    originals: ["discussion", "talks"],
    context,
  }));
  const document = withSpinnerEvidence(
    documentCounts(tokenize("Negotiations. Peace negotiations.")),
    cands,
    [0.9, 0.9],
    0.5,
  );
  const at = (consistency: number) =>
    restorationChoice(cands[0]!, res, 0.9, 1, { ...document, spinner: { ...document.spinner!, consistency } });
  // No neighbours here: word by word, nothing tells the originals apart (a tie, the first one).
  assert.equal(at(0).original, "discussion");
  assert.ok(Math.abs(at(0).share - 1 / 3) < 1e-9);
  // Read as consistently spun, the other position ("peace _") decides for both.
  assert.equal(at(0.9).original, "talks");
  assert.ok(at(0.9).share > 0.4);
});

test("probabilities sum to one and the best original skips the stay choice", () => {
  const p = rankProbabilities(
    [
      [2, 0],
      [1, 0],
      [0, 3],
    ],
    { weights: [1, 0.5] },
  );
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(p[0]! > p[1]!);
  // Stay (index 0) is the most probable here, yet the best ORIGINAL is the third row.
  assert.deepEqual(bestOriginal(["a", "b"], p).original, "b");
  assert.ok(bestOriginal(["a", "b"], p).share < 0.5);
});

test("a ranker built for other features is refused", () => {
  assert.throws(
    () => compileRanker({ about: "", sources: [], features: ["x"], weights: [1], vocab: [], skips: [] }),
    /other features/,
  );
});

test("the shipped ranker restores a spun paragraph exactly, above its cut, with offsets into the spun text", () => {
  const ranker = defaultRestoreRanker();
  assert.ok(ranker, "the ranker ships on by default");
  assert.equal(ranker.model.weights.length, RANK_FEATURE_NAMES.length);
  // Written for this test.
  const source =
    "The regional council said on Tuesday that it would close the old bridge over the river for repairs. " +
    "Engineers found cracks in two of the main supports during an inspection last month, officials said. " +
    "Traffic will be sent along the coast road, which adds about twenty minutes to a journey into the city. " +
    "Local businesses asked the council to finish the work quickly, and the council promised to keep the " +
    "footpath open for people walking to the market. The repairs are expected to cost several million and " +
    "to last until the end of the summer, the council said in a statement.";
  const { text, substitutions } = makeSpinner(11).spinTraced(source, 0.6);
  const result = detectSpin(text, "en");
  assert.ok(result.is_spun);
  const { restorations } = restoreText(text, result.hits);
  let exact = 0;
  for (const r of restorations) {
    assert.equal(text.slice(r.start, r.end), r.spun);
    assert.ok(r.confidence >= RESTORE_MIN_CONFIDENCE, JSON.stringify(r));
    if (
      substitutions.some(
        (s) => s.start === r.start && s.end === r.end && s.original.toLowerCase() === r.original.toLowerCase(),
      )
    )
      exact++;
  }
  assert.ok(exact >= restorations.length / 2, `${exact} of ${restorations.length} right`);
  assert.ok(exact >= substitutions.length / 3, `${exact} of ${substitutions.length} spun spans`);
  void defaultSpinResources;
});

test("the broad ranker file: the ranker's features, checked on load", () => {
  const ranker = defaultRestoreRanker();
  assert.ok(ranker?.broad, "shipped with the ranker");
  assert.equal(ranker.broad.weights.length, RANK_FEATURE_NAMES.length);
  assert.throws(
    () => compileBroadRanker({ about: "", sources: [], features: ["x"], weights: [1] }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  assert.throws(() => compileBroadRanker({ features: [] }), DossierError);
});
