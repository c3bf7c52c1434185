import { cleanPage } from "../clean/index.js";
import { decodeBytes, looksBinary } from "../clean/decode.js";
import { gunzipCapped, kindFromName, looksLikeHtml, readCapped, readFileCapped, DEFAULT_MAX_BYTES } from "../ingest/index.js";
import { isGzip } from "../ingest/read.js";
import { DossierError, describeError } from "../util/errors.js";
import { parseByteSize } from "./bytes.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Reads one input (path or `-`), gunzipping `.gz` with a cap on the decompressed size. */
async function readInput(source: string, maxBytes: number): Promise<Buffer> {
  const bytes = source === "-" ? await readCapped(process.stdin, maxBytes, "standard input") : await readFileCapped(source, maxBytes);
  return isGzip(bytes) ? gunzipCapped(bytes, maxBytes) : bytes;
}

/** Decides HTML vs plain text from the file name, else from a sniff of the content. */
export function sniffFormat(source: string, text: string): "html" | "text" {
  const kind = kindFromName(source)?.kind;
  if (kind === "html" || kind === "text") return kind;
  return looksLikeHtml(text) ? "html" : "text";
}

/** `dossier extract <file|->…`: one JSON line per input, in input order. Stores nothing. */
export async function extractCommand(inputs: string[], values: { "max-bytes"?: string }, io: Io): Promise<number> {
  if (!inputs.length) throw new DossierError("USAGE", "nothing to extract: give files or - for stdin");
  const maxBytes = parseByteSize(values["max-bytes"]) ?? DEFAULT_MAX_BYTES;
  let failed = 0;
  for (const source of inputs) {
    try {
      const bytes = await readInput(source, maxBytes);
      if (bytes.length === 0) throw new DossierError("BAD_INPUT", "empty file");
      if (looksBinary(bytes)) throw new DossierError("BAD_INPUT", "binary content, not a page");
      const decoded = decodeBytes(bytes);
      const page = cleanPage({ source, content: decoded.text, format: sniffFormat(source, decoded.text) });
      io.out(
        JSON.stringify({
          source,
          title: page.title,
          byline: page.byline,
          outlet: page.outlet,
          url: page.url,
          published: page.published,
          modified: page.modified,
          lang: page.lang,
          text: page.text,
          authors: page.authors,
          translators: page.translators,
          published_source: page.published_source,
          credits: page.credits,
          warnings: [...decoded.warnings, ...page.warnings],
        }),
      );
    } catch (err) {
      failed++;
      io.out(JSON.stringify({ source, error: describeError(err) }));
    }
  }
  // Per-page failures are reported in the output lines; the command itself succeeded.
  if (failed) io.err(`dossier extract: ${failed} of ${inputs.length} input(s) failed (see their "error")`);
  return 0;
}
