/**
 * Restoration on a real spun/original pair: the demo's spun copy (examples/dailypulse_lavrov_spun.txt)
 * and its source (examples/continentalreview_lavrov_three_tracks.html), both cleaned by src/clean.
 * Neither was read to build the spin resources. The truth is the source alignment
 * (restoreFromSource: each changed stretch of the copy read back from the source). The detector's own
 * restorations (no source given) are scored against it:
 *   - share of source-aligned spun stretches restored exactly (same span, same original words);
 *   - precision: restorations that equal the source's reading at that place;
 *   - the same at word level (words that differ from the source), which also credits a correct
 *     restoration inside a longer changed stretch.
 *
 *   npx tsx scripts/eval-restore-pair.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanPage } from "../src/clean/index.js";
import { restoreFromSource } from "../src/kb/provenance/restore-source.js";
import { detectSpin, restoreText } from "../src/kb/provenance/spin.js";
import { packageRoot } from "../src/util/paths.js";

const dir = join(packageRoot(), "examples");
const clean = (file: string, format: "html" | "text") =>
  cleanPage({ source: file, content: readFileSync(join(dir, file), "utf8"), format }).text;
const source = clean("continentalreview_lavrov_three_tracks.html", "html");
const spun = clean("dailypulse_lavrov_spun.txt", "text");
const truth = restoreFromSource(spun, source, "source").filter((r) => r.original !== "");
const det = detectSpin(spun, "en");
const { restorations } = restoreText(spun, det.hits);
// A restoration is correct when applying it alone removes a difference from the source (the
// restored words now align exactly); the share restored is how many source-aligned differences
// are gone once every restoration is applied.
const differences = (text: string) => restoreFromSource(text, source, "source").filter((r) => r.original !== "").length;
let correct = 0;
const wrong: string[] = [];
for (const r of restorations) {
  const one = spun.slice(0, r.start) + r.original + spun.slice(r.end);
  if (differences(one) < truth.length) correct++;
  else wrong.push(`${r.spun}→${r.original}`);
}
const after = differences(restoreText(spun, det.hits).restored_text);
console.log(`spun copy: ${spun.length} chars, score ${det.score}, is_spun ${det.is_spun}`);
console.log(
  `source-aligned spun stretches: ${truth.length}; detector restorations (no source): ${restorations.length}`,
);
console.log(
  `differences from the source: ${truth.length} before, ${after} after restoring (${truth.length - after} removed, ${(((truth.length - after) / truth.length) * 100).toFixed(1)} %)`,
);
console.log(
  `restorations that each remove a difference: ${correct}/${restorations.length} (precision ${((correct / Math.max(1, restorations.length)) * 100).toFixed(1)} %)`,
);
console.log(`restorations that do not: ${wrong.slice(0, 15).join(", ")}`);
// The same at word level: a correct restoration inside a longer changed stretch leaves the number of
// stretches as it was, but lowers the number of words that differ from the source.
const wordsOf = (s: string) => s.split(/\s+/).filter(Boolean).length;
const differingWords = (text: string) =>
  restoreFromSource(text, source, "source").reduce((n, r) => n + Math.max(wordsOf(r.spun), wordsOf(r.original)), 0);
const wordsBefore = differingWords(spun);
const wordsAfter = differingWords(restoreText(spun, det.hits).restored_text);
let wordCorrect = 0;
for (const r of restorations)
  if (differingWords(spun.slice(0, r.start) + r.original + spun.slice(r.end)) < wordsBefore) wordCorrect++;
console.log(
  `word level: ${wordsBefore} words differ from the source before, ${wordsAfter} after (${(((wordsBefore - wordsAfter) / wordsBefore) * 100).toFixed(1)} % removed); ` +
    `restorations that each lower it: ${wordCorrect}/${restorations.length} (precision ${((wordCorrect / Math.max(1, restorations.length)) * 100).toFixed(1)} %)`,
);
