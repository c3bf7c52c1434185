/**
 * End-to-end tests that drive the real `dossier` command (bin/dossier.mjs → dist/) in child
 * processes, as users, CI and the contract checker do.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { packageRoot } from "../src/util/paths.js";

const root = packageRoot();
const bin = join(root, "bin", "dossier.mjs");
const seedsDir = join(root, "..", "shared", "corpus", "seeds");
const haveSeeds = existsSync(seedsDir);

function dossier(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    input: opts.input,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const jsonLines = (s: string) =>
  s
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, any>);

/** Checks the evidence invariant on every mention, quote and evidence span of a JSONL export. */
function assertEvidenceInvariant(records: Array<Record<string, any>>): number {
  const docs = new Map(records.filter((r) => r.kind === "document").map((r) => [r.id as string, r.text as string]));
  let spans = 0;
  const check = (s: { doc: string; start: number; end: number; text: string }, where: string) => {
    spans++;
    const text = docs.get(s.doc);
    assert.ok(text !== undefined, `${where}: unknown doc ${s.doc}`);
    assert.equal(
      text!.slice(s.start, s.end),
      s.text,
      `${where}: evidence text is not the slice [${s.start}, ${s.end})`,
    );
  };
  for (const r of records) {
    if (r.kind === "mention" || r.kind === "quote") check(r as any, `${r.kind} ${r.id ?? ""}`);
    for (const ev of (r.evidence as any[]) ?? []) check(ev, `${r.kind} ${r.id} evidence`);
  }
  return spans;
}

test("usage errors exit 2; help exits 0", () => {
  assert.equal(dossier([]).code, 2);
  assert.equal(dossier(["frobnicate"]).code, 2);
  assert.equal(dossier(["ingest"]).code, 2);
  assert.equal(dossier(["export", "--format", "xml"]).code, 2);
  assert.equal(dossier(["--help"]).code, 0);
});

