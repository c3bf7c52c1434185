/**
 * Greedy arc-eager dependency parsing with two averaged perceptrons: one chooses the move
 * (SHIFT/REDUCE/LEFT/RIGHT) from Zhang & Nivre (2011)-style features, the other labels each arc at
 * the moment it is made (so later decisions see the labels of earlier arcs). Training follows the
 * dynamic oracle with error exploration (Goldberg & Nivre 2012).
 */
import { f1, f2, f3, f4 } from "./hash.js";
import { argmax, type AveragedPerceptron, type Scorer } from "./perceptron.js";
import { canCacheMoves, MoveScoreCache } from "./move-cache.js";
import { moveFeatures } from "./move-features.js";
import { distanceBucket, NONE, valueAt } from "./positions.js";
import { relabelTree } from "./relabel.js";
import { ArcEagerState, LEFT, N_MOVES, REDUCE, RIGHT, SHIFT } from "./transition.js";

/** Most features one parser state fires. */
export const MAX_PARSE_FEATURES = 96;

const ROOT_WORD = -11;
const ROOT_TAG = -13;

/** Word and tag values of a sentence as the parser sees them (index n is the root). */
export interface ParserInput {
  n: number;
  /** Word hash per word (n+1 entries; the last is the root's). */
  word: Int32Array;
  /** Joint tag id per word (n+1 entries). */
  tag: Int32Array;
  /**
   * Word-cluster id per word (n+1 entries; 0 = word not clustered) for models trained with parser
   * cluster features; null for models without them (their features are then never computed).
   */
  cluster: Int32Array | null;
}

/**
 * Builds a {@link ParserInput} from word hashes and tag ids.
 * @param clusters cluster id per word, only for a model whose parser reads cluster features (else null)
 */
export function parserInput(
  wordHashes: Int32Array,
  tags: ArrayLike<number>,
  clusters: Int32Array | null = null,
): ParserInput {
  const n = wordHashes.length;
  const word = new Int32Array(n + 1);
  const tag = new Int32Array(n + 1);
  word.set(wordHashes);
  for (let i = 0; i < n; i++) tag[i] = tags[i]!;
  word[n] = ROOT_WORD;
  tag[n] = ROOT_TAG;
  let cluster: Int32Array | null = null;
  if (clusters) {
    cluster = new Int32Array(n + 1);
    cluster.set(clusters.subarray(0, n));
    cluster[n] = ROOT_WORD;
  }
  return { n, word, tag, cluster };
}

/**
 * Output positions of {@link moveFeatures} left out (template ablation in training experiments;
 * null in normal use). Positions follow the group order of move-features.ts, not template numbers.
 */
let moveMask: Uint8Array | null = null;

/** Leaves out the move features at the given output positions (null: keep all). For ablations. */
export function setMoveFeatureMask(drop: readonly number[] | null): void {
  if (!drop || drop.length === 0) {
    moveMask = null;
    return;
  }
  moveMask = new Uint8Array(MAX_PARSE_FEATURES);
  for (const d of drop) moveMask[d] = 1;
}

/** Move features with the ablation mask applied. */
function maskedMoveFeatures(x: ParserInput, st: ArcEagerState, out: Uint32Array): number {
  const n = moveFeatures(x, st, out);
  const mask = moveMask;
  if (!mask) return n;
  let k = 0;
  for (let i = 0; i < n; i++) if (!mask[i]) out[k++] = out[i]!;
  return k;
}

/** The value at index `k` of a per-word array of a sentence of `n` words (index n: the root), {@link NONE} outside. */
function within(a: Int32Array, k: number, n: number): number {
  return k < 0 || k > n ? NONE : a[k]!;
}

