/**
 * The move classifier's feature templates, written once. The 84 templates of a parser state (93 with word
 * clusters) fall into groups by the part of the state they read, and {@link moveFeatures} is the groups in
 * this order:
 *
 * 1. buffer front, static: its word and tag, the next two words' (12 templates, bias included);
 * 2. buffer front's left children (11);
 * 3. stack top's word, tag, head, head's head and left children (21);
 * 4. stack top's right children (11);
 * 5. second stack item and the one below it (4);
 * 6. pairs of stack top and buffer front, distance, arc-eager specifics (25);
 * 7. word clusters, for models trained with them (9).
 *
 * Groups 1–5 change less often than the state does, so the move-score cache (move-cache.ts) sums their
 * weights once per side of the state and looks up only group 6 per state; plain scoring (training, models
 * whose sums are not exact) calls {@link moveFeatures}. A template's number is hashed into its feature keys
 * (the shipped weights are keyed by it), so the numbers are fixed; the output order is the group order above.
 *
 * Each group writes its features into `out` from position `k` and returns the position after its last one.
 * A missing position (empty stack, no child) reads as {@link NONE}, as every template always has.
 */
import { f1, f2, f3, f4 } from "./hash.js";
import { distanceBucket, NONE, valueAt } from "./positions.js";
import type { ArcEagerState } from "./transition.js";

/** Word, tag and (optional) cluster values of a sentence (index n is the root), as in parser.ts's `ParserInput`. */
export interface MoveInput {
  n: number;
  word: Int32Array;
  tag: Int32Array;
  cluster?: Int32Array | null;
}

const at = valueAt;

/** Template of a position's word and tag, word, tag (three templates from this number on), by role. */
export const S0_WORD = 1;
export const B0_WORD = 4;
export const B1_WORD = 7;
export const B2_WORD = 10;
export const S1_WORD = 13;

/**
 * The three single-word templates of one position in one role (word and tag, word, tag): templates `t`, `t + 1`,
 * `t + 2` with `t` one of {@link S0_WORD}, {@link B0_WORD}, {@link B1_WORD}, {@link B2_WORD}, {@link S1_WORD}.
 * They read the word and tag values only, so their weights can be kept per word form across sentences.
 */
export function wordFeatures(t: number, w: number, p: number, out: Uint32Array, k: number): number {
  out[k++] = f2(t, w, p);
  out[k++] = f1(t + 1, w);
  out[k++] = f1(t + 2, p);
  return k;
}

/** Group 1, without the three positions' single-word templates: the bias and the buffer's tag n-grams (3). */
export function bufferTagFeatures(x: MoveInput, b0: number, out: Uint32Array, k: number): number {
  const n = x.n;
  const P = x.tag;
  const b0p = at(P, b0),
    b1p = at(P, b0 + 1 <= n ? b0 + 1 : -1),
    b2p = at(P, b0 + 2 <= n ? b0 + 2 : -1);
  out[k++] = f1(0, 0);
  out[k++] = f2(23, b0p, b1p);
  out[k++] = f3(25, b0p, b1p, b2p);
  return k;
}

/** Group 1: buffer-front features that depend on the words from b0 on only (12). */
export function bufferStaticFeatures(x: MoveInput, b0: number, out: Uint32Array, k: number): number {
  const n = x.n;
  const W = x.word;
  const P = x.tag;
  const b1 = b0 + 1 <= n ? b0 + 1 : -1;
  const b2 = b0 + 2 <= n ? b0 + 2 : -1;
  k = bufferTagFeatures(x, b0, out, k);
  k = wordFeatures(B0_WORD, at(W, b0), at(P, b0), out, k);
  k = wordFeatures(B1_WORD, at(W, b1), at(P, b1), out, k);
  return wordFeatures(B2_WORD, at(W, b2), at(P, b2), out, k);
}

/** Group 2: buffer-front features of its left children (11). */
export function bufferLeftFeatures(x: MoveInput, st: ArcEagerState, b0: number, out: Uint32Array, k: number): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const b0w = at(W, b0),
    b0p = at(P, b0);
  const b0l = st.lc1[b0]!;
  const b0l2 = st.lc2[b0]!;
  const b0vl = st.nl[b0]!;
  out[k++] = f2(42, b0w, b0vl);
  out[k++] = f2(43, b0p, b0vl);
  out[k++] = f1(53, at(W, b0l));
  out[k++] = f1(54, at(P, b0l));
  out[k++] = f1(55, at(L, b0l));
  out[k++] = f1(65, at(W, b0l2));
  out[k++] = f1(66, at(P, b0l2));
  out[k++] = f1(67, at(L, b0l2));
  out[k++] = f3(71, b0p, at(P, b0l), at(P, b0l2));
  out[k++] = f2(76, b0w, st.lset[b0]!);
  out[k++] = f2(77, b0p, st.lset[b0]!);
  return k;
}

