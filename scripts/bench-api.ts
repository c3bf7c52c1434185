/**
 * API latency benchmark: p50/p95 of the timeline, entity-profile and search routes, measured
 * in-process through the Hono app (no network noise) on
 *   1. the fixture knowledge base (or an existing database: --db PATH), and
 *   2. a synthetic store of N documents (default 10 000) generated straight into SQLite.
 *
 * Usage: npx tsx scripts/bench-api.ts [--db dossier.db] [--docs 10000] [--runs 200] [--json]
 */
import { parseArgs } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, loadavg, cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../src/server/app.js";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import type { KnowledgeBase, Store } from "../src/store/store.js";
import type {
  DocumentRecord,
  EntityRecord,
  EventRecord,
  MentionRecord,
  QuoteRecord,
  ClaimRecord,
  RelationRecord,
  EntityType,
} from "../src/model/records.js";
import { PLOVER_TYPES } from "../src/model/records.js";
import { documentId, sha256Hex, stableId } from "../src/util/ids.js";
import { fixtureStore } from "../test/fixtures/kb.js";
import { seededRandom as rng } from "../src/util/random.js";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    docs: { type: "string", default: "10000" },
    runs: { type: "string", default: "200" },
    json: { type: "boolean" },
  },
});
const RUNS = Number(values.runs);
const DOCS = Number(values.docs);

const FIRST = [
  "Arven",
  "Belka",
  "Corin",
  "Dalia",
  "Edvin",
  "Farah",
  "Goran",
  "Hilde",
  "Ivo",
  "Jelena",
  "Kasim",
  "Lior",
  "Marta",
  "Nils",
  "Oona",
  "Pavel",
  "Quinn",
  "Rada",
  "Soren",
  "Tamar",
];
const LAST = ["Voss", "Karimov", "Lindqvist", "Okafor", "Petrescu", "Halden", "Moreau", "Ishida", "Novak", "Aalto"];
const COUNTRIES = [
  "Northland",
  "Southmark",
  "Eastvale",
  "Westreach",
  "Highmoor",
  "Lowfen",
  "Redcliff",
  "Greyport",
  "Ambermere",
  "Coldwater",
  "Ironhill",
  "Saltmarsh",
];
const ORGS = [
  "Ministry of Trade",
  "Defence Council",
  "Rail Authority",
  "Energy Board",
  "Space Agency",
  "Customs Service",
];
const TOPICS = [
  "grain",
  "fuel",
  "rail freight",
  "satellite launches",
  "artillery shells",
  "fishing rights",
  "labour permits",
  "port access",
  "power lines",
  "student exchanges",
];
const VERBS = [
  "met",
  "signed an accord with",
  "accused",
  "hosted",
  "warned",
  "pledged aid to",
  "sanctioned",
  "held talks with",
];

