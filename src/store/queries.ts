/**
 * The read model: the questions the API, the web UI and `dossier query` ask of the knowledge base, answered from the
 * {@link Store} alone (nothing here recomputes extraction). Each answer carries `refs`: the names
 * and provenance of the entities and documents it points to, so a surface can show "Sergey Lavrov"
 * and "TASS (spun wording)" without one request per id.
 */
import type {
  ClaimRecord,
  CopyLinkRecord,
  DocumentRecord,
  EntityRecord,
  EntityType,
  EventRecord,
  ProvisionRecord,
  QuoteRecord,
  RelationRecord,
} from "../model/records.js";
import type { DocumentEvidence, Paged, SearchFilter, SearchHit, SearchPage, Store, TimelineFilter } from "./store.js";
import { DossierError } from "../util/errors.js";

/** Name and type of an entity an answer points to. */
export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
}

/** Title, outlet and provenance of a document an answer points to. */
export interface DocRef {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  lang: string;
  url: string | null;
  spun: boolean;
  spun_score: number;
  republication_of: string | null;
  family: string | null;
}

/** Lookup tables sent beside records. */
export interface Refs {
  entities: Record<string, EntityRef>;
  docs: Record<string, DocRef>;
}

/** Builds a {@link DocRef} from a document record. */
export function docRef(doc: DocumentRecord): DocRef {
  return {
    id: doc.id,
    title: doc.title,
    outlet: doc.outlet,
    published: doc.published,
    lang: doc.lang,
    url: doc.url,
    spun: doc.spun?.is_spun ?? false,
    spun_score: doc.spun?.score ?? 0,
    republication_of: doc.republication_of,
    family: doc.family ?? null,
  };
}

/**
 * Collects refs for entity and document ids, one store read per distinct id (cached across calls on
 * the same collector, so a page of 500 events touching 12 entities costs 12 reads).
 */
export class RefCollector {
  private readonly entities = new Map<string, EntityRef | null>();
  private readonly docs = new Map<string, DocRef | null>();
  constructor(private readonly store: Store) {}

  /** Adds entity ids (nulls and duplicates ignored). */
  async entity(...ids: Array<string | null | undefined>): Promise<void> {
    for (const id of ids) {
      if (!id || this.entities.has(id)) continue;
      const e = await this.store.getEntity(id);
      this.entities.set(id, e ? { id: e.id, name: e.name, type: e.type } : null);
    }
  }

  /** Adds document ids. */
  async doc(...ids: Array<string | null | undefined>): Promise<void> {
    for (const id of ids) {
      if (!id || this.docs.has(id)) continue;
      const d = await this.store.getDocument(id);
      this.docs.set(id, d ? docRef(d) : null);
      if (d?.republication_of) await this.doc(d.republication_of);
    }
  }

  /** Refs of records commonly shown together: events, quotes, claims, relations, links. */
  async records(
    records: Array<EventRecord | QuoteRecord | ClaimRecord | RelationRecord | CopyLinkRecord | ProvisionRecord>,
  ): Promise<void> {
    for (const r of records) {
      switch (r.kind) {
        case "event":
          await this.entity(...r.actors, ...r.targets, r.location);
          await this.doc(...r.evidence.map((e) => e.doc));
          break;
        case "quote":
          await this.entity(r.speaker);
          await this.doc(r.doc);
          break;
        case "claim":
          await this.entity(
            ...r.asserted_by,
            ...r.denied_by,
            ...(r.reported_by ?? []),
            ...r.evidence.map((e) => e.actor),
          );
          await this.doc(...r.evidence.map((e) => e.doc));
          break;
        case "relation":
          await this.entity(r.source, r.target);
          await this.doc(...r.evidence.map((e) => e.doc));
          break;
        case "link":
          await this.doc(r.doc, r.source);
          break;
        case "provision":
          await this.doc(...r.evidence.map((e) => e.doc));
          break;
      }
    }
  }

  /** The collected refs (unknown ids left out). */
  refs(): Refs {
    const entities: Record<string, EntityRef> = {};
    for (const [id, ref] of this.entities) if (ref) entities[id] = ref;
    const docs: Record<string, DocRef> = {};
    for (const [id, ref] of this.docs) if (ref) docs[id] = ref;
    return { entities, docs };
  }
}

/** A page of records plus refs. */
export type PagedWithRefs<T> = Paged<T> & { refs: Refs };

async function withRefs<
  T extends EventRecord | QuoteRecord | ClaimRecord | RelationRecord | CopyLinkRecord | ProvisionRecord,
