#!/usr/bin/env node
// Extraction benchmarks of Dossier's cleaner, in-process, and a Readability.js baseline in the same run.
//
//   npm run bench                         (builds, then runs against dist/; add --expose-gc via NODE_OPTIONS for a GC between passes)
//   node --import tsx scripts/bench.mjs --src   (runs against src/ without building)
//   options: --no-write (do not rewrite docs/benchmarks.md), --only zyte|body|dates|titles|devset|realnews, --rounds N (timing rounds, default 3),
//            --body-dump FILE (per-page body scores of both systems, as JSON)
//
// Benchmarks (../shared/bench, metrics as their READMEs):
//   extraction-zyte     body 4-gram shingle P/R/F1 (macro), median ms/page vs Readability 0.6.0 + linkedom
//   dates-mediacloud    exact-day accuracy of `published`
//   readability-pages   title equal to expected-metadata.json's title (case and spacing ignored)
//   devset              entities, quotes and speakers on the hand-written articles of test/devset (scripts/bench-devset.ts)
//   realnews            the same on the real news articles of test/realnews, dev split (scripts/bench-realnews.ts)
//   body (scripts/bench/body.mjs): body F1 on extraction-zyte AND on readability-pages' expected.html,
//                       Readability.js + linkedom on both in the same run, empty and zero-F1 outputs,
//                       whole-process time ratio (needs dist/, so not with --src)
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { corpusScore, median, pageScore } from "./bench/metrics.mjs";
import { bodyBenchmarks, describeBody } from "./bench/body.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = resolve(root, "../shared/bench");
const seedsDir = resolve(root, "../shared/corpus/seeds");
const args = process.argv.slice(2);
const fromSrc = args.includes("--src");
const write = !args.includes("--no-write");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
const rounds = args.includes("--rounds") ? Math.max(1, Number(args[args.indexOf("--rounds") + 1]) || 1) : 3;

const modPath = fromSrc ? join(root, "src/clean/index.ts") : join(root, "dist/src/clean/index.js");
if (!existsSync(modPath)) {
  console.error(`cannot find ${modPath}: run \`npm run build\` first (or use --src with node --import tsx)`);
  process.exit(2);
}
const { cleanPage, decodeBytes } = await import(pathToFileURL(modPath).href);
const { parsePage } = await import(pathToFileURL(modPath.replace(/index\.(ts|js)$/, "dom.$1")).href);

/** Plain text of an HTML fragment, a space at every element boundary (for token metrics only). */
function fragmentText(html) {
  const out = [];
  const stack = [parsePage(html).root];
  while (stack.length) {
    const n = stack.pop();
    if (typeof n === "string") out.push(n);
    else {
      out.push(" ");
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }
  return out.join("");
}

function readPage(file) {
  const raw = readFileSync(file);
  const bytes = file.endsWith(".gz") ? gunzipSync(raw) : raw;
  return decodeBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).text;
}

