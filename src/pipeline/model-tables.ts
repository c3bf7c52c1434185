/**
 * The language models' built tables, made by one analysis thread and adopted by the others
 * (src/pipeline/parallel.ts): the parser's weight tables (typed arrays in `SharedArrayBuffer`s, shared
 * between threads, not copied) and the gazetteer's snapshot (bytes in a `SharedArrayBuffer`, restored by
 * each thread in about a third of its build time). A thread that adopts them skips reading, unpacking and
 * laying out the parser weights and building the gazetteer from its data files.
 */
import {
  adoptShippedParserTables,
  defaultModelDir,
  type ParserTables,
  shippedParserTables,
} from "../nlp/parse/model.js";
import { adoptGazetteerSnapshot, gazetteer } from "../nlp/gazetteer.js";
import { DossierError } from "../util/errors.js";

/** What one analysis thread hands to the others. */
export interface ModelTables {
  parser: ParserTables;
  gazetteer: Uint8Array;
}

/**
 * Loads the parser model and the gazetteer (if not loaded yet) and returns their tables for other threads.
 * @throws DossierError as the models' loaders
 */
export function shareModelTables(): ModelTables {
  return { parser: shippedParserTables(), gazetteer: gazetteer().snapshot() };
}

/**
 * Makes this thread's parser model and gazetteer from tables another thread of the same process shared
 * ({@link shareModelTables}). Models already loaded are kept.
 * @throws DossierError INTERNAL when the tables do not fit this build's models (the caller then loads
 *   them from their files as usual)
 */
export function adoptModelTables(tables: ModelTables): void {
  if (tables?.parser?.dir !== defaultModelDir())
    throw new DossierError("INTERNAL", "shared model tables are not of the shipped parser model");
  adoptShippedParserTables(tables.parser);
  adoptGazetteerSnapshot(tables.gazetteer);
}
