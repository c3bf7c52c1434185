import { test } from "node:test";
import assert from "node:assert/strict";
import { serialize, deserialize } from "node:v8";
import { isDeepStrictEqual } from "node:util";
import { DossierError } from "../util/errors.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Gazetteer, gazetteer, gazetteerCacheKey, loadGazetteer } from "./gazetteer.js";
import { matchKey } from "./names.js";

/**
 * Asserts two gazetteers hold the same state: fields, sizes and order, and a sample of the values
 * (compared without a diff of megabytes on failure; the whole state takes seconds).
 */
function assertSameState(x: Gazetteer, y: Gazetteer): void {
  type State = Record<string, Map<string, unknown> | Set<string> | unknown[] | number | string>;
  const a = deserialize(x.snapshot()) as State;
  const b = deserialize(y.snapshot()) as State;
  assert.deepEqual(Object.keys(a), Object.keys(b));
  for (const field of Object.keys(b)) {
    const u = a[field];
    const v = b[field];
    if (!(v instanceof Map || v instanceof Set || Array.isArray(v))) {
      assert.equal(u, v, field);
      continue;
    }
    const us = [...(u as Iterable<unknown>)];
    const vs = [...v];
    assert.equal(us.length, vs.length, field);
    for (let i = 0; i < vs.length; i += 37) assert.ok(isDeepStrictEqual(us[i], vs[i]), `${field} #${i}`);
  }
}

test("a gazetteer restored from its snapshot holds the same state and matches the same names", () => {
  const g = gazetteer();
  const bytes = g.snapshot();
  assert.ok(bytes.buffer instanceof SharedArrayBuffer);
  const back = Gazetteer.fromSnapshot(structuredClone(bytes));
  assert.notEqual(back, g);
  // same state: order of maps and sets, absent fields
  assertSameState(back, g);
  assert.equal(back.byId.size, g.byId.size);
  assert.equal(back.people.length, g.people.length);
  // an entity reached through a name is the one in byId (identity kept, as in the built gazetteer)
  const info = back.lookup(matchKey("France"));
  assert.ok(info && info.names.length > 0);
  assert.equal(info.names[0]!.entity, back.byId.get(info.names[0]!.entity.id));
  const tokens = ["Officials", "in", "Canberra", "and", "the", "Government", "of", "Chile", "met", "."];
  const starts = (i: number) => /^\p{Lu}/u.test(tokens[i]!);
  const summary = (x: Gazetteer) =>
    x.match(tokens, starts).map((m) => [m.first, m.last, m.names.map((n) => n.entity.id)]);
  assert.deepEqual(summary(back), summary(g));
  assert.ok(summary(g).length >= 2);
});

test("bytes that are not a gazetteer snapshot are refused", () => {
  assert.throws(() => Gazetteer.fromSnapshot(new Uint8Array([1, 2, 3])), DossierError);
  assert.throws(() => Gazetteer.fromSnapshot(serialize({ format: "other" })), DossierError);
});

test("the snapshot cache: written after a build, read back the same, rebuilt when corrupt, unused when it cannot be written", () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-gazcache-"));
  try {
    const first = loadGazetteer(dir);
    assert.equal(first.source, "build");
    const files = readdirSync(dir);
    assert.deepEqual(files, [`gazetteer-${gazetteerCacheKey()}.bin`]);
    const second = loadGazetteer(dir);
    assert.equal(second.source, "cache");
    assertSameState(second.gazetteer, first.gazetteer);
    // a flipped byte fails the checksum: built again, and the file rewritten whole
    const file = join(dir, files[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(file, bytes);
    assert.equal(loadGazetteer(dir).source, "build");
    assert.equal(loadGazetteer(dir).source, "cache");
    // a torn file (shorter than its checksum) and a cache folder that is a file: builds, no error
    writeFileSync(file, bytes.subarray(0, 10));
    assert.equal(loadGazetteer(dir).source, "build");
    const notADir = join(dir, "plain-file");
    writeFileSync(notADir, "x");
    assert.equal(loadGazetteer(notADir).source, "build");
    assert.equal(loadGazetteer(null).source, "build");
    assert.equal(readdirSync(dir).filter((f) => f.endsWith(".tmp")).length, 0);
    // files of other keys: the newest are kept, older ones pruned at the next write
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `gazetteer-old${i}.bin`), "x");
    rmSync(file);
    assert.equal(loadGazetteer(dir).source, "build");
    assert.equal(readdirSync(dir).filter((f) => f.startsWith("gazetteer-")).length, 3);
    assert.ok(readdirSync(dir).includes(files[0]!));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the cache key follows the curated actors file", () => {
  const before = process.env.DOSSIER_ACTORS_FILE;
  try {
    const k1 = gazetteerCacheKey();
    process.env.DOSSIER_ACTORS_FILE = "none";
    const k2 = gazetteerCacheKey();
    assert.notEqual(k1, k2);
    assert.match(k2, /^[0-9a-f]{64}$/);
  } finally {
    if (before === undefined) delete process.env.DOSSIER_ACTORS_FILE;
    else process.env.DOSSIER_ACTORS_FILE = before;
  }
});