test("demo builds a store from examples/ and prints the briefing; its export keeps the evidence invariant", () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-demo-"));
  try {
    const db = join(dir, "demo.db");
    const r = dossier(["demo", "--db", db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dossier briefing/);
    assert.match(r.stdout, /Top entities/);
    assert.match(r.stdout, /Timeline/);
    assert.match(r.stdout, /Contested claims/);
    assert.match(r.stdout, /dossier serve/);
    const examples = readdirSync(join(root, "examples")).filter((f) => /\.(txt|html?|jsonl?|gz)$/.test(f));
    assert.ok(examples.length >= 10, "examples/ holds the demo corpus");
    const records = jsonLines(dossier(["export", "--format", "jsonl", "--db", db]).stdout);
    assert.ok(records.filter((r) => r.kind === "document").length >= examples.length);
    for (const kind of ["entity", "mention", "event", "quote", "claim", "relation"])
      assert.ok(
        records.some((r) => r.kind === kind),
        `demo export has ${kind} records`,
      );
    assert.ok(assertEvidenceInvariant(records) > 50);
    // A second demo run adds nothing and gives the same ids.
    const again = dossier(["demo", "--db", db]);
    assert.equal(again.code, 0, again.stderr);
    const records2 = jsonLines(dossier(["export", "--format", "jsonl", "--db", db]).stdout);
    assert.deepEqual(
      records2.map((r) => r.id ?? `${r.doc}:${r.start}`).sort(),
      records.map((r) => r.id ?? `${r.doc}:${r.start}`).sort(),
    );
    // Query surfaces answer on the demo store.
    const tl = dossier(["query", "timeline", "--json", "--db", db]);
    assert.equal(tl.code, 0, tl.stderr);
    assert.doesNotThrow(() => JSON.parse(tl.stdout));
    const search = dossier(["query", "search", 'treaty" (*', "--db", db]);
    assert.equal(search.code, 0, search.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("ingest: every input ends ingested, duplicate or failed with a reason; exit 1 when some failed", () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-ingest-"));
  try {
    const inputs = join(dir, "in");
    execFileSync("mkdir", ["-p", join(inputs, "sub")]);
    const para = (n: number) =>
      `Paragraph ${n} of a report about the talks in Pyongyang, where officials discussed trade, energy supplies and a new road bridge across the border river.`;
    writeFileSync(join(inputs, "a.txt"), `A first report on the talks\n\n${[1, 2, 3, 4].map(para).join("\n\n")}\n`);
    writeFileSync(
      join(inputs, "sub", "b.html.gz"),
      gzipSync(
        `<html><head><title>Second report</title></head><body><article>${[5, 6, 7].map((n) => `<p>${para(n)}</p>`).join("")}</article></body></html>`,
      ),
    );
    writeFileSync(join(inputs, "empty.txt"), "");
    writeFileSync(join(inputs, "binary.html"), Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    writeFileSync(
      join(inputs, "feed.jsonl"),
      `{"title":"Wire brief","text":"${para(8)}\\n\\n${para(9)}","published":"2023-10-19"}\n{not json}\n`,
    );
    const db = join(dir, "t.db");
    const first = dossier(["ingest", inputs, "--db", db, "--no-build"]);
    assert.equal(first.code, 1, "some inputs failed");
    assert.match(first.stdout, /failed: .*empty\.txt: /);
    assert.match(first.stdout, /failed: .*binary\.html: /);
    assert.match(first.stdout, /failed: .*feed\.jsonl#1: /);
    assert.match(first.stdout.trim().split("\n").pop()!, /^ingested 3, duplicate 0, failed 3/);
    const second = dossier(["ingest", join(inputs, "a.txt"), join(inputs, "sub"), "--db", db, "--no-build"]);
    assert.equal(second.code, 0);
    assert.match(second.stdout.trim().split("\n").pop()!, /^ingested 0, duplicate 2, failed 0/);
    const fromStdin = dossier(["ingest", "-", "--db", db, "--no-build"], {
      input: `Stdin report\n\n${para(10)}\n\n${para(11)}`,
    });
    assert.equal(fromStdin.code, 0, fromStdin.stdout + fromStdin.stderr);
    assert.match(fromStdin.stdout, /ingested 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("extract: one JSON object per input in order, a failure gives {source, error}", () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-extract-"));
  try {
    const good = join(dir, "page.html");
    writeFileSync(
      good,
      `<html><head><title>Talks in Pyongyang | The Example Ledger</title><meta property="og:site_name" content="The Example Ledger"><meta property="article:published_time" content="2023-10-19T10:00:00+09:00"></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Talks in Pyongyang</h1>${Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i}: the two ministers discussed trade, energy supplies, labour and a road bridge, officials said on Thursday.</p>`).join("")}</article><footer>Copyright</footer></body></html>`,
    );
    const r = dossier(["extract", good, join(dir, "missing.html"), good]);
    assert.equal(r.code, 1, "exit 1 when some input failed, as ingest does; the others are still printed");
    const out = jsonLines(r.stdout);
    assert.equal(out.length, 3);
    assert.equal(out[0].title, "Talks in Pyongyang");
    assert.equal(out[0].outlet, "The Example Ledger");
    assert.match(String(out[0].published), /^2023-10-19/);
    assert.match(out[0].text, /Paragraph 0/);
    assert.doesNotMatch(out[0].text, /Copyright|Home/);
    assert.ok(out[1].error, "missing file gives an error line");
    assert.equal(out[1].source, join(dir, "missing.html"));
    assert.deepEqual(out[2], out[0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the shared contract checker holds on the seeds", {
  skip: haveSeeds
    ? false
    : "../shared/corpus/seeds not found: the contract check needs the shared folder beside the repo",
}, () => {
  const r = spawnSync(process.execPath, [join(root, "..", "shared", "tools", "check-contract.mjs")], {
    cwd: root,
    encoding: "utf8",
    timeout: 600_000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /contract: all checks hold/);
});
