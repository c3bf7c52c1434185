import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePage } from "./dom.js";
import { domainOf, extractMetadata, splitByline } from "./meta.js";

const now = new Date("2024-07-01T00:00:00Z");
const meta = (html: string, url: string | null = null) => extractMetadata(parsePage(html), url, now);

test("JSON-LD headline, authors, publisher and dates win", () => {
  const ld = {
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "WebSite", name: "Site" },
      {
        "@type": "NewsArticle",
        headline: "Lavrov visits Pyongyang",
        author: [
          { "@type": "Person", name: "Jane Roe" },
          { "@type": "Person", name: "John Doe" },
        ],
        publisher: { "@type": "Organization", name: "Example Wire" },
        datePublished: "2023-10-19T08:00:00+09:00",
        dateModified: "2023-10-19T10:00:00+09:00",
        articleBody: "Body text.",
      },
    ],
  };
  const m = meta(`<html><head><title>Lavrov visits Pyongyang - Example Wire</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script>
<meta property="og:title" content="Different og title"></head><body><h1>Lavrov visits Pyongyang</h1></body></html>`);
  assert.equal(m.title, "Lavrov visits Pyongyang");
  assert.deepEqual(m.authors, ["Jane Roe", "John Doe"]);
  assert.equal(m.outlet, "Example Wire");
  assert.equal(m.published, "2023-10-19T08:00:00+09:00");
  assert.equal(m.published_source, "jsonld");
  assert.equal(m.modified, "2023-10-19T10:00:00+09:00");
  assert.equal(m.jsonLdBody, "Body text.");
});

test("title from <title> without the site suffix; outlet from the domain; date from the URL", () => {
  const m = meta(
    `<html><head><title>Kim arrives in Vladivostok for talks | The Example Times</title></head><body><p>x</p></body></html>`,
    "https://www.example-times.test/2023/09/12/kim-arrives/",
  );
  assert.equal(m.title, "Kim arrives in Vladivostok for talks");
  assert.equal(m.outlet, "example-times.test");
  assert.equal(m.published, "2023-09-12");
  assert.equal(m.published_source, "url");
});

test("malformed JSON-LD: plain fields are salvaged and a warning is recorded", () => {
  const m = meta(
    `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Salvaged headline","datePublished":"2020-10-26T18:10:00+01:00"} trailing junk {</script></head><body></body></html>`,
  );
  assert.equal(m.title, "Salvaged headline");
  assert.equal(m.published, "2020-10-26T18:10:00+01:00");
  assert.ok(m.warnings.some((w) => w.includes("JSON-LD")));
});

test("<time datetime> in the article header; comment dates are ignored", () => {
  const m =
    meta(`<html><body><article><header><time class="published" datetime="2021-06-02T09:00:00+03:00">June 2</time></header>
<p>text</p><div class="comments"><time datetime="2021-06-05">June 5</time></div></article></body></html>`);
  assert.equal(m.published, "2021-06-02T09:00:00+03:00");
  assert.equal(m.published_source, "time-element");
});

test("byline from rel=author / .byline elements, cleaned", () => {
  const m = meta(
    `<html><body><div class="byline">By <a rel="author" href="/a/jr">Jane Roe</a> | Updated 3 hours ago</div><p>text</p></body></html>`,
  );
  assert.deepEqual(m.authors, ["Jane Roe"]);
});

test("splitByline strips labels, dates and Follow; splits several authors", () => {
  assert.deepEqual(splitByline("By Jane Roe and John Doe"), ["Jane Roe", "John Doe"]);
  assert.deepEqual(splitByline("Jane Roe, John Doe & Ann Smith"), ["Jane Roe", "John Doe", "Ann Smith"]);
  assert.deepEqual(splitByline("By Jane Roe Follow"), ["Jane Roe"]);
  assert.deepEqual(splitByline("by Lucas Nolan22 Dec 2016651"), ["Lucas Nolan"]);
  assert.deepEqual(splitByline("Piše: P. Mucović prije 26 minuta"), ["P. Mucović"]);
});

test("domainOf drops www and mobile prefixes", () => {
  assert.equal(domainOf("https://www.example.org/a"), "example.org");
  assert.equal(domainOf("https://m.example.org/a"), "example.org");
  assert.equal(domainOf("not a url"), null);
});

test("a date written just below the headline wins over a photo caption's date", () => {
  const m = meta(`<html><body><h1>Protest outside the theatre</h1>
<div><img src="p.jpg"><br>FILE PHOTO: the president at a ceremony, January 16, 2020.</div>
<p>January 18, 2020</p><p>Protesters gathered on Friday evening. January 16, 2020 was mentioned twice: January 16, 2020.</p></body></html>`);
  assert.equal(m.published, "2020-01-18");
  assert.equal(m.published_source, "text");
});

test("domainOf gives the registrable domain", () => {
  assert.equal(domainOf("https://news.bbc.co.uk/a"), "bbc.co.uk");
  assert.equal(domainOf("https://edition.cnn.com/x"), "cnn.com");
  assert.equal(domainOf("https://www.abc.net.au/news"), "abc.net.au");
  assert.equal(domainOf("https://sputnikglobe.com/20231020/x.html"), "sputnikglobe.com");
  assert.equal(domainOf("http://127.0.0.1:8080/x"), "127.0.0.1");
});

test("credits stated in a sentence anywhere on the page; 'By X' line as byline fallback", () => {
  const m =
    meta(`<html><body><font class="x">By Ines Example · Posted 21/06/2024 08:15</font><article><p>Story text.</p>
<p class="note"><i>This article was first published by The Harbour Example on 19 June 2024 and is republished by the Northsea Example under a syndication agreement.</i></p></article></body></html>`);
  assert.deepEqual(m.authors, ["Ines Example"]);
  assert.deepEqual(
    m.credits.map((c) => [c.kind, c.name]),
    [
      ["original", "The Harbour Example"],
      ["republished", "Northsea Example"],
    ],
  );
});

test("the outlet's name is cut from a title when the page's h1 confirms the shorter title", async () => {
  const { withoutSiteName } = await import("./meta.js");
  assert.equal(
    withoutSiteName("Talks in Pyongyang | The Example Ledger", "The Example Ledger", ["Talks in Pyongyang"]),
    "Talks in Pyongyang",
  );
  assert.equal(
    withoutSiteName("The Example Ledger - Talks in Pyongyang", "The Example Ledger", ["Talks in Pyongyang"]),
    "Talks in Pyongyang",
  );
  // Without a confirming h1, Readability's choice stands; a title that is only the name stays.
  assert.equal(
    withoutSiteName("Talks in Pyongyang | The Example Ledger", "The Example Ledger", []),
    "Talks in Pyongyang | The Example Ledger",
  );
  assert.equal(
    withoutSiteName("The Example Ledger", "The Example Ledger", ["The Example Ledger"]),
    "The Example Ledger",
  );
  assert.equal(withoutSiteName("Talks | Other Site", "The Example Ledger", ["Talks"]), "Talks | Other Site");
});
