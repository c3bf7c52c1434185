import { test } from "node:test";
import assert from "node:assert/strict";
import { extractBody } from "./body.js";
import { parsePage } from "./dom.js";

/** Invented prose, one sentence per paragraph number, long enough to count as a paragraph. */
const prose = (n: number, topic = "the harbour authority") =>
  `Sentence ${n} about ${topic}: the council voted on the budget, the mayor answered questions from residents, and the plan goes to a second reading next month.`;

const body = (html: string, title: string | null = null) => extractBody(parsePage(html).root, { title });

test("a list of captioned items (a gallery) does not win over the declared article body", () => {
  const captions = Array.from(
    { length: 30 },
    (_, i) => `<li><h2>Picture ${i}</h2><p>${prose(i, "a photo in the gallery")}</p></li>`,
  ).join("");
  const html = `<html><body><div class="page">
    <div itemprop="articleBody"><p>${prose(1)}</p><p>${prose(2)}</p><p>${prose(3)}</p><p>${prose(4)}</p>
    <ul class="legends">${captions}</ul></div></div></body></html>`;
  const r = body(html);
  assert.ok(r.text.includes("Sentence 1 about the harbour authority"));
  assert.ok(r.text.includes("Sentence 4 about the harbour authority"));
  assert.ok(!r.text.includes("a photo in the gallery"), r.text.slice(0, 300));
});

test("the rest of a story inside a collapsed 'read more' box is kept", () => {
  const rest = [5, 6, 7, 8, 9].map((n) => `<p>${prose(n)}</p>`).join("");
  const html = `<html><body><div class="story-body"><p>${prose(1)}</p><p>${prose(2)}</p>
    <div id="read-more"><div id="read-more-link"><a href="#">Read more</a></div><div id="read-more-content">${rest}</div></div>
    </div><div class="related"><a href="/x">Another story</a></div></body></html>`;
  const r = body(html);
  assert.ok(r.text.includes("Sentence 2 about"));
  assert.ok(r.text.includes("Sentence 9 about"), r.text);
});

test("the declared body replaces a scored block elsewhere on the page when it reads as prose", () => {
  const teasers = Array.from(
    { length: 12 },
    (_, i) => `<div class="card"><p>${prose(i, "another story in the rail")}</p></div>`,
  ).join("");
  const html = `<html><body><div class="rail">${teasers}</div><div class="layout"><div class="col"><div class="x">
    <div itemprop="articleBody"><p>${prose(1)}</p><p>${prose(2)}</p><p>${prose(3)}</p></div></div></div></div></body></html>`;
  const r = body(html);
  assert.equal(r.method, "declared");
  assert.ok(r.text.startsWith("Sentence 1 about the harbour authority"));
  assert.ok(!r.text.includes("another story in the rail"));
});

test("a page without paragraphs still gives its visible text, not an empty body", () => {
  const r = body(
    `<html><head><title>T</title></head><body><article><h2>Test case one</h2><img src="a.jpg"><h2>Test case two</h2></article></body></html>`,
  );
  assert.equal(r.text, "Test case one\n\nTest case two");
  const linked = body(`<html><body><a href="javascript:"><p>abc</p><p>def</p> ghi</a></body></html>`);
  assert.ok(linked.text.includes("abc") && linked.text.includes("ghi"), linked.text);
});

test("a page of only links still gives no body", () => {
  const links = Array.from(
    { length: 50 },
    (_, i) => `<li><a href="/s/${i}">Story number ${i} with a headline long enough to look real</a></li>`,
  ).join("");
  assert.equal(body(`<html><body><ul>${links}</ul></body></html>`).text, "");
});

test("short lines of a caseless script are article text, not section labels", () => {
  const lines = [
    "一波低溫寒流報到後山一帶層層山巒披上彩衣",
    "道路一路上雲氣滯留山頭順路下切後不久即抵達",
    "第二次造訪發現營區變了以前的招牌換成了原木",
    "營區內除了露營餐飲還多了許多原木飾品",
    "雨水洗塵後的枝頭掉落些葉片也洗去塵勞憂傷",
  ];
  const html = `<html><body><div class="post">${lines.map((l) => `<p>${l}</p>`).join("")}${lines.map((l) => `<p>${l}。${l}，${l}。</p>`).join("")}</div></body></html>`;
  const r = body(html);
  assert.ok(r.text.startsWith(lines[0]), r.text.slice(0, 80));
});

test("a short span inside a sentence stays in the sentence", () => {
  const html = `<html><body><div class="post"><p>The committee met on <span class="date">Tuesday</span> and <span><a href="/p">Ana Ruiz</a></span> chaired it, which ${prose(1).toLowerCase()}</p><p>${prose(2)}</p><p>${prose(3)}</p></div></body></html>`;
  const r = body(html);
  assert.ok(r.text.includes("The committee met on Tuesday and Ana Ruiz chaired it"), r.text.slice(0, 120));
});

test("a long paragraph repeated verbatim is kept; a short repeated promo line is not", () => {
  const promo = `<p>Get our morning briefing delivered to you every single day.</p>`;
  const html = `<html><body><div class="post"><p>${prose(1)}</p>${promo}<p>${prose(1)} ${prose(2)}</p><p>${prose(1)} ${prose(2)}</p>${promo}<p>${prose(3)}</p></div></body></html>`;
  const paragraphs = body(html).text.split("\n\n");
  assert.equal(paragraphs.filter((p) => p === `${prose(1)} ${prose(2)}`).length, 2);
  assert.equal(paragraphs.filter((p) => p.startsWith("Get our morning briefing")).length, 1);
});

test("a long JSON-LD articleBody that shares nothing with the scored block replaces it (the scorer took the wrong block)", () => {
  const promo = [1, 2, 3, 4, 5].map((n) => `<p>${prose(n, "our subscription offers")}</p>`).join("");
  const ld = [1, 2, 3, 4]
    .map(
      (n) =>
        `Paragraph ${n} of the ferry report: the operator cancelled the night crossings, passengers were moved to morning sailings, and refunds open on Monday.`,
    )
    .join("\n");
  const r = extractBody(
    parsePage(`<html><body><div class="offers">${promo}</div><div id="app"></div></body></html>`).root,
    { jsonLdBody: ld },
  );
  assert.equal(r.method, "jsonld");
  assert.ok(r.text.startsWith("Paragraph 1 of the ferry report"));
  // When the scored text is the same story, the page's own paragraphs are kept.
  const same = extractBody(
    parsePage(
      `<html><body><div class="story">${ld
        .split("\n")
        .map((p) => `<p>${p}</p>`)
        .join("")}</div></body></html>`,
    ).root,
    { jsonLdBody: ld },
  );
  assert.equal(same.method, "scored");
});
