/**
 * How the SQLite store keeps a document's cleaned text (migration 9, decision 161): raw-deflated
 * (node:zlib, {@link packText}) when that is smaller — a text of 160+ characters shrinks to ≈ 40%
 * and, being smaller, no longer spills a row over a mostly empty overflow page — else as TEXT.
 *
 * The full-text index reads texts through the view `documents_fts_content`, which inflates them
 * with the SQL function {@link TEXT_FUNCTION}; every connection that searches with `snippet()`
 * or writes `documents` (the triggers call it) must register it ({@link registerTextFunction}).
 * The store does so when it opens a database; a tool that opens a store by itself calls the same.
 */
import type Database from "better-sqlite3";
import { packText, unpackText } from "./compact.js";

/** Name of the SQL function that gives the text of a stored `documents.text` value. */
export const TEXT_FUNCTION = "dossier_text";

/** A document's text as stored in `documents.text`. */
export function packDocumentText(text: string): string | Buffer {
  return packText(text);
}

/** The text of a stored `documents.text` value (TEXT as written, a BLOB inflated). */
export function readDocumentText(stored: string | Buffer | Uint8Array): string {
  return unpackText(stored);
}

/** Registers {@link TEXT_FUNCTION} on a connection (deterministic: SQLite may cache its result). */
export function registerTextFunction(db: Database.Database): void {
  db.function(TEXT_FUNCTION, { deterministic: true }, (stored: unknown) => {
    if (stored === null || stored === undefined) return null;
    if (typeof stored === "string" || Buffer.isBuffer(stored)) return readDocumentText(stored);
    return String(stored);
  });
}

/**
 * The full-text index over packed texts (migration 9): external content read through a view that
 * inflates `documents.text`, and triggers that keep the index in the same transaction as the row.
 * Titles are indexed as written before (`coalesce(title, '')`), so every search ranks, filters and
 * quotes snippets exactly as over plain texts.
 */
export const FTS_OVER_PACKED_TEXT = `
CREATE VIEW documents_fts_content AS
  SELECT seq, title, ${TEXT_FUNCTION}(text) AS text FROM documents;
CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text,
  content='documents_fts_content', content_rowid='seq',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, coalesce(new.title, ''), ${TEXT_FUNCTION}(new.text));
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, coalesce(old.title, ''), ${TEXT_FUNCTION}(old.text));
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, coalesce(old.title, ''), ${TEXT_FUNCTION}(old.text));
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, coalesce(new.title, ''), ${TEXT_FUNCTION}(new.text));
END;
`;

/** Rows read per step of {@link packDocumentTexts}. */
const BATCH = 500;

/** Migration 9's row conversion: every plain `documents.text` rewritten packed (no trigger may exist yet). */
export function packDocumentTexts(db: Database.Database): void {
  const page = db.prepare("SELECT seq, text FROM documents WHERE seq > ? ORDER BY seq LIMIT ?");
  const update = db.prepare("UPDATE documents SET text = ? WHERE seq = ?");
  let after = -1;
  for (;;) {
    const rows = page.all(after, BATCH) as Array<{ seq: number; text: string | Buffer }>;
    if (!rows.length) return;
    for (const r of rows) {
      if (typeof r.text !== "string") continue;
      const packed = packDocumentText(r.text);
      if (packed !== r.text) update.run(packed, r.seq);
    }
    after = rows[rows.length - 1]!.seq;
  }
}
