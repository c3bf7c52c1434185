/**
 * Press forms of administrative divisions (./gazetteer-regions.ts) and their use by the gazetteer: "the X
 * region", "X Oblast" and "X province" name the division, not the city it is named after.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cityOfAdjective, divisionForms } from "./gazetteer-regions.js";
import { analyzeText } from "./index.js";

test("a division named with a designator yields its base and the press forms", () => {
  const f = divisionForms("Tambov Oblast", ["Tambov"]);
  assert.equal(f.base, "Tambov");
  assert.ok(f.forms.includes("Tambov region"));
  assert.ok(f.forms.includes("Tambov Region"));
  assert.ok(f.forms.includes("Tambov province"));
  assert.ok(!f.forms.includes("Tambov Oblast"), "the data's own name is not repeated");
  assert.ok(divisionForms("Stavropol Krai", []).forms.includes("Stavropol Territory"));
  assert.equal(divisionForms("Republic of Tuva", []).base, "Tuva");
  assert.ok(divisionForms("Hunan", []).forms.includes("Hunan province"));
});

test("an adjectival division name becomes the city it is formed from", () => {
  assert.equal(cityOfAdjective("Poltavska", ["Poltava", "Lviv"]), "Poltava");
  assert.equal(cityOfAdjective("Lvivska", ["Poltava", "Lviv"]), "Lviv");
  assert.equal(cityOfAdjective("Volynska", ["Poltava", "Lviv"]), null, "no city of that stem");
  const f = divisionForms("Rivnenska oblast", ["Rivne", "Lutsk"]);
  assert.equal(f.base, "Rivne");
  assert.equal(f.english, "Rivne Oblast");
  assert.ok(f.forms.includes("Rivne region"));
  assert.equal(divisionForms("Grodno voblast", ["Grodno"]).base, "Grodno", "a non-adjectival name stays");
});

test("generic compass words make no base", () => {
  assert.equal(divisionForms("Central Region", []).base, null);
  assert.equal(divisionForms("Northern Province", []).forms.length, 0);
});

test("the press forms of a division name the division, not its city", () => {
  const text =
    "Drones struck the Tambov region overnight. Later the governor of Tambov Oblast said the city of Tambov was calm. Floods hit Hunan province and the Rivne region.";
  const a = analyzeText(text, { lang: "en", published: "2025-03-01" });
  const key = (surface: string): string | undefined => a.mentions.find((m) => m.text === surface)?.entity;
  for (const m of a.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  assert.ok(key("Tambov region"), JSON.stringify(a.mentions.map((m) => m.text)));
  assert.equal(key("Tambov region"), key("Tambov Oblast"));
  assert.notEqual(key("Tambov region"), key("Tambov"));
  assert.ok(key("Hunan province")?.startsWith("region:"));
  const rivne = a.entities.find((e) => e.key === key("Rivne region"));
  assert.equal(rivne?.type, "place");
});

test("divisions under their English names, with lower-case words inside, and over a smaller foreign city", () => {
  const text =
    "Storms closed schools across Bavaria and Lower Saxony on Monday. Ferries from Kingston upon Hull were cancelled, " +
    "and snow cut roads in Valle d'Aosta. The Ontario Fire Marshal said crews from Ontario had reached the coast.";
  const a = analyzeText(text, { lang: "en", published: "2025-03-01" });
  for (const m of a.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  const entity = (surface: string) => {
    const m = a.mentions.find((x) => x.text === surface);
    return m ? a.entities.find((e) => e.key === m.entity) : undefined;
  };
  for (const name of ["Bavaria", "Lower Saxony", "Kingston upon Hull", "Valle d'Aosta"])
    assert.equal(entity(name)?.type, "place", `${name}: ${JSON.stringify(a.mentions.map((m) => m.text))}`);
  assert.equal(entity("Ontario")?.key, "region:CAN:Ontario", "the province, not the Californian city");
});
