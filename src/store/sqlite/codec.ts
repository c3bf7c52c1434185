/**
 * Compact encoding of the JSON the SQLite store keeps in columns no query looks inside (knowledge-
 * base records, document records, analyses, maintenance state) and of raw input bytes.
 *
 * A packed JSON value is a BLOB: one header byte, then the JSON text, raw-deflated when that is
 * smaller. Two things make small rows small:
 * - **Span texts are not stored.** In any object with integer `start`/`end` and a string `text`
 *   that is exactly `docText.slice(start, end)` (the evidence invariant), the text is written as
 *   the number 0 and sliced back from the document's text on read. The document is the object's
 *   own `doc` field, else the value's context document (a mention's or quote's `doc`, an analysis'
 *   document, a state row's sub). A text that does not match its slice is kept as written.
 * - **A preset dictionary** (zlib `dictionary`): the field names and enum values of the record
 *   kinds ({@link DICTIONARY_V1}) followed by the row's own column values (ids, names), so a
 *   100-byte record deflates to a few dozen bytes instead of growing.
 *
 * Header bytes have bits 1–2 set (`b & 6 === 6`), which no raw-deflate stream can start with
 * (block type 3 is reserved), so they never collide with values {@link packText} wrote before.
 * Readers accept every older form: TEXT as written, and headerless raw-deflate BLOBs.
 * The dictionary is part of the stored format: never edit it; add a new one with a new header.
 */
import { brotliCompressSync, brotliDecompressSync, constants as zc, deflateRawSync, inflateRawSync } from "node:zlib";
import { DossierError } from "../../util/errors.js";
import { unpackText } from "./compact.js";

/** The text of a document by id (undefined when unknown); must be synchronous and cheap to repeat. */
export type DocTextOf = (doc: string) => string | undefined;

/** JSON text, not deflated, span texts kept. */
const H_PLAIN = 0x06;
/** JSON text, not deflated, span texts sliced out. */
const H_PLAIN_SLICED = 0x0e;
/** JSON raw-deflated with {@link DICTIONARY_V1} + context, span texts kept. */
const H_DEFLATE_V1 = 0x16;
/** JSON raw-deflated with {@link DICTIONARY_V1} + context, span texts sliced out. */
const H_DEFLATE_V1_SLICED = 0x1e;
/** Any string (not necessarily JSON), raw-deflated with {@link DICTIONARY_V1} + context. */
const H_STRING_V1 = 0x26;
// 0x2e and 0x36 are the short form of a mention (records.ts); the next free header is 0x3e.

/**
 * Frozen preset dictionary, version 1: JSON fragments of the stored record kinds, most frequent
 * last (deflate reaches near matches more cheaply). Changing a byte makes stored values unreadable.
 */
export const DICTIONARY_V1 = [
  '"kind":"document","schema":1,"id":"d_","sha256":"","source":"","title":null,"outlet":null,"url":null,',
  '"authors":[],"published":null,"lang":"en","text":"","spun":{"score":0,"is_spun":false},',
  '"republication_of":null,"restored_text":null,"modified":null,"published_source":"none","jsonld","meta",',
  '"translators":[],"credits":[],"restorations":[],"copy_links":[],"family":"d_","ingested_at":"20',
  '"warnings":[],"nlp":{"lang":"en","sentences":[],"tokens":[],"entities":[{"key":"person:","organization:",',
  '"country:","place:","gazetteer_id":null,"affiliation":null},"times":[],"notes":[]},"facts":{"events":[',
  '"quotes":[],"claims":[],"provisions":[],"relations":[],"version":"',
  '{"kind":"link","id":"l_","relation":"near-duplicate","directed":true,"score":0.9,"reason":"word 5-grams and alignment: ',
  '{"kind":"provision","agreement":"',
  '{"kind":"relation","id":"r_","source":"e_","target":"e_","type":"economic","military","diplomatic",',
  '{"kind":"claim","id":"c_","asserted_by":["e_"],"denied_by":[],"reported_by":[],"stance":"assert","deny","report","actor":"e_',
  '{"kind":"entity","id":"e_","type":"person","organization","country","place","other","name":"","aliases":[],"roles":[],"docs":1,"mentions":1,"ambiguous":[]}',
  '"types":{"person":1},"single":true,"skey":null,"canon":null,"names":{"',
  '{"kind":"event","id":"v_","type":"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST",',
  '"ACCUSE","REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT","summary":"","date":null,',
  '"actors":["e_"],"targets":[],"location":null,"mode":null,"modes":[],"negated","hypothetical","future","historical",',
  '"trigger":"","actor_agents":[],"target_agents":[],"independent_outlets":1,',
  '{"kind":"quote","id":"q_","direct":true,"speaker":null,"speaker_text":null,"cue":"said","event":null,',
  '"addressee":null,"spun_wording":false,"independent_outlets":1}',
  '{"kind":"mention","doc":"d_","entity":"e_","start":0,"end":0,"text":0,"via":"name","alias","surname","role","pronoun"}',
  '"evidence":[{"doc":"d_","start":0,"end":0,"text":0}]',
].join("");

