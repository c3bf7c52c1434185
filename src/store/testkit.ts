/**
 * Test support for the store suites (not a test file): documents and knowledge-base records built the
 * same way in every backend's tests.
 */
import type { DocumentRecord } from "../model/records.js";
import { documentId, sha256Hex } from "../util/ids.js";

/** A document as ingest stores it, with the raw bytes its id and hash come from (default: the text). */
export function plainDocument(
  text: string,
  fields: Partial<DocumentRecord> = {},
  raw: Uint8Array = new TextEncoder().encode(text),
): { doc: DocumentRecord; raw: Uint8Array } {
  const sha = sha256Hex(raw);
  return {
    raw,
    doc: {
      kind: "document",
      schema: 1,
      id: documentId(sha),
      sha256: sha,
      source: "test.txt",
      title: null,
      outlet: null,
      url: null,
      authors: [],
      published: null,
      lang: "en",
      text,
      spun: { score: 0, is_spun: false },
      republication_of: null,
      restored_text: null,
      ...fields,
    },
  };
}

/** An evidence span of `doc` over the first occurrence of `needle` in `text`. */
export function spanOf(doc: string, text: string, needle: string) {
  const start = text.indexOf(needle);
  return { doc, start, end: start + needle.length, text: needle };
}

/**
 * A relation and a claim with their evidence inline, as records were written before evidence became
 * span rows (SQLite migration 8, PostgreSQL migration 13): the input of the migration tests.
 */
export function inlineEvidenceRecords(doc: string, text: string, suffix: string, actor: string | null) {
  const at = (needle: string) => spanOf(doc, text, needle);
  const relation = {
    kind: "relation",
    id: `r_${suffix}`,
    source: "e_a",
    target: "e_b",
    type: "diplomatic",
    evidence: [at("Talks were frank"), at("The envoy met the minister")],
    polarity: "cooperation",
  };
  const claim = {
    kind: "claim",
    id: `c_${suffix}`,
    text: "talks were frank",
    asserted_by: ["e_a"],
    denied_by: [],
    evidence: [{ ...at("Talks were frank"), stance: "assert", actor }],
    independent_outlets: 1,
    reported_by: [],
  };
  return { at, relation, claim };
}

/** The text the migration tests' records point into. */
export const ENVOY_TEXT = "The envoy met the minister in Geneva. Talks were frank, the envoy said later.";

/** A knowledge base with no records, to fill in per test. */
export { emptyKnowledgeBase } from "./store.js";
