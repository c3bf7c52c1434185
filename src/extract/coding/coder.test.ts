import { test } from "node:test";
import assert from "node:assert/strict";
import { analysisFor, type TestEntity } from "../testkit.js";
import { makeDocView } from "../text.js";
import { codedEvents } from "../events.js";
import { extractOpenClaims } from "./claims.js";
import { cameoDictionary, ploverOf } from "./dictionary.js";
import type { LocalEvent } from "../../model/pipeline.js";

const ENTITIES: TestEntity[] = [
  { names: ["Kenya"], type: "country" },
  { names: ["Somalia"], type: "country" },
  { names: ["Uganda"], type: "country" },
  { names: ["Iran", "Tehran"], type: "country" },
  { names: ["Russia", "Moscow"], type: "country" },
  { names: ["Nigeria"], type: "country" },
  { names: ["Lagos"], type: "place", affiliation: "Nigeria" },
  { names: ["Grace Otieno", "Otieno"], type: "person", affiliation: "KEN" },
];

function coded(
  text: string,
  published = "2025-03-10",
): { events: LocalEvent[]; name: (k: string) => string; text: string } {
  const nlp = analysisFor(text, ENTITIES, published);
  const view = makeDocView(text, published, nlp);
  const events = codedEvents(view, []);
  for (const e of events) assert.equal(text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
  return { events, name: (k) => nlp.entities.find((e) => e.key === k)?.name ?? k, text };
}

test("the dictionary maps CAMEO codes to PLOVER; statements (01x) stay uncoded", () => {
  const dict = cameoDictionary();
  assert.deepEqual(ploverOf(dict, "173"), { type: "COERCE", mode: "arrest" });
  assert.deepEqual(ploverOf(dict, "042"), { type: "CONSULT", mode: "visit" });
  assert.equal(ploverOf(dict, "010"), null);
  assert.equal(dict.agents.police, "COP");
  assert.equal(dict.agents.rebels, "REB");
});

test("an unnamed agent becomes a typed actor with the country of its place", () => {
  const { events } = coded("Police in Lagos arrested dozens of protesters on Monday.");
  const arrest = events.find((e) => e.type === "COERCE");
  assert.ok(arrest, JSON.stringify(events));
  assert.equal(arrest.mode, "arrest");
  assert.deepEqual(arrest.actor_agents, ["Nigeria police (COP)"]);
  assert.deepEqual(arrest.target_agents, ["protesters (OPP)"]);
});

test("a pattern with an object picks the specific code; coordinated subjects both act", () => {
  const { events, name } = coded("Kenya and Uganda signed a trade agreement in Nairobi.");
  const sign = events.find((e) => e.type === "SUPPORT");
  assert.ok(sign, JSON.stringify(events));
  assert.deepEqual(sign.actors.map(name).sort(), ["Kenya", "Uganda"]);
});

test("passive voice: the by-agent acts on the subject; without an agent no event", () => {
  const { events, name } = coded("Somalia was attacked by Kenya on Tuesday.");
  const attack = events.find((e) => e.type === "ASSAULT");
  assert.ok(attack, JSON.stringify(events));
  assert.deepEqual(attack.actors.map(name), ["Kenya"]);
  assert.deepEqual(attack.targets.map(name), ["Somalia"]);
  assert.equal(coded("Somalia was attacked on Tuesday.").events.filter((e) => e.type === "ASSAULT").length, 0);
});

test("modes: negation and the future are kept; a future retreat is a concession", () => {
  const neg = coded("Kenya did not attack Somalia.").events.find((e) => e.type === "ASSAULT");
  assert.ok(neg?.modes.includes("negated"), JSON.stringify(neg));
  const future = coded("Kenya will withdraw its troops from Somalia.").events;
  assert.ok(
    future.some((e) => e.type === "CONCEDE" && e.modes.includes("future")),
    JSON.stringify(future),
  );
});

test("open claims: a denial and a report of the same transfer meet on one key", () => {
  const text = "Tehran denied supplying weapons to Moscow. Russia received weapons from Iran, according to Otieno.";
  const nlp = analysisFor(text, ENTITIES, "2025-03-10");
  const claims = extractOpenClaims(makeDocView(text, "2025-03-10", nlp));
  const deny = claims.find((c) => c.stance === "deny");
  const report = claims.find((c) => c.stance === "report");
  assert.ok(deny && report, JSON.stringify(claims));
  assert.equal(deny.key, report.key);
  assert.match(deny.key, /^AID\|/);
  for (const c of claims) assert.equal(text.slice(c.evidence.start, c.evidence.end), c.evidence.text);
});

test("a condition is no claim, and 'did not deny' is no denial", () => {
  const text = "Kenya said it would respond if Somalia attacked Uganda. Somalia did not deny attacking Uganda.";
  const claims = extractOpenClaims(makeDocView(text, "2025-03-10", analysisFor(text, ENTITIES, "2025-03-10")));
  assert.ok(!claims.some((c) => c.stance === "deny"), JSON.stringify(claims));
  assert.ok(!claims.some((c) => c.stance === "assert"), JSON.stringify(claims));
});

test("with a dependency parse the frames come from the tree: subject, object and the passive by-agent", () => {
  const text = "Police in Lagos arrested dozens of protesters. Somalia was attacked by Kenya.";
  const nlp = analysisFor(text, ENTITIES, "2025-03-10");
  // Hand-written UD trees for the two sentences (what the parser fills in).
  const trees: Array<[string, number, string]> = [
    ["Police", 3, "nsubj"],
    ["in", 2, "case"],
    ["Lagos", 0, "nmod"],
    ["arrested", -1, "root"],
    ["dozens", 3, "obj"],
    ["of", 6, "case"],
    ["protesters", 4, "nmod"],
    [".", 3, "punct"],
    ["Somalia", 10, "nsubj:pass"],
    ["was", 10, "aux:pass"],
    ["attacked", -1, "root"],
    ["by", 12, "case"],
    ["Kenya", 10, "obl:agent"],
    [".", 10, "punct"],
  ];
  assert.equal(nlp.tokens.length, trees.length, nlp.tokens.map((t) => t.text).join(" "));
  nlp.tokens.forEach((t, i) => {
    assert.equal(t.text, trees[i]![0]);
    t.head = trees[i]![1];
    t.dep = trees[i]![2];
  });
  const view = makeDocView(text, "2025-03-10", nlp);
  const events = codedEvents(view, []);
  const arrest = events.find((e) => e.type === "COERCE");
  assert.ok(arrest, JSON.stringify(events));
  assert.deepEqual(arrest.actor_agents, ["Nigeria police (COP)"]);
  const attack = events.find((e) => e.type === "ASSAULT");
  assert.ok(attack, JSON.stringify(events));
  const name = (k: string): string => nlp.entities.find((e) => e.key === k)!.name;
  assert.deepEqual(attack.actors.map(name), ["Kenya"]);
  assert.deepEqual(attack.targets.map(name), ["Somalia"]);
});

test("open claims: a denial that points back ('called the allegations lies') answers the proposition just reported", () => {
  const text = "Somalia said Kenyan troops attacked Somali civilians. Kenya called the allegations lies.";
  const nlp = analysisFor(
    text,
    [
      { names: ["Kenya", "Kenyan"], type: "country" },
      { names: ["Somalia", "Somali"], type: "country" },
    ],
    "2025-03-10",
  );
  const claims = extractOpenClaims(makeDocView(text, "2025-03-10", nlp));
  const assertion = claims.find((c) => c.stance === "assert");
  const denial = claims.find((c) => c.stance === "deny");
  assert.ok(assertion && denial, JSON.stringify(claims));
  assert.equal(denial.key, assertion.key);
  assert.notEqual(denial.actor, assertion.actor);
});

test("a name the tagger calls a verb is the subject of the verb after it", () => {
  // The token is forced to VERB here, as the tagger does with some capitalised names at a sentence start.
  const text = "Kenya sent two planeloads of medical supplies to Somalia on Tuesday.";
  const nlp = analysisFor(text, ENTITIES, "2025-03-10");
  const first = nlp.tokens[0]!;
  first.pos = "VERB";
  first.dep = "aux";
  first.head = 1;
  const view = makeDocView(text, "2025-03-10", nlp);
  const aid = codedEvents(view, []).filter((e) => e.type === "AID");
  assert.equal(aid.length, 1, JSON.stringify(aid));
  const names = (ks: string[]): string[] => ks.map((k) => nlp.entities.find((e) => e.key === k)?.name ?? k);
  assert.deepEqual(names(aid[0]!.actors), ["Kenya"]);
  assert.deepEqual(names(aid[0]!.targets), ["Somalia"]);
});

test("a transfer's recipient is its to-phrase, not the thing given; a plan to act is no act", () => {
  const { events, name } = coded("Uganda delivered artillery shells to the army of Somalia.");
  const aid = events.filter((e) => e.type === "AID");
  assert.equal(aid.length, 1, JSON.stringify(events));
  assert.deepEqual(aid[0]!.actors.map(name), ["Uganda"]);
  assert.ok(!(aid[0]!.target_agents ?? []).some((a) => /artillery/u.test(a)), JSON.stringify(aid[0]));
  assert.ok(
    aid[0]!.targets.map(name).includes("Somalia") || (aid[0]!.target_agents ?? []).some((a) => /army/u.test(a)),
  );
  const plan = coded("The carmaker is preparing to cut 2,000 jobs in Kenya.");
  assert.equal(plan.events.length, 0, JSON.stringify(plan.events));
});
