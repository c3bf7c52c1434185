/**
 * Upgrading a stored near-duplicate index to the content-pair view (decision 176), on SQLite and, when
 * a test server is configured, PostgreSQL: a store merged by the previous version (or with no index
 * version recorded) merges its next batch into exactly the knowledge base, band rows and document
 * sketches of a store built by the current code.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { KnowledgeBaseChange, StateRow, Store } from "../store/store.js";
import type { DocumentRecord } from "../model/records.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import { createPostgresStore } from "../store/postgres/index.js";
import { dropSchema, freshSchemaName, pgTestUrl, withSchema } from "../store/postgres/testing.js";
import { makeAggregatorCorpus } from "./provenance/synthetic-aggregator.js";
import { randomNewsText } from "./provenance/synthetic.js";
import { seededRandom } from "../util/random.js";
import { plainDocument } from "../store/testkit.js";
import { mergeDocuments } from "./incremental.js";
import { LSH_INDEX_VERSION, LSH_INDEX_VERSION_BEFORE_PAIRS, nearDuplicateSketch } from "./near-dup.js";
import { ensureBandIndex, worthAligning, type StoredDocState } from "./band-index.js";

const PAIR_VIEW_FROM = 3 * 64 * 2 ** 32;

function corpus(): Array<{ doc: DocumentRecord; raw: Uint8Array }> {
  const rng = seededRandom(17);
  const bases = Array.from({ length: 24 }, () => randomNewsText(rng, 220));
  return makeAggregatorCorpus(bases, 24, 3, { synonyms: new Map([["important", ["significant"]]]) }).map((d) =>
    plainDocument(d.text, { source: d.id, outlet: d.outlet, published: d.published }),
  );
}

function stateOnly(statePut: StateRow[], stateDelete: KnowledgeBaseChange["stateDelete"]): KnowledgeBaseChange {
  const none = { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] };
  return { upsert: none, remove: none, mentions: [], documents: [], checkDocs: [], statePut, stateDelete };
}

/** Everything the index keeps: band rows of every document's possible keys, sketches, version. */
async function indexOf(
  store: Store,
  docs: DocumentRecord[],
): Promise<{ rows: string[]; states: string[]; version?: string }> {
  const keys = [...new Set(docs.flatMap((d) => nearDuplicateSketch(d.text).keys))];
  const rows: string[] = [];
  for (const [k, subs] of await store.readState("lsh", keys)) for (const sub of subs.keys()) rows.push(`${k}|${sub}`);
  const states: string[] = [];
  for (const [k, subs] of await store.readState(
    "doc",
    docs.map((d) => d.id),
  ))
    states.push(`${k}|${subs.get("")}`);
  const version = (await store.readState("meta", ["lsh"])).get("lsh")?.get("");
  return { rows: rows.sort(), states: states.sort(), version };
}

async function exportOf(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.exportRecords()) out.push(JSON.stringify(r));
  return out;
}

/**
 * Rewrites the index of the merged documents into what an older version left: the content-pair
 * signature gone from every sketch, its band rows gone, and the version `previous` (or none, with
 * every band row gone as after the migration that re-keyed the bands).
 */
async function downgrade(store: Store, merged: DocumentRecord[], previous: string | null): Promise<void> {
  const put: StateRow[] = [];
  const del: KnowledgeBaseChange["stateDelete"] = [];
  for (const [id, subs] of await store.readState(
    "doc",
    merged.map((d) => d.id),
  )) {
    const state = JSON.parse(subs.get("")!) as StoredDocState;
    const { p, ps, ...nd } = state.nd!;
    assert.ok(p !== undefined && ps !== undefined, "the current code stores the content-pair view");
    put.push({ space: "doc", key: id, sub: "", value: JSON.stringify({ ...state, nd }) });
  }
  for (const d of merged)
    for (const k of nearDuplicateSketch(d.text).keys)
      if (previous === null || Number(k) >= PAIR_VIEW_FROM) del.push({ space: "lsh", key: k, sub: d.id });
  if (previous === null) del.push({ space: "meta", key: "lsh", sub: "" });
  else put.push({ space: "meta", key: "lsh", sub: "", value: previous });
  await store.applyKnowledgeBaseChange(stateOnly(put, del));
}

