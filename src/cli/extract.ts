import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { cleanPage } from "../clean/index.js";
import { decodeBytes, looksBinary } from "../clean/decode.js";
import { DossierError, describeError } from "../util/errors.js";
import { parseByteSize } from "./ingest.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads one input (path or `-`), gunzipping `.gz` with a cap on the decompressed size. */
async function readInput(source: string, maxBytes: number): Promise<Buffer> {
  let bytes = source === "-" ? await readStdin() : await readFile(source);
  if (bytes.length > maxBytes) throw new DossierError("TOO_LARGE", `file is ${bytes.length} bytes, over the ${maxBytes}-byte cap`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (err) {
      const msg = describeError(err);
      throw new DossierError(/buffer|length|size/i.test(msg) ? "TOO_LARGE" : "DECODE_FAILED", `gzip: ${/buffer|length|size/i.test(msg) ? `decompressed size over the ${maxBytes}-byte cap` : msg}`);
    }
  }
  return bytes;
}

/** Decides HTML vs plain text from the name and a sniff of the content. */
export function sniffFormat(source: string, text: string): "html" | "text" {
  const name = source.toLowerCase().replace(/\.gz$/, "");
  if (/\.html?$/.test(name)) return "html";
  if (/\.txt$/.test(name)) return "text";
  return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<meta|<div|<article|<p[\s>])/i.test(text.slice(0, 2000)) ? "html" : "text";
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
