/**
 * The provenance step of a knowledge-base build in one call: spin detection and restoration per
 * document, then copy links, reuse families and `republication_of` across documents.
 */
import type { CopyLinkRecord, DocumentRecord } from "../../model/records.js";
import { linkCopies, type LinkOptions } from "./links.js";
import { detectSpin, restoreText, type SpinOptions } from "./spin.js";

/** The provenance fields written back onto a document (KnowledgeBase["documents"] entries). */
export type DocumentProvenance = Pick<DocumentRecord, "id" | "spun" | "republication_of" | "restored_text" | "restorations" | "family">;

/** What the provenance step reads of a document. */
export type ProvenanceInput = Pick<DocumentRecord, "id" | "text" | "lang" | "published" | "outlet" | "url"> &
  Partial<Pick<DocumentRecord, "credits" | "ingested_at">>;

/**
 * Runs spin detection, restoration (for flagged documents only) and copy linking.
 * @returns one provenance entry per input document (same order) and the copy links
 * @throws DossierError BAD_INPUT on duplicate ids or binary text
 * @example
 * const { documents, links } = buildProvenance(docs);
 * documents[1].family === documents[0].id // when doc 1 copies doc 0
 */
export function buildProvenance(
  docs: ProvenanceInput[],
  options: { spin?: SpinOptions; link?: LinkOptions } = {},
): { documents: DocumentProvenance[]; links: CopyLinkRecord[] } {
  const spins = docs.map((d) => {
    const s = detectSpin(d.text, d.lang, options.spin);
    const restored = s.is_spun ? restoreText(d.text, s.hits) : null;
    return { spun: { score: s.score, is_spun: s.is_spun }, restored };
  });
  const { links, family, republicationOf } = linkCopies(
    docs.map((d, i) => ({
      id: d.id,
      text: d.text,
      published: d.published,
      outlet: d.outlet,
      url: d.url,
      credits: d.credits ?? [],
      spun: spins[i]!.spun,
      lang: d.lang,
      ingested_at: d.ingested_at,
    })),
    options.link,
  );
  const documents = docs.map((d, i) => {
    const s = spins[i]!;
    return {
      id: d.id,
      spun: s.spun,
      republication_of: republicationOf.get(d.id) ?? null,
      restored_text: s.restored && s.restored.restorations.length ? s.restored.restored_text : null,
      restorations: s.restored?.restorations ?? [],
      family: family.get(d.id) ?? d.id,
    };
  });
  return { documents, links };
}
