/**
 * Where restoration of spins by a spinner with its own thesaurus (partly WordNet) loses spun spans.
 *
 *   npx tsx scripts/diag-neighbours.ts [dev|test] [rate] [--consistent] [--wordnet]   (default dev 0.3)
 *
 * Spins every clean document of the split (≥ 150 tokens) with the partly-WordNet thesaurus of
 * scripts/spin-thesauri.ts (seed 4242, as eval-spin.ts section 4; --wordnet: the shipped synonyms)
 * and counts, per spun span: restored exactly; the true original offered by the synonym table, by
 * the broader thesaurus, by neither. On dev the shipped counts are taken out of each document
 * (leave-document-out, scripts/leave-out.ts).
 */
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import {
  BROAD_MIN_SHARE,
  BROAD_RESTORE_MIN_CONFIDENCE,
  beyondSynonymsShare,
  detectSpin,
  restoreText,
} from "../src/kb/provenance/spin.js";
import {
  defaultSpinResources,
  substitutionCandidates,
  substitutionProbability,
} from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { leaveOut } from "./leave-out.js";
import { mixedThesaurus } from "./spin-thesauri.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const consistent = process.argv.includes("--consistent");
const split = (args[0] ?? "dev") as "dev" | "test";
const rate = Number(args[1] ?? 0.3);
const base = defaultSpinResources();
const docs = readCleanCorpus()
  .filter((d) => d.split === split && tokenize(d.text).length >= 150)
  .sort((a, b) => (a.id < b.id ? -1 : 1));
const thesaurus = process.argv.includes("--wordnet") ? base.synonyms : mixedThesaurus(base.synonyms);
const spinner = makeSpinner(4242, { synonyms: thesaurus });
const offered = (table: Map<string, { words: string[]; originals: string[] }[]>, spun: string, orig: string) =>
  (table.get(spun.split(" ")[0]!) ?? []).some((f) => f.words.join(" ") === spun && f.originals.includes(orig));
