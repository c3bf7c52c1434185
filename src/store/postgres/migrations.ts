/**
 * Versioned schema of the PostgreSQL store. Each migration runs once, in order, inside one
 * transaction together with its row in `schema_migrations`, under a transaction-scoped advisory
 * lock so that many workers starting at once never race on DDL. Never edit a released migration:
 * append a new one.
 *
 * Tables mirror the SQLite backend (`../sqlite/migrations.ts`) so both answer with the same
 * semantics; the differences are PostgreSQL's own tools: `bytea` for raw bytes, a stored
 * `tsvector` column with a GIN index for full-text search, `json` (not `jsonb`) for records so the
 * key order of exported records is kept byte for byte.
 */

import type pg from "pg";
import { dropOwnFamilies, moveEvidenceToSpans } from "./evidence-rows.js";

/** One schema step. `version` numbers are strictly increasing. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
  /** Row conversion run after `sql`, in the same transaction; `after` (SQL) runs once it is done. */
  run?: (c: pg.PoolClient) => Promise<void>;
  after?: string;
}

/**
 * Longest prefix of a document's text that goes into its `tsvector`. PostgreSQL refuses a tsvector
 * over 1 MB; 300k characters of news prose stays far below that while covering every real article.
 */
export const TSV_MAX_CHARS = 300_000;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: "documents, raw bytes, full-text index, runs, analyses, knowledge base",
    sql: `
CREATE TABLE raw (
  sha256 text PRIMARY KEY,
  bytes  bytea NOT NULL,
  size   integer NOT NULL
);

-- json holds the record as ingested with "text" blanked (the text lives once, in its column);
-- provenance holds the fields the knowledge base writes back (NULL = not yet analysed).
CREATE TABLE documents (
  seq           bigserial UNIQUE,
  id            text PRIMARY KEY,
  sha256        text NOT NULL UNIQUE REFERENCES raw(sha256),
  source        text NOT NULL,
  title         text,
  outlet        text,
  url           text,
  published     text,
  published_day text,
  lang          text NOT NULL,
  text          text NOT NULL,
  json          json NOT NULL,
  provenance    json,
  ingested_at   text NOT NULL,
  -- Built from the accent- and punctuation-folded title and text (see store.ts: searchVectorInput),
  -- with the 'simple' configuration, to match the SQLite backend's unicode61/remove_diacritics index.
  tsv           tsvector NOT NULL
);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_lang ON documents(lang);
CREATE INDEX documents_published ON documents(published_day);
CREATE INDEX documents_tsv ON documents USING gin(tsv);

CREATE TABLE runs (
  id          text PRIMARY KEY,
  started_at  text NOT NULL,
  finished_at text,
  ingested    integer NOT NULL DEFAULT 0,
  duplicate   integer NOT NULL DEFAULT 0,
  failed      integer NOT NULL DEFAULT 0
);
CREATE TABLE run_files (
  run        text NOT NULL REFERENCES runs(id),
  source     text NOT NULL,
  seq        bigserial,
  status     text NOT NULL CHECK (status IN ('ingested', 'duplicate', 'failed')),
  doc        text,
  sha256     text,
  reason     text,
  updated_at text NOT NULL,
  PRIMARY KEY (run, source)
);
CREATE INDEX run_files_order ON run_files(run, seq);

CREATE TABLE analyses (
  doc        text PRIMARY KEY REFERENCES documents(id),
  version    text NOT NULL,
  json       json NOT NULL,
  updated_at text NOT NULL
);

-- Knowledge base: derived, replaced as one unit. ord keeps the builder's order for exports.
CREATE TABLE entities (
  id        text PRIMARY KEY,
  ord       integer NOT NULL,
  type      text NOT NULL,
  name      text NOT NULL,
  docs      integer NOT NULL,
  mentions  integer NOT NULL,
  json      json NOT NULL
);
CREATE INDEX entities_ord ON entities(ord);
CREATE INDEX entities_type ON entities(type);
CREATE TABLE entity_names (
  entity     text NOT NULL,
  name_norm  text NOT NULL,
  is_primary boolean NOT NULL,
  PRIMARY KEY (entity, name_norm)
);
CREATE INDEX entity_names_norm ON entity_names(name_norm text_pattern_ops);

CREATE TABLE mentions (
  ord    integer PRIMARY KEY,
  doc    text NOT NULL,
  entity text NOT NULL,
  start  integer NOT NULL,
  "end"  integer NOT NULL,
  json   json NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc, start);
CREATE INDEX mentions_entity ON mentions(entity, doc);

CREATE TABLE events (
  id         text PRIMARY KEY,
  ord        integer NOT NULL,
  type       text NOT NULL,
  date       text,
  date_start text,
  date_end   text,
  json       json NOT NULL
);
CREATE INDEX events_ord ON events(ord);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_type ON events(type);
CREATE TABLE event_entities (
  event  text NOT NULL,
  entity text NOT NULL,
  role   text NOT NULL CHECK (role IN ('actor', 'target', 'location')),
  PRIMARY KEY (event, entity, role)
);
CREATE INDEX event_entities_entity ON event_entities(entity);

CREATE TABLE quotes (
  id      text PRIMARY KEY,
  ord     integer NOT NULL,
  doc     text NOT NULL,
  start   integer NOT NULL,
  speaker text,
  json    json NOT NULL
);
CREATE INDEX quotes_ord ON quotes(ord);
CREATE INDEX quotes_doc ON quotes(doc, start);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE claims (
  id                  text PRIMARY KEY,
  ord                 integer NOT NULL,
  contested           boolean NOT NULL,
  independent_outlets integer NOT NULL,
  json                json NOT NULL
);
CREATE INDEX claims_ord ON claims(ord);
CREATE TABLE claim_entities (
  claim  text NOT NULL,
  entity text NOT NULL,
  PRIMARY KEY (claim, entity)
);
CREATE INDEX claim_entities_entity ON claim_entities(entity);

CREATE TABLE provisions (
  id        text PRIMARY KEY,
  ord       integer NOT NULL,
  agreement text NOT NULL,
  json      json NOT NULL
);
CREATE INDEX provisions_ord ON provisions(ord);

CREATE TABLE relations (
  id     text PRIMARY KEY,
  ord    integer NOT NULL,
  source text NOT NULL,
  target text NOT NULL,
  type   text NOT NULL,
  json   json NOT NULL
);
CREATE INDEX relations_ord ON relations(ord);
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);

CREATE TABLE links (
  id       text PRIMARY KEY,
  ord      integer NOT NULL,
  doc      text NOT NULL,
  source   text NOT NULL,
  relation text NOT NULL,
  json     json NOT NULL
);
CREATE INDEX links_ord ON links(ord);
CREATE INDEX links_doc ON links(doc);
CREATE INDEX links_source ON links(source);

-- Evidence spans of events, claims, provisions and relations, by document, for the reader view.
CREATE TABLE evidence_spans (
  doc    text NOT NULL,
  start  integer NOT NULL,
  "end"  integer NOT NULL,
  record text NOT NULL,
  kind   text NOT NULL CHECK (kind IN ('event', 'claim', 'provision', 'relation')),
  text   text NOT NULL,
  stance text
);
CREATE INDEX evidence_spans_doc ON evidence_spans(doc, start);
`,
  },
  {
    version: 2,
    name: "indexes matching the timeline and document-list sort orders",
    sql: `
-- Same expressions, collation and order as the ORDER BY clauses in store.ts, so pages need no sort.
CREATE INDEX events_timeline ON events(date_start COLLATE "C", date_end COLLATE "C", ord);
CREATE INDEX documents_listing ON documents(published_day COLLATE "C" DESC NULLS LAST, id COLLATE "C");
`,
  },
  {
    version: 3,
    name: "indexes for entity timelines and date windows",
    sql: `
-- Entity timelines count their events from this index alone (count of distinct events).
CREATE INDEX event_entities_entity_event ON event_entities(entity, event);
-- A date window filters on date_end >= from AND date_start <= to; with only (date_start, date_end)
-- a late window scans every earlier event. The planner picks whichever bound is more selective.
CREATE INDEX events_date_end ON events(date_end);
`,
  },
  {
    version: 4,
    name: "incremental knowledge-base maintenance state; canonical record order",
    sql: `
CREATE TABLE kb_state (
  space text NOT NULL,
  key   text NOT NULL,
  sub   text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (space, key, sub)
);
CREATE SEQUENCE mentions_ord_seq;
ALTER TABLE mentions ALTER COLUMN ord SET DEFAULT nextval('mentions_ord_seq');
CREATE INDEX entities_canonical ON entities(mentions DESC, name COLLATE "C", id COLLATE "C");
CREATE INDEX events_canonical ON events((coalesce(date, '9999')) COLLATE "C", id COLLATE "C");
CREATE INDEX mentions_canonical ON mentions(doc COLLATE "C", start, "end", entity COLLATE "C", ord);
CREATE INDEX evidence_spans_record ON evidence_spans(record);
`,
  },
  {
    version: 5,
    name: "near-duplicate band index re-keyed (new banding)",
    sql: `
-- The old band rows used another banding: the first merge rebuilds the index from the stored sketches.
DELETE FROM kb_state WHERE space = 'lsh';
DELETE FROM kb_state WHERE space = 'meta' AND key = 'lsh';
`,
  },
  {
    version: 6,
    name: "bounded timeline windows, exact event totals kept at write time, trigram entity names",
    sql: `
-- Timeline pages: the same columns, collation and order as the ORDER BY (date_start, date_end, id in
-- "C"), so a page (and a window's lower part) is a range scan that stops after offset + limit rows.
CREATE INDEX events_page ON events(date_start COLLATE "C", date_end COLLATE "C", id COLLATE "C");
DROP INDEX events_timeline;

-- A window [from, to] holds the events starting inside it (a range scan of events_page) and the
-- events that started before it and are still running at "from". Only multi-day events can be in
-- the second group; this GiST index over their [start, end] day range answers "running at day X"
-- without scanning every earlier event. The range type compares days as "C" text (YYYY-MM-DD).
CREATE TYPE dossier_day_range AS RANGE (subtype = text, collation = "C");
CREATE INDEX events_running ON events USING gist (dossier_day_range(date_start, date_end, '[]'))
  WHERE date_start COLLATE "C" < date_end;

-- Exact event totals kept at write time: events per (start day, type), '' for undated events.
-- A timeline total without an entity filter is a sum over at most a few thousand rows instead of
-- a count over every event. Statement-level triggers with transition tables keep it exact under
-- every INSERT, UPDATE, DELETE and TRUNCATE; rows are upserted in key order (no deadlock between
-- two writers).
CREATE TABLE event_day_counts (
  day  text COLLATE "C" NOT NULL,
  type text NOT NULL,
  n    bigint NOT NULL,
  PRIMARY KEY (day, type)
);
INSERT INTO event_day_counts(day, type, n)
  SELECT coalesce(date_start, ''), type, count(*) FROM events GROUP BY 1, 2;
CREATE FUNCTION event_day_counts_add() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  INSERT INTO event_day_counts(day, type, n)
    SELECT coalesce(date_start, ''), type, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, type) DO UPDATE SET n = event_day_counts.n + excluded.n;
  RETURN NULL;
END $f$;
CREATE FUNCTION event_day_counts_remove() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  UPDATE event_day_counts c SET n = c.n - o.n
    FROM (SELECT coalesce(date_start, '') AS day, type, count(*) AS n FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2) o
    WHERE c.day = o.day AND c.type = o.type;
  DELETE FROM event_day_counts c USING (SELECT DISTINCT coalesce(date_start, '') AS day, type FROM old_rows) o
    WHERE c.day = o.day AND c.type = o.type AND c.n = 0;
  RETURN NULL;
END $f$;
CREATE FUNCTION event_day_counts_clear() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  DELETE FROM event_day_counts;
  RETURN NULL;
END $f$;
CREATE TRIGGER events_count_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_add();
CREATE TRIGGER events_count_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_remove();
CREATE TRIGGER events_count_update_old AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_remove();
CREATE TRIGGER events_count_update_new AFTER UPDATE ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_add();
CREATE TRIGGER events_count_truncate AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION event_day_counts_clear();

-- An entity's mentions page (ORDER BY doc, start, ord) straight from the index, and its count
-- index-only; it covers every query the (entity, doc) index served.
CREATE INDEX mentions_entity_page ON mentions(entity, doc, start, ord);
DROP INDEX mentions_entity;

-- Entity lookup by any part of a name: a trigram index serves LIKE '%…%' (the substring rank of
-- findEntities) without reading every name. pg_trgm ships with PostgreSQL and is a trusted
-- extension; where it cannot be installed the lookup still works, by a scan.
DO $do$
DECLARE ns text;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
  EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm unavailable (%): entity names are matched by a scan', SQLERRM;
  END;
  SELECT n.nspname INTO ns FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF ns IS NOT NULL THEN
    EXECUTE format('CREATE INDEX entity_names_trgm ON entity_names USING gin (name_norm %I.gin_trgm_ops)', ns);
  END IF;
END $do$;
`,
  },
  {
    version: 7,
    name: "exact per-entity event counts kept at write time",
    sql: `
-- Events per entity (distinct events, whatever the roles), kept by statement triggers on
-- event_entities: an entity timeline's total is one row, not a count over the entity's index
-- entries (150 ms for an entity in 117k events). Rows of event_entities are written and deleted,
-- never updated (the store replaces an event's rows); an UPDATE is refused so the counts stay exact.
CREATE TABLE entity_event_counts (
  entity text PRIMARY KEY,
  n      bigint NOT NULL
);
INSERT INTO entity_event_counts(entity, n)
  SELECT entity, count(DISTINCT event) FROM event_entities GROUP BY entity;
CREATE FUNCTION entity_event_counts_add() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  -- A pair (event, entity) is new when all its rows now in the table came with this statement.
  INSERT INTO entity_event_counts(entity, n)
    SELECT p.entity, count(*) FROM (SELECT event, entity, count(*) AS k FROM new_rows GROUP BY event, entity) p
    WHERE (SELECT count(*) FROM event_entities x WHERE x.event = p.event AND x.entity = p.entity) = p.k
    GROUP BY p.entity ORDER BY p.entity
    ON CONFLICT (entity) DO UPDATE SET n = entity_event_counts.n + excluded.n;
  RETURN NULL;
END $f$;
CREATE FUNCTION entity_event_counts_remove() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  -- A pair is gone when none of its rows is left.
  UPDATE entity_event_counts c SET n = c.n - d.n
    FROM (SELECT p.entity, count(*) AS n FROM (SELECT DISTINCT event, entity FROM old_rows) p
          WHERE NOT EXISTS (SELECT 1 FROM event_entities x WHERE x.event = p.event AND x.entity = p.entity)
          GROUP BY p.entity ORDER BY p.entity) d
    WHERE c.entity = d.entity;
  DELETE FROM entity_event_counts c WHERE c.n = 0 AND c.entity IN (SELECT DISTINCT entity FROM old_rows);
  RETURN NULL;
END $f$;
CREATE FUNCTION entity_event_counts_clear() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  DELETE FROM entity_event_counts;
  RETURN NULL;
END $f$;
CREATE FUNCTION event_entities_no_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'event_entities rows are deleted and inserted, never updated (entity_event_counts)';
END $f$;
CREATE TRIGGER event_entities_count_insert AFTER INSERT ON event_entities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION entity_event_counts_add();
CREATE TRIGGER event_entities_count_delete AFTER DELETE ON event_entities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION entity_event_counts_remove();
CREATE TRIGGER event_entities_count_truncate AFTER TRUNCATE ON event_entities
  FOR EACH STATEMENT EXECUTE FUNCTION entity_event_counts_clear();
CREATE TRIGGER event_entities_no_update BEFORE UPDATE ON event_entities
  FOR EACH STATEMENT EXECUTE FUNCTION event_entities_no_update();
`,
  },
  {
    version: 8,
    name: "entity timelines read in order from event_entities",
    sql: `
-- An entity's timeline page used to read every event of the entity at random (through
-- event_entities) and sort them. event_entities now carries a copy of its event's sort keys, and
-- event_entities_page (same columns, collation and order as the timeline ORDER BY, after the
-- entity) makes an entity's page, with or without a date window, a range scan that stops after
-- offset + limit distinct events.
ALTER TABLE event_entities ADD COLUMN date_start text, ADD COLUMN date_end text;
-- Only the copies may be updated (migration 7 refused every UPDATE).
DROP TRIGGER event_entities_no_update ON event_entities;
CREATE TRIGGER event_entities_no_update BEFORE UPDATE OF event, entity, role ON event_entities
  FOR EACH STATEMENT EXECUTE FUNCTION event_entities_no_update();
UPDATE event_entities x SET date_start = e.date_start, date_end = e.date_end
  FROM events e WHERE e.id = x.event AND (e.date_start IS NOT NULL OR e.date_end IS NOT NULL);
CREATE INDEX event_entities_page
  ON event_entities(entity, date_start COLLATE "C", date_end COLLATE "C", event COLLATE "C");
-- A window's first part, an entity's multi-day events still running at "from", reads the entity's
-- multi-day events ending on or after "from" instead of every event that started before it.
CREATE INDEX event_entities_running ON event_entities(entity, date_end COLLATE "C")
  WHERE date_start COLLATE "C" < date_end COLLATE "C";
-- (entity, event) and the new index cover every query the (entity) index served.
DROP INDEX event_entities_entity;

-- The copies are kept by triggers: a row written after its event takes the event's keys; an event
-- written or re-dated after its rows passes its keys on.
CREATE FUNCTION event_entities_fill() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  SELECT e.date_start, e.date_end INTO NEW.date_start, NEW.date_end FROM events e WHERE e.id = NEW.event;
  RETURN NEW;
END $f$;
CREATE TRIGGER event_entities_fill BEFORE INSERT ON event_entities
  FOR EACH ROW EXECUTE FUNCTION event_entities_fill();
CREATE FUNCTION event_entities_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $f$
BEGIN
  UPDATE event_entities x SET date_start = n.date_start, date_end = n.date_end
    FROM new_rows n
    WHERE x.event = n.id AND (x.date_start IS DISTINCT FROM n.date_start OR x.date_end IS DISTINCT FROM n.date_end);
  RETURN NULL;
END $f$;
CREATE TRIGGER events_follow_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_entities_follow();
CREATE TRIGGER events_follow_update AFTER UPDATE ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_entities_follow();
`,
  },
  {
    version: 9,
    name: "narrow search table: the tsvector inline, beside the document's seq, id and day",
    sql: `
-- Search used to count and rank matches on documents rows: a wide row whose tsvector was
-- compressed or moved out of line (TOAST), so every counted or ranked match paid a detoast
-- (≈ 40 µs) and a read of a wide heap page. doc_search holds only what counting, ranking and the
-- date filter need, stored in seq order (= storage order): the tsvector stays inline and
-- uncompressed up to a full page (STORAGE MAIN, toast_tuple_target); a page of results joins back
-- to documents by seq for its title and snippet. Rows are written with their document (same
-- statement) and go with it (ON DELETE CASCADE).
CREATE TABLE doc_search (
  seq           bigint PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
  id            text NOT NULL,
  published_day text,
  tsv           tsvector NOT NULL
) WITH (toast_tuple_target = 8160);
ALTER TABLE doc_search ALTER COLUMN tsv SET STORAGE MAIN;
-- lz4 (PostgreSQL 14+, when built with it) decompresses the long vectors that still get compressed
-- several times faster than pglz; without it the default stays.
DO $do$
BEGIN
  -- dynamic, so that PostgreSQL 13 (no SET COMPRESSION in its grammar) reaches the handler instead of
  -- failing when the block is compiled
  EXECUTE 'ALTER TABLE doc_search ALTER COLUMN tsv SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value OR undefined_object THEN
  RAISE NOTICE 'lz4 unavailable (%): search vectors use the default compression', SQLERRM;
END $do$;
INSERT INTO doc_search(seq, id, published_day, tsv) SELECT seq, id, published_day, tsv FROM documents ORDER BY seq;
CREATE INDEX doc_search_tsv ON doc_search USING gin(tsv);
-- The date filter of a search stays on the narrow table.
CREATE INDEX doc_search_day ON doc_search(published_day COLLATE "C");
DROP INDEX documents_tsv;
ALTER TABLE documents DROP COLUMN tsv;
`,
  },
  {
    version: 10,
    name: "events running into a window read from their index alone",
    sql: `
-- A window's first part, the multi-day events that started before "from" and still run at it, was
-- found through events_running but every candidate was then read from the table twice (once to
-- count the part, once to sort its page by start, end and id): a heap page per event, ≈ 2,800 of
-- them for a month of a 1M-event store. This index holds the half-open range (start, end], which
-- contains "from" exactly when start < from <= end (no recheck on the table, and no candidates that
-- start on "from", which belong to the second part), and carries the sort keys and type, so the
-- count and the ordering are index-only scans; only the page's events are then read, by id.
CREATE INDEX events_running_keys ON events USING gist (dossier_day_range(date_start, date_end, '(]'))
  INCLUDE (date_start, date_end, id, type)
  WHERE date_start COLLATE "C" < date_end;
DROP INDEX events_running;
`,
  },
  {
    version: 11,
    name: "search windows of the newest rows: a block-range index on seq, word statistics for their size",
    sql: `
-- A search for a common word walks doc_search from its newest rows in seq windows (decision 136),
-- each window a bitmap ANDed with the word's GIN bitmap. The window's bitmap came from the seq
-- btree: one entry per row, ≈ 26 ms for an 80,000-row window of a 1M store. doc_search rows are
-- written in seq order, so a block-range index answers "seq > x" with a handful of block ranges
-- instead (≈ 2 ms); the rows of a range are rechecked, which costs nothing the heap visit did not.
-- Ranges are summarised as rows are written (autosummarize) and by VACUUM; an unsummarised range
-- is always read, so the newest rows are never missed.
CREATE INDEX doc_search_seq_range ON doc_search USING brin (seq) WITH (pages_per_range = 8, autosummarize = on);
-- The windows are sized from the planner's estimate of the matches. With the default statistics
-- target it tracks the 1,000 commonest words; any other word is guessed at half the rarest tracked
-- frequency (5,000 of 1M for a word in 11,000). Tracking 10,000 words makes the estimate of a word
-- in ≈ 0.1% of the documents or more a measured one; ANALYZE (autovacuum) samples 300,000 rows
-- instead of 30,000 (≈ 18 s at 1M documents on a loaded machine).
ALTER TABLE doc_search ALTER COLUMN tsv SET STATISTICS 1000;
`,
  },
  {
    version: 12,
    name: "documents whose analysis failed, so a build does not try them again at the same version",
    sql: `
CREATE TABLE analysis_failures (
  doc     TEXT PRIMARY KEY REFERENCES documents(id),
  version TEXT NOT NULL,
  reason  TEXT NOT NULL,
  at      TEXT NOT NULL
);
`,
  },
  {
    version: 13,
    name: "evidence of events, claims, provisions and relations kept as span rows (offsets only), not in the records' JSON",
    sql: `
-- A record's evidence array is stored as its rows here, in ord order (decision 140); the record's
-- JSON keeps the placeholder 0 in its place. Span texts are sliced from the document when read.
ALTER TABLE evidence_spans ADD COLUMN actor text;
ALTER TABLE evidence_spans ADD COLUMN ord bigint NOT NULL DEFAULT 0;
ALTER TABLE evidence_spans DROP COLUMN text;
DROP INDEX evidence_spans_record;
-- Rebuilt from the records by the conversion, with their order.
DELETE FROM evidence_spans;
`,
    run: moveEvidenceToSpans,
    after: "CREATE INDEX evidence_spans_record ON evidence_spans(record, ord);",
  },
  {
    version: 14,
    name: "raw input bytes optional: NULL when the store does not keep them",
    sql: `
-- A store opened with keepRaw false (DOSSIER_KEEP_RAW=0) keeps an input's SHA-256 and size only
-- (decision 161); getRaw answers null for those documents.
-- Document texts need no change here: TOAST already compresses values above about 2 KB.
ALTER TABLE raw ALTER COLUMN bytes DROP NOT NULL;
`,
  },
  {
    version: 16,
    name: "walks in order: dated searches by seq with the day in the index, entity lookups by rank",
    sql: `
-- A search for a word common among the documents of its date range reads the newest rows one by one
-- and stops at the count cap (decision 158). Carrying the day beside seq lets that walk test the
-- dates in the index and visit only the rows inside them (a year of a store spread over seven: one
-- row in seven), instead of every row from the newest back.
CREATE INDEX doc_search_seq_day ON doc_search (seq, published_day COLLATE "C");
-- findEntities, for a text inside many names, walks the entities in its own rank order (mentions,
-- documents, name, id) and stops at the limit; entities_canonical lacks the documents key.
CREATE INDEX entities_rank ON entities (mentions DESC, docs DESC, name COLLATE "C", id COLLATE "C");
`,
  },
  {
    version: 17,
    name: "merge units without their own family (the row's document)",
    // The row form changed (decision 177); an older Dossier would read the missing family as absent,
    // so the version also keeps it from opening a converted store.
    sql: "",
    run: dropOwnFamilies,
  },
];
