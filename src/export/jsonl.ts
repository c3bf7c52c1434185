/**
 * JSON Lines export per the contract (`../shared/spec/cli-and-export.md`): one record a line, in the
 * store's export order. Schema 1 has no `link` kind: copy links travel on their document as
 * `copy_links`, so link records a store may yield are left out here.
 */
import type { Store } from "../store/store.js";
import type { ExportWriter } from "./sink.js";
import { bufferedWriter } from "./sink.js";

/** Writes every export record as one JSON line. */
export async function writeJsonl(store: Store, out: ExportWriter): Promise<void> {
  const w = bufferedWriter(out);
  for await (const record of store.exportRecords()) {
    if (record.kind === "link") continue;
    await w.write(JSON.stringify(record) + "\n");
  }
  await w.flush();
}
