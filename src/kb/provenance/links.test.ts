import { test } from "node:test";
import assert from "node:assert/strict";
import type { RepublicationCredit } from "../../model/records.js";
import { DossierError } from "../../util/errors.js";
import { linkCopies, type LinkDoc } from "./links.js";
import { detectSpin } from "./spin.js";
import { makeSpinner, randomNewsText, randomSwap } from "./synthetic.js";
import { seededRandom } from "../../util/random.js";
import { readSeeds } from "./testing.js";

// Written for these tests (not from any real article): one report of a meeting, and a second,
// independent report of the same meeting with the same names, places and numbers.
const ORIGINAL = [
  "The Foreign Minister of Russia, Sergey Lavrov, arrived in Pyongyang on Wednesday for two days of talks with his North Korean counterpart Choe Son Hui, the second visit by a senior Russian official in three months.",
  "Officials in Moscow said the two countries would discuss trade, energy supplies and transport links, and prepare the meeting of the intergovernmental commission planned for November in Pyongyang.",
  "The Ministry of Defense declined to comment on reports that North Korea had sent thousands of containers of ammunition to Russia by rail through the port of Rajin since August.",
  "Analysts said the visit was an important step for relations that have grown closer since the start of the war in Ukraine, and that the Security Council would find it harder to agree on new sanctions.",
  "Lavrov also met Kim Jong Un, who told him that the friendship between the two nations was growing stronger. The talks lasted more than four hours, the ministry said in a statement on its website.",
  "A bridge across the Tumen River, first proposed in 2015, could open by the end of 2026, according to a transport official who asked not to be named because the plans were not yet public.",
].join("\n\n");

const INDEPENDENT = [
  "Sergey Lavrov landed in Pyongyang on Wednesday. Russia's top diplomat is holding two days of meetings with Choe Son Hui, and his trip follows Sergei Shoigu's stop in the North Korean capital in July.",
  "Washington has accused North Korea of shipping thousands of containers of shells to Russia through Rajin since August; Moscow and Pyongyang reject the charge as baseless.",
  "On Thursday Kim Jong Un received the Russian minister. State media quoted Kim as praising a friendship he said had never been stronger, while Lavrov thanked him for his support over Ukraine.",
  "A Tumen River road bridge, an idea first floated in 2015, is part of the agenda, as is the November session of the intergovernmental commission in Pyongyang, people briefed on the plans told this newspaper.",
  "Sanctions experts at the Security Council expect Russia to block any new measures against Pyongyang, four diplomats said.",
].join("\n\n");

function doc(id: string, text: string, extra: Partial<LinkDoc> = {}): LinkDoc {
  const s = detectSpin(text, "en");
  return {
    id,
    text,
    published: null,
    outlet: null,
    url: null,
    credits: [],
    spun: { score: s.score, is_spun: s.is_spun },
    lang: "en",
    ...extra,
  };
}

const credit = (name: string, kind: RepublicationCredit["kind"] = "original"): RepublicationCredit => ({
  kind,
  name,
  line: `Published by ${name}`,
});

test("a spun copy is linked to its source, directed, in one family", () => {
  const spunText = makeSpinner(7).spin(ORIGINAL, 0.9);
  assert.notEqual(spunText, ORIGINAL);
  const original = doc("d_orig", ORIGINAL, { outlet: "Harbour Ledger", published: "2023-10-18" });
  const spun = doc("d_spun", spunText, { outlet: "Daily Pulse", published: "2023-10-20" });
  assert.equal(spun.spun.is_spun, true, `synthetic spun copy scored ${spun.spun.score}`);
  const { links, family, republicationOf } = linkCopies([original, spun]);
  assert.equal(links.length, 1, JSON.stringify(links));
  const l = links[0]!;
  assert.equal(l.relation, "spun-copy");
  assert.equal(l.doc, "d_spun");
  assert.equal(l.source, "d_orig");
  assert.equal(l.directed, true);
  assert.ok(l.score > 0.5 && l.score <= 1, String(l.score));
  assert.match(l.reason, /spun/);
  assert.equal(republicationOf.get("d_spun"), "d_orig");
  assert.equal(family.get("d_spun"), "d_orig");
  assert.equal(family.get("d_orig"), "d_orig");
});

