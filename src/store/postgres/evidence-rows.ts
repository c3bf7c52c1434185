/**
 * Evidence spans of events, claims, provisions and relations in the PostgreSQL store (decision
 * 140), as in the SQLite store (`../sqlite/spans.ts`): a record's evidence is kept as rows of
 * `evidence_spans` (offsets, stance, actor and the position key `ord`), not inside its JSON; a
 * rewritten record changes only the span rows it gained or lost; texts are sliced from the
 * documents when a record is read. Also migration 13's row conversion.
 */
import type pg from "pg";
import {
  dropEvidenceTexts,
  EVIDENCE_IN_SPANS,
  joinEvidence,
  ORD_GAP,
  planSpanDelta,
  spanKey,
  SPAN_KINDS,
  splitEvidence,
  type SpanTable,
  type StoredSpan,
} from "../evidence.js";

/** Rows per statement. */
const CHUNK = 1000;

/** A span row ready for `insertSpanRows`. */
export interface SpanRow {
  record: string;
  kind: string;
  span: StoredSpan;
  ord: number;
}

/** Inserts span rows in chunks. */
export async function insertSpanRows(c: pg.PoolClient, rows: readonly SpanRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await c.query(
      `INSERT INTO evidence_spans(doc, start, "end", record, kind, stance, actor, ord)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])`,
      [
        chunk.map((r) => r.span.doc),
        chunk.map((r) => r.span.start),
        chunk.map((r) => r.span.end),
        chunk.map((r) => r.record),
        chunk.map((r) => r.kind),
        chunk.map((r) => r.span.stance),
        chunk.map((r) => r.span.actor),
        chunk.map((r) => r.ord),
      ],
    );
  }
}

/** Stored spans of these records, by record, in `ord` order. */
async function spansOf(
  c: pg.PoolClient | pg.Pool,
  records: readonly string[],
): Promise<Map<string, Array<StoredSpan & { ord: number }>>> {
  const out = new Map<string, Array<StoredSpan & { ord: number }>>();
  for (let i = 0; i < records.length; i += CHUNK) {
    const res = await c.query<StoredSpan & { record: string; ord: string }>(
      `SELECT record, doc, start, "end", stance, actor, ord FROM evidence_spans WHERE record = ANY($1::text[]) ORDER BY record, ord`,
      [records.slice(i, i + CHUNK)],
    );
    for (const r of res.rows) {
      let list = out.get(r.record);
      if (!list) out.set(r.record, (list = []));
      list.push({ doc: r.doc, start: r.start, end: r.end, stance: r.stance, actor: r.actor, ord: Number(r.ord) });
    }
  }
  return out;
}

/** The stored JSON of a record of a span table (evidence replaced by the placeholder when it is kept as spans), and its spans. */
export function storedForm(table: SpanTable, record: object): { json: string; spans: StoredSpan[] } {
  const { stored, spans } = splitEvidence(table, record);
  return { json: JSON.stringify(stored), spans };
}

/**
 * Replaces the stored spans of records about to be rewritten by their new spans, writing only
 * the rows that change where the order allows it (`planSpanDelta`); reads offsets only.
 */
export async function replaceSpans(
  c: pg.PoolClient,
  records: ReadonlyArray<{ table: SpanTable; id: string; spans: readonly StoredSpan[] }>,
): Promise<void> {
  const old = await spansOf(
    c,
    records.map((r) => r.id),
  );
  const removeAll: string[] = [];
  const removeOne: Array<[string, number]> = [];
  const add: SpanRow[] = [];
  for (const r of records) {
    const kind = SPAN_KINDS[r.table];
    const before = old.get(r.id) ?? [];
    const plan = planSpanDelta(
      before.map((s) => ({ key: spanKey(s), ord: s.ord })),
      r.spans,
    );
    if (!plan) {
      removeAll.push(r.id);
      r.spans.forEach((span, i) => add.push({ record: r.id, kind, span, ord: i * ORD_GAP }));
      continue;
    }
    for (const ord of plan.remove) removeOne.push([r.id, ord]);
    for (const { span, ord } of plan.add) add.push({ record: r.id, kind, span, ord });
  }
  for (let i = 0; i < removeAll.length; i += CHUNK)
    await c.query("DELETE FROM evidence_spans WHERE record = ANY($1::text[])", [removeAll.slice(i, i + CHUNK)]);
  for (let i = 0; i < removeOne.length; i += CHUNK) {
    const chunk = removeOne.slice(i, i + CHUNK);
    await c.query(
      `DELETE FROM evidence_spans s USING unnest($1::text[], $2::bigint[]) AS v(record, ord) WHERE s.record = v.record AND s.ord = v.ord`,
      [chunk.map((x) => x[0]), chunk.map((x) => x[1])],
    );
  }
  await insertSpanRows(c, add);
}

const TABLE_OF_KIND: Record<string, SpanTable> = {
  event: "events",
  claim: "claims",
  provision: "provisions",
  relation: "relations",
};

/**
 * Puts back the evidence of the records (of any kind) whose evidence is kept as spans, in place:
 * one query for their spans, one for the texts of the documents they point into.
 */
