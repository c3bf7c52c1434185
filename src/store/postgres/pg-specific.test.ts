import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { DossierError } from "../../util/errors.js";
import type { DocumentRecord } from "../../model/records.js";
import { isTransientPgError, parsePgUrl, redactUrl, withReconnect } from "./connection.js";
import { createPostgresStore, PG_MIGRATIONS } from "./index.js";
import { searchVectorInput } from "./store.js";
import { decodeUnitRow } from "../../kb/unit-rows.js";
import { ENVOY_TEXT, emptyKnowledgeBase, inlineEvidenceRecords, plainDocument } from "../testkit.js";
import { dropSchema, freshSchemaName, pgTestUrl, withSchema } from "./testing.js";

test("parsePgUrl takes Dossier's schema parameter off the URL and validates it", () => {
  assert.deepEqual(parsePgUrl("postgres://u:p@h:5/db?schema=news&sslmode=disable"), {
    connectionString: "postgres://u:p@h:5/db?sslmode=disable",
    schema: "news",
  });
  assert.equal(parsePgUrl("postgresql://u@h/db").schema, "public");
  assert.equal(parsePgUrl("postgres://u@h/db?schema=a", "b").schema, "b");
  for (const bad of ["postgres://u@h/db?schema=1abc", 'postgres://u@h/db?schema=a"b', "mysql://u@h/db", "not a url"]) {
    assert.throws(
      () => parsePgUrl(bad),
      (e: unknown) => e instanceof DossierError && e.code === "USAGE",
      bad,
    );
  }
});

test("redactUrl hides passwords", () => {
  assert.equal(redactUrl("postgres://dossier:s3cret@db:5432/news"), "postgres://dossier:***@db:5432/news");
  assert.equal(redactUrl("postgres://dossier@db/news"), "postgres://dossier@db/news");
});

test("transient errors are told apart from statement errors, and retried only while the window lasts", async () => {
  assert.ok(isTransientPgError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })));
  assert.ok(
    isTransientPgError(
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ),
  );
  assert.ok(isTransientPgError(Object.assign(new Error("x"), { code: "08006" })));
  assert.ok(isTransientPgError(new Error("Connection terminated unexpectedly")));
  assert.ok(!isTransientPgError(Object.assign(new Error("syntax error"), { code: "42601" })));
  assert.ok(!isTransientPgError(Object.assign(new Error("duplicate key"), { code: "23505" })));
  assert.ok(
    !isTransientPgError(
      Object.assign(new Error("bind message supplies 5 parameters, but prepared statement requires 4"), {
        code: "08P01",
      }),
    ),
    "a protocol violation is the statement's error, not the connection's",
  );
  let calls = 0;
  const ok = await withReconnect(5_000, "t", async () => {
    if (++calls < 3) throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
    return "up";
  });
  assert.deepEqual([ok, calls], ["up", 3]);
  calls = 0;
  await assert.rejects(
    withReconnect(5_000, "t", async () => {
      calls++;
      throw Object.assign(new Error("bad"), { code: "42601" });
    }),
    /bad/,
  );
  assert.equal(calls, 1, "statement errors are not retried");
  await assert.rejects(
    withReconnect(250, "reading", async () => {
      throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
    }),
    (e: unknown) => e instanceof DossierError && e.code === "STORE" && /unreachable during reading/.test(e.message),
  );
});

test("search vectors fold accents, case and hyphens, and stay bounded", () => {
  assert.deepEqual(searchVectorInput("Sergéi LAVROV", "Kim Jong-un met «Шойгу»."), {
    title: "sergei lavrov",
    text: "kim jong un met шоигу",
  });
  assert.equal(searchVectorInput(null, "word ".repeat(200_000)).text.length < 300_001, true);
});

test("an unreachable server is a STORE error after the retry window, not a hang", async () => {
  const store = createPostgresStore("postgres://nobody@127.0.0.1:1/none", { retryForMs: 300 });
  await assert.rejects(store.init(), (e: unknown) => e instanceof DossierError && e.code === "STORE");
  assert.equal(await store.ping(), false);
  await store.close();
  await assert.rejects(
    store.countDocuments(),
    (e: unknown) => e instanceof DossierError && e.code === "STORE" && /closed/.test(e.message),
  );
});

