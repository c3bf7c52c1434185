/**
 * Titles, appositions and role nouns on sentences written for these tests (invented people and firms,
 * varied subjects): a title is the entity's role and never part of its name; one entity per actor.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "./index.js";
import type { NlpAnalysis } from "../model/pipeline.js";

const read = (text: string, published = "2024-06-12"): NlpAnalysis => analyzeText(text, { lang: "en", published });
/** The entity a surface form was linked to (exact mention text), or undefined. */
const entityOf = (a: NlpAnalysis, surface: string) => {
  const m = a.mentions.find((x) => x.text === surface);
  return m ? a.entities.find((e) => e.key === m.entity) : undefined;
};
const evidenceHolds = (text: string, a: NlpAnalysis) => {
  for (const m of a.mentions) assert.equal(text.slice(m.start, m.end), m.text);
};

test("an abbreviated title and a party tag stay out of the name and become the role", () => {
  const text =
    "Gov. Jane Harlow (D) signed the transit budget on Tuesday. The governor said fares would not rise. Harlow thanked the unions.";
  const a = read(text);
  evidenceHolds(text, a);
  const p = entityOf(a, "Jane Harlow");
  assert.ok(p, JSON.stringify(a.mentions));
  assert.equal(p.type, "person");
  assert.ok(
    p.roles.some((r) => /Governor/.test(r)),
    p.roles.join(),
  );
  assert.equal(entityOf(a, "Harlow")?.key, p.key, "surname → same person");
  assert.equal(entityOf(a, "The governor")?.key, p.key, "role noun → same person");
  assert.ok(!a.mentions.some((m) => /^Gov/.test(m.text)), "no mention starts with the title");
});

test("a plural title covers both coordinated names", () => {
  const a = read("Sens. Mark Ellery and Ruth Obi voted against the farm bill. Ellery called it a giveaway.");
  const ellery = entityOf(a, "Mark Ellery");
  const obi = entityOf(a, "Ruth Obi");
  assert.equal(ellery?.type, "person");
  assert.equal(obi?.type, "person");
  assert.ok(ellery!.roles.some((r) => /Senator/.test(r)) && obi!.roles.some((r) => /Senator/.test(r)));
  assert.equal(entityOf(a, "Ellery")?.key, ellery!.key);
});

test("a party leader phrase is a person, not the capital named Douglas", () => {
  const a = read("Labour leader Douglas Finch said the pension plan was dead. Finch spoke in Leeds on Friday.");
  const p = entityOf(a, "Douglas Finch");
  assert.equal(p?.type, "person");
  assert.ok(!a.entities.some((e) => e.type !== "person" && /Douglas/.test(e.name)));
  assert.equal(entityOf(a, "Finch")?.key, p!.key);
});

test("an apposition gives a role: after the name and before it", () => {
  const a = read(
    "Tim Ward, Acme's chief executive, said quarterly profit fell by a third. The chief executive blamed freight costs.",
  );
  const ward = entityOf(a, "Tim Ward");
  assert.equal(ward?.type, "person");
  assert.ok(
    ward!.roles.some((r) => /Executive/.test(r)),
    ward!.roles.join(),
  );
  assert.equal(entityOf(a, "The chief executive")?.key, ward!.key);
  const b = read("The brewery's chief financial officer, Marta Lindqvist, said exports to Asia doubled.");
  assert.ok(entityOf(b, "Marta Lindqvist")?.roles.some((r) => /Executive/.test(r)));
  const c = read("Ana Ruiz, a prosecutor in Valparaiso, filed the charges.");
  assert.ok(entityOf(c, "Ana Ruiz")?.roles.some((r) => /Prosecutor/.test(r)));
});

test("court titles: prosecutor and judge are roles, the judge links back", () => {
  const a = read("Prosecutor Lena Brandt asked Judge Carl Ames to deny bail. The judge refused.");
  const judge = entityOf(a, "Carl Ames");
  assert.ok(entityOf(a, "Lena Brandt")?.roles.some((r) => /Prosecutor/.test(r)));
  assert.ok(judge?.roles.some((r) => /Judge/.test(r)));
  assert.equal(entityOf(a, "The judge")?.key, judge!.key);
});

