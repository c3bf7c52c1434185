import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts } from "./index.js";
import { analysisFor, type TestEntity } from "./testkit.js";

const ENTITIES: TestEntity[] = [
  { names: ["Russia", "Moscow"], type: "country" },
  { names: ["North Korea", "Pyongyang", "DPRK"], type: "country" },
  { names: ["Japan", "Tokyo"], type: "country" },
  { names: ["Global Herald"], type: "organization" },
];

function relations(text: string) {
  const nlp = analysisFor(text, ENTITIES, null);
  const facts = extractFacts({ doc: "d_rel", text, published: null, nlp });
  for (const r of facts.relations) assert.equal(text.slice(r.evidence.start, r.evidence.end), r.evidence.text);
  return { relations: facts.relations, key: (n: string) => nlp.entities.find((e) => e.name === n)!.key };
}

test("enumerated tracks of cooperation relate the document's two main countries", () => {
  const text = [
    "Ties between Russia and North Korea are growing. Moscow and Pyongyang talk often.",
    "First, the economic track. Second, we can speak of military-technical cooperation. Third, there is political and diplomatic cooperation.",
  ].join("\n\n");
  const { relations: rs, key } = relations(text);
  const types = new Set(rs.map((r) => r.type));
  for (const t of ["economic", "military-technical", "political"]) assert.ok(types.has(t as never), `missing ${t}: ${[...types]}`);
  for (const r of rs) assert.deepEqual(new Set([r.source, r.target]), new Set([key("Russia"), key("North Korea")]));
});

test("several areas in one sentence give one relation each; media are not parties", () => {
  const { relations: rs } = relations("Global Herald reports that cooperation between Russia and North Korea now covers education, health and science.");
  assert.deepEqual(new Set(rs.map((r) => r.type)), new Set(["education", "health", "science"]));
  assert.ok(rs.every((r) => r.polarity === "cooperation"));
});

test("conflict is directed from the actor to the target and skipped when negated", () => {
  const a = relations("Japan imposed sanctions against Russia over the deal.");
  assert.equal(a.relations.length, 1);
  assert.equal(a.relations[0]!.polarity, "conflict");
  assert.equal(a.relations[0]!.source, a.key("Japan"));
  assert.equal(a.relations[0]!.target, a.key("Russia"));
  const b = relations("Japan will not join sanctions against Russia.");
  assert.equal(b.relations.length, 0);
});
