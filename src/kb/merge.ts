/**
 * Cross-document merge of extracted facts: the same event, claim, provision or relation reported by
 * several documents becomes one record carrying every piece of evidence; quotes stay one record per
 * occurrence. Corroboration counts independent outlets only: documents of one reuse family
 * (copies, republications, spun copies) count once.
 *
 * Ids are {@link stableId}s of content keys (type, actors, dates, template keys, document offsets),
 * never array positions, so re-running on the same input gives the same ids.
 */
import type { DocFacts, LocalEvent } from "../model/pipeline.js";
import type {
  ClaimEvidence,
  ClaimRecord,
  Evidence,
  EventMode,
  EventRecord,
  ProvisionRecord,
  QuoteRecord,
  RelationRecord,
} from "../model/records.js";
import { stableId } from "../util/ids.js";
import { participantCode } from "../extract/participants.js";
import { gazetteer } from "../nlp/gazetteer.js";
import { matchKey } from "../nlp/names.js";

/** One document as the merge sees it. */
export interface MergeDoc {
  id: string;
  text: string;
  outlet: string | null;
  published: string | null;
  /** Reuse family id from provenance; empty when unknown (the document then counts by outlet). */
  family: string;
  /** True when the document's wording is machine-spun. */
  spun: boolean;
  facts: DocFacts;
}

export interface MergeInput {
  docs: MergeDoc[];
  /** Global entity id of a document's LocalEntity key, or null when the entity was dropped. */
  entityIdOf(doc: string, localKey: string): string | null;
}

export interface MergeOutput {
  events: EventRecord[];
  quotes: QuoteRecord[];
  claims: ClaimRecord[];
  provisions: ProvisionRecord[];
  relations: RelationRecord[];
}

/** Independence units of the documents being merged (see {@link independenceUnits}). */
let UNITS: Map<string, string> = new Map();

/**
 * Independence units: documents of one reuse family count once, and so do documents of one outlet
 * (two articles by the same newsroom are not two independent confirmations). Families that share
 * an outlet name are joined (union–find), so a copy chain and its outlet's other articles count once.
 */
export function independenceUnits(docs: Array<Pick<MergeDoc, "id" | "family" | "outlet">>): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let y = x; parent.get(y) !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const union = (a: string, b: string): void => {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const d of docs) {
    const node = `doc:${d.id}`;
    union(node, node);
    if (d.family?.trim()) union(node, `family:${d.family}`);
    if (d.outlet?.trim()) union(node, `outlet:${d.outlet.trim().toLowerCase()}`);
  }
  const out = new Map<string, string>();
  for (const d of docs) out.set(d.id, find(`doc:${d.id}`));
  return out;
}

/** Independence unit of a document: its family joined with its outlet's, else itself. */
function independenceKey(d: Pick<MergeDoc, "id" | "family" | "outlet">): string {
  return (
    UNITS.get(d.id) ??
    (d.family?.trim()
      ? `family:${d.family}`
      : d.outlet?.trim()
        ? `outlet:${d.outlet.trim().toLowerCase()}`
        : `doc:${d.id}`)
  );
}

