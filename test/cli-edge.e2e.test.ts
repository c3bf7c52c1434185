/**
 * CLI edge cases from issue 14, each driving the real `dossier` command in a child process:
 * FIFOs, names that are not UTF-8 or hold newlines, unwritable --out targets, `--out x.csv`,
 * honest exit codes for extract, JSON Lines in extract, non-article files in directories, and
 * `--db` paths that do not exist.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/util/paths.js";

const root = packageRoot();
const bin = join(root, "bin", "dossier.mjs");

function dossier(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
    timeout: 300_000,
    env: { ...process.env, DOSSIER_DB: "", ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
const article = (topic: string) =>
  `<html><head><title>${topic}</title></head><body><article><p>The regional council met on Tuesday to discuss ${topic}. Members argued for two hours before a vote.</p><p>The proposal passed with a narrow majority, officials said afterwards.</p></article></body></html>`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "dossier-edge-"));
}

test("extract on a FIFO fails that input at once instead of hanging; exit 1 when inputs failed", () => {
  const dir = tempDir();
  try {
    execFileSync("mkfifo", [join(dir, "pipe.html")]);
    writeFileSync(join(dir, "ok.html"), article("the harbour"));
    const r = dossier(["extract", join(dir, "pipe.html"), join(dir, "ok.html")]);
    assert.equal(r.signal, null, "did not hang");
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.match(lines[0].error, /named pipe/);
    assert.match(lines[1].text, /regional council/);
    assert.equal(r.code, 1, "a failed input is a partial failure");
    const allBad = dossier(["extract", join(dir, "missing.html"), join(dir, "pipe.html")]);
    assert.equal(allBad.code, 1);
    assert.match(allBad.stderr, /2 of 2 input\(s\) failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("extract reads JSON Lines as one article per line, never raw JSON as text", () => {
  const r = dossier(["extract", join(root, "examples", "feed.jsonl")]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.ok(lines.length >= 2);
  for (const l of lines) {
    assert.match(l.source, /feed\.jsonl#\d+$/);
    assert.ok(!l.text.trimStart().startsWith("{"), "text is the article, not the JSON object");
  }
});

test("directory ingest: a non-UTF-8 name is read, newline names cannot forge lines, non-articles and the store are skipped", () => {
  const dir = tempDir();
  try {
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    // Names made of raw bytes: Buffer paths let the test create a name that is not UTF-8.
    writeFileSync(Buffer.from(`${corpus}/caf\xe9-report.html`, "latin1"), article("the ferry timetable"));
    writeFileSync(join(corpus, "evil\nfailed: forged.html"), "\x00\x01binary");
    writeFileSync(join(corpus, "fine.html"), article("the school budget"));
    copyFileSync(join(root, "examples", "README.md"), join(corpus, "README.md"));
    const r = dossier(["ingest", ".", "--db", "store.db", "--no-build"], { cwd: corpus });
    assert.equal(r.code, 1, r.stdout + r.stderr); // the binary file failed
    const lines = r.stdout.trim().split("\n");
    assert.ok(lines.includes("skipped: README.md: not an article (.md file)"), r.stdout);
    assert.ok(
      lines.some((l) => /^skipped: store\.db(-wal|-shm)?: a database file/.test(l)) ||
        !lines.some((l) => l.includes("store.db")),
      r.stdout,
    );
    assert.ok(lines.includes("failed: evil\\nfailed: forged.html: binary content, not text or HTML"), r.stdout);
    assert.equal(lines.filter((l) => l.startsWith("failed: ")).length, 1, "exactly one failure line, none forged");
    assert.match(lines[lines.length - 1], /^ingested 2, duplicate 0, failed 1, skipped \d+ /);
    // Run again: the store's own files now exist in the directory and are skipped, not failed.
    const again = dossier(["ingest", ".", "--db", "store.db", "--no-build"], { cwd: corpus });
    assert.ok(again.stdout.includes("skipped: store.db: a database file, not an article"), again.stdout);
    assert.match(again.stdout, /duplicate 2, failed 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("ingest examples/: README.md is skipped, not a failure (exit 0)", () => {
  const dir = tempDir();
  try {
    const r = dossier(["ingest", join(root, "examples"), "--db", join(dir, "x.db"), "--no-build"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^skipped: .*README\.md: not an article/m);
    assert.match(r.stdout, /failed 0, skipped 1 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--db that does not exist: query, export and status say so, exit 1 and create nothing", () => {
  const dir = tempDir();
  try {
    const missing = join(dir, "typo.db");
    for (const args of [["query", "timeline"], ["export", "--format", "jsonl"], ["status"]]) {
      const r = dossier([...args, "--db", missing]);
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`no database at ${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
      assert.equal(existsSync(missing), false, `${args[0]} created ${missing}`);
    }
    const viaEnv = dossier(["query", "claims"], { env: { DOSSIER_DB: missing } });
    assert.equal(viaEnv.code, 1);
    assert.match(viaEnv.stderr, /no database at/);
    const serve = dossier(["serve", "--db", missing, "--port", "0"]);
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /no database at/);
    assert.equal(existsSync(missing), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("export: unwritable --out is a clear error; --out x.csv for CSV is a usage error and creates nothing", () => {
  const dir = tempDir();
  try {
    const db = join(dir, "s.db");
    writeFileSync(join(dir, "a.html"), article("the river bridge"));
    assert.equal(dossier(["ingest", join(dir, "a.html"), "--db", db, "--no-build"]).code, 0);
    for (const out of ["/nonexistent/x.jsonl", "/dev/full"]) {
      if (out === "/dev/full" && !existsSync(out)) continue;
      const r = dossier(["export", "--db", db, "--out", out]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /cannot write/);
      assert.doesNotMatch(r.stderr, /unexpected error/);
    }
    const csv = dossier(["export", "--db", db, "--format", "csv", "--out", join(dir, "x.csv")], { cwd: dir });
    assert.equal(csv.code, 2, csv.stderr);
    assert.match(csv.stderr, /writes a directory/);
    assert.equal(existsSync(join(dir, "x.csv")), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("demo honours DOSSIER_DB and never mixes its fictional corpus into a store holding other documents", () => {
  const dir = tempDir();
  try {
    const mine = join(dir, "mine.db");
    writeFileSync(join(dir, "a.html"), article("the tram line"));
    assert.equal(dossier(["ingest", join(dir, "a.html"), "--db", mine, "--no-build"]).code, 0);
    const r = dossier(["demo"], { env: { DOSSIER_DB: mine }, cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const demoDb = join(dir, "dossier-demo.db");
    assert.match(r.stderr, new RegExp(`Building the demo in ${demoDb.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
    assert.ok(existsSync(demoDb));
    const status = JSON.parse(dossier(["status", "--json", "--db", mine]).stdout);
    assert.equal(status.documents, 1, "the user's store still holds only its own document");
    assert.equal(existsSync(join(dir, "dossier.db")), false, "DOSSIER_DB was honoured: no ./dossier.db");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("documents whose analysis fails are stored, listed by status, left out of later builds, and analysed by build --retry-failed", () => {
  const dir = tempDir();
  try {
    const pages = join(dir, "pages");
    mkdirSync(pages);
    for (let i = 0; i < 18; i++) writeFileSync(join(pages, `p${i}.html`), article(`the harbour plan, part ${i}`));
    const db = join(dir, "d.db");
    // a time limit no analysis can meet: every document a thread takes fails, until no thread is left
    const strict = { DOSSIER_ANALYSIS_TIMEOUT_S: "0.001", DOSSIER_ANALYSIS_THREADS: "2" };
    const ingest = dossier(["ingest", "--db", db, pages], { env: strict });
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.match(ingest.stderr, /could not analyse d_\w+ \(analysis took longer than 1 ms\)/);
    const status = JSON.parse(dossier(["status", "--db", db, "--json"]).stdout);
    assert.equal(status.documents, 18);
    assert.equal(status.unanalysed, 0);
    assert.ok(status.failed_analyses >= 1, JSON.stringify(status));
    assert.equal(status.analysis_failures.length, status.failed_analyses);
    assert.match(status.analysis_failures[0].reason, /took longer than/);
    const again = dossier(["build", "--db", db], { env: strict });
    assert.match(
      again.stdout,
      /up to date .*nothing to do/,
      "a failed document is not tried again at the same version",
    );
    const retry = dossier(["build", "--db", db, "--retry-failed"]);
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stderr, new RegExp(`trying ${status.failed_analyses} document\\(s\\)`));
    const after = JSON.parse(dossier(["status", "--db", db, "--json"]).stdout);
    assert.deepEqual([after.failed_analyses, after.analysis_failures.length, after.unanalysed], [0, 0, 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