>(store: Store, page: Paged<T>): Promise<PagedWithRefs<T>> {
  const refs = new RefCollector(store);
  await refs.records(page.items);
  return { ...page, refs: refs.refs() };
}

/** Longest entity name or id looked up. */
export const MAX_NAME_CHARS = 500;

/**
 * Resolves an entity given as id (`e_…`) or as a name (best match by name or alias).
 * @throws DossierError NOT_FOUND when nothing matches
 */
export async function resolveEntity(store: Store, idOrName: string): Promise<EntityRecord> {
  if (!idOrName.trim() || idOrName.length > MAX_NAME_CHARS)
    throw new DossierError("BAD_INPUT", `an entity is named by an id or a name of 1 to ${MAX_NAME_CHARS} characters`);
  const byId = await store.getEntity(idOrName);
  if (byId) return byId;
  const [best] = await store.findEntities(idOrName, 1);
  if (best) return best;
  throw new DossierError("NOT_FOUND", `no entity matches "${idOrName}"`);
}

/** Timeline page (events in date order) with refs; `entity` may be an id or a name. */
export async function timelinePage(
  store: Store,
  filter: TimelineFilter,
): Promise<PagedWithRefs<EventRecord> & { entity: EntityRef | null }> {
  let entity: EntityRef | null = null;
  const f = { ...filter };
  if (filter.entity) {
    const e = await resolveEntity(store, filter.entity);
    entity = { id: e.id, name: e.name, type: e.type };
    f.entity = e.id;
  }
  return { ...(await withRefs(store, await store.timeline(f))), entity };
}

/** Quotes page with refs; `speaker` may be an id or a name. */
export async function quotesPage(
  store: Store,
  filter: { limit: number; offset: number; speaker?: string; doc?: string },
): Promise<PagedWithRefs<QuoteRecord>> {
  const f = { ...filter };
  if (filter.speaker) f.speaker = (await resolveEntity(store, filter.speaker)).id;
  return withRefs(store, await store.listQuotes(f));
}

/** Claims page with refs; `entity` may be an id or a name. */
export async function claimsPage(
  store: Store,
  filter: { limit: number; offset: number; entity?: string; contested?: boolean },
): Promise<PagedWithRefs<ClaimRecord>> {
  const f = { ...filter };
  if (filter.entity) f.entity = (await resolveEntity(store, filter.entity)).id;
  return withRefs(store, await store.listClaims(f));
}

/** Relations page with refs; `entity` may be an id or a name. */
export async function relationsPage(
  store: Store,
  filter: { limit: number; offset: number; entity?: string },
): Promise<PagedWithRefs<RelationRecord>> {
  const f = { ...filter };
  if (filter.entity) f.entity = (await resolveEntity(store, filter.entity)).id;
  return withRefs(store, await store.listRelations(f));
}

/**
 * One claim by id, with refs. The Store has no by-id read for claims, so the claim is found by
 * paging through at most {@link RECORD_SCAN_CAP} claims.
 * @throws DossierError NOT_FOUND
 */
export async function claimDetail(store: Store, id: string): Promise<ClaimRecord & { refs: Refs }> {
  if (id.length > 200) throw new DossierError("NOT_FOUND", "no such claim");
  for (let offset = 0; offset < RECORD_SCAN_CAP; ) {
    const page = await store.listClaims({ limit: 500, offset });
    const claim = page.items.find((c) => c.id === id);
    if (claim) {
      const refs = new RefCollector(store);
      await refs.records([claim]);
      return { ...claim, refs: refs.refs() };
    }
    offset += page.items.length;
    if (!page.items.length || offset >= page.total) break;
  }
  throw new DossierError("NOT_FOUND", `no claim ${id}`);
}

/** Provisions page with refs (source documents' outlet and provenance). */
export async function provisionsPage(
  store: Store,
  filter: { limit: number; offset: number },
): Promise<PagedWithRefs<ProvisionRecord>> {
  return withRefs(store, await store.listProvisions(filter));
}

/** Copy links page with refs. */
export async function linksPage(
  store: Store,
  filter: { limit: number; offset: number; doc?: string },
): Promise<PagedWithRefs<CopyLinkRecord>> {
  return withRefs(store, await store.listLinks(filter));
}

/** A document with everything that points into it, for the reader. */
export interface DocumentDetail extends DocumentRecord {
  evidence: DocumentEvidence;
  /** The events, claims, provisions and relations whose evidence points into this document. */
  records: {
    events: EventRecord[];
    claims: ClaimRecord[];
    provisions: ProvisionRecord[];
    relations: RelationRecord[];
  };
  /** Copy links where this document is the copy or the source. */
  links: CopyLinkRecord[];
  refs: Refs;
}

