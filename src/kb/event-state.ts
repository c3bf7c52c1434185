/**
 * Incremental upkeep of event partitions by blocks (see event-blocks.ts): a batch re-clusters only
 * the blocks its reports can reach, and writes only what changed.
 *
 * State (spaces of the knowledge-base state; `P` is the partition, `B` a block id = the smallest
 * unit id `doc#idx` of the block):
 * - `eb`  `P␁B` → doc → that document's event units in the block;
 * - `ex`  `P␁FEATURE` → B → index value (event-blocks.ts blockFeatures);
 * - `ep`  `P␁B` → `{r: record id → digest, b: content key → first-member keys of its clusters,
 *   e: unit id → event id}` (the old event ids of a block's reports come from here, not from `ee`);
 * - `er`  `P␁CONTENT KEY` → B → first-member keys of the block's clusters with that key (an event
 *   id takes a counter when an earlier cluster of the partition has the same content key);
 * - `eo`  doc → `P␁B` → "" for each block of P holding units of the document (a document's reports
 *   in one partition can fall in several blocks; rows `P` → B written by the first block code
 *   are still read);   `ee`  doc → event index → event id.
 * A partition written by the code before blocks (units under `u` P → doc, ids under `evid`, record
 * list under `pr` P) is converted the first time a batch touches it.
 */
import { createHash } from "node:crypto";
import type { EventRecord } from "../model/records.js";
import type { StateCache } from "./state.js";
import { blockFeatures, eventBlocks, featureQueries } from "./event-blocks.js";
import { decodeUnitRow, encodeUnitRow } from "./unit-rows.js";
import { clusterEventUnits, eventIdOf, eventRecordOf, unitIdOf, type EventClusterOf, type EventUnit } from "./units.js";

const SEP = "\u0001";
/** State spaces of event blocks. */
export const EV = { block: "eb", index: "ex", meta: "ep", rank: "er", docBlock: "eo", eventId: "ee" } as const;
/** The pre-block spaces a partition is converted from. */
const OLD = { unit: "u", eventOf: "evid", records: "pr" } as const;

/** What changes in one event partition: documents whose units there are replaced, and their new units. */
export interface EventDelta {
  docs: Set<string>;
  added: EventUnit[];
}

/** The parts of a merge the event partitions write to. */
export interface EventRun {
  cache: StateCache;
  upsert: EventRecord[];
  remove: string[];
  /** Ids of the event records the recomputed blocks produce, changed or not. */
  produced: Set<string>;
}

interface BlockMeta {
  r: Record<string, string>;
  b: Record<string, string[]>;
  /** Unit id → event id, for every report of the block (absent in rows written before it). */
  e?: Record<string, string>;
}

/** One partition's work: the blocks it reads and what replaces them. */
interface PartitionWork {
  p: string;
  delta: EventDelta;
  /** Blocks read (affected), by id: doc → units. */
  old: Map<string, Map<string, EventUnit[]>>;
  /** Units of a partition being converted from the pre-block state. */
  converted: Map<string, EventUnit[]> | null;
  oldDigests: Record<string, string>;
  oldIds: Map<string, string> | null;
  blocks: Map<string, EventUnit[]>;
  clusters: Map<string, EventClusterOf[]>;
}

const bk = (p: string, b: string): string => p + SEP + b;

function digestOf(record: unknown): string {
  return createHash("sha1").update(JSON.stringify(record)).digest("base64").slice(0, 16);
}

function minUnitId(units: EventUnit[]): string {
  let m = unitIdOf(units[0]!);
  for (const u of units) {
    const id = unitIdOf(u);
    if (id < m) m = id;
  }
  return m;
}

function unitsByDoc(units: EventUnit[]): Map<string, EventUnit[]> {
  const out = new Map<string, EventUnit[]>();
  for (const u of units) {
    const l = out.get(u.doc);
    if (l) l.push(u);
    else out.set(u.doc, [u]);
  }
  for (const l of out.values()) l.sort((a, b) => a.idx - b.idx);
  return out;
}

