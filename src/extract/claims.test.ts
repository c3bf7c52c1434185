import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts } from "./index.js";
import { CASE_ENTITIES, analysisFor, type TestEntity } from "./testkit.js";
import type { DocFacts } from "../model/pipeline.js";

const ENTITIES: TestEntity[] = [
  { names: ["Anna Petrova", "Petrova"], type: "person", roles: ["Foreign Minister"], affiliation: "RUS" },
  { names: ["Russia", "Moscow", "Kremlin"], type: "country" },
  { names: ["North Korea", "Pyongyang"], type: "country" },
  { names: ["United States", "Washington", "White House"], type: "country" },
  { names: ["Global Herald"], type: "organization" },
];

function run(text: string): { facts: DocFacts; key: (name: string) => string } {
  const nlp = analysisFor(text, ENTITIES, "2023-10-20");
  const facts = extractFacts({ doc: "d_cl", text, published: "2023-10-20", nlp });
  for (const c of facts.claims) assert.equal(text.slice(c.evidence.start, c.evidence.end), c.evidence.text);
  return {
    facts,
    key: (name) => {
      const e = nlp.entities.find((x) => x.name === name);
      assert.ok(e, name);
      return e.key;
    },
  };
}

test("an allegation and its denial, worded differently, share one template key", () => {
  const { facts, key } = run(
    "The White House said North Korea has shipped artillery shells to Russia. Petrova dismissed the reports of ammunition deliveries from Pyongyang to Moscow as rumours.",
  );
  const assertClaim = facts.claims.find((c) => c.stance === "assert");
  const denyClaim = facts.claims.find((c) => c.stance === "deny");
  assert.ok(assertClaim && denyClaim, JSON.stringify(facts.claims));
  assert.equal(assertClaim.key, denyClaim.key);
  assert.equal(assertClaim.key, "AID|prk+rus|arms");
  assert.equal(assertClaim.actor, key("United States"));
  assert.equal(denyClaim.actor, key("Anna Petrova"));
  assert.equal(assertClaim.text, "North Korea supplies arms to Russia");
});

test("coordinated deniers each get a denial", () => {
  const { facts, key } = run("Moscow and Pyongyang have denied any arms transfers between them.");
  const deniers = facts.claims.filter((c) => c.stance === "deny").map((c) => c.actor);
  assert.deepEqual(new Set(deniers), new Set([key("Russia"), key("North Korea")]));
});

test("an anaphoric denial answers the previous claim", () => {
  const { facts } = run(
    "Officials in Washington allegedly hold images proving that containers of weapons moved from North Korea to Russia. Petrova called these statements rumours.",
  );
  const deny = facts.claims.find((c) => c.stance === "deny");
  const reported = facts.claims.find((c) => c.stance !== "deny");
  assert.ok(deny && reported, JSON.stringify(facts.claims));
  assert.equal(deny.key, reported.key);
});

test("'did not deny' and 'declined to comment' are never denials", () => {
  const a = run("Petrova did not deny that North Korea supplied munitions to Russia.");
  assert.equal(a.facts.claims.filter((c) => c.stance === "deny").length, 0);
  assert.ok(a.facts.claims.some((c) => c.stance === "report"));
  const b = run("The Kremlin declined to comment on reports that Pyongyang sent shells to Moscow.");
  assert.equal(b.facts.claims.filter((c) => c.stance === "deny").length, 0);
});

test("a conditional is not an asserted proposition", () => {
  const { facts } = run("Washington said it would act if Pyongyang provided weapons to Moscow.");
  assert.equal(facts.claims.length, 0);
});

test("'reportedly' makes a report with no actor", () => {
  const { facts } = run("North Korea reportedly delivered missiles to Russia last month.");
  assert.equal(facts.claims.length, 1);
  assert.equal(facts.claims[0]!.stance, "report");
  assert.equal(facts.claims[0]!.actor, null);
  assert.equal(facts.claims[0]!.key, "AID|prk+rus|arms"); // missiles are in the dictionary's &WEAPON set
});

test("an accusation is asserted by the accuser and denied by the accused through an anaphoric rejection", () => {
  const { facts, key } = run(
    "Washington accused Moscow of blocking aid convoys in the north. The Kremlin rejected these accusations as baseless.",
  );
  const asserted = facts.claims.find((c) => c.stance === "assert");
  const denied = facts.claims.find((c) => c.stance === "deny");
  assert.ok(asserted && denied, JSON.stringify(facts.claims));
  assert.equal(asserted.actor, key("United States"));
  assert.equal(denied.actor, key("Russia"));
  assert.equal(asserted.key, denied.key);
  assert.equal(asserted.text, "Russia blocking aid convoys in the north");
});

test("a passive accusation makes the accused a party, never the accuser", () => {
  const { facts } = run("Moscow has been accused of blocking aid convoys in the north.");
  assert.equal(facts.claims.length, 1, JSON.stringify(facts.claims));
  assert.equal(facts.claims[0]!.stance, "report");
  assert.equal(facts.claims[0]!.actor, null);
  assert.match(facts.claims[0]!.key, /^ACCUSE\|rus\|/);
  const nobody = run("Many people blame those in power for the crisis.");
  assert.equal(nobody.facts.claims.length, 0);
});