/**
 * A document, its text and every evidence span pointing into it.
 * @throws DossierError NOT_FOUND
 */
export async function documentDetail(store: Store, id: string): Promise<DocumentDetail> {
  if (id.length > 200) throw new DossierError("NOT_FOUND", "no such document");
  const doc = await store.getDocument(id);
  if (!doc) throw new DossierError("NOT_FOUND", `no document ${id}`);
  const evidence = await store.documentEvidence(id);
  const links = (await store.listLinks({ doc: id, limit: 500, offset: 0 })).items;
  const records = await recordsOfSpans(store, evidence);
  const refs = new RefCollector(store);
  await refs.entity(...evidence.mentions.map((m) => m.entity), ...evidence.quotes.map((q) => q.speaker));
  await refs.records(links);
  await refs.records([...records.events, ...records.claims, ...records.relations]);
  await refs.doc(doc.republication_of);
  return { ...doc, evidence, links, records, refs: refs.refs() };
}

/** Most records scanned when looking up claims, provisions or relations that no entity leads to. */
const RECORD_SCAN_CAP = 5000;

/**
 * Loads the records behind a document's evidence spans. Events come by id; the store has no
 * by-id read for claims, provisions and relations, so they are found through the entities the
 * document mentions, then (for any still missing) by scanning at most {@link RECORD_SCAN_CAP}.
 */
async function recordsOfSpans(store: Store, evidence: DocumentEvidence): Promise<DocumentDetail["records"]> {
  const want = {
    event: new Set<string>(),
    claim: new Set<string>(),
    provision: new Set<string>(),
    relation: new Set<string>(),
  };
  for (const s of evidence.spans) want[s.kind].add(s.record);
  const events: EventRecord[] = [];
  for (const id of want.event) {
    const e = await store.getEvent(id);
    if (e) events.push(e);
  }
  const found = {
    claim: new Map<string, ClaimRecord>(),
    relation: new Map<string, RelationRecord>(),
    provision: new Map<string, ProvisionRecord>(),
  };
  const entities = [...new Set(evidence.mentions.map((m) => m.entity))].slice(0, 50);
  for (const entity of entities) {
    if (found.claim.size < want.claim.size)
      for (const c of (await store.listClaims({ entity, limit: 500, offset: 0 })).items)
        if (want.claim.has(c.id)) found.claim.set(c.id, c);
    if (found.relation.size < want.relation.size)
      for (const r of (await store.listRelations({ entity, limit: 500, offset: 0 })).items)
        if (want.relation.has(r.id)) found.relation.set(r.id, r);
  }
  const scan = async <T extends { id: string }>(
    kind: "claim" | "relation" | "provision",
    list: (page: { limit: number; offset: number }) => Promise<Paged<T>>,
  ) => {
    const map = found[kind] as unknown as Map<string, T>;
    for (let offset = 0; map.size < want[kind].size && offset < RECORD_SCAN_CAP; ) {
      const page = await list({ limit: 500, offset });
      for (const r of page.items) if (want[kind].has(r.id)) map.set(r.id, r);
      offset += page.items.length;
      if (!page.items.length || offset >= page.total) break;
    }
  };
  await scan("claim", (p) => store.listClaims(p));
  await scan("relation", (p) => store.listRelations(p));
  await scan("provision", (p) => store.listProvisions(p));
  return {
    events,
    claims: [...found.claim.values()],
    provisions: [...found.provision.values()],
    relations: [...found.relation.values()],
  };
}

/** Everything known about one entity. */
export interface EntityProfile extends EntityRecord {
  documents: DocRef[];
  /** Documents mentioning the entity beyond the ones listed. */
  documents_total: number;
  events: EventRecord[];
  events_total: number;
  quotes: QuoteRecord[];
  quotes_total: number;
  relations: RelationRecord[];
  relations_total: number;
  claims: ClaimRecord[];
  claims_total: number;
  refs: Refs;
}

/** How many events, quotes, relations and documents an entity profile carries. */
export const PROFILE_LIST_LIMIT = 200;
/** How many claims an entity profile carries (each brings all its evidence and their documents). */
export const PROFILE_CLAIM_LIMIT = 50;

/**
 * The profile of one entity: aliases, roles, documents, events, quotes, relations, claims.
 * @param idOrName entity id or name
 * @throws DossierError NOT_FOUND
 */
