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
 *
 * Some of those partial sums read one word's values only, whatever the sentence, and are also kept across
 * sentences, per word form and tag ({@link ROLE_SLOTS} forms, direct-mapped, keyed by the word hash and tag
 * value, both compared): the three single-word templates of a position as b0, b1, b2, s0 and s1
 * (`wordFeatures`), groups 2 and 4 of a word without left (right) children, and group 3's other 18 features of
 * a stack top with neither head nor left children: their other values are then fixed. Kept sums are exact
 * partial sums like the others, so the scores stay equal to the last bit.
 */
import {
  B0_WORD,
  B1_WORD,
  B2_WORD,
  bufferLeftFeatures,
  bufferTagFeatures,
  type MoveInput,
  pairFeatures,
  S0_WORD,
  S1_WORD,
  secondStackContextFeatures,
  stackRightFeatures,
  stackTopContextFeatures,
  wordFeatures,
} from "./move-features.js";
import { QuantizedModel, type Scorer } from "./perceptron.js";
import { valueAt } from "./positions.js";
import type { ArcEagerState } from "./transition.js";

/** Whether cached partial sums give exactly the scores of scoring every feature (see the header). */
export function canCacheMoves(mover: Scorer, maxFeatures: number): boolean {
  return mover instanceof QuantizedModel && mover.nClasses === 4 && mover.sumsExact(maxFeatures);
}

/**
 * Per-sentence caches of the groups' partial scores (4 moves each). One instance is reused across
 * sentences (parsing is synchronous); {@link reset} sizes it for the next sentence.
 */
/** Word forms (with their tag) whose role sums are kept across sentences; a power of two. */
export const ROLE_SLOTS = 16384;
/**
 * Roles kept per word form: single-word templates as b0, b1, b2, s0, s1; group 2 and group 4 without children;
 * group 3 without its single-word templates for a stack top with neither head nor left children.
 */
