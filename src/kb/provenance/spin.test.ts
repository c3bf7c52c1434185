import { test } from "node:test";
import assert from "node:assert/strict";
import { BROAD_MIN_SHARE, beyondSynonymsShare, detectSpin, poissonTail, restoreText, type SpinHit } from "./spin.js";
import { defaultSpinResources } from "./substitution.js";
import { readSeeds } from "./testing.js";
import { makeSpinner } from "./synthetic.js";
import { compileLexicon, parseLexicon } from "./lexicon.js";
import { DossierError } from "../../util/errors.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/paths.js";

// Written for these tests: a short news paragraph. Spun versions are made with the WordNet spinner
// simulator, which records each substitution.
const CLEAN =
  "The Foreign Minister arrived in the capital on Tuesday for talks with his counterpart. " +
  "Officials said the two countries discussed trade, energy sources and satellite launches, and " +
  "agreed to meet again in the Far East next month. The Ministry of Defense declined to comment on " +
  "reports of military aid, which both governments have denied. Analysts said the visit was a crucial " +
  "step for relations that have grown closer since the start of the war, and that the Security Council " +
  "would discuss the sanctions regime in the coming weeks. The talks lasted four hours, and officials " +
  "described the mood as friendly. A joint statement is expected to be published later this week, " +
  "after the leaders review the final text and approve the plan for new road and rail links.";
const SPUN_TRACED = makeSpinner(31).spinTraced(CLEAN, 0.7);
const SPUN = SPUN_TRACED.text;
function assertOffsets(text: string, hits: Array<{ start: number; end: number; spun: string }>): void {
  for (const h of hits) assert.equal(text.slice(h.start, h.end), h.spun);
}

test("flags a spun paragraph and not its clean original", () => {
  const spun = detectSpin(SPUN, "en");
  const clean = detectSpin(CLEAN, "en");
  assert.equal(spun.is_spun, true, `score ${spun.score}: ${SPUN}`);
  assert.equal(clean.is_spun, false, JSON.stringify(clean.hits));
  assertOffsets(SPUN, spun.hits);
  // Most hits sit on words the spinner really changed.
  const onSubstitutions = spun.hits.filter((h) =>
    SPUN_TRACED.substitutions.some((s) => s.start < h.end && h.start < s.end),
  );
  assert.ok(onSubstitutions.length >= 0.7 * spun.hits.length, `${onSubstitutions.length}/${spun.hits.length}`);
});

test("a fixed name with one word swapped for a WordNet neighbour is a name hit, restored", () => {
  const text =
    "The Ministry of Protection declined to comment on the reports, and officials in the capital said nothing.";
  const hits = detectSpin(text, "en").hits.filter((h) => h.signal === "name");
  assert.deepEqual(
    hits.map((h) => `${h.spun}=>${h.original}`),
    ["Ministry of Protection=>Ministry of Defense"],
  );
  assertOffsets(text, hits);
});

test("restoreText undoes confident substitutions with offsets into the spun text", () => {
  const { hits } = detectSpin(SPUN, "en");
  const { restored_text, restorations } = restoreText(SPUN, hits);
  for (const r of restorations) assert.equal(SPUN.slice(r.start, r.end), r.spun);
  // Restorations are in order and do not overlap, and most give back the word the spinner replaced.
  for (let i = 1; i < restorations.length; i++) assert.ok(restorations[i]!.start >= restorations[i - 1]!.end);
  const exact = restorations.filter((r) =>
    SPUN_TRACED.substitutions.some((s) => s.start === r.start && s.original.toLowerCase() === r.original.toLowerCase()),
  );
  assert.ok(
    restorations.length > 0 && exact.length >= 0.7 * restorations.length,
    `${exact.length}/${restorations.length}: ${restored_text}`,
  );
});