export async function entityProfile(store: Store, idOrName: string): Promise<EntityProfile> {
  const entity = await resolveEntity(store, idOrName);
  const page = { limit: PROFILE_LIST_LIMIT, offset: 0 };
  const [mentions, events, quotes, relations, claims] = await Promise.all([
    store.listMentions({ entity: entity.id, limit: 500, offset: 0 }),
    store.timeline({ entity: entity.id, ...page }),
    store.listQuotes({ speaker: entity.id, ...page }),
    store.listRelations({ entity: entity.id, ...page }),
    store.listClaims({ entity: entity.id, limit: PROFILE_CLAIM_LIMIT, offset: 0 }),
  ]);
  const docIds = [...new Set(mentions.items.map((m) => m.doc))];
  for (const e of events.items) for (const ev of e.evidence) if (!docIds.includes(ev.doc)) docIds.push(ev.doc);
  const refs = new RefCollector(store);
  await refs.entity(entity.id);
  await refs.doc(...docIds.slice(0, PROFILE_LIST_LIMIT));
  await refs.records([...events.items, ...quotes.items, ...relations.items, ...claims.items]);
  const collected = refs.refs();
  const documents = docIds
    .slice(0, PROFILE_LIST_LIMIT)
    .map((d) => collected.docs[d])
    .filter((d): d is DocRef => !!d)
    .sort((a, b) => (b.published ?? "").localeCompare(a.published ?? ""));
  return {
    ...entity,
    documents,
    documents_total: Math.max(entity.docs, docIds.length),
    events: events.items,
    events_total: events.total,
    quotes: quotes.items,
    quotes_total: quotes.total,
    relations: relations.items,
    relations_total: relations.total,
    claims: claims.items,
    claims_total: claims.total,
    refs: collected,
  };
}

/** One facet value and how many hits carry it. */
export interface FacetCount {
  value: string;
  count: number;
  /** Display label (entity name) when the value is an id. */
  label?: string;
}

/** Search hits with facet counts. */
export interface SearchResult extends SearchPage {
  facets: { outlet: FacetCount[]; lang: FacetCount[]; date: FacetCount[]; entity: FacetCount[] };
  /** Number of hits the outlet, language and date facets were counted over (up to {@link FACET_HIT_CAP}). */
  facet_basis: number;
  /** Number of best hits the entity facet was counted over (up to {@link ENTITY_FACET_DOC_CAP}). */
  entity_facet_basis: number;
  /** The entity filter, resolved. */
  entity: EntityRef | null;
}

/** Most hits facet counts are computed over (one store page). */
export const FACET_HIT_CAP = 500;
/** Most hits (best first) whose mentions are read for the entity facet. */
export const ENTITY_FACET_DOC_CAP = 100;
const FACET_TOP = 15;

function topCounts(counts: Map<string, number>, top = FACET_TOP): FacetCount[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([value, count]) => ({ value, count }));
}

/**
 * Full-text search with facet counts (outlet, language, month, entity) over the hits that match the
 * query and the current filters. The query is passed to the store as plain words (the store never
 * treats it as operator syntax).
 */
export async function searchWithFacets(
  store: Store,
  q: string,
  filter: SearchFilter & { limit: number; offset: number },
): Promise<SearchResult> {
  const f: SearchFilter & { limit: number; offset: number } = { ...filter };
  let entity: EntityRef | null = null;
  if (filter.entity) {
    const e = await resolveEntity(store, filter.entity);
    entity = { id: e.id, name: e.name, type: e.type };
    f.entity = e.id;
  }
  // The facets count over the first FACET_HIT_CAP hits, ranked without snippets (building 500
  // snippets was most of the time at scale); the page is a second, snippet-building query of its
  // own few hits (the same ranking, so the same hits as that slice of the basis).
  // Both at once: a backend with a connection pool runs them side by side.
  // A backend that can rank once for both (PostgreSQL) also counts the entity facet in the same
  // statement, and names the listed entities in one read.
  const combined = store.searchFacetBasis
    ? await store.searchFacetBasis(q, f, { basis: FACET_HIT_CAP, entityDocs: ENTITY_FACET_DOC_CAP })
    : null;
  const [first, page] = combined
    ? [{ items: combined.basis }, combined.page]
    : await Promise.all([
        store.search(q, { ...f, limit: FACET_HIT_CAP, offset: 0, snippets: false }),
        store.search(q, f),
      ]);
  const basis: SearchHit[] = first.items;
  const outlet = new Map<string, number>();
  const lang = new Map<string, number>();
  const date = new Map<string, number>();
  for (const hit of basis) {
    const o = hit.outlet ?? "(unknown outlet)";
    outlet.set(o, (outlet.get(o) ?? 0) + 1);
    lang.set(hit.lang, (lang.get(hit.lang) ?? 0) + 1);
    const month =
      hit.published && /^\d{4}-\d{2}/.test(hit.published)
        ? hit.published.slice(0, 7)
        : hit.published?.slice(0, 4) || "(undated)";
    date.set(month, (date.get(month) ?? 0) + 1);
  }
  const entityCounts = combined
    ? combined.entities
    : await store.countEntityDocuments(basis.slice(0, ENTITY_FACET_DOC_CAP).map((h) => h.doc));
  const entityFacet = topCounts(entityCounts);
  const names = store.entityNames ? await store.entityNames(entityFacet.map((fc) => fc.value)) : null;
  const labels = names
    ? entityFacet.map((fc) => names.get(fc.value))
    : (await Promise.all(entityFacet.map((fc) => store.getEntity(fc.value)))).map((e) => e?.name);
  entityFacet.forEach((fc, i) => {
    fc.label = labels[i] ?? fc.value;
  });
  return {
    ...page,
    facets: {
      outlet: topCounts(outlet),
      lang: topCounts(lang),
      date: [...date.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([value, count]) => ({ value, count })),
      entity: entityFacet,
    },
    facet_basis: basis.length,
    entity_facet_basis: Math.min(basis.length, ENTITY_FACET_DOC_CAP),
    entity,
  };
}

