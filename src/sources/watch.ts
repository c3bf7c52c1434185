/**
 * Continuous sources, part 2: a watched folder. Every file already in the folder is ingested at
 * start; afterwards new and changed files are picked up from `fs.watch` events (recursive), once
 * their size and modification time have held still for `settleMs` (a file being copied in is not
 * read half-written), plus a periodic rescan in case the platform dropped an event. Each batch is
 * ingested and merged into the knowledge base incrementally.
 *
 * Node's own `fs.watch` (recursive on Linux since Node 19.1, macOS and Windows natively) instead
 * of chokidar: no dependency, and the rescan covers the events it can miss
 * (docs/decisions/063-feeds-and-watch.md).
 */
import { watch as fsWatch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { DossierError } from "../util/errors.js";

/** What one batch did. */
export interface WatchBatch {
  files: string[];
  /** Whatever the ingest callback returned for the batch. */
  result: unknown;
}

export interface WatchOptions {
  /** Ingests (and merges) a batch of file paths; called with at most one batch at a time. */
  ingest(paths: string[]): Promise<unknown>;
  /** Stops watching when aborted; {@link watchDirectory} then resolves. */
  signal: AbortSignal;
  /** Quiet time before a changed file is read. Default 500 ms. */
  settleMs?: number;
  /** Full rescan interval (missed events). Default 30 s. */
  rescanMs?: number;
  onBatch?(batch: WatchBatch): void;
  /** Called once the initial scan is ingested and the watcher is live. */
  onReady?(): void;
}

/** Files a watcher ignores: hidden files, editor and download temporaries. */
export function ignoredPath(path: string): boolean {
  const parts = path.split(sep);
  const name = parts[parts.length - 1] ?? "";
  return parts.some((p) => p.startsWith(".")) || /(~|\.(tmp|part|crdownload|swp|swx))$/i.test(name);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (ignoredPath(relative(dir, p))) continue;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Watches `dir` until `opts.signal` aborts.
 * @throws DossierError NOT_FOUND when `dir` is not a directory
 * @example
 * const ctl = new AbortController();
 * await watchDirectory("inbox", { signal: ctl.signal, ingest: (paths) => ingestAndBuild(store, paths) });
 */
export async function watchDirectory(dir: string, opts: WatchOptions): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new DossierError("NOT_FOUND", `not a directory: ${dir}`);
  const settleMs = opts.settleMs ?? 500;
  const seen = new Map<string, string>(); // path → "size:mtime" last ingested
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const signature = async (p: string): Promise<string | null> => {
    const s = await stat(p).catch(() => null);
    return s?.isFile() ? `${s.size}:${s.mtimeMs}` : null;
  };
  const flush = async (): Promise<void> => {
    const candidates = [...pending].sort();
    pending.clear();
    const ready: string[] = [];
    for (const p of candidates) {
      const sig = await signature(p);
      if (sig === null || seen.get(p) === sig) continue;
      // Still growing? Look again after the quiet time.
      await new Promise((r) => setTimeout(r, Math.min(settleMs, 200)));
      if ((await signature(p)) !== sig) {
        pending.add(p);
        continue;
      }
      seen.set(p, sig);
      ready.push(p);
    }
    if (ready.length) {
      const result = await opts.ingest(ready);
      opts.onBatch?.({ files: ready, result });
    }
    if (pending.size) schedule();
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = running.then(flush).catch((err) => {
        // An ingest failure is reported and the watcher goes on; the files are retried on change.
        process.emitWarning(`watch: ${err instanceof Error ? err.message : String(err)}`);
      });
    }, settleMs);
  };

  for (const p of await listFiles(dir)) pending.add(p);
  await flush();
  let watcher: FSWatcher | null = null;
  try {
    watcher = fsWatch(dir, { recursive: true }, (_event, name) => {
      if (!name) return;
      const rel = name.toString();
      if (ignoredPath(rel)) return;
      pending.add(join(dir, rel));
      schedule();
    });
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot watch ${dir}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const rescan = setInterval(() => {
    void listFiles(dir).then((files) => {
      for (const p of files) pending.add(p);
      schedule();
    });
  }, opts.rescanMs ?? 30_000);
  opts.onReady?.();
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  watcher.close();
  clearInterval(rescan);
  if (timer) clearTimeout(timer);
  await running;
}
