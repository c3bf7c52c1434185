/**
 * The arc-eager transition system (Nivre 2003) with the root at the END of the buffer (Ballesteros &
 * Nivre 2013), and its dynamic oracle (Goldberg & Nivre 2012): the cost of a move is the number of
 * gold arcs that become unreachable by taking it (exact for projective trees, a close approximation
 * otherwise).
 *
 * Words are 0…n-1; index n is the artificial root. The stack's bottom item never has a head, so
 * when only the root is left in the buffer, items with heads are reduced, a headless item above the
 * bottom is attached to the item below it ({@link ArcEagerState.attachToBelow}), and the bottom item
 * becomes the one root: every parse is a single tree.
 */

/** Push the buffer front onto the stack. */
export const SHIFT = 0;
/** Pop the stack top (it must have a head). */
export const REDUCE = 1;
/** Stack top ← buffer front (the stack top gets its head), pop. */
export const LEFT = 2;
/** Stack top → buffer front (the buffer front gets its head), push. */
export const RIGHT = 3;
/** Number of moves the classifier chooses among. */
export const N_MOVES = 4;
/** Move names, for messages and tests. */
export const MOVE_NAMES = ["SHIFT", "REDUCE", "LEFT", "RIGHT"] as const;

/** Buffer of {@link ArcEagerState.reused}. */
let sharedRoom = new Int32Array(0);

/** A parser configuration. Arrays are sized n+1 so the root (index n) can carry children too. */
export class ArcEagerState {
  readonly n: number;
  readonly stack: Int32Array;
  sp = 0;
  /** Buffer front (n = the root). */
  i = 0;
  readonly head: Int32Array;
  readonly label: Int32Array;
  /** Leftmost and second-leftmost children. */
  readonly lc1: Int32Array;
  readonly lc2: Int32Array;
  /** Rightmost and second-rightmost children. */
  readonly rc1: Int32Array;
  readonly rc2: Int32Array;
  /** Left and right valency. */
  readonly nl: Int32Array;
  readonly nr: Int32Array;
  /** Bit sets of the labels of left and right children (label id mod 32). */
  readonly lset: Int32Array;
  readonly rset: Int32Array;

  /**
   * @param n number of words
   * @param room where to keep the state's 11 arrays (at least 11 × (n + 1) values; its contents are
   *   overwritten): a buffer reused across sentences spares 11 allocations per sentence. Default: a new one.
   */
  constructor(n: number, room?: Int32Array) {
    this.n = n;
    const m = n + 1;
    const buf = room && room.length >= 11 * m ? room : new Int32Array(11 * m);
    this.stack = buf.subarray(0, m);
    this.head = buf.subarray(m, 2 * m);
    this.label = buf.subarray(2 * m, 3 * m);
    this.lc1 = buf.subarray(3 * m, 4 * m);
    this.lc2 = buf.subarray(4 * m, 5 * m);
    this.rc1 = buf.subarray(5 * m, 6 * m);
    this.rc2 = buf.subarray(6 * m, 7 * m);
    this.nl = buf.subarray(7 * m, 8 * m);
    this.nr = buf.subarray(8 * m, 9 * m);
    this.lset = buf.subarray(9 * m, 10 * m);
    this.rset = buf.subarray(10 * m, 11 * m);
    if (buf === room) buf.fill(0, 0, m);
    buf.fill(-1, m, 7 * m);
    if (buf === room) buf.fill(0, 7 * m, 11 * m);
  }

  /** A state kept in a buffer shared by every call (parsing is synchronous): valid until the next call. */
  static reused(n: number): ArcEagerState {
    if (sharedRoom.length < 11 * (n + 1)) sharedRoom = new Int32Array(Math.max(11 * (n + 1), 2 * sharedRoom.length));
    return new ArcEagerState(n, sharedRoom);
  }

  /** Stack item `k` from the top (0 = top), or -1. */
  s(k: number): number {
    return this.sp > k ? this.stack[this.sp - 1 - k]! : -1;
  }

