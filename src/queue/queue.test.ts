import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresStore } from "../store/postgres/index.js";
import { dropSchema, freshSchemaName, pgTestUrl, withSchema } from "../store/postgres/testing.js";
import type { Store } from "../store/store.js";
import { writeCorpus, articlePath } from "../synth/write.js";
import { generateCorpus } from "../synth/generate.js";
import { DossierError } from "../util/errors.js";
import {
  enqueueIngest,
  expandQueueInputs,
  queueStatus,
  runWorker,
  statusFromSummary,
  type WorkerEvent,
} from "./index.js";
import { ingestOne } from "./testing.js";
import { plainDocument } from "../store/testkit.js";

const tmp = mkdtempSync(join(tmpdir(), "dossier-queue-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("expandQueueInputs walks directories in name order, keeps ingestible files, refuses stdin and missing paths", async () => {
  const dir = join(tmp, "expand");
  mkdirSync(join(dir, "b", "deep"), { recursive: true });
  mkdirSync(join(dir, ".hidden"), { recursive: true });
  for (const f of ["b/deep/z.html", "a.txt", "b/c.jsonl", "notes.pdf", ".hidden/x.txt", "d.txt.gz"])
    writeFileSync(join(dir, f), "x");
  assert.deepEqual(
    await expandQueueInputs([dir]),
    ["a.txt", "b/c.jsonl", "b/deep/z.html", "d.txt.gz"].map((f) => join(dir, f)),
  );
  // A file named explicitly is queued whatever its type (the worker reports why it fails).
  assert.deepEqual(await expandQueueInputs([join(dir, "notes.pdf"), "https://example.org/a"]), [
    join(dir, "notes.pdf"),
    "https://example.org/a",
  ]);
  await assert.rejects(expandQueueInputs(["-"]), (e: unknown) => e instanceof DossierError && e.code === "USAGE");
  await assert.rejects(
    expandQueueInputs([join(dir, "nope"), dir]),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT" && /nope/.test(e.message),
  );
});

test("runWorker refuses a SQLite target and bad concurrency", async () => {
  const process = async () => ({ source: "x", status: "ingested" as const });
  await assert.rejects(
    runWorker({ db: "./dossier.db", concurrency: 1, process }),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
  );
  await assert.rejects(
    runWorker({ db: "postgres://x@127.0.0.1/db", concurrency: 0, process }),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
  );
});

