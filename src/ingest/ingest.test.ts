import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  createWriteStream,
  mkdtempSync,
  mkdirSync,
  rmSync,
  writeFileSync,
  existsSync,
  openSync,
  ftruncateSync,
  closeSync,
  readdirSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync, createGzip } from "node:zlib";
import type { AddressInfo } from "node:net";
import { cleanPage } from "../clean/index.js";
import type { CleanedPage, PageInput } from "../model/pipeline.js";
import type { DocumentRecord } from "../model/records.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import type { Store } from "../store/store.js";
import { packageRoot } from "../util/paths.js";
import { sha256Hex } from "../util/ids.js";
import { ingestFiles, ingestInputs, type IngestOptions, type IngestSummary } from "./index.js";
import { canonicalJson } from "./articles.js";

/** A deliberately simple cleaner so these tests exercise ingest, not the real cleaner's heuristics. */
function testClean(page: PageInput): CleanedPage {
  const body =
    page.format === "html"
      ? page.content.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, "\n")
      : page.content;
  const text = body
    .split(/\n+/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
  return {
    title: page.given?.title ?? null,
    byline: null,
    authors: page.given?.authors ?? [],
    translators: [],
    outlet: page.given?.outlet ?? null,
    url: page.url ?? null,
    published: page.given?.published ?? null,
    published_source: page.given?.published ? "input" : "none",
    modified: null,
    lang: page.given?.lang ?? "en",
    text,
    credits: [],
    warnings: [],
  };
}

const root = mkdtempSync(join(tmpdir(), "dossier-ingest-"));
after(() => rmSync(root, { recursive: true, force: true }));
let dbCounter = 0;

async function freshStore(): Promise<Store> {
  const s = createSqliteStore(join(root, `db-${++dbCounter}.db`));
  await s.init();
  return s;
}

