/**
 * Query semantics every store backend must share, kept free of any database driver so the
 * PostgreSQL backend can import them too (this module): page clamping, name
 * normalisation for entity lookup, plain-words search tokenising, date-range expansion for
 * timeline and document filters, and pipeline-version ordering. The contract suite
 * (`../contract.ts`) pins the behaviour down.
 */
import { randomUUID } from "node:crypto";
import { DossierError } from "../util/errors.js";
import type { IngestRun, KnowledgeBase, Page } from "./store.js";

/** Page size used when a caller gives none. */
export const DEFAULT_PAGE_LIMIT = 50;
/** Largest page any list or search returns; bigger requests are clamped to it. */
export const MAX_PAGE_LIMIT = 500;

/**
 * Turns a caller's partial page into a valid one: limit in `[1, MAX_PAGE_LIMIT]` (default
 * {@link DEFAULT_PAGE_LIMIT}), offset a non-negative integer. Non-finite numbers fall back to the
 * defaults rather than reaching SQL.
 * @example clampPage({ limit: 10_000 }) // { limit: 500, offset: 0 }
 */
export function clampPage(page: Partial<Page> | undefined, defaultLimit = DEFAULT_PAGE_LIMIT): Page {
  const rawLimit = page?.limit;
  const rawOffset = page?.offset;
  const limit =
    typeof rawLimit === "number" && Number.isFinite(rawLimit)
      ? Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(rawLimit)))
      : defaultLimit;
  const offset = typeof rawOffset === "number" && Number.isFinite(rawOffset) ? Math.max(0, Math.floor(rawOffset)) : 0;
  return { limit, offset };
}

/** Letters that Unicode decomposition does not reduce to ASCII but readers treat as plain letters. */
const FOLD_EXTRA: Record<string, string> = {
  ß: "ss",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  æ: "ae",
  œ: "oe",
  ı: "i",
  ħ: "h",
};

/**
 * Case-, accent- and punctuation-insensitive form of a name for lookups: NFKD, combining marks
 * dropped, lower-cased, a few non-decomposing letters folded (ß→ss, ø→o, ł→l…), every run of
 * non-letters/digits collapsed to one space.
 * @example normalizeName("Sergéi  LAVROV") // "sergei lavrov"
 * @example normalizeName("Kim Jong-un") // "kim jong un"
 */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßøłđðþæœıħ]/g, (c) => FOLD_EXTRA[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => "\\" + c);
}

/**
 * Splits a user's search box text into phrases of word tokens. Each whitespace-separated chunk is
 * one phrase (so `Kim-Jong-un` keeps its words adjacent); everything that is not a letter, digit or
 * mark is a separator, so operator syntax (`"`, `*`, `NEAR(`, `(`, `:`, `^`, `-`) never survives.
 * Words like AND/OR/NOT stay words. Returns no phrases when the text holds no word at all.
 * @example searchPhrases('NEAR( "Lavrov*') // [["NEAR"], ["Lavrov"]]
 */
export function searchPhrases(q: string): string[][] {
  const phrases: string[][] = [];
  for (const chunk of q.normalize("NFC").split(/\s+/u)) {
    const words = chunk.match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu);
    if (words?.length) phrases.push(words);
    if (phrases.length >= 32) break; // a pasted essay is not a query; 32 phrases bound the work
  }
  return phrases;
}

/**
 * An FTS5 MATCH expression that searches the phrases as plain text: every token is wrapped in
 * double quotes (doubling any quote inside), phrases are joined with implicit AND. Null when there
 * is nothing to search.
 * @example fts5PlainQuery("Lavrov AND visit") // '"Lavrov" "AND" "visit"'
 */
