/**
 * The store contract: one backend-agnostic node:test suite that every {@link Store} backend runs
 * (`sqlite/sqlite.test.ts`, `postgres/…test.ts`). It pins down behaviour the interface's types
 * cannot: duplicate handling under racing writers, plain-words search, atomic knowledge-base
 * replacement, date-overlap timeline filters, accent-insensitive entity lookup, export order.
 *
 * The database a suite runs against may already hold data (a shared test database): every case
 * uses fresh random words, outlets and ids, and counts differences rather than totals. Cases that
 * touch the knowledge base replace it first, so they must not run concurrently with each other
 * (node:test runs a describe's tests one after another by default).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type {
  ClaimRecord,
  CopyLinkRecord,
  DocumentRecord,
  EntityRecord,
  EventRecord,
  ExportRecord,
  MentionRecord,
  ProvisionRecord,
  QuoteRecord,
  RelationRecord,
} from "../model/records.js";
import { DossierError } from "../util/errors.js";
import { sha256Hex } from "../util/ids.js";
import type { RawArchiveOption, SearchCaps } from "./semantics.js";
import type { KnowledgeBase, Store } from "./store.js";
import { emptyKnowledgeBase as emptyKb, plainDocument } from "./testkit.js";

/** Options for {@link storeContract}. */
export interface StoreContractOptions {
  /**
   * Cases this backend cannot pass, each written `"case-id: why"` (the reason is required), e.g.
   * `"search.accents: tsvector 'simple' config keeps diacritics"`. Case ids are listed in
   * {@link STORE_CONTRACT_CASES}.
   */
  skip?: string[];
}

/** Ids of every case in the contract, for `skip` lists. */
export const STORE_CONTRACT_CASES = [
  "lifecycle",
  "insert.duplicate",
  "insert.roundtrip",
  "insert.raw-not-kept",
  "insert.sha-mismatch",
  "insert.race",
  "documents.paged",
  "documents.filters",
  "documents.order",
  "documents.iterate",
  "search.fts-sync",
  "search.plain-words",
  "search.nasty-strings",
  "search.snippet-markers",
  "search.accents",
  "search.ranking",
  "search.filters",
  "search.no-snippets",
  "mentions.entity-doc-counts",
  "search.paging",
  "search.caps",
  "kb.readback",
  "kb.replace-no-leftovers",
  "kb.atomic-on-bad-evidence",
  "kb.atomic-on-duplicate-id",
  "kb.evidence-invariant",
  "timeline.order",
  "timeline.dates",
  "timeline.entity-pages",
  "timeline.entity-type",
  "entities.find-accents",
  "entities.find-ranks",
  "entities.list",
  "evidence.document",
  "export.order",
  "kb.change",
  "kb.evidence-delta",
  "analyses",
  "analysis-failures",
  "runs",
] as const;
export type StoreContractCase = (typeof STORE_CONTRACT_CASES)[number];

/** A random lower-case word no real document contains, so cases never see each other's data. */
function word(): string {
  const letters = "bcdfghjklmnpqrstvwxz";
  let w = "zq";
  for (const b of randomBytes(10)) w += letters[b % letters.length];
  return w;
}

interface NewDoc {
  doc: DocumentRecord;
  raw: Uint8Array;
}

/** A document whose raw bytes are unique (random salt) unless `rawText` is given. */
function makeDoc(text: string, fields: Partial<DocumentRecord> = {}, rawText?: string): NewDoc {
  const raw = new TextEncoder().encode(rawText ?? `<p>${text}</p><!-- ${word()} -->`);
  const source = `contract/${sha256Hex(raw).slice(0, 8)}.html`;
  return plainDocument(text, { source, ingested_at: "2024-06-20T10:00:00.000Z", ...fields }, raw);
}

async function insert(store: Store, ...docs: NewDoc[]): Promise<DocumentRecord[]> {
  for (const d of docs) {
    const r = await store.insertDocument(d.doc, d.raw);
    assert.equal(r.status, "inserted", `insert ${d.doc.id}`);
  }
  return docs.map((d) => d.doc);
}

/** Evidence `{doc, start, end, text}` for the first occurrence of `needle` in `doc.text`. */
function span(
  doc: DocumentRecord,
  needle: string,
  from = 0,
): { doc: string; start: number; end: number; text: string } {
  const start = doc.text.indexOf(needle, from);
  assert.ok(start >= 0, `"${needle}" not in test document`);
  return { doc: doc.id, start, end: start + needle.length, text: needle };
}

function entity(id: string, name: string, fields: Partial<EntityRecord> = {}): EntityRecord {
  return { kind: "entity", id, type: "person", name, aliases: [], roles: [], docs: 1, mentions: 1, ...fields };
}

function event(id: string, date: string | null, fields: Partial<EventRecord> = {}): EventRecord {
  return {
    kind: "event",
    id,
    type: "CONSULT",
    summary: `event ${id}`,
    date,
    actors: [],
    targets: [],
    location: null,
    evidence: [],
    ...fields,
  };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Asserts the promise rejects with a DossierError (any code unless one is given). */
async function rejectsDossier(p: Promise<unknown>, code?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DossierError, `expected a DossierError, got ${String(err)}`);
    if (code) assert.equal(err.code, code);
    return true;
  });
}

/**
 * A knowledge base over two documents touching every KB table, with ids prefixed by `tag` so two
 * KBs in one case never share ids.
 */
function richKb(tag: string, a: DocumentRecord, b: DocumentRecord): KnowledgeBase {
  const lavrov = entity(`e_${tag}_lavrov`, "Sergéi Lavrov", {
    aliases: ["Lavrov", "Russian Foreign Minister"],
    docs: 2,
    mentions: 3,
  });
  const choe = entity(`e_${tag}_choe`, "Choe Son Hui", { docs: 1, mentions: 1 });
  const pyongyang = entity(`e_${tag}_pyongyang`, "Pyongyang", { type: "place", docs: 2, mentions: 2 });
  const mentions: MentionRecord[] = [
    { kind: "mention", entity: lavrov.id, ...span(a, "Lavrov") },
    { kind: "mention", entity: pyongyang.id, ...span(a, "Pyongyang") },
    { kind: "mention", entity: choe.id, ...span(a, "Choe Son Hui") },
    { kind: "mention", entity: lavrov.id, ...span(b, "Lavrov") },
    { kind: "mention", entity: pyongyang.id, ...span(b, "Pyongyang") },
  ];
  const visit = event(`v_${tag}_visit`, "2023-10-19", {
    actors: [lavrov.id],
    targets: [choe.id],
    location: pyongyang.id,
    evidence: [span(a, "Lavrov arrived in Pyongyang")],
  });
  const quote: QuoteRecord = {
    kind: "quote",
    id: `q_${tag}_1`,
    ...span(b, "cooperation is growing"),
    direct: true,
    speaker: lavrov.id,
    speaker_text: "Lavrov",
    cue: "said",
    event: visit.id,
  };
  const claim: ClaimRecord = {
    kind: "claim",
    id: `c_${tag}_arms`,
    text: "North Korea supplies shells to Russia",
    asserted_by: [choe.id],
    denied_by: [lavrov.id],
    evidence: [
      { ...span(b, "denied any arms deal"), stance: "deny", actor: lavrov.id },
      { ...span(a, "shells were shipped"), stance: "assert" },
    ],
    independent_outlets: 2,
  };
  const uncontested: ClaimRecord = {
    kind: "claim",
    id: `c_${tag}_talks`,
    text: "Talks took place",
    asserted_by: [lavrov.id],
    denied_by: [],
    evidence: [{ ...span(a, "Lavrov arrived in Pyongyang"), stance: "report" }],
    independent_outlets: 1,
  };
  const provision: ProvisionRecord = {
    kind: "provision",
    id: `p_${tag}_4`,
    agreement: "Comprehensive Strategic Partnership Treaty",
    article: "4",
    content: "mutual assistance",
    evidence: [span(b, "mutual assistance")],
  };
  const relation: RelationRecord = {
    kind: "relation",
    id: `r_${tag}_1`,
    source: lavrov.id,
    target: choe.id,
    type: "political",
    evidence: [span(a, "Lavrov arrived in Pyongyang")],
  };
  const link: CopyLinkRecord = {
    kind: "link",
    id: `l_${tag}_1`,
    doc: b.id,
    source: a.id,
    relation: "spun-copy",
    directed: true,
    score: 0.8,
    reason: "shared skeleton",
  };
  return {
    entities: [lavrov, choe, pyongyang],
    mentions,
    events: [visit],
    quotes: [quote],
    claims: [claim, uncontested],
    provisions: [provision],
    relations: [relation],
    links: [link],
    documents: [
      {
        id: b.id,
        spun: { score: 0.7, is_spun: true },
        republication_of: a.id,
        restored_text: b.text.toUpperCase(),
        family: `f_${tag}`,
      },
    ],
  };
}

/** Two documents with the phrases {@link richKb} points at. */
function richDocs(): [NewDoc, NewDoc] {
  const a = makeDoc(
    `Sergéi Lavrov arrived in Pyongyang on Thursday and met Choe Son Hui. Reports say shells were shipped by rail. ${word()}`,
    { title: "Visit", outlet: `outlet-${word()}`, published: "2023-10-19" },
  );
  const b = makeDoc(
    `In Pyongyang, Lavrov said cooperation is growing and denied any arms deal. The treaty provides mutual assistance. ${word()}`,
    { title: "Copy", outlet: `outlet-${word()}`, published: "2023-10-20" },
  );
  return [a, b];
}

