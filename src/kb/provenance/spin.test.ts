import { test } from "node:test";
import assert from "node:assert/strict";
import { detectSpin, restoreText } from "./spin.js";
import { readSeeds } from "./testing.js";
import { DossierError } from "../../util/errors.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/paths.js";

// Written for these tests: a short news paragraph and a version "spun" with forms a word-by-word
// synonym spinner produces.
const CLEAN =
  "The Foreign Minister arrived in the capital on Tuesday for talks with his counterpart. " +
  "Officials said the two countries discussed trade, energy sources and satellite launches, and " +
  "agreed to meet again in the Far East next month. The Ministry of Defense declined to comment on " +
  "reports of military aid, which both governments have denied. Analysts said the visit was a crucial " +
  "step for relations that have grown closer since the start of the war, and that the Security Council " +
  "would discuss the sanctions regime in the coming weeks. The talks lasted four hours.";
const SPUN =
  "The International Minister arrived within the capital on Tuesday for talks together with his counterpart. " +
  "Officers stated the 2 international locations mentioned commerce, vitality sources and satellite tv for pc launches, and " +
  "agreed to satisfy once more within the A ways East subsequent month. The Ministry of Protection declined to remark on " +
  "reviews of navy help, which each governments have denied. Analysts stated the go to of the minister was a a very powerful " +
  "step for relations which have grown nearer because the begin of the struggle, and that the Safety Council " +
  "would talk about the sanctions regime within the coming weeks. The talks lasted 4 hours.";

function assertOffsets(text: string, hits: Array<{ start: number; end: number; spun: string }>): void {
  for (const h of hits) assert.equal(text.slice(h.start, h.end), h.spun);
}

test("flags a spun paragraph and not its clean original", () => {
  const spun = detectSpin(SPUN, "en");
  const clean = detectSpin(CLEAN, "en");
  assert.equal(spun.is_spun, true, `score ${spun.score}`);
  assert.equal(clean.is_spun, false);
  assert.equal(clean.hits.length, 0, JSON.stringify(clean.hits));
  assertOffsets(SPUN, spun.hits);
  const forms = spun.hits.map((h) => `${h.spun}=>${h.original}`);
  assert.ok(forms.includes("International Minister=>Foreign Minister"), forms.join("; "));
  assert.ok(forms.includes("Ministry of Protection=>Ministry of Defense"), forms.join("; "));
  assert.ok(forms.includes("satellite tv for pc=>satellite"), forms.join("; "));
  assert.ok(forms.includes("Safety Council=>Security Council"), forms.join("; "));
});

test("restoreText undoes confident substitutions with offsets into the spun text", () => {
  const { hits } = detectSpin(SPUN, "en");
  const { restored_text, restorations } = restoreText(SPUN, hits);
  assert.match(restored_text, /The Foreign Minister arrived/);
  assert.match(restored_text, /and satellite launches/);
  assert.match(restored_text, /The Ministry of Defense declined/);
  assert.match(restored_text, /in the Far East|within the Far East/);
  assert.ok(!restored_text.includes("tv for pc"));
  for (const r of restorations) assert.equal(SPUN.slice(r.start, r.end), r.spun);
  // Restorations are in order and do not overlap.
  for (let i = 1; i < restorations.length; i++) assert.ok(restorations[i]!.start >= restorations[i - 1]!.end);
});

