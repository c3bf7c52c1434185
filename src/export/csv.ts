/**
 * CSV export: one RFC 4180 file per record kind (`documents.csv`, `entities.csv`, … `links.csv`)
 * plus `evidence.csv`, where every evidence span of every event, claim, provision and relation is
 * one row (record kind, record id, doc, start, end, stance, text). Lists are joined with "; ";
 * entity ids come with their names beside them so a spreadsheet reads without lookups.
 *
 * Spreadsheet safety: a text cell that begins with `=`, `+`, `-`, `@`, TAB or CR is prefixed with
 * an apostrophe (OWASP "CSV injection"), so a hostile scraped page cannot plant a formula. The
 * JSONL export is the byte-exact one; pass `{ formulaGuard: false }` to turn the guard off.
 */
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type {
  ClaimRecord,
  CopyLinkRecord,
  ExportRecord,
  DocumentRecord,
  EntityRecord,
  EventRecord,
  MentionRecord,
  ProvisionRecord,
  QuoteRecord,
  RelationRecord,
} from "../model/records.js";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { bufferedWriter, fileSink, type ClosableSink, type ExportWriter } from "./sink.js";

/** Record kinds with a CSV table, in file order. */
export const CSV_TABLES = [
  "documents",
  "entities",
  "mentions",
  "events",
  "quotes",
  "claims",
  "provisions",
  "relations",
  "links",
  "evidence",
] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Options of the CSV export. */
export interface CsvOptions {
  /** Prefix formula-like cells with `'` (default true). */
  formulaGuard?: boolean;
}

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quotes one cell per RFC 4180: wrapped in double quotes (inner quotes doubled) when it holds a
 * comma, quote, CR or LF; null/undefined become empty.
 * @example csvCell('say "hi", then') // '"say ""hi"", then"'
 */
export function csvCell(value: Cell, formulaGuard = true): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : String(value);
  if (formulaGuard && typeof value === "string" && FORMULA_START.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row, CRLF-terminated as RFC 4180 asks. */
export function csvRow(cells: Cell[], formulaGuard = true): string {
  return cells.map((c) => csvCell(c, formulaGuard)).join(",") + "\r\n";
}

/** Column names of each table. */
export const CSV_COLUMNS: Record<CsvTable, string[]> = {
  documents: [
    "id",
    "title",
    "outlet",
    "url",
    "authors",
    "published",
    "lang",
    "source",
    "sha256",
    "spun_score",
    "is_spun",
    "republication_of",
    "family",
    "has_restored_text",
    "text",
  ],
  entities: ["id", "type", "name", "aliases", "roles", "docs", "mentions", "ambiguous"],
  mentions: ["doc", "entity", "entity_name", "start", "end", "text", "via"],
  events: [
    "id",
    "type",
    "mode",
    "modes",
    "date",
    "summary",
    "actors",
    "actor_names",
    "targets",
    "target_names",
    "location",
    "location_name",
    "trigger",
    "independent_outlets",
    "evidence_count",
    "evidence",
    "actor_agents",
    "target_agents",
  ],
  quotes: [
    "id",
    "doc",
    "start",
    "end",
    "text",
    "direct",
    "speaker",
    "speaker_name",
    "speaker_text",
    "cue",
    "event",
    "addressee",
    "spun_wording",
    "independent_outlets",
  ],
  claims: [
    "id",
    "text",
    "asserted_by",
    "asserted_by_names",
    "denied_by",
    "denied_by_names",
    "reported_by",
    "independent_outlets",
    "evidence_count",
    "evidence",
  ],
  provisions: ["id", "agreement", "article", "content", "evidence_count", "evidence"],
  relations: ["id", "source", "source_name", "target", "target_name", "type", "polarity", "evidence_count", "evidence"],
  links: ["id", "doc", "source", "relation", "directed", "score", "reason"],
  evidence: ["record_kind", "record_id", "doc", "start", "end", "stance", "actor", "text"],
};

const join_ = (xs: Array<string | null | undefined> | undefined): string =>
  (xs ?? []).filter((x): x is string => !!x).join("; ");
const spans = (ev: Array<{ doc: string; start: number; end: number }>): string =>
  ev.map((e) => `${e.doc}:${e.start}-${e.end}`).join("; ");

/**
 * Writes the CSV tables. With a directory path, one file per table; with a writer, only `table`
 * (the HTTP API streams one table per request).
 */
export async function writeCsv(
  store: Store,
  out: string | ExportWriter,
  opts: CsvOptions & { table?: CsvTable } = {},
): Promise<void> {
  const guard = opts.formulaGuard ?? true;
  const sinks = new Map<CsvTable, ExportWriter & { flush?: () => Promise<void> }>();
  const closers: ClosableSink[] = [];
  if (typeof out === "string") {
    const info = await stat(out).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw new DossierError("BAD_INPUT", `cannot use ${out} for the CSV export: ${err.message}`, { cause: err });
    });
    if (info && !info.isDirectory())
      throw new DossierError("USAGE", `CSV export writes one file per record kind: ${out} is a file, give a directory`);
    await mkdir(out, { recursive: true });
    for (const t of CSV_TABLES) {
      const file = fileSink(join(out, `${t}.csv`));
      closers.push(file);
      sinks.set(t, bufferedWriter(file));
    }
  } else {
    if (!opts.table)
      throw new DossierError("USAGE", `CSV to a stream needs one table: one of ${CSV_TABLES.join(", ")}`);
    sinks.set(opts.table, bufferedWriter(out));
  }
  const emit = async (t: CsvTable, cells: Cell[]) => {
    const sink = sinks.get(t);
    if (sink) await sink.write(csvRow(cells, guard));
  };
  try {
    for (const t of sinks.keys()) await sinks.get(t)!.write(csvRow(CSV_COLUMNS[t], false));
    const names = new Map<string, string>();
    const name = (id: string | null | undefined) => (id ? (names.get(id) ?? "") : "");
    const names_ = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join("; ");
    const needNames = ["mentions", "events", "quotes", "claims", "relations"].some((t) => sinks.has(t as CsvTable));
    for await (const r of store.exportRecords()) {
      if (r.kind === "entity" && needNames) names.set(r.id, (r as EntityRecord).name);
      if (r.kind === "mention" && !sinks.has("mentions")) continue;
      for (const [table, cells] of csvRowsOf(r, name, names_)) await emit(table, cells);
    }
    if (sinks.has("links")) {
      for (let offset = 0; ; ) {
        const page = await store.listLinks({ limit: 500, offset });
        for (const l of page.items as CopyLinkRecord[])
          await emit("links", [l.id, l.doc, l.source, l.relation, l.directed, l.score, l.reason]);
        offset += page.items.length;
        if (!page.items.length || offset >= page.total) break;
      }
    }
    for (const sink of sinks.values()) await sink.flush?.();
  } catch (err) {
    // Close the files, then report the export's own failure (a close error would only hide it).
    await Promise.allSettled(closers.map((c) => c.close()));
    throw err;
  }
  for (const c of closers) await c.close();
}

