import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText } from "../nlp/index.js";
import { extractFacts } from "./index.js";

/** The quotes of a text read by the whole language layer (parse included), spans checked. */
function quotesOf(text: string) {
  const nlp = analyzeText(text, { lang: "en", published: "2024-05-06" });
  const facts = extractFacts({ doc: "d_test", text, published: "2024-05-06", nlp });
  for (const q of facts.quotes) assert.equal(text.slice(q.start, q.end), q.text);
  return facts.quotes;
}

test("a clause before an inverted attribution is what the speaker after the verb said", () => {
  const a = quotesOf(
    "Factory output will recover by the spring, said Harbourline's newly appointed finance chief Dana Ruiz in a note to investors.",
  );
  assert.deepEqual(
    a.map((q) => [q.text, q.speaker_text]),
    [["Factory output will recover by the spring", "Dana Ruiz"]],
  );
  const b = quotesOf(
    "Storms hit the north every winter, but the south stays dry, said study co-author Lena Park, a researcher at the Alder Institute.",
  );
  assert.deepEqual(
    b.map((q) => [q.text, q.speaker_text]),
    [["Storms hit the north every winter, but the south stays dry", "Lena Park"]],
  );
});

test("a name with its apposition before the verb stays the speaker; the place after the verb is no speaker", () => {
  const q = quotesOf(
    "“We are rationing water for the first time,” the agency's director, Mara Lindqvist, told reporters in Port Avery.",
  );
  assert.equal(q.length, 1);
  assert.equal(q[0]!.speaker_text, "Mara Lindqvist");
});

test("the clause after 'said in an email to X that' is reported speech", () => {
  const q = quotesOf(
    "Omar Haddad, a lawyer for the family, said in an email to the Courier that the council had ignored the warnings.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text]),
    [["the council had ignored the warnings", "Omar Haddad"]],
  );
});

test("a relative clause after 'to' + noun phrase is no reported speech of the verb before", () => {
  const q = quotesOf(
    "Thousands of people marched through the capital on Sunday to protest against changes to the election law that critics say will make it harder for small parties to win seats.",
  );
  assert.ok(!q.some((x) => x.cue === "protest"), JSON.stringify(q));
});

test("the attribution's own subject after the comma speaks, not the clause's subject", () => {
  const q = quotesOf(
    "The rover found traces of salt near the crater, Lena Park and her colleagues wrote in the journal.",
  );
  assert.equal(q.length, 1);
  assert.match(q[0]!.speaker_text ?? "", /^Lena Park/);
});

test("the person named right after a quote keeps it through a long apposition or a relative clause", () => {
  const a = quotesOf(
    '"Experiments like this pay off when you get out more than you put in," Mara Lindqvist, a research fellow at the Alder Institute in Lund, Sweden, and co-author of the study, said in a statement.',
  );
  assert.equal(a.length, 1);
  assert.equal(a[0]!.speaker_text, "Mara Lindqvist");
  const b = quotesOf(
    '"The building will never again serve that memory," Interior Minister Tomas Brenner, who leads a caretaker cabinet of civil servants, told reporters.',
  );
  assert.equal(b.length, 1);
  assert.equal(b[0]!.speaker_text, "Tomas Brenner");
});

test("a reported clause stops at ', but added'; a verb's noun object followed by ', but' is no clause", () => {
  const a = quotesOf(
    "The regulator said another 12 people had been hurt in the crash, but added the cause of the fire remained unclear.",
  );
  assert.ok(
    a.some((q) => q.text === "another 12 people had been hurt in the crash"),
    JSON.stringify(a.map((q) => q.text)),
  );
  const b = quotesOf(
    "The ferry operator is set to announce the fares later on Friday, but passengers have been told prices will rise by a fifth, the Courier reported.",
  );
  assert.ok(!b.some((q) => q.cue === "announce"), JSON.stringify(b));
  assert.ok(
    b.some((q) => /^(?:the )?Courier$/u.test(q.speaker_text ?? "")),
    JSON.stringify(b),
  );
});

