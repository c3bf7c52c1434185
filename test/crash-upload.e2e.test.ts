/**
 * Issue 14, item 2: serve, upload many files, `kill -9` the server in the middle of an upload,
 * restart it, upload the same files again — and the knowledge base ends complete (every document
 * analysed and in it, entities and events present) with no command run by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";
import { generatedArticle } from "./fixtures/articles.js";

const bin = join(packageRoot(), "bin", "dossier.mjs");
const FILES = 120;
const BATCH = 10;

function startServe(db: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--db", db, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DOSSIER_DB: "" },
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /at (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

function batch(from: number): FormData {
  const form = new FormData();
  for (let i = from; i < Math.min(FILES, from + BATCH); i++)
    form.append("files", new Blob([generatedArticle(i)], { type: "text/html" }), `report-${i}.html`);
  return form;
}

async function uploadAll(url: string): Promise<Array<{ status: string }>> {
  const statuses: Array<{ status: string }> = [];
  for (let from = 0; from < FILES; from += BATCH) {
    const res = await fetch(`${url}/api/ingest`, { method: "POST", body: batch(from) });
    assert.equal(res.status, 200);
    statuses.push(...((await res.json()) as { files: Array<{ status: string }> }).files);
  }
  return statuses;
}

test("kill -9 during uploads, restart, upload again: the knowledge base ends complete without a manual build", {
  timeout: 600_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-crash-"));
  const db = join(dir, "crash.db");
  let child: ChildProcess | null = null;
  try {
    assert.equal(
      spawnSync(process.execPath, [bin, "build", "--db", db], { encoding: "utf8" }).status,
      0,
      "an empty store to serve",
    );
    const first = await startServe(db);
    child = first.child;
    // Upload batch after batch; kill the server while the fifth batch is being received/stored.
    for (let from = 0; from < 4 * BATCH; from += BATCH) {
      const res = await fetch(`${first.url}/api/ingest`, { method: "POST", body: batch(from) });
      assert.equal(res.status, 200);
    }
    const inFlight = fetch(`${first.url}/api/ingest`, { method: "POST", body: batch(4 * BATCH) }).catch(
      (err: unknown) => err,
    );
    await new Promise((r) => setTimeout(r, 30));
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    await inFlight;

    const second = await startServe(db);
    child = second.child;
    const statuses = await uploadAll(second.url);
    assert.equal(statuses.length, FILES);
    assert.ok(
      statuses.every((s) => s.status === "ingested" || s.status === "duplicate"),
      JSON.stringify(statuses.filter((s) => s.status === "failed")),
    );
    // Wait for the background work to finish (GET /api/jobs), as the UI does.
    for (;;) {
      const jobs = (await (await fetch(`${second.url}/api/jobs`)).json()) as {
        state: string;
        pending: boolean;
        last_error: unknown;
      };
      assert.equal(jobs.last_error, null);
      if (jobs.state === "idle" && !jobs.pending) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const health = await fetch(`${second.url}/healthz`);
    assert.equal(health.status, 200);
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("exit", r));
    child = null;

    const status = JSON.parse(
      spawnSync(process.execPath, [bin, "status", "--json", "--db", db], { encoding: "utf8" }).stdout,
    );
    assert.equal(status.documents, FILES, "every uploaded file is a document");
    assert.equal(status.unanalysed, 0, "every document analysed");
    assert.equal(status.outside_kb, 0, "every document in the knowledge base");
    assert.ok(status.entities > 0, "entities built");
    assert.ok(status.events > 0, "events built");
  } finally {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
