/**
 * Static files of the web UI: the app's own ES modules and CSS (`src/ui/public/`, shipped in the
 * package) and a short allow-list of vendored library files served straight from `node_modules`
 * (no build step a user must run). File names from the URL are confined to the UI folder: any
 * `..`, backslash, NUL or hidden segment is refused before the path is resolved, and the resolved
 * path must still lie inside the folder.
 */
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { packageRoot } from "../util/paths.js";
import { DossierError } from "../util/errors.js";

/** Folder of the UI's own files. */
export function uiRoot(): string {
  return join(packageRoot(), "src", "ui", "public");
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Content type for a file name (by extension), `application/octet-stream` when unknown. */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Checks a relative file name taken from a URL and resolves it inside `root`.
 * @throws DossierError BAD_INPUT for traversal attempts (`..`, absolute paths, backslashes, NUL,
 *   hidden segments, undecodable escapes)
 */
export function safeJoin(root: string, requested: string): string {
  let name: string;
  try {
    name = decodeURIComponent(requested);
  } catch {
    throw new DossierError("BAD_INPUT", "malformed file name");
  }
  if (!name || name.length > 200 || /[\0\\]/.test(name) || name.startsWith("/"))
    throw new DossierError("BAD_INPUT", "file name refused");
  const parts = name.split("/");
  if (parts.some((part) => part === "" || part === "." || part === ".." || part.startsWith(".")))
    throw new DossierError("BAD_INPUT", "file name refused");
  const base = resolve(root);
  const full = resolve(base, ...parts);
  if (!full.startsWith(base + sep)) throw new DossierError("BAD_INPUT", "file name refused");
  return full;
}

/** A file read for serving. */
export interface StaticFile {
  body: Uint8Array;
  type: string;
}

/**
 * Reads a UI file.
 * @throws DossierError NOT_FOUND when it does not exist, BAD_INPUT for refused names
 */
export async function readUiFile(requested: string): Promise<StaticFile> {
  const full = safeJoin(uiRoot(), requested);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) throw new DossierError("NOT_FOUND", `no UI file ${requested}`);
  return { body: new Uint8Array(await readFile(full)), type: contentType(full) };
}

/** Vendored library files: URL name → package and file inside it. */
export const VENDOR_FILES: Record<string, { pkg: string; file: string }> = {
  "vis-timeline.js": { pkg: "vis-timeline", file: "standalone/esm/vis-timeline-graph2d.min.js" },
  "vis-timeline.css": { pkg: "vis-timeline", file: "styles/vis-timeline-graph2d.min.css" },
  "cytoscape.js": { pkg: "cytoscape", file: "dist/cytoscape.esm.min.mjs" },
};

const vendorCache = new Map<string, StaticFile>();

/** Finds `node_modules/<pkg>/<file>` from the package root upwards (npm may hoist dependencies). */
function findInNodeModules(pkg: string, file: string): string | null {
  let dir = packageRoot();
  for (;;) {
    const candidate = join(dir, "node_modules", pkg, file);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * Reads an allow-listed vendor file (cached: these never change while the server runs).
 * @throws DossierError NOT_FOUND for names not on the list or packages not installed
 */
export async function readVendorFile(name: string): Promise<StaticFile> {
  const cached = vendorCache.get(name);
  if (cached) return cached;
  const entry = Object.hasOwn(VENDOR_FILES, name) ? VENDOR_FILES[name] : undefined;
  if (!entry) throw new DossierError("NOT_FOUND", `no vendor file ${name}`);
  const path = findInNodeModules(entry.pkg, entry.file);
  if (!path) throw new DossierError("NOT_FOUND", `${entry.pkg} is not installed (run npm ci)`);
  const file = { body: new Uint8Array(await readFile(path)), type: contentType(name) };
  vendorCache.set(name, file);
  return file;
}