test("military ranks split from the name", () => {
  const a = read("Lt. Gen. Omar Saidi denied the report on Sunday. Saidi said the convoy had turned back.");
  const p = entityOf(a, "Omar Saidi");
  assert.equal(p?.type, "person");
  assert.equal(entityOf(a, "Saidi")?.key, p!.key);
});

test("a league is an organisation; a one-word company opening a sentence is found", () => {
  const a = read("Rovers climbed to third in the Premier League after a late goal.");
  assert.equal(entityOf(a, "Premier League")?.type, "organization");
  const b = read("Novartis said on Monday that its new drug cut relapses by half.");
  assert.equal(entityOf(b, "Novartis")?.type, "organization");
});

test("states and provinces are places", () => {
  const a = read("Wildfires spread from Ontario into Manitoba while Queensland braced for floods.");
  for (const n of ["Ontario", "Manitoba", "Queensland"]) assert.equal(entityOf(a, n)?.type, "place", n);
});

test("a one-word town the tagger misreads, or holds back as a surname, is still the town; a namesake's surname is the person", () => {
  const a = read("The ferry operator said traffic had moved from Ghent to Bordeaux and Lisbon after the storm.");
  assert.equal(entityOf(a, "Bordeaux")?.type, "place", JSON.stringify(a.entities));
  const b = read("The chain will open a warehouse in Austin, Texas, next spring, its owner said.");
  assert.equal(entityOf(b, "Austin")?.type, "place", JSON.stringify(b.entities));
  const text =
    "Mark Houston, a lawyer for the tenants, spoke first. Houston said the rent rise was unlawful. He lives in Houston.";
  const c = read(text);
  evidenceHolds(text, c);
  const person = entityOf(c, "Mark Houston");
  const surname = c.mentions.filter((m) => m.text === "Houston");
  assert.equal(surname.length, 2);
  assert.equal(surname[0]!.entity, person?.key, "the surname after the full name is the person");
  assert.equal(c.entities.find((e) => e.key === surname[1]!.entity)?.type, "place", "after 'in' it is the city");
});

test("an institution phrase is one organisation even around a known country, city or region", () => {
  const text =
    "Figures from the Central Bank of Norway and the University of Lagos were cited. The Ghana Chamber of Mines objected, and officials from Peru and the Kenya Ports Authority met in Nairobi.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of [
    "Central Bank of Norway",
    "University of Lagos",
    "Ghana Chamber of Mines",
    "Kenya Ports Authority",
  ])
    assert.equal(entityOf(a, name)?.type, "organization", `${name}: ${JSON.stringify(a.mentions.map((m) => m.text))}`);
  assert.equal(entityOf(a, "Peru")?.type, "country", "a country before 'and the' stays a country");
  const b = read("The Ministry of Science and Technology signed with the Bank for Reconstruction and Development.");
  assert.equal(entityOf(b, "Ministry of Science and Technology")?.type, "organization");
  assert.equal(entityOf(b, "Bank for Reconstruction and Development")?.type, "organization");
});

test("a surname particle stays inside the name after a title, and the particle surname is the same person", () => {
  const text =
    "Chief financial officer Lotte van der Meer said sales rose. Van der Meer added that costs fell. Judge Ana de la Cruz adjourned the hearing.";
  const a = read(text);
  evidenceHolds(text, a);
  const lotte = entityOf(a, "Lotte van der Meer");
  assert.equal(lotte?.type, "person", JSON.stringify(a.mentions.map((m) => m.text)));
  assert.equal(entityOf(a, "Van der Meer")?.key, lotte?.key);
  assert.equal(entityOf(a, "Ana de la Cruz")?.type, "person");
});

