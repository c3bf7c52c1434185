/**
 * Reliability of distributed ingest under failure: workers killed with SIGKILL mid-job, and the
 * PostgreSQL server stopped and started again mid-ingest. In every case each input must end up
 * stored exactly once and every job finished.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { parsePgUrl, quoteIdent } from "../store/postgres/connection.js";
import { createPostgresStore } from "../store/postgres/index.js";
import { dropSchema, freshSchemaName, pgTestUrl, withSchema } from "../store/postgres/testing.js";
import { generateCorpus } from "../synth/generate.js";
import { writeCorpus } from "../synth/write.js";
import { packageRoot } from "../util/paths.js";
import { enqueueIngest, queueStatus, runWorker, type WorkerEvent } from "./index.js";
import { ingestOne, spawnChildWorker } from "./testing.js";

const N = 40;
const SEED = 23;
const tmp = mkdtempSync(join(tmpdir(), "dossier-reliability-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = join(tmp, "corpus");
const unique = new Set(
  [...generateCorpus({ count: N, seed: SEED, copyRate: 0.2, spinRate: 0.1 })].map((a) => a.text.trim()),
).size;
before(() => writeCorpus({ count: N, seed: SEED, out: corpus, copyRate: 0.2, spinRate: 0.1, manifest: false }));

/** Documents, and documents whose text appears more than once (must be none). */
async function storedCounts(db: string): Promise<{ docs: number; repeated: number }> {
  const store = createPostgresStore(db);
  await store.init();
  try {
    const texts = new Map<string, number>();
    for await (const d of store.iterateDocuments()) texts.set(d.text, (texts.get(d.text) ?? 0) + 1);
    return { docs: await store.countDocuments(), repeated: [...texts.values()].filter((n) => n > 1).length };
  } finally {
    await store.close();
  }
}

async function retriedJobs(url: string, queueSchema: string): Promise<number> {
  const c = new pg.Client({ connectionString: parsePgUrl(url).connectionString });
  await c.connect();
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM ${quoteIdent(queueSchema)}.job WHERE retry_count > 0`);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

const url = pgTestUrl();
if (url) {
  describe("queue reliability", () => {
    test("workers killed with SIGKILL mid-job, three times: nothing lost, nothing stored twice, jobs retried", {
      timeout: 120_000,
    }, async () => {
      const schema = freshSchemaName("dossier_kill");
      const db = withSchema(url, schema);
      after(async () => {
        await dropSchema(url, schema);
        await dropSchema(url, `${schema}_queue`);
      });
      await enqueueIngest(db, [corpus], { visibilityTimeoutSeconds: 2, maxAttempts: 10, retryDelaySeconds: 0 });
      let killedWhileBusy = 0;
      for (let round = 0; round < 3; round++) {
        const child = spawnChildWorker({ db, concurrency: 2, delayMs: 150, visibility: 2, supervise: 1 });
        let stderr = "";
        child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        // Wait for a few finished jobs, then kill while the next ones are in hand.
        let done = 0;
        const lines = createInterface({ input: child.stdout! });
        await new Promise<void>((resolve, reject) => {
          lines.on("line", (line) => {
            const e = JSON.parse(line) as WorkerEvent;
            if (e.type === "job-done" && ++done === 3) resolve();
          });
          child.on("exit", () => reject(new Error(`child worker exited early: ${stderr}`)));
        });
        await new Promise((r) => setTimeout(r, 60));
        child.kill("SIGKILL");
        assert.equal(await exited, null, "killed, not exited");
        const status = await queueStatus(db);
        if (status.active > 0) killedWhileBusy++;
      }
      assert.ok(killedWhileBusy >= 1, "at least one kill left a job in hand");
      // A fresh worker finishes everything, including the jobs the dead workers held.
      await runWorker({
        db,
        concurrency: 2,
        process: (input, store) => ingestOne(input, store),
        until: "drained",
        pollIntervalMs: 200,
        superviseIntervalSeconds: 1,
        visibilityTimeoutSeconds: 2,
        onEvent: () => undefined,
      });
      const status = await queueStatus(db);
      assert.deepEqual(
        { ...status, failed: status.failed.length },
        { queued: 0, active: 0, done: N, failed: 0, failedTotal: 0 },
      );
      assert.deepEqual(await storedCounts(db), { docs: unique, repeated: 0 });
      assert.ok((await retriedJobs(url, `${schema}_queue`)) >= 1, "jobs of killed workers were retried");
    });

    test("PostgreSQL stopped and started mid-ingest: workers reconnect and finish", { timeout: 180_000 }, async (t) => {
      const script = join(packageRoot(), "scripts", "pg-test-cluster.sh");
      // Not inside `tmp` (mode 0700): as root the server runs as the postgres user, who must reach it.
      const env = {
        ...process.env,
        DOSSIER_PG_TEST_DIR: join(tmpdir(), `dossier-pg-restart-${process.pid}-${Date.now()}`),
      };
      const sh = (cmd: string) =>
        execFileSync("bash", [script, cmd], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
      let privateUrl: string;
      try {
        privateUrl = sh("start");
      } catch (err) {
        const stderr = String((err as { stderr?: unknown }).stderr ?? "").trim();
        const why = `cannot start a private PostgreSQL cluster to restart: ${stderr || (err as Error).message.split("\n")[0]}`;
        if (process.env.CI) throw new Error(why);
        t.skip(why);
        return;
      }
      after(() => {
        sh("stop");
      });
      const db = withSchema(privateUrl, "restart_test");
      await enqueueIngest(db, [corpus], { visibilityTimeoutSeconds: 5, maxAttempts: 10, retryDelaySeconds: 0 });
      const events: WorkerEvent[] = [];
      let restarted!: () => void;
      const halfway = new Promise<void>((resolve) => (restarted = resolve));
      let done = 0;
      const worker = runWorker({
        db,
        concurrency: 2,
        process: (input, store) => ingestOne(input, store, 50),
        until: "drained",
        pollIntervalMs: 200,
        superviseIntervalSeconds: 1,
        visibilityTimeoutSeconds: 5,
        onEvent: (e) => {
          events.push(e);
          if (e.type === "job-done" && ++done === 10) restarted();
        },
      });
      await halfway;
      sh("halt");
      await new Promise((r) => setTimeout(r, 3_000));
      sh("start");
      await worker;
      assert.ok(
        events.some((e) => e.type === "connection-error"),
        "the outage was noticed",
      );
      const status = await queueStatus(db);
      assert.deepEqual(
        { ...status, failed: status.failed.length },
        { queued: 0, active: 0, done: N, failed: 0, failedTotal: 0 },
      );
      assert.deepEqual(await storedCounts(db), { docs: unique, repeated: 0 });
    });
  });
}