/** A node of the relation graph: an entity. */
export interface GraphNode {
  id: string;
  name: string;
  type: EntityType;
  /** Documents mentioning it. */
  docs: number;
  /** Sum of its edges' weights. */
  degree: number;
}

/** An edge: all relations of one type between two entities (direction kept as stored). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  polarity: "cooperation" | "conflict";
  /** Number of relation records merged into the edge. */
  count: number;
  /** Evidence spans behind it. */
  evidence: number;
  relations: string[];
}

/** The relation graph. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The expanded entity when `entity` was given. */
  center: EntityRef | null;
  truncated: boolean;
}

const CONFLICT_TYPES = new Set(["conflict"]);

/**
 * Entities as nodes and relations grouped by (source, target, type) as edges with counts. With
 * `entity`, only that entity's neighbourhood (its relations and the entities they reach).
 */
export async function relationGraph(
  store: Store,
  opts: { entity?: string; types?: string[]; limit: number },
): Promise<Graph> {
  let center: EntityRef | null = null;
  let entityId: string | undefined;
  if (opts.entity) {
    const e = await resolveEntity(store, opts.entity);
    center = { id: e.id, name: e.name, type: e.type };
    entityId = e.id;
  }
  const relations: RelationRecord[] = [];
  let truncated = false;
  for (let offset = 0; ; ) {
    const page = await store.listRelations({ entity: entityId, limit: 500, offset });
    relations.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
    if (relations.length >= opts.limit * 4) {
      truncated = true;
      break;
    }
  }
  const wanted = opts.types?.length ? new Set(opts.types) : null;
  const edges = new Map<string, GraphEdge>();
  for (const r of relations) {
    if (wanted && !wanted.has(r.type)) continue;
    const key = `${r.source}|${r.target}|${r.type}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = {
        id: `g_${edges.size}`,
        source: r.source,
        target: r.target,
        type: r.type,
        polarity: r.polarity ?? (CONFLICT_TYPES.has(r.type) ? "conflict" : "cooperation"),
        count: 0,
        evidence: 0,
        relations: [],
      };
      edges.set(key, edge);
    }
    edge.count += 1;
    edge.evidence += r.evidence.length;
    edge.relations.push(r.id);
  }
  let edgeList = [...edges.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  if (edgeList.length > opts.limit) {
    edgeList = edgeList.slice(0, opts.limit);
    truncated = true;
  }
  const nodes = new Map<string, GraphNode>();
  for (const edge of edgeList) {
    for (const id of [edge.source, edge.target]) {
      let node = nodes.get(id);
      if (!node) {
        const e = await store.getEntity(id);
        node = { id, name: e?.name ?? id, type: e?.type ?? "other", docs: e?.docs ?? 0, degree: 0 };
        nodes.set(id, node);
      }
      node.degree += edge.count;
    }
  }
  if (center && !nodes.has(center.id)) {
    const e = await store.getEntity(center.id);
    nodes.set(center.id, { id: center.id, name: center.name, type: center.type, docs: e?.docs ?? 0, degree: 0 });
  }
  return { nodes: [...nodes.values()], edges: edgeList, center, truncated };
}
