/**
 * Leave-document-out resources for dev measurements (scripts/diag-restore.ts, diag-neighbours.ts): the
 * shipped counts are counted on the clean dev documents, so a dev document's own words and bigrams are
 * taken out before it is scored, which makes dev an honest stand-in for held-out text.
 */
import { skipBigrams } from "../src/kb/provenance/restore-ranker.js";
import type { defaultSpinResources } from "../src/kb/provenance/substitution.js";
import { adjacent, tokenize } from "../src/kb/provenance/text.js";

/** Shipped counts minus the document's own (dev documents are in the shipped counts). */
export function leaveOut(text: string, base: ReturnType<typeof defaultSpinResources>) {
  const uni = new Map<string, number>();
  const bi = new Map<string, number>();
  const toks = tokenize(text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    uni.set(t.norm, (uni.get(t.norm) ?? 0) + 1);
    const n = toks[i + 1];
    if (n && !n.sentenceStart && adjacent(text, t, n))
      bi.set(`${t.norm} ${n.norm}`, (bi.get(`${t.norm} ${n.norm}`) ?? 0) + 1);
  }
  const ownSkips = skipBigrams(text);
  const ranker = base.ranker
    ? {
        ...base.ranker,
        skips: {
          skip: (l: string, r: string) => {
            const own = ownSkips.get(`${l} ${r}`) ?? 0;
            const all = base.ranker!.skips.skip(l, r);
            return own && all - own < 2 ? 0 : all - own;
          },
        },
        // DIAG_FLOOR=0.3: propose candidates below the hit cut down to 0.3, so the sweep shows lower cuts.
        ...(process.env.DIAG_FLOOR ? { minConfidence: Number(process.env.DIAG_FLOOR) } : {}),
      }
    : base.ranker;
  return {
    ...base,
    ranker,
    counts: {
      unigram: (w: string) => Math.max(0, base.counts.unigram(w) - (uni.get(w) ?? 0)),
      bigram: (l: string, r: string) => {
        const own = bi.get(`${l} ${r}`) ?? 0;
        const all = base.counts.bigram(l, r);
        return own && all - own < 2 ? 0 : all - own;
      },
    },
  };
}
