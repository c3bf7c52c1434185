import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/paths.js";
import { cleanPlainText } from "./plaintext.js";
import { cleanPage } from "./index.js";

const seedsDir = join(packageRoot(), "..", "shared", "corpus", "seeds");
const haveSeeds = existsSync(seedsDir);
const skip = haveSeeds ? false : `seeds not found at ${seedsDir}`;
const NOW = new Date("2026-01-01T00:00:00Z");

function seed(prefix: string) {
  const file = [
    "000_4a941d7cde7f6a05.txt",
    "001_0d939bf37398016d.txt",
    "002_3e2d7c0603bf3855.txt",
    "003_3885ec19bb2df1bb.txt",
    "004_96ebd0cb3ac89dc6.txt",
  ].find((f) => f.startsWith(prefix))!;
  const raw = readFileSync(join(seedsDir, file), "utf8");
  const page = cleanPage({ source: file, content: raw, format: "text" });
  return { raw, page, paragraphs: page.text.split("\n\n") };
}

/** Every paragraph of the cleaned body is found verbatim (modulo spacing) in the raw scrape. */
function assertBodyFromSource(raw: string, text: string) {
  const flat = raw.replace(/\s+/g, " ");
  for (const p of text.split("\n\n")) {
    assert.ok(p.length > 0, "no empty paragraph");
    assert.ok(flat.includes(p.replace(/\s+/g, " ")), `paragraph not in source: ${p.slice(0, 60)}`);
  }
}

test("seed 000: breadcrumb, repeated title, share/subscribe/comment lines and hashtags go; translator and date kept", {
  skip,
}, () => {
  const { raw, page, paragraphs } = seed("000");
  assert.equal(page.title, "The rapprochement between Russia and North Korea goes alongside three traces");
  assert.equal(page.published, "2024-05-15T17:45:19");
  assert.equal(page.published_source, "text");
  assert.deepEqual(page.translators, ["V. Sergeev"]);
  assert.deepEqual(
    page.credits.map((c) => c.kind),
    ["translated"],
  );
  assert.equal(page.lang, "en");
  for (const junk of [
    "Home »",
    "Subscribe to our",
    "Telegram channel",
    "Share in your",
    "#rapprochement",
    "Leave a Comment",
    "Akismet",
    "Translation:",
    "17:45:19",
    "/ world at",
  ]) {
    assert.ok(!page.text.includes(junk), `junk left: ${junk}`);
  }
  assert.ok(paragraphs[0].startsWith("Relations between Moscow and Pyongyang"));
  assert.ok(paragraphs.some((p) => p.startsWith("That is the third high-level")));
  assert.ok(paragraphs[paragraphs.length - 1].startsWith("The truth is, that"));
  assert.equal(paragraphs.length, 20);
  assertBodyFromSource(raw, page.text);
});

test("seed 001: single-newline paragraphs become blank-line paragraphs; nothing lost", { skip }, () => {
  const { raw, page, paragraphs } = seed("001");
  assert.ok(page.title?.startsWith("What are the principle causes"));
  assert.equal(page.published, null);
  // Every line after the headline is an article paragraph.
  const lines = raw
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  assert.equal(paragraphs.length, lines.length - 1);
  assert.ok(paragraphs[0].startsWith("Vladimir Putin gained"));
  assert.ok(paragraphs.some((p) => p.includes("tells Euronews")));
  assert.ok(paragraphs[paragraphs.length - 1].startsWith("Whilst propaganda scenes"));
  assertBodyFromSource(raw, page.text);
});

test("seed 002: site boilerplate, bio, legal notices go; byline and outlet recovered", { skip }, () => {
  const { raw, page, paragraphs } = seed("002");
  assert.equal(page.title, "Russian-North Korea Cooperation and the Talks Outcome");
  assert.equal(page.byline, "Articles by: Uriel Araujo");
  assert.deepEqual(page.authors, ["Uriel Araujo"]);
  assert.equal(page.outlet, "Global Research");
  for (const junk of [
    "In-depth Report",
    "51 languages",
    "Daily Newsletter",
    "Click the share button",
    "***",
    "Note to readers",
    "is a researcher with a focus",
    "Articles by",
    "Disclaimer",
    "copyrighted material",
    "media inquiries",
  ]) {
    assert.ok(!page.text.includes(junk), `junk left: ${junk}`);
  }
  assert.ok(paragraphs[0].startsWith("North Korean leader Kim Jong Un unexpectedly"));
  assert.ok(paragraphs.some((p) => p.startsWith("US State Department spokesman Matthew Miller")));
  assert.ok(paragraphs[paragraphs.length - 1].startsWith("To sum it up"));
  assert.equal(paragraphs.length, 10);
  assertBodyFromSource(raw, page.text);
});

