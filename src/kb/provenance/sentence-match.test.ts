import assert from "node:assert/strict";
import { test } from "node:test";
import { matchSentences, sentenceKeys, stem } from "./sentence-match.js";
import { tokenize } from "./text.js";

const FUNCTION = new Set("the a of and to in on for was were by with that is it has have said".split(" "));
// One vocabulary for every text of a test file: keys are compared across texts.
const vocab = new Map<string, number>();
function keysOf(text: string, synonyms = new Map<string, Set<string>>()) {
  const key = (s: string) => vocab.get(s) ?? (vocab.set(s, vocab.size), vocab.size - 1);
  return { keys: sentenceKeys(text, tokenize(text), key, synonyms, (w) => FUNCTION.has(w)), vocab };
}

test("stem strips plural, past and gerund endings alike", () => {
  assert.equal(stem("talks"), stem("talked"));
  assert.equal(stem("talking"), stem("talk"));
  assert.equal(stem("cities"), "city");
  assert.equal(stem("gas"), "gas");
});

test("numbers are one key however they are written", () => {
  const { vocab } = keysOf("The council approved 1,500 new homes and three schools for the valley towns.");
  assert.ok(vocab.has("#1500"));
  assert.ok(vocab.has("#3"));
});

test("sentences match in any order, through synonyms, with paragraph numbers", () => {
  const synonyms = new Map([
    ["approved", new Set(["passed"])],
    ["passed", new Set(["approved"])],
  ]);
  const a = keysOf(
    "The regional council approved a budget for river flood barriers.\n\nEngineers expect the northern barrier works to finish within two summers.\n\nResidents of the lower valley welcomed the decision at a crowded meeting.",
    synonyms,
  ).keys;
  const b = keysOf(
    "Residents of the lower valley welcomed the decision at a crowded meeting.\n\nA budget for river flood barriers was passed by the regional council.",
    synonyms,
  ).keys;
  assert.deepEqual(
    a.map((s) => s.para),
    [0, 1, 2],
  );
  const m = matchSentences(a, b);
  assert.equal(m.matched, 2);
  assert.equal(m.cover, 1);
  assert.equal(m.paragraphs, 2);
});

test("texts on one topic with different sentences do not match", () => {
  const a = keysOf("The regional council approved a budget for river flood barriers after the spring storms.").keys;
  const b = keysOf("Storm damage along the river cost farmers their spring planting, the union estimated.").keys;
  assert.equal(matchSentences(a, b).matched, 0);
});

test("the other side's cover and span show how much of the source a match involves", () => {
  const a = keysOf(
    "Harbour crews repaired the eastern pier after the winter storm damage.\n\nFerry timetables return to normal from the first week of March.",
  ).keys;
  const b = keysOf(
    "Ferry timetables return to normal from the first week of March.\n\nThe island council debated a new parking levy for summer visitors.\n\nShopkeepers on the quay argued the levy would drive tourists away.\n\nA vote on the levy is expected before the end of the month.",
  ).keys;
  const m = matchSentences(a, b);
  assert.equal(m.matched, 1);
  assert.ok(m.cover > 0.4 && m.cover < 0.6, `${m.cover}`);
  assert.ok(m.otherCover > 0.1 && m.otherCover < 0.3, `${m.otherCover}`);
  assert.equal(m.otherSpan, 0.25);
});
