import { test } from "node:test";
import assert from "node:assert/strict";
import { DossierError } from "../../util/errors.js";
import { defaultModelDir, loadModel, parserTables, shippedModel } from "./model.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";

/** A deterministic pseudo-random stream (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Random rows: distinct non-zero keys, positive scales, int8 weights with about `density` non-zero. */
function rows(n: number, C: number, seed: number, density: number) {
  const next = rng(seed);
  const seen = new Set<number>();
  const keys = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    let k = 0;
    while (k === 0 || seen.has(k)) k = next();
    seen.add(k);
    keys[r] = k;
  }
  const scales = new Float32Array(n).map(() => (1 + (next() % 1000)) / 4096);
  const weights = new Int8Array(n * C).map(() => (next() % 1000 < density * 1000 ? (next() % 255) - 127 : 0));
  return { keys, scales, weights };
}

/** Scores of `model` for `sets` random feature sets drawn from `keys` and keys that are absent. */
function scoreAll(model: Scorer, keys: Uint32Array, seed: number, sets = 300): number[] {
  const next = rng(seed);
  const feats = new Uint32Array(40);
  const out = new Float64Array(model.nClasses);
  const all: number[] = [];
  for (let s = 0; s < sets; s++) {
    const n = 1 + (next() % 40);
    for (let f = 0; f < n; f++) feats[f] = next() % 3 === 0 ? next() : keys[next() % keys.length]!;
    out.fill(0);
    model.score(feats, n, out);
    all.push(...out);
  }
  return all;
}

test("a quantised model made from its built tables (plain or shared buffers) scores like the one built from rows", () => {
  for (const [C, density] of [
    [3, 0.9],
    [6, 0.8],
    [40, 0.05],
  ] as const) {
    const { keys, scales, weights } = rows(2000, C, 7 + C, density);
    const built = new QuantizedModel(C, keys, scales, weights);
    for (const shared of [false, true]) {
      const t = built.tables(shared);
      if (shared) assert.ok(t.slots instanceof SharedArrayBuffer && t.rowSlot.buffer instanceof SharedArrayBuffer);
      const adopted = new QuantizedModel(C, t);
      assert.deepEqual(scoreAll(adopted, keys, 99), scoreAll(built, keys, 99), `${C} classes, shared ${shared}`);
      assert.deepEqual(adopted.keys, built.keys);
      assert.deepEqual(adopted.weights, built.weights);
      assert.deepEqual(adopted.encode(), built.encode());
      assert.equal(adopted.sumsExact(50), built.sumsExact(50));
    }
  }
});

test("tables that cannot be a model's are refused", () => {
  const { keys, scales, weights } = rows(100, 40, 3, 0.1);
  const t = new QuantizedModel(40, keys, scales, weights).tables();
  assert.throws(() => new QuantizedModel(41, t), DossierError);
  assert.throws(() => new QuantizedModel(40, { ...t, slots: new ArrayBuffer(48) }), DossierError);
  assert.throws(() => new QuantizedModel(40, { ...t, rowStart: t.rowStart.subarray(1) }), DossierError);
  assert.throws(() => new QuantizedModel(40, { ...t, filter: t.filter.subarray(1) }), DossierError);
});

test("the shipped parser model made from shared tables scores as the one read from its files", () => {
  const dir = defaultModelDir();
  const fromFiles = shippedModel();
  const tables = parserTables(fromFiles, dir);
  // structured clone (what posting to a thread does) shares the buffers
  const cloned = structuredClone(tables);
  assert.ok(cloned.tagger.slots instanceof SharedArrayBuffer);
  const adopted = loadModel(dir, cloned);
  for (const part of ["tagger", "mover", "labeler"] as const) {
    const a = fromFiles[part] as QuantizedModel;
    const b = adopted[part] as QuantizedModel;
    assert.notEqual(a, b);
    assert.deepEqual(scoreAll(b, a.keys, 5, 200), scoreAll(a, a.keys, 5, 200), part);
  }
  assert.deepEqual(adopted.meta, fromFiles.meta);
  assert.deepEqual(adopted.tagDictionary, fromFiles.tagDictionary);
  assert.throws(() => loadModel("/nonexistent-model-dir", tables), DossierError);
});
