/**
 * Cleaning of plain-text scrapes: pages saved as text, with the site's menus, meta-tag dumps, share
 * boxes and credit lines mixed into the article. Each line is classified on its own shape (generic
 * rules only: no site names), metadata is recovered from the lines that carry it (title, outlet,
 * byline, translator, dates, republication credits), and everything that is not the article is
 * removed from the body.
 */
import type { CleanedPage } from "../model/pipeline.js";
import type { DateSource, RepublicationCredit } from "../model/records.js";
import { dateFromUrl, parseDate, type FoundDate } from "./dates.js";
import { domainOf, splitByline } from "./meta.js";

/**
 * What {@link cleanPlainText} recovers: a {@link CleanedPage} but for the language and warnings
 * (the caller settles those), plus the lines it removed.
 */
export interface PlainTextResult extends Omit<CleanedPage, "lang" | "warnings"> {
  /** Lines removed as boilerplate, for diagnostics and tests. */
  removed: string[];
}

/** Longest line considered for a title, byline or boilerplate test. */
const SHORT = 200;
/** How many of the first lines are read as the scrape's header (URL and timestamps). */
const HEADER_LINES = 8;

const BREADCRUMB = /^(?:home|main|start|главная|inicio|accueil|startseite|início)\s*[»>›/|]|(?:\s[»›>]\s.*){2,}/i;
const BARE_URL = /^(?:https?:\/\/|www\.)\S+$/i;
const XPATH_DUMP = /\/html\/(?:head|body)\/|@content\b|@name=/;
const ISO_STAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YEAR_ONLY = /^(?:19|20)\d{2}$/;
const IMAGE_DIMS = /^(?:\d{2,5}\s+){1,3}(?:true|false)$|^\d{2,5}\s*[x×]\s*\d{2,5}$/i;
const LOCALE = /^[a-z]{2,3}[_-][A-Z]{2}$/;
const HASHTAGS = /^(?:#[\p{L}\p{N}_]+[\s,]*)+$/u;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const PHONE = /\+?\d[\d\s().-]{8,}\d/;
const SEPARATOR = /^[\s*•·=_~#-]{1,20}$/;

/**
 * Header lines a scraper writes above the article: "URL: …", "Published: …", "Updated: …", and the
 * scraper's own clock ("Retrieved: …"), which is never the publish date.
 */
const HEADER_URL =
  /^(?:url|link|source(?:\s+url)?|original(?:\s+(?:url|link))?|canonical(?:\s+url)?|permalink|page(?:\s+url)?|web\s+address)\s*[:=]\s*(https?:\/\/\S+)$/i;
const HEADER_PUBLISHED =
  /^(?:published(?:\s+(?:at|on|date))?|publication\s+date|pub(?:lish)?date|date(?:\s+published)?|posted(?:\s+(?:at|on))?|timestamp|time)\s*[:=]\s*(.{6,60})$/i;
const HEADER_MODIFIED =
  /^(?:(?:last\s+)?updated(?:\s+(?:at|on))?|(?:last\s+|date\s+)?modified(?:\s+(?:at|on))?)\s*[:=]\s*(.{6,60})$/i;
const HEADER_SCRAPED =
  /^(?:scraped|retrieved|fetched|crawled|accessed|downloaded|saved|captured|archived|collected)(?:\s+(?:at|on|date))?\s*[:=]\s*.{6,60}$/i;
/** A URL and a timestamp on one line: `https://… | 2023-10-20 14:34`. */
const URL_THEN_DATE = /^(https?:\/\/\S+)\s*(?:[|,;\t–—]|\s-\s|\s)\s*(.{6,60})$/i;
/** Words a date line may hold besides its numbers (at most two of them, e.g. a weekday and a month). */
const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?$/i;
const DATE_FILLER = /^(?:am|pm|a\.m\.|p\.m\.|utc|gmt|z|at|on|um|à|de|le|[A-Z]{2,4}T?)$/i;

/**
 * A line that is only a date (and a time): "October 20, 2023 2:34 PM", "20.10.2023 14:34",
 * "Fri, 20 Oct 2023 14:34:00 GMT". Returns the date, with the time when one is written, or null.
 */
function dateLine(line: string, now: Date): FoundDate | null {
  if (line.length > 60) return null;
  // Every word must be a month or weekday name, or filler: "Budget 2024: March 6, 2024" is a title.
  const words = line.split(/[\s,]+/).filter((w) => /\p{L}/u.test(w) && !DATE_FILLER.test(w));
  if (
    words.length > 2 ||
    !words.every((w) => WEEKDAY.test(w) || parseDate(`1 ${w.replace(/[.,]$/, "")} 2020`, now) !== null)
  )
    return null;
  const found = parseDate(line, now);
  if (!found) return null;
  if (found.value.length > 10) return found;
  // parseDate keeps the time of ISO forms only; take a written time for the other forms too.
  const t = /(?<![\d.])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d])/i.exec(line);
  if (!t) return found;
  let hour = +t[1];
  const pm = t[4] && /^p/i.test(t[4]);
  if (t[4] && hour === 12) hour = pm ? 12 : 0;
  else if (pm) hour += 12;
  if (hour > 23 || +t[2] > 59) return found;
  const zone = /\b(?:gmt|utc)\b/i.test(line) ? "Z" : "";
  return {
    value: `${found.day}T${String(hour).padStart(2, "0")}:${t[2]}${t[3] ? `:${t[3]}` : ""}${zone}`,
    day: found.day,
  };
}

