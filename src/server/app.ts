/**
 * The HTTP API and web UI of Dossier as a Hono app (contract: ../shared/spec/cli-and-export.md).
 * Everything reads the knowledge base through the {@link Store}; nothing here recomputes
 * extraction. Query strings are validated with zod (./schemas.ts) through Hono's validator
 * middleware, errors become JSON in one place (./errors.ts), and every answer carries security
 * headers (CSP without inline scripts, nosniff, no framing, no referrer). Security headers, the
 * bearer token and the cross-site write refusal are Hono's own middleware (decision record 081).
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { stream } from "hono/streaming";
import type { QuoteRecord } from "../model/records.js";
import type { FileStatus, Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { writeExport, EXPORT_MEDIA } from "../export/index.js";
import { toErrorResponse, type ErrorReporter } from "./errors.js";
import { OPENAPI_DOCUMENT } from "./openapi.js";
import {
  RefCollector,
  claimDetail,
  claimsPage,
  documentDetail,
  entityProfile,
  linksPage,
  provisionsPage,
  quotesPage,
  relationGraph,
  relationsPage,
  searchWithFacets,
  timelinePage,
} from "../store/queries.js";
import {
  CSV_KINDS,
  claimsQuery,
  documentsQuery,
  entitiesQuery,
  exportQuery,
  graphQuery,
  linksQuery,
  pageQuery,
  quotesQuery,
  relationsQuery,
  searchQuery,
  timelineQuery,
  validQuery,
} from "./schemas.js";
import { readUiFile, readVendorFile } from "./static.js";
import { AnswerCache } from "./cache.js";

/** One uploaded file handed to the ingest function. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Ingests uploaded files (the pipeline lives elsewhere; the server only hands files over). `build`
 * says what happens to the knowledge base: "queued" when a background update was requested.
 */
export type IngestFunction = (files: UploadedFile[]) => Promise<{ files: FileStatus[]; build?: "queued" | "none" }>;

/** Background work the server reports at `GET /api/jobs` (src/pipeline/background.ts). */
export interface JobsReporter {
  status(): object;
  /** Registers a callback for when a job finishes (the data changed). */
  onChange?(listener: () => void): void;
}

/** Options of {@link createApp}. */
export interface AppOptions {
  /** When set, `/api/*` and `/openapi.json` require `Authorization: Bearer <token>`. */
  token?: string | null;
  /** Upload ingest; without it `POST /api/ingest` answers 501. */
  ingest?: IngestFunction;
  /** Background knowledge-base jobs shown at `GET /api/jobs`; without it the endpoint says idle. */
  jobs?: JobsReporter;
  /** Answer cache of read-only routes (default: a 2-second {@link AnswerCache}); null turns it off. */
  cache?: AnswerCache | null;
  /** Largest upload body in bytes (default 64 MiB). */
  maxUploadBytes?: number;
  /** Most files in one upload (default 200). */
  maxUploadFiles?: number;
  /**
   * Host names (without port) the server answers to; other `Host` headers get 421. Guards a
   * loopback server against DNS rebinding. Default: any host.
   */
  allowedHosts?: string[] | null;
  /** Receives internal errors (default: console.error). */
  report?: ErrorReporter;
}

/** Paths of the single-page UI: each answers with the UI shell, the browser router does the rest. */
export const UI_ROUTES = [
  "/",
  "/timeline",
  "/entities",
  "/entities/:id",
  "/documents",
  "/documents/:id",
  "/events/:id",
  "/claims",
  "/claims/:id",
  "/quotes",
  "/provisions",
  "/graph",
  "/search",
  "/ingest",
] as const;

