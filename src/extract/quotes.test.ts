import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts } from "./index.js";
import { analysisFor, type TestEntity } from "./testkit.js";
import type { DocFacts } from "../model/pipeline.js";

const PEOPLE: TestEntity[] = [
  { names: ["Anna Petrova", "Petrova"], type: "person", roles: ["Foreign Minister"], affiliation: "RUS" },
  { names: ["John Miles", "Miles"], type: "person", roles: ["senior fellow"] },
  { names: ["Lee Min-ho", "Lee"], type: "person", roles: ["professor"] },
  { names: ["Russia", "Moscow"], type: "country" },
  { names: ["North Korea", "Pyongyang"], type: "country" },
  { names: ["Global Herald"], type: "organization" },
];

function run(
  text: string,
  entities: TestEntity[] = PEOPLE,
  published: string | null = "2024-03-10",
): { facts: DocFacts; keyOf: (name: string) => string } {
  const nlp = analysisFor(text, entities, published);
  const facts = extractFacts({ doc: "d_test", text, published, nlp });
  const keyOf = (name: string): string => {
    const e = nlp.entities.find((x) => x.name === name);
    assert.ok(e, `entity ${name}`);
    return e.key;
  };
  return { facts, keyOf };
}

function assertInvariant(text: string, facts: DocFacts): void {
  for (const q of facts.quotes) assert.equal(text.slice(q.start, q.end), q.text);
  for (const e of facts.events) assert.equal(text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
  for (const c of facts.claims) assert.equal(text.slice(c.evidence.start, c.evidence.end), c.evidence.text);
  for (const p of facts.provisions) assert.equal(text.slice(p.evidence.start, p.evidence.end), p.evidence.text);
  for (const r of facts.relations) assert.equal(text.slice(r.evidence.start, r.evidence.end), r.evidence.text);
}

test("curly quote with the cue after it is attributed to the named speaker", () => {
  const text = "“We will keep talking to every partner in the region,” Petrova said on Monday.";
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 1);
  assert.equal(direct[0]!.text, "We will keep talking to every partner in the region");
  assert.equal(direct[0]!.speaker, keyOf("Anna Petrova"));
  assert.equal(direct[0]!.cue, "said");
  assertInvariant(text, facts);
});

test("straight quotes, inverted frame and a quote split by 'he said'", () => {
  const text =
    '"The sanctions have failed to change anything at all," said John Miles. "They only made the two capitals closer," he added, "and that was predictable."';
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 3);
  for (const q of direct) assert.equal(q.speaker, keyOf("John Miles"), q.text);
  assert.equal(direct[0]!.cue, "said");
  assert.equal(direct[1]!.cue, "added");
  assertInvariant(text, facts);
});

test("colon frame with an appositive and an outlet addressee", () => {
  const text =
    "Lee Min-ho, a professor at a university in Seoul, told Global Herald: “The agreement changes the balance on the peninsula for years.”";
  const { facts, keyOf } = run(text);
  const q = facts.quotes.find((x) => x.direct);
  assert.ok(q);
  assert.equal(q.speaker, keyOf("Lee Min-ho"));
  assert.equal(q.cue, "told");
  assert.equal(q.addressee, "Global Herald");
});

test("a cue stranded inside the closing mark is cut from the quote", () => {
  const text =
    "“Next month the joint commission meets again in the capital, the Russian minister recalled.” Petrova spoke at length.";
  const entities: TestEntity[] = [
    {
      names: ["Anna Petrova", "Petrova"],
      type: "person",
      roles: ["Russian Foreign Minister", "minister"],
      affiliation: "RUS",
    },
  ];
  const { facts, keyOf } = run(`Anna Petrova arrived. ${text}`, entities);
  const q = facts.quotes.find((x) => x.direct);
  assert.ok(q);
  assert.equal(q.text, "Next month the joint commission meets again in the capital");
  assert.equal(q.cue, "recalled");
  assert.equal(q.speaker, keyOf("Anna Petrova"));
});

test("a partial quote inside a sentence takes the sentence's speaker and cue", () => {
  const text =
    "Petrova warned that any new deployment would bring “consequences nobody in the region wants to see” this year.";
  const { facts, keyOf } = run(text);
  const q = facts.quotes.find((x) => x.direct);
  assert.ok(q);
  assert.equal(q.text, "consequences nobody in the region wants to see");
  assert.equal(q.speaker, keyOf("Anna Petrova"));
  assert.equal(q.cue, "warned");
});

