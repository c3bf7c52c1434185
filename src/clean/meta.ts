/**
 * Page metadata from the light tree and head tags: title, byline/authors, outlet, canonical URL,
 * published and modified dates (htmldate-style cascade, each date with its source).
 *
 * Title follows Readability's order (JSON-LD headline/name, Dublin Core, og:title, twitter:title…,
 * then `<title>` with the site suffix cut and h1 checks) so that `dossier extract` agrees with the
 * reader view people already trust.
 */
import type { DateSource, RepublicationCredit } from "../model/records.js";
import { classAndId, textOf, walkElements, type HtmlElement, type ParsedPage, type TagAttrs } from "./dom.js";
import { dateFromUrl, datesInText, parseDate, type FoundDate } from "./dates.js";

/** Metadata found in an HTML page. */
export interface HtmlMetadata {
  title: string | null;
  byline: string | null;
  authors: string[];
  outlet: string | null;
  url: string | null;
  published: string | null;
  published_source: DateSource;
  modified: string | null;
  /** JSON-LD `articleBody`, when the page carries one. */
  jsonLdBody: string | null;
  /** Language the page declares (`<html lang>`, og:locale, content-language), as written. */
  declaredLang: string | null;
  /** Republication credits written anywhere on the page ("first published by…", "translated by…"). */
  credits: RepublicationCredit[];
  warnings: string[];
}

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage|Blog|CreativeWork)$/;

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Flattens JSON-LD blocks into objects (arrays and `@graph` expanded). Malformed blocks add a warning. */
function jsonLdObjects(blocks: string[], warnings: string[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const block of blocks) {
    const src = block.trim().replace(/^<!\[CDATA\[|\]\]>$/g, "");
    if (!src) continue;
    let data: unknown;
    try {
      data = JSON.parse(src);
    } catch {
      // Common CMS slips: raw newlines/tabs inside strings, trailing commas. Try once more without them.
      try {
        data = JSON.parse(src.replace(/[\u0000-\u001f]+/g, " ").replace(/,\s*([}\]])/g, "$1"));
      } catch {
        const salvaged = salvageJsonLd(src);
        if (!salvaged) {
          warnings.push("malformed JSON-LD block ignored");
          continue;
        }
        warnings.push("malformed JSON-LD block: only its plain string fields were read");
        data = salvaged;
      }
    }
    const stack: unknown[] = [data];
    let guard = 0;
    while (stack.length && guard++ < 500) {
      const v = stack.pop();
      if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === "object") {
        const o = v as JsonObject;
        out.push(o);
        if (Array.isArray(o["@graph"])) stack.push(...(o["@graph"] as unknown[]));
      }
    }
  }
  return out;
}

/** Reads the plain `"key": "string"` fields of a JSON-LD block that does not parse (first value per key). */
function salvageJsonLd(src: string): JsonObject | null {
  const out: JsonObject = {};
  const re = /"(@type|headline|name|datePublished|dateCreated|dateModified|articleBody)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    if (m[1] === "name" || m[1] in out) continue;
    try {
      out[m[1]] = JSON.parse(`"${m[2].replace(/[\u0000-\u001f]/g, " ")}"`);
    } catch {
      out[m[1]] = m[2];
    }
  }
  return Object.keys(out).length ? out : null;
}