test("two independent reports of the same meeting are not linked", () => {
  const a = doc("d_a", ORIGINAL, { outlet: "Harbour Ledger" });
  const b = doc("d_b", INDEPENDENT, { outlet: "Pacific Monitor" });
  const traces: number[] = [];
  const { links, family } = linkCopies([a, b], { trace: (c) => traces.push(c.coverage) });
  assert.deepEqual(links, []);
  assert.equal(family.get("d_a"), "d_a");
  assert.equal(family.get("d_b"), "d_b");
  // They were compared (shared names and numbers make them candidates) and rejected by alignment.
  assert.ok(traces.length >= 1, "the two reports should at least be compared");
  for (const c of traces) assert.ok(c < 0.3, `coverage ${c}`);
});

test("a credited republication is directed by its credit, and the chain reaches a spun copy", () => {
  const original = doc("d_orig", ORIGINAL, { outlet: "Harbour Ledger", published: "2023-10-18" });
  const repubText = ORIGINAL + "\n\nSubscribe to our newsletter for more stories like this one.";
  const repub = doc("d_repub", repubText, {
    outlet: "Northsea Courier",
    published: "2023-10-19",
    credits: [credit("Harbour Ledger")],
  });
  const spun = doc("d_spun", makeSpinner(11).spin(repubText, 0.9), { outlet: "Daily Pulse", published: "2023-10-21" });
  const independent = doc("d_ind", INDEPENDENT, { outlet: "Pacific Monitor", published: "2023-10-19" });
  const { links, family, republicationOf } = linkCopies([spun, independent, repub, original]);
  const byPair = new Map(links.map((l) => [`${l.doc}>${l.source}`, l]));
  const r = byPair.get("d_repub>d_orig");
  assert.ok(r, JSON.stringify(links, null, 1));
  assert.equal(r.relation, "republication");
  assert.equal(r.directed, true);
  assert.match(r.reason, /credit/);
  assert.equal(republicationOf.get("d_repub"), "d_orig");
  assert.equal(republicationOf.get("d_spun"), "d_repub");
  assert.equal(family.get("d_spun"), "d_orig");
  assert.equal(family.get("d_repub"), "d_orig");
  assert.equal(family.get("d_ind"), "d_ind");
  assert.ok(!links.some((l) => l.doc === "d_ind" || l.source === "d_ind"));
});

test("exact copies are same-text; without credit or dates they stay undirected", () => {
  const a = doc("d_1", ORIGINAL);
  const b = doc("d_2", ORIGINAL);
  const { links, republicationOf, family } = linkCopies([a, b]);
  assert.equal(links.length, 1);
  assert.equal(links[0]!.relation, "same-text");
  assert.equal(links[0]!.directed, false);
  assert.equal(republicationOf.size, 0);
  assert.equal(family.get("d_1"), family.get("d_2"));
});

test("conflicting evidence (credit says one way, dates the other) gives no direction", () => {
  const a = doc("d_src", ORIGINAL, { outlet: "Harbour Ledger", published: "2023-10-25" });
  const b = doc("d_copy", ORIGINAL + "\n\nRead more on our site.", {
    outlet: "Northsea Courier",
    published: "2023-10-18",
    credits: [credit("Harbour Ledger")],
  });
  const { links, republicationOf } = linkCopies([a, b]);
  assert.equal(links.length, 1);
  assert.equal(links[0]!.directed, false);
  assert.match(links[0]!.reason, /conflicts/);
  assert.equal(republicationOf.size, 0);
});

test("an excerpt inside a longer article is linked (containment)", () => {
  const paragraphs = ORIGINAL.split("\n\n");
  const excerpt = paragraphs.slice(0, 4).join("\n\n");
  const rng = seededRandom(3);
  const longer = randomNewsText(rng, 250) + "\n\n" + excerpt + "\n\n" + randomNewsText(rng, 250);
  const { links } = linkCopies([doc("d_long", longer), doc("d_ex", excerpt)]);
  assert.equal(links.length, 1, JSON.stringify(links));
});

