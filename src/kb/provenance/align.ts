/**
 * Smith–Waterman local alignment over word-token ids, the confirmation step of copy linking
 * (passim-style; Smith, Cordell, Dillon 2013). A known spinner synonym pair counts as a partial
 * match, so spun stretches still align; function words score less than content words, so two
 * independent texts cannot thread a long alignment through "the … of … and".
 *
 * Time O(n·m), memory O(m). Callers bound n·m with {@link MAX_ALIGN_CELLS}.
 */

/** Largest DP matrix aligned in one call; longer inputs are cut to windows by the caller. */
export const MAX_ALIGN_CELLS = 16_000_000;

export interface AlignScoring {
  /** Score of an exact match of token `id` (e.g. 1 for function words, 3 for content words). */
  matchWeight(id: number): number;
  /** True when `x` and `y` are a known spun/original pair. */
  isSynonym(x: number, y: number): boolean;
  synonym: number;
  mismatch: number;
  gap: number;
}

export interface Alignment {
  score: number;
  /** Exactly equal tokens on the best local path. */
  matches: number;
  /** Synonym-pair tokens on the path. */
  synonyms: number;
  /** Aligned span `[aStart, aEnd)` in `a` and `[bStart, bEnd)` in `b` (token indices). */
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Best local alignment of two token-id sequences.
 * @throws RangeError when `a.length * b.length` exceeds {@link MAX_ALIGN_CELLS}
 * @example alignTokens(Int32Array.of(1,2,3), Int32Array.of(9,1,2,3), scoring).matches // 3
 */
export function alignTokens(a: Int32Array, b: Int32Array, s: AlignScoring): Alignment {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_ALIGN_CELLS) throw new RangeError(`alignment of ${n}×${m} tokens exceeds ${MAX_ALIGN_CELLS} cells`);
  const best: Alignment = { score: 0, matches: 0, synonyms: 0, aStart: 0, aEnd: 0, bStart: 0, bEnd: 0 };
  if (n === 0 || m === 0) return best;
  // Row buffers: score, start position (packed as aStart * (m + 1) + bStart), matches, synonyms.
  let prevH = new Float64Array(m + 1);
  let curH = new Float64Array(m + 1);
  let prevS = new Float64Array(m + 1);
  let curS = new Float64Array(m + 1);
  let prevM = new Int32Array(m + 1);
  let curM = new Int32Array(m + 1);
  let prevY = new Int32Array(m + 1);
  let curY = new Int32Array(m + 1);
  const stride = m + 1;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    const wa = s.matchWeight(ai);
    curH[0] = 0;
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1]!;
      let diagGain: number;
      let isMatch = 0;
      let isSyn = 0;
      if (ai === bj) {
        diagGain = wa;
        isMatch = 1;
      } else if (s.isSynonym(ai, bj)) {
        diagGain = s.synonym;
        isSyn = 1;
      } else diagGain = s.mismatch;
      const diag = prevH[j - 1]! + diagGain;
      const up = prevH[j]! - s.gap;
      const left = curH[j - 1]! - s.gap;
      let h = 0;
      if (diag >= up && diag >= left && diag > 0) {
        h = diag;
        if (prevH[j - 1]! > 0) {
          curS[j] = prevS[j - 1]!;
          curM[j] = prevM[j - 1]! + isMatch;
          curY[j] = prevY[j - 1]! + isSyn;
        } else {
          curS[j] = (i - 1) * stride + (j - 1);
          curM[j] = isMatch;
          curY[j] = isSyn;
        }
      } else if (up >= left && up > 0) {
        h = up;
        curS[j] = prevS[j]!;
        curM[j] = prevM[j]!;
        curY[j] = prevY[j]!;
      } else if (left > 0) {
        h = left;
        curS[j] = curS[j - 1]!;
        curM[j] = curM[j - 1]!;
        curY[j] = curY[j - 1]!;
      } else {
        curS[j] = 0;
        curM[j] = 0;
        curY[j] = 0;
      }
      curH[j] = h;
      if (h > best.score) {
        best.score = h;
        best.matches = curM[j]!;
        best.synonyms = curY[j]!;
        best.aStart = Math.floor(curS[j]! / stride);
        best.bStart = curS[j]! % stride;
        best.aEnd = i;
        best.bEnd = j;
      }
    }
    [prevH, curH] = [curH, prevH];
    [prevS, curS] = [curS, prevS];
    [prevM, curM] = [curM, prevM];
    [prevY, curY] = [curY, prevY];
  }
  return best;
}

/** One step of an alignment path: a pair of aligned token indices, or a gap on one side (-1). */
export interface AlignedPair {
  a: number;
  b: number;
}

/** Largest matrix for which {@link alignPath} keeps a full traceback (1 byte per cell). */
export const MAX_PATH_CELLS = 25_000_000;

/**
 * Best local alignment with its path (traceback), for restoring a spun copy from its source.
 * @returns the aligned pairs in order (`a` or `b` is -1 on a gap), or null when the matrix would
 *   exceed {@link MAX_PATH_CELLS} or nothing aligns
 */
export function alignPath(a: Int32Array, b: Int32Array, s: AlignScoring): AlignedPair[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_PATH_CELLS) return null;
  const stride = m + 1;
  // 0 stop, 1 diagonal, 2 up (gap in b), 3 left (gap in a)
  const dir = new Uint8Array((n + 1) * stride);
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  let bestScore = 0;
  let bestI = 0;
  let bestJ = 0;
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    const wa = s.matchWeight(ai);
    cur[0] = 0;
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1]!;
      const gain = ai === bj ? wa : s.isSynonym(ai, bj) ? s.synonym : s.mismatch;
      const diag = prev[j - 1]! + gain;
      const up = prev[j]! - s.gap;
      const left = cur[j - 1]! - s.gap;
      let h = 0;
      let d = 0;
      if (diag >= up && diag >= left && diag > 0) {
        h = diag;
        d = 1;
      } else if (up >= left && up > 0) {
        h = up;
        d = 2;
      } else if (left > 0) {
        h = left;
        d = 3;
      }
      cur[j] = h;
      dir[i * stride + j] = d;
      if (h > bestScore) {
        bestScore = h;
        bestI = i;
        bestJ = j;
      }
    }
    [prev, cur] = [cur, prev];
  }
  if (bestScore <= 0) return null;
  const path: AlignedPair[] = [];
  let i = bestI;
  let j = bestJ;
  while (i > 0 && j > 0) {
    const d = dir[i * stride + j]!;
    if (d === 0) break;
    if (d === 1) {
      path.push({ a: i - 1, b: j - 1 });
      i--;
      j--;
    } else if (d === 2) {
      path.push({ a: i - 1, b: -1 });
      i--;
    } else {
      path.push({ a: -1, b: j - 1 });
      j--;
    }
  }
  return path.reverse();
}
