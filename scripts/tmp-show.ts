import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { makeAggregatorCorpus } from "../src/kb/provenance/synthetic-aggregator.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { seededRandom } from "../src/util/random.js";
const seed = 1; const rng = seededRandom(seed);
const bases = readCleanCorpus().filter(d=>d.split==="dev").map(d=>d.text).filter(t=>{const n=tokenize(t).length;return n>=150&&n<=3000;});
for (let i = bases.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [bases[i], bases[j]] = [bases[j]!, bases[i]!]; }
const c = makeAggregatorCorpus(bases.filter(()=>true), 1000, seed);
for (const id of process.argv.slice(2)) console.log(`=== ${id}\n` + c.find(d=>d.id===id)!.text.slice(0, 2500));
