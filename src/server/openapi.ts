/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. Hand-written and kept
 * next to the routes; a test checks that every API route of the app has a path here and back.
 */
import { PLOVER_TYPES } from "../model/records.js";
import { MAX_LIMIT, DEFAULT_LIMIT, EXPORT_FORMATS, CSV_KINDS } from "./schemas.js";

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string): Json => ({ type: "string", ...(description ? { description } : {}) });
const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: "null" }] });
const arr = (items: Json): Json => ({ type: "array", items });
const int = { type: "integer" };

function param(name: string, description: string, schema: Json = str(), where: "query" | "path" = "query", required = where === "path"): Json {
  return { name, in: where, required, description, schema };
}

const pageParams = [
  param("limit", `Page size (default ${DEFAULT_LIMIT}; larger values are capped at ${MAX_LIMIT})`, { type: "integer", minimum: 1, default: DEFAULT_LIMIT }),
  param("offset", "Items to skip", { type: "integer", minimum: 0, default: 0 }),
];
const dateParams = [
  param("from", "Inclusive lower date bound: YYYY, YYYY-MM or YYYY-MM-DD", { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" }),
  param("to", "Inclusive upper date bound: YYYY, YYYY-MM or YYYY-MM-DD", { type: "string", pattern: "^\\d{4}(-\\d{2}(-\\d{2})?)?$" }),
];

const errors = {
  "400": { description: "Invalid parameter", content: { "application/json": { schema: ref("Error") } } },
  "401": { description: "Bearer token missing or wrong (servers started with a token)", content: { "application/json": { schema: ref("Error") } } },
};
const notFound = { "404": { description: "No such record", content: { "application/json": { schema: ref("Error") } } } };

function ok(schema: Json, description = "OK"): Json {
  return { "200": { description, content: { "application/json": { schema } } }, ...errors };
}

function paged(item: Json, extra: Json = {}): Json {
  return {
    type: "object",
    required: ["items", "total", "limit", "offset"],
    properties: { items: arr(item), total: int, limit: int, offset: int, ...extra },
  };
}

const evidence: Json = {
  type: "object",
  description: "A span of a document's text: text === document.text.slice(start, end)",
  required: ["doc", "start", "end", "text"],
  properties: { doc: str(), start: int, end: int, text: str() },
};

/** The OpenAPI document. */
export const OPENAPI_DOCUMENT: Json = {
  openapi: "3.1.0",
  info: {
    title: "Dossier API",
    version: "1",
    description:
      "Evidence-first news intelligence: documents, entities, events, quotes, claims, provisions and relations, every fact pinned to a document and character offsets. Records have the same fields as the JSONL export (schema 1).",
  },
  servers: [{ url: "/" }],
  security: [{}, { bearer: [] }],
  paths: {
    "/healthz": {
      get: { summary: "Liveness: 200 when the store answers", security: [], responses: { "200": { description: "Store reachable" }, "503": { description: "Store unreachable" } } },
    },
    "/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } } },
    "/api/overview": {
      get: { summary: "Counts, top entities and contested claims", responses: ok({ type: "object", properties: { counts: { type: "object" }, top_entities: arr(ref("Entity")), contested_claims: arr(ref("Claim")) } }) },
    },
    "/api/documents": {
      get: {
        summary: "Documents (metadata only), newest first",
        parameters: [...pageParams, param("outlet", "Outlet name"), param("lang", "Language code (en, ru…)"), ...dateParams],
        responses: ok(paged(ref("DocumentMeta"))),
      },
    },
    "/api/documents/{id}": {
      get: {
        summary: "One document with its text and every evidence span pointing into it",
        parameters: [param("id", "Document id (d_…)", str(), "path")],
        responses: { ...ok(ref("DocumentDetail")), ...notFound },
      },
    },
    "/api/entities": {
      get: {
        summary: "Entities",
        parameters: [...pageParams, param("type", "Entity type", { enum: ["person", "organization", "country", "place", "other"] }), param("q", "Name or alias contains")],
        responses: ok(paged(ref("Entity"))),
      },
    },
    "/api/entities/{id}": {
      get: {
        summary: "Entity profile: aliases, roles, documents, events, quotes, relations, claims",
        parameters: [param("id", "Entity id (e_…) or a name", str(), "path")],
        responses: { ...ok(ref("EntityProfile")), ...notFound },
      },
    },
    "/api/timeline": {
      get: {
        summary: "Events in date order",
        parameters: [...pageParams, param("entity", "Entity id or name (actor, target or location)"), param("type", "PLOVER event type", { enum: [...PLOVER_TYPES] }), ...dateParams],
        responses: { ...ok(paged(ref("Event"), { refs: ref("Refs"), entity: nullable(ref("EntityRef")) })), ...notFound },
      },
    },
    "/api/events/{id}": {
      get: { summary: "One event with its quotes", parameters: [param("id", "Event id (v_…)", str(), "path")], responses: { ...ok(ref("Event")), ...notFound } },
    },
    "/api/quotes": {
      get: {
        summary: "Quotes",
        parameters: [...pageParams, param("speaker", "Speaker entity id or name"), param("doc", "Document id")],
        responses: ok(paged(ref("Quote"), { refs: ref("Refs") })),
      },
    },
    "/api/claims": {
      get: {
        summary: "Claims with assert, deny and report evidence and independent-outlet counts",
        parameters: [...pageParams, param("entity", "Entity id or name (asserting or denying)"), param("contested", "Only claims someone denies", { type: "boolean" })],
        responses: ok(paged(ref("Claim"), { refs: ref("Refs") })),
      },
    },
    "/api/claims/{id}": {
      get: { summary: "One claim with its evidence", parameters: [param("id", "Claim id (c_…)", str(), "path")], responses: { ...ok(ref("Claim")), ...notFound } },
    },
    "/api/provisions": {
      get: { summary: "Provisions of agreements and treaties", parameters: pageParams, responses: ok(paged(ref("Provision"), { refs: ref("Refs") })) },
    },
    "/api/relations": {
      get: {
        summary: "Relations between entities by area (military, economic…)",
        parameters: [...pageParams, param("entity", "Entity id or name")],
        responses: ok(paged(ref("Relation"), { refs: ref("Refs") })),
      },
    },
    "/api/links": {
      get: { summary: "Copy links (republication, spun copy, translation…)", parameters: [...pageParams, param("doc", "Document id")], responses: ok(paged(ref("Link"), { refs: ref("Refs") })) },
    },
    "/api/search": {
      get: {
        summary: "Full-text search with facets (outlet, language, month, entity). The text is taken as plain words, never operator syntax.",
        parameters: [
          param("q", "Words to find", { type: "string", minLength: 1, maxLength: 500 }, "query", true),
          ...pageParams,
          param("outlet", "Outlet name"),
          param("lang", "Language code"),
          ...dateParams,
          param("entity", "Only documents mentioning this entity (id or name)"),
        ],
        responses: ok(ref("SearchResult")),
      },
    },
    "/api/graph": {
      get: {
        summary: "Relation graph: entities as nodes, relations grouped by type as weighted edges",
        parameters: [
          param("entity", "Expand the neighbourhood of this entity (id or name)"),
          param("type", "Comma-separated relation types to keep"),
          param("limit", "Most edges (default 600, capped at 2000)", { type: "integer", minimum: 1 }),
        ],
        responses: { ...ok(ref("Graph")), ...notFound },
      },
    },
    "/api/jobs": {
      get: {
        summary: "Background knowledge-base work: idle or running, phase (analyse/build), progress, last result and error",
        responses: ok({
          type: "object",
          properties: {
            state: { type: "string", enum: ["idle", "running"] },
            reason: { type: ["string", "null"] },
            phase: { type: ["string", "null"], enum: ["analyse", "build", null] },
            done: { type: "integer" },
            total: { type: ["integer", "null"] },
            started_at: { type: ["string", "null"] },
            pending: { type: "boolean" },
            completed: { type: "integer" },
            last: { type: ["object", "null"] },
            last_error: { type: ["object", "null"] },
          },
        }),
      },
    },
    "/api/ingest": {
      post: {
        summary: "Upload files to ingest (multipart/form-data, field `files`, repeated)",
        requestBody: {
          required: true,
          content: { "multipart/form-data": { schema: { type: "object", properties: { files: arr({ type: "string", format: "binary" }) } } } },
        },
        responses: {
          "200": { description: "Per-file status", content: { "application/json": { schema: ref("IngestResult") } } },
          ...errors,
          "403": { description: "Cross-site request refused", content: { "application/json": { schema: ref("Error") } } },
          "413": { description: "Upload too large", content: { "application/json": { schema: ref("Error") } } },
          "501": { description: "This server was started without upload ingest", content: { "application/json": { schema: ref("Error") } } },
        },
      },
    },
    "/api/export": {
      get: {
        summary: "Export the knowledge base (streamed)",
        parameters: [
          param("format", "Export format", { enum: [...EXPORT_FORMATS], default: "jsonl" }),
          param("kind", "CSV only: the table to export", { enum: [...CSV_KINDS] }),
        ],
        responses: {
          "200": {
            description: "The export",
            content: {
              "application/x-ndjson": { schema: str("JSON Lines") },
              "text/csv": { schema: str("RFC 4180 CSV") },
              "application/gexf+xml": { schema: str("GEXF 1.3") },
            },
          },
          ...errors,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Required when the server was started with DOSSIER_TOKEN" } },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: { code: str("BAD_INPUT, NOT_FOUND, UNAUTHORIZED, TOO_LARGE, UNSUPPORTED, STORE, INTERNAL…"), message: str() } } },
      },
      Evidence: evidence,
      EntityRef: { type: "object", properties: { id: str(), name: str(), type: str() } },
      DocRef: {
        type: "object",
        properties: {
          id: str(),
          title: nullable(str()),
          outlet: nullable(str()),
          published: nullable(str()),
          lang: str(),
          url: nullable(str()),
          spun: { type: "boolean" },
          spun_score: { type: "number" },
          republication_of: nullable(str()),
          family: nullable(str()),
        },
      },
      Refs: {
        type: "object",
        description: "Names and provenance of the entities and documents the records point to",
        properties: { entities: { type: "object", additionalProperties: ref("EntityRef") }, docs: { type: "object", additionalProperties: ref("DocRef") } },
      },
      DocumentMeta: {
        type: "object",
        properties: {
          kind: { const: "document" },
          id: str(),
          title: nullable(str()),
          outlet: nullable(str()),
          url: nullable(str()),
          authors: arr(str()),
          published: nullable(str()),
          lang: str(),
          spun: { type: "object", properties: { score: { type: "number" }, is_spun: { type: "boolean" } } },
          republication_of: nullable(str()),
          chars: int,
        },
      },
      DocumentDetail: {
        allOf: [
          ref("DocumentMeta"),
          {
            type: "object",
            properties: {
              text: str(),
              restored_text: nullable(str()),
              evidence: {
                type: "object",
                properties: {
                  mentions: arr(ref("Mention")),
                  quotes: arr(ref("Quote")),
                  spans: arr({ type: "object", properties: { record: str(), kind: { enum: ["event", "claim", "provision", "relation"] }, start: int, end: int, text: str(), stance: str() } }),
                },
              },
              links: arr(ref("Link")),
              refs: ref("Refs"),
            },
          },
        ],
      },
      Entity: {
        type: "object",
        properties: { kind: { const: "entity" }, id: str(), type: str(), name: str(), aliases: arr(str()), roles: arr(str()), docs: int, mentions: int },
      },
      EntityProfile: {
        allOf: [
          ref("Entity"),
          {
            type: "object",
            properties: {
              documents: arr(ref("DocRef")),
              events: arr(ref("Event")),
              quotes: arr(ref("Quote")),
              relations: arr(ref("Relation")),
              claims: arr(ref("Claim")),
              refs: ref("Refs"),
            },
          },
        ],
      },
      Mention: { type: "object", properties: { kind: { const: "mention" }, doc: str(), entity: str(), start: int, end: int, text: str() } },
      Event: {
        type: "object",
        properties: {
          kind: { const: "event" },
          id: str(),
          type: { enum: [...PLOVER_TYPES] },
          summary: str(),
          date: nullable(str()),
          actors: arr(str()),
          targets: arr(str()),
          location: nullable(str()),
          evidence: arr(evidence),
          actor_agents: { ...arr(str()), description: "Typed agents for unnamed actors, e.g. \"Nigeria police (COP)\"" },
          target_agents: arr(str()),
        },
      },
      Quote: {
        type: "object",
        properties: {
          kind: { const: "quote" },
          id: str(),
          doc: str(),
          start: int,
          end: int,
          text: str(),
          direct: { type: "boolean" },
          speaker: nullable(str()),
          speaker_text: nullable(str()),
          cue: nullable(str()),
          event: nullable(str()),
          spun_wording: { type: "boolean", description: "Spun text: not the speaker's exact words" },
        },
      },
      Claim: {
        type: "object",
        properties: {
          kind: { const: "claim" },
          id: str(),
          text: str(),
          asserted_by: arr(str()),
          denied_by: arr(str()),
          evidence: arr({ allOf: [evidence, { type: "object", properties: { stance: { enum: ["assert", "deny", "report"] } } }] }),
          independent_outlets: int,
        },
      },
      Provision: { type: "object", properties: { kind: { const: "provision" }, id: str(), agreement: str(), article: str(), content: str(), evidence: arr(evidence) } },
      Relation: { type: "object", properties: { kind: { const: "relation" }, id: str(), source: str(), target: str(), type: str(), evidence: arr(evidence) } },
      Link: {
        type: "object",
        properties: { kind: { const: "link" }, id: str(), doc: str(), source: str(), relation: str(), directed: { type: "boolean" }, score: { type: "number" }, reason: str() },
      },
      SearchResult: paged(
        { type: "object", properties: { doc: str(), title: nullable(str()), outlet: nullable(str()), published: nullable(str()), lang: str(), snippet: str("Matches wrapped in «» (plain text, never HTML)"), score: { type: "number" } } },
        {
          facets: {
            type: "object",
            properties: Object.fromEntries(["outlet", "lang", "date", "entity"].map((k) => [k, arr({ type: "object", properties: { value: str(), count: int, label: str() } })])),
          },
          facet_basis: { type: "integer", description: "Hits the outlet, language and date facets were counted over" },
          entity_facet_basis: { type: "integer", description: "Best hits the entity facet was counted over" },
        },
      ),
      Graph: {
        type: "object",
        properties: {
          nodes: arr({ type: "object", properties: { id: str(), name: str(), type: str(), docs: int, degree: int } }),
          edges: arr({ type: "object", properties: { id: str(), source: str(), target: str(), type: str(), polarity: str(), count: int, evidence: int, relations: arr(str()) } }),
          center: nullable(ref("EntityRef")),
          truncated: { type: "boolean" },
        },
      },
      IngestResult: {
        type: "object",
        properties: {
          files: arr({ type: "object", properties: { source: str(), status: { enum: ["ingested", "duplicate", "failed"] }, doc: nullable(str()), reason: nullable(str()) } }),
          ingested: int,
          duplicate: int,
          failed: int,
        },
      },
    },
  },
};