/** Zyte body extraction, ours and Readability's, alternating per page so both see the same machine state. */
async function zyte() {
  const dir = join(benchDir, "extraction-zyte");
  const gt = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8"));
  const ids = Object.keys(gt).sort();
  const pages = ids.map((id) => ({ id, html: readPage(join(dir, "html", `${id}.html.gz`)) }));
  const { parseHTML } = await import("linkedom");
  const { Readability } = await import("@mozilla/readability");
  const runOurs = (html) => cleanPage({ source: "bench", content: html, format: "html" }).text;
  const runReadability = (html) => {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    return article?.textContent ?? "";
  };
  // Warm-up: JIT both code paths on a few pages.
  for (const p of pages.slice(0, 15)) {
    try {
      runOurs(p.html);
    } catch {
      /* measured below */
    }
    try {
      runReadability(p.html);
    } catch {
      /* measured below */
    }
  }
  // Each extractor runs over all pages in its own pass (after the warm-up), so one's garbage
  // collection is not charged to the other; a full GC runs between passes when --expose-gc is on.
  const pass = (who) => {
    const scores = [],
      ms = [];
    let failed = 0;
    globalThis.gc?.();
    for (const p of pages) {
      const t = performance.now();
      let text = "";
      try {
        text = who === "ours" ? runOurs(p.html) : runReadability(p.html);
      } catch (err) {
        failed++;
        if (who === "ours") console.error(`ours failed on ${p.id}: ${err.message}`);
      }
      ms.push(performance.now() - t);
      scores.push(pageScore(gt[p.id].articleBody, text));
    }
    return { scores, ms, failed };
  };
  // The machine may be shared: repeat both passes and keep each page's fastest time (the least
  // disturbed measurement of the same work). Scores come from the first round (output is deterministic).
  const a = pass("ours");
  const b = pass("readability");
  for (let round = 1; round < rounds; round++) {
    const a2 = pass("ours");
    const b2 = pass("readability");
    a2.ms.forEach((ms, i) => (a.ms[i] = Math.min(a.ms[i], ms)));
    b2.ms.forEach((ms, i) => (b.ms[i] = Math.min(b.ms[i], ms)));
  }
  const ours = a.scores,
    theirs = b.scores,
    oursMs = a.ms,
    theirsMs = b.ms,
    oursFailed = a.failed,
    theirsFailed = b.failed;
  const o = corpusScore(ours),
    r = corpusScore(theirs);
  const res = {
    pages: pages.length,
    ours: { ...o, medianMs: median(oursMs), totalMs: oursMs.reduce((a, b) => a + b, 0), failed: oursFailed },
    readability: {
      ...r,
      medianMs: median(theirsMs),
      totalMs: theirsMs.reduce((a, b) => a + b, 0),
      failed: theirsFailed,
    },
  };
  res.speedRatio = res.ours.medianMs / res.readability.medianMs;
  console.log(
    `zyte: ours F1 ${o.f1.toFixed(4)} (P ${o.precision.toFixed(4)}, R ${o.recall.toFixed(4)}), median ${res.ours.medianMs.toFixed(2)} ms, ${oursFailed} failed`,
  );
  console.log(
    `zyte: Readability.js 0.6.0 + linkedom F1 ${r.f1.toFixed(4)} (P ${r.precision.toFixed(4)}, R ${r.recall.toFixed(4)}), median ${res.readability.medianMs.toFixed(2)} ms, ${theirsFailed} failed`,
  );
  console.log(
    `zyte: median time ratio ours/Readability ${res.speedRatio.toFixed(3)} (1/${(1 / res.speedRatio).toFixed(1)})`,
  );
  return res;
}

function dates() {
  const dir = join(benchDir, "dates-mediacloud");
  const gt = Object.entries(JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8"))).filter(([, v]) => v.date);
  let right = 0,
    none = 0;
  const bySource = {};
  for (const [, v] of gt) {
    let published = null,
      source = "none";
    try {
      // As `dossier extract <file>` sees it: no URL given, only the page.
      const page = cleanPage({ source: v.file, content: readPage(join(dir, v.file)), format: "html" });
      published = page.published;
      source = page.published_source;
    } catch (err) {
      console.error(`dates: ${v.file}: ${err.message}`);
    }
    const ok = (published ?? "").slice(0, 10) === v.date;
    if (ok) right++;
    if (!published) none++;
    bySource[source] ??= { n: 0, right: 0 };
    bySource[source].n++;
    if (ok) bySource[source].right++;
  }
  const res = { pages: gt.length, right, accuracy: right / gt.length, none, bySource };
  console.log(`dates: exact-day accuracy ${res.accuracy.toFixed(3)} (${right}/${gt.length}), ${none} without a date`);
  return res;
}

function titles() {
  const dir = join(benchDir, "readability-pages");
  const norm = (s) => (s ?? "").replace(/\s+/g, " ").trim().toLowerCase();
  const cases = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, "expected-metadata.json")))
    .map((d) => ({ d, title: JSON.parse(readFileSync(join(dir, d, "expected-metadata.json"), "utf8")).title }))
    .filter((c) => c.title);
  let right = 0;
  const wrong = [];
  const parity = [];
  for (const c of cases) {
    let title = null;
    let text = "";
    try {
      const page = cleanPage({ source: c.d, content: readPage(join(dir, c.d, "source.html")), format: "html" });
      title = page.title;
      text = page.text;
    } catch (err) {
      console.error(`titles: ${c.d}: ${err.message}`);
    }
    if (norm(title) === norm(c.title)) right++;
    else wrong.push(c.d);
    const expected = join(dir, c.d, "expected.html");
    if (existsSync(expected)) parity.push(pageScore(fragmentText(readFileSync(expected, "utf8")), text));
  }
  const res = {
    pages: cases.length,
    right,
    accuracy: right / cases.length,
    wrong,
    parity: corpusScore(parity),
    parityPages: parity.length,
  };
  console.log(`titles: exact ${res.accuracy.toFixed(3)} (${right}/${cases.length})`);
  console.log(
    `readability parity: body shingle F1 ${res.parity.f1.toFixed(4)} (P ${res.parity.precision.toFixed(4)}, R ${res.parity.recall.toFixed(4)}) on ${parity.length} pages`,
  );
  return res;
}