/**
 * Re-clusters the blocks of the touched event partitions that the deltas reach.
 * @returns per document, the indexes of its event reports whose event id changed
 */
export async function updateEventPartitions(
  run: EventRun,
  deltas: Map<string, EventDelta>,
): Promise<Map<string, Set<number>>> {
  const { cache } = run;
  const parts = [...deltas.keys()].sort();
  await cache.load(OLD.unit, parts);
  const deltaDocs = new Set<string>();
  for (const d of deltas.values()) for (const doc of d.docs) deltaDocs.add(doc);
  await cache.load(EV.docBlock, deltaDocs);
  const works: PartitionWork[] = [];
  const indexKeys = new Set<string>();
  for (const p of parts) {
    const delta = deltas.get(p)!;
    const oldRows = cache.subs(OLD.unit, p);
    const work: PartitionWork = {
      p,
      delta,
      old: new Map(),
      converted: null,
      oldDigests: {},
      oldIds: null,
      blocks: new Map(),
      clusters: new Map(),
    };
    if (oldRows.size > 0) work.converted = new Map();
    else for (const u of delta.added) for (const q of featureQueries(u)) indexKeys.add(bk(p, q.key));
    works.push(work);
  }
  await cache.load(EV.index, indexKeys);
  const blockKeys = new Set<string>();
  for (const w of works) {
    if (w.converted) continue;
    const affected = new Set<string>();
    for (const doc of w.delta.docs) for (const b of blocksOfDoc(cache, doc, w.p)) affected.add(b);
    for (const u of w.delta.added)
      for (const q of featureQueries(u))
        for (const [b, value] of cache.subs(EV.index, bk(w.p, q.key))) if (q.accepts(value)) affected.add(b);
    for (const b of affected) {
      w.old.set(b, new Map());
      blockKeys.add(bk(w.p, b));
    }
  }
  await cache.load(EV.block, blockKeys);
  await cache.load(EV.meta, blockKeys);
  await convertOldPartitions(run, works);
  const oldEventIds = new Map<string, Map<string, string>>();
  const needEe = new Set<string>();
  for (const w of works) {
    for (const [b, byDoc] of w.old) {
      for (const [doc, v] of cache.subs(EV.block, bk(w.p, b))) byDoc.set(doc, decodeUnitRow<EventUnit>(doc, v));
      const meta = cache.json<BlockMeta>(EV.meta, bk(w.p, b));
      Object.assign(w.oldDigests, meta?.r ?? {});
      noteOldIds(meta, byDoc.keys(), oldEventIds, needEe);
    }
    const units: EventUnit[] = [...w.delta.added];
    const keep = (byDoc: Map<string, EventUnit[]>): void => {
      for (const [doc, list] of byDoc) if (!w.delta.docs.has(doc)) units.push(...list);
    };
    for (const byDoc of w.old.values()) keep(byDoc);
    if (w.converted) keep(w.converted);
    for (const comp of units.length ? eventBlocks(units) : []) {
      const id = minUnitId(comp);
      w.blocks.set(id, comp);
      w.clusters.set(id, clusterEventUnits(comp));
    }
    if (w.converted) for (const doc of w.converted.keys()) needEe.add(doc);
  }
  await readEventIds(cache, needEe, oldEventIds);
  const changed = new Map<string, Set<number>>();
  const mark = (doc: string, idx: number): void => {
    let set = changed.get(doc);
    if (!set) changed.set(doc, (set = new Set()));
    set.add(idx);
  };
  const reEmit = await rankClusters(run, works);
  for (const w of works) writePartition(run, w, reEmit.ranks, oldEventIds, mark);
  await reEmitBlocks(run, reEmit, mark);
  return changed;
}

/**
 * Files the event ids a block's meta row holds for its reports (doc → index → id); the documents
 * of a block written before the meta kept them go to `needEe` (read from `ee`).
 */
