import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom, shuffled } from "./random.js";

test("seededRandom repeats its sequence for a seed, differs across seeds, stays in [0, 1)", () => {
  const a = seededRandom(42),
    b = seededRandom(42),
    c = seededRandom(43);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(
    Array.from({ length: 1000 }, () => b()),
    xs,
  );
  assert.notDeepEqual(
    Array.from({ length: 1000 }, () => c()),
    xs,
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

test("shuffled returns a permutation, repeatable by seed, and leaves its input alone", () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const a = shuffled(items, seededRandom(5));
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    items,
  );
  assert.deepEqual(shuffled(items, seededRandom(5)), a);
  assert.notDeepEqual(a, items);
  assert.equal(items[0], 0);
});
