/**
 * Incremental = full: merging documents in any order and any batches gives the knowledge base of
 * one build over all of them (property test over random orders and batch splits), on a corpus with
 * exact copies, spun copies, shared officials and bare surnames (synthetic) plus the demo set.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createSqliteStore } from "../store/sqlite/index.js";
import type { DocAnalysis, KnowledgeBaseChange, Store } from "../store/store.js";
import type { DocumentRecord } from "../model/records.js";
import { ingestFiles } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { analyseDocument, storedAnalysis } from "../pipeline/index.js";
import { generateCorpus } from "../synth/generate.js";
import { seededRandom, shuffled } from "../util/random.js";
import { sha256Hex, documentId } from "../util/ids.js";
import { mergeDocuments, rebuildKnowledgeBase, renumberEventIds, upgradeEventPartitions } from "./incremental.js";
import { decodeUnitRow } from "./unit-rows.js";
import { documentSignals } from "./doc-signals.js";

const EXAMPLES = join(process.cwd(), "examples");

interface Item {
  doc: DocumentRecord;
  raw: Uint8Array;
  analysis: DocAnalysis;
}

async function corpus(): Promise<Item[]> {
  const items: Item[] = [];
  for (const a of generateCorpus({
    count: 36,
    seed: 7,
    copyRate: 0.2,
    spinRate: 0.15,
    from: "2024-03-01",
    to: "2024-04-15",
  })) {
    const raw = new TextEncoder().encode(a.text);
    const sha = sha256Hex(raw);
    const doc: DocumentRecord = {
      kind: "document",
      schema: 1,
      id: documentId(sha),
      sha256: sha,
      source: a.name,
      title: a.text.split("\n", 1)[0] ?? null,
      outlet: a.outlet,
      url: a.url,
      authors: [],
      published: a.published,
      lang: "en",
      text: a.text,
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
    };
    // Byte-identical copies are one document in the store (first stored wins): keep the first.
    if (!items.some((it) => it.doc.id === doc.id))
      items.push({ doc, raw, analysis: storedAnalysis(analyseDocument(doc)) });
  }
  // The demo set, cleaned as `dossier ingest` cleans it.
  const tmp = createSqliteStore(":memory:");
  await tmp.init();
  const files = readdirSync(EXAMPLES)
    .filter((f) => /\.(html|txt)(\.gz)?$/.test(f))
    .map((name) => ({ name, bytes: readFileSync(join(EXAMPLES, name)) }));
  await ingestFiles(tmp, files, { clean: cleanPage });
  for await (const doc of tmp.iterateDocuments()) {
    const raw = (await tmp.getRaw(doc.sha256))!;
    items.push({ doc, raw, analysis: storedAnalysis(analyseDocument(doc)) });
  }
  await tmp.close();
  return items;
}

async function exportOf(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.exportRecords()) out.push(JSON.stringify(r));
  return out;
}

async function storeWith(items: Item[], path = ":memory:"): Promise<Store> {
  const store = createSqliteStore(path);
  await store.init();
  for (const it of items) {
    await store.insertDocument(it.doc, it.raw);
    await store.putAnalysis(it.analysis);
  }
  return store;
}

/** Merges `head` into `store` four documents at a time (a store half built by an earlier merge). */
async function mergeInFours(store: Store, head: Item[]): Promise<void> {
  for (let i = 0; i < head.length; i += 4)
    await mergeDocuments(
      store,
      head.slice(i, i + 4).map((it) => it.doc.id),
    );
}

test("incremental merges in random orders and batches give the same knowledge base as a full build", async () => {
  const items = [...(await corpus()), ...eventQuotePair()];
  const full = await storeWith(items);
  await rebuildKnowledgeBase(full);
  const expected = await exportOf(full);
  await full.close();
  assert.ok(
    expected.some(
      (l) => l.includes('"kind":"link"') || l.includes('"copy_links"') || l.includes('"republication_of":"d_'),
    ),
    "the corpus has copies",
  );
  assert.ok(expected.filter((l) => l.startsWith('{"kind":"event"')).length > 10, "the corpus has events");
  // Quotes that name their event: an event id that changes must reach them (the `qe` index).
  assert.ok(
    expected.some((l) => l.startsWith('{"kind":"quote"') && /"event":"v_/.test(l)),
    "the corpus has quotes naming an event",
  );

  const rng = seededRandom(20240301);
  for (let trial = 0; trial < 4; trial++) {
    const order = shuffled(items, rng);
    const store = createSqliteStore(":memory:");
    await store.init();
    let batches = 0;
    for (let i = 0; i < order.length; ) {
      const size = 1 + Math.floor(rng() * (trial === 0 ? 3 : 12));
      const batch = order.slice(i, i + size);
      i += size;
      for (const it of batch) {
        await store.insertDocument(it.doc, it.raw);
        await store.putAnalysis(it.analysis);
      }
      await mergeDocuments(
        store,
        batch.map((it) => it.doc.id),
      );
      batches++;
    }
    const got = await exportOf(store);
    await store.close();
    const missing = expected
      .filter((l) => !got.includes(l))
      .slice(0, 3)
      .map((l) => l.slice(0, 400));
    const extra = got
      .filter((l) => !expected.includes(l))
      .slice(0, 3)
      .map((l) => l.slice(0, 400));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `trial ${trial}: ${batches} batches`);
    assert.deepEqual(got, expected, `trial ${trial}: same records in the same order`);
  }
});

