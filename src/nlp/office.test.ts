import { test } from "node:test";
import assert from "node:assert/strict";
import { actorCode, officeHolder, officeHolders } from "./office.js";
import { gazetteer } from "./gazetteer.js";

test("office holders come from the Phoenix dictionaries' dated roles", () => {
  assert.equal(officeHolder("USA", "Secretary of State", "2010-03-01")?.holder.name, "Hillary Clinton");
  assert.equal(officeHolder("USA", "president", "2005-03-01")?.holder.name, "George W. Bush");
  assert.equal(officeHolder("DEU", "chancellor", "2010-01-01")?.holder.name, "Angela Merkel");
  // a term's end is exclusive: on the day Bush's ended, he no longer holds it
  assert.notEqual(officeHolder("USA", "president", "2009-01-20")?.holder.name, "George W. Bush");
  assert.deepEqual(officeHolders("XXX", "president", "2010-01-01"), []);
});

test("after the dictionaries' date an open term is flagged stale", () => {
  const h = officeHolders("USA", "president", "2024-03-01").find((x) => x.holder.name === "Barack Obama");
  assert.ok(h);
  assert.equal(h.stale, true);
  assert.equal(officeHolder("USA", "president", "2010-03-01")?.stale, false);
});

test("actor codes by date, as PETRARCH2 reads them", () => {
  const e = [...gazetteer().byId.values()].find((x) => x.name === "Barack Obama" && x.codes);
  assert.ok(e);
  assert.equal(actorCode(e, "2010-01-01"), "USAGOV");
  assert.equal(actorCode(e, "1990-01-01"), "USAELI");
});
