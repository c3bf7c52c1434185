/**
 * Scores the real pipeline (analyzeText + extractFacts) on the hand-written development set in
 * test/devset/ (or its held-out split): entity recall and precision by type, direct and reported
 * quote recall and precision, and speaker accuracy. See test/devset/README.md for the format and
 * for how the articles were written.
 *
 *   npm run bench:devset                      (development split)
 *   node dist/scripts/bench-devset.js --heldout   (held-out split: report it once, do not tune on it)
 *   options: --verbose (list misses and wrong speakers), --json
 *
 * Matching: a gold quote is found when one extracted quote covers at least half of the gold span
 * (the gold text is the quoted words or a distinctive substring of a reported clause); an extracted
 * quote is right when it covers half of a gold span or lies half inside one. A speaker is right when
 * the extracted speaker entity carries one of the gold speaker's names, or — when no entity was
 * linked (the recogniser missed the name) — the speaker's words are one of those names; the
 * "linked" figure counts only the first kind. Gold speaker `?` (unnamed) counts for recall, not for
 * speaker accuracy.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeText } from "../src/nlp/index.js";
import { extractFacts } from "../src/extract/index.js";
import type { LocalEntity, LocalQuote } from "../src/model/pipeline.js";
import { packageRoot } from "../src/util/paths.js";

/** One gold entity: its type and every name it goes by in the article. */
export interface GoldEntity {
  type: "person" | "organization" | "place" | "country";
  names: string[];
}

/** One gold quote: the speaker's name (`?` when unnamed), direct or reported, and its words. */
export interface GoldQuote {
  speaker: string;
  kind: "direct" | "reported";
  text: string;
  /** Character offset of the words in the article text; when absent, their first occurrence. */
  start?: number;
}

/** One article of the development set. */
export interface DevArticle {
  id: string;
  title: string;
  outlet: string | null;
  published: string | null;
  text: string;
  entities: GoldEntity[];
  quotes: GoldQuote[];
}

const TYPE_NAMES: Record<string, GoldEntity["type"]> = {
  person: "person",
  organisation: "organization",
  organization: "organization",
  place: "place",
  country: "country",
};

/**
 * Parse one article file (header lines, then `==== text`, `==== entities`, `==== quotes` sections).
 * @throws Error naming the file and line on a malformed entry or a gold quote not in the text
 */
export function parseArticle(source: string, file: string): DevArticle {
  const header: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of source.split("\n")) {
    const section = /^==== (\w+)\s*$/.exec(line);
    if (section) {
      current = section[1]!;
      sections[current] = [];
      continue;
    }
    if (current === null) {
      const m = /^(\w+):\s*(.*)$/.exec(line);
      if (m) header[m[1]!] = m[2]!.trim();
      continue;
    }
    sections[current]!.push(line);
  }
  const text = (sections.text ?? []).join("\n").trim();
  const entities: GoldEntity[] = (sections.entities ?? [])
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(\w+):\s*(.+)$/.exec(l.trim());
      const type = m ? TYPE_NAMES[m[1]!] : undefined;
      if (!m || !type) throw new Error(`${file}: bad entity line "${l}"`);
      return {
        type,
        names: m[2]!
          .split("|")
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
  const quotes: GoldQuote[] = (sections.quotes ?? [])
    .filter((l) => l.trim())
    .map((l) => {
      const parts = l.split("|").map((s) => s.trim());
      if (parts.length !== 3 || (parts[1] !== "direct" && parts[1] !== "reported"))
        throw new Error(`${file}: bad quote line "${l}"`);
      if (!text.includes(parts[2]!)) throw new Error(`${file}: quote not in the text: "${parts[2]}"`);
      if (parts[0] !== "?" && !entities.some((e) => e.names.includes(parts[0]!)))
        throw new Error(`${file}: speaker "${parts[0]}" is not among the entities`);
      return { speaker: parts[0]!, kind: parts[1] as GoldQuote["kind"], text: parts[2]! };
    });
  if (!header.id || !text) throw new Error(`${file}: missing id or text`);
  return {
    id: header.id,
    title: header.title ?? "",
    outlet: header.outlet ?? null,
    published: header.published ?? null,
    text,
    entities,
    quotes,
  };
}

/** All articles of a split directory, in file-name order. */
export function loadSplit(dir: string): DevArticle[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => parseArticle(readFileSync(join(dir, f), "utf8"), f));
}