/**
 * Registers the store contract as a node:test `describe` block.
 *
 * @param name backend name shown in test output, e.g. `"sqlite"`.
 * @param open opens a new handle onto the backend's test database, already initialised or not
 *   (the suite calls `init()`), with the given search caps when there are any. Every call must
 *   reach the same database: the race case opens two handles and expects them to see each other's
 *   writes.
 * @param opts `skip`: cases this backend must skip, each `"case-id: reason"`.
 * @example
 * storeContract("sqlite", async () => createSqliteStore(dbFile));
 */
export function storeContract(
  name: string,
  open: (caps?: SearchCaps & RawArchiveOption) => Promise<Store>,
  opts: StoreContractOptions = {},
): void {
  const skips = new Map<string, string>();
  for (const entry of opts.skip ?? []) {
    const colon = entry.indexOf(":");
    const id = (colon >= 0 ? entry.slice(0, colon) : entry).trim();
    const reason = colon >= 0 ? entry.slice(colon + 1).trim() : "";
    if (!(STORE_CONTRACT_CASES as readonly string[]).includes(id))
      throw new Error(`storeContract: unknown case "${id}" in skip list`);
    if (!reason) throw new Error(`storeContract: skipping "${id}" needs a reason ("${id}: why")`);
    skips.set(id, reason);
  }

  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const handles: Store[] = [];
    const openInit = async (caps?: SearchCaps & RawArchiveOption): Promise<Store> => {
      const s = await open(caps);
      handles.push(s);
      await s.init();
      return s;
    };
    const it = (id: StoreContractCase, title: string, fn: () => Promise<void>) => {
      const reason = skips.get(id);
      test(`${id}: ${title}`, reason ? { skip: reason } : {}, fn);
    };

    before(async () => {
      store = await openInit();
    });
    after(async () => {
      for (const h of handles) await h.close();
    });
    const ctx: ContractContext = {
      get store() {
        return store;
      },
      openInit,
      it,
    };
    ingestCases(ctx);
    documentCases(ctx);
    searchCases(ctx);
    searchRankingCases(ctx);
    searchCapCases(ctx);
    knowledgeBaseCases(ctx);
    evidenceReadCases(ctx);
    timelineCases(ctx);
    entityCases(ctx);
    exportAndChangeCases(ctx);
    evidenceDeltaCase(ctx);
    bookkeepingCases(ctx);
  });
}

/** What every group of contract cases needs: the shared handle (opened in `before`), a way to open more, and the skip-aware `it`. */
interface ContractContext {
  readonly store: Store;
  openInit(caps?: SearchCaps & RawArchiveOption): Promise<Store>;
  it(id: StoreContractCase, title: string, fn: () => Promise<void>): void;
}

/** Lifecycle and ingest: idempotent init, duplicate bytes, round trips, racing writers. */
function ingestCases(ctx: ContractContext): void {
  ctx.it("lifecycle", "init is idempotent, ping answers, backend is named", async () => {
    await ctx.store.init();
    await ctx.store.init();
    assert.equal(await ctx.store.ping(), true);
    assert.ok(ctx.store.backend === "sqlite" || ctx.store.backend === "postgres");
  });

  // ---- ingest --------------------------------------------------------------------------------

  ctx.it("insert.duplicate", "the same bytes twice store one document", async () => {
    const before = await ctx.store.countDocuments();
    const d = makeDoc(`duplicate test ${word()}`);
    assert.equal(await ctx.store.findBySha(d.doc.sha256), null);
    assert.deepEqual(await ctx.store.insertDocument(d.doc, d.raw), { status: "inserted", id: d.doc.id });
    assert.deepEqual(await ctx.store.insertDocument(d.doc, d.raw), { status: "duplicate", id: d.doc.id });
    // A different record for the same bytes is still a duplicate of the stored one.
    const again = { ...d.doc, title: "other title", source: "elsewhere.html" };
    assert.deepEqual(await ctx.store.insertDocument(again, d.raw), { status: "duplicate", id: d.doc.id });
    assert.equal(await ctx.store.findBySha(d.doc.sha256), d.doc.id);
    assert.equal(await ctx.store.countDocuments(), before + 1);
    assert.equal((await ctx.store.getDocument(d.doc.id))?.title, null);
  });

  ctx.it("insert.roundtrip", "a document and its raw bytes read back exactly", async () => {
    const d = makeDoc("Text with unicode — «quotes», Пхеньян, 평양, emoji 🚀 and a tab\there.\n\nSecond paragraph.", {
      title: "Round trip",
      outlet: "Example Outlet",
      url: "https://example.org/a?b=1",
      authors: ["A. Writer", "B. Writer"],
      published: "2024-06-19T08:30:00+03:00",
      lang: "ru",
      modified: "2024-06-20",
      published_source: "jsonld",
      translators: ["C. Translator"],
      credits: [{ kind: "source", name: "TASS", line: "Source: TASS" }],
      warnings: ["invalid UTF-8: 2 bytes replaced"],
    });
    await insert(ctx.store, d);
    assert.deepEqual(await ctx.store.getDocument(d.doc.id), d.doc);
    const raw = await ctx.store.getRaw(d.doc.sha256);
    assert.ok(raw);
    assert.deepEqual(Buffer.from(raw), Buffer.from(d.raw));
    assert.equal(await ctx.store.getDocument("d_doesnotexist0000"), null);
    assert.equal(await ctx.store.getRaw("0".repeat(64)), null);
  });

  ctx.it(
    "insert.raw-not-kept",
    "a store told not to keep raw bytes keeps the document, its hash and size only",
    async () => {
      const lean = await ctx.openInit({ keepRaw: false });
      const kept = await ctx.openInit({ keepRaw: true });
      const d = makeDoc(`raw not kept ${word()}`, { title: "Lean" });
      assert.deepEqual(await lean.insertDocument(d.doc, d.raw), { status: "inserted", id: d.doc.id });
      assert.deepEqual(await lean.getDocument(d.doc.id), d.doc);
      assert.equal(await lean.getRaw(d.doc.sha256), null);
      // Duplicates are still found by the hash, from any handle, and a keeping handle adds nothing.
      assert.deepEqual(await kept.insertDocument(d.doc, d.raw), { status: "duplicate", id: d.doc.id });
      assert.equal(await kept.getRaw(d.doc.sha256), null);
      assert.equal((await ctx.store.search(d.doc.text.split(" ")[2]!)).total, 1);
      const other = makeDoc(`raw kept ${word()}`);
      await insert(kept, other);
      assert.deepEqual(Buffer.from((await lean.getRaw(other.doc.sha256))!), Buffer.from(other.raw));
    },
  );

  ctx.it("insert.sha-mismatch", "a record whose sha256 does not match its bytes is refused", async () => {
    const d = makeDoc(`mismatch ${word()}`);
    const wrong = { ...d.doc, sha256: "f".repeat(64) };
    await rejectsDossier(ctx.store.insertDocument(wrong, d.raw), "BAD_INPUT");
    assert.equal(await ctx.store.getDocument(d.doc.id), null);
  });

  ctx.it("insert.race", "racing writers on two handles never store the same bytes twice", async () => {
    const other = await ctx.openInit();
    const before = await ctx.store.countDocuments();
    const same = makeDoc(`race ${word()}`);
    const distinct = Array.from({ length: 20 }, (_, i) => makeDoc(`race distinct ${i} ${word()}`));
    const writes: Array<Promise<{ status: string; id: string }>> = [];
    for (let i = 0; i < 10; i++) {
      writes.push(ctx.store.insertDocument(same.doc, same.raw), other.insertDocument(same.doc, same.raw));
    }
    distinct.forEach((d, i) => writes.push((i % 2 ? ctx.store : other).insertDocument(d.doc, d.raw)));
    const results = await Promise.all(writes);
    const sameResults = results.slice(0, 20);
    assert.equal(sameResults.filter((r) => r.status === "inserted").length, 1);
    assert.ok(sameResults.every((r) => r.id === same.doc.id));
    assert.ok(results.slice(20).every((r) => r.status === "inserted"));
    assert.equal(await ctx.store.countDocuments(), before + 21);
    assert.equal(await other.countDocuments(), before + 21);
    assert.equal((await other.search(same.doc.text.split(" ")[1])).total, 1);
  });
}