function noteOldIds(
  meta: BlockMeta | undefined,
  docs: Iterable<string>,
  out: Map<string, Map<string, string>>,
  needEe: Set<string>,
): void {
  if (!meta?.e) {
    for (const d of docs) needEe.add(d);
    return;
  }
  for (const [unit, id] of Object.entries(meta.e)) {
    const cut = unit.lastIndexOf("#");
    const doc = unit.slice(0, cut);
    (out.get(doc) ?? out.set(doc, new Map()).get(doc)!).set(unit.slice(cut + 1), id);
  }
}

/** Adds the `ee` rows of these documents to `out` (they replace what block metas gave). */
async function readEventIds(
  cache: StateCache,
  docs: Set<string>,
  out: Map<string, Map<string, string>>,
): Promise<void> {
  await cache.load(EV.eventId, docs);
  for (const d of docs) out.set(d, new Map(cache.subs(EV.eventId, d)));
}

/** The blocks of partition `p` holding units of `doc` (its `eo` rows, loaded). */
function blocksOfDoc(cache: StateCache, doc: string, p: string): string[] {
  const out: string[] = [];
  for (const [sub, v] of cache.subs(EV.docBlock, doc)) {
    if (sub === p) out.push(v);
    else if (sub.startsWith(p + SEP)) out.push(sub.slice(p.length + 1));
  }
  return out;
}

/**
 * Reads a pre-block partition (units, record list, event ids) into its work item and deletes that
 * state; the partition is then written as blocks like any other.
 */
async function convertOldPartitions(run: EventRun, works: PartitionWork[]): Promise<void> {
  const { cache } = run;
  const conv = works.filter((w) => w.converted);
  if (conv.length === 0) return;
  const keys = conv.map((w) => w.p);
  await cache.load(OLD.records, keys);
  await cache.load(OLD.eventOf, keys);
  for (const w of conv) {
    for (const [doc, v] of cache.subs(OLD.unit, w.p)) w.converted!.set(doc, decodeUnitRow<EventUnit>(doc, v));
    const stored = cache.json<string[] | Record<string, string>>(OLD.records, w.p);
    const old: Record<string, string> = Array.isArray(stored)
      ? Object.fromEntries(stored.map((id) => [id, ""]))
      : (stored ?? {});
    Object.assign(w.oldDigests, old);
    w.oldIds = new Map(cache.subs(OLD.eventOf, w.p));
    cache.deleteKey(OLD.unit, w.p);
    cache.deleteKey(OLD.eventOf, w.p);
    cache.deleteKey(OLD.records, w.p);
  }
}

/** Ranks of clusters sharing a content key, and the untouched blocks whose ranks moved. */
interface Ranking {
  ranks: Map<string, Map<string, number>>;
  blocks: Array<{ p: string; b: string }>;
}

const rankKey = (p: string, base: string): string => bk(p, base);

/**
 * What an event id takes from the order of the clusters sharing a content key (their first
 * reports): 0 for the first, 1 for every later one (eventIdOf: a later id hashes its own first
 * report, not its rank).
 */
function idRanks(firsts: string[]): Map<string, number> {
  const min = firsts.reduce((m, f) => (m === null || f < m ? f : m), null as string | null);
  return new Map(firsts.map((f) => [f, f === min ? 0 : 1] as const));
}

/**
 * Files the clusters of the recomputed blocks under their content keys (`er`) and ranks every
 * cluster sharing a content key in merge order; blocks left alone whose clusters' ranks changed are
 * returned for re-emission (their event ids change).
 */
