import assert from "node:assert/strict";
import { test } from "node:test";
import { makeSpinner } from "./synthetic.js";

const synonyms = new Map([
  ["talks", ["negotiations", "discussions", "conversations", "parleys"]],
  ["important", ["significant", "crucial", "vital", "weighty"]],
]);
const text = Array.from({ length: 12 }, () => "The talks were important.").join(" ");

test("consistent spinning swaps every occurrence of a chosen word for one synonym", () => {
  const { text: spun, substitutions } = makeSpinner(3, { synonyms }).spinTraced(text, 0.5, { consistent: true });
  const byOriginal = new Map<string, Set<string>>();
  for (const s of substitutions) {
    assert.equal(spun.slice(s.start, s.end), s.spun);
    byOriginal.set(s.original, (byOriginal.get(s.original) ?? new Set()).add(s.spun));
  }
  for (const [original, picks] of byOriginal) {
    assert.equal(picks.size, 1, `${original} spun as ${[...picks].join(", ")}`);
    assert.equal(substitutions.filter((s) => s.original === original).length, 12);
    assert.ok(!new RegExp(`\\b${original}\\b`).test(spun), `${original} left somewhere`);
  }
});

test("independent spinning (the default) decides each occurrence on its own", () => {
  const { substitutions } = makeSpinner(3, { synonyms }).spinTraced(text, 0.5);
  const talks = substitutions.filter((s) => s.original === "talks");
  assert.ok(talks.length > 0 && talks.length < 12, `${talks.length} of 12 occurrences swapped`);
  assert.ok(new Set(talks.map((s) => s.spun)).size > 1);
});