test("a claim naming one party is not completed from the parties the document names most", () => {
  const { facts } = run(
    "Russia and North Korea deepened ties this year. Moscow hosted envoys from North Korea twice. Pyongyang denied sending any weapons. Washington said Russia received shells.",
  );
  const denial = facts.claims.find((c) => c.stance === "deny");
  assert.ok(denial, JSON.stringify(facts.claims));
  assert.equal(denial.key, "AID|prk|arms", JSON.stringify(facts.claims));
  // The speaker is never a party to what it reports.
  assert.ok(!facts.claims.some((c) => c.key.includes("usa")), JSON.stringify(facts.claims));
});

function runCase(text: string): { facts: DocFacts; key: (name: string) => string } {
  const nlp = analysisFor(text, CASE_ENTITIES, "2023-10-20");
  const facts = extractFacts({ doc: "d_cc", text, published: "2023-10-20", nlp });
  for (const c of facts.claims) assert.equal(text.slice(c.evidence.start, c.evidence.end), c.evidence.text);
  return { facts, key: (name) => nlp.entities.find((x) => x.name === name)!.key };
}

test("a relative denial inside a reported sentence: the reporter asserts, the relative clause's subject denies", () => {
  const { facts, key } = runCase(
    "North Korea has delivered more than 1,000 containers of munitions to Russia in recent weeks, the White House said Friday, releasing what it described as evidence of an arms pipeline that Moscow and Pyongyang have repeatedly denied.",
  );
  const asserts = facts.claims.filter((c) => c.stance === "assert");
  const denies = facts.claims.filter((c) => c.stance === "deny");
  assert.deepEqual(
    asserts.map((c) => c.actor),
    [key("United States")],
    JSON.stringify(facts.claims),
  );
  assert.deepEqual(new Set(denies.map((c) => c.actor)), new Set([key("Russia"), key("North Korea")]));
  for (const c of facts.claims) assert.equal(c.key, "AID|prk+rus|arms");
});

test("warnings and hypotheticals are never assertions", () => {
  const a = runCase(
    "Speaking in Hanoi, Putin warned Seoul that supplying lethal weapons to Ukraine would be a big mistake.",
  );
  assert.ok(
    a.facts.claims.every((c) => c.stance !== "assert"),
    JSON.stringify(a.facts.claims),
  );
  const b = runCase(
    "Lavrov met Kim in Pyongyang on Thursday. Putin said any military aid flowing from Pyongyang would matter far more to Moscow than trade.",
  );
  assert.ok(
    b.facts.claims.every((c) => c.stance !== "assert"),
    JSON.stringify(b.facts.claims),
  );
});

test("arms-transfer claims are (supplier, recipient) read from the proposition, speakers and bystanders left out", () => {
  const { facts, key } = runCase(
    "The United States, South Korea and Japan say that North Korea has shipped artillery ammunition to Russia for the war in Ukraine. Pyongyang also denies sending weapons to Russia. Washington, Seoul and Tokyo have accused North Korea of supplying Russia with artillery shells for the war in Ukraine.",
  );
  const keys = new Set(facts.claims.map((c) => c.key));
  assert.deepEqual([...keys], ["AID|prk+rus|arms"], JSON.stringify(facts.claims));
  assert.ok(facts.claims.every((c) => c.text === "North Korea supplies arms to Russia"));
  const deny = facts.claims.find((c) => c.stance === "deny");
  assert.equal(deny?.actor, key("North Korea"));
  const asserters = new Set(facts.claims.filter((c) => c.stance === "assert").map((c) => c.actor));
  for (const n of ["United States", "South Korea", "Japan"]) assert.ok(asserters.has(key(n)), n);
});

test("'officials in X have said' is asserted by X", () => {
  const { facts, key } = run(
    "Officials in Washington have said for months that North Korea is supplying munitions to Russian forces.",
  );
  const c = facts.claims.find((x) => x.key === "AID|prk+rus|arms");
  assert.ok(c, JSON.stringify(facts.claims));
  assert.equal(c.stance, "assert");
  assert.equal(c.actor, key("United States"));
});

test("concern is reported, and the concerned country is no party to the proposition", () => {
  const people = [...CASE_ENTITIES, { names: ["Yoshimasa Hayashi", "Hayashi"], type: "person" as const }];
  const text =
    "In Tokyo, Chief Cabinet Secretary Yoshimasa Hayashi said Japan was gravely concerned that Moscow had not ruled out military-technical cooperation with Pyongyang.";
  const nlp = analysisFor(text, people, "2024-06-20");
  const facts = extractFacts({ doc: "d_cn", text, published: "2024-06-20", nlp });
  assert.ok(facts.claims.length > 0, "the concern is kept as a report");
  for (const c of facts.claims) {
    assert.notEqual(c.stance, "assert", JSON.stringify(c));
    assert.ok(!c.key.includes("jpn"), c.key);
  }
});

test("a country whose claims or reports are mentioned is their source, not a party to the transfer they allege", () => {
  const { facts } = run(
    "Moscow has long rejected accounts of Pyongyang shipping artillery shells as baseless, and North Korea has called similar Washington claims a fabrication.",
  );
  for (const c of facts.claims) assert.ok(!/united states|usa/iu.test(c.key), c.key);
});