async function rankClusters(run: EventRun, works: PartitionWork[]): Promise<Ranking> {
  const { cache } = run;
  const keys = new Set<string>();
  for (const w of works) {
    for (const b of w.old.keys())
      for (const base of Object.keys(cache.json<BlockMeta>(EV.meta, bk(w.p, b))?.b ?? {})) keys.add(rankKey(w.p, base));
    for (const cs of w.clusters.values()) for (const c of cs) keys.add(rankKey(w.p, c.base));
  }
  await cache.load(EV.rank, keys);
  const before = new Map<string, Map<string, string[]>>();
  for (const k of keys)
    before.set(k, new Map([...cache.subs(EV.rank, k)].map(([b, v]) => [b, JSON.parse(v) as string[]] as const)));
  for (const w of works) {
    for (const b of w.old.keys())
      for (const base of Object.keys(cache.json<BlockMeta>(EV.meta, bk(w.p, b))?.b ?? {}))
        cache.delete(EV.rank, rankKey(w.p, base), b);
    for (const [b, cs] of w.clusters) {
      const firsts = new Map<string, string[]>();
      for (const c of cs) (firsts.get(c.base) ?? firsts.set(c.base, []).get(c.base)!).push(c.first);
      for (const [base, list] of firsts) cache.put(EV.rank, rankKey(w.p, base), b, JSON.stringify(list.sort()));
    }
  }
  const ranks = new Map<string, Map<string, number>>();
  const moved = new Map<string, { p: string; b: string }>();
  const order = (entries: Map<string, string[]>): Map<string, number> => idRanks([...entries.values()].flat());
  for (const w of works) {
    const recomputed = new Set([...w.old.keys(), ...w.clusters.keys()]);
    for (const k of keys) {
      if (!k.startsWith(w.p + SEP) || ranks.has(k)) continue;
      const now = new Map([...cache.subs(EV.rank, k)].map(([b, v]) => [b, JSON.parse(v) as string[]] as const));
      const newRank = order(now);
      const oldRank = order(before.get(k)!);
      ranks.set(k, newRank);
      for (const [b, firsts] of now)
        if (!recomputed.has(b) && firsts.some((f) => oldRank.get(f) !== newRank.get(f)))
          moved.set(bk(w.p, b), { p: w.p, b });
    }
  }
  return { ranks, blocks: [...moved.values()] };
}

/** Writes one partition's recomputed blocks: units, index, records, event ids, block of each document. */
function writePartition(
  run: EventRun,
  w: PartitionWork,
  ranks: Map<string, Map<string, number>>,
  oldEventIds: Map<string, Map<string, string>>,
  mark: (doc: string, idx: number) => void,
): void {
  const { cache } = run;
  const { p } = w;
  // Units and index of the blocks read; what is unchanged is not rewritten.
  const oldFeatures = new Map<string, Map<string, string>>();
  for (const [b, byDoc] of w.old) oldFeatures.set(b, blockFeatures([...byDoc.values()].flat()));
  const newRows = new Map<string, Map<string, string>>();
  for (const [b, comp] of w.blocks)
    newRows.set(b, new Map([...unitsByDoc(comp)].map(([doc, l]) => [doc, encodeUnitRow(doc, l)] as const)));
  for (const [b, byDoc] of w.old) {
    const now = newRows.get(b);
    for (const doc of byDoc.keys()) if (!now?.has(doc)) cache.delete(EV.block, bk(p, b), doc);
    const nowFeatures = w.blocks.has(b) ? blockFeatures(w.blocks.get(b)!) : new Map<string, string>();
    for (const f of oldFeatures.get(b)!.keys()) if (!nowFeatures.has(f)) cache.delete(EV.index, bk(p, f), b);
    if (!w.blocks.has(b)) cache.delete(EV.meta, bk(p, b), "");
  }
  for (const [b, rows] of newRows) {
    const stored = w.old.has(b) ? cache.subs(EV.block, bk(p, b)) : undefined;
    for (const [doc, v] of rows) if (stored?.get(doc) !== v) cache.put(EV.block, bk(p, b), doc, v);
    const before = oldFeatures.get(b);
    for (const [f, v] of blockFeatures(w.blocks.get(b)!)) if (before?.get(f) !== v) cache.put(EV.index, bk(p, f), b, v);
  }
  // Which blocks hold each document's units: known for every document of the blocks read (a
  // document's other blocks were not touched), so only the changes are written.
  const had = new Map<string, Set<string>>();
  const has = new Map<string, Set<string>>();
  const note = (m: Map<string, Set<string>>, doc: string, b: string): void => {
    (m.get(doc) ?? m.set(doc, new Set()).get(doc)!).add(b);
  };
  for (const [b, byDoc] of w.old) for (const doc of byDoc.keys()) note(had, doc, b);
  for (const [b, rows] of newRows) for (const doc of rows.keys()) note(has, doc, b);
  for (const doc of w.delta.docs) {
    for (const b of blocksOfDoc(cache, doc, p)) note(had, doc, b);
    if (cache.subs(EV.docBlock, doc).has(p)) cache.delete(EV.docBlock, doc, p);
  }
  for (const [doc, blocks] of had)
    for (const b of blocks) if (!has.get(doc)?.has(b)) cache.delete(EV.docBlock, doc, bk(p, b));
  for (const [doc, blocks] of has)
    for (const b of blocks) if (!had.get(doc)?.has(b)) cache.put(EV.docBlock, doc, bk(p, b), "");
  // Records and event ids.
  const oldIds = new Set(Object.keys(w.oldDigests));
  for (const [b, cs] of w.clusters) emitBlock(run, p, b, cs, ranks, w.oldDigests, oldEventIds, w.oldIds, mark);
  for (const id of oldIds) if (!run.produced.has(id)) run.remove.push(id);
}