async function synthStore(
  n: number,
): Promise<{ store: Store; dir: string; entities: EntityRecord[]; words: string[]; buildMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), "dossier-bench-"));
  const store = createSqliteStore(join(dir, "bench.db"));
  await store.init();
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const entities: EntityRecord[] = [];
  const add = (type: EntityType, name: string) =>
    entities.push({
      kind: "entity",
      id: stableId("e", type, name),
      type,
      name,
      aliases: [],
      roles: [],
      docs: 0,
      mentions: 0,
    });
  for (const f of FIRST) for (const l of LAST.slice(0, 8)) add("person", `${f} ${l}`);
  for (const c of COUNTRIES) add("country", c);
  for (const c of COUNTRIES) for (const o of ORGS) add("organization", `${c} ${o}`);
  const byName = new Map(entities.map((e) => [e.name, e]));
  const t0 = performance.now();
  const mentions: MentionRecord[] = [];
  const events: EventRecord[] = [];
  const quotes: QuoteRecord[] = [];
  const relations: RelationRecord[] = [];
  const claimEvidence = new Map<string, ClaimRecord>();
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const spans: Array<{ name: string; start: number; end: number }> = [];
    let text = "";
    const push = (s: string) => {
      text += s;
    };
    const sentences: Array<{ start: number; end: number; a: string; b: string }> = [];
    const count = 4 + Math.floor(r() * 6);
    for (let k = 0; k < count; k++) {
      const a = pick(entities).name;
      const b = pick(entities).name;
      const start = text.length;
      push(a);
      spans.push({ name: a, start, end: start + a.length });
      push(` ${pick(VERBS)} `);
      const bs = text.length;
      push(b);
      spans.push({ name: b, start: bs, end: bs + b.length });
      push(` over ${pick(TOPICS)} in ${pick(COUNTRIES)}.`);
      sentences.push({ start, end: text.length, a, b });
      push(k % 3 === 2 ? "\n\n" : " ");
      parts.push(a);
    }
    const qs = text.length;
    const quote = `We will not give up on ${pick(TOPICS)},`;
    push(`"${quote}" said ${sentences[0].a}.`);
    const raw = new TextEncoder().encode(text + i);
    const sha = sha256Hex(raw);
    const month = String(1 + Math.floor(r() * 12)).padStart(2, "0");
    const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
    const doc: DocumentRecord = {
      kind: "document",
      schema: 1,
      id: documentId(sha),
      sha256: sha,
      source: `synthetic/${i}.txt`,
      title: `${sentences[0].a} and ${sentences[0].b} on ${pick(TOPICS)}`,
      outlet: `Outlet ${i % 40}`,
      url: `https://outlet${i % 40}.example/${i}`,
      authors: [],
      published: `${2022 + (i % 3)}-${month}-${day}`,
      lang: i % 10 === 0 ? "ru" : "en",
      text,
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
    };
    await store.insertDocument(doc, raw);
    for (const s of spans) {
      const e = byName.get(s.name)!;
      mentions.push({ kind: "mention", doc: doc.id, entity: e.id, start: s.start, end: s.end, text: s.name });
    }
    const s0 = sentences[0];
    const ev = { doc: doc.id, start: s0.start, end: s0.end, text: text.slice(s0.start, s0.end) };
    events.push({
      kind: "event",
      id: stableId("v", doc.id),
      type: pick([...PLOVER_TYPES]),
      summary: `${s0.a} and ${s0.b}`,
      date: doc.published,
      actors: [byName.get(s0.a)!.id],
      targets: [byName.get(s0.b)!.id],
      location: null,
      evidence: [ev],
    });
    quotes.push({
      kind: "quote",
      id: stableId("q", doc.id),
      doc: doc.id,
      start: qs + 1,
      end: qs + 1 + quote.length,
      text: quote,
      direct: true,
      speaker: byName.get(s0.a)!.id,
      speaker_text: s0.a,
      cue: "said",
      event: null,
    });
    if (i % 3 === 0)
      relations.push({
        kind: "relation",
        id: stableId("r", doc.id),
        source: byName.get(s0.a)!.id,
        target: byName.get(s0.b)!.id,
        type: pick(["military", "economic", "political", "energy", "conflict"]),
        evidence: [ev],
      });
    const key = `${s0.a}|${pick(TOPICS)}`;
    const claim = claimEvidence.get(key) ?? {
      kind: "claim",
      id: stableId("c", key),
      text: `${key.replace("|", " supplied ")}`,
      asserted_by: [],
      denied_by: [],
      evidence: [],
      independent_outlets: 0,
    };
    claim.evidence.push({ ...ev, stance: r() < 0.2 ? "deny" : "assert" });
    claim.independent_outlets = new Set(claim.evidence.map((x) => x.doc)).size;
    claimEvidence.set(key, claim);
  }
  for (const e of entities) {
    const mine = mentions.filter((m) => m.entity === e.id);
    e.mentions = mine.length;
    e.docs = new Set(mine.map((m) => m.doc)).size;
  }
  const kb: KnowledgeBase = {
    entities,
    mentions,
    events,
    quotes,
    claims: [...claimEvidence.values()],
    provisions: [],
    relations,
    links: [],
    documents: [],
  };
  await store.replaceKnowledgeBase(kb);
  const words = [...TOPICS.flatMap((t) => t.split(" ")), ...COUNTRIES, ...FIRST];
  return { store, dir, entities, words, buildMs: performance.now() - t0 };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(store: Store, label: string, entityIds: string[], words: string[]) {
  const app = createApp(store);
  const r = rng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const routes: Record<string, () => string> = {
    "timeline (first page)": () => "/api/timeline?limit=50",
    "timeline ?entity=": () => `/api/timeline?entity=${encodeURIComponent(pick(entityIds))}&limit=50`,
    "entity profile": () => `/api/entities/${encodeURIComponent(pick(entityIds))}`,
    "search + facets": () => `/api/search?q=${encodeURIComponent(pick(words))}&limit=25`,
  };
  const rows: Array<{ db: string; route: string; p50: number; p95: number; runs: number }> = [];
  for (const [route, path] of Object.entries(routes)) {
    for (let i = 0; i < 10; i++) await (await app.request(path())).arrayBuffer(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await app.request(path());
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${route}: HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
    rows.push({ db: label, route, p50: +pct(times, 50).toFixed(2), p95: +pct(times, 95).toFixed(2), runs: RUNS });
  }
  return rows;
}

const results: Array<{ db: string; route: string; p50: number; p95: number; runs: number }> = [];
{
  let store: Store;
  let label: string;
  if (values.db) {
    store = createSqliteStore(values.db);
    await store.init();
    label = values.db;
  } else {
    store = (await fixtureStore()).store;
    label = "fixture (5 docs)";
  }
  const ents = (await store.listEntities({ limit: 200 })).items.map((e) => e.id);
  results.push(
    ...(await measure(store, label, ents, ["Lavrov", "treaty", "shells", "Pyongyang", "artillery", "Kim", "Russia"])),
  );
  await store.close();
}
{
  const { store, dir, entities, words, buildMs } = await synthStore(DOCS);
  const n = await store.countDocuments();
  if (!values.json)
    console.error(
      `synthetic store: ${n} documents, ${entities.length} entities, built in ${(buildMs / 1000).toFixed(1)} s`,
    );
  results.push(
    ...(await measure(
      store,
      `synthetic (${n} docs)`,
      entities.map((e) => e.id),
      words,
    )),
  );
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
if (values.json) console.log(JSON.stringify({ loadavg: loadavg(), cpus: cpus().length, results }, null, 2));
else {
  console.log(`machine: ${cpus().length} CPUs, load average ${load} (p95 is sensitive to other load)`);
  console.log(`${"database".padEnd(26)} ${"route".padEnd(24)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
  for (const r of results)
    console.log(`${r.db.padEnd(26)} ${r.route.padEnd(24)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)}`);
}
