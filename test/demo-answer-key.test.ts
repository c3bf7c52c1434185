/**
 * The demo corpus (examples/) comes with an answer key (examples/README.md): which page copies which,
 * which is spun, who asserts and who denies the arms claim, what the treaty provides. This suite runs
 * the real pipeline over examples/ and checks Dossier's picture against that key, as an analyst would.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import type { Store } from "../src/store/store.js";
import type { ClaimRecord, DocumentRecord, EntityRecord, EventRecord, ProvisionRecord } from "../src/model/records.js";
import { ingestAndBuild } from "../src/pipeline/index.js";

let dir: string;
let store: Store;
const docs = new Map<string, DocumentRecord>();
const bySource = (name: string) => [...docs.values()].find((d) => d.source.includes(name));
let entities: EntityRecord[] = [];
let events: EventRecord[] = [];
let claims: ClaimRecord[] = [];
let provisions: ProvisionRecord[] = [];
const entityNamed = (re: RegExp) => entities.find((e) => re.test(e.name));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "dossier-answer-key-"));
  store = createSqliteStore(join(dir, "demo.db"));
  await store.init();
  const examples = join(packageRoot(), "examples");
  const files = readdirSync(examples)
    .filter((f) => /\.(txt|html?|jsonl?|gz)$/.test(f))
    .map((f) => join(examples, f));
  const { summary } = await ingestAndBuild(store, files);
  assert.equal(summary.failed, 0, JSON.stringify(summary.files.filter((f) => f.status === "failed")));
  for await (const d of store.iterateDocuments()) docs.set(d.id, d);
  entities = (await store.listEntities({ limit: 500 })).items;
  events = (await store.timeline({ limit: 500 })).items;
  claims = (await store.listClaims({ limit: 500 })).items;
  provisions = (await store.listProvisions({ limit: 500 })).items;
});

after(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the spun copy, and only it, is flagged as spun", () => {
  const spun = [...docs.values()].filter((d) => d.spun.is_spun).map((d) => d.source);
  assert.equal(spun.length, 1, spun.join(", "));
  assert.match(spun[0]!, /dailypulse_lavrov_spun/);
  assert.ok(bySource("dailypulse_lavrov_spun")!.restored_text, "the spun copy has a restored reading");
});

test("copies link to their sources with direction; independent reports stay apart", () => {
  const repub = bySource("northseacourier_treaty_republished")!;
  const original = bySource("harbourledger_treaty_signed")!;
  assert.equal(repub.republication_of, original.id);
  const spun = bySource("dailypulse_lavrov_spun")!;
  const source = bySource("continentalreview_lavrov_three_tracks")!;
  assert.equal(spun.republication_of, source.id);
  assert.equal(repub.family, original.family);
  assert.equal(spun.family, source.family);
  // Independent reports of the same events are not copies.
  for (const [a, b] of [
    ["harbourledger_shoigu_parade", "easternwire_shoigu_visit"],
    ["harbourledger_treaty_signed", "pacificmonitor_treaty_reactions"],
    ["continentalreview_lavrov_three_tracks", "dvvestnik_lavrov_pyongyang_ru"],
  ])
    assert.notEqual(bySource(a)!.family, bySource(b)!.family, `${a} and ${b} are independent`);
});

test("metadata: every document has a title and an outlet; the Russian report is tagged ru", () => {
  for (const d of docs.values()) {
    assert.ok(d.title, `${d.source} has a title`);
    assert.ok(d.outlet, `${d.source} has an outlet`);
    if (d.published) assert.match(d.published, /^\d{4}-\d{2}-\d{2}/, `${d.source} published is ISO`);
  }
  assert.equal(bySource("dvvestnik_lavrov_pyongyang_ru")!.lang, "ru");
});

test("entities: the story's actors are there once, with their variants and roles", () => {
  const lavrov = entities.filter((e) => e.type === "person" && /Lavrov/.test(e.name));
  assert.equal(lavrov.length, 1, lavrov.map((e) => e.name).join(", "));
  assert.ok(lavrov[0]!.roles.some((r) => /Foreign Minister/i.test(r)));
  assert.equal(entities.filter((e) => e.type === "person" && /^Kim Jong[ -]?Un$/i.test(e.name)).length, 1);
  assert.ok(entityNamed(/^North Korea$/));
  assert.ok(entityNamed(/Shoigu/));
});

test("the arms claim is one record: the US side asserts it, Moscow and Pyongyang deny it", () => {
  const us = entityNamed(/^United States$/)!;
  const arms = claims.filter((c) => c.asserted_by.includes(us.id) && c.denied_by.length > 0);
  assert.ok(arms.length >= 1, "a contested claim asserted by the United States");
  const main = arms.sort((a, b) => b.evidence.length - a.evidence.length)[0]!;
  assert.match(main.text, /arms|weapons|munitions|shells/i);
  assert.ok(main.evidence.some((e) => e.stance === "deny"));
  assert.ok(main.evidence.some((e) => e.stance === "assert"));
  // Corroboration counts families, not documents.
  const families = new Set(main.evidence.map((e) => docs.get(e.doc)!.family ?? e.doc));
  assert.ok(main.independent_outlets <= families.size, `${main.independent_outlets} ≤ ${families.size} families`);
});

test("the treaty's provisions: Articles 3 and 4 of the comprehensive strategic partnership treaty", () => {
  const articles = new Set(provisions.map((p) => p.article));
  assert.ok(articles.has("4"), [...articles].join(","));
  assert.ok(articles.has("3"), [...articles].join(","));
  const art4 = provisions.find((p) => p.article === "4")!;
  assert.match(art4.content, /attack|assistance|war/i);
});

test("timeline: Lavrov's October 2023 visit and the June 2024 signing are dated from the text", () => {
  const lavrov = entities.find((e) => e.type === "person" && /Lavrov/.test(e.name))!;
  const visit = events.find(
    (e) => e.type === "CONSULT" && e.actors.includes(lavrov.id) && (e.date ?? "").startsWith("2023-10"),
  );
  assert.ok(visit, "a CONSULT event by Lavrov dated 2023-10");
  const signing = events.find(
    (e) => (e.type === "SUPPORT" || e.type === "AGREE") && (e.date ?? "").startsWith("2024-06"),
  );
  assert.ok(signing, "the treaty signing dated 2024-06");
  // A copy never adds an independent outlet: the signing is reported by the original, its
  // republication and one independent outlet.
  assert.ok((signing.independent_outlets ?? 0) <= new Set(signing.evidence.map((e) => docs.get(e.doc)!.family)).size);
});

test("every span of every record is the exact slice of its document", async () => {
  let n = 0;
  for await (const r of store.exportRecords()) {
    const spans = "evidence" in r ? r.evidence : r.kind === "mention" || r.kind === "quote" ? [r] : [];
    for (const s of spans) {
      n++;
      assert.equal(docs.get(s.doc)?.text.slice(s.start, s.end), s.text);
    }
  }
  assert.ok(n > 100);
});
