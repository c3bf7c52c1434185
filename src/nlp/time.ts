/**
 * Date and time expressions, normalised against the article's publish date with a news past bias.
 *
 * chrono-node finds and parses most expressions; this module adds what news needs: the granularity the
 * text states ("in September" is `2023-09`, never `2023-09-01`), past instances for past-tense
 * reporting ("on Wednesday" is the last Wednesday unless the clause is about the future), bare and
 * historical years ("in 1948", "since 1961"), decades ("the 1990s", "the Nineties"), intervals
 * ("from 1950 to 1953", "2017-2018"), seasons ("last summer"), and never today's date: with no publish
 * date, relative expressions get value null and the note "publish date unknown".
 */
import * as chrono from "chrono-node";
import type { Granularity, TimeExpression } from "../model/pipeline.js";

/** Years this many years or more before the publish year are back-story. */
export const HISTORICAL_YEARS = 5;
/** Texts longer than this are scanned in windows so regex and chrono time stay linear. */
const WINDOW = 20_000;

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const DECADE_WORDS: Record<string, number> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
  nineties: 90,
};
const FUTURE_CUE =
  /\b(?:will|shall|'ll|plans?\s+to|planned|planning|is\s+to|are\s+to|scheduled|upcoming|next|expected\s+to|going\s+to|intends?\s+to|due\s+to|set\s+to|set\s+for|due\s+on|coming)\b/i;

interface Candidate {
  start: number;
  end: number;
  value: string | null;
  granularity: Granularity;
  year: number | null;
  note?: string;
}

/** Parsed publish date: the reference instant (noon UTC of the publish day) and its parts. */
interface Anchor {
  date: Date;
  year: number;
  month: number;
  day: number;
}

/**
 * Finds every date/time expression in `text` and resolves it against `published`.
 * @param text document text (offsets are UTF-16 indices into it)
 * @param published publish date (`YYYY-MM-DD` or ISO 8601) or null when unknown
 * @returns expressions in text order, non-overlapping; `text.slice(start, end) === expr.text`
 * @example resolveTimes("Lavrov arrived on Wednesday.", "2023-10-20")[0].value // "2023-10-18"
 */
export function resolveTimes(text: string, published: string | null): TimeExpression[] {
  const anchor = parseAnchor(published);
  const out: TimeExpression[] = [];
  for (let base = 0; base < text.length; base += WINDOW) {
    // Windows overlap by 200 chars so an expression on a boundary is seen whole once.
    const windowEnd = Math.min(text.length, base + WINDOW + 200);
    const chunk = text.slice(base, windowEnd);
    const found = [...findPatterns(chunk, anchor), ...findChrono(chunk, anchor)];
    found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
    let lastEnd = -1;
    for (const c of found) {
      if (c.start < lastEnd) continue;
      if (base > 0 && c.start < 200) continue; // seen in the previous window
      if (c.start >= WINDOW && windowEnd < text.length) continue; // belongs to the next window
      lastEnd = c.end;
      const start = base + c.start;
      const end = base + c.end;
      const expr: TimeExpression = {
        start,
        end,
        text: text.slice(start, end),
        value: c.value,
        granularity: c.granularity,
        historical: anchor !== null && c.year !== null && c.year <= anchor.year - HISTORICAL_YEARS,
      };
      if (c.note) expr.note = c.note;
      out.push(expr);
    }
  }
  return out;
}

function parseAnchor(published: string | null): Anchor | null {
  if (!published) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { date: new Date(Date.UTC(year, month - 1, day, 12)), year, month, day };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const ymd = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The sentence-ish clause around an offset, for modality cues. */
function clauseAround(text: string, start: number, end: number): string {
  let a = start;
  let stops = 0;
  while (a > 0 && start - a < 200) {
    const ch = text[a - 1]!;
    if (ch === "." || ch === "!" || ch === "?" || ch === "\n") break;
    if (ch === "," || ch === ";") stops++;
    if (stops > 1) break;
    a--;
  }
  let b = end;
  while (b < text.length && b - end < 120 && !/[.!?;\n]/.test(text[b]!)) b++;
  return text.slice(a, b);
}

/** Auxiliaries and phrases that put the verb group before a date in the past or the future. */
const PAST_AUX = new Set([
  "was",
  "were",
  "had",
  "did",
  "said",
  "told",
  "announced",
  "reported",
  "added",
  "went",
  "came",
  "took",
  "met",
  "won",
  "lost",
  "began",
  "left",
  "made",
  "gave",
  "held",
  "got",
  "saw",
  "fell",
  "rose",
  "ago",
]);
const FUTURE_AUX = new Set(["will", "shall", "'ll", "’ll", "won't", "won’t", "wo", "next", "upcoming", "tomorrow"]);
/** "due to appear", "set for", "scheduled on", "expected to", "plans to", "is to", "are to", "going to". */
const FUTURE_PHRASE =
  /\b(?:(?:due|set|scheduled|slated|expected|poised|planning|plans?|intends?|going|hopes?|aims?)\s+(?:to|for|on)|(?:is|are)\s+to|is\s+due|are\s+due)\s*$/i;
/** Words that close the clause of a date when reading backwards. */
const CLAUSE_BREAK = new Set([
  "and",
  "but",
  "while",
  "whereas",
  "although",
  "though",
  "because",
  "after",
  "before",
  "when",
  "since",
  "as",
  "then",
]);

/**
 * Whether the clause of a date expression speaks of the future: the nearest tense cue before the date in
 * its clause decides ("will appear in court on Jan. 27" → future; "was arrested on March 3 and will be
 * sentenced on March 20" → past for the first date, future for the second); a participle after "be"/"to"
 * reads through to its auxiliary. Without a cue before it, a future cue anywhere in the clause decides.
 */
function isFuture(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && start - a < 160 && !/[.!?;\n]/.test(text[a - 1]!)) a--;
  const before = text.slice(a, start);
  const words = before.toLowerCase().match(/[\p{L}'’]+/gu) ?? [];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (FUTURE_PHRASE.test(words.slice(Math.max(0, i - 2), i + 1).join(" "))) return true;
    if (FUTURE_AUX.has(w)) return true;
    if (PAST_AUX.has(w)) return false;
    if (/ed$/.test(w) && w.length > 4) {
      // "will be sentenced", "to be held": read on to the auxiliary; "was arrested", "arrested": past
      const prev = words[i - 1];
      if (prev === "be" || prev === "been" || prev === "being" || prev === "to" || prev === "is" || prev === "are")
        continue;
      return false;
    }
    if (CLAUSE_BREAK.has(w) && i < words.length - 1) break;
  }
  return FUTURE_CUE.test(clauseAround(text, start, end));
}

/** Units of a length of time ("for 76 years", "in 24 hours", "after three weeks of talks"). */
const DURATION_UNIT =
  /^(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|many|\d+(?:\.\d+)?|\d+-)\s*(?:more\s+|consecutive\s+|straight\s+|long\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|nights?|seasons?|games?|matches?|rounds?|terms?)$/i;

/**
 * Whether a chrono match is a length of time or a number, not a date: "for 76 years", "over three
 * decades", "after three weeks of talks", "in 24 hours" in a past or present clause, "76 years" alone;
 * "$115 a share", "2-0". Relative dates keep their anchors ("two days ago", "three weeks later").
 */
function isDurationOrNumber(text: string, start: number, end: number, raw: string): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 24);
  if (
    /[$€£¥]\s*$/.test(before) ||
    /^\s*(?:%|percent|per cent|a share|per share|points?|goals?|runs?|votes?|seats?|people|dollars|euros)\b/i.test(
      after,
    )
  )
    return true;
  if (/^\d+(?:[-–]\d+)?(?:\s+an?)?$/.test(raw.trim())) return true; // a bare number or a score
  const core = raw
    .replace(
      /^(?:for|over|in|within|during|after|about|nearly|almost|some|around|the\s+past|the\s+last|the\s+next|another)\s+/i,
      "",
    )
    .trim();
  if (!DURATION_UNIT.test(core)) return false;
  if (/^\s*(?:ago|later|earlier|before|after|from now|hence|prior)\b/i.test(after)) return false;
  const lead =
    raw
      .slice(0, raw.length - core.length)
      .trim()
      .toLowerCase() ||
    (/\b(for|over|during|within|lasting|lasted|after|spanning|nearly|almost|about|some)\s*$/i
      .exec(before)?.[1]
      ?.toLowerCase() ??
      "");
  if (lead === "in" || lead === "within") return !isFuture(text, start, end) || /^\s*of\b/i.test(after);
  return true;
}

