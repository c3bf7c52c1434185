import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import {
  packJson,
  packRaw,
  packRawAgainst,
  packString,
  RAW_AGAINST_TEXT,
  RAW_BROTLI,
  readJson,
  unpackJson,
  unpackRawAgainst,
  unpackRawBrotli,
} from "./codec.js";

const texts = new Map([
  ["d_a", "The harbour board voted on Tuesday to close the northern quay for repairs."],
  ["d_b", "Fishermen said the closure would cost them a season of catches."],
]);
const textOf = (d: string): string | undefined => texts.get(d);

test("span texts are sliced out on write and back in on read, byte-identical JSON", () => {
  const record = {
    kind: "event",
    id: "v_1",
    summary: "board closes quay",
    evidence: [
      { doc: "d_a", start: 4, end: 17, text: "harbour board" },
      { doc: "d_b", start: 0, end: 10, text: "Fishermen " },
    ],
  };
  const packed = packJson(record, { context: ["v_1"], textOf });
  assert.ok(!packed.includes(Buffer.from("harbour board")), "span text not stored");
  assert.equal(unpackJson(packed, { context: ["v_1"], textOf }), JSON.stringify(record));
  assert.deepEqual(readJson(packed, { context: ["v_1"], textOf }), record);
});

test("a span without its own doc uses the context document; a text that is not its slice is kept", () => {
  const quote = {
    kind: "quote",
    doc: "d_b",
    start: 0,
    end: 9,
    text: "Fishermen",
    note: { start: 0, end: 3, text: "xyz" },
  };
  const opts = { context: ["d_b"], doc: "d_b", textOf };
  const packed = packJson(quote, opts);
  assert.equal(unpackJson(packed, opts), JSON.stringify(quote));
  const analysis = { doc: "d_a", mentions: [{ start: 27, end: 34, text: "Tuesday" }] };
  const a = packJson(analysis, { doc: "d_a", textOf });
  assert.deepEqual(readJson(a, { doc: "d_a", textOf }), analysis);
});

test("a stored 0 text next to offsets is never mistaken for a sliced span", () => {
  const odd = { doc: "d_a", start: 0, end: 3, text: 0, other: { doc: "d_a", start: 4, end: 11, text: "harbour" } };
  const packed = packJson(odd, { textOf });
  assert.deepEqual(readJson(packed, { textOf }), odd);
});

test("the dictionary context must match: the same columns give the same value", () => {
  const rec = { kind: "entity", id: "e_0123456789abcdef", name: "Northern Quay Authority", aliases: [] };
  const ctx = [rec.id, rec.name];
  const withCtx = packJson(rec, { context: ctx });
  const without = packJson(rec, {});
  assert.ok(withCtx.byteLength < without.byteLength, `${withCtx.byteLength} < ${without.byteLength}`);
  assert.deepEqual(readJson(withCtx, { context: ctx }), rec);
});

test("older forms still read: TEXT as written and headerless raw-deflate BLOBs", () => {
  const json = JSON.stringify({ a: 1, text: "x".repeat(300) });
  assert.equal(unpackJson(json), json);
  assert.equal(unpackJson(deflateRawSync(Buffer.from(json))), json);
  assert.deepEqual(readJson(deflateRawSync(Buffer.from(json))), JSON.parse(json));
});

test("packString: exact JSON is packed, other strings deflated or kept, all round-trip", () => {
  for (const v of [
    "",
    "short",
    '{"spaced": 1}'.repeat(3),
    JSON.stringify({ doc: "d_a", start: 4, end: 17, text: "harbour board", pad: "p".repeat(50) }),
    "plain text that is not JSON at all ".repeat(5),
    "[not json",
  ]) {
    const stored = packString(v, { context: ["k", "d_a"], doc: "d_a", textOf });
    assert.equal(unpackJson(stored, { context: ["k", "d_a"], doc: "d_a", textOf }), v);
  }
});

test("raw bytes deflated against the cleaned text round-trip and are small for plain text", () => {
  const text = texts.get("d_a")!.repeat(20);
  const raw = new TextEncoder().encode(`  ${text}\n`);
  const packed = packRawAgainst(raw, text);
  assert.ok(packed && packed.byteLength < 40, `packed ${packed?.byteLength}`);
  assert.deepEqual(unpackRawAgainst(packed!, text), raw);
  assert.equal(packRawAgainst(new Uint8Array([1, 2, 3]), text), null, "tiny input: not worth it");
});

test("a span nested inside an object-valued `text` field is restored too", () => {
  const value = { note: { text: { inner: { doc: "d_a", start: 4, end: 17, text: "harbour board" } } } };
  const packed = packJson(value, { context: ["n"], textOf });
  assert.deepEqual(readJson(packed, { context: ["n"], textOf }), value);
  assert.equal(unpackJson(packed, { context: ["n"], textOf }), JSON.stringify(value));
});

test("raw bytes: plain text deflated against the text, HTML with brotli, each read back exactly", () => {
  const text = "Ministers met in the coastal city on Friday to sign a water-sharing accord. ".repeat(30);
  const plain = new TextEncoder().encode(text);
  const asText = packRaw(plain, text);
  assert.equal(asText.codec, RAW_AGAINST_TEXT);
  assert.ok(asText.bytes.byteLength < 40, `plain text costs a few bytes (${asText.bytes.byteLength})`);
  assert.deepEqual(unpackRawAgainst(asText.bytes, text), plain);
  const nav = Array.from(
    { length: 400 },
    (_, i) => `<li class="nav-item"><a href="/section/${i}">Section ${i}</a></li>`,
  );
  const html = new TextEncoder().encode(
    `<html><head><title>x</title></head><body><ul>${nav.join("")}</ul><p>${text}</p></body></html>`,
  );
  const page = packRaw(html, text);
  assert.equal(page.codec, RAW_BROTLI);
  assert.ok(page.bytes.byteLength < (packRawAgainst(html, text)?.byteLength ?? Infinity));
  assert.deepEqual(unpackRawBrotli(page.bytes), html);
  const tiny = new Uint8Array([1, 2, 3]);
  assert.deepEqual(packRaw(tiny, ""), { bytes: Buffer.from(tiny), codec: null });
});
