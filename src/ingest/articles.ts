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

/**
 * Splits JSON Lines text into article items, one per non-blank line; `#N` is the zero-based line
 * number. A line that is not valid JSON, or not an article, becomes a failed item with the reason.
 */
export function articlesFromJsonl(text: string, source: string): ArticleItem[] {
  const items: ArticleItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    const name = `${source}#${n}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      items.push({ source: name, ok: false, reason: `invalid JSON on line ${n + 1}: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    items.push(articleFromValue(value, name));
  });
  return items;
}

/**
 * Reads a `.json` input: one article object (named `source`) or an array of them (`source#i`). A
 * document that is not valid JSON as a whole is tried as JSON Lines, since many dumps are
 * JSONL saved with a `.json` name.
 */
export function articlesFromJson(text: string, source: string): ArticleItem[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const asLines = articlesFromJsonl(text, source);
    if (asLines.length > 1 && asLines.some((i) => i.ok)) return asLines;
    return [{ source, ok: false, reason: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` }];
  }
  if (Array.isArray(value)) {
    if (!value.length) return [{ source, ok: false, reason: "empty JSON array: no articles" }];
    return value.map((v, i) => articleFromValue(v, `${source}#${i}`));
  }
  return [articleFromValue(value, source)];
}
