/**
 * The `dossier` command line (contract: ../shared/spec/cli-and-export.md).
 *
 * Exit codes: 0 success, 1 partial failure (some inputs failed) or not found, 2 usage error.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
import { DossierError, describeError } from "../util/errors.js";
import { VERSION } from "./version.js";

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = {
  out: (s) => process.stdout.write(s.endsWith("\n") ? s : s + "\n"),
  err: (s) => process.stderr.write(s.endsWith("\n") ? s : s + "\n"),
};

const HELP = `dossier ${VERSION} — evidence-first news intelligence

Usage: dossier <command> [options]

Commands:
  demo                              build ./dossier.db from examples/ and print a briefing
  ingest <path|dir|url|->...        ingest files (.txt .html .htm .json .jsonl .gz), dirs, URLs, stdin
        [--db DB] [--max-bytes N] [--queue] [--no-build]
  extract <file|->...               clean pages and print one JSON object per input (stores nothing)
  export --format jsonl|csv|gexf|ftm|plover [--db DB] [--out PATH]
  serve [--db DB] [--port 8080] [--host 127.0.0.1]
  query timeline|entity NAME|claims|search TEXT [--json] [--db DB]
  build [--db DB] [--full] [--retry-failed]
                                    bring analyses and the knowledge base up to date (at once
                                    when nothing is stale; --full rebuilds it from every stored
                                    document; --retry-failed analyses again the documents whose
                                    analysis failed, which builds otherwise leave out)
  watch DIR [--db DB] [--settle-ms N]
                                    ingest DIR, then new and changed files as they appear
  feed add URL | feed list | feed poll [--db DB] [--delay-ms N]
                                    RSS/Atom/JSON Feed/news-sitemap sources: register, list,
                                    poll (conditional GET, one fetch per item)
  worker --db postgres://… [--concurrency N] [--drain]
                                    pull ingest jobs from the queue (--drain: stop when it is
                                    empty and rebuild the knowledge base)
  status [--db DB]                  documents, knowledge base and queue status

--db defaults to $DOSSIER_DB or ./dossier.db (SQLite); a postgres:// URL selects PostgreSQL.
`;

/** Parses argv for one command; unknown options are a usage error. */
function parse<O extends OptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new DossierError("USAGE", describeError(err));
  }
}

const dbOption = { db: { type: "string" as const } };

/**
 * Runs the CLI with the given arguments (without `node` and the script path).
 * @returns the process exit code
 */
export async function run(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case "--version":
      case "version":
        io.out(VERSION);
        return 0;
      case "demo":
        return await (await import("./demo.js")).demoCommand(
          parse(rest, { ...dbOption, quiet: { type: "boolean" } }).values,
          io,
        );
      case "ingest": {
        const p = parse(rest, {
          ...dbOption,
          "max-bytes": { type: "string" },
          queue: { type: "boolean" },
          "no-build": { type: "boolean" },
        });
        return await (await import("./ingest.js")).ingestCommand(p.positionals, p.values, io);
      }
      case "extract": {
        const p = parse(rest, { "max-bytes": { type: "string" } });
        return await (await import("./extract.js")).extractCommand(p.positionals, p.values, io);
      }
      case "export": {
        const p = parse(rest, {
          ...dbOption,
          format: { type: "string", short: "f", default: "jsonl" },
          out: { type: "string", short: "o" },
        });
        return await (await import("./export.js")).exportCommand(p.values, io);
      }
      case "serve": {
        const p = parse(rest, { ...dbOption, port: { type: "string", short: "p" }, host: { type: "string" } });
        return await (await import("./serve.js")).serveCommand(p.values, io);
      }
      case "query": {
        const { QUERY_OPTIONS } = await import("./query.js");
        const p = parse(rest, { ...dbOption, ...QUERY_OPTIONS });
        return await (await import("./query-command.js")).queryCommand(rest, p.values, io);
      }
      case "build": {
        const p = parse(rest, {
          ...dbOption,
          full: { type: "boolean" },
          force: { type: "boolean" },
          "retry-failed": { type: "boolean" },
        });
        return await (await import("./ingest.js")).buildCommand(p.values, io);
      }
      case "watch": {
        const p = parse(rest, { ...dbOption, "settle-ms": { type: "string" }, "max-bytes": { type: "string" } });
        if (p.positionals.length !== 1) throw new DossierError("USAGE", "watch needs one directory");
        return await (await import("./watch.js")).watchCommand(p.positionals[0]!, p.values, io);
      }
      case "feed": {
        const p = parse(rest, { ...dbOption, "delay-ms": { type: "string" }, json: { type: "boolean" } });
        return await (await import("./feed.js")).feedCommand(p.positionals, p.values, io);
      }
      case "worker": {
        const p = parse(rest, { ...dbOption, concurrency: { type: "string", short: "c" }, drain: { type: "boolean" } });
        return await (await import("./worker.js")).workerCommand(p.values, io);
      }
      case "status": {
        const p = parse(rest, { ...dbOption, json: { type: "boolean" } });
        return await (await import("./worker.js")).statusCommand(p.values, io);
      }
      default:
        io.err(`dossier: unknown command '${command}'\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof DossierError) {
      io.err(`dossier ${command}: ${err.message}`);
      return err.code === "USAGE" ? 2 : err.code === "NOT_FOUND" ? 1 : 1;
    }
    io.err(`dossier ${command}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
