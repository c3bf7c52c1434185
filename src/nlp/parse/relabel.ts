/**
 * Second-stage arc labeler: once the parser has built the whole tree, every arc is labelled again
 * with features of the complete tree (the head's label and its own head, the dependent's children,
 * the head's other children, earlier siblings' labels), which the first-stage labeler cannot see
 * because it labels each arc the moment it is made. Arcs are labelled top-down (a word after its
 * head, siblings left to right), so the head's label and the earlier siblings' labels are this
 * labeler's own earlier decisions. Trained on gold trees with jackknifed tags
 * (`scripts/train-relabeler.ts`); the heads are never changed.
 */
import { f1, f2, f3, f4, mix } from "./hash.js";
import { argmax, type AveragedPerceptron, type Scorer } from "./perceptron.js";
import type { ParserInput } from "./parser.js";

/** Most features one arc fires. */
export const MAX_RELABEL_FEATURES = 48;

const NONE = -7;

/** A complete tree as the relabeler reads it. */
export interface TreeView {
  n: number;
  /** Head per word; n for the root. */
  head: Int32Array;
  /** Children of each word (and of the root, index n), ascending: `kids[first[w] … first[w+1])`. */
  first: Int32Array;
  kids: Int32Array;
  /** Words in labelling order: breadth-first from the root, children left to right. */
  order: Int32Array;
  /** Position of each word among its head's children. */
  rank: Int32Array;
}

/** Builds the child lists and labelling order of a tree (head n = root). */
export function treeView(head: Int32Array, n: number): TreeView {
  const first = new Int32Array(n + 2);
  for (let d = 0; d < n; d++) first[head[d]! + 1]!++;
  for (let w = 0; w <= n; w++) first[w + 1]! += first[w]!;
  const fill = first.slice(0, n + 1);
  const kids = new Int32Array(n);
  const rank = new Int32Array(n);
  for (let d = 0; d < n; d++) {
    const h = head[d]!;
    rank[d] = fill[h]! - first[h]!;
    kids[fill[h]!++] = d;
  }
  const order = new Int32Array(n);
  let len = 0;
  let at = 0;
  for (let j = first[n]!; j < first[n + 1]!; j++) order[len++] = kids[j]!;
  while (at < len) {
    const w = order[at++]!;
    for (let j = first[w]!; j < first[w + 1]!; j++) order[len++] = kids[j]!;
  }
  // words not reached from the root (never with parser output) are labelled last, in order
  if (len < n) {
    const seen = new Uint8Array(n);
    for (let k = 0; k < len; k++) seen[order[k]!] = 1;
    for (let d = 0; d < n; d++) if (!seen[d]) order[len++] = d;
  }
  return { n, head, first, kids, order, rank };
}

function bucket(d: number): number {
  return d <= 4 ? d : d <= 6 ? 5 : d <= 9 ? 6 : d <= 14 ? 7 : 8;
}

/**
 * Features of the arc into word `d` of tree `t`; `label` holds the labels decided so far (-1 not
 * yet; the root word's arc counts as `rootLabel`).
 */
export function relabelFeatures(
  x: ParserInput,
  t: TreeView,
  label: Int32Array,
  rootLabel: number,
  d: number,
  out: Uint32Array,
): number {
  const W = x.word;
  const P = x.tag;
  const n = t.n;
  const h = t.head[d]!;
  const w = (k: number): number => (k < 0 || k > n ? NONE : W[k]!);
  const p = (k: number): number => (k < 0 || k > n ? NONE : P[k]!);
  const dir = d < h ? 1 : 2;
  const dw = W[d]!;
  const dp = P[d]!;
  const hw = W[h]!;
  const hp = P[h]!;
  const hl = h === n ? rootLabel + 1 : label[h]!;
  const g = h === n ? -1 : t.head[h]!;
  const gp = g < 0 ? NONE : p(g);
  const dist = bucket(d < h ? h - d : d - h);
  // the dependent's children
  const dFirst = t.first[d]!;
  const dEnd = t.first[d + 1]!;
  const dlc = dEnd > dFirst ? t.kids[dFirst]! : -1;
  const dlc2 = dEnd > dFirst + 1 ? t.kids[dFirst + 1]! : -1;
  const drc = dEnd > dFirst ? t.kids[dEnd - 1]! : -1;
  let nl = 0;
  let dsig = 0x1234;
  for (let j = dFirst; j < dEnd; j++) {
    const c = t.kids[j]!;
    if (c < d) nl++;
    dsig = mix(dsig, P[c]!);
  }
  const nr = dEnd - dFirst - nl;
  // the head's children: earlier siblings' labels, the one just before, a signature of their tags
  const hFirst = t.first[h]!;
  const hEnd = t.first[h + 1]!;
  const r = t.rank[d]!;
  const prev = r > 0 ? t.kids[hFirst + r - 1]! : -1;
  const next = hFirst + r + 1 < hEnd ? t.kids[hFirst + r + 1]! : -1;
  let sibSet = 0;
  let hsig = 0x4321;
  for (let j = hFirst; j < hEnd; j++) {
    const c = t.kids[j]!;
    if (c < d) sibSet |= 1 << (label[c]! & 31);
    hsig = mix(hsig, c === d ? -99 : P[c]!);
  }
  const prevLabel = prev >= 0 ? label[prev]! : NONE;
  const side = r === 0 ? 0 : prev < d && prev > h === d > h ? 1 : 2;
  let k = 0;
  out[k++] = f1(200, dir);
  out[k++] = f2(201, dw, dir);
  out[k++] = f2(202, dp, dir);
  out[k++] = f3(203, dw, dp, dir);
  out[k++] = f2(204, hw, dir);
  out[k++] = f2(205, hp, dir);
  out[k++] = f3(206, hw, hp, dir);
  out[k++] = f3(207, hp, dp, dir);
  out[k++] = f3(208, hw, dp, dir);
  out[k++] = f3(209, hp, dw, dir);
  out[k++] = f3(210, hw, dw, dir);
  out[k++] = f4(211, dist, dir, hp, dp);
  out[k++] = f3(212, hl, hp, dp);
  out[k++] = f4(213, hl, hp, dp, dir);
  out[k++] = f4(214, gp, hp, dp, dir);
  out[k++] = f4(215, prevLabel, side, dp, dir);
  out[k++] = f4(216, prevLabel, p(prev), dp, hp);
  out[k++] = f4(217, sibSet, dp, hp, dir);
  out[k++] = f3(218, w(dlc), dp, hp);
  out[k++] = f3(219, p(dlc), dp, hp);
  out[k++] = f3(220, w(drc), dp, hp);
  out[k++] = f3(221, p(drc), dp, hp);
  out[k++] = f4(222, nl, nr, dp, dir);
  out[k++] = f3(223, dsig, dp, dir);
  out[k++] = f3(224, hsig, dp, dir);
  out[k++] = f3(225, p(d - 1), dp, dir);
  out[k++] = f3(226, p(d + 1), dp, dir);
  out[k++] = f3(227, w(d - 1), dp, dir);
  out[k++] = f3(228, w(d + 1), dp, dir);
  out[k++] = f4(229, p(d - 1), p(d + 1), dp, hp);
  out[k++] = f3(230, hw, dw, dp);
  out[k++] = f3(231, w(dlc2), dp, hp);
  out[k++] = f3(232, p(next), dp, hp);
  out[k++] = f4(233, hl, gp, dp, dir);
  out[k++] = f3(234, w(dlc), dw, dir);
  out[k++] = f4(235, r > 3 ? 3 : r, hEnd - hFirst > 4 ? 4 : hEnd - hFirst, dp, hp);
  return k;
}

