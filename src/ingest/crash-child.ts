/**
 * Child process for the crash-safety tests (`ingest-crash.test.ts`). Not part of the CLI.
 *   `ingest DB DIR`: ingests DIR with a trivial cleaner; prints `ready` once the store is open,
 *   `stored` after each new document, and the summary JSON when done.
 *   `kb DB [N]`: replaces the knowledge base forever, alternating two versions of N entities and
 *   mentions; prints `ready` before the first replacement.
 */
import type { DocumentRecord, EntityRecord, MentionRecord } from "../model/records.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import type { KnowledgeBase } from "../store/store.js";
import { sha256Hex } from "../util/ids.js";
import { buildDocument, ingestInputs } from "./ingest.js";
import { passThroughClean as passThrough } from "./pass-through.js";

/** A knowledge base of `n` entities and mentions into `doc`, every id tagged with `tag`. */
function taggedKb(tag: string, n: number, doc: DocumentRecord): KnowledgeBase {
  const entities: EntityRecord[] = [];
  const mentions: MentionRecord[] = [];
  for (let i = 0; i < n; i++) {
    entities.push({
      kind: "entity",
      id: `e_${tag}_${i}`,
      type: "person",
      name: `${tag} person ${i}`,
      aliases: [],
      roles: [],
      docs: 1,
      mentions: 1,
    });
    mentions.push({
      kind: "mention",
      doc: doc.id,
      entity: `e_${tag}_${i}`,
      start: 0,
      end: 7,
      text: doc.text.slice(0, 7),
    });
  }
  return {
    entities,
    mentions,
    events: [],
    quotes: [],
    claims: [],
    provisions: [],
    relations: [],
    links: [],
    documents: [
      {
        id: doc.id,
        spun: { score: 0, is_spun: false },
        republication_of: null,
        restored_text: null,
        family: `f_${tag}`,
      },
    ],
  };
}

async function main(): Promise<void> {
  const [mode, db, arg] = process.argv.slice(2);
  if (mode === "ingest" && db && arg) {
    const store = createSqliteStore(db);
    await store.init();
    process.stdout.write("ready\n");
    // "stored" after each new document lets the parent aim kills at the write phase.
    const summary = await ingestInputs(store, [arg], {
      clean: passThrough,
      onDocument: () => void process.stdout.write("stored\n"),
    });
    await store.close();
    process.stdout.write(
      JSON.stringify({
        ingested: summary.ingested,
        duplicate: summary.duplicate,
        failed: summary.failed,
        files: summary.files,
      }) + "\n",
    );
    return;
  }
  if (mode === "kb" && db) {
    // Replaces the knowledge base over and over, alternating two versions, until killed.
    const store = createSqliteStore(db);
    await store.init();
    const raw = new TextEncoder().encode("Entity text for the knowledge-base crash test.");
    const sha = sha256Hex(raw);
    const doc: DocumentRecord = {
      ...buildDocument(
        "kb-crash.txt",
        sha,
        passThrough({ source: "kb-crash.txt", content: new TextDecoder().decode(raw), format: "text" }),
        [],
        "2024-01-01T00:00:00Z",
      ),
    };
    await store.insertDocument(doc, raw);
    const n = Number(arg ?? 3000);
    const versions = [taggedKb("alpha", n, doc), taggedKb("beta", n, doc)];
    process.stdout.write("ready\n");
    for (let i = 0; ; i++) {
      await store.replaceKnowledgeBase(versions[i % 2]);
      process.stdout.write(`replaced ${i}\n`);
    }
  }
  throw new Error("usage: crash-child ingest DB DIR | crash-child kb DB [ENTITIES]");
}

main().catch((err) => {
  process.stderr.write(`crash-child: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
