#!/usr/bin/env node
/**
 * Writes a synthetic benchmark corpus.
 *
 *   node dist/src/synth/cli.js --count 10000 --seed 1 --out /tmp/synth [--format files|jsonl]
 *        [--copy-rate 0.1] [--spin-rate 0.05] [--no-manifest]
 *   npx tsx src/synth/cli.ts …   (from a checkout, without building)
 *
 * Exit 0 on success, 2 on a usage error, 1 on any other failure.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { DossierError, describeError } from "../util/errors.js";
import { writeCorpus } from "./write.js";

const USAGE =
  "usage: synth --count N --out DIR [--seed S] [--format files|jsonl] [--copy-rate R] [--spin-rate R] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--no-manifest]";

function num(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new DossierError("USAGE", `--${name} must be a number, got "${v}"`);
  return n;
}

/** Runs the CLI on `argv` (without node and script). Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        count: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        format: { type: "string" },
        "copy-rate": { type: "string" },
        "spin-rate": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "no-manifest": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (!values.out || values.count === undefined) throw new DossierError("USAGE", "--count and --out are required");
    const format = values.format ?? "files";
    if (format !== "files" && format !== "jsonl")
      throw new DossierError("USAGE", `--format must be files or jsonl, got "${format}"`);
    const started = Date.now();
    const res = await writeCorpus({
      count: num(values.count, "count", 0),
      seed: num(values.seed, "seed", 1),
      out: values.out,
      format,
      copyRate: values["copy-rate"] === undefined ? undefined : num(values["copy-rate"], "copy-rate", 0.1),
      spinRate: values["spin-rate"] === undefined ? undefined : num(values["spin-rate"], "spin-rate", 0.05),
      from: values.from,
      to: values.to,
      manifest: !values["no-manifest"],
    });
    process.stderr.write(
      `synth: wrote ${res.articles} articles (${(res.bytes / 1e6).toFixed(1)} MB of text) to ${values.out} in ${Date.now() - started} ms\n`,
    );
    return 0;
  } catch (err) {
    const usage =
      (err instanceof DossierError && err.code === "USAGE") ||
      (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`synth: ${describeError(err)}\n${usage ? USAGE + "\n" : ""}`);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
