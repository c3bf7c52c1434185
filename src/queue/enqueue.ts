import type { Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { kindFromName } from "../ingest/index.js";
import { DossierError, describeError } from "../util/errors.js";
import { INGEST_QUEUE, openBoss, resolveQueueOptions, type QueueOptions } from "./boss.js";

/** Jobs inserted per round trip. */
const INSERT_CHUNK = 1_000;

/**
 * Expands inputs into one entry per job: files as absolute paths (workers on other machines must
 * see the same path, e.g. on a shared volume), directories walked recursively in name order keeping
 * the file types ingest reads (`.txt .html .htm .json .jsonl`, each also `.gz`; hidden entries
 * skipped; symlinked directories followed once), URLs as given.
 *
 * @throws DossierError `USAGE` for `-` (stdin cannot be queued), `BAD_INPUT` naming every input
 *   that does not exist, so nothing is half-enqueued.
 */
export async function expandQueueInputs(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const missing: string[] = [];
  const seenDirs = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = await stat(p).catch(() => null); // a dangling link is skipped like any non-file
        isDir = !!st?.isDirectory();
        isFile = !!st?.isFile();
      }
      if (isDir) await walk(p);
      else if (isFile && kindFromName(e.name)) out.push(p);
    }
  };
  for (const input of inputs) {
    if (typeof input !== "string" || !input.trim()) throw new DossierError("USAGE", "empty input name");
    if (input === "-")
      throw new DossierError(
        "USAGE",
        "standard input cannot be queued: ingest it directly, or save it to a file first",
      );
    if (/^https?:\/\//i.test(input)) {
      out.push(input);
      continue;
    }
    const abs = resolve(input);
    let st: Stats;
    try {
      st = await stat(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        missing.push(input);
        continue;
      }
      throw new DossierError("BAD_INPUT", `cannot read ${input}: ${describeError(err)}`, { cause: err });
    }
    if (st.isDirectory()) await walk(abs);
    else out.push(abs);
  }
  if (missing.length) {
    throw new DossierError(
      "BAD_INPUT",
      `no such file or directory: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` (+${missing.length - 10} more)` : ""}`,
    );
  }
  return out;
}

/**
 * Queues one ingest job per input file (directories expanded now, see {@link expandQueueInputs})
 * in the PostgreSQL database `dbUrl`, for workers ({@link runWorker}) on any machine to pull.
 * Retry and visibility settings are fixed on each job when it is queued.
 *
 * Queuing the same file twice makes two jobs; the store's unique sha256 makes the second a
 * `duplicate`, so re-queuing is safe.
 *
 * @returns how many jobs were queued.
 * @example
 * const { jobs } = await enqueueIngest("postgres://dossier@db/news", ["corpus/"]);
 */
export async function enqueueIngest(
  dbUrl: string,
  inputs: string[],
  opts: QueueOptions = {},
): Promise<{ jobs: number }> {
  const q = resolveQueueOptions(dbUrl, opts);
  const items = await expandQueueInputs(inputs);
  if (!items.length) return { jobs: 0 };
  const errors: Error[] = [];
  const boss = await openBoss(dbUrl, q, "producer", (err) => errors.push(err));
  try {
    for (let i = 0; i < items.length; i += INSERT_CHUNK) {
      await boss.insert(
        items.slice(i, i + INSERT_CHUNK).map((input) => ({
          name: INGEST_QUEUE,
          data: { input },
          retryLimit: q.maxAttempts - 1,
          retryDelay: q.retryDelaySeconds,
          retryBackoff: q.retryDelaySeconds > 0,
          expireInSeconds: q.visibilityTimeoutSeconds,
        })),
      );
    }
  } catch (err) {
    throw new DossierError("STORE", `queuing jobs failed: ${describeError(err)}`, { cause: err });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  if (errors.length)
    throw new DossierError("STORE", `queue connection error while queuing: ${describeError(errors[0])}`, {
      cause: errors[0],
    });
  return { jobs: items.length };
}
