/**
 * Incremental knowledge-base maintenance: merges a batch of newly analysed documents into the
 * stored knowledge base, touching only what the batch can change.
 *
 * 1. Provenance — spin per new document; copy candidates from the persistent near-duplicate index
 *    (`near-dup.ts`, MinHash/LSH bands); each candidate pair confirmed by provenance's pairwise
 *    linking; reuse families are the connected components of the links, recomputed only where a
 *    new link lands.
 * 2. Entities — per merge key an aggregate (name votes, aliases, roles, document and mention
 *    counts) kept in the store; bare surnames join the one full name that carries them, within a
 *    surname group; a join or split changes only the documents that used the bare surname.
 * 3. Facts — the documents whose units may have changed (new ones, those whose family or entity
 *    ids changed, and their family members) are re-cut into merge units (`units.ts`); only the
 *    partitions those units fall in are recomputed and written.
 *
 * Every record is a function of the set of documents (never of their order), so any order of
 * batches gives the same knowledge base as one build over everything (`rebuildKnowledgeBase`).
 * Memory is bounded by the batch and the partitions it touches, never the corpus.
 */
import { createHash } from "node:crypto";
import {
  emptyKnowledgeBase,
  type DocAnalysis,
  type KnowledgeBase,
  type KnowledgeBaseChange,
  type Store,
} from "../store/store.js";
import type {
  CopyLinkRecord,
  DocumentRecord,
  EntityRecord,
  EntityType,
  Evidence,
  MentionRecord,
  SpinInfo,
} from "../model/records.js";
import type { DocFacts, LocalEntity } from "../model/pipeline.js";
import { DossierError } from "../util/errors.js";
import { stableId } from "../util/ids.js";
import { foldText, surnameOf, translitKey } from "../nlp/names.js";
import { mergeKeyOf } from "../nlp/resolve.js";
import { detectSpin, restoreText, type SpinHit } from "./provenance/spin.js";
import { linkCopies, type LinkDoc } from "./provenance/links.js";
import { restoreFromSource } from "./provenance/restore-source.js";
import { mergeLearnedSubstitutions } from "./provenance/learned-state.js";
import { LSH_INDEX_VERSION, type NearDuplicateSketch } from "./near-dup.js";
import { ensureBandIndex, worthAligning, type StoredDocState } from "./band-index.js";
import { documentSignals, type SignalsOf } from "./doc-signals.js";
import { StateCache } from "./state.js";
import { decodeUnitRow, encodeUnitRow } from "./unit-rows.js";
import {
  blocksOfLaterEvents,
  eventIdLookup,
  reEmitEventBlocks,
  updateEventPartitions,
  type EventDelta,
} from "./event-state.js";
import {
  claimOfPartition,
  provisionOfPartition,
  quotesOfPartition,
  relationOfPartition,
  unitsOfFamily,
  type ClaimUnit,
  type EventUnit,
  type FamilyMember,
  type ProvisionUnit,
  type QuoteUnit,
  type RelationUnit,
  type Unit,
} from "./units.js";

/** State spaces (see docs/decisions on the incremental knowledge base). */
const S = {
  /** doc → {spun}: present once the document is merged. */
  doc: "doc",
  /** LSH band key → documents. */
  lsh: "lsh",
  /** doc → link id → link record (stored under both ends). */
  link: "link",
  /** doc → family root (only for documents in a family of two or more). */
  fam: "fam",
  /** family root → member documents. */
  famm: "famm",
  /** entity merge key → aggregate. */
  ek: "ek",
  /** entity merge key → documents mentioning it. */
  ekd: "ekd",
  /** doc → merge keys it mentions. */
  dmk: "dmk",
  /** entity group (surname group or the merge key itself) → merge keys. */
  sg: "sg",
  /** bare-surname merge key → the full-name merge key it joined. */
  redir: "redir",
  /** folded surface form → final merge keys claiming it. */
  form: "form",
  /** final merge key → the forms it claims. */
  eform: "eform",
  /** partition → doc → that document's units in it. */
  unit: "u",
  /** doc → partitions it has units in. */
  parts: "dp",
  /** partition → ids of the records it produced. */
  records: "pr",
  /** event partition → unit id (`doc#idx`) → event id. */
  eventOf: "evid",
  /** final merge key → digest of its stored entity record. */
  entityDigest: "ed",
  /** doc → {event index → the quote partitions holding its quotes of that event} (absent: merged before it existed). */
  quoteEvents: "qe",
  /** "log" → sequence → a recorded entity join or split. */
  log: "elog",
  /** "lsh" → version of the banding the band index was written with; "evid" → the event id scheme. */
  meta: "meta",
} as const;

interface EntityAggregate {
  types: Record<string, number>;
  single: boolean;
  skey: string | null;
  canon: string | null;
  names: Record<string, number>;
  aliases: string[];
  roles: string[];
  docs: number;
  mentions: number;
}

/** What a merge did, for progress lines and benchmarks. */
export interface MergeStats {
  documents: number;
  candidatePairs: number;
  links: number;
  dirtyDocuments: number;
  partitions: number;
  entities: number;
  /** Maintenance-state keys read from the store, and the rows they held. */
  stateKeys: number;
  stateRows: number;
  /** State rows written or deleted, and writes skipped because the row already held the value (single merge). */
  stateWrites?: number;
  stateUnchanged?: number;
  /** The same, per state space (present on a single merge). */
  stateBySpace?: Record<string, { keys: number; rows: number }>;
  /** Milliseconds per phase. */
  ms: { load: number; provenance: number; entities: number; units: number; partitions: number; write: number };
}

interface Loaded {
  doc: DocumentRecord;
  analysis: DocAnalysis | null;
}

function emptyStats(): MergeStats {
  return {
    documents: 0,
    candidatePairs: 0,
    links: 0,
    dirtyDocuments: 0,
    partitions: 0,
    entities: 0,
    stateKeys: 0,
    stateRows: 0,
    ms: { load: 0, provenance: 0, entities: 0, units: 0, partitions: 0, write: 0 },
  };
}

function emptyChange(): Omit<KnowledgeBaseChange, "statePut" | "stateDelete"> {
  return {
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
  };
}

function shapeOf(e: LocalEntity): { single: boolean; skey: string | null } {
  if (e.type !== "person") return { single: false, skey: null };
  const t = translitKey(e.name);
  if (!e.gazetteer_id && t.split(" ").length === 1) return { single: true, skey: t || null };
  return { single: false, skey: translitKey(surnameOf(e.name)) || null };
}

function groupOf(mk: string, agg: EntityAggregate): string {
  return agg.skey ? `s|${agg.skey}` : `k|${mk}`;
}

function pickName(names: Record<string, number>): string {
  return Object.entries(names).sort(
    (a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]),
  )[0]![0];
}

function entityType(types: Record<string, number>): EntityType {
  return Object.entries(types).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0] as EntityType;
}

function dayOf(published: string | null): string {
  const m = published ? /^(\d{4})-(\d{2})-(\d{2})/.exec(published.trim()) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : "";
}

