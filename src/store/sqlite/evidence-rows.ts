/**
 * Migration 8 of the SQLite store (decision 140): the evidence of events, claims, provisions and
 * relations moves out of the records' JSON into `evidence_spans` (offsets, stance, actor and the
 * position key `ord`), and the merge units kept in the knowledge-base state lose their evidence
 * texts (the incremental merge needs offsets only). Rows are walked in batches by key, inside the
 * migration's transaction; no document text is read.
 */
import type Database from "better-sqlite3";
import { dropEvidenceTexts, ORD_GAP, SPAN_KINDS, splitEvidence, type SpanTable } from "../evidence.js";
import { packJsonKeepingSlices, readJsonKeepingSlices } from "./codec.js";
import { DocTexts, packRecord, readRecord, readState, recordColumns, stateKey } from "./records.js";

type Row = Record<string, unknown>;

/** Rows read per step. */
const BATCH = 500;

/** Separator of partition and block in the keys of event blocks (kb/event-state.ts). */
const SEP = "\u0001";

/** A record's stored JSON with its sliced span texts dropped rather than restored (they are document slices). */
function recordWithoutTexts(table: SpanTable, row: Row, textOf: (doc: string) => string | undefined): object {
  const raw = readJsonKeepingSlices(row.json as Buffer, { context: contextOf(table, row) });
  if (!raw) return readRecord<object>(table, row, textOf);
  const r = raw.value as { evidence?: unknown };
  if (Array.isArray(r.evidence))
    for (const e of r.evidence as Array<Record<string, unknown>>)
      if (e && typeof e === "object" && e.text === 0 && Number.isInteger(e.start) && Number.isInteger(e.end))
        delete e.text;
  return r;
}

/** The dictionary context of a record row, as records.ts builds it (same columns, same order). */
function contextOf(table: SpanTable, row: Row): Array<string | null> {
  const columns: Record<SpanTable, string[]> = {
    events: ["id", "type"],
    claims: ["id"],
    provisions: ["id", "agreement"],
    relations: ["id", "source", "target", "type"],
  };
  return columns[table].map((c) => (typeof row[c] === "string" ? (row[c] as string) : null));
}

/** Moves every span-table record's evidence into `evidence_spans` (emptied first by the migration's SQL). */
function moveRecordEvidence(db: Database.Database): void {
  const textOf = new DocTexts(db).textOf;
  const insert = db.prepare(
    `INSERT INTO evidence_spans (doc, start, "end", record, kind, stance, actor, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const table of Object.keys(SPAN_KINDS) as SpanTable[]) {
    const kind = SPAN_KINDS[table];
    const page = db.prepare(
      `SELECT rowid AS rid, ${recordColumns(table)} FROM ${table} t WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
    const update = db.prepare(`UPDATE ${table} SET json = ? WHERE rowid = ?`);
    let after = -Infinity;
    for (;;) {
      const rows = page.all(after, BATCH) as Row[];
      if (!rows.length) break;
      for (const row of rows) {
        const record = recordWithoutTexts(table, row, textOf);
        const { stored, spans, inline } = splitEvidence(table, record);
        spans.forEach((s, i) => insert.run(s.doc, s.start, s.end, row.id, kind, s.stance, s.actor, i * ORD_GAP));
        if (!inline) update.run(packRecord(table, stored, textOf), row.rid);
      }
      after = rows[rows.length - 1]!.rid as number;
    }
  }
}

/**
 * Rewrites the merge units of the state without evidence texts: units of claim, provision,
 * relation and pre-block event partitions (`u`, partition → doc; the partitions of a document are
 * listed in its `dp` row) and event blocks (`eb`, partition␁block → doc; listed in `eo`). Their
 * keys are stored hashed when long, so they are found through those lists.
 */
function stripStateUnits(db: Database.Database): void {
  const noText = (): string => {
    throw new Error("no document text is read here");
  };
  const listRows = db.prepare(
    "SELECT key, sub, value FROM kb_state WHERE space = ? AND (key, sub) > (?, ?) ORDER BY key, sub LIMIT ?",
  );
  const get = db.prepare("SELECT value FROM kb_state WHERE space = ? AND key = ? AND sub = ?");
  const set = db.prepare("UPDATE kb_state SET value = ? WHERE space = ? AND key = ? AND sub = ?");
  const strip = (space: string, key: string, sub: string): void => {
    const k = stateKey(space, key);
    const row = get.get(space, k, sub) as { value: string | Buffer } | undefined;
    if (!row) return;
    const context = [key, sub];
    const raw = readJsonKeepingSlices(row.value, { context });
    if (raw) {
      if (dropEvidenceTexts(raw.value))
        set.run(packJsonKeepingSlices(raw.value, raw.sliced, { context }), space, k, sub);
    } else if (typeof row.value === "string" && row.value.startsWith("[")) {
      const value = JSON.parse(row.value) as unknown;
      if (dropEvidenceTexts(value)) set.run(JSON.stringify(value), space, k, sub);
    }
  };
  // dp: doc → JSON list of partitions; eo: doc → sub "P␁B" (or "P" → B, the first block form).
  for (const space of ["dp", "eo"]) {
    let after: [string, string] = ["", ""];
    for (;;) {
      const rows = listRows.all(space, ...after, BATCH) as Array<{ key: string; sub: string; value: string | Buffer }>;
      if (!rows.length) break;
      for (const r of rows) {
        if (space === "dp") {
          const parts = JSON.parse(readState(r.key, r.sub, r.value, noText)) as string[];
          for (const p of parts) strip("u", p, r.key);
        } else {
          const value = readState(r.key, r.sub, r.value, noText);
          strip("eb", r.sub.includes(SEP) ? r.sub : r.sub + SEP + value, r.key);
        }
      }
      const last = rows[rows.length - 1]!;
      after = [last.key, last.sub];
    }
  }
}

/** Migration 8's row conversion; runs inside the migration transaction. */
export function moveEvidenceToSpans(db: Database.Database): void {
  moveRecordEvidence(db);
  stripStateUnits(db);
}
