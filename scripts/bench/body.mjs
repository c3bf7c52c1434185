#!/usr/bin/env node
// Article-body benchmarks on two sets, Dossier's cleaner and Readability.js 0.6.0 + linkedom in the same run.
//
//   node scripts/bench/body.mjs [--rounds N] [--dump FILE] [--set zyte|readability]   (after `npm run build`)
//   (also run by `npm run bench`, which writes the figures into docs/benchmarks.md)
//
// Sets (../shared/bench, metrics as the Zyte README: \w+ tokens, 4-token shingle multisets, precision
// averaged over pages with output, recall over all pages, F1 of the two means):
//   zyte          extraction-zyte: 181 pages, hand-made gold text.
//   readability   readability-pages: 130 pages; gold = Mozilla's expected.html (Readability 0.6.0's own
//                 output) turned into text by `htmlToText` below. Readability's output on this set goes
//                 through the same `htmlToText`, so both systems meet the gold on equal terms.
//                 Split: `dev` = pages at even positions of the sorted folder names, `test` = odd ones.
//
// Each extractor runs in its own child process over a whole set ("whole process": Node start-up, module
// loading, reading and decoding every file, extraction), writing its outputs to a file; the wall time of
// that process (and its CPU time, user + system, which a busy shared machine disturbs less) is the speed
// figure. Rounds alternate the two systems and keep each one's fastest run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { Parser } from "htmlparser2";
import { corpusScore, pageScore } from "./metrics.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const benchDir = resolve(root, "../shared/bench");
const distClean = join(root, "dist/src/clean");

/** Elements whose end starts a new text block (a space is inserted at every element boundary anyway). */
const SKIP = new Set(["script", "style", "noscript", "template"]);

/**
 * Plain text of an HTML fragment or page, a space at every element boundary (so words of adjacent
 * blocks never glue together), script and style content dropped. Used for the gold and for
 * Readability's HTML output alike: token metrics only.
 * @param {string} html
 */
export function htmlToText(html) {
  const out = [];
  let skip = 0;
  const p = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name) || skip) skip++;
        out.push(" ");
      },
      ontext(t) {
        if (!skip) out.push(t);
      },
      onclosetag() {
        if (skip) skip--;
        out.push(" ");
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  p.write(html);
  p.end();
  return out.join("").replace(/\s+/g, " ").trim();
}

/** The pages of a set, sorted, with their gold text. */
export function loadSet(set) {
  if (set === "zyte") {
    const dir = join(benchDir, "extraction-zyte");
    const gt = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8"));
    return Object.keys(gt)
      .sort()
      .map((id) => ({ id, file: join(dir, "html", `${id}.html.gz`), gold: gt[id].articleBody }));
  }
  if (set === "readability") {
    const dir = join(benchDir, "readability-pages");
    return readdirSync(dir)
      .filter((d) => existsSync(join(dir, d, "expected.html")))
      .sort()
      .map((d, i) => ({
        id: d,
        file: join(dir, d, "source.html"),
        gold: htmlToText(readFileSync(join(dir, d, "expected.html"), "utf8")),
        split: i % 2 === 0 ? "dev" : "test",
      }));
  }
  throw new Error(`unknown set ${set}`);
}

// ---------------------------------------------------------------------------------------------------
// Worker: one system over one set, outputs to a file.
async function worker(who, set, outFile) {
  const { decodeBytes } = await import(pathToFileURL(join(distClean, "decode.js")).href);
  const read = (file) => {
    const raw = readFileSync(file);
    const bytes = file.endsWith(".gz") ? gunzipSync(raw) : raw;
    return decodeBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).text;
  };
  let run;
  if (who === "ours") {
    const { cleanPage } = await import(pathToFileURL(join(distClean, "index.js")).href);
    run = (html) => cleanPage({ source: "bench", content: html, format: "html" }).text;
  } else {
    const { parseHTML } = await import("linkedom");
    const { Readability } = await import("@mozilla/readability");
    run = (html) => {
      const { document } = parseHTML(html);
      const article = new Readability(document).parse();
      // Zyte: textContent, as the published figure (0.947) was measured. Readability pages: its HTML
      // through the same converter as the gold.
      if (!article) return "";
      return set === "zyte" ? (article.textContent ?? "") : htmlToText(article.content ?? "");
    };
  }
  const out = [];
  for (const p of loadSet(set)) {
    let text = "";
    let failed = false;
    try {
      text = run(read(p.file));
    } catch {
      failed = true;
    }
    out.push({ id: p.id, text, failed });
  }
  // CPU time of the whole process so far (start-up included): less disturbed by a busy machine than wall time.
  const cpu = process.cpuUsage();
  writeFileSync(outFile, JSON.stringify({ pages: out, cpuMs: (cpu.user + cpu.system) / 1000 }));
}

// ---------------------------------------------------------------------------------------------------
/** Quality figures of one system's outputs on one set (optionally restricted to one split). */
function quality(pages, outputs, other, split) {
  const scores = [];
  let empty = 0,
    zero = 0,
    failed = 0,
    emptyWhereOtherFinds = 0;
  const zeroIds = [],
    emptyIds = [];
  pages.forEach((p, i) => {
    if (split && p.split !== split) return;
    const o = outputs[i];
    const s = pageScore(p.gold, o.text);
    scores.push(s);
    if (o.failed) failed++;
    if (s.precision === null) {
      empty++;
      emptyIds.push(p.id);
      if (
        other &&
        pageScore(p.gold, other[i].text).precision !== null &&
        (other[i].text.match(/[\p{L}\p{N}_]+/gu) ?? []).length >= 4
      )
        emptyWhereOtherFinds++;
    } else if (s.precision === 0 || s.recall === 0) {
      zero++;
      zeroIds.push(p.id);
    }
  });
  return {
    pages: scores.length,
    ...corpusScore(scores),
    empty,
    zeroF1: zero,
    failed,
    emptyWhereOtherFinds,
    emptyIds,
    zeroIds,
  };
}

