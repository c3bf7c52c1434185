/**
 * The per-document stage: the language layer and extraction over one document, pure. Loading this
 * module loads every model's code (src/nlp, src/extract): the analysis threads and the one-thread
 * path import it; the reading thread and the knowledge-base build do not.
 */
import { SCHEMA_VERSION, type DocumentRecord } from "../model/records.js";
import { DossierError } from "../util/errors.js";
import type { DocAnalysis } from "../store/store.js";
import { analyzeText } from "../nlp/index.js";
import { extractFacts } from "../extract/index.js";
import { ANALYSIS_VERSION } from "./version.js";

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
      nlp: {
        lang: doc.lang,
        sentences: [],
        tokens: [],
        entities: [],
        mentions: [],
        times: [],
        notes: [`analysis skipped: ${err.message}`],
      },
      facts: { events: [], quotes: [], claims: [], provisions: [], relations: [] },
    };
  }
}

/**
 * Loads every model the analysis uses (tokenizer, tagger, parser, entity recogniser, gazetteer,
 * time expressions, event coder) by analysing a short made-up text, so that a worker thread pays
 * the load while its caller is still reading pages rather than on its first document.
 */
export function warmUpAnalysis(): void {
  analyseDocument({
    kind: "document",
    schema: SCHEMA_VERSION,
    id: "doc_warmup",
    sha256: "",
    source: "warm-up",
    title: null,
    outlet: null,
    url: null,
    authors: [],
    published: "2020-01-06",
    lang: "en",
    text: WARM_UP_TEXT,
    spun: { score: 0, is_spun: false },
    republication_of: null,
    restored_text: null,
  });
}

/** A made-up paragraph that reaches every stage: a person with a role, places, a date, a quote, an event. */
const WARM_UP_TEXT =
  'The mayor of Springfield, Jane Doe, met union leaders in Boston on Tuesday. "We agreed to keep talking," she said. ' +
  "Police arrested two protesters outside the hall, according to a statement from the city.";

/**
 * What the knowledge base keeps of an analysis: entities, mentions, notes and facts. Tokens,
 * sentences and time expressions are inputs of extraction only; no surface reads them back, and
 * they were most of the store (see docs/decisions on storage per document).
 */
export function storedAnalysis(a: DocAnalysis): DocAnalysis {
  return { ...a, nlp: { ...a.nlp, sentences: [], tokens: [], times: [] } };
}
