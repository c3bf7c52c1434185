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

function run(
  text: string,
  published: string | null = "2023-10-20",
): { facts: DocFacts; key: (name: string) => string } {
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
  const visit = withParagraph.facts.events.find(
    (e) => e.type === "CONSULT" && e.actors.includes(withParagraph.key("Ivan Sokolov")),
  );
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

test("an arms transfer someone says happened is a claim, not an AID event; a stated one is an event", () => {
  const said = run("Japan says that North Korea has shipped artillery shells to Russia.");
  assert.equal(
    said.facts.events.filter((e) => e.type === "AID").length,
    0,
    JSON.stringify(said.facts.events.map((e) => e.summary)),
  );
  assert.ok(said.facts.claims.some((c) => c.stance === "assert"));
  const stated = run("North Korea shipped artillery shells to Russia in September.");
  assert.equal(
    stated.facts.events.filter((e) => e.type === "AID").length,
    1,
    JSON.stringify(stated.facts.events.map((e) => e.summary)),
  );
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
  const { facts, key } = run(
    "The EU accused Russia of breaking the embargo. Japan warned North Korea against new launches.",
  );
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

test("passive voice: the subject is the target, the by-agent the actor; no agent, no verbal event", () => {
  const { facts, key } = run("Russia was accused by Japan of breaking the embargo.");
  const e = only(facts.events, "ACCUSE");
  assert.deepEqual(e.actors, [key("Japan")]);
  assert.deepEqual(e.targets, [key("Russia")]);
  const none = run("Russia has been accused of breaking the embargo.");
  assert.equal(none.facts.events.filter((x) => x.type === "ACCUSE").length, 0);
});

test("a passive act with no by-agent keeps its target and names no actor; a mobilised force is its own actor", () => {
  const arrest = only(run("Three journalists were arrested in Minsk on Friday.").facts.events, "COERCE");
  assert.deepEqual(arrest.actors, []);
  assert.equal(arrest.actor_agents, undefined);
  assert.ok(
    arrest.target_agents?.some((a) => /journalists/u.test(a)),
    JSON.stringify(arrest),
  );
  const alert = only(run("The navy was placed on high alert.").facts.events, "MOBILIZE");
  assert.ok(
    alert.actor_agents?.some((a) => /navy/u.test(a)),
    JSON.stringify(alert),
  );
});

test("datelines and bracketed agency names are not subjects", () => {
  const { facts, key } = run("Moscow (Global Wire) — The talks with Park Sun-ok lasted an hour.");
  assert.ok(!facts.events.some((e) => e.actors.includes(key("Russia"))), JSON.stringify(facts.events));
});

test("a relative clause takes its antecedent; a bare year dates a back-story event as historical", () => {
  const { facts, key } = run(
    "Petrova honoured the EU observers who liberated Khabarovsk. Japan has an agreement with North Korea which dates back to 1961.",
  );
  const assault = only(facts.events, "ASSAULT");
  assert.deepEqual(assault.actors, [key("European Union")]);
  const sign = only(facts.events, "SUPPORT");
  assert.equal(sign.date, "1961");
  assert.ok(sign.modes.includes("historical"));
  assert.deepEqual(sign.targets, [key("North Korea")]);
});

// --- Review fixes on the demo corpus, checked with the real language layer (own wording). ---
import { analyzeText } from "../nlp/index.js";

function real(text: string, published = "2023-07-26"): { events: LocalEvent[]; name: (k: string) => string } {
  const nlp = analyzeText(text, { lang: "en", published });
  const facts = extractFacts({ doc: "d_real", text, published, nlp });
  return { events: facts.events, name: (k) => nlp.entities.find((e) => e.key === k)?.name ?? k };
}

test("a delegation led by a named minister: the minister visits, the host is the city's country", () => {
  const { events, name } = real(
    "A Russian military delegation led by Defence Minister Sergei Shoigu landed in the North Korean capital on Tuesday, the first visit by a Russian defence chief in decades.",
  );
  const visits = events.filter((e) => e.type === "CONSULT");
  assert.equal(visits.length, 1, JSON.stringify(visits.map((e) => e.summary)));
  assert.deepEqual(visits[0]!.actors.map(name), ["Sergei Shoigu"]);
  assert.deepEqual(visits[0]!.targets.map(name), ["North Korea"]);
  assert.equal(visits[0]!.date, "2023-07-25");
});

test("'X is the first Russian minister to travel to Y since 1991': X travelled, not Russia, not future, not dated 1991", () => {
  const { events, name } = real(
    "Shoigu is the first Russian defence minister to travel to North Korea since the Soviet Union broke up in 1991.",
    "2023-07-28",
  );
  const visit = only(events, "CONSULT");
  assert.deepEqual(visit.actors.map(name), ["Sergei Shoigu"]);
  assert.deepEqual(visit.targets.map(name), ["North Korea"]);
  assert.ok(!visit.modes.includes("future"));
  assert.equal(visit.date, null);
});

test("'since last year' starts a state, it does not date the accusation", () => {
  const { events } = real("Washington has accused North Korea of shipping weapons to Russia since last year.");
  assert.equal(only(events, "ACCUSE").date, null);
});

test("another sentence's day ('last week') does not date this sentence's event", () => {
  const { events } = real(
    "The White House said last week that Pyongyang had sent containers to Russia. Lavrov dismissed the American claims as rumours.",
    "2023-10-20",
  );
  assert.equal(only(events, "REJECT").date, null);
});

test("a summit dated by its own clause, not by a relative clause's time; a past summit is not future", () => {
  const { events } = real(
    "Lavrov left Pyongyang on Thursday after two days of talks that were the follow-up to the summit between Vladimir Putin and Kim Jong Un at the Vostochny Cosmodrome in September.",
    "2023-10-20",
  );
  const summit = events.find((e) => e.mode === "multilateral");
  assert.ok(summit, JSON.stringify(events.map((e) => e.summary)));
  assert.equal(summit.date, "2023-09");
  assert.ok(!summit.modes.includes("future"));
});

test("a veto is REJECT; 'In May' is no modal; a relative clause's 'missile tests' is nobody's test", () => {
  const a = real(
    "In May 2022 Russia and China vetoed a US-drafted resolution that would have tightened sanctions after new missile tests.",
    "2024-04-03",
  );
  const veto = only(a.events, "REJECT");
  assert.equal(veto.mode, "veto");
  assert.deepEqual(veto.actors.map(a.name).sort(), ["China", "Russia"]);
  assert.deepEqual(veto.modes, []);
  assert.equal(a.events.filter((e) => e.type === "MOBILIZE").length, 0);
  const b = real(
    "On 28 March 2024 Russia vetoed the resolution that would have extended the mandate of the panel of experts, which had monitored sanctions since 2009.",
    "2024-04-03",
  );
  const v2 = only(b.events, "REJECT");
  assert.equal(v2.date, "2024-03-28");
});

test("AID 'help X build' needs the one helped; a visit never targets the visitor's own country", () => {
  const a = real(
    "Asked by Russian reporters whether Moscow would help North Korea build satellites, Putin said that this was why they had come.",
    "2023-09-13",
  );
  const aid = only(a.events, "AID");
  assert.deepEqual(aid.targets.map(a.name), ["North Korea"]);
  const b = real(
    "The disclosure came days before Foreign Minister Sergei Lavrov was due in Pyongyang, a visit Russian officials said would prepare closer economic ties.",
    "2023-10-13",
  );
  assert.ok(
    !b.events.some((e) => e.type === "CONSULT" && e.targets.map(b.name).includes("Russia")),
    JSON.stringify(b.events.map((e) => e.summary)),
  );
});

test("Russian documents: visits (either word order), a denial; the visitor's own country and infinitives are no visits", () => {
  const text = [
    "Министр иностранных дел России Сергей Лавров в четверг завершил визит в КНДР.",
    "Летом Пхеньян посетил министр обороны России Сергей Шойгу.",
    "Лавров назвал эти заявления слухами.",
    "Президент России принял приглашение посетить КНДР.",
  ].join(" ");
  const nlp = analyzeText(text, { lang: "ru", published: "2023-10-19" });
  const facts = extractFacts({ doc: "d_ru", text, published: "2023-10-19", nlp });
  const name = (k: string): string => nlp.entities.find((e) => e.key === k)?.name ?? k;
  const got = facts.events.map((e) => `${e.type}:${e.actors.map(name).join("+")}>${e.targets.map(name).join("+")}`);
  assert.ok(got.includes("CONSULT:Sergey Lavrov>North Korea"), got.join(" | "));
  assert.ok(got.includes("CONSULT:Sergei Shoigu>North Korea"), got.join(" | "));
  assert.ok(
    got.some((g) => g.startsWith("REJECT:Sergey Lavrov")),
    got.join(" | "),
  );
  assert.equal(facts.events.length, 3, got.join(" | "));
  for (const e of facts.events) assert.equal(text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
});

test("a gerund after 'against' is no AID; a weapons test has no target; 'discussed what X described' has no object X", () => {
  const a = real("The United States has warned Pyongyang against supplying weapons to Moscow.", "2023-09-13");
  assert.equal(a.events.filter((e) => e.type === "AID").length, 0, JSON.stringify(a.events.map((e) => e.summary)));
  const b = real(
    "After North Korea's first nuclear test in October 2006, Russia voted with the rest of the Security Council.",
    "2024-04-03",
  );
  const test_ = only(b.events, "MOBILIZE");
  assert.deepEqual(test_.actors.map(b.name), ["North Korea"]);
  assert.deepEqual(test_.targets, []);
  const c = real(
    "Kim Jong Un met Sergei Shoigu on Wednesday, and the two men discussed what the official Korean Central News Agency described as security questions.",
    "2023-07-28",
  );
  assert.ok(
    !c.events.some((e) => e.targets.map(c.name).includes("Korean Central News Agency")),
    JSON.stringify(c.events.map((e) => e.summary)),
  );
});

test("AID needs a recipient and COOPERATE a partner: 'Russia supplied arms' and 'Moscow deepened military ties' alone are no events", () => {
  const a = real("For decades Russia supplied fuel and weapons at friendship prices.", "2024-04-03");
  assert.equal(a.events.filter((e) => e.type === "AID").length, 0, JSON.stringify(a.events.map((e) => e.summary)));
  const b = real("Moscow said the trip was meant to deepen military ties.", "2023-07-26");
  assert.equal(
    b.events.filter((e) => e.type === "COOPERATE").length,
    0,
    JSON.stringify(b.events.map((e) => e.summary)),
  );
  const c = real("Russia supplied fuel to North Korea.", "2024-04-03");
  assert.equal(only(c.events, "AID").targets.length, 1);
});

test("'the 1961 treaty between X and Y' is a signing dated 1961; the same treaty as an object is no signing; the object stops before a time", () => {
  const a = real(
    "The mutual defence clause of the 1961 treaty between the Soviet Union and North Korea lapsed in the 1990s.",
    "2024-06-19",
  );
  const sign = only(a.events, "SUPPORT");
  assert.equal(sign.date, "1961");
  assert.deepEqual(sign.actors.map(a.name).sort(), ["North Korea", "Soviet Union"]);
  assert.match(sign.summary, /signed the 1961 treaty/);
  const b = real("In the mid-1990s, Moscow allowed the 1961 treaty to expire rather than renew it.", "2024-04-03");
  assert.equal(b.events.filter((e) => e.type === "SUPPORT").length, 0, JSON.stringify(b.events.map((e) => e.summary)));
  const c = real(
    "When Russia blocked the renewal of the UN sanctions monitors last week, it cut one more thread.",
    "2024-04-03",
  );
  assert.doesNotMatch(only(c.events, "REJECT").summary, /\blast\b/);
});

test("talks with no counterpart are no CONSULT event", () => {
  const a = real("Putin told reporters after the talks that the document was a breakthrough.", "2024-06-19");
  assert.equal(a.events.filter((e) => e.type === "CONSULT").length, 0, JSON.stringify(a.events.map((e) => e.summary)));
  const b = real(
    "Russian President Vladimir Putin held talks with North Korean leader Kim Jong Un on Wednesday.",
    "2024-06-19",
  );
  assert.equal(only(b.events, "CONSULT").targets.length, 1);
});
