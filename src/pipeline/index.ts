/**
 * The pipeline glue: runs the stages in order over a store.
 *
 *   ingest (src/ingest) → clean (src/clean) → analyse each document (src/nlp + src/extract)
 *   → build the knowledge base across documents (src/kb: provenance, entity resolution, merge)
 *
 * Stages are pure functions; this module does the I/O through the {@link Store}.
 */
import type { Store } from "../store/store.js";
import { cleanPage } from "../clean/index.js";
import { ingestInputs, type IngestSummary } from "../ingest/index.js";
import { ANALYSIS_VERSION } from "./version.js";
import { buildKnowledgeBase, type BuildStats } from "./build.js";

// The stages' entry points in one place. Code that must stay light (the reading thread, the
// catch-up) imports ./window.js, ./build.js or ./version.js directly: this module loads them all.
export { ANALYSIS_VERSION } from "./version.js";
export { AnalysisWindow, MIN_DOCS_FOR_THREADS } from "./window.js";
export { analyseDocument, storedAnalysis, warmUpAnalysis } from "./analyse.js";
export { buildKnowledgeBase, mergeIfIdle, MERGE_LOCK, type BuildOptions, type BuildStats } from "./build.js";

export interface RunOptions {
  maxBytes?: number;
  progress?: (p: { done: number; total: number | null; current: string }) => void;
  /** Skip the knowledge-base rebuild (e.g. when a worker will do it later). */
  skipBuild?: boolean;
}

/** Ingests inputs into the store, then merges what is new into the knowledge base. */
export async function ingestAndBuild(
  store: Store,
  inputs: string[],
  opts: RunOptions = {},
): Promise<{ summary: IngestSummary; build: BuildStats | null }> {
  const summary = await ingestInputs(store, inputs, {
    clean: cleanPage,
    maxBytes: opts.maxBytes,
    progress: opts.progress,
  });
  const needBuild =
    !opts.skipBuild &&
    (summary.ingested > 0 ||
      (await store.listUnanalysed(ANALYSIS_VERSION)).length > 0 ||
      (await store.listUnmerged()).length > 0);
  const build = needBuild ? await buildKnowledgeBase(store) : null;
  return { summary, build };
}
