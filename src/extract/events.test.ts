import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts } from "./index.js";
import { analysisFor, type TestEntity } from "./testkit.js";
import type { DocFacts, LocalEvent } from "../model/pipeline.js";

const ENTITIES: TestEntity[] = [
  { names: ["Anna Petrova", "Petrova"], type: "person", roles: ["Foreign Minister"], affiliation: "RUS" },
  { names: ["Park Sun-ok", "Park"], type: "person", roles: ["Foreign Minister"], affiliation: "PRK" },
  { names: ["Ivan Sokolov", "Sokolov"], type: "person", roles: ["President"], affiliation: "RUS" },
  { names: ["Russia", "Moscow"], type: "country" },
  { names: ["North Korea", "DPRK"], type: "country" },
  { names: ["Japan"], type: "country" },
  { names: ["European Union", "EU"], type: "organization" },
  { names: ["Pyongyang"], type: "place" },
  { names: ["Khabarovsk"], type: "place" },
];

function run(text: string, published: string | null = "2023-10-20"): { facts: DocFacts; key: (name: string) => string } {
  const nlp = analysisFor(text, ENTITIES, published);
  const facts = extractFacts({ doc: "d_ev", text, published, nlp });
  return {
    facts,
    key: (name) => {
      const e = nlp.entities.find((x) => x.name === name);
      assert.ok(e, name);
      return e.key;
    },
  };
}

function only(events: LocalEvent[], type: string): LocalEvent {
  const found = events.filter((e) => e.type === type);
  assert.equal(found.length, 1, `${type} events: ${JSON.stringify(events.map((e) => e.summary))}`);
  return found[0]!;
}

test("a visit is CONSULT/visit: visitor acts, host country is the target, city the location, clause date", () => {
  const text = "Petrova visited Pyongyang on Thursday and met Park Sun-ok.";
  const { facts, key } = run(text);
  const e = only(facts.events, "CONSULT");
  assert.equal(e.mode, "visit");
  assert.deepEqual(e.actors, [key("Anna Petrova")]);
  assert.ok(e.targets.includes(key("Park Sun-ok")));
  assert.equal(e.location, key("Pyongyang"));
  assert.equal(e.date, "2023-10-19");
  assert.match(e.summary, /Anna Petrova visited Pyongyang; met Park Sun-ok/);
  assert.equal(text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
});

test("a sentence without a time expression takes the paragraph's, and no article date is invented", () => {
  const withParagraph = run("In July 2023, the delegations gathered. Sokolov flew to Khabarovsk for the summit.");
  const visit = withParagraph.facts.events.find((e) => e.type === "CONSULT" && e.actors.includes(withParagraph.key("Ivan Sokolov")));
  assert.ok(visit);
  assert.equal(visit.date, "2023-07");
  const bare = run("Sokolov flew to Khabarovsk for the summit.");
  const visit2 = bare.facts.events.find((e) => e.type === "CONSULT");
  assert.ok(visit2);
  assert.equal(visit2.date, null);
});

test("signing is SUPPORT/sign with both signatories and the agreement in the summary", () => {
  const { facts, key } = run("Sokolov and North Korean leader Park Sun-ok signed a new partnership treaty.");
  const e = only(facts.events, "SUPPORT");
  assert.equal(e.mode, "sign");
  assert.deepEqual(new Set(e.actors), new Set([key("Ivan Sokolov"), key("Park Sun-ok")]));
  assert.match(e.summary, /signed a new partnership treaty/);
});

test("accepting an invitation is AGREE; the visit it promises is a future CONSULT", () => {
  const { facts, key } = run("Sokolov accepted an invitation to visit North Korea.");
  const agree = only(facts.events, "AGREE");
  assert.deepEqual(agree.actors, [key("Ivan Sokolov")]);
  const visit = only(facts.events, "CONSULT");
  assert.ok(visit.modes.includes("future"), JSON.stringify(visit));
  assert.deepEqual(visit.targets, [key("North Korea")]);
});

test("modes: negated, hypothetical, future and historical", () => {
  const neg = run("Japan did not impose sanctions on Russia.");
  assert.ok(only(neg.facts.events, "SANCTION").modes.includes("negated"));
  const hyp = run("Russia could supply weapons to North Korea.");
  assert.ok(only(hyp.facts.events, "AID").modes.includes("hypothetical"));
  const fut = run("Petrova will visit Pyongyang next month.");
  const fv = only(fut.facts.events, "CONSULT");
  assert.ok(fv.modes.includes("future"));
  const hist = run("The Soviet army liberated Pyongyang in 1945, and Russia signed a treaty with North Korea in 1961.");
  const sign = only(hist.facts.events, "SUPPORT");
  assert.ok(sign.modes.includes("historical"), JSON.stringify(sign));
  assert.equal(sign.date, "1961");
});

test("an alleged arms delivery is not an AID event (it is a claim)", () => {
  const { facts } = run("North Korea allegedly delivered artillery shells to Russia.");
  assert.equal(facts.events.filter((e) => e.type === "AID").length, 0);
  assert.ok(facts.claims.length >= 1);
});

test("a relative clause has its own subject: no actor is borrowed from the main clause", () => {
  const { facts } = run("Petrova laid flowers at a monument to soldiers who liberated Pyongyang.");
  assert.equal(facts.events.filter((e) => e.type === "ASSAULT").length, 0);
});

test("threats and accusations are typed and keep their speakers", () => {
  const { facts, key } = run("The EU accused Russia of breaking the embargo. Japan warned North Korea against new launches.");
  const accuse = only(facts.events, "ACCUSE");
  assert.deepEqual(accuse.actors, [key("European Union")]);
  assert.deepEqual(accuse.targets, [key("Russia")]);
  const threaten = only(facts.events, "THREATEN");
  assert.deepEqual(threaten.actors, [key("Japan")]);
});

test("headline lines yield no events", () => {
  const { facts } = run("Petrova Visits Pyongyang For Talks\n\nNothing else happened.");
  assert.equal(facts.events.length, 0);
});

test("passive voice: the subject is the target, the by-agent the actor; no agent, no event", () => {
  const { facts, key } = run("Russia was accused by Japan of breaking the embargo.");
  const e = only(facts.events, "ACCUSE");
  assert.deepEqual(e.actors, [key("Japan")]);
  assert.deepEqual(e.targets, [key("Russia")]);
  const none = run("Russia has been accused of breaking the embargo.");
  assert.equal(none.facts.events.filter((x) => x.type === "ACCUSE").length, 0);
});

test("datelines and bracketed agency names are not subjects", () => {
  const { facts, key } = run("Moscow (Global Wire) — The talks with Park Sun-ok lasted an hour.");
  assert.ok(!facts.events.some((e) => e.actors.includes(key("Russia"))), JSON.stringify(facts.events));
});

test("a relative clause takes its antecedent; a bare year dates a back-story event as historical", () => {
  const { facts, key } = run("Petrova honoured the EU observers who liberated Khabarovsk. Japan has an agreement with North Korea which dates back to 1961.");
  const assault = only(facts.events, "ASSAULT");
  assert.deepEqual(assault.actors, [key("European Union")]);
  const sign = only(facts.events, "SUPPORT");
  assert.equal(sign.date, "1961");
  assert.ok(sign.modes.includes("historical"));
  assert.deepEqual(sign.targets, [key("North Korea")]);
});
