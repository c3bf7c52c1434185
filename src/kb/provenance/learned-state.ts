/**
 * Learned substitutions in the incremental knowledge base (src/kb/incremental.ts). The batch build
 * (build.ts) learns the spinner's own pairs from every spun copy aligned to its source and applies
 * them to spun copies whose source is absent; here the same table is kept in the knowledge-base
 * state and updated as documents are merged, so the result is the one `build --full` gives,
 * whatever order the documents arrive in:
 *
 * - `lsd` document → its part in the table: an aligned copy (the restorations read from its
 *   source) or a source-less spun copy (a target of learned pairs);
 * - `lsf` word sequence (1–3 letters-only words) → summed statistics over the aligned copies
 *   (how often it was swapped, for which originals, and how often it was left unchanged);
 * - `lst` word → source-less spun copies containing it, to find the copies a changed pair affects.
 *
 * After a batch's provenance rows are computed (detector and source restorations only), the rows
 * that became or stopped being aligned copies add or remove their contribution; every form whose
 * trusted reading changed sends the earlier source-less copies containing it back for restoration.
 */
import type { Restoration } from "../../model/records.js";
import type { StateCache } from "../state.js";
import type { DocumentProvenance } from "./build.js";
import {
  addContribution,
  alignedContribution,
  forEachWordSequence,
  LEARNED_MIN_CONFIDENCE,
  learnedOriginal,
  withLearnedRestorations,
  type AlignedContribution,
  type FormStats,
  type LearnedSubstitutions,
} from "./learned-substitutions.js";
import { isSourceRestoration } from "./restore-source.js";
import { tokenize } from "./text.js";

/** State spaces of the learned-pair table (distinct from the incremental builder's own). */
const SPACE = { doc: "lsd", form: "lsf", word: "lst" } as const;

/** A document's part in the table, as stored under `lsd`. */
type LearnedRole = AlignedRole | { target: true };

/** An aligned copy's restorations from its source: [start, end, original] (spun = the text there). */
interface AlignedRole {
  aligned: Array<[start: number, end: number, original: string]>;
}

interface StoredFormStats {
  o: Record<string, number>;
  d: number;
  c: number;
  k: number;
}

/** What the merge needs from the knowledge base besides its state. */
export interface LearnedMergeAccess {
  /** The text of a merged or batch document. */
  text(id: string): Promise<string>;
  /**
   * The provenance row of an already merged document as it would be without learned pairs
   * (detector and source restorations), from its stored source and family.
   */
  baseRow(id: string): Promise<DocumentProvenance>;
}

/**
 * Updates the stored pair table with the aligned copies among `rows` (provenance rows of this
 * batch, restored without learned pairs) and applies the table to every source-less spun copy
 * whose restoration it may change: those among `rows` (restored in place) and earlier ones
 * containing a form whose trusted reading changed (their rows are appended to `rows`).
 * @returns the ids of the documents whose rows now carry learned restorations or were re-restored
 */
export async function mergeLearnedSubstitutions(
  cache: StateCache,
  rows: DocumentProvenance[],
  access: LearnedMergeAccess,
): Promise<string[]> {
  const latest = new Map(rows.map((r) => [r.id, r]));
  const ids = [...latest.keys()].sort();
  await cache.load(SPACE.doc, ids);
  const deltas: Array<{ c: AlignedContribution; sign: 1 | -1 }> = [];
  const targets = new Set<string>();
  for (const id of ids) {
    const role = roleOf(latest.get(id)!);
    const old = cache.json<LearnedRole>(SPACE.doc, id) ?? null;
    if (role && "target" in role) targets.add(id);
    if (JSON.stringify(old) === JSON.stringify(role)) continue;
    const text = await access.text(id);
    if (old && "aligned" in old) deltas.push({ c: contributionOf(text, old), sign: -1 });
    if (role && "aligned" in role) deltas.push({ c: contributionOf(text, role), sign: 1 });
    const wasTarget = Boolean(old && "target" in old);
    if (wasTarget !== targets.has(id)) {
      for (const w of wordsOf(text)) {
        if (wasTarget) cache.delete(SPACE.word, w, id);
        else cache.put(SPACE.word, w, id, "");
      }
    }
    if (role) cache.setJson(SPACE.doc, id, role);
    else cache.delete(SPACE.doc, id, "");
  }
  const changedForms = await applyDeltas(cache, deltas);
  // Earlier source-less copies that contain a form whose trusted reading changed.
  const firstWords = [...new Set([...changedForms].map((f) => f.split(" ")[0]!))];
  await cache.load(SPACE.word, firstWords);
  const earlier = new Set<string>();
  for (const w of firstWords) for (const id of cache.subs(SPACE.word, w).keys()) if (!latest.has(id)) earlier.add(id);
  const restored: string[] = [];
  for (const id of [...targets, ...[...earlier].sort()]) {
    const text = await access.text(id);
    if (!latest.has(id) && !containsAny(text, changedForms)) continue;
    const row = latest.get(id) ?? (await access.baseRow(id));
    const withLearned = withLearnedRestorations(text, row.restorations ?? [], await tableFor(cache, text));
    if (!latest.has(id)) rows.push(row);
    if (withLearned || !latest.has(id)) restored.push(id);
    if (!withLearned) continue;
    for (const r of rows) {
      if (r.id !== id) continue;
      r.restorations = withLearned.restorations;
      r.restored_text = withLearned.restored_text;
    }
  }
  return restored;
}

