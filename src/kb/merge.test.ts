import { test } from "node:test";
import assert from "node:assert/strict";
import { datesCompatible, earliestCredibleDate, mergeFacts, type MergeDoc } from "./merge.js";
import type { DocFacts, LocalEvent } from "../model/pipeline.js";

/** A document whose text holds the given sentences; facts point at them by index. */
function doc(
  id: string,
  sentences: string[],
  family: string,
  extra: Partial<MergeDoc> = {},
): MergeDoc & { span: (i: number) => { start: number; end: number; text: string } } {
  const text = sentences.join(" ");
  const span = (i: number): { start: number; end: number; text: string } => {
    const start = sentences.slice(0, i).reduce((n, s) => n + s.length + 1, 0);
    return { start, end: start + sentences[i]!.length, text: sentences[i]! };
  };
  const facts: DocFacts = { events: [], quotes: [], claims: [], provisions: [], relations: [] };
  return { id, text, outlet: null, published: null, family, spun: false, facts, span, ...extra };
}

function event(partial: Partial<LocalEvent> & Pick<LocalEvent, "evidence">): LocalEvent {
  return {
    type: "CONSULT",
    mode: "visit",
    modes: [],
    trigger: "visited",
    summary: "L visited P",
    date: null,
    actors: ["lav"],
    targets: ["prk"],
    location: null,
    ...partial,
  };
}

/** Local keys map to global ids by name: "lav" → e_lavrov in every document. */
const GLOBAL: Record<string, string> = {
  lav: "e_lavrov",
  prk: "e_prk",
  rus: "e_rus",
  usa: "e_usa",
  kim: "e_kim",
  pyo: "e_pyongyang",
};
const entityIdOf = (_doc: string, key: string): string | null => GLOBAL[key] ?? null;

function fixture() {
  const a = doc(
    "d_a",
    [
      "Lavrov visited Pyongyang on Thursday.",
      "He called reports of shell deliveries rumours.",
      "“We support our friends in every way possible,” Lavrov said.",
    ],
    "fam1",
    { outlet: "Outlet A" },
  );
  const b = doc(
    "d_b",
    ["Lavrov arrived in North Korea in October.", "US officials say North Korea ships shells to Russia."],
    "fam2",
    { outlet: "Outlet B" },
  );
  const c = doc(
    "d_c",
    ["Lavrov visited Pyongyang on Thursday.", "“We support our friends in every way possible,” Lavrov said."],
    "fam1",
    { outlet: "Outlet A mirror", spun: true },
  );
  a.facts.events.push(event({ date: "2023-10-19", location: "pyo", evidence: a.span(0) }));
  b.facts.events.push(event({ date: "2023-10", trigger: "arrived in", evidence: b.span(0) }));
  c.facts.events.push(event({ date: "2023-10-19", evidence: c.span(0) }));
  // A different, negated CONSULT by the same actor must stay apart.
  b.facts.events.push(event({ date: "2023-10", modes: ["negated"], evidence: b.span(1) }));
  a.facts.claims.push({
    text: "North Korea supplies arms to Russia",
    key: "AID|prk+rus|arms",
    stance: "deny",
    actor: "lav",
    evidence: a.span(1),
  });
  b.facts.claims.push({
    text: "North Korea supplies arms to Russia",
    key: "AID|prk+rus|arms",
    stance: "assert",
    actor: "usa",
    evidence: b.span(1),
  });
  for (const d of [a, c]) {
    const i = d.id === "d_a" ? 2 : 1;
    const s = d.span(i);
    const qStart = s.start + 1;
    const qText = "We support our friends in every way possible";
    d.facts.quotes.push({
      start: qStart,
      end: qStart + qText.length,
      text: qText,
      direct: true,
      speaker: "lav",
      speaker_text: "Lavrov",
      cue: "said",
      addressee: null,
      event: 0,
    });
  }
  a.facts.provisions.push({
    agreement: "the Comprehensive Strategic Partnership Treaty",
    article: "4",
    content: "mutual military aid",
    evidence: a.span(0),
  });
  b.facts.provisions.push({
    agreement: "Strategic Partnership Treaty",
    article: "4",
    content: "mutual military aid if attacked",
    evidence: b.span(0),
  });
  a.facts.relations.push({
    source: "rus",
    target: "prk",
    type: "military",
    polarity: "cooperation",
    evidence: a.span(1),
  });
  b.facts.relations.push({
    source: "prk",
    target: "rus",
    type: "military",
    polarity: "cooperation",
    evidence: b.span(1),
  });
  b.facts.relations.push({ source: "usa", target: "rus", type: "conflict", polarity: "conflict", evidence: b.span(1) });
  return [a, b, c];
}

