import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "./index.js";
import { reviewEntities } from "./entity-review.js";
import type { LocalEntity, LocalMention, Token } from "../model/pipeline.js";

const analyse = (text: string) => analyzeText(text, { lang: "en", published: "2025-02-10" });

/** Every mention's text is exactly its slice of the document, and every mention has its entity. */
function assertSpans(text: string, a: ReturnType<typeof analyse>): void {
  const keys = new Set(a.entities.map((e) => e.key));
  for (const m of a.mentions) {
    assert.equal(text.slice(m.start, m.end), m.text);
    assert.ok(keys.has(m.entity), `mention ${m.text} has no entity`);
  }
}

function typeOf(a: ReturnType<typeof analyse>, name: string): string | undefined {
  return a.entities.find((e) => e.name === name || e.aliases.includes(name))?.type;
}

const named = (a: ReturnType<typeof analyse>, name: string): boolean =>
  a.entities.some((e) => e.name === name || e.aliases.includes(name));

test("planets and moons are no entities; the people and bodies beside them stay", () => {
  const text =
    "Astronomers at the Orvell Institute said on Tuesday that Saturn's moon Titan has lakes deeper than expected.\n\n" +
    "“Nothing like it exists on Earth,” said Mara Quist, who led the study. Jupiter and Mars were also observed, she said.";
  const a = analyse(text);
  assertSpans(text, a);
  for (const sky of ["Saturn", "Titan", "Earth", "Jupiter", "Mars"]) assert.equal(named(a, sky), false, sky);
  assert.equal(typeOf(a, "Mara Quist"), "person");
  assert.equal(typeOf(a, "Orvell Institute"), "organization");
});

test("a spacecraft or telescope is no entity, its short name neither; its maker stays", () => {
  const text =
    "The agency's Vela Finder probe reached orbit on Sunday, three years after launch.\n\n" +
    "Images from the Corran Space Telescope had guided the choice of target. Corran's camera failed in 2021.\n\n" +
    "The probe rode a Larkspur rocket, and Larkspur said the launch had gone perfectly.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(named(a, "Vela Finder"), false);
  assert.equal(named(a, "Corran Space Telescope"), false);
  assert.equal(named(a, "Corran"), false);
  assert.equal(typeOf(a, "Larkspur"), "organization");
});

test("market indices and quoted instruments are no entities; the exchange and the firms stay", () => {
  const text =
    "Stocks slipped on Thursday. The Delmar Industrial Average .DLI fell 0.4%, while the Tasman index lost 1.2% " +
    "and Kora futures rose.\n\nThe dollar index .DXQ was flat. Shares of Brightwell Mining rose 3% after the firm " +
    "raised its dividend, a Brightwell spokesman said.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(named(a, "Delmar Industrial Average"), false);
  assert.equal(named(a, "DLI"), false);
  assert.equal(named(a, "DXQ"), false);
  assert.equal(named(a, "Tasman"), false);
  assert.equal(named(a, "Kora"), false);
  assert.equal(typeOf(a, "Brightwell"), "organization");
});

test("a place name before a company officer's noun is the company", () => {
  const text =
    "Amazon founder Jeff Bezos sold more shares on Friday, a filing showed.\n\n" +
    "Separately, a Patagonia spokeswoman said the clothing company would open two stores.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Amazon"), "organization");
  assert.equal(typeOf(a, "Patagonia"), "organization");
  assert.equal(typeOf(a, "Jeff Bezos"), "person");
});

/** Tokens split on spaces (enough for the review's own neighbour checks). */
function spaceTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/gu))
    out.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], pos: "X", lemma: m[0] });
  return out;
}

function mention(text: string, s: string, nth: number, entity: string, via: string): LocalMention {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(s, at + 1);
  return { start: at, end: at + s.length, text: s, entity, via };
}

const entity = (key: string, type: LocalEntity["type"], name: string): LocalEntity => ({
  key,
  type,
  name,
  aliases: [name],
  roles: [],
  gazetteer_id: null,
});

test("one name, one reading: a weaker place reading of a company's or a person's name joins it", () => {
  const text =
    "Trellis agreed to buy Pendry . Ines Valcourt sold part of Valcourt 's stake . Valcourt now works at Trellis , not at Pendry .";
  const tokens = spaceTokens(text);
  const entities = [
    entity("o1", "organization", "Trellis"),
    entity("o2", "organization", "Pendry"),
    entity("p1", "person", "Ines Valcourt"),
    entity("x1", "place", "Valcourt"),
    entity("x2", "place", "Trellis"),
  ];
  const mentions = [
    mention(text, "Trellis", 0, "o1", "name"),
    mention(text, "Pendry", 0, "o2", "name"),
    mention(text, "Ines Valcourt", 0, "p1", "name"),
    mention(text, "Valcourt", 1, "x1", "name"),
    mention(text, "Valcourt", 2, "p1", "surname"),
    mention(text, "Trellis", 1, "x2", "name"),
    mention(text, "Pendry", 1, "o2", "proper-noun"),
  ];
  const r = reviewEntities(text, tokens, entities, mentions);
  assert.deepEqual(r.entities.map((e) => e.key).sort(), ["o1", "o2", "p1"]);
  assert.equal(r.mentions.filter((m) => m.entity === "o1").length, 2);
  assert.equal(r.mentions.filter((m) => m.entity === "p1").length, 3);
  assert.ok(r.entities.find((e) => e.key === "o1")!.aliases.includes("Trellis"));
  for (const m of r.mentions) assert.equal(text.slice(m.start, m.end), m.text);
});

