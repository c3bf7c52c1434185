/**
 * The cleaner: one page (HTML or plain text) → article body and metadata ({@link CleanedPage}).
 *
 *   HTML:  one streaming parse ({@link parsePage}) → body ({@link extractBody}) + metadata
 *          ({@link extractMetadata}) → language.
 *   Text:  line classification ({@link cleanPlainText}) → language.
 *
 * Metadata supplied with the page (`input.given`, e.g. from a JSONL record) is trusted over guesses.
 *
 * @example
 * const page = cleanPage({ source: "a.html", content: html, format: "html" });
 * page.text      // "First paragraph…\n\nSecond paragraph…"
 * page.published // "2023-10-20T14:34+00:00"
 */
import type { CleanedPage, PageInput } from "../model/pipeline.js";
import type { DateSource } from "../model/records.js";
import { DossierError } from "../util/errors.js";
import { extractBody } from "./body.js";
import { MAX_OPEN_ELEMENTS, parsePage } from "./dom.js";
import { detectLanguage } from "./lang.js";
import { extractMetadata } from "./meta.js";
import { parseDate } from "./dates.js";
import { cleanPlainText, matchCredit } from "./plaintext.js";
import { splitByline } from "./meta.js";
import type { RepublicationCredit } from "../model/records.js";

export { decodeBytes, looksBinary } from "./decode.js";
export type { DecodedText, DecodeOptions } from "./decode.js";
export { detectLanguage, toIso6391 } from "./lang.js";
export { parseDate, dateFromUrl } from "./dates.js";

/** Largest page the cleaner accepts, in UTF-16 code units (about 10 MB of ASCII HTML). */
export const MAX_PAGE_CHARS = 10_000_000;

/** True when a decoded string still looks like binary data (NULs or many control characters). */
function textLooksBinary(content: string): boolean {
  const n = Math.min(content.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = content.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) control++;
  }
  return n > 0 && control / n > 0.1;
}

/**
 * Credit lines among the first 2 and last 4 paragraphs of an HTML body ("First published by…",
 * "Translated by…"): recorded, and removed from the body.
 */
function takeCredits(text: string): { text: string; credits: RepublicationCredit[] } {
  if (!text) return { text, credits: [] };
  const paragraphs = text.split("\n\n");
  const credits: RepublicationCredit[] = [];
  const keep = paragraphs.map((p, i) => {
    if (i >= 2 && i < paragraphs.length - 4) return true;
    const credit = p.length <= 200 ? matchCredit(p) : null;
    if (credit) credits.push(credit);
    return !credit;
  });
  return credits.length ? { text: paragraphs.filter((_, i) => keep[i]).join("\n\n"), credits } : { text, credits };
}

/**
 * Supplied metadata is trusted, but its date must still meet the contract (`YYYY-MM-DD` or ISO 8601):
 * "17 September 2023" becomes `2023-09-17`; an unreadable date is dropped with a warning.
 */
function normaliseGiven(
  given: NonNullable<PageInput["given"]>,
  now: Date,
  warnings: string[],
): NonNullable<PageInput["given"]> {
  if (!given.published) return given;
  const parsed = parseDate(given.published, now);
  if (parsed) return { ...given, published: parsed.value };
  warnings.push(`supplied publish date not understood, ignored: ${given.published.slice(0, 60)}`);
  return { ...given, published: null };
}

/**
 * Cleans one page: extracts the article body and metadata.
 *
 * Bad input never crashes it: an empty page gives an empty body and a warning; a page that is
 * binary or larger than {@link MAX_PAGE_CHARS} throws a typed error the caller reports per file.
 *
 * @throws DossierError `TOO_LARGE` over {@link MAX_PAGE_CHARS}; `BAD_INPUT` for binary content.
 */
export function cleanPage(input: PageInput, now: Date = new Date()): CleanedPage {
  const content = input.content ?? "";
  if (content.length > MAX_PAGE_CHARS) {
    throw new DossierError("TOO_LARGE", `page is ${content.length} characters; the limit is ${MAX_PAGE_CHARS}`);
  }
  if (textLooksBinary(content)) {
    throw new DossierError("BAD_INPUT", "content looks binary (NUL or control characters), not HTML or text");
  }
  const warnings: string[] = [];
  const given = normaliseGiven(input.given ?? {}, now, warnings);
  if (!content.trim()) {
    warnings.push("empty page");
    return {
      title: given.title ?? null,
      byline: null,
      authors: given.authors ?? [],
      translators: [],
      outlet: given.outlet ?? null,
      url: input.url ?? null,
      published: given.published ?? null,
      published_source: given.published ? "input" : "none",
      modified: null,
      lang: given.lang ?? "und",
      text: "",
      credits: [],
      warnings,
    };
  }

  let result: Omit<CleanedPage, "lang" | "warnings">;
  let declaredLang: string | null = null;
  if (input.format === "html") {
    const page = parsePage(content);
    if (page.flattenedElements > 0)
      warnings.push(`HTML nested deeper than the cap: ${page.flattenedElements} elements flattened`);
    if (page.stoppedEarly)
      warnings.push(`HTML has more than ${MAX_OPEN_ELEMENTS} unclosed elements; parsing stopped there`);
    if (page.truncatedElements > 0)
      warnings.push(`HTML element cap reached: ${page.truncatedElements} elements not kept`);
    const meta = extractMetadata(page, input.url ?? null, now);
    warnings.push(...meta.warnings);
    const body = extractBody(page.root, { title: meta.title, jsonLdBody: meta.jsonLdBody });
    declaredLang = meta.declaredLang;
    const credited = takeCredits(body.text);
    for (const c of meta.credits) {
      if (!credited.credits.some((k) => k.kind === c.kind && k.name.toLowerCase() === c.name.toLowerCase()))
        credited.credits.push(c);
    }
    result = {
      title: meta.title,
      byline: meta.byline,
      authors: meta.authors,
      translators: credited.credits.filter((c) => c.kind === "translated").flatMap((c) => splitByline(c.name)),
      outlet: meta.outlet,
      url: meta.url,
      published: meta.published,
      published_source: meta.published_source,
      modified: meta.modified,
      text: credited.text,
      credits: credited.credits,
    };
  } else {
    const plain = cleanPlainText(content, input.url ?? null, now);
    result = {
      title: plain.title,
      byline: plain.byline,
      authors: plain.authors,
      translators: plain.translators,
      outlet: plain.outlet,
      url: plain.url,
      published: plain.published,
      published_source: plain.published_source,
      modified: plain.modified,
      text: plain.text,
      credits: plain.credits,
    };
  }
  if (!result.text) warnings.push("no article text found");

  const published_source: DateSource = given.published ? "input" : result.published_source;
  return {
    ...result,
    title: given.title ?? result.title,
    authors: given.authors?.length ? given.authors : result.authors,
    outlet: given.outlet ?? result.outlet,
    published: given.published ?? result.published,
    published_source,
    lang: given.lang ?? detectLanguage(result.text || (result.title ?? ""), declaredLang),
    warnings,
  };
}