test("seed 003: republication chain recorded and removed; subheadings kept", { skip }, () => {
  const { raw, page, paragraphs } = seed("003");
  assert.equal(page.title, "West’s Fears Realized? WHAT Putin-Kim Summit Really Means");
  assert.equal(page.byline, "By Konstantin Asmolov");
  assert.deepEqual(page.authors, ["Konstantin Asmolov"]);
  assert.deepEqual(
    page.credits.map((c) => [c.kind, c.name]),
    [
      ["original", "Rt.com"],
      ["republished", "The 21st Century"],
    ],
  );
  assert.equal(page.outlet, "The 21st Century");
  for (const junk of [
    "Published by",
    "Republished by",
    "views expressed",
    "Sharing is caring",
    "Leave a Reply",
    "Read more:",
    "By Konstantin",
  ]) {
    assert.ok(!page.text.includes(junk), `junk left: ${junk}`);
  }
  for (const sub of [
    "Mutual military aid",
    "China’s reaction",
    "Other branches of cooperation",
    "Why was the visit so short?",
  ]) {
    assert.ok(paragraphs.includes(sub), `subheading lost: ${sub}`);
  }
  assert.ok(paragraphs[0].startsWith("With the West-centered world order"));
  assert.ok(paragraphs[paragraphs.length - 1].startsWith("We may see that between Kim"));
  assertBodyFromSource(raw, page.text);
});

test("seed 004: meta-tag dump, URLs, tag lists, contact lines go; URL, outlet, byline, dates recovered", {
  skip,
}, () => {
  const { raw, page, paragraphs } = seed("004");
  assert.equal(page.title, "Lavrov’s North Korea Trip Designed to ‘Counterbalance’ US Belligerence in Asian Theater");
  assert.ok(page.url?.startsWith("https://sputnikglobe.com/20231020/"));
  assert.equal(page.outlet, "Sputnik International");
  assert.equal(page.byline, "Ilya Tsukanov");
  assert.equal(page.published, "2023-10-20T14:34+00:00");
  assert.equal(page.modified, "2023-10-20T14:37+00:00");
  for (const junk of [
    "/html/head/meta",
    "https://",
    "1920 1080 true",
    "en_EN",
    "feedback@",
    "sergey lavrov",
    "north korea, russia",
    "Ilya Tsukanov",
    "2023-10-20T",
  ]) {
    assert.ok(!page.text.includes(junk), `junk left: ${junk}`);
  }
  assert.equal(paragraphs.length, 2);
  assert.ok(paragraphs[0].startsWith("Russian Foreign Minister Sergei Lavrov traveled"));
  assert.ok(paragraphs[1].startsWith("Lavrov wrapped up a formal visit"));
  assert.ok(paragraphs[1].includes("stay in your lane"));
  assertBodyFromSource(raw, page.text);
});

test("credit kinds and bylines on synthetic lines", () => {
  const text = [
    "A Headline About Talks",
    "",
    "The talks were held in the capital on Tuesday, officials said, and lasted several hours.",
    "",
    "A second paragraph adds more detail about what was agreed and what was not.",
    "",
    "By Jane Roe and John Doe",
    "This article was first published by Example Weekly.",
    "Source: Example Wire",
    "Translated by A. Translator",
  ].join("\n");
  const r = cleanPlainText(text);
  assert.equal(r.title, "A Headline About Talks");
  assert.deepEqual(r.authors, ["Jane Roe", "John Doe"]);
  assert.deepEqual(
    r.credits.map((c) => [c.kind, c.name]),
    [
      ["original", "Example Weekly"],
      ["source", "Example Wire"],
      ["translated", "A. Translator"],
    ],
  );
  assert.deepEqual(r.translators, ["A. Translator"]);
  assert.equal(r.text.split("\n\n").length, 2);
});

test("hard-wrapped prose is joined; a URL date is used when no other date exists", () => {
  const text = [
    "https://news.example.org/2023/09/13/summit-report.html",
    "",
    "Summit In The Far East Ends",
    "",
    "The two leaders met at a space launch site in the far east of the country and",
    "talked for several hours about cooperation in many fields, according to state",
    "media reports published the next morning.",
  ].join("\n");
  const r = cleanPlainText(text);
  assert.equal(r.published, "2023-09-13");
  assert.equal(r.published_source, "url");
  assert.equal(r.outlet, "example.org");
  assert.equal(r.text.split("\n\n").length, 1);
  assert.ok(r.text.includes("site in the far east of the country and talked"));
});

test("empty and whitespace-only text give an empty body", () => {
  assert.equal(cleanPlainText("").text, "");
  assert.equal(cleanPlainText(" \n\n \t").text, "");
});

