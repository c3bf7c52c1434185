/**
 * How the SQLite store packs the JSON of knowledge-base records, documents, analyses and
 * maintenance state (see `codec.ts`): which of a row's own columns seed the dictionary, which
 * document a record's spans point into, and a cache of document texts for slicing span texts.
 */
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import { DossierError } from "../../util/errors.js";
import { type DocTextOf, packJson, packString, readJson, unpackJson } from "./codec.js";
import { readDocumentText } from "./text-column.js";

/** Knowledge-base tables whose rows carry a packed `json` column. */
export type RecordTable =
  | "entities"
  | "mentions"
  | "events"
  | "quotes"
  | "claims"
  | "provisions"
  | "relations"
  | "links";

/**
 * Text columns of each record table that seed the dictionary (their values recur in the record's
 * JSON). Readers must select them beside `json`, under these names.
 */
const CONTEXT_COLUMNS: Record<RecordTable, readonly string[]> = {
  entities: ["id", "name", "type"],
  mentions: ["doc", "entity"],
  events: ["id", "type"],
  quotes: ["id", "doc", "speaker"],
  claims: ["id"],
  provisions: ["id", "agreement"],
  relations: ["id", "source", "target", "type"],
  links: ["id", "doc", "source", "relation"],
};

/** Every record table, in the order of {@link CONTEXT_COLUMNS}. */
export const RECORD_TABLES = Object.keys(CONTEXT_COLUMNS) as readonly RecordTable[];

/** Columns of the documents table that seed the dictionary of its `json` column. */
const DOCUMENT_CONTEXT = ["id", "sha256", "source", "title", "outlet", "url", "published", "lang", "ingested_at"];

/** `alias.json AS json, alias.c AS c, …`: what {@link readRecord} needs of a row of `table`. */
export function recordColumns(table: RecordTable, alias = "t"): string {
  const cols = [`${alias}.json AS json`, ...CONTEXT_COLUMNS[table].map((c) => `${alias}.${c} AS ${c}`)];
  if (table === "mentions") cols.push(`${alias}.start AS start`, `${alias}."end" AS "end"`);
  return cols.join(", ");
}

/**
 * Header bytes (see codec.ts) of a mention stored as nothing but its columns: `{kind, doc,
 * entity, start, end, text}` with text the document's slice, and optionally `via` (the bytes after
 * the header). Most stored records are mentions, and most mentions have exactly this shape.
 */
const H_MENTION = 0x2e;
const H_MENTION_VIA = 0x36;
const MENTION_KEYS = "kind,doc,entity,start,end,text";

/** The short form of a mention of the usual shape, or null. */
function packMention(m: Row, textOf: DocTextOf): Buffer | null {
  const keys = Object.keys(m).join(",");
  const hasVia = keys === `${MENTION_KEYS},via`;
  if (m.kind !== "mention" || (keys !== MENTION_KEYS && !hasVia) || (hasVia && typeof m.via !== "string")) return null;
  if (typeof m.doc !== "string" || typeof m.entity !== "string" || typeof m.text !== "string") return null;
  if (!Number.isInteger(m.start) || !Number.isInteger(m.end)) return null;
  if (textOf(m.doc)?.slice(m.start as number, m.end as number) !== m.text) return null;
  return hasVia
    ? Buffer.concat([Buffer.of(H_MENTION_VIA), Buffer.from(m.via as string, "utf8")])
    : Buffer.of(H_MENTION);
}

/** A mention rebuilt from its columns (row selected with {@link recordColumns}), or null when not in the short form. */
function readMention(row: Row, textOf: DocTextOf): Row | null {
  const b = row.json;
  if (!(b instanceof Uint8Array) || b.byteLength === 0 || (b[0] !== H_MENTION && b[0] !== H_MENTION_VIA)) return null;
  const doc = row.doc as string;
  const start = row.start as number;
  const end = row.end as number;
  const text = textOf(doc);
  if (text === undefined) throw new DossierError("STORE", `stored mention points into unknown document ${doc}`);
  const m: Row = { kind: "mention", doc, entity: row.entity, start, end, text: text.slice(start, end) };
  if (b[0] === H_MENTION_VIA) m.via = Buffer.from(b.buffer, b.byteOffset + 1, b.byteLength - 1).toString("utf8");
  return m;
}

/** Columns of the documents table {@link readDocumentJson} needs, for `alias`. */
export function documentColumns(alias = "d"): string {
  return [`${alias}.json AS json`, `${alias}.text AS text`, `${alias}.provenance AS provenance`]
    .concat(DOCUMENT_CONTEXT.map((c) => `${alias}.${c} AS ${c}`))
    .join(", ");
}

type Row = Record<string, unknown>;

/** A record's JSON as stored in `table` (its column values are the ones the row is written with). */
export function packRecord(table: RecordTable, record: object, textOf: DocTextOf): Buffer {
  const r = record as Row;
  const short = table === "mentions" ? packMention(r, textOf) : null;
  if (short) return short;
  const context = CONTEXT_COLUMNS[table].map((c) => (typeof r[c] === "string" ? (r[c] as string) : null));
  return packJson(record, { context, doc: typeof r.doc === "string" ? r.doc : null, textOf });
}