test("a participle modifying a noun after an inverted attribution is no clause of its own", () => {
  const q = quotesOf(
    "Twelve depots will shut by June, said the firm's recently hired operations head Tomas Varga in a letter to drivers seen by the union.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text]),
    [["Twelve depots will shut by June", "Tomas Varga"]],
  );
});

test("a parenthesis between paired dashes stays inside the reported clause", () => {
  const q = quotesOf(
    "Port director Ines Calder told reporters at a briefing in Valdora that the terminal — already the busiest on the coast — will double its capacity by 2030.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text]),
    [["the terminal — already the busiest on the coast — will double its capacity by 2030", "Ines Calder"]],
  );
});

test("an addressee with a relative clause does not hide the reported clause after it", () => {
  const q = quotesOf(
    "Farmers' leader Bruno Keller told a crowd of growers who had driven tractors into the square that the ministry should pay the drought relief at once.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text]),
    [["the ministry should pay the drought relief at once", "Bruno Keller"]],
  );
});

test("a phrasal reporting verb ('pointed out') reports the clause after its particle", () => {
  const q = quotesOf("Ida Moreau spoke after the vote. She pointed out the turnout was the lowest in forty years.");
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker]),
    [["the turnout was the lowest in forty years", "person:ida moreau"]],
  );
});

test("'according to data from X' gives X as the source of the clause", () => {
  const q = quotesOf(
    "Copper prices fell for a third week, according to figures published by the London Metal Exchange.",
  );
  assert.equal(q.length, 1);
  assert.equal(q[0]!.text, "Copper prices fell for a third week");
  assert.equal(q[0]!.speaker, "organization:londonmetalexchange");
});

test("an office named by a possessive speaks as the person the document names in it, even later", () => {
  const q = quotesOf(
    "Norway's ambassador to Chile warned that Oslo “will not wait for ever” if the talks “drag on into spring”. " +
      "Norway's ambassador to Chile Erik Solvang has said the offer stands.",
  );
  const speakers = q.map((x) => [x.text, x.speaker]);
  assert.deepEqual(speakers.slice(0, 2), [
    ["will not wait for ever", "person:erik solvang"],
    ["drag on into spring", "person:erik solvang"],
  ]);
  // the same description with nobody named in it stays the country's
  const alone = quotesOf("Norway's ambassador to Chile warned that Oslo “will not wait for ever”.");
  assert.equal(alone[0]!.speaker, "country:NOR");
});

test("a verb after 'and' is the reporting verb's own conjunct, not a reported clause", () => {
  const q = quotesOf(
    "The mayor accused the transport board of neglect and warned that fares would rise again in the autumn.",
  );
  assert.deepEqual(
    q.map((x) => x.text),
    ["fares would rise again in the autumn"],
  );
});

test("a participle after a closing mark introduces the next quote; both belong to the sentence's speaker", () => {
  const q = quotesOf(
    "Mayor Ines Calder opened the shelter on Friday. Calder later posted that the city's housing shortage “cannot wait for another budget,” adding “every night on the street counts.”",
  );
  const direct = q.filter((x) => x.direct).map((x) => [x.text, x.speaker, x.cue]);
  assert.deepEqual(direct, [
    ["cannot wait for another budget", "person:ines calder", "posted"],
    ["every night on the street counts.", "person:ines calder", "adding"],
  ]);
});

test("a quoted word before a noun is a scare quote, and a title closed by the period is a title", () => {
  const q = quotesOf(
    "Crowds marched against the self-styled “caretaker” cabinet on Sunday. The fund sold a “bridge” loan to the club. The library lends classics such as “Little Women” and “Heidi.”",
  );
  assert.deepEqual(q, []);
});

