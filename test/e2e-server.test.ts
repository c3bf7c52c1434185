/**
 * End to end over a real port: the project's example corpus goes through the real pipeline into a
 * SQLite file, the server starts on 127.0.0.1, and the API is exercised with fetch: every evidence
 * span served must match its document's text, uploads go through the real ingest, and the network
 * guards (token, Host check, non-loopback refusal, port in use) hold.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../src/store/sqlite/index.js";
import { ingestAndBuild } from "../src/pipeline/index.js";
import { uploadIngester } from "../src/cli/serve.js";
import { startServer, type RunningServer } from "../src/server/index.js";
import type { Store } from "../src/store/store.js";
import { DossierError } from "../src/util/errors.js";
import { packageRoot } from "../src/util/paths.js";

let dir: string;
let store: Store;
let server: RunningServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dossier-e2e-"));
  store = createSqliteStore(join(dir, "e2e.db"));
  await store.init();
  await ingestAndBuild(store, [join(packageRoot(), "examples")]);
  server = await startServer({ store, port: 0, host: "127.0.0.1", ingest: uploadIngester(store) });
});

after(async () => {
  await server?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(server.url + path, { headers });
  assert.equal(res.status, 200, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res.json();
}

test("health, UI shell and OpenAPI over a real port", async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(await get("/healthz"), { ok: true, backend: "sqlite" });
  const page = await fetch(`${server.url}/timeline`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
  assert.match((await get("/openapi.json")).openapi, /^3\./);
});

test("every evidence span the API serves for the example corpus matches its document", async () => {
  const docs = await get("/api/documents?limit=500");
  assert.ok(docs.total >= 5, `example corpus ingested (${docs.total} documents)`);
  const texts = new Map<string, string>();
  let checked = 0;
  for (const d of docs.items) {
    const detail = await get(`/api/documents/${d.id}`);
    texts.set(d.id, detail.text);
    for (const s of [...detail.evidence.mentions, ...detail.evidence.quotes, ...detail.evidence.spans]) {
      assert.equal(detail.text.slice(s.start, s.end), s.text, `${d.id}:${s.start}-${s.end}`);
      checked++;
    }
  }
  const check = (spans: Array<{ doc: string; start: number; end: number; text: string }>) => {
    for (const s of spans) {
      assert.equal(texts.get(s.doc)?.slice(s.start, s.end), s.text, `${s.doc}:${s.start}-${s.end}`);
      checked++;
    }
  };
  check((await get("/api/timeline?limit=500")).items.flatMap((e: { evidence: [] }) => e.evidence));
  check((await get("/api/claims?limit=500")).items.flatMap((c: { evidence: [] }) => c.evidence));
  check((await get("/api/relations?limit=500")).items.flatMap((r: { evidence: [] }) => r.evidence));
  check((await get("/api/provisions?limit=500")).items.flatMap((p: { evidence: [] }) => p.evidence));
  check((await get("/api/quotes?limit=500")).items);
  assert.ok(checked > 50, `checked ${checked} spans`);
  const lavrov = await get("/api/timeline?entity=Lavrov");
  assert.ok(lavrov.entity, "Lavrov resolves to an entity");
  assert.ok((await get("/api/search?q=Lavrov")).total > 0);
  const graph = await get("/api/graph");
  assert.ok(graph.nodes.length > 0 && graph.edges.length > 0);
});

test("upload ingest through the real pipeline: ingested, then duplicate; a binary file fails alone", async () => {
  const text =
    "Dossier end-to-end check. A freight train of the Zephyrine Railway carried grain from Vladivostok to Rason on Tuesday, officials of the railway said.";
  const form = new FormData();
  form.append("files", new File([text], "zephyrine.txt", { type: "text/plain" }));
  form.append("files", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0])], "image.png"));
  const res = await fetch(`${server.url}/api/ingest`, { method: "POST", body: form });
  const body = (await res.json()) as { files: Array<{ source: string; status: string; reason?: string }> };
  assert.equal(res.status, 200, JSON.stringify(body));
  const byName = new Map(body.files.map((f) => [f.source, f]));
  assert.equal(byName.get("zephyrine.txt")?.status, "ingested");
  assert.equal(byName.get("image.png")?.status, "failed");
  assert.ok(byName.get("image.png")?.reason, "a failure says why");
  assert.ok((await get("/api/search?q=Zephyrine")).total >= 1, "the upload is searchable");
  const again = new FormData();
  again.append("files", new File([text], "zephyrine-copy.txt"));
  const dup = (await (await fetch(`${server.url}/api/ingest`, { method: "POST", body: again })).json()) as {
    files: Array<{ status: string }>;
  };
  assert.equal(dup.files[0].status, "duplicate");
});

test("export over HTTP streams the whole knowledge base", async () => {
  const res = await fetch(`${server.url}/api/export?format=jsonl`);
  assert.equal(res.status, 200);
  const lines = (await res.text()).trimEnd().split("\n");
  let expected = 0;
  for await (const r of store.exportRecords()) if (r.kind !== "link") expected++;
  assert.equal(lines.length, expected);
  for (const l of lines) JSON.parse(l);
});

test("a Host header other than the loopback names is refused (DNS rebinding)", async () => {
  const { port } = new URL(server.url);
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/api/overview", headers: { Host: `rebind.example:${port}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end();
  });
  assert.equal(status, 421);
});

test("serving beyond loopback needs a token; with a token, data routes need the bearer", async () => {
  await assert.rejects(
    startServer({ store, port: 0, host: "0.0.0.0" }),
    (e: unknown) => e instanceof DossierError && e.code === "UNAUTHORIZED" && /DOSSIER_TOKEN/.test(e.message),
  );
  await assert.rejects(
    startServer({ store, port: 0, host: "192.168.1.10", token: "" }),
    (e: unknown) => e instanceof DossierError && e.code === "UNAUTHORIZED",
  );
  await assert.rejects(
    startServer({ store, port: 0, host: "0.0.0.0", token: "short" }),
    (e: unknown) => e instanceof DossierError && e.code === "BAD_INPUT",
  );
  const token = "e2e-token-abcdefghijklmnop";
  const guarded = await startServer({ store, port: 0, host: "127.0.0.1", token });
  try {
    assert.equal((await fetch(`${guarded.url}/api/overview`)).status, 401);
    assert.equal(
      (await fetch(`${guarded.url}/api/overview`, { headers: { Authorization: "Bearer nope" } })).status,
      401,
    );
    assert.equal(
      (await fetch(`${guarded.url}/api/overview`, { headers: { Authorization: `Bearer ${token}` } })).status,
      200,
    );
    assert.equal((await fetch(`${guarded.url}/healthz`)).status, 200);
  } finally {
    await guarded.close();
  }
});

test("a port in use is a clear error", async () => {
  const { port } = new URL(server.url);
  await assert.rejects(
    startServer({ store, port: Number(port), host: "127.0.0.1" }),
    (e: unknown) => e instanceof DossierError && /already in use/.test(e.message),
  );
});