test("merging a document twice changes nothing; a full rebuild after incremental merges is identical", async () => {
  const items = (await corpus()).slice(0, 14);
  const store = await storeWith(items);
  for (const it of items) await mergeDocuments(store, [it.doc.id]);
  const once = await exportOf(store);
  const again = await mergeDocuments(
    store,
    items.map((it) => it.doc.id),
  );
  assert.equal(again.documents, 0);
  assert.deepEqual(await exportOf(store), once);
  await rebuildKnowledgeBase(store);
  assert.deepEqual(await exportOf(store), once);
  await store.close();
});

test("signals computed beforehand (as an ingest hands them over) give the same knowledge base; a stale one is ignored", async () => {
  const items = (await corpus()).slice(0, 16);
  const plain = await storeWith(items);
  await mergeDocuments(
    plain,
    items.map((it) => it.doc.id),
  );
  const expected = await exportOf(plain);
  await plain.close();
  const given = new Map(items.map((it) => [it.doc.id, documentSignals(it.doc.text, it.doc.lang)]));
  // A signal of another text (a length that differs) must not be used: the merge computes its own.
  const first = items[0]!.doc;
  given.set(first.id, documentSignals(`${first.text} Extra words the stored text lacks.`, first.lang));
  let asked = 0;
  const store = await storeWith(items);
  await mergeDocuments(
    store,
    items.map((it) => it.doc.id),
    {
      signals: (id) => {
        asked++;
        return given.get(id);
      },
    },
  );
  assert.equal(asked, items.length);
  assert.deepEqual(await exportOf(store), expected);
  await store.close();
});

test("a store without the event id scheme recorded is renumbered once before its next merge; a current one is left as it is", async () => {
  const items = (await corpus()).slice(0, 14);
  const store = await storeWith(items);
  await mergeDocuments(
    store,
    items.slice(0, 10).map((it) => it.doc.id),
  );
  const built = await exportOf(store);
  const scheme = async () => (await store.readState("meta", ["evid"])).get("evid")?.get("");
  assert.equal(await scheme(), "first-report", "the first merge records the scheme");
  await store.applyKnowledgeBaseChange({
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
    statePut: [],
    stateDelete: [{ space: "meta", key: "evid", sub: "" }],
  });
  assert.equal(await scheme(), undefined);
  await renumberEventIds(store);
  assert.equal(await scheme(), "first-report");
  assert.deepEqual(await exportOf(store), built);
  await mergeDocuments(
    store,
    items.slice(10).map((it) => it.doc.id),
  );
  const full = await storeWith(items);
  await rebuildKnowledgeBase(full);
  assert.deepEqual(await exportOf(store), await exportOf(full));
  await store.close();
  await full.close();
});

/**
 * Rewrites the merge state of `merged` into the forms a store written before this session holds:
 * every partition's record list (`pr`) as the plain list of ids the old code wrote (no digests),
 * and no quote-by-event index (`qe`) row. Returns how many `pr` rows were rewritten.
 */
async function downgradeState(store: Store, merged: string[]): Promise<number> {
  const parts = new Set<string>();
  for (const rows of (await store.readState("dp", merged)).values())
    for (const p of JSON.parse(rows.get("")!) as string[]) parts.add(p);
  const change: KnowledgeBaseChange = {
    statePut: [],
    stateDelete: [],
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
  };
  for (const [p, rows] of await store.readState("pr", [...parts])) {
    const stored = JSON.parse(rows.get("")!) as Record<string, string>;
    assert.ok(!Array.isArray(stored), "the current code writes id → digest");
    change.statePut.push({ space: "pr", key: p, sub: "", value: JSON.stringify(Object.keys(stored)) });
  }
  for (const [d, rows] of await store.readState("qe", merged))
    for (const sub of rows.keys()) change.stateDelete.push({ space: "qe", key: d, sub });
  assert.ok(change.stateDelete.length > 0, "the merged documents had a quote-by-event index");
  await store.applyKnowledgeBaseChange(change);
  return change.statePut.length;
}

