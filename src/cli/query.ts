/**
 * `dossier query`: the UI's questions on the terminal. Human-readable aligned tables by default,
 * `--json` for scripts (the same payloads as the HTTP API).
 *
 *   dossier query timeline [--entity NAME] [--type T] [--from D] [--to D] [--limit N]
 *   dossier query entity NAME
 *   dossier query claims [--entity NAME] [--contested]
 *   dossier query search TEXT [--outlet O] [--lang L] [--from D] [--to D]
 *
 * Exit codes: 0 found, 1 nothing found (unknown entity, no search hit), 2 usage error.
 * Text from articles is stripped of control characters before it reaches the terminal, so a
 * scraped page cannot move the cursor or rewrite the screen with escape sequences.
 */
import { parseArgs } from "node:util";
import type { ClaimRecord, EventRecord } from "../model/records.js";
import type { Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";
import { claimsPage, entityProfile, searchWithFacets, timelinePage, type Refs } from "../store/queries.js";
import { dateBound, MAX_LIMIT } from "../server/schemas.js";
import { PLOVER_TYPES } from "../model/records.js";

/** Options `dossier query` understands (for the top-level CLI's argument parser too). */
export const QUERY_OPTIONS = {
  json: { type: "boolean" },
  entity: { type: "string" },
  type: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  limit: { type: "string" },
  outlet: { type: "string" },
  lang: { type: "string" },
  contested: { type: "boolean" },
} as const;

/** Where output goes. */
export interface QueryIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `Usage:
  dossier query timeline [--entity NAME] [--type T] [--from D] [--to D] [--limit N] [--json]
  dossier query entity NAME [--json]
  dossier query claims [--entity NAME] [--contested] [--limit N] [--json]
  dossier query search TEXT [--outlet O] [--lang L] [--from D] [--to D] [--limit N] [--json]`;

// C0/C1 controls (ESC, BEL, CSI…) and bidi overrides that could spoof terminal output.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Makes article text safe and single-line for a table cell. */
export function cleanCell(s: string | null | undefined): string {
  return (s ?? "").replace(CONTROL, "").replace(/\s+/g, " ").trim();
}

/** Display width of a string: East Asian wide and fullwidth characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (/\p{M}/u.test(ch)) continue;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** Cuts `s` to at most `width` display columns, ending with "…" when cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

function pad(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * Formats rows as an aligned table: a header, a rule, and rows; columns wider than their `max`
 * are cut with "…". The last column is never padded.
 * @example formatTable(["DATE", "TYPE"], [["2023-10-19", "CONSULT"]])
 */
export function formatTable(header: string[], rows: string[][], max: number[] = []): string {
  const cells = rows.map((r) => r.map((c, i) => truncate(cleanCell(c), max[i] ?? 60)));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** The day of a publish date (`2024-01-09T07:31:02` → `2024-01-09`), or "undated". */
export function day(published: string | null | undefined): string {
  if (!published) return "undated";
  return /^\d{4}-\d{2}-\d{2}T/.test(published) ? published.slice(0, 10) : published;
}

function outletOf(refs: Refs, doc: string): string {
  return refs.docs[doc]?.outlet ?? "unknown outlet";
}

function names(ids: string[], refs: Refs): string {
  return ids.map((id) => refs.entities[id]?.name ?? id).join(", ");
}

function outletsOf(evidence: Array<{ doc: string }>, refs: Refs): string {
  const outlets = [...new Set(evidence.map((e) => outletOf(refs, e.doc)))];
  return outlets.join(", ");
}

function eventRows(events: EventRecord[], refs: Refs): string[][] {
  return events.map((e) => [
    e.date ?? "undated",
    e.type + (e.modes?.includes("negated") ? " (negated)" : ""),
    names(e.actors, refs) + (e.targets.length ? ` → ${names(e.targets, refs)}` : ""),
    e.summary,
    `${e.evidence.length} ev · ${outletsOf(e.evidence, refs)}`,
  ]);
}

function claimBlock(c: ClaimRecord, refs: Refs): string {
  const lines = [
    `■ ${cleanCell(c.text)}  [${c.independent_outlets} independent outlet${c.independent_outlets === 1 ? "" : "s"}]`,
  ];
  if (c.asserted_by.length) lines.push(`  asserted by: ${cleanCell(names(c.asserted_by, refs))}`);
  if (c.denied_by.length) lines.push(`  denied by:   ${cleanCell(names(c.denied_by, refs))}`);
  for (const e of c.evidence) {
    const d = refs.docs[e.doc];
    const spun = d?.spun ? " (spun wording)" : "";
    lines.push(
      `    ${e.stance.padEnd(6)} ${cleanCell(outletOf(refs, e.doc))}${spun}, ${day(d?.published)} [${e.doc}:${e.start}-${e.end}]: "${truncate(cleanCell(e.text), 110)}"`,
    );
  }
  return lines.join("\n");
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new DossierError("USAGE", `--limit must be a positive whole number, not "${raw}"`);
  return Math.min(n, MAX_LIMIT);
}

function parseDate(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const r = dateBound.safeParse(raw);
  if (!r.success) throw new DossierError("USAGE", `--${flag} must be YYYY, YYYY-MM or YYYY-MM-DD, not "${raw}"`);
  return r.data;
}

/** Parses `dossier query` arguments; throws on unknown options. */
function parseQueryArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...QUERY_OPTIONS, help: { type: "boolean", short: "h" } },
  });
}

