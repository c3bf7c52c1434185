/**
 * A fingerprint of the language layer's output, for checking that a speed change leaves results
 * untouched: SHA-256 of `analyzeText` output (JSON) over the five seeds, the development set
 * (test/devset/ and its held-out split) and the Zyte benchmark article bodies, one hash per corpus.
 * Run it before and after a change; the hashes must be equal unless outputs were meant to change.
 *
 * Usage: node dist/scripts/nlp-output-hash.js [--json]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { franc } from "franc-min";
import { analyzeText } from "../src/nlp/index.js";
import { packageRoot } from "../src/util/paths.js";
import { loadSplit, splitDir } from "./bench-devset.js";

interface Doc {
  text: string;
  lang: string;
  published: string | null;
  outlet?: string | null;
}

const shared = join(packageRoot(), "..", "shared");

function seeds(): Doc[] {
  const dir = join(shared, "corpus", "seeds");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => ({ text: readFileSync(join(dir, f), "utf8"), lang: "en", published: "2024-06-21" }));
}

function devset(): Doc[] {
  const docs: Doc[] = [];
  for (const split of ["dev", "heldout"] as const) {
    const dir = splitDir(split);
    if (!existsSync(dir)) continue;
    for (const a of loadSplit(dir)) docs.push({ text: a.text, lang: "en", published: a.published, outlet: a.outlet });
  }
  return docs;
}

function zyte(): Doc[] {
  const file = join(shared, "bench", "extraction-zyte", "ground-truth.json");
  if (!existsSync(file)) return [];
  const gt = JSON.parse(readFileSync(file, "utf8")) as Record<string, { articleBody: string }>;
  return Object.keys(gt)
    .sort()
    .map((k) => gt[k]!.articleBody)
    .filter((t) => t.trim().length > 0)
    .map((text) => {
      const l3 = franc(text.slice(0, 2048));
      return { text, lang: l3 === "eng" ? "en" : l3, published: null };
    });
}

const out: Record<string, { docs: number; tokens: number; sha256: string }> = {};
for (const [name, docs] of [
  ["seeds", seeds()],
  ["devset", devset()],
  ["zyte", zyte()],
] as const) {
  const h = createHash("sha256");
  let tokens = 0;
  for (const d of docs) {
    const a = analyzeText(d.text, { lang: d.lang, published: d.published, outlet: d.outlet ?? null });
    tokens += a.tokens.length;
    h.update(JSON.stringify(a));
    h.update("\n");
  }
  out[name] = { docs: docs.length, tokens, sha256: h.digest("hex") };
}
if (process.argv.includes("--json")) console.log(JSON.stringify(out, null, 2));
else
  for (const [name, r] of Object.entries(out)) console.log(`${name}: ${r.docs} docs, ${r.tokens} tokens, ${r.sha256}`);
