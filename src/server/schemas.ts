/**
 * zod schemas for every query string the API accepts. Validation happens at the edge: a route
 * parses its query with one of these and trusts the result. Page sizes are capped (not refused) at
 * {@link MAX_LIMIT}, so a client asking for a million rows gets 500 and the `limit` it got back.
 */
import { z } from "zod";
import { PLOVER_TYPES } from "../model/records.js";

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

const limit = z.coerce
  .number({ error: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .transform((n) => Math.min(n, MAX_LIMIT))
  .default(DEFAULT_LIMIT);

const offset = z.coerce
  .number({ error: "offset must be a number" })
  .int("offset must be a whole number")
  .min(0, "offset must not be negative")
  .max(10_000_000, "offset too large")
  .default(0);

const shortText = z.string().trim().min(1).max(MAX_QUERY_CHARS);
const id = z.string().trim().min(1).max(200);

/** `limit` and `offset`. */
export const pageQuery = z.object({ limit, offset });

export const documentsQuery = pageQuery.extend({
  outlet: shortText.optional(),
  lang: z.string().trim().min(2).max(12).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
});

export const entitiesQuery = pageQuery.extend({
  type: z.enum(["person", "organization", "country", "place", "other"]).optional(),
  q: shortText.optional(),
});

export const timelineQuery = pageQuery.extend({
  /** Entity id (`e_…`) or a name, resolved to the best-matching entity. */
  entity: shortText.optional(),
  type: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(PLOVER_TYPES, { error: `type must be one of ${PLOVER_TYPES.join(", ")}` }))
    .optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
});

export const quotesQuery = pageQuery.extend({ speaker: shortText.optional(), doc: id.optional() });

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const claimsQuery = pageQuery.extend({ entity: shortText.optional(), contested: booleanFlag.optional() });
export const relationsQuery = pageQuery.extend({ entity: shortText.optional() });
export const linksQuery = pageQuery.extend({ doc: id.optional() });

export const searchQuery = pageQuery.extend({
  q: z.string({ error: "q is required" }).trim().min(1, "q must not be empty").max(MAX_QUERY_CHARS, `q longer than ${MAX_QUERY_CHARS} characters`),
  outlet: shortText.optional(),
  lang: z.string().trim().min(2).max(12).optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
  entity: shortText.optional(),
});

export const graphQuery = z.object({
  entity: shortText.optional(),
  /** Only edges of these relation types (comma-separated). */
  type: z.string().trim().max(200).optional(),
  /** Largest number of edges returned. */
  limit: z.coerce.number().int().min(1).transform((n) => Math.min(n, 2000)).default(600),
});

/** Export formats. */
export const EXPORT_FORMATS = ["jsonl", "csv", "gexf", "ftm", "plover"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Record kinds with a CSV table. */
export const CSV_KINDS = ["documents", "entities", "mentions", "events", "quotes", "claims", "provisions", "relations", "links", "evidence"] as const;
export type CsvKind = (typeof CSV_KINDS)[number];

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` }).default("jsonl"),
  kind: z.enum(CSV_KINDS, { error: `kind must be one of ${CSV_KINDS.join(", ")}` }).optional(),
});

/** Parses a query object or throws a ZodError (mapped to 400 by ./errors.ts). */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  return schema.parse(query);
}