test("the countries of the United Kingdom, demonym institutions and parties, clubs, venues and landforms", () => {
  const text =
    "Scotland and Wales will share the cost, the Welsh government said, while Scottish Labour objected. " +
    "He addressed the Northern Ireland Assembly. Brixham Rovers beat Kelso Athletic at Oakfield Stadium. " +
    "Analysts at Northgate Logistics joined climbers on Mount Elgon and the Aletsch Glacier. Cape Verde voted.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Scotland")?.type, "country");
  assert.equal(entityOf(a, "Wales")?.type, "country");
  assert.equal(entityOf(a, "Welsh government")?.type, "organization");
  assert.equal(entityOf(a, "Scottish Labour")?.type, "organization");
  assert.equal(entityOf(a, "Northern Ireland Assembly")?.type, "organization");
  assert.equal(entityOf(a, "Brixham Rovers")?.type, "organization");
  assert.equal(entityOf(a, "Kelso Athletic")?.type, "organization");
  assert.equal(entityOf(a, "Oakfield Stadium")?.type, "place");
  assert.equal(entityOf(a, "Northgate Logistics")?.type, "organization");
  assert.equal(entityOf(a, "Mount Elgon")?.type, "place");
  assert.equal(entityOf(a, "Aletsch Glacier")?.type, "place");
  assert.equal(entityOf(a, "Cape Verde")?.type, "country", "a country named like a cape stays the country");
  // "Welsh" alone is the people of Wales, not Wallis and Futuna
  const b = read("Welsh farmers marched on Monday.");
  assert.equal(entityOf(b, "Welsh")?.name, "Wales");
});

test("a first name and an unknown surname are a person after 'from'; a small capital is no government", () => {
  const text =
    "They scored through a second-half penalty from Tomas Lindqvist, but lost. The charity had flown in blankets and cooking gear from Nairobi. Victoria's premier said the state would appeal.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Tomas Lindqvist")?.type, "person");
  assert.equal(entityOf(a, "Nairobi")?.type, "place", "a journey's origin, not Kenya's government");
  assert.equal(entityOf(a, "Victoria")?.type, "place", "not the Seychelles");
  const b = read("Nairobi said the sanctions were unjust.");
  assert.equal(entityOf(b, "Nairobi")?.type, "country", "a capital as the subject of a statement is its government");
});

test("institution openers, sector bodies, place heads around a country, and a rank word inside a union's name", () => {
  const text =
    "Fishermen sailed up the Panama Canal past Panama City and the Río Chagres. " +
    "She studied at University College Dublin before joining Banco Meridional. " +
    "Cricket Australia and Environment Canada issued warnings, as did officials in northern Canada. " +
    "She won the Australian Open. The strike was called by the General Dockers' Union on Sunday.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Panama Canal")?.type, "place");
  assert.equal(entityOf(a, "Panama City")?.type, "place");
  assert.equal(entityOf(a, "Río Chagres")?.type, "place");
  assert.equal(entityOf(a, "University College Dublin")?.type, "organization");
  assert.equal(entityOf(a, "Banco Meridional")?.type, "organization");
  assert.equal(entityOf(a, "Cricket Australia")?.type, "organization");
  assert.equal(entityOf(a, "Environment Canada")?.type, "organization");
  assert.equal(entityOf(a, "Canada")?.type, "country");
  assert.equal(entityOf(a, "Australian Open"), undefined, "a tournament is an event, no entity");
  assert.equal(entityOf(a, "General Dockers' Union")?.type, "organization");
});

test("two bodies joined by 'and' are two names; a body whose name holds 'and' is one", () => {
  const text =
    "Qorvath and Pelion Display Technologies are said to be among the suppliers. Analysts named KTB and " +
    "Orvane Bank as the main winners. He led purchases, including Harlan Entertainment, Lumafilm and StreamTech, " +
    "the firm that built the app. The Food and Drug Administration approved it.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of ["Qorvath", "Pelion Display Technologies", "KTB", "Orvane Bank", "Lumafilm", "StreamTech"])
    assert.equal(entityOf(a, name)?.type, "organization", name);
  assert.equal(entityOf(a, "Food and Drug Administration")?.type, "organization");
  assert.equal(entityOf(a, "KTB and Orvane Bank"), undefined);
});