test("the same visit reported by three documents becomes one event with all evidence and the most specific earliest date", () => {
  const kb = mergeFacts({ docs: fixture(), entityIdOf });
  const visits = kb.events.filter((e) => e.type === "CONSULT" && !(e.modes ?? []).includes("negated"));
  assert.equal(visits.length, 1);
  const v = visits[0]!;
  assert.equal(v.evidence.length, 3);
  assert.equal(v.date, "2023-10-19");
  assert.deepEqual(v.actors, ["e_lavrov"]);
  assert.deepEqual(v.targets, ["e_prk"]);
  assert.equal(v.location, "e_pyongyang");
  assert.equal(v.independent_outlets, 2, "two copies of one family count once");
  assert.equal(kb.events.filter((e) => (e.modes ?? []).includes("negated")).length, 1);
});

test("claims merge on their template: X asserts, Y denies, side by side", () => {
  const kb = mergeFacts({ docs: fixture(), entityIdOf });
  assert.equal(kb.claims.length, 1);
  const c = kb.claims[0]!;
  assert.deepEqual(c.asserted_by, ["e_usa"]);
  assert.deepEqual(c.denied_by, ["e_lavrov"]);
  assert.deepEqual(c.evidence.map((e) => e.stance).sort(), ["assert", "deny"]);
  assert.equal(c.independent_outlets, 1, "only the asserting outlet corroborates");
});

test("quotes stay one per occurrence; spun copies are flagged; repetition counts families", () => {
  const kb = mergeFacts({ docs: fixture(), entityIdOf });
  assert.equal(kb.quotes.length, 2);
  const spun = kb.quotes.find((q) => q.doc === "d_c")!;
  assert.equal(spun.spun_wording, true);
  assert.equal(kb.quotes.find((q) => q.doc === "d_a")!.spun_wording, false);
  for (const q of kb.quotes) {
    assert.equal(q.speaker, "e_lavrov");
    assert.equal(q.independent_outlets, 1, "both occurrences are one family");
    assert.ok(q.event && kb.events.some((e) => e.id === q.event), "quote links to the merged event");
  }
});

test("provisions merge on agreement + article; relations merge undirected for cooperation only", () => {
  const kb = mergeFacts({ docs: fixture(), entityIdOf });
  assert.equal(kb.provisions.length, 1);
  assert.equal(kb.provisions[0]!.evidence.length, 2);
  assert.equal(kb.provisions[0]!.content, "mutual military aid if attacked");
  const coop = kb.relations.filter((r) => r.polarity === "cooperation");
  assert.equal(coop.length, 1);
  assert.equal(coop[0]!.evidence.length, 2);
  const conflict = kb.relations.filter((r) => r.polarity === "conflict");
  assert.equal(conflict.length, 1);
  assert.equal(conflict[0]!.source, "e_usa");
});