test("restoreText leaves low-confidence hits alone and rejects hits that do not match", () => {
  const text = "a satellite tv for pc dish";
  const start = text.indexOf("satellite");
  const hit = {
    start,
    end: start + "satellite tv for pc".length,
    spun: "satellite tv for pc",
    original: "satellite",
    confidence: 0.3,
    reason: "test",
  };
  assert.equal(restoreText(text, [hit]).restored_text, text);
  assert.equal(restoreText(text, [{ ...hit, confidence: 0.9 }]).restored_text, "a satellite dish");
  assert.throws(
    () => restoreText(text, [{ ...hit, start: 0 }]),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
});

test("does not flag short texts, name lists, number tables, poetry or other languages", () => {
  const samples: Array<[string, string]> = [
    ["International Minister satellite tv for pc Ministry of Protection.", "en"],
    ["Sergei Shoigu\nKim Jong Un\nSergey Lavrov\nChoe Son Hui\nVladimir Putin\nKang Sun Nam\n".repeat(10), "en"],
    ["2023 | 14.5 | 17.2 | 9.8\n2024 | 15.1 | 18.0 | 10.2\n".repeat(30), "en"],
    [
      "The sea is calm tonight, the tide is full, the moon lies fair upon the straits; on the French coast the light gleams and is gone; " +
        "the cliffs of England stand, glimmering and vast, out in the tranquil bay. Come to the window, sweet is the night air! ".repeat(
          3,
        ),
      "en",
    ],
    ["Министр иностранных дел России Сергей Лавров прибыл в Пхеньян для переговоров. ".repeat(20), "ru"],
    [
      "Der Außenminister traf am Dienstag in der Hauptstadt ein, um mit seinem Amtskollegen zu sprechen. ".repeat(20),
      "de",
    ],
    ["", "en"],
  ];
  for (const [text, lang] of samples) {
    const r = detectSpin(text, lang);
    assert.equal(r.is_spun, false, `${text.slice(0, 40)} → ${r.score}`);
    assertOffsets(text, r.hits);
  }
});

test("real names that look like a swapped fixed name are not flagged", () => {
  // Attested names (in the dictionaries or clean news) whose one-word swap would give another name.
  const text = "Officers of the National Guard met the Border Force and the Intelligence Agency on Tuesday.";
  assert.deepEqual(
    detectSpin(text, "en").hits.filter((h) => h.signal === "name"),
    [],
  );
});

test("rejects binary input with a typed error", () => {
  assert.throws(
    () => detectSpin("abc\u0000\u0001def", "en"),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
});

test("pathological input is scanned whole with valid offsets", () => {
  const text = "a a ".repeat(200_000) + "The The ".repeat(50_000) + "x".repeat(1_000_000);
  const r = detectSpin(text, "en");
  assertOffsets(text, r.hits.slice(0, 100));
});

test("seeds: flags the two spun copies (000, 001) and none of 002–004", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  for (const [n, text] of seeds) {
    const r = detectSpin(text, "en");
    assertOffsets(text, r.hits);
    assert.equal(r.is_spun, n === "000" || n === "001", `seed ${n}: score ${r.score}`);
  }
});

test("article-agreement hits are recorded but never restored", () => {
  const text = "She is an senior adviser to the minister and an fellow of the institute.";
  const r = detectSpin(text, "en");
  const agreement = r.hits.filter((h) => h.signal === "article-agreement");
  assert.deepEqual(
    agreement.map((h) => h.spun),
    ["an senior", "an fellow"],
  );
  const restored = restoreText(text, agreement);
  assert.equal(restored.restored_text, text);
  assert.equal(restored.restorations.length, 0);
  // Correct usage is not a hit.
  assert.deepEqual(
    detectSpin("It was a union of an honest man and a one-off deal with an analyst.", "en").hits.filter(
      (h) => h.signal === "article-agreement",
    ),
    [],
  );
});

test("demo examples: the spun plain-text copy is flagged, the other plain-text scrapes are not", (t) => {
  const dir = join(packageRoot(), "examples");
  if (!existsSync(dir)) return t.skip("examples/ not present");
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));
  if (!files.some((f) => f.includes("spun"))) return t.skip("no spun example present");
  for (const f of files) {
    const r = detectSpin(readFileSync(join(dir, f), "utf8"), "en");
    assert.equal(r.is_spun, f.includes("spun"), `${f}: score ${r.score}`);
  }
});

