/**
 * Scores the real pipeline on REAL news text nobody on the project tuned to: the answer keys in
 * test/realnews/keys/ mark entities, direct quotes, reported speech and speakers in article bodies of
 * the Zyte extraction benchmark (`../shared/bench/extraction-zyte/ground-truth.json`). The keys hold
 * character offsets into those bodies, never the text: the bodies are third-party content, read from
 * the shared file at run time only. See test/realnews/README.md.
 *
 *   npm run bench:realnews                                   (dev split)
 *   node dist/scripts/bench-realnews.js --split test         (test split: report it once, never tune on it)
 *   options: --split dev|test|all, --verbose (each miss, with the page's text), --json,
 *            --gold <path> (another copy of ground-truth.json)
 *   DOSSIER_ACTORS_FILE=none node dist/scripts/bench-realnews.js   (curated actor list switched off)
 *   node dist/scripts/bench-realnews.js --key-from-draft DRAFT...   (write keys from annotation drafts; see README)
 *
 * The pipeline runs exactly as in bench-devset (analyzeText + extractFacts on the plain body); the page's
 * published date and outlet are unknown to a plain-text reader, so both are passed as null. Matching and
 * scoring are bench-devset's own (`scoreDevset`), with each gold quote placed at its key offset.
 */
import { readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DossierError } from "../src/util/errors.js";
import { packageRoot } from "../src/util/paths.js";
import { formatScores, scoreDevset, type DevArticle, type GoldEntity, type GoldQuote } from "./bench-devset.js";

/** One gold quote of a key: offsets `[start, end)` into the page's gold body, and its first words as a check. */
export interface KeyQuote {
  speaker: string;
  kind: GoldQuote["kind"];
  start: number;
  end: number;
  /** At most the first three words of the span, to detect a changed body. */
  check: string;
}

/** The answer key of one page (no article text). */
export interface RealnewsKey {
  /** Page id: SHA-256 of the URL, the key of ground-truth.json. */
  id: string;
  url: string;
  split: "dev" | "test";
  entities: GoldEntity[];
  quotes: KeyQuote[];
}

/** The Zyte gold bodies: `{ id: { articleBody, url } }`. */
export type GoldBodies = Record<string, { articleBody: string; url: string }>;

/** Default location of the Zyte benchmark's gold bodies (the shared, read-only data folder). */
export function defaultGoldPath(): string {
  return resolve(packageRoot(), "..", "shared", "bench", "extraction-zyte", "ground-truth.json");
}

/** Directory of the answer keys. */
export function keysDir(): string {
  return join(packageRoot(), "test", "realnews", "keys");
}

/** The split a page id belongs to: first hex digit 0–7 → dev, 8–f → test (fixed before annotating). */
export function splitOfId(id: string): "dev" | "test" {
  return /^[0-7]/.test(id) ? "dev" : "test";
}

/** First three words of a span, whitespace-normalised (the key's check). */
export function checkWords(span: string): string {
  return span.split(/\s+/).filter(Boolean).slice(0, 3).join(" ");
}

/**
 * Read every key in a directory, in file-name order.
 * @throws DossierError (BAD_INPUT) on a malformed key or a split that breaks the split rule
 */
export function loadKeys(dir: string): RealnewsKey[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const key = JSON.parse(readFileSync(join(dir, f), "utf8")) as RealnewsKey;
      if (typeof key.id !== "string" || !Array.isArray(key.entities) || !Array.isArray(key.quotes))
        throw new DossierError("BAD_INPUT", `${f}: not a real-news key`);
      if (key.split !== splitOfId(key.id))
        throw new DossierError("BAD_INPUT", `${f}: split ${key.split} breaks the split rule`);
      return key;
    });
}

/**
 * Join a key to its page body: the development-set article the devset scorer reads.
 * @throws DossierError (BAD_INPUT) when a quote's offsets fall outside the body, its first words are
 *   not the key's check, a speaker is not one of the entities, or an entity name is not in the body
 */
export function articleFromKey(key: RealnewsKey, body: string): DevArticle {
  const where = key.id.slice(0, 8);
  for (const e of key.entities)
    for (const n of e.names)
      if (!body.includes(n)) throw new DossierError("BAD_INPUT", `${where}: entity name "${n}" not in the body`);
  const quotes: GoldQuote[] = key.quotes.map((q) => {
    if (!(q.start >= 0 && q.end > q.start && q.end <= body.length))
      throw new DossierError("BAD_INPUT", `${where}: quote offsets [${q.start}, ${q.end}) outside the body`);
    const text = body.slice(q.start, q.end);
    if (checkWords(text) !== q.check)
      throw new DossierError(
        "BAD_INPUT",
        `${where}: quote at ${q.start} starts "${checkWords(text)}", key says "${q.check}"`,
      );
    if (q.speaker !== "?" && !key.entities.some((e) => e.names.includes(q.speaker)))
      throw new DossierError("BAD_INPUT", `${where}: speaker "${q.speaker}" is not among the entities`);
    return { speaker: q.speaker, kind: q.kind, text, start: q.start };
  });
  return { id: where, title: "", outlet: null, published: null, text: body, entities: key.entities, quotes };
}

/**
 * The articles of a split, joined to the gold bodies.
 * @throws DossierError (BAD_INPUT) when a key's page is missing from the bodies or does not join
 */