const norm = (s: string): string =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/^the\s+/, "")
    .replace(/\s+/g, " ")
    .trim();

function entityNames(e: LocalEntity): Set<string> {
  return new Set([e.name, ...e.aliases].map(norm));
}

interface Ratio {
  right: number;
  total: number;
}
const ratio = (): Ratio => ({ right: 0, total: 0 });
const value = (r: Ratio): number => (r.total === 0 ? 0 : r.right / r.total);

/** Scores of one split. */
export interface DevsetScores {
  articles: number;
  entityRecall: Record<string, Ratio>;
  entityPrecision: Record<string, Ratio>;
  quoteRecall: { direct: Ratio; reported: Ratio; all: Ratio };
  quotePrecision: { direct: Ratio; reported: Ratio; all: Ratio };
  speaker: { direct: Ratio; reported: Ratio; all: Ratio };
  /** Speaker right and linked to a recognised entity (not only named in words). */
  speakerLinked: Ratio;
  /** Quotes whose evidence text is not the document slice (must be 0). */
  evidenceViolations: number;
  misses: string[];
}

const TYPES = ["person", "organization", "place", "country"];

/** Empty scores for a split of `articles` articles. */
export function emptyScores(articles: number): DevsetScores {
  const types = TYPES;
  return {
    articles,
    entityRecall: Object.fromEntries(types.map((t) => [t, ratio()])),
    entityPrecision: Object.fromEntries(types.map((t) => [t, ratio()])),
    quoteRecall: { direct: ratio(), reported: ratio(), all: ratio() },
    quotePrecision: { direct: ratio(), reported: ratio(), all: ratio() },
    speaker: { direct: ratio(), reported: ratio(), all: ratio() },
    speakerLinked: ratio(),
    evidenceViolations: 0,
    misses: [],
  };
}

/**
 * Run the pipeline over the articles and score it.
 * @param articles the split to score
 */
export function scoreDevset(articles: DevArticle[]): DevsetScores {
  const s = emptyScores(articles.length);
  for (const a of articles) {
    const nlp = analyzeText(a.text, { lang: "en", published: a.published, outlet: a.outlet });
    const facts = extractFacts({ doc: a.id, text: a.text, published: a.published, nlp });
    scoreArticle(s, a, nlp.entities, facts.quotes);
  }
  return s;
}

/**
 * Add one article's predicted entities and quotes to the scores (the matching rules above).
 * @param s scores to add to
 * @param a the article with its answer key
 * @param entities the entities the language layer found in `a.text`
 * @param quotes the quotes extracted from `a.text`
 */