const entityId = (mk: string): string => stableId("e", mk);

type ChangeBody = Omit<KnowledgeBaseChange, "statePut" | "stateDelete">;

/**
 * Everything one batch merge shares between its phases: the state cache, the change being built,
 * the loaded documents and what each phase hands the next (the documents whose family or entity
 * ids changed, the partitions touched).
 */
interface MergeRun {
  store: Store;
  cache: StateCache;
  change: ChangeBody;
  stats: MergeStats;
  /** New documents of this batch, sorted by id. */
  batchIds: string[];
  batch: Loaded[];
  /** Loads (once) a stored document and its analysis. */
  load(id: string): Promise<Loaded>;
  /** Drops the loaded documents and analyses (once units are cut, nothing reads them again). */
  forgetLoaded(): void;
  /** The spin of any merged or batch document. */
  spin(id: string): Promise<SpinInfo>;
  /** Spin and sketch computed before the merge (by the ingest), when given. */
  signals: SignalsOf | undefined;
  spinOf: Map<string, SpinInfo>;
  hitsOf: Map<string, SpinHit[]>;
  sketchOf: Map<string, NearDuplicateSketch>;
  /** Documents whose reuse family changed. */
  famDirty: Set<string>;
  /** Documents whose entity ids changed (a bare surname joined or left a full name). */
  mapDirty: Set<string>;
  /** Partitions whose units changed. */
  touchedParts: Set<string>;
  /** Per event partition: the re-cut documents and their units there (event partitions keep units by block). */
  eventDeltas: Map<string, EventDelta>;
  /** Ids of the records the recomputed partitions produce, changed or not. */
  produced: Record<RecordKind, Set<string>>;
}

/**
 * Merges analysed documents that are not yet in the knowledge base. Batches are merged one
 * transaction each; call repeatedly (or with all pending ids) — the result does not depend on how
 * the documents are split or ordered.
 * @param ids documents to merge (already stored and analysed; ids already merged are skipped)
 * @returns what the batch touched
 * @throws DossierError when the store refuses the change (evidence that does not match its text)
 */
export async function mergeDocuments(
  store: Store,
  ids: string[],
  opts: { signals?: SignalsOf } = {},
): Promise<MergeStats> {
  await ensureEventIdScheme(store);
  await ensureBandIndex(store);
  const cache = new StateCache(store);
  const unique = [...new Set(ids)].sort();
  await cache.load(S.doc, unique);
  const batchIds = unique.filter((id) => cache.value(S.doc, id) === undefined);
  const stats: MergeStats = { ...emptyStats(), documents: batchIds.length };
  let clock = performance.now();
  const lap = (phase: keyof MergeStats["ms"]): void => {
    const now = performance.now();
    stats.ms[phase] += now - clock;
    clock = now;
  };
  if (batchIds.length === 0) return stats;
  const run = await startRun(store, cache, stats, batchIds, opts.signals);
  lap("load");
  await mergeProvenance(run);
  lap("provenance");
  const redirectOf = await mergeEntities(run);
  lap("entities");
  await recutUnits(run, redirectOf);
  // A batch of a thousand analyses is ≈ 100 MB of objects: not kept through the partitions and the write.
  run.forgetLoaded();
  lap("units");
  await recomputePartitions(run);
  lap("partitions");
  stats.stateKeys = cache.reads.keys;
  stats.stateRows = cache.reads.rows;
  stats.stateBySpace = cache.reads.bySpace;
  const pending = cache.pending();
  stats.stateWrites = pending.statePut.length + pending.stateDelete.length;
  stats.stateUnchanged = cache.unchanged;
  await store.applyKnowledgeBaseChange({ ...pending, ...run.change });
  lap("write");
  return stats;
}

/** The shared state of one batch, with the batch's documents loaded. */
async function startRun(
  store: Store,
  cache: StateCache,
  stats: MergeStats,
  batchIds: string[],
  signals: SignalsOf | undefined,
): Promise<MergeRun> {
  const loaded = new Map<string, Loaded>();
  const load = async (id: string): Promise<Loaded> => {
    let l = loaded.get(id);
    if (!l) {
      const doc = await store.getDocument(id);
      if (!doc) throw new DossierError("NOT_FOUND", `document ${id} is not in the store`);
      l = { doc, analysis: await store.getAnalysis(id) };
      loaded.set(id, l);
    }
    return l;
  };
  const batch: Loaded[] = [];
  for (const id of batchIds) batch.push(await load(id));
  const spinOf = new Map<string, SpinInfo>();
  const spin = async (id: string): Promise<SpinInfo> => {
    const known = spinOf.get(id);
    if (known) return known;
    await cache.load(S.doc, [id]);
    const s = cache.json<StoredDocState>(S.doc, id)?.spun ?? { score: 0, is_spun: false };
    spinOf.set(id, s);
    return s;
  };
  return {
    store,
    cache,
    change: emptyChange(),
    stats,
    batchIds,
    batch,
    load,
    forgetLoaded: () => {
      loaded.clear();
      batch.length = 0;
    },
    spin,
    signals,
    spinOf,
    hitsOf: new Map(),
    sketchOf: new Map(),
    famDirty: new Set(),
    mapDirty: new Set(),
    touchedParts: new Set(),
    eventDeltas: new Map(),
    produced: {
      entities: new Set(),
      events: new Set(),
      quotes: new Set(),
      claims: new Set(),
      provisions: new Set(),
      relations: new Set(),
      links: new Set(),
    },
  };
}

// ---- 1. provenance -------------------------------------------------------------------------

/** Spin, copy candidates, links and the reuse families they change; one provenance row per affected document. */
async function mergeProvenance(run: MergeRun): Promise<void> {
  const { cache, batch, change } = run;
  const sketches = new Map<string, NearDuplicateSketch>();
  for (const { doc } of batch) {
    // given by the ingest (same function, same text), else computed here
    const given = run.signals?.(doc.id);
    const { spin: s, sketch } = given && given.length === doc.text.length ? given : documentSignals(doc.text, doc.lang);
    run.spinOf.set(doc.id, { score: s.score, is_spun: s.is_spun });
    if (s.is_spun) run.hitsOf.set(doc.id, s.hits);
    sketches.set(doc.id, sketch);
  }
  for (const { doc } of batch) {
    const sketch = sketches.get(doc.id)!;
    run.sketchOf.set(doc.id, sketch);
    cache.setJson(S.doc, doc.id, {
      spun: run.spinOf.get(doc.id),
      lang: doc.lang,
      credits: (doc.credits ?? []).length > 0,
      nd: { ...sketch, keys: undefined },
    });
  }
  const pairs = await candidatePairs(run);
  run.stats.candidatePairs = pairs.length;
  const linkDoc = async (id: string): Promise<LinkDoc> => {
    const { doc } = await run.load(id);
    return {
      id,
      text: doc.text,
      published: doc.published,
      outlet: doc.outlet,
      url: doc.url,
      credits: doc.credits ?? [],
      spun: await run.spin(id),
      lang: doc.lang,
      ingested_at: doc.ingested_at,
    };
  };
  const newLinks: CopyLinkRecord[] = [];
  for (const pair of pairs.sort()) {
    const [a, b] = pair.split("\u0000") as [string, string];
    newLinks.push(...linkCopies([await linkDoc(a), await linkDoc(b)]).links);
  }
  run.stats.links = newLinks.length;
  if (newLinks.length > 0) await refreshFamilies(run, newLinks);
  for (const { doc } of batch) {
    if (run.famDirty.has(doc.id)) continue;
    change.documents.push(
      await provenanceOf(doc, run.spinOf.get(doc.id)!, run.hitsOf.get(doc.id), null, doc.id, run.load, run.spin),
    );
  }
  await restoreWithLearnedPairs(run);
}

