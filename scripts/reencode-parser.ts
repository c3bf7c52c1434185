/**
 * Rewrites the shipped parser weights in the current encoding (`QuantizedModel.encode`: the tagger and
 * labeler as sparse rows since decision 152) without changing a weight: loads the model folder, writes it
 * back with `saveModel`, and checks that every key, scale and weight reads back the same.
 *
 * Usage: node dist/scripts/reencode-parser.js [--dir data/nlp/parser]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DossierError } from "../src/util/errors.js";
import { defaultModelDir, loadModel, MODEL_FILES, saveModel } from "../src/nlp/parse/model.js";
import type { QuantizedModel } from "../src/nlp/parse/perceptron.js";

const args = process.argv.slice(2);
const dirAt = args.indexOf("--dir");
const dir = dirAt >= 0 ? args[dirAt + 1]! : defaultModelDir();

const before = loadModel(dir);
const metaText = readFileSync(join(dir, MODEL_FILES.meta), "utf8");
const sizes = saveModel(
  dir,
  before.meta,
  before.tagger as QuantizedModel,
  before.mover as QuantizedModel,
  before.labeler as QuantizedModel,
);
if (readFileSync(join(dir, MODEL_FILES.meta), "utf8") !== metaText)
  throw new DossierError("INTERNAL", "re-encoding changed the meta file");
const after = loadModel(dir);
const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => Object.is(x, b[i]));
for (const part of ["tagger", "mover", "labeler"] as const) {
  const x = before[part] as QuantizedModel;
  const y = after[part] as QuantizedModel;
  if (!same(x.keys, y.keys) || !same(x.scales, y.scales) || !same(x.weights, y.weights))
    throw new DossierError("INTERNAL", `re-encoding changed the ${part}'s weights`);
}
console.log(`re-encoded ${dir}: ${JSON.stringify(sizes)}; every key, scale and weight reads back the same`);
