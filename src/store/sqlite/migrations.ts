/**
 * Versioned schema of the SQLite store. Each migration is applied once, in order, inside one
 * transaction together with its row in `schema_migrations`, so a crash mid-migration leaves the
 * previous version intact. Never edit a released migration: append a new one.
 */

import type Database from "better-sqlite3";
import { convertToCompactRows, repackRawBytes } from "./convert.js";
import { compactStateUnits, dropOwnFamilies } from "./state-rows.js";
import { moveEvidenceToSpans } from "./evidence-rows.js";
import { FTS_OVER_PACKED_TEXT, packDocumentTexts } from "./text-column.js";

/** One schema step. `version` numbers are strictly increasing. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Row conversion run after `sql`, in the same transaction. */
  run?: (db: Database.Database) => void;
}

/** Every schema step, oldest first; `SqliteStore.init()` applies those not yet recorded. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "documents, raw bytes, full-text index, runs, analyses, knowledge base",
    sql: `
CREATE TABLE raw (
  sha256 TEXT PRIMARY KEY,
  bytes  BLOB NOT NULL,
  size   INTEGER NOT NULL
);

-- seq is the integer rowid the FTS index points at; id is the public document id.
-- json holds the record as ingested with "text" blanked (the text lives once, in its column);
-- provenance holds the fields the knowledge base writes back (NULL = not yet analysed).
CREATE TABLE documents (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  sha256        TEXT NOT NULL UNIQUE REFERENCES raw(sha256),
  source        TEXT NOT NULL,
  title         TEXT,
  outlet        TEXT,
  url           TEXT,
  published     TEXT,
  published_day TEXT,
  lang          TEXT NOT NULL,
  text          TEXT NOT NULL,
  json          TEXT NOT NULL,
  provenance    TEXT,
  ingested_at   TEXT NOT NULL
);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_lang ON documents(lang);
CREATE INDEX documents_published ON documents(published_day);

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, text,
  content='documents', content_rowid='seq',
  tokenize='unicode61 remove_diacritics 2'
);
-- Triggers keep the external-content index in the same transaction as the row it indexes.
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, coalesce(old.title, ''), old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.seq, coalesce(old.title, ''), old.text);
  INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, coalesce(new.title, ''), new.text);
END;

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  ingested    INTEGER NOT NULL DEFAULT 0,
  duplicate   INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE run_files (
  run        TEXT NOT NULL REFERENCES runs(id),
  source     TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('ingested', 'duplicate', 'failed')),
  doc        TEXT,
  sha256     TEXT,
  reason     TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (run, source)
);
CREATE INDEX run_files_order ON run_files(run, seq);

CREATE TABLE analyses (
  doc        TEXT PRIMARY KEY REFERENCES documents(id),
  version    TEXT NOT NULL,
  json       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Knowledge base: derived, replaced as one unit. ord keeps the builder's order for exports.
CREATE TABLE entities (
  id        TEXT PRIMARY KEY,
  ord       INTEGER NOT NULL,
  type      TEXT NOT NULL,
  name      TEXT NOT NULL,
  docs      INTEGER NOT NULL,
  mentions  INTEGER NOT NULL,
  json      TEXT NOT NULL
);
CREATE INDEX entities_ord ON entities(ord);
CREATE INDEX entities_type ON entities(type);
-- One row per distinct normalised name or alias of an entity (see semantics.normalizeName).
CREATE TABLE entity_names (
  entity     TEXT NOT NULL,
  name_norm  TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (entity, name_norm)
);
CREATE INDEX entity_names_norm ON entity_names(name_norm);

CREATE TABLE mentions (
  ord    INTEGER PRIMARY KEY,
  doc    TEXT NOT NULL,
  entity TEXT NOT NULL,
  start  INTEGER NOT NULL,
  "end"  INTEGER NOT NULL,
  json   TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc, start);
CREATE INDEX mentions_entity ON mentions(entity, doc);

CREATE TABLE events (
  id         TEXT PRIMARY KEY,
  ord        INTEGER NOT NULL,
  type       TEXT NOT NULL,
  date       TEXT,
  date_start TEXT,
  date_end   TEXT,
  json       TEXT NOT NULL
);
CREATE INDEX events_ord ON events(ord);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_type ON events(type);
CREATE TABLE event_entities (
  event  TEXT NOT NULL,
  entity TEXT NOT NULL,
  role   TEXT NOT NULL CHECK (role IN ('actor', 'target', 'location')),
  PRIMARY KEY (event, entity, role)
);
CREATE INDEX event_entities_entity ON event_entities(entity);

CREATE TABLE quotes (
  id      TEXT PRIMARY KEY,
  ord     INTEGER NOT NULL,
  doc     TEXT NOT NULL,
  start   INTEGER NOT NULL,
  speaker TEXT,
  json    TEXT NOT NULL
);
CREATE INDEX quotes_ord ON quotes(ord);
CREATE INDEX quotes_doc ON quotes(doc, start);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE claims (
  id                  TEXT PRIMARY KEY,
  ord                 INTEGER NOT NULL,
  contested           INTEGER NOT NULL,
  independent_outlets INTEGER NOT NULL,
  json                TEXT NOT NULL
);
CREATE INDEX claims_ord ON claims(ord);
CREATE TABLE claim_entities (
  claim  TEXT NOT NULL,
  entity TEXT NOT NULL,
  PRIMARY KEY (claim, entity)
);
CREATE INDEX claim_entities_entity ON claim_entities(entity);

CREATE TABLE provisions (
  id        TEXT PRIMARY KEY,
  ord       INTEGER NOT NULL,
  agreement TEXT NOT NULL,
  json      TEXT NOT NULL
);
CREATE INDEX provisions_ord ON provisions(ord);

CREATE TABLE relations (
  id     TEXT PRIMARY KEY,
  ord    INTEGER NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  type   TEXT NOT NULL,
  json   TEXT NOT NULL
);
CREATE INDEX relations_ord ON relations(ord);
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);

CREATE TABLE links (
  id       TEXT PRIMARY KEY,
  ord      INTEGER NOT NULL,
  doc      TEXT NOT NULL,
  source   TEXT NOT NULL,
  relation TEXT NOT NULL,
  json     TEXT NOT NULL
);
CREATE INDEX links_ord ON links(ord);
CREATE INDEX links_doc ON links(doc);
CREATE INDEX links_source ON links(source);

-- Evidence spans of events, claims, provisions and relations, by document, for the reader view.
CREATE TABLE evidence_spans (
  doc    TEXT NOT NULL,
  start  INTEGER NOT NULL,
  "end"  INTEGER NOT NULL,
  record TEXT NOT NULL,
  kind   TEXT NOT NULL CHECK (kind IN ('event', 'claim', 'provision', 'relation')),
  text   TEXT NOT NULL,
  stance TEXT
);
CREATE INDEX evidence_spans_doc ON evidence_spans(doc, start);
`,
  },
  {
    version: 2,
    name: "indexes matching the timeline and document-list sort orders",
    sql: `
-- Same expressions, same order as the ORDER BY clauses in store.ts, so pages need no sort.
CREATE INDEX events_timeline ON events((date_start IS NULL), date_start, date_end, ord);
CREATE INDEX documents_listing ON documents((published_day IS NULL), published_day DESC, id);
`,
  },
  {
    version: 3,
    name: "incremental knowledge-base maintenance state; canonical record order",
    sql: `
-- (space, key, sub) → value: entity aggregates, near-duplicate bands, merge units, families …
CREATE TABLE kb_state (
  space TEXT NOT NULL,
  key   TEXT NOT NULL,
  sub   TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (space, key, sub)
) WITHOUT ROWID;
CREATE INDEX entities_canonical ON entities(mentions DESC, name, id);
CREATE INDEX events_canonical ON events(coalesce(date, '9999'), id);
CREATE INDEX mentions_canonical ON mentions(doc, start, "end", entity);
-- mentions_canonical starts with (doc, start): the older index is redundant.
DROP INDEX mentions_doc;
CREATE INDEX quotes_canonical ON quotes(doc, start, id);
CREATE INDEX provisions_canonical ON provisions(agreement, id);
CREATE INDEX links_canonical ON links(doc, source, id);
CREATE INDEX evidence_spans_record ON evidence_spans(record);
`,
  },
  {
    version: 4,
    name: "near-duplicate band index as integer rows; new banding",
    sql: `
-- band = (view · 64 + band number) · 2^32 + hash of the band's rows (kb/near-dup.ts); doc = documents.seq.
CREATE TABLE kb_lsh (
  band INTEGER NOT NULL,
  doc  INTEGER NOT NULL,
  PRIMARY KEY (band, doc)
) WITHOUT ROWID;
-- The old band rows used another banding: the first merge rebuilds the index from the stored sketches.
DELETE FROM kb_state WHERE space = 'lsh';
DELETE FROM kb_state WHERE space = 'meta' AND key = 'lsh';
`,
  },
  {
    version: 5,
    name: "evidence span texts sliced from the document text; raw bytes against the text; unused indexes dropped; side tables without rowid",
    sql: `
-- documentEvidence slices each span from its document's text: the copy went.
ALTER TABLE evidence_spans DROP COLUMN text;
-- NULL: bytes as before (deflated when stored length differs from size); 1: raw-deflated with the
-- UTF-8 of the document's cleaned text as preset dictionary (codec.ts, packRawAgainst).
ALTER TABLE raw ADD COLUMN codec INTEGER;
-- No query uses these (EXPLAIN QUERY PLAN over every statement of store.ts): the ord indexes only
-- served count(*), which any other index answers; quotes_canonical and links_canonical start with
-- doc; entity lookups match names with LIKE '%…%', which cannot use an index.
DROP INDEX entities_ord;
DROP INDEX events_ord;
DROP INDEX quotes_ord;
DROP INDEX claims_ord;
DROP INDEX provisions_ord;
DROP INDEX relations_ord;
DROP INDEX links_ord;
DROP INDEX quotes_doc;
DROP INDEX links_doc;
DROP INDEX entity_names_norm;
-- Side tables whose rows are their primary key: WITHOUT ROWID keeps each row once (a rowid table
-- keeps the row and again its key in the primary-key index).
CREATE TABLE entity_names_v5 (
  entity     TEXT NOT NULL,
  name_norm  TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (entity, name_norm)
) WITHOUT ROWID;
INSERT INTO entity_names_v5 SELECT entity, name_norm, is_primary FROM entity_names;
DROP TABLE entity_names;
ALTER TABLE entity_names_v5 RENAME TO entity_names;
CREATE TABLE event_entities_v5 (
  event  TEXT NOT NULL,
  entity TEXT NOT NULL,
  role   TEXT NOT NULL CHECK (role IN ('actor', 'target', 'location')),
  PRIMARY KEY (event, entity, role)
) WITHOUT ROWID;
INSERT INTO event_entities_v5 SELECT event, entity, role FROM event_entities;
DROP TABLE event_entities;
ALTER TABLE event_entities_v5 RENAME TO event_entities;
CREATE INDEX event_entities_entity ON event_entities(entity);
CREATE TABLE claim_entities_v5 (
  claim  TEXT NOT NULL,
  entity TEXT NOT NULL,
  PRIMARY KEY (claim, entity)
) WITHOUT ROWID;
INSERT INTO claim_entities_v5 SELECT claim, entity FROM claim_entities;
DROP TABLE claim_entities;
ALTER TABLE claim_entities_v5 RENAME TO claim_entities;
CREATE INDEX claim_entities_entity ON claim_entities(entity);
`,
  },
  {
    version: 6,
    name: "records, documents, analyses, state and raw bytes rewritten in the compact encoding",
    sql: "",
    run: convertToCompactRows,
  },
  {
    version: 7,
    name: "documents whose analysis failed, so a build does not try them again at the same version",
    sql: `
CREATE TABLE analysis_failures (
  doc     TEXT PRIMARY KEY REFERENCES documents(id),
  version TEXT NOT NULL,
  reason  TEXT NOT NULL,
  at      TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    version: 8,
    name: "evidence of events, claims, provisions and relations kept as span rows (offsets only), not in the records' JSON",
    sql: `
-- A record's evidence array is stored as its rows here, in ord order (decision 140); the record's
-- JSON keeps the placeholder 0 in its place. actor: a claim span's actor (NULL for other kinds).
ALTER TABLE evidence_spans ADD COLUMN actor TEXT;
ALTER TABLE evidence_spans ADD COLUMN ord INTEGER NOT NULL DEFAULT 0;
DROP INDEX evidence_spans_record;
-- Rebuilt from the records by the conversion below, with their order.
DELETE FROM evidence_spans;
`,
    run: (db) => {
      moveEvidenceToSpans(db);
      db.exec("CREATE INDEX evidence_spans_record ON evidence_spans(record, ord)");
    },
  },
  {
    version: 9,
    name: "document texts deflated; the full-text index reads them through a view; mentions kept in their key order",
    sql: `
-- The index is rebuilt from the packed texts below; the old triggers would re-index every row
-- the conversion rewrites.
DROP TRIGGER IF EXISTS documents_fts_insert;
DROP TRIGGER IF EXISTS documents_fts_delete;
DROP TRIGGER IF EXISTS documents_fts_update;
DROP TABLE IF EXISTS documents_fts;
DROP VIEW IF EXISTS documents_fts_content;
-- Mentions are read by document in (start, end, entity, ord) order and by entity: a table ordered by
-- that key needs no second copy of every row in an index (mentions_canonical). ord now only orders
-- a document's mentions among themselves (the position they were written in); old values keep
-- their order.
CREATE TABLE mentions_v9 (
  doc    TEXT NOT NULL,
  start  INTEGER NOT NULL,
  "end"  INTEGER NOT NULL,
  entity TEXT NOT NULL,
  ord    INTEGER NOT NULL,
  json   BLOB NOT NULL,
  PRIMARY KEY (doc, start, "end", entity, ord)
) WITHOUT ROWID;
INSERT INTO mentions_v9 (doc, start, "end", entity, ord, json) SELECT doc, start, "end", entity, ord, json FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v9 RENAME TO mentions;
CREATE INDEX mentions_entity ON mentions(entity, doc);
`,
    run: (db) => {
      packDocumentTexts(db);
      db.exec(FTS_OVER_PACKED_TEXT);
      db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')");
    },
  },
  {
    version: 10,
    name: "merge units of the knowledge-base state in their compact text form, not deflated",
    sql: "",
    run: compactStateUnits,
  },
  {
    version: 11,
    name: "entity_docs: the (entity, doc) pairs of the mentions instead of an index over every mention; merge units without their own family; raw bytes brotli where smaller",
    sql: `
-- mentions_entity (entity, doc) held the whole primary key of every mention (entity, doc, start,
-- end, ord): as large as the table itself. The reads by entity need only the documents that
-- mention it (then the document's rows by primary key): one row per (entity, document) pair,
-- kept by the store wherever it writes or deletes a document's mentions (decision 177).
-- (Written to run again over a store whose recorded version was set back, as tests do.)
CREATE TABLE IF NOT EXISTS entity_docs (
  entity TEXT NOT NULL,
  doc    TEXT NOT NULL,
  PRIMARY KEY (entity, doc)
) WITHOUT ROWID;
DELETE FROM entity_docs;
INSERT INTO entity_docs (entity, doc) SELECT DISTINCT entity, doc FROM mentions;
DROP INDEX IF EXISTS mentions_entity;
`,
    run: (db) => {
      dropOwnFamilies(db);
      repackRawBytes(db);
    },
  },
];