/** Parse a date value (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `a/b`, `YYYYs`) to an inclusive day range. */
export function dateRange(value: string): { from: string; to: string } | null {
  const v = value.trim();
  if (v.includes("/")) {
    const [a, b] = v.split("/");
    const ra = a ? dateRange(a) : null;
    const rb = b ? dateRange(b) : null;
    return ra && rb ? { from: ra.from, to: rb.to } : (ra ?? rb);
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (m) return { from: `${m[1]}-${m[2]}-${m[3]}`, to: `${m[1]}-${m[2]}-${m[3]}` };
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m) return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-31` };
  m = /^(\d{3})0s$/.exec(v);
  if (m) return { from: `${m[1]}0-01-01`, to: `${m[1]}9-12-31` };
  m = /^(\d{4})$/.exec(v);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  return null;
}

/** True when two dates can name the same time (either unknown, or their ranges overlap). */
export function datesCompatible(a: string | null, b: string | null): boolean {
  if (!a || !b) return true;
  const ra = dateRange(a);
  const rb = dateRange(b);
  if (!ra || !rb) return true;
  return ra.from <= rb.to && rb.from <= ra.to;
}

function rangeWidth(value: string): number {
  const r = dateRange(value);
  if (!r) return Number.MAX_SAFE_INTEGER;
  return Date.parse(r.to) - Date.parse(r.from);
}

/**
 * The event date across evidence: the earliest start wins; a more specific date inside it refines
 * it ("2023-10" and "2023-10-19" give "2023-10-19"), so a later republication's date never wins.
 */
export function earliestCredibleDate(values: Array<string | null>): string | null {
  const dated = values.filter((v): v is string => !!v && dateRange(v) !== null);
  if (dated.length === 0) return null;
  dated.sort((a, b) => dateRange(a)!.from.localeCompare(dateRange(b)!.from) || rangeWidth(a) - rangeWidth(b));
  let best = dated[0]!;
  for (const v of dated) {
    const rb = dateRange(best)!;
    const rv = dateRange(v)!;
    if (rv.from >= rb.from && rv.to <= rb.to && rangeWidth(v) < rangeWidth(best)) best = v;
  }
  return best;
}

interface EventOccurrence {
  doc: MergeDoc;
  index: number;
  event: LocalEvent;
  actors: string[];
  targets: string[];
  location: string | null;
}

/**
 * What event clustering reads of one report: its type and modes, its family date, and its actors,
 * targets and place as entity ids.
 */
export interface ClusterableReport {
  type: string;
  mode: string | null;
  modes: readonly string[];
  date: string | null;
  actors: readonly string[];
  targets: readonly string[];
  location: string | null;
}

/** Reports of one event, as clustering grows it. */
export interface ReportCluster<T> {
  members: T[];
  actors: Set<string>;
  dates: Array<string | null>;
  /** Common range of the dated members (intervals that overlap pairwise share one: Helly, 1-D). */
  range: { from: string; to: string } | null;
  /** Targets and places of the members, for undated reports. */
  places: Set<string>;
  /** Position in creation order (candidates are tried oldest first). */
  order: number;
}

type EventCluster = ReportCluster<EventOccurrence>;

function mapKeys(input: MergeInput, doc: string, keys: string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const id = input.entityIdOf(doc, k);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

export function evidenceKey(e: Evidence): string {
  return `${e.doc}:${e.start}:${e.end}`;
}

export function pushEvidence(list: Evidence[], seen: Set<string>, e: Evidence): void {
  const k = evidenceKey(e);
  if (seen.has(k)) return;
  seen.add(k);
  list.push(e);
}

export function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Ids handed out so far, and for each base id the next counter to try (linear on repetitive input). */
interface IdPool {
  used: Set<string>;
  next: Map<string, number>;
}

function idPool(): IdPool {
  return { used: new Set(), next: new Map() };
}

function uniqueId(prefix: string, pool: IdPool, ...parts: Array<string | number | null>): string {
  const base = stableId(prefix, ...parts);
  let id = base;
  if (pool.used.has(id)) {
    let n = pool.next.get(base) ?? 1;
    for (id = stableId(prefix, ...parts, n); pool.used.has(id); n++) id = stableId(prefix, ...parts, n + 1);
    pool.next.set(base, n + 1);
  }
  pool.used.add(id);
  return id;
}

/** Every event report of every document, its actors, targets and place mapped to entity ids. */
function eventOccurrences(input: MergeInput): EventOccurrence[] {
  const occurrences: EventOccurrence[] = [];
  for (const doc of input.docs) {
    doc.facts.events.forEach((event, index) => {
      occurrences.push({
        doc,
        index,
        event,
        actors: mapKeys(input, doc.id, event.actors),
        targets: mapKeys(input, doc.id, event.targets),
        location: event.location ? input.entityIdOf(doc.id, event.location) : null,
      });
    });
  }
  return occurrences;
}

/**
 * Copies within one reuse family: a copy's event that matches (type, actors, modes) an event of an
 * earlier family member is that event, dated as the family dates it (a spun copy's "last week"
 * anchored to its late publish date is not a new date). Redates copies in place; returns copy → original.
 */
function familyCopies(occurrences: EventOccurrence[]): Map<EventOccurrence, EventOccurrence> {
  const copyOf = new Map<EventOccurrence, EventOccurrence>();
  const byFamily = new Map<string, EventOccurrence[]>();
  for (const o of occurrences) {
    if (!o.doc.family?.trim()) continue;
    const list = byFamily.get(o.doc.family) ?? [];
    list.push(o);
    byFamily.set(o.doc.family, list);
  }
  const publishedAt = (d: MergeDoc): string =>
    d.published && dateRange(d.published) ? dateRange(d.published)!.from : "9999";
  const signature = (o: EventOccurrence): string =>
    `${o.event.type}|${[...o.actors].sort().join(",")}|${[...o.event.modes].sort().join(",")}`;
  for (const members of byFamily.values()) {
    const docsIn = [...new Set(members.map((m) => m.doc))];
    if (docsIn.length < 2) continue;
    docsIn.sort((a, b) => publishedAt(a).localeCompare(publishedAt(b)) || (a.id < b.id ? -1 : 1));
    const rank = new Map(docsIn.map((d, i) => [d, i] as const));
    for (const o of members) {
      if (o.actors.length === 0 || rank.get(o.doc) === 0) continue;
      const sig = signature(o);
      // The match in the earliest family member (the original), never in a later copy.
      const match = members
        .filter((m) => m.doc !== o.doc && rank.get(m.doc)! < rank.get(o.doc)! && signature(m) === sig)
        .sort((a, b) => rank.get(a.doc)! - rank.get(b.doc)! || a.event.evidence.start - b.event.evidence.start)[0];
      if (!match) continue;
      copyOf.set(o, copyOf.get(match) ?? match);
      const family = members.filter((m) => signature(m) === sig && rank.get(m.doc)! <= rank.get(o.doc)!);
      const date = earliestCredibleDate(family.map((m) => m.event.date)) ?? o.event.date;
      o.event = { ...o.event, date };
    }
  }
  return copyOf;
}

/**
 * Dated reports first, so undated ones meet every dated candidate before choosing one; copies after
 * the events they copy, which they join directly. Sorts in place.
 */
function sortOccurrences(occurrences: EventOccurrence[], copyOf: Map<EventOccurrence, EventOccurrence>): void {
  occurrences.sort(
    (a, b) =>
      (a.event.type < b.event.type ? -1 : a.event.type > b.event.type ? 1 : 0) ||
      Number(copyOf.has(a)) - Number(copyOf.has(b)) ||
      Number(a.event.date === null) - Number(b.event.date === null) ||
      (a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0) ||
      a.event.evidence.start - b.event.evidence.start,
  );
}

/** Clusters built so far, indexed by kind (type + modes) and actor, so each report meets only clusters it could join. */
interface ClusterState<T> {
  clusters: Array<ReportCluster<T>>;
  byActor: Map<string, Array<ReportCluster<T>>>;
  clusterOf: Map<T, ReportCluster<T>>;
}

/** The existing cluster a report joins: its original's for a copy, else the first compatible one by actor. */
function findCluster<T>(
  o: ClusterableReport,
  original: T | undefined,
  kind: string,
  range: ReturnType<typeof dateRange>,
  state: ClusterState<T>,
): ReportCluster<T> | undefined {
  const { byActor, clusterOf } = state;
  let target: ReportCluster<T> | undefined = original !== undefined ? clusterOf.get(original) : undefined;
  if (!target && o.actors.length > 0) {
    const seen = new Set<ReportCluster<T>>();
    for (const a of o.actors) for (const c of byActor.get(`${kind}|${a}`) ?? []) seen.add(c);
    // Undated reports need a shared target or place; a signing needs the same signatories (two or more):
    // the same parties rarely sign twice, while they meet often.
    const sameSignatories = (c: ReportCluster<T>): boolean =>
      o.type === "SUPPORT" &&
      o.mode === "sign" &&
      o.actors.length >= 2 &&
      c.actors.size === o.actors.length &&
      o.actors.every((a) => c.actors.has(a));
    const sharesPlace = (c: ReportCluster<T>): boolean =>
      o.targets.some((t) => c.places.has(t)) || (o.location !== null && c.places.has(o.location)) || sameSignatories(c);
    const candidates = [...seen]
      .sort((a, b) => a.order - b.order)
      .filter(
        (c) =>
          (!range || !c.range || (range.from <= c.range.to && c.range.from <= range.to)) &&
          // Undated reports merge only when they also share a target or place.
          (o.date !== null ? c.range !== null || sharesPlace(c) : sharesPlace(c)),
      );
    // An undated report that fits several dated events is ambiguous: it stays on its own.
    if (o.date === null && candidates.filter((c) => c.range !== null).length > 1) {
      target = candidates.find((c) => c.range === null);
    } else {
      target = candidates[0];
    }
  }
  return target;
}

/** Adds a report to a cluster: its actors (indexed), places, date, and the narrowed date range. */
function joinCluster<T>(
  target: ReportCluster<T>,
  item: T,
  o: ClusterableReport,
  kind: string,
  range: ReturnType<typeof dateRange>,
  state: ClusterState<T>,
): void {
  const { byActor, clusterOf } = state;
  target.members.push(item);
  clusterOf.set(item, target);
  for (const a of o.actors) {
    if (target.actors.has(a)) continue;
    target.actors.add(a);
    const key = `${kind}|${a}`;
    const list = byActor.get(key);
    if (list) list.push(target);
    else byActor.set(key, [target]);
  }
  for (const t of o.targets) target.places.add(t);
  if (o.location) target.places.add(o.location);
  target.dates.push(o.date);
  if (range)
    target.range = target.range
      ? {
          from: range.from > target.range.from ? range.from : target.range.from,
          to: range.to < target.range.to ? range.to : target.range.to,
        }
      : range;
}

/**
 * Groups sorted reports into events: each report joins its original's cluster (a family copy), or
 * the oldest compatible cluster — same type and modes, a shared actor, overlapping dates; undated
 * reports also need a shared target or place — or starts its own. Shared by the whole-corpus merge
 * ({@link mergeFacts}) and the incremental one (`units.ts`, one partition at a time).
 * @param sorted reports in their merge order (copies after their originals)
 * @param view what clustering reads of a report
 * @param originalOf the report a family copy repeats (undefined for others)
 */
export function clusterReports<T>(
  sorted: readonly T[],
  view: (item: T) => ClusterableReport,
  originalOf: (item: T) => T | undefined,
): Array<ReportCluster<T>> {
  const state: ClusterState<T> = { clusters: [], byActor: new Map(), clusterOf: new Map() };
  const { clusters } = state;
  for (const item of sorted) {
    const o = view(item);
    const kind = `${o.type}|${o.modes.includes("negated")}|${o.modes.includes("hypothetical")}|${o.modes.includes("future")}`;
    const range = o.date ? dateRange(o.date) : null;
    let target = findCluster(o, originalOf(item), kind, range, state);
    if (!target) {
      target = { members: [], actors: new Set(), dates: [], range: null, places: new Set(), order: clusters.length };
      clusters.push(target);
    }
    joinCluster(target, item, o, kind, range, state);
  }
  return clusters;
}

/** Groups sorted reports into clusters, each report joining a compatible cluster or starting its own. */
function clusterOccurrences(
  occurrences: EventOccurrence[],
  copyOf: Map<EventOccurrence, EventOccurrence>,
): EventCluster[] {
  return clusterReports(
    occurrences,
    (o) => ({ ...o.event, actors: o.actors, targets: o.targets, location: o.location }),
    (o) => copyOf.get(o),
  );
}

/** One event record per cluster, with a unique id, and each report's key mapped to its event's id. */
function clusterRecords(clusters: EventCluster[]): { events: EventRecord[]; idOf: Map<string, string> } {
  const used = idPool();
  const idOf = new Map<string, string>();
  const events: EventRecord[] = [];
  for (const c of clusters) {
    const actors = [...c.actors].sort();
    const targets = [...new Set(c.members.flatMap((m) => m.targets))].filter((t) => !c.actors.has(t)).sort();
    const date = earliestCredibleDate(c.dates);
    const location = mostCommon(c.members.map((m) => m.location).filter((l): l is string => l !== null)) ?? null;
    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const m of c.members)
      pushEvidence(evidence, seen, {
        doc: m.doc.id,
        start: m.event.evidence.start,
        end: m.event.evidence.end,
        text: m.event.evidence.text,
      });
    const modes = [...new Set(c.members.flatMap((m) => m.event.modes))].sort() as EventMode[];
    const first = c.members[0]!;
    const id = uniqueId(
      "v",
      used,
      first.event.type,
      actors.join(","),
      targets.join(","),
      date,
      location,
      modes.join(","),
      actors.length === 0 ? evidenceKey(evidence[0]!) : null,
    );
    for (const m of c.members) idOf.set(`${m.doc.id}#${m.index}`, id);
    events.push({
      kind: "event",
      id,
      type: first.event.type as EventRecord["type"],
      summary: first.event.summary,
      date,
      actors,
      targets,
      location,
      evidence,
      mode: mostCommon(c.members.map((m) => m.event.mode)) ?? null,
      modes,
      independent_outlets: new Set(c.members.map((m) => independenceKey(m.doc))).size,
      trigger: first.event.trigger,
      ...typedAgents(c.members.map((m) => m.event)),
    });
  }
  events.sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999") || a.id.localeCompare(b.id));
  return { events, idOf };
}

