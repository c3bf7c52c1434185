/**
 * Four `dossier worker --drain` processes on one PostgreSQL queue: they analyse in parallel, merge
 * one at a time (advisory lock), all finish cleanly, and the knowledge base equals a one-process
 * SQLite build of the same inputs. Needs DOSSIER_TEST_PG_URL; skipped with the reason otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../util/paths.js";
import { generateCorpus } from "../synth/generate.js";
import { dropSchema, freshSchemaName, pgTestUrl, PG_SKIP_REASON, withSchema } from "../store/postgres/testing.js";

const root = packageRoot();
const url = pgTestUrl();
const bin = join(root, "bin", "dossier.mjs");

function dossier(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function worker(db: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, "worker", "--db", db, "--drain"], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Knowledge-base records of an export, without the per-run fields of documents. */
function kbLines(jsonl: string): string[] {
  return jsonl
    .split("\n")
    .filter((l) => l && !l.startsWith('{"kind":"document"'))
    .sort();
}

test("4 drain workers on PostgreSQL finish cleanly and build the same knowledge base as one SQLite process", {
  skip: url ? false : PG_SKIP_REASON,
  timeout: 900_000,
}, async () => {
  const work = mkdtempSync(join(tmpdir(), "dossier-drain-"));
  const dir = join(work, "inputs");
  mkdirSync(dir);
  const schema = freshSchemaName("dossier_drain");
  const db = withSchema(url!, schema);
  try {
    for (const a of generateCorpus({
      count: 40,
      seed: 11,
      copyRate: 0.15,
      spinRate: 0.1,
      from: "2024-02-01",
      to: "2024-03-31",
    })) {
      writeFileSync(join(dir, a.name), a.text);
    }
    const queued = dossier(["ingest", "--queue", "--db", db, dir]);
    assert.equal(queued.code, 0, queued.stderr);
    const results = await Promise.all([worker(db), worker(db), worker(db), worker(db)]);
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `worker ${i}: ${r.stderr}`);
    const status = JSON.parse(dossier(["status", "--db", db, "--json"]).stdout);
    assert.equal(status.queue.queued, 0);
    assert.equal(status.unanalysed, 0);

    const sqlite = join(work, "one.db");
    const one = dossier(["ingest", "--db", sqlite, dir]);
    assert.equal(one.code, 0, one.stdout + one.stderr);
    const pgExport = dossier(["export", "--format", "jsonl", "--db", db]);
    const sqliteExport = dossier(["export", "--format", "jsonl", "--db", sqlite]);
    assert.equal(pgExport.code, 0, pgExport.stderr);
    const a = kbLines(pgExport.stdout);
    const b = kbLines(sqliteExport.stdout);
    assert.ok(b.length > 100, `the corpus gives a knowledge base (${b.length} records)`);
    assert.deepEqual(a.filter((l) => !b.includes(l)).slice(0, 3), [], "records only in the PostgreSQL build");
    assert.deepEqual(b.filter((l) => !a.includes(l)).slice(0, 3), [], "records only in the SQLite build");
  } finally {
    await dropSchema(url!, schema);
    rmSync(work, { recursive: true, force: true });
  }
});
