import { createHash } from "node:crypto";

/** SHA-256 hex digest of bytes or a string (UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * A stable id: `prefix_` + the first 16 hex digits of SHA-256 over the parts. The same input gives
 * the same id on every run, so exports are diffable.
 * @example stableId("e", "person", "sergey lavrov") // "e_…"
 */
export function stableId(prefix: string, ...parts: Array<string | number | null | undefined>): string {
  return `${prefix}_${sha256Hex(parts.map((p) => String(p ?? "")).join("\u001f")).slice(0, 16)}`;
}

/** Document id from the raw bytes' digest. */
export function documentId(sha256: string): string {
  return `d_${sha256.slice(0, 16)}`;
}