/** Merges every document's event reports into events: family copies aligned, reports clustered, records built. */
function mergeEvents(input: MergeInput): { events: EventRecord[]; idOf: Map<string, string> } {
  const occurrences = eventOccurrences(input);
  const copyOf = familyCopies(occurrences);
  sortOccurrences(occurrences, copyOf);
  return clusterRecords(clusterOccurrences(occurrences, copyOf));
}

/**
 * Typed agents of an event's reports ("Nigeria police (COP)"), each list the sorted union over the
 * reports and present only when not empty, so records of events without agents keep their shape.
 */
export function typedAgents(
  reports: ReadonlyArray<{ actor_agents?: string[]; target_agents?: string[] }>,
): Pick<EventRecord, "actor_agents" | "target_agents"> {
  const out: Pick<EventRecord, "actor_agents" | "target_agents"> = {};
  const actors = [...new Set(reports.flatMap((r) => r.actor_agents ?? []))].sort();
  const targets = [...new Set(reports.flatMap((r) => r.target_agents ?? []))].sort();
  if (actors.length > 0) out.actor_agents = actors;
  if (targets.length > 0) out.target_agents = targets;
  return out;
}

/** Quote wording key: case, punctuation and spacing do not matter. */
export function quoteKey(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Share of the shorter quote's words found in the other (aligned words of a spun or trimmed copy). */
export function wordOverlap(a: string, b: string): number {
  const wa = new Set(a.split(" ").filter(Boolean));
  const wb = new Set(b.split(" ").filter(Boolean));
  if (wa.size === 0 || wb.size === 0) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.min(wa.size, wb.size);
}

function mergeQuotes(input: MergeInput, eventIdOf: Map<string, string>): QuoteRecord[] {
  // A quote repeated in a copy (same reuse family) is the source's quote, even when a spinner
  // reworded it: its wording key joins the source's, so the copy never adds an outlet.
  const alias = new Map<string, string>();
  const root = (k: string): string => {
    let r = k;
    while (alias.has(r)) r = alias.get(r)!;
    return r;
  };
  const byFamily = new Map<string, Array<{ doc: string; key: string }>>();
  for (const doc of input.docs) {
    if (!doc.family?.trim()) continue;
    const list = byFamily.get(doc.family) ?? [];
    for (const q of doc.facts.quotes) list.push({ doc: doc.id, key: quoteKey(q.text) });
    byFamily.set(doc.family, list);
  }
  for (const list of byFamily.values()) {
    if (list.length > 2000) continue; // guard: a giant family is compared by exact wording only
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.doc === b.doc || a.key === b.key) continue;
        const ra = root(a.key);
        const rb = root(b.key);
        if (ra !== rb && wordOverlap(a.key, b.key) >= 0.5) alias.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
      }
    }
  }
  const families = new Map<string, Set<string>>();
  for (const doc of input.docs) {
    for (const q of doc.facts.quotes) {
      const k = root(quoteKey(q.text));
      const set = families.get(k) ?? new Set<string>();
      set.add(independenceKey(doc));
      families.set(k, set);
    }
  }
  const out: QuoteRecord[] = [];
  const used = idPool();
  for (const doc of input.docs) {
    for (const q of doc.facts.quotes) {
      out.push({
        kind: "quote",
        id: uniqueId("q", used, doc.id, q.start, q.end, q.direct ? 1 : 0),
        doc: doc.id,
        start: q.start,
        end: q.end,
        text: q.text,
        direct: q.direct,
        speaker: q.speaker ? input.entityIdOf(doc.id, q.speaker) : null,
        speaker_text: q.speaker_text,
        cue: q.cue,
        event: q.event !== null ? (eventIdOf.get(`${doc.id}#${q.event}`) ?? null) : null,
        addressee: q.addressee,
        spun_wording: doc.spun,
        independent_outlets: families.get(root(quoteKey(q.text)))?.size ?? 1,
      });
    }
  }
  return out;
}

