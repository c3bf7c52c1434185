import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FastScorer,
  LABELS,
  N_LABELS,
  decodePacked,
  decodeWeights,
  encodeWeights,
  shippedWeights,
  tagWindow,
  valueTemplateIndex,
  VALUE_IN,
  viewOf,
  wordShape,
  type Weights,
} from "./perceptron.js";
import { tokenize } from "./tokenize.js";
import { loadSeeds, seedsAvailable } from "./test-helpers.js";

test("word shapes collapse runs", () => {
  assert.equal(wordShape("Kim"), "Xx");
  assert.equal(wordShape("U.S."), "X.X.");
  assert.equal(wordShape("2023"), "d");
  assert.equal(wordShape("Son-hui"), "Xx-x");
  assert.equal(wordShape("Kłyszcz"), "Xx");
});

test("binary weight format round-trips (map and packed forms)", () => {
  const w: Weights = new Map([
    ["w=kim", Float32Array.from({ length: N_LABELS }, (_, k) => k - 4.5)],
    ["s=Xx", Float32Array.from({ length: N_LABELS }, (_, k) => (k === 1 ? 1234.5 : 0))],
    ["w=é", new Float32Array(N_LABELS)],
  ]);
  const buf = encodeWeights(w);
  const map = decodeWeights(buf);
  const packed = decodePacked(buf);
  for (const [f, v] of w) {
    assert.deepEqual(Array.from(map.get(f)!), Array.from(v));
    assert.deepEqual(Array.from(packed.get(f)!), Array.from(v));
  }
  assert.equal(packed.get("nope"), undefined);
  assert.equal(packed.size, 3);
  assert.throws(() => decodePacked(buf.subarray(0, buf.length - 4)));
});

test("the fast scorer gives exactly the reference tagger's labels on every seed sentence", {
  skip: seedsAvailable() ? false : "no seeds",
}, () => {
  const weights = shippedWeights();
  assert.ok(weights, "shipped weights present");
  assert.ok(weights.size > 10_000);
  const fast = new FastScorer(weights);
  let tokens = 0;
  let entityLabels = 0;
  for (const seed of loadSeeds()) {
    const { tokens: toks, sentences } = tokenize(seed.text);
    for (let s = 0; s < sentences.length; s++) {
      const words = toks.filter((t) => t.sentence === s).map((t) => t.text);
      const v = viewOf(words);
      const ref = tagWindow(weights, v, 0, words.length);
      assert.deepEqual(fast.tagWindow(v, 0, words.length), ref);
      tokens += words.length;
      entityLabels += ref.filter((l) => LABELS[l] !== "O").length;
    }
  }
  assert.ok(tokens > 5000);
  assert.ok(entityLabels > 300, `tagger labels names on the seeds (${entityLabels})`);
});

test("value-template index: which word templates a value occurs in, every split of a pair kept", () => {
  const idx = valueTemplateIndex([
    "b",
    "w=okapi",
    "w1=the",
    "t1w=B-person|okapi",
    "w1w=the|okapi",
    "wn1=a|b|c",
    "sn1w=Xx|said",
    "x3=api",
  ]);
  assert.equal(idx.get("okapi"), VALUE_IN.w | VALUE_IN.t1w | VALUE_IN.w1wSecond);
  assert.equal(idx.get("the"), VALUE_IN.w1 | VALUE_IN.w1wFirst);
  // "a|b|c" may be ("a", "b|c") or ("a|b", "c"): both readings are marked, so no feature is ever skipped
  assert.equal(idx.get("a"), VALUE_IN.wn1First);
  assert.equal(idx.get("a|b"), VALUE_IN.wn1First);
  assert.equal(idx.get("b|c"), VALUE_IN.wn1Second);
  assert.equal(idx.get("c"), VALUE_IN.wn1Second);
  assert.equal(idx.get("said"), VALUE_IN.sn1wSecond);
  assert.equal(idx.has("api"), false, "affix templates are not indexed");
  assert.equal(idx.has("Xx"), false, "the shape side of sn1w is not indexed");
});