function dirWith(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(root, name);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

function statusOf(summary: IngestSummary, suffix: string) {
  const f = summary.files.find((x) => x.source.endsWith(suffix));
  assert.ok(f, `no status for ${suffix} in ${summary.files.map((x) => x.source).join(", ")}`);
  return f;
}

/** The store agrees with the summary: every ingested id is stored, counts add up, run files match. */
async function assertConsistent(store: Store, summary: IngestSummary, expectedTotal: number): Promise<void> {
  assert.equal(summary.files.length, expectedTotal, "every input accounted for");
  assert.equal(summary.ingested + summary.duplicate + summary.failed, expectedTotal);
  for (const f of summary.files) {
    if (f.status === "failed") assert.ok(f.reason && f.reason.length > 3, `failure of ${f.source} has a reason`);
    else assert.ok(f.doc && (await store.getDocument(f.doc)), `${f.source} → stored document`);
  }
  const recorded = await store.listRunFiles(summary.run);
  assert.deepEqual(
    recorded.map((r) => [r.source, r.status]),
    summary.files.map((r) => [r.source, r.status]),
  );
  assert.equal(await store.ping(), true);
}

const ARTICLE = (n: number | string) =>
  `<html><head><title>Article ${n}</title></head><body><nav><a href="/">Home</a></nav>` +
  `<article><p>Paragraph one of article ${n} about a meeting between two ministers.</p>` +
  `<p>Paragraph two of article ${n} with more words so it reads like a body.</p></article></body></html>`;

describe("ingest: files and directories", () => {
  test("walks directories recursively in sorted order, skips hidden entries, lists unsupported types as skipped", async () => {
    const store = await freshStore();
    const dir = dirWith("walk", {
      "b.html": ARTICLE("b"),
      "a.txt": "A plain text article.\n\nWith two paragraphs.",
      "sub/c.htm": ARTICLE("c"),
      "sub/deeper/d.html.gz": gzipSync(Buffer.from(ARTICLE("d"))),
      ".hidden.html": ARTICLE("hidden"),
      ".git/config.html": ARTICLE("git"),
      "notes.pdf": "%PDF-1.4 not really",
      README: "no extension",
      "store.db-wal": "x",
    });
    const summary = await ingestInputs(store, [dir], { clean: testClean });
    assert.deepEqual(
      summary.files.map((f) => f.source.slice(dir.length + 1)),
      ["a.txt", "b.html", "sub/c.htm", "sub/deeper/d.html.gz"],
    );
    assert.equal(summary.ingested, 4);
    assert.equal(summary.failed, 0);
    assert.deepEqual(
      summary.skipped.map((f) => [f.source.slice(dir.length + 1), f.reason]),
      [
        ["README", "not an article (no extension)"],
        ["notes.pdf", "not an article (.pdf file)"],
        ["store.db-wal", "a database file, not an article"],
      ],
    );
    // A file named on the command line is read or failed, never skipped.
    const named = await ingestInputs(store, [join(dir, "notes.pdf")], { clean: testClean });
    assert.match(statusOf(named, "notes.pdf").reason!, /unsupported file type \(\.pdf\)/);
    const d = (await store.getDocument(statusOf(summary, "d.html.gz").doc!))!;
    assert.match(d.text, /Paragraph one of article d/);
    assert.equal(d.sha256, sha256Hex(Buffer.from(ARTICLE("d"))), "a .gz is deduplicated on its decompressed bytes");
    assert.deepEqual(d.spun, { score: 0, is_spun: false });
    assert.equal(d.republication_of, null);
    assert.equal(d.restored_text, null);
    assert.ok(d.ingested_at && !Number.isNaN(Date.parse(d.ingested_at)));
    await assertConsistent(store, summary, 4);
    await store.close();
  });

  test("an input named twice, or reached twice through directories, counts once", async () => {
    const store = await freshStore();
    const dir = dirWith("twice", { "a.html": ARTICLE("twice-a"), "sub/b.html": ARTICLE("twice-b") });
    const summary = await ingestInputs(store, [join(dir, "sub"), dir, join(dir, "a.html"), dir], { clean: testClean });
    assert.deepEqual(
      summary.files.map((f) => [f.source.slice(dir.length + 1), f.status]),
      [
        ["sub/b.html", "ingested"],
        ["a.html", "ingested"],
      ],
    );
    const done = await store.listRunFiles(summary.run);
    assert.equal(done.length, 2);
    assert.equal(summary.ingested, 2);
    await store.close();
  });

  test("the content corrects a misleading extension: markup in .txt, plain text in .html", async () => {
    const store = await freshStore();
    const formats = new Map<string, string>();
    const dir = dirWith("mislabelled", {
      "markup.txt": ARTICLE("markup-in-txt"),
      "plain.html": "Just words, no tags at all.\n\nA second paragraph.",
    });
    await ingestInputs(store, [dir], {
      clean: (page) => {
        formats.set(page.source.slice(dir.length + 1), page.format);
        return testClean(page);
      },
    });
    assert.deepEqual(Object.fromEntries(formats), { "markup.txt": "html", "plain.html": "text" });
    await store.close();
  });

  test("re-ingesting the same bytes adds nothing; a gzipped copy is a duplicate", async () => {
    const store = await freshStore();
    const dir = dirWith("dups", { "x.html": ARTICLE("x"), "y.html": ARTICLE("y") });
    writeFileSync(join(root, "x-copy.html.gz"), gzipSync(Buffer.from(ARTICLE("x"))));
    const first = await ingestInputs(store, [dir], { clean: testClean });
    assert.equal(first.ingested, 2);
    const again = await ingestInputs(store, [dir, join(root, "x-copy.html.gz")], { clean: testClean });
    assert.equal(again.ingested, 0);
    assert.equal(again.duplicate, 3);
    assert.equal(statusOf(again, "x-copy.html.gz").doc, statusOf(first, "x.html").doc);
    assert.equal(await store.countDocuments(), 2);
    assert.notEqual(first.run, again.run);
    await store.close();
  });

  test("the seed articles go in and are searchable", {
    skip: !existsSync(join(packageRoot(), "..", "shared", "corpus", "seeds")) && "seed corpus not present",
  }, async () => {
    const store = await freshStore();
    const seeds = join(packageRoot(), "..", "shared", "corpus", "seeds");
    const n = readdirSync(seeds).filter((f) => !f.startsWith(".")).length;
    const summary = await ingestInputs(store, [seeds], { clean: cleanPage });
    assert.equal(summary.ingested, n);
    assert.equal(await store.countDocuments(), n);
    for await (const doc of store.iterateDocuments()) {
      assert.ok(doc.text.length > 200, `${doc.source} has a body`);
      assert.equal(doc.sha256, sha256Hex((await store.getRaw(doc.sha256))!));
    }
    assert.ok((await store.search("Pyongyang")).total >= 1);
    await store.close();
  });
});

describe("ingest: bad input never stops the run", () => {
  let store: Store;
  let dir: string;
  let summary: IngestSummary;
  const bomb = join(root, "bad", "bomb.txt.gz");

  before(async () => {
    store = await freshStore();
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    // UTF-8 text (with its curly quotes and accents) corrupted by three bad bytes: stays UTF-8.
    const invalidUtf8 = Buffer.concat([
      Buffer.from(
        "Valid start of the article text — “quoted” in Zürich, São Paulo, Kraków and Malmö; déjà vu, naïve, façade, résumé. ",
      ),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(" valid end."),
    ]);
    const gz = gzipSync(Buffer.from(ARTICLE("truncated")));
    const deep =
      "<html><body>" +
      "<div>".repeat(10_000) +
      "<p>Deeply nested words here.</p>" +
      "</div>".repeat(10_000) +
      "</body></html>";
    const links =
      "<html><body><ul>" +
      Array.from({ length: 200 }, (_, i) => `<li><a href="/n/${i}">Link ${i}</a></li>`).join("") +
      "</ul></body></html>";
    dir = dirWith("bad", {
      "01-good.html": ARTICLE("good-1"),
      "02-binary.html": binary,
      "03-empty.txt": "",
      "04-blank.txt": "   \n\n\t  \n",
      "05-invalid-utf8.txt": invalidUtf8,
      "06-deep.html": deep,
      "07-links.html": links,
      "08-truncated.html.gz": gz.subarray(0, Math.floor(gz.length / 2)),
      "09-not-gzip.html.gz": ARTICLE("plain"),
      "10-good.txt": "Another good article.",
    });
    // A gzip bomb: 64 MB of text in a small file, written as a stream so the test stays light.
    await new Promise<void>((resolve, reject) => {
      const gzip = createGzip({ level: 9 });
      const out = createWriteStream(bomb);
      gzip.pipe(out);
      out.on("finish", resolve);
      out.on("error", reject);
      const chunk = Buffer.alloc(1024 * 1024, "a");
      let i = 0;
      const pump = () => {
        while (i < 64) {
          i++;
          if (!gzip.write(chunk)) return void gzip.once("drain", pump);
        }
        gzip.end();
      };
      pump();
    });
    // A sparse 60 MB file: over the default cap without costing disk or time.
    const big = join(dir, "12-huge.txt");
    const fd = openSync(big, "w");
    ftruncateSync(fd, 60 * 1024 * 1024);
    closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    summary = await ingestInputs(store, [dir], {
      clean: (page) =>
        page.source.includes("06-deep") || page.source.includes("07-links") ? cleanPage(page) : testClean(page),
    });
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    assert.ok(rssGrowth < 400 * 1024 * 1024, `memory stayed bounded (grew ${Math.round(rssGrowth / 1e6)} MB)`);
  });
  after(() => store.close());

  test("every file is accounted for and the good ones are in", async () => {
    await assertConsistent(store, summary, 12);
    assert.equal(statusOf(summary, "01-good.html").status, "ingested");
    assert.equal(statusOf(summary, "10-good.txt").status, "ingested");
  });
  test("binary file", () => {
    const s = statusOf(summary, "02-binary.html");
    assert.equal(s.status, "failed");
    assert.match(s.reason!, /binary/);
  });
  test("empty and blank files", () => {
    assert.match(statusOf(summary, "03-empty.txt").reason!, /^empty file$/);
    assert.match(statusOf(summary, "04-blank.txt").reason!, /empty file/);
  });
  test("invalid UTF-8 is replaced, warned about, and ingested", async () => {
    const s = statusOf(summary, "05-invalid-utf8.txt");
    assert.equal(s.status, "ingested");
    assert.match(s.reason!, /invalid UTF-8: 3 bytes replaced/);
    const doc = (await store.getDocument(s.doc!))!;
    assert.ok(doc.text.includes("\ufffd"));
    assert.ok(doc.warnings?.some((w) => /invalid UTF-8/.test(w)));
  });
  test("HTML nested 10,000 deep ends with a clear status", () => {
    const s = statusOf(summary, "06-deep.html");
    assert.ok(s.status === "ingested" || (s.status === "failed" && s.reason), JSON.stringify(s));
  });
  test("a page of only links has no article text", () => {
    const s = statusOf(summary, "07-links.html");
    assert.equal(s.status, "failed");
    assert.match(s.reason!, /no article text found/);
  });
  test("truncated and fake .gz files", () => {
    assert.match(statusOf(summary, "08-truncated.html.gz").reason!, /truncated gzip/);
    assert.match(statusOf(summary, "09-not-gzip.html.gz").reason!, /not gzip/);
  });
  test("a gzip bomb is stopped at the decompression cap", () => {
    const s = statusOf(summary, "bomb.txt.gz");
    assert.equal(s.status, "failed");
    assert.match(s.reason!, /decompressed content is larger than the 50 MB limit/);
  });
  test("a file over the size cap is refused without reading it", () => {
    const s = statusOf(summary, "12-huge.txt");
    assert.equal(s.status, "failed");
    assert.match(s.reason!, /file is 60 MB; the limit is 50 MB/);
  });
  test("caps are configurable", async () => {
    const small = await ingestInputs(store, [join(dir, "01-good.html")], { clean: testClean, maxBytes: 100 });
    assert.match(small.files[0].reason!, /limit is 100 bytes/);
    const tight = await ingestInputs(store, [bomb], { clean: testClean, maxDecompressedBytes: 1000 });
    assert.match(tight.files[0].reason!, /larger than the 1000 bytes limit/);
    await assert.rejects(
      ingestInputs(store, [], { clean: testClean, maxBytes: -1 }),
      /maxBytes must be a positive number/,
    );
  });
  test("devices and pipes are refused without opening them", async () => {
    const s = await ingestInputs(store, ["/dev/zero", join(dir, "01-good.html")], { clean: testClean });
    assert.equal(s.files[0].status, "failed");
    assert.match(s.files[0].reason!, /not a regular file/);
    assert.equal(s.files[1].status, "duplicate");
  });
  test("a JSON line nested 200,000 deep fails alone", async () => {
    const deep = `{"text":"Deep line.","meta":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const file = join(root, "deep.jsonl");
    writeFileSync(file, `${deep}\n${JSON.stringify({ text: "The shallow line after it." })}\n`);
    const s = await ingestInputs(store, [file], { clean: testClean });
    assert.equal(s.files.length, 2);
    assert.equal(s.files[0].status, "failed");
    assert.ok(s.files[0].reason);
    assert.equal(s.files[1].status, "ingested");
  });
  test("a missing path is a failed input", async () => {
    const s = await ingestInputs(store, [join(root, "no-such-file.html")], { clean: testClean });
    assert.equal(s.files[0].status, "failed");
    assert.equal(s.files[0].reason, "no such file or directory");
  });
});

describe("ingest: JSON and JSON Lines", () => {
  test("each line is its own input; malformed lines fail alone; canonical bytes deduplicate", async () => {
    const store = await freshStore();
    const a = {
      text: "First article body.",
      title: "First",
      url: "https://example.org/1",
      published: "2024-06-19",
      outlet: "Example",
      authors: ["Ann Author"],
      lang: "en",
    };
    const lines = [
      JSON.stringify(a),
      "{not json",
      JSON.stringify({ title: "no body" }),
      "",
      JSON.stringify([1, 2]),
      JSON.stringify({ html: ARTICLE("json-html"), authors: "Single Author" }),
      // Same article, keys in another order and spaced out: the same canonical bytes.
      JSON.stringify(
        {
          lang: "en",
          authors: ["Ann Author"],
          outlet: "Example",
          published: "2024-06-19",
          url: "https://example.org/1",
          title: "First",
          text: "First article body.",
        },
        null,
        0,
      ).replace(/,/g, ", "),
      JSON.stringify({ text: 42 }),
    ];
    const file = join(root, "articles.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const summary = await ingestInputs(store, [file], { clean: testClean });
    assert.deepEqual(
      summary.files.map((f) => [f.source.slice(root.length + 1), f.status]),
      [
        ["articles.jsonl#0", "ingested"],
        ["articles.jsonl#1", "failed"],
        ["articles.jsonl#2", "failed"],
        ["articles.jsonl#4", "failed"],
        ["articles.jsonl#5", "ingested"],
        ["articles.jsonl#6", "duplicate"],
        ["articles.jsonl#7", "failed"],
      ],
    );
    assert.match(summary.files[1].reason!, /invalid JSON on line 2/);
    assert.match(summary.files[2].reason!, /no "text" or "html"/);
    assert.match(summary.files[3].reason!, /not a JSON object/);
    assert.match(summary.files[6].reason!, /invalid article fields: text/);
    const first = (await store.getDocument(summary.files[0].doc!))!;
    assert.equal(first.title, "First");
    assert.equal(first.published, "2024-06-19");
    assert.equal(first.outlet, "Example");
    assert.deepEqual(first.authors, ["Ann Author"]);
    assert.equal(first.url, "https://example.org/1");
    assert.equal(first.source, `${file}#0`);
    assert.equal(first.sha256, sha256Hex(canonicalJson(a)));
    const html = (await store.getDocument(summary.files[4].doc!))!;
    assert.match(html.text, /Paragraph one of article json-html/);
    assert.deepEqual(html.authors, ["Single Author"]);
    await assertConsistent(store, summary, 7);
    await store.close();
  });

  test("millions of junk lines: bounded records, good lines still go in", async () => {
    const store = await freshStore();
    const junk = "x\n".repeat(2_000_000);
    const file = join(root, "junk.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ text: "Good first line." })}\n${junk}${JSON.stringify({ text: "Good last line." })}\n`,
    );
    const summary = await ingestInputs(store, [file], { clean: testClean });
    assert.equal(summary.ingested, 2);
    assert.equal(summary.files.length, 2 + 1000 + 1);
    const rest = summary.files[summary.files.length - 1];
    assert.equal(rest.status, "failed");
    assert.match(rest.reason!, /^1999000 more malformed entries \(#1001…2000000\)/);
    assert.equal(summary.files[summary.files.length - 2].source, `${file}#2000001`);
    assert.equal(summary.files[summary.files.length - 2].status, "ingested");
    assert.equal(summary.failed, 1001);
    await store.close();
  });

  test("a .jsonl whose first 1000 entries are all junk is not read further", async () => {
    const store = await freshStore();
    const file = join(root, "all-junk.jsonl");
    writeFileSync(file, "{broken\n".repeat(1500) + `${JSON.stringify({ text: "Too late to matter." })}\n`);
    const summary = await ingestInputs(store, [file], { clean: testClean });
    assert.equal(summary.files.length, 1001);
    assert.equal(summary.ingested, 0);
    assert.equal(summary.files[1000].source, `${file}#1000…`);
    assert.match(summary.files[1000].reason!, /first 1000 entries of this file were all malformed/);
    await store.close();
  });

  test(".json holds one article or an array of them; gzipped JSONL works", async () => {
    const store = await freshStore();
    const dir = dirWith("json", {
      "one.json": JSON.stringify({ text: "A single JSON article." }),
      "many.json": JSON.stringify([{ text: "Array article zero." }, { nope: true }, { text: "Array article two." }]),
      "lines.jsonl.gz": gzipSync(
        Buffer.from(
          `${JSON.stringify({ text: "Gzipped line zero." })}\n${JSON.stringify({ text: "Gzipped line one." })}\n`,
        ),
      ),
      "broken.json": "[{",
    });
    const summary = await ingestInputs(store, [dir], { clean: testClean });
    assert.deepEqual(
      summary.files.map((f) => [f.source.slice(dir.length + 1), f.status]),
      [
        ["broken.json", "failed"],
        ["lines.jsonl.gz#0", "ingested"],
        ["lines.jsonl.gz#1", "ingested"],
        ["many.json#0", "ingested"],
        ["many.json#1", "failed"],
        ["many.json#2", "ingested"],
        ["one.json", "ingested"],
      ],
    );
    assert.match(summary.files[0].reason!, /invalid JSON/);
    await store.close();
  });
});

describe("ingest: stdin, hooks, abort", () => {
  test("stdin '-' is sniffed: HTML, JSON Lines, gzip", async () => {
    const store = await freshStore();
    const html = await ingestInputs(store, ["-"], {
      clean: testClean,
      stdin: Readable.from([Buffer.from(ARTICLE("stdin"))]),
    });
    assert.equal(html.files[0].source, "-");
    assert.equal(html.files[0].status, "ingested");
    assert.match((await store.getDocument(html.files[0].doc!))!.text, /article stdin/);
    const jsonl = await ingestInputs(store, ["-"], {
      clean: testClean,
      stdin: Readable.from([
        Buffer.from(`${JSON.stringify({ text: "stdin line 0" })}\n${JSON.stringify({ text: "stdin line 1" })}\n`),
      ]),
    });
    assert.deepEqual(
      jsonl.files.map((f) => [f.source, f.status]),
      [
        ["-#0", "ingested"],
        ["-#1", "ingested"],
      ],
    );
    const gz = await ingestInputs(store, ["-"], {
      clean: testClean,
      stdin: Readable.from([gzipSync(Buffer.from("gzipped stdin text"))]),
    });
    assert.equal(gz.files[0].status, "ingested");
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, "x"));
      },
    });
    const capped = await ingestInputs(store, ["-"], { clean: testClean, stdin: endless, maxBytes: 1024 * 1024 });
    assert.match(capped.files[0].reason!, /standard input is larger than the 1 MB limit/);
    await store.close();
  });

  test("onDocument runs for new documents only; its failure is recorded, not fatal", async () => {
    const store = await freshStore();
    const dir = dirWith("hook", { "a.html": ARTICLE("hook-a"), "b.html": ARTICLE("hook-b") });
    const seen: DocumentRecord[] = [];
    const opts: IngestOptions = {
      clean: testClean,
      onDocument: (doc) => {
        seen.push(doc);
        if (doc.source.endsWith("b.html")) throw new Error("analysis exploded");
      },
    };
    const first = await ingestInputs(store, [dir], opts);
    assert.equal(seen.length, 2);
    assert.equal(first.ingested, 2);
    assert.match(statusOf(first, "b.html").reason!, /onDocument failed: analysis exploded/);
    await ingestInputs(store, [dir], opts);
    assert.equal(seen.length, 2, "duplicates do not call the hook");
    await store.close();
  });

  test("an abort signal stops between inputs and records the rest as aborted", async () => {
    const store = await freshStore();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.html`] = ARTICLE(`abort-${i}`);
    const dir = dirWith("abort", files);
    const ctl = new AbortController();
    const progress: number[] = [];
    const summary = await ingestInputs(store, [dir], {
      clean: testClean,
      signal: ctl.signal,
      progress: (p) => {
        progress.push(p.done);
        assert.equal(p.total, 6);
        if (p.done === 2) ctl.abort();
      },
    });
    assert.equal(summary.aborted, true);
    assert.equal(summary.ingested, 2);
    assert.equal(summary.failed, 4);
    assert.ok(summary.files.slice(2).every((f) => f.reason === "aborted"));
    assert.equal(await store.countDocuments(), 2);
    await store.close();
  });
});

describe("ingest: URLs (local server on 127.0.0.1 only)", () => {
  let server: Server;
  let base: string;
  let closedPort: number;
  /** Requests to /delayed/ open at once, and the most seen: the fetcher's concurrency, counted on the server. */
  let delayedInFlight = 0;
  let delayedMaxInFlight = 0;

  before(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? "/";
      if (url === "/cp1251.html") {
        res.writeHead(200, { "content-type": "text/html; charset=windows-1251" });
        // "Пхеньян" in windows-1251, inside a page whose markup does not declare a charset.
        const word = Buffer.from([0xcf, 0xf5, 0xe5, 0xed, 0xfc, 0xff, 0xed]);
        res.end(
          Buffer.concat([
            Buffer.from("<html><body><p>Talks in "),
            word,
            Buffer.from(" went on for two days and ended with a joint statement.</p></body></html>"),
          ]),
        );
      } else if (url.startsWith("/hop/")) {
        const n = Number(url.slice(5));
        res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : "/plain.txt" });
        res.end();
      } else if (url === "/plain.txt") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("A plain text report reached through redirects.");
      } else if (url === "/loop") {
        res.writeHead(301, { location: "/loop" });
        res.end();
      } else if (url === "/big") {
        res.writeHead(200, { "content-type": "text/html" }); // no content-length: the cap must hold while streaming
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += 64 * 1024;
            if (!res.write(Buffer.alloc(64 * 1024, "a"))) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
      } else if (url === "/slow") {
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<p>starts but never ends");
      } else if (url === "/image.png") {
        res.writeHead(200, { "content-type": "image/png" });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
      } else if (url.startsWith("/delayed/")) {
        delayedInFlight += 1;
        delayedMaxInFlight = Math.max(delayedMaxInFlight, delayedInFlight);
        setTimeout(() => {
          delayedInFlight -= 1;
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(`Delayed report number ${url.slice(9)} with enough words to count as a body.`);
        }, 400);
      } else if (url === "/feed.jsonl") {
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        res.end(`${JSON.stringify({ text: "From a JSONL feed." })}\n`);
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not here");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test("slow URLs are fetched a few at a time, results recorded in input order", async () => {
    const store = await freshStore();
    const urls = Array.from({ length: 8 }, (_, i) => `${base}/delayed/${i}`);
    delayedMaxInFlight = 0;
    const summary = await ingestInputs(store, urls, { clean: testClean, fetchConcurrency: 4 });
    assert.deepEqual(
      summary.files.map((f) => f.source),
      urls,
    );
    assert.equal(summary.ingested, 8);
    // Counted on the server: several requests were open at once, never more than the limit.
    assert.ok(
      delayedMaxInFlight > 1 && delayedMaxInFlight <= 4,
      `at most 4 and more than 1 in flight (saw ${delayedMaxInFlight})`,
    );
    const texts = await Promise.all(summary.files.map(async (f) => (await store.getDocument(f.doc!))!.text));
    texts.forEach((t, i) => assert.match(t, new RegExp(`number ${i} `)));
    await store.close();
  });

  test("fetches, follows capped redirects, decodes the HTTP charset, and fails cleanly", async () => {
    const store = await freshStore();
    const urls = [
      `${base}/cp1251.html`,
      `${base}/hop/3`,
      `${base}/loop`,
      `${base}/big`,
      `${base}/slow`,
      `${base}/image.png`,
      `${base}/missing`,
      `${base}/feed.jsonl`,
      `http://127.0.0.1:${closedPort}/unreachable`,
    ];
    // The stalled response gets a short timeout of its own; the others a generous one, so a busy
    // machine cannot turn a slow local answer into a failure.
    const slow = urls[4]!;
    const summary = await ingestInputs(
      store,
      urls.filter((u) => u !== slow),
      { clean: testClean, maxBytes: 1024 * 1024, fetchTimeoutMs: 60_000, maxRedirects: 4 },
    );
    const slowSummary = await ingestInputs(store, [slow], { clean: testClean, fetchTimeoutMs: 1500 });
    const by = (i: number) =>
      [...summary.files, ...slowSummary.files].find((f) => f.source === urls[i] || f.source.startsWith(urls[i] + "#"))!;
    assert.equal(by(0).status, "ingested");
    const doc = (await store.getDocument(by(0).doc!))!;
    assert.match(doc.text, /Talks in Пхеньян went on/);
    assert.equal(doc.url, `${base}/cp1251.html`);
    assert.equal(doc.source, urls[0]);
    assert.equal(by(1).status, "ingested");
    assert.equal((await store.getDocument(by(1).doc!))!.url, `${base}/plain.txt`, "the final address is kept");
    assert.match(by(2).reason!, /too many redirects \(more than 4\)/);
    assert.match(by(3).reason!, /response is larger than the 1 MB limit/);
    assert.match(by(4).reason!, /timed out after 1500 ms/);
    assert.match(by(5).reason!, /unsupported content type image\/png/);
    assert.match(by(6).reason!, /HTTP 404/);
    assert.equal(by(7).source, `${urls[7]}#0`);
    assert.equal(by(7).status, "ingested");
    assert.match(by(8).reason!, /cannot fetch: ECONNREFUSED/);
    await assertConsistent(store, summary, 8);
    await assertConsistent(store, slowSummary, 1);
    await store.close();
  });
});

