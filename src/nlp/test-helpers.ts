/**
 * Test helpers for the language layer: the seed articles, read at run time from the shared corpus
 * (never copied into the repo), with the publish dates their pages carry.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../util/paths.js";

/** One seed article. */
export interface Seed {
  file: string;
  text: string;
  /** Publish date stated by the page (metadata), for anchoring relative dates. */
  published: string | null;
}

/** Publish dates of the seeds by file-name prefix, as their source pages state them. */
const SEED_DATES: Record<string, string> = {
  "000": "2024-05-15",
  "001": "2024-06-21",
  "002": "2023-09-20",
  "003": "2024-06-21",
  "004": "2023-10-20",
};

/** Folder of the seed corpus (`../shared/corpus/seeds` next to the package). */
export function seedDir(): string {
  return join(packageRoot(), "..", "shared", "corpus", "seeds");
}

/** Whether the seed corpus is reachable (tests skip, saying why, when it is not). */
export function seedsAvailable(): boolean {
  return existsSync(seedDir());
}

/** All seed articles, sorted by file name. */
export function loadSeeds(): Seed[] {
  const dir = seedDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => ({
      file,
      text: readFileSync(join(dir, file), "utf8"),
      published: SEED_DATES[file.slice(0, 3)] ?? null,
    }));
}