test("a pronoun of known gender passes over a nearer person of unknown gender", () => {
  const q = quotesOf(
    "Maria Okafor's early films were made for Lumen Pictures, which was bought by a fund run by investor Zephyr Kade last spring.\n\n" +
      "In an interview she called the sale a “betrayal of every artist on the roster”.",
  );
  assert.equal(q.find((x) => x.direct)?.speaker, "person:maria okafor");
});

test("an office named elsewhere as a title before a name, a description set off beside a name, and 'a company spokesperson'", () => {
  const office = quotesOf(
    "The bridge will reopen in May, Peru's transport minister said on Monday.\n\n" +
      "“We owe the valley a safe crossing,” Transport Minister Elena Quispe said in the statement.",
  );
  assert.equal(office.find((x) => !x.direct)?.speaker, "person:elena quispe");
  const described = quotesOf(
    "The driver, Tomas Hale, was charged on Friday.\n\nThe driver said he had not seen the cyclist until the last second.",
  );
  assert.equal(described[0]?.speaker, "person:tomas hale");
  const voice = quotesOf(
    "Brightwell Foods recalled two lines of baby formula. A company spokesperson said the recall was a precaution.",
  );
  assert.equal(voice[0]?.speaker, "organization:brightwellfoods");
});

test("a passive reporting verb reports no clause without 'that'; the attribution after the comma does", () => {
  const q = quotesOf(
    "Forty branches will be closed by the end of the year, said the bank's newly named chair Ruth Amsel in a note to staff.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text, x.cue]),
    [["Forty branches will be closed by the end of the year", "Ruth Amsel", "said"]],
  );
  const late = quotesOf(
    "Such floods could return often enough to be reported more than once a decade, Ruth Amsel and her team wrote in the study.",
  );
  assert.deepEqual(
    late.map((x) => [x.text, x.cue]),
    [["Such floods could return often enough to be reported more than once a decade", "wrote"]],
  );
});

test("'his office said' speaks for him; 'led the German maker to announce' gives the maker, the company last named", () => {
  const office = quotesOf(
    "Governor Paul Ostrander skipped the rally. His office said he was keeping plans to visit the coast.",
  );
  assert.equal(office[0]?.speaker, "person:paul ostrander");
  const maker = quotesOf(
    "Sundair cut its order for the Kestrel jets this year after talks with Volkmann Aerospace GmbH, which led the German manufacturer to announce it would end production of the model.",
  );
  const reported = maker.find((x) => x.cue === "announce");
  assert.ok(reported, JSON.stringify(maker));
  assert.equal(reported.text, "it would end production of the model");
  assert.equal(reported.speaker_text, "the German manufacturer");
  assert.match(reported.speaker ?? "", /^organization:volkmann/u);
});

test("a quote's speaker is the name right after the closing mark even when the parse loses a long apposition", () => {
  const place = quotesOf("“The harvest came in early,” Tomas Brandt, a farmer in Kettering, Ohio, said on Monday.");
  assert.deepEqual(
    place.map((q) => [q.text, q.speaker_text]),
    [["The harvest came in early", "Tomas Brandt"]],
  );
  const described = quotesOf(
    "“Nobody expected the ice to hold. It did,” senior study author Ines Marquart, a glaciologist at the Harlow Institute in Tromsø, Norway, and Vell University in Bergen, said in a release.",
  );
  assert.deepEqual(
    described.map((q) => [q.text, q.speaker_text, q.direct]),
    [["Nobody expected the ice to hold. It did", "Ines Marquart", true]],
  );
});

test("communication verbs that WordNet gives a 'that' clause report speech: hinted, boasted, reiterated", () => {
  const cases: Array<[string, string, string]> = [
    ["Coach Ana Ferreira hinted that the squad would rotate its keepers.", "Ana Ferreira", "hinted"],
    [
      "The mayor, Piet Hollander, boasted that the new tram line had come in under budget.",
      "Piet Hollander",
      "boasted",
    ],
    ["Ruth Okafor reiterated that her company would not sell the mine.", "Ruth Okafor", "reiterated"],
  ];
  for (const [text, speaker, cue] of cases) {
    const q = quotesOf(text);
    assert.deepEqual(
      q.map((x) => [x.speaker_text, x.cue, x.direct]),
      [[speaker, cue, false]],
      text,
    );
  }
});