export function loadRealnews(keys: RealnewsKey[], bodies: GoldBodies, split: "dev" | "test" | "all"): DevArticle[] {
  return keys
    .filter((k) => split === "all" || k.split === split)
    .map((k) => {
      const page = bodies[k.id];
      if (!page) throw new DossierError("BAD_INPUT", `${k.id.slice(0, 8)}: page not in the gold bodies`);
      return articleFromKey(k, page.articleBody);
    });
}

const DRAFT_TYPES: Record<string, GoldEntity["type"]> = {
  person: "person",
  org: "organization",
  organisation: "organization",
  organization: "organization",
  place: "place",
  country: "country",
};

/**
 * Build a key from an annotation draft. The draft quotes a verbatim snippet of the body for each gold quote; the key
 * keeps only its offsets and first three words, so the draft (which holds page text) stays out of the repository.
 *
 * Draft format: a first line `# id <page id or a unique prefix>`; then `type: Name | Other name` lines (type person,
 * org, place or country) and `Speaker | direct|reported | snippet` lines (speaker `?` when unnamed; a snippet found
 * more than once takes `@n` for its n-th occurrence). Blank lines and other `#` lines are ignored.
 * @throws DossierError (BAD_INPUT) listing every problem: unknown page, a name or snippet not in the body, an
 *   ambiguous snippet, a speaker that is not an entity
 */
export function keyFromDraft(draft: string, bodies: GoldBodies): RealnewsKey {
  const lines = draft.split("\n");
  const prefix = /^#\s*id\s+([0-9a-f]+)\s*$/.exec(lines[0] ?? "")?.[1];
  const ids = prefix ? Object.keys(bodies).filter((id) => id.startsWith(prefix)) : [];
  if (ids.length !== 1) throw new DossierError("BAD_INPUT", `draft: first line must be "# id <unique page id prefix>"`);
  const id = ids[0]!;
  const body = bodies[id]!.articleBody;
  const problems: string[] = [];
  const entities: GoldEntity[] = [];
  const quotes: KeyQuote[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const entity = /^(\w+):\s*(.+)$/.exec(line);
    if (entity && DRAFT_TYPES[entity[1]!]) {
      const names = entity[2]!
        .split("|")
        .map((n) => n.trim())
        .filter(Boolean);
      for (const n of names) if (!body.includes(n)) problems.push(`name not in the body: ${n}`);
      entities.push({ type: DRAFT_TYPES[entity[1]!]!, names });
      continue;
    }
    const parts = line.split("|");
    const [speaker, kind] = [parts[0]?.trim() ?? "", parts[1]?.trim()];
    if (parts.length < 3 || (kind !== "direct" && kind !== "reported")) {
      problems.push(`bad line: ${line}`);
      continue;
    }
    const quoted = parts.slice(2).join("|").trim();
    const nth = /^(.*)@(\d+)$/.exec(quoted);
    const snippet = nth ? nth[1]! : quoted;
    let start = -1;
    for (let i = 0; i < (nth ? Number(nth[2]) : 1); i++) start = body.indexOf(snippet, start + 1);
    if (start < 0) {
      problems.push(`snippet not in the body: ${snippet}`);
      continue;
    }
    if (!nth && body.indexOf(snippet, start + 1) >= 0) problems.push(`ambiguous snippet (add @n): ${snippet}`);
    quotes.push({ speaker, kind, start, end: start + snippet.length, check: checkWords(snippet) });
  }
  for (const q of quotes)
    if (q.speaker !== "?" && !entities.some((e) => e.names.includes(q.speaker)))
      problems.push(`speaker is not an entity: ${q.speaker}`);
  if (problems.length) throw new DossierError("BAD_INPUT", `draft for ${id.slice(0, 8)}:\n  ${problems.join("\n  ")}`);
  quotes.sort((x, y) => x.start - y.start);
  return { id, url: bodies[id]!.url, split: splitOfId(id), entities, quotes };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const split = option("--split") ?? "dev";
  if (split !== "dev" && split !== "test" && split !== "all")
    throw new DossierError("USAGE", `--split must be dev, test or all, not ${split}`);
  const goldPath = option("--gold") ?? defaultGoldPath();
  if (!existsSync(goldPath)) {
    console.log(`bench-realnews: skipped, no Zyte gold bodies at ${goldPath} (see test/realnews/README.md)`);
  } else {
    const bodies = JSON.parse(readFileSync(goldPath, "utf8")) as GoldBodies;
    const draftAt = process.argv.indexOf("--key-from-draft");
    if (draftAt >= 0) {
      for (const file of process.argv.slice(draftAt + 1)) {
        const key = keyFromDraft(readFileSync(file, "utf8"), bodies);
        const out = join(keysDir(), `${key.id.slice(0, 8)}.json`);
        writeFileSync(out, JSON.stringify(key, null, 1) + "\n");
        console.log(`${out}: ${key.split}, ${key.entities.length} entities, ${key.quotes.length} quotes`);
      }
      process.exit(0);
    }
    const articles = loadRealnews(loadKeys(keysDir()), bodies, split);
    const scores = scoreDevset(articles);
    const actors = process.env.DOSSIER_ACTORS_FILE === "none" ? ", actor list off" : "";
    if (process.argv.includes("--json"))
      console.log(JSON.stringify(scores, (k, v) => (k === "misses" ? undefined : v), 2));
    else console.log(formatScores(`realnews ${split}${actors}`, scores));
    if (split !== "dev") console.log("  (test pages: report the figure once; never tune on them)");
    if (process.argv.includes("--verbose")) console.log(scores.misses.join("\n"));
  }
}
