import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeUnitRow, encodeUnitRow } from "./unit-rows.js";

const DOC = "d_00aa11bb22cc33dd";

const relation = (idx: number, start: number) => ({
  kind: "rl",
  doc: DOC,
  outlet: "Harbour Ledger",
  family: DOC,
  idx,
  source: "e_1111111111111111",
  target: "e_2222222222222222",
  type: "economic",
  polarity: "cooperation",
  evidence: { doc: DOC, start, end: start + 40 },
});

const event = (idx: number, extra: Record<string, unknown> = {}) => ({
  kind: "ev",
  doc: DOC,
  outlet: null,
  family: "d_ffee000000000001",
  idx,
  type: "CONSULT",
  actors: ["e_1111111111111111"],
  targets: [],
  location: null,
  date: idx % 2 ? "2026-03-04" : null,
  modes: [],
  mode: null,
  summary: "two ministers met",
  trigger: "met",
  ...extra,
  evidence: { doc: DOC, start: 10 * idx, end: 10 * idx + 9 },
  copyOf: idx === 2 ? "d_ffee000000000001#0" : null,
});

const quote = {
  kind: "qt",
  doc: DOC,
  outlet: "Harbour Ledger",
  family: DOC,
  idx: 4,
  start: 100,
  end: 140,
  text: 'we will "keep" talking\u2028to them',
  direct: true,
  speaker: null,
  speaker_text: "the minister",
  cue: "said",
  addressee: null,
  event: 1,
  spun: false,
};

/** The stored text round-trips to units whose JSON is byte for byte the original's. */
function roundTrips(units: object[]): string {
  const text = encodeUnitRow(DOC, units);
  assert.equal(JSON.stringify(decodeUnitRow(DOC, text)), JSON.stringify(units));
  return text;
}

test("unit rows: compact form round-trips every unit kind byte for byte, and is smaller", () => {
  for (const units of [
    [relation(0, 0), relation(1, 61)],
    [event(0), event(1, { actor_agents: ["police"], target_agents: [] }), event(2)],
    [quote],
  ]) {
    const text = roundTrips(units);
    assert.ok(text.startsWith("{"), "compact form");
    assert.match(text, /"s":\[\d+(,\d+)*\]/, "the shape of the units units.ts cuts is a known one");
    assert.ok(text.length < JSON.stringify(units).length * 0.75, `${text.length} vs ${JSON.stringify(units).length}`);
  }
});

test("unit rows: fields JSON drops (undefined) stay dropped; shapes differ within a row", () => {
  const units = [event(0, { actor_agents: undefined }), event(1, { actor_agents: ["crowd"] })];
  const decoded = decodeUnitRow<Record<string, unknown>>(DOC, roundTrips(units));
  assert.equal("actor_agents" in decoded[0]!, false);
  assert.deepEqual(decoded[1]!.actor_agents, ["crowd"]);
});

test("unit rows: units that do not fit the pattern are kept as their JSON array", () => {
  const foreignSpan = { ...relation(0, 0), evidence: { doc: "d_other0000000000", start: 0, end: 4 } };
  const spanWithText = { ...relation(0, 0), evidence: { doc: DOC, start: 0, end: 4, text: "abcd" } };
  const otherDoc = { ...relation(0, 0), doc: "d_other0000000000" };
  const mixedOutlets = [relation(0, 0), { ...relation(1, 61), outlet: "Other Desk" }];
  const reordered = [{ doc: DOC, kind: "rl", outlet: null, family: DOC, idx: 0 }];
  for (const units of [[foreignSpan], [spanWithText], [otherDoc], mixedOutlets, reordered, []]) {
    const text = roundTrips(units);
    assert.equal(text, JSON.stringify(units));
  }
});

test("unit rows: rows written before the compact form (JSON arrays) read as they are", () => {
  const units = [relation(0, 0)];
  assert.deepEqual(decodeUnitRow(DOC, JSON.stringify(units)), units);
  assert.throws(() => decodeUnitRow(DOC, '{"k":"rl"}'), /cannot read/);
});

test("unit rows: a family that is the row's document is not stored; rows that spell it out read the same", () => {
  const own = roundTrips([relation(0, 0)]);
  assert.ok(!own.includes('"f"'), own);
  const other = roundTrips([event(0)]);
  assert.ok(other.includes('"f":"d_ffee000000000001"'), other);
  const spelt = own.replace('"o":"Harbour Ledger",', `"o":"Harbour Ledger","f":"${DOC}",`);
  assert.notEqual(spelt, own);
  assert.equal(JSON.stringify(decodeUnitRow(DOC, spelt)), JSON.stringify([relation(0, 0)]));
});