// ---------------------------------------------------------------------------------------------
// patterns chrono does not handle: years, decades, year intervals, seasons

const YEAR = "(1[5-9]\\d\\d|20\\d\\d)";
const PATTERNS: Array<{
  re: RegExp;
  make: (m: RegExpExecArray, text: string, anchor: Anchor | null) => Candidate | null;
}> = [
  {
    // from 1950 to 1953 / between 2015 and 2017 / 2017-2018 / 2017–18
    re: new RegExp(
      `\\b(?:(?:from|between)\\s+)?${YEAR}\\s*(?:-|–|—|to|and|until|till)\\s*(\\d{4}|\\d{2})\\b(?![-/.]\\d)`,
      "gi",
    ),
    make: (m) => {
      const a = Number(m[1]);
      let b = Number(m[2]);
      if (m[2]!.length === 2) b = Math.floor(a / 100) * 100 + b;
      if (b <= a || b - a > 200) return null;
      // "and"/"to" without "from"/"between" is a list ("1950 and 2000"), not an interval
      if (!/^(?:from|between)\s/i.test(m[0]) && /\d\s*(?:to|and|until|till)\s/i.test(m[0])) return null;
      return { start: m.index, end: m.index + m[0].length, value: `${a}/${b}`, granularity: "interval", year: a };
    },
  },
  {
    // the 1990s / the '90s / 1990s
    re: /\b(?:the\s+)?((?:1[5-9]|20)\d0)'?s\b/gi,
    make: (m) => ({
      start: m.index,
      end: m.index + m[0].length,
      value: `${m[1]}s`,
      granularity: "decade",
      year: Number(m[1]),
    }),
  },
  {
    // the Nineties (twentieth century assumed; a 21st-century decade is never spelled so in news)
    re: /\bthe\s+(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/gi,
    make: (m) => {
      const decade = 1900 + DECADE_WORDS[m[1]!.toLowerCase()]!;
      return { start: m.index, end: m.index + m[0].length, value: `${decade}s`, granularity: "decade", year: decade };
    },
  },
  {
    // last/next/this summer
    re: /\b(last|next|this|past)\s+(spring|summer|autumn|fall|winter)\b/gi,
    make: (m, _text, anchor) => {
      const base = { start: m.index, end: m.index + m[0].length, granularity: "year" as Granularity };
      if (!anchor) return { ...base, value: null, year: null, note: "publish date unknown" };
      const rel = m[1]!.toLowerCase();
      const season = m[2]!.toLowerCase();
      const seasonMonth = season === "spring" ? 3 : season === "summer" ? 6 : season === "winter" ? 12 : 9;
      let year = anchor.year;
      if (rel === "last" || rel === "past") year = seasonMonth < anchor.month ? anchor.year : anchor.year - 1;
      else if (rel === "next") year = seasonMonth > anchor.month ? anchor.year : anchor.year + 1;
      return { ...base, value: String(year), year, note: `${season} ${year}` };
    },
  },
  {
    // bare years with a cue: in 1948, since 1961, by 2030, of 1953, mid-2024, early 2023
    re: new RegExp(
      `\\b(?:(in|since|by|from|until|till|before|after|during|of|around|through|back to|dating to|year|mid-|early|late|end of|spring of|summer of|autumn of|winter of|fall of)\\s*)${YEAR}\\b(?![-/.,]?\\d)`,
      "gi",
    ),
    make: (m) => {
      const year = Number(m[2]);
      const startOffset = m[0].search(/\d/);
      const prefix = m[1]!.toLowerCase();
      const keepPrefix = prefix === "mid-" || prefix === "early" || prefix === "late";
      const start = keepPrefix ? m.index : m.index + startOffset;
      return { start, end: m.index + m[0].length, value: String(year), granularity: "year", year };
    },
  },
  {
    // named historical periods the back-story leans on
    re: /\b(?:(World War (?:II|2|Two)|Second World War)|(World War (?:I|1|One)|First World War)|(Korean War)|(Cold War))\b/g,
    make: (m) => {
      const value = m[1] ? "1939/1945" : m[2] ? "1914/1918" : m[3] ? "1950/1953" : "1947/1991";
      return {
        start: m.index,
        end: m.index + m[0].length,
        value,
        granularity: "interval",
        year: Number(value.slice(0, 4)),
        note: "named historical period",
      };
    },
  },
  {
    // "in 2017" after a comma etc. is covered above; a year alone at a clause start ("2023 was…")
    re: new RegExp(`(?<=^|[\\n.!?]\\s)${YEAR}(?=\\s+(?:was|is|saw|marked|brought|has)\\b)`, "g"),
    make: (m) => ({ start: m.index, end: m.index + m[0].length, value: m[0], granularity: "year", year: Number(m[0]) }),
  },
];

function findPatterns(text: string, anchor: Anchor | null): Candidate[] {
  const out: Candidate[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      const c = p.make(m, text, anchor);
      if (c) out.push(c);
      if (m[0].length === 0) p.re.lastIndex++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// chrono-based expressions

/** Reference used when the publish date is unknown: only components the text states are kept. */
const NO_ANCHOR_REF = new Date(Date.UTC(2000, 5, 15, 12));

/** Words and digits without which chrono finds nothing; chrono only reads the text around them. */
const CHRONO_CUE =
  /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|tonight|yesterday|tomorrow|ago|last|next|this|past|coming|week|month|year|noon|midnight|morning|afternoon|evening|night|earlier|later|before|after|since|until|decade|century|quarter|spring|summer|autumn|fall|winter|recent|now|day|hour|minute|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)/gi;

/**
 * Regions of the text worth handing to chrono: 60 characters either side of each cue, merged. On
 * news text this skips a third to a half of the characters and all of chrono's ~40 regex passes over
 * them.
 */
function chronoWindows(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  CHRONO_CUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CHRONO_CUE.exec(text))) {
    let a = Math.max(0, m.index - 60);
    let b = Math.min(text.length, m.index + m[0].length + 60);
    // snap to whitespace so no word is cut
    while (a > 0 && !/\s/.test(text[a - 1]!) && m.index - a < 100) a--;
    while (b < text.length && !/\s/.test(text[b]!) && b - m.index < 160) b++;
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
    CHRONO_CUE.lastIndex = Math.max(CHRONO_CUE.lastIndex, b - 60);
  }
  return out;
}