/**
 * The spinner's own pairs, learned from spun copies aligned to their sources
 * (provenance/learned-state.ts): files this batch's aligned copies into the stored pair table and
 * restores every source-less spun copy the table changes, earlier ones included.
 */
async function restoreWithLearnedPairs(run: MergeRun): Promise<void> {
  await mergeLearnedSubstitutions(run.cache, run.change.documents, {
    text: async (id) => (await run.load(id)).doc.text,
    baseRow: async (id) => {
      const { doc } = await run.load(id);
      const spun = await run.spin(id);
      return provenanceOf(doc, spun, run.hitsOf.get(id), doc.republication_of, doc.family ?? id, run.load, run.spin);
    },
  });
}

/**
 * Pairs (`a\0b`, a < b) of a batch document and any indexed document sharing an LSH band, kept
 * when the sketches estimate enough overlap for some link; files the batch's band keys.
 */
async function candidatePairs(run: MergeRun): Promise<string[]> {
  const { cache, batch, sketchOf } = run;
  await cache.load(
    S.lsh,
    [...sketchOf.values()].flatMap((s) => s.keys),
  );
  const bandPairs = new Set<string>();
  for (const { doc } of batch) {
    for (const band of sketchOf.get(doc.id)!.keys) {
      for (const other of cache.subs(S.lsh, band).keys())
        if (other !== doc.id) bandPairs.add(other < doc.id ? `${other}\u0000${doc.id}` : `${doc.id}\u0000${other}`);
    }
    for (const band of sketchOf.get(doc.id)!.keys) cache.put(S.lsh, band, doc.id, "");
  }
  // Band collisions are cheap to get; alignment is not: see worthAligning (band-index.ts).
  await cache.load(
    S.doc,
    [...bandPairs].flatMap((p) => p.split("\u0000")),
  );
  const stored = (id: string) => cache.json<StoredDocState>(S.doc, id);
  return [...bandPairs].filter((p) => {
    const [a, b] = p.split("\u0000") as [string, string];
    return worthAligning(stored(a), stored(b));
  });
}

/** Files the new links and recomputes every family they join (members → famDirty, provenance rows). */
async function refreshFamilies(run: MergeRun, newLinks: CopyLinkRecord[]): Promise<void> {
  const { cache, change } = run;
  const ends = [...new Set(newLinks.flatMap((l) => [l.doc, l.source]))];
  await cache.load(S.fam, ends);
  await cache.load(S.link, ends);
  for (const l of newLinks) {
    cache.put(S.link, l.doc, l.id, JSON.stringify(l));
    cache.put(S.link, l.source, l.id, JSON.stringify(l));
    change.upsert.links.push(l);
  }
  const rootOf = (d: string): string => cache.value(S.fam, d) ?? d;
  await cache.load(S.famm, ends.map(rootOf));
  // Union of the old components the new links join.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const l of newLinks) {
    const ra = find(rootOf(l.doc));
    const rb = find(rootOf(l.source));
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, Set<string>>();
  for (const r of new Set(ends.map(rootOf))) {
    const g = find(r);
    let set = groups.get(g);
    if (!set) groups.set(g, (set = new Set()));
    set.add(r);
    for (const m of cache.subs(S.famm, r).keys()) set.add(m);
  }
  for (const oldRoots of groups.values()) {
    // oldRoots holds the roots and the members of every joined component
    const members = [...oldRoots].sort();
    await cache.load(S.fam, members);
    await cache.load(S.link, members);
    const previousRoots = new Set(members.map(rootOf));
    await cache.load(S.famm, previousRoots);
    const family = await familyOf(members, cache, run.load);
    for (const r of previousRoots) cache.deleteKey(S.famm, r);
    for (const m of members) {
      run.famDirty.add(m);
      cache.put(S.fam, m, "", family.root);
      cache.put(S.famm, family.root, m, "");
      const { doc } = await run.load(m);
      change.documents.push(
        await provenanceOf(
          doc,
          await run.spin(m),
          run.hitsOf.get(m),
          family.republicationOf.get(m) ?? null,
          family.root,
          run.load,
          run.spin,
        ),
      );
    }
  }
}

// ---- 2. entities ---------------------------------------------------------------------------

/** What entity resolution shares between its steps. */
interface EntityRun {
  aggs: Map<string, EntityAggregate>;
  agg(mk: string): EntityAggregate | undefined;
  touchedMks: Set<string>;
  /** Shape and preferred name of each touched merge key before this batch (null: new key). */
  before: Map<string, MemberShape | null>;
  /** Per surname group read, the shape of each member (see groupMemberShapes). */
  shapes: Map<string, Map<string, MemberShape>>;
  finals: Set<string>;
  nowRedirected: Set<string>;
  extraForms: Map<string, Set<string>>;
}

/**
 * Updates the per-merge-key aggregates with the batch's entities, re-resolves bare surnames in
 * the touched surname groups and emits the entity records that changed.
 * @returns the final merge key of any merge key (after surname joins)
 */
async function mergeEntities(run: MergeRun): Promise<(mk: string) => string> {
  const { cache } = run;
  const mksOfBatch = new Set<string>();
  for (const { analysis } of run.batch) for (const e of analysis?.nlp.entities ?? []) mksOfBatch.add(mergeKeyOf(e));
  await cache.load(S.ek, mksOfBatch);
  const aggs = new Map<string, EntityAggregate>();
  const ent: EntityRun = {
    aggs,
    agg: (mk) => {
      let a = aggs.get(mk);
      if (!a) {
        a = cache.json<EntityAggregate>(S.ek, mk);
        if (a) aggs.set(mk, a);
      }
      return a;
    },
    touchedMks: new Set(),
    before: new Map(),
    shapes: new Map(),
    finals: new Set(),
    nowRedirected: new Set(),
    extraForms: new Map(),
  };
  aggregateBatchEntities(run, ent);
  await resolveSurnameGroups(run, ent);
  await emitEntityRecords(run, ent);
  run.stats.entities = run.change.upsert.entities.length;
  return (mk) => cache.value(S.redir, mk) ?? mk;
}

/** A surname-group member: a full name, or a lone surname with its preferred name. */
interface MemberShape {
  single: boolean;
  name: string;
}

function shapeOfAggregate(a: EntityAggregate): MemberShape {
  return { single: a.single, name: a.single ? pickName(a.names) : "" };
}