test("hyphenated lexicon phrases match only with the hyphen", () => {
  // A made-up fingerprint list for this test (the shipped one is data/provenance/spin-lexicon.json).
  const lexicon = compileLexicon(
    parseLexicon({
      about: "test",
      version: 1,
      phrases: [
        { spun: "top-tier gathering", original: "summit", weight: 1, confidence: 0.9 },
        { spun: "eye-catching", original: "striking", weight: 0.5, confidence: 0.6 },
      ],
      names: [],
      nameWords: {},
      contextual: [],
    }),
  );
  const hits = detectSpin("It was a top-tier gathering with eye-catching results, not a top tier gathering.", "en", {
    lexicon,
  }).hits.filter((h) => h.signal === "lexicon");
  assert.deepEqual(
    hits.map((h) => h.spun),
    ["top-tier gathering", "eye-catching"],
  );
});

test("poissonTail: chance of at least k hits", () => {
  assert.equal(poissonTail(0, 2), 1);
  assert.ok(Math.abs(poissonTail(1, 2) - (1 - Math.exp(-2))) < 1e-12);
  assert.ok(Math.abs(poissonTail(3, 0.728) - 0.0377) < 1e-3);
});

test("poissonTail stays right for the means of very long documents (no underflow)", () => {
  // mean 1,000: exp(-1000) is 0 in doubles; the tail must still separate k far above from k below.
  assert.ok(poissonTail(1200, 1000) < 1e-6, "1,200 hits where 1,000 are expected is significant");
  assert.ok(poissonTail(900, 1000) > 0.99, "900 hits where 1,000 are expected is not");
  assert.ok(Math.abs(poissonTail(1000, 1000) - 0.5) < 0.02);
});

test("a short text needs hits significantly above the clean rate, not only a high score", () => {
  // Same hits, same score threshold: flagged only when the evidence is significant for its length.
  const strict = detectSpin(SPUN, "en", { cleanRate: 1000 });
  assert.equal(strict.is_spun, false, "with a clean rate this high nothing is significant");
  assert.equal(detectSpin(SPUN, "en", { cleanRate: 0.001 }).is_spun, true);
});

test("beyondSynonymsShare: the share of broader-thesaurus hits among substitution hits, smoothed", () => {
  assert.equal(beyondSynonymsShare([], 0.9, 0), 0.5);
  // Two broad hits (0.95, 0.91) of four candidates, six synonym hits: (2 + 1) / (2 + 6 + 2).
  assert.equal(beyondSynonymsShare([0.95, 0.5, 0.91, 0.1], 0.9, 6), 0.3);
  assert.ok(beyondSynonymsShare([0.95, 0.95, 0.95], 0.9, 0) > BROAD_MIN_SHARE);
  assert.ok(beyondSynonymsShare([0.95], 0.9, 20) < BROAD_MIN_SHARE);
});

test("broader-thesaurus restorations: the broad ranker proposes above its document gate, the fixed scorer below", () => {
  const base = defaultSpinResources();
  assert.ok(base.ranker?.broad, "the shipped broad ranker is loaded");
  // A spinner whose thesaurus adds the broader neighbours to the synonyms (as real spinners' thesauri do).
  const thesaurus = new Map([...base.synonyms].map(([o, l]) => [o, [...l, ...(base.broadSynonyms.get(o) ?? [])]]));
  const { text } = makeSpinner(5, { synonyms: thesaurus }).spinTraced(CLEAN + " " + CLEAN, 0.7);
  const broad = (hits: SpinHit[]) => hits.filter((h) => h.reason.startsWith("substitution (broader thesaurus)"));
  const open = {
    ...base,
    ranker: { ...base.ranker!, broadMinShare: 0, broadMinConfidence: 0, broadMinProbability: 0 },
  };
  const shut = { ...base, ranker: { ...base.ranker!, broadMinShare: 2 } };
  const without = { ...base, ranker: { ...base.ranker!, broad: undefined } };
  const viaRanker = broad(detectSpin(text, "en", { resources: open }).hits);
  assert.ok(viaRanker.length > 0, "with the gate open, broad candidates are ranked and proposed");
  assertOffsets(text, viaRanker);
  for (const h of viaRanker) assert.ok(h.confidence >= 0 && h.confidence <= 1);
  // Gate shut: exactly the hits of the fixed scorer (as with no broad ranker at all).
  assert.deepEqual(
    broad(detectSpin(text, "en", { resources: shut }).hits),
    broad(detectSpin(text, "en", { resources: without }).hits),
  );
});