test("a nationality on the speaker's noun is not the speaker: 'the British automaker says' is the company last named", () => {
  const q = quotesOf(
    "Renwick Motors showed a low electric wagon at the fair. The British automaker, which has turned to batteries, says the wagon will go 300 miles on a charge.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker]),
    [["the wagon will go 300 miles on a charge", "organization:renwickmotors"]],
  );
});

test("'the report claims' speaks for who published it: the possessor, or the outlet named as reporting", () => {
  const named = quotesOf(
    "Orvel Daily first reported on the merger talks on Monday, and the Halvard Group board said little. The report claims the deal will close in June.",
  );
  assert.equal(named.find((x) => x.text.startsWith("the deal"))?.speaker, "organization:orveldaily");
  const cited = quotesOf(
    "The talks were first revealed by a website, according to Orvel Daily. The report claims the deal will close in June.",
  );
  assert.equal(cited.find((x) => x.text.startsWith("the deal"))?.speaker, "organization:orveldaily");
  const none = quotesOf("The Halvard Group board met on Monday. The report claims the deal will close in June.");
  assert.equal(none.find((x) => x.text.startsWith("the deal"))?.speaker ?? null, null);
});

test("a quoted title inside the attribution does not end it: “…,” the “Harbor Nights” actress said", () => {
  const q = quotesOf("Lena Voss joined the cast in May. “It was a dream,” the “Harbor Nights” actress said.");
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker_text, x.cue]),
    [["It was a dream", "the “Harbor Nights” actress", "said"]],
  );
});

test("a capitalised office in an apposition is no organisation and does not take the quote: 'X, Head of Research at Y, said'", () => {
  const text = "Ravi Menon, Head of Research at Kestrel Securities, pointed out that this is a stock-specific market.";
  const nlp = analyzeText(text, { lang: "en", published: "2024-05-06" });
  assert.ok(
    !nlp.entities.some((e) => /head of research/iu.test(e.name)),
    JSON.stringify(nlp.entities.map((e) => e.name)),
  );
  const q = quotesOf(text);
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker]),
    [["this is a stock-specific market", "person:ravi menon"]],
  );
});

test("the one told is never the speaker: “…,” Diallo weighed in, telling Park, “…”", () => {
  const q = quotesOf(
    'Lena Park met Omar Diallo on stage. "We all miss the old hall," Diallo weighed in, telling Park, "since it closed, the town has been quiet."',
  );
  assert.deepEqual(
    q.map((x) => x.speaker),
    ["person:omar diallo", "person:omar diallo"],
  );
});

test("an indefinite description introduces the person named next under that title", () => {
  const q = quotesOf(
    "A state fire chief says the blaze near Orlow is contained. Deputy Chief Maria Lund told reporters that crews would stay overnight.",
  );
  assert.deepEqual(
    q.map((x) => [x.text, x.speaker]),
    [
      ["the blaze near Orlow is contained", "person:maria lund"],
      ["crews would stay overnight", "person:maria lund"],
    ],
  );
  const unnamed = quotesOf(
    "A local farmer says the river rose overnight. Lena Park, a teacher, said the road was closed.",
  );
  assert.equal(unnamed[0]?.speaker, null);
});

test("a relative clause inside an inverted subject's phrase keeps the inversion; counted unnamed sources report", () => {
  const inverted = quotesOf(
    "Job cuts will be announced later this week, said the company’s newly named executive chair Marta Klein in an email to staff that was reviewed by the agency.",
  );
  assert.deepEqual(
    inverted.map((x) => [x.text, x.speaker]),
    [["Job cuts will be announced later this week", "person:marta klein"]],
  );
  const sources = quotesOf(
    "The state attorney general is investigating Harlow Bank, according to two people familiar with the matter.",
  );
  assert.deepEqual(
    sources.map((x) => [x.text, x.speaker_text]),
    [["The state attorney general is investigating Harlow Bank", "two people familiar with the matter"]],
  );
});