function findChrono(text: string, anchor: Anchor | null): Candidate[] {
  const ref = anchor ? anchor.date : NO_ANCHOR_REF;
  const results: Array<{ r: chrono.ParsedResult; index: number }> = [];
  for (const [a, b] of chronoWindows(text)) {
    try {
      for (const r of chrono.parse(text.slice(a, b), { instant: ref, timezone: 0 }))
        results.push({ r, index: a + r.index });
    } catch (err) {
      throw new Error(`chrono-node failed on a ${b - a}-char text: ${(err as Error).message}`, { cause: err });
    }
  }
  const out: Candidate[] = [];
  for (const { r, index } of results) {
    const start = index;
    // trim trailing punctuation chrono sometimes includes ("July,")
    const raw = r.text.replace(/[\s,;:.]+$/, "");
    if (raw.length === 0) continue;
    if (/^(?:now|right now|just now|currently|tonight|sat|sun|mon|tue|wed|thu|fri|second|sec|min)$/i.test(raw))
      continue;
    // "may"/"march" as verbs; a capitalised lone "May"/"March" only after a date preposition
    if (/^(?:may|march)$/.test(raw)) continue;
    if (
      /^(?:May|March)$/.test(raw) &&
      !/\b(?:in|of|since|until|till|by|from|early|late|mid|last|next|this|during)\s+$/i.test(
        text.slice(Math.max(0, start - 12), start),
      )
    )
      continue;
    if (isDurationOrNumber(text, start, start + raw.length, raw)) continue;
    const c = chronoCandidate(text, r, start, start + raw.length, anchor);
    if (c) out.push(c);
  }
  return out;
}

