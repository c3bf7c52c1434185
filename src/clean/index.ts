/**
 * The cleaner: one page (HTML or plain text) → article body and metadata ({@link CleanedPage}).
 * First version: HTML bodies from <p>-like blocks, plain text normalised to paragraphs.
 */
import { parsePage } from "./dom.js";
import { extractBody } from "./body.js";
import type { CleanedPage, PageInput } from "../model/pipeline.js";
import { DossierError } from "../util/errors.js";

export { decodeBytes, looksBinary } from "./decode.js";

/** Largest page the cleaner accepts, in UTF-16 code units. */
export const MAX_PAGE_CHARS = 8_000_000;

/** Normalises plain text into paragraphs separated by blank lines. */
function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n|\n/)
    .map((p) => p.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter((p) => p.length > 0)
    .join("\n\n");
}

/**
 * Cleans one page: extracts the article body and metadata.
 * @throws DossierError `TOO_LARGE` for pages over {@link MAX_PAGE_CHARS}.
 */
export function cleanPage(input: PageInput): CleanedPage {
  if (input.content.length > MAX_PAGE_CHARS) {
    throw new DossierError("TOO_LARGE", `page is ${input.content.length} characters; limit is ${MAX_PAGE_CHARS}`);
  }
  const warnings: string[] = [];
  let title: string | null = input.given?.title ?? null;
  let text: string;
  if (input.format === "html") {
    const page = parsePage(input.content);
    title ??= page.title?.replace(/\s+/g, " ").trim() || null;
    text = extractBody(page.root, { title }).text;
  } else {
    text = paragraphs(input.content);
  }
  if (!text) warnings.push("empty body");
  return {
    title,
    byline: null,
    authors: input.given?.authors ?? [],
    translators: [],
    outlet: input.given?.outlet ?? null,
    url: input.url ?? null,
    published: input.given?.published ?? null,
    published_source: input.given?.published ? "input" : "none",
    modified: null,
    lang: input.given?.lang ?? "und",
    text,
    credits: [],
    warnings,
  };
}