test("a huge one-line text is cleaned whole", () => {
  const big = "word ".repeat(400_000);
  const r = cleanPlainText(big);
  assert.equal(r.text.length, big.trim().length);
});

test("masthead line, day-first title date, wire credits and comment notices", () => {
  const text = [
    "Home » Analysis » A Long Look At Treaties – 03.04.2024 10:02",
    "",
    "A Long Look At Treaties – 03.04.2024 10:02",
    "",
    "By Ann Writer | Example & Sons Review | Reading time: 5 min",
    "",
    "In July 1961 two governments signed a treaty of friendship, cooperation and mutual assistance, which lasted decades.",
    "",
    "Reporting by Example Bureau; editing by B. Editor",
    "",
    "Comments are moderated. Please keep it civil.",
    "",
    "Your e-mail address won't be published.",
  ].join("\n");
  const r = cleanPlainText(text);
  assert.equal(r.title, "A Long Look At Treaties");
  assert.equal(r.published, "2024-04-03T10:02");
  assert.equal(r.byline, "By Ann Writer");
  assert.deepEqual(r.authors, ["Ann Writer"]);
  assert.equal(r.outlet, "Example & Sons Review");
  assert.equal(r.text.split("\n\n").length, 1);
  assert.ok(r.text.startsWith("In July 1961"));
});

test("a body sentence that starts with 'By' is not a byline", () => {
  const text = [
    "Talks End Without A Deal",
    "",
    "The delegations met for six hours on Monday and again on Tuesday, officials from both sides said afterwards.",
    "",
    "By the end of the day, Russia had agreed.",
  ].join("\n");
  const r = cleanPlainText(text);
  assert.equal(r.byline, null);
  assert.ok(r.text.endsWith("By the end of the day, Russia had agreed."));
});

test("trailing related-article headlines and WordPress trailers go", () => {
  const text = [
    "Talks End Without A Deal",
    "",
    "The delegations met for six hours on Monday and again on Tuesday, officials from both sides said afterwards.",
    "",
    "What Comes Next",
    "",
    "A further round is planned for next month in the other capital, according to the foreign ministry.",
    "",
    "Posted in World, Asia",
    "Related",
    "Putin arrives in Pyongyang for talks with Kim",
    "Seoul weighs its response to the new treaty",
  ].join("\n");
  const r = cleanPlainText(text);
  assert.deepEqual(r.text.split("\n\n"), [
    "The delegations met for six hours on Monday and again on Tuesday, officials from both sides said afterwards.",
    "What Comes Next",
    "A further round is planned for next month in the other capital, according to the foreign ministry.",
  ]);
});

test("scrape header: labelled URL and publish time become url and published; the scraper's clock is not a date", () => {
  const body = `The port authority approved a new dredging contract on Tuesday after a long debate, with seven votes in favour and two against.\n\nWork on the northern channel starts in spring and should end before the autumn shipping season.`;
  const r = cleanPlainText(
    `URL: https://port.example.test/news/dredging-contract\nPublished: October 20, 2023 2:34 PM\nUpdated: 21.10.2023 09:15\nRetrieved: 2025-02-01 08:00:00\n\nPort signs dredging contract\n\n${body}`,
    null,
    NOW,
  );
  assert.equal(r.url, "https://port.example.test/news/dredging-contract");
  assert.equal(r.published, "2023-10-20T14:34");
  assert.equal(r.published_source, "text");
  assert.equal(r.modified, "2023-10-21T09:15");
  assert.equal(r.title, "Port signs dredging contract");
  assert.ok(r.text.startsWith("The port authority approved"));
  assert.ok(!r.text.includes("Retrieved") && !r.text.includes("URL:"));
});

test("scrape header: a URL and a timestamp on one line, or a bare date line under the URL", () => {
  const body = `The port authority approved a new dredging contract on Tuesday after a long debate, with seven votes in favour and two against.`;
  const one = cleanPlainText(
    `https://port.example.test/news/dredging | Fri, 20 Oct 2023 14:34:00 GMT\n\nPort signs dredging contract\n\n${body}`,
    null,
    NOW,
  );
  assert.equal(one.url, "https://port.example.test/news/dredging");
  assert.equal(one.published, "2023-10-20T14:34:00Z");
  const two = cleanPlainText(
    `https://port.example.test/news/dredging\n20.10.2023 14:34\n\nPort signs dredging contract\n\n${body}`,
    null,
    NOW,
  );
  assert.equal(two.url, "https://port.example.test/news/dredging");
  assert.equal(two.published, "2023-10-20T14:34");
  // A headline that contains a date is a headline, not a timestamp.
  const title = cleanPlainText(`Budget 2024: March 6, 2024\n\n${body}`, null, NOW);
  assert.equal(title.title, "Budget 2024: March 6, 2024");
});