function seeds() {
  if (!existsSync(seedsDir)) return [];
  return readdirSync(seedsDir)
    .sort()
    .map((f) => {
      const page = cleanPage({ source: f, content: readFileSync(join(seedsDir, f), "utf8"), format: "text" });
      // Seed text stays out of the repository: only the title's first words are shown.
      const words = (page.title ?? "").split(/\s+/).filter(Boolean);
      return {
        file: f,
        title: page.title
          ? `${words.slice(0, 4).join(" ")}${words.length > 4 ? " …" : ""} (${page.title.length} chars)`
          : null,
        outlet: page.outlet,
        byline: page.byline,
        published: page.published,
        credits: page.credits.map((c) => `${c.kind}: ${c.name}`).join("; "),
        paragraphs: page.text ? page.text.split("\n\n").length : 0,
        chars: page.text.length,
      };
    });
}

/** docs/benchmarks.md section for scripts/bench/body.mjs' results. */
function bodySection(b, rounds) {
  const f4 = (x) => x.toFixed(4);
  const row = (name, q) =>
    `| ${name} | ${f4(q.f1)} | ${f4(q.precision)} | ${f4(q.recall)} | ${q.empty} | ${q.emptyWhereOtherFinds} | ${q.zeroF1} | ${q.failed} |`;
  const z = b.zyte,
    r = b.readability;
  return `## Article body on two benchmarks, whole process (\`node scripts/bench/body.mjs\`)

Each system runs in its own Node process over a whole set (start-up, module loading, reading and decoding
every file, extraction); ${rounds} alternating rounds, each system's fastest wall time kept. Same metric as
above. Readability pages: the gold is Mozilla's \`expected.html\` (Readability 0.6.0's own output, so
Readability scores itself near 1 there: a parity check, not truth) turned into text by \`htmlToText\` in
scripts/bench/body.mjs, and Readability's output goes through the same converter. Tuning was done on the
readability pages (dev = even positions of the sorted folder names, test = odd); Zyte is held out.
"Empty where the other finds text": empty output on a page where the other system returned ≥ 4 words.

| set / extractor | F1 | precision | recall | empty | empty where the other finds text | zero-F1 | failed |
|---|---|---|---|---|---|---|---|
${row(`Zyte (${z.pages}): Dossier`, z.ours)}
${row("Zyte: Readability.js 0.6.0 + linkedom", z.readability)}
${row(`Readability pages (${r.pages}): Dossier`, r.ours)}
${row("Readability pages: Readability.js 0.6.0 + linkedom", r.readability)}

Readability pages by split: dev (${r.split.dev.ours.pages}) Dossier F1 ${f4(r.split.dev.ours.f1)}, Readability ${f4(r.split.dev.readability.f1)};
test (${r.split.test.ours.pages}) Dossier F1 ${f4(r.split.test.ours.f1)}, Readability ${f4(r.split.test.readability.f1)}.

| set | Dossier wall s | Readability + linkedom wall s | wall ratio | Dossier CPU s | Readability CPU s | CPU ratio |
|---|---|---|---|---|---|---|
| Zyte | ${(z.oursMs / 1000).toFixed(2)} | ${(z.readabilityMs / 1000).toFixed(2)} | **${z.timeRatio.toFixed(3)}** | ${(z.oursCpuMs / 1000).toFixed(2)} | ${(z.readabilityCpuMs / 1000).toFixed(2)} | **${z.cpuRatio.toFixed(3)}** |
| Readability pages | ${(r.oursMs / 1000).toFixed(2)} | ${(r.readabilityMs / 1000).toFixed(2)} | **${r.timeRatio.toFixed(3)}** | ${(r.oursCpuMs / 1000).toFixed(2)} | ${(r.readabilityCpuMs / 1000).toFixed(2)} | **${r.cpuRatio.toFixed(3)}** |

`;
}

