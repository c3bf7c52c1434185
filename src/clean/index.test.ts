import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanPage, MAX_PAGE_CHARS } from "./index.js";
import { DossierError } from "../util/errors.js";

const para = (n: number) =>
  `Paragraph ${n} of the report explains, in plain words, what the delegation agreed on, who attended the talks, and why the meeting mattered to both governments.`;

function articlePage(extra = ""): string {
  return `<!doctype html><html lang="en"><head>
<title>Leaders sign accord in capital | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-10-19T23:30:00-04:00">
<meta property="article:modified_time" content="2023-10-20T08:00:00-04:00">
<meta name="author" content="By Jane Roe and John Doe">
<link rel="canonical" href="https://www.example-news.test/world/leaders-sign-accord">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header class="site-header"><a href="/">Example News</a></header>
<main><article>
<h1>Leaders sign accord in capital</h1>
<div class="byline">By Jane Roe and John Doe</div>
<figure><img src="a.jpg"><figcaption>The leaders shake hands at the ceremony on Thursday.</figcaption></figure>
<div class="article-body">
<p>${para(1)}</p>
<p>${para(2)}</p>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<h2>What comes next</h2>
<p>${para(3)}</p>
<aside class="related-articles"><h3>Related</h3><ul><li><a href="/a">Another story about something else entirely</a></li><li><a href="/b">A second unrelated story with a long title</a></li></ul></aside>
<p>${para(4)}</p>
<div class="newsletter-signup">Sign up for our daily newsletter to get the news first.</div>
${extra}
</div>
<section class="comments"><h3>Comments</h3><p>I think this is a great article and everyone should read it, thanks for writing it.</p></section>
</article></main>
<footer><p>Copyright 2023 Example News. All rights reserved. Contact us for licensing, corrections and tips.</p></footer>
</body></html>`;
}

test("HTML: article paragraphs kept, boilerplate removed, paragraphs separated by blank lines", () => {
  const page = cleanPage({ source: "a.html", content: articlePage(), format: "html" });
  const paragraphs = page.text.split("\n\n");
  assert.deepEqual(paragraphs, [para(1), para(2), "What comes next", para(3), para(4)]);
  for (const junk of [
    "Share on",
    "Related",
    "newsletter",
    "Comments",
    "great article",
    "Copyright",
    "Home",
    "shake hands",
    "By Jane",
  ]) {
    assert.ok(!page.text.includes(junk), `junk left: ${junk}`);
  }
});

test("HTML: metadata (title without site suffix, authors, outlet, canonical URL, dates as written)", () => {
  const page = cleanPage({ source: "a.html", content: articlePage(), format: "html" });
  assert.equal(page.title, "Leaders sign accord in capital");
  assert.deepEqual(page.authors, ["Jane Roe", "John Doe"]);
  assert.equal(page.outlet, "Example News");
  assert.equal(page.url, "https://www.example-news.test/world/leaders-sign-accord");
  // Kept as written: the day is the 19th, not shifted to UTC's 20th.
  assert.equal(page.published, "2023-10-19T23:30:00-04:00");
  assert.equal(page.published_source, "meta");
  assert.equal(page.modified, "2023-10-20T08:00:00-04:00");
  assert.equal(page.lang, "en");
  assert.deepEqual(page.warnings, []);
});

test("given metadata is trusted over guesses", () => {
  const page = cleanPage({
    source: "a.jsonl#0",
    content: articlePage(),
    format: "html",
    given: {
      title: "Given title",
      published: "2023-10-01",
      outlet: "Given Outlet",
      authors: ["A. Person"],
      lang: "de",
    },
  });
  assert.equal(page.title, "Given title");
  assert.equal(page.published, "2023-10-01");
  assert.equal(page.published_source, "input");
  assert.equal(page.outlet, "Given Outlet");
  assert.deepEqual(page.authors, ["A. Person"]);
  assert.equal(page.lang, "de");
});

test("non-English pages: Russian body and language", () => {
  const ru =
    "Министр иностранных дел провёл переговоры со своим коллегой, обсудив вопросы двустороннего сотрудничества, торговли и безопасности в регионе.";
  const html = `<html lang="ru"><head><title>Переговоры в столице</title></head><body><article><p>${ru}</p><p>${ru}</p><p>${ru.replace("Министр", "Президент")}</p></article></body></html>`;
  const page = cleanPage({ source: "ru.html", content: html, format: "html" });
  assert.equal(page.lang, "ru");
  assert.ok(page.text.includes("Президент иностранных дел"));
});

test("bad input: empty page gives an empty body and a warning", () => {
  for (const format of ["html", "text"] as const) {
    const page = cleanPage({ source: "empty", content: "", format });
    assert.equal(page.text, "");
    assert.equal(page.lang, "und");
    assert.ok(page.warnings.includes("empty page"));
  }
});

test("bad input: binary content is a BAD_INPUT error", () => {
  const binary =
    String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52) + "\u0000".repeat(100);
  assert.throws(
    () => cleanPage({ source: "x.png", content: binary, format: "html" }),
    (err: unknown) => err instanceof DossierError && err.code === "BAD_INPUT",
  );
});

