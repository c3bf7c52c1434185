import { statSync } from "node:fs";
import { DossierError } from "../util/errors.js";
import { openExistingStore } from "./store-path.js";
import { writeExport, streamWriter } from "../export/index.js";
import { catchUp } from "./catch-up.js";

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Export formats of the contract. */
export const EXPORT_FORMATS = ["jsonl", "csv", "gexf", "ftm", "plover"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `dossier export --format F [--out PATH]` (stdout by default; CSV writes a directory). */
export async function exportCommand(values: { db?: string; format?: string; out?: string }, io: Io): Promise<number> {
  const format = (values.format ?? "jsonl") as ExportFormat;
  if (!EXPORT_FORMATS.includes(format))
    throw new DossierError("USAGE", `--format must be one of ${EXPORT_FORMATS.join(", ")}`);
  if (format === "csv" && !values.out)
    throw new DossierError("USAGE", "--format csv writes one file per record kind: give a directory with --out DIR");
  if (format === "csv" && /\.csv$/i.test(values.out!) && !isDirectory(values.out!)) {
    throw new DossierError(
      "USAGE",
      `--format csv writes a directory of files (documents.csv, entities.csv, …), not one file: --out ${values.out} looks like a file name; give a directory, e.g. --out ${values.out!.replace(/\.csv$/i, "")}`,
    );
  }
  const store = await openExistingStore(values.db);
  try {
    await catchUp(store, values.db, io);
    if (values.out) {
      await writeExport(store, format, values.out);
      io.err(`wrote ${format} export to ${values.out}`);
    } else {
      await writeExport(store, format, streamWriter(process.stdout));
    }
    return 0;
  } finally {
    await store.close();
  }
}
