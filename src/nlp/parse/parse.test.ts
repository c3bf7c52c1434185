import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DossierError } from "../../util/errors.js";
import { analyzeText } from "../index.js";
import { f1, hashRange, hashString } from "./hash.js";
import { parseSentence, parseTokens, tagSentence, udWords } from "./index.js";
import { defaultModelDir, loadModel, MODEL_FILES, shippedModel } from "./model.js";
import { AveragedPerceptron, QuantizedModel, SPARSE_MAGIC } from "./perceptron.js";
import { labelFeatures, MAX_PARSE_FEATURES, moveFeatures, parserInput } from "./parser.js";
import { hashWords, MAX_TAG_FEATURES, tagFeatures } from "./tagger.js";
import { ArcEagerState, SHIFT } from "./transition.js";

/** Checks that heads form one tree: in range, a single root, no cycles. */
function assertTree(head: readonly number[]): void {
  const n = head.length;
  assert.equal(head.filter((h) => h === -1).length, 1, `one root in ${JSON.stringify(head)}`);
  for (let d = 0; d < n; d++) {
    assert.ok(head[d]! >= -1 && head[d]! < n && head[d] !== d, `head of ${d} in range`);
    let x = d;
    for (let steps = 0; x !== -1; steps++) {
      assert.ok(steps <= n, `no cycle through ${d}`);
      x = head[x]!;
    }
  }
}

test("averaged perceptron learns a separable problem; int8 weights keep its decisions and round-trip", () => {
  const p = new AveragedPerceptron(3);
  const feats = new Uint32Array(2);
  const scores = new Float64Array(3);
  const data = [0, 1, 2].map((c) => [f1(1, c), f1(2, 0)] as const);
  for (let epoch = 0; epoch < 5; epoch++) {
    data.forEach(([a, b], c) => {
      feats[0] = a;
      feats[1] = b;
      scores.fill(0);
      p.score(feats, 2, scores);
      let best = 0;
      for (let k = 1; k < 3; k++) if (scores[k]! > scores[best]!) best = k;
      p.update(feats, 2, c, best);
      p.tick();
    });
  }
  const q = p.averaged().quantize(0);
  const back = QuantizedModel.decode(q.encode(), 0).model;
  data.forEach(([a, b], c) => {
    feats[0] = a;
    feats[1] = b;
    for (const m of [q, back]) {
      scores.fill(0);
      m.score(feats, 2, scores);
      assert.equal(scores.indexOf(Math.max(...scores)), c);
    }
  });
  assert.throws(() => QuantizedModel.decode(q.encode().subarray(0, 10), 0), DossierError);
});

test("many-class weights are written as sparse rows and read back exactly; the dense layout still loads", () => {
  const C = 20;
  const rows = 50;
  const keys = new Uint32Array(rows);
  const scales = new Float32Array(rows);
  const weights = new Int8Array(rows * C);
  for (let r = 0; r < rows; r++) {
    keys[r] = f1(7, r) >>> 0;
    scales[r] = 0.01 * (r + 1);
    for (let k = 0; k < (r % 4) + 1; k++) weights[r * C + ((r * 7 + k * 3) % C)] = ((r * 13 + k * 29) % 255) - 127 || 1;
  }
  const q = new QuantizedModel(C, keys, scales, weights);
  const sparse = q.encode();
  assert.equal(sparse.readUInt32LE(0), SPARSE_MAGIC);
  assert.ok(sparse.length < 8 + rows * 8 + rows * C);
  // the dense layout written by earlier versions: u32 rows, u32 classes, keys, scales, rows × classes int8
  const dense = Buffer.alloc(8 + rows * 8 + rows * C);
  dense.writeUInt32LE(rows, 0);
  dense.writeUInt32LE(C, 4);
  Buffer.from(keys.buffer).copy(dense, 8);
  Buffer.from(scales.buffer).copy(dense, 8 + rows * 4);
  Buffer.from(weights.buffer).copy(dense, 8 + rows * 8);
  const feats = new Uint32Array(keys);
  for (const buf of [sparse, dense]) {
    const back = QuantizedModel.decode(Buffer.concat([Buffer.from("pad"), buf]), 3);
    assert.equal(back.next, 3 + buf.length);
    assert.deepEqual(back.model.keys, keys);
    assert.deepEqual(back.model.scales, scales);
    assert.deepEqual(back.model.weights, weights);
    const a = new Float64Array(C);
    const b = new Float64Array(C);
    q.score(feats, rows, a);
    back.model.score(feats, rows, b);
    assert.deepEqual(b, a);
  }
  assert.throws(() => QuantizedModel.decode(sparse.subarray(0, sparse.length - 1), 0), DossierError);
});

