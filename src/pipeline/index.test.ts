import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../store/sqlite/index.js";
import { ingestFiles, ingestInputs } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { ANALYSIS_VERSION, analyseDocument, buildKnowledgeBase } from "./index.js";
import { ingestWithAnalysis } from "./stream.js";
import { AnalysisPool, DocumentAnalysisError } from "./parallel.js";
import { knowledgeBaseLag } from "./catch-up.js";
import type { DocumentRecord } from "../model/records.js";

const report = (extra = "") =>
  `Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday for talks with his North Korean counterpart Choe Son Hui.\n\n` +
  `Lavrov later met North Korean leader Kim Jong Un, officials said. ${extra}\n\n` +
  `"Our countries will deepen cooperation in energy and transport," Lavrov told reporters after the talks.`;

function doc(id: string, text: string): DocumentRecord {
  return {
    kind: "document",
    schema: 1,
    id,
    sha256: id.padEnd(64, "0"),
    source: `${id}.txt`,
    title: null,
    outlet: null,
    url: null,
    authors: [],
    published: "2023-10-20",
    lang: "en",
    text,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
  };
}

test("a document the language layer refuses gets an empty analysis with the reason, not an exception", () => {
  const huge = doc("d_huge", "word ".repeat(600_000)); // 3M characters: over the layer's cap
  const a = analyseDocument(huge);
  assert.equal(a.nlp.entities.length, 0);
  assert.equal(a.facts.events.length, 0);
  assert.ok(
    a.nlp.notes.some((n) => /analysis skipped/.test(n)),
    a.nlp.notes.join("; "),
  );
});