const scratch = {
  feats: new Uint32Array(MAX_RELABEL_FEATURES),
  scores: new Float64Array(64),
};

/**
 * Labels every arc of a complete tree (in place into `label`, which must have n entries); the root
 * word gets `rootLabel`.
 * @param prior optional first-stage label scores, `nClasses` per word, added with weight `priorWeight`
 *   (the two labelers vote; the weight is chosen on dev)
 */
export function relabelTree(
  model: Scorer,
  x: ParserInput,
  head: Int32Array,
  rootLabel: number,
  label: Int32Array,
  prior: Float64Array | null = null,
  priorWeight = 1,
): void {
  const n = x.n;
  const C = model.nClasses;
  const t = treeView(head, n);
  if (scratch.scores.length < model.nClasses) scratch.scores = new Float64Array(model.nClasses);
  const scores = scratch.scores;
  const feats = scratch.feats;
  label.fill(-1);
  for (let k = 0; k < n; k++) {
    const d = t.order[k]!;
    if (head[d] === n) {
      label[d] = rootLabel;
      continue;
    }
    const nf = relabelFeatures(x, t, label, rootLabel, d, feats);
    scores.fill(0);
    model.score(feats, nf, scores);
    if (prior) for (let c = 0, off = d * C; c < C; c++) scores[c]! += priorWeight * prior[off + c]!;
    label[d] = argmax(scores, C);
  }
}

/**
 * One training pass over a gold tree. Earlier decisions (the head's label, earlier siblings') are the
 * gold labels, or the model's own guesses with `predictedHistory` (as at run time). Returns the number
 * of arcs labelled correctly.
 * @param tree the tree whose arcs are labelled (default the gold tree; a parser's tree of the training
 *   sentence shows the second stage the parser's mistakes around the arcs it gets right)
 */
export function trainRelabelSentence(
  model: AveragedPerceptron,
  x: ParserInput,
  gold: Int32Array,
  goldLabel: Int32Array,
  rootLabel: number,
  predictedHistory = false,
  tree: Int32Array = gold,
): number {
  const n = x.n;
  const t = treeView(tree, n);
  const feats = new Uint32Array(MAX_RELABEL_FEATURES);
  const scores = new Float64Array(model.nClasses);
  const label = new Int32Array(n).fill(-1);
  let ok = 0;
  for (let k = 0; k < n; k++) {
    const d = t.order[k]!;
    if (tree[d] === n) {
      label[d] = rootLabel;
      if (gold[d] === n) ok++;
      continue;
    }
    const nf = relabelFeatures(x, t, label, rootLabel, d, feats);
    scores.fill(0);
    model.score(feats, nf, scores);
    const guess = argmax(scores, model.nClasses);
    // an arc of a parsed tree whose head is wrong has no right label: nothing to learn from it
    const truth = tree[d] === gold[d] ? goldLabel[d]! : -1;
    if (guess === truth) ok++;
    else if (truth >= 0) model.update(feats, nf, truth, guess);
    model.tick();
    label[d] = predictedHistory || truth < 0 ? guess : truth;
  }
  return ok;
}
