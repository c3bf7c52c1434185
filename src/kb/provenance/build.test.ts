import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProvenance } from "./build.js";
import { readSeeds } from "./testing.js";
import { makeSpinner } from "./synthetic.js";

test("seeds: spin flags, restorations with exact offsets, singleton families", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  const docs = [...seeds].map(([n, text]) => ({
    id: `d_${n}`,
    text,
    lang: "en",
    published: null,
    outlet: null,
    url: null,
  }));
  const { documents, links } = buildProvenance(docs);
  assert.equal(links.length, 0);
  for (const [i, d] of documents.entries()) {
    const text = docs[i]!.text;
    assert.equal(d.family, d.id);
    assert.equal(d.republication_of, null);
    assert.equal(d.spun.is_spun, d.id === "d_000" || d.id === "d_001");
    if (d.spun.is_spun) {
      assert.ok(d.restored_text && d.restored_text !== text);
      assert.ok((d.restorations ?? []).length >= 5, `${(d.restorations ?? []).length} restorations`);
    } else {
      assert.equal(d.restored_text, null);
    }
    for (const r of d.restorations ?? []) assert.equal(text.slice(r.start, r.end), r.spun);
  }
});

test("a spun copy whose source is in the corpus is restored from the source", () => {
  const source =
    "The Foreign Minister arrived in the capital on Tuesday for talks with his counterpart, the second such visit this year. Officials said the two countries " +
    "discussed trade and energy supplies, and agreed to meet again in the Far East next month. The Ministry of Defense declined to comment on reports " +
    "of military aid, which both governments have denied. Analysts said the visit was a crucial step for relations that have grown closer since the war began, " +
    "and that the Security Council would find it harder to agree on new measures. The talks lasted four hours and ended with a joint statement.";
  const spun = makeSpinner(21).spin(source, 0.6);
  const docs = [
    { id: "d_src", text: source, lang: "en", published: "2024-01-01", outlet: "A", url: null },
    { id: "d_spun", text: spun, lang: "en", published: "2024-02-01", outlet: "B", url: null },
  ];
  const { documents, links } = buildProvenance(docs);
  assert.equal(links.length, 1);
  const d = documents[1]!;
  assert.equal(d.spun.is_spun, true, `score ${d.spun.score}`);
  assert.equal(d.republication_of, "d_src");
  assert.equal(d.family, "d_src");
  assert.equal(d.restored_text, source);
  assert.ok((d.restorations ?? []).some((r) => /aligned with source d_src/.test(r.reason)));
  for (const r of d.restorations ?? []) assert.equal(spun.slice(r.start, r.end), r.spun);
});

test("substitutions learned from aligned copies restore a spun copy whose source is absent", () => {
  // Written for this test: three unrelated reports; a made-up spinner also writes "office holders" for "officials".
  const sources = [
    "Officials in the northern province said on Monday that heavy rain had flooded more than two hundred homes and cut the main road to the coast. " +
      "Rescue teams used boats to reach villages along the river, and officials said no one had been hurt. The regional government promised money " +
      "for repairs and asked residents to stay away from the banks until the water level falls. Forecasters expect more rain later in the week, " +
      "and officials warned that schools in low areas may stay closed.",
    "The city council approved a plan on Thursday to build a new tram line linking the airport with the central station by the end of the decade. " +
      "Officials said the project would cost about nine hundred million and would be paid for by the city, the state and a loan from a public bank. " +
      "Shop owners along the route asked for help during the years of construction, and officials promised a fund for them. Opponents said buses " +
      "would be cheaper and faster to deliver, and they plan to challenge the decision in court.",
    "Health officials reported a sharp rise in cases of measles in three southern districts, most of them among children who had not been vaccinated. " +
      "The ministry sent extra doses and nurses to the area and opened clinics in schools and markets. Officials urged parents to check the records " +
      "of their children and said the vaccine is free at every public clinic. Doctors said the outbreak could have been avoided, and officials " +
      "admitted that supplies had run short in the spring.",
  ];
  const spinner = makeSpinner(5);
  // A placeholder keeps the WordNet spinner off the word; the made-up spinner's form goes in after.
  const spun = sources.map((s) =>
    spinner
      .spin(s.replace(/\bofficials\b/g, "qqofficials").replace(/\bOfficials\b/g, "Qqofficials"), 0.6)
      .replace(/\bqqofficials\b/g, "office holders")
      .replace(/\bQqofficials\b/g, "Office holders"),
  );
  const docs = [
    { id: "src0", text: sources[0]!, lang: "en", published: "2024-01-01", outlet: "A", url: null },
    { id: "src1", text: sources[1]!, lang: "en", published: "2024-01-01", outlet: "B", url: null },
    ...spun.map((text, i) => ({
      id: `spun${i}`,
      text,
      lang: "en",
      published: "2024-02-01",
      outlet: `C${i}`,
      url: null,
    })),
  ];
  const { documents } = buildProvenance(docs);
  const alone = documents.find((d) => d.id === "spun2")!;
  assert.equal(alone.spun.is_spun, true, `score ${alone.spun.score}`);
  assert.equal(alone.republication_of, null);
  const learned = (alone.restorations ?? []).filter((r) => /learned from this corpus/.test(r.reason));
  assert.ok(learned.length >= 2, JSON.stringify(alone.restorations));
  for (const r of learned) assert.equal(r.original.toLowerCase(), "officials");
  for (const r of alone.restorations ?? []) assert.equal(spun[2]!.slice(r.start, r.end), r.spun);
  const without = buildProvenance(docs, { learnFromCorpus: false }).documents.find((d) => d.id === "spun2")!;
  assert.equal((without.restorations ?? []).filter((r) => /learned from this corpus/.test(r.reason)).length, 0);
});