/** The parsed option values of `dossier query`. */
type QueryValues = ReturnType<typeof parseQueryArgs>["values"];

/** What every question needs: the store, the parsed options, the words after the question, and where output goes. */
interface QueryContext {
  store: Store;
  v: QueryValues;
  words: string[];
  io: QueryIo;
  print: (payload: unknown) => void;
}

/** `dossier query timeline`: events, filtered by entity, type and dates. */
async function queryTimeline({ store, v, words, io, print }: QueryContext): Promise<number> {
  if (words.length)
    throw new DossierError("USAGE", `timeline takes no words (got "${words.join(" ")}"); use --entity NAME`);
  let type: string | undefined;
  if (v.type) {
    type = v.type.toUpperCase();
    if (!(PLOVER_TYPES as readonly string[]).includes(type))
      throw new DossierError("USAGE", `--type must be one of ${PLOVER_TYPES.join(", ")}`);
  }
  const page = await timelinePage(store, {
    entity: v.entity,
    type,
    from: parseDate("from", v.from),
    to: parseDate("to", v.to),
    limit: parseLimit(v.limit) ?? 100,
    offset: 0,
  });
  if (v.json) return (print(page), 0);
  const heading = page.entity ? `Timeline of ${cleanCell(page.entity.name)}` : "Timeline";
  if (!page.items.length) {
    io.out(`${heading}: no events match.`);
    return 0;
  }
  io.out(`${heading} — ${page.items.length} of ${page.total} events\n`);
  io.out(
    formatTable(["DATE", "TYPE", "WHO", "WHAT", "SOURCES"], eventRows(page.items, page.refs), [12, 20, 40, 60, 40]),
  );
  return 0;
}

/** The human-readable lines of an entity profile: heading, counts, events, quotes, relations, claims, documents. */
function entityLines(p: Awaited<ReturnType<typeof entityProfile>>): string[] {
  const out: string[] = [];
  out.push(`${cleanCell(p.name)}  (${p.type}, ${p.id})`);
  if (p.aliases.length) out.push(`  also: ${cleanCell(p.aliases.join(", "))}`);
  if (p.roles.length) out.push(`  roles: ${cleanCell(p.roles.join("; "))}`);
  out.push(
    `  ${p.docs} documents · ${p.mentions} mentions · ${p.events_total} events · ${p.quotes_total} quotes · ${p.relations_total} relations · ${p.claims_total} claims`,
  );
  if (p.events.length)
    out.push(
      "",
      "Events",
      formatTable(["DATE", "TYPE", "WHO", "WHAT", "SOURCES"], eventRows(p.events, p.refs), [12, 20, 40, 60, 40]),
    );
  if (p.quotes.length) {
    out.push("", "Quotes");
    for (const q of p.quotes) {
      const d = p.refs.docs[q.doc];
      out.push(`  “${truncate(cleanCell(q.text), 140)}”`);
      out.push(
        `      — ${cleanCell(outletOf(p.refs, q.doc))}, ${day(d?.published)}${q.spun_wording || d?.spun ? " · spun wording, not the speaker's exact words" : ""} [${q.doc}:${q.start}-${q.end}]`,
      );
    }
  }
  if (p.relations.length) {
    out.push("", "Relations");
    out.push(
      formatTable(
        ["AREA", "WITH", "EVIDENCE"],
        p.relations.map((r) => [
          r.type,
          names([r.source === p.id ? r.target : r.source], p.refs),
          `${r.evidence.length} · ${outletsOf(r.evidence, p.refs)}`,
        ]),
        [20, 40, 60],
      ),
    );
  }
  if (p.claims.length) out.push("", "Claims", ...p.claims.map((c) => claimBlock(c, p.refs)));
  if (p.documents.length) {
    out.push("", "Documents");
    out.push(
      formatTable(
        ["PUBLISHED", "OUTLET", "TITLE", "ID"],
        p.documents.map((d) => [
          day(d.published),
          (d.outlet ?? "unknown outlet") + (d.spun ? " (spun)" : ""),
          d.title ?? "(untitled)",
          d.id,
        ]),
        [12, 28, 70, 20],
      ),
    );
  }
  return out;
}

