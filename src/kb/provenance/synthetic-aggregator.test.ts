import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../../util/random.js";
import { aggregatorRewrite, independentReport, makeAggregatorCorpus, shingleShare } from "./synthetic-aggregator.js";
import { randomNewsText } from "./synthetic.js";

const synonyms = new Map([["important", ["significant"]]]);
const STORY = [
  "Agency wire 7",
  "The port authority said on Monday that more than 1,500 workers would help rebuild the eastern pier after the storm.",
  "When the storm reached the coast, waves damaged three cranes and a warehouse, officials said.",
  "“We expect the first ships to dock again within a month, and we will need every crew we have,” the harbour master said.",
  "The company has announced a new plan to buy two cranes. It is an important step for the town.",
  "Repairs will begin after the insurers finish their survey, the authority added.",
].join("\n\n");

test("an aggregator rewrite keeps quotations word for word and rewords the rest", () => {
  const out = aggregatorRewrite(STORY, seededRandom(3), { synonyms, cut: 0 });
  assert.ok(out.includes("“We expect the first ships to dock again"), out);
  assert.ok(!out.startsWith("Agency wire"), out);
  assert.ok(shingleShare(out, STORY) < 0.8, `${shingleShare(out, STORY)}`);
  assert.equal(out, aggregatorRewrite(STORY, seededRandom(3), { synonyms, cut: 0 }));
});

test("an independent report carries the quotation but not the story's text", () => {
  const rng = seededRandom(5);
  const other = randomNewsText(rng, 200);
  const quote = "The harbour master said: “Every crew we have will be needed on the pier before winter.”";
  const out = independentReport(STORY, other, [quote], rng);
  assert.ok(out.includes(quote));
  assert.ok(shingleShare(out, STORY) < 0.4, `${shingleShare(out, STORY)}`);
});

test("an aggregator corpus holds originals, reposts and same-source reports, deterministically", () => {
  const rng = seededRandom(9);
  const bases = Array.from({ length: 30 }, () => randomNewsText(rng, 200));
  const a = makeAggregatorCorpus(bases, 20, 1, { synonyms });
  assert.deepEqual(a, makeAggregatorCorpus(bases, 20, 1, { synonyms }));
  const kinds = new Set(a.map((d) => d.kind));
  assert.ok(kinds.has("original") && kinds.has("aggregator"), [...kinds].join());
  for (const d of a) if (d.kind === "aggregator") assert.equal(d.family, d.source);
});