/** Document listing: paging, filters, order, iteration. */
function documentCases(ctx: ContractContext): void {
  // ---- documents -----------------------------------------------------------------------------

  ctx.it("documents.paged", "pages cover a filtered list exactly once; limits are clamped", async () => {
    const outlet = `outlet-${word()}`;
    const docs = Array.from({ length: 7 }, (_, i) =>
      makeDoc(`paged ${i} ${word()}`, { outlet, published: `2024-01-0${i + 1}` }),
    );
    await insert(ctx.store, ...docs);
    const seen: string[] = [];
    for (let offset = 0; offset < 9; offset += 3) {
      const page = await ctx.store.listDocuments({ outlet, limit: 3, offset });
      assert.equal(page.total, 7);
      assert.equal(page.limit, 3);
      assert.equal(page.offset, offset);
      seen.push(...page.items.map((d) => d.id));
    }
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    assert.deepEqual(new Set(seen), new Set(docs.map((d) => d.doc.id)));
    const huge = await ctx.store.listDocuments({ outlet, limit: 100_000 });
    assert.ok(huge.limit <= 500, "limit is capped at 500");
    assert.equal(huge.items.length, 7);
    const weird = await ctx.store.listDocuments({ outlet, limit: -5, offset: -2 });
    assert.ok(weird.limit >= 1 && weird.offset === 0);
    const past = await ctx.store.listDocuments({ outlet, offset: 50 });
    assert.equal(past.items.length, 0);
    assert.equal(past.total, 7);
    const full = (await ctx.store.getDocument(docs[0].doc.id))!;
    assert.equal(full.text, docs[0].doc.text, "listed documents carry their text");
  });

  ctx.it("documents.filters", "outlet, lang and inclusive published bounds filter documents", async () => {
    const outlet = `outlet-${word()}`;
    const [a, b, c, d] = [
      makeDoc(`f a ${word()}`, { outlet, lang: "en", published: "2023-09-13" }),
      makeDoc(`f b ${word()}`, { outlet, lang: "ru", published: "2023-09-30T23:10:00Z" }),
      makeDoc(`f c ${word()}`, { outlet, lang: "en", published: "2024-06-19" }),
      makeDoc(`f d ${word()}`, { outlet, lang: "en", published: null }),
    ];
    await insert(ctx.store, a, b, c, d);
    const ids = async (f: Parameters<Store["listDocuments"]>[0]) =>
      new Set((await ctx.store.listDocuments({ outlet, ...f })).items.map((x) => x.id));
    assert.deepEqual(await ids({ lang: "ru" }), new Set([b.doc.id]));
    assert.deepEqual(await ids({ from: "2023-09-13", to: "2023-09-30" }), new Set([a.doc.id, b.doc.id]));
    assert.deepEqual(await ids({ from: "2023-09-14" }), new Set([b.doc.id, c.doc.id]));
    assert.deepEqual(await ids({ to: "2023-09-13" }), new Set([a.doc.id]));
    assert.deepEqual(await ids({ from: "2024" }), new Set([c.doc.id]));
    assert.deepEqual(await ids({ outlet: `outlet-${word()}` }), new Set());
    await rejectsDossier(ctx.store.listDocuments({ outlet, from: "next tuesday" }), "BAD_INPUT");
  });

  ctx.it("documents.order", "documents list newest first, undated last, ties by id", async () => {
    const outlet = `outlet-${word()}`;
    const docs = [
      makeDoc(`o1 ${word()}`, { outlet, published: "2023-05-01" }),
      makeDoc(`o2 ${word()}`, { outlet, published: null }),
      makeDoc(`o3 ${word()}`, { outlet, published: "2024-06-19T09:00:00+03:00" }),
      makeDoc(`o4 ${word()}`, { outlet, published: "2023-05-01" }),
      makeDoc(`o5 ${word()}`, { outlet, published: "2023" }),
    ];
    await insert(ctx.store, ...docs);
    const ids = (await ctx.store.listDocuments({ outlet })).items.map((d) => d.id);
    const [o1, o2, o3, o4, o5] = docs.map((d) => d.doc.id);
    const sameDay = [o1, o4].sort();
    assert.deepEqual(ids, [o3, ...sameDay, o5, o2]);
  });

  ctx.it("documents.iterate", "iterateDocuments yields every document once, in id order", async () => {
    const docs = await insert(ctx.store, makeDoc(`iter 1 ${word()}`), makeDoc(`iter 2 ${word()}`));
    const all = await collect(ctx.store.iterateDocuments());
    const ids = all.map((d) => d.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, await ctx.store.countDocuments());
    for (const d of docs) assert.ok(ids.includes(d.id));
  });
}

/** Full-text search: sync, hostile input, snippets, accents, ranking, filters, paging. */
function searchCases(ctx: ContractContext): void {
  // ---- search ------------------------------------------------------------------------------------

  ctx.it("search.fts-sync", "a document is searchable as soon as it is inserted", async () => {
    const w = word();
    assert.equal((await ctx.store.search(w)).total, 0);
    const [d] = await insert(ctx.store, makeDoc(`Fresh words ${w} here.`, { title: "Fresh" }));
    const res = await ctx.store.search(w);
    assert.equal(res.total, 1);
    assert.equal(res.items[0].doc, d.id);
    assert.match(res.items[0].snippet, new RegExp(`«${w}»`, "i"));
    assert.ok(Number.isFinite(res.items[0].score));
    const titleWord = word();
    await insert(ctx.store, makeDoc(`Body without it ${word()}.`, { title: `Title ${titleWord}` }));
    assert.equal((await ctx.store.search(titleWord)).total, 1, "titles are searchable");
  });

  ctx.it("search.plain-words", "operators and wildcards are searched as words, never as syntax", async () => {
    const w = word();
    const [d] = await insert(ctx.store, makeDoc(`The ${w} report, and ${w}s; or not, near here.`));
    const longer = `${w}xyz`;
    await insert(ctx.store, makeDoc(`Only the longer word ${longer} appears.`));
    const ids = async (q: string) => (await ctx.store.search(q)).items.map((h) => h.doc);
    assert.deepEqual(await ids(`${w}*`), [d.id], "* is not a prefix operator");
    assert.deepEqual(await ids(`"${w}`), [d.id]);
    assert.deepEqual(await ids(`${w} NOT report`), [d.id], "NOT is a word, not an exclusion");
    assert.deepEqual(await ids(`${w} OR ${word()}`), [], "OR is a word; all words are required");
    assert.deepEqual(await ids(`${w}:report`), [d.id], "column filter syntax is text");
    assert.deepEqual(await ids(`NEAR( ${w} report )`), [d.id], "NEAR is a word");
    assert.deepEqual(await ids(`NEAR(${w} report)`), [], "NEAR( glued to a word makes a phrase the text lacks");
    assert.deepEqual(await ids(`${w.toUpperCase()}`), [d.id], "case-insensitive");
  });

  ctx.it("search.nasty-strings", "hostile query strings never throw", async () => {
    const nasty = [
      '"',
      '""',
      "*",
      "NEAR(",
      "NEAR(a b, 2)",
      "AND OR NOT",
      "AND",
      "(",
      ")",
      "((a)",
      "'",
      "''; DROP TABLE documents; --",
      "-",
      "^",
      "a:b",
      "{a b}",
      "\\",
      "%_",
      "\u0000",
      "\ud800",
      "\ud800abc",
      "\u0301",
      "\uE000",
      "x\u200dy",
      "\u00ad",
      "İ",
      "🚀",
      "Пхеньян",
      "평양",
      " ",
      "",
      "a".repeat(5000),
      "x ".repeat(3000),
    ];
    for (const q of nasty) {
      const res = await ctx.store.search(q);
      assert.ok(Array.isArray(res.items), `search(${JSON.stringify(q.slice(0, 20))})`);
      assert.ok(res.total >= res.items.length);
    }
    assert.ok((await ctx.store.ping()) === true, "store still alive");
  });

  ctx.it(
    "search.snippet-markers",
    "every « » in a snippet marks a match, even in text quoted with guillemets",
    async () => {
      const w = word();
      await insert(ctx.store, makeDoc(`Лавров заявил: «${w} — это важно», и «всё».`, { lang: "ru" }));
      const snippet = (await ctx.store.search(w)).items[0].snippet;
      assert.equal((snippet.match(/«/g) ?? []).length, 1, snippet);
      assert.equal((snippet.match(/»/g) ?? []).length, 1, snippet);
      assert.ok(snippet.includes(`«${w}»`), snippet);
      assert.ok(!/<[a-z]/i.test(snippet), "never HTML");
    },
  );

  ctx.it("search.accents", "search ignores diacritics and case", async () => {
    const w = word();
    const [d] = await insert(ctx.store, makeDoc(`Sergéi Lavrov spoke (${w}).`));
    assert.deepEqual(
      (await ctx.store.search(`sergei ${w}`)).items.map((h) => h.doc),
      [d.id],
    );
    assert.deepEqual(
      (await ctx.store.search(`SERGÉI ${w}`)).items.map((h) => h.doc),
      [d.id],
    );
  });
}