const ROLE_TEMPLATE = [B0_WORD, B1_WORD, B2_WORD, S0_WORD, S1_WORD] as const;
const R_B0 = 0;
const R_B1 = 1;
const R_B2 = 2;
const R_S0 = 3;
const R_S1 = 4;
const R_NO_LEFT = 5;
const R_NO_RIGHT = 6;
const R_S0_BARE = 7;
const ROLES = 8;

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
  /** Per slot of the word-form cache: word hash, tag value, bit set of the roles computed. */
  private readonly roleWord = new Int32Array(ROLE_SLOTS);
  private readonly roleTag = new Int32Array(ROLE_SLOTS);
  private readonly roleHave = new Uint8Array(ROLE_SLOTS);
  /** Role sums, 4 moves per role, {@link ROLES} roles per slot. */
  private readonly roleSums = new Float64Array(ROLE_SLOTS * ROLES * 4);
  /** Move classifier the word-form cache was filled for. */
  private roleModel: Scorer | null = null;
  /** Counters: role sums read, and computed (misses). */
  roleReads = 0;
  roleMisses = 0;

  /**
   * Empties the caches for a sentence of `n` words (index n stands for "no second stack item"); the word-form
   * cache is kept unless the move classifier is another one.
   */
  reset(n: number, mover: Scorer): void {
    if (mover !== this.roleModel) {
      this.roleModel = mover;
      this.roleWord.fill(0);
      this.roleTag.fill(0);
      this.roleHave.fill(0);
    }
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
   * Index (times 4) in {@link roleSums} of role `r` of the word at `pos` (-1: a missing position), computed on a
   * miss. Roles {@link R_NO_LEFT} and {@link R_NO_RIGHT} are asked only while the word has no such children,
   * {@link R_S0_BARE} only while it has neither a head nor left children (its other values are then fixed).
   */
  private role(mover: Scorer, x: MoveInput, st: ArcEagerState, pos: number, r: number): number {
    const w = valueAt(x.word, pos);
    const p = valueAt(x.tag, pos);
    let h = Math.imul(w ^ Math.imul(p, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    const i = h & (ROLE_SLOTS - 1);
    if (this.roleWord[i] !== w || this.roleTag[i] !== p) {
      this.roleWord[i] = w;
      this.roleTag[i] = p;
      this.roleHave[i] = 0;
    }
    const e = i * ROLES + r;
    this.roleReads++;
    if ((this.roleHave[i]! & (1 << r)) === 0) {
      this.roleMisses++;
      const f = this.feats;
      const nf =
        r === R_NO_LEFT
          ? bufferLeftFeatures(x, st, pos, f, 0)
          : r === R_NO_RIGHT
            ? stackRightFeatures(x, st, pos, f, 0)
            : r === R_S0_BARE
              ? stackTopContextFeatures(x, st, pos, f, 0)
              : wordFeatures(ROLE_TEMPLATE[r]!, w, p, f, 0);
      this.fill(mover, nf, this.roleSums, e);
      this.roleHave[i]! |= 1 << r;
    }
    return e * 4;
  }

  /** Sets entry `i` of `into` to the sum of its value and role sums `a` (and `b`, `c` when ≥ 0). */
  private addRoles(into: Float64Array, i: number, a: number, b: number, c: number): void {
    const R = this.roleSums;
    for (let m = 0; m < 4; m++) {
      let v = into[i * 4 + m]! + R[a + m]!;
      if (b >= 0) v += R[b + m]!;
      if (c >= 0) v += R[c + m]!;
      into[i * 4 + m] = v;
    }
  }

  /** Copies role sums at `a` into entry `i` of `into`. */
  private setRole(into: Float64Array, i: number, a: number): void {
    const R = this.roleSums;
    into[i * 4] = R[a]!;
    into[i * 4 + 1] = R[a + 1]!;
    into[i * 4 + 2] = R[a + 2]!;
    into[i * 4 + 3] = R[a + 3]!;
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
      this.fill(mover, bufferTagFeatures(x, b0, f, 0), this.bStatic, b0);
      const a = this.role(mover, x, st, b0, R_B0);
      const b = this.role(mover, x, st, b0 + 1 <= n ? b0 + 1 : -1, R_B1);
      const c = this.role(mover, x, st, b0 + 2 <= n ? b0 + 2 : -1, R_B2);
      this.addRoles(this.bStatic, b0, a, b, c);
      this.bStaticAt[b0] = 0;
    }
    const nl = st.nl[b0]!;
    if (this.bLeftAt[b0] !== nl) {
      if (nl === 0) this.setRole(this.bLeft, b0, this.role(mover, x, st, b0, R_NO_LEFT));
      else this.fill(mover, bufferLeftFeatures(x, st, b0, f, 0), this.bLeft, b0);
      this.bLeftAt[b0] = nl;
    }
    if (this.sTopAt[s0] !== 0) {
      const a = this.role(mover, x, st, s0, R_S0);
      if (st.head[s0] === -1 && st.nl[s0] === 0) this.setRole(this.sTop, s0, this.role(mover, x, st, s0, R_S0_BARE));
      else this.fill(mover, stackTopContextFeatures(x, st, s0, f, 0), this.sTop, s0);
      this.addRoles(this.sTop, s0, a, -1, -1);
      this.sTopAt[s0] = 0;
    }
    const nr = st.nr[s0]!;
    if (this.sRightAt[s0] !== nr) {
      if (nr === 0) this.setRole(this.sRight, s0, this.role(mover, x, st, s0, R_NO_RIGHT));
      else this.fill(mover, stackRightFeatures(x, st, s0, f, 0), this.sRight, s0);
      this.sRightAt[s0] = nr;
    }
    const s1k = s1 >= 0 ? s1 : n;
    if (this.secondAt[s1k] !== 0) {
      this.fill(mover, secondStackContextFeatures(x, s1, s2, f, 0), this.second, s1k);
      this.addRoles(this.second, s1k, this.role(mover, x, st, s1, R_S1), -1, -1);
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
