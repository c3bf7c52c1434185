import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "./index.js";
import { resolveEntities } from "./resolve.js";

const analyse = (doc: string, text: string) => {
  const a = analyzeText(text, { lang: "en", published: "2024-06-21" });
  return { doc, entities: a.entities, mentions: a.mentions };
};

test("unknown people merge across documents on transliteration variants only", () => {
  const r = resolveEntities([
    analyse("d1", "Analyst Aleksandr Vorontsov said the talks went well. Vorontsov added more."),
    analyse("d2", "Expert Alexander Vorontsov disagreed."),
    analyse("d3", "Analyst Pavel Vorontsov, his cousin, was silent."),
  ]);
  const vorontsovs = r.entities.filter((e) => e.name.includes("Vorontsov"));
  assert.equal(vorontsovs.length, 2, vorontsovs.map((e) => e.name).join());
  const alexander = vorontsovs.find((e) => e.docs === 2)!;
  assert.ok(alexander);
  assert.equal(alexander.mentions, 3);
});

test("a bare surname shared by two people is recorded as ambiguous, not guessed", () => {
  const r = resolveEntities([
    analyse("d1", "Analyst Pavel Orlov spoke."),
    analyse("d2", "Analyst Ivan Orlov spoke."),
    analyse("d3", "Orlov was quoted, said analyst Mikhail Zarubin."),
  ]);
  const orlovs = r.entities.filter((e) => e.name.includes("Orlov"));
  assert.ok(orlovs.length >= 2);
  assert.ok(orlovs.every((e) => e.name === "Orlov" || !e.aliases.includes("Orlov")));
});

test("ids are stable and idOf maps local keys", () => {
  const docs = [
    analyse("d1", "Sergey Lavrov met Kim Jong Un in Pyongyang."),
    analyse("d2", "Sergei Lavrov flew home."),
  ];
  const a = resolveEntities(docs);
  const b = resolveEntities([...docs].reverse());
  assert.deepEqual(a.entities, b.entities);
  const lavrov = a.entities.find((e) => e.name === "Sergey Lavrov")!;
  assert.equal(lavrov.docs, 2);
  assert.equal(a.idOf("d1", "actor:lavrov"), lavrov.id);
  assert.equal(a.idOf("d1", "nope"), null);
  for (const m of a.mentions) assert.ok(a.entities.some((e) => e.id === m.entity));
});