/** An aligned copy (spun, restored from its source), a target (spun, no aligned source) or neither (null). */
function roleOf(row: DocumentProvenance): LearnedRole | null {
  if (!row.spun.is_spun) return null;
  const fromSource = (row.restorations ?? []).filter(isSourceRestoration);
  if (!fromSource.length) return { target: true };
  return { aligned: fromSource.map((r) => [r.start, r.end, r.original]) };
}

function contributionOf(text: string, role: AlignedRole): AlignedContribution {
  const restorations: Array<Pick<Restoration, "start" | "end" | "spun" | "original">> = role.aligned.map(
    ([start, end, original]) => ({ start, end, spun: text.slice(start, end), original }),
  );
  return alignedContribution({ text, restorations });
}

function wordsOf(text: string): string[] {
  const words = new Set<string>();
  forEachWordSequence(tokenize(text), (seq) => {
    if (!seq.includes(" ")) words.add(seq);
  });
  return [...words].sort();
}

function containsAny(text: string, forms: Set<string>): boolean {
  let found = false;
  forEachWordSequence(tokenize(text), (seq) => {
    if (forms.has(seq)) found = true;
  });
  return found;
}

const decode = (v: StoredFormStats): FormStats => ({
  originals: new Map(Object.entries(v.o)),
  changedDocs: v.d,
  changed: v.c,
  kept: v.k,
});

const encode = (s: FormStats): StoredFormStats => ({
  o: Object.fromEntries([...s.originals].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  d: s.changedDocs,
  c: s.changed,
  k: s.kept,
});

/** What restoration reads from a form's statistics: the trusted original and its confidence, or "". */
function trustedReading(form: string, stats: FormStats | undefined): string {
  if (!stats) return "";
  const found = learnedOriginal({ forms: new Map([[form, stats]]), documents: 0 }, form);
  return found && found.confidence >= LEARNED_MIN_CONFIDENCE
    ? `${found.original}\u0000${found.confidence}\u0000${found.support}`
    : "";
}

/** Adds and removes contributions in the stored table; returns the forms whose trusted reading changed. */
async function applyDeltas(
  cache: StateCache,
  deltas: Array<{ c: AlignedContribution; sign: 1 | -1 }>,
): Promise<Set<string>> {
  const touched = new Set<string>();
  for (const { c } of deltas) {
    for (const f of c.swaps.keys()) touched.add(f);
    for (const f of c.kept.keys()) touched.add(f);
  }
  const forms = [...touched].sort();
  await cache.load(SPACE.form, forms);
  const changed = new Set<string>();
  for (const form of forms) {
    const stored = cache.json<StoredFormStats>(SPACE.form, form);
    const before = stored ? decode(stored) : undefined;
    let after = before;
    for (const { c, sign } of deltas) after = addContribution(after, form, c, sign);
    if (trustedReading(form, before) !== trustedReading(form, after)) changed.add(form);
    if (after) cache.setJson(SPACE.form, form, encode(after));
    else if (stored) cache.delete(SPACE.form, form, "");
  }
  return changed;
}

/** The stored table restricted to the forms that occur in `text` (all restoration can use). */
async function tableFor(cache: StateCache, text: string): Promise<LearnedSubstitutions> {
  const seqs = new Set<string>();
  forEachWordSequence(tokenize(text), (seq) => seqs.add(seq));
  await cache.load(SPACE.form, seqs);
  const forms = new Map<string, FormStats>();
  for (const seq of seqs) {
    const stored = cache.json<StoredFormStats>(SPACE.form, seq);
    if (stored && stored.d > 0) forms.set(seq, decode(stored));
  }
  return { forms, documents: 0 };
}
