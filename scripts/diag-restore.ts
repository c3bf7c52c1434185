/**
 * Where restoration loses spun spans, and what other restoration cuts would give.
 *
 *   npx tsx scripts/diag-restore.ts [dev|test] [rate] [--consistent]     (default dev 0.3)
 *
 * Spins every clean document of the split (≥ 150 tokens) with the simulator (seed 777, as
 * eval-spin.ts section 3) and counts, per spun span: a candidate at exactly that span, the true
 * original among its originals, the best original right, p ≥ 0.6, then the exact restorations
 * (and precision) at the shipped cut and at a sweep of cuts. On dev the shipped counts contain the
 * document itself; they are taken out of it (leave-document-out, IN_SAMPLE=1 to keep them), which
 * makes dev an honest stand-in for held-out text (dev 49.4 % / 71.2 %, test 49.1 % / 70.6 % before
 * the learned ranker). The ranker's skip-bigram counts are taken out the same way.
 * DOSSIER_RESTORE_RANKER=0 measures the fixed scorer instead of the learned ranker.
 * --consistent: the simulator swaps a word chosen for spinning for the same synonym at every
 * occurrence in the document (as article spinners do), instead of each occurrence on its own.
 * Losses of spans whose best original is right and confident enough for the substitution model's
 * own cut: lostUnflagged (document not flagged, so candidates below the hit cut are not proposed),
 * lostOverlap (another signal's hit covers the span, e.g. article agreement "a ocean"), lostOther
 * (flagged, mostly below the restoration cut); DIAG_LOST=1 prints the first few.
 */
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { detectSpin, restoreText } from "../src/kb/provenance/spin.js";
import { documentCounts, withSpinnerEvidence } from "../src/kb/provenance/restore-ranker.js";
import {
  defaultSpinResources,
  restorationChoice,
  substitutionCandidates,
  substitutionDensity,
  substitutionProbability,
} from "../src/kb/provenance/substitution.js";
import { makeSpinner } from "../src/kb/provenance/synthetic.js";
import { tokenize } from "../src/kb/provenance/text.js";
import { leaveOut } from "./leave-out.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const consistent = process.argv.includes("--consistent");
const split = (args[0] ?? "dev") as "dev" | "test";
const rate = Number(args[1] ?? 0.3);
const base = defaultSpinResources();
const honest = split === "dev" && process.env.IN_SAMPLE !== "1";
const docs = readCleanCorpus().filter((d) => d.split === split && tokenize(d.text).length >= 150);
const spinner = makeSpinner(777);
const c = {
  lostOverlap: 0,
  lostUnflagged: 0,
  lostOther: 0,
  spans: 0,
  cand: 0,
  origIn: 0,
  best: 0,
  pOk: 0,
  confOk: 0,
  bestConfOk: 0,
  restoredExact: 0,
  applied: 0,
};
const wrongBest: string[] = [];
const CUTS = [0.35, 0.38, 0.39, 0.4, 0.42, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
const sweep = new Map(CUTS.map((k) => [k, { exact: 0, applied: 0 }]));
for (const d of docs) {
  const { text, substitutions } = spinner.spinTraced(d.text, rate, { consistent });
  const res = honest ? leaveOut(d.text, base) : base;
  const toks = tokenize(text);
  const cands = substitutionCandidates(text, toks, res);
  const byStart = new Map(cands.map((x) => [toks[x.index]!.start, x]));
  const ps = new Map(cands.map((x) => [x, substitutionProbability(x.features, res.model)]));
  const density = substitutionDensity([...ps.values()], toks.length, res.model.minProbability);
  const docCounts = withSpinnerEvidence(documentCounts(toks), cands, [...ps.values()], res.model.minProbability);
  const r = detectSpin(text, "en", { resources: res });
  const { restorations } = restoreText(text, r.hits);
  c.applied += restorations.length;
  // What-if sweep: restore the hits at confidence ≥ cut instead of the shipped cut.
  for (const cut of CUTS) {
    const q = restoreText(
      text,
      r.hits.map((h) => ({ ...h, confidence: h.confidence >= cut ? 1 : 0 })),
    ).restorations;
    const w = sweep.get(cut)!;
    w.applied += q.length;
    for (const x of q)
      if (
        substitutions.some(
          (s) => x.start === s.start && x.end === s.end && x.original.toLowerCase() === s.original.toLowerCase(),
        )
      )
        w.exact++;
  }
  for (const s of substitutions) {
    c.spans++;
    const x = byStart.get(s.start);
    if (x && toks[x.index + x.length - 1]!.end === s.end) {
      c.cand++;
      const p = ps.get(x)!;
      const orig = s.original.toLowerCase();
      const form = res.spunByFirstWord.get(toks[x.index]!.norm)?.find((f) => f.words.length === x.length);
      if (form?.originals.includes(orig)) c.origIn++;
      const choice = restorationChoice(x, res, p, density, docCounts);
      if (choice.original === orig) c.best++;
      else if (wrongBest.length < 40 && form?.originals.includes(orig))
        wrongBest.push(`${s.spun} → ${choice.original} (true ${orig}; of ${form.originals.length})`);
      if (p >= 0.6) c.pOk++;
      if ((res.ranker ? choice.share : p * choice.share) >= res.model.minRestoreConfidence) {
        c.confOk++;
        if (choice.original === orig) {
          c.bestConfOk++;
          const got = restorations.some(
            (q) => q.start === s.start && q.end === s.end && q.original.toLowerCase() === orig,
          );
          if (!got) r.is_spun ? c.lostOther++ : c.lostUnflagged++;
          if (
            !got &&
            r.is_spun &&
            r.hits.some((h) => h.start < s.end && s.start < h.end && h.signal !== "substitution")
          )
            c.lostOverlap++;
          if (!got && r.is_spun && process.env.DIAG_LOST && c.lostOther < 15)
            console.log(
              "LOST",
              s.spun,
              orig,
              choice.share.toFixed(3),
              JSON.stringify(r.hits.filter((h) => h.start < s.end && s.start < h.end)),
            );
        }
      }
    }
    if (
      restorations.some(
        (q) => q.start === s.start && q.end === s.end && q.original.toLowerCase() === s.original.toLowerCase(),
      )
    )
      c.restoredExact++;
  }
}
console.log(
  JSON.stringify(c),
  `exact ${((c.restoredExact / c.spans) * 100).toFixed(1)} % precision ${((c.restoredExact / c.applied) * 100).toFixed(1)} %`,
  honest ? "(dev, leave-document-out counts)" : "(shipped counts)",
  consistent ? "consistent spins (same synonym at every occurrence)" : "independent spins (each occurrence on its own)",
);
for (const [k, w] of sweep)
  console.log(
    `cut ${k}: exact ${((w.exact / c.spans) * 100).toFixed(1)} % precision ${((w.exact / w.applied) * 100).toFixed(1)} %`,
  );
console.log(wrongBest.join("\n"));
