/**
 * Bytes → text. Decides the character encoding the way browsers do, in order of trust:
 * byte-order mark, the HTTP `Content-Type` charset, a `<meta charset>` / `http-equiv` declaration
 * in the first 4 KB, and finally UTF-8. Decoding never throws on bad bytes: invalid sequences
 * become U+FFFD and a warning says how many bytes were replaced.
 */
import { DossierError } from "../util/errors.js";

/** Result of {@link decodeBytes}. */
export interface DecodedText {
  /** The decoded text, without a byte-order mark. */
  text: string;
  /** WHATWG encoding name actually used, e.g. `utf-8`, `windows-1251`. */
  encoding: string;
  /** Non-fatal notes: replaced bytes, an unknown declared charset that was ignored… */
  warnings: string[];
}

/** Options for {@link decodeBytes}. */
export interface DecodeOptions {
  /** HTTP `Content-Type` header value, e.g. `text/html; charset=windows-1251`. */
  contentType?: string | null;
}

const SNIFF_BYTES = 4096;

/** Normalises a declared charset label to a WHATWG encoding name, or null when unsupported. */
export function normaliseEncodingLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label.trim().replace(/^["']|["']$/g, "").toLowerCase();
  if (!cleaned) return null;
  try {
    return new TextDecoder(cleaned).encoding;
  } catch {
    // An unknown label is an ordinary property of messy input, not an error: the caller falls back.
    return null;
  }
}

/** The charset parameter of a Content-Type header value, as written (not validated). */
function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?([^"';\s,]+)/i.exec(contentType);
  return m ? m[1] : null;
}

/** The encoding a BOM announces, and the BOM's length in bytes. */
function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  return null;
}

/**
 * The charset declared by `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…charset=…">`
 * in the first 4 KB, read as Latin-1 (every ASCII-compatible encoding agrees on the markup bytes).
 */
export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, SNIFF_BYTES));
  const metaRe = /<meta\b([^>]*)>/gi;
  let m: RegExpExecArray | null;
  while ((m = metaRe.exec(head))) {
    const attrs = m[1];
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s;/>]+)/i.exec(attrs);
    if (direct && !/http-equiv/i.test(attrs)) return direct[1];
    if (/http-equiv\s*=\s*["']?content-type/i.test(attrs)) {
      const content = /\bcontent\s*=\s*(["'])(.*?)\1/i.exec(attrs) ?? /\bcontent\s*=\s*([^\s>]+)/i.exec(attrs);
      const value = content ? content[content.length - 1] : "";
      const cs = charsetFromContentType(value);
      if (cs) return cs;
    }
    if (direct) return direct[1];
  }
  // XML declaration (XHTML served as XML).
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return xml ? xml[1] : null;
}

function latin1(bytes: Uint8Array): string {
  let out = "";
  const step = 8192;
  for (let i = 0; i < bytes.length; i += step) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + step)));
  }
  return out;
}

/** Counts bytes that are not part of a well-formed UTF-8 sequence (each becomes U+FFFD). */
function countInvalidUtf8(bytes: Uint8Array, start: number): number {
  let bad = 0;
  let i = start;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      bad++;
      i++;
      continue;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let ok = true;
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      i += need + 1;
    } else {
      // The lead byte and any continuation bytes consumed so far are replaced.
      const consumed = ok ? need + 1 : j;
      bad += consumed;
      i += consumed;
    }
  }
  return bad;
}

/**
 * Decodes page bytes to text.
 *
 * Order of trust: BOM > HTTP charset > `<meta>` charset (first 4 KB) > UTF-8. A declared charset the
 * platform does not know is ignored with a warning. Invalid UTF-8 never throws: bad bytes become
 * U+FFFD and the warning `invalid UTF-8: N bytes replaced` is added.
 *
 * @throws DossierError `DECODE_FAILED` only if the platform decoder itself fails unexpectedly.
 */
export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const warnings: string[] = [];
  let encoding = "utf-8";
  let offset = 0;
  const bom = sniffBom(bytes);
  if (bom) {
    encoding = bom.encoding;
    offset = bom.length;
  } else {
    const httpLabel = charsetFromContentType(opts.contentType);
    const httpEnc = normaliseEncodingLabel(httpLabel);
    if (httpLabel && !httpEnc) warnings.push(`unknown charset "${httpLabel}" in Content-Type ignored`);
    if (httpEnc) {
      encoding = httpEnc;
    } else {
      const metaLabel = sniffMetaCharset(bytes);
      const metaEnc = normaliseEncodingLabel(metaLabel);
      if (metaLabel && !metaEnc) warnings.push(`unknown charset "${metaLabel}" in <meta> ignored`);
      if (metaEnc) encoding = metaEnc;
    }
  }
  // A page declaring UTF-16 in markup is read as ASCII-compatible per the HTML spec; only a BOM selects UTF-16.
  if (!bom && encoding.startsWith("utf-16")) encoding = "utf-8";
  // "x-user-defined" and "replacement" are not useful for text pages.
  if (encoding === "replacement" || encoding === "x-user-defined") {
    warnings.push(`charset "${encoding}" not usable; decoded as UTF-8`);
    encoding = "utf-8";
  }

  const body = bytes.subarray(offset);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(body);
  } catch (err) {
    throw new DossierError("DECODE_FAILED", `cannot decode bytes as ${encoding}`, { cause: err });
  }
  if (encoding === "utf-8" && text.includes("\ufffd")) {
    const bad = countInvalidUtf8(body, 0);
    if (bad > 0) warnings.push(`invalid UTF-8: ${bad} bytes replaced`);
  }
  return { text, encoding, warnings };
}

/**
 * True when the bytes look like a binary file rather than text: any NUL byte in the first 8 KB
 * (outside a UTF-16 BOM'd text), or more than 10% C0 control characters other than tab/CR/LF/FF/ESC.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  const bom = sniffBom(bytes);
  if (bom && bom.encoding.startsWith("utf-16")) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
    else if (b === 0x7f) control++;
  }
  return control / n > 0.1;
}