/** The records of one block's clusters (ids by rank), its meta row, and its members' event ids. */
function emitBlock(
  run: EventRun,
  p: string,
  b: string,
  clusters: EventClusterOf[],
  ranks: Map<string, Map<string, number>>,
  oldDigests: Record<string, string>,
  oldEventIds: Map<string, Map<string, string>>,
  convertedIds: Map<string, string> | null,
  mark: (doc: string, idx: number) => void,
): void {
  const { cache } = run;
  const meta: BlockMeta = { r: {}, b: {}, e: {} };
  for (const c of clusters) {
    const id = eventIdOf(c, ranks.get(rankKey(p, c.base))?.get(c.first) ?? 0);
    const record = eventRecordOf(c, id);
    const digest = digestOf(record);
    meta.r[id] = digest;
    (meta.b[c.base] ??= []).push(c.first);
    run.produced.add(id);
    if (oldDigests[id] !== digest) run.upsert.push(record);
    for (const m of c.members) {
      meta.e![unitIdOf(m)] = id;
      const old = convertedIds ? convertedIds.get(unitIdOf(m)) : oldEventIds.get(m.doc)?.get(String(m.idx));
      if (old !== id) mark(m.doc, m.idx);
      if (oldEventIds.get(m.doc)?.get(String(m.idx)) !== id) cache.put(EV.eventId, m.doc, String(m.idx), id);
    }
  }
  cache.setJson(EV.meta, bk(p, b), meta);
}

/**
 * Re-emits these blocks with the ids the current scheme gives their clusters (eventIdOf); records
 * whose id or content changes are rewritten, with the event ids of their reports.
 * @returns per document, the indexes of its event reports whose event id changed
 */
export async function reEmitEventBlocks(
  run: EventRun,
  blocks: Array<{ p: string; b: string }>,
): Promise<Map<string, Set<number>>> {
  const changed = new Map<string, Set<number>>();
  await reEmitBlocks(run, { ranks: new Map(), blocks }, (doc, idx) => {
    (changed.get(doc) ?? changed.set(doc, new Set()).get(doc)!).add(idx);
  });
  return changed;
}

/**
 * The blocks of these documents (their `eo` rows) holding a cluster that is not the first of its
 * content key in its partition: the events whose ids the scheme before decision 155 numbered by rank.
 */
