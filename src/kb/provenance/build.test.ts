import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProvenance } from "./build.js";
import { readSeeds } from "./testing.js";
import { makeSpinner } from "./synthetic.js";

test("seeds: spin flags, restorations with exact offsets, singleton families", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  const docs = [...seeds].map(([n, text]) => ({ id: `d_${n}`, text, lang: "en", published: null, outlet: null, url: null }));
  const { documents, links } = buildProvenance(docs);
  assert.equal(links.length, 0);
  for (const [i, d] of documents.entries()) {
    const text = docs[i]!.text;
    assert.equal(d.family, d.id);
    assert.equal(d.republication_of, null);
    assert.equal(d.spun.is_spun, d.id === "d_000" || d.id === "d_001");
    if (d.spun.is_spun) {
      assert.ok(d.restored_text && d.restored_text !== text);
      assert.ok((d.restorations ?? []).length >= 5, `${(d.restorations ?? []).length} restorations`);
    } else {
      assert.equal(d.restored_text, null);
    }
    for (const r of d.restorations ?? []) assert.equal(text.slice(r.start, r.end), r.spun);
  }
});

test("a spun copy whose source is in the corpus is restored from the source", () => {
  const source =
    "The Foreign Minister arrived in the capital on Tuesday for talks with his counterpart, the second such visit this year. Officials said the two countries " +
    "discussed trade and energy supplies, and agreed to meet again in the Far East next month. The Ministry of Defense declined to comment on reports " +
    "of military aid, which both governments have denied. Analysts said the visit was a crucial step for relations that have grown closer since the war began, " +
    "and that the Security Council would find it harder to agree on new measures. The talks lasted four hours and ended with a joint statement.";
  const spun = makeSpinner(21).spin(source, 0.6);
  const docs = [
    { id: "d_src", text: source, lang: "en", published: "2024-01-01", outlet: "A", url: null },
    { id: "d_spun", text: spun, lang: "en", published: "2024-02-01", outlet: "B", url: null },
  ];
  const { documents, links } = buildProvenance(docs);
  assert.equal(links.length, 1);
  const d = documents[1]!;
  assert.equal(d.spun.is_spun, true, `score ${d.spun.score}`);
  assert.equal(d.republication_of, "d_src");
  assert.equal(d.family, "d_src");
  assert.equal(d.restored_text, source);
  assert.ok((d.restorations ?? []).some((r) => /aligned with source d_src/.test(r.reason)));
  for (const r of d.restorations ?? []) assert.equal(spun.slice(r.start, r.end), r.spun);
});
