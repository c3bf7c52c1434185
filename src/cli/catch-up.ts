/**
 * The CLI side of keeping the knowledge base current: every command that reads or writes the
 * store brings stale analyses and the knowledge base up to date first (a crash, an upgrade or
 * `ingest --no-build` leaves them behind), in a worker thread, with progress on stderr — a bar on
 * a terminal, a plain line every few seconds otherwise, and a heartbeat during the
 * cross-document build, which reports no count.
 */
import { createProgressBar } from "../ingest/index.js";
import { KnowledgeBaseJobs, type JobsStatus } from "../pipeline/background.js";
import { knowledgeBaseLag } from "../pipeline/catch-up.js";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { resolveDb } from "./store-path.js";
import type { DocumentSignals } from "../kb/doc-signals.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** Seconds between heartbeat lines while the knowledge base is being built. */
const HEARTBEAT_MS = 5000;

/** Options of {@link catchUp}. */
export interface CatchUpCommandOptions {
  /** Rebuild even when nothing is stale. */
  force?: boolean;
  /** Why, for the first line: "after a crash", "new documents"… */
  why?: string;
  /** Spin and sketches the ingest computed, by document id, for the merge (see `bringUpToDate`). */
  signals?: Map<string, DocumentSignals>;
  /**
   * Merge on this thread, not in a worker thread, when nothing needs analysis and at most this many
   * documents wait for the merge: a merge of a few seconds, where starting a thread (its own module
   * loads, connection and resources, ≈ 0.25 s of CPU) is a tenth of the work and no heartbeat is due.
   */
  inProcessUpTo?: number;
}

/**
 * Brings the knowledge base of `store` (opened from `db`) up to date when it is behind; says
 * nothing when it is current.
 * @returns the last job's figures, or null when it was already up to date
 * @throws DossierError `INTERNAL` when the build failed
 */
export async function catchUp(
  store: Store,
  db: string | undefined,
  io: Io,
  opts: CatchUpCommandOptions = {},
): Promise<JobsStatus["last"]> {
  const lag = await knowledgeBaseLag(store);
  if (!lag.stale && !opts.force) return null;
  if (lag.stale) {
    const parts = [
      lag.unanalysed ? `${lag.unanalysed} document(s) not analysed` : "",
      lag.outside ? `${lag.outside} not in the knowledge base` : "",
    ].filter(Boolean);
    io.err(
      `knowledge base is behind the documents (${parts.join(", ")}${opts.why ? `; ${opts.why}` : ""}): bringing it up to date`,
    );
  }
  const bar = createProgressBar({ label: "analyse" });
  const t0 = Date.now();
  let phase: JobsStatus["phase"] = null;
  let lastBeat = Date.now();
  const jobs = new KnowledgeBaseJobs({
    store,
    db:
      opts.inProcessUpTo !== undefined && lag.unanalysed === 0 && lag.outside <= opts.inProcessUpTo
        ? null
        : resolveDb(db),
    onProgress: (s) => {
      if (s.phase === "analyse") bar.update({ done: s.done, total: s.total, current: "" });
      if (s.phase === "build" && phase !== "build") {
        bar.done();
        io.err(`building the knowledge base over ${lag.documents} document(s)…`);
        lastBeat = Date.now();
      }
      phase = s.phase;
    },
  });
  // The build runs in a worker thread, so this timer keeps firing while it works.
  const heartbeat = setInterval(() => {
    if (phase === "build" && Date.now() - lastBeat >= HEARTBEAT_MS) {
      lastBeat = Date.now();
      io.err(`building the knowledge base… ${Math.round((Date.now() - t0) / 1000)} s`);
    }
  }, 1000);
  try {
    jobs.request(opts.why ?? "command", { force: opts.force, signals: opts.signals });
    await jobs.idle();
  } finally {
    clearInterval(heartbeat);
    bar.done();
  }
  const status = jobs.status();
  if (status.last_error) throw new DossierError("INTERNAL", status.last_error.message);
  const last = status.last;
  if (last) {
    const p = last.phases;
    const phases = p
      ? ` (analysis ${(p.analyse_ms / 1000).toFixed(1)} s on ${p.threads} analysis thread(s), merge ${(p.merge_ms / 1000).toFixed(1)} s)`
      : "";
    io.err(
      `knowledge base up to date: ${last.documents} document(s), ${last.analysed} analysed${last.failed ? `, ${last.failed} could not be analysed (left out; \`dossier status\` lists them)` : ""}, ${(last.ms / 1000).toFixed(1)} s${phases}`,
    );
  }
  return last;
}
