/**
 * Merge units: one document's facts with its entity keys resolved to global ids, each filed under
 * the partition it merges in. A knowledge-base record is a pure function of the units of one
 * partition ({@link recordsOfPartition}), so a batch of new documents only recomputes the
 * partitions its units fall in, and the order documents arrive in cannot change the result.
 *
 * Partitions:
 * - `ev|TYPE|PERIOD` events of one PLOVER type in one month (a day-, month- or interval-dated report
 *   by its first month, a year-dated one by its year, undated ones by their first actor);
 * - `qt|KEY` quotes by wording (a reworded copy of a quote inside one reuse family takes its
 *   source's key);
 * - `cl|KEY` claims by claim key; `pv|KEY` treaty provisions by agreement and article;
 * - `rl|A|B|TYPE` relations by unordered entity pair and type.
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
import {
  agreementKey,
  clusterReports,
  dateRange,
  earliestCredibleDate,
  evidenceKey,
  independenceUnits,
  mostCommon,
  pushEvidence,
  quoteKey,
  typedAgents,
  wordOverlap,
} from "./merge.js";

/** What every unit knows of its document. */
export interface UnitDoc {
  doc: string;
  outlet: string | null;
  /** Reuse family root (the document's own id when it has no family). */
  family: string;
}

export interface EventUnit extends UnitDoc {
  idx: number;
  type: string;
  actors: string[];
  targets: string[];
  location: string | null;
  date: string | null;
  modes: EventMode[];
  mode: string | null;
  summary: string;
  trigger: string;
  /** Typed agents of unnamed actors/targets, from the event coder (see merge.ts typedAgents). */
  actor_agents?: string[];
  target_agents?: string[];
  evidence: Evidence;
  /** Unit id (`doc#idx`) of the family original this copy repeats, or null. */
  copyOf: string | null;
}

export interface QuoteUnit extends UnitDoc {
  idx: number;
  start: number;
  end: number;
  text: string;
  direct: boolean;
  speaker: string | null;
  speaker_text: string | null;
  cue: string | null;
  addressee: string | null;
  event: number | null;
  spun: boolean;
}

export interface ClaimUnit extends UnitDoc {
  idx: number;
  key: string;
  text: string;
  stance: ClaimEvidence["stance"];
  actor: string | null;
  evidence: Evidence;
}

export interface ProvisionUnit extends UnitDoc {
  idx: number;
  agreement: string;
  article: string;
  content: string;
  evidence: Evidence;
}

export interface RelationUnit extends UnitDoc {
  idx: number;
  source: string;
  target: string;
  type: RelationRecord["type"];
  polarity: RelationRecord["polarity"];
  evidence: Evidence;
}

export type Unit =
  | ({ kind: "ev" } & EventUnit)
  | ({ kind: "qt" } & QuoteUnit)
  | ({ kind: "cl" } & ClaimUnit)
  | ({ kind: "pv" } & ProvisionUnit)
  | ({ kind: "rl" } & RelationUnit);

/** One document of a reuse family, as unit computation needs it. */
export interface FamilyMember {
  id: string;
  outlet: string | null;
  published: string | null;
  family: string;
  spun: boolean;
  facts: DocFacts;
  /** Global entity id of a document-local entity key, or null. */
  idOf(localKey: string): string | null;
}

/** The period partition of an event date. */
export function eventPeriod(date: string | null): string {
  if (!date) return "undated";
  const v = date.trim();
  const month = /^(\d{4}-\d{2})/.exec(v);
  if (month) return month[1]!;
  if (/^\d{4}$/.test(v)) return v;
  if (v.includes("/")) return eventPeriod(v.split("/")[0] || null);
  return v;
}

