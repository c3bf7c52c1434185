/**
 * The evidence invariant, checked the same way by every backend before a knowledge-base write:
 * every span a record claims must satisfy `doc.text.slice(start, end) === text`. A span given by
 * offsets only (no `text`, as the incremental merge writes evidence it read back from its state)
 * must lie inside its document: the store keeps offsets and slices the text when it is read.
 */
import type { KnowledgeBase } from "./store.js";
import { DossierError } from "../util/errors.js";

/** One span a KB record claims, to be checked against its document's text. */
export interface SpanCheck {
  start: number;
  end: number;
  /** Absent for a span given by offsets only (its text is the document's slice by construction). */
  text?: string;
  where: string;
}

type Spanned = Pick<KnowledgeBase, "mentions" | "quotes" | "events" | "claims" | "provisions" | "relations">;

/**
 * Every span of these records, by document; with `only`, just the spans in those documents.
 * @example collectSpans(kb).get("d_1") // [{ start, end, text, where: "quote q_…" }, …]
 */
export function collectSpans(kb: Spanned, only?: ReadonlySet<string>): Map<string, SpanCheck[]> {
  const byDoc = new Map<string, SpanCheck[]>();
  const add = (doc: string, span: { start: number; end: number; text?: string }, where: string): void => {
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
          (s.text !== undefined && text.slice(s.start, s.end) !== s.text)
        ) {
          throw new DossierError(
            "BAD_INPUT",
            `knowledge base refused: ${s.where} in ${doc} has offsets [${s.start}, ${s.end}) whose text does not match ${JSON.stringify((s.text ?? "").slice(0, 60))}`,
          );
        }
      }
    }
  }
}

/** The record kinds a knowledge-base change upserts and removes by id. */
export const KB_RECORD_KINDS = ["entities", "events", "quotes", "claims", "provisions", "relations", "links"] as const;

// ---- evidence kept out of record JSON ------------------------------------------------------

/**
 * Record tables whose evidence is stored as rows of `evidence_spans` (offsets only) instead of
 * inside the record's JSON, and the span kind of each (decision 140).
 */
export const SPAN_KINDS = { events: "event", claims: "claim", provisions: "provision", relations: "relation" } as const;

/** A record table whose evidence lives in `evidence_spans`. */
export type SpanTable = keyof typeof SPAN_KINDS;

/** True for the record tables of {@link SPAN_KINDS}. */
export function isSpanTable(table: string): table is SpanTable {
  return Object.hasOwn(SPAN_KINDS, table);
}

/** One evidence span as stored: its offsets, and for a claim the stance and actor. No text. */
export interface StoredSpan {
  doc: string;
  start: number;
  end: number;
  stance: string | null;
  actor: string | null;
}

/**
 * What stands for the evidence array in a record's stored JSON when the array lives in
 * `evidence_spans`. Assigning the array back to the same key keeps the record's key order, so
 * the record reads byte for byte as written.
 */
export const EVIDENCE_IN_SPANS = 0;

/** Distance between the `ord` values of consecutive spans written in one go. */
export const ORD_GAP = 1024;

const PLAIN_KEYS = ["doc,start,end,text", "doc,start,end"];
const CLAIM_KEYS = ["doc,start,end,text,stance,actor", "doc,start,end,stance,actor"];

/** The span of one evidence item when it has the shape the store rebuilds exactly, else null. */
function storedSpanOf(table: SpanTable, item: unknown): StoredSpan | null {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return null;
  const o = item as Record<string, unknown>;
  const keys = Object.keys(o).join(",");
  if (!(table === "claims" ? CLAIM_KEYS : PLAIN_KEYS).includes(keys)) return null;
  if (typeof o.doc !== "string" || !Number.isInteger(o.start) || !Number.isInteger(o.end)) return null;
  if ("text" in o && typeof o.text !== "string") return null;
  if (table !== "claims")
    return { doc: o.doc, start: o.start as number, end: o.end as number, stance: null, actor: null };
  if (typeof o.stance !== "string" || (o.actor !== null && typeof o.actor !== "string")) return null;
  return {
    doc: o.doc,
    start: o.start as number,
    end: o.end as number,
    stance: o.stance,
    actor: o.actor as string | null,
  };
}

/**
 * A record split for storage: its JSON with the evidence array replaced by
 * {@link EVIDENCE_IN_SPANS} (when every item has the shape {@link joinEvidence} rebuilds: offsets,
 * the text, and for claims stance and actor), and its spans in evidence order. A record with an
 * item of any other shape keeps its evidence inline (`inline: true`); its spans are still listed,
 * for the reader view. Spans carry no text: a span's text is its document's slice, cut on read.
 */
export function splitEvidence(
  table: SpanTable,
  record: object,
): { stored: object; spans: StoredSpan[]; inline: boolean } {
  const evidence = (record as { evidence?: unknown }).evidence;
  if (!Array.isArray(evidence)) return { stored: record, spans: [], inline: true };
  const spans: StoredSpan[] = [];
  let inline = false;
  for (const item of evidence) {
    const s = storedSpanOf(table, item);
    if (s) spans.push(s);
    else {
      inline = true;
      const o = (item ?? {}) as Partial<StoredSpan> & { stance?: string | null; actor?: string | null };
      if (typeof o.doc === "string" && Number.isInteger(o.start) && Number.isInteger(o.end))
        spans.push({ doc: o.doc, start: o.start!, end: o.end!, stance: o.stance ?? null, actor: o.actor ?? null });
    }
  }
  return inline
    ? { stored: record, spans, inline }
    : { stored: { ...record, evidence: EVIDENCE_IN_SPANS }, spans, inline };
}