/** A member's `sg` row value: "f" a full name, "s" + preferred name a lone surname. */
function memberTag(shape: MemberShape): string {
  return shape.single ? `s${shape.name}` : "f";
}

/**
 * The shape of every member of a loaded surname group: touched keys from their aggregates, the
 * others from their `sg` row; a row written before rows carried shapes ("") is read from its
 * aggregate once and rewritten with its shape. So a group of thousands of full names costs one
 * key, not one aggregate per member.
 */
async function groupMemberShapes(run: MergeRun, ent: EntityRun, g: string): Promise<Map<string, MemberShape>> {
  const known = ent.shapes.get(g);
  if (known) return known;
  const { cache } = run;
  await cache.load(S.sg, [g]);
  const rows = cache.subs(S.sg, g);
  const fromAggregate = [...rows].filter(([mk, v]) => v === "" || ent.touchedMks.has(mk)).map(([mk]) => mk);
  await cache.load(S.ek, fromAggregate);
  const out = new Map<string, MemberShape>();
  for (const [mk, v] of rows) {
    if (v !== "" && !ent.touchedMks.has(mk)) {
      out.set(mk, { single: v.startsWith("s"), name: v.slice(1) });
      continue;
    }
    const a = ent.agg(mk);
    if (!a) continue;
    const shape = shapeOfAggregate(a);
    out.set(mk, shape);
    if (v !== memberTag(shape)) cache.put(S.sg, g, mk, memberTag(shape));
  }
  ent.shapes.set(g, out);
  return out;
}

/** Adds the batch's entities and mentions to the aggregates (types, names, aliases, roles, counts). */
function aggregateBatchEntities(run: MergeRun, ent: EntityRun): void {
  const { cache } = run;
  const { agg, aggs, touchedMks } = ent;
  for (const { doc, analysis } of run.batch) {
    if (!analysis) continue;
    const localMk = new Map<string, string>();
    for (const e of analysis.nlp.entities) {
      const mk = mergeKeyOf(e);
      localMk.set(e.key, mk);
      touchedMks.add(mk);
      const shape = shapeOf(e);
      let a = agg(mk);
      if (!ent.before.has(mk)) ent.before.set(mk, a ? shapeOfAggregate(a) : null);
      if (!a) {
        a = {
          types: {},
          single: shape.single,
          skey: shape.skey,
          canon: null,
          names: {},
          aliases: [],
          roles: [],
          docs: 0,
          mentions: 0,
        };
        aggs.set(mk, a);
      } else if (JSON.stringify(shape) < JSON.stringify({ single: a.single, skey: a.skey })) {
        // One shape per merge key whatever the order: the smallest seen.
        a.single = shape.single;
        a.skey = shape.skey;
      }
      a.types[e.type] = (a.types[e.type] ?? 0) + 1;
      a.names[e.name] = (a.names[e.name] ?? 0) + 1;
      if (e.gazetteer_id && (a.canon === null || e.name < a.canon)) a.canon = e.name;
      a.aliases = [...new Set([...a.aliases, ...e.aliases])].sort();
      a.roles = [...new Set([...a.roles, ...e.roles])].sort();
    }
    const docMks = new Set<string>();
    for (const m of analysis.nlp.mentions) {
      const mk = localMk.get(m.entity);
      if (!mk) continue;
      agg(mk)!.mentions++;
      docMks.add(mk);
    }
    for (const mk of docMks) {
      agg(mk)!.docs++;
      cache.put(S.ekd, mk, doc.id, "");
    }
    cache.setJson(S.dmk, doc.id, [...docMks].sort());
  }
  for (const mk of touchedMks) cache.setJson(S.ek, mk, aggs.get(mk));
}

/**
 * Within each touched surname group, a bare surname joins the one full name carrying it (or
 * stays alone when there are none or several); joins and splits are logged and mark the
 * documents that used the surname (mapDirty).
 *
 * Only the records that can change are recomputed: the touched merge keys, the full names a
 * changed or touched surname joins or leaves, and — when the forms every full name of the group
 * claims for its lone surnames change — every full name of the group. A large group (a common
 * surname shared by thousands of full names) is otherwise not rewritten by each batch.
 */
async function resolveSurnameGroups(run: MergeRun, ent: EntityRun): Promise<void> {
  const { cache } = run;
  const { finals, nowRedirected, extraForms } = ent;
  const groupsTouched = new Set([...ent.touchedMks].map((mk) => groupOf(mk, ent.aggs.get(mk)!)));
  await cache.load(S.sg, groupsTouched);
  const membersBefore = new Map<string, Set<string>>();
  for (const g of groupsTouched) membersBefore.set(g, new Set(cache.subs(S.sg, g).keys()));
  for (const mk of ent.touchedMks) {
    const g = groupOf(mk, ent.aggs.get(mk)!);
    cache.put(S.sg, g, mk, g.startsWith("s|") ? memberTag(shapeOfAggregate(ent.aggs.get(mk)!)) : "");
  }
  const shapesOf = new Map<string, Map<string, MemberShape>>();
  for (const g of groupsTouched) if (g.startsWith("s|")) shapesOf.set(g, await groupMemberShapes(run, ent, g));
  await cache.load(
    S.redir,
    [...shapesOf.values()].flatMap((m) => [...m].filter(([, x]) => x.single).map(([mk]) => mk)),
  );
  const addExtra = (mk: string, form: string): void => {
    let set = extraForms.get(mk);
    if (!set) extraForms.set(mk, (set = new Set()));
    set.add(form);
  };
  const redirectsChanged: string[] = [];
  for (const g of [...groupsTouched].sort()) {
    const members = [...cache.subs(S.sg, g).keys()].sort();
    if (!g.startsWith("s|")) {
      for (const mk of members) finals.add(mk);
      continue;
    }
    const shapes = shapesOf.get(g)!;
    const owners = members.filter((mk) => !shapes.get(mk)!.single);
    for (const mk of members) {
      const shape = shapes.get(mk)!;
      const touched = ent.touchedMks.has(mk);
      if (!shape.single) {
        if (touched) finals.add(mk);
        continue;
      }
      const target = owners.length === 1 ? owners[0]! : null;
      const old = cache.value(S.redir, mk) ?? null;
      if (target !== old) {
        if (target) cache.put(S.redir, mk, "", target);
        else cache.delete(S.redir, mk, "");
        redirectsChanged.push(mk);
        cache.put(
          S.log,
          "log",
          `${Date.now()}:${mk}`,
          JSON.stringify({
            surname: mk,
            from: old ? entityId(old) : entityId(mk),
            to: target ? entityId(target) : entityId(mk),
            kind: target ? "join" : "split",
          }),
        );
        if (old) finals.add(old);
      }
      if (target) {
        // A surname that joined (or stays with) a full name: that full name's record folds it in.
        if (touched || target !== old) {
          nowRedirected.add(mk);
          finals.add(target);
        }
      } else {
        if (touched || target !== old) finals.add(mk);
        if (owners.length > 1) {
          const form = foldText(shape.name);
          addExtra(mk, form);
          for (const o of owners) addExtra(o, form);
        }
      }
    }
    if (extraFormsChanged(ent, shapes, membersBefore.get(g)!)) for (const o of owners) finals.add(o);
  }
  if (redirectsChanged.length > 0) {
    await cache.load(S.ekd, redirectsChanged);
    for (const mk of redirectsChanged) for (const d of cache.subs(S.ekd, mk).keys()) run.mapDirty.add(d);
  }
}

