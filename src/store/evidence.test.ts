import { test } from "node:test";
import assert from "node:assert/strict";
import { joinEvidence, ORD_GAP, planSpanDelta, spanKey, splitEvidence, type StoredSpan } from "./evidence.js";

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const span = (doc: number, start: number): StoredSpan => ({
  doc: `d_${String(doc).padStart(6, "0")}`,
  start,
  end: start + 5,
  stance: null,
  actor: null,
});

/** Stored rows after applying a plan (or rewriting) to `old`, in ord order. */
function apply(old: Array<{ span: StoredSpan; ord: number }>, next: StoredSpan[]) {
  const plan = planSpanDelta(
    old.map((o) => ({ key: spanKey(o.span), ord: o.ord })),
    next,
  );
  if (!plan) return { rows: next.map((s, i) => ({ span: s, ord: i * ORD_GAP })), written: old.length + next.length };
  const removed = new Set(plan.remove);
  const rows = old.filter((o) => !removed.has(o.ord)).concat(plan.add);
  const ords = rows.map((r) => r.ord);
  assert.equal(new Set(ords).size, ords.length, "ords stay unique within a record");
  return { rows: rows.sort((a, b) => a.ord - b.ord), written: plan.remove.length + plan.add.length };
}

test("span deltas keep the new order exactly, over random edits of doc-ordered lists", () => {
  const r = rng(7);
  for (let trial = 0; trial < 300; trial++) {
    let rows = [] as Array<{ span: StoredSpan; ord: number }>;
    const docs = new Set<number>();
    for (let step = 0; step < 12; step++) {
      // add a few documents anywhere, drop a few
      for (let k = Math.floor(r() * 4); k > 0; k--) docs.add(Math.floor(r() * 200));
      for (const d of [...docs]) if (r() < 0.08) docs.delete(d);
      const next = [...docs].sort((a, b) => a - b).flatMap((d) => [span(d, 10), span(d, 3)]);
      const { rows: after } = apply(rows, next);
      assert.deepEqual(
        after.map((x) => spanKey(x.span)),
        next.map(spanKey),
      );
      rows = after;
    }
  }
});

test("a hub gaining ten documents' spans writes only those rows", () => {
  const old = Array.from({ length: 20000 }, (_, i) => ({ span: span(i * 2, 0), ord: i * ORD_GAP }));
  const next = old.map((o) => o.span);
  for (let k = 0; k < 10; k++) next.splice(1000 * k + 5, 0, span(2000 * k + 11, 0));
  next.sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
  const { rows, written } = apply(old, next);
  assert.equal(written, 10);
  assert.deepEqual(
    rows.map((x) => spanKey(x.span)),
    next.map(spanKey),
  );
});

test("a moved span, a repeated key or a full gap rewrites the list", () => {
  const a = span(1, 0);
  const b = span(2, 0);
  const c = span(3, 0);
  const old = [
    { key: spanKey(a), ord: 0 },
    { key: spanKey(b), ord: 1 },
  ];
  assert.equal(planSpanDelta(old, [b, a]), null, "moved");
  assert.equal(planSpanDelta(old, [a, a]), null, "repeated");
  assert.equal(planSpanDelta(old, [a, c, b]), null, "no ord left between 0 and 1");
  assert.deepEqual(planSpanDelta(old, [a, b, c]), { remove: [], add: [{ span: c, ord: 1 + ORD_GAP }] });
});

test("split and join give back a record byte for byte; other shapes stay inline", () => {
  const text = "Alpha met Beta. Beta denied it.";
  const claim = {
    kind: "claim",
    id: "c_1",
    text: "t",
    evidence: [
      { doc: "d_1", start: 0, end: 14, text: text.slice(0, 14), stance: "assert", actor: "e_a" },
      { doc: "d_1", start: 16, end: 30, text: text.slice(16, 30), stance: "deny", actor: null },
    ],
    independent_outlets: 1,
  };
  const { stored, spans, inline } = splitEvidence("claims", claim);
  assert.equal(inline, false);
  assert.equal(JSON.stringify(stored), JSON.stringify({ ...claim, evidence: 0 }));
  const back = joinEvidence("claims", JSON.parse(JSON.stringify(stored)) as object, spans, () => text);
  assert.equal(JSON.stringify(back), JSON.stringify(claim));
  const odd = { ...claim, evidence: [{ doc: "d_1", start: 0, end: 14, text: text.slice(0, 14), stance: "assert" }] };
  const split = splitEvidence("claims", odd);
  assert.equal(split.inline, true, "no actor key: kept inline");
  assert.equal(split.stored, odd);
  assert.equal(split.spans.length, 1, "its span still goes to the reader view");
});
