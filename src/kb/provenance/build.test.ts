import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProvenance } from "./build.js";
import { readSeeds } from "./testing.js";

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
      assert.ok((d.restorations ?? []).length > 20);
    } else {
      assert.equal(d.restored_text, null);
    }
    for (const r of d.restorations ?? []) assert.equal(text.slice(r.start, r.end), r.spun);
  }
});
