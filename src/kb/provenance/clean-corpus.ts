/**
 * The clean English text the spin resources are built and measured on: the gold article bodies of
 * the Zyte article-extraction benchmark (MIT) and the documents of the UD English treebanks — EWT
 * (CC BY-SA 4.0) and the GUM genres that are not non-commercial (Wikinews news and interviews,
 * academic, bio, court, speech, textbook, vlog, voyage, conversation). GUM's essay, fiction, letter,
 * podcast and wikiHow genres (CC BY-NC-SA) are never read.
 *
 * Documents are split into `dev` (resources are counted and tuned on it) and `test` (reported once)
 * by a stable hash of the document id, so the split is the same on every machine and every run.
 * Build-time and evaluation use only: nothing at run time reads these files.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { packageRoot } from "../../util/paths.js";
import { seededRandom } from "../../util/random.js";
import { tokenize } from "./text.js";

/** One clean document. */
export interface CleanDoc {
  /** Source-qualified id: `zyte:<key>`, `ewt:<newdoc id>`, `gum:<newdoc id>`. */
  id: string;
  source: "zyte" | "ewt" | "gum";
  /** True for news: every Zyte body, GUM's Wikinews news and interview documents. */
  news: boolean;
  split: "dev" | "test";
  text: string;
}

/** GUM genres whose text licence forbids commercial use: never read. */
const GUM_NON_COMMERCIAL = new Set(["essay", "fiction", "letter", "podcast", "whow"]);

/** FNV-1a 32-bit hash of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `test` for one document in five (by id hash), else `dev`. */
export function splitOf(id: string): "dev" | "test" {
  return fnv1a(id) % 5 === 0 ? "test" : "dev";
}

/** Folder of the shared read-only data, or null when this checkout has none. */
export function sharedDir(): string | null {
  const dir = join(packageRoot(), "..", "shared");
  return existsSync(join(dir, "bench", "extraction-zyte", "ground-truth.json")) &&
    existsSync(join(dir, "data", "ud-english"))
    ? dir
    : null;
}

/** One UD CoNLL-U file's documents: `# newdoc id` groups, text joined from `# text =` lines. */
function readConlluDocs(path: string): Array<{ id: string; text: string }> {
  const lines = gunzipSync(readFileSync(path)).toString("utf8").split("\n");
  const docs: Array<{ id: string; text: string }> = [];
  let current: { id: string; parts: string[] } | null = null;
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (current && paragraph.length) current.parts.push(paragraph.join(" "));
    paragraph = [];
  };
  const flushDoc = () => {
    flushParagraph();
    if (current?.parts.length) docs.push({ id: current.id, text: current.parts.join("\n\n") });
  };
  for (const line of lines) {
    if (line.startsWith("# newdoc id = ")) {
      flushDoc();
      current = { id: line.slice(14).trim(), parts: [] };
    } else if (line.startsWith("# newpar")) flushParagraph();
    else if (line.startsWith("# text = ") && current) paragraph.push(line.slice(9).trim());
  }
  flushDoc();
  return docs;
}

/**
 * Every clean document available under `../shared`, with its split. Empty when the shared data
 * is absent (callers skip with a reason).
 */
export function readCleanCorpus(shared: string | null = sharedDir()): CleanDoc[] {
  if (!shared) return [];
  const out: CleanDoc[] = [];
  const gold = JSON.parse(
    readFileSync(join(shared, "bench", "extraction-zyte", "ground-truth.json"), "utf8"),
  ) as Record<string, { articleBody?: string }>;
  for (const [key, v] of Object.entries(gold)) {
    const text = v.articleBody ?? "";
    if (!text.trim()) continue;
    const id = `zyte:${key}`;
    out.push({ id, source: "zyte", news: true, split: splitOf(id), text });
  }
  const ud = join(shared, "data", "ud-english");
  for (const part of ["train", "dev", "test"]) {
    for (const d of readConlluDocs(join(ud, `en_ewt-ud-${part}.conllu.gz`))) {
      const id = `ewt:${d.id}`;
      out.push({ id, source: "ewt", news: false, split: splitOf(id), text: d.text });
    }
    for (const d of readConlluDocs(join(ud, `en_gum-ud-${part}.conllu.gz`))) {
      const genre = d.id.split("_")[1] ?? "";
      if (GUM_NON_COMMERCIAL.has(genre)) continue;
      const id = `gum:${d.id}`;
      out.push({
        id,
        source: "gum",
        news: genre === "news" || genre === "interview",
        split: splitOf(id),
        text: d.text,
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The clean texts a synthetic copy corpus is built from: those of `split` (every split when undefined) of 150 to
 * 3,000 words, shuffled by a generator seeded with `seed`. The evaluation scripts draw the same bases from it.
 */
export function syntheticBases(seed: number, split?: string): string[] {
  const rng = seededRandom(seed);
  const bases = readCleanCorpus()
    .filter((d) => !split || d.split === split)
    .map((d) => d.text)
    .filter((t) => {
      const n = tokenize(t).length;
      return n >= 150 && n <= 3000;
    });
  for (let i = bases.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [bases[i], bases[j]] = [bases[j]!, bases[i]!];
  }
  return bases;
}

/** UD token analyses (form → lemma, UPOS, XPOS) from EWT and GUM's commercial-use genres. */
export function readUdAnalyses(
  shared: string | null = sharedDir(),
): Array<{ form: string; lemma: string; upos: string; xpos: string }> {
  if (!shared) return [];
  const out: Array<{ form: string; lemma: string; upos: string; xpos: string }> = [];
  const ud = join(shared, "data", "ud-english");
  for (const bank of ["ewt", "gum"]) {
    for (const part of ["train", "dev", "test"]) {
      const lines = gunzipSync(readFileSync(join(ud, `en_${bank}-ud-${part}.conllu.gz`)))
        .toString("utf8")
        .split("\n");
      let skip = false;
      for (const line of lines) {
        if (line.startsWith("# newdoc id = "))
          skip = bank === "gum" && GUM_NON_COMMERCIAL.has(line.slice(14).split("_")[1] ?? "");
        if (skip || !line || line.startsWith("#")) continue;
        const f = line.split("\t");
        if (f.length < 5 || f[0]!.includes("-") || f[0]!.includes(".")) continue;
        out.push({ form: f[1]!, lemma: f[2]!, upos: f[3]!, xpos: f[4]! });
      }
    }
  }
  return out;
}
