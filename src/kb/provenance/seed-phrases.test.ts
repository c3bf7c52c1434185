import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/paths.js";

/**
 * The seeds and examples/ are test fixtures: no shipped file may carry their phrases
 * (../shared/tools/check-seed-phrases.py lists word 4-grams of the fixtures found in src/ and data/).
 *
 * Files of the provenance layer (spin lexicon and resources, synthetic pools, provenance code) must
 * carry none. The repo-wide count may not grow past REPO_WIDE_MAX: a ratchet, lowered as the other
 * layers' seed-derived rules move into test data (issue 13): 147 before issue 13, 0 after merging the clean-ups; up to 3 generic phrases may stay.
 */
const REPO_WIDE_MAX = 3;
const PROVENANCE_FILES = /^(?:src\/kb\/provenance\/|data\/provenance\/|src\/synth\/)/;

test("no seed or example phrase in shipped files (check-seed-phrases.py)", (t) => {
  const root = packageRoot();
  const script = join(root, "..", "shared", "tools", "check-seed-phrases.py");
  if (!existsSync(script)) return t.skip(`checker not found at ${script} (no ../shared in this checkout)`);
  const run = spawnSync("python3", [script], { cwd: root, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (run.error) return t.skip(`python3 is not available: ${run.error.message}`);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  const total = /^(\d+) fixture phrases in shipped files$/.exec(lines[lines.length - 1] ?? "");
  assert.ok(total, `unexpected checker output: ${run.stdout.slice(-300)}`);
  const ours = lines.filter((l) => PROVENANCE_FILES.test(l));
  assert.deepEqual(ours, [], `provenance files carry fixture phrases:\n${ours.join("\n")}`);
  assert.ok(
    Number(total[1]) <= REPO_WIDE_MAX,
    `${total[1]} fixture phrases in shipped files (at most ${REPO_WIDE_MAX}):\n${run.stdout}`,
  );
});