/** Boilerplate sentences of publishing platforms: share, subscribe, comment, newsletter, disclaimers. */
const BOILERPLATE: RegExp[] = [
  /\bsubscribe\b.*\b(?:channel|newsletter|feed|updates|us)\b/i,
  /^(?:and\s+)?(?:for|on|join|follow)\s+(?:us\s+on\s+|our\s+)[\w\s]{0,30}(?:channel|page|account)s?\s*:?$/i,
  /\bfollow us\b/i,
  /^share\b|\bshare (?:this|in your|on|the|button)\b|\bsharing is caring\b|\bshare widely\b/i,
  /^leave a (?:comment|reply)\b|^(?:\d+\s+)?comments?\s*$|^post a comment\b|^add a comment\b/i,
  /\bakismet\b|\be-?mail address\b.*\b(?:not|never) (?:be )?(?:published|shared)\b|\brequired fields are marked\b/i,
  /\bnewsletter\b/i,
  /\bviews expressed\b.*\b(?:author|necessarily)\b|\bdo(?:es)? not necessarily reflect\b/i,
  /^(?:note to readers|disclaimer|editor'?s note)\s*:/i,
  /\bclick (?:here|the share button)\b/i,
  /\b(?:(?:available|read) in \d+ languages|translate website)\b/i,
  /^(?:read more|read also|also read|see also|related(?: articles| posts| stories)?|more on this|recommended)\s*[:»>-]/i,
  /^(?:in-depth report|featured image|image source|photo|image|video|source of image|photo credit)\s*:/i,
  /^(?:©|\(c\)|copyright\b)|\ball rights reserved\b/i,
  /^(?:tags?|topics?|categories|filed under|keywords)\s*:/i,
  /^(?:previous|next) (?:article|post|story)\b/i,
  /^(?:print|email|tweet|facebook|twitter|telegram|whatsapp|linkedin|reddit)\s*$/i,
  /^(?:advertisement|sponsored content|skip to (?:main )?content)\s*$/i,
  /\b(?:cookies?|privacy policy)\b.*\b(?:accept|use|agree)\b/i,
  /^(?:like|liked) this\b|^loading\.{0,3}$/i,
  /^comments? (?:are|is) (?:moderated|closed)\b/i,
  /^(?:posted|filed) (?:in|under)\b.{0,150}$|^tagged\s*:?\s.{0,150}$/i,
  /^related(?: posts| articles| stories| news)?\s*$|^(?:more|latest) (?:news|stories|articles)(?: from| on)?\b.{0,40}$/i,
  /^your e-?mail\b.{0,40}\b(?:won'?t|will not|never)\b/i,
  /^(?:source|supply) (?:link|hyperlink)$/i,
  /^(?:liked|favou?red|loved|enjoyed) this (?:post|article|story|put up|publish)\b/i,
  /^(?:additional )?(?:reporting|writing|editing)(?: by)?\b.{0,120}\b(?:editing|writing|reporting) by\b/i,
];

/** Credit lines: who published, republished, translated, or is the source. */
const CREDIT_PATTERNS: Array<[RepublicationCredit["kind"], RegExp]> = [
  [
    "original",
    /^(?:this article was |it was |article )?(?:first|originally)\s+published\s+(?:by|on|in|at)\s*:?\s*(.+?)\.?$/i,
  ],
  ["republished", /^(?:re-?published|re-?posted|reprinted)\s+(?:by|on|from|at|with permission from)\s*:?\s*(.+?)\.?$/i],
  ["original", /^published\s+(?:by|on|in|at)\s*:?\s*(.+?)\.?$/i],
  ["translated", /^(?:translat(?:ed|ion)(?:\s+by)?|translator)\s*:?\s*(?:from\s+\w+\s+by\s+)?(.+?)\.?$/i],
  ["source", /^(?:source|sources|originally from)\s*:\s*(.+?)\.?$/i],
  ["via", /^via\s*:?\s+(.+?)\.?$/i],
];

// No `i` flag: with it \p{Lu} also matches lower-case letters ("By the end of the day…").
const BYLINE =
  /^(?:(?:[Ww]ritten\s+)?[Bb]y|BY|[Aa]rticles?\s+by|[Aa]uthors?|AUTHORS?|[Pp]osted\s+by|[Ww]ords\s+by|[Ww]ords)\s*:?\s+(\p{Lu}.{1,80})$/u;

/** Every name is 1–5 words, each capitalised (initials and name particles allowed). */
function looksLikeNames(names: string[]): boolean {
  return (
    names.length > 0 &&
    names.every((n) => {
      const words = n.split(/\s+/);
      return (
        words.length <= 5 &&
        words.every((w) => /^(?:\p{Lu}|de|van|von|der|da|al|bin|el|la|le|di)/u.test(w)) &&
        !/[!?]/.test(n)
      );
    })
  );
}
/** A bare personal name line: 2–4 capitalised words (initials allowed), nothing else. */
const NAME_LINE =
  /^(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}'’-]+(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{Ll}'’-]+|(?:de|van|von|der|da|al|bin|el|la)\b)){1,3}$/u;

