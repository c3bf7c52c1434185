/**
 * The pipeline glue: runs the stages in order over a store.
 *
 *   ingest (src/ingest) → clean (src/clean) → analyse each document (src/nlp + src/extract)
 *   → build the knowledge base across documents (src/kb: provenance, entity resolution, merge)
 *
 * Stages are pure functions; this module does the I/O through the {@link Store}.
 */
import type { DocumentRecord } from "../model/records.js";
import { DossierError } from "../util/errors.js";
import type { DocAnalysis, KnowledgeBase, Store } from "../store/store.js";
import { analyzeText } from "../nlp/index.js";
import { resolveEntities } from "../nlp/resolve.js";
import { extractFacts } from "../extract/index.js";
import { mergeFacts } from "../kb/merge.js";
import { buildProvenance } from "../kb/provenance/index.js";
import { cleanPage } from "../clean/index.js";
import { ingestInputs, type IngestSummary } from "../ingest/index.js";

/**
 * Version of the per-document analysis. Bump it when src/nlp or src/extract changes what they
 * produce: documents analysed by an older version are analysed again on the next build.
 */
export const ANALYSIS_VERSION = "4-parse";

/**
 * Runs the language layer and extraction on one document. Pure: no I/O. A document the layers
 * refuse (too large, binary) gets an empty analysis whose note says why, so one bad document never
 * stops the knowledge base from being built over the others.
 */
export function analyseDocument(doc: DocumentRecord): DocAnalysis {
  try {
    const nlp = analyzeText(doc.text, { lang: doc.lang, published: doc.published, outlet: doc.outlet });
    const facts = extractFacts({ doc: doc.id, text: doc.text, published: doc.published, nlp });
    return { doc: doc.id, version: ANALYSIS_VERSION, nlp, facts };
  } catch (err) {
    if (!(err instanceof DossierError)) throw err;
    return {
      doc: doc.id,
      version: ANALYSIS_VERSION,
      nlp: { lang: doc.lang, sentences: [], tokens: [], entities: [], mentions: [], times: [], notes: [`analysis skipped: ${err.message}`] },
      facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
    };
  }
}

export interface BuildStats {
  documents: number;
  analysed: number;
  ms: { analyse: number; provenance: number; entities: number; merge: number; write: number };
}

/**
 * Brings every document's analysis up to date, then rebuilds the knowledge base across documents
 * (spin, copy links and families, entities, merged events/quotes/claims/provisions/relations) and
 * replaces it in the store in one transaction.
 */
export async function buildKnowledgeBase(store: Store, opts: { onProgress?: (msg: string) => void } = {}): Promise<BuildStats> {
  const t0 = performance.now();
  const stale = await store.listUnanalysed(ANALYSIS_VERSION);
  let done = 0;
  for (const id of stale) {
    const doc = await store.getDocument(id);
    if (!doc) continue;
    await store.putAnalysis(analyseDocument(doc));
    done++;
    if (opts.onProgress && done % 25 === 0) opts.onProgress(`analysed ${done}/${stale.length}`);
  }
  const t1 = performance.now();

  const docs: DocumentRecord[] = [];
  for await (const d of store.iterateDocuments()) docs.push(d);
  const analyses = new Map<string, DocAnalysis>();
  for await (const a of store.iterateAnalyses()) analyses.set(a.doc, a);

  // Provenance: spin per document (restored from its source when that is in the corpus), then
  // copy links and reuse families across documents.
  const provenance = buildProvenance(docs);
  const kbDocs: KnowledgeBase["documents"] = provenance.documents;
  const links = provenance.links;
  const family = new Map(kbDocs.map((k) => [k.id, k.family ?? k.id]));
  const spunById = new Map(kbDocs.map((k) => [k.id, k.spun.is_spun]));
  const t2 = performance.now();

  const resolved = resolveEntities(
    docs.flatMap((d) => {
      const a = analyses.get(d.id);
      return a ? [{ doc: d.id, entities: a.nlp.entities, mentions: a.nlp.mentions }] : [];
    }),
  );
  const t3 = performance.now();

  const merged = mergeFacts({
    docs: docs.flatMap((d) => {
      const a = analyses.get(d.id);
      return a
        ? [{ id: d.id, text: d.text, outlet: d.outlet, published: d.published, family: family.get(d.id) ?? d.id, spun: spunById.get(d.id) ?? false, facts: a.facts }]
        : [];
    }),
    entityIdOf: resolved.idOf,
  });
  const t4 = performance.now();

  await store.replaceKnowledgeBase({
    entities: resolved.entities,
    mentions: resolved.mentions,
    ...merged,
    links,
    documents: kbDocs,
  });
  const t5 = performance.now();
  return {
    documents: docs.length,
    analysed: done,
    ms: { analyse: t1 - t0, provenance: t2 - t1, entities: t3 - t2, merge: t4 - t3, write: t5 - t4 },
  };
}

export interface RunOptions {
  maxBytes?: number;
  progress?: (p: { done: number; total: number | null; current: string }) => void;
  /** Skip the knowledge-base rebuild (e.g. when a worker will do it later). */
  skipBuild?: boolean;
}

/** Ingests inputs into the store, then rebuilds the knowledge base if anything new went in. */
export async function ingestAndBuild(store: Store, inputs: string[], opts: RunOptions = {}): Promise<{ summary: IngestSummary; build: BuildStats | null }> {
  const summary = await ingestInputs(store, inputs, { clean: cleanPage, maxBytes: opts.maxBytes, progress: opts.progress });
  const needBuild = !opts.skipBuild && (summary.ingested > 0 || (await store.listUnanalysed(ANALYSIS_VERSION)).length > 0 || !(await hasKnowledgeBase(store)));
  const build = needBuild ? await buildKnowledgeBase(store) : null;
  return { summary, build };
}

async function hasKnowledgeBase(store: Store): Promise<boolean> {
  if ((await store.countDocuments()) === 0) return true;
  const ents = await store.listEntities({ limit: 1 });
  const events = await store.timeline({ limit: 1 });
  return ents.total > 0 || events.total > 0;
}
