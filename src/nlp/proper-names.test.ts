import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "./index.js";
import { recoverProperNames } from "./proper-names.js";
import type { Token } from "../model/pipeline.js";

const analyse = (text: string) => analyzeText(text, { lang: "en", published: "2024-03-04" });

/** Every mention's text is exactly its slice of the document. */
function assertSpans(text: string, a: ReturnType<typeof analyse>): void {
  for (const m of a.mentions) assert.equal(text.slice(m.start, m.end), m.text);
}

function typeOf(a: ReturnType<typeof analyse>, name: string): string | undefined {
  return a.entities.find((e) => e.name === name || e.aliases.includes(name))?.type;
}

test("a company named by an unseen word the document keeps using is an organisation, every use a mention", () => {
  const text =
    "Investors sold shares of Zentrova on Monday after the chip maker cut its forecast.\n\n" +
    "Zentrova declined to comment on the report. A Zentrova spokesperson later said the company expected demand to recover.\n\n" +
    "Analysts said Zentrova had lost two large customers this year.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Zentrova"), "organization");
  const key = a.entities.find((e) => e.name === "Zentrova")!.key;
  assert.equal(a.mentions.filter((m) => m.entity === key).length, 4);
});

test("a name used after a locative preposition, or joined to a place, is a place", () => {
  const text =
    "Firefighters battled the blaze near Calderwick for a third day on Sunday, officials said.\n\n" +
    "Residents in Calderwick and Orrisdale were told to leave their homes before the wind turned.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Calderwick"), "place");
  assert.equal(typeOf(a, "Orrisdale"), "place");
});

test("a capitalised dictionary word is a name only when the document writes it so again and again", () => {
  const text =
    "The Otters beat the Falcons 3-1 on Saturday night to stay top of the table.\n\n" +
    "The coach said the Otters had trained hard all week. It was the Otters' fifth straight win.\n\n" +
    "The Otters play away next weekend. A fox was seen near the ground, a steward said.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Otters"), "organization");
  assert.equal(typeOf(a, "Falcons"), undefined, "written once: not enough to tell a name from a word");
});

test("song titles in quotes, named laws, headings and table rows give no entity", () => {
  const text =
    "Protesters sang “Never Walk Home Alone” outside the court as the hearing began on Tuesday morning.\n\n" +
    "Lawmakers passed the Clean Harbors Act by a wide margin after a long night of debate in the chamber.\n\n" +
    "Ticker Company Last Change Volume\n\n" +
    "The market closed higher.";
  const a = analyse(text);
  assertSpans(text, a);
  const names = a.entities.map((e) => e.name);
  assert.ok(!names.some((n) => /Never|Walk|Alone/.test(n)), names.join(", "));
  assert.ok(!names.some((n) => /Clean Harbors/.test(n)), names.join(", "));
  assert.ok(!names.some((n) => /Ticker|Volume/.test(n)), names.join(", "));
});

test("a lone surname joins the person the document named in full", () => {
  const text =
    "The striker Tomasz Wrzeszczak scored twice as the visitors won 2-0 in the rain.\n\n" +
    "Wrzeszczak has now scored nine goals this season, the club said on its website.";
  const a = analyse(text);
  assertSpans(text, a);
  const people = a.entities.filter((e) => e.type === "person");
  assert.equal(people.length, 1, people.map((e) => e.name).join(", "));
  assert.equal(a.mentions.filter((m) => m.entity === people[0]!.key).length, 2);
});

