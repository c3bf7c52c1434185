/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`, generated from the zod
 * schemas the server itself uses: query parameters from the schemas that validate each route's
 * query string (./schemas.ts), bodies from the answer schemas (./responses.ts), both converted with
 * zod 4's `z.toJSONSchema` (decision record 081). What is written here is only what zod cannot
 * know: which route answers with what, summaries, and the status codes. A test checks that every
 * API route of the app has a path here and back, and that real answers parse with their schemas.
 */
import { z } from "zod";
import {
  apiComponents,
  ClaimDetail,
  ClaimPage,
  DocumentDetail,
  DocumentPage,
  EntityPage,
  EntityProfile,
  ErrorBody,
  EventDetail,
  Graph,
  Health,
  IngestResult,
  Jobs,
  LinkPage,
  Overview,
  ProvisionPage,
  QuotePage,
  RelationPage,
  SearchResult,
  TimelinePage,
} from "./responses.js";
import * as queries from "./schemas.js";

type Json = Record<string, unknown>;

/**
 * How zod schemas become JSON Schema here: the input side (what a client sends, and for answers
 * the same thing, as they have no transforms), without the ±2^53 bounds zod puts on every integer,
 * and with the default of a parameter whose value is transformed after parsing (zod leaves it out
 * on the input side, as the default is a value of the output type; `limit`'s is a number either way).
 */
const CONVERSION = {
  io: "input",
  unrepresentable: "any",
  override: ({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: Json }) => {
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    const def = zodSchema._zod.def;
    if (def.type === "default" && !("default" in jsonSchema)) jsonSchema.default = def.defaultValue;
  },
} as const;

/** `$ref` to a schema registered in {@link apiComponents}. */
function ref(schema: z.ZodType): Json {
  const meta = apiComponents.get(schema);
  if (!meta) throw new TypeError("schema is not a registered API component");
  return { $ref: `#/components/schemas/${meta.id}` };
}

/** The query parameters of a route, one per field of the zod schema that validates its query. */
function queryParameters(schema: z.ZodObject): Json[] {
  const json = z.toJSONSchema(schema, CONVERSION) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...parameterSchema }]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema: parameterSchema,
  }));
}

/** The `{id}` path parameter. */
function idParameter(description: string): Json[] {
  return [{ name: "id", in: "path", required: true, description, schema: { type: "string" } }];
}

const errorContent = { "application/json": { schema: ref(ErrorBody) } };
const errorAnswer = (description: string): Json => ({ description, content: errorContent });
const errors = {
  "400": errorAnswer("Invalid parameter"),
  "401": errorAnswer("Bearer token missing or wrong (servers started with a token)"),
};
const notFound = { "404": errorAnswer("No such record") };

/** A JSON answer with `schema` plus the errors every API route may give. */
function ok(schema: z.ZodType, description = "OK"): Json {
  return { "200": { description, content: { "application/json": { schema: ref(schema) } } }, ...errors };
}

