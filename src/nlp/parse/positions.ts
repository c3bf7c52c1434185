/** Position helpers shared by the parser's feature templates and the move-score cache. */

/** Value of a missing position (before the sentence, an empty stack slot). */
export const NONE = -7;

/** The value at index `k` of a per-word array, or {@link NONE} for a missing position (k < 0). */
export function valueAt(a: Int32Array, k: number): number {
  return k < 0 ? NONE : a[k]!;
}

/** Distance between two positions, bucketed: 0–4 as is, 5–9 → 5, 10 and more → 6. */
export function distanceBucket(a: number, b: number): number {
  const d = b - a;
  return d <= 4 ? d : d <= 9 ? 5 : 6;
}
