/**
 * Version of the per-document analysis. Bump it when src/nlp or src/extract changes what they
 * produce: documents analysed by an older version are analysed again on the next build. Alone in
 * its module so that the store's lag can be measured (every command does it) without loading the
 * language layer.
 */
export const ANALYSIS_VERSION = "14-lead";
