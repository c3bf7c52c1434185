import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import {
  bandKeysOfSketch,
  contentPairSketch,
  estimatedContainment,
  hasContentPairView,
  nearDuplicateSketch,
} from "./near-dup.js";

const PAIR_VIEW_FROM = 3 * 64 * 2 ** 32;
const isPairKey = (k: string) => Number(k) >= PAIR_VIEW_FROM;

// Invented story and an aggregator-style repost of it: new headline, sentences reordered, merged and
// reworded, function words changed, one paragraph cut.
const STORY = [
  "Harbour cranes return to the eastern pier",
  "Workers at the Tolvik port authority began rebuilding the eastern pier on Monday, three weeks after a storm damaged 14 cranes and a warehouse.",
  "The authority said 1,500 workers and 220 engineers would take part, and that the first container ships could dock again in March 2027.",
  "Insurers from Bremen and Oslo finished their survey of the site last week, according to the authority's director, Helga Marsk.",
  "The repairs are expected to cost 48 million kroner, most of it covered by the regional government of Nordvik.",
  "Fishing crews moved their boats to the western basin while the cranes were out of service, and several complained about the crowded berths.",
].join("\n\n");
const REPOST = [
  "Tolvik pier rebuild under way",
  "According to reports, rebuilding of the eastern pier started at the Tolvik port authority late last week; a storm had damaged 14 cranes as well as a warehouse three weeks earlier.",
  "Repairs are expected to cost some 48 million kroner, the bulk covered by Nordvik's regional government.",
  "Some 1500 workers plus 220 engineers will take part, the authority said. Container ships could dock again by March 2027.",
  "Helga Marsk, director of the authority, said insurers from Oslo and Bremen had finished surveying the site.",
].join("\n\n");

test("word, skeleton and number band keys are those of the version before the content-pair view", () => {
  const keys = nearDuplicateSketch(STORY).keys.filter((k) => !isPairKey(k));
  // Computed with the code before decision 176: a store of that version keeps these rows.
  assert.equal(keys.length, 72);
  assert.equal(createHash("sha256").update(keys.join(",")).digest("hex").slice(0, 16), "9f6f2eaba6554b2c");
});

test("the content-pair view survives reordering and rewording that breaks word 5-grams", () => {
  const a = nearDuplicateSketch(STORY);
  const b = nearDuplicateSketch(REPOST);
  const c = estimatedContainment(a, b);
  assert.ok(c.pairs > c.word, JSON.stringify(c));
  assert.ok(c.pairs >= 0.3, JSON.stringify(c));
  const shared = a.keys.filter((k) => b.keys.includes(k));
  assert.ok(shared.some(isPairKey), "the repost shares a content-pair band with its source");
});

test("quotations are left out of the content-pair view", () => {
  const quote = "“Every crew we have will be needed on the pier before the winter storms arrive again,” she said.";
  const own = (n: number) =>
    Array.from({ length: 6 }, (_, i) => `Outlet ${n} reporter wrote paragraph ${i} about berth ${n * 10 + i} rules.`);
  const x = contentPairSketch([...own(1), quote].join("\n\n"));
  const y = contentPairSketch([...own(1)].join("\n\n"));
  assert.equal(x.p, y.p, "the quotation adds no content pair");
  assert.deepEqual(x.keys, y.keys);
});

test("a sketch stored before the view has no content-pair keys and estimates 0 on that view", () => {
  const full = nearDuplicateSketch(STORY);
  const { p: _p, ps: _ps, keys: _k, ...old } = full;
  assert.equal(hasContentPairView(old), false);
  assert.equal(hasContentPairView(full), true);
  assert.deepEqual(
    bandKeysOfSketch(old),
    full.keys.filter((k) => !isPairKey(k)),
  );
  assert.deepEqual(bandKeysOfSketch(full), full.keys);
  assert.equal(estimatedContainment(old, full).pairs, 0);
  const pairOnly = contentPairSketch(STORY);
  assert.deepEqual(pairOnly.keys, full.keys.filter(isPairKey));
  assert.equal(pairOnly.p, full.p);
});