/** `dossier query entity NAME`: one entity's profile. */
async function queryEntity({ store, v, words, io, print }: QueryContext): Promise<number> {
  const name = words.join(" ").trim();
  if (!name) throw new DossierError("USAGE", "entity needs a NAME (or an e_… id)");
  const p = await entityProfile(store, name);
  if (v.json) return (print(p), 0);
  io.out(entityLines(p).join("\n"));
  return 0;
}

/** `dossier query claims`: claims, optionally about one entity or only contested ones. */
async function queryClaims({ store, v, words, io, print }: QueryContext): Promise<number> {
  if (words.length)
    throw new DossierError("USAGE", `claims takes no words (got "${words.join(" ")}"); use --entity NAME`);
  const page = await claimsPage(store, {
    entity: v.entity,
    contested: v.contested || undefined,
    limit: parseLimit(v.limit) ?? 100,
    offset: 0,
  });
  if (v.json) return (print(page), 0);
  if (!page.items.length) {
    io.out("No claims match.");
    return 0;
  }
  io.out(`${page.items.length} of ${page.total} claims\n`);
  io.out(page.items.map((c) => claimBlock(c, page.refs)).join("\n\n"));
  return 0;
}

/** One facet line of a search answer (its first six values with counts), or null when the facet is empty. */
function facetLine(label: string, list: Array<{ value: string; count: number; label?: string }>): string | null {
  return list.length
    ? `${label}: ${list
        .slice(0, 6)
        .map((f) => `${cleanCell(f.label ?? f.value)} (${f.count})`)
        .join(", ")}`
    : null;
}

/** `dossier query search TEXT`: full-text search with outlet, language and entity facets. */
async function querySearch({ store, v, words, io, print }: QueryContext): Promise<number> {
  const text = words.join(" ").trim();
  if (!text) throw new DossierError("USAGE", "search needs TEXT");
  const r = await searchWithFacets(store, text, {
    outlet: v.outlet,
    lang: v.lang,
    from: parseDate("from", v.from),
    to: parseDate("to", v.to),
    entity: v.entity,
    limit: parseLimit(v.limit) ?? 20,
    offset: 0,
  });
  if (v.json) {
    print(r);
    return r.total ? 0 : 1;
  }
  if (!r.total) {
    io.out(`No documents match "${cleanCell(text)}".`);
    return 1;
  }
  const total = r.total_capped ? `at least ${r.total}` : String(r.total);
  const ranked = r.ranked === undefined ? "" : ` (best of the ${r.ranked} most recently stored)`;
  io.out(`${r.items.length} of ${total} documents match "${cleanCell(text)}"${ranked}\n`);
  for (const h of r.items) {
    io.out(
      `${day(h.published)}  ${cleanCell(h.outlet ?? "unknown outlet")}  ${cleanCell(h.title ?? "(untitled)")}  [${h.doc}]`,
    );
    io.out(`    ${truncate(cleanCell(h.snippet), 160)}`);
  }
  const facets = [
    facetLine("outlets", r.facets.outlet),
    facetLine("languages", r.facets.lang),
    facetLine("entities", r.facets.entity),
  ].filter(Boolean);
  if (facets.length) io.out("\n" + facets.join("\n"));
  return 0;
}

/**
 * Runs one query and prints the answer.
 * @param store an initialised store
 * @param args the words after `dossier query` (e.g. `["entity", "Lavrov", "--json"]`)
 * @returns exit code: 0 found, 1 nothing found, 2 usage error
 */
export async function runQuery(store: Store, args: string[], io: QueryIo): Promise<number> {
  let parsed: ReturnType<typeof parseQueryArgs>;
  try {
    parsed = parseQueryArgs(args);
  } catch (err) {
    io.err(`dossier query: ${describeError(err)}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [sub, ...words] = positionals;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  const print = (payload: unknown) => io.out(JSON.stringify(payload, null, 2));
  const ctx: QueryContext = { store, v, words, io, print };
  try {
    switch (sub) {
      case "timeline":
        return await queryTimeline(ctx);
      case "entity":
        return await queryEntity(ctx);
      case "claims":
        return await queryClaims(ctx);
      case "search":
        return await querySearch(ctx);
      case undefined:
        io.err(USAGE);
        return 2;
      default:
        io.err(`dossier query: unknown question "${sub}"\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof DossierError && (err.code === "USAGE" || err.code === "BAD_INPUT")) {
      io.err(`dossier query: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof DossierError && err.code === "NOT_FOUND") {
      io.err(`dossier query: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
