import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DossierError } from "../../util/errors.js";
import { defaultModelDir, loadModel, MODEL_FILES, shippedModel } from "./model.js";
import type { Scorer } from "./perceptron.js";
import { buildTagDictionary, formatTagDictionary, parseTagDictionary } from "./tagdict.js";
import { hashWords, tagIds } from "./tagger.js";

const TAGS = ["DET|DT", "NOUN|NN", "VERB|VBD", "PUNCT|."];
const tagId = new Map(TAGS.map((t, i) => [t, i]));
/** Invented sentences: "the" always DET, "saw" a verb twice and a noun once, "Bank" once. */
const sentences = [
  { words: ["the", "saw", "cut", "."], upos: ["DET", "NOUN", "VERB", "PUNCT"], xpos: ["DT", "NN", "VBD", "."] },
  {
    words: ["the", "dog", "saw", "the", "cat", "."],
    upos: ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
    xpos: ["DT", "NN", "VBD", "DT", "NN", "."],
  },
  {
    words: ["the", "man", "saw", "Bank", "."],
    upos: ["DET", "NOUN", "VERB", "NOUN", "PUNCT"],
    xpos: ["DT", "NN", "VBD", "NN", "."],
  },
];

test("tag dictionary: frequent words with one dominant joint tag, case kept, thresholds respected", () => {
  const d = buildTagDictionary(sentences, tagId, { minCount: 3, minShare: 0.98 });
  assert.deepEqual(
    [...d.entries()],
    [
      [".", 3],
      ["the", 0],
    ],
  );
  // "saw" is a verb 2 times in 3: in only when the share threshold allows it
  const loose = buildTagDictionary(sentences, tagId, { minCount: 3, minShare: 0.6 });
  assert.equal(loose.get("saw"), 2);
  assert.equal(loose.has("Bank"), false, "seen once");
  assert.equal(buildTagDictionary(sentences, tagId, { minCount: 1, minShare: 1 }).get("Bank"), 1);
  assert.equal(buildTagDictionary(sentences, tagId, { minCount: 1, minShare: 1 }).has("bank"), false, "case kept");
});

test("tag dictionary: text form round-trips; tags the model lacks are counted, not guessed", () => {
  const d = buildTagDictionary(sentences, tagId, { minCount: 1, minShare: 1 });
  const text = formatTagDictionary(d, TAGS);
  assert.equal(text.split("\n")[0], ".\tPUNCT|.");
  const back = parseTagDictionary(text, TAGS);
  assert.deepEqual([...back.dictionary.entries()], [...d.entries()]);
  assert.equal(back.unknownTags, 0);
  assert.equal(parseTagDictionary("the\tDET|DT\nfoo\tX|ZZ\n", TAGS).unknownTags, 1);
});

test("tagIds: dictionary words take their tag unscored and feed the next word's previous-tag features", () => {
  let scored = 0;
  // a scorer that always prefers class 1 and counts its calls
  const scorer: Scorer = {
    nClasses: TAGS.length,
    score(_feats, _n, out) {
      scored++;
      out[1] = 1;
    },
  };
  const dict = new Map([
    ["the", 0],
    [".", 3],
  ]);
  const words = ["the", "dog", "barked", "."];
  assert.deepEqual(Array.from(hashWords(words, null, dict).fixedTag!), [0, -1, -1, 3]);
  assert.equal(hashWords(words).fixedTag, null);
  assert.deepEqual(Array.from(tagIds(scorer, hashWords(words, null, dict))), [0, 1, 1, 3]);
  assert.equal(scored, 2, "only the two words outside the dictionary are scored");
  scored = 0;
  assert.deepEqual(Array.from(tagIds(scorer, hashWords(words))), [1, 1, 1, 1]);
  assert.equal(scored, 4);
});

test("the shipped model carries its tag dictionary; a dictionary naming unknown tags is refused", () => {
  const m = shippedModel();
  assert.ok(m.tagDictionary && m.tagDictionary.size > 1000, "dictionary loaded");
  assert.equal(m.meta.tags[m.tagDictionary.get("the")!], "DET|DT");
  assert.equal(m.meta.tags[m.tagDictionary.get(",")!], "PUNCT|,");
  assert.ok(!m.tagDictionary.has("that"), "an ambiguous word is scored");
  const dir = mkdtempSync(join(tmpdir(), "tagdict-"));
  try {
    cpSync(defaultModelDir(), dir, { recursive: true });
    const meta = JSON.parse(readFileSync(join(dir, MODEL_FILES.meta), "utf8"));
    writeFileSync(join(dir, meta.tagDictionary.file), gzipSync("the\tNOPE|XX\n"));
    assert.throws(
      () => loadModel(dir),
      (e: unknown) => e instanceof DossierError && /lacks/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