test("ids are stable across runs and input order, and every evidence satisfies the invariant", () => {
  const docs = fixture();
  const one = mergeFacts({ docs, entityIdOf });
  const two = mergeFacts({ docs: [...fixture()].reverse(), entityIdOf });
  const ids = (kb: ReturnType<typeof mergeFacts>): string[] =>
    [...kb.events, ...kb.quotes, ...kb.claims, ...kb.provisions, ...kb.relations].map((r) => r.id).sort();
  assert.deepEqual(ids(one), ids(two));
  assert.equal(new Set(ids(one)).size, ids(one).length, "ids are unique");
  const textOf = new Map(docs.map((d) => [d.id, d.text]));
  const spans = [
    ...one.events.flatMap((e) => e.evidence),
    ...one.claims.flatMap((c) => c.evidence),
    ...one.provisions.flatMap((p) => p.evidence),
    ...one.relations.flatMap((r) => r.evidence),
    ...one.quotes.map((q) => ({ doc: q.doc, start: q.start, end: q.end, text: q.text })),
  ];
  for (const e of spans) assert.equal(textOf.get(e.doc)!.slice(e.start, e.end), e.text);
});

test("unknown families count by outlet, then by document", () => {
  const a = doc("d_1", ["Lavrov visited Pyongyang."], "", { outlet: "Same Outlet" });
  const b = doc("d_2", ["Lavrov visited Pyongyang."], "", { outlet: "Same Outlet" });
  const c = doc("d_3", ["Lavrov visited Pyongyang."], "");
  for (const d of [a, b, c]) d.facts.events.push(event({ evidence: d.span(0) }));
  const kb = mergeFacts({ docs: [a, b, c], entityIdOf });
  assert.equal(kb.events.length, 1);
  assert.equal(kb.events[0]!.independent_outlets, 2);
});

test("entities the KB dropped disappear from actors; undated events merge only on shared targets", () => {
  const a = doc("d_1", ["X met Y.", "X met Z."], "f1");
  a.facts.events.push(event({ mode: "meeting", actors: ["lav", "ghost"], targets: ["kim"], evidence: a.span(0) }));
  a.facts.events.push(event({ mode: "meeting", actors: ["lav"], targets: ["usa"], evidence: a.span(1) }));
  const kb = mergeFacts({ docs: [a], entityIdOf });
  assert.equal(kb.events.length, 2);
  for (const e of kb.events) assert.deepEqual(e.actors, ["e_lavrov"]);
});

test("date helpers: compatibility and the earliest credible date", () => {
  assert.ok(datesCompatible("2023-10", "2023-10-19"));
  assert.ok(!datesCompatible("2023-09", "2023-10-19"));
  assert.ok(datesCompatible("2023-10-16/2023-10-22", "2023-10-19"));
  assert.ok(datesCompatible(null, "2023"));
  assert.equal(earliestCredibleDate(["2024-05", "2023-10", "2023-10-19", null]), "2023-10-19");
  assert.equal(earliestCredibleDate([null, null]), null);
});

test("merging 2,000 documents with 20,000 events and claims gives the right merged counts", () => {
  const docs: MergeDoc[] = [];
  for (let d = 0; d < 2000; d++) {
    const x = doc(
      `d_${String(d).padStart(5, "0")}`,
      Array.from({ length: 10 }, (_, i) => `Sentence ${i} of document ${d}.`),
      `fam${d % 300}`,
    );
    for (let i = 0; i < 10; i++) {
      const month = String(1 + ((d + i) % 12)).padStart(2, "0");
      x.facts.events.push(
        event({
          date: `2023-${month}`,
          actors: [["lav", "kim", "rus", "prk"][i % 4]!],
          targets: ["usa"],
          evidence: x.span(i),
        }),
      );
      x.facts.claims.push({
        text: "t",
        key: `AID|prk+rus|k${i}`,
        stance: i % 2 ? "assert" : "deny",
        actor: "usa",
        evidence: x.span(i),
      });
    }
    docs.push(x);
  }
  const kb = mergeFacts({ docs, entityIdOf });
  assert.equal(kb.events.length, 48, "4 actors × 12 months");
  assert.equal(kb.claims.length, 10);
  assert.equal(
    kb.claims.find((c) => c.id && c.asserted_by.length > 0)!.independent_outlets,
    300,
    "assertions from 300 families",
  );
  assert.equal(
    kb.claims.find((c) => c.asserted_by.length === 0)!.independent_outlets,
    0,
    "denials alone corroborate nothing",
  );
});

