/**
 * zod schemas of what the API answers: the records (same fields as the JSONL export, schema 1),
 * the pages and detail views built on them, and the error body. Each one registers under its
 * component name in {@link apiComponents}, from which ./openapi.ts generates
 * `components.schemas` with `z.toJSONSchema`; a schema that uses another registered one becomes a
 * `$ref` to it. The server tests parse real answers with these schemas, so the document cannot drift
 * from what the routes send.
 */
import { z } from "zod";
import { PLOVER_TYPES } from "../model/records.js";
import { ENTITY_TYPES } from "./schemas.js";

/** Metadata of a registered component: its name under `#/components/schemas/`. */
export interface ComponentMeta {
  id: string;
  description?: string;
}

/** Every named schema of the OpenAPI document. */
export const apiComponents = z.registry<ComponentMeta>();

/** Registers `schema` as the component `id` and returns it. */
function component<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiComponents.add(schema, description ? { id, description } : { id });
  return schema;
}

const int = z.int();
const text = z.string();
const nullableText = z.string().nullable();
const strings = z.array(z.string());
const entityType = z.enum(ENTITY_TYPES);

/** A list page: `items` plus paging, and any extra fields of that list. */
function paged<T extends z.ZodType, X extends z.ZodRawShape>(item: T, extra: X) {
  return z.object({ items: z.array(item), total: int, limit: int, offset: int, ...extra });
}

export const ErrorBody = component(
  "Error",
  z.object({
    error: z.object({
      code: text.describe("BAD_INPUT, NOT_FOUND, UNAUTHORIZED, TOO_LARGE, UNSUPPORTED, STORE, INTERNAL…"),
      message: text,
    }),
  }),
);

const evidenceShape = { doc: text, start: int, end: int, text };
export const Evidence = component(
  "Evidence",
  z.object(evidenceShape),
  "A span of a document's text: text === document.text.slice(start, end)",
);

export const EntityRef = component("EntityRef", z.object({ id: text, name: text, type: entityType }));

export const DocRef = component(
  "DocRef",
  z.object({
    id: text,
    title: nullableText,
    outlet: nullableText,
    published: nullableText,
    lang: text,
    url: nullableText,
    spun: z.boolean(),
    spun_score: z.number(),
    republication_of: nullableText,
    family: nullableText,
  }),
);

export const Refs = component(
  "Refs",
  z.object({ entities: z.record(z.string(), EntityRef), docs: z.record(z.string(), DocRef) }),
  "Names and provenance of the entities and documents the records point to",
);

export const Mention = component(
  "Mention",
  z.object({ kind: z.literal("mention"), doc: text, entity: text, start: int, end: int, text, via: text.optional() }),
);

export const Event = component(
  "Event",
  z.object({
    kind: z.literal("event"),
    id: text,
    type: z.enum(PLOVER_TYPES),
    summary: text,
    date: nullableText.describe("YYYY-MM-DD, YYYY-MM, YYYY, start/end, or null"),
    actors: strings,
    targets: strings,
    location: nullableText,
    evidence: z.array(Evidence),
    actor_agents: strings.optional().describe('Typed agents for unnamed actors, e.g. "Nigeria police (COP)"'),
    target_agents: strings.optional().describe("Typed agents for unnamed targets"),
  }),
);

export const Quote = component(
  "Quote",
  z.object({
    kind: z.literal("quote"),
    id: text,
    doc: text,
    start: int,
    end: int,
    text,
    direct: z.boolean(),
    speaker: nullableText,
    speaker_text: nullableText,
    cue: nullableText,
    event: nullableText,
    spun_wording: z.boolean().optional().describe("Spun text: not the speaker's exact words"),
  }),
);

export const Claim = component(
  "Claim",
  z.object({
    kind: z.literal("claim"),
    id: text,
    text,
    asserted_by: strings,
    denied_by: strings,
    evidence: z.array(
      z.object({ ...evidenceShape, stance: z.enum(["assert", "deny", "report"]), actor: nullableText.optional() }),
    ),
    independent_outlets: int,
  }),
);

export const Provision = component(
  "Provision",
  z.object({
    kind: z.literal("provision"),
    id: text,
    agreement: text,
    article: text,
    content: text,
    evidence: z.array(Evidence),
  }),
);

export const Relation = component(
  "Relation",
  z.object({
    kind: z.literal("relation"),
    id: text,
    source: text,
    target: text,
    type: text,
    evidence: z.array(Evidence),
  }),
);

export const Link = component(
  "Link",
  z.object({
    kind: z.literal("link"),
    id: text,
    doc: text.describe("The copy"),
    source: text.describe("The document it copies, or the peer when the direction is unknown"),
    relation: z.enum(["republication", "spun-copy", "translation", "near-duplicate", "same-text"]),
    directed: z.boolean(),
    score: z.number(),
    reason: text,
  }),
);

export const Entity = component(
  "Entity",
  z.object({
    kind: z.literal("entity"),
    id: text,
    type: entityType,
    name: text,
    aliases: strings,
    roles: strings,
    docs: int,
    mentions: int,
  }),
);

const documentShape = {
  kind: z.literal("document"),
  id: text,
  title: nullableText,
  outlet: nullableText,
  url: nullableText,
  authors: strings,
  published: nullableText,
  lang: text,
  spun: z.object({ score: z.number(), is_spun: z.boolean() }),
  republication_of: nullableText,
};