function mergeClaims(input: MergeInput): ClaimRecord[] {
  const groups = new Map<string, Array<{ doc: MergeDoc; claim: DocFacts["claims"][number] }>>();
  for (const doc of input.docs) {
    for (const claim of doc.facts.claims) {
      const list = groups.get(claim.key) ?? [];
      list.push({ doc, claim });
      groups.set(claim.key, list);
    }
  }
  const out: ClaimRecord[] = [];
  for (const [key, members] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const asserted: string[] = [];
    const denied: string[] = [];
    const reported: string[] = [];
    const evidence: ClaimEvidence[] = [];
    const seen = new Set<string>();
    const supporting = new Set<string>();
    for (const { doc, claim } of members) {
      const actor = claim.actor ? input.entityIdOf(doc.id, claim.actor) : null;
      const list = claim.stance === "assert" ? asserted : claim.stance === "deny" ? denied : reported;
      if (actor && !list.includes(actor)) list.push(actor);
      if (claim.stance !== "deny") supporting.add(independenceKey(doc));
      // One span, one stance: several actors of one sentence ("Moscow and Pyongyang denied") share it.
      const ek = `${doc.id}:${claim.evidence.start}:${claim.evidence.end}:${claim.stance}`;
      if (seen.has(ek)) continue;
      seen.add(ek);
      evidence.push({
        doc: doc.id,
        start: claim.evidence.start,
        end: claim.evidence.end,
        text: claim.evidence.text,
        stance: claim.stance,
        actor,
      });
    }
    out.push({
      kind: "claim",
      id: stableId("c", key),
      text: mostCommon(members.map((m) => m.claim.text)) ?? key,
      asserted_by: asserted.sort(),
      denied_by: denied.sort(),
      evidence,
      independent_outlets: supporting.size,
      reported_by: reported.sort(),
    });
  }
  return out;
}