export async function blocksOfLaterEvents(cache: StateCache, docs: string[]): Promise<Array<{ p: string; b: string }>> {
  await cache.load(EV.docBlock, docs);
  const blocks = new Map<string, { p: string; b: string }>();
  for (const d of docs)
    for (const [sub, v] of cache.subs(EV.docBlock, d)) {
      const cut = sub.indexOf(SEP);
      const [p, b] = cut >= 0 ? [sub.slice(0, cut), sub.slice(cut + 1)] : [sub, v];
      blocks.set(bk(p, b), { p, b });
    }
  await cache.load(EV.meta, blocks.keys());
  const rankKeys = new Set<string>();
  for (const [k, { p }] of blocks)
    for (const base of Object.keys(cache.json<BlockMeta>(EV.meta, k)?.b ?? {})) rankKeys.add(rankKey(p, base));
  await cache.load(EV.rank, rankKeys);
  const out: Array<{ p: string; b: string }> = [];
  for (const [k, { p, b }] of blocks) {
    const meta = cache.json<BlockMeta>(EV.meta, k);
    const later = Object.entries(meta?.b ?? {}).some(([base, firsts]) => {
      const all = [...cache.subs(EV.rank, rankKey(p, base)).values()].flatMap((v) => JSON.parse(v) as string[]);
      const ranks = idRanks(all);
      return firsts.some((f) => ranks.get(f) !== 0);
    });
    if (later) out.push({ p, b });
  }
  return out;
}

/** Blocks whose clusters' ranks moved: re-emitted with their new ids (their clustering is unchanged). */
async function reEmitBlocks(run: EventRun, ranking: Ranking, mark: (doc: string, idx: number) => void): Promise<void> {
  if (ranking.blocks.length === 0) return;
  const { cache } = run;
  const keys = ranking.blocks.map(({ p, b }) => bk(p, b));
  await cache.load(EV.block, keys);
  await cache.load(EV.meta, keys);
  const oldEventIds = new Map<string, Map<string, string>>();
  const needEe = new Set<string>();
  for (const k of keys)
    noteOldIds(cache.json<BlockMeta>(EV.meta, k), cache.subs(EV.block, k).keys(), oldEventIds, needEe);
  await readEventIds(cache, needEe, oldEventIds);
  const rankKeys = new Set<string>();
  for (const { p, b } of ranking.blocks)
    for (const base of Object.keys(cache.json<BlockMeta>(EV.meta, bk(p, b))?.b ?? {})) rankKeys.add(rankKey(p, base));
  await cache.load(EV.rank, rankKeys);
  for (const k of rankKeys) {
    if (ranking.ranks.has(k)) continue;
    ranking.ranks.set(k, idRanks([...cache.subs(EV.rank, k).values()].flatMap((v) => JSON.parse(v) as string[])));
  }
  for (const { p, b } of ranking.blocks) {
    const units = [...cache.subs(EV.block, bk(p, b))].flatMap(([doc, v]) => decodeUnitRow<EventUnit>(doc, v));
    const digests = cache.json<BlockMeta>(EV.meta, bk(p, b))?.r ?? {};
    emitBlock(run, p, b, clusterEventUnits(units), ranking.ranks, digests, oldEventIds, null, mark);
    for (const id of Object.keys(digests)) if (!run.produced.has(id)) run.remove.push(id);
  }
}

/**
 * Event ids of documents' event reports, for the quotes that name them: from `ee`, or for a report
 * in a partition not yet converted to blocks, from that partition's `evid` row.
 * @param wanted the `(doc, event index)` pairs that will be asked for
 * @param partsOf the partitions of a document (its `dp` row, loaded)
 */
export async function eventIdLookup(
  cache: StateCache,
  wanted: Array<[string, number]>,
  partsOf: (doc: string) => string[],
): Promise<(doc: string, idx: number) => string | null> {
  await cache.load(
    EV.eventId,
    wanted.map(([d]) => d),
  );
  const oldParts = new Set<string>();
  for (const [d, idx] of wanted)
    if (!cache.subs(EV.eventId, d).has(String(idx)))
      for (const p of partsOf(d)) if (p.startsWith("ev|")) oldParts.add(p);
  await cache.load(OLD.eventOf, oldParts);
  return (doc, idx) => {
    const id = cache.subs(EV.eventId, doc).get(String(idx));
    if (id) return id;
    for (const p of partsOf(doc)) {
      if (!oldParts.has(p)) continue;
      const old = cache.subs(OLD.eventOf, p).get(`${doc}#${idx}`);
      if (old) return old;
    }
    return null;
  };
}