test("scare quotes, titles and short names are not quotes; a speaker's short characterisation is", () => {
  const text =
    "Officials toured the “Eastern” site. The so-called “grand bargain” was mentioned. The “Harbour Growth Fund” opened. Miles called it “a new axis”.";
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.deepEqual(
    direct.map((q) => q.text),
    ["a new axis"],
  );
  assert.equal(direct[0]!.speaker, keyOf("John Miles"));
});

test("multi-paragraph quote: the next paragraph re-opens the mark", () => {
  const text =
    "Petrova said: “The first stage covers energy and transport projects along the border.\n\n“The second stage covers education and science exchanges for students.”";
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 1);
  assert.ok(direct[0]!.text.includes("first stage") && direct[0]!.text.includes("second stage"));
  assert.equal(direct[0]!.speaker, keyOf("Anna Petrova"));
  assertInvariant(text, facts);
});

test("floating quote inherits the previous speaker of the paragraph", () => {
  const text =
    "“We have nothing to hide from anyone in this process,” Petrova said. “Every document will be published in full next week.”";
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 2);
  assert.equal(direct[1]!.speaker, keyOf("Anna Petrova"));
});

test("treaty text quoted by 'Article N … states' is a provision, not a quote", () => {
  const text =
    "Article 2 of the friendship treaty states that “each side shall consult the other without delay in a crisis.”";
  const { facts } = run(text);
  assert.equal(facts.quotes.filter((q) => q.direct).length, 0);
  assert.equal(facts.provisions.length, 1);
});

test("indirect speech: 'X said that …' and 'according to X'", () => {
  const text =
    "Petrova said that the talks with Pyongyang would continue next spring. The delegation will travel by train, according to John Miles.";
  const { facts, keyOf } = run(text);
  const indirect = facts.quotes.filter((q) => !q.direct);
  assert.equal(indirect.length, 2);
  assert.equal(indirect[0]!.speaker, keyOf("Anna Petrova"));
  assert.equal(indirect[0]!.text, "the talks with Pyongyang would continue next spring");
  assert.equal(indirect[1]!.speaker, keyOf("John Miles"));
  assert.equal(indirect[1]!.cue, "according to");
  assertInvariant(text, facts);
});

test("unbalanced marks and a quote left open to the end never yield lying offsets", () => {
  const texts = [
    "Petrova said “this is not finished and never will be.",
    "“One. Two” three” four “five six seven eight” said Miles.",
    "Miles said: “Everything here is open\n\nand the paragraph never closes",
    "“Outer words “inner words here” and more outer words,” said Petrova.",
    '"' + "word ".repeat(50),
    "”Reversed marks start the text here“ Petrova said.",
  ];
  for (const text of texts) {
    const { facts } = run(text);
    assertInvariant(text, facts);
    for (const q of facts.quotes) assert.ok(q.end > q.start);
  }
});

test("500 quotes in one document are all found with correct offsets", () => {
  const parts: string[] = [];
  for (let i = 0; i < 500; i++) parts.push(`“Statement number ${i} was about the border crossing,” Petrova said.`);
  const text = parts.join(" ");
  const { facts } = run(text);
  assert.equal(facts.quotes.filter((q) => q.direct).length, 500);
  assertInvariant(text, facts);
});

test("a sentence with twenty names and a pathological run of marks keeps valid offsets", () => {
  const names: TestEntity[] = [];
  const words: string[] = [];
  for (let i = 0; i < 20; i++) {
    const name = `Person${String.fromCharCode(65 + i)} Surname${String.fromCharCode(65 + i)}`;
    names.push({ names: [name], type: "person" });
    words.push(name);
  }
  const text = `${words.join(", ")} met in Moscow and said that “the meeting was useful for all of them.” ${"“".repeat(5000)}${"”".repeat(5000)}`;
  const { facts } = run(text, [...names, ...PEOPLE]);
  assertInvariant(text, facts);
});

test("a passive attribution ('as put by a neighbour') names the speaker in words", () => {
  const text =
    "Still, as put by a neighbour, “if we move early, we lose little; if we wait, we lose more,” which sounds right.";
  const { facts } = run(text);
  const q = facts.quotes.find((x) => x.direct);
  assert.ok(q);
  assert.equal(q.speaker, null);
  assert.equal(q.speaker_text, "a neighbour");
  assert.equal(q.cue, "put");
});

test("'the analyst believes' continues the previous speaker when no role says otherwise", () => {
  const text =
    "“Both capitals want the same thing from this deal,” says Lee Min-ho, who follows the talks.\n\nNow that may change, the analyst believes: “Next year the balance will shift towards the north.”";
  const { facts, keyOf } = run(text, [{ names: ["Lee Min-ho"], type: "person" }]);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 2);
  assert.equal(direct[1]!.speaker, keyOf("Lee Min-ho"));
  assert.equal(direct[1]!.speaker_text, "the analyst");
});

