/**
 * The stored near-duplicate band index (state space `lsh`: band key → documents) and the per-document
 * sketches (`doc` state, field `nd`): bringing a store written with an older banding up to
 * {@link LSH_INDEX_VERSION}, and the sketch filter that decides which band collisions are aligned.
 *
 * Upgrades run before a merge, in chunks of documents, one transaction each (memory bounded by the
 * chunk, never the corpus); the version is recorded only after the last chunk, so an interrupted
 * upgrade is simply run again (every write is idempotent). From the version just before the
 * content-pair view, only that view is added: its signature into the stored sketch and its band
 * keys into the index (the word, skeleton and number keys are unchanged). From any other version,
 * or none, every band key of every merged document is (re)written from its stored sketch, or from
 * its text when the sketch lacks a view. Older bandings' rows were deleted by the store migrations
 * that changed them (SQLite 4, PostgreSQL 16), so no stale key survives.
 */
import type { KnowledgeBaseChange, StateRow, Store } from "../store/store.js";
import type { SpinInfo } from "../model/records.js";
import {
  bandKeysOfSketch,
  contentPairSketch,
  estimatedContainment,
  hasContentPairView,
  LSH_INDEX_VERSION,
  LSH_INDEX_VERSION_BEFORE_PAIRS,
  nearDuplicateSketch,
  type NearDuplicateSketch,
} from "./near-dup.js";

/** The `doc` state of a merged document, as far as candidate generation reads it. */
export interface StoredDocState {
  lang?: string;
  credits?: boolean;
  spun?: SpinInfo;
  /** The sketch without its band keys (those are in the index). */
  nd?: Omit<NearDuplicateSketch, "keys">;
}

/** State spaces this module reads and writes (the names incremental.ts uses). */
const DOC = "doc";
const LSH = "lsh";
const META = "meta";

/** A knowledge-base change that only writes maintenance state. */
function stateChange(statePut: StateRow[]): KnowledgeBaseChange {
  const none = { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] };
  return { upsert: none, remove: none, mentions: [], documents: [], checkDocs: [], statePut, stateDelete: [] };
}

/**
 * Whether two documents whose sketches collided in a band are worth aligning: the sketches estimate
 * the overlap some link of linkCopies needs (word containment 0.5 for a copy, 0.2 for a reworded
 * copy or a long copied passage; skeleton 0.5, or 0.3 when one side is spun; less with a credit;
 * content pairs, 20 or more, for a repost whose sentences were reordered and reworded), with a margin for the
 * estimate's error (≈ ±0.05 with 72 hashes). Symmetric, and a function of the two states only, so
 * the candidates (and the knowledge base) do not depend on the order documents arrive in.
 */
export function worthAligning(sa: StoredDocState | undefined, sb: StoredDocState | undefined): boolean {
  if (!sa?.nd || !sb?.nd) return true;
  const c = estimatedContainment(sa.nd, sb.nd);
  const spunSide = Boolean(sa.spun?.is_spun || sb.spun?.is_spun);
  const credited = Boolean(sa.credits || sb.credits);
  return (
    c.word >= 0.15 ||
    c.skeleton >= 0.42 ||
    (c.pairs >= CONTENT_PAIR_MIN && c.pairs * Math.min(sa.nd.ps ?? 0, sb.nd.ps ?? 0) >= CONTENT_PAIRS_SHARED_MIN) ||
    (spunSide && c.skeleton >= 0.24) ||
    (credited && (c.word >= 0.22 || c.skeleton >= 0.15 || (sa.lang !== sb.lang && c.numbers >= 0.4)))
  );
}

/**
 * Estimated content-pair containment above which a colliding pair is aligned, and the fewest content
 * pairs (estimated) the two must share: a short text (a review, a forum answer) with a dozen content
 * pairs reaches a high containment in a long one by chance. Set on the aggregator corpus, dev split,
 * seed 1, and the clean corpus's false candidates.
 */
export const CONTENT_PAIR_MIN = 0.3;
export const CONTENT_PAIRS_SHARED_MIN = 20;

/**
 * Brings the band index to {@link LSH_INDEX_VERSION} when the store records another version (or none):
 * see the module comment. A store whose knowledge base is empty only records the version.
 * @returns how many merged documents were upgraded (0 when the index was current)
 */
export async function ensureBandIndex(store: Store, opts: { chunk?: number } = {}): Promise<number> {
  const meta = await store.readState(META, [LSH]);
  const version = meta.get(LSH)?.get("");
  if (version === LSH_INDEX_VERSION) return 0;
  const onlyPairs = version === LSH_INDEX_VERSION_BEFORE_PAIRS;
  const size = opts.chunk ?? 400;
  let upgraded = 0;
  let chunk: Array<{ id: string; text: string }> = [];
  const flush = async (): Promise<void> => {
    const states = await store.readState(
      DOC,
      chunk.map((d) => d.id),
    );
    const rows: StateRow[] = [];
    for (const d of chunk) {
      const raw = states.get(d.id)?.get("");
      if (raw === undefined) continue; // not merged: its first merge files it
      const state = JSON.parse(raw) as StoredDocState;
      const { keys, completed } = upgradeState(state, d.text, onlyPairs);
      if (completed) rows.push({ space: DOC, key: d.id, sub: "", value: JSON.stringify(state) });
      for (const k of keys) rows.push({ space: LSH, key: k, sub: d.id, value: "" });
      if (completed || keys.length > 0) upgraded++;
    }
    chunk = [];
    if (rows.length > 0) await store.applyKnowledgeBaseChange(stateChange(rows));
  };
  for await (const d of store.iterateDocuments()) {
    chunk.push({ id: d.id, text: d.text });
    if (chunk.length >= size) await flush();
  }
  await flush();
  await store.applyKnowledgeBaseChange(stateChange([{ space: META, key: LSH, sub: "", value: LSH_INDEX_VERSION }]));
  return upgraded;
}

/**
 * Completes one merged document's stored sketch in place (`completed`: it changed and must be
 * written) and gives the band keys to file. From the previous version a sketch that already has the
 * content-pair view needs nothing: its signature was written in the same transaction as its keys.
 */
function upgradeState(state: StoredDocState, text: string, onlyPairs: boolean): { keys: string[]; completed: boolean } {
  if (!state.nd) {
    const { keys, ...nd } = nearDuplicateSketch(text);
    state.nd = nd;
    return { keys, completed: true };
  }
  if (!hasContentPairView(state.nd)) {
    const { keys, p, ps } = contentPairSketch(text);
    state.nd = { ...state.nd, p, ps };
    return { keys: onlyPairs ? keys : bandKeysOfSketch(state.nd), completed: true };
  }
  return { keys: onlyPairs ? [] : bandKeysOfSketch(state.nd), completed: false };
}