test("a wire credit line names its reporters and editors, wherever it stands", () => {
  const text =
    "“It will be exciting,” the ministry said.\n\n(Reporting by Will Dunham in Lima; Editing by Tom Brown and " +
    "Sandra Maler)\n\nAdditional reporting by Grace Okoro";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of ["Will Dunham", "Tom Brown", "Sandra Maler", "Grace Okoro"])
    assert.equal(entityOf(a, name)?.type, "person", name);
  assert.equal(entityOf(a, "Lima")?.type, "place");
});

test("'Rt.' and 'Hon.' open the next person's name and end no body's name", () => {
  const text =
    "Lawmakers stood for a minute of silence for former Speaker of the Assembly of Delegates Rt. Hon. K. O. Balogun " +
    "on Tuesday.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Assembly of Delegates")?.type, "organization");
  assert.equal(entityOf(a, "K. O. Balogun")?.type, "person");
  assert.ok(!a.entities.some((e) => /\bRt\b/u.test(e.name)), a.entities.map((e) => e.name).join(", "));
});

test("one-word names in a list with a body are bodies; a store's possessive name keeps its 's", () => {
  const text =
    "Since 2015 it has signed clients including Harlan, Ostrow’s, Brackley’s, NBC, Vesta and others. " +
    "Staff at the Goddard Space Flight Center in Greenbelt, Maryland, agreed.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of ["Harlan", "Ostrow’s", "Brackley’s", "NBC", "Vesta"])
    assert.equal(entityOf(a, name)?.type, "organization", name);
  assert.equal(entityOf(a, "Greenbelt")?.type, "place", "a city, then its state: no list of bodies");
});

test("an officer's title and 'of' before a body's name are no part of the body", () => {
  const text = "Ivan Petrov served as the CEO of Hipvale, a mobile marketing company. The Ministry of Health agreed.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Hipvale")?.type, "organization");
  assert.equal(entityOf(a, "CEO of Hipvale"), undefined);
  assert.equal(entityOf(a, "Ministry of Health")?.type, "organization");
});

test("a US state abbreviated in press style after a city is the state, and the city before it a place", () => {
  const text =
    "Corvale, Ill. — The Hawks won on Saturday.\n\nHALDEN, Calif. (AP) — The team flew to Marlow, N.Y., on Monday. " +
    "Mass. layoffs followed.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of ["Corvale", "HALDEN", "Marlow"]) assert.equal(entityOf(a, name)?.type, "place", name);
  assert.equal(entityOf(a, "Ill.")?.type, "place");
  assert.equal(entityOf(a, "Calif.")?.type, "place");
  assert.equal(entityOf(a, "N.Y.")?.type, "place");
  assert.equal(entityOf(a, "Mass."), undefined, "no city before it: an ordinary word");
});

test("competitions, shows and pools are events: no body, place or person", () => {
  const text =
    "Brenner lifted the Halvard Cup in Oslo on Sunday, a week after the Meridian Finals. " +
    "Orders were signed at the Lisbon Boat Show, and Tarsk Aerospace presented a jet at the Seville Aviation Expo. " +
    "Kovac topped Group D, while the Commonwealth Games open in July and Epic Games reported a loss.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const name of [
    "Halvard Cup",
    "Meridian Finals",
    "Lisbon Boat Show",
    "Seville Aviation Expo",
    "Group D",
    "Commonwealth Games",
  ])
    assert.equal(entityOf(a, name), undefined, name);
  assert.equal(entityOf(a, "Oslo")?.type, "place");
  assert.equal(entityOf(a, "Tarsk Aerospace")?.type, "organization");
  assert.equal(entityOf(a, "Epic Games")?.type, "organization");
});

test("an honorific or title before a lone surname, a lone first name, and no name from a reply like 'No.'", () => {
  const text =
    "And Mr. Tandy, who acts for the remaining appellants, disagreed. The plan was backed by Secretary Okonjo. " +
    "I'm supposed to call Melanie's mom tomorrow. No. Keys? No, I need a pin. Shares in Brackwell Foods fell, and Brackwell cut jobs.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Tandy")?.type, "person");
  assert.equal(entityOf(a, "Okonjo")?.type, "person");
  assert.equal(entityOf(a, "Melanie")?.type, "person");
  assert.ok(!a.mentions.some((m) => /^No\b/.test(m.text)), JSON.stringify(a.mentions.map((m) => m.text)));
  assert.notEqual(entityOf(a, "Brackwell")?.type, "person");
});

