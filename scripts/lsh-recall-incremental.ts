/**
 * End-to-end incremental copy linking on the synthetic aggregator corpus: every document stored in a
 * fresh SQLite store (no analyses: provenance needs only the text), merged in batches through the
 * incremental path (`mergeDocuments`: band index → sketch filter → linkCopies per candidate pair →
 * families), then the families read back. Compared with the batch path (linkCopies over the whole
 * corpus, its own anchor index) on the same documents: reposts in their source's family, same-source
 * negatives in the original's family, pairwise family precision/recall.
 *
 *   npx tsx scripts/lsh-recall-incremental.ts [seed] [dev|test] [--batch=50] [--no-batch-path] [--upgrade]
 *
 * With --upgrade, the merged store is then turned back into what the index version before decision 176
 * left (content-pair signatures and band rows removed, that version recorded), upgraded by
 * `ensureBandIndex`, and its band rows and sketches compared with those before (CPU time reported).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticBases } from "../src/kb/provenance/clean-corpus.js";
import { makeAggregatorCorpus } from "../src/kb/provenance/synthetic-aggregator.js";
import { linkCopies, type LinkDoc } from "../src/kb/provenance/links.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import { mergeDocuments } from "../src/kb/incremental.js";
import { ensureBandIndex, type StoredDocState } from "../src/kb/band-index.js";
import { LSH_INDEX_VERSION_BEFORE_PAIRS, nearDuplicateSketch } from "../src/kb/near-dup.js";
import type { KnowledgeBaseChange, StateRow, Store } from "../src/store/store.js";
import type { DocumentRecord } from "../src/model/records.js";
import { plainDocument } from "../src/store/testkit.js";
import { seededRandom } from "../src/util/random.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const batchSize = Number(process.argv.find((a) => a.startsWith("--batch="))?.split("=")[1] ?? 50);
const seed = Number(args[0] ?? 1);
const split = args[1] ?? "dev";
const bases = syntheticBases(seed, split);
const corpus = makeAggregatorCorpus(bases, 1000, seed);
const credit = (name: string) => ({ kind: "source" as const, name, line: `Source: ${name}` });
/** Store id (sha of the text) of each corpus document. */
const storeId = new Map<string, string>();
const docs: Array<{ doc: DocumentRecord; raw: Uint8Array }> = [];
for (const d of corpus) {
  const stored = plainDocument(d.text, {
    source: d.id,
    outlet: d.outlet,
    published: d.published,
    credits: d.credits.map(credit),
  });
  storeId.set(d.id, stored.doc.id);
  docs.push(stored);
}

function score(name: string, familyOf: (corpusId: string) => string, seconds: number, candidates?: number): void {
  let reposts = 0;
  let joined = 0;
  let negatives = 0;
  let falseJoins = 0;
  for (const d of corpus) {
    if (d.kind === "aggregator") {
      reposts++;
      if (familyOf(d.id) === familyOf(d.source!)) joined++;
    }
    if (d.kind === "same-source") {
      negatives++;
      if (familyOf(d.id) === familyOf(d.id.replace(/_s$/, "_o"))) falseJoins++;
    }
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < corpus.length; i++)
    for (let j = i + 1; j < corpus.length; j++) {
      const same = corpus[i]!.family === corpus[j]!.family;
      const pred = familyOf(corpus[i]!.id) === familyOf(corpus[j]!.id);
      if (same && pred) tp++;
      else if (pred) fp++;
      else if (same) fn++;
    }
  console.log(
    JSON.stringify({
      path: name,
      documents: corpus.length,
      reposts_joined: `${joined}/${reposts}`,
      same_source_joined: `${falseJoins}/${negatives}`,
      family_pairs_precision: +(tp / (tp + fp)).toFixed(3),
      family_pairs_recall: +(tp / (tp + fn)).toFixed(3),
      aligned_pairs: candidates,
      seconds: +seconds.toFixed(1),
    }),
  );
}

