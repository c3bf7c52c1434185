/**
 * Crash safety: a child process ingesting ~200 files is killed with SIGKILL at random moments,
 * many times, then resumed. Afterwards every file is accounted for, no document is duplicated,
 * the full-text index matches the documents row for row, and the database passes integrity checks.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createSqliteStore } from "../store/sqlite/index.js";
import { readProvenance } from "../store/sqlite/records.js";
import { registerTextFunction } from "../store/sqlite/text-column.js";
import type { FileStatus } from "../store/store.js";

const FILES = 200;
const KILLS = 12;

const root = mkdtempSync(join(tmpdir(), "dossier-crash-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A distinctive word per file so the FTS check can find one exact document. */
const marker = (i: number) =>
  `marker${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}zq`;

function makeCorpus(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `part-${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const body = Array.from(
      { length: 30 },
      (_, p) => `Paragraph ${p} of report ${i}: ministers met and signed an accord.`,
    ).join("\n\n");
    writeFileSync(join(sub, `report-${String(i).padStart(3, "0")}.txt`), `${body}\n\nUnique ${marker(i)}.`);
  }
}

/** Spawns the child under tsx when running from TypeScript sources, plain node when compiled. */
function spawnChild(childArgs: string[]): ChildProcess {
  const fromTs = import.meta.url.endsWith(".ts");
  const child = fileURLToPath(new URL(fromTs ? "./crash-child.ts" : "./crash-child.js", import.meta.url));
  const args = fromTs ? ["--import", "tsx", child, ...childArgs] : [child, ...childArgs];
  return spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a child; when `killAfterMs` is set, SIGKILLs it that long after its output first contains
 * the line `killAfterLine` (default `ready`).
 */
function runChild(childArgs: string[], killAfterMs?: number, killAfterLine = "ready"): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(childArgs);
    let stdout = "";
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (killAfterMs !== undefined && timer === undefined && stdout.includes(`${killAfterLine}\n`)) {
        timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function summaryOf(r: ChildResult): { ingested: number; duplicate: number; failed: number; files: FileStatus[] } {
  assert.equal(r.code, 0, `child failed: ${r.stderr}`);
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  assert.ok(line, `no summary in child output: ${r.stdout}`);
  return JSON.parse(line);
}

/** Documents stored so far, read straight from the file. */
function documentCount(db: string): number {
  const raw = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (raw.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

function checkDatabase(db: string): void {
  const raw = new Database(db);
  registerTextFunction(raw); // the FTS integrity check reads texts through the store's view
  try {
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    const docs = (raw.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
    const distinctSha = (raw.prepare("SELECT count(DISTINCT sha256) AS n FROM documents").get() as { n: number }).n;
    const distinctSource = (raw.prepare("SELECT count(DISTINCT source) AS n FROM documents").get() as { n: number }).n;
    const rawRows = (raw.prepare("SELECT count(*) AS n FROM raw").get() as { n: number }).n;
    const ftsRows = (raw.prepare("SELECT count(*) AS n FROM documents_fts_docsize").get() as { n: number }).n;
    assert.equal(docs, FILES, "one document per file");
    assert.equal(distinctSha, FILES, "no duplicated bytes");
    assert.equal(distinctSource, FILES, "no file stored twice");
    assert.equal(rawRows, FILES, "raw bytes stored with every document, none orphaned");
    assert.equal(ftsRows, docs, "full-text rows equal documents");
    raw.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
  } finally {
    raw.close();
  }
}

test(`SIGKILL at random moments ${KILLS} times, then resume: nothing lost, nothing doubled`, {
  timeout: 120_000,
}, async () => {
  const dir = join(root, "corpus");
  makeCorpus(dir);
  const db = join(root, "crash.db");
  let killed = 0;
  let finishedEarly = 0;
  let killedMidway = 0;
  let stored = 0;
  for (let k = 0; k < KILLS; k++) {
    // Half the kills land anywhere from start-up on; the other half shortly after the run first
    // stores a new document, i.e. while documents are being written. A run that finds nothing
    // new left may finish before its kill; that is fine.
    const r =
      k % 2 === 0
        ? await runChild(["ingest", db, dir], Math.floor(Math.random() * 120))
        : await runChild(["ingest", db, dir], Math.floor(Math.random() * 60), "stored");
    if (r.signal === "SIGKILL") killed++;
    else {
      summaryOf(r); // it finished before the kill: it must have finished cleanly
      finishedEarly++;
    }
    const count = documentCount(db);
    if (r.signal === "SIGKILL" && count > stored && count < FILES) killedMidway++;
    assert.ok(count >= stored, "documents never disappear");
    stored = count;
  }
  assert.ok(killed >= 3, `enough runs were killed (${killed} of ${KILLS})`);
  assert.ok(killedMidway >= 1, "at least one kill landed while documents were being written");

  const store = createSqliteStore(db);
  await store.init();
  const midway = await store.countDocuments();
  await store.close();
  assert.ok(midway <= FILES);

  const final = summaryOf(await runChild(["ingest", db, dir]));
  assert.equal(final.files.length, FILES, "every file accounted for in the resumed run");
  assert.equal(final.failed, 0, JSON.stringify(final.files.filter((f) => f.status === "failed").slice(0, 3)));
  assert.equal(final.ingested + final.duplicate, FILES);
  assert.equal(final.duplicate, midway, "what went in before the kills comes back as duplicate");
  checkDatabase(db);

  const reopened = createSqliteStore(db);
  await reopened.init();
  try {
    assert.equal(await reopened.countDocuments(), FILES);
    const hit = await reopened.search(marker(137));
    assert.equal(hit.total, 1);
    const doc = (await reopened.getDocument(hit.items[0].doc))!;
    assert.ok(doc.source.endsWith("report-137.txt"));
    assert.ok(doc.text.endsWith(`Unique ${marker(137)}.`));
  } finally {
    await reopened.close();
  }
  process.stderr.write(
    `# crash test: ${killed} kills (${killedMidway} mid-write), ${finishedEarly} runs finished first, ${midway}/${FILES} stored before resume\n`,
  );
});