const started = new Date();
const z = !only || only === "zyte" ? await zyte() : null;
let b = null;
if ((!only || only === "body") && !fromSrc) {
  b = bodyBenchmarks({
    rounds,
    dump: args.includes("--body-dump") ? args[args.indexOf("--body-dump") + 1] : undefined,
  });
  for (const line of describeBody(b)) console.log(line);
}
const d = !only || only === "dates" ? dates() : null;
const t = !only || only === "titles" ? titles() : null;
const s = !only ? seeds() : [];
/** The hand-written development set (test/devset, not the held-out split): the real language layer and extraction. */
async function devset() {
  const path = fromSrc ? join(root, "scripts/bench-devset.ts") : join(root, "dist/scripts/bench-devset.js");
  const { loadSplit, scoreDevset, formatScores, splitDir } = await import(pathToFileURL(path).href);
  const scores = scoreDevset(loadSplit(splitDir("dev")));
  console.log(formatScores("devset dev", scores));
  return scores;
}
const dv = !only || only === "devset" ? await devset() : null;
/** The real-news answer keys (test/realnews, dev split; the test split is scored by hand, once): null when the Zyte bodies are absent. */
async function realnews() {
  const path = fromSrc ? join(root, "scripts/bench-realnews.ts") : join(root, "dist/scripts/bench-realnews.js");
  const rn = await import(pathToFileURL(path).href);
  const goldPath = rn.defaultGoldPath();
  if (!existsSync(goldPath)) {
    console.log(`realnews: skipped, ${goldPath} is absent`);
    return null;
  }
  const { scoreDevset, formatScores } = await import(
    pathToFileURL(fromSrc ? join(root, "scripts/bench-devset.ts") : join(root, "dist/scripts/bench-devset.js")).href
  );
  const bodies = JSON.parse(readFileSync(goldPath, "utf8"));
  const scores = scoreDevset(rn.loadRealnews(rn.loadKeys(rn.keysDir()), bodies, "dev"));
  console.log(formatScores("realnews dev", scores));
  return scores;
}
const rw = !only || only === "realnews" ? await realnews() : null;

if (write && !only) {
  const f4 = (x) => x.toFixed(4);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const cmd =
    process.env.npm_lifecycle_event === "bench"
      ? "npm run bench"
      : ["node", ...process.execArgv, "scripts/bench.mjs", ...args].join(" ");
  const ratio = (r) => `${(r.total ? r.right / r.total : 0).toFixed(3)} (${r.right}/${r.total})`;
  const esc = (v) => String(v ?? "—").replace(/\|/g, "\\|");
  const md = `# Extraction benchmarks

Written by \`scripts/bench.mjs\` (the end-to-end and start-up sections at the end by \`scripts/bench-e2e.mjs\` and by hand); do not edit the extraction sections by hand. Last run: ${started.toISOString().slice(0, 16).replace("T", " ")} UTC
on ${cpu} (${platform()} ${release()}, Node ${process.version}, one thread), command \`${cmd}\`.
Benchmarks and metrics: \`../shared/bench/*/README.md\`. Cleaner: \`src/clean/\`.

## Article body: Zyte article-extraction-benchmark (${z.pages} pages)

Metric as upstream \`evaluate.py\`: \`\\w+\` tokens, 4-token shingle multisets, precision averaged over pages
with output, recall over all pages, F1 of the two means. Times are per page, in-process, page already
decoded to a string; after a warm-up on 15 pages, each extractor runs over all pages in its own pass
(full GC between passes when run with --expose-gc); both passes are repeated ${rounds} times and each page's
fastest time is kept, which damps the noise of a shared machine.

| extractor | F1 | precision | recall | failed | median ms/page | total s |
|---|---|---|---|---|---|---|
| Dossier \`cleanPage\` (whole page: body, metadata, language) | **${f4(z.ours.f1)}** | ${f4(z.ours.precision)} | ${f4(z.ours.recall)} | ${z.ours.failed} | ${z.ours.medianMs.toFixed(2)} | ${(z.ours.totalMs / 1000).toFixed(2)} |
| Readability.js 0.6.0 + linkedom (same run) | ${f4(z.readability.f1)} | ${f4(z.readability.precision)} | ${f4(z.readability.recall)} | ${z.readability.failed} | ${z.readability.medianMs.toFixed(2)} | ${(z.readability.totalMs / 1000).toFixed(2)} |

Median time ratio Dossier / Readability: **${z.speedRatio.toFixed(3)}** (1/${(1 / z.speedRatio).toFixed(1)}).
Published figures on this set for comparison: rs_trafilatura 0.970, trafilatura 2.0 0.958, Readability.js 0.947.

${b ? bodySection(b, rounds) : ""}## Publish date: MediaCloud 2020 subset of htmldate's evaluation (${d.pages} labelled pages)

Pages given as files only (no URL), as \`dossier extract <file>\` sees them. A page is right when the
day of \`published\` equals the label.

Exact-day accuracy: **${d.accuracy.toFixed(3)}** (${d.right}/${d.pages}); ${d.none} pages without a date.

| date source | pages | right |
|---|---|---|
${Object.entries(d.bySource)
  .sort((a, b) => b[1].n - a[1].n)
  .map(([k, v]) => `| ${k} | ${v.n} | ${v.right} |`)
  .join("\n")}

## Title: Readability.js test pages (${t.pages} pages with a title)

Title equal to \`expected-metadata.json\`'s (Readability's own output; case and spacing ignored):
**${t.accuracy.toFixed(3)}** (${t.right}/${t.pages}).
Pages that differ: ${t.wrong.map((w) => `\`${w}\``).join(", ") || "none"}.

