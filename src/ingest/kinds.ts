/**
 * What kind of input a file is, from its name or its first bytes, and the default size cap. Kept apart
 * from ./ingest.ts (and its JSON article schema) so that `dossier extract` loads only what it needs.
 */
import { extname } from "node:path";

/** Default cap on any single input: 50 MB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** How an input is read. */
export type Kind = "html" | "text" | "json" | "jsonl";

/** How a file name says to read it, or null for an unsupported type. */
export function kindFromName(name: string): { kind: Kind; gzip: boolean } | null {
  let n = name.toLowerCase();
  let gzip = false;
  if (n.endsWith(".gz")) {
    gzip = true;
    n = n.slice(0, -3);
  }
  switch (extname(n)) {
    case ".html":
    case ".htm":
      return { kind: "html", gzip };
    case ".txt":
      return { kind: "text", gzip };
    case ".json":
      return { kind: "json", gzip };
    case ".jsonl":
      return { kind: "jsonl", gzip };
    default:
      return null;
  }
}

/** Whether decoded content is markup, whatever its file name says. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml|<!--|<(?:div|p|article|section|meta|title|main|span|table|h[1-6])[\s>])/i.test(
    text.slice(0, 2048),
  );
}
