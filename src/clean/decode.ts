/**
 * Bytes → text. Decides the character encoding the way browsers and trafilatura do: byte-order
 * mark, then the declared charset (HTTP `Content-Type`, `<meta charset>` / `http-equiv` in the first
 * 4 KB) checked against the bytes, then statistical detection (chardet) for undeclared legacy
 * pages. Legacy encodings are decoded with iconv-lite (docs/decisions/070-charset-detection.md).
 * Decoding never throws on bad bytes: invalid sequences become U+FFFD and a warning says how many.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { createRequire } from "node:module";
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
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
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
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: "utf-8", length: 3 };
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

/** Encodings that write one byte per character, grouped by the script they are for. */
const SCRIPT_OF: Record<string, string> = {
  "windows-1251": "cyrillic",
  "koi8-r": "cyrillic",
  "koi8-u": "cyrillic",
  "iso-8859-5": "cyrillic",
  ibm866: "cyrillic",
  "x-mac-cyrillic": "cyrillic",
  "windows-1250": "latin",
  "windows-1252": "latin",
  "windows-1254": "latin",
  "windows-1257": "latin",
  "iso-8859-2": "latin",
  "iso-8859-3": "latin",
  "iso-8859-4": "latin",
  "iso-8859-10": "latin",
  "iso-8859-13": "latin",
  "iso-8859-14": "latin",
  "iso-8859-15": "latin",
  "iso-8859-16": "latin",
  macintosh: "latin",
  "iso-8859-7": "greek",
  "windows-1253": "greek",
  "iso-8859-6": "arabic",
  "windows-1256": "arabic",
  "iso-8859-8": "hebrew",
  "iso-8859-8-i": "hebrew",
  "windows-1255": "hebrew",
  "windows-874": "thai",
  shift_jis: "japanese",
  "euc-jp": "japanese",
  "iso-2022-jp": "japanese",
  "euc-kr": "korean",
  gb18030: "chinese",
  gbk: "chinese",
  big5: "chinese",
};

/** How many leading bytes the statistical detector looks at (plenty for a confident answer). */
const DETECT_BYTES = 64 * 1024;
/** Detector confidence (0–100) needed to act on its answer. */
const MIN_DETECT_CONFIDENCE = 25;
/** How many times more confident than in the declared encoding the detector must be to overrule it. */
const OVERRULE_RATIO = 2.5;
/** Non-ASCII bytes needed before a declared charset may be overruled (a few bytes prove nothing). */
const MIN_OVERRULE_BYTES = 8;

// chardet and iconv-lite are loaded on first use (both CommonJS, so synchronously): a UTF-8 page —
// nearly every page — needs neither, and `dossier extract one.html` should not pay for loading them.
const requireCjs = createRequire(import.meta.url);
let chardet: typeof import("chardet") | null = null;
let iconvLite: typeof import("iconv-lite") | null = null;
const detector = () => (chardet ??= requireCjs("chardet") as typeof import("chardet"));
const legacyCodec = () => (iconvLite ??= requireCjs("iconv-lite") as typeof import("iconv-lite"));

/** One candidate of the statistical detector: WHATWG name and confidence 0–100. */
interface Detected {
  encoding: string;
  confidence: number;
}

/** The detector's candidates for the bytes, best first, as WHATWG names (unknown names dropped). */
function detectCandidates(bytes: Uint8Array): Detected[] {
  const out: Detected[] = [];
  for (const m of detector().analyse(bytes.subarray(0, DETECT_BYTES))) {
    const encoding = normaliseEncodingLabel(m.name);
    if (!encoding || encoding === "utf-8" || encoding.startsWith("utf-16") || out.some((d) => d.encoding === encoding))
      continue;
    out.push({ encoding, confidence: m.confidence });
  }
  return out;
}