/**
 * True when the forms a surname group's full names claim for its lone surnames (with two or more
 * full names, each lone surname's preferred name) differ from before the batch.
 */
function extraFormsChanged(ent: EntityRun, shapes: Map<string, MemberShape>, membersBefore: Set<string>): boolean {
  const formsOf = (list: Array<MemberShape | null | undefined>): string => {
    const present = list.filter((x): x is MemberShape => Boolean(x));
    if (present.filter((x) => !x.single).length < 2) return "";
    return [...new Set(present.filter((x) => x.single).map((x) => foldText(x.name)))].sort().join("\u0001");
  };
  const then = (mk: string): MemberShape | null | undefined =>
    ent.before.has(mk) ? ent.before.get(mk) : shapes.get(mk);
  return formsOf([...shapes.values()]) !== formsOf([...membersBefore].map(then));
}

interface EntityOutcome {
  record: EntityRecord | null;
  forms: string[];
  aliases: string[];
}

/** The entity record of a final merge key, folding in the bare surnames that joined it. */
async function entityRecordOf(run: MergeRun, ent: EntityRun, mk: string): Promise<EntityOutcome> {
  const { cache } = run;
  await cache.load(S.ek, [mk]);
  const a = ent.agg(mk);
  if (!a) return { record: null, forms: [], aliases: [] };
  // The lone surnames of its group that joined it (only full names in surname groups have any).
  const g = groupOf(mk, a);
  let singles: string[] = [];
  if (g.startsWith("s|") && !a.single) {
    const shapes = await groupMemberShapes(run, ent, g);
    const lone = [...shapes].filter(([s, x]) => s !== mk && x.single).map(([s]) => s);
    await cache.load(S.redir, lone);
    singles = lone.filter((s) => cache.value(S.redir, s) === mk).sort();
    await cache.load(S.ek, singles);
  }
  const aliases = new Set(a.aliases);
  const roles = new Set(a.roles);
  let mentions = a.mentions;
  let docs = a.docs;
  if (singles.length > 0) {
    await cache.load(S.ekd, singles);
    const extraDocs = new Set<string>();
    for (const s of singles) {
      const sa = ent.agg(s)!;
      for (const x of sa.aliases) aliases.add(x);
      for (const x of sa.roles) roles.add(x);
      mentions += sa.mentions;
      for (const d of cache.subs(S.ekd, s).keys()) extraDocs.add(d);
    }
    await cache.load(S.dmk, extraDocs);
    for (const d of extraDocs) if (!(cache.json<string[]>(S.dmk, d) ?? []).includes(mk)) docs++;
  }
  const forms = new Set([...aliases].map(foldText));
  for (const f of ent.extraForms.get(mk) ?? []) forms.add(f);
  const name = a.canon ?? pickName(a.names);
  const record: EntityRecord = {
    kind: "entity",
    id: entityId(mk),
    type: entityType(a.types),
    name,
    aliases: [...aliases].filter((x) => x !== name).sort(),
    roles: [...roles].sort(),
    docs,
    mentions,
  };
  return { record: mentions > 0 ? record : null, forms: [...forms].sort(), aliases: [...aliases] };
}

/** Entity records: the finals of touched groups, then the owners of forms whose owner count changed. */
async function emitEntityRecords(run: MergeRun, ent: EntityRun): Promise<void> {
  const { cache, change } = run;
  const { finals, nowRedirected } = ent;
  const entityRecords = new Map<string, EntityOutcome>();
  const touchedForms = new Set<string>();
  await cache.load(S.eform, [...finals, ...nowRedirected]);
  for (const mk of nowRedirected) {
    for (const f of cache.json<string[]>(S.eform, mk) ?? []) {
      touchedForms.add(f);
      cache.delete(S.form, f, mk);
    }
    cache.delete(S.eform, mk, "");
    cache.delete(S.entityDigest, mk, "");
    change.remove.entities.push(entityId(mk));
  }
  for (const mk of [...finals].sort()) {
    if (nowRedirected.has(mk)) continue;
    const r = await entityRecordOf(run, ent, mk);
    entityRecords.set(mk, r);
    const old = cache.json<string[]>(S.eform, mk) ?? [];
    if (JSON.stringify(old) === JSON.stringify(r.forms)) continue;
    for (const f of old) if (!r.forms.includes(f)) touchedForms.add(f), cache.delete(S.form, f, mk);
    for (const f of r.forms) if (!old.includes(f)) touchedForms.add(f), cache.put(S.form, f, mk, "");
    cache.setJson(S.eform, mk, r.forms);
  }
  const formsToRead = new Set(touchedForms);
  for (const r of entityRecords.values()) for (const f of r.forms) formsToRead.add(f);
  await cache.load(S.form, formsToRead);
  for (const f of touchedForms)
    for (const owner of cache.subs(S.form, f).keys())
      if (!entityRecords.has(owner)) entityRecords.set(owner, await entityRecordOf(run, ent, owner));
  await cache.load(S.entityDigest, entityRecords.keys());
  for (const [mk, r] of entityRecords) {
    if (!r.record) {
      change.remove.entities.push(entityId(mk));
      cache.delete(S.entityDigest, mk, "");
      continue;
    }
    await cache.load(S.form, r.forms);
    const ambiguous = r.aliases.filter((x) => mk.startsWith("amb|") || cache.subs(S.form, foldText(x)).size > 1).sort();
    if (ambiguous.length > 0) r.record.ambiguous = ambiguous;
    // An owner of a touched form is often unchanged: only a changed record is rewritten.
    const digest = digestOf(r.record);
    run.produced.entities.add(r.record.id);
    if (cache.value(S.entityDigest, mk) === digest) continue;
    cache.put(S.entityDigest, mk, "", digest);
    change.upsert.entities.push(r.record);
  }
}

// ---- 3. units of the documents that may have changed -------------------------------------

/**
 * Re-cuts into merge units every document that may have changed (new ones, those whose family or
 * entity ids changed, and their whole families); files the units and marks their partitions.
 */