test("an inverted cue with an honorific abbreviation names the whole speaker", () => {
  const people: TestEntity[] = [...PEOPLE, { names: ["Mara Velsen", "Velsen"], type: "person", roles: ["analyst"] }];
  const text =
    "The minister arrived on Monday.\n\n“A parade visit is a message, not a courtesy call,” said Dr. Mara Velsen of the Baltic Institute. “Both sides now say they need each other in public.”";
  const { facts, keyOf } = run(text, people);
  assertInvariant(text, facts);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 2, JSON.stringify(direct));
  for (const q of direct) {
    assert.equal(q.speaker, keyOf("Mara Velsen"), JSON.stringify(q));
    assert.notEqual(q.speaker_text, "Dr");
  }
});

test("a pronoun after a quote names the analyst in the lead-in, not a leader named inside the quote", () => {
  const people: TestEntity[] = [
    { names: ["Jonas Ekdahl", "Ekdahl"], type: "person", roles: ["professor"] },
    { names: ["Kim Jong Un", "Kim"], type: "person", roles: ["leader"] },
    { names: ["Vladimir Putin", "Putin"], type: "person", roles: ["president"] },
  ];
  const text =
    "“For Moscow, the sanctions were a price worth paying,” said Prof. Jonas Ekdahl of the Nordic Centre.\n\nThe summit took place in September.\n\nEkdahl expects a new treaty. “Putin accepted the invitation from Kim last autumn, and the trip is still owed,” he said.";
  const { facts, keyOf } = run(text, people);
  const last = facts.quotes.filter((q) => q.direct).pop();
  assert.equal(last?.speaker, keyOf("Jonas Ekdahl"), JSON.stringify(facts.quotes));
});

test("'according to S' interrupting a relative clause keeps the whole sentence, not the fragment before it", () => {
  const people: TestEntity[] = [
    ...PEOPLE,
    { names: ["John Kirby", "Kirby"], type: "person", roles: ["spokesman"] },
    { names: ["National Security Council"], type: "organization" },
  ];
  const text =
    "Last week the White House released images which, according to National Security Council spokesman John Kirby, showed containers moving by rail.";
  const { facts, keyOf } = run(text, people);
  assertInvariant(text, facts);
  const q = facts.quotes.find((x) => x.cue === "according to");
  assert.ok(q, JSON.stringify(facts.quotes));
  assert.ok(!/which$/u.test(q.text), q.text);
  assert.equal(q.speaker, keyOf("John Kirby"));
});

/** Attach a hand-written dependency parse (head token index or -1, relation) to the analysis' tokens, in order. */
function withParse(nlp: ReturnType<typeof analysisFor>, parse: Array<[number, string]>): void {
  assert.equal(nlp.tokens.length, parse.length, nlp.tokens.map((t) => t.text).join(" "));
  nlp.tokens.forEach((t, i) => {
    t.head = parse[i]![0];
    t.dep = parse[i]![1];
  });
}

test("with a parse, reported speech is the ccomp subtree of the reporting verb and the speaker its nsubj", () => {
  const text = "Petrova said the plan, which Miles drafted, would cut costs, and the board agreed.";
  const nlp = analysisFor(text, PEOPLE, "2024-03-10");
  // Petrova said the plan , which Miles drafted , would cut costs , and the board agreed .
  withParse(nlp, [
    [1, "nsubj"],
    [-1, "root"],
    [3, "det"],
    [10, "nsubj"],
    [7, "punct"],
    [7, "obj"],
    [7, "nsubj"],
    [3, "acl:relcl"],
    [7, "punct"],
    [10, "aux"],
    [1, "ccomp"],
    [10, "obj"],
    [16, "punct"],
    [16, "cc"],
    [15, "det"],
    [16, "nsubj"],
    [1, "conj"],
    [1, "punct"],
  ]);
  const facts = extractFacts({ doc: "d", text, published: null, nlp });
  const reported = facts.quotes.filter((q) => !q.direct);
  assert.equal(reported.length, 1, JSON.stringify(reported));
  assert.equal(reported[0]!.text, "the plan, which Miles drafted, would cut costs");
  assert.equal(reported[0]!.speaker, nlp.entities.find((e) => e.name === "Anna Petrova")!.key);
});

