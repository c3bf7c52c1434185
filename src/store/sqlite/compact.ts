/**
 * Compact storage of large JSON and byte columns in the SQLite store: a value worth compressing
 * is stored as a raw-deflate BLOB (node:zlib), a short one as it is. Readers accept both, so
 * stores written before compression read unchanged and no migration rewrites them.
 *
 * Used for columns no query looks inside: stored analyses, knowledge-base maintenance state and
 * raw input bytes. (PostgreSQL compresses such values itself: TOAST, above ≈ 2 KB.)
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** Below this many characters (or bytes) a value is stored as it is. */
const MIN_PACKED = 160;

/** A text value as stored: the text itself when short, else its UTF-8 bytes raw-deflated. */
export function packText(text: string): string | Buffer {
  if (text.length < MIN_PACKED) return text;
  const packed = deflateRawSync(Buffer.from(text, "utf8"));
  return packed.byteLength < Buffer.byteLength(text, "utf8") ? packed : text;
}

/** The text of a stored value written by {@link packText} (or before compression existed). */
export function unpackText(stored: string | Buffer | Uint8Array): string {
  if (typeof stored === "string") return stored;
  return inflateRawSync(stored).toString("utf8");
}

/**
 * Raw input bytes as stored: raw-deflated when that is smaller. The store keeps the original size
 * beside them, so a stored length equal to it means the bytes are as they came.
 */
export function packBytes(bytes: Uint8Array): Buffer {
  const plain = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (plain.byteLength < MIN_PACKED) return plain;
  const packed = deflateRawSync(plain);
  return packed.byteLength < plain.byteLength ? packed : plain;
}

/** The original bytes of a value written by {@link packBytes}, given the original size. */
export function unpackBytes(stored: Buffer, size: number): Uint8Array {
  const bytes = stored.byteLength === size ? stored : inflateRawSync(stored);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
