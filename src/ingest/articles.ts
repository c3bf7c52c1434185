/**
 * JSON and JSON Lines article inputs: one article per object, with `text` or `html` plus optional
 * metadata (`url`, `title`, `published`, `outlet`, `authors`, `lang`). Each object is its own
 * input named `file.jsonl#N` (N = zero-based line number, or array index for a `.json` array); a
 * malformed line fails alone.
 */
import { z } from "zod";
import type { PageInput } from "../model/pipeline.js";

const nullableString = z.string().nullish();

/** Schema of one article object. Unknown fields are allowed and ignored (they still count for dedup). */
export const ArticleObject = z.object({
  text: nullableString,
  html: nullableString,
  url: nullableString,
  title: nullableString,
  published: nullableString,
  outlet: nullableString,
  authors: z.union([z.array(z.string()), z.string()]).nullish(),
  lang: nullableString,
});
export type ArticleObject = z.infer<typeof ArticleObject>;

/** One article found in a JSON/JSONL input, or why its line could not be read. */
export type ArticleItem =
  | { source: string; ok: true; raw: Buffer; page: PageInput }
  | { source: string; ok: false; reason: string };

/**
 * JSON with object keys sorted at every level and no insignificant whitespace: the same article
 * gives the same bytes (and so the same document id) whatever its key order or formatting.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "object"}: ${i.message}`)
    .join("; ");
}

/**
 * Turns one parsed JSON value into an article item (validated), named `source`. Never throws: a
 * value too deeply nested to serialise fails as an item like any other malformed article.
 */
export function articleFromValue(value: unknown, source: string): ArticleItem {
  try {
    return articleFromValueUnchecked(value, source);
  } catch (err) {
    return { source, ok: false, reason: `cannot read article: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function articleFromValueUnchecked(value: unknown, source: string): ArticleItem {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { source, ok: false, reason: "not a JSON object (expected one article per object)" };
  }
  const parsed = ArticleObject.safeParse(value);
  if (!parsed.success) return { source, ok: false, reason: `invalid article fields: ${describeIssues(parsed.error)}` };
  const a = parsed.data;
  const text = a.text?.trim() ? a.text : null;
  const html = a.html?.trim() ? a.html : null;
  if (!text && !html) return { source, ok: false, reason: 'no "text" or "html" field with content' };
  const authors = a.authors == null ? undefined : Array.isArray(a.authors) ? a.authors : [a.authors];
  // Ready-extracted text is trusted over HTML, as given metadata is trusted over guesses.
  const page: PageInput = {
    source,
    content: (text ?? html)!,
    format: text ? "text" : "html",
    url: a.url ?? null,
    given: {
      title: a.title ?? null,
      published: a.published ?? null,
      outlet: a.outlet ?? null,
      ...(authors ? { authors } : {}),
      lang: a.lang ?? null,
    },
  };
  return { source, ok: true, raw: Buffer.from(canonicalJson(value), "utf8"), page };
}

/** One JSON Lines line as an item: `#N` is its zero-based line number. */
function itemFromLine(line: string, n: number, source: string): ArticleItem {
  const name = `${source}#${n}`;
  // Only an object can be an article: anything else is refused without parsing (junk files can
  // hold millions of such lines, and each failed JSON.parse costs an exception).
  if (line.trimStart()[0] !== "{")
    return { source: name, ok: false, reason: `line ${n + 1} is not a JSON object (expected one article per line)` };
  let value: unknown;
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // the parse error's message is all we keep; a stack trace is pure cost
  try {
    value = JSON.parse(line);
  } catch (err) {
    return {
      source: name,
      ok: false,
      reason: `invalid JSON on line ${n + 1}: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  return articleFromValue(value, name);
}

/**
 * Walks JSON Lines text lazily, one item per non-blank line (`#N` = zero-based line number), so a
 * file of millions of lines never holds millions of items at once. A line that is not valid JSON,
 * or not an article, becomes a failed item with the reason.
 */
export function* iterateJsonl(text: string, source: string): Generator<ArticleItem> {
  let start = 0;
  for (let n = 0; start <= text.length; n++) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim()) yield itemFromLine(line, n, source);
    start = end + 1;
  }
}

/** {@link iterateJsonl} collected into an array (for small inputs and tests). */
export function articlesFromJsonl(text: string, source: string): ArticleItem[] {
  return [...iterateJsonl(text, source)];
}

/**
 * Walks a `.json` input: one article object (named `source`) or an array of them (`source#i`). A
 * text that is not valid JSON as a whole but whose first line is a JSON object is read as JSON
 * Lines, since many dumps are JSONL saved with a `.json` name.
 */
export function* iterateJson(text: string, source: string): Generator<ArticleItem> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const firstLine = text.trimStart().split("\n", 1)[0] ?? "";
    if (text.trim().includes("\n") && itemFromLine(firstLine, 0, source).ok) {
      yield* iterateJsonl(text, source);
      return;
    }
    yield { source, ok: false, reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
    return;
  }
  if (Array.isArray(value)) {
    if (!value.length) yield { source, ok: false, reason: "empty JSON array: no articles" };
    for (let i = 0; i < value.length; i++) yield articleFromValue(value[i], `${source}#${i}`);
    return;
  }
  yield articleFromValue(value, source);
}

/** {@link iterateJson} collected into an array. */
export function articlesFromJson(text: string, source: string): ArticleItem[] {
  return [...iterateJson(text, source)];
}