function upgradeTests(backend: string, open: () => Promise<Store>): void {
  describe(`band index upgrade (${backend})`, () => {
    const items = corpus();
    const docs = items.map((i) => i.doc);
    const half = Math.floor(items.length / 2);
    const filled = async (): Promise<Store> => {
      const s = await open();
      for (const { doc, raw } of items) await s.insertDocument(doc, raw);
      return s;
    };
    let expected: { kb: string[]; index: Awaited<ReturnType<typeof indexOf>> } | null = null;
    const current = async () => {
      if (expected) return expected;
      const s = await filled();
      await mergeDocuments(
        s,
        docs.map((d) => d.id),
      );
      expected = { kb: await exportOf(s), index: await indexOf(s, docs) };
      await s.close();
      return expected;
    };

    for (const previous of [LSH_INDEX_VERSION_BEFORE_PAIRS, null]) {
      test(`a store of ${previous ?? "no recorded"} index version merges on like a store built by the current code`, async () => {
        const want = await current();
        assert.equal(want.index.version, LSH_INDEX_VERSION);
        assert.ok(
          want.kb.some((l) => l.startsWith('{"kind":"link"')),
          "the corpus has copy links",
        );
        const s = await filled();
        await mergeDocuments(
          s,
          docs.slice(0, half).map((d) => d.id),
        );
        await downgrade(s, docs.slice(0, half), previous);
        const old = await indexOf(s, docs);
        assert.equal(old.version, previous ?? undefined);
        assert.ok(old.rows.length > 0 || previous === null);
        await mergeDocuments(
          s,
          docs.slice(half).map((d) => d.id),
        );
        const got = await indexOf(s, docs);
        assert.equal(got.version, LSH_INDEX_VERSION);
        assert.deepEqual(got.states, want.index.states, "every sketch has the content-pair view");
        assert.deepEqual(got.rows, want.index.rows, "the band rows are those of a fresh build");
        assert.deepEqual(await exportOf(s), want.kb);
        assert.equal(await ensureBandIndex(s), 0, "a current index is left alone");
        await s.close();
      });
    }

    test("an upgrade interrupted after some chunks is completed by running it again", async () => {
      const want = await current();
      const s = await filled();
      await mergeDocuments(
        s,
        docs.map((d) => d.id),
      );
      await downgrade(s, docs, LSH_INDEX_VERSION_BEFORE_PAIRS);
      // Half the documents upgraded by an earlier, interrupted run (same writes, no version recorded).
      const first = docs.slice(0, half);
      const put: StateRow[] = [];
      for (const [id, subs] of await s.readState(
        "doc",
        first.map((d) => d.id),
      )) {
        const state = JSON.parse(subs.get("")!) as StoredDocState;
        const sk = nearDuplicateSketch(first.find((d) => d.id === id)!.text);
        put.push({
          space: "doc",
          key: id,
          sub: "",
          value: JSON.stringify({ ...state, nd: { ...state.nd, p: sk.p, ps: sk.ps } }),
        });
        for (const k of sk.keys)
          if (Number(k) >= PAIR_VIEW_FROM) put.push({ space: "lsh", key: k, sub: id, value: "" });
      }
      await s.applyKnowledgeBaseChange(stateOnly(put, []));
      assert.equal(await ensureBandIndex(s, { chunk: 5 }), docs.length - half, "only the rest is upgraded");
      assert.deepEqual(await indexOf(s, docs), want.index);
      await s.close();
    });
  });
}

test("the sketch filter is symmetric and lets a pair through when a side has no sketch", () => {
  const a = nearDuplicateSketch(corpus()[0]!.doc.text);
  const b = nearDuplicateSketch(corpus()[1]!.doc.text);
  const sa: StoredDocState = { nd: a, spun: { score: 0, is_spun: false } };
  const sb: StoredDocState = { nd: b, spun: { score: 0, is_spun: false } };
  assert.equal(worthAligning(sa, sb), worthAligning(sb, sa));
  assert.equal(worthAligning(sa, sa), true);
  assert.equal(worthAligning(sa, {}), true);
});

upgradeTests("sqlite", async () => {
  const s = createSqliteStore(":memory:");
  await s.init();
  return s;
});

const url = pgTestUrl();
if (url) {
  const schemas: string[] = [];
  after(async () => {
    for (const schema of schemas) await dropSchema(url, schema);
  });
  upgradeTests("postgres", async () => {
    const schema = freshSchemaName("dossier_lsh");
    schemas.push(schema);
    const s = createPostgresStore(withSchema(url, schema));
    await s.init();
    return s;
  });
}