  /** Parsing is over: buffer holds only the root and the stack is empty. */
  terminal(): boolean {
    return this.i === this.n && this.sp === 0;
  }

  /**
   * The end phase (only the root left in the buffer) has no choices: reduce, attach to the item
   * below, or make the last item the root.
   */
  inEndPhase(): boolean {
    return this.i === this.n;
  }

  /** Whether `move` is allowed (outside the end phase). */
  valid(move: number): boolean {
    const s0 = this.s(0);
    switch (move) {
      case SHIFT:
        return this.i < this.n;
      case RIGHT:
        return s0 >= 0 && this.i < this.n;
      case LEFT:
        return s0 >= 0 && this.head[s0] === -1 && (this.i < this.n || this.sp === 1);
      case REDUCE:
        return s0 >= 0 && this.head[s0] !== -1;
      default:
        return false;
    }
  }

  /** Records arc h → d with label id `label`. */
  addArc(h: number, d: number, label: number): void {
    this.head[d] = h;
    this.label[d] = label;
    const bit = 1 << (label & 31);
    if (d < h) {
      if (this.lc1[h] === -1 || d < this.lc1[h]!) {
        this.lc2[h] = this.lc1[h]!;
        this.lc1[h] = d;
      } else if (this.lc2[h] === -1 || d < this.lc2[h]!) this.lc2[h] = d;
      this.nl[h]!++;
      this.lset[h]! |= bit;
    } else {
      if (this.rc1[h] === -1 || d > this.rc1[h]!) {
        this.rc2[h] = this.rc1[h]!;
        this.rc1[h] = d;
      } else if (this.rc2[h] === -1 || d > this.rc2[h]!) this.rc2[h] = d;
      this.nr[h]!++;
      this.rset[h]! |= bit;
    }
  }

  /** Applies a (valid) move; `label` is used by LEFT and RIGHT. */
  apply(move: number, label: number): void {
    switch (move) {
      case SHIFT:
        this.stack[this.sp++] = this.i++;
        break;
      case REDUCE:
        this.sp--;
        break;
      case LEFT:
        this.addArc(this.i, this.stack[--this.sp]!, label);
        break;
      case RIGHT:
        this.addArc(this.stack[this.sp - 1]!, this.i, label);
        this.stack[this.sp++] = this.i++;
        break;
    }
  }

  /** End phase: the headless stack top is attached to the item below it (right arc), and popped. */
  attachToBelow(label: number): void {
    const d = this.stack[--this.sp]!;
    this.addArc(this.stack[this.sp - 1]!, d, label);
  }

  /**
   * Cost of `move` under the dynamic oracle: gold arcs made unreachable. `gold[d]` is the gold head
   * of word d, with n for the root.
   */
  cost(move: number, gold: ArrayLike<number>): number {
    const n = this.n;
    const b = this.i;
    const s0 = this.s(0);
    let c = 0;
    switch (move) {
      case SHIFT:
        // b loses its head or its dependents among stack items
        for (let k = 0; k < this.sp; k++) {
          const x = this.stack[k]!;
          if (gold[b] === x) c++;
          if (gold[x] === b && this.head[x] === -1) c++;
        }
        return c;
      case RIGHT: {
        const gb = gold[b]!;
        if (gb !== s0) {
          if (gb > b)
            c++; // head further in the buffer (or the root)
          else for (let k = 0; k < this.sp - 1; k++) if (this.stack[k] === gb) c++;
        }
        for (let k = 0; k < this.sp; k++) {
          const x = this.stack[k]!;
          if (gold[x] === b && this.head[x] === -1) c++;
        }
        return c;
      }
      case LEFT: {
        const gs = gold[s0]!;
        if (gs !== b && gs > b) c++;
        for (let k = b; k < n; k++) if (gold[k] === s0) c++;
        return c;
      }
      case REDUCE:
        for (let k = b; k < n; k++) if (gold[k] === s0) c++;
        return c;
      default:
        return Infinity;
    }
  }
}
