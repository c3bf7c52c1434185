import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { storeContract } from "../contract.js";
import { openStore } from "../open.js";
import { DossierError } from "../../util/errors.js";
import { emptyKnowledgeBase, ENVOY_TEXT, inlineEvidenceRecords, plainDocument, spanOf } from "../testkit.js";
import type { DocumentRecord } from "../../model/records.js";
import { createSqliteStore, MIGRATIONS } from "./index.js";
import { encodeUnitRow } from "../../kb/unit-rows.js";
import { packRawAgainst, readJson } from "./codec.js";
import { decodeUnitRow } from "../../kb/unit-rows.js";
import { registerTextFunction } from "./text-column.js";
import { clampPage, compareVersions, dateRange, fts5PlainQuery, normalizeName } from "../semantics.js";

const dir = mkdtempSync(join(tmpdir(), "dossier-sqlite-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const contractDb = join(dir, "contract.db");
storeContract("sqlite", async (caps) => createSqliteStore(contractDb, caps));

test("migrations are recorded once and init() is idempotent across handles", async () => {
  const file = join(dir, "migrations.db");
  const a = createSqliteStore(file);
  const b = createSqliteStore(file);
  assert.equal(a.schemaVersion(), 0);
  await Promise.all([a.init(), b.init()]);
  await a.init();
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  assert.equal(a.schemaVersion(), latest);
  await a.close();
  await b.close();
  const raw = new Database(file, { readonly: true });
  const rows = raw.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as Array<{
    version: number;
  }>;
  assert.deepEqual(
    rows.map((r) => r.version),
    MIGRATIONS.map((m) => m.version),
  );
  assert.equal((raw.pragma("journal_mode", { simple: true }) as string).toLowerCase(), "wal");
  raw.close();
});

test("a database from a newer Dossier is refused with a clear error", async () => {
  const file = join(dir, "newer.db");
  const s = createSqliteStore(file);
  await s.init();
  await s.close();
  const raw = new Database(file);
  raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')").run();
  raw.close();
  await assert.rejects(
    openStore(file),
    (err: unknown) => err instanceof DossierError && err.code === "STORE" && /newer/.test(err.message),
  );
});

test("a file that is not a SQLite database gives a STORE error, not a crash", async () => {
  const file = join(dir, "not-a-db.db");
  writeFileSync(file, "this is plainly not a database file, just some text that is long enough ".repeat(20));
  await assert.rejects(openStore(file), (err: unknown) => err instanceof DossierError && err.code === "STORE");
  await assert.rejects(
    openStore(join(dir, "missing-dir", "x.db")),
    (err: unknown) => err instanceof DossierError && err.code === "STORE",
  );
});

test("openStore reports a missing PostgreSQL backend clearly and defaults to DOSSIER_DB", async () => {
  const file = join(dir, "env.db");
  const prev = process.env.DOSSIER_DB;
  process.env.DOSSIER_DB = file;
  try {
    const s = await openStore();
    assert.equal(s.backend, "sqlite");
    assert.equal(await s.ping(), true);
    await s.close();
    assert.equal(await s.ping(), false, "a closed store answers ping with false");
  } finally {
    if (prev === undefined) delete process.env.DOSSIER_DB;
    else process.env.DOSSIER_DB = prev;
  }
});

test("the full-text index stays row-for-row in sync with documents", async () => {
  const file = join(dir, "fts.db");
  const s = await openStore(file);
  const { documentId, sha256Hex } = await import("../../util/ids.js");
  for (let i = 0; i < 25; i++) {
    const raw = new TextEncoder().encode(`doc ${i}`);
    const sha = sha256Hex(raw);
    await s.insertDocument(
      {
        kind: "document",
        schema: 1,
        id: documentId(sha),
        sha256: sha,
        source: `f${i}`,
        title: `T${i}`,
        outlet: null,
        url: null,
        authors: [],
        published: null,
        lang: "en",
        // every other text long enough to be stored deflated (migration 9)
        text: `body number ${i} alpha` + (i % 2 ? " and a longer tail of words".repeat(10) : ""),
        spun: { score: 0, is_spun: false },
        republication_of: null,
        restored_text: null,
      },
      raw,
    );
  }
  const hits = await s.search("tail alpha");
  assert.equal(hits.total, 12, "packed texts are found");
  assert.ok(
    hits.items.every((h) => /tail/.test(h.snippet)),
    "snippets are quoted from the inflated text",
  );
  await s.close();
  const raw = new Database(file);
  registerTextFunction(raw);
  const docs = (raw.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
  const fts = (raw.prepare("SELECT count(*) AS n FROM documents_fts_docsize").get() as { n: number }).n;
  assert.equal(docs, 25);
  assert.equal(fts, docs);
  const kinds = raw.prepare("SELECT typeof(text) AS t, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1").all();
  assert.deepEqual(kinds, [
    { t: "blob", n: 12 },
    { t: "text", n: 13 },
  ]);
  raw.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
  raw.close();
});

test("semantics: plain-words FTS query, names, dates, pages, versions", () => {
  assert.equal(fts5PlainQuery('NEAR( "Lavrov*'), '"NEAR" "Lavrov"');
  assert.equal(fts5PlainQuery("Kim-Jong-un visit"), '"Kim Jong un" "visit"');
  assert.equal(fts5PlainQuery(`" * ( ) ' -`), null);
  assert.equal(normalizeName("Sergéi  LAVROV"), "sergei lavrov");
  assert.equal(normalizeName("Straße Łódź"), "strasse lodz");
  assert.deepEqual(dateRange("2024-02"), { start: "2024-02-01", end: "2024-02-29" });
  assert.deepEqual(dateRange("2020s"), { start: "2020-01-01", end: "2029-12-31" });
  assert.deepEqual(dateRange("../2023-05"), { start: null, end: "2023-05-31" });
  assert.equal(dateRange("2023-02-30"), null);
  assert.equal(dateRange("2024-01-02/2023-01-01"), null);
  assert.equal(dateRange("yesterday"), null);
  assert.deepEqual(clampPage({ limit: 1e9, offset: Number.NaN }), { limit: 500, offset: 0 });
  assert.ok(compareVersions("1.10", "1.9") > 0);
  assert.ok(compareVersions("1.2", "1.2.1") < 0);
  assert.equal(compareVersions("2", "2"), 0);
});

test("an export reads one snapshot even when the knowledge base is replaced mid-export", async () => {
  const file = join(dir, "snapshot.db");
  const s = await openStore(file);
  const { documentId, sha256Hex } = await import("../../util/ids.js");
  const raw = new TextEncoder().encode("snapshot doc");
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  await s.insertDocument(
    {
      kind: "document",
      schema: 1,
      id,
      sha256: sha,
      source: "s",
      title: null,
      outlet: null,
      url: null,
      authors: [],
      published: null,
      lang: "en",
      text: "Lavrov met Choe.",
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
    },
    raw,
  );
  const kb = (tag: string) => ({
    entities: [
      {
        kind: "entity" as const,
        id: `e_${tag}`,
        type: "person" as const,
        name: tag,
        aliases: [],
        roles: [],
        docs: 1,
        mentions: 1,
      },
    ],
    mentions: [],
    events: [],
    quotes: [],
    claims: [],
    provisions: [],
    relations: [],
    links: [],
    documents: [],
  });
  await s.replaceKnowledgeBase(kb("old"));
  const it = s.exportRecords()[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal((first.value as { kind: string }).kind, "document");
  await s.replaceKnowledgeBase(kb("new"));
  const rest: Array<{ kind: string; id?: string }> = [];
  for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value as { kind: string; id?: string });
  assert.deepEqual(
    rest.map((r) => r.id),
    ["e_old"],
  );
  assert.equal((await s.getEntity("e_new"))?.name, "new");
  // Abandoning an export early releases its snapshot: the next KB write is not blocked.
  for await (const r of s.exportRecords()) if (r.kind === "document") break;
  await s.replaceKnowledgeBase(kb("after"));
  await s.close();
});

test("large analyses, state values and raw bytes are stored deflated and read back exactly; band rows live in kb_lsh", async () => {
  const file = join(dir, "compact.db");
  const s = createSqliteStore(file);
  await s.init();
  const { documentId, sha256Hex } = await import("../../util/ids.js");
  const text = "The delegation arrived in the capital on Monday for talks. ".repeat(40);
  const raw = new TextEncoder().encode(`<html><body><p>${text}</p></body></html>`);
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  await s.insertDocument(
    {
      kind: "document",
      schema: 1,
      id,
      sha256: sha,
      source: "c.html",
      title: null,
      outlet: null,
      url: null,
      authors: [],
      published: null,
      lang: "en",
      text,
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
    },
    raw,
  );
  const analysis = {
    doc: id,
    version: "1",
    nlp: { note: "x".repeat(5000) },
    facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
  };
  await s.putAnalysis(analysis as never);
  const big = JSON.stringify({
    units: Array.from({ length: 50 }, (_, i) => ({ doc: id, idx: i, text: "same words again" })),
  });
  const empty = {
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
  };
  await s.applyKnowledgeBaseChange({
    ...empty,
    statePut: [
      { space: "ek", key: "p", sub: id, value: big },
      { space: "ek", key: "p", sub: "short", value: "[]" },
      // merge units are kept as written (their own compact form, kb/unit-rows.ts): no inflate on read
      { space: "u", key: "p", sub: id, value: big },
      { space: "lsh", key: String(2 ** 39 + 5), sub: id, value: "" },
    ],
    stateDelete: [],
  });
  assert.deepEqual(await s.getRaw(sha), raw);
  assert.deepEqual(await s.getAnalysis(id), analysis);
  assert.deepEqual(
    [...(await s.readState("ek", ["p"])).get("p")!.entries()].sort(),
    [
      [id, big],
      ["short", "[]"],
    ].sort(),
  );
  assert.deepEqual([...(await s.readState("u", ["p"])).get("p")!.entries()], [[id, big]]);
  assert.deepEqual(
    [...(await s.readState("lsh", [String(2 ** 39 + 5), "7"])).entries()].map(([k, v]) => [k, [...v.keys()]]),
    [[String(2 ** 39 + 5), [id]]],
  );
  await assert.rejects(
    s.applyKnowledgeBaseChange({
      ...empty,
      statePut: [{ space: "lsh", key: "w1:abc", sub: id, value: "" }],
      stateDelete: [],
    }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  await s.close();
  const db = new Database(file, { readonly: true });
  const rawRow = db.prepare("SELECT length(bytes) AS stored, size FROM raw").get() as { stored: number; size: number };
  assert.ok(rawRow.stored < rawRow.size, "raw bytes deflated");
  assert.equal((db.prepare("SELECT typeof(json) AS t FROM analyses").get() as { t: string }).t, "blob");
  assert.equal(
    (db.prepare("SELECT typeof(value) AS t FROM kb_state WHERE space = 'ek' AND sub = ?").get(id) as { t: string }).t,
    "blob",
  );
  assert.equal(
    (db.prepare("SELECT typeof(value) AS t FROM kb_state WHERE space = 'u' AND sub = ?").get(id) as { t: string }).t,
    "text",
  );
  assert.equal(
    (db.prepare("SELECT typeof(value) AS t FROM kb_state WHERE sub = 'short'").get() as { t: string }).t,
    "text",
  );
  assert.equal((db.prepare("SELECT count(*) AS n FROM kb_lsh").get() as { n: number }).n, 1);
  db.close();
});

test("rows written before compression (plain text and bytes) still read", async () => {
  const file = join(dir, "legacy.db");
  const s = createSqliteStore(file);
  await s.init();
  const { documentId, sha256Hex } = await import("../../util/ids.js");
  const raw = new TextEncoder().encode("legacy bytes ".repeat(50));
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  await s.insertDocument(
    {
      kind: "document",
      schema: 1,
      id,
      sha256: sha,
      source: "l.txt",
      title: null,
      outlet: null,
      url: null,
      authors: [],
      published: null,
      lang: "en",
      text: "legacy",
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
    },
    raw,
  );
  await s.close();
  const analysis = { doc: id, version: "1", nlp: { note: "y".repeat(400) } };
  const db = new Database(file);
  db.prepare("UPDATE raw SET bytes = ?, codec = NULL WHERE sha256 = ?").run(Buffer.from(raw), sha);
  db.prepare("INSERT INTO analyses (doc, version, json, updated_at) VALUES (?, '1', ?, 'now')").run(
    id,
    JSON.stringify(analysis),
  );
  db.prepare("INSERT INTO kb_state (space, key, sub, value) VALUES ('u', 'k', '', ?)").run("z".repeat(500));
  db.close();
  const again = createSqliteStore(file);
  await again.init();
  assert.deepEqual(await again.getRaw(sha), raw);
  assert.deepEqual(await again.getAnalysis(id), analysis);
  assert.equal((await again.readState("u", ["k"])).get("k")!.get(""), "z".repeat(500));
  await again.close();
});

test("a store written before the compact encoding (schema 4) converts on open and reads the same", async () => {
  const file = join(dir, "schema4.db");
  const { documentId, sha256Hex } = await import("../../util/ids.js");
  const text = "The port authority closed the north quay on Monday. Its director said repairs would take a month.";
  const raw = new TextEncoder().encode(`${text}\n`);
  const sha = sha256Hex(raw);
  const id = documentId(sha);
  const doc = {
    kind: "document" as const,
    schema: 1 as const,
    id,
    sha256: sha,
    source: "old/quay.txt",
    title: "Quay closed",
    outlet: "Harbour News",
    url: null,
    authors: [],
    published: "2024-03-04",
    lang: "en",
    text,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
    ingested_at: "2024-03-05T00:00:00.000Z",
  };
  const at = (needle: string) => {
    const start = text.indexOf(needle);
    return { doc: id, start, end: start + needle.length, text: needle };
  };
  const entity = {
    kind: "entity",
    id: "e_port",
    type: "organization",
    name: "port authority",
    aliases: [],
    roles: [],
    docs: 1,
    mentions: 1,
  };
  const mention = { kind: "mention", entity: "e_port", ...at("port authority"), via: "name" };
  const event = {
    kind: "event",
    id: "v_close",
    type: "SANCTION",
    summary: "quay closed",
    date: "2024-03-04",
    actors: ["e_port"],
    targets: [],
    location: null,
    evidence: [at("closed the north quay on Monday")],
  };
  const quote = {
    kind: "quote",
    id: "q_1",
    ...at("repairs would take a month"),
    direct: false,
    speaker: null,
    speaker_text: "Its director",
    cue: "said",
    event: null,
  };
  const analysis = {
    doc: id,
    version: "0.9.0",
    nlp: { mentions: [{ ...at("north quay"), doc: undefined }], pad: "x".repeat(300) },
    facts: {},
  };
  const unit = JSON.stringify([
    { kind: "qt", doc: id, idx: 0, text: quote.text, evidence: at("repairs would take a month") },
  ]);

  const old = new Database(file);
  old.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
    old.exec(m.sql);
    old.prepare("INSERT INTO schema_migrations VALUES (?, ?, 'then')").run(m.version, m.name);
  }
  old.prepare("INSERT INTO raw (sha256, bytes, size) VALUES (?, ?, ?)").run(sha, Buffer.from(raw), raw.byteLength);
  old
    .prepare(
      `INSERT INTO documents (id, sha256, source, title, outlet, url, published, published_day, lang, text, json, provenance, ingested_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 'en', ?, ?, ?, ?)`,
    )
    .run(
      id,
      sha,
      doc.source,
      doc.title,
      doc.outlet,
      doc.published,
      doc.published,
      text,
      JSON.stringify({ ...doc, text: "" }),
      JSON.stringify({ family: id }),
      doc.ingested_at,
    );
  old.prepare("INSERT INTO analyses VALUES (?, ?, ?, 'then')").run(id, analysis.version, JSON.stringify(analysis));
  old
    .prepare("INSERT INTO entities VALUES ('e_port', 0, 'organization', 'port authority', 1, 1, ?)")
    .run(JSON.stringify(entity));
  old
    .prepare(`INSERT INTO mentions (doc, entity, start, "end", json) VALUES (?, 'e_port', ?, ?, ?)`)
    .run(id, mention.start, mention.end, JSON.stringify(mention));
  old
    .prepare("INSERT INTO events VALUES ('v_close', 0, 'SANCTION', ?, ?, ?, ?)")
    .run(event.date, event.date, event.date, JSON.stringify(event));
  old.prepare("INSERT INTO quotes VALUES ('q_1', 0, ?, ?, NULL, ?)").run(id, quote.start, JSON.stringify(quote));
  const ev = event.evidence[0]!;
  old
    .prepare(`INSERT INTO evidence_spans VALUES (?, ?, ?, 'v_close', 'event', ?, NULL)`)
    .run(id, ev.start, ev.end, ev.text);
  const partition = "qt|repairs would take a month, the director said";
  old.prepare("INSERT INTO kb_state VALUES ('u', ?, ?, ?)").run(partition, id, unit);
  old.prepare("INSERT INTO kb_state VALUES ('ekd', 'g|port', ?, '')").run(id);
  old.close();

  const s = createSqliteStore(file);
  await s.init();
  assert.equal(s.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  assert.deepEqual(await s.getDocument(id), { ...doc, family: id });
  assert.deepEqual(await s.getRaw(sha), raw);
  assert.deepEqual(await s.getAnalysis(id), JSON.parse(JSON.stringify(analysis)));
  assert.equal((await s.readState("u", [partition])).get(partition)!.get(id), unit);
  assert.equal((await s.readState("ekd", ["g|port"])).get("g|port")!.get(id), "");
  assert.deepEqual(await s.getEntity("e_port"), entity);
  assert.deepEqual(await s.getEvent("v_close"), event);
  assert.deepEqual((await s.listQuotes({ doc: id })).items, [quote]);
  assert.deepEqual((await s.listMentions({ doc: id })).items, [mention]);
  const evidence = await s.documentEvidence(id);
  assert.deepEqual(evidence.spans, [{ record: "v_close", kind: "event", start: ev.start, end: ev.end, text: ev.text }]);
  await s.close();

  const db = new Database(file, { readonly: true });
  for (const t of ["entities", "mentions", "events", "quotes", "analyses", "documents"])
    assert.equal((db.prepare(`SELECT typeof(json) AS t FROM ${t}`).get() as { t: string }).t, "blob", `${t} converted`);
  const cols = (db.prepare("PRAGMA table_info(evidence_spans)").all() as Array<{ name: string }>).map((c) => c.name);
  assert.ok(!cols.includes("text"), "evidence span texts are no longer stored");
  const stored = db.prepare("SELECT json FROM events").get() as { json: Buffer };
  // Migration 8: the evidence lives in evidence_spans (offsets and order), the JSON keeps a placeholder.
  const blanked = readJson<{ evidence: unknown }>(stored.json, {
    context: ["v_close", "SANCTION"],
    textOf: () => "#".repeat(text.length),
  });
  assert.equal(blanked.evidence, 0, "event evidence is not in the record's JSON");
  assert.deepEqual(db.prepare(`SELECT doc, start, "end", record, kind, stance, actor, ord FROM evidence_spans`).all(), [
    { doc: id, start: ev.start, end: ev.end, record: "v_close", kind: "event", stance: null, actor: null, ord: 0 },
  ]);
  assert.equal((db.prepare("SELECT codec FROM raw").get() as { codec: number }).codec, 1);
  assert.equal(
    (db.prepare("SELECT typeof(key) AS t FROM kb_state WHERE space = 'u'").get() as { t: string }).t,
    "blob",
  );
  db.close();
});

test("migration 8: records' evidence becomes span rows, merge units under hashed keys lose their evidence texts", async () => {
  const { packRecord, packState, stateKey } = await import("./records.js");
  const file = join(dir, "schema7.db");
  const text = ENVOY_TEXT;
  const s0 = createSqliteStore(file);
  await s0.init();
  const { doc: document, raw } = plainDocument(text, { source: "m8.txt" });
  const id = document.id;
  await s0.insertDocument(document, raw);
  await s0.close();
  const { at, relation, claim } = inlineEvidenceRecords(id, text, "m8", null);
  // Long keys are stored hashed: the migration finds them through dp (units) and eo (event blocks).
  const part = "rl|e_the_first_entity_of_the_pair|e_the_second_entity|diplomatic";
  const block = `ev|CONSULT|2024-03\u0001${id}#0`;
  const unit = [{ kind: "rl", doc: id, outlet: null, family: id, idx: 0, evidence: at("Talks were frank") }];
  const eventUnit = [{ doc: id, idx: 0, type: "CONSULT", evidence: at("The envoy met the minister"), copyOf: null }];
  const textOf = (d: string) => (d === id ? text : undefined);
  // Back to schema 7 with rows as the code before migration 8 wrote them.
  const db = new Database(file);
  db.exec(`DELETE FROM schema_migrations WHERE version >= 8;
    DROP INDEX evidence_spans_record; ALTER TABLE evidence_spans DROP COLUMN actor; ALTER TABLE evidence_spans DROP COLUMN ord;
    CREATE INDEX evidence_spans_record ON evidence_spans(record);`);
  db.prepare(
    "INSERT INTO relations (id, ord, source, target, type, json) VALUES ('r_m8', 0, 'e_a', 'e_b', 'diplomatic', ?)",
  ).run(packRecord("relations", relation, textOf));
  db.prepare("INSERT INTO claims (id, ord, contested, independent_outlets, json) VALUES ('c_m8', 0, 0, 1, ?)").run(
    packRecord("claims", claim, textOf),
  );
  for (const ev of relation.evidence)
    db.prepare(`INSERT INTO evidence_spans (doc, start, "end", record, kind) VALUES (?, ?, ?, 'r_m8', 'relation')`).run(
      ev.doc,
      ev.start,
      ev.end,
    );
  const putState = (space: string, key: string, sub: string, value: string) =>
    db
      .prepare("INSERT INTO kb_state (space, key, sub, value) VALUES (?, ?, ?, ?)")
      .run(space, stateKey(space, key), sub, packState(key, sub, value, textOf));
  putState("dp", id, "", JSON.stringify([part]));
  putState("u", part, id, JSON.stringify(unit));
  putState("eo", id, block, "");
  putState("eb", block, id, JSON.stringify(eventUnit));
  db.close();

  const s = createSqliteStore(file);
  await s.init();
  assert.equal(s.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  assert.equal(JSON.stringify((await s.listRelations()).items), JSON.stringify([relation]));
  assert.equal(JSON.stringify((await s.listClaims()).items), JSON.stringify([claim]));
  const exported = [];
  for await (const r of s.exportRecords()) if (r.kind === "relation" || r.kind === "claim") exported.push(r);
  assert.equal(JSON.stringify(exported), JSON.stringify([claim, relation]));
  const offsets = (u: { evidence: { text?: string } }) => {
    const { text: _dropped, ...rest } = u.evidence;
    return { ...u, evidence: rest };
  };
  // (migration 10 then rewrites the units in their compact form: compared as units)
  const unitsOf = (space: string, key: string) =>
    s.readState(space, [key]).then((m) => JSON.stringify(decodeUnitRow(id, m.get(key)!.get(id)!)));
  assert.equal(await unitsOf("u", part), JSON.stringify(unit.map(offsets)));
  assert.equal(await unitsOf("eb", block), JSON.stringify(eventUnit.map(offsets)));
  const spans = (await s.documentEvidence(id)).spans.filter((x) => x.record === "r_m8");
  assert.deepEqual(
    spans.map((x) => x.text),
    ["The envoy met the minister", "Talks were frank"],
  );
  await s.close();
});

test("migration 10: merge units stored deflated (hashed keys too) become compact TEXT rows with the same units", async () => {
  const { packState, stateKey } = await import("./records.js");
  const file = join(dir, "schema8-units.db");
  const text = ENVOY_TEXT;
  const s0 = createSqliteStore(file);
  await s0.init();
  const { doc: document, raw } = plainDocument(text, { source: "m10.txt" });
  const id = document.id;
  await s0.insertDocument(document, raw);
  await s0.close();
  const span = (phrase: string) => {
    const start = text.indexOf(phrase);
    assert.ok(start >= 0, phrase);
    return { start, end: start + phrase.length };
  };
  const base = { doc: id, outlet: "Wire Desk", family: id };
  const part = "rl|e_the_first_entity_of_the_pair|e_the_second_entity|diplomatic";
  const relationUnits = [
    {
      kind: "rl",
      ...base,
      idx: 0,
      source: "e_a",
      target: "e_b",
      type: "diplomatic",
      polarity: "cooperation",
      evidence: { doc: id, ...span("Talks were frank") },
    },
  ];
  // A quote unit's text is its span's: the generic codec stored it sliced out of the document.
  const quoteKey = "qt|a quote wording key long enough to be stored hashed";
  const quoted = span("The envoy met the minister");
  const quoteUnits = [
    {
      kind: "qt",
      ...base,
      idx: 0,
      ...quoted,
      text: text.slice(quoted.start, quoted.end),
      direct: true,
      speaker: null,
      speaker_text: null,
      cue: "said",
      addressee: null,
      event: null,
      spun: false,
    },
  ];
  const block = `ev|CONSULT|2024-03\u0001${id}#0`;
  const eventUnits = [
    {
      kind: "ev",
      ...base,
      idx: 0,
      type: "CONSULT",
      actors: ["e_a"],
      targets: [],
      location: null,
      date: "2024-03-02",
      modes: [],
      mode: null,
      summary: "met",
      trigger: "met",
      evidence: { doc: id, ...span("The envoy met") },
      copyOf: null,
    },
  ];
  const textOf = (d: string) => (d === id ? text : undefined);
  const db = new Database(file);
  db.exec("DELETE FROM schema_migrations WHERE version >= 10");
  const putState = (space: string, key: string, sub: string, value: string) =>
    db
      .prepare("INSERT INTO kb_state (space, key, sub, value) VALUES (?, ?, ?, ?)")
      .run(space, stateKey(space, key), sub, packState(key, sub, value, textOf));
  putState("dp", id, "", JSON.stringify([part, quoteKey, "ev|CONSULT|2024-03"]));
  putState("u", part, id, JSON.stringify(relationUnits));
  putState("u", quoteKey, id, JSON.stringify(quoteUnits));
  putState("eo", id, block, "");
  putState("eb", block, id, JSON.stringify(eventUnits));
  const kinds = db
    .prepare("SELECT space, typeof(value) AS t FROM kb_state WHERE space IN ('u', 'eb') ORDER BY space, t")
    .all();
  assert.deepEqual(
    kinds.map((r) => (r as { t: string }).t),
    ["blob", "blob", "blob"],
  );
  db.close();

  const s = createSqliteStore(file);
  await s.init();
  for (const [space, key, units] of [
    ["u", part, relationUnits],
    ["u", quoteKey, quoteUnits],
    ["eb", block, eventUnits],
  ] as const) {
    const stored = (await s.readState(space, [key])).get(key)!.get(id)!;
    assert.ok(stored.startsWith("{"), `${space} ${key}: compact form`);
    assert.equal(JSON.stringify(decodeUnitRow(id, stored)), JSON.stringify(units));
  }
  await s.close();
  const check = new Database(file, { readonly: true });
  const after = check.prepare("SELECT typeof(value) AS t FROM kb_state WHERE space IN ('u', 'eb')").all();
  assert.deepEqual(
    after.map((r) => (r as { t: string }).t),
    ["text", "text", "text"],
  );
  check.close();
});

test("migration 9: plain document texts are deflated, search and snippets are unchanged", async () => {
  const file = join(dir, "schema8.db");
  const long = `${ENVOY_TEXT} The harbour master said the quay would reopen in spring. `.repeat(3);
  const docs = [plainDocument(long, { source: "long.txt", title: "Envoy" }), plainDocument("Short envoy note.")];
  // A store at schema 8, written as the code before migration 9 wrote it (plain TEXT, FTS over documents).
  const old = new Database(file);
  old.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  for (const m of MIGRATIONS.filter((m) => m.version <= 8)) {
    old.exec(m.sql);
    m.run?.(old);
    old.prepare("INSERT INTO schema_migrations VALUES (?, ?, 'then')").run(m.version, m.name);
  }
  for (const { doc, raw } of docs) {
    old.prepare("INSERT INTO raw (sha256, bytes, size) VALUES (?, ?, ?)").run(doc.sha256, Buffer.from(raw), raw.length);
    old
      .prepare(
        `INSERT INTO documents (id, sha256, source, title, lang, text, json, ingested_at)
         VALUES (?, ?, ?, ?, 'en', ?, ?, 'then')`,
      )
      .run(doc.id, doc.sha256, doc.source, doc.title, doc.text, JSON.stringify({ ...doc, text: "" }));
  }
  const snippets = (db: Database.Database) =>
    db
      .prepare(
        `SELECT rowid, snippet(documents_fts, -1, '[', ']', '…', 12) AS s, bm25(documents_fts, 2.0, 1.0) AS r
         FROM documents_fts WHERE documents_fts MATCH 'envoy' ORDER BY rowid`,
      )
      .all();
  const before = snippets(old);
  assert.equal(before.length, 2);
  old.close();

  const s = createSqliteStore(file);
  await s.init();
  assert.equal(s.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1]!.version);
  for (const { doc } of docs) assert.equal((await s.getDocument(doc.id))?.text, doc.text);
  assert.deepEqual(await s.getRaw(docs[0]!.doc.sha256), docs[0]!.raw);
  assert.equal((await s.search("harbour master")).total, 1);
  await s.close();

  const db = new Database(file);
  registerTextFunction(db);
  assert.deepEqual(snippets(db), before, "same matches, snippets and ranks over the packed texts");
  assert.deepEqual(db.prepare("SELECT typeof(text) AS t FROM documents ORDER BY seq").all(), [
    { t: "blob" },
    { t: "text" },
  ]);
  const stored = db.prepare("SELECT length(text) AS n FROM documents WHERE seq = 1").get() as { n: number };
  assert.ok(stored.n < Buffer.byteLength(long) / 2, "a long text is stored deflated");
  db.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
  db.close();
});

test("migration 11: entity_docs holds the (entity, document) pairs of the mentions, kept through changes; reads by entity unchanged", async () => {
  const file = join(dir, "entity-docs.db");
  const texts = ["Envoy Ilse Marr met Osric Vale in Tarn.", "Osric Vale left Tarn on Sunday.", "Tarn was quiet."];
  const docs = texts.map((t) => plainDocument(t));
  // An HTML page, stored by schema 10 deflated against its text (codec 1): brotli after migration 11.
  const nav = Array.from({ length: 300 }, (_, i) => `<li class="menu"><a href="/topic/${i}">Topic ${i}</a></li>`);
  const page = new TextEncoder().encode(`<html><body><ul>${nav.join("")}</ul><p>${texts[2]}</p></body></html>`);
  docs[2] = plainDocument(texts[2]!, { source: "quiet.html" }, page);
  const s = createSqliteStore(file);
  await s.init();
  for (const { doc, raw } of docs) await s.insertDocument(doc, raw);
  const [a, b, c] = docs.map((d) => d.doc) as [DocumentRecord, DocumentRecord, DocumentRecord];
  const entity = (id: string, name: string) => ({
    kind: "entity" as const,
    id,
    type: "person" as const,
    name,
    aliases: [],
    roles: [],
    docs: 1,
    mentions: 1,
  });
  const mention = (d: DocumentRecord, entity: string, needle: string) => ({
    kind: "mention" as const,
    entity,
    ...spanOf(d.id, d.text, needle),
  });
  const kb = {
    ...emptyKnowledgeBase(),
    entities: [entity("e_marr", "Ilse Marr"), entity("e_vale", "Osric Vale"), entity("e_tarn", "Tarn")],
    mentions: [
      mention(a, "e_marr", "Ilse Marr"),
      mention(a, "e_vale", "Osric Vale"),
      mention(a, "e_tarn", "Tarn"),
      mention(b, "e_vale", "Osric Vale"),
      mention(b, "e_vale", "Vale"),
      mention(b, "e_tarn", "Tarn"),
    ],
    documents: docs.map((d) => d.doc),
  };
  await s.replaceKnowledgeBase(kb);
  const pairs = (db: Database.Database) => ({
    table: db.prepare("SELECT entity, doc FROM entity_docs ORDER BY entity, doc").all(),
    mentions: db.prepare("SELECT DISTINCT entity, doc FROM mentions ORDER BY entity, doc").all(),
  });
  const check = () => {
    const db = new Database(file, { readonly: true });
    const p = pairs(db);
    db.close();
    assert.deepEqual(p.table, p.mentions);
    return p.table;
  };
  assert.equal(check().length, 5);
  // b's mentions replaced (Vale gone from b, Tarn now in c): the pairs follow.
  const none = { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] };
  await s.applyKnowledgeBaseChange({
    statePut: [],
    stateDelete: [],
    upsert: none,
    remove: none,
    mentions: [
      { doc: b.id, mentions: [mention(b, "e_tarn", "Tarn")] },
      { doc: c.id, mentions: [mention(c, "e_tarn", "Tarn")] },
    ],
    documents: [],
    checkDocs: [b.id, c.id],
  });
  assert.deepEqual(
    check(),
    [
      { entity: "e_marr", doc: a.id },
      { entity: "e_tarn", doc: a.id },
      { entity: "e_tarn", doc: b.id },
      { entity: "e_tarn", doc: c.id },
      { entity: "e_vale", doc: a.id },
    ].sort((x, y) => (x.entity + x.doc < y.entity + y.doc ? -1 : 1)),
  );
  const byEntity = async (st: typeof s) => ({
    tarn: await st.listMentions({ entity: "e_tarn", limit: 2 }),
    tarn2: await st.listMentions({ entity: "e_tarn", limit: 2, offset: 2 }),
    vale: await st.listMentions({ entity: "e_vale" }),
    search: (await st.search("Tarn", { entity: "e_vale" })).items.map((h) => h.doc),
  });
  const before = await byEntity(s);
  assert.equal(before.tarn.total, 3);
  assert.deepEqual(before.search, [a.id]);
  await s.close();

  // The same store as schema 10 had it: no entity_docs, the mentions_entity index.
  const old = new Database(file);
  old.exec(
    "DROP TABLE entity_docs; CREATE INDEX mentions_entity ON mentions(entity, doc); DELETE FROM schema_migrations WHERE version = 11",
  );
  old.prepare("UPDATE raw SET bytes = ?, codec = 1 WHERE sha256 = ?").run(packRawAgainst(page, texts[2]!), c.sha256);
  const storedBefore = (
    old.prepare("SELECT length(bytes) AS n FROM raw WHERE sha256 = ?").get(c.sha256) as { n: number }
  ).n;
  // Merge units as migration 10 wrote them: the family spelt out even when it is the row's document.
  const unit = (d: DocumentRecord, family: string) => ({
    kind: "rl",
    doc: d.id,
    outlet: null,
    family,
    idx: 0,
    source: "e_marr",
    target: "e_vale",
    type: "diplomatic",
    polarity: "cooperation",
    evidence: { doc: d.id, start: 0, end: 5 },
  });
  const units = { own: [unit(a, a.id)], copy: [unit(b, a.id)] };
  const spelt = (d: DocumentRecord, u: object[]) => {
    const text = encodeUnitRow(d.id, u);
    return text.includes('"f":') ? text : text.replace('"o":null,', `"o":null,"f":"${d.id}",`);
  };
  old
    .prepare("INSERT INTO kb_state (space, key, sub, value) VALUES ('u', 'rl|p', ?, ?)")
    .run(a.id, spelt(a, units.own));
  old
    .prepare("INSERT INTO kb_state (space, key, sub, value) VALUES ('u', 'rl|p', ?, ?)")
    .run(b.id, spelt(b, units.copy));
  assert.equal(
    (old.prepare("SELECT count(*) AS n FROM kb_state WHERE value LIKE '%\"f\":%'").get() as { n: number }).n,
    2,
  );
  old.close();
  const again = createSqliteStore(file);
  await again.init();
  assert.deepEqual(await byEntity(again), before);
  for (const d of docs) assert.deepEqual(await again.getRaw(d.doc.sha256), d.raw, "raw bytes read back exactly");
  const state = (await again.readState("u", ["rl|p"])).get("rl|p")!;
  assert.ok(!state.get(a.id)!.includes('"f":'), "the own family is dropped");
  assert.ok(state.get(b.id)!.includes(`"f":"${a.id}"`), "another family is kept");
  assert.equal(JSON.stringify(decodeUnitRow(a.id, state.get(a.id)!)), JSON.stringify(units.own));
  assert.equal(JSON.stringify(decodeUnitRow(b.id, state.get(b.id)!)), JSON.stringify(units.copy));
  await again.close();
  assert.equal(check().length, 5);
  const db = new Database(file, { readonly: true });
  assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'mentions_entity'").get(), undefined);
  const raw = db.prepare("SELECT codec, length(bytes) AS n FROM raw WHERE sha256 = ?").get(c.sha256) as {
    codec: number;
    n: number;
  };
  assert.equal(raw.codec, 3, "the page is brotli now");
  assert.ok(raw.n < storedBefore, `${raw.n} < ${storedBefore}`);
  assert.deepEqual(
    db.prepare("SELECT DISTINCT codec FROM raw WHERE sha256 <> ?").all(c.sha256),
    [{ codec: 1 }],
    "plain-text inputs stay deflated against their text",
  );
  db.close();
});
