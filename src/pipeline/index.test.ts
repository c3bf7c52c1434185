import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../store/sqlite/index.js";
import { ingestFiles } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { analyseDocument, buildKnowledgeBase } from "./index.js";
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

test("ingest with analysis on worker threads gives the same knowledge base as ingest, then build", async () => {
  const { ingestWithAnalysis } = await import("./stream.js");
  const { ingestInputs } = await import("../ingest/index.js");
  const { writeFileSync, mkdirSync } = await import("node:fs");
  const dir = mkdtempSync(join(tmpdir(), "dossier-stream-"));
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
  const exportOf = async (store: ReturnType<typeof createSqliteStore>) => {
    const out: string[] = [];
    for await (const r of store.exportRecords()) out.push(JSON.stringify({ ...r, ingested_at: undefined }));
    return out.sort();
  };
  const streamed = createSqliteStore(join(dir, "streamed.db"));
  const plain = createSqliteStore(join(dir, "plain.db"));
  try {
    await streamed.init();
    await plain.init();
    const r = await ingestWithAnalysis(streamed, [pages], { clean: cleanPage, threads: 2 });
    assert.equal(r.summary.ingested, 18);
    assert.equal(r.threads, 2);
    assert.equal(r.failure, null);
    assert.equal(r.analysed, 18, "every new document was analysed during the ingest");
    const after = await buildKnowledgeBase(streamed);
    assert.equal(after.analysed, 0, "nothing was left for the build to analyse");
    await ingestInputs(plain, [pages], { clean: cleanPage });
    await buildKnowledgeBase(plain, { threads: 1 });
    const a = await exportOf(streamed);
    assert.ok(a.length > 18, "the export holds more than the documents");
    assert.deepEqual(a, await exportOf(plain));
  } finally {
    await streamed.close();
    await plain.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a small ingest starts no analysis threads and leaves its documents to the build", async () => {
  const { ingestWithAnalysis } = await import("./stream.js");
  const dir = mkdtempSync(join(tmpdir(), "dossier-stream-small-"));
  const store = createSqliteStore(join(dir, "s.db"));
  try {
    await store.init();
    const { writeFileSync } = await import("node:fs");
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