test("a short attribution after its clause may carry an adverbial or an addressee; 'but added' shares the reporting verb's subject", () => {
  const visiting = quotesOf(
    "After the first phones shipped, people began using them for work, forcing the firm to adapt quickly, Tomas Berg said while visiting the fair in Oslo.",
  );
  assert.deepEqual(
    visiting.map((x) => x.speaker),
    ["person:tomas berg"],
  );
  const told = quotesOf(
    "Helio is now in every large company, and eight out of ten firms write their own apps, Tomas Berg told Lena Park.",
  );
  assert.deepEqual(
    told.map((x) => [x.text, x.speaker]),
    [["Helio is now in every large company, and eight out of ten firms write their own apps", "person:tomas berg"]],
  );
  const added = quotesOf("The harbour office said the road was closed, but added the bridge remained open.");
  assert.deepEqual(
    added.map((x) => [x.text, x.speaker_text]),
    [
      ["the road was closed", "The harbour office"],
      ["the bridge remained open", "The harbour office"],
    ],
  );
});

test("a numbered section heading that repeats a quote is no quote; a quoted line with its own attribution stays", () => {
  const q = quotesOf(
    "Lena Park spoke first. “We will win,” she said.\n\n6. “The harbour problem”\n\nDana Ruiz testified for six hours.\n\n“Not now,” Park added.",
  );
  assert.deepEqual(
    q.filter((x) => x.direct).map((x) => x.text),
    ["We will win", "Not now"],
  );
});

test("an adverbial clause after a reporting verb is not what was said: 'noted as she made her decision'", () => {
  const q = quotesOf("“This is not easy,” judge Lena Park noted as she made her decision.");
  assert.deepEqual(
    q.map((x) => [x.text, x.direct]),
    [["This is not easy", true]],
  );
});

test("'According to' opening a sentence reports what follows, past a participle describing the source", () => {
  const named = quotesOf("According to Tomas Berg, the bridge will reopen in May.");
  assert.deepEqual(
    named.map((x) => [x.text, x.speaker]),
    [["the bridge will reopen in May", "person:tomas berg"]],
  );
  const study = quotesOf(
    "According to the study, published in the Lancet, the 43-year-old man had suffered months of fatigue.",
  );
  assert.deepEqual(
    study.map((x) => [x.text, x.speaker_text]),
    [["the 43-year-old man had suffered months of fatigue", "the study"]],
  );
});

test("a possessive name's office before the verb, after an opening phrase, is the reporting subject", () => {
  for (const text of [
    "In addition to the two arrests at a border post on Monday, Peru’s public prosecutor’s office said another 12 suspects had been detained in the raids.",
    "Besides the four deaths at a mine site on Friday, Ghana’s labour inspector’s office said another 20 workers had been hurt in the collapse.",
  ]) {
    const q = quotesOf(text);
    assert.equal(q.length, 1, JSON.stringify(q));
    assert.ok(/^another \d+ \w+ had been/u.test(q[0]!.text), q[0]!.text);
    assert.equal(q[0]!.direct, false);
  }
});

test("'according to' a bare plural or a noun for people is a source; a norm followed is none", () => {
  const a = quotesOf("Nearly 300 school districts closed because of the rally, according to teachers unions.");
  assert.deepEqual(
    a.map((q) => [q.text, q.speaker_text]),
    [["Nearly 300 school districts closed because of the rally", "teachers unions"]],
  );
  const b = quotesOf("The bridge over the river will reopen in May, according to police.");
  assert.equal(b.length, 1, JSON.stringify(b));
  for (const text of [
    "The second trial of the vaccine was run according to the rules.",
    "The vote in the regional assembly went ahead according to plan.",
  ])
    assert.deepEqual(quotesOf(text), [], text);
});