/** `components.schemas`: every schema registered in ./responses.ts, each `$ref` between them kept. */
function componentSchemas(): Json {
  const { schemas } = z.toJSONSchema(apiComponents, { ...CONVERSION, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema, $id, ...schema }]) => [id, schema]));
}

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
      get: {
        summary: "Liveness: 200 when the store answers",
        security: [],
        responses: {
          "200": { description: "Store reachable", content: { "application/json": { schema: ref(Health) } } },
          "503": { description: "Store unreachable", content: { "application/json": { schema: ref(Health) } } },
        },
      },
    },
    "/openapi.json": {
      get: {
        summary: "This document",
        responses: { "200": { description: "OpenAPI 3.1 document" }, "401": errors["401"] },
      },
    },
    "/api/overview": { get: { summary: "Counts, top entities and contested claims", responses: ok(Overview) } },
    "/api/documents": {
      get: {
        summary: "Documents (metadata only), newest first",
        parameters: queryParameters(queries.documentsQuery),
        responses: ok(DocumentPage),
      },
    },
    "/api/documents/{id}": {
      get: {
        summary: "One document with its text and every evidence span pointing into it",
        parameters: idParameter("Document id (d_…)"),
        responses: { ...ok(DocumentDetail), ...notFound },
      },
    },
    "/api/entities": {
      get: { summary: "Entities", parameters: queryParameters(queries.entitiesQuery), responses: ok(EntityPage) },
    },
    "/api/entities/{id}": {
      get: {
        summary: "Entity profile: aliases, roles, documents, events, quotes, relations, claims",
        parameters: idParameter("Entity id (e_…) or a name"),
        responses: { ...ok(EntityProfile), ...notFound },
      },
    },
    "/api/timeline": {
      get: {
        summary: "Events in date order",
        parameters: queryParameters(queries.timelineQuery),
        responses: { ...ok(TimelinePage), ...notFound },
      },
    },
    "/api/events/{id}": {
      get: {
        summary: "One event with its quotes",
        parameters: idParameter("Event id (v_…)"),
        responses: { ...ok(EventDetail), ...notFound },
      },
    },
    "/api/quotes": {
      get: { summary: "Quotes", parameters: queryParameters(queries.quotesQuery), responses: ok(QuotePage) },
    },
    "/api/claims": {
      get: {
        summary: "Claims with assert, deny and report evidence and independent-outlet counts",
        parameters: queryParameters(queries.claimsQuery),
        responses: ok(ClaimPage),
      },
    },
    "/api/claims/{id}": {
      get: {
        summary: "One claim with its evidence",
        parameters: idParameter("Claim id (c_…)"),
        responses: { ...ok(ClaimDetail), ...notFound },
      },
    },
    "/api/provisions": {
      get: {
        summary: "Provisions of agreements and treaties",
        parameters: queryParameters(queries.pageQuery),
        responses: ok(ProvisionPage),
      },
    },
    "/api/relations": {
      get: {
        summary: "Relations between entities by area (military, economic…)",
        parameters: queryParameters(queries.relationsQuery),
        responses: ok(RelationPage),
      },
    },
    "/api/links": {
      get: {
        summary: "Copy links (republication, spun copy, translation…)",
        parameters: queryParameters(queries.linksQuery),
        responses: ok(LinkPage),
      },
    },
    "/api/search": {
      get: {
        summary:
          "Full-text search with facets (outlet, language, month, entity). The text is taken as plain words, never operator syntax.",
        parameters: queryParameters(queries.searchQuery),
        responses: ok(SearchResult),
      },
    },
    "/api/graph": {
      get: {
        summary: "Relation graph: entities as nodes, relations grouped by type as weighted edges",
        parameters: queryParameters(queries.graphQuery),
        responses: { ...ok(Graph), ...notFound },
      },
    },
    "/api/jobs": {
      get: {
        summary:
          "Background knowledge-base work: idle or running, phase (analyse/build), progress, last result and error",
        responses: ok(Jobs),
      },
    },
    "/api/ingest": {
      post: {
        summary: "Upload files to ingest (multipart/form-data, field `files`, repeated)",
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { files: { type: "array", items: { type: "string", format: "binary" } } },
              },
            },
          },
        },
        responses: {
          "200": { description: "Per-file status", content: { "application/json": { schema: ref(IngestResult) } } },
          ...errors,
          "403": errorAnswer("Cross-site request refused"),
          "413": errorAnswer("Upload too large"),
          "501": errorAnswer("This server was started without upload ingest"),
        },
      },
    },
    "/api/export": {
      get: {
        summary: "Export the knowledge base (streamed)",
        parameters: queryParameters(queries.exportQuery),
        responses: {
          "200": {
            description: "The export",
            content: {
              "application/x-ndjson": { schema: { type: "string", description: "JSON Lines" } },
              "text/csv": { schema: { type: "string", description: "RFC 4180 CSV" } },
              "application/gexf+xml": { schema: { type: "string", description: "GEXF 1.3" } },
            },
          },
          ...errors,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description: "Required when the server was started with DOSSIER_TOKEN",
      },
    },
    schemas: componentSchemas(),
  },
};
