import { openExistingStore } from "./store-path.js";
import { runQuery } from "./query.js";
import { catchUp } from "./catch-up.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Drops `--db X` / `--db=X` from raw args: the store is opened here, the rest goes to runQuery. */
function withoutDb(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--db") i++;
    else if (!args[i].startsWith("--db=")) out.push(args[i]);
  }
  return out;
}

/** `dossier query timeline|entity NAME|claims|search TEXT [--json]` */
export async function queryCommand(rawArgs: string[], values: { db?: string }, io: Io): Promise<number> {
  const store = await openExistingStore(values.db);
  try {
    await catchUp(store, values.db, io);
    return await runQuery(store, withoutDb(rawArgs), io);
  } finally {
    await store.close();
  }
}