/**
 * Facts about the bytes as UTF-8: how many are outside ASCII and how many are malformed. Pure ASCII
 * and valid UTF-8 — nearly every page — are told by Node's native checks without a pass in
 * JavaScript; for valid UTF-8 `nonAscii` is then 1 (some), not a count: callers only need a count
 * (the overrule threshold, the share of invalid bytes) when the bytes are not valid UTF-8.
 */
function utf8Profile(bytes: Uint8Array): { nonAscii: number; invalid: number } {
  if (isAscii(bytes)) return { nonAscii: 0, invalid: 0 };
  if (isUtf8(bytes)) return { nonAscii: 1, invalid: 0 };
  let nonAscii = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) nonAscii++;
  return { nonAscii, invalid: countInvalidUtf8(bytes, 0) };
}

/**
 * Decodes with a legacy encoding. iconv-lite first: Node's TextDecoder reads `windows-1252` as
 * ISO-8859-1 (0x80–0x9F become control characters instead of ’ “ ” € …), see docs/decisions/070.
 */
function decodeLegacy(body: Uint8Array, encoding: string): string {
  const iconv = legacyCodec();
  if (iconv.encodingExists(encoding))
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding);
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(body);
}

/**
 * Decodes page bytes to text, deciding the encoding as browsers and trafilatura do:
 *
 * 1. a byte-order mark;
 * 2. the declared charset — HTTP `Content-Type`, else `<meta>` in the first 4 KB — checked against
 *    the bytes: a legacy label on bytes that are valid UTF-8 with non-ASCII characters is wrong
 *    (UTF-8 wins); a label whose script the statistical detector confidently contradicts (a
 *    Cyrillic page labelled windows-1252) is wrong too (the detector wins); a UTF-8 label on bytes
 *    that are not UTF-8 at all gives way to the detector;
 * 3. with no usable declaration: valid UTF-8 (or plain ASCII) is UTF-8; otherwise the statistical
 *    detector (chardet) picks among windows-1251, KOI8-R, ISO-8859-x, Shift_JIS, EUC-JP, EUC-KR,
 *    GB18030, Big5 and others.
 *
 * Every overruled declaration and every detected encoding is named in `warnings`. Decoding never
 * throws on bad bytes: invalid sequences become U+FFFD with a warning counting them.
 *
 * @throws DossierError `DECODE_FAILED` only if the platform decoder itself fails unexpectedly.
 * @example
 * decodeBytes(bytes, { contentType: "text/html; charset=koi8-r" }).text
 */
export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const warnings: string[] = [];
  const bom = sniffBom(bytes);
  let encoding: string;
  let offset = 0;
  if (bom) {
    encoding = bom.encoding;
    offset = bom.length;
  } else {
    encoding = chooseEncoding(bytes, opts, warnings);
  }

  const body = bytes.subarray(offset);
  let text: string;
  try {
    text =
      encoding === "utf-8" || encoding.startsWith("utf-16")
        ? new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(body)
        : decodeLegacy(body, encoding);
  } catch (err) {
    throw new DossierError("DECODE_FAILED", `cannot decode bytes as ${encoding}`, { cause: err });
  }
  if (encoding === "utf-8" && text.includes("\ufffd")) {
    const bad = countInvalidUtf8(body, 0);
    if (bad > 0) warnings.push(`invalid UTF-8: ${bad} bytes replaced`);
  } else if (encoding !== "utf-8") {
    const replaced = countReplacements(text);
    if (replaced > 0) warnings.push(`${replaced} byte sequence(s) invalid in ${encoding} replaced`);
  }
  return { text, encoding, warnings };
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\ufffd"); i >= 0; i = text.indexOf("\ufffd", i + 1)) n++;
  return n;
}