async function recutUnits(run: MergeRun, redirectOf: (mk: string) => string): Promise<void> {
  const { cache, change } = run;
  const dirty = new Set<string>([...run.batchIds, ...run.famDirty, ...run.mapDirty]);
  await cache.load(S.fam, dirty);
  const roots = new Set([...dirty].map((d) => cache.value(S.fam, d) ?? d));
  await cache.load(S.famm, roots);
  const families = new Map<string, Set<string>>();
  for (const d of dirty) {
    const r = cache.value(S.fam, d) ?? d;
    let set = families.get(r);
    if (!set) families.set(r, (set = new Set()));
    set.add(d);
    for (const m of cache.subs(S.famm, r).keys()) set.add(m);
  }
  const allDirty = [...families.values()].flatMap((s) => [...s]);
  run.stats.dirtyDocuments = allDirty.length;
  await cache.load(S.parts, allDirty);
  const mentionDocs = new Set([...run.batchIds, ...run.mapDirty]);
  for (const [root, memberSet] of [...families.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const members: FamilyMember[] = [];
    for (const id of [...memberSet].sort()) {
      const { doc, analysis } = await run.load(id);
      const localMk = new Map<string, string>();
      for (const e of analysis?.nlp.entities ?? []) localMk.set(e.key, mergeKeyOf(e));
      await cache.load(S.redir, localMk.values());
      const idOf = (key: string): string | null => {
        const mk = localMk.get(key);
        return mk ? entityId(redirectOf(mk)) : null;
      };
      members.push({
        id,
        outlet: doc.outlet,
        published: doc.published,
        family: memberSet.size > 1 ? root : id,
        spun: (await run.spin(id)).is_spun,
        facts: analysis?.facts ?? { events: [], quotes: [], claims: [], provisions: [], relations: [] },
        idOf,
      });
      if (mentionDocs.has(id)) {
        const mentions: MentionRecord[] = [];
        for (const m of analysis?.nlp.mentions ?? []) {
          const entity = idOf(m.entity);
          if (entity)
            mentions.push({ kind: "mention", doc: id, entity, start: m.start, end: m.end, text: m.text, via: m.via });
        }
        change.mentions.push({ doc: id, mentions });
      }
      if (analysis) checkFactEvidence(doc, analysis.facts);
      change.checkDocs.push(id);
    }
    fileUnits(run, members, unitsOfFamily(members));
  }
}

/**
 * Checks the evidence of a document's facts against its text. Units keep their evidence as offsets
 * only (see {@link withoutEvidenceText}), and the store slices span texts from the documents, so
 * this is where a fact whose offsets do not give its text is refused.
 * @throws DossierError BAD_INPUT naming the first such fact
 */
function checkFactEvidence(doc: DocumentRecord, facts: DocFacts): void {
  const check = (e: { start: number; end: number; text: string }, what: string): void => {
    if (
      Number.isInteger(e.start) &&
      Number.isInteger(e.end) &&
      e.start >= 0 &&
      e.end >= e.start &&
      e.end <= doc.text.length &&
      doc.text.slice(e.start, e.end) === e.text
    )
      return;
    throw new DossierError(
      "BAD_INPUT",
      `knowledge base refused: ${what} in ${doc.id} has offsets [${e.start}, ${e.end}) whose text does not match ${JSON.stringify(String(e.text).slice(0, 60))}`,
    );
  };
  facts.events.forEach((f, i) => check(f.evidence, `event report ${i}`));
  facts.claims.forEach((f, i) => check(f.evidence, `claim ${i}`));
  facts.provisions.forEach((f, i) => check(f.evidence, `provision ${i}`));
  facts.relations.forEach((f, i) => check(f.evidence, `relation ${i}`));
}

/**
 * A unit as kept in the state: its evidence span as offsets only (`{doc, start, end}`), so neither
 * writing nor reading a partition's units needs a document text. Records built from such units
 * carry evidence without `text`; the store keeps offsets and slices texts when a record is read
 * (decision 140).
 */
function withoutEvidenceText<U extends Unit>(u: U): U {
  if (!("evidence" in u)) return u;
  const { doc, start, end } = u.evidence;
  return { ...u, evidence: { doc, start, end } as Evidence };
}

/** Stores each member's units under their partitions, dropping the partitions it left (event units go to their blocks). */
function fileUnits(run: MergeRun, members: FamilyMember[], cut: Map<string, Map<string, Unit[]>>): void {
  const units = new Map(
    [...cut].map(([doc, byPart]) => [doc, new Map([...byPart].map(([p, list]) => [p, list.map(withoutEvidenceText)]))]),
  );
  const { cache, touchedParts } = run;
  const eventDelta = (p: string, doc: string): EventDelta => {
    let d = run.eventDeltas.get(p);
    if (!d) run.eventDeltas.set(p, (d = { docs: new Set(), added: [] }));
    d.docs.add(doc);
    return d;
  };
  for (const m of members) {
    const old = cache.json<string[]>(S.parts, m.id) ?? [];
    const mine = units.get(m.id) ?? new Map<string, Unit[]>();
    for (const p of old) {
      if (mine.has(p)) continue;
      touchedParts.add(p);
      if (p.startsWith("ev|")) eventDelta(p, m.id);
      else cache.delete(S.unit, p, m.id);
    }
    const quoteEvents: Record<number, string[]> = {};
    for (const [p, list] of mine) {
      touchedParts.add(p);
      if (p.startsWith("ev|")) eventDelta(p, m.id).added.push(...(list as EventUnit[]));
      else cache.put(S.unit, p, m.id, encodeUnitRow(m.id, list));
      for (const u of list)
        if (u.kind === "qt" && u.event !== null && !(quoteEvents[u.event] ??= []).includes(p))
          quoteEvents[u.event]!.push(p);
    }
    cache.setJson(S.parts, m.id, [...mine.keys()].sort());
    cache.setJson(S.quoteEvents, m.id, quoteEvents);
  }
}

// ---- 4. recompute the touched partitions ---------------------------------------------------

function sortedParts(run: MergeRun, prefix: string): string[] {
  return [...run.touchedParts].filter((p) => p.startsWith(prefix)).sort();
}

function unitsIn<T>(run: MergeRun, p: string): T[] {
  const out: T[] = [];
  for (const [doc, v] of run.cache.subs(S.unit, p)) out.push(...decodeUnitRow<T>(doc, v));
  return out;
}

/** A short digest of a record's content: a record whose digest did not change is not rewritten. */
function digestOf(record: unknown): string {
  return createHash("sha1").update(JSON.stringify(record)).digest("base64").slice(0, 16);
}

type RecordKind = keyof KnowledgeBaseChange["remove"];

/**
 * Emits the records a partition now produces: only those whose content changed are upserted, ids
 * it no longer produces are removed. The partition's `records` row maps id → content digest (a
 * store written before digests holds a plain id list: every record of it is rewritten once).
 */
function emitRecords<K extends RecordKind>(
  run: MergeRun,
  p: string,
  kind: K,
  records: Array<KnowledgeBaseChange["upsert"][K][number]>,
): void {
  const stored = run.cache.json<string[] | Record<string, string>>(S.records, p);
  const old: Record<string, string> = Array.isArray(stored)
    ? Object.fromEntries(stored.map((id) => [id, ""]))
    : (stored ?? {});
  const now: Record<string, string> = {};
  const upsert = run.change.upsert[kind] as Array<{ id: string }>;
  for (const r of records as Array<{ id: string }>) {
    const digest = digestOf(r);
    now[r.id] = digest;
    run.produced[kind].add(r.id);
    if (old[r.id] !== digest) upsert.push(r);
  }
  for (const id of Object.keys(old)) if (!(id in now)) run.change.remove[kind].push(id);
  if (records.length) run.cache.setJson(S.records, p, now);
  else if (stored !== undefined) run.cache.delete(S.records, p, "");
}

/** Recomputes events, then quotes (which name their event), then claims, provisions and relations. */
async function recomputePartitions(
  run: MergeRun,
  events: (run: MergeRun) => Promise<Map<string, Set<number>>> = recomputeEvents,
): Promise<void> {
  const changedReports = await events(run);
  await recomputeQuotes(run, changedReports);
  await recomputeSinglePartitions(run);
  run.stats.partitions = run.touchedParts.size;
  // A record both removed (from its old partition) and produced (by its new one) stays.
  const { change } = run;
  for (const kind of Object.keys(change.remove) as RecordKind[]) {
    const kept = new Set(run.produced[kind]);
    for (const r of change.upsert[kind] as Array<{ id: string }>) kept.add(r.id);
    change.remove[kind] = [...new Set(change.remove[kind])].filter((id) => !kept.has(id));
  }
}

/**
 * Re-clusters the blocks of the touched event partitions that the re-cut units reach (event-state.ts).
 * @returns per document, the indexes of its event reports whose event id changed (the quotes that
 * name them must be re-emitted)
 */
async function recomputeEvents(run: MergeRun): Promise<Map<string, Set<number>>> {
  return updateEventPartitions(eventRunOf(run), run.eventDeltas);
}

function eventRunOf(run: MergeRun) {
  return {
    cache: run.cache,
    upsert: run.change.upsert.events,
    remove: run.change.remove.events,
    produced: run.produced.events,
  };
}

/** The event id scheme of {@link eventIdOf} (units.ts), recorded in the state once a store's ids follow it. */
const EVENT_ID_SCHEME = "first-report";

/**
 * Before the first merge into a store whose event ids were written by the scheme before decision
 * 155 (later events of a content key numbered by rank): {@link renumberEventIds}, then the scheme is
 * recorded. A store whose knowledge base is empty only records it.
 */
async function ensureEventIdScheme(store: Store): Promise<void> {
  const meta = await store.readState(S.meta, ["evid"]);
  if (meta.get("evid")?.get("") === EVENT_ID_SCHEME) return;
  await renumberEventIds(store);
}

/**
 * Gives every event that is not the first of its content key in its partition the id of the current
 * scheme (its content key with its own first report, not its rank), rewriting the records, their
 * reports' event ids and the quotes that name them; `chunk` documents' blocks per transaction, then
 * records the scheme. Idempotent: an event whose id already follows the scheme is not rewritten.
 * @returns how many event blocks were re-emitted
 */
export async function renumberEventIds(store: Store, opts: { chunk?: number } = {}): Promise<number> {
  const chunk = opts.chunk ?? 400;
  let docs: string[] = [];
  let done = 0;
  const flush = async (): Promise<void> => {
    const cache = new StateCache(store);
    const blocks = await blocksOfLaterEvents(cache, docs);
    docs = [];
    if (blocks.length === 0) return;
    done += blocks.length;
    const run = await startRun(store, cache, emptyStats(), [], undefined);
    await recomputePartitions(run, (r) => reEmitEventBlocks(eventRunOf(r), blocks));
    await store.applyKnowledgeBaseChange({ ...cache.pending(), ...run.change });
  };
  for await (const d of store.iterateDocuments()) {
    docs.push(d.id);
    if (docs.length >= chunk) await flush();
  }
  await flush();
  await store.applyKnowledgeBaseChange({
    ...emptyChange(),
    statePut: [{ space: S.meta, key: "evid", sub: "", value: EVENT_ID_SCHEME }],
    stateDelete: [],
  });
  return done;
}

/**
 * Recomputes the touched quote partitions and those holding a quote of an event report whose event
 * id changed (every quote partition of such a document when it was merged before the index of
 * quotes by event existed).
 */
async function recomputeQuotes(run: MergeRun, changed: Map<string, Set<number>>): Promise<void> {
  const { cache, touchedParts } = run;
  await cache.load(S.quoteEvents, changed.keys());
  const unindexed = [...changed.keys()].filter((d) => cache.value(S.quoteEvents, d) === undefined);
  await cache.load(S.parts, unindexed);
  for (const d of unindexed)
    for (const p of cache.json<string[]>(S.parts, d) ?? []) if (p.startsWith("qt|")) touchedParts.add(p);
  for (const [d, idxs] of changed) {
    const index = cache.json<Record<number, string[]>>(S.quoteEvents, d);
    if (index) for (const i of idxs) for (const p of index[i] ?? []) touchedParts.add(p);
  }
  const qtParts = sortedParts(run, "qt|");
  for (let i = 0; i < qtParts.length; i += PARTITION_CHUNK) {
    const chunk = qtParts.slice(i, i + PARTITION_CHUNK);
    await cache.load(S.records, chunk);
    await cache.load(S.unit, chunk);
    const wanted: Array<[string, number]> = [];
    for (const p of chunk)
      for (const [d, v] of cache.subs(S.unit, p))
        for (const q of decodeUnitRow<QuoteUnit>(d, v)) if (q.event !== null) wanted.push([d, q.event]);
    await cache.load(
      S.parts,
      wanted.map(([d]) => d),
    );
    const eventIdOf = await eventIdLookup(cache, wanted, (d) => cache.json<string[]>(S.parts, d) ?? []);
    for (const p of chunk) {
      const quotes = quotesOfPartition(unitsIn<QuoteUnit>(run, p), eventIdOf);
      emitRecords(run, p, "quotes", quotes);
    }
    cache.evict(S.unit, chunk);
  }
}

/**
 * Partitions recomputed per step: their units are read, turned into records and dropped before the
 * next step, so a batch holds the units of a few partitions at a time, not of all it touches (a
 * batch of a thousand documents touches most hub partitions of the store).
 */
const PARTITION_CHUNK = 32;

/** Claims, provisions and relations: one record per partition. */
async function recomputeSinglePartitions(run: MergeRun): Promise<void> {
  const rest = [...run.touchedParts].filter((p) => !p.startsWith("ev|") && !p.startsWith("qt|")).sort();
  for (let i = 0; i < rest.length; i += PARTITION_CHUNK) {
    const chunk = rest.slice(i, i + PARTITION_CHUNK);
    await run.cache.load(S.unit, chunk);
    await run.cache.load(S.records, chunk);
    for (const p of chunk) recomputeSinglePartition(run, p);
    run.cache.evict(S.unit, chunk);
  }
}

/** The record of one claim, provision or relation partition. */
function recomputeSinglePartition(run: MergeRun, p: string): void {
  const key = p.slice(3);
  if (p.startsWith("cl|")) {
    const units = unitsIn<ClaimUnit>(run, p);
    emitRecords(run, p, "claims", units.length ? [claimOfPartition(key, units)] : []);
  } else if (p.startsWith("pv|")) {
    const units = unitsIn<ProvisionUnit>(run, p);
    emitRecords(run, p, "provisions", units.length ? [provisionOfPartition(key, units)] : []);
  } else if (p.startsWith("rl|")) {
    const units = unitsIn<RelationUnit>(run, p);
    emitRecords(run, p, "relations", units.length ? [relationOfPartition(units)] : []);
  }
}

/**
 * Converts every event partition still kept in the form written before event blocks (units under
 * `u`, see event-state.ts) in one pass, `chunk` partitions per transaction. Merges convert the
 * partitions they touch anyway; this moves that cost to one step (benchmarks, upgrades). Records
 * and quotes whose event ids change are rewritten as a merge would.
 * @returns how many event partitions were looked at
 */
export async function upgradeEventPartitions(store: Store, opts: { chunk?: number } = {}): Promise<number> {
  const docs: string[] = [];
  for await (const d of store.iterateDocuments()) docs.push(d.id);
  const parts = new Set<string>();
  for (let i = 0; i < docs.length; i += 400)
    for (const rows of (await store.readState(S.parts, docs.slice(i, i + 400))).values())
      for (const p of JSON.parse(rows.get("") ?? "[]") as string[]) if (p.startsWith("ev|")) parts.add(p);
  const list = [...parts].sort();
  const chunk = opts.chunk ?? 200;
  for (let i = 0; i < list.length; i += chunk) {
    const cache = new StateCache(store);
    const run = await startRun(store, cache, emptyStats(), [], undefined);
    for (const p of list.slice(i, i + chunk)) {
      run.eventDeltas.set(p, { docs: new Set(), added: [] });
      run.touchedParts.add(p);
    }
    await recomputePartitions(run);
    await store.applyKnowledgeBaseChange({ ...cache.pending(), ...run.change });
  }
  return list.length;
}

/** Links, `republication_of` and the root of one reuse family (see linkCopies for the rules). */
async function familyOf(
  members: string[],
  cache: StateCache,
  load: (id: string) => Promise<Loaded>,
): Promise<{ root: string; republicationOf: Map<string, string> }> {
  const memberSet = new Set(members);
  const links = new Map<string, CopyLinkRecord>();
  for (const m of members)
    for (const v of cache.subs(S.link, m).values()) {
      const l = JSON.parse(v) as CopyLinkRecord;
      if (memberSet.has(l.doc) && memberSet.has(l.source)) links.set(l.id, l);
    }
  const day = new Map<string, string>();
  for (const m of members) day.set(m, dayOf((await load(m)).doc.published));
  const sourcesOf = new Map<string, CopyLinkRecord[]>();
  for (const l of [...links.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!l.directed) continue;
    const list = sourcesOf.get(l.doc) ?? [];
    list.push(l);
    sourcesOf.set(l.doc, list);
  }
  const republicationOf = new Map<string, string>();
  for (const copy of [...sourcesOf.keys()].sort()) {
    const list = sourcesOf.get(copy)!;
    const best = Math.max(...list.map((l) => l.score));
    const ordered = list
      .filter((l) => l.score >= best - 0.05)
      .sort((x, y) => {
        const dx = day.get(x.source) ?? "";
        const dy = day.get(y.source) ?? "";
        return dx !== dy ? (dx < dy ? 1 : -1) : y.score - x.score || (x.source < y.source ? -1 : 1);
      });
    for (const l of ordered) {
      let cursor: string | undefined = l.source;
      let cycle = false;
      for (let steps = 0; cursor !== undefined && steps <= members.length; steps++) {
        if (cursor === copy) {
          cycle = true;
          break;
        }
        cursor = republicationOf.get(cursor);
      }
      if (!cycle) {
        republicationOf.set(copy, l.source);
        break;
      }
    }
  }
  let root = members[0]!;
  const rank = (m: string): [number, string, string] => [republicationOf.has(m) ? 1 : 0, day.get(m) || "9999", m];
  for (const m of members) {
    const a = rank(m);
    const b = rank(root);
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) root = m;
  }
  return { root, republicationOf };
}

