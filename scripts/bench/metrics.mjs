// Metrics of the shared benchmarks, implemented exactly as their READMEs state.

/**
 * Zyte article-extraction-benchmark tokens → 4-token shingles (multiset). Tokens are maximal runs of
 * Unicode word characters (Python's `\w+`); 1–3 tokens give one shingle of all of them; none give none.
 * @param {string | null | undefined} text
 * @returns {Map<string, number>}
 */
export function shingles(text) {
  const tokens = (text ?? "").match(/[\p{L}\p{N}_]+/gu) ?? [];
  const m = new Map();
  const add = (k) => m.set(k, (m.get(k) ?? 0) + 1);
  if (tokens.length === 0) return m;
  if (tokens.length < 4) add(tokens.join("\u0001"));
  else for (let i = 0; i + 4 <= tokens.length; i++) add(tokens.slice(i, i + 4).join("\u0001"));
  return m;
}

/**
 * Per-page precision/recall as upstream `evaluate.py`.
 * @returns {{ precision: number | null, recall: number }} precision is null when the prediction has no shingle
 */
export function pageScore(gold, pred) {
  const g = shingles(gold);
  const p = shingles(pred);
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const [k, c] of p) {
    const gc = g.get(k) ?? 0;
    tp += Math.min(c, gc);
    fp += Math.max(0, c - gc);
  }
  for (const [k, c] of g) fn += Math.max(0, c - (p.get(k) ?? 0));
  return { precision: p.size ? (tp + fp ? tp / (tp + fp) : 1) : null, recall: tp + fn ? tp / (tp + fn) : 1 };
}

/**
 * Corpus figures: P = mean page precision over pages with a non-empty prediction, R = mean recall over
 * all pages, F1 = harmonic mean of those two means.
 * @param {Array<{ precision: number | null, recall: number }>} pages
 */
export function corpusScore(pages) {
  const ps = pages.map((s) => s.precision).filter((x) => x !== null);
  const mean = (a) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const p = mean(ps);
  const r = mean(pages.map((s) => s.recall));
  return { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** Median of numbers. */
export function median(values) {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
