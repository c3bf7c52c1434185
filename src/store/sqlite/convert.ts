/**
 * Migration 6 of the SQLite store: rewrites rows written before the compact record encoding
 * (`codec.ts`, `records.ts`) in it, inside the migration's transaction. Every value is read with
 * the same readers the store uses (which accept every older form) and written back packed, so a
 * converted store reads exactly as before. Freed pages are reused by later writes; `VACUUM`
 * returns them to the file system.
 */
import type Database from "better-sqlite3";
import { packRaw, packRawAgainst, RAW_AGAINST_TEXT, unpackRawAgainst } from "./codec.js";
import { unpackBytes } from "./compact.js";
import { readDocumentText } from "./text-column.js";
import {
  DocTexts,
  documentColumns,
  packAnalysis,
  packDocumentJson,
  packProvenance,
  packRecord,
  packState,
  readAnalysis,
  readDocumentJson,
  readProvenance,
  readRecord,
  readState,
  RECORD_TABLES,
  recordColumns,
  stateKey,
} from "./records.js";

type Row = Record<string, unknown>;

/** Rows read per step, keyed by rowid (no statement stays open while rows are rewritten). */
const BATCH = 500;

/** Calls `fn` on every row of `sql` (which selects `rowid AS rid` and takes `rid > ?` then a limit). */
function eachRow(db: Database.Database, sql: string, fn: (row: Row) => void): void {
  const st = db.prepare(sql);
  let after = -Infinity;
  for (;;) {
    const rows = st.all(after, BATCH) as Row[];
    if (!rows.length) return;
    for (const r of rows) fn(r);
    after = rows[rows.length - 1]!.rid as number;
  }
}

/** True for a value still in an older form (TEXT, or a BLOB without this encoding's header). */
function isOld(stored: unknown): boolean {
  if (typeof stored === "string") return true;
  const b = stored as Uint8Array;
  return b.byteLength > 0 && (b[0]! & 6) !== 6;
}

/** Rewrites every row of the store still in an older form; runs inside the migration transaction. */
export function convertToCompactRows(db: Database.Database): void {
  const texts = new DocTexts(db);
  const textOf = texts.textOf;
  for (const table of RECORD_TABLES) {
    const update = db.prepare(`UPDATE ${table} SET json = ? WHERE rowid = ?`);
    eachRow(
      db,
      `SELECT rowid AS rid, ${recordColumns(table)} FROM ${table} t WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      (r) => {
        if (isOld(r.json)) update.run(packRecord(table, readRecord<object>(table, r, textOf), textOf), r.rid);
      },
    );
  }
  const updateDoc = db.prepare("UPDATE documents SET json = ?, provenance = ? WHERE seq = ?");
  eachRow(
    db,
    `SELECT d.seq AS rid, ${documentColumns()} FROM documents d WHERE d.seq > ? ORDER BY d.seq LIMIT ?`,
    (r) => {
      if (!isOld(r.json) && (r.provenance === null || !isOld(r.provenance))) return;
      const prov =
        r.provenance === null
          ? null
          : packProvenance(r.id as string, readProvenance(r.id as string, r.provenance as string | Buffer));
      updateDoc.run(packDocumentJson(readDocumentJson<object>(r), r), prov, r.rid);
    },
  );
  const updateAnalysis = db.prepare("UPDATE analyses SET json = ? WHERE rowid = ?");
  eachRow(db, "SELECT rowid AS rid, doc, json FROM analyses WHERE rowid > ? ORDER BY rowid LIMIT ?", (r) => {
    if (!isOld(r.json)) return;
    const doc = r.doc as string;
    updateAnalysis.run(packAnalysis(doc, readAnalysis(doc, r.json as string | Buffer, textOf), textOf), r.rid);
  });
  convertState(db, textOf);
  const updateRaw = db.prepare("UPDATE raw SET bytes = ?, codec = ? WHERE sha256 = ?");
  const raws = db.prepare("SELECT r.sha256 AS sha FROM raw r WHERE r.codec IS NULL ORDER BY r.sha256").all() as Array<{
    sha: string;
  }>;
  const readRaw = db.prepare(
    "SELECT r.bytes, r.size, d.text FROM raw r JOIN documents d ON d.sha256 = r.sha256 WHERE r.sha256 = ?",
  );
  for (const { sha } of raws) {
    const r = readRaw.get(sha) as { bytes: Buffer; size: number; text: string | Buffer } | undefined;
    if (!r) continue;
    const packed = packRawAgainst(unpackBytes(r.bytes, r.size), readDocumentText(r.text));
    if (packed) updateRaw.run(packed, RAW_AGAINST_TEXT, sha);
  }
}

/** kb_state is WITHOUT ROWID: walked by its key in batches. */
function convertState(db: Database.Database, textOf: (doc: string) => string | undefined): void {
  const page = db.prepare(
    "SELECT space, key, sub, value FROM kb_state WHERE (space, key, sub) > (?, ?, ?) ORDER BY space, key, sub LIMIT ?",
  );
  const update = db.prepare("UPDATE kb_state SET key = ?, value = ? WHERE space = ? AND key = ? AND sub = ?");
  let after: [string, string | Buffer, string] = ["", "", ""];
  for (;;) {
    const rows = page.all(...after, BATCH) as Array<{
      space: string;
      key: string | Buffer;
      sub: string;
      value: string | Buffer;
    }>;
    if (!rows.length) return;
    for (const r of rows) {
      // Rows already converted: hashed keys sort after every TEXT key, so they come round again.
      if (typeof r.key !== "string") continue;
      const key = stateKey(r.space, r.key);
      const old = isOld(r.value) && !(typeof r.value === "string" && r.value.length === 0);
      const packed = old ? packState(r.key, r.sub, readState(r.key, r.sub, r.value, textOf), textOf) : r.value;
      if (packed !== r.value || key !== r.key) update.run(key, packed, r.space, r.key, r.sub);
    }
    const last = rows[rows.length - 1]!;
    after = [last.space, last.key, last.sub];
  }
}

/**
 * SQLite migration 11: raw bytes stored deflated (`codec` 1 against the text, or NULL) are stored
 * again through {@link packRaw} — brotli when that is smaller (decision 177). `getRaw` answers the
 * same bytes. Walked by `sha256` in batches inside the migration's transaction.
 */
export function repackRawBytes(db: Database.Database): void {
  const page = db.prepare(
    `SELECT r.sha256 AS sha, r.bytes, r.size, r.codec, d.text FROM raw r JOIN documents d ON d.sha256 = r.sha256
      WHERE r.sha256 > ? AND (r.codec IS NULL OR r.codec = ?) ORDER BY r.sha256 LIMIT ?`,
  );
  const update = db.prepare("UPDATE raw SET bytes = ?, codec = ? WHERE sha256 = ?");
  let after = "";
  for (;;) {
    const rows = page.all(after, RAW_AGAINST_TEXT, 200) as Array<{
      sha: string;
      bytes: Buffer;
      size: number;
      codec: number | null;
      text: string | Buffer;
    }>;
    if (!rows.length) break;
    for (const r of rows) {
      const text = readDocumentText(r.text);
      const bytes = r.codec === null ? unpackBytes(r.bytes, r.size) : unpackRawAgainst(r.bytes, text);
      const packed = packRaw(bytes, text);
      if (packed.codec !== r.codec && packed.bytes.byteLength < r.bytes.byteLength)
        update.run(packed.bytes, packed.codec, r.sha);
    }
    after = rows[rows.length - 1]!.sha;
  }
}