test("two readings with equal support: the body wins over a place, countries are never merged", () => {
  const text = "Analysts at Norvale praised Norvale . Jordan met Jordan Reyes .";
  const tokens = spaceTokens(text);
  const entities = [
    entity("x", "place", "Norvale"),
    entity("o", "organization", "Norvale"),
    entity("c", "country", "Jordan"),
    entity("p", "person", "Jordan Reyes"),
  ];
  const mentions = [
    mention(text, "Norvale", 0, "x", "name"),
    mention(text, "Norvale", 1, "o", "proper-noun"),
    mention(text, "Jordan", 0, "c", "name"),
    mention(text, "Jordan Reyes", 0, "p", "name"),
  ];
  const r = reviewEntities(text, tokens, entities, mentions);
  assert.deepEqual(r.entities.map((e) => e.key).sort(), ["c", "o", "p"]);
});

test("a company named with and without its legal form is one organisation", () => {
  const text =
    "Harlow Biotech said on Monday it would cut 300 jobs. “We have to act,” said Ines Marr, chief executive of Harlow Biotech Inc.\n\n" +
    "Shares of Harlow Biotech fell 4%.";
  const a = analyse(text);
  assertSpans(text, a);
  const harlow = a.entities.filter((e) => e.type === "organization" && /Harlow/.test(e.name));
  assert.equal(harlow.length, 1, JSON.stringify(harlow));
  assert.ok(harlow[0]!.aliases.includes("Harlow Biotech Inc."), JSON.stringify(harlow));
});

test("the short form of a company named with its legal form is the company, not a place", () => {
  const text =
    "The contracts went to Sierra Vale Corporation and two smaller firms.\n\n" +
    "Around the table were Sierra Vale and the agency's own engineers, an official said.";
  const a = analyse(text);
  assertSpans(text, a);
  const vale = a.mentions
    .filter((m) => m.text.startsWith("Sierra Vale"))
    .map((m) => a.entities.find((e) => e.key === m.entity));
  assert.equal(vale.length, 2);
  assert.ok(
    vale.every((e) => e?.type === "organization" && e.key === vale[0]!.key),
    JSON.stringify(vale),
  );
});

test("a person's name followed by a capitalised plural noun is a company named for them; a surname in -s is not", () => {
  const text =
    "The rights belong to Bill Harlan Productions, the company said. Bill Harlan Productions was founded in 1990. " +
    "John Adams spoke for the buyers.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Bill Harlan Productions"), "organization");
  assert.ok(!named(a, "Bill Harlan"), JSON.stringify(a.entities.map((e) => [e.name, e.type])));
  assert.equal(typeOf(a, "John Adams"), "person");
});

test("a word with a capital inside it is a company, not a surname with a particle nor a product before its model", () => {
  const text =
    "LumaCore said on Monday it would buy DataWeave. Shares of OrbitX rose. " +
    "Bill McAllister and Ana DeLuca watched on a TravelBook 5.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "LumaCore"), "organization");
  assert.equal(typeOf(a, "DataWeave"), "organization");
  assert.equal(typeOf(a, "OrbitX"), "organization");
  assert.equal(typeOf(a, "Bill McAllister"), "person");
  assert.equal(typeOf(a, "Ana DeLuca"), "person");
  assert.ok(!named(a, "TravelBook"), JSON.stringify(a.entities.map((e) => [e.name, e.type])));
});

test("a name the document gives one entity names it wherever else it is written as a whole name", () => {
  const text =
    "Dana Orlov told Vellum that the plan would fail. A week later she summarised the risks for Vellum again. " +
    "The Vellum Media Group did not comment.";
  const a = analyse(text);
  assertSpans(text, a);
  const vellum = a.entities.find((e) => e.name === "Vellum")!;
  const uses = a.mentions.filter((m) => m.entity === vellum.key).map((m) => m.start);
  assert.deepEqual(uses, [text.indexOf("Vellum"), text.indexOf("Vellum again")], "not inside 'Vellum Media Group'");
});

test("a name given as the source of a report is an outlet or a body, not a place", () => {
  const text =
    "The studio is in talks with a new director, according to reports from The Larkspur and Headline. " +
    "The budget grew, according to The Morrow Ledger. As if that were not enough, Headline reports that a " +
    "second film is planned. Residents of Oakhurst Vale said the set was noisy.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Larkspur"), "organization");
  assert.equal(typeOf(a, "Morrow Ledger"), "organization");
  assert.equal(typeOf(a, "Headline"), "organization");
});
