/**
 * Measures the SQLite store and ingest on a generated corpus: ingest throughput (files/s, one
 * transaction per document), database size, search and timeline latency (p50/p95), KB
 * replacement time. Prints one JSON object. Not a test: figures depend on the machine.
 *
 * Usage: npx tsx src/store/sqlite/measure.ts [documents=5000] [events=20000]
 */
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ingestInputs } from "../../ingest/ingest.js";
import type { EntityRecord, EventRecord, MentionRecord } from "../../model/records.js";
import type { KnowledgeBase } from "../store.js";
import { createSqliteStore } from "./store.js";
import { seededRandom as rng } from "../../util/random.js";
import { passThroughClean as passThrough } from "../../ingest/pass-through.js";

const VOCAB = (
  "minister visit talks treaty signed defence cooperation sanctions ammunition missile launch summit delegation " +
  "railway energy labour students satellite port border artillery shells exports wheat tourism bank rouble won " +
  "foreign ministry statement agreement partnership strategic military technical assistance aggression denial"
).split(" ");
const NAMES = [
  "Lavrov",
  "Shoigu",
  "Choe",
  "Kim",
  "Putin",
  "Blinken",
  "Kirby",
  "Pyongyang",
  "Moscow",
  "Vostochny",
  "Seoul",
  "Tokyo",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2) };
}

async function main(): Promise<void> {
  const nDocs = Number(process.argv[2] ?? 5000);
  const nEvents = Number(process.argv[3] ?? 20000);
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const dir = mkdtempSync(join(tmpdir(), "dossier-measure-"));
  try {
    const corpus = join(dir, "corpus");
    for (let i = 0; i < nDocs; i++) {
      const sub = join(corpus, String(Math.floor(i / 500)));
      if (i % 500 === 0) mkdirSync(sub, { recursive: true });
      const paras = Array.from(
        { length: 8 },
        () => Array.from({ length: 60 }, () => (rand() < 0.1 ? pick(NAMES) : pick(VOCAB))).join(" ") + ".",
      );
      writeFileSync(join(sub, `doc-${i}.txt`), paras.join("\n\n"));
    }
    const db = join(dir, "measure.db");
    const store = createSqliteStore(db);
    await store.init();

    let t = performance.now();
    const summary = await ingestInputs(store, [corpus], { clean: passThrough });
    const ingestMs = performance.now() - t;
    const rerunStart = performance.now();
    const rerun = await ingestInputs(store, [corpus], { clean: passThrough });
    const rerunMs = performance.now() - rerunStart;

    const queries = [
      "Lavrov",
      "treaty signed",
      "ammunition shells",
      "Kim Putin summit",
      'NEAR( "sanctions*',
      "satellite launch Vostochny",
    ];
    const search = await timeIt(60, (i) => store.search(queries[i % queries.length], { limit: 20 }));

    // A KB of nEvents events, 200 entities and one mention per document.
    const docs: Array<{ id: string; text: string }> = [];
    for await (const d of store.iterateDocuments()) docs.push({ id: d.id, text: d.text });
    const entities: EntityRecord[] = Array.from({ length: 200 }, (_, i) => ({
      kind: "entity",
      id: `e_${i}`,
      type: "person",
      name: `${pick(NAMES)} Person${i}`,
      aliases: [`P${i}`],
      roles: [],
      docs: 1,
      mentions: i,
    }));
    const mentions: MentionRecord[] = docs.map((d, i) => ({
      kind: "mention",
      doc: d.id,
      entity: `e_${i % 200}`,
      start: 0,
      end: 9,
      text: d.text.slice(0, 9),
    }));
    const events: EventRecord[] = Array.from({ length: nEvents }, (_, i) => {
      const d = docs[i % docs.length];
      const y = 2020 + Math.floor(rand() * 5);
      const m = String(1 + Math.floor(rand() * 12)).padStart(2, "0");
      return {
        kind: "event",
        id: `v_${i}`,
        type: "CONSULT",
        summary: `event ${i}`,
        date: rand() < 0.1 ? null : rand() < 0.3 ? `${y}-${m}` : `${y}-${m}-1${Math.floor(rand() * 9)}`,
        actors: [`e_${i % 200}`],
        targets: [`e_${(i * 7) % 200}`],
        location: null,
        evidence: [{ doc: d.id, start: 0, end: 20, text: d.text.slice(0, 20) }],
      };
    });
    const kb: KnowledgeBase = {
      entities,
      mentions,
      events,
      quotes: [],
      claims: [],
      provisions: [],
      relations: [],
      links: [],
      documents: [],
    };
    t = performance.now();
    await store.replaceKnowledgeBase(kb);
    const kbMs = performance.now() - t;
    const timeline = await timeIt(40, (i) =>
      store.timeline({ entity: `e_${i % 200}`, from: "2022", to: "2023-06", limit: 50 }),
    );
    const timelineAll = await timeIt(20, (i) => store.timeline({ offset: i * 50, limit: 50 }));
    const find = await timeIt(40, (i) => store.findEntities(i % 2 ? "lavrov" : `person${i}`));
    const searchEntity = await timeIt(20, (i) => store.search("treaty", { entity: `e_${i}`, limit: 20 }));
    await store.close();

    const size = statSync(db).size + (statSync(db + "-wal", { throwIfNoEntry: false })?.size ?? 0);
    console.log(
      JSON.stringify(
        {
          documents: nDocs,
          events: nEvents,
          ingest: {
            ms: Math.round(ingestMs),
            files_per_s: Math.round(nDocs / (ingestMs / 1000)),
            ingested: summary.ingested,
            failed: summary.failed,
          },
          reingest_duplicates: {
            ms: Math.round(rerunMs),
            files_per_s: Math.round(nDocs / (rerunMs / 1000)),
            duplicate: rerun.duplicate,
          },
          db_mb: +(size / 1024 / 1024).toFixed(1),
          search_ms: search,
          search_with_entity_filter_ms: searchEntity,
          replace_kb_ms: Math.round(kbMs),
          timeline_entity_window_ms: timeline,
          timeline_page_ms: timelineAll,
          find_entities_ms: find,
        },
        null,
        1,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
