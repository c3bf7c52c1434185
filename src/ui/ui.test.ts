// Unit tests of the UI's own modules under a linkedom DOM, plus a source scan: no UI file may
// parse data as HTML or evaluate strings as code.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseHTML } from "linkedom";
import { uiRoot } from "../server/static.js";

/** The DOM element surface the tests use (this file compiles without the DOM library). */
interface TestElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): TestElement | null;
}

/** The parts of public/dom.js under test (plain JS, no declarations). */
interface Dom {
  safeHref(value: unknown): string | null;
  h(tag: string, props?: Record<string, unknown> | null, ...children: unknown[]): TestElement;
  markedText(snippet: string): unknown[];
}
let dom: Dom;
let segment: (
  text: string,
  spans: Array<{ start: number; end: number; record: string }>,
) => Array<{ start: number; end: number; spans: Array<{ record: string }> }>;

before(async () => {
  const { window } = parseHTML("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { document: window.document, Node: window.Node });
  dom = (await import(pathToFileURL(join(uiRoot(), "dom.js")).href)) as Dom;
  ({ segment } = await import(pathToFileURL(join(uiRoot(), "views", "reader.js")).href));
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test("no UI source parses data as HTML or evaluates strings", () => {
  const sources = files(uiRoot()).filter((f) => /\.(js|html)$/.test(f));
  assert.ok(sources.length >= 10, "UI files found");
  for (const f of sources) {
    const text = readFileSync(f, "utf8");
    for (const bad of [
      /\.innerHTML\b/,
      /\.outerHTML\b/,
      /insertAdjacentHTML/,
      /document\.write/,
      /\beval\(/,
      /new Function\(/,
      /<script>(?!<\/script>)[^<]/,
    ]) {
      assert.doesNotMatch(text, bad, `${f} uses ${bad}`);
    }
  }
});

test("safeHref lets internal paths and http(s) through, nothing else", () => {
  for (const ok of ["/documents/d_1", "https://example.org/a?b=c", "http://example.org/", "?q=1"])
    assert.ok(dom.safeHref(ok), ok);
  for (const bad of [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<b>x</b>",
    "vbscript:x",
    "//evil.example/x",
    "/\\evil.example",
    "file:///etc/passwd",
    "",
    null,
    42,
  ])
    assert.equal(dom.safeHref(bad), null, String(bad));
});

test("h() renders strings as text and refuses dangerous props", () => {
  const payload = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
  const el = dom.h("div", { class: "x", title: payload, href: "javascript:alert(1)" }, payload, [
    "a",
    null,
    false,
    "b",
  ]);
  assert.equal(el.textContent, payload + "ab");
  assert.equal(el.querySelectorAll("img, script").length, 0);
  assert.equal(el.getAttribute("title"), payload);
  const a = dom.h("a", { href: "javascript:alert(1)" }, "x");
  assert.equal(a.getAttribute("href"), null, "javascript: links are never rendered");
  assert.throws(() => dom.h("div", { style: "color:red" }));
  assert.throws(() => dom.h("iframe", { srcdoc: "<b>x</b>" }));
});

test("markedText turns «» markers into <mark> elements, everything else stays text", () => {
  const p = dom.h("p", null, dom.markedText("a «<b>bold</b>» c «d»"));
  assert.equal(p.querySelectorAll("mark").length, 2);
  assert.equal(p.querySelector("mark")!.textContent, "<b>bold</b>");
  assert.equal(p.querySelectorAll("b").length, 0);
  assert.equal(p.textContent, "a <b>bold</b> c d");
});

test("reader segmentation covers the text exactly and keeps overlapping spans", () => {
  const text = "Sergey Lavrov met Choe Son Hui in Pyongyang.";
  const spans = [
    { start: 0, end: 13, record: "m1" },
    { start: 0, end: 44, record: "event" },
    { start: 18, end: 30, record: "m2" },
    { start: 14, end: 30, record: "rel" },
  ];
  const segs = segment(text, spans);
  assert.equal(segs.map((s) => text.slice(s.start, s.end)).join(""), text, "segments tile the text");
  for (let i = 1; i < segs.length; i++) assert.equal(segs[i].start, segs[i - 1].end);
  const at = (pos: number) =>
    segs
      .find((s) => s.start <= pos && pos < s.end)!
      .spans.map((s) => s.record)
      .sort();
  assert.deepEqual(at(0), ["event", "m1"]);
  assert.deepEqual(at(15), ["event", "rel"]);
  assert.deepEqual(at(20), ["event", "m2", "rel"]);
  assert.deepEqual(at(40), ["event"]);
  assert.deepEqual(segment("", []), []);
});

test("an event card shows typed agents as text after the named parties, the sector code as a tooltip", async () => {
  const { eventCard } = (await import(pathToFileURL(join(uiRoot(), "components.js")).href)) as {
    eventCard(e: unknown, refs: unknown): TestElement;
  };
  const card = eventCard(
    {
      id: "ev_1",
      type: "COERCE",
      mode: "arrest",
      modes: [],
      date: "2025-03-10",
      summary: "police arrested <b>protesters</b>",
      actors: [],
      targets: ["country:NGA"],
      actor_agents: ["Nigeria police (COP)"],
      target_agents: ["protesters (OPP)"],
      location: null,
      evidence: [],
    },
    { entities: { "country:NGA": { name: "Nigeria" } }, docs: {} },
  );
  const who = card.querySelector(".who")!;
  assert.match(who.textContent ?? "", /^Nigeria police → Nigeria, protesters$/u);
  assert.doesNotMatch(who.textContent ?? "", /unknown/u);
  assert.equal(card.querySelector(".agent")?.getAttribute("title"), "Phoenix agent code COP");
  assert.equal(card.querySelectorAll("b").length, 0);
});
