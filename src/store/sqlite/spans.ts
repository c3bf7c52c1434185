/**
 * Evidence spans of events, claims, provisions and relations in the SQLite store (decision 140):
 * a record's evidence is kept as rows of `evidence_spans` (offsets, stance and actor, and `ord`,
 * the position key), not inside its JSON. A record rewritten by an incremental merge changes only
 * the rows of spans it gained or lost ({@link planSpanDelta}), and no document text is read to
 * write it; texts are sliced back when a record is read.
 */
import type Database from "better-sqlite3";
import {
  joinEvidence,
  ORD_GAP,
  planSpanDelta,
  spanKey,
  SPAN_KINDS,
  type SpanTable,
  type StoredSpan,
} from "../evidence.js";
import type { DocTextOf } from "./codec.js";

/** Prepared statements over `evidence_spans` for one connection. */
export class SpanRows {
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly deleteOne: Database.Statement;
  private readonly deleteAll: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare(
      `SELECT doc, start, "end", stance, actor, ord FROM evidence_spans WHERE record = ? ORDER BY ord`,
    );
    this.insert = db.prepare(
      `INSERT INTO evidence_spans (doc, start, "end", record, kind, stance, actor, ord) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteOne = db.prepare("DELETE FROM evidence_spans WHERE record = ? AND ord = ?");
    this.deleteAll = db.prepare("DELETE FROM evidence_spans WHERE record = ?");
  }

  /** The stored spans of a record, in evidence order. */
  read(record: string): Array<StoredSpan & { ord: number }> {
    return this.select.all(record) as Array<StoredSpan & { ord: number }>;
  }

  /** A stored record with its evidence put back (a no-op for a record that keeps it inline). */
  attach<T extends object>(table: SpanTable, id: string, record: T, textOf: DocTextOf): T {
    return joinEvidence(table, record, this.read(id), textOf);
  }

  /** Writes the spans of a record that has none stored (`ord = i · ORD_GAP`). */
  insertAll(table: SpanTable, record: string, spans: readonly StoredSpan[]): void {
    const kind = SPAN_KINDS[table];
    spans.forEach((s, i) => this.insert.run(s.doc, s.start, s.end, record, kind, s.stance, s.actor, i * ORD_GAP));
  }

  /**
   * Replaces the stored spans of a record by `next`, writing only the rows that change when the
   * order allows it (see planSpanDelta); reads offsets only, never a document text.
   * @returns how many span rows were written or deleted
   */
  replace(table: SpanTable, record: string, next: readonly StoredSpan[]): number {
    const old = this.read(record);
    const plan = planSpanDelta(
      old.map((s) => ({ key: spanKey(s), ord: s.ord })),
      next,
    );
    if (!plan) {
      this.deleteAll.run(record);
      this.insertAll(table, record, next);
      return old.length + next.length;
    }
    const kind = SPAN_KINDS[table];
    for (const ord of plan.remove) this.deleteOne.run(record, ord);
    for (const { span: s, ord } of plan.add)
      this.insert.run(s.doc, s.start, s.end, record, kind, s.stance, s.actor, ord);
    return plan.remove.length + plan.add.length;
  }

  /** Deletes every span of a record. */
  remove(record: string): void {
    this.deleteAll.run(record);
  }
}
