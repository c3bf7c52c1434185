import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { runQuery, formatTable, cleanCell, displayWidth, truncate } from "./query.js";
import { fixtureStore, type FixtureIds } from "../../test/fixtures/kb.js";
import type { Store } from "../store/store.js";

let store: Store;
let ids: FixtureIds;
before(async () => ({ store, ids } = await fixtureStore()));
after(async () => store?.close());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQuery(store, args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

test("timeline: aligned table, filters, JSON", async () => {
  const all = await run("timeline");
  assert.equal(all.code, 0);
  const lines = all.out.split("\n");
  const header = lines.find((l) => l.startsWith("DATE"))!;
  assert.ok(header.includes("TYPE") && header.includes("SOURCES"));
  const whoCol = header.indexOf("WHO");
  const rows = lines.filter((l) => /^\d{4}/.test(l));
  assert.equal(rows.length, 4);
  for (const r of rows) assert.ok(r[whoCol - 1] === " " && r[whoCol] !== " ", `columns align: ${r}`);
  const lavrov = await run("timeline", "--entity", "Lavrov");
  assert.match(lavrov.out, /Timeline of Sergey Lavrov/);
  assert.equal(lavrov.out.split("\n").filter((l) => /^\d{4}/.test(l)).length, 1);
  const json = await run("timeline", "--type", "reject", "--json");
  const parsed = JSON.parse(json.out);
  assert.deepEqual(
    parsed.items.map((e: { id: string }) => e.id),
    [ids.events.reject],
  );
  const none = await run("timeline", "--from", "2030");
  assert.equal(none.code, 0);
  assert.match(none.out, /no events match/);
});

test("entity profile in text and JSON; unknown entity exits 1", async () => {
  const p = await run("entity", "Sergey", "Lavrov");
  assert.equal(p.code, 0);
  assert.match(p.out, /^Sergey Lavrov {2}\(person, e_/);
  assert.match(p.out, /roles: Russian Foreign Minister/);
  assert.match(p.out, /spun wording, not the speaker's exact words/);
  assert.match(p.out, /Choe Son Hui/);
  const j = JSON.parse((await run("entity", ids.entities.choe, "--json")).out);
  assert.equal(j.name, "Choe Son Hui");
  const missing = await run("entity", "Nobody");
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no entity matches "Nobody"/);
});

test("claims show asserts and denials with outlets and offsets", async () => {
  const c = await run("claims", "--contested");
  assert.equal(c.code, 0);
  assert.match(c.out, /North Korea supplied artillery shells to Russia {2}\[2 independent outlets\]/);
  assert.match(c.out, /denied by: {3}Kremlin/);
  assert.match(c.out, /deny {3}Harbour Ledger, 2023-10-19 \[d_\w+:\d+-\d+\]/);
  assert.match(c.out, /report Northern Wire \(spun wording\)/);
  assert.equal(JSON.parse((await run("claims", "--json")).out).total, 2);
});

test("search prints hits and facets; no hit exits 1; operator syntax is harmless", async () => {
  const s = await run("search", "artillery", "shells");
  assert.equal(s.code, 0);
  assert.match(s.out, /2 of 2 documents match "artillery shells"/);
  assert.match(s.out, /outlets: .*Seoul Monitor \(1\)/);
  assert.equal((await run("search", "zzzz-nothing")).code, 1);
  for (const q of ['"', "NEAR(", "*", "(("]) assert.ok([0, 1].includes((await run("search", q)).code), q);
});

test("usage errors exit 2", async () => {
  for (const args of [
    [],
    ["frobnicate"],
    ["entity"],
    ["search"],
    ["timeline", "--type", "DANCE"],
    ["timeline", "--from", "soon"],
    ["timeline", "--limit", "0"],
    ["timeline", "--bogus"],
    ["timeline", "extra"],
  ]) {
    const r = await run(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, /Usage:/);
  }
  assert.equal((await run("--help")).code, 0);
});

test("terminal safety: control characters and escape sequences never reach the terminal", () => {
  assert.equal(cleanCell("a\u001b[2Jb\u0007c\u009bd\u202Ee\r\nf"), "a[2Jbcde f");
  const table = formatTable(["A", "B"], [["\u001b]0;pwned\u0007x", "y"]]);
  assert.doesNotMatch(table, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
});

test("widths: wide characters count double and cells are cut with an ellipsis", () => {
  assert.equal(displayWidth("abc"), 3);
  assert.equal(displayWidth("김정은"), 6);
  assert.equal(displayWidth("Лавров"), 6);
  assert.equal(truncate("abcdefgh", 5), "abcd…");
  assert.equal(displayWidth(truncate("김정은김정은", 7)), 7);
  const t = formatTable(
    ["NAME", "X"],
    [
      ["김정은", "1"],
      ["Kim", "2"],
    ],
  ).split("\n");
  assert.equal(t[2].indexOf("1"), "김정은".length + 2, "a wide cell fills its display width");
  assert.equal(t[3].indexOf("2"), 8);
});
