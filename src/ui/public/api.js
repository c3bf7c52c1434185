// JSON API client. Sends the bearer token when the server needs one (asked once, kept for the
// browser session only).

const TOKEN_KEY = "dossier.token";

/** An API error with the server's code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(extra) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

/** Stores the token for this browser session. */
export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function handle(res) {
  const type = res.headers.get("content-type") ?? "";
  const body = type.includes("application/json")
    ? await res.json()
    : { error: { code: "INTERNAL", message: await res.text() } };
  if (!res.ok)
    throw new ApiError(res.status, body?.error?.code ?? "INTERNAL", body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** GET /api/<path> with query params; resolves to the JSON body or throws ApiError. */
export async function get(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const url = `/api/${path}${q.toString() ? `?${q}` : ""}`;
  return handle(await fetch(url, { headers: headers() }));
}

let openApi;

/** The server's OpenAPI document (fetched once per page load). */
export function openApiDocument() {
  openApi ??= fetch("/openapi.json", { headers: headers() }).then(handle);
  return openApi;
}

/**
 * Allowed values of a query parameter, read from the server's own OpenAPI document so the UI never
 * restates the record model (e.g. the PLOVER event types of `/api/timeline?type=`).
 */
export async function parameterValues(path, name) {
  const doc = await openApiDocument();
  const param = (doc.paths?.[path]?.get?.parameters ?? []).find((p) => p.name === name);
  return param?.schema?.enum ?? [];
}

/** POST multipart files to /api/ingest. */
export async function upload(files) {
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  return handle(await fetch("/api/ingest", { method: "POST", body: form, headers: headers() }));
}

/** URL of an export download (a token-protected server needs the header: fetched as a blob). */
export async function download(format, kind) {
  const q = new URLSearchParams({ format });
  if (kind) q.set("kind", kind);
  const res = await fetch(`/api/export?${q}`, { headers: headers({ Accept: "*/*" }) });
  if (!res.ok) await handle(res);
  return res.blob();
}