test("undated signings by the same two signatories merge; undated meetings of the same pair do not", () => {
  const a = doc("d_1", ["Putin and Kim signed the pact.", "Putin and Kim met."], "f1");
  const b = doc("d_2", ["The treaty was signed by Putin and Kim.", "Putin met Kim."], "f2");
  a.facts.events.push(
    event({ type: "SUPPORT", mode: "sign", actors: ["lav", "kim"], targets: [], evidence: a.span(0) }),
  );
  b.facts.events.push(
    event({ type: "SUPPORT", mode: "sign", actors: ["kim", "lav"], targets: [], evidence: b.span(0) }),
  );
  a.facts.events.push(event({ mode: "meeting", actors: ["lav", "kim"], targets: [], evidence: a.span(1) }));
  b.facts.events.push(event({ mode: "meeting", actors: ["lav", "kim"], targets: [], evidence: b.span(1) }));
  const kb = mergeFacts({ docs: [a, b], entityIdOf });
  assert.equal(kb.events.filter((e) => e.type === "SUPPORT").length, 1);
  assert.equal(kb.events.filter((e) => e.type === "CONSULT").length, 2);
});

test("agreement keys ignore parties, articles and the noun: two names of one treaty meet", async () => {
  const { agreementKey } = await import("./merge.js");
  assert.equal(
    agreementKey("the Treaty on Comprehensive Strategic Partnership"),
    agreementKey("Russia-DPRK strategic partnership treaty"),
  );
  assert.notEqual(agreementKey("Treaty of Friendship"), agreementKey("strategic partnership treaty"));
});

test("one span with one stance is one claim evidence, however many actors take it; one relation per pair and type", () => {
  const a = doc(
    "d_1",
    [
      "Moscow and Pyongyang denied the shell deliveries.",
      "Russia and North Korea expanded military ties; North Korea and Russia drill together.",
    ],
    "f1",
    { outlet: "A" },
  );
  for (const actor of ["rus", "prk", "prk"])
    a.facts.claims.push({
      text: "North Korea supplies arms to Russia",
      key: "AID|prk+rus|arms",
      stance: "deny",
      actor,
      evidence: a.span(0),
    });
  a.facts.relations.push({
    source: "rus",
    target: "prk",
    type: "military",
    polarity: "cooperation",
    evidence: a.span(1),
  });
  a.facts.relations.push({ source: "prk", target: "rus", type: "military", polarity: "conflict", evidence: a.span(1) });
  const kb = mergeFacts({ docs: [a], entityIdOf });
  assert.equal(kb.claims.length, 1);
  assert.equal(kb.claims[0]!.evidence.length, 1, JSON.stringify(kb.claims[0]!.evidence));
  assert.deepEqual(kb.claims[0]!.denied_by, ["e_prk", "e_rus"]);
  assert.equal(kb.relations.length, 1, JSON.stringify(kb.relations));
  assert.equal(kb.relations[0]!.evidence.length, 1);
});

test("5,000 identical facts get unique ids", () => {
  const sentence = "Lavrov visited Pyongyang.";
  const a = doc(
    "d_rep",
    Array.from({ length: 5000 }, () => sentence),
    "f1",
  );
  for (let i = 0; i < 5000; i++) {
    const s = a.span(i);
    a.facts.quotes.push({
      start: s.start,
      end: s.end,
      text: s.text,
      direct: true,
      speaker: "lav",
      speaker_text: "Lavrov",
      cue: "said",
      addressee: null,
      event: null,
    });
    a.facts.events.push(event({ actors: [], evidence: { start: s.start, end: s.end, text: s.text } }));
  }
  // Quotes at one position repeat the same id base: a worst case for the collision counter.
  for (let i = 0; i < 5000; i++) a.facts.quotes.push({ ...a.facts.quotes[0]! });
  const kb = mergeFacts({ docs: [a], entityIdOf });
  assert.equal(new Set(kb.quotes.map((q) => q.id)).size, kb.quotes.length);
});