test("every use of a supported multi-word name is a mention, where the tags missed it too", () => {
  // tokens tagged by hand: the sentence-opening use reads as adjective + noun
  const words: Array<[string, string]> = [
    ["They", "PRON"],
    ["sold", "VERB"],
    ["it", "PRON"],
    ["to", "ADP"],
    ["Big", "PROPN"],
    ["Lantern", "PROPN"],
    ["Records", "PROPN"],
    [".", "PUNCT"],
    ["Big", "ADJ"],
    ["Lantern", "NOUN"],
    ["Records", "NOUN"],
    ["denied", "VERB"],
    ["it", "PRON"],
    [".", "PUNCT"],
  ];
  let text = "";
  const tokens: Token[] = [];
  const sentenceOf: number[] = [];
  let sentence = 0;
  for (const [w, pos] of words) {
    if (text && w !== ".") text += " ";
    tokens.push({ start: text.length, end: text.length + w.length, text: w, pos, lemma: w.toLowerCase() });
    sentenceOf.push(sentence);
    text += w;
    if (w === ".") sentence++;
  }
  const found = recoverProperNames(text, tokens, sentenceOf, [], []);
  assert.deepEqual(
    found.mentions.map((m) => [m.text, m.start]),
    [
      ["Big Lantern Records", text.indexOf("Big")],
      ["Big Lantern Records", text.lastIndexOf("Big")],
    ],
  );
  assert.equal(found.entities.length, 1);
  assert.equal(found.entities[0]!.type, "organization");
});

test("a platform named by a dictionary word is a body when its users, posts or posting on it are named", () => {
  const text =
    "The mayor's new road signs drew jeers across Chirp on Monday.\n\n" +
    "Several Chirp users said the signs were misspelled. The mayor later wrote on Chirp Tuesday that the signs would be fixed.\n\n" +
    "In a Glimmer post, a council member said she had warned the mayor.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Chirp"), "organization");
  assert.equal(typeOf(a, "Glimmer"), "organization");
  assert.equal(
    a.mentions.some((m) => m.text.includes("Tuesday")),
    false,
  );
});

test("a dictionary word capitalised once with no body beside it is still no name", () => {
  const text =
    "Rain fell across Lark Hill on Monday. The Orchard was quiet, and farmers said the Harvest would be late.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Harvest"), undefined);
  assert.equal(typeOf(a, "Orchard"), undefined);
});

test("a social platform's name in a running sentence is the company; as page furniture it is nothing", () => {
  const text =
    "Share on Facebook\n\nThe council's video drew ridicule across YouTube on Sunday, and several YouTube users posted parodies.\n\n" +
    "The councillor later said on Facebook that the video had been a mistake. Instagram removed two of the parodies.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "YouTube"), "organization");
  assert.equal(typeOf(a, "Facebook"), "organization");
  assert.equal(typeOf(a, "Instagram"), "organization");
  assert.equal(
    a.mentions.some((m) => m.start < 20),
    false,
  );
});

test("a name after 'published in', 'provided by' or 'told X by email' is a journal or an outlet, not a place", () => {
  const text =
    "According to the study, published in Harbour Case Reports, the patient recovered within a month.\n\n" +
    "The lead author told Quillwire by email that the case was rare. This chart, provided by Datavane, shows the trend.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Harbour Case Reports"), "organization");
  assert.equal(typeOf(a, "Quillwire"), "organization");
  assert.equal(typeOf(a, "Datavane"), "organization");
});

test("a name after 'at' that follows a noun for a person or a title is the employer, not a place", () => {
  const text =
    "Shares fell, said Priya Nair, an economist at Zaltor Securities, after the central bank held rates.\n\n" +
    "Markets will stay volatile, said Rohan Mehta, Head of Research at Vemrix Securities. Protesters gathered at Quillon Plaza.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Zaltor Securities"), "organization");
  assert.equal(typeOf(a, "Vemrix Securities"), "organization");
  assert.equal(typeOf(a, "Quillon Plaza"), "place");
});

test("a double-barrelled name is one name", () => {
  const text =
    "The hosts levelled the tie after Kovalenko had rallied to beat Mateo Quintero-Salas 3-6, 6-3, 7-6 (0) in the opening match.";
  const a = analyse(text);
  assertSpans(text, a);
  assert.equal(typeOf(a, "Mateo Quintero-Salas"), "person");
  assert.equal(typeOf(a, "Mateo Quintero"), undefined);
});
