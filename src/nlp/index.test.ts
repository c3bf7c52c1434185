import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeText, entityAt, sentenceAt } from "./index.js";
import { resolveEntities } from "./resolve.js";
import { loadSeeds, seedsAvailable } from "./test-helpers.js";
import type { NlpAnalysis } from "../model/pipeline.js";
import { DossierError } from "../util/errors.js";

const skipSeeds = seedsAvailable() ? false : "seed corpus ../shared/corpus/seeds not found";

/** Every span of an analysis points at exactly its text. */
function assertOffsets(text: string, a: NlpAnalysis, label: string): void {
  for (const m of a.mentions)
    assert.equal(text.slice(m.start, m.end), m.text, `${label}: mention ${JSON.stringify(m)}`);
  for (const t of a.tokens) assert.equal(text.slice(t.start, t.end), t.text, `${label}: token ${JSON.stringify(t)}`);
  for (const t of a.times) assert.equal(text.slice(t.start, t.end), t.text, `${label}: time ${JSON.stringify(t)}`);
  const keys = new Set(a.entities.map((e) => e.key));
  for (const m of a.mentions) assert.ok(keys.has(m.entity), `${label}: mention of unknown entity ${m.entity}`);
  for (let i = 1; i < a.sentences.length; i++)
    assert.ok(a.sentences[i]!.start >= a.sentences[i - 1]!.end, `${label}: sentences overlap`);
}

test("offset invariant holds for every token, mention and time of every seed", { skip: skipSeeds }, () => {
  for (const seed of loadSeeds()) {
    const a = analyzeText(seed.text, { lang: "en", published: seed.published });
    assert.ok(a.mentions.length > 10, `${seed.file}: expected mentions`);
    assertOffsets(seed.text, a, seed.file);
  }
});

