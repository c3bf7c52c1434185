/**
 * The distributed flow through the real CLI on PostgreSQL: `ingest --queue`, `worker --drain`,
 * `status`, `query`, `export`. Needs DOSSIER_TEST_PG_URL (CI starts a throw-away cluster with
 * scripts/pg-test-cluster.sh); skipped with the reason printed otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { dropSchema, freshSchemaName, pgTestUrl, PG_SKIP_REASON, withSchema } from "../src/store/postgres/testing.js";

const root = packageRoot();
const url = pgTestUrl();

function dossier(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin", "dossier.mjs"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("queue → workers → knowledge base on PostgreSQL, driven through the CLI", {
  skip: url ? false : PG_SKIP_REASON,
  timeout: 600_000,
}, async () => {
  const schema = freshSchemaName("dossier_cli");
  const db = withSchema(url!, schema);
  try {
    const queued = dossier(["ingest", "--queue", "--db", db, join(root, "examples")]);
    assert.equal(queued.code, 0, queued.stderr);
    assert.match(queued.stdout, /queued \d+ job/);
    const worker = dossier(["worker", "--db", db, "--concurrency", "2", "--drain"]);
    assert.equal(worker.code, 0, worker.stderr);
    assert.match(worker.stderr, /knowledge base (rebuilt|brought up to date)/);
    const status = JSON.parse(dossier(["status", "--db", db, "--json"]).stdout);
    assert.equal(status.backend, "postgres");
    assert.ok(status.documents >= 12, `documents: ${status.documents}`);
    assert.equal(status.unanalysed, 0);
    assert.equal(status.queue.queued, 0);
    assert.ok(status.entities > 10 && status.events > 5);
    // Re-queueing the same inputs stores nothing twice.
    dossier(["ingest", "--queue", "--db", db, join(root, "examples")]);
    dossier(["worker", "--db", db, "--drain"]);
    const again = JSON.parse(dossier(["status", "--db", db, "--json"]).stdout);
    assert.equal(again.documents, status.documents);
    const claims = dossier(["query", "claims", "--json", "--db", db]);
    assert.equal(claims.code, 0, claims.stderr);
    const records = dossier(["export", "--format", "jsonl", "--db", db])
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const texts = new Map(records.filter((r) => r.kind === "document").map((r) => [r.id, r.text as string]));
    for (const r of records)
      for (const s of r.kind === "mention" || r.kind === "quote" ? [r] : (r.evidence ?? []))
        assert.equal(texts.get(s.doc)?.slice(s.start, s.end), s.text);
  } finally {
    await dropSchema(url!, schema);
    await dropSchema(url!, `${schema}_queue`).catch(() => undefined);
  }
});
