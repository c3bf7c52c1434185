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
