/**
 * Provenance: spin detection and restoration, copy/republication links and reuse families, and the
 * outlet registry. Pure functions on strings and records; see docs/decisions/040–043.
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
