import { test } from "node:test";
import assert from "node:assert/strict";
import { shippedModel } from "./model.js";
import { canCacheMoves, MoveScoreCache } from "./move-cache.js";
import { MAX_PARSE_FEATURES, moveFeatures, parseIds, parserInput, type ParserInput } from "./parser.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";
import { hashWords, tagIds } from "./tagger.js";
import { ArcEagerState, N_MOVES } from "./transition.js";

// invented sentences with varied shapes: coordination, a relative clause, a quote, a long tail of PPs
const SENTENCES = [
  "The regional council approved the budget that the mayor had proposed in March , officials said .",
  "She did n't expect the river to rise so quickly after two days of rain .",
  "“ We will appeal , ” the company 's lawyer told reporters outside the court on Tuesday .",
  "Farmers , traders and bankers met in the old hall near the station to discuss prices for wheat , corn and rice .",
  "Rain .",
].map((s) => s.split(" "));

function inputOf(words: string[]): ParserInput {
  const m = shippedModel();
  const h = hashWords(words, m.clusters, m.tagDictionary);
  return parserInput(h.word, tagIds(m.tagger, h), null);
}

/** Drives a parse with the plain scorer and calls `visit` at every scored state. */
function walkStates(x: ParserInput, visit: (st: ArcEagerState) => void): void {
  const m = shippedModel();
  const st = new ArcEagerState(x.n);
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const scores = new Float64Array(N_MOVES);
  while (!st.terminal() && !st.inEndPhase()) {
    if (st.sp === 0) {
      st.apply(0, -1);
      continue;
    }
    visit(st);
    scores.fill(0);
    m.mover.score(feats, moveFeatures(x, st, feats), scores);
    let move = -1;
    for (let k = 0; k < N_MOVES; k++) if (st.valid(k) && (move < 0 || scores[k]! > scores[move]!)) move = k;
    st.apply(move, move >= 2 ? 0 : -1);
  }
}

test("cached move scores equal the plain scores to the last bit, and parses are the same", () => {
  const m = shippedModel();
  assert.ok(canCacheMoves(m.mover, MAX_PARSE_FEATURES), "the shipped move classifier's sums are exact");
  const cache = new MoveScoreCache();
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const plain = new Float64Array(N_MOVES);
  const cached = new Float64Array(N_MOVES);
  for (const words of SENTENCES) {
    const x = inputOf(words);
    cache.reset(x.n, m.mover);
    walkStates(x, (st) => {
      plain.fill(0);
      m.mover.score(feats, moveFeatures(x, st, feats), plain);
      cache.score(m.mover, x, st, feats, cached);
      assert.deepEqual(cached, plain);
    });
    // a scorer that is not a QuantizedModel takes the plain path
    const wrapped: Scorer = { nClasses: 4, score: (f, n, out) => m.mover.score(f, n, out) };
    assert.equal(canCacheMoves(wrapped, MAX_PARSE_FEATURES), false);
    const rootLabel = m.meta.labels.length;
    assert.deepEqual(parseIds(m.mover, m.labeler, x, rootLabel), parseIds(wrapped, m.labeler, x, rootLabel));
  }
});

test("weights whose sums could round are not cached", () => {
  const keys = new Uint32Array([11, 12]);
  const weights = new Int8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const exact = new QuantizedModel(4, keys, new Float32Array([0.5, 0.25]), weights);
  const inexact = new QuantizedModel(4, keys, new Float32Array([1e-20, 1e10]), weights);
  assert.equal(canCacheMoves(exact, MAX_PARSE_FEATURES), true);
  assert.equal(canCacheMoves(inexact, MAX_PARSE_FEATURES), false);
});

test("word-form sums are kept across sentences, reused for repeated words, and dropped for another model", () => {
  const m = shippedModel();
  const cache = new MoveScoreCache();
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const plain = new Float64Array(N_MOVES);
  const cached = new Float64Array(N_MOVES);
  // the same model with every scale doubled: exact sums still, other scores
  const mover = m.mover as QuantizedModel;
  const doubled = new QuantizedModel(
    4,
    mover.keys,
    mover.scales.map((s) => s * 2),
    mover.weights,
  );
  assert.ok(canCacheMoves(doubled, MAX_PARSE_FEATURES));
  const check = (model: Scorer, words: string[]): void => {
    const x = inputOf(words);
    cache.reset(x.n, model);
    walkStates(x, (st) => {
      plain.fill(0);
      model.score(feats, moveFeatures(x, st, feats), plain);
      cache.score(model, x, st, feats, cached);
      assert.deepEqual(cached, plain);
    });
  };
  for (const words of SENTENCES) check(m.mover, words);
  const misses = cache.roleMisses;
  // the same sentences again: every word form's sums are in the cache already
  for (const words of SENTENCES) check(m.mover, words);
  assert.equal(cache.roleMisses, misses);
  assert.ok(cache.roleReads > 2 * misses);
  // another model: nothing is reused, scores are that model's
  for (const words of SENTENCES) check(doubled, words);
  assert.equal(cache.roleMisses, 2 * misses);
  for (const words of SENTENCES) check(m.mover, words);
  assert.equal(cache.roleMisses, 3 * misses);
});