const url = pgTestUrl();
if (url) {
  describe("PostgreSQL specifics", () => {
    const schemas: string[] = [];
    const fresh = () => {
      const s = freshSchemaName("dossier_pgs");
      schemas.push(s);
      return withSchema(url, s);
    };
    after(async () => {
      for (const s of schemas) await dropSchema(url, s);
    });

    const doc = (text: string, extra: Partial<DocumentRecord> = {}) =>
      plainDocument(text, { source: "t.txt", ...extra });

    test("migrations: many processes initialising at once apply each version once", async () => {
      const db = fresh();
      const stores = Array.from({ length: 6 }, () => createPostgresStore(db));
      await Promise.all(stores.map((s) => s.init()));
      await stores[0]!.init();
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      try {
        const { schema } = parsePgUrl(db);
        const r = await c.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        assert.deepEqual(
          r.rows.map((x) => x.version),
          PG_MIGRATIONS.map((m) => m.version),
        );
        // A database from a newer Dossier is refused, naming the versions.
        await c.query(`INSERT INTO "${schema}".schema_migrations(version, name) VALUES (999, 'future')`);
      } finally {
        await c.end();
      }
      await assert.rejects(
        createPostgresStore(db).init(),
        (e: unknown) => e instanceof DossierError && e.code === "STORE" && /version 999/.test(e.message),
      );
      for (const s of stores) await s.close();
    });

    test("event_entities keeps its event's sort keys: rows written before their event, re-dated events, no key updates", async () => {
      const db = fresh();
      const s = createPostgresStore(db);
      await s.init();
      const { schema } = parsePgUrl(db);
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      const keys = async () =>
        (
          await c.query(
            `SELECT event, role, date_start, date_end FROM "${schema}".event_entities WHERE entity = 'e_k' ORDER BY event, role`,
          )
        ).rows;
      const ev = (id: string, start: string | null, end: string | null) =>
        c.query(
          `INSERT INTO "${schema}".events (id, ord, type, date, date_start, date_end, json) VALUES ($1, 0, 'CONSULT', $2, $2, $3, json_build_object('id', $1::text))`,
          [id, start, end],
        );
      try {
        await ev("v_first", "2023-05-01", "2023-05-31");
        await c.query(
          `INSERT INTO "${schema}".event_entities (event, entity, role) VALUES ('v_first', 'e_k', 'actor'), ('v_later', 'e_k', 'actor'), ('v_later', 'e_k', 'target')`,
        );
        await ev("v_later", "2024-01-02", "2024-01-02");
        assert.deepEqual(await keys(), [
          { event: "v_first", role: "actor", date_start: "2023-05-01", date_end: "2023-05-31" },
          { event: "v_later", role: "actor", date_start: "2024-01-02", date_end: "2024-01-02" },
          { event: "v_later", role: "target", date_start: "2024-01-02", date_end: "2024-01-02" },
        ]);
        await c.query(`UPDATE "${schema}".events SET date_start = NULL, date_end = NULL WHERE id = 'v_first'`);
        assert.deepEqual((await keys())[0], { event: "v_first", role: "actor", date_start: null, date_end: null });
        const page = await s.timeline({ entity: "e_k" });
        // One row per event whatever its roles; the now undated event sorts last.
        assert.deepEqual(
          page.items.map((e) => e.id),
          ["v_later", "v_first"],
        );
        assert.equal(page.total, 2);
        await assert.rejects(
          c.query(`UPDATE "${schema}".event_entities SET role = 'location' WHERE event = 'v_first'`),
          /never updated/,
        );
      } finally {
        await c.end();
        await s.close();
      }
    });

    test("migration 9: a store written before it keeps its search (vectors moved to doc_search, backfilled)", async () => {
      const db = fresh();
      const { schema } = parsePgUrl(db);
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      const old = doc("Harbour talks resumed on Tuesday in the old port.", { title: "Port news" });
      try {
        // The schema as Dossier left it before migration 9, with one document indexed the old way.
        await c.query(`CREATE SCHEMA "${schema}"`);
        await c.query(`SET search_path TO "${schema}", public`);
        await c.query(`CREATE TABLE schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const m of PG_MIGRATIONS.filter((x) => x.version < 9)) {
          await c.query(m.sql);
          await c.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", [m.version, m.name]);
        }
        const v = searchVectorInput(old.doc.title, old.doc.text);
        await c.query(`INSERT INTO raw (sha256, bytes, size) VALUES ($1, '\\x00', 1)`, [old.doc.sha256]);
        await c.query(
          `INSERT INTO documents (id, sha256, source, title, lang, text, json, ingested_at, published_day, tsv)
           VALUES ($1, $2, 'old', $3, 'en', $4, '{}', '2026-01-01', '2025-03-04',
                   setweight(to_tsvector('simple', $5), 'A') || setweight(to_tsvector('simple', $6), 'B'))`,
          [old.doc.id, old.doc.sha256, old.doc.title, old.doc.text, v.title, v.text],
        );
      } finally {
        await c.end();
      }
      const s = createPostgresStore(db);
      await s.init();
      const hit = await s.search("harbour talks");
      assert.deepEqual(
        hit.items.map((h) => [h.doc, h.title]),
        [[old.doc.id, "Port news"]],
      );
      assert.equal((await s.search("harbour", { from: "2025-03", to: "2025-03" })).total, 1, "day copied");
      assert.equal((await s.search("harbour", { from: "2025-04" })).total, 0);
      // New documents are searchable beside the migrated one.
      const d = doc("More harbour news.");
      await s.insertDocument(d.doc, d.raw);
      assert.equal((await s.search("harbour")).total, 2);
      await s.close();
    });

    test("migration 13: records keep their evidence (as span rows), merge units lose their evidence texts", async () => {
      const db = fresh();
      const { schema } = parsePgUrl(db);
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      const text = ENVOY_TEXT;
      const old = doc(text);
      const { at, relation, claim } = inlineEvidenceRecords(old.doc.id, text, "m13", "e_a");
      // An evidence item of another shape (no actor key) stays inline in the record's JSON.
      const inline = { ...claim, id: "c_m13b", evidence: [{ ...at("in Geneva"), stance: "report" }] };
      const unit = [{ kind: "rl", doc: old.doc.id, idx: 0, evidence: at("Talks were frank") }];
      try {
        await c.query(`CREATE SCHEMA "${schema}"`);
        await c.query(`SET search_path TO "${schema}", public`);
        await c.query(`CREATE TABLE schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const m of PG_MIGRATIONS.filter((x) => x.version < 13)) {
          await c.query(m.sql);
          await c.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", [m.version, m.name]);
        }
        await c.query(`INSERT INTO raw (sha256, bytes, size) VALUES ($1, '\\x00', 1)`, [old.doc.sha256]);
        await c.query(
          `INSERT INTO documents (id, sha256, source, lang, text, json, ingested_at) VALUES ($1, $2, 'old', 'en', $3, $4, '2026-01-01')`,
          [old.doc.id, old.doc.sha256, text, JSON.stringify({ ...old.doc, text: "" })],
        );
        await c.query(
          `INSERT INTO relations (id, ord, source, target, type, json) VALUES ('r_m13', 0, 'e_a', 'e_b', 'diplomatic', $1)`,
          [JSON.stringify(relation)],
        );
        for (const [i, r] of [claim, inline].entries())
          await c.query(
            `INSERT INTO claims (id, ord, contested, independent_outlets, json) VALUES ($1, $2, false, 1, $3)`,
            [r.id, i, JSON.stringify(r)],
          );
        for (const ev of relation.evidence)
          await c.query(
            `INSERT INTO evidence_spans (doc, start, "end", record, kind, text) VALUES ($1, $2, $3, 'r_m13', 'relation', $4)`,
            [ev.doc, ev.start, ev.end, ev.text],
          );
        await c.query(`INSERT INTO kb_state (space, key, sub, value) VALUES ('u', 'rl|e_a|e_b|diplomatic', $1, $2)`, [
          old.doc.id,
          JSON.stringify(unit),
        ]);
      } finally {
        await c.end();
      }
      const s = createPostgresStore(db);
      await s.init();
      assert.equal(JSON.stringify((await s.listRelations()).items), JSON.stringify([relation]));
      assert.equal(
        JSON.stringify((await s.listClaims()).items.sort((x, y) => (x.id < y.id ? -1 : 1))),
        JSON.stringify([claim, inline]),
      );
      const exported = [];
      for await (const r of s.exportRecords()) if (r.kind === "relation" || r.kind === "claim") exported.push(r);
      assert.equal(JSON.stringify(exported), JSON.stringify([claim, inline, relation]));
      const spans = (await s.documentEvidence(old.doc.id)).spans;
      assert.deepEqual(
        spans.filter((x) => x.record === "r_m13").map((x) => x.text),
        ["The envoy met the minister", "Talks were frank"],
      );
      const state = await s.readState("u", ["rl|e_a|e_b|diplomatic"]);
      const { text: _dropped, ...offsets } = unit[0]!.evidence;
      assert.equal(
        state.get("rl|e_a|e_b|diplomatic")!.get(old.doc.id),
        JSON.stringify([{ ...unit[0], evidence: offsets }]),
      );
      await s.close();
      const c2 = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c2.connect();
      try {
        const json = await c2.query(`SELECT json::text AS j FROM "${schema}".relations`);
        assert.match(json.rows[0].j, /"evidence":0/, "the record's JSON keeps a placeholder");
        const cols = await c2.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'evidence_spans'`,
          [schema],
        );
        assert.ok(!cols.rows.some((r) => r.column_name === "text"), "span texts are no longer stored");
      } finally {
        await c2.end();
      }
    });

    test("migration 16: a store written before it gets the walk indexes and answers as before", async () => {
      const db = fresh();
      const { schema } = parsePgUrl(db);
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      try {
        // The schema as Dossier left it before migration 16.
        await c.query(`CREATE SCHEMA "${schema}"`);
        await c.query(`SET search_path TO "${schema}", public`);
        await c.query(`CREATE TABLE schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        await c.query("BEGIN");
        for (const m of PG_MIGRATIONS.filter((x) => x.version < 16)) {
          await c.query(m.sql);
          if (m.run) await m.run(c as unknown as pg.PoolClient);
          if (m.after) await c.query(m.after);
          await c.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", [m.version, m.name]);
        }
        await c.query("COMMIT");
      } finally {
        await c.end();
      }
      // Written by a store that does not migrate (the tables are the old ones).
      const old = createPostgresStore(db);
      const docs = [
        doc("Harbour talks resumed in the old port.", { published: "2025-03-04" }),
        doc("Harbour fees rose again.", { published: "2024-11-30" }),
      ];
      for (const d of docs) await old.insertDocument(d.doc, d.raw);
      const person = (id: string, name: string, mentions: number) => ({
        kind: "entity" as const,
        id,
        type: "person" as const,
        name,
        aliases: [],
        roles: [],
        docs: 1,
        mentions,
      });
      await old.replaceKnowledgeBase({
        ...emptyKnowledgeBase(),
        entities: [person("e_a", "Harbour Master Lee", 3), person("e_b", "Port Harbourside Trust", 9)],
      });
      await old.close();
      const s = createPostgresStore(db);
      await s.init();
      const check = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await check.connect();
      const indexes = (
        await check.query(
          `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname IN ('doc_search_seq_day', 'entities_rank') ORDER BY 1`,
          [schema],
        )
      ).rows.map((r) => r.indexname);
      await check.end();
      assert.deepEqual(indexes, ["doc_search_seq_day", "entities_rank"]);
      assert.deepEqual(
        (await s.search("harbour", { from: "2025" })).items.map((h) => h.doc),
        [docs[0]!.doc.id],
      );
      assert.equal((await s.search("harbour")).total, 2);
      assert.deepEqual(
        (await s.findEntities("arbour")).map((e) => e.id),
        ["e_b", "e_a"],
      );
      await s.close();
    });

    test("schemas isolate stores sharing one database", async () => {
      const [a, b] = [createPostgresStore(fresh()), createPostgresStore(fresh())];
      await a.init();
      await b.init();
      const d = doc("Only in schema A.");
      await a.insertDocument(d.doc, d.raw);
      assert.equal(await a.countDocuments(), 1);
      assert.equal(await b.countDocuments(), 0);
      await a.close();
      await b.close();
    });

    test("a search finds the newest matches whether it walks windows of the newest rows or reads every match", async () => {
      // Caps 5/3 at 150 documents: "common" (every document) walks windows of 12 and 48 rows and an
      // unbounded rest, "tenth" one window and the rest, "sparse" reads its matches in one go.
      // (The caps' meaning is the contract's "search.caps" case.)
      const s = createPostgresStore(fresh(), { searchCountCap: 5, searchRankCap: 3 });
      await s.init();
      const ids: string[] = [];
      for (let i = 0; i < 150; i++) {
        const words = ["common", i % 10 === 0 ? "tenth" : "", [3, 40, 90, 120].includes(i) ? "sparse" : ""];
        const d = doc(`${words.join(" ")} filler ${i}`);
        await s.insertDocument(d.doc, d.raw);
        ids.push(d.doc.id);
      }
      const hits = async (q: string) => {
        const res = await s.search(q, { limit: 10 });
        return { ...res, docs: new Set(res.items.map((h) => h.doc)) };
      };
      const common = await hits("common");
      assert.deepEqual([common.total, common.total_capped, common.ranked], [5, true, 3]);
      assert.deepEqual(common.docs, new Set([ids[147], ids[148], ids[149]]), "the first window holds them");
      const tenth = await hits("tenth");
      assert.deepEqual([tenth.total, tenth.total_capped, tenth.ranked], [5, true, 3]);
      assert.deepEqual(tenth.docs, new Set([ids[120], ids[130], ids[140]]), "across the first two windows");
      const sparse = await hits("sparse");
      assert.deepEqual(
        [sparse.total, sparse.total_capped, sparse.ranked],
        [4, undefined, 3],
        "exact: every window walked",
      );
      assert.deepEqual(sparse.docs, new Set([ids[40], ids[90], ids[120]]));
      const phrase = await hits("common-tenth");
      assert.equal(phrase.total, 5, "a phrase: the words adjacent");
      assert.deepEqual(phrase.docs, new Set([ids[120], ids[130], ids[140]]));
      await s.close();
    });

    test("a dated search for a dense word walks the newest rows and finds what reading every match finds", async () => {
      // Caps 5/3 at 140 documents over 2019–2025 (one year in seven, spread over the whole seq
      // range): "common" in a year is dense enough to walk row by row; "sparse" (7 documents) is
      // read in one go.
      const db = fresh();
      const s = createPostgresStore(db, { searchCountCap: 5, searchRankCap: 3 });
      await s.init();
      const rows: Array<{ id: string; published: string; sparse: boolean }> = [];
      for (let i = 0; i < 140; i++) {
        const published = `${2019 + (i % 7)}-0${1 + (i % 9)}-15`;
        const sparse = i % 23 === 0;
        const d = doc(`common ${sparse ? "sparse" : ""} filler ${i}`, { published });
        await s.insertDocument(d.doc, d.raw);
        rows.push({ id: d.doc.id, published, sparse });
      }
      const c = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
      await c.connect();
      await c.query(`ANALYZE "${parsePgUrl(db).schema}".doc_search`);
      await c.end();
      const newest = (f: (r: (typeof rows)[number]) => boolean, k: number) =>
        new Set(
          rows
            .filter(f)
            .slice(-k)
            .map((r) => r.id),
        );
      const hits = async (q: string, from: string, to?: string) => {
        const res = await s.search(q, { from, to, limit: 10 });
        return { counts: [res.total, res.total_capped, res.ranked], docs: new Set(res.items.map((h) => h.doc)) };
      };
      const y2022 = await hits("common", "2022", "2022");
      assert.deepEqual(y2022.counts, [5, true, 3]);
      assert.deepEqual(
        y2022.docs,
        newest((r) => r.published.startsWith("2022"), 3),
      );
      const months = await hits("common", "2020-03", "2021-02");
      assert.deepEqual(months.counts, [5, true, 3]);
      assert.deepEqual(
        months.docs,
        newest((r) => r.published >= "2020-03-01" && r.published <= "2021-02-28", 3),
      );
      const sparse = await hits("sparse", "2019");
      assert.deepEqual(sparse.counts, [5, true, 3]);
      assert.deepEqual(
        sparse.docs,
        newest((r) => r.sparse, 3),
      );
      const none = await hits("common", "2026");
      assert.deepEqual(none.counts, [0, undefined, undefined]);
      await s.close();
    });

    test("the search view's one-statement facet basis gives what two searches and a count give", async () => {
      // Caps 12/9 at 60 documents: "alpha" is capped (the basis is the best of the newest 9), "beta"
      // is not; the basis of 6 and the entity facet over the best 4 cut the ranking where the
      // generic path (searchWithFacets over a store without searchFacetBasis) cuts it.
      const s = createPostgresStore(fresh(), { searchCountCap: 12, searchRankCap: 9 });
      await s.init();
      const docs: DocumentRecord[] = [];
      for (let i = 0; i < 60; i++) {
        const words = ["alpha ".repeat(1 + (i % 4)), i % 3 === 0 ? "beta" : "", `Anna Berg${i % 5} filler ${i}`];
        const d = doc(words.join(" "), {
          outlet: `outlet${i % 4}`,
          lang: i % 7 === 0 ? "de" : "en",
          published: i % 11 === 0 ? null : `2024-0${1 + (i % 9)}-1${i % 10}`,
        });
        await s.insertDocument(d.doc, d.raw);
        docs.push(d.doc);
      }
      const kb = {
        entities: [0, 1, 2, 3, 4].map((k) => ({
          kind: "entity" as const,
          id: `e_berg${k}`,
          type: "person" as const,
          name: `Anna Berg${k}`,
          aliases: [],
          roles: [],
          docs: 12,
          mentions: 12,
        })),
        mentions: docs.map((d, i) => {
          const start = d.text.indexOf(`Anna Berg${i % 5}`);
          const text = `Anna Berg${i % 5}`;
          return {
            kind: "mention" as const,
            doc: d.id,
            entity: `e_berg${i % 5}`,
            start,
            end: start + text.length,
            text,
          };
        }),
        events: [],
        quotes: [],
        claims: [],
        provisions: [],
        relations: [],
        links: [],
        documents: [],
      };
      await s.replaceKnowledgeBase(kb);
      const { searchWithFacets } = await import("../queries.js");
      const generic = Object.assign(Object.create(s) as typeof s, {
        searchFacetBasis: undefined,
        entityNames: undefined,
      });
      for (const [q, filter] of [
        ["alpha", { limit: 5, offset: 0 }],
        ["alpha", { limit: 4, offset: 3 }],
        ["alpha", { limit: 5, offset: 8 }],
        ["beta", { limit: 3, offset: 2, outlet: "outlet0" }],
        ["alpha beta", { limit: 20, offset: 0, from: "2024-03", to: "2024-06" }],
        ["nowhere", { limit: 5, offset: 0 }],
      ] as const) {
        const one = await searchWithFacets(s, q, { ...filter });
        const two = await searchWithFacets(generic, q, { ...filter });
        assert.deepEqual(one, two, `${q} ${JSON.stringify(filter)}`);
      }
      const alpha = await searchWithFacets(s, "alpha", { limit: 5, offset: 0 });
      assert.deepEqual([alpha.total, alpha.total_capped, alpha.ranked, alpha.facet_basis], [12, true, 9, 9]);
      assert.ok(alpha.facets.entity.length > 0 && alpha.facets.entity.every((f) => f.label?.startsWith("Anna Berg")));
      assert.ok(
        alpha.items.every((h) => h.snippet.includes("«alpha»")),
        "the page has its snippets",
      );
      const basis = await s.searchFacetBasis!("alpha", { limit: 2, offset: 0 }, { basis: 6, entityDocs: 4 });
      const alone = await s.search("alpha", { limit: 6, offset: 0, snippets: false });
      assert.deepEqual(basis.basis, alone.items);
      assert.deepEqual(basis.entities, await s.countEntityDocuments(alone.items.slice(0, 4).map((h) => h.doc)));
      assert.deepEqual(
        await s.entityNames!(["e_berg2", "e_berg0", "e_nosuch"]),
        new Map([
          ["e_berg2", "Anna Berg2"],
          ["e_berg0", "Anna Berg0"],
        ]),
      );
      await s.close();
    });

    test("findEntities walking the entities in rank order answers as reading every matching name", async () => {
      // 300 entities "Person k Clan (k % 17)": "lan1" is in the clan names of k % 17 ∈ {1, 10..16}
      // (a frequent substring: the walk finds its first matches after a few entities), "lan13" in
      // one clan in 17, "erson 12" only in names ranked by their word prefix.
      const db = fresh();
      const walk = createPostgresStore(db);
      const read = createPostgresStore(db, { findWalkRows: 0 });
      const short = createPostgresStore(db, { findWalkRows: 25 });
      await walk.init();
      const entities = Array.from({ length: 300 }, (_, k) => ({
        kind: "entity" as const,
        id: `e_p${k}`,
        type: "person" as const,
        name: `Person ${k} Clan${k % 17}`,
        aliases: k % 5 === 0 ? [`Clan${k % 17}`] : [],
        roles: [],
        docs: 1 + (k % 7),
        mentions: 1 + (k % 13),
      }));
      await walk.replaceKnowledgeBase({ ...emptyKnowledgeBase(), entities });
      for (const q of ["lan1", "lan13", "an", "erson 12", "clan1", "person 1", "n 2", "zzz"]) {
        for (const limit of [1, 3, 10, 40]) {
          const expected = (await read.findEntities(q, limit)).map((e) => e.id);
          assert.deepEqual(
            (await walk.findEntities(q, limit)).map((e) => e.id),
            expected,
            `${q} ${limit}`,
          );
          assert.deepEqual(
            (await short.findEntities(q, limit)).map((e) => e.id),
            expected,
            `${q} ${limit} (short walk)`,
          );
        }
      }
      assert.equal((await walk.findEntities("lan1", 10)).length, 10);
      for (const s of [walk, read, short]) await s.close();
    });

    test("operator characters and tsquery syntax in the search box are plain text", async () => {
      const s = createPostgresStore(fresh());
      await s.init();
      const d = doc("Lavrov and Choe discussed the rail link across the Tumen River, officials said.");
      await s.insertDocument(d.doc, d.raw);
      // Expected hits by hand: operators are separators, each chunk a phrase of its words.
      const cases: Array<[string, number]> = [
        ["lavrov & !choe", 1],
        ["lavrov | zzz", 0],
        ["'lavrov':*", 1],
        ["(tumen <-> river)", 1],
        ["\\ lavrov", 1],
        ["lavrov:A", 0], // one chunk = the phrase "lavrov a", not in the text
        ["!!!", 0],
        ["<->", 0],
        ["'", 0],
        ["tumen-river", 1],
        ["river-tumen", 0],
      ];
      for (const [q, expected] of cases)
        assert.equal((await s.search(q)).total, expected, `query ${JSON.stringify(q)}`);
      await s.close();
    });

    test("a NUL character is refused with BAD_INPUT; huge documents are stored and searchable", async () => {
      const s = createPostgresStore(fresh());
      await s.init();
      const bad = doc("before\u0000after");
      await assert.rejects(
        s.insertDocument(bad.doc, bad.raw),
        (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
      );
      const big = doc(("Pyongyang rail talks. ".repeat(40_000) + "closingword").trim());
      assert.equal((await s.insertDocument(big.doc, big.raw)).status, "inserted");
      assert.equal((await s.getDocument(big.doc.id))!.text, big.doc.text);
      assert.equal((await s.search("pyongyang")).total, 1);
      assert.equal(
        (await s.search("closingword")).total,
        0,
        "text beyond the indexed prefix is stored but not indexed",
      );
      await s.close();
    });

    test("migration 17: merge units whose family is their document drop it and read the same", async () => {
      const db = fresh();
      const s0 = createPostgresStore(db);
      await s0.init();
      await s0.close();
      const d = "d_00aa11bb22cc33dd";
      const unit = (family: string) => ({
        kind: "rl",
        doc: d,
        outlet: "Harbour Ledger",
        family,
        idx: 0,
        source: "e_a",
        target: "e_b",
        type: "diplomatic",
        polarity: "cooperation",
        evidence: { doc: d, start: 0, end: 4 },
      });
      const spelt = (family: string) =>
        JSON.stringify({
          k: "rl",
          o: "Harbour Ledger",
          f: family,
          s: [7],
          u: [[0, 0, "e_a", "e_b", "diplomatic", "cooperation", [0, 4]]],
        });
      const { schema, connectionString } = parsePgUrl(db);
      const c = new pg.Client({ connectionString });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${schema}", public`);
        await c.query("DELETE FROM schema_migrations WHERE version = 17");
        await c.query(
          "INSERT INTO kb_state (space, key, sub, value) VALUES ('u', 'rl|own', $1, $2), ('u', 'rl|copy', $1, $3)",
          [d, spelt(d), spelt("d_ffee000000000001")],
        );
      } finally {
        await c.end();
      }
      const s = createPostgresStore(db);
      await s.init();
      const own = (await s.readState("u", ["rl|own"])).get("rl|own")!.get(d)!;
      const copy = (await s.readState("u", ["rl|copy"])).get("rl|copy")!.get(d)!;
      assert.ok(!own.includes('"f":'), own);
      assert.ok(copy.includes('"f":"d_ffee000000000001"'), copy);
      assert.equal(JSON.stringify(decodeUnitRow(d, own)), JSON.stringify([unit(d)]));
      assert.equal(JSON.stringify(decodeUnitRow(d, copy)), JSON.stringify([unit("d_ffee000000000001")]));
      await s.close();
    });
  });
}
