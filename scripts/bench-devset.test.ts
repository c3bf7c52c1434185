/**
 * The development set is well formed: every article parses, every gold quote occurs in its text,
 * every named speaker is one of the article's entities, and the splits keep their sizes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSplit, splitDir } from "./bench-devset.js";

test("development split: at least 30 articles, every gold quote in its text", () => {
  const dev = loadSplit(splitDir("dev"));
  assert.ok(dev.length >= 30, `${dev.length} articles`);
  for (const a of dev) {
    const words = a.text.split(/\s+/).length;
    assert.ok(words >= 150 && words <= 450, `${a.id}: ${words} words`);
    assert.ok(a.quotes.length > 0 && a.entities.length > 0, a.id);
    for (const q of a.quotes) assert.ok(a.text.includes(q.text), `${a.id}: ${q.text}`);
  }
});

test("held-out split: 10 articles with ids distinct from the development split", () => {
  const held = loadSplit(splitDir("heldout"));
  assert.equal(held.length, 10);
  const dev = new Set(loadSplit(splitDir("dev")).map((a) => a.id));
  for (const a of held) assert.ok(!dev.has(a.id), a.id);
});