function mapKeys(idOf: (k: string) => string | null, keys: string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const id = idOf(k);
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Collects units per document and partition while a family is cut. */
type UnitSink = (doc: string, partition: string, unit: Unit) => void;

/**
 * The units of every document of one reuse family (a lone document is a family of one): event
 * copies are tied to the family original and dated as the family dates them, reworded quotes take
 * the wording key of the family quote they repeat.
 * @returns per document, its units keyed by partition
 */
export function unitsOfFamily(members: FamilyMember[]): Map<string, Map<string, Unit[]>> {
  const docs = [...members].sort(byId);
  const out = new Map<string, Map<string, Unit[]>>();
  const put: UnitSink = (doc, partition, unit) => {
    let m = out.get(doc);
    if (!m) out.set(doc, (m = new Map()));
    const list = m.get(partition);
    if (list) list.push(unit);
    else m.set(partition, [unit]);
  };
  eventUnits(docs, put);
  const quoteRoot = quoteKeyAliases(docs);
  for (const d of docs) {
    quoteUnits(d, quoteRoot, put);
    claimProvisionRelationUnits(d, put);
  }
  return out;
}

/** One event report of a family member, with its actors resolved and its family date. */
interface EventOccurrence {
  d: FamilyMember;
  idx: number;
  ev: LocalEvent;
  actors: string[];
  date: string | null;
  copyOf: string | null;
}

/**
 * The family's copy rule for events (see mergeFacts): a later member's event matching an earlier
 * member's (type, actors, modes) is that event, dated as the family dates it.
 */
function tieEventCopies(docs: FamilyMember[], occs: EventOccurrence[]): void {
  const publishedAt = (d: FamilyMember): string =>
    d.published && dateRange(d.published) ? dateRange(d.published)!.from : "9999";
  const ranked = [...docs].sort((a, b) => publishedAt(a).localeCompare(publishedAt(b)) || (a.id < b.id ? -1 : 1));
  const rank = new Map(ranked.map((d, i) => [d.id, i] as const));
  const sig = (o: EventOccurrence): string =>
    `${o.ev.type}|${[...o.actors].sort().join(",")}|${[...o.ev.modes].sort().join(",")}`;
  const original = new Map<EventOccurrence, EventOccurrence>();
  for (const o of occs) {
    if (o.actors.length === 0 || rank.get(o.d.id) === 0) continue;
    const s = sig(o);
    const match = occs
      .filter((m) => m.d !== o.d && rank.get(m.d.id)! < rank.get(o.d.id)! && sig(m) === s)
      .sort((a, b) => rank.get(a.d.id)! - rank.get(b.d.id)! || a.ev.evidence.start - b.ev.evidence.start)[0];
    if (!match) continue;
    original.set(o, match);
    const family = occs.filter((m) => sig(m) === s && rank.get(m.d.id)! <= rank.get(o.d.id)!);
    o.date = earliestCredibleDate(family.map((m) => m.ev.date)) ?? o.ev.date;
  }
  for (const [o, m] of original) {
    let root = m;
    while (original.has(root)) root = original.get(root)!;
    o.copyOf = `${root.d.id}#${root.idx}`;
  }
}

/** Event units, filed under `ev|TYPE|PERIOD`. */
function eventUnits(docs: FamilyMember[], put: UnitSink): void {
  const occs: EventOccurrence[] = [];
  for (const d of docs)
    d.facts.events.forEach((ev, idx) =>
      occs.push({ d, idx, ev, actors: mapKeys(d.idOf, ev.actors), date: ev.date, copyOf: null }),
    );
  if (docs.length > 1) tieEventCopies(docs, occs);
  for (const o of occs) {
    const { d, idx, ev } = o;
    // Undated reports merge only with reports sharing an actor (and a target or place): they are
    // filed by their first actor, so one type's undated reports are not one ever-growing partition.
    const period = o.date ? eventPeriod(o.date) : `undated|${[...o.actors].sort()[0] ?? `doc:${d.id}`}`;
    put(d.id, `ev|${ev.type}|${period}`, {
      kind: "ev",
      doc: d.id,
      outlet: d.outlet,
      family: d.family,
      idx,
      type: ev.type,
      actors: o.actors,
      targets: mapKeys(d.idOf, ev.targets),
      location: ev.location ? d.idOf(ev.location) : null,
      date: o.date,
      modes: ev.modes,
      mode: ev.mode,
      summary: ev.summary,
      trigger: ev.trigger,
      ...typedAgents([ev]),
      evidence: { doc: d.id, start: ev.evidence.start, end: ev.evidence.end, text: ev.evidence.text },
      copyOf: o.copyOf,
    });
  }
}

/**
 * Reworded copies of a quote inside one family join the wording key of the quote they repeat.
 * @returns the partition key of a quote wording key
 */
function quoteKeyAliases(docs: FamilyMember[]): (key: string) => string {
  const alias = new Map<string, string>();
  const root = (k: string): string => {
    let r = k;
    while (alias.has(r)) r = alias.get(r)!;
    return r;
  };
  if (docs.length > 1) {
    const list: Array<{ doc: string; key: string }> = [];
    for (const d of docs) for (const q of d.facts.quotes) list.push({ doc: d.id, key: quoteKey(q.text) });
    if (list.length <= 2000) {
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
  }
  return root;
}

/** Quote units of one member, filed under `qt|KEY`. */
function quoteUnits(d: FamilyMember, root: (key: string) => string, put: UnitSink): void {
  d.facts.quotes.forEach((q, idx) => {
    put(d.id, `qt|${root(quoteKey(q.text))}`, {
      kind: "qt",
      doc: d.id,
      outlet: d.outlet,
      family: d.family,
      idx,
      start: q.start,
      end: q.end,
      text: q.text,
      direct: q.direct,
      speaker: q.speaker ? d.idOf(q.speaker) : null,
      speaker_text: q.speaker_text,
      cue: q.cue,
      addressee: q.addressee,
      event: q.event,
      spun: d.spun,
    });
  });
}

/** Claim (`cl|`), provision (`pv|`) and relation (`rl|`) units of one member. */
function claimProvisionRelationUnits(d: FamilyMember, put: UnitSink): void {
  const base = { doc: d.id, outlet: d.outlet, family: d.family };
  d.facts.claims.forEach((c, idx) => {
    put(d.id, `cl|${c.key}`, {
      kind: "cl",
      ...base,
      idx,
      key: c.key,
      text: c.text,
      stance: c.stance,
      actor: c.actor ? d.idOf(c.actor) : null,
      evidence: { doc: d.id, start: c.evidence.start, end: c.evidence.end, text: c.evidence.text },
    });
  });
  d.facts.provisions.forEach((p, idx) => {
    put(d.id, `pv|${agreementKey(p.agreement)}|${p.article.toLowerCase()}`, {
      kind: "pv",
      ...base,
      idx,
      agreement: p.agreement,
      article: p.article,
      content: p.content,
      evidence: { doc: d.id, start: p.evidence.start, end: p.evidence.end, text: p.evidence.text },
    });
  });
  d.facts.relations.forEach((r, idx) => {
    const source = d.idOf(r.source);
    const target = d.idOf(r.target);
    if (!source || !target || source === target) return;
    const key = `${source < target ? source : target}|${source < target ? target : source}|${r.type}`;
    put(d.id, `rl|${key}`, {
      kind: "rl",
      ...base,
      idx,
      source,
      target,
      type: r.type,
      polarity: r.polarity,
      evidence: { doc: d.id, start: r.evidence.start, end: r.evidence.end, text: r.evidence.text },
    });
  });
}

/**
 * Independent sources among a record's documents: documents of one reuse family count once, and so
 * do documents of one outlet; families sharing an outlet are joined (union–find over the record's
 * own documents).
 */
export function independentSources(docs: UnitDoc[]): number {
  return new Set(independenceUnits(docs.map((d) => ({ id: d.doc, family: d.family, outlet: d.outlet }))).values()).size;
}

function byDocIdx<T extends { doc: string; idx: number }>(a: T, b: T): number {
  return a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : a.idx - b.idx;
}

function uniqueId(prefix: string, used: Map<string, number>, ...parts: Array<string | number | null>): string {
  const base = stableId(prefix, ...parts);
  if (!used.has(base)) {
    used.set(base, 1);
    return base;
  }
  for (let n = used.get(base)!; ; n++) {
    const id = stableId(prefix, ...parts, n);
    if (!used.has(id)) {
      used.set(base, n + 1);
      used.set(id, 1);
      return id;
    }
  }
}

/** One event of a partition as clustering leaves it, before its id is fixed. */
export interface EventClusterOf {
  members: EventUnit[];
  /** The id the event gets when no earlier event of its partition has the same content key. */
  base: string;
  /** The content key the id hashes (an id taken earlier in the partition adds a counter to it). */
  parts: Array<string | null>;
  /** Sort key of the member that started the cluster (its place in the partition's merge order). */
  first: string;
  actors: string[];
  targets: string[];
  date: string | null;
  location: string | null;
}

/**
 * The merge order of a partition's reports as a string that sorts like it: copies after
 * originals, dated before undated, then by document and index.
 */
export function eventOrderKey(u: EventUnit): string {
  return `${u.copyOf !== null ? 1 : 0}${u.date === null ? 1 : 0}|${u.doc}|${String(u.idx).padStart(6, "0")}`;
}

/**
 * Clusters event reports (all of one partition, or a block of it that no other report of the
 * partition can interact with, see event-blocks.ts). Reports are taken in a fixed content order
 * (copies after their originals, dated before undated, then by document and offset), so the result
 * depends only on the set of units.
 */
export function clusterEventUnits(units: EventUnit[]): EventClusterOf[] {
  const occ = [...units].sort(
    (a, b) =>
      Number(a.copyOf !== null) - Number(b.copyOf !== null) ||
      Number(a.date === null) - Number(b.date === null) ||
      byDocIdx(a, b) ||
      a.evidence.start - b.evidence.start,
  );
  const byUnitId = new Map(occ.map((u) => [unitIdOf(u), u] as const));
  const clusters = clusterReports(
    occ,
    (u) => u,
    (u) => (u.copyOf ? byUnitId.get(u.copyOf) : undefined),
  );
  return clusters.map((c) => {
    const actors = [...c.actors].sort();
    const targets = [...new Set(c.members.flatMap((m) => m.targets))].filter((t) => !c.actors.has(t)).sort();
    const date = earliestCredibleDate(c.dates);
    const location = mostCommon(c.members.map((m) => m.location).filter((l): l is string => l !== null)) ?? null;
    const modes = [...new Set(c.members.flatMap((m) => m.modes))].sort();
    const firstEvidence = c.members[0]!.evidence;
    const parts = [
      c.members[0]!.type,
      actors.join(","),
      targets.join(","),
      date,
      location,
      modes.join(","),
      actors.length === 0 ? evidenceKey(firstEvidence) : null,
    ];
    return {
      members: c.members,
      base: stableId("v", ...parts),
      parts,
      first: eventOrderKey(c.members[0]!),
      actors,
      targets,
      date,
      location,
    };
  });
}

/**
 * The id of an event of a partition whose content key `rank` - 1 earlier events (in merge order)
 * share: the first takes the content key's id; a later one hashes the key with its own first report
 * (`first`), never with its rank, so an event arriving before it does not renumber it (decision 155:
 * a rank shifted every later event of a busy content key at each merge).
 */
export function eventIdOf(c: Pick<EventClusterOf, "base" | "parts" | "first">, rank: number): string {
  return rank === 0 ? c.base : stableId("v", ...c.parts, `@${c.first}`);
}

/** The event record of one cluster, given its id. */
export function eventRecordOf(c: EventClusterOf, id: string): EventRecord {
  const first = c.members[0]!;
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const m of c.members) pushEvidence(evidence, seen, m.evidence);
  return {
    kind: "event",
    id,
    type: first.type as EventRecord["type"],
    summary: first.summary,
    date: c.date,
    actors: c.actors,
    targets: c.targets,
    location: c.location,
    evidence,
    mode: mostCommon(c.members.map((m) => m.mode)) ?? null,
    modes: [...new Set(c.members.flatMap((m) => m.modes))].sort() as EventMode[],
    independent_outlets: independentSources(c.members),
    trigger: first.trigger,
    ...typedAgents(c.members),
  };
}

/** Unit id `doc#idx` of an event report. */
export function unitIdOf(u: Pick<EventUnit, "doc" | "idx">): string {
  return `${u.doc}#${u.idx}`;
}

/**
 * The events of one `ev|TYPE|PERIOD` partition: reports of one event (same type and modes, a shared
 * actor, compatible dates; undated reports also need a shared target or place) become one record.
 * @returns the records and, per unit id `doc#idx`, the id of its event
 */
export function eventsOfPartition(units: EventUnit[]): { events: EventRecord[]; eventOf: Map<string, string> } {
  const rank = new Map<string, number>();
  const eventOf = new Map<string, string>();
  const events: EventRecord[] = [];
  for (const c of clusterEventUnits(units)) {
    const k = rank.get(c.base) ?? 0;
    rank.set(c.base, k + 1);
    const id = eventIdOf(c, k);
    for (const m of c.members) eventOf.set(unitIdOf(m), id);
    events.push(eventRecordOf(c, id));
  }
  return { events, eventOf };
}

/** The quote records of one `qt|KEY` partition (one per occurrence), given each unit's event id. */
export function quotesOfPartition(
  units: QuoteUnit[],
  eventIdOf: (doc: string, idx: number) => string | null,
): QuoteRecord[] {
  const sorted = [...units].sort(byDocIdx);
  const outlets = independentSources(sorted);
  const used = new Map<string, number>();
  return sorted.map((q) => ({
    kind: "quote",
    id: uniqueId("q", used, q.doc, q.start, q.end, q.direct ? 1 : 0),
    doc: q.doc,
    start: q.start,
    end: q.end,
    text: q.text,
    direct: q.direct,
    speaker: q.speaker,
    speaker_text: q.speaker_text,
    cue: q.cue,
    event: q.event !== null ? eventIdOf(q.doc, q.event) : null,
    addressee: q.addressee,
    spun_wording: q.spun,
    independent_outlets: outlets,
  }));
}

/** The claim record of one `cl|KEY` partition. */
export function claimOfPartition(key: string, units: ClaimUnit[]): ClaimRecord {
  const members = [...units].sort(byDocIdx);
  const asserted: string[] = [];
  const denied: string[] = [];
  const reported: string[] = [];
  const evidence: ClaimEvidence[] = [];
  const seen = new Set<string>();
  const supporting: UnitDoc[] = [];
  for (const c of members) {
    const list = c.stance === "assert" ? asserted : c.stance === "deny" ? denied : reported;
    if (c.actor && !list.includes(c.actor)) list.push(c.actor);
    if (c.stance !== "deny") supporting.push(c);
    const ek = `${c.doc}:${c.evidence.start}:${c.evidence.end}:${c.stance}`;
    if (seen.has(ek)) continue;
    seen.add(ek);
    evidence.push({ ...c.evidence, stance: c.stance, actor: c.actor });
  }
  return {
    kind: "claim",
    id: stableId("c", key),
    text: mostCommon(members.map((m) => m.text)) ?? key,
    asserted_by: asserted.sort(),
    denied_by: denied.sort(),
    evidence,
    independent_outlets: independentSources(supporting),
    reported_by: reported.sort(),
  };
}

/** The provision record of one `pv|KEY` partition. */
export function provisionOfPartition(key: string, units: ProvisionUnit[]): ProvisionRecord {
  const members = [...units].sort(byDocIdx);
  const first = members[0]!;
  const rec: ProvisionRecord = {
    kind: "provision",
    id: stableId("p", key),
    agreement: first.agreement,
    article: first.article,
    content: first.content,
    evidence: [],
  };
  const seen = new Set<string>();
  for (const p of members) {
    if (p.content.length > rec.content.length) rec.content = p.content;
    pushEvidence(rec.evidence, seen, p.evidence);
  }
  return rec;
}

/** The relation record of one `rl|A|B|TYPE` partition (direction and polarity of the first report). */
export function relationOfPartition(units: RelationUnit[]): RelationRecord {
  const members = [...units].sort(byDocIdx);
  const first = members[0]!;
  let { source, target } = first;
  if (first.polarity === "cooperation" && target < source) [source, target] = [target, source];
  const rec: RelationRecord = {
    kind: "relation",
    id: stableId("r", source, target, first.type, first.polarity),
    source,
    target,
    type: first.type,
    evidence: [],
    polarity: first.polarity,
  };
  const seen = new Set<string>();
  for (const r of members) pushEvidence(rec.evidence, seen, r.evidence);
  return rec;
}
