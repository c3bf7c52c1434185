/**
 * The move classifier's scores with fewer lookups: of the 84 move features of a state ({@link moveFeatures}),
 * 59 depend on one word's side of the state only, and those sides change less often than the state does.
 * Their weights are summed once per side and cached for the sentence:
 *
 * - buffer front, static: its word and tag, the next two words' (12 features, bias included), per b0;
 * - buffer front's left children (11), per b0 and number of left children (they only grow by LEFT);
 * - stack top's word, tag, head, head's head and left children (21): fixed while the word is on the stack
 *   (left children and a head are only given to the buffer front, and a head is only set by the move that
 *   pushes the word or the one that pops it);
 * - stack top's right children (11), per word and number of right children;
 * - second stack item and the one below it (4), fixed while that item is on the stack.
 *
 * The other 25 features (pairs of stack top and buffer front, distance) are looked up per state as before.
 * Adding cached partial sums gives the same scores to the last bit only when every sum of weights is exact in
 * float64 ({@link QuantizedModel.sumsExact}); {@link canCacheMoves} checks that, and parsing falls back to
 * scoring all 84 features otherwise. A unit test checks that the groups are exactly the 84 features.
 */
import { f1, f2, f3, f4 } from "./hash.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";
import type { ArcEagerState } from "./transition.js";

const NONE = -7;

/** Word and tag values the groups read (as in parser.ts's `ParserInput`). */
interface Input {
  n: number;
  word: Int32Array;
  tag: Int32Array;
}

/** Whether cached partial sums give exactly the scores of scoring every feature (see the header). */
export function canCacheMoves(mover: Scorer, maxFeatures: number): boolean {
  return mover instanceof QuantizedModel && mover.nClasses === 4 && mover.sumsExact(maxFeatures);
}

function at(a: Int32Array, k: number): number {
  return k < 0 ? NONE : a[k]!;
}

function distanceBucket(a: number, b: number): number {
  const d = b - a;
  return d <= 4 ? d : d <= 9 ? 5 : 6;
}

/** Buffer-front features that depend on the words from b0 on only (12). */
export function bufferStaticFeatures(x: Input, b0: number, out: Uint32Array): number {
  const n = x.n;
  const W = x.word;
  const P = x.tag;
  const b1 = b0 + 1 <= n ? b0 + 1 : -1;
  const b2 = b0 + 2 <= n ? b0 + 2 : -1;
  const b0w = at(W, b0),
    b0p = at(P, b0),
    b1w = at(W, b1),
    b1p = at(P, b1),
    b2w = at(W, b2),
    b2p = at(P, b2);
  let k = 0;
  out[k++] = f1(0, 0);
  out[k++] = f2(4, b0w, b0p);
  out[k++] = f1(5, b0w);
  out[k++] = f1(6, b0p);
  out[k++] = f2(7, b1w, b1p);
  out[k++] = f1(8, b1w);
  out[k++] = f1(9, b1p);
  out[k++] = f2(10, b2w, b2p);
  out[k++] = f1(11, b2w);
  out[k++] = f1(12, b2p);
  out[k++] = f2(23, b0p, b1p);
  out[k++] = f3(25, b0p, b1p, b2p);
  return k;
}

/** Buffer-front features of its left children (11). */
export function bufferLeftFeatures(x: Input, st: ArcEagerState, b0: number, out: Uint32Array): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const b0w = at(W, b0),
    b0p = at(P, b0);
  const b0l = st.lc1[b0]!;
  const b0l2 = st.lc2[b0]!;
  const b0vl = st.nl[b0]!;
  let k = 0;
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

/** Stack-top features fixed while the word is on the stack: word, tag, head, head's head, left children (21). */
export function stackTopFeatures(x: Input, st: ArcEagerState, s0: number, out: Uint32Array): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const s0w = at(W, s0),
    s0p = at(P, s0);
  const s0h = st.head[s0]!;
  const s0h2 = s0h >= 0 ? st.head[s0h]! : -1;
  const s0l = st.lc1[s0]!;
  const s0l2 = st.lc2[s0]!;
  const s0vl = st.nl[s0]!;
  let k = 0;
  out[k++] = f2(1, s0w, s0p);
  out[k++] = f1(2, s0w);
  out[k++] = f1(3, s0p);
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
  out[k++] = f2(74, s0w, st.lset[s0]!);
  out[k++] = f2(75, s0p, st.lset[s0]!);
  return k;
}

/** Stack-top features of its right children (11). */
export function stackRightFeatures(x: Input, st: ArcEagerState, s0: number, out: Uint32Array): number {
  const W = x.word;
  const P = x.tag;
  const L = st.label;
  const s0w = at(W, s0),
    s0p = at(P, s0);
  const s0r = st.rc1[s0]!;
  const s0r2 = st.rc2[s0]!;
  const s0vr = st.nr[s0]!;
  let k = 0;
  out[k++] = f2(38, s0w, s0vr);
  out[k++] = f2(39, s0p, s0vr);
  out[k++] = f1(50, at(W, s0r));
  out[k++] = f1(51, at(P, s0r));
  out[k++] = f1(52, at(L, s0r));
  out[k++] = f1(62, at(W, s0r2));
  out[k++] = f1(63, at(P, s0r2));
  out[k++] = f1(64, at(L, s0r2));
  out[k++] = f3(69, s0p, at(P, s0r), at(P, s0r2));
  out[k++] = f2(72, s0w, st.rset[s0]!);
  out[k++] = f2(73, s0p, st.rset[s0]!);
  return k;
}