test("with a parse, the subject of a relative clause's reporting verb is the noun it modifies", () => {
  const text = "“The border stays open,” wrote Miles, who also warned that prices would rise sharply.";
  const nlp = analysisFor(text, PEOPLE, null);
  // “ The border stays open , ” wrote Miles , who also warned that prices would rise sharply .
  withParse(nlp, [
    [3, "punct"],
    [2, "det"],
    [3, "nsubj"],
    [7, "parataxis"],
    [3, "xcomp"],
    [3, "punct"],
    [3, "punct"],
    [-1, "root"],
    [7, "nsubj"],
    [12, "punct"],
    [12, "nsubj"],
    [12, "advmod"],
    [8, "acl:relcl"],
    [16, "mark"],
    [16, "nsubj"],
    [16, "aux"],
    [12, "ccomp"],
    [16, "advmod"],
    [7, "punct"],
  ]);
  const facts = extractFacts({ doc: "d", text, published: null, nlp });
  const miles = nlp.entities.find((e) => e.name === "John Miles")!.key;
  const direct = facts.quotes.find((q) => q.direct);
  assert.equal(direct?.speaker, miles);
  const reported = facts.quotes.find((q) => !q.direct);
  assert.equal(reported?.text, "prices would rise sharply");
  assert.equal(reported?.speaker, miles);
});

test("reported speech without 'that', past an addressee and adverbials; not a clause after a comma", () => {
  const text =
    "Petrova told reporters in Moscow on Monday the talks would resume in May. Miles said on Friday, the third time this month, as talks stalled.";
  const { facts, keyOf } = run(text);
  const reported = facts.quotes.filter((q) => !q.direct);
  assert.deepEqual(
    reported.map((q) => q.text),
    ["the talks would resume in May"],
  );
  assert.equal(reported[0]!.speaker, keyOf("Anna Petrova"));
  assert.equal(reported[0]!.cue, "told");
});

test("'he' after a quote goes to the man named as subject in the paragraph, 'she' to the woman", () => {
  const people: TestEntity[] = [
    { names: ["Graham Pike", "Pike"], type: "person" },
    { names: ["Joel Abara", "Abara"], type: "person" },
    { names: ["Ingrid Voss", "Voss"], type: "person" },
    { names: ["Castleford United"], type: "organization" },
  ];
  const text =
    "“I told him to be brave,” Pike said after Castleford United won.\n\nAbara struggled to speak. “It's the best day of my life,” he said.\n\nVoss, who watched with Pike, was moved. “They earned every minute of it,” she said.";
  const { facts, keyOf } = run(text, people);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.deepEqual(
    direct.map((q) => q.speaker),
    [keyOf("Graham Pike"), keyOf("Joel Abara"), keyOf("Ingrid Voss")],
  );
});

test("an outlet named between two quotes does not take the second quote from the running speaker", () => {
  const people: TestEntity[] = [
    { names: ["Grace Mwansa", "Mwansa"], type: "person" },
    { names: ["Radio Phoenix"], type: "organization" },
  ];
  const text =
    "“The people have spoken clearly,” Mwansa said, according to Radio Phoenix. “There are signs the count is being delayed.”";
  const { facts, keyOf } = run(text, people);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 2);
  for (const q of direct) assert.equal(q.speaker, keyOf("Grace Mwansa"), q.text);
});

test("apposition after the name, inversion with a role before the name, and single quote marks", () => {
  const people: TestEntity[] = [
    { names: ["Tim Ward", "Ward"], type: "person" },
    { names: ["Marlow Foods", "Marlow"], type: "organization" },
    { names: ["Chen Wei-ling"], type: "person" },
  ];
  const text =
    "'We have been squeezed from both ends,' Tim Ward, Marlow's chief executive, said on Thursday.\n\n‘The next wave will live in your pocket,’ said Marlow's co-founder, Chen Wei-ling. The dockers' union was not consulted.";
  const { facts, keyOf } = run(text, people);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.deepEqual(
    direct.map((q) => q.text),
    ["We have been squeezed from both ends", "The next wave will live in your pocket"],
  );
  assert.equal(direct[0]!.speaker, keyOf("Tim Ward"));
  assert.equal(direct[1]!.speaker, keyOf("Chen Wei-ling"));
  assertInvariant(text, facts);
});

test("a quote left open runs to the end of its paragraph and keeps its speaker", () => {
  const text =
    "Petrova said: “Nothing in this agreement changes our position on the border.\n\nThe next round is in May.";
  const { facts, keyOf } = run(text);
  const direct = facts.quotes.filter((q) => q.direct);
  assert.equal(direct.length, 1);
  assert.equal(direct[0]!.text, "Nothing in this agreement changes our position on the border.");
  assert.equal(direct[0]!.speaker, keyOf("Anna Petrova"));
  assertInvariant(text, facts);
});