const DICT_V1_BYTES = Buffer.from(DICTIONARY_V1, "utf8");
/** Deflate's window: a dictionary longer than this is used only by its last 32 KB. */
const WINDOW = 32768;
/** Below this many bytes a JSON value is not worth a deflate attempt. */
const MIN_DEFLATE = 24;

function dictionaryOf(context: readonly (string | null | undefined)[]): Buffer {
  const ctx = context.filter((c): c is string => typeof c === "string" && c.length > 0).join("\u0001");
  if (!ctx) return DICT_V1_BYTES;
  const dict = Buffer.concat([DICT_V1_BYTES, Buffer.from(ctx, "utf8")]);
  return dict.byteLength > WINDOW ? dict.subarray(dict.byteLength - WINDOW) : dict;
}

/** Options shared by {@link packJson} and {@link unpackJson}. */
export interface JsonCodecContext {
  /** Strings of the same row stored in their own columns (ids, names): they seed the dictionary. */
  context?: readonly (string | null | undefined)[];
  /** The document a span without its own `doc` field points into. */
  doc?: string | null;
  /** Document texts, for slicing span texts out (write) and back in (read). */
  textOf?: DocTextOf;
}

/**
 * A value as stored: header byte + JSON (deflated when smaller), span texts sliced out where they
 * match their document. `JSON.parse` of {@link unpackJson}'s result equals `value`, and the text
 * is byte-identical to `JSON.stringify(value)`.
 */
export function packJson(value: unknown, opts: JsonCodecContext = {}): Buffer {
  const { textOf, doc } = opts;
  let sliced = false;
  let ambiguous = false;
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    if (key !== "text" || !textOf || Array.isArray(this)) return v;
    const start = this.start;
    const end = this.end;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return v;
    if (v === 0) ambiguous = true;
    if (typeof v !== "string") return v;
    const d = typeof this.doc === "string" ? this.doc : doc;
    if (!d) return v;
    const text = textOf(d);
    if (text === undefined || text.slice(start as number, end as number) !== v) return v;
    sliced = true;
    return 0;
  });
  if (json === undefined) throw new DossierError("INTERNAL", "packJson: value has no JSON form");
  if (ambiguous) return packJson(value, { context: opts.context });
  const plain = Buffer.from(json, "utf8");
  if (plain.byteLength >= MIN_DEFLATE) {
    const packed = deflateRawSync(plain, { dictionary: dictionaryOf(opts.context ?? []) });
    if (packed.byteLength < plain.byteLength)
      return Buffer.concat([Buffer.of(sliced ? H_DEFLATE_V1_SLICED : H_DEFLATE_V1), packed]);
  }
  return Buffer.concat([Buffer.of(sliced ? H_PLAIN_SLICED : H_PLAIN), plain]);
}

/** True when a stored BLOB starts with one of this module's header bytes. */
function isHeaded(b: Buffer | Uint8Array): boolean {
  return b.byteLength > 0 && (b[0]! & 6) === 6;
}

/** The header and JSON text of a headed BLOB (span texts still sliced out). */
function decodeHeaded(b: Buffer, opts: JsonCodecContext): { sliced: boolean; json: string } {
  const h = b[0]!;
  const body = b.subarray(1);
  if (h === H_PLAIN || h === H_PLAIN_SLICED) return { sliced: h === H_PLAIN_SLICED, json: body.toString("utf8") };
  if (h === H_DEFLATE_V1 || h === H_DEFLATE_V1_SLICED || h === H_STRING_V1) {
    const json = inflateRawSync(body, { dictionary: dictionaryOf(opts.context ?? []) }).toString("utf8");
    return { sliced: h === H_DEFLATE_V1_SLICED, json };
  }
  throw new DossierError("STORE", `stored value has an unknown encoding (header 0x${h.toString(16)})`);
}