/** Label features of a new arc h → d (with h = n for the root never asked). */
export function labelFeatures(x: ParserInput, st: ArcEagerState, h: number, d: number, out: Uint32Array): number {
  const W = x.word;
  const P = x.tag;
  const n = x.n;
  const L = st.label;
  const dir = d < h ? 1 : 2;
  const dw = W[d]!,
    dp = P[d]!,
    hw = W[h]!,
    hp = P[h]!;
  const dist = d < h ? distanceBucket(d, h) : distanceBucket(h, d);
  const dl = st.lc1[d]!;
  const dr = st.rc1[d]!;
  const hh = st.head[h]!;
  let k = 0;
  out[k++] = f1(100, dir);
  out[k++] = f2(101, dw, dir);
  out[k++] = f2(102, dp, dir);
  out[k++] = f3(103, dw, dp, dir);
  out[k++] = f2(104, hw, dir);
  out[k++] = f2(105, hp, dir);
  out[k++] = f3(106, hw, hp, dir);
  out[k++] = f3(107, hp, dp, dir);
  out[k++] = f3(108, hw, dp, dir);
  out[k++] = f3(109, hp, dw, dir);
  out[k++] = f3(110, hw, dw, dir);
  out[k++] = f4(111, dist, dir, hp, dp);
  out[k++] = f3(112, within(P, d - 1, n), dp, dir);
  out[k++] = f3(113, within(P, d + 1, n), dp, dir);
  out[k++] = f3(114, valueAt(L, dl), dp, dir);
  out[k++] = f3(115, valueAt(L, dr), dp, dir);
  out[k++] = f3(116, within(W, dl, n), dp, hp);
  out[k++] = f3(117, within(W, dr, n), dp, hp);
  out[k++] = f3(118, st.lset[d]!, st.rset[d]!, dp);
  out[k++] = f4(119, dir === 1 ? st.lset[h]! : st.rset[h]!, dir, hp, dp);
  out[k++] = f3(120, valueAt(L, h), hp, dp);
  out[k++] = f3(121, within(P, hh, n), hp, dp);
  out[k++] = f4(122, st.nl[d]!, st.nr[d]!, dp, dir);
  out[k++] = f3(123, within(P, dl, n), dp, hp);
  out[k++] = f3(124, within(W, d - 1, n), dp, dir);
  out[k++] = f3(125, within(W, d + 1, n), dp, dir);
  out[k++] = f4(126, within(P, d - 1, n), within(P, d + 1, n), dp, hp);
  out[k++] = f3(127, hw, dw, dp);
  const C = x.cluster;
  if (C) {
    const dc = C[d]!,
      hc = C[h]!;
    out[k++] = f3(128, dc, dp, dir);
    out[k++] = f3(129, hc, hp, dir);
    out[k++] = f4(130, hc, dc, dir, dp);
    out[k++] = f4(131, hc, dp, hp, dir);
    out[k++] = f4(132, hp, dc, dp, dir);
  }
  return k;
}

/** Arc labels the labeler chooses among; the root arc's label is fixed. */
export interface LabelSet {
  /** Label names indexed by the labeler's class ids (no "root"). */
  labels: readonly string[];
}

/** Result of parsing one sentence (ids). */
export interface ParseIds {
  /** Head per word, -1 for the root. */
  head: Int32Array;
  /** Label class id per word; `rootLabel` for the root. */
  label: Int32Array;
}

/**
 * Parses one sentence greedily.
 * @param rootLabel the id used for the root arc (= number of labeler classes)
 * @param relabeler second-stage labeler run on the finished tree (null: keep the first-stage labels)
 */
export function parseIds(
  mover: Scorer,
  labeler: Scorer,
  x: ParserInput,
  rootLabel: number,
  relabeler: Scorer | null = null,
  priorWeight = 1,
): ParseIds {
  const st = ArcEagerState.reused(x.n);
  const C = labeler.nClasses;
  if (relabeler && scratch.arcScores.length < x.n * C) scratch.arcScores = new Float64Array(x.n * C * 2);
  const arcScores = scratch.arcScores;
  const feats = scratch.feats;
  const lfeats = scratch.lfeats;
  const scores = scratch.scores;
  if (scratch.lscores.length < labeler.nClasses) scratch.lscores = new Float64Array(labeler.nClasses);
  const lscores = scratch.lscores;
  const chooseLabel = (h: number, d: number): number => {
    const nf = labelFeatures(x, st, h, d, lfeats);
    lscores.fill(0);
    labeler.score(lfeats, nf, lscores);
    // the second stage adds these scores to its own
    if (relabeler) for (let c = 0, off = d * C; c < C; c++) arcScores[off + c] = lscores[c]!;
    return argmax(lscores, C);
  };
  // partial sums of the features that depend on one side of the state, cached per sentence (exact, see
  // move-cache.ts); ablation masks and cluster features take the plain path
  const cache = moveMask === null && x.cluster === null && canCacheMoves(mover, MAX_PARSE_FEATURES) ? moveCache : null;
  cache?.reset(x.n, mover);
  while (!st.terminal()) {
    if (st.inEndPhase()) {
      endMove(st, rootLabel, chooseLabel);
      continue;
    }
    if (st.sp === 0) {
      // empty stack: SHIFT is the only valid move, nothing to score (a quarter of all moves)
      st.apply(SHIFT, -1);
      continue;
    }
    if (cache) cache.score(mover, x, st, feats, scores);
    else {
      const nf = maskedMoveFeatures(x, st, feats);
      scores.fill(0);
      mover.score(feats, nf, scores);
    }
    let move = -1;
    for (let m = 0; m < N_MOVES; m++) if (st.valid(m) && (move < 0 || scores[m]! > scores[move]!)) move = m;
    const label = move === LEFT ? chooseLabel(st.i, st.s(0)) : move === RIGHT ? chooseLabel(st.s(0), st.i) : -1;
    st.apply(move, label);
  }
  if (relabeler) relabelTree(relabeler, x, st.head, rootLabel, st.label, arcScores, priorWeight);
  return finishParse(st, x.n);
}

