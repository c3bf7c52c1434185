/**
 * The move classifier's scores with fewer lookups: of the 84 move features of a state (move-features.ts, where
 * the templates are written once), 59 depend on one word's side of the state only, and those sides change less
 * often than the state does. Their weights are summed once per side and cached for the sentence:
 *
 * - buffer front, static (group 1, 12 features, bias included), per b0;
 * - buffer front's left children (group 2, 11), per b0 and number of left children (they only grow by LEFT);
 * - stack top's word, tag, head, head's head and left children (group 3, 21): fixed while the word is on the
 *   stack (left children and a head are only given to the buffer front, and a head is only set by the move that
 *   pushes the word or the one that pops it);
 * - stack top's right children (group 4, 11), per word and number of right children;
 * - second stack item and the one below it (group 5, 4), fixed while that item is on the stack.
 *
 * The other 25 features (group 6: pairs of stack top and buffer front, distance) are looked up per state.
 * Adding cached partial sums gives the same scores to the last bit only when every sum of weights is exact in
 * float64 ({@link QuantizedModel.sumsExact}); {@link canCacheMoves} checks that, and parsing falls back to
 * scoring all 84 features otherwise.
 */
import {
  bufferLeftFeatures,
  bufferStaticFeatures,
  type MoveInput,
  pairFeatures,
  secondStackFeatures,
  stackRightFeatures,
  stackTopFeatures,
} from "./move-features.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";
import type { ArcEagerState } from "./transition.js";

/** Whether cached partial sums give exactly the scores of scoring every feature (see the header). */
export function canCacheMoves(mover: Scorer, maxFeatures: number): boolean {
  return mover instanceof QuantizedModel && mover.nClasses === 4 && mover.sumsExact(maxFeatures);
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
  score(mover: Scorer, x: MoveInput, st: ArcEagerState, feats: Uint32Array, scores: Float64Array): void {
    const n = x.n;
    const b0 = st.i;
    const s0 = st.stack[st.sp - 1]!;
    const s1 = st.sp > 1 ? st.stack[st.sp - 2]! : -1;
    const s2 = st.sp > 2 ? st.stack[st.sp - 3]! : -1;
    const f = this.feats;
    if (this.bStaticAt[b0] !== 0) {
      this.fill(mover, bufferStaticFeatures(x, b0, f, 0), this.bStatic, b0);
      this.bStaticAt[b0] = 0;
    }
    const nl = st.nl[b0]!;
    if (this.bLeftAt[b0] !== nl) {
      this.fill(mover, bufferLeftFeatures(x, st, b0, f, 0), this.bLeft, b0);
      this.bLeftAt[b0] = nl;
    }
    if (this.sTopAt[s0] !== 0) {
      this.fill(mover, stackTopFeatures(x, st, s0, f, 0), this.sTop, s0);
      this.sTopAt[s0] = 0;
    }
    const nr = st.nr[s0]!;
    if (this.sRightAt[s0] !== nr) {
      this.fill(mover, stackRightFeatures(x, st, s0, f, 0), this.sRight, s0);
      this.sRightAt[s0] = nr;
    }
    const s1k = s1 >= 0 ? s1 : n;
    if (this.secondAt[s1k] !== 0) {
      this.fill(mover, secondStackFeatures(x, s1, s2, f, 0), this.second, s1k);
      this.secondAt[s1k] = 0;
    }
    const nf = pairFeatures(x, st, s0, s1, feats, 0);
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
