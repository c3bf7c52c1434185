/**
 * Progress for long runs on stderr. On a terminal: a one-line bar redrawn in place. Otherwise (CI,
 * `2> log`, a service manager): one plain line every few seconds, free of carriage returns and
 * escape codes, so a log shows the run is alive and how far it got.
 */
import type { IngestProgress } from "./ingest.js";
import { displayName } from "./names.js";

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
  /** When the stream is not a terminal: least time between log lines, ms. Default 5000; 0 = silent. */
  logIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** A progress bar: feed it progress, then call `done()` to clear the line. */
export interface ProgressBar {
  /** True when the bar draws in place (the stream is a TTY); otherwise it writes periodic log lines. */
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
  return p.current ? `${head} ${keepEnd(displayName(p.current), width - head.length - 1)}` : head;
}

/**
 * One plain log line of progress (no bar): `ingest: 120/2000 (6%), 14 s, now a.html`.
 * @example renderProgressLine({ done: 1, total: 4, current: "a" }, "ingest", 3000) // "ingest: 1/4 (25%), 3 s, now a"
 */
export function renderProgressLine(p: IngestProgress, label: string, elapsedMs: number): string {
  const count =
    p.total && p.total > 0
      ? `${p.done}/${p.total} (${Math.floor((100 * Math.min(p.done, p.total)) / p.total)}%)`
      : `${p.done} done`;
  const name = p.current ? `, now ${keepEnd(displayName(p.current), 120)}` : "";
  return `${label}: ${count}, ${Math.round(elapsedMs / 1000)} s${name}\n`;
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
  const logInterval = opts.logIntervalMs ?? 5000;
  const label = opts.label ?? "ingest";
  const started = now();
  let last = -Infinity;
  let lastLog = started;
  let logged = false;
  let drawn = false;
  return {
    active,
    update(p) {
      const t = now();
      const final = p.total !== null && p.done >= p.total;
      if (!active) {
        // A log line every few seconds, and the final state when earlier lines were written.
        if (logInterval <= 0) return;
        if (t - lastLog < logInterval && !(final && logged)) return;
        lastLog = t;
        logged = !final;
        stream.write(renderProgressLine(p, label, t - started));
        return;
      }
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