test("the knowledge base is built over the good documents when one document cannot be analysed; spans hold", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-pipeline-"));
  const store = createSqliteStore(join(dir, "p.db"));
  try {
    await store.init();
    const summary = await ingestFiles(
      store,
      [
        { name: "a.txt", bytes: Buffer.from(`Lavrov in Pyongyang\n\n${report()}`) },
        { name: "huge.txt", bytes: Buffer.from(`A very long page\n\n${"word ".repeat(600_000)}`) },
      ],
      { clean: cleanPage },
    );
    assert.equal(summary.ingested, 2);
    const stats = await buildKnowledgeBase(store);
    assert.equal(stats.documents, 2);
    const lavrov = await store.findEntities("Lavrov");
    assert.ok(
      lavrov.some((e) => e.type === "person"),
      "the good document's entities are in the knowledge base",
    );
    const texts = new Map<string, string>();
    for await (const d of store.iterateDocuments()) texts.set(d.id, d.text);
    for await (const r of store.exportRecords()) {
      const spans = "evidence" in r ? r.evidence : r.kind === "mention" || r.kind === "quote" ? [r] : [];
      for (const s of spans) assert.equal(texts.get(s.doc)?.slice(s.start, s.end), s.text, `${r.kind} span`);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document another process analysed after the stale list was read is neither analysed again nor a reason to rebuild in full", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-pipeline-"));
  const store = createSqliteStore(join(dir, "p.db"));
  try {
    await store.init();
    await ingestFiles(store, [{ name: "a.txt", bytes: Buffer.from(`Council vote\n\n${report()}`) }], {
      clean: cleanPage,
    });
    await buildKnowledgeBase(store);
    const ids: string[] = [];
    for await (const d of store.iterateDocuments()) ids.push(d.id);
    // the list a build reads first still names the document: as if it was read just before another process analysed it
    const racing = new Proxy(store, {
      get(target, prop) {
        if (prop === "listUnanalysed") return async () => ids;
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const stats = await buildKnowledgeBase(racing);
    assert.equal(stats.analysed, 0);
    assert.equal(stats.full, false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Eighteen short made-up reports (enough for the ingest to start its analysis threads). */
function writeReports(dir: string): string {
  const pages = join(dir, "pages");
  mkdirSync(pages);
  const towns = ["Aldwick", "Brenmoor", "Carrow", "Dunsley", "Elmfield", "Fairholt"];
  for (let i = 0; i < 18; i++) {
    const town = towns[i % towns.length];
    writeFileSync(
      join(pages, `p${String(i).padStart(2, "0")}.txt`),
      `Council vote in ${town}\n\nThe council of ${town} voted on Monday to close the old bridge, mayor Priya Natarajan said.\n\n` +
        `"We had no other choice," Natarajan told reporters in ${town}. Page ${i}.`,
    );
  }
  return pages;
}

/** Every exported record as JSON, sorted, without the ingest time and with sources relative to `pages`. */
async function exportOf(store: ReturnType<typeof createSqliteStore>, pages: string): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.exportRecords())
    out.push(JSON.stringify({ ...r, ingested_at: undefined }).replaceAll(`${pages}/`, ""));
  return out.sort();
}

/** Export of the reports ingested, then built on one thread: what every other path must give. */
let reference: Promise<string[]> | null = null;
function referenceExport(): Promise<string[]> {
  reference ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "dossier-reference-"));
    const store = createSqliteStore(join(dir, "plain.db"));
    try {
      await store.init();
      const pages = writeReports(dir);
      await ingestInputs(store, [pages], { clean: cleanPage });
      await buildKnowledgeBase(store, { threads: 1 });
      return await exportOf(store, pages);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return reference;
}

/**
 * An analysis-thread entry that analyses like the real one, except: `throw` and `kill` crash the
 * thread (an uncaught error) or the whole process (SIGKILL) on its `limit`-th document; `poison`
 * crashes the thread on any document whose text holds "POISON" and `hang` loops forever on it;
 * `startup` dies before it has loaded its models (it never says it is ready).
 */
function crashingWorker(dir: string, mode: "throw" | "kill" | "poison" | "hang" | "startup", limit = 0): URL {
  const file = join(dir, `worker-${mode}.mjs`);
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
import { analyseDocument, storedAnalysis, warmUpAnalysis } from ${JSON.stringify(new URL("./analyse.js", import.meta.url).href)};
const mode = ${JSON.stringify(mode)};
let n = 0;
parentPort.on("message", (msg) => {
  const poisoned = msg.doc.text.includes("POISON");
  if (++n === ${limit} || (mode === "poison" && poisoned)) {
    if (mode === "kill") process.kill(process.pid, "SIGKILL");
    throw new Error("simulated analysis-thread crash");
  }
  if (mode === "hang" && poisoned) for (;;);
  parentPort.postMessage({ seq: msg.seq, analysis: storedAnalysis(analyseDocument(msg.doc)) });
});
if (mode === "startup") throw new Error("simulated model-load failure");
warmUpAnalysis();
parentPort.postMessage({ ready: true });
`,
  );
  return pathToFileURL(file);
}

/** A page whose analysis the `poison` and `hang` workers fail on. */
function writePoisonPage(dir: string): string {
  const poison = join(dir, "poison");
  mkdirSync(poison);
  writeFileSync(
    join(poison, "bad.txt"),
    "Harbour reopens\n\nThe harbour of Westport reopened on Friday after repairs, officials said. POISON.",
  );
  return poison;
}

test("ingest with analysis on worker threads gives the same knowledge base as ingest, then build", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-stream-"));
  const pages = writeReports(dir);
  const streamed = createSqliteStore(join(dir, "streamed.db"));
  try {
    await streamed.init();
    const r = await ingestWithAnalysis(streamed, [pages], { clean: cleanPage, threads: 2 });
    assert.equal(r.summary.ingested, 18);
    assert.equal(r.threads, 2);
    assert.equal(r.failure, null);
    assert.equal(r.analysed, 18, "every new document was analysed during the ingest");
    assert.equal(r.signals.size, 18, "the merge's spin and sketch of every new document were computed meanwhile");
    // handed to the merge as `dossier ingest` hands them: the same knowledge base as computed by the merge
    const after = await buildKnowledgeBase(streamed, { signals: r.signals });
    assert.equal(after.analysed, 0, "nothing was left for the build to analyse");
    const a = await exportOf(streamed, pages);
    assert.ok(a.length > 18, "the export holds more than the documents");
    assert.deepEqual(a, await referenceExport());
  } finally {
    await streamed.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document that crashes its analysis thread fails alone: it is recorded, the thread replaced, every other document analysed", async () => {
  const mode = "poison";
  const dir = mkdtempSync(join(tmpdir(), `dossier-thread-${mode}-`));
  const pages = writeReports(dir);
  const poison = writePoisonPage(dir);
  const store = createSqliteStore(join(dir, "crashed.db"));
  try {
    await store.init();
    const workerUrl = crashingWorker(dir, mode);
    const r = await ingestWithAnalysis(store, [pages, poison], { clean: cleanPage, threads: 2, workerUrl });
    assert.equal(r.summary.ingested, 19);
    assert.equal(r.failure, null, "analysis went on after the bad document");
    assert.equal(r.analysed, 18, "every other document was analysed during the ingest");
    assert.equal(r.failedAnalyses.length, 1);
    assert.match(r.failedAnalyses[0]!.reason, /analysis thread crashed: simulated analysis-thread crash/);
    const failures = await store.listAnalysisFailures();
    assert.deepEqual(
      failures.map((f) => [f.doc, f.version, f.reason]),
      [[r.failedAnalyses[0]!.doc, ANALYSIS_VERSION, r.failedAnalyses[0]!.reason]],
    );
    const lag = await knowledgeBaseLag(store);
    assert.deepEqual([lag.unanalysed, lag.failed], [0, 1], "the failed document is not stale: builds leave it out");
    const build = await buildKnowledgeBase(store, { threads: 1 });
    assert.deepEqual([build.analysed, build.failed], [0, 0], "the build did not try it again");
    const withoutPoison = (await exportOf(store, pages)).filter((line) => !line.includes("POISON"));
    assert.deepEqual(withoutPoison, await referenceExport(), "the other documents' knowledge base is whole");
    // retried (the real layer analyses it): the failure is cleared and the document joins the knowledge base
    assert.equal(await store.clearAnalysisFailures(), 1);
    const retried = await buildKnowledgeBase(store, { threads: 1 });
    assert.deepEqual([retried.analysed, retried.failed], [1, 0]);
    assert.deepEqual(await store.listAnalysisFailures(), []);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a merged document whose new analysis fails keeps its older analysis in the knowledge base, said so", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-thread-keep-"));
  const pages = writeReports(dir);
  const poison = writePoisonPage(dir);
  const store = createSqliteStore(join(dir, "kept.db"));
  try {
    await store.init();
    await ingestInputs(store, [pages, poison], { clean: cleanPage });
    await buildKnowledgeBase(store, { threads: 1 });
    const ids: string[] = [];
    for await (const d of store.iterateDocuments()) ids.push(d.id);
    const poisonId = await docWith(store, "POISON");
    const before = await exportOf(store, pages);
    assert.ok(before.some((line) => line.includes(poisonId) && line.includes('"kind":"mention"')));
    // every analysis from an older pipeline: the next build analyses all 19 again, on threads
    for (const id of ids) {
      const a = await store.getAnalysis(id);
      assert.ok(a);
      await store.putAnalysis({ ...a, version: "0-older" });
    }
    const progress: string[] = [];
    const workerUrl = crashingWorker(dir, "poison");
    const stats = await buildKnowledgeBase(store, { threads: 2, workerUrl, onProgress: (m) => progress.push(m) });
    assert.deepEqual([stats.analysed, stats.failed, stats.full], [18, 1, true]);
    assert.ok(
      progress.some((m) => m.includes(poisonId) && m.includes("keeps its analysis of version 0-older")),
      progress.join("\n"),
    );
    assert.equal((await store.getAnalysis(poisonId))?.version, "0-older");
    assert.deepEqual(await exportOf(store, pages), before, "the rebuilt knowledge base still holds the document");
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Id of the one stored document whose text holds `marker`. */
async function docWith(store: ReturnType<typeof createSqliteStore>, marker: string): Promise<string> {
  const found: string[] = [];
  for await (const d of store.iterateDocuments()) if (d.text.includes(marker)) found.push(d.id);
  assert.equal(found.length, 1);
  return found[0]!;
}

test("analysis threads that cannot load their models blame no document: analysis stops and the build analyses everything", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-thread-startup-"));
  const pages = writeReports(dir);
  const store = createSqliteStore(join(dir, "crashed.db"));
  try {
    await store.init();
    const workerUrl = crashingWorker(dir, "startup");
    const r = await ingestWithAnalysis(store, [pages], { clean: cleanPage, threads: 2, workerUrl });
    assert.equal(r.summary.ingested, 18, "every page was stored although analysis stopped");
    assert.equal(r.analysed, 0);
    assert.deepEqual(r.failedAnalyses, [], "no document was blamed for the threads' failure");
    assert.match(r.failure ?? "", /simulated model-load failure/);
    assert.deepEqual(await store.listAnalysisFailures(), []);
    const build = await buildKnowledgeBase(store, { threads: 1 });
    assert.equal(build.analysed, 18);
    assert.deepEqual(await exportOf(store, pages), await referenceExport());
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document that never finishes is failed after the time limit and its thread replaced", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-pool-hang-"));
  const pool = new AnalysisPool(1, { workerUrl: crashingWorker(dir, "hang"), timeoutMs: 4000 });
  try {
    const hung = pool.analyseOne(doc("d_poison", "The harbour reopened on Friday. POISON."));
    const next = pool.analyseOne(doc("d_next", "The harbour of Westport reopened on Friday, officials said."));
    await assert.rejects(hung, (err: unknown) => {
      assert.ok(err instanceof DocumentAnalysisError, String(err));
      assert.equal(err.doc, "d_poison");
      assert.match(err.message, /took longer than 4 s/);
      return true;
    });
    assert.equal((await next).doc, "d_next", "the next document was analysed on a new thread");
    assert.equal(pool.restarts, 1);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a document put back by a thread that died loading its models goes to a thread already idle", {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-pool-requeue-"));
  // the first thread to start works; every later one dies while "loading" (after 300 ms, so the
  // working thread is idle by then), and no replacement is allowed
  const file = join(dir, "worker-one-good.mjs");
  writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";
import { openSync } from "node:fs";
import { analyseDocument, storedAnalysis, warmUpAnalysis } from ${JSON.stringify(new URL("./analyse.js", import.meta.url).href)};
let first = false;
try { openSync(${JSON.stringify(join(dir, "first"))}, "wx"); first = true; } catch {}
if (!first) await new Promise((_, reject) => setTimeout(() => reject(new Error("simulated model-load failure")), 300));
parentPort.on("message", (msg) => parentPort.postMessage({ seq: msg.seq, analysis: storedAnalysis(analyseDocument(msg.doc)) }));
warmUpAnalysis();
parentPort.postMessage({ ready: true });
`,
  );
  const pool = new AnalysisPool(2, { workerUrl: pathToFileURL(file), maxRestarts: 0 });
  try {
    // whichever thread gets it, the document is analysed: by the good one at once, or after the other dies
    const a = await pool.analyseOne(doc("d_one", "The harbour of Westport reopened on Friday, officials said."));
    assert.equal(a.doc, "d_one");
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("closing the analysis pool fails the documents it has not answered, and settles every promise", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-pool-close-"));
  try {
    const pool = new AnalysisPool(1, { workerUrl: crashingWorker(dir, "hang") });
    const poisoned = doc("d_poison", "The harbour reopened on Friday. POISON.");
    const waiting = [pool.analyseOne(poisoned), pool.analyseOne(doc("d_next", "The harbour reopened on Friday."))];
    const settled = Promise.allSettled(waiting);
    await new Promise((r) => setTimeout(r, 200));
    await pool.close();
    const results = await settled;
    assert.deepEqual(
      results.map((x) => x.status),
      ["rejected", "rejected"],
    );
    for (const x of results)
      assert.match(String((x as PromiseRejectedResult).reason), /closed before this document was analysed/);
    await assert.rejects(pool.analyseOne(poisoned), /no analysis thread is running/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a process killed mid-ingest loses no document: the next ingest and build finish the same knowledge base", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-kill-"));
  const pages = writeReports(dir);
  const db = join(dir, "killed.db");
  const child = join(dir, "ingest-child.mjs");
  const dist = (p: string) => JSON.stringify(new URL(p, import.meta.url).href);
  writeFileSync(
    child,
    `import { createSqliteStore } from ${dist("../store/sqlite/index.js")};
import { ingestWithAnalysis } from ${dist("./stream.js")};
import { cleanPage } from ${dist("../clean/index.js")};
const [db, pages, worker] = process.argv.slice(2);
const store = createSqliteStore(db);
await store.init();
await ingestWithAnalysis(store, [pages], { clean: cleanPage, threads: 2, workerUrl: new URL(worker) });
await store.close();
console.log("finished");
`,
  );
  const run = spawnSync(process.execPath, [child, db, pages, crashingWorker(dir, "kill", 4).href], {
    encoding: "utf8",
  });
  assert.equal(run.signal, "SIGKILL", `the child was killed mid-ingest (status ${run.status}, ${run.stderr})`);
  assert.doesNotMatch(run.stdout, /finished/);
  const store = createSqliteStore(db);
  try {
    await store.init();
    const stored = await store.countDocuments();
    const analysedBefore = stored - (await store.listUnanalysed(ANALYSIS_VERSION)).length;
    assert.ok(stored > 0 && stored < 18, `the kill came mid-ingest (${stored} of 18 stored)`);
    assert.ok(analysedBefore > 0 && analysedBefore < stored, `some stored documents were analysed (${analysedBefore})`);
    const again = await ingestWithAnalysis(store, [pages], { clean: cleanPage, threads: 2 });
    assert.deepEqual([again.summary.ingested, again.summary.duplicate, again.summary.failed], [18 - stored, stored, 0]);
    await buildKnowledgeBase(store, { threads: 1 });
    assert.equal((await store.listUnanalysed(ANALYSIS_VERSION)).length, 0);
    assert.deepEqual(await exportOf(store, pages), await referenceExport());
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a small ingest starts no analysis threads and leaves its documents to the build", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-stream-small-"));
  const store = createSqliteStore(join(dir, "s.db"));
  try {
    await store.init();
    const file = join(dir, "one.txt");
    writeFileSync(file, `Harbour reopens\n\nThe harbour of Westport reopened on Friday after repairs, officials said.`);
    const r = await ingestWithAnalysis(store, [file], { clean: cleanPage, threads: 2 });
    assert.deepEqual([r.summary.ingested, r.threads, r.analysed], [1, 0, 0]);
    assert.equal((await buildKnowledgeBase(store)).analysed, 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
