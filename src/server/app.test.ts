import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createApp, CONTENT_SECURITY_POLICY } from "./app.js";
import type { z } from "zod";
import { OPENAPI_DOCUMENT } from "./openapi.js";
import * as answers from "./responses.js";
import { toErrorResponse } from "./errors.js";
import { fixtureStore, fixtureRecords, type FixtureIds } from "../../test/fixtures/kb.js";
import type { DocumentRecord } from "../model/records.js";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";

let store: Store;
let ids: FixtureIds;
const texts = new Map<string, string>();

before(async () => {
  ({ store, ids } = await fixtureStore());
  for (const { doc } of fixtureRecords().documents) texts.set(doc.id, doc.text);
});
after(async () => store?.close());

/** Every span must be the exact slice of its document's text. */
function assertSpans(spans: Array<{ doc: string; start: number; end: number; text: string }>): void {
  assert.ok(spans.length > 0, "there are spans to check");
  for (const s of spans) {
    const text = texts.get(s.doc);
    assert.ok(text !== undefined, `unknown doc ${s.doc}`);
    assert.equal(text.slice(s.start, s.end), s.text, `span ${s.doc}:${s.start}-${s.end}`);
  }
}

async function json(
  path: string,
  init?: RequestInit,
  app = createApp(store),
): Promise<{ status: number; body: any; res: Response }> {
  const res = await app.request(path, init);
  const type = res.headers.get("content-type") ?? "";
  const body = type.startsWith("application/json") ? await res.json() : await res.text();
  return { status: res.status, body, res };
}

test("healthz answers 200 while the store pings, 503 when it does not", async () => {
  assert.equal((await json("/healthz")).status, 200);
  const down = new Proxy(store, { get: (t, p) => (p === "ping" ? async () => false : Reflect.get(t, p)) });
  const r = await json("/healthz", undefined, createApp(down));
  assert.equal(r.status, 503);
  assert.equal(r.body.ok, false);
});

test("documents: paged list without texts, capped page size, filters", async () => {
  const all = await json("/api/documents?limit=100000");
  assert.equal(all.status, 200);
  assert.equal(all.body.limit, 500, "huge page sizes are capped");
  assert.equal(all.body.total, 5);
  assert.ok(all.body.items.every((d: Record<string, unknown>) => !("text" in d) && typeof d.chars === "number"));
  const ru = await json("/api/documents?lang=ru");
  assert.deepEqual(
    ru.body.items.map((d: DocumentRecord) => d.id),
    [ids.docs.ru],
  );
  const outlet = await json(`/api/documents?outlet=${encodeURIComponent("Seoul Monitor")}`);
  assert.deepEqual(
    outlet.body.items.map((d: DocumentRecord) => d.id),
    [ids.docs.shells],
  );
  const range = await json("/api/documents?from=2023-10-20&to=2023-12-31");
  assert.deepEqual(
    new Set(range.body.items.map((d: DocumentRecord) => d.id)),
    new Set([ids.docs.spun, ids.docs.shells]),
  );
});

test("document detail carries text, evidence spans that match it, records and copy links", async () => {
  const { status, body } = await json(`/api/documents/${ids.docs.meet}`);
  assert.equal(status, 200);
  assert.equal(body.text, texts.get(ids.docs.meet));
  assertSpans(body.evidence.mentions);
  assertSpans(body.evidence.quotes);
  assertSpans(
    body.evidence.spans.map((s: { start: number; end: number; text: string }) => ({ ...s, doc: ids.docs.meet })),
  );
  const kinds = new Set(body.evidence.spans.map((s: { kind: string }) => s.kind));
  for (const k of ["event", "claim", "relation"]) assert.ok(kinds.has(k), `has ${k} spans`);
  assert.ok(body.records.events.some((e: { id: string }) => e.id === ids.events.consult));
  assert.ok(body.records.claims.some((c: { id: string }) => c.id === ids.claims.shells));
  assert.equal(body.links.length, 1);
  assert.equal(body.links[0].doc, ids.docs.spun);
  assert.equal(body.refs.entities[ids.entities.lavrov].name, "Sergey Lavrov");
  assert.equal((await json("/api/documents/d_nope")).status, 404);
});

