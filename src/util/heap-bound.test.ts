import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_MAX_HEAP_MB, boundedHeapArgs, heapBoundMb, type HeapBoundContext } from "./heap-bound.js";
import { DossierError } from "../util/errors.js";

const ctx = (env: Record<string, string>, execArgv: string[] = [], heapLimitMb = 4144): HeapBoundContext => ({
  env,
  execArgv,
  heapLimitMb,
});

test("heapBoundMb: the default bound, DOSSIER_MAX_HEAP_MB, and the cases that leave the heap alone", () => {
  assert.equal(heapBoundMb(ctx({})), DEFAULT_MAX_HEAP_MB);
  assert.deepEqual(boundedHeapArgs(ctx({})), [`--max-old-space-size=${DEFAULT_MAX_HEAP_MB}`]);
  assert.equal(heapBoundMb(ctx({ DOSSIER_MAX_HEAP_MB: "900" })), 900);
  assert.equal(heapBoundMb(ctx({ DOSSIER_MAX_HEAP_MB: "off" })), null);
  assert.equal(heapBoundMb(ctx({ DOSSIER_MAX_HEAP_MB: "0" })), null);
  // given by the user: theirs wins, on the command line or in NODE_OPTIONS
  assert.equal(heapBoundMb(ctx({}, ["--max-old-space-size=2048"])), null);
  assert.equal(heapBoundMb(ctx({ NODE_OPTIONS: "--max_old_space_size=300" })), null);
  // already re-run once
  assert.equal(heapBoundMb(ctx({ DOSSIER_HEAP_BOUNDED: "1" })), null);
  // a small machine whose V8 limit is already about the bound
  assert.equal(heapBoundMb(ctx({}, [], DEFAULT_MAX_HEAP_MB + 40)), null);
  assert.deepEqual(boundedHeapArgs(ctx({ DOSSIER_MAX_HEAP_MB: "off" })), []);
  for (const bad of ["lots", "12", "-5", "1.5"])
    assert.throws(
      () => heapBoundMb(ctx({ DOSSIER_MAX_HEAP_MB: bad })),
      (e: unknown) => e instanceof DossierError && e.code === "USAGE",
      bad,
    );
});

/** A script that re-runs itself through rerunWithBoundedHeap and, in the child, reports its heap limit. */
function rerunScript(dir: string, body: string): string {
  const path = join(dir, "rerun.mjs");
  const helper = pathToFileURL(join(import.meta.dirname, "heap-bound.js")).href;
  writeFileSync(
    path,
    `import { getHeapStatistics } from "node:v8";
import { fileURLToPath } from "node:url";
import { followParent, rerunWithBoundedHeap } from ${JSON.stringify(helper)};
followParent();
const code = await rerunWithBoundedHeap(fileURLToPath(import.meta.url), process.argv.slice(2));
if (code !== null) process.exitCode = code;
else {
${body}
}
`,
  );
  return path;
}

test("rerunWithBoundedHeap: the child runs with the bound, gets the arguments and passes its exit code back", () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-heap-"));
  try {
    const script = rerunScript(
      dir,
      `process.stdout.write(JSON.stringify({ limit: getHeapStatistics().heap_size_limit / 1048576, args: process.argv.slice(2), parent: process.ppid }));
process.exitCode = 3;`,
    );
    const env = { ...process.env, DOSSIER_MAX_HEAP_MB: "256" } as Record<string, string>;
    delete env.NODE_OPTIONS;
    delete env.DOSSIER_HEAP_BOUNDED;
    const r = spawnSync(process.execPath, [script, "a", "b c"], { encoding: "utf8", env });
    assert.equal(r.status, 3, r.stderr);
    const out = JSON.parse(r.stdout) as { limit: number; args: string[] };
    assert.deepEqual(out.args, ["a", "b c"]);
    assert.ok(out.limit < 256 * 1.25, `child heap limit ${out.limit} MB`);
    // switched off: runs in the first process, with V8's limit
    const off = spawnSync(process.execPath, [script], {
      encoding: "utf8",
      env: { ...env, DOSSIER_MAX_HEAP_MB: "off" },
    });
    assert.equal(off.status, 3, off.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rerunWithBoundedHeap: kill -9 of the parent stops the child too", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-heap-"));
  try {
    const script = rerunScript(
      dir,
      `process.stdout.write(String(process.pid) + "\\n");
setInterval(() => undefined, 1000);`,
    );
    const env = { ...process.env, DOSSIER_MAX_HEAP_MB: "256" } as Record<string, string>;
    delete env.NODE_OPTIONS;
    delete env.DOSSIER_HEAP_BOUNDED;
    const parent = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "inherit"] });
    const childPid = await new Promise<number>((resolve) =>
      parent.stdout.once("data", (b: Buffer) => resolve(Number(String(b).trim()))),
    );
    assert.notEqual(childPid, parent.pid, "the work runs in a child process");
    parent.kill("SIGKILL");
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        process.kill(childPid, 0);
      } catch {
        alive = false;
      }
    }
    assert.equal(alive, false, "the child died with its parent");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Starts the re-running script in its own process group; resolves with its output and exit code. */
function runInGroup(script: string, signalAfterMs: number, target: "parent" | "group") {
  const env = { ...process.env, DOSSIER_MAX_HEAP_MB: "256" } as Record<string, string>;
  delete env.NODE_OPTIONS;
  delete env.DOSSIER_HEAP_BOUNDED;
  const parent = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
  let out = "";
  parent.stdout.on("data", (b: Buffer) => {
    if (out === "")
      setTimeout(() => process.kill(target === "group" ? -parent.pid! : parent.pid!, "SIGINT"), signalAfterMs);
    out += String(b);
  });
  // a child that never stops fails the test instead of hanging it
  const guard = setTimeout(() => process.kill(-parent.pid!, "SIGKILL"), 20_000);
  return new Promise<{ out: string; code: number | null }>((resolve) =>
    parent.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ out, code });
    }),
  );
}

// The child counts interrupts for a while, then stops gracefully, as `serve` and `watch` do.
const GRACEFUL = `let interrupts = 0;
process.on("SIGINT", () => {
  if (interrupts++ === 0) setTimeout(() => { process.stdout.write("interrupts " + interrupts + "\\n"); process.exit(0); }, 3000);
});
process.stdout.write("ready\\n");
setInterval(() => undefined, 1000);`;

test("rerunWithBoundedHeap: an interrupt sent to the parent alone reaches the child once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-heap-"));
  try {
    const r = await runInGroup(rerunScript(dir, GRACEFUL), 100, "parent");
    assert.match(r.out, /interrupts 1\n/);
    assert.equal(r.code, 0, "the child stopped gracefully and its exit code came back");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rerunWithBoundedHeap: a Ctrl-C to the whole process group reaches the child once, not twice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-heap-"));
  try {
    const r = await runInGroup(rerunScript(dir, GRACEFUL), 100, "group");
    assert.match(r.out, /interrupts 1\n/);
    assert.equal(r.code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("rerunWithBoundedHeap: a child with no interrupt handler of its own still dies of an interrupt", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-heap-"));
  try {
    const r = await runInGroup(
      rerunScript(dir, `process.stdout.write("ready\\n");\nsetInterval(() => undefined, 1000);`),
      100,
      "parent",
    );
    assert.equal(r.code, 130, "128 + SIGINT, as the shell reports it");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