/** The index's band rows and sketches of every document. */
async function indexRows(store: Store): Promise<string[]> {
  const keys = [...new Set(docs.flatMap(({ doc }) => nearDuplicateSketch(doc.text).keys))];
  const out: string[] = [];
  for (const [k, subs] of await store.readState("lsh", keys)) for (const sub of subs.keys()) out.push(`${k}|${sub}`);
  for (const [k, subs] of await store.readState(
    "doc",
    docs.map(({ doc }) => doc.id),
  ))
    out.push(`doc ${k}|${subs.get("")}`);
  return out.sort();
}

async function upgradeCheck(store: Store): Promise<void> {
  const want = await indexRows(store);
  const put: StateRow[] = [{ space: "meta", key: "lsh", sub: "", value: LSH_INDEX_VERSION_BEFORE_PAIRS }];
  const del: KnowledgeBaseChange["stateDelete"] = [];
  for (const [id, subs] of await store.readState(
    "doc",
    docs.map(({ doc }) => doc.id),
  )) {
    const state = JSON.parse(subs.get("")!) as StoredDocState;
    const { p: _p, ps: _ps, ...nd } = state.nd!;
    put.push({ space: "doc", key: id, sub: "", value: JSON.stringify({ ...state, nd }) });
  }
  for (const { doc } of docs)
    for (const k of nearDuplicateSketch(doc.text).keys)
      if (Number(k) >= 3 * 64 * 2 ** 32) del.push({ space: "lsh", key: k, sub: doc.id });
  const none = { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] };
  await store.applyKnowledgeBaseChange({
    upsert: none,
    remove: none,
    mentions: [],
    documents: [],
    checkDocs: [],
    statePut: put,
    stateDelete: del,
  });
  const removed = del.length;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const upgraded = await ensureBandIndex(store);
  const c = process.cpuUsage(cpu0);
  const same = JSON.stringify(await indexRows(store)) === JSON.stringify(want);
  console.log(
    JSON.stringify({
      upgrade_from: LSH_INDEX_VERSION_BEFORE_PAIRS,
      band_rows_removed_then_restored: removed,
      documents_upgraded: upgraded,
      cpu_ms_per_document: +((c.user + c.system) / 1000 / upgraded).toFixed(2),
      wall_s: +((performance.now() - t) / 1000).toFixed(1),
      index_identical_to_fresh: same,
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), "dossier-lshinc-"));
try {
  const store = createSqliteStore(join(dir, "inc.db"));
  await store.init();
  for (const { doc, raw } of docs) await store.insertDocument(doc, raw);
  // Arrival order: shuffled (a repost may arrive before its source).
  const order = [...docs.map((d) => d.doc.id)];
  const orng = seededRandom(seed ^ 0x1ce);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(orng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let t = performance.now();
  let aligned = 0;
  for (let i = 0; i < order.length; i += batchSize)
    aligned += (await mergeDocuments(store, order.slice(i, i + batchSize))).candidatePairs;
  const incSeconds = (performance.now() - t) / 1000;
  const fam = new Map<string, string>();
  for await (const r of store.exportRecords()) if (r.kind === "document") fam.set(r.id, r.family ?? r.id);
  if (process.argv.includes("--upgrade")) await upgradeCheck(store);
  await store.close();
  score(`incremental (batches of ${batchSize})`, (id) => fam.get(storeId.get(id)!)!, incSeconds, aligned);
  if (!process.argv.includes("--no-batch-path")) {
    t = performance.now();
    const linkDocs: LinkDoc[] = docs.map(({ doc }) => {
      const s = detectSpin(doc.text, "en");
      return { ...doc, credits: doc.credits ?? [], spun: { score: s.score, is_spun: s.is_spun } } as LinkDoc;
    });
    const result = linkCopies(linkDocs);
    score(
      "batch (linkCopies over the corpus)",
      (id) => result.family.get(storeId.get(id)!) ?? storeId.get(id)!,
      (performance.now() - t) / 1000,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
