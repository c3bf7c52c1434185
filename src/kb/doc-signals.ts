/**
 * The per-document inputs of the provenance merge that depend on nothing but the document's text
 * and language: its spin (lexicon and learned-resource hits) and its near-duplicate sketch. They
 * are a third of the cross-document merge's CPU, and pure, so `dossier ingest` computes them while
 * the analysis threads work and hands them to the merge that follows in the same process (the
 * merge would otherwise compute them alone at the end, with the other core idle). The merge
 * computes with this same function whatever it is not given: the knowledge base is the same.
 */
import { detectSpin, type SpinResult } from "./provenance/spin.js";
import { nearDuplicateSketch, type NearDuplicateSketch } from "./near-dup.js";

/** What {@link documentSignals} gives for one document. */
export interface DocumentSignals {
  /** Length (UTF-16 units) of the text they were computed from: a guard against a text that differs. */
  length: number;
  spin: SpinResult;
  sketch: NearDuplicateSketch;
}

/** Precomputed signals by document id, as handed to the merge (`mergePending`'s `signals`). */
export type SignalsOf = (docId: string) => DocumentSignals | undefined;

/**
 * Spin and near-duplicate sketch of a document's text. Pure and deterministic.
 * @example documentSignals(doc.text, doc.lang).sketch.keys.length
 */
export function documentSignals(text: string, lang: string): DocumentSignals {
  return { length: text.length, spin: detectSpin(text, lang), sketch: nearDuplicateSketch(text) };
}

/** Most signals an ingest keeps for its merge (≈ 4 KB each); documents past it are computed by the merge. */
export const MAX_HANDED_SIGNALS = 5000;
