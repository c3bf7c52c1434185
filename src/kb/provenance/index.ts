/**
 * Provenance: spin detection and restoration, copy/republication links and reuse families, and the
 * outlet registry. Pure functions on strings and records; see docs/decisions/040–042.
 *
 * In a knowledge-base build, one call does it all:
 *
 *   const { documents, links } = buildProvenance(allDocs);
 *   // documents → KnowledgeBase.documents (spun, restored_text, restorations, republication_of, family)
 *   // links     → KnowledgeBase.links; family → the merge step's independence unit
 *
 * `detectSpin`/`restoreText` work on one text at ingest time too (the spun text stays the cited
 * source; `restored_text` is a reading aid). `linkCopies` needs every document at once.
 */
export { detectSpin, restoreText, SPIN_DEFAULTS, RESTORE_MIN_CONFIDENCE } from "./spin.js";
export type { SpinHit, SpinResult, SpinOptions, SpinSignal } from "./spin.js";
export { lookupOutlet, listOutlets, outletKey, normaliseOutletName } from "./outlets.js";
export type { OutletInfo } from "./outlets.js";
export { linkCopies, LINK_DEFAULTS } from "./links.js";
export type { LinkDoc, LinkResult, LinkOptions, CandidateTrace } from "./links.js";
export { alignTokens } from "./align.js";
export { buildProvenance } from "./build.js";
export { restoreFromSource } from "./restore-source.js";
export type { DocumentProvenance, ProvenanceInput } from "./build.js";