/**
 * Runs both systems on both sets. Returns per set: quality of each system (and per split on the
 * readability pages), whole-process wall times and their ratio.
 * @param {{ rounds?: number, sets?: string[], dump?: string }} opts
 */
export function bodyBenchmarks(opts = {}) {
  const rounds = opts.rounds ?? 3;
  const sets = opts.sets ?? ["zyte", "readability"];
  const tmp = mkdtempSync(join(tmpdir(), "dossier-body-bench-"));
  const results = {};
  const dump = {};
  try {
    for (const set of sets) {
      const pages = loadSet(set);
      const best = { ours: Infinity, readability: Infinity };
      const bestCpu = { ours: Infinity, readability: Infinity };
      for (let r = 0; r < rounds; r++) {
        // Alternate which system goes first, so neither always gets the warmer file cache.
        const order = r % 2 === 0 ? ["ours", "readability"] : ["readability", "ours"];
        for (const who of order) {
          const t = performance.now();
          const res = spawnSync(
            process.execPath,
            [fileURLToPath(import.meta.url), "--worker", who, set, join(tmp, `${set}-${who}.json`)],
            { stdio: ["ignore", "inherit", "inherit"] },
          );
          const ms = performance.now() - t;
          if (res.status !== 0) throw new Error(`${who} worker on ${set} exited with ${res.status}`);
          best[who] = Math.min(best[who], ms);
          bestCpu[who] = Math.min(
            bestCpu[who],
            JSON.parse(readFileSync(join(tmp, `${set}-${who}.json`), "utf8")).cpuMs,
          );
        }
      }
      const ours = JSON.parse(readFileSync(join(tmp, `${set}-ours.json`), "utf8")).pages;
      const theirs = JSON.parse(readFileSync(join(tmp, `${set}-readability.json`), "utf8")).pages;
      const r = {
        pages: pages.length,
        ours: quality(pages, ours, theirs),
        readability: quality(pages, theirs, ours),
        oursMs: best.ours,
        readabilityMs: best.readability,
        timeRatio: best.ours / best.readability,
        oursCpuMs: bestCpu.ours,
        readabilityCpuMs: bestCpu.readability,
        cpuRatio: bestCpu.ours / bestCpu.readability,
      };
      if (set === "readability") {
        r.split = {};
        for (const split of ["dev", "test"])
          r.split[split] = {
            ours: quality(pages, ours, theirs, split),
            readability: quality(pages, theirs, ours, split),
          };
      }
      results[set] = r;
      dump[set] = pages.map((p, i) => {
        const a = pageScore(p.gold, ours[i].text),
          b = pageScore(p.gold, theirs[i].text);
        return {
          id: p.id,
          split: p.split,
          ours: a,
          readability: b,
          oursChars: ours[i].text.length,
          readabilityChars: theirs[i].text.length,
          goldChars: p.gold.length,
        };
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (opts.dump) writeFileSync(opts.dump, JSON.stringify(dump, null, 1));
  return results;
}

/** Console lines for {@link bodyBenchmarks}' results. */
export function describeBody(results) {
  const f = (q) =>
    `F1 ${q.f1.toFixed(4)} (P ${q.precision.toFixed(4)}, R ${q.recall.toFixed(4)}), empty ${q.empty} (${q.emptyWhereOtherFinds} where the other finds text), zero-F1 ${q.zeroF1}, failed ${q.failed}`;
  const lines = [];
  for (const [set, r] of Object.entries(results)) {
    lines.push(`body/${set} (${r.pages} pages): ours ${f(r.ours)}`);
    lines.push(`body/${set}: Readability.js + linkedom ${f(r.readability)}`);
    if (r.split)
      for (const [k, v] of Object.entries(r.split))
        lines.push(
          `body/${set}/${k} (${v.ours.pages}): ours F1 ${v.ours.f1.toFixed(4)}, Readability F1 ${v.readability.f1.toFixed(4)}`,
        );
    lines.push(
      `body/${set}: whole process wall ${(r.oursMs / 1000).toFixed(2)} s vs ${(r.readabilityMs / 1000).toFixed(2)} s, ratio ours/Readability ${r.timeRatio.toFixed(3)}; CPU ${(r.oursCpuMs / 1000).toFixed(2)} s vs ${(r.readabilityCpuMs / 1000).toFixed(2)} s, ratio ${r.cpuRatio.toFixed(3)}`,
    );
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === "--worker") {
    await worker(args[1], args[2], args[3]);
  } else {
    if (!existsSync(join(distClean, "index.js"))) {
      console.error("run `npm run build` first");
      process.exit(2);
    }
    const val = (k) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
    const results = bodyBenchmarks({
      rounds: Number(val("--rounds") ?? 3),
      sets: val("--set") ? [val("--set")] : undefined,
      dump: val("--dump"),
    });
    for (const l of describeBody(results)) console.log(l);
    if (args.includes("--json")) console.log(JSON.stringify(results));
  }
}
