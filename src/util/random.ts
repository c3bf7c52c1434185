/**
 * A seeded pseudo-random number generator (mulberry32): small, fast, well distributed, and the same
 * sequence for the same seed on every run — for deterministic shuffles, synthetic corpora and
 * benchmarks. Not for anything secret.
 * @returns a function giving numbers in [0, 1)
 * @example const rand = seededRandom(42); rand(); // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffled copy of `items` (Fisher–Yates), drawing from `rand`; the input is left as it is.
 * @example shuffled([1, 2, 3], seededRandom(7))
 */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