describe("ingest: files in memory (uploads)", () => {
  test("names decide the format, caps and dedup apply, sources are the client's names", async () => {
    const store = await freshStore();
    const onDisk = join(root, "upload-same.html");
    writeFileSync(onDisk, ARTICLE("upload-1"));
    await ingestInputs(store, [onDisk], { clean: testClean });
    const summary = await ingestFiles(
      store,
      [
        { name: "report.html", bytes: Buffer.from(ARTICLE("upload-2")) },
        { name: "copy.html.gz", bytes: gzipSync(Buffer.from(ARTICLE("upload-1"))) },
        { name: "feed.jsonl", bytes: Buffer.from(`${JSON.stringify({ text: "Uploaded line." })}\n{oops\n`) },
        { name: "photo.jpg", bytes: Buffer.from([0xff, 0xd8, 0xff]) },
        { name: "big.txt", bytes: Buffer.alloc(20 * 1024, "a") },
        { name: "bomb.txt.gz", bytes: gzipSync(Buffer.alloc(1024 * 1024, "a")) },
      ],
      { clean: testClean, maxBytes: 1024 * 16, maxDecompressedBytes: 1500 },
    );
    assert.deepEqual(
      summary.files.map((f) => [f.source, f.status]),
      [
        ["report.html", "ingested"],
        ["copy.html.gz", "duplicate"],
        ["feed.jsonl#0", "ingested"],
        ["feed.jsonl#1", "failed"],
        ["photo.jpg", "failed"],
        ["big.txt", "failed"],
        ["bomb.txt.gz", "failed"],
      ],
    );
    assert.equal((await store.getDocument(summary.files[0].doc!))!.source, "report.html");
    assert.match(summary.files[4].reason!, /unsupported file type \(\.jpg\)/);
    assert.match(summary.files[5].reason!, /file is 20 KB; the limit is 16 KB/);
    assert.match(summary.files[6].reason!, /larger than the 1.5 KB limit/);
    await assertConsistent(store, summary, 7);
    await store.close();
  });
});