/** The CSV rows one exported record contributes: its own table's row, then its evidence rows. */
function csvRowsOf(
  r: ExportRecord,
  name: (id: string | null | undefined) => string,
  names_: (ids: string[]) => string,
): Array<[CsvTable, Cell[]]> {
  const rows: Array<[CsvTable, Cell[]]> = [];
  switch (r.kind) {
    case "document": {
      const d = r as DocumentRecord;
      rows.push([
        "documents",
        [
          d.id,
          d.title,
          d.outlet,
          d.url,
          join_(d.authors),
          d.published,
          d.lang,
          d.source,
          d.sha256,
          d.spun?.score,
          d.spun?.is_spun,
          d.republication_of,
          d.family ?? "",
          d.restored_text != null,
          d.text,
        ],
      ]);
      break;
    }
    case "entity": {
      const e = r as EntityRecord;
      rows.push([
        "entities",
        [e.id, e.type, e.name, join_(e.aliases), join_(e.roles), e.docs, e.mentions, join_(e.ambiguous)],
      ]);
      break;
    }
    case "mention": {
      const m = r as MentionRecord;
      rows.push(["mentions", [m.doc, m.entity, name(m.entity), m.start, m.end, m.text, m.via ?? ""]]);
      break;
    }
    case "event": {
      const e = r as EventRecord;
      rows.push([
        "events",
        [
          e.id,
          e.type,
          e.mode ?? "",
          join_(e.modes),
          e.date,
          e.summary,
          join_(e.actors),
          names_(e.actors),
          join_(e.targets),
          names_(e.targets),
          e.location,
          name(e.location),
          e.trigger ?? "",
          e.independent_outlets ?? "",
          e.evidence.length,
          spans(e.evidence),
          join_(e.actor_agents ?? []),
          join_(e.target_agents ?? []),
        ],
      ]);
      rows.push(...evidenceCsvRows("event", e.id, e.evidence));
      break;
    }
    case "quote": {
      const q = r as QuoteRecord;
      rows.push([
        "quotes",
        [
          q.id,
          q.doc,
          q.start,
          q.end,
          q.text,
          q.direct,
          q.speaker,
          name(q.speaker),
          q.speaker_text,
          q.cue,
          q.event,
          q.addressee ?? "",
          q.spun_wording ?? false,
          q.independent_outlets ?? "",
        ],
      ]);
      break;
    }
    case "claim": {
      const c = r as ClaimRecord;
      rows.push([
        "claims",
        [
          c.id,
          c.text,
          join_(c.asserted_by),
          names_(c.asserted_by),
          join_(c.denied_by),
          names_(c.denied_by),
          join_(c.reported_by),
          c.independent_outlets,
          c.evidence.length,
          spans(c.evidence),
        ],
      ]);
      rows.push(...evidenceCsvRows("claim", c.id, c.evidence));
      break;
    }
    case "provision": {
      const p = r as ProvisionRecord;
      rows.push(["provisions", [p.id, p.agreement, p.article, p.content, p.evidence.length, spans(p.evidence)]]);
      rows.push(...evidenceCsvRows("provision", p.id, p.evidence));
      break;
    }
    case "relation": {
      const rel = r as RelationRecord;
      rows.push([
        "relations",
        [
          rel.id,
          rel.source,
          name(rel.source),
          rel.target,
          name(rel.target),
          rel.type,
          rel.polarity ?? "",
          rel.evidence.length,
          spans(rel.evidence),
        ],
      ]);
      rows.push(...evidenceCsvRows("relation", rel.id, rel.evidence));
      break;
    }
    case "link":
      break; // written below from listLinks, whether or not the store's export yields them
  }
  return rows;
}

/** One `evidence` table row per span of a record. */
function evidenceCsvRows(
  kind: string,
  id: string,
  ev: Array<{ doc: string; start: number; end: number; text: string; stance?: string; actor?: string | null }>,
): Array<[CsvTable, Cell[]]> {
  return ev.map((e) => ["evidence", [kind, id, e.doc, e.start, e.end, e.stance ?? "", e.actor ?? "", e.text]]);
}