const AGREEMENT_NOISE = new Set([
  "the",
  "a",
  "an",
  "of",
  "on",
  "between",
  "and",
  "new",
  "comprehensive",
  "treaty",
  "agreement",
  "pact",
  "accord",
]);

/**
 * Agreement key: case, articles, "comprehensive", the agreement noun and the parties' names do not
 * matter, so "the Treaty on Comprehensive Economic Cooperation" and "the Chile-Peru economic
 * cooperation agreement" meet as "cooperation economic".
 */
export function agreementKey(name: string): string {
  const tokens = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter(Boolean);
  const party = partyWords(tokens);
  const words = tokens.filter((w, i) => !party[i] && !AGREEMENT_NOISE.has(w) && participantCode(w) === null);
  return [...new Set(words)].sort().join(" ") || name.toLowerCase();
}

/** Longest country name or demonym the gazetteer knows, in words ("north korean", "soviet union"). */
const MAX_PARTY_WORDS = 4;

/**
 * Marks the words of an agreement name that belong to a country name or demonym
 * ("United Arab Emirates", "South Sudanese"), longest match first: the parties never name the agreement.
 */
function partyWords(tokens: readonly string[]): boolean[] {
  const marked = tokens.map(() => false);
  const gaz = gazetteer();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = Math.min(MAX_PARTY_WORDS, tokens.length - i); n >= 1; n--) {
      const names = gaz.lookup(matchKey(tokens.slice(i, i + n).join(" ")))?.names ?? [];
      if (names.some((g) => g.entity.type === "country")) {
        for (let k = i; k < i + n; k++) marked[k] = true;
        i += n - 1;
        break;
      }
    }
  }
  return marked;
}

