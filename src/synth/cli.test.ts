import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./cli.js";

test("synth CLI writes a corpus and answers usage errors with exit 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dossier-synth-cli-"));
  const write = process.stderr.write.bind(process.stderr);
  let err = "";
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (err += String(chunk)), true
  )) as typeof process.stderr.write;
  try {
    assert.equal(await main(["--count", "7", "--seed", "3", "--out", join(dir, "c"), "--format", "jsonl"]), 0);
    assert.equal(
      readFileSync(join(dir, "c", "corpus.jsonl"), "utf8")
        .trim()
        .split("\n").length,
      7,
    );
    assert.equal(await main(["--count", "x", "--out", dir]), 2);
    assert.equal(await main(["--out", dir]), 2);
    assert.equal(await main(["--count", "3", "--out", dir, "--format", "xml"]), 2);
    assert.equal(await main(["--nope"]), 2);
    assert.match(err, /usage: synth/);
  } finally {
    process.stderr.write = write;
    rmSync(dir, { recursive: true, force: true });
  }
});