/**
 * Group 3: stack-top features fixed while the word is on the stack: word, tag, head, head's head, left
 * children (21). `s0` -1 for an empty stack.
 */
export function stackTopFeatures(x: MoveInput, st: ArcEagerState, s0: number, out: Uint32Array, k: number): number {
  k = wordFeatures(S0_WORD, at(x.word, s0), at(x.tag, s0), out, k);
  return stackTopContextFeatures(x, st, s0, out, k);
}

/** Group 3 without the stack top's single-word templates: its head, head's head and left children (18). */
export function stackTopContextFeatures(
  x: MoveInput,
  st: ArcEagerState,
  s0: number,
  out: Uint32Array,
  k: number,
): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const s0w = at(W, s0),
    s0p = at(P, s0);
  const on = s0 >= 0;
  const s0h = on ? st.head[s0]! : -1;
  const s0h2 = s0h >= 0 ? st.head[s0h]! : -1;
  const s0l = on ? st.lc1[s0]! : -1;
  const s0l2 = on ? st.lc2[s0]! : -1;
  const s0vl = on ? st.nl[s0]! : NONE;
  const s0lset = on ? st.lset[s0]! : NONE;
  out[k++] = f2(40, s0w, s0vl);
  out[k++] = f2(41, s0p, s0vl);
  out[k++] = f1(44, at(W, s0h));
  out[k++] = f1(45, at(P, s0h));
  out[k++] = f1(46, at(L, s0));
  out[k++] = f1(47, at(W, s0l));
  out[k++] = f1(48, at(P, s0l));
  out[k++] = f1(49, at(L, s0l));
  out[k++] = f1(56, at(W, s0h2));
  out[k++] = f1(57, at(P, s0h2));
  out[k++] = f1(58, at(L, s0h));
  out[k++] = f1(59, at(W, s0l2));
  out[k++] = f1(60, at(P, s0l2));
  out[k++] = f1(61, at(L, s0l2));
  out[k++] = f3(68, s0p, at(P, s0l), at(P, s0l2));
  out[k++] = f3(70, s0p, at(P, s0h), at(P, s0h2));
  out[k++] = f2(74, s0w, s0lset);
  out[k++] = f2(75, s0p, s0lset);
  return k;
}

/** Group 4: stack-top features of its right children (11). `s0` -1 for an empty stack. */
export function stackRightFeatures(x: MoveInput, st: ArcEagerState, s0: number, out: Uint32Array, k: number): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const s0w = at(W, s0),
    s0p = at(P, s0);
  const on = s0 >= 0;
  const s0r = on ? st.rc1[s0]! : -1;
  const s0r2 = on ? st.rc2[s0]! : -1;
  const s0vr = on ? st.nr[s0]! : NONE;
  const s0rset = on ? st.rset[s0]! : NONE;
  out[k++] = f2(38, s0w, s0vr);
  out[k++] = f2(39, s0p, s0vr);
  out[k++] = f1(50, at(W, s0r));
  out[k++] = f1(51, at(P, s0r));
  out[k++] = f1(52, at(L, s0r));
  out[k++] = f1(62, at(W, s0r2));
  out[k++] = f1(63, at(P, s0r2));
  out[k++] = f1(64, at(L, s0r2));
  out[k++] = f3(69, s0p, at(P, s0r), at(P, s0r2));
  out[k++] = f2(72, s0w, s0rset);
  out[k++] = f2(73, s0p, s0rset);
  return k;
}

/** Group 5: second and third stack items (4); `s1` (`s2`) -1 when the stack holds fewer items. */
export function secondStackFeatures(x: MoveInput, s1: number, s2: number, out: Uint32Array, k: number): number {
  k = wordFeatures(S1_WORD, at(x.word, s1), at(x.tag, s1), out, k);
  return secondStackContextFeatures(x, s1, s2, out, k);
}

/** Group 5 without the second item's single-word templates: its tag with the third item's (1). */
export function secondStackContextFeatures(x: MoveInput, s1: number, s2: number, out: Uint32Array, k: number): number {
  out[k++] = f2(80, at(x.tag, s2), at(x.tag, s1));
  return k;
}

