/**
 * SQLite migration 10: the merge units of the knowledge-base state (`u`: partition → doc; `eb`:
 * event block → doc) rewritten in their compact text form (kb/unit-rows.ts), stored as TEXT instead
 * of deflated BLOBs (decision 155). Reading a partition's units is then one `JSON.parse` per row.
 *
 * Long keys are stored hashed, so the rows are found through each document's lists: `dp` (its
 * partitions) and `eo` (its event blocks), as migration 8 did. Rows are walked by key in batches
 * (no whole-table load) inside the migration's transaction. A row's units are decoded with the
 * context it was written with; quote units keep their text sliced from the document, so document
 * texts are read through a bounded cache.
 */
import type Database from "better-sqlite3";
import { encodeUnitRow } from "../../kb/unit-rows.js";
import { DocTexts, readState, stateKey } from "./records.js";

const BATCH = 500;
const SEP = "\u0001";

/** Rewrites every `u` and `eb` row still stored through the generic codec (runs inside the migration transaction). */
export function compactStateUnits(db: Database.Database): void {
  const texts = new DocTexts(db, 8_000_000);
  const listRows = db.prepare(
    "SELECT key, sub, value FROM kb_state WHERE space = ? AND (key, sub) > (?, ?) ORDER BY key, sub LIMIT ?",
  );
  const get = db.prepare("SELECT value FROM kb_state WHERE space = ? AND key = ? AND sub = ?");
  const set = db.prepare("UPDATE kb_state SET value = ? WHERE space = ? AND key = ? AND sub = ?");
  const convert = (space: "u" | "eb", key: string, doc: string): void => {
    const k = stateKey(space, key);
    const row = get.get(space, k, doc) as { value: string | Buffer } | undefined;
    if (!row || typeof row.value === "string") return;
    const units = JSON.parse(readState(key, doc, row.value, texts.textOf)) as object[];
    set.run(encodeUnitRow(doc, units), space, k, doc);
  };
  for (const space of ["dp", "eo"] as const) {
    let after: [string, string] = ["", ""];
    for (;;) {
      const rows = listRows.all(space, ...after, BATCH) as Array<{ key: string; sub: string; value: string | Buffer }>;
      if (!rows.length) break;
      for (const r of rows) {
        const value = readState(r.key, r.sub, r.value, texts.textOf);
        if (space === "dp") for (const p of JSON.parse(value) as string[]) convert("u", p, r.key);
        // eo: doc → sub "P␁B", or (the first block form) sub "P" → value B
        else convert("eb", r.sub.includes(SEP) ? r.sub : r.sub + SEP + value, r.key);
      }
      const last = rows[rows.length - 1]!;
      after = [last.key, last.sub];
    }
  }
}

/**
 * SQLite migration 11: compact `u`/`eb` rows whose family is the row's document drop it (`f`,
 * kb/unit-rows.ts, decision 177); the units they decode to are unchanged. Walks the rows by key
 * in batches inside the migration's transaction.
 */
export function dropOwnFamilies(db: Database.Database): void {
  const list = db.prepare(
    "SELECT key, sub, value FROM kb_state WHERE space = ? AND (key, sub) > (?, ?) ORDER BY key, sub LIMIT ?",
  );
  const set = db.prepare("UPDATE kb_state SET value = ? WHERE space = ? AND key = ? AND sub = ?");
  for (const space of ["u", "eb"]) {
    let after: [string | Buffer, string] = ["", ""];
    for (;;) {
      const rows = list.all(space, ...after, BATCH) as Array<{ key: string | Buffer; sub: string; value: unknown }>;
      if (!rows.length) break;
      for (const r of rows) {
        if (typeof r.value !== "string" || !r.value.startsWith("{")) continue;
        const row = JSON.parse(r.value) as { f?: unknown };
        if (row.f !== r.sub) continue;
        delete row.f;
        set.run(JSON.stringify(row), space, r.key, r.sub);
      }
      const last = rows[rows.length - 1]!;
      after = [last.key, last.sub];
    }
  }
}
