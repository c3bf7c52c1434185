/**
 * JSON Lines export per the contract (`../shared/spec/cli-and-export.md`): one record a line, in the
 * store's export order. Schema 1 has no `link` kind: copy links travel on their document (the copy)
 * as `copy_links`, filled in here from the store's links when the document does not carry them yet;
 * link records a store may yield are left out.
 */
import type { CopyLinkRecord, DocumentRecord } from "../model/records.js";
import type { Store } from "../store/store.js";
import type { ExportWriter } from "./sink.js";
import { bufferedWriter } from "./sink.js";

type CopyLink = NonNullable<DocumentRecord["copy_links"]>[number];

/** Copy links by the copy's document id (one entry per link; links are few next to documents). */
async function linksByDoc(store: Store): Promise<Map<string, CopyLink[]>> {
  const byDoc = new Map<string, CopyLink[]>();
  for (let offset = 0; ; ) {
    const page = await store.listLinks({ limit: 500, offset });
    for (const l of page.items as CopyLinkRecord[]) {
      const list = byDoc.get(l.doc) ?? [];
      list.push({ source: l.source, relation: l.relation, directed: l.directed, score: l.score, reason: l.reason });
      byDoc.set(l.doc, list);
    }
    offset += page.items.length;
    if (!page.items.length || offset >= page.total) break;
  }
  return byDoc;
}

/** Writes every export record as one JSON line. */
export async function writeJsonl(store: Store, out: ExportWriter): Promise<void> {
  const w = bufferedWriter(out);
  const links = await linksByDoc(store);
  for await (const record of store.exportRecords()) {
    if (record.kind === "link") continue;
    if (record.kind === "document" && !record.copy_links && links.has(record.id)) {
      await w.write(JSON.stringify({ ...record, copy_links: links.get(record.id) }) + "\n");
      continue;
    }
    await w.write(JSON.stringify(record) + "\n");
  }
  await w.flush();
}
