/**
 * The provenance step of a knowledge-base build in one call: spin detection and restoration per
 * document, then copy links, reuse families and `republication_of` across documents.
 */
import type { CopyLinkRecord, DocumentRecord } from "../../model/records.js";
import { linkCopies, type LinkOptions } from "./links.js";
import { learnSubstitutions, withLearnedRestorations, type AlignedCopy } from "./learned-substitutions.js";
import { restoreFromSource } from "./restore-source.js";
import { detectSpin, restoreText, type SpinOptions } from "./spin.js";

/** The provenance fields written back onto a document (KnowledgeBase["documents"] entries). */
export type DocumentProvenance = Pick<
  DocumentRecord,
  "id" | "spun" | "republication_of" | "restored_text" | "restorations" | "family"
>;

/** What the provenance step reads of a document. */
export type ProvenanceInput = Pick<DocumentRecord, "id" | "text" | "lang" | "published" | "outlet" | "url"> &
  Partial<Pick<DocumentRecord, "credits" | "ingested_at">>;

/**
 * Runs spin detection, restoration (for flagged documents only) and copy linking. A spun document
 * whose source (`republication_of`, not itself spun) is in the corpus is restored from that source
 * by alignment first; the lexicon fills in where the alignment says nothing. The substitutions those
 * alignments reveal (this spinner's own thesaurus) are then applied to spun documents whose source
 * is not in the corpus, where consistent enough (src/kb/provenance/learned-substitutions.ts).
 * @returns one provenance entry per input document (same order) and the copy links
 * @throws DossierError BAD_INPUT on duplicate ids or binary text
 * @example
 * const { documents, links } = buildProvenance(docs);
 * documents[1].family === documents[0].id // when doc 1 copies doc 0
 */
export function buildProvenance(
  docs: ProvenanceInput[],
  options: {
    spin?: SpinOptions;
    link?: LinkOptions /** Apply substitutions learned from aligned copies (default true). */;
    learnFromCorpus?: boolean;
  } = {},
): { documents: DocumentProvenance[]; links: CopyLinkRecord[] } {
  const spins: Array<{ spun: { score: number; is_spun: boolean }; restored: ReturnType<typeof restoreText> | null }> =
    docs.map((d) => {
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
  const indexOf = new Map(docs.map((d, i) => [d.id, i]));
  const aligned: AlignedCopy[] = [];
  const restoredFromSource = new Set<number>();
  for (const [i, d] of docs.entries()) {
    const s = spins[i]!;
    const sourceIndex = indexOf.get(republicationOf.get(d.id) ?? "");
    if (!s.spun.is_spun || sourceIndex === undefined || spins[sourceIndex]!.spun.is_spun) continue;
    const source = docs[sourceIndex]!;
    const fromSource = restoreFromSource(d.text, source.text, source.id);
    if (!fromSource.length) continue;
    aligned.push({ text: d.text, restorations: fromSource });
    restoredFromSource.add(i);
    const fromLexicon = (s.restored?.restorations ?? []).filter(
      (r) => !fromSource.some((f) => r.start < f.end && f.start < r.end),
    );
    s.restored = restoreText(d.text, [...fromSource, ...fromLexicon]);
  }
  if (aligned.length && options.learnFromCorpus !== false) {
    // This spinner's own substitutions, read off the aligned copies, restore its other copies.
    const learned = learnSubstitutions(aligned);
    for (const [i, d] of docs.entries()) {
      const s = spins[i]!;
      if (!s.spun.is_spun || restoredFromSource.has(i)) continue;
      const withLearned = withLearnedRestorations(d.text, s.restored?.restorations ?? [], learned);
      if (withLearned) s.restored = withLearned;
    }
  }
  const documents = docs.map((d, i) => {
    const s = spins[i]!;
    return {
      id: d.id,
      spun: s.spun,
      republication_of: republicationOf.get(d.id) ?? null,
      restored_text: s.restored?.restorations.length ? s.restored.restored_text : null,
      restorations: s.restored?.restorations ?? [],
      family: family.get(d.id) ?? d.id,
    };
  });
  return { documents, links };
}
