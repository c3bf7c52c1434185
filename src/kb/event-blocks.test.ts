/**
 * Event blocks give the clustering of the whole partition, and the index finds every block a new
 * report can reach: random partitions with a hub actor, shared places, every date precision,
 * undated reports, family copies, signings and modes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../util/random.js";
import type { EventMode } from "../model/records.js";
import { blockFeatures, eventBlocks, eventUnitsInteract, featureQueries } from "./event-blocks.js";
import { clusterEventUnits, eventIdOf, eventRecordOf, eventsOfPartition, unitIdOf, type EventUnit } from "./units.js";

function randomUnits(seed: number, n: number, dated: boolean): EventUnit[] {
  const rng = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rng() * list.length)]!;
  const actors = ["e_hub", "e_hub", "e_hub", "e_a", "e_b", "e_c", "e_d"];
  const places = ["e_x", "e_y", "e_z", "e_w", "e_v"];
  const dates = [
    "2024-03-04",
    "2024-03-05",
    "2024-03-20",
    "2024-03",
    "2024-03-01/2024-03-10",
    "2024-03-09/2024-04-02",
    "2024-03-xx",
  ];
  const units: EventUnit[] = [];
  for (let i = 0; i < n; i++) {
    const doc = `d_${String(Math.floor(rng() * n * 0.6)).padStart(4, "0")}`;
    const idx = units.filter((u) => u.doc === doc).length;
    const unitActors = rng() < 0.1 ? [] : [...new Set([pick(actors), ...(rng() < 0.3 ? [pick(actors)] : [])])];
    const signing = rng() < 0.08;
    const modes: EventMode[] = rng() < 0.1 ? ["negated" as EventMode] : [];
    // A family copy repeats its original's type, actors and modes (units.ts tieEventCopies).
    const original = units.length > 0 && rng() < 0.1 ? pick(units) : null;
    const copyOf = original && original.actors.length > 0 ? unitIdOf(original) : null;
    units.push({
      doc,
      outlet: pick(["o1", "o2", "o3", null]),
      family: doc,
      idx,
      type: signing ? "SUPPORT" : pick(["CONSULT", "CONSULT", "SUPPORT"]),
      actors: unitActors,
      targets: rng() < 0.5 ? [pick(places)] : [],
      location: rng() < 0.3 ? pick(places) : null,
      date: dated ? pick(dates) : null,
      modes,
      mode: signing ? "sign" : pick(["meet", null]),
      summary: `s${i}`,
      trigger: "t",
      evidence: { doc, start: idx * 10, end: idx * 10 + 5, text: "xxxxx" },
      copyOf,
      ...(copyOf && original
        ? { type: original.type, actors: original.actors, modes: original.modes, mode: original.mode }
        : {}),
    });
  }
  return units;
}

/** The partition's events computed block by block, ids ranked across blocks by merge order. */
function eventsByBlocks(units: EventUnit[]): { events: string[]; eventOf: Map<string, string> } {
  const clusters = eventBlocks(units).flatMap((b) => clusterEventUnits(b));
  const firsts = new Map<string, string[]>();
  for (const c of clusters) (firsts.get(c.base) ?? firsts.set(c.base, []).get(c.base)!).push(c.first);
  for (const l of firsts.values()) l.sort();
  const eventOf = new Map<string, string>();
  const events: string[] = [];
  for (const c of clusters) {
    const id = eventIdOf(c, firsts.get(c.base)!.indexOf(c.first));
    for (const m of c.members) eventOf.set(unitIdOf(m), id);
    events.push(JSON.stringify(eventRecordOf(c, id)));
  }
  return { events: events.sort(), eventOf };
}

test("clustering block by block gives the events of the whole partition", () => {
  let multi = 0;
  let blocks = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const units = randomUnits(seed, 20 + (seed % 5) * 15, seed % 3 !== 0);
    const whole = eventsOfPartition(units);
    const parts = eventsByBlocks(units);
    assert.deepEqual(parts.events, whole.events.map((e) => JSON.stringify(e)).sort(), `seed ${seed}`);
    assert.deepEqual(new Map([...parts.eventOf].sort()), new Map([...whole.eventOf].sort()), `seed ${seed}`);
    multi += whole.events.filter((e) => e.evidence.length > 1).length;
    blocks += eventBlocks(units).length;
  }
  assert.ok(multi > 100, `reports do merge (${multi} events of several reports)`);
  assert.ok(blocks > 600, `partitions split into blocks (${blocks})`);
});

test("the index finds every block holding a report a new one can reach", () => {
  for (let seed = 100; seed < 140; seed++) {
    const units = randomUnits(seed, 50, seed % 2 === 0);
    const [probe, ...rest] = units;
    const stored = eventBlocks(rest);
    const index = new Map<string, Map<number, string>>();
    stored.forEach((b, i) => {
      for (const [f, v] of blockFeatures(b)) (index.get(f) ?? index.set(f, new Map()).get(f)!).set(i, v);
    });
    const found = new Set<number>();
    for (const q of featureQueries(probe!)) for (const [i, v] of index.get(q.key) ?? []) if (q.accepts(v)) found.add(i);
    stored.forEach((b, i) => {
      if (b.some((u) => eventUnitsInteract(probe!, u))) assert.ok(found.has(i), `seed ${seed}: block ${i} missed`);
    });
  }
});

test("an undated hub partition splits into the groups of reports sharing a place", () => {
  const units = randomUnits(7, 200, false).map((u) => ({ ...u, actors: ["e_hub"], copyOf: null }));
  const blocks = eventBlocks(units);
  assert.ok(blocks.length > 5, `${blocks.length} blocks`);
  for (const b of blocks)
    for (const c of blocks)
      if (b !== c) for (const u of b) assert.ok(!c.some((v) => eventUnitsInteract(u, v)), "blocks never interact");
});

test("an event that arrives before others of its content key does not renumber them (decision 155)", () => {
  // Undated reports of one actor with no target or place never join: each is its own event, all
  // with one content key.
  const report = (doc: string): EventUnit => ({
    doc,
    outlet: null,
    family: doc,
    idx: 0,
    type: "CONSULT",
    actors: ["e_hub"],
    targets: [],
    location: null,
    date: null,
    modes: [],
    mode: null,
    summary: "talks",
    trigger: "t",
    evidence: { doc, start: 0, end: 5, text: "xxxxx" },
    copyOf: null,
  });
  const before = eventsOfPartition(["d_20", "d_30", "d_40", "d_50"].map(report));
  const after = eventsOfPartition(["d_10", "d_20", "d_30", "d_40", "d_50"].map(report));
  assert.equal(new Set(before.events.map((e) => e.id)).size, 4, "four events, four ids");
  // d_10 takes the content key's own id from d_20; d_30, d_40 and d_50 keep theirs.
  for (const unit of ["d_30#0", "d_40#0", "d_50#0"])
    assert.equal(after.eventOf.get(unit), before.eventOf.get(unit), unit);
  assert.equal(after.eventOf.get("d_10#0"), before.eventOf.get("d_20#0"));
  assert.notEqual(after.eventOf.get("d_20#0"), before.eventOf.get("d_20#0"));
});