/** Group 6: the features that pair the stack top with the buffer front (25). `s0` -1 for an empty stack. */
export function pairFeatures(
  x: MoveInput,
  st: ArcEagerState,
  s0: number,
  s1: number,
  out: Uint32Array,
  k: number,
): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const n = x.n;
  const b0 = st.i;
  const b1 = b0 + 1 <= n ? b0 + 1 : -1;
  const s0w = at(W, s0),
    s0p = at(P, s0),
    b0w = at(W, b0),
    b0p = at(P, b0),
    b1p = at(P, b1),
    s1p = at(P, s1);
  const on = s0 >= 0;
  const s0h = on ? st.head[s0]! : -1;
  const d = on ? (b0 === n ? 7 : distanceBucket(s0, b0)) : NONE;
  const s0has = on ? (s0h >= 0 ? 1 : 0) : NONE;
  const s0lab = at(L, s0);
  out[k++] = f4(16, s0w, s0p, b0w, b0p);
  out[k++] = f3(17, s0w, s0p, b0w);
  out[k++] = f3(18, s0w, b0w, b0p);
  out[k++] = f3(19, s0w, s0p, b0p);
  out[k++] = f3(20, s0p, b0w, b0p);
  out[k++] = f2(21, s0w, b0w);
  out[k++] = f2(22, s0p, b0p);
  out[k++] = f2(24, s1p, s0p);
  out[k++] = f3(26, s0p, b0p, b1p);
  out[k++] = f3(27, at(P, s0h), s0p, b0p);
  out[k++] = f3(28, s0p, at(P, on ? st.lc1[s0]! : -1), b0p);
  out[k++] = f3(29, s0p, at(P, on ? st.rc1[s0]! : -1), b0p);
  out[k++] = f3(30, s0p, b0p, at(P, st.lc1[b0]!));
  out[k++] = f3(31, s1p, s0p, b0p);
  out[k++] = f2(32, s0w, d);
  out[k++] = f2(33, s0p, d);
  out[k++] = f2(34, b0w, d);
  out[k++] = f2(35, b0p, d);
  out[k++] = f3(36, s0w, b0w, d);
  out[k++] = f3(37, s0p, b0p, d);
  out[k++] = f3(78, s0has, s0p, b0p);
  out[k++] = f3(79, s0has, s0lab, b0p);
  out[k++] = f4(81, s0has, s0p, b0p, b1p);
  out[k++] = f3(82, s0w, s0has, b0p);
  out[k++] = f3(83, s0lab, s0p, b0w);
  return k;
}

/**
 * Group 7: word clusters, the word's distributional class for words rare or unseen in the treebank (9), for
 * models trained with cluster features (`x.cluster` non-null).
 */
export function clusterFeatures(
  x: MoveInput,
  C: Int32Array,
  st: ArcEagerState,
  s0: number,
  s1: number,
  out: Uint32Array,
  k: number,
): number {
  const P = x.tag;
  const n = x.n;
  const b0 = st.i;
  const b1 = b0 + 1 <= n ? b0 + 1 : -1;
  const s0p = at(P, s0),
    b0p = at(P, b0),
    b1p = at(P, b1);
  const d = s0 >= 0 ? (b0 === n ? 7 : distanceBucket(s0, b0)) : NONE;
  const s0c = at(C, s0),
    b0c = at(C, b0),
    b1c = at(C, b1);
  out[k++] = f2(84, s0c, s0p);
  out[k++] = f2(85, b0c, b0p);
  out[k++] = f2(86, b1c, b1p);
  out[k++] = f2(87, at(C, s1), at(P, s1));
  out[k++] = f2(88, s0c, b0c);
  out[k++] = f3(89, s0c, b0p, s0p);
  out[k++] = f3(90, s0p, b0c, b0p);
  out[k++] = f3(91, s0c, b0c, d);
  out[k++] = f3(92, s0p, b0c, b1c);
  return k;
}

/** Move features of a state, the groups in order; returns the count written into `out`. */
export function moveFeatures(x: MoveInput, st: ArcEagerState, out: Uint32Array): number {
  const b0 = st.i;
  const s0 = st.s(0);
  const s1 = st.s(1);
  let k = bufferStaticFeatures(x, b0, out, 0);
  k = bufferLeftFeatures(x, st, b0, out, k);
  k = stackTopFeatures(x, st, s0, out, k);
  k = stackRightFeatures(x, st, s0, out, k);
  k = secondStackFeatures(x, s1, st.s(2), out, k);
  k = pairFeatures(x, st, s0, s1, out, k);
  const C = x.cluster;
  if (C) k = clusterFeatures(x, C, st, s0, s1, out, k);
  return k;
}