/** The record of a row selected with {@link recordColumns}. */
export function readRecord<T>(table: RecordTable, row: Row, textOf: DocTextOf): T {
  const mention = table === "mentions" ? readMention(row, textOf) : null;
  if (mention) return mention as T;
  const context = CONTEXT_COLUMNS[table].map((c) => (typeof row[c] === "string" ? (row[c] as string) : null));
  return readJson<T>(row.json as string | Buffer, {
    context,
    doc: typeof row.doc === "string" ? row.doc : null,
    textOf,
  });
}

/** The documents row's `json` value for a record (text blanked by the caller), given its column values. */
export function packDocumentJson(record: object, columns: Row): Buffer {
  return packJson(record, { context: DOCUMENT_CONTEXT.map((c) => (columns[c] as string | null) ?? null) });
}

/** The parsed `json` of a documents row selected with {@link documentColumns}. */
export function readDocumentJson<T>(row: Row): T {
  return readJson<T>(row.json as string | Buffer, {
    context: DOCUMENT_CONTEXT.map((c) => (row[c] as string | null) ?? null),
  });
}

/** A document's provenance fields as stored. */
export function packProvenance(doc: string, provenance: object): string | Buffer {
  return packString(JSON.stringify(provenance), { context: [doc] });
}

/** The provenance fields of a documents row. */
export function readProvenance(doc: string, stored: string | Buffer): Record<string, unknown> {
  return JSON.parse(unpackJson(stored, { context: [doc] })) as Record<string, unknown>;
}

/** An analysis as stored (span texts sliced from its document's text). */
export function packAnalysis(doc: string, json: string, textOf: DocTextOf): string | Buffer {
  return packString(json, { context: [doc], doc, textOf });
}

/** The JSON text of a stored analysis. */
export function readAnalysis(doc: string, stored: string | Buffer, textOf: DocTextOf): string {
  return unpackJson(stored, { context: [doc], doc, textOf });
}

/** State keys longer than this are stored as a hash (partition keys can hold a whole quote). */
const MAX_PLAIN_KEY = 32;

/**
 * A maintenance-state key as stored: short keys as they are, longer ones as the first 16 bytes of
 * their SHA-256 (a BLOB, so never equal to a stored TEXT key). Keys are only ever looked up by
 * equality; the readers get the key from the caller, never from the row. Keys of space "doc" are
 * document ids, which SQL joins against (`listUnmerged`), so they are never hashed.
 */
export function stateKey(space: string, key: string): string | Buffer {
  if (key.length <= MAX_PLAIN_KEY || space === "doc") return key;
  return createHash("sha256").update(key, "utf8").digest().subarray(0, 16);
}

/**
 * State spaces whose values are stored as written (TEXT), not through the generic codec: the merge
 * units of partitions and event blocks (`u`, `eb`, written in their own compact form, kb/unit-rows.ts)
 * and the cluster ranks of event partitions (`er`, a few ids). They are most of the rows one merge
 * reads; inflating each with its own dictionary cost ≈ 10× its `JSON.parse` (decision 155).
 */
const PLAIN_STATE_SPACES: ReadonlySet<string> = new Set(["u", "eb", "er"]);

/**
 * A maintenance-state value as stored (the sub is the document of spans that name none). Values of
 * {@link PLAIN_STATE_SPACES} are kept as written; `readState` reads both forms.
 */
export function packState(key: string, sub: string, value: string, textOf: DocTextOf, space?: string): string | Buffer {
  if (space !== undefined && PLAIN_STATE_SPACES.has(space)) return value;
  return packString(value, { context: [key, sub], doc: sub, textOf });
}

/** A maintenance-state value as written. */
export function readState(key: string, sub: string, stored: string | Buffer, textOf: DocTextOf): string {
  return unpackJson(stored, { context: [key, sub], doc: sub, textOf });
}

/**
 * Document texts by id for slicing span texts, with a cache (least recently used dropped first):
 * a stored document's text never changes (its id is derived from its bytes), so a cached text
 * never goes stale. Unknown ids are not cached (the document may be inserted later). The default
 * size (32M characters, 32–64 MB) holds the texts one incremental merge reads and then writes
 * back at 100k documents (≈ 17k documents; with 4M, 39k of 53k lookups went to SQLite).
 */
export class DocTexts {
  private readonly cache = new Map<string, string>();
  private cachedChars = 0;
  private stmt: Database.Statement | null = null;

  /** @param maxChars how many characters of text to keep cached before dropping the oldest */
  constructor(
    private readonly db: Database.Database,
    private readonly maxChars = 32_000_000,
  ) {}

  /** The text of a document, or undefined when there is no such document. */
  readonly textOf: DocTextOf = (doc: string): string | undefined => {
    const hit = this.cache.get(doc);
    if (hit !== undefined) {
      this.cache.delete(doc);
      this.cache.set(doc, hit);
      return hit;
    }
    this.stmt ??= this.db.prepare("SELECT text FROM documents WHERE id = ?");
    const row = this.stmt.get(doc) as { text: string | Buffer } | undefined;
    if (!row) return undefined;
    const text = readDocumentText(row.text);
    this.cache.set(doc, text);
    this.cachedChars += text.length;
    for (const [k, v] of this.cache) {
      if (this.cachedChars <= this.maxChars || this.cache.size <= 1) break;
      this.cache.delete(k);
      this.cachedChars -= v.length;
    }
    return text;
  };
}
