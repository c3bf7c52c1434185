/**
 * The evidence invariant, checked the same way by every backend before a knowledge-base write:
 * every span a record claims must satisfy `doc.text.slice(start, end) === text`.
 */
import type { KnowledgeBase } from "./store.js";
import { DossierError } from "../util/errors.js";

/** One span a KB record claims, to be checked against its document's text. */
export interface SpanCheck {
  start: number;
  end: number;
  text: string;
  where: string;
}

type Spanned = Pick<KnowledgeBase, "mentions" | "quotes" | "events" | "claims" | "provisions" | "relations">;

/**
 * Every span of these records, by document; with `only`, just the spans in those documents.
 * @example collectSpans(kb).get("d_1") // [{ start, end, text, where: "quote q_…" }, …]
 */
export function collectSpans(kb: Spanned, only?: ReadonlySet<string>): Map<string, SpanCheck[]> {
  const byDoc = new Map<string, SpanCheck[]>();
  const add = (doc: string, span: { start: number; end: number; text: string }, where: string): void => {
    if (only && !only.has(doc)) return;
    let list = byDoc.get(doc);
    if (!list) byDoc.set(doc, (list = []));
    list.push({ start: span.start, end: span.end, text: span.text, where });
  };
  for (const m of kb.mentions) add(m.doc, m, `mention of ${m.entity} at ${m.start}`);
  for (const q of kb.quotes) add(q.doc, q, `quote ${q.id}`);
  for (const e of kb.events) for (const ev of e.evidence) add(ev.doc, ev, `event ${e.id}`);
  for (const c of kb.claims) for (const ev of c.evidence) add(ev.doc, ev, `claim ${c.id}`);
  for (const p of kb.provisions) for (const ev of p.evidence) add(ev.doc, ev, `provision ${p.id}`);
  for (const r of kb.relations) for (const ev of r.evidence) add(ev.doc, ev, `relation ${r.id}`);
  return byDoc;
}

/**
 * Checks spans against document texts (`textOf` returns null for an unknown document).
 * @throws DossierError BAD_INPUT naming the first span that points into an unknown document or
 *   whose offsets do not give its text
 */
export async function verifySpans(
  byDoc: Map<string, SpanCheck[]>,
  textOf: (docs: string[]) => Promise<Map<string, string>>,
): Promise<void> {
  const docs = [...byDoc.keys()];
  for (let i = 0; i < docs.length; i += 500) {
    const chunk = docs.slice(i, i + 500);
    const texts = await textOf(chunk);
    for (const doc of chunk) {
      const spans = byDoc.get(doc)!;
      const text = texts.get(doc);
      if (text === undefined)
        throw new DossierError(
          "BAD_INPUT",
          `knowledge base refused: ${spans[0]!.where} points into unknown document ${doc}`,
        );
      for (const s of spans) {
        if (
          !Number.isInteger(s.start) ||
          !Number.isInteger(s.end) ||
          s.start < 0 ||
          s.end < s.start ||
          s.end > text.length ||
          text.slice(s.start, s.end) !== s.text
        ) {
          throw new DossierError(
            "BAD_INPUT",
            `knowledge base refused: ${s.where} in ${doc} has offsets [${s.start}, ${s.end}) whose text does not match ${JSON.stringify(s.text.slice(0, 60))}`,
          );
        }
      }
    }
  }
}

/** The record kinds a knowledge-base change upserts and removes by id. */
export const KB_RECORD_KINDS = ["entities", "events", "quotes", "claims", "provisions", "relations", "links"] as const;
