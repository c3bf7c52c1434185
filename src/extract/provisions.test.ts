import { test } from "node:test";
import assert from "node:assert/strict";
import { extractFacts } from "./index.js";
import { analysisFor } from "./testkit.js";

function provisions(text: string) {
  const nlp = analysisFor(text, [{ names: ["Russia"], type: "country" }], null);
  const facts = extractFacts({ doc: "d_pr", text, published: null, nlp });
  for (const p of facts.provisions) assert.equal(text.slice(p.evidence.start, p.evidence.end), p.evidence.text);
  return facts.provisions;
}

test("named agreement, quoted content; later 'the treaty' and 'Article N, which' resolve to it", () => {
  const text = [
    "Article 5 of the Northern Friendship Treaty states that “each party shall help the other when attacked.”",
    "Other cases fall under Article 6, which states that “the parties shall consult at once.”",
    "Article 9 of the treaty, which criticizes “one-sided pressure”, matters too.",
    "Finally, Article 12 hints at joint training of the two armies.",
  ].join("\n\n");
  const ps = provisions(text);
  assert.deepEqual(
    ps.map((p) => p.article),
    ["5", "6", "9", "12"],
  );
  for (const p of ps) assert.equal(p.agreement, "Northern Friendship Treaty");
  assert.equal(ps[0]!.content, "each party shall help the other when attacked.");
  assert.equal(ps[1]!.content, "the parties shall consult at once.");
  assert.equal(ps[2]!.content, "criticizes one-sided pressure");
  assert.equal(ps[3]!.content, "hints at joint training of the two armies");
});

test("an article reference without a providing verb, or with an unclosed quotation, is not a provision", () => {
  assert.equal(provisions("We read Article 3 yesterday.").length, 0);
  assert.equal(provisions("Article 3 of the pact states that “the text never closes").length, 0);
});

test("'The Treaty on X' is the name, not 'The Treaty'; a proper name beats an earlier description", () => {
  const text =
    "It was the most far-reaching agreement in decades.\n\nThe Treaty on Northern Partnership was signed on Monday.\n\nArticle 2 of the treaty provides that each side helps the other.";
  const ps = provisions(text);
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.agreement, "Treaty on Northern Partnership");
});

test("an ordinal article ('its fourth article commits …') and an appositive before the verb are provisions of the named treaty", () => {
  const text =
    "The Treaty on Northern Partnership was signed in the capital on Wednesday. Its fourth article commits each side to provide immediate military help if the other is attacked.\n\nArticle 5, the consultation clause, obliges both sides to meet without delay when either faces a threat.";
  const nlp = analysisFor(text, [], "2024-06-20");
  const facts = extractFacts({ doc: "d_pv", text, published: "2024-06-20", nlp });
  const four = facts.provisions.find((p) => p.article === "4");
  assert.ok(four, JSON.stringify(facts.provisions));
  assert.equal(four.agreement, "Treaty on Northern Partnership");
  assert.match(four.content, /^commits each side to provide immediate military help/);
  assert.equal(text.slice(four.evidence.start, four.evidence.end), four.evidence.text);
  const five = facts.provisions.find((p) => p.article === "5");
  assert.ok(five, JSON.stringify(facts.provisions));
  assert.match(five.content, /^obliges both sides to meet/);
});
