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
  for (const t of ["economic", "military-technical", "political"])
    assert.ok(types.has(t as never), `missing ${t}: ${[...types]}`);
  for (const r of rs) assert.deepEqual(new Set([r.source, r.target]), new Set([key("Russia"), key("North Korea")]));
});

test("several areas in one sentence give one relation each; media are not parties", () => {
  const { relations: rs } = relations(
    "Global Herald reports that cooperation between Russia and North Korea now covers education, health and science.",
  );
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

const MORE: TestEntity[] = [
  ...ENTITIES,
  { names: ["Kremlin"], type: "organization", affiliation: "RUS" },
  { names: ["Soviet Union"], type: "country" },
  { names: ["South Korea", "Seoul"], type: "country" },
];

function relationsWith(text: string) {
  const nlp = analysisFor(text, MORE, null);
  const facts = extractFacts({ doc: "d_rel2", text, published: null, nlp });
  return { relations: facts.relations, name: (k: string) => nlp.entities.find((e) => e.key === k)!.name };
}

test("a relation needs two distinct states: the Kremlin and the Soviet Union are Russia again", () => {
  const a = relationsWith("The Kremlin said Russia wants economic cooperation to grow.");
  assert.equal(a.relations.length, 0, JSON.stringify(a.relations));
  const b = relationsWith("Russia agreed to build a road bridge next to a railway bridge built by the Soviet Union.");
  assert.ok(
    !b.relations.some((r) => [r.source, r.target].map(b.name).includes("Soviet Union")),
    JSON.stringify(b.relations),
  );
});

test("the area keyword must share a clause with both parties", () => {
  const { relations: rs, name } = relationsWith(
    "Japan said that Russia and North Korea expanded their military cooperation, while Tokyo keeps its trade with Seoul.",
  );
  const pairs = rs.map((r) => `${name(r.source)}>${name(r.target)}:${r.type}`);
  assert.ok(pairs.includes("Russia>North Korea:military"), pairs.join(" "));
  assert.ok(!pairs.some((p) => p.startsWith("Japan>Russia") || p.endsWith("Russia:economic")), pairs.join(" "));
});

test("tourism and student visas are not culture or education; conjectures relate nobody", () => {
  const a = relationsWith(
    "Both governments have spoken of projects in tourism, and workers from North Korea come to Russia on student visas.",
  );
  assert.ok(
    !a.relations.some((r) => r.type === "culture" || r.type === "education"),
    JSON.stringify(a.relations.map((r) => r.type)),
  );
  const b = relationsWith(
    "Any such trade would breach resolutions banning weapons sales to North Korea, measures Russia voted for.",
  );
  assert.equal(b.relations.length, 0, JSON.stringify(b.relations));
});

test("'The second track is military.' is an enumerated track; blocking sanctions is no conflict with the target", () => {
  const text = [
    "Russia and North Korea met again. Moscow and Pyongyang talk often.",
    "The first track is the economy. The second track is military. The third track is political.",
  ].join("\n\n");
  const { relations: rs } = relations(text);
  const types = new Set(rs.map((r) => r.type));
  for (const t of ["economic", "military", "political"])
    assert.ok(types.has(t as never), `missing ${t}: ${[...types]}`);
  const b = relations("Since 2022, Moscow and Tokyo have blocked new sanctions on North Korea.");
  assert.ok(!b.relations.some((r) => r.polarity === "conflict"), JSON.stringify(b.relations));
});