test("random unrelated documents are never linked; copies among them are", () => {
  const rng = seededRandom(42);
  const docs: LinkDoc[] = [];
  for (let i = 0; i < 300; i++) docs.push(doc(`d_${String(i).padStart(4, "0")}`, randomNewsText(rng, 150)));
  docs.push(doc("d_copy_of_5", docs[5]!.text));
  const { links, family } = linkCopies(docs);
  assert.equal(links.length, 1, JSON.stringify(links.slice(0, 3)));
  assert.equal(family.get("d_copy_of_5"), family.get("d_0005"));
  assert.equal(new Set(family.values()).size, 300);
});

test("seeds: no two seed articles are copies of each other", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  const docs = [...seeds].map(([n, text]) => doc(`seed${n}`, text));
  const { links, family } = linkCopies(docs);
  assert.deepEqual(links, []);
  for (const d of docs) assert.equal(family.get(d.id), d.id);
});

test("seeds: a spun version of seed 004 links back to it; seed 003 without its credits links to 003", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  const s004 = seeds.get("004")!;
  const spun = makeSpinner(5).spin(s004, 0.9);
  const s003 = seeds.get("003")!;
  const cut = s003.search(/\n\s*By Konstantin|\n\s*Published by/);
  const bare = cut > 0 ? s003.slice(0, cut) : s003;
  const { links } = linkCopies([
    doc("seed004", s004, { outlet: "Sputnik" }),
    doc("spun004", spun, { outlet: "Copy Site" }),
    doc("seed003", s003, { outlet: "The 21st Century", credits: [credit("Rt.com")] }),
    doc("rt003", bare, { outlet: "RT", url: "https://www.rt.com/news/x" }),
  ]);
  const pairs = links.map((l) => `${l.doc}>${l.source}:${l.relation}:${l.directed}`).sort();
  assert.ok(pairs.includes("seed003>rt003:republication:true"), pairs.join(" "));
  assert.equal(links.filter((l) => l.doc === "spun004" || l.source === "spun004").length, 1, pairs.join(" "));
  assert.equal(links.length, 2, pairs.join(" "));
});