/** A document and its analysis from plain text (as the synthetic corpus builds them). */
function itemOf(name: string, text: string, published: string): Item {
  const raw = new TextEncoder().encode(text);
  const sha = sha256Hex(raw);
  const doc: DocumentRecord = {
    kind: "document",
    schema: 1,
    id: documentId(sha),
    sha256: sha,
    source: name,
    title: text.split("\n", 1)[0] ?? null,
    outlet: null,
    url: null,
    authors: [],
    published,
    lang: "en",
    text,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
  };
  return { doc, raw, analysis: storedAnalysis(analyseDocument(doc)) };
}

test("a store merged before record digests and the quote-by-event index merges the rest like a full build", async () => {
  const [quoted, joining] = eventQuotePair();
  const items = [...(await corpus()), quoted, joining];
  const full = await storeWith(items);
  await rebuildKnowledgeBase(full);
  const expected = await exportOf(full);
  await full.close();
  const quoteOf = (lines: string[]): string | undefined =>
    lines.find((l) => l.startsWith('{"kind":"quote"') && l.includes(`"doc":"${quoted.doc.id}"`));
  assert.match(quoteOf(expected) ?? "", /"event":"v_/, "the quote names its event");

  const rng = seededRandom(19700101);
  const dir = mkdtempSync(join(tmpdir(), "dossier-oldstate-"));
  try {
    for (const [trial, cut] of [0.3, 0.6].entries()) {
      const order = shuffled(
        items.filter((it) => it !== quoted && it !== joining),
        rng,
      );
      const head = [quoted, ...order.slice(0, Math.round(order.length * cut))];
      const tail = [...order.slice(head.length - 1), joining];
      const path = join(dir, `kb-${trial}.db`);
      let store = await storeWith(items, path);
      await mergeInFours(store, head);
      assert.notEqual(quoteOf(await exportOf(store)), quoteOf(expected), "merging the tail changes the quote's event");
      const rewritten = await downgradeState(
        store,
        head.map((it) => it.doc.id),
      );
      await store.close();
      // Every `pr` row is now a plain list (the partitions came from the documents' `dp` rows), no `qe` row is left.
      const db = new Database(path, { readonly: true });
      const count = (space: string): number =>
        (db.prepare("SELECT count(DISTINCT key) AS n FROM kb_state WHERE space = ?").get(space) as { n: number }).n;
      assert.equal(count("pr"), rewritten, `trial ${trial}: every record list rewritten`);
      assert.equal(count("qe"), 0, `trial ${trial}: no quote-by-event index left`);
      db.close();

      store = createSqliteStore(path);
      await store.init();
      for (let i = 0; i < tail.length; i += 5)
        await mergeDocuments(
          store,
          tail.slice(i, i + 5).map((it) => it.doc.id),
        );
      const got = await exportOf(store);
      await store.close();
      const missing = expected
        .filter((l) => !got.includes(l))
        .slice(0, 3)
        .map((l) => l.slice(0, 400));
      const extra = got
        .filter((l) => !expected.includes(l))
        .slice(0, 3)
        .map((l) => l.slice(0, 400));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `trial ${trial}: cut at ${head.length}`);
      assert.deepEqual(got, expected, `trial ${trial}: same records in the same order`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Rewrites the event state of `merged` into the form a store written before event blocks holds:
 * per event partition, units under `u` (partition → doc), event ids under `evid` (partition → unit
 * id) and the record list under `pr`; no block, index or per-document event rows.
 * @returns how many event partitions were rewritten
 */
async function downgradeEventBlocks(store: Store, path: string, merged: string[]): Promise<number> {
  const change: KnowledgeBaseChange = {
    statePut: [],
    stateDelete: [],
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
  };
  const blocksOf = new Map<string, Set<string>>();
  for (const rows of (await store.readState("eo", merged)).values())
    for (const [sub] of rows) {
      const [p, b] = sub.split("\u0001") as [string, string];
      (blocksOf.get(p) ?? blocksOf.set(p, new Set()).get(p)!).add(b);
    }
  const eventIds = await store.readState("ee", merged);
  for (const [p, blocks] of blocksOf) {
    const keys = [...blocks].map((b) => `${p}\u0001${b}`);
    const units = new Map<string, Array<{ idx: number }>>();
    for (const rows of (await store.readState("eb", keys)).values())
      for (const [doc, v] of rows)
        units.set(doc, [...(units.get(doc) ?? []), ...decodeUnitRow<{ idx: number }>(doc, v)]);
    const records: Record<string, string> = {};
    for (const rows of (await store.readState("ep", keys)).values())
      Object.assign(records, JSON.parse(rows.get("")!).r);
    for (const [doc, list] of units) {
      list.sort((a, b) => a.idx - b.idx);
      change.statePut.push({ space: "u", key: p, sub: doc, value: JSON.stringify(list) });
      for (const u of list)
        change.statePut.push({
          space: "evid",
          key: p,
          sub: `${doc}#${u.idx}`,
          value: eventIds.get(doc)!.get(String(u.idx))!,
        });
    }
    change.statePut.push({ space: "pr", key: p, sub: "", value: JSON.stringify(records) });
  }
  await store.applyKnowledgeBaseChange(change);
  const db = new Database(path);
  db.prepare("DELETE FROM kb_state WHERE space IN ('eb', 'ex', 'ep', 'er', 'eo', 'ee')").run();
  db.close();
  return blocksOf.size;
}

test("a store merged before event blocks converts its event partitions and merges the rest like a full build", async () => {
  const [quoted, joining] = eventQuotePair();
  const items = [...(await corpus()), quoted, joining];
  const full = await storeWith(items);
  await rebuildKnowledgeBase(full);
  const expected = await exportOf(full);
  await full.close();
  const rng = seededRandom(4242);
  const order = shuffled(
    items.filter((it) => it !== quoted && it !== joining),
    rng,
  );
  const head = [quoted, ...order.slice(0, Math.round(order.length * 0.5))];
  const tail = [...order.slice(head.length - 1), joining];
  const dir = mkdtempSync(join(tmpdir(), "dossier-oldevents-"));
  try {
    for (const upgradeFirst of [false, true]) {
      const path = join(dir, `kb-${upgradeFirst}.db`);
      let store = await storeWith(items, path);
      await mergeInFours(store, head);
      const before = await exportOf(store);
      const partitions = await downgradeEventBlocks(
        store,
        path,
        head.map((it) => it.doc.id),
      );
      assert.ok(partitions > 10, `${partitions} event partitions in the old form`);
      await store.close();
      const count = (space: string): number => {
        const db = new Database(path, { readonly: true });
        const n = (db.prepare("SELECT count(*) AS n FROM kb_state WHERE space = ?").get(space) as { n: number }).n;
        db.close();
        return n;
      };
      const oldIds = count("evid");
      store = createSqliteStore(path);
      await store.init();
      if (upgradeFirst) {
        assert.ok((await upgradeEventPartitions(store)) >= partitions);
        assert.deepEqual(await exportOf(store), before, "converting changes no record");
      }
      for (let i = 0; i < tail.length; i += 5)
        await mergeDocuments(
          store,
          tail.slice(i, i + 5).map((it) => it.doc.id),
        );
      const got = await exportOf(store);
      await store.close();
      assert.ok(count("eb") > 0 && count("evid") < oldIds, "touched partitions were converted to blocks");
      if (upgradeFirst) assert.equal(count("evid"), 0, "every partition converted");
      const missing = expected.filter((l) => !got.includes(l)).slice(0, 3);
      const extra = got.filter((l) => !expected.includes(l)).slice(0, 3);
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `upgrade first: ${upgradeFirst}`);
      assert.deepEqual(got, expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A quote naming its event report, and a later report of the same meeting by another outlet that
 * adds a participant: the event id changes, so the earlier document's quote must be re-emitted.
 */
function eventQuotePair(): [Item, Item] {
  const quoted = itemOf(
    "talks-a.txt",
    'Talks in Oslo\n\nForeign Minister Anna Berg met Prime Minister Karl Olsen in Oslo on Monday. "The talks went very well," Berg said after she met Olsen in Oslo on Monday.',
    "2024-03-12",
  );
  const joining = itemOf(
    "talks-b.txt",
    "Berg visit\n\nForeign Minister Anna Berg met Prime Minister Karl Olsen and Defence Minister Lars Dahl in Oslo on Monday to discuss the border.",
    "2024-03-12",
  );
  return [quoted, joining];
}
