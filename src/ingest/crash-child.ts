/**
 * Child process for the crash-safety test (`ingest-crash.test.ts`): ingests one directory into a
 * SQLite database with a trivial cleaner, printing `ready` once the store is open and the summary
 * JSON when done. Not part of the CLI.
 *
 * Usage: node crash-child.js DB DIR
 */
import type { CleanedPage, PageInput } from "../model/pipeline.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import { ingestInputs } from "./ingest.js";

/** Plain text in, the same text out: the crash test is about storage, not cleaning. */
function passThrough(page: PageInput): CleanedPage {
  return {
    title: null,
    byline: null,
    authors: [],
    translators: [],
    outlet: null,
    url: null,
    published: null,
    published_source: "none",
    modified: null,
    lang: "en",
    text: page.content.trim(),
    credits: [],
    warnings: [],
  };
}

async function main(): Promise<void> {
  const [db, dir] = process.argv.slice(2);
  if (!db || !dir) throw new Error("usage: crash-child DB DIR");
  const store = createSqliteStore(db);
  await store.init();
  process.stdout.write("ready\n");
  const summary = await ingestInputs(store, [dir], { clean: passThrough });
  await store.close();
  process.stdout.write(JSON.stringify({ ingested: summary.ingested, duplicate: summary.duplicate, failed: summary.failed, files: summary.files }) + "\n");
}

main().catch((err) => {
  process.stderr.write(`crash-child: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
