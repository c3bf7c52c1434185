import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | null = null;

/** The package root (the folder holding package.json), whether running from src/ (tsx) or dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  root = dir;
  return dir;
}

/** Path of a file in the repo's `data/` folder (gazetteers, model weights, lexicons). */
export function dataPath(...parts: string[]): string {
  return join(packageRoot(), "data", ...parts);
}
