import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/paths.js";
import { isPermitted, parseConllu, readConllu, gumGenre } from "./conllu.js";
import { ArcEagerState, LEFT, N_MOVES, REDUCE, RIGHT, SHIFT } from "./transition.js";

/** Follows only zero-cost moves (the dynamic oracle used as a static one) and returns the heads built (-1 = root). */
function oracleParse(gold: number[]): { heads: number[]; moves: number[] } {
  const n = gold.length;
  const g = Int32Array.from(gold, (h) => (h === -1 ? n : h));
  const st = new ArcEagerState(n);
  const moves: number[] = [];
  let guard = 0;
  while (!st.terminal()) {
    assert.ok(guard++ < 4 * n + 4, "oracle terminates");
    if (st.inEndPhase()) {
      const s0 = st.s(0);
      if (st.head[s0] !== -1) st.apply(REDUCE, -1);
      else if (st.sp === 1) st.apply(LEFT, 0);
      else st.attachToBelow(0);
      continue;
    }
    let chosen = -1;
    for (const m of [LEFT, RIGHT, REDUCE, SHIFT]) {
      if (st.valid(m) && st.cost(m, g) === 0) {
        chosen = m;
        break;
      }
    }
    assert.ok(chosen >= 0, "some move keeps every gold arc reachable");
    moves.push(chosen);
    st.apply(chosen, 0);
  }
  return { heads: Array.from(st.head.subarray(0, n), (h) => (h === n ? -1 : h)), moves };
}

function projective(heads: number[]): boolean {
  for (let d = 0; d < heads.length; d++) {
    const h = heads[d]!;
    if (h < 0) continue;
    const [a, b] = h < d ? [h, d] : [d, h];
    for (let k = a + 1; k < b; k++) {
      // every word inside the arc must descend from its head
      let x = k;
      while (x !== -1 && x !== h) x = heads[x]!;
      if (x !== h) return false;
    }
  }
  return true;
}

test("the oracle rebuilds hand-made projective trees exactly", () => {
  const trees = [
    [-1], // one word
    [1, -1, 1, 4, 2, 1], // The court rejected the appeal . (0=det… shape: det nsubj root det obj punct) with heads shifted
    [2, 2, -1, 4, 2, 2], // det nsubj root det obj punct
    [1, 2, 3, 4, -1], // left chain
    [-1, 0, 1, 2, 3], // right chain
    [3, 3, 3, -1, 5, 3, 7, 5, 3], // root in the middle with nested right dependents
  ];
  for (const gold of trees) {
    assert.ok(projective(gold));
    assert.deepEqual(oracleParse(gold).heads, gold);
  }
});

test("costs: a wrong move is costly, the gold one is free", () => {
  // "Kim saw Lee": saw is root, Kim ← saw → Lee
  const g = Int32Array.from([1, 3, 1]);
  const st = new ArcEagerState(3);
  st.apply(SHIFT, 0); // stack [Kim]
  assert.equal(st.cost(LEFT, g), 0, "Kim's head is the buffer front");
  assert.equal(st.cost(RIGHT, g), 2, "making Kim the head of saw loses saw→root and saw→Kim");
  assert.equal(st.cost(SHIFT, g), 1, "pushing saw over Kim loses saw→Kim");
  assert.equal(st.valid(REDUCE), false, "Kim has no head yet");
  assert.equal(N_MOVES, 4);
});

test("every parse ends as one tree with a single root, whatever the moves", () => {
  // always SHIFT until the end phase: the end phase must still build a tree
  const n = 6;
  const st = new ArcEagerState(n);
  while (!st.inEndPhase()) st.apply(SHIFT, 0);
  while (!st.terminal()) {
    const s0 = st.s(0);
    if (st.head[s0] !== -1) st.apply(REDUCE, -1);
    else if (st.sp === 1) st.apply(LEFT, 0);
    else st.attachToBelow(0);
  }
  const roots = Array.from(st.head.subarray(0, n)).filter((h) => h === n);
  assert.equal(roots.length, 1);
  for (let d = 0; d < n; d++) assert.ok(st.head[d]! >= 0 && st.head[d]! <= n);
});

const ewtDev = join(packageRoot(), "..", "shared", "data", "ud-english", "en_ewt-ud-dev.conllu.gz");
test("the oracle rebuilds every projective EWT dev tree", {
  skip: existsSync(ewtDev) ? false : "UD English not beside the repo",
}, () => {
  let checked = 0;
  for (const s of readConllu(ewtDev)) {
    if (!projective(s.head)) continue;
    assert.deepEqual(oracleParse(s.head).heads, s.head, s.id);
    checked++;
  }
  assert.ok(checked > 1500, `checked ${checked} trees`);
});

test("CoNLL-U reader: multiword tokens, empty nodes, genre filter", () => {
  const text = [
    "# newdoc id = GUM_fiction_x",
    "# sent_id = GUM_fiction_x-1",
    "# text = I don't.",
    "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_",
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
    "2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_",
    "3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No",
    "3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_",
    "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
    "",
    "# newdoc id = GUM_news_y",
    "# sent_id = GUM_news_y-1",
    "# text = Yes",
    "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_",
    "",
  ].join("\n");
  const s = parseConllu(text);
  assert.equal(s.length, 2);
  assert.deepEqual(s[0]!.words, ["I", "do", "n't", "."]);
  assert.deepEqual(s[0]!.head, [2, -1, 1, 1]);
  assert.equal(s[0]!.doc, "GUM_fiction_x");
  assert.equal(gumGenre(s[0]!.doc), "fiction");
  assert.equal(isPermitted(s[0]!), false, "fiction is non-commercial");
  assert.equal(isPermitted(s[1]!), true);
});