/** Step 2–3 of {@link decodeBytes}: the encoding for bytes without a BOM. */
function chooseEncoding(bytes: Uint8Array, opts: DecodeOptions, warnings: string[]): string {
  const httpLabel = charsetFromContentType(opts.contentType);
  let declared = normaliseEncodingLabel(httpLabel);
  let where = "Content-Type";
  if (httpLabel && !declared) warnings.push(`unknown charset "${httpLabel}" in Content-Type ignored`);
  if (!declared) {
    const metaLabel = sniffMetaCharset(bytes);
    declared = normaliseEncodingLabel(metaLabel);
    where = "<meta>";
    if (metaLabel && !declared) warnings.push(`unknown charset "${metaLabel}" in <meta> ignored`);
  }
  // A page declaring UTF-16 in markup is read as ASCII-compatible per the HTML spec; only a BOM selects UTF-16.
  if (declared?.startsWith("utf-16")) declared = "utf-8";
  // "x-user-defined" and "replacement" are not useful for text pages.
  if (declared === "replacement" || declared === "x-user-defined") {
    warnings.push(`charset "${declared}" not usable; ignored`);
    declared = null;
  }

  const profile = utf8Profile(bytes);
  const validUtf8 = profile.invalid === 0;
  if (declared && declared !== "utf-8") {
    if (validUtf8 && profile.nonAscii > 0) {
      warnings.push(
        `declared charset ${declared} (${where}) contradicts the bytes, which are valid UTF-8; decoded as UTF-8`,
      );
      return "utf-8";
    }
    if (profile.nonAscii === 0) return declared;
    const candidates = detectCandidates(bytes);
    const best = candidates[0];
    const declaredConfidence = candidates.find((c) => c.encoding === declared)?.confidence ?? 0;
    const declaredScript = SCRIPT_OF[declared];
    const detectedScript = best ? SCRIPT_OF[best.encoding] : undefined;
    // Overruling a declaration needs strong evidence: enough non-ASCII text and a confident
    // detector, and either the declared decoding breaks (invalid multi-byte sequences) where the
    // detected one does not, or the detector all but rules the declared encoding out for a
    // different script — or, outside Latin (where windows-1250 and ISO-8859-2 differ in a few
    // letters no detector tells apart), for another encoding of the same script (KOI8-R labelled
    // windows-1251).
    if (
      best &&
      best.encoding !== declared &&
      profile.nonAscii >= MIN_OVERRULE_BYTES &&
      best.confidence >= MIN_DETECT_CONFIDENCE
    ) {
      const sample = bytes.subarray(0, DETECT_BYTES);
      const breaks =
        countReplacements(decodeLegacy(sample, declared)) > 0 &&
        countReplacements(decodeLegacy(sample, best.encoding)) === 0;
      const ruledOut =
        best.confidence >= OVERRULE_RATIO * declaredConfidence &&
        !!declaredScript &&
        !!detectedScript &&
        (detectedScript !== declaredScript || declaredScript !== "latin");
      if (breaks || ruledOut) {
        warnings.push(
          `declared charset ${declared} (${where}) contradicts the bytes; decoded as ${best.encoding} (detected)`,
        );
        return best.encoding;
      }
    }
    return declared;
  }
  if (validUtf8) return "utf-8";
  // Mostly UTF-8 with a few corrupt bytes (a truncated download, one bad paste) stays UTF-8.
  if (profile.invalid * 10 < profile.nonAscii) return "utf-8";
  const best = detectCandidates(bytes)[0];
  if (!best || best.confidence < MIN_DETECT_CONFIDENCE) return "utf-8";
  warnings.push(
    declared === "utf-8"
      ? `declared charset utf-8 (${where}) contradicts the bytes, which are not UTF-8; decoded as ${best.encoding} (detected)`
      : `no charset declared; decoded as ${best.encoding} (detected)`,
  );
  return best.encoding;
}

/**
 * True when the bytes look like a binary file rather than text: any NUL byte in the first 8 KB
 * (outside a UTF-16 BOM'd text), or more than 10% C0 control characters other than tab/CR/LF/FF/ESC.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  const bom = sniffBom(bytes);
  if (bom?.encoding.startsWith("utf-16")) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
    else if (b === 0x7f) control++;
  }
  return control / n > 0.1;
}
