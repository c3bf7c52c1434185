/**
 * Growth of the pathological-input cases with input size: what used to be wall-clock budgets inside
 * tests (flaky on a shared machine) is measured here instead. Each case runs at size n and 4n; the
 * growth exponent log(t(4n)/t(n)) / log 4 is ≈ 1 for linear work and ≈ 2 for quadratic work, and it
 * does not depend on how busy the machine is the way a time budget does.
 *
 * Usage: npm run build && node dist/scripts/bench-growth.js [--json]
 */
import { performance } from "node:perf_hooks";
import { cleanPage } from "../src/clean/index.js";
import { cleanPlainText } from "../src/clean/plaintext.js";
import { analyzeText } from "../src/nlp/index.js";
import { resolveTimes } from "../src/nlp/time.js";
import { detectSpin } from "../src/kb/provenance/spin.js";
import { extractFacts } from "../src/extract/index.js";

interface GrowthCase {
  name: string;
  /** Builds the input of size factor k (1 or 4) and runs the stage on it. */
  run: (k: number) => void;
}

const paragraph = (i: number) =>
  `<p>Paragraph ${i} of the report says the council met on Tuesday and voted on the budget.</p>`;

const CASES: GrowthCase[] = [
  {
    name: "resolveTimes: one huge run of words",
    run: (k) => void resolveTimes("word ".repeat(40_000 * k) + "in July", "2001-09-20"),
  },
  { name: "cleanPlainText: one huge line", run: (k) => void cleanPlainText("word ".repeat(100_000 * k)) },
  {
    name: "cleanPage: thousands of nested tables",
    run: (k) =>
      void cleanPage({ source: "t.html", content: "<table><tr><td>".repeat(800 * k) + paragraph(1), format: "html" }),
  },
  {
    name: "cleanPage: many sibling blocks",
    run: (k) =>
      void cleanPage({
        source: "b.html",
        content: `<html><body>${Array.from({ length: 2_000 * k }, (_, i) => `<div>${paragraph(i)}<a href="/a">link</a></div>`).join("")}</body></html>`,
        format: "html",
      }),
  },
  {
    name: "analyzeText: unbalanced quotes",
    run: (k) => void analyzeText("“He said. ".repeat(1_500 * k), { lang: "en", published: "2024-06-19" }),
  },
  {
    name: "analyzeText: all-caps run-on text",
    run: (k) =>
      void analyzeText("THE COUNCIL MET THE MAYOR IN THE CITY HALL ON WEDNESDAY. ".repeat(150 * k), {
        lang: "en",
        published: "2024-06-19",
      }),
  },
  {
    name: "detectSpin: repeated tokens",
    run: (k) => void detectSpin("a a ".repeat(50_000 * k) + "The The ".repeat(12_500 * k), "en"),
  },
  {
    name: "extractFacts: run-on paragraph with quotes",
    run: (k) => {
      const text =
        "The mayor met the union leaders in the city and said “we agree on all the points we discussed today” while the council denied the report, ".repeat(
          200 * k,
        );
      const nlp = analyzeText(text, { lang: "en", published: "2024-06-19" });
      extractFacts({ doc: "d", text, published: "2024-06-19", nlp });
    },
  },
];

function timeOf(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const rows = CASES.map((c) => {
  c.run(1); // warm-up: lazy models and JIT
  const small = Math.min(
    timeOf(() => c.run(1)),
    timeOf(() => c.run(1)),
  );
  const large = Math.min(
    timeOf(() => c.run(4)),
    timeOf(() => c.run(4)),
  );
  return {
    case: c.name,
    ms_n: Number(small.toFixed(1)),
    ms_4n: Number(large.toFixed(1)),
    exponent: Number((Math.log(large / Math.max(small, 0.01)) / Math.log(4)).toFixed(2)),
  };
});

if (process.argv.includes("--json")) console.log(JSON.stringify(rows, null, 2));
else {
  console.log("case | ms at n | ms at 4n | growth exponent (1 = linear, 2 = quadratic)");
  for (const r of rows) console.log(`${r.case} | ${r.ms_n} | ${r.ms_4n} | ${r.exponent}`);
}
const worst = rows.reduce((m, r) => Math.max(m, r.exponent), 0);
if (worst > 1.6) {
  console.error(`bench-growth: a case grows faster than n^1.6 (worst exponent ${worst})`);
  process.exitCode = 1;
}