/** Words that do not occur in personal names: a Title Case line holding one is a subheading. */
const NOT_A_NAME =
  /\b(?:The|A|An|What|Why|How|When|Where|Who|Which|Next|New|And|Or|Of|In|On|At|To|For|With|From|Is|Are|Was|Will|Can|Our|Your|This|That|These|Those|More|Most|Read|Comes|After|Before|About|Over|Under|Between)\b/;

/** A lone keyword of a tag list: short, lower-case, no sentence punctuation. */
function isTagLine(line: string): boolean {
  if (line.length > 60) return false;
  if (/[.!?:;"“”]/.test(line)) return false;
  if (/\p{Lu}/u.test(line)) return false;
  return line.split(/\s+/).length <= 4 && /\p{L}/u.test(line);
}

/** A comma-separated keyword list ("north korea, russia, diplomacy"). */
function isKeywordList(line: string): boolean {
  if (!line.includes(",") || /[.!?]$/.test(line)) return false;
  const parts = line.split(/\s*,\s*/);
  return (
    parts.length >= 3 &&
    parts.every((p) => p.length > 0 && p.length <= 30 && p.split(/\s+/).length <= 4 && !/\p{Lu}/u.test(p))
  );
}

/** A line with an e-mail address or phone number that is not a sentence: a contact block. */
function isContactLine(line: string): boolean {
  if (line.length > SHORT) return false;
  if (/\[email\s*protected\]/i.test(line)) return true;
  if (!(EMAIL.test(line) || (PHONE.test(line) && !/[.!?]$/.test(line)))) return false;
  return !/[.!?]\s+\p{Lu}/u.test(line);
}

/** Legal notices are long but still boilerplate: matched whatever their length (up to 2,000 chars). */
const LEGAL_NOTICE: RegExp[] = [
  /^disclaimer\s*:/i,
  /\bcopyrighted material\b.*\b(?:fair use|authori[sz]ed)\b/i,
  /\b(?:sole|exclusive) responsibility of (?:the )?(?:authors?|writers?|contributors?)\b/i,
  /\bgrants? permission to (?:cross-post|republish|repost)\b/i,
];

function isBoilerplate(line: string): boolean {
  if (line.length <= 2000 && LEGAL_NOTICE.some((re) => re.test(line))) return true;
  if (line.length > 400) return false;
  return BOILERPLATE.some((re) => re.test(line));
}

/** A line that reads like a headline: short, no final period or colon. */
function isHeadingLike(line: string): boolean {
  return (
    line.length >= 8 &&
    line.length <= SHORT &&
    !/[.:;,]$/.test(line) &&
    /\p{L}/u.test(line) &&
    line.split(/\s+/).length >= 2
  );
}

/** Splits text into paragraphs: blank-line groups, or one paragraph a line when lines are long. */
function splitParagraphs(text: string): string[] {
  const groups = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029]/g, "\n")
    .split(/\n[ \t\u00a0]*\n/);
  const out: string[] = [];
  for (const g of groups) {
    const lines = g
      .split("\n")
      .map((l) => l.replace(/[ \t\u00a0\f\v]+/g, " ").trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    // Hard-wrapped prose (lines of 50–100 characters that stop mid-sentence) is joined back.
    const wrapped =
      lines.length > 2 &&
      lines.slice(0, -1).every((l) => l.length >= 40 && l.length <= 110) &&
      lines.slice(0, -1).filter((l) => !/[.!?:"”»]$/.test(l)).length >= (lines.length - 1) * 0.6;
    if (wrapped) out.push(lines.join(" "));
    else out.push(...lines);
  }
  return out;
}

/** Strips a date written at the end of a title line (`Title – 2024-05-15 17:45:19`). */
function splitTitleDate(line: string): { title: string; date: FoundDate | null } {
  const m = /\s*[–—|-]?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?\s*$/.exec(
    line,
  );
  if (!m) return { title: line, date: null };
  const day = parseDate(m[1]);
  if (!day) return { title: line, date: null };
  const date = m[2] ? { value: `${day.day}T${m[2].padStart(5, "0")}`, day: day.day } : day;
  return { title: line.slice(0, m.index).trim(), date };
}

/** Segments of a masthead line such as `By A. Writer | Example Review | Reading time: 5 min`. */
const READING_TIME =
  /^(?:reading time:?\s*)?\d+\s*(?:min(?:ute)?s?|mins?)\b(?:\s+(?:read|learn|studying|reading))?(?:\s*read)?$|^reading time\b/i;
const DESK = /\b(?:desk|section|bureau|staff)$/i;

/** Last segment of a breadcrumb (`Home » World » Title`). */
function breadcrumbTail(line: string): string {
  const parts = line.split(/\s*[»›>]\s*|\s+\/\s+/);
  return parts[parts.length - 1]?.trim() ?? "";
}

/** Outlet names a site writes about itself in its boilerplate ("All X articles", "X's Daily Newsletter"). */
function selfReferences(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const NAME =
    "((?:\\p{Lu}[\\p{L}\\p{N}&.'’-]*|\\d+\\p{L}*)(?:\\s+(?:\\p{Lu}[\\p{L}\\p{N}&.'’-]*|\\d+\\p{L}*|of|the|and|&)){0,4})";
  const patterns = [
    new RegExp(`${NAME}(?:'s|’s)?\\s+(?:articles|daily newsletter|newsletter|website|editors|team)\\b`, "gu"),
    new RegExp(
      `(?:[Ss]hare widely|[Rr]epost|[Rr]epublish|[Vv]isit|[Ss]upport|[Dd]onate to|[Ss]ubscribe to)\\s+${NAME}`,
      "gu",
    ),
    new RegExp(`^${NAME}\\s+[\\w.+-]+@[\\w-]+\\.[\\w.-]+`, "gu"),
  ];
  for (const line of lines) {
    for (const re of patterns) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line))) {
        const name = m[1]
          .replace(/^(?:All|Our|Read|Share|Feel|Follow|Subscribe|To|The views of)\s+/u, "")
          .replace(/\s+(?:of|the|and)$/u, "")
          .trim();
        if (
          name.length >= 3 &&
          /\p{Lu}/u.test(name) &&
          !/^(?:Click|Share|Follow|Please|Note|Telegram|Twitter|Instagram|Facebook|YouTube|Translate|Website)$/u.test(
            name,
          )
        ) {
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

/**
 * What the phases of {@link cleanPlainText} share: the page's lines, which of them are still kept,
 * and the metadata recovered so far. Each phase reads and updates it in order.
 */
interface PlainTextScan {
  lines: string[];
  /** `keep[i]` is false once line i is removed. */
  keep: boolean[];
  /** Removed lines, in the order they were removed. */
  removed: string[];
  now: Date;
  /** Index of the first long paragraph: titles are looked for before it, URLs above it name the page (-1: none). */
  firstLong: number;
  /** How often each line occurs in the page. */
  counts: Map<string, number>;
  /** Index of the last line longer than 80 characters, before any line is removed (-1: none). */
  lastLongLine: number;
  pageUrl: string | null;
  title: string | null;
  /** A date written in or next to the title line. */
  titleDate: FoundDate | null;
  /** Bare ISO timestamps, in page order. */
  stamps: FoundDate[];
  credits: RepublicationCredit[];
  translators: string[];
  byline: string | null;
  authors: string[];
  /** Lines that are only a person's name (author boxes), with how often each occurs. */
  nameLines: Map<string, number>;
  /** Removed boilerplate and contact lines, where a site names itself. */
  boilerplateLines: string[];
  /** The outlet a masthead line ("Outlet | By X | 5 min read") names. */
  mastheadOutlet: string | null;
  headerPublished: FoundDate | null;
  headerModified: FoundDate | null;
}

/**
 * Cleans a plain-text scrape.
 * @param raw the page text as scraped
 * @param url the page address when known (its domain names the outlet when nothing better does)
 */
export function cleanPlainText(raw: string, url: string | null = null, now: Date = new Date()): PlainTextResult {
  const scan = startScan(raw, url, now);
  readScrapeHeader(scan);
  for (let i = 0; i < scan.lines.length; i++) {
    if (scan.keep[i]) classifyLine(scan, i);
  }
  removePageTail(scan);
  settleAuthors(scan);
  const { published, source, modified } = pickDates(scan);
  return {
    title: scan.title,
    byline: scan.byline,
    authors: scan.authors,
    translators: [...new Set(scan.translators)],
    outlet: pickOutlet(scan),
    url: scan.pageUrl,
    published: published?.value ?? null,
    published_source: source,
    modified: modified?.value ?? null,
    text: assembleBody(scan).join("\n\n"),
    credits: scan.credits,
    removed: scan.removed,
  };
}

/** Splits the page into lines and measures what the later phases look at. */
function startScan(raw: string, url: string | null, now: Date): PlainTextScan {
  const lines = splitParagraphs(raw);
  // (A long line ending in "?" can still be a headline.)
  const firstLong = lines.findIndex((l) => l.length > SHORT || (l.length > 80 && /[."”]$/.test(l)));
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  let lastLongLine = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].length > 80) {
      lastLongLine = i;
      break;
    }
  }
  return {
    lines,
    keep: lines.map(() => true),
    removed: [],
    now,
    firstLong,
    counts,
    lastLongLine,
    pageUrl: url,
    title: null,
    titleDate: null,
    stamps: [],
    credits: [],
    translators: [],
    byline: null,
    authors: [],
    nameLines: new Map(),
    boilerplateLines: [],
    mastheadOutlet: null,
    headerPublished: null,
    headerModified: null,
  };
}

/** Removes line i (once). */
function removeLine(scan: PlainTextScan, i: number): void {
  if (scan.keep[i]) {
    scan.keep[i] = false;
    scan.removed.push(scan.lines[i]);
  }
}

/** The scrape's header: URL and timestamp lines among the first lines, above the article. */
function readScrapeHeader(scan: PlainTextScan): void {
  const { lines, now } = scan;
  const headerEnd = Math.min(scan.firstLong < 0 ? lines.length : scan.firstLong, HEADER_LINES);
  for (let i = 0; i < headerEnd; i++) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if ((m = HEADER_URL.exec(line))) {
      if (!scan.pageUrl) scan.pageUrl = m[1];
    } else if ((m = HEADER_PUBLISHED.exec(line))) {
      const found = dateLine(m[1], now);
      if (!found) continue;
      scan.headerPublished ??= found;
    } else if ((m = HEADER_MODIFIED.exec(line))) {
      const found = dateLine(m[1], now);
      if (!found) continue;
      scan.headerModified ??= found;
    } else if (HEADER_SCRAPED.test(line)) {
      // The scraper's clock: dropped, never taken for the publish date.
    } else if ((m = URL_THEN_DATE.exec(line)) && dateLine(m[2], now)) {
      if (!scan.pageUrl) scan.pageUrl = m[1];
      scan.headerPublished ??= dateLine(m[2], now);
    } else if (!ISO_STAMP.test(line) && !BARE_URL.test(line)) {
      const found = dateLine(line, now);
      if (!found) continue;
      scan.headerPublished ??= found;
    } else {
      continue;
    }
    removeLine(scan, i);
  }
}

/**
 * Decides one kept line: page furniture goes, metadata lines go once read, the title is taken from
 * above the body; anything else stays as article text.
 */
function classifyLine(scan: PlainTextScan, i: number): void {
  const beforeBody = scan.firstLong < 0 || i < scan.firstLong;
  if (removePageFurniture(scan, i, beforeBody)) return;
  if (readMetadataLine(scan, i, beforeBody)) return;
  if (beforeBody) readTitleLine(scan, i);
}

/** Breadcrumbs, bare URLs and timestamps, meta-tag dumps, image sizes, separators, contact lines. True when line i went. */
function removePageFurniture(scan: PlainTextScan, i: number, beforeBody: boolean): boolean {
  const line = scan.lines[i];
  if (line.length <= 400 && BREADCRUMB.test(line) && !/[.!?]\s/.test(line)) {
    const tail = splitTitleDate(breadcrumbTail(line));
    if (!scan.title && isHeadingLike(tail.title) && beforeBody) scan.title = tail.title;
    scan.titleDate ??= tail.date;
  } else if (BARE_URL.test(line)) {
    if (beforeBody && !scan.pageUrl && /^https?:/i.test(line)) scan.pageUrl = line;
  } else if (ISO_STAMP.test(line)) {
    const f = parseDate(line, scan.now);
    if (f) scan.stamps.push(f);
  } else if (XPATH_DUMP.test(line) && line.length <= 400) {
    // A dump of the page's meta tags.
  } else if (
    YEAR_ONLY.test(line) ||
    IMAGE_DIMS.test(line) ||
    LOCALE.test(line) ||
    HASHTAGS.test(line) ||
    SEPARATOR.test(line)
  ) {
    // Stray values of the page's markup.
  } else if (isContactLine(line)) {
    scan.boilerplateLines.push(line);
  } else {
    return false;
  }
  removeLine(scan, i);
  return true;
}

/** Masthead, credit, byline, boilerplate, tag and author-name lines: read what they say, then remove them. True when line i went. */
function readMetadataLine(scan: PlainTextScan, i: number, beforeBody: boolean): boolean {
  const line = scan.lines[i];
  if (beforeBody && line.length <= SHORT && line.includes(" | ") && readMasthead(scan, line)) {
    removeLine(scan, i);
    return true;
  }
  const credit = line.length <= SHORT ? matchCredit(line) : null;
  const by = !credit && line.length <= 120 ? BYLINE.exec(line) : null;
  const bylineNames = by ? splitByline(by[1]) : [];
  if (credit) {
    scan.credits.push(credit);
    if (credit.kind === "translated") scan.translators.push(...splitByline(credit.name));
  } else if (by && looksLikeNames(bylineNames)) {
    scan.byline ??= line;
    if (!scan.authors.length) scan.authors = bylineNames;
  } else if (isBoilerplate(line)) {
    scan.boilerplateLines.push(line);
  } else if (isTagLine(line) || isKeywordList(line)) {
    // Tags and keyword lists.
  } else if (isAuthorNameLine(scan, i)) {
    scan.nameLines.set(line, (scan.nameLines.get(line) ?? 0) + 1);
  } else {
    return false;
  }
  removeLine(scan, i);
  return true;
}

/** A line that is only a person's name: repeated, or after the last long paragraph (an author box). */
function isAuthorNameLine(scan: PlainTextScan, i: number): boolean {
  const line = scan.lines[i];
  const beforeBody = scan.firstLong < 0 || i < scan.firstLong;
  return (
    NAME_LINE.test(line) &&
    !NOT_A_NAME.test(line) &&
    ((scan.counts.get(line) ?? 0) > 1 || (!beforeBody && i > scan.lastLongLine)) &&
    !scan.title?.includes(line)
  );
}

/**
 * A masthead line such as "Outlet | By A. Writer | 5 min read": takes its byline and outlet.
 * @returns false when the line is not a masthead (no segment is a byline, reading time or desk)
 */
function readMasthead(scan: PlainTextScan, line: string): boolean {
  const segments = line.split(/\s+\|\s+/);
  const isMasthead =
    segments.length >= 2 && segments.some((seg) => READING_TIME.test(seg) || BYLINE.test(seg) || DESK.test(seg));
  if (!isMasthead) return false;
  for (const seg of segments) {
    const by = BYLINE.exec(seg);
    if (by && looksLikeNames(splitByline(by[1]))) {
      scan.byline ??= seg;
      if (!scan.authors.length) scan.authors = splitByline(by[1]);
    } else if (!READING_TIME.test(seg) && !DESK.test(seg) && /^\p{Lu}/u.test(seg) && seg.split(/\s+/).length <= 6) {
      scan.mastheadOutlet ??= seg;
    }
  }
  return true;
}

/** Above the body: the first headline-like line is the title; its repeats (with a date suffix) and lone section labels go. */
function readTitleLine(scan: PlainTextScan, i: number): void {
  const line = scan.lines[i];
  const split = splitTitleDate(line);
  if (!scan.title && isHeadingLike(split.title)) {
    scan.title = split.title;
    scan.titleDate ??= split.date;
    removeLine(scan, i);
  } else if (scan.title && (line === scan.title || split.title === scan.title)) {
    scan.titleDate ??= split.date;
    removeLine(scan, i);
  } else if (/^\p{Lu}[\p{L}-]*$/u.test(line) && line.length < 25) {
    // A lone capitalised word above the body is a section label ("News", "Opinion").
    removeLine(scan, i);
  }
}

/** Below the article: single-word labels after the last long paragraph, and trailing headline-like links to other articles. */
function removePageTail(scan: PlainTextScan): void {
  const { lines, keep, firstLong } = scan;
  // Index of the last kept line longer than 80 characters: what follows it is the page's tail.
  let lastKeptLong = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (keep[i] && lines[i].length > 80) {
      lastKeptLong = i;
      break;
    }
  }
  for (let i = Math.max(0, firstLong); i < lines.length; i++) {
    if (keep[i] && /^\p{Lu}[\p{L}-]*$/u.test(lines[i]) && lines[i].length < 25 && i > lastKeptLong) removeLine(scan, i);
  }
  for (let i = lines.length - 1; i > Math.max(0, firstLong); i--) {
    if (!keep[i]) continue;
    const l = lines[i];
    if (l.length <= 150 && isHeadingLike(l) && !/[.!?"”»)]$/.test(l)) removeLine(scan, i);
    else break;
  }
}

/** Without a byline, the most frequent author-name line is the author; then that author's bio lines near the end go. */
function settleAuthors(scan: PlainTextScan): void {
  if (!scan.byline && scan.nameLines.size) {
    const [name] = [...scan.nameLines.entries()].sort((a, b) => b[1] - a[1])[0];
    scan.byline = name;
    scan.authors = [name];
  }
  // Author bios: "X is a researcher…" near the end, where X is the byline's author.
  const { lines, keep, authors } = scan;
  for (let i = lines.length - 1, seen = 0; i >= 0 && seen < 4; i--) {
    if (!keep[i]) continue;
    seen++;
    const l = lines[i];
    if (
      l.length < 400 &&
      authors.some((a) => l.startsWith(`${a} is `) || l.startsWith(`${a} was `) || l.startsWith(`${a}, `))
    )
      removeLine(scan, i);
  }
}

/** The kept lines as paragraphs, without repeats in a row and without a slug opening the first one. */
function assembleBody(scan: PlainTextScan): string[] {
  const body: string[] = [];
  for (let i = 0; i < scan.lines.length; i++) {
    if (!scan.keep[i]) continue;
    let l = scan.lines[i];
    // A slug such as "/ world news/ " opening the first paragraph is a site label, not article text.
    if (body.length === 0) l = l.replace(/^\/\s?[^/]{2,40}\/\s+/u, "");
    if (body.length && body[body.length - 1] === l) continue;
    body.push(l);
  }
  return body;
}

/** Dates: the scrape's header, then explicit timestamps, then a date in the title line, then the URL. */
function pickDates(scan: PlainTextScan): {
  published: FoundDate | null;
  source: DateSource;
  modified: FoundDate | null;
} {
  const { headerPublished, headerModified, stamps, titleDate } = scan;
  let published: FoundDate | null = null;
  let source: DateSource = "none";
  let modified: FoundDate | null = null;
  if (headerPublished) {
    published = headerPublished;
    source = "text";
    modified = headerModified;
  } else if (stamps.length) {
    published = stamps[0];
    source = "text";
    const later = stamps.filter((s) => s.value > stamps[0].value).sort((a, b) => (a.value < b.value ? 1 : -1))[0];
    modified = headerModified ?? later ?? null;
  } else if (titleDate) {
    published = titleDate;
    source = "text";
  }
  const urlDate = dateFromUrl(scan.pageUrl, scan.now);
  if (!published && urlDate) {
    published = urlDate;
    source = "url";
  }
  return { published, source, modified };
}

/** Outlet: the last republisher named in the credits, else the masthead, else the site naming itself, else the URL's domain, else the original publisher. */
function pickOutlet(scan: PlainTextScan): string | null {
  const republisher = [...scan.credits].reverse().find((c) => c.kind === "republished");
  if (republisher?.name) return republisher.name;
  if (scan.mastheadOutlet) return scan.mastheadOutlet;
  const refs = [...selfReferences(scan.boilerplateLines).entries()].sort((a, b) => b[1] - a[1]);
  if (refs.length && refs[0][0]) return refs[0][0];
  return domainOf(scan.pageUrl) || (scan.credits.find((c) => c.kind === "original")?.name ?? null);
}

/**
 * Reads a republication credit line ("First published by X", "Republished by Y", "Source: Z",
 * "Translated by W", "via V"), or returns null.
 */
export function matchCredit(line: string): RepublicationCredit | null {
  for (const [kind, re] of CREDIT_PATTERNS) {
    const m = re.exec(line);
    if (m?.[1] && m[1].length <= 80 && !/\p{Ll}{2}[.!?]\s/u.test(m[1])) return { kind, name: m[1].trim(), line };
  }
  return null;
}
