import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { documentCounts, withSpinnerEvidence } from "../src/kb/provenance/restore-ranker.js";
import { defaultSpinResources, substitutionCandidates, substitutionProbability } from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { tokenize } from "../src/kb/provenance/text.js";
const res = defaultSpinResources();
const docs = readCleanCorpus().filter((d) => d.split === "dev" && tokenize(d.text).length >= 150).slice(0, 300);
const spinner = makeSpinner(5);
for (const rate of [0.15, 0.3, 0.6]) for (const consistent of [false, true]) {
  const ks: number[] = [];
  for (const d of docs) {
    const { text } = spinner.spinTraced(d.text, rate, { consistent });
    const toks = tokenize(text);
    const cands = substitutionCandidates(text, toks, res);
    const ps = cands.map((c) => substitutionProbability(c.features, res.model));
    ks.push(withSpinnerEvidence(documentCounts(toks), cands, ps, res.model.minProbability).spinner!.consistency);
  }
  ks.sort((a, b) => a - b);
  const q = (f: number) => ks[Math.floor(f * (ks.length - 1))]!.toFixed(2);
  console.log(`rate ${rate} ${consistent ? "CONS " : "indep"} k quantiles 10/25/50/75/90: ${q(0.1)} ${q(0.25)} ${q(0.5)} ${q(0.75)} ${q(0.9)}`);
}
