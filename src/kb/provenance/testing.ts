/**
 * Test helpers for the provenance tests: locating the shared seed corpus at run time (the seeds
 * are never copied into the repo) from the package root, so compiled tests find them too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../util/paths.js";

/** Folder of the shared seed articles, or null when this checkout has none. */
export function seedDir(): string | null {
  const dir = join(packageRoot(), "..", "shared", "corpus", "seeds");
  return existsSync(dir) ? dir : null;
}

/** Seed texts by their number ("000" … "004"); empty when the seeds are not available. */
export function readSeeds(): Map<string, string> {
  const dir = seedDir();
  const out = new Map<string, string>();
  if (!dir) return out;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".txt")) out.set(f.slice(0, 3), readFileSync(join(dir, f), "utf8"));
  }
  return out;
}
