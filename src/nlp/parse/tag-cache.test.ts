import { test } from "node:test";
import assert from "node:assert/strict";
import { f1 } from "./hash.js";
import { shippedModel } from "./model.js";
import type { Scorer } from "./perceptron.js";
import { canCacheTags, positionFeatures, TAG_CACHE_SLOTS, TagScoreCache } from "./tag-cache.js";
import { hashWords, MAX_TAG_FEATURES, tagFeatures, tagIds } from "./tagger.js";
import { ArcEagerState } from "./transition.js";

// invented sentences: names, numbers, hyphens, a quote, one word
const SENTENCES = [
  "The harbour authority said on Friday that 1,250 containers had been delayed by the storm .",
  "“ It is a well-known problem , ” Ms. Okonkwo told the committee in Lagos .",
  "Shares of Brightwater Ltd fell 4.5 % after the results .",
  "Yes .",
].map((s) => s.split(" "));

test("the cached word features and the per-position ones are exactly the tagger's features", () => {
  const m = shippedModel();
  const all = new Uint32Array(MAX_TAG_FEATURES);
  const rest = new Uint32Array(MAX_TAG_FEATURES);
  for (const words of SENTENCES) {
    const h = hashWords(words);
    for (let i = 0; i < h.n; i++) {
      const nAll = tagFeatures(h, i, 3, 7, all);
      const nRest = positionFeatures(h, i, 3, 7, rest);
      const own = [
        f1(1, 0),
        f1(2, h.word[i]!),
        f1(3, h.suf3[i]!),
        f1(4, h.pre1[i]!),
        f1(5, h.shape[i]!),
        f1(19, h.suf2[i]!),
        f1(22, h.cased[i]!),
        f1(23, h.suf4[i]!),
      ].map((x) => x >>> 0);
      const union = [...own, ...Array.from(rest.subarray(0, nRest))].sort((a, b) => a - b);
      assert.deepEqual(
        union,
        Array.from(all.subarray(0, nAll)).sort((a, b) => a - b),
        `word ${i} of ${words.join(" ")}`,
      );
    }
  }
  assert.ok(canCacheTags(m.tagger, MAX_TAG_FEATURES), "the shipped tagger's sums are exact");
});

test("tagging with the cache gives the tags of scoring every feature, also after slots are taken over", () => {
  const m = shippedModel();
  // a scorer that is not a QuantizedModel takes the plain path
  const plain: Scorer = { nClasses: m.tagger.nClasses, score: (f, n, out) => m.tagger.score(f, n, out) };
  assert.equal(canCacheTags(plain, MAX_TAG_FEATURES), false);
  // more forms than the cache holds, so slots are reused
  const many: string[][] = [];
  for (let k = 0; k < TAG_CACHE_SLOTS / 4; k++)
    many.push(["Rivercorp", `unit${k}x`, "reported", `${k}`, "new", `Zorb${k}`, "."]);
  for (const words of [...SENTENCES, ...many, ...SENTENCES]) {
    const h = hashWords(words, null, m.tagDictionary);
    assert.deepEqual(Array.from(tagIds(m.tagger, h)), Array.from(tagIds(plain, h)), words.join(" "));
  }
});

test("a word's cached part equals the scores of its eight word features", () => {
  const m = shippedModel();
  const cache = new TagScoreCache(m.tagger);
  const h = hashWords(SENTENCES[0]!);
  const got = new Float64Array(m.tagger.nClasses);
  const want = new Float64Array(m.tagger.nClasses);
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < h.n; i++) {
      cache.wordPart(h, i, got);
      const f = Uint32Array.of(
        f1(1, 0),
        f1(2, h.word[i]!),
        f1(3, h.suf3[i]!),
        f1(4, h.pre1[i]!),
        f1(5, h.shape[i]!),
        f1(19, h.suf2[i]!),
        f1(22, h.cased[i]!),
        f1(23, h.suf4[i]!),
      );
      want.fill(0);
      m.tagger.score(f, f.length, want);
      assert.deepEqual(Array.from(got), Array.from(want));
    }
});

test("a reused parser state starts empty whatever the sentence before left in it", () => {
  const a = ArcEagerState.reused(5);
  a.apply(0, -1);
  a.apply(3, 2);
  const b = ArcEagerState.reused(3);
  const fresh = new ArcEagerState(3);
  for (const k of ["stack", "head", "label", "lc1", "lc2", "rc1", "rc2", "nl", "nr", "lset", "rset"] as const)
    assert.deepEqual(Array.from(b[k]), Array.from(fresh[k]), k);
  assert.equal(b.sp, 0);
  assert.equal(b.i, 0);
});