/** Content-Security-Policy directives of every answer: no inline or foreign scripts, no framing, no plugins. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // vis-timeline inserts <style> elements and both chart libraries set style attributes. Inline
  // styles cannot run code; scripts stay 'self' only, and no data is ever parsed as HTML.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The Content-Security-Policy header every answer carries (as `secureHeaders` writes it). */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(" ")}`)
  .join("; ");

/** True when an `Origin` header names the request's own host ("null" and malformed origins are not). */
function sameOrigin(origin: string, requestUrl: string): boolean {
  try {
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false;
  }
}

function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.replace(/:\d+$/, "");
}

/** What an HTTP bearer token may be (RFC 6750 `b64token`); `hono/bearer-auth` accepts nothing else. */
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** True for the paths that hold data and so need the bearer token (the UI shell and its files hold none). */
function isDataPath(path: string): boolean {
  return path.startsWith("/api/") || path === "/api" || path === "/openapi.json";
}

/**
 * Builds the API + UI app over a store.
 * @param store an initialised store (the caller opens and closes it)
 * @param opts bearer token, upload ingest, limits
 * @example
 * const app = createApp(store);
 * const res = await app.request("/api/timeline?entity=Lavrov");
 */
export function createApp(store: Store, opts: AppOptions = {}): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    const { status, body, headers } = toErrorResponse(err, opts.report);
    return c.json(body, status as 400, headers);
  });
  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  installGuards(app, opts);
  app.route("/", readRoutes(store, opts));
  app.route("/", ingestRoutes(opts));
  app.route("/", exportRoutes(store, opts.report));
  app.all("/api/*", (c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.route("/", uiRoutes());
  return app;
}

/**
 * Middleware every answer passes through, in order: security headers, the loopback host guard, the
 * bearer token, the read-only answer cache, and the cross-site write refusal.
 */
function installGuards(app: Hono, opts: AppOptions): void {
  const token = opts.token ?? null;
  if (token !== null && !BEARER_TOKEN.test(token)) {
    throw new DossierError(
      "BAD_INPUT",
      "DOSSIER_TOKEN may hold only letters, digits and - . _ ~ + / (with = at the end), as an HTTP bearer token must",
    );
  }
  const allowedHosts = opts.allowedHosts ? new Set(opts.allowedHosts.map((h) => h.toLowerCase())) : null;

  // Security headers on every answer, errors and refusals included (none beyond these).
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: CSP_DIRECTIVES,
      xFrameOptions: "DENY",
      permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
      originAgentCluster: false,
      strictTransportSecurity: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });

  // A loopback server answers only to loopback host names (DNS rebinding guard).
  app.use("*", async (c, next) => {
    if (allowedHosts) {
      const host = hostName(c.req.header("host") ?? new URL(c.req.url).host);
      if (!allowedHosts.has(host)) {
        return c.json(
          { error: { code: "UNAUTHORIZED", message: `this server does not answer to host "${host}"` } },
          421,
        );
      }
    }
    await next();
  });

  // Bearer token for data routes (the UI shell and its static files hold no data).
  if (token) {
    const requireToken = bearerAuth({ token, realm: "dossier" });
    app.use("*", (c, next) => (isDataPath(c.req.path) ? requireToken(c, next) : next()));
  }

  // Read-only data routes: identical requests share one computation and its answer for a moment
  // (see ./cache.ts); uploads and finished knowledge-base jobs invalidate it.
  const cache = opts.cache === null ? null : (opts.cache ?? new AnswerCache());
  if (cache) {
    opts.jobs?.onChange?.(() => cache.invalidate());
    app.use("/api/*", async (c, next) => {
      const p = c.req.path;
      if (c.req.method !== "GET" || p === "/api/jobs" || p === "/api/export") {
        await next();
        if (c.req.method !== "GET" && c.req.method !== "HEAD") cache.invalidate();
        return;
      }
      const key = `${c.req.url}\u0000${c.req.header("authorization") ?? ""}`;
      let computed: Response | null = null;
      const a = await cache.answer(key, async () => {
        await next();
        computed = c.res;
        return c.res.clone();
      });
      if (!computed) c.res = new Response(a.body, { status: a.status, headers: { "content-type": a.type } });
    });
  }

  // Cross-site writes: a page on another origin must not post uploads into a local knowledge base.
  // Browsers send Origin on every POST and Sec-Fetch-Site on every request; a request with
  // neither comes from a script or curl, which no other site can make a browser send.
  // Hono's csrf checks form-type bodies (the ones a page can post without a CORS preflight); a write of
  // any other type from another site is refused here as well, so a future JSON write route or a CORS
  // grant cannot open a hole.
  const refuseCrossSite: MiddlewareHandler = csrf({ origin: (origin, c) => sameOrigin(origin, c.req.url) });
  app.use("/api/*", (c, next) => {
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    if (origin === undefined && site === undefined) return next();
    const write = c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS";
    if (write && (site === "cross-site" || (origin !== undefined && !sameOrigin(origin, c.req.url))))
      throw new HTTPException(403);
    return refuseCrossSite(c, next);
  });
}

/** The read-only routes: health, the OpenAPI document, job status and every `/api` question. */
function readRoutes(store: Store, opts: AppOptions): Hono {
  const app = new Hono();
  app.get("/healthz", async (c) => {
    const ok = await store.ping().catch((err: unknown) => {
      opts.report?.(err);
      return false;
    });
    return c.json({ ok, backend: store.backend }, ok ? 200 : 503);
  });

  app.get("/openapi.json", (c) => c.json(OPENAPI_DOCUMENT));

  app.get("/api/jobs", (c) =>
    c.json(
      opts.jobs?.status() ?? {
        state: "idle",
        reason: null,
        phase: null,
        done: 0,
        total: null,
        started_at: null,
        pending: false,
        completed: 0,
        last: null,
        last_error: null,
      },
    ),
  );

  app.get("/api/overview", async (c) => {
    const [documents, entities, events, quotes, claims, contested, provisions, relations, links, topEntities] =
      await Promise.all([
        store.countDocuments(),
        store.listEntities({ limit: 1, offset: 0 }),
        store.timeline({ limit: 1, offset: 0 }),
        store.listQuotes({ limit: 1, offset: 0 }),
        store.listClaims({ limit: 1, offset: 0 }),
        store.listClaims({ contested: true, limit: 5, offset: 0 }),
        store.listProvisions({ limit: 1, offset: 0 }),
        store.listRelations({ limit: 1, offset: 0 }),
        store.listLinks({ limit: 1, offset: 0 }),
        store.listEntities({ limit: 12, offset: 0 }),
      ]);
    return c.json({
      counts: {
        documents,
        entities: entities.total,
        events: events.total,
        quotes: quotes.total,
        claims: claims.total,
        contested_claims: contested.total,
        provisions: provisions.total,
        relations: relations.total,
        links: links.total,
      },
      top_entities: topEntities.items,
      contested_claims: contested.items,
    });
  });

  app.get("/api/documents", validQuery(documentsQuery), async (c) => {
    const f = c.req.valid("query");
    const page = await store.listDocuments(f);
    // Lists carry metadata only; the text comes with /api/documents/{id}.
    return c.json({
      ...page,
      items: page.items.map(({ text, restored_text, ...meta }) => ({
        ...meta,
        chars: text.length,
        has_restored_text: restored_text != null,
      })),
    });
  });

  app.get("/api/documents/:id", async (c) => c.json(await documentDetail(store, c.req.param("id"))));

  app.get("/api/entities", validQuery(entitiesQuery), async (c) =>
    c.json(await store.listEntities(c.req.valid("query"))),
  );

  app.get("/api/entities/:id", async (c) => c.json(await entityProfile(store, c.req.param("id"))));

  app.get("/api/timeline", validQuery(timelineQuery), async (c) =>
    c.json(await timelinePage(store, c.req.valid("query"))),
  );

  app.get("/api/events/:id", async (c) => {
    const event = await store.getEvent(c.req.param("id"));
    if (!event) throw new DossierError("NOT_FOUND", `no event ${c.req.param("id")}`);
    // Quotes belonging to the event sit in the documents its evidence comes from.
    const quotes: QuoteRecord[] = [];
    for (const doc of new Set(event.evidence.map((e) => e.doc))) {
      quotes.push(
        ...(await store.listQuotes({ doc, limit: 500, offset: 0 })).items.filter((qq) => qq.event === event.id),
      );
    }
    const refs = new RefCollector(store);
    await refs.records([event, ...quotes]);
    return c.json({ ...event, quotes, refs: refs.refs() });
  });

  app.get("/api/quotes", validQuery(quotesQuery), async (c) => c.json(await quotesPage(store, c.req.valid("query"))));
  app.get("/api/claims", validQuery(claimsQuery), async (c) => c.json(await claimsPage(store, c.req.valid("query"))));
  app.get("/api/claims/:id", async (c) => c.json(await claimDetail(store, c.req.param("id"))));
  app.get("/api/provisions", validQuery(pageQuery), async (c) =>
    c.json(await provisionsPage(store, c.req.valid("query"))),
  );
  app.get("/api/relations", validQuery(relationsQuery), async (c) =>
    c.json(await relationsPage(store, c.req.valid("query"))),
  );
  app.get("/api/links", validQuery(linksQuery), async (c) => c.json(await linksPage(store, c.req.valid("query"))));

  app.get("/api/search", validQuery(searchQuery), async (c) => {
    const { q: text, ...filter } = c.req.valid("query");
    return c.json(await searchWithFacets(store, text, filter));
  });

  app.get("/api/graph", validQuery(graphQuery), async (c) => {
    const f = c.req.valid("query");
    const types = f.type
      ?.split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    return c.json(await relationGraph(store, { entity: f.entity, types, limit: f.limit }));
  });
  return app;
}

/** `POST /api/ingest`: multipart uploads handed to `opts.ingest`, within the upload limits. */
function ingestRoutes(opts: AppOptions): Hono {
  const app = new Hono();
  const maxUploadBytes = opts.maxUploadBytes ?? 64 * 1024 * 1024;
  const maxUploadFiles = opts.maxUploadFiles ?? 200;
  app.post(
    "/api/ingest",
    bodyLimit({
      maxSize: maxUploadBytes,
      onError: () => {
        throw new DossierError("TOO_LARGE", `upload larger than ${Math.round(maxUploadBytes / 1024 / 1024)} MiB`);
      },
    }),
    async (c) => {
      if (!opts.ingest)
        throw new DossierError(
          "UNSUPPORTED",
          "upload ingest is not enabled on this server; use `dossier ingest` or start it with `dossier serve`",
        );
      const type = c.req.header("content-type") ?? "";
      if (!/^multipart\/form-data/i.test(type))
        throw new DossierError("BAD_INPUT", "send the files as multipart/form-data (field name: files)");
      let body: Record<string, unknown>;
      try {
        body = await c.req.parseBody({ all: true });
      } catch (err) {
        if (err instanceof DossierError) throw err;
        throw new DossierError("BAD_INPUT", "malformed multipart body", { cause: err });
      }
      const files: File[] = [];
      for (const value of Object.values(body))
        for (const v of Array.isArray(value) ? value : [value]) if (v instanceof File) files.push(v);
      if (!files.length) throw new DossierError("BAD_INPUT", "no files in the upload (multipart field: files)");
      if (files.length > maxUploadFiles)
        throw new DossierError("TOO_LARGE", `${files.length} files in one upload; at most ${maxUploadFiles}`);
      const uploads = await Promise.all(
        files.map(async (f) => ({ name: f.name || "upload", bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const result = await opts.ingest(uploads);
      const count = (s: FileStatus["status"]) => result.files.filter((f) => f.status === s).length;
      return c.json({
        files: result.files,
        ingested: count("ingested"),
        duplicate: count("duplicate"),
        failed: count("failed"),
        knowledge_base: result.build ?? "none",
      });
    },
  );
  return app;
}

/** `GET /api/export`: the store streamed in one of the export formats. */
function exportRoutes(store: Store, report: ErrorReporter | undefined): Hono {
  const app = new Hono();
  app.get("/api/export", validQuery(exportQuery), async (c) => {
    const { format, kind } = c.req.valid("query");
    if (format === "csv" && !kind)
      throw new DossierError("BAD_INPUT", `CSV over HTTP is one table per request: add kind=${CSV_KINDS.join("|")}`);
    const media = EXPORT_MEDIA[format];
    const filename = format === "csv" ? `dossier-${kind}.csv` : `dossier-export.${media.ext}`;
    c.header("Content-Type", media.type);
    c.header("Content-Disposition", `attachment; filename="${filename}"`);
    c.header("Cache-Control", "no-store");
    return stream(
      c,
      async (s) => {
        await writeExport(store, format, { write: (chunk: string) => s.write(chunk) }, { table: kind });
      },
      async (err) => {
        // Headers are gone; the client sees a truncated body. The operator sees why.
        (report ?? ((e: unknown) => console.error("[dossier server] export failed:", e)))(err);
      },
    );
  });
  return app;
}

/** The web UI: the shell at every UI address, its modules and the vendored libraries. */
function uiRoutes(): Hono {
  const app = new Hono();
  const shell = async (c: Context) => {
    const file = await readUiFile("index.html");
    c.header("Cache-Control", "no-cache");
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { "Content-Type": file.type });
  };
  for (const route of UI_ROUTES) app.get(route, shell);

  app.get("/assets/*", async (c) => {
    const name = c.req.path.slice("/assets/".length);
    const file = await readUiFile(name);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.type,
      "Cache-Control": "no-cache",
    });
  });

  app.get("/vendor/:name", async (c) => {
    const file = await readVendorFile(c.req.param("name"));
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.type,
      "Cache-Control": "public, max-age=86400",
    });
  });
  return app;
}