/** The provenance fields of one document (spin, restoration, source and family). */
async function provenanceOf(
  doc: DocumentRecord,
  spun: SpinInfo,
  knownHits: SpinHit[] | undefined,
  republicationOf: string | null,
  family: string,
  load: (id: string) => Promise<Loaded>,
  spin: (id: string) => Promise<SpinInfo>,
): Promise<KnowledgeBase["documents"][number]> {
  let restored: ReturnType<typeof restoreText> | null = null;
  if (spun.is_spun) {
    const hits = knownHits ?? detectSpin(doc.text, doc.lang).hits;
    restored = restoreText(doc.text, hits);
    if (republicationOf && !(await spin(republicationOf)).is_spun) {
      const source = (await load(republicationOf)).doc;
      const fromSource = restoreFromSource(doc.text, source.text, source.id);
      if (fromSource.length) {
        const fromLexicon = restored.restorations.filter(
          (r) => !fromSource.some((f) => r.start < f.end && f.start < r.end),
        );
        restored = restoreText(doc.text, [...fromSource, ...fromLexicon]);
      }
    }
  }
  return {
    id: doc.id,
    spun,
    republication_of: republicationOf,
    restored_text: restored?.restorations.length ? restored.restored_text : null,
    restorations: restored?.restorations ?? [],
    family,
  };
}

