import { test } from "node:test";
import assert from "node:assert/strict";
import { serialize, deserialize } from "node:v8";
import { isDeepStrictEqual } from "node:util";
import { DossierError } from "../util/errors.js";
import { Gazetteer, gazetteer } from "./gazetteer.js";
import { matchKey } from "./names.js";

test("a gazetteer restored from its snapshot holds the same state and matches the same names", () => {
  const g = gazetteer();
  const bytes = g.snapshot();
  assert.ok(bytes.buffer instanceof SharedArrayBuffer);
  const back = Gazetteer.fromSnapshot(structuredClone(bytes));
  assert.notEqual(back, g);
  // same state: order of maps and sets, absent fields (a sample of the values, compared without a diff of
  // megabytes on failure; the whole state takes seconds)
  type State = Record<string, Map<string, unknown> | Set<string> | unknown[] | number | string>;
  const a = deserialize(back.snapshot()) as State;
  const b = deserialize(bytes) as State;
  assert.deepEqual(Object.keys(a), Object.keys(b));
  for (const field of Object.keys(b)) {
    const x = a[field];
    const y = b[field];
    if (!(y instanceof Map || y instanceof Set || Array.isArray(y))) {
      assert.equal(x, y, field);
      continue;
    }
    const xs = [...(x as Iterable<unknown>)];
    const ys = [...y];
    assert.equal(xs.length, ys.length, field);
    for (let i = 0; i < ys.length; i += 37) assert.ok(isDeepStrictEqual(xs[i], ys[i]), `${field} #${i}`);
  }
  assert.equal(back.byId.size, g.byId.size);
  assert.equal(back.people.length, g.people.length);
  // an entity reached through a name is the one in byId (identity kept, as in the built gazetteer)
  const info = back.lookup(matchKey("France"));
  assert.ok(info && info.names.length > 0);
  assert.equal(info.names[0]!.entity, back.byId.get(info.names[0]!.entity.id));
  const tokens = ["Officials", "in", "Canberra", "and", "the", "Government", "of", "Chile", "met", "."];
  const starts = (i: number) => /^\p{Lu}/u.test(tokens[i]!);
  const summary = (x: Gazetteer) =>
    x.match(tokens, starts).map((m) => [m.first, m.last, m.names.map((n) => n.entity.id)]);
  assert.deepEqual(summary(back), summary(g));
  assert.ok(summary(g).length >= 2);
});

test("bytes that are not a gazetteer snapshot are refused", () => {
  assert.throws(() => Gazetteer.fromSnapshot(new Uint8Array([1, 2, 3])), DossierError);
  assert.throws(() => Gazetteer.fromSnapshot(serialize({ format: "other" })), DossierError);
});
