import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DossierError } from "../util/errors.js";
import { sha256Hex } from "../util/ids.js";
import { generateCorpus, spin } from "./generate.js";
import { seededRandom as createRng } from "../util/random.js";
import { writeCorpus } from "./write.js";

test("the same options give the same corpus, another seed a different one", () => {
  const a = [...generateCorpus({ count: 200, seed: 42 })];
  const b = [...generateCorpus({ count: 200, seed: 42 })];
  const c = [...generateCorpus({ count: 200, seed: 43 })];
  assert.equal(sha256Hex(JSON.stringify(a)), sha256Hex(JSON.stringify(b)));
  assert.notEqual(sha256Hex(JSON.stringify(a)), sha256Hex(JSON.stringify(c)));
  assert.equal(new Set(a.map((x) => x.name)).size, 200, "names are unique");
});

test("articles look like news: title line, paragraphs, quotes with cues, dates, numbers", () => {
  const xs = [...generateCorpus({ count: 300, seed: 1, copyRate: 0, spinRate: 0 })];
  for (const x of xs) {
    const [title, blank, ...rest] = x.text.split("\n");
    assert.ok(title && title.length > 10 && title.length < 140, `title: ${title}`);
    assert.equal(blank, "");
    assert.ok(rest.join("\n").split("\n\n").length >= 4, "several paragraphs");
    assert.match(x.published, /^20(23|24)-\d{2}-\d{2}$/);
    assert.match(x.url, /^https:\/\/[a-z.]+\.example\/\d{4}\/\d{2}\//);
    assert.match(x.text, /\d/);
  }
  const withQuote = xs.filter((x) => /"[^"]+," [^.]*\b(said|told reporters|added|stated|noted|wrote)\./.test(x.text));
  assert.ok(
    withQuote.length > xs.length * 0.8,
    `quotes with cue verbs in most articles (${withQuote.length}/${xs.length})`,
  );
  assert.ok(
    xs.some(
      (x) => x.text.includes("Sergei Lavrov") || x.text.includes("Kim Jong Un") || x.text.includes("Vladimir Putin"),
    ),
  );
});

test("copy and spin rates are honoured; exact copies are identical, spun copies differ but keep names", () => {
  const xs = [...generateCorpus({ count: 4000, seed: 9, copyRate: 0.2, spinRate: 0.1 })];
  const byName = new Map(xs.map((x) => [x.name, x]));
  const exact = xs.filter((x) => x.copy_kind === "exact");
  const spun = xs.filter((x) => x.copy_kind === "spun");
  assert.ok(Math.abs(exact.length / xs.length - 0.2) < 0.03, `exact share ${exact.length / xs.length}`);
  assert.ok(Math.abs(spun.length / xs.length - 0.1) < 0.03, `spun share ${spun.length / xs.length}`);
  for (const x of exact) {
    const src = byName.get(x.copy_of!)!;
    assert.equal(x.text, src.text);
    assert.notEqual(x.outlet, src.outlet, "a copy appears under another outlet");
    assert.ok(x.published >= src.published, "copies are not older than their source");
  }
  let changed = 0;
  for (const x of spun) {
    const src = byName.get(x.copy_of!)!;
    if (x.text !== src.text) changed++;
    const capitalised = (t: string) => new Set(t.match(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/g) ?? []);
    const names = [...capitalised(src.text)];
    const kept = names.filter((n) => capitalised(x.text).has(n)).length;
    if (names.length) assert.ok(kept > 0, "spun copies keep names");
  }
  assert.ok(changed > spun.length * 0.95, "spinning changes the text");
});

test("spin swaps dictionary words only", () => {
  const out = spin("The talks were constructive, officials said.", createRng(3));
  assert.notEqual(out, "The talks were constructive, officials said.");
  assert.match(out, /^The \w+ were \w+, \w+ \w+\.$/);
});

test("bad options are usage errors", () => {
  const bad = [
    { count: -1, seed: 1 },
    { count: 1.5, seed: 1 },
    { count: 10, seed: 1.2 },
    { count: 10, seed: 1, copyRate: 2 },
    { count: 10, seed: 1, copyRate: 0.7, spinRate: 0.5 },
    { count: 10, seed: 1, from: "2024-13-01" },
  ];
  for (const o of bad)
    assert.throws(
      () => [...generateCorpus(o)],
      (e: unknown) => e instanceof DossierError && e.code === "USAGE",
      JSON.stringify(o),
    );
});

test("writeCorpus writes sharded files or one JSONL plus a manifest", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-synth-"));
  try {
    const files = await writeCorpus({ count: 1203, seed: 5, out: join(dir, "files") });
    assert.equal(files.articles, 1203);
    assert.deepEqual(readdirSync(join(dir, "files")).sort(), ["000", "001", "manifest.jsonl"]);
    assert.equal(readdirSync(join(dir, "files", "001")).length, 203);
    const first = [...generateCorpus({ count: 1, seed: 5 })][0]!;
    assert.equal(readFileSync(join(dir, "files", "000", first.name), "utf8"), first.text);
    const res = await writeCorpus({ count: 50, seed: 5, out: join(dir, "jsonl"), format: "jsonl" });
    const lines = readFileSync(join(dir, "jsonl", "corpus.jsonl"), "utf8")
      .trim()
      .split("\n");
    assert.equal(lines.length, 50);
    assert.equal(res.articles, 50);
    const obj = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(obj), ["title", "text", "published", "outlet", "url"]);
    assert.equal(
      readFileSync(join(dir, "jsonl", "manifest.jsonl"), "utf8")
        .trim()
        .split("\n").length,
      50,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
