import { test } from "node:test";
import assert from "node:assert/strict";
import { AveragedPerceptron } from "./perceptron.js";
import { parserInput } from "./parser.js";
import { MAX_RELABEL_FEATURES, relabelFeatures, relabelTree, trainRelabelSentence, treeView } from "./relabel.js";
import { hashWords } from "./tagger.js";

// "The court rejected the appeal ." — heads with n (= 6) for the root
const HEAD = Int32Array.from([1, 2, 6, 4, 2, 2]);

test("treeView lists children in order, ranks them and orders words top-down", () => {
  const t = treeView(HEAD, 6);
  const kidsOf = (w: number): number[] => Array.from(t.kids.subarray(t.first[w]!, t.first[w + 1]!));
  assert.deepEqual(kidsOf(6), [2]);
  assert.deepEqual(kidsOf(2), [1, 4, 5]);
  assert.deepEqual(kidsOf(1), [0]);
  assert.deepEqual(kidsOf(0), []);
  assert.deepEqual(Array.from(t.rank), [0, 0, 0, 0, 1, 2]);
  assert.deepEqual(Array.from(t.order), [2, 1, 4, 5, 0, 3]);
  // every word comes after its head
  const at = new Map(Array.from(t.order, (w, k) => [w, k]));
  for (let d = 0; d < 6; d++) if (HEAD[d] !== 6) assert.ok(at.get(d)! > at.get(HEAD[d]!)!);
});

test("the relabeler learns labels from tree features, fixes the root arc and never touches heads", () => {
  const words = ["The", "court", "rejected", "the", "appeal", "."];
  const x = parserInput(hashWords(words).word, [2, 0, 15, 2, 0, 6]);
  const ROOT = 4;
  // labels: 0 det, 1 nsubj, 2 obj, 3 punct
  const gold = Int32Array.from([0, 1, ROOT, 0, 2, 3]);
  const model = new AveragedPerceptron(4);
  for (let e = 0; e < 5; e++) trainRelabelSentence(model, x, HEAD, gold, ROOT);
  const head = Int32Array.from(HEAD);
  const label = new Int32Array(6);
  relabelTree(model.averaged(), x, head, ROOT, label);
  assert.deepEqual(Array.from(label), Array.from(gold));
  assert.deepEqual(Array.from(head), Array.from(HEAD));
  const feats = new Uint32Array(MAX_RELABEL_FEATURES);
  const n = relabelFeatures(x, treeView(HEAD, 6), gold, ROOT, 4, feats);
  assert.ok(n > 20 && n <= MAX_RELABEL_FEATURES);
  assert.ok(
    feats.subarray(0, n).every((f) => f !== 0),
    "no empty feature key",
  );
});
