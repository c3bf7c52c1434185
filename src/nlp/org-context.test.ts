/**
 * Organisations named by their context (./org-context.ts), on sentences written for these tests with invented
 * outlets, agencies, firms and pacts: each rule finds its organisation, and people, places and dates in the
 * same positions stay what they are.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "./index.js";
import type { NlpAnalysis } from "../model/pipeline.js";

const read = (text: string): NlpAnalysis => analyzeText(text, { lang: "en", published: "2024-06-12" });
const typeOf = (a: NlpAnalysis, surface: string): string | undefined => {
  const m = a.mentions.find((x) => x.text === surface);
  return m ? a.entities.find((e) => e.key === m.entity)?.type : undefined;
};

const cases: Array<[string, string, string]> = [
  [
    "a plural institution noun lists examples",
    "Environmental groups including Tanaka Forest Watch and Verdhal warned.",
    "Verdhal",
  ],
  ["examples after 'such as'", "Companies such as Zentrix and Orbalo cut prices.", "Zentrix"],
  ["a lobby in apposition", "Kobrenti, the country's largest business lobby, said the bill was fair.", "Kobrenti"],
  ["a hospital named without an article", "She works as a nurse at Mulvani hospital in Kampala.", "Mulvani"],
  [
    "a noun phrase names it before the name",
    "The state news agency Tarvexa said the launch had failed on Tuesday.",
    "Tarvexa",
  ],
  ["a bare noun before the name", "The broadcaster Telvo aired the speech in full.", "Telvo"],
  [
    "a possessive noun phrase and a comma before the name",
    "The letter ran in Velmark's biggest daily, Dagens Vord, on Friday.",
    "Dagens Vord",
  ],
  ["an apposition after the name", "Officials at Kelmora, the national weather agency, confirmed the date.", "Kelmora"],
  [
    "an apposition with a possessive after the name",
    "Orvane, Velmark's official news agency, carried the statement.",
    "Orvane",
  ],
  [
    "the name modifies the noun",
    "A spokesman told the Brevik Tidende newspaper that talks would resume.",
    "Brevik Tidende",
  ],
  ["the name modifies a compound noun", "Lindqvist spoke to the Brask news site after the vote.", "Brask"],
  ["an acronym modifies a pact", "Ministers from the three countries signed the PAXOR defence pact in 2021.", "PAXOR"],
  ["a reporter of the outlet", "A Meridian Courier reporter was detained at the border crossing.", "Meridian Courier"],
  ["articles of the outlet", "The library keeps Halden Review articles from the 1990s.", "Halden Review"],
  ["a source told the outlet", "Halvorsen told Norvista that the plan was dead.", "Norvista"],
  ["a source explained to the outlet", "The economist explained to Quarvex that prices would keep rising.", "Quarvex"],
  ["a source informed the outlet", "A senior official informed Valtrix that the embargo would end.", "Valtrix"],
  ["a publisher after its quote", "“Exports will fall further this winter,” writes Korvalis.", "Korvalis"],
  [
    "a body that represents members",
    "Trade groups objected. Norpack, which represents bottlers in nine countries, called the plan unworkable.",
    "Norpack",
  ],
  [
    "a name before an address of its domain",
    "Send corrections to Harbor Ledger desk@harborledger.com before noon.",
    "Harbor Ledger",
  ],
  ["an acronym as a subject", "ZELTA said it would appeal the ruling.", "ZELTA"],
  ["an acronym after 'members of the'", "Members of the KORVAN met in the capital on Monday.", "KORVAN"],
  [
    "articles of the outlet after a clause-opening word",
    "All Halden Review articles may be reposted with a link.",
    "Halden Review",
  ],
  ["the outlet's newsletter", "To receive the Tarmo Ledger’s Daily Newsletter, sign up here.", "Tarmo Ledger"],
  ["a company after a legal form and low quotes", "The contract went to OOO „Velmar Press“ in March.", "Velmar Press"],
  ["a company after a legal form and guillemets", "Shares of PJSC «Arkan Rail» fell by a third.", "Arkan Rail"],
  [
    "a company after a legal form and straight quotes",
    'The regulator fined JSC "Zorin Grain" last year.',
    "Zorin Grain",
  ],
  ["an acronym the tagger could read as a person", "The lecturer works at an institute of the KVR.", "KVR"],
  [
    "a demonym and a portfolio before 'ministry', in lower case",
    "A Peruvian defence ministry official said the drill was routine.",
    "Peruvian defence ministry",
  ],
  [
    "an acronym that is also a listed person's surname",
    "Delegates of the BAN voted on the text later that day.",
    "BAN",
  ],
  ["a publication quoted as the subject", "“Tellmark” reports that the talks have stalled.", "Tellmark"],
  [
    "a surname-like outlet once the document quotes it as a title",
    "“Kallberg” calls the plan a gamble. “Nobody expected this,” writes Kallberg.",
    "Kallberg",
  ],
  [
    "a sentence-opening article before the name of a news agency",
    "The Voice of Kessara news agency said two ferries had sunk.",
    "Voice of Kessara",
  ],
  [
    "a demonym and a sector before 'agency', in lower case",
    "Officials at the Kenyan space agency confirmed the launch.",
    "Kenyan space agency",
  ],
  [
    "a demonym and two modifiers before 'authority'",
    "The Canadian civil aviation authority grounded the jets on Friday.",
    "Canadian civil aviation authority",
  ],
  [
    "a demonym and a sector before 'regulator'",
    "The French nuclear regulator ordered checks at two plants.",
    "French nuclear regulator",
  ],
  ["an outlet after a comma that reported", "The ministry confirmed the deal, Korvana reported on Monday.", "Korvana"],
  ["an outlet opening a sentence with 'reported that'", "Velstra reported that three soldiers were killed.", "Velstra"],
  ["an outlet after 'according to'", "According to Tarnevo, the convoy was hit twice.", "Tarnevo"],
  ["an outlet that quoted a source", "Quintara quoted a source as saying the plan was dead.", "Quintara"],
  ["a company whose shares moved", "Brightwell shares fell 4 percent on Monday.", "Brightwell"],
  ["a company after 'shares in'", "Shares in Corvala rose after the ruling.", "Corvala"],
  [
    "a title after a capitalised article inside a sentence",
    "The trial results were published in The Merrow Review on Friday.",
    "Merrow Review",
  ],
  ["an acronym after 'at'", "She spent ten years as an engineer at KELTRO before joining the startup.", "KELTRO"],
  [
    "names before a counted institution plural in apposition",
    "Nordvik Air and Salten Wings, two regional carriers serving the north, said they would merge.",
    "Salten Wings",
  ],
];
for (const [what, text, name] of cases) {
  test(`context organisation: ${what}`, () => {
    const a = read(text);
    for (const m of a.mentions) assert.equal(text.slice(m.start, m.end), m.text);
    assert.equal(typeOf(a, name), "organization", `${name} in ${JSON.stringify(a.mentions.map((m) => m.text))}`);
  });
}

test("context organisation rules leave people, places, modifiers and dates alone", () => {
  const a = read(
    "She told Maria Lopez that she would go. Paris, the capital, was quiet. The Kremlin-backed daily ran it. The agency said on Monday that Dubai-based firms would pay.",
  );
  assert.notEqual(typeOf(a, "Maria Lopez"), "organization");
  assert.notEqual(typeOf(a, "Paris"), "organization");
  assert.equal(typeOf(a, "Kremlin-backed"), undefined);
  assert.equal(typeOf(a, "Monday"), undefined);
  assert.equal(typeOf(a, "Dubai-based"), undefined);
  const b = read(
    "He told Jones that the deal was off. The firm hired Laura Chen, a former bank executive. Ana Ruiz, a fellow at the institute, spoke first. “It is over,” wrote Peterson.",
  );
  assert.notEqual(typeOf(b, "Jones"), "organization");
  assert.notEqual(typeOf(b, "Laura Chen"), "organization");
  assert.notEqual(typeOf(b, "Ana Ruiz"), "organization");
  assert.notEqual(typeOf(b, "Peterson"), "organization");
});

test("nouns that list people as well as bodies do not make the listed names organisations", () => {
  const a = read(
    "She attacked rivals including Tomas Vendl and Priya Raman. Competitors like Jonas Ekberg finished behind. The parties such as Helen Okafor signed.",
  );
  for (const name of ["Tomas Vendl", "Priya Raman", "Jonas Ekberg", "Helen Okafor"])
    assert.notEqual(typeOf(a, name), "organization", name);
});

test("quoted names and surname-like names stay people without a publication's cue", () => {
  const a = read(
    "Anna Kallberg spoke first. “Nobody expected this,” writes Kallberg. The word “Freedom” says little. He said “Varga” twice.",
  );
  assert.notEqual(typeOf(a, "Kallberg"), "organization");
  assert.notEqual(typeOf(a, "Freedom"), "organization");
  assert.notEqual(typeOf(a, "Varga"), "organization");
  const b = read("The minister explained to Petersen that the budget was fixed. She wrote for Harrison that year.");
  assert.notEqual(typeOf(b, "Petersen"), "organization");
});

test("a demonym's described body yields to the name it describes", () => {
  const text = "The Chilean news agency Varkona said the vote was close. A Danish agency said nothing.";
  const a = read(text);
  assert.equal(typeOf(a, "Varkona"), "organization");
  assert.equal(typeOf(a, "Chilean news agency"), undefined);
  assert.ok(!a.mentions.some((m) => m.text === "Danish agency"), JSON.stringify(a.mentions.map((m) => m.text)));
});

test("a name the document gives someone as a surname is no outlet after 'according to' or before 'reported'", () => {
  const text =
    "Grace Tarnevo runs the clinic. According to Tarnevo, the convoy was hit twice. Dr. Obuya reported that two nurses left.";
  const a = read(text);
  assert.equal(typeOf(a, "Tarnevo"), "person");
  assert.notEqual(typeOf(a, "Obuya"), "organization");
});

test("a person before a counted plural that is a clause's subject stays a person", () => {
  const text = "According to its founder, Kofi Adjei, three foreign companies had paused their plans.";
  const a = read(text);
  assert.equal(typeOf(a, "Kofi Adjei"), "person", JSON.stringify(a.mentions.map((m) => m.text)));
});
