import { test } from "node:test";
import assert from "node:assert/strict";
import { restoreFromSource } from "./restore-source.js";
import { makeSpinner } from "./synthetic.js";

const SOURCE =
  "The Foreign Minister arrived in the capital on Tuesday for talks with his counterpart. Officials said the two countries discussed trade " +
  "and energy supplies, and agreed to meet again in the Far East next month. The Ministry of Defense declined to comment on reports of military aid.";

test("reads each spun stretch back from the source, offsets into the spun text", () => {
  const spun = makeSpinner(3).spin(SOURCE, 0.5);
  assert.notEqual(spun, SOURCE);
  const rs = restoreFromSource(spun, SOURCE, "d_src");
  assert.ok(rs.length >= 3, JSON.stringify(rs));
  for (const r of rs) {
    assert.equal(spun.slice(r.start, r.end), r.spun);
    assert.ok(SOURCE.includes(r.original), r.original);
    assert.match(r.reason, /d_src/);
  }
  // Applying every restoration gives back the source text.
  let rebuilt = "";
  let pos = 0;
  for (const r of rs) {
    rebuilt += spun.slice(pos, r.start) + r.original;
    pos = r.end;
  }
  rebuilt += spun.slice(pos);
  assert.equal(rebuilt, SOURCE);
});

test("unrelated texts give no restorations; identical texts none either", () => {
  assert.deepEqual(
    restoreFromSource("Completely different words about football and weather today.", SOURCE, "d_src"),
    [],
  );
  assert.deepEqual(restoreFromSource(SOURCE, SOURCE, "d_src"), []);
});