test("seeds: Lavrov merged across spellings with his role; Choi/Choe merged; Kim Jong Un kept apart", {
  skip: skipSeeds,
}, () => {
  const docs = loadSeeds().map((s) => {
    const a = analyzeText(s.text, { lang: "en", published: s.published });
    return { doc: s.file, entities: a.entities, mentions: a.mentions };
  });
  const r = resolveEntities(docs);
  const byName = (n: string) => r.entities.filter((e) => e.name === n);

  const lavrov = byName("Sergey Lavrov");
  assert.equal(lavrov.length, 1);
  assert.equal(lavrov[0]!.type, "person");
  assert.ok(lavrov[0]!.aliases.includes("Sergei Lavrov"), "Sergei spelling merged");
  assert.ok(lavrov[0]!.aliases.includes("Lavrov"), "surname merged");
  assert.ok(
    lavrov[0]!.roles.some((x) => x.includes("Foreign Minister")),
    `roles: ${lavrov[0]!.roles}`,
  );
  assert.ok(lavrov[0]!.docs >= 4);
  assert.equal(r.entities.filter((e) => /lavrov/i.test(e.name)).length, 1, "no second Lavrov entity");

  const choe = r.entities.filter((e) => /Cho[ei] Son/i.test(e.name) || e.aliases.some((a) => /Cho[ei] Son/.test(a)));
  assert.equal(choe.length, 1, "Choi Son-hui and Choe Son-hui are one person");
  assert.ok(choe[0]!.aliases.includes("Choi Son-hui") && choe[0]!.aliases.includes("Choe Son-hui"));
  assert.equal(choe[0]!.docs, 2);

  const kim = byName("Kim Jong Un");
  assert.equal(kim.length, 1);
  assert.ok(kim[0]!.aliases.includes("Kim Jong-un"));
  assert.ok(kim[0]!.docs >= 4);
  for (const other of ["Kim Jong Il", "Kim Yo Jong", "Kim Il Sung"]) {
    assert.ok(!kim[0]!.aliases.some((a) => a.includes(other)), `${other} not merged into Kim Jong Un`);
  }

  const putin = byName("Vladimir Putin");
  assert.equal(putin.length, 1);
  assert.ok(putin[0]!.aliases.includes("Putin"));
  assert.ok(!r.entities.some((e) => e.name === "Putin"), "bare 'Putin' is not a separate entity");

  // nothing that is not a name
  for (const e of r.entities) {
    assert.ok(
      !/^(The|Share|Subscribe|Home|Leave|Comment|World|Translation|Read)$/i.test(e.name),
      `junk entity ${e.name}`,
    );
    assert.ok(!/[/@=_#]|https?:/.test(e.name), `URL or tag piece as entity: ${e.name}`);
  }
  // every person and organisation appears once (no two entities with the same folded name and type)
  const seen = new Set<string>();
  for (const e of r.entities) {
    const k = e.type + "|" + e.name.toLowerCase();
    assert.ok(!seen.has(k), `duplicate entity ${k}`);
    seen.add(k);
  }
  // stable ids
  const again = resolveEntities([...docs].reverse());
  assert.deepEqual(again.entities.map((e) => e.id).sort(), r.entities.map((e) => e.id).sort());
  for (const m of r.mentions) {
    const doc = docs.find((d) => d.doc === m.doc)!;
    assert.ok(r.idOf(m.doc, doc.mentions.find((x) => x.start === m.start && x.end === m.end)!.entity) === m.entity);
  }
});

test("seed 000: role references and metonyms link to the right entities", { skip: skipSeeds }, () => {
  const seed = loadSeeds().find((s) => s.file.startsWith("000"))!;
  const a = analyzeText(seed.text, { lang: "en", published: seed.published });
  const entityOf = (key: string) => a.entities.find((e) => e.key === key)!;
  const roleMentions = a.mentions.filter((m) => m.via === "role");
  const ministers = roleMentions.filter((m) => /Russian minister/i.test(m.text));
  assert.ok(ministers.length >= 2, "'the Russian minister' found");
  for (const m of ministers) assert.equal(entityOf(m.entity).name, "Sergey Lavrov");
  const chief = roleMentions.find((m) => /North Korean chief/i.test(m.text));
  assert.ok(chief, "'the North Korean chief' (spun 'leader') found");
  assert.equal(entityOf(chief.entity).name, "Kim Jong Un");
  const metonyms = a.mentions.filter((m) => m.via === "metonym");
  assert.ok(metonyms.some((m) => m.text === "Moscow" && entityOf(m.entity).name === "Russia"));
  assert.ok(metonyms.some((m) => m.text === "Pyongyang" && entityOf(m.entity).name === "North Korea"));
  // "flew to Pyongyang" is the city
  const flew = seed.text.indexOf("flew to Pyongyang");
  const city = a.mentions.find((m) => m.start === flew + "flew to ".length);
  assert.ok(city);
  assert.equal(entityOf(city.entity).type, "place");
  // spun ministry name canonicalised
  assert.ok(
    a.entities.some(
      (e) => e.name === "Ministry of Defense of Russia" && e.aliases.includes("Russian Ministry of Protection"),
    ),
  );
});

test("titles become roles and are trimmed off names", () => {
  const text =
    "US State Department spokesman Matthew Miller said so. Later, Foreign Minister Jane Doerr of Ruritania met Miller.";
  const a = analyzeText(text, { lang: "en", published: "2023-09-20" });
  const miller = a.entities.find((e) => e.name === "Matthew Miller");
  assert.ok(miller);
  assert.ok(miller.roles.some((r) => r.includes("Spokesperson")));
  assert.ok(miller.aliases.includes("Miller"));
  const doerr = a.entities.find((e) => e.name === "Jane Doerr");
  assert.ok(doerr, JSON.stringify(a.entities.map((e) => e.name)));
  assert.ok(doerr.roles.includes("Foreign Minister"));
  assertOffsets(text, a, "titles");
});

test("Kim Jong Un, Kim Jong Il and Kim Yo Jong stay apart; 'Korea' is not a state", () => {
  const text =
    "Kim Jong Un succeeded his father Kim Jong Il. His sister Kim Yo Jong issued a statement. Korea was divided in 1945.";
  const a = analyzeText(text, { lang: "en", published: "2024-01-10" });
  const people = a.entities
    .filter((e) => e.type === "person")
    .map((e) => e.name)
    .sort();
  assert.deepEqual(people, ["Kim Jong Il", "Kim Jong Un", "Kim Yo Jong"]);
  const korea = a.mentions.find((m) => m.text === "Korea")!;
  const e = a.entities.find((x) => x.key === korea.entity)!;
  assert.notEqual(e.name, "North Korea");
  assert.notEqual(e.name, "South Korea");
});

test("DPRK and the full official name are North Korea; demonyms are marked", () => {
  const text = "The Democratic People's Republic of Korea (DPRK) said North Korean troops were ready.";
  const a = analyzeText(text, { lang: "en", published: "2024-01-10" });
  const nk = a.entities.find((e) => e.name === "North Korea");
  assert.ok(nk);
  const forms = a.mentions.filter((m) => m.entity === nk.key).map((m) => `${m.text}/${m.via}`);
  assert.ok(forms.includes("Democratic People's Republic of Korea/alias"), forms.join());
  assert.ok(forms.includes("DPRK/abbreviation"));
  assert.ok(forms.includes("North Korean/demonym"));
});

test("sentenceAt and entityAt find what sits at an offset", () => {
  const text = "Lavrov arrived in Pyongyang.\n\nSergey Lavrov met Kim Jong Un there.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  const s = sentenceAt(a, text.indexOf("Kim"));
  assert.ok(s);
  assert.equal(s.paragraph, 1);
  const hit = entityAt(a, text.indexOf("Kim"), text.indexOf("Kim") + 3);
  assert.equal(hit?.entity.name, "Kim Jong Un");
  assert.equal(sentenceAt(a, text.length + 5), null);
});

test("non-English text: gazetteer names only, Russian inflections folded by stem", () => {
  const text =
    "Сергей Лавров прибыл в Пхеньян. Он встретился с Ким Чен Ыном и с министром Чхве Сон Хи. " +
    "По словам Лаврова, Москва и КНДР против активности США. Встреча Владимира Путина прошла во Владивостоке. Новый Завод работает.";
  const a = analyzeText(text, { lang: "ru", published: "2023-10-20" });
  assertOffsets(text, a, "ru");
  const at = (s: string) => a.mentions.find((m) => m.text === s)?.entity;
  assert.equal(at("Сергей Лавров"), "actor:lavrov");
  assert.equal(at("Лаврова"), "actor:lavrov");
  assert.equal(at("Ким Чен Ыном"), "actor:kim-jong-un");
  assert.equal(at("Чхве Сон Хи"), "actor:choe-son-hui");
  assert.equal(at("Владимира Путина"), "actor:putin");
  assert.equal(at("КНДР"), "country:PRK");
  assert.equal(at("США"), "country:USA");
  // a capital used as its government is the country; after "в"/"во" it is the city
  assert.equal(at("Москва"), "country:RUS");
  assert.equal(at("Пхеньян"), "city:PRK:Pyongyang");
  assert.equal(at("Владивостоке"), "city:RUS:Vladivostok");
  // no tagger and no capitalisation rules: an unknown capitalised phrase is no entity
  assert.ok(!a.mentions.some((m) => m.text.includes("Завод")), JSON.stringify(a.mentions));
  assert.ok(a.notes.some((n) => n.includes("not English")));
});

test("stem matching is for non-English text only", () => {
  const a = analyzeText("Лаврова spoke in Пхеньяне.", { lang: "en", published: "2023-10-20" });
  assert.ok(
    !a.mentions.some((m) => m.entity === "actor:lavrov" || m.entity === "city:PRK:Pyongyang"),
    JSON.stringify(a.mentions),
  );
});

test("bad input: empty, NUL bytes, too large", () => {
  const empty = analyzeText("", { lang: "en", published: null });
  assert.deepEqual([empty.sentences.length, empty.tokens.length, empty.entities.length], [0, 0, 0]);
  assert.throws(
    () => analyzeText("abc\u0000def", { lang: "en", published: null }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  assert.throws(
    () => analyzeText("a".repeat(2_000_001), { lang: "en", published: null }),
    (e: unknown) => e instanceof DossierError && e.code === "TOO_LARGE",
  );
});

test("pathological input finishes in bounded time without crashing", () => {
  const cases: Array<[string, string]> = [
    [
      "100k chars without a full stop",
      Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? "Moscow" : "word")).join(" "),
    ],
    ["all caps", "RUSSIAN FOREIGN MINISTER SERGEY LAVROV MET KIM JONG UN IN PYONGYANG ON WEDNESDAY. ".repeat(300)],
    ["only numbers", Array.from({ length: 5000 }, (_, i) => String(i * 37)).join(" ")],
    ["only punctuation", "!?.,;:-—()[]{}\"'“”«»…".repeat(3000)],
    ["one giant token", "x".repeat(200_000)],
    ["unbalanced quotes", "“He said. ".repeat(5000)],
    ["emoji and control characters", "🇰🇵 Kim 👍 \u0007\u001b Putin \uFEFF\u200B met. ".repeat(1000)],
  ];
  for (const [label, text] of cases) {
    const a = analyzeText(text, { lang: "en", published: "2024-06-19" });
    assertOffsets(text, a, label);
  }
  const caps = analyzeText("RUSSIAN FOREIGN MINISTER SERGEY LAVROV MET KIM JONG UN IN PYONGYANG.", {
    lang: "en",
    published: "2024-06-19",
  });
  assert.ok(
    caps.entities.some((e) => e.name === "Sergey Lavrov"),
    "gazetteer still works on all-caps text",
  );
});

test("bylines and credit lines name people; site chrome does not", () => {
  const text =
    "Talks went well.\n\nBy Konstantin Asmolov\n\nTranslation: V. Sergeev\n\nSubscribe to our Telegram Channel\n\nShare\n\nLeave a Comment";
  const a = analyzeText(text, { lang: "en", published: "2024-06-21" });
  assert.deepEqual(a.entities.map((e) => `${e.type}:${e.name}`).sort(), [
    "person:Konstantin Asmolov",
    "person:V. Sergeev",
  ]);
  assertOffsets(text, a, "bylines");
});

test("an abbreviation defined in parentheses links its later uses", () => {
  const text = "The Baltic Maritime Studies Institute (BMSI) published a report. Later, BMSI said more.";
  const a = analyzeText(text, { lang: "en", published: "2024-06-21" });
  const org = a.entities.find((e) => e.name === "Baltic Maritime Studies Institute");
  assert.ok(org, JSON.stringify(a.entities.map((e) => e.name)));
  const uses = a.mentions.filter((m) => m.entity === org.key).map((m) => `${m.text}/${m.via}`);
  assert.deepEqual(uses, ["Baltic Maritime Studies Institute/name", "BMSI/abbreviation", "BMSI/abbreviation"]);
  assertOffsets(text, a, "abbreviation");
});

test("a person named before 'of the' + an institution is a person, and the institution its own organisation", () => {
  const text =
    '"It is a promise," said Dr. Ada Brenner of the Coastal Institute for Polar Studies. Brenner has studied the region.';
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  assertOffsets(text, a, "of-the");
  const person = a.entities.find((e) => e.type === "person");
  assert.equal(person?.name, "Ada Brenner");
  assert.ok(
    a.entities.some((e) => e.type === "organization" && e.name === "Coastal Institute for Polar Studies"),
    JSON.stringify(a.entities),
  );
  assert.ok(
    !a.entities.some((e) => e.type === "organization" && e.name.includes("Brenner")),
    JSON.stringify(a.entities),
  );
});

test("a capital inside an institution's name is neither the city nor its country", () => {
  const text =
    "Kirsten Vale, a fellow at the Oslo Institute for Arctic Affairs, disagreed. Officials in Oslo declined to comment.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  const inName = text.indexOf("Oslo");
  assert.ok(!a.mentions.some((m) => m.start === inName && m.end === inName + 4), JSON.stringify(a.mentions));
  assert.ok(
    a.entities.some((e) => e.type === "organization" && e.name === "Oslo Institute for Arctic Affairs"),
    JSON.stringify(a.entities),
  );
  assert.ok(
    a.mentions.some((m) => m.start === text.lastIndexOf("Oslo") && m.entity.startsWith("city:")),
    JSON.stringify(a.mentions),
  );
});

test("a square named after a person is a place, and a bare surname links to the person named in full", () => {
  const text =
    "Kim Jong Un watched the parade in Kim Il Sung Square with Sergei Shoigu. Kim later hosted a banquet. For Kim, the visit was a success.";
  const a = analyzeText(text, { lang: "en", published: "2023-07-28" });
  assertOffsets(text, a, "square");
  assert.ok(!a.entities.some((e) => e.key === "actor:kim-il-sung"), JSON.stringify(a.entities));
  assert.ok(a.entities.some((e) => e.type === "place" && e.name === "Kim Il Sung Square"));
  const kims = a.mentions.filter((m) => m.text === "Kim");
  assert.equal(kims.length, 2, JSON.stringify(a.mentions));
  for (const m of kims) assert.equal(m.entity, "actor:kim-jong-un");
  assert.ok(!a.mentions.some((m) => m.text.startsWith("For ")), JSON.stringify(a.mentions));
});

test("a title we know in full is not cut into a name ('Chief Cabinet Secretary X')", () => {
  const text = "In Tokyo, Chief Cabinet Secretary Hiroshi Tanabe said Japan was concerned.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  const p = a.entities.find((e) => e.type === "person");
  assert.equal(p?.name, "Hiroshi Tanabe");
  assert.deepEqual(p?.roles, ["Chief Cabinet Secretary"]);
});

test("names the gazetteer knows join its entity whatever found them; a bare Security Council is the UN's in a UN context", () => {
  const text =
    "The UN imposed sanctions in 2006, when Russia voted with the rest of the Security Council for Resolution 1718. " +
    "According to Nationwide Safety Council spokesman John Kirby, ships docked at VLADIVOSTOK.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  assertOffsets(text, a, "gaz-join");
  const at = (s: string) => a.mentions.find((m) => m.text === s)?.entity;
  assert.equal(at("Security Council"), "actor:org-unsc");
  assert.equal(at("Nationwide Safety Council"), "actor:org-nsc-usa");
  assert.equal(at("VLADIVOSTOK"), "city:RUS:Vladivostok");
  assert.ok(!a.mentions.some((m) => m.text.includes("Resolution")), JSON.stringify(a.mentions));
});

test("a capital after 'for', or after 'to'/'from' without a journey, is its government; a name's tail is no place", () => {
  const text =
    "The United States warned Pyongyang against supplying weapons to Moscow. The delegation flew to Moscow on Monday. " +
    "It was a hard choice for Moscow. In 1961 the two states signed a Treaty of Friendship, Cooperation and Mutual Assistance.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  const moscows = a.mentions.filter((m) => m.text === "Moscow").map((m) => m.entity);
  assert.deepEqual(moscows, ["country:RUS", "city:RUS:Moscow", "country:RUS"]);
  assert.ok(!a.mentions.some((m) => m.text === "Friendship"), JSON.stringify(a.mentions));
});

test("fragments of an outlet's name (dateline credit or the publisher) are that outlet, not entities of their own", () => {
  const text =
    "HARBIN, July 26 (Northern Relay Service) – A delegation arrived on Tuesday. " +
    '"It matters," Jonas Ekdahl of the Nordic Centre for Korean Affairs told Northern Relay. "It is the date," she told the Gazette.';
  const a = analyzeText(text, { lang: "en", published: "2023-10-20", outlet: "The Polar Gazette" });
  assertOffsets(text, a, "outlet");
  const relay = a.mentions
    .filter((m) => /Relay/.test(m.text))
    .map((m) => a.entities.find((e) => e.key === m.entity)?.name);
  assert.ok(relay.length >= 1, JSON.stringify(a.mentions));
  for (const n of relay) assert.equal(n, "Northern Relay Service");
  const gazette = a.mentions
    .filter((m) => m.text === "Gazette")
    .map((m) => a.entities.find((e) => e.key === m.entity)?.name);
  for (const n of gazette) assert.equal(n, "Polar Gazette");
  assert.ok(
    !a.entities.some((e) => e.name === "Relay Service" || e.name === "Northern Relay" || e.name === "Gazette"),
    JSON.stringify(a.entities),
  );
});

test("a lone sentence-initial dictionary noun is no organisation", () => {
  const text =
    "He mentioned geological surveys as possible projects. Commerce between the two nations stays tiny, officials said.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  assert.ok(!a.mentions.some((m) => m.text === "Commerce"), JSON.stringify(a.mentions));
});

test("one surface form, one type per document; an honorific makes a person", () => {
  const text =
    "Dr. Nadia Ferrow said the deal matters. Nadia Ferrow, who studies arms control at the Lisbon Centre for Security Studies, disagreed. Ferrow left.";
  const a = analyzeText(text, { lang: "en", published: "2023-10-20" });
  const named = a.entities.filter((e) => e.name === "Nadia Ferrow");
  assert.equal(named.length, 1, JSON.stringify(a.entities));
  assert.equal(named[0]!.type, "person");
  assert.equal(a.mentions.filter((m) => m.entity === named[0]!.key).length, 3);
});
