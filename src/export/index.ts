/**
 * Exports of the knowledge base: JSONL (the contract), CSV tables, GEXF 1.3 (Gephi), FollowTheMoney
 * entities and PLOVER events. Everything is read through the {@link Store}; nothing is recomputed.
 */
import { stat } from "node:fs/promises";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { writeCsv, CSV_TABLES, type CsvOptions, type CsvTable } from "./csv.js";
import { writeFtm } from "./ftm.js";
import { writeGexf } from "./gexf.js";
import { writeJsonl } from "./jsonl.js";
import { writePlover } from "./plover.js";
import { fileSink, type ExportWriter } from "./sink.js";

export { CSV_TABLES, CSV_COLUMNS, csvCell, csvRow, type CsvTable } from "./csv.js";
export { FTM_REQUIRED, FTM_SCHEMA_FOR_TYPE, type FtmEntity } from "./ftm.js";
export { PLOVER_QUAD, type PloverEvent } from "./plover.js";
export { GEXF_NS } from "./gexf.js";
export { streamWriter, memorySink, type ExportWriter } from "./sink.js";

/** Export formats. */
export const EXPORT_FORMATS = ["jsonl", "csv", "gexf", "ftm", "plover"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** MIME type and file extension of each format (CSV per table). */
export const EXPORT_MEDIA: Record<ExportFormat, { type: string; ext: string }> = {
  jsonl: { type: "application/x-ndjson; charset=utf-8", ext: "jsonl" },
  csv: { type: "text/csv; charset=utf-8", ext: "csv" },
  gexf: { type: "application/gexf+xml; charset=utf-8", ext: "gexf" },
  ftm: { type: "application/x-ndjson; charset=utf-8", ext: "ftm.json" },
  plover: { type: "application/x-ndjson; charset=utf-8", ext: "plover.jsonl" },
};

/** Options of {@link writeExport}. */
export interface ExportOptions extends CsvOptions {
  /** CSV to a writer: the one table to write. */
  table?: CsvTable;
}

/**
 * Writes the knowledge base in one format.
 * @param store the store to read
 * @param format jsonl | csv | gexf | ftm | plover
 * @param out a writer (stdout, an HTTP stream), or a path: a file for the one-file formats, a
 *   directory for CSV (created if missing; one `<kind>.csv` per record kind plus `evidence.csv`)
 * @throws DossierError USAGE for an unknown format, CSV to a file, or CSV to a writer without `table`
 * @example await writeExport(store, "gexf", "relations.gexf")
 * @example await writeExport(store, "jsonl", { write: (s) => process.stdout.write(s) })
 */
export async function writeExport(
  store: Store,
  format: ExportFormat,
  out: ExportWriter | string,
  opts: ExportOptions = {},
): Promise<void> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new DossierError("USAGE", `unknown export format "${format}": use one of ${EXPORT_FORMATS.join(", ")}`);
  }
  if (format === "csv") {
    if (opts.table && !(CSV_TABLES as readonly string[]).includes(opts.table))
      throw new DossierError("USAGE", `unknown CSV table "${opts.table}"`);
    return writeCsv(store, out, opts);
  }
  if (typeof out === "string") {
    const info = await stat(out).catch(() => null);
    if (info?.isDirectory()) throw new DossierError("USAGE", `${format} export writes one file: ${out} is a directory`);
    const sink = fileSink(out);
    try {
      await writeTo(store, format, sink);
    } catch (err) {
      await sink.close().catch(() => undefined); // the export's own error is the one to report
      throw err;
    }
    await sink.close();
    return;
  }
  await writeTo(store, format, out);
}

async function writeTo(store: Store, format: Exclude<ExportFormat, "csv">, out: ExportWriter): Promise<void> {
  switch (format) {
    case "jsonl":
      return writeJsonl(store, out);
    case "gexf":
      return writeGexf(store, out);
    case "ftm":
      return writeFtm(store, out);
    case "plover":
      return writePlover(store, out);
  }
}
