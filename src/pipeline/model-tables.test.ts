import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DocumentRecord } from "../model/records.js";
import { analyseDocument, storedAnalysis } from "./analyse.js";
import { adoptModelTables, type ModelTables } from "./model-tables.js";
import { AnalysisPool } from "./parallel.js";

/** Invented reports (no fixture text): people with roles, places, dates, a quote. */
const TEXTS = [
  "The harbour master of Valparaiso, Ana Ruiz, said on Monday that two cargo ships had collided near the port.",
  'Finance ministers from Kenya and Ghana met in Nairobi on Thursday. "We will cut tariffs," the Kenyan minister said.',
  "Police in Lyon detained three men after a fire at a warehouse, the prefecture said in a statement on Sunday.",
  "The World Bank approved a loan to Peru for road repairs, a spokesperson for the bank told reporters in Lima.",
];

function doc(i: number): DocumentRecord {
  return {
    kind: "document",
    schema: 1,
    id: `d_share${i}`,
    sha256: String(i).padEnd(64, "0"),
    source: `share${i}.txt`,
    title: null,
    outlet: null,
    url: null,
    authors: [],
    published: "2022-05-16",
    lang: "en",
    text: TEXTS[i % TEXTS.length]!,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
  };
}

/**
 * An entry that runs the real analysis thread and also reports, as a note, what shared tables it was
 * handed; with `failBuilder`, the thread asked to build the tables dies before it shares them.
 */
function spyWorker(dir: string, failBuilder: boolean): URL {
  const file = join(dir, `spy-${failBuilder}.mjs`);
  writeFileSync(
    file,
    `import { parentPort, workerData } from "node:worker_threads";
if (${failBuilder} && workerData.role === "build") throw new Error("simulated model-build failure");
// after the real entry's listener (the port delivers messages once the first listener is attached)
await import(${JSON.stringify(new URL("./analyse-worker.js", import.meta.url).href)});
parentPort.on("message", (msg) => {
  if (!("tables" in msg)) return;
  const t = msg.tables;
  parentPort.postMessage({ note: t === null ? "tables: none" :
    "tables: " + [t.parser.tagger.slots instanceof SharedArrayBuffer, t.gazetteer.buffer instanceof SharedArrayBuffer].join() });
});
`,
  );
  return pathToFileURL(file);
}

test("analysis threads that adopt the first thread's shared model tables analyse as the main thread does", {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-share-"));
  const pool = new AnalysisPool(3, { workerUrl: spyWorker(dir, false), shareModels: true });
  try {
    const docs = Array.from({ length: 8 }, (_, i) => doc(i));
    const got = await pool.analyse(docs);
    assert.deepEqual(
      got,
      docs.map((d) => storedAnalysis(analyseDocument(d))),
    );
    // both waiting threads were handed the tables, in shared memory; none refused them (a thread busy
    // loading may report after the documents are done: wait for it)
    for (let i = 0; i < 600 && pool.notes.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(pool.notes, ["tables: true,true", "tables: true,true"]);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("when the thread building the tables dies, the waiting threads load their own models", {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-share-fail-"));
  const pool = new AnalysisPool(2, { workerUrl: spyWorker(dir, true), shareModels: true, maxRestarts: 0 });
  try {
    const docs = Array.from({ length: 3 }, (_, i) => doc(i));
    const got = await pool.analyse(docs);
    assert.deepEqual(
      got,
      docs.map((d) => storedAnalysis(analyseDocument(d))),
    );
    assert.deepEqual(pool.notes, ["tables: none"]);
    assert.equal(pool.alive, 1);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tables of another model are refused (the thread then loads its own)", () => {
  const bogus = { parser: { dir: "/elsewhere" }, gazetteer: new Uint8Array(0) } as unknown as ModelTables;
  assert.throws(() => adoptModelTables(bogus), /not of the shipped parser model/);
});