export function fts5PlainQuery(q: string): string | null {
  const phrases = searchPhrases(q);
  if (!phrases.length) return null;
  return phrases.map((words) => '"' + words.map((w) => w.replace(/"/g, '""')).join(" ") + '"').join(" ");
}

/** An inclusive range of calendar days, both ends `YYYY-MM-DD`, or open-ended (null). */
export interface DayRange {
  start: string | null;
  end: string | null;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Range of one date part: `YYYY`, `YYYYs` (decade), `YYYY-MM`, `YYYY-MM-DD` (a time suffix is ignored). */
function partRange(part: string): DayRange | null {
  const p = part.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(p);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo)) return null;
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    return { start: day, end: day };
  }
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}` };
  }
  m = /^(\d{4})$/.exec(p);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = /^(\d{3})0s$/.exec(p);
  if (m) return { start: `${m[1]}0-01-01`, end: `${m[1]}9-12-31` };
  return null;
}

/**
 * The days a date value covers, for overlap filtering. Accepts `YYYY`, `YYYYs`, `YYYY-MM`,
 * `YYYY-MM-DD`, full ISO timestamps (the calendar day as written) and intervals `start/end` where
 * either side may be empty or `..` (open). Null for null or unparseable values.
 * @example dateRange("2023-09") // { start: "2023-09-01", end: "2023-09-30" }
 * @example dateRange("2023-09-13/2023-09-17") // { start: "2023-09-13", end: "2023-09-17" }
 */
export function dateRange(value: string | null | undefined): DayRange | null {
  if (value == null) return null;
  const v = value.trim();
  if (!v) return null;
  const slash = v.indexOf("/");
  if (slash >= 0) {
    const a = v.slice(0, slash).trim();
    const b = v.slice(slash + 1).trim();
    const open = (s: string) => s === "" || s === "..";
    const ra = open(a) ? null : partRange(a);
    const rb = open(b) ? null : partRange(b);
    if ((!open(a) && !ra) || (!open(b) && !rb) || (open(a) && open(b))) return null;
    const range = { start: ra ? ra.start : null, end: rb ? rb.end : null };
    if (range.start && range.end && range.start > range.end) return null;
    return range;
  }
  return partRange(v);
}

/**
 * Validates a `from`/`to` filter bound and returns the day it stands for: the first day of its range
 * for `from`, the last for `to`. Throws `BAD_INPUT` on an unparseable bound so the caller hears
 * about a typo instead of getting an empty page.
 */
export function filterBound(value: string | undefined, side: "from" | "to"): string | null {
  if (value === undefined || value === null || value === "") return null;
  const r = dateRange(value);
  const day = r ? (side === "from" ? r.start : r.end) : null;
  if (!day)
    throw new DossierError("BAD_INPUT", `invalid "${side}" date "${value}": expected YYYY, YYYY-MM or YYYY-MM-DD`);
  return day;
}

/**
 * Orders pipeline version strings: numeric runs compare as numbers, other runs as text
 * (`"1.10" > "1.9"`, `"2024-05-02" > "2024-05-01"`).
 * @returns negative when a < b, 0 when equal, positive when a > b
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Most matches one search counts, in every backend: past it `total` is this number and the answer
 * says "at least" (`total_capped`). Counting is the cost of a search for a common word (PostgreSQL
 * reads the row of every match it counts), so the count stops where a reader stops paging (and
 * where the search view's facets stop counting, {@link MAX_PAGE_LIMIT} hits).
 */
export const SEARCH_COUNT_CAP = 500;
/**
 * Most matches one search ranks, in every backend: a query matching more ranks the most recently
 * stored this many and says so (`ranked`).
 */
export const SEARCH_RANK_CAP = 500;

/**
 * Whether a store keeps each input's raw bytes (the page as fetched) beside its cleaned text. No
 * surface reads them back (CLI, API, UI and exports work from the text and its record), and a web
 * page's HTML, deflated, weighs 5–7× its cleaned text — most of a store of web pages. They are
 * kept by default, as a provenance archive; `keepRaw: false`, or `DOSSIER_KEEP_RAW=0` in the
 * environment, keeps only the input's SHA-256 and size (duplicate detection needs no more) and
 * `getRaw` answers null for the documents stored so (decision 161).
 */
export interface RawArchiveOption {
  keepRaw?: boolean;
}

/**
 * Whether raw bytes are kept: the option when given, else false when `DOSSIER_KEEP_RAW` is `0`,
 * `false` or `no`, else true.
 * @example resolveKeepRaw({}, {}) // true
 * @example resolveKeepRaw({}, { DOSSIER_KEEP_RAW: "0" }) // false
 */
export function resolveKeepRaw(opts: RawArchiveOption = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (typeof opts.keepRaw === "boolean") return opts.keepRaw;
  return !/^(0|false|no)$/i.test((env.DOSSIER_KEEP_RAW ?? "").trim());
}

/** Bounds on one search's work (both backends take them as store options). */
export interface SearchCaps {
  /** Most matches counted (default {@link SEARCH_COUNT_CAP}); see `SearchPage.total_capped`. */
  searchCountCap?: number;
  /** Most matches ranked (default {@link SEARCH_RANK_CAP}, at most the count cap); see `SearchPage.ranked`. */
  searchRankCap?: number;
}

/**
 * The caps a store runs with: whole numbers ≥ 1, the rank cap no larger than the count cap (the
 * ranked matches are the newest of the counted ones).
 * @example resolveSearchCaps({ searchCountCap: 5, searchRankCap: 9 }) // { count: 5, rank: 5 }
 */
export function resolveSearchCaps(caps: SearchCaps = {}): { count: number; rank: number } {
  const whole = (v: number | undefined, fallback: number) =>
    typeof v === "number" && Number.isFinite(v) ? Math.max(1, Math.floor(v)) : fallback;
  const count = whole(caps.searchCountCap, SEARCH_COUNT_CAP);
  return { count, rank: Math.min(count, whole(caps.searchRankCap, SEARCH_RANK_CAP)) };
}

/**
 * The `total`, `total_capped` and `ranked` fields of a search answer, from the matches found while
 * looking for at most `caps.count + 1` of them (newest first): exact below the count cap, "at
 * least the cap" at it; `ranked` present when the hits were ranked over fewer than every match.
 */
export function searchTotals(
  found: number,
  caps: { count: number; rank: number },
): { total: number; total_capped?: true; ranked?: number } {
  const capped = found > caps.count;
  const total = capped ? caps.count : found;
  const out: { total: number; total_capped?: true; ranked?: number } = { total };
  if (capped) out.total_capped = true;
  if (capped || total > caps.rank) out.ranked = Math.min(total, caps.rank);
  return out;
}

/**
 * Whether a document needs analysing at `version`: it has no analysis or an older one, and its
 * analysis has not already failed at this version or a later one.
 * @param analysed version of its stored analysis, or null
 * @param failed version its analysis failed at, or null
 */
export function needsAnalysis(analysed: string | null, failed: string | null, version: string): boolean {
  if (analysed !== null && compareVersions(analysed, version) >= 0) return false;
  return failed === null || compareVersions(failed, version) < 0;
}

/**
 * Private-use characters a backend asks its highlighter (FTS5 `snippet()`, PostgreSQL `ts_headline`
 * StartSel/StopSel) to wrap matches in; {@link markSnippet} turns them into «».
 */
export const MATCH_OPEN = "\uE000";
export const MATCH_CLOSE = "\uE001";

/**
 * Turns the private-use match markers into «», after replacing any guillemets the text itself
 * holds (Russian and French quotation marks) with single ones ‹›, so every « » in a snippet is a
 * match marker a surface can style.
 */
export function markSnippet(raw: string): string {
  return raw.replace(/«/g, "‹").replace(/»/g, "›").split(MATCH_OPEN).join("«").split(MATCH_CLOSE).join("»");
}

/** The provenance fields the knowledge base writes back onto documents (same in every backend). */
export const PROVENANCE_FIELDS = ["spun", "republication_of", "restored_text", "restorations", "family"] as const;

/** The stored provenance object of a document: the fields present, nothing else. */
export function provenanceOf(d: KnowledgeBase["documents"][number]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of PROVENANCE_FIELDS) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

/** A new ingest run record: a sortable, unique id (`run_YYYYMMDDTHHMMSS_xxxxxxxx`), started now, nothing counted. */
export function newIngestRun(): IngestRun {
  const now = new Date().toISOString();
  return {
    id: `run_${now.replace(/[-:.]/g, "").slice(0, 15)}_${randomUUID().slice(0, 8)}`,
    started_at: now,
    finished_at: null,
    ingested: 0,
    duplicate: 0,
    failed: 0,
  };
}