test("bad input: a 20 MB page is a TOO_LARGE error", () => {
  const huge = "<p>" + "x".repeat(20 * 1024 * 1024) + "</p>";
  assert.throws(
    () => cleanPage({ source: "huge.html", content: huge, format: "html" }),
    (err: unknown) => err instanceof DossierError && err.code === "TOO_LARGE" && /limit/.test(err.message),
  );
});

test("bad input: a multi-megabyte page past the element cap is parsed, capped and warned about", () => {
  const block = `<div class="x"><p>${para(1)}</p><a href="/a">link</a>${"<i></i>".repeat(20)}</div>`;
  // A quarter of the size limit already holds more elements than the tree keeps.
  const html = `<html><body>${block.repeat(Math.floor(MAX_PAGE_CHARS / 4 / block.length))}</body></html>`;
  const page = cleanPage({ source: "big.html", content: html, format: "html" });
  assert.ok(page.text.length > 0);
  assert.ok(page.warnings.some((w) => w.includes("element cap")));
});

test("bad input: HTML nested 10,000 deep does not blow the stack", () => {
  const html = "<div>".repeat(10_000) + `<p>${para(1)}</p>` + "</div>".repeat(10_000);
  const page = cleanPage({ source: "deep.html", content: html, format: "html" });
  assert.ok(page.text.includes("Paragraph 1 of the report"));
  assert.ok(page.warnings.some((w) => w.includes("flattened")));
  const unclosed = "<span><b>".repeat(5_000) + para(2);
  const page2 = cleanPage({ source: "deep2.html", content: unclosed, format: "html" });
  assert.ok(page2.text.includes("Paragraph 2 of the report"));
  const tables = "<table><tr><td>".repeat(3_334) + para(3);
  const page3 = cleanPage({ source: "deep3.html", content: tables, format: "html" });
  assert.ok(page3.text.includes("Paragraph 3 of the report"));
  const tooDeep = cleanPage({
    source: "deep4.html",
    content: "<table><tr><td>".repeat(20_000) + para(4),
    format: "html",
  });
  assert.ok(tooDeep.warnings.some((w) => w.includes("parsing stopped")));
});

test("bad input: a page of only links gives no article body and a warning", () => {
  const links = Array.from(
    { length: 300 },
    (_, i) => `<li><a href="/s/${i}">Story number ${i} with a headline long enough to look real</a></li>`,
  ).join("");
  const page = cleanPage({
    source: "links.html",
    content: `<html><body><ul>${links}</ul></body></html>`,
    format: "html",
  });
  assert.equal(page.text, "");
  assert.ok(page.warnings.includes("no article text found"));
});

test("bad input: malformed HTML (unclosed tags, stray closers, broken attributes) still yields the text", () => {
  const html = `<html><body><div class="content"><p>${para(1)}<p>${para(2)}</span></i></div></div><p class="x>${para(3)}<div <p>${para(4)}`;
  const page = cleanPage({ source: "bad.html", content: html, format: "html" });
  assert.ok(page.text.includes("Paragraph 1 of the report"));
  assert.ok(page.text.includes("Paragraph 2 of the report"));
});

test("HTML without any markup around the text (a text file served as HTML) falls back to its text", () => {
  const html = `<html><body>${para(1)}\n\n${para(2)}</body></html>`;
  const page = cleanPage({ source: "bare.html", content: html, format: "html" });
  assert.deepEqual(page.text.split("\n\n"), [para(1), para(2)]);
});

test("HTML: a credit line at the end of the body is recorded and removed", () => {
  const html = `<html><body><article><p>${para(1)}</p><p>${para(2)}</p><p>${para(3)}</p><p>Originally published on Example Science.</p></article></body></html>`;
  const page = cleanPage({ source: "c.html", content: html, format: "html" });
  assert.deepEqual(page.credits, [
    { kind: "original", name: "Example Science", line: "Originally published on Example Science." },
  ]);
  assert.ok(!page.text.includes("Originally published"));
  assert.equal(page.text.split("\n\n").length, 3);
});

test("HTML: an embedded post inside the story is kept as a quotation; share boxes are not", () => {
  const html = `<html><body><article><p>${para(1)}</p>
<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The ministry says the talks were constructive and will continue next month.</p>— Example Ministry (@example) October 19, 2023</blockquote></div>
<div class="social-share"><a href="#">Share on Facebook</a><a href="#">Share on X</a></div>
<p>${para(2)}</p></article></body></html>`;
  const page = cleanPage({ source: "e.html", content: html, format: "html" });
  assert.ok(page.text.includes("The ministry says the talks were constructive"));
  assert.ok(!page.text.includes("Share on"));
});

test("supplied publish dates are normalised to the contract's ISO form; unreadable ones are dropped with a warning", () => {
  const body =
    "A report about the talks in Pyongyang between the two foreign ministers, who discussed trade.\n\nA second paragraph on energy supplies and a new road bridge across the river.";
  const ok = cleanPage(
    { source: "feed.jsonl#0", content: body, format: "text", given: { published: "17 September 2023" } },
    new Date("2026-01-01"),
  );
  assert.equal(ok.published, "2023-09-17");
  assert.equal(ok.published_source, "input");
  const bad = cleanPage(
    { source: "feed.jsonl#1", content: body, format: "text", given: { published: "sometime soon" } },
    new Date("2026-01-01"),
  );
  assert.equal(bad.published, null);
  assert.ok(bad.warnings.some((w) => /publish date not understood/.test(w)));
});
