import { test } from "node:test";
import assert from "node:assert/strict";
import { shippedModel } from "./model.js";
import {
  bufferLeftFeatures,
  bufferStaticFeatures,
  moveFeatures,
  pairFeatures,
  secondStackFeatures,
  stackRightFeatures,
  stackTopFeatures,
} from "./move-features.js";
import { MAX_PARSE_FEATURES, parserInput, type ParserInput } from "./parser.js";
import { hashWords, tagIds } from "./tagger.js";
import { ArcEagerState, N_MOVES, SHIFT } from "./transition.js";

// invented sentences: a quote, a relative clause, coordination, a one-word sentence
const SENTENCES = [
  "The harbour authority said on Friday that the ferry , which had been delayed twice , would sail at noon .",
  "“ Nobody told us , ” a driver waiting near the bridge said .",
  "Engineers , nurses and teachers marched through the centre of the town to the council offices .",
  "Snow .",
].map((s) => s.split(" "));

function inputOf(words: string[], clusters = false): ParserInput {
  const m = shippedModel();
  const h = hashWords(words, m.clusters, m.tagDictionary);
  const cl = clusters ? Int32Array.from(words, (_, i) => 1 + (i % 5)) : null;
  return parserInput(h.word, tagIds(m.tagger, h), cl);
}

/** Every state of a parse driven by the shipped move classifier, the empty-stack states included (training scores those). */
function walkStates(x: ParserInput, visit: (st: ArcEagerState) => void): void {
  const m = shippedModel();
  const st = new ArcEagerState(x.n);
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const scores = new Float64Array(N_MOVES);
  while (!st.terminal() && !st.inEndPhase()) {
    visit(st);
    if (st.sp === 0) {
      st.apply(SHIFT, -1);
      continue;
    }
    scores.fill(0);
    m.mover.score(feats, moveFeatures(x, st, feats), scores);
    let move = -1;
    for (let k = 0; k < N_MOVES; k++) if (st.valid(k) && (move < 0 || scores[k]! > scores[move]!)) move = k;
    st.apply(move, move >= 2 ? 0 : -1);
  }
}

test("moveFeatures is the six groups in order: 84 distinct keys per state, 93 with clusters", () => {
  const a = new Uint32Array(MAX_PARSE_FEATURES);
  const b = new Uint32Array(MAX_PARSE_FEATURES);
  let states = 0;
  let emptyStack = 0;
  for (const words of SENTENCES) {
    const x = inputOf(words);
    walkStates(x, (st) => {
      states++;
      if (st.sp === 0) emptyStack++;
      const n = moveFeatures(x, st, a);
      assert.equal(n, 84);
      assert.equal(new Set(a.subarray(0, n)).size, 84, "every template gives its own key");
      const s0 = st.s(0);
      const s1 = st.s(1);
      let k = bufferStaticFeatures(x, st.i, b, 0);
      assert.equal(k, 12);
      k = bufferLeftFeatures(x, st, st.i, b, k);
      assert.equal(k, 23);
      k = stackTopFeatures(x, st, s0, b, k);
      assert.equal(k, 44);
      k = stackRightFeatures(x, st, s0, b, k);
      assert.equal(k, 55);
      k = secondStackFeatures(x, s1, st.s(2), b, k);
      assert.equal(k, 59);
      k = pairFeatures(x, st, s0, s1, b, k);
      assert.deepEqual(b.subarray(0, k), a.subarray(0, n));
    });
    const xc = inputOf(words, true);
    walkStates(xc, (st) => {
      const n = moveFeatures(xc, st, a);
      assert.equal(n, 93);
      assert.equal(new Set(a.subarray(0, n)).size, 93);
      const plain = new Uint32Array(MAX_PARSE_FEATURES);
      moveFeatures(x, st, plain);
      assert.deepEqual(a.subarray(0, 84), plain.subarray(0, 84), "clusters only add features at the end");
    });
  }
  assert.ok(states > 40 && emptyStack > 0);
});

test("every move template fires features the shipped move classifier has weights for", () => {
  // a template whose inputs or number changed would hash to keys the shipped weights never saw
  const m = shippedModel();
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const one = new Float64Array(N_MOVES);
  const hit = new Uint8Array(84);
  for (const words of SENTENCES) {
    const x = inputOf(words);
    walkStates(x, (st) => {
      const n = moveFeatures(x, st, feats);
      for (let f = 0; f < n; f++) {
        one.fill(0);
        m.mover.score(feats.subarray(f, f + 1), 1, one);
        if (one.some((v) => v !== 0)) hit[f] = 1;
      }
    });
  }
  const missed = [...hit.keys()].filter((f) => hit[f] === 0);
  assert.deepEqual(missed, []);
});
