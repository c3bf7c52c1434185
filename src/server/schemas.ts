/**
 * zod schemas for every query string the API accepts. Validation happens at the edge: each route
 * validates its query with one of these through Hono's validator middleware ({@link validQuery})
 * and trusts the result. The same schemas, with their descriptions, generate the query parameters
 * of the OpenAPI document (./openapi.ts). Page sizes are capped (not refused) at {@link MAX_LIMIT},
 * so a client asking for a million rows gets 500 and the `limit` it got back.
 */
import { validator } from "hono/validator";
import { z } from "zod";
import { CSV_TABLES, type CsvTable } from "../export/csv.js";
import { PLOVER_TYPES, type EntityType } from "../model/records.js";

/** Largest page any list route returns. */
export const MAX_LIMIT = 500;
/** Page size when the client gives none. */
export const DEFAULT_LIMIT = 50;
/** Longest search or name string accepted (characters). */
export const MAX_QUERY_CHARS = 500;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const dateBound = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected a date as YYYY, YYYY-MM or YYYY-MM-DD");

const fromDate = dateBound.describe("Inclusive lower date bound: YYYY, YYYY-MM or YYYY-MM-DD");
const toDate = dateBound.describe("Inclusive upper date bound: YYYY, YYYY-MM or YYYY-MM-DD");

/** Entity types, as records and the `type` filter of `/api/entities` spell them. */
export const ENTITY_TYPES = [
  "person",
  "organization",
  "country",
  "place",
  "other",
] as const satisfies readonly EntityType[];

const limit = z.coerce
  .number({ error: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .transform((n) => Math.min(n, MAX_LIMIT))
  .default(DEFAULT_LIMIT)
  .describe(`Page size (default ${DEFAULT_LIMIT}; larger values are capped at ${MAX_LIMIT})`);

const offset = z.coerce
  .number({ error: "offset must be a number" })
  .int("offset must be a whole number")
  .min(0, "offset must not be negative")
  .max(10_000_000, "offset too large")
  .default(0)
  .describe("Items to skip");

const shortText = z.string().trim().min(1).max(MAX_QUERY_CHARS);
const id = z.string().trim().min(1).max(200);

/** `limit` and `offset` (`GET /api/provisions`, and every list). */
export const pageQuery = z.object({ limit, offset });

const langCode = z.string().trim().min(2).max(12);

/** `GET /api/documents`. */
export const documentsQuery = pageQuery.extend({
  outlet: shortText.optional().describe("Outlet name"),
  lang: langCode.optional().describe("Language code (en, ru…)"),
  from: fromDate.optional(),
  to: toDate.optional(),
});

/** `GET /api/entities`. */
export const entitiesQuery = pageQuery.extend({
  type: z.enum(ENTITY_TYPES).optional().describe("Entity type"),
  q: shortText.optional().describe("Name or alias contains"),
});

/** `GET /api/timeline`. */
export const timelineQuery = pageQuery.extend({
  /** Entity id (`e_…`) or a name, resolved to the best-matching entity. */
  entity: shortText.optional().describe("Entity id or name (actor, target or location)"),
  type: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(PLOVER_TYPES, { error: `type must be one of ${PLOVER_TYPES.join(", ")}` }))
    .optional()
    // The input is upper-cased before the check; the document lists the canonical spellings.
    .meta({ description: "PLOVER event type", enum: [...PLOVER_TYPES] }),
  from: fromDate.optional(),
  to: toDate.optional(),
});

/** `GET /api/quotes`. */
export const quotesQuery = pageQuery.extend({
  speaker: shortText.optional().describe("Speaker entity id or name"),
  doc: id.optional().describe("Document id"),
});

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** `GET /api/claims`. */
export const claimsQuery = pageQuery.extend({
  entity: shortText.optional().describe("Entity id or name (asserting or denying)"),
  contested: booleanFlag.optional().describe("Only claims someone denies"),
});
/** `GET /api/relations`. */
export const relationsQuery = pageQuery.extend({ entity: shortText.optional().describe("Entity id or name") });
/** `GET /api/links`. */
export const linksQuery = pageQuery.extend({ doc: id.optional().describe("Document id") });

/** `GET /api/search`. */
export const searchQuery = pageQuery.extend({
  q: z
    .string({ error: "q is required" })
    .trim()
    .min(1, "q must not be empty")
    .max(MAX_QUERY_CHARS, `q longer than ${MAX_QUERY_CHARS} characters`)
    .describe("Words to find"),
  outlet: shortText.optional().describe("Outlet name"),
  lang: langCode.optional().describe("Language code"),
  from: fromDate.optional(),
  to: toDate.optional(),
  entity: shortText.optional().describe("Only documents mentioning this entity (id or name)"),
});

/** `GET /api/graph`. */
export const graphQuery = z.object({
  entity: shortText.optional().describe("Expand the neighbourhood of this entity (id or name)"),
  /** Only edges of these relation types (comma-separated). */
  type: z.string().trim().max(200).optional().describe("Comma-separated relation types to keep"),
  /** Largest number of edges returned. */
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .transform((n) => Math.min(n, 2000))
    .default(600)
    .describe("Most edges (default 600, capped at 2000)"),
});

/** Export formats. */
export const EXPORT_FORMATS = ["jsonl", "csv", "gexf", "ftm", "plover"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Record kinds with a CSV table (the CSV export's own list). */
export const CSV_KINDS = CSV_TABLES;
export type CsvKind = CsvTable;

/** `GET /api/export`. */
export const exportQuery = z.object({
  format: z
    .enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` })
    .default("jsonl")
    .describe("Export format"),
  kind: z
    .enum(CSV_KINDS, { error: `kind must be one of ${CSV_KINDS.join(", ")}` })
    .optional()
    .describe("CSV only: the table to export"),
});

/**
 * Hono validator middleware for a query string: parses it with `schema` (a ZodError becomes a 400
 * in ./errors.ts) and hands the handler the result as `c.req.valid("query")`. A repeated parameter
 * counts once, with its first value, as `c.req.query()` reads it.
 * @example app.get("/api/quotes", validQuery(quotesQuery), (c) => c.json(c.req.valid("query")))
 */
export function validQuery<T extends z.ZodType>(schema: T) {
  return validator(
    "query",
    (value): z.output<T> =>
      schema.parse(Object.fromEntries(Object.entries(value).map(([key, v]) => [key, Array.isArray(v) ? v[0] : v]))),
  );
}
