import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBytes, looksBinary, sniffMetaCharset } from "./decode.js";

const enc = new TextEncoder();

test("decodes plain UTF-8 without warnings", () => {
  const r = decodeBytes(enc.encode("Привет, мир — hello"));
  assert.equal(r.text, "Привет, мир — hello");
  assert.equal(r.encoding, "utf-8");
  assert.deepEqual(r.warnings, []);
});

test("strips a UTF-8 BOM and trusts it over a meta charset", () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('<meta charset="windows-1251">é')]);
  const r = decodeBytes(bytes);
  assert.equal(r.encoding, "utf-8");
  assert.equal(r.text, '<meta charset="windows-1251">é');
});

test("UTF-16LE BOM", () => {
  const r = decodeBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]));
  assert.equal(r.encoding, "utf-16le");
  assert.equal(r.text, "AB");
});

test("HTTP charset wins over meta", () => {
  // "Мир" in windows-1251
  const bytes = new Uint8Array([...enc.encode('<meta charset="utf-8">'), 0xcc, 0xe8, 0xf0]);
  const r = decodeBytes(bytes, { contentType: "text/html; charset=windows-1251" });
  assert.equal(r.encoding, "windows-1251");
  assert.ok(r.text.endsWith("Мир"));
});

test("meta charset and http-equiv are sniffed", () => {
  const a = new Uint8Array([...enc.encode('<html><head><meta charset="windows-1251"></head>'), 0xcc, 0xe8, 0xf0]);
  assert.ok(decodeBytes(a).text.endsWith("Мир"));
  const b = new Uint8Array([
    ...enc.encode('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'),
    0x93,
    0xfa,
    0x96,
    0x7b,
  ]);
  const rb = decodeBytes(b);
  assert.equal(rb.encoding, "shift_jis");
  assert.ok(rb.text.endsWith("日本"));
  assert.equal(sniffMetaCharset(enc.encode("<p>no meta</p>")), null);
});

test("invalid UTF-8 is replaced with a warning", () => {
  const r = decodeBytes(new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0xc3]));
  assert.equal(r.text, "a\ufffd\ufffdb\ufffd");
  assert.deepEqual(r.warnings, ["invalid UTF-8: 3 bytes replaced"]);
});

test("a short undeclared Latin page is read as windows-1252, as browsers do", () => {
  const r = decodeBytes(
    new Uint8Array([
      ...enc.encode("The new caf"),
      0xe9,
      ...enc.encode(" near the station opened on Tuesday, the owner said."),
    ]),
  );
  assert.equal(r.encoding, "windows-1252");
  assert.match(r.text, /café/);
  assert.match(r.warnings.join(";"), /no charset declared/);
});

test("unknown declared charset falls back to UTF-8 with a warning", () => {
  const r = decodeBytes(enc.encode("hello"), { contentType: "text/html; charset=klingon-9" });
  assert.equal(r.encoding, "utf-8");
  assert.equal(r.warnings.length, 1);
});

test("looksBinary", () => {
  assert.equal(looksBinary(enc.encode("<html>plain text\n\tok</html>")), false);
  assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), true);
  const ctrl = new Uint8Array(1000).fill(0x01);
  assert.equal(looksBinary(ctrl), true);
  assert.equal(looksBinary(new Uint8Array(0)), false);
});
