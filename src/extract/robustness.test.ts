import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts, assertEvidence } from "./index.js";
import { analysisFor, CASE_ENTITIES } from "./testkit.js";
import { DossierError } from "../util/errors.js";
import type { NlpAnalysis } from "../model/pipeline.js";

const EMPTY: NlpAnalysis = { lang: "und", sentences: [], tokens: [], entities: [], mentions: [], times: [], notes: [] };

test("empty and whitespace-only texts give no facts", () => {
  for (const text of ["", "   \n\n  "]) {
    const facts = extractFacts({ doc: "d", text, published: null, nlp: EMPTY });
    assert.deepEqual(
      [facts.events, facts.quotes, facts.claims, facts.provisions, facts.relations].map((x) => x.length),
      [0, 0, 0, 0, 0],
    );
  }
});

test("binary-looking text does not crash and keeps the invariant", () => {
  let text = "";
  for (let i = 0; i < 20000; i++) text += String.fromCharCode((i * 7919) % 0xd7ff);
  const facts = extractFacts({ doc: "d", text, published: null, nlp: EMPTY });
  assertEvidence(text, facts);
});

test("a malformed analysis is a typed BAD_INPUT error; too large a text is TOO_LARGE", () => {
  assert.throws(
    () => extractFacts({ doc: "d", text: "x", published: null, nlp: { sentences: [] } as unknown as NlpAnalysis }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  assert.throws(
    () => extractFacts({ doc: "d", text: "a".repeat(2_000_001), published: null, nlp: EMPTY }),
    (e: unknown) => e instanceof DossierError && e.code === "TOO_LARGE",
  );
});

test("mentions that do not match the text (an analysis of another text) are ignored, not trusted", () => {
  const text = "Lavrov visited Pyongyang on Thursday.";
  const nlp = analysisFor("Shoigu visited Pyongyang on Thursday.", CASE_ENTITIES, "2023-10-20");
  const facts = extractFacts({ doc: "d", text, published: "2023-10-20", nlp });
  assertEvidence(text, facts);
  assert.ok(facts.notes.some((n) => /did not match/.test(n)));
});

test("a 250 KB run-on paragraph dense with names, marks and triggers is read whole", () => {
  const unit =
    "Lavrov met Kim in Pyongyang and said “we agree on all the points we discussed today” while Moscow denied shell deliveries to Russia, ";
  const text = unit.repeat(Math.ceil(250_000 / unit.length));
  const nlp = analysisFor(text, CASE_ENTITIES, "2023-10-20");
  const facts = extractFacts({ doc: "d", text, published: "2023-10-20", nlp: { ...nlp, sentences: [] } });
  assertEvidence(text, facts);
  assert.ok(facts.quotes.length > 1000 && facts.events.length > 100, "the whole text is read, not just its start");
});
