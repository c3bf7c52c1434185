/**
 * The text of one document's merge units in one partition or event block, as the knowledge-base
 * state keeps it (spaces `u` and `eb`, one row per document).
 *
 * Every unit of such a row starts with the same four fields — `kind` (the partition's), `doc` (the
 * row's document), `outlet` and `family` (the document's) — and most carry their evidence as
 * `{doc, start, end}` of that same document. The compact form states those once per row and writes
 * each unit as an array of its other values, with its shape — the number of a known list of field
 * names, or the list itself — given once per row:
 *
 *     {"k":"rl","o":"Amur Gazette","f":"d_…","s":[7],"u":[[0,0,"e_…",…,[0,59]],[0,1,"e_…",…,[61,185]]]}
 *
 * (`f` is left out when the family is the row's document itself: rows written before decision 177
 * spell it out and read the same.)
 *
 * (`evidence` values `[start, end]`). It is about half the JSON array it replaces, so the row
 * can be stored as plain text and read with one `JSON.parse`, without the per-row deflate and
 * inflate of the store's generic codec (most of the cost of reading a partition's units).
 *
 * {@link decodeUnitRow} gives back units whose `JSON.stringify` is byte-identical to that of the
 * units encoded (same fields, same order); a row that does not fit the pattern is kept as the plain
 * JSON array, which is also how rows written before this form are read.
 */
import { DossierError } from "../util/errors.js";

/** The four leading fields every unit of a row shares. */
const HEAD = ["kind", "doc", "outlet", "family"] as const;

/**
 * The field lists (after the four shared ones) of the units `units.ts` cuts, referred to by their
 * index instead of being listed in each row. Part of the stored format: never change or reorder an
 * entry, only append (a shape not listed here is written out in the row).
 */
const KNOWN_SHAPES: readonly (readonly string[])[] = [
  ["idx", "type", "actors", "targets", "location", "date", "modes", "mode", "summary", "trigger", "evidence", "copyOf"],
  [
    "idx",
    "type",
    "actors",
    "targets",
    "location",
    "date",
    "modes",
    "mode",
    "summary",
    "trigger",
    "actor_agents",
    "evidence",
    "copyOf",
  ],
  [
    "idx",
    "type",
    "actors",
    "targets",
    "location",
    "date",
    "modes",
    "mode",
    "summary",
    "trigger",
    "target_agents",
    "evidence",
    "copyOf",
  ],
  [
    "idx",
    "type",
    "actors",
    "targets",
    "location",
    "date",
    "modes",
    "mode",
    "summary",
    "trigger",
    "actor_agents",
    "target_agents",
    "evidence",
    "copyOf",
  ],
  ["idx", "start", "end", "text", "direct", "speaker", "speaker_text", "cue", "addressee", "event", "spun"],
  ["idx", "key", "text", "stance", "actor", "evidence"],
  ["idx", "agreement", "article", "content", "evidence"],
  ["idx", "source", "target", "type", "polarity", "evidence"],
];
const KNOWN_SHAPE_INDEX = new Map(KNOWN_SHAPES.map((keys, i) => [keys.join("\u0000"), i] as const));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface CompactRow {
  k: string;
  o: string | null;
  /** The units' family; absent when it is the row's document (most documents are in no family). */
  f?: string;
  /** The shapes of the row's units: an index into {@link KNOWN_SHAPES}, or the field names. */
  s: Array<number | string[]>;
  u: Json[][];
}

/** True when `e` is exactly `{doc, start, end}` (in that order) of document `doc`. */
function isOwnSpan(e: unknown, doc: string): e is { doc: string; start: number; end: number } {
  if (e === null || typeof e !== "object" || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  const keys = Object.keys(o);
  return (
    keys.length === 3 &&
    keys[0] === "doc" &&
    keys[1] === "start" &&
    keys[2] === "end" &&
    o.doc === doc &&
    Number.isInteger(o.start) &&
    Number.isInteger(o.end)
  );
}

/** The compact form of a row's units, or null when they do not fit it. */
function compactOf(doc: string, units: readonly object[]): CompactRow | null {
  if (units.length === 0) return null;
  const first = units[0] as Record<string, unknown>;
  if (typeof first.kind !== "string" || typeof first.family !== "string") return null;
  if (first.outlet !== null && typeof first.outlet !== "string") return null;
  const row: CompactRow = { k: first.kind, o: first.outlet as string | null, f: first.family, s: [], u: [] };
  const shapeIndex = new Map<string, number>();
  for (const unit of units) {
    const u = unit as Record<string, unknown>;
    // Fields JSON would drop (undefined values) are not fields of the stored unit.
    const keys = Object.keys(u).filter((k) => u[k] !== undefined);
    for (let i = 0; i < HEAD.length; i++) if (keys[i] !== HEAD[i]) return null;
    if (u.kind !== row.k || u.doc !== doc || u.outlet !== row.o || u.family !== row.f) return null;
    const rest = keys.slice(HEAD.length);
    const values: Json[] = [];
    for (const k of rest) {
      const v = u[k];
      if (k === "evidence") {
        if (!isOwnSpan(v, doc)) return null;
        values.push([v.start, v.end]);
      } else values.push(v as Json);
    }
    const sig = rest.join("\u0000");
    let shape = shapeIndex.get(sig);
    if (shape === undefined) {
      shape = row.s.length;
      shapeIndex.set(sig, shape);
      row.s.push(KNOWN_SHAPE_INDEX.get(sig) ?? rest);
    }
    row.u.push([shape, ...values]);
  }
  // A document in no family of copies is its own family: not repeated (decision 177, 12% of the rows).
  if (row.f === doc) delete row.f;
  return row;
}

/**
 * The stored text of document `doc`'s units in one partition or block (compact when they fit,
 * else their JSON array).
 */
export function encodeUnitRow(doc: string, units: readonly object[]): string {
  const row = compactOf(doc, units);
  return JSON.stringify(row ?? units);
}

/**
 * The units of a stored row of document `doc`, in either form.
 * @throws DossierError STORE when the text is neither form
 */
export function decodeUnitRow<T>(doc: string, text: string): T[] {
  const parsed = JSON.parse(text) as unknown;
  if (Array.isArray(parsed)) return parsed as T[];
  const row = parsed as CompactRow;
  if (!row || !Array.isArray(row.s) || !Array.isArray(row.u))
    throw new DossierError("STORE", `merge units of ${doc} are stored in a form this Dossier cannot read`);
  const out: T[] = [];
  for (const values of row.u) {
    const shape = row.s[values[0] as number];
    const keys = typeof shape === "number" ? KNOWN_SHAPES[shape] : shape;
    if (!keys) throw new DossierError("STORE", `merge units of ${doc} name a unit shape that is not stored`);
    const u: Record<string, unknown> = { kind: row.k, doc, outlet: row.o, family: row.f ?? doc };
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = values[i + 1];
      if (k === "evidence") {
        const [start, end] = v as [number, number];
        u.evidence = { doc, start, end };
      } else u[k] = v;
    }
    out.push(u as T);
  }
  return out;
}