/** True when a stored record's evidence lives in `evidence_spans` ({@link splitEvidence}). */
export function evidenceInSpans(record: object): boolean {
  return (record as { evidence?: unknown }).evidence === EVIDENCE_IN_SPANS;
}

/**
 * Puts a record's evidence back from its spans (in `ord` order), each text sliced from its
 * document; the record is changed in place and returned.
 * @throws DossierError STORE when a span points into an unknown document
 */
export function joinEvidence<T extends object>(
  table: SpanTable,
  record: T,
  spans: readonly StoredSpan[],
  textOf: (doc: string) => string | undefined,
): T {
  const evidence = spans.map((s) => {
    const text = textOf(s.doc);
    if (text === undefined)
      throw new DossierError(
        "STORE",
        `stored evidence span [${s.start}, ${s.end}) points into unknown document ${s.doc}`,
      );
    const slice = text.slice(s.start, s.end);
    return table === "claims"
      ? { doc: s.doc, start: s.start, end: s.end, text: slice, stance: s.stance, actor: s.actor }
      : { doc: s.doc, start: s.start, end: s.end, text: slice };
  });
  (record as { evidence?: unknown }).evidence = evidence;
  return record;
}

/** The identity of a stored span within its record (two spans of a record never share it). */
export function spanKey(s: StoredSpan): string {
  return `${s.doc}\u0001${s.start}\u0001${s.end}\u0001${s.stance ?? ""}\u0001${s.actor === null ? "\u0002" : s.actor}`;
}

/** How to turn a record's stored spans into its new ones: ords to delete, new spans with their ords. */
export interface SpanDelta {
  remove: number[];
  add: Array<{ span: StoredSpan; ord: number }>;
}

/**
 * The smallest change from a record's stored spans (`old`, in `ord` order) to `next` that keeps
 * the order: spans present in both keep their row and `ord`; new ones get an `ord` between their
 * neighbours'. Null when the whole list must be rewritten (a span moved, a key repeats, or no free
 * `ord` is left between two neighbours): the caller then deletes every span of the record and
 * writes `next` with `ord = i · ORD_GAP`. A hub record gaining ten documents' spans thus writes
 * ten rows, not its twenty thousand.
 */
export function planSpanDelta(
  old: ReadonlyArray<{ key: string; ord: number }>,
  next: readonly StoredSpan[],
): SpanDelta | null {
  const oldAt = new Map<string, number>();
  for (let i = 0; i < old.length; i++) {
    if (oldAt.has(old[i]!.key)) return null;
    oldAt.set(old[i]!.key, i);
  }
  const matched: number[] = [];
  const seen = new Set<string>();
  let last = -1;
  for (const s of next) {
    const k = spanKey(s);
    if (seen.has(k)) return null;
    seen.add(k);
    const at = oldAt.get(k);
    if (at === undefined) matched.push(-1);
    else {
      if (at <= last) return null;
      last = at;
      matched.push(at);
    }
  }
  const kept = new Set(matched.filter((m) => m >= 0));
  const remove = old.filter((_, i) => !kept.has(i)).map((o) => o.ord);
  const add: SpanDelta["add"] = [];
  for (let i = 0; i < next.length; ) {
    if (matched[i]! >= 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < next.length && matched[j]! < 0) j++;
    const k = j - i;
    const lo = i > 0 ? old[matched[i - 1]!]!.ord : null;
    const hi = j < next.length ? old[matched[j]!]!.ord : null;
    for (let n = 0; n < k; n++) {
      let ord: number;
      if (lo === null && hi === null) ord = n * ORD_GAP;
      else if (lo === null) ord = hi! - ORD_GAP * (k - n);
      else if (hi === null) ord = lo + ORD_GAP * (n + 1);
      else {
        if (hi - lo <= k) return null;
        ord = lo + Math.floor(((hi - lo) * (n + 1)) / (k + 1));
      }
      add.push({ span: next[i + n]!, ord });
    }
    i = j;
  }
  return { remove, add };
}

/**
 * Drops `text` from every evidence span object (the value of an `evidence` key with `doc`, `start`
 * and `end`) inside a merge unit value, in place: the state keeps unit evidence as offsets only
 * (decision 140). True when a text was dropped.
 */
export function dropEvidenceTexts(value: unknown): boolean {
  let dropped = false;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (k === "evidence" && x !== null && typeof x === "object" && !Array.isArray(x)) {
        const e = x as Record<string, unknown>;
        if ("text" in e && typeof e.doc === "string" && Number.isInteger(e.start) && Number.isInteger(e.end)) {
          delete e.text;
          dropped = true;
        }
      } else walk(x);
    }
  };
  walk(value);
  return dropped;
}