test("an unknown name listed with a known place is a place", () => {
  const text = "The evacuees were sent to Edmonton and Grande Prairie on Monday. Apple and Samsung signed.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Grande Prairie")?.type, "place");
  assert.equal(entityOf(a, "Samsung")?.type, "organization");
});

test("a company's first word alone is the company, even when a listed person has that surname", () => {
  const text =
    "Shares in Brackwell Foods fell, and Brackwell cut jobs. The drug, made by Halvorsen Pharma, was approved. Halvorsen's chief, Anders Holm, said so.";
  const a = read(text);
  evidenceHolds(text, a);
  const foods = entityOf(a, "Brackwell Foods");
  assert.equal(entityOf(a, "Brackwell")?.key, foods?.key);
  assert.equal(entityOf(a, "Halvorsen")?.key, entityOf(a, "Halvorsen Pharma")?.key);
});

test("an event named by a place and a disaster noun is no organisation; the sector body without a determiner is", () => {
  const text =
    "Survivors of the Maui Wildfire met the governor on Friday. The Ontario Fire burned 300 cottages in 2023. " +
    "Insurers are still paying claims from the 2019 Tasmania Fire. Alberta Wildfire said the blaze near Slave Lake was contained.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const event of ["Maui Wildfire", "Ontario Fire", "Tasmania Fire"])
    assert.notEqual(entityOf(a, event)?.type, "organization", event);
  assert.ok(
    !a.entities.some((e) => e.type === "organization" && /Maui|Ontario|Tasmania/.test(e.name)),
    JSON.stringify(a.entities.map((e) => [e.type, e.name])),
  );
  assert.equal(entityOf(a, "Alberta Wildfire")?.type, "organization");
});

test("named infrastructure is a place; a railway company in the plural is an organisation", () => {
  const text =
    "Freight on the Baikal-Amur Railway resumed on Monday. Northvale Railways cut fares. The Tarnow Pipeline carries oil south, " +
    "and traffic through the Hollin Tunnel and over the Severn Bridge was halted.";
  const a = read(text);
  evidenceHolds(text, a);
  for (const place of ["Baikal-Amur Railway", "Tarnow Pipeline", "Hollin Tunnel", "Severn Bridge"])
    assert.equal(entityOf(a, place)?.type, "place", `${place}: ${JSON.stringify(a.mentions.map((m) => m.text))}`);
  assert.equal(entityOf(a, "Northvale Railways")?.type, "organization");
});

test("a name in apposition to a settlement noun is a place", () => {
  const text =
    "The government will move 9,000 officials to its new capital, Kestavia, by 2027. The river port, Tessaly, was closed for a week.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "Kestavia")?.type, "place", JSON.stringify(a.mentions.map((m) => m.text)));
  assert.equal(entityOf(a, "Tessaly")?.type, "place");
});

test("a title word before capitalised words that run on to an organisation head makes no person", () => {
  const text =
    "The ministers discussed what the official Velmari Central News Agency described as trade questions. Finance Minister Ruth Obi agreed.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(
    entityOf(a, "Velmari Central News Agency")?.type,
    "organization",
    JSON.stringify(a.mentions.map((m) => m.text)),
  );
  assert.ok(!a.entities.some((e) => e.type === "person" && /Velmari/.test(e.name)));
  assert.equal(entityOf(a, "Ruth Obi")?.type, "person");
});

test("the all-caps place of a dateline is a place, not an acronym's organisation", () => {
  const text =
    "MARLOVA, Russia, May 3 (Northgate Wire) - Talks began.\n\nSAN TELMO, Sept. 4 - Rain fell. NATO said it would meet.";
  const a = read(text);
  evidenceHolds(text, a);
  assert.equal(entityOf(a, "MARLOVA")?.type, "place", JSON.stringify(a.mentions.map((m) => m.text)));
  assert.equal(entityOf(a, "SAN TELMO")?.type, "place");
  assert.equal(entityOf(a, "NATO")?.type, "organization");
});