/** Second and third stack items (4); `s1` -1 when the stack holds one item. */
export function secondStackFeatures(x: Input, s1: number, s2: number, out: Uint32Array): number {
  const s1w = at(x.word, s1),
    s1p = at(x.tag, s1);
  let k = 0;
  out[k++] = f2(13, s1w, s1p);
  out[k++] = f1(14, s1w);
  out[k++] = f1(15, s1p);
  out[k++] = f2(80, at(x.tag, s2), s1p);
  return k;
}

/** The features of a state that pair its stack top with its buffer front (25). */
export function pairFeatures(x: Input, st: ArcEagerState, s0: number, s1: number, out: Uint32Array): number {
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
  const s0h = st.head[s0]!;
  const d = b0 === n ? 7 : distanceBucket(s0, b0);
  const s0has = s0h >= 0 ? 1 : 0;
  const s0lab = at(L, s0);
  let k = 0;
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
  out[k++] = f3(28, s0p, at(P, st.lc1[s0]!), b0p);
  out[k++] = f3(29, s0p, at(P, st.rc1[s0]!), b0p);
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
 * Per-sentence caches of the groups' partial scores (4 moves each). One instance is reused across
 * sentences (parsing is synchronous); {@link reset} sizes it for the next sentence.
 */
export class MoveScoreCache {
  private bStatic = new Float64Array(0);
  private bLeft = new Float64Array(0);
  private sTop = new Float64Array(0);
  private sRight = new Float64Array(0);
  private second = new Float64Array(0);
  /** Version each entry was computed for (-1: not yet): 0 for fixed groups, child counts for the others. */
  private bStaticAt = new Int32Array(0);
  private bLeftAt = new Int32Array(0);
  private sTopAt = new Int32Array(0);
  private sRightAt = new Int32Array(0);
  private secondAt = new Int32Array(0);
  private readonly feats = new Uint32Array(32);
  private readonly part = new Float64Array(4);

  /** Empties the caches for a sentence of `n` words (index n stands for "no second stack item"). */
  reset(n: number): void {
    if (this.bStaticAt.length < n + 1) {
      const size = Math.max(n + 1, this.bStaticAt.length * 2, 64);
      this.bStatic = new Float64Array(size * 4);
      this.bLeft = new Float64Array(size * 4);
      this.sTop = new Float64Array(size * 4);
      this.sRight = new Float64Array(size * 4);
      this.second = new Float64Array(size * 4);
      this.bStaticAt = new Int32Array(size);
      this.bLeftAt = new Int32Array(size);
      this.sTopAt = new Int32Array(size);
      this.sRightAt = new Int32Array(size);
      this.secondAt = new Int32Array(size);
    }
    this.bStaticAt.fill(-1, 0, n + 1);
    this.bLeftAt.fill(-1, 0, n + 1);
    this.sTopAt.fill(-1, 0, n + 1);
    this.sRightAt.fill(-1, 0, n + 1);
    this.secondAt.fill(-1, 0, n + 1);
  }

  /** Sums `nf` features of {@link feats} into entry `i` of `into`. */
  private fill(mover: Scorer, nf: number, into: Float64Array, i: number): void {
    const part = this.part;
    part.fill(0);
    mover.score(this.feats, nf, part);
    into[i * 4] = part[0]!;
    into[i * 4 + 1] = part[1]!;
    into[i * 4 + 2] = part[2]!;
    into[i * 4 + 3] = part[3]!;
  }

  /**
   * Scores the four moves of a state (stack non-empty, buffer front before the root) into `scores`:
   * the state's pair features looked up now, the other groups from the caches.
   */
  score(mover: Scorer, x: Input, st: ArcEagerState, feats: Uint32Array, scores: Float64Array): void {
    const n = x.n;
    const b0 = st.i;
    const s0 = st.stack[st.sp - 1]!;
    const s1 = st.sp > 1 ? st.stack[st.sp - 2]! : -1;
    const s2 = st.sp > 2 ? st.stack[st.sp - 3]! : -1;
    const f = this.feats;
    if (this.bStaticAt[b0] !== 0) {
      this.fill(mover, bufferStaticFeatures(x, b0, f), this.bStatic, b0);
      this.bStaticAt[b0] = 0;
    }
    const nl = st.nl[b0]!;
    if (this.bLeftAt[b0] !== nl) {
      this.fill(mover, bufferLeftFeatures(x, st, b0, f), this.bLeft, b0);
      this.bLeftAt[b0] = nl;
    }
    if (this.sTopAt[s0] !== 0) {
      this.fill(mover, stackTopFeatures(x, st, s0, f), this.sTop, s0);
      this.sTopAt[s0] = 0;
    }
    const nr = st.nr[s0]!;
    if (this.sRightAt[s0] !== nr) {
      this.fill(mover, stackRightFeatures(x, st, s0, f), this.sRight, s0);
      this.sRightAt[s0] = nr;
    }
    const s1k = s1 >= 0 ? s1 : n;
    if (this.secondAt[s1k] !== 0) {
      this.fill(mover, secondStackFeatures(x, s1, s2, f), this.second, s1k);
      this.secondAt[s1k] = 0;
    }
    const nf = pairFeatures(x, st, s0, s1, feats);
    scores.fill(0);
    mover.score(feats, nf, scores);
    for (let c = 0; c < 4; c++)
      scores[c]! +=
        this.bStatic[b0 * 4 + c]! +
        this.bLeft[b0 * 4 + c]! +
        this.sTop[s0 * 4 + c]! +
        this.sRight[s0 * 4 + c]! +
        this.second[s1k * 4 + c]!;
  }
}