test("entity profile by id and by name; unknown entity is 404", async () => {
  const byId = await json(`/api/entities/${ids.entities.lavrov}`);
  assert.equal(byId.status, 200);
  assert.equal(byId.body.name, "Sergey Lavrov");
  assert.deepEqual(byId.body.roles, ["Russian Foreign Minister"]);
  assert.equal(byId.body.events[0].id, ids.events.consult);
  assert.equal(byId.body.quotes.length, 2);
  assert.equal(byId.body.documents.length, 3);
  assert.ok(
    byId.body.documents.find((d: { id: string; spun: boolean }) => d.id === ids.docs.spun)?.spun,
    "provenance travels with documents",
  );
  assertSpans(byId.body.quotes);
  const byName = await json("/api/entities/Lavrov");
  assert.equal(byName.body.id, ids.entities.lavrov);
  const missing = await json("/api/entities/Nobody%20At%20All");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "NOT_FOUND");
  const list = await json("/api/entities?type=country");
  assert.ok(list.body.items.length >= 4 && list.body.items.every((e: { type: string }) => e.type === "country"));
});

test("timeline filters by entity (id or name), type and dates, with refs", async () => {
  const all = await json("/api/timeline");
  assert.equal(all.body.total, 4);
  assertSpans(all.body.items.flatMap((e: { evidence: [] }) => e.evidence));
  const lavrov = await json("/api/timeline?entity=Sergey%20Lavrov");
  assert.deepEqual(
    lavrov.body.items.map((e: { id: string }) => e.id),
    [ids.events.consult],
  );
  assert.equal(lavrov.body.entity.id, ids.entities.lavrov);
  assert.equal(lavrov.body.refs.entities[ids.entities.choe].name, "Choe Son Hui");
  const reject = await json("/api/timeline?type=reject");
  assert.deepEqual(
    reject.body.items.map((e: { id: string }) => e.id),
    [ids.events.reject],
  );
  const y2024 = await json("/api/timeline?from=2024-01-01");
  assert.deepEqual(
    y2024.body.items.map((e: { id: string }) => e.id),
    [ids.events.treaty],
  );
  assert.equal((await json("/api/timeline?type=DANCE")).status, 400);
  assert.equal((await json("/api/timeline?entity=nobody-here")).status, 404);
});

test("event, quotes, claims, provisions, relations and links routes", async () => {
  const ev = await json(`/api/events/${ids.events.consult}`);
  assert.equal(ev.status, 200);
  assert.deepEqual(ev.body.quotes.map((q: { id: string }) => q.id).sort(), [ids.quotes.lavrov, ids.quotes.spun].sort());
  assert.equal((await json("/api/events/v_missing")).status, 404);
  const quotes = await json("/api/quotes?speaker=Lavrov");
  assert.equal(quotes.body.total, 2);
  assertSpans(quotes.body.items);
  assert.ok(quotes.body.items.some((q: { spun_wording?: boolean }) => q.spun_wording));
  const claims = await json("/api/claims?contested=true");
  assert.deepEqual(
    claims.body.items.map((c: { id: string }) => c.id),
    [ids.claims.shells],
  );
  const stances = new Set(claims.body.items[0].evidence.map((e: { stance: string }) => e.stance));
  assert.deepEqual(stances, new Set(["assert", "deny", "report"]));
  assertSpans(claims.body.items[0].evidence);
  assert.equal(claims.body.refs.docs[ids.docs.spun].spun, true);
  const provisions = await json("/api/provisions");
  assert.equal(provisions.body.items[0].article, "4");
  assert.ok(provisions.body.refs.docs[ids.docs.xss], "provisions carry their documents' provenance");
  assertSpans(provisions.body.items[0].evidence);
  const relations = await json("/api/relations?entity=Ukraine");
  assert.deepEqual(
    relations.body.items.map((r: { type: string }) => r.type),
    ["conflict"],
  );
  const links = await json(`/api/links?doc=${ids.docs.spun}`);
  assert.equal(links.body.items[0].relation, "spun-copy");
  assert.equal(links.body.refs.docs[ids.docs.meet].outlet, "Harbour Ledger");
  assert.equal((await json("/api/claims?contested=maybe")).status, 400);
  const one = await json(`/api/claims/${ids.claims.shells}`);
  assert.equal(one.body.text, "North Korea supplied artillery shells to Russia");
  assert.equal(one.body.refs.entities[ids.entities.kremlin].name, "Kremlin");
  assert.equal((await json("/api/claims/c_missing")).status, 404);
});

