#!/usr/bin/env node
// Entry point of the `dossier` command. The TypeScript sources are compiled to
// dist/ by `npm ci` (the `prepare` script) or `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("dossier: not built yet; run `npm run build` (npm ci does it for you)\n");
  process.exit(2);
}
// `dossier export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
// Commands that may build the knowledge base run with a bounded heap (src/util/heap-bound.ts,
// decision 133): this process re-runs itself once with the bound and waits for the child.
const BUILDING = new Set(["demo", "ingest", "build", "serve", "watch", "feed", "worker"]);
const argv = process.argv.slice(2);
if (BUILDING.has(argv[0])) {
  const { followParent, rerunWithBoundedHeap } = await import(
    new URL("../dist/src/util/heap-bound.js", import.meta.url).href
  );
  followParent();
  let code;
  try {
    code = await rerunWithBoundedHeap(fileURLToPath(import.meta.url), argv);
  } catch (err) {
    // a bad DOSSIER_MAX_HEAP_MB (USAGE) or a child that cannot start: one line, like every command error
    process.stderr.write(`dossier ${argv[0]}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err?.code === "USAGE" ? 2 : 1);
  }
  if (code !== null) {
    process.exitCode = code;
  } else {
    const { run } = await import(main.href);
    process.exitCode = await run(argv);
  }
} else {
  const { run } = await import(main.href);
  process.exitCode = await run(argv);
}