const url = pgTestUrl();
if (url) {
  describe("queue on PostgreSQL", () => {
    const schemas: string[] = [];
    /** A fresh store schema (its queue gets `<schema>_queue`). */
    const freshDb = () => {
      const s = freshSchemaName("dossier_q");
      schemas.push(s, `${s}_queue`);
      return withSchema(url, s);
    };
    const open = async (db: string): Promise<Store> => {
      const s = createPostgresStore(db);
      await s.init();
      return s;
    };
    after(async () => {
      for (const s of schemas) await dropSchema(url, s);
    });

    const N = 60;
    const corpus = join(tmp, "corpus");
    let unique = 0;
    before(async () => {
      await writeCorpus({ count: N, seed: 11, out: corpus, copyRate: 0.25, spinRate: 0.1, manifest: false });
      unique = new Set([...generateCorpus({ count: N, seed: 11, copyRate: 0.25, spinRate: 0.1 })].map((a) => a.text))
        .size;
      assert.ok(unique < N, "the corpus holds exact copies");
    });

    test("one job per file; workers drain the queue; each text stored once with its exact bytes", async () => {
      const db = freshDb();
      assert.deepEqual(
        await queueStatus(db),
        { queued: 0, active: 0, done: 0, failed: [], failedTotal: 0 },
        "no queue yet: zeros, nothing created",
      );
      assert.deepEqual(await enqueueIngest(db, [corpus], { retryDelaySeconds: 0 }), { jobs: N });
      const before = await queueStatus(db);
      assert.equal(before.queued, N);
      const events: WorkerEvent[] = [];
      await runWorker({
        db,
        concurrency: 3,
        process: (input, store) => ingestOne(input, store),
        until: "drained",
        pollIntervalMs: 100,
        onEvent: (e) => events.push(e),
      });
      const status = await queueStatus(db);
      assert.deepEqual(
        { ...status, failed: status.failed.length },
        { queued: 0, active: 0, done: N, failed: 0, failedTotal: 0 },
      );
      const done = events.filter((e): e is Extract<WorkerEvent, { type: "job-done" }> => e.type === "job-done");
      assert.equal(done.length, N);
      assert.equal(done.filter((e) => e.status.status === "ingested").length, unique);
      assert.equal(done.filter((e) => e.status.status === "duplicate").length, N - unique);
      const store = await open(db);
      try {
        assert.equal(await store.countDocuments(), unique);
        const articles = [...generateCorpus({ count: N, seed: 11, copyRate: 0.25, spinRate: 0.1 })];
        for (const [i, a] of articles.entries()) {
          const path = join(corpus, articlePath(i, a.name));
          const ev = done.find((e) => e.input === path)!;
          const doc = (await store.getDocument(ev.status.doc!))!;
          assert.equal(doc.text, a.text.trim(), "stored text is the file's text");
          assert.deepEqual(
            Buffer.from((await store.getRaw(doc.sha256))!),
            readFileSync(path),
            "raw bytes kept exactly",
          );
        }
      } finally {
        await store.close();
      }
    });

    test("two workers on the same directory queued twice: every text stored once", async () => {
      const db = freshDb();
      await enqueueIngest(db, [corpus], { retryDelaySeconds: 0 });
      await enqueueIngest(db, [corpus], { retryDelaySeconds: 0 });
      const run = (process: (input: string, store: Store) => Promise<import("../store/store.js").FileStatus>) =>
        runWorker({ db, concurrency: 4, process, until: "drained", pollIntervalMs: 100, onEvent: () => undefined });
      await Promise.all([run((i, s) => ingestOne(i, s)), run((i, s) => ingestOne(i, s))]);
      const status = await queueStatus(db);
      assert.equal(status.done, 2 * N);
      const store = await open(db);
      try {
        assert.equal(await store.countDocuments(), unique);
      } finally {
        await store.close();
      }
    });

    test("racing inserts of the same bytes from two handles store one document", async () => {
      const db = freshDb();
      const [a, b] = [await open(db), await open(db)];
      try {
        const { doc, raw } = plainDocument("Identical bytes raced by many writers.", { source: "race.txt" });
        const results = await Promise.all(
          Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).insertDocument(doc, raw)),
        );
        assert.equal(results.filter((r) => r.status === "inserted").length, 1);
        assert.ok(results.every((r) => r.id === doc.id));
        assert.equal(await a.countDocuments(), 1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    test("a job that keeps throwing is parked after maxAttempts with its error; bad input fails once", async () => {
      const db = freshDb();
      const dir = join(tmp, "failing");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "good.txt"), "A good article.\n\nWith a body.");
      writeFileSync(join(dir, "flaky.txt"), "This one throws every time.");
      writeFileSync(join(dir, "binary.txt"), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
      await enqueueIngest(db, [dir], { maxAttempts: 3, retryDelaySeconds: 0 });
      let flakyCalls = 0;
      await runWorker({
        db,
        concurrency: 2,
        until: "drained",
        pollIntervalMs: 100,
        onEvent: () => undefined,
        process: async (input, store) => {
          if (input.endsWith("flaky.txt")) {
            flakyCalls++;
            throw new Error(`simulated failure ${flakyCalls}`);
          }
          return ingestOne(input, store);
        },
      });
      assert.equal(flakyCalls, 3);
      const status = await queueStatus(db);
      assert.equal(status.done, 1);
      assert.equal(status.failedTotal, 2);
      const byName = new Map(status.failed.map((f) => [f.input.split("/").pop(), f]));
      assert.equal(byName.get("flaky.txt")?.attempts, 3);
      assert.match(byName.get("flaky.txt")!.error, /simulated failure 3/);
      assert.equal(byName.get("binary.txt")?.attempts, 1, "bad input is not retried");
      assert.match(byName.get("binary.txt")!.error, /binary/);
    });

    test("an aborted worker stops taking jobs and returns", async () => {
      const db = freshDb();
      await enqueueIngest(db, [corpus]);
      const ac = new AbortController();
      let n = 0;
      await runWorker({
        db,
        concurrency: 1,
        signal: ac.signal,
        pollIntervalMs: 100,
        onEvent: () => undefined,
        process: async (input, store) => {
          if (++n === 5) ac.abort();
          return ingestOne(input, store);
        },
      });
      assert.equal(n, 5);
      const status = await queueStatus(db);
      assert.equal(status.done, 5);
      assert.equal(status.queued, N - 5);
    });

    test("queueStatus on a database that is not there is a STORE error", async () => {
      const u = new URL(url);
      u.port = "1";
      await assert.rejects(queueStatus(u.toString()), (e: unknown) => e instanceof DossierError && e.code === "STORE");
    });
  });
}

test("statusFromSummary folds a JSONL file's items into one status", () => {
  const item = (source: string, status: "ingested" | "duplicate" | "failed", extra = {}) => ({
    source,
    status,
    ...extra,
  });
  const one = statusFromSummary("/a.txt", {
    ingested: 1,
    duplicate: 0,
    failed: 0,
    files: [item("/a.txt", "ingested", { doc: "d_1" })],
  });
  assert.deepEqual(one, { source: "/a.txt", status: "ingested", doc: "d_1" });
  const mixed = statusFromSummary("/b.jsonl", {
    ingested: 1,
    duplicate: 1,
    failed: 1,
    files: [
      item("/b.jsonl#0", "duplicate", { doc: "d_0" }),
      item("/b.jsonl#1", "ingested", { doc: "d_2" }),
      item("/b.jsonl#2", "failed", { reason: "no text" }),
    ],
  });
  assert.equal(mixed.status, "ingested");
  assert.equal(mixed.doc, "d_0");
  assert.match(mixed.reason!, /1 ingested, 1 duplicate; 1 of 3 items failed \(first: \/b\.jsonl#2: no text\)/);
  assert.equal(
    statusFromSummary("/c.jsonl", {
      ingested: 0,
      duplicate: 2,
      failed: 0,
      files: [item("x#0", "duplicate"), item("x#1", "duplicate")],
    }).status,
    "duplicate",
  );
  const failed = statusFromSummary("/d.jsonl", {
    ingested: 0,
    duplicate: 0,
    failed: 2,
    files: [item("x#0", "failed", { reason: "bad" }), item("x#1", "failed")],
  });
  assert.equal(failed.status, "failed");
  assert.equal(statusFromSummary("/e.txt", { ingested: 0, duplicate: 0, failed: 0, files: [] }).status, "failed");
});