function chronoCandidate(
  text: string,
  r: chrono.ParsedResult,
  start: number,
  end: number,
  anchor: Anchor | null,
): Candidate | null {
  const s = r.start;
  const certain = (c: chrono.Component): boolean => s.isCertain(c);
  const hasYear = certain("year");
  const hasMonth = certain("month");
  const hasDay = certain("day");
  const isWeekday = certain("weekday") && !hasDay;
  const lower = r.text.toLowerCase();
  const tags = r.tags();
  const relative =
    !hasYear ||
    tags.has("result/relativeDate") ||
    /\b(ago|last|next|this|yesterday|today|tomorrow|week|weekend)\b/.test(lower);
  if (
    !anchor &&
    relative &&
    !(hasYear && hasMonth && !/\b(ago|last|next|this|yesterday|today|tomorrow)\b/.test(lower))
  ) {
    const granularity: Granularity = hasDay || isWeekday ? "day" : hasMonth ? "month" : "year";
    return { start, end, value: null, granularity, year: null, note: "publish date unknown" };
  }
  let date = s.date();
  const future = isFuture(text, start, end);
  let granularity: Granularity;
  let value: string;

  if (/\bweekend\b/.test(lower) && anchor) {
    // chrono resolves "the weekend" forward; in news it is the one just past unless the clause is future
    const dow = anchor.date.getUTCDay();
    const back = future ? -((6 - dow + 7) % 7) : (dow + 1) % 7 || 7; // to last Saturday
    const sat = new Date(anchor.date.getTime() - back * 86400_000);
    return {
      start,
      end,
      value: `${ymd(sat)}/${ymd(new Date(sat.getTime() + 86400_000))}`,
      granularity: "interval",
      year: sat.getUTCFullYear(),
    };
  }
  // chrono marks "last week" (seven days back) as day-certain: the phrase still names a week.
  if (
    /\bweek\b/.test(lower) &&
    anchor &&
    (!hasDay || /\b(?:this|last|past|previous|next|coming)\s+week\b/.test(lower))
  ) {
    // "this week", "last week", "next week": the week as an interval Monday..Sunday
    const shift = /\b(last|past|previous)\b/.test(lower) ? -7 : /\bnext\b/.test(lower) ? 7 : 0;
    const inWeek = new Date(anchor.date.getTime() + shift * 86400_000);
    const dow = (inWeek.getUTCDay() + 6) % 7;
    const monday = new Date(inWeek.getTime() - dow * 86400_000);
    const sunday = new Date(monday.getTime() + 6 * 86400_000);
    return {
      start,
      end,
      value: `${ymd(monday)}/${ymd(sunday)}`,
      granularity: "interval",
      year: monday.getUTCFullYear(),
    };
  }

  if (hasDay || isWeekday || (hasMonth && certain("day"))) {
    if (anchor && isWeekday && !/\b(last|next|this|past|coming)\b/.test(lower)) {
      const delta = date.getTime() - anchor.date.getTime();
      if (!future && delta > 0) date = new Date(date.getTime() - 7 * 86400_000);
      if (future && delta < 0) date = new Date(date.getTime() + 7 * 86400_000);
    } else if (anchor && !hasYear && hasMonth) {
      date = pastBiasMonth(date, anchor, future, true);
    }
    granularity = "day";
    value = ymd(date);
  } else if (hasMonth) {
    if (anchor && !hasYear) date = pastBiasMonth(date, anchor, future, false);
    granularity = "month";
    value = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
  } else if (hasYear || /\byear\b/.test(lower)) {
    granularity = "year";
    value = String(date.getUTCFullYear());
  } else {
    granularity = "day";
    value = ymd(date);
  }
  if (r.end?.isCertain("day")) {
    let endDate = r.end.date();
    if (endDate.getUTCFullYear() !== date.getUTCFullYear() && !r.end.isCertain("year")) {
      endDate = new Date(Date.UTC(date.getUTCFullYear(), endDate.getUTCMonth(), endDate.getUTCDate(), 12));
    }
    return { start, end, value: `${value}/${ymd(endDate)}`, granularity: "interval", year: date.getUTCFullYear() };
  }
  return { start, end, value, granularity, year: date.getUTCFullYear() };
}

/** A month (and day) without a year: the latest past instance, or the next one in future clauses. */
function pastBiasMonth(date: Date, anchor: Anchor, future: boolean, withDay: boolean): Date {
  const month = date.getUTCMonth() + 1;
  const day = withDay ? date.getUTCDate() : 1;
  const afterAnchor = month > anchor.month || (withDay && month === anchor.month && day > anchor.day);
  let year = anchor.year;
  if (future)
    year =
      month < anchor.month || (withDay && month === anchor.month && day < anchor.day) ? anchor.year + 1 : anchor.year;
  else if (afterAnchor) year = anchor.year - 1;
  return new Date(Date.UTC(year, month - 1, day, 12));
}

export { MONTHS as MONTH_NAMES_PATTERN };