export const DocumentMeta = component(
  "DocumentMeta",
  z.object({ ...documentShape, chars: int.describe("Length of the text"), has_restored_text: z.boolean() }),
  "A document without its text (lists)",
);

export const DocumentDetail = component(
  "DocumentDetail",
  z.object({
    ...documentShape,
    text,
    restored_text: nullableText,
    evidence: z.object({
      mentions: z.array(Mention),
      quotes: z.array(Quote),
      spans: z.array(
        z.object({
          record: text,
          kind: z.enum(["event", "claim", "provision", "relation"]),
          start: int,
          end: int,
          text,
          stance: text.optional(),
        }),
      ),
    }),
    records: z.object({
      events: z.array(Event),
      claims: z.array(Claim),
      provisions: z.array(Provision),
      relations: z.array(Relation),
    }),
    links: z.array(Link),
    refs: Refs,
  }),
);

export const EntityProfile = component(
  "EntityProfile",
  Entity.extend({
    documents: z.array(DocRef),
    documents_total: int,
    events: z.array(Event),
    events_total: int,
    quotes: z.array(Quote),
    quotes_total: int,
    relations: z.array(Relation),
    relations_total: int,
    claims: z.array(Claim),
    claims_total: int,
    refs: Refs,
  }),
);

export const EventDetail = component("EventDetail", Event.extend({ quotes: z.array(Quote), refs: Refs }));
export const ClaimDetail = component("ClaimDetail", Claim.extend({ refs: Refs }));

export const Overview = component(
  "Overview",
  z.object({
    counts: z.object({
      documents: int,
      entities: int,
      events: int,
      quotes: int,
      claims: int,
      contested_claims: int,
      provisions: int,
      relations: int,
      links: int,
    }),
    top_entities: z.array(Entity),
    contested_claims: z.array(Claim),
  }),
);

export const DocumentPage = component("DocumentPage", paged(DocumentMeta, {}));
export const EntityPage = component("EntityPage", paged(Entity, {}));
export const TimelinePage = component("TimelinePage", paged(Event, { refs: Refs, entity: EntityRef.nullable() }));
export const QuotePage = component("QuotePage", paged(Quote, { refs: Refs }));
export const ClaimPage = component("ClaimPage", paged(Claim, { refs: Refs }));
export const ProvisionPage = component("ProvisionPage", paged(Provision, { refs: Refs }));
export const RelationPage = component("RelationPage", paged(Relation, { refs: Refs }));
export const LinkPage = component("LinkPage", paged(Link, { refs: Refs }));

const facetCounts = z.array(z.object({ value: text, count: int, label: text.optional() }));

export const SearchResult = component(
  "SearchResult",
  paged(
    z.object({
      doc: text,
      title: nullableText,
      outlet: nullableText,
      published: nullableText,
      lang: text,
      snippet: text.describe("Matches wrapped in «» (plain text, never HTML)"),
      score: z.number(),
    }),
    {
      facets: z.object({ outlet: facetCounts, lang: facetCounts, date: facetCounts, entity: facetCounts }),
      facet_basis: int.describe("Hits the outlet, language and date facets were counted over"),
      entity_facet_basis: int.describe("Best hits the entity facet was counted over"),
      entity: EntityRef.nullable().describe("The entity filter, resolved"),
      ranked: int
        .optional()
        .describe(
          "Present when not every match was ranked: the hits are the best of this many, the most recently stored matches (a query matching more than 500 documents, every backend)",
        ),
      total_capped: z
        .literal(true)
        .optional()
        .describe(
          "Present when matches were counted only up to a bound: `total` is that bound and at least that many documents match (past 500 matches, every backend)",
        ),
    },
  ),
);

export const Graph = component(
  "Graph",
  z.object({
    nodes: z.array(z.object({ id: text, name: text, type: entityType, docs: int, degree: int })),
    edges: z.array(
      z.object({
        id: text,
        source: text,
        target: text,
        type: text,
        polarity: z.enum(["cooperation", "conflict"]),
        count: int,
        evidence: int,
        relations: strings,
      }),
    ),
    center: EntityRef.nullable(),
    truncated: z.boolean(),
  }),
);

export const Jobs = component(
  "Jobs",
  z.object({
    state: z.enum(["idle", "running"]),
    reason: nullableText,
    phase: z.enum(["analyse", "build"]).nullable(),
    done: int,
    total: int.nullable(),
    started_at: nullableText,
    pending: z.boolean(),
    completed: int,
    last: z.looseObject({}).nullable(),
    last_error: z.looseObject({}).nullable(),
  }),
);

export const IngestResult = component(
  "IngestResult",
  z.object({
    files: z.array(
      z.object({
        source: text,
        status: z.enum(["ingested", "duplicate", "failed"]),
        doc: nullableText.optional(),
        reason: nullableText.optional(),
      }),
    ),
    ingested: int,
    duplicate: int,
    failed: int,
    knowledge_base: z.enum(["queued", "none"]).describe("queued: a background knowledge-base update was requested"),
  }),
);

export const Health = component("Health", z.object({ ok: z.boolean(), backend: z.enum(["sqlite", "postgres"]) }));
