import { cleanPage } from "../clean/index.js";
import { decodeBytes, looksBinary } from "../clean/decode.js";
import type { PageInput } from "../model/pipeline.js";
// not ../ingest/index.js: that loads the whole ingest path (and zod, ~100 modules) for a command
// that only cleans pages; the JSON article reader is imported when a JSON input shows up
import { DEFAULT_MAX_BYTES, kindFromName, looksLikeHtml } from "../ingest/kinds.js";
import { gunzipCapped, isGzip, readCapped, readFileCapped } from "../ingest/read.js";
import { describeMissing } from "../ingest/names.js";
import { DossierError, describeError } from "../util/errors.js";
import { parseByteSize } from "./bytes.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Reads one input (path or `-`), gunzipping `.gz` with a cap on the decompressed size. */
async function readInput(source: string, maxBytes: number): Promise<Buffer> {
  let bytes: Buffer;
  if (source === "-") bytes = await readCapped(process.stdin, maxBytes, "standard input");
  else {
    try {
      bytes = await readFileCapped(source, maxBytes);
    } catch (err) {
      const missing = (err as { cause?: NodeJS.ErrnoException }).cause?.code === "ENOENT";
      if (missing) throw new DossierError("NOT_FOUND", describeMissing(source));
      throw err;
    }
  }
  return isGzip(bytes) ? gunzipCapped(bytes, maxBytes) : bytes;
}

/** Decides HTML vs plain text from the file name, else from a sniff of the content. */
export function sniffFormat(source: string, text: string): "html" | "text" {
  const kind = kindFromName(source)?.kind;
  if (kind === "html" || kind === "text") return kind;
  return looksLikeHtml(text) ? "html" : "text";
}

/** JSON / JSON Lines by name (`.json`, `.jsonl`, also gzipped), or by content for stdin. */
function jsonKind(source: string, text: string): "json" | "jsonl" | null {
  const kind = kindFromName(source)?.kind;
  if (kind === "json" || kind === "jsonl") return kind;
  if (source !== "-") return null;
  const head = text.trimStart();
  if (head.startsWith("[")) return "json";
  if (head.startsWith("{")) return /\}\s*\n\s*\{/.test(head.slice(0, 1 << 20)) ? "jsonl" : "json";
  return null;
}

/** The contract's output object for one cleaned page. */
function pageLine(page: PageInput, warnings: string[]): string {
  const cleaned = cleanPage(page);
  // As in ingest: a page with no article body (only scripts, only navigation) is a failure, not "".
  if (!cleaned.text.trim()) throw new DossierError("BAD_INPUT", "no article text found");
  return JSON.stringify({
    source: page.source,
    title: cleaned.title,
    byline: cleaned.byline,
    outlet: cleaned.outlet,
    url: cleaned.url,
    published: cleaned.published,
    modified: cleaned.modified,
    lang: cleaned.lang,
    text: cleaned.text,
    authors: cleaned.authors,
    translators: cleaned.translators,
    published_source: cleaned.published_source,
    credits: cleaned.credits,
    warnings: [...warnings, ...cleaned.warnings],
  });
}

/**
 * `dossier extract <file|->…`: one JSON line per input, in input order (one per article for JSON
 * and JSON Lines inputs, named `file.jsonl#N` as ingest names them). Stores nothing.
 * Exit 0 when every input gave a page, 1 when any failed (each failure is its own `{"source","error"}` line).
 */
export async function extractCommand(inputs: string[], values: { "max-bytes"?: string }, io: Io): Promise<number> {
  if (!inputs.length) throw new DossierError("USAGE", "nothing to extract: give files or - for stdin");
  const maxBytes = parseByteSize(values["max-bytes"]) ?? DEFAULT_MAX_BYTES;
  let failed = 0;
  let total = 0;
  const fail = (source: string, err: unknown) => {
    failed++;
    io.out(JSON.stringify({ source, error: describeError(err) }));
  };
  for (const source of inputs) {
    total++;
    try {
      const bytes = await readInput(source, maxBytes);
      if (bytes.length === 0) throw new DossierError("BAD_INPUT", "empty file");
      if (looksBinary(bytes)) throw new DossierError("BAD_INPUT", "binary content, not a page");
      const decoded = decodeBytes(bytes);
      if (!decoded.text.trim()) throw new DossierError("BAD_INPUT", "empty file (only whitespace)");
      const json = jsonKind(source, decoded.text);
      if (json) {
        const { iterateJson, iterateJsonl } = await import("../ingest/articles.js");
        let articles = 0;
        total--; // the file counts as its articles
        for (const item of json === "json" ? iterateJson(decoded.text, source) : iterateJsonl(decoded.text, source)) {
          total++;
          articles++;
          if (!item.ok) {
            fail(item.source, item.reason);
            continue;
          }
          try {
            io.out(pageLine(item.page, decoded.warnings));
          } catch (err) {
            fail(item.source, err);
          }
        }
        if (articles === 0) {
          total++;
          fail(source, "no JSON article objects found");
        }
        continue;
      }
      io.out(pageLine({ source, content: decoded.text, format: sniffFormat(source, decoded.text) }, decoded.warnings));
    } catch (err) {
      fail(source, err);
    }
  }
  if (failed) {
    io.err(`dossier extract: ${failed} of ${total} input(s) failed (see their "error")`);
    return 1;
  }
  return 0;
}