test("three processes ingesting the same directory at once store each file once", { timeout: 120_000 }, async () => {
  const dir = join(root, "corpus-race");
  makeCorpus(dir);
  const db = join(root, "race.db");
  const init = createSqliteStore(db);
  await init.init();
  await init.close();
  const results = await Promise.all([
    runChild(["ingest", db, dir]),
    runChild(["ingest", db, dir]),
    runChild(["ingest", db, dir]),
  ]);
  const summaries = results.map(summaryOf);
  assert.equal(
    summaries.reduce((n, s) => n + s.ingested, 0),
    FILES,
    "each file ingested by exactly one process",
  );
  for (const s of summaries) {
    assert.equal(s.failed, 0);
    assert.equal(s.ingested + s.duplicate, FILES);
  }
  checkDatabase(db);
});

test("SIGKILL during knowledge-base replacement leaves one whole version, never a mix", {
  timeout: 120_000,
}, async () => {
  const db = join(root, "kb-crash.db");
  const N = 2000;
  const seen = new Set<string>();
  for (let k = 0; k < 6; k++) {
    // Both versions have been written once by "replaced 1"; a replacement takes ~100-200 ms, so a
    // kill up to 250 ms later usually lands inside one.
    const r = await runChild(["kb", db, String(N)], Math.floor(Math.random() * 250), "replaced 1");
    assert.equal(r.signal, "SIGKILL", `the kb child only ends when killed: ${r.stderr}`);
    const raw = new Database(db);
    try {
      assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
      const tags = raw
        .prepare("SELECT substr(id, 3, instr(substr(id, 3), '_') - 1) AS tag, count(*) AS n FROM entities GROUP BY tag")
        .all() as Array<{
        tag: string;
        n: number;
      }>;
      const mentionTags = raw
        .prepare("SELECT DISTINCT substr(entity, 3, instr(substr(entity, 3), '_') - 1) AS tag FROM mentions")
        .all() as Array<{ tag: string }>;
      const names = (raw.prepare("SELECT count(*) AS n FROM entity_names").get() as { n: number }).n;
      const mentions = (raw.prepare("SELECT count(*) AS n FROM mentions").get() as { n: number }).n;
      const first = raw.prepare("SELECT id, provenance FROM documents").get() as {
        id: string;
        provenance: string | Buffer | null;
      };
      if (tags.length === 0) {
        assert.equal(mentions, 0, "no KB yet: no mentions either");
        continue;
      }
      assert.equal(tags.length, 1, `one KB version, got ${JSON.stringify(tags)}`);
      assert.equal(tags[0].n, N);
      assert.equal(mentions, N);
      assert.equal(names, N);
      assert.deepEqual(
        mentionTags.map((t) => t.tag),
        [tags[0].tag],
      );
      assert.ok(first.provenance, "documents carry provenance once a KB is there");
      assert.equal(
        readProvenance(first.id, first.provenance).family,
        `f_${tags[0].tag}`,
        "documents' provenance belongs to the same version",
      );
      seen.add(tags[0].tag);
    } finally {
      raw.close();
    }
  }
  process.stderr.write(`# kb crash test: versions seen after kills: ${[...seen].join(", ")}\n`);
});