/**
 * The text of a stored value: TEXT as written, a headerless BLOB as the raw-deflated text
 * {@link packText} wrote, a headed BLOB as {@link packJson} or {@link packString} wrote (span
 * texts sliced back in from `opts.textOf`; pass the same context the writer gave).
 * @throws DossierError STORE when a sliced span's document is unknown or the header is not known
 */
export function unpackJson(stored: string | Buffer | Uint8Array, opts: JsonCodecContext = {}): string {
  if (typeof stored === "string") return stored;
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (!isHeaded(b)) return unpackText(b);
  const { sliced, json } = decodeHeaded(b, opts);
  return sliced ? JSON.stringify(restoreSpansInPlace(JSON.parse(json), opts)) : json;
}

/** Parses a stored value (see {@link unpackJson}). */
export function readJson<T>(stored: string | Buffer | Uint8Array, opts: JsonCodecContext = {}): T {
  if (typeof stored === "string") return JSON.parse(stored) as T;
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (!isHeaded(b)) return JSON.parse(unpackText(b)) as T;
  const { sliced, json } = decodeHeaded(b, opts);
  const value = JSON.parse(json) as T;
  return sliced ? (restoreSpansInPlace(value, opts) as T) : value;
}

/** Puts sliced span texts back into a freshly parsed value (no re-serialisation). */
function restoreSpansInPlace(value: unknown, opts: JsonCodecContext): unknown {
  if (Array.isArray(value)) {
    for (const v of value) restoreSpansInPlace(v, opts);
  } else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    // every key, "text" included: a non-string `text` may itself hold spans (a string or 0 is a no-op)
    for (const k in o) restoreSpansInPlace(o[k], opts);
    if (o.text === 0 && Number.isInteger(o.start) && Number.isInteger(o.end)) {
      const d = typeof o.doc === "string" ? o.doc : opts.doc;
      const text = d && opts.textOf ? opts.textOf(d) : undefined;
      if (text === undefined)
        throw new DossierError(
          "STORE",
          `stored span [${o.start}, ${o.end}) points into unknown document ${d ?? "(none)"}`,
        );
      o.text = text.slice(o.start as number, o.end as number);
    }
  }
  return value;
}

/**
 * A string value as stored (maintenance state): JSON that round-trips exactly goes through
 * {@link packJson} (span texts sliced out); anything else is deflated with the dictionary when
 * that is smaller; short values stay TEXT.
 */
export function packString(value: string, opts: JsonCodecContext = {}): string | Buffer {
  if (value.length < MIN_DEFLATE) return value;
  const c = value.charCodeAt(0);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined; // not JSON after all: stored as a plain string below
    }
    if (parsed !== undefined && JSON.stringify(parsed) === value) return packJson(parsed, opts);
  }
  const plain = Buffer.from(value, "utf8");
  const packed = deflateRawSync(plain, { dictionary: dictionaryOf(opts.context ?? []) });
  return packed.byteLength + 1 < plain.byteLength ? Buffer.concat([Buffer.of(H_STRING_V1), packed]) : value;
}

/** Raw bytes deflated with the document's cleaned text as the dictionary ({@link packRawAgainst}). */
export const RAW_AGAINST_TEXT = 1;
/** `raw.codec` of an input whose bytes were not kept (only its SHA-256 and size; `getRaw` gives null). */
export const RAW_NOT_KEPT = 2;

/**
 * Raw input bytes deflated with the UTF-8 of the cleaned text (its last 32 KB) as preset
 * dictionary: a plain-text input whose text is the cleaned text costs a few bytes, and HTML
 * whose article text lies in its first 32 KB references it. Returns null when deflating does not
 * make the bytes smaller: the caller stores those the old way.
 */
export function packRawAgainst(raw: Uint8Array, text: string): Buffer | null {
  const plain = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // one deflate per page: with the text as dictionary it is never meaningfully larger than plain deflate
  // (larger on none of the 181 Zyte bench pages, 1.8% smaller in total), so plain deflate is not tried as well
  const withText = deflateRawSync(plain, { dictionary: textDictionary(text) });
  return withText.byteLength < plain.byteLength ? withText : null;
}