test("search: snippets, facets, filters", async () => {
  const r = await json("/api/search?q=artillery%20shells");
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 2);
  assert.ok(r.body.items.every((h: { snippet: string }) => h.snippet.includes("«")));
  assert.deepEqual(r.body.facets.outlet.map((f: { value: string }) => f.value).sort(), [
    "Harbour Ledger",
    "Seoul Monitor",
  ]);
  assert.deepEqual(r.body.facets.lang, [{ value: "en", count: 2 }]);
  assert.deepEqual(
    r.body.facets.date.map((f: { value: string }) => f.value),
    ["2023-10", "2023-11"],
  );
  const nk = r.body.facets.entity.find((f: { value: string }) => f.value === ids.entities.nk);
  assert.deepEqual({ count: nk.count, label: nk.label }, { count: 2, label: "North Korea" });
  const filtered = await json(`/api/search?q=shells&outlet=${encodeURIComponent("Seoul Monitor")}`);
  assert.deepEqual(
    filtered.body.items.map((h: { doc: string }) => h.doc),
    [ids.docs.shells],
  );
  const byEntity = await json(`/api/search?q=Lavrov&entity=${ids.entities.choe}`);
  assert.ok(byEntity.body.total >= 1);
  assert.equal(byEntity.body.entity.name, "Choe Son Hui");
});