export function scoreArticle(s: DevsetScores, a: DevArticle, entities: LocalEntity[], quotes: LocalQuote[]): void {
  const types = TYPES;
  {
    const nlp = { entities };
    const facts = { quotes };
    // entities
    const predicted = nlp.entities.filter((e) => types.includes(e.type));
    for (const g of a.entities) {
      const names = new Set(g.names.map(norm));
      const hit = predicted.some((e) => e.type === g.type && [...entityNames(e)].some((n) => names.has(n)));
      s.entityRecall[g.type]!.total++;
      if (hit) s.entityRecall[g.type]!.right++;
      else s.misses.push(`${a.id} entity missed: ${g.type} ${g.names[0]}`);
    }
    for (const e of predicted) {
      const names = entityNames(e);
      const hit = a.entities.some((g) => g.type === e.type && g.names.some((n) => names.has(norm(n))));
      s.entityPrecision[e.type]!.total++;
      if (hit) s.entityPrecision[e.type]!.right++;
      else s.misses.push(`${a.id} entity spurious: ${e.type} ${e.name}`);
    }
    // quotes
    const byKey = new Map(nlp.entities.map((e) => [e.key, e]));
    for (const q of facts.quotes) if (a.text.slice(q.start, q.end) !== q.text) s.evidenceViolations++;
    const gold = a.quotes.map((g) => {
      const start = g.start ?? a.text.indexOf(g.text);
      return { ...g, start, end: start + g.text.length };
    });
    const overlap = (q: { start: number; end: number }, g: { start: number; end: number }): number =>
      Math.max(0, Math.min(q.end, g.end) - Math.max(q.start, g.start));
    const covers = (q: LocalQuote, g: { start: number; end: number }): boolean => overlap(q, g) * 2 >= g.end - g.start;
    for (const g of gold) {
      const pool = facts.quotes.filter((q) => (g.kind === "direct" ? q.direct : true) && covers(q, g));
      const best = pool.sort((x, y) => overlap(y, g) - overlap(x, g))[0];
      for (const r of [s.quoteRecall[g.kind], s.quoteRecall.all]) {
        r.total++;
        if (best) r.right++;
      }
      if (!best) {
        s.misses.push(`${a.id} quote missed (${g.kind}, ${g.speaker}): ${g.text.slice(0, 70)}`);
        continue;
      }
      if (g.speaker === "?") continue;
      const goldNames = new Set((a.entities.find((e) => e.names.includes(g.speaker))?.names ?? [g.speaker]).map(norm));
      const entity = best.speaker ? byKey.get(best.speaker) : undefined;
      // A title the recogniser left glued to the name ("Justice Helen Marr") is an entity error, not a speaker error.
      const named = (n: string): boolean =>
        [...goldNames].some((g) => n === g || (g.includes(" ") && ` ${n}`.endsWith(` ${g}`)));
      const right = entity
        ? [...entityNames(entity)].some(named)
        : best.speaker_text !== null && named(norm(best.speaker_text));
      for (const r of [s.speaker[g.kind], s.speaker.all]) {
        r.total++;
        if (right) r.right++;
      }
      s.speakerLinked.total++;
      if (right && entity) s.speakerLinked.right++;
      if (!right)
        s.misses.push(
          `${a.id} wrong speaker (${g.kind}) ${entity?.name ?? best.speaker_text ?? "none"} for ${g.speaker}: ${g.text.slice(0, 60)}`,
        );
    }
    for (const q of facts.quotes) {
      const right = gold.some((g) => covers(q, g) || overlap(q, g) * 2 >= q.end - q.start);
      for (const r of [q.direct ? s.quotePrecision.direct : s.quotePrecision.reported, s.quotePrecision.all]) {
        r.total++;
        if (right) r.right++;
      }
      if (!right) s.misses.push(`${a.id} quote spurious (${q.direct ? "direct" : "reported"}): ${q.text.slice(0, 70)}`);
    }
  }
}

const f3 = (r: Ratio): string => `${value(r).toFixed(3)} (${r.right}/${r.total})`;

/** Plain-text summary of a score, one figure a line. */
export function formatScores(label: string, s: DevsetScores): string {
  const lines = [`${label}: ${s.articles} articles`];
  for (const t of Object.keys(s.entityRecall))
    lines.push(`  entities ${t.padEnd(12)} recall ${f3(s.entityRecall[t]!)}  precision ${f3(s.entityPrecision[t]!)}`);
  const all = (m: Record<string, Ratio>): Ratio =>
    Object.values(m).reduce((x, y) => ({ right: x.right + y.right, total: x.total + y.total }), ratio());
  lines.push(`  entities all          recall ${f3(all(s.entityRecall))}  precision ${f3(all(s.entityPrecision))}`);
  for (const k of ["direct", "reported", "all"] as const) {
    lines.push(
      `  quotes ${k.padEnd(9)} recall ${f3(s.quoteRecall[k])}  precision ${f3(s.quotePrecision[k])}  speaker accuracy ${f3(s.speaker[k])}`,
    );
  }
  lines.push(`  speaker right and linked to an entity (all quotes) ${f3(s.speakerLinked)}`);
  lines.push(`  evidence violations ${s.evidenceViolations}`);
  return lines.join("\n");
}

/** Directory of a split ("dev" or "heldout"). */
export function splitDir(split: "dev" | "heldout"): string {
  const base = join(packageRoot(), "test", "devset");
  return split === "dev" ? base : join(base, "heldout");
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const split = process.argv.includes("--heldout") ? "heldout" : "dev";
  const dir = splitDir(split);
  if (!existsSync(dir)) throw new Error(`no development set at ${dir}`);
  const scores = scoreDevset(loadSplit(dir));
  if (process.argv.includes("--json"))
    console.log(JSON.stringify(scores, (k, v) => (k === "misses" ? undefined : v), 2));
  else console.log(formatScores(`devset ${split}`, scores));
  if (process.argv.includes("--verbose")) console.log(scores.misses.join("\n"));
}