test("restoreText leaves low-confidence hits alone and rejects hits that do not match", () => {
  const text = "a satellite tv for pc dish";
  const start = text.indexOf("satellite");
  const hit = { start, end: start + "satellite tv for pc".length, spun: "satellite tv for pc", original: "satellite", confidence: 0.3, reason: "test" };
  assert.equal(restoreText(text, [hit]).restored_text, text);
  assert.equal(restoreText(text, [{ ...hit, confidence: 0.9 }]).restored_text, "a satellite dish");
  assert.throws(() => restoreText(text, [{ ...hit, start: 0 }]), (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT");
});

test("does not flag short texts, name lists, number tables, poetry or other languages", () => {
  const samples: Array<[string, string]> = [
    ["International Minister satellite tv for pc Ministry of Protection.", "en"],
    ["Sergei Shoigu\nKim Jong Un\nSergey Lavrov\nChoe Son Hui\nVladimir Putin\nKang Sun Nam\n".repeat(10), "en"],
    ["2023 | 14.5 | 17.2 | 9.8\n2024 | 15.1 | 18.0 | 10.2\n".repeat(30), "en"],
    [
      "The sea is calm tonight, the tide is full, the moon lies fair upon the straits; on the French coast the light gleams and is gone; " +
        "the cliffs of England stand, glimmering and vast, out in the tranquil bay. Come to the window, sweet is the night air! ".repeat(3),
      "en",
    ],
    ["Министр иностранных дел России Сергей Лавров прибыл в Пхеньян для переговоров. ".repeat(20), "ru"],
    ["Der Außenminister traf am Dienstag in der Hauptstadt ein, um mit seinem Amtskollegen zu sprechen. ".repeat(20), "de"],
    ["", "en"],
  ];
  for (const [text, lang] of samples) {
    const r = detectSpin(text, lang);
    assert.equal(r.is_spun, false, `${text.slice(0, 40)} → ${r.score}`);
    assertOffsets(text, r.hits);
  }
});

test("real names that look spun are not flagged", () => {
  const text = "The National Safety Council and the Global War on Terror were discussed with the Ministry of Power.";
  assert.deepEqual(detectSpin(text, "en").hits, []);
});

test("rejects binary input with a typed error", () => {
  assert.throws(() => detectSpin("abc\u0000\u0001def", "en"), (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT");
});

test("pathological input is scanned whole with valid offsets", () => {
  const text = "a a ".repeat(200_000) + "The The ".repeat(50_000) + "x".repeat(1_000_000);
  const r = detectSpin(text, "en");
  assertOffsets(text, r.hits.slice(0, 100));
});

test("seeds: flags the two spun copies (000, 001) and none of 002–004", (t) => {
  const seeds = readSeeds();
  if (seeds.size < 5) return t.skip("shared seed corpus not available");
  for (const [n, text] of seeds) {
    const r = detectSpin(text, "en");
    assertOffsets(text, r.hits);
    assert.equal(r.is_spun, n === "000" || n === "001", `seed ${n}: score ${r.score}`);
  }
});

test("article-agreement hits are recorded but never restored", () => {
  const text = "She is an senior adviser to the minister and an fellow of the institute.";
  const r = detectSpin(text, "en");
  assert.deepEqual(
    r.hits.map((h) => `${h.signal}:${h.spun}`),
    ["article-agreement:an senior", "article-agreement:an fellow"],
  );
  const restored = restoreText(text, r.hits);
  assert.equal(restored.restored_text, text);
  assert.equal(restored.restorations.length, 0);
  // Correct usage is not a hit.
  assert.deepEqual(detectSpin("It was a union of an honest man and a one-off deal with an analyst.", "en").hits, []);
});

test("demo examples: the spun plain-text copy is flagged, the other plain-text scrapes are not", (t) => {
  const dir = join(packageRoot(), "examples");
  if (!existsSync(dir)) return t.skip("examples/ not present");
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));
  if (!files.some((f) => f.includes("spun"))) return t.skip("no spun example present");
  for (const f of files) {
    const r = detectSpin(readFileSync(join(dir, f), "utf8"), "en");
    assert.equal(r.is_spun, f.includes("spun"), `${f}: score ${r.score}`);
  }
});

test("hyphenated lexicon phrases match only with the hyphen", () => {
  const hits = detectSpin("It was a high-level assembly with attention-grabbing results, not a high level assembly.", "en").hits.map((h) => h.spun);
  assert.deepEqual(hits, ["high-level assembly", "attention-grabbing"]);
});