test("a copy's event joins the original's, dated by the family's earliest credible date", () => {
  const src = doc("d_src", ["Lavrov visited Pyongyang last week."], "fam", {
    outlet: "Source",
    published: "2023-10-20",
  });
  const spun = doc("d_spun", ["Lavrov visited Pyongyang final week."], "fam", {
    outlet: "Spinner",
    published: "2024-01-09",
    spun: true,
  });
  const other = doc("d_other", ["Lavrov visited Pyongyang."], "fam2", { outlet: "Other", published: "2023-10-19" });
  src.facts.events.push(event({ date: "2023-10-13/2023-10-19", targets: [], evidence: src.span(0) }));
  spun.facts.events.push(event({ date: "2024-01-02", targets: [], evidence: spun.span(0) }));
  other.facts.events.push(event({ date: "2023-10-19", targets: [], evidence: other.span(0) }));
  const kb = mergeFacts({ docs: [spun, src, other], entityIdOf });
  const visits = kb.events.filter((e) => e.type === "CONSULT");
  assert.equal(visits.length, 1, JSON.stringify(visits.map((v) => [v.date, v.evidence.map((e) => e.doc)])));
  assert.ok(!visits[0]!.date!.startsWith("2024"), visits[0]!.date!);
  assert.equal(visits[0]!.independent_outlets, 2, "the copy adds no outlet");
});

test("two articles of one outlet count once; a spun copy's reworded quote never adds an outlet", () => {
  const a = doc(
    "d_1",
    ["Lavrov visited Pyongyang.", "“This is a crucial test of how far Moscow is willing to go,” he said."],
    "f1",
    { outlet: "Same Outlet", published: "2023-10-20" },
  );
  const b = doc("d_2", ["Lavrov visited Pyongyang."], "f2", { outlet: "Same Outlet", published: "2023-10-21" });
  const c = doc(
    "d_3",
    ["Lavrov visited Pyongyang.", "“This is a a very powerful test of how far Moscow is keen to go,” he said."],
    "f1",
    { outlet: "Spinner", published: "2024-01-09", spun: true },
  );
  const d = doc(
    "d_4",
    ["Lavrov visited Pyongyang.", "“This is a crucial test of how far Moscow is willing to go,” he said."],
    "f4",
    { outlet: "Elsewhere", published: "2023-10-22" },
  );
  for (const x of [a, b, c, d])
    x.facts.claims.push({
      text: "Lavrov visits North Korea",
      key: "CONSULT|prk+rus|visit",
      stance: "assert",
      actor: "lav",
      evidence: x.span(0),
    });
  const q = (x: typeof a, text: string): void => {
    const s = x.span(1);
    x.facts.quotes.push({
      start: s.start + 1,
      end: s.start + 1 + text.length,
      text,
      direct: true,
      speaker: "lav",
      speaker_text: "he",
      cue: "said",
      addressee: null,
      event: null,
    });
  };
  q(a, "This is a crucial test of how far Moscow is willing to go");
  q(c, "This is a a very powerful test of how far Moscow is keen to go");
  q(d, "This is a crucial test of how far Moscow is willing to go");
  const kb = mergeFacts({ docs: [a, b, c, d], entityIdOf });
  // Families f1 (a, c) and f2 (b) share the outlet "Same Outlet": one unit; f4 is the other.
  assert.equal(kb.claims[0]!.independent_outlets, 2);
  for (const quote of kb.quotes) assert.equal(quote.independent_outlets, 2, `${quote.doc}: ${quote.text}`);
});