/**
 * Copy of the first-stage label scores of the last sentence parsed with a relabeler (`nClasses` per
 * word). For training and tuning the second stage.
 */
export function lastArcScores(n: number, nClasses: number): Float64Array {
  return scratch.arcScores.slice(0, n * nClasses);
}

/** Cached move scores of the sentence being parsed (parsing is synchronous). */
const moveCache = new MoveScoreCache();

/** Buffers reused across sentences (parsing is synchronous, so one set per process suffices). */
const scratch = {
  feats: new Uint32Array(MAX_PARSE_FEATURES),
  lfeats: new Uint32Array(MAX_PARSE_FEATURES),
  scores: new Float64Array(N_MOVES),
  lscores: new Float64Array(64),
  /** First-stage label scores per dependent, for the second stage. */
  arcScores: new Float64Array(0),
};

function endMove(st: ArcEagerState, rootLabel: number, chooseLabel: (h: number, d: number) => number): void {
  const s0 = st.s(0);
  if (st.head[s0] !== -1) st.apply(REDUCE, -1);
  else if (st.sp === 1) st.apply(LEFT, rootLabel);
  else st.attachToBelow(chooseLabel(st.s(1), s0));
}

function finishParse(st: ArcEagerState, n: number): ParseIds {
  const head = new Int32Array(n);
  const label = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    head[k] = st.head[k] === n ? -1 : st.head[k]!;
    label[k] = st.label[k]!;
  }
  return { head, label };
}

/** Counters of one training sentence. */
export interface TrainCounts {
  moves: number;
  moveErrors: number;
  arcs: number;
  labelErrors: number;
}

/**
 * Trains both perceptrons on one sentence with the dynamic oracle.
 * @param gold gold head per word with n for the root
 * @param goldLabel gold label class per word (rootLabel for the root)
 * @param explore probability of following a wrong prediction (0 = always follow the oracle)
 * @param rand seeded random source
 */
export function trainParseSentence(
  mover: AveragedPerceptron,
  labeler: AveragedPerceptron,
  x: ParserInput,
  gold: Int32Array,
  goldLabel: Int32Array,
  rootLabel: number,
  explore: number,
  rand: () => number,
): TrainCounts {
  const st = new ArcEagerState(x.n);
  const feats = new Uint32Array(MAX_PARSE_FEATURES);
  const lfeats = new Uint32Array(MAX_PARSE_FEATURES);
  const scores = new Float64Array(N_MOVES);
  const lscores = new Float64Array(labeler.nClasses);
  const costs = new Float64Array(N_MOVES);
  const counts: TrainCounts = { moves: 0, moveErrors: 0, arcs: 0, labelErrors: 0 };
  const label = (h: number, d: number, learn: boolean): number => {
    const nf = labelFeatures(x, st, h, d, lfeats);
    lscores.fill(0);
    labeler.score(lfeats, nf, lscores);
    const guess = argmax(lscores, labeler.nClasses);
    if (!learn) return guess;
    counts.arcs++;
    const truth = goldLabel[d]!;
    if (guess !== truth) {
      counts.labelErrors++;
      labeler.update(lfeats, nf, truth, guess);
    }
    labeler.tick();
    return truth;
  };
  while (!st.terminal()) {
    if (st.inEndPhase()) {
      endMove(st, rootLabel, (h, d) => label(h, d, false));
      continue;
    }
    const nf = maskedMoveFeatures(x, st, feats);
    scores.fill(0);
    mover.score(feats, nf, scores);
    let minCost = Infinity;
    for (let m = 0; m < N_MOVES; m++) {
      costs[m] = st.valid(m) ? st.cost(m, gold) : Infinity;
      if (costs[m]! < minCost) minCost = costs[m]!;
    }
    const guess = argmax(scores, N_MOVES, (m) => costs[m] !== Infinity);
    const best = argmax(scores, N_MOVES, (m) => costs[m] === minCost);
    counts.moves++;
    let move = guess;
    if (costs[guess] !== minCost) {
      counts.moveErrors++;
      mover.update(feats, nf, best, guess);
      if (!(explore > 0 && rand() < explore)) move = best;
    }
    mover.tick();
    let lab = -1;
    if (move === LEFT || move === RIGHT) {
      const h = move === LEFT ? st.i : st.s(0);
      const d = move === LEFT ? st.s(0) : st.i;
      lab = label(h, d, gold[d] === h);
    }
    st.apply(move, lab);
  }
  return counts;
}

export { SHIFT, REDUCE, LEFT, RIGHT, moveFeatures };