const broadSpans = {
  total: 0,
  synHitThere: 0,
  synHitRestored: 0,
  broadHitThere: 0,
  broadRight: 0,
  broadRightAt06: 0,
  noHit: 0,
};
const wrong = { onSpunSyn: 0, onSpunBroad: 0, onSpunNeither: 0, onUnspun: 0, broadHitWrong: 0 };
const c = {
  docs: 0,
  flagged: 0,
  spans: 0,
  exact: 0,
  applied: 0,
  inSyn: 0,
  inBroad: 0,
  inNeither: 0,
  exactSyn: 0,
  exactBroad: 0,
  exactNeither: 0,
};
// DIAG_BROAD_SWEEP=1: broad-thesaurus hits are proposed down to p 0.3 / confidence 0, and restoration is
// measured at a sweep of broad cuts (other hits at the shipped cut).
const sweepBroad = process.env.DIAG_BROAD_SWEEP === "1";
const BROAD_CUTS = [0.5, 0.6, 0.7, 0.8, 0.9];
const shippedBroadCut = base.ranker?.broad ? BROAD_RESTORE_MIN_CONFIDENCE : base.broadModel.minRestoreConfidence;
const DIAG_BROAD_MIN_P = Number(process.env.DIAG_BROAD_MIN_P ?? 0.3);
const BROAD_GATES = [0, 0.3, 0.33, 0.36, 0.4, 0.45];
const sweep = new Map(
  BROAD_GATES.flatMap((g) =>
    BROAD_CUTS.map((k): [string, { exact: number; applied: number }] => [`${g} ${k}`, { exact: 0, applied: 0 }]),
  ),
);
/** The document's {@link beyondSynonymsShare}, as broadHits computes it (with the shipped gates of `res`). */
function documentShare(text: string, res: typeof base): number {
  const toks = tokenize(text);
  const broad = substitutionCandidates(text, toks, { counts: res.counts, spunByFirstWord: res.broadSpunByFirstWord });
  const syn = substitutionCandidates(text, toks, res);
  const hits = syn.filter((x) => substitutionProbability(x.features, res.model) >= res.model.minProbability).length;
  return beyondSynonymsShare(
    broad.map((x) => substitutionProbability(x.features, res.broadModel)),
    res.broadModel.minProbability,
    hits,
  );
}
const examples: string[] = [];
for (const d of docs) {
  const { text, substitutions } = spinner.spinTraced(d.text, rate, { consistent });
  const held = split === "dev" ? leaveOut(d.text, base) : base;
  const res = sweepBroad
    ? {
        ...held,
        broadModel: { ...held.broadModel, minProbability: 0.3, minRestoreConfidence: 0 },
        ranker: held.ranker && {
          ...held.ranker,
          broadMinProbability: DIAG_BROAD_MIN_P,
          broadMinConfidence: 0,
          broadMinShare: 0,
        },
      }
    : held;
  const r = detectSpin(text, "en", { resources: res });
  const share = sweepBroad ? documentShare(text, held) : 0;
  c.docs++;
  if (r.is_spun) c.flagged++;
  const isBroad = (h: { reason: string }) => h.reason.startsWith("substitution (broader thesaurus)");
  const { restorations } = restoreText(
    text,
    // Sweep mode: the shipped gate and cut, approximately (below the gate no broad hit, not the fixed scorer's).
    sweepBroad
      ? r.hits.filter((h) => !isBroad(h) || (share >= BROAD_MIN_SHARE && h.confidence >= shippedBroadCut))
      : r.hits,
  );
  if (sweepBroad)
    for (const [key, w] of sweep) {
      const [gate, cut] = key.split(" ").map(Number) as [number, number];
      const q = restoreText(
        text,
        r.hits.filter((h) => !isBroad(h) || (share >= gate && h.confidence >= cut)),
      ).restorations;
      w.applied += q.length;
      for (const x of q)
        if (
          substitutions.some(
            (s) => x.start === s.start && x.end === s.end && x.original.toLowerCase() === s.original.toLowerCase(),
          )
        )
          w.exact++;
    }
  c.applied += restorations.length;
  for (const q of restorations) {
    const s = substitutions.find((x) => x.start === q.start && x.end === q.end);
    if (s && s.original.toLowerCase() === q.original.toLowerCase()) continue;
    if (r.hits.some((h) => h.start === q.start && h.end === q.end && isBroad(h))) wrong.broadHitWrong++;
    if (!s) {
      wrong.onUnspun++;
      continue;
    }
    const spun = s.spun.toLowerCase();
    const orig = s.original.toLowerCase();
    const kind = offered(res.spunByFirstWord, spun, orig)
      ? "Syn"
      : offered(res.broadSpunByFirstWord, spun, orig)
        ? "Broad"
        : "Neither";
    wrong[`onSpun${kind}` as "onSpunSyn"]++;
  }
  for (const s of substitutions) {
    c.spans++;
    const spun = s.spun.toLowerCase();
    const orig = s.original.toLowerCase();
    const ok = restorations.some((q) => q.start === s.start && q.end === s.end && q.original.toLowerCase() === orig);
    if (ok) c.exact++;
    const kind = offered(res.spunByFirstWord, spun, orig)
      ? "Syn"
      : offered(res.broadSpunByFirstWord, spun, orig)
        ? "Broad"
        : "Neither";
    c[`in${kind}` as "inSyn"]++;
    if (kind === "Neither" && examples.length < 60) examples.push(`${spun} ← ${orig}`);
    if (kind === "Broad") {
      broadSpans.total++;
      const at = r.hits.filter((h) => h.start === s.start && h.end === s.end);
      const b = at.find(isBroad);
      const syn = at.find((h) => !isBroad(h));
      if (syn) broadSpans.synHitThere++;
      if (syn && syn.confidence >= 0.4) broadSpans.synHitRestored++;
      if (b) broadSpans.broadHitThere++;
      if (b && b.original.toLowerCase() === orig) broadSpans.broadRight++;
      if (b && b.original.toLowerCase() === orig && b.confidence >= 0.6) broadSpans.broadRightAt06++;
      if (!at.length) broadSpans.noHit++;
    }
    if (ok) c[`exact${kind}` as "exactSyn"]++;
  }
}
console.log(
  JSON.stringify(c),
  "wrong restorations:",
  JSON.stringify(wrong),
  "broad spans:",
  JSON.stringify(broadSpans),
);
console.log(
  `exact ${((c.exact / c.spans) * 100).toFixed(1)} % precision ${((c.exact / c.applied) * 100).toFixed(1)} %`,
);
for (const [k, w] of sweep)
  console.log(
    `broad gate/cut ${k}: exact ${((w.exact / c.spans) * 100).toFixed(1)} % precision ${((w.exact / w.applied) * 100).toFixed(1)} % (${w.applied} applied)`,
  );
if (process.env.DIAG_EXAMPLES) console.log(examples.join("; "));