test("the weight loader reads the shipped model once and refuses missing or mismatched weights", () => {
  const m = shippedModel();
  assert.equal(shippedModel(), m, "loaded once");
  assert.ok(m.meta.tags.length > 50 && m.meta.labels.includes("nsubj") && !m.meta.labels.includes("root"));
  assert.ok(m.upos.includes("PROPN") && m.xpos.includes("VBD"));
  assert.throws(
    () => loadModel(join(tmpdir(), "no-such-parser-model")),
    (e: unknown) => e instanceof DossierError && e.code === "NOT_FOUND",
  );
  const dir = mkdtempSync(join(tmpdir(), "parser-model-"));
  try {
    cpSync(defaultModelDir(), dir, { recursive: true });
    const metaPath = join(dir, MODEL_FILES.meta);
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    writeFileSync(metaPath, JSON.stringify({ ...meta, featureVersion: "p0" }));
    assert.throws(
      () => loadModel(dir),
      (e: unknown) => e instanceof DossierError && e.code === "INTERNAL" && /features/.test(e.message),
    );
    writeFileSync(metaPath, JSON.stringify(meta));
    writeFileSync(join(dir, MODEL_FILES.parser), Buffer.from("not gzip"));
    assert.throws(
      () => loadModel(dir),
      (e: unknown) => e instanceof DossierError && e.code === "INTERNAL",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the trained model finds subject and object of simple clauses", () => {
  const cases: Array<{ words: string[]; verb: number; subj: number; obj: number }> = [
    { words: ["The", "court", "rejected", "the", "appeal", "."], verb: 2, subj: 1, obj: 4 },
    { words: ["Engineers", "repaired", "the", "bridge", "on", "Monday", "."], verb: 1, subj: 0, obj: 3 },
    { words: ["Police", "arrested", "two", "men", "after", "the", "match", "."], verb: 1, subj: 0, obj: 3 },
  ];
  for (const c of cases) {
    const p = parseSentence(c.words);
    assertTree(p.head);
    assert.equal(p.head[c.verb], -1, `${c.words.join(" ")}: verb is the root`);
    assert.equal(p.deprel[c.verb], "root");
    assert.equal(p.head[c.subj], c.verb);
    assert.equal(p.deprel[c.subj], "nsubj");
    assert.equal(p.head[c.obj], c.verb);
    assert.equal(p.deprel[c.obj], "obj");
    assert.equal(p.upos[c.verb], "VERB");
  }
  assert.deepEqual(tagSentence(["She", "reads", "books"]).upos, ["PRON", "VERB", "NOUN"]);
  assert.deepEqual(parseSentence([]), { upos: [], xpos: [], head: [], deprel: [] });
});

test("surface tokens are split into UD words and mapped back as a tree", () => {
  assert.deepEqual(udWords("don't"), ["do", "n't"]);
  assert.deepEqual(udWords("Can't"), ["Ca", "n't"]);
  assert.deepEqual(udWords("cannot"), ["can", "not"]);
  assert.deepEqual(udWords("state-owned"), ["state", "-", "owned"]);
  assert.deepEqual(udWords("Lagos"), ["Lagos"]);
  assert.deepEqual(udWords("-"), ["-"]);
  assert.deepEqual(udWords("ISN’T"), ["IS", "N’T"]);
  assert.deepEqual(udWords("Gonna"), ["Gon", "na"]);
  // words that are also names of Object.prototype members are plain words (they used to throw)
  for (const w of ["constructor", "Constructor", "__proto__", "toString"]) assert.deepEqual(udWords(w), [w]);
  const tokens = ["The", "state-owned", "airline", "did", "n't", "say", "why", "it", "cannot", "fly", "."];
  const p = parseTokens(tokens);
  assert.equal(p.head.length, tokens.length);
  assertTree(p.head);
  assert.equal(p.head[1], 2, "state-owned modifies airline");
  assert.equal(p.deprel[1], "amod");
  assert.equal(p.head[3], 5, "did (with n't) is an auxiliary of say");
});

test("long sentences are parsed in windows and stay one tree", () => {
  const words: string[] = [];
  for (let i = 0; i < 450; i++)
    words.push(i % 9 === 8 ? "," : ["prices", "rose", "and", "wages", "fell", "in", "the", "north"][i % 8]!);
  const p = parseSentence(words);
  assert.equal(p.head.length, words.length);
  assertTree(p.head);
});

test("analyzeText gives English tokens a parse: heads in range, inside the sentence, one root each, deterministic", () => {
  const text =
    "Shares of the shipping firm fell 4% on Tuesday after it cut its forecast.\n\n" +
    '"We don\'t expect demand to recover before June," the chief executive told analysts. The state-owned port, which opened in 1998, was closed.';
  const a = analyzeText(text, { lang: "en", published: "2024-03-05" });
  const b = analyzeText(text, { lang: "en", published: "2024-03-05" });
  assert.deepEqual(a.tokens, b.tokens, "deterministic");
  const sentenceOf = a.tokens.map((t) => a.sentences.findIndex((s) => t.start >= s.start && t.end <= s.end));
  const roots = new Map<number, number>();
  a.tokens.forEach((t, i) => {
    assert.equal(typeof t.head, "number");
    assert.equal(typeof t.dep, "string");
    assert.ok(t.head! >= -1 && t.head! < a.tokens.length && t.head !== i);
    if (t.head === -1) {
      assert.equal(t.dep, "root");
      roots.set(sentenceOf[i]!, (roots.get(sentenceOf[i]!) ?? 0) + 1);
    } else assert.equal(sentenceOf[t.head!], sentenceOf[i], "head inside the same sentence");
    assert.equal(text.slice(t.start, t.end), t.text);
  });
  assert.equal(roots.size, a.sentences.length);
  for (const count of roots.values()) assert.equal(count, 1);
  const fell = a.tokens.findIndex((t) => t.text === "fell");
  const shares = a.tokens.findIndex((t) => t.text === "Shares");
  assert.equal(a.tokens[shares]!.head, fell);
  assert.equal(a.tokens[shares]!.dep, "nsubj");
  // wink gives no lemma for "cannot" before a full stop: the layer must not crash on it
  const c = analyzeText("I really cannot.", { lang: "en", published: null });
  assert.deepEqual(
    c.tokens.map((t) => t.lemma),
    ["i", "really", "cannot", "."],
  );
  assert.equal(c.tokens.filter((t) => t.head === -1).length, 1);
  // other languages are not parsed
  const fr = analyzeText("Le tribunal a rejeté l'appel.", { lang: "fr", published: null });
  assert.ok(fr.tokens.every((t) => t.head === undefined && t.dep === undefined));
});

test("word clusters: tagger and parser features extend the plain ones only when the model reads clusters", () => {
  const words = ["Analysts", "expect", "lower", "margins", "."];
  const clusters = new Map([
    ["analysts", 17],
    ["expect", 40],
    ["margins", 200],
  ]);
  const plainHashes = hashWords(words);
  const clusterHashes = hashWords(words, clusters);
  assert.equal(plainHashes.cluster, null);
  assert.deepEqual(Array.from(clusterHashes.cluster!), [17, 40, 0, 200, 0]);
  assert.deepEqual(
    Array.from(clusterHashes.word),
    Array.from(plainHashes.word),
    "word hashes do not depend on clusters",
  );
  const buf = new Uint32Array(MAX_TAG_FEATURES);
  const plainTag = tagFeatures(plainHashes, 1, 3, 2, buf);
  const plainTagFeats = Array.from(buf.subarray(0, plainTag));
  const clusterTag = tagFeatures(clusterHashes, 1, 3, 2, buf);
  assert.ok(clusterTag > plainTag);
  assert.deepEqual(Array.from(buf.subarray(0, plainTag)), plainTagFeats, "cluster features come after the plain ones");

  const tags = [8, 10, 4, 8, 6];
  const plain = parserInput(plainHashes.word, tags);
  const withClusters = parserInput(clusterHashes.word, tags, clusterHashes.cluster);
  assert.equal(plain.cluster, null);
  assert.deepEqual(Array.from(withClusters.cluster!.subarray(0, 5)), [17, 40, 0, 200, 0]);
  const st = new ArcEagerState(words.length);
  st.apply(SHIFT, -1);
  const out = new Uint32Array(MAX_PARSE_FEATURES);
  const nPlain = moveFeatures(plain, st, out);
  const plainMove = Array.from(out.subarray(0, nPlain));
  const nClusters = moveFeatures(withClusters, st, out);
  assert.ok(nClusters > nPlain && nClusters <= MAX_PARSE_FEATURES);
  assert.deepEqual(Array.from(out.subarray(0, nPlain)), plainMove);
  const lPlain = labelFeatures(plain, st, 1, 0, out);
  const plainLabel = Array.from(out.subarray(0, lPlain));
  const lClusters = labelFeatures(withClusters, st, 1, 0, out);
  assert.ok(lClusters > lPlain && lClusters <= MAX_PARSE_FEATURES);
  assert.deepEqual(Array.from(out.subarray(0, lPlain)), plainLabel);
});

test("hashRange equals hashString of the slice, for suffixes and prefixes of short, long and empty words", () => {
  for (const w of ["", "a", "on", "the", "harbour", "0,000", "état", "naïveté", "x-ray"]) {
    for (const k of [1, 2, 3, 4]) {
      assert.equal(hashRange(w, w.length - k, w.length), hashString(w.slice(-k)), `${w} suffix ${k}`);
      assert.equal(hashRange(w, 0, k), hashString(w.slice(0, k)), `${w} prefix ${k}`);
    }
    assert.equal(hashRange(w, 0, w.length), hashString(w));
  }
});
