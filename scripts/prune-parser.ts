/**
 * Fits the shipped parser weights under a size budget: drops the rows with the smallest weights
 * (raising the pruning threshold step by step) until every gzip file is below `--max-mb`, then
 * reports dev UAS/LAS before and after. Deterministic.
 *
 * Usage: node dist/scripts/prune-parser.js [--max-mb 4.5] [--dir data/nlp/parser] [--step 1.25]
 * [--labeler-ratio 1]
 * (`--step`: factor the threshold grows by per try; smaller lands closer under the budget.
 * `--labeler-ratio`: the labeler's threshold as a fraction of the move classifier's.)
 */
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { packageRoot } from "../src/util/paths.js";
import { isPermitted, readConllu } from "../src/nlp/parse/conllu.js";
import { scoreParser } from "../src/nlp/parse/evaluate.js";
import { defaultModelDir, loadModel, saveModel } from "../src/nlp/parse/model.js";
import type { QuantizedModel } from "../src/nlp/parse/perceptron.js";

const args = process.argv.slice(2);
const mbIdx = args.indexOf("--max-mb");
const MAX_BYTES = (mbIdx >= 0 ? Number(args[mbIdx + 1]) : 4.5) * 1024 * 1024;
const dirIdx = args.indexOf("--dir");
const DIR = dirIdx >= 0 ? args[dirIdx + 1]! : defaultModelDir();
const stepIdx = args.indexOf("--step");
const STEP = stepIdx >= 0 ? Number(args[stepIdx + 1]) : 1.25;
const ratioIdx = args.indexOf("--labeler-ratio");
const LABELER_RATIO = ratioIdx >= 0 ? Number(args[ratioIdx + 1]) : 1;
const UD = join(packageRoot(), "..", "shared", "data", "ud-english");

const model = loadModel(DIR);
const dev = [
  ...readConllu(join(UD, "en_ewt-ud-dev.conllu.gz")),
  ...readConllu(join(UD, "en_gum-ud-dev.conllu.gz")).filter(isPermitted),
];
const score = (tagger: QuantizedModel, mover: QuantizedModel, labeler: QuantizedModel): string => {
  const s = scoreParser(
    {
      tagger,
      mover,
      labeler,
      clusters: model.clusters,
      parserClusters: model.parserClusters,
      tagDictionary: model.tagDictionary,
      relabeler: model.relabeler,
      relabelPriorWeight: model.relabelPriorWeight,
      tags: model.meta.tags,
      labels: model.meta.labels,
    },
    dev,
  );
  return `dev UAS ${s.uas.toFixed(4)} LAS ${s.las.toFixed(4)} UPOS ${s.upos.toFixed(4)}`;
};
let tagger = model.tagger as QuantizedModel;
let mover = model.mover as QuantizedModel;
let labeler = model.labeler as QuantizedModel;
console.log(`before: rows ${tagger.rows} / ${mover.rows} / ${labeler.rows}; ${score(tagger, mover, labeler)}`);
const gz = (...m: QuantizedModel[]): number => gzipSync(Buffer.concat(m.map((x) => x.encode())), { level: 6 }).length;
let threshold = 0.5;
while (gz(mover, labeler) > MAX_BYTES) {
  threshold *= STEP;
  mover = mover.prune(threshold);
  labeler = labeler.prune(threshold * LABELER_RATIO);
}
let tagThreshold = 0.5;
while (gz(tagger) > MAX_BYTES) {
  tagThreshold *= STEP;
  tagger = tagger.prune(tagThreshold);
}
const training = {
  ...model.meta.training,
  prunedTo: {
    parser: +threshold.toFixed(3),
    labeler: +(threshold * LABELER_RATIO).toFixed(3),
    tagger: +tagThreshold.toFixed(3),
  },
};
const after = score(tagger, mover, labeler);
(training as Record<string, unknown>).devAfterPruning = after;
console.log(
  `after (mover rows below ${threshold.toFixed(2)}, labeler below ${(threshold * LABELER_RATIO).toFixed(2)}, tagger rows below ${tagThreshold.toFixed(2)} dropped): rows ${tagger.rows} / ${mover.rows} / ${labeler.rows}; ${after}`,
);
console.log(JSON.stringify(saveModel(DIR, { ...model.meta, training }, tagger, mover, labeler)));
