/**
 * A one-line progress bar for long runs, drawn on stderr only when it is a terminal: piped or
 * redirected output (CI, `2> log`) stays free of carriage returns and escape codes.
 */
import type { IngestProgress } from "./ingest.js";

/** What the progress bar writes to: a terminal-like stream. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

/** Options for {@link createProgressBar}. */
export interface ProgressBarOptions {
  /** Where to draw. Default `process.stderr`. */
  stream?: ProgressStream;
  /** Word before the counter, e.g. "ingest". */
  label?: string;
  /** Least time between redraws, ms. Default 80. */
  minIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** A progress bar: feed it progress, then call `done()` to clear the line. */
export interface ProgressBar {
  /** True when the bar draws anything at all (the stream is a TTY). */
  readonly active: boolean;
  update(p: IngestProgress): void;
  /** Clears the bar's line (the caller prints its own summary afterwards). */
  done(): void;
}

const BAR_WIDTH = 24;

/** Shortens `s` to `max` characters, keeping its end (the file name) and marking the cut with "…". */
function keepEnd(s: string, max: number): string {
  if (max <= 1) return "";
  return s.length <= max ? s : "…" + s.slice(s.length - max + 1);
}

/**
 * Renders one line of progress, at most `columns - 1` characters wide.
 * @example renderProgress({ done: 5, total: 20, current: "a.html" }, 80, "ingest")
 * // "ingest [██████··················]   5/20  25% a.html"
 */
export function renderProgress(p: IngestProgress, columns: number, label = "ingest"): string {
  const width = Math.max(20, columns) - 1;
  let head: string;
  if (p.total && p.total > 0) {
    const frac = Math.min(1, Math.max(0, p.done / p.total));
    const filled = Math.round(frac * BAR_WIDTH);
    const count = `${String(p.done).padStart(String(p.total).length)}/${p.total}`;
    head = `${label} [${"█".repeat(filled)}${"·".repeat(BAR_WIDTH - filled)}] ${count} ${String(Math.floor(frac * 100)).padStart(3)}%`;
  } else {
    head = `${label} ${p.done} done`;
  }
  if (head.length >= width) return head.slice(0, width);
  return p.current ? `${head} ${keepEnd(p.current, width - head.length - 1)}` : head;
}

/**
 * Creates a progress bar on stderr (or `opts.stream`). When the stream is not a TTY every method
 * is a no-op, so callers never need to check.
 * @example
 * const bar = createProgressBar({ label: "ingest" });
 * await ingestInputs(store, inputs, { clean: cleanPage, progress: (p) => bar.update(p) });
 * bar.done();
 */
export function createProgressBar(opts: ProgressBarOptions = {}): ProgressBar {
  const stream: ProgressStream = opts.stream ?? process.stderr;
  const active = stream.isTTY === true;
  const now = opts.now ?? Date.now;
  const minInterval = opts.minIntervalMs ?? 80;
  let last = -Infinity;
  let drawn = false;
  return {
    active,
    update(p) {
      if (!active) return;
      const t = now();
      const final = p.total !== null && p.done >= p.total;
      if (!final && t - last < minInterval) return;
      last = t;
      // \r returns to column 0; \x1b[K clears what a longer previous line left behind. A terminal
      // that reports 0 columns (some pseudo-terminals) gets the usual 80.
      stream.write(`\r${renderProgress(p, stream.columns || 80, opts.label)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (!active || !drawn) return;
      stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}
