/**
 * Bringing the knowledge base up to date: after a crash (documents stored, analysis or rebuild not
 * done), after an upgrade (older analysis version), or after new documents. Every entry point —
 * CLI commands, the server at start and after uploads, the queue worker — calls
 * {@link bringUpToDate}; it costs two counts when nothing is stale.
 */
import type { Store } from "../store/store.js";
import type { BuildStats } from "./build.js";
import type { DocumentSignals } from "../kb/doc-signals.js";
// ./build.js (and through it the language layer and the merge, when needed) is imported when there is something to
// bring up to date: measuring the lag, which every command does, loads neither.
import { needsAnalysis } from "../store/semantics.js";
import { ANALYSIS_VERSION } from "./version.js";

/** How far the knowledge base is behind the stored documents. */
export interface KnowledgeBaseLag {
  documents: number;
  /** Documents with no analysis, or one from an older analysis version. */
  unanalysed: number;
  /** Documents stored since the last knowledge-base build. */
  outside: number;
  /**
   * Documents whose analysis failed at this pipeline version (not counted in `unanalysed`: they
   * are left out until a newer version or `dossier build --retry-failed`).
   */
  failed: number;
  /** True when a rebuild is due. */
  stale: boolean;
}

/** Measures the lag cheaply (a count and one id list); safe to call on every command. */
export async function knowledgeBaseLag(store: Store): Promise<KnowledgeBaseLag> {
  const documents = await store.countDocuments();
  if (documents === 0) return { documents, unanalysed: 0, outside: 0, failed: 0, stale: false };
  const unanalysed = (await store.listUnanalysed(ANALYSIS_VERSION)).length;
  // Analysed documents the incremental knowledge base has not merged yet (crash, --no-build, upgrade).
  const outside = (await store.listUnmerged()).length;
  const failed = (await store.listAnalysisFailures()).filter(
    (f) => !needsAnalysis(null, f.version, ANALYSIS_VERSION),
  ).length;
  return { documents, unanalysed, outside, failed, stale: unanalysed > 0 || outside > 0 };
}

/** Progress of a catch-up: per-document analysis, then the cross-document build (no count). */
export interface CatchUpProgress {
  phase: "analyse" | "build";
  done: number;
  total: number | null;
}

/** Options of {@link bringUpToDate}. */
export interface CatchUpOptions {
  /** Rebuild from every stored document even when nothing is stale (`dossier build --full`). */
  force?: boolean;
  onProgress?: (p: CatchUpProgress) => void;
  /**
   * Spin and near-duplicate sketches an ingest computed in this process, by document id: the merge
   * uses them instead of computing them again (same function, same texts: the same knowledge base).
   */
  signals?: Map<string, DocumentSignals>;
}

/**
 * Analyses stale documents (reporting each) and rebuilds the knowledge base, when anything is
 * stale; otherwise returns null at once.
 * @returns the build's figures, or null when the knowledge base was already up to date
 */
export async function bringUpToDate(store: Store, opts: CatchUpOptions = {}): Promise<BuildStats | null> {
  const lag = await knowledgeBaseLag(store);
  if (!lag.stale && !opts.force) return null;
  opts.onProgress?.({ phase: "analyse", done: 0, total: lag.unanalysed });
  let building = false;
  const { buildKnowledgeBase } = await import("./build.js");
  return buildKnowledgeBase(store, {
    full: opts.force === true,
    signals: opts.signals,
    onAnalysed: (done, total) => opts.onProgress?.({ phase: "analyse", done, total }),
    onMergeStart: () => {
      if (building) return;
      building = true;
      opts.onProgress?.({ phase: "build", done: 0, total: null });
    },
  });
}