export async function attachEvidence<T>(c: pg.PoolClient | pg.Pool, records: T[]): Promise<T[]> {
  const spanned = records.filter(
    (r) =>
      (r as { evidence?: unknown }).evidence === EVIDENCE_IN_SPANS &&
      TABLE_OF_KIND[(r as { kind?: string }).kind ?? ""] !== undefined,
  ) as Array<T & { id: string; kind: string }>;
  if (!spanned.length) return records;
  const spans = await spansOf(
    c,
    spanned.map((r) => r.id),
  );
  const docs = new Set<string>();
  for (const list of spans.values()) for (const s of list) docs.add(s.doc);
  const texts = new Map<string, string>();
  const ids = [...docs];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const res = await c.query<{ id: string; text: string }>(
      "SELECT id, text FROM documents WHERE id = ANY($1::text[])",
      [ids.slice(i, i + CHUNK)],
    );
    for (const r of res.rows) texts.set(r.id, r.text);
  }
  for (const r of spanned) joinEvidence(TABLE_OF_KIND[r.kind]!, r, spans.get(r.id) ?? [], (d) => texts.get(d));
  return records;
}

/**
 * Migration 13's conversion: every span-table record's evidence moves into `evidence_spans`
 * (emptied by the migration's SQL), and merge units in the state (`u`, `eb`) lose their evidence
 * texts. Walked by key in batches; no document text is read.
 */
export async function moveEvidenceToSpans(c: pg.PoolClient): Promise<void> {
  for (const table of Object.keys(SPAN_KINDS) as SpanTable[]) {
    const kind = SPAN_KINDS[table];
    let after = "";
    for (;;) {
      const res = await c.query<{ id: string; json: string }>(
        `SELECT id, json::text AS json FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${CHUNK}`,
        [after],
      );
      if (!res.rows.length) break;
      const rows: SpanRow[] = [];
      const ids: string[] = [];
      const jsons: string[] = [];
      for (const r of res.rows) {
        const { stored, spans, inline } = splitEvidence(table, JSON.parse(r.json) as object);
        spans.forEach((span, i) => rows.push({ record: r.id, kind, span, ord: i * ORD_GAP }));
        if (!inline) {
          ids.push(r.id);
          jsons.push(JSON.stringify(stored));
        }
      }
      await insertSpanRows(c, rows);
      await c.query(
        `UPDATE ${table} t SET json = v.j FROM unnest($1::text[], $2::json[]) AS v(id, j) WHERE t.id = v.id`,
        [ids, jsons],
      );
      after = res.rows[res.rows.length - 1]!.id;
    }
  }
  await rewriteStateRows(c, (value) => {
    if (!value.startsWith("[")) return null;
    const parsed = JSON.parse(value) as unknown;
    return dropEvidenceTexts(parsed) ? JSON.stringify(parsed) : null;
  });
}

/**
 * PostgreSQL migration 17: compact merge-unit rows (`u`, `eb`; kb/unit-rows.ts) whose family is the
 * row's document drop it (`f`, decision 177); they decode to the same units. Keyset walk, in the
 * migration's transaction.
 */
export async function dropOwnFamilies(c: pg.PoolClient): Promise<void> {
  await rewriteStateRows(c, (value, sub) => {
    if (!value.startsWith("{")) return null;
    const row = JSON.parse(value) as { f?: unknown };
    if (row.f !== sub) return null;
    delete row.f;
    return JSON.stringify(row);
  });
}

/**
 * Rewrites the merge-unit rows (`kb_state` spaces `u` and `eb`) in the primary key's own order (a keyset walk
 * over its index; any collation walks every row once), `CHUNK` rows a statement, inside the caller's
 * transaction. `rewrite` returns a row's new value, or null to leave it as it is.
 */
async function rewriteStateRows(
  c: pg.PoolClient,
  rewrite: (value: string, sub: string) => string | null,
): Promise<void> {
  for (const space of ["u", "eb"]) {
    let after: [string, string] = ["", ""];
    for (;;) {
      const res = await c.query<{ key: string; sub: string; value: string }>(
        `SELECT key, sub, value FROM kb_state WHERE space = $1 AND (key, sub) > ($2, $3) ORDER BY key, sub LIMIT ${CHUNK}`,
        [space, ...after],
      );
      if (!res.rows.length) break;
      const keys: string[] = [];
      const subs: string[] = [];
      const values: string[] = [];
      for (const r of res.rows) {
        const value = rewrite(r.value, r.sub);
        if (value === null) continue;
        keys.push(r.key);
        subs.push(r.sub);
        values.push(value);
      }
      if (keys.length)
        await c.query(
          `UPDATE kb_state s SET value = v.value FROM unnest($2::text[], $3::text[], $4::text[]) AS v(key, sub, value)
           WHERE s.space = $1 AND s.key = v.key AND s.sub = v.sub`,
          [space, keys, subs, values],
        );
      const last = res.rows[res.rows.length - 1]!;
      after = [last.key, last.sub];
    }
  }
}