/** `raw.codec` of raw bytes compressed with brotli ({@link packRawBrotli}), decision 177. */
export const RAW_BROTLI = 3;

/**
 * Brotli quality for raw input bytes: on the 181 Zyte HTML pages q5 stores 29.3 KB a page against
 * 33.6 KB for deflate (with or without the text as dictionary) at the same write time (≈ 2.6 ms a
 * page); q6 is 1% smaller for 20% more time, q11 12% smaller at 80× the time (decision 177).
 */
const RAW_BROTLI_QUALITY = 5;

/** Raw input bytes brotli-compressed (node:zlib, quality {@link RAW_BROTLI_QUALITY}). */
export function packRawBrotli(raw: Uint8Array): Buffer {
  return brotliCompressSync(raw, {
    params: { [zc.BROTLI_PARAM_QUALITY]: RAW_BROTLI_QUALITY, [zc.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
  });
}

/** The raw bytes of {@link packRawBrotli}'s output. */
export function unpackRawBrotli(stored: Buffer): Uint8Array {
  const bytes = brotliDecompressSync(stored);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Raw input bytes as the SQLite store keeps them, with their `raw.codec`: the smaller of deflate
 * against the cleaned text ({@link packRawAgainst}: a plain-text input costs a few bytes) and
 * brotli ({@link packRawBrotli}: HTML pages, 13% smaller than deflate); `null` codec = the bytes
 * as they came, when neither is smaller. Brotli is not tried when deflate against the text
 * already stores less than a twentieth of the input (the input is essentially its text).
 */
export function packRaw(raw: Uint8Array, text: string): { bytes: Buffer; codec: number | null } {
  const against = packRawAgainst(raw, text);
  if (against && against.byteLength * 20 < raw.byteLength) return { bytes: against, codec: RAW_AGAINST_TEXT };
  const brotli = packRawBrotli(raw);
  if (against && against.byteLength <= brotli.byteLength) return { bytes: against, codec: RAW_AGAINST_TEXT };
  if (brotli.byteLength < raw.byteLength) return { bytes: brotli, codec: RAW_BROTLI };
  return { bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), codec: null };
}

/** The raw bytes of {@link packRawAgainst}'s output, given the same cleaned text. */
export function unpackRawAgainst(stored: Buffer, text: string): Uint8Array {
  const bytes = inflateRawSync(stored, { dictionary: textDictionary(text) });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function textDictionary(text: string): Buffer {
  const b = Buffer.from(text, "utf8");
  return b.byteLength > WINDOW ? b.subarray(b.byteLength - WINDOW) : b;
}

/**
 * A headed value's JSON with its sliced span texts left as the marker `0` (nothing restored, so no
 * document text is read), and whether it was written sliced; null for a value in an older form
 * (TEXT or a headerless BLOB).
 */
export function readJsonKeepingSlices(
  stored: string | Buffer | Uint8Array,
  opts: Pick<JsonCodecContext, "context"> = {},
): { value: unknown; sliced: boolean } | null {
  if (typeof stored === "string") return null;
  const b = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (!isHeaded(b) || b[0] === H_STRING_V1) return null;
  const { sliced, json } = decodeHeaded(b, opts);
  return { value: JSON.parse(json), sliced };
}

/**
 * Packs a value read with {@link readJsonKeepingSlices} back, markers kept as they are: `sliced`
 * must be what it was read with (a marker is only ever a sliced-out span text, so a value that was
 * not sliced has none).
 */
export function packJsonKeepingSlices(
  value: unknown,
  sliced: boolean,
  opts: Pick<JsonCodecContext, "context"> = {},
): Buffer {
  const json = JSON.stringify(value);
  if (json === undefined) throw new DossierError("INTERNAL", "packJsonKeepingSlices: value has no JSON form");
  const plain = Buffer.from(json, "utf8");
  if (plain.byteLength >= MIN_DEFLATE) {
    const packed = deflateRawSync(plain, { dictionary: dictionaryOf(opts.context ?? []) });
    if (packed.byteLength < plain.byteLength)
      return Buffer.concat([Buffer.of(sliced ? H_DEFLATE_V1_SLICED : H_DEFLATE_V1), packed]);
  }
  return Buffer.concat([Buffer.of(sliced ? H_PLAIN_SLICED : H_PLAIN), plain]);
}
