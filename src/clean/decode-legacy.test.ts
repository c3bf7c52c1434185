/**
 * Legacy-encoded pages (test/fixtures/legacy-pages.ts, written for these tests) decoded right with
 * no, right, wrong and UTF-8-contradicted declarations. Bytes are made here from the UTF-8 strings.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { decodeBytes } from "./decode.js";
import { LEGACY_SAMPLES, samplePage } from "../../test/fixtures/legacy-pages.js";

/** A plausible wrong label for a page in `encoding`: a CMS default or a neighbour in the same script. */
const WRONG_LABEL: Record<string, string> = {
  "windows-1251": "windows-1252",
  "koi8-r": "windows-1251",
  "euc-kr": "shift_jis",
  shift_jis: "euc-kr",
  "euc-jp": "windows-1252",
  gb18030: "euc-kr",
  big5: "windows-1252",
  "iso-8859-2": "koi8-r",
  "windows-1252": "windows-1251",
  "iso-8859-7": "windows-1252",
};

const cases = LEGACY_SAMPLES.flatMap((s) => s.encodings.map((encoding) => ({ s, encoding })));

test("undeclared legacy pages are detected and decoded exactly", () => {
  for (const { s, encoding } of cases) {
    const page = samplePage(s, null);
    const r = decodeBytes(iconv.encode(page, encoding));
    assert.equal(r.text, page, `${s.id} in ${encoding} decoded as ${r.encoding}`);
    assert.ok(
      r.warnings.some((w) => w.includes("no charset declared")),
      `${s.id}/${encoding}: ${r.warnings.join("; ")}`,
    );
  }
});

test("correctly declared legacy pages (meta or HTTP) are decoded exactly, with no warning", () => {
  for (const { s, encoding } of cases) {
    const page = samplePage(s, encoding);
    const r = decodeBytes(iconv.encode(page, encoding));
    assert.equal(r.text, page, `${s.id} declared ${encoding} decoded as ${r.encoding}`);
    assert.deepEqual(r.warnings, []);
    const plain = samplePage(s, null);
    const h = decodeBytes(iconv.encode(plain, encoding), { contentType: `text/html; charset=${encoding}` });
    assert.equal(h.text, plain);
  }
});

test("a wrong legacy declaration is overruled when the bytes contradict it", () => {
  for (const { s, encoding } of cases) {
    const wrong = WRONG_LABEL[encoding];
    const page = samplePage(s, wrong);
    const r = decodeBytes(iconv.encode(page, encoding));
    assert.equal(r.text, page, `${s.id} in ${encoding} declared ${wrong}: decoded as ${r.encoding}`);
    assert.ok(
      r.warnings.some((w) => w.includes("contradicts")),
      `${s.id}: ${r.warnings.join("; ")}`,
    );
  }
});

test("valid UTF-8 with non-ASCII wins over a legacy label (HTTP or meta)", () => {
  for (const { s, encoding } of cases) {
    const page = samplePage(s, encoding);
    const r = decodeBytes(Buffer.from(page, "utf8"));
    assert.equal(r.encoding, "utf-8", s.id);
    assert.equal(r.text, page);
    const h = decodeBytes(Buffer.from(page, "utf8"), { contentType: `text/html; charset=${encoding}` });
    assert.equal(h.text, page);
    assert.match(h.warnings.join(";"), /valid UTF-8/);
  }
});

test("a legacy page labelled UTF-8 is detected", () => {
  for (const { s, encoding } of cases) {
    const page = samplePage(s, "utf-8");
    const r = decodeBytes(iconv.encode(page, encoding));
    assert.equal(r.text, page, `${s.id} in ${encoding} labelled utf-8: decoded as ${r.encoding}`);
  }
});

test("windows-1252 punctuation (0x80–0x9F) is not read as Latin-1 control characters", () => {
  const r = decodeBytes(new Uint8Array([0x93, 0x61, 0x94, 0x20, 0x80, 0x20, 0x97]), {
    contentType: "text/plain; charset=windows-1252",
  });
  assert.equal(r.text, "\u201ca\u201d \u20ac \u2014");
});

test("mostly-UTF-8 text with a stray bad byte stays UTF-8", () => {
  const bytes = Buffer.concat([
    Buffer.from("Привет, мир. Это обычный текст. ", "utf8"),
    Buffer.from([0xff]),
    Buffer.from(" ещё", "utf8"),
  ]);
  const r = decodeBytes(bytes);
  assert.equal(r.encoding, "utf-8");
  assert.match(r.warnings.join(";"), /invalid UTF-8: 1 bytes replaced/);
});
