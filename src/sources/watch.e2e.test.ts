/**
 * `dossier watch` end to end in a temp directory: files present at start are ingested, a new file
 * and a changed file are picked up, a half-written temporary is ignored, a copy is a duplicate.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../store/sqlite/index.js";
import { ingestAndBuild } from "../pipeline/index.js";
import { ignoredPath, watchDirectory, type WatchBatch } from "./watch.js";

const story = (who: string, place: string) =>
  `${who} visits ${place}\n\n${who}, the trade commissioner, arrived in ${place} on Monday for two days of talks on port fees, officials said.\n\n` +
  `"We came to listen," ${who} told reporters after the first meeting.`;

test("ignored paths: hidden files and download temporaries", () => {
  assert.equal(ignoredPath("a.txt"), false);
  assert.equal(ignoredPath(join("sub", "b.html")), false);
  for (const p of [".hidden", join(".git", "x"), "c.txt.part", "d.tmp", "e.txt~", "f.crdownload"])
    assert.equal(ignoredPath(p), true, p);
});

test("watch ingests existing, new and changed files and merges them into the knowledge base", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-watch-"));
  const inbox = join(dir, "inbox");
  mkdirSync(join(inbox, "sub"), { recursive: true });
  writeFileSync(join(inbox, "first.txt"), story("Mira Holt", "Valmora"));
  const store = createSqliteStore(join(dir, "w.db"));
  await store.init();
  const batches: WatchBatch[] = [];
  let wake: (() => void) | null = null;
  const nextBatch = () => new Promise<void>((r) => (wake = r));
  const ctl = new AbortController();
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => (ready = r));
  const watching = watchDirectory(inbox, {
    signal: ctl.signal,
    settleMs: 100,
    rescanMs: 1000,
    ingest: (paths) => ingestAndBuild(store, paths),
    onReady: () => ready(),
    onBatch: (b) => {
      batches.push(b);
      wake?.();
    },
  });
  try {
    await isReady;
    assert.equal(batches.length, 1, "the existing file is ingested at start");
    assert.equal(await store.countDocuments(), 1);

    let waiting = nextBatch();
    writeFileSync(join(inbox, "sub", "second.txt.part"), "half written");
    writeFileSync(join(inbox, "sub", "second.txt"), story("Jonas Brandt", "Ostrin"));
    await waiting;
    assert.deepEqual(batches.at(-1)!.files, [join(inbox, "sub", "second.txt")], "the temporary is ignored");
    assert.equal(await store.countDocuments(), 2);
    assert.ok((await store.findEntities("Jonas Brandt")).length > 0, "merged into the knowledge base");

    waiting = nextBatch();
    writeFileSync(join(inbox, "first.txt"), story("Mira Holt", "Palde")); // changed content: a new document
    await waiting;
    assert.equal(await store.countDocuments(), 3);

    waiting = nextBatch();
    writeFileSync(join(inbox, "copy.txt"), story("Jonas Brandt", "Ostrin")); // same bytes as second.txt
    await waiting;
    const r = batches.at(-1)!.result as Awaited<ReturnType<typeof ingestAndBuild>>;
    assert.equal(r.summary.duplicate, 1);
    assert.equal(await store.countDocuments(), 3, "a copy is stored once");
  } finally {
    ctl.abort();
    await watching;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