test("search never fails on operator syntax, quotes, stars or unbalanced parentheses", async () => {
  const nasty = [
    '"',
    '""',
    "*",
    "Lavrov*",
    "NEAR(Lavrov Choe)",
    "NEAR(",
    "(((",
    ")",
    "a AND",
    "OR OR",
    "NOT",
    "-Lavrov",
    "^Lavrov",
    "col:val",
    "Lavrov:",
    '"unbalanced',
    "a\u0000b",
    "'; DROP TABLE documents; --",
    "{x}",
    "\\",
    "%_%",
    "🙂",
    "Лавров",
    "x".repeat(499),
  ];
  for (const q of nasty) {
    const r = await json(`/api/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `q=${JSON.stringify(q)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.ok(Array.isArray(r.body.items));
  }
  assert.equal((await json("/api/search")).status, 400, "q is required");
  assert.equal((await json("/api/search?q=%20%20")).status, 400, "blank q");
  assert.equal((await json(`/api/search?q=${"x".repeat(501)}`)).status, 400, "over-long q");
  assert.equal((await json(`/api/documents/${ids.docs.meet}`)).status, 200, "store still works");
});

test("bad query parameters answer 400 JSON with the parameter named", async () => {
  for (const path of [
    "/api/documents?limit=abc",
    "/api/documents?limit=0",
    "/api/documents?offset=-1",
    "/api/documents?limit=1.5",
    "/api/timeline?from=yesterday",
    "/api/documents?to=2024-13",
    "/api/export?format=pdf",
    "/api/entities?type=alien",
  ]) {
    const r = await json(path);
    assert.equal(r.status, 400, path);
    assert.equal(r.body.error.code, "BAD_INPUT", path);
    assert.equal(typeof r.body.error.message, "string");
  }
  const r = await json("/api/documents?limit=abc");
  assert.match(r.body.error.message, /limit/);
});

test("graph: nodes and edges grouped by type with counts; neighbourhood expansion", async () => {
  const g = await json("/api/graph");
  assert.equal(g.status, 200);
  const mil = g.body.edges.find(
    (e: { source: string; target: string; type: string }) =>
      e.source === ids.entities.nk && e.target === ids.entities.russia && e.type === "military",
  );
  assert.equal(mil.count, 2, "two military relation records merge into one edge");
  assert.equal(mil.polarity, "cooperation");
  const ids_ = new Set(g.body.nodes.map((n: { id: string }) => n.id));
  for (const e of g.body.edges) assert.ok(ids_.has(e.source) && ids_.has(e.target), "edge ends are nodes");
  const hood = await json(`/api/graph?entity=${ids.entities.lavrov}`);
  assert.deepEqual(
    hood.body.nodes.map((n: { id: string }) => n.id).sort(),
    [ids.entities.lavrov, ids.entities.choe].sort(),
  );
  assert.equal(hood.body.center.name, "Sergey Lavrov");
  const conflict = await json("/api/graph?type=conflict");
  assert.deepEqual(
    conflict.body.edges.map((e: { polarity: string }) => e.polarity),
    ["conflict"],
  );
});

test("export route streams every format; CSV over HTTP needs a table", async () => {
  const jsonl = await json("/api/export?format=jsonl");
  assert.equal(jsonl.status, 200);
  assert.match(jsonl.res.headers.get("content-type") ?? "", /ndjson/);
  const lines = String(jsonl.body)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.filter((l) => l.kind === "document").length, 5);
  assert.equal((await json("/api/export?format=csv")).status, 400);
  const csv = await json("/api/export?format=csv&kind=claims");
  assert.equal(csv.status, 200);
  assert.match(String(csv.body), /^id,text,asserted_by/);
  assert.match(csv.res.headers.get("content-disposition") ?? "", /attachment; filename="dossier-claims.csv"/);
  const evidence = await json("/api/export?format=csv&kind=evidence");
  assert.match(String(evidence.body), /^record_kind,record_id,doc,start,end/);
  const gexf = await json("/api/export?format=gexf");
  assert.match(String(gexf.body), /<gexf xmlns="http:\/\/gexf.net\/1.3"/);
  for (const f of ["ftm", "plover"]) assert.equal((await json(`/api/export?format=${f}`)).status, 200);
});

test("ingest: 501 without an ingest function; per-file status with one; bad uploads refused", async () => {
  const form = () => {
    const f = new FormData();
    f.append("files", new File([new TextEncoder().encode("A short article.")], "a.txt", { type: "text/plain" }));
    f.append("files", new File([new Uint8Array([0, 1, 2])], "b.bin"));
    return f;
  };
  const none = await json("/api/ingest", { method: "POST", body: form() });
  assert.equal(none.status, 501);
  assert.equal(none.body.error.code, "UNSUPPORTED");
  const seen: string[] = [];
  const app = createApp(store, {
    ingest: async (files) => {
      seen.push(...files.map((f) => `${f.name}:${f.bytes.length}`));
      return {
        files: files.map((f) =>
          f.name.endsWith(".bin")
            ? { source: f.name, status: "failed" as const, reason: "binary" }
            : { source: f.name, status: "ingested" as const, doc: "d_x" },
        ),
      };
    },
    maxUploadBytes: 4096,
    maxUploadFiles: 3,
  });
  const ok = await json("/api/ingest", { method: "POST", body: form() }, app);
  assert.equal(ok.status, 200);
  assert.deepEqual(seen, ["a.txt:16", "b.bin:3"]);
  assert.deepEqual([ok.body.ingested, ok.body.duplicate, ok.body.failed], [1, 0, 1]);
  assert.equal(ok.body.files[1].reason, "binary");
  const notMultipart = await json(
    "/api/ingest",
    { method: "POST", body: "hello", headers: { "content-type": "text/plain" } },
    app,
  );
  assert.equal(notMultipart.status, 400);
  const empty = new FormData();
  empty.append("note", "no files here");
  assert.equal((await json("/api/ingest", { method: "POST", body: empty }, app)).status, 400);
  const big = new FormData();
  big.append("files", new File([new Uint8Array(10_000)], "big.txt"));
  const tooBig = await json("/api/ingest", { method: "POST", body: big }, app);
  assert.equal(tooBig.status, 413);
  const many = new FormData();
  for (let i = 0; i < 4; i++) many.append("files", new File(["x"], `${i}.txt`));
  assert.equal((await json("/api/ingest", { method: "POST", body: many }, app)).status, 413);
  const cross = await json(
    "/api/ingest",
    { method: "POST", body: form(), headers: { origin: "https://evil.example" } },
    app,
  );
  assert.equal(cross.status, 403, "cross-site uploads are refused");
  for (const origin of ["null", "not a url", "http://"]) {
    assert.equal(
      (await json("/api/ingest", { method: "POST", body: form(), headers: { origin } }, app)).status,
      403,
      `origin ${origin}`,
    );
  }
  assert.equal(
    (
      await json(
        "http://localhost/api/ingest",
        { method: "POST", body: form(), headers: { origin: "http://localhost" } },
        app,
      )
    ).status,
    200,
    "same origin allowed",
  );
});

test("bearer token guards data routes; the UI shell and healthz stay open", async () => {
  const token = "s3cret-token-0123456789";
  const app = createApp(store, { token });
  const missing = await json("/api/overview", undefined, app);
  assert.equal(missing.status, 401);
  assert.equal(missing.res.headers.get("x-content-type-options"), "nosniff", "refusals carry the security headers");
  assert.equal(missing.body.error.code, "UNAUTHORIZED");
  assert.match(missing.res.headers.get("www-authenticate") ?? "", /Bearer/);
  assert.equal((await json("/api/overview", { headers: { authorization: "Bearer wrong" } }, app)).status, 401);
  assert.equal((await json("/openapi.json", undefined, app)).status, 401);
  assert.equal((await json("/api/overview", { headers: { authorization: `Bearer ${token}` } }, app)).status, 200);
  assert.equal((await json("/healthz", undefined, app)).status, 200);
  assert.equal((await json("/timeline", undefined, app)).status, 200);
});

test("allowed hosts: a rebinding Host header is refused", async () => {
  const app = createApp(store, { allowedHosts: ["127.0.0.1", "localhost"] });
  assert.equal((await json("http://localhost/api/overview", undefined, app)).status, 200);
  const refused = await json("http://evil.example/api/overview", undefined, app);
  assert.equal(refused.status, 421);
  assert.equal(refused.res.headers.get("x-frame-options"), "DENY");
});

test("security headers on API and UI answers; CSP allows no inline or foreign script", async () => {
  for (const path of ["/api/overview", "/", "/assets/app.js", "/healthz", "/api/nope"]) {
    const res = await createApp(store).request(path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
  }
  const script = CONTENT_SECURITY_POLICY.split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src"));
  assert.equal(script, "script-src 'self'");
  assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
});

test("static files: UI assets and vendored libraries served; traversal refused", async () => {
  const app = createApp(store);
  const page = await app.request(`/documents/${ids.docs.meet}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<script type="module" src="\/assets\/app.js">/);
  const js = await app.request("/assets/app.js");
  assert.match(js.headers.get("content-type") ?? "", /javascript/);
  for (const v of ["vis-timeline.js", "vis-timeline.css", "cytoscape.js"])
    assert.equal((await app.request(`/vendor/${v}`)).status, 200, v);
  for (const path of [
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/package.json",
    "/assets/../../package.json",
    "/assets/views/..%2f..%2f..%2fpackage.json",
    "/assets/.hidden",
    "/assets/%00app.js",
    "/assets/..%5c..%5cpackage.json",
    "/assets/%E0%A4%A",
    "/vendor/..%2fpackage.json",
    "/vendor/package.json",
    "/vendor/__proto__",
  ]) {
    const res = await app.request(path);
    assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
    assert.doesNotMatch(await res.text(), /"name": "dossier"/, path);
  }
});

test("OpenAPI document: valid JSON, a path for every API route and no path without a route", async () => {
  const r = await json("/openapi.json");
  assert.equal(r.status, 200);
  assert.match(r.body.openapi, /^3\./);
  const doc = JSON.parse(JSON.stringify(OPENAPI_DOCUMENT));
  const app = createApp(store);
  const routes = new Set(
    app.routes
      .filter(
        (rt) =>
          (rt.path.startsWith("/api/") && rt.path !== "/api/*") ||
          rt.path === "/healthz" ||
          rt.path === "/openapi.json",
      )
      .filter((rt) => rt.method !== "ALL")
      .map((rt) => `${rt.method.toLowerCase()} ${rt.path.replace(/:(\w+)/g, "{$1}")}`),
  );
  const documented = new Set(
    Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    ),
  );
  assert.deepEqual(
    [...routes].filter((r) => !documented.has(r)),
    [],
    "routes missing from the OpenAPI document",
  );
  assert.deepEqual(
    [...documented].filter((d) => !routes.has(d)),
    [],
    "documented paths without a route",
  );
  for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses?: unknown }>>))
    for (const [m, op] of Object.entries(ops)) assert.ok(op.responses, `${m} ${p} has responses`);
  // Every $ref resolves.
  const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/(\w+)"/g) ?? [];
  for (const ref of refs) assert.ok(doc.components.schemas[ref.slice(22, -1)], `${ref} resolves`);
});

test("OpenAPI document: every JSON answer the routes give parses with the schema it documents", async () => {
  const app = createApp(store, {
    ingest: async (files) => ({
      files: files.map((f) => ({ source: f.name, status: "ingested" as const, doc: "d_x" })),
      build: "queued",
    }),
  });
  const cases: Array<[string, z.ZodType, RequestInit?]> = [
    ["/healthz", answers.Health],
    ["/api/overview", answers.Overview],
    ["/api/documents", answers.DocumentPage],
    [`/api/documents/${ids.docs.meet}`, answers.DocumentDetail],
    ["/api/entities", answers.EntityPage],
    [`/api/entities/${ids.entities.lavrov}`, answers.EntityProfile],
    [`/api/timeline?entity=${ids.entities.lavrov}`, answers.TimelinePage],
    [`/api/events/${ids.events.consult}`, answers.EventDetail],
    ["/api/quotes", answers.QuotePage],
    ["/api/claims", answers.ClaimPage],
    [`/api/claims/${ids.claims.shells}`, answers.ClaimDetail],
    ["/api/provisions", answers.ProvisionPage],
    ["/api/relations", answers.RelationPage],
    ["/api/links", answers.LinkPage],
    [`/api/search?q=Lavrov&entity=${ids.entities.lavrov}`, answers.SearchResult],
    [`/api/graph?entity=${ids.entities.lavrov}`, answers.Graph],
    ["/api/jobs", answers.Jobs],
    ["/api/documents?limit=0", answers.ErrorBody],
    ["/api/entities/e_nobody_by_that_name", answers.ErrorBody],
  ];
  const form = new FormData();
  form.append("files", new File(["some text"], "a.txt"));
  cases.push(["/api/ingest", answers.IngestResult, { method: "POST", body: form }]);
  for (const [path, schema, init] of cases) {
    const r = await json(path, init, app);
    const parsed = schema.safeParse(r.body);
    assert.ok(parsed.success, `${path}: ${parsed.error?.message}`);
  }
  // Lists must hold items, or the item schemas were not exercised.
  for (const path of [
    "/api/documents",
    "/api/quotes",
    "/api/claims",
    "/api/provisions",
    "/api/relations",
    "/api/links",
  ]) {
    assert.ok((await json(path, undefined, app)).body.items.length > 0, `${path} has items`);
  }
});

test("OpenAPI document: query parameters come from the zod schemas that validate them", () => {
  const doc = OPENAPI_DOCUMENT as any;
  const params = (path: string) => Object.fromEntries(doc.paths[path].get.parameters.map((p: any) => [p.name, p]));
  const timeline = params("/api/timeline");
  assert.deepEqual(timeline.from.schema.pattern, "^\\d{4}(-\\d{2}(-\\d{2})?)?$");
  assert.equal(timeline.type.schema.enum.length, 16, "PLOVER types");
  assert.deepEqual(timeline.limit.schema, { type: "integer", minimum: 1, default: 50 });
  assert.equal(params("/api/search").q.required, true);
  assert.deepEqual(params("/api/entities").type.schema.enum, ["person", "organization", "country", "place", "other"]);
  assert.equal(params("/api/graph").limit.schema.default, 600);
  assert.doesNotMatch(
    JSON.stringify(doc),
    /9007199254740991|"\$schema"/,
    "no zod safe-integer bounds or per-schema $schema",
  );
});

test("bearer token: a malformed Authorization header is a 400 with the challenge; tokens must be valid bearer tokens", async () => {
  const token = "s3cret-token-0123456789";
  const app = createApp(store, { token });
  const basic = await json("/api/overview", { headers: { authorization: "Basic dXNlcjpwYXNz" } }, app);
  assert.equal(basic.status, 400);
  assert.equal(basic.body.error.code, "BAD_INPUT");
  assert.match(basic.res.headers.get("www-authenticate") ?? "", /invalid_request/);
  const wrong = await json("/api/overview", { headers: { authorization: "Bearer not-the-token-at-all" } }, app);
  assert.match(wrong.res.headers.get("www-authenticate") ?? "", /invalid_token/);
  assert.equal(wrong.res.headers.get("cache-control"), "no-store");
  assert.throws(
    () => createApp(store, { token: "has spaces and ! in it" }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
});

test("cross-site writes: Sec-Fetch-Site cross-site or same-site from another origin is refused; scripts without browser headers pass", async () => {
  const app = createApp(store, {
    ingest: async (files) => ({
      files: files.map((f) => ({ source: f.name, status: "ingested" as const, doc: "d_x" })),
    }),
  });
  const upload = (headers: Record<string, string>) => {
    const form = new FormData();
    form.append("files", new File(["x"], "a.txt"));
    return json("http://localhost:8080/api/ingest", { method: "POST", body: form, headers }, app);
  };
  const cross = await upload({ "sec-fetch-site": "cross-site" });
  assert.equal(cross.status, 403);
  assert.deepEqual(cross.body, { error: { code: "UNAUTHORIZED", message: "cross-site request refused" } });
  assert.equal(cross.res.headers.get("x-frame-options"), "DENY");
  assert.equal(
    (await upload({ "sec-fetch-site": "same-site", origin: "http://localhost:3000" })).status,
    403,
    "another port is another origin",
  );
  assert.equal((await upload({ "sec-fetch-site": "same-origin", origin: "http://localhost:8080" })).status, 200);
  assert.equal((await upload({})).status, 200, "curl and scripts send neither header");
  // Not only form bodies: a cross-site write of any content type is refused before it reaches a route.
  const jsonWrite = await json(
    "http://localhost:8080/api/ingest",
    {
      method: "POST",
      body: JSON.stringify({ files: [] }),
      headers: { "content-type": "application/json", origin: "https://elsewhere.example" },
    },
    app,
  );
  assert.equal(jsonWrite.status, 403);
  const jsonCross = await json(
    "http://localhost:8080/api/ingest",
    { method: "POST", body: "{}", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" } },
    app,
  );
  assert.equal(jsonCross.status, 403);
  assert.equal(
    (await app.request("http://localhost:8080/api/overview", { headers: { "sec-fetch-site": "cross-site" } })).status,
    200,
    "reads stay open",
  );
});

test("security headers: exactly the ones the server has always sent, none of secureHeaders' other defaults", async () => {
  const res = await createApp(store).request("/api/overview");
  for (const absent of [
    "strict-transport-security",
    "x-xss-protection",
    "origin-agent-cluster",
    "x-dns-prefetch-control",
    "x-download-options",
    "x-permitted-cross-domain-policies",
  ]) {
    assert.equal(res.headers.get(absent), null, absent);
  }
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  assert.equal(res.headers.get("cross-origin-opener-policy"), "same-origin");
  assert.equal(res.headers.get("cross-origin-resource-policy"), "same-origin");
  assert.equal(res.headers.get("permissions-policy"), "camera=(), microphone=(), geolocation=()");
  assert.equal(res.headers.get("cache-control"), "no-store");
});

test("internal errors reach the operator, never the client", async () => {
  const reported: unknown[] = [];
  const broken = new Proxy(store, {
    get: (t, p) =>
      p === "getEntity" || p === "findEntities"
        ? async () => {
            throw new Error("SQLITE_CORRUPT: secret table layout");
          }
        : Reflect.get(t, p),
  });
  const r = await json("/api/entities/anything", undefined, createApp(broken, { report: (e) => reported.push(e) }));
  assert.equal(r.status, 500);
  assert.equal(r.body.error.code, "INTERNAL");
  assert.doesNotMatch(JSON.stringify(r.body), /SQLITE|secret/);
  assert.equal(reported.length, 1);
});

test("error mapping from DossierError codes", () => {
  assert.equal(toErrorResponse(new DossierError("NOT_FOUND", "x")).status, 404);
  assert.equal(toErrorResponse(new DossierError("USAGE", "x")).status, 400);
  assert.equal(toErrorResponse(new DossierError("TOO_LARGE", "x")).status, 413);
  assert.equal(toErrorResponse(new DossierError("UNAUTHORIZED", "x")).status, 401);
  assert.equal(toErrorResponse(new DossierError("UNSUPPORTED", "x")).status, 501);
  const seen: unknown[] = [];
  assert.equal(toErrorResponse(new DossierError("STORE", "db gone"), (e) => seen.push(e)).status, 503);
  assert.equal(seen.length, 1, "store failures are reported");
  assert.deepEqual(toErrorResponse(new DossierError("BAD_INPUT", "bad")).body, {
    error: { code: "BAD_INPUT", message: "bad" },
  });
});

test("over-long ids and names are refused quickly", async () => {
  assert.equal((await json(`/api/entities/${"x".repeat(5000)}`)).status, 400);
  assert.equal((await json(`/api/documents/${"d".repeat(5000)}`)).status, 404);
  assert.equal((await json(`/api/timeline?entity=${"x".repeat(501)}`)).status, 400);
});

test("unknown API routes answer JSON 404", async () => {
  const r = await json("/api/nothing/here");
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, "NOT_FOUND");
  assert.equal((await json("/api/documents", { method: "DELETE" })).status, 404);
});