function typesOf(o: JsonObject): string[] {
  const t = o["@type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return [];
}

function str(v: unknown): string | null {
  if (typeof v === "string") return collapse(v) || null;
  if (Array.isArray(v)) return str(v[0]);
  return null;
}

/** Names of JSON-LD `author` values (strings, Person objects, arrays). */
function jsonLdNames(v: unknown): string[] {
  const out: string[] = [];
  const stack = [v];
  while (stack.length && out.length < 20) {
    const x = stack.shift();
    if (typeof x === "string") out.push(collapse(x));
    else if (Array.isArray(x)) stack.push(...x);
    else if (x && typeof x === "object") {
      const name = (x as JsonObject).name;
      if (typeof name === "string") out.push(collapse(name));
    }
  }
  return out.filter((n) => n && !/^https?:\/\//.test(n));
}

/** Lower-cased `name`/`property`/`itemprop` of a meta tag → content, first occurrence wins. */
function metaValues(metas: TagAttrs[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const m of metas) {
    const content = m.content;
    if (content === undefined) continue;
    const value = collapse(content);
    if (!value) continue;
    for (const key of [m.property, m.name, m.itemprop, m["http-equiv"]]) {
      if (!key) continue;
      for (const k of key.toLowerCase().split(/\s+/)) {
        const norm = k.replace(/\./g, ":");
        if (norm && !values.has(norm)) values.set(norm, value);
      }
    }
  }
  return values;
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
const SEPARATORS = / [|\-\\/>»–—] /g;

/** Readability's `<title>` cleaning: cut the site name after a separator or colon; fall back to h1. */
function cleanDocumentTitle(page: ParsedPage, headings: HtmlElement[]): string | null {
  const orig = collapse(page.title ?? "");
  let cur = orig;
  if (!orig) {
    const h1 = headings.find((h) => h.tag === "h1");
    return h1 ? collapse(textOf(h1)) || null : null;
  }
  let hierarchical = false;
  const seps = [...orig.matchAll(SEPARATORS)];
  if (seps.length) {
    hierarchical = / [\\/>»] /.test(orig);
    cur = orig.slice(0, seps[seps.length - 1].index);
    if (wordCount(cur) < 3) cur = orig.replace(/^[^|\-\\/>»–—]*[|\-\\/>»–—]/, "");
  } else if (orig.includes(": ")) {
    const match = headings.some((h) => (h.tag === "h1" || h.tag === "h2") && collapse(textOf(h)) === orig);
    if (!match) {
      cur = orig.slice(orig.lastIndexOf(":") + 1);
      if (wordCount(cur) < 3) cur = orig.slice(orig.indexOf(":") + 1);
      else if (wordCount(orig.slice(0, orig.indexOf(":"))) > 5) cur = orig;
    }
  } else if (orig.length > 150 || orig.length < 15) {
    const h1s = headings.filter((h) => h.tag === "h1");
    if (h1s.length === 1) cur = collapse(textOf(h1s[0]));
  }
  cur = collapse(cur);
  const n = wordCount(cur);
  if (n <= 4 && (!hierarchical || n !== wordCount(orig.replace(/[|\-\\/>»–—]+/g, "")) - 1)) cur = orig;
  return cur || null;
}

/**
 * Cuts the outlet's own name off a title when it stands after (or before) a separator:
 * "Talks in Pyongyang | The Example Ledger" → "Talks in Pyongyang", when the page's h1 confirms
 * the shorter title (otherwise Readability's choice stands). Titles that are only the name stay.
 */
export function withoutSiteName(title: string, outlet: string | null, h1s: string[] = []): string {
  if (!outlet) return title;
  const confirmed = (rest: string) => rest && h1s.some((h) => h.toLowerCase() === rest.toLowerCase());
  const name = outlet.toLowerCase();
  const seps = [...title.matchAll(SEPARATORS)];
  const last = seps[seps.length - 1];
  if (
    last?.index !== undefined &&
    title
      .slice(last.index + last[0].length)
      .trim()
      .toLowerCase() === name
  ) {
    const rest = title.slice(0, last.index).trim();
    if (confirmed(rest)) return rest;
  }
  const first = seps[0];
  if (first?.index !== undefined && title.slice(0, first.index).trim().toLowerCase() === name) {
    const rest = title.slice(first.index + first[0].length).trim();
    if (confirmed(rest)) return rest;
  }
  return title;
}

/** Strips "By", "Follow", dates and roles from a byline; splits several authors. */
export function splitByline(raw: string): string[] {
  const s = collapse(raw)
    .replace(/^(?:written\s+)?by[:\s]+/i, "")
    .replace(/^\p{L}+:\s*/u, "")
    .replace(/\s*\d.*$/u, "")
    .replace(/\b(?:follow|follow author|view profile|more articles|contact)\b.*$/i, "")
    .replace(/\s*[|•·]\s*.*$/, "")
    .replace(/,?\s*(?:updated|published|posted)\b.*$/i, "")
    .replace(/\s*\d{1,2}[:/.-]\d{1,2}.*$/, "")
    .replace(/\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$/i, "")
    .trim();
  if (!s) return [];
  const parts = s
    .split(/\s*[,;&]\s*|\s+(?:and|und|y|et|e|i|и)\s+/i)
    .map((p) => p.replace(/(?:\s+\p{Ll}+)+$/u, ""))
    .map((p) => p.replace(/^by\s+/i, "").trim())
    .filter(
      (p) =>
        p.length > 1 &&
        p.length < 60 &&
        /\p{Lu}/u.test(p) &&
        !/^(?:staff|reporter|correspondent|editor|news|agencies|the)$/i.test(p),
    );
  return [...new Set(parts)];
}

/** Second-level labels under which names are registered (`bbc.co.uk`, `abc.net.au`, `asahi.co.jp`). */
const PUBLIC_SECOND_LEVEL = new Set([
  "co",
  "com",
  "net",
  "org",
  "gov",
  "edu",
  "ac",
  "ne",
  "or",
  "go",
  "gob",
  "nic",
  "mil",
  "info",
  "biz",
  "nom",
  "ltd",
  "plc",
  "sch",
  "res",
]);

/**
 * Registrable domain of a URL, the outlet of last resort: `https://news.bbc.co.uk/x` → `bbc.co.uk`,
 * `https://www.example.org/a` → `example.org`. A heuristic public-suffix rule (two-letter country code
 * under a generic second level), not the full Public Suffix List.
 */
export function domainOf(url: string | null | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null;
  }
  if (!host) return null;
  if (/^[\d.]+$/.test(host) || host.includes(":") || !host.includes(".")) return host;
  const labels = host.split(".");
  const n = labels.length;
  const keep = n >= 3 && labels[n - 1].length === 2 && PUBLIC_SECOND_LEVEL.has(labels[n - 2]) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

function absoluteUrl(href: string | undefined, base: string | null): string | null {
  if (!href) return null;
  try {
    return new URL(href.trim(), base ?? undefined).toString();
  } catch {
    return null;
  }
}

const PUBLISHED_META = [
  "article:published_time",
  "og:article:published_time",
  "article:published",
  "og:published_time",
  "published_time",
  "datepublished",
  "date_published",
  "dc:date:issued",
  "dcterms:issued",
  "dc:date",
  "dcterms:date",
  "dc:date:created",
  "dcterms:created",
  "citation_publication_date",
  "citation_date",
  "parsely-pub-date",
  "sailthru:date",
  "pubdate",
  "publishdate",
  "publish-date",
  "publish_date",
  "publication_date",
  "publication-date",
  "pub_date",
  "pubdate:",
  "article_date_original",
  "original-publish-date",
  "originalpublicationdate",
  "cxenseparse:recs:publishtime",
  "article:post_date",
  "post_date",
  "date",
  "created",
  "displaydate",
  "dateposted",
  "date-posted",
  "og:pubdate",
  "rnews:datepublished",
  "bt:pubdate",
  "eomportal-lastupdate_never",
  "released",
  "article.published",
  "gentime",
];
const MODIFIED_META = [
  "article:modified_time",
  "og:updated_time",
  "article:modified",
  "datemodified",
  "date_modified",
  "dcterms:modified",
  "dc:date:modified",
  "last-modified",
  "lastmod",
  "parsely-updated",
  "sailthru:date:modified",
  "modified",
  "revised",
  "article:updated_time",
  "updated_time",
];

const DATE_CLASS =
  /(?:^|[\s_-])(?:date|dateline|datetime|pub-?date|publish(?:ed)?(?:-?date|-?on)?|posted(?:-?on)?|post-?date|entry-?date|time|timestamp|article-?date|story-?date|meta-?date|byline|date-?published|published-?date)(?:$|[\s_-])/i;

/**
 * Extracts metadata from a parsed page.
 * @param page from {@link parsePage}
 * @param url the address the page came from, when known (trusted for URL dates and the outlet)
 * @param now reference time for the plausibility window
 */
export function extractMetadata(page: ParsedPage, url: string | null = null, now: Date = new Date()): HtmlMetadata {
  const signals = collectSignals(page, now);
  const { values, article, headings } = signals;
  const pageUrl = pageUrlOf(signals, url);
  const title = titleOf(signals);
  const { byline, authors } = authorsOf(signals);
  const outlet = outletOf(signals, pageUrl);
  const { published, source } = publishedDateOf(signals, pageUrl, title);
  const modified = modifiedDateOf(signals);
  const declaredLang =
    page.htmlLang ?? values.get("og:locale") ?? values.get("content-language") ?? values.get("dc:language") ?? null;
  return {
    title: title
      ? withoutSiteName(
          collapse(title),
          outlet ? collapse(outlet) : null,
          headings.filter((h) => h.tag === "h1").map((h) => collapse(textOf(h))),
        )
      : null,
    byline: byline ? collapse(byline) : null,
    authors,
    outlet: outlet ? collapse(outlet) : null,
    url: pageUrl,
    published: published?.value ?? null,
    published_source: source,
    modified: modified?.value ?? null,
    jsonLdBody: article ? str(article.articleBody) : null,
    declaredLang,
    credits: dedupeCredits(signals.creditBlocks.flatMap(creditsInText)),
    warnings: signals.warnings,
  };
}

/**
 * What the phases of {@link extractMetadata} read: the page's meta tags by name, its JSON-LD (and
 * the article object in it), and the elements one walk of the tree collected.
 */
interface PageSignals {
  page: ParsedPage;
  now: Date;
  /** `<meta>` values by lower-cased name or property. */
  values: Map<string, string>;
  /** Every JSON-LD object on the page. */
  objects: JsonObject[];
  /** The JSON-LD object describing the article, if any. */
  article: JsonObject | null;
  /** `<h1>` and `<h2>` elements, in page order. */
  headings: HtmlElement[];
  /** Elements that name an author: itemprop author/creator, rel=author links, byline classes. */
  authorEls: HtmlElement[];
  timeEls: HtmlElement[];
  /** Elements with itemprop datePublished or dateCreated. */
  itempropDates: HtmlElement[];
  /** Elements whose class or id says they hold a date. */
  dateClassed: HtmlElement[];
  /** Short texts that look like republication or translation credits. */
  creditBlocks: string[];
  /** The first short "By Name" text, when no element is marked as the byline. */
  byText: string | null;
  warnings: string[];
}

/** Reads the meta tags and JSON-LD, and walks the tree once for headings, authors, dates and credits. */
function collectSignals(page: ParsedPage, now: Date): PageSignals {
  const warnings: string[] = [];
  const objects = jsonLdObjects(page.jsonLd, warnings);
  const articles = objects.filter((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t)));
  const signals: PageSignals = {
    page,
    now,
    values: metaValues(page.metas),
    objects,
    article: articles.find((o) => typesOf(o).some((t) => /Article|Posting/.test(t))) ?? articles[0] ?? null,
    headings: [],
    authorEls: [],
    timeEls: [],
    itempropDates: [],
    dateClassed: [],
    creditBlocks: [],
    byText: null,
    warnings,
  };
  for (const el of walkElements(page.root)) collectElement(signals, el);
  return signals;
}

/** Files one element of the walk under the signals it may carry. */
function collectElement(signals: PageSignals, el: HtmlElement): void {
  const { headings, authorEls, timeEls, itempropDates, dateClassed, creditBlocks } = signals;
  const tag = el.tag;
  if (tag === "h1" || tag === "h2") headings.push(el);
  else if (tag === "time") timeEls.push(el);
  const a = el.attrs;
  const itemprop = a.itemprop?.toLowerCase();
  if (itemprop) {
    if (itemprop.includes("datepublished") || itemprop.includes("datecreated")) itempropDates.push(el);
    if (itemprop === "author" || itemprop === "creator") authorEls.push(el);
  }
  if (a.rel === "author" && tag === "a") authorEls.push(el);
  if (
    authorEls.length < 5 &&
    (a.class || a.id) &&
    /(?:^|[\s_-])(?:byline|author|author-?name|article-?author|posted-?by)(?:$|[\s_-])/i.test(classAndId(el))
  )
    authorEls.push(el);
  if (CREDIT_HOSTS.has(tag) && creditBlocks.length < 20) {
    const own = ownText(el);
    if (own.length >= 8 && own.length <= 400) {
      if (CREDIT_HINT.test(own)) creditBlocks.push(own);
      if (!signals.byText && /^by\s+\p{Lu}/iu.test(own) && own.length <= 120) signals.byText = own;
    }
  }
  if (dateClassed.length < 30 && (a.class || a.id) && DATE_CLASS.test(classAndId(el))) dateClassed.push(el);
}

/** The page's address: the caller's, else the canonical link, og:url or the JSON-LD url. */
function pageUrlOf({ page, values, article }: PageSignals, url: string | null): string | null {
  const canonical = page.links.find((l) => (l.rel ?? "").toLowerCase().split(/\s+/).includes("canonical"))?.href;
  return (
    url ??
    absoluteUrl(canonical, null) ??
    absoluteUrl(values.get("og:url"), null) ??
    absoluteUrl(str(article?.url) ?? undefined, null)
  );
}

/** The title as declared (JSON-LD headline or name, then meta tags), else from `<title>` and the headings; site name not yet removed. */
function titleOf({ page, values, article, headings }: PageSignals): string | null {
  let jsonTitle: string | null = null;
  if (article) {
    const name = str(article.name);
    const headline = str(article.headline);
    const docTitle = collapse(page.title ?? "");
    if (name && headline && name !== headline)
      jsonTitle = similarity(headline, docTitle) >= similarity(name, docTitle) ? headline : name;
    else jsonTitle = headline ?? name;
  }
  return (
    jsonTitle ??
    values.get("dc:title") ??
    values.get("dcterm:title") ??
    values.get("og:title") ??
    values.get("weibo:article:title") ??
    values.get("weibo:webpage:title") ??
    values.get("title") ??
    values.get("twitter:title") ??
    values.get("parsely-title") ??
    cleanDocumentTitle(page, headings)
  );
}

/** Byline and authors: JSON-LD, then author meta tags, then author-marked elements, then a "By Name" text. */
function authorsOf({ values, article, authorEls, byText }: PageSignals): { byline: string | null; authors: string[] } {
  let authors: string[] = [];
  let byline: string | null = null;
  const ldAuthors = article ? jsonLdNames(article.author ?? article.creator) : [];
  if (ldAuthors.length) {
    authors = ldAuthors.flatMap(splitByline);
    byline = ldAuthors.join(", ");
  } else {
    const metaAuthor =
      values.get("dc:creator") ??
      values.get("dcterm:creator") ??
      values.get("author") ??
      values.get("parsely-author") ??
      values.get("article:author") ??
      values.get("sailthru:author");
    if (metaAuthor && !/^https?:\/\//.test(metaAuthor)) {
      byline = metaAuthor;
      authors = splitByline(metaAuthor);
    } else {
      for (const el of authorEls) {
        const nameEl = el.attrs.itemprop ? ([...walkElements(el)].find((d) => d.attrs.itemprop === "name") ?? el) : el;
        const text = collapse(nameEl.attrs.content ?? textOf(nameEl));
        if (text && text.length < 100) {
          byline = text;
          authors = splitByline(text);
          if (authors.length) break;
        }
      }
    }
  }
  if (!authors.length && byText) {
    const names = splitByline(byText.replace(/\s*[·•|].*$/, ""));
    if (names.length) {
      byline = byText;
      authors = names;
    }
  }
  return { byline, authors };
}

/** The outlet: og:site_name, the JSON-LD publisher, the application name, the Twitter handle, else the domain. */
function outletOf({ values, article }: PageSignals, pageUrl: string | null): string | null {
  const publisher = article?.publisher;
  const publisherName =
    publisher && typeof publisher === "object" ? str((publisher as JsonObject).name) : str(publisher);
  return (
    values.get("og:site_name") ??
    publisherName ??
    values.get("application-name") ??
    values.get("twitter:site")?.replace(/^@/, "") ??
    domainOf(pageUrl)
  );
}

type DatedAs = { published: FoundDate | null; source: DateSource };

/** The publish date, from the most trusted signal that has one: header (URL, JSON-LD, meta), then the page's elements, then its text. */
function publishedDateOf(signals: PageSignals, pageUrl: string | null, title: string | null): DatedAs {
  const fromHeader = headerDate(signals, pageUrl);
  if (fromHeader.published) return fromHeader;
  const fromElements = elementDate(signals);
  if (fromElements.published) return fromElements;
  const belowHeadline = dateBelowHeadline(signals, title);
  if (belowHeadline.published) return belowHeadline;
  const fromText = mostFrequentTextDate(signals);
  return fromText.published ? fromText : { published: null, source: "none" };
}

/** The date the page declares: a date in the URL when nothing else is declared, else JSON-LD, else the publish meta tags. */
function headerDate({ objects, article, values, now }: PageSignals, pageUrl: string | null): DatedAs {
  const urlDate = dateFromUrl(pageUrl, now);
  const dated =
    article && (article.datePublished || article.dateCreated)
      ? article
      : (objects.find((o) => typeof o.datePublished === "string") ?? null);
  const ldPublished = dated ? parseDate(str(dated.datePublished) ?? str(dated.dateCreated), now) : null;
  let metaPublished: FoundDate | null = null;
  for (const key of PUBLISHED_META) {
    const v = values.get(key);
    const f = v ? parseDate(v, now) : null;
    if (f) {
      metaPublished = f;
      break;
    }
  }
  if (!metaPublished) metaPublished = parselyDate(values.get("parsely-page"), now);
  if (urlDate && !(ldPublished ?? metaPublished)) return { published: urlDate, source: "url" };
  if (ldPublished) return { published: ldPublished, source: "jsonld" };
  if (metaPublished) return { published: metaPublished, source: "meta" };
  return { published: null, source: "none" };
}

/** A date element: itemprop datePublished, then the best-ranked `<time>`, then a date-classed element (not "modified"). */
function elementDate({ itempropDates, timeEls, dateClassed, now }: PageSignals): DatedAs {
  for (const el of itempropDates) {
    const f = parseDate(el.attrs.content ?? el.attrs.datetime ?? textOf(el), now);
    if (f) return { published: f, source: "meta" };
  }
  const ranked = [...timeEls].sort((a, b) => timeRank(b) - timeRank(a));
  for (const el of ranked) {
    if (timeRank(el) < 0) continue;
    const f = parseDate(el.attrs.datetime ?? el.attrs.content ?? textOf(el), now);
    if (f) return { published: f, source: "time-element" };
  }
  for (const el of dateClassed) {
    if (/modif|updat/i.test(classAndId(el))) continue;
    const text = textOf(el).slice(0, 200);
    const found =
      datesInText(el.attrs.datetime ?? el.attrs.content ?? text, 3, now)[0] ?? parseDate(el.attrs.title, now);
    if (found) return { published: found, source: "time-element" };
  }
  return { published: null, source: "none" };
}

/** A date written just below the headline (dateline, byline row), captions and credits skipped. */
function dateBelowHeadline({ headings, now }: PageSignals, title: string | null): DatedAs {
  const h1 =
    headings.find((h) => h.tag === "h1" && title && collapse(textOf(h)) === collapse(title)) ??
    headings.find((h) => h.tag === "h1");
  if (h1) {
    const found = datesInText(textAfter(h1, 600), 1, now)[0];
    if (found) return { published: { value: found.value, day: found.day }, source: "text" };
  }
  return { published: null, source: "none" };
}

/**
 * Text fallback (htmldate's extensive mode): every date written on the page; the most frequent day
 * wins, the earliest on the page breaks ties.
 */
function mostFrequentTextDate({ page, now }: PageSignals): DatedAs {
  const found = datesInText(textOf(page.root).slice(0, 200_000), 200, now);
  const freq = new Map<string, { n: number; first: FoundDate }>();
  for (const f of found) {
    const e = freq.get(f.day);
    if (e) e.n++;
    else freq.set(f.day, { n: 1, first: f });
  }
  let best: { n: number; first: FoundDate } | null = null;
  for (const e of freq.values()) if (!best || e.n > best.n) best = e;
  return best
    ? { published: { value: best.first.value, day: best.first.day }, source: "text" }
    : { published: null, source: "none" };
}

/** The modified date: JSON-LD dateModified, then the modified meta tags. */
function modifiedDateOf({ article, values, now }: PageSignals): FoundDate | null {
  const fromLd = article ? parseDate(str(article.dateModified), now) : null;
  if (fromLd) return fromLd;
  for (const key of MODIFIED_META) {
    const f = parseDate(values.get(key), now);
    if (f) return f;
  }
  return null;
}

/** Elements whose own text may be a credit or byline line. */
const CREDIT_HOSTS = new Set(["p", "small", "font", "em", "i", "span", "div", "footer", "address", "cite", "li"]);
const CREDIT_HINT =
  /\b(?:first published|originally published|re-?published|reprinted|translated (?:from \w+ )?by|translation by)\b|^(?:source|via)\s*:/i;

/** Text directly inside an element and its inline children (not nested blocks), collapsed. */
function ownText(el: HtmlElement): string {
  const parts: string[] = [];
  const stack: Array<string | HtmlElement> = [...el.children].reverse();
  let guard = 0;
  while (stack.length && guard++ < 200) {
    const n = stack.pop()!;
    if (typeof n === "string") parts.push(n);
    else if (
      n.tag === "i" ||
      n.tag === "em" ||
      n.tag === "b" ||
      n.tag === "strong" ||
      n.tag === "a" ||
      n.tag === "span" ||
      n.tag === "font"
    ) {
      for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
    }
  }
  return collapse(parts.join(""));
}

const CREDIT_NAME =
  "((?:[Tt]he\\s+)?(?:\\p{Lu}[\\p{L}\\p{N}.&'’-]*)(?:\\s+(?:\\p{Lu}[\\p{L}\\p{N}.&'’-]*|of|&|and|\\d+\\p{L}*))*)";
const CREDIT_SENTENCES: Array<[RepublicationCredit["kind"], RegExp]> = [
  // No `i` flag: with it, \p{Lu} would match lower-case letters and names would run on into the sentence.
  ["original", new RegExp(`\\b(?:[Ff]irst|[Oo]riginally) published (?:by|on|in|at) ${CREDIT_NAME}`, "u")],
  [
    "republished",
    new RegExp(
      `\\b(?:[Rr]e-?published|[Rr]eprinted|[Rr]e-?posted) (?:by|on|in|from|with permission (?:from|of)) ${CREDIT_NAME}`,
      "u",
    ),
  ],
  ["translated", new RegExp(`\\b[Tt]ranslat(?:ed|ion) (?:from \\p{L}+ )?by ${CREDIT_NAME}`, "u")],
  ["source", new RegExp(`^(?:[Ss]ource|SOURCE)\\s*:\\s*${CREDIT_NAME}`, "u")],
  ["via", new RegExp(`^(?:[Vv]ia|VIA)\\s*:?\\s+${CREDIT_NAME}`, "u")],
];

/**
 * Republication credits stated in a sentence, e.g. "This article was first published by X on 19 June
 * and is republished by Y under a syndication agreement." → original X, republished Y.
 */
export function creditsInText(text: string): RepublicationCredit[] {
  const out: RepublicationCredit[] = [];
  for (const [kind, re] of CREDIT_SENTENCES) {
    const m = re.exec(text);
    if (!m) continue;
    // "republished by the Northsea Courier": a lower-case article is not part of the name.
    const name = m[1]
      .replace(/^the\s+/, "")
      .replace(/[.,;:]+$/, "")
      .trim();
    if (name.length >= 2 && name.length <= 80) out.push({ kind, name, line: text });
  }
  return out;
}

function dedupeCredits(credits: RepublicationCredit[]): RepublicationCredit[] {
  const seen = new Set<string>();
  return credits.filter((c) => {
    const key = `${c.kind}|${c.name.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const CAPTION = /caption|credit|figcaption|photo|image|gallery|related|sidebar|comment/;

/**
 * Up to `limit` characters of text that follow `start` in document order (its own subtree excluded),
 * leaving out figures, captions, credits, sidebars and comments.
 */
function textAfter(start: HtmlElement, limit: number): string {
  // Path from the root to `start`, so the walk can resume at each ancestor's next sibling.
  const path: HtmlElement[] = [];
  for (let p: HtmlElement | null = start; p; p = p.parent) path.unshift(p);
  const parts: string[] = [];
  let length = 0;
  for (let level = path.length - 1; level > 0 && length < limit; level--) {
    const node = path[level];
    const parent = path[level - 1];
    const siblings = parent.children;
    for (let i = siblings.indexOf(node) + 1; i < siblings.length && length < limit; i++) {
      const stack: Array<string | HtmlElement> = [siblings[i]];
      while (stack.length && length < limit) {
        const n = stack.pop()!;
        if (typeof n === "string") {
          const t = n.replace(/\s+/g, " ");
          if (t.trim()) {
            parts.push(t);
            length += t.length;
          }
          continue;
        }
        if (n.tag === "figure" || n.tag === "figcaption" || n.tag === "aside" || n.tag === "nav") continue;
        if ((n.attrs.class || n.attrs.id) && CAPTION.test(classAndId(n))) continue;
        // A block that holds an image and a line of text is a figure without the markup: its date is the photo's.
        if (n.children.some((c) => typeof c !== "string" && (c.tag === "img" || c.tag === "picture"))) continue;
        if (n.tag === "a" && n.attrs.title && /\d{4}/.test(n.attrs.title)) parts.push(` ${n.attrs.title} `);
        for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
      }
    }
  }
  return parts.join(" ").slice(0, limit);
}

/** `<time>` elements that name the publish date rank first; ones in comments or "updated" last. */
function timeRank(el: HtmlElement): number {
  const names =
    `${classAndId(el)} ${el.attrs.itemprop ?? ""} ${el.attrs.pubdate !== undefined ? "pubdate" : ""}`.toLowerCase();
  let rank = 0;
  if (/publish|pubdate|posted|created|entry-date|datepublished/.test(names)) rank += 2;
  if (/modif|updat/.test(names)) rank -= 3;
  let p = el.parent;
  for (let i = 0; p && i < 12; i++, p = p.parent) {
    const n = classAndId(p);
    if (/comment|related|sidebar|footer|recommend|teaser|widget/.test(n)) return -1;
    if (p.tag === "article" || p.tag === "header" || /byline|meta|article-?header|post-?header|entry-?header/.test(n))
      rank += 1;
  }
  return rank;
}

/** `parsely-page` holds JSON with `pub_date`. */
function parselyDate(raw: string | undefined, now: Date): FoundDate | null {
  if (!raw) return null;
  const m = /"pub_date"\s*:\s*"([^"]+)"/.exec(raw);
  return m ? parseDate(m[1], now) : null;
}

/** Word-overlap similarity of two titles, 0..1. */
function similarity(a: string, b: string): number {
  const ta = new Set(a.toLowerCase().split(/\W+/).filter(Boolean));
  const tb = new Set(b.toLowerCase().split(/\W+/).filter(Boolean));
  if (!ta.size || !tb.size) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / Math.max(ta.size, tb.size);
}