test("duplicate ids and binary text are rejected", () => {
  assert.throws(
    () => linkCopies([doc("x", "a b c"), doc("x", "d e f")]),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  assert.throws(
    () => linkCopies([{ ...doc("y", "text"), text: "\u0000\u0001\u0002 binary" }]),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  assert.deepEqual(linkCopies([]).links, []);
  const empty = linkCopies([doc("e1", ""), doc("e2", ""), doc("e3", "Short.")]);
  assert.deepEqual(empty.links, []);
  assert.equal(empty.family.get("e2"), "e2");
});

test("a copy spun with swaps the lexicon does not know still links when flagged as spun", () => {
  const rng = seededRandom(9);
  const unknownSpin = randomSwap(ORIGINAL, 0.3, rng);
  const original = doc("d_o", ORIGINAL);
  const copy = { ...doc("d_c", unknownSpin), spun: { score: 12, is_spun: true } };
  const traces: Array<{ coverage: number; wordContainment: number }> = [];
  const { links } = linkCopies([original, copy], { trace: (c) => traces.push(c) });
  assert.equal(links.length, 1, JSON.stringify(traces));
  assert.equal(links[0]!.relation, "spun-copy");
  assert.equal(links[0]!.doc, "d_c");
  assert.ok(traces[0]!.wordContainment < 0.5, "word shingles alone would miss it");
});

test("a story copied 250 times forms one family; a footer shared by 150 articles links nothing", () => {
  const rng = seededRandom(77);
  const docs: LinkDoc[] = [];
  for (let i = 0; i < 250; i++) docs.push(doc(`d_copy${String(i).padStart(3, "0")}`, ORIGINAL));
  const footer =
    "Subscribe to the Harbour Ledger morning briefing for the stories that matter, delivered to your inbox every weekday before seven. " +
    "Our journalism is funded by readers like you: become a member today and support independent reporting from the region.";
  for (let i = 0; i < 150; i++)
    docs.push(
      doc(`d_art${String(i).padStart(3, "0")}`, randomNewsText(rng, 150) + "\n\n" + footer, {
        outlet: "Harbour Ledger",
      }),
    );
  const { links, family } = linkCopies(docs);
  const copyFamilies = new Set(docs.filter((d) => d.id.startsWith("d_copy")).map((d) => family.get(d.id)));
  assert.equal(copyFamilies.size, 1);
  assert.ok(!links.some((l) => l.doc.startsWith("d_art") || l.source.startsWith("d_art")));
  const articleFamilies = new Set(docs.filter((d) => d.id.startsWith("d_art")).map((d) => family.get(d.id)));
  assert.equal(articleFamilies.size, 150);
});

test("long documents beyond the alignment budget are aligned in windows and still linked", () => {
  const rng = seededRandom(5);
  const body = randomNewsText(rng, 5000);
  const a = doc("d_long_a", body);
  const b = doc("d_long_b", randomNewsText(rng, 300) + "\n\n" + body);
  const { links } = linkCopies([a, b]);
  assert.equal(links.length, 1, JSON.stringify(links));
});

test("a credited translation in another script links through its numbers; an uncredited one does not", () => {
  // Written for this test: a short English report and a Russian rendering with the same numbers.
  const englishText =
    "The treaty signed in Pyongyang on 19 June 2024 has 23 articles and replaces agreements of 1961 and 2000. " +
    "Article 4 provides for military assistance if either side is attacked, officials said, and Article 8 covers joint exercises. " +
    "Trade between the two countries reached 34 million dollars in 2023, up from 4 million in 2021, according to customs figures. " +
    "Russia vetoed the renewal of the UN panel of experts on 28 March 2024, ending monitoring that began in 2009.";
  const russianText =
    "Договор, подписанный в Пхеньяне 19 июня 2024 года, состоит из 23 статей и заменяет соглашения 1961 и 2000 годов. " +
    "Статья 4 предусматривает военную помощь в случае нападения на одну из сторон, а статья 8 касается совместных учений. " +
    "Товарооборот двух стран достиг 34 миллионов долларов в 2023 году против 4 миллионов в 2021 году, по данным таможни. " +
    "Россия 28 марта 2024 года наложила вето на продление мандата группы экспертов ООН, работавшей с 2009 года.";
  const english = doc("d_en", englishText, { outlet: "Harbour Ledger", published: "2024-06-19" });
  const translated = {
    ...doc("d_ru", russianText, {
      outlet: "Vostok Daily",
      published: "2024-06-20",
      credits: [credit("Harbour Ledger", "source")],
    }),
    lang: "ru",
  };
  const uncredited = { ...translated, id: "d_ru2", outlet: "Other Daily", credits: [] };
  const r = linkCopies([english, translated, uncredited]);
  const t = r.links.find((l) => l.doc === "d_ru");
  assert.ok(t, JSON.stringify(r.links));
  assert.equal(t.relation, "translation");
  assert.equal(t.source, "d_en");
  assert.equal(t.directed, true);
  assert.equal(r.republicationOf.get("d_ru"), "d_en");
  assert.ok(
    !r.links.some((l) => [l.doc, l.source].includes("d_ru2") && [l.doc, l.source].includes("d_en")),
    JSON.stringify(r.links),
  );
});

test("link ids and families do not depend on input order", () => {
  const a = doc("d_1", ORIGINAL);
  const b = doc("d_2", ORIGINAL);
  const c = doc("d_3", makeSpinner(2).spin(ORIGINAL, 0.9));
  const r1 = linkCopies([a, b, c]);
  const r2 = linkCopies([c, b, a]);
  assert.deepEqual(r1.links.map((l) => l.id).sort(), r2.links.map((l) => l.id).sort());
  assert.deepEqual([...r1.family].sort(), [...r2.family].sort());
});

test("two short independent briefs of one visit are not linked", () => {
  // Written for this test: the same facts, names and day, in different words.
  const a =
    "Russian Foreign Minister Sergey Lavrov arrived in Pyongyang on Wednesday for a two-day visit, the state news agency KCNA reported. He is expected to meet " +
    "Kim Jong Un and his counterpart Choe Son Hui to discuss the agreements reached at the summit in September, the agency said, without giving details.";
  const b =
    "Sergey Lavrov, Russia's foreign minister, landed in Pyongyang on Wednesday, KCNA said. The visit, which lasts two days, is expected to include talks with " +
    "Choe Son Hui and a meeting with Kim Jong Un about the deals agreed at the September summit, according to the North Korean agency.";
  const traces: number[] = [];
  const { links } = linkCopies([doc("d_a", a), doc("d_b", b)], { trace: (t) => traces.push(t.coverage) });
  assert.deepEqual(links, []);
  assert.equal(traces.length, 1, "the briefs share names and should be compared");
  assert.ok(traces[0]! < 0.3);
});

test("candidatePairs: an external candidate index decides which pairs are verified", () => {
  const original = doc("d_o", ORIGINAL, { published: "2023-10-18", outlet: "Harbour Ledger" });
  const copy = doc("d_c", ORIGINAL + "\n\nRead more stories on our site.", {
    published: "2023-10-19",
    outlet: "Northsea Courier",
  });
  const other = doc("d_x", INDEPENDENT, { published: "2023-10-19" });
  const verified: string[] = [];
  // Only the given pair is verified, and it links as it would from the built-in index.
  const withPair = linkCopies([original, copy, other], {
    candidatePairs: [["d_c", "d_o"]],
    trace: (t) => verified.push(`${t.a}~${t.b}`),
  });
  assert.deepEqual(
    verified.map((v) => v.split("~").sort().join("~")),
    ["d_c~d_o"],
  );
  assert.equal(withPair.republicationOf.get("d_c"), "d_o");
  assert.deepEqual(linkCopies([original, copy, other]).links, withPair.links);
  // No candidates, no links; an unknown id is a typed error.
  assert.deepEqual(linkCopies([original, copy, other], { candidatePairs: [] }).links, []);
  assert.throws(
    () => linkCopies([original], { candidatePairs: [["d_o", "nope"]] }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
});

// An aggregator's repost of ORIGINAL, written by hand for this test: new headline and dateline, two
// of six paragraphs cut, paragraphs reordered, every kept sentence reworded (clauses moved, voice
// and tense changed, synonyms, "more than" → "over").
const REPOST = [
  "Lavrov back in North Korea for second round of talks",
  "SEOUL (News Desk) — Russia's Foreign Minister Sergey Lavrov arrived on Wednesday in Pyongyang for talks lasting two days with Choe Son Hui, his North Korean counterpart, in the second trip by a senior Russian official in three months.",
  "Trade, energy supplies and transport links are to be discussed by the two countries, officials in Moscow stated, and they will prepare the intergovernmental commission's meeting planned for November in Pyongyang.",
  "Kim Jong Un also met Lavrov and told him that the friendship between the two nations was growing stronger. According to a ministry statement on its website, the talks lasted over four hours.",
  "The visit was a key step for relations that have grown closer since the war in Ukraine started, analysts said, adding that the Security Council would find it harder to agree on fresh sanctions.",
  "With inputs from agencies.",
].join("\n\n");

test("an aggregator's heavily reworded repost joins its source's family; an independent report does not", () => {
  const { links, family } = linkCopies([
    doc("d_orig", ORIGINAL, { outlet: "Harbour Ledger", published: "2023-10-18" }),
    doc("d_repost", REPOST, { outlet: "Newsfeed Hub", published: "2023-10-19" }),
    doc("d_indep", INDEPENDENT, { outlet: "Evening Courier", published: "2023-10-18" }),
  ]);
  assert.equal(family.get("d_repost"), family.get("d_orig"), JSON.stringify(links));
  assert.notEqual(family.get("d_indep"), family.get("d_orig"), JSON.stringify(links));
  const l = links.find((x) => x.doc === "d_repost")!;
  assert.equal(l.source, "d_orig");
  assert.match(l.reason, /sentences matched out of order/);
});

test("a quotation in British single quotes is left out like any other", () => {
  const quote =
    "‘We will not accept any agreement that leaves our fishing fleets without access to the northern grounds, and we have said so to every minister who asked,’";
  const a = `${quote} the harbour master said.\n\n${randomNewsText(seededRandom(41), 60)}`;
  const b = `${quote} the harbour master told reporters.\n\n${randomNewsText(seededRandom(42), 60)}`;
  const { links } = linkCopies([doc("q_a", a), doc("q_b", b)]);
  assert.equal(links.length, 0, JSON.stringify(links));
});