function mergeProvisions(input: MergeInput): ProvisionRecord[] {
  const groups = new Map<string, ProvisionRecord>();
  const seen = new Map<string, Set<string>>();
  for (const doc of input.docs) {
    for (const p of doc.facts.provisions) {
      const key = `${agreementKey(p.agreement)}|${p.article.toLowerCase()}`;
      let rec = groups.get(key);
      if (!rec) {
        rec = {
          kind: "provision",
          id: stableId("p", key),
          agreement: p.agreement,
          article: p.article,
          content: p.content,
          evidence: [],
        };
        groups.set(key, rec);
        seen.set(key, new Set());
      } else if (p.content.length > rec.content.length) {
        rec.content = p.content;
      }
      pushEvidence(rec.evidence, seen.get(key)!, {
        doc: doc.id,
        start: p.evidence.start,
        end: p.evidence.end,
        text: p.evidence.text,
      });
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.agreement.localeCompare(b.agreement) || a.article.localeCompare(b.article, "en", { numeric: true }),
  );
}

function mergeRelations(input: MergeInput): RelationRecord[] {
  const groups = new Map<string, RelationRecord>();
  const seen = new Map<string, Set<string>>();
  for (const doc of input.docs) {
    for (const r of doc.facts.relations) {
      let source = input.entityIdOf(doc.id, r.source);
      let target = input.entityIdOf(doc.id, r.target);
      if (!source || !target || source === target) continue;
      // One relation per pair and type: A–B and B–A, cooperation or conflict wording, merge (the
      // polarity of the first report is kept; a conflict keeps the direction it was first seen in).
      const key = `${source < target ? source : target}|${source < target ? target : source}|${r.type}`;
      let rec = groups.get(key);
      if (!rec) {
        if (r.polarity === "cooperation" && target < source) [source, target] = [target, source];
        rec = {
          kind: "relation",
          id: stableId("r", source, target, r.type, r.polarity),
          source,
          target,
          type: r.type,
          evidence: [],
          polarity: r.polarity,
        };
        groups.set(key, rec);
        seen.set(key, new Set());
      }
      pushEvidence(rec.evidence, seen.get(key)!, {
        doc: doc.id,
        start: r.evidence.start,
        end: r.evidence.end,
        text: r.evidence.text,
      });
    }
  }
  return [...groups.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Merge the facts of many documents into knowledge-base records.
 * @param input documents with their facts, families and spin flags, and the local→global entity map
 * @returns events, quotes, claims, provisions and relations with stable ids and all evidence
 * @example
 * const kb = mergeFacts({ docs, entityIdOf: (doc, key) => entityMap.get(`${doc}#${key}`) ?? null });
 * kb.claims.filter((c) => c.denied_by.length > 0 && c.asserted_by.length > 0); // "X says, Y denies"
 */
export function mergeFacts(input: MergeInput): MergeOutput {
  const docs = [...input.docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sorted: MergeInput = { docs, entityIdOf: input.entityIdOf };
  UNITS = independenceUnits(docs);
  const { events, idOf } = mergeEvents(sorted);
  return {
    events,
    quotes: mergeQuotes(sorted, idOf),
    claims: mergeClaims(sorted),
    provisions: mergeProvisions(sorted),
    relations: mergeRelations(sorted),
  };
}
