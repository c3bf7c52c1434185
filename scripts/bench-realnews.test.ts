/**
 * The real-news scorer: keys join their page bodies by offsets and check words, the split rule holds, and
 * the devset matching rules score invented predictions as documented (coverage of half a span, speaker by
 * any of the gold entity's names, unnamed speakers counted for recall only).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { emptyScores, scoreArticle } from "./bench-devset.js";
import {
  articleFromKey,
  checkWords,
  defaultGoldPath,
  keyFromDraft,
  keysDir,
  loadKeys,
  loadRealnews,
  splitOfId,
  type GoldBodies,
  type RealnewsKey,
} from "./bench-realnews.js";
import type { LocalEntity, LocalQuote } from "../src/model/pipeline.js";

const BODY =
  'Mara Quillon, head of the Tessly Rowing Club, said the regatta would go ahead. "The river is calm and we are ready," Quillon said.\n\n' +
  'Organisers said the course had been cleared. "Nobody will be turned away," said a volunteer.';

function span(text: string): { start: number; end: number } {
  const start = BODY.indexOf(text);
  assert.ok(start >= 0, text);
  return { start, end: start + text.length };
}

function key(): RealnewsKey {
  const q = (speaker: string, kind: "direct" | "reported", text: string) => ({
    speaker,
    kind,
    ...span(text),
    check: checkWords(text),
  });
  return {
    id: "3" + "0".repeat(63),
    url: "https://example.org/regatta",
    split: "dev",
    entities: [
      { type: "person", names: ["Mara Quillon", "Quillon"] },
      { type: "organization", names: ["Tessly Rowing Club"] },
    ],
    quotes: [
      q("Mara Quillon", "reported", "the regatta would go ahead"),
      q("Mara Quillon", "direct", "The river is calm and we are ready,"),
      q("?", "reported", "the course had been cleared"),
      q("?", "direct", "Nobody will be turned away,"),
    ],
  };
}

function quote(text: string, direct: boolean, speaker: string | null, speakerText: string | null): LocalQuote {
  return { ...span(text), text, direct, speaker, speaker_text: speakerText, cue: null, addressee: null, event: null };
}

test("split rule: first hex digit 0-7 is dev, 8-f is test", () => {
  assert.equal(splitOfId("7abc"), "dev");
  assert.equal(splitOfId("0abc"), "dev");
  assert.equal(splitOfId("8abc"), "test");
  assert.equal(splitOfId("fabc"), "test");
});

test("a key joins its body by offsets; a changed body or a stray speaker is an error", () => {
  const a = articleFromKey(key(), BODY);
  assert.equal(a.quotes[1]!.text, "The river is calm and we are ready,");
  assert.equal(a.quotes[1]!.start, BODY.indexOf("The river"));
  assert.equal(a.published, null);
  assert.throws(() => articleFromKey(key(), BODY.replace("The river", "A river")), /key says "The river is"/);
  const stray = key();
  stray.quotes[0]!.speaker = "Someone Else";
  assert.throws(() => articleFromKey(stray, BODY), /not among the entities/);
  const outside = key();
  outside.quotes[0]!.end = BODY.length + 5;
  assert.throws(() => articleFromKey(outside, BODY), /outside the body/);
  const missing = key();
  missing.entities.push({ type: "place", names: ["Ullsworth"] });
  assert.throws(() => articleFromKey(missing, BODY), /not in the body/);
});

test("matching: half coverage finds a quote, speakers by any name, unnamed speakers count for recall only", () => {
  const a = articleFromKey(key(), BODY);
  const entities: LocalEntity[] = [
    { key: "p1", type: "person", name: "Mara Quillon", aliases: ["Quillon"], roles: [], gazetteer_id: null },
    { key: "o1", type: "organization", name: "Tessly Rowing", aliases: [], roles: [], gazetteer_id: null },
    { key: "g1", type: "place", name: "Tessly", aliases: [], roles: [], gazetteer_id: null },
  ];
  const quotes: LocalQuote[] = [
    quote("the regatta would go", false, "p1", "Mara Quillon"), // covers more than half: found, right speaker
    quote("The river is calm and we are ready,", true, "o1", "Tessly Rowing"), // found, wrong speaker
    quote("Nobody will be turned away,", true, null, "a volunteer"), // found, unnamed gold speaker
    quote("Organisers", false, null, null), // spurious
  ];
  const s = emptyScores(1);
  scoreArticle(s, a, entities, quotes);
  assert.deepEqual(s.entityRecall.person, { right: 1, total: 1 });
  assert.deepEqual(s.entityRecall.organization, { right: 0, total: 1 }, "another name is a miss");
  assert.deepEqual(s.entityPrecision.place, { right: 0, total: 1 });
  assert.deepEqual(s.quoteRecall.direct, { right: 2, total: 2 });
  assert.deepEqual(s.quoteRecall.reported, { right: 1, total: 2 });
  assert.deepEqual(s.quotePrecision.all, { right: 3, total: 4 });
  assert.deepEqual(s.speaker.all, { right: 1, total: 2 }, "the '?' quotes are not scored for speaker");
  assert.deepEqual(s.speakerLinked, { right: 1, total: 2 });
  assert.equal(s.evidenceViolations, 0);
  assert.ok(s.misses.some((m) => m.includes("wrong speaker (direct) Tessly Rowing for Mara Quillon")));
});

test("a draft becomes a key with offsets and check words only; bad drafts list every problem", () => {
  const bodies = { ["3" + "0".repeat(63)]: { articleBody: BODY, url: "https://example.org/regatta" } };
  const draft = [
    "# id 300",
    "person: Mara Quillon | Quillon",
    "org: Tessly Rowing Club",
    "Mara Quillon | direct | The river is calm and we are ready,",
    "? | reported | the course had been cleared",
    "Mara Quillon | reported | the regatta would go ahead",
  ].join("\n");
  const k = keyFromDraft(draft, bodies);
  assert.equal(k.split, "dev");
  assert.deepEqual(
    k.quotes.map((q) => [q.start, q.check]),
    [
      [BODY.indexOf("the regatta"), "the regatta would"],
      [BODY.indexOf("The river"), "The river is"],
      [BODY.indexOf("the course"), "the course had"],
    ],
  );
  assert.ok(!JSON.stringify(k).includes("calm"), "no quoted text beyond three words");
  assert.deepEqual(articleFromKey(k, BODY).quotes[1]!.text, "The river is calm and we are ready,");
  const bad =
    draft + "\nNobody | direct | Nobody will be turned away\n? | direct | said@1\nplace: Ullsworth\n? | direct | swim";
  assert.throws(
    () => keyFromDraft(bad, bodies),
    (e: Error) =>
      /speaker is not an entity: Nobody/.test(e.message) &&
      /name not in the body: Ullsworth/.test(e.message) &&
      /snippet not in the body: swim/.test(e.message),
  );
  assert.throws(() => keyFromDraft(draft + "\n? | direct | said", bodies), /ambiguous snippet/);
  assert.throws(() => keyFromDraft(draft.replace("# id 300", "# id 9"), bodies), /first line/);
});

test("the answer keys in the repository follow the split rule and hold no article text", () => {
  const keys = loadKeys(keysDir());
  assert.ok(keys.filter((k) => k.split === "dev").length >= 15);
  assert.ok(keys.filter((k) => k.split === "test").length >= 15);
  for (const k of keys) {
    assert.match(k.id, /^[0-9a-f]{64}$/);
    for (const q of k.quotes) assert.ok(q.check.split(" ").length <= 3, `${k.id.slice(0, 8)}: check "${q.check}"`);
  }
  const gold = defaultGoldPath();
  if (!existsSync(gold)) {
    console.log(`skipped the join to the page bodies: no ${gold}`);
    return;
  }
  const bodies = JSON.parse(readFileSync(gold, "utf8")) as GoldBodies;
  const articles = loadRealnews(keys, bodies, "all");
  assert.equal(articles.length, keys.length);
});
