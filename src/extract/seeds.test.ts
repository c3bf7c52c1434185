/**
 * Extraction on the five seed articles (read at run time from ../shared/corpus/seeds; never copied
 * into the repository). Checks the evidence invariant on every record, with the hand-built analysis
 * of the test kit and with the real language layer, and the facts an analyst must find.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/paths.js";
import { analyzeText } from "../nlp/index.js";
import { extractFacts } from "./index.js";
import { analysisFor, CASE_ENTITIES } from "./testkit.js";
import type { DocFacts, NlpAnalysis } from "../model/pipeline.js";

const SEED_DIR = join(packageRoot(), "..", "shared", "corpus", "seeds");
const HAVE_SEEDS = existsSync(SEED_DIR);

/** Publish dates as the seed texts themselves state them (000's header, 004's metadata); else unknown. */
const STATED_DATES: Record<string, string | null> = { "000": "2024-05-15", "004": "2023-10-20" };

interface Seed {
  id: string;
  text: string;
  published: string | null;
}

function seeds(): Seed[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({
      id: f.slice(0, 3),
      text: readFileSync(join(SEED_DIR, f), "utf8"),
      published: STATED_DATES[f.slice(0, 3)] ?? null,
    }));
}

function seed(id: string): Seed {
  const s = seeds().find((x) => x.id === id);
  assert.ok(s, `seed ${id}`);
  return s;
}

function extractWith(s: Seed, nlp: NlpAnalysis): DocFacts {
  return extractFacts({ doc: `seed-${s.id}`, text: s.text, published: s.published, nlp });
}

function checkInvariant(text: string, facts: DocFacts, label: string): number {
  let n = 0;
  const check = (what: string, e: { start: number; end: number; text: string }): void => {
    assert.ok(e.start >= 0 && e.end <= text.length && e.start < e.end, `${label} ${what}: bad range`);
    assert.equal(text.slice(e.start, e.end), e.text, `${label} ${what}`);
    n++;
  };
  facts.events.forEach((e, i) => check(`event ${i}`, e.evidence));
  facts.quotes.forEach((q, i) => check(`quote ${i}`, q));
  facts.claims.forEach((c, i) => check(`claim ${i}`, c.evidence));
  facts.provisions.forEach((p, i) => check(`provision ${i}`, p.evidence));
  facts.relations.forEach((r, i) => check(`relation ${i}`, r.evidence));
  return n;
}

test("evidence invariant holds on every record of every seed (test-kit analysis)", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  let total = 0;
  for (const s of seeds())
    total += checkInvariant(s.text, extractWith(s, analysisFor(s.text, CASE_ENTITIES, s.published)), s.id);
  assert.ok(total > 50, `only ${total} records`);
});

test("evidence invariant holds on every record of every seed (real language layer)", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  let total = 0;
  for (const s of seeds()) {
    const nlp = analyzeText(s.text, { lang: "en", published: s.published });
    total += checkInvariant(s.text, extractWith(s, nlp), s.id);
  }
  assert.ok(total > 30, `only ${total} records`);
});

test("seed 004: Lavrov's October 2023 visit to North Korea and his denial of the ammunition 'rumors'", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  const s = seed("004");
  const nlp = analysisFor(s.text, CASE_ENTITIES, s.published);
  const facts = extractWith(s, nlp);
  const lavrov = nlp.entities.find((e) => e.name === "Sergey Lavrov")!.key;
  const northKorea = nlp.entities.find((e) => e.name === "North Korea")!.key;
  const visit = facts.events.find(
    (e) =>
      e.type === "CONSULT" &&
      e.mode === "visit" &&
      e.actors.includes(lavrov) &&
      e.targets.includes(northKorea) &&
      (e.date ?? "").startsWith("2023-10"),
  );
  assert.ok(visit, JSON.stringify(facts.events.map((e) => [e.type, e.summary, e.date])));
  const denial = facts.claims.find((c) => c.stance === "deny" && c.actor === lavrov);
  assert.ok(denial, JSON.stringify(facts.claims));
  assert.match(denial.evidence.text, /rumors/);
  assert.match(denial.key, /^AID\|prk\+rus\|arms$/);
  // The White House / US media spread the rumours: they assert the same template.
  assert.ok(facts.claims.some((c) => c.key === denial.key && c.stance === "assert"));
});

test("seed 003: provisions of Articles 3, 4, 8 and 16 and the treaty signing", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  const s = seed("003");
  const nlp = analysisFor(s.text, CASE_ENTITIES, s.published);
  const facts = extractWith(s, nlp);
  const articles = facts.provisions.map((p) => p.article).sort((a, b) => Number(a) - Number(b));
  assert.deepEqual(articles, ["3", "4", "8", "16"]);
  const agreements = new Set(facts.provisions.map((p) => p.agreement));
  assert.equal(agreements.size, 1, [...agreements].join(" | "));
  assert.match([...agreements][0]!, /treaty/i);
  const art4 = facts.provisions.find((p) => p.article === "4")!;
  assert.match(art4.content, /armed attack/);
  const putin = nlp.entities.find((e) => e.name === "Vladimir Putin")!.key;
  const kim = nlp.entities.find((e) => e.name === "Kim Jong Un")!.key;
  const signing = facts.events.find((e) => e.type === "SUPPORT" && e.mode === "sign");
  assert.ok(signing, JSON.stringify(facts.events.map((e) => e.summary)));
  assert.deepEqual(new Set(signing.actors), new Set([putin, kim]));
  // The treaty's text is not anyone's quote.
  assert.ok(!facts.quotes.some((q) => /armed attack by any State/.test(q.text)));
});

test("seed 001: expert quotes told to Euronews keep their speakers", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  const s = seed("001");
  const nlp = analysisFor(s.text, CASE_ENTITIES, s.published);
  const facts = extractWith(s, nlp);
  const nameOf = (key: string | null): string | null =>
    key ? (nlp.entities.find((e) => e.key === key)?.name ?? null) : null;
  const speakers = new Set(facts.quotes.filter((q) => q.direct).map((q) => nameOf(q.speaker)));
  for (const expert of [
    "Robin Brooks",
    "Maria Shagina",
    "Elina Ribakova",
    "Branislav Slantchev",
    "Alexander Clarkson",
    "Ivan Kłyszcz",
    "Alexander Lanoszka",
  ]) {
    assert.ok(speakers.has(expert), `${expert} missing among ${[...speakers].join(", ")}`);
  }
  const toEuronews = facts.quotes.filter((q) => q.addressee === "Euronews");
  assert.ok(toEuronews.length >= 3, `only ${toEuronews.length} quotes addressed to Euronews`);
});

test("seed 000: spun text still yields the enumerated cooperation tracks and the rumour denial", {
  skip: !HAVE_SEEDS && "seed corpus not present",
}, () => {
  const s = seed("000");
  const nlp = analysisFor(s.text, CASE_ENTITIES, s.published);
  const facts = extractWith(s, nlp);
  const types = new Set(facts.relations.map((r) => r.type));
  for (const t of ["economic", "military-technical", "political"]) assert.ok(types.has(t as never), `missing ${t}`);
  const lavrov = nlp.entities.find((e) => e.name === "Sergey Lavrov")!.key;
  assert.ok(facts.claims.some((c) => c.stance === "deny" && c.actor === lavrov));
});