/** Search ranking, filters and paging. */
function searchRankingCases(ctx: ContractContext): void {
  ctx.it("search.ranking", "more occurrences of the words rank higher", async () => {
    const w = word();
    const filler = "Unrelated filler words about weather and markets. ".repeat(4);
    const [once] = await insert(ctx.store, makeDoc(`${filler} ${w} once. ${filler}`));
    const [often] = await insert(
      ctx.store,
      makeDoc(`${filler} ${w} ${w} ${w} ${w} ${filler}`, { title: `${w} in the title` }),
    );
    const res = await ctx.store.search(w);
    assert.deepEqual(
      res.items.map((h) => h.doc),
      [often.id, once.id],
    );
    assert.ok(res.items[0].score > res.items[1].score, "higher score is better");
  });

  ctx.it("search.filters", "search honours outlet, lang, dates and entity", async () => {
    const w = word();
    const outlet = `outlet-${word()}`;
    const [a, b, c] = await insert(
      ctx.store,
      makeDoc(`${w} Lavrov in en`, { outlet, lang: "en", published: "2023-10-19" }),
      makeDoc(`${w} Lavrov in ru`, { outlet, lang: "ru", published: "2024-06-19" }),
      makeDoc(`${w} elsewhere`, { outlet: `outlet-${word()}`, lang: "en", published: "2024-06-19" }),
    );
    const ids = async (f: Parameters<Store["search"]>[1]) =>
      new Set((await ctx.store.search(w, f)).items.map((h) => h.doc));
    assert.deepEqual(await ids({}), new Set([a.id, b.id, c.id]));
    assert.deepEqual(await ids({ outlet }), new Set([a.id, b.id]));
    assert.deepEqual(await ids({ lang: "ru" }), new Set([b.id]));
    assert.deepEqual(await ids({ from: "2024-01-01" }), new Set([b.id, c.id]));
    assert.deepEqual(await ids({ to: "2023-12" }), new Set([a.id]));
    const kb = emptyKb();
    const e = entity(`e_${word()}`, "Sergey Lavrov");
    kb.entities.push(e);
    kb.mentions.push({ kind: "mention", entity: e.id, ...span(b, "Lavrov") });
    await ctx.store.replaceKnowledgeBase(kb);
    assert.deepEqual(await ids({ entity: e.id }), new Set([b.id]));
    const hit = (await ctx.store.search(w, { lang: "ru" })).items[0];
    assert.equal(hit.outlet, outlet);
    assert.equal(hit.published, "2024-06-19");
    assert.equal(hit.lang, "ru");
    await ctx.store.replaceKnowledgeBase(emptyKb());
  });

  ctx.it(
    "search.no-snippets",
    "without snippets a search gives the same hits, ranked alike, with empty snippets",
    async () => {
      const w = word();
      await insert(
        ctx.store,
        ...Array.from({ length: 4 }, (_, i) => makeDoc(`${w} harbour ${"again ".repeat(i)}${w}`)),
      );
      const full = await ctx.store.search(w, { limit: 10 });
      const bare = await ctx.store.search(w, { limit: 10, snippets: false });
      assert.deepEqual(
        bare.items.map((h) => [h.doc, h.score]),
        full.items.map((h) => [h.doc, h.score]),
      );
      assert.equal(bare.total, full.total);
      assert.ok(full.items.every((h) => h.snippet.includes("«")));
      assert.ok(bare.items.every((h) => h.snippet === ""));
    },
  );

  ctx.it(
    "mentions.entity-doc-counts",
    "countEntityDocuments counts, per entity, the given documents mentioning it",
    async () => {
      const [a, b, c] = await insert(
        ctx.store,
        makeDoc(`Lavrov met Choe ${word()}`),
        makeDoc(`Lavrov again, Lavrov twice ${word()}`),
        makeDoc(`Choe alone ${word()}`),
      );
      const kb = emptyKb();
      const lavrov = entity(`e_${word()}`, "Sergey Lavrov");
      const choe = entity(`e_${word()}`, "Choe Son Hui");
      kb.entities.push(lavrov, choe);
      kb.mentions.push(
        { kind: "mention", entity: lavrov.id, ...span(a, "Lavrov") },
        { kind: "mention", entity: choe.id, ...span(a, "Choe") },
        { kind: "mention", entity: lavrov.id, ...span(b, "Lavrov") },
        { kind: "mention", entity: lavrov.id, ...span(b, "Lavrov", b.text.indexOf("Lavrov") + 1) },
        { kind: "mention", entity: choe.id, ...span(c, "Choe") },
      );
      await ctx.store.replaceKnowledgeBase(kb);
      const counts = await ctx.store.countEntityDocuments([a.id, b.id, "d_nosuchdocument0"]);
      assert.deepEqual(
        [...counts.entries()].sort(),
        [
          [lavrov.id, 2],
          [choe.id, 1],
        ].sort(),
        "two mentions in one document count once; documents not asked for do not count",
      );
      assert.deepEqual(await ctx.store.countEntityDocuments([]), new Map());
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it("search.paging", "search pages are disjoint and capped", async () => {
    const w = word();
    await insert(ctx.store, ...Array.from({ length: 5 }, (_, i) => makeDoc(`${w} paging ${i} ${"pad ".repeat(i)}`)));
    const p1 = await ctx.store.search(w, { limit: 2 });
    const p2 = await ctx.store.search(w, { limit: 2, offset: 2 });
    const p3 = await ctx.store.search(w, { limit: 2, offset: 4 });
    assert.equal(p1.total, 5);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((h) => h.doc);
    assert.equal(new Set(ids).size, 5);
    assert.ok((await ctx.store.search(w, { limit: 10_000 })).limit <= 500);
  });
}

/** Search caps: "at least" totals past the count cap, ranking of the newest matches past the rank cap. */
function searchCapCases(ctx: ContractContext): void {
  ctx.it("search.caps", "past the caps the total says 'at least' and the newest matches are ranked", async () => {
    const store = await ctx.openInit({ searchCountCap: 5, searchRankCap: 3 });
    const [w, two, four] = [word(), word(), word()];
    const outlet = `outlet-${word()}`;
    // Stored in this order; the oldest has the word most often (the best score overall).
    const docs = await insert(
      store,
      makeDoc(`${w} ${w} ${w} ${w} ${two} talks`, { outlet }),
      makeDoc(`${w} ${w} ${w} ${two} talks`, { outlet }),
      makeDoc(`a ${w} ${four} talk`, { outlet }),
      makeDoc(`the ${w} ${four} again`),
      makeDoc(`${w} ${w} ${four} news`),
      makeDoc("nothing here"),
      makeDoc(`one more ${w} ${four}`),
    );
    const ids = docs.map((d) => d.id);
    const all = await store.search(w, { limit: 10 });
    assert.equal(all.total, 5, "counted up to the count cap");
    assert.equal(all.total_capped, true, "six match: the total says at least five");
    assert.equal(all.ranked, 3);
    // The three newest matches (documents 3, 4 and 6), best first: the word twice leads.
    assert.deepEqual(new Set(all.items.map((h) => h.doc)), new Set([ids[3], ids[4], ids[6]]));
    assert.equal(all.items[0]!.doc, ids[4]);
    const second = await store.search(w, { limit: 2, offset: 2 });
    assert.deepEqual(
      second.items.map((h) => h.doc),
      all.items.slice(2).map((h) => h.doc),
      "pages come from one ranking",
    );
    assert.equal(second.total, 5);
    const beyond = await store.search(w, { limit: 2, offset: 4 });
    assert.deepEqual(beyond.items, [], "past the ranked matches: no hits");
    assert.equal(beyond.total_capped, true);
    const between = await store.search(four, { limit: 10 });
    assert.equal(between.total, 4, "under the count cap: exact");
    assert.equal(between.total_capped, undefined);
    assert.equal(between.ranked, 3, "over the rank cap: the newest three ranked");
    assert.deepEqual(new Set(between.items.map((h) => h.doc)), new Set([ids[3], ids[4], ids[6]]));
    const few = await store.search(two, { limit: 10 });
    assert.equal(few.total, 2);
    assert.equal(few.ranked, undefined, "every match ranked: no ranked field");
    assert.equal(few.total_capped, undefined, "every match counted");
    assert.deepEqual(new Set(few.items.map((h) => h.doc)), new Set([ids[0], ids[1]]));
    const filtered = await store.search(w, { outlet, limit: 10 });
    assert.equal(filtered.total, 3, "the caps apply to the matches the filters leave");
    assert.equal(filtered.total_capped, undefined);
    assert.equal(filtered.ranked, undefined);
    assert.deepEqual(
      filtered.items.map((h) => h.doc),
      [ids[0], ids[1], ids[2]],
    );
  });
}

/** Knowledge-base writes: read-back, replacement, atomicity, the evidence invariant. */
function knowledgeBaseCases(ctx: ContractContext): void {
  // ---- knowledge base ----------------------------------------------------------------------

  ctx.it("kb.readback", "every KB table reads back through its query", async () => {
    const [a, b] = await insert(ctx.store, ...richDocs());
    const kb = richKb(word(), a, b);
    await ctx.store.replaceKnowledgeBase(kb);
    const [lavrov, choe, pyongyang] = kb.entities;
    assert.deepEqual(await ctx.store.getEntity(lavrov.id), lavrov);
    assert.deepEqual(await ctx.store.getEvent(kb.events[0].id), kb.events[0]);
    assert.equal(await ctx.store.getEvent("v_missing"), null);
    assert.deepEqual((await ctx.store.listQuotes({ speaker: lavrov.id })).items, kb.quotes);
    assert.deepEqual((await ctx.store.listQuotes({ doc: a.id })).items, []);
    assert.deepEqual((await ctx.store.listClaims({ contested: true })).items, [kb.claims[0]]);
    assert.deepEqual((await ctx.store.listClaims({ contested: false })).items, [kb.claims[1]]);
    assert.deepEqual(
      new Set((await ctx.store.listClaims({ entity: lavrov.id })).items.map((c) => c.id)),
      new Set(kb.claims.map((c) => c.id)),
    );
    assert.deepEqual(
      (await ctx.store.listClaims({ entity: choe.id })).items.map((c) => c.id),
      [kb.claims[0].id],
    );
    assert.deepEqual((await ctx.store.listProvisions()).items, kb.provisions);
    assert.deepEqual((await ctx.store.listRelations({ entity: choe.id })).items, kb.relations);
    assert.deepEqual((await ctx.store.listRelations({ entity: pyongyang.id })).items, []);
    assert.deepEqual((await ctx.store.listLinks({ doc: a.id })).items, kb.links);
    assert.deepEqual((await ctx.store.listLinks({ doc: b.id })).items, kb.links);
    const byEntity = await ctx.store.listMentions({ entity: pyongyang.id });
    assert.equal(byEntity.total, 2);
    const byDoc = await ctx.store.listMentions({ doc: a.id });
    assert.deepEqual(
      byDoc.items.map((m) => m.start),
      byDoc.items.map((m) => m.start).sort((x, y) => x - y),
      "mentions of a document in text order",
    );
    assert.equal(byDoc.total, 3);
    const copy = (await ctx.store.getDocument(b.id))!;
    assert.deepEqual(copy.spun, { score: 0.7, is_spun: true });
    assert.equal(copy.republication_of, a.id);
    assert.equal(copy.restored_text, b.text.toUpperCase());
    assert.equal(copy.family, kb.documents[0].family);
    assert.equal(copy.text, b.text, "provenance never touches the text");
  });

  ctx.it("kb.replace-no-leftovers", "replacing the KB twice leaves nothing of the first", async () => {
    const [a, b] = await insert(ctx.store, ...richDocs());
    const first = richKb(word(), a, b);
    await ctx.store.replaceKnowledgeBase(first);
    await ctx.store.replaceKnowledgeBase(first); // replacing with the same ids must not collide
    const secondTag = word();
    const second = emptyKb();
    const solo = entity(`e_${secondTag}_solo`, "Choe Son Hui");
    second.entities.push(solo);
    second.mentions.push({ kind: "mention", entity: solo.id, ...span(a, "Choe Son Hui") });
    await ctx.store.replaceKnowledgeBase(second);

    for (const e of first.entities) assert.equal(await ctx.store.getEntity(e.id), null);
    assert.equal(await ctx.store.getEvent(first.events[0].id), null);
    assert.equal((await ctx.store.listEntities()).total, 1);
    assert.equal((await ctx.store.timeline()).total, 0);
    assert.equal((await ctx.store.listQuotes()).total, 0);
    assert.equal((await ctx.store.listClaims()).total, 0);
    assert.equal((await ctx.store.listProvisions()).total, 0);
    assert.equal((await ctx.store.listRelations()).total, 0);
    assert.equal((await ctx.store.listLinks()).total, 0);
    assert.equal((await ctx.store.listMentions({})).total, 1);
    assert.deepEqual(
      (await ctx.store.findEntities("Lavrov")).map((e) => e.id),
      [],
    );
    const ev = await ctx.store.documentEvidence(a.id);
    assert.equal(ev.spans.length, 0);
    assert.equal(ev.quotes.length, 0);
    assert.equal(ev.mentions.length, 1);
    const copy = (await ctx.store.getDocument(b.id))!;
    assert.deepEqual(copy.spun, { score: 0, is_spun: false }, "provenance of documents left out is reset");
    assert.equal(copy.republication_of, null);
    assert.equal(copy.restored_text, null);
    assert.ok(copy.family === undefined || copy.family === null);
    await ctx.store.replaceKnowledgeBase(emptyKb());
    assert.equal((await ctx.store.listEntities()).total, 0);
    assert.equal((await ctx.store.listMentions({})).total, 0);
  });

  ctx.it(
    "kb.atomic-on-bad-evidence",
    "a KB with a span that does not match its document is refused whole",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const good = richKb(word(), a, b);
      await ctx.store.replaceKnowledgeBase(good);
      const bad = richKb(word(), a, b);
      bad.events[0].evidence[0] = { ...bad.events[0].evidence[0], start: bad.events[0].evidence[0].start + 1 };
      await rejectsDossier(ctx.store.replaceKnowledgeBase(bad), "BAD_INPUT");
      const unknownDoc = richKb(word(), a, b);
      unknownDoc.mentions.push({
        kind: "mention",
        doc: "d_nosuchdocument0",
        entity: unknownDoc.entities[0].id,
        start: 0,
        end: 1,
        text: "x",
      });
      await rejectsDossier(ctx.store.replaceKnowledgeBase(unknownDoc), "BAD_INPUT");
      assert.deepEqual(await ctx.store.getEntity(good.entities[0].id), good.entities[0], "the previous KB is intact");
      assert.equal(await ctx.store.getEntity(bad.entities[0].id), null);
      assert.equal((await ctx.store.listMentions({})).total, good.mentions.length);
      assert.equal((await ctx.store.getDocument(b.id))!.republication_of, a.id);
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it("kb.atomic-on-duplicate-id", "a KB that fails mid-write leaves the previous KB intact", async () => {
    const [a, b] = await insert(ctx.store, ...richDocs());
    const good = richKb(word(), a, b);
    await ctx.store.replaceKnowledgeBase(good);
    const bad = richKb(word(), a, b);
    bad.links.push({ ...bad.links[0] }); // same id twice: fails after most rows were written
    await assert.rejects(ctx.store.replaceKnowledgeBase(bad));
    const provForUnknown = richKb(word(), a, b);
    provForUnknown.documents.push({
      id: "d_nosuchdocument0",
      spun: { score: 1, is_spun: true },
      republication_of: null,
      restored_text: null,
    });
    await assert.rejects(ctx.store.replaceKnowledgeBase(provForUnknown));
    assert.deepEqual(await ctx.store.getEntity(good.entities[0].id), good.entities[0]);
    assert.equal(await ctx.store.getEntity(bad.entities[0].id), null);
    assert.equal((await ctx.store.listLinks()).total, 1);
    assert.equal((await ctx.store.timeline()).total, 1);
    assert.equal((await ctx.store.getDocument(b.id))!.family, good.documents[0].family);
    await ctx.store.replaceKnowledgeBase(emptyKb());
  });
}

/** The evidence invariant on the way out: every read path returns span texts equal to their document's slice. */
function evidenceReadCases(ctx: ContractContext): void {
  ctx.it(
    "kb.evidence-invariant",
    "every span read back, on every read path, equals its document's text slice",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      await ctx.store.replaceKnowledgeBase(kb);
      const texts = new Map([a, b].map((d) => [d.id, d.text]));
      let checked = 0;
      /** Every object with offsets and a text in `value`, checked against its document (own `doc` or `doc`). */
      const check = (value: unknown, doc: string | null, where: string): void => {
        if (Array.isArray(value)) for (const v of value) check(v, doc, where);
        else if (value !== null && typeof value === "object") {
          const o = value as Record<string, unknown>;
          const d = typeof o.doc === "string" ? o.doc : doc;
          if (typeof o.start === "number" && typeof o.end === "number" && "text" in o) {
            assert.equal(o.text, texts.get(d!)!.slice(o.start, o.end), `${where}: span [${o.start}, ${o.end}) of ${d}`);
            checked++;
          }
          for (const [k, v] of Object.entries(o)) if (k !== "text") check(v, d, where);
        }
      };
      for (const d of [a, b]) check(await ctx.store.documentEvidence(d.id), d.id, "documentEvidence");
      check((await ctx.store.listMentions({ doc: a.id })).items, null, "listMentions");
      check((await ctx.store.listMentions({ entity: kb.entities[0]!.id })).items, null, "listMentions(entity)");
      check(await ctx.store.getEvent(kb.events[0]!.id), null, "getEvent");
      check((await ctx.store.timeline({ entity: kb.entities[0]!.id })).items, null, "timeline");
      check((await ctx.store.listQuotes({ doc: b.id })).items, null, "listQuotes");
      check((await ctx.store.listClaims({})).items, null, "listClaims");
      check((await ctx.store.listProvisions({})).items, null, "listProvisions");
      check((await ctx.store.listRelations({ entity: kb.entities[0]!.id })).items, null, "listRelations");
      const exported = await collect(ctx.store.exportRecords());
      check(exported, null, "exportRecords");
      for (const kind of ["mention", "event", "quote", "claim", "provision", "relation"])
        assert.ok(
          exported.some((r) => r.kind === kind),
          `export has a ${kind}`,
        );
      // 5 mentions + 1 event + 1 quote + 3 claim + 1 provision + 1 relation spans, read on two or more paths.
      assert.ok(checked >= 2 * 12, `checked ${checked} spans`);
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );
}

/** Timeline: order, date windows, entity and type filters. */
function timelineCases(ctx: ContractContext): void {
  // ---- timeline ------------------------------------------------------------------------------

  const datedEvents = (tag: string): EventRecord[] => [
    event(`v_${tag}_undated`, null),
    event(`v_${tag}_2024day`, "2024-06-19", { type: "AGREE" }),
    event(`v_${tag}_2023`, "2023"),
    event(`v_${tag}_2023sep`, "2023-09"),
    event(`v_${tag}_sep13`, "2023-09-13"),
    event(`v_${tag}_interval`, "2023-09-13/2023-09-17"),
    event(`v_${tag}_openend`, "2023-11-01/.."),
  ];

  ctx.it("timeline.order", "events sort by date, undated last", async () => {
    const tag = word();
    const kb = emptyKb();
    kb.events = datedEvents(tag);
    await ctx.store.replaceKnowledgeBase(kb);
    const ids = (await ctx.store.timeline()).items.map((e) => e.id.slice(tag.length + 3));
    assert.equal(ids[ids.length - 1], "undated");
    assert.equal(ids[0], "2023", "a year starts on its first day");
    assert.ok(ids.indexOf("2023sep") < ids.indexOf("sep13"));
    assert.ok(ids.indexOf("sep13") < ids.indexOf("openend"));
    assert.ok(ids.indexOf("openend") < ids.indexOf("2024day"));
    const paged = await ctx.store.timeline({ limit: 3, offset: 3 });
    assert.equal(paged.total, 7);
    assert.equal(paged.items.length, 3);
    await ctx.store.replaceKnowledgeBase(emptyKb());
  });

  ctx.it("timeline.dates", "date filters select events whose dates overlap the window", async () => {
    const tag = word();
    const kb = emptyKb();
    kb.events = datedEvents(tag);
    await ctx.store.replaceKnowledgeBase(kb);
    const ids = async (f: Parameters<Store["timeline"]>[0]) =>
      new Set((await ctx.store.timeline(f)).items.map((e) => e.id.slice(tag.length + 3)));
    assert.deepEqual(await ids({ from: "2023-09-14", to: "2023-09-30" }), new Set(["2023", "2023sep", "interval"]));
    assert.deepEqual(
      await ids({ from: "2023-09-13", to: "2023-09-13" }),
      new Set(["2023", "2023sep", "sep13", "interval"]),
    );
    assert.deepEqual(await ids({ from: "2024" }), new Set(["openend", "2024day"]));
    assert.deepEqual(await ids({ to: "2023-08" }), new Set(["2023"]));
    assert.deepEqual(await ids({ from: "2023-10", to: "2023-10" }), new Set(["2023"]));
    assert.deepEqual(await ids({ from: "2023-12-01" }), new Set(["2023", "openend", "2024day"]));
    assert.deepEqual(await ids({ from: "2024-01-01", to: "2024-01-31" }), new Set(["openend"]));
    await rejectsDossier(ctx.store.timeline({ from: "2023-13" }), "BAD_INPUT");
    // Order, totals and pages across a window: events still running at "from", then those starting in it.
    const short = (p: { items: EventRecord[] }) => p.items.map((e) => e.id.slice(tag.length + 3));
    const autumn = await ctx.store.timeline({ from: "2023-09-13", to: "2023-12-31" });
    assert.deepEqual(short(autumn), ["2023", "2023sep", "sep13", "interval", "openend"]);
    assert.equal(autumn.total, 5);
    const second = await ctx.store.timeline({ from: "2023-09-13", to: "2023-12-31", limit: 2, offset: 2 });
    assert.deepEqual(short(second), ["sep13", "interval"]);
    assert.equal(second.total, 5);
    const across = await ctx.store.timeline({ from: "2023-09-13", to: "2023-12-31", limit: 2, offset: 1 });
    assert.deepEqual(short(across), ["2023sep", "sep13"]);
    // "from" on a multi-day event's last day: it is still running then (counted once, in order).
    const lastDay = await ctx.store.timeline({ from: "2023-09-17", to: "2023-09-17" });
    assert.deepEqual(short(lastDay), ["2023", "2023sep", "interval"]);
    assert.equal(lastDay.total, 3);
    assert.equal((await ctx.store.timeline({ to: "2023-08" })).total, 1);
    assert.equal((await ctx.store.timeline({ type: "AGREE", from: "2024" })).total, 1);
    assert.equal((await ctx.store.timeline({ type: "AGREE", to: "2023-12-31" })).total, 0);
    await ctx.store.replaceKnowledgeBase(emptyKb());
    assert.equal((await ctx.store.timeline({ from: "2023" })).total, 0, "totals follow a replaced KB");
  });

  ctx.it(
    "timeline.entity-pages",
    "an entity's timeline keeps the timeline order, pages and window totals, one row per event whatever its roles",
    async () => {
      const tag = word();
      const x = `e_${tag}_x`;
      const kb = emptyKb();
      // Every dated event names x; one names it as actor and target, one as location; one does not name it.
      kb.events = datedEvents(tag).map((e, i) =>
        i === 1 ? { ...e, actors: [x], targets: [x] } : i === 2 ? { ...e, location: x } : { ...e, actors: [x] },
      );
      kb.events.push(event(`v_${tag}_elsewhere`, "2023-09-15", { actors: [`e_${tag}_y`] }));
      await ctx.store.replaceKnowledgeBase(kb);
      const short = (p: { items: EventRecord[] }) => p.items.map((e) => e.id.slice(tag.length + 3));
      const all = await ctx.store.timeline({ entity: x });
      assert.deepEqual(short(all), ["2023", "2023sep", "sep13", "interval", "openend", "2024day", "undated"]);
      assert.equal(all.total, 7);
      const page = await ctx.store.timeline({ entity: x, limit: 3, offset: 2 });
      assert.deepEqual(short(page), ["sep13", "interval", "openend"]);
      assert.equal(page.total, 7);
      const autumn = await ctx.store.timeline({ entity: x, from: "2023-09-13", to: "2023-12-31", limit: 2, offset: 1 });
      assert.deepEqual(short(autumn), ["2023sep", "sep13"]);
      assert.equal(autumn.total, 5);
      const late = await ctx.store.timeline({ entity: x, from: "2023-09-14", limit: 10 });
      assert.deepEqual(short(late), ["2023", "2023sep", "interval", "openend", "2024day"]);
      assert.equal(late.total, 5);
      const upTo = await ctx.store.timeline({ entity: x, to: "2023-09-13", offset: 1 });
      assert.deepEqual(short(upTo), ["2023sep", "sep13", "interval"]);
      assert.equal(upTo.total, 4);
      const agree = await ctx.store.timeline({ entity: x, type: "AGREE", from: "2023-06" });
      assert.deepEqual(short(agree), ["2024day"]);
      assert.equal(agree.total, 1);
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it(
    "timeline.entity-type",
    "entity filter covers actors, targets and locations; type filters PLOVER type",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      const [lavrov, choe, pyongyang] = kb.entities;
      kb.events.push(event(`v_${word()}_other`, "2024-06-19", { type: "AGREE", actors: [choe.id] }));
      await ctx.store.replaceKnowledgeBase(kb);
      const ids = async (f: Parameters<Store["timeline"]>[0]) => (await ctx.store.timeline(f)).items.map((e) => e.id);
      assert.deepEqual(await ids({ entity: lavrov.id }), [kb.events[0].id]);
      assert.deepEqual(await ids({ entity: pyongyang.id }), [kb.events[0].id]);
      assert.deepEqual(await ids({ entity: choe.id }), [kb.events[0].id, kb.events[1].id]);
      assert.deepEqual(await ids({ type: "AGREE" }), [kb.events[1].id]);
      assert.deepEqual(await ids({ type: "agree" }), [kb.events[1].id], "type is case-insensitive");
      assert.deepEqual(await ids({ entity: choe.id, type: "CONSULT", from: "2023-10" }), [kb.events[0].id]);
      assert.deepEqual(await ids({ entity: "e_nobody" }), []);
      for (const e of [lavrov, choe, pyongyang]) {
        const t = await ctx.store.timeline({ entity: e.id });
        assert.equal(t.total, t.items.length, `total of ${e.name}'s timeline`);
      }
      assert.equal((await ctx.store.timeline({ entity: "e_nobody" })).total, 0);
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );
}

/** Entities and per-document evidence. */
function entityCases(ctx: ContractContext): void {
  // ---- entities -------------------------------------------------------------------------------

  ctx.it(
    "entities.find-accents",
    "findEntities ignores case and accents over names and aliases, best match first",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      const lavrov = kb.entities[0];
      const namesake = entity(`e_${word()}_namesake`, "Sergei Lavrovsky", { mentions: 50, docs: 9 });
      kb.entities.push(namesake, entity(`e_${word()}_cafe`, "Café Pushkin", { type: "place" }));
      await ctx.store.replaceKnowledgeBase(kb);
      const ids = async (q: string) => (await ctx.store.findEntities(q)).map((e) => e.id);
      assert.equal(
        (await ids("Sergei Lavrov"))[0],
        lavrov.id,
        "exact name (accent-folded) beats a more-mentioned prefix match",
      );
      assert.equal((await ids("SERGÉI LAVROV"))[0], lavrov.id);
      assert.equal((await ids("sergéi lavrov"))[0], lavrov.id);
      assert.equal((await ids("lavrov"))[0], lavrov.id, "an exact alias beats a prefix");
      assert.ok((await ids("lavrov")).includes(namesake.id), "partial names still match");
      assert.equal((await ids("russian foreign minister"))[0], lavrov.id, "aliases match");
      assert.equal((await ids("cafe pushkin"))[0], kb.entities[4].id);
      assert.deepEqual(await ids("   "), []);
      assert.deepEqual(await ids("%"), [], "LIKE wildcards are literal");
      assert.deepEqual(await ids("_"), []);
      assert.deepEqual(await ids(word()), []);
      assert.equal((await ctx.store.findEntities("a", 2)).length <= 2, true);
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it(
    "entities.find-ranks",
    "findEntities ranks exact name, exact alias, prefix, word prefix, substring, then mentions; every limit is a prefix of that order",
    async () => {
      const kb = emptyKb();
      const t = word();
      kb.entities.push(
        entity(`e_${t}_g`, "Ali Hakim", { mentions: 3 }),
        entity(`e_${t}_e`, "Jong Kim", { mentions: 70 }),
        entity(`e_${t}_c`, "Kimball Electronics", { mentions: 80, type: "organization" }),
        entity(`e_${t}_a`, "Kim", { mentions: 1 }),
        entity(`e_${t}_f`, "Hakimi Trading", { mentions: 100, type: "organization" }),
        entity(`e_${t}_b`, "Kim Jong Un", { mentions: 90, aliases: ["Kim"] }),
        entity(`e_${t}_d`, "Kimberly Dunn", { mentions: 5 }),
        entity(`e_${t}_x`, "Lee Sun", { mentions: 500 }),
      );
      await ctx.store.replaceKnowledgeBase(kb);
      const order = ["a", "b", "c", "d", "e", "f", "g"].map((k) => `e_${t}_${k}`);
      assert.deepEqual(
        (await ctx.store.findEntities("kim", 20)).map((e) => e.id),
        order,
      );
      for (let n = 1; n <= order.length; n++)
        assert.deepEqual(
          (await ctx.store.findEntities("KIM", n)).map((e) => e.id),
          order.slice(0, n),
          `limit ${n}`,
        );
      assert.deepEqual(
        (await ctx.store.findEntities("kimb", 5)).map((e) => e.id),
        [`e_${t}_c`, `e_${t}_d`],
      );
      assert.deepEqual(
        (await ctx.store.findEntities("akim", 5)).map((e) => e.id),
        [`e_${t}_f`, `e_${t}_g`],
      );
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it("entities.list", "listEntities filters by type and name, most-mentioned first", async () => {
    const [a, b] = await insert(ctx.store, ...richDocs());
    const kb = richKb(word(), a, b);
    await ctx.store.replaceKnowledgeBase(kb);
    const all = await ctx.store.listEntities();
    assert.equal(all.total, 3);
    assert.equal(all.items[0].id, kb.entities[0].id, "most mentions first");
    assert.deepEqual(
      (await ctx.store.listEntities({ type: "place" })).items.map((e) => e.id),
      [kb.entities[2].id],
    );
    assert.deepEqual(
      (await ctx.store.listEntities({ q: "choe" })).items.map((e) => e.id),
      [kb.entities[1].id],
    );
    assert.deepEqual(
      (await ctx.store.listEntities({ q: "SERGEI" })).items.map((e) => e.id),
      [kb.entities[0].id],
    );
    const p = await ctx.store.listEntities({ limit: 1, offset: 1 });
    assert.equal(p.items.length, 1);
    assert.equal(p.total, 3);
    await ctx.store.replaceKnowledgeBase(emptyKb());
  });

  ctx.it("evidence.document", "documentEvidence gathers mentions, quotes and fact spans of one document", async () => {
    const [a, b] = await insert(ctx.store, ...richDocs());
    const kb = richKb(word(), a, b);
    await ctx.store.replaceKnowledgeBase(kb);
    const ev = await ctx.store.documentEvidence(b.id);
    assert.equal(ev.mentions.length, 2);
    assert.deepEqual(ev.quotes, kb.quotes);
    const kinds = ev.spans.map((s) => `${s.kind}:${s.record}`).sort();
    assert.deepEqual(kinds, [`claim:${kb.claims[0].id}`, `provision:${kb.provisions[0].id}`].sort());
    const deny = ev.spans.find((s) => s.kind === "claim")!;
    assert.equal(deny.stance, "deny");
    const evA = await ctx.store.documentEvidence(a.id);
    assert.deepEqual(
      evA.spans.map((s) => s.start),
      evA.spans.map((s) => s.start).sort((x, y) => x - y),
      "spans in text order",
    );
    assert.equal(evA.spans.length, 4);
    assert.deepEqual(await ctx.store.documentEvidence("d_nosuchdocument0"), { mentions: [], quotes: [], spans: [] });
    await ctx.store.replaceKnowledgeBase(emptyKb());
  });
}

/** Export order and incremental knowledge-base changes. */
function exportAndChangeCases(ctx: ContractContext): void {
  ctx.it(
    "export.order",
    "exportRecords yields documents, then KB records kind by kind in canonical order (a function of the records, not of write order)",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      await ctx.store.replaceKnowledgeBase(kb);
      const records: ExportRecord[] = await collect(ctx.store.exportRecords());
      const order = ["document", "entity", "mention", "event", "quote", "claim", "provision", "relation", "link"];
      const ranks = records.map((r) => order.indexOf(r.kind));
      assert.ok(ranks.every((r) => r >= 0));
      assert.deepEqual(
        ranks,
        [...ranks].sort((x, y) => x - y),
        "kinds in export order",
      );
      const docs = records.filter((r): r is DocumentRecord => r.kind === "document");
      assert.equal(docs.length, await ctx.store.countDocuments());
      assert.deepEqual(
        docs.map((d) => d.id),
        docs.map((d) => d.id).sort(),
      );
      assert.equal(docs.find((d) => d.id === b.id)?.republication_of, a.id, "exported documents carry provenance");
      const bytes = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
      assert.deepEqual(
        records.filter((r) => r.kind === "entity"),
        [...kb.entities].sort((x, y) => y.mentions - x.mentions || bytes(x.name, y.name) || bytes(x.id, y.id)),
      );
      assert.deepEqual(
        records.filter((r) => r.kind === "mention"),
        [...kb.mentions].sort(
          (x, y) => bytes(x.doc, y.doc) || x.start - y.start || x.end - y.end || bytes(x.entity, y.entity),
        ),
      );
      assert.deepEqual(
        records.filter((r) => r.kind === "claim"),
        [...kb.claims].sort((x, y) => bytes(x.id, y.id)),
      );
      assert.deepEqual(
        records.filter((r) => r.kind === "link"),
        [...kb.links].sort((x, y) => bytes(x.doc, y.doc) || bytes(x.source, y.source) || bytes(x.id, y.id)),
      );
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );

  ctx.it(
    "kb.change",
    "applyKnowledgeBaseChange upserts and removes records, replaces a document's mentions and keeps state rows; replace clears the state",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      await ctx.store.replaceKnowledgeBase(emptyKb());
      const space = word();
      const change = {
        statePut: [
          { space, key: "k1", sub: "", value: "v1" },
          { space, key: "k1", sub: "m", value: "" },
          { space: "doc", key: a.id, sub: "", value: "{}" },
        ],
        stateDelete: [],
        upsert: {
          entities: kb.entities,
          events: kb.events,
          quotes: kb.quotes,
          claims: kb.claims,
          provisions: kb.provisions,
          relations: kb.relations,
          links: kb.links,
        },
        remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
        mentions: [
          { doc: a.id, mentions: kb.mentions.filter((m) => m.doc === a.id) },
          { doc: b.id, mentions: kb.mentions.filter((m) => m.doc === b.id) },
        ],
        documents: kb.documents,
        checkDocs: [a.id, b.id],
      };
      await ctx.store.applyKnowledgeBaseChange(change);
      const state = await ctx.store.readState(space, ["k1", "nothing"]);
      assert.deepEqual([...(state.get("k1") ?? new Map()).entries()].sort(), [
        ["", "v1"],
        ["m", ""],
      ]);
      assert.equal(state.has("nothing"), false);
      assert.ok(!(await ctx.store.listUnmerged()).includes(a.id), "a document with a doc state row is merged");
      assert.equal(
        (await ctx.store.listMentions({ doc: a.id })).total,
        kb.mentions.filter((m) => m.doc === a.id).length,
      );
      // Applying the same upserts again must not collide; removing a record drops it and its spans.
      const gone = kb.events[0]!;
      await ctx.store.applyKnowledgeBaseChange({
        ...change,
        statePut: [],
        stateDelete: [{ space, key: "k1", sub: "m" }],
        upsert: { ...change.upsert, events: kb.events.slice(1) },
        remove: { ...change.remove, events: [gone.id] },
        mentions: [{ doc: a.id, mentions: [] }],
      });
      assert.equal(await ctx.store.getEvent(gone.id), null);
      assert.equal((await ctx.store.timeline()).total, kb.events.length - 1, "the total follows removals");
      for (const e of kb.entities) {
        const t = await ctx.store.timeline({ entity: e.id });
        assert.equal(t.total, t.items.length, "an entity's total follows removals and re-upserts");
      }
      assert.ok(!(await ctx.store.documentEvidence(gone.evidence[0]!.doc)).spans.some((s) => s.record === gone.id));
      assert.equal((await ctx.store.listMentions({ doc: a.id })).total, 0, "mentions of a replaced document");
      assert.deepEqual([...((await ctx.store.readState(space, ["k1"])).get("k1") ?? new Map()).keys()], [""]);
      const bad = {
        ...change,
        statePut: [],
        upsert: { ...change.upsert, quotes: [{ ...kb.quotes[0]!, text: "not the text" }] },
      };
      await rejectsDossier(ctx.store.applyKnowledgeBaseChange(bad), "BAD_INPUT");
      await ctx.store.replaceKnowledgeBase(emptyKb());
      assert.equal((await ctx.store.readState(space, ["k1"])).size, 0, "a full replace clears the state");
    },
  );
}

/**
 * A record rewritten again and again (as an incremental merge rewrites a hub relation) reads back
 * with exactly the evidence last written, in its order, texts sliced from the documents, whether
 * the writer gave span texts or offsets only.
 */
function evidenceDeltaCase(ctx: ContractContext): void {
  ctx.it(
    "kb.evidence-delta",
    "records rewritten with spans added, dropped and moved read back with the last evidence, in order; offsets-only spans get their texts",
    async () => {
      const [a, b] = await insert(ctx.store, ...richDocs());
      const kb = richKb(word(), a, b);
      await ctx.store.replaceKnowledgeBase({ ...emptyKb(), entities: kb.entities });
      const s1 = span(a, "Lavrov arrived in Pyongyang");
      const s2 = span(a, "shells were shipped");
      const s3 = span(b, "denied any arms deal");
      const s4 = span(b, "mutual assistance");
      const s5 = span(b, "cooperation is growing");
      const offsets = ({ doc, start, end }: { doc: string; start: number; end: number }) =>
        ({ doc, start, end }) as { doc: string; start: number; end: number; text: string };
      const rel = kb.relations[0]!;
      const claim: ClaimRecord = {
        ...kb.claims[0]!,
        evidence: [{ ...s3, stance: "deny", actor: kb.entities[0]!.id }],
      };
      const change = (relEvidence: RelationRecord["evidence"], claimEvidence: ClaimRecord["evidence"]) => ({
        statePut: [],
        stateDelete: [],
        upsert: {
          entities: [],
          events: [],
          quotes: [],
          claims: [{ ...claim, evidence: claimEvidence }],
          provisions: [],
          relations: [{ ...rel, evidence: relEvidence }],
          links: [],
        },
        remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
        mentions: [],
        documents: [],
        checkDocs: [a.id, b.id],
      });
      const actor = kb.entities[1]!.id;
      const steps: Array<[RelationRecord["evidence"], ClaimRecord["evidence"]]> = [
        [[s1, s4], [{ ...s3, stance: "deny", actor: null }]],
        // added before, between and after the stored spans; given as offsets only
        [
          [offsets(s2), s1, offsets(s5), s4, offsets(s3)],
          [
            { ...s3, stance: "deny", actor: null },
            { ...offsets(s1), stance: "assert", actor },
          ],
        ],
        // dropped from the middle and the ends
        [[s1, s5], [{ ...s1, stance: "assert", actor }]],
        // moved: the order changes
        [
          [s5, s2, s1],
          [
            { ...s2, stance: "report", actor: null },
            { ...s1, stance: "assert", actor },
          ],
        ],
        [[], [{ ...s1, stance: "assert", actor }]],
      ];
      for (const [i, [relEvidence, claimEvidence]] of steps.entries()) {
        await ctx.store.applyKnowledgeBaseChange(change(relEvidence, claimEvidence));
        const textOf = (e: { start: number; end: number; doc: string }) =>
          (e.doc === a.id ? a : b).text.slice(e.start, e.end);
        const wantRel = {
          ...rel,
          evidence: relEvidence.map((e) => ({ doc: e.doc, start: e.start, end: e.end, text: textOf(e) })),
        };
        const wantClaim = {
          ...claim,
          evidence: claimEvidence.map((e) => ({
            doc: e.doc,
            start: e.start,
            end: e.end,
            text: textOf(e),
            stance: e.stance,
            actor: e.actor,
          })),
        };
        const rels = (await ctx.store.listRelations({ limit: 500 })).items.filter((r) => r.id === rel.id);
        assert.equal(JSON.stringify(rels), JSON.stringify([wantRel]), `relation after step ${i}`);
        const claims = (await ctx.store.listClaims({ limit: 500 })).items.filter((c) => c.id === claim.id);
        assert.equal(JSON.stringify(claims), JSON.stringify([wantClaim]), `claim after step ${i}`);
        const exported = (await collect(ctx.store.exportRecords())).filter((r) => r.kind === "relation");
        assert.equal(JSON.stringify(exported), JSON.stringify([wantRel]), `exported relation after step ${i}`);
        const spans = (await ctx.store.documentEvidence(b.id)).spans.filter((x) => x.record === rel.id);
        assert.deepEqual(
          spans.map((x) => [x.start, x.end]).sort((x, y) => x[0]! - y[0]!),
          relEvidence
            .filter((e) => e.doc === b.id)
            .map((e) => [e.start, e.end])
            .sort((x, y) => x[0]! - y[0]!),
          `reader spans after step ${i}`,
        );
      }
      // An offsets-only span outside its document is refused.
      await rejectsDossier(
        ctx.store.applyKnowledgeBaseChange(change([offsets({ doc: a.id, start: 0, end: a.text.length + 5 })], [])),
        "BAD_INPUT",
      );
      await ctx.store.replaceKnowledgeBase(emptyKb());
    },
  );
}

/** Analyses and ingest runs. */
function bookkeepingCases(ctx: ContractContext): void {
  // ---- analyses and runs -----------------------------------------------------------------------

  ctx.it("analyses", "putAnalysis/getAnalysis round-trip; listUnanalysed compares versions", async () => {
    const [d] = await insert(ctx.store, makeDoc(`analysis ${word()}`));
    assert.ok((await ctx.store.listUnanalysed("1.0")).includes(d.id));
    const analysis = {
      doc: d.id,
      version: "1.9",
      nlp: {
        lang: "en",
        sentences: [{ start: 0, end: 8, paragraph: 0 }],
        tokens: [],
        entities: [],
        mentions: [],
        times: [],
        notes: ["n"],
      },
      facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
    };
    await ctx.store.putAnalysis(analysis);
    assert.deepEqual(await ctx.store.getAnalysis(d.id), analysis);
    assert.ok(!(await ctx.store.listUnanalysed("1.9")).includes(d.id));
    assert.ok(!(await ctx.store.listUnanalysed("1.2")).includes(d.id), "an older pipeline does not redo newer work");
    assert.ok((await ctx.store.listUnanalysed("1.10")).includes(d.id), "1.10 is newer than 1.9");
    await ctx.store.putAnalysis({ ...analysis, version: "1.10" });
    assert.equal((await ctx.store.getAnalysis(d.id))?.version, "1.10");
    assert.ok(!(await ctx.store.listUnanalysed("1.10")).includes(d.id));
    const all = await collect(ctx.store.iterateAnalyses());
    assert.equal(all.filter((x) => x.doc === d.id).length, 1);
    assert.equal(await ctx.store.getAnalysis("d_nosuchdocument0"), null);
    await rejectsDossier(ctx.store.putAnalysis({ ...analysis, doc: "d_nosuchdocument0" }), "NOT_FOUND");
  });

  ctx.it(
    "analysis-failures",
    "a failed analysis is not tried again at its version; a newer one or a clear retries it",
    async () => {
      const [d, e] = await insert(ctx.store, makeDoc(`failing ${word()}`), makeDoc(`failing too ${word()}`));
      const at = "2026-12-07T14:00:00.000Z";
      await ctx.store.putAnalysisFailure({ doc: d.id, version: "3.1", reason: "thread crashed", at });
      await ctx.store.putAnalysisFailure({ doc: d.id, version: "3.2", reason: "out of time", at });
      await ctx.store.putAnalysisFailure({ doc: e.id, version: "3.2", reason: "threw", at });
      const mine = (await ctx.store.listAnalysisFailures()).filter((f) => f.doc === d.id || f.doc === e.id);
      assert.deepEqual(
        mine,
        [
          { doc: d.id, version: "3.2", reason: "out of time", at },
          { doc: e.id, version: "3.2", reason: "threw", at },
        ].sort((a, b) => (a.doc < b.doc ? -1 : 1)),
        "one failure per document, the latest, in id order",
      );
      const unanalysed = await ctx.store.listUnanalysed("3.2");
      assert.ok(!unanalysed.includes(d.id) && !unanalysed.includes(e.id), "not tried again at the version that failed");
      assert.ok((await ctx.store.listUnanalysed("3.10")).includes(d.id), "a newer pipeline tries it again");
      await ctx.store.putAnalysis({
        doc: e.id,
        version: "3.10",
        nlp: { lang: "en", sentences: [], tokens: [], entities: [], mentions: [], times: [], notes: [] },
        facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
      });
      assert.ok(
        !(await ctx.store.listAnalysisFailures()).some((f) => f.doc === e.id),
        "storing an analysis clears the failure",
      );
      assert.ok((await ctx.store.clearAnalysisFailures()) >= 1);
      assert.deepEqual(await ctx.store.listAnalysisFailures(), []);
      assert.ok((await ctx.store.listUnanalysed("3.2")).includes(d.id), "after a clear it is tried again");
      await rejectsDossier(
        ctx.store.putAnalysisFailure({ doc: "d_nosuchdocument0", version: "1", reason: "x", at }),
        "NOT_FOUND",
      );
    },
  );

  ctx.it("runs", "runs record one status per input, updatable, and count them on finish", async () => {
    const run = await ctx.store.startRun();
    assert.ok(run.id);
    assert.equal(run.finished_at, null);
    await ctx.store.recordFile(run.id, { source: "a.html", status: "failed", reason: "first try" });
    await ctx.store.recordFile(run.id, { source: "b.html", status: "ingested", doc: "d_b", sha256: "b".repeat(64) });
    await ctx.store.recordFile(run.id, {
      source: "c.jsonl#0",
      status: "duplicate",
      doc: "d_c",
      sha256: "c".repeat(64),
    });
    await ctx.store.recordFile(run.id, { source: "a.html", status: "ingested", doc: "d_a", sha256: "a".repeat(64) });
    const files = await ctx.store.listRunFiles(run.id);
    assert.deepEqual(
      files.map((f) => [f.source, f.status]),
      [
        ["a.html", "ingested"],
        ["b.html", "ingested"],
        ["c.jsonl#0", "duplicate"],
      ],
    );
    assert.equal(files[1].doc, "d_b");
    const done = await ctx.store.finishRun(run.id);
    assert.equal(done.id, run.id);
    assert.deepEqual([done.ingested, done.duplicate, done.failed], [2, 1, 0]);
    assert.ok(done.finished_at);
    const other = await ctx.store.startRun();
    assert.notEqual(other.id, run.id);
    assert.deepEqual(await ctx.store.listRunFiles(other.id), []);
    await rejectsDossier(ctx.store.recordFile("run_missing", { source: "x", status: "failed" }));
    await rejectsDossier(ctx.store.finishRun("run_missing"), "NOT_FOUND");
  });
}
