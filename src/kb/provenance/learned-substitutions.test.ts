import { test } from "node:test";
import assert from "node:assert/strict";
import { learnedOriginal, learnedRestorations, learnSubstitutions } from "./learned-substitutions.js";
import { restoreFromSource } from "./restore-source.js";

// Written for these tests. A made-up spinner writes "gathering" for "meeting" and "lift" for "raise".
const SOURCES = [
  "The council held a meeting on Monday and voted to raise the fee for parking permits in the old town next spring.",
  "After a long meeting with the unions, the company agreed to raise wages by four per cent over the next two years.",
  "Farmers asked for a meeting with the minister, who promised to raise the question of water prices at the cabinet.",
];
const spin = (s: string) => s.replace(/\bmeeting\b/g, "gathering").replace(/\braise\b/g, "lift");

function aligned(n: number) {
  return SOURCES.slice(0, n).map((src, i) => {
    const text = spin(src);
    return { text, restorations: restoreFromSource(text, src, `s${i}`) };
  });
}

test("learns the spinner's own pairs from aligned copies, with confidence growing with support", () => {
  const one = learnSubstitutions(aligned(1));
  const three = learnSubstitutions(aligned(3));
  assert.equal(learnedOriginal(one, "gathering")?.original, "meeting");
  assert.ok(learnedOriginal(one, "gathering")!.confidence < 0.6, "one document is not enough to restore");
  const found = learnedOriginal(three, "gathering")!;
  assert.equal(found.original, "meeting");
  assert.equal(found.support, 3);
  assert.ok(found.confidence >= 0.6, JSON.stringify(found));
  assert.equal(learnedOriginal(three, "lift")?.original, "raise");
});

test("a form the aligned copies often keep unchanged is not trusted", () => {
  // "lift" also occurs where the source itself says "lift": the spinner did not write it there.
  const copies = aligned(3).map((c) => ({
    text: `${c.text} Ski lift and lift pass prices, lift queues, lift times.`,
    restorations: c.restorations,
  }));
  const learned = learnSubstitutions(copies);
  assert.ok(learnedOriginal(learned, "lift")!.confidence < 0.6, JSON.stringify(learnedOriginal(learned, "lift")));
  assert.ok(learnedOriginal(learned, "gathering")!.confidence >= 0.6);
});

test("restorations in a copy whose source is absent carry offsets into it and keep capitalisation", () => {
  const learned = learnSubstitutions(aligned(3));
  const text = "Gathering in the capital, the envoys said they would lift the issue at the next gathering.";
  const rs = learnedRestorations(text, learned);
  assert.deepEqual(
    rs.map((r) => [r.spun, r.original]),
    [
      ["Gathering", "Meeting"],
      ["lift", "raise"],
      ["gathering", "meeting"],
    ],
  );
  for (const r of rs) assert.equal(text.slice(r.start, r.end), r.spun);
  assert.ok(rs.every((r) => r.confidence >= 0.6 && /learned from this corpus/.test(r.reason)));
});

test("numbers, names spelled otherwise and long rewrites are edits, not thesaurus pairs", () => {
  const learned = learnSubstitutions([
    {
      text: "It cost 40 euros in Kyiv.",
      restorations: [
        { start: 8, end: 10, spun: "40", original: "45" },
        { start: 20, end: 24, spun: "Kyiv", original: "Kiev" },
      ],
    },
  ]);
  assert.equal(learned.forms.has("40"), false);
  assert.equal(learned.forms.has("kyiv"), false);
});