/**
 * Rebuilds the knowledge base from nothing: clears it (and its maintenance state), then merges
 * every analysed document in batches. Gives the same knowledge base as any sequence of
 * incremental merges of the same documents.
 */
export async function rebuildKnowledgeBase(
  store: Store,
  opts: { batchSize?: number; onProgress?: (msg: string) => void } = {},
): Promise<MergeStats> {
  await store.replaceKnowledgeBase(emptyKnowledgeBase());
  // Nothing is merged: the (empty) band index is of the current banding.
  await store.applyKnowledgeBaseChange({
    ...emptyChange(),
    statePut: [
      { space: S.meta, key: "lsh", sub: "", value: LSH_INDEX_VERSION },
      { space: S.meta, key: "evid", sub: "", value: EVENT_ID_SCHEME },
    ],
    stateDelete: [],
  });
  return mergePending(store, opts);
}

/** Merges every analysed, not yet merged document, `batchSize` at a time. */
export async function mergePending(
  store: Store,
  opts: { batchSize?: number; onProgress?: (msg: string) => void; signals?: SignalsOf } = {},
): Promise<MergeStats> {
  const pending = await store.listUnmerged();
  const size = opts.batchSize ?? 200;
  const total = emptyStats();
  for (let i = 0; i < pending.length; i += size) {
    const s = await mergeDocuments(store, pending.slice(i, i + size), { signals: opts.signals });
    for (const k of [
      "documents",
      "candidatePairs",
      "links",
      "dirtyDocuments",
      "partitions",
      "entities",
      "stateKeys",
      "stateRows",
    ] as const)
      total[k] += s[k];
    for (const k of Object.keys(total.ms) as Array<keyof MergeStats["ms"]>) total.ms[k] += s.ms[k];
    opts.onProgress?.(`merged ${Math.min(i + size, pending.length)}/${pending.length}`);
  }
  return total;
}