Body parity with Readability's own output (\`expected.html\`, not a gold standard), Zyte's shingle metric
over the same ${t.parityPages} pages: F1 ${f4(t.parity.f1)} (P ${f4(t.parity.precision)}, R ${f4(t.parity.recall)}). Informational only: many
of these pages are synthetic rule tests, and Readability keeps captions and bylines that Dossier drops.

## Development set: ${dv.articles} hand-written news articles (\`test/devset\`, \`scripts/bench-devset.ts\`)

Real language layer and extraction. A gold quote is found when one extracted quote covers half of it;
speaker accuracy is over found quotes with a named speaker. The held-out split is not scored here.

| measure | recall | precision |
|---|---|---|
${Object.keys(dv.entityRecall)
  .map((t) => `| entities: ${t} | ${ratio(dv.entityRecall[t])} | ${ratio(dv.entityPrecision[t])} |`)
  .join("\n")}
| direct quotes | ${ratio(dv.quoteRecall.direct)} | ${ratio(dv.quotePrecision.direct)} |
| reported speech | ${ratio(dv.quoteRecall.reported)} | ${ratio(dv.quotePrecision.reported)} |

Speaker accuracy: direct ${ratio(dv.speaker.direct)}, reported ${ratio(dv.speaker.reported)}, all ${ratio(dv.speaker.all)}.

${
  rw
    ? `## Real news: ${rw.articles} articles of the Zyte benchmark, dev split (\`test/realnews\`, \`scripts/bench-realnews.ts\`)

Answer keys by an annotator who had not read the rules; bodies read from \`../shared/bench/extraction-zyte\` at run
time. Same matching as the development set. The test split is scored by hand, once (\`--split test\`, docs/figures.md).

| measure | recall | precision |
|---|---|---|
${Object.keys(rw.entityRecall)
  .map((t) => `| entities: ${t} | ${ratio(rw.entityRecall[t])} | ${ratio(rw.entityPrecision[t])} |`)
  .join("\n")}
| direct quotes | ${ratio(rw.quoteRecall.direct)} | ${ratio(rw.quotePrecision.direct)} |
| reported speech | ${ratio(rw.quoteRecall.reported)} | ${ratio(rw.quotePrecision.reported)} |

Speaker accuracy: direct ${ratio(rw.speaker.direct)}, reported ${ratio(rw.speaker.reported)}, all ${ratio(rw.speaker.all)}.
`
    : "## Real news: skipped (the Zyte gold bodies are absent)\n"
}
## Seeds (plain-text scrapes, \`../shared/corpus/seeds\`)

| file | title (first words) | outlet | byline | published | credits | paragraphs |
|---|---|---|---|---|---|---|
${s.map((r) => `| ${r.file} | ${esc(r.title)} | ${esc(r.outlet)} | ${esc(r.byline)} | ${esc(r.published)} | ${esc(r.credits || null)} | ${r.paragraphs} |`).join("\n")}
`;
  // The end-to-end and start-up sections (scripts/bench-e2e.mjs, bench-startup.mjs) follow the
  // extraction figures from their marker on; they are kept as they are.
  const file = join(root, "docs/benchmarks.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  const kept = old.indexOf("<!-- bench-e2e:start -->");
  writeFileSync(file, kept >= 0 ? `${md.trimEnd()}\n\n${old.slice(kept)}` : md);
  console.log("wrote docs/benchmarks.md");
}
